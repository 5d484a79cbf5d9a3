"""Quotation frames: the writer's clause that says who is quoted, and what kind of quotation it is.

A frame before the quotation (``Galloway replied: "..."``, ``he said the party was "..."``),
after it (``"...," said the Labour leader``; a dash, ``― Sonya Herridge``; a signature), at the
end of its sentence (``"..." of the proposals, Mr. Holtz-Eakin said.``), or in the paragraph
before a block (``She told the Guardian:``). :meth:`QuotationFrames.quote_type` then tells a full
quotation from a partial one or a tweet, and :meth:`QuotationFrames.partial_span` finds the
reported clause around a partial quotation.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text.segment import Paragraph
from ..text.vocabulary import Vocabulary
from .context import AttributionContext
from .grammar import word_count
from .quotes import QuoteSpan
from .resolver import Attribution

# The patterns, with the word lists of data/ in braces (see helpers.text.vocabulary).
#: a frame naming Twitter as the medium ("on Twitter", "in a tweet"); not "his late-night tweets targeting X"
_TWEET_MEDIUM = (r"\b(?:on|via)\s+(?:{=media.tweet_platforms})\b"
                 r"|\b(?:in|on|via|with)\s+(?:{=determiners.before_tweet})\s+(?:[\w-]+\s+){0,2}?tweets?\b"
                 r"|\btweet(?:ed|ing)\b")
#: a subordinate clause's opening word: a report after it is inside this clause ("... was "right" when he said ...");
#: temporal "after"/"before" clauses are more often the writer's ("threatened "to tell" after Labour figures said")
_SUBORDINATOR_BEFORE = r"\b(?:{subordinators.opening_inner_report})\s+$"
#: a hearer after "told" before the reported clause ("told the BBC the leadership had", "told reporters he was")
_HEARER = (r"\s*(?:the\s+)?(?:{media.hearers}|{hearers.people}|the\s+(?:{hearers.nouns_after_the}))\s+"
           r"(?=(?:{hearers.words_opening_clause}|[A-Z]\w+)\b)")
#: a name signing a quotation after a dash ("― Sonya Herridge")
_DASH_NAME = r"[A-Z][\w'.-]*(?:\s+(?:[A-Z][\w'.-]*|{names.particles_after_dash}))*"


class _FramePatterns:
    """The patterns and word sets of the frames, built from one vocabulary."""

    def __init__(self, vocabulary: Vocabulary):
        compile_ = vocabulary.compile
        self.tweet_medium = compile_(_TWEET_MEDIUM, re.IGNORECASE)
        self.subordinator_before = compile_(_SUBORDINATOR_BEFORE, re.IGNORECASE)
        self.hearer = compile_(_HEARER)
        self.dash_name = compile_(_DASH_NAME)
        #: words of a clause, not of a title between a quotation and its speaker's name
        self.not_in_titles = frozenset(vocabulary["noun_phrases.not_in_titles"])
        #: lower-case words of such a title ("the former ... secretary")
        self.title_lower_words = vocabulary.set("noun_phrases.lower_case_title_words")


@lru_cache(maxsize=4)
def _patterns(vocabulary: Vocabulary) -> _FramePatterns:
    return _FramePatterns(vocabulary)


class QuotationFrames:
    """The frames of one document's quotations (see the module's docstring)."""

    def __init__(self, ctx: AttributionContext):
        self.ctx = ctx
        self.norm, self.lx, self.resolver = ctx.norm, ctx.lx, ctx.resolver
        self.paragraphs, self.statements, self.min_words = ctx.paragraphs, ctx.statements, ctx.min_words
        self.p, self.grammar = _patterns(ctx.vocabulary), ctx.grammar

    def post_frame(self, span: QuoteSpan, ceiling: int) -> Attribution | None:
        """A frame after the quotation: a dash and a name, a signature, a long appositive, or a cue
        with its subject ("..., said Galloway", "...," the Labour leader said)."""
        if span.close_mark is None:
            return None
        after = span.close_mark + span.close_width
        window = self.norm[after:min(ceiling, after + 160)]
        pos = after + re.compile(r"^[\s,.;:!?'\"-]*").match(window).end()
        attribution = self._dash_frame(after, window) or self._signature(span, after, ceiling) \
            or self.appositive_frame(pos, ceiling)
        if attribution is not None:
            return attribution
        quote_closed_by_punctuation = bool(re.compile(r"[,.!?…-]'?\s*$").search(self.norm[span.start:span.end]))
        if not quote_closed_by_punctuation and not re.compile(r"[,.!?()-]").search(self.norm[after:pos]):
            return None
        cue = next((c for c in self.resolver.cues_between(pos, min(ceiling, pos + 120)) if c.verb.kind != "evidence"),
                   None)
        return None if cue is None else self._cue_after(span, cue, pos, ceiling)

    def _dash_frame(self, after: int, window: str) -> Attribution | None:
        """"... ― Sonya Herridge": a name after a dash."""
        dash = re.compile(r"^\s*[-]+\s*(?=[A-Z])").match(window)
        if not dash:
            return None
        name_start = after + dash.end()
        name = self.p.dash_name.match(self.norm[name_start:])
        if not name:
            return None
        mentions = self.resolver.mentions_between(name_start, name_start + 1)
        speaker, kind = (mentions[0].entity, mentions[0].speaker_kind) if mentions and mentions[0].entity else \
            (name.group(0).rstrip("."), "person")
        return Attribution(speaker, kind if kind != "unknown" else "person", name.group(0), "-", "speech", 0.85, "dash")

    def _signature(self, span: QuoteSpan, after: int, ceiling: int) -> Attribution | None:
        """A quotation signed with its author's name alone ("...” Edwin G. Monroy); only a quotation
        that ends a sentence is signed ('would "never forgive" Mr Galloway.' is not)."""
        signed = re.compile(r"\s*(?P<name>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){1,3})\.?\s*$")
        signature = signed.match(self.norm[after:ceiling])
        if not (signature and self.norm[after:after + 1] in (" ", "\n")
                and not self.resolver.cues_between(after, ceiling)
                and re.compile(r"[.!?…]['\"]?\s*$").search(self.norm[span.start:span.end])):
            return None
        name_start = after + signature.start("name")
        mentions = [m for m in self.resolver.mentions_between(name_start, name_start + 1) if m.entity]
        speaker, kind = (mentions[0].entity, mentions[0].speaker_kind) if mentions else \
            (signature.group("name"), "person")
        return Attribution(speaker, kind if kind != "unknown" else "person", signature.group("name"), "", "speech",
                           0.75, "signature")

    def _cue_after(self, span: QuoteSpan, cue, pos: int, ceiling: int) -> Attribution | None:
        """The first cue after the quotation, and its subject: right after the verb ("..., said
        Galloway"), or before it with only a title between ("Mr. Obama said", "Trump lawyer Marc
        Kasowitz said"), or a noun phrase (""...," the ad's narrator says")."""
        between = self.norm[pos:cue.start]
        if '"' in between or len(between) > 110:
            return None
        # "X tweeted: "A", Galloway replied: "B"": the cue introduces the next quotation
        if re.compile(r"\s*(?:[\w'.-]+\s+){0,3}?[:,]?\s*\"").match(self.norm[cue.end:cue.end + 40]) and \
                re.compile(r"[^\n]{0,30}?:").match(self.norm[cue.end:cue.end + 32]):
            return None
        if not between.strip():
            subject = self.resolver.subject_right(cue, ceiling)
            return self.ctx.attribution_from(subject, cue) if subject is not None else None
        attribution = None
        subject = self.resolver.subject_left(cue, pos)
        if subject is None and cue.verb.kind in ("speech", "writing", "reply", "continuation") and \
                not re.compile(r"[,;:()]").search(between):
            attribution = self.resolver.noun_phrase_subject(cue, pos)
        if subject is not None and subject.start >= pos and self.title_words(self.norm[pos:subject.start]):
            attribution = self.ctx.attribution_from(subject, cue)
            rest = self.norm[cue.end:cue.end + 40]
            if attribution is not None and re.compile(r"[.!?]'?\s*$").search(self.norm[span.start:span.end]) and \
                    (re.compile(r"\s*that\b").match(rest) or self.grammar.starts_clause(rest)):
                return None  # '..." Gov. McCrory said it would be ...': a new sentence's own report
        return attribution

    def appositive_frame(self, pos: int, ceiling: int) -> Attribution | None:
        """"..." Scott Pruitt, the Republican attorney general of Oklahoma, one of the states suing
        the EPA, said ...: a name, a long description between commas, then the cue."""
        name = next((m for m in self.resolver.mentions_between(pos, pos + 60) if m.kind == "name" and m.entity), None)
        if name is None or not self.title_words(self.norm[pos:name.start]) or self.norm[name.end:name.end + 1] != ",":
            return None
        for cue in self.resolver.cues_between(name.end, min(ceiling, name.end + 260)):
            if cue.verb.kind not in ("speech", "writing", "reply", "continuation") or cue.nonfinite:
                continue
            if re.compile(r",[^\"\n]{3,240}?,\s*(?:[a-z]+ly\s+)?").fullmatch(self.norm[name.end:cue.start]):
                return self.ctx.attribution_from(name, cue)
        return None

    def title_words(self, gap: str) -> bool:
        """Only a title or description stands between a quotation and the name that closes it
        ("White House press secretary Josh Earnest said"), no clause of the writer's own."""
        words = gap.split()
        lx = self.lx
        if len(words) > 6 or re.compile(r"[,;:()\"]").search(gap):
            return False
        return all(
            w[0].isupper() or w.lower() in self.p.title_lower_words
            or w.lower() in lx.description_nouns or w.lower() in lx.source_nouns
            or (w.isalpha() and w.islower() and w not in self.p.not_in_titles and w not in lx.cues
                and not w.endswith(("ed", "ing", "ly")))
            for w in words)

    def late_frame(self, span: QuoteSpan, sentence_end: int, next_quote: int) -> Attribution | None:
        """"''I have admiration for the mechanics'' of the Clinton proposals, Mr. Holtz-Eakin said.":
        a frame closing the sentence some words after the quotation."""
        after = span.close_mark + span.close_width
        end = min(sentence_end, next_quote)
        for cue in self.resolver.cues_between(after, end):
            if cue.nonfinite or cue.verb.kind in ("evidence", "intention", "label", "evaluation"):
                continue
            if word_count(self.norm[cue.end:end]) > 8 or '"' in self.norm[after:cue.start]:
                continue
            subject = self.resolver.subject_left(cue, after) or self.resolver.subject_right(cue, end)
            if subject is None or subject.start < after:
                continue
            if not re.compile(r",\s*(?:[A-Z][\w.'-]*\s+){0,3}$").search(self.norm[after:subject.start] or ","):
                continue  # the frame follows a comma: ", Mr. Holtz-Eakin said."
            attribution = self.ctx.attribution_from(subject, cue)
            if attribution is not None:
                attribution.confidence = round(attribution.confidence * 0.9, 3)
                attribution.method += "+late"
            return attribution
        return None

    _SPEECH_KINDS = ("speech", "writing", "tweet", "reply", "continuation", "belief", "label")

    def pre_frame(self, span: QuoteSpan, floor: int, quote_ranges: list[tuple[int, int]],
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

    def colon_frame(self, para: Paragraph, quote_ranges: list[tuple[int, int]]) -> Attribution | None:
        """The last sentence of the previous paragraph ends with ':' ("She told the Guardian:")."""
        if para.index == 0:
            return None
        previous = self.paragraphs[para.index - 1]
        if previous.region != para.region or self.norm[previous.end - 1] != ":":
            return None
        frame = self.resolver.sentence_at(previous.end - 1)
        start = frame.start if frame else previous.start
        cues = self.resolver.usable_cues(start, previous.end, quote_ranges)
        if not cues and re.compile(r"(?:Here|Below)\s+(?:is|are|'s)\s").match(self.norm[start:previous.end]):
            # a live blog's "Here is the Labour MP Jess Phillips on the exchanges:"
            # ("the Labour MP Jess Phillips": the name, not the description)
            named = [m for m in self.resolver.mentions_between(start, previous.end)
                     if m.kind in ("name", "organisation") and not m.possessive]
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

    def quote_type(self, span: QuoteSpan, attribution: Attribution | None, floor: int, block: bool) -> str:
        if attribution is not None and (attribution.cue_kind == "tweet" or (
                attribution.method == "continuation" and attribution.cue_kind == "tweet")):
            as_speech = Attribution(**{**attribution.__dict__, "cue_kind": "label"})  # the type, Twitter aside
            if self.quote_type(span, as_speech, floor, block) == "partial":
                return "partial tweet"  # "tweeted that Machado was "disgusting"": the clause, from a tweet
            return "tweet"
        frame_end = self.resolver.sentence_at(span.end - 1)
        # the words around the quotation, not inside it ("he tweeted that" quoted is not the medium)
        frame = self.norm[floor:span.open_mark] + " " + self.norm[span.end:frame_end.end if frame_end else span.end]
        if attribution is not None and attribution.cue_kind in ("writing", "speech", "reply") and \
                self.p.tweet_medium.search(frame):
            # ("Writing on Twitter, Mr Galloway said Labour had been "humiliated"": the clause, from a tweet)
            as_speech = Attribution(**{**attribution.__dict__, "cue_kind": "label"})
            return "partial tweet" if self.quote_type(span, as_speech, floor, block) == "partial" else "tweet"
        if attribution is not None and attribution.cue_kind in ("reply", "continuation") and \
                self.grammar.twitter.search(self.norm[max(0, floor - 300):span.open_mark]) and \
                any(s.quote_type == "tweet" and span.open_mark - s.end < 400 for s in self.statements[-3:]):
            return "tweet"
        if block:
            return "block"
        pre = self.norm[floor:span.open_mark]
        if attribution is not None and attribution.cue_pos is not None and \
                floor <= attribution.cue_pos < span.open_mark:
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
        if re.compile(r"[\s,:;-]*(?:that\s*)?[\s,:;-]*", re.IGNORECASE).fullmatch(pre) and not first_char.islower():
            return "direct"
        if re.compile(r"[\s,:;-]*").fullmatch(pre) and first_char.islower():
            return "direct" if word_count(self.norm[span.start:span.end]) >= self.min_words else "partial"
        return "partial"

    def partial_span(self, span: QuoteSpan, attribution: Attribution | None, floor: int, sentence_end: int,
                     next_quote_start: int) -> tuple[int, int]:
        """The reported clause around a partial quotation: from after its frame's cue (or the
        sentence's start) to the end of the clause the quoted words are in."""
        start = self._partial_start(span, attribution, floor)
        end = span.close_mark + span.close_width if span.close_mark is not None else span.end
        tail, next_quote_start = self._partial_tail(attribution, end, sentence_end, next_quote_start)
        if word_count(tail) and (next_quote_start >= sentence_end or word_count(tail) <= 12):
            end += len(tail.rstrip())  # the reported clause runs on after the quoted words
        while end > start and self.norm[end - 1] in ".!?" and self.norm[end - 2:end] != '."':
            end -= 1
        return start, end

    def _partial_start(self, span: QuoteSpan, attribution: Attribution | None, floor: int) -> int:
        """Past the cue before the quotation, its "that" and its object or hearer ("told BBC Radio 4's
        Today programme that she was"); from the sentence's start when the frame sits inside what is
        said ("So when Patriot signalled a deal, Mr. Barrett said, "we were floored"")."""
        if attribution is None or attribution.cue_pos is None or not floor <= attribution.cue_pos < span.open_mark:
            return floor
        norm, cue_end = self.norm, attribution.cue_pos + len(attribution.cue)
        start = cue_end + re.compile(r"\s*(?:that\b|as\b|:|,)?").match(norm[cue_end:span.open_mark]).end()
        obj = re.compile(r"\s*(?:[\w'.-]+\s+){1,8}?that\s").match(norm[start:span.open_mark])
        if obj and not re.compile(r"[,;:]").search(obj.group(0)):
            start += obj.end()
        elif attribution.cue_kind in ("speech", "reply") and self.p.hearer.match(norm, start, span.open_mark):
            start = self.p.hearer.match(norm, start, span.open_mark).end()  # "told the BBC the leadership had ...""
        lead = norm[floor:attribution.cue_pos]
        if self.grammar.fronted_clause.match(lead) or (re.compile(r",\s*\S+(?:\s+\S+){0,5}\s*$").search(lead) and
                                                     re.compile(r"\s*,").match(norm[cue_end:span.open_mark])):
            # ("But the weapons his country has, he added, are like "nuclear bombs"": said too)
            start = floor + self.ctx.vocabulary.compile(r"\s*(?:(?:{conjunctions.opening})\s+)?").match(lead).end()
        return start

    def _partial_tail(self, attribution: Attribution | None, end: int, sentence_end: int,
                      next_quote_start: int) -> tuple[str, int]:
        """The words after the quotation that belong to its clause (and where the next quotation that
        is not inside the clause starts)."""
        tail = self.norm[end:min(sentence_end, next_quote_start)]
        tail_end = end + len(tail)
        if attribution is not None and attribution.cue_pos is not None and end <= attribution.cue_pos < tail_end:
            # "A cashier who "steals a handful" is held accountable, Warren said.": up to the frame
            comma = self.norm.rfind(",", end, attribution.cue_pos)
            return (tail[:comma - end] if comma >= 0 else ""), next_quote_start
        cues = self.resolver.cues_between(end, tail_end)
        if self._another_report_follows(end, cues):
            return "", next_quote_start
        nested_report = False
        for cue in cues:
            subject = None if cue.nonfinite else self.resolver.subject_left(cue, end)
            new_clause = re.compile(r"\s*(?:,\s*|;\s*)(?:and|but)?\s*$")
            joint = new_clause.search(self.norm[end:subject.start]) if subject else None
            if joint is not None:
                return self.norm[end:end + joint.start()], next_quote_start  # "..., and he urged North Korea to ...
            if subject is not None and subject.start >= end and cue.verb.kind in ("speech", "writing", "reply") \
                    and self.p.subordinator_before.search(self.norm[end:subject.start]):
                nested_report = True
        if nested_report and next_quote_start < sentence_end:
            # "... was "absolutely right" when he said that ... "reduced to rubble"": the later quotation
            # is inside this clause (and a nested statement of its own)
            return self.norm[end:sentence_end], sentence_end
        return tail, next_quote_start

    def _another_report_follows(self, end: int, cues: list) -> bool:
        """Another speaker's report follows the quotation ("... after Labour figures dismissed claims"),
        not inside a subordinate clause of this one ("for his recently revealed tax strategies" is)."""
        def new_speaker(cue) -> bool:
            subject = self.resolver.subject_left(cue, end)
            return subject is not None and subject.start >= end and \
                not self.p.subordinator_before.search(self.norm[end:subject.start])

        return any(c.verb.kind in ("speech", "writing", "reply", "tweet") and not c.nonfinite for c in cues) and \
            any(not c.nonfinite and (new_speaker(c) or re.compile(r"\b(?:and|but)\s+(?:also\s+|then\s+)?$").search(
                self.norm[end:c.start])) for c in cues)
