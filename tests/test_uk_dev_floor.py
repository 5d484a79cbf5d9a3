"""The in-domain measuring set (../shared/uk-dev: twenty UK-style items annotated to the seed
guidelines) as a floor: nothing here was tuned on it, and a change that drops these figures
has made the workbench worse on articles nobody here wrote.

The floors sit a little under the figures of the run reported in docs/stance.md and
docs/attribution_model.md, so that a real regression fails and noise does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import paths, pipeline
from helpers.evaluate import evaluate_seed_csv

UK_DEV = paths.PROJECT_ROOT.parent / "shared" / "uk-dev"

pytestmark = pytest.mark.skipif(not (UK_DEV / "gold_quotes.csv").exists(), reason="../shared/uk-dev not present")


@pytest.fixture(scope="module")
def uk_dev_metrics(tmp_path_factory) -> dict:
    run = pipeline.run([UK_DEV / "articles"], manifest=UK_DEV / "manifest.csv", store_dir=None,
                       apply_corrections=False)
    out: Path = tmp_path_factory.mktemp("uk_dev_out")
    pipeline.export(run, out, charts=False)
    return evaluate_seed_csv(UK_DEV / "gold_quotes.csv", out).metrics


def test_quotes_of_unseen_uk_articles_are_found_and_attributed(uk_dev_metrics):
    assert uk_dev_metrics["quote_recall"] >= 0.90
    assert uk_dev_metrics["attribution_accuracy"] >= 0.78


def test_stance_on_unseen_uk_articles_beats_the_sentiment_sign_baseline(uk_dev_metrics):
    assert uk_dev_metrics["stance_macro_f"] >= 0.45
    assert uk_dev_metrics["stance_macro_f"] - uk_dev_metrics["baseline_macro_f"] >= 0.12
