"""Notebooks as the repository keeps them: without outputs, execution counts, widget state or the
saving Python's version (nbstripout's stripping, keeping cell ids). Used in two places, so that
running and saving a notebook in JupyterLab leaves ``git status`` clean:

- git's clean filter for ``*.ipynb`` (.gitattributes; ``make setup`` defines it, running
  ``tools/strip_notebook.sh``): ``python -m helpers.notebook_clean`` reads a notebook on
  standard input and writes it stripped; given file names, it strips those files in place;
- the Jupyter server's pre-save hook (``make setup`` installs the setting in .venv): a notebook
  that git filters so is written to disk already stripped, i.e. exactly as committed. The filter
  alone is not enough: git lists a file whose size changed as modified without running the
  filter to compare. The charts stay on screen; re-running the notebook draws them again.
  Notebooks that git does not filter (your own, elsewhere) are saved with their outputs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: Metadata stripped besides nbstripout's own list (outputs, counts, widget state...).
EXTRA_KEYS = ("metadata.language_info", "metadata.papermill", "cell.metadata.papermill")


def strip(notebook):
    """The notebook (an nbformat node) as committed."""
    from nbstripout import strip_output

    return strip_output(notebook, keep_output=False, keep_count=False, keep_id=True, extra_keys=list(EXTRA_KEYS))


def kept_clean_by_git(path: Path) -> bool:
    """Whether git sends ``path`` through the nbstripout filter (its .gitattributes say so)."""
    try:
        done = subprocess.run(["git", "check-attr", "filter", "--", path.name], cwd=path.parent, capture_output=True,
                              text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and done.stdout.strip().endswith(": filter: nbstripout")


def pre_save(model: dict, path: str, contents_manager, **_kwargs) -> None:
    """``ContentsManager.pre_save_hook``: strip a notebook that the repository keeps clean."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    if kept_clean_by_git(Path(contents_manager.root_dir) / path.lstrip("/")):
        import nbformat

        model["content"] = strip(nbformat.from_dict(model["content"]))


def main(files: list[str]) -> int:
    import nbformat

    if not files:  # (as git's filter: standard input to standard output, in UTF-8 whatever the locale)
        notebook = nbformat.reads(sys.stdin.buffer.read().decode("utf-8"), as_version=nbformat.NO_CONVERT)
        text = nbformat.writes(strip(notebook))
        sys.stdout.buffer.write((text if text.endswith("\n") else text + "\n").encode("utf-8"))
        return 0
    for name in files:
        notebook = nbformat.read(name, as_version=nbformat.NO_CONVERT)
        nbformat.write(strip(notebook), name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
