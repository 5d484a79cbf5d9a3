"""The workbench's reading of sentences whose targets are given (NewsMTSC's annotated mentions).

Each sentence is analysed as a one-sentence article, as ``analyze`` would analyse it (statements,
then the stance step), with each annotated mention made a target of its own (named by its words).
The reading of a target is the stance row of the statement holding its main mention: its sentiment
toward the target and its stance; a target the workbench does not see there is read as neutral.
"""

from __future__ import annotations

from .. import config, stance_step, statement_step
from ..doc import Doc
from .target_sentiment import TargetSentimentModel
from .targets import make_target


def readings(examples, model: TargetSentimentModel) -> list[tuple[str, str]]:
    """(sentiment, stance) for each example (a :class:`helpers.stance.newsmtsc.Example`)."""
    statements = statement_step.build(config.load_settings().extraction)
    by_sentence: dict[str, list[int]] = {}
    for i, example in enumerate(examples):
        by_sentence.setdefault(example.text, []).append(i)
    out: list[tuple[str, str]] = [("neutral", "neutral")] * len(examples)
    for text, indexes in by_sentence.items():
        # (each target named by its mention's words: two mentions with the same words are one target)
        names = {i: examples[i].mention.strip() for i in indexes}
        targets = tuple(make_target(name) for name in dict.fromkeys(names.values()))
        doc = stance_step.build(targets, model)(statements(Doc.from_text(text)))
        for i in indexes:
            start, end = examples[i].target_spans[0]
            rows = [s for s in doc.stances if s.target == names[i]
                    and s.statement.start <= start and end <= s.statement.end + 1]
            rows = rows or [s for s in doc.stances if s.target == names[i]]
            if rows:
                out[i] = (rows[0].sentiment or "neutral", rows[0].stance)
    return out
