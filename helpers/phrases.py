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


def _keys(word: str) -> set[str]:
    keys = {word}
    for sep in ("'", "-"):
        if sep in word[1:]:
            keys.add(word.split(sep)[0])
    return keys


class PhraseMatcher:
    def __init__(self, phrases: list[tuple[str, Any]], ignore_case: bool = False, hyphen_ends_word: bool = False,
                 allow_possessive: bool = False):
        self.ignore_case = ignore_case
        flags = re.IGNORECASE if ignore_case else 0
        end = r"(?![\w-])" if hyphen_ends_word else r"(?!\w)"
        tail = r"(?:'s|')?" if allow_possessive else ""
        self._exact: dict[str, list[tuple[re.Pattern, Any, int]]] = {}
        self._prefix: dict[str, list[tuple[str, re.Pattern, Any, int]]] = {}
        seen = set()
        for phrase, payload in phrases:
            phrase = phrase.strip()
            if not phrase or (phrase, id(payload)) in seen:
                continue
            seen.add((phrase, id(payload)))
            compiled = re.compile(_phrase_pattern(phrase) + tail + end, flags)
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
