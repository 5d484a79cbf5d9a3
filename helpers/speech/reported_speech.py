"""Reported speech: statements without quotation marks.

``Galloway claimed news of the meeting had been leaked …``, ``…, a source said.``,
``According to Labour officials, …``, ``Even if …, Mr. Morgan said, he has …``: a reporting verb
from ``data/cue_verbs.csv`` with its subject, and the clause it reports. Given an
:class:`~helpers.speech.context.AttributionContext`, :class:`ReportedSpeech` adds such
statements to the document.
"""

from __future__ import annotations

import functools
import re
from functools import lru_cache
from pathlib import Path

from ..text.vocabulary import Vocabulary
from .context import AttributionContext
from .cues import Cue
from .grammar import word_count
from .resolver import Attribution

# The patterns, with the word lists of data/ in braces (see helpers.text.vocabulary).
_SUBJECT_START = r"^(?i:{clauses.subject_openers})\b|^[A-Z0-9]"
_OBJECT_THEN_CLAUSE = r"^\s+((?:[\w'.,\"-]+\s+){0,9}?)(?=(?:{clauses.openers_after_object})\b)"
_PP_THEN_THAT = re.compile(r"^\s+(?:[\w'.,-]+\s+){1,9}?that\b")
# "says at a campaign stop in Toledo, Ohio, that ...": a longer adjunct closed by ", that"
_PP_COMMA_THAT = r"^\s+(?:{prepositions.opening_adjunct})\s+(?:[\w'.,-]+\s+){1,12}?that\b"
#: words that may precede a subject noun inside its noun phrase ("another source said")
_DETERMINERS = r"(?:\s+|^)(?:{determiners.before_source_noun})$"
_TRAILING_TITLES = r"(?:\s+(?:[A-Z][a-z]{0,4}\.|{honorifics.before.frame_subject}))+\s*$"
_CLAUSE_VERB = r"\b(?:{auxiliaries.in_clause})\b"
#: what may follow an inverted frame's subject at the end of a sentence ("said one source in the room.")
_TRAILING_ADJUNCT = r"\s+(?:{prepositions.trailing_adjunct})\s+[^,;:\"]{1,50}?[.!?]?\s*$"
#: a dateline opening a report ("WASHINGTON ― ", "LOS ANGELES, Sept. 28 (UPI) — "): the writer's, not the source's
_DATELINE = re.compile(r"[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*(?:,\s+[^\u2015\u2014\u2013\n]{1,40}?)?\s*"
                       r"(?:\u2015|\u2014|\u2013|--?)\s+")
_LABEL_STOP = (r"[;:]|,\s+(?:{labels.words_ending_label})\b|,\s+[a-z]+ing\b|[.!?](?=\s|$)")
_NP_FRAME = r",\s+(?P<np>(?:{determiners.opening_closing_frame})\s+(?:[\w'-]+\s+){0,8}?[\w'-]+)\s+$"
_OPENING_OBJECT = r"\s+(?:{determiners.opening_object})\b"
_ARTICLE = r"^(?:{determiners.articles})\s+"


def _according_source_end(vocabulary: Vocabulary) -> re.Pattern:
    """Where the source after "according to" ends: punctuation (not the full stop of a short form
    or an initial) or a clause."""
    not_after = "".join(rf"(?<!\b{re.escape(w)})" for w in vocabulary["honorifics.short.according_to"])
    return re.compile(rf"[,;:]|{not_after}(?<!\b[A-Z])\.|\s(?:and|but|who|which|that)\s")


