"""PolNeAR's annotation files (BRAT standoff): each attribution event's roles and their spans.

A ``T`` line is a text span ("T3<TAB>Source 120 131;140 145<TAB>..."), an ``E`` line an event naming
its roles by span id ("E1<TAB>Attribution:T1 Source:T3 Cue:T2 Content:T4"); role names lose a
trailing number ("Source2" is a Source)."""

from __future__ import annotations

import re
from pathlib import Path

Spans = list[tuple[int, int]]


def attribution_events(path: Path) -> list[dict[str, Spans]]:
    """For each event of ``path``, in file order: role ("Content", "Source", "Cue" ...) -> its spans."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if line.startswith("T") and " " in parts[1]:
            offsets = parts[1].split(" ", 1)[1]
            pieces = (p.split() for p in offsets.split(";"))
            spans[parts[0]] = [(int(a), int(b)) for a, b in (p for p in pieces if len(p) == 2)]
        elif line.startswith("E"):
            roles = {}
            for item in parts[1].split():
                if ":" in item:
                    role, span_id = item.split(":", 1)
                    roles[re.sub(r"\d+$", "", role)] = span_id
            events.append(roles)
    return [{role: spans.get(span_id, []) for role, span_id in roles.items()} for roles in events]
