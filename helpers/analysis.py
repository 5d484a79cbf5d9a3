"""The per-article steps: statements (who said what) and stances (toward whom, how).

Both are plain functions of one article record, so that they can run in-process, in a Dask
task, or from the incremental store, and give the same rows.

``statements`` fields: statement_id, article_id, file, outlet, published, speaker,
speaker_kind (person, organisation, source, author, commenter, unknown), speaker_mention (the
words that named the speaker), quote_type (direct, partial, block, tweet, indirect, comment,
narration), text, char_start, char_end (offsets into the article text), cue,
attribution_confidence (0…1), attribution_method, context (the sentence(s) the statement
came from) with context_start and context_end, nested_in (statement_id of the quotation it sits inside), polarity and
subjectivity (TextBlob), vader_compound (VADER).

``stances`` fields: statement_id, target, stance (favor, against, neutral), score (−1…1),
evidence (the cues that decided it and how the target was recognised).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from datetime import date
from functools import lru_cache

from . import dates, stance
from . import lexicon as lexicon_module
from . import targets as targets_module
from .mentions import MentionFinder
from .phrases import PhraseIndex
from .segment import paragraphs, sentences
from .statements import analyse_article
from .textnorm import for_matching

STATEMENT_COLUMNS = [
    "statement_id", "article_id", "file", "outlet", "published", "speaker", "speaker_kind", "speaker_mention",
    "quote_type", "text", "char_start", "char_end", "cue", "attribution_confidence", "attribution_method",
    "context", "context_start", "context_end", "nested_in", "polarity", "subjectivity", "vader_compound",
]
STANCE_COLUMNS = ["statement_id", "target", "stance", "score", "evidence"]
#: quotation marks as :func:`helpers.textnorm.for_matching` leaves them
_OPENING_MARKS = ('"', "'")
_INTS = {"char_start", "char_end", "context_start", "context_end"}
_FLOATS = {"attribution_confidence", "polarity", "subjectivity", "vader_compound", "score"}


def conform(frame, columns: list[str]):
    """The tables' one schema, whichever path produced them (fresh, from the store, from Dask)."""
    import pandas as pd

    frame = frame.reindex(columns=columns)
    types = {c: ("int64" if c in _INTS else "float64" if c in _FLOATS else "str") for c in columns}
    return frame.astype(types).reset_index(drop=True) if len(frame) else pd.DataFrame(
        {c: pd.Series(dtype=t) for c, t in types.items()})


def _value(article: dict, key: str) -> str:
    value = article.get(key)
    return value if isinstance(value, str) and value else ""


def narrator_of(article: dict) -> str:
    """The writer's voice: the author, else the outlet, else 'unknown author'."""
    return _value(article, "author") or _value(article, "outlet") or "unknown author"


def statement_id(article_id: str, start: int, end: int, quote_type: str) -> str:
    return hashlib.sha1(f"{article_id}:{start}:{end}:{quote_type}".encode()).hexdigest()[:16]


def input_key(article: dict) -> str:
    """Everything about an article that its statements depend on besides the configuration:
    its text (the article_id), its date (roles are resolved by date) and its narrator."""
    parts = (article["article_id"], _value(article, "published"), narrator_of(article))
    return hashlib.sha1("\0".join(parts).encode()).hexdigest()[:16]


def _word_at(norm: str, words: str, start: int, end: int) -> list[tuple[int, int]]:
    """The first place ``words`` stand as whole words in ``norm[start:end]`` ("he", not the "he" of "the")."""
    at = norm.find(words, start, end)
    while at >= 0:
        stop = at + len(words)
        if (at == 0 or not norm[at - 1].isalnum()) and (stop >= len(norm) or not norm[stop].isalnum()):
            return [(at, stop)]
        at = norm.find(words, at + 1, end)
    return []


