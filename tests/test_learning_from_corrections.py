"""Learning from the researcher: a stance correction becomes a training example of the sentiment model."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from helpers import cli, paths
from helpers.stance.corrections_training import examples_from_corrections
from helpers.tables import corrections

SHARED = paths.PROJECT_ROOT.parent / "shared" / "newsmtsc"


def _a_statement_about(seed_out, target: str) -> dict:
    statements = pd.read_parquet(seed_out / "statements.parquet")
    stances = pd.read_parquet(seed_out / "stances.parquet")
    sid = stances[(stances["target"] == target) & (stances["statement_id"].isin(
        statements.loc[statements["quote_type"] == "direct", "statement_id"]))]["statement_id"].iloc[0]
    return statements[statements["statement_id"] == sid].iloc[0].to_dict()


def test_a_stance_correction_is_an_example_with_the_words_the_model_reads(seed_out, tmp_path):
    statement = _a_statement_about(seed_out, "Labour")
    corrections_file = tmp_path / "corrections.csv"
    corrections.add(corrections_file, statement, "stance", value="against", target="Labour", note="checked")
    corrections.add(corrections_file, statement, "stance", value="favor", target="Ed Balls")  # (not a target there)
    examples, notes = examples_from_corrections(corrections_file, seed_out)
    assert len(examples) == 1 and len(notes) == 1 and "does not refer to Ed Balls" in notes[0]
    example = examples[0]
    assert example.label == "negative" and example.article.startswith("correction:")
    assert example.target_spans and all(0 <= a < b <= len(example.text) for a, b in example.target_spans)
    assert example.text in statement["context"]  # (the statement's sentences that refer to the target)


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.exists(), reason="NewsMTSC is not beside the project")
def test_train_with_corrections_says_how_the_dev_figures_moved(seed_out, tmp_path, capsys):
    pytest.importorskip("sklearn")
    sample = tmp_path / "train.jsonl"
    sample.write_text("".join((SHARED / "train.jsonl").read_text(encoding="utf-8").splitlines(True)[:300]))
    statement = _a_statement_about(seed_out, "Labour")
    corrections_file = tmp_path / "corrections.csv"
    corrections.add(corrections_file, statement, "stance", value="against", target="Labour")
    model = tmp_path / "models" / "target_sentiment.json"
    model.parent.mkdir()
    shutil.copy(paths.DATA_DIR / "models" / "target_sentiment.json", model)
    assert cli.main(["train", "--data", str(sample), "--out", str(model), "--with-corrections",
                     "--corrections", str(corrections_file), "--exports", str(seed_out)]) == 0
    said = capsys.readouterr().out
    assert "1 stance correction(s) added to the training data" in said
    assert "dev-rw: macro-F1" in said and "->" in said
    info = json.loads(model.read_text(encoding="utf-8"))["training"]
    pairs = sum(len(json.loads(line)["targets"]) for line in sample.read_text().splitlines())
    assert info["examples"] == pairs + 1
    assert (model.parent / "stance_gate.json").exists()
