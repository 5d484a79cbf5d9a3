"""A linear-chain CRF read from its exported weights (JSON) and decoded with NumPy.

Training (:mod:`helpers.speech.attribution_training`) uses python-crfsuite; a run needs neither it nor a
binary model: the state weights (feature × label) and the transition weights (label × label) are
written to a readable JSON file, and this module computes the best label sequence (Viterbi) and
each token's label probabilities (forward-backward) from them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np


class LinearChainCRF:
    def __init__(self, labels: list[str], transitions: list[list[float]], state: dict[str, dict[str, float]],
                 meta: dict | None = None):
        self.labels = list(labels)
        self.index = {label: i for i, label in enumerate(self.labels)}
        self.transitions = np.asarray(transitions, dtype=np.float64)
        n = len(self.labels)
        self.state: dict[str, np.ndarray] = {}
        for feature, weights in state.items():
            row = np.zeros(n)
            for label, w in weights.items():
                row[self.index[label]] = w
            self.state[feature] = row
        self.meta = meta or {}

    @classmethod
    def load(cls, path: Path) -> "LinearChainCRF":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["labels"], data["transitions"], data["state_features"], data.get("meta"))

    def emissions(self, features: list[list[str]]) -> np.ndarray:
        out = np.zeros((len(features), len(self.labels)))
        get = self.state.get
        for t, feats in enumerate(features):
            row = out[t]
            for f in feats:
                w = get(f)
                if w is not None:
                    row += w
        return out

    def viterbi(self, emissions: np.ndarray) -> list[int]:
        length = len(emissions)
        if length == 0:
            return []
        score = emissions[0].copy()
        back = np.zeros((length, len(self.labels)), dtype=np.int64)
        for t in range(1, length):
            candidates = score[:, None] + self.transitions  # previous label × label
            back[t] = candidates.argmax(axis=0)
            score = candidates.max(axis=0) + emissions[t]
        path = [int(score.argmax())]
        for t in range(length - 1, 0, -1):
            path.append(int(back[t, path[-1]]))
        return path[::-1]

    def marginals(self, emissions: np.ndarray) -> np.ndarray:
        """P(label at t | sequence), by forward-backward in log space."""
        length = len(emissions)
        if length == 0:
            return np.zeros((0, len(self.labels)))
        alpha = np.zeros_like(emissions)
        beta = np.zeros_like(emissions)
        alpha[0] = emissions[0]
        for t in range(1, length):
            alpha[t] = emissions[t] + _logsumexp(alpha[t - 1][:, None] + self.transitions, axis=0)
        for t in range(length - 2, -1, -1):
            beta[t] = _logsumexp(self.transitions + emissions[t + 1] + beta[t + 1], axis=1)
        log_z = _logsumexp(alpha[-1], axis=0)
        return np.exp(alpha + beta - log_z)

    def tag(self, features: list[list[str]]) -> tuple[list[str], np.ndarray]:
        emissions = self.emissions(features)
        return [self.labels[i] for i in self.viterbi(emissions)], self.marginals(emissions)


def _logsumexp(values: np.ndarray, axis: int) -> np.ndarray:
    top = values.max(axis=axis, keepdims=True)
    return (top + np.log(np.exp(values - top).sum(axis=axis, keepdims=True))).squeeze(axis)


def export(labels: list[str], transitions: dict[tuple[str, str], float], state: dict[tuple[str, str], float],
           path: Path, meta: dict) -> None:
    """Write crfsuite's weights (``Tagger.info()``) as readable JSON, features sorted, weights rounded."""
    matrix = [[round(transitions.get((a, b), 0.0), 5) for b in labels] for a in labels]
    by_feature: dict[str, dict[str, float]] = {}
    for (feature, label), w in state.items():
        if abs(w) >= 1e-4:
            by_feature.setdefault(feature, {})[label] = round(w, 5)
    data = {"meta": meta, "labels": labels, "transitions": matrix,
            "state_features": {f: by_feature[f] for f in sorted(by_feature)}}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(data, indent=0, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")


@lru_cache(maxsize=2)
def load_cached(path: str) -> LinearChainCRF:
    return LinearChainCRF.load(Path(path))
