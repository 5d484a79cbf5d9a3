# %% [markdown]
# # 4. Explore
#
# Filter by date, outlet, speaker, target and quote type; the summary, the speaker × target
# heatmap, stance over time and the statements behind the view update in place. "Export
# current view" writes the charts (PNG 300 dpi, SVG, PDF) and the filtered table (CSV) to
# `exports/views/`, named after the filter. To correct the machine, paste a statement id from
# the evidence list into the correction form: corrections go to `data/corrections.csv` and are
# applied on every later run.

# %% tags=["parameters"]
INPUTS = None
MANIFEST = None
STORE = "default"
OUT_DIR = None

# %%
from pathlib import Path

from helpers import paths, pipeline, widgets

run = pipeline.run_from_parameters(INPUTS, MANIFEST, STORE)
data = widgets.DashboardData(run.statements, run.stances, run.articles, run.corrections_applied)
dashboard = widgets.Dashboard(data, export_dir=Path(OUT_DIR) if OUT_DIR else paths.EXPORTS_DIR)
print(f"{run.corrections_applied} corrections applied")
dashboard.widget
