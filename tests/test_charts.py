"""The chart files: PNGs cropped as a tight savefig would crop them, written by our own encoder."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from helpers.png import encode_rgb
from PIL import Image

from helpers.charts import drawing as charts


def test_the_png_encoder_round_trips_pixels_and_records_the_resolution():
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(37, 53, 3), dtype=np.uint8)
    pixels[10:20] = 255  # a flat band, as charts have
    image = Image.open(io.BytesIO(encode_rgb(pixels, dpi=300)))
    assert image.mode == "RGB" and image.size == (53, 37)
    assert np.array_equal(np.asarray(image), pixels)
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    strided = np.zeros((5, 6, 4), np.uint8)[:, :, :3]  # (a view of an RGBA buffer, as charts pass)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(encode_rgb(strided)))), strided)
    with pytest.raises(ValueError):
        encode_rgb(np.zeros((4, 4, 4), np.uint8))


def _summary() -> pd.DataFrame:
    rows = [{"speaker": name, "target": target, "n": n, "net_stance": net}
            for name, n in [("A very long speaker description, longer than most", 40), ("Ed Miliband", 12), ("Uncut", 3)]
            for target, net in [("Labour", -0.5), ("Jeremy Corbyn", 0.25)]]
    return pd.DataFrame(rows)


def test_a_png_chart_is_cropped_as_a_tight_savefig_crops_it():
    def tight() -> Image.Image:
        fig = charts.stance_heatmap(_summary(), "speaker", "a subtitle")
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=300, bbox_inches="tight", pad_inches=charts.PAD_INCHES)
        return Image.open(out)

    fig = charts.stance_heatmap(_summary(), "speaker", "a subtitle")
    def layout():
        return [v for axes in fig.axes for v in axes.get_position().bounds]

    size, dpi, before = tuple(fig.get_size_inches()), fig.get_dpi(), layout()
    ours = io.BytesIO()
    charts.write_png(fig, ours)
    # the figure is left as it was (an SVG or a display may come next)
    assert tuple(fig.get_size_inches()) == size and fig.get_dpi() == dpi
    assert layout() == pytest.approx(before)
    ours, theirs = Image.open(ours), tight()
    # the same box (the long label on the left, the source note below), give or take a pixel of rounding
    assert abs(ours.size[0] - theirs.size[0]) <= 2 and abs(ours.size[1] - theirs.size[1]) <= 2
    # and the same drawing: almost every pixel alike (anti-aliasing differs by the sub-pixel offset)
    width, height = min(ours.size[0], theirs.size[0]), min(ours.size[1], theirs.size[1])
    a = np.asarray(ours.convert("L"), dtype=int)[:height, :width]
    b = np.asarray(theirs.convert("L"), dtype=int)[:height, :width]
    assert np.mean(np.abs(a - b) > 64) < 0.02


def test_an_outlet_chart_has_a_panel_per_target_and_says_where_there_is_no_data():
    summary = pd.DataFrame([
        {"outlet": "BBC News", "target": "Labour", "n": 10, "favor": 2, "against": 5, "neutral": 3, "small_n": False},
        {"outlet": "The Guardian", "target": "Labour", "n": 3, "favor": 1, "against": 1, "neutral": 1, "small_n": True},
        {"outlet": "BBC News", "target": "Ed Miliband", "n": 6, "favor": 3, "against": 0, "neutral": 3, "small_n": False},
    ])
    fig = charts.outlet_comparison(summary, "a subtitle")
    (host,) = fig.axes
    panels = host.child_axes
    assert len(panels) == 2
    texts = [t.get_text() for ax in panels for t in ax.texts]
    assert "n=10" in texts and "n=3*" in texts and "no data" in texts  # (the Guardian has no Ed Miliband cell)
    assert [t.get_text() for t in panels[0].get_yticklabels()] == ["BBC News", "The Guardian"]
    charts.plt.close(fig)


def test_small_cells_of_the_heatmap_are_faded_and_hatched_and_the_chart_says_why():
    fig = charts.stance_heatmap(_summary(), "speaker", "a subtitle", small_n=5)
    (ax, _colourbar) = fig.axes
    veils = [c for c in ax.collections if c.get_hatch()]
    assert len(veils) == 1 and len(veils[0].get_paths()) == 2  # (Uncut's two cells, n=3 each)
    assert any("fewer than 5 statements" in t.get_text() for t in ax.texts)
    charts.plt.close(fig)
    fig = charts.stance_heatmap(_summary(), "speaker", "a subtitle", small_n=2)
    assert not [c for c in fig.axes[0].collections if c.get_hatch()]
    charts.plt.close(fig)


def _label_boxes(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    return [t.get_window_extent(renderer) for t in ax.texts if t.get_text().isdigit()]


def test_stance_over_time_labels_never_overlap_and_the_points_are_joined():
    # four targets a month apart with close values: labels must find room, not pile up
    cells = pd.DataFrame([{"month": f"2013-{m:02d}", "target": t, "n": 10 + m + 3 * i, "net_stance": 0.1 * i - 0.02 * m}
                          for m in (1, 2, 3, 5) for i, t in enumerate(["Labour", "Ed Miliband", "Jeremy Corbyn",
                                                                       "George Galloway"])])
    fig = charts.monthly_stance(cells, "a subtitle")
    boxes = _label_boxes(fig)
    assert len(boxes) >= 12
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    ax = fig.axes[0]
    solid = [line for line in ax.get_lines() if line.get_linestyle() == "-" and line.get_marker() == "o"]
    dotted = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    assert len(solid) == 4 and len(dotted) == 4  # (March to May has no April: a dotted bridge per target)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:4] == ["Ed Miliband", "George Galloway", "Jeremy Corbyn", "Labour"]
    charts.plt.close(fig)
