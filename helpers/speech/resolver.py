"""Who said it: finding the reporting frame of a quotation and resolving its speaker.

A *frame* is the writer's clause that attributes speech: a speaker mention plus a cue verb
(``Galloway said``, ``said the Labour leader``, ``he told BBC Radio Five Live``,
``a Livingstone insider described as``), a colon introducing a block (``She told the
Guardian:``), a dash after the quotation (``― Sonya Herridge``), or ``according to X``.
Pronouns, role descriptions and definite descriptions ("the avowed socialist") are resolved
to the most recent compatible speaker, preferring whoever spoke last.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from ..text.segment import Paragraph, Sentence, SpanSet
from ..text.vocabulary import Vocabulary, load_vocabulary
from .cues import Cue
from .grammar import grammar_of
from .lexicon import Lexicon
from .mentions import Mention

# The patterns, with the word lists of data/ in braces (see helpers.text.vocabulary).
#: a prepositional phrase between a source and its verb ("officials from both parties say")
_PP_GAP = r"^\s+(?:{subjects.prepositions_between})\s+[^,.;:\"()]{1,60}\s+$"
_AS_NEXT = re.compile(r"\s+as\b")
#: a verb right after a name that follows a reporting verb: the name opens the reported clause
_REPORTED_VERB_NEXT = r"\s+(?:{auxiliaries.opening_reported_clause})\b"
#: ... unless its object was moved before its subject: "talks which a Livingstone insider described as"
_OBJECT_RELATIVE = r"\b(?:{pronouns.object_relatives})\s+(?:[\w'-]+\s+){1,5}$"
_PASSIVE = r"\b(?:{be.passive_forms})\s+(?:(?:\w+ly|last\s+\w+|{be.adverbs_in_passive})\s+){0,2}$"
#: an inverted subject that is a description followed by a comma (the name comes next)
_APPOSED_DESCRIPTION = (r"\s+(?:{determiners.before_apposed_description})\s+"
                        r"(?:[a-z][\w'’-]*\s+){0,4}[a-z][\w'’-]*,\s+")
#: the agent of a passive report: "by" after the verb and its "as" phrase or quotation (searched
#: within the sentence)
_PASSIVE_BY = r"(?<![\w-])by\s+(?:(?:{determiners.after_by})\s+)?(?:own\s+)?(?=[\w])"
#: "who" opening a relative clause right before a reporting verb ("..., who have argued that")
_RELATIVE_WHO = r"\bwho\s+(?:(?:{subjects.words_after_who}|[a-z]+ly)\s+){0,2}$"
#: a subordinate clause opening a sentence, up to its comma ("Once, when my mother mentioned Labour,"),
#: and opening phrases: "In a column the day before the debate, two writers ..."
_SUBORDINATE_OPENING = (r"\s*(?:[A-Z]\w*,\s*)?(?:{^subordinators.opening_sentence}|{=prepositions.opening_sentence})\b"
                        r"[^,.;:\"]{3,150},\s*")
_NONFINITE_BEFORE = r"\b(?:{subjects.words_before_nonfinite})\s+(?:\w+ly\s+)?$"
#: a time adjunct closing a noun phrase: "on Saturday", "just this month", "last week"
_TRAILING_TIME = r"(?:\s+(?:{time.words_before_unit}))+\s+(?:{time.units}|\d{4})$"
_NP_BEFORE = (
    r"(?:^|[,;:(]\s*|\b(?:and|but)\s+)(?P<np>(?:(?:{determiners.opening_subject_phrase})\s+)?"
    r"(?:[\w'-]+\s+){0,6}?[\w'-]+)\s+(?:(?:{auxiliaries.before_cue_after_phrase})\s+){0,2}$")
_SPOKESPERSON = r"{=sources.spokesperson_words}"
_HEAD_PREPOSITION_BEFORE = r"\b(?:{subjects.prepositions_before_head})\s+$"
_PREPOSITION_INSIDE = r"\s(?:{subjects.prepositions_inside_source})\s"
_APPOSED_NAME_BEFORE = r"[^\W\d]\s*,\s*(?:(?:{honorifics.before.apposed_name})\.?\s+)?$"
_PLACE_BEFORE_WHO = r"(?:\s+(?:{subjects.prepositions_before_who})\s+[^,;:.\"]{1,40})?\s*,?\s*"
_NP_BEFORE_WHO = r"\b(?:{determiners.opening_antecedent})\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*\s*,?\s*$"
_FOR_BEFORE = r"\b(?:{subjects.prepositions_before_object})\s+(?:the\s+)?$"
#: a word right before a mention that makes it an object, a hearer or a topic
_OBJECT_MARKER_BEFORE = r"(?:^|\s)(?:{reference.object_markers})\s+$"


class _ResolverPatterns:
    """The patterns and word sets of the resolver, built from one vocabulary."""

    def __init__(self, vocabulary: Vocabulary):
        compile_, words = vocabulary.compile, vocabulary.set
        self.pp_gap = compile_(_PP_GAP)
        self.reported_verb_next = compile_(_REPORTED_VERB_NEXT)
        self.object_relative = compile_(_OBJECT_RELATIVE, re.IGNORECASE)
        self.passive = compile_(_PASSIVE, re.IGNORECASE)
        self.apposed_description = compile_(_APPOSED_DESCRIPTION)
        self.passive_by = compile_(_PASSIVE_BY, re.IGNORECASE)
        self.relative_who = compile_(_RELATIVE_WHO)
        self.subordinate_opening = compile_(_SUBORDINATE_OPENING)
        self.nonfinite_before = compile_(_NONFINITE_BEFORE, re.IGNORECASE)
        self.trailing_time = compile_(_TRAILING_TIME, re.IGNORECASE)
        self.np_before = compile_(_NP_BEFORE, re.IGNORECASE)
        self.spokesperson = compile_(_SPOKESPERSON, re.IGNORECASE)
        self.head_preposition_before = compile_(_HEAD_PREPOSITION_BEFORE)
        self.preposition_inside = compile_(_PREPOSITION_INSIDE)
        self.apposed_name_before = compile_(_APPOSED_NAME_BEFORE)
        self.place_before_who = compile_(_PLACE_BEFORE_WHO)
        self.np_before_who = compile_(_NP_BEFORE_WHO)
        self.for_before = compile_(_FOR_BEFORE)
        self.object_marker_before = compile_(_OBJECT_MARKER_BEFORE, re.IGNORECASE)
        #: words that cannot be inside a subject noun phrase ("his victory should worry ..." is not one)
        self.function_words = words("noun_phrases.not_inside_subject")
        #: labelling verbs: their object comes before "as" ("described Labour as ..."), so a participle
        #: followed at once by "as" is passive
        self.labelling = words("cue_forms.labelling_lemmas")
        #: words that cannot describe a person between "said" and the person's name ("said that Jane Smith ...")
        self.not_in_description = words("noun_phrases.not_in_description")
        #: words that do not open a speaker's noun phrase ("In the end the committee decided")
        self.not_np_start = words("noun_phrases.not_opening_subject")
        self.np_openers = words("noun_phrases.lower_case_openers")


@lru_cache(maxsize=4)
def _patterns(vocabulary: Vocabulary) -> _ResolverPatterns:
    return _ResolverPatterns(vocabulary)


#: titles and honorifics written with a full stop ("Mr.", "Gov.", "Lt.")
_ABBREVIATION = re.compile(r"\b[A-Z][a-z]{0,3}\.")
_SUBJECT_KINDS = ("name", "role", "source", "organisation", "pronoun", "description")


@dataclass
class Attribution:
    """The result of attributing one statement."""

    speaker: str
    speaker_kind: str
    mention: str                 # the words that named the speaker ("he", "the Labour leader")
    cue: str
    cue_kind: str
    confidence: float
    method: str                  # name, role, source, pronoun, description, continuation, colon, dash...
    cue_pos: int | None = None


_BASE_CONFIDENCE = {"name": 0.95, "organisation": 0.9, "source": 0.9, "role": 0.85, "pronoun": 0.8,
                    "description": 0.7}


class Resolver:
    """Speaker resolution over one article's sentences, mentions and earlier statements."""

    def __init__(self, norm: str, sentences: list[Sentence], paragraphs: list[Paragraph],
                 mentions: list[Mention], cues: list[Cue], lexicon: Lexicon, lookback: int = 6,
                 narrator: tuple[str, str] | None = None, spoken: list | None = None):
        self.norm = norm
        #: (speaker, speaker_kind) of the writer: an "I" outside quotation marks in the body is theirs
        self.narrator = narrator
        self.sentences = sentences
        self.paragraphs = paragraphs
        self.mentions = [m for m in mentions if m.kind in _SUBJECT_KINDS]
        self._mention_starts = [m.start for m in self.mentions]
        self.cues = cues
        self._cue_starts = [c.start for c in cues]
        self.lx = lexicon
        self.lookback = lookback
        self._sentence_starts = [s.start for s in sentences]
        vocabulary = lexicon.vocabulary or load_vocabulary()
        self.p, self.grammar = _patterns(vocabulary), grammar_of(vocabulary)
        #: (position, speaker, speaker_kind, gender, sentence index) of statements made so far
        self.spoken: list[tuple[int, str, str, str, int]] = [] if spoken is None else spoken

    @classmethod
    def for_doc(cls, doc, lexicon: Lexicon) -> "Resolver":
        """A resolver over a document's layers; what it records of who spoke goes to ``doc.spoken``."""
        return cls(doc.norm, doc.sentences, doc.paragraphs, doc.mentions, doc.cues, lexicon,
                   narrator=(doc.narrator, doc.narrator_kind), spoken=doc.spoken)

    # -- lookups ---------------------------------------------------------------------------
    def sentence_at(self, pos: int) -> Sentence | None:
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if i < 0:
            return None
        s = self.sentences[i]
        return s if pos <= s.end else s

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self._mention_starts, start)
        hi = bisect.bisect_left(self._mention_starts, end)
        return self.mentions[lo:hi]

    def cues_between(self, start: int, end: int) -> list[Cue]:
        lo = bisect.bisect_left(self._cue_starts, start)
        hi = bisect.bisect_left(self._cue_starts, end)
        return self.cues[lo:hi]

    def record(self, pos: int, speaker: str, kind: str) -> None:
        if not speaker or kind in ("unknown",):
            return
        sentence = self.sentence_at(pos)
        gender = self.lx.gender_of(speaker) if kind == "person" else "neuter"
        self.spoken.append((pos, speaker, kind, gender, sentence.index if sentence else -1))

    # -- resolution -------------------------------------------------------------------------
    def _compatible(self, target: Mention, gender: str, kind: str, plural: bool, name: str = "") -> tuple[bool, bool]:
        """(compatible, exact) for a candidate (its gender, kind, plurality and name) against a
        pronoun or description."""
        word = target.surface.lower()
        if target.kind == "pronoun":
            if word in ("he", "she"):
                if kind != "person":
                    return False, False
                want = "male" if word == "he" else "female"
                return gender in (want, "unknown"), gender == want
            if word == "they":
                return kind in ("source", "organisation") or plural, kind in ("source",) and plural
            if word in ("it", "we"):
                ok = kind == "organisation" or (word == "it" and kind == "source" and not plural)
                return ok, kind == "organisation"
            return False, False
        # descriptions: "the avowed socialist" (a person) or "the party" (an organisation); "the MP"
        # is also the anonymous source "another MP, who asked not to be named" of before
        if kind == "source" and target.kind == "description" and name and \
                target.surface.split()[-1].lower() == name.split()[-1].lower():
            return True, True
        if target.speaker_kind == "organisation":
            return kind == "organisation", kind == "organisation"
        return kind == "person", kind == "person"

    def resolve_reference(self, target: Mention, allow_quoted_after: int | None = None) -> Attribution | None:
        """Resolve a pronoun or definite description to an earlier speaker or mention: the nearest
        compatible one earlier in its sentence, else whoever spoke last in an earlier sentence (up to
        ``lookback`` sentences), else that sentence's compatible mention."""
        here = self.sentence_at(target.start)
        if here is None:
            return None
        best = self._antecedent_in_sentence(target, here, allow_quoted_after)
        if best:
            return Attribution(best[0], best[1], target.surface, "", "", _BASE_CONFIDENCE[target.kind], target.kind)
        for index in range(here.index - 1, max(-1, here.index - self.lookback), -1):
            resolved = self._antecedent_before(target, here, index, allow_quoted_after)
            if resolved is not None:
                return resolved
        return None

    def _usable_antecedent(self, m: Mention, allow_quoted_after: int | None) -> bool:
        if m.kind in ("pronoun", "description") or m.possessive and m.kind != "organisation":
            return False
        if m.in_quote and not (allow_quoted_after is not None and m.start >= allow_quoted_after):
            return False
        if m.kind == "role" and not m.entity:
            return False
        return not (m.kind == "source" and not m.confident)

    def _antecedent_candidate(self, m: Mention) -> tuple[str, str, str]:
        """(speaker, kind, gender) of a possible antecedent."""
        kind = m.speaker_kind if m.speaker_kind != "unknown" else "person"
        return self.speaker_of(m)[0], kind, m.gender

    def _antecedent_in_sentence(self, target: Mention, here: Sentence,
                                allow_quoted_after: int | None) -> tuple[str, str] | None:
        """The nearest compatible mention earlier in the target's sentence (an exact match first); not
        one standing as an object, hearer or topic ("Asked about George Galloway, he said"): the
        salient antecedent is then found in the sentences before."""
        best = None
        for m in reversed(self.mentions_between(here.start, target.start)):
            if not self._usable_antecedent(m, allow_quoted_after):
                continue
            if target.kind == "pronoun" and self.p.object_marker_before.search(self.norm, max(here.start, m.start - 25),
                                                                               m.start):
                continue
            name, kind, gender = self._antecedent_candidate(m)
            ok, exact = self._compatible(target, gender, kind, m.plural, name)
            if ok and (exact or best is None):
                best = (name, kind)
                if exact:
                    break
        return best

    def _antecedent_before(self, target: Mention, here: Sentence, index: int,
                           allow_quoted_after: int | None) -> Attribution | None:
        """In the earlier sentence ``index``: its last speaker if compatible, else its first exactly
        (then loosely) compatible mention."""
        sentence = self.sentences[index]
        for pos, speaker, kind, gender, s_index in reversed(self.spoken):
            if s_index == index and pos < target.start:
                ok, _ = self._compatible(target, gender, kind, kind == "source", speaker)
                if ok:
                    return Attribution(speaker, kind, target.surface, "", "", _BASE_CONFIDENCE[target.kind],
                                       target.kind)
                break
        exact_hit = loose_hit = None
        for m in self.mentions_between(sentence.start, sentence.end):
            if not self._usable_antecedent(m, allow_quoted_after):
                continue
            name, kind, gender = self._antecedent_candidate(m)
            ok, exact = self._compatible(target, gender, kind, m.plural, name)
            if ok and exact and exact_hit is None:
                exact_hit = (name, kind)
            elif ok and loose_hit is None:
                loose_hit = (name, kind)
        hit = exact_hit or loose_hit
        if not hit:
            return None
        confidence = _BASE_CONFIDENCE[target.kind] - (0.05 if here.index - index > 2 else 0)
        return Attribution(hit[0], hit[1], target.surface, "", "", confidence, target.kind)

    def speaker_of(self, m: Mention, allow_quoted_after: int | None = None) -> tuple[str, str, float, str]:
        """(speaker, speaker_kind, confidence, method) for a subject mention."""
        if m.kind in ("pronoun", "description"):
            if m.kind == "pronoun" and m.surface == "I":
                if self._writer_speaks(m):
                    return self.narrator[0], self.narrator[1], 0.8, "first person"
                return "", "unknown", 0.0, "pronoun"
            resolved = self.resolve_reference(m, allow_quoted_after)
            if resolved:
                return resolved.speaker, resolved.speaker_kind, resolved.confidence, resolved.method
            if m.kind == "description":
                return re.compile(r"^(?:the|The)\s+").sub("", m.surface), "unknown", 0.3, "description"
            return "", "unknown", 0.2, "pronoun"
        if m.kind == "role":
            if m.entity:
                return m.entity, "person", _BASE_CONFIDENCE["role"], "role"
            # no unique holder on this date: "the Republican nominee" refers back like "he"
            as_description = Mention(m.start, m.end, m.surface, "description", confident=False)
            resolved = self.resolve_reference(as_description, allow_quoted_after)
            if resolved:
                return resolved.speaker, resolved.speaker_kind, 0.7, "role+anaphora"
            return re.compile(r"^(?:the|The)\s+").sub("", m.surface), "unknown", 0.4, "role"
        if m.kind == "source":
            organisation, description = self._spokesperson_org(m)
            if organisation:
                # "a Labour spokesperson" keeps its description (the guidelines' "Momentum spokesperson"):
                # it speaks for Labour, and is neither Labour's leader nor its press release
                return description, "organisation", 0.9, "source"
            words = m.surface.split()
            if words[0].lower() == "the" and not m.plural and words[-1].lower() in self.lx.description_nouns:
                # "Lord Mandelson ... Speaking to Sky News, the former minister warned": someone named before
                as_description = Mention(m.start, m.end, m.surface, "description", confident=False)
                resolved = self.resolve_reference(as_description, allow_quoted_after)
                if resolved:
                    return resolved.speaker, resolved.speaker_kind, 0.75, "description"
            return m.entity, "source", _BASE_CONFIDENCE["source"], "source"
        if m.kind == "organisation":
            return m.entity, "organisation", _BASE_CONFIDENCE["organisation"], "name"
        confidence = _BASE_CONFIDENCE["name"] if m.confident or " " in m.entity else 0.85
        return m.entity, m.speaker_kind if m.speaker_kind != "unknown" else "person", confidence, "name"

    def _writer_speaks(self, m: Mention) -> bool:
        """"I laughed and said" in the writer's own text (not in a quotation or a reader's comment)."""
        if self.narrator is None or m.in_quote:
            return False
        sentence = self.sentence_at(m.start)
        return sentence is not None and self.paragraphs[sentence.paragraph].region == 0

    def _spokesperson_org(self, m: Mention) -> tuple[str, str]:
        """(organisation, description): "a Labour spokesperson" speaks for Labour, and is "Labour
        spokesperson"; ("", "") for a source that is no spokesperson."""
        if not self.p.spokesperson.search(m.surface):
            return "", ""
        for alias in self.lx.alias_matcher.finditer(m.surface):
            canonical = self.lx.alias_index.get(m.surface[alias.start:alias.end].casefold())
            if canonical and self.lx.people[canonical].kind == "organisation":
                return canonical, m.entity
        for before in self.mentions_between(max(0, m.start - 60), m.start):
            # "a No 10 spokesperson": the organisation named right before the noun
            if before.kind == "organisation" and not self.norm[before.end:m.start].strip():
                return before.entity, f"{before.surface} {m.entity}"
        return "", ""

    # -- frames -------------------------------------------------------------------------------
    def is_passive(self, cue: Cue) -> bool:
        """"was described", or a labelling participle with no object before its "as": "Gaza
        demonstrators portrayed as violent "extremists"" are portrayed, they do not portray."""
        if cue.progressive:
            return False
        if self.p.passive.search(self.norm[max(0, cue.start - 25):cue.start]):
            return True
        return cue.verb.lemma in self.p.labelling and cue.verb.form.endswith(("ed", "en")) \
            and _AS_NEXT.match(self.norm, cue.end) is not None \
            and not self.p.object_relative.search(self.norm[max(0, cue.start - 80):cue.start])

    def passive_agent(self, cue: Cue) -> Mention | None:
        """Who speaks in a passive report: "was described as "catastrophic" by Lord Mandelson",
        "was branded by Tony Blair as "a disaster"" (the agent of "by", in the same sentence)."""
        if cue.verb.kind not in ("speech", "label", "writing", "evaluation") or not self.is_passive(cue):
            return None
        sentence = self.sentence_at(cue.start)
        ceiling = min(sentence.end if sentence else len(self.norm), cue.end + 120)
        by = self.p.passive_by.search(self.norm, cue.end, ceiling)
        if by is None:
            return None
        # ("by Lord Mandelson": the name may start after an honorific of speaker_words.toml)
        word = re.compile(r"([A-Z][\w]*\.?)\s+").match(self.norm, by.end())
        titled = word is not None and word.group(1).lower().rstrip(".") in self.lx.honorific_gender
        starts = (by.end(), word.end()) if titled else (by.end(),)
        for m in self.mentions_between(by.end(), starts[-1] + 1):
            if m.start in starts and not m.in_quote and m.kind in ("name", "role", "source", "organisation") \
                    and (m.kind != "name" or m.speaker_kind in ("person", "organisation", "unknown")):
                return m
        return None

    def subject_left(self, cue: Cue, floor: int, allow_quoted_after: int | None = None) -> Mention | None:
        """The mention right before the cue ("Galloway said", "The Respect MP has threatened")."""
        for m in reversed(self.mentions_between(max(floor, cue.start - 200), cue.start)):
            if m.in_quote and not (allow_quoted_after is not None and m.start >= allow_quoted_after):
                continue
            if self.p.head_preposition_before.search(self.norm[max(0, m.start - 12):m.start]):
                continue  # "Critics within the party say": the subject is the head, not the party
            gap = self.norm[m.end:cue.start]
            if m.possessive and not gap.startswith("'s "):
                continue
            if self.grammar.gap.match(gap):
                if m.kind == "pronoun" and m.surface.lower() == "it" and gap.strip():
                    return None
                if m.kind == "source" and not m.confident and gap.strip() and not self.p.pp_gap.match(gap) and \
                        not m.surface[:1].isupper():
                    return None  # "officials from both parties say" names them; "officials also say" may not
                return m
            if m.kind == "source" and self.p.preposition_inside.search(m.surface) and \
                    re.compile(r"\s+(?:and|or)\s+[\w'-]+(?:\s+[\w'-]+){0,3}\s+(?:(?:also|have|has|had)\s+)?").fullmatch(gap):
                return m  # "Experts on North Korea and nuclear nonproliferation said"
            if m.kind == "name" and re.compile(r"\s*,\s*").fullmatch(gap) and \
                    self.p.apposed_name_before.search(self.norm[max(0, m.start - 80):m.start]) and \
                    not re.search(r"[.;:!?]", _ABBREVIATION.sub("", self.norm[max(floor, m.start - 80):m.start])):
                return m  # "The state's campaign chairman, Phil Lovas, said": the name in apposition
            # only the nearest mention is a candidate, except across an appositive
            if "," not in gap and not re.compile(r"\s-{1,2}\s").search(gap):
                return None
        return None

    def relative_antecedent(self, cue: Cue, floor: int) -> Mention | None:
        """"Democrats on Capitol Hill, who have argued that ...": the speaker "who" refers to."""
        who = self.p.relative_who.search(self.norm, max(floor, cue.start - 60), cue.start)
        if who is None:
            return None
        for m in reversed(self.mentions_between(max(floor, who.start() - 80), who.start())):
            if m.in_quote or m.possessive or m.kind not in ("name", "source", "organisation", "role"):
                break
            if self.p.place_before_who.fullmatch(self.norm[m.end:who.start()]):
                return m  # right before "who" (a longer description in between is not known to be theirs)
            break
        if cue.verb.kind not in ("speech", "writing", "reply"):
            return None
        # "an architect who said he was stiffed": the noun phrase itself, as an anonymous source
        np = self.p.np_before_who.search(self.norm[max(floor, who.start() - 50):who.start()])
        if np is None:
            return None
        start = max(floor, who.start() - 50) + np.start()
        surface = self.norm[start:start + len(np.group(0).rstrip(" ,"))]
        return Mention(start, start + len(surface), surface, "source", re.compile(r"^(?:an?|the)\s+").sub("", surface),
                       "source")

    def subject_right(self, cue: Cue, ceiling: int) -> Mention | None:
        """Inverted order: "said Galloway", "added the Labour leader", "said Rep. Joseph Crowley"."""
        apposed = self.apposed_name(cue, ceiling)
        if apposed is not None:
            return apposed
        for m in self.mentions_between(cue.end, min(ceiling, cue.end + 60)):
            if m.in_quote or m.kind == "pronoun" and m.surface.lower() not in ("he", "she", "they"):
                return None
            m = self._person_named_after(m)
            if m is None or not self._only_titles_between(cue, m):
                return None
            if not (m.kind == "name" and m.entity.lower() in self.lx.title_words):
                return m
        return None

    def _person_named_after(self, m: Mention) -> Mention | None:
        """The person a mention after an inverted verb stands for: the name after a title ("said
        MSNBC host Chris Matthews"), after a possessor ("said Unite's Len McCluskey"; None for "said
        Labour's plans would ...": the possessor opens the reported clause), after a place ("said
        Grenfell widow Terry Strada")."""
        if m.kind in ("source", "description"):
            following = [n for n in self.mentions_between(m.end, m.end + 4) if n.kind == "name" and n.entity]
            if following and not self.norm[m.end:following[0].start].strip(" ,"):
                m = following[0]
        if m.possessive:
            following = [n for n in self.mentions_between(m.end, m.end + 40) if n.kind == "name" and n.entity]
            possessed = re.compile(r"'s?(?:\s+[a-z][\w-]*){0,3}\s+")
            if not (following and possessed.fullmatch(self.norm[m.end:following[0].start])):
                return None
            m = following[0]
        if m.kind in ("name", "organisation") and " " not in m.surface:
            following = [n for n in self.mentions_between(m.end, m.end + 30)
                         if n.kind == "name" and " " in n.surface and n.speaker_kind == "person"]
            if following and re.compile(r"(?:\s+[a-z][a-z-]+){1,3}\s+").fullmatch(self.norm[m.end:following[0].start]):
                m = following[0]
        return m

    def _only_titles_between(self, cue: Cue, m: Mention) -> bool:
        """At most four words between the verb and the speaker, each a title or honorific ("said Rep.
        Joseph Crowley", "said Conservative chairman James Cleverly", "said the former home secretary,
        Alan Johnson"), a possessor of the name, or a description of the person ("said 9/11 widow")."""
        words = self.norm[cue.end:m.start].rstrip(" ,").split()
        lx = self.lx

        def title_like(w: str) -> bool:
            low = w.lower()
            return bool(re.compile(r"[A-Z][a-z]{0,4}\.").fullmatch(w)) or low.rstrip(".") in lx.title_words \
                or low in lx.description_nouns or low in ("the", "party", "former") \
                or (w.endswith("'s") and m.kind == "name") or low.rstrip(".") in lx.honorific_gender \
                or (m.kind == "name" and m.speaker_kind == "person" and w not in self.p.not_in_description
                    and bool(re.fullmatch(r"[A-Za-z][a-z-]+|[\d/]+", w)) and low not in self.p.not_in_description)

        return len(words) <= 4 and all(title_like(w) for w in words)

    def apposed_name(self, cue: Cue, ceiling: int) -> Mention | None:
        """The full name in apposition after an inverted description: "said the former home
        secretary, Alan Johnson", "said the party's general secretary, Iain McNicol" (the name
        ends the clause)."""
        description = self.p.apposed_description.match(self.norm, cue.end, ceiling)
        if description is None:
            return None
        for m in self.mentions_between(description.end(), description.end() + 1):
            if m.start == description.end() and m.kind == "name" and m.entity and " " in m.surface \
                    and m.speaker_kind in ("person", "unknown") and not m.in_quote \
                    and re.compile(r"\s*(?:[.,;:!?]|$)").match(self.norm, m.end):
                return m
        return None

    def main_subject(self, start: int, end: int, allow_quoted_after: int | None = None) -> Mention | None:
        """The first possible speaker of a clause: a sentence's grammatical subject, roughly."""
        opening = self.p.subordinate_opening.match(self.norm, start, end)
        if opening:  # "Once, when my mother mentioned Labour, I laughed and said": not in the "when" clause
            start = opening.end()
        for m in self.mentions_between(start, end):
            if m.in_quote and not (allow_quoted_after is not None and m.start >= allow_quoted_after):
                continue
            if m.possessive or (m.kind == "source" and not m.confident and
                                not (m.surface[:1].isupper() and not self.norm[start:m.start].strip())):
                continue  # (a capitalised source opening the clause is its subject: "Authorities announced ...")
            if m.kind in ("role", "name", "organisation") and \
                    self.p.for_before.search(self.norm[max(start, m.start - 10):m.start]):
                continue  # "A spokesman for the Labour leader said": the leader is not the subject
            if m.kind == "pronoun" and m.surface.lower() not in ("he", "she", "they") and \
                    not (m.surface == "I" and self._writer_speaks(m)):
                continue
            if m.kind == "name" and m.speaker_kind not in ("person", "organisation"):
                continue
            if m.kind in ("source", "organisation"):
                # "Hillary Clinton's campaign manager Robby Mook said": the person after the job title
                named = next((n for n in self.mentions_between(m.end, min(end, m.end + 40))
                              if n.kind == "name" and n.speaker_kind == "person"), None)
                if named is not None and re.fullmatch(r"(?:\s+[a-z][\w-]*){1,3}\s+", self.norm[m.end:named.start]):
                    return named
            return m
        return None

    def attribute_with_cue(self, cue: Cue, floor: int, ceiling: int, allow_quoted_after: int | None = None,
                           prefer_main: bool = False) -> Attribution | None:
        """Speaker for a cue: a passive's agent, a report's possessor, the subject next to the verb
        (before it, or after it: "said Galloway"), else the clause's main subject or noun phrase."""
        said = self.norm[cue.start:cue.end]
        if self.is_passive(cue):
            agent = self.passive_agent(cue)
            if agent is None:
                return None
            speaker, kind, confidence, method = self.speaker_of(agent, allow_quoted_after)
            return Attribution(speaker, kind, agent.surface, said, cue.verb.kind,
                               round(confidence * 0.9, 3), method + "+passive", cue.start) if speaker else None
        owner = self.possessor_of(cue, floor, allow_quoted_after)
        if owner is not None:  # "Tony Blair's warning that Labour faces "annihilation"": the warning is Blair's
            speaker, kind, confidence, method = self.speaker_of(owner, allow_quoted_after)
            if speaker:
                return Attribution(speaker, kind, owner.surface, said, cue.verb.kind,
                                   round(confidence * 0.9, 3), method + "+possessive", cue.start)
        nonfinite = cue.nonfinite or bool(self.p.nonfinite_before.search(self.norm[max(0, cue.start - 20):cue.start]))
        subject = None if nonfinite or prefer_main else self._subject_next_to(cue, floor, ceiling, allow_quoted_after)
        method_suffix = ""
        if subject is None:
            subject = self.main_subject(floor, cue.start, allow_quoted_after)
            method_suffix = "+clause-subject"
        if subject is None:
            return self.noun_phrase_subject(cue, floor)
        speaker, kind, confidence, method = self.speaker_of(subject, allow_quoted_after)
        if not speaker:
            return None
        if method_suffix:
            confidence *= 0.9
        return Attribution(speaker, kind, subject.surface, said, cue.verb.kind,
                           round(confidence, 3), method + method_suffix, cue.start)

    def _subject_next_to(self, cue: Cue, floor: int, ceiling: int, allow_quoted_after: int | None) -> Mention | None:
        """The subject beside a finite cue: after a verb opening the sentence ("Said Ellis: ..."),
        before it, the antecedent of "who" ("Lisa Nandy, who said the party must "listen""), or
        after it unless the name opens the reported clause."""
        subject = self.subject_right(cue, ceiling) if self.norm[cue.start].isupper() else None
        if subject is None:
            subject = self.subject_left(cue, floor, allow_quoted_after)
        if subject is None:
            subject = self.relative_antecedent(cue, floor)
        if subject is None:
            subject = self.subject_right(cue, ceiling)
            if subject is not None and self._opens_reported_clause(cue, subject, ceiling):
                subject = None
        return subject

    def _opens_reported_clause(self, cue: Cue, subject: Mention, ceiling: int) -> bool:
        """Is the name after the verb the reported clause's subject or the hearer, not an inverted
        subject? ('said Mr Corbyn "understands the difficulties"', 'said the party must "listen"';
        'told Sir Keir Starmer: "..."', "told colleagues that": "tell" never takes an inverted subject)"""
        rest = self.norm[subject.end:ceiling + 1]
        return bool(re.compile(r"\s*[\"']").fullmatch(rest)
                    or self.p.reported_verb_next.match(self.norm, subject.end, ceiling + 1)
                    or cue.verb.lemma == "tell"
                    or cue.verb.takes_object and re.compile(r"(?:\s+[A-Z][\w'-]*)*\s*:\s*[\"']").fullmatch(rest))

    def possessor_of(self, cue: Cue, floor: int, allow_quoted_after: int | None = None) -> Mention | None:
        """The owner of a reporting noun ("Blair's warning", "the party's claim"), if any."""
        if not re.compile(r"'s?\s+$").search(self.norm[max(floor, cue.start - 4):cue.start]):
            return None
        for m in reversed(self.mentions_between(max(floor, cue.start - 80), cue.start)):
            if m.in_quote and not (allow_quoted_after is not None and m.start >= allow_quoted_after):
                return None
            return m if re.compile(r"'s?\s+").fullmatch(self.norm[m.end:cue.start]) else None
        return None

    def noun_phrase_subject(self, cue: Cue, floor: int) -> Attribution | None:
        """No known name before the cue: take the noun phrase itself ("The commission says")."""
        if cue.nonfinite:
            return None
        m = self.p.np_before.search(self.norm[floor:cue.start])
        if not m:
            return None
        if re.compile(r"\b(?:is|are|was|were)\s+$").search(self.norm[floor:cue.start]) and not cue.progressive:
            return None  # "the plan was claimed ...": a passive, not a speaker
        np = self.p.trailing_time.sub("", m.group("np").strip())  # "The Times on Saturday wrote"
        words = np.split()
        if words and words[0].lower() == "according":
            return None
        if not words or words[-1].lower() in self.lx.cues or words[0].lower() in self.p.not_np_start \
                or words[-1].lower() in self.lx.time_nouns \
                or (words[0].lower().endswith("ing") and words[0].lower() not in self.lx.description_nouns) \
                or words[-1].lower() in ("and", "or", "but") or words[0].lower() in ("i", "we") \
                or any(w.lower() in self.p.function_words for w in words[1:]) \
                or not (words[0][0].isupper() or words[0].lower() in self.p.np_openers):
            return None
        np = self.grammar.leading_conjunction.sub("", np)  # "But Attorney General X"
        np = self.grammar.participle_tail.sub("", np)  # "A Quinnipiac poll released in late August": the poll
        speaker = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE).sub("", np)
        return Attribution(speaker, "source", np, self.norm[cue.start:cue.end], cue.verb.kind, 0.5,
                           "noun phrase", cue.start)

    def usable_cues(self, start: int, end: int, quote_spans, passive_with_agent: bool = False) -> list[Cue]:
        """Cues in ``start:end`` outside quotations (``quote_spans``: spans or a SpanSet); passive
        ones only when they name their agent and ``passive_with_agent`` (a quotation's frame:
        'was branded "a disaster" by Tony Blair')."""
        if not isinstance(quote_spans, SpanSet):
            quote_spans = SpanSet(quote_spans)
        out = []
        for cue in self.cues_between(start, end):
            if quote_spans.covers(cue.start):
                continue
            if self.is_passive(cue) and not (passive_with_agent and self.passive_agent(cue) is not None):
                continue  # ("was described as": by whom, the sentence does not say)
            if cue.verb.kind == "evidence" and not re.compile(r"\s+that\b").match(self.norm[cue.end:cue.end + 6]) \
                    and not self.grammar.evidence_subject.search(self.norm[max(0, cue.start - 90):cue.start]) \
                    and not (re.compile(r"\b[Ii]t\s+$").search(self.norm[max(0, cue.start - 4):cue.start])
                             and self.grammar.evidence_np.search(self.norm[max(0, cue.start - 300):cue.start])):
                continue  # "had shown bad judgment" is no report; "the poll shows (that)", "the video ... It shows" are
            out.append(cue)
        return out
