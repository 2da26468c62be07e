"""A map of the documents (UMAP) and clusters of the optional multilingual
sentence embeddings (:mod:`infoops.sentences`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .documents import TooFewTerms, tfidf


def sample_index(n: int, cap: int, seed: int) -> np.ndarray:
    """Sorted indices of at most ``cap`` of ``n`` items (seeded)."""
    if n <= cap:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=cap, replace=False))


def umap_map(features, *, seed: int = 0, svd_components: int = 50, n_neighbors: int = 15) -> np.ndarray:
    """Two-dimensional UMAP of TF-IDF (after truncated SVD) or of dense
    embeddings; seeded (UMAP then runs single-threaded).

    The same map on every machine: UMAP amplifies any difference in what it
    is given, so its input, its curve parameters (a, b) and its starting
    layout are rounded to six decimals. The start is the features' first two
    principal components (sign-fixed by scikit-learn), an informative start
    (Kobak and Linderman 2021) that unlike the spectral one does not depend
    on an eigen-solver's arbitrary signs. The layout itself is numba code,
    compiled for a generic CPU when ``infoops`` is imported before numba.
    """
    import warnings

    from sklearn.decomposition import PCA, TruncatedSVD

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tqdm's notebook-widget notice on import
        import umap
        from umap.umap_ import find_ab_params

    if sp.issparse(features):
        n_comp = max(2, min(svd_components, features.shape[1] - 1, features.shape[0] - 1))
        # in double precision: float32 noise would survive the rounding below
        features = TruncatedSVD(n_components=n_comp, random_state=seed).fit_transform(features.astype(np.float64))
    features = np.round(np.asarray(features, dtype=float), 6)
    a, b = (round(float(v), 6) for v in find_ab_params(1.0, 0.1))
    start = np.round(PCA(n_components=2, random_state=seed).fit_transform(features), 6)
    reducer = umap.UMAP(n_components=2, n_neighbors=min(n_neighbors, len(features) - 1), a=a, b=b,
                        metric="cosine", init=start, random_state=seed)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="n_jobs value")  # seeded UMAP is single-threaded
        return reducer.fit_transform(features)


def cluster_embeddings(E: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """k-means clusters of embeddings (seeded)."""
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, random_state=seed, n_init=10).fit_predict(E)




def map_features(embeddings: np.ndarray | None, sampled: np.ndarray | None, docs: pd.DataFrame, cap: int,
                 min_df: int, seed: int) -> tuple[np.ndarray, object]:
    """Which documents the map shows (at most ``cap``, a seeded sample) and
    their features: the multilingual embeddings when the topics came from
    them, else the documents' TF-IDF; none when the documents have too few
    terms for a TF-IDF."""
    if embeddings is not None:
        return sampled, embeddings
    idx = sample_index(len(docs), cap, seed)
    try:
        return idx, tfidf(docs["clean"], min_df=min_df)[1][idx]
    except TooFewTerms:
        return idx[:0], None


#: The map is drawn from this many documents: fewer make no layout worth reading.
MAP_MIN_DOCS = 20


def map_note(idx: np.ndarray, n_docs: int, seed: int) -> str:
    """What the map shows: how many of the documents (sampled or not), or
    why there is none."""
    if len(idx) == 0 and n_docs:
        return "no map: no term is in enough documents (min_df) to place them"
    if len(idx) < MAP_MIN_DOCS:
        return f"no map: {len(idx):,} document(s), fewer than the {MAP_MIN_DOCS} a layout needs"
    return f"map of {len(idx):,} of {n_docs:,} documents" + (f" (SAMPLED, seed {seed})" if len(idx) < n_docs else "")


def map_table(docs: pd.DataFrame, idx: np.ndarray, coords: np.ndarray, topics: np.ndarray) -> pd.DataFrame:
    """Map coordinates with each document's tweet id and topic."""
    return pd.DataFrame({"tweetid": docs["tweetid"].iloc[idx].to_numpy(), "x": coords[:, 0], "y": coords[:, 1],
                         "topic": topics[idx]})
