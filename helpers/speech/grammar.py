"""Patterns of English that several speech components read: what may stand between a subject and
its reporting verb, a clause fronted before a frame, a poll or report named as a subject.

(Shared here so that no module borrows another's private names.)
"""

from __future__ import annotations

import re

from ..text.regex_cache import rx as _rx

#: Words allowed between a subject and its cue verb ("Galloway has also said").
GAP = re.compile(
    r"^(?:'s\s+|'re\s+|'ve\s+|'d\s+|'ll\s+)?(?:\s*\([^()]{1,30}\))?(?:(?:\s*,(?:[^,.;:\"]|\.(?=\S)|(?<=[A-Z])\.){1,170}){1,3},)?"
    r"(?:\s+-{1,2}\s(?:[^.;:\"-]|(?<=\w)-(?=\w)|\.(?=\S)){1,170}?\s-{1,2})?"
    r"(?:\s+(?:(?:and|or)\s+)?(?:of|in|within|at|from|for|inside|among|on|around|across|close\s+to|familiar\s+with)\s+"
    r"[^,.;:\"()]{1,60}?){0,2}\s*"
    r"(?:(?:has|have|had|was|is|were|would|will|also|later|then|earlier|previously|once|reportedly|"
    r"repeatedly|recently|further|again|quickly|simply|separately|privately|publicly|openly|famously|"
    r"subsequently|still|now|just|even|only|not|never|did|does|do|could|can|may|might|should|must|"
    r"be|been|always|often|already|yesterday|today|tonight|last\s+\w+|on\s+\w+day|angrily|bluntly|"
    r"this\s+(?:week|month|year|morning|afternoon|evening|weekend|summer|spring|autumn|fall|winter)|"
    r"flatly|firmly|categorically|vehemently|strongly|emphatically|clearly|explicitly|directly|"
    r"initially|first|finally|eventually|immediately|himself|herself|themselves|too|however|though|[a-z]+ly|"
    r"insisted|in\s+a\s+statement|in\s+an\s+interview)\s+)*$",
    re.IGNORECASE,
)
#: a subordinate clause opening the sentence before the frame ("When she fills a post, she said she ...")
FRONTED_CLAUSE = re.compile(r"\s*(?:(?:But|And|So|Yet)\s+)?(?:[Ww]hen|[Ii]f|[Bb]ecause|[Aa]lthough|[Tt]hough|[Uu]nless|"
                             r"[Oo]nce)\b[^;:\"]{3,200},\s*\S+(?:\s+\S+){0,5}\s*$")
#: a poll, report or recording named in the text ("the cellphone video"), for an "it" that shows something
EVIDENCE_NP = re.compile(r"\b(?:the|a|an|this|that|its|their)\s+(?:[\w-]+\s+){0,3}?(?:video|poll|survey|study|report|"
                          r"analysis|data|footage|document|memo|letter|review|audit|research|transcript|recording)\b",
                          re.IGNORECASE)
#: the head of a noun phrase that can report findings without "that" ("one study found Trump would ...")
EVIDENCE_SUBJECT = re.compile(
    r"\b(?:poll|polls|polling|survey|surveys|study|studies|analysis|analyses|report|data|figures|documents|records|"
    r"average|averages|research|transcript|review|audit|investigation|estimates|numbers|results|statistics|"
    r"slide|chart|footage|video|memo|filings?|returns?)(?:\s+(?:of|by|from|for|on|in)\s+[^,.;:!?\"]{1,60}?)?"
    r"(?:\s+(?:released|published|issued|conducted|commissioned|carried\s+out)\b[^,.;:!?\"]{0,50}?)?"
    r"(?:\s+(?:also|now|still|clearly))?\s+$", re.IGNORECASE)
#: a conjunction opening a sentence, not part of the noun phrase after it ("But Attorney General X")
LEADING_CONJUNCTION = re.compile(r"^(?:But|And|Yet|So|Still|However|Meanwhile),?\s+")
#: how a poll or report came out, closing its noun phrase ("released in late August")
PARTICIPLE_TAIL = re.compile(r"\s+(?:released|published|issued|conducted|commissioned|carried\s+out)\b.*$")
#: Twitter named in a frame or nearby ("tweeted", "@handle", "posted on")
TWITTER = re.compile(r"\b(?:twitter|tweet(?:ed|s)?|@\w+|on x\b|x account|posted on)", re.IGNORECASE)

_WORD = re.compile(r"[A-Za-z0-9][\w'-]*")
#: words that open a clause (a subject) rather than an adjunct after a reporting verb
_CLAUSE_OPENERS = frozenset("the a an his her their its this these those he she they it we i there some all many most "
                            "no".split())
_TIME_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june "
                        "july august september october november december".split())


def word_count(text: str) -> int:
    """Words (letters or digits first) in ``text``."""
    return len(_WORD.findall(text))


def starts_clause(rest: str) -> bool:
    """Does the text after a reporting verb open the reported clause itself (a subject), rather
    than an adjunct ("in a statement", "on Monday") before "that"?"""
    first = _rx(r"\s*([\w'-]+)").match(rest)
    if not first:
        return False
    word = first.group(1)
    if word.lower() in _CLAUSE_OPENERS:
        return True
    return word[0].isupper() and word.lower() not in _TIME_WORDS
