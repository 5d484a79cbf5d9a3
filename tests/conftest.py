"""Shared fixtures: the seed corpus analysed once per test session, and the gold files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import paths, pipeline

FIXTURES = Path(__file__).parent / "fixtures"
GOLD_DIR = FIXTURES / "gold"
SEED_GOLD = GOLD_DIR / "seed_quotes.csv"
POLNEAR_DIR = paths.PROJECT_ROOT.parent / "shared" / "polnear-dev"


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory) -> pipeline.RunResult:
    """The five seeds analysed without a store, exactly as `analyze seeds` does."""
    return pipeline.run([paths.SEEDS_DIR], store_dir=None, apply_corrections=False)


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory, seed_run) -> Path:
    out = tmp_path_factory.mktemp("seed_out")
    pipeline.export(seed_run, out, charts=False)
    return out


@pytest.fixture(scope="session")
def seed_statements(seed_run) -> pd.DataFrame:
    return seed_run.statements


def statement_for(statements: pd.DataFrame, file_prefix: str, fragment: str) -> pd.Series:
    """The non-narration statement of a seed file whose text contains ``fragment``."""
    rows = statements[statements["file"].str.startswith(file_prefix) & (statements["quote_type"] != "narration")
                      & statements["text"].str.contains(fragment, regex=False)]
    assert len(rows), f"no statement in {file_prefix} contains {fragment!r}"
    return rows.loc[rows["text"].str.len().idxmin()]  # the innermost (a nested quote, not its block)


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """A scratch corpus folder with copies of the seeds."""
    target = tmp_path / "corpus"
    shutil.copytree(paths.SEEDS_DIR, target)
    return target
