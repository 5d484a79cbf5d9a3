"""Command line: ``python -m helpers analyze``, ``python -m helpers evaluate`` and ``python -m helpers train``.

Exit codes (also in the README):

- 0: the run finished (rejected files, if any, are listed in ``rejected.csv``);
- 1: an internal error; the message names the log file with the details;
- 2: a usage problem: a path that does not exist, a malformed configuration file, bad options;
- 3: nothing could be analysed: every input was rejected or there were no inputs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

# Only modules that import neither pandas nor the analysis: a re-run with nothing new answers from
# the run snapshot before either is needed (0.07 s instead of ≈ 1.3 s, see benchmarks/README.md);
# the rest is imported where it is used.
from . import paths, progress
from .config import ConfigError
from .store import run_snapshot
from .warning_groups import summary

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_NOTHING = 0, 1, 2, 3


def _analyze(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    snapshot = run_snapshot.take(args)
    unchanged = snapshot.unchanged()
    if unchanged is not None:  # nothing a run reads has changed: no need even to import pandas
        report = dict(unchanged["report"], new=0, changed=0, removed=0, steps=[], exports="already up to date",
                      statements_computed_for=0, stances_computed_for=0,
                      seconds=round(time.perf_counter() - started, 2))
        return _report(args, report, unchanged["warnings"], unchanged["corrections"])
    progress.silence(args.quiet)
    try:
        code, finished = _analyze_into(args)
    finally:
        progress.silence(False)
    if finished is not None:
        snapshot.record(finished)
    return code


def _analyze_into(args: argparse.Namespace) -> tuple[int, dict | None]:
    """Run and export; returns the exit code and, after a complete run, what :func:`_report` printed."""
    from . import pipeline

    out = Path(args.out)
    store = None if args.no_store else Path(args.store)
    for folder in (out, store):
        reason = _unwritable(folder) if folder is not None else None
        if reason:
            print(f"error: could not write {folder}: {reason}; nothing was analysed", file=sys.stderr)
            return EXIT_INTERNAL, None
    inputs = [Path(p) for p in args.paths] if args.paths else None
    result = pipeline.run(inputs, Path(args.manifest) if args.manifest else None, store, engine=args.engine,
                          scheduler=args.scheduler, targets=Path(args.targets) if args.targets else None)
    out.mkdir(parents=True, exist_ok=True)
    if result.articles.empty:
        return _nothing_to_analyse(result, out), None
    report = result.report
    if not args.no_charts and not args.no_store and pipeline.outputs_current(result, out):
        report["exports"] = "already up to date"
    else:
        pipeline.export(result, out, charts=not args.no_charts, chart_formats=tuple(args.chart_formats.split(",")))
        report["exports"] = "written"
    report["statements"], report["stances"] = len(result.statements), len(result.stances)
    _report(args, report, result.warnings, result.corrections_applied)
    return EXIT_OK, {"report": report, "warnings": result.warnings, "corrections": result.corrections_applied}


def _nothing_to_analyse(result, out: Path) -> int:
    """Every input was rejected (or there were none): say so, write the rejections and the log."""
    from .tables.files import write_table

    (out / "run_log.txt").write_text("\n".join(result.warnings) + "\n", encoding="utf-8")
    write_table(result.rejected, out, "rejected")
    print(f"Nothing to analyse: {_counted(len(result.rejected), 'input')} rejected; see {out / 'rejected.csv'}",
          file=sys.stderr)
    for line in summary(result.warnings, str(out / "run_log.txt")):
        print(f"  {line}", file=sys.stderr)
    return EXIT_NOTHING


def _report(args: argparse.Namespace, report: dict, warnings: list[str], corrections_applied: int) -> int:
    """Write ``run_report.json`` and ``run_log.txt`` and print the summary of a run."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "run_log.txt").write_text("\n".join(warnings) + "\n", encoding="utf-8")
    (out / "run_report.json").write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    if not args.quiet:
        for line in summary(warnings, str(out / "run_log.txt")):
            print(f"warning: {line}", file=sys.stderr)
    print(_what_was_analysed(report) + (f"; {_counted(report['rejected'], 'input')} rejected "
                                        f"(see {out / 'rejected.csv'})."
                                        if report["rejected"] else "."))
    print(f"Changes since the last run: {report.get('new', 0)} new, {report.get('changed', 0)} changed, "
          f"{report.get('removed', 0)} removed; steps run: {', '.join(report.get('steps') or ['none (all cached)'])}.")
    print(f"{_counted(report['statements'], 'statement')}, {_counted(report['stances'], 'statement-target stance')}, "
          f"{_counted(corrections_applied, 'correction')} applied. Tables and charts in {out}/: {report['exports']}.")
    return EXIT_OK


