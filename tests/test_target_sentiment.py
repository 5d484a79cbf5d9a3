"""Sentiment toward a target in a sentence, by the model trained on NewsMTSC (helpers/stance/target_sentiment.py).

The behaviour tests say what a reader would say: this sentence is negative / neutral / positive
toward this person, with the target in several positions and words. The other tests check that the
committed weights are what the training code learns (deterministically), that the dev figures stay
above the floor measured when the model was committed, and what `evaluate` prints.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from helpers import cli, paths
from helpers.stance import newsmtsc
from helpers.stance.target_sentiment import MODEL_FILE, TargetSentimentModel, default_model

SHARED = paths.PROJECT_ROOT.parent / "shared" / "newsmtsc"
needs_newsmtsc = pytest.mark.skipif(not (SHARED / "train.jsonl").exists(), reason="../shared/newsmtsc not here")


def spans(text: str, name: str) -> list[tuple[int, int]]:
    """Every mention of ``name`` (and of him/his/her after it) in ``text``: the main mention first."""
    found = [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
    assert found, name
    return found


def sentiment(text: str, target: str, *others: str) -> str:
    other_spans = [s for other in others for s in spans(text, other)]
    return default_model().predict(text, spans(text, target), other_spans).label


NEGATIVE = [
    ("Critics said Corbyn had betrayed his voters.", "Corbyn"),
    ("Corbyn had betrayed his voters, critics said.", "Corbyn"),
    ("His critics say that Jeremy Corbyn betrayed the voters who trusted him.", "Jeremy Corbyn"),
    ("Galloway was condemned as a disgrace by MPs of every party.", "Galloway"),
    ("MPs of every party condemned Galloway's remarks as disgraceful.", "Galloway"),
    # UK political idiom, from the project's stance-cue list (a feature group of the model)
    ("Miliband deserved to lose the election.", "Miliband"),
    ("Voters felt that Miliband deserved to lose.", "Miliband"),
    ("Corbyn is a busted flush, one MP said.", "Corbyn"),
    ("Galloway is a hopeless candidate.", "Galloway"),
]
POSITIVE = [
    ("Supporters praised Miliband for his courage and honesty.", "Miliband"),
    ("Miliband was widely praised for a brave and honest speech.", "Miliband"),
    ("Ed Miliband gave an inspiring speech that won the admiration of his party.", "Ed Miliband"),
]
NEUTRAL = [
    ("Corbyn will visit Bradford on Tuesday, his office said.", "Corbyn"),
    ("Miliband spoke to reporters in Doncaster on Monday.", "Miliband"),
    ("Galloway is standing in the by-election, which takes place on Thursday.", "Galloway"),
]


@pytest.mark.parametrize(("text", "target"), NEGATIVE)
def test_a_sentence_that_condemns_the_target_is_negative_toward_it(text, target):
    assert sentiment(text, target) == "negative"


@pytest.mark.parametrize(("text", "target"), POSITIVE)
def test_a_sentence_that_praises_the_target_is_positive_toward_it(text, target):
    assert sentiment(text, target) == "positive"


@pytest.mark.parametrize(("text", "target"), NEUTRAL)
def test_plain_reporting_stays_neutral(text, target):
    assert sentiment(text, target) == "neutral"


@pytest.mark.parametrize(("text", "target", "other"), [
    ("Miliband and Galloway spoke at the same hustings on Friday.", "Miliband", "Galloway"),
    ("Miliband and Galloway spoke at the same hustings on Friday.", "Galloway", "Miliband"),
    ("Corbyn met Galloway in Bradford on Tuesday.", "Corbyn", "Galloway"),
    ("Corbyn met Galloway in Bradford on Tuesday.", "Galloway", "Corbyn"),
])
def test_naming_a_second_target_is_no_sign_of_conflict(text, target, other):
    """Plain reporting about two targets is neutral toward each, as it is when only one is a target."""
    assert sentiment(text, target, other) == "neutral"
    assert sentiment(text, target) == "neutral"


@pytest.mark.parametrize("text", [
    "Voters admired Miliband's honesty, while Galloway was condemned as a disgrace.",
    pytest.param("Galloway was condemned as a disgrace, while voters admired Miliband's honesty.",
                 marks=pytest.mark.xfail(strict=True, reason="known weakness (docs/target_sentiment.md): the "
                                         "sentence's negative words outweigh the praise aimed at the second target")),
])
def test_two_targets_of_one_sentence_are_judged_apart(text):
    assert sentiment(text, "Miliband", "Galloway") == "positive"
    assert sentiment(text, "Galloway", "Miliband") == "negative"


def test_a_prediction_has_probabilities_and_names_the_features_that_decided_it():
    text = "Critics said Corbyn had betrayed his voters."
    label, probabilities, evidence = default_model().predict(text, spans(text, "Corbyn"))
    assert set(probabilities) == {"negative", "neutral", "positive"}
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert max(probabilities, key=probabilities.get) == label
    assert evidence and all(push > 0 for _, push in evidence)
    assert any("betray" in name or "neg" in name for name, _ in evidence)


# -- the committed model -----------------------------------------------------------------------------
def test_the_committed_model_is_readable_json_and_loads():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert data["classes"] == ["negative", "neutral", "positive"]
    assert data["training"]["cross_validation"]["macro_f1"] > 0.6
    model = TargetSentimentModel.load(MODEL_FILE)
    assert len(model.weights) > 1000 and model.groups


def test_a_normal_run_never_imports_scikit_learn():
    import subprocess
    import sys

    code = ("import sys; from helpers.stance.target_sentiment import default_model; "
            "default_model().predict('Corbyn won.', [(0, 6)]); print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _sample(n: int) -> list[newsmtsc.Example]:
    return newsmtsc.read(SHARED / "train.jsonl")[:n]


@needs_newsmtsc
def test_training_is_deterministic_and_the_stored_model_gives_the_fitted_labels(tmp_path):
    pytest.importorskip("sklearn")
    from helpers.stance import target_training as training

    examples = _sample(400)
    labels = np.array([newsmtsc.CLASSES.index(e.label) for e in examples])
    rows = training.featurize(examples)
    texts = []
    for _ in range(2):
        fitted = training.fit(rows, labels, C=0.05, class_weight=None, mix=0.7)
        model = training._to_model(fitted, -0.1, 1.3, {"examples": len(examples)})
        texts.append(model.to_json())
        assert training._check_against(fitted, -0.1, model, rows) == 0
    assert texts[0] == texts[1]
    path = tmp_path / "model.json"
    TargetSentimentModel.load(model.save(path))


@needs_newsmtsc
@pytest.mark.slow
def test_the_committed_weights_are_what_the_training_code_learns_from_train():
    """The final fit with the committed choices (C, class weights, neutral bias, temperature) on the whole
    training file gives the committed file byte for byte."""
    pytest.importorskip("sklearn")
    from helpers.stance import target_training as training

    committed = TargetSentimentModel.load()
    info = committed.info
    examples = newsmtsc.read(SHARED / "train.jsonl")
    labels = np.array([newsmtsc.CLASSES.index(e.label) for e in examples])
    rows = training.featurize(examples, committed.groups)
    fitted = training.fit(rows, labels, info["C"], None if info["class_weight"] == "none" else info["class_weight"],
                          info["nb_share"])
    bias = info["neutral_bias_before_temperature"]
    retrained = training._to_model(fitted, bias, info["temperature"], info)
    assert retrained.to_json() == MODEL_FILE.read_text(encoding="utf-8")


# -- measured on NewsMTSC dev (never tuned on) ---------------------------------------------------------
#: the figures measured when the model was committed (docs/target_sentiment.md), less a small margin:
#: a change that makes the model worse on text it was not tuned on fails here
DEV_FLOORS = {"dev-rw.jsonl": 0.70, "dev-mt.jsonl": 0.66}  # measured 0.720 and 0.679


@needs_newsmtsc
@pytest.mark.parametrize("name", sorted(DEV_FLOORS))
def test_dev_macro_f1_stays_above_the_committed_floor_and_above_vader(name):
    from helpers.evaluate import evaluate_newsmtsc

    metrics = evaluate_newsmtsc(SHARED / name, show=0).metrics
    assert metrics["model"]["macro_f1"] >= DEV_FLOORS[name]
    assert metrics["model"]["macro_f1"] >= metrics["vader"]["macro_f1"] + 0.14  # measured +0.212 and +0.151
    # the share of pairs left neutral within 10 points of the gold share (measured 0.420 vs 0.397, 0.480 vs 0.491)
    assert abs(metrics["model"]["neutral_share"] - metrics["gold_neutral_share"]) <= 0.10


@needs_newsmtsc
def test_evaluate_prints_the_model_beside_vader_and_textblob(capsys):
    assert cli.main(["evaluate", str(SHARED / "dev-rw.jsonl"), "--show", "3"]) == 0
    out = capsys.readouterr().out
    assert "NewsMTSC dev-rw.jsonl: 343 target pairs" in out
    for name in ("target-sentiment model", "VADER compound", "TextBlob polarity"):
        row = next(line for line in out.splitlines() if line.startswith(name))
        numbers = [float(x) for x in row.split()[-4:]]
        assert all(0.0 <= x <= 1.0 for x in numbers)
    assert "macro-F1" in out and "neutral" in out and "errors (first 3 of" in out


def test_evaluate_of_a_missing_newsmtsc_file_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["evaluate", str(tmp_path / "nothing.jsonl")]) == cli.EXIT_USAGE
    assert "not found" in capsys.readouterr().err
