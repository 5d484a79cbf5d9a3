"""Component ``attribution_model``: a CRF over the article's tokens, after the rules (issue 18).

It reads an article's text with the rules' statements, mentions and cue hits, tags every token as
content (``B-C`` first token, ``I-C`` the rest), source (``S``), cue (``Q``) or other (``O``), and:

- **adds** the statements the rules miss: a tagged content of at least ``min_tokens`` tokens that no
  rule statement covers, with the tagged cue, and as speaker the tagged source of its sentence
  nearest its cue (resolved like the rules' subjects: a name, a role holder, a pronoun's
  antecedent; else the source's own words when they can describe a speaker); with
  ``need_source`` 0 (not chosen by CV), else whoever spoke last in this or the two previous
  sentences;
- **rates** every statement (``model_confidence``: the mean probability, over its tokens, that
  they are content), so that the statements it doubts can be found; it removes a rule statement only
  when the rules are unsure of it (reported speech without quotation marks) and the model gives it
  under ``drop_below``; and, as the rules do, a sentence of narration that is mostly a statement it
  added is no longer the writer's voice.

Weights: ``data/models/attribution_crf.json`` (see :mod:`helpers.speech.crf`), made by
``python -m helpers train-attribution``; the thresholds are stored with them (chosen by
cross-validation on PolNeAR's training split).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import paths
from ..doc import QuoteType, Statement
from .attribution_feature_rows import FeatureRows
from .attribution_features import article_tokens
from .crf import LinearChainCRF, load_cached
from .resolver import Resolver

MODEL_FILE = paths.DATA_DIR / "models" / "attribution_crf.json"
LABELS = ["O", "B-C", "I-C", "S", "Q"]
DEFAULTS = {"min_tokens": 4, "min_probability": 0.5, "max_covered": 0.2, "drop_below": 0.0, "need_source": 1,
            "source_probability": 0.0, "via_cue": 0, "same_sentence": 0}
#: statements the rules are sure of, which the model never removes: those in quotation marks (and
#: block quotations, tweets); only reported speech without marks can be rejected
SURE_TYPES = frozenset({"direct", "partial", "block", "tweet"})


@dataclass
class Tagged:
    """One paragraph's tokens (their offsets in the text) with their best labels and label probabilities."""

    spans: list[tuple[int, int]]
    labels: list[str]
    probabilities: np.ndarray


def load_model(path=None) -> LinearChainCRF | None:
    path = path or MODEL_FILE
    return load_cached(str(path)) if path.exists() else None


def tag_article(model: LinearChainCRF, doc) -> list[Tagged]:
    """Each body paragraph tagged. Its features are read as rows of the model's weights
    (``attribution_feature_rows``: the emissions of ``attribution_features.article_sequences``'
    strings, without making them), and all paragraphs are decoded in step (``crf_steps``)."""
    paragraphs = article_tokens(doc.norm, doc.paragraphs, doc.sentences, doc.hits["cue"], doc.mentions,
                                doc.statements)
    if not paragraphs:
        return []
    emissions = model.emissions_of_rows(*_feature_rows(model).rows(paragraphs))
    ends = np.cumsum([len(tokens.spans) for tokens in paragraphs])
    tagged = model.tag_all([emissions[end - len(tokens.spans):end] for tokens, end in zip(paragraphs, ends)])
    return [Tagged(tokens.spans, labels, probabilities) for tokens, (labels, probabilities) in zip(paragraphs, tagged)]


@lru_cache(maxsize=2)
def _feature_rows(model: LinearChainCRF) -> FeatureRows:
    return FeatureRows(model.state, len(model.state))


def _runs(labels: list[str], wanted: set[str], begin: str | None = None) -> list[tuple[int, int]]:
    """[first, last+1) token ranges labelled with ``wanted``; a ``begin`` label starts a new run."""
    runs, start = [], None
    for i, label in enumerate(labels + ["O"]):
        inside = label in wanted
        if start is not None and (not inside or label == begin):
            runs.append((start, i))
            start = None
        if inside and start is None:
            start = i
    return runs


class _Covered:
    """Characters covered by the given statements."""

    def __init__(self, statements):
        spans = sorted((s.start, s.end) for s in statements)
        merged: list[list[int]] = []
        for s, e in spans:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.spans = merged
        self._starts = [s for s, _ in merged]

    def share(self, tokens: list[tuple[int, int]]) -> float:
        hit = 0
        for s, e in tokens:
            i = bisect.bisect_right(self._starts, s) - 1
            if i >= 0 and self.spans[i][1] >= e:
                hit += 1
        return hit / len(tokens) if tokens else 0.0


