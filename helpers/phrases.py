"""Fast matching of many phrases (cue words, aliases, roles) in running text.

Python's ``re`` tries every alternative of a large ``a|b|c|…`` pattern at every position, which
made phrase lists the slowest part of the pipeline. :class:`PhraseMatcher` instead walks the
text's words once, looks the word up in a dictionary of phrase first-words, and only then tries
the few phrases that can start there, longest first. Matches are non-overlapping, leftmost,
longest; a phrase ends at a word boundary (optionally not before a hyphen: "left" is not
"left-wing").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

_WORD = re.compile(r"[@\w][\w'@-]*")


@dataclass(frozen=True)
class PhraseMatch:
    start: int
    end: int
    payload: Any


def _phrase_pattern(phrase: str) -> str:
    """"want * to be" → a wildcard of one to four words; "betray*" → any ending."""
    parts = []
    for word in phrase.split():
        if word == "*":
            parts.append(r"(?:[\w'@-]+\s+){0,3}?[\w'@-]+")
        elif word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"[\w'-]*")
        else:
            parts.append(re.escape(word))
    return r"\s+".join(parts)


class _LazyPattern:
    """A phrase's regex, compiled the first time a text contains the phrase's first word: most of
    the ~1,500 phrases never occur in a given run's texts, and compiling them all cost ~0.2 s."""

    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, source: str, flags: int):
        self._source, self._flags, self._compiled = source, flags, None

    def match(self, text: str, pos: int = 0, endpos: int = 2 ** 63 - 1):
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled.match(text, pos, endpos)


def _keys(word: str) -> tuple[str, ...]:
    """The word, and its part before an apostrophe or hyphen ("Labour's" → "Labour")."""
    if "'" not in word and "-" not in word:
        return (word,)
    keys = [word]
    for sep in ("'", "-"):
        if sep in word[1:]:
            head = word.split(sep)[0]
            if head not in keys:
                keys.append(head)
    return tuple(keys)


class PhraseMatcher:
    def __init__(self, phrases: list[tuple[str, Any]], ignore_case: bool = False, hyphen_ends_word: bool = False,
                 allow_possessive: bool = False):
        self.ignore_case = ignore_case
        flags = re.IGNORECASE if ignore_case else 0
        end = r"(?![\w-])" if hyphen_ends_word else r"(?!\w)"
        tail = r"(?:'s|')?" if allow_possessive else ""
        self._exact: dict[str, list[tuple[_LazyPattern, Any, int]]] = {}
        self._prefix: dict[str, list[tuple[str, _LazyPattern, Any, int]]] = {}
        seen = set()
        for phrase, payload in phrases:
            phrase = phrase.strip()
            if not phrase or (phrase, id(payload)) in seen:
                continue
            seen.add((phrase, id(payload)))
            compiled = _LazyPattern(_phrase_pattern(phrase) + tail + end, flags)
            first = phrase.split()[0]
            entry = (compiled, payload, len(phrase))
            if first.endswith("*"):
                stem = first[:-1].lower() if ignore_case else first[:-1]
                self._prefix.setdefault(stem[:3], []).append((stem, *entry))
            else:
                key = first.lower() if ignore_case else first
                self._exact.setdefault(key, []).append(entry)
        for entries in self._exact.values():
            entries.sort(key=lambda e: -e[2])
        for entries in self._prefix.values():
            entries.sort(key=lambda e: -e[3])

    def __bool__(self) -> bool:
        return bool(self._exact or self._prefix)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[PhraseMatch]:
        end = len(text) if end is None else end
        position = start
        exact, prefix, lower = self._exact, self._prefix, self.ignore_case
        for m in _WORD.finditer(text, start, end):
            if m.start() < position:
                continue
            word = m.group(0)
            key = word.lower() if lower else word
            best = None
            for k in _keys(key):
                for compiled, payload, _ in exact.get(k, ()):
                    hit = compiled.match(text, m.start(), end)
                    if hit and (best is None or hit.end() > best[1]):
                        best = (hit.start(), hit.end(), payload)
                        break
            if prefix:
                for stem, compiled, payload, _ in prefix.get(key[:3], ()):
                    if key.startswith(stem):
                        hit = compiled.match(text, m.start(), end)
                        if hit and (best is None or hit.end() > best[1]):
                            best = (hit.start(), hit.end(), payload)
            if best is not None:
                yield PhraseMatch(*best)
                position = best[1]


class PhraseIndex:
    """Several phrase lists matched in one pass over a text.

    Each category keeps its own options and its own leftmost-longest, non-overlapping matches,
    but the words of the text are walked once for all of them."""

    def __init__(self):
        self._entries: dict[str, list[tuple[str, _LazyPattern, Any, int, bool]]] = {}
        self._prefix: dict[str, list[tuple[str, str, _LazyPattern, Any, int]]] = {}
        self.categories: list[str] = []

    def add(self, category: str, phrases: list[tuple[str, Any]], ignore_case: bool = False,
            hyphen_ends_word: bool = False, allow_possessive: bool = False) -> "PhraseIndex":
        flags = re.IGNORECASE if ignore_case else 0
        end = r"(?![\w-])" if hyphen_ends_word else r"(?!\w)"
        tail = r"(?:'s|')?" if allow_possessive else ""
        self.categories.append(category)
        for phrase, payload in phrases:
            phrase = phrase.strip()
            if not phrase:
                continue
            compiled = _LazyPattern(_phrase_pattern(phrase) + tail + end, flags)
            first = phrase.split()[0]
            if first.endswith("*"):
                stem = first[:-1].lower()
                self._prefix.setdefault(stem[:3], []).append((category, stem, compiled, payload, len(phrase)))
            else:
                key = first.lower()  # looked up lower-cased; case is checked by the compiled pattern
                self._entries.setdefault(key, []).append((category, compiled, payload, len(phrase), ignore_case))
        for entries in self._entries.values():
            entries.sort(key=lambda e: -e[3])
        for entries in self._prefix.values():
            entries.sort(key=lambda e: -e[4])
        return self

    def scan(self, text: str) -> dict[str, list[PhraseMatch]]:
        out: dict[str, list[PhraseMatch]] = {c: [] for c in self.categories}
        position: dict[str, int] = dict.fromkeys(self.categories, 0)
        entries, prefixes = self._entries, self._prefix
        for m in _WORD.finditer(text):
            word = m.group().lower()
            # most words start no phrase: decide that with two dictionary look-ups
            if word not in entries and word[:3] not in prefixes and "'" not in word and "-" not in word:
                continue
            start = m.start()
            best: dict[str, tuple[int, Any]] = {}
            for key in _keys(word):
                for category, compiled, payload, _, _ in entries.get(key, ()):
                    if start < position[category]:
                        continue
                    hit = compiled.match(text, start)
                    if hit and (category not in best or hit.end() > best[category][0]):
                        best[category] = (hit.end(), payload)
            candidates = prefixes.get(word[:3]) if prefixes else None
            if candidates:
                for category, stem, compiled, payload, _ in candidates:
                    if start < position[category] or not word.startswith(stem):
                        continue
                    hit = compiled.match(text, start)
                    if hit and (category not in best or hit.end() > best[category][0]):
                        best[category] = (hit.end(), payload)
            for category, (end, payload) in best.items():
                out[category].append(PhraseMatch(start, end, payload))
                position[category] = end
        return out
