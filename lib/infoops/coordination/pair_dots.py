"""Dot products of the rows of a sparse matrix for a list of pairs, the
inner step of the rhythm null's expectations and of the exact check of
similar-text candidates: a merge of two sorted rows per pair, compiled with
numba and spread over the cores (each pair is computed alone, so the result
does not depend on the number of threads)."""

from __future__ import annotations

import numba
import numpy as np
import scipy.sparse as sp


@numba.njit(parallel=True, cache=True)
def _merge_dots(indptr, indices, data, G, a, b, out):  # pragma: no cover - compiled
    for n in numba.prange(len(a)):
        i, ie = indptr[a[n]], indptr[a[n] + 1]
        j, je = indptr[b[n]], indptr[b[n] + 1]
        while i < ie and j < je:
            ci, cj = indices[i], indices[j]
            if ci == cj:
                v = data[i] * data[j]
                for k in range(G.shape[1]):
                    out[n, k] += v * G[ci, k]
                i += 1
                j += 1
            elif ci < cj:
                i += 1
            else:
                j += 1


def pair_dots(M: sp.csr_matrix, a: np.ndarray, b: np.ndarray, G: np.ndarray | None = None) -> np.ndarray:
    """For each pair (``a[n]``, ``b[n]``) of rows of ``M``: the sum over
    columns c of M[a, c] M[b, c] G[c, k], one column per column k of ``G``
    (default: a column of ones, the plain dot product, returned as a vector).
    Called often on one large matrix, give it int64 indices once
    (:func:`with_int64_indices`): otherwise they are copied on every call."""
    M = sp.csr_matrix(M)
    if M.dtype not in (np.float32, np.float64):
        M = M.astype(np.float64)
    M.sum_duplicates()  # canonical: sorted, unique columns per row, as the merge needs (a no-op when it is)
    plain = G is None
    G = np.ones((M.shape[1], 1)) if plain else np.ascontiguousarray(G, dtype=np.float64)
    if G.ndim != 2 or G.shape[0] != M.shape[1]:
        raise ValueError(f"G must have one row per column of M ({M.shape[1]}), got shape {G.shape}")
    out = np.zeros((len(a), G.shape[1]))
    if len(a):
        _merge_dots(M.indptr.astype(np.int64, copy=False), M.indices.astype(np.int64, copy=False), M.data, G,
                    np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64), out)
    return out[:, 0] if plain else out


def with_int64_indices(M: sp.csr_matrix) -> sp.csr_matrix:
    """``M`` canonical (sorted, summed duplicates) with int64 index arrays, as
    :func:`pair_dots` uses them, so repeated calls copy nothing."""
    M = sp.csr_matrix(M)
    M.sum_duplicates()
    M.indices = M.indices.astype(np.int64, copy=False)
    M.indptr = M.indptr.astype(np.int64, copy=False)
    return M


@numba.njit(parallel=True, cache=True)
def _merge_tables(indptr, indices, data, T, a, b, out):  # pragma: no cover - compiled
    for n in numba.prange(len(a)):
        i, ie = indptr[a[n]], indptr[a[n] + 1]
        j, je = indptr[b[n]], indptr[b[n] + 1]
        while i < ie and j < je:
            ci, cj = indices[i], indices[j]
            if ci == cj:
                da, db = int(data[i]), int(data[j])
                for k in range(T.shape[1]):
                    out[n, k] += T[ci, k, da, db]
                i += 1
                j += 1
            elif ci < cj:
                i += 1
            else:
                j += 1


def pair_table_sums(M: sp.csr_matrix, a: np.ndarray, b: np.ndarray, T: np.ndarray) -> np.ndarray:
    """For each pair (``a[n]``, ``b[n]``) of rows of ``M`` (whole-number
    counts): the sum over the columns c where both rows are nonzero of
    T[c, k, M[a, c], M[b, c]], one column per k: a pair statistic that is a
    table of the two counts, column by column, rather than their product."""
    M = with_int64_indices(M)
    if T.ndim != 4 or T.shape[0] != M.shape[1] or (M.nnz and M.data.max() >= min(T.shape[2:])):
        raise ValueError(f"T must be (columns, k, counts, counts) covering every count; got {T.shape}")
    out = np.zeros((len(a), T.shape[1]))
    if len(a):
        _merge_tables(M.indptr, M.indices, M.data, np.ascontiguousarray(T, dtype=np.float64),
                      np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64), out)
    return out
