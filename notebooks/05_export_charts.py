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

from helpers import charts, paths, pipeline
from helpers.tables import aggregates

run = pipeline.run_from_parameters(INPUTS, MANIFEST, STORE)
out = Path(OUT_DIR) if OUT_DIR else paths.EXPORTS_DIR
written = pipeline.export(run, out, chart_formats=("png", "svg", "pdf"))
view = aggregates.stance_view(run.statements, run.stances)
print(f"wrote {len(written)} files to {out}")
sorted(str(p.relative_to(out)) for p in written)

# %% [markdown]
# ## The figures
# Drawn here by the same functions, from the same data, as the files just written (which are
# at 300 dpi; the notebook shows them at screen resolution).

# %%
label = charts.corpus_label(view, run.articles)
for name, function, args in charts.standard_charts(view, label=label):
    getattr(charts, function)(*args)
