"""Benchmark: co-retweet and co-URL networks with infoops beside
coordination-network-toolkit (CNT, QUT), on the same synthetic release, with
the same window, and a check that the edge sets agree.

    .venv/bin/python benchmarks/bench_coordination.py --n-tweets 10000000 --window 60

CNT is installed from PyPI into its own virtual environment under
benchmarks/_work/ for this benchmark only; it is never a project dependency.

Definitions, made identical on purpose:
- both get the exact second of every tweet from its snowflake id, as whole
  seconds (CNT takes integer epoch seconds);
- co-retweet: two different accounts retweeted the same tweet with
  |t1 - t2| <= window; co-URL (CNT's co_link): two different accounts posted
  the same URL, outside retweets, within the window;
- CNT's CSV preprocess stores an empty URL for every tweet without links;
  those rows are deleted before its co_link runs (timed, on CNT's side);
- CNT stores both directions and self-loops: those are folded away before
  comparing (a, b with a < b, no self-loops). Weights are defined differently
  (CNT: messages of the first account; infoops: distinct items shared), so
  the target is the same edge set, and differing weights are counted.
Times, each stage in its own process: infoops' cold CSV -> Parquet conversion
(its counterpart of CNT's preprocess), then both networks from the cache; CNT's
CSV preprocess (as a user runs it) and its two computations. The export of
CNT's input CSV (from our cache) is not counted for either side.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
LIB = HERE.parent / "lib"
sys.path.insert(0, str(LIB))
sys.path.insert(0, str(HERE))
from bench_reader import _machine  # noqa: E402  (one machine description for every benchmark)

OURS = """
import json, resource, sys, time
sys.path.insert(0, {lib!r})
import numpy as np, pandas as pd
import infoops
from infoops.coordination import windowed_pairs
stages = {{}}
t0 = time.perf_counter()
ds = infoops.load({release!r}, cache_dir={cache!r}, progress=False)
stages["open cache"] = time.perf_counter() - t0
TS = "floor(epoch(coalesce(tweet_time_exact, tweet_time)))::BIGINT AS ts"
QUERIES = {{
    # the same items CNT gets: retweets by the retweeted tweet, and every URL of
    # a tweet that is not a retweet
    "co_retweet": f"SELECT userid, retweet_tweetid AS item, {{TS}} FROM tweets "
                  "WHERE is_retweet AND retweet_tweetid IS NOT NULL",
    "co_url": f"SELECT userid, item, ts FROM (SELECT userid, unnest(urls) AS item, {{TS}} FROM tweets "
              "WHERE NOT coalesce(is_retweet, false)) WHERE item <> ''",
}}
counts = {{}}
for name, q in QUERIES.items():
    t1 = time.perf_counter()
    d = ds.relation(q).to_arrow_table().to_pandas()
    acct, users = pd.factorize(d["userid"])
    item, _ = pd.factorize(d["item"])
    edges, dropped = windowed_pairs(acct, item, d["ts"].to_numpy(dtype=float), {window}, 10**9)
    out = pd.DataFrame({{"a": users[edges["a"]], "b": users[edges["b"]], "weight": edges["weight"]}})
    out.to_parquet({out!r} + f"_{{name}}.parquet")
    stages[name] = time.perf_counter() - t1
    counts[name] = len(d)
