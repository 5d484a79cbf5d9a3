"""The tables: :mod:`.rows` (their columns and the rows made from a document), :mod:`.files`
(CSV and Parquet writing, spreadsheet-safe), :mod:`.corrections` (the user's overrides) and
:mod:`.aggregates` (the statement × target view and its summaries)."""
