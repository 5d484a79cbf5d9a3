"""Writing a table as Parquet and CSV files, atomically, with CSV cells that cannot attack.

Article text is scraped from the web, so it is untrusted. A spreadsheet (Excel, LibreOffice)
opening a CSV runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula (and a tab
or carriage return can hide such a start): "CSV injection". Every CSV the workbench writes goes
through :func:`neutralised`, which puts an apostrophe before such a cell's text (the usual remedy:
spreadsheets show the text, not a formula). Parquet files keep the exact text.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pa_parquet

#: What a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """``value`` with an apostrophe before it if it is text that a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` fit to be written as CSV: text cells that begin like a formula get a
    leading apostrophe; numbers (a negative score is a number) are left alone."""
    out = None
    for column in frame.columns:
        values = frame[column]
        if values.dtype.kind in "biufcmM":  # (numbers, booleans, dates: not text)
            continue
        text = values.astype("string")
        risky = text.str.startswith(FORMULA_STARTS).fillna(False).to_numpy(dtype=bool)
        if risky.any():
            out = frame.copy() if out is None else out
            out[column] = values.where(~risky, "'" + text)
    return frame if out is None else out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as CSV (cells neutralised), atomically: a temporary file, then a rename."""
    write_atomically(path, lambda tmp: neutralised(frame).to_csv(tmp, index=False))


def write_table(frame: pd.DataFrame, out_dir: Path, name: str,
                suffixes: tuple[str, ...] = (".parquet", ".csv")) -> None:
    """Write ``name.parquet`` and ``name.csv`` (or those of ``suffixes``) atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for suffix in suffixes:
        if suffix == ".parquet":
            table = pa.Table.from_pandas(frame, preserve_index=False)  # (the very bytes of frame.to_parquet)
            write_atomically(out_dir / f"{name}{suffix}", lambda tmp: pa_parquet.write_table(table, tmp))
        else:  # Arrow's CSV writer: an order of magnitude faster than pandas'
            table = pa.Table.from_pandas(neutralised(frame), preserve_index=False)
            write_atomically(out_dir / f"{name}{suffix}", lambda tmp: pa_csv.write_csv(table, tmp))


class WriteError(OSError):
    """A file could not be written (a full disk, no permission...). The message names the file;
    what was there before is still there."""

    def __init__(self, path: Path, cause: OSError):
        reason = cause.strerror or str(cause)
        super().__init__(cause.errno, reason, str(path))
        self.path = Path(path)

    def __str__(self) -> str:
        return f"could not write {self.path}: {self.strerror}"


def write_atomically(final: Path, write) -> None:
    """``write(temporary path)``, then rename it to ``final``; on failure (a full disk, no
    permission) the temporary file is removed, ``final`` is left as it was and a
    :class:`WriteError` names it."""
    tmp = final.with_name(f".{final.name}.tmp")
    try:
        write(tmp)
        os.replace(tmp, final)
    except BaseException as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise WriteError(final, exc) from exc
        raise