def _overlap(covered: "_Covered", statement) -> int:
    """Characters of the statement inside the covered spans."""
    return sum(max(0, min(e, statement.end) - max(s, statement.start)) for s, e in covered.spans)


def _mentions_in(doc, start: int, end: int):
    return [m for m in doc.mentions if m.start < end and start < m.end]


_PRONOUN_WORDS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"})
_NAMED = ("name", "organisation", "role")


def _speaker_from_source(doc, resolver: Resolver, start: int, end: int):
    """(speaker, kind, mention words, confidence, method) for a tagged source span, or None.
    A name (or a role whose holder is known) in the span is the speaker; a bare pronoun is resolved
    as the rules resolve one; otherwise the span's own words describe the speaker ("many liberal
    economists", "a source close to the campaign")."""
    words = doc.norm[start:end].strip(" ,.;:\"'")
    found = [m for m in _mentions_in(doc, start, end) if not m.possessive]
    named = [m for m in found if m.kind in _NAMED and (m.kind != "role" or m.entity)]
    if named:
        best = min(named, key=lambda m: (_NAMED.index(m.kind), -(m.end - m.start)))
        speaker, kind, confidence, method = resolver.speaker_of(best)
        if speaker:
            return speaker, kind, best.surface, confidence, "model source: " + method
    if words.lower() in _PRONOUN_WORDS:
        pronoun = [m for m in found if m.kind == "pronoun"]
        if pronoun:
            speaker, kind, confidence, method = resolver.speaker_of(pronoun[0])
            if speaker:
                return speaker, kind, words, confidence, "model source: " + method
        return None
    # the span's own words, when they hold a word that can describe a speaker ("economists", "a
    # source", "the campaign"); not "Prior commitments" or "Galloway's victory"
    describes = any(m.kind in ("source", "description") for m in found) or any(
        start <= h.start and h.end <= end
        for kind in ("source_noun", "description_noun") for h in doc.hits.get(kind, ()))
    if describes and any(c.isalpha() for c in words):
        return words, "source", words, 0.5, "model source: words"
    return None


def _salient_subject(doc, pos: int, made: list):
    """Whoever spoke last before ``pos`` in this or the previous two sentences (rules or model)."""
    here = bisect.bisect_right([s.start for s in doc.sentences], pos) - 1
    floor = doc.sentences[max(0, here - 2)].start if here >= 0 else 0
    earlier = [s for s in list(doc.statements) + made
               if s.quote_type not in ("narration", "comment") and floor <= s.start < pos and s.speaker]
    if earlier:
        last = max(earlier, key=lambda s: s.start)
        return last.speaker, last.speaker_kind, last.speaker_mention, 0.4, "model: last speaker"
    return None


_NAMING_NEXT = re.compile(r"\s+(?:as\b|[A-Z])")


def _passive(doc, resolver: Resolver, start: int, end: int) -> bool:
    """Is a reporting verb in ``[start, end)`` a past participle used in the passive: "was described
    as", "portrayed as", or opening a reduced relative clause that names something ("the group,
    called Momentum,")?"""
    for cue in doc.cues or ():
        if not (start <= cue.start < end or cue.start <= start < cue.end):
            continue
        if not cue.verb.form.endswith(("ed", "en")):
            continue  # ("is calling for" is not passive)
        if resolver.is_passive(cue):
            return True
        if doc.norm[max(0, cue.start - 2):cue.start].rstrip().endswith(",") and _NAMING_NEXT.match(doc.norm, cue.end):
            return True
    return False


def _nearest_run(runs: list[tuple[int, int]], first: int, last: int, sentence_of: list[int]) -> tuple[int, int] | None:
    """The source run nearest the content, preferring one in a sentence the content touches."""
    if not runs:
        return None
    touched = {sentence_of[first], sentence_of[last - 1]}

    def distance(run):
        gap = first - run[1] if run[1] <= first else run[0] - last if run[0] >= last else 0
        return (sentence_of[run[0]] not in touched, gap)

    best = min(runs, key=distance)
    return best


