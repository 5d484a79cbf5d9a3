"""Which targets a statement is about (``data/targets.toml``).

A statement is about a target when it names it (an alias), refers to it by a role the target
held on the article's date, by a pronoun whose referent the context fixes ("he [Corbyn]",
Miliband's "I don't want him to be an MP" after a paragraph about Galloway), by naming a party
leader who stands for the party, or by party-membership words ("come back in", "expelled")
whose party the preceding sentences name. The speaker is never a target of their own words,
and people who merely share a name (Ralph Miliband) are not the target.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .. import config
from ..doc import MEMBERSHIP_CONTEXT, Anchor, StatementTargets, TargetMention
from ..speech.lexicon import Lexicon
from ..speech.mentions import Mention
from ..text.phrases import PhraseMatcher
from ..text.segment import SpanSet

# The patterns scanned along every statement start with a character class, so that re skips to
# the characters that can start a match instead of trying the pattern at every position (as it
# does for a pattern that starts with \b); the word boundary before the first character is a
# look-behind over it. Each matches exactly what the pattern in its comment matches
# (tests/test_phrases.py compares them).
# \b(he|him|his|she|her|hers|they|them|their)\b, IGNORECASE | ASCII
_THIRD_PERSON = re.compile(r"([HhSsTt](?<!\w.)(?i:(?<=h)(?:e|im|is|er|ers)|(?<=s)he|(?<=t)(?:hey|hem|heir)))\b", re.ASCII)
# \b(I|me|my|mine|myself|we|us|our|ours)\b
_FIRST_PERSON = re.compile(r"([Imwuo](?<!\w.)(?:(?<=I)|(?<=m)(?:e|y|ine|yself)|(?<=w)e|(?<=u)s|(?<=o)(?:ur|urs)))\b")
# [.;:!?]|\bbut\b
_CLAUSE_END = re.compile(r"[.;:!?b](?:(?<=b)(?<!\w.)ut\b|(?<!b))")
_PLURAL_AFTER_POSSESSIVE = re.compile(r"'?s?\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*s\b")
_HEARER_GAP = re.compile(r"\s*(?:that\s*)?")
_SAID_TO = re.compile(r"\b(?:say|said|says|tell|told|ask|asked)\s+(?:to\s+)?(him|her|[A-Z][\w'-]+)\b")
_YOU = re.compile(r"[Yy](?<!\w.)(?i:ou)\b")  # \byou\b, IGNORECASE


#: the last word before a position ("describing him": the verb before the pronoun)
_LAST_WORD = re.compile(r"\b(\w+)\s+$")
#: "this party", "our party", "my party": the speaker's own
_OWN_PARTY = re.compile(r"\b(?:[Tt]his|[Oo]ur|[Mm]y)\s+(?:own\s+)?party\b(?!\s+(?:of|that|which|who)\b)")
#: "the party", "the parliamentary party" (not "the party of ...", a description of its own)
_THE_PARTY = re.compile(r"\b[Tt]he\s+(?:(?:local|parliamentary|national|wider|whole|entire)\s+)?party\b"
                        r"(?!\s+(?:of|that|which|who)\b)")


@lru_cache(maxsize=8)
def _description_pattern(description_nouns: frozenset[str]) -> re.Pattern:
    """"the former MP", "the veteran left-winger": a person already named, like "he"."""
    nouns = sorted((n for n in description_nouns if n not in ("former", "man", "woman")), key=len, reverse=True)
    return re.compile(r"[Tt](?<!\w.)he\s+(?:(?:former|veteran|outspoken|embattled|avowed|ex-)[\w-]*\s+)?(?:"
                      + "|".join(f"(?i:{re.escape(n)})" for n in nouns) + r")\b")


def same_person(target: str, name: str) -> bool:
    """Is ``name`` (a speaker, or a person the lexicon knows) the target ``target``? The same name,
    or a fuller one: a target "Trump" is "Donald Trump" of data/people.csv; "Ed Miliband" is not
    "Ralph Miliband"."""
    if not name or not target:
        return False
    if name == target:
        return True
    wanted, words = target.casefold().split(), name.split()
    # the target's words end the name, and what comes before them is a name's too ("Donald J."), not a
    # description ("Sources close to Ed Miliband")
    return len(words) > len(wanted) and [w.casefold() for w in words[-len(wanted):]] == wanted \
        and all(w[:1].isupper() for w in words[:-len(wanted)])


def names_person(target: "Target", name: str, lexicon: Lexicon | None = None) -> bool:
    """Does ``name`` name the person ``target``: by its name, or by a fuller form of its full names (its
    name and the aliases of several words; a lone surname alias, "Miliband", is no full name)? With
    the ``lexicon``, a target's name or alias with honorifics or office words before it is also
    compared without them: a target "Mr. Rubio" or "President Trump" is the person the text names
    "Rubio" or "Trump" (the mentions of a text are names without their titles)."""
    full = [alias for alias in target.aliases if " " in alias.strip()] or list(target.aliases)
    names = [target.name, *full]
    if lexicon is not None:
        names += [bare_name(n, lexicon) for n in names]
    return name == target.name or any(same_person(alias, name) for alias in dict.fromkeys(names))


def bare_name(name: str, lexicon: Lexicon) -> str:
    """``name`` without the honorifics and office words before it ("President Donald Trump" ->
    "Donald Trump", "Mr. Rubio" -> "Rubio"); a name of one word stays as it is."""
    words = name.split()
    while len(words) > 1 and (words[0].casefold().rstrip(".") in lexicon.honorific_gender
                              or words[0].casefold() in lexicon.title_words):
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Target:
    name: str
    kind: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    never: tuple[str, ...]
    leaders_stand_for_party: tuple[str, ...]
    alias_matcher: "PhraseMatcher"
    never_matcher: "PhraseMatcher"


def make_target(name: str, aliases: tuple[str, ...] = (), kind: str = "person") -> Target:
    """A target defined in code (an evaluation's, a notebook's) rather than in a targets file."""
    aliases = tuple(dict.fromkeys([name, *aliases]))
    return Target(name, kind, aliases, (), (), (), PhraseMatcher([(a, a) for a in aliases]), PhraseMatcher([]))


@lru_cache(maxsize=4)
def _load(config_hash: str) -> tuple[Target, ...]:
    raw = config.load_toml("targets.toml")
    targets = []
    for block in raw.get("target", []):
        if "name" not in block:
            raise config.ConfigError(f"{config.config_dir() / 'targets.toml'}: a [[target]] has no name")
        aliases = tuple(dict.fromkeys([block["name"], *block.get("aliases", [])]))
        never = tuple(block.get("never", []))
        alias_matcher = PhraseMatcher([(a, a) for a in aliases])
        never_matcher = PhraseMatcher([(a, a) for a in never])
        targets.append(Target(block["name"], block.get("kind", "person"), aliases,
                              tuple(r.casefold() for r in block.get("roles", [])), never,
                              tuple(block.get("leaders_stand_for_party", [])), alias_matcher, never_matcher))
    return tuple(targets)


def load_targets() -> tuple[Target, ...]:
    return _load(config.files_hash(("targets.toml",)))


def add_to(index, targets: tuple[Target, ...]):
    """Add every target's aliases ("target:NAME") and exclusions ("never:NAME") to an index."""
    for target in targets:
        index.add(f"target:{target.name}", [(a, a) for a in target.aliases])
        index.add(f"never:{target.name}", [(a, a) for a in target.never])
    return index


