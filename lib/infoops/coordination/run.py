"""Every signal tested pair by pair, the decisions notebook 03 reports, and
the optional permutation check beside them."""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from .baselines import automation_clients, batch_days, creation_days, creation_power, group_edges, rare_clients
from .closed_form import agreement, evidence_rows, null_blocks, pair_evidence, populations, signal_tests
from .events import account_campaigns, account_languages, prepare_events
from .nulls import permutation_edges
from .params import CoordParams
from .result import CoordinationResult
from .signals import all_signals

EDGE_COLUMNS = ["signal", "a", "b", "weight", "expected", "p_value", "q_value"]


def item_counts(items: pd.DataFrame, n_accounts: int, max_accounts: int) -> dict[str, int]:
    """How many distinct items a signal has, and how many of them more than
    ``max_accounts`` accounts share (too popular to be evidence). Counted on
    integer codes: a group-by of 5.6M texts took 12 s at full size."""
    if not len(items):
        return {"items": 0, "items_too_popular": 0}  # an empty list column cannot be factorized
    codes, distinct = pd.factorize(items["item"])
    if not len(distinct):
        return {"items": 0, "items_too_popular": 0}
    ok = codes >= 0
    pairs = pd.unique(codes[ok].astype(np.int64) * n_accounts + items["acct"].to_numpy(dtype=np.int64)[ok])
    accounts = np.bincount(pairs // n_accounts, minlength=len(distinct))
    return {"items": len(distinct), "items_too_popular": int((accounts > max_accounts).sum())}


def run(tweets, accounts: pd.DataFrame, p: CoordParams, control: list[str] | None = None,
        progress: Callable[[str], None] | None = None) -> CoordinationResult:
    """Every signal's pairs tested in closed form (edges: q <= ``p.fdr_q``),
    the frequency baselines (creation batches, rare clients) and, when
    ``p.permutation_check``, the permutation null on the windowed signals.

    ``tweets``: a loaded Dataset (preferred at full size: only the columns the
    signals use are read, in DuckDB) or a tweets DataFrame. ``accounts``: the
    accounts table (creation dates). ``control``: the control campaigns
    (the reference set of creation batches). ``progress`` is called with each
    step's name as it starts.
    """
    p.check()
    control = list(control or [])
    rng = np.random.default_rng(p.seed)
    ev, users = prepare_events(tweets, p.min_tweets)
    n = len(users)
    camp = pd.Series(account_campaigns(ev, n), index=users, name="campaign")
    language = account_languages(tweets, p.min_tweets)
    pops = populations(ev, n, None if language is None else language.reindex(users).to_numpy(),
                       p.population_min_accounts)
    block = null_blocks(pops)
    rows, tests, kept, nulls, evidence_of, retweets = [], [], [], {}, {}, None
    for sig in all_signals(p):
        if progress:
            progress(sig.name)
        items = sig.items(ev)
        t = signal_tests(sig, items, n, p, retweets=retweets, block=block)
        # all retweets are the universe fast retweets are tested in, then let go
        retweets = items if sig.name == "co_retweet" else None
        # what the evidence table needs, not every item (GBs at full size)
        evidence_of[sig.name] = evidence_rows(items, t[t["significant"]])
        tests.append(t)
        row = {"signal": sig.name, "description": sig.description,
               "method": items.attrs.get("method", "") or t.attrs.get("method", ""),
               "null_model": sig.null,
               "events": len(items), **item_counts(items, n, p.max_item_accounts), "pairs_tested": len(t)}
        row.update(_decided(t[t["significant"]], users))
        if p.permutation_check and sig.kind == "window":
            k, nulls[sig.name] = permutation_edges(sig, items, ev, p, rng)
            kept.append(k)
            row.update(permutation_null_max_weight=float(nulls[sig.name].max()), permutation_edges=len(k))
        rows.append(row)
    items = retweets = None  # the last signal's items (a row per tweet) are not needed past here
    # a small release can have no pair to test in any signal: its empty table keeps the columns
    tests = pd.concat([t for t in tests if len(t)] or tests[:1], ignore_index=True)
    sig_edges = [tests[tests["significant"]].rename(columns={"observed": "weight"})[EDGE_COLUMNS]]
    # Creation batches and rare clients: frequency baselines, not networks.
    days = creation_days(accounts, camp, control, p.creation_alpha)
    batches = batch_days(days)
    clients = rare_clients(ev, users, p.max_client_share)
    for name, table, desc, base, method in (
            ("creation_batch", batches, "accounts of one campaign created the same day",
             "Poisson vs the campaign's own daily creation rate and vs the reference set's creations that day",
             creation_power(days)),
            ("shared_client", clients, f"main client of 2 accounts to {p.max_client_share:.0%} of the accounts "
             "(not official apps)", "rarity of the client relative to the number of accounts", "")):
        groups = [list(users.get_indexer(m)) for m in table["members"]]
        e = group_edges(groups, table["p_value"] if "p_value" in table else None)
        e = e.assign(signal=name, expected=np.nan, q_value=np.nan)
        sig_edges.append(e[EDGE_COLUMNS])
        rows.append({"signal": name, "description": desc, "method": method, "null_model": base,
                     "pairs_tested": np.nan, **_decided(e, users)})
    summary = pd.DataFrame(rows)
    edges = pd.concat([e for e in sig_edges if len(e)], ignore_index=True) if any(len(e) for e in sig_edges) \
        else pd.DataFrame(columns=EDGE_COLUMNS)
    perm = pd.concat(kept, ignore_index=True) if kept else pd.DataFrame(columns=["a", "b", "weight", "p_value",
                                                                              "signal"])
    agree = agreement(tests, perm) if p.permutation_check else None
    evidence = pair_evidence(tests, ev, evidence_of)
    edges, tests, evidence = _as_userids(edges, users), _as_userids(tests, users, True), _as_userids(evidence, users)
    activity = pd.Series(np.bincount(ev["acct"].to_numpy(), minlength=n), index=users, name="tweets")
    return CoordinationResult(users, camp, summary, edges, tests, batches, clients, nulls, agree,
                              automation_clients(ev), evidence, activity, population_table(pops))


def population_table(pops: pd.DataFrame | None) -> pd.DataFrame | None:
    """Per population of the null: its campaign, name, accounts, and the
    main languages of its accounts with their counts (a language that joined
    a larger one shows there)."""
    if pops is None:
        return None
    langs = (pops.groupby(["population", "language"]).size().rename("n").reset_index()
             .sort_values(["population", "n", "language"], ascending=[True, False, True], kind="stable"))
    langs["text"] = langs["language"] + " " + langs["n"].astype(str)
    out = pops.groupby("population").agg(campaign=("campaign", "first"), accounts=("block", "size"))
    out["languages"] = langs.groupby("population")["text"].agg(", ".join)
    return out.reset_index()[["campaign", "population", "accounts", "languages"]]


def _decided(edges: pd.DataFrame, users: pd.Index) -> dict:
    """Edges and accounts of one signal's decisions, for its summary row."""
    flagged = np.unique(np.r_[edges["a"].to_numpy(), edges["b"].to_numpy()]).astype(int)
    return {"significant_edges": len(edges), "accounts_flagged": len(flagged), "flagged_set": set(users[flagged])}


def _as_userids(edges: pd.DataFrame, users: pd.Index, categories: bool = False) -> pd.DataFrame:
    """``edges`` with account indices a, b replaced by userids; with
    ``categories``, as categories (codes into ``users``, sorted): every
    tested pair at full size is 9 million rows, and two 64-character strings
    per row take about 1.3 GB."""
    a, b = edges["a"].to_numpy(dtype=np.int64), edges["b"].to_numpy(dtype=np.int64)
    if categories:
        ids = pd.CategoricalDtype(users)
        return edges.assign(a=pd.Categorical.from_codes(a, dtype=ids),
                            b=pd.Categorical.from_codes(b, dtype=ids)).reset_index(drop=True)
    return edges.assign(a=users[a], b=users[b]).reset_index(drop=True)


def summary_table(res: CoordinationResult, ver: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Per signal: edges kept, accounts flagged, and the verdict per campaign."""
    s = res.summary[["signal", "pairs_tested", "significant_edges", "accounts_flagged"]].copy()
    if len(ver):
        v = ver.assign(text=ver["campaign"] + ": " + ver["verdict"]).groupby("signal")["text"].agg(" | ".join)
        s["verdict"] = s["signal"].map(v).fillna("frequency baseline (see tables)")
    # A group counts for a signal when one of its pairs is linked by that signal.
    per_signal = {sig: int(sum(sig in str(x).split(", ") for x in groups["signals"])) if len(groups) else 0
                  for sig in s["signal"]}
    s["groups_detected"] = s["signal"].map(per_signal)
    return s
