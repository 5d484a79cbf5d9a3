"""Where things live. Every path in the project is derived from this file's location, so the
code works from any working directory (a notebook, `make`, a test runner). Environment
variables ``HELPERS_DATA_DIR``, ``HELPERS_ARTICLES_DIR``, ``HELPERS_PROCESSED_DIR``,
``HELPERS_EXPORTS_DIR`` and ``HELPERS_CORRECTIONS_FILE`` point them elsewhere (the tests use
this to keep the repository clean)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent

#: Editable configuration (targets, people and roles, cue words, cleaning rules, settings).
#: ``HELPERS_DATA_DIR`` points the package at another configuration folder (used by tests).
DATA_DIR = Path(os.environ.get("HELPERS_DATA_DIR", PROJECT_ROOT / "data")).resolve()
SEEDS_DIR = PROJECT_ROOT / "seeds"
#: Where researchers drop new articles (any supported format, optional manifest.csv).
ARTICLES_DIR = Path(os.environ.get("HELPERS_ARTICLES_DIR", PROJECT_ROOT / "data" / "articles"))
#: The incremental store of processed results (Parquet), safe to delete.
PROCESSED_DIR = Path(os.environ.get("HELPERS_PROCESSED_DIR", PROJECT_ROOT / "data" / "processed"))
#: Tables and charts written by `make analyze` and the notebooks.
EXPORTS_DIR = Path(os.environ.get("HELPERS_EXPORTS_DIR", PROJECT_ROOT / "exports"))
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
STYLE_FILE = DATA_DIR / "style" / "house.mplstyle"
CORRECTIONS_FILE = Path(os.environ.get("HELPERS_CORRECTIONS_FILE", DATA_DIR / "corrections.csv"))


def default_inputs() -> list[Path]:
    """The corpus analysed when no paths are given: the bundled seeds plus data/articles/."""
    return [SEEDS_DIR, ARTICLES_DIR]
