"""Every signal's pairs tested in closed form (:mod:`.pair_tests`), with
false-discovery-rate control: the decisions of notebook 03 (issue #14).

Windowed signals are tested on what pairs share within the window,
any-time signals on what they share at any time (only rarity speaks), and
synchronized activity against the rhythm null of :mod:`.rhythm`. The
permutation null of :mod:`.nulls` is an optional check beside them
(:func:`agreement`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .events import account_campaigns
from .networks import windowed_counts
from .pair_tests import counts_sparse, item_profile, pair_significance, stratum_of, window_profile
from .params import CoordParams
from .rhythm import rhythm_significance
from .signals import Signal, all_signals

COLUMNS = ["signal", "a", "b", "observed", "expected", "p_value", "stratum", "q_value", "significant"]


def empty_tests() -> pd.DataFrame:
    """No tested pair, typed: ``significant`` must stay boolean, or a mask
    of it would select columns instead of rows."""
    return pd.DataFrame({"signal": pd.Series(dtype=object), "a": pd.Series(dtype=np.int64),
                         "b": pd.Series(dtype=np.int64), "observed": pd.Series(dtype=np.int64),
                         "expected": pd.Series(dtype=float), "p_value": pd.Series(dtype=float),
                         "stratum": pd.Series(dtype=object), "q_value": pd.Series(dtype=float),
                         "significant": pd.Series(dtype=bool)})[COLUMNS]


def _decided(name: str, out: pd.DataFrame, p: CoordParams) -> pd.DataFrame:
    """One signal's tested pairs, named and marked ``significant`` at ``p.fdr_q``."""
    out.insert(0, "signal", name)
    out["significant"] = out["q_value"] <= p.fdr_q
    return out[COLUMNS]


def _tested(name: str, shared: pd.DataFrame | None, acct: np.ndarray, item: np.ndarray, n: int, p: CoordParams,
            **null) -> pd.DataFrame:
    return _decided(name, pair_significance(shared, acct, item, n, **null), p)


def _fast_retweets(fast: pd.DataFrame, retweets: pd.DataFrame, window: float, n: int, p: CoordParams,
                   block: np.ndarray | tuple[np.ndarray, ...] | None = None) -> pd.DataFrame:
    """Fast retweets tested inside the universe of all retweets: degrees and
    popularities count every retweet, and an item's chance of a fast pair is
    the share of its retweeter pairs that both retweeted it fast. Tested on
    fast retweets alone, a group that makes most of them looks expected."""
    uniques = pd.Index(pd.unique(retweets["item"]))
    codes, all_codes = uniques.get_indexer(fast["item"]), uniques.get_indexer(retweets["item"])
    profile = item_profile(retweets["acct"].to_numpy(), all_codes)
    counts = windowed_counts(fast["acct"].to_numpy(), codes, fast["ts"].to_numpy(), window, p.max_item_accounts,
                             group=stratum_of(profile["popularity"])).counts
    k_fast = pd.DataFrame({"acct": fast["acct"].to_numpy(), "item": codes}).drop_duplicates().groupby("item").size()
    k, f = profile["popularity"], k_fast.reindex(profile.index, fill_value=0)
    profile["window_share"] = np.where(k > 1, f * (f - 1) / np.maximum(k * (k - 1), 1), 0.0)
    return _tested("fast_retweet", None, retweets["acct"].to_numpy(), all_codes, n, p, profile=profile,
                   counts=counts, ts=retweets["ts"].to_numpy(dtype=float), block=block)


