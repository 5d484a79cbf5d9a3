"""What `analyze` tells the researcher about a run of 300 files: warnings grouped by kind (each
once, with its count and an example; every line in run_log.txt), a summary that says what this
run analysed, a manifest edit reported as a change, progress bars only on a terminal, and
errors logged in the output folder."""

from __future__ import annotations

import csv
import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from benchmarks.synthetic import make_corpus
from helpers import paths, progress, warning_groups

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """300 synthetic articles whose manifest misspells 'published' (so none has a date) and gives
    no authors."""
    folder = tmp_path_factory.mktemp("corpus300")
    make_corpus(folder, articles=300)
    manifest = folder / "manifest.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("file,outlet,published,", "file,outlet,pubished,",
                                                                     1),
                        encoding="utf-8")
    return folder


def _analyze(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers", "analyze", *args, "--no-charts"], capture_output=True,
                          text=True, cwd=paths.PROJECT_ROOT, env=env)


@pytest.fixture(scope="module")
def runs(corpus, tmp_path_factory):
    """The corpus analysed, analysed again unchanged, then again after one manifest row's outlet
    was edited."""
    work = tmp_path_factory.mktemp("runs")
    where = [str(corpus), "--store", str(work / "store"), "--out", str(work / "out")]
    first, again = _analyze(*where), _analyze(*where)
    manifest = corpus / "manifest.csv"
    rows = list(csv.reader(manifest.open(encoding="utf-8")))
    edited = next(r for r in rows[1:] if r[0] == "synthetic_00007.txt")
    edited[1] = "The Spectator" if edited[1] != "The Spectator" else "The Guardian"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return first, again, _analyze(*where), work / "out"


def test_warnings_are_grouped_by_kind_with_a_count_and_an_example(runs):
    first, _, _, out = runs
    assert first.returncode == 0, first.stderr
    warnings = first.stderr.splitlines()
    log = str(out / "run_log.txt")
    assert f"warning: 300 articles have no publication date — e.g. synthetic_00000.txt; all in {log}" in warnings
    # (a few of the recombined paragraphs end in a note about the writer: those articles have an author)
    assert any(re.fullmatch(rf"warning: 2\d\d articles have no author — e\.g\. synthetic_00000\.txt; all in {re.escape(log)}", w)
               for w in warnings)
    assert "warning: manifest.csv: unknown column 'pubished' ignored (did you mean 'published'?)" in warnings
    assert len(warnings) <= 6, first.stderr
    logged = (out / "run_log.txt").read_text(encoding="utf-8").splitlines()
    assert len(logged) >= 601 and "synthetic_00299.txt: no publication date" in "\n".join(logged)


def test_the_summary_says_what_this_run_analysed(runs):
    first, again, edited, _ = runs
    assert first.stdout.startswith("Analysed 300 articles.")
    assert "300 new, 0 changed, 0 removed" in first.stdout
    assert again.returncode == 0 and "Analysed" not in again.stdout
    assert again.stdout.startswith("300 articles, none analysed again")
    assert "0 new, 0 changed, 0 removed" in again.stdout


def test_a_manifest_edit_that_analyses_an_article_again_is_reported_as_a_change(runs):
    _, _, edited, _ = runs
    assert edited.returncode == 0, edited.stderr
    assert edited.stdout.startswith("300 articles: 1 analysed, 299 as the last run left them.")
    assert "0 new, 1 changed, 0 removed; steps run: statements, stances" in edited.stdout


def test_a_long_run_shows_a_progress_bar_on_a_terminal_and_none_in_ci_or_with_quiet(corpus, tmp_path):
    # (the bar shows at once, not after a second: how long 300 articles take depends on the machine)
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"WORKBENCH_PROGRESS_DELAY": "0"}

    def stderr_on_a_terminal(*extra: str, env: dict) -> str:
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # (a terminal 120 wide)
        process = subprocess.Popen([sys.executable, "-m", "helpers", "analyze", str(corpus), "--no-store",
                                    "--no-charts",
                                    "--out", str(tmp_path / "out"), *extra], stdout=subprocess.DEVNULL, stderr=follower,
                                   cwd=paths.PROJECT_ROOT, env=env)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # (the terminal is closed once the command has exited)
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait()
        os.close(leader)
        assert process.returncode == 0
        return b"".join(chunks).decode("utf-8", "replace")

    shown = stderr_on_a_terminal(env=env)
    assert "Analysing" in shown and "/300" in shown
    assert "Analysing" not in stderr_on_a_terminal("--quiet", env=env)
    assert "Analysing" not in stderr_on_a_terminal(env=dict(env, CI="true"))


def test_progress_bars_are_wanted_only_on_a_terminal_or_in_a_notebook(monkeypatch):
    class Terminal:
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert progress.wanted()
    progress.silence()
    try:
        assert not progress.wanted()
    finally:
        progress.silence(False)
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted()


def test_grouping_keeps_one_line_for_a_warning_of_its_own_kind():
    lines = warning_groups.summary([
        "a.txt: no publication date: add it to manifest.csv to place this article in time",
        "b.txt (part 2): no publication date: add it to manifest.csv to place this article in time",
        "rejected c.bin: binary file (not text)",
        "rejected d.pdf: unknown format '.pdf'; convert it to .txt or .html first",
        "rejected e.pdf: unknown format '.pdf'; convert it to .txt or .html first",
        "corrections.csv row 4: no statement matches any more ('Labour is')",
    ], "out/run_log.txt")
    assert lines == [
        "2 articles have no publication date — e.g. a.txt; all in out/run_log.txt",
        "rejected c.bin: binary file (not text)",
        "2 inputs rejected: unknown format … — e.g. d.pdf; all in out/run_log.txt",
        "corrections.csv row 4: no statement matches any more ('Labour is')",
    ]


def test_an_internal_error_is_logged_in_the_output_folder_never_the_working_directory(tmp_path, monkeypatch):
    from helpers import cli

    def broken(args):
        raise RuntimeError("something inside broke")

    monkeypatch.chdir(tmp_path)
    for command in ("_analyze", "_evaluate"):
        monkeypatch.setattr(cli, command, broken)
    assert cli.main(["analyze", "--out", str(tmp_path / "exports")]) == cli.EXIT_INTERNAL
    assert cli.main(["evaluate", "gold.csv", str(tmp_path / "scored")]) == cli.EXIT_INTERNAL
    for folder in ("exports", "scored"):
        assert "something inside broke" in (tmp_path / folder / "error.log").read_text()
    assert not (tmp_path / "error.log").exists() and not (paths.PROJECT_ROOT / "error.log").exists()
    assert "error.log" in (paths.PROJECT_ROOT / ".gitignore").read_text().split()
