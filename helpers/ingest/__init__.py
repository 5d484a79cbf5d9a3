"""From files to the articles, comments and rejected tables: :mod:`.corpus` (discovery, caching,
assembly), :mod:`.readers` (formats and encodings), :mod:`.cleaning` (page furniture),
:mod:`.metadata` (bylines, dates, outlets: :mod:`.outlets`) and :mod:`.manifest`."""
