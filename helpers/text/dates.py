"""Reading dates written the ways news copy and manifests write them."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for m in names
}
_MONTH = (r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|rsday|urday)?,?\s+)?"

#: "6 March 2024", "Wednesday 6 March 2024", "March 6, 2024", "2024-03-06".
DATE_IN_TEXT = re.compile(
    rf"\b{_WEEKDAY}(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|{_MONTH.replace('month', 'month2')}\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d))\b",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"^\s*(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})\s*$")
_ISO = re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ][\d:.+\-Z]*)?\s*$")


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _from_match(m: re.Match) -> date | None:
    g = m.groupdict()
    if g.get("y1"):
        return _make(int(g["y1"]), MONTHS[g["month"].lower().rstrip(".")], int(g["d1"]))
    if g.get("y2"):
        return _make(int(g["y2"]), MONTHS[g["month2"].lower().rstrip(".")], int(g["d2"]))
    return _make(int(g["y3"]), int(g["m3"]), int(g["d3"]))


def parse_date(value: str, dayfirst: bool = True) -> date | None:
    """Parse one date cell; ``None`` when it is not a real calendar date (e.g. 31/02/2013)."""
    value = (value or "").strip()
    if not value:
        return None
    if m := _ISO.match(value):
        return _make(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _NUMERIC.match(value):
        a, b = int(m["a"]), int(m["b"])
        day, month = (a, b) if dayfirst else (b, a)
        return _make(int(m["y"]), month, day)
    m = DATE_IN_TEXT.fullmatch(value.strip().rstrip("."))
    return _from_match(m) if m else None


#: Every form of DATE_IN_TEXT has a four-digit year: without one, the (slow, case-insensitive)
#: pattern need not be tried along the text.
_YEAR = re.compile(r"(?:19|20)\d\d")


def find_date(text: str) -> date | None:
    """The first calendar date written out in ``text``."""
    if _YEAR.search(text) is None:
        return None
    for m in DATE_IN_TEXT.finditer(text):
        found = _from_match(m)
        if found:
            return found
    return None
