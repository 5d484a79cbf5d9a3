"""Charts in the house style: :mod:`.drawing` draws each chart from a table, :mod:`.standard`
says which charts a run writes and from what, :mod:`.record` which chart files are current.

The drawing functions and the standard charts are importable from here (``from helpers import
charts; charts.stance_heatmap(...)``), as the notebooks use them.
"""

from .drawing import (  # noqa: F401
    STANCE_COLOURS,
    house_style,
    lexicon_agreement,
    monthly_stance,
    outlet_comparison,
    polarity_distribution,
    save,
    stance_heatmap,
    stance_over_time,
)
from .standard import CHART_NAMES, corpus_label, export_standard_charts, standard_charts  # noqa: F401
