"""What every grounding tool shares: the :class:`Source` of a fact, the :class:`Settings`
read from the environment, and :func:`clean_text` for text that came from outside.

Environment (read once, by :meth:`Settings.from_env`):

    EGAKU_OFFLINE=1          no network calls at all (tools answer from the cache or fail)
    EGAKU_GEOCODING_URL      default https://geocoding-api.open-meteo.com
    EGAKU_OPEN_METEO_URL     default https://api.open-meteo.com
    EGAKU_SEARXNG_URL        a SearXNG instance with the JSON format enabled (no default)
    EGAKU_SEARCH             "searxng" (default) or "ddgs" (needs ``pip install ddgs``)
    EGAKU_NOTES_DIR          a folder of Markdown / text notes (no default)
    EGAKU_HOME               where the caches live; default $XDG_DATA_HOME/egaku or
                             ~/.local/share/egaku
    EGAKU_NOW                fixes the clock, ISO 8601 with an offset,
                             e.g. 2026-11-25T09:00:00+09:00
    EGAKU_TIMEOUT_S          the seconds all network calls of one generation share
                             (default 4; see egaku.ground.http)
"""

from __future__ import annotations

import os
import re
import time
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from egaku.errors import InputError
from egaku.store.sessions import default_home

__all__ = ["Source", "Settings", "clean_text", "utc_stamp"]

DEFAULT_GEOCODING_URL = "https://geocoding-api.open-meteo.com"
DEFAULT_OPEN_METEO_URL = "https://api.open-meteo.com"
SEARCH_BACKENDS = ("searxng", "ddgs")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


@dataclass(frozen=True)
class Source:
    """Where one fact came from: the tool, the address asked, and when."""

    tool: str  # "weather", "search", "notes", "clock"
    url: str  # the request URL, the cited page, a file:// URI, or "" / "env:EGAKU_NOW"
    title: str  # one line for a caption or a trace
    retrieved_at: str  # ISO 8601 UTC, e.g. "2026-11-25T00:00:00Z"
    cached: bool = False  # True: read from the answer cache (fetched at retrieved_at), not asked now

    def describe(self) -> str:
        """When the fact was fetched, and whether it came from the cache, for a trace line."""
        return f"from cache, retrieved at {self.retrieved_at}" if self.cached else f"retrieved at {self.retrieved_at}"


