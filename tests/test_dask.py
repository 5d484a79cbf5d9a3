"""The Dask engine gives exactly the in-process engine's tables."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import paths, pipeline


@pytest.mark.slow
def test_dask_engine_output_is_identical_on_seeds_and_a_synthetic_corpus(tmp_path):
    from benchmarks.synthetic import make_corpus

    synthetic = tmp_path / "synthetic"
    make_corpus(synthetic, articles=40, seed=9)
    for inputs in ([paths.SEEDS_DIR], [synthetic]):
        local = pipeline.run(inputs, store_dir=None, apply_corrections=False)
        distributed = pipeline.run(inputs, store_dir=None, engine="dask", apply_corrections=False)
        pd.testing.assert_frame_equal(local.statements, distributed.statements)
        pd.testing.assert_frame_equal(local.stances, distributed.stances)
        assert len(local.statements) > 0
