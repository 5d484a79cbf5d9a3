"""Analysing a short text directly, without files or a store (notebooks, tests, trying a rule).

>>> [(s.speaker, s.quote_type) for s in statements_of('"We will win," said Jeremy Corbyn.')]
[('Jeremy Corbyn', <QuoteType.DIRECT: 'direct'>)]

Each call runs the same components as ``analyze`` does for an article (:mod:`helpers.statement_step`,
:mod:`helpers.stance_step`); the components are built once per version of the configuration.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from . import config, stance_step, statement_step
from .doc import Analyser, Doc, Stance, Statement


def analyse_text(text: str, published: date | None = None, narrator: str = "the writer",
                 comments: list[tuple[int, int, str]] = ()) -> Doc:
    """A :class:`~helpers.doc.Doc` of ``text`` with every layer: statements, targets, stances."""
    doc = _statement_analyser(_config_key())(Doc.from_text(text, published, narrator, comments))
    for s in doc.statements:  # (ids as the tables give them)
        s.statement_id = f"{s.start}:{s.end}:{s.quote_type}"
    return _stance_analyser(_config_key())(doc)


def statements_of(text: str, published: date | None = None, narrator: str = "the writer") -> list[Statement]:
    """Who said what in ``text``: its statements in text order."""
    return _statement_analyser(_config_key())(Doc.from_text(text, published, narrator)).statements


def stances_of(text: str, published: date | None = None, narrator: str = "the writer") -> list[Stance]:
    """Each statement's stance toward each target it refers to."""
    return analyse_text(text, published, narrator).stances


def _config_key() -> str:
    return config.files_hash(tuple(sorted(set(config.STEP_CONFIG_FILES["statements"])
                                          | set(config.STEP_CONFIG_FILES["stances"]))))


@lru_cache(maxsize=2)
def _statement_analyser(_config: str) -> Analyser:
    return statement_step.build(config.load_settings().extraction)


@lru_cache(maxsize=2)
def _stance_analyser(_config: str) -> Analyser:
    return stance_step.build()
