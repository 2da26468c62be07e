"""The closed-form tests on the count signals: a group sharing rare URLs hours
apart is found at any time, decoys sharing viral URLs are not."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infoops.coordination import CoordParams, all_signals, signal_tests
from infoops.coordination.closed_form import agreement, closed_form_tests


def _events(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for acct in range(60):
        for k in range(20):  # ordinary tweets: own links, 5 viral ones and 400 shared by a few by chance
            r = rng.random()
            url = f"https://viral.example/{rng.integers(5)}" if r < 0.3 else \
                f"https://news.example/{rng.integers(400)}" if r < 0.7 else f"https://own{acct}.example/{k}"
            rows.append((acct, float(rng.integers(0, 90 * 86400)), [url]))
    for acct in range(5):  # the group: 4 rare URLs, each posted by every member hours to days apart
        for u in range(4):
            rows.append((acct, float(u * 86400 * 7 + acct * 5 * 3600), [f"https://rare.example/{u}"]))
    ev = pd.DataFrame(rows, columns=["acct", "ts", "urls"])
    ev["is_rt"] = False
    return ev


def test_rare_urls_shared_hours_apart_are_found_and_viral_ones_ignored():
    ev, p = _events(), CoordParams()
    tests, _ = closed_form_tests(ev, 60, p, ["co_url", "co_url_any"])
    anytime = tests[(tests["signal"] == "co_url_any") & tests["significant"]]
    assert set(zip(anytime["a"], anytime["b"])) == {(a, b) for a in range(5) for b in range(a + 1, 5)}
    assert (anytime["stratum"] == "items of 5-9 accounts").all()
    # within the one-hour window the group never meets: the windowed test finds nothing
    assert not tests.loc[tests["signal"] == "co_url", "significant"].any()
    # organic pairs sharing links by chance were tested and none passed; viral links (every
    # account) are no evidence at any time and are not counted
    organic = tests[(tests["signal"] == "co_url_any") & (tests["a"] >= 5)]
    assert len(organic) > 200 and not organic["significant"].any()
    assert organic["observed"].max() < 6


def test_agreement_counts_pairs_and_accounts():
    tests = pd.DataFrame({"signal": ["s"] * 3, "a": [0, 0, 2], "b": [1, 2, 3], "significant": [True, True, False]})
    kept = pd.DataFrame({"signal": ["s", "s"], "a": [0, 2], "b": [1, 3]})
    row = agreement(tests, kept).iloc[0]
    assert (row["pairs_tested"], row["pairs_closed_form"], row["pairs_permutation"], row["pairs_both"]) == (3, 2, 2, 1)
    assert (row["accounts_closed_form"], row["accounts_permutation"], row["accounts_both"]) == (3, 4, 3)


def test_evidence_names_the_tweets_behind_each_pair():
    from infoops.coordination.closed_form import evidence_rows, pair_evidence

    ev, p = _events(), CoordParams()
    ev["tweetid"] = [f"t{i}" for i in range(len(ev))]
    tests, items_of = closed_form_tests(ev, 60, p, ["co_url", "co_url_any"])
    # a run keeps only each signal's evidence rows (the flagged accounts'), not all its items
    rows_of = {name: evidence_rows(items, tests[(tests["signal"] == name) & tests["significant"]])
               for name, items in items_of.items()}
    assert len(rows_of["co_url_any"]) < len(items_of["co_url_any"]) and rows_of["co_url"].empty
    ev_table = pair_evidence(tests, ev, rows_of)
    e = ev_table[(ev_table["a"] == 0) & (ev_table["b"] == 3)]
    # the rarest items first: the 4 group URLs (5 accounts each) after any link only the two
    # of them posted by chance, and before the viral ones
    assert e["item_accounts"].is_monotonic_increasing and e["item_accounts"].iloc[-1] > 5
    e = e[e["item"].str.startswith("https://rare.")]
    assert sorted(e["item"]) == [f"https://rare.example/{u}" for u in range(4)] and (e["item_accounts"] == 5).all()
    # account 0 posts rare URL u at week u, account 3 fifteen hours later
    assert (e["seconds_apart"] == 15 * 3600).all()
    row = e[e["item"] == "https://rare.example/2"].iloc[0]
    assert ev.loc[ev["tweetid"] == row["tweetid_a"], "acct"].item() == 0
    assert ev.loc[ev["tweetid"] == row["tweetid_b"], "ts"].item() == 2 * 86400 * 7 + 15 * 3600
    assert set(ev_table["signal"]) == {"co_url_any"} and (ev_table.groupby(["a", "b"]).size() <= 10).all()


def test_strongest_evidence_takes_the_pairs_with_the_smallest_q():
    from infoops.coordination.closed_form import strongest_evidence

    tests = pd.DataFrame({"signal": ["s", "s", "s"], "a": [0, 1, 2], "b": [5, 6, 7], "observed": [3, 4, 2],
                          "q_value": [1e-5, 1e-5, 1e-3]})
    evidence = pd.DataFrame({"signal": ["s"] * 4, "a": [0, 1, 2, 0], "b": [5, 6, 7, 5], "item": list("wxyz")})
    out = strongest_evidence(tests, evidence, n_pairs=2)
    assert out["item"].tolist() == ["x", "w", "z"]  # pair (1, 6) shares more at the same q
    long = "9c9cda9f6c324ae8d72dc0b6a50e740819307a713871286840b3e9e93a85e90a"
    out = strongest_evidence(tests.assign(a=long), evidence.assign(a=long), n_pairs=1)
    assert out["a"].tolist() == [long[:12]] and out["item"].tolist() == ["x"]


def test_fast_retweets_are_tested_among_all_retweets():
    # 40 accounts retweet 30 tweets each at leisure (hours after posting); 6 of them also
    # retweet 8 tweets within a minute of their posting. On fast retweets alone the 6 make
    # all of them and their overlap looks expected; among all retweets it does not.
    rng = np.random.default_rng(3)
    rows = []
    for acct in range(40):
        for tw in rng.choice(200, 30, replace=False):
            rows.append((acct, tw * 3600.0 + rng.uniform(7200, 20000), f"t{tw}", 7200.0))
    for acct in range(6):
        for tw in range(8):
            rows.append((acct, 1e6 + tw * 3600 + acct, f"fast{tw}", 10.0 + acct))
    ev = pd.DataFrame(rows, columns=["acct", "ts", "retweet_tweetid", "rt_latency"])
    ev["is_rt"], ev["urls"] = True, [[] for _ in range(len(ev))]
    p = CoordParams()
    tests, items_of = closed_form_tests(ev, 40, p, ["fast_retweet"])
    fast = tests[(tests["signal"] == "fast_retweet") & tests["significant"]]
    assert set(zip(fast["a"], fast["b"])) == {(a, b) for a in range(6) for b in range(a + 1, 6)}
    sig = next(s for s in all_signals(p) if s.name == "fast_retweet")
    alone = signal_tests(sig, items_of["fast_retweet"], 40, p)  # without the universe of all retweets
    assert len(alone) and not alone["significant"].any()


def test_a_signal_without_actions_gives_a_typed_empty_table():
    ev = _events().assign(is_rt=False, retweet_tweetid=None)  # no retweet at all
    tests, _ = closed_form_tests(ev, 60, CoordParams(), ["co_retweet"])
    assert tests.empty and tests["significant"].dtype == bool
    # a mask of it selects rows, not columns
    assert list(tests[tests["significant"]].columns) == list(tests.columns)


def test_populations_split_campaigns_by_language_and_merge_small_languages():
    """A language with at least min_accounts accounts in a campaign is its
    own population; a smaller one joins the campaign's largest; the null
    then tests against campaigns and populations both."""
    from infoops.coordination.closed_form import null_blocks, populations

    camp = ["v"] * 70 + ["c"] * 30
    lang = ["es"] * 50 + ["en"] * 12 + ["fr"] * 8 + ["en"] * 30
    ev = pd.DataFrame({"acct": np.arange(100), "campaign": camp})
    pops = populations(ev, 100, np.array(lang, dtype=object), min_accounts=10)
    assert pops["population"].value_counts().to_dict() == {"v / es": 58, "c / en": 30, "v / en": 12}
    camp_codes, lang_codes = null_blocks(pops)
    assert len(set(camp_codes)) == 2 and len(set(lang_codes)) == 3
    # without languages, or when no campaign splits, campaigns alone
    assert isinstance(null_blocks(populations(ev, 100, None)), np.ndarray)
    assert isinstance(null_blocks(populations(ev, 100, np.array(lang, dtype=object), min_accounts=60)), np.ndarray)

