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

from .vocabulary import Vocabulary, load_vocabulary

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


#: a sentence ending in a short form's full stop ("Mr.", "Sept.", "U.S.") or an initial's ("J."):
#: Punkt splits after those it has not seen
ABBREVIATION_END = r"\b(?:{honorifics.short.sentence}|{abbreviations.sentence}|[A-Z])\.\s*$"


def sentences(norm: str, paras: list[Paragraph], abbreviation_end: re.Pattern) -> list[Sentence]:
    """The sentences of each paragraph: Punkt's, joined again after a short form's full stop
    (``abbreviation_end``, built from :data:`ABBREVIATION_END`)."""
    out: list[Sentence] = []
    for para in paras:
        chunk = norm[para.start:para.end]
        for s, e in _joined_spans(chunk, abbreviation_end):
            while s < e and chunk[s].isspace():
                s += 1
            while e > s and chunk[e - 1].isspace():
                e -= 1
            if e > s:
                out.append(Sentence(para.start + s, para.start + e, len(out), para.index))
    return out


def _joined_spans(chunk: str, abbreviation_end: re.Pattern) -> list[list[int]]:
    """Punkt's sentence spans of one paragraph, each joined to the next after an abbreviation."""
    merged: list[list[int]] = []
    for s, e in nupunkt.sent_spans(chunk):
        if merged and abbreviation_end.search(chunk[merged[-1][0]:merged[-1][1]]):
            merged[-1][1] = e
        else:
            merged.append([s, e])
    return merged


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
    and sentences (the short forms that do not end one come from ``vocabulary``)."""

    name = "segment"
    provides = "sentences"

    def __init__(self, vocabulary: Vocabulary | None = None):
        self.abbreviation_end = (vocabulary or load_vocabulary()).compile(ABBREVIATION_END)

    def __call__(self, doc) -> None:
        doc.paragraphs = paragraphs(doc.norm, doc.regions)
        doc.sentences = sentences(doc.norm, doc.paragraphs, self.abbreviation_end)
