"""Benchmark: co-retweet edges with infoops beside coordination-network-toolkit
(CNT, QUT), on the same synthetic release, with the same window, and a check
that the two edge sets agree.

    .venv/bin/python benchmarks/bench_coordination.py --n-tweets 1000000 --window 60

CNT is installed from PyPI into its own virtual environment under
benchmarks/_work/ for this benchmark only; it is never a project dependency.

Definitions, made identical on purpose:
- both get the exact second of every retweet from its snowflake id, as whole
  seconds (CNT takes integer epoch seconds);
- an edge joins two different accounts that retweeted the same tweet with
  |t1 - t2| <= window; its weight is the number of such tweets (CNT counts
  distinct messages of the first user; an account retweets a tweet once);
- CNT also stores both directions and self-loops: those are folded away
  before comparing (a, b with a < b, no self-loops).
Times: infoops reads from its Parquet cache (the cold CSV conversion is
measured by bench_reader.py); CNT's stages are its CSV preprocess (as a user
runs it) and its co_retweet computation.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIB = HERE.parent / "lib"
sys.path.insert(0, str(LIB))

OURS = """
import json, resource, sys, time
sys.path.insert(0, {lib!r})
t0 = time.perf_counter()
import numpy as np, pandas as pd
import infoops
from infoops.coordination import windowed_pairs
ds = infoops.load({release!r}, cache_dir={cache!r}, progress=False)
rel = ds.relation(
    "SELECT userid, retweet_tweetid AS item, "
    "floor(epoch(coalesce(tweet_time_exact, tweet_time)))::BIGINT AS ts "
    "FROM tweets WHERE is_retweet AND retweet_tweetid IS NOT NULL")
