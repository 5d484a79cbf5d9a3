"""The outside development set: 84 annotated US political news articles (PolNeAR dev).

The targets set for this set are content recall ≥ 0.70, attribution accuracy ≥ 0.85 and
statement precision ≥ 0.80; all three are met (0.700, 0.850, 0.951), and the floors below sit just
under them as regression guards so that no change makes them silently worse. Relative pronoun sources
("an architect who said") are skipped like personal pronouns."""

from __future__ import annotations

import pytest

from helpers import pipeline
from helpers.evaluate import evaluate_polnear, strict_polnear

from .conftest import POLNEAR_DIR

pytestmark = pytest.mark.skipif(not (POLNEAR_DIR / "attributions").exists(), reason="../shared/polnear-dev not present")


@pytest.mark.slow
def test_polnear_dev_scores(tmp_path):
    run = pipeline.run([POLNEAR_DIR / "text"], manifest=POLNEAR_DIR / "metadata.csv", store_dir=None,
                       apply_corrections=False)
    assert len(run.articles) == 84 and run.rejected.empty
    assert set(run.articles["published"].str[:4]) == {"2016"}          # dates from metadata.csv
    pipeline.export(run, tmp_path, charts=False)
    metrics = evaluate_polnear(POLNEAR_DIR, tmp_path, show=0).metrics
    metrics.update(strict_polnear(POLNEAR_DIR, tmp_path).metrics)
    print(metrics)
    assert metrics["statement_precision"] >= 0.80
    assert metrics["content_recall"] >= 0.695  # target 0.70 (met: 0.700)
    assert metrics["attribution_accuracy"] >= 0.845  # target 0.85 (met: 0.850)
    # the strict rule of issue 18, with the attribution model: 0.680 / 0.880 / 0.848 (rules alone:
    # 0.636 / 0.888 / 0.864); floors just under them, as regression guards
    assert metrics["strict_content_recall"] >= 0.675
    assert metrics["strict_attribution_accuracy"] >= 0.87
    assert metrics["strict_statement_precision"] >= 0.84
