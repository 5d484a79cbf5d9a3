"""The stance step: toward which targets, and how, each statement of one article speaks.

:func:`build` declares the step's components: the text components of the statements step (which
are skipped when the document already holds their layers, as it does when the statements were made
in the same run), the stance step's own phrases (target aliases, stance cues), then targets →
target sentiment → stance. Rows: :data:`helpers.tables.rows.STANCE_COLUMNS` (described in :mod:`helpers.tables.rows`).
"""

from __future__ import annotations

from . import config
from .doc import Analyser, Doc
from .speech import lexicon as lexicon_module
from .stance import gate, rules, targets
from .stance.rules import StanceDecider
from .stance.target_sentiment import TargetSentiment, TargetSentimentModel
from .stance.targets import TargetSpotter
from .statement_step import text_components
from .tables import rows
from .text.phrases import PhraseIndex, PhraseScanner

#: the trained target-sentiment weights, under data/ (a configuration file of this step)
MODEL_FILE = "models/target_sentiment.json"


def stance_index(target_list: tuple[targets.Target, ...], cues) -> PhraseIndex:
    """The stance step's phrases: each target's aliases and exclusions, and the stance cues."""
    index = PhraseIndex()
    targets.add_to(index, target_list)
    rules.add_to(index, cues)
    return index


def build(target_list: tuple[targets.Target, ...] | None = None, model: TargetSentimentModel | None = None) -> Analyser:
    """The components of the stance step, in order (see the module's docstring); the targets of
    data/targets.toml (or of ``analyze --targets``) unless ``target_list`` is given."""
    lexicon = lexicon_module.load_lexicon()
    target_list = targets.load_targets() if target_list is None else target_list
    cues, _, membership = rules.load_cues()
    return Analyser([*text_components(lexicon), PhraseScanner(stance_index(target_list, cues)),
                     TargetSpotter(lexicon, target_list, membership),
                     TargetSentiment(model or TargetSentimentModel.load(config.config_dir() / MODEL_FILE)),
                     StanceDecider(target_list, gate.load(config.config_dir() / gate.GATE_FILE))])


def article_stances(article: dict, statements: list[dict], comments: list[dict], analyser: Analyser,
                    doc: Doc | None = None) -> list[dict]:
    """Stance rows (statement × target) for one article's statements: of ``doc`` when the statements
    step has just analysed it, else of a document made from the article and the statement rows."""
    if doc is None:
        doc = Doc.from_article(article, comments)
        doc.statements = rows.statements_from_rows(statements)
    return rows.stance_rows(analyser(doc))
