"""When the sentiment model may decide a stance the cue rules left open.

The rules commit rarely and are usually right when they do; the model reads every statement, less
precisely. Where the rules are silent the model's (non-neutral) label becomes the stance when its
probability is at least the *gate*. The gate is the one at which the gated decisions score best,
under cross-validation on NewsMTSC's training split, on the figure stance is reported in: macro-F
over the two sides (positive ~ favor, negative ~ against). A higher gate buys precision with recall;
this choice lets the training data say where the trade is best for that figure.

The gate is computed from the training split only (``python -m helpers train`` writes it to
``data/models/stance_gate.json`` beside the model) and never from the development sets.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

#: the candidate gates, from "any label" (a three-class argmax is always at least 1/3 sure) upwards
GRID = tuple(round(0.34 + 0.01 * k, 2) for k in range(66))
GATE_FILE = "models/stance_gate.json"
HOW = ("the probability at which the model's cross-validated gated predictions on NewsMTSC train score "
       "the best macro-F over positive and negative, the figure stance is reported in (helpers/stance/gate.py)")


def gated(probabilities: np.ndarray, neutral: int, gate: float) -> np.ndarray:
    """The labels the gate lets through: the model's own where it is at least ``gate`` sure, else neutral."""
    predicted = probabilities.argmax(axis=1)
    return np.where(probabilities.max(axis=1) >= gate, predicted, neutral)


def side_f1(labels: np.ndarray, predicted: np.ndarray, neutral: int) -> float:
    """Macro-F1 over the classes other than neutral (the two sides)."""
    scores = []
    for c in sorted(set(range(int(max(labels.max(), predicted.max())) + 1)) - {neutral}):
        tp = float(np.sum((predicted == c) & (labels == c)))
        gold, guessed = float(np.sum(labels == c)), float(np.sum(predicted == c))
        scores.append(2 * tp / (gold + guessed) if gold + guessed else 0.0)
    return float(np.mean(scores))


def best_gate(probabilities: np.ndarray, labels: np.ndarray, neutral: int) -> tuple[float, float, float]:
    """(gate, its macro-F over the sides, share of examples it lets decide) for the gate of :data:`GRID`
    whose gated predictions score best (ties: the higher, more cautious gate)."""
    best = None
    for gate in GRID:
        predicted = gated(probabilities, neutral, gate)
        score = round(side_f1(labels, predicted, neutral), 6)
        if best is None or score >= best[1]:
            best = (gate, score, float(np.mean(predicted != neutral)))
    gate, score, share = best
    return gate, round(score, 4), round(share, 4)


def write(path: Path, gate: float, score: float, share: float, model_file: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "gate": gate, "cross_validated_macro_f1_pos_neg": score,
        "share_of_training_mentions_decided": share, "model": model_file, "how": HOW,
    }, indent=1) + "\n", encoding="utf-8")
    return path


def load(path: Path) -> float:
    """The gate in ``path``; 0 (the model decides wherever the rules are silent) if there is none."""
    try:
        return float(json.loads(Path(path).read_text(encoding="utf-8"))["gate"])
    except (OSError, ValueError, KeyError):
        return 0.0
