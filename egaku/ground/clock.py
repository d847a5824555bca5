"""The clock: now, in a place's IANA time zone, and what part of the day that is.

``EGAKU_NOW`` (see :mod:`egaku.ground.base`) fixes the clock so pictures and tests are
reproducible; otherwise the system clock is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from egaku.errors import GroundError
from egaku.ground.base import Settings, Source, utc_stamp

__all__ = ["Clock", "TimeOfDay", "now", "time_of_day", "zone"]

TimeOfDay = Literal["morning", "day", "sunset", "night"]


@dataclass(frozen=True)
class Clock:
    """Now in one time zone, with where the time came from."""

    now: datetime  # aware, in ``tz``
    tz: str  # IANA name, e.g. "Asia/Tokyo"
    source: Source

    @property
    def time_of_day(self) -> TimeOfDay:
        return time_of_day(self.now)


def zone(tz: str) -> ZoneInfo:
    """The IANA zone; GroundError for a name that is not one (it may come from a server)."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        # ValueError: not a valid key at all (e.g. "../etc", an absolute path)
        raise GroundError("clock", f"clock: unknown time zone {tz!r}; use an IANA name such as 'Asia/Tokyo'") from None


def now(settings: Settings, tz: str) -> Clock:
    """Now in ``tz``: ``settings.now`` when the clock is fixed, else the system clock."""
    info = zone(tz)
    if settings.now is not None:
        source = Source("clock", "env:EGAKU_NOW", "fixed clock (EGAKU_NOW)", utc_stamp(settings))
        return Clock(settings.now.astimezone(info), tz, source)
    current = datetime.now(UTC)
    stamp = current.strftime("%Y-%m-%dT%H:%M:%SZ")
    return Clock(current.astimezone(info), tz, Source("clock", "", "system clock", stamp))


def time_of_day(dt: datetime, *, sunrise: datetime | None = None, sunset: datetime | None = None) -> TimeOfDay:
    """The part of the day at ``dt`` (local wall time), for choosing sky and palette.

    With the day's ``sunrise`` and ``sunset`` (e.g. from :class:`egaku.ground.weather.Day`):
    morning from 30 min before sunrise to 2½ h after it, sunset from 1 h before sunset to
    30 min after it, night outside those, day between.

    Without them, fixed windows that suit Japan through most of the year:
    morning 05:00–09:00, day 09:00–16:00, sunset 16:00–18:30, night 18:30–05:00.
    (Tokyo's sunset moves between about 16:28 in December and 19:01 in late June, so pass
    the real times when a forecast gives them.)
    """
    if sunrise is not None and sunset is not None:
        t, rise, set_ = dt, sunrise, sunset
        if not (dt.tzinfo and sunrise.tzinfo and sunset.tzinfo):  # compare wall times
            t, rise, set_ = (x.replace(tzinfo=None) for x in (dt, sunrise, sunset))
        if rise - timedelta(minutes=30) <= t < rise + timedelta(hours=2, minutes=30):
            return "morning"
        if set_ - timedelta(hours=1) <= t < set_ + timedelta(minutes=30):
            return "sunset"
        if rise <= t < set_:
            return "day"
        return "night"
    hours = dt.hour + dt.minute / 60
    if 5 <= hours < 9:
        return "morning"
    if 9 <= hours < 16:
        return "day"
    if 16 <= hours < 18.5:
        return "sunset"
    return "night"
