"""The document: one article, and every layer the analysis adds to it.

A :class:`Doc` is made once from an article record (:meth:`Doc.from_article`) and flows through
the components of an :class:`Analyser` in their declared order, as a spaCy ``Doc`` flows through
a pipeline. Each component adds one layer and leaves the others as they are; a component whose
layer is already there (statements read back from the store, say) is skipped. Rows for the
tables are made from a document only at the table boundary (:mod:`helpers.rows`).

Layers, and the component that adds each (see ``docs/architecture.md``):

============== ============================================== =====================
layer          what it holds                                  added by
============== ============================================== =====================
text, norm     the cleaned text and its same-length matching  made with the Doc
               copy (quotes, dashes and spaces unified)
regions        the article body and each reader comment       made with the Doc
paragraphs,    character spans (:mod:`helpers.text.segment`)  ``segment``
sentences
hits           phrase matches by category (reporting verbs,   ``phrases`` (the stance
               aliases, roles...; target aliases, stance cues) step adds its categories)
quotations     quotation units, colon-framed blocks,          ``quotations``
               transcript labels
cues           reporting verbs used as verbs                  ``cues``
mentions       who could be speaking: names, roles, sources,  ``mentions``
               organisations, pronouns, descriptions
spoken         who has spoken so far, in the order attributed ``attribution``
               (what a pronoun refers back to)
statements     :class:`Statement` records                     ``attribution``,
                                                              ``nested_reports``,
                                                              ``voices``
(sentiment)    each statement's TextBlob and VADER scores     ``sentiment``
targets        per statement: the target mentions and the     ``targets``
               anchors stance cues can aim at
(target        per statement and target: the sentiment the    ``target_sentiment``
sentiment)     model reads toward the target
stances        :class:`Stance` records                        ``stance``
============== ============================================== =====================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from .text import dates
from .text.textnorm import for_matching

if TYPE_CHECKING:  # (types of layers made by later components; the document does not depend on them)
    from .speech.cues import Cue
    from .speech.mentions import Mention
    from .speech.quotations import Quotations
    from .text.phrases import PhraseMatch
    from .text.segment import Paragraph, Sentence


class QuoteType(StrEnum):
    """How a statement is given (a ``str``: ``QuoteType.DIRECT == "direct"``)."""

    DIRECT = "direct"        # a full quotation in marks
    PARTIAL = "partial"      # a fragment in marks inside the writer's sentence
    BLOCK = "block"          # quotation set off as its own paragraph after a colon frame
    TWEET = "tweet"          # a quotation introduced as a tweet or a reply on Twitter
    INDIRECT = "indirect"    # reported speech without marks
    COMMENT = "comment"      # a sentence of a reader comment
    NARRATION = "narration"  # a sentence in the writer's own voice


class SpeakerKind(StrEnum):
    """Who a speaker is (a ``str`` too)."""

    PERSON = "person"
    ORGANISATION = "organisation"
    SOURCE = "source"          # an anonymous or described source ("a senior Labour MP")
    AUTHOR = "author"          # the writer (or the outlet when no author is known)
    COMMENTER = "commenter"    # a reader comment's handle
    UNKNOWN = "unknown"


@dataclass
class Statement:
    """One attributed stretch of text. ``start``/``end`` index the article text.

    Fields: quote_type (:class:`QuoteType`), speaker, speaker_kind (:class:`SpeakerKind` or the
    narrator's kind), speaker_mention (the words that named the speaker), cue (the reporting words),
    confidence (0…1) and method (how the speaker was found), region (0 = body, n = the n-th reader
    comment), context_start/context_end (the sentence(s) it came from), nested_in (the statement it
    sits inside), cue_pos (where the cue is), statement_id (set at the table boundary), the
    sentiment component's polarity, subjectivity (TextBlob) and vader_compound (VADER), and the
    attribution model's model_confidence (the mean probability that its words are an attributed
    content; None for narration and comments)."""

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
    statement_id: str = ""
    polarity: float | None = None
    subjectivity: float | None = None
    vader_compound: float | None = None
    model_confidence: float | None = None  # the learned attribution model's rating (issue 18)

    def __setattr__(self, name: str, value) -> None:
        # (the kinds are enums, whatever a component assigns)
        if name == "quote_type":
            value = QuoteType(value)
        elif name == "speaker_kind":
            value = SpeakerKind(value)
        object.__setattr__(self, name, value)


@dataclass
class TargetMention:
    """Where a statement refers to a target, and how (alias, role, pronoun, party leader, context)."""

    target: str
    start: int
    end: int
    how: str
    surface: str

    @property
    def implied(self) -> bool:
        """The target is not named here, only implied by membership words ("I didn't leave")."""
        return self.how == MEMBERSHIP_CONTEXT


#: how a party implied by membership words is referred to (:attr:`TargetMention.implied`)
MEMBERSHIP_CONTEXT = "membership context"


@dataclass
class Anchor:
    """Anything a stance cue can be about: a target mention, another entity, or the speaker."""

    start: int
    end: int
    target: str          # "" when the anchor is not a target
    entity: str
    is_speaker: bool = False
    plural: bool = False


@dataclass
class StatementTargets:
    """What the ``targets`` component found for one statement: the span its stance is read from,
    the spans left out (nested statements, the speaker's own mention, the writer's frames), whether
    it reports someone (indirect or partial), its target mentions and the anchors cues aim at."""

    statement: Statement
    start: int
    end: int
    excluded: list[tuple[int, int]]
    reported: bool
    mentions: list[TargetMention]
    anchors: list[Anchor]
    sentiment: dict[str, Any] | None = None   # target -> the model's reading (component target_sentiment)


@dataclass
class Stance:
    """A statement's stance toward one target: favor, against or neutral, a score (−1…1), how it
    was reached (``method``: rules, model or both), the probability the sentiment model gives that
    stance, the evidence (the cues, the model's weightiest features, how the target was recognised),
    and the sentiment toward the target as the model reads it (negative, neutral or positive; its
    score p(positive) − p(negative); its probability)."""

    statement: Statement
    target: str
    stance: str
    score: float
    evidence: str
    method: str = "rules"
    probability: float | None = None
    sentiment: str = ""
    sentiment_score: float | None = None
    sentiment_probability: float | None = None


@dataclass
class Doc:
    """One article and its layers (see the module's docstring)."""

    article_id: str
    file: str
    text: str
    body_end: int
    comments: list[tuple[int, int, str]]           # (start, end, handle) of each reader comment
    published: date | None
    narrator: str                                  # the writer's voice: author, else outlet
    narrator_kind: str = "author"
    outlet: str = ""
    published_text: str = ""                       # the date as the article record gives it
    norm: str = ""
    paragraphs: list["Paragraph"] | None = None
    sentences: list["Sentence"] | None = None
    hits: dict[str, list["PhraseMatch"]] = field(default_factory=dict)
    quotations: "Quotations | None" = None
    cues: list["Cue"] | None = None
    mentions: list["Mention"] | None = None
    spoken: list[tuple[int, str, str, str, int]] = field(default_factory=list)
    statements: list[Statement] | None = None
    targets: list[StatementTargets] | None = None
    stances: list[Stance] | None = None

    def __post_init__(self) -> None:
        if not self.norm:
            self.norm = for_matching(self.text)

    @property
    def regions(self) -> list[tuple[int, int, int]]:
        """The article body (region 0) and each reader comment (1, 2, ...): sentences never cross them."""
        return [(0, self.body_end, 0)] + [(s, e, i + 1) for i, (s, e, _) in enumerate(self.comments)]

    @property
    def sentiment(self) -> bool | None:
        """The sentiment layer: there once every statement has its scores."""
        if self.statements is None or any(s.polarity is None for s in self.statements):
            return None
        return True

    @property
    def target_sentiment(self) -> bool | None:
        """The target-sentiment layer: there once every statement's targets have the model's reading."""
        if self.targets is None or any(read.sentiment is None for read in self.targets):
            return None
        return True

    @property
    def handles(self) -> dict[int, str]:
        """Each comment region's commenter handle."""
        return {i + 1: handle for i, (_, _, handle) in enumerate(self.comments)}

    @classmethod
    def from_article(cls, article: dict, comments: list[dict] = ()) -> "Doc":
        """A document for one ``articles`` row (with its text) and its ``comments`` rows."""
        spans = sorted((int(c["char_start"]), int(c["char_end"]), str(c["handle"])) for c in comments)
        published = _field(article, "published")
        return cls(article["article_id"], str(article.get("file", "")), article["text"], int(article["body_end"]),
                   spans, dates.parse_date(published), narrator_of(article), "author", _field(article, "outlet"),
                   published)

    @classmethod
    def from_text(cls, text: str, published: date | None = None, narrator: str = "the writer",
                  comments: list[tuple[int, int, str]] = ()) -> "Doc":
        """A document for a short text (tests, notebooks): the whole text is the article body."""
        return cls("text", "", text, len(text), list(comments), published, narrator)


def _field(article: dict, key: str) -> str:
    value = article.get(key)
    return value if isinstance(value, str) and value else ""


def narrator_of(article: dict) -> str:
    """The writer's voice: the author, else the outlet, else 'unknown author'."""
    return _field(article, "author") or _field(article, "outlet") or "unknown author"


class Component(Protocol):
    """One step of an :class:`Analyser`: adds the layer ``provides`` to a document."""

    name: str
    provides: str

    def __call__(self, doc: Doc) -> None: ...


class Analyser:
    """Components run in their declared order on a document, each adding its layer. A component
    whose layer the document already holds is skipped (so the stance step can start from stored
    statements and reuse what the statement step computed in the same run)."""

    def __init__(self, components: list[Component]):
        self.components = list(components)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def __call__(self, doc: Doc) -> Doc:
        for component in self.components:
            if not has_layer(doc, component.provides):
                component(doc)
        return doc


def has_layer(doc: Doc, layer: str) -> bool:
    """Is ``layer`` there? A layer is an attribute that is not None, or a phrase category in ``hits``
    (``"hits:cue"``); a layer named ``"-"`` is never there (the component always runs)."""
    if layer == "-":
        return False
    if layer.startswith("hits:"):
        return layer[5:] in doc.hits
    value: Any = getattr(doc, layer)
    return value is not None
