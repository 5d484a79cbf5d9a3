"""From files and folders to the ``articles``, ``comments`` and ``rejected`` tables.

``articles`` fields: article_id (stable hash of the cleaned text), file (name as given,
relative to its input folder), part (1 unless a file held several items), outlet, published
(ISO date), author, title, url, words (body words), metadata_source (where each field came
from), needs_review (some metadata was inferred or is missing), format, encoding, n_comments,
warnings, text (the cleaned text that statement offsets index), body_end (offset where reader
comments start).

``comments`` fields: comment_id, article_id, file, number, handle, char_start, char_end, text.

``rejected`` fields: file, reason.
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import config, paths, progress, provenance
from ..text.textnorm import count_words, squash
from . import cleaning, metadata
from .manifest import Manifest, read_manifest
from .readers import RawDocument, Rejection, read_file, too_large

ARTICLE_COLUMNS = [
    "article_id", "file", "part", "outlet", "published", "author", "title", "url", "words",
    "metadata_source", "needs_review", "format", "encoding", "n_comments", "warnings", "text", "body_end",
]
COMMENT_COLUMNS = ["comment_id", "article_id", "file", "number", "handle", "char_start", "char_end", "text"]
REJECTED_COLUMNS = ["file", "reason"]
MANIFEST_NAME = "manifest.csv"


@dataclass
class InputFile:
    location: str      # where it was found (as walked)
    name: str          # as given: relative to its input folder
    root: Path
    resolved: str | None = None   # absolute path (symbolic links of the folder resolved once)
    stat: os.stat_result | None = None  # taken while walking the folder (None: not yet taken)

    @functools.cached_property
    def path(self) -> Path:
        return Path(self.location)

    @property
    def basename(self) -> str:
        return os.path.basename(self.location)

    @property
    def stem(self) -> str:  # (as Path.stem: the last suffix off, a leading dot kept)
        base = os.path.basename(self.location)
        dot = base.rfind(".")
        return base[:dot] if 0 < dot < len(base) - 1 else base

    def absolute(self) -> str:
        if self.resolved is None:
            self.resolved = str(self.path.resolve())
        return self.resolved

    def current_stat(self) -> os.stat_result:
        """The file's stat (the walk's, else taken now); raises OSError when it is gone."""
        if self.stat is None:
            self.stat = os.stat(self.location)
        return self.stat


@dataclass
class Corpus:
    """The result of ingestion: tables plus the warnings to show the researcher."""

    articles: pd.DataFrame
    comments: pd.DataFrame
    rejected: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


class InputError(ValueError):
    """An input path given on the command line does not exist."""


def discover(inputs: list[Path], required: bool = True) -> tuple[list[InputFile], list[Manifest], list[Rejection]]:
    """Walk the inputs. Hidden files (``.gitkeep``, ``.DS_Store``) are not articles and are skipped."""
    files: list[InputFile] = []
    manifests: list[Manifest] = []
    rejections: list[Rejection] = []
    for given in inputs:
        given = Path(given)
        if not given.exists():
            if required:
                raise InputError(f"{given}: no such file or folder")
            continue
        if given.is_file():
            if given.name == MANIFEST_NAME:
                manifests.append(read_manifest(given))
            else:
                files.append(InputFile(str(given), given.name, given.parent))
            continue
        root_str = str(given.resolve())
        for location, name, entry in _walk(str(given), ""):
            resolved = os.path.join(root_str, name)
            if entry.is_symlink():
                resolved = str(Path(location).resolve())
                if not resolved.startswith(root_str + os.sep):
                    rejections.append(Rejection(name, "symbolic link pointing outside the corpus folder; not read"))
                    continue
            if entry.name == MANIFEST_NAME:
                manifests.append(read_manifest(Path(location)))
                continue
            try:
                stat = entry.stat()
            except OSError:  # (a broken link, or gone since the folder was listed: reported by the reader)
                stat = None
            files.append(InputFile(location, name, given, resolved, stat))
    return files, manifests, rejections


def _walk(folder: str, relative: str):
    """(location, name relative to the input folder, directory entry) of every file below
    ``folder``, as ``os.walk`` visits them: a folder's files in name order, then its sub-folders
    in name order; hidden files and folders skipped, linked folders not followed. The directory
    entries carry what the listing already knows (is it a link?) and cache the file's stat."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return
    folders = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            if not entry.is_symlink():
                folders.append(entry)
            continue
        yield entry.path, f"{relative}{entry.name}", entry
    for entry in folders:
        yield from _walk(entry.path, f"{relative}{entry.name}/")