d = rel.to_arrow_table().to_pandas()
acct, users = pd.factorize(d["userid"])
item, _ = pd.factorize(d["item"])
edges, dropped = windowed_pairs(acct, item, d["ts"].to_numpy(dtype=float), {window}, 10**9)
out = pd.DataFrame({{"a": users[edges["a"]], "b": users[edges["b"]], "weight": edges["weight"]}})
out.to_parquet({out!r})
print(json.dumps({{"seconds": time.perf_counter() - t0, "edges": len(out), "retweets": len(d),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

EXPORT = """
import csv, json, sys, time
sys.path.insert(0, {lib!r})
t0 = time.perf_counter()
import infoops
ds = infoops.load({release!r}, cache_dir={cache!r}, progress=False)
rel = ds.relation(
    "SELECT tweetid, userid, user_screen_name, coalesce(retweet_tweetid, '') AS repost_id, "
    "coalesce(in_reply_to_tweetid, '') AS reply_id, tweet_text, "
    "floor(epoch(coalesce(tweet_time_exact, tweet_time)))::BIGINT AS ts, array_to_string(urls, ' ') AS urls "
    "FROM tweets")
n = 0
with open({csv_path!r}, "w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh)
    w.writerow(["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp", "urls"])
    reader = rel.to_arrow_reader(500_000) if hasattr(rel, "to_arrow_reader") else rel.fetch_arrow_reader(500_000)
    for batch in reader:
        rows = batch.to_pylist()
        w.writerows([r["tweetid"], r["userid"], r["user_screen_name"], r["repost_id"], r["reply_id"],
                     r["tweet_text"], r["ts"], r["urls"]] for r in rows)
        n += len(rows)
print(json.dumps({{"seconds": time.perf_counter() - t0, "rows": n}}))
"""


def run_python(code: str, python: str = sys.executable) -> dict:
    p = subprocess.run([python, "-c", code], capture_output=True, text=True)
    if p.returncode:
        raise SystemExit(p.stderr[-3000:])
    return json.loads(p.stdout.strip().splitlines()[-1])


def run_timed(cmd: list[str]) -> dict:
    """Wall time and peak memory of an external command (GNU time if present)."""
    t0 = time.perf_counter()
    if Path("/usr/bin/time").exists():
        p = subprocess.run(["/usr/bin/time", "-f", "MAXRSS_KB=%M", *cmd], capture_output=True, text=True)
        peak = [int(x.split("=")[1]) / 1024 for x in p.stderr.splitlines() if x.startswith("MAXRSS_KB=")]
    else:  # pragma: no cover
        p = subprocess.run(cmd, capture_output=True, text=True)
        peak = [float("nan")]
    if p.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{p.stderr[-3000:]}")
    return {"seconds": time.perf_counter() - t0, "peak_mb": peak[-1] if peak else float("nan")}


def ensure_cnt(venv: Path) -> Path:
    exe = venv / "bin" / "compute_networks"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "coordination-network-toolkit==1.5.2"],
                       check=True)
    return exe


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n-tweets", type=int, default=1_000_000)
    ap.add_argument("--window", type=int, default=60)
    ap.add_argument("--work", type=Path, default=HERE / "_work")
    args = ap.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    release = work / f"synthetic_{args.n_tweets}"
    cache = work / "cache"
    if not (release / "ground_truth" / "truth.json").exists():
        from infoops.synthetic import SyntheticConfig, generate_release

        print(f"generating {args.n_tweets:,} SYNTHETIC tweets in {release} ...", flush=True)
        generate_release(release, SyntheticConfig(n_tweets=args.n_tweets))
    cnt = ensure_cnt(work / "cnt-venv")

    # Warm the Parquet cache first so neither side pays the CSV conversion here.
    import infoops

    ds = infoops.load(release, cache_dir=cache, progress=False)

    ours_out = work / "infoops_co_retweet.parquet"
    ours = run_python(OURS.format(lib=str(LIB), release=str(release), cache=str(cache), window=args.window,
                                  out=str(ours_out)))
    csv_path = work / "cnt_input.csv"
    export = run_python(EXPORT.format(lib=str(LIB), release=str(release), cache=str(cache), csv_path=str(csv_path)))
    db = work / "cnt.db"
    db.unlink(missing_ok=True)
    pre = run_timed([str(cnt), str(db), "preprocess", "--format", "csv", str(csv_path)])
    comp = run_timed([str(cnt), str(db), "compute", "co_retweet", "--time_window", str(args.window),
                      "--min_edge_weight", "1", "--n_cpus", "2"])

    import pandas as pd

    mine = pd.read_parquet(ours_out)
    with sqlite3.connect(db) as con:
        theirs = pd.read_sql("SELECT user_1 AS a, user_2 AS b, weight FROM co_retweet_network "
                             "WHERE user_1 <> user_2", con)
    theirs["a"], theirs["b"] = theirs["a"].astype(str), theirs["b"].astype(str)
    for df in (mine, theirs):  # one orientation per pair: by text order of the ids
        a, b = df["a"].copy(), df["b"].copy()
        df["a"], df["b"] = a.where(a < b, b), b.where(a < b, a)
    theirs = theirs.groupby(["a", "b"], as_index=False)["weight"].max()
    m = mine.merge(theirs, on=["a", "b"], how="outer", suffixes=("_infoops", "_cnt"), indicator=True)
    only_ours, only_cnt = int((m["_merge"] == "left_only").sum()), int((m["_merge"] == "right_only").sum())
    both = m[m["_merge"] == "both"]
    same_w = int((both["weight_infoops"] == both["weight_cnt"]).sum())

    print(f"\nrelease: {release.name} ({ours['retweets']:,} retweets with a retweeted id), window {args.window} s")
    print(f"{'stage':42} {'wall s':>8} {'peak MB':>9}")
    print(f"{'infoops co-retweet (from Parquet cache)':42} {ours['seconds']:8.1f} {ours['peak_mb']:9.0f}")
    print(f"{'CNT preprocess (CSV -> SQLite)':42} {pre['seconds']:8.1f} {pre['peak_mb']:9.0f}")
    print(f"{'CNT co_retweet':42} {comp['seconds']:8.1f} {comp['peak_mb']:9.0f}")
    print(f"{'(export of CNT input CSV, not counted)':42} {export['seconds']:8.1f}")
    total_cnt = pre["seconds"] + comp["seconds"]
    print(f"\nCNT total {total_cnt:.1f} s vs infoops {ours['seconds']:.1f} s: {total_cnt / ours['seconds']:.1f}x")
    print(f"edges: infoops {len(mine):,}, CNT {len(theirs):,}; in both {len(both):,} "
          f"(same weight {same_w:,}); only infoops {only_ours:,}; only CNT {only_cnt:,}")
    diff = both[both["weight_infoops"] != both["weight_cnt"]]
    # CNT counts the first user's retweet *messages*, infoops distinct retweeted
    # *tweets*: they differ only where an account retweeted one tweet twice.
    rep = ds.sql("SELECT DISTINCT userid FROM (SELECT userid, retweet_tweetid FROM tweets WHERE is_retweet "
                 "GROUP BY 1, 2 HAVING count(*) > 1)")["userid"]
    explained = bool(len(diff) == 0 or (diff["a"].isin(rep) | diff["b"].isin(rep)).all())
    if len(diff):
        print(f"{len(diff):,} weights differ, all between accounts that retweeted some tweet more than once "
              f"(CNT counts messages, infoops distinct tweets): {explained}")
    same_edges = only_ours == only_cnt == 0
    print("AGREE" if same_edges and (same_w == len(both) or explained) else "DIFFER")


if __name__ == "__main__":
    main()
