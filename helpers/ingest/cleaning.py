"""Cleaning scraped article text by the editable rules in ``data/cleaning_rules.toml``.

Cleaning works line by line and never rewrites the words of running text: it drops page
furniture, cuts off items that a scraper appended from another page, and separates reader
comments from the article body. Markup rewrites (Markdown headings, bold, links) are the only
in-line changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import config

_SENTENCE_END = re.compile(r"[.!?…:;\"'”’)\]]\s*$")


def _ends_with(pattern: re.Pattern, line: str) -> bool:
    """``pattern.search(line)`` for a pattern ``[class]\\s*$`` and a line without newlines: only
    the last non-space character can match (``str.rstrip`` strips exactly ``\\s``), so it is
    tried there instead of at every position of the line."""
    stripped = line.rstrip()
    return bool(stripped) and pattern.match(stripped, len(stripped) - 1) is not None


@dataclass(frozen=True)
class CleaningRules:
    rewrites: tuple[tuple[re.Pattern, str], ...]
    boundaries: tuple[tuple[str, re.Pattern, str], ...]
    comment_header: re.Pattern
    handle_line: re.Pattern
    numbered_handle_line: re.Pattern
    comment_furniture: tuple[re.Pattern, ...]
    furniture: tuple[re.Pattern, ...]
    author_bio: re.Pattern
    trailing_headlines: bool
    trailing_max_words: int
    join_broken_paragraphs: bool
    furniture_any: re.Pattern | None = None   # all furniture patterns in one (one search per line)
    # the same tests, skipping what cannot match (see _required_chars); None when not applicable
    rewrite_needs: tuple[frozenset[str] | None, ...] = ()
    furniture_split: tuple[re.Pattern | None, tuple[tuple[tuple[str, ...], re.Pattern], ...]] | None = None


def _required_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """Characters one of which is in every match of ``pattern`` (None if that is not known), so
    that a line holding none of them need not be searched: "*" or "_" for the bold rewrite, ":"
    for the caption rule. Only consumed literals count (not look-arounds), only when every
    alternative has one, only characters without case under IGNORECASE, and only punctuation
    (letters, digits and spaces are in most lines)."""
    import re._constants as c
    import re._parser as parser

    try:
        parsed = parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001  (no shortcut, then)
        return None

    def caseless(chars: set[str], flags: int) -> bool:
        return not flags & re.IGNORECASE or all(ch.isascii() and ch.lower() == ch.upper() for ch in chars)

    def sequence(items, flags: int) -> frozenset[str] | None:
        for op, av in items:
            found = item(op, av, flags)
            if found is not None and not any(ch.isspace() or ch.isalnum() for ch in found):
                return found  # (letters, digits and spaces are in most lines: no use as a filter)
        return None

    def item(op, av, flags: int) -> frozenset[str] | None:
        if op is c.LITERAL:
            chars = {chr(av)}
            return frozenset(chars) if caseless(chars, flags) else None
        if op is c.IN:
            if not all(kind is c.LITERAL for kind, _ in av):
                return None  # ranges, categories, negation
            chars = {chr(v) for _, v in av}
            return frozenset(chars) if caseless(chars, flags) else None
        if op is c.SUBPATTERN:
            _, add, remove, sub = av
            return sequence(sub.data, (flags | add) & ~remove)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _, sub = av
            return sequence(sub.data, flags) if low >= 1 else None
        if op is c.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                found = sequence(branch.data, flags)
                if found is None:
                    return None
                out |= found
            return frozenset(out)
        return None

    return sequence(parsed.data, pattern.flags)


def _has_backreference(pattern: str) -> bool:
    return "\\" in pattern and re.search(r"\\(?:[1-9]|g<)|\(\?P=", pattern) is not None


def _split_furniture(patterns: tuple[re.Pattern, ...]):
    """The furniture rules as (one pattern for those without required characters, the others with
    theirs). Any line the combined pattern finds, one of these finds, and the reverse; patterns
    with back-references (whose group numbers change when combined) keep the combined search."""
    if not patterns or any(_has_backreference(p.pattern) for p in patterns):
        return None
    def combine(group: list[re.Pattern]) -> re.Pattern:
        return re.compile("|".join(f"(?:{p.pattern})" for p in group), re.IGNORECASE)

    plain = [p for p in patterns if _required_chars(p) is None]
    by_needs: dict[frozenset[str], list[re.Pattern]] = {}
    for p in patterns:
        if _required_chars(p) is not None:
            by_needs.setdefault(_required_chars(p), []).append(p)
    return (combine(plain) if plain else None), tuple((tuple(needs), combine(group)) for needs,
                                                      group in by_needs.items())


def _compile(pattern: str, where: str, flags: int = re.IGNORECASE) -> re.Pattern:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise config.ConfigError(f"{config.config_dir() / 'cleaning_rules.toml'}: bad pattern in {where}: "
                                 f"{exc}") from None


@lru_cache(maxsize=4)
def _load(config_hash: str) -> CleaningRules:
    raw = config.load_toml("cleaning_rules.toml")
    comments = raw.get("comments", {})
    furniture = raw.get("furniture", {})
    trailing = raw.get("trailing_headlines", {})
    rewrites = tuple((_compile(r["pattern"], f"rewrite {r.get('name')}", 0), r.get("replace", ""))
                     for r in raw.get("rewrite", []))
    furniture_patterns = tuple(_compile(p, "furniture.line_patterns") for p in furniture.get("line_patterns", []))
    return CleaningRules(
        rewrites=rewrites,
        rewrite_needs=tuple(_required_chars(pattern) for pattern, _ in rewrites),
        furniture_split=_split_furniture(furniture_patterns),
        boundaries=tuple((b.get("name", b["pattern"]), _compile(b["pattern"], f"boundary {b.get('name')}"),
                          b.get("action", "split")) for b in raw.get("boundary", [])),
        comment_header=_compile(comments.get("section_header", r"(?!x)x"), "comments.section_header"),
        handle_line=_compile(comments.get("handle_line", r"(?!x)x"), "comments.handle_line", 0),
        numbered_handle_line=_compile(comments.get("numbered_handle_line", r"(?!x)x"), "comments.numbered_handle_line",
                                      0),
        comment_furniture=tuple(_compile(p, "comments.comment_furniture") for p in comments.get("comment_furniture",
                                                                                                [])),
        furniture=tuple(_compile(p, "furniture.line_patterns") for p in furniture.get("line_patterns", [])),
        author_bio=_compile(furniture.get("author_bio", r"(?!x)x"), "furniture.author_bio", 0),
        trailing_headlines=bool(trailing.get("enabled", True)),
        trailing_max_words=int(trailing.get("max_words", 20)),
        join_broken_paragraphs=bool(raw.get("broken_paragraphs", {}).get("join", True)),
        furniture_any=re.compile("|".join(f"(?:{p})" for p in furniture.get("line_patterns", [])), re.IGNORECASE)
        if furniture.get("line_patterns") else None,
    )


def load_rules() -> CleaningRules:
    return _load(config.files_hash(("cleaning_rules.toml",)))


@dataclass
class CommentBlock:
    """A reader comment: its ``number`` (1-based, in page order), the commenter's ``handle``
    and its paragraphs."""

    number: int
    handle: str
    paragraphs: list[str]


@dataclass
class CleanedPart:
    """One article's worth of cleaned lines (a file may hold several items, see boundaries)."""

    part: int
    lines: list[str]
    comments: list[CommentBlock] = field(default_factory=list)
    bio_author: str = ""
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _is_furniture(line: str, rules: CleaningRules) -> bool:
    if rules.furniture_split is not None:
        plain, needing = rules.furniture_split
        if plain is not None and plain.search(line):
            return True
        for needs, pattern in needing:  # (grouped by the characters they need)
            for ch in needs:
                if ch in line:
                    if pattern.search(line):
                        return True
                    break
        return False
    return bool(rules.furniture_any.search(line)) if rules.furniture_any is not None else \
        any(p.search(line) for p in rules.furniture)