def _manifest_row(item: InputFile, folder_manifests: list[Manifest], external: Manifest | None,
                  used: set[tuple[int, str]]) -> tuple[dict | None, str | None]:
    """The manifest row for a file (external manifest first) and any bad-date reason."""
    candidates: list[tuple[Manifest, str]] = []
    if external is not None:
        for key in (item.name, item.basename, item.stem):  # a file may be listed without its extension
            candidates.append((external, key))
    resolved = item.absolute()
    for manifest in folder_manifests:
        base = manifest.resolved_base()
        if resolved.startswith(base + os.sep):
            candidates.append((manifest, resolved[len(base) + 1:].replace(os.sep, "/")))
    for manifest, key in candidates:
        if key in manifest.bad_dates:
            used.add((id(manifest), key))
            return None, manifest.bad_dates[key]
        if key in manifest.rows:
            used.add((id(manifest), key))
            return manifest.rows[key], None
    return None, None


def _assemble(part: cleaning.CleanedPart,
              byline_lines: set[int]) -> tuple[str, int, list[tuple[int, str, int, int, str]]]:
    """Join body lines (blank runs collapsed) and comments into one text with offsets."""
    out: list[str] = []
    for i, line in enumerate(part.lines):
        if i in byline_lines:
            continue
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    body = "\n".join(out)
    text = body
    comments = []
    for comment in part.comments:
        comment_text = "\n\n".join(comment.paragraphs)
        start = len(text) + (2 if text else 0)
        text = f"{text}\n\n{comment_text}" if text else comment_text
        comments.append((comment.number, comment.handle, start, len(text), comment_text))
    return text, len(body), comments


def article_id_for(text: str) -> str:
    return hashlib.sha256(squash(text).encode("utf-8")).hexdigest()[:16]


def _documents_to_rows(doc: RawDocument, manifest_row: dict | None, settings: config.Settings,
                       rules: cleaning.CleaningRules) -> tuple[list[dict], list[dict], list[str]]:
    articles, comments, warnings = [], [], []
    parts = cleaning.clean_text(doc.text, rules)
    first_outlet = ""
    for part in parts:
        is_first = part.part == 1
        meta = metadata.infer(
            part.lines, doc.meta if is_first else {}, manifest_row if is_first else None,
            part.bio_author, settings.metadata, inherited_outlet="" if is_first else first_outlet,
        )
        if is_first:
            first_outlet = meta.values["outlet"]
        text, body_end, comment_rows = _assemble(part, meta.byline_lines)
        if not text.strip():
            continue
        article_id = article_id_for(text)
        notes = list(doc.warnings) + part.warnings + meta.notes
        inferred = [f"{k} ({o})" for k, o in meta.origins.items() if o.startswith("inferred") or o == "inherited"]
        if inferred:
            notes.append("inferred metadata to review: " + ", ".join(inferred))
        if meta.origins["published"] == "missing":
            notes.append("no publication date: add it to manifest.csv to place this article in time")
        if meta.origins["author"] == "missing":
            voice = meta.values["outlet"] or "unknown author"
            notes.append(f"no author: the writer's own sentences are given to '{voice}'; "
                         "add the author to manifest.csv")
        if meta.origins["outlet"] == "missing":
            notes.append("no outlet: its statements count as '(unknown outlet)'; add the outlet to manifest.csv")
        articles.append({
            "article_id": article_id, "file": doc.file, "part": part.part,
            **{k: (meta.values[k] or None) for k in metadata.FIELDS},
            "words": count_words(text[:body_end]), "metadata_source": meta.source,
            "needs_review": meta.needs_review, "format": doc.fmt, "encoding": doc.encoding,
            "n_comments": len(comment_rows), "warnings": "; ".join(notes), "text": text, "body_end": body_end,
        })
        for number, handle, start, end, comment_text in comment_rows:
            comments.append({
                "comment_id": f"{article_id}-c{number}", "article_id": article_id, "file": doc.file,
                "number": number, "handle": handle, "char_start": start, "char_end": end, "text": comment_text,
            })
        warnings += [f"{doc.file}" + (f" (part {part.part})" if len(parts) > 1 else "") + f": {n}" for n in notes]
    return articles, comments, warnings


#: A file changed this recently may be changed again within the file system's timestamp
#: granularity without its stat changing: its digest is not remembered ("racily clean" in git).
RACY_NS = 2_000_000_000


