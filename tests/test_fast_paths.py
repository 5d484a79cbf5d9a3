"""Speed-ups give exactly what the plain code gives: the phrase matchers find what trying every
phrase's regex at every word finds; rewritten patterns and shortcuts match as the plain ones.

:mod:`helpers.text.phrases` skips a phrase's regex when the text does not go on with the phrase's
second word, and decides per distinct word which phrases to try. The reference below is the
plain algorithm (every phrase keyed by its first word, every regex tried); both must give the
same matches, with the same payloads, on real texts and on generated ones."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import paths
from helpers.speech import lexicon as lexicon_module
from helpers.stance import rules as stance
from helpers.stance import targets as targets_module
from helpers.text import phrases
from helpers.text.textnorm import for_matching

from .conftest import FIXTURES, POLNEAR_DIR


class ReferenceIndex:
    """The phrase index before its speed-ups: every candidate phrase's regex is tried."""

    def __init__(self):
        self.entries: dict[str, list] = {}
        self.prefix: dict[str, list] = {}
        self.categories: list[str] = []

    def add(self, category, phrases_, ignore_case=False, hyphen_ends_word=False, allow_possessive=False):
        flags = re.IGNORECASE if ignore_case else 0
        end = r"(?![\w-])" if hyphen_ends_word else r"(?!\w)"
        tail = r"(?:'s|')?" if allow_possessive else ""
        self.categories.append(category)
        for phrase, payload in phrases_:
            phrase = phrase.strip()
            if not phrase:
                continue
            compiled = re.compile(phrases._phrase_pattern(phrase) + tail + end, flags)
            first = phrase.split()[0]
            if first.endswith("*"):
                stem = first[:-1].lower()
                self.prefix.setdefault(stem[:3], []).append((category, stem, compiled, payload, len(phrase)))
            else:
                self.entries.setdefault(first.lower(), []).append((category, compiled, payload, len(phrase)))
        for entries in self.entries.values():
            entries.sort(key=lambda e: -e[3])
        for entries in self.prefix.values():
            entries.sort(key=lambda e: -e[4])
        return self

    def scan(self, text):
        out = {c: [] for c in self.categories}
        position = dict.fromkeys(self.categories, 0)
        for m in phrases._WORD.finditer(text):
            word, start = m.group().lower(), m.start()
            best: dict[str, tuple[int, Any]] = {}
            for key in phrases._keys(word):
                for category, compiled, payload, _ in self.entries.get(key, ()):
                    hit = compiled.match(text, start) if start >= position[category] else None
                    if hit and (category not in best or hit.end() > best[category][0]):
                        best[category] = (hit.end(), payload)
            for category, stem, compiled, payload, _ in self.prefix.get(word[:3], ()):
                if start >= position[category] and word.startswith(stem):
                    hit = compiled.match(text, start)
                    if hit and (category not in best or hit.end() > best[category][0]):
                        best[category] = (hit.end(), payload)
            for category, (end, payload) in best.items():
                out[category].append((start, end, id(payload)))
                position[category] = end
        return out


def reference_finditer(matcher_phrases, text, start, end, ignore_case=False, hyphen_ends_word=False,
                       allow_possessive=False):
    """PhraseMatcher.finditer before its speed-ups."""
    flags = re.IGNORECASE if ignore_case else 0
    tail = r"(?:'s|')?" if allow_possessive else ""
    ending = r"(?![\w-])" if hyphen_ends_word else r"(?!\w)"
    exact, prefix, seen = {}, {}, set()
    for phrase, payload in matcher_phrases:
        phrase = phrase.strip()
        if not phrase or (phrase, id(payload)) in seen:
            continue
        seen.add((phrase, id(payload)))
        compiled = re.compile(phrases._phrase_pattern(phrase) + tail + ending, flags)
        first = phrase.split()[0]
        if first.endswith("*"):
            stem = first[:-1].lower() if ignore_case else first[:-1]
            prefix.setdefault(stem[:3], []).append((stem, compiled, payload, len(phrase)))
        else:
            exact.setdefault(first.lower() if ignore_case else first, []).append((compiled, payload, len(phrase)))
    for entries in exact.values():
        entries.sort(key=lambda e: -e[2])
    for entries in prefix.values():
        entries.sort(key=lambda e: -e[3])
    out, position = [], start
    for m in phrases._WORD.finditer(text, start, end):
        if m.start() < position:
            continue
        key = m.group().lower() if ignore_case else m.group()
        best = None
        for k in phrases._keys(key):
            for compiled, payload, _ in exact.get(k, ()):
                hit = compiled.match(text, m.start(), end)
                if hit and (best is None or hit.end() > best[1]):
                    best = (hit.start(), hit.end(), id(payload))
                    break
        for stem, compiled, payload, _ in prefix.get(key[:3], ()):
            if key.startswith(stem):
                hit = compiled.match(text, m.start(), end)
                if hit and (best is None or hit.end() > best[1]):
                    best = (hit.start(), hit.end(), id(payload))
        if best is not None:
            out.append(best)
            position = best[1]
    return out


