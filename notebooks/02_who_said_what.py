# %% [markdown]
# # 2. Who said what
#
# **Method.** Quotations are found from their marks (straight, curly, unbalanced, nested,
# multi-paragraph); reported speech from a lexicon of reporting verbs (`data/cue_verbs.csv`);
# block quotes from a colon frame ("She told the Guardian:"). Each is attributed through its
# frame: a name, a role valid on the article's date (`data/roles.csv`), an anonymous source
# kept as described, or a pronoun resolved to the last compatible speaker. Reader comments
# belong to their handle; the writer's own sentences are *narration* by the author or outlet.

# %% tags=["parameters"]
INPUTS = None
MANIFEST = None
STORE = "default"
OUT_DIR = None
EVIDENCE_ROWS = 25

# %%
import pandas as pd
from IPython.display import HTML, display

from helpers import pipeline

run = pipeline.run_from_parameters(INPUTS, MANIFEST, STORE)
statements = run.statements
print(f"{len(statements)} statements; {run.corrections_applied} corrections applied from data/corrections.csv")

# %% [markdown]
# ## Statements by type

# %%
statements["quote_type"].value_counts().to_frame("statements")

# %% [markdown]
# ## Speakers: statements per speaker and outlet (narration excluded)

# %%
quoted = statements[statements["quote_type"] != "narration"]
per_speaker = (quoted.groupby(["speaker", "speaker_kind"]).agg(statements=("statement_id", "size"),
               outlets=("outlet", "nunique"), mean_confidence=("attribution_confidence", "mean"))
               .sort_values("statements", ascending=False))
per_speaker.head(20)

# %%
pd.crosstab(quoted["speaker"], quoted["outlet"].fillna("(unknown)")).loc[per_speaker.head(15).index.get_level_values(0)]

# %% [markdown]
# ## Evidence browser
# Each statement with the words that named its speaker, its cue, and how sure the attribution
# is. The text is shown escaped, exactly as in the article.

# %%
browser = quoted.sort_values("attribution_confidence")[["speaker", "speaker_mention", "cue", "quote_type",
                                                        "attribution_confidence", "text", "file"]].head(EVIDENCE_ROWS)
display(HTML(browser.to_html(index=False, escape=True)))
