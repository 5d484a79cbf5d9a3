"""Stance of a statement toward a target: favor, against or neutral, with a score and evidence.

Stance is not sentiment. It is decided by cue words from ``data/stance_cues.csv`` that are
aimed at the target:

- an *action* or *desire* counts toward its object ("we want to defeat him", "I want to see
  Ed Miliband as prime minister");
- an *evaluation* counts toward the nearest entity it is said of ("an unprincipled coward",
  "he is a very considerable asset");
- *membership* words count toward the party when the speaker is the one joining or leaving
  ("no desire to return to the Labour party"), and toward a person whose return the speaker
  rules in or out ("George Galloway isn't coming back");
- an *attack* by a third party on the target is reported in the target's defence ("the
  Blairites are trying to undermine him" is favor toward Miliband);
- negation flips a favourable cue and neutralises an unfavourable one ("isn't coming back",
  "I didn't leave").

The evidence column lists each cue that counted, so every label can be checked by hand.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from .. import config
from ..doc import Anchor, Stance, TargetMention
from ..text.phrases import PhraseMatcher

_NEGATION = re.compile(
    r"\b(?:not|never|no|nothing|without|hardly|cannot|nor|neither)\b|n't\b|\bnot\s+going\s+to\b"
    r"|\b(?:refus|declin|fail)\w*\s+to\b", re.IGNORECASE)
#: a negated infinitive scopes over its whole verb phrase: "many valid reasons not to form a
#: political alliance with George Galloway", "urged members not to vote for Labour"
_NOT_TO = re.compile(r"\b(?:not|never)\s+to\s+(?:[\w'-]+\s+){0,4}$", re.IGNORECASE)
#: a negated belief verb negates what is believed ("I don't think Ed Miliband is up to the job")
_NEG_RAISING = re.compile(r"\b(?:do|does|did)(?:n't|\s+not)\s+(?:really\s+)?(?:think|believe|expect|reckon|feel|consider)\b",
                          re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[.;:!?]|,\s+(?:but|and|while|whereas|although|though|because)\b|\bbut\b", re.IGNORECASE)
_TOKEN = re.compile(r"[\w'-]+")

FAVOR_THRESHOLD = 0.3


@dataclass(frozen=True)
class StanceCue:
    cue: str
    polarity: int        # +1 favor, -1 against
    kind: str
    weight: float


@dataclass
class CueHit:
    start: int
    end: int
    cue: StanceCue
    negated: bool


@lru_cache(maxsize=4)
def _load(config_hash: str) -> tuple[tuple[StanceCue, ...], PhraseMatcher, PhraseMatcher]:
    cues = []
    for row in config.load_csv("stance_cues.csv", required=("cue", "polarity", "kind", "weight")):
        try:
            weight = float(row["weight"] or 1)
        except ValueError:
            raise config.ConfigError(f"{config.config_dir() / 'stance_cues.csv'}: weight '{row['weight']}' of cue "
                                     f"'{row['cue']}' is not a number") from None
        if row["polarity"] not in ("favor", "against"):
            raise config.ConfigError(f"{config.config_dir() / 'stance_cues.csv'}: polarity of '{row['cue']}' must be "
                                     "favor or against")
        cues.append(StanceCue(row["cue"].lower(), 1 if row["polarity"] == "favor" else -1, row["kind"], weight))
    # a cue ends at a word boundary that is not a hyphen: "left" is not "left-wing"
    matcher = PhraseMatcher([(c.cue, c) for c in cues], ignore_case=True, hyphen_ends_word=True)
    membership = PhraseMatcher([(c.cue, c) for c in cues if c.kind == "membership"], ignore_case=True,
                               hyphen_ends_word=True)
    return tuple(cues), matcher, membership


def load_cues() -> tuple[tuple[StanceCue, ...], PhraseMatcher, PhraseMatcher]:
    return _load(config.files_hash(("stance_cues.csv",)))


def add_to(index, cues: tuple[StanceCue, ...]):
    """Add the stance cues to a phrase index (category "stance")."""
    return index.add("stance", [(c.cue, c) for c in cues], ignore_case=True, hyphen_ends_word=True)


_START = attrgetter("start")
_POLITICAL_LEFT = re.compile(r"\b(?:the|hard|far|soft|centre|center|radical|new|old)\s+$", re.IGNORECASE)
_CLAUSE_EDGE = re.compile(r"[.;!?]\s|\s[-–—]\s")
#: what follows "leave"/"left"/"quit" when it is not someone leaving a party: a person or group it
#: leaves in a state ("left voters confused"), the EU ("leave the EU", "Leave voters"), an office,
#: or a phrasal verb ("left behind", "left out")
_NOT_LEAVING_A_PARTY = re.compile(
    r"\s*(?:him|her|them|us|me|you|it|voters|people|members|many|some|supporters|Britain|the\s+UK|"
    r"the\s+(?:EU|European\s+Union|bloc|single\s+market|customs\s+union|country|public|door|room|stage|"
    r"chamber|impression|question)|EU|Europe|office|politics|parliament|behind|out|over|open|unanswered|unclear|"
    r"alone|aside|wondering|room|no\s+doubt|a\s+(?:legacy|mark|gap|vacuum|void))\b", re.IGNORECASE)
#: "back" as an adverb, not as support: a phrasal verb ("hit back", "came back", "fought back")
#: or a place or time ("back to", "back in 2015", "back then")
_BACK_NOT_SUPPORT_BEFORE = re.compile(
    r"\b(?:hit|hits|hitting|fight|fights|fighting|fought|push|pushed|pushes|pushing|strike|strikes|struck|striking|"
    r"bounce[ds]?|bouncing|come|comes|came|coming|go|goes|went|going|gone|get|gets|got|getting|bring|brings|brought|"
    r"bringing|win|wins|won|winning|take|takes|took|taken|taking|hold|holds|held|holding|look|looks|looked|looking|"
    r"pay|pays|paid|paying|step|steps|stepped|stepping|cut|cuts|cutting|scale[ds]?|scaling|roll(?:s|ed|ing)?|"
    r"claw(?:s|ed|ing)?|sit|sits|sat|fall|falls|fell|falling|turn(?:s|ed|ing)?|report(?:s|ed|ing)?|write|writes|"
    r"wrote|call(?:s|ed|ing)?|send|sends|sent|set|sets|setting|give|gives|gave|given|put|puts|putting|"
    r"answer(?:s|ed|ing)?|hark(?:s|ed|ing)?|think|thought|snap(?:s|ped|ping)?|shot|fire[ds]?|firing)\s+$",
    re.IGNORECASE)
_BACK_NOT_SUPPORT_AFTER = re.compile(r"\s+(?:to|from|into|in|on|then|home|down|off|when|at|and\s+forth)\b",
                                     re.IGNORECASE)
#: a negation before a verb that fights something does not negate the evil fought: "failed to
#: tackle antisemitism in Labour's ranks" still says there is antisemitism there
_FIGHTING_VERB = re.compile(
    r"\b(?:tackl|address|confront|combat|eradicat|condemn|root\w*\s+out|stamp\w*\s+out|deal\w*\s+with|"
    r"dealt\s+with|crack\w*\s+down\s+on|clamp\w*\s+down\s+on|get\w*\s+to\s+grips\s+with|grip)\w*"
    r"\s+(?:[\w'-]+\s+){0,3}$", re.IGNORECASE)
_OPEN_QUESTION = re.compile(r"\bwhether\b|\b(?:ask|asked|asks|asking|say|said|know|knew|wonder|wondered|unclear|"
                            r"clear|decide|decided)\s+if\b", re.IGNORECASE)


def find_cues(norm: str, start: int, end: int, exclude: list[tuple[int, int]] = (), precomputed=None) -> list[CueHit]:
    """Stance cues in ``norm[start:end]`` with their negation; ``precomputed`` are the article's
    "stance" hits from a phrase index (the same matches, found in one pass)."""
    if precomputed is not None:
        # the hits are in text order: those within start:end begin at or after ``start`` and
        # before ``end``
        matches = []
        for i in range(bisect.bisect_left(precomputed, start, key=_START), len(precomputed)):
            m = precomputed[i]
            if m.start >= end:
                break
            if m.end <= end:
                matches.append(m)
    else:
        _, matcher, _ = load_cues()
        matches = matcher.finditer(norm, start, end)
    hits = []
    for m in matches:
        if any(s <= m.start < e for s, e in exclude):
            continue
        before = norm[max(start, m.start - 40):m.start]
        clause = _CLAUSE_BREAK.split(before)[-1]
        window = " ".join(_TOKEN.findall(clause)[-4:])
        negated = bool(_NEGATION.search(window)) or bool(_NOT_TO.search(clause)) or bool(_NEG_RAISING.search(clause))
        if m.payload.kind == "membership" and norm[m.start:m.end].lower() == "left" and \
                _POLITICAL_LEFT.search(before):
            continue  # "attack Labour from the left": the political left, not leaving
        if m.payload.kind == "membership" and m.payload.polarity < 0 and _NOT_LEAVING_A_PARTY.match(norm, m.end, end):
            continue  # "the decision had left voters confused", "leave the EU": no one leaves a party
        if norm[m.start:m.end].lower() == "back" and (_BACK_NOT_SUPPORT_BEFORE.search(before)
                                                      or _BACK_NOT_SUPPORT_AFTER.match(norm, m.end)):
            continue  # "Abbott hit back, saying ...", "came back to Labour": not backing anyone
        if negated and m.payload.kind == "evaluation" and m.payload.polarity < 0 and _FIGHTING_VERB.search(before):
            negated = False  # "failed to tackle antisemitism": the negation is the tackling's
        if _OPEN_QUESTION.search(clause):
            continue  # "refused to say whether he supported Mr Corbyn" takes no side
        hits.append(CueHit(m.start, m.end, m.payload, negated))
    return hits


def _clause_bounds(norm: str, start: int, end: int, pos: int) -> tuple[int, int]:
    left, right = start, end
    for m in _CLAUSE_EDGE.finditer(norm[start:end]):
        absolute = start + m.end()
        if absolute <= pos:
            left = absolute
        elif start + m.start() >= pos:
            right = start + m.start() + 1
            break
    return left, right


_PASSIVE = re.compile(r"\b(?:was|were|been|being|be|is|are|get|got|gets)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:should|must|ought\s+to|deserves?\s+to|has\s+to|have\s+to|needs?\s+to)\b[^.;,]*$",
                    re.IGNORECASE)
_STRONG_NEGATION = re.compile(r"\bno\s+(?:desire|intention|wish|plans?|interest|chance)\b|\bnever\b", re.IGNORECASE)
_OWN_CHOICE = re.compile(r"\bno\s+(?:desire|intention|wish|plans?|interest)\b", re.IGNORECASE)
_COPULA = re.compile(r"^(?:'s|'re|\s)*\s*(?:[\w-]+\s+){0,5}?(?:is|are|was|were|be|been|being|'s|'re|seems?|"
                     r"looks?|remains?|becomes?|makes?|made)\s+[\"']?(?:[\w-]+\s+[\"']?){0,6}?$", re.IGNORECASE)  # ('was "a threat to')
#: an evaluation used as a verb ("had failed", "has lied") ...
_VERBAL = re.compile(r"\b(?:has|have|had|'ve|'d|will|would|could|should|must|may|might)\s+[\"']?(?:\w+ly\s+)?[\"']?$",
                     re.IGNORECASE)  # (not "'s": "Corbyn's slavish support" is a possessive)
#: ... judges the subject of its clause: the nearest name followed by a verb of its own ("Mr
#: Miliband had taken Labour too far to the left and had failed to convince voters": Miliband)
_FOLLOWED_BY_VERB = re.compile(r"\s+(?:\w+ly\s+)?(?:has|have|had|was|is|were|are|will|would|could|should|"
                               r"can|did|does|do|must|may|might)\b", re.IGNORECASE)
_JOINED_RELATIVE = re.compile(r"\b(?:party|Labour)\s+(?:(?:that|which)\s+)?(?:I|we|he|she|they|you)\s+(?:first\s+|once\s+)?$",
                              re.IGNORECASE)
_PREPOSITION_BEFORE = re.compile(r"\b(?:against|of|for|with|about|to|by|from|towards?)\s+(?:(?:Mr|Mrs|Ms|Dr|Sir)\.?\s+)?$",
                                 re.IGNORECASE)
_STATE_PREPOSITIONS = frozenset({"behind", "with", "against", "alongside", "beside"})
_UNDER = re.compile(r"(?:\s+|\b)under\s+(?:(?:Mr|Mrs|Ms|Dr|Sir)\.?\s+)?$")
_DEFINITE_BEFORE = re.compile(r"\b(?:the|those|these)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
#: a labelling verb and its object right before an evaluation: 'described Labour's approach as
#: "a shambles"', 'called Mr Galloway "a divisive figure"' judge the object (group 1), not whoever
#: is named after the evaluation, nor the noun it qualifies
_LABELLED_AS = re.compile(r"\b(?:describ|brand|label|dubb?|deem|characteri[sz]|portray|paint|call|consider|regard)\w*\s+"
                          r"([^.;:!?\"]{1,80}?)\s+(?:as\s+)?(?:\"\s*)?(?:(?:a|an|the|being|nothing\s+but)\s+)?"
                          r"(?:[\w-]+\s+){0,2}(?:\"\s*)?$", re.IGNORECASE)


def _nearest(anchors: list[Anchor], hit: CueHit, lo: int, hi: int, side: str = "any",
             max_gap: int = 10_000) -> Anchor | None:
    """The anchor nearest to a cue within ``lo:hi``; ``side`` is "after", "before" or "any"."""
    slot = [a for a in anchors if hit.start <= a.start and a.end <= hit.end]
    if slot and side != "before":  # the wildcard of "want * to be" holds the cue's object (never its subject)
        return slot[0]
    inside = [a for a in anchors if lo <= a.start < hi and not (a.start < hit.end and hit.start < a.end)]
    if side == "after":
        after = [a for a in inside if a.start >= hit.end and a.start - hit.end <= max_gap]
        return after[0] if after else None
    if side == "before":
        before = [a for a in inside if a.end <= hit.start and hit.start - a.end <= max_gap]
        return before[-1] if before else None
    if not inside:
        return None
    return min(inside, key=lambda a: (abs((a.start + a.end) / 2 - (hit.start + hit.end) / 2), a.start > hit.start))


@dataclass
class StanceResult:
    target: str
    stance: str
    score: float
    evidence: str
    cues: int = 0  # how many aimed cues counted toward the target


def _contributions(norm: str, hit: CueHit, lo: int, hi: int, anchors: list[Anchor], parties: set[str],
                   narrator: bool) -> list[tuple[str, float, str]]:
    """(target, signed weight, how) for one cue hit."""
    cue, weight = hit.cue, hit.cue.weight
    before_text = norm[max(lo, hit.start - 30):hit.start]
    # ("will not be voting Labour" is progressive: an -ing form after "be" is no passive)
    # (nor is a state with its own preposition: "the party was united behind him")
    cue_words = norm[hit.start:hit.end].lower().split()
    passive = bool(_PASSIVE.search(before_text)) and not cue_words[0].endswith("ing") and \
        not (len(cue_words) > 1 and cue_words[-1] in _STATE_PREPOSITIONS)
    strength = 2.0 if hit.negated and _STRONG_NEGATION.search(norm[max(lo, hit.start - 40):hit.start]) else 1.0
    others = [a for a in anchors if not a.is_speaker]
    out: list[tuple[str, float, str]] = []
    slot = [a for a in anchors if hit.start <= a.start and a.end <= hit.end]
    if slot and slot[0].is_speaker and cue.kind in ("action", "desire", "attack"):
        return out  # "he might want me to be prime minister": about the speaker, not a target
    if cue.kind == "membership":
        if cue.polarity > 0 and _JOINED_RELATIVE.search(before_text):
            return out  # "the Labour party I joined no longer exists": a past joining describes the party
        if cue.polarity < 0:  # leaving / breaking with a party speaks against the party
            if not hit.negated:
                for party in parties:
                    out.append((party, -weight, "leaving"))
            return out
        subject = _nearest(anchors, hit, lo, hit.start, "before")
        if subject is None or subject.is_speaker:
            for party in parties:
                out.append((party, -weight * strength if hit.negated else weight, "joining"))
        elif subject.target and subject.target not in parties and not narrator:
            # "X isn't coming back" rules X out; "X has no intention of rejoining" is X's own choice
            own_choice = _OWN_CHOICE.search(norm[max(lo, hit.start - 40):hit.start])
            if hit.negated and not own_choice:
                out.append((subject.target, -weight, "ruled out of the party"))
            elif not hit.negated and _MODAL.search(norm[lo:hit.start]):
                out.append((subject.target, weight, "wanted back in the party"))
        elif not subject.target and not narrator and not hit.negated and _MODAL.search(norm[lo:hit.start]):
            # "Rahman should be re-admitted to Labour": wanting someone in the party values the party
            for party in parties:
                out.append((party, 0.5 * weight, "wants someone in the party"))
        return out
    if cue.kind == "attack":
        if passive:
            patient = _nearest(others, hit, lo, hit.start, "before")
            if patient is not None and patient.target and not narrator:
                out.append((patient.target, weight, "defends against"))
            return out
        obj = _nearest(others, hit, lo, hi, "after", 60)
        subject = _nearest([a for a in anchors if a is not obj], hit, lo, hit.start, "before")
        # "warned Labour MPs not to move against Mr Corbyn" defends him as a reported attack does
        exhorted = hit.negated and bool(_NOT_TO.search(norm[max(lo, hit.start - 40):hit.start]))
        if obj is not None and obj.target:
            third_party = subject is not None and not subject.is_speaker and subject.target != obj.target
            if third_party:
                if not narrator and (not hit.negated or exhorted):
                    out.append((obj.target, weight, "defends against"))
            elif not hit.negated:
                out.append((obj.target, -weight, "attack"))
        if subject is not None and subject.target and (not hit.negated or exhorted) and (
                obj is not None and subject.target != obj.target
                or obj is None and not narrator):  # ("Labour has betrayed Bradford")
            # ("did not move against him" accuses no one)
            out.append((subject.target, -0.5 * weight, "accused of attacking"))
        return out
    if cue.kind == "action":
        if passive:
            return out
        obj = _nearest(others, hit, lo, hi, "after", 60)
        subject = _nearest([a for a in anchors if a is not obj], hit, lo, hit.start, "before")
        if obj is not None and obj.target and not (subject is not None and subject.target == obj.target):
            value = cue.polarity * weight
            if hit.negated:
                value = -value * strength if cue.polarity > 0 else 0.5 * weight
            if narrator and subject is not None and not subject.is_speaker:
                return out  # the writer reporting someone else's act ("Galloway continues to attack Labour")
            out.append((obj.target, value, "action"))
        elif obj is None and hit.negated and subject is not None and subject.target and cue.polarity < 0:
            out.append((subject.target, -0.5 * weight, "failing to act"))  # "have not condemned"
        return out
    if cue.kind == "desire":
        anchor = _nearest(others, hit, lo, hi, "any")
        if anchor is not None and anchor.target:
            value = cue.polarity * weight
            if hit.negated:
                value = -value * strength
            out.append((anchor.target, value, "desire"))
        return out
    # evaluation: said of what a labelling verb's "as" describes, of the copula subject, else of the
    # nearest entity in the clause
    subject = None
    window = max(lo, hit.start - 120)
    labelled = _LABELLED_AS.search(norm, window, hit.start)
    if labelled is not None:
        described = [a for a in others if labelled.start(1) <= a.start < labelled.end(1)]
        if described:
            subject = described[0]
    before = [a for a in others if lo <= a.end <= hit.start]
    if subject is None and _VERBAL.search(norm, max(lo, hit.start - 20), hit.start):
        subject = next((a for a in reversed(before) if _FOLLOWED_BY_VERB.match(norm, a.end, hit.start)), None)
    if subject is None:  # (not a preposition's object: "Labour MPs plotting against Mr Corbyn were "a disgrace"")
        subject = next((a for a in reversed(before) if _COPULA.match(norm[a.end:hit.start])
                        and not _PREPOSITION_BEFORE.search(norm, max(lo, a.start - 16), a.start)), None)
    if subject is None and _DEFINITE_BEFORE.search(norm[max(lo, hit.start - 30):hit.start]):
        return out  # "a move away from the betrayers": the noun names someone else
    anchor = subject or _nearest(others, hit, lo, hi, "any")
    if anchor is not None and anchor.target:
        value = cue.polarity * weight
        if hit.negated:
            value = -0.5 * value
        out.append((anchor.target, value, "evaluation"))
        # "Labour under Mr Corbyn would face annihilation", "Labour was heading for oblivion under
        # Mr Corbyn": a party and the leader it is under share the judgement
        for other in others:
            if other.target and other.target != anchor.target and lo <= other.start < hi and (
                    (other.start >= anchor.end and _UNDER.fullmatch(norm, anchor.end, other.start)) or
                    (anchor.start >= other.end and _UNDER.fullmatch(norm, other.end, anchor.start)) or
                    (anchor.end <= hit.start and hit.end <= other.start <= hit.end + 40
                     and _UNDER.search(norm[max(hit.end, other.start - 12):other.start]))):
                out.append((other.target, value, "evaluation, shared by party and leader"))
                break
    return out


def decide(norm: str, start: int, end: int, targets: list[TargetMention], anchors: list[Anchor],
           speaker_is_narrator: bool, exclude: list[tuple[int, int]] = (),
           organisations: set[str] = frozenset(), cue_hits=None) -> list[StanceResult]:
    """Stance toward each target mentioned in ``norm[start:end]``."""
    by_target: dict[str, list[TargetMention]] = {}
    for t in targets:
        by_target.setdefault(t.target, []).append(t)
    if not by_target:
        return []
    totals = {name: 0.0 for name in by_target}
    notes: dict[str, list[str]] = {name: [] for name in by_target}
    parties = {name for name in by_target if name in organisations}
    anchor_spans = [(a.start, a.end) for a in anchors]
    for hit in find_cues(norm, start, end, exclude, cue_hits):
        if any(s <= hit.start and hit.end <= e for s, e in anchor_spans):
            continue  # "leader of the opposition" is a role, not opposition
        lo, hi = _clause_bounds(norm, start, end, hit.start)
        words = norm[hit.start:hit.end]
        for name, value, how in _contributions(norm, hit, lo, hi, anchors, parties, speaker_is_narrator):
            if name in totals and value:
                totals[name] += value
                notes[name].append(f"'{words}' ({how}{', negated' if hit.negated else ''}) {value:+.1f}")
    results = []
    for name, mentions in by_target.items():
        score = math.tanh(totals[name] / 1.5)
        stance = "favor" if score >= FAVOR_THRESHOLD else "against" if score <= -FAVOR_THRESHOLD else "neutral"
        how = sorted({m.how for m in mentions})
        evidence = "; ".join(notes[name]) if notes[name] else "mentioned without a stance cue"
        evidence += f" [target by {', '.join(how)}: {', '.join(sorted({m.surface for m in mentions}))}]"
        results.append(StanceResult(name, stance, round(score, 3), evidence, len(notes[name])))
    return results


class StanceDecider:
    """Component ``stance``: each statement's stance toward each target it refers to, as
    :class:`helpers.doc.Stance` records in statement order, then by target.

    Two layers decide. The aimed cue rules (:func:`decide`) are the precise one: membership,
    desires, attacks reported in someone's defence, negation. Where they are silent (no cue aimed
    at the target, or cues that cancel out), the sentiment the model reads toward the target decides
    (negative is against, positive favor), when it is at least as sure as the gate says
    (:mod:`helpers.stance.gate`) and the statement is someone's words, not the writer's narration. ``method`` says which: "rules", "model", or "both" when the two
    agree (on a side, or that there is none)."""

    name = "stance"
    provides = "stances"

    def __init__(self, targets, gate: float = 0.0):
        self.organisations = {t.name for t in targets if t.kind == "organisation"}
        self.gate = gate  # (helpers.stance.gate)

    def __call__(self, doc) -> None:
        doc.stances = []
        for read in doc.targets:
            statement = read.statement
            results = decide(doc.norm, read.start, read.end, read.mentions, read.anchors,
                             statement.quote_type == "narration", read.excluded, self.organisations, doc.hits["stance"])
            doc.stances += [combined(statement, r, (read.sentiment or {}).get(r.target), self.gate,
                                     _named(read.mentions, r.target))
                            for r in sorted(results, key=lambda r: r.target)]


def _named(mentions, target: str) -> bool:
    """Is the target named (by name, role, pronoun...), not only implied by membership words ("I
    didn't leave", "let him back in")? The model was trained on named targets: where the membership
    word stands in for the name it reads the sentence's tone, and the rules alone decide."""
    return any(m.target == target and not m.implied for m in mentions)


#: the stance a sentiment toward a target stands for
STANCE_OF_SENTIMENT = {"negative": "against", "neutral": "neutral", "positive": "favor"}
_SENTIMENT_OF_STANCE = {stance: sentiment for sentiment, stance in STANCE_OF_SENTIMENT.items()}


def combined(statement, rules: StanceResult, reading, gate: float = 0.0, named: bool = True) -> Stance:
    """One stance from the rules' result and the model's reading (None: no reading): the rules'
    side where they take one, else the model's where its probability reaches ``gate`` and the
    target is ``named`` in the statement (not only implied by membership words)."""
    if reading is None:
        return Stance(statement, rules.target, rules.stance, rules.score, rules.evidence)
    label, probabilities, weighed = reading
    sentiment_score = round(probabilities["positive"] - probabilities["negative"], 3)
    model_stance = STANCE_OF_SENTIMENT[label]
    if rules.stance != "neutral":
        stance, score = rules.stance, rules.score
        method = "both" if model_stance == rules.stance else "rules"
    elif model_stance != "neutral" and probabilities[label] >= gate and statement.quote_type != "narration" \
            and named:
        # (the writer's own side only where the rules find it unmistakable: a sentence reporting that
        # "Galloway attacked Labour" reads as negative toward Labour, but it is Galloway's attack)
        stance, score, method = model_stance, sentiment_score, "model"
    else:
        stance, score = "neutral", rules.score
        method = "both" if model_stance == "neutral" else "rules"  # (the model not sure enough to take a side)
    words = ", ".join(f"{name} {value:+.2f}" for name, value in weighed[:3])
    evidence = f"{rules.evidence}; model: {label} {probabilities[label]:.2f}" + (f" ({words})" if words else "")
    return Stance(statement, rules.target, stance, score, evidence, method,
                  round(probabilities[_SENTIMENT_OF_STANCE[stance]], 3), label, sentiment_score,
                  round(probabilities[label], 3))
