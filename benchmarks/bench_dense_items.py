"""Benchmark: windowed co-actions when many accounts act on the same items
together (a retweet wave), counted in chunks beside the same count listing
every (pair, item) combination at once.

    .venv/bin/python benchmarks/bench_dense_items.py --accounts 1900 --items 50

The shape: ``--accounts`` accounts each retweet ``--items`` tweets within one
minute of the original, beside ten tweets of their own each. Every pair then
meets on every item: accounts^2 / 2 x items combinations (90 million at the
defaults), but only accounts^2 / 2 distinct pairs. The baseline is
:func:`infoops.coordination.networks.windowed_counts` with chunking switched
off (``chunk_pairs`` above the total), which is how every combination was
listed before (11 GB for notebook 03 on this shape at 114,000 tweets). Each
run is its own process, so each peak is its own; both must give the same
counts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_reader import _machine  # noqa: E402  (one machine description for every benchmark)

RUN = """
import hashlib, json, resource, sys, time
sys.path.insert(0, {lib!r})
import numpy as np
from infoops.coordination.networks import windowed_counts

rng = np.random.default_rng(0)
K, M = {accounts}, {items}
acct = np.repeat(np.arange(K), M)
item = np.tile(np.arange(M), K)
ts = item * 86400.0 + rng.uniform(1, 60, K * M).round()
t0 = time.perf_counter()
wc = windowed_counts(acct, item, ts, 60.0, 10**9, chunk_pairs={chunk})
seconds = time.perf_counter() - t0
digest = hashlib.sha256(wc.counts.to_numpy().tobytes() + wc.counts.index.codes[0].tobytes()
                        + wc.met.to_numpy().tobytes()).hexdigest()[:16]
print(json.dumps({{"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "pairs": len(wc.counts), "digest": digest}}))
"""


def run(accounts: int, items: int, chunk: int) -> dict:
    code = RUN.format(lib=str(HERE.parent / "lib"), accounts=accounts, items=items, chunk=chunk)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--accounts", type=int, default=1900)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    from infoops.coordination.networks import CHUNK_PAIRS

    print(_machine())
    combos = args.accounts * (args.accounts - 1) // 2 * args.items
    print(f"{args.accounts:,} accounts x {args.items} items in one-minute waves: {combos:,} (pair, item) "
          f"combinations, {args.accounts * (args.accounts - 1) // 2:,} distinct pairs\n")
    rows = []
    for name, chunk in ((f"chunked ({CHUNK_PAIRS:,} at a time)", CHUNK_PAIRS), ("all at once (baseline)", 10**12)):
        for _ in range(args.repeat):  # alternated runs would share the page cache equally; these are CPU-bound
            rows.append({"how": name, **run(args.accounts, args.items, chunk)})
    for r in rows:
        print(f"  {r['how']:34s} {r['seconds']:7.1f} s  peak {r['peak_mb']:8,.0f} MB  "
              f"{r['pairs']:,} pairs  counts {r['digest']}")
    ours = [r for r in rows if r["how"].startswith("chunked")]
    base = [r for r in rows if not r["how"].startswith("chunked")]
    same = len({r["digest"] for r in rows}) == 1
    print(f"\nsame counts: {same}; peak memory {min(b['peak_mb'] for b in base) / max(o['peak_mb'] for o in ours):.1f}x "
          f"lower, time {min(o['seconds'] for o in ours) / min(b['seconds'] for b in base):.2f}x the baseline's "
          "(best of each)")
    if not same:
        sys.exit("the chunked counts differ from the baseline's")


if __name__ == "__main__":
    main()
