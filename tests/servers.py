"""Loopback stand-ins for the outside services, answering in the real APIs' JSON formats.

    FakeOpenMeteo   /v1/search (geocoding API) and /v1/forecast (forecast API)
    FakeSearxng     /search?format=json (SearXNG search API)
    StalledListener a loopback port whose accept queue is full: a connect to it hangs

Each is a ``ThreadingHTTPServer`` on 127.0.0.1, port 0, served from a thread, with
``.url``, ``.requests`` (every path received, query string included, in order) and knobs a
test may set at any time: ``status`` (answer that HTTP status, to every request or only to
the first ``status_times``), ``delay_s`` (wait before answering), ``malformed`` (answer
200 with HTML instead of JSON), ``body_edit`` (a function that rewrites the JSON body's
bytes before they are sent: NaN, 1e400 or 100000 nested brackets no ``json.dumps``
writes) and ``trickle_s`` (send the headers at once, then the body one byte every
``trickle_s`` seconds). FakeOpenMeteo also has ``places`` (name → geocoding
result), ``current`` and ``daily`` (the forecast payload parts; ``daily`` None = made up
for the asked number of days); FakeSearxng has ``results``.

Fixtures for other test modules::

    from .servers import ground_env, open_meteo, searxng  # noqa: F401
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

import pytest

__all__ = [
    "FakeOpenMeteo",
    "FakeSearxng",
    "GroundEnv",
    "StalledListener",
    "ground_env",
    "open_meteo",
    "query",
    "searxng",
]

NOW = "2026-11-25T09:00:00+09:00"

# Geocoding results as the real API gives them (fields of /v1/search "results" items).
TOKYO_JA = {
    "id": 1850147,
    "name": "東京",
    "latitude": 35.6895,
    "longitude": 139.6917,
    "elevation": 44.0,
    "feature_code": "PPLC",
    "country_code": "JP",
    "admin1_id": 1850144,
    "timezone": "Asia/Tokyo",
    "population": 8336599,
    "country_id": 1861060,
    "country": "日本",
    "admin1": "東京都",
}
OSAKA_JA = {
    "id": 1853909,
    "name": "大阪",
    "latitude": 34.6937,
    "longitude": 135.5023,
    "elevation": 24.0,
    "feature_code": "PPLA",
    "country_code": "JP",
    "admin1_id": 1853904,
    "timezone": "Asia/Tokyo",
    "population": 2592413,
    "country_id": 1861060,
    "country": "日本",
    "admin1": "大阪府",
}
PLACES: dict[str, dict[str, Any]] = {
    "東京": TOKYO_JA,
    "tokyo": {**TOKYO_JA, "name": "Tokyo", "country": "Japan", "admin1": "Tokyo"},
    "大阪": OSAKA_JA,
    "osaka": {**OSAKA_JA, "name": "Osaka", "country": "Japan", "admin1": "Osaka"},
}

CURRENT: dict[str, Any] = {
    "time": "2026-11-25T09:00",
    "interval": 900,
    "temperature_2m": 16.2,
    "weather_code": 0,
    "is_day": 1,
}
# 16 days the fake can cut to forecast_days: (WMO code, max °C, min °C, precipitation %)
_DAYS = [
    (0, 17.8, 8.9, 0),
    (2, 16.4, 9.6, 10),
    (61, 13.1, 10.2, 80),
    (3, 14.0, 8.1, 30),
    (1, 15.5, 7.4, 5),
    (80, 12.6, 8.8, 60),
    (71, 6.0, -1.5, 70),
] + [(2, 14.0, 7.0, 20)] * 9


def daily_payload(days: int, start: date = date(2026, 11, 25)) -> dict[str, list[Any]]:
    """A ``daily`` block in the forecast API's column layout."""
    rows = _DAYS[:days]
    dates = [start + timedelta(days=i) for i in range(days)]
    return {
        "time": [d.isoformat() for d in dates],
        "weather_code": [r[0] for r in rows],
        "temperature_2m_max": [r[1] for r in rows],
        "temperature_2m_min": [r[2] for r in rows],
        "precipitation_probability_max": [r[3] for r in rows],
        "sunrise": [f"{d.isoformat()}T06:27" for d in dates],
        "sunset": [f"{d.isoformat()}T16:29" for d in dates],
    }


