"""What is kept between runs: :mod:`.incremental` (per-article results keyed by code and
configuration), :mod:`.outputs` (which exported files are current), :mod:`.locking` (one run per
folder) and :mod:`.run_snapshot` (a re-run with nothing new, answered before pandas is imported)."""
