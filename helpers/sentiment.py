"""Sentiment of each statement by two lexicons: TextBlob (polarity, subjectivity) and VADER
(compound). Both are stored so that a reader can see where they disagree; neither is stance."""

from __future__ import annotations

from functools import lru_cache

from textblob.en.sentiments import PatternAnalyzer
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


@lru_cache(maxsize=1)
def _textblob() -> PatternAnalyzer:
    return PatternAnalyzer()


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def textblob_scores(text: str) -> tuple[float, float]:
    """(polarity −1…1, subjectivity 0…1), TextBlob's PatternAnalyzer (needs no corpora)."""
    result = _textblob().analyze(text)
    return float(result[0]), float(result[1])


def vader_compound(text: str) -> float:
    return float(_vader().polarity_scores(text)["compound"])


def score(text: str) -> tuple[float, float, float]:
    polarity, subjectivity = textblob_scores(text)
    return round(polarity, 4), round(subjectivity, 4), round(vader_compound(text), 4)
