"""Coordination signals: exact small cases, the null models, and recovery of
the planted groups on the sample."""

from __future__ import annotations

import json

import nbformat
import numpy as np
import pandas as pd
import papermill as pm
import pytest

import infoops
from infoops import coordination as C
from infoops import paths

NB = paths.NOTEBOOKS_DIR / "03_coordination.ipynb"


def test_windowed_pairs_are_exact():
    # item 0: accounts 0,1 within 30 s, account 2 at +100 s; item 1: 0 and 1 at +500 s apart.
    acct = np.array([0, 1, 2, 0, 1, 1])
    item = np.array([0, 0, 0, 1, 1, 1])
    ts = np.array([0.0, 30.0, 130.0, 1000.0, 1500.0, 1010.0])
    e, dropped = C.windowed_pairs(acct, item, ts, window=60, max_item_accounts=100)
    assert dropped == 0
    assert e.sort_values(["a", "b"]).values.tolist() == [[0, 1, 2]]  # items 0 (0-30 s) and 1 (1000-1010 s)
    e2, _ = C.windowed_pairs(acct, item, ts, window=200, max_item_accounts=100)
    got = {(a, b): w for a, b, w in e2.values.tolist()}
    assert got == {(0, 1): 2, (0, 2): 1, (1, 2): 1}
    # a popular item beyond the cap is dropped and counted, not silently used
    e3, dropped3 = C.windowed_pairs(acct, item, ts, window=200, max_item_accounts=2)
    assert dropped3 == 1 and e3.values.tolist() == [[0, 1, 1]]


def test_cosine_edges_need_enough_shared_items():
    acct = np.array([0, 0, 0, 1, 1, 1, 2])
    item = np.array(["a", "b", "c", "a", "b", "c", "a"])
    M = C.incidence(acct, item, 3, 100)
    B = C.binary_incidence(acct, item, 3, 100)
    e = C.cosine_edges(M, 0.1, B, min_shared=3)
    assert e[["a", "b"]].values.tolist() == [[0, 1]] and e["weight"].iloc[0] == pytest.approx(1.0)
    assert len(C.cosine_edges(M, 0.1, B, min_shared=4)) == 0


def test_null_models_keep_what_they_should():
    rng = np.random.default_rng(0)
    ev = pd.DataFrame({"acct": [0, 0, 1, 1, 2], "ts": [86400 * 3 + 10, 86400 * 5 + 20, 86400 * 3 + 30, 86400 * 4,
                                                        86400 * 9 + 5]})
    perm = C._null_events(ev, "account-permute", rng)
    assert sorted(perm["acct"]) == sorted(ev["acct"]) and perm["ts"].tolist() == ev["ts"].tolist()
    days = C._null_events(ev, "day-permute", rng)
    assert ((days["ts"] % 86400).round(6) == (ev["ts"] % 86400).round(6)).all()  # time of day kept
    assert days["acct"].tolist() == ev["acct"].tolist()


def test_creation_batches_and_rare_clients():
    rng = np.random.default_rng(1)
    dates = list(pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 1500, 200), unit="D"))
    dates += [pd.Timestamp("2017-06-01")] * 8
    acc = pd.DataFrame({"userid": [f"u{i}" for i in range(len(dates))], "account_creation_date": dates})
    b = C.creation_batches(acc, pd.Index(acc["userid"]), 0.01)
    assert b["date"].tolist() == [pd.Timestamp("2017-06-01")] and b["accounts"].iloc[0] == 8
    ev = pd.DataFrame({"acct": [0, 0, 1, 1, 2, 3, 3], "tweet_client_name": ["BotApp", "BotApp", "BotApp", "Twitter Web Client",
                                                                             "BotApp", "Twitter for Android", "BotApp"]})
    rc = C.rare_clients(ev, pd.Index(["a", "b", "c", "d"]), 12)
    # main client = at least half the account's tweets; official apps never count
    assert rc["client"].tolist() == ["BotApp"] and rc["members"].iloc[0] == ["a", "b", "c", "d"]


@pytest.fixture(scope="module")
def sample_result(sample_release):
    ds = infoops.load(sample_release, progress=False)
    res = C.run(ds.tweets, ds.accounts, C.CoordParams())
    truth = json.loads((sample_release / "ground_truth" / "truth.json").read_text())
    roles = pd.read_csv(sample_release / "ground_truth" / "accounts.csv", dtype=str, keep_default_na=False)
    return ds, res, truth, roles


def test_every_planted_group_is_recovered_with_few_false_positives(sample_result):
    ds, res, truth, roles = sample_result
    rec, fp = C.recovery(res, truth, roles)
    assert len(rec) == 8
    assert (rec["precision"] >= 0.9).all() and (rec["recall"] >= 0.9).all(), rec
    assert fp.set_index("role").loc["organic + control", "share_flagged"] <= 0.02


def test_raw_counts_without_the_null_would_flag_organic_accounts(sample_result):
    """Why the baseline matters: with a one-hour co-retweet window and the
    usual minimum weight of 2, raw counts reach many organic accounts (they
    share popular retweets by chance); edges above the null do not."""
    ds, res, truth, roles = sample_result
    p = C.CoordParams(retweet_window=3600.0, n_null=5)
    ev, users = C.prepare_events(ds.tweets, p.min_tweets)
    sig = next(s for s in C.signals(p) if s.name == "co_retweet")
    edges, _ = C.compute_signal(sig, ev, len(users), p)
    organic = set(roles.loc[roles["role"] == "organic", "userid"])

    def organic_in(e):
        return len(set(users[np.r_[e["a"].to_numpy(), e["b"].to_numpy()].astype(int)]) & organic)

    raw = organic_in(edges[edges["weight"] >= 2])
    null = C.null_max_weights(sig, ev, len(users), p, np.random.default_rng(0))
    kept = organic_in(edges[edges["weight"] > null.max()])
    assert raw > 50 and kept <= 0.02 * len(organic), (raw, kept)


