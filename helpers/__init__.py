"""Political communication workbench: who says what about whom, and how.

Data flows one way: files → :mod:`~helpers.ingest.corpus` (articles) → :mod:`~helpers.speech.statements`
(who said what) → :mod:`~helpers.stance.rules` (statement × target) → :mod:`~helpers.tables.aggregates`
→ :mod:`~helpers.charts.drawing` and :mod:`~helpers.widgets`. :mod:`~helpers.pipeline` drives it.
"""

__version__ = "0.1.0"
