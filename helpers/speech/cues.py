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

from ..text.vocabulary import Vocabulary, load_vocabulary
from .lexicon import CueVerb

_WORDS = re.compile(r"[A-Za-z0-9][\w'-]*")
_LAST_WORD = re.compile(r"(\S+)\s+$")

# The patterns, with the word lists of data/grammar_words.toml in braces (see helpers.text.vocabulary).
#: a number word or figure right before a word ("Twenty-seven states", "two reports")
_NUMBER_BEFORE = r"\b(?:\d[\d,]*|{numbers.counting})(?:-\w+)?\s+$"
#: a report or poll right before a publication participle ("A report released last year")
_EVIDENCE_NOUN_BEFORE = r"\b(?:{evidence.nouns_before_participle})\s+$"
_POSSESSIVE_BEFORE = r"(?:'s|\b(?:{determiners.possessive_before_plural}))\s+$"
#: "... report released last year found": a finding verb after a noun (and how it came out)
_LATER_FINDING = (r"\s+(?:(?:{evidence.participles_before_finding})\s+[^,.;:\"]{0,40}?)?"
                  r"(?:{evidence.finding_verbs})\b")
_NOUN_START_BEFORE = r"\b(?:[A-Z]\w*|{determiners.articles})\s+$"
_AND_DETERMINER_AFTER = r"\s+(?:and|or)\s+(?:{determiners.after_and})\b"
_AUXILIARY_AFTER = r"\s+(?:{auxiliaries.after_noun_subject})\b"
_DETERMINER_BEFORE = r"\b(?:{determiners.before_noun_subject})\s+(?:[\w-]+\s+)?$"
#: a form of "be" (and an adverb) before an -ing form: "is warning", "was also telling"
_BE_BEFORE = r"\b(?:{be.forms_before_progressive})\s+(?:(?:{be.adverbs_before_progressive})\s+)?$"


class _CuePatterns:
    """The patterns and word sets of the tests below, built from one vocabulary."""

    def __init__(self, vocabulary: Vocabulary):
        compile_ = vocabulary.compile
        self.number_before = compile_(_NUMBER_BEFORE, re.IGNORECASE)
        self.evidence_noun_before = compile_(_EVIDENCE_NOUN_BEFORE, re.IGNORECASE)
        self.possessive_before = compile_(_POSSESSIVE_BEFORE, re.IGNORECASE)
        self.later_finding = compile_(_LATER_FINDING)
        self.noun_start_before = compile_(_NOUN_START_BEFORE)
        self.and_determiner_after = compile_(_AND_DETERMINER_AFTER)
        self.auxiliary_after = compile_(_AUXILIARY_AFTER)
        self.determiner_before = compile_(_DETERMINER_BEFORE, re.IGNORECASE)
        self.be_before = compile_(_BE_BEFORE, re.IGNORECASE)
        self.participles = frozenset(vocabulary["evidence.publication_participles"])
        self.personal_pronouns = vocabulary.set("pronouns.subjects_and_relatives")
        self.small = frozenset(vocabulary["small_words.title_case"])
        self.of_plural_verbs = frozenset(vocabulary["cue_forms.plural_verbs_before_of"])
        self.plural_verbs_before_cue = frozenset(vocabulary["cue_forms.plural_verbs_before_cue"])


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

    def __init__(self, vocabulary: Vocabulary | None = None):
        self.patterns = _CuePatterns(vocabulary or load_vocabulary())

    def __call__(self, doc) -> None:
        tests = _VerbTests(doc, self.patterns)
        hits = doc.hits["cue"]
        cue_starts = {h.start for h in hits}
        doc.cues = [Cue(h.start, h.end, h.payload, tests.progressive(h.start, h.payload))
                    for h in hits if tests.verbal(h.start, h.end, cue_starts)]


class _VerbTests:
    """Is a cue word of one document a verb here, and is an -ing form finite?"""

    def __init__(self, doc, patterns: _CuePatterns):
        self.norm, self.sentences, self.p = doc.norm, doc.sentences, patterns
        self._sentence_starts = [s.start for s in doc.sentences]

    def progressive(self, start: int, verb) -> bool:
        """"Clinton is warning that ...": an -ing cue after a form of "be" reports, as "warns" does."""
        return verb.form.endswith("ing") and bool(self.p.be_before.search(self.norm[max(0, start - 30):start]))

    def verbal(self, start: int, end: int, cue_starts: set[int]) -> bool:
        """Is this cue word used as a verb? Not in "the state's budget" (a possessive noun), not
        before the verb ("an analysis of filed reports shows"), nor inside a name ("Wayne State
        University") unless the whole line is in title case. (Cheap tests first: this runs for
        every cue word of every article.)"""
        norm, p = self.norm, self.p
        if norm[end:end + 2] == "'s":
            return False
        plural = norm[end - 1] == "s"
        lower = norm[start].islower()
        before = norm[max(0, start - 30):start]
        if plural and p.possessive_before.search(before):
            return False  # "the former mayor's comments were ...", "his claims": a noun
        word = norm[start:end]
        if word in p.participles and p.evidence_noun_before.search(before):
            return False  # "A report released last year found": the participle describes the report
        if plural and p.number_before.search(before):
            return False  # "Twenty-seven states led by ...", "two reports": a counted noun
        if lower and not (plural or word.endswith(("ed", "ing"))):
            later = p.later_finding.match(norm, end, end + 60)
            if later and p.noun_start_before.search(before):
                return False  # "A Government Accountability Office report released last year found": a noun
        if plural and norm[end:end + 4] == " of " and word not in p.of_plural_verbs:
            previous = _LAST_WORD.search(before)
            word_before = previous.group(1) if previous else ""
            if previous is None or (word_before.islower() and word_before.lower() not in p.personal_pronouns):
                return False  # "initial reports of the explosion": a noun
        if plural and lower and p.and_determiner_after.match(norm, end, end + 16):
            return False  # "tax and budget issues and an associate professor": a plural noun
        if p.auxiliary_after.match(norm, end, end + 8) and p.determiner_before.search(before):
            return False  # "his rubble comment was ...": the subject is a noun, the verb comes after
        if plural and lower and norm[end:end + 1] == " ":
            following = len(norm[end:end + 3]) - len(norm[end:end + 3].lstrip(" "))
            if end + following in cue_starts and word not in p.plural_verbs_before_cue:
                return False  # a plural noun before the verb
        return not norm[start].isupper() or self.in_title_case_line(start)

    def in_title_case_line(self, start: int) -> bool:
        """A capitalised cue word is a verb at the start of its sentence, or in a headline in title
        case ("Flynn Says Trump Is Right"), not inside a name ("Wayne State University")."""
        sentence = self.sentence_containing(start)
        if sentence is None or sentence.start == start:
            return True
        content = [w for w in _WORDS.findall(self.norm[sentence.start:sentence.end]) if w.lower() not in self.p.small]
        lower_words = sum(1 for w in content if not (w[0].isupper() or w[0].isdigit()))
        return lower_words <= 0.05 * len(content)

    def sentence_containing(self, pos: int):
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        return self.sentences[i] if i >= 0 else None
