"""Finding quotation spans: straight, curly, unbalanced and multi-paragraph quotation marks.

Works on the matching copy of the text (all double marks are ``"`` and single marks ``'``),
using the original characters only to break ties (a curly opening mark can only open).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.segment import Paragraph
from ..text.textnorm import CLOSING_DOUBLE, OPENING_DOUBLE, OPENING_SINGLE

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
    close_width: int = 1


def _can_open(norm: str, i: int, lo: int, width: int = 1) -> bool:
    before = norm[i - 1] if i > lo else ""
    after = norm[i + width] if i + width < len(norm) else ""
    return (before in _OPEN_BEFORE or before in "\"'") and after not in ("", " ", "\n")


def _can_close(norm: str, i: int, hi: int, width: int = 1) -> bool:
    before = norm[i - 1] if i > 0 else ""
    after = norm[i + width] if i + width < hi else ""
    return before not in ("", " ", "\n") and (after in _CLOSE_AFTER or after in "\"'")


_DOUBLE_MARK = re.compile(r"\"|(?<![\w'])''(?!')|(?<=\w)''(?=[\s.,;:!?)]|$)")
#: The same marks; every alternative starts with its mark (the look-behinds moved after the first
#: character, looking back over it), so that re skips to quote characters instead of trying
#: the pattern at every position. Kept for speed: the plain pattern above costs 5.8 % more
#: instructions in the statements step (384 articles: 300 synthetic and PolNeAR dev, callgrind);
#: tests/test_fast_paths.py checks that both find the same marks.
_DOUBLE_MARK_FAST = re.compile(r"\"|'(?<![\w']')'(?!')|'(?<=\w')'(?=[\s.,;:!?)]|$)")


def _marks(text: str, norm: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Double quotation marks in ``lo:hi`` as (position, width, direction), where direction is
    "open" or "close" for curly marks and "either" for straight ones (and ``''``)."""
    out = []
    for m in _DOUBLE_MARK_FAST.finditer(norm, lo, hi):
        i, width = m.start(), m.end() - m.start()
        glyph = text[i]
        direction = "open" if glyph in OPENING_DOUBLE else "close" if glyph in CLOSING_DOUBLE else "either"
        if direction != "either":
            # a curly mark facing the wrong way (”Fear.” – a typing slip): its neighbours decide
            can_open, can_close = _can_open(norm, i, lo, width), _can_close(norm, i, hi, width)
            if direction == "close" and can_open and not can_close:
                direction = "open?"
            elif direction == "open" and can_close and not can_open:
                direction = "close?"
        if direction == "either":
            can_open, can_close = _can_open(norm, i, lo, width), _can_close(norm, i, hi, width)
            if can_open and not can_close:
                direction = "open?"
            elif can_close and not can_open:
                direction = "close?"
        out.append((i, width, direction))
    return out


def double_quotes(text: str, norm: str, para: Paragraph, continuing: bool) -> tuple[list[QuoteSpan], bool]:
    """Quote spans of one paragraph; returns (spans, quote_left_open_at_paragraph_end).

    Curly marks say which way they face, straight marks are read from their neighbours, and a
    stack pairs them, so a quotation inside a quotation stays inside. ``continuing`` says the
    previous paragraph ended inside an unclosed quotation, so text up to a first closing mark
    here belongs to it (scrapes break paragraphs mid-quote)."""
    lo, hi = para.start, para.end
    marks = _marks(text, norm, lo, hi)
    spans: list[QuoteSpan] = []
    if continuing and marks:
        first, width, direction = marks[0]
        if direction in ("close", "close?") or (direction == "either" and first > lo):
            if first > lo:
                spans.append(QuoteSpan(lo, first, lo, first, para.index, continues_from_previous=True))
            marks = marks[1:]
    elif continuing:
        return [], False  # the quotation was never closed; this paragraph is the writer's again
    stack: list[tuple[int, int, str]] = []
    for i, width, direction in marks:
        opening = direction in ("open", "open?") or (direction == "either" and (
            not stack or stack[-1][2] in ("open",) and text[i] == '"' and not _can_close(norm, i, hi, width)))
        if direction == "either" and stack and stack[-1][2] != "open":
            opening = False  # a straight mark after a straight opener closes it
        if opening:
            stack.append((i, width, "open" if direction == "open" else "straight"))
            continue
        if not stack:
            continue  # a stray closing mark ("he replied")")
        open_at, open_width, _ = stack.pop()
        if not stack and i - (open_at + open_width) > 0:
            spans.append(QuoteSpan(open_at + open_width, i, open_at, i, para.index, close_width=width))
    left_open = bool(stack)
    if left_open:
        open_at, open_width, _ = stack[0]
        if hi - open_at > 2:
            spans.append(QuoteSpan(open_at + open_width, hi, open_at, None, para.index))
    if continuing and spans and spans[0].open_mark == lo:
        spans[0].continues_from_previous = True  # multi-paragraph quotation: each opens anew
    return spans, left_open


def single_quotes(text: str, norm: str, lo: int, hi: int, paragraph: int) -> list[QuoteSpan]:
    """Single-mark quotations in ``lo:hi`` ('...' or ‘...’), skipping apostrophes and elisions."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    i = norm.find("'", lo, hi)
    while i >= 0:  # only the marks matter: from one to the next
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
        i = norm.find("'", i + 1, hi)
    return spans
