"""Training the target-sentiment model on NewsMTSC's train split (``python -m helpers train``).

Needs scikit-learn (the ``train`` extra); a normal run never imports this module.

The model is NB-weighted logistic regression (Wang and Manning 2012, "Baselines and bigrams"):
for each class, one-vs-rest, every binary feature is scaled by its log-count ratio (how much more
often it occurs with the class than without it), and a logistic regression is fitted on the
scaled features. The scaling and the weights multiply out into one weight per feature and class,
so the committed file is an ordinary linear model over the binary and numeric features of
:mod:`helpers.stance.target_features`, scored in plain Python. A temperature, fitted on the
cross-validated scores, turns the three one-vs-rest scores into calibrated probabilities.
The NB-weighted weights are mixed with those of a plain multinomial logistic regression over the same
features (``mix`` × NB + (1 − ``mix``) × plain, the share chosen by cross-validation): still one weight
per feature and class.

Every choice is made by five-fold cross-validation on the training file, folds grouped by article
(sentences of one article share words and people: a fold never sees its own article in training):
the regularisation C, the class weights, the NB share of the mixture and the bias added to the
neutral class's score. The
development files are never read here.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import paths
from . import gate, newsmtsc
from .target_features import ALL_GROUPS, features
from .target_sentiment import MODEL_FILE, TargetSentimentModel

SEED = 0
FOLDS = 5
MIN_DOCUMENTS = 2  # a binary feature seen in fewer training examples has no weight worth learning
C_GRID = (0.03, 0.05, 0.1, 0.2)
#: the plain multinomial logistic regression whose scores are mixed with the NB-weighted ones
#: (an average of two linear models is one linear model): its C, and the grid of the NB share
PLAIN_C = 0.1
MIXES = (0.6, 0.7, 0.8, 0.9, 1.0)
CLASS_WEIGHTS = (None, "balanced")
NEUTRAL_BIASES = tuple(round(-1.0 + 0.05 * k, 2) for k in range(41))  # −1 … +1
DECIMALS = 5  # weights are stored rounded; the labels are checked against the unrounded model
#: the feature groups the model uses: all but the sentence's word pairs, whose removal raised the
#: cross-validated macro-F1 from 0.6719 to 0.6744 (`train --ablation`; every other removal lowered it)
GROUPS = tuple(g for g in ALL_GROUPS if g != "pairs")
TRAIN_FILE = paths.PROJECT_ROOT.parent / "shared" / "newsmtsc" / "train.jsonl"


@dataclass
class Fitted:
    """A linear model over named features: logits = X · weights + intercept (one column per class)."""

    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, classes)
    intercept: np.ndarray  # (classes,)

    def logits(self, matrix) -> np.ndarray:
        return np.asarray(matrix @ self.weights) + self.intercept


# -- features ----------------------------------------------------------------------------------------
def featurize(examples: Sequence[newsmtsc.Example], groups: Sequence[str] = GROUPS) -> list[dict[str, float]]:
    return [features(e.text, e.target_spans, e.other_spans, groups) for e in examples]


def _is_binary(name: str) -> bool:
    return not name.startswith(("lex:", "vader:", "tb:", "qv:"))


def vocabulary(rows: Sequence[dict[str, float]]) -> dict[str, int]:
    seen = Counter(name for row in rows for name in row)
    kept = sorted(name for name, n in seen.items() if n >= MIN_DOCUMENTS or not _is_binary(name))
    return {name: i for i, name in enumerate(kept)}


def matrix(rows: Sequence[dict[str, float]], vocab: dict[str, int]):
    from scipy import sparse

    indices, values, pointers = [], [], [0]
    for row in rows:
        for name, value in row.items():
            j = vocab.get(name)
            if j is not None:
                indices.append(j)
                values.append(value)
        pointers.append(len(indices))
    return sparse.csr_matrix((np.array(values, dtype=np.float64), np.array(indices, dtype=np.int64), pointers),
                             shape=(len(rows), len(vocab)))


# -- the learner -------------------------------------------------------------------------------------
def fit(rows: Sequence[dict[str, float]], labels: np.ndarray, C: float, class_weight: str | None,
        mix: float = 1.0) -> Fitted:
    """NB-weighted one-vs-rest logistic regression, multiplied out into one weight per feature and class;
    with ``mix`` < 1 its weights are mixed with a plain multinomial logistic regression's
    (``mix`` × NB + (1 − ``mix``) × plain)."""
    vocab = vocabulary(rows)
    X = matrix(rows, vocab)
    weights, intercept = _fit_matrix(X, np.array([_is_binary(n) for n in vocab]), labels, C, class_weight)
    if mix < 1.0:
        plain_weights, plain_intercept = _fit_plain(X, labels)
        weights = mix * weights + (1.0 - mix) * plain_weights
        intercept = mix * intercept + (1.0 - mix) * plain_intercept
    return Fitted(vocab, weights, intercept)


def _fit_plain(X, labels: np.ndarray):
    """A plain multinomial logistic regression (lbfgs, L2; deterministic): it weighs the numeric lexicon
    features and the common words differently from the NB-scaled model, and the mixture of the two
    cross-validates better than either."""
    from sklearn.linear_model import LogisticRegression

    learner = LogisticRegression(C=PLAIN_C, max_iter=2000)
    learner.fit(X, labels)
    return learner.coef_.T.copy(), learner.intercept_.copy()


def _fold_plain_logits(X_train, labels, X_test) -> np.ndarray:
    weights, intercept = _fit_plain(X_train, labels)
    return np.asarray(X_test @ weights) + intercept


def _fit_matrix(X, binary: np.ndarray, labels: np.ndarray, C: float, class_weight: str | None):
    from sklearn.linear_model import LogisticRegression

    weights = np.zeros((X.shape[1], len(newsmtsc.CLASSES)))
    intercept = np.zeros(len(newsmtsc.CLASSES))
    for k in range(len(newsmtsc.CLASSES)):
        positive = labels == k
        ratio = np.ones(X.shape[1])
        p = np.asarray(X[positive].sum(axis=0)).ravel() + 1.0
        q = np.asarray(X[~positive].sum(axis=0)).ravel() + 1.0
        with np.errstate(invalid="ignore", divide="ignore"):  # (numeric columns may sum below zero; not used)
            log_ratio = np.log((p / p[binary].sum()) / (q / q[binary].sum()))
        ratio[binary] = log_ratio[binary]
        # liblinear's dual coordinate descent: the same optimum as lbfgs here, three times faster on these
        # sparse scaled columns; its shuffling is seeded
        learner = LogisticRegression(C=C, class_weight=class_weight, solver="liblinear", max_iter=1000,
                                     random_state=SEED)
        learner.fit(X.multiply(ratio).tocsr(), positive.astype(int))
        weights[:, k] = learner.coef_[0] * ratio
        intercept[k] = learner.intercept_[0]
    return weights, intercept


def _fold_logits(X_train, binary, labels, C, class_weight, X_test) -> np.ndarray:
    weights, intercept = _fit_matrix(X_train, binary, labels, C, class_weight)
    return np.asarray(X_test @ weights) + intercept


# -- selection ---------------------------------------------------------------------------------------
def macro_f1(gold: np.ndarray, predicted: np.ndarray, classes: Sequence[int] = (0, 1, 2)) -> float:
    scores = []
    for c in classes:
        tp = int(np.sum((gold == c) & (predicted == c)))
        fp = int(np.sum((gold != c) & (predicted == c)))
        fn = int(np.sum((gold == c) & (predicted != c)))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def best_gate(probabilities: np.ndarray, labels: np.ndarray, neutral: int) -> tuple[float, float, float]:
    """(gate, its macro-F1 over the two sides, share of examples it lets decide) for the gate of
    :data:`gate.GRID` whose gated predictions (the model's label where it is at least that sure, else
    neutral) score best on the figure stance is reported in (ties: the higher, more cautious gate)."""
    sides = [c for c in range(probabilities.shape[1]) if c != neutral]
    best = None
    for threshold in gate.GRID:
        predicted = np.where(probabilities.max(axis=1) >= threshold, probabilities.argmax(axis=1), neutral)
        score = round(macro_f1(labels, predicted, sides), 6)
        if best is None or score >= best[1]:
            best = (threshold, score, float(np.mean(predicted != neutral)))
    threshold, score, share = best
    return threshold, round(score, 4), round(share, 4)


def folds(examples: Sequence[newsmtsc.Example], labels: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedGroupKFold

    splitter = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    return list(splitter.split(np.zeros(len(labels)), labels, [e.article for e in examples]))


def _fold_matrices(rows, labels, splits):
    tasks = []
    for train_index, test_index in splits:
        vocab = vocabulary([rows[i] for i in train_index])
        binary = np.array([_is_binary(n) for n in vocab])
        tasks.append((matrix([rows[i] for i in train_index], vocab), binary, labels[train_index],
                      matrix([rows[i] for i in test_index], vocab)))
    return tasks


def out_of_fold_logits(rows, labels, splits, C, class_weight, jobs: int = 2) -> np.ndarray:
    """Each example's scores from the NB-weighted model fitted on the other folds (the folds fitted in parallel)."""
    from joblib import Parallel, delayed

    results = Parallel(n_jobs=jobs)(delayed(_fold_logits)(X, binary, y, C, class_weight, X_test)
                                    for X, binary, y, X_test in _fold_matrices(rows, labels, splits))
    return _gather(results, splits, len(labels))