def _stat_key(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What changes whenever a file's bytes do: size, modification and change times, inode."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def _content_digest(item: InputFile, file_index: dict | None, fresh_index: dict) -> tuple[str, bytes | None]:
    """sha256 of the file's bytes, and the bytes if they had to be read. Like git's index, a
    file whose stat is the one recorded in ``file_index`` is not read again: its recorded digest
    stands. Digests worth remembering go into ``fresh_index``."""
    try:
        stat = item.current_stat()
    except OSError:
        return "", None
    where, now = item.absolute(), _stat_key(stat)
    known = (file_index or {}).get(where)
    if known is not None and tuple(known[:4]) == now:
        fresh_index[where] = known
        return known[4], None
    try:
        data = item.path.read_bytes()
    except OSError:
        return "", None
    digest = hashlib.sha256(data).hexdigest()
    if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > RACY_NS:
        fresh_index[where] = (*now, digest)
    return digest, data


def _too_large(item: InputFile, settings: config.Settings) -> bool:
    try:
        return too_large(item.location, settings.ingest, item.current_stat().st_size)
    except OSError:
        return False


def _fingerprint(item: InputFile, row: dict | None, settings: config.Settings, config_key: str,
                 cache: dict | None, file_index: dict | None = None,
                 fresh_index: dict | None = None) -> tuple[str, bytes | None]:
    """The file's cache key (its bytes' digest, manifest row and the ingest configuration) and
    its bytes when they were read (None when the file's stat showed it unchanged)."""
    if cache is None or _too_large(item, settings):
        return "", None
    digest, data = _content_digest(item, file_index, fresh_index if fresh_index is not None else {})
    if not digest:
        return "", None
    key = hashlib.sha256(f"{digest}\0{item.name}\0{sorted((row or {}).items())}\0{config_key}".encode())
    return key.hexdigest(), data


def read_and_clean(path: Path, name: str, row: dict | None, data: bytes | None, key: str,
                   settings: config.Settings, rules) -> dict:
    """Read and clean one file into its article and comment rows (a plain function of its
    inputs, so that it can run in a worker process)."""
    out: dict = {"key": key, "articles": [], "comments": [], "rejections": [], "warnings": []}
    for result in read_file(path, name, settings.ingest, data):
        if isinstance(result, Rejection):
            out["rejections"].append((result.file, result.reason))
            continue
        new_articles, new_comments, new_warnings = _documents_to_rows(result, row, settings, rules)
        if not new_articles:
            out["rejections"].append((result.file,
                                      "empty after cleaning: only page furniture (tags, share lines, captions)"))
            continue
        out["warnings"] += new_warnings
        out["articles"] += new_articles
        out["comments"] += new_comments
    return out


def _read_all(work: list[tuple[InputFile, dict | None]], settings: config.Settings, rules, cache: dict | None,
              config_key: str, mapper=None, file_index: dict | None = None,
              fresh_index: dict | None = None) -> list[dict]:
    """Results for every (file, manifest row), from the cache where the file is unchanged;
    ``mapper(function, argument_tuples)`` may spread the rest over worker processes."""
    results: list[dict | None] = []
    todo: list[tuple[int, tuple]] = []
    for index, (item, row) in enumerate(work):
        key, data = _fingerprint(item, row, settings, config_key, cache, file_index, fresh_index)
        if key and key in cache:
            results.append(cache[key])
            continue
        results.append(None)
        if data is None and mapper is not None and not _too_large(item, settings):
            try:  # workers on other machines cannot read this machine's files: send the bytes
                data = item.path.read_bytes()
            except OSError:
                data = None
        todo.append((index, (item.path, item.name, row, data, key, settings, rules)))
    if mapper is not None and len(todo) > 1:
        computed = mapper(read_and_clean, [args for _, args in todo])
    else:
        computed = [read_and_clean(*args) for _, args in progress.each(todo, "Reading", unit="file")]
    for (index, _), result in zip(todo, computed):
        results[index] = result
    return results


def ingest(inputs: list[Path] | None = None, manifest: Path | None = None,
           settings: config.Settings | None = None, cache: dict | None = None, mapper=None,
           file_index: dict | None = None) -> Corpus:
    """Read every input into articles, comments and rejections. Nothing is lost: each file
    ends up with at least one article row or a rejection row. ``cache`` (a dict, filled in
    place) keeps each file's result so that unchanged files are not cleaned again;
    ``file_index`` (a dict, filled in place; used with ``cache``) keeps each file's stat and
    digest so that unchanged files are not even read."""
    settings = settings or config.load_settings()
    rules = cleaning.load_rules()
    explicit = inputs is not None
    files, manifests, rejections = discover([Path(p) for p in inputs] if explicit else paths.default_inputs(),
                                            required=explicit)
    external = _external_manifest(manifest, settings)
    if external is not None:
        # the same file given with --manifest and found in the folder is one manifest
        manifests = [m for m in manifests if m.path.resolve() != external.path.resolve()]
    all_manifests = manifests + ([external] if external else [])
    warnings: list[str] = [w for m in all_manifests for w in m.warnings]
    rejections += [r for m in all_manifests for r in m.rejections]
    used: set[tuple[int, str]] = set()
    work = []
    for item in files:
        row, bad_date = _manifest_row(item, manifests, external, used)
        if bad_date:
            rejections.append(Rejection(item.name, bad_date))
        else:
            work.append((item, row))
    # (a cached file is reused only if cleaned by the same rules and the same code)
    config_key = config.step_config_hash("ingest") + ":" + provenance.code_digest("ingest")
    fresh_index: dict[str, tuple] = {}
    results = _read_all(work, settings, rules, cache, config_key, mapper, file_index, fresh_index)
    _replace(cache, {result["key"]: result for result in results if result.get("key")})
    _replace(file_index, fresh_index)
    articles, comments = _unique_articles(results, rejections, warnings)
    rejections += _rows_naming_no_file(all_manifests, external, files)
    warnings += [f"rejected {r.file}: {r.reason}" for r in rejections]
    return Corpus(
        articles=pd.DataFrame(articles, columns=ARTICLE_COLUMNS),
        comments=pd.DataFrame(comments, columns=COMMENT_COLUMNS),
        rejected=pd.DataFrame([{"file": r.file, "reason": r.reason} for r in rejections], columns=REJECTED_COLUMNS),
        warnings=warnings,
    )


def _external_manifest(manifest: Path | None, settings: config.Settings) -> Manifest | None:
    """The manifest given with ``--manifest`` (it may live outside the corpus folder)."""
    if not manifest:
        return None
    external = read_manifest(Path(manifest), base=Path(manifest).parent,
                             dayfirst=settings.ingest.get("dayfirst_dates", True))
    if not Path(manifest).exists():
        raise InputError(f"{manifest}: manifest not found")
    return external


def _replace(target: dict | None, entries: dict) -> None:
    """Make the caller's dict (a cache, an index) hold exactly ``entries``."""
    if target is not None:
        target.clear()
        target.update(entries)


def _unique_articles(results: list[dict], rejections: list[Rejection],
                     warnings: list[str]) -> tuple[list[dict], list[dict]]:
    """The articles and comments of every file's result, each article once: an exact duplicate
    (the same cleaned text) is rejected, naming the file it repeats."""
    articles: list[dict] = []
    comments: list[dict] = []
    seen: dict[str, str] = {}
    for result in results:
        rejections += [Rejection(f, r) for f, r in result["rejections"]]
        warnings += result["warnings"]
        for article in result["articles"]:
            first = seen.get(article["article_id"])
            if first is not None:
                rejections.append(Rejection(article["file"],
                                            f"exact duplicate of {first} (same cleaned text); analysed once"))
                continue
            seen[article["article_id"]] = article["file"]
            articles.append(article)
            comments += [c for c in result["comments"] if c["article_id"] == article["article_id"]]
    return articles, comments


def _rows_naming_no_file(manifests: list[Manifest], external: Manifest | None,
                         files: list[InputFile]) -> list[Rejection]:
    """A rejection for each manifest row that names a file not in the corpus folder."""
    names_given = {item.name for item in files} | {item.basename for item in files} | {item.stem for item in files}
    resolved_files = {item.absolute() for item in files}
    out = []
    for m in manifests:
        base = m.resolved_base()
        for key, number in list(m.row_numbers.items()) + [(k, 0) for k in m.bad_dates if k not in m.row_numbers]:
            # keys never climb out of their folder (such rows were rejected), so joining is enough
            exists = os.path.join(base, key) in resolved_files or (m is external and key in names_given)
            if not exists:
                where = f"{m.path.name} row {number}" if number else m.path.name
                out.append(Rejection(key, f"{where} names a file that is not in the corpus folder"))
    return out
