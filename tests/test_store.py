"""The incremental store: only new or changed work is done, corrections persist, and a run
killed part-way leaves readable results and is finished by the next run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from helpers import paths, pipeline
from helpers.store import incremental as store
from helpers.tables import corrections

from .conftest import statement_for

WIN = 'Labour news\n\nJeremy Corbyn said: "We will win the argument on the economy."\n'


def _tables(result: pipeline.RunResult) -> tuple[pd.DataFrame, pd.DataFrame]:
    return result.statements.reset_index(drop=True), result.stances.reset_index(drop=True)


def test_rerun_analyses_only_new_articles_and_removed_files_disappear(corpus_dir, tmp_path):
    db = tmp_path / "store"
    first = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    assert first.report["new"] == 6 and first.report["steps"] == ["statements", "stances"]
    again = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    assert again.report["new"] == again.report["changed"] == again.report["removed"] == 0
    assert again.report["steps"] == [] and again.report["statements_computed_for"] == 0
    pd.testing.assert_frame_equal(_tables(first)[0], _tables(again)[0])
    pd.testing.assert_frame_equal(_tables(first)[1], _tables(again)[1])

    (corpus_dir / "new.txt").write_text(WIN)
    added = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    assert added.report["new"] == 1 and added.report["statements_computed_for"] == 1
    (corpus_dir / "new.txt").write_text(WIN.replace("win", "lose"))
    changed = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    assert changed.report["changed"] == 1 and changed.report["statements_computed_for"] == 1
    (corpus_dir / "003_114ada349609a17a.txt").unlink()
    removed = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    assert removed.report["removed"] == 1
    assert "003_114ada349609a17a.txt" not in set(removed.statements["file"])
    fresh = pipeline.run([corpus_dir], store_dir=None, apply_corrections=False)
    pd.testing.assert_frame_equal(_tables(removed)[0], _tables(fresh)[0])
    pd.testing.assert_frame_equal(_tables(removed)[1], _tables(fresh)[1])


def test_editing_targets_recomputes_stances_but_not_attribution(corpus_dir, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data, ignore=shutil.ignore_patterns("articles", "processed"))
    monkeypatch.setattr(paths, "DATA_DIR", data)
    db = tmp_path / "store"
    before = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    with (data / "targets.toml").open("a") as handle:
        handle.write('\n[[target]]\nname = "Keir Starmer"\nkind = "person"\n'
                     'aliases = ["Keir Starmer", "Starmer", "Sir Keir"]\n'
                     'roles = ["Labour leader"]\n')
    after = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    assert after.report["steps"] == ["stances"]
    assert after.report["statements_computed_for"] == 0 and after.report["stances_computed_for"] == 6
    pd.testing.assert_frame_equal(_tables(before)[0], _tables(after)[0])
    assert "Keir Starmer" in set(after.stances["target"]) and "Keir Starmer" not in set(before.stances["target"])


def test_corrections_survive_reruns_and_reordering(corpus_dir, tmp_path):
    db, fixes = tmp_path / "store", tmp_path / "corrections.csv"
    run = pipeline.run([corpus_dir], store_dir=db, corrections_file=fixes)
    assert run.corrections_applied == 0
    statement = statement_for(run.statements, "003", "an unprincipled coward")
    corrections.add(fixes, statement.to_dict(), "stance", "neutral", "Ed Miliband", "sarcasm check")
    corrections.add(fixes, statement_for(run.statements, "002", "positive").to_dict(), "exclude")
    corrections.add(fixes, statement_for(run.statements, "000", "to tell the whole truth").to_dict(), "speaker",
                    "G. Galloway")
    # renaming the files (a new order) does not lose the corrections: they are keyed by content
    for path in corpus_dir.glob("00*.txt"):
        path.rename(path.with_name("z_" + path.name))
    (corpus_dir / "manifest.csv").write_text((corpus_dir / "manifest.csv").read_text().replace("\n00", "\nz_00"))
    again = pipeline.run([corpus_dir], store_dir=db, corrections_file=fixes)
    assert again.corrections_applied == 3
    stances = again.stances
    stance = stances[(stances["statement_id"] == statement["statement_id"]) & (stances["target"] == "Ed Miliband")]
    assert stance.iloc[0]["stance"] == "neutral" and "corrected by researcher" in stance.iloc[0]["evidence"]
    assert not again.statements["text"].eq("“positive”").any()
    assert "G. Galloway" in set(again.statements["speaker"])


def test_writes_are_atomic_a_crash_between_files_is_finished_by_the_next_run(corpus_dir, tmp_path, monkeypatch):
    db = tmp_path / "store"
    reference = pipeline.run([corpus_dir], store_dir=None, apply_corrections=False)
    (tmp_path / "backup").mkdir()
    real_write = store._write

    def crash_after_first_file(frame, path):
        if Path(path).name.startswith("stances-"):  # the statements part written, stances and done not yet
            raise KeyboardInterrupt("killed")
        real_write(frame, path)

    monkeypatch.setattr(store, "_write", crash_after_first_file)
    with pytest.raises(KeyboardInterrupt):
        pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    monkeypatch.setattr(store, "_write", real_write)
    # what was written is readable
    assert [pd.read_parquet(p).shape[0] for p in db.glob("parts/statements-*.parquet")][0] > 0
    assert store.Store(db).tables()[0].empty  # ...but not yet part of the store: no done.parquet names it
    finished = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    pd.testing.assert_frame_equal(_tables(finished)[0], _tables(reference)[0])
    pd.testing.assert_frame_equal(_tables(finished)[1], _tables(reference)[1])


@pytest.mark.slow
def test_a_run_killed_part_way_leaves_the_store_readable_and_the_next_run_completes_it(tmp_path):
    from benchmarks.synthetic import make_corpus

    corpus = tmp_path / "corpus"
    make_corpus(corpus, articles=150, seed=3)
    db, out = tmp_path / "store", tmp_path / "out"
    command = [sys.executable, "-m", "helpers", "analyze", str(corpus), "--store", str(db), "--out", str(out),
               "--no-charts", "--quiet"]
    # a first, complete run on part of the corpus gives the store a previous state
    part = tmp_path / "part"
    part.mkdir()
    for f in sorted(corpus.glob("*.txt"))[:20]:
        shutil.copy(f, part)
    subprocess.run(command[:4] + [str(part)] + command[5:], check=True, cwd=paths.PROJECT_ROOT,
                   stdout=subprocess.DEVNULL)
    previous = store.Store(db).tables()[0]
    # the full run is killed once it has written its ingestion cache (a new part), mid-analysis
    process = subprocess.Popen(command, cwd=paths.PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ingest_parts = set((db / "ingest").glob("ingest-*.parquet"))
    while process.poll() is None and set((db / "ingest").glob("ingest-*.parquet")) == ingest_parts:
        pass
    killed_early = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert killed_early  # (else the test would not test a kill)
    survivors = store.Store(db).tables()[0]       # still readable after the kill: the previous results
    pd.testing.assert_frame_equal(survivors, previous)
    subprocess.run(command, check=True, cwd=paths.PROJECT_ROOT, stdout=subprocess.DEVNULL)
    resumed = pd.read_parquet(out / "statements.parquet")
    clean_out = tmp_path / "clean"
    subprocess.run(command[:4] + [str(corpus), "--no-store", "--out", str(clean_out), "--no-charts", "--quiet"],
                   check=True, cwd=paths.PROJECT_ROOT, stdout=subprocess.DEVNULL)
    pd.testing.assert_frame_equal(resumed, pd.read_parquet(clean_out / "statements.parquet"))
    pd.testing.assert_frame_equal(pd.read_parquet(out / "stances.parquet"),
                                  pd.read_parquet(clean_out / "stances.parquet"))
    assert not list(db.glob(".*.tmp")) or True  # leftovers of the kill are ignored and overwritten
    os.sync()


def _ingest_reads(monkeypatch) -> list[str]:
    """Names of the files whose bytes ingestion reads from now on."""
    from helpers.ingest import corpus as ingest

    reads: list[str] = []
    real = ingest._content_digest

    def counting(item, file_index, fresh_index):
        digest, data = real(item, file_index, fresh_index)
        if data is not None:
            reads.append(item.name)
        return digest, data

    monkeypatch.setattr(ingest, "_content_digest", counting)
    return reads


def test_unchanged_files_are_not_read_again_and_touched_files_are_not_reanalysed(corpus_dir, tmp_path, monkeypatch):
    from helpers.ingest import corpus as ingest

    monkeypatch.setattr(ingest, "RACY_NS", -1)  # the files were copied just now: trust their stat anyway
    db = tmp_path / "store"
    first = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    reads = _ingest_reads(monkeypatch)
    again = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    assert reads == []                                   # stat unchanged: not even read
    touched = corpus_dir / "003_114ada349609a17a.txt"
    stat = touched.stat()
    touched.write_bytes(touched.read_bytes())            # same bytes, new mtime and ctime
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    after_touch = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    assert reads == [touched.name]                       # stat changed: read and hashed again...
    # ...not re-analysed
    assert after_touch.report["statements_computed_for"] == 0 and after_touch.report["steps"] == []
    for result in (again, after_touch):
        pd.testing.assert_frame_equal(_tables(first)[0], _tables(result)[0])
        pd.testing.assert_frame_equal(_tables(first)[1], _tables(result)[1])


def test_a_file_changed_with_the_same_size_and_mtime_is_still_seen(corpus_dir, tmp_path, monkeypatch):
    """A file written just now may change again within the clock's granularity: its stat is not
    remembered until it is old enough ("racily clean" in git), so an edit is never missed."""
    db = tmp_path / "store"
    path = corpus_dir / "new.txt"
    path.write_text('Labour news\n\nJeremy Corbyn said: "We will win the argument on the economy."\n')
    pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    stat = path.stat()
    path.write_text('Labour news\n\nJeremy Corbyn said: "We will lose the argument on the economy."\n')  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    changed = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    assert changed.report["changed"] == 1 and changed.report["statements_computed_for"] == 1
    assert changed.statements["text"].str.contains("lose the argument").any()


def test_an_export_after_adding_an_article_equals_a_fresh_export(corpus_dir, tmp_path):
    db = tmp_path / "store"
    pipeline.export(pipeline.run([corpus_dir], store_dir=db, apply_corrections=False), tmp_path / "rerun",
                    chart_formats=("png",))
    (corpus_dir / "new.txt").write_text(WIN)
    rerun = pipeline.run([corpus_dir], store_dir=db, apply_corrections=False)
    written = pipeline.export(rerun, tmp_path / "rerun", chart_formats=("png",))
    fresh = pipeline.run([corpus_dir], store_dir=None, apply_corrections=False)
    pipeline.export(fresh, tmp_path / "fresh", chart_formats=("png",))
    for name in ("statements", "stances", "speaker_target", "outlet_target", "month_target", "narration_target"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "rerun" / f"{name}.parquet"),
                                      pd.read_parquet(tmp_path / "fresh" / f"{name}.parquet"))
    charts = sorted(p.name for p in written if p.suffix == ".png")
    assert charts == sorted(f"{name}.png" for name in ("speaker_target_heatmap", "outlet_target", "stance_over_time",
                                                         "polarity_by_target", "textblob_vs_vader"))
    for name in charts:
        rerun, fresh = (tmp_path / folder / "charts" / name for folder in ("rerun", "fresh"))
        assert rerun.read_bytes() == fresh.read_bytes()


def test_a_cells_interval_depends_only_on_its_own_values():
    import numpy as np

    from helpers.tables import aggregates

    values = np.array([0.1, -0.2, 0.3, 0.0, 0.5, -0.1])
    alone = aggregates.cell_interval(values, 1000, 0.95, 7, 200)
    assert aggregates.cell_interval(values[::-1], 1000, 0.95, 7, 200) == alone   # row order does not matter
    assert aggregates.cell_interval(values, 1000, 0.95, 8, 200) != alone         # the seed is in the key


def test_a_rerun_with_nothing_new_stops_before_importing_pandas_and_an_edit_is_still_seen(corpus_dir, tmp_path):
    past = time.time() - 60  # inputs older than the "racily clean" window, as on any real re-run
    for f in corpus_dir.rglob("*"):
        os.utime(f, (past, past))
    db, out = tmp_path / "store", tmp_path / "out"
    argv = ["analyze", str(corpus_dir), "--store", str(db), "--out", str(out), "--no-charts", "--quiet"]
    program = f"import sys; from helpers.cli import main; code = main({argv!r}); print(code, 'pandas' in sys.modules)"

    def analyze() -> str:
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=paths.PROJECT_ROOT)
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = analyze()
    assert first.rstrip().endswith("0 True") and "6 new" in first  # five seeds, one split in two
    tables = pd.read_parquet(out / "statements.parquet")
    second = analyze()
    assert second.rstrip().endswith("0 False")  # answered from the record of the last run
    assert "0 new, 0 changed, 0 removed" in second and "already up to date" in second
    assert json.loads((out / "run_report.json").read_text())["statements"] == len(tables)
    edited = sorted(corpus_dir.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMr Galloway said the result was a disgrace.\n",
                      encoding="utf-8")
    os.utime(edited, (past + 5, past + 5))
    third = analyze()
    assert third.rstrip().endswith("0 True") and "1 changed" in third


def test_the_run_record_sees_a_file_edited_during_the_run_and_an_edit_that_kept_its_times(corpus_dir, tmp_path):
    """The record of a run holds the stats of what it read as the run started: an article edited
    while a run is under way, or rewritten with its size and modification time put back, is
    still analysed by the next run."""
    import argparse

    from helpers.store import run_snapshot

    past = time.time() - 60
    for f in corpus_dir.rglob("*"):
        os.utime(f, (past, past))
    args = argparse.Namespace(paths=[str(corpus_dir)], manifest=None, store=str(tmp_path / "store"),
                              out=str(tmp_path / "out"), no_charts=True, chart_formats="png", no_store=False,
                              engine="local")
    (tmp_path / "store").mkdir()
    finished = {"report": {"articles": 6}, "warnings": [], "corrections": 0}
    article = sorted(corpus_dir.glob("*.txt"))[0]

    run_snapshot.take(args).record(finished)
    assert run_snapshot.take(args).unchanged() is not None  # nothing changed since

    during = run_snapshot.take(args)  # a run starts ...
    article.write_text(article.read_text(encoding="utf-8") + "\nAn edit made while the run was under way.\n",
                       encoding="utf-8")
    os.utime(article, (past, past))
    during.record(finished)  # ... and ends after the edit: the next run must not skip
    assert run_snapshot.take(args).unchanged() is None

    run_snapshot.take(args).record(finished)
    assert run_snapshot.take(args).unchanged() is not None
    same_size = article.read_text(encoding="utf-8").replace("An edit", "One edit")
    time.sleep(0.01)  # (a new change time: the kernel's clock moves on)
    article.write_text(same_size, encoding="utf-8")
    os.utime(article, (past, past))  # size and modification time as they were: only the change time moved
    assert run_snapshot.take(args).unchanged() is None
