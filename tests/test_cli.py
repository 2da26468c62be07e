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


def test_a_refused_file_is_one_line_on_stderr_with_status_2(tmp_path):
    bad = tmp_path / "camp_tweets.csv"
    bad.write_text("a,b\n1,2\n")
    out = subprocess.run([sys.executable, "-m", "infoops", "load", str(bad)], capture_output=True, text=True)
    assert out.returncode == 2 and out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert lines == [f"infoops load: {bad}: not in the archive format: its header (a, b) has none of the archive's "
                     "tweets or users columns (tweetid, userid, tweet_time, ...)"]
    debug = subprocess.run([sys.executable, "-m", "infoops", "load", str(bad), "--debug"], capture_output=True,
                           text=True)
    assert debug.returncode != 0 and "Traceback" in debug.stderr and "ArchiveError" in debug.stderr


def test_load_prints_a_table_per_campaign_on_the_mixed_excerpt(realdata, capsys):
    assert main(["load", str(realdata / "mixed_2020_2021_releases_sample650.csv"),
                 "--campaign-column", "campaign_inferred"]) == 0
    out = capsys.readouterr().out.split("per campaign:")[1]
    lines = {line.split()[0]: line.split() for line in out.strip().splitlines()[1:]}
    assert set(lines) == {"GRU_202012", "IRA_202012", "REA_0621", "uganda_0621"}
    header = out.strip().splitlines()[0].split()
    assert header[:3] == ["campaign", "accounts", "tweets"] and "replies" in header and "rows_rejected" in header
    # times take two columns each when split on spaces: check the counts by value
    assert lines["uganda_0621"][:3] == ["uganda_0621", "109", "580"] and {"379", "16", "118"} <= set(lines["uganda_0621"])


def test_load_of_a_users_file_alone_prints_its_campaign_table(tmp_path, capsys):
    from helpers import USER_BASE

    from infoops.archive.schema import USER_COLUMNS

    rows = [{"userid": f"{i:064x}"} for i in range(3)]
    f = write_csv(tmp_path / "camp_201901_users_csv_hashed.csv", rows, columns=USER_COLUMNS, base=USER_BASE)
    assert main(["load", str(f)]) == 0
    table = capsys.readouterr().out.split("per campaign:")[1].strip().splitlines()
    assert table[0].split() == ["campaign", "accounts", "rows_loaded", "rows_rejected", "value_issues"]
    assert table[1].split() == ["camp_201901", "3", "3", "0", "0"]


def test_load_reads_the_encoding_given(tmp_path, capsys):
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(2, tweet_text="Привет"))
    f.write_bytes(f.read_text(encoding="utf-8").encode("cp1251"))
    assert main(["load", str(f), "--encoding", "cp1251"]) == 0
    out = capsys.readouterr().out
    assert "read 2, loaded 2, rejected 0" in out and "encoding read as cp1251, as given" in out
