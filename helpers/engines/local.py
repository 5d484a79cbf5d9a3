"""The in-process engine: the per-article steps run over a list of articles, one after another.

:func:`analyse_to_tables` is what both engines run (a Dask task runs it on a chunk of articles):
each article becomes a :class:`~helpers.doc.Doc`, the statement step adds its statements and the
stance step its stances; the rows come back as tables (:class:`Analysed`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import config, progress, stance_step, statement_step
from ..doc import Doc
from ..tables.rows import STANCE_COLUMNS, STATEMENT_COLUMNS


@dataclass
class Analysed:
    """What the per-article steps computed in one run, as tables.

    Fields: ``statement_articles`` and ``stance_articles`` (the article_ids whose statements,
    and whose stances, were computed), ``statements`` (STATEMENT_COLUMNS) and ``stances``
    (STANCE_COLUMNS plus article_id), their rows grouped by article in the corpus's order."""

    statement_articles: set
    stance_articles: set
    statements: pd.DataFrame
    stances: pd.DataFrame

    @classmethod
    def of(cls, ids: list[str], statements: dict[str, list[dict]], stances: dict[str, list[dict]]) -> "Analysed":
        """From rows by article, in the order of ``ids``."""
        return cls(set(statements), set(stances),
                   pd.DataFrame([r for aid in ids for r in statements.get(aid, [])], columns=STATEMENT_COLUMNS),
                   pd.DataFrame([dict(r, article_id=aid) for aid in ids for r in stances.get(aid, [])],
                                columns=STANCE_COLUMNS + ["article_id"]))

    @classmethod
    def joined(cls, parts: list["Analysed"]) -> "Analysed":
        """Parts computed for consecutive runs of articles, in their order."""
        if not parts:
            return cls.of([], {}, {})
        return cls(set().union(*(p.statement_articles for p in parts)),
                   set().union(*(p.stance_articles for p in parts)),
                   pd.concat([p.statements for p in parts], ignore_index=True),
                   pd.concat([p.stances for p in parts], ignore_index=True))


def analyse_articles(articles: list[dict], comments: dict[str, list[dict]], settings: dict,
                     want_statements: set[str], want_stances: set[str],
                     known_statements: dict[str, list[dict]],
                     show_progress: bool = False) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Run the per-article steps: statements for the articles of ``want_statements``, stances for
    those of ``want_stances`` (on this run's statements, else on ``known_statements``, read back
    from the store). Returns the rows of each, by article_id."""
    statements_out: dict[str, list[dict]] = {}
    stances_out: dict[str, list[dict]] = {}
    with config.frozen():
        statement_analyser = statement_step.build(settings) if want_statements else None
        stance_analyser = stance_step.build() if want_stances else None
        for article in progress.each(articles, "Analysing") if show_progress else articles:
            aid = article["article_id"]
            own_comments = comments.get(aid, [])
            doc = None
            if aid in want_statements:
                doc = Doc.from_article(article, own_comments)
                statements_out[aid] = statement_step.article_statements(article, own_comments, statement_analyser,
                                                                        doc)
            if aid in want_stances:
                rows = statements_out.get(aid, known_statements.get(aid, []))
                stances_out[aid] = stance_step.article_stances(article, rows, own_comments, stance_analyser, doc)
    return statements_out, stances_out


def analyse_to_tables(articles: list[dict], comments: dict[str, list[dict]], settings: dict,
                      want_statements: set[str], want_stances: set[str],
                      known_statements: dict[str, list[dict]], show_progress: bool = False) -> Analysed:
    """:func:`analyse_articles`, as tables (a Dask task returns these: a table travels between
    processes and is put together much faster than as many row dicts)."""
    statements, stances = analyse_articles(articles, comments, settings, want_statements, want_stances,
                                           known_statements, show_progress)
    return Analysed.of([a["article_id"] for a in articles], statements, stances)