def signal_tests(sig: Signal, items: pd.DataFrame, n: int, p: CoordParams,
                 retweets: pd.DataFrame | None = None,
                 block: np.ndarray | tuple[np.ndarray, ...] | None = None) -> pd.DataFrame:
    """Every pair of one signal that shares an item, tested: observed,
    expected, p_value, stratum, q_value and ``significant`` (q <= ``p.fdr_q``).
    ``retweets``: all retweets, the universe fast retweets are tested in.
    ``block``: each account's population (campaign code), whose own
    popularity of each item the null uses; or several partitions, campaigns
    first (see :func:`null_blocks`): the pair tests take the largest
    expectation, the rhythm null the campaigns' daily volumes."""
    if items.empty:
        return empty_tests()
    acct, ts = items["acct"].to_numpy(), items["ts"].to_numpy(dtype=float)
    if sig.name == "fast_retweet" and retweets is not None:
        return _fast_retweets(items, retweets, sig.window, n, p, block)
    if sig.kind == "rhythm":
        tested = rhythm_significance(acct, items["item"].to_numpy(), n, int(round(1440 / p.activity_bin_minutes)),
                                     p.max_item_accounts, max_pair_bins=p.sync_max_pair_bins, fdr_q=p.fdr_q,
                                     block=block[0] if isinstance(block, tuple) else block)
        out = _decided(sig.name, tested, p)
        out.attrs["method"] = tested.attrs.get("method", "")
        return out
    codes = pd.factorize(items["item"])[0]
    # Items used by more accounts are not counted as shared (they stay in
    # the degrees): past max_item_accounts for memory, past the rare cap for
    # the signals whose popular items say nothing (Signal.rare_only).
    cap = p.rare_item_accounts(n) if sig.rare_only else p.max_item_accounts
    if sig.kind == "window":
        profile = item_profile(acct, codes)
        wc = windowed_counts(acct, codes, ts, sig.window, cap, group=stratum_of(profile["popularity"]))
        return _tested(sig.name, None, acct, codes, n, p, profile=window_profile(profile, wc.met),
                       counts=wc.counts, max_popularity=cap, ts=ts, block=block)
    profile = item_profile(acct, codes)
    counts = counts_sparse(acct, codes, stratum_of(profile["popularity"]), n, cap)
    return _tested(sig.name, None, acct, codes, n, p, profile=profile, counts=counts, max_popularity=cap, ts=ts,
                   block=block)


def populations(ev: pd.DataFrame, n: int, language: pd.Series | np.ndarray | None = None,
                min_accounts: int = 50) -> pd.DataFrame | None:
    """Each account's population for the null (by account index): its
    campaign and, with ``language`` (each account's main tweet language),
    its language within the campaign. A language with fewer than
    ``min_accounts`` accounts in a campaign joins the campaign's largest:
    a population must be far larger than a coordinated group, or the group's
    own items would make up its population's popularity and the null would
    expect its co-actions. Columns ``campaign``, ``language`` (the
    account's), ``population`` (its name) and ``block`` (its code, in
    sorted order of names). None when the events carry no campaign.

    Why languages: accounts share texts, hashtags and mentions with those
    who write their language. Without it, the few English writers of a
    Spanish-speaking campaign are expected to use Spanish items like their
    campaign, and every English text they share with other English writers
    looks like coordination (at 9M tweets, 775 of the 783 significant
    near-duplicate pairs involving an organic, control or decoy account)."""
    if "campaign" not in ev:
        return None
    camp = pd.Series(account_campaigns(ev, n)).astype(str)
    lang = (pd.Series(np.asarray(language, dtype=object)).fillna("unknown").astype(str) if language is not None
            else pd.Series("any", index=camp.index))
    sizes = pd.DataFrame({"campaign": camp, "language": lang}).value_counts().rename("n").reset_index()
    sizes = sizes.sort_values(["campaign", "n", "language"], ascending=[True, False, True], kind="stable")
    largest = sizes.drop_duplicates("campaign").set_index("campaign")["language"]
    size = pd.MultiIndex.from_arrays([camp, lang]).map(sizes.set_index(["campaign", "language"])["n"])
    own = np.where(np.asarray(size) >= min_accounts, lang.to_numpy(), camp.map(largest).to_numpy())
    name = camp + " / " + pd.Series(own, index=camp.index) if language is not None else camp
    out = pd.DataFrame({"campaign": camp, "language": lang, "population": name})
    out["block"] = pd.factorize(out["population"], sort=True)[0].astype(np.int64)
    out["campaign_block"] = pd.factorize(out["campaign"], sort=True)[0].astype(np.int64)
    return out


