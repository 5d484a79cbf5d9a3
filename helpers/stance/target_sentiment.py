"""Sentiment toward one target (a person or an organisation) in one sentence, by a linear model
trained on NewsMTSC (``python -m helpers train``; docs/target_sentiment.md).

The model is a multinomial logistic regression over the features of
:mod:`helpers.stance.target_features`. Its vocabulary and weights live in a readable JSON file
(``data/models/target_sentiment.json``); scoring is plain Python over that file, so a run needs
neither scikit-learn nor training::

    model = TargetSentimentModel.load()
    label, probabilities, evidence = model.predict("Critics said Corbyn had betrayed his voters.", [(13, 19)])
    # "negative", {"negative": 0.8, ...}, [("R1:betrayed", 0.9), ...]

``target_spans`` are the character spans of the target's mentions in the text (the main mention
first); ``other_spans`` those of other targets named in the same sentence, which the model uses to
tell what is aimed at which.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import paths
from .target_features import features

MODEL_FILE = paths.PROJECT_ROOT / "data" / "models" / "target_sentiment.json"
FORMAT = "target-sentiment-logistic/1"
Span = tuple[int, int]


@dataclass(frozen=True)
class Prediction:
    label: str
    probabilities: dict[str, float]
    top_features: list[tuple[str, float]]

    def __iter__(self):  # label, probabilities, top_features = model.predict(...)
        return iter((self.label, self.probabilities, self.top_features))


class TargetSentimentModel:
    """The trained weights and the arithmetic that scores features with them."""

    def __init__(self, classes: Sequence[str], intercept: Sequence[float], weights: dict[str, Sequence[float]],
                 groups: Sequence[str], neutral_bias: float = 0.0, info: dict | None = None):
        self.classes = tuple(classes)
        self.intercept = tuple(float(x) for x in intercept)
        self.weights = {name: tuple(float(x) for x in w) for name, w in weights.items()}
        self.groups = tuple(groups)
        self.neutral_bias = float(neutral_bias)
        self.info = dict(info or {})
        if len(self.classes) != 3 or "neutral" not in self.classes:
            raise ValueError(f"expected three classes with 'neutral' among them, not {self.classes}")
        self._neutral = self.classes.index("neutral")

    # -- file -------------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | str | None = None) -> TargetSentimentModel:
        path = Path(path) if path is not None else MODEL_FILE
        if not path.exists():
            raise FileNotFoundError(f"{path}: no trained target-sentiment model; run `python -m helpers train`")
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"{path}: not a {FORMAT} file")
        return cls(data["classes"], data["intercept"], data["weights"], data["feature_groups"],
                   data.get("neutral_bias", 0.0), data.get("training"))

    def to_json(self) -> str:
        """The model as the JSON text that :meth:`load` reads: the header indented, then one line per
        feature sorted by name (a retrain that learns the same weights writes the same bytes)."""
        header = {
            "format": FORMAT,
            "classes": list(self.classes),
            "feature_groups": list(self.groups),
            "neutral_bias": self.neutral_bias,
            "intercept": list(self.intercept),
            "training": self.info,
        }
        head = json.dumps(header, indent=1, ensure_ascii=False)[:-2]  # without the closing "\n}"
        lines = [f" {json.dumps(name, ensure_ascii=False)}: {json.dumps(list(self.weights[name]))}"
                 for name in sorted(self.weights)]
        return head + ',\n "weights": {\n' + ",\n".join(lines) + "\n }\n}\n"

    def save(self, path: Path | str | None = None) -> Path:
        path = Path(path) if path is not None else MODEL_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json(), encoding="utf-8")
        return path

    # -- scoring ----------------------------------------------------------------------------------
    def logits(self, feature_values: dict[str, float]) -> list[float]:
        """Intercept plus the weighted features, with the neutral class's bias (chosen by cross-validation)."""
        s0, s1, s2 = self.intercept  # (three classes, unrolled: this loop is most of a prediction's time)
        get = self.weights.get
        for name, value in feature_values.items():
            w = get(name)
            if w is not None:
                s0 += value * w[0]
                s1 += value * w[1]
                s2 += value * w[2]
        scores = [s0, s1, s2]
        scores[self._neutral] += self.neutral_bias
        return scores

    def predict(self, text: str, target_spans: Iterable[Span], other_spans: Iterable[Span] = (),
                top: int = 5) -> Prediction:
        values = features(text, target_spans, other_spans, self.groups)
        scores = self.logits(values)
        best = max(range(len(scores)), key=scores.__getitem__)
        return Prediction(self.classes[best], _softmax(self.classes, scores), self._evidence(values, best, top))

    def predict_many(self, items: Iterable[tuple[str, Iterable[Span], Iterable[Span]]]) -> list[Prediction]:
        return [self.predict(text, spans, others) for text, spans, others in items]

    def _evidence(self, values: dict[str, float], label: int, top: int) -> list[tuple[str, float]]:
        """The features that pushed hardest toward the chosen label: value × (its weight for the label
        minus its mean weight over the classes), largest first (the bias term left out)."""
        pushes = []
        get = self.weights.get
        for name, value in values.items():
            w = get(name)
            if w is None or name == "bias":
                continue
            push = value * (w[label] - (w[0] + w[1] + w[2]) / 3)
            if push > 0:
                pushes.append((push, name))
        best = sorted(pushes, key=lambda item: (-item[0], item[1]))[:top]
        return [(name, round(push, 4)) for push, name in best]


