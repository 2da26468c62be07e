"""Tests of :mod:`infoops.coordination.pair_dots`."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from infoops.coordination.pair_dots import pair_dots


def test_pair_dots_equal_the_dense_products():
    rng = np.random.default_rng(2)
    M = sp.random(60, 40, density=0.15, random_state=3, format="csr")
    a, b = rng.integers(0, 60, 500), rng.integers(0, 60, 500)
    dense = M.toarray()
    want = (dense[a] * dense[b]).sum(axis=1)
    assert np.allclose(pair_dots(M, a, b), want) and (want > 0).any()
    assert np.allclose(pair_dots(M.astype(np.float32), a, b), want, atol=1e-6)
    # unsorted columns and duplicate entries are summed first, as scipy would
    coo = sp.coo_matrix(([1.0, 2.0, 3.0], ([0, 0, 1], [2, 2, 2])), shape=(2, 4))
    assert pair_dots(coo.tocsr(), np.array([0]), np.array([1])).tolist() == [9.0]
    assert pair_dots(M, np.empty(0, int), np.empty(0, int)).shape == (0,)


def test_pair_table_sums_look_up_both_counts_in_common_columns():
    from infoops.coordination.pair_dots import pair_table_sums

    M = sp.csr_matrix(np.array([[1, 2, 0], [2, 0, 1], [1, 1, 1]], dtype=float))
    T = np.zeros((3, 2, 3, 3))
    T[0, 0] = np.arange(9).reshape(3, 3)  # column 0: T[.., da, db] = 3 da + db
    T[1, 1, 2, 1] = 10.0
    T[2, 0, 1, 1] = 100.0
    out = pair_table_sums(M, np.array([0, 0, 1]), np.array([1, 2, 2]), T)
    # (0, 1) share column 0 only: 3*1 + 2 = 5; (0, 2) share 0 and 1: 3 + 1, and T[1, 1, 2, 1] = 10;
    # (1, 2) share 0 and 2: 3*2 + 1 = 7 and 100
    assert out.tolist() == [[5.0, 0.0], [4.0, 10.0], [107.0, 0.0]]
    with pytest.raises(ValueError, match="covering every count"):
        pair_table_sums(M, np.array([0]), np.array([1]), np.zeros((3, 1, 2, 2)))
