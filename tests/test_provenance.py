"""Results always match the code that made them: a stored result is reused only when the same
code, libraries and configuration would make it again."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import paths, provenance
from helpers.store import incremental as store

pytestmark = pytest.mark.slow


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the package, its data and the seeds, as a researcher's checkout would be."""
    root = tmp_path / "project"
    shutil.copytree(paths.PACKAGE_DIR, root / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(paths.DATA_DIR, root / "data", ignore=shutil.ignore_patterns("processed", "articles"))
    shutil.copytree(paths.SEEDS_DIR, root / "seeds")
    return root


def _analyze(root: Path, out: str = "out") -> dict:
    """Run ``analyze seeds`` in the copy (its own package, data and store); the run's report."""
    done = subprocess.run([sys.executable, "-m", "helpers", "analyze", "seeds", "--manifest", "seeds/manifest.csv",
                           "--out", out, "--store", "store", "--no-charts", "--quiet"],
                          cwd=root, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(root)))
    assert done.returncode == 0, done.stderr
    return json.loads((root / out / "run_report.json").read_text())


def _tables(root: Path, out: str = "out") -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.read_parquet(root / out / "statements.parquet"), pd.read_parquet(root / out / "stances.parquet")


def _edit(path: Path, old: str, new: str) -> None:
    source = path.read_text(encoding="utf-8")
    assert old in source
    path.write_text(source.replace(old, new, 1), encoding="utf-8")


def test_a_changed_stance_rule_recomputes_the_stances_and_reuses_the_statements(project_copy):
    first = _analyze(project_copy)
    assert first["steps"] == ["statements", "stances"]
    statements, stances = _tables(project_copy)
    assert set(stances["stance"]) >= {"favor", "against"}

    # a developer (or an upgrade) makes favor and against far harder to reach
    _edit(project_copy / "helpers" / "stance" / "rules.py", "FAVOR_THRESHOLD = 0.3", "FAVOR_THRESHOLD = 5.0")
    second = _analyze(project_copy)
    assert second["steps"] == ["stances"] and second["statements_computed_for"] == 0
    statements_after, stances_after = _tables(project_copy)
    pd.testing.assert_frame_equal(statements, statements_after)
    # what --no-store gives with that rule: the cue rules take no side any more (the model still may)
    assert not ((stances_after["method"] != "model") & (stances_after["stance"] != "neutral")).any()
    assert not stances_after["stance"].equals(stances["stance"])

    untouched = _analyze(project_copy)
    assert untouched["steps"] == [] and untouched["stances_computed_for"] == 0
    pd.testing.assert_frame_equal(stances_after, _tables(project_copy)[1])


def test_a_changed_attribution_module_recomputes_both_steps(project_copy):
    _analyze(project_copy)
    attribution = project_copy / "helpers" / "speech" / "attribution.py"
    attribution.write_text(attribution.read_text(encoding="utf-8") + "\n# a comment is code too: it is recomputed\n")
    again = _analyze(project_copy)
    assert again["steps"] == ["statements", "stances"] and again["statements_computed_for"] == 6


def test_changed_cleaning_code_reads_the_files_again_and_reuses_the_unchanged_analysis(project_copy):
    _analyze(project_copy)
    cached_before = set(store.Store(project_copy / "store").load_ingest_cache())
    cleaning = project_copy / "helpers" / "ingest" / "cleaning.py"
    cleaning.write_text(cleaning.read_text(encoding="utf-8") + "\n# edited\n")
    again = _analyze(project_copy)
    cached_after = set(store.Store(project_copy / "store").load_ingest_cache())
    assert len(cached_after - cached_before) == len(cached_before)  # every file read again, under a new key
    assert again["steps"] == []  # the same cleaned texts: their statements and stances are reused


def test_an_upgraded_sentiment_library_recomputes_what_it_scores(monkeypatch):
    before = store.StepKeys.current()
    real = provenance._version_of
    monkeypatch.setattr(provenance, "_version_of", lambda module: "99.0" if module == "textblob" else real(module))
    after = store.StepKeys.current()
    assert after.statements != before.statements and after.stances != before.stances
    assert provenance.code_digest("ingest") == provenance.code_digest("ingest")  # (ingestion does not use it)


def test_each_step_is_made_of_the_modules_it_imports_and_no_others():
    statements, stances = provenance.describe("statements"), provenance.describe("stances")
    assert "stance/rules.py" not in statements["files"] and "stance/targets.py" not in statements["files"]
    assert {"stance/rules.py", "stance/targets.py", "speech/attribution.py"} <= set(stances["files"])
    assert {"textblob", "vaderSentiment"} <= set(statements["libraries"])
    assert "trafilatura" in provenance.describe("ingest")["libraries"]
    assert "matplotlib" in provenance.describe("charts")["libraries"]
    assert "pyarrow" in provenance.describe("tables")["libraries"]