print(json.dumps({{"seconds": time.perf_counter() - t0, "stages": stages, "events": counts,
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


CONVERT = """
import json, resource, sys, time
sys.path.insert(0, {lib!r})
t0 = time.perf_counter()
import infoops
ds = infoops.load({release!r}, cache_dir={cache!r}, refresh=True, progress=False)
print(json.dumps({{"seconds": time.perf_counter() - t0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
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


def _fold(df: pd.DataFrame) -> pd.DataFrame:
    """One row per unordered pair of different accounts (CNT stores both
    directions and self-loops)."""
    df = df[df["a"] != df["b"]].copy()
    a, b = df["a"].astype(str), df["b"].astype(str)
    df["a"], df["b"] = a.where(a < b, b), b.where(a < b, a)
    return df.groupby(["a", "b"], as_index=False)["weight"].max()


def compare(mine: pd.DataFrame, theirs: pd.DataFrame) -> dict:
    m = _fold(mine).merge(_fold(theirs), on=["a", "b"], how="outer", suffixes=("_infoops", "_cnt"),
                          indicator=True)
    both = m[m["_merge"] == "both"]
    return {"infoops": int((m["_merge"] != "right_only").sum()), "cnt": int((m["_merge"] != "left_only").sum()),
            "both": len(both), "only_infoops": int((m["_merge"] == "left_only").sum()),
            "only_cnt": int((m["_merge"] == "right_only").sum()),
            "same_weight": int((both["weight_infoops"] == both["weight_cnt"]).sum()), "diff": both}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n-tweets", type=int, default=1_000_000)
    ap.add_argument("--window", type=int, default=60)
    ap.add_argument("--work", type=Path, default=HERE / "_work")
    args = ap.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    release = work / f"synthetic_{args.n_tweets}"
    cache = work / "cache_coordination"
    if not (release / "ground_truth" / "truth.json").exists():
        from infoops.synthetic import SyntheticConfig, generate_release

        print(f"generating {args.n_tweets:,} SYNTHETIC tweets in {release} ...", flush=True)
        generate_release(release, SyntheticConfig(n_tweets=args.n_tweets))
    cnt = ensure_cnt(work / "cnt-venv")

    # Our side of "preprocessing": the one-off CSV -> Parquet conversion (cold).
    convert = run_python(CONVERT.format(lib=str(LIB), release=str(release), cache=str(cache)))
    ours_out = work / "infoops"
    ours = run_python(OURS.format(lib=str(LIB), release=str(release), cache=str(cache), window=args.window,
                                  out=str(ours_out)))
    csv_path = work / "cnt_input.csv"
    export = run_python(EXPORT.format(lib=str(LIB), release=str(release), cache=str(cache), csv_path=str(csv_path)))
    db = work / "cnt.db"
    db.unlink(missing_ok=True)
    pre = run_timed([str(cnt), str(db), "preprocess", "--format", "csv", str(csv_path)])
    # CNT reads an empty urls field as one empty URL: every tweet without a
    # link would then "share" the URL '' and co_link would join every pair of
    # accounts that tweeted without links in the same minute. Remove those
    # rows, as a user would have to (timed, and counted on CNT's side).
    t0 = time.perf_counter()
    with sqlite3.connect(db) as con:
        empty_urls = con.execute("DELETE FROM message_url WHERE url = ''").rowcount
    fix = {"seconds": time.perf_counter() - t0}
    comp = {}
    for net in ("co_retweet", "co_link"):
        comp[net] = run_timed([str(cnt), str(db), "compute", net, "--time_window", str(args.window),
                               "--min_edge_weight", "1", "--n_cpus", "2"])

    import infoops

    ds = infoops.load(release, cache_dir=cache, progress=False)
    results = {}
    with sqlite3.connect(db) as con:
        for ours_name, net in (("co_retweet", "co_retweet"), ("co_url", "co_link")):
            theirs = pd.read_sql(f"SELECT user_1 AS a, user_2 AS b, weight FROM {net}_network", con)
            results[ours_name] = compare(pd.read_parquet(f"{ours_out}_{ours_name}.parquet"), theirs)

    st = ours["stages"]
    print(f"\nmachine: {_machine()}")
    print(f"release: {release.name}, {sum(p.stat().st_size for p in release.glob('*tweets*.csv')) / 1e6:,.0f} MB "
          f"of tweets CSV; window {args.window} s; {ours['events']['co_retweet']:,} retweets, "
          f"{ours['events']['co_url']:,} URL uses outside retweets\n")
    print(f"{'stage':52} {'wall s':>8} {'peak MB':>9}")
    rows = [("infoops: CSV -> Parquet cache (cold, one-off)", convert["seconds"], convert["peak_mb"]),
            ("infoops: co-retweet network (from the cache)", st["co_retweet"] + st["open cache"], ours["peak_mb"]),
            ("infoops: co-URL network (from the cache)", st["co_url"], ours["peak_mb"]),
            ("CNT: preprocess (CSV -> SQLite)", pre["seconds"], pre["peak_mb"]),
            (f"CNT: delete {empty_urls:,} empty URLs it stored", fix["seconds"], float("nan")),
            ("CNT: compute co_retweet", comp["co_retweet"]["seconds"], comp["co_retweet"]["peak_mb"]),
            ("CNT: compute co_link", comp["co_link"]["seconds"], comp["co_link"]["peak_mb"]),
            ("(export of CNT's input CSV from the cache, not counted)", export["seconds"], float("nan"))]
    for name, s, m in rows:
        print(f"{name:52} {s:8.1f} {m:9.0f}")
    cnt_total = pre["seconds"] + fix["seconds"] + comp["co_retweet"]["seconds"] + comp["co_link"]["seconds"]
    ours_cache = ours["seconds"]
    ours_cold = ours_cache + convert["seconds"]
    print(f"\nboth networks: CNT {cnt_total:.1f} s (preprocess included); infoops {ours_cache:.1f} s from the "
          f"cache, {ours_cold:.1f} s with the cold CSV conversion")
    for label, ours_s in (("from the cache", ours_cache), ("cold conversion included", ours_cold)):
        ratio = cnt_total / ours_s
        print(f"  target CNT / infoops >= 5x, {label:26} {ratio:6.1f}x  {'MET' if ratio >= 5 else 'MISSED'}")
    rep = set(ds.sql("SELECT DISTINCT userid FROM (SELECT userid, retweet_tweetid FROM tweets WHERE is_retweet "
                     "GROUP BY 1, 2 HAVING count(*) > 1)")["userid"])
    for name, r in results.items():
        same = r["only_infoops"] == r["only_cnt"] == 0
        print(f"{name}: edges infoops {r['infoops']:,}, CNT {r['cnt']:,}, in both {r['both']:,}; "
              f"only infoops {r['only_infoops']:,}, only CNT {r['only_cnt']:,} -> "
              f"{'SAME EDGES' if same else 'EDGES DIFFER'}; same weight on {r['same_weight']:,}")
        d = r["diff"][r["diff"]["weight_infoops"] != r["diff"]["weight_cnt"]]
        if len(d):
            # CNT weighs an edge by the first account's messages, infoops by
            # distinct items (tweets retweeted, URLs) shared in the window.
            more = int((d["weight_cnt"] > d["weight_infoops"]).sum())
            note = (f"; all between accounts that retweeted a tweet twice: {bool((d['a'].isin(rep) | d['b'].isin(rep)).all())}"
                    if name == "co_retweet" else "")
            print(f"  {len(d):,} weights differ (CNT higher on {more:,}): CNT counts messages, infoops distinct "
                  f"items{note}")


if __name__ == "__main__":
    main()
