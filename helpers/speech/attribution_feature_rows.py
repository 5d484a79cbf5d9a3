"""The attribution CRF's features as rows of its weight matrix, without building their strings.

:func:`helpers.speech.attribution_features.token_features` is the method: each token's features as
strings, which :meth:`helpers.speech.crf.LinearChainCRF.emissions` looks up in the model. A run only
needs the rows those strings point at. Here each feature template gets a table, made once from the
model's feature names, from the template's value (a word, a shape, a pair of words...) to the row,
and an article's rows are read column by column (template by template, all its paragraphs at once;
see :class:`FeatureRows`). The rows, and so the emissions, are exactly those of the strings, in the
same order, an unknown feature included (it points at the zero row as there);
``tests/test_attribution_model.py`` checks this against the strings.
"""

from __future__ import annotations

import numpy as np

from .attribution_features import _PRONOUNS, ParagraphTokens, _bucket

#: templates whose value is one string: "w=" + word
_SINGLE = ("w=", "s3=", "sh=", "pos=", "sent=", "w-1=", "w+1=", "w-2=", "w+2=", "sh+1=", "cue=", "lastw=",
           "scue=", "m-1=", "m+1=", "commas=", "q=", "m=", "r=")
#: templates whose value is two strings joined by "|": "w-1w=" + word before + "|" + word
_PAIR = ("w-1w=", "sh-1=", "last=", "w|w+1=")
#: features without a value
_FLAGS = ("b", "pron", "cue<3", "cue>3", "aftercue", "rcue", "rsrc")
_ABSENT = -1  # (a feature the token does not have, as opposed to one the model has no weight for)


#: the templates of one word, read once per distinct word; "pron" with them, and the word's id
#: among the words of the pair templates (``FeatureRows._pair_words``)
_OF_WORD = ("w=", "s3=", "w-1=", "w+1=", "w-2=", "w+2=", "lastw=")
_W, _S3, _BEFORE, _AFTER, _BEFORE2, _AFTER2, _LAST_WORD, _PRON, _PAIR_WORD = range(len(_OF_WORD) + 2)
_WORDS_REMEMBERED = 200_000  # distinct words (≈ 20 MB); past it the word codes start again


class _Codes:
    """Strings → consecutive ints, each with its row in a few templates (``rows_of``, computed the
    first time the string is seen), kept in one array so that a paragraph's rows are one gather."""

    def __init__(self, rows_of, width: int, limit: int | None = None):
        self.rows_of, self.limit = rows_of, limit
        self.code: dict[str, int] = {}
        self.names: list[str] = []
        self.table = np.zeros((16, width), dtype=np.int64)

    def rows(self, values: list[str]) -> np.ndarray:
        """Each value's rows (value × template)."""
        codes = self.codes(values)  # (before reading ``table``: new values grow it)
        return self.table[codes]

    def codes(self, values: list[str]) -> np.ndarray:
        if self.limit is not None and len(self.names) > self.limit:
            self.code.clear()
            self.names.clear()
        found = [self.code.get(v) for v in values]
        if None in found:
            found = [self._add(v) if c is None else c for v, c in zip(values, found)]
        return np.array(found, dtype=np.int64)

    def _add(self, value: str) -> int:
        if value in self.code:  # (seen earlier in the same paragraph)
            return self.code[value]
        if len(self.names) == len(self.table):
            self.table = np.concatenate([self.table, np.zeros_like(self.table)])
        self.table[len(self.names)] = self.rows_of(value)
        self.code[value] = len(self.names)
        self.names.append(value)
        return self.code[value]


