"""Component ``quotations``: the quotation units of an article, its colon-framed block
paragraphs and its transcript turns.

A *unit* is a quotation (:class:`helpers.speech.quotes.QuoteSpan`), or several when one runs
over paragraphs; a *block* is a paragraph set off after a colon frame ("She told the Guardian:");
a *label* is a paragraph opening with a speaker's name and a colon ("PENCE: Well, look ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.segment import Paragraph
from .quotes import QuoteSpan, double_quotes, single_quotes

#: a transcript turn's speaker, opening a paragraph ("PENCE: ", "Chris Wallace: ")
TRANSCRIPT_LABEL = re.compile(r"[\"']?(?P<label>[A-Z][A-Z.'\- ]{1,30}[A-Z.]|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})"
                              r":\s+(?=\S)")


@dataclass
class Unit:
    """Quotation spans that belong together (a multi-paragraph quotation)."""

    spans: list[QuoteSpan]

    @property
    def first(self) -> QuoteSpan:
        return self.spans[0]


@dataclass
class Quotations:
    """The quotation layer: ``units`` (not inside blocks or transcript turns), ``block_paragraphs``
    (paragraph indexes), ``labels`` (paragraph index -> (speaker label, where its words start)),
    ``quote_ranges`` (each quotation with its marks) and ``block_ranges`` (blocks and turns)."""

    units: list[Unit]
    block_paragraphs: set[int]
    labels: dict[int, tuple[str, int]]
    quote_ranges: list[tuple[int, int]]
    block_ranges: list[tuple[int, int]]


class QuotationFinder:
    """Component ``quotations``."""

    name = "quotations"
    provides = "quotations"

    def __init__(self, lexicon):
        self.label_stoplist = lexicon.label_stoplist

    def __call__(self, doc) -> None:
        finder = _Finder(doc, self.label_stoplist)
        units, block_paragraphs = finder.find_quotes()
        labels = finder.find_labels()
        paragraphs = doc.paragraphs
        for unit in units:
            if unit.first.paragraph in labels:
                # a transcript turn running over several paragraphs, each opening with a quotation mark
                # ('"PENCE: Well, look ..." / '"But the truth is ...'): the later ones are the same speaker's
                label = labels[unit.first.paragraph][0]
                for span in unit.spans[1:]:
                    para = paragraphs[span.paragraph]
                    if span.paragraph in labels:
                        label = labels[span.paragraph][0]  # the next turn
                    elif not re.compile(r"\W*\(.*\)\W*").fullmatch(doc.norm[para.start:para.end]):
                        labels[span.paragraph] = (label, span.start)
        block_paragraphs -= set(labels)
        units = [u for u in units if u.first.paragraph not in block_paragraphs and u.first.paragraph not in labels]
        quote_ranges = [(s.open_mark, (s.close_mark + s.close_width) if s.close_mark is not None else s.end)
                        for u in units for s in u.spans]
        block_ranges = [(paragraphs[i].start, paragraphs[i].end) for i in block_paragraphs | set(labels)]
        doc.quotations = Quotations(units, block_paragraphs, labels, quote_ranges, block_ranges)


class _Finder:
    """The quotation marks and labels of one document."""

    LABEL = TRANSCRIPT_LABEL

    def __init__(self, doc, label_stoplist: frozenset[str]):
        self.text, self.norm, self.paragraphs = doc.text, doc.norm, doc.paragraphs
        self.label_stoplist = label_stoplist

    def find_quotes(self) -> tuple[list[Unit], set[int]]:
        """Quotation units in document order, and the paragraphs that are colon-framed blocks."""
        units: list[Unit] = []
        block_paragraphs: set[int] = set()
        previous: Paragraph | None = None
        open_unit: Unit | None = None
        continuing = False
        for para in self.paragraphs:
            if previous is None or previous.region != para.region:
                continuing, open_unit = False, None
            starts_with_mark = self.norm[para.start] in "\"'"
            if previous is not None and previous.region == para.region and \
                    self.norm[previous.end - 1] == ":" and not starts_with_mark:
                block_paragraphs.add(para.index)
            spans, left_open = double_quotes(self.text, self.norm, para, continuing)
            if not spans and para.index not in block_paragraphs:
                spans = [s for s in single_quotes(self.text, self.norm, para.start, para.end, para.index)]
            for span in spans:
                if span.continues_from_previous and open_unit is not None:
                    open_unit.spans.append(span)
                else:
                    units.append(Unit([span]))
            open_unit = units[-1] if left_open and units else None
            continuing = left_open
            previous = para
        return units, block_paragraphs

    def find_labels(self) -> dict[int, tuple[str, int]]:
        """Transcript turns: paragraphs opening with "PENCE:" or "Chris Wallace:"."""
        found: dict[int, tuple[str, int]] = {}
        for para in self.paragraphs:
            if para.region != 0:
                continue
            m = self.LABEL.match(self.norm, para.start, para.end)
            if m and m.group("label").strip().lower() not in self.label_stoplist:
                found[para.index] = (m.group("label").strip(), m.end())
        caps = sum(1 for label, _ in found.values() if label.isupper())
        return {i: v for i, v in found.items() if (v[0].isupper() and caps >= 2) or not v[0].isupper()}
