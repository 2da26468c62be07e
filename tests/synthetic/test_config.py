"""Tests of :mod:`infoops.synthetic.config`."""

from __future__ import annotations

from infoops.synthetic.config import SyntheticConfig, default_campaigns, default_groups


def test_default_release_imitates_january_2019_with_a_control_set():
    camps = {c.name: c for c in default_campaigns()}
    assert set(camps) == {"venezuela_201901_1", "venezuela_201901_2", "control_201901"}
    assert camps["venezuela_201901_1"].language == "es" and camps["venezuela_201901_2"].language == "en"
    assert abs(sum(c.tweet_share for c in camps.values()) - 1) < 1e-9
    groups = default_groups()
    assert len(groups) == 13 and all(g.campaign in camps for g in groups)
    assert [g.group_id for g in groups if g.role == "decoy"] == ["D1_viral_retweet_decoys"]


def test_scale_grows_with_the_square_root_of_size():
    assert SyntheticConfig().scale == 1.0 and SyntheticConfig(n_tweets=36_000 * 4).scale == 2.0
    assert SyntheticConfig(n_tweets=1000).scale == 1.0  # never below the default
