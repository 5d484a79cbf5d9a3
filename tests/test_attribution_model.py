"""The learned attribution model (issue 18): what it adds to the rules, how it rates their
statements, that its weights load from readable JSON, and that training is reproducible."""

from __future__ import annotations

import itertools
import json
from datetime import date

import numpy as np
import pytest

from helpers import config
from helpers.analyse import statements_of as analysed
from helpers.doc import Doc
from helpers.speech.attribution_model import MODEL_FILE, load_model
from helpers.speech.attribution_training import rules_analyser
from helpers.speech.crf import LinearChainCRF

from .conftest import POLNEAR_DIR

TRAIN_DIR = POLNEAR_DIR.parent / "polnear-train"


def statements_of(text: str, use_model: bool = True) -> list[tuple[str, str, str]]:
    """(speaker, text, how) of each statement other than the writer's narration, as a run finds them
    (or as the rules alone find them)."""
    if use_model:
        found = analysed(text, date(2016, 5, 1), "Writer")
    else:
        doc = Doc.from_text(text, date(2016, 5, 1), "Writer")
        found = rules_analyser(config.load_settings().extraction)(doc).statements
    return [(s.speaker, text[s.start:s.end], s.method) for s in found if s.quote_type != "narration"]


@pytest.mark.parametrize("text, speaker, words", [
    ("Governor Tom Reed met voters in Albany on Monday. Reed is convinced that the new budget will hurt "
     "the poorest families in the state.", "Tom Reed", "the new budget will hurt the poorest families"),
    ("Senator Mark Hill toured a steel plant on Monday. Hill is confident that the new trade deal will bring "
     "thousands of jobs back to Ohio.", "Mark Hill", "the new trade deal will bring thousands of jobs"),
])
def test_the_model_finds_what_the_rules_miss(text, speaker, words):
    assert not any(words in said for _, said, _ in statements_of(text, use_model=False))  # the rules miss it
    found = [(who, how) for who, said, how in statements_of(text) if words in said]
    assert found and found[0][0] == speaker and found[0][1].startswith("model")


@pytest.mark.parametrize("text, speaker, words", [
    ("Senator Jane Smith spoke to farmers in Ohio on Tuesday. The senator believes the bill will fail.",
     "Jane Smith", "the bill will fail"),
    ('"We will win this seat," Ed Miliband told reporters in Rochdale.', "Ed Miliband", "We will win this seat"),
])
def test_statements_the_rules_are_sure_of_stay_as_they_are(text, speaker, words):
    assert [(who, how) for who, said, how in statements_of(text) if words in said] == \
        [(who, how) for who, said, how in statements_of(text, use_model=False) if words in said]
    assert any(who == speaker for who, said, _ in statements_of(text) if words in said)


@pytest.mark.parametrize("text", [
    "Prior commitments kept him away from the rally in Leeds on Saturday.",
    "The weather in Bradford was cold and wet, and the count went on until four in the morning.",
    "Galloway's victory came after a campaign of six weeks in the constituency.",
])
def test_the_writer_s_own_sentences_get_no_speaker(text):
    assert statements_of(text) == []


def test_every_statement_is_rated_by_the_model():
    text = ("Mayor Anne Cole opened a school on Friday. Cole said the city would build two more schools. "
            "The weather was fine.")
    found = analysed(text, date(2016, 5, 1), "Writer")
    said = [s for s in found if s.quote_type != "narration"]
    assert said and all(0.0 <= s.model_confidence <= 1.0 for s in said)
    assert all(s.model_confidence is None for s in found if s.quote_type == "narration")


def test_the_weights_are_readable_json_with_their_thresholds():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert set(data["labels"]) == {"O", "B-C", "I-C", "S", "Q"}
    assert np.asarray(data["transitions"]).shape == (5, 5)
    assert len(data["state_features"]) > 10_000
    assert {"min_tokens", "min_probability", "drop_below"} <= set(data["meta"]["params"])
    model = load_model()
    assert model.labels == data["labels"] and model.meta["trained_on"].startswith("polnear-train")


