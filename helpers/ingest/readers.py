"""Reading input files into raw documents, or into rejections with a reason.

Every file handed to :func:`read_file` comes back either as one or more
:class:`RawDocument` (a ``.csv``/``.jsonl`` corpus holds many) or as :class:`Rejection`
records; nothing is dropped silently.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

TEXT_FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
HTML_FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html"}
TABLE_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
SUPPORTED = {**TEXT_FORMATS, **HTML_FORMATS, **TABLE_FORMATS}

#: Metadata columns a row-per-article corpus may carry (first name is canonical).
META_COLUMNS = {
    "outlet": ("outlet", "publisher", "source", "site", "sitename", "publication"),
    "published": ("published", "date", "publication_date", "pub_date", "published_at"),
    "author": ("author", "authors", "byline"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
}

_MAGIC = [
    (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP/Office document"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"), (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"{\\rtf", "an RTF document"),
]


@dataclass
class RawDocument:
    """One article as read from disk, before cleaning.

    Fields: ``file`` (name as given; ``corpus.csv#3`` for the third row of a table),
    ``fmt`` (txt, md, html, csv, jsonl), ``text`` (decoded text; for HTML the extracted main
    text), ``meta`` (metadata the format itself carried: HTML meta tags or table columns),
    ``encoding`` and ``warnings``.
    """

    file: str
    fmt: str
    text: str
    meta: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)


@dataclass
class Rejection:
    """An input that could not be analysed: ``file`` and a ``reason`` a researcher can act on."""

    file: str
    reason: str


class DecodeFailure(Exception):
    pass


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b < 32)


def _sniff_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"binary file ({what}), not text; convert it to .txt or .html first"
    head = data[:8192]
    if b"\x00" in head:
        return "binary file (contains NUL bytes), not text"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls / len(head) > 0.05:
        return "binary file (mostly control characters), not text"
    return None


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode ``data`` as UTF-8 (with or without BOM), UTF-16/32 with a BOM, or a single-byte
    Western encoding (cp1252/latin-1, with a warning). Raises :class:`DecodeFailure`."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, []
            except UnicodeDecodeError as exc:
                raise DecodeFailure(f"starts with a {enc.upper()} byte-order mark but is not valid {enc.upper()} "
                                    f"({exc.reason})") from None
    binary = _sniff_binary(data)
    if binary:
        raise DecodeFailure(binary)
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        return text, "cp1252", ["not UTF-8: read as Windows-1252 (cp1252); check accented characters"]
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding, [f"not UTF-8: read as {best.encoding} (detected); check accented characters"]
    raise DecodeFailure("undecodable: not UTF-8, UTF-16 or a Western single-byte encoding")


def _first(row: dict, names: tuple[str, ...]) -> str:
    lowered = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    for name in names:
        value = lowered.get(name)
        if value is not None and str(value).strip() and str(value).strip().lower() != "nan":
            return str(value).strip()
    return ""


def _row_document(file: str, fmt: str, row: dict, text_columns: list[str], encoding: str,
                  warnings: list[str]) -> RawDocument | Rejection:
    text = _first(row, tuple(text_columns))
    if not text.strip():
        return Rejection(file, f"empty: row has no text in any of the columns {', '.join(text_columns)}")
    meta = {key: _first(row, names) for key, names in META_COLUMNS.items()}
    return RawDocument(file, fmt, text, {k: v for k, v in meta.items() if v}, encoding, list(warnings))


def _read_table(name: str, fmt: str, text: str, text_columns: list[str], encoding: str,
                warnings: list[str]) -> list[RawDocument | Rejection]:
    out: list[RawDocument | Rejection] = []
    if fmt == "csv":
        try:
            reader = csv.DictReader(io.StringIO(text))
            fields = [f.strip().lower() for f in (reader.fieldnames or [])]
        except csv.Error as exc:
            return [Rejection(name, f"not a readable CSV table ({exc})")]
        if not any(c in fields for c in text_columns):
            return [Rejection(name, f"CSV corpus has no text column (expected one of: {', '.join(text_columns)}; "
                                    f"found: {', '.join(fields) or 'none'})")]
        try:
            for i, row in enumerate(reader, start=1):
                row_id = _first(row, ("id", "file", "article_id")) or str(i)
                out.append(_row_document(f"{name}#{row_id}", fmt, row, text_columns, encoding, warnings))
        except csv.Error as exc:
            out.append(Rejection(f"{name}#{len(out) + 1}", f"CSV row could not be parsed ({exc})"))
        if not out:
            return [Rejection(name, "empty: CSV corpus has a header but no rows")]
        return out
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append(Rejection(f"{name}#line{line_no}", f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(row, dict):
            out.append(Rejection(f"{name}#line{line_no}", "JSON line is not an object with a text field"))
            continue
        row_id = _first(row, ("id", "file", "article_id")) or f"line{line_no}"
        out.append(_row_document(f"{name}#{row_id}", fmt, row, text_columns, encoding, warnings))
    if not out:
        return [Rejection(name, "empty: JSONL corpus has no lines")]
    return out


def _read_html(name: str, text: str, encoding: str, warnings: list[str]) -> RawDocument | Rejection:
    # trafilatura parses the string it is given; it never fetches the page, its images or scripts.
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, include_links=False, deduplicate=False,
        )
    except Exception as exc:  # the extractor is third-party code fed arbitrary pages
        return Rejection(name, f"HTML could not be parsed ({type(exc).__name__}: {exc})")
    if doc is None:
        return Rejection(name, "HTML page has no extractable article text")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = (data.get("text") or "").strip()
    if not body:
        return Rejection(name, "HTML page has no extractable article text")
    meta = {
        "outlet": data.get("sitename") or "",
        "published": data.get("date") or "",
        "author": data.get("author") or "",
        "title": data.get("title") or "",
        "url": data.get("url") or "",
    }
    title = meta["title"]
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    return RawDocument(name, "html", body, {k: v for k, v in meta.items() if v}, encoding, list(warnings))


def too_large(path: Path | str, settings: dict, size: int | None = None) -> bool:
    """Is the file over its format's size limit? (``size``: its size when already known.)"""
    fmt = SUPPORTED.get(os.path.splitext(path)[1].lower())
    limit_mb = settings["max_table_file_mb"] if fmt in ("csv", "jsonl") else settings["max_text_file_mb"]
    try:
        return (os.stat(path).st_size if size is None else size) > limit_mb * 1024 * 1024
    except OSError:
        return False


def read_file(path: Path, name: str, settings: dict, data: bytes | None = None) -> list[RawDocument | Rejection]:
    """Read one input file. ``name`` is the file name as given (relative to its input folder);
    ``data`` are its bytes when the caller has already read them."""
    suffix = path.suffix.lower()
    fmt = SUPPORTED.get(suffix)
    if fmt is None:
        shown = suffix or "(no extension)"
        return [Rejection(name, f"unknown format {shown}: supported are {', '.join(sorted(SUPPORTED))}")]
    try:
        size = path.stat().st_size
    except OSError as exc:
        return [Rejection(name, f"cannot be read ({exc.strerror})")]
    limit_mb = settings["max_table_file_mb"] if fmt in ("csv", "jsonl") else settings["max_text_file_mb"]
    if size > limit_mb * 1024 * 1024:
        setting = f"max_{'table' if fmt in ('csv', 'jsonl') else 'text'}_file_mb"
        return [Rejection(name, f"too large: {size / 1024 / 1024:.1f} MB is over the {limit_mb} MB limit "
                                f"({setting} in data/settings.toml)")]
    if size == 0:
        return [Rejection(name, "empty file (0 bytes)")]
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            return [Rejection(name, f"cannot be read ({exc.strerror})")]
    try:
        text, encoding, warnings = decode_bytes(data)
    except DecodeFailure as exc:
        return [Rejection(name, str(exc))]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return [Rejection(name, "empty: the file holds only whitespace")]
    if fmt in ("csv", "jsonl"):
        return _read_table(name, fmt, text, list(settings["text_columns"]), encoding, warnings)
    if fmt == "html":
        return [_read_html(name, text, encoding, warnings)]
    return [RawDocument(name, fmt, text, {}, encoding, warnings)]
