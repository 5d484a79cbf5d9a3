"""Check that a speed change leaves the tables identical.

    python benchmarks/same_output.py dump OUT.pkl FOLDER [--manifest CSV] [--engine local|dask]
    python benchmarks/same_output.py diff BEFORE.pkl AFTER.pkl

``dump`` runs the pipeline without a store (corrections not applied) and pickles the
articles, statements and stances tables; ``diff`` compares two dumps exactly (floats
bit for bit, NaN equal to NaN) and prints the first differences.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def dump(out: Path, folder: Path, manifest: Path | None, engine: str) -> None:
    from helpers import pipeline

    run = pipeline.run([folder], manifest=manifest, store_dir=None, engine=engine, apply_corrections=False)
    tables = {"articles": run.articles, "statements": run.statements, "stances": run.stances,
              "rejected": run.rejected, "comments": run.comments}
    out.write_bytes(pickle.dumps(tables))
    print(f"{out}: " + ", ".join(f"{k} {len(v):,}" for k, v in tables.items()))


def diff(before: Path, after: Path) -> int:
    import pandas as pd

    a, b = pickle.loads(before.read_bytes()), pickle.loads(after.read_bytes())
    bad = 0
    for name in a:
        x, y = a[name], b[name]
        if list(x.columns) != list(y.columns) or list(x.dtypes) != list(y.dtypes):
            print(f"{name}: columns/dtypes differ\n  {list(zip(x.columns, x.dtypes))}\n"
                  f"  {list(zip(y.columns, y.dtypes))}")
            bad += 1
            continue
        if len(x) != len(y):
            print(f"{name}: {len(x)} rows vs {len(y)} rows")
            bad += 1
        try:
            pd.testing.assert_frame_equal(x.reset_index(drop=True), y.reset_index(drop=True), check_exact=True)
            print(f"{name}: identical ({len(x):,} rows)")
        except AssertionError as error:
            print(f"{name}: DIFFERENT\n{str(error)[:2000]}")
            bad += 1
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("folder", type=Path)
    d.add_argument("--manifest", type=Path)
    d.add_argument("--engine", default="local")
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.folder, args.manifest, args.engine)
        return 0
    return diff(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
