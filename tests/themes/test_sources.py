"""Tests of :mod:`infoops.themes.sources`."""

from __future__ import annotations

import numpy as np

import infoops
from infoops import text
from infoops import themes as TH


def test_counts_in_duckdb_match_a_pandas_reference(sample_release):
    """top_items / value_shares run in DuckDB on the Dataset (any size) and
    give the same tables on a DataFrame and against plain pandas."""
    ds = infoops.load(sample_release, progress=False)
    tweets = ds.tweets
    ref = tweets[["campaign", "userid", "hashtags"]].explode("hashtags").dropna(subset=["hashtags"])
    ref["hashtags"] = ref["hashtags"].str.lower()
    ref = (ref.groupby(["campaign", "hashtags"]).agg(tweets=("userid", "size"), accounts=("userid", "nunique"))
           .reset_index().sort_values(["campaign", "tweets", "hashtags"], ascending=[True, False, True])
           .groupby("campaign").head(15).reset_index(drop=True))
    for source in (ds, tweets):
        got = TH.top_items(source, "hashtags", lower=True)
        assert got[["campaign", "hashtags"]].values.tolist() == ref[["campaign", "hashtags"]].values.tolist()
        assert got["tweets"].tolist() == ref["tweets"].tolist()
        assert got["accounts"].tolist() == ref["accounts"].tolist()
    doms = TH.top_items(ds, "domain", n=50)
    urls = [u for us in tweets["urls"] for u in us]
    expect = {text.url_domain(u) for u in urls} - {None}
    assert set(doms["domain"]) <= expect and len(doms)
    shares = TH.value_shares(ds, "tweet_language", n=100)
    counts = tweets.groupby(["campaign", "tweet_language"]).size()
    for r in shares.itertuples():
        assert r.tweets == counts[(r.campaign, r.tweet_language)]
    assert np.allclose(shares.groupby("campaign")["share"].sum(), 1.0)
