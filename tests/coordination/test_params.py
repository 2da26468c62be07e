"""Tests of :mod:`infoops.coordination.params`."""

from __future__ import annotations

import pytest

from infoops.coordination import CoordParams


def test_from_params_takes_the_fields_it_knows_and_types_them():
    p = CoordParams.from_params({"retweet_window": 30, "n_null": 7, "data_paths": "x", "seed": 3})
    assert p.retweet_window == 30.0 and isinstance(p.retweet_window, float)
    assert p.n_null == 7 and p.seed == 3 and p.text_window == CoordParams().text_window


@pytest.mark.parametrize("params,message", [
    ({"retweet_window": 0}, "retweet_window must be > 0"),
    ({"n_null": 2}, "n_null must be a whole number >= 5"),
    ({"rare_item_share": 1.5}, "rare_item_share must be between 0 and 1"),
    ({"permutation_check": "yes"}, "permutation_check must be True or False"),
])
def test_bad_values_stop_with_a_plain_message(params, message):
    with pytest.raises(ValueError, match=message):
        CoordParams.from_params(params)


def test_rare_items_are_relative_to_the_number_of_accounts():
    p = CoordParams()
    assert p.rare_item_accounts(100) == 10 and p.rare_item_accounts(5000) == 100
