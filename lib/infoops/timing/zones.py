"""Which local time each campaign's rhythm is read in: a time zone per
campaign from the country its name starts with, overridable, and always said.

``local_tz`` (notebook 01's parameter) is empty for the table below, one zone
name for every campaign (``America/Caracas``), or overrides by campaign
(``uganda_0621=Africa/Kampala; control=America/Caracas``) with the table for
the rest. A campaign the table does not know is read in UTC, and the table of
zones says so."""

from __future__ import annotations

import re
from typing import Iterable, Mapping

import pandas as pd

from .. import checks

# Campaign-name prefixes of the archive's releases -> the country's main zone.
CAMPAIGN_TIME_ZONES: dict[str, str] = {
    "venezuela": "America/Caracas", "russia": "Europe/Moscow", "russian": "Europe/Moscow",
    "ira": "Europe/Moscow", "gru": "Europe/Moscow", "iran": "Asia/Tehran", "bangladesh": "Asia/Dhaka",
    "china": "Asia/Shanghai", "cnhu": "Asia/Shanghai", "cncc": "Asia/Shanghai", "saudi_arabia": "Asia/Riyadh",
    "uganda": "Africa/Kampala", "tanzania": "Africa/Dar_es_Salaam", "egypt": "Africa/Cairo",
    "uae": "Asia/Dubai", "turkey": "Europe/Istanbul", "serbia": "Europe/Belgrade", "spain": "Europe/Madrid",
    "catalonia": "Europe/Madrid", "ecuador": "America/Guayaquil", "honduras": "America/Tegucigalpa",
    "indonesia": "Asia/Jakarta", "thailand": "Asia/Bangkok", "cuba": "America/Havana", "mexico": "America/Mexico_City",
    "mx": "America/Mexico_City", "nigeria": "Africa/Lagos", "ghana": "Africa/Accra", "armenia": "Asia/Yerevan",
    "philippines": "Asia/Manila", "ghana_nigeria": "Africa/Lagos",
}
FALLBACK = "UTC"


def _prefix_zone(campaign: str) -> str | None:
    name = re.sub(r"^synthetic_", "", campaign.lower())
    for key in sorted(CAMPAIGN_TIME_ZONES, key=len, reverse=True):  # saudi_arabia before saudi
        if name == key or name.startswith(key + "_"):
            return CAMPAIGN_TIME_ZONES[key]
    return None


def parse_local_tz(value: str) -> tuple[str | None, dict[str, str]]:
    """``local_tz`` -> (one zone for all, or None; overrides by campaign), each zone checked."""
    given = checks.one_or_pairs("local_tz", value, "campaign=Zone")
    if isinstance(given, dict):
        return None, {camp: checks.time_zone(zone) for camp, zone in given.items()}
    return (checks.time_zone(given) if given else None), {}


def campaign_time_zones(campaigns: Iterable[str], local_tz: str = "") -> pd.DataFrame:
    """The zone each campaign's local times are read in, and why."""
    everyone, overrides = parse_local_tz(local_tz)
    rows = []
    for c in sorted(set(campaigns)):
        if everyone:
            rows.append((c, everyone, "local_tz for every campaign"))
        elif c in overrides:
            rows.append((c, overrides[c], "local_tz for this campaign"))
        elif zone := _prefix_zone(c):
            rows.append((c, zone, "from the campaign's country"))
        else:
            rows.append((c, FALLBACK, "country unknown: UTC (set local_tz to choose)"))
    return pd.DataFrame(rows, columns=["campaign", "time_zone", "source"])


def zone_of(zones: str | Mapping[str, str] | pd.DataFrame) -> Mapping[str, str] | str:
    """A zone table as campaign -> zone (a single zone name passes through)."""
    if isinstance(zones, pd.DataFrame):
        return dict(zip(zones["campaign"], zones["time_zone"]))
    return zones


def local_times(tweets: pd.DataFrame, times: pd.Series, zones: str | Mapping[str, str] | pd.DataFrame) -> pd.Series:
    """``times`` in each tweet's campaign's zone, as naive local times."""
    z = zone_of(zones)
    if isinstance(z, str):
        return times.dt.tz_convert(z).dt.tz_localize(None)
    out = pd.Series(pd.NaT, index=times.index, dtype="datetime64[ns]")
    for camp, idx in tweets.groupby("campaign").groups.items():
        out.loc[idx] = times.loc[idx].dt.tz_convert(z.get(camp, FALLBACK)).dt.tz_localize(None).astype("datetime64[ns]")
    return out
