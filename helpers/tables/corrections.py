"""A researcher's corrections (``data/corrections.csv``), applied after the automatic steps.

Columns: ``statement_id``, ``article_id``, ``statement_text`` (the first words of the
statement), ``action`` (``speaker``, ``stance`` or ``exclude``), ``target`` (for stance),
``value`` (the right speaker, or favor/against/neutral), ``note``, ``created``.

A correction finds its statement by ``statement_id``; if the text was re-segmented since, by
the article (a content hash, stable across re-runs and re-ordering of files) and the
statement's opening words. Corrections that no longer match anything are reported, not lost.
"""

from __future__ import annotations

import csv
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from ..text.textnorm import squash
from .files import FORMULA_STARTS, neutralise_cell

COLUMNS = ["statement_id", "article_id", "statement_text", "action", "target", "value", "note", "created"]
ACTIONS = ("speaker", "stance", "exclude")
STANCE_SCORE = {"favor": 1.0, "against": -1.0, "neutral": 0.0}


def read(path: Path) -> pd.DataFrame:
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    return frame[COLUMNS].map(_unneutralised)


def _unneutralised(cell: str) -> str:
    """A cell as it was before :func:`add` neutralised it (an apostrophe before a formula-like start)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def locate(statements: pd.DataFrame, row: dict) -> str | None:
    sid = row.get("statement_id", "")
    if sid and sid in set(statements["statement_id"]):
        return sid
    text = squash(row.get("statement_text", ""))
    if row.get("article_id") and text:
        same = statements[statements["article_id"] == row["article_id"]]
        for candidate in same.itertuples():
            if squash(candidate.text).startswith(text[:60]):
                return candidate.statement_id
    return None


def apply(statements: pd.DataFrame, stances: pd.DataFrame, path: Path) -> tuple[pd.DataFrame, pd.DataFrame, int,
                                                                                list[str]]:
    """Apply every correction in ``path``. Returns (statements, stances, number applied, notes)."""
    table = read(path)
    if table.empty or statements.empty:
        return statements, stances, 0, []
    statements = statements.copy()
    stances = stances.copy()
    applied, notes = 0, []
    for number, row in enumerate(table.to_dict("records"), start=2):
        action = row["action"].strip().lower()
        if action not in ACTIONS:
            notes.append(f"{path.name} row {number}: unknown action '{row['action']}' (use {', '.join(ACTIONS)})")
            continue
        sid = locate(statements, row)
        if sid is None:
            notes.append(f"{path.name} row {number}: no statement matches any more ({row['statement_text'][:50]!r})")
            continue
        if action == "exclude":
            statements = statements[statements["statement_id"] != sid]
            stances = stances[stances["statement_id"] != sid]
        elif action == "speaker":
            mask = statements["statement_id"] == sid
            statements.loc[mask, "speaker"] = row["value"].strip()
            statements.loc[mask, "attribution_method"] = "corrected"
            statements.loc[mask, "attribution_confidence"] = 1.0
            if (statements.loc[mask, "speaker_kind"] == "unknown").any():
                statements.loc[mask, "speaker_kind"] = "person"
        else:
            value = row["value"].strip().lower()
            target = row["target"].strip()
            if value not in STANCE_SCORE or not target:
                notes.append(f"{path.name} row {number}: a stance correction needs a target and favor/against/neutral")
                continue
            mask = (stances["statement_id"] == sid) & (stances["target"] == target)
            evidence = f"corrected by researcher: {row['note']}".strip()
            if mask.any():
                stances.loc[mask, ["stance", "score", "evidence"]] = [value, STANCE_SCORE[value], evidence]
            else:
                stances = pd.concat([stances, pd.DataFrame([{
                    "statement_id": sid, "target": target, "stance": value, "score": STANCE_SCORE[value],
                    "evidence": evidence}])], ignore_index=True)
        applied += 1
    return statements.reset_index(drop=True), stances.reset_index(drop=True), applied, notes


def add(path: Path, statement: dict, action: str, value: str = "", target: str = "", note: str = "") -> dict:
    """Append one correction for ``statement`` (a statements row) to ``path``."""
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {', '.join(ACTIONS)}")
    path = Path(path)
    row = {
        "statement_id": statement["statement_id"], "article_id": statement["article_id"],
        "statement_text": " ".join(str(statement["text"]).split()[:12]), "action": action, "target": target,
        "value": value, "note": note, "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    new_file = not path.exists() or path.stat().st_size == 0
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        if new_file:
            writer.writeheader()
        writer.writerow({key: neutralise_cell(value) for key, value in row.items()})  # (a spreadsheet may open it)
    return row
