"""Scoring an ``analyze`` output against hand annotations.

Two gold formats:

- a CSV like ``tests/fixtures/gold/seed_quotes.csv`` (file, quote_text, speaker, quote_type,
  targets, stances);
- a PolNeAR folder (``text/`` + ``attributions/*.ann`` in BRAT standoff): every attribution's
  content span is a quotation to find and its source span the speaker.

Rules (the same for both):

- a gold quote is *found* when a non-narration statement of the same file covers at least 60%
  of its word tokens and is no longer than 4 × the quote's tokens + 60;
- it is *attributed* when the speakers match: case-insensitive, titles and articles ignored,
  a lone surname matches the full name (PolNeAR sources that are bare pronouns are skipped; a
  PolNeAR source, being the words of the text, may match the statement's ``speaker_mention``);
- *precision* (PolNeAR): the share of non-narration, non-comment statements that overlap an
  annotated content;
- *stance* (seed CSV): for each gold (quote, target) pair, the found statement's stance toward
  that target (neutral when the statement was not found or does not mention the target);
  macro-F of favor and against (SemEval-2016) and three-class accuracy, beside the naive
  baseline "stance = sign of the quote's TextBlob polarity".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .brat import attribution_events
from .sentiment.scores import textblob_scores
from .text.textnorm import for_matching, word_tokens

_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "baroness", "prof", "professor",
           "the", "a", "an", "rev", "cllr", "sen", "rep", "gov", "president", "senator", "mayor"}
#: sources whose speaker check is skipped: personal pronouns, and relative or demonstrative ones that
#: PolNeAR also marks as the source ("an architect who said ...", "the report, which found ...")
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me", "his", "their", "its",
            "who", "whom", "which", "that", "this", "these", "those"}


def _name_tokens(name: str) -> list[str]:
    name = re.sub(r"['’]s\b", "", for_matching(str(name)))
    tokens = re.findall(r"[\w@-]+", name.casefold())
    kept = [t for t in tokens if t not in _TITLES]
    return kept or [t for t in tokens if t not in ("the", "a", "an")]  # "the mayor" is "mayor"


def _head(source: str) -> str:
    """The name part of an annotated source: "James Acton, a physicist who ..." -> "James Acton";
    "Gov. Earl Ray Tomblin of West Virginia" -> "Gov. Earl Ray Tomblin"; "Experts on North Korea" -> "Experts";
    "Kall -- co-editor of ..." -> "Kall". Applied to both sides: the head nouns must match.
    "Sen. Claire McCaskill (D-Mo.)" -> "Sen. Claire McCaskill"."""
    source = re.sub(r"\([^)]*\)", " ", for_matching(str(source)))
    return re.split(r",|\s+(?:--?|\u2014|\u2013)\s+|\s+(?:who|which|whose|of|from|on|in|at|for|with|by|released|published|issued|conducted|tracking|"
                    r"led|filed)\s+", source)[0].strip()


_PARTY_WORDS = {"democratic", "republican", "gop", "democrat", "tory", "labour", "conservative", "former",
                "rep", "sen", "gov", "u", "s"}


def speakers_match(gold: str, predicted: str) -> bool:
    if _speakers_match(gold, predicted):
        return True
    head = _head(gold)
    if head != gold and _speakers_match(head, predicted):
        return True
    if _head(predicted) != predicted and _speakers_match(head, _head(predicted)):
        return True  # "Elijah Cummings of Maryland" is "Rep. Elijah Cummings of Maryland, the panel's ..."
    g = [t for t in _name_tokens(head) if t not in _PARTY_WORDS]
    return bool(g) and _speakers_match(" ".join(g), predicted)


def _speakers_match(gold: str, predicted: str) -> bool:
    g, p = _name_tokens(gold), _name_tokens(predicted)
    if not g or not p:
        return False
    if g == p:
        return True
    if len(g) == 1 and g[0] == p[-1] or len(p) == 1 and p[0] == g[-1]:
        return True
    # descriptions: "sources close to X" vs "sources"; "the campaign" vs "Clinton campaign"
    return g[-1] == p[-1] and (set(g) <= set(p) or set(p) <= set(g))


def coverage(gold_tokens: list[str], statement_tokens: list[str]) -> float:
    if not gold_tokens:
        return 0.0
    have = Counter(statement_tokens)
    hit = 0
    for token, count in Counter(gold_tokens).items():
        hit += min(count, have.get(token, 0))
    return hit / len(gold_tokens)


@dataclass
class Candidate:
    statement_id: str
    speaker: str
    tokens: list[str]
    quote_type: str
    mention: str = ""


def best_match(gold_text: str, candidates: list[Candidate]) -> tuple[Candidate | None, float]:
    tokens = word_tokens(gold_text)
    limit = 4 * len(tokens) + 60
    best, best_cov = None, 0.0
    for c in candidates:
        if len(c.tokens) > limit:
            continue
        cov = coverage(tokens, c.tokens)
        if cov >= 0.6 and (cov > best_cov or cov == best_cov and best is not None and len(c.tokens) < len(best.tokens)):
            best, best_cov = c, cov
    return best, best_cov


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    metrics: dict = field(default_factory=dict)

    def print(self) -> None:
        print("\n".join(self.lines))


def _load_output(out_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    out_dir = Path(out_dir)
    statements = pd.read_parquet(out_dir / "statements.parquet")
    stances = pd.read_parquet(out_dir / "stances.parquet")
    return statements, stances


def _candidates(statements: pd.DataFrame) -> dict[str, list[Candidate]]:
    out: dict[str, list[Candidate]] = {}
    quoted = statements[~statements["quote_type"].isin(["narration"])]
    for row in quoted.itertuples():
        out.setdefault(row.file, []).append(Candidate(row.statement_id, row.speaker, word_tokens(row.text), row.quote_type,
                                                      str(getattr(row, "speaker_mention", "") or "")))
    return out


def _f1(gold: list[str], predicted: list[str], label: str) -> float:
    tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
    fp = sum(1 for g, p in zip(gold, predicted) if g != label and p == label)
    fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
    if tp == 0:
        return 0.0
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall)


def stance_scores(gold: list[str], predicted: list[str]) -> dict:
    macro = (_f1(gold, predicted, "favor") + _f1(gold, predicted, "against")) / 2
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0
    return {"macro_f": round(macro, 3), "accuracy": round(accuracy, 3)}


def evaluate_seed_csv(gold_csv: Path, out_dir: Path) -> Report:
    gold = pd.read_csv(gold_csv, dtype=str, keep_default_na=False)
    statements, stances = _load_output(out_dir)
    candidates = _candidates(statements)
    stance_lookup = {(r.statement_id, r.target): r.stance for r in stances.itertuples()}
    report = Report()
    found = attributed = 0
    misses, wrong = [], []
    gold_stances, predicted_stances, naive_stances = [], [], []
    stance_errors = []
    for row in gold.itertuples():
        match, cov = best_match(row.quote_text, candidates.get(row.file, []))
        targets = [t for t in row.targets.split(";") if t]
        labels = [s for s in row.stances.split(";") if s]
        polarity = textblob_scores(row.quote_text)[0]
        naive = "favor" if polarity > 0 else "against" if polarity < 0 else "neutral"
        for target, label in zip(targets, labels):
            predicted = stance_lookup.get((match.statement_id, target), "neutral") if match else "neutral"
            gold_stances.append(label)
            predicted_stances.append(predicted)
            naive_stances.append(naive)
            if predicted != label:
                stance_errors.append(f"  {row.file[:3]} {target}: gold {label}, got {predicted}: {row.quote_text[:70]!r}")
        if match is None:
            misses.append(f"  {row.file} [{row.speaker}] {row.quote_text[:90]!r}")
            continue
        found += 1
        if speakers_match(row.speaker, match.speaker):
            attributed += 1
        else:
            wrong.append(f"  {row.file} gold {row.speaker!r}, got {match.speaker!r}: {row.quote_text[:70]!r}")
    total = len(gold)
    ours = stance_scores(gold_stances, predicted_stances)
    baseline = stance_scores(gold_stances, naive_stances)
    report.metrics = {
        "quotes": total, "found": found, "quote_recall": round(found / total, 3) if total else 0.0,
        "attribution_accuracy": round(attributed / found, 3) if found else 0.0,
        "stance_pairs": len(gold_stances), "stance_macro_f": ours["macro_f"], "stance_accuracy": ours["accuracy"],
        "baseline_macro_f": baseline["macro_f"], "baseline_accuracy": baseline["accuracy"],
    }
    m = report.metrics
    report.lines += [
        f"quote recall           {m['quote_recall']:.3f}  ({found}/{total} gold quotes found)",
        f"attribution accuracy   {m['attribution_accuracy']:.3f}  ({attributed}/{found} found quotes with the right speaker)",
        f"stance macro-F         {m['stance_macro_f']:.3f}  (favor/against, {len(gold_stances)} target pairs)",
        f"stance accuracy        {m['stance_accuracy']:.3f}",
        f"baseline (sign of TextBlob polarity): macro-F {m['baseline_macro_f']:.3f}, accuracy {m['baseline_accuracy']:.3f}",
        f"margin over baseline   {m['stance_macro_f'] - m['baseline_macro_f']:+.3f} macro-F",
    ]
    if misses:
        report.lines += ["missed quotes:"] + misses
    if wrong:
        report.lines += ["wrong speakers:"] + wrong
    if stance_errors:
        report.lines += ["stance errors:"] + stance_errors
    return report


# -- PolNeAR ------------------------------------------------------------------------------------
@dataclass
class PolnearAttribution:
    content: str
    spans: list[tuple[int, int]]
    source: str


def read_brat(ann_path: Path, text: str) -> list[PolnearAttribution]:
    """Attributions of one BRAT file: content text (offsets read against ``text``) and source."""
    out = []
    for roles in attribution_events(ann_path):
        content_spans = roles.get("Content", [])
        if not content_spans:
            continue
        content = " ".join(text[s:e] for s, e in content_spans)
        source = " ".join(text[s:e] for s, e in roles.get("Source", []))
        out.append(PolnearAttribution(content, content_spans, source))
    return out


def polnear_gold(folder: Path) -> dict[str, tuple[str, list[PolnearAttribution]]]:
    """{file name: (text, attributions)}, one annotator per article (the first by name)."""
    folder = Path(folder)
    out = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        article = re.sub(r"_[0-9a-f]+$", "", ann.stem)
        name = f"{article}.txt"
        if name in out:
            continue
        text_path = folder / "text" / name
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        out[name] = (text, read_brat(ann, text))
    return out


def _locate(raw: str, statement: str, hint: int) -> tuple[int, int] | None:
    position = raw.find(statement, max(0, hint - 400))
    if position < 0:
        position = raw.find(statement)
    if position < 0:
        pattern = r"\s+".join(re.escape(w) for w in statement.split())
        m = re.search(pattern, raw) if pattern else None
        return (m.start(), m.end()) if m else None
    return position, position + len(statement)


def evaluate_polnear(folder: Path, out_dir: Path, show: int = 25) -> Report:
    gold = polnear_gold(folder)
    statements, _ = _load_output(out_dir)
    candidates = _candidates(statements)
    report = Report()
    total = found = attributed = checked = 0
    misses, wrong = [], []
    for name, (_, attributions) in gold.items():
        for attribution in attributions:
            total += 1
            match, _ = best_match(attribution.content, candidates.get(name, []))
            if match is None:
                misses.append(f"  {name[:40]} [{attribution.source[:25]}] {attribution.content[:90]!r}")
                continue
            found += 1
            source = attribution.source.strip()
            if not source or source.casefold() in PRONOUNS:
                continue
            checked += 1
            # PolNeAR's source is the words that name the speaker ("the California congressman"); ours
            # are in speaker_mention, the resolved person in speaker: either may match
            if speakers_match(source, match.speaker) or (match.mention and speakers_match(source, match.mention)):
                attributed += 1
            else:
                wrong.append(f"  {name[:40]} gold {source[:30]!r}, got {match.speaker!r}: {attribution.content[:60]!r}")
    overlapping = ours = 0
    quoted = statements[~statements["quote_type"].isin(["narration", "comment"]) & statements["file"].isin(gold)]
    for row in quoted.itertuples():
        raw, attributions = gold[row.file]
        located = _locate(raw, row.text, int(row.char_start))
        ours += 1
        if located is None:
            continue
        s, e = located
        if any(cs < e and s < ce for a in attributions for cs, ce in a.spans):
            overlapping += 1
    recall = found / total if total else 0.0
    precision = overlapping / ours if ours else 0.0
    report.metrics = {
        "articles": len(gold), "contents": total, "found": found, "content_recall": round(recall, 3),
        "attribution_accuracy": round(attributed / checked, 3) if checked else 0.0, "speakers_checked": checked,
        "statements": ours, "statement_precision": round(precision, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
    }
    m = report.metrics
    report.lines += [
        f"PolNeAR dev: {m['articles']} articles, {total} annotated contents",
        f"content recall         {m['content_recall']:.3f}  ({found}/{total})",
        f"attribution accuracy   {m['attribution_accuracy']:.3f}  ({attributed}/{checked} found, non-pronoun sources)",
        f"statement precision    {m['statement_precision']:.3f}  ({overlapping}/{ours} statements overlap a content)",
        f"content F1             {m['f1']:.3f}",
    ]
    if show:
        report.lines += [f"missed contents (first {show} of {len(misses)}):"] + misses[:show]
        report.lines += [f"wrong speakers (first {show} of {len(wrong)}):"] + wrong[:show]
    return report


def evaluate(gold: Path, out_dir: Path | None, show: int = 25, compare: Path | None = None) -> Report:
    gold = Path(gold)
    if gold.suffix == ".jsonl":  # NewsMTSC: scored by the target-sentiment model, no analyze output needed
        return evaluate_newsmtsc(gold, show)
    report = evaluate_polnear(gold, out_dir, show) if gold.is_dir() else evaluate_seed_csv(gold, out_dir)
    _add_strict(report, gold, out_dir, show, compare)
    return report


# -- NewsMTSC: sentiment toward each target -----------------------------------------------------------
def _three_class_scores(gold: list[str], predicted: list[str]) -> dict:
    classes = ("negative", "neutral", "positive")
    f1 = {c: _f1(gold, predicted, c) for c in classes}
    n = len(gold)
    return {
        "macro_f1": round(sum(f1.values()) / 3, 3),
        "accuracy": round(sum(g == p for g, p in zip(gold, predicted)) / n, 3) if n else 0.0,
        "macro_f1_pos_neg": round((f1["positive"] + f1["negative"]) / 2, 3),
        "neutral_share": round(sum(p == "neutral" for p in predicted) / n, 3) if n else 0.0,
    }


def _sign(value: float, threshold: float) -> str:
    return "positive" if value >= threshold and value > 0 else "negative" if value <= -threshold and value < 0 else "neutral"


def evaluate_newsmtsc(path: Path, show: int = 25, model=None) -> Report:
    """Sentiment toward each annotated target of a NewsMTSC file by the trained target-sentiment model,
    beside VADER compound (±0.05) and the sign of TextBlob polarity of the whole sentence."""
    from .sentiment.scores import vader_compound
    from .stance import newsmtsc
    from .stance.target_sentiment import default_model

    model = model or default_model()
    examples = newsmtsc.read(path)
    gold = [e.label for e in examples]
    from .stance.sentence_targets import readings

    workbench = [sentiment for sentiment, _ in readings(examples, model)]
    ours, vader, textblob, errors = [], [], [], []
    for e in examples:
        prediction = model.predict(e.text, e.target_spans, e.other_spans)
        ours.append(prediction.label)
        vader.append(_sign(vader_compound(e.text), 0.05))
        textblob.append(_sign(textblob_scores(e.text)[0], 0.0))
        if prediction.label != e.label:
            errors.append(f"  gold {e.label:<8} got {prediction.label:<8} {e.mention!r}: {e.text[:100]!r}")
    gold_share = round(sum(g == "neutral" for g in gold) / len(gold), 3) if gold else 0.0
    report = Report()
    report.metrics = {"pairs": len(gold), "sentences": len({e.text for e in examples}), "gold_neutral_share": gold_share,
                      "model": _three_class_scores(gold, ours), "workbench": _three_class_scores(gold, workbench),
                      "vader": _three_class_scores(gold, vader),
                      "textblob": _three_class_scores(gold, textblob)}
    m = report.metrics
    report.lines += [
        f"NewsMTSC {Path(path).name}: {m['pairs']} target pairs in {m['sentences']} sentences; gold neutral share {gold_share:.3f}",
        f"{'':<32} {'macro-F1':>8} {'accuracy':>8} {'F1 pos/neg':>10} {'neutral':>7}",
    ]
    for key, name in (("model", "target-sentiment model"), ("workbench", "workbench: statements, targets"),
                      ("vader", "VADER compound, sentence (±0.05)"),
                      ("textblob", "TextBlob polarity sign, sentence")):
        s = m[key]
        report.lines.append(f"{name:<32} {s['macro_f1']:>8.3f} {s['accuracy']:>8.3f} {s['macro_f1_pos_neg']:>10.3f} "
                            f"{s['neutral_share']:>7.3f}")
    report.lines.append(f"margin over VADER      {m['model']['macro_f1'] - m['vader']['macro_f1']:+.3f} macro-F1")
    report.lines.insert(1, f"summary: the target-sentiment model macro-F1 {m['model']['macro_f1']:.3f}, accuracy "
                           f"{m['model']['accuracy']:.3f}; through the workbench macro-F1 {m['workbench']['macro_f1']:.3f}")
    if show:
        report.lines += [f"errors (first {min(show, len(errors))} of {len(errors)}):"] + errors[:show]
    return report


def _add_strict(report: Report, gold: Path, out_dir: Path, show: int, compare: Path | None) -> None:
    """Both rules in one report: the lenient figures above, the strict ones (issue 18) after them."""
    strict = strict_score(gold, out_dir)
    report.metrics.update(strict.metrics)
    at = next((i for i, line in enumerate(report.lines) if line.startswith(("missed", "wrong", "stance errors"))),
              len(report.lines))
    report.lines[at:at] = ["lenient rule: the figures above"] + strict.lines()
    if compare is not None:
        report.lines += compare_runs(gold, out_dir, Path(compare), show)


# -- the strict rule (issue 18) and run-to-run comparison --------------------------------------
def _placed_in_raw(statements: pd.DataFrame, gold: dict) -> tuple[dict, dict]:
    """PolNeAR: statements placed in the gold's raw text (the analysed text may differ from it)."""
    from .strict_scoring import PlacedStatement

    placed: dict[str, list] = {}
    for row in statements[statements["file"].isin(gold)].itertuples():
        located = _locate(gold[row.file][0], row.text, int(row.char_start))
        if located is None:
            continue
        placed.setdefault(row.file, []).append(PlacedStatement(
            row.statement_id, str(row.speaker), str(row.speaker_mention or ""), row.quote_type, *located,
            len(word_tokens(row.text))))
    return placed, {name: text for name, (text, _) in gold.items()}


