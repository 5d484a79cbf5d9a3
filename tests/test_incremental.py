"""What makes a re-run after a small change cheap, without changing what it produces: charts
are drawn again only when what they show changed, and the sentiment scorers load without NLTK."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from helpers import chart_workers, paths, pipeline

NEW_ARTICLE = ('Labour news\n\nJeremy Corbyn said: "Ed Miliband is a weak leader and a disaster for Labour."\n'
               "Tom Watson said Ed Miliband deserves credit for real leadership.\n")


def _count_drawing(monkeypatch) -> list[tuple[str, tuple]]:
    """(chart name, formats) of every chart drawn in this process from now on."""
    drawn: list[tuple[str, tuple]] = []
    real = chart_workers.draw

    def counting(name, function, args, out_dir, formats):
        drawn.append((name, tuple(formats)))
        return real(name, function, args, out_dir, formats)

    monkeypatch.setattr(chart_workers, "draw", counting)
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
    pipeline.export(pipeline.run([corpus_dir], store_dir=db, apply_corrections=False), out, chart_formats=("png", "svg"))
    assert sorted(n for n, f in drawn if "png" in f) == ["outlet_target", "stance_over_time"]
    assert sorted(n for n, f in drawn if "svg" in f) == sorted(chart_workers.CHART_NAMES)
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
    for name in chart_workers.CHART_NAMES:
        assert (out / "charts" / f"{name}.png").read_bytes() == (fresh / "charts" / f"{name}.png").read_bytes(), name
    assert not list((out / "charts").glob(".*.tmp"))


def test_a_chart_signature_covers_every_value_and_the_drawing_code():
    table = pd.DataFrame({"speaker": ["A", "B"], "target": ["Labour", "Labour"], "n": [3, 4], "net_stance": [0.5, -0.25]})
    version = chart_workers._drawing_version()

    def signature(frame, label="x", fmt="png", drawing=version):
        return chart_workers.chart_signature("heatmap", "stance_heatmap", (frame, "speaker", label), fmt, drawing)

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
        "from helpers import sentiment\n"
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
