"""Word lists from ``data/`` and the regular expressions built from them.

The speech and text components write their patterns with a word list's name in braces where its
words go (``r"\\b(?:{be.forms})\\s+$"``); :meth:`Vocabulary.compile` puts the list's words there,
escaped, joined by ``|`` in the file's order (the order of a regex's alternatives can change what
it matches). In a list entry a space matches any run of spaces and a lone ``*`` one word, except
where the pattern writes ``{=list.name}``: there the words are matched exactly as written
(``{^list.name}``: with a first letter of either case, ``[Ww]hen``).

The lists are those of ``data/grammar_words.toml`` (function words: auxiliaries, determiners,
prepositions...) and ``data/speaker_words.toml`` (honorifics, titles, media...), named by their
section and key (``[be] forms = [...]`` is ``be.forms``). :func:`load_vocabulary` reads them once
per version of the files (keyed by their hash), so an edited list is seen by the next run, and the
files are part of the statements step's configuration key (:data:`helpers.config.STEP_CONFIG_FILES`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import config

FILES = ("grammar_words.toml", "speaker_words.toml")

#: ``{section.key}`` in a pattern; ``{=section.key}`` for words matched with single spaces as
#: written, ``{^section.key}`` for words whose first letter may be either case (a regex quantifier,
#: ``{1,3}``, has no letters)
_PLACEHOLDER = re.compile(r"\{([=^]?)([a-z_]+(?:\.[a-z_]+)+)\}")


class Vocabulary:
    """Named word lists (``vocabulary["be.forms"]``) and the patterns built from them."""

    def __init__(self, lists: dict[str, tuple[str, ...]], key: str = ""):
        self.lists, self.key = lists, key
        self._compiled: dict[tuple[str, int], re.Pattern] = {}

    def __getitem__(self, name: str) -> tuple[str, ...]:
        try:
            return self.lists[name]
        except KeyError:
            raise config.ConfigError(f"no word list {name!r} in {' or '.join(FILES)}") from None

    def set(self, name: str) -> frozenset[str]:
        """The list's words, lower-cased (for membership tests)."""
        return frozenset(w.lower() for w in self[name])

    def alternation(self, name: str, form: str = "") -> str:
        """The list as regex alternatives, in its order: ``said|told|close\\s+to``; with ``form``
        "=", ``close to`` (spaces as written); with "^", ``[Ss]aid`` (a first letter of either case)."""
        if form == "=":
            return "|".join(re.escape(word) for word in self[name])
        if form == "^":
            return "|".join(f"[{w[0].upper()}{w[0].lower()}]{_entry_pattern(w[1:])}" for w in self[name])
        return "|".join(_entry_pattern(word) for word in self[name])

    def expand(self, template: str) -> str:
        """``template`` with each ``{list.name}`` (``{=list.name}``, ``{^list.name}``) replaced by the list's
        alternatives."""
        return _PLACEHOLDER.sub(lambda m: self.alternation(m.group(2), m.group(1)), template)

    def compile(self, template: str, flags: int = 0) -> re.Pattern:
        """The compiled pattern of ``template`` (kept: each is compiled once per vocabulary)."""
        key = (template, flags)
        pattern = self._compiled.get(key)
        if pattern is None:
            pattern = self._compiled[key] = re.compile(self.expand(template), flags)
        return pattern


def _entry_pattern(word: str) -> str:
    return r"\s+".join(r"\w+" if part == "*" else re.escape(part) for part in word.split())


def _flatten(table: dict, prefix: str, out: dict[str, tuple[str, ...]], source: str) -> None:
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, name + ".", out, source)
        elif isinstance(value, list):
            if name in out:
                raise config.ConfigError(f"{source}: word list {name!r} is defined twice")
            out[name] = tuple(str(w) for w in value)


@lru_cache(maxsize=4)
def _load(key: str) -> Vocabulary:
    lists: dict[str, tuple[str, ...]] = {}
    for name in FILES:
        _flatten(config.load_toml(name), "", lists, name)
    return Vocabulary(lists, key)


def load_vocabulary() -> Vocabulary:
    """The word lists as the files are now (read again only when one has changed)."""
    return _load(config.files_hash(FILES))
