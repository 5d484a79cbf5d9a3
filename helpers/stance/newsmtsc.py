"""Reading NewsMTSC (../shared/newsmtsc/): one example per (sentence, target) with the target's
mentions, the other targets' mentions and the gold label.

Each line of a NewsMTSC file is a sentence (``sentence_normalized``) with its targets; a target has
the character span of its main mention (``from``, ``to``), optional ``further_mentions`` (spans of
the same target found by coreference) and ``polarity``: 2.0 negative, 4.0 neutral, 6.0 positive.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
CLASSES = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class Example:
    text: str
    target_spans: tuple[tuple[int, int], ...]  # the main mention first
    other_spans: tuple[tuple[int, int], ...]
    label: str
    mention: str
    article: str  # sentences of one article share it: cross-validation keeps them in one fold


def _spans(target: dict, main_mentions: tuple[tuple[int, int], ...] = ()) -> tuple[tuple[int, int], ...]:
    """The target's main mention, then its coreferent mentions except those that overlap a main mention
    (the coreference tool's spans sometimes swallow the name and the words after it: "Donald Trump over
    Hillary Clinton")."""
    further = tuple((m["from"], m["to"]) for m in target.get("further_mentions") or ()
                    if not any(m["from"] < e and s < m["to"] for s, e in main_mentions))
    return ((target["from"], target["to"]),) + further


def article_of(gid: str) -> str:
    """``allsides_1000_401_25_Reality Leigh Winner_0_6`` -> ``allsides_1000_401`` (source, article ids)."""
    return "_".join(gid.split("_")[:3])


def read(path: Path | str) -> list[Example]:
    out = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            text, targets = row["sentence_normalized"], row["targets"]
            main_mentions = tuple((t["from"], t["to"]) for t in targets)
            for target in targets:
                others = tuple(span for other in targets if other is not target
                               for span in _spans(other, main_mentions))
                out.append(Example(text, _spans(target, main_mentions), others, LABELS[float(target["polarity"])],
                                   target.get("mention", ""), article_of(row.get("primary_gid", ""))))
    return out
