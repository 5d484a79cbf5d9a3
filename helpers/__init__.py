"""Political communication workbench: who says what about whom, and how.

Data flows one way: files → :mod:`~helpers.ingest` (the articles table) → a :class:`~helpers.doc.Doc`
per article, through :mod:`~helpers.statement_step` (who said what: :mod:`~helpers.speech`) and
:mod:`~helpers.stance_step` (statement × target: :mod:`~helpers.stance`, :mod:`~helpers.sentiment`)
→ rows (:mod:`~helpers.tables`) kept in :mod:`~helpers.store` → :mod:`~helpers.tables.aggregates`
→ :mod:`~helpers.charts` and :mod:`~helpers.widgets`. :mod:`~helpers.pipeline` drives it, in-process
or on Dask (:mod:`~helpers.engines`); :mod:`~helpers.cli` is the command line.
"""

__version__ = "0.1.0"
