"""Tests of :mod:`infoops.themes.summary`."""

from __future__ import annotations

import pandas as pd

from infoops import themes


def test_summary_names_the_distinctive_terms_per_campaign(loaded):
    ds = loaded[0]
    docs, accounting = themes.prepare_documents(ds.tweets)
    lt = themes.fit(docs, embedding="tfidf", n_topics=4, min_df=5, seed=0, cap=500)
    lo = pd.DataFrame({"campaign": ["c1"] * 3, "term": ["up", "mid", "down"], "z": [5.0, 0.1, -4.0]})
    acc = accounting.iloc[:1].assign(campaign="c1")
    s = themes.summary_table(acc, themes.topic_table(lt, docs), lo, lt).iloc[0]
    assert s["after_event"].startswith("up") and s["before_event"].startswith("down") and s["method"] == lt.method
    assert lt.method.startswith("tfidf") and (lt.selection["k"] == 4).all()
