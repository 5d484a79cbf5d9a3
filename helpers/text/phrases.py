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
from typing import Any, Iterator, NamedTuple

_WORD = re.compile(r"[@\w][\w'@-]*")


class PhraseMatch(NamedTuple):
    """One phrase found in a text."""

    start: int
    end: int
    payload: Any


#: what separates a phrase's words: spaces, and a quotation mark that opens or closes a quoted
#: part in between ('was "proud" of Labour', 'had "lost all faith" in the leadership')
_GAP = r'"?\s+"?'


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
    return _GAP.join(parts)




class _LazyPattern:
    """A phrase's regex, compiled the first time a text contains the phrase's first word: most of
    the ~1,500 phrases never occur in a given run's texts (compiling the statements step's phrases
    at once costs 2.0 % more of the step's instructions on 384 articles; the stance step's cues add
    as many again).
    Hot loops read ``compiled`` (``None`` until then) and call :meth:`compile` only once."""

    __slots__ = ("_source", "_flags", "compiled")

    def __init__(self, source: str, flags: int):
        self._source, self._flags, self.compiled = source, flags, None

    def compile(self) -> re.Pattern:
        if self.compiled is None:
            self.compiled = re.compile(self._source, self._flags)
        return self.compiled

    def match(self, text: str, pos: int = 0, endpos: int = 2 ** 63 - 1):
        return (self.compiled or self.compile()).match(text, pos, endpos)


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


_SPACE = re.compile(_GAP)  # (the gap after a phrase's first word)


def _first_word(phrase: str) -> str:
    """The word of a text at which the phrase can start: its first word as the text's words are
    cut (``_WORD``), so that "Mr. Rubio" is looked up at the word "Mr"."""
    first = phrase.split()[0]
    if first.endswith("*"):
        return first
    m = _WORD.match(first)
    return m[0] if m else first


def _second_word(phrase: str) -> str | None:
    """The literal start of the phrase's second word, lower-cased, when both of its first words
    are ASCII and the first is one word of the text (``None`` otherwise: the phrase's regex is
    always tried)."""
    words = phrase.split()
    if len(words) < 2 or words[0].endswith("*") or words[1] == "*" or not (words[0] + words[1]).isascii() \
            or _first_word(phrase) != words[0]:
        return None
    second = words[1][:-1] if words[1].endswith("*") else words[1]
    return second.lower() or None


class _Slot:
    """The phrases that start with one first word, longest first.

    A phrase's pattern is its first word, ``\\s+``, then its second word. Where the text does not
    go on with a phrase's second word after the first word and its spaces, the phrase cannot
    match and its regex is not tried ("the" starts 28 phrases, "Labour" 24): :meth:`following`
    reads the text after the first word once for all of them. The test is only ever a necessary
    condition (lower-cased ASCII equality; any non-ASCII text is let through to the regex), so
    the matches are exactly those of trying every regex (tests/test_fast_paths.py compares them with
    the plain algorithm). Trying every phrase's regex costs 3.8 % more of the statements step's
    instructions on 384 articles (callgrind)."""

    __slots__ = ("entries", "plain", "has_second", "first_len", "lengths", "seconds")

    def __init__(self, key: str, entries: list[tuple]):
        self.entries = tuple(entries)   # each entry's last field is its second word (or None)
        self.plain = tuple(e for e in entries if e[-1] is None)
        self.has_second = len(self.plain) < len(self.entries)
        self.first_len = len(key)
        self.seconds = frozenset(e[-1] for e in entries if e[-1] is not None)
        self.lengths = tuple(sorted({len(w) for w in self.seconds}))

    def following(self, text: str, at: int) -> frozenset[str] | set[str]:
        """The second words (lower-cased) that the text may go on with after the first word at ``at``."""
        m = _SPACE.match(text, at + self.first_len)
        if m is None:
            return _NOTHING
        k = m.end()
        head = text[k:k + self.lengths[-1]]
        if head.isascii():
            head = head.lower()
            return {head[:n] for n in self.lengths} & self.seconds
        return self.seconds  # undecided: every phrase's regex is tried


_NOTHING: frozenset[str] = frozenset()


def _words_with_plans(matcher, text: str, start: int, end: int):
    """The words of ``text[start:end]`` that start some phrase of ``matcher`` (a PhraseMatcher or
    PhraseIndex), each with its plan: what to try there. Most words start no phrase; one
    dictionary look-up (plans are kept per distinct word) decides that. (Making the plan at every
    word costs 5.7 % more of the statements step's instructions on 384 articles, callgrind.)"""
    plans = matcher._plans
    for m in _WORD.finditer(text, start, end):
        word = m[0]
        plan = plans.get(word)
        if plan is None:
            plan = matcher._plan(word)
        if plan:
            yield m, plan