def strict_polnear(folder: Path, out_dir: Path):
    """The strict rule's score of an output against a PolNeAR folder."""
    from .strict_scoring import score_items

    gold = polnear_gold(folder)
    statements, _ = _load_output(out_dir)
    placed, texts = _placed_in_raw(statements, gold)
    items = [(f"{name}:{a.spans[0][0]}-{a.spans[-1][1]}", name, a.content, a.source.strip(), a.spans)
             for name, (_, attributions) in gold.items() for a in attributions]
    return score_items(items, texts, placed, precision=True)


def _find_in(text: str, quote: str) -> tuple[int, int] | None:
    return _locate(for_matching(text), for_matching(quote).strip(), 0)


def strict_seed_csv(gold_csv: Path, out_dir: Path):
    """The strict rule's score of an output against a gold CSV (recall and attribution; the CSV
    does not annotate every statement, so no precision)."""
    from .strict_scoring import PlacedStatement, score_items

    gold = pd.read_csv(gold_csv, dtype=str, keep_default_na=False)
    statements, _ = _load_output(out_dir)
    articles = pd.read_parquet(Path(out_dir) / "articles.parquet", columns=["article_id", "file", "text"])
    texts = dict(zip(articles["article_id"], articles["text"]))
    placed: dict[str, list] = {}
    for row in statements.itertuples():
        placed.setdefault(row.article_id, []).append(PlacedStatement(
            row.statement_id, str(row.speaker), str(row.speaker_mention or ""), row.quote_type,
            int(row.char_start), int(row.char_end), len(word_tokens(row.text))))
    items = []
    for number, row in enumerate(gold.itertuples()):
        where = None
        for article in articles[articles["file"] == row.file].itertuples():
            span = _find_in(article.text, row.quote_text)
            if span is not None:
                where = (article.article_id, span)
                break
        key = f"{row.file}:{number}"
        if where is None:  # the quote is not in the analysed text: counted, never found
            texts.setdefault(key, row.quote_text)
            items.append((key, key, row.quote_text, row.speaker, []))
        else:
            items.append((key, where[0], row.quote_text, row.speaker, [where[1]]))
    return score_items(items, texts, placed, precision=False)


