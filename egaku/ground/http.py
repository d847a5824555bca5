"""The one way grounding tools call the network: GET a JSON document.

- Offline mode raises before any socket is opened.
- One time budget, ``settings.timeout_s`` (4 s): a call, its retry, the connect, the
  wait for the headers and the reading of the body all count against it. With
  ``settings.deadline`` set (:meth:`Settings.with_deadline`, done once per generation)
  every call of that generation shares one budget; without it each call has its own.
  httpx's timeouts are per operation (a server that drips a byte a second never trips
  them), so each attempt runs in a worker thread that is waited for only until the
  deadline, and the body is read in chunks with the clock checked after each.
- Exactly one retry, after a short pause, on a connection error or a 5xx while the
  budget lasts (a timeout has spent it); never on a 4xx (asking again would get the
  same answer).
- Answers larger than :data:`MAX_BYTES` or nested deeper than :data:`MAX_DEPTH` are
  refused; redirects are not followed.
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
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx

from egaku._version import __version__
from egaku.errors import GroundError
from egaku.ground.base import Settings

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "REQUESTS",
    "RETRY_PAUSE_S",
    "Late",
    "by_deadline",
    "deadline_of",
    "decode",
    "get_json",
    "request_url",
]

REQUESTS = 0
"""Requests sent by this process (each attempt counts)."""

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64  # the answers egaku reads are a few levels deep; json.loads stops near 1000
RETRY_PAUSE_S = 0.2
MIN_ATTEMPT_S = 0.05  # less budget than this left: no new attempt
USER_AGENT = f"egaku/{__version__}"

_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _tls() -> ssl.SSLContext:
    """One TLS context per process: building it (loading CA certificates) costs ~20 ms."""
    return ssl.create_default_context()


def request_url(url: str, params: dict[str, str | int | float]) -> str:
    """The full URL that :func:`get_json` asks for (what a Source records)."""
    return f"{url}?{urlencode(params)}"


def deadline_of(settings: Settings) -> float:
    """The ``time.monotonic()`` by which a call made now with ``settings`` must be done."""
    return settings.deadline if settings.deadline is not None else time.monotonic() + settings.timeout_s


def get_json(
    tool: str,
    url: str,
    params: dict[str, str | int | float],
    settings: Settings,
    *,
    server: str = "server",
    hints: dict[int, str] | None = None,
) -> Any:
    """GET ``url`` with ``params`` and return the decoded JSON, within the time budget.

    ``server`` names the other side in messages ("the forecast server answered 500");
    ``hints`` adds what to do for a status (e.g. 403 from a SearXNG without JSON).
    """
    # 1. Offline: fail before any socket exists.
    if settings.offline:
        raise GroundError(tool, settings.offline_message(tool))
    deadline = deadline_of(settings)
    late = GroundError(tool, f"{tool}: timed out after {settings.timeout_s:g} s")

    # 2. At most two attempts, both inside the budget; only transient failures get the second.
    for attempt in (1, 2):
        if deadline - time.monotonic() < MIN_ATTEMPT_S:
            raise late
        try:
            status, body = by_deadline(deadline, lambda: _attempt(url, params, deadline))
        except _TooLarge:
            raise GroundError(tool, f"{tool}: the answer was larger than {MAX_BYTES // 2**20} MiB") from None
        except Late:
            raise late from None  # the whole budget is spent: no time for a retry
        except _Transient as e:
            if attempt == 1 and _pause(deadline):
                continue
            raise GroundError(tool, f"{tool}: {e.describe(server, settings.timeout_s)}") from None
        if 500 <= status and attempt == 1 and _pause(deadline):
            continue
        break

    # 3. Status, then JSON.
    if status != 200:
        hint = (hints or {}).get(status)
        raise GroundError(tool, f"{tool}: the {server} answered {status}" + (f" ({hint})" if hint else ""))
    return decode(tool, body)


def decode(tool: str, body: bytes) -> Any:
    """JSON from an answer's bytes; a one-line GroundError for anything else, including
    nesting too deep to walk (a RecursionError, not a ValueError, from json.loads)."""
    try:
        data = json.loads(body)
    except RecursionError:
        raise GroundError(tool, f"{tool}: the answer was not valid JSON (nested too deeply)") from None
    except (ValueError, UnicodeDecodeError):
        raise GroundError(tool, f"{tool}: the answer was not valid JSON") from None
    if _depth(data) > MAX_DEPTH:
        raise GroundError(tool, f"{tool}: the answer was not valid JSON (nested too deeply)")
    return data


def _depth(data: Any) -> int:
    """How deeply lists and objects nest in ``data`` (walked without recursion)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                break
            stack.extend((x, level + 1) for x in item if isinstance(x, dict | list))
    return deepest


def _pause(deadline: float) -> bool:
    """Sleep before a retry when the budget leaves room for one; False when it does not."""
    if deadline - time.monotonic() < RETRY_PAUSE_S + MIN_ATTEMPT_S:
        return False
    time.sleep(RETRY_PAUSE_S)
    return True


T = TypeVar("T")


class Late(Exception):
    """The deadline passed before the work finished."""


def by_deadline(deadline: float, work: Callable[[], T]) -> T:
    """``work()``, or :class:`Late` at ``deadline`` (``time.monotonic()``) if it has not
    returned by then. It runs in a daemon thread, which is left to finish on its own
    when late: it must bound itself too (each of our attempts does, by the same deadline)."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as e:  # handed to the caller below
            box["error"] = e
        finally:
            done.set()

    threading.Thread(target=run, name="egaku-ground", daemon=True).start()
    if not done.wait(max(0.0, deadline - time.monotonic())):
        raise Late
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value


class _TooLarge(Exception):
    pass


class _Transient(Exception):
    """A failure worth one retry: connection trouble or a timeout."""

    def __init__(self, kind: str, detail: str = "") -> None:
        self.kind = kind
        self.detail = detail

    def describe(self, server: str, timeout_s: float) -> str:
        if self.kind == "timeout":
            return f"timed out after {timeout_s:g} s"
        return f"could not reach the {server}" + (f" ({self.detail})" if self.detail else "")


def _attempt(url: str, params: dict[str, str | int | float], deadline: float) -> tuple[int, bytes]:
    """One GET, bounded by ``deadline`` on its own too (it may run on after its caller
    stopped waiting): each operation may take at most the time left, and the clock is
    checked after every chunk of the body."""
    global REQUESTS
    with _lock:
        REQUESTS += 1
    left = deadline - time.monotonic()
    if left <= 0:
        raise _Transient("timeout")
    try:
        with httpx.Client(
            timeout=httpx.Timeout(left),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
            verify=_tls(),
        ) as client:
            with client.stream("GET", url, params=params) as response:
                if response.status_code != 200:
                    return response.status_code, b""
                length = response.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > MAX_BYTES:
                    raise _TooLarge  # not transient: the same server will send the same size again
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_BYTES:
                        raise _TooLarge
                    if time.monotonic() > deadline:
                        raise _Transient("timeout")
                    chunks.append(chunk)
                return 200, b"".join(chunks)
    except httpx.TimeoutException:
        raise _Transient("timeout") from None
    except httpx.TransportError as e:
        raise _Transient("connection", type(e).__name__) from None
