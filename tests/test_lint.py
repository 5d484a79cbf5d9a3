"""The code stays clean: ruff finds nothing (the configuration is in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from helpers import paths


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    result = subprocess.run([ruff, "check", "helpers", "tests", "benchmarks"], capture_output=True, text=True,
                            cwd=paths.PROJECT_ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
