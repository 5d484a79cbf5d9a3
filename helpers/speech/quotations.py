"""Component ``quotations``: the quotation units of an article, its colon-framed block
paragraphs and its transcript turns.

A *unit* is a quotation (:class:`helpers.speech.quotes.QuoteSpan`), or several when one runs
over paragraphs; a *block* is a paragraph set off after a colon frame ("She told the Guardian:");
a *label* is a paragraph opening with a speaker's name and a colon ("PENCE: Well, look ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    ``quote_ranges`` (each quotation with its marks), ``block_ranges`` (blocks, turns and signature
    lines) and ``signed`` (block paragraph index -> (start, end) of the author's name on the signature
    line under it: an embedded post, "— Helen Moss (@HelenMossLab) December 13, 2019")."""

    units: list[Unit]
    block_paragraphs: set[int]
    labels: dict[int, tuple[str, int]]
    quote_ranges: list[tuple[int, int]]
    block_ranges: list[tuple[int, int]]
    signed: dict[int, tuple[int, int]] = field(default_factory=dict)
    #: the answers of a question-and-answer interview (paragraph indexes; see ``_Finder.find_answers``)
    answers: set[int] = field(default_factory=set)


#: question-answer pairs that make an article an interview
MIN_QUESTIONS = 3
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'll|I'd|me|my|mine|myself|we|we're|we've|us|our)\b|\bI\u2019")
QUOTE_MARKS = "\"\u201c\u201d"
QUOTE_OPENERS = "\"'\u201c\u2018"

#: the line under an embedded social-media post: a dash, the author's name, their handle, then the date
SIGNATURE_LINE = re.compile(r"[\u2014\u2015\u2013-]+[ \t]*(?P<name>[^\s()@][^()@\n]{0,60}?)[ \t]*"
                            r"\(@\w{1,30}\)[^\n]{0,40}")


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
        signed = finder.find_signed(labels)
        answers = finder.find_answers(labels, block_paragraphs | set(signed))
        block_paragraphs |= set(signed) | answers
        units = [u for u in units if u.first.paragraph not in block_paragraphs and u.first.paragraph not in labels]
        quote_ranges = [(s.open_mark, (s.close_mark + s.close_width) if s.close_mark is not None else s.end)
                        for u in units for s in u.spans]
        block_ranges = [(paragraphs[i].start, paragraphs[i].end)
                        for i in block_paragraphs | set(labels) | {i + 1 for i in signed}]
        doc.quotations = Quotations(units, block_paragraphs, labels, quote_ranges, block_ranges, signed, answers)


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

    def find_signed(self, labels: dict[int, tuple[str, int]]) -> dict[int, tuple[int, int]]:
        """Paragraphs with a signature line right under them (the text of an embedded post), and
        where the author's name stands on that line."""
        found = {}
        for para, line in zip(self.paragraphs, self.paragraphs[1:]):
            if para.region != line.region or para.index in labels:
                continue
            m = SIGNATURE_LINE.fullmatch(self.norm, line.start, line.end)
            if m and not SIGNATURE_LINE.fullmatch(self.norm, para.start, para.end):
                found[para.index] = (m.start("name"), m.end("name"))
        return found

    def find_answers(self, labels: dict[int, tuple[str, int]], blocks: set[int]) -> set[int]:
        """A question-and-answer interview: the writer's prompts (paragraphs of one short sentence
        without quotation marks, asking a question or addressing "you") each followed by an answer
        (a paragraph that is no prompt and opens with no mark). At least :data:`MIN_QUESTIONS`
        prompts must be questions, or the questions are the writer's own rhetoric."""
        body = [p for p in self.paragraphs if p.region == 0 and p.index not in labels and p.index not in blocks]
        pairs = [(q, a) for q, a in zip(body, body[1:]) if a.index == q.index + 1 and self._is_prompt(q)
                 and not self._is_prompt(a) and self.norm[a.start] not in QUOTE_OPENERS]
        questions = sum(1 for q, _ in pairs if self.norm[q.start:q.end].rstrip().endswith("?"))
        # an interviewee answers for themselves: a writer answering their own questions does not
        first_person = sum(1 for _, a in pairs if _FIRST_PERSON.search(self.norm, a.start, a.end))
        if questions < MIN_QUESTIONS or 2 * first_person < len(pairs):
            return set()
        return {a.index for _, a in pairs}

    def _is_prompt(self, para: Paragraph) -> bool:
        words = self.norm[para.start:para.end].strip()
        one_sentence = not re.search(r"[.!?]\s+[A-Z]", words[:-1])
        asks = words.endswith("?") or re.search(r"\byou(?:r|rs|rself|'ve|'re)?\b", words, re.IGNORECASE)
        return bool(asks) and one_sentence and len(words.split()) <= 25 and not any(q in words for q in QUOTE_MARKS)

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
