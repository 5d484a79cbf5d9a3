"""Finding who could be speaking: names, roles, anonymous sources, organisations, pronouns.

A :class:`Mention` is a stretch of text that can be the subject of a reporting verb. Names
are recognised without a statistical model: aliases from ``data/people.csv``, capitalised
runs with an honorific or a known first name, and surnames or first names of people the
article has already named in full. Roles ("the Labour leader") are resolved through
``data/roles.csv`` by the article's date.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ..text.segment import SpanSet
from ..text.vocabulary import Vocabulary, load_vocabulary
from .grammar import grammar_of
from .lexicon import Lexicon

PRONOUNS = {
    "he": ("male", False), "she": ("female", False), "they": ("unknown", True),
    "it": ("neuter", False), "we": ("unknown", True), "i": ("unknown", False),
}

# The patterns, with the word lists of data/ in braces (see helpers.text.vocabulary).
#: one word of a name: a handle, initials, a short title with its full stop, a capitalised word
_TOKEN = r"(?:@\w+|(?:[A-Z]\.){2,}|(?:{honorifics.short.in_names})\.|[A-Z]\.|[A-Z][\w'-]*\w|[A-Z])"
_CONNECT = r"(?:[ ](?:{names.particles}|{names.connecting_prepositions})[ ]|[ ])"
#: capitalised words in a row: a possible name (a possessive ends a run: "Unite's Len McCluskey" is
#: Unite's, then Len McCluskey)
NAME_RUN = rf"(?<![\w@'-]){_TOKEN}(?:(?<!'s){_CONNECT}{_TOKEN})*"
_PRONOUN = r"\b({pronouns.subjects})\b"
_ROLE_DETERMINER = r"(?:\b(the|The)\s+(?:({roles.modifiers})\s+)?|\b([A-Z][\w]+)'s?\s+)$"
#: what follows a person's name in apposition: "Jane Smith, who ...", "Jane Smith, a nurse", and the age
#: newspapers give after a name ("Ghulam Nabi, 67, said")
#: an adverb of stance or time ("Apparently", "Frankly", "Finally"), as it opens a sentence
_SENTENCE_ADVERB = re.compile(r"[A-Z][a-z]{3,}ly")
_APPOSITION = r",\s+(?:who\b|\d{1,3},|(?:{determiners.articles})\s+(?:(?:{names.apposition_modifiers})\s+)?[a-z])"
#: what may follow a source's noun: "close to Mr Smith", "inside the Labour camp", "familiar with the talks"
_SOURCE_RIGHT = (
    r"\s+(?:{sources.prepositions_after})\s+(?:the\s+)?(?:(?:{honorifics.before.source_name})\.?\s+)?"
    r"(?:(?:[A-Z][\w'-]*(?:\s+|$|(?=[,.;:)])))+(?:(?:{sources.affiliations_after_name})\b)?"
    r"|(?:{pronouns.objects_after_source}|the\s+(?:{=sources.topics_after})))\b")
_LEADING_ARTICLE = r"^(?:{determiners.leading_article})\s+"
#: "the avowed socialist", "the former Labour leader"; not "the arrest of a man" (a phrase's own article)
_THE_BEFORE = r"\b(?:the|The)\s+(?:(?!(?:{descriptions.not_between_the_and_noun})\s)[\w-]+\s+){0,3}?$"
#: a capitalised occupation ("Shopkeeper", "Pensioner", "Campaigner", "Economist")
_OCCUPATION = re.compile(r"[A-Z][a-z]{3,}(?:er|or|ist|ian|ant|ent|man|woman|ee)")
_ACRONYM = re.compile(r"^[A-Z]{2,6}s?$")
_WORD = re.compile(r"[\w'-]+")
_ING = re.compile(r"\w+ing\b")
_LAST_WORD = re.compile(r"\b(\w+)\s+$")
_THE_END = re.compile(r"\b[Tt]he\s+$")
_AFTER_ROLE_COMMA = re.compile(r"\b[a-z][\w-]*,\s$")
_THAT = re.compile(r"\s+that\b")
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w.'-]*\s+$")
#: where a party member heads its phrase (``party_members`` in speaker_words.toml)
_PARTY_MEMBER_END = re.compile(r"\s*(?:[,.;:!?)]|$)")


class _MentionPatterns:
    """The patterns and word sets of the finder, built from one vocabulary."""

    def __init__(self, vocabulary: Vocabulary):
        compile_, words = vocabulary.compile, vocabulary.__getitem__
        self.name_run = compile_(NAME_RUN)
        self.pronoun = compile_(_PRONOUN, re.IGNORECASE | re.ASCII)
        self.role_determiner = compile_(_ROLE_DETERMINER)
        self.apposition = compile_(_APPOSITION)
        self.source_right = compile_(_SOURCE_RIGHT)
        self.leading_article = compile_(_LEADING_ARTICLE, re.IGNORECASE)
        self.the_before = compile_(_THE_BEFORE)
        self.particles = words("names.particles")
        self.connectors = frozenset(words("names.connecting_prepositions"))
        self.honorifics_alone = vocabulary.set("honorifics.short.may_stand_alone")
        self.opening_participles = frozenset(words("names.opening_participles"))
        self.participle_prepositions = frozenset(words("names.prepositions_after_participle"))
        self.source_modifiers = vocabulary.set("sources.modifiers")
        self.source_determiners = vocabulary.set("sources.determiners")
        self.capitalised_sources = frozenset(words("sources.capitalised"))
        self.generic_alone = frozenset(words("sources.generic_alone"))
        self.plural_without_s = frozenset(words("sources.plural_without_s"))


@lru_cache(maxsize=4)
def _patterns(vocabulary: Vocabulary) -> _MentionPatterns:
    return _MentionPatterns(vocabulary)


@lru_cache(maxsize=8)
def _skip_alone(not_names: frozenset[str], honorifics_alone: frozenset[str]) -> frozenset[str]:
    """Words that are never a name on their own (a lone "The", "But", "He"); honorifics may be."""
    return frozenset(w for w in not_names if w not in honorifics_alone)


class _Span:
    """A match-like view of a phrase hit (start(), end(), group(0))."""

    __slots__ = ("_start", "_end", "_text")

    def __init__(self, start: int, end: int, text: str):
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _index: int = 0) -> str:
        return self._text


@dataclass
class Mention:
    """A possible speaker in the text.

    ``kind``: name, role, source, organisation, pronoun, description.
    ``entity``: canonical name (people table or the longest full name in the article), the
    source's description, or "" while unresolved (pronouns, descriptions, unknown roles).
    ``speaker_kind``: person, organisation, source or unknown.
    """

    start: int
    end: int
    surface: str
    kind: str
    entity: str = ""
    speaker_kind: str = "unknown"
    gender: str = "unknown"
    plural: bool = False
    possessive: bool = False
    in_quote: bool = False
    confident: bool = True


def _strip_possessive(surface: str) -> tuple[str, bool]:
    if surface.endswith("'s") or surface.endswith("’s"):
        return surface[:-2], True
    if surface.endswith("'") or surface.endswith("’"):
        return surface[:-1], True
    return surface, False


class MentionFinder:
    """Finds mentions in one article. Build once per article; call :meth:`find`."""

    def __init__(self, text: str, norm: str, published: date | None, lexicon: Lexicon,
                 quote_spans: list[tuple[int, int]], cue_starts: set[int], hits: dict | None = None):
        self.text, self.norm, self.published, self.lx = text, norm, published, lexicon
        self.hits = hits if hits is not None else lexicon.scan(norm)
        self.quote_spans = sorted(quote_spans)
        self._quote_starts = [s for s, _ in self.quote_spans]
        self.cue_starts = cue_starts
        self._cue_list = sorted(cue_starts)
        self.entities: dict[str, dict] = {}   # canonical -> {gender, kind, full_mentions, tokens}
        vocabulary = lexicon.vocabulary or load_vocabulary()
        self.p, self.gap = _patterns(vocabulary), grammar_of(vocabulary).gap

    # -- helpers -------------------------------------------------------------------------
    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self._quote_starts, pos) - 1
        return i >= 0 and self.quote_spans[i][0] <= pos < self.quote_spans[i][1]

    def _followed_by_cue(self, end: int) -> bool:
        window = self.norm[end:end + 160]
        lo = bisect.bisect_left(self._cue_list, end)
        hi = bisect.bisect_left(self._cue_list, end + 160)
        for cue_start in self._cue_list[lo:hi]:
            if self.gap.match(window[:cue_start - end]) and not _ING.match(self.norm[cue_start:cue_start + 20]):
                return True
        return False

    def _preceded_by_cue(self, start: int) -> bool:
        left = self.norm[max(0, start - 40):start]
        m = _LAST_WORD.search(left)
        return bool(m) and (start - len(left) + m.start(1)) in self.cue_starts

    # -- passes --------------------------------------------------------------------------
    def _alias_mentions(self) -> list[Mention]:
        out = []
        for hit in self.hits["alias"]:
            whole = self.norm[hit.start:hit.end]
            surface, possessive = _strip_possessive(whole)
            canonical = self.lx.alias_index.get(whole.casefold()) or self.lx.alias_index.get(surface.casefold())
            if canonical is None:
                continue
            person = self.lx.people[canonical]
            is_org = person.kind == "organisation"
            single_alias = " " not in surface and not surface.startswith("@")
            if single_alias and not is_org:
                continue  # lone surnames/first names are resolved against the article's own names
            out.append(Mention(hit.start, hit.start + len(surface), surface, "organisation" if is_org else "name",
                               canonical, "organisation" if is_org else "person", person.gender,
                               plural=is_org and surface.lower().endswith("s"), possessive=possessive,
                               confident=not single_alias or is_org))
        return out

    def _role_mentions(self, day: date | None) -> list[Mention]:
        out = []
        for hit in self.hits["role"]:
            m = _Span(hit.start, hit.end, self.norm[hit.start:hit.end])
            left = self.norm[max(0, m.start() - 40):m.start()]
            det = self.p.role_determiner.search(left)
            if not det:
                # "Labour leader Sir Keir Starmer": a title before a name, not a mention itself
                continue
            former = bool(det.group(2) and det.group(2) in ("former", "ex-"))
            holders = self.lx.role_holders(m.group(0), day, former=former)
            if not former and day is not None:
                holders = self._holders_on_change_day(m.group(0), day, holders)
            if former and len(holders) > 1:
                named = [h for h in holders if h in self.entities]
                holders = named if len(named) == 1 else holders
            start = m.start() - len(det.group(0))
            surface = self.norm[start:m.end()]
            if len(holders) == 1:
                out.append(Mention(start, m.end(), surface, "role", holders[0], "person",
                                   self.lx.gender_of(holders[0])))
            else:
                out.append(Mention(start, m.end(), surface, "role", "", "unknown", confident=False))
        return out

    def _holders_on_change_day(self, role: str, day: date, holders: list[str]) -> list[str]:
        """On the day a role changes hands (a resignation, a result) an article can mean either
        holder. The one it names is meant; one that names neither does not report the change, so
        it was written before it and means the day before's holder; one that names both, the day's."""
        before = self.lx.role_holders(role, day - timedelta(days=1))
        if before == holders or not before:
            return holders
        named = [h for h in dict.fromkeys(before + holders) if h in self.entities]
        if len(named) == 1:
            return named
        return before if not named else holders

    def _name_runs(self) -> list[Mention]:
        """A name mention for each run of capitalised words that holds one (see :meth:`_run_name`)."""
        out = []
        for m in self.p.name_run.finditer(self.norm):
            mention = self._run_name(m.group(), m.start())
            if mention is not None:
                out.append(mention)
        return out

    def _run_name(self, run: str, at: int) -> Mention | None:
        """The name in one run: the run cut where a name cannot go on, without the words before its
        first name that are no part of it, and its honorifics and titles set apart."""
        if " " not in run:
            return self._one_word_name(run, at)
        tokens, starts = self._cut_run(*self._run_tokens(run, at))
        i = self._name_start(tokens, starts)
        honorific, titled, i = self._skip_titles(tokens, i)
        if i >= len(tokens):
            return None
        name_tokens = [t for t in tokens[i:] if t.lower() not in self.p.particles] and tokens[i:]
        surface, possessive = _strip_possessive(" ".join(name_tokens))
        # (after an honorific even a month is a surname: "Mrs May")
        if not surface or (surface.lower() in self.lx.not_names and not honorific) or surface.startswith("@"):
            return None
        gender = self.lx.honorific_gender.get(honorific, "unknown") if honorific else "unknown"
        return Mention(starts[i], starts[i] + len(surface), surface, "name", "", "unknown", gender,
                       possessive=possessive, confident=bool(honorific) or titled)

    def _one_word_name(self, run: str, at: int) -> Mention | None:
        """A run of one word: what the steps for longer runs do to a single token, without their loops."""
        not_names = self.lx.not_names
        low = run.lower().rstrip(".")
        if low in _skip_alone(not_names, self.p.honorifics_alone):
            return None  # a lone "The", "But", "He"
        if (low in not_names and low not in self.lx.honorific_gender) or run.lower() in self.p.particles:
            return None
        surface, possessive = _strip_possessive(run)
        if not surface or surface.lower() in not_names or surface.startswith("@"):
            return None
        return Mention(at, at + len(surface), surface, "name", "", "unknown", "unknown",
                       possessive=possessive, confident=False)

    @staticmethod
    def _run_tokens(run: str, at: int) -> tuple[list[str], list[int]]:
        tokens = run.split(" ")
        starts, pos = [], at
        for tok in tokens:
            starts.append(pos)
            pos += len(tok) + 1
        return tokens, starts

    def _cut_run(self, tokens: list[str], starts: list[int]) -> tuple[list[str], list[int]]:
        """The run's words that can be one name, in four cuts (each explained where it is made)."""
        tokens, starts = self._cut_at_cue_or_date(tokens, starts)
        lx, not_names = self.lx, self.lx.not_names
        # "Shopkeeper Tariq Mahmood": an occupation (not a known first name) before a two-word name
        if len(tokens) >= 3 and tokens[0] not in lx.first_names and _OCCUPATION.fullmatch(tokens[0]) \
                and tokens[0].lower() not in not_names and tokens[1][:1].isupper() and tokens[2][:1].isupper():
            tokens, starts = tokens[1:], starts[1:]
        tokens, starts = self._start_at_first_name(tokens, starts)
        # "Cameron Easley for Morning Consult", "Jane Smith of Reuters": a person, then who they work for
        if tokens[0] in lx.first_names:
            for k in range(2, min(len(tokens) - 1, 4)):
                if tokens[k] in self.p.connectors and tokens[k - 1].lower() not in lx.org_suffixes and \
                        tokens[k - 1].lower() not in not_names:
                    return tokens[:k], starts[:k]
        return tokens, starts

    def _cut_at_cue_or_date(self, tokens: list[str], starts: list[int]) -> tuple[list[str], list[int]]:
        """"Lindsey Graham Says ..." in a headline: a cue word ends the name; so does a preposition
        before a day or month ("Sanders on Tuesday"), but not "Secretary of State John Kerry"."""
        not_names, titles = self.lx.not_names, self.lx.title_words
        for k, tok in enumerate(tokens):
            if k > 0 and (starts[k] in self.cue_starts or (
                    tok in self.p.connectors and k + 1 < len(tokens) and tokens[k + 1].lower() in not_names
                    and tokens[k - 1].lower() not in titles)):
                return tokens[:k], starts[:k]
        return tokens, starts

    def _start_at_first_name(self, tokens: list[str], starts: list[int]) -> tuple[list[str], list[int]]:
        """"Oversight Chairman Jason Chaffetz": the name starts at its first name (but "Cornell
        William Brooks" has an unlisted first name, and "Campaigner Owen Jones" a title)."""
        lx = self.lx
        for k, tok in enumerate(tokens[:-1]):
            if k > 0 and tok in lx.first_names and tokens[k - 1].lower().rstrip(".") not in lx.honorific_gender:
                if k == 1 and self._could_be_first_name(tokens[0]):
                    return tokens, starts
                if all(t.lower() not in lx.alias_index for t in tokens[:k]):
                    return tokens[k:], starts[k:]
                return tokens, starts
        return tokens, starts

    def _could_be_first_name(self, word: str) -> bool:
        """A capitalised word that is no title, description, source or acronym ("Cornell")."""
        lx, low = self.lx, word.lower()
        return word[:1].isupper() and low.rstrip(".") not in lx.not_names and low not in lx.title_words \
            and word not in lx.title_words and not _ACRONYM.match(word) and low not in lx.source_nouns \
            and low not in lx.description_nouns

    def _name_start(self, tokens: list[str], starts: list[int]) -> int:
        """The first word that may start the name: not a participle and its preposition ("Writing for
        LabourList"), nor a word that never starts a name ("But", "The"; "Lord", "Dame" may), nor a
        verb opening the sentence ("Said Ellis: ...")."""
        not_names, honorifics = self.lx.not_names, self.lx.honorific_gender
        i = 0
        while i < len(tokens) - 1 and (tokens[i].endswith("ing") or tokens[i] in self.p.opening_participles) \
                and tokens[i + 1] in self.p.participle_prepositions:
            i += 2
        while i < len(tokens) and tokens[i].lower().rstrip(".") in not_names and \
                tokens[i].lower().rstrip(".") not in honorifics:
            i += 1
        if i < len(tokens) - 1 and starts[i] in self.cue_starts:
            i += 1
        if i < len(tokens) - 1 and _SENTENCE_ADVERB.fullmatch(tokens[i]) and tokens[i] not in self.lx.first_names \
                and self._opens_sentence(starts[i]):
            i += 1  # "Apparently Jeremy won": an adverb opening the sentence is no first name
        return i

    def _opens_sentence(self, pos: int) -> bool:
        """Does a sentence (or a quotation) begin at ``pos``?"""
        before = self.norm[max(0, pos - 4):pos]
        return pos == 0 or bool(re.search(r"(?:^|\n|[.!?:]['\"\u2019\u201d]?\s+|\s[\"\u201c\u2018'])\s*$", before))

    def _skip_titles(self, tokens: list[str], i: int) -> tuple[str, bool, int]:
        """Past the honorifics and titles before the name ("Secretary of State John Kerry", "Mrs"):
        (the first honorific, whether a title was there, the index of the name's first word)."""
        titles, honorifics = self.lx.title_words, self.lx.honorific_gender
        honorific, titled = "", False
        while i < len(tokens) - 1:
            word = tokens[i]
            low = word.lower().rstrip(".")
            if titled and (low in self.p.connectors or low == "the"):
                i += 1
            elif low in honorifics:
                honorific = honorific or low
                i += 1
            elif word.lower() in titles or word in titles or _ACRONYM.match(word) and word.lower() in titles:
                titled = True
                i += 1
            else:
                break
        return honorific, titled, i

    def _classify_names(self, runs: list[Mention], taken: list[tuple[int, int]]) -> list[Mention]:
        """The runs that name someone (outside ``taken`` spans), as organisations, sources or people;
        runs of one word last, once the article's full names are known."""
        kept: list[Mention] = []
        singles: list[Mention] = []
        occupied = SpanSet(taken)
        for mention in runs:
            if occupied.covers(mention.start) or occupied.covers(mention.end - 1):
                continue
            tokens = mention.surface.split()
            kind = self._organisation_or_source(mention, tokens)
            if kind:
                mention.kind, mention.speaker_kind, mention.entity = kind, kind, mention.surface
                kept.append(mention)
            elif len(tokens) == 1:
                singles.append(mention)
            elif self._person_run(mention, tokens):
                kept.append(mention)
        return kept + self._single_word_names(singles)

    def _organisation_or_source(self, mention: Mention, tokens: list[str]) -> str:
        """"organisation" for "Unite the Union", "NATO", "the party"; "source" for a capitalised
        source ("New Poll Shows ...", "Labour Sources"); else ""."""
        lx, last = self.lx, tokens[-1]
        if mention.surface.lower() in lx.org_nouns or (len(tokens) > 1 and last.lower() in lx.org_suffixes) or \
                any(t in self.p.connectors for t in tokens[1:-1]) or \
                any(_ACRONYM.match(t) and t.lower() not in lx.title_words and t.lower() not in lx.not_names
                    for t in tokens):
            return "organisation"
        if len(tokens) > 1 and last.lower() in lx.source_nouns and lx.first_names.get(tokens[0]) is None \
                and not mention.confident:
            return "source"
        return ""

    def _person_run(self, mention: Mention, tokens: list[str]) -> bool:
        """Is a run of several words a person (then counted among the article's names)? By a title, a
        first name, or a cue or apposition next to it; after a possessive only by a first name or a
        title: "Unite's Len McCluskey" is, "Pagliano's Fifth Amendment claims" is not."""
        first_gender = self.lx.first_names.get(tokens[0])
        possessed = self.norm[max(0, mention.start - 3):mention.start].endswith("'s ")
        person_like = mention.confident or first_gender is not None or not possessed and (
            self._followed_by_cue(mention.end) or self._preceded_by_cue(mention.start)
            or self._apposition_follows(mention.end) or self._in_apposition(mention.start, mention.end))
        if not person_like:
            return False
        mention.kind, mention.speaker_kind, mention.entity = "name", "person", mention.surface
        if mention.gender == "unknown" and first_gender in ("male", "female"):
            mention.gender = first_gender
        entity = self.entities.setdefault(mention.surface, {"gender": mention.gender, "count": 0})
        entity["count"] += 1
        if entity["gender"] == "unknown":
            entity["gender"] = mention.gender
        return True

    def _single_word_names(self, singles: list[Mention]) -> list[Mention]:
        """Single words: a surname or first name of someone named in full, a person of the people
        table, else a name next to a cue."""
        by_part: dict[str, list[str]] = {}
        for name in self.entities:
            parts = name.split()
            for part in {parts[0], parts[-1]}:
                by_part.setdefault(part, []).append(name)
        return [m for m in singles if self._single_word_name(m, by_part)]

    def _single_word_name(self, mention: Mention, by_part: dict[str, list[str]]) -> bool:
        lx, word = self.lx, mention.surface
        if word.lower() in lx.title_words and lx.alias_index.get(word.casefold()) is None:
            return False  # "Conservative chairman James Cleverly": a party word, not a person
        if word.lower() in lx.org_suffixes and _THE_END.search(self.norm[max(0, mention.start - 4):mention.start]):
            mention.kind, mention.speaker_kind, mention.entity = "organisation", "organisation", f"The {word}"
            return True
        candidates = by_part.get(word, [])
        table = lx.alias_index.get(word.casefold())
        if candidates:
            entity = max(candidates, key=lambda name: self.entities[name]["count"] + (0.5 if table == name else 0))
            mention.entity, mention.kind, mention.speaker_kind = entity, "name", "person"
            mention.gender = self.entities[entity]["gender"]
        elif table is not None and lx.people[table].kind == "person":
            mention.entity, mention.kind, mention.speaker_kind = table, "name", "person"
            mention.gender = lx.gender_of(table)
            # the person is now named in this article: a later lone first name can be theirs
            # ("Asked about Mr Galloway, ...: "George has been a friend"")
            if " " in table and table not in self.entities:
                self.entities[table] = {"gender": mention.gender, "count": 0}
                by_part.setdefault(table.split()[0], []).append(table)
        elif self._followed_by_cue(mention.end) or self._preceded_by_cue(mention.start) or mention.confident:
            gender = mention.gender if mention.gender != "unknown" else lx.first_names.get(word, "unknown")
            mention.entity, mention.kind, mention.speaker_kind, mention.gender = word, "name", "person", gender
            mention.confident = False
        else:
            return False
        return True

    def _in_apposition(self, start: int, end: int) -> bool:
        """"Labour's candidate, Imran Hussain, said": a name set off by commas after a role."""
        before = self.norm[max(0, start - 40):start]
        return bool(_AFTER_ROLE_COMMA.search(before)) and self.norm[end:end + 1] == ","

    def _apposition_follows(self, end: int) -> bool:
        return bool(self.p.apposition.match(self.norm[end:end + 40]))

    def _source_mentions(self, taken: list[tuple[int, int]]) -> list[Mention]:
        """Anonymous and collective sources: "a Livingstone insider", "sources close to Ed
        Miliband", "Labour officials". The speaker is the description without its article."""
        out = []
        occupied = SpanSet(taken)
        for hit in self.hits["source_noun"]:
            if occupied.covers(hit.start) or not self._heads_source(hit):
                continue
            low = self.norm[hit.start:hit.end].lower()
            start, det_found = self._source_phrase_start(hit.start)
            end = hit.end
            right = self.p.source_right.match(self.norm[end:end + 80])
            if right:
                end += len(right.group(0).rstrip())
            surface = self.norm[start:end]
            clean = self.p.leading_article.sub("", surface).strip()
            if clean.lower() == low and low in self.p.generic_alone:
                continue  # a bare generic noun is not a source
            plural = (low.endswith("s") and not low.endswith("ss")) or low in self.p.plural_without_s
            out.append(Mention(start, end, surface, "source", clean, "source", "unknown", plural=plural,
                               confident=det_found or bool(right) or low.startswith("spokes")))
        return out

    def _heads_source(self, hit) -> bool:
        """Does this source noun head a source's phrase? Not inside a longer word, not a party member
        qualifying another noun ("Tory MP"), not capitalised inside a sentence (but "MPs", "Tories"),
        not a verb ("The Tax Policy Center estimates that ...")."""
        norm, word = self.norm, self.norm[hit.start:hit.end]
        if hit.start > 0 and (norm[hit.start - 1].isalnum() or norm[hit.start - 1] in "'-"):
            return False
        if word in self.lx.party_member_nouns:
            if not _PARTY_MEMBER_END.match(norm, hit.end) and hit.end + 1 not in self.cue_starts:
                return False
        elif word[0].isupper() and word not in self.p.capitalised_sources \
                and not (hit.start == 0 or norm[hit.start - 1] in "\n\"(") \
                and not norm[max(0, hit.start - 2):hit.start].endswith(". "):
            return False
        verb_like = _THAT.match(norm[hit.end:hit.end + 6]) or \
            _CAPITALISED_BEFORE.search(norm[max(0, hit.start - 30):hit.start])
        return not (hit.start in self.cue_starts and verb_like)

    def _source_phrase_start(self, start: int) -> tuple[int, bool]:
        """Where a source's phrase starts (up to four modifiers or capitalised words before its noun,
        back to an article), and whether one of them makes it a description ("a", "two", "Labour")."""
        det_found = False
        offset = max(0, start - 60)
        for w in reversed(list(_WORD.finditer(self.norm[offset:start]))[-4:]):
            if self.norm[offset + w.end():start].strip() not in ("", "-"):
                break
            token = w.group(0)
            low = token.lower()
            if low == "according" or (low in self.lx.not_names and low not in self.p.source_modifiers) or \
                    not (low in self.p.source_modifiers or token[0].isupper()):
                break
            start = offset + w.start()
            det_found = det_found or low in self.p.source_determiners or token[0].isupper()
            if low in ("a", "an", "the"):
                break
        return start, det_found

    def _pronouns(self) -> list[Mention]:
        out = []
        for m in self.p.pronoun.finditer(self.norm):
            word = m.group(1)
            if word == "I" or word.lower() == "i":
                if word != "I":
                    continue
            if word.lower() not in PRONOUNS:
                continue
            gender, plural = PRONOUNS[word.lower()]
            out.append(Mention(m.start(), m.end(), word, "pronoun", "", "unknown", gender, plural, confident=False))
        return out

    def _descriptions(self, taken: list[tuple[int, int]]) -> list[Mention]:
        """"the avowed socialist", "the party": definite descriptions of a person or organisation."""
        out = []
        occupied = SpanSet(taken)
        for hit in self.hits["description_noun"]:
            window_start = max(0, hit.start - 40)
            before = self.p.the_before.search(self.norm, window_start, hit.start)
            if not before or before.end() != hit.start:
                continue
            start, end = before.start(), hit.end
            if occupied.covers(start) or occupied.covers(end - 1):
                continue
            noun = self.norm[hit.start:hit.end].lower()
            is_org = noun in self.lx.org_nouns and noun not in self.lx.description_nouns
            if out and out[-1].start == start:
                if out[-1].end >= end:
                    continue
                out.pop()  # "the former leader", not also "the former"
            out.append(Mention(start, end, self.norm[start:end], "description", "",
                               "organisation" if is_org else "unknown", "neuter" if is_org else "unknown",
                               confident=False))
        return out

    def find(self) -> list[Mention]:
        aliases = self._alias_mentions()
        for a in aliases:
            if a.speaker_kind == "person":
                entity = self.entities.setdefault(a.entity, {"gender": a.gender, "count": 0})
                entity["count"] += 1
        runs = self._name_runs()
        # full names first, so that roles like "the former Labour leader" can be narrowed
        names = self._classify_names(runs, [(a.start, a.end) for a in aliases])
        roles = self._role_mentions(self.published)
        role_spans = [(r.start, r.end) for r in roles]
        sources = self._source_mentions(role_spans)
        mentions: list[Mention] = self._dedupe(list(roles) + sources + aliases + names)
        taken = [(m.start, m.end) for m in mentions]
        mentions += self._descriptions(taken)
        occupied = SpanSet(taken)
        mentions += [p for p in self._pronouns() if not occupied.covers(p.start)]
        for m in mentions:
            m.in_quote = self.in_quote(m.start)
            # single-word aliases ("Ed", "Ken") name the table's person when the article
            # itself names nobody else that way
            if m.kind == "name" and m.entity in self.lx.people and m.gender == "unknown":
                m.gender = self.lx.gender_of(m.entity)
        mentions.sort(key=lambda m: (m.start, -m.end))
        return self._titles_of_names(mentions)

    def _titles_of_names(self, mentions: list[Mention]) -> list[Mention]:
        """A source description right before a person's name, with nothing between, is that
        person's title ("Backbencher Wes Streeting", "Former Respect MP George Galloway"): the name
        speaks, not an anonymous "backbencher"."""
        out: list[Mention] = []
        for k, m in enumerate(mentions):
            following = mentions[k + 1] if k + 1 < len(mentions) else None
            if m.kind == "source" and following is not None and following.kind == "name" and \
                    following.speaker_kind == "person" and following.start > m.end and \
                    self.norm[m.end:following.start].isspace() and "\n" not in self.norm[m.end:following.start]:
                continue
            out.append(m)
        return out

    @staticmethod
    def _dedupe(mentions: list[Mention]) -> list[Mention]:
        mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
        out: list[Mention] = []
        last_end = -1
        for m in mentions:
            if m.start >= last_end:
                out.append(m)
                last_end = m.end
        return out


class MentionSpotter:
    """Component ``mentions``: every possible speaker in the document (see :class:`Mention`),
    with whether it stands inside a quotation (the quotation layer's spans and blocks)."""

    name = "mentions"
    provides = "mentions"

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    def __call__(self, doc) -> None:
        quotations = doc.quotations
        finder = MentionFinder(doc.text, doc.norm, doc.published, self.lexicon,
                               quotations.quote_ranges + quotations.block_ranges, {c.start for c in doc.cues}, doc.hits)
        doc.mentions = finder.find()
