"""The statements step: who said what in one article, as table rows.

Fields of a row: :data:`helpers.analysis.STATEMENT_COLUMNS` (described in :mod:`helpers.analysis`).
"""

from __future__ import annotations

from collections import OrderedDict

from . import analysis
from .speech import lexicon as lexicon_module
from .speech.statements import analyse_article
from .text.textnorm import for_matching

#: Mentions and the lexicon's phrase hits found by this step, by (article_id, lexicon), reused by
#: the stance step in the same process. They depend only on the text and the lexicon, so reusing
#: them gives exactly the result of recomputing them.
_MEMO: "OrderedDict[tuple[str, int], tuple[dict, list, list]]" = OrderedDict()
_MEMO_SIZE = 512


def remember(key: tuple, hits: dict, mentions: list, sentence_starts: list[int]) -> None:
    _MEMO[key] = (hits, mentions, sentence_starts)
    _MEMO.move_to_end(key)
    while len(_MEMO) > _MEMO_SIZE:
        _MEMO.popitem(last=False)


def recall(key: tuple) -> tuple[dict, list, list] | None:
    """What :func:`article_statements` found for ``key`` in this process (once), or None."""
    return _MEMO.pop(key, None)


def article_statements(article: dict, comments: list[dict], settings: dict) -> list[dict]:
    """Statements of one article as table rows (see module docstring for the fields)."""
    text = article["text"]
    comment_spans = [(int(c["char_start"]), int(c["char_end"]), str(c["handle"])) for c in comments]
    lexicon = lexicon_module.load_lexicon()
    hits = lexicon.scan(for_matching(text))
    analyser = analyse_article(text, int(article["body_end"]), comment_spans, analysis.published_date(article),
                               analysis.narrator_of(article), "author", settings, hits=hits)
    found = analyser.statements
    remember((article["article_id"], id(lexicon)), hits, analyser.mentions, [s.start for s in analyser.sentences])
    found = sorted(found, key=lambda s: (s.start, s.end, s.quote_type))
    ids = [analysis.statement_id(article["article_id"], s.start, s.end, s.quote_type) for s in found]
    id_of = {id(s): sid for s, sid in zip(found, ids)}
    from .sentiment import scores as sentiment  # imports TextBlob and VADER: only when there is something to score

    rows = []
    for s, sid in zip(found, ids):
        body = text[s.start:s.end]
        polarity, subjectivity, compound = sentiment.score(body)
        rows.append({
            "statement_id": sid, "article_id": article["article_id"], "file": article["file"],
            "outlet": analysis.field(article, "outlet") or None, "published": analysis.field(article, "published") or None,
            "speaker": s.speaker, "speaker_kind": s.speaker_kind, "speaker_mention": s.speaker_mention,
            "quote_type": s.quote_type, "text": body, "char_start": s.start, "char_end": s.end, "cue": s.cue,
            "attribution_confidence": round(float(s.confidence), 3), "attribution_method": s.method,
            "context": text[s.context_start:s.context_end], "context_start": s.context_start,
            "context_end": s.context_end,
            "nested_in": id_of.get(id(s.nested_in)) if s.nested_in is not None else None,
            "polarity": polarity, "subjectivity": subjectivity, "vader_compound": compound,
        })
    return rows