class PhraseMatcher:
    def __init__(self, phrases: list[tuple[str, Any]], ignore_case: bool = False, hyphen_ends_word: bool = False,
                 allow_possessive: bool = False):
        self.ignore_case = ignore_case
        flags = re.IGNORECASE if ignore_case else 0
        end = r"(?![\w-])" if hyphen_ends_word else r"(?!\w)"
        tail = r"(?:'s|')?" if allow_possessive else ""
        exact: dict[str, list[tuple[_LazyPattern, Any, int, str | None]]] = {}
        self._prefix: dict[str, list[tuple[str, _LazyPattern, Any, int]]] = {}
        seen = set()
        for phrase, payload in phrases:
            phrase = phrase.strip()
            if not phrase or (phrase, id(payload)) in seen:
                continue
            seen.add((phrase, id(payload)))
            compiled = _LazyPattern(_phrase_pattern(phrase) + tail + end, flags)
            first = _first_word(phrase)
            if first.endswith("*"):
                stem = first[:-1].lower() if ignore_case else first[:-1]
                self._prefix.setdefault(stem[:3], []).append((stem, compiled, payload, len(phrase)))
            else:
                key = first.lower() if ignore_case else first
                exact.setdefault(key, []).append((compiled, payload, len(phrase), _second_word(phrase)))
        for entries in exact.values():
            entries.sort(key=lambda e: -e[2])
        for entries in self._prefix.values():
            entries.sort(key=lambda e: -e[3])
        self._exact = {key: _Slot(key, entries) for key, entries in exact.items()}
        self._plans: dict[str, tuple] = {}

    def __bool__(self) -> bool:
        return bool(self._exact or self._prefix)

    def _plan(self, word: str) -> tuple:
        """What to try where a text's word is ``word``: the slots of its keys, the prefix phrases
        it starts with. Depends only on the word and the phrases (kept per distinct word)."""
        key = word.lower() if self.ignore_case else word
        slots = tuple(self._exact[k] for k in _keys(key) if k in self._exact)
        prefix = tuple(e for e in self._prefix.get(key[:3], ()) if key.startswith(e[0])) if self._prefix else ()
        plan = (slots, prefix) if slots or prefix else ()
        self._plans[word] = plan
        return plan

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[PhraseMatch]:
        end = len(text) if end is None else end
        position = start
        for m, plan in _words_with_plans(self, text, start, end):
            at = m.start()
            if at < position:
                continue
            best = None
            slots, prefix = plan
            for slot in slots:
                entries = slot.entries
                if slot.has_second:
                    following = slot.following(text, at)
                    if not following:
                        entries = slot.plain  # no phrase's second word follows: only one-word phrases can match
                for lazy, payload, _, second in entries:
                    if second is not None and second not in following:
                        continue  # the phrase's second word does not follow: its regex cannot match
                    hit = (lazy.compiled or lazy.compile()).match(text, at, end)
                    if hit and (best is None or hit.end() > best[1]):
                        best = (hit.start(), hit.end(), payload)
                        break
            for _, lazy, payload, _ in prefix:
                hit = (lazy.compiled or lazy.compile()).match(text, at, end)
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
        # entries: (category, pattern, payload, phrase length, second word or None)
        self._entries: dict[str, list[tuple[str, _LazyPattern, Any, int, str | None]]] = {}
        self._prefix: dict[str, list[tuple[str, str, _LazyPattern, Any, int]]] = {}
        self.categories: list[str] = []
        self._slots: dict[str, _Slot] | None = None
        self._plans: dict[str, tuple] = {}

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
            first = _first_word(phrase)
            if first.endswith("*"):
                stem = first[:-1].lower()
                self._prefix.setdefault(stem[:3], []).append((category, stem, compiled, payload, len(phrase)))
            else:
                key = first.lower()  # looked up lower-cased; case is checked by the compiled pattern
                self._entries.setdefault(key, []).append((category, compiled, payload, len(phrase),
                                                          _second_word(phrase)))
        for entries in self._entries.values():
            entries.sort(key=lambda e: -e[3])
        for entries in self._prefix.values():
            entries.sort(key=lambda e: -e[4])
        self._slots, self._plans = None, {}
        return self

    def _plan(self, token: str) -> tuple:
        """What to try where a text's word is ``token`` (see :meth:`PhraseMatcher._plan`)."""
        if self._slots is None:
            self._slots = {key: _Slot(key, entries) for key, entries in self._entries.items()}
        word = token.lower()
        slots = tuple(self._slots[k] for k in _keys(word) if k in self._slots)
        candidates = self._prefix.get(word[:3]) if self._prefix else None
        prefix = tuple(e for e in candidates if word.startswith(e[1])) if candidates else ()
        plan = (slots, prefix) if slots or prefix else ()
        self._plans[token] = plan
        return plan

    def scan(self, text: str) -> dict[str, list[PhraseMatch]]:
        out: dict[str, list[PhraseMatch]] = {c: [] for c in self.categories}
        position: dict[str, int] = dict.fromkeys(self.categories, 0)
        for m, plan in _words_with_plans(self, text, 0, len(text)):
            start = m.start()
            best: dict[str, tuple[int, Any]] = {}
            slots, prefix = plan
            for slot in slots:
                entries = slot.entries
                if slot.has_second:
                    following = slot.following(text, start)
                    if not following:
                        entries = slot.plain  # no phrase's second word follows: only one-word phrases can match
                for category, lazy, payload, _, second in entries:
                    if start < position[category] or (second is not None and second not in following):
                        continue  # (a phrase whose second word does not follow cannot match)
                    hit = (lazy.compiled or lazy.compile()).match(text, start)
                    if hit and (category not in best or hit.end() > best[category][0]):
                        best[category] = (hit.end(), payload)
            for category, _, lazy, payload, _ in prefix:
                if start < position[category]:
                    continue
                hit = (lazy.compiled or lazy.compile()).match(text, start)
                if hit and (category not in best or hit.end() > best[category][0]):
                    best[category] = (hit.end(), payload)
            for category, (end, payload) in best.items():
                out[category].append(PhraseMatch(start, end, payload))
                position[category] = end
        return out


class PhraseScanner:
    """Component ``phrases``: the phrase matches of an index's categories, in one pass over the
    text (an index from :meth:`helpers.speech.lexicon.Lexicon.add_to`, the stance step's target
    aliases and cues...). Categories the document already holds are kept as they are."""

    name = "phrases"

    def __init__(self, index: PhraseIndex):
        self.index = index
        self.provides = f"hits:{index.categories[0]}" if index.categories else "-"

    def __call__(self, doc) -> None:
        for category, found in self.index.scan(doc.norm).items():
            doc.hits.setdefault(category, found)
