"""A run's warnings grouped by kind, for the screen: each kind once, with its count and one example
("357 articles have no publication date — e.g. synth_00001.txt"); every line stays in
``run_log.txt``.

A warning is ``SUBJECT: MESSAGE``: an article's file (``a.txt (part 2): ...``), a manifest's
row (``manifest.csv row 7: ...``), a rejected input (``rejected a.txt: REASON``) or a file as a
whole. Its kind is the message up to its first colon or semicolon, with what differs from one warning of the
kind to the next (quoted words, numbers, file names) left out. Pure Python: the command prints
these without importing pandas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_REJECTED = re.compile(r"^rejected (?P<subject>.+?): (?P<message>.+)$", re.DOTALL)
_ROW = re.compile(r"^(?P<file>.+?) row \d+$")
_ARTICLE = re.compile(r"^(?P<subject>[^:]+?): (?P<message>.+)$", re.DOTALL)
#: What varies inside one kind of message: quoted words, file names, numbers.
_VARIABLE = re.compile(r"'[^']*'|\"[^\"]*\"|\S+\.(?:txt|md|html?|csv|jsonl|parquet)\b|\b\d+(?:[.,]\d+)*\b")


@dataclass
class WarningGroup:
    noun: str      # what is counted: "articles", "inputs rejected", "rows of manifest.csv"
    kind: str      # what they have in common
    count: int
    example: str   # the subject of the first one
    first: str     # the first warning of the kind, in full

    def sentence(self, log_name: str = "run_log.txt") -> str:
        if self.count == 1:
            return self.first
        if self.noun == "articles" and self.kind.startswith("no "):
            return f"{self.count} articles have {self.kind} — e.g. {self.example}; all in {log_name}"
        return f"{self.count} {self.noun}: {self.kind} — e.g. {self.example}; all in {log_name}"


def _kind(message: str) -> str:
    head = re.split(r": |; ", message, maxsplit=1)[0].strip()
    return re.sub(r"\s+", " ", _VARIABLE.sub("…", head)).strip()


def _classify(line: str) -> tuple[str, str, str]:
    """(noun, kind, subject) of one warning."""
    if m := _REJECTED.match(line):
        return "inputs rejected", _kind(m["message"]), m["subject"]
    if m := _ARTICLE.match(line):
        subject, message = m["subject"], m["message"]
        if row := _ROW.match(subject):
            return f"rows of {row['file']}", _kind(message), subject
        return "articles", _kind(message), subject
    return "warnings", _kind(line), line


def group(warnings: list[str]) -> list[WarningGroup]:
    """The warnings by kind, in the order each kind first appears."""
    groups: dict[tuple[str, str], WarningGroup] = {}
    for line in warnings:
        noun, kind, subject = _classify(line)
        found = groups.setdefault((noun, kind), WarningGroup(noun, kind, 0, subject, line))
        found.count += 1
    return list(groups.values())


def summary(warnings: list[str], log_name: str = "run_log.txt", limit: int = 15) -> list[str]:
    """Lines to print: one per kind of warning (the ``limit`` first kinds), then how many more."""
    groups = group(warnings)
    lines = [g.sentence(log_name) for g in groups[:limit]]
    if len(groups) > limit:
        rest = sum(g.count for g in groups[limit:])
        lines.append(f"{rest} more warnings of {len(groups) - limit} other kinds; all in {log_name}")
    return lines
