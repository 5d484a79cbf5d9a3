"""Paragraphs and sentences of an article, as character spans of its text.

Sentence boundaries come from nupunkt (a Punkt model shipped on PyPI, no downloads), applied
to each paragraph of the matching copy of the text (see :mod:`helpers.text.textnorm`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

import nupunkt

_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph(Span):
    index: int
    region: int          # 0 = article body, 1.. = reader comment number


@dataclass(frozen=True)
class Sentence(Span):
    index: int
    paragraph: int


def paragraphs(norm: str, regions: list[tuple[int, int, int]]) -> list[Paragraph]:
    """Non-empty lines within each region ``(start, end, region_number)``, whitespace-trimmed."""
    out: list[Paragraph] = []
    for start, end, region in regions:
        for m in _LINE.finditer(norm, start, end):
            s, e = m.start(), m.end()
            while s < e and norm[s].isspace():
                s += 1
            while e > s and norm[e - 1].isspace():
                e -= 1
            if e > s:
                out.append(Paragraph(s, e, len(out), region))
    return out


_ABBREV_END = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Col|Capt|Lt|Sgt|Prof|Rev|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|[A-Z])\.\s*$")


def _ends_with_abbreviation(sentence: str) -> bool:
    """``_ABBREV_END.search(sentence)`` for a sentence without newlines: a match ends at the last
    non-space character and is at most five characters long ("Capt."), so it is looked for only
    there (``pos`` keeps the word boundary before it exact) rather than tried along the sentence."""
    stripped = sentence.rstrip()
    return _ABBREV_END.search(stripped, max(0, len(stripped) - 8)) is not None


def sentences(norm: str, paras: list[Paragraph]) -> list[Sentence]:
    out: list[Sentence] = []
    for para in paras:
        chunk = norm[para.start:para.end]
        spans = nupunkt.sent_spans(chunk)
        merged: list[list[int]] = []
        for s, e in spans:
            # Punkt splits after honorifics and initials it has not seen; join them back.
            if merged and _ends_with_abbreviation(chunk[merged[-1][0]:merged[-1][1]]):
                merged[-1][1] = e
            else:
                merged.append([s, e])
        for s, e in merged:
            while s < e and chunk[s].isspace():
                s += 1
            while e > s and chunk[e - 1].isspace():
                e -= 1
            if e > s:
                out.append(Sentence(para.start + s, para.start + e, len(out), para.index))
    return out


class SpanSet:
    """Answers "is this position inside any of these spans?" in O(log n) (spans may overlap)."""

    def __init__(self, spans):
        ordered = sorted((s, e) for s, e in spans if e > s)
        self._starts = [s for s, _ in ordered]
        self._reach = list(accumulate((e for _, e in ordered), max))
        self._bisect = bisect_right

    def covers(self, pos: int) -> bool:
        i = self._bisect(self._starts, pos) - 1
        return i >= 0 and self._reach[i] > pos

    def __len__(self) -> int:
        return len(self._starts)


class Segmenter:
    """Component ``segment``: the document's paragraphs (within the body and each reader comment)
    and sentences."""

    name = "segment"
    provides = "sentences"

    def __call__(self, doc) -> None:
        doc.paragraphs = paragraphs(doc.norm, doc.regions)
        doc.sentences = sentences(doc.norm, doc.paragraphs)