class _ReportedPatterns:
    """The patterns and word sets of reported speech, built from one vocabulary."""

    def __init__(self, vocabulary: Vocabulary):
        compile_, words = vocabulary.compile, vocabulary.set
        self.subject_start = compile_(_SUBJECT_START)
        self.object_then_clause = compile_(_OBJECT_THEN_CLAUSE)
        self.pp_comma_that = compile_(_PP_COMMA_THAT)
        self.determiners = compile_(_DETERMINERS, re.IGNORECASE)
        self.trailing_titles = compile_(_TRAILING_TITLES)
        self.clause_verb = compile_(_CLAUSE_VERB)
        self.trailing_adjunct = compile_(_TRAILING_ADJUNCT)
        self.according_source_end = _according_source_end(vocabulary)
        self.label_stop = compile_(_LABEL_STOP)
        self.np_frame = compile_(_NP_FRAME, re.IGNORECASE)
        self.opening_object = compile_(_OPENING_OBJECT)
        self.article = compile_(_ARTICLE, re.IGNORECASE)
        self.no_second_np_after = words("labels.prepositions_before_object")
        self.second_phrase_openers = words("labels.words_opening_second_phrase")
        self.not_in_np = words("noun_phrases.not_in_closing_frame")
        self.not_opening_np_subject = words("noun_phrases.not_opening_np_subject")


@lru_cache(maxsize=4)
def _patterns(vocabulary: Vocabulary) -> _ReportedPatterns:
    return _ReportedPatterns(vocabulary)


_ACCORDING = re.compile(r"\b[Aa]ccording to\s+")




def _evaluative(word: str) -> bool:
    """An adjective that judges ("unfit", "disgusting", "unsubstantiated"), by the sentiment lexicons."""
    word = word.strip(".,;:!?\"'").lower()
    if re.compile(r"un[a-z]{4,}(?:ed|able|ible|ful)").fullmatch(word):
        return True
    valence = _vader_lexicon().get(word)
    return valence is not None and abs(valence) >= 1.0


@functools.lru_cache(maxsize=1)
def _vader_lexicon() -> dict[str, float]:
    """VADER's word valences, read from the file the package ships (without importing the analyser)."""
    import importlib.util

    spec = importlib.util.find_spec("vaderSentiment")
    path = Path(spec.origin).parent / "vader_lexicon.txt"
    lexicon = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                lexicon[parts[0]] = float(parts[1])
            except ValueError:
                continue
    return lexicon




def _subject_just_before(cue: Cue):
    """A stand-in subject right before ``cue``, for finding the reported clause when the speaker
    was found some other way (a noun phrase, a subject shared with an earlier verb)."""
    return type("Subject", (), {"start": cue.start - 1, "end": cue.start, "kind": "source"})()



