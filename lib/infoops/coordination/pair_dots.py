"""Statistics of pairs of rows of a sparse matrix, for a list of pairs: the
inner step of the exact check of similar-text candidates (dot products) and
of the rhythm null's expectations (a table of the two rows' counts). A
merge of two sorted rows per pair, compiled with numba and spread over the
cores (each pair is computed alone, so the result does not depend on the
number of threads)."""

from __future__ import annotations

import numba
import numpy as np
import scipy.sparse as sp


@numba.njit(parallel=True, cache=True)
def _merge(indptr, indices, data, T, a, b, out, dots):  # pragma: no cover - compiled
    # dots: out[n, 0] += product of the two values; else out[n, k] += T[c, k, da, db]
    for n in numba.prange(len(a)):
        i, ie = indptr[a[n]], indptr[a[n] + 1]
        j, je = indptr[b[n]], indptr[b[n] + 1]
        while i < ie and j < je:
            ci, cj = indices[i], indices[j]
            if ci == cj:
                if dots:
                    out[n, 0] += data[i] * data[j]
                else:
                    da, db = int(data[i]), int(data[j])
                    for k in range(T.shape[1]):
                        out[n, k] += T[ci, k, da, db]
                i += 1
                j += 1
            elif ci < cj:
                i += 1
            else:
                j += 1


def canonical_csr(M: sp.csr_matrix) -> sp.csr_matrix:
    """``M`` canonical (sorted, summed duplicates), its index arrays of one
    integer type (int32 kept: a copy to int64 of 54 million indices costs
    400 MB at full size), so repeated calls on one large matrix copy nothing."""
    M = sp.csr_matrix(M)
    M.sum_duplicates()
    if M.indices.dtype != M.indptr.dtype:
        M.indices = M.indices.astype(np.int64, copy=False)
        M.indptr = M.indptr.astype(np.int64, copy=False)
    return M


def _run(M: sp.csr_matrix, a: np.ndarray, b: np.ndarray, T: np.ndarray, k: int, dots: bool) -> np.ndarray:
    M = canonical_csr(M)
    if M.dtype not in (np.float32, np.float64):
        M = M.astype(np.float64)
    out = np.zeros((len(a), k))
    if len(a):
        _merge(M.indptr, M.indices, M.data, T, np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64),
               out, dots)
    return out


def pair_dots(M: sp.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The dot product of rows ``a[n]`` and ``b[n]`` of ``M``, for each n.
    Called often on one large matrix, give it :func:`canonical_csr`
    once: otherwise its indices are copied on every call."""
    return _run(M, a, b, np.zeros((1, 1, 1, 1)), 1, True)[:, 0]


def pair_table_sums(M: sp.csr_matrix, a: np.ndarray, b: np.ndarray, T: np.ndarray) -> np.ndarray:
    """For each pair (``a[n]``, ``b[n]``) of rows of ``M`` (whole-number
    counts): the sum over the columns c where both rows are nonzero of
    T[c, k, M[a, c], M[b, c]], one column per k: a pair statistic that is a
    table of the two counts, column by column, rather than their product."""
    M = canonical_csr(M)
    if T.ndim != 4 or T.shape[0] != M.shape[1] or (M.nnz and M.data.max() >= min(T.shape[2:])):
        raise ValueError(f"T must be (columns, k, counts, counts) covering every count; got {T.shape}")
    return _run(M, a, b, np.ascontiguousarray(T, dtype=np.float64), T.shape[1], False)