def _fill(index):
    lexicon_module.load_lexicon().add_to(index)
    targets_module.add_to(index, targets_module.load_targets())
    stance.add_to(index, stance.load_cues()[0])
    return index


@pytest.fixture(scope="module")
def indexes():
    return _fill(phrases.PhraseIndex()), _fill(ReferenceIndex())


def _same(indexes, text):
    fast, reference = indexes
    got = {c: [(m.start, m.end, id(m.payload)) for m in hits] for c, hits in fast.scan(text).items()}
    assert got == reference.scan(text)


def _texts() -> list[str]:
    files = sorted(paths.SEEDS_DIR.glob("*.txt")) + sorted((FIXTURES / "styles").rglob("*.txt"))
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    if POLNEAR_DIR.exists():
        texts += [f.read_text(encoding="utf-8", errors="replace")
                  for f in sorted((POLNEAR_DIR / "text").glob("*"))[:40]]
    return texts


def test_same_hits_as_every_regex_on_real_texts(indexes):
    texts = _texts()
    assert len(texts) > 20
    for text in texts:
        _same(indexes, text)
        _same(indexes, for_matching(text))


TRICKY = [
    "The Labour Party said", "the  labour   party", "the\nLabour\u00a0Party's", "THE LABOUR PARTY",
    "the Labour Partying", "Labour's party", "the Labour-Party", "The Washington Post's view", "the ſtandard",
    "the \u212aelvin", "İthe Labour", "the La\u0301bour party", "the two main parties", "the two  main\tparties",
    "the", "the ", "want him to be leader", "want Ed Miliband to be prime minister", "the Tories'",
    "betrayal of the left-wing", "the left", "no desire to return", "Ed Miliband", "Ed  Miliband's",
]


def test_same_hits_on_tricky_texts(indexes):
    for text in TRICKY:
        _same(indexes, text)
        _same(indexes, text.upper())
        _same(indexes, text.lower())


_words = st.sampled_from(["the", "The", "THE", "Labour", "labour", "Party", "party", "party's", "two", "main",
                          "parties", "Ed", "Miliband", "Miliband's", "want", "him", "to", "be", "leader", "left",
                          "left-wing", "no", "desire", "return", "Washington", "Post", "ſ", "\u212a", "İ", "said",
                          "according", "sources", "close", "a", "senior", "Tory", "Tories", "Mail", "on", "Sunday"])
_spaces = st.sampled_from([" ", "  ", "\n", "\u00a0", "\t", ", ", "'", "-", ". ", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_words, _spaces), min_size=1, max_size=14))
def test_same_hits_on_generated_texts(indexes, parts):
    _same(indexes, "".join(w + s for w, s in parts))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_words, _spaces), min_size=1, max_size=14), st.booleans(), st.booleans(),
       st.booleans(), st.integers(0, 5), st.integers(0, 5))
def test_matcher_same_as_every_regex(parts, ignore_case, hyphen, possessive, cut_start, cut_end):
    text = "".join(w + s for w, s in parts)
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    phrase_list = [(p, p) for p in ("the Labour Party", "the labour", "Labour", "the two main parties", "Ed Miliband",
                                    "Ed", "want * to be", "part*", "the Mail on Sunday", "left", "no desire",
                                    "The Washington Post", "Miliband", "sources close to", "the ſtandard")]
    matcher = phrases.PhraseMatcher(phrase_list, ignore_case=ignore_case, hyphen_ends_word=hyphen,
                                    allow_possessive=possessive)
    got = [(m.start, m.end, id(m.payload)) for m in matcher.finditer(text, start, end)]
    assert got == reference_finditer(phrase_list, text, start, end, ignore_case, hyphen, possessive)


# Other fast paths that must give what the plain code gives.

_chars = st.text(alphabet=st.sampled_from(list("aZ Mr.J@'-_é É,;:\n\t\u00a0\u2003\u1680\x85\r)]\"”’…!?1")), max_size=30)


