"""Tests of :mod:`infoops.timing.zones`: a zone per campaign, said for each."""

from __future__ import annotations

import pandas as pd
import pytest

from infoops import timing


def test_zone_from_the_campaigns_country_overridable_and_said():
    camps = ["venezuela_201901_1", "russia_201901_1", "uganda_0621", "saudi_arabia_082019_1", "IRA_202012",
             "synthetic_venezuela_201901_2", "mystery_0101"]
    z = timing.campaign_time_zones(camps).set_index("campaign")
    assert z.loc["venezuela_201901_1", "time_zone"] == "America/Caracas"
    assert z.loc["russia_201901_1", "time_zone"] == "Europe/Moscow" and z.loc["IRA_202012", "time_zone"] == "Europe/Moscow"
    assert z.loc["uganda_0621", "time_zone"] == "Africa/Kampala"
    assert z.loc["saudi_arabia_082019_1", "time_zone"] == "Asia/Riyadh"
    assert z.loc["synthetic_venezuela_201901_2", "time_zone"] == "America/Caracas"
    assert z.loc["mystery_0101", "time_zone"] == "UTC" and "unknown" in z.loc["mystery_0101", "source"]
    one = timing.campaign_time_zones(camps, "Asia/Tokyo")
    assert (one["time_zone"] == "Asia/Tokyo").all()
    mixed = timing.campaign_time_zones(camps, "mystery_0101=Europe/Paris; uganda_0621=UTC").set_index("campaign")
    assert mixed.loc["mystery_0101", "time_zone"] == "Europe/Paris" and mixed.loc["uganda_0621", "time_zone"] == "UTC"
    assert mixed.loc["russia_201901_1", "time_zone"] == "Europe/Moscow"
    with pytest.raises(ValueError, match="not in the time-zone database"):
        timing.campaign_time_zones(camps, "uganda_0621=Mars/Olympus")


def test_rhythms_use_each_campaigns_zone():
    t = pd.Timestamp("2019-01-15 12:00", tz="UTC")
    tweets = pd.DataFrame({"campaign": ["venezuela_1", "russia_1"], "tweet_time": [t, t], "tweet_time_exact": [t, t]})
    hw = timing.hour_weekday(tweets, timing.campaign_time_zones(tweets["campaign"])).set_index("campaign")
    assert hw.loc["venezuela_1", "hour"] == 8 and hw.loc["russia_1", "hour"] == 15