def _frames_inside(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """The writer's frames between the pieces of one quotation ('"A," he said. "B."'): the text from
    a closing mark to the next opening mark. The statement starts inside the first piece, so its
    marks alternate closing, opening."""
    marks = [i for i in range(start, end) if norm[i] in '"\u201c\u201d']
    frames, closing = [], None
    for i in marks:
        if closing is None and norm[i] != "\u201c":
            closing = i
        elif closing is not None and norm[i] != "\u201d":
            if i - closing <= 160:
                frames.append((closing, i + 1))
            closing = None
    return frames


def _published(article: dict) -> date | None:
    return dates.parse_date(_value(article, "published"))


def article_statements(article: dict, comments: list[dict], settings: dict) -> list[dict]:
    """Statements of one article as table rows (see module docstring for the fields)."""
    text = article["text"]
    comment_spans = [(int(c["char_start"]), int(c["char_end"]), str(c["handle"])) for c in comments]
    # one pass finds the phrases of both steps; the stance step reuses them with the mentions and
    # sentences (they depend only on the text and the configuration, so the result is the same)
    keys = _config_ids()
    hits = _stance_index(*keys, True).scan(for_matching(text))
    analyser = analyse_article(text, int(article["body_end"]), comment_spans, _published(article),
                               narrator_of(article), "author", settings, hits=hits)
    found = analyser.statements
    _remember((article["article_id"], *keys), hits, analyser.mentions, [s.start for s in analyser.sentences])
    found = sorted(found, key=lambda s: (s.start, s.end, s.quote_type))
    ids = [statement_id(article["article_id"], s.start, s.end, s.quote_type) for s in found]
    id_of = {id(s): sid for s, sid in zip(found, ids)}
    from . import sentiment  # imports TextBlob and VADER: only when there is something to score

    rows = []
    for s, sid in zip(found, ids):
        body = text[s.start:s.end]
        polarity, subjectivity, compound = sentiment.score(body)
        rows.append({
            "statement_id": sid, "article_id": article["article_id"], "file": article["file"],
            "outlet": _value(article, "outlet") or None, "published": _value(article, "published") or None,
            "speaker": s.speaker, "speaker_kind": s.speaker_kind, "speaker_mention": s.speaker_mention,
            "quote_type": s.quote_type, "text": body, "char_start": s.start, "char_end": s.end, "cue": s.cue,
            "attribution_confidence": round(float(s.confidence), 3), "attribution_method": s.method,
            "context": text[s.context_start:s.context_end], "context_start": s.context_start,
            "context_end": s.context_end,
            "nested_in": id_of.get(id(s.nested_in)) if s.nested_in is not None else None,
            "polarity": polarity, "subjectivity": subjectivity, "vader_compound": compound,
        })
    return rows


@lru_cache(maxsize=4)
def _stance_index(lexicon_key: int, targets_key: int, cues_key: int, with_lexicon: bool):
    """One phrase index for the stance step: target aliases, stance cues (and the lexicon)."""
    index = PhraseIndex()
    if with_lexicon:
        lexicon_module.load_lexicon().add_to(index)
    targets_module.add_to(index, targets_module.load_targets())
    stance.add_to(index, stance.load_cues()[0])
    return index


#: Mentions and phrase hits found by the statements step, by (article_id, lexicon), reused by the
#: stance step in the same process. Mentions do not depend on anything else, so reusing them
#: gives exactly the result of recomputing them.
_MEMO: "OrderedDict[tuple[str, int], tuple[dict, list]]" = OrderedDict()
_MEMO_SIZE = 512


def _config_ids() -> tuple[int, int, int]:
    return id(lexicon_module.load_lexicon()), id(targets_module.load_targets()), id(stance.load_cues()[0])


def _remember(key: tuple, hits: dict, mentions: list, sentence_starts: list[int]) -> None:
    _MEMO[key] = (hits, mentions, sentence_starts)
    _MEMO.move_to_end(key)
    while len(_MEMO) > _MEMO_SIZE:
        _MEMO.popitem(last=False)


def _regions(article: dict, comments: list[dict]) -> list[tuple[int, int, int]]:
    """The article body and each reader comment: sentences never cross them."""
    spans = sorted((int(c["char_start"]), int(c["char_end"])) for c in comments)
    return [(0, int(article["body_end"]), 0)] + [(s, e, i + 1) for i, (s, e) in enumerate(spans)]


def article_stances(article: dict, statements: list[dict], comments: list[dict] = ()) -> list[dict]:
    """Stance rows (statement × target) for one article's statements."""
    text = article["text"]
    norm = for_matching(text)
    lx = lexicon_module.load_lexicon()
    targets = targets_module.load_targets()
    cues, _, membership = stance.load_cues()
    keys = _config_ids()
    remembered = _MEMO.pop((article["article_id"], *keys), None)
    if remembered is not None:
        hits, mentions, sentence_starts = remembered
    else:
        hits = _stance_index(*keys, True).scan(norm)
        quote_ranges = [(int(s["char_start"]), int(s["char_end"])) for s in statements
                        if s["quote_type"] not in ("narration", "comment")]
        cue_starts = {h.start for h in hits["cue"]}
        mentions = MentionFinder(text, norm, _published(article), lx, quote_ranges, cue_starts, hits).find()
        sentence_starts = [s.start for s in sentences(norm, paragraphs(norm, _regions(article, comments)))]
    finder = targets_module.TargetFinder(norm, _published(article), mentions, sentence_starts, lx, targets, membership,
                                         hits)
    organisations = {t.name for t in targets if t.kind == "organisation"}
    nested: dict[str, list[tuple[int, int]]] = {}
    for s in statements:
        if s.get("nested_in"):
            nested.setdefault(s["nested_in"], []).append((int(s["char_start"]), int(s["char_end"])))
    rows = []
    for s in statements:
        start, end = int(s["char_start"]), int(s["char_end"])
        exclude = nested.get(s["statement_id"], [])
        speaker = s["speaker"]
        # a tweet reported as a clause ('said on Twitter that Labour had been "humiliated"') reads like
        # a partial quotation: its words outside the marks are the speaker's, not a frame
        # (a whole tweet set out as a block has no marks at all: it is not one)
        tweet_clause = s["quote_type"] == "tweet" and norm[start - 1:start] not in _OPENING_MARKS \
            and '"' in norm[start:end]
        reported = s["quote_type"] in ("indirect", "partial") or tweet_clause
        if s["quote_type"] == "partial" or tweet_clause:
            # a fragment's target is often outside the marks: "calling them "awful"", "by Miliband's words"
            start, end = min(start, int(s.get("context_start", start))), max(end, int(s.get("context_end", end)))
        elif s["quote_type"] == "indirect" and s.get("cue"):
            # the reporting verb can be the stance itself: "Corbyn congratulated Mr Galloway"
            verb = _word_at(norm, str(s["cue"]), max(int(s.get("context_start", start)), start - 60), start)
            start = verb[0][0] if verb else start
        own = []
        if s["quote_type"] != "narration" and s.get("speaker_mention"):
            # the speaker's own description inside a quotation's frame ('one Labour MP said') is not a target
            own = _word_at(norm, str(s["speaker_mention"]), start, end)
        if s["quote_type"] in ("direct", "tweet", "block") and not tweet_clause:
            own += _frames_inside(norm, int(s["char_start"]), int(s["char_end"]))
        found = finder.find(start, end, speaker, exclude + own, reported, s.get("speaker_kind") or "person")
        if not found:
            continue
        anchors = finder.anchors(start, end, speaker, found, exclude + own, reported)
        results = stance.decide(norm, start, end, found, anchors, s["quote_type"] == "narration", exclude + own,
                                organisations,
                                hits["stance"])
        for result in sorted(results, key=lambda r: r.target):
            rows.append({"statement_id": s["statement_id"], "target": result.target, "stance": result.stance,
                         "score": result.score, "evidence": result.evidence})
    return rows
