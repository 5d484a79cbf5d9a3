"""The stance step: toward which targets, and how, each statement of one article speaks.

Fields of a row: :data:`helpers.analysis.STANCE_COLUMNS` (described in :mod:`helpers.analysis`).
"""

from __future__ import annotations

from functools import lru_cache

from . import analysis, statement_step
from .speech import lexicon as lexicon_module
from .speech.mentions import MentionFinder
from .stance import rules as stance
from .stance import targets as targets_module
from .text.phrases import PhraseIndex
from .text.segment import paragraphs, sentences
from .text.textnorm import for_matching

#: quotation marks as :func:`helpers.text.textnorm.for_matching` leaves them
_OPENING_MARKS = ('"', "'")


@lru_cache(maxsize=4)
def stance_index(targets_key: int, cues_key: int, with_lexicon: bool) -> PhraseIndex:
    """One phrase index for the stance step: target aliases, stance cues (and the lexicon's phrases,
    unless the statements step has just found them)."""
    index = PhraseIndex()
    if with_lexicon:
        lexicon_module.load_lexicon().add_to(index)
    targets_module.add_to(index, targets_module.load_targets())
    stance.add_to(index, stance.load_cues()[0])
    return index


def config_ids() -> tuple[int, int]:
    return id(targets_module.load_targets()), id(stance.load_cues()[0])


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
    keys = (id(targets), id(cues))
    remembered = statement_step.recall((article["article_id"], id(lx)))
    if remembered is not None:
        lexicon_hits, mentions, sentence_starts = remembered
        hits = dict(lexicon_hits, **stance_index(*keys, False).scan(norm))  # (each category is matched alone)
    else:
        hits = stance_index(*keys, True).scan(norm)
        quote_ranges = [(int(s["char_start"]), int(s["char_end"])) for s in statements
                        if s["quote_type"] not in ("narration", "comment")]
        cue_starts = {h.start for h in hits["cue"]}
        mentions = MentionFinder(text, norm, analysis.published_date(article), lx, quote_ranges, cue_starts, hits).find()
        sentence_starts = [s.start for s in sentences(norm, paragraphs(norm, _regions(article, comments)))]
    finder = targets_module.TargetFinder(norm, analysis.published_date(article), mentions, sentence_starts, lx, targets, membership,
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
