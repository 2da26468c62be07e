"""Every notebook on the real excerpts in ../shared/realdata, as a user runs
them: thin, mixed and damaged data give honest answers (skipped when the
excerpts are absent)."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pandas as pd
import pytest
from helpers import REALDATA

from infoops.report import runner

MIXED = REALDATA / "mixed_2020_2021_releases_sample650.csv"
RUSSIA = REALDATA / "russia_201901_1_head407.csv"
FOUR = ["GRU_202012", "IRA_202012", "REA_0621", "uganda_0621"]


@pytest.fixture(scope="module")
def mixed_report(tmp_path_factory):
    if not MIXED.exists():
        pytest.skip(f"real archive excerpts not present at {REALDATA}")
    out = tmp_path_factory.mktemp("mixed")
    proc = subprocess.run([sys.executable, "-m", "infoops", "run", str(MIXED), "--param", "campaign_column=campaign_inferred",
                           "--param", "min_tweets=1", "--out", str(out / "r")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out / "r", proc


@pytest.mark.realdata
def test_mixed_excerpt_is_split_into_its_four_campaigns_in_every_notebook(mixed_report):
    out, proc = mixed_report
    assert sorted(pd.read_csv(out / "01_timing" / "tables" / "summary.csv")["campaign"]) == FOUR
    assert sorted(pd.read_csv(out / "02_themes" / "tables" / "summary.csv")["campaign"]) == FOUR
    assert sorted(pd.read_csv(out / "03_coordination" / "tables" / "flagged_by_campaign.csv")["campaign"].unique()) == FOUR
    # 121 replies whose in_reply_to_tweetid was damaged by a float round-trip still count as replies
    assert int(pd.read_csv(out / "01_timing" / "tables" / "daily_counts.csv")["reply"].sum()) == 121
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parameters"]["campaign_column"] == "campaign_inferred"
    taken = {n["name"]: (n["parameters"], n["parameters_not_taken"]) for n in manifest["notebooks"]}
    assert taken["01_timing"][1] == ["min_tweets"] and "min_tweets" in taken["03_coordination"][0]
    assert "01_timing does not take: min_tweets" in proc.stderr
    assert "running over TCP" not in proc.stderr + proc.stdout  # kernels over local sockets


@pytest.mark.realdata
def test_mixed_excerpt_answers_are_said_in_words(mixed_report):
    out, _ = mixed_report
    cov = pd.read_csv(out / "01_timing" / "tables" / "coverage.csv").set_index("campaign")
    assert cov.loc["REA_0621", "verdict"].startswith("event outside the data: data starts after the event")
    assert cov.loc["IRA_202012", "verdict"].startswith("event inside the data")
    assert not cov["event_covered"].any()
    summary = pd.read_csv(out / "01_timing" / "tables" / "summary.csv")
    assert not summary.astype(str).apply(lambda c: c.str.contains("nan-nan|ratio inf")).any().any()
    zones = pd.read_csv(out / "01_timing" / "tables" / "time_zones.csv").set_index("campaign")["time_zone"]
    assert zones.to_dict() == {"GRU_202012": "Europe/Moscow", "IRA_202012": "Europe/Moscow", "REA_0621": "UTC",
                               "uganda_0621": "Africa/Kampala"}
    topics = pd.read_csv(out / "02_themes" / "tables" / "summary.csv").set_index("campaign")["topics_found"]
    assert (topics <= 12).all() and topics.nunique() > 1  # per campaign, not the total
    co = pd.read_csv(out / "03_coordination" / "tables" / "summary.csv")
    assert (co["groups_detected"] <= co["significant_edges"].clip(upper=10**9)).all()
    assert (co.loc[co["significant_edges"] == 0, "groups_detected"] == 0).all()


@pytest.mark.realdata
def test_event_inside_the_russian_excerpt_with_an_empty_side(realdata, tmp_path):
    # 2014-10-01 lies inside the excerpt (2011 to 2018), in a 106-day gap: tweets before, none after
    out = runner.run_all([str(RUSSIA)], {"event_date": "2014-10-01", "window_days_before": 60,
                                         "window_days_after": 28}, tmp_path / "r", selected=["01_timing"],
                         progress=False)
    nb = nbformat.read(out / "01_timing" / "01_timing.ipynb", as_version=4)
    text = "\n".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stdout")
    assert "NO CAMPAIGN HAS ENOUGH DATA AROUND THE EVENT (2014-10-01)" in text and "LIES OUTSIDE" not in text
    cov = pd.read_csv(out / "01_timing" / "tables" / "coverage.csv").iloc[0]
    assert cov["tweets_window_before"] > 0 and cov["tweets_window_after"] == 0 and not cov["event_covered"]
    assert cov["verdict"] == (f"event inside the data (2011-08-07 to 2018-11-02) but too few tweets around it: "
                              f"{cov['tweets_window_before']} tweets on {cov['days_window_before']} days before and 0 "
                              "on 0 days after, inside the window; a comparison needs at least 30 tweets on 7 days "
                              "on each side")
    zones = pd.read_csv(out / "01_timing" / "tables" / "time_zones.csv")
    assert zones["time_zone"].tolist() == ["Europe/Moscow"]
    assert not (out / "01_timing" / "tables" / "placebo_level_changes.csv").read_text().strip().count("\n")
