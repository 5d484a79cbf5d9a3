"""Finding quotation spans: straight, curly, unbalanced and multi-paragraph quotation marks.

Works on the matching copy of the text (all double marks are ``"`` and single marks ``'``),
using the original characters only to break ties (a curly opening mark can only open).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .segment import Paragraph
from .textnorm import CLOSING_DOUBLE, OPENING_DOUBLE, OPENING_SINGLE

_OPEN_BEFORE = set(" \n([{-/—–:;,") | {""}
_CLOSE_AFTER = set(" \n.,;:!?)]}-—–…") | {""}
_ELISIONS = re.compile(r"'(?:em|til|tis|twas|n|cause|bout|s|\d0s|\d\d)\b", re.IGNORECASE)


@dataclass
class QuoteSpan:
    """Characters ``start:end`` inside the marks (marks excluded). ``open_mark``/``close_mark``
    are the positions of the marks (``close_mark`` is None when the quote is unclosed)."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    paragraph: int
    mark: str = '"'
    continues_from_previous: bool = False


def _can_open(norm: str, i: int, lo: int) -> bool:
    before = norm[i - 1] if i > lo else ""
    after = norm[i + 1] if i + 1 < len(norm) else ""
    return (before in _OPEN_BEFORE or before in "\"'") and after not in ("", " ", "\n")


def _can_close(norm: str, i: int, hi: int) -> bool:
    before = norm[i - 1] if i > 0 else ""
    after = norm[i + 1] if i + 1 < hi else ""
    return before not in ("", " ", "\n") and (after in _CLOSE_AFTER or after in "\"'")


def double_quotes(text: str, norm: str, para: Paragraph, continuing: bool) -> tuple[list[QuoteSpan], bool]:
    """Quote spans of one paragraph; returns (spans, quote_left_open_at_paragraph_end).

    ``continuing`` says the previous paragraph ended inside an unclosed quotation, so text
    up to a first closing mark here belongs to it (scrapes break paragraphs mid-quote)."""
    lo, hi = para.start, para.end
    marks = [i for i in range(lo, hi) if norm[i] == '"']
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    if continuing and marks:
        first = marks[0]
        if not _can_open(norm, first, lo) or text[first] in CLOSING_DOUBLE:
            if first > lo:
                spans.append(QuoteSpan(lo, first, lo, first, para.index, continues_from_previous=True))
            marks = marks[1:]
    elif continuing and not marks:
        return [], False  # the quotation was never closed; this paragraph is the writer's again
    directional = marks and all(text[i] in OPENING_DOUBLE or text[i] in CLOSING_DOUBLE for i in marks)
    if directional:
        # Curly marks say which way they face, so quotations nested in quotations pair up.
        depth = 0
        for i in marks:
            if text[i] in OPENING_DOUBLE:
                if depth == 0:
                    open_at = i
                depth += 1
            elif depth > 0:
                depth -= 1
                if depth == 0 and open_at is not None:
                    if i - open_at > 1:
                        spans.append(QuoteSpan(open_at + 1, i, open_at, i, para.index))
                    open_at = None
        marks = []
    for i in marks:
        glyph = text[i]
        if open_at is None:
            if glyph in CLOSING_DOUBLE and not (i == lo or norm[i - 1] in " \n(["):
                continue  # a stray closing mark
            if _can_open(norm, i, lo) or glyph in OPENING_DOUBLE:
                open_at = i
        else:
            if glyph in OPENING_DOUBLE and not _can_close(norm, i, hi):
                open_at = i  # the earlier mark was stray; restart
                continue
            if _can_close(norm, i, hi) or glyph in CLOSING_DOUBLE or i == hi - 1:
                if i - open_at > 1:
                    spans.append(QuoteSpan(open_at + 1, i, open_at, i, para.index))
                open_at = None
    left_open = open_at is not None
    if left_open and hi - open_at > 2:
        spans.append(QuoteSpan(open_at + 1, hi, open_at, None, para.index))
    if continuing and spans and spans[0].open_mark == lo:
        spans[0].continues_from_previous = True  # multi-paragraph quotation: each opens anew
    return spans, left_open


def single_quotes(text: str, norm: str, lo: int, hi: int, paragraph: int) -> list[QuoteSpan]:
    """Single-mark quotations in ``lo:hi`` ('...' or ‘...’), skipping apostrophes and elisions."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    i = lo
    while i < hi:
        if norm[i] == "'":
            before = norm[i - 1] if i > lo else ""
            after = norm[i + 1] if i + 1 < hi else ""
            if open_at is None:
                starts_word = before in _OPEN_BEFORE or before == '"'
                if (starts_word or text[i] in OPENING_SINGLE) and after.isalnum() and not _ELISIONS.match(norm, i):
                    open_at = i
            else:
                inner_word = before.isalnum() and after.isalnum()  # don't, it's
                if not inner_word and before not in ("", " ") and (after in _CLOSE_AFTER or after == '"'):
                    if i - open_at > 1:
                        spans.append(QuoteSpan(open_at + 1, i, open_at, i, paragraph, mark="'"))
                    open_at = None
        i += 1
    return spans
