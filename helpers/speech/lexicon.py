"""The word lists and tables attribution reads, compiled once per configuration version.

Sources: ``data/cue_verbs.csv`` (reporting verbs), ``data/speaker_words.toml`` (honorifics,
titles, source and organisation nouns), ``data/grammar_words.toml`` (function words: the lexicon's
``vocabulary``, see :mod:`helpers.text.vocabulary`), ``data/first_names.csv`` (gender of first names),
``data/people.csv`` (known people and organisations, aliases) and ``data/roles.csv`` (who
held a role on which dates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from .. import config
from ..text import dates
from ..text.phrases import PhraseIndex, PhraseMatch, PhraseMatcher
from ..text.vocabulary import Vocabulary, load_vocabulary


@dataclass(frozen=True)
class CueVerb:
    lemma: str
    form: str
    kind: str
    indirect: bool
    takes_object: bool


@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    gender: str          # male, female, unknown
    kind: str            # person, organisation


@dataclass(frozen=True)
class RoleSpan:
    phrases: tuple[str, ...]
    holder: str
    start: date | None
    end: date | None

    def covers(self, day: date | None) -> bool:
        if day is None:
            return False
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class Lexicon:
    cues: dict[str, CueVerb]                       # lower-cased form -> cue
    honorific_gender: dict[str, str]                # "mr" -> male
    title_words: frozenset[str]
    source_nouns: frozenset[str]
    description_nouns: frozenset[str]
    org_suffixes: frozenset[str]
    org_nouns: frozenset[str]
    spokes_nouns: frozenset[str]
    not_names: frozenset[str]
    nominal_cues: frozenset[str]
    label_stoplist: frozenset[str]
    time_nouns: frozenset[str]                      # "another occasion ... saw": not a speaker
    first_names: dict[str, str]
    people: dict[str, Person]                       # canonical name -> person
    alias_index: dict[str, str] = field(default_factory=dict)   # lower alias -> canonical
    roles: list[RoleSpan] = field(default_factory=list)
    alias_matcher: PhraseMatcher | None = None
    alias_index_surfaces: tuple[str, ...] = ()
    role_phrases: tuple[str, ...] = ()
    index: PhraseIndex | None = None   # built on first use
    party_member_nouns: frozenset[str] = frozenset()  # "Tory", "Blairite": sources when heading their phrase
    vocabulary: Vocabulary | None = None   # the word lists the components' patterns are built from

    def scan(self, norm: str) -> dict[str, list[PhraseMatch]]:
        """Reporting verbs ("cue"), people's aliases ("alias") and roles ("role") in one pass."""
        if self.index is None:
            self.index = self.add_to(PhraseIndex())
        return self.index.scan(norm)

    def add_to(self, index: PhraseIndex) -> PhraseIndex:
        """Add this lexicon's phrase lists to another index (one pass for several steps)."""
        index.add("cue", [(form, cue) for form, cue in self.cues.items()], ignore_case=True, hyphen_ends_word=True)
        index.add("alias", [(a, a) for a in self.alias_index_surfaces], allow_possessive=True)
        index.add("role", [(p, p) for p in self.role_phrases], ignore_case=True)
        index.add("source_noun", [(n, n) for n in self.source_nouns], ignore_case=True, hyphen_ends_word=True)
        index.add("description_noun", [(n, n) for n in self.description_nouns | self.org_nouns], ignore_case=True)
        return index

    def gender_of(self, name: str) -> str:
        person = self.people.get(name)
        if person and person.gender in ("male", "female"):
            return person.gender
        first = name.split()[0] if name else ""
        return self.first_names.get(first, "unknown")

    def role_holders(self, phrase: str, day: date | None, former: bool = False) -> list[str]:
        """Who held the role ``phrase`` on ``day`` (or before it, when ``former``)."""
        key = phrase.casefold()
        out = []
        for span in self.roles:
            if key not in span.phrases:
                continue
            if former:
                if day is not None and span.end is not None and span.end <= day:
                    out.append(span.holder)
            elif span.covers(day):
                out.append(span.holder)
        return list(dict.fromkeys(out))


