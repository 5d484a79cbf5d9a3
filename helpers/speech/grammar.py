"""Patterns of English that several speech components read: what may stand between a subject and
its reporting verb, a clause fronted before a frame, a poll or report named as a subject.

The patterns are written here with the word lists of ``data/grammar_words.toml`` in braces (see
:mod:`helpers.text.vocabulary`); :func:`grammar_of` builds them for one vocabulary.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text.vocabulary import Vocabulary

#: Words allowed between a subject and its cue verb ("Galloway has also said"): a contraction, a
#: bracket, an aside between commas or dashes, a prepositional phrase, then auxiliaries and adverbs.
GAP = (
    r"^(?:'s\s+|'re\s+|'ve\s+|'d\s+|'ll\s+)?(?:\s*\([^()]{1,30}\))?(?:(?:\s*,(?:[^,.;:\"]|\.(?=\S)|(?<=[A-Z])\.){1,170}){1,3},)?"
    r"(?:\s+-{1,2}\s(?:[^.;:\"-]|(?<=\w)-(?=\w)|\.(?=\S)){1,170}?\s-{1,2})?"
    r"(?:\s+(?:(?:and|or)\s+)?(?:{gap.prepositions})\s+"
    r"[^,.;:\"()]{1,60}?){0,2}\s*"
    r"(?:(?:{gap.words}|on\s+\w+day|[a-z]+ly)\s+)*$"
)
#: a subordinate clause opening the sentence before the frame ("When she fills a post, she said she ...")
FRONTED_CLAUSE = (r"\s*(?:(?:{conjunctions.opening})\s+)?(?:{^subordinators.fronted})\b[^;:\"]{3,200},\s*\S+"
                  r"(?:\s+\S+){0,5}\s*$")
#: a poll, report or recording named in the text ("the cellphone video"), for an "it" that shows something
EVIDENCE_NP = r"\b(?:{evidence.determiners})\s+(?:[\w-]+\s+){0,3}?(?:{evidence.named_nouns})\b"
#: the head of a noun phrase that can report findings without "that" ("one study found Trump would ...")
EVIDENCE_SUBJECT = (
    r"\b(?:{evidence.subject_nouns})(?:\s+(?:{evidence.prepositions})\s+[^,.;:!?\"]{1,60}?)?"
    r"(?:\s+(?:{evidence.publication_participles_of_subject})\b[^,.;:!?\"]{0,50}?)?"
    r"(?:\s+(?:{evidence.adverbs_before_verb}))?\s+$")
#: a conjunction opening a sentence, not part of the noun phrase after it ("But Attorney General X")
LEADING_CONJUNCTION = r"^(?:{conjunctions.leading}),?\s+"
#: how a poll or report came out, closing its noun phrase ("released in late August")
PARTICIPLE_TAIL = r"\s+(?:{evidence.publication_participles_of_subject})\b.*$"
#: Twitter named in a frame or nearby ("tweeted", "@handle", "posted on")
TWITTER = r"\b(?:twitter|tweet(?:ed|s)?|@\w+|on x\b|x account|posted on)"

_WORD = re.compile(r"[A-Za-z0-9][\w'-]*")
_FIRST_WORD = re.compile(r"\s*([\w'-]+)")


def word_count(text: str) -> int:
    """Words (letters or digits first) in ``text``."""
    return len(_WORD.findall(text))


class Grammar:
    """The patterns above, compiled for one vocabulary, and the tests made of them."""

    def __init__(self, vocabulary: Vocabulary):
        compile_ = vocabulary.compile
        self.gap = compile_(GAP, re.IGNORECASE)
        self.fronted_clause = compile_(FRONTED_CLAUSE)
        self.evidence_np = compile_(EVIDENCE_NP, re.IGNORECASE)
        self.evidence_subject = compile_(EVIDENCE_SUBJECT, re.IGNORECASE)
        self.leading_conjunction = compile_(LEADING_CONJUNCTION)
        self.participle_tail = compile_(PARTICIPLE_TAIL)
        self.twitter = compile_(TWITTER, re.IGNORECASE)
        #: words that open a clause (a subject) rather than an adjunct after a reporting verb
        self.clause_openers = vocabulary.set("clauses.openers")
        self.time_words = vocabulary.set("time.days_and_months")

    def starts_clause(self, rest: str) -> bool:
        """Does the text after a reporting verb open the reported clause itself (a subject), rather
        than an adjunct ("in a statement", "on Monday") before "that"?"""
        first = _FIRST_WORD.match(rest)
        if not first:
            return False
        word = first.group(1)
        if word.lower() in self.clause_openers:
            return True
        return word[0].isupper() and word.lower() not in self.time_words


@lru_cache(maxsize=4)
def grammar_of(vocabulary: Vocabulary) -> Grammar:
    """The grammar patterns built from ``vocabulary`` (kept per vocabulary)."""
    return Grammar(vocabulary)