def _counted(n, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _what_was_analysed(report: dict) -> str:
    """The run's first line: how many articles there are and how many this run analysed."""
    total = report["articles"]
    statements = report.get("statements_computed_for", 0)
    stances_only = report.get("stances_computed_for", 0) - statements
    if not statements and not stances_only:
        return f"{_counted(total, 'article')}, none analysed again (all as the last run left them)"
    if statements == total:
        return f"Analysed {_counted(total, 'article')}"
    done = [f"{statements} analysed"] if statements else []
    if stances_only:
        done.append(f"stances again for {stances_only}")
    kept = total - statements - stances_only
    if kept:
        done.append(f"{kept} as the last run left them")
    return f"{_counted(total, 'article')}: " + ", ".join(done)


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate

    gold, out = Path(args.gold), Path(args.out_dir or ".")
    if not gold.exists():
        print(f"error: {gold}: gold file or folder not found", file=sys.stderr)
        return EXIT_USAGE
    if gold.suffix != ".jsonl" and not (out / "statements.parquet").exists():  # (NewsMTSC .jsonl needs no run)
        print(f"error: {out}: no statements.parquet here; run `python -m helpers analyze ... --out {out}` first",
              file=sys.stderr)
        return EXIT_USAGE
    other = Path(args.compare) if args.compare else None
    if other is not None and not (other / "statements.parquet").exists():
        print(f"error: {other}: no statements.parquet to compare with", file=sys.stderr)
        return EXIT_USAGE
    report = evaluate(gold, out, show=args.show, compare=other)
    report.print()
    if args.json:
        Path(args.json).write_text(json.dumps(report.metrics, indent=2), encoding="utf-8")
    return EXIT_OK



def _write_failure(exc: OSError) -> str:
    from .tables.files import WriteError

    return str(exc) if isinstance(exc, WriteError) else f"could not write {exc.filename}: {exc.strerror or exc}"


def _unwritable(folder: Path) -> str | None:
    """Why ``folder`` cannot be written (created if need be), or None: checked before the analysis,
    not after an hour of it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-check-"):
            return None
    except OSError as exc:
        return exc.strerror or str(exc)


def _train(args: argparse.Namespace) -> int:
    try:
        import sklearn  # noqa: F401

        from .stance import target_training
    except ImportError as exc:  # scikit-learn is only in the train/test extras
        print(f"error: training needs scikit-learn ({exc}); pip install -e '.[train]'", file=sys.stderr)
        return EXIT_USAGE
    data = Path(args.data) if args.data else target_training.TRAIN_FILE
    if not data.exists():
        print(f"error: {data}: training file not found", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out) if args.out else target_training.MODEL_FILE
    extra, before = [], None
    if args.with_corrections:
        from .stance.corrections_training import examples_from_corrections

        extra, notes = examples_from_corrections(Path(args.corrections) if args.corrections else paths.CORRECTIONS_FILE,
                                                 Path(args.exports))
        for note in notes:
            print(f"warning: {note}", file=sys.stderr)
        print(f"{len(extra)} stance correction(s) added to the training data")
        before = _dev_figures(out)
    target_training.train(data, out, ablation=args.ablation, extra=extra)
    if before is not None:
        after = _dev_figures(out)
        for name in before:
            print(f"{name}: macro-F1 {before[name]['macro_f1']:.3f} -> {after[name]['macro_f1']:.3f}, "
                  f"accuracy {before[name]['accuracy']:.3f} -> {after[name]['accuracy']:.3f}")
    return EXIT_OK


def _dev_figures(model_file: Path) -> dict:
    """The model's NewsMTSC development figures (the sets beside the training file), by set."""
    from .evaluate import evaluate_newsmtsc
    from .stance.target_sentiment import TargetSentimentModel

    model = TargetSentimentModel.load(model_file) if model_file.exists() else None
    figures = {}
    for name in ("dev-rw", "dev-mt"):
        path = paths.PROJECT_ROOT.parent / "shared" / "newsmtsc" / f"{name}.jsonl"
        if path.exists() and model is not None:
            figures[name] = evaluate_newsmtsc(path, show=0, model=model).metrics["model"]
    return figures


def _train_attribution(args: argparse.Namespace) -> int:
    """Fit the attribution tagger on PolNeAR's training split and export its weights (JSON)."""
    try:
        import pycrfsuite  # noqa: F401  (training only; a run reads the exported JSON)
    except ImportError:
        print("error: training needs python-crfsuite: pip install -e '.[train]'", file=sys.stderr)
        return EXIT_USAGE
    from .speech.attribution_training import train

    folder = Path(args.train_dir)
    if not (folder / "attributions").exists():
        print(f"error: {folder}: not a PolNeAR folder (no attributions/)", file=sys.stderr)
        return EXIT_USAGE
    train(folder, Path(args.out), folds=args.folds, iterations=args.iterations, limit=args.limit)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m helpers",
                                     description="Who says what about whom in political news.")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks instead of a short message")
    sub = parser.add_subparsers(dest="command", required=True)
    analyze = sub.add_parser("analyze", help="analyse articles and write tables and charts")
    analyze.add_argument("paths", nargs="*", help="files or folders (default: seeds/ and data/articles/)")
    analyze.add_argument("--manifest", help="a manifest.csv describing the files (may live elsewhere)")
    analyze.add_argument("--targets", help="a targets file kept anywhere (the format of data/targets.toml), "
                                           "read instead of data/targets.toml")
    analyze.add_argument("--out", default=str(paths.EXPORTS_DIR), help="output folder (default: exports/)")
    analyze.add_argument("--store", default=str(paths.PROCESSED_DIR),
                         help="incremental store (default: data/processed/)")
    analyze.add_argument("--no-store", action="store_true", help="recompute everything; do not read or write the store")
    analyze.add_argument("--engine", choices=["local", "dask"], default="local",
                         help="run per-article steps in-process or on Dask")
    analyze.add_argument("--scheduler", help="address of an existing dask.distributed scheduler (with --engine dask)")
    analyze.add_argument("--no-charts", action="store_true", help="write tables only")
    analyze.add_argument("--chart-formats", default="png",
                         help="comma-separated: png (300 dpi), svg, pdf (default: png)")
    analyze.add_argument("--quiet", action="store_true",
                         help="no warnings (they are still in run_log.txt) and no progress bars")
    analyze.set_defaults(func=_analyze)
    evaluate = sub.add_parser("evaluate", help="score an analyze output against gold annotations")
    evaluate.add_argument("gold", help="a gold CSV (seed_quotes.csv format), a PolNeAR folder or a NewsMTSC .jsonl")
    evaluate.add_argument("out_dir", nargs="?", help="the --out folder of an analyze run (not for a NewsMTSC .jsonl)")
    evaluate.add_argument("--show", type=int, default=25, help="how many misses and errors to list")
    evaluate.add_argument("--json", help="also write the metrics to this JSON file")
    evaluate.add_argument("--compare", metavar="OTHER_OUT_DIR",
                          help="also list what changed from that (earlier) output: gold items found or lost, speakers")
    evaluate.set_defaults(func=_evaluate)

    train = sub.add_parser("train", help="retrain the target-sentiment model on NewsMTSC train (needs the train extra)")
    train.add_argument("--data", help="training file (default: ../shared/newsmtsc/train.jsonl)")
    train.add_argument("--out", help="where to write the model (default: data/models/target_sentiment.json)")
    train.add_argument("--ablation", action="store_true",
                       help="also print the cross-validated effect of each feature group")
    train.add_argument("--with-corrections", action="store_true",
                       help="add the stance corrections of data/corrections.csv to the training data and print the "
                            "change in the development figures")
    train.add_argument("--corrections", help="the corrections file (default: data/corrections.csv)")
    train.add_argument("--exports", default=str(paths.EXPORTS_DIR),
                       help="the --out folder of the run the corrections were made on (default: exports/)")
    train.set_defaults(func=_train)
    # (the defaults of helpers.speech.attribution_training, not imported here: parsing stays light)
    train_dir = paths.PROJECT_ROOT.parent / "shared" / "polnear-train"
    model_file = paths.DATA_DIR / "models" / "attribution_crf.json"
    trainer = sub.add_parser("train-attribution", help="learn the attribution tagger from PolNeAR's training split")
    trainer.add_argument("--train-dir", default=str(train_dir),
                         help="a PolNeAR folder (default: ../shared/polnear-train)")
    trainer.add_argument("--out", default=str(model_file), help="where to write the weights (JSON)")
    trainer.add_argument("--folds", type=int, default=3, help="cross-validation folds for model selection (1: none)")
    trainer.add_argument("--iterations", type=int, default=100, help="L-BFGS iterations")
    trainer.add_argument("--limit", type=int, help="use only the first N articles (a quick check)")
    trainer.set_defaults(func=_train_attribution)
    return parser


