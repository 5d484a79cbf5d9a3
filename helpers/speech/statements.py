"""Who said what: turning one article's text into statements.

A statement is a stretch of the article text with a speaker. Kinds (``quote_type``):

- ``direct``: a full quotation in marks (``"It was a private meeting," he said``);
- ``partial``: a fragment in marks inside the writer's sentence; the statement spans the
  reported clause (``he viewed Miliband as being "quite impressive"``) so that its target is
  kept with it;
- ``block``: quotation set off as its own paragraph after a colon frame, with or without marks;
- ``tweet``: a quotation introduced as a tweet or a reply on Twitter;
- ``indirect``: reported speech without marks (``Galloway claimed news of the meeting had...``);
- ``comment``: a sentence of a reader comment (speaker: the commenter's handle);
- ``narration``: a sentence in the writer's own voice (speaker: the author, else the outlet).

Quotations inside quotations are attributed to the inner speaker as separate statements
(``nested_in`` points at the outer one). Scare quotes and names in marks are not statements.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from ..text.regex_cache import rx as _rx
from ..text.segment import Paragraph, SpanSet, paragraphs, sentences
from ..text.textnorm import for_matching
from . import lexicon as lexicon_module
from .attribution import _FRONTED_CLAUSE, Attribution, Cue, Resolver
from .mentions import MentionFinder
from .quotes import QuoteSpan, double_quotes, single_quotes
from .reported_speech import ReportedSpeech, _starts_clause

_WORDS = re.compile(r"[A-Za-z0-9][\w'-]*")
_SMALL = {"a", "an", "the", "of", "and", "in", "on", "for", "to", "at", "by", "or", "with", "from", "not", "&"}
#: a frame naming Twitter as the medium ("on Twitter", "in a tweet"); not "his late-night tweets targeting X"
_TWEET_MEDIUM = re.compile(r"\b(?:on|via)\s+(?:Twitter|X|social media)\b|\b(?:in|on|via|with)\s+(?:a|an|one|his|her|their|its|"
                           r"the|this|that|another|several|a series of|a string of)\s+(?:[\w-]+\s+){0,2}?tweets?\b|"
                           r"\btweet(?:ed|ing)\b", re.IGNORECASE)
#: a subordinate clause's opening word: a report after it is inside this clause ("... was "right" when he said ...");
#: temporal "after"/"before" clauses are more often the writer's ("threatened "to tell" after Labour figures said")
_SUBORDINATOR_BEFORE = re.compile(r"\b(?:when|if|that|which|who|where|whether)\s+$", re.IGNORECASE)
#: a hearer after "told" before the reported clause ("told the BBC the leadership had", "told reporters he was")
_HEARER = re.compile(r"\s*(?:the\s+)?(?:BBC(?:\s+Radio\s+\w+)?|ITV(?:\s+News)?|Sky(?:\s+News)?|Channel\s+4(?:\s+News)?|LBC|"
                     r"CNN|Fox\s+News|NBC|CBS|ABC|MSNBC|NPR|Guardian|Times|Observer|Telegraph|Independent|Mirror|"
                     r"reporters|journalists|MPs|members|supporters|activists|delegates|the\s+(?:paper|newspaper|programme|"
                     r"show|committee|audience|crowd|conference|meeting))\s+(?=(?:the|he|she|they|it|we|I|there|his|her|"
                     r"their|Labour|[A-Z]\w+)\b)")
#: "According to X, " right before a quotation
_ACCORDING_BEFORE = re.compile(r"\b[Aa]ccording to\s+(?P<source>[^,;:\"]{1,80}),\s*$")
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
_TWITTER = re.compile(r"\b(?:twitter|tweet(?:ed|s)?|@\w+|on x\b|x account|posted on)", re.IGNORECASE)


@dataclass
class Statement:
    """One attributed stretch of text. ``start``/``end`` index the article text."""

    start: int
    end: int
    quote_type: str
    speaker: str
    speaker_kind: str
    speaker_mention: str
    cue: str
    confidence: float
    method: str
    region: int
    context_start: int
    context_end: int
    nested_in: "Statement | None" = None
    cue_pos: int | None = None


@dataclass
class Unit:
    """Quotation spans that belong together (a multi-paragraph quotation)."""

    spans: list[QuoteSpan]

    @property
    def first(self) -> QuoteSpan:
        return self.spans[0]


def _word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def _is_title_case(text: str) -> bool:
    """A name or title in marks ("Not the Andrew Marr Show"), not a sentence ("No.")."""
    if _rx(r"[.!?]\W*$").search(text.strip()):
        return False
    words = _WORDS.findall(text)
    if not words or len(words) > 8 or _rx(r"[.!?]\s").search(text):
        return False
    content = [w for w in words if w.lower() not in _SMALL]
    return bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)


class ArticleAnalyser(ReportedSpeech):
    """Extracts statements from one article. See :func:`extract_statements`."""

    def __init__(self, text: str, body_end: int, comments: list[tuple[int, int, str]],
                 published: date | None, narrator: str, narrator_kind: str, settings: dict,
                 lexicon: lexicon_module.Lexicon | None = None, hits: dict | None = None):
        self._given_hits = hits
        self.text = text
        self.norm = for_matching(text)
        self.published = published
        self.narrator, self.narrator_kind = narrator, narrator_kind
        self.lx = lexicon or lexicon_module.load_lexicon()
        self.min_words = int(settings.get("min_words_without_cue", 6))
        self.continuation_paragraphs = int(settings.get("continuation_paragraphs", 2))
        regions = [(0, body_end, 0)] + [(s, e, i + 1) for i, (s, e, _) in enumerate(comments)]
        self.handles = {i + 1: h for i, (_, _, h) in enumerate(comments)}
        self.paragraphs = paragraphs(self.norm, regions)
        self.sentences = sentences(self.norm, self.paragraphs)
        self._sentence_starts = [s.start for s in self.sentences]
        self.statements: list[Statement] = []

    # -- quotation marks ------------------------------------------------------------------------
    def _find_quotes(self) -> tuple[list[Unit], set[int]]:
        """Quotation units in document order, and the paragraphs that are colon-framed blocks."""
        units: list[Unit] = []
        block_paragraphs: set[int] = set()
        previous: Paragraph | None = None
        open_unit: Unit | None = None
        continuing = False
        for para in self.paragraphs:
            if previous is None or previous.region != para.region:
                continuing, open_unit = False, None
            starts_with_mark = self.norm[para.start] in "\"'"
            if previous is not None and previous.region == para.region and \
                    self.norm[previous.end - 1] == ":" and not starts_with_mark:
                block_paragraphs.add(para.index)
            spans, left_open = double_quotes(self.text, self.norm, para, continuing)
            if not spans and para.index not in block_paragraphs:
                spans = [s for s in single_quotes(self.text, self.norm, para.start, para.end, para.index)]
            for span in spans:
                if span.continues_from_previous and open_unit is not None:
                    open_unit.spans.append(span)
                else:
                    units.append(Unit([span]))
            open_unit = units[-1] if left_open and units else None
            continuing = left_open
            previous = para
        return units, block_paragraphs

    # -- helpers ---------------------------------------------------------------------------------
    def _sentence_span(self, start: int, end: int) -> tuple[int, int]:
        first = self.resolver.sentence_at(start)
        last = self.resolver.sentence_at(max(start, end - 1))
        return (first.start if first else start, last.end if last else end)

    def _add(self, start: int, end: int, quote_type: str, attribution: Attribution | None, region: int,
             nested_in: Statement | None = None) -> Statement | None:
        while start < end and (self.norm[start].isspace() or self.norm[start] in ",:;-"):
            start += 1
        while end > start and (self.norm[end - 1].isspace() or self.norm[end - 1] in ",:;-"):
            end -= 1
        if end <= start or not _WORDS.search(self.norm[start:end]):
            return None
        if attribution is None:
            attribution = Attribution("unknown", "unknown", "", "", "", 0.2, "none")
        context = self._sentence_span(start, end)
        statement = Statement(start, end, quote_type, attribution.speaker, attribution.speaker_kind,
                              attribution.mention, attribution.cue, attribution.confidence, attribution.method,
                              region, context[0], context[1], nested_in, attribution.cue_pos)
        self.statements.append(statement)
        if quote_type not in ("narration", "comment"):
            self.resolver.record(start, attribution.speaker, attribution.speaker_kind)
        return statement

    def _previous_speaker(self, pos: int, region: int) -> Attribution | None:
        """The speaker of the last statement shortly before ``pos`` (a continued quotation)."""
        para_index = next((p.index for p in self.paragraphs if p.start <= pos <= p.end), None)
        for statement in reversed(self.statements):
            if statement.start >= pos or statement.quote_type in ("narration", "comment") or statement.region != region:
                continue
            if statement.nested_in is not None or statement.speaker_kind == "unknown":
                continue
            stmt_para = next((p.index for p in self.paragraphs if p.start <= statement.start <= p.end), None)
            if para_index is not None and stmt_para is not None and para_index - stmt_para > self.continuation_paragraphs:
                return None
            return Attribution(statement.speaker, statement.speaker_kind, statement.speaker_mention, "",
                               statement.quote_type, round(min(statement.confidence, 0.9) * 0.8, 3), "continuation")
        return None

    # -- quotation frames -------------------------------------------------------------------------
    def _post_frame(self, span: QuoteSpan, ceiling: int) -> Attribution | None:
        if span.close_mark is None:
            return None
        after = span.close_mark + span.close_width
        window = self.norm[after:min(ceiling, after + 160)]
        lead = _rx(r"^[\s,.;:!?'\"-]*").match(window)
        pos = after + lead.end()
        dash = _rx(r"^\s*[-]+\s*(?=[A-Z])").match(window)
        if dash:  # "... ― Sonya Herridge"
            name_start = after + dash.end()
            name = _rx(r"[A-Z][\w'.-]*(?:\s+(?:[A-Z][\w'.-]*|de|van|von|bin|al))*").match(self.norm[name_start:])
            if name:
                mentions = self.resolver.mentions_between(name_start, name_start + 1)
                speaker, kind = (mentions[0].entity, mentions[0].speaker_kind) if mentions and mentions[0].entity else \
                    (name.group(0).rstrip("."), "person")
                return Attribution(speaker, kind if kind != "unknown" else "person", name.group(0), "-", "speech", 0.85,
                                   "dash")
        signature = _rx(r"\s*(?P<name>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){1,3})\.?\s*$").match(self.norm[after:ceiling])
        # (only a quotation that ends a sentence is signed: 'would "never forgive" Mr Galloway.' is not)
        if signature and self.norm[after:after + 1] in (" ", "\n") and not self.resolver.cues_between(after, ceiling) \
                and _rx(r"[.!?…]['\"]?\s*$").search(self.norm[span.start:span.end]):
            # a quotation signed with its author's name alone ("...” Edwin G. Monroy)
            name_start = after + signature.start("name")
            mentions = [m for m in self.resolver.mentions_between(name_start, name_start + 1) if m.entity]
            speaker, kind = (mentions[0].entity, mentions[0].speaker_kind) if mentions else \
                (signature.group("name"), "person")
            return Attribution(speaker, kind if kind != "unknown" else "person", signature.group("name"), "", "speech",
                               0.75, "signature")
        long_appositive = self._appositive_frame(pos, ceiling)
        if long_appositive is not None:
            return long_appositive
        quote_closed_by_punctuation = bool(_rx(r"[,.!?…-]'?\s*$").search(self.norm[span.start:span.end]))
        if not quote_closed_by_punctuation and not _rx(r"[,.!?()-]").search(self.norm[after:pos]):
            return None
        for cue in self.resolver.cues_between(pos, min(ceiling, pos + 120)):
            if cue.verb.kind == "evidence":
                continue
            between = self.norm[pos:cue.start]
            if '"' in between or len(between) > 110:
                break
            # "X tweeted: "A", Galloway replied: "B"": the cue introduces the next quotation
            if _rx(r"\s*(?:[\w'.-]+\s+){0,3}?[:,]?\s*\"").match(self.norm[cue.end:cue.end + 40]) and \
                    _rx(r"[^\n]{0,30}?:").match(self.norm[cue.end:cue.end + 32]):
                break
            attribution = None
            if not between.strip():  # "..., said Galloway" / "..., added the Labour leader"
                subject = self.resolver.subject_right(cue, ceiling)
                if subject is not None:
                    attribution = self._attribution_from(subject, cue)
            else:
                subject = self.resolver.subject_left(cue, pos)
                # only titles may stand between the quotation and its speaker ("Mr. Obama said",
                # "Trump lawyer Marc Kasowitz said")
                if subject is None and cue.verb.kind in ("speech", "writing", "reply", "continuation") and \
                        not _rx(r"[,;:()]").search(between):
                    # ""If he thinks that makes him smart," the ad's narrator says, "what ...": a noun phrase
                    attribution = self.resolver._noun_phrase_subject(cue, pos)
                if subject is not None and subject.start >= pos and self._title_words(self.norm[pos:subject.start]):
                    attribution = self._attribution_from(subject, cue)
                    rest = self.norm[cue.end:cue.end + 40]
                    if attribution is not None and _rx(r"[.!?]'?\s*$").search(self.norm[span.start:span.end]) and \
                            (_rx(r"\s*that\b").match(rest) or _starts_clause(rest)):
                        return None  # '..." Gov. McCrory said it would be ...': a new sentence's own report
            if attribution is not None:
                return attribution
            break
        return None

    def _appositive_frame(self, pos: int, ceiling: int) -> Attribution | None:
        """"..." Scott Pruitt, the Republican attorney general of Oklahoma, one of the states suing
        the EPA, said ...: a name, a long description between commas, then the cue."""
        name = next((m for m in self.resolver.mentions_between(pos, pos + 60) if m.kind == "name" and m.entity), None)
        if name is None or not self._title_words(self.norm[pos:name.start]) or self.norm[name.end:name.end + 1] != ",":
            return None
        for cue in self.resolver.cues_between(name.end, min(ceiling, name.end + 260)):
            if cue.verb.kind not in ("speech", "writing", "reply", "continuation") or cue.nonfinite:
                continue
            if _rx(r",[^\"\n]{3,240}?,\s*(?:[a-z]+ly\s+)?").fullmatch(self.norm[name.end:cue.start]):
                return self._attribution_from(name, cue)
        return None

    _NOT_IN_TITLES = frozenset("that this who which what when while as if but because so and or to is are was were "
                               "has have had will would could should may might can did does do not".split())

    def _title_words(self, gap: str) -> bool:
        """Only a title or description stands between a quotation and the name that closes it
        ("White House press secretary Josh Earnest said"), no clause of the writer's own."""
        words = gap.split()
        lx = self.lx
        if len(words) > 6 or _rx(r"[,;:()\"]").search(gap):
            return False
        return all(
            w[0].isupper() or w.lower() in ("the", "of", "one", "a", "an", "two", "three", "several", "some", "former",
                                             "retired", "acting", "interim", "outgoing", "elected")
            or w.lower() in lx.description_nouns or w.lower() in lx.source_nouns
            or (w.isalpha() and w.islower() and w not in self._NOT_IN_TITLES and w not in lx.cues
                and not w.endswith(("ed", "ing", "ly")))
            for w in words)

    def _late_frame(self, span: QuoteSpan, sentence_end: int, next_quote: int) -> Attribution | None:
        """"''I have admiration for the mechanics'' of the Clinton proposals, Mr. Holtz-Eakin said.":
        a frame closing the sentence some words after the quotation."""
        after = span.close_mark + span.close_width
        end = min(sentence_end, next_quote)
        for cue in self.resolver.cues_between(after, end):
            if cue.nonfinite or cue.verb.kind in ("evidence", "intention", "label", "evaluation"):
                continue
            if _word_count(self.norm[cue.end:end]) > 8 or '"' in self.norm[after:cue.start]:
                continue
            subject = self.resolver.subject_left(cue, after) or self.resolver.subject_right(cue, end)
            if subject is None or subject.start < after:
                continue
            if not _rx(r",\s*(?:[A-Z][\w.'-]*\s+){0,3}$").search(self.norm[after:subject.start] or ","):
                continue  # the frame follows a comma: ", Mr. Holtz-Eakin said."
            attribution = self._attribution_from(subject, cue)
            if attribution is not None:
                attribution.confidence = round(attribution.confidence * 0.9, 3)
                attribution.method += "+late"
            return attribution
        return None

    def _attribution_from(self, subject, cue: Cue, allow_quoted_after: int | None = None) -> Attribution | None:
        speaker, kind, confidence, method = self.resolver.speaker_of(subject, allow_quoted_after)
        if not speaker:
            return None
        return Attribution(speaker, kind, subject.surface, self.norm[cue.start:cue.end], cue.verb.kind,
                           round(confidence, 3), method, cue.start)

    _SPEECH_KINDS = ("speech", "writing", "tweet", "reply", "continuation", "belief", "label")

    def _pre_frame(self, span: QuoteSpan, floor: int, quote_ranges: list[tuple[int, int]],
                   allow_quoted_after: int | None = None) -> Attribution | None:
        cues = self.resolver.usable_cues(floor, span.open_mark, quote_ranges, passive_with_agent=True)
        speech = [c for c in cues if c.verb.kind in self._SPEECH_KINDS]
        if speech and cues[-1].verb.kind not in self._SPEECH_KINDS:
            cues = speech  # "Ryan said the spate of shootings demands that ... "more listening""
        for cue in reversed(cues):
            attribution = self.resolver.attribute_with_cue(cue, floor, span.open_mark, allow_quoted_after)
            if attribution is not None:
                return attribution
            break
        pre = self.norm[floor:span.open_mark].rstrip()
        if pre.endswith(":"):
            subject = self.resolver.main_subject(floor, span.open_mark, allow_quoted_after)
            if subject is not None:
                speaker, kind, confidence, method = self.resolver.speaker_of(subject, allow_quoted_after)
                if speaker:
                    return Attribution(speaker, kind, subject.surface, ":", "speech", round(confidence * 0.9, 3),
                                       method + "+colon")
        return None

    def _colon_frame(self, para: Paragraph, quote_ranges: list[tuple[int, int]]) -> Attribution | None:
        """The last sentence of the previous paragraph ends with ':' ("She told the Guardian:")."""
        if para.index == 0:
            return None
        previous = self.paragraphs[para.index - 1]
        if previous.region != para.region or self.norm[previous.end - 1] != ":":
            return None
        frame = self.resolver.sentence_at(previous.end - 1)
        start = frame.start if frame else previous.start
        cues = self.resolver.usable_cues(start, previous.end, quote_ranges)
        if not cues and _rx(r"(?:Here|Below)\s+(?:is|are|'s)\s").match(self.norm[start:previous.end]):
            # a live blog's "Here is the Labour MP Jess Phillips on the exchanges:"
            named = [m for m in self.resolver.mentions_between(start, previous.end) if m.kind in ("name", "organisation")
                     and not m.possessive]  # "the Labour MP Jess Phillips": the name, not the description
            subject = named[0] if named else self.resolver.main_subject(start, previous.end)
            speaker = self.resolver.speaker_of(subject) if subject is not None else None
            if speaker and speaker[0]:
                return Attribution(speaker[0], speaker[1], subject.surface, ":", "speech", round(speaker[2] * 0.9, 3),
                                   speaker[3] + "+colon")
        for cue in reversed(cues):
            attribution = self.resolver.attribute_with_cue(cue, start, previous.end)
            if attribution is None:
                # "Speaking to the BBC, Galloway made an extended pitch:" - the speaker is the subject
                subject = self.resolver.main_subject(start, previous.end)
                if subject is None:
                    return None
                speaker, kind, confidence, method = self.resolver.speaker_of(subject)
                if not speaker:
                    return None
                attribution = Attribution(speaker, kind, subject.surface, self.norm[cue.start:cue.end], cue.verb.kind,
                                          round(confidence * 0.85, 3), method, cue.start)
            attribution.method += "+colon"
            return attribution
        return None

    # -- quotation units ---------------------------------------------------------------------------
    def _quote_type(self, span: QuoteSpan, attribution: Attribution | None, floor: int, block: bool) -> str:
        if attribution is not None and (attribution.cue_kind == "tweet" or (
                attribution.method == "continuation" and attribution.cue_kind == "tweet")):
            as_speech = Attribution(**{**attribution.__dict__, "cue_kind": "label"})  # the type, Twitter aside
            if self._quote_type(span, as_speech, floor, block) == "partial":
                return "partial tweet"  # "tweeted that Machado was "disgusting"": the clause, from a tweet
            return "tweet"
        frame_end = self.resolver.sentence_at(span.end - 1)
        # the words around the quotation, not inside it ("he tweeted that" quoted is not the medium)
        frame = self.norm[floor:span.open_mark] + " " + self.norm[span.end:frame_end.end if frame_end else span.end]
        if attribution is not None and attribution.cue_kind in ("writing", "speech", "reply") and \
                _TWEET_MEDIUM.search(frame):
            # ("Writing on Twitter, Mr Galloway said Labour had been "humiliated"": the clause, from a tweet)
            as_speech = Attribution(**{**attribution.__dict__, "cue_kind": "label"})
            return "partial tweet" if self._quote_type(span, as_speech, floor, block) == "partial" else "tweet"
        if attribution is not None and attribution.cue_kind in ("reply", "continuation") and \
                _TWITTER.search(self.norm[max(0, floor - 300):span.open_mark]) and \
                any(s.quote_type == "tweet" and span.open_mark - s.end < 400 for s in self.statements[-3:]):
            return "tweet"
        if block:
            return "block"
        pre = self.norm[floor:span.open_mark]
        if attribution is not None and attribution.cue_pos is not None and floor <= attribution.cue_pos < span.open_mark:
            pre = self.norm[attribution.cue_pos + len(attribution.cue):span.open_mark]
        first_char = self.norm[span.start] if span.start < len(self.norm) else ""
        if attribution is not None and (attribution.cue_pos is None or attribution.cue_pos > span.open_mark) and \
                (first_char.isupper() or self.norm[span.open_mark - 1:span.open_mark] in ("(", "")):
            return "direct"
        if pre.rstrip().endswith(":") and not first_char.islower():
            return "direct"
        if attribution is not None and attribution.cue == "according to" and pre.rstrip().endswith(",") and \
                not first_char.islower():
            return "direct"  # 'According to Limbaugh, "If it was ...'
        if _rx(r"[\s,:;-]*(?:that\s*)?[\s,:;-]*", re.IGNORECASE).fullmatch(pre) and not first_char.islower():
            return "direct"
        if _rx(r"[\s,:;-]*").fullmatch(pre) and first_char.islower():
            return "direct" if _word_count(self.norm[span.start:span.end]) >= self.min_words else "partial"
        return "partial"

    def _partial_span(self, span: QuoteSpan, attribution: Attribution | None, floor: int, sentence_end: int,
                      next_quote_start: int) -> tuple[int, int]:
        """The reported clause around a partial quotation."""
        if attribution is not None and attribution.cue_pos is not None and floor <= attribution.cue_pos < span.open_mark:
            start = attribution.cue_pos + len(attribution.cue)
            that = _rx(r"\s*(?:that\b|as\b|:|,)?").match(self.norm[start:span.open_mark])
            if that:
                start += that.end()
            # "told BBC Radio 4's Today programme that she was "disappointed"": past the object
            obj = _rx(r"\s*(?:[\w'.-]+\s+){1,8}?that\s").match(self.norm[start:span.open_mark])
            if obj and not _rx(r"[,;:]").search(obj.group(0)):
                start += obj.end()
            elif attribution.cue_kind in ("speech", "reply") and _HEARER.match(self.norm, start, span.open_mark):
                start = _HEARER.match(self.norm, start, span.open_mark).end()  # "told the BBC the leadership had ...""
            lead = self.norm[floor:attribution.cue_pos]
            opener = _FRONTED_CLAUSE.match(lead)
            if opener or (_rx(r",\s*\S+(?:\s+\S+){0,5}\s*$").search(lead) and
                          _rx(r"\s*,").match(self.norm[attribution.cue_pos + len(attribution.cue):span.open_mark])):
                # "So when Patriot signalled a deal, Mr. Barrett said, "we were floored"", "But the weapons his
                # country has, he added, are like "nuclear bombs"": what precedes the frame is said too
                first = _rx(r"\s*(?:(?:But|And|So|Yet)\s+)?").match(lead)
                start = floor + first.end()
        else:
            start = floor
        end = span.close_mark + span.close_width if span.close_mark is not None else span.end
        tail = self.norm[end:min(sentence_end, next_quote_start)]
        tail_end = end + len(tail)
        if attribution is not None and attribution.cue_pos is not None and end <= attribution.cue_pos < tail_end:
            # "A cashier who "steals a handful" is held accountable, Warren said.": up to the frame
            comma = self.norm.rfind(",", end, attribution.cue_pos)
            tail = tail[:comma - end] if comma >= 0 else ""
        elif any(c.verb.kind in ("speech", "writing", "reply", "tweet") and not c.nonfinite
                 for c in self.resolver.cues_between(end, tail_end)) and \
                any(not c.nonfinite and ((lambda subject: subject is not None and subject.start >= end and not
                                          _SUBORDINATOR_BEFORE.search(self.norm[end:subject.start]))(
                    self.resolver.subject_left(c, end)) or _rx(r"\b(?:and|but)\s+(?:also\s+|then\s+)?$").search(self.norm[end:c.start]))
                    for c in self.resolver.cues_between(end, tail_end)):
            # another report follows ("... after Labour figures dismissed claims"): not this clause; but
            # "for his recently revealed tax strategies" is
            tail = ""
        else:
            nested_report = False
            for cue in self.resolver.cues_between(end, tail_end):
                subject = None if cue.nonfinite else self.resolver.subject_left(cue, end)
                joint = _rx(r"\s*(?:,\s*|;\s*)(?:and|but)?\s*$").search(self.norm[end:subject.start]) if subject else None
                if joint is not None:
                    tail = self.norm[end:end + joint.start()]  # "..., and he urged North Korea to ...": a new clause
                    nested_report = False
                    break
                if subject is not None and subject.start >= end and cue.verb.kind in ("speech", "writing", "reply") \
                        and _SUBORDINATOR_BEFORE.search(self.norm[end:subject.start]):
                    nested_report = True
            if nested_report and next_quote_start < sentence_end:
                # "... was "absolutely right" when he said that ... "reduced to rubble"": the later quotation
                # is inside this clause (and a nested statement of its own)
                tail = self.norm[end:sentence_end]
                next_quote_start = sentence_end
        if _word_count(tail) and (next_quote_start >= sentence_end or _word_count(tail) <= 12):
            end += len(tail.rstrip())  # the reported clause runs on after the quoted words
        while end > start and self.norm[end - 1] in ".!?" and self.norm[end - 2:end] != '."':
            end -= 1
        return start, end

    def _process_unit(self, unit: Unit, quote_ranges: list[tuple[int, int]],
                      next_starts: list[int]) -> None:
        span = unit.first
        para = self.paragraphs[span.paragraph]
        sentence = self.resolver.sentence_at(span.open_mark)
        floor = max(sentence.start if sentence else para.start, para.start)
        sentence_end = min(sentence.end if sentence else para.end, para.end)
        last = unit.spans[-1]
        ceiling = min(self.resolver.sentence_at(last.end - 1).end if self.resolver.sentence_at(last.end - 1) else para.end,
                      self.paragraphs[last.paragraph].end)
        i = bisect.bisect_right(next_starts, last.end)
        next_quote = next_starts[i] if i < len(next_starts) else len(self.norm)
        at_paragraph_start = span.open_mark == para.start
        colon = False
        attribution = None
        if _rx(r"[:,]\s*$").search(self.norm[floor:span.open_mark]):  # "Galloway replied: "...""
            attribution = self._pre_frame(span, floor, quote_ranges)
            if attribution is not None and attribution.cue_pos is not None and \
                    self.norm[attribution.cue_pos + len(attribution.cue):span.open_mark].count(" ") > 6:
                attribution = None
        if attribution is None and last.close_mark is not None:
            # the frame may follow in what Punkt took for a new sentence ("...?” ― Esther Tapia)
            post_ceiling = min(self.paragraphs[last.paragraph].end, next_quote, max(ceiling, last.close_mark + 60))
            attribution = self._post_frame(last, post_ceiling)
        if attribution is None and len(unit.spans) == 1 and span.close_mark is not None:
            attribution = self._post_frame(span, min(sentence_end, next_quote))
        if attribution is None:
            attribution = self._pre_frame(span, floor, quote_ranges)
        if attribution is None:
            according = _ACCORDING_BEFORE.search(self.norm, floor, span.open_mark)
            if according:  # "According to Limbaugh, "If it was left up to Hillary ...""
                attribution = self.according_source(according.start(), according.start("source"), span.open_mark)
        if attribution is None and at_paragraph_start:
            attribution = self._colon_frame(para, quote_ranges)
            colon = attribution is not None
        if attribution is None and last.close_mark is not None:
            attribution = self._late_frame(last, sentence_end if len(unit.spans) == 1 else ceiling, next_quote)
        framed = attribution is not None
        quoted_text = " ".join(self.norm[s.start:s.end] for s in unit.spans)
        words = _word_count(quoted_text)
        if _is_title_case(quoted_text):
            return
        sentence_like = (self.norm[span.start:span.start + 1].isupper() or at_paragraph_start) and \
            (at_paragraph_start or not self.norm[floor:span.open_mark].strip() or
             self.norm[floor:span.open_mark].rstrip().endswith((":", ".")))
        if not framed:
            previous = self.statements[-1] if self.statements else None
            short_follow_up = previous is not None and previous.quote_type in ("direct", "tweet") and \
                para.start <= previous.start and span.open_mark - previous.end < 160 and len(unit.spans) == 1
            if (words < self.min_words or not sentence_like) and not short_follow_up:
                return
            attribution = self._previous_speaker(span.open_mark, para.region)
            if attribution is not None and previous is not None and len(unit.spans) == 1 and \
                    previous.quote_type in ("direct", "partial", "tweet") and previous.nested_in is None and \
                    para.start <= previous.start and previous.end <= span.open_mark and \
                    previous.speaker == attribution.speaker:
                # "“A,” he said. “B.”": one statement, as annotators read it
                previous.end = span.end
                previous.context_end = max(previous.context_end, self._sentence_span(span.start, span.end)[1])
                return
        elif words < 3 and attribution.speaker_kind == "unknown":
            return
        if framed and words < self.min_words and attribution.cue_kind == "label" and _is_title_case(quoted_text):
            return
        quote_type = self._quote_type(span, attribution, floor, colon)
        label = "tweet" if quote_type == "partial tweet" else "partial"
        quote_type = "partial" if quote_type == "partial tweet" else quote_type
        if quote_type == "partial" and len(unit.spans) == 1:
            # quotations sharing one cue in one sentence form one statement
            if attribution is not None and attribution.cue_pos is not None and self.statements:
                prev = self.statements[-1]
                if prev.cue_pos == attribution.cue_pos and prev.quote_type in ("partial", "direct", label) and \
                        prev.context_start == self._sentence_span(span.start, span.end)[0]:
                    _, new_end = self._partial_span(span, attribution, floor, sentence_end, next_quote)
                    prev.end = max(prev.end, new_end)
                    prev.quote_type = label
                    return
            start, end = self._partial_span(span, attribution, floor, sentence_end, next_quote)
            self._add(start, end, label, attribution, para.region)
            return
        if attribution is not None and attribution.cue_pos is not None and self.statements and len(unit.spans) == 1:
            prev = self.statements[-1]
            if prev.cue_pos == attribution.cue_pos and prev.quote_type == quote_type and \
                    prev.context_start == self._sentence_span(span.start, span.end)[0]:
                prev.end = max(prev.end, span.end)
                return
        for piece in unit.spans:
            statement = self._add(piece.start, piece.end, quote_type, attribution, para.region)
            if statement is not None:
                self._nested(statement, piece.mark)

    def _nested(self, outer: Statement, outer_mark: str) -> None:
        """Quotations inside a statement, attributed to the inner speaker when a cue says so."""
        if outer_mark == '"' or outer_mark == "":
            inner = single_quotes(self.text, self.norm, outer.start, outer.end, -1)
        else:
            return
        for span in inner:
            sentence = self.resolver.sentence_at(span.open_mark)
            floor = max(outer.start, sentence.start if sentence else outer.start)
            cues = [c for c in self.resolver.cues_between(floor, span.open_mark)]
            if not cues:
                continue
            attribution = self.resolver.attribute_with_cue(cues[-1], floor, span.open_mark, allow_quoted_after=outer.start)
            if attribution is None or attribution.speaker == outer.speaker:
                continue
            self._add(span.start, span.end, "direct", attribution, outer.region, nested_in=outer)

    def _block(self, para: Paragraph, quote_ranges: list[tuple[int, int]]) -> None:
        attribution = self._colon_frame(para, quote_ranges)
        if attribution is None:
            return
        frame = self.paragraphs[para.index - 1]  # "George Galloway has been tweeting. He says:"
        tweeted = attribution.cue_kind == "tweet" or _TWITTER.search(self.norm[frame.start:frame.end])
        statement = self._add(para.start, para.end, "tweet" if tweeted else "block", attribution, para.region)
        if statement is not None:
            self._nested(statement, '"')

    _LABEL = re.compile(r"[\"']?(?P<label>[A-Z][A-Z.'\- ]{1,30}[A-Z.]|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}):\s+(?=\S)")

    def _find_labels(self) -> dict[int, tuple[str, int]]:
        """Transcript turns: paragraphs opening with "PENCE:" or "Chris Wallace:"."""
        found: dict[int, tuple[str, int]] = {}
        for para in self.paragraphs:
            if para.region != 0:
                continue
            m = self._LABEL.match(self.norm, para.start, para.end)
            if m and m.group("label").strip().lower() not in self.lx.label_stoplist:
                found[para.index] = (m.group("label").strip(), m.end())
        caps = sum(1 for label, _ in found.values() if label.isupper())
        return {i: v for i, v in found.items() if (v[0].isupper() and caps >= 2) or not v[0].isupper()}

    def _label_speaker(self, label: str) -> Attribution | None:
        name = label.title() if label.isupper() else label
        candidates = [m for m in self.resolver.mentions if m.kind == "name" and m.entity and
                      m.entity.split()[-1].lower() == name.split()[-1].lower()]
        if candidates:
            entity = candidates[0].entity
            return Attribution(entity, candidates[0].speaker_kind, label, ":", "speech", 0.9, "transcript label")
        if label.isupper():
            return Attribution(name, "person", label, ":", "speech", 0.8, "transcript label")
        return None

    def _labelled(self, para: Paragraph, label: str, text_start: int) -> None:
        attribution = self._label_speaker(label)
        if attribution is None:
            return
        end = para.end
        if self.norm[end - 1] == '"':
            end -= 1
        if self.norm[text_start:text_start + 1] == '"':  # 'Tony Blair: "I have always said ..."'
            text_start += 1
        previous = self.statements[-1] if self.statements else None
        if previous is not None and previous.method == "transcript label" and previous.speaker == attribution.speaker \
                and para.index > 0 and previous.end >= self.paragraphs[para.index - 1].start and \
                not self._LABEL.match(self.norm, para.start, para.end):
            previous.end = end  # one turn over several paragraphs
            previous.context_end = max(previous.context_end, end)
            return
        self._add(text_start, end, "block", attribution, para.region)

    # -- the whole article -------------------------------------------------------------------------
    def run(self) -> list[Statement]:
        units, block_paragraphs = self._find_quotes()
        labels = self._find_labels()
        for unit in units:
            if unit.first.paragraph in labels:
                # a transcript turn running over several paragraphs, each opening with a quotation mark
                # ('"PENCE: Well, look ..." / '"But the truth is ...'): the later ones are the same speaker's
                label = labels[unit.first.paragraph][0]
                for span in unit.spans[1:]:
                    para = self.paragraphs[span.paragraph]
                    if span.paragraph in labels:
                        label = labels[span.paragraph][0]  # the next turn
                    elif not _rx(r"\W*\(.*\)\W*").fullmatch(self.norm[para.start:para.end]):
                        labels[span.paragraph] = (label, span.start)
        block_paragraphs -= set(labels)
        units = [u for u in units if u.first.paragraph not in block_paragraphs and u.first.paragraph not in labels]
        quote_ranges = [(s.open_mark, (s.close_mark + s.close_width) if s.close_mark is not None else s.end)
                        for u in units for s in u.spans]
        block_ranges = [(self.paragraphs[i].start, self.paragraphs[i].end) for i in block_paragraphs | set(labels)]
        hits = self._given_hits if self._given_hits is not None else self.lx.scan(self.norm)
        cue_starts = {h.start for h in hits["cue"]}
        cues = [Cue(h.start, h.end, h.payload, self._progressive(h.start, h.payload))
                for h in hits["cue"] if self._verbal(h.start, h.end, cue_starts)]
        finder = MentionFinder(self.text, self.norm, self.published, self.lx, quote_ranges + block_ranges,
                               {c.start for c in cues}, hits)
        mentions = finder.find()
        self.hits, self.mentions = hits, mentions
        self.resolver = Resolver(self.norm, self.sentences, self.paragraphs, mentions, cues, self.lx,
                                 narrator=(self.narrator, self.narrator_kind))
        all_ranges = SpanSet(quote_ranges + block_ranges)
        starts = sorted(s.open_mark for u in units for s in u.spans)
        # events in document order: quotation units, block paragraphs, sentences (reported speech)
        events: list[tuple[int, int, object]] = []
        for unit in units:
            events.append((unit.first.open_mark, 1, unit))
        for index in block_paragraphs:
            events.append((self.paragraphs[index].start, 0, self.paragraphs[index]))
        for index in labels:
            events.append((self.paragraphs[index].start, 0, self.paragraphs[index]))
        for sentence in self.sentences:
            events.append((sentence.start, 2, sentence))
        events.sort(key=lambda e: (e[0], e[1]))
        blocks = SpanSet(block_ranges)
        used_cues: set[int] = set()
        pending_sentences = []
        for _, kind, item in events:
            if kind == 2:
                pending_sentences.append(item)
                continue
            # reported speech in sentences that end before this quotation is handled first
            pending_sentences = self._flush(pending_sentences, item, all_ranges, used_cues, blocks)
            if kind == 0 and item.index in labels:
                self._labelled(item, *labels[item.index])
            elif kind == 0:
                self._block(item, all_ranges)
            else:
                self._process_unit(item, all_ranges, starts)
            for statement in self.statements[-3:]:
                if statement.cue_pos is not None:
                    used_cues.add(statement.cue_pos)
        for sentence in pending_sentences:
            if not blocks.covers(sentence.start):
                self._indirect(sentence, all_ranges, used_cues)
        self._nested_reports()
        self._voices()
        self.statements.sort(key=lambda s: (s.start, s.end))
        return self.statements

    # verbs taking a clause ("told me that ..."), not an object ("congratulates Mr Galloway")
    _NESTED_KINDS = ("speech", "writing", "belief", "evidence", "reply")
    _CLAUSE_LEAD = re.compile(r"(?:\bthat|[,;:.!?]|[.!?]\s*[\"']|\band|\bbut|\bwhile|\bwhereas|\bas|\bbecause|\s-{1,2})\s*$",
                              re.IGNORECASE)

    def _nested_reports(self) -> None:
        """Reports inside a statement ("Clinton said Trump is promising to ...", "...; the Tax
        Foundation puts the figure at ..."): the inner clause is also the inner speaker's,
        recorded as a statement nested in the outer one, as nested quotations are."""
        norm = self.norm
        for outer in list(self.statements):
            if outer.quote_type in ("narration", "comment") or outer.nested_in is not None or outer.end - outer.start < 30:
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
                if subject.start - outer.start > 2 and not self._CLAUSE_LEAD.search(lead):
                    continue  # the name is an object inside the clause, not a new speaker's subject
                sentence = self.resolver.sentence_at(cue.start)
                if sentence is None:
                    continue
                content = self._indirect_content(sentence, cue, subject, False)
                if content is None:
                    continue
                start, end = content[0], min(content[1], outer.end)
                if _word_count(norm[start:end]) < 3 or start < outer.start:
                    continue
                if any(abs(other.start - start) <= 3 and other.quote_type != "narration" for other in self.statements):
                    continue  # already a statement of its own ("Police have said X, according to ...")
                attribution = self._attribution_from(subject, cue, allow_quoted_after=outer.start)
                if attribution is None or attribution.speaker == outer.speaker:
                    continue
                attribution.confidence = round(attribution.confidence * 0.85, 3)
                attribution.method += "+nested"
                self._add(start, end, "indirect", attribution, outer.region, nested_in=outer)

    _BE_BEFORE = re.compile(r"\b(?:is|are|was|were|am|been|'s|'re|isn't|aren't|wasn't|weren't)\s+(?:(?:also|now|still|already|increasingly|"
                            r"publicly|not)\s+)?$", re.IGNORECASE)

    def _progressive(self, start: int, verb) -> bool:
        """"Clinton is warning that ...": an -ing cue after a form of "be" reports, as "warns" does."""
        return verb.form.endswith("ing") and bool(self._BE_BEFORE.search(self.norm[max(0, start - 30):start]))

    def _verbal(self, start: int, end: int, cue_starts: set[int]) -> bool:
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
        sentence = self._sentence_containing(start)
        if sentence is None or sentence.start == start:
            return True
        content = [w for w in _WORDS.findall(norm[sentence.start:sentence.end]) if w.lower() not in _SMALL]
        lower_words = sum(1 for w in content if not (w[0].isupper() or w[0].isdigit()))
        return lower_words <= 0.05 * len(content)  # a headline in title case: "Flynn Says Trump Is Right"

    def _sentence_containing(self, pos: int):
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        return self.sentences[i] if i >= 0 else None

    def _flush(self, pending: list, item, ranges, used_cues: set[int], block_ranges: SpanSet) -> list:
        """Run reported-speech extraction on sentences that end before ``item`` starts."""
        position = item.first.open_mark if isinstance(item, Unit) else item.start
        keep = []
        for sentence in pending:
            if sentence.end <= position:
                if not block_ranges.covers(sentence.start):
                    self._indirect(sentence, ranges, used_cues)
            else:
                keep.append(sentence)
        return keep

    def _voices(self) -> None:
        """Narration (body) and comment sentences not already covered by a statement."""
        # the statements' union as sorted disjoint intervals, with the covered length before each
        merged: list[list[int]] = []
        for s in sorted(self.statements, key=lambda s: s.start):
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

        for sentence in self.sentences:
            region = self.paragraphs[sentence.paragraph].region
            overlap = covered_up_to(sentence.end) - covered_up_to(sentence.start)
            if region == 0 and overlap > 0:
                continue  # a sentence reporting someone's words is theirs, not the writer's voice
            if overlap > 0.3 * (sentence.end - sentence.start):
                continue
            if region == 0:
                attribution = Attribution(self.narrator, self.narrator_kind, "", "", "", 1.0, "narrator")
                self._add(sentence.start, sentence.end, "narration", attribution, 0)
            else:
                handle = self.handles.get(region, "unknown commenter")
                attribution = Attribution(handle, "commenter", handle, "", "", 1.0, "comment handle")
                self._add(sentence.start, sentence.end, "comment", attribution, region)


def extract_statements(text: str, body_end: int, comments: list[tuple[int, int, str]], published: date | None,
                       narrator: str, narrator_kind: str = "author", settings: dict | None = None,
                       lexicon: lexicon_module.Lexicon | None = None) -> list[Statement]:
    """All statements of one article, in text order."""
    return analyse_article(text, body_end, comments, published, narrator, narrator_kind, settings, lexicon).statements


def analyse_article(text: str, body_end: int, comments: list[tuple[int, int, str]], published: date | None,
                    narrator: str, narrator_kind: str = "author", settings: dict | None = None,
                    lexicon: lexicon_module.Lexicon | None = None, hits: dict | None = None) -> ArticleAnalyser:
    """Run extraction and return the analyser (statements plus the mentions and phrase hits it found).
    ``hits`` are the text's phrase matches when the caller has already scanned it."""
    analyser = ArticleAnalyser(text, body_end, comments, published, narrator, narrator_kind, settings or {}, lexicon,
                               hits)
    analyser.run()
    return analyser
