"""Tests of :mod:`infoops.checks`: plain messages naming the parameter."""

from __future__ import annotations

import pandas as pd
import pytest

from infoops import checks


def test_event_date_is_a_utc_day():
    assert checks.event_date("2019-01-23") == pd.Timestamp("2019-01-23", tz="UTC")
    assert checks.event_date("2019-01-23T18:30:00-04:00") == pd.Timestamp("2019-01-23", tz="UTC")


@pytest.mark.parametrize("call,message", [
    (lambda: checks.event_date("yesterday"), "event_date 'yesterday' is not a date"),
    (lambda: checks.whole_number("n_null", 2.5, 5), "n_null must be a whole number >= 5, got 2.5"),
    (lambda: checks.whole_number("n_null", True, 0), "n_null must be a whole number"),
    (lambda: checks.whole_number("seed", -1, 0), "seed must be a whole number >= 0, got -1"),
    (lambda: checks.time_zone("Mars/Olympus"), "'Mars/Olympus' .local_tz. is not in the time-zone database"),
])
def test_bad_values_name_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_good_values_pass_through():
    assert checks.whole_number("k", 3, 0) == 3 and checks.time_zone("America/Caracas") == "America/Caracas"


def test_one_value_or_pairs():
    assert checks.one_or_pairs("p", " ", "a=b") is None and checks.one_or_pairs("p", "x", "a=b") == "x"
    assert checks.one_or_pairs("p", "a = 1; b=2 ;", "a=b") == {"a": "1", "b": "2"}
    with pytest.raises(ValueError, match=r"p 'a=1; =2': write one value, or k=v pairs separated by semicolons"):
        checks.one_or_pairs("p", "a=1; =2", "k=v")