@dataclass(frozen=True)
class Settings:
    """The tools' configuration, read once from the environment (see the module docstring)."""

    offline: bool
    geocoding_url: str
    open_meteo_url: str
    searxng_url: str | None
    notes_dir: str | None
    home: Path
    now: datetime | None = None  # aware; None = the system clock
    timeout_s: float = 4.0  # the time budget of the network calls; see egaku.ground.http
    search_backend: str = "searxng"  # or "ddgs"
    deadline: float | None = None  # time.monotonic() by which every call must be done; None: each call gets timeout_s
    offline_by: str = field(
        default="EGAKU_OFFLINE=1", compare=False
    )  # what switched offline on, for messages: "--offline" / "offline=True" or this

    def offline_message(self, tool: str) -> str:
        """Why no call was made, and how to allow calls, naming what set offline mode."""
        how = "unset EGAKU_OFFLINE" if self.offline_by.startswith("EGAKU_OFFLINE") else f"drop {self.offline_by}"
        return f"{tool}: offline mode ({self.offline_by}): no network calls ({how} to allow them)"

    def with_deadline(self) -> Settings:
        """These settings with one deadline ``timeout_s`` from now: every network call made
        with them, retries included, shares that budget (one generation's lookups)."""
        return replace(self, deadline=time.monotonic() + self.timeout_s)

    @classmethod
    def from_env(cls, *, offline: bool | None = None, now: str | None = None) -> Settings:
        """Settings from ``EGAKU_*`` variables; ``offline`` and ``now`` given here win."""
        env = os.environ
        # 1. Offline switch
        offline_by = "--offline"
        if offline is None:
            raw = env.get("EGAKU_OFFLINE", "").strip().lower()
            if raw not in _TRUE | _FALSE:
                raise InputError(f"EGAKU_OFFLINE must be 1 or 0, got {raw!r}")
            offline = raw in _TRUE
            offline_by = f"EGAKU_OFFLINE={env.get('EGAKU_OFFLINE', '').strip()}"
        # 2. Service addresses
        geocoding_url = _url("EGAKU_GEOCODING_URL", env.get("EGAKU_GEOCODING_URL") or DEFAULT_GEOCODING_URL)
        open_meteo_url = _url("EGAKU_OPEN_METEO_URL", env.get("EGAKU_OPEN_METEO_URL") or DEFAULT_OPEN_METEO_URL)
        searxng_raw = env.get("EGAKU_SEARXNG_URL", "").strip()
        searxng_url = _url("EGAKU_SEARXNG_URL", searxng_raw) if searxng_raw else None
        backend = env.get("EGAKU_SEARCH", "").strip().lower() or "searxng"
        if backend not in SEARCH_BACKENDS:
            raise InputError(f"EGAKU_SEARCH must be one of {', '.join(SEARCH_BACKENDS)}, got {backend!r}")
        # 3. Folders
        notes_dir = env.get("EGAKU_NOTES_DIR", "").strip() or None
        home = default_home()
        # 4. The time budget of the network calls
        raw_timeout = env.get("EGAKU_TIMEOUT_S", "").strip()
        try:
            timeout_s = float(raw_timeout) if raw_timeout else 4.0
        except ValueError:
            raise InputError(f"EGAKU_TIMEOUT_S must be a number of seconds, got {raw_timeout!r}") from None
        if not 0 < timeout_s <= 60:
            raise InputError(f"EGAKU_TIMEOUT_S must be between 0 and 60 seconds, got {timeout_s}")
        # 5. Clock
        if now is not None:
            fixed = parse_now(now, "now")
        elif env.get("EGAKU_NOW", "").strip():
            fixed = parse_now(env["EGAKU_NOW"], "EGAKU_NOW")
        else:
            fixed = None
        return cls(
            offline=offline,
            geocoding_url=geocoding_url,
            open_meteo_url=open_meteo_url,
            searxng_url=searxng_url,
            notes_dir=notes_dir,
            home=home,
            now=fixed,
            timeout_s=timeout_s,
            search_backend=backend,
            offline_by=offline_by,
        )


def parse_now(value: str, name: str = "EGAKU_NOW") -> datetime:
    """An aware datetime from ISO 8601 text; InputError (one line) when it is not one."""
    text = value.strip()
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"{name} is not an ISO 8601 date-time: {text!r}; use e.g. 2026-11-25T09:00:00+09:00") from None
    if dt.tzinfo is None or dt.utcoffset() is None:
        # A naive time would be read in whichever zone a tool happens to use: refuse it.
        raise InputError(f"{name} has no UTC offset: {text!r}; add one, e.g. 2026-11-25T09:00:00+09:00")
    return dt


def utc_stamp(settings: Settings) -> str:
    """Now (the fixed clock if set) as ISO 8601 UTC with a Z, to the second."""
    now = settings.now if settings.now is not None else datetime.now(UTC)
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_SPACE = re.compile(r"\s+")


def clean_text(s: str, limit: int) -> str:
    """Untrusted text made safe to print: NFC, control (Cc), format (Cf: zero-width,
    bidi overrides, BOM), private-use, surrogate and unassigned characters dropped,
    whitespace runs collapsed to one space, at most ``limit`` characters (ending in …
    when cut)."""
    if limit < 1:
        raise InputError(f"clean_text limit must be at least 1, got {limit}")
    s = unicodedata.normalize("NFC", s)
    # Whitespace (including \n, \t, U+2028) becomes a space first so words stay apart.
    s = "".join(" " if ch.isspace() else ch for ch in s if ch.isspace() or unicodedata.category(ch) not in _DROPPED)
    s = _SPACE.sub(" ", s).strip()
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return s


_DROPPED = {"Cc", "Cf", "Co", "Cs", "Cn"}


def _url(name: str, value: str) -> str:
    value = value.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{name} must be an http(s) URL, got {value!r}")
    return value
