"""A fingerprint of everything an ``analyze`` run reads, so that a re-run with nothing new can
stop before importing pandas (the import alone costs more than the rest of such a run).

After a successful run with a store, ``last_run.json`` in the store folder records the run's
options and the (size, mtime, inode) of every file it could have read: the input folders and
manifest, the configuration folder, the corrections file, the package's source, the store and
the output folder. A later run with the same options whose files all stat the same has nothing
to do: it reports so, rewrites ``run_report.json`` and ``run_log.txt``, and exits. Anything
else -- one file touched, added or removed, other options, a file modified within two seconds
of the recording (its timestamp cannot yet be trusted, as in git's "racily clean" rule) --
takes the normal path, which decides from content hashes what to recompute.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from . import paths

SNAPSHOT_NAME = "last_run.json"
#: Written by every run (so not part of what a run reads), or by this module itself.
_NOT_INPUTS = frozenset({SNAPSHOT_NAME, "run_log.txt", "run_report.json", "error.log"})
_RACY_NS = 2_000_000_000


def _tree(path: Path, skip: frozenset[str] = frozenset()) -> list:
    """[path, size, mtime_ns, inode] for ``path`` or every file below it (sorted; no bytecode, and
    no directory times: writing a report into a folder must not look like a new input)."""
    try:
        st = os.stat(path)
    except OSError:
        return [[str(path), None]]
    if not os.path.isdir(path):
        return [[str(path), st.st_size, st.st_mtime_ns, st.st_ino]]
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
            out.append([full, st.st_size, st.st_mtime_ns, st.st_ino])
    return out


def fingerprint(args) -> dict:
    """What a run with these options reads, as stats (no file is opened)."""
    inputs = [Path(p) for p in args.paths] if args.paths else paths.default_inputs()
    read = [*inputs, paths.DATA_DIR, paths.CORRECTIONS_FILE, paths.PACKAGE_DIR]
    if args.manifest:
        read.append(Path(args.manifest))
    options = {"paths": [str(p.resolve()) for p in inputs], "manifest": args.manifest and str(Path(args.manifest).resolve()),
               "store": str(Path(args.store).resolve()), "out": str(Path(args.out).resolve()),
               "no_charts": args.no_charts, "chart_formats": args.chart_formats}
    # what the run reads, and what it wrote (a store or an output someone else changed is news too)
    # (the store and the output folder may live inside the configuration folder: data/processed)
    written = frozenset(os.path.abspath(p) for p in (args.store, args.out))
    return {"options": options, "read": [_tree(p, written) for p in read],
            "written": [_tree(Path(args.store)), _tree(Path(args.out))]}


def _newest(trees: list) -> int:
    return max((entry[2] for tree in trees for entry in tree if len(entry) > 2), default=0)


def unchanged_since_last_run(args) -> dict | None:
    """What the last run reported (``{"report", "warnings", "corrections"}``) when nothing a run
    reads has changed since, else None."""
    if args.no_store or args.engine != "local":
        return None
    try:
        saved = json.loads((Path(args.store) / SNAPSHOT_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    now = fingerprint(args)
    if now != saved.get("fingerprint") or _newest(now["read"]) > saved.get("taken_ns", 0) - _RACY_NS:
        return None  # (an input modified just before the recording may change again within its mtime tick)
    return saved.get("report")


def record(args, finished: dict) -> None:
    """Remember a successful run's report (``{"report", "warnings", "corrections"}``); written last,
    so that an interrupted run leaves no record."""
    if args.no_store or args.engine != "local":
        return
    taken = time.time_ns()
    snapshot = {"taken_ns": taken, "fingerprint": fingerprint(args), "report": finished}
    target = Path(args.store) / SNAPSHOT_NAME
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(snapshot), encoding="utf-8")
    os.replace(temporary, target)


