"""Tests of :mod:`infoops.coordination.minhash` and the MinHash path of the
near-duplicate search."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infoops.coordination import CoordParams
from infoops.coordination import signals as S
from infoops.coordination.minhash import lsh_candidates, minhash_signatures


def _texts(rng: np.random.Generator, n: int, words: int = 15) -> list[str]:
    vocab = [f"w{k}" for k in range(3000)]
    return [" ".join(rng.choice(vocab, words)) for _ in range(n)]


def test_signatures_estimate_the_jaccard_of_word_pairs():
    rng = np.random.default_rng(0)
    base = _texts(rng, 1)[0].split()
    edited = base.copy()
    edited[7] = "changed"  # one word of 15: 12 of the 16 word pairs in either text are shared
    sig = minhash_signatures([" ".join(base), " ".join(edited), "other words entirely here"], 400, seed=1)
    agree = (sig[0] == sig[1]).mean()
    assert abs(agree - 12 / 16) < 0.07 and (sig[0] == sig[2]).mean() < 0.02
    assert (minhash_signatures([" ".join(base)], 400, seed=1) == sig[:1]).all()  # seeded
    assert not (minhash_signatures([" ".join(base)], 400, seed=2) == sig[:1]).all()
    assert (minhash_signatures([""], 4, 0) == np.iinfo(np.uint64).max).all()  # no words, no pair


def test_minhash_search_finds_near_copies_and_only_true_pairs():
    """Near copies (one word changed) within the window are found as by the
    exact search; every pair returned is a true one; identical texts and
    texts outside the window are not paired."""
    rng = np.random.default_rng(4)
    texts = _texts(rng, 600)
    ts = rng.uniform(0, 50_000, 600)
    copies = []
    for k in range(0, 120, 2):
        words = texts[k].split()
        words[int(rng.integers(0, 15))] = "edited"
        copies.append(" ".join(words))
    texts = texts + copies + [texts[1]]  # one identical copy
    ts = np.r_[ts, ts[0:120:2] + rng.uniform(-1000, 1000, 60), ts[1] + 10]
    items = pd.DataFrame({"acct": np.arange(len(texts)), "ts": ts, "item": texts})
    exact = S.near_duplicate_pairs(items, window=1800, threshold=0.7)
    lsh = S.near_duplicate_pairs(items, window=1800, threshold=0.7, search="minhash")
    got, want = set(zip(lsh["i"], lsh["j"])), set(zip(exact["i"], exact["j"]))
    assert got <= want and len(want) >= 55 and len(got) >= 0.95 * len(want)
    assert (1, len(texts) - 1) not in got  # identical: co_tweet's
    far = S.near_duplicate_pairs(items.assign(ts=items["ts"] * 1000), window=1800, threshold=0.7, search="minhash")
    assert far.empty


def test_buckets_past_the_cap_are_counted_not_paired():
    texts = ["the same template everyone posts today"] * 5 + ["the same template everyone posts today now"]
    codes, distinct = pd.factorize(pd.Series(texts))
    ts = np.arange(6, dtype=float)
    bands = list(lsh_candidates(distinct, codes, ts, 100.0, max_bucket=3))
    assert sum(skipped for _, _, skipped in bands) >= 5  # the five identical texts fill a bucket past 3
    bands = list(lsh_candidates(distinct, codes, ts, 100.0, max_bucket=10))
    found = {(int(i), int(j)) for a, b, _ in bands for i, j in zip(a, b)}
    assert found and all(j == 5 and i < 5 for i, j in found)  # only pairs with the different text


def test_the_search_follows_the_parameters_and_says_which():
    assert S.near_duplicate_search(10, CoordParams()) == "exact"
    assert S.near_duplicate_search(10, CoordParams(near_duplicate_exact_max_texts=5)) == "minhash"
    assert S.near_duplicate_search(10**9, CoordParams(near_duplicate_search="exact")) == "exact"
    items = pd.DataFrame({"acct": [0, 1], "ts": [0.0, 60.0], "item": ["vote today for the future of the country",
                                                                      "vote today for the future of our country"]})
    out = S.near_duplicate_items(items, 3600, 0.7, CoordParams(near_duplicate_exact_max_texts=1))
    assert out.attrs["method"].startswith("MinHash LSH") and out["item"].nunique() == 1
    assert S.near_duplicate_items(items, 3600, 0.7, CoordParams()).attrs["method"].startswith("exact")


def test_each_bands_candidates_are_the_rows_of_one_bucket_within_the_window():
    """Against the definition, pair by pair: rows whose band keys are equal,
    within the window, texts differing, from buckets of at most max_bucket
    rows; i before j in time order. Many rows repeat a few texts, so buckets
    hold several rows and some pass the cap."""
    from infoops.coordination.minhash import BANDS, ROWS, _band_keys, _hash_keys, _minima, word_pair_hashes

    rng = np.random.default_rng(8)
    base = _texts(rng, 40)
    rows = [base[int(k)] if rng.random() < 0.7 else base[int(k)] + " extra" for k in rng.integers(0, 40, 900)]
    code, distinct = pd.factorize(pd.Series(rows))
    ts = np.sort(rng.uniform(0, 20_000, len(rows)))
    ptr, hashes = word_pair_hashes(distinct)
    keys = _hash_keys(BANDS * ROWS, 0)
    got = list(lsh_candidates(distinct, code, ts, 3000.0, max_bucket=30, seed=0))
    assert len(got) == BANDS
    n_pairs = n_skipped = 0
    for band, (i, j, skipped) in enumerate(got):
        row_key = _band_keys(_minima(ptr, hashes, keys[band * ROWS:(band + 1) * ROWS]))[code]
        want, want_skipped = set(), 0
        for key in np.unique(row_key):
            members = np.flatnonzero(row_key == key)
            if len(members) > 30:
                want_skipped += len(members)
                continue
            want |= {(a, b) for a in members for b in members
                     if a < b and ts[b] - ts[a] <= 3000.0 and code[a] != code[b]}
        assert set(zip(i.tolist(), j.tolist())) == want and len(i) == len(want)
        assert skipped == want_skipped
        n_pairs, n_skipped = n_pairs + len(want), n_skipped + want_skipped
    assert n_pairs > 100 and n_skipped > 0
