"""When the sentiment model may decide a stance the cue rules left open.

The rules commit rarely and are usually right when they do; the model reads every statement, less
precisely. Where the rules are silent the model's (non-neutral) label becomes the stance when its
probability is at least the *gate*. The gate is the one at which the gated decisions score best,
under cross-validation on NewsMTSC's training split, on the figure stance is reported in: macro-F
over the two sides (positive ~ favor, negative ~ against). A higher gate buys precision with recall;
this choice lets the training data say where the trade is best for that figure.

The gate is computed from the training split only (``python -m helpers train`` writes it to
``data/models/stance_gate.json`` beside the model, :func:`helpers.stance.target_training.best_gate`)
and never from the development sets.
"""

from __future__ import annotations

import json
from pathlib import Path

#: the candidate gates, from "any label" (a three-class argmax is always at least 1/3 sure) upwards
GRID = tuple(round(0.34 + 0.01 * k, 2) for k in range(66))
GATE_FILE = "models/stance_gate.json"
HOW = ("the probability at which the model's cross-validated gated predictions on NewsMTSC train score "
       "the best macro-F over positive and negative, the figure stance is reported in (helpers/stance/gate.py)")


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
