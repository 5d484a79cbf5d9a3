# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 5. Figures for the write-up
#
# All standard figures in the house style (`data/style/house.mplstyle`), in one go, as PNG
# (300 dpi), SVG and PDF, plus the aggregate tables they are drawn from.

# %% tags=["parameters"]
INPUTS = None
MANIFEST = None
STORE = "default"
OUT_DIR = None

# %%
from pathlib import Path

from helpers import aggregates, charts, paths, pipeline

run = pipeline.run_from_parameters(INPUTS, MANIFEST, STORE)
out = Path(OUT_DIR) if OUT_DIR else paths.EXPORTS_DIR
written = pipeline.export(run, out, chart_formats=("png", "svg", "pdf"))
view = aggregates.stance_view(run.statements, run.stances)
print(f"wrote {len(written)} files to {out}")
sorted(str(p.relative_to(out)) for p in written)

# %%
charts.stance_heatmap(aggregates.summarise(view[view["quote_type"] != "narration"], ["speaker", "target"],
                                           bootstrap=False), "speaker", charts.corpus_label(view));
