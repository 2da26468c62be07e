"""Command line: ``python -m infoops`` (or ``infoops``).

- ``infoops sample``: make the embedded synthetic sample under ``data/sample``
  (deterministic) and load it into the Parquet cache.
- ``infoops generate OUT --n-tweets N --seed S``: a synthetic release of any size.
- ``infoops load PATH [PATH ...]``: read real or synthetic files, fill the cache
  and print what was found, loaded and rejected.
- ``infoops run [DATA] [--param name=value ...] [--out DIR]``: every notebook on a
  dataset (default: the embedded sample), with HTML renders, a manifest and an
  index.html.

Input that cannot be read is refused in one line on stderr, naming the file and
the problem, with exit status 2 (``--debug`` before the command shows the
traceback instead); a notebook that fails exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import paths


def _generate(out: Path, n_tweets: int, seed: int) -> dict:
    from .synthetic import SyntheticConfig, generate_release

    t0 = time.perf_counter()
    truth = generate_release(out, SyntheticConfig(seed=seed, n_tweets=n_tweets))
    size = sum(p.stat().st_size for p in out.glob("*.csv"))
    n = sum(c["tweets"] for c in truth["campaigns"].values())
    print(f"SYNTHETIC release written to {out}: {n:,} tweets, {size / 1e6:,.1f} MB of CSV, "
          f"{time.perf_counter() - t0:,.1f} s (seed {seed})")
    return truth


def _load(targets: list[str], **kw) -> int:
    from .archive.reader import load

    ds = load(targets, **kw)
    print(ds.summary())
    table = ds.campaign_summary()
    for col in ("first_tweet", "last_tweet"):
        if col in table:
            table[col] = table[col].dt.strftime("%Y-%m-%d %H:%M")
    print("\nper campaign:")
    print(table.to_string(index=False, na_rep="-"))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: sys.argv); returns the exit status."""
    parser = argparse.ArgumentParser(prog="infoops", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("sample", help="make the embedded synthetic sample and cache it")
    p.add_argument("--out", type=Path, default=paths.SAMPLE_DIR)
    p.add_argument("--force", action="store_true", help="regenerate even if present")

    p = sub.add_parser("generate", help="write a synthetic release of any size")
    p.add_argument("out", type=Path)
    p.add_argument("--n-tweets", type=int, default=36_000)
    p.add_argument("--seed", type=int, default=20190123)

    p = sub.add_parser("load", help="read archive files into the cache and report")
    p.add_argument("paths", nargs="+")
    p.add_argument("--campaign", help="one campaign name for all files")
    p.add_argument("--campaign-column", help="take the campaign from this column")
    p.add_argument("--encoding", help="text encoding of files in neither UTF-8 nor UTF-16 with a byte-order "
                                      "mark (e.g. cp1251, utf-16-le)")
    p.add_argument("--refresh", action="store_true", help="ignore the cache")

    p = sub.add_parser("run", help="run every notebook on a dataset and render the report")
    p.add_argument("data", nargs="*", help="archive folder(s) or file(s); none = the embedded SYNTHETIC sample")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="notebook parameter, e.g. --param event_date=2019-01-23 (repeatable)")
    p.add_argument("--out", type=Path, help="report folder (default outputs/<dataset>)")
    p.add_argument("--notebooks", nargs="+", help="only these notebooks (e.g. 01_timing 03)")

    parser.add_argument("--debug", action="store_true", help="show the full traceback when input is refused")
    for sp in sub.choices.values():  # also after the command: infoops load FILE --debug
        sp.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the full traceback when input is refused")
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except ValueError as exc:  # ArchiveError is one: a refused input, said in one line
        if args.debug:
            raise
        print(f"infoops {args.cmd}: " + " ".join(str(exc).split()), file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace) -> int:
    if args.cmd == "sample":
        from .synthetic import SyntheticConfig

        cfg = SyntheticConfig()
        marker = args.out / "ground_truth" / "truth.json"
        if args.force or not marker.exists():
            _generate(args.out, cfg.n_tweets, cfg.seed)
        else:
            print(f"SYNTHETIC sample present in {args.out} (use --force to regenerate)")
        return _load([str(args.out)], progress=False)
    if args.cmd == "generate":
        _generate(args.out, args.n_tweets, args.seed)
        return 0
    if args.cmd == "run":
        from .report.runner import NotebookFailed, parse_params, run_all

        try:
            out = run_all(args.data or None, parse_params(args.param), args.out, args.notebooks)
        except NotebookFailed as exc:
            if args.debug:
                raise
            print(f"infoops run: {exc}", file=sys.stderr)
            return 1
        print(f"report: {out / 'index.html'}")
        return 0
    if args.cmd == "load":
        return _load(args.paths, campaign=args.campaign, campaign_column=args.campaign_column,
                     encoding=args.encoding, refresh=args.refresh)
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
