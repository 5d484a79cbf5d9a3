"""Sentiment of each statement by two lexicons: TextBlob (polarity, subjectivity) and VADER
(compound). Both are stored so that a reader can see where they disagree; neither is stance.

The scores come from :mod:`helpers.sentiment.fast_lexicons`, which re-implements the two libraries'
scoring on their own lexicons and returns exactly their floats (tests/test_sentiment_exact.py checks
this against the libraries); anything that is not a ``str`` goes to the libraries themselves."""

from __future__ import annotations

from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from . import fast_lexicons as _fast

_pattern_sentiment = _fast._pattern_analyzer  # textblob.en.sentiment (loaded without importing NLTK)


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def textblob_scores(text: str) -> tuple[float, float]:
    """(polarity −1…1, subjectivity 0…1): exactly ``TextBlob(text).sentiment`` (its PatternAnalyzer,
    which needs no corpora)."""
    if isinstance(text, str):
        polarity, subjectivity = _fast.pattern_sentiment(text)
    else:
        polarity, subjectivity = _pattern_sentiment(text)
    return float(polarity), float(subjectivity)


def vader_compound(text: str) -> float:
    """Exactly ``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]``."""
    if isinstance(text, str):
        return float(_fast.vader_compound(text))
    return float(_vader().polarity_scores(text)["compound"])


def score(text: str) -> tuple[float, float, float]:
    polarity, subjectivity = textblob_scores(text)
    return round(polarity, 4), round(subjectivity, 4), round(vader_compound(text), 4)


class StatementSentiment:
    """Component ``sentiment``: each statement's TextBlob polarity and subjectivity and VADER
    compound (of its own words)."""

    name = "sentiment"
    provides = "sentiment"

    def __call__(self, doc) -> None:
        for statement in doc.statements:
            statement.polarity, statement.subjectivity, statement.vader_compound = score(
                doc.text[statement.start:statement.end])
