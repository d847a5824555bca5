"""The one way grounding tools call the network: GET a JSON document.

- Offline mode raises before any socket is opened.
- Connect and read each time out after ``settings.timeout_s``; the body of one attempt
  must arrive within twice that (so a server that drips bytes cannot hold us).
- Exactly one retry, after a short pause, on a timeout, a connection error or a 5xx;
  never on a 4xx (asking again would get the same answer).
- Answers larger than :data:`MAX_BYTES` are refused; redirects are not followed.
- Every failure is a one-line :class:`~egaku.errors.GroundError` naming the tool.

:data:`REQUESTS` counts the requests sent (attempts, retries included) so tests can
assert that none were made; read it as ``http.REQUESTS`` (an imported copy would not move).
"""

from __future__ import annotations

import functools
import json
import ssl
import threading
import time
from typing import Any
from urllib.parse import urlencode

import httpx

from egaku._version import __version__
from egaku.errors import GroundError
from egaku.ground.base import Settings

__all__ = ["MAX_BYTES", "REQUESTS", "RETRY_PAUSE_S", "get_json", "request_url"]

REQUESTS = 0
"""Requests sent by this process (each attempt counts)."""

MAX_BYTES = 2 * 1024 * 1024
RETRY_PAUSE_S = 0.2
USER_AGENT = f"egaku/{__version__}"

_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _tls() -> ssl.SSLContext:
    """One TLS context per process: building it (loading CA certificates) costs ~20 ms."""
    return ssl.create_default_context()


def request_url(url: str, params: dict[str, str | int | float]) -> str:
    """The full URL that :func:`get_json` asks for (what a Source records)."""
    return f"{url}?{urlencode(params)}"


def get_json(
    tool: str,
    url: str,
    params: dict[str, str | int | float],
    settings: Settings,
    *,
    server: str = "server",
    hints: dict[int, str] | None = None,
) -> Any:
    """GET ``url`` with ``params`` and return the decoded JSON.

    ``server`` names the other side in messages ("the forecast server answered 500");
    ``hints`` adds what to do for a status (e.g. 403 from a SearXNG without JSON).
    """
    # 1. Offline: fail before any socket exists.
    if settings.offline:
        raise GroundError(tool, f"{tool}: offline mode: no network calls (unset EGAKU_OFFLINE to allow them)")

    # 2. At most two attempts; only transient failures get the second.
    timeout = httpx.Timeout(settings.timeout_s)
    with httpx.Client(
        timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}, verify=_tls()
    ) as client:
        for attempt in (1, 2):
            try:
                status, body = _attempt(client, url, params, settings.timeout_s)
            except _TooLarge:
                raise GroundError(tool, f"{tool}: the answer was larger than {MAX_BYTES // 2**20} MiB") from None
            except _Transient as e:
                if attempt == 1:
                    time.sleep(RETRY_PAUSE_S)
                    continue
                raise GroundError(tool, f"{tool}: {e.describe(server, settings.timeout_s)}") from None
            if 500 <= status and attempt == 1:
                time.sleep(RETRY_PAUSE_S)
                continue
            break

    # 3. Status, then JSON.
    if status != 200:
        hint = (hints or {}).get(status)
        raise GroundError(tool, f"{tool}: the {server} answered {status}" + (f" ({hint})" if hint else ""))
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise GroundError(tool, f"{tool}: the answer was not valid JSON") from None


class _TooLarge(Exception):
    pass


class _Transient(Exception):
    """A failure worth one retry: timeout or connection trouble."""

    def __init__(self, kind: str, detail: str = "") -> None:
        self.kind = kind
        self.detail = detail

    def describe(self, server: str, timeout_s: float) -> str:
        if self.kind == "timeout":
            return f"timed out after {timeout_s:g} s"
        return f"could not reach the {server}" + (f" ({self.detail})" if self.detail else "")


def _attempt(
    client: httpx.Client, url: str, params: dict[str, str | int | float], timeout_s: float
) -> tuple[int, bytes]:
    global REQUESTS
    with _lock:
        REQUESTS += 1
    deadline = time.monotonic() + 2 * timeout_s
    try:
        with client.stream("GET", url, params=params) as response:
            if response.status_code != 200:
                return response.status_code, b""
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    # Not transient: the same server will send the same size again.
                    raise _TooLarge
                if time.monotonic() > deadline:
                    raise _Transient("timeout")
                chunks.append(chunk)
            return 200, b"".join(chunks)
    except httpx.TimeoutException:
        raise _Transient("timeout") from None
    except httpx.TransportError as e:
        raise _Transient("connection", type(e).__name__) from None
