"""Component ``attribution``: who said each quotation, block, transcript turn and reported clause.

The document is read in order: each quotation unit, colon-framed block and transcript turn where
it starts, and each sentence's reported speech once the sentence has ended before the next
quotation. Order matters: a pronoun in a frame ("he added") refers to whoever spoke last, quoted or
reported, and a quotation without a frame continues the previous speaker's words. The frames are
read by :class:`~helpers.speech.frames.QuotationFrames`, the reported clauses by
:class:`~helpers.speech.reported_speech.ReportedSpeech`; both add to the same statements.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..doc import Statement
from ..text.segment import Paragraph, SpanSet
from ..text.textnorm import word_tokens
from .context import AttributionContext
from .frames import QuotationFrames
from .grammar import word_count
from .quotations import TRANSCRIPT_LABEL, Unit
from .quotes import single_quotes
from .reported_speech import ReportedSpeech
from .resolver import Attribution

_WORDS = re.compile(r"[A-Za-z0-9][\w'-]*")
#: "According to X, " right before a quotation
_ACCORDING_BEFORE = re.compile(r"\b[Aa]ccording to\s+(?P<source>[^,;:\"]{1,80}),\s*$")


def _comparable(text: str) -> str:
    """Words only, in lower case, for finding one quotation's words inside another's."""
    return " ".join(word_tokens(text))


def _is_title_case(text: str, small: frozenset[str]) -> bool:
    """A name or title in marks ("Not the Andrew Marr Show"), not a sentence ("No."): its words but
    the ``small`` ones capitalised."""
    if re.compile(r"[.!?]\W*$").search(text.strip()):
        return False
    words = _WORDS.findall(text)
    if not words or len(words) > 8 or re.compile(r"[.!?]\s").search(text):
        return False
    content = [w for w in words if w.lower() not in small]
    return bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)


@dataclass(frozen=True)
class _Place:
    """Where a quotation unit stands: its paragraph, the start of its sentence (``floor``), the end
    of that sentence, of the last span's sentence (``ceiling``), the next quotation's start, and
    whether it opens its paragraph."""

    para: Paragraph
    floor: int
    sentence_end: int
    ceiling: int
    next_quote: int
    at_paragraph_start: bool


class Attributor:
    """Component ``attribution``: adds the statements of quotations and reported speech."""

    name = "attribution"
    provides = "statements"

    def __init__(self, lexicon, settings: dict):
        self.lexicon, self.settings = lexicon, settings

    def __call__(self, doc) -> None:
        _Walk(AttributionContext(doc, self.lexicon, self.settings), doc.quotations).run()


class _Walk:
    """One document read in order (see the module's docstring)."""

    def __init__(self, ctx: AttributionContext, quotations):
        self.ctx, self.quotations = ctx, quotations
        self.text, self.norm, self.lx, self.resolver = ctx.text, ctx.norm, ctx.lx, ctx.resolver
        self.paragraphs, self.sentences, self.statements = ctx.paragraphs, ctx.sentences, ctx.statements
        self.min_words = ctx.min_words
        self.frames, self.reported = QuotationFrames(ctx), ReportedSpeech(ctx)
        self.small_words = frozenset(ctx.vocabulary["small_words.title_case"])

    def run(self) -> None:
        q = self.quotations
        units, block_paragraphs, labels = q.units, q.block_paragraphs, q.labels
        all_ranges = SpanSet(q.quote_ranges + q.block_ranges)
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
        blocks = SpanSet(q.block_ranges)
        used_cues: set[int] = set()
        pending_sentences = []
        for _, kind, item in events:
            if kind == 2:
                pending_sentences.append(item)
                continue
            # reported speech in sentences that end before this quotation is handled first
            pending_sentences = self.flush(pending_sentences, item, all_ranges, used_cues, blocks)
            if kind == 0 and item.index in labels:
                self.labelled(item, *labels[item.index])
            elif kind == 0:
                self.block(item, all_ranges)
            else:
                self.process_unit(item, all_ranges, starts)
            for statement in self.statements[-3:]:
                if statement.cue_pos is not None:
                    used_cues.add(statement.cue_pos)
        for sentence in pending_sentences:
            if not blocks.covers(sentence.start):
                self.reported.indirect(sentence, all_ranges, used_cues)
        self.headline_echoes()

    def headline_echoes(self) -> None:
        """A quotation in the headline with no speaker of its own is the speaker's whose words in
        the body it repeats ("'I didn't leave Labour. Labour left Jeremy': the councillor who ...")."""
        body = [p for p in self.paragraphs if p.region == 0]
        if not body:
            return
        headline = body[0]
        said = [s for s in self.statements if s.start >= headline.end and s.speaker_kind != "unknown"
                and s.quote_type != "narration"]
        for statement in self.statements:
            if not (headline.start <= statement.start < headline.end and statement.speaker_kind == "unknown"):
                continue
            words = _comparable(self.norm[statement.start:statement.end])
            source = next((s for s in said if len(words) >= 12 and words in _comparable(self.norm[s.start:s.end])),
                          None)
            if source is not None:
                statement.speaker, statement.speaker_kind = source.speaker, source.speaker_kind
                statement.speaker_mention = source.speaker_mention
                statement.confidence, statement.method = round(source.confidence * 0.9, 3), "headline echo"

    def process_unit(self, unit: Unit, quote_ranges: list[tuple[int, int]],
                     next_starts: list[int]) -> None:
        """The statement(s) of one quotation unit: its frame's speaker, else (a sentence in marks)
        the previous speaker's, its type, and its extent (a partial quotation's reported clause)."""
        place = self._place(unit, next_starts)
        attribution, colon = self._frame_of(unit, place, quote_ranges)
        quoted_text = " ".join(self.norm[s.start:s.end] for s in unit.spans)
        if _is_title_case(quoted_text, self.small_words):
            return
        words = word_count(quoted_text)
        if attribution is None:
            proceed, attribution = self._unframed(unit, place, words)
            if not proceed:
                return
        elif words < 3 and attribution.speaker_kind == "unknown":
            return
        self._add_unit(unit, place, attribution, colon)

    def _place(self, unit: Unit, next_starts: list[int]) -> "_Place":
        span, last = unit.first, unit.spans[-1]
        para = self.paragraphs[span.paragraph]
        sentence = self.resolver.sentence_at(span.open_mark)
        last_sentence = self.resolver.sentence_at(last.end - 1)
        i = bisect.bisect_right(next_starts, last.end)
        return _Place(
            para=para,
            floor=max(sentence.start if sentence else para.start, para.start),
            sentence_end=min(sentence.end if sentence else para.end, para.end),
            ceiling=min(last_sentence.end if last_sentence else para.end, self.paragraphs[last.paragraph].end),
            next_quote=next_starts[i] if i < len(next_starts) else len(self.norm),
            at_paragraph_start=span.open_mark == para.start)

    def _frame_of(self, unit: Unit, place: "_Place", quote_ranges) -> tuple[Attribution | None, bool]:
        """The frame's attribution, tried in order: before the quotation after a colon or comma,
        after it, before it, "according to", the previous paragraph's colon, late in the sentence.
        (And whether it was a colon frame.)"""
        span, last, floor, frames = unit.first, unit.spans[-1], place.floor, self.frames
        attribution = None
        if re.compile(r"[:,]\s*$").search(self.norm[floor:span.open_mark]):  # "Galloway replied: "...""
            attribution = frames.pre_frame(span, floor, quote_ranges)
            if attribution is not None and attribution.cue_pos is not None and \
                    self.norm[attribution.cue_pos + len(attribution.cue):span.open_mark].count(" ") > 6:
                attribution = None
        if attribution is None and last.close_mark is not None:
            # the frame may follow in what Punkt took for a new sentence ("...?” ― Esther Tapia)
            post_ceiling = min(self.paragraphs[last.paragraph].end, place.next_quote,
                               max(place.ceiling, last.close_mark + 60))
            attribution = frames.post_frame(last, post_ceiling)
        if attribution is None and len(unit.spans) == 1 and span.close_mark is not None:
            attribution = frames.post_frame(span, min(place.sentence_end, place.next_quote))
        if attribution is None:
            attribution = frames.pre_frame(span, floor, quote_ranges)
        if attribution is None:
            according = _ACCORDING_BEFORE.search(self.norm, floor, span.open_mark)
            if according:  # "According to Limbaugh, "If it was left up to Hillary ...""
                attribution = self.reported.according_source(according.start(), according.start("source"),
                                                              span.open_mark)
        if attribution is None and place.at_paragraph_start:
            attribution = frames.colon_frame(place.para, quote_ranges)
            if attribution is not None:
                return attribution, True
        if attribution is None and last.close_mark is not None:
            end = place.sentence_end if len(unit.spans) == 1 else place.ceiling
            attribution = frames.late_frame(last, end, place.next_quote)
        return attribution, False

    def _unframed(self, unit: Unit, place: "_Place", words: int) -> tuple[bool, Attribution | None]:
        """A quotation without a frame: (whether it is a statement, the previous speaker's
        attribution). A sentence in marks, or a short follow-up of a quotation, continues the
        previous speaker; '"A," he said. "B."' joins the previous statement (as annotators read it)."""
        span, para, floor = unit.first, place.para, place.floor
        pre = self.norm[floor:span.open_mark]
        sentence_like = (self.norm[span.start:span.start + 1].isupper() or place.at_paragraph_start) and \
            (place.at_paragraph_start or not pre.strip() or pre.rstrip().endswith((":", ".")))
        previous = self.statements[-1] if self.statements else None
        short_follow_up = previous is not None and previous.quote_type in ("direct", "tweet") and \
            para.start <= previous.start and span.open_mark - previous.end < 160 and len(unit.spans) == 1
        if (words < self.min_words or not sentence_like) and not short_follow_up:
            return False, None
        attribution = self._introduced_speaker(span.open_mark, para) or \
            self.ctx.previous_speaker(span.open_mark, para.region)
        if attribution is not None and previous is not None and len(unit.spans) == 1 and \
                previous.quote_type in ("direct", "partial", "tweet") and previous.nested_in is None and \
                para.start <= previous.start and previous.end <= span.open_mark and \
                previous.speaker == attribution.speaker:
            previous.end = span.end
            previous.context_end = max(previous.context_end, self.ctx.sentence_span(span.start, span.end)[1])
            return False, None
        return True, attribution

    def _introduced_speaker(self, open_mark: int, para) -> Attribution | None:
        """The person or source a paragraph introduces just before an unframed quotation: "Retired
        engineer Peter Holt, 67, was unimpressed by the winner. "He's a showman."" The subject of the
        sentence right before the marks (in the same paragraph, holding no quotation of its own)
        outranks whoever spoke last in an earlier paragraph."""
        before = self.resolver.sentence_at(max(para.start, open_mark - 1))
        if before is None or before.start < para.start or before.start >= open_mark or \
                self.norm[before.end:open_mark].strip() or self.ctx.claimed(before.start):
            return None
        if any(q in self.norm[before.start:before.end] for q in '"\u201c\u201d'):
            return None
        subject = self.resolver.main_subject(before.start, before.end)
        if subject is None or subject.kind not in ("name", "source") or subject.in_quote:
            return None
        speaker, kind, confidence, _ = self.resolver.speaker_of(subject)
        if not speaker or kind not in ("person", "source"):
            return None
        return Attribution(speaker, kind, subject.surface, "", "", round(confidence * 0.8, 3), "introduced")

    def _add_unit(self, unit: Unit, place: "_Place", attribution: Attribution | None, colon: bool) -> None:
        """The unit's statements, of its type; quotations sharing one cue in one sentence form one."""
        span = unit.first
        quote_type = self.frames.quote_type(span, attribution, place.floor, colon)
        if quote_type in ("partial", "partial tweet") and len(unit.spans) == 1:
            self._add_partial(span, place, attribution, "tweet" if quote_type == "partial tweet" else "partial")
            return
        if quote_type == "partial tweet":
            quote_type = "partial"
        if attribution is not None and attribution.cue_pos is not None and self.statements and len(unit.spans) == 1:
            prev = self.statements[-1]
            if prev.cue_pos == attribution.cue_pos and prev.quote_type == quote_type and \
                    prev.context_start == self.ctx.sentence_span(span.start, span.end)[0]:
                prev.end = max(prev.end, span.end)
                return
        for piece in unit.spans:
            statement = self.ctx.add(piece.start, piece.end, quote_type, attribution, place.para.region)
            if statement is not None:
                self.nested_quotations(statement, piece.mark)

    def _add_partial(self, span, place: "_Place", attribution: Attribution | None, label: str) -> None:
        """A partial quotation's statement: the reported clause around it (``label``: "partial" or
        "tweet"), joined to the previous one when both hang on one cue in one sentence."""
        bounds = (span, attribution, place.floor, place.sentence_end, place.next_quote)
        if attribution is not None and attribution.cue_pos is not None and self.statements:
            prev = self.statements[-1]
            if prev.cue_pos == attribution.cue_pos and prev.quote_type in ("partial", "direct", label) and \
                    prev.context_start == self.ctx.sentence_span(span.start, span.end)[0]:
                prev.end = max(prev.end, self.frames.partial_span(*bounds)[1])
                prev.quote_type = label
                return
        start, end = self.frames.partial_span(*bounds)
        self.ctx.add(start, end, label, attribution, place.para.region)

    def nested_quotations(self, outer: Statement, outer_mark: str) -> None:
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
            attribution = self.resolver.attribute_with_cue(cues[-1], floor, span.open_mark,
                                                           allow_quoted_after=outer.start)
            if attribution is None or attribution.speaker == outer.speaker:
                continue
            self.ctx.add(span.start, span.end, "direct", attribution, outer.region, nested_in=outer)

    def block(self, para: Paragraph, quote_ranges: list[tuple[int, int]]) -> None:
        if para.index in self.quotations.answers:
            attribution = self._interviewee()
            if attribution is not None:
                self.ctx.add(para.start, para.end, "block", attribution, para.region)
            return
        if para.index in self.quotations.signed:
            # an embedded post: its author is the name on the signature line under it, whoever the
            # paragraph before introduced ("One activist wrote:" / ... / "— Dave Kinsella (@...)")
            attribution, tweeted = self._signed_by(*self.quotations.signed[para.index]), True
        else:
            attribution = self.frames.colon_frame(para, quote_ranges)
            if attribution is None:
                return
            frame = self.paragraphs[para.index - 1]  # "George Galloway has been tweeting. He says:"
            tweeted = attribution.cue_kind == "tweet" or \
                self.ctx.grammar.twitter.search(self.norm[frame.start:frame.end])
        statement = self.ctx.add(para.start, para.end, "tweet" if tweeted else "block", attribution, para.region)
        if statement is not None:
            self.nested_quotations(statement, '"')

    def _interviewee(self) -> Attribution | None:
        """Who answers an interview's questions: the person the article names most often outside
        quotations and answers, the writer aside (ties: the one named first)."""
        answers = [self.paragraphs[i] for i in sorted(self.quotations.answers)]
        counts: dict[str, int] = {}
        for m in self.resolver.mentions_between(0, len(self.norm)):
            if any(a.start <= m.start < a.end for a in answers):
                continue
            if m.kind == "name" and m.speaker_kind == "person" and m.entity and not m.in_quote and \
                    (self.resolver.narrator is None or m.entity != self.resolver.narrator[0]):
                counts[m.entity] = counts.get(m.entity, 0) + 1
        if not counts:
            return None
        name = max(counts, key=counts.get)  # (max keeps the first of equals: dicts keep text order)
        return Attribution(name, "person", name, "", "speech", 0.8, "interview answer")

    def _signed_by(self, start: int, end: int) -> Attribution:
        """The author named at ``start:end`` of a signature line, as the mentions read the name
        (titles dropped: "Cllr Marcus Webb" is Marcus Webb), else the words as written."""
        named = [m for m in self.resolver.mentions_between(start, end) if m.entity and m.kind != "pronoun"]
        if named:
            speaker, kind = named[-1].entity, named[-1].speaker_kind
        else:
            speaker, kind = self.norm[start:end].strip(), "person"
        kind = kind if kind in ("person", "organisation") else "person"
        return Attribution(speaker, kind, self.norm[start:end], "", "tweet", 0.9, "signature line")

    def labelled(self, para: Paragraph, label: str, text_start: int) -> None:
        attribution = self.label_speaker(label)
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
                not TRANSCRIPT_LABEL.match(self.norm, para.start, para.end):
            previous.end = end  # one turn over several paragraphs
            previous.context_end = max(previous.context_end, end)
            return
        self.ctx.add(text_start, end, "block", attribution, para.region)

    def label_speaker(self, label: str) -> Attribution | None:
        name = label.title() if label.isupper() else label
        candidates = [m for m in self.resolver.mentions if m.kind == "name" and m.entity and
                      m.entity.split()[-1].lower() == name.split()[-1].lower()]
        if candidates:
            entity = candidates[0].entity
            return Attribution(entity, candidates[0].speaker_kind, label, ":", "speech", 0.9, "transcript label")
        if label.isupper():
            return Attribution(name, "person", label, ":", "speech", 0.8, "transcript label")
        return None

    def flush(self, pending: list, item, ranges, used_cues: set[int], block_ranges: SpanSet) -> list:
        """Run reported-speech extraction on sentences that end before ``item`` starts."""
        position = item.first.open_mark if isinstance(item, Unit) else item.start
        keep = []
        for sentence in pending:
            if sentence.end <= position:
                if not block_ranges.covers(sentence.start):
                    self.reported.indirect(sentence, ranges, used_cues)
            else:
                keep.append(sentence)
        return keep
