"""Component ``voices``: the writer's narration and the readers' comments.

Every sentence of the body that no statement covers is the writer's own (``narration``, said by
the author, else the outlet); a sentence that reports someone's words is theirs, not the
writer's. Each sentence of a reader comment is the commenter's (``comment``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from .context import AttributionContext
from .resolver import Attribution


class Voices:
    """Component ``voices`` (see the module's docstring); the last to add statements, it leaves the
    layer in text order."""

    name = "voices"
    provides = "-"  # (it adds to the statements layer)

    def __init__(self, lexicon):
        self.lexicon = lexicon

    def __call__(self, doc) -> None:
        """Narration (body) and comment sentences not already covered by a statement."""
        ctx = AttributionContext(doc, self.lexicon, {})
        self.ctx, self.statements = ctx, ctx.statements
        self.sentences, self.paragraphs, self.handles = doc.sentences, doc.paragraphs, doc.handles
        self.narrator, self.narrator_kind = doc.narrator, doc.narrator_kind
        covered_up_to = _coverage(self.statements)
        quotations = getattr(doc, "quotations", None)
        signature_lines = {i + 1 for i in quotations.signed} if quotations is not None else set()
        for sentence in self.sentences:
            if sentence.paragraph in signature_lines:
                continue  # "— Dave Kinsella (@doorknockdave) December 13, 2019" says who wrote the post above
            region = self.paragraphs[sentence.paragraph].region
            overlap = covered_up_to(sentence.end) - covered_up_to(sentence.start)
            if region == 0 and overlap > 0:
                continue  # a sentence reporting someone's words is theirs, not the writer's voice
            if overlap > 0.3 * (sentence.end - sentence.start):
                continue
            if region == 0:
                attribution = Attribution(self.narrator, self.narrator_kind, "", "", "", 1.0, "narrator")
                self.ctx.add(sentence.start, sentence.end, "narration", attribution, 0)
            else:
                handle = self.handles.get(region, "unknown commenter")
                attribution = Attribution(handle, "commenter", handle, "", "", 1.0, "comment handle")
                self.ctx.add(sentence.start, sentence.end, "comment", attribution, region)
        # the layer in text order (statements were added as the document was read)
        self.statements.sort(key=lambda s: (s.start, s.end, s.quote_type))


def _coverage(statements) -> Callable[[int], int]:
    """How many characters before a position the statements cover (their union as sorted disjoint
    intervals, with the covered length before each)."""
    merged: list[list[int]] = []
    for s in sorted(statements, key=lambda s: s.start):
        if s.end <= s.start:
            continue
        if merged and s.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], s.end)
        else:
            merged.append([s.start, s.end])
    starts = [a for a, _ in merged]
    before = [0]
    for a, b in merged:
        before.append(before[-1] + b - a)

    def covered_up_to(pos: int) -> int:  # covered characters in [0, pos)
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return 0
        return before[i] + min(pos, merged[i][1]) - merged[i][0]

    return covered_up_to
