"""Component ``nested_reports``: reports inside a statement are the inner speaker's too.

"Clinton said Trump is promising to ...": the clause after "Trump is promising" is Trump's, a
statement nested in Clinton's, as a quotation inside a quotation is.
"""

from __future__ import annotations

import re

from .context import AttributionContext
from .grammar import word_count
from .reported_speech import ReportedSpeech


class NestedReports:
    """Component ``nested_reports`` (see the module's docstring)."""

    name = "nested_reports"
    provides = "-"  # (it adds to the statements layer)

    def __init__(self, lexicon):
        self.lexicon = lexicon

    # verbs taking a clause ("told me that ..."), not an object ("congratulates Mr Galloway")
    _NESTED_KINDS = ("speech", "writing", "belief", "evidence", "reply")

    #: what stands before a new subject inside a statement: punctuation, a dash or a conjunction
    _CLAUSE_LEAD = r"(?:\b(?:{clauses.words_before_new_subject})|[,;:.!?]|[.!?]\s*[\"']|\s-{1,2})\s*$"

    def __call__(self, doc) -> None:
        """Reports inside a statement ("Clinton said Trump is promising to ...", "...; the Tax
        Foundation puts the figure at ..."): the inner clause is also the inner speaker's,
        recorded as a statement nested in the outer one, as nested quotations are."""
        ctx = AttributionContext(doc, self.lexicon, {})
        self.ctx, self.norm, self.resolver, self.statements = ctx, ctx.norm, ctx.resolver, ctx.statements
        self.reported = ReportedSpeech(ctx)
        clause_lead = ctx.vocabulary.compile(self._CLAUSE_LEAD, re.IGNORECASE)
        norm = self.norm
        for outer in list(self.statements):
            if outer.quote_type in ("narration", "comment") or outer.nested_in is not None or \
                    outer.end - outer.start < 30:
                continue
            for cue in self.resolver.cues_between(outer.start, outer.end):
                if cue.verb.kind not in self._NESTED_KINDS or not cue.verb.indirect or cue.nonfinite \
                        or cue.start == outer.cue_pos or self.resolver.is_passive(cue):
                    continue
                subject = self.resolver.subject_left(cue, outer.start, allow_quoted_after=outer.start)
                if subject is None or subject.kind not in ("name", "organisation", "source", "role") or \
                        subject.start < outer.start:
                    continue
                lead = norm[max(outer.start, subject.start - 12):subject.start]
                if subject.start - outer.start > 2 and not clause_lead.search(lead):
                    continue  # the name is an object inside the clause, not a new speaker's subject
                sentence = self.resolver.sentence_at(cue.start)
                if sentence is None:
                    continue
                content = self.reported.indirect_content(sentence, cue, subject, False)
                if content is None:
                    continue
                start, end = content[0], min(content[1], outer.end)
                if word_count(norm[start:end]) < 3 or start < outer.start:
                    continue
                if any(abs(other.start - start) <= 3 and other.quote_type != "narration" for other in self.statements):
                    continue  # already a statement of its own ("Police have said X, according to ...")
                attribution = self.ctx.attribution_from(subject, cue, allow_quoted_after=outer.start)
                if attribution is None or attribution.speaker == outer.speaker:
                    continue
                attribution.confidence = round(attribution.confidence * 0.85, 3)
                attribution.method += "+nested"
                self.ctx.add(start, end, "indirect", attribution, outer.region, nested_in=outer)
