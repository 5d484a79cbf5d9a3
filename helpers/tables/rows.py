"""The rows of the per-article steps: their columns, ids and the article fields they read.

The steps themselves are :mod:`helpers.statement_step` (who said what) and
:mod:`helpers.stance_step` (toward whom, how): plain functions of one article record, so that
they can run in-process, in a Dask task, or from the incremental store, and give the same rows.

``statements`` fields: statement_id, article_id, file, outlet, published, speaker,
speaker_kind (person, organisation, source, author, commenter, unknown), speaker_mention (the
words that named the speaker), quote_type (direct, partial, block, tweet, indirect, comment,
narration), text, char_start, char_end (offsets into the article text), cue,
attribution_confidence (0…1), attribution_method, context (the sentence(s) the statement
came from) with context_start and context_end, nested_in (statement_id of the quotation it sits inside), polarity and
subjectivity (TextBlob), vader_compound (VADER), model_confidence (the learned attribution model's
mean probability that the statement's words are an attributed content; empty for narration).

``stances`` fields: statement_id, target, stance (favor, against, neutral), score (−1…1),
method (how the stance was reached: rules, model, or both agreeing), probability (the sentiment
model's probability of that stance), evidence (the cues and the model's weightiest features that
decided it, and how the target was recognised), sentiment (negative, neutral, positive: the
sentiment toward the target as the model reads it), sentiment_score (p(positive) − p(negative))
and sentiment_probability. Stance is a side taken (for or against); sentiment is the tone of the
words aimed at the target: "I disagree with him, but he is a decent man" is against and positive.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pandas as pd

from ..doc import Statement
from ..text import dates

STATEMENT_COLUMNS = [
    "statement_id", "article_id", "file", "outlet", "published", "speaker", "speaker_kind", "speaker_mention",
    "quote_type", "text", "char_start", "char_end", "cue", "attribution_confidence", "attribution_method",
    "context", "context_start", "context_end", "nested_in", "polarity", "subjectivity", "vader_compound",
    "model_confidence",
]
STANCE_COLUMNS = ["statement_id", "target", "stance", "score", "method", "probability", "evidence", "sentiment",
                  "sentiment_score", "sentiment_probability"]
_INTS = {"char_start", "char_end", "context_start", "context_end"}
_FLOATS = {"model_confidence", "attribution_confidence", "polarity", "subjectivity", "vader_compound", "score",
           "probability", "sentiment_score", "sentiment_probability"}


def conform(frame, columns: list[str]):
    """The tables' one schema, whichever path produced them (fresh, from the store, from Dask)."""
    frame = frame.reindex(columns=columns)
    types = {c: ("int64" if c in _INTS else "float64" if c in _FLOATS else "str") for c in columns}
    return frame.astype(types).reset_index(drop=True) if len(frame) else pd.DataFrame(
        {c: pd.Series(dtype=t) for c, t in types.items()})


def field(article: dict, key: str) -> str:
    """An article field as text ("" when missing)."""
    value = article.get(key)
    return value if isinstance(value, str) and value else ""


def narrator_of(article: dict) -> str:
    """The writer's voice: the author, else the outlet, else 'unknown author'."""
    return field(article, "author") or field(article, "outlet") or "unknown author"


def statement_id(article_id: str, start: int, end: int, quote_type: str) -> str:
    return hashlib.sha1(f"{article_id}:{start}:{end}:{quote_type}".encode()).hexdigest()[:16]


def input_key(article: dict) -> str:
    """Everything about an article that its statements depend on besides the configuration:
    its text (the article_id), its date (roles are resolved by date) and its narrator."""
    parts = (article["article_id"], field(article, "published"), narrator_of(article))
    return hashlib.sha1("\0".join(parts).encode()).hexdigest()[:16]


def published_date(article: dict) -> date | None:
    return dates.parse_date(field(article, "published"))


def statement_rows(doc, article: dict) -> list[dict]:
    """The ``statements`` rows of an analysed document (its statements get their ids here)."""
    text = doc.text
    for s in doc.statements:
        s.statement_id = statement_id(doc.article_id, s.start, s.end, s.quote_type)
    outlet, published = field(article, "outlet") or None, field(article, "published") or None
    return [{
        "statement_id": s.statement_id, "article_id": doc.article_id, "file": article["file"],
        "outlet": outlet, "published": published,
        "speaker": s.speaker, "speaker_kind": str(s.speaker_kind), "speaker_mention": s.speaker_mention,
        "quote_type": str(s.quote_type), "text": text[s.start:s.end], "char_start": s.start, "char_end": s.end,
        "cue": s.cue, "attribution_confidence": round(float(s.confidence), 3), "attribution_method": s.method,
        "context": text[s.context_start:s.context_end], "context_start": s.context_start,
        "context_end": s.context_end,
        "nested_in": s.nested_in.statement_id if s.nested_in is not None else None,
        "polarity": s.polarity, "subjectivity": s.subjectivity, "vader_compound": s.vader_compound,
        "model_confidence": s.model_confidence,
    } for s in doc.statements]


def statements_from_rows(rows: list[dict]):
    """:class:`helpers.doc.Statement` records from ``statements`` rows (read back from the store),
    with ``nested_in`` linking each to the statement it sits inside."""
    out = []
    by_id = {}
    for row in rows:
        statement = Statement(int(row["char_start"]), int(row["char_end"]), row["quote_type"], row["speaker"],
                              row.get("speaker_kind") or "person", row.get("speaker_mention") or "",
                              row.get("cue") or "",
                              float(row.get("attribution_confidence") or 0.0), row.get("attribution_method") or "", 0,
                              int(row.get("context_start", row["char_start"])),
                              int(row.get("context_end", row["char_end"])),
                              statement_id=row["statement_id"])
        out.append(statement)
        by_id.setdefault(row["statement_id"], statement)
    for row, statement in zip(rows, out):
        if row.get("nested_in"):
            statement.nested_in = by_id.get(row["nested_in"])
    return out


def stance_rows(doc) -> list[dict]:
    """The ``stances`` rows of a document's stance layer."""
    return [{"statement_id": s.statement.statement_id, "target": s.target, "stance": s.stance, "score": s.score,
             "method": s.method, "probability": s.probability, "evidence": s.evidence, "sentiment": s.sentiment,
             "sentiment_score": s.sentiment_score, "sentiment_probability": s.sentiment_probability}
            for s in doc.stances]