CHART_FORMATS = ("png", "svg", "pdf")


def main(argv: list[str] | None = None) -> int:
    # charts are only written to files here: Agg, chosen before anything imports matplotlib (and
    # helpers.charts leaves a notebook's inline backend alone).
    # (Put back afterwards: main() may be called inside a longer-lived process.)
    backend = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "Agg"
    try:
        return _main(argv)
    finally:
        if backend is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = backend


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        unknown = [f for f in getattr(args, "chart_formats", "png").split(",") if f not in CHART_FORMATS]
        if unknown:  # found now, not after an hour of analysis
            parser.error(f"--chart-formats: {', '.join(unknown)} not one of {', '.join(CHART_FORMATS)}")
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into `head`: stop quietly
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted: the store keeps what finished; run again to continue", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:  # never end in a raw traceback
        from .ingest.corpus import InputError

        if isinstance(exc, (InputError, ConfigError)):
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if isinstance(exc, OSError) and exc.filename and not args.debug:  # (a full disk, no permission)
            print(f"error: {_write_failure(exc)}; the previous store and exports are still readable "
                  "(every file is written under a temporary name, then renamed)", file=sys.stderr)
            return EXIT_INTERNAL
        if args.debug:
            raise
        # the details go to the output folder of the command (never the working directory)
        folder = getattr(args, "out", None) or getattr(args, "out_dir", None)
        where = "run with --debug for details"
        if folder:
            log = Path(folder) / "error.log"
            try:
                log.parent.mkdir(parents=True, exist_ok=True)
                log.write_text(traceback.format_exc(), encoding="utf-8")
                where = f"details in {log}"
            except OSError:
                pass
        print(f"internal error: {type(exc).__name__}: {exc} ({where})", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
