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


@dataclass
class ParagraphTokens:
    """What the features of one paragraph's tokens are made of, token by token (see
    :func:`token_features`). ``sentence``: the token's sentence counted from the paragraph's
    first; ``position``, ``seen_cue``, ``last_cue``, ``last_word``, ``since_cue``, ``commas``: the
    running state of its sentence before the token (the last cue word seen and how far back)."""

    spans: list[tuple[int, int]]
    lowers: list[str]
    shapes: list[str]
    cue_kinds: list[list[str]]
    is_cue: list[bool]
    mention_kinds: list[str]
    sentence_cues: list[list[str]]
    sentence: list[int]
    position: list[int]
    seen_cue: list[bool]
    last_cue: list[str]
    last_word: list[str]
    since_cue: list[int]
    commas: list[int]
    quoted: list[bool]
    rule_kind: list[str]
    rule_cue: list[bool]
    rule_source: list[bool]


class _ArticleMarks:
    """The article-wide intervals the features read: quotation marks, cue hits, the rules' mentions,
    statements, their cues and the words naming their speakers."""

    def __init__(self, norm: str, paragraphs, sentences, cue_hits, mentions, statements):
        self.quotes = _Marks(norm, paragraphs)
        self.cues = _Intervals([(h.start, h.end, h.payload.kind) for h in cue_hits])
        self.mentions = _Intervals([(m.start, m.end, m.kind) for m in mentions])
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
        self.rules, self.rule_cues = _Intervals(rule_items), _Intervals(rule_cues)
        self.rule_sources = _Intervals(rule_sources)
        self.sentence_starts = [s.start for s in sentences]


def _paragraph_tokens(norm: str, para, marks: _ArticleMarks) -> ParagraphTokens | None:
    spans = [(para.start + m.start(), para.start + m.end()) for m in _TOKEN.finditer(norm[para.start:para.end])]
    if not spans:
        return None
    words = [norm[s:e] for s, e in spans]
    lowers = [w.lower() for w in words]
    cue_kinds = [marks.cues.labels_at(s, e) for s, e in spans]
    is_cue = [bool(k) for k in cue_kinds]
    starts = marks.sentence_starts
    first_sentence = bisect.bisect_right(starts, para.start) - 1
    sentence_of = [bisect.bisect_right(starts, s) - 1 for s, _ in spans]
    cues_of_sentence: dict[int, set[str]] = {}
    for i, kinds in enumerate(cue_kinds):
        cues_of_sentence.setdefault(sentence_of[i], set()).update(kinds)
    rule_kinds = [marks.rules.labels_at(s, e) for s, e in spans]
    tokens = ParagraphTokens(
        spans, lowers, [_shape(w) for w in words], cue_kinds, is_cue,
        [(marks.mentions.labels_at(s, e) or ["-"])[0] for s, e in spans],
        [sorted(cues_of_sentence.get(n, ())) for n in sentence_of],
        [n - first_sentence for n in sentence_of], [], [], [], [], [], [],
        [marks.quotes.covers(s) for s, _ in spans], [k[-1] if k else "none" for k in rule_kinds],
        [bool(marks.rule_cues.labels_at(s, e)) for s, e in spans],
        [bool(marks.rule_sources.labels_at(s, e)) for s, e in spans])
    _running_state(tokens, words, sentence_of)
    return tokens


def _running_state(tokens: ParagraphTokens, words: list[str], sentence_of: list[int]) -> None:
    """Fill each token's sentence state as it stands before the token (reset at each sentence)."""
    position, seen_cue = 0, False
    last_cue, last_word, since_cue, commas = "", "", 0, 0
    for i, word in enumerate(words):
        if i and sentence_of[i] != sentence_of[i - 1]:
            position, seen_cue = 0, False
            last_cue, last_word, since_cue, commas = "", "", 0, 0
        tokens.position.append(position)
        tokens.seen_cue.append(seen_cue)
        tokens.last_cue.append(last_cue)
        tokens.last_word.append(last_word)
        tokens.since_cue.append(since_cue)
        tokens.commas.append(commas)
        seen_cue = seen_cue or tokens.is_cue[i]
        if tokens.is_cue[i]:
            last_cue, last_word, since_cue = tokens.cue_kinds[i][0], tokens.lowers[i], 0
        else:
            since_cue += 1
        commas += word == ","
        position += 1


