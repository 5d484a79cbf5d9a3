"""Which exported files are current, so that a re-run rewrites only what changed.

An :class:`OutputRecord` (a JSON file in the output folder) keeps, for each file written, the
*signature* of what it was made from and the file's stat (size, mtime, inode) right after it was
written. A file whose signature is the one the run would write and whose stat is unchanged holds
exactly what writing it again would give (tables and charts are deterministic functions of what
the signature covers), so it is left as it is; a file touched, replaced or removed since, or
written by a run that was killed before recording it, is written again. The record is saved
after the files, with a write-then-rename.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pandas as pd


def frame_digest(frame: pd.DataFrame) -> str:
    """A digest of a table: its column names and types, its length and every value, in order."""
    digest = hashlib.sha256(json.dumps([[str(c) for c in frame.columns], [str(t) for t in frame.dtypes],
                                        len(frame)]).encode())
    if len(frame) and len(frame.columns):
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def source_digest(*files: Path) -> str:
    """A digest of files' bytes (code, style, settings): what else an output depends on."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(Path(path).name).encode() + b"\0")
        digest.update(Path(path).read_bytes() if Path(path).exists() else b"-")
    return digest.hexdigest()


def combine(*parts: str) -> str:
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def file_stat(path: Path) -> list | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


class OutputRecord:
    """``{file: [signature, stat]}`` for the files of one folder (see the module's docstring)."""

    def __init__(self, folder: Path, name: str = ".outputs.json"):
        self.dir = Path(folder)
        self.path = self.dir / name
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        self.entries: dict[str, list] = loaded if isinstance(loaded, dict) else {}
        self._saved = dict(self.entries)

    def current(self, files: list[str], signature: str) -> bool:
        """Do all ``files`` hold what ``signature`` describes (recorded so, and untouched since)?"""
        for file in files:
            known = self.entries.get(file)
            if not (isinstance(known, list) and len(known) == 2 and known[0] == signature
                    and known[1] == file_stat(self.dir / file)):
                return False
        return True

    def mark(self, files: list[str], signature: str) -> None:
        """Record ``files`` as just written from ``signature`` (their stat is taken now)."""
        for file in files:
            stat = file_stat(self.dir / file)
            if stat is None:
                self.entries.pop(file, None)
            else:
                self.entries[file] = [signature, stat]

    def forget(self, files: list[str]) -> None:
        for file in files:
            self.entries.pop(file, None)

    def save(self) -> None:
        if self.entries == self._saved:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.tmp")
        temporary.write_text(json.dumps(self.entries, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.path)
        self._saved = dict(self.entries)
