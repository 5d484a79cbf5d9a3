"""A re-run after a small change redoes only what changed and produces what a fresh run would:
the store keeps each article's results through interruptions, charts and tables are written again
only when what they hold changed, and the sentiment scorers load without NLTK."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from helpers import paths, pipeline
from helpers.charts import record, standard

NEW_ARTICLE = ('Labour news\n\nJeremy Corbyn said: "Ed Miliband is a weak leader and a disaster for Labour."\n'
               "Tom Watson said Ed Miliband deserves credit for real leadership.\n")


def _count_drawing(monkeypatch) -> list[tuple[str, tuple]]:
    """(chart name, formats) of every chart drawn in this process from now on."""
    drawn: list[tuple[str, tuple]] = []
    real = standard.draw

    def counting(name, function, args, out_dir, formats):
        drawn.append((name, tuple(formats)))
        return real(name, function, args, out_dir, formats)

    monkeypatch.setattr(standard, "draw", counting)
    return drawn


def test_charts_are_drawn_again_only_when_what_they_show_changed(corpus_dir, tmp_path, monkeypatch):
    db, out = tmp_path / "store", tmp_path / "out"
    drawn = _count_drawing(monkeypatch)
    pipeline.export(pipeline.run([corpus_dir], store_dir=db, apply_corrections=False), out, chart_formats=("png",))
    assert len(drawn) == 5
    charts = {p.name: p.read_bytes() for p in (out / "charts").glob("*.png")}
    assert len(charts) == 5

    # the same results again: nothing to draw, every chart still listed and unchanged on disk
    drawn.clear()
    written = pipeline.export(pipeline.run([corpus_dir], store_dir=db, apply_corrections=False), out,
                              chart_formats=("png",))
    assert drawn == []
    assert sorted(p.name for p in written if p.suffix == ".png") == sorted(charts)
    assert {p.name: p.read_bytes() for p in (out / "charts").glob("*.png")} == charts

    # a chart removed or replaced by hand is drawn again; a new format is drawn, the old one kept
    (out / "charts" / "outlet_target.png").unlink()
    (out / "charts" / "stance_over_time.png").write_bytes(b"not a chart")
    pipeline.export(pipeline.run([corpus_dir], store_dir=db, apply_corrections=False), out,
                    chart_formats=("png", "svg"))
    assert sorted(n for n, f in drawn if "png" in f) == ["outlet_target", "stance_over_time"]
    assert sorted(n for n, f in drawn if "svg" in f) == sorted(standard.CHART_NAMES)
    assert {p.name: p.read_bytes() for p in (out / "charts").glob("*.png")} == charts

    # an article with stances: the charts showing them are drawn again and equal a fresh export's
    drawn.clear()
    (corpus_dir / "new.txt").write_text(NEW_ARTICLE)
    rerun = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    assert rerun.report["new"] == 1
    pipeline.export(rerun, out, chart_formats=("png",))
    assert drawn  # (which ones depends on what the new statements change)
    fresh = tmp_path / "fresh"
    pipeline.export(pipeline.run([corpus_dir], store_dir=None, apply_corrections=False), fresh, chart_formats=("png",))
    for name in standard.CHART_NAMES:
        assert (out / "charts" / f"{name}.png").read_bytes() == (fresh / "charts" / f"{name}.png").read_bytes(), name
    assert not list((out / "charts").glob(".*.tmp"))


def test_a_chart_signature_covers_every_value_and_the_drawing_code():
    table = pd.DataFrame({"speaker": ["A", "B"], "target": ["Labour", "Labour"], "n": [3, 4],
                          "net_stance": [0.5, -0.25]})
    version = record._drawing_version()

    def signature(frame, label="x", fmt="png", drawing=version):
        return record.chart_signature("heatmap", "stance_heatmap", (frame, "speaker", label), fmt, drawing)

    assert signature(table) == signature(table.copy())
    assert signature(table.assign(net_stance=[0.5, -0.26])) != signature(table)
    assert signature(table.rename(columns={"n": "count"})) != signature(table)
    assert signature(table.iloc[::-1]) != signature(table)  # the order of rows is the order drawn
    assert signature(table, label="y") != signature(table)
    assert signature(table, fmt="svg") != signature(table)
    assert signature(table, drawing="other code") != signature(table)


def test_the_sentiment_scorers_load_without_nltk_and_textblob_still_imports_afterwards():
    program = (
        "import sys\n"
        "from helpers.sentiment import scores as sentiment\n"
        "scores = sentiment.textblob_scores('A truly awful, dishonest campaign.')\n"
        "assert 'nltk' not in sys.modules and 'textblob' not in sys.modules, sorted(sys.modules)\n"
        "from textblob import TextBlob\n"
        "import textblob.en\n"
        "blob = TextBlob('A truly awful, dishonest campaign.').sentiment\n"
        "assert scores == (blob.polarity, blob.subjectivity), (scores, blob)\n"
        "assert textblob.en.sentiment('good') == sentiment._pattern_sentiment('good')\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=paths.PROJECT_ROOT)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def _store_tables(db) -> tuple[pd.DataFrame, pd.DataFrame]:
    from helpers.store.incremental import Store

    return Store(db).tables()


def _crash_on_call(monkeypatch, module, name: str, number: int) -> list[int]:
    """Make the ``number``-th call of ``module.name`` (from 0) raise KeyboardInterrupt, as a kill would
    stop the run there; returns the list that counts the calls."""
    calls: list[int] = []
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append(len(calls))
        if len(calls) - 1 == number:
            raise KeyboardInterrupt("killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


@pytest.mark.parametrize("max_parts", [8, 1])  # 1: every update compacts the tables into one part
def test_a_run_stopped_at_any_write_leaves_the_previous_results_and_the_next_run_finishes_the_job(
        corpus_dir, tmp_path, monkeypatch, max_parts):
    from helpers.store import incremental as store

    monkeypatch.setattr(store, "MAX_PARTS", max_parts)
    first = tmp_path / "first"
    pipeline.run([corpus_dir], store_dir=first, apply_corrections=False)
    (corpus_dir / "new.txt").write_text(NEW_ARTICLE)            # one new article, one removed
    (corpus_dir / "003_114ada349609a17a.txt").unlink()
    fresh = pipeline.run([corpus_dir], store_dir=None, apply_corrections=False)
    previous = _store_tables(first)
    stops = [("_write", i) for i in range(8)] + [("_remove", 0)]
    for function, number in stops:
        db = tmp_path / f"store-{function}-{number}"
        shutil.copytree(first, db)
        with monkeypatch.context() as patch:
            calls = _crash_on_call(patch, store if function == "_write" else store.Store, function, number)
            try:
                pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
                stopped = False
            except KeyboardInterrupt:
                stopped = True
        if not stopped:
            assert function == "_write" and number >= len(calls)  # fewer writes than that: nothing to stop
            continue
        if function == "_write":  # done.parquet is written last: until then the store is the previous one
            pd.testing.assert_frame_equal(_store_tables(db)[0], previous[0])
            pd.testing.assert_frame_equal(_store_tables(db)[1], previous[1])
        resumed = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
        pd.testing.assert_frame_equal(resumed.statements, fresh.statements)
        pd.testing.assert_frame_equal(resumed.stances, fresh.stances)
        again = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
        assert again.report["steps"] == [] and again.report["statements_computed_for"] == 0
        live = set(store.Store(db)._read_done()[0][["statements_part", "stances_part"]].stack()) - {""}
        assert {f"parts/{p.name}" for p in (db / "parts").iterdir()} == live  # nothing left behind


def test_parts_are_appended_and_compacted(corpus_dir, tmp_path, monkeypatch):
    from helpers.store import incremental as store

    monkeypatch.setattr(store, "MAX_PARTS", 3)
    db = tmp_path / "store"
    pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    assert len(list((db / "parts").glob("statements-*.parquet"))) == 1
    for i in range(4):
        (corpus_dir / f"new{i}.txt").write_text(NEW_ARTICLE.replace("weak", f"weak ({i})"))
        run = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
        assert run.report["new"] == 1 and run.report["statements_computed_for"] == 1
        parts = len(list((db / "parts").glob("statements-*.parquet")))
        assert parts == [2, 3, 1, 2][i]  # a new part per run, until there would be more than three
    fresh = pipeline.run([corpus_dir], store_dir=None, apply_corrections=False)
    pd.testing.assert_frame_equal(run.statements, fresh.statements)
    pd.testing.assert_frame_equal(run.stances, fresh.stances)
    assert len(list((db / "ingest").glob("ingest-*.parquet"))) <= 3


def test_a_store_of_one_file_per_table_is_read_and_rewritten_as_parts(corpus_dir, tmp_path):
    from helpers.store import incremental as store

    db = tmp_path / "store"
    first = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    # the layout before parts: statements.parquet, stances.parquet, done.parquet without part columns
    statements, stances = store.Store(db).tables()
    done = pd.read_parquet(db / "done.parquet")
    keys = done[["statements_key", "stances_key"]].iloc[0]
    statements.assign(_key=keys["statements_key"]).to_parquet(db / "statements.parquet", index=False)
    stances.assign(_key=keys["stances_key"]).to_parquet(db / "stances.parquet", index=False)
    done.drop(columns=["statements_part", "stances_part"]).to_parquet(db / "done.parquet", index=False)
    shutil.rmtree(db / "parts")
    again = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    assert again.report["statements_computed_for"] == 0
    pd.testing.assert_frame_equal(again.statements, first.statements)
    (corpus_dir / "new.txt").write_text(NEW_ARTICLE)
    added = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    assert added.report["statements_computed_for"] == 1
    assert not (db / "statements.parquet").exists() and not (db / "stances.parquet").exists()
    fresh = pipeline.run([corpus_dir], store_dir=None, apply_corrections=False)
    pd.testing.assert_frame_equal(added.statements, fresh.statements)
    pd.testing.assert_frame_equal(added.stances, fresh.stances)


def test_tables_are_rewritten_only_when_their_content_changed_and_equal_a_fresh_export(corpus_dir, tmp_path,
                                                                                       monkeypatch):
    from helpers.tables import aggregates

    db, out, fresh = tmp_path / "store", tmp_path / "out", tmp_path / "fresh"
    names = ["articles", "statements", "stances", "rejected", "comments", *aggregates.AGGREGATE_TABLES]
    pipeline.export(pipeline.run([corpus_dir], store_dir=db, apply_corrections=False), out, charts=False)
    written: list[str] = []
    real = pipeline.write_table
    monkeypatch.setattr(pipeline, "write_table", lambda frame, folder, name, *suffixes: (written.append(name),
                                                                                         real(frame, folder, name,
                                                                                              *suffixes)))
    computed: list[int] = []
    real_aggregates = aggregates.all_aggregates
    monkeypatch.setattr(aggregates, "all_aggregates", lambda *a, **k: (computed.append(1), real_aggregates(*a, **k))[1])

    def export(charts=False) -> list:
        written.clear()
        computed.clear()
        paths_written = pipeline.export(pipeline.run([corpus_dir], store_dir=db, apply_corrections=False), out,
                                        charts=charts, chart_formats=("png",))
        assert sorted(p.stem for p in paths_written if p.suffix == ".csv") == sorted(names)
        return sorted(set(written))

    assert export() == []      # every file holds what it would be written with
    assert computed == []      # same view: the aggregates are not even computed
    assert export(charts=True) == [] and computed == [1]  # (charts to draw)
    assert export(charts=True) == [] and computed == []
    (out / "stances.csv").write_text("edited by hand")
    (out / "month_target.parquet").unlink()
    assert export() == ["month_target", "stances"]
    (corpus_dir / "new.txt").write_text(NEW_ARTICLE)       # new stances: new aggregates
    assert "speaker_target" in export(charts=True) and "stances" in written and computed == [1]
    pipeline.export(pipeline.run([corpus_dir], store_dir=None, apply_corrections=False), fresh, charts=True,
                    chart_formats=("png",))
    for name in names:
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{name}.parquet"),
                                      pd.read_parquet(fresh / f"{name}.parquet"))
        assert (out / f"{name}.csv").read_bytes() == (fresh / f"{name}.csv").read_bytes(), name
    for name in standard.CHART_NAMES:
        assert (out / "charts" / f"{name}.png").read_bytes() == (fresh / "charts" / f"{name}.png").read_bytes(), name


def test_the_ingestion_cache_keeps_texts_exactly_and_reads_a_cache_of_the_earlier_format(tmp_path):
    import json

    from helpers.store.incremental import Store

    odd = "Quote \u201cthis\u201d \\ \"that\" \n\ttab \U0001F600 and a lone surrogate \udce9"
    cache = {"k1": {"key": "k1", "articles": [{"article_id": "a", "text": "plain text", "body_end": 10},
                                              {"article_id": "b", "text": odd, "body_end": 3}],
                    "comments": [{"text": "a comment"}], "rejections": [], "warnings": ["w"]},
             "k2": {"key": "k2", "articles": [], "comments": [], "rejections": [["f", "empty"]], "warnings": []}}
    store = Store(tmp_path / "store")
    store.save_ingest_cache(cache)
    loaded = Store(tmp_path / "store").load_ingest_cache()
    assert loaded == cache
    assert list(loaded["k1"]["articles"][0]) == ["article_id", "text", "body_end"]  # (keys in their order)
    # a cache written before texts had their own column: one JSON payload per file
    legacy = Store(tmp_path / "legacy")
    legacy.dir.mkdir()
    pd.DataFrame({"key": list(cache), "payload": [json.dumps(v) for v in cache.values()]}).to_parquet(
        legacy.dir / "ingest.parquet", index=False)
    assert legacy.load_ingest_cache() == cache
    legacy.save_ingest_cache(dict(cache, k3={"key": "k3", "articles": [], "comments": [], "rejections": [],
                                             "warnings": []}))
    assert Store(tmp_path / "legacy").load_ingest_cache()["k1"] == cache["k1"]


def test_charts_and_tables_are_redone_when_the_code_that_makes_them_changes(corpus_dir, tmp_path, monkeypatch):
    from helpers import provenance

    db, out = tmp_path / "store", tmp_path / "out"
    drawn = _count_drawing(monkeypatch)
    run = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    pipeline.export(run, out, chart_formats=("png",))
    drawn.clear()
    pipeline.export(run, out, chart_formats=("png",))
    assert drawn == []
    monkeypatch.setattr(record, "_drawing_version", lambda: "other drawing code")
    pipeline.export(run, out, chart_formats=("png",))
    assert sorted(name for name, _ in drawn) == sorted(standard.CHART_NAMES)
    written: list[str] = []
    real = pipeline.write_table
    monkeypatch.setattr(pipeline, "write_table", lambda frame, folder, name, *suffixes: (written.append(name),
                                                                                         real(frame, folder, name,
                                                                                              *suffixes)))
    real_code_digest = provenance.code_digest
    monkeypatch.setattr(provenance, "code_digest", lambda step: real_code_digest(step) + (
        "-edited" if step == "tables" else ""))
    pipeline.export(run, out, chart_formats=("png",))
    assert "stances" in written and "speaker_target" in written  # (the writing code changed)


def test_an_export_after_adding_an_article_without_stances_and_renaming_a_file_equals_a_fresh_export(
        corpus_dir, tmp_path):
    from helpers.tables import aggregates

    db, out, fresh = tmp_path / "store", tmp_path / "out", tmp_path / "fresh"
    pipeline.export(pipeline.run([corpus_dir], store_dir=db, apply_corrections=False), out, chart_formats=("png",))
    (corpus_dir / "plain.txt").write_text('A new article\n\nA voter said: "We will decide on the day, as always."\n')
    rerun = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    assert rerun.report["new"] == 1
    pipeline.export(rerun, out, chart_formats=("png",))
    first = sorted(p for p in corpus_dir.glob("*.txt") if p.name != "plain.txt")[0]
    first.rename(first.with_name("renamed_" + first.name))  # (the view's file column changes, no stance does)
    pipeline.export(pipeline.run([corpus_dir], store_dir=db, apply_corrections=False), out, chart_formats=("png",))
    pipeline.export(pipeline.run([corpus_dir], store_dir=None, apply_corrections=False), fresh, chart_formats=("png",))
    for name in ["articles", "statements", "stances", *aggregates.AGGREGATE_TABLES]:
        assert (out / f"{name}.csv").read_bytes() == (fresh / f"{name}.csv").read_bytes(), name
    for name in standard.CHART_NAMES:
        assert (out / "charts" / f"{name}.png").read_bytes() == (fresh / "charts" / f"{name}.png").read_bytes(), name
