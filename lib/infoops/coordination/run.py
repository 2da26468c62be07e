"""Every signal, its null model and the edges kept above it: notebook 03's core."""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from .baselines import automation_clients, clique_edges, creation_batches, rare_clients
from .closed_form import agreement, any_time_items, closed_form_tests, pair_evidence
from .events import prepare_events
from .nulls import null_max_weights
from .params import CoordParams
from .result import CoordinationResult
from .signals import all_signals, compute_signal, near_duplicate_pairs


def run(tweets, accounts: pd.DataFrame, p: CoordParams,
        progress: Callable[[str], None] | None = None) -> CoordinationResult:
    """Every signal, its null model and the edges kept above it.

    ``tweets``: a loaded Dataset (preferred at full size: only the columns the
    signals use are read, in DuckDB) or a tweets DataFrame. ``accounts``: the
    accounts table (creation dates). ``progress`` is called with each signal's
    name as it starts (the slow ones at full size are near_duplicate and the
    similarity signals).
    """
    p.check()
    rng = np.random.default_rng(p.seed)
    ev, users = prepare_events(tweets, p.min_tweets)
    n = len(users)
    # each account's campaign: that of its first tweet in table order
    first = ev.drop_duplicates("acct")
    camp = pd.Series(first["campaign"].to_numpy(), index=users[first["acct"].to_numpy()],
                     name="campaign").reindex(users)
    rows, sig_edges, raw, nulls, extracted = [], [], {}, {}, {}
    for sig in all_signals(p):
        if progress:
            progress(sig.name)
        # Items and near-duplicate text pairs are extracted once, for the
        # observed network and for every null realization.
        items = sig.items(ev)
        extracted[sig.name] = (sig, items)
        near = (near_duplicate_pairs(items, sig.window, p.near_duplicate_threshold)
                if sig.name == "near_duplicate" else None)
        edges, info = compute_signal(sig, ev, n, p, items, near)
        raw[sig.name] = edges
        null = null_max_weights(sig, ev, n, p, rng, items, near)
        nulls[sig.name] = null
        threshold = float(null.max()) if len(null) else 0.0
        kept = edges[edges["weight"] > threshold].copy()
        # Empirical p-value of an edge: share of null realizations whose largest
        # edge reached its weight (max statistic over all pairs).
        kept["p_value"] = [(1 + (null >= w).sum()) / (1 + len(null)) for w in kept["weight"]]
        kept["signal"] = sig.name
        sig_edges.append(kept)
        flagged = np.unique(np.r_[kept["a"].to_numpy(), kept["b"].to_numpy()]).astype(int)
        rows.append({"signal": sig.name, "description": sig.description, "null_model": sig.null,
                     "events": info["events"], "items": info["items"], "items_dropped_too_popular": info["items_dropped"],
                     "observed_edges": len(edges), "observed_max_weight": float(edges["weight"].max()) if len(edges) else 0.0,
                     "observed_p99_weight": float(edges["weight"].quantile(0.99)) if len(edges) else 0.0,
                     "null_mean_max_weight": float(null.mean()), "null_max_weight": threshold,
                     "significant_edges": len(kept), "accounts_flagged": len(flagged),
                     "flagged_set": set(users[flagged])})
    # Creation batches and rare clients: frequency baselines instead of a null network.
    batches = creation_batches(accounts, users, p.creation_alpha)
    b_groups = [list(users.get_indexer(m)) for m in batches["members"]]
    be = clique_edges(b_groups) if b_groups else pd.DataFrame(columns=["a", "b", "weight"])
    be["p_value"] = np.nan
    be["signal"] = "creation_batch"
    clients = rare_clients(ev, users, p.max_client_accounts)
    c_groups = [list(users.get_indexer(m)) for m in clients["members"]]
    ce = clique_edges(c_groups) if c_groups else pd.DataFrame(columns=["a", "b", "weight"])
    ce["p_value"] = np.nan
    ce["signal"] = "shared_client"
    for name, e, desc, base in (
            ("creation_batch", be, "accounts created the same day", "Poisson vs local daily creation rate"),
            ("shared_client", ce, f"main client used by 2-{p.max_client_accounts} accounts (not official apps)",
             "rarity of the client")):
        fl = set(users[np.unique(np.r_[e["a"].to_numpy(), e["b"].to_numpy()]).astype(int)]) if len(e) else set()
        rows.append({"signal": name, "description": desc, "null_model": base, "events": np.nan, "items": np.nan,
                     "items_dropped_too_popular": 0, "observed_edges": len(e), "observed_max_weight": np.nan,
                     "observed_p99_weight": np.nan, "null_mean_max_weight": np.nan, "null_max_weight": np.nan,
                     "significant_edges": len(e), "accounts_flagged": len(fl), "flagged_set": fl})
        sig_edges.append(e)
    summary = pd.DataFrame(rows)
    allsig = pd.concat([e for e in sig_edges if len(e)], ignore_index=True) if any(len(e) for e in sig_edges) \
        else pd.DataFrame(columns=["a", "b", "weight", "p_value", "signal"])
    if progress:
        progress("closed-form pair tests")
    any_time = any_time_items(ev)
    tests = closed_form_tests(extracted, any_time, n, p)
    agree = agreement(tests, allsig)
    evidence = pair_evidence(tests, ev, {**{k: items for k, (_, items) in extracted.items()}, **any_time})
    allsig, tests, evidence = (_as_userids(t, users) for t in (allsig, tests[tests["significant"]], evidence))
    return CoordinationResult(users, camp, summary, allsig, raw, batches, clients, nulls, tests, agree,
                              automation_clients(ev), evidence)


def _as_userids(edges: pd.DataFrame, users: pd.Index) -> pd.DataFrame:
    """``edges`` with account indices a, b replaced by userids."""
    return edges.assign(a=users[edges["a"].astype(int)], b=users[edges["b"].astype(int)]).reset_index(drop=True)


def summary_table(res: CoordinationResult, ver: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Per signal: edges kept, accounts flagged, and the verdict per campaign."""
    s = res.summary[["signal", "significant_edges", "accounts_flagged", "null_max_weight"]].copy()
    if len(ver):
        v = ver.assign(text=ver["campaign"] + ": " + ver["verdict"]).groupby("signal")["text"].agg(" | ".join)
        s["verdict"] = s["signal"].map(v).fillna("frequency baseline (see tables)")
    # A group counts for a signal when one of its pairs is linked by that signal.
    per_signal = {sig: int(sum(sig in str(x).split(", ") for x in groups["signals"])) if len(groups) else 0
                  for sig in s["signal"]}
    s["groups_detected"] = s["signal"].map(per_signal)
    return s
