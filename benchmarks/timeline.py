"""Run a command with ``WORKBENCH_TIMELINE`` set and print its stages as seconds since launch,
one column per process (see :mod:`helpers.timeline`).

    .venv/bin/python benchmarks/timeline.py -- .venv/bin/python -m helpers analyze CORPUS --out OUT
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1:] if "--" in argv else argv
    with tempfile.NamedTemporaryFile(suffix=".timeline", delete=False) as handle:
        path = handle.name
    start = time.time()
    code = subprocess.run(command, env={**os.environ, "WORKBENCH_TIMELINE": path}, stdout=subprocess.DEVNULL).returncode
    end = time.time()
    lines = [line.split(" ", 2) for line in open(path).read().splitlines()]
    os.unlink(path)
    pids = list(dict.fromkeys(pid for _, pid, _ in lines))
    for stamp, pid, label in sorted(lines, key=lambda line: float(line[0])):
        print(f"{float(stamp) - start:7.3f}  {'    ' * pids.index(pid)}[{pids.index(pid)}] {label}")
    print(f"{end - start:7.3f}  exit {code}")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