def test_control_accounts_are_the_baseline(sample_result):
    ds, res, truth, roles = sample_result
    flag = C.flagged_by_campaign(res, ["synthetic_control_201901"])
    ctrl = flag[flag["control"]]
    assert (ctrl["flagged"] == 0).all()
    v = C.verdicts(flag, ["synthetic_control_201901"]).set_index(["signal", "campaign"])
    assert v.loc[("co_retweet", "synthetic_venezuela_201901_1"), "verdict"].startswith("more coordinated")
    assert v.loc[("co_reply", "synthetic_venezuela_201901_1"), "verdict"].startswith("no more coordinated")


def test_fusion_groups_and_determinism(sample_result):
    ds, res, truth, roles = sample_result
    pairs, member = C.fuse(res, seed=0)
    pairs2, member2 = C.fuse(res, seed=0)
    assert pairs.equals(pairs2) and member.equals(member2)
    groups = C.group_table(member, pairs, ds.tweets)
    assert len(groups) >= 8 and groups["size"].sum() == len(member)
    planted = {g["group_id"]: set(g["members"]) for g in truth["planted_groups"]}
    by_group = member.groupby("group")["userid"].agg(set)
    # each planted group is mostly inside one detected group
    for gid, m in planted.items():
        assert max(len(m & s) for s in by_group) >= 0.8 * len(m), gid


@pytest.mark.parametrize("params,message", [
    ({"retweet_window": -5.0}, "retweet_window must be > 0"),
    ({"n_null": 2}, "n_null must be"),
    ({"near_duplicate_threshold": 1.5}, "near_duplicate_threshold must be"),
])
def test_notebook_bad_parameters_stop_early(tmp_path, params, message):
    with pytest.raises(pm.PapermillExecutionError) as e:
        pm.execute_notebook(str(NB), str(tmp_path / "x.ipynb"), parameters={"output_dir": str(tmp_path), **params},
                            cwd=str(paths.NOTEBOOKS_DIR), kernel_name="python3", progress_bar=False)
    assert message in e.value.evalue and e.value.exec_count <= 3


def test_notebook_on_real_excerpt_with_a_control_dataset(realdata, tmp_path, sample_release):
    """Real excerpt as the data, the synthetic control set as an external
    control dataset: runs to the end, writes its tables, and names the control."""
    ctrl = tmp_path / "controls"
    ctrl.mkdir()
    for f in sample_release.glob("synthetic_control_*"):
        (ctrl / f.name).write_bytes(f.read_bytes())
    out = tmp_path / "out"
    pm.execute_notebook(str(NB), str(tmp_path / "x.ipynb"),
                        parameters={"output_dir": str(out), "data_paths": str(realdata / "russia_201901_1_head407.csv"),
                                    "control_paths": str(ctrl), "n_null": 5},
                        cwd=str(paths.NOTEBOOKS_DIR), kernel_name="python3", progress_bar=False)
    nb = nbformat.read(tmp_path / "x.ipynb", as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "control campaigns (baseline): synthetic_control_201901" in text
    s = pd.read_csv(out / "tables" / "signals_vs_null.csv")
    assert len(s) == 13 and "null_max_weight" in s.columns
    assert (out / "tables" / "verdicts.csv").exists() and (out / "figures" / "signals_vs_null.svg").exists()


@pytest.mark.parametrize("name", ["co_retweet", "near_duplicate", "co_hashtag", "synchronized_activity"])
def test_null_from_items_extracted_once_equals_permuting_every_event(sample_result, name):
    """The nulls redraw accounts on items extracted once (and reuse the
    near-duplicate text pairs): the same realizations as permuting the
    accounts of all events and extracting the items again each time."""
    ds, *_ = sample_result
    p = C.CoordParams(n_null=3)
    ev, users = C.prepare_events(ds.tweets, p.min_tweets)
    sig = next(s for s in C.signals(p) if s.name == name)
    fast = C.null_max_weights(sig, ev, len(users), p, np.random.default_rng(5))
    rng = np.random.default_rng(5)
    slow = []
    for _ in range(p.n_null):
        edges, _ = C.compute_signal(sig, C._null_events(ev, sig.null, rng), len(users), p)
        slow.append(float(edges["weight"].max()) if len(edges) else 0.0)
    assert fast.tolist() == slow
    # the events themselves are left as they were
    assert (ev["acct"].to_numpy() == C.prepare_events(ds.tweets, p.min_tweets)[0]["acct"].to_numpy()).all()


def test_cosine_edges_by_blocks_equal_the_full_product():
    import scipy.sparse as sp

    rng = np.random.default_rng(0)
    acct, item = rng.integers(0, 700, 20000), rng.integers(0, 300, 20000).astype(str)
    M, B = C.incidence(acct, item, 700, 10**6), C.binary_incidence(acct, item, 700, 10**6)
    S = sp.triu(M @ M.T, k=1).tocsr()
    shared = sp.triu(B @ B.T, k=1).tocsr()
    shared.data = (shared.data >= 5).astype(np.float32)
    S = S.multiply(shared).tocoo()
    keep = S.data >= 0.2
    full = pd.DataFrame({"a": S.row[keep], "b": S.col[keep], "weight": S.data[keep].astype(float)})
    full = full.sort_values(["a", "b"]).reset_index(drop=True)
    got = C.cosine_edges(M, 0.2, B, 5, block=97)
    assert len(got) > 1000
    assert got[["a", "b"]].values.tolist() == full[["a", "b"]].values.tolist()
    assert np.array_equal(got["weight"].to_numpy(), full["weight"].to_numpy())
