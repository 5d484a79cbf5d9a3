"""Token features for the learned attribution tagger (:mod:`helpers.speech.attribution_model`).

One sequence per paragraph; each token gets a list of feature strings. The same function makes
them for training (PolNeAR's articles) and for a run, so that what was learned is what is read.

The features: the word (lower case, suffix, shape, capitalisation) and its neighbours; hits of the
cue-verb lexicon (``data/cue_verbs.csv``) on and near the token, with the cue's kind; whether the
token is inside quotation marks; its place in the sentence and of the sentence in the paragraph;
the mention the rules found there (name, pronoun, role, organisation...); and the rules' own
decision: whether the token is inside a statement the rules found and of which kind, inside its
cue or inside the words naming its speaker.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+(?:'\w+)*|[^\w\s]")
_PRONOUNS = frozenset("he she they it we i you who which that his her their its".split())


@dataclass
class Sequence:
    """The tokens of one paragraph: their offsets in the article text and their features."""

    spans: list[tuple[int, int]]
    features: list[list[str]]


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if not word[0].isalnum():
        return "p" + word if word in "\"'.,:;-()?!" else "p"
    if word.isupper() and len(word) > 1:
        return "X"
    if word[0].isupper():
        return "Xx"
    return "x"


def _bucket(i: int) -> str:
    return str(i) if i < 3 else "3-5" if i < 6 else "6-10" if i < 11 else "11+"


class _Marks:
    """Which characters lie inside double quotation marks, paragraph by paragraph (by parity)."""

    def __init__(self, norm: str, paragraphs):
        self.inside: list[tuple[int, int]] = []
        for para in paragraphs:
            marks = [i for i in range(para.start, para.end) if norm[i] == '"']
            for a, b in zip(marks[0::2], marks[1::2]):
                self.inside.append((a, b))
        self._starts = [a for a, _ in self.inside]

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and self.inside[i][0] < pos < self.inside[i][1]


class _Intervals:
    """Labelled character intervals; the label covering a position (the innermost one found)."""

    def __init__(self, items: list[tuple[int, int, str]]):
        self.items = sorted(items)
        self._starts = [s for s, _, _ in self.items]
        self._reach = list(itertools.accumulate((e for _, e, _ in self.items), max))  # (furthest end so far)

    def labels_at(self, start: int, end: int) -> list[str]:
        out = []
        i = bisect.bisect_right(self._starts, start)
        if not i or self._reach[i - 1] < end:
            return out  # (no interval starting here or before reaches this far: most tokens)
        for s, e, label in self.items[max(0, i - 40):i]:
            if s <= start and end <= e:
                out.append(label)
        return out


def _mention_spans(norm: str, statement, window: int = 200) -> tuple[int, int] | None:
    """Where the words naming a rule statement's speaker stand near it (before or after)."""
    mention = str(statement.speaker_mention or "")
    if not mention:
        return None
    lo, hi = max(0, statement.context_start - 1), min(len(norm), statement.context_end + 1)
    lo = min(lo, max(0, statement.start - window))
    at = norm.rfind(mention, lo, statement.start)
    if at < 0:
        at = norm.find(mention, statement.end, max(hi, statement.end + window))
    return (at, at + len(mention)) if at >= 0 else None


