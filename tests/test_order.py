"""Rankings that do not depend on the CPU's sort or on last-bit noise."""

import numpy as np

from infoops.order import top_indices


def test_highest_first_and_ties_keep_their_order():
    scores = np.array([0.2, 0.9, 0.5, 0.9, 0.1])
    assert top_indices(scores).tolist() == [1, 3, 2, 0, 4]
    assert top_indices(scores, 2).tolist() == [1, 3]


def test_noise_below_the_resolution_is_a_tie():
    # 0.3 + 1e-13 is "the same score" computed on another CPU
    a = np.array([0.3, 0.3 + 1e-13, 0.1])
    b = np.array([0.3 + 1e-13, 0.3, 0.1])
    assert top_indices(a).tolist() == top_indices(b).tolist() == [0, 1, 2]


def test_real_differences_still_rank():
    assert top_indices(np.array([0.3, 0.3 + 1e-6]), 1).tolist() == [1]
