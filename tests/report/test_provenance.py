"""Tests of :mod:`infoops.report.provenance`."""

from __future__ import annotations

from helpers import tweet_rows, write_csv

import infoops
from infoops.report import provenance


def test_provenance_lists_versions_parameters_and_data_hash(tmp_path):
    ds = infoops.load(write_csv(tmp_path / "x_tweets_csv_hashed.csv", tweet_rows(2)), progress=False)
    t = provenance.provenance({"seed": 3, "event_date": "2019-01-23"}, ds).set_index("item")["value"]
    assert t["param:seed"] == "3" and t["param:event_date"] == "'2019-01-23'"
    assert t["data:sha256"] == ds.fingerprint and t["data:synthetic"] == "False"
    assert t["pandas"] != "not installed" and t["infoops"] != "not installed"


def test_code_hash_is_stable_and_covers_code():
    h = provenance.code_hash()
    assert h == provenance.code_hash() and len(h) == 64