def article_sequences(norm: str, paragraphs, sentences, cue_hits, mentions, statements) -> list[Sequence]:
    """Features of every body paragraph of one article.

    ``cue_hits``: the lexicon's cue matches (start, end, payload with ``kind``); ``mentions``: the
    rules' mentions; ``statements``: the rules' statements (objects with start, end, quote_type,
    cue_pos, cue, speaker_mention, context_start, context_end)."""
    marks = _Marks(norm, paragraphs)
    cues = _Intervals([(h.start, h.end, h.payload.kind) for h in cue_hits])
    found = _Intervals([(m.start, m.end, m.kind) for m in mentions])
    rule_items, rule_cues, rule_sources = [], [], []
    for s in statements:
        if s.quote_type == "narration":
            continue
        rule_items.append((s.start, s.end, s.quote_type))
        if s.cue_pos is not None and s.cue:
            rule_cues.append((s.cue_pos, s.cue_pos + len(s.cue), "cue"))
        where = _mention_spans(norm, s)
        if where:
            rule_sources.append((*where, "src"))
    rules, rule_cue, rule_src = _Intervals(rule_items), _Intervals(rule_cues), _Intervals(rule_sources)
    sentence_starts = [s.start for s in sentences]
    out = []
    for para in paragraphs:
        if para.region != 0:
            continue
        spans = [(para.start + m.start(), para.start + m.end()) for m in _TOKEN.finditer(norm[para.start:para.end])]
        if not spans:
            continue
        words = [norm[s:e] for s, e in spans]
        lowers = [w.lower() for w in words]
        shapes = [_shape(w) for w in words]
        cue_kinds = [cues.labels_at(s, e) for s, e in spans]
        is_cue = [bool(k) for k in cue_kinds]
        features = []
        first_sentence = bisect.bisect_right(sentence_starts, para.start) - 1
        sentence_of = [bisect.bisect_right(sentence_starts, s) - 1 for s, _ in spans]
        mention_kinds = [(found.labels_at(s, e) or ["-"])[0] for s, e in spans]
        sentence_cues: dict[int, set[str]] = {}
        for i, kinds in enumerate(cue_kinds):
            sentence_cues.setdefault(sentence_of[i], set()).update(kinds)
        position = 0
        seen_cue = False
        last_cue, last_word, since_cue, commas = "", "", 0, 0
        for i, ((s, e), word, low) in enumerate(zip(spans, words, lowers)):
            if i and sentence_of[i] != sentence_of[i - 1]:
                position, seen_cue = 0, False
                last_cue, last_word, since_cue, commas = "", "", 0, 0
            f = ["b", "w=" + low, "s3=" + low[-3:], "sh=" + shapes[i], "pos=" + _bucket(position),
                 "sent=" + _bucket(sentence_of[i] - first_sentence)]
            f.append("w-1=" + (lowers[i - 1] if i else "<p>"))
            f.append("w+1=" + (lowers[i + 1] if i + 1 < len(words) else "</p>"))
            f.append("w-2=" + (lowers[i - 2] if i > 1 else "<p>"))
            f.append("w+2=" + (lowers[i + 2] if i + 2 < len(words) else "</p>"))
            f.append("w-1w=" + (lowers[i - 1] if i else "<p>") + "|" + low)
            f.append("sh-1=" + (shapes[i - 1] if i else "<p>") + "|" + shapes[i])
            f.append("sh+1=" + (shapes[i + 1] if i + 1 < len(words) else "</p>"))
            if low in _PRONOUNS:
                f.append("pron")
            for kind in cue_kinds[i]:
                f.append("cue=" + kind)
            if any(is_cue[max(0, i - 3):i]):
                f.append("cue<3")
            if any(is_cue[i + 1:i + 4]):
                f.append("cue>3")
            if seen_cue:
                f.append("aftercue")
                f.append(f"last={last_cue}|{_bucket(since_cue)}")
                f.append("lastw=" + last_word)
            for kind in sorted(sentence_cues.get(sentence_of[i], ())):
                f.append("scue=" + kind)
            f.append("w|w+1=" + low + "|" + (lowers[i + 1] if i + 1 < len(words) else "</p>"))
            f.append("m-1=" + (mention_kinds[i - 1] if i else "<p>"))
            f.append("m+1=" + (mention_kinds[i + 1] if i + 1 < len(words) else "</p>"))
            f.append("commas=" + _bucket(commas))
            f.append("q=" + ("in" if marks.covers(s) else "out"))
            f.append("m=" + mention_kinds[i])
            kinds = rules.labels_at(s, e)
            f.append("r=" + (kinds[-1] if kinds else "none"))
            if rule_cue.labels_at(s, e):
                f.append("rcue")
            if rule_src.labels_at(s, e):
                f.append("rsrc")
            features.append(f)
            seen_cue = seen_cue or is_cue[i]
            if is_cue[i]:
                last_cue, last_word, since_cue = cue_kinds[i][0], low, 0
            else:
                since_cue += 1
            commas += word == ","
            position += 1
        out.append(Sequence(spans, features))
    return out
