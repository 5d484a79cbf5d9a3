"""The statements step: who said what in one article, as table rows.

:func:`build` declares the step's components in order; :func:`article_statements` runs them on
one article's :class:`~helpers.doc.Doc` and makes the table rows
(:data:`helpers.tables.rows.STATEMENT_COLUMNS`, described in :mod:`helpers.tables.rows`).
"""

from __future__ import annotations

from .doc import Analyser, Doc
from .sentiment.scores import StatementSentiment
from .speech import lexicon as lexicon_module
from .speech.attribution import Attributor
from .speech.attribution_model import AttributionModel
from .speech.cues import CueFinder
from .speech.mentions import MentionSpotter
from .speech.nesting import NestedReports
from .speech.quotations import QuotationFinder
from .speech.voices import Voices
from .tables import rows
from .text.phrases import PhraseIndex, PhraseScanner
from .text.segment import Segmenter


def text_components(lexicon) -> list:
    """The components that read the text before anyone is attributed (the stance step needs them
    too): segment → phrases → quotations → cues → mentions."""
    return [Segmenter(), PhraseScanner(lexicon.add_to(PhraseIndex())), QuotationFinder(lexicon), CueFinder(),
            MentionSpotter(lexicon)]


def rule_components(lexicon, settings: dict) -> list:
    """The hand-written rules: the text components, then attribution → nested reports → voices
    (what the attribution model reads, and is trained on)."""
    return [*text_components(lexicon), Attributor(lexicon, settings), NestedReports(lexicon), Voices(lexicon)]


def build(settings: dict) -> Analyser:
    """The components of the statements step, in order: the rules (:func:`rule_components`), then the
    learned attribution model → sentiment. (Build once per run: the phrase index takes a while.)"""
    lexicon = lexicon_module.load_lexicon()
    return Analyser([*rule_components(lexicon, settings), AttributionModel(lexicon), StatementSentiment()])


def article_statements(article: dict, comments: list[dict], analyser: Analyser, doc: Doc | None = None) -> list[dict]:
    """Statements of one article as table rows (see :mod:`helpers.tables.rows` for the fields). With
    ``doc``, that document is analysed and keeps its layers (for the stance step)."""
    doc = analyser(doc or Doc.from_article(article, comments))
    return rows.statement_rows(doc, article)
