"""Component ``cues``: the reporting verbs of an article that are used as verbs.

The phrase layer holds every word of ``data/cue_verbs.csv`` ("said", "claims", "reports"...).
Many of them are nouns as often as verbs: "his claims", "two reports", "the former mayor's
comments were", "a report released last year found", or a word of a title-case headline
("Flynn Says Trump Is Right" is a verb there, "Wayne State University" is not). A :class:`Cue`
is a hit the tests below keep.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .lexicon import CueVerb

_WORDS = re.compile(r"[A-Za-z0-9][\w'-]*")
_SMALL = {"a", "an", "the", "of", "and", "in", "on", "for", "to", "at", "by", "or", "with", "from", "not", "&"}
#: a number word or figure right before a word ("Twenty-seven states", "two reports")
_NUMBER_BEFORE = re.compile(r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                            r"forty|fifty|hundreds|thousands|dozens|several|many|both|all)(?:-\w+)?\s+$", re.IGNORECASE)
_EVIDENCE_NOUN_BEFORE = re.compile(r"\b(?:report|reports|poll|polls|survey|study|studies|data|analysis|statement|"
                                   r"document|documents|memo|letter|video|figures|results|paper|audit|review)\s+$",
                                   re.IGNORECASE)
_PARTICIPLES = frozenset({"released", "published", "issued", "obtained", "commissioned", "conducted"})
_POSSESSIVE_BEFORE = re.compile(r"(?:'s|\b(?:the|his|her|their|its|these|those|my|our|your))\s+$", re.IGNORECASE)
_LATER_FINDING = re.compile(r"\s+(?:(?:released|published|issued|out|commissioned|written)\s+[^,.;:\"]{0,40}?)?"
                            r"(?:found|finds|shows|showed|says|said|concluded|concludes|suggests|suggested|warns|warned)\b")
_NOUN_START_BEFORE = re.compile(r"\b(?:[A-Z]\w*|the|a|an)\s+$")
_LAST_WORD = re.compile(r"(\S+)\s+$")
_AND_DETERMINER_AFTER = re.compile(r"\s+(?:and|or)\s+(?:a|an|the|other|many|several)\b")
_AUXILIARY_AFTER = re.compile(r"\s+(?:was|is|were|are|has|had|have|did|does|will|would|could|can|may|might|should|must)\b")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|his|her|their|its|my|our|your|a|an|this|that)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_PERSONAL_PRONOUNS = frozenset("he she they it we i who which that".split())


@dataclass
class Cue:
    """A reporting verb in the text: where it is, the verb (its lemma, kind, whether it reports a
    clause and takes an object), and whether an -ing form is finite ("is warning")."""

    start: int
    end: int
    verb: CueVerb
    progressive: bool = False  # "is warning": an -ing form after a form of "be" is finite

    @property
    def nonfinite(self) -> bool:
        return self.verb.form.endswith("ing") and not self.progressive


class CueFinder:
    """Component ``cues``: :class:`Cue` records for the phrase layer's "cue" hits used as verbs."""

    name = "cues"
    provides = "cues"

    def __call__(self, doc) -> None:
        tests = _VerbTests(doc)
        hits = doc.hits["cue"]
        cue_starts = {h.start for h in hits}
        doc.cues = [Cue(h.start, h.end, h.payload, tests.progressive(h.start, h.payload))
                    for h in hits if tests.verbal(h.start, h.end, cue_starts)]


class _VerbTests:
    """Is a cue word of one document a verb here, and is an -ing form finite?"""

    def __init__(self, doc):
        self.norm, self.sentences = doc.norm, doc.sentences
        self._sentence_starts = [s.start for s in doc.sentences]

    _BE_BEFORE = re.compile(r"\b(?:is|are|was|were|am|been|'s|'re|isn't|aren't|wasn't|weren't)\s+(?:(?:also|now|still|already|increasingly|"
                            r"publicly|not)\s+)?$", re.IGNORECASE)

    def progressive(self, start: int, verb) -> bool:
        """"Clinton is warning that ...": an -ing cue after a form of "be" reports, as "warns" does."""
        return verb.form.endswith("ing") and bool(self._BE_BEFORE.search(self.norm[max(0, start - 30):start]))

    def verbal(self, start: int, end: int, cue_starts: set[int]) -> bool:
        """Is this cue word used as a verb? Not in "the state's budget" (a possessive noun), not
        before the verb ("an analysis of filed reports shows"), nor inside a name ("Wayne State
        University") unless the whole line is in title case. (Cheap tests first: this runs for
        every cue word of every article.)"""
        norm = self.norm
        if norm[end:end + 2] == "'s":
            return False
        plural = norm[end - 1] == "s"
        lower = norm[start].islower()
        before = norm[max(0, start - 30):start]
        if plural and _POSSESSIVE_BEFORE.search(before):
            return False  # "the former mayor's comments were ...", "his claims": a noun
        word = norm[start:end]
        if word in _PARTICIPLES and _EVIDENCE_NOUN_BEFORE.search(before):
            return False  # "A report released last year found": the participle describes the report
        if plural and _NUMBER_BEFORE.search(before):
            return False  # "Twenty-seven states led by ...", "two reports": a counted noun
        if lower and not (plural or word.endswith(("ed", "ing"))):
            later = _LATER_FINDING.match(norm, end, end + 60)
            if later and _NOUN_START_BEFORE.search(before):
                return False  # "A Government Accountability Office report released last year found": a noun
        if plural and norm[end:end + 4] == " of " and word not in ("says", "tells", "writes"):
            previous = _LAST_WORD.search(before)
            if previous is None or (previous.group(1).islower() and previous.group(1).lower() not in _PERSONAL_PRONOUNS):
                return False  # "initial reports of the explosion": a noun
        if plural and lower and _AND_DETERMINER_AFTER.match(norm, end, end + 16):
            return False  # "tax and budget issues and an associate professor": a plural noun
        if _AUXILIARY_AFTER.match(norm, end, end + 8) and _DETERMINER_BEFORE.search(before):
            return False  # "his rubble comment was ...": the subject is a noun, the verb comes after
        if plural and lower and norm[end:end + 1] == " ":
            following = len(norm[end:end + 3]) - len(norm[end:end + 3].lstrip(" "))
            if end + following in cue_starts and word not in ("says", "tells", "adds", "insists", "argues"):
                return False  # a plural noun before the verb
        if not norm[start].isupper():
            return True
        sentence = self.sentence_containing(start)
        if sentence is None or sentence.start == start:
            return True
        content = [w for w in _WORDS.findall(norm[sentence.start:sentence.end]) if w.lower() not in _SMALL]
        lower_words = sum(1 for w in content if not (w[0].isupper() or w[0].isdigit()))
        return lower_words <= 0.05 * len(content)  # a headline in title case: "Flynn Says Trump Is Right"

    def sentence_containing(self, pos: int):
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        return self.sentences[i] if i >= 0 else None
