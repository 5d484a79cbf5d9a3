"""The charts: what each draws, and the files they are saved as."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from PIL import Image

from helpers import charts


def _summary() -> pd.DataFrame:
    rows = [{"speaker": name, "target": target, "n": n, "net_stance": net}
            for name, n in [("A very long speaker description, longer than most", 40), ("Ed Miliband", 12),
                            ("Uncut", 3)]
            for target, net in [("Labour", -0.5), ("Jeremy Corbyn", 0.25)]]
    return pd.DataFrame(rows)


def test_a_saved_chart_is_a_300_dpi_png_cropped_to_what_is_drawn_and_never_half_written(tmp_path):
    fig = charts.stance_heatmap(_summary(), "speaker", "a subtitle")
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())  # (inches: the long label and the source note included)
    (png, svg) = charts.save(fig, tmp_path, "heatmap", ("png", "svg"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["heatmap.png", "heatmap.svg"]  # (no temporary left)
    image = Image.open(png)
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    width = (box.width + 2 * charts.drawing.PAD_INCHES) * 300
    assert abs(image.size[0] - width) <= 3
    assert svg.read_text().lstrip().startswith("<?xml")


def test_an_outlet_chart_has_a_panel_per_target_and_says_where_there_is_no_data():
    summary = pd.DataFrame([
        {"outlet": "BBC News", "target": "Labour", "n": 10, "favor": 2, "against": 5, "neutral": 3, "small_n": False},
        {"outlet": "The Guardian", "target": "Labour", "n": 3, "favor": 1, "against": 1, "neutral": 1, "small_n": True},
        {"outlet": "BBC News", "target": "Ed Miliband", "n": 6, "favor": 3, "against": 0, "neutral": 3,
         "small_n": False},
    ])
    fig = charts.outlet_comparison(summary, "a subtitle")
    (host,) = fig.axes
    panels = host.child_axes
    assert len(panels) == 2
    texts = [t.get_text() for ax in panels for t in ax.texts]
    assert "n=10" in texts and "n=3*" in texts and "no data" in texts  # (the Guardian has no Ed Miliband cell)
    assert [t.get_text() for t in panels[0].get_yticklabels()] == ["BBC News", "The Guardian"]
    plt.close(fig)


def test_small_cells_of_the_heatmap_are_faded_and_hatched_and_the_chart_says_why():
    fig = charts.stance_heatmap(_summary(), "speaker", "a subtitle", small_n=5)
    (ax, _colourbar) = fig.axes
    veils = [c for c in ax.collections if c.get_hatch()]
    assert len(veils) == 1 and len(veils[0].get_paths()) == 2  # (Uncut's two cells, n=3 each)
    assert any("fewer than 5 statements" in t.get_text() for t in ax.texts)
    plt.close(fig)
    fig = charts.stance_heatmap(_summary(), "speaker", "a subtitle", small_n=2)
    assert not [c for c in fig.axes[0].collections if c.get_hatch()]
    plt.close(fig)


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
    plt.close(fig)
