"""Features of one target's context in one sentence, for :mod:`helpers.stance.target_sentiment`.

A sentence is cut into word tokens; the tokens of the target's mentions become ``<t>`` and those
of the other targets named in the same sentence ``<o>`` (the model learns how people are treated,
not who they are). Around that masked sentence the features are:

- ``w:`` the sentence's words (a word inside a negation's scope is ``not_word``): the sentence's
  general tone, which decides most single-target sentences; ``b:`` its word pairs (a group the
  committed model leaves out: cross-validation found it did not help);
- ``L1:``/``R1:`` … ``L3:``/``R3:`` the words left and right of the nearest mention, by distance
  bucket (1–2, 3–5, 6–10 words), and ``c:`` the words of the target's own clause; ``Ls:``/``Rs:``/
  ``cs:`` the same words crudely stemmed ("criticized", "criticizes" -> "criticiz"), side only;
- ``p:`` the two- and three-word phrases the target stands in ("<t>_was_praised", "accused_<t>");
- ``lex:`` the lexicons' valence (VADER's word lexicon and TextBlob's adjective lexicon, a word in
  a negation's scope counted with the opposite sign) summed over the sentence, the target's clause,
  the words near it (weighted by closeness), the words *aimed* at it (nearer this target than any
  other target and any other capitalised name of the sentence), the words after it in its clause when it opens the clause
  (the target as the subject of the evaluation) and those before it (the target as its object),
  and the part after a contrast ("but", "however") when the target stands in it or outside it;
- ``vader:``/``tb:`` VADER compound and TextBlob polarity of the whole sentence and of the
  target's clause;
- ``q:``/``qv:`` the project's UK stance cues (``data/stance_cues.csv``) in the sentence, pooled by
  polarity and kind, by side and distance from the target, in its clause, aimed at it or at another
  name, negated or not;
- ``s:`` the target's situation: opening the sentence, inside a quotation, the speaker of a
  reporting verb, a pronoun. How many other targets the sentence names is deliberately *not* a
  feature (nor is an ``<o>`` a word): the other targets only decide where words are aimed.

Every feature is a name and a value; :func:`features` returns them as a dict. The groups can be
switched off one by one (``groups``), which the training command uses to show what each adds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..sentiment import fast_lexicons as _lexicons
from ..sentiment.scores import textblob_scores, vader_compound
from ..text.textnorm import for_matching

ALL_GROUPS = ("words", "pairs", "window", "clause", "stems", "phrases", "lexicon", "scores", "situation", "cues")

_TOKEN = re.compile(r"\w+(?=n't\b)|n't\b|'(?:s|re|ve|ll|d|m)\b|\w+(?:[-']\w+)*|\S")
#: a negation reverses what follows it up to the end of its clause
_NEGATORS = frozenset({"not", "n't", "no", "never", "nobody", "nothing", "none", "neither", "nor", "without",
                       "hardly", "barely", "cannot", "nowhere", "lack", "lacks", "lacked", "lacking", "failed",
                       "fails", "fail"})
#: a contrast starts a new clause, and what follows it is what the writer leans on
_CONTRASTS = frozenset({"but", "however", "yet", "although", "though", "whereas", "while", "despite", "nevertheless"})
_CLAUSE_WORDS = _CONTRASTS | frozenset({"because", "unless", "since", "which", "who", "whom", "whose", "after",
                                        "before", "when", "if", "as", "and", "or", "that"})
_BOUNDARY_MARKS = frozenset(',;:()[]"?!.') | {"-", "--", "...", "…"}
_QUOTES = frozenset('"')
_REPORTING = frozenset({"said", "says", "say", "told", "tells", "added", "adds", "wrote", "writes", "argued",
                        "argues", "claimed", "claims", "stated", "states", "tweeted", "tweets", "insisted",
                        "insists", "explained", "explains", "noted", "notes", "asked", "asks", "according",
                        "announced", "announces", "declared", "declares", "warned", "warns", "suggested"})
_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "they", "them", "their", "theirs", "i", "me", "my",
                       "we", "us", "our", "you", "your", "it", "its", "himself", "herself", "themselves"})
#: words a subject may begin with before the name ("the", "President", "Sen.") are the clause's
#: opening words too: a target counts as the clause's subject when only these stand before it
_LEADING = frozenset({"the", "a", "an", "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "former",
                      "then", ".", "and", "but", "so", "now", "also", "even", "both"})
_WINDOW_BUCKETS = ((2, "1"), (5, "2"), (10, "3"))
TARGET, OTHER = "<t>", "<o>"


@dataclass(frozen=True)
class _Token:
    text: str  # lower-cased word, or <t> / <o>
    start: int
    end: int
    clause: int = 0
    negated: bool = False
    after_contrast: bool = False


@lru_cache(maxsize=1)
def _valences() -> tuple[dict[str, float], dict[str, float]]:
    """Per lower-cased word: VADER's lexicon valence (−4…4 scaled to −1…1) and TextBlob's polarity
    (its word-level entry, the one its sentence score averages)."""
    vader = {w: v / 4.0 for w, v in _lexicons._LEXICON.items() if v and " " not in w}
    textblob = {}
    for word, senses in dict.items(_lexicons._pattern_analyzer):
        entry = senses.get(None)
        if entry and entry[0] and " " not in word:
            textblob[word] = float(entry[0])
    return vader, textblob


def _tokens(text: str) -> list[tuple[str, int, int]]:
    norm = for_matching(text)
    return [(m.group(0).casefold(), m.start(), m.end()) for m in _TOKEN.finditer(norm)]


def _span_of(start: int, end: int, spans: Sequence[tuple[int, int]]) -> int | None:
    for k, (s, e) in enumerate(spans):
        if start < e and s < end:
            return k
    return None


def _masked(text: str, target: Sequence[tuple[int, int]], others: Sequence[tuple[int, int]]) -> list[_Token]:
    """The sentence's tokens with each mention of the target one ``<t>``, of another target one ``<o>``,
    each with its clause number, negation scope and whether it follows a contrast."""
    merged: list[tuple[str, int, int, tuple | None]] = []
    for word, start, end in _tokens(text):
        k = _span_of(start, end, target)
        mention = (TARGET, k) if k is not None else None
        if mention is None:
            k = _span_of(start, end, others)
            mention = (OTHER, k) if k is not None else None
        if mention is not None and merged and merged[-1][3] == mention:
            merged[-1] = (mention[0], merged[-1][1], end, mention)  # the same mention goes on
            continue
        merged.append((mention[0] if mention else word, start, end, mention))
    tokens = []
    clause, negated, after_contrast = 0, False, False
    for i, (word, start, end, _) in enumerate(merged):
        # (what a reporting verb introduces is a clause of its own: "critics said | Corbyn had betrayed ...")
        if word in _BOUNDARY_MARKS or (word in _CLAUSE_WORDS and i > 0) or i > 0 and merged[i - 1][0] in _REPORTING:
            clause += 1
            negated = False
        if word in _CONTRASTS:
            after_contrast = True
        tokens.append(_Token(word, start, end, clause, negated and word not in _NEGATORS, after_contrast))
        if word in _NEGATORS:
            negated = True
    return tokens


def _positions(tokens: Sequence[_Token], role: str) -> list[int]:
    return [i for i, t in enumerate(tokens) if t.text == role]


_FAR = 10**6


def _nearest(n: int, positions: Sequence[int]) -> tuple[list[int], list[int]]:
    """For every token, the nearest of ``positions`` and the distance to it in tokens (-1 and a large
    number if there are none): two passes, left to right and right to left."""
    nearest, distance = [-1] * n, [_FAR] * n
    last = None
    marks = set(positions)
    for i in range(n):
        if i in marks:
            last = i
        if last is not None:
            nearest[i], distance[i] = last, i - last
    last = None
    for i in range(n - 1, -1, -1):
        if i in marks:
            last = i
        if last is not None and last - i < distance[i]:
            nearest[i], distance[i] = last, last - i
    return nearest, distance


def _word_feature(token: _Token) -> str:
    return f"not_{token.text}" if token.negated else token.text


def _bucket(distance: int) -> str | None:
    for limit, name in _WINDOW_BUCKETS:
        if distance <= limit:
            return name
    return None


_SUFFIXES = ("ations", "ation", "ings", "ing", "ments", "ment", "ness", "ities", "ity", "ies", "ied", "ers", "er",
             "ed", "es", "ly", "s", "e")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A crude suffix stripper: "criticized", "criticizes", "criticize" -> "criticiz", so that the forms of one
    word share their weight (words of four letters or fewer stay as they are)."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _squash(x: float) -> float:
    """Sums of valences grow with the sentence; squash them into −1…1 so that one weight fits all lengths."""
    return math.tanh(x)


def _opens_clause(tokens: Sequence[_Token], position: int) -> bool:
    clause = tokens[position].clause
    j = position - 1
    while j >= 0 and tokens[j].clause == clause:
        if tokens[j].text not in _LEADING and tokens[j].text not in _BOUNDARY_MARKS and tokens[j].text not in _CLAUSE_WORDS:
            return False
        j -= 1
    return True


def features(text: str, target_spans: Iterable[tuple[int, int]], other_spans: Iterable[tuple[int, int]] = (),
             groups: Iterable[str] = ALL_GROUPS) -> dict[str, float]:
    """The features of the target whose mentions are ``target_spans`` (character spans of ``text``);
    ``other_spans`` are the mentions of other targets in the same sentence."""
    target = [(int(s), int(e)) for s, e in target_spans]  # the first is the main mention
    others = [(int(s), int(e)) for s, e in other_spans if not any(s < te and ts < e for ts, te in target)]
    groups = frozenset(groups)
    tokens = _masked(text, target, others)
    mine = _positions(tokens, TARGET)
    theirs = _positions(tokens, OTHER)
    nearest, distance = _nearest(len(tokens), mine)
    out: dict[str, float] = {"bias": 1.0}
    # (an <o> token gives no word feature of its own: that another target is named is no evidence of how
    # this one is treated, only where the words are aimed; see _situation_features)
    if "words" in groups:
        for t in tokens:
            if t.text not in _BOUNDARY_MARKS and t.text != OTHER:
                out["w:" + _word_feature(t)] = 1.0
    if "pairs" in groups:
        plain = [t.text for t in tokens]
        for a, b in zip(plain, plain[1:]):
            out[f"b:{a}_{b}"] = 1.0
    my_clauses = {tokens[p].clause for p in mine}
    if "window" in groups:
        for i, t in enumerate(tokens):
            if t.text in (TARGET, OTHER) or t.text in _BOUNDARY_MARKS and t.text not in _QUOTES:
                continue
            bucket = _bucket(distance[i])
            if bucket is None:
                continue
            side = "L" if i < nearest[i] else "R"
            out[f"{side}{bucket}:{_word_feature(t)}"] = 1.0
    if "clause" in groups:
        for t in tokens:
            if t.clause in my_clauses and t.text not in _BOUNDARY_MARKS and t.text not in (TARGET, OTHER):
                out["c:" + _word_feature(t)] = 1.0
    if "stems" in groups:
        for i, t in enumerate(tokens):
            if t.text in (TARGET, OTHER) or t.text in _BOUNDARY_MARKS or distance[i] > 10 and t.clause not in my_clauses:
                continue
            neg = "not_" if t.negated else ""
            if distance[i] <= 10:
                side = "L" if i < nearest[i] else "R"
                out[f"{side}s:{neg}{stem(t.text)}"] = 1.0
            if t.clause in my_clauses:
                out[f"cs:{neg}{stem(t.text)}"] = 1.0
    if "phrases" in groups:
        # the phrases the target stands in: "<t> was praised", "attacked by <t>", "<t> , who"
        for p in mine:
            for a in range(max(0, p - 3), p + 1):
                for n in (2, 3):
                    if a + n <= len(tokens) and a <= p < a + n:
                        out["p:" + "_".join(_word_feature(t) for t in tokens[a:a + n])] = 1.0
    if "lexicon" in groups or "cues" in groups:
        # an evaluative word is aimed at this target when no other target and no other name stands nearer
        rival_distance = _nearest(len(tokens), sorted(set(theirs) | set(_name_positions(text, tokens))))[1]
    if "lexicon" in groups:
        out.update(_lexicon_features(tokens, mine, distance, rival_distance, my_clauses))
    if "scores" in groups:
        out.update(_score_features(text, tokens, mine, my_clauses))
    if "cues" in groups:
        out.update(_cue_features(text, tokens, target + others, distance, rival_distance, nearest, my_clauses))
    if "situation" in groups:
        out.update(_situation_features(tokens, mine))
        if target and for_matching(text[target[0][0]:target[0][1]]).casefold() in _PRONOUNS:
            out["s:pronoun"] = 1.0
    return out


_NOT_NAMES = frozenset({"the", "a", "an", "this", "that", "these", "those", "it", "in", "on", "at", "of", "for", "to",
                        "i", "we", "he", "she", "they", "you", "my", "our", "his", "her", "their", "its", "there",
                        "here", "if", "when", "while", "but", "and", "or", "so", "as", "after", "before", "what",
                        "who", "why", "how", "with", "from", "by", "not", "no", "yes", "one", "some", "all"})


def _name_positions(text: str, tokens: Sequence[_Token]) -> list[int]:
    """Tokens that look like other people's or organisations' names (capitalised words that are not
    function words or lexicon words, the first word of the sentence left out): the other candidates
    an evaluative word may be aimed at, when nobody has listed them as targets."""
    vader, textblob = _valences()
    out = []
    for i, t in enumerate(tokens):
        if i == 0 or t.text in (TARGET, OTHER) or not t.text.isalpha():
            continue
        first = text[t.start]
        if first.isupper() and t.text not in _NOT_NAMES and t.text not in _LEADING and t.text not in vader \
                and t.text not in textblob and tokens[i - 1].text not in _QUOTES:
            out.append(i)
    return out


def _is_speaker(tokens: Sequence[_Token], p: int) -> bool:
    """The mention at ``p`` is the subject of a reporting verb ("<t> said", "according to <t>")."""
    following = [t.text for t in tokens[p + 1:p + 3]]
    preceding = [t.text for t in tokens[max(0, p - 2):p]]
    return any(w in _REPORTING for w in following) or "according" in preceding


def _lexicon_features(tokens: Sequence[_Token], mine: Sequence[int], distance: Sequence[int],
                      rival_distance: Sequence[int], my_clauses: set[int]) -> dict[str, float]:
    vader, textblob = _valences()
    subject_clauses = {tokens[p].clause for p in mine if _opens_clause(tokens, p)}
    first, last = (min(mine), max(mine)) if mine else (-1, -1)
    in_contrast = any(tokens[p].after_contrast for p in mine)
    sums: dict[str, float] = {}

    def add(name: str, value: float) -> None:
        sums[name] = sums.get(name, 0.0) + value

    for i, t in enumerate(tokens):
        for lexicon_name, lexicon in (("vader", vader), ("tb", textblob)):
            value = lexicon.get(t.text)
            if not value:
                continue
            if t.negated:
                value = -value
            sign = "pos" if value > 0 else "neg"
            key = f"{lexicon_name}_{sign}"
            add(f"lex:sentence_{key}", value)
            near = 1.0 / (1.0 + distance[i]) if distance[i] < _FAR else 0.0
            add(f"lex:near_{key}", value * near * 2)
            if distance[i] <= rival_distance[i]:
                add(f"lex:aimed_{key}", value)
            if t.clause in my_clauses:
                add(f"lex:clause_{key}", value)
                if t.clause in subject_clauses and i > first:
                    add(f"lex:subject_{key}", value)
                elif i < last:
                    add(f"lex:object_{key}", value)
            if t.after_contrast:
                add(f"lex:contrast_{'mine' if in_contrast else 'other'}_{key}", value)
    return {name: _squash(value) for name, value in sums.items()}


def _score_features(text: str, tokens: Sequence[_Token], mine: Sequence[int], my_clauses: set[int]) -> dict[str, float]:
    out = {"vader:sentence": vader_compound(text), "tb:sentence": textblob_scores(text)[0]}
    pieces = [t for t in tokens if t.clause in my_clauses and t.text not in (TARGET, OTHER)]
    if pieces:
        clause_text = text[pieces[0].start:pieces[-1].end]
        out["vader:clause"] = vader_compound(clause_text)
        out["tb:clause"] = textblob_scores(clause_text)[0]
    if mine:
        first, last = max(0, mine[0] - 5), min(len(tokens) - 1, mine[0] + 5)
        out["vader:window"] = vader_compound(text[tokens[first].start:tokens[last].end])
    quoted = _quoted_positions(tokens)
    if quoted and mine and not any(p in quoted for p in mine):
        # what is quoted beside a target that is not inside the quotation: usually its own words
        spans = [tokens[i] for i in sorted(quoted)]
        out["vader:quoted"] = vader_compound(" ".join(text[t.start:t.end] for t in spans))
    return out


def _quoted_positions(tokens: Sequence[_Token]) -> set[int]:
    count, inside = 0, set()
    for i, t in enumerate(tokens):
        if t.text in _QUOTES:
            count += 1
        elif count % 2 == 1:
            inside.add(i)
    return inside


def _situation_features(tokens: Sequence[_Token], mine: Sequence[int]) -> dict[str, float]:
    out: dict[str, float] = {}
    if not mine:
        out["s:no_mention"] = 1.0
        return out
    first = mine[0]
    if first == 0 or all(t.text in _LEADING or t.text in _QUOTES for t in tokens[:first]):
        out["s:opens_sentence"] = 1.0
    if any(_opens_clause(tokens, p) for p in mine):
        out["s:opens_clause"] = 1.0
    inside = _quoted_positions(tokens)
    if any(t.text in _QUOTES for t in tokens):
        out["s:has_quote"] = 1.0
    if any(p in inside for p in mine):
        out["s:target_quoted"] = 1.0
    if any(_is_speaker(tokens, p) for p in mine):
        out["s:speaker"] = 1.0
    # (how many other targets the sentence names is left out on purpose: NewsMTSC's annotators chose
    # which people to mark, and in train the sentences with two marked targets are mostly conflicts
    # (21 % neutral, against 49 % in dev-mt); the workbench's other targets are whoever the researcher
    # lists. The other targets only decide where words are aimed.)
    out[f"s:mentions_{min(len(mine), 3)}"] = 1.0
    return out


def _token_at(tokens: Sequence[_Token], char: int) -> int:
    """The index of the token that contains or follows the character offset ``char``."""
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].end <= char:
            lo = mid + 1
        else:
            hi = mid
    return min(lo, len(tokens) - 1)


def _cue_bucket(d: int) -> str:
    return "near" if d <= 3 else "mid" if d <= 8 else "far"


def _cue_features(text: str, tokens: Sequence[_Token], mention_spans: Sequence[tuple[int, int]],
                  distance: Sequence[int], rival_distance: Sequence[int], nearest: Sequence[int],
                  my_clauses: set[int]) -> dict[str, float]:
    """The project's UK stance cues (data/stance_cues.csv, read by :func:`helpers.stance.rules.find_cues`
    with its negation) found in the sentence, pooled by polarity and kind (``q:ag``, ``q:action_fav``,
    ``q:not_fav`` ...), by side and distance from the target, inside its clause, aimed at another name:
    a rare idiom of the list shares the weight its kind earns on the training data, and
    cross-validation decides how far each pooled group is trusted."""
    from .rules import find_cues

    if not tokens or all(d >= _FAR for d in distance):
        return {}
    norm = for_matching(text)
    out: dict[str, float] = {}
    sums: dict[str, float] = {}
    for hit in find_cues(norm, 0, len(norm), exclude=list(mention_spans)):
        i = _token_at(tokens, hit.start)
        polarity = "fav" if hit.cue.polarity > 0 else "ag"
        neg = "not_" if hit.negated else ""
        kind = hit.cue.kind
        base = f"{neg}{polarity}"
        value = hit.cue.polarity * hit.cue.weight * (-1.0 if hit.negated else 1.0)
        out[f"q:{base}"] = 1.0
        out[f"q:{kind}_{base}"] = 1.0
        d = distance[i]
        side = "L" if i < nearest[i] else "R"
        out[f"q:{base}_{side}{_cue_bucket(d)}"] = 1.0
        out[f"q:{kind}_{base}_{side}"] = 1.0
        if tokens[i].clause in my_clauses:
            out[f"q:{base}_clause"] = 1.0
            out[f"q:{kind}_{base}_clause"] = 1.0
            sums["clause"] = sums.get("clause", 0.0) + value
        if d <= rival_distance[i]:
            sums["aimed"] = sums.get("aimed", 0.0) + value
        else:
            out[f"q:{base}_theirs"] = 1.0
        sums["sentence"] = sums.get("sentence", 0.0) + value
    # signed sums (favour +, against −, a negated cue reversed, by the list's weights), squashed like
    # the lexicon sums
    for name, value in sums.items():
        out[f"qv:{name}"] = _squash(value / 2)
    return out

