"""Bad input, faults and safety: every input is analysed or rejected with a reason, nothing in an
article is ever executed, and the command never ends in a raw traceback."""

from __future__ import annotations

import codecs
import os
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import paths, stance_step, statement_step
from helpers.analyse import statements_of
from helpers.ingest.corpus import ingest

GOOD = ('Labour row deepens\n\nGeorge Galloway said: "Ed Miliband is an unprincipled coward." '
        'Miliband told reporters that Galloway would never rejoin Labour.\n')


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory) -> Path:
    """A folder of hostile and broken inputs, generated here (never committed)."""
    root = tmp_path_factory.mktemp("bad")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (corpus / "picture.html").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.md").write_text("   \n\n\t  \n")
    with (corpus / "huge.txt").open("w") as handle:  # 50 MB, over the 10 MB limit
        line = "Galloway said the meeting was private and that nothing was agreed about Labour. " * 12 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    (corpus / "windows.txt").write_bytes(("Caf\u00e9 politics\n\nSalma Yaqoob said: \u201cWe will not go back.\u201d "
                                          "Its \u2018na\u00efve\u2019 r\u00e9sum\u00e9 costs \u00a310.\n").encode("cp1252"))
    (corpus / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + GOOD.replace("Labour row", "UTF-16 row").encode("utf-16-le"))
    (corpus / "hostile.html").write_text(
        "<html><head><title>Attack page</title><link rel='stylesheet' href='http://example.invalid/x.css'>"
        "<script src='http://example.invalid/evil.js'></script></head><body><article><h1>Attack page</h1>"
        "<p>George Galloway said: \"<script>alert('xss')</script> Labour must listen to its members, "
        "whatever the leadership says about it.\"</p><img src='http://example.invalid/x.png' onerror=\"alert(1)\">"
        "<p>Ed Miliband told the BBC that the party would not change course on the economy.</p></article></body></html>")
    (corpus / "notes.md").write_text("# Markdown article\n\n**Jeremy Corbyn** said: \"We *will* win.\" "
                                     "See [the report](https://example.invalid/r).\n")
    (corpus / "unbalanced.txt").write_text('Unbalanced\n\nGalloway said: "This quote never ends and runs on\n\n'
                                           'Next paragraph with "another one that closes." Then a stray " mark.\n')
    (corpus / "runaway.txt").write_text('Runaway\n\n"' + "words without end " * 3000 + "\n")
    (corpus / "only_quotes.txt").write_text('"Everything here is a quote."\n\n"And so is this."\n\n"And this too."\n')
    (corpus / "many_quotes.txt").write_text(
        "Ten thousand quotes\n\n" + "\n\n".join(f'"Quote {i} says something quite long," said Person{i % 40} Smith.'
                                                 for i in range(10_000)))
    (corpus / "good.txt").write_text(GOOD)
    (corpus / "duplicate_rows.txt").write_text(GOOD.replace("Labour row", "Another Labour row"))
    (corpus / "bad_date.txt").write_text(GOOD.replace("Labour row", "Dated Labour row"))
    (corpus / "document.pdf").write_bytes(b"%PDF-1.4 fake")
    (corpus / "manifest.csv").write_text(
        "file,outlet,published,author,title,url,colour\n"
        "good.txt,The Guardian,2013-04-22,A Writer,Good,https://www.theguardian.com/x,red\n"
        "missing.txt,The Guardian,2013-04-22,,Missing,,blue\n"
        "duplicate_rows.txt,BBC News,2013-04-23,,Dup,,\n"
        "duplicate_rows.txt,BBC News,2013-04-24,,Dup again,,\n"
        "bad_date.txt,BBC News,31/02/2013,,Bad date,,\n"
        "../../etc/passwd,Evil,2013-01-01,,Escape,,\n")
    return corpus