def revise(doc, resolver: Resolver, model: LinearChainCRF, params: dict | None = None,
           tagged: list[Tagged] | None = None) -> list[Statement]:
    """The rules' statements (``doc.statements``) revised by the model: statements added, unsure ones
    it rejects removed, each rated (``model_confidence``). ``tagged``: the document already tagged by
    this model (cross-validation tries several thresholds on one tagging)."""
    params = {**DEFAULTS, **(model.meta.get("params") or {}), **(params or {})}
    tagged = tagged if tagged is not None else tag_article(model, doc)
    statements = list(doc.statements)
    covered = _Covered([s for s in statements if s.quote_type not in ("narration", "comment")])
    sentence_starts = [s.start for s in doc.sentences]
    content = [model.labels.index("B-C"), model.labels.index("I-C")]
    source_label = model.labels.index("S")
    token_starts: list[int] = []
    token_probability: list[float] = []
    made = []
    for t in tagged:
        spans = t.spans
        p_content = t.probabilities[:, content].sum(axis=1)
        token_starts += [s for s, _ in spans]
        token_probability += list(p_content)
        sentence_of = [bisect.bisect_right(sentence_starts, s) - 1 for s, _ in spans]
        p_source = t.probabilities[:, source_label]
        sources = [r for r in _runs(t.labels, {"S"}) if p_source[r[0]:r[1]].mean() >= params["source_probability"]]
        cues = _runs(t.labels, {"Q"})
        for first, last in _runs(t.labels, {"B-C", "I-C"}, begin="B-C"):
            while last - first > 0 and not doc.norm[spans[last - 1][0]].isalnum() and \
                    doc.norm[spans[last - 1][0]] not in "\"'":
                last -= 1  # a content ends at its last word, not the full stop
            tokens = spans[first:last]
            if len(tokens) < params["min_tokens"]:
                continue
            if float(p_content[first:last].mean()) < params["min_probability"]:
                continue
            if covered.share(tokens) > params["max_covered"]:
                continue
            start, end = tokens[0][0], tokens[-1][1]
            cue_run = _nearest_run(cues, first, last, sentence_of)
            if params["same_sentence"]:
                touched = set(sentence_of[first:last])
                candidates = [r for r in sources if sentence_of[r[0]] in touched]
            else:
                candidates = sources
            if params["via_cue"] and cue_run and sentence_of[cue_run[0]] in set(sentence_of[first:last]):
                run = _nearest_run(candidates, *cue_run, sentence_of)  # the source of this content's cue
            else:
                run = _nearest_run(candidates, first, last, sentence_of)
            who = _speaker_from_source(doc, resolver, spans[run[0]][0], spans[run[1] - 1][1]) if run else None
            if who is None and not params["need_source"]:
                who = _salient_subject(doc, start, made)
            if who is None:
                continue
            if run and cue_run and run[1] <= cue_run[0] and _passive(doc, resolver, spans[cue_run[0]][0],
                                                                      spans[cue_run[1] - 1][1]):
                continue  # the subject of a passive report is what is described, not who describes it
            cue_pos = spans[cue_run[0]][0] if cue_run else None
            cue = doc.norm[cue_pos:spans[cue_run[1] - 1][1]] if cue_run else ""
            sentence = doc.sentences[max(0, sentence_of[first])]
            context_end = doc.sentences[max(0, sentence_of[last - 1])].end
            made.append(Statement(start, end, QuoteType.INDIRECT, who[0], who[1], who[2], cue,
                                  round(float(p_content[first:last].mean()) * who[3], 3), who[4], 0,
                                  min(sentence.start, start), max(context_end, end), None, cue_pos))
    def rate(s) -> float:
        lo = bisect.bisect_left(token_starts, s.start)
        hi = bisect.bisect_left(token_starts, s.end)
        return float(np.mean(token_probability[lo:hi])) if hi > lo else 0.0

    reported = _Covered(made)
    kept = []
    for s in statements + made:
        if s.quote_type == "narration" and _overlap(reported, s) > 0.3 * (s.end - s.start):
            continue  # as the rules decide: a sentence reporting someone's words is not the writer's voice
        if s.quote_type in ("narration", "comment"):
            kept.append(s)
            continue
        s.model_confidence = round(rate(s), 3)
        if s.quote_type in SURE_TYPES or s.method.startswith("model") or s.model_confidence >= params["drop_below"]:
            kept.append(s)
    kept.sort(key=lambda s: (s.start, s.end))
    return kept


class AttributionModel:
    """Component ``attribution_model``: after the rules' statements (and the writer's voice), the
    learned model adds what they miss and rates each statement (see the module's docstring). Without
    the weights file it leaves the statements as they are."""

    name = "attribution_model"
    provides = "-"  # (it revises the statements layer)

    def __init__(self, lexicon, model: LinearChainCRF | None = None):
        self.lexicon = lexicon
        self.model = model if model is not None else load_model()

    def __call__(self, doc) -> None:
        if self.model is None or not doc.statements:
            return
        doc.statements[:] = revise(doc, Resolver.for_doc(doc, self.lexicon), self.model)
