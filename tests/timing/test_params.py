"""Tests of :mod:`infoops.timing.params`."""

from __future__ import annotations

import pytest

from infoops import timing as T


@pytest.mark.parametrize("args,msg", [
    (("not a date", 60, 28, "UTC"), "is not a date"),
    (("2019-01-23", 60, 28, "Mars/Olympus"), "not in the time-zone database"),
    (("2019-01-23", 0, 28, "UTC"), "window_days_before must be"),
    (("2019-01-23", 60, 2.5, "UTC"), "window_days_after must be"),
])
def test_bad_parameters_give_plain_messages(args, msg):
    with pytest.raises(ValueError, match=msg):
        T.check_params(*args)
