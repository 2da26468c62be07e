"""Tests of :mod:`infoops.cli`: the commands, in a subprocess as a user runs them."""

from __future__ import annotations

import subprocess
import sys

from helpers import tweet_rows, write_csv

from infoops.cli import main


def test_load_prints_what_was_read(tmp_path, capsys):
    write_csv(tmp_path / "x_tweets_csv_hashed.csv", tweet_rows(3))
    assert main(["load", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "read 3, loaded 3, rejected 0" in out


def test_generate_writes_a_synthetic_release(tmp_path, capsys):
    assert main(["generate", str(tmp_path / "g"), "--n-tweets", "3000", "--seed", "7"]) == 0
    assert "SYNTHETIC release written" in capsys.readouterr().out
    assert (tmp_path / "g" / "SYNTHETIC_DATA.txt").exists()


def test_module_entry_point_shows_help():
    out = subprocess.run([sys.executable, "-m", "infoops", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "sample" in out.stdout and "run" in out.stdout
