"""Shared fixtures: the real excerpts in ../shared/realdata (tests skip when
that folder is absent), the synthetic sample and its analyses (made once per
session), and a private cache folder per test so tests never see each
other's cache. Helpers that write archive files are in ``helpers.py``."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from helpers import REALDATA

import infoops
from infoops import coordination as C


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("INFOOPS_CACHE", str(cache))
    return cache


@pytest.fixture
def realdata() -> Path:
    if not (REALDATA / "russia_201901_1_head407.csv").exists():
        pytest.skip(f"real archive excerpts not present at {REALDATA}")
    return REALDATA


@pytest.fixture(scope="session")
def sample_release(tmp_path_factory) -> Path:
    """The default synthetic sample, generated once per test session."""
    from infoops.synthetic import SyntheticConfig, generate_release

    out = tmp_path_factory.mktemp("sample")
    generate_release(out, SyntheticConfig())
    return out


@pytest.fixture(scope="session")
def sample_result(sample_release, tmp_path_factory):
    ds = infoops.load(sample_release, progress=False, cache_dir=tmp_path_factory.mktemp("cache"))
    res = C.run(ds.tweets, ds.accounts, C.CoordParams())
    truth = json.loads((sample_release / "ground_truth" / "truth.json").read_text())
    roles = pd.read_csv(sample_release / "ground_truth" / "accounts.csv", dtype=str, keep_default_na=False)
    return ds, res, truth, roles


@pytest.fixture(scope="session")
def loaded(sample_release, tmp_path_factory):
    ds = infoops.load(sample_release, progress=False, cache_dir=tmp_path_factory.mktemp("cache"))
    truth = json.loads((sample_release / "ground_truth" / "truth.json").read_text())
    labels = pd.read_csv(sample_release / "ground_truth" / "tweet_labels.csv", dtype=str, keep_default_na=False)
    roles = pd.read_csv(sample_release / "ground_truth" / "accounts.csv", dtype=str, keep_default_na=False)
    return ds, truth, labels, roles