def _softmax(classes: Sequence[str], scores: Sequence[float]) -> dict[str, float]:
    peak = max(scores)
    exps = [math.exp(s - peak) for s in scores]
    total = sum(exps)
    return {c: e / total for c, e in zip(classes, exps)}


@lru_cache(maxsize=1)
def default_model() -> TargetSentimentModel:
    """The committed model, loaded once per process."""
    return TargetSentimentModel.load()


class TargetSentiment:
    """Component ``target_sentiment``: for each statement and each target it refers to, the
    sentiment the model reads toward that target (negative, neutral, positive, with probabilities
    and the features that weighed most). The model was trained on single sentences, so it reads
    each sentence of the statement's reading span that mentions the target on its own, and the
    statement's reading is the surest side any of them takes (:func:`surest`): "He was elected with
    a mandate. He is going now" is not averaged into a blur. Its mentions (names, roles, pronouns)
    are the target's spans; the other targets' mentions are marked as others. Stored on each
    :class:`helpers.doc.StatementTargets` as ``sentiment`` (target -> :class:`Prediction`)."""

    name = "target_sentiment"
    provides = "target_sentiment"

    def __init__(self, model: TargetSentimentModel, memo_size: int = 4096):
        self.model = model
        # the same words about the same target are read once: a wire story reprinted by several
        # outlets, a sentence two statements share (a prediction depends on its input alone)
        self._read = lru_cache(maxsize=memo_size)(self._read_uncached)

    def __call__(self, doc) -> None:
        starts = [s.start for s in doc.sentences]
        for read in doc.targets:
            read.sentiment = {}
            for target in dict.fromkeys(m.target for m in read.mentions):
                read.sentiment[target] = self._predict(doc, read, target, starts)

    def _predict(self, doc, read, target: str, starts: list[int]) -> Prediction:
        return surest([self._read(text, tuple(map(tuple, spans)), tuple(map(tuple, others)))
                       for text, spans, others in sentence_inputs(doc, read, target, starts)])

    def _read_uncached(self, text: str, spans: tuple[Span, ...], others: tuple[Span, ...]) -> Prediction:
        return self.model.predict(text, spans, others)


def surest(readings: Sequence[Prediction]) -> Prediction:
    """One reading of a statement from those of its sentences: the side (positive or negative) read
    with the highest probability; neutral, as surely as it was read, only when no sentence takes a
    side. (Measured against averaging and against the last sentence, on uk-dev and the seeds:
    docs/stance.md.)"""
    return max(readings, key=lambda r: (r.label != "neutral", r.probabilities[r.label]))


def sentence_inputs(doc, read, target: str, starts: list[int] | None = None) -> list[tuple[str, list[Span], list[Span]]]:
    """What the model reads for one statement's target, a sentence at a time: for each sentence of
    the reading span that mentions the target, its text, the target's spans and the other targets'
    there (one sentence: the same as :func:`model_input`)."""
    starts = [s.start for s in doc.sentences] if starts is None else starts
    by_sentence: dict[int, list[Span]] = {}
    for span in _target_spans(read, target):
        by_sentence.setdefault(bisect.bisect_right(starts, span[0]) - 1, []).append(span)
    return [_input_over(doc, read, target, starts, spans) for _, spans in sorted(by_sentence.items())]


def model_input(doc, read, target: str, starts: list[int] | None = None) -> tuple[str, list[Span], list[Span]]:
    """What the model reads for one statement's target (``read``: its :class:`helpers.doc.StatementTargets`):
    the text of the sentences that mention the target, the target's spans and the other targets' there."""
    starts = [s.start for s in doc.sentences] if starts is None else starts
    return _input_over(doc, read, target, starts, _target_spans(read, target))


def _target_spans(read, target: str) -> list[Span]:
    mine = [(m.start, m.end) for m in read.mentions if m.target == target and not m.implied]
    if not mine:  # (a party named by its membership words only: the words are the mention)
        mine = [(m.start, m.end) for m in read.mentions if m.target == target]
    return mine


def _input_over(doc, read, target: str, starts: list[int], mine: list[Span]) -> tuple[str, list[Span], list[Span]]:
    """The text from the first sentence holding one of ``mine`` to the end of the last, with the
    target's spans and the other targets' there."""
    lo, hi = _sentences_around(doc, starts, mine, read.start, read.end)
    others = [(m.start, m.end) for m in read.mentions if m.target != target and lo <= m.start and m.end <= hi]
    return (doc.text[lo:hi], [(a - lo, b - lo) for a, b in mine if lo <= a and b <= hi],
            [(a - lo, b - lo) for a, b in others])


def _sentences_around(doc, starts: list[int], spans: list[Span], lo: int, hi: int) -> Span:
    """The stretch of ``lo:hi`` from the start of the first sentence holding one of ``spans`` to the
    end of the last (the model was trained on sentences)."""
    first = bisect.bisect_right(starts, min(a for a, _ in spans)) - 1
    last = bisect.bisect_right(starts, max(b for _, b in spans) - 1) - 1
    start = doc.sentences[first].start if first >= 0 else lo
    end = doc.sentences[last].end if last >= 0 else hi
    return max(lo, start), min(hi, max(end, max(b for _, b in spans)))