def strict_score(gold: Path, out_dir: Path):
    gold = Path(gold)
    return strict_polnear(gold, out_dir) if gold.is_dir() else strict_seed_csv(gold, out_dir)


def compare_runs(gold: Path, out_dir: Path, other_dir: Path, show: int = 25) -> list[str]:
    """What changed, gold item by gold item under the strict rule, from ``other_dir`` (before) to
    ``out_dir`` (after): contents newly found or lost, speakers newly right or wrong."""
    before = {o.key: o for o in strict_score(gold, other_dir).outcomes}
    after = strict_score(gold, out_dir).outcomes
    groups: dict[str, list[str]] = {"newly found": [], "lost": [], "speaker newly right": [], "speaker newly wrong": []}
    for o in after:
        b = before.get(o.key)
        if b is None:
            continue
        line = f"  {o.file[:40]} [{o.source[:30]}] {o.content[:70]!r}"
        if o.found_by and not b.found_by:
            groups["newly found"].append(line + (f" -> {o.speaker!r}" if o.checked else ""))
        elif b.found_by and not o.found_by:
            groups["lost"].append(line)
        elif o.checked and b.checked and o.right != b.right:
            change = f" {b.speaker!r} -> {o.speaker!r}"
            groups["speaker newly right" if o.right else "speaker newly wrong"].append(line + change)
    lines = [f"changes from {other_dir} to {out_dir} (strict rule):"]
    for name, entries in groups.items():
        lines.append(f"{name}: {len(entries)}")
        lines += entries[:show]
    return lines