def null_blocks(pops: pd.DataFrame | None) -> np.ndarray | tuple[np.ndarray, np.ndarray] | None:
    """The partitions of the accounts the null uses (see
    :func:`populations`): campaigns, and campaigns by language when that
    splits any. Each alone misleads. By campaign only, a campaign's few
    English writers are expected to share Spanish items. By language only,
    an account that retweets the viral tweets of another language's
    accounts gets a small expectation from its own population, where those
    tweets are rare, and four or five coincidences with a Spanish speaker look
    significant (at 9M tweets, 5 of 20 decoys). So the pair tests take the
    largest expectation of the two (:func:`pair_significance`)."""
    if pops is None:
        return None
    camp, lang = pops["campaign_block"].to_numpy(), pops["block"].to_numpy()
    if pops["population"].nunique() == pops["campaign"].nunique():
        return camp
    return camp, lang


def population(ev: pd.DataFrame, n: int, language: pd.Series | np.ndarray | None = None,
               min_accounts: int = 50) -> np.ndarray | tuple[np.ndarray, np.ndarray] | None:
    """The null's partitions of the accounts (:func:`null_blocks` of
    :func:`populations`), or None when the events carry no campaign."""
    return null_blocks(populations(ev, n, language, min_accounts))


def closed_form_tests(ev: pd.DataFrame, n: int, p: CoordParams, names: list[str] | None = None,
                      language: np.ndarray | None = None) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The tests of every signal (or of those ``names``) on events ``ev`` of
    ``n`` accounts, in one table, and each signal's items (for
    :func:`evidence_rows`). Fast retweets are tested among all retweets.
    ``language``: each account's main language (see :func:`populations`)."""
    sigs = {s.name: s for s in all_signals(p)}
    block = population(ev, n, language, p.population_min_accounts)
    items_of = {name: sig.items(ev) for name, sig in sigs.items()
                if names is None or name in names or (name == "co_retweet" and "fast_retweet" in names)}
    parts = [signal_tests(sigs[name], items, n, p, retweets=items_of.get("co_retweet"), block=block)
             for name, items in items_of.items() if names is None or name in names]
    parts = [x for x in parts if len(x)]
    return (pd.concat(parts, ignore_index=True) if parts else empty_tests()), items_of


def agreement(tests: pd.DataFrame, kept: pd.DataFrame) -> pd.DataFrame:
    """Per tested signal: pairs and accounts significant in closed form,
    kept by the permutation null (``kept``: significant edges with signal,
    a, b), and in both."""
    rows = []
    for name, g in tests.groupby("signal", sort=False):
        closed = set(zip(g.loc[g["significant"], "a"], g.loc[g["significant"], "b"]))
        k = kept[kept["signal"] == name]
        perm = set(zip(k["a"], k["b"]))
        acc_c = {x for pair in closed for x in pair}
        acc_p = {x for pair in perm for x in pair}
        rows.append({"signal": name, "pairs_tested": len(g), "pairs_closed_form": len(closed),
                     "pairs_permutation": len(perm) if name in set(kept["signal"]) else np.nan,
                     "pairs_both": len(closed & perm), "accounts_closed_form": len(acc_c),
                     "accounts_permutation": len(acc_p) if name in set(kept["signal"]) else np.nan,
                     "accounts_both": len(acc_c & acc_p)})
    return pd.DataFrame(rows)