def test_a_run_never_trains_nor_needs_the_training_library():
    import subprocess
    import sys

    code = ("import sys; from helpers.analyse import statements_of; statements_of('Reed said the budget would fail.'); "
            "print('pycrfsuite' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_viterbi_and_marginals_agree_with_brute_force():
    rng = np.random.default_rng(0)
    labels = ["O", "B-C", "I-C"]
    model = LinearChainCRF(labels, rng.normal(size=(3, 3)).tolist(),
                           {f"f{i}": {label: float(rng.normal()) for label in labels} for i in range(6)})
    features = [["f0", "f1"], ["f2"], ["f3", "f4"], ["f5", "unknown"]]
    emissions = model.emissions(features)

    def score(path):
        return sum(emissions[t, y] for t, y in enumerate(path)) + sum(
            model.transitions[a, b] for a, b in zip(path, path[1:]))

    paths = list(itertools.product(range(3), repeat=len(features)))
    assert model.viterbi(emissions) == list(max(paths, key=score))
    weights = np.exp([score(p) for p in paths])
    expected = np.zeros((len(features), 3))
    for p, w in zip(paths, weights):
        for t, y in enumerate(p):
            expected[t, y] += w
    assert np.allclose(model.marginals(emissions), expected / weights.sum())


@pytest.mark.slow
@pytest.mark.skipif(not (TRAIN_DIR / "attributions").exists(), reason="../shared/polnear-train not present")
def test_training_on_a_small_sample_is_reproducible(tmp_path):
    pytest.importorskip("pycrfsuite")
    from helpers.speech.attribution_training import train

    first, second = tmp_path / "a.json", tmp_path / "b.json"
    train(TRAIN_DIR, first, folds=1, iterations=15, limit=6, log=lambda *_: None)
    train(TRAIN_DIR, second, folds=1, iterations=15, limit=6, log=lambda *_: None)
    assert first.read_bytes() == second.read_bytes()
    model = LinearChainCRF.load(first)
    assert model.meta["trained_on"] == "polnear-train (6 articles)" and len(model.state) > 100


def _paragraph_tokens(texts: list[str]):
    """The feature material of every body paragraph of these texts, analysed by the rules."""
    from helpers.speech.attribution_features import article_tokens

    rules = rules_analyser(config.load_settings().extraction)
    for text in texts:
        doc = rules(Doc.from_text(text, date(2016, 5, 1), "the writer"))
        yield from article_tokens(doc.norm, doc.paragraphs, doc.sentences, doc.hits["cue"], doc.mentions,
                                  doc.statements)


def _rows_of_strings(state: dict[str, int], tokens) -> tuple[list[int], list[int]]:
    """The rows and token starts that the feature strings give (as ``LinearChainCRF.emissions`` reads them)."""
    from helpers.speech.attribution_features import token_features

    rows, starts = [], []
    for i in range(len(tokens.spans)):
        starts.append(len(rows))
        rows += [state.get(f, len(state)) for f in token_features(tokens, i)]
    return rows, starts


_ODD_TEXTS = [
    'Smith said: "We | will win || this." | Jones, who told reporters, said it would fail. "No," he said.',
    "| || ||| a|b\n\n\"Quote without end, said Reed.\n\nSaid said said. 'Told' told; (claimed) claims?!",
    "Mr. Reed believes, according to aides, that it will, he said, fail; 12 3,000 X-Ray. Lewis warned.",
]


def _fixture_texts() -> list[str]:
    from .conftest import FIXTURES

    return [f.read_text(encoding="utf-8") for f in sorted((FIXTURES / "styles").glob("*.txt"))]


def test_feature_rows_are_the_rows_of_the_feature_strings():
    from helpers.speech.attribution_feature_rows import FeatureRows
    from helpers.speech.attribution_features import token_features

    model = load_model()
    feature_rows = FeatureRows(model.state, len(model.state))
    for tokens in _paragraph_tokens(_fixture_texts() + _ODD_TEXTS):
        rows, starts = feature_rows.rows([tokens])
        assert (rows.tolist(), starts.tolist()) == _rows_of_strings(model.state, tokens)
        features = [token_features(tokens, i) for i in range(len(tokens.spans))]
        emissions = model.emissions_of_rows(rows, starts)
        assert np.array_equal(emissions, model.emissions(features))


def test_feature_rows_of_paragraphs_read_together():
    """An article's paragraphs read at once: each token's rows as when its paragraph is read alone
    (no neighbour is looked for in the next paragraph), and the same emissions."""
    from helpers.speech.attribution_feature_rows import FeatureRows

    model = load_model()
    feature_rows = FeatureRows(model.state, len(model.state))
    paragraphs = list(_paragraph_tokens(_ODD_TEXTS + _fixture_texts()[:4]))
    for size in (2, 3, 7, len(paragraphs)):
        group = paragraphs[:size]
        rows, starts = feature_rows.rows(group)
        expected_rows, expected_starts = [], []
        for tokens in group:
            alone, alone_starts = _rows_of_strings(model.state, tokens)
            expected_starts += [start + len(expected_rows) for start in alone_starts]
            expected_rows += alone
        assert (rows.tolist(), starts.tolist()) == (expected_rows, expected_starts)
        together = model.emissions_of_rows(rows, starts)
        alone = np.concatenate([model.emissions_of_rows(*feature_rows.rows([tokens])) for tokens in group])
        assert np.array_equal(together, alone)


@pytest.mark.parametrize("seed", range(4))
def test_feature_rows_with_any_subset_of_features_known(seed):
    """A model that knows a random part of the features the texts have (pairs of "|" tokens among
    them), and features no text has: the rows are still those of the strings."""
    from helpers.speech.attribution_feature_rows import FeatureRows
    from helpers.speech.attribution_features import token_features

    paragraphs = list(_paragraph_tokens(_ODD_TEXTS + _fixture_texts()[:3]))
    seen = sorted({f for t in paragraphs for i in range(len(t.spans)) for f in token_features(t, i)})
    rng = np.random.default_rng(seed)
    known = [f for f in seen if rng.random() < 0.5] + ["w-1w=|||", "w|w+1=a||", "last=|", "zzz", "w="]
    state = {feature: row for row, feature in enumerate(rng.permutation(known).tolist())}
    feature_rows = FeatureRows(state, len(state))
    for tokens in paragraphs:
        rows, starts = feature_rows.rows([tokens])
        assert (rows.tolist(), starts.tolist()) == _rows_of_strings(state, tokens)
    rows, _ = feature_rows.rows(paragraphs)
    assert rows.tolist() == [r for tokens in paragraphs for r in _rows_of_strings(state, tokens)[0]]


def _decoded_alone(model: LinearChainCRF, emissions: list[np.ndarray]):
    return [(model.viterbi(e), model.marginals(e)) for e in emissions]


def _assert_same_decoding(model: LinearChainCRF, emissions: list[np.ndarray]):
    from helpers.speech.crf_steps import all_marginals, best_paths

    paths, probabilities = best_paths(emissions, model.transitions), all_marginals(emissions, model.transitions)
    for (path, alone), p, q in zip(_decoded_alone(model, emissions), paths, probabilities):
        assert p == path
        assert q.shape == alone.shape and np.array_equal(q, alone)  # (bit for bit)


def test_paragraphs_decoded_in_step_as_one_by_one():
    """The real model on the fixtures' paragraphs: the same paths and the same probabilities, bit for bit."""
    from helpers.speech.attribution_feature_rows import FeatureRows

    model = load_model()
    feature_rows = FeatureRows(model.state, len(model.state))
    paragraphs = list(_paragraph_tokens(_fixture_texts() + _ODD_TEXTS))
    emissions = [model.emissions_of_rows(*feature_rows.rows([tokens])) for tokens in paragraphs]
    for size in (1, 2, 5, len(emissions)):
        _assert_same_decoding(model, emissions[:size])


@pytest.mark.parametrize("seed", range(3))
def test_random_sequences_decoded_in_step_as_one_by_one(seed):
    """Random weights and lengths (none, one token, hundreds), ties among them (whole numbers)."""
    rng = np.random.default_rng(seed)
    labels = ["O", "B-C", "I-C", "S", "Q"]
    for weights in (lambda size: rng.normal(size=size) * 4, lambda size: rng.integers(-2, 3, size=size) * 1.0):
        model = LinearChainCRF(labels, weights((5, 5)).tolist(), {})
        lengths = rng.integers(0, 60, size=int(rng.integers(1, 12))).tolist() + [1, 0, 300]
        _assert_same_decoding(model, [weights((n, 5)) for n in rng.permutation(lengths).tolist()])
