"""The outlets table (``data/outlets.csv``): canonical names, web domains, self-references."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlparse

from .. import config


@dataclass(frozen=True)
class Outlet:
    name: str
    domains: tuple[str, ...]
    self_names: tuple[str, ...]


@lru_cache(maxsize=4)
def _load(config_hash: str) -> tuple[Outlet, ...]:
    rows = config.load_csv("outlets.csv", required=("outlet", "domains"))
    return tuple(
        Outlet(r["outlet"], tuple(d.lower() for d in config.split_list(r.get("domains", ""))),
               tuple(config.split_list(r.get("self_names", ""))))
        for r in rows if r.get("outlet")
    )


def load_outlets() -> tuple[Outlet, ...]:
    return _load(config.files_hash(("outlets.csv",)))


def outlet_from_url(url: str, outlets: tuple[Outlet, ...]) -> str:
    """The outlet whose domain the URL belongs to (longest matching domain wins)."""
    if not url:
        return ""
    parsed = urlparse(url if "://" in url else f"http://{url}")
    host = (parsed.hostname or "").lower()
    full = host + parsed.path.lower()
    best, best_len = "", 0
    for outlet in outlets:
        for domain in outlet.domains:
            host_part = domain.split("/")[0]
            matches = (host == host_part or host.endswith("." + host_part)) and (
                "/" not in domain or full.startswith(domain) or full.startswith("www." + domain))
            if matches and len(domain) > best_len:
                best, best_len = outlet.name, len(domain)
    return best


def canonical_outlet(name: str, outlets: tuple[Outlet, ...]) -> str:
    """Map a site name ("The Guardian", "guardian") to the table's canonical outlet name."""
    key = name.strip().casefold()
    for outlet in outlets:
        if key == outlet.name.casefold() or key in (s.casefold() for s in outlet.self_names):
            return outlet.name
    return name.strip()


@lru_cache(maxsize=4)
def _self_name_matcher(outlets: tuple[Outlet, ...]):
    from ..text.phrases import PhraseMatcher

    return PhraseMatcher([(name, outlet.name) for outlet in outlets for name in outlet.self_names])


def outlet_from_self_reference(text: str, outlets: tuple[Outlet, ...], patterns: list[str]) -> tuple[str, str]:
    """Find an outlet naming itself ("Speaking exclusively to IBTimes UK", "Uncut understands").

    Returns (outlet, the matched phrase) or ("", "")."""
    for hit in _self_name_matcher(outlets).finditer(text):
        # self-names are case-sensitive brand names ("Uncut", not "uncut"); look around the name only
        name = text[hit.start:hit.end]
        window_start, window_end = max(0, hit.start - 60), min(len(text), hit.end + 60)
        for pattern in patterns:
            regex = re.compile(pattern.replace("{name}", r"(?:the\s+)?" + re.escape(name)), re.IGNORECASE)
            for m in regex.finditer(text, window_start, window_end):
                if m.start() <= hit.start and m.end() >= hit.end and name in m.group(0):
                    return hit.payload, m.group(0)
    return "", ""
