"""Grounding tools: live facts for a picture, each with its :class:`Source`.

    clock     now in a place's time zone, and the part of the day     (no network)
    weather   Open-Meteo geocoding + forecast, WMO codes → conditions
    search    SearXNG JSON API (or ddgs), cleaned hits
    notes     the user's Markdown / text folder, SQLite FTS5

Configuration comes from ``EGAKU_*`` variables (:class:`Settings`); ``EGAKU_OFFLINE=1``
stops every network call. Tools fail with :class:`~egaku.errors.GroundError` (``.tool``
names which) and one line that says what to do.
"""

from __future__ import annotations

from egaku.ground.base import Settings, Source, clean_text
from egaku.ground.clock import Clock, TimeOfDay, now, time_of_day
from egaku.ground.notes import NoteHit, search_notes
from egaku.ground.search import SearchHit, search
from egaku.ground.tools import Tools
from egaku.ground.weather import (
    ATTRIBUTION,
    WMO,
    Condition,
    Current,
    Day,
    Forecast,
    Place,
    condition,
    forecast,
    geocode,
    weather,
)

__all__ = [
    "ATTRIBUTION",
    "WMO",
    "Clock",
    "Condition",
    "Current",
    "Day",
    "Forecast",
    "NoteHit",
    "Place",
    "SearchHit",
    "Settings",
    "Source",
    "TimeOfDay",
    "Tools",
    "clean_text",
    "condition",
    "forecast",
    "geocode",
    "now",
    "search",
    "search_notes",
    "time_of_day",
    "weather",
]
