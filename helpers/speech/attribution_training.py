"""Training the attribution tagger on PolNeAR's training split: ``python -m helpers train-attribution``.

Each article of ``../shared/polnear-train/`` is analysed by the rules (the components a run applies
before the model, on its text),
its paragraphs turned into token features (:mod:`helpers.speech.attribution_features`) and labelled from
the annotation (cue ``Q`` before source ``S`` before content ``B-C``/``I-C``, so that a report
inside a content keeps its own parts). A CRF is fitted with python-crfsuite (L-BFGS with elastic-net
regularisation; crfsuite is deterministic for a fixed input) and exported to JSON. The thresholds of
:mod:`helpers.speech.attribution_model` are chosen by k-fold cross-validation on the same training
split under the strict rule (:mod:`helpers.strict_scoring`); nothing here reads the dev split.

python-crfsuite is needed only here (an optional dependency, in the ``test`` extra): a run reads the
JSON with NumPy.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import config, paths
from ..brat import attribution_events
from ..doc import Analyser, Doc
from ..strict_scoring import PlacedStatement, score_items
from ..text import dates
from . import lexicon as lexicon_module
from .attribution_features import article_sequences
from .attribution_model import LABELS, MODEL_FILE, revise, tag_article
from .crf import LinearChainCRF, export
from .resolver import Resolver

TRAIN_DIR = paths.PROJECT_ROOT.parent / "shared" / "polnear-train"
#: hyper-parameters tried by cross-validation (regularisation) and thresholds tried on the folds
GRID_CRF = [{"c1": 0.03, "c2": 0.01}, {"c1": 0.15, "c2": 0.01}]
GRID_THRESHOLDS = {"min_tokens": [3, 5], "min_probability": [0.7, 0.8], "max_covered": [0.2],
                   "drop_below": [0.0, 0.3], "need_source": [0, 1], "source_probability": [0.0], "via_cue": [1],
                   "same_sentence": [0, 1]}


@dataclass
class Attribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]]
    cue: list[tuple[int, int]]


@dataclass
class Article:
    name: str
    text: str
    published: str
    attributions: list[Attribution]


def read_brat(path: Path) -> list[Attribution]:
    """The attributions of one BRAT file that have a content: content, source and cue spans."""
    return [Attribution(roles["Content"], roles.get("Source", []), roles.get("Cue", []))
            for roles in attribution_events(path) if roles.get("Content")]


def read_corpus(folder: Path, limit: int | None = None) -> list[Article]:
    """The articles of a PolNeAR folder with their first annotator's attributions, by name."""
    folder = Path(folder)
    published = {}
    meta = folder / "metadata.csv"
    if meta.exists():
        with meta.open(encoding="utf-8") as f:
            published = {row["filename"]: row.get("publication_date", "") for row in csv.DictReader(f)}
    seen, out = set(), []
    for ann in sorted((folder / "attributions").glob("*.ann")):
        name = re.sub(r"_[0-9a-f]+$", "", ann.stem)
        text_path = folder / "text" / f"{name}.txt"
        if name in seen or not text_path.exists():
            continue
        seen.add(name)
        out.append(Article(name, text_path.read_text(encoding="utf-8"), published.get(name, ""), read_brat(ann)))
        if limit and len(out) >= limit:
            break
    return out


def rules_analyser(settings: dict) -> Analyser:
    """The rules alone, as a run applies them before the model (no model, no sentiment)."""
    from ..statement_step import rule_components

    return Analyser(rule_components(lexicon_module.load_lexicon(), settings))


def analyse(article: Article, rules: Analyser) -> Doc:
    return rules(Doc.from_text(article.text, dates.parse_date(article.published), "the writer"))


def token_labels(spans: list[tuple[int, int]], attributions: list[Attribution]) -> list[str]:
    """The gold label of each token: content first (B-C at a content's first token), then a source
    over it, then a cue over both (the parts of a report nested in a content are kept)."""
    labels = ["O"] * len(spans)
    starts = [s for s, _ in spans]

    def mark(parts: list[tuple[int, int]], label: str, first_label: str | None = None) -> None:
        pending_first = first_label is not None
        for a, b in parts:
            i = bisect.bisect_left(starts, a)
            while i < len(spans) and spans[i][1] <= b:
                labels[i] = first_label if pending_first else label
                pending_first = False
                i += 1

    for a in attributions:
        mark(a.content, "I-C", "B-C")
    for a in attributions:
        mark(a.source, "S")
    for a in attributions:
        mark(a.cue, "Q")
    return labels


def featurise(articles: list[Article], settings: dict) -> list[tuple[Article, Doc, list]]:
    """Each article analysed by the rules, with its paragraphs' features and gold labels."""
    rules = rules_analyser(settings)
    out = []
    for article in articles:
        doc = analyse(article, rules)
        sequences = article_sequences(doc.norm, doc.paragraphs, doc.sentences, doc.hits["cue"], doc.mentions,
                                      doc.statements)
        out.append((article, doc, [(seq, token_labels(seq.spans, article.attributions)) for seq in sequences]))
    return out


