"""Loading the editable configuration files under ``data/``.

Configuration is data: every rule a researcher might want to change (cleaning patterns,
outlets, people and their roles, targets, cue words, settings) lives in a CSV or TOML file.
Each analysis step declares which files it reads; the hash of those files keys the step's
cached results, so editing a file recomputes exactly the steps that depend on it.
"""

from __future__ import annotations

import csv
import hashlib
import os
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import paths


class ConfigError(ValueError):
    """A configuration file is missing or malformed. The message names the file and problem."""


#: Which configuration files each pipeline step reads (the key of its cached results).
STEP_CONFIG_FILES: dict[str, tuple[str, ...]] = {
    "ingest": ("settings.toml", "cleaning_rules.toml", "metadata_rules.toml", "outlets.csv"),
    "statements": (
        "settings.toml", "people.csv", "roles.csv", "cue_verbs.csv", "first_names.csv",
        "speaker_words.toml", "outlets.csv", "grammar_words.toml", "models/attribution_crf.json",
    ),
    "stances": ("targets.toml", "stance_cues.csv", "people.csv", "roles.csv", "models/target_sentiment.json",
                "models/stance_gate.json"),
}


def config_dir() -> Path:
    return paths.DATA_DIR


#: Configuration files that a run may take from elsewhere, and the environment variable naming the
#: file (set by ``analyze --targets FILE`` or :func:`use_targets`; an environment variable, so that
#: Dask workers started by the run read the same file).
OVERRIDES = {"targets.toml": "WORKBENCH_TARGETS"}


def _path(name: str, directory: Path | None = None) -> Path:
    given = os.environ.get(OVERRIDES.get(name, ""), "") if directory is None else ""
    return Path(given) if given else (directory or config_dir()) / name


@contextmanager
def use_targets(path: Path | None):
    """Within the block, targets are read from ``path`` (a targets file kept anywhere, in the format
    of ``data/targets.toml``) instead of ``data/targets.toml``; ``None`` changes nothing."""
    if path is None:
        yield
        return
    path = Path(path).resolve()
    if not path.is_file():
        raise ConfigError(f"{path}: targets file not found")
    variable = OVERRIDES["targets.toml"]
    before = os.environ.get(variable)
    os.environ[variable] = str(path)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = before


@lru_cache(maxsize=64)
def _read_bytes(path: Path, mtime_ns: int) -> bytes:  # mtime in the key: edits are seen
    return path.read_bytes()


def read_config_bytes(name: str, directory: Path | None = None) -> bytes:
    path = _path(name, directory)
    try:
        return _read_bytes(path, path.stat().st_mtime_ns)
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file is missing") from None


def load_toml(name: str, directory: Path | None = None) -> dict:
    path = _path(name, directory)
    try:
        return tomllib.loads(read_config_bytes(name, directory).decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def load_csv(name: str, required: tuple[str, ...] = (), directory: Path | None = None) -> list[dict]:
    """Rows of a configuration CSV as dicts of stripped strings; '#' lines are comments."""
    path = _path(name, directory)
    text = read_config_bytes(name, directory).decode("utf-8-sig")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise ConfigError(f"{path}: missing column(s) {', '.join(missing)}")
    rows = []
    for row in reader:
        rows.append({k.strip(): (v or "").strip() for k, v in row.items() if k is not None})
    return rows


def split_list(value: str) -> list[str]:
    """Split a ``a; b; c`` cell into its items."""
    return [item.strip() for item in (value or "").split(";") if item.strip()]


_HASHES: dict[tuple, str] = {}
_FROZEN: dict[tuple, str] | None = None


@contextmanager
def frozen():
    """Within a run, configuration files are checked once, not once per article."""
    global _FROZEN
    outer = _FROZEN
    _FROZEN = {} if outer is None else outer
    try:
        yield
    finally:
        _FROZEN = outer


def files_hash(names: tuple[str, ...], directory: Path | None = None) -> str:
    """A hash of the files' contents; recomputed only when a file's size or mtime changes."""
    if _FROZEN is not None:
        key = (tuple(names), str(directory or config_dir()))
        if key not in _FROZEN:
            _FROZEN[key] = _files_hash(names, directory)
        return _FROZEN[key]
    return _files_hash(names, directory)


def _files_hash(names: tuple[str, ...], directory: Path | None = None) -> str:
    signature = []
    for name in sorted(names):
        path = _path(name, directory)
        try:
            stat = path.stat()
            signature.append((str(path), stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            raise ConfigError(f"{path}: configuration file is missing") from None
    key = tuple(signature)
    cached = _HASHES.get(key)
    if cached is None:
        cached = _HASHES[key] = _contents_hash(names, directory)
    return cached


def _contents_hash(names: tuple[str, ...], directory: Path | None = None) -> str:
    digest = hashlib.sha256()
    for name in sorted(names):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(read_config_bytes(name, directory))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def step_config_hash(step: str, directory: Path | None = None) -> str:
    return files_hash(STEP_CONFIG_FILES[step], directory)


@dataclass(frozen=True)
class Settings:
    """The parameters in data/settings.toml, by section."""

    ingest: dict
    metadata: dict
    extraction: dict
    aggregates: dict


def load_settings(directory: Path | None = None) -> Settings:
    raw = load_toml("settings.toml", directory)
    try:
        return Settings(raw["ingest"], raw["metadata"], raw["extraction"], raw["aggregates"])
    except KeyError as exc:
        raise ConfigError(f"{_path('settings.toml', directory)}: missing section [{exc.args[0]}]") from None
