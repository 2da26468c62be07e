"""Parameter checks shared by every notebook: plain messages naming the
parameter, raised as ValueError before any data is read."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd


def whole_number(name: str, value: object, low: int) -> int:
    """``value`` as an int when it is a whole number >= ``low`` (booleans are not)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be a whole number >= {low}, got {value!r}")
    return int(value)


def event_date(value: str, name: str = "event_date") -> pd.Timestamp:
    """A UTC day from ``YYYY-MM-DD`` (the start of that day, tz-aware)."""
    try:
        ev = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} {value!r} is not a date (use YYYY-MM-DD): {exc}") from None
    if pd.isna(ev):
        raise ValueError(f"{name} {value!r} is not a date (use YYYY-MM-DD)")
    ev = ev.tz_localize("UTC") if ev.tzinfo is None else ev.tz_convert("UTC")
    return ev.normalize()


def time_zone(value: str, name: str = "local_tz") -> str:
    """A name of the time-zone database (``America/Caracas``)."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"time zone {value!r} ({name}) is not in the time-zone database "
                         "(use a name like America/Caracas)") from None
    return value


def one_or_pairs(name: str, value: str, form: str) -> str | dict[str, str] | None:
    """A parameter that is empty (None), one value for everything, or
    ``key=value`` pairs separated by semicolons (a dict); ``form`` names the
    pairs in the message (``file=campaign``)."""
    value = (value or "").strip()
    if not value:
        return None
    if "=" not in value:
        return value
    pairs = [part.partition("=") for part in value.split(";") if part.strip()]
    if any(not k.strip() or not v.strip() for k, _, v in pairs):
        raise ValueError(f"{name} {value!r}: write one value, or {form} pairs separated by semicolons")
    return {k.strip(): v.strip() for k, _, v in pairs}
