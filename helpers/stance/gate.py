"""When the sentiment model may decide a stance the cue rules left open.

The rules commit rarely and are usually right when they do (35 of 41 pairs on a held-back UK set:
a precision of 0.85). The model reads every statement, less precisely. It decides a stance where
the rules are silent only when it is about as sure as the rules are right: when the probability
of its (non-neutral) label is at least the *gate*, the smallest probability at which its
cross-validated non-neutral predictions on NewsMTSC's training split reach :data:`PRECISION`.

The gate is computed from the training split only (``python -m helpers train`` writes it to
``data/models/stance_gate.json`` beside the model) and never from the development sets.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

#: the precision the model's own stances must reach: the rules' (35 of 41 on the held-back UK set)
PRECISION = 0.85
#: the candidate gates, from "any label" upwards
GRID = tuple(round(0.34 + 0.01 * k, 2) for k in range(66))
GATE_FILE = "models/stance_gate.json"


def precise_threshold(probabilities: np.ndarray, labels: np.ndarray, neutral: int,
                      precision: float = PRECISION) -> tuple[float, float, float]:
    """(gate, precision, share of examples it lets decide): the smallest probability at which the
    non-neutral predictions holding at least that probability are right ``precision`` of the time."""
    predicted = probabilities.argmax(axis=1)
    confidence = probabilities.max(axis=1)
    committed = predicted != neutral
    for gate in GRID:
        chosen = committed & (confidence >= gate)
        if chosen.sum() < 20:
            break
        right = float(np.mean(predicted[chosen] == labels[chosen]))
        if right >= precision:
            return gate, round(right, 4), round(float(chosen.mean()), 4)
    return 1.01, 0.0, 0.0  # (never precise enough: the model never decides alone)


def write(path: Path, gate: float, achieved: float, share: float, model_file: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "gate": gate, "precision_wanted": PRECISION, "precision_reached": achieved,
        "share_of_training_mentions_decided": share, "model": model_file,
        "how": "smallest probability at which the model's cross-validated non-neutral predictions on "
               "NewsMTSC train reach the wanted precision (helpers/stance/gate.py)",
    }, indent=1) + "\n", encoding="utf-8")
    return path


def load(path: Path) -> float:
    """The gate in ``path``; 0 (the model decides wherever the rules are silent) if there is none."""
    try:
        return float(json.loads(Path(path).read_text(encoding="utf-8"))["gate"])
    except (OSError, ValueError, KeyError):
        return 0.0