def fit(featurised, c1: float, c2: float, iterations: int, path: Path, meta: dict) -> LinearChainCRF:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for _, _, pairs in featurised:
        for seq, labels in pairs:
            trainer.append(seq.features, labels)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True,
                        "feature.minfreq": 2})
    with tempfile.TemporaryDirectory() as tmp:
        binary = Path(tmp) / "crf.bin"
        trainer.train(str(binary))
        tagger = pycrfsuite.Tagger()
        tagger.open(str(binary))
        info = tagger.info()
        labels = [label for label in LABELS if label in set(info.labels)] or LABELS
        tagger.close()
    export(labels, info.transitions, info.state_features, path, meta)
    return LinearChainCRF.load(path)


def strict_figures(featurised, model: LinearChainCRF, params: dict, tagged: dict | None = None) -> dict:
    """The strict rule on articles analysed here (offsets are the articles' own). ``tagged``: a cache
    of each article's tagging by this model."""
    items, texts, placed = [], {}, {}
    tagged = {} if tagged is None else tagged
    lexicon = lexicon_module.load_lexicon()
    for article, doc, _ in featurised:
        if article.name not in tagged:
            tagged[article.name] = (tag_article(model, doc), Resolver.for_doc(doc, lexicon))
        tags, resolver = tagged[article.name]
        statements = revise(doc, resolver, model, params, tags)
        texts[article.name] = article.text
        placed[article.name] = [PlacedStatement(str(i), s.speaker, s.speaker_mention, s.quote_type, s.start, s.end,
                                                len(re.findall(r"\w+", article.text[s.start:s.end])))
                                for i, s in enumerate(statements)]
        for n, a in enumerate(article.attributions):
            source = " ".join(article.text[x:y] for x, y in a.source)
            items.append((f"{article.name}:{n}", article.name, "", source, a.content))
    return score_items(items, texts, placed, precision=True).metrics


def _objective(m: dict) -> float:
    """One figure to choose by: the mean of recall, attribution and precision (all three are targets)."""
    return (m["strict_content_recall"] + m["strict_attribution_accuracy"] + m.get("strict_statement_precision", 0)) / 3


def cross_validate(featurised, folds: int, iterations: int, log=print) -> tuple[dict, dict, list[dict]]:
    """Pick the CRF hyper-parameters and the thresholds by ``folds``-fold CV; returns (crf params,
    thresholds, per-setting mean figures)."""
    settings_grid = [dict(zip(GRID_THRESHOLDS, values)) for values in itertools.product(*GRID_THRESHOLDS.values())]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for crf in GRID_CRF:
            per_setting = [[] for _ in settings_grid]
            for k in range(folds):
                train = [x for i, x in enumerate(featurised) if i % folds != k]
                held = [x for i, x in enumerate(featurised) if i % folds == k]
                model = fit(train, crf["c1"], crf["c2"], iterations, Path(tmp) / f"fold{k}.json", {})
                cache: dict = {}
                for j, params in enumerate(settings_grid):
                    per_setting[j].append(strict_figures(held, model, params, cache))
            for params, figures in zip(settings_grid, per_setting):
                mean = {key: round(sum(f[key] for f in figures) / len(figures), 4)
                        for key in ("strict_content_recall", "strict_attribution_accuracy",
                                    "strict_statement_precision")}
                results.append({"crf": crf, "params": params, **mean, "objective": round(_objective(mean), 4)})
                log(json.dumps(results[-1]))
    best = max(results, key=lambda r: r["objective"])
    return best["crf"], best["params"], results


def train(folder: Path = TRAIN_DIR, out: Path = MODEL_FILE, folds: int = 3, iterations: int = 100,
          limit: int | None = None, log=print) -> dict:
    settings = config.load_settings().extraction
    articles = read_corpus(folder, limit)
    log(f"{len(articles)} training articles, {sum(len(a.attributions) for a in articles)} attributions")
    featurised = featurise(articles, settings)
    if folds > 1:
        crf, params, results = cross_validate(featurised, folds, iterations, log)
    else:
        crf, params, results = GRID_CRF[0], {k: v[0] for k, v in GRID_THRESHOLDS.items()}, []
    meta = {"trained_on": f"{Path(folder).name} ({len(articles)} articles)", "crf": crf, "params": params,
            "iterations": iterations, "folds": folds,
            "cv": [r for r in results if r["crf"] == crf and r["params"] == params]}
    fit(featurised, crf["c1"], crf["c2"], iterations, Path(out), meta)
    log(f"wrote {out}")
    return meta
