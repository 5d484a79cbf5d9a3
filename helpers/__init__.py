"""Political communication workbench: who says what about whom, and how.

Data flows one way: files → :mod:`~helpers.ingest` (articles) → :mod:`~helpers.speech.statements`
(who said what) → :mod:`~helpers.stance.rules` (statement × target) → :mod:`~helpers.aggregates`
→ :mod:`~helpers.charts` and :mod:`~helpers.widgets`. :mod:`~helpers.pipeline` drives it.
"""

__version__ = "0.1.0"
