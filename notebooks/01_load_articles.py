# %% [markdown]
# # 1. The corpus at a glance
#
# **Method.** Every file under the input folders is read, cleaned by the rules in
# `data/cleaning_rules.toml`, and described by its `manifest.csv` where one exists; missing
# metadata is inferred from the text and flagged for review. Files that cannot be analysed are
# listed with the reason. This notebook shows what came in, what needs a human look, and what
# was rejected.

# %% tags=["parameters"]
INPUTS = None          # list of folders/files; None = seeds/ + data/articles/
MANIFEST = None        # an extra manifest.csv, or None
STORE = "default"      # incremental store folder; "default" = data/processed/, None = no store
OUT_DIR = None         # where exported tables go; None = exports/

# %%
import pandas as pd

from helpers import pipeline

run = pipeline.run_from_parameters(INPUTS, MANIFEST, STORE)
articles, rejected = run.articles, run.rejected
print(f"{len(articles)} articles ({run.report.get('statements_computed_for', 0)} analysed by this run, the rest as the "
      f"store kept them), {len(rejected)} inputs rejected; {run.report.get('new', 0)} new, "
      f"{run.report.get('changed', 0)} changed, {run.report.get('removed', 0)} removed since the last run.")

# %% [markdown]
# ## Articles by outlet and month

# %%
by_month = articles.assign(month=pd.to_datetime(articles["published"], errors="coerce").dt.strftime("%Y-%m"))
pd.crosstab(by_month["outlet"].fillna("(unknown)"), by_month["month"].fillna("(undated)"), margins=True)

# %% [markdown]
# ## Metadata to review
# Fields marked `inferred-…` were read from the text (a byline, the first line, the outlet
# naming itself); `inherited` means a split-off item took its page's outlet. Add them to the
# manifest to make them authoritative.

# %%
review = articles.loc[articles["needs_review"], ["file", "part", "outlet", "published", "author", "title", "metadata_source"]]
review

# %% [markdown]
# ## Rejected inputs and why

# %%
rejected if len(rejected) else pd.DataFrame({"file": ["—"], "reason": ["nothing rejected"]})

# %% [markdown]
# ## Warnings from the run, by kind (encodings, split items, inferred or missing metadata)
# Each kind once, with how many articles it concerns and one of them; `run.warnings` holds
# every warning.

# %%
from helpers import warning_groups

for line in warning_groups.summary(run.warnings, "run.warnings"):
    print(line)