class TargetFinder:
    """Target mentions and stance anchors for the statements of one article."""

    def __init__(self, norm: str, published: date | None, mentions: list[Mention], sentence_starts: list[int],
                 lexicon: Lexicon, targets: tuple[Target, ...], membership: PhraseMatcher | None,
                 hits: dict | None = None):
        self.norm = norm
        self.published = published
        self.lx = lexicon
        self.targets = targets
        self.by_name = {t.name: t for t in targets}
        self.sentence_starts = sentence_starts
        self.membership = membership
        self._hits = hits  # precomputed phrase hits: "target:NAME", "never:NAME", "stance"
        self.mentions = [m for m in mentions if m.kind in ("name", "role", "organisation", "source")]
        self._mention_starts = [m.start for m in self.mentions]
        self.alias_hits = self._alias_hits()
        self._description_re = _description_pattern(lexicon.description_nouns)
        self._hit_starts = [h.start for h in self.alias_hits]
        #: how often the article names each entity: a one-off name is a weaker antecedent
        self._frequency = Counter(m.entity for m in self.mentions if m.entity)
        self._frequency.update(h.target for h in self.alias_hits)
        self._referent_list: tuple[list, list[int]] | None = None
        #: pronouns of earlier statements already resolved to a person target, (start, target) in text
        #: order: a later "he" continues the chain ("He's a showman." ... "He's earned it," said a voter)
        self._resolved: list[tuple[int, str]] = []
        self._stance_hits = hits.get("stance", []) if hits is not None else None
        self._stance_starts = [h.start for h in self._stance_hits] if self._stance_hits is not None else None

    def _overlapping_mention(self, start: int, end: int) -> Mention | None:
        i = bisect.bisect_right(self._mention_starts, start) - 1
        for j in range(max(0, i - 1), min(len(self.mentions), i + 3)):
            m = self.mentions[j]
            if m.start < end and start < m.end:
                return m
        return None

    def _alias_hits(self) -> list[TargetMention]:
        hits: list[TargetMention] = []
        for target in self.targets:
            if self._hits is not None:
                never = [(m.start, m.end) for m in self._hits.get(f"never:{target.name}", [])]
                aliases = self._hits.get(f"target:{target.name}", [])
            else:
                never = [(m.start, m.end) for m in target.never_matcher.finditer(self.norm)]
                aliases = list(target.alias_matcher.finditer(self.norm))
            for hit in aliases:
                start, end = hit.start, hit.end
                if any(s <= start < e or s < end <= e for s, e in never):
                    continue
                other = self._overlapping_mention(start, end)
                if target.kind == "person" and other is not None and other.kind == "name" and other.entity and \
                        not names_person(target, other.entity, self.lx) and other.speaker_kind == "person":
                    continue  # "Ralph Miliband", or a lone "Miliband" that means Ralph here
                if target.kind == "person" and other is not None and other.kind == "role" and other.entity and \
                        not names_person(target, other.entity, self.lx):
                    continue
                hits.append(TargetMention(target.name, start, end, "name", self.norm[start:end]))
        # roles held on the article's date, and party leaders standing for their party
        taken = SpanSet([(h.start, h.end) for h in hits])
        leaders: dict[str, list[str]] = {}  # role -> its holders on the article's date (asked once per role)
        for mention in self.mentions:
            if mention.kind == "name" and mention.entity in self.by_name and not taken.covers(mention.start):
                # a first name or surname the article itself ties to the target ("Jeremy has made ...")
                hits.append(TargetMention(mention.entity, mention.start, mention.end, "name", mention.surface))
            elif mention.kind == "role" and mention.entity in self.by_name:
                target = self.by_name[mention.entity]
                if not target.roles or any(r in mention.surface.casefold() for r in target.roles):
                    hits.append(TargetMention(target.name, mention.start, mention.end, "role", mention.surface))
            elif mention.entity and mention.entity not in self.by_name and mention.speaker_kind == "person":
                for target in self.targets:
                    for role in target.leaders_stand_for_party:
                        holders = leaders.get(role)
                        if holders is None:
                            holders = leaders[role] = self.lx.role_holders(role, self.published)
                        if mention.entity in holders:
                            hits.append(TargetMention(target.name, mention.start, mention.end, "party leader",
                                                      mention.surface))
        hits.sort(key=lambda h: (h.start, h.end))
        return hits

    def _mentions_between(self, start: int, end: int) -> list[Mention]:
        """Mentions starting in ``start:end`` (the list is in text order)."""
        return self.mentions[bisect.bisect_left(self._mention_starts, start):bisect.bisect_left(self._mention_starts, end)]

    def _hits_between(self, start: int, end: int) -> list[TargetMention]:
        lo = bisect.bisect_left(self._hit_starts, start)
        hi = bisect.bisect_left(self._hit_starts, end)
        return self.alias_hits[lo:hi]

    def _sentence_floor(self, pos: int, back: int) -> int:
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        return self.sentence_starts[max(0, i - back)] if self.sentence_starts else 0

    def _antecedent(self, pronoun: str, pos: int, speaker: str, floor: int, reported: bool = False,
                    any_gender: bool = False) -> str:
        """The target a third-person pronoun refers to, if the nearest fitting referent is one.

        In reported speech ("Galloway said he was...") a pronoun that fits the speaker is the
        speaker. An object pronoun ("X abhors his values", "undermine him") does not refer to
        the subject of its own clause."""
        word = pronoun.lower()
        plural = word in ("they", "them", "their")
        want = "female" if word in ("she", "her", "hers") else "male"
        if reported and not plural and self._speaker_is_person and self.lx.gender_of(speaker) in (want, "unknown") \
                and speaker and not self._object_of_reporting_verb(word, pos):
            # "Watson told Mr Corbyn he should step down": a hearer named just before the reported
            # clause is the "he"; otherwise the speaker is
            hearer = [m for m in self._mentions_between(floor, pos) if m.end <= pos and m.entity and m.entity != speaker
                      and m.speaker_kind == "person" and self.lx.gender_of(m.entity) in (want, "unknown")
                      and _HEARER_GAP.fullmatch(self.norm[m.end:self._clause_start(pos)] or "")]
            if not hearer:
                return ""
            return hearer[-1].entity if hearer[-1].entity in self.by_name else ""
        clause_start = max(floor, max((m.end() for m in _CLAUSE_END.finditer(self.norm[max(floor, pos - 200):pos])),
                                      default=0) + max(floor, pos - 200))
        clause_subject = ""
        if word in ("him", "her", "them", "his", "their"):
            before = [m for m in self._mentions_between(clause_start, pos) if m.entity]
            before += [h for h in self._hits_between(clause_start, pos)]
            if before:
                first = min(before, key=lambda x: x.start)
                # a possessor is not the subject: "Galloway's victory saw him secure 56%" is about Galloway
                if not self._possessive_at(first.end):
                    clause_subject = getattr(first, "entity", "") or getattr(first, "target", "")
        sentence_start = self._sentence_floor(pos, 1)  # this sentence and the one before
        nearest = None
        # a description ("the former MP") renames someone the article named; only a pronoun
        # continues another pronoun's chain
        for start, entity, target, is_plural in self._referents_before(floor, pos, chain=not any_gender):
            if entity == speaker or (clause_subject and entity == clause_subject):
                continue
            if plural != is_plural:
                continue
            if not plural:
                gender = self.lx.gender_of(entity)
                if (gender not in (want, "unknown") and not any_gender) or \
                        (target and self.by_name[target].kind == "organisation"):
                    continue
            if nearest is None:
                if start < sentence_start and not target and self._frequency[entity] == 1:
                    # someone named once, sentences back (a passer-by quoted before): the person the
                    # passage is about, named again and again, is the likelier "he"
                    return self._salient_target(floor, pos, want, plural, speaker) or target
                if start < sentence_start or self._frequency[entity] > 1:
                    return target
                nearest = target  # named once, in passing ("finding Lord Lucan riding Shergar")
                continue
            if start >= sentence_start and self._frequency[entity] > 1:
                return target  # the sentence's other, recurring referent is the likelier one
            break
        return nearest or ""

    def _possessive_at(self, end: int) -> bool:
        return self.norm[end:end + 2] in ("'s", "’s") or self.norm[end - 2:end] in ("'s", "’s")

    #: how often a person target must be named in the article to be what a passage is about
    SALIENT = 3

    def _salient_target(self, floor: int, pos: int, want: str, plural: bool, speaker: str) -> str:
        """The person target named most often in the article among those named in ``floor:pos``, if
        it is named at least :data:`SALIENT` times and fits the pronoun."""
        if plural:
            return ""
        named = {target for _, entity, target, is_plural in self._referents_before(floor, pos)
                 if target and not is_plural and target != speaker and self.by_name[target].kind == "person"
                 and self.lx.gender_of(entity) in (want, "unknown")}
        best = max(named, key=lambda t: (self._frequency[t], t), default="")
        return best if best and self._frequency[best] >= self.SALIENT else ""

    def _object_of_reporting_verb(self, word: str, pos: int) -> bool:
        """Is the pronoun at ``pos`` the object of a reporting or labelling verb ("Alan Johnson paid
        tribute, describing him as ...")? Then it is not the speaker, whoever else it may be."""
        if word not in ("him", "her", "them"):
            return False
        verb = _LAST_WORD.search(self.norm, max(0, pos - 25), pos)
        return verb is not None and verb.group(1).lower() in self.lx.cues

    def _referents(self) -> tuple[list[tuple[int, str, str, bool]], list[int]]:
        """Every possible referent of a pronoun (start, entity, target, plural), nearest-first
        order: by start descending, and for equal starts mentions before target hits, each in
        text order (a stable sort of mentions + hits). With the negated starts, for bisection."""
        if self._referent_list is None:
            candidates: list[tuple[int, str, str, bool]] = []
            for m in self.mentions:
                if m.entity:
                    target = m.entity if m.entity in self.by_name else ""
                    is_plural = m.plural or m.speaker_kind in ("organisation", "source")
                    if m.possessive and _PLURAL_AFTER_POSSESSIVE.match(self.norm[m.end:m.end + 40]):
                        is_plural = True  # "Galloway's political views" ... "calling them"
                    candidates.append((m.start, m.entity, target, is_plural))
            for h in self.alias_hits:
                kind = self.by_name[h.target].kind
                candidates.append((h.start, h.target, h.target, kind == "organisation" or h.surface.endswith("s")))
            candidates.sort(key=lambda c: -c[0])
            self._referent_list = (candidates, [-c[0] for c in candidates])
        return self._referent_list

    def _referents_before(self, floor: int, pos: int, chain: bool = True):
        """The referents starting in ``floor:pos``, nearest first (see :meth:`_referents`): the
        order in which sorting the mentions and hits of that range by descending start puts them;
        with the pronouns already resolved to a target there among them (:meth:`resolved_at`)."""
        candidates, keys = self._referents()
        named = (candidates[i] for i in range(bisect.bisect_right(keys, -pos), bisect.bisect_right(keys, -floor)))
        if not chain:
            yield from named
            return
        resolved = [(start, target, target, False) for start, target in reversed(self._resolved) if floor <= start < pos]
        yield from heapq.merge(named, resolved, key=lambda c: -c[0])

    def resolved_at(self, start: int, target: str) -> None:
        """Record a pronoun at ``start`` resolved to the person ``target`` (statements come in text order)."""
        if self.by_name[target].kind == "person" and (not self._resolved or self._resolved[-1][0] < start):
            self._resolved.append((start, target))

    # \b(?:said|says|say|wrote|writes|added|adds|joked|remarked|observed)\s+of\s+ (see _THIRD_PERSON)
    _SAID_OF = re.compile(r"[swajro](?<!\w.)(?:(?<=s)(?:aid|ays|ay)|(?<=w)(?:rote|rites)|(?<=a)(?:dded|dds)|(?<=j)oked"
                          r"|(?<=r)emarked|(?<=o)bserved)\s+of\s+")

    def _said_of(self, start: int, end: int) -> str:
        """The person target a quotation is about when its frame says so: "..., he said of Mr Galloway"."""
        lo = self._sentence_floor(start, 0)
        i = bisect.bisect_right(self.sentence_starts, max(start, end - 1))
        hi = self.sentence_starts[i] if i < len(self.sentence_starts) else len(self.norm)
        for m in self._SAID_OF.finditer(self.norm, lo, hi):
            hits = self._hits_between(m.end(), m.end() + 40)
            if hits and self.by_name[hits[0].target].kind == "person":
                return hits[0].target
        return ""

    _speaker_is_person = True
    _speaks_for = ""

    def _clause_start(self, pos: int) -> int:
        """Where the reported clause holding ``pos`` begins (after its reporting frame)."""
        return self._statement_start if self._statement_start is not None and self._statement_start <= pos else pos

    def _addressee(self, pos: int, start: int, speaker: str, floor: int, reported: bool) -> str:
        """Whom "you" addresses: "I would say to him, you ..." -> him."""
        said_to = None
        for m in _SAID_TO.finditer(self.norm[max(floor, start - 300):pos]):
            said_to = m
        if said_to is None:
            return ""
        word_pos = max(floor, start - 300) + said_to.start(1)
        word = said_to.group(1)
        if word in ("him", "her"):
            return self._antecedent(word, word_pos, speaker, floor, reported)
        hits = self._hits_between(word_pos, word_pos + 1)
        return hits[0].target if hits else ""

    def _party_of(self, speaker: str, speaker_mention: str) -> str:
        """The party target a speaker belongs to: named in the words that name the speaker ("one
        Labour MP", "Labour's Jess Phillips"), or the speaker holds the role that stands for it on the
        article's date (the Labour leader)."""
        for target in self.targets:
            if target.kind != "organisation":
                continue
            if speaker_mention and any(re.search(rf"\b{re.escape(alias)}\b", speaker_mention) for alias in target.aliases):
                return target.name
            if any(speaker in self.lx.role_holders(role, self.published) for role in target.leaders_stand_for_party):
                return target.name
        return ""

    def find(self, start: int, end: int, speaker: str, exclude: list[tuple[int, int]] = (),
             reported: bool = False, speaker_kind: str = "person", speaker_mention: str = "") -> list[TargetMention]:
        """Target mentions inside ``start:end`` (statement span), excluding nested statements.
        ``speaker_kind``: a "he" in reported speech can be the speaker only if that is a person."""
        self._statement_start = start
        self._speaker_is_person = speaker_kind in ("person", "unknown")
        found: list[TargetMention] = []
        for hit in self._hits_between(start, end):
            if hit.end <= end and not any(s <= hit.start < e for s, e in exclude):
                found.append(hit)
        own_party = self._party_of(speaker, speaker_mention) if speaker else ""
        # a party speaking for itself (its spokesperson, its press office) takes no stance toward itself
        self._speaks_for = own_party if speaker_kind == "organisation" else ""
        for m in _OWN_PARTY.finditer(self.norm, start, end) if own_party else ():
            if not any(s <= m.start() < e for s, e in exclude):
                found.append(TargetMention(own_party, m.start(), m.end(), "speaker's party", m.group(0)))
        floor = self._sentence_floor(start, 8)
        topic = self._said_of(start, end)
        if not topic and not self._hits_between(floor, end) and not any(m.entity in self.by_name
                                                                    for m in self._mentions_between(floor, end)):
            found.sort(key=lambda f: f.start)  # no target named nearby: no pronoun can refer to one
            return [f for f in found if not self._is_speaker(f.target, speaker)]
        for m in _THIRD_PERSON.finditer(self.norm, start, end):
            if any(s <= m.start() < e for s, e in exclude):
                continue
            target = self._antecedent(m.group(1), m.start(), speaker, floor, reported)
            if topic and m.group(1).lower() in ("he", "him", "his", "she", "her") and topic != speaker and \
                    self.lx.gender_of(topic) in ("female" if m.group(1).lower() in ("she", "her") else "male", "unknown"):
                target = topic  # '"He is a divisive figure," one MP said of Mr Galloway'
            if target:
                found.append(TargetMention(target, m.start(), m.end(), "pronoun", m.group(1)))
                self.resolved_at(m.start(), target)
        for m in self._description_re.finditer(self.norm, start, end):
            other = self._overlapping_mention(m.start(), m.end())
            if any(s <= m.start() < e for s, e in exclude) or (other is not None and other.kind != "source"):
                continue  # ("the former MP" may also read as an anonymous source: here it is a description)
            target = self._antecedent("he", m.start(), speaker, floor, False, any_gender=True)
            if target:
                found.append(TargetMention(target, m.start(), m.end(), "description", m.group(0)))
        for m in _THE_PARTY.finditer(self.norm, start, end):
            # "the party" is the party target named last nearby, unless another party was named since
            if any(s <= m.start() < e for s, e in exclude) or self._hits_between(m.start(), m.end()):
                continue
            last = next((h for h in reversed(self._hits_between(floor, m.start()))
                         if self.by_name[h.target].kind == "organisation"), None)
            if last is not None and not any(o.speaker_kind == "organisation" and o.entity not in self.by_name
                                            for o in self._mentions_between(last.end, m.start())):
                found.append(TargetMention(last.target, m.start(), m.end(), "description", m.group(0)))
        for m in _YOU.finditer(self.norm[start:end]):
            pos = start + m.start()
            target = self._addressee(pos, start, speaker, floor, reported)
            if target:
                found.append(TargetMention(target, pos, pos + 3, "addressee", m.group(0)))
        parties = [t for t in self.targets if t.kind == "organisation"]
        if self._hits is not None:
            first_membership = self._first_membership(start, end)
        else:
            first_membership = next(iter(self.membership.finditer(self.norm, start, end)), None) if self.membership else None
        if parties and first_membership is not None:
            named = {f.target for f in found}
            for party in parties:
                if party.name in named:
                    continue
                earlier = [h for h in self._hits_between(floor, start) if h.target == party.name]
                if earlier:
                    m = first_membership
                    found.append(TargetMention(party.name, m.start, m.end, MEMBERSHIP_CONTEXT,
                                               self.norm[m.start:m.end]))
                    break
        found.sort(key=lambda f: f.start)
        return [f for f in found if not self._is_speaker(f.target, speaker)]

    def _is_speaker(self, target: str, speaker: str) -> bool:
        """The speaker is never a target of their own words (a person by a fuller name too)."""
        if self.by_name[target].kind == "person":
            return names_person(self.by_name[target], speaker, self.lx)
        return target == speaker or target == self._speaks_for

    def _first_membership(self, start: int, end: int):
        """The first membership cue within ``start:end`` (hits are in text order; one that starts
        at or after ``end`` cannot end within it)."""
        hits = self._stance_hits
        for i in range(bisect.bisect_left(self._stance_starts, start), len(hits)):
            h = hits[i]
            if h.start >= end:
                break
            if h.end <= end and h.payload.kind == "membership":
                return h
        return None

    def anchors(self, start: int, end: int, speaker: str, targets: list[TargetMention],
                exclude: list[tuple[int, int]] = (), reported: bool = False) -> list[Anchor]:
        """Every entity a stance cue in ``start:end`` could be aimed at, in text order.

        Target mentions (including resolved pronouns) are anchors with their target; other
        names and unresolved pronouns are anchors without one; I/me/we are the speaker."""
        out = [Anchor(t.start, t.end, t.target, t.target, plural=self.by_name[t.target].kind == "organisation")
               for t in targets if not t.implied]
        taken = [(a.start, a.end) for a in out] + list(exclude)

        def free(pos: int) -> bool:
            return not any(s <= pos < e for s, e in taken)
        for m in self._mentions_between(start, end):
            if free(m.start):
                out.append(Anchor(m.start, m.end, "", m.entity, is_speaker=(m.entity == speaker), plural=m.plural))
        for m in _FIRST_PERSON.finditer(self.norm, start, end):
            if free(m.start()):
                out.append(Anchor(m.start(), m.end(), "", speaker, is_speaker=True))
        speaker_gender = self.lx.gender_of(speaker) if speaker else "unknown"
        for m in _THIRD_PERSON.finditer(self.norm, start, end):
            if free(m.start()):
                word = m.group(1).lower()
                plural = word in ("they", "them", "their")
                # in reported speech "he" is usually the speaker ("Galloway said he would rejoin")
                own = reported and not plural and speaker_gender == ("female" if word in ("she", "her", "hers") else "male")
                out.append(Anchor(m.start(), m.end(), "", speaker if own else "", is_speaker=own, plural=plural))
        out.sort(key=lambda a: a.start)
        return out


