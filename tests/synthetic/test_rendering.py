"""Tests of :mod:`infoops.synthetic.rendering`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infoops.synthetic import vocab


def test_theme_labels_match_the_text(loaded):
    ds, truth, labels, _ = loaded
    text = ds.tweets.set_index("tweetid")["tweet_text"].str.lower()
    originals = labels[(labels["kind"] == "original") & (labels["behaviour"] == "")]
    hits = [any(p.lower() in text[r.tweetid] for p in vocab.PHRASES[r.theme][r.language])
            for r in originals.itertuples()]
    assert np.mean(hits) > 0.98
    assert set(labels["theme"]) == set(vocab.THEMES)


def test_theme_mix_changes_after_the_event(loaded):
    ds, truth, labels, _ = loaded
    when = labels["tweetid"].map(ds.tweets.set_index("tweetid")["tweet_time"])
    labels = labels.assign(after=when >= pd.Timestamp(truth["config"]["event_date"], tz="UTC"))
    for camp in ("venezuela_201901_1", "venezuela_201901_2"):
        mix = pd.crosstab(labels[labels["campaign"] == camp]["after"], labels["theme"], normalize="index")
        assert mix.loc[True, "sovereignty_coup"] > 2 * mix.loc[False, "sovereignty_coup"]
        assert mix.loc[True, "humanitarian_aid"] > 3 * mix.loc[False, "humanitarian_aid"]
        assert mix.loc[True, "everyday_life"] < 0.5 * mix.loc[False, "everyday_life"]
