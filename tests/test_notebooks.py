"""Every notebook runs top to bottom on a fresh kernel, is committed without outputs, and is
paired with its py:percent twin; the notebooks that draw charts show them."""

from __future__ import annotations

import json
import re
import subprocess

import jupytext
import papermill
import pytest

from helpers import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("0*.ipynb"))
#: Notebooks whose charts a researcher reads inline, and how many at least.
CHARTS_SHOWN = {"03_sentiment_and_stance": 3, "05_export_charts": 3}


def _makefile_variable(name: str) -> str:
    makefile = (paths.PROJECT_ROOT / "Makefile").read_text()
    return re.search(rf"^{name} := (.+)$", makefile, re.MULTILINE).group(1).strip()


def image_outputs(notebook: dict) -> int:
    """How many pictures a notebook's outputs hold, as JupyterLab shows them (one per figure)."""
    return sum(1 for cell in notebook["cells"] for output in cell.get("outputs", [])
               if output.get("output_type") in ("display_data",
                                                "execute_result") and "image/png" in output.get("data", {}))


def test_the_five_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == ["01_load_articles", "02_who_said_what", "03_sentiment_and_stance",
                                          "04_explore", "05_export_charts"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_with_a_parameters_cell_and_a_paired_twin(notebook):
    nb = json.loads(notebook.read_text())
    assert all(not cell.get("outputs") and not cell.get("execution_count") for cell in nb["cells"] if cell["cell_type"] == "code")
    assert any("parameters" in cell.get("metadata", {}).get("tags", []) for cell in nb["cells"])
    assert nb["metadata"].get("jupytext", {}).get("formats") == "ipynb,py:percent"
    twin = jupytext.read(notebook.with_suffix(".py"))
    sources = [c["source"] for c in nb["cells"]]
    assert ["".join(s) if isinstance(s, list) else s for s in sources] == [c["source"] for c in twin["cells"]], \
        "the .py twin and the .ipynb differ: run `make notebooks-sync`"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_as_the_git_filter_leaves_it_naming_the_kernel_make_setup_installs(notebook):
    # what `git add` would store after a save in JupyterLab is the file itself: no diff to show
    stripped = subprocess.run(["sh", "tools/strip_notebook.sh"], input=notebook.read_bytes(), capture_output=True,
                              cwd=paths.PROJECT_ROOT, check=True).stdout
    assert stripped.decode() == notebook.read_text()
    kernel = json.loads(notebook.read_text())["metadata"]["kernelspec"]
    assert (kernel["name"], kernel["display_name"]) == (_makefile_variable("KERNEL_NAME"),
                                                        _makefile_variable("KERNEL_DISPLAY_NAME"))
    assert "filter=nbstripout" in (paths.PROJECT_ROOT / ".gitattributes").read_text()


@pytest.mark.notebooks
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_top_to_bottom_on_a_fresh_kernel(notebook, tmp_path, monkeypatch):
    monkeypatch.setenv("HELPERS_CORRECTIONS_FILE", str(tmp_path / "corrections.csv"))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # (the kernel's own choice: inline, as in JupyterLab)
    out = tmp_path / f"{notebook.stem}.out.ipynb"
    papermill.execute_notebook(
        str(notebook), str(out), cwd=str(paths.NOTEBOOKS_DIR), kernel_name="python3", progress_bar=False,
        parameters={"STORE": str(tmp_path / "store"), "OUT_DIR": str(tmp_path / "exports")},
    )
    executed = json.loads(out.read_text())
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert image_outputs(executed) >= CHARTS_SHOWN.get(notebook.stem, 0), "the charts are not shown inline"
