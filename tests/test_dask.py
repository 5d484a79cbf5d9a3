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


def test_work_is_split_into_shrinking_chunks_that_keep_every_article_in_order():
    from helpers.engines.distributed import MIN_CHUNK, _chunks

    articles = list(range(4847))
    chunks = _chunks(articles, workers=2, cap=200)
    assert [a for chunk in chunks for a in chunk] == articles  # nothing lost, nothing reordered
    sizes = [len(chunk) for chunk in chunks]
    assert max(sizes) == 200 and sizes == sorted(sizes, reverse=True)
    assert sizes[-1] <= MIN_CHUNK  # the last chunks are small: no worker is left alone with a big one
    assert _chunks([1, 2, 3], workers=2, cap=200) == [[1, 2, 3]]


def test_chunk_tables_join_into_the_tables_of_one_in_process_run():
    corpus_run = pipeline.run([paths.SEEDS_DIR], store_dir=None, apply_corrections=False)
    from helpers import config
    from helpers.engines import local
    from helpers.ingest import corpus as ingest
    from helpers.tables import rows as analysis

    settings = config.load_settings()
    corpus = ingest.ingest([paths.SEEDS_DIR], settings=settings)
    articles = corpus.articles.to_dict("records")
    comments = {}
    for row in corpus.comments.to_dict("records"):
        comments.setdefault(row["article_id"], []).append(row)
    ids = {a["article_id"] for a in articles}
    parts = [local.analyse_to_tables(articles[i:i + 2], comments, settings.extraction, ids, ids, {})
             for i in range(0, len(articles), 2)]
    joined = local.Analysed.joined(parts)
    assert joined.statement_articles == ids == joined.stance_articles
    statements, stances = joined.statements, joined.stances[analysis.STANCE_COLUMNS]
    from helpers.tables import rows as analysis

    pd.testing.assert_frame_equal(analysis.conform(statements, analysis.STATEMENT_COLUMNS), corpus_run.statements)
    pd.testing.assert_frame_equal(analysis.conform(stances, analysis.STANCE_COLUMNS), corpus_run.stances)
