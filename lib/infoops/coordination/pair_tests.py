"""Per-pair significance of shared actions, in closed form, with
false-discovery-rate control across all pairs (issue #14, part 1).

The null model keeps each account's number of distinct items (its degree
``d_a``) and each item's number of distinct accounts (its popularity
``k_i``); who used what is otherwise random. In the Chung-Lu approximation of
this bipartite configuration model, account a uses item i with probability
``p_ai = min(1, d_a k_i / M)`` (``M`` = the sum of degrees), independently of
the others. The number of items a pair shares is then a sum of independent
Bernoulli(``p_ai p_bi r_i``) variables. ``r_i`` is 1 for signals "at any
time". For windowed signals it is the share of item i's account pairs that
met on it within the window (:func:`window_profile`), so a pair is only
expected to meet inside the window
as often as the item's own timing makes likely. Within a popularity stratum
the sum is tested against the binomial of the same mean (see
:func:`binomial_tail`).

Because the mean grows with ``k_i`` squared, shared popular items are
expected and shared rare ones are not: a pair of heavy retweeters of viral
tweets gets a large expectation, two accounts meeting on a tweet nobody else
touched a tiny one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .networks import pair_table


def item_profile(acct: np.ndarray, item: np.ndarray) -> pd.DataFrame:
    """Per item: ``popularity`` (distinct accounts) and ``window_share`` 1
    (every pair of its accounts can meet: a signal at any time)."""
    k = pd.DataFrame({"acct": acct, "item": item}).drop_duplicates().groupby("item", sort=True).size()
    return pd.DataFrame({"popularity": k, "window_share": 1.0})


def window_profile(profile: pd.DataFrame, met: pd.Series) -> pd.DataFrame:
    """``profile`` (:func:`item_profile`) with each item's ``window_share``:
    the share of its account pairs that met on it within the window
    (``met``: item -> distinct pairs that met on it, as
    :func:`~.networks.windowed_counts` gives them). Counted exactly as the
    observed co-actions are (any two of their actions within the window),
    so an item posted again and again by the same accounts is not made to
    look rare in time."""
    profile = profile.copy()
    k = profile["popularity"].to_numpy(dtype=float)
    pairs = k * (k - 1) / 2
    profile["window_share"] = np.divide(met.reindex(profile.index, fill_value=0).to_numpy(dtype=float), pairs,
                                        out=np.zeros(len(k)), where=pairs > 0)
    return profile


def expected_shared(deg_a: np.ndarray, deg_b: np.ndarray, profile: pd.DataFrame,
                    total: float | None = None) -> np.ndarray:
    """Expected number of the ``profile``'s items each pair (``deg_a[n]``,
    ``deg_b[n]``) shares under the null: sum over items of ``p_ai p_bi r_i``,
    with ``M = total`` (default: the profile's own sum of popularities; give
    the whole signal's when ``profile`` is a subset). Computed once per pair
    of distinct degrees: (distinct degrees)^2 x (distinct popularities),
    whatever the number of pairs."""
    deg_a, deg_b = np.asarray(deg_a, dtype=float), np.asarray(deg_b, dtype=float)
    k = profile["popularity"].to_numpy(dtype=float)
    total = float(k.sum()) if total is None else float(total)
    if total == 0 or len(deg_a) == 0:
        return np.zeros(len(deg_a))
    kv, kidx = np.unique(k, return_inverse=True)
    weight = np.bincount(kidx, weights=profile["window_share"].to_numpy(dtype=float), minlength=len(kv))
    dv, didx = np.unique(np.r_[deg_a, deg_b], return_inverse=True)
    P = np.minimum(1.0, np.outer(dv, kv) / total)
    L = (P * weight) @ P.T
    return L[didx[: len(deg_a)], didx[len(deg_a):]]


def item_times(item: np.ndarray, ts: np.ndarray, index: pd.Index) -> np.ndarray:
    """Each item's time (its first action), in the order of ``index``."""
    return pd.Series(np.asarray(ts, dtype=float)).groupby(np.asarray(item)).min().reindex(index).to_numpy()


def active_spans(acct: np.ndarray, item: np.ndarray, when: pd.Series, n_accounts: int) -> tuple[np.ndarray,
                                                                                                np.ndarray]:
    """Each account's active span in item time: the first and last time
    (``when``: item -> time) of the items it used, so every item an account
    used lies inside its span."""
    t = pd.Series(when.reindex(item).to_numpy(), index=np.asarray(acct))
    g = t.groupby(level=0)
    first = g.min().reindex(range(n_accounts)).to_numpy()
    last = g.max().reindex(range(n_accounts)).to_numpy()
    return first, last


def _between(t: np.ndarray, prefix: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Sums over the times ``t`` (sorted) within [lo, hi], from ``prefix`` (its cumulative sums, 0 first)."""
    return prefix[np.searchsorted(t, hi, side="right")] - prefix[np.searchsorted(t, lo, side="left")]


def span_totals(first: np.ndarray, last: np.ndarray, when: np.ndarray, k_block: np.ndarray,
                block: np.ndarray) -> np.ndarray:
    """Each account's ``M_a``: the popularities, in its population
    (``k_block``: items x populations; ``block``: each account's), of the
    items (at times ``when``) inside its active span [``first``, ``last``]."""
    order = np.argsort(when, kind="stable")
    t = when[order]
    M = np.zeros(len(first))
    for B in np.unique(block):
        mine = block == B
        M[mine] = _between(t, np.r_[0.0, np.cumsum(k_block[order, B])], first[mine], last[mine])
    return M


def expected_shared_spans(a: np.ndarray, b: np.ndarray, d: np.ndarray, first: np.ndarray, last: np.ndarray,
                          when: np.ndarray, k: np.ndarray, share: np.ndarray, tested: np.ndarray,
                          block: np.ndarray | None = None, k_block: np.ndarray | None = None,
                          totals: np.ndarray | None = None) -> np.ndarray:
    """As :func:`expected_shared`, with each account's activity spread only
    over the items of its active span (``first``, ``last``; items at times
    ``when``) and, with ``block`` (each account's population: its campaign
    or control set), in proportion to the item's popularity in the account's
    own population (``k_block``: items x blocks). Account a uses item i of
    its span with probability ``d_a k_i(B_a) / M_a`` (``M_a``: the
    popularities in a's population of its span's items; ``totals``: given
    when already computed by :func:`span_totals`).

    Two accounts active in different months cannot be expected to meet, and
    two active in the same weeks are expected to meet more; two accounts of
    a population that talks about other things than the rest (a control set
    of everyday users) are expected to share its items more. A null that
    spreads everyone over the whole data reads both as coordination.
    Computed for the ``tested`` items (a mask; or items x sets, one column
    of expectations per set) in the overlap of the two spans from prefix
    sums over time. Probabilities are not capped at 1 (expectations can only
    grow)."""
    block = np.zeros(len(d), dtype=np.int64) if block is None else np.asarray(block, dtype=np.int64)
    k_block = k[:, None] if k_block is None else k_block
    M = span_totals(first, last, when, k_block, block) if totals is None else totals
    masks = tested[:, None] if tested.ndim == 1 else tested
    items = np.flatnonzero(masks.any(axis=1))
    items = items[np.argsort(when[items], kind="stable")]
    t, masks = when[items], masks[items]
    out = np.zeros((len(a), masks.shape[1]))
    if len(a) and len(items):
        lo, hi = np.maximum(first[a], first[b]), np.minimum(last[a], last[b])
        start, stop = np.searchsorted(t, lo, side="left"), np.searchsorted(t, hi, side="right")
        denom = M[a] * M[b]
        scale = np.divide(d[a] * d[b], denom, out=np.zeros(len(a)), where=(denom > 0) & (hi >= lo))
        # pairs grouped by their two populations: one prefix sum per combination and item set
        n_blocks = int(block.max()) + 1
        combo = block[a] * n_blocks + block[b]
        for key in np.flatnonzero(np.bincount(combo, minlength=n_blocks * n_blocks)):
            A, B = divmod(int(key), n_blocks)
            sel = np.flatnonzero(combo == key)
            w = k_block[items, A] * k_block[items, B] * share[items]
            for c in range(masks.shape[1]):
                Q = np.r_[0.0, np.cumsum(np.where(masks[:, c], w, 0.0))]
                out[sel, c] = (Q[stop[sel]] - Q[start[sel]]) * scale[sel]
    return out[:, 0] if tested.ndim == 1 else out


def binomial_tail(observed: np.ndarray, expected: np.ndarray, n_items: int) -> np.ndarray:
    """P(X >= observed) for X ~ Binomial(n_items, expected / n_items): the
    tail of a sum of ``n_items`` Bernoulli variables with mean ``expected``.
    With unequal probabilities (a Poisson-binomial) the binomial of the same
    mean has the larger upper tail beyond the mean (Hoeffding 1956), so the
    p-value errs on the side of caution; unlike a Poisson it never exceeds
    ``n_items`` (a certain co-action gets p = 1, not 0.63)."""
    observed = np.asarray(observed, dtype=float)
    q = np.clip(np.asarray(expected, dtype=float) / max(n_items, 1), 0.0, 1.0)
    return stats.binom.sf(observed - 1, max(n_items, 1), q)


def benjamini_hochberg(p: np.ndarray, n_tests: int) -> np.ndarray:
    """Benjamini-Hochberg q-values of ``p`` when ``n_tests`` hypotheses were
    tested in all; the untested ones (pairs that shared nothing) count with
    p = 1, so they rank last and only enlarge the correction."""
    p = np.asarray(p, dtype=float)
    if n_tests < len(p):
        raise ValueError(f"n_tests ({n_tests}) is smaller than the number of p-values ({len(p)})")
    if len(p) == 0:
        return p
    order = np.argsort(p, kind="stable")
    scaled = p[order] * n_tests / np.arange(1, len(p) + 1)
    q = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    out = np.empty_like(q)
    out[order] = q
    return out


#: Popularity strata (distinct accounts per item): [2, 3), [3, 5), ... A pair
#: is tested in each stratum and the smallest p-value, times the number of
#: strata with items (Bonferroni), is its p-value. Without strata, three
#: rare items shared by two accounts drown in the five viral tweets everyone
#: shares: the count would be 8 against an expectation of about 5.
STRATA: tuple[float, ...] = (2, 3, 5, 10, 30, 100, 1000, np.inf)


def stratum_labels() -> list[str]:
    """Readable names of the popularity strata."""
    return [f"items of {lo:g} account(s)" if hi == lo + 1 else
            f"items of {lo:g}+ accounts" if np.isinf(hi) else f"items of {lo:g}-{hi - 1:g} accounts"
            for lo, hi in zip(STRATA[:-1], STRATA[1:])]


def shared_items(acct: np.ndarray, item: np.ndarray) -> pd.DataFrame:
    """Every (a, b, item) with a < b both acting on the item, at any time."""
    df = pd.DataFrame({"acct": acct, "item": item}).drop_duplicates()
    m = df.merge(df, on="item", suffixes=("_a", "_b"))
    m = m[m["acct_a"] < m["acct_b"]]
    return pd.DataFrame({"a": m["acct_a"].to_numpy(), "b": m["acct_b"].to_numpy(), "item": m["item"].to_numpy()})


def stratum_of(popularity: pd.Series) -> pd.Series:
    """Each item's popularity stratum (index into :data:`STRATA`)."""
    return pd.Series(np.searchsorted(np.asarray(STRATA), popularity.to_numpy(), side="right") - 1,
                     index=popularity.index)


def counts_from_triples(shared: pd.DataFrame, strata: pd.Series) -> pd.DataFrame:
    """Items each pair shares, per stratum: rows (a, b), one column per
    stratum, from distinct (a, b, item) triples, as :func:`shared_items`
    gives them (``strata``: item -> stratum)."""
    tri = shared.assign(stratum=strata.reindex(shared["item"]).to_numpy())
    return tri.groupby(["a", "b", "stratum"]).size().unstack(fill_value=0)


def counts_sparse(acct: np.ndarray, item: np.ndarray, strata: pd.Series, n_accounts: int,
                  max_popularity: float = np.inf) -> pd.DataFrame:
    """As :func:`counts_from_triples` for co-actions at any time, without
    listing triples: per stratum, the upper triangle of B B^T (B the 0/1
    account x item matrix of the stratum's items), so memory follows the
    number of pairs, not the sum of squared popularities. Items used by more
    than ``max_popularity`` accounts are left out."""
    import scipy.sparse as sp

    df = pd.DataFrame({"acct": acct, "item": item}).drop_duplicates()
    df["stratum"] = strata.reindex(df["item"]).to_numpy()
    k = df.groupby("item")["acct"].transform("size")
    df = df[(k >= 2) & (k <= max_popularity)]
    parts = []
    for s, g in df.groupby("stratum", sort=True):
        codes, _ = pd.factorize(g["item"])
        B = sp.csr_matrix((np.ones(len(g), dtype=np.float64), (g["acct"].to_numpy(), codes)),
                          shape=(n_accounts, codes.max() + 1))
        C = sp.triu(B @ B.T, k=1).tocoo()
        parts.append(pd.DataFrame({"a": C.row.astype(np.int64), "b": C.col.astype(np.int64), "stratum": int(s),
                                   "n": np.rint(C.data).astype(np.int64)}))
    if not parts:
        return pd.DataFrame(index=pd.MultiIndex.from_arrays([[], []], names=["a", "b"]))
    long = pd.concat(parts, ignore_index=True)
    return pair_table(long["a"].to_numpy() * n_accounts + long["b"].to_numpy(), long["stratum"].to_numpy(),
                      long["n"].to_numpy(), n_accounts, name="stratum")


def count_significance(counts: pd.DataFrame, expected_by: dict[int, np.ndarray], n_items_by: dict[int, int],
                       n_accounts: int, labels: list[str] | None = None) -> pd.DataFrame:
    """Per pair of ``counts`` (rows a, b; columns strata): ``observed``,
    ``expected`` (sum over strata of ``expected_by[s]``, aligned with the
    rows), ``p_value`` (the smallest stratum p of the binomial tail with
    ``n_items_by[s]`` trials, times the number of strata with items), the
    ``stratum`` that gave it and ``q_value`` (Benjamini-Hochberg over all
    ``n_accounts (n_accounts - 1) / 2`` pairs). ``labels``: the strata's
    names (default: the popularity strata's)."""
    cols = ["a", "b", "observed", "expected", "p_value", "stratum", "q_value"]
    if counts.empty:
        return pd.DataFrame(columns=cols)
    labels = stratum_labels() if labels is None else labels
    pairs = counts.index.to_frame(index=False)
    # 2 where a pair shared nothing: a stratum it met in is always the one reported
    p_by = np.full((len(pairs), len(labels)), 2.0)
    expected = np.zeros(len(pairs))
    for s, exp_s in expected_by.items():
        expected += exp_s
        if s in counts.columns:
            obs = counts[s].to_numpy()
            p_by[:, s] = np.where(obs > 0, binomial_tail(obs, exp_s, n_items_by[s]), 2.0)
    best = p_by.argmin(axis=1)
    out = pairs.assign(observed=counts.sum(axis=1).to_numpy(), expected=expected,
                       p_value=np.minimum(1.0, p_by[np.arange(len(pairs)), best] * max(1, len(expected_by))),
                       stratum=np.asarray(labels, dtype=object)[best])
    out["a"], out["b"] = out["a"].astype(np.int64), out["b"].astype(np.int64)
    out["q_value"] = benjamini_hochberg(out["p_value"].to_numpy(), max(len(out), n_accounts * (n_accounts - 1) // 2))
    return out[cols]


def popularity_by_block(acct: np.ndarray, item: np.ndarray, block: np.ndarray, index: pd.Index) -> np.ndarray:
    """Distinct accounts of each population (``block``: each account's code)
    per item: items (in the order of ``index``) x populations."""
    acct = np.asarray(acct, dtype=np.int64)
    pos = index.get_indexer(item).astype(np.int64)
    acct, pos = acct[pos >= 0], pos[pos >= 0]
    n_acct, n_blocks = int(acct.max()) + 1 if len(acct) else 1, int(block.max()) + 1
    used = pd.unique(pos * n_acct + acct)  # each (item, account) once
    cell = (used // n_acct) * n_blocks + block[used % n_acct]
    return np.bincount(cell, minlength=len(index) * n_blocks).reshape(len(index), n_blocks).astype(float)


def degrees(acct: np.ndarray, item: np.ndarray, n_accounts: int) -> np.ndarray:
    """Distinct items per account (0 for accounts without any)."""
    degree = pd.DataFrame({"acct": acct, "item": item}).drop_duplicates().groupby("acct").size()
    return degree.reindex(range(n_accounts), fill_value=0).to_numpy()


def pair_significance(shared: pd.DataFrame | None, acct: np.ndarray, item: np.ndarray, n_accounts: int, *,
                      ts: np.ndarray | None = None,
                      profile: pd.DataFrame | None = None, counts: pd.DataFrame | None = None,
                      max_popularity: float = np.inf,
                      block: np.ndarray | list[np.ndarray] | tuple[np.ndarray, ...] | None = None) -> pd.DataFrame:
    """Per pair of ``shared`` (distinct a, b, item: an item both used, within the
    window when there is one): ``observed`` items shared, ``expected`` under
    the null, ``p_value`` (smallest stratum p x strata, see :data:`STRATA`),
    the ``stratum`` that gave it, and ``q_value`` (Benjamini-Hochberg over all
    ``n_accounts * (n_accounts - 1) / 2`` pairs). ``acct``, ``item``, ``ts``:
    the signal's actions, from which degrees, popularities and window shares
    are taken; with times, each account's activity is kept within its active
    span (:func:`expected_shared_spans`) (``profile``: popularities and
    shares given instead, when the
    co-action is a timed subset of a larger universe, as fast retweets are
    of retweets). ``counts``: the pair x stratum counts given instead of
    ``shared`` (from :func:`counts_sparse` or
    :func:`~.networks.windowed_counts`); ``max_popularity``: only items
    of at most this many accounts are tested (the rest count in the degrees
    and in M); ``block``: each account's population (with times only), or
    several such partitions (say campaigns, and campaigns by language): a
    composite null, each pair expected the most any of them expects, so a
    pair is significant only when no population model explains it (the
    supremum of the p-values over the models is a valid p-value)."""
    profile = item_profile(acct, item) if profile is None else profile
    strata = stratum_of(profile["popularity"])
    if counts is None:
        if shared is None or shared.empty:
            return count_significance(pd.DataFrame(), {}, {}, n_accounts)
        counts = counts_from_triples(shared, strata)
    if counts.empty:
        return count_significance(counts, {}, {}, n_accounts)
    pairs = counts.index.to_frame(index=False)
    a, b = pairs["a"].to_numpy(dtype=np.int64), pairs["b"].to_numpy(dtype=np.int64)
    d = degrees(acct, item, n_accounts)
    total = float(profile["popularity"].sum())
    expected_by, n_items_by = {}, {}
    tested = (profile["popularity"] >= 2) & (profile["popularity"] <= max_popularity)
    blocks = [None] if block is None else [block] if isinstance(block, np.ndarray) else list(block)
    if ts is not None:  # each account's activity kept within its active span (and population)
        when = pd.Series(item_times(item, ts, profile.index), index=profile.index)
        first, last = active_spans(acct, item, when, n_accounts)
        k_blocks = [None if bl is None else popularity_by_block(acct, item, bl, profile.index) for bl in blocks]
        totals = [None if bl is None else span_totals(first, last, when.to_numpy(), kb, bl)
                  for bl, kb in zip(blocks, k_blocks)]
    levels = sorted(set(strata[tested]))
    in_level = np.column_stack([((strata == s) & tested).to_numpy() for s in levels]) if levels else None
    if ts is not None and levels:  # a composite null: the largest expectation of its population models
        spans = np.max([expected_shared_spans(a, b, d.astype(float), first, last, when.to_numpy(),
                                              profile["popularity"].to_numpy(dtype=float),
                                              profile["window_share"].to_numpy(dtype=float), in_level, bl, kb, tot)
                        for bl, kb, tot in zip(blocks, k_blocks, totals)], axis=0)
    for c, s in enumerate(levels):
        in_s = in_level[:, c]
        expected_by[s] = expected_shared(d[a], d[b], profile[in_s], total) if ts is None else spans[:, c]
        n_items_by[s] = int(in_s.sum())
    return count_significance(counts, expected_by, n_items_by, n_accounts)
