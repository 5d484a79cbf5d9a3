"""Learning from the researcher: stance corrections as training examples for the sentiment model.

A stance correction in ``data/corrections.csv`` says what a statement's side toward a target really
is. ``python -m helpers train --with-corrections`` turns each into one more training example of the
target-sentiment model (favor is positive, against negative, neutral neutral), with the text and target
spans the model reads for that statement in the workbench (:func:`helpers.stance.target_sentiment.model_input`),
taken from the exported tables of the last run (``exports/``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths, stance_step
from ..doc import Doc
from ..tables import corrections, rows
from .newsmtsc import Example
from .target_sentiment import model_input

SENTIMENT_OF = {"favor": "positive", "against": "negative", "neutral": "neutral"}


def examples_from_corrections(corrections_file: Path = paths.CORRECTIONS_FILE,
                              exports: Path = paths.EXPORTS_DIR) -> tuple[list[Example], list[str]]:
    """Training examples from the stance corrections, and a note for each correction that could not be used."""
    table = corrections.read(corrections_file)
    wanted = table[table["action"].str.strip().str.lower() == "stance"]
    if wanted.empty:
        return [], []
    statements = pd.read_parquet(Path(exports) / "statements.parquet")
    articles = pd.read_parquet(Path(exports) / "articles.parquet").set_index("article_id")
    comments = _comments(Path(exports))
    analyser = stance_step.build()
    out, notes = [], []
    for number, row in zip(wanted.index + 2, wanted.to_dict("records")):
        value, target = row["value"].strip().lower(), row["target"].strip()
        sid = corrections.locate(statements, row)
        if sid is None or value not in SENTIMENT_OF:
            notes.append(f"{Path(corrections_file).name} row {number}: no statement or no favor/against/neutral")
            continue
        example = _example(statements, articles, comments, sid, target, SENTIMENT_OF[value], analyser)
        if example is None:
            notes.append(f"{Path(corrections_file).name} row {number}: the statement does not refer to {target}")
            continue
        out.append(example)
    return out, notes


def _comments(exports: Path) -> dict[str, list[dict]]:
    path = exports / "comments.parquet"
    frame = pd.read_parquet(path) if path.exists() else pd.DataFrame(columns=["article_id"])
    out: dict[str, list[dict]] = {}
    for row in frame.to_dict("records"):
        out.setdefault(row["article_id"], []).append(row)
    return out


def _example(statements, articles, comments, sid: str, target: str, label: str, analyser) -> Example | None:
    statement = statements[statements["statement_id"] == sid].iloc[0]
    article_id = statement["article_id"]
    article = dict(articles.loc[article_id], article_id=article_id)
    doc = Doc.from_article(article, comments.get(article_id, []))
    doc.statements = rows.statements_from_rows(statements[statements["article_id"] == article_id].to_dict("records"))
    analyser(doc)
    read = next((r for r in doc.targets if r.statement.statement_id == sid and any(m.target == target for m in r.mentions)),
                None)
    if read is None:
        return None
    text, spans, others = model_input(doc, read, target)
    return Example(text, tuple(spans), tuple(others), label, target, f"correction:{article_id}") if spans else None
