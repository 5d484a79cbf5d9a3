"""The attribution CRF's decoding with fewer NumPy calls: the same arithmetic as
:class:`helpers.speech.crf.LinearChainCRF`, whose ``viterbi`` and ``marginals`` are the method.

With five labels a step of either recursion is a few NumPy calls on 25 numbers, and the calls'
overhead is most of the cost. Both functions here run all paragraphs of an article in step: each
step is one set of calls for every paragraph still running. In ``best_paths`` the additions,
maxima and first arg-maxima are those of ``viterbi`` (elementwise, so the same numbers in any
batch). In ``all_marginals`` the products and sums are NumPy's vector products and sums as the
method makes them, one per paragraph (see there); that this gives the same bits rests on how NumPy
computes a stack of products, so ``tests/test_attribution_model.py`` compares both functions with
the method exactly, on real paragraphs and on random ones.
"""

from __future__ import annotations

import numpy as np


def best_paths(emissions: list[np.ndarray], transitions: np.ndarray) -> list[list[int]]:
    """Each sequence's Viterbi path (token × label emissions; label × label transitions)."""
    order = sorted(range(len(emissions)), key=lambda i: -len(emissions[i]))  # longest first
    lengths = [len(emissions[i]) for i in order]
    if not lengths or lengths[0] == 0:
        return [[] for _ in emissions]
    longest, labels = lengths[0], transitions.shape[0]
    steps = np.zeros((longest, len(order), labels))  # step × sequence × label
    for j, i in enumerate(order):
        steps[:lengths[j], j] = emissions[i]
    running = [sum(length > t for length in lengths) for t in range(longest)]  # (a prefix, longest first)
    score = steps[0].copy()  # (a finished sequence's row keeps its last score)
    back = np.zeros((longest, len(order), labels), dtype=np.int64)
    for t in range(1, longest):
        k = running[t]
        candidates = score[:k, :, None] + transitions  # sequence × previous label × label
        back[t, :k] = candidates.argmax(axis=1)
        score[:k] = candidates.max(axis=1) + steps[t, :k]
    label = score.argmax(axis=1)
    paths = np.zeros((len(order), longest), dtype=np.int64)
    for t in range(longest - 1, 0, -1):
        k = running[t]
        paths[:k, t] = label[:k]
        label[:k] = back[t, np.arange(k), label[:k]]
    paths[:, 0] = label
    out: list[list[int]] = [[] for _ in emissions]
    for j, i in enumerate(order):
        out[i] = paths[j, :lengths[j]].tolist()
    return out


def all_marginals(emissions: list[np.ndarray], transitions: np.ndarray) -> list[np.ndarray]:
    """Each sequence's label probabilities, forward-backward as ``LinearChainCRF.marginals``, all
    sequences in step: a step's products are one ``matmul`` of a stack of vectors, which NumPy
    computes as one vector-matrix product (gemv) per vector, each as the method's own; its sums are
    row sums, each as the method's sum of one vector."""
    order = sorted(range(len(emissions)), key=lambda i: -len(emissions[i]))  # longest first
    lengths = [len(emissions[i]) for i in order]
    labels = transitions.shape[0]
    if not lengths or lengths[0] == 0:
        return [np.zeros((0, labels)) for _ in emissions]
    longest = lengths[0]
    local = np.ones((longest, len(order), labels))  # step × sequence × label
    for j, i in enumerate(order):
        local[:lengths[j], j] = np.exp(emissions[i] - emissions[i].max(axis=1, keepdims=True))
    moves = np.exp(transitions - transitions.max())
    running = [sum(length > t for length in lengths) for t in range(longest)]
    alpha = np.empty_like(local)
    beta = np.ones_like(local)  # (each sequence's last step stays 1)
    alpha[0] = local[0] / local[0].sum(axis=1, keepdims=True)
    for t in range(1, longest):
        k = running[t]
        a = np.matmul(alpha[t - 1, :k, None, :], moves)[:, 0] * local[t, :k]
        alpha[t, :k] = a / a.sum(axis=1, keepdims=True)
    for t in range(longest - 2, -1, -1):
        k = running[t + 1]  # (the sequences that go on after step t)
        b = np.matmul(moves, (local[t + 1, :k] * beta[t + 1, :k])[:, :, None])[:, :, 0]
        beta[t, :k] = b / b.sum(axis=1, keepdims=True)
    out: list[np.ndarray] = [np.zeros((0, labels))] * len(emissions)
    for j, i in enumerate(order):
        joint = alpha[:lengths[j], j] * beta[:lengths[j], j]
        out[i] = joint / joint.sum(axis=1, keepdims=True)
    return out
