"""Article metadata: the manifest wins; what it lacks is inferred from the text and marked.

Each field's origin is recorded in ``metadata_source`` as ``field:origin`` pairs, where origin
is ``manifest``, ``page`` (HTML meta tags or a corpus table's columns), ``inferred-…`` (from the
text, to be reviewed), ``inherited`` (a split-off item takes its outlet from its page) or
``missing``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import config
from ..text import dates
from .outlets import canonical_outlet, load_outlets, outlet_from_self_reference, outlet_from_url

FIELDS = ("outlet", "published", "author", "title", "url")
_NAME_LINE = re.compile(r"^(?:[A-Z][\w'’.-]+)(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|der|bin|al)){1,3}$")


@dataclass
class Metadata:
    values: dict[str, str] = field(default_factory=lambda: dict.fromkeys(FIELDS, ""))
    origins: dict[str, str] = field(default_factory=lambda: dict.fromkeys(FIELDS, "missing"))
    byline_lines: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def set(self, key: str, value: str, origin: str) -> None:
        if value and not self.values.get(key):
            self.values[key] = value.strip()
            self.origins[key] = origin

    @property
    def source(self) -> str:
        return ",".join(f"{k}:{self.origins[k]}" for k in FIELDS)

    @property
    def needs_review(self) -> bool:
        return any(o.startswith("inferred") or o == "inherited" for o in self.origins.values()) or \
            self.origins["published"] == "missing" or self.origins["outlet"] == "missing"


@lru_cache(maxsize=4)
def _rules(config_hash: str) -> dict:
    rules = config.load_toml("metadata_rules.toml")
    rules["byline_res"] = [re.compile(p) for p in rules.get("byline_patterns", [])]
    return rules


def load_rules() -> dict:
    return _rules(config.files_hash(("metadata_rules.toml",)))


_DIGIT = re.compile(r"\d")


def _byline(lines: list[str], meta: Metadata, search: int, rules: dict) -> None:
    """Author and date from the first lines: a line that ``byline_patterns`` describe ("By Jane
    Doe", "Thomas Scripps / 6 March 2024"), or a name on a line of its own above a date."""
    content = [i for i, line in enumerate(lines) if line.strip()][:search]
    for pos, i in enumerate(content):
        line = lines[i].strip()
        for pattern in rules["byline_res"]:
            m = pattern.match(line)
            if m and "date" in pattern.groupindex and not dates.find_date(m["date"]):
                continue  # (a name and something else: not a byline)
            if m:
                meta.set("author", m["author"], "inferred-byline")
                meta.byline_lines.add(i)
                found = dates.find_date(line)
                if found:
                    meta.set("published", found.isoformat(), "inferred-byline")
        words = len(line.split())
        found = dates.find_date(line) if _DIGIT.search(line) else None
        if found and words <= 8 and pos > 0:
            meta.set("published", found.isoformat(), "inferred-byline")
            meta.byline_lines.add(i)
            previous = content[pos - 1] if pos > 0 else None
            if previous is not None and previous not in meta.byline_lines and pos > 1 and \
                    _NAME_LINE.match(lines[previous].strip()):
                meta.set("author", lines[previous].strip(), "inferred-byline")
                meta.byline_lines.add(previous)


def infer(lines: list[str], page_meta: dict[str, str], manifest_row: dict[str, str] | None,
          bio_author: str, settings: dict, inherited_outlet: str = "") -> Metadata:
    """Combine manifest, page metadata and inference for one article part."""
    meta = Metadata()
    outlets = load_outlets()
    rules = load_rules()
    for key in FIELDS:
        if manifest_row and manifest_row.get(key):
            meta.set(key, manifest_row[key], "manifest")
    for key in FIELDS:
        value = page_meta.get(key, "")
        if key == "outlet" and value:
            value = canonical_outlet(value, outlets)
        if key == "published" and value:
            parsed = dates.parse_date(value)
            value = parsed.isoformat() if parsed else ""
        meta.set(key, value, "page")
    _byline(lines, meta, int(settings.get("byline_search_lines", 8)), rules)
    content = [line.strip() for i, line in enumerate(lines) if line.strip() and i not in meta.byline_lines]
    if content and len(content[0].split()) <= int(settings.get("max_title_words", 30)):
        meta.set("title", content[0], "inferred-first-line")
    if bio_author:
        meta.set("author", bio_author, "inferred-author-note")
    if meta.values["url"]:
        meta.set("outlet", outlet_from_url(meta.values["url"], outlets), "inferred-url")
    if inherited_outlet:
        meta.set("outlet", inherited_outlet, "inherited")
    if not meta.values["outlet"]:
        name, phrase = outlet_from_self_reference("\n".join(content), outlets, rules.get("self_reference_patterns", []))
        if name:
            meta.set("outlet", name, "inferred-self-reference")
            meta.notes.append(f"outlet '{name}' inferred from the phrase '{phrase}'")
    return meta
