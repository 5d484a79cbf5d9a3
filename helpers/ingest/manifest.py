"""Reading ``manifest.csv`` files: one row of metadata per article file.

Columns: ``file,outlet,published,author,title,url`` (``note`` is allowed and kept out of the
analysis). Problems are reported row by row, never raised: a row naming a missing file or a
path outside the corpus folder becomes a rejection, an unknown column a warning (naming the
known column it may be a misspelling of).
"""

from __future__ import annotations

import csv
import difflib
import io
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from ..text import dates
from .readers import DecodeFailure, Rejection, decode_bytes

KNOWN_COLUMNS = ("file", "outlet", "published", "author", "title", "url", "note")
#: Other names for the same columns, as other corpora's metadata files spell them.
COLUMN_ALIASES = {"filename": "file", "path": "file", "publisher": "outlet", "source": "outlet", "site": "outlet",
                  "publication_date": "published", "date": "published", "pub_date": "published",
                  "byline": "author", "authors": "author", "headline": "title", "link": "url"}


@dataclass
class Manifest:
    """Rows by file name (relative to ``base``), plus what was wrong with the file."""

    path: Path
    base: Path
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    row_numbers: dict[str, int] = field(default_factory=dict)
    bad_dates: dict[str, str] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _resolved_base: str = ""

    def resolved_base(self) -> str:
        if not self._resolved_base:
            self._resolved_base = str(self.base.resolve())
        return self._resolved_base


def _did_you_mean(column: str, present: list[str]) -> str:
    """" (did you mean 'published'?)" for a misspelt column name ("pubished"), else ""."""
    names = [c for c in (*KNOWN_COLUMNS, *COLUMN_ALIASES) if c not in present]
    close = difflib.get_close_matches(column, names, n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _escapes(name: str) -> bool:
    name = name.replace("\\", "/")
    return name.startswith("/") or ".." in name.split("/") or (len(name) > 1 and name[1] == ":")


def read_manifest(path: Path, base: Path | None = None, dayfirst: bool = True) -> Manifest:
    """Read a manifest. File names in it are relative to ``base`` (default: its own folder)."""
    manifest = Manifest(path=path, base=(base or path.parent))
    label = path.name
    try:
        text, _, warnings = decode_bytes(path.read_bytes())
    except (OSError, DecodeFailure) as exc:
        manifest.rejections.append(Rejection(label, f"manifest cannot be read ({exc}); files in its folder are "
                                                    "analysed with inferred metadata"))
        return manifest
    manifest.warnings += [f"{label}: {w}" for w in warnings]
    try:
        reader = csv.reader(io.StringIO(text.replace("\r\n", "\n")))
        header = next(reader, [])
        raw_columns = [c.strip().lower() for c in header]
        columns = [COLUMN_ALIASES.get(c, c) if COLUMN_ALIASES.get(c) not in raw_columns else c for c in raw_columns]
        # (as csv.DictReader reads them: rows padded to the header, extra values under no name)
        rows = [row for row in reader if row]
    except csv.Error as exc:
        manifest.rejections.append(Rejection(label, f"manifest is not a readable CSV ({exc})"))
        return manifest
    if "file" not in columns:
        manifest.rejections.append(Rejection(label, f"manifest has no 'file' column (columns: "
                                                    f"{', '.join(columns) or 'none'}); expected "
                                                    f"{','.join(KNOWN_COLUMNS[:-1])}"))
        return manifest
    for column in (c for c in columns if c not in KNOWN_COLUMNS):
        manifest.warnings.append(f"{label}: unknown column '{column}' ignored{_did_you_mean(column, columns)}")
    width = len(columns)
    for number, values in enumerate(rows, start=2):  # row 1 is the header
        if len(values) < width:
            values = values + [""] * (width - len(values))
        row = {}
        for column, value in zip(columns, values):
            row[column] = value.strip()
        name = row.get("file", "")
        if not name:
            manifest.warnings.append(f"{label} row {number}: no file name; row ignored")
            continue
        if _escapes(name):
            manifest.rejections.append(Rejection(name, f"{label} row {number}: path leaves the corpus folder; "
                                                       f"only files inside {manifest.base.name}/ can be listed"))
            continue
        name = posixpath.normpath(name.replace("\\", "/"))
        if name in manifest.rows:
            same = all(manifest.rows[name].get(k, "") == row.get(k, "") for k in KNOWN_COLUMNS)
            manifest.warnings.append(
                f"{label} row {number}: {name} is listed again (first at row {manifest.row_numbers[name]}); "
                + ("identical duplicate ignored" if same else "the first row is used"))
            continue
        published = row.get("published", "")
        if published:
            parsed = dates.parse_date(published, dayfirst=dayfirst)
            if parsed is None:
                manifest.bad_dates[name] = (f"{label} row {number}: published date '{published}' is not a real "
                                            "calendar date "
                                            "(use YYYY-MM-DD); fix the manifest row and re-run")
            else:
                row["published"] = parsed.isoformat()
        manifest.rows[name] = {k: row.get(k, "") for k in KNOWN_COLUMNS}
        manifest.row_numbers[name] = number
    return manifest