@pytest.fixture(scope="module")
def bad_run(bad_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("bad_out")
    process = subprocess.run([sys.executable, "-m", "helpers", "analyze", str(bad_corpus), "--out", str(out),
                              "--no-store", "--no-charts"], capture_output=True, text=True, cwd=paths.PROJECT_ROOT)
    return process, out


def test_the_run_completes_without_a_traceback(bad_run):
    process, out = bad_run
    assert process.returncode == 0, process.stderr[-2000:]
    assert "Traceback" not in process.stderr and "Traceback" not in process.stdout
    assert (out / "statements.parquet").exists()


def test_every_input_is_analysed_or_rejected_with_a_reason(bad_run, bad_corpus):
    _, out = bad_run
    articles = pd.read_parquet(out / "articles.parquet")
    rejected = pd.read_parquet(out / "rejected.parquet")
    reasons = dict(zip(rejected["file"], rejected["reason"]))
    inputs = {p.name for p in bad_corpus.iterdir() if p.name != "manifest.csv"}
    analysed = set(articles["file"])
    assert inputs <= analysed | set(reasons), inputs - analysed - set(reasons)
    assert "binary" in reasons["binary.txt"]
    assert "PNG" in reasons["picture.html"]
    assert "empty" in reasons["empty.txt"] and "whitespace" in reasons["blank.md"]
    assert "too large" in reasons["huge.txt"] and "MB" in reasons["huge.txt"]
    assert "unknown format .pdf" in reasons["document.pdf"]
    assert "not a real calendar date" in reasons["bad_date.txt"]
    assert "not in the corpus folder" in reasons["missing.txt"]
    assert "leaves the corpus folder" in reasons["../../etc/passwd"]
    for name in ("windows.txt", "utf16.txt", "hostile.html", "notes.md", "unbalanced.txt", "runaway.txt",
                 "only_quotes.txt", "many_quotes.txt", "good.txt", "duplicate_rows.txt"):
        assert name in analysed, name


def test_encodings_are_read_and_warned_about(bad_run):
    process, out = bad_run
    articles = pd.read_parquet(out / "articles.parquet").set_index("file")
    assert articles.loc["windows.txt", "encoding"] == "cp1252"
    assert "Café politics" in articles.loc["windows.txt", "text"] and "£10" in articles.loc["windows.txt", "text"]
    assert "Windows-1252" in articles.loc["windows.txt", "warnings"]
    assert articles.loc["utf16.txt", "encoding"] == "utf-16"
    assert "unprincipled coward" in articles.loc["utf16.txt", "text"]


def test_manifest_problems_are_reported_not_fatal(bad_run):
    process, out = bad_run
    log = (out / "run_log.txt").read_text()
    assert "unknown column 'colour' ignored" in log
    assert "duplicate_rows.txt is listed again" in log
    articles = pd.read_parquet(out / "articles.parquet").set_index("file")
    assert articles.loc["duplicate_rows.txt", "published"] == "2013-04-23"   # the first row wins
    assert articles.loc["good.txt", "outlet"] == "The Guardian"
    assert "inferred metadata to review" in articles.loc["notes.md", "warnings"]


def test_nothing_from_the_articles_is_executed_or_kept_as_markup(bad_run):
    _, out = bad_run
    articles = pd.read_parquet(out / "articles.parquet").set_index("file")
    hostile = articles.loc["hostile.html", "text"]
    assert "evil.js" not in hostile and "onerror" not in hostile and "stylesheet" not in hostile
    notes = articles.loc["notes.md", "text"]
    assert "**" not in notes and "](https" not in notes and notes.startswith("Markdown article")


def test_html_parsing_fetches_nothing(bad_corpus, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    corpus = ingest([bad_corpus / "hostile.html"])
    assert len(corpus.articles) == 1


def test_exit_codes_for_usage_problems_and_nothing_to_analyse(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True,
                              cwd=paths.PROJECT_ROOT)

    missing = run("analyze", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), "--no-store")
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr and "Traceback" not in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("  ")
    nothing = run("analyze", str(empty), "--out", str(tmp_path / "o2"), "--no-store")
    assert nothing.returncode == 3 and "Nothing to analyse" in nothing.stderr
    assert run("frobnicate").returncode == 2
    bad_format = run("analyze", "--out", str(tmp_path / "o4"), "--no-store", "--chart-formats", "png,bogus")
    assert bad_format.returncode == 2 and "bogus" in bad_format.stderr and not (tmp_path / "o4").exists()
    bad_config = tmp_path / "data"
    import shutil

    shutil.copytree(paths.DATA_DIR, bad_config, ignore=shutil.ignore_patterns("articles", "processed"))
    (bad_config / "targets.toml").write_text("[[target]\nname = ")
    broken = subprocess.run([sys.executable, "-m", "helpers", "analyze", str(paths.SEEDS_DIR), "--out",
                             str(tmp_path / "o3"), "--no-store"], capture_output=True, text=True,
                            cwd=paths.PROJECT_ROOT, env=dict(os.environ, HELPERS_DATA_DIR=str(bad_config)))
    assert broken.returncode == 2 and "targets.toml" in broken.stderr and "Traceback" not in broken.stderr


# -- properties --------------------------------------------------------------------------------
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400) | st.lists(
    st.sampled_from(['"', "“", "”", "'", "‘", "’", "Galloway", "said", "he", "told", "the Labour leader", ":", ",", ".",
                     "\n\n", " ", "Miliband", "according to", "sources", "—", "Ed", "‘", "''", "(", ")"]),
    max_size=80).map("".join)


_STATEMENTS, _STANCES = statement_step.build({}), stance_step.build()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(TEXT)
def test_extraction_never_raises_and_offsets_slice_back(text):
    statements = statements_of(text, None, "Writer")
    for s in statements:
        assert 0 <= s.start < s.end <= len(text)
        assert s.context_start <= s.start and s.end <= s.context_end + 1
        assert text[s.start:s.end].strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(TEXT, st.integers(min_value=0, max_value=3))
def test_attribution_with_comments_and_stance_never_raise(text, n_comments):
    cut = len(text) // 2
    comments = [{"char_start": cut, "char_end": len(text), "handle": "reader"}] if n_comments and cut < len(text) else []
    article = {"article_id": "x", "file": "f.txt", "text": text, "body_end": cut if comments else len(text),
               "published": "2013-04-22", "outlet": "Test", "author": None}
    rows = statement_step.article_statements(article, comments, _STATEMENTS)
    for row in rows:
        assert text[row["char_start"]:row["char_end"]] == row["text"]
    for stance in stance_step.article_stances(article, rows, comments, _STANCES):
        assert stance["stance"] in ("favor", "against", "neutral") and -1 <= stance["score"] <= 1