def _drop_trailing_headlines(part: CleanedPart, rules: CleaningRules) -> None:
    if not rules.trailing_headlines:
        return
    content = [i for i, line in enumerate(part.lines) if line.strip()]
    if not any(_ends_with(_SENTENCE_END, part.lines[i]) for i in content):
        return
    for i in reversed(content):
        line = part.lines[i].strip()
        if _ends_with(_SENTENCE_END, line) or len(line.split()) > rules.trailing_max_words:
            break
        part.removed.append(f"related headline: {line}")
        part.lines[i] = ""


_OPEN_END = re.compile(r"[\w,;'’\-–—]\s*$")
_LOWER_START = re.compile(r"^[\"“‘']?[a-z]")


def _join_broken_paragraphs(part: CleanedPart) -> None:
    """Join "...escort Galloway into" + blank line + "parliament. But..." into one line."""
    lines = part.lines
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        while line and _ends_with(_OPEN_END, line) and not _ends_with(_SENTENCE_END, line):
            k = j
            while k < len(lines) and not lines[k]:
                k += 1
            if k < len(lines) and _LOWER_START.match(lines[k]) and len(line.split()) > 5:
                part.removed.append(f"joined a paragraph broken mid-sentence: ...{line[-30:]} / {lines[k][:30]}...")
                line = f"{line} {lines[k]}"
                j = k + 1
            else:
                break
        out.append(line)
        i = j
    part.lines = out