def article_tokens(norm: str, paragraphs, sentences, cue_hits, mentions, statements) -> list[ParagraphTokens]:
    """The tokens of every body paragraph of one article, with what their features are made of.

    ``cue_hits``: the lexicon's cue matches (start, end, payload with ``kind``); ``mentions``: the
    rules' mentions; ``statements``: the rules' statements (objects with start, end, quote_type,
    cue_pos, cue, speaker_mention, context_start, context_end)."""
    marks = _ArticleMarks(norm, paragraphs, sentences, cue_hits, mentions, statements)
    out = []
    for para in paragraphs:
        if para.region != 0:
            continue
        tokens = _paragraph_tokens(norm, para, marks)
        if tokens is not None:
            out.append(tokens)
    return out


def token_features(t: ParagraphTokens, i: int) -> list[str]:
    """The feature strings of token ``i`` (the order matters to nothing but exact sums)."""
    n = len(t.spans)
    low, shape = t.lowers[i], t.shapes[i]
    before = t.lowers[i - 1] if i else "<p>"
    after = t.lowers[i + 1] if i + 1 < n else "</p>"
    f = ["b", "w=" + low, "s3=" + low[-3:], "sh=" + shape, "pos=" + _bucket(t.position[i]),
         "sent=" + _bucket(t.sentence[i])]
    f.append("w-1=" + before)
    f.append("w+1=" + after)
    f.append("w-2=" + (t.lowers[i - 2] if i > 1 else "<p>"))
    f.append("w+2=" + (t.lowers[i + 2] if i + 2 < n else "</p>"))
    f.append("w-1w=" + before + "|" + low)
    f.append("sh-1=" + (t.shapes[i - 1] if i else "<p>") + "|" + shape)
    f.append("sh+1=" + (t.shapes[i + 1] if i + 1 < n else "</p>"))
    if low in _PRONOUNS:
        f.append("pron")
    for kind in t.cue_kinds[i]:
        f.append("cue=" + kind)
    if any(t.is_cue[max(0, i - 3):i]):
        f.append("cue<3")
    if any(t.is_cue[i + 1:i + 4]):
        f.append("cue>3")
    if t.seen_cue[i]:
        f.append("aftercue")
        f.append(f"last={t.last_cue[i]}|{_bucket(t.since_cue[i])}")
        f.append("lastw=" + t.last_word[i])
    for kind in t.sentence_cues[i]:
        f.append("scue=" + kind)
    f.append("w|w+1=" + low + "|" + after)
    f.append("m-1=" + (t.mention_kinds[i - 1] if i else "<p>"))
    f.append("m+1=" + (t.mention_kinds[i + 1] if i + 1 < n else "</p>"))
    f.append("commas=" + _bucket(t.commas[i]))
    f.append("q=" + ("in" if t.quoted[i] else "out"))
    f.append("m=" + t.mention_kinds[i])
    f.append("r=" + t.rule_kind[i])
    if t.rule_cue[i]:
        f.append("rcue")
    if t.rule_source[i]:
        f.append("rsrc")
    return f


def article_sequences(norm: str, paragraphs, sentences, cue_hits, mentions, statements) -> list[Sequence]:
    """Features of every body paragraph of one article (arguments as :func:`article_tokens`)."""
    return [Sequence(t.spans, [token_features(t, i) for i in range(len(t.spans))])
            for t in article_tokens(norm, paragraphs, sentences, cue_hits, mentions, statements)]