class ReportedSpeech:
    """The reported speech of one document (see the module's docstring)."""

    def __init__(self, ctx: AttributionContext):
        self.ctx = ctx
        self.norm, self.lx, self.resolver = ctx.norm, ctx.lx, ctx.resolver
        self.paragraphs, self.statements = ctx.paragraphs, ctx.statements
        self.p, self.grammar, self.rx = _patterns(ctx.vocabulary), ctx.grammar, ctx.vocabulary.compile

    _OPEN_CLAUSE_KINDS = ("intention", "evaluation")

    def indirect(self, sentence, quote_ranges: list[tuple[int, int]], used_cues: set[int]) -> None:
        """The reported speech of one sentence: each usable cue's clause, labels, "according to"."""
        region = self.paragraphs[sentence.paragraph].region
        if self.norm[sentence.end - 1] == ":":
            return  # a frame introducing the quotation that follows
        for cue in self.resolver.usable_cues(sentence.start, sentence.end, quote_ranges):
            if cue.start in used_cues:
                continue
            if cue.verb.kind == "label" and region == 0:
                self.label(sentence, cue, used_cues)
            elif self._reports_here(sentence, cue, region):
                self._report_cue(sentence, cue, quote_ranges, region, used_cues)
        self.according_to(sentence, quote_ranges, region)

    def _reports_here(self, sentence, cue: Cue, region: int) -> bool:
        """Can this cue report a clause of this sentence?"""
        norm = self.norm
        if not cue.verb.indirect:
            return False
        if region > 0 and cue.verb.kind not in ("speech", "writing", "tweet", "reply"):
            return False  # in a reader comment, "he wants" is the commenter's own claim
        if self.rx(r"\b(?:{cue_forms.words_before_other_use})\s+$", re.IGNORECASE).search(
                norm[max(0, cue.start - 8):cue.start]):
            return False  # "refused to say", "the claim": not this clause's reporting verb
        # "Asked whether she would serve, she replied": the question is not hers
        opening_question = re.compile(r"(?:\s*|.*(?:[,;]|\bwhen|\bif|\bonce)\s*)", re.IGNORECASE | re.S)
        asked = norm[cue.start:cue.end].lower() == "asked"
        return not (asked and opening_question.fullmatch(norm[sentence.start:cue.start]))

    def _report_cue(self, sentence, cue: Cue, quote_ranges, region: int, used_cues: set[int]) -> None:
        """The statement ``cue`` reports, by its subject (a name, a pronoun, a noun phrase, a poll)."""
        args = (quote_ranges, region, used_cues)
        subject, inverted, shared = self._subject_of(sentence, cue)
        if shared is not None:
            self.report(sentence, cue, _subject_just_before(cue), False, shared, *args)
            return
        if subject is None and not cue.nonfinite:
            subject = self.resolver.relative_antecedent(cue, sentence.start)
        if subject is None and not cue.nonfinite:
            if not self.np_frame(sentence, cue, region):
                self.np_subject(sentence, cue, region)
            return
        if subject is None or (subject.kind == "pronoun" and subject.surface in ("I", "we", "We")):
            return
        if subject.kind == "pronoun" and subject.surface in ("it", "It") and \
                cue.verb.kind not in ("speech", "writing", "evidence"):
            return  # ("It shows an officer aiming a gun": a video, a poll or a report shows)
        if self._evidence_report(sentence, cue, subject, *args):
            return
        attribution = self.ctx.attribution_from(subject, cue)
        if attribution is None:
            return
        if cue.nonfinite:
            attribution.confidence = round(attribution.confidence * 0.9, 3)
        if not self.report(sentence, cue, subject, inverted, attribution, *args) \
                and not inverted and subject.kind in ("source", "description") and self.np_frame(sentence, cue, region):
            used_cues.add(cue.start)  # ", a USA TODAY analysis of campaign-finance reports shows."

    def _subject_of(self, sentence, cue: Cue) -> tuple[object, bool, Attribution | None]:
        """(The cue's subject, whether it follows the verb ("..., said Galloway"), the attribution of
        an earlier verb whose subject it shares ("... and said Labour had ..."))."""
        norm = self.norm
        if cue.nonfinite:  # "..., saying it shows he'd be awake": the clause's subject speaks
            return self.resolver.main_subject(sentence.start, cue.start), False, None
        inverted = False
        subject = self.resolver.subject_left(cue, sentence.start)
        if subject is None and cue.verb.kind in ("speech", "writing", "reply", "continuation", "tweet"):
            subject = self.resolver.subject_right(cue, sentence.end)  # "..., said Galloway"
            if subject is not None and not re.compile(r"\s*(?:[,.;:!?)]|$)").match(norm[subject.end:sentence.end]) \
                    and not self.p.trailing_adjunct.match(norm[subject.end:sentence.end]):
                subject = None  # "said Labour had ...": what follows the verb is the content
            inverted = subject is not None
        joined = re.compile(r"\b(?:and|but)\s+(?:then\s+|also\s+)?$").search(norm[max(0, cue.start - 12):cue.start])
        if subject is None and joined:
            # "the Respect candidate described the result as ... and said Labour had ...": the
            # second verb shares the first one's subject
            shared = self.earlier_frame_in(sentence, cue)
            if shared is not None:
                return None, False, shared
            subject = self.resolver.main_subject(sentence.start, cue.start)
        return subject, inverted, None

    def _evidence_report(self, sentence, cue: Cue, subject, quote_ranges, region: int, used_cues: set[int]) -> bool:
        """A poll, study or video that reports: "A 2014 study by Loyola Law School professor Justin
        Levitt found ..." (the study, not the professor), "NBC published the video. It shows ..." (the
        video named last). True if the cue is dealt with so."""
        norm = self.norm
        args = (quote_ranges, region, used_cues)
        before = norm[sentence.start:subject.start]
        if subject.kind in ("name", "organisation") and (
                cue.verb.kind == "evidence" and
                self.rx(r"\b(?:{evidence.prepositions_before_author})\s+(?:[\w.'-]+\s+){0,6}$").search(before) or
                self.rx(r"\b(?:{evidence.participles_before_by})\s+by\s+(?:the\s+)?$").search(before)):
            evidence = self.evidence_subject(sentence, cue)
            if evidence is not None:
                self.report(sentence, cue, _subject_just_before(cue), False, evidence, *args)
                return True
        if not (subject.kind == "pronoun" and subject.surface in ("it", "It") and cue.verb.kind == "evidence"):
            return False
        named = list(self.grammar.evidence_np.finditer(norm[max(0, sentence.start - 300):subject.start]))
        if named:
            np = named[-1].group(0)
            speaker = self.rx(r"^(?:{evidence.determiners_dropped})\s+", re.IGNORECASE).sub("", np)
            evidence = Attribution(speaker, "source", subject.surface, norm[cue.start:cue.end], cue.verb.kind, 0.6,
                                   "pronoun", cue.start)
            self.report(sentence, cue, _subject_just_before(cue), False, evidence, *args)
        return True

    def report(self, sentence, cue: Cue, subject, inverted: bool, attribution: Attribution, quote_ranges,
                region: int, used_cues: set[int]) -> bool:
        """Add the clause ``cue`` reports as ``attribution``'s statement; False if it has no clause."""
        content = self.indirect_content(sentence, cue, subject, inverted)
        if content is None:
            return False
        start, end = content
        if not self.ctx.claimed(start):  # else already a quotation (or another report) starting here
            self.ctx.add(start, self.before_next_frame(cue, start, end, quote_ranges), "indirect", attribution, region)
            used_cues.add(cue.start)
        return True

    def label(self, sentence, cue: Cue, used_cues: set[int]) -> None:
        """"Democrats called the contempt citation a transparent political ploy", "Clinton
        described Trump as unfit": a speaker putting a name to someone, without quotation marks."""
        norm = self.norm
        before = norm[max(sentence.start, cue.start - 8):cue.start]
        if self.rx(r"(?:so-|,\s*|\b(?:{be.forms_before_label})\s+)$").search(before):
            return  # "so-called", "His group, called the ...", "was called"
        after = norm[cue.end:sentence.end]
        if self.rx(r"\s+(?:{labels.particles_after_verb})\b").match(after):
            return
        if cue.nonfinite:
            subject = self.resolver.main_subject(sentence.start, cue.start)
        else:
            subject = self.resolver.subject_left(cue, sentence.start)
        if subject is None or (subject.kind == "pronoun" and subject.surface.lower() in ("i", "we", "it")):
            return
        stop = self.p.label_stop.search(after)
        end = cue.end + (stop.start() if stop else len(after))
        words = norm[cue.end:end].split()
        if len(words) < 3 or len(words) > 30:
            return
        if cue.verb.lemma == "describe":
            pass  # "described Trump as unfit", and "described crass behaviour by Trump": what they told
        elif not any(w.lower() in self.p.second_phrase_openers
                     and words[i - 1].lower() not in self.p.no_second_np_after for i, w in enumerate(words) if i >= 1) \
                and not (self.rx(r"(?:{labels.object_openers}|[A-Z])").match(words[0])
                         and any(_evaluative(w) for w in words[2:8])):
            return  # "called a press conference", "called the party's members to the stage"; but "called
            # the charges unsubstantiated" puts an evaluative word to its object
        if self.ctx.claimed(cue.end):
            return
        attribution = self.ctx.attribution_from(subject, cue)
        if attribution is None:
            return
        attribution.confidence = round(attribution.confidence * 0.85, 3)
        if self.ctx.add(cue.end, end, "indirect", attribution, 0) is not None:
            used_cues.add(cue.start)

    def np_frame(self, sentence, cue: Cue, region: int) -> None:
        """"Six million jobs depend on exports to Mexico, one slide says.": a frame whose subject
        is a plain noun phrase closes the sentence."""
        norm = self.norm
        m = self.p.np_frame.search(norm[sentence.start:cue.start])
        if not m or word_count(norm[cue.end:sentence.end]) > 6 or " that " in norm[cue.end:sentence.end]:
            return
        if (not cue.verb.takes_object or cue.verb.kind in ("evaluation", "intention", "label")) and \
                self.p.opening_object.match(norm[cue.end:sentence.end]):
            return  # "Speaking to Sky News, the shadow secretary defended the whip": an object, not a closing frame
        start, end = sentence.start, sentence.start + m.start()
        if word_count(norm[start:end]) < 3 or self.ctx.claimed(start):
            return
        np = m.group("np")
        if any(set(w) == {"-"} for w in np.split()):
            return  # a dash-enclosed aside, not a noun phrase
        if len(np.split()) > 5 and any(w.lower() in self.p.not_in_np for w in np.split()[1:]):
            return  # a clause, not the noun phrase of a closing frame
        attribution = Attribution(self.p.article.sub("", np), "source", np,
                                  norm[cue.start:cue.end], cue.verb.kind, 0.5, "noun phrase", cue.start)
        return self.ctx.add(start, end, "indirect", attribution, region) is not None

    def np_subject(self, sentence, cue: Cue, region: int) -> None:
        """"Another 19 percent said they would not pick either candidate", "The Reuters/Ipsos poll
        showed ...": a subject that is a noun phrase rather than a name."""
        attribution = self.resolver.noun_phrase_subject(cue, sentence.start)
        if attribution is not None:
            np_words = attribution.mention.split()
            if len(np_words) > 8 or np_words[0].lower() in self.p.not_opening_np_subject:
                attribution = None
        attribution = attribution or self.evidence_subject(sentence, cue)
        that_clause = re.compile(r"\s+that\b").match(self.norm[cue.end:cue.end + 6])
        if attribution is None or (cue.verb.kind not in ("speech", "writing", "evidence", "belief", "reply")
                                   and not that_clause):  # "62 percent of voters agreed that ..."
            return
        content = self.indirect_content(sentence, cue, _subject_just_before(cue), False)
        if content is None or self.ctx.claimed(content[0]):
            return
        self.ctx.add(content[0], content[1], "indirect", attribution, region)

    def evidence_subject(self, sentence, cue: Cue) -> Attribution | None:
        """"The Real Clear Politics average of polls taken over the past two weeks shows ...": a
        longer noun phrase headed by a poll, study or report, from the clause's start to the verb."""
        if cue.verb.kind not in ("evidence", "speech", "writing", "belief") or cue.nonfinite:
            return None
        before = self.norm[sentence.start:cue.start]
        if not self.grammar.evidence_subject.search(before):
            return None
        np = re.compile(r"[,;:]\s+").split(before)[-1].strip()
        if not np or word_count(np) > 14 or not (np[0].isupper() or np.lower().startswith(("the ", "a ", "an "))):
            return None
        # "A Quinnipiac University poll released in late August": the poll, without when it came out
        np = self.grammar.leading_conjunction.sub("", self.grammar.participle_tail.sub("", np))
        return Attribution(self.p.article.sub("", np), "source", np,
                           self.norm[cue.start:cue.end], cue.verb.kind, 0.5, "noun phrase", cue.start)

    def before_next_frame(self, cue: Cue, start: int, end: int, quote_ranges) -> int:
        """"Republicans said X and Democrats accused the GOP of Y": X ends where the next
        speaker's frame begins."""
        for later in self.resolver.usable_cues(max(start, cue.end), end, quote_ranges):
            if later.verb.kind not in ("speech", "writing", "evaluation", "reply"):
                continue
            subject = self.resolver.subject_left(later, start)
            if subject is not None and subject.start > start and subject.kind in ("name", "organisation", "source") \
                    and re.compile(r"(?:,|;|\band|\bbut|\bwhile|\bwhereas)\s*$").search(self.norm[start:subject.start]):
                joint = re.compile(r"(?:\s*[,;]?\s*(?:and|but|while|whereas)?\s*)$")
                cut = joint.search(self.norm[start:subject.start])
                return start + (cut.start() if cut else subject.start - start)
        return end

    def earlier_frame_in(self, sentence, cue: Cue) -> Attribution | None:
        """The attribution of a statement framed earlier in this sentence ("Reeves said ... but
        insisted ..."): a second verb joined by "and"/"but" shares its subject."""
        for statement in reversed(self.statements[-6:]):
            if statement.cue_pos is not None and sentence.start <= statement.cue_pos < cue.start \
                    and statement.quote_type != "narration" and statement.nested_in is None:
                return Attribution(statement.speaker, statement.speaker_kind, statement.speaker_mention,
                                   self.norm[cue.start:cue.end], cue.verb.kind, statement.confidence, statement.method,
                                   cue.start)
        return None

    def according_source(self, phrase_start: int, source_start: int, limit: int) -> Attribution | None:
        """The source named after "according to" (``source_start``), up to punctuation or a clause."""
        norm = self.norm
        subject = next(iter(self.resolver.mentions_between(source_start, source_start + 5)), None)
        np_end = self.p.according_source_end.search(norm, source_start, limit)
        np_end = np_end.start() if np_end else limit
        if subject is not None and subject.start < np_end and (
                re.compile(r"\s+[a-z]").match(norm[subject.end:np_end]) and
                not self.rx(r"\s+(?:{according.words_after_source_name})\b").match(norm[subject.end:np_end]) or
                self.rx(r"[/\s][\w/ -]{0,30}?\b(?:{according.evidence_after_name})\b").match(norm[subject.end:np_end])):
            # "according to a Washington Post database tracking such deaths": the database (and not a person
            # named later in the phrase either)
            subject = False
        if subject is None:
            # "according to a speech Mrs. Clinton gave", "according to an interview with Mr. Trump": the person
            spoken = self.rx(r"(?:{according.determiners_of_speech})\s+(?:[\w-]+\s+){0,2}?"
                             r"(?:{according.speech_nouns})\b", re.IGNORECASE).match(norm[source_start:np_end])
            if spoken:
                subject = next((m for m in self.resolver.mentions_between(source_start + spoken.end(), np_end)
                                if m.kind == "name" and m.speaker_kind == "person"), None)
        if subject and subject.start < np_end:
            speaker, kind, confidence, method = self.resolver.speaker_of(subject)
            surface = subject.surface
        else:  # whatever follows "according to" is the source
            surface = norm[source_start:np_end].strip()
            speaker = self.p.article.sub("", surface)
            kind, confidence, method = "source", 0.6, "source"
        if not speaker or word_count(surface) > 12:
            return None
        return Attribution(speaker, kind, surface, "according to", "speech", confidence, method, phrase_start)

    def according_to(self, sentence, quote_ranges: list[tuple[int, int]], region: int) -> None:
        """"according to X, ..." and "..., according to X." """
        norm = self.norm
        for m in _ACCORDING.finditer(norm, sentence.start, sentence.end):
            if quote_ranges.covers(m.start()):
                continue
            attribution = self.according_source(m.start(), m.end(), sentence.end)
            if attribution is None:
                continue
            if m.start() - sentence.start <= 2:
                comma = norm.find(",", m.end(), sentence.end)
                if comma < 0:
                    continue
                start, end = comma + 1, sentence.end
            else:
                start, end = sentence.start, m.start()
            if word_count(norm[start:end]) < 3:
                continue
            if self.ctx.claimed(start):
                continue
            self.ctx.add(start, end, "indirect", attribution, region)

    def subject_then_verb(self, start: int, end: int) -> bool:
        """"said parents still want neighbourhood schools": a bare noun subject, then a verb the
        lexicon knows, opens a clause."""
        for m in self.resolver.mentions_between(start, min(end, start + 60)):
            if m.start != start or m.kind not in ("source", "name", "organisation"):
                return False
            for later in self.resolver.cues_between(m.end, min(end, m.end + 30)):
                between = self.rx(r"\s+(?:(?:{subjects.adverbs_between_noun_and_verb}|[a-z]+ly)\s+)?")
                return bool(between.fullmatch(self.norm[m.end:later.start]))
            return False
        return False

    def indirect_content(self, sentence, cue: Cue, subject, inverted: bool) -> tuple[int, int] | None:
        """The reported clause of ``cue`` (with its ``subject``; ``inverted``: "said Galloway"):
        before a closing frame ("..., Galloway said."), else after the verb ("said (that) ...")."""
        content = self._before_frame(sentence, cue, subject, inverted)
        if content is not None or inverted:
            return content
        return self._after_verb(sentence, cue, subject)

    def _before_frame(self, sentence, cue: Cue, subject, inverted: bool) -> tuple[int, int] | None:
        """"..., Galloway said." / "..., said Galloway, the Respect MP." / "..., he said, ...": the
        words before a frame set off by a comma (from the dateline's end)."""
        norm, end = self.norm, sentence.end
        before = self._words_before_frame(sentence, cue, subject, inverted)
        after = norm[(subject.end if inverted else cue.end):end]
        adjacent = inverted or bool(self.grammar.gap.match(norm[subject.end:cue.start]))
        if cue.nonfinite or not adjacent or not before.endswith(",") or word_count(before) < 2:
            return None
        if self._frame_closes_sentence(cue, after):
            dateline = _DATELINE.match(norm, sentence.start, sentence.start + len(before))
            return dateline.end() if dateline else sentence.start, sentence.start + len(before) - 1
        tail = re.compile(r"(?:\s+\w+){0,4}?\s*,\s*").match(after)
        if tail and word_count(after) > 2:
            dateline = _DATELINE.match(norm, sentence.start, end)
            return dateline.end() if dateline else sentence.start, end
        return None

    def _words_before_frame(self, sentence, cue: Cue, subject, inverted: bool) -> str:
        """The sentence up to the frame, without the subject's titles, determiners and (a source's)
        adjectives ("..., top black lawmakers said")."""
        before = self.p.trailing_titles.sub("", self.norm[sentence.start:cue.start if inverted else subject.start])
        before = before.rstrip()
        if not inverted:
            while self.p.determiners.search(before):
                before = self.p.determiners.sub("", before).rstrip()
            modifiers = re.compile(r",(?:\s+[a-z][\w-]*){1,3}$").search(before)
            if modifiers and subject.kind == "source":
                before = before[:modifiers.start() + 1]
        return before

    def _frame_closes_sentence(self, cue: Cue, after: str) -> bool:
        """Does the frame end the sentence, with no clause or object of its own after the verb? ("...,
        Galloway said on Monday."; but "Speaking to Sky News, Starmer defended the whip." has an object,
        and "..., the court rejected a request" too)"""
        clause_after = bool(self.p.subject_start.match(after.lstrip())
                            and self.p.clause_verb.search(" ".join(after.split()[:6])))
        objectless = (cue.verb.kind in ("speech", "writing", "reply", "continuation", "belief", "tweet") and
                      (cue.verb.takes_object or not self.p.opening_object.match(after))) or \
            self.rx(r"\s*(?:(?:on\s+)?\w+day|{time.closing_frame})?\s*[.!?]?\s*").fullmatch(after)
        return word_count(after) <= 9 and " that " not in after and not after.lstrip().startswith(",") \
            and not clause_after and bool(objectless)

    def _after_verb(self, sentence, cue: Cue, subject) -> tuple[int, int] | None:
        """The clause after the verb: past "that" (or "whether", "how"...), an object ("told reporters
        he ..."), or an adjunct ("said in a statement that ..."), up to where another frame begins."""
        norm, end = self.norm, sentence.end
        start = cue.end
        lead = re.compile(r"\s*,\s*").match(norm[start:end])
        if lead:  # "advisers to Mr. Obama say, the president has ..."
            start += lead.end()
        rest = norm[start:end]
        that = self.rx(r"\s+(?:{clauses.complementisers})\b").match(rest)
        open_clause = cue.verb.kind in self._OPEN_CLAUSE_KINDS
        if that:
            start += that.end() if that.group(0).strip() == "that" else len(that.group(0)) - len(that.group(0).lstrip())
        elif cue.verb.kind == "evidence" and subject.kind != "source":
            return None  # "the poll found that ..." reports; "police found a body" does not
        elif not open_clause and cue.verb.takes_object:
            if not self.p.object_then_clause.match(rest) and re.compile(r"\s+(?:[\w'.-]+\s+){1,6}?to\s+\w").match(rest):
                return (start + len(rest) - len(rest.lstrip()), end)  # "warned North Korea to refrain ..."
            start, that = self._past_object(start, end, rest)
        elif not open_clause:
            start = self._past_adjunct(start, end, rest)
        if start is None:
            return None
        end = self._clause_end(sentence, subject, start, end, bool(that), open_clause, cue)
        if end is None:
            return None
        return self._checked_clause(sentence, cue, subject, start, end, bool(that), open_clause)

    def _past_object(self, start: int, end: int, rest: str) -> tuple[int | None, bool]:
        """Past the object of a verb that takes one ("told reporters (that) he ..."), and whether
        "that" follows it; None without a clause."""
        obj = self.p.object_then_clause.match(rest)
        if not obj:
            return None, False
        start += obj.end()
        that = re.compile(r"that\b").match(self.norm[start:end])
        return (start + that.end(), True) if that else (start, False)

    def _past_adjunct(self, start: int, end: int, rest: str) -> int | None:
        """Past an adjunct before "that" ("said in a statement that"); None when what follows is an
        object ("claimed victory") rather than a clause ("claimed news ... had leaked")."""
        pp = _PP_THEN_THAT.match(rest)
        if pp and self.p.clause_verb.search(pp.group(0)):
            pp = None  # "said officials are in possession of video that shows": a clause, then a relative
        if pp and self.grammar.starts_clause(rest):
            # "said the latest test could change that": "that" ends the clause, not opens it
            pp = self.p.pp_comma_that.match(rest)
            pp = pp if pp and re.compile(r",\s+that$").search(pp.group(0)) and ";" not in pp.group(0) else None
        if pp and (not re.compile(r"[,;]").search(pp.group(0)) or pp.group(0).endswith(", that")):
            return start + pp.end()
        if not self.p.subject_start.match(rest.lstrip()) and \
                not self.p.clause_verb.search(" ".join(rest.split()[:10])) \
                and not self.subject_then_verb(start + len(rest) - len(rest.lstrip()), end):
            return None
        return start

    def _clause_end(self, sentence, subject, start: int, end: int, that: bool, open_clause: bool,
                    cue: Cue) -> int | None:
        """Where the clause ends: at the comma closing a contrast opened before the subject, at a
        possessed report inside it, at a participle opening a frame of its own."""
        norm = self.norm
        if self.rx(r"(?:^|,\s*)(?:{=subordinators.opening_contrast})\s+[^,]*$",
                   re.IGNORECASE).search(norm[sentence.start:subject.start]):
            comma = norm.find(", ", start, end)
            if comma > 0:
                end = comma
        if open_clause and cue.verb.kind == "evaluation" and \
                self.rx(r"\s*(?:{prepositions.after_evaluation})\b").match(norm[start:end]):
            return None  # "reacted to the result", "spoke about": what they did, not what they said
        if open_clause and not that:
            for inner in self.resolver.cues_between(start, end):
                if self.resolver.possessor_of(inner, start) is not None:
                    end = inner.end  # "dismissed Tony Blair's warning that ...": what follows is Blair's
                    break
        if not that:
            participle = self.rx(r",\s+(?:{cue_forms.participles_opening_frame})\b").search(norm[start:end])
            if participle:  # "defended him, saying ...": the participle opens a frame of its own
                end = start + participle.start()
        return end

    def _checked_clause(self, sentence, cue: Cue, subject, start: int, end: int, that: bool,
                        open_clause: bool) -> tuple[int, int] | None:
        """The clause if it is one (enough words; not "said in a statement"), with a clause fronted
        before its frame ("When she is filling a post, she said she ensures ...": said too)."""
        norm = self.norm
        clause = norm[start:end].strip()
        minimum = 2 if open_clause else 3
        if word_count(clause) < minimum or (not open_clause and not that and
                                             clause.startswith(("to ", "about ", "so ", "in ", "on ", "at "))):
            return None  # ("said in a statement" is an adjunct; "found that in three counties ..." a clause)
        if cue.verb.kind in ("speech", "writing", "belief", "reply") and \
                self.grammar.fronted_clause.match(norm, sentence.start, min(subject.end, cue.start)):
            opening = self.rx(r"\s*(?:(?:{conjunctions.opening})\s+)?").match(norm[sentence.start:end])
            start = sentence.start + opening.end()
        return start, end
