"""The project's shape: layout, the two commands, environment.yml agreeing with pyproject.toml."""

from __future__ import annotations

import re
import tomllib

import yaml

from helpers import paths

ROOT = paths.PROJECT_ROOT


def _name(requirement: str) -> set[str]:
    base = re.split(r"[<>=!~; ]", requirement.strip(), maxsplit=1)[0]
    extras = re.search(r"\[(.*?)\]", base)
    name = re.sub(r"\[.*?\]", "", base).lower().replace("_", "-")
    names = {name}
    if extras:  # dask[distributed] is dask plus distributed
        names |= {e.strip().lower() for e in extras.group(1).split(",")}
    return names


def test_top_level_layout_is_as_the_product_card_says():
    for name in ("notebooks", "data", "helpers", "environment.yml", "README.md", "seeds", "pyproject.toml",
                 "Makefile", "tests", ".ci/run"):
        assert (ROOT / name).exists(), name
    assert sorted(p.name for p in (ROOT / "seeds").glob("*.txt")) == [
        "000_1cf4f0a06f8cda70.txt", "001_9a72671f639f4af1.txt", "002_1a7ab09f8f760321.txt",
        "003_114ada349609a17a.txt", "004_0f3b99f453f47cf3.txt"]
    assert (ROOT / "seeds" / "manifest.csv").exists()


def test_environment_yml_lists_exactly_the_runtime_dependencies_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = set().union(*(_name(r) for r in project["dependencies"]))
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {n for d in dep.get("pip", []) if not d.startswith("-") for n in _name(d)}
        else:
            conda |= _name(dep)
    listed = (conda | pip) - {"python", "pip"}
    assert runtime - listed == set(), f"in pyproject.toml but not environment.yml: {runtime - listed}"
    assert listed - runtime == set(), f"in environment.yml but not pyproject.toml: {listed - runtime}"
    assert "python=3.11" in env["dependencies"]


def test_ci_runs_make_test_and_nothing_else():
    commands = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
                if line.strip() and not line.startswith("#") and not line.startswith("set ") and not line.startswith("cd ")]
    assert commands == ["exec make test"]


def test_readme_names_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make analyze" in readme and "make test" in readme