#: quotation marks as :func:`helpers.text.textnorm.for_matching` leaves them
_OPENING_MARKS = ('"', "'")


def _word_at(norm: str, words: str, start: int, end: int) -> list[tuple[int, int]]:
    """The first place ``words`` stand as whole words in ``norm[start:end]`` ("he", not the "he" of "the")."""
    at = norm.find(words, start, end)
    while at >= 0:
        stop = at + len(words)
        if (at == 0 or not norm[at - 1].isalnum()) and (stop >= len(norm) or not norm[stop].isalnum()):
            return [(at, stop)]
        at = norm.find(words, at + 1, end)
    return []


def _frames_inside(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """The writer's frames between the pieces of one quotation ('"A," he said. "B."'): the text from
    a closing mark to the next opening mark. The statement starts inside the first piece, so its
    marks alternate closing, opening."""
    marks = [i for i in range(start, end) if norm[i] in '"\u201c\u201d']
    frames, closing = [], None
    for i in marks:
        if closing is None and norm[i] != "\u201c":
            closing = i
        elif closing is not None and norm[i] != "\u201d":
            if i - closing <= 160:
                frames.append((closing, i + 1))
            closing = None
    return frames


class TargetSpotter:
    """Component ``targets``: for each statement, the span its stance is read from and the targets
    it refers to there (:class:`helpers.doc.StatementTargets`; statements naming no target get none).

    The span is the statement's own words, widened where a stance lies just outside them: a partial
    quotation's target is often outside the marks ("calling them "awful""), a tweet reported as a
    clause reads like one, and a reported statement's verb can be the stance ("Corbyn congratulated
    Mr Galloway"). Left out: statements nested inside it (theirs are their speakers' stances), the
    speaker's own description in the frame ("one Labour MP said"), and the writer's frames between
    the pieces of a quotation."""

    name = "targets"
    provides = "targets"

    def __init__(self, lexicon: Lexicon, targets: tuple[Target, ...], membership):
        self.lexicon, self.targets, self.membership = lexicon, targets, membership

    def __call__(self, doc) -> None:
        norm = doc.norm
        finder = TargetFinder(norm, doc.published, doc.mentions, [s.start for s in doc.sentences], self.lexicon,
                              self.targets, self.membership, doc.hits)
        nested: dict[int, list[tuple[int, int]]] = {}
        for s in doc.statements:
            if s.nested_in is not None:
                nested.setdefault(id(s.nested_in), []).append((s.start, s.end))
        doc.targets = []
        for s in doc.statements:
            start, end = s.start, s.end
            exclude = nested.get(id(s), [])
            # a tweet reported as a clause ('said on Twitter that Labour had been "humiliated"') reads like
            # a partial quotation: its words outside the marks are the speaker's, not a frame
            # (a whole tweet set out as a block has no marks at all: it is not one)
            tweet_clause = s.quote_type == "tweet" and norm[start - 1:start] not in _OPENING_MARKS \
                and '"' in norm[start:end]
            reported = s.quote_type in ("indirect", "partial") or tweet_clause
            if s.quote_type == "partial" or tweet_clause:
                start, end = min(start, s.context_start), max(end, s.context_end)
            elif s.quote_type == "indirect" and s.cue:
                verb = _word_at(norm, str(s.cue), max(s.context_start, start - 60), start)
                start = verb[0][0] if verb else start
            own = []
            if s.quote_type != "narration" and s.speaker_mention:
                own = _word_at(norm, str(s.speaker_mention), start, end)
            if s.quote_type in ("direct", "tweet", "block") and not tweet_clause:
                own += _frames_inside(norm, s.start, s.end)
            found = finder.find(start, end, s.speaker, exclude + own, reported, s.speaker_kind or "person",
                                s.speaker_mention)
            if not found:
                continue
            anchors = finder.anchors(start, end, s.speaker, found, exclude + own, reported)
            doc.targets.append(StatementTargets(s, start, end, exclude + own, reported, found, anchors))
