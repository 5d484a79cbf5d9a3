"""A fingerprint of everything an ``analyze`` run reads, so that a re-run with nothing new can
stop before importing pandas (the import alone costs more than the rest of such a run).

After a successful run with a store, ``last_run.json`` in the store folder records the run's
options and the (size, mtime, inode, change time) of every file it could have read: the input folders and
manifest, the configuration folder, the corrections file, the package's source, the store and
the output folder. A later run with the same options whose files all stat the same has nothing
to do: it reports so, rewrites ``run_report.json`` and ``run_log.txt``, and exits. Anything
else -- one file touched, added or removed, other options, a file modified within two seconds
before the stats were taken (its timestamp cannot yet be trusted, as in git's "racily clean"
rule) -- takes the normal path, which decides from content hashes what to recompute. The stats
of what a run reads are taken as it starts, so a file edited while a run is under way is seen
by the next one.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from .. import paths

SNAPSHOT_NAME = "last_run.json"
#: Written by every run (so not part of what a run reads), or by this module itself.
_NOT_INPUTS = frozenset({SNAPSHOT_NAME, "run_log.txt", "run_report.json", "error.log"})
_RACY_NS = 2_000_000_000


def _tree(path: Path, skip: frozenset[str] = frozenset()) -> list:
    """[path, size, mtime_ns, inode, ctime_ns] for ``path`` or every file below it (sorted; no
    bytecode, and no directory times: writing a report into a folder must not look like a new
    input). The change time is the kernel's own: a file rewritten with its old modification time
    put back (``cp -p``, ``touch -d``) still shows a new one."""
    try:
        st = os.stat(path)
    except OSError:
        return [[str(path), None]]
    if not os.path.isdir(path):
        return [[str(path), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]]
    out = []
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and os.path.abspath(os.path.join(root, d)) not in skip)
        for name in sorted(files):
            if name in _NOT_INPUTS or name.endswith(".pyc"):
                continue
            full = os.path.join(root, name)
            try:
                st = os.lstat(full)
            except OSError:
                continue
            out.append([full, st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns])
    return out


def _options(args) -> tuple[dict, list[Path]]:
    inputs = [Path(p) for p in args.paths] if args.paths else paths.default_inputs()
    read = [*inputs, paths.DATA_DIR, paths.CORRECTIONS_FILE, paths.PACKAGE_DIR]
    if args.manifest:
        read.append(Path(args.manifest))
    if getattr(args, "targets", None):
        read.append(Path(args.targets))
    options = {"paths": [str(p.resolve()) for p in inputs],
               "manifest": args.manifest and str(Path(args.manifest).resolve()),
               "store": str(Path(args.store).resolve()), "out": str(Path(args.out).resolve()),
               "no_charts": args.no_charts, "chart_formats": args.chart_formats,
               "targets": getattr(args, "targets", None) and str(Path(args.targets).resolve())}
    return options, read


def _read_stats(args, read: list[Path]) -> list:
    # (the store and the output folder may live inside the configuration folder: data/processed)
    written = frozenset(os.path.abspath(p) for p in (args.store, args.out))
    return [_tree(p, written) for p in read]


def _newest(trees: list) -> int:
    """The latest modification time (an edit within the file system's timestamp resolution of it
    may leave the stat as it was; the change time, compared exactly, covers a time put back)."""
    return max((entry[2] for tree in trees for entry in tree if len(entry) > 2), default=0)


class Snapshot:
    """The stats of what a run reads, taken as it starts (:func:`take`)."""

    def __init__(self, args):
        self.args = args
        self.taken_ns = time.time_ns()
        self.options, read = _options(args)
        self.read = _read_stats(args, read)

    def fingerprint(self) -> dict:
        """What the run reads (as it started) and what runs write (as it is now: a store or an
        output someone else changed is news too), as stats; no file is opened."""
        return {"options": self.options, "read": self.read,
                "written": [_tree(Path(self.args.store)), _tree(Path(self.args.out))]}

    def unchanged(self) -> dict | None:
        """What the last run reported (``{"report", "warnings", "corrections"}``) when nothing a
        run reads has changed since, else None."""
        if self.args.no_store or self.args.engine != "local":
            return None
        try:
            saved = json.loads((Path(self.args.store) / SNAPSHOT_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        now = self.fingerprint()
        if now != saved.get("fingerprint") or _newest(now["read"]) > saved.get("taken_ns", 0) - _RACY_NS:
            return None  # (an input modified just before the recording may change again within its mtime tick)
        return saved.get("report")

    def record(self, finished: dict) -> None:
        """Remember a successful run's report (``{"report", "warnings", "corrections"}``); written
        last, so that an interrupted run leaves no record. What the run read is recorded as it was
        when the run started (and under that time: a file changed since then, or within two seconds
        before, makes the next run look again); what it wrote, as it is now."""
        if self.args.no_store or self.args.engine != "local":
            return
        snapshot = {"taken_ns": self.taken_ns, "report": finished, "fingerprint": self.fingerprint()}
        target = Path(self.args.store) / SNAPSHOT_NAME
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(snapshot), encoding="utf-8")
        os.replace(temporary, target)


def take(args) -> Snapshot:
    """The stats of what a run with these options reads, as it starts."""
    return Snapshot(args)
