"""Weather from Open-Meteo: a place name → coordinates (geocoding API) → forecast API.

    place = geocode("東京", settings)                  # Place(name="東京", timezone="Asia/Tokyo", ...)
    fc = forecast(place, settings, days=7)           # Forecast(current=Current(...), daily=[Day(...)] * 7)
    condition(fc.current.weather_code)               # Condition("clear", "快晴", "Clear sky", "☀️")

APIs (both keyless): https://open-meteo.com/en/docs/geocoding-api and
https://open-meteo.com/en/docs. Every answer is checked for shape, types and ranges
before it becomes a typed result; anything else is a GroundError "malformed …".
Answers are cached (geocoding 30 days, forecasts 10 minutes; see egaku.ground.cache).
Open-Meteo data is CC BY 4.0: show :data:`ATTRIBUTION` with a picture that uses it.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from egaku.errors import GroundError, InputError
from egaku.ground import http
from egaku.ground.base import Settings, Source, clean_text, utc_stamp
from egaku.ground.cache import Cache
from egaku.ground.clock import zone

__all__ = [
    "ATTRIBUTION",
    "WMO",
    "Condition",
    "Current",
    "Day",
    "Forecast",
    "Place",
    "condition",
    "forecast",
    "geocode",
    "weather",
]

ATTRIBUTION = "Weather data by Open-Meteo.com (CC BY 4.0)"
MAX_DAYS = 16  # Open-Meteo's forecast_days limit
T_MIN_C, T_MAX_C = -90.0, 60.0  # beyond Earth's records: an answer outside is broken


# --------------------------------------------------------------------------- conditions


@dataclass(frozen=True)
class Condition:
    """A group of WMO weather codes as one thing to draw and say."""

    key: str  # "clear", "rain", ...
    ja: str  # 快晴, 雨, ...
    en: str  # Clear sky, Rain, ...
    emoji: str  # an emoji OpenMoji draws (egaku.icons.icon_for_emoji)


_CONDITIONS: tuple[tuple[Condition, tuple[int, ...]], ...] = (
    (Condition("clear", "快晴", "Clear sky", "☀️"), (0,)),
    (Condition("mostly_clear", "晴れ", "Mainly clear", "🌤️"), (1,)),
    (Condition("partly_cloudy", "晴れ時々くもり", "Partly cloudy", "⛅"), (2,)),
    (Condition("cloudy", "くもり", "Cloudy", "☁️"), (3,)),
    (Condition("fog", "霧", "Fog", "🌫️"), (45, 48)),
    (Condition("drizzle", "霧雨", "Drizzle", "🌦️"), (51, 53, 55, 56, 57)),
    (Condition("rain", "雨", "Rain", "🌧️"), (61, 63, 80, 81)),
    (Condition("heavy_rain", "大雨", "Heavy rain", "☔"), (65, 82)),
    (Condition("freezing_rain", "着氷性の雨", "Freezing rain", "🧊"), (66, 67)),
    (Condition("snow", "雪", "Snow", "🌨️"), (71, 73, 75, 77, 85, 86)),
    (Condition("thunderstorm", "雷雨", "Thunderstorm", "⛈️"), (95, 96, 99)),
)

WMO: dict[int, Condition] = {code: cond for cond, codes in _CONDITIONS for code in codes}
"""WMO weather interpretation codes (WW) as Open-Meteo uses them → condition."""


def condition(code: int) -> Condition:
    """The condition for a WMO code; GroundError for a code outside the table."""
    try:
        return WMO[code]
    except (KeyError, TypeError):
        raise GroundError("weather", f"weather: unknown WMO weather code {code!r}") from None


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Place:
    name: str  # as the geocoder spells it in the asked language, e.g. "東京"
    country: str  # e.g. "日本" / "Japan"; "" when the geocoder gives none
    latitude: float
    longitude: float
    timezone: str  # IANA, e.g. "Asia/Tokyo"
    source: Source
    admin1: str = ""  # first-level region, e.g. "東京都"; "" when none
    country_code: str = ""  # ISO 3166-1 alpha-2, e.g. "JP"


@dataclass(frozen=True)
class Current:
    time: datetime  # aware, the place's zone (start of the 15-minute interval)
    temperature: float  # °C at 2 m
    weather_code: int  # WMO, a key of WMO
    is_day: bool

    @property
    def condition(self) -> Condition:
        return WMO[self.weather_code]


@dataclass(frozen=True)
class Day:
    date: date  # local date at the place
    weather_code: int  # WMO, a key of WMO
    t_max: float  # °C
    t_min: float  # °C
    precip_prob: int | None  # % (0..100); None where the models give none (far days)
    sunrise: datetime | None = None  # aware, the place's zone; None when not asked / polar
    sunset: datetime | None = None

    @property
    def condition(self) -> Condition:
        return WMO[self.weather_code]


@dataclass(frozen=True)
class Forecast:
    place: Place
    current: Current
    daily: list[Day]  # today first
    source: Source


# --------------------------------------------------------------------------- geocoding


def geocode(name: str, settings: Settings, language: str = "ja") -> Place:
    """The best match for a place name (Japanese or English), via the geocoding API;
    ``language`` ("ja" or "en") is the language of the returned names."""
    # 1. Check inputs
    if language not in ("ja", "en"):
        raise InputError(f"geocoding language must be 'ja' or 'en', got {language!r}")
    query = unicodedata.normalize("NFKC", clean_text(name, 100)) if name else ""
    if not query:
        raise InputError("place name is empty; give a city such as '東京' or 'Osaka'")
    url = f"{settings.geocoding_url}/v1/search"
    params: dict[str, str | int | float] = {"name": query, "count": 1, "language": language, "format": "json"}
    key = f"{settings.geocoding_url}|{language}|{query.casefold()}"

    # 2. The cache, then the network
    cache = Cache.for_settings(settings)
    hit = cache.get("geocoding", key)
    if hit is not None:
        try:
            return _place(hit["result"], Source("weather", hit["url"], hit["title"], hit["retrieved_at"], cached=True))
        except (GroundError, KeyError, TypeError, AttributeError):
            pass  # an entry from another version of egaku: ask again
    data = http.get_json("weather", url, params, settings, server="geocoding server")

    # 3. Validate
    results = data.get("results") if isinstance(data, dict) else None
    if isinstance(data, dict) and not results:  # the API omits "results" when nothing matches
        raise GroundError("weather", f"weather: unknown place: {query!r}; check the spelling or try a larger city")
    if not isinstance(results, list) or not isinstance(results[0], dict):
        raise GroundError("weather", "weather: malformed geocoding answer (no results list)")
    source = Source("weather", http.request_url(url, params), f"Open-Meteo geocoding: {query}", utc_stamp(settings))
    place = _place(results[0], source)
    cache.put(
        "geocoding",
        key,
        {"result": results[0], "url": source.url, "title": source.title, "retrieved_at": source.retrieved_at},
    )
    return place


def _place(r: Any, source: Source) -> Place:
    try:
        name = clean_text(_str(r, "name"), 100)
        lat = _num(r.get("latitude"), -90, 90, "latitude")
        lon = _num(r.get("longitude"), -180, 180, "longitude")
        tz = _str(r, "timezone")
        zone(tz)
        country = _opt_str(r, "country")
        admin1 = _opt_str(r, "admin1")
        code = _opt_str(r, "country_code").upper()
        if not (len(code) == 2 and code.isascii() and code.isalpha()):
            code = ""
    except (_Malformed, GroundError) as e:
        raise GroundError("weather", f"weather: malformed geocoding answer ({e})") from None
    if not name:
        raise GroundError("weather", "weather: malformed geocoding answer (empty name)")
    return Place(name, country, lat, lon, tz, source, admin1, code)


# --------------------------------------------------------------------------- forecast

_CURRENT = "temperature_2m,weather_code,is_day"
_DAILY = "weather_code,temperature_2m_max,temperature_2m_min,precipitation_probability_max,sunrise,sunset"


def forecast(place: Place, settings: Settings, days: int = 7) -> Forecast:
    """Current conditions and ``days`` daily forecasts (today first) at ``place``."""
    # 1. Check inputs
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise InputError(f"forecast days must be an integer in 1..{MAX_DAYS}, got {days!r}")
    url = f"{settings.open_meteo_url}/v1/forecast"
    params: dict[str, str | int | float] = {
        "latitude": round(place.latitude, 4),
        "longitude": round(place.longitude, 4),
        "current": _CURRENT,
        "daily": _DAILY,
        "timezone": place.timezone,
        "forecast_days": days,
    }
    # ~1 km: nearer points share one forecast (the models' grid is coarser anyway)
    key = f"{settings.open_meteo_url}|{place.latitude:.2f}|{place.longitude:.2f}|{place.timezone}|{days}"

    # 2. The cache, then the network
    cache = Cache.for_settings(settings)
    title = f"Open-Meteo forecast for {place.name} ({ATTRIBUTION})"
    hit = cache.get("forecast", key)
    if hit is not None:
        try:
            source = Source("weather", hit["url"], title, hit["retrieved_at"], cached=True)
            return _forecast(hit["payload"], place, source)
        except (GroundError, KeyError, TypeError, AttributeError):
            pass  # an entry from another version of egaku: ask again
    data = http.get_json("weather", url, params, settings, server="forecast server")
    source = Source("weather", http.request_url(url, params), title, utc_stamp(settings))

    # 3. Validate, then keep
    result = _forecast(data, place, source)
    cache.put("forecast", key, {"payload": data, "url": source.url, "retrieved_at": source.retrieved_at})
    return result


def weather(name: str, settings: Settings, days: int = 7, language: str = "ja") -> Forecast:
    """``forecast(geocode(name))``: the common case in one call."""
    return forecast(geocode(name, settings, language), settings, days)


def _forecast(data: Any, place: Place, source: Source) -> Forecast:
    try:
        if not isinstance(data, dict):
            raise _Malformed("not an object")
        # The answer's times are wall times in the zone it names (the one we asked for).
        tz = data.get("timezone", place.timezone)
        if not isinstance(tz, str):
            raise _Malformed("timezone")
        info = zone(tz)
        for units_key, field in (("current_units", "temperature_2m"), ("daily_units", "temperature_2m_max")):
            units = data.get(units_key)
            if isinstance(units, dict) and field in units and units[field] != "°C":
                raise _Malformed(f"{units_key}.{field} is {units[field]!r}, not °C")

        cur = data.get("current")
        if not isinstance(cur, dict):
            raise _Malformed("no current")
        current = Current(
            time=_local(cur.get("time"), info, "current.time"),
            temperature=_num(cur.get("temperature_2m"), T_MIN_C, T_MAX_C, "current.temperature_2m"),
            weather_code=_code(cur.get("weather_code"), "current.weather_code"),
            is_day=_flag(cur.get("is_day"), "current.is_day"),
        )

        daily = data.get("daily")
        if not isinstance(daily, dict):
            raise _Malformed("no daily")
        cols = {}
        for field in (
            "time",
            "weather_code",
            "temperature_2m_max",
            "temperature_2m_min",
            "precipitation_probability_max",
        ):
            cols[field] = _column(daily, field)
        n = len(cols["time"])
        if not 1 <= n <= MAX_DAYS or any(len(c) != n for c in cols.values()):
            raise _Malformed("daily columns of different or impossible lengths")
        rises = _column(daily, "sunrise", n) if "sunrise" in daily else [None] * n
        sets = _column(daily, "sunset", n) if "sunset" in daily else [None] * n
        days: list[Day] = []
        for i in range(n):
            t_max = _num(cols["temperature_2m_max"][i], T_MIN_C, T_MAX_C, f"daily.temperature_2m_max[{i}]")
            t_min = _num(cols["temperature_2m_min"][i], T_MIN_C, T_MAX_C, f"daily.temperature_2m_min[{i}]")
            if t_min > t_max:
                raise _Malformed(f"daily[{i}] minimum {t_min} above maximum {t_max}")
            prob = cols["precipitation_probability_max"][i]
            day = _date(cols["time"][i], f"daily.time[{i}]")
            days.append(
                Day(
                    date=day,
                    weather_code=_code(cols["weather_code"][i], f"daily.weather_code[{i}]"),
                    t_max=t_max,
                    t_min=t_min,
                    precip_prob=None
                    if prob is None
                    else int(_num(prob, 0, 100, f"daily.precipitation_probability_max[{i}]")),
                    sunrise=None if rises[i] is None else _sun(rises[i], day, info, f"daily.sunrise[{i}]"),
                    sunset=None if sets[i] is None else _sun(sets[i], day, info, f"daily.sunset[{i}]"),
                )
            )
        if [d.date for d in days] != sorted({d.date for d in days}):
            raise _Malformed("daily dates out of order or repeated")
    except (_Malformed, GroundError) as e:
        raise GroundError("weather", f"weather: malformed forecast ({e})") from None
    return Forecast(place, current, days, source)


# --------------------------------------------------------------------------- checks


class _Malformed(Exception):
    """What is wrong with an answer, for the one-line GroundError."""


def _str(r: Any, key: str) -> str:
    value = r.get(key) if isinstance(r, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise _Malformed(f"{key} missing")
    return value


def _opt_str(r: dict[str, Any], key: str) -> str:
    value = r.get(key)
    return clean_text(value, 100) if isinstance(value, str) else ""


def _num(x: Any, lo: float, hi: float, what: str) -> float:
    if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x) or not lo <= x <= hi:
        raise _Malformed(f"{what} is {x!r}, not a number in {lo:g}..{hi:g}")
    return float(x)


def _code(x: Any, what: str) -> int:
    # NaN, Infinity and 1e400 (which json.loads reads as inf) are floats int() refuses
    whole = isinstance(x, int) or (isinstance(x, float) and math.isfinite(x) and x.is_integer())
    if isinstance(x, bool) or not whole or int(x) not in WMO:
        raise _Malformed(f"{what} is {x!r}, not a WMO weather code")
    return int(x)


def _flag(x: Any, what: str) -> bool:
    if x not in (0, 1) or isinstance(x, float):
        raise _Malformed(f"{what} is {x!r}, not 0 or 1")
    return bool(x)


def _column(daily: dict[str, Any], field: str, n: int | None = None) -> list[Any]:
    col = daily.get(field)
    if not isinstance(col, list) or (n is not None and len(col) != n):
        raise _Malformed(f"daily.{field} missing or of the wrong length")
    return col


def _local(x: Any, info: Any, what: str) -> datetime:
    # Open-Meteo sends local wall times without an offset, e.g. "2026-11-25T09:00".
    if not isinstance(x, str) or len(x) > 32:
        raise _Malformed(f"{what} is {x!r}, not a local time")
    try:
        dt = datetime.fromisoformat(x)
        return dt.replace(tzinfo=info) if dt.tzinfo is None else dt.astimezone(info)
    except (ValueError, OverflowError):  # OverflowError: year 1 or 9999 moved across a zone
        raise _Malformed(f"{what} is {x!r}, not a local time") from None


def _sun(x: Any, day: date, info: Any, what: str) -> datetime:
    """A sunrise or sunset: a local time within a day of the day it belongs to (times
    near the ends of the calendar would overflow the arithmetic made on them)."""
    dt = _local(x, info, what)
    if abs((dt.date() - day).days) > 1:
        raise _Malformed(f"{what} is {x!r}, not a time on {day.isoformat()}")
    return dt


def _date(x: Any, what: str) -> date:
    if not isinstance(x, str) or len(x) != 10:
        raise _Malformed(f"{what} is {x!r}, not a date")
    try:
        return date.fromisoformat(x)
    except ValueError:
        raise _Malformed(f"{what} is {x!r}, not a date") from None
