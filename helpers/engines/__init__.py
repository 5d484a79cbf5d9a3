"""Where the per-article steps run: :mod:`.local` (in this process) or :mod:`.distributed` (Dask)."""