class FeatureRows:
    """Each template's value → row of the model's weights; ``unknown`` is the zero row.

    The model has some 100,000 features, most of them words and pairs of words, and looking a
    string up in tables this size is slow (a cache miss each time), as is Python work per feature:
    each distinct word, shape, mention kind and rule kind gets a code the first time it is seen,
    with its rows in the templates it fills; a paragraph's columns are gathers of these, shifted
    by one or two tokens for the neighbours' templates; pairs of neighbouring words ("w-1w=",
    "w|w+1=") are found by a sorted search on a number made from the two words' codes."""

    def __init__(self, state: dict[str, int], unknown: int):
        self.unknown = unknown
        self.single = {prefix: {} for prefix in _SINGLE}
        pair = {prefix: {} for prefix in _PAIR}
        self.flag = {name: state.get(name, unknown) for name in _FLAGS}
        for feature, row in state.items():
            # (each template's name ends at its only "=": a feature's first "=" ends its template's)
            prefix = feature[:feature.find("=") + 1]
            if prefix in self.single:
                self.single[prefix][feature[len(prefix):]] = row
            elif prefix in pair:
                _add_pairs(pair[prefix], feature[len(prefix):], row)
        self.pair = {prefix: pair[prefix] for prefix in ("sh-1=", "last=")}
        self._index_word_pairs(pair["w-1w="], pair["w|w+1="])
        self.words = _Codes(self._word_rows, _PAIR_WORD + 1, limit=_WORDS_REMEMBERED)
        self.shapes = _Codes(lambda v: [self._get("sh=", v), self._get("sh+1=", v)], 2)
        self.shapes.codes(["<p>"])  # (code 0: before the first token, for "sh-1=")
        self._shape_pairs = np.zeros((0, 0), dtype=np.int64)
        self.mentions = _Codes(lambda v: [self._get("m=", v), self._get("m-1=", v), self._get("m+1=", v)], 3)
        self.rules = _Codes(lambda v: [self._get("r=", v)], 1)
        self.bucket = {prefix: np.array([self._get(prefix, _bucket(k)) for k in range(12)])
                       for prefix in ("pos=", "sent=", "commas=")}  # (_bucket(k) is "11+" from 11 on)

    def _get(self, prefix: str, value: str) -> int:
        return self.single[prefix].get(value, self.unknown)

    def _index_word_pairs(self, before_word: dict, word_after: dict) -> None:
        """Pairs of words as sorted numbers ``first * size + second`` of the pair words' codes, with
        their rows in "w-1w=" and "w|w+1="; -1 first, which no pair is (a search always lands)."""
        keys = before_word.keys() | word_after.keys()
        self._pair_words = {w: i for i, w in enumerate(sorted({w for key in keys for w in key}))}
        self._pair_size = len(self._pair_words) + 1  # (the last code: a word in no pair)
        numbered = sorted((self._pair_words[a] * self._pair_size + self._pair_words[b], (a, b)) for a, b in keys)
        self._pair_keys = np.array([-1] + [number for number, _ in numbered], dtype=np.int64)
        self._pair_rows = np.array([(self.unknown, self.unknown)] + [
            (before_word.get(key, self.unknown), word_after.get(key, self.unknown)) for _, key in numbered],
            dtype=np.int64)

    def _pair_word(self, word: str) -> int:
        return self._pair_words.get(word, self._pair_size - 1)

    def _word_rows(self, word: str) -> list[int]:
        rows = [self._get(prefix, word[-3:] if prefix == "s3=" else word) for prefix in _OF_WORD]
        return rows + [self.flag["pron"] if word in _PRONOUNS else _ABSENT, self._pair_word(word)]

    def rows(self, paragraphs: list[ParagraphTokens]) -> tuple[np.ndarray, np.ndarray]:
        """The rows of each token's features, the paragraphs' tokens one after another, and where
        each token's start (read for all paragraphs of an article at once: fewer, longer arrays)."""
        columns = np.stack(self._columns(_Joined(paragraphs)))  # template × token
        present = columns.T != _ABSENT
        rows = columns.T[present]  # (token by token, each in the templates' order)
        counts = present.sum(axis=1)
        starts = np.zeros(len(counts), dtype=np.int64)
        np.cumsum(counts[:-1], out=starts[1:])
        return rows, starts

    def _columns(self, t: "_Joined") -> list[np.ndarray]:
        """One array per feature of :func:`token_features`, in its order, with a row or ``_ABSENT`` per token."""
        n, flag, shifted = len(t.lowers), self.flag, t.shifted

        def when(name, conditions):
            return np.where(np.array(conditions, dtype=bool), flag[name], _ABSENT)

        words = self.words.rows(t.lowers)
        pair_words = words[:, _PAIR_WORD]
        shape_codes = self.shapes.codes(t.shapes)
        shapes = self.shapes.table[shape_codes]
        mentions = self.mentions.rows(t.mention_kinds)
        columns = [np.full(n, flag["b"], dtype=np.int64), words[:, _W], words[:, _S3], shapes[:, 0],
                   self._buckets("pos=", t.position), self._buckets("sent=", t.sentence),
                   shifted(words[:, _BEFORE], 1, self._get("w-1=", "<p>")),
                   shifted(words[:, _AFTER], -1, self._get("w+1=", "</p>")),
                   shifted(words[:, _BEFORE2], 2, self._get("w-2=", "<p>")),
                   shifted(words[:, _AFTER2], -2, self._get("w+2=", "</p>")),
                   self._word_pairs(shifted(pair_words, 1, self._pair_word("<p>")), pair_words)[:, 0],
                   self._shape_pair_rows()[shifted(shape_codes, 1, 0), shape_codes],
                   shifted(shapes[:, 1], -1, self._get("sh+1=", "</p>")), words[:, _PRON]]
        columns += self._each(self.single["cue="], t.cue_kinds)
        columns += [when("cue<3", t.near(t.is_cue, range(1, 4))), when("cue>3", t.near(t.is_cue, range(-3, 0))),
                    when("aftercue", t.seen_cue), *self._last_cue(t, words)]
        columns += self._each(self.single["scue="], t.sentence_cues)
        columns += [self._word_pairs(pair_words, shifted(pair_words, -1, self._pair_word("</p>")))[:, 1],
                    shifted(mentions[:, 1], 1, self._get("m-1=", "<p>")),
                    shifted(mentions[:, 2], -1, self._get("m+1=", "</p>")), self._buckets("commas=", t.commas),
                    np.where(np.array(t.quoted, dtype=bool), self._get("q=", "in"), self._get("q=", "out")),
                    mentions[:, 0], self.rules.rows(t.rule_kind)[:, 0],
                    when("rcue", t.rule_cue), when("rsrc", t.rule_source)]
        return columns

    def _word_pairs(self, firsts: np.ndarray, seconds: np.ndarray) -> np.ndarray:
        """The rows of pairs of neighbouring words (by pair-word codes) in "w-1w=" and "w|w+1="."""
        numbers = firsts * self._pair_size + seconds
        at = np.searchsorted(self._pair_keys, numbers, side="right") - 1
        return np.where((self._pair_keys[at] == numbers)[:, None], self._pair_rows[at], self.unknown)

    def _shape_pair_rows(self) -> np.ndarray:
        """"sh-1=" rows by (shape before, shape) codes, remade when a new shape has been seen."""
        names = self.shapes.names
        if len(self._shape_pairs) != len(names):
            table = self.pair["sh-1="]
            self._shape_pairs = np.array([[table.get((a, b), self.unknown) for b in names] for a in names],
                                         dtype=np.int64)
        return self._shape_pairs

    def _last_cue(self, t: "_Joined", words: np.ndarray) -> list[np.ndarray]:
        """"last=" (the sentence's last cue kind and how far back) and "lastw=" (its word), after a cue.
        The last cue word before a token that has one (in its sentence) is the last cue token before it."""
        n = len(t.lowers)
        seen = np.array(t.seen_cue, dtype=bool)
        cue_index = np.maximum.accumulate(np.where(np.array(t.is_cue, dtype=bool), np.arange(n), -1))
        before = np.concatenate(([0], cue_index[:-1]))  # (meaningful only where ``seen``)
        table = self.pair["last="]
        last = np.full(n, _ABSENT, dtype=np.int64)
        after = np.flatnonzero(seen)
        last[after] = [table.get((t.last_cue[i], _bucket(t.since_cue[i])), self.unknown) for i in after.tolist()]
        return [last, np.where(seen, words[before, _LAST_WORD], _ABSENT)]

    def _buckets(self, prefix: str, counts: list[int]) -> np.ndarray:
        """Rows of bucketed counts (counts, and sentences from the paragraph's first: never negative)."""
        return self.bucket[prefix][np.minimum(np.array(counts, dtype=np.int64), 11)]

    def _each(self, table: dict[str, int], values_per_token: list[list[str]]) -> list[np.ndarray]:
        """A template a token can have several times ("cue=" + each cue kind): one column per turn."""
        unknown, most = self.unknown, max(map(len, values_per_token))
        return [np.array([table.get(values[k], unknown) if k < len(values) else _ABSENT
                          for values in values_per_token], dtype=np.int64) for k in range(most)]