def test_name_runs_are_the_pattern_matches():
    from helpers.speech.mentions import NAME_RUN, name_runs

    for text in _texts() + TRICKY:
        norm = for_matching(text)
        assert [m.span() for m in name_runs(norm)] == [m.span() for m in NAME_RUN.finditer(norm)]


@settings(max_examples=500, deadline=None)
@given(_chars)
def test_name_runs_on_generated_texts(text):
    from helpers.speech.mentions import NAME_RUN, name_runs

    assert [m.span() for m in name_runs(text)] == [m.span() for m in NAME_RUN.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(_chars)
def test_line_end_rules_and_squash(text):
    from helpers.ingest import cleaning
    from helpers.text import textnorm

    for pattern in (cleaning._SENTENCE_END, cleaning._OPEN_END):
        assert cleaning._ends_with(pattern, text) == bool(pattern.search(text))
    assert textnorm.squash(text) == re.sub(r"\s+", " ", for_matching(text)).strip().casefold()


def _single_quotes_reference(text, norm, lo, hi, paragraph):
    """quotes.single_quotes before it jumped from mark to mark (it looked at every character)."""
    from helpers.speech.quotes import _CLOSE_AFTER, _ELISIONS, _OPEN_BEFORE, OPENING_SINGLE, QuoteSpan

    spans, open_at, i = [], None, lo
    while i < hi:
        if norm[i] == "'":
            before = norm[i - 1] if i > lo else ""
            after = norm[i + 1] if i + 1 < hi else ""
            if open_at is None:
                starts_word = before in _OPEN_BEFORE or before == '"'
                if (starts_word or text[i] in OPENING_SINGLE) and after.isalnum() and not _ELISIONS.match(norm, i):
                    open_at = i
            else:
                inner_word = before.isalnum() and after.isalnum()
                if not inner_word and before not in ("", " ") and (after in _CLOSE_AFTER or after == '"'):
                    if i - open_at > 1:
                        spans.append(QuoteSpan(open_at + 1, i, open_at, i, paragraph, mark="'"))
                    open_at = None
        i += 1
    return spans


_quote_chars = st.lists(st.sampled_from(list("ab1 '\"‘’“”\n.,;:!?)(-_") + ["''", "'em", "'90s"]), max_size=30).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_quote_chars, st.integers(0, 5), st.integers(0, 5))
def test_quote_marks_as_before(text, cut_lo, cut_hi):
    from helpers.speech import quotes

    norm = for_matching(text)
    lo, hi = min(cut_lo, len(norm)), max(min(cut_lo, len(norm)), len(norm) - cut_hi)
    fast = [m.span() for m in quotes._DOUBLE_MARK_FAST.finditer(norm, lo, hi)]
    assert fast == [m.span() for m in quotes._DOUBLE_MARK.finditer(norm, lo, hi)]
    assert quotes.single_quotes(text, norm, lo, hi, 0) == _single_quotes_reference(text, norm, lo, hi, 0)


def test_quote_marks_as_before_on_real_texts():
    from helpers.speech import quotes

    for text in _texts():
        norm = for_matching(text)
        assert [m.span() for m in quotes._DOUBLE_MARK_FAST.finditer(norm)] == \
            [m.span() for m in quotes._DOUBLE_MARK.finditer(norm)]
        assert quotes.single_quotes(text, norm, 0, len(norm), 0) == _single_quotes_reference(text, norm, 0, len(norm), 0)


def _pattern_pairs():
    """(the plain pattern, the pattern the code uses instead) for every rewritten pattern."""
    from helpers.speech import lexicon, mentions
    from helpers.stance import targets

    nouns = sorted((n for n in lexicon.load_lexicon().description_nouns if n not in ("former", "man", "woman")),
                   key=len, reverse=True)
    description = re.compile(r"\b[Tt]he\s+(?:(?:former|veteran|outspoken|embattled|avowed|ex-)[\w-]*\s+)?(?:"
                             + "|".join(f"(?i:{re.escape(n)})" for n in nouns) + r")\b")
    return [
        (re.compile(r"\b(he|him|his|she|her|hers|they|them|their)\b", re.IGNORECASE | re.ASCII), targets._THIRD_PERSON),
        (re.compile(r"\b(I|me|my|mine|myself|we|us|our|ours)\b"), targets._FIRST_PERSON),
        (re.compile(r"[.;:!?]|\bbut\b"), targets._CLAUSE_END),
        (re.compile(r"\byou\b", re.IGNORECASE), targets._YOU),
        (re.compile(r"\b(?:said|says|say|wrote|writes|added|adds|joked|remarked|observed)\s+of\s+"),
         targets.TargetFinder._SAID_OF),
        (re.compile(r"\b(he|she|they|it|we|I)\b", re.IGNORECASE | re.ASCII), mentions._PRONOUN_RE),
        (description, targets._description_pattern(lexicon.load_lexicon().description_nouns)),
    ]


