"""Tests of :mod:`infoops.report.context`: one call starts a notebook."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import tweet_rows, write_csv

from infoops import timing
from infoops.report.context import notebook_parameters, start


def _namespace(**over):
    ns = {"data_paths": "", "event_date": "2019-01-23", "window_days_before": 60, "window_days_after": 28,
          "local_tz": "UTC", "output_dir": "", "seed": 0, "campaign": "", "unrelated": 1}
    ns.update(over)
    return ns


def test_parameters_come_from_the_notebooks_parameters_cell():
    names = notebook_parameters("01_timing")
    assert {"data_paths", "event_date", "local_tz", "output_dir", "seed"} <= set(names) and "unrelated" not in names


def test_start_checks_loads_and_saves_with_the_right_stamp(tmp_path, capsys):
    f = write_csv(tmp_path / "real_201901_tweets_csv_hashed.csv", tweet_rows(3))
    ctx = start("01_timing", _namespace(data_paths=str(f), output_dir=str(tmp_path / "out")),
                timing.TimingParams.from_params, show=False)
    assert ctx.checked.tz == "UTC" and ctx.params["data_paths"] == str(f) and "unrelated" not in ctx.params
    assert not ctx.synthetic and ctx.truth is None and ctx.planted("accounts") is None
    df = ctx.table(pd.DataFrame({"x": [1]}), "t")
    assert list(pd.read_csv(tmp_path / "out" / "tables" / "t.csv").columns) == ["x"] and df["x"].tolist() == [1]
    assert (tmp_path / "out" / "tables" / "provenance.csv").exists() is False
    ctx.provenance()
    assert (tmp_path / "out" / "tables" / "provenance.csv").exists()


def test_synthetic_data_brings_truth_and_stamps(sample_release, tmp_path):
    ctx = start("01_timing", _namespace(data_paths=str(sample_release), output_dir=str(tmp_path)),
                timing.TimingParams.from_params, show=False)
    assert ctx.synthetic and ctx.truth["config"]["event_date"] == "2019-01-23"
    assert len(ctx.planted("accounts")) > 100
    ctx.table(pd.DataFrame({"x": [1]}), "t")
    assert pd.read_csv(tmp_path / "tables" / "t.csv")["data"].eq("SYNTHETIC").all()


def test_bad_parameters_stop_before_any_data_is_read(tmp_path):
    with pytest.raises(ValueError, match="window_days_before must be"):
        start("01_timing", _namespace(data_paths="does/not/exist", window_days_before=0),
              timing.TimingParams.from_params, show=False)
    users = write_csv(tmp_path / "x_users_csv_hashed.csv", [{}], columns=["userid", "user_display_name",
                                                                          "follower_count"])
    with pytest.raises(ValueError, match="holds no tweets files"):
        start("01_timing", _namespace(data_paths=str(users)), timing.TimingParams.from_params, show=False)


def test_campaign_parameter_is_one_name_or_a_mapping():
    from infoops.report.context import campaign_mapping

    assert campaign_mapping("") is None and campaign_mapping("venezuela_201901_1") == "venezuela_201901_1"
    assert campaign_mapping("a.csv=camp1; data/b.csv = camp2") == {"a.csv": "camp1", "data/b.csv": "camp2"}
    with pytest.raises(ValueError, match="file=campaign pairs"):
        campaign_mapping("a.csv=")
