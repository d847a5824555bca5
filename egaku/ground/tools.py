"""All grounding tools behind one object that reads the environment once.

tools = Tools()                          # Settings.from_env()
tools.clock("Asia/Tokyo").time_of_day    # "morning"
tools.weather("大阪", days=7)             # Forecast
tools.search("Artemis latest news")      # [SearchHit, ...]
"""

from __future__ import annotations

from egaku.ground import clock as _clock
from egaku.ground import notes as _notes
from egaku.ground import search as _search
from egaku.ground import weather as _weather
from egaku.ground.base import Settings

__all__ = ["Tools"]


class Tools:
    """The tools with one :class:`Settings` (from the environment unless given)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings if settings is not None else Settings.from_env()

    def clock(self, tz: str) -> _clock.Clock:
        return _clock.now(self.settings, tz)

    def geocode(self, name: str, language: str = "ja") -> _weather.Place:
        return _weather.geocode(name, self.settings, language)

    def forecast(self, place: _weather.Place, days: int = 7) -> _weather.Forecast:
        return _weather.forecast(place, self.settings, days)

    def weather(self, name: str, days: int = 7, language: str = "ja") -> _weather.Forecast:
        return _weather.weather(name, self.settings, days, language)

    def search(self, query: str, n: int = 5, language: str = "all") -> list[_search.SearchHit]:
        return _search.search(query, self.settings, n, language)

    def search_notes(self, query: str, n: int = 3) -> list[_notes.NoteHit]:
        return _notes.search_notes(query, self.settings, n)
