"""The fast sentiment scorers return exactly the libraries' floats (compared by repr, so -0.0 ≠ 0.0):
``TextBlob(t).sentiment`` and ``SentimentIntensityAnalyzer().polarity_scores(t)["compound"]``."""

from __future__ import annotations

import re
from functools import lru_cache

import nupunkt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob import TextBlob
from textblob import _text as pattern_text
from vaderSentiment import vaderSentiment as vader_module
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from helpers import paths
from helpers.sentiment import scores as sentiment

from .conftest import POLNEAR_DIR

SEEDS = sorted((paths.PROJECT_ROOT / "seeds").glob("*.txt"))


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def library(text: str) -> tuple[str, str, str]:
    polarity, subjectivity = TextBlob(text).sentiment
    return repr(polarity), repr(subjectivity), repr(_vader().polarity_scores(text)["compound"])


def ours(text: str) -> tuple[str, str, str]:
    polarity, subjectivity = sentiment.textblob_scores(text)
    return repr(polarity), repr(subjectivity), repr(sentiment.vader_compound(text))


def assert_same(texts) -> int:
    differ = [(t, library(t), ours(t)) for t in texts]
    differ = [d for d in differ if d[1] != d[2]]
    assert not differ, differ[:5]
    return len(texts)


def pieces(text: str) -> list[str]:
    """The text, its paragraphs (blank-line and single-line) and their sentences."""
    out = [text]
    for para in re.split(r"\n\s*\n", text) + text.splitlines():
        if para.strip():
            out.append(para)
            out.extend(nupunkt.sent_tokenize(para))
    return out


def test_seed_paragraphs_and_sentences():
    assert SEEDS
    texts = [p for path in SEEDS for p in pieces(path.read_text(encoding="utf-8"))]
    assert assert_same(texts) > 300


@pytest.mark.skipif(not (POLNEAR_DIR / "text").exists(), reason="../shared/polnear-dev not present")
def test_polnear_texts():
    texts = []
    for path in sorted((POLNEAR_DIR / "text").glob("*.txt"))[::4]:
        texts.extend(pieces(path.read_text(encoding="utf-8")))
    texts = texts[:600]
    assert assert_same(texts) >= 300


EDGE_CASES = [
    "", " ", "   \t\n  ", "\n\n", "\r\n\r\n", "1234", "3.5 per cent", "£1,200", "2008", "(2008)",
    "good", "not good", "isn't good", "isnt good", "it isn’t good", "don't like it", "do n't like it",
    "never good", "never so good", "never this good", "without doubt good", "without a doubt, excellent",
    "no good", "no no good", "not no good", "no problem", "no or nor bad", "nothing good at all",
    "very good", "very very good", "really not good", "really very bad", "extremely bad!", "good!!!", "bad!!!",
    "good!!!!!!", "good?", "good??", "good????", "good?!?!", "!!!", "???",
    ":)", ":-(", "<3", ":D", "xD", ":-D", ":c)", ":o)", ": )", ":-/", ":'(", "8)", "8-)", "(!)", "( ! )",
    "great (!)", "what a day :) :(", "so sad :'(", "o.O", "o_O", ">:(", ";-)", "♥", "°O°",
    "GOOD", "This is GOOD", "This is VERY GOOD", "VERY good news", "ALL CAPS ANGER", "The news is TERRIBLE!",
    "good but bad", "bad but good", "good, but not great", "but", "BUT good",
    "kind of good", "kinda bad", "sort of nice", "just enough good", "it is kind of bad",
    "the bomb", "this is the bomb", "that was the shit", "bad ass", "yeah right", "kiss of death",
    "to die for", "a beating heart", "bus stop", "at least good", "the least good", "very least good",
    "least good", "not the least bit bad",
    "see https://example.com/good-news?x=1 now", "email me at a.b@c.org", "www.bbc.co.uk",
    "“Good” news, ‘bad’ news", "He said: “This is terrible.”", "The dash — a good one – fine",
    "well-known", "self-defeating", "high-quality work", "anti-Labour bias",
    "it’s good", "I’m happy", "we’ll win", "they’re wrong", "you’ve failed", "he’d lose", "can’t win",
    "won't", "shouldn't have", "n't", "'s", "’", "'", "''", "\"good\"", "it's the best", "Mr. Smith is nice.",
    "U.S. policy is bad.", "e.g. a good idea", "etc. Bad...", "Wait... what? Good.", "END-OF-SENTENCE good",
    "good END-OF-SENTENCE bad", "a.m. good", "Good.\n\nBad.", "good\r\nbad", "tab\tgood",
    "nbsp\u00a0good", "zero\u200bwidth good", "\x1cgood\x1fbad", "emoji 😁 great", "💘💋", "I ❤ it",
    "lol", "sux", "Today SUX!", "Make sure you :) or :D today!", "Not bad at all",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", "İstanbul is great", "ǅ good",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases(text):
    assert ours(text) == library(text)


def test_every_whitespace_character():
    import sys
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert_same([f"good{s}bad" for s in spaces] + [f"not{s}{s}good" for s in spaces] + [spaces])


def test_non_str_goes_to_the_libraries():
    words = ["not", "a", "good", "day"]  # pattern scores a list of words without tokenizing it
    assert sentiment.textblob_scores(words) == tuple(pattern_text_sentiment()(words))


def test_score_rounds_the_exact_values():
    text = "A very good, but not great, day!"
    polarity, subjectivity = TextBlob(text).sentiment
    assert sentiment.score(text) == (round(polarity, 4), round(subjectivity, 4),
                                     round(_vader().polarity_scores(text)["compound"], 4))


# --- property test over text built from what the rules look at ------------------------------------

def _vocabulary() -> list[str]:
    analyzer = _vader()
    pattern_words = sorted(w for w in dict.keys(pattern_text_sentiment()) if w)
    vader_words = sorted(analyzer.lexicon)
    words = pattern_words[::23] + vader_words[::37]
    words += ["good", "bad", "great", "terrible", "happy", "sad", "best", "worst", "nice", "really", "very",
              "extremely", "quite", "so", "this", "never", "without", "doubt", "least", "at", "kind", "of", "sort",
              "the", "bomb", "shit", "no", "not", "nor", "or", "but", "a", "is", "it", "Labour", "Miliband"]
    words += list(vader_module.NEGATE) + list(vader_module.BOOSTER_DICT) + list(vader_module.SPECIAL_CASES)
    words += [f for faces in pattern_text.EMOTICONS.values() for f in sorted(faces)]
    words += [w for w in vader_words if not w.isalpha()][::5]
    words += ["n't", "'s", "'d", "'ll", "’s", "’", "'", '"', "“", "”", "‘", "(!)", "( !", "! )", "!", "?", "...", ".", ",", ";",
              ":", "(", ")", "-", "—", "8", "2008", "U.S.", "Mr.", "e.g.", "END-OF-SENTENCE", "😁", "💘", "❤"]
    return words


def pattern_text_sentiment():
    from textblob.en import sentiment as analyzer
    len(analyzer)  # load
    return analyzer


_WORDS = _vocabulary()
_word = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).map(str.upper),
    st.sampled_from(_WORDS).map(str.capitalize),
    st.text(alphabet="abcXYZ:;()!?.,'’-=<>38Do_ \n", min_size=1, max_size=4),
)
_separator = st.sampled_from([" ", " ", " ", " ", "", "  ", "\n", "\n\n", "\t", "! ", ". ", ", ", "-"])


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(st.tuples(_word, _separator), min_size=0, max_size=30))
def test_property_random_lexicon_text(parts):
    text = "".join(w + s for w, s in parts)
    assert ours(text) == library(text)
