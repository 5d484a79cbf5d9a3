"""What produced a result: the code of each step, the libraries it calls, and Python itself.

A stored result is reused only when the same code would make it again. Rather than a version
number that somebody must remember to raise, a step is named by its entry modules; its *code* is
those modules and every module of the package they import, directly or not (read from their
``import`` statements, including imports inside functions), plus the installed version of every
outside library those modules import (TextBlob, VADER, trafilatura, pandas...) and the Python
version. :func:`code_digest` changes when any of these change, and only then: editing a stance
rule changes the stance step's digest but not the statement step's, whose modules never import it.

The configuration files a step reads (``data/``) are keyed separately, by
:func:`helpers.config.step_config_hash`; a trained model's weights file is one of them.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import re
import sys
from functools import lru_cache
from pathlib import Path

from . import paths

PACKAGE = "helpers"

#: Each cached step and the modules whose functions compute it (the rest of its code is what these import).
STEP_MODULES: dict[str, tuple[str, ...]] = {
    "ingest": ("helpers.ingest.corpus",),
    "statements": ("helpers.statement_step",),
    "stances": ("helpers.stance_step",),
    "aggregates": ("helpers.tables.aggregates",),
    "charts": ("helpers.charts.standard",),
    "tables": ("helpers.tables.files",),
}

# "from . import a, b as c", "from .x import (y, z)", "from helpers.x import y", "import helpers.x",
# "import pandas as pd", "from textblob import TextBlob" -- at any indentation
_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)", re.MULTILINE)
_TYPE_CHECKING_BLOCK = re.compile(r"^if TYPE_CHECKING:[^\n]*\n(?:(?:[ \t]+[^\n]*)?\n)*", re.MULTILINE)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([^\n#;]+)", re.MULTILINE)


def _module_file(dotted: str) -> Path | None:
    """The source file of a package module (``helpers.speech`` may be a package: its ``__init__``)."""
    parts = dotted.split(".")
    if parts[0] != PACKAGE:
        return None
    base = paths.PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path) -> str:
    relative = path.relative_to(paths.PACKAGE_DIR).with_suffix("")
    parts = [p for p in relative.parts if p != "__init__"]
    return ".".join([PACKAGE, *parts])


def _package_of(path: Path) -> str:
    name = _module_name(path)
    return name if path.name == "__init__.py" else name.rsplit(".", 1)[0]


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """The package modules and the top-level outside modules that ``path``'s source imports."""
    source = _TYPE_CHECKING_BLOCK.sub("", path.read_text(encoding="utf-8"))  # (names for type hints only)
    inside, outside = set(), set()
    here = _package_of(path)
    for dots, module, names in _FROM.findall(source):
        if dots:
            base = here.split(".")
            base = base[:len(base) - (len(dots) - 1)] if len(dots) > 1 else base
            absolute = ".".join(base + ([module] if module else []))
        else:
            absolute = module
        if not absolute.startswith(PACKAGE):
            outside.add(absolute.split(".")[0])
            continue
        inside.add(absolute)
        for name in names.strip("() \t\n").split(","):  # "from . import stance" names a module
            name = name.strip().split(" as ")[0].strip()
            if name and name.isidentifier():
                inside.add(f"{absolute}.{name}")
    for clause in _IMPORT.findall(source):
        for item in clause.split(","):
            module = item.strip().split(" as ")[0].strip()
            if module.startswith(PACKAGE):
                inside.add(module)
            elif module:
                outside.add(module.split(".")[0])
    return inside, outside


def step_sources(step: str) -> tuple[list[Path], set[str]]:
    """The package files of a step's code, sorted, and the outside modules they import."""
    todo = [m for m in STEP_MODULES[step]]
    seen: dict[Path, None] = {}
    outside: set[str] = set()
    while todo:
        path = _module_file(todo.pop())
        if path is None or path in seen:
            continue
        seen[path] = None
        # a module's package is imported with it (its __init__ runs)
        package_init = path.parent / "__init__.py"
        if package_init.is_file() and package_init not in seen:
            todo.append(_module_name(package_init))
        inside, others = _imports(path)
        todo.extend(inside)
        outside |= others
    return sorted(seen), outside


def _library_versions(modules: set[str]) -> list[tuple[str, str]]:
    """(module, installed version) of each imported module that is not part of Python itself."""
    versions = []
    for module in sorted(modules - set(sys.stdlib_module_names) - {"__future__", PACKAGE}):
        versions.append((module, _version_of(module)))
    return versions


@lru_cache(maxsize=None)
def _version_of(module: str) -> str:
    try:
        return importlib.metadata.version(module)
    except importlib.metadata.PackageNotFoundError:
        distributions = importlib.metadata.packages_distributions().get(module, [])
        return ",".join(f"{d}={importlib.metadata.version(d)}" for d in sorted(distributions)) or "not installed"


def describe(step: str) -> dict:
    """What a step's code digest is made of: its files (relative to the package), the outside
    libraries with their versions, and the Python version (for ``helpers provenance`` and tests)."""
    files, outside = step_sources(step)
    return {"step": step, "files": [str(p.relative_to(paths.PACKAGE_DIR)) for p in files],
            "libraries": dict(_library_versions(outside)), "python": platform.python_version()}


def code_digest(step: str) -> str:
    """A digest of everything of a step's code: changes when a file of it, a library version or
    Python changes. Within a process it is computed again only when a file's stat changes."""
    files, outside = step_sources(step)
    signature = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    return _code_digest(signature, tuple(_library_versions(outside)))


@lru_cache(maxsize=64)
def _code_digest(signature: tuple, libraries: tuple) -> str:
    digest = hashlib.sha256()
    for name, _, _ in signature:
        path = Path(name)
        digest.update(str(path.relative_to(paths.PACKAGE_DIR)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for module, version in libraries:
        digest.update(f"{module}={version}\0".encode())
    digest.update(f"python={platform.python_version()}".encode())
    return digest.hexdigest()[:16]