def out_of_fold_plain_logits(rows, labels, splits, jobs: int = 2) -> np.ndarray:
    """The same for the plain multinomial logistic regression."""
    from joblib import Parallel, delayed

    results = Parallel(n_jobs=jobs)(delayed(_fold_plain_logits)(X, y, X_test)
                                    for X, _, y, X_test in _fold_matrices(rows, labels, splits))
    return _gather(results, splits, len(labels))


def _gather(results, splits, n: int) -> np.ndarray:
    logits = np.zeros((n, len(newsmtsc.CLASSES)))
    for (_, test_index), fold_logits in zip(splits, results):
        logits[test_index] = fold_logits
    return logits


def best_neutral_bias(logits: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(bias, macro-F1): the bias added to the neutral score that maximises cross-validated macro-F1
    (ties go to the bias nearest zero)."""
    neutral = newsmtsc.CLASSES.index("neutral")
    best = (-1.0, 0.0)
    for bias in sorted(NEUTRAL_BIASES, key=abs):
        shifted = logits.copy()
        shifted[:, neutral] += bias
        score = macro_f1(labels, shifted.argmax(axis=1))
        if score > best[0] + 1e-12:
            best = (score, bias)
    return best[1], best[0]


def temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The divisor of the scores that gives the cross-validated predictions the lowest log-loss."""
    def loss(t: float) -> float:
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        return float(-np.mean(z[np.arange(len(labels)), labels] - np.log(np.exp(z).sum(axis=1))))

    grid = [round(0.2 + 0.05 * k, 2) for k in range(97)]  # 0.2 … 5.0
    return min(grid, key=loss)


def scores_of(logits: np.ndarray, labels: np.ndarray, bias: float) -> dict[str, float]:
    neutral = newsmtsc.CLASSES.index("neutral")
    shifted = logits.copy()
    shifted[:, neutral] += bias
    predicted = shifted.argmax(axis=1)
    return {
        "macro_f1": round(macro_f1(labels, predicted), 4),
        "accuracy": round(float(np.mean(predicted == labels)), 4),
        "macro_f1_pos_neg": round(macro_f1(labels, predicted, (0, 2)), 4),
        "neutral_share": round(float(np.mean(predicted == neutral)), 4),
        "gold_neutral_share": round(float(np.mean(labels == neutral)), 4),
    }


# -- the command -------------------------------------------------------------------------------------
def train(data: Path = TRAIN_FILE, out: Path = MODEL_FILE, ablation: bool = False, log=print,
          extra: Sequence[newsmtsc.Example] = ()) -> TargetSentimentModel:
    """Fit, choose by cross-validation, write the model and the stance gate. ``extra``: more examples
    (the researcher's stance corrections), trained on with NewsMTSC's."""
    started = time.perf_counter()
    examples = newsmtsc.read(data) + list(extra)
    labels = np.array([newsmtsc.CLASSES.index(e.label) for e in examples])
    rows = featurize(examples)
    splits = folds(examples, labels)
    log(f"{len(examples)} target mentions in {len({e.text for e in examples})} sentences of {data.name}; "
        f"{FOLDS}-fold cross-validation grouped by article")
    log(f"{'C':>6} {'class weights':>13} {'neutral bias':>12} {'macro-F1':>8} {'accuracy':>8} {'F1 pos/neg':>10} "
        f"{'neutral':>7}")
    results = []
    for C in C_GRID:
        for class_weight in CLASS_WEIGHTS:
            tick = time.perf_counter()
            logits = out_of_fold_logits(rows, labels, splits, C, class_weight)
            bias, _ = best_neutral_bias(logits, labels)
            figures = scores_of(logits, labels, bias)
            results.append((figures["macro_f1"], -abs(bias), C, class_weight or "none", bias, logits, figures))
            log(f"{C:>6} {class_weight or 'none':>13} {bias:>12.2f} {figures['macro_f1']:>8.4f} "
                f"{figures['accuracy']:>8.4f} {figures['macro_f1_pos_neg']:>10.4f} {figures['neutral_share']:>7.3f}  ({time.perf_counter() - tick:.0f} s)")
    best = max(results, key=lambda r: (r[0], r[1], -r[2]))
    _, _, C, class_weight, _, nb_logits, _ = best
    cw = None if class_weight == "none" else class_weight
    log(f"NB-weighted model chosen: C={C}, class weights {class_weight}; mixed with a plain multinomial logistic "
        f"regression (C={PLAIN_C}), NB share:")
    plain_logits = out_of_fold_plain_logits(rows, labels, splits)
    multi = np.array([bool(e.other_spans) for e in examples])
    mixes = []
    for mix in MIXES:
        logits = mix * nb_logits + (1.0 - mix) * plain_logits
        bias, _ = best_neutral_bias(logits, labels)
        figures = scores_of(logits, labels, bias)
        figures["multi_target"] = scores_of(logits[multi], labels[multi], bias)
        mixes.append((figures["macro_f1"], mix, bias, logits, figures))
        log(f"{mix:>6} {'':>13} {bias:>12.2f} {figures['macro_f1']:>8.4f} {figures['accuracy']:>8.4f} "
            f"{figures['macro_f1_pos_neg']:>10.4f} {figures['neutral_share']:>7.3f}   multi-target mentions: macro-F1 "
            f"{figures['multi_target']['macro_f1']:.4f}, neutral {figures['multi_target']['neutral_share']:.3f} "
            f"(gold {figures['multi_target']['gold_neutral_share']:.3f})")
    _, mix, bias, logits, figures = max(mixes, key=lambda r: (r[0], r[1]))  # (ties: the larger NB share)
    t = temperature(logits + np.eye(3)[1] * bias, labels)
    log(f"chosen: C={C}, class weights {class_weight}, NB share {mix}, neutral bias {bias:+.2f}, temperature {t}; "
        f"cross-validated macro-F1 {figures['macro_f1']:.4f} (gold neutral share {figures['gold_neutral_share']:.3f})")
    ablations = _ablations(examples, labels, splits, C, cw, mix, log) if ablation else {}
    final = fit(rows, labels, C, cw, mix)
    model = _to_model(final, bias, t, {
        "data": f"NewsMTSC {data.name}", "examples": len(examples),
        "learner": "NB-weighted one-vs-rest logistic regression mixed with a plain multinomial one",
        "C": C, "class_weight": class_weight, "plain_C": PLAIN_C, "nb_share": mix,
        "neutral_bias_before_temperature": bias, "temperature": t, "folds": FOLDS, "seed": SEED,
        "cross_validation": figures, "grid": [{"C": r[2], "class_weight": r[3], "neutral_bias": r[4], **r[6]}
                                              for r in results],
        "mix_grid": [{"nb_share": r[1], "neutral_bias": r[2], **{k: v for k, v in r[4].items() if k != "multi_target"}}
                     for r in mixes], **({"ablation": ablations} if ablations else {}),
    })
    mismatches = _check_against(final, bias, model, rows)
    log(f"{len(model.weights)} features; stored model and unrounded model disagree on {mismatches} of {len(rows)} "
        f"training labels")
    path = model.save(out)
    log(f"wrote {path} in {time.perf_counter() - started:.0f} s")
    _write_gate(logits + np.eye(3)[1] * bias, labels, t, out.parent / Path(gate.GATE_FILE).name, out.name, log)
    return model


def _write_gate(logits: np.ndarray, labels: np.ndarray, t: float, path: Path, model_name: str, log) -> None:
    """The stance gate (helpers.stance.gate) from the chosen model's cross-validated probabilities."""
    z = logits / t
    z = z - z.max(axis=1, keepdims=True)
    probabilities = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    threshold, score, share = best_gate(probabilities, labels, newsmtsc.CLASSES.index("neutral"))
    gate.write(path, threshold, score, share, f"models/{model_name}")
    log(f"stance gate {threshold} (cross-validated macro-F1 over positive and negative {score}; it lets the model "
        f"decide {share:.1%} of the mentions): wrote {path}")


def _to_model(fitted: Fitted, bias: float, t: float, info: dict) -> TargetSentimentModel:
    weights = {}
    for name, j in fitted.vocabulary.items():
        row = [round(float(w) / t, DECIMALS) for w in fitted.weights[j]]
        if any(row):
            weights[name] = row
    intercept = [round(float(b) / t, DECIMALS) for b in fitted.intercept]
    return TargetSentimentModel(newsmtsc.CLASSES, intercept, weights, GROUPS, round(bias / t, DECIMALS), info)


def _check_against(fitted: Fitted, bias: float, model: TargetSentimentModel, rows) -> int:
    """How many labels the stored (rounded, plain-Python) model gives differently from the fitted one."""
    logits = fitted.logits(matrix(rows, fitted.vocabulary))
    logits[:, 1] += bias
    expected = logits.argmax(axis=1)
    got = [max(range(3), key=model.logits(row).__getitem__) for row in rows]
    return int(np.sum(expected != np.array(got)))


def _ablations(examples, labels, splits, C, class_weight, mix, log) -> dict[str, float]:
    """Cross-validated macro-F1 with each feature group left out (at the chosen C, class weights and mix)."""
    out = {}
    for group in GROUPS:
        kept = [g for g in GROUPS if g != group]
        rows = featurize(examples, kept)
        logits = mix * out_of_fold_logits(rows, labels, splits, C, class_weight)
        if mix < 1.0:
            logits += (1.0 - mix) * out_of_fold_plain_logits(rows, labels, splits)
        bias, score = best_neutral_bias(logits, labels)
        out[f"without {group}"] = round(score, 4)
        log(f"  without {group:<10} macro-F1 {score:.4f} (neutral bias {bias:+.2f})")
    return out


def main(argv: Sequence[str] | None = None) -> int:  # pragma: no cover - the CLI calls train()
    train()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