@lru_cache(maxsize=4)
def _load(config_hash: str) -> Lexicon:
    words = config.load_toml("speaker_words.toml")
    people, alias_index = _people()
    roles = _roles()
    phrases = sorted({p for span in roles for p in span.phrases}, key=len, reverse=True)
    all_aliases = sorted({a for p in people.values() for a in (p.name, *p.aliases)}, key=len, reverse=True)

    def lower(section: str, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in words.get(section, {}).get(key, []))

    sources = words.get("sources", {})
    return Lexicon(  # (its own phrase index is built on first use)
        cues=_cue_verbs(),
        honorific_gender=_honorific_genders(words),
        title_words=lower("titles", "words"),
        source_nouns=frozenset(w.lower() for w in [*sources.get("nouns", []), *sources.get("party_members", [])]),
        party_member_nouns=frozenset(sources.get("party_members", [])),
        description_nouns=lower("descriptions", "nouns"),
        org_suffixes=lower("organisations", "suffixes"),
        org_nouns=lower("organisations", "nouns"),
        spokes_nouns=lower("organisations", "spokes_nouns"),
        not_names=lower("not_names", "words"),
        nominal_cues=lower("nominal_cues", "nouns"),
        label_stoplist=lower("labels", "not_speakers"),
        time_nouns=lower("times", "nouns"),
        first_names={r["name"]: r["gender"] for r in config.load_csv("first_names.csv", required=("name", "gender"))},
        people=people,
        alias_index=alias_index,
        roles=roles,
        alias_matcher=PhraseMatcher([(a, a) for a in all_aliases], allow_possessive=True),
        alias_index_surfaces=tuple(all_aliases),
        role_phrases=tuple(phrases),
        vocabulary=load_vocabulary(),
    )


def _cue_verbs() -> dict[str, CueVerb]:
    """Each form of data/cue_verbs.csv, lower-cased, and its verb (the first row naming a form wins)."""
    cues: dict[str, CueVerb] = {}
    for row in config.load_csv("cue_verbs.csv", required=("lemma", "forms", "kind", "indirect", "object")):
        for form in config.split_list(row["forms"]):
            cues.setdefault(form.lower(), CueVerb(row["lemma"], form.lower(), row["kind"],
                                                 row["indirect"] == "yes", row["object"] == "yes"))
    return cues


def _honorific_genders(words: dict) -> dict[str, str]:
    """"mr" -> "male", "dr" -> "unknown": each honorific (lower-cased, without its full stop)."""
    out = {}
    for gender in ("male", "female", "neutral"):
        for h in words.get("honorifics", {}).get(gender, []):
            out[h.lower().rstrip(".")] = gender if gender != "neutral" else "unknown"
    return out


def _people() -> tuple[dict[str, Person], dict[str, str]]:
    """The people and organisations of data/people.csv and the outlets of data/outlets.csv, and
    each one's aliases (lower-cased) -> canonical name."""
    people: dict[str, Person] = {}
    alias_index: dict[str, str] = {}
    for row in config.load_csv("people.csv", required=("name", "aliases", "gender", "kind")):
        person = Person(row["name"], tuple(config.split_list(row["aliases"])), row["gender"] or "unknown",
                        row["kind"] or "person")
        people[person.name] = person
        alias_index.setdefault(person.name.casefold(), person.name)
        for alias in person.aliases:
            alias_index.setdefault(alias.casefold(), person.name)
    # news outlets speak too ("The Mail on Sunday understands"): organisations, named by their
    # multi-word names only (a lone "Independent" or "Guardian" is too often an ordinary word)
    for row in config.load_csv("outlets.csv", required=("outlet",)):
        names = [n for n in (row["outlet"], *config.split_list(row.get("self_names", ""))) if " " in n.strip()]
        if not names or row["outlet"] in people:
            continue
        people[row["outlet"]] = Person(row["outlet"], tuple(names), "unknown", "organisation")
        for name in names:
            alias_index.setdefault(name.casefold(), row["outlet"])
    return people, alias_index


def _roles() -> list[RoleSpan]:
    return [RoleSpan(tuple(p.casefold() for p in config.split_list(row["role"])), row["holder"],
                     dates.parse_date(row["start"]), dates.parse_date(row["end"]))
            for row in config.load_csv("roles.csv", required=("role", "holder", "start", "end"))]


#: the files a lexicon is read from (its word lists' too)
FILES = ("cue_verbs.csv", "speaker_words.toml", "first_names.csv", "people.csv", "roles.csv", "outlets.csv",
         "grammar_words.toml")


def load_lexicon() -> Lexicon:
    return _load(config.files_hash(FILES))
