"""Which chart files of an output folder are current, so that an export draws only what changed.

A chart file is a deterministic function of its job (:mod:`helpers.charts.standard`), the
drawing code and the house style; ``.drawn.json`` records, for each file drawn, a signature of
all of these and the file's stat once written (:class:`helpers.store.outputs.OutputRecord`).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from .. import paths, provenance
from ..store.outputs import OutputRecord, combine, file_stat, frame_digest, source_digest
from .standard import CHART_NAMES

RECORD_NAME = ".drawn.json"


@functools.lru_cache(maxsize=1)
def _drawing_version() -> str:
    """What a chart's pixels depend on besides its arguments: the drawing code (with matplotlib's
    version) and the house style."""
    return combine(provenance.code_digest("charts"), source_digest(paths.STYLE_FILE))


def chart_signature(name: str, function: str, args: tuple, fmt: str, drawing_version: str) -> str:
    """Everything one chart file is drawn from: its name, format, drawing function and arguments
    (tables by their column names, types and every value), the drawing code and style."""
    parts = [name, fmt, function, drawing_version]
    for arg in args:
        parts.append(frame_digest(arg) if isinstance(arg, pd.DataFrame) else f"{type(arg).__name__}:{arg!r}")
    return combine(*parts)


class DrawnCharts:
    """Which chart files in ``out_dir`` are current: ``.drawn.json`` there records, for each file
    drawn, its :func:`chart_signature`, the signature of the whole view the run drew from (its
    *basis*, see :func:`helpers.pipeline.export`) and the file's stat right after it was written.
    A file whose signature (or basis) and stat are unchanged is exactly what drawing it again
    would give (the drawing is deterministic), so it is not drawn again; a file touched, replaced
    or removed since, or drawn by a run that was killed before recording it, is drawn again."""

    def __init__(self, out_dir: Path):
        self.dir = Path(out_dir)
        self.record = OutputRecord(self.dir, RECORD_NAME)  # file -> [signature, stat, basis]
        self._wanted: dict[str, str] = {}
        self._files: list[str] = []
        self._basis = ""

    def _entry_ok(self, file: str, index: int, value: str) -> bool:
        known = self.record.entries.get(file)
        return (isinstance(known, list) and len(known) == 3 and known[index] == value
                and known[1] == file_stat(self.dir / file))

    def current(self, basis: str, formats: tuple[str, ...]) -> bool:
        """Were all the standard charts in ``formats`` drawn from a view of signature ``basis``,
        and left untouched since? (Then not even their arguments need computing.)"""
        self._basis = basis = combine(basis, _drawing_version())  # (the view, and the code that draws it)
        self._files = [f"{name}.{fmt}" for name in CHART_NAMES for fmt in formats]
        return all(self._entry_ok(file, 2, basis) for file in self._files)

    def outdated(self, jobs: list[tuple[str, str, tuple]], formats: tuple[str, ...], basis: str = "") -> list[tuple]:
        """The jobs (with only their outdated formats) that must be drawn; the files of ``jobs``,
        with those of earlier calls, are what :meth:`save` will record."""
        version = _drawing_version()
        self._basis = basis = combine(basis, version) if basis else ""
        todo = []
        for name, function, args in jobs:
            stale = []
            for fmt in formats:
                file = f"{name}.{fmt}"
                if file not in self._files:
                    self._files.append(file)
                if basis and self._entry_ok(file, 2, basis):
                    self._wanted[file] = self.record.entries[file][0]
                    continue
                signature = chart_signature(name, function, args, fmt, version)
                self._wanted[file] = signature
                if not self._entry_ok(file, 0, signature):
                    stale.append(fmt)
            if stale:
                todo.append((name, function, args, tuple(stale)))
        return todo

    def paths(self) -> list[Path]:
        return [self.dir / file for file in self._files]

    def save(self) -> None:
        """Record the files of the last :meth:`outdated` call (call it once they are all drawn)."""
        for file, signature in self._wanted.items():
            stat = file_stat(self.dir / file)
            if stat is None:
                self.record.forget([file])
            else:
                self.record.entries[file] = [signature, stat, self._basis]
        self.record.save()
