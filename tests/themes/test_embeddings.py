"""Tests of :mod:`infoops.themes.embeddings`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infoops.themes import embeddings


def test_sample_index_is_seeded_sorted_and_capped():
    a = embeddings.sample_index(1000, 100, seed=3)
    assert len(a) == 100 and (np.diff(a) > 0).all() and (a == embeddings.sample_index(1000, 100, seed=3)).all()
    assert not (a == embeddings.sample_index(1000, 100, seed=4)).all()
    assert (embeddings.sample_index(50, 100, seed=3) == np.arange(50)).all()


def test_map_features_and_table_follow_the_documents():
    docs = pd.DataFrame({"tweetid": [str(i) for i in range(40)],
                         "clean": [f"word{i % 4} common text number{i % 7}" for i in range(40)]})
    idx, X = embeddings.map_features(None, None, docs, cap=30, min_df=2, seed=0)
    assert len(idx) == 30 and X.shape[0] == 30
    coords = np.column_stack([np.arange(30.0), -np.arange(30.0)])
    t = embeddings.map_table(docs, idx, coords, np.arange(40) % 3)
    assert t["tweetid"].tolist() == docs["tweetid"].iloc[idx].tolist() and t["topic"].tolist() == list(idx % 3)