def query(path: str) -> dict[str, str]:
    """The query parameters of a recorded request path (one value each)."""
    return {k: v[0] for k, v in parse_qs(urlsplit(path).query, keep_blank_values=True).items()}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (the timeout tests) makes the reply fail: expected here


class _FakeServer:
    """A loopback HTTP server whose handler calls ``self.answer(path, params)``."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.status: int | None = None
        self.status_times: int | None = None  # None: every request gets ``status``
        self.delay_s = 0.0
        self.malformed = False
        self.body_edit: Callable[[bytes], bytes] | None = None
        self.trickle_s = 0.0
        self._stop = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                fake._handle(self)

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        host, port = self._server.server_address[:2]
        self.url = f"http://{host!s}:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def answer(self, path: str, params: dict[str, str]) -> tuple[int, Any]:
        raise NotImplementedError

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        self.requests.append(h.path)
        n = len(self.requests)
        if self.delay_s:
            self._stop.wait(self.delay_s)
        if self.status is not None and (self.status_times is None or n <= self.status_times):
            status, payload = self.status, {"error": True, "reason": f"fake server error {self.status}"}
        elif self.malformed:
            self._send(h, 200, b"<html><body>502 Bad Gateway</body></html>", "text/html")
            return
        else:
            status, payload = self.answer(urlsplit(h.path).path, query(h.path))
        body = json.dumps(payload, ensure_ascii=False).encode()
        if self.body_edit is not None:
            body = self.body_edit(body)
        if self.trickle_s:
            self._trickle(h, status, body)
            return
        self._send(h, status, body, "application/json; charset=utf-8")

    def _trickle(self, h: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
        """Headers at once, then one byte every ``trickle_s`` s: each read gets something in
        time, so only a deadline over the whole answer stops the client."""
        h.send_response(status)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.flush()
        for i in range(len(body)):
            if self._stop.wait(self.trickle_s):
                return
            try:
                h.wfile.write(body[i : i + 1])
                h.wfile.flush()
            except OSError:
                return  # the client gave up: that is what the test wants

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)


class FakeOpenMeteo(_FakeServer):
    """Open-Meteo's geocoding (/v1/search) and forecast (/v1/forecast) APIs on one port."""

    def __init__(self) -> None:
        super().__init__()
        self.places: dict[str, dict[str, Any]] = {k.casefold(): dict(v) for k, v in PLACES.items()}
        self.current: dict[str, Any] = dict(CURRENT)
        self.daily: dict[str, Any] | None = None  # None: daily_payload(forecast_days)

    def answer(self, path: str, params: dict[str, str]) -> tuple[int, Any]:
        if path == "/v1/search":
            result = self.places.get(params.get("name", "").strip().casefold())
            payload: dict[str, Any] = {"generationtime_ms": 0.61}
            if result is not None:  # the real API leaves "results" out when nothing matches
                payload["results"] = [result]
            return 200, payload
        if path == "/v1/forecast":
            for required in ("latitude", "longitude"):
                if required not in params:
                    return 400, {"error": True, "reason": f"Parameter '{required}' is missing"}
            days = int(params.get("forecast_days", "7"))
            return 200, {
                "latitude": round(float(params["latitude"]), 2),
                "longitude": round(float(params["longitude"]), 2),
                "generationtime_ms": 0.08,
                "utc_offset_seconds": 32400,
                "timezone": params.get("timezone", "GMT"),
                "timezone_abbreviation": "GMT+9",
                "elevation": 40.0,
                "current_units": {
                    "time": "iso8601",
                    "interval": "seconds",
                    "temperature_2m": "°C",
                    "weather_code": "wmo code",
                    "is_day": "",
                },
                "current": self.current,
                "daily_units": {
                    "time": "iso8601",
                    "weather_code": "wmo code",
                    "temperature_2m_max": "°C",
                    "temperature_2m_min": "°C",
                    "precipitation_probability_max": "%",
                    "sunrise": "iso8601",
                    "sunset": "iso8601",
                },
                "daily": self.daily if self.daily is not None else daily_payload(days),
            }
        return 404, {"error": True, "reason": "Not Found"}


