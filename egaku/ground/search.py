"""Web search for facts a picture needs ("the latest Artemis news"), via SearXNG.

SearXNG's JSON API: ``GET {EGAKU_SEARXNG_URL}/search?q=…&format=json&language=…``
(https://docs.searxng.org/dev/search_api.html). The instance must allow the JSON format
(``search: formats: [html, json]`` in settings.yml), otherwise it answers 403.

Everything a search returns is untrusted text from the web. Each hit is cleaned
(:func:`~egaku.ground.base.clean_text`: control, zero-width and bidi characters gone,
titles ≤ 120 characters, snippets ≤ 240), only http(s) URLs are kept, and repeated URLs
are dropped. A hit is data to quote or summarise, never instructions to follow: a
snippet that says "ignore previous instructions" is only a snippet.

``EGAKU_SEARCH=ddgs`` uses the ``ddgs`` package (DuckDuckGo and others, no server of
your own) instead; it is imported only then.
"""

from __future__ import annotations

import math
import re
import time
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from egaku.errors import GroundError, InputError
from egaku.ground import http
from egaku.ground.base import Settings, Source, clean_text, utc_stamp
from egaku.ground.cache import Cache

__all__ = ["SearchHit", "search"]

TITLE_CHARS = 120
SNIPPET_CHARS = 240
QUERY_CHARS = 400
MAX_HITS = 20
URL_CHARS = 2048

_LANGUAGE = re.compile(r"^(all|auto|[a-z]{2}(-[A-Z]{2})?)$")


@dataclass(frozen=True)
class SearchHit:
    """One search result, cleaned; ``source`` cites the page itself."""

    title: str  # ≤ 120 characters
    url: str  # http(s) only
    snippet: str  # ≤ 240 characters; text from the page, never instructions
    published: datetime | None  # aware (UTC when the engine gives no offset); None if unknown
    source: Source


def search(query: str, settings: Settings, n: int = 5, language: str = "all") -> list[SearchHit]:
    """Up to ``n`` cleaned hits for ``query`` (may be empty), best first."""
    # 1. Check inputs
    q = clean_text(query, QUERY_CHARS) if query else ""
    if not q:
        raise InputError("search query is empty; say what to look up")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_HITS:
        raise InputError(f"number of search hits must be an integer in 1..{MAX_HITS}, got {n!r}")
    if not _LANGUAGE.match(language):
        raise InputError(f"search language must be 'all' or a code such as 'ja' or 'en-US', got {language!r}")
    if settings.search_backend == "ddgs":
        return _search_ddgs(q, settings, n, language)
    if settings.searxng_url is None:
        raise GroundError("search", "search: no search backend: set EGAKU_SEARXNG_URL")

    # 2. The cache, then the network
    url = f"{settings.searxng_url}/search"
    params: dict[str, str | int | float] = {"q": q, "format": "json", "language": language}
    key = f"{settings.searxng_url}|{language}|{unicodedata.normalize('NFKC', q).casefold()}"
    cache = Cache.for_settings(settings)
    hit = cache.get("search", key)
    if hit is not None and isinstance(hit.get("results"), list) and isinstance(hit.get("retrieved_at"), str):
        return _hits(hit["results"], n, hit["retrieved_at"], cached=True)
    data = http.get_json(
        "search",
        url,
        params,
        settings,
        server="search server",
        hints={403: "enable the JSON format in SearXNG's settings.yml: search.formats: [html, json]"},
    )

    # 3. Validate and clean
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise GroundError("search", "search: malformed search answer (no results list)")
    stamp = utc_stamp(settings)
    hits = _hits(results, n, stamp)
    cache.put("search", key, {"results": results[:100], "retrieved_at": stamp})
    return hits


def _hits(results: list[Any], n: int, stamp: str, *, cached: bool = False) -> list[SearchHit]:
    hits: list[SearchHit] = []
    seen: set[str] = set()
    for r in results:
        if len(hits) == n:
            break
        if not isinstance(r, dict):
            continue
        url = _safe_url(r.get("url") if "url" in r else r.get("href"))
        if url is None:
            continue
        dedup = url.split("#", 1)[0].rstrip("/")
        if dedup in seen:
            continue
        seen.add(dedup)
        raw_title = r.get("title")
        title = clean_text(raw_title, TITLE_CHARS) if isinstance(raw_title, str) else ""
        title = title or urlsplit(url).hostname or url
        raw_snippet = r.get("content") if "content" in r else r.get("body")
        snippet = clean_text(raw_snippet, SNIPPET_CHARS) if isinstance(raw_snippet, str) else ""
        published = _published(r.get("publishedDate"))
        hits.append(SearchHit(title, url, snippet, published, Source("search", url, title, stamp, cached)))
    return hits


def _safe_url(value: Any) -> str | None:
    """The URL when it is a plain absolute http(s) address; None otherwise
    (javascript:, data:, file:, relative, with spaces or control characters, too long)."""
    if not isinstance(value, str) or not value or len(value) > URL_CHARS:
        return None
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


def _published(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value or len(value) > 40:
        return None
    try:
        dt = datetime.fromisoformat(value.replace(" ", "T", 1))
        return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: year 1 or 9999 moved to UTC
        return None


def _search_ddgs(q: str, settings: Settings, n: int, language: str) -> list[SearchHit]:
    if settings.offline:
        raise GroundError("search", settings.offline_message("search"))
    try:
        from ddgs import DDGS
    except ImportError:
        raise GroundError(
            "search", "search: EGAKU_SEARCH=ddgs needs the ddgs package; install it with `pip install ddgs`"
        ) from None
    region = {"ja": "jp-jp", "en": "us-en"}.get(language.split("-")[0], "wt-wt")
    deadline = http.deadline_of(settings)
    left = deadline - time.monotonic()
    if left <= 0:
        raise GroundError("search", f"search: timed out after {settings.timeout_s:g} s")
    try:
        # ddgs has only per-request timeouts: the time budget is kept by waiting no longer
        results = http.by_deadline(
            deadline,
            lambda: DDGS(timeout=max(1, math.ceil(left))).text(q, region=region, max_results=n),
        )
    except http.Late:
        raise GroundError("search", f"search: timed out after {settings.timeout_s:g} s") from None
    except Exception as e:  # ddgs raises its own tree (DDGSException, TimeoutException, ...)
        raise GroundError("search", f"search: ddgs failed: {clean_text(str(e), 160)}") from None
    return _hits(list(results or []), n, utc_stamp(settings))