def clean_text(text: str, rules: CleaningRules | None = None) -> list[CleanedPart]:
    """Split ``text`` into cleaned parts: body lines, comments, and what was removed."""
    rules = rules or load_rules()
    parts = [CleanedPart(part=1, lines=[])]
    in_comments = False
    current_comment: CommentBlock | None = None
    for raw_line in text.split("\n"):
        line = raw_line.strip()
        for (pattern, replacement), needs in zip(rules.rewrites, rules.rewrite_needs or (None,) * len(rules.rewrites)):
            if needs is None or any(ch in line for ch in needs):  # (else it cannot match: nothing to replace)
                line = pattern.sub(replacement, line)
        line = line.strip()
        part = parts[-1]
        boundary = next(((name, action) for name, pattern, action in rules.boundaries if pattern.search(line)), None)
        if boundary:
            name, action = boundary
            if action == "drop":
                part.removed.append(f"cut at '{line}' ({name}); the rest of the file was dropped")
                part.warnings.append(f"text after '{line}' dropped by cleaning rule '{name}'")
                break
            parts.append(CleanedPart(part=len(parts) + 1, lines=[]))
            parts[-1].warnings.append(f"split from the item before it at '{line}' ({name})")
            in_comments, current_comment = False, None
            continue
        if not in_comments and (rules.comment_header.match(line) or rules.numbered_handle_line.match(line)):
            in_comments = True
            if rules.comment_header.match(line):
                part.removed.append(f"comments header: {line}")
                continue
        if in_comments:
            handle = rules.handle_line.match(line)
            if handle:
                current_comment = CommentBlock(len(part.comments) + 1, handle["handle"].strip(), [])
                part.comments.append(current_comment)
                continue
            if not line or any(p.search(line) for p in rules.comment_furniture) or _is_furniture(line, rules):
                if line:
                    part.removed.append(f"comment furniture: {line}")
                continue
            if current_comment is None:  # text under the header before any handle line
                part.removed.append(f"comments section text without a handle: {line}")
                continue
            current_comment.paragraphs.append(line)
            continue
        if not line:
            part.lines.append("")
            continue
        if _is_furniture(line, rules):
            part.removed.append(f"furniture: {line}")
            continue
        bio = rules.author_bio.match(line)
        if bio and len(line.split()) <= 25:
            part.bio_author = part.bio_author or bio["author"]
            part.removed.append(f"author biography: {line}")
            continue
        part.lines.append(line)
    for part in parts:
        if rules.join_broken_paragraphs:
            _join_broken_paragraphs(part)
        _drop_trailing_headlines(part, rules)
        part.comments = [c for c in part.comments if c.paragraphs]
    return [p for p in parts if any(line for line in p.lines) or p.comments]
