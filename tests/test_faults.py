"""Faults lose nothing: a damaged store file, a folder that cannot be written, a full disk, two
runs at once. And the CSV files a researcher opens in a spreadsheet cannot run formulas."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import cli, paths, pipeline

pytestmark = pytest.mark.slow

TABLES = ("statements", "stances", "articles")


def _analyze(*args: str) -> int:
    return cli.main(["analyze", *args, "--no-charts", "--quiet"])


def _clean_tables(corpus: Path, tmp_path: Path) -> dict[str, pd.DataFrame]:
    out = tmp_path / "clean"
    assert _analyze(str(corpus), "--out", str(out), "--no-store") == 0
    return _read(out)


def _read(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}


def _same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True)


@pytest.mark.parametrize("damage", ["garbage", "zero bytes", "truncated"])
def test_a_damaged_store_file_is_named_and_its_articles_are_analysed_again(corpus_dir, tmp_path, capsys, damage):
    db, out = tmp_path / "store", tmp_path / "out"
    assert _analyze(str(corpus_dir), "--out", str(out), "--store", str(db)) == 0
    (corpus_dir / "late.txt").write_text('Late news\n\nJeremy Corbyn said: "We will win the argument on the '
                                         'economy."\n')
    assert _analyze(str(corpus_dir), "--out", str(out), "--store", str(db)) == 0  # (a second part, one article)
    parts = sorted((db / "parts").glob("statements-*.parquet"))
    assert len(parts) == 2
    victim = parts[0]  # the seeds' part; the late article's part stays usable
    data = victim.read_bytes()
    if damage == "garbage":
        middle = len(data) // 2
        victim.write_bytes(data[:middle] + os.urandom(64) + data[middle + 64:])
    else:
        victim.write_bytes(b"" if damage == "zero bytes" else data[:len(data) // 3])
    capsys.readouterr()

    assert cli.main(["analyze", str(corpus_dir), "--out", str(out), "--store", str(db), "--no-charts"]) == 0
    said = capsys.readouterr()
    assert str(victim) in said.err and "damaged" in said.err
    assert "6 changed" not in said.out
    _same(_read(out), _clean_tables(corpus_dir, tmp_path))
    report = pd.read_json(out / "run_report.json", typ="series")
    assert report["statements_computed_for"] == 6  # the seeds again, not the late article


def test_an_output_folder_that_cannot_be_written_is_named_before_any_analysis(corpus_dir, capsys):
    unwritable = Path("/proc/no-such-folder/exports")  # (even root cannot write there)
    assert _analyze(str(corpus_dir), "--out", str(unwritable), "--no-store") == 1
    said = capsys.readouterr().err
    assert f"could not write {unwritable}" in said and "Traceback" not in said


def test_a_full_disk_while_exporting_ends_with_the_path_and_keeps_the_previous_exports(corpus_dir, tmp_path, capsys,
                                                                                   monkeypatch):
    import pyarrow.csv

    db, out = tmp_path / "store", tmp_path / "out"
    assert _analyze(str(corpus_dir), "--out", str(out), "--store", str(db)) == 0
    before = _read(out)
    before_csv = (out / "stances.csv").read_bytes()
    (corpus_dir / "late.txt").write_text('Late news\n\nJeremy Corbyn said: "Labour will win the argument."\n')

    real = pyarrow.csv.write_csv

    def disk_full(table, where, *args, **kwargs):
        if "stances" in str(where):
            Path(where).write_bytes(b"statement_id,tar")  # (half a file, then the disk is full)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(table, where, *args, **kwargs)

    monkeypatch.setattr(pyarrow.csv, "write_csv", disk_full)
    capsys.readouterr()
    assert _analyze(str(corpus_dir), "--out", str(out), "--store", str(db)) == 1
    said = capsys.readouterr().err
    assert f"could not write {out / 'stances.csv'}: No space left on device" in said
    assert (out / "stances.csv").read_bytes() == before_csv  # the previous file, whole
    assert not list(out.glob(".*.tmp"))
    for name in TABLES:
        pd.read_parquet(out / f"{name}.parquet")  # (every table still reads)
    assert len(_read(out)["articles"]) in (len(before["articles"]), len(before["articles"]) + 1)

    monkeypatch.setattr(pyarrow.csv, "write_csv", real)  # space again: the next run finishes the job
    assert _analyze(str(corpus_dir), "--out", str(out), "--store", str(db)) == 0
    _same(_read(out), _clean_tables(corpus_dir, tmp_path))


def test_a_full_disk_while_writing_the_store_keeps_the_previous_store(corpus_dir, tmp_path, capsys, monkeypatch):
    import pyarrow.parquet

    db, out = tmp_path / "store", tmp_path / "out"
    assert _analyze(str(corpus_dir), "--out", str(out), "--store", str(db)) == 0
    done_before = (db / "done.parquet").read_bytes()
    (corpus_dir / "late.txt").write_text('Late news\n\nJeremy Corbyn said: "Labour will win the argument."\n')
    real = pyarrow.parquet.write_table

    def disk_full(table, where, *args, **kwargs):
        if str(db) in str(where) and "parts" in str(where):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(table, where, *args, **kwargs)

    monkeypatch.setattr(pyarrow.parquet, "write_table", disk_full)
    capsys.readouterr()
    assert _analyze(str(corpus_dir), "--out", str(out), "--store", str(db)) == 1
    said = capsys.readouterr().err
    assert f"could not write {db / 'parts'}" in said and "No space left on device" in said
    assert (db / "done.parquet").read_bytes() == done_before
    monkeypatch.setattr(pyarrow.parquet, "write_table", real)
    assert _analyze(str(corpus_dir), "--out", str(out), "--store", str(db)) == 0
    _same(_read(out), _clean_tables(corpus_dir, tmp_path))


def test_two_runs_started_together_on_one_store_both_finish_with_the_tables_of_one_clean_run(corpus_dir, tmp_path):
    from benchmarks.synthetic import make_corpus

    make_corpus(corpus_dir / "more", articles=60)  # (long enough for the two runs to overlap)
    db, out = tmp_path / "store", tmp_path / "out"
    command = [sys.executable, "-m", "helpers", "analyze", str(corpus_dir), "--out", str(out), "--store", str(db),
               "--no-charts", "--quiet"]
    runs = [subprocess.Popen(command, cwd=paths.PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    finished = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], finished
    assert sum("waiting: another run is using the store" in err for _, err in finished) == 1  # (they did overlap)
    _same(_read(out), _clean_tables(corpus_dir, tmp_path))
    stored, _ = pipeline.Store(db).tables()
    assert len(stored) == len(_read(out)["statements"])


FORMULAS = ['=cmd|\' /C calc\'!A0 is what the leaflet said.', "+44 7700 900123 was the number on the poster.",
            "-1 for Labour, one reader wrote.", "@JeremyCorbyn was tagged in every post.",
            "\tTabbed text came next."]


def test_no_csv_the_workbench_writes_holds_a_formula_and_parquet_keeps_the_exact_text(tmp_path):
    from helpers import widgets

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    body = "\n\n".join(FORMULAS + ['=HYPERLINK("http://example.com") Labour said: '
                                   '"=SUM(A1:A9) is our plan for Labour."'])
    (corpus / "formulas.txt").write_text("=1+1 headline about Labour\n\n" + body + "\n", encoding="utf-8")
    assert cli.main(["analyze", str(corpus), "--out", str(out), "--no-store", "--quiet"]) == 0
    result = pipeline.run([corpus], store_dir=None)
    view = widgets.compute_view(widgets.DashboardData(result.statements, result.stances, result.articles),
                                widgets.Filters())
    written = widgets.export_view(view, out)
    csv_files = sorted(out.rglob("*.csv"))
    assert {"statements.csv", "articles.csv", "stances.csv"} <= {p.name for p in csv_files}
    assert any(p in csv_files for p in written)
    for path in csv_files:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        cells = frame.to_numpy().ravel().tolist() + list(frame.columns)
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r")) and not _number(c)], path
    text = pd.read_parquet(out / "statements.parquet")["text"].tolist()
    assert any(t.startswith("=cmd|") for t in text) and any(t.startswith("@JeremyCorbyn") for t in text)


def _number(cell: str) -> bool:
    """A negative score is a number, which a spreadsheet shows as a number: no formula."""
    try:
        float(cell)
    except ValueError:
        return False
    return True