def evidence_rows(items: pd.DataFrame, tests: pd.DataFrame) -> pd.DataFrame:
    """The rows of one signal's items that can stand behind its significant
    pairs (``tests``, that signal's, a and b as account indices): the flagged
    accounts' rows, with each item's number of accounts among all the items
    (``item_accounts``). A run keeps these instead of every signal's items,
    which at full size held GBs until the end."""
    # only the flagged accounts' rows, and the popularity of their items
    # alone: copies of millions of text rows made this step the run's peak
    mine = items[items["acct"].isin(set(tests["a"]) | set(tests["b"]))]
    if mine.empty:  # most signals at most sizes: nothing to look up among millions of items
        return mine.assign(item_accounts=np.zeros(0, dtype=np.int64))
    users_of = items.loc[items["item"].isin(pd.unique(mine["item"])), ["item", "acct"]]
    popularity = users_of.groupby("item")["acct"].nunique()
    return mine.assign(item_accounts=popularity.reindex(mine["item"]).to_numpy())


def pair_evidence(tests: pd.DataFrame, ev: pd.DataFrame, rows_of: dict[str, pd.DataFrame],
                  max_items: int = 10) -> pd.DataFrame:
    """The tweets behind each significant pair of ``tests`` (a, b as account
    indices): for every item both accounts used (at most ``max_items`` per
    pair and signal, the rarest first, then the closest in time), the item,
    how many accounts used it, each account's tweet id and time, and the
    seconds between them. ``rows_of``: each signal's :func:`evidence_rows`
    (rows indexed by event row); ``ev``: the events."""
    cols = ["signal", "a", "b", "item", "item_accounts", "tweetid_a", "time_a", "tweetid_b", "time_b",
            "seconds_apart"]
    parts = []
    for name, g in tests[tests["significant"]].groupby("signal", sort=False):
        mine = rows_of[name]
        mine = mine.assign(tweetid=ev.loc[mine.index, "tweetid"].to_numpy(), item=mine["item"].astype(str))
        m = g[["a", "b"]].merge(mine, left_on="a", right_on="acct").merge(
            mine, left_on=["b", "item"], right_on=["acct", "item"], suffixes=("_a", "_b"))
        if m.empty:
            continue
        m["seconds_apart"] = (m["ts_b"] - m["ts_a"]).abs()
        m = m.rename(columns={"item_accounts_a": "item_accounts"})
        m = m.sort_values(["a", "b", "item_accounts", "seconds_apart", "item"], kind="stable")
        m = m.drop_duplicates(["a", "b", "item"])
        m = m.groupby(["a", "b"], sort=False).head(max_items)
        parts.append(pd.DataFrame({
            "signal": name, "a": m["a"].to_numpy(), "b": m["b"].to_numpy(), "item": m["item"].to_numpy(),
            "item_accounts": m["item_accounts"].to_numpy(), "tweetid_a": m["tweetid_a"].to_numpy(), "time_a": pd.to_datetime(m["ts_a"], unit="s", utc=True).to_numpy(),
            "tweetid_b": m["tweetid_b"].to_numpy(), "time_b": pd.to_datetime(m["ts_b"], unit="s", utc=True).to_numpy(),
            "seconds_apart": m["seconds_apart"].round(0).to_numpy()}))
    return pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)


def strongest_evidence(tests: pd.DataFrame, evidence: pd.DataFrame, n_pairs: int = 3) -> pd.DataFrame:
    """The evidence rows of the ``n_pairs`` pairs with the smallest q-values
    (ties: the most items shared), for a reader to check by eye: account ids
    cut to their first 12 characters and the second tweet's time given by
    ``seconds_apart`` (the full ids and both times are in the CSV)."""
    if tests.empty or evidence.empty:
        return evidence.head(0)
    top = tests.sort_values(["q_value", "observed", "signal", "a", "b"], ascending=[True, False, True, True, True])
    top = top.drop_duplicates(["a", "b"]).head(n_pairs)[["signal", "a", "b"]]
    out = top.merge(evidence, on=["signal", "a", "b"])
    out = out.assign(a=out["a"].astype(str).str[:12], b=out["b"].astype(str).str[:12])
    if "time_a" in out:
        out["time_a"] = pd.to_datetime(out["time_a"]).dt.strftime("%Y-%m-%d %H:%M:%S")
    return out.drop(columns=[c for c in ("time_b",) if c in out])
