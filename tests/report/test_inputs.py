"""Tests of :mod:`infoops.report.inputs`."""

from __future__ import annotations

import pytest
from helpers import tweet_rows, write_csv

from infoops import paths
from infoops.report import inputs


def test_data_paths_resolve_to_files_or_the_sample(tmp_path):
    f = write_csv(tmp_path / "x_tweets_csv_hashed.csv", tweet_rows(2))
    g = write_csv(tmp_path / "y_tweets_csv_hashed.csv", tweet_rows(2))
    assert inputs.resolve_data(f"{f}, {g}") == [f, g]
    assert inputs.resolve_data("") == [paths.SAMPLE_DIR]
    with pytest.raises(ValueError, match="data_paths: 'nowhere/at_all' does not exist"):
        inputs.resolve_data("nowhere/at_all")


def test_names_and_output_folders(tmp_path):
    assert inputs.dataset_name([paths.SAMPLE_DIR]) == "sample"
    assert inputs.dataset_name([tmp_path / "venezuela_201901_1_tweets_csv_hashed_1.csv.gz",
                                tmp_path / "my data"]) == "venezuela_201901_1_tweets_csv_hashed_1+my_data"
    out = inputs.output_dir(str(tmp_path / "o"), [], "01_timing")
    assert out == tmp_path / "o" and out.is_dir()
    assert [n.stem for n in inputs.notebooks(["02"])] == ["02_themes"]


def test_a_relative_output_folder_is_taken_from_the_project_root(tmp_path, monkeypatch):
    """As data_paths are, whatever folder the kernel runs in (papermill may
    start it in notebooks/)."""
    monkeypatch.setattr(paths, "PROJECT_ROOT", tmp_path / "root")
    monkeypatch.chdir(tmp_path)
    out = inputs.output_dir("runs/x", [], "03_coordination")
    assert out == tmp_path / "root" / "runs" / "x" and out.is_dir() and not (tmp_path / "runs").exists()


def test_control_campaigns_from_paths_or_names(tmp_path):
    write_csv(tmp_path / "main" / "camp_201901_tweets_csv_hashed.csv", tweet_rows(2))
    write_csv(tmp_path / "ctl" / "other_201901_tweets_csv_hashed.csv", tweet_rows(2, start_ms=1547653780000))
    ds = inputs.load_dataset([tmp_path / "main", tmp_path / "ctl"])
    assert inputs.control_campaigns(ds, [tmp_path / "ctl"]) == ["other_201901"]
    assert inputs.control_campaigns(ds, []) == []
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="data_paths: .*no archive tweets or users files found"):
        inputs.load_dataset([tmp_path / "empty"])
