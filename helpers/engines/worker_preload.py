"""Imported once by the server process that local Dask workers are forked from.

Each worker would otherwise import the analysis (pandas, TextBlob, VADER, nupunkt), read the
configuration and build the phrase index and the sentiment lexicons itself before its first
article. Done here, in the fork server that :mod:`helpers.engines.distributed` starts while the main
process reads the corpus, every worker is forked with all of it in memory. Warming only fills
caches keyed by the configuration files' contents, so a worker computes exactly what it would
have computed from scratch (and recomputes if the configuration changes afterwards).
"""

from __future__ import annotations

import nupunkt

from .. import stance_step
from ..ingest import cleaning, metadata, outlets
from ..sentiment import scores as sentiment  # noqa: F401  (imported for the workers)
from . import local  # noqa: F401  (imported for the workers)


def warm() -> None:
    """Load the configuration, lexicons, phrase index and sentence model (a failure here is left
    to the worker, which will meet it again and report it)."""
    try:
        sentiment.score("warm up the lexicons")
        stance_step.build()
        nupunkt.sent_spans("Mr. Smith said so. He left.")
        cleaning.load_rules()
        metadata.load_rules()
        outlets.load_outlets()
    except Exception:  # noqa: BLE001  (the fork server must start whatever happens)
        pass


warm()
