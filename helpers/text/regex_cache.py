"""Compiled regular expressions by their source text, for patterns written where they are used.

``re.search(pattern, text)`` finds its compiled pattern in ``re``'s cache on every call, through
a Python-level function; the attribution step makes such calls hundreds of thousands of times per
million words. ``rx(pattern)`` (or ``rx(pattern, flags)``) is one C-level cache look-up, and the
compiled pattern's own method does the rest, with exactly ``re``'s semantics."""

from __future__ import annotations

import functools
import re

rx = functools.lru_cache(maxsize=None)(re.compile)
