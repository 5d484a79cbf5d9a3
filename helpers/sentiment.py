"""Sentiment of each statement by two lexicons: TextBlob (polarity, subjectivity) and VADER
(compound). Both are stored so that a reader can see where they disagree; neither is stance."""

from __future__ import annotations

from functools import lru_cache

from textblob.en import sentiment as _pattern_sentiment
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def textblob_scores(text: str) -> tuple[float, float]:
    """(polarity −1…1, subjectivity 0…1): exactly ``TextBlob(text).sentiment`` (its PatternAnalyzer,
    which needs no corpora), called directly: TextBlob builds a namedtuple class on every call."""
    polarity, subjectivity = _pattern_sentiment(text)
    return float(polarity), float(subjectivity)


def vader_compound(text: str) -> float:
    return float(_vader().polarity_scores(text)["compound"])


def score(text: str) -> tuple[float, float, float]:
    polarity, subjectivity = textblob_scores(text)
    return round(polarity, 4), round(subjectivity, 4), round(vader_compound(text), 4)