_pronoun_words = st.sampled_from(["he", "him", "his", "she", "her", "hers", "they", "them", "their", "I", "i", "me",
                                  "my", "mine", "myself", "we", "us", "our", "ours", "it", "you", "YOU", "but", "said",
                                  "says", "wrote", "added", "observed", "of", "the", "The", "former", "MP", "party",
                                  "HE", "tHeIr", "İt", "ſhe", "Kim", "x"])
_pronoun_seps = st.sampled_from([" ", "", ".", ",", "\n", "'", "-", "_", "é", "1", "  ", "ß"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(_pronoun_words, _pronoun_seps), min_size=1, max_size=6), st.integers(0, 3), st.integers(0, 3))
def test_rewritten_patterns_match_as_the_plain_ones(parts, cut_lo, cut_hi):
    text = "".join(w + s for w, s in parts)
    lo, hi = min(cut_lo, len(text)), max(min(cut_lo, len(text)), len(text) - cut_hi)
    for plain, fast in _pattern_pairs():
        assert [(m.span(), m.groups()) for m in fast.finditer(text, lo, hi)] == \
            [(m.span(), m.groups()) for m in plain.finditer(text, lo, hi)], plain.pattern


def test_rewritten_patterns_on_real_texts():
    pairs = _pattern_pairs()
    for text in _texts():
        norm = for_matching(text)
        for plain, fast in pairs:
            assert [m.span() for m in fast.finditer(norm)] == [m.span() for m in plain.finditer(norm)]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["Mr", "Mrs", "Capt", "Sept", "U.S", "U.K", "A", "x", "xMr", "No", "vs", ".", ". ", " ",
                                 "  ", "\t", "é", "Dr.", "said", "1"]), max_size=8).map("".join))
def test_abbreviation_end_as_the_plain_search(text):
    from helpers.text import segment

    assert segment._ends_with_abbreviation(text) == bool(segment._ABBREV_END.search(text))


def test_abbreviation_end_on_real_sentences():
    import nupunkt

    from helpers.text import segment

    n = 0
    for text in _texts():
        for para in for_matching(text).split("\n"):
            for s, e in nupunkt.sent_spans(para) if para.strip() else ():
                n += 1
                assert segment._ends_with_abbreviation(para[s:e]) == bool(segment._ABBREV_END.search(para[s:e]))
    assert n > 500


_line_parts = st.sampled_from(["Tags: x", "Share this", "Photo: Reuters", "Photograph: PA", "Read more:", "# ", "## Head",
                               "**bold**", "__b__", "[link](https://x.org/a)", "Labour", " ", ":", "-", "said",
                               "Click here", "And there is a follow-up piece here", "©", "https://a.b", "*", "_", "["])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_line_parts, max_size=6).map("".join))
def test_cleaning_shortcuts_as_the_plain_rules(line):
    from helpers.ingest import cleaning

    rules = cleaning.load_rules()
    assert cleaning._is_furniture(line, rules) == bool(rules.furniture_any.search(line))
    for (pattern, _), needs in zip(rules.rewrites, rules.rewrite_needs):
        if needs is not None and not any(ch in line for ch in needs):
            assert pattern.search(line) is None


def test_cleaning_shortcuts_on_real_lines():
    from helpers.ingest import cleaning

    rules = cleaning.load_rules()
    assert rules.furniture_split is not None and any(needs is not None for needs in rules.rewrite_needs)
    for text in _texts():
        for line in text.split("\n"):
            line = line.strip()
            assert cleaning._is_furniture(line, rules) == bool(rules.furniture_any.search(line))
            for (pattern, _), needs in zip(rules.rewrites, rules.rewrite_needs):
                if needs is not None and not any(ch in line for ch in needs):
                    assert pattern.search(line) is None


def test_required_characters():
    from helpers.ingest.cleaning import _required_chars

    assert _required_chars(re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")) == frozenset("*_")
    assert _required_chars(re.compile(r"^\s*Tags?\s*:.*$", re.IGNORECASE)) == frozenset(":")
    assert _required_chars(re.compile(r"a(?=:)b")) is None  # a look-ahead consumes nothing
    assert _required_chars(re.compile(r"x:?y")) is None  # optional
    assert _required_chars(re.compile(r"(?:a:|b)")) is None  # one alternative needs nothing
    assert _required_chars(re.compile(r"[A-Z]#")) == frozenset("#")
