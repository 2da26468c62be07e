"""Tests of :mod:`infoops.synthetic.texts`."""

from __future__ import annotations

import numpy as np

from infoops.synthetic import vocab
from infoops.synthetic.texts import TextMaker


def test_texts_use_their_themes_vocabulary_and_are_seeded():
    a, b = TextMaker(np.random.default_rng(5)), TextMaker(np.random.default_rng(5))
    texts = [a.body("sanctions_economy", "es") for _ in range(50)]
    assert texts == [b.body("sanctions_economy", "es") for _ in range(50)]
    phrases = [p.lower() for p in vocab.PHRASES["sanctions_economy"]["es"]]
    assert all(any(p in t.lower() for p in phrases) for t in texts)
    assert 0.05 < np.mean(["\n" in t for t in texts]) < 0.6  # line breaks, as real texts have
    tags = [t for _ in range(200) for t in a.hashtags("sanctions_economy", "en")]
    assert set(tags) <= set(vocab.THEME_HASHTAGS["sanctions_economy"]["en"]) | set(vocab.POPULAR_HASHTAGS["en"])
    assert a.url("venezuela_201901_1").startswith("https://")