# A few results in SearXNG's format (the fields its JSON API gives per result).
ARTEMIS_RESULTS: list[dict[str, Any]] = [
    {
        "url": "https://www.nasa.gov/mission/artemis-ii/",
        "title": "Artemis II - NASA",
        "content": "Artemis II will send four astronauts around the Moon and back.",
        "engine": "duckduckgo",
        "engines": ["duckduckgo", "bing"],
        "positions": [1, 2],
        "score": 4.0,
        "category": "general",
        "publishedDate": "2026-11-20T00:00:00",
    },
    {
        "url": "https://www.jaxa.jp/projects/artemis/",
        "title": "アルテミス計画 | JAXA",
        "content": "アルテミス計画は、月面に再び人類を送る国際協力の計画です。",
        "engine": "bing",
        "engines": ["bing"],
        "positions": [2],
        "score": 2.0,
        "category": "general",
        "publishedDate": None,
    },
]


class FakeSearxng(_FakeServer):
    """SearXNG's search API (``/search?q=…&format=json``)."""

    def __init__(self) -> None:
        super().__init__()
        self.results: list[Any] = [dict(r) for r in ARTEMIS_RESULTS]
        self.json_enabled = True  # a stock instance allows only html: 403 for format=json

    def answer(self, path: str, params: dict[str, str]) -> tuple[int, Any]:
        if path != "/search":
            return 404, {"error": "not found"}
        if params.get("format") == "json" and not self.json_enabled:
            return 403, {"error": "format not allowed"}
        return 200, {
            "query": params.get("q", ""),
            "number_of_results": 0,
            "results": self.results,
            "answers": [],
            "corrections": [],
            "infoboxes": [],
            "suggestions": [],
            "unresponsive_engines": [],
        }


class StalledListener:
    """A loopback port that listens but never accepts, its queue filled by connections of
    its own: the kernel then leaves a new connect unanswered (SYNs dropped), so a client
    hangs in connect until its own timeout. ``.url`` is ``http://127.0.0.1:PORT``."""

    def __init__(self) -> None:
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(0)
        port = self._server.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self._fillers: list[socket.socket] = []
        for _ in range(3):
            filler = socket.socket()
            filler.setblocking(False)
            try:
                filler.connect(("127.0.0.1", port))
            except BlockingIOError:
                pass
            self._fillers.append(filler)
        time.sleep(0.1)  # let the handshakes that can complete fill the queue

    def stop(self) -> None:
        for s in (*self._fillers, self._server):
            s.close()


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def open_meteo() -> Iterator[FakeOpenMeteo]:
    server = FakeOpenMeteo().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def searxng() -> Iterator[FakeSearxng]:
    server = FakeSearxng().start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class GroundEnv:
    open_meteo: FakeOpenMeteo
    searxng: FakeSearxng
    home: Path


@pytest.fixture
def ground_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_meteo: FakeOpenMeteo, searxng: FakeSearxng
) -> GroundEnv:
    """EGAKU_* pointing at the fakes, a fresh EGAKU_HOME, the clock fixed at NOW, online."""
    home = tmp_path / "egaku-home"
    monkeypatch.setenv("EGAKU_GEOCODING_URL", open_meteo.url)
    monkeypatch.setenv("EGAKU_OPEN_METEO_URL", open_meteo.url)
    monkeypatch.setenv("EGAKU_SEARXNG_URL", searxng.url)
    monkeypatch.setenv("EGAKU_HOME", str(home))
    monkeypatch.setenv("EGAKU_NOW", NOW)
    for name in ("EGAKU_OFFLINE", "EGAKU_SEARCH", "EGAKU_NOTES_DIR"):
        monkeypatch.delenv(name, raising=False)
    # A proxy in the environment must not carry loopback requests away.
    for name in ("NO_PROXY", "no_proxy"):
        current = os.environ.get(name, "")
        monkeypatch.setenv(name, ",".join(x for x in (current, "127.0.0.1", "localhost") if x))
    return GroundEnv(open_meteo, searxng, home)
