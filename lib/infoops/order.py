"""Orderings that are the same on every machine.

NumPy's default sort uses the CPU's vector instructions where it can, and
those order equal values differently from one CPU to the next; iterative
fits (NMF, UMAP) agree between machines only to about 1e-12. So a ranking
of scores must round away that noise and break ties by position, or a
"top 10 words" list changes order from machine to machine.
"""

from __future__ import annotations

import numpy as np

#: Scores are compared at this many decimals: far below what any method here
#: resolves, far above the last-bit noise between CPUs.
DECIMALS = 9


def top_indices(scores: np.ndarray, n: int | None = None) -> np.ndarray:
    """Indices of the ``n`` highest scores (all when ``n`` is None), highest
    first; equal scores (at :data:`DECIMALS`) keep their original order."""
    order = np.argsort(-np.round(np.asarray(scores, dtype=float), DECIMALS), kind="stable")
    return order if n is None else order[:n]
