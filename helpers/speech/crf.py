"""A linear-chain CRF read from its exported weights (JSON) and decoded with NumPy.

Training (:mod:`helpers.speech.attribution_training`) uses python-crfsuite; a run needs neither it nor a
binary model: the state weights (feature × label) and the transition weights (label × label) are
written to a readable JSON file, and this module computes the best label sequence (Viterbi) and
each token's label probabilities (forward-backward) from them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np

from .crf_steps import all_marginals, best_paths


class LinearChainCRF:
    """``labels``; ``transitions`` (label × label); ``state``: feature → row of ``weights`` (feature × label)."""

    def __init__(self, labels: list[str], transitions: list[list[float]], state: dict[str, dict[str, float]],
                 meta: dict | None = None):
        self.labels = list(labels)
        self.index = {label: i for i, label in enumerate(self.labels)}
        self.transitions = np.asarray(transitions, dtype=np.float64)
        self.state: dict[str, int] = {feature: row for row, feature in enumerate(state)}
        # one extra row of zeros, for unknown features and for a token without any, so that each
        # token's sum below has at least one term
        self.weights = np.zeros((len(self.state) + 1, len(self.labels)))
        for feature, weights in state.items():
            row = self.state[feature]
            for label, w in weights.items():
                self.weights[row, self.index[label]] = w
        self.meta = meta or {}

    @classmethod
    def load(cls, path: Path) -> "LinearChainCRF":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["labels"], data["transitions"], data["state_features"], data.get("meta"))

    def emissions(self, features: list[list[str]]) -> np.ndarray:
        """The summed state weights of each token's features (token × label)."""
        if not features:
            return np.zeros((0, len(self.labels)))
        get, none = self.state.get, repeat(len(self.state))  # (an unknown feature: the zero row)
        rows, starts = [], []
        for feats in features:
            starts.append(len(rows))
            rows.extend(map(get, feats, none) if feats else (len(self.state),))
        return self.emissions_of_rows(rows, starts)

    def emissions_of_rows(self, rows, starts) -> np.ndarray:
        """The emissions of features given as rows of ``weights``, each token's from its start on."""
        return np.add.reduceat(self.weights[rows], starts, axis=0)

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
        """P(label at t | sequence), by forward-backward.

        In probability space, each step rescaled to sum to one (the scale factors cancel in the
        normalised products), which is the log-space recursion without a logarithm per step."""
        length = len(emissions)
        if length == 0:
            return np.zeros((0, len(self.labels)))
        local = np.exp(emissions - emissions.max(axis=1, keepdims=True))
        moves = np.exp(self.transitions - self.transitions.max())
        alpha = np.empty_like(local)
        beta = np.empty_like(local)
        alpha[0] = local[0] / local[0].sum()
        for t in range(1, length):
            a = (alpha[t - 1] @ moves) * local[t]
            alpha[t] = a / a.sum()
        beta[-1] = 1.0
        for t in range(length - 2, -1, -1):
            b = moves @ (local[t + 1] * beta[t + 1])
            beta[t] = b / b.sum()
        joint = alpha * beta
        return joint / joint.sum(axis=1, keepdims=True)

    def tag(self, features: list[list[str]]) -> tuple[list[str], np.ndarray]:
        return self.tag_emissions(self.emissions(features))

    def tag_emissions(self, emissions: np.ndarray) -> tuple[list[str], np.ndarray]:
        return [self.labels[i] for i in self.viterbi(emissions)], self.marginals(emissions)

    def tag_all(self, emissions: list[np.ndarray]) -> list[tuple[list[str], np.ndarray]]:
        """:meth:`tag_emissions` of each sequence, all decoded in step (``crf_steps``: the same numbers)."""
        paths = best_paths(emissions, self.transitions)
        probabilities = all_marginals(emissions, self.transitions)
        return [([self.labels[i] for i in path], p) for path, p in zip(paths, probabilities)]


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
