# %% [markdown]
# # 3. Sentiment and stance toward the targets
#
# **Method.** A statement is about a target (`data/targets.toml`) when it names it, uses a
# role the target held that day, or a pronoun whose referent the context fixes. **Stance** (the
# side the speaker takes: favor, against, neutral) is decided on two layers: cue words aimed at
# the target (`data/stance_cues.csv`: support/oppose verbs, evaluations, joining or leaving a party,
# attacks by third parties, with negation) where they take a side; elsewhere a sentiment model
# trained on NewsMTSC, when it is as sure as the rules are usually right (`method` says which:
# rules, model or both). **Sentiment toward the target** (negative, neutral, positive) is the
# model's reading of the words aimed at the target, on every row: stance is the side taken,
# sentiment the tone, and "I disagree with him, but he is a decent man" is against and positive.
# The statement's TextBlob polarity and VADER compound are kept too; the comparison at the end shows
# what the naive rule "stance = sign of polarity" would have said. Method and figures:
# `docs/stance.md`.

# %% tags=["parameters"]
INPUTS = None
MANIFEST = None
STORE = "default"
OUT_DIR = None
DATE_FROM = None       # "YYYY-MM-DD", inclusive
DATE_TO = None         # "YYYY-MM-DD", inclusive (the last day counted)
OUTLETS = []           # [] = all
TARGETS = []           # [] = all

# %%
import dataclasses

import pandas as pd

from helpers import charts, pipeline, widgets
from helpers.tables import aggregates

run = pipeline.run_from_parameters(INPUTS, MANIFEST, STORE)
data = widgets.DashboardData(run.statements, run.stances, run.articles, run.corrections_applied)
filters = widgets.Filters(pd.Timestamp(DATE_FROM).date() if DATE_FROM else None,
                          pd.Timestamp(DATE_TO).date() if DATE_TO else None, tuple(OUTLETS), (), tuple(TARGETS),
                          speaker_kinds=())  # (every kind of speaker: the cells below choose)
view = widgets.apply_filters(data, filters)
print(f"{filters.describe()}: {view['statement_id'].nunique()} statements, {len(view)} statement × target rows")

# %% [markdown]
# ## Quoted speaker × target: net stance and mean polarity (bootstrap 95% interval); small cells flagged
# Quoted speakers are people, organisations and sources: not the writer's narration (below, by
# outlet) nor reader comments.

# %%
quoted = dataclasses.replace(filters, speaker_kinds=widgets.QUOTED_SPEAKERS)
speaker_target = aggregates.summarise(widgets.apply_filters(data, quoted), ["speaker", "target"])
speaker_target.sort_values("n", ascending=False).head(25)

# %%
charts.stance_heatmap(speaker_target, "speaker", f"{charts.corpus_label(view, data.articles_in(filters))}; {quoted.describe()}");

# %% [markdown]
# ## The same speakers, by the sentiment toward each target rather than the side taken

# %%
charts.stance_heatmap(speaker_target, "speaker", f"{charts.corpus_label(view, data.articles_in(filters))}; {quoted.describe()}",
                      measure="sentiment");

# %% [markdown]
# How each stance was reached (rules, model, or both agreeing):

# %%
pd.crosstab(view["method"].astype(str).rename("method"), view["stance"].astype(str).rename("stance"), margins=True)

# %% [markdown]
# ## By outlet, and the outlets' own voice (narration)

# %%
aggregates.summarise(view, ["outlet", "target"])

# %%
aggregates.summarise(view[view["quote_type"] == "narration"], ["outlet", "target"])

# %%
charts.outlet_comparison(aggregates.summarise(view, ["outlet", "target"], bootstrap=False), filters.describe());

# %% [markdown]
# ## Over time

# %%
charts.stance_over_time(view, filters.describe());

# %% [markdown]
# ## Stance is not sentiment: the naive rule against the cue-based stance

# %%
naive = aggregates.naive_sentiment_stance(view["polarity"])
pd.crosstab(view["stance"].astype(str).rename("cue-based stance"), naive.rename("sign of TextBlob polarity"), margins=True)

# %%
charts.lexicon_agreement(view, filters.describe());