class _Joined:
    """The paragraphs' tokens one after another: each field of :class:`ParagraphTokens` joined,
    with each token's place in its paragraph, so that neighbours are not looked for across one."""

    def __init__(self, paragraphs: list[ParagraphTokens]):
        for name in ParagraphTokens.__dataclass_fields__:
            setattr(self, name, [v for p in paragraphs for v in getattr(p, name)])
        self.index = np.concatenate([np.arange(len(p.spans)) for p in paragraphs])
        self.left = np.concatenate([np.arange(len(p.spans))[::-1] for p in paragraphs])  # (tokens after it)

    def shifted(self, values: np.ndarray, by: int, fill: int) -> np.ndarray:
        """``values`` of the token ``by`` places before each (after, when negative) in its paragraph,
        else ``fill``."""
        out = np.full(len(values), fill, dtype=np.int64)
        if by > 0:
            inside = self.index[by:] >= by
            out[by:][inside] = values[:-by][inside]
        else:
            inside = self.left[:by] >= -by
            out[:by][inside] = values[-by:][inside]
        return out

    def near(self, marked: list[bool], offsets: range) -> list[bool]:
        """Whether a marked token of the paragraph stands at one of ``offsets`` from each token
        (``any(marked[i - 3:i])`` for offsets 1 to 3), computed from the few marked tokens."""
        near = [False] * len(marked)
        index, left = self.index.tolist(), self.left.tolist()
        for j in np.flatnonzero(marked).tolist():
            for offset in offsets:
                if -index[j] <= offset <= left[j]:
                    near[j + offset] = True
        return near


def _add_pairs(table: dict[tuple[str, str], int], value: str, row: int) -> None:
    """``value`` is first + "|" + second, and either may hold a "|" (the token "|"): every split is
    kept, since the string of any pair that splits so is this very feature."""
    at = value.find("|")
    while at >= 0:
        table[(value[:at], value[at + 1:])] = row
        at = value.find("|", at + 1)
