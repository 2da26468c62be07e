"""Benchmark: infoops' coordination tests beside coordinationz (OSoMe's
package, PyPI 0.2.2) on the same synthetic release, scored against the
planted groups.

    .venv/bin/python benchmarks/bench_coordinationz.py --release benchmarks/_work/synthetic_1000000
    .venv/bin/python benchmarks/bench_coordinationz.py --release data/sample

coordinationz is installed from PyPI into its own virtual environment under
benchmarks/_work/ for this benchmark only; it is never a project dependency.

What each tool runs, as its authors configure it:
- coordinationz: its three offline indicators (co-retweet, co-URL,
  co-hashtag; its text indicator needs spaCy models fetched at run time),
  the user-item edges built as its ``obtainBipartiteEdges*`` functions build
  them (original tweets for URLs and hashtags) and filtered as its
  ``filterNodes`` does; both are a few lines, written out here because its
  ``indicator_utilities`` module imports spaCy, which it does not install;
  each a TF-IDF ("smoothlog") cosine over the user x item matrix with its
  shuffle null model, settings of its config_template.toml: users with at
  least 10 distinct items, 10,000 realizations (``--realizations``),
  minimum similarity 0.1,
  edges kept at p < 0.01; the union of the three networks.
- infoops: notebook 03's run (every signal, closed-form per-pair tests,
  FDR 1%), permutation check off.

Both get the same input, exported from infoops' cache (the export is not
timed). Scored the same way for both: the union of the tool's edges, the
connected component overlapping each planted group most (recall, precision),
and the share of organic, control and decoy accounts in any edge. Each tool
runs in its own process; wall time and peak memory are printed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "lib"))

CZ_VERSION = "0.2.2"

CZ_SCRIPT = r"""
import json, resource, sys, time, warnings
warnings.filterwarnings("ignore")
import pandas as pd
t0 = time.perf_counter()
import coordinationz.nullmodel as nm
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
for col in ("urls", "hashtags"):
    df[col] = df[col].str.split()
rt, orig = df[df["tweet_type"] == "retweet"], df[df["tweet_type"] != "retweet"]
def listed(d, col):
    return [(u, x) for u, xs in zip(d["user_id"], d[col]) for x in list(xs)]
def min_user_degree(edges, k):  # its filterNodes(minLeftDegree=k)
    deg = pd.Series([u for u, _ in set(edges)]).value_counts()
    keep = set(deg.index[deg >= k])
    return [e for e in edges if e[0] in keep]
out = []
for name, edges in (("coretweet", list(zip(rt["user_id"], rt["linked_tweet"]))),
                    ("courl", listed(orig, "urls")), ("cohashtag", listed(orig, "hashtags"))):
    edges = min_user_degree(edges, 10)
    if not edges:
        continue
    res = nm.bipartiteNullModelSimilarity(edges, scoreType=["pvalue"], realizations=int(sys.argv[3]), idf="smoothlog",
                                          minSimilarity=0.1, batchSize=100, workers=2, showProgress=False)
    labels = res["labels"]
    for (i, j), s, p in zip(res["indexedEdges"], res["similarities"], res["pvalues"]):
        if p < 0.01:
            out.append((name, labels[i], labels[j], float(s), float(p)))
