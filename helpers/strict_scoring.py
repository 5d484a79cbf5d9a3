"""The stricter scoring rule (issue 18), printed by ``evaluate`` beside its own lenient one.

- *Speakers*: compared case-insensitively with titles and articles dropped. They match when they
  are equal; or share the surname where one side is a lone surname or both share the first name
  ("Obama" ~ "Barack Obama", not "Michelle Obama" ~ "Barack Obama"; the name before an apposition
  counts: "Clinton, a Democrat," ~ "Hillary Clinton"); or when the predicted name
  stands as a whole run of words inside a longer annotated source ("White House press secretary
  Josh Earnest" ~ "Josh Earnest") — but not as a possessor ("Trump's campaign manager" is not
  Trump) and not by common nouns alone ("a source close to the campaign" is not "source").
  A statement's resolved speaker or, when the words are the same, its ``speaker_mention`` (the
  words of the text that named the speaker, as the annotated source is) may match. Sources that
  are bare personal pronouns are not checked (the gold does not say whom they stand for).
- *Found*: a gold content is found when one statement of the same file covers, by position, at
  least 60 % of its word tokens and has at most 4 × the content's tokens + 60 tokens. The
  statements are those of the lenient rule: all but the writer's narration.
  (Unlike the lenient rule, which counts shared words wherever they stand, the words must be
  covered where they stand: "Donald Trump" is not found by a statement about him three
  paragraphs later.)
- *Precision*: the share of statements other than narration and reader comments whose word
  tokens lie at least half inside one annotated content.

Each gold item's outcome is kept (:class:`Outcome`) so that two runs can be compared item by item.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .text.textnorm import for_matching

TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "baroness", "prof", "professor", "rev", "cllr",
    "sen", "senator", "rep", "representative", "gov", "governor", "president", "mayor", "the", "a", "an",
})
#: personal pronouns: such a source names nobody by itself
PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me"})
_NAME_WORD = re.compile(r"[\w@-]+")
_WORD = re.compile(r"\w+")
_POSSESSIVE_AFTER = re.compile(r"['\u2019](?:s\b|(?!\w))")


@dataclass(frozen=True)
class NameWord:
    folded: str
    capitalised: bool
    possessor: bool  # followed by 's (or a plural's apostrophe)


def name_words(name: str) -> list[NameWord]:
    """The words of a name or source span, titles and articles left out."""
    text = for_matching(str(name)).replace(".", " ")
    out = []
    for m in _NAME_WORD.finditer(text):
        word = m.group(0)
        folded = word.casefold()
        if folded in TITLES or folded == "s" and m.start() and text[m.start() - 1] == "'":  # (the 's of a possessor)
            continue
        possessor = bool(_POSSESSIVE_AFTER.match(text, m.end()))
        out.append(NameWord(folded, word[:1].isupper(), possessor))
    return out


def _same_person(gold: list[str], predicted: list[str]) -> bool:
    if gold == predicted:
        return True
    if gold[-1] != predicted[-1]:
        return False
    return len(gold) == 1 or len(predicted) == 1 or gold[0] == predicted[0]


def _run_inside(gold: list[NameWord], predicted: list[NameWord]) -> bool:
    """The predicted words stand as a whole run inside the longer gold span, not as its possessor,
    and the run holds a proper name (a capitalised word that is not merely the span's first word)."""
    n = len(predicted)
    if n >= len(gold):
        return False
    wanted = [w.folded for w in predicted]
    for i in range(len(gold) - n + 1):
        run = gold[i:i + n]
        if [w.folded for w in run] != wanted or run[-1].possessor:
            continue
        proper = any(w.capitalised and (i + k > 0 or predicted[k].capitalised) for k, w in enumerate(run))
        if proper:
            return True
    return False


_APPOSITION = re.compile(r"\s*(?:,|\(|\s-{1,2}\s)")


def strict_speakers_match(gold: str, predicted: str) -> bool:
    """Does the predicted speaker name the annotated source, under the strict rule?"""
    g, p = name_words(gold), name_words(predicted)
    if not g or not p:
        return bool(str(gold).strip()) and str(gold).casefold().split() == str(predicted).casefold().split()
    # the name before an apposition is the source's name ("Clinton, a Democrat," is Clinton)
    head = name_words(_APPOSITION.split(for_matching(str(gold)), maxsplit=1)[0])
    for words in ([g, head] if head and head != g else [g]):
        # (a source that is only a possessor, "Donald Trump's [claim]", is that person)
        if _same_person([w.folded for w in words], [w.folded for w in p]):
            return True
    return _run_inside(g, p)


def is_personal_pronoun(source: str) -> bool:
    return source.strip().casefold() in PERSONAL_PRONOUNS


# -- positions ------------------------------------------------------------------------------------
def word_positions(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each word token inside the spans."""
    out = []
    for s, e in spans:
        out += [(s + m.start(), s + m.end()) for m in _WORD.finditer(text[s:e])]
    return out


@dataclass
class PlacedStatement:
    """A statement placed in the gold's text (offsets into it)."""

    statement_id: str
    speaker: str
    mention: str
    quote_type: str
    start: int
    end: int
    words: int


def coverage_by_position(tokens: list[tuple[int, int]], start: int, end: int) -> float:
    if not tokens:
        return 0.0
    return sum(1 for s, e in tokens if s >= start and e <= end) / len(tokens)


def best_statement(tokens: list[tuple[int, int]], statements: list[PlacedStatement]) -> PlacedStatement | None:
    """The statement covering most of the gold tokens (at least 60 %, not over 4 × + 60 tokens long);
    on a tie the shorter one."""
    limit = 4 * len(tokens) + 60
    best, best_key = None, None
    for st in statements:
        if st.words > limit or st.end <= tokens[0][0] or st.start >= tokens[-1][1]:
            continue
        cov = coverage_by_position(tokens, st.start, st.end)
        if cov < 0.6:
            continue
        key = (cov, -st.words)
        if best_key is None or key > best_key:
            best, best_key = st, key
    return best


def speaker_right(source: str, statement: PlacedStatement) -> bool:
    return strict_speakers_match(source, statement.speaker) or bool(statement.mention) and (
        " ".join(name_words_text(source)) == " ".join(name_words_text(statement.mention)))


def name_words_text(text: str) -> list[str]:
    return [w.folded for w in name_words(text)]


def share_inside(tokens: list[tuple[int, int]], inside: list[tuple[int, int]]) -> float:
    """The share of tokens lying inside the union of the (sorted, merged) ``inside`` spans."""
    if not tokens:
        return 0.0
    starts = [s for s, _ in inside]
    hit = 0
    for s, e in tokens:
        i = bisect.bisect_right(starts, s) - 1
        if i >= 0 and inside[i][1] >= e:
            hit += 1
    return hit / len(tokens)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


# -- outcomes -------------------------------------------------------------------------------------
@dataclass
class Outcome:
    """What became of one gold item under the strict rule."""

    key: str            # file and position of the gold item
    file: str
    content: str
    source: str
    found_by: str = ""  # statement_id, "" when not found
    speaker: str = ""   # the found statement's speaker
    checked: bool = False
    right: bool = False


@dataclass
class StrictScore:
    outcomes: list[Outcome]
    statements: int = 0
    precise: int = 0

    @property
    def metrics(self) -> dict:
        total = len(self.outcomes)
        found = sum(1 for o in self.outcomes if o.found_by)
        checked = sum(1 for o in self.outcomes if o.checked)
        right = sum(1 for o in self.outcomes if o.right)
        out = {"strict_contents": total, "strict_found": found,
               "strict_content_recall": round(found / total, 3) if total else 0.0,
               "strict_speakers_checked": checked,
               "strict_attribution_accuracy": round(right / checked, 3) if checked else 0.0}
        if self.statements:
            out["strict_statements"] = self.statements
            out["strict_statement_precision"] = round(self.precise / self.statements, 3)
        return out

    def lines(self) -> list[str]:
        m = self.metrics
        lines = ["strict rule (issue 18):",
                 f"  content recall         {m['strict_content_recall']:.3f}  "
                 f"({m['strict_found']}/{m['strict_contents']})",
                 f"  attribution accuracy   {m['strict_attribution_accuracy']:.3f}  "
                 f"({sum(o.right for o in self.outcomes)}/{m['strict_speakers_checked']} found, non-pronoun sources)"]
        if self.statements:
            lines.append(f"  statement precision    {m['strict_statement_precision']:.3f}  "
                         f"({self.precise}/{self.statements} statements at least half inside a content)")
        return lines


def score_items(items: list[tuple[str, str, str, str, list[tuple[int, int]]]], texts: dict[str, str],
                placed: dict[str, list[PlacedStatement]], precision: bool) -> StrictScore:
    """``items``: (key, file, content, source, content spans in ``texts[file]``)."""
    outcomes = []
    candidates = {f: [s for s in found if s.quote_type != "narration"] for f, found in placed.items()}
    for key, file, content, source, spans in items:
        outcome = Outcome(key, file, content, source)
        tokens = word_positions(texts[file], spans)
        match = best_statement(tokens, candidates.get(file, [])) if tokens else None
        if match is not None:
            outcome.found_by, outcome.speaker = match.statement_id, match.speaker
            if source.strip() and not is_personal_pronoun(source):
                outcome.checked = True
                outcome.right = speaker_right(source, match)
        outcomes.append(outcome)
    score = StrictScore(outcomes)
    if precision:
        contents: dict[str, list[list[tuple[int, int]]]] = {}
        for _, file, _, _, spans in items:
            contents.setdefault(file, []).append(merge_spans(spans))
        for file, statements in placed.items():
            for st in statements:
                if st.quote_type in ("narration", "comment"):
                    continue
                score.statements += 1
                tokens = word_positions(texts[file], [(st.start, st.end)])
                if any(share_inside(tokens, spans) >= 0.5 for spans in contents.get(file, [])):
                    score.precise += 1
    return score
