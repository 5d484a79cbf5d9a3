"""What the chart workers' fork server imports first (its preload, see :mod:`helpers.chart_pool`):
it lowers the server's priority, which the workers forked from it inherit, and imports what they
draw with. ``analyze`` starts the server before it knows whether any chart will need drawing; at
a low priority, the server's imports (≈ 1 s of CPU) and the drawing take only the CPU time that
the command itself leaves, instead of slowing it down on a machine with few cores."""

import os

try:
    os.nice(10)
except OSError:  # (not allowed here: the usual priority)
    pass

import matplotlib  # noqa: E402

matplotlib.use("Agg")  # (the workers only write files; helpers.charts itself never picks a backend)

from . import charts  # noqa: E402,F401