pd.DataFrame(out, columns=["indicator", "a", "b", "similarity", "p_value"]).to_csv(sys.argv[2], index=False)
print(json.dumps({"seconds": time.perf_counter() - t0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

INFOOPS_SCRIPT = r"""
import json, resource, sys, time
sys.path.insert(0, {lib!r})
t0 = time.perf_counter()
import infoops
from infoops import coordination as co
ds = infoops.load({release!r}, progress=False)
control = [c for c in ds.campaigns if "control" in c]
res = co.run(ds, ds.accounts, co.CoordParams(permutation_check=False), control=control)
res.edges[["signal", "a", "b", "q_value"]].to_csv({out!r}, index=False)
print(json.dumps({{"seconds": time.perf_counter() - t0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def ensure_cz(venv: Path) -> Path:
    """coordinationz in its own virtual environment (created once)."""
    py = venv / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", f"coordinationz=={CZ_VERSION}"],
                       check=True)
    return py


def export(release: Path, path: Path) -> int:
    """The columns coordinationz reads, from infoops' cache, as CSV (its
    environment has no Parquet reader): user_id, tweet_type (retweet or
    tweet), linked_tweet, urls and hashtags (space-separated)."""
    import infoops

    ds = infoops.load(release, progress=False)
    t = ds.sql("""SELECT userid AS user_id,
                         CASE WHEN coalesce(is_retweet, false) THEN 'retweet' ELSE 'tweet' END AS tweet_type,
                         retweet_tweetid AS linked_tweet, array_to_string(coalesce(urls, []), ' ') AS urls,
                         array_to_string(coalesce(hashtags, []), ' ') AS hashtags
                  FROM tweets""")
    t.to_csv(path, index=False)
    return len(t)


def run(cmd: list[str]) -> dict:
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        raise SystemExit(p.stderr[-4000:])
    return json.loads(p.stdout.strip().splitlines()[-1])


def score(edges, truth: dict, roles) -> tuple[list[dict], dict]:
    """Per planted group: the connected component of the union network that
    overlaps it most (recall, precision); shares of organic, control and
    decoy accounts in any edge."""
    import networkx as nx

    G = nx.Graph()
    G.add_edges_from(edges[["a", "b"]].astype(str).itertuples(index=False))
    comps = list(nx.connected_components(G))
    rows = []
    for g in truth["planted_groups"]:
        m = set(g["members"])
        if g.get("role") == "decoy":
            rows.append({"group": g["group_id"], "decoy_flagged": len(m & set(G.nodes)), "size": len(m)})
            continue
        best = max(comps, key=lambda c: len(c & m), default=set())
        ov = len(best & m)
        rows.append({"group": g["group_id"], "recall": ov / len(m), "precision": ov / len(best) if best else 0.0,
                     "size": len(m)})
    shares = {}
    for role in ("organic", "control", "decoy"):
        ids = set(roles.loc[roles["role"] == role, "userid"])
        if ids:
            shares[role] = (len(ids & set(G.nodes)), len(ids))
    return rows, shares


def main() -> None:
    import pandas as pd

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--release", type=Path, required=True, help="a synthetic release with its ground_truth folder")
    ap.add_argument("--work", type=Path, default=HERE / "_work")
    ap.add_argument("--realizations", type=int, default=10_000,
                    help="coordinationz's null realizations (its config_template.toml: 10,000; its p-values "
                         "resolve 1 / (realizations + 1), so 1,000 still resolve its 0.01 level)")
    args = ap.parse_args()
    release = args.release.resolve()
    work = args.work / f"coordinationz_{release.name}"
    work.mkdir(parents=True, exist_ok=True)
    py = ensure_cz(args.work / "cz-venv")
    t0 = time.perf_counter()
    n = export(release, work / "input.csv")
    print(f"exported {n:,} tweets for coordinationz in {time.perf_counter() - t0:.1f} s (not timed below)",
          flush=True)
    cz = run([str(py), "-c", CZ_SCRIPT, str(work / "input.csv"), str(work / "cz_edges.csv"), str(args.realizations)])
    print(f"coordinationz ({args.realizations:,} realizations): {cz['seconds']:.1f} s, peak {cz['peak_mb']:,.0f} MB",
          flush=True)
    ours = run([sys.executable, "-c", INFOOPS_SCRIPT.format(lib=str(ROOT / "lib"), release=str(release),
                                                            out=str(work / "infoops_edges.csv"))])
    print(f"infoops: {ours['seconds']:.1f} s, peak {ours['peak_mb']:,.0f} MB", flush=True)

    truth = json.loads((release / "ground_truth" / "truth.json").read_text())
    roles = pd.read_csv(release / "ground_truth" / "accounts.csv", dtype=str, keep_default_na=False)
    results = {}
    for tool, f in (("coordinationz", "cz_edges.csv"), ("infoops", "infoops_edges.csv")):
        results[tool] = score(pd.read_csv(work / f, dtype={"a": str, "b": str}), truth, roles)
    from bench_reader import _machine

    print(f"\nmachine: {_machine()}\nrelease: {release.name}, {n:,} tweets\n")
    print(f"{'planted group':28} {'coordinationz R/P':>18} {'infoops R/P':>14}")
    for a, b in zip(results["coordinationz"][0], results["infoops"][0]):
        if "decoy_flagged" in a:
            print(f"{a['group']:28} {a['decoy_flagged']:>11} flagged {b['decoy_flagged']:>7} flagged")
        else:
            print(f"{a['group']:28} {a['recall']:>8.2f}/{a['precision']:<9.2f} {b['recall']:>6.2f}/{b['precision']:<7.2f}")
    for role in results["infoops"][1]:
        (fa, na), (fb, _) = results["coordinationz"][1][role], results["infoops"][1][role]
        print(f"{role + ' accounts flagged':28} {fa:>6} of {na:<9} {fb:>6} of {na}")
    print(f"{'wall s / peak MB':28} {cz['seconds']:>8.1f} / {cz['peak_mb']:<7,.0f} {ours['seconds']:>6.1f} / "
          f"{ours['peak_mb']:,.0f}")
    # each coordinationz indicator alone, in case the union hides a precise one
    cz_edges = pd.read_csv(work / "cz_edges.csv", dtype={"a": str, "b": str})
    for ind, g in cz_edges.groupby("indicator"):
        rows, shares = score(g, truth, roles)
        found = sum(r.get("recall", 0) >= 0.9 and r.get("precision", 0) >= 0.9 for r in rows)
        said = ", ".join(f"{role} {k} of {n}" for role, (k, n) in shares.items())
        print(f"coordinationz {ind} alone: {len(g):,} edges; groups with recall and precision >= 0.9: {found}; "
              f"flagged: {said}")


if __name__ == "__main__":
    main()
