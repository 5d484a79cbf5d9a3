"""What the attribution components share for one document.

:class:`AttributionContext` holds a document's layers that attribution reads, the lexicon, a
:class:`~helpers.speech.resolver.Resolver` over the document's mentions and cues, and the
statements made so far: the document's own ``statements`` list, to which :meth:`add` appends (and
records who spoke, in ``doc.spoken``, for the pronouns that follow). The quotation frames, reported
speech, nested reports and the writer's voice are separate objects given this context, rather
than one class and its mixins sharing ``self``.
"""

from __future__ import annotations

import re

from ..doc import Statement
from ..text.vocabulary import load_vocabulary
from .cues import Cue
from .grammar import grammar_of
from .resolver import Attribution, Resolver

_WORDS = re.compile(r"[A-Za-z0-9][\w'-]*")


class AttributionContext:
    """One document's attribution state (see the module's docstring)."""

    def __init__(self, doc, lexicon, settings: dict):
        self.doc = doc
        self.text, self.norm = doc.text, doc.norm
        self.lx = lexicon
        self.vocabulary = lexicon.vocabulary or load_vocabulary()
        self.grammar = grammar_of(self.vocabulary)
        self.paragraphs, self.sentences = doc.paragraphs, doc.sentences
        if doc.statements is None:
            doc.statements = []
        self.statements: list[Statement] = doc.statements
        self.resolver = Resolver.for_doc(doc, lexicon)
        self.min_words = int(settings.get("min_words_without_cue", 6))
        self.continuation_paragraphs = int(settings.get("continuation_paragraphs", 2))

    def sentence_span(self, start: int, end: int) -> tuple[int, int]:
        first = self.resolver.sentence_at(start)
        last = self.resolver.sentence_at(max(start, end - 1))
        return (first.start if first else start, last.end if last else end)

    def add(self, start: int, end: int, quote_type: str, attribution: Attribution | None, region: int,
             nested_in: Statement | None = None) -> Statement | None:
        while start < end and (self.norm[start].isspace() or self.norm[start] in ",:;-"):
            start += 1
        while end > start and (self.norm[end - 1].isspace() or self.norm[end - 1] in ",:;-"):
            end -= 1
        if end <= start or not _WORDS.search(self.norm[start:end]):
            return None
        if attribution is None:
            attribution = Attribution("unknown", "unknown", "", "", "", 0.2, "none")
        context = self.sentence_span(start, end)
        statement = Statement(start, end, quote_type, attribution.speaker, attribution.speaker_kind,
                              attribution.mention, attribution.cue, attribution.confidence, attribution.method,
                              region, context[0], context[1], nested_in, attribution.cue_pos)
        self.statements.append(statement)
        if quote_type not in ("narration", "comment"):
            self.resolver.record(start, attribution.speaker, attribution.speaker_kind)
        return statement

    def previous_speaker(self, pos: int, region: int) -> Attribution | None:
        """The speaker of the last statement shortly before ``pos`` (a continued quotation)."""
        para_index = next((p.index for p in self.paragraphs if p.start <= pos <= p.end), None)
        for statement in reversed(self.statements):
            if statement.start >= pos or statement.quote_type in ("narration", "comment") or statement.region != region:
                continue
            if statement.nested_in is not None or statement.speaker_kind == "unknown":
                continue
            stmt_para = next((p.index for p in self.paragraphs if p.start <= statement.start <= p.end), None)
            if para_index is not None and stmt_para is not None and \
                    para_index - stmt_para > self.continuation_paragraphs:
                return None
            return Attribution(statement.speaker, statement.speaker_kind, statement.speaker_mention, "",
                               statement.quote_type, round(min(statement.confidence, 0.9) * 0.8, 3), "continuation")
        return None

    def attribution_from(self, subject, cue: Cue, allow_quoted_after: int | None = None) -> Attribution | None:
        speaker, kind, confidence, method = self.resolver.speaker_of(subject, allow_quoted_after)
        if not speaker:
            return None
        return Attribution(speaker, kind, subject.surface, self.norm[cue.start:cue.end], cue.verb.kind,
                           round(confidence, 3), method, cue.start)

    def claimed(self, start: int) -> bool:
        """Is there already a (non-narration) statement covering ``start``? Statements are made in
        text order, so only the most recent ones can."""
        return any(s.start <= start + 3 and start < s.end and s.quote_type != "narration"
                   for s in self.statements[-40:])
