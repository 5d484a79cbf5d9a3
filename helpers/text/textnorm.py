"""Unicode normalisation for matching.

Article text is kept exactly as it was read, so that character offsets always slice back to
the original characters. Matching (quote marks, names, cue words) runs on a *same-length*
normalised copy: every character maps to exactly one character, so an offset found in the
normalised copy is valid in the original text.
"""

from __future__ import annotations

import re

_ONE_TO_ONE = {
    # spaces: non-breaking, thin, figure, ideographic, zero-width and BOM all become a space
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ",
    "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2008": " ", "\u3000": " ",
    "\u200b": " ", "\ufeff": " ", "\t": " ",
    # double quotation marks
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\uff02": '"', "\u275d": '"', "\u275e": '"',
    # single quotation marks and apostrophes
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u2039": "'", "\u203a": "'", "\u02bc": "'",
    # hyphens and dashes
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2e3a": "-",
}
#: the characters to replace (``re.sub`` visits only these; ``str.translate`` would look up every
#: character: +0.5 G instructions on 384 articles)
_SPECIAL = re.compile("[" + "".join(re.escape(c) for c in _ONE_TO_ONE) + "]")

#: Characters that open a double quotation in the original text (direction known).
OPENING_DOUBLE = frozenset("\u201c\u201e\u00ab\u275d")
CLOSING_DOUBLE = frozenset("\u201d\u00bb\u275e")
OPENING_SINGLE = frozenset("\u2018\u201a\u2039")
DASHES = frozenset("\u2013\u2014\u2015")


def for_matching(text: str) -> str:
    """Return a copy of ``text`` of the same length with spaces, quotes and dashes unified."""
    if text.isascii():
        return text.replace("\t", " ") if "\t" in text else text
    return _SPECIAL.sub(lambda m: _ONE_TO_ONE[m.group(0)], text)


def squash(text: str) -> str:
    """Normalise for comparing strings: unified marks, single spaces, case folded."""
    return " ".join(for_matching(text).split()).casefold()  # (str.split splits at exactly re's \s)


_WORD = re.compile(r"\w+")


def word_tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters/digits), the unit of the evaluation's coverage rule."""
    return [t.casefold() for t in _WORD.findall(for_matching(text))]


def count_words(text: str) -> int:
    return len(_WORD.findall(text))
