"""A loopback server speaking OpenAI's chat-completions protocol, for egaku's model tests.

    FakeChat   POST /v1/chat/completions → a ``chat.completion`` object (id, choices,
               message, finish_reason, usage), as OpenAI, Ollama and llama.cpp's server answer

It answers with whatever the test scripts: ``replies`` (a list of message contents, one per
request, in order; the last repeats) or ``respond`` (a function of the request body
returning the content). Knobs: ``status`` with ``status_times`` (answer that HTTP status
with an OpenAI-style error body), ``retry_after`` (its header), ``delay_s`` (wait before
answering), ``refusal`` (answer a ``message.refusal``), ``reject_formats`` (answer 400
naming ``response_format`` when a request uses one of these types). ``requests`` holds
every request body received (parsed JSON), in order. It checks nothing about egaku: it only
speaks the protocol, so the tests check egaku's handling of what a server may say.

Fixture: ``fake_llm`` starts one and points EGAKU_LLM_URL / EGAKU_LLM_MODEL at it.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any, Self

import pytest

from .servers import _QuietServer

__all__ = ["FakeChat", "fake_llm", "plan_json"]


class FakeChat:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.replies: list[str] = []
        self.respond: Callable[[dict[str, Any]], str] | None = None
        self.status: int | None = None
        self.status_times: int | None = None
        self.retry_after: str | None = None
        self.delay_s = 0.0
        self.refusal: str | None = None
        self.reject_formats: set[str] = set()
        self._stop = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                fake._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        host, port = self._server.server_address[:2]
        self.url = f"http://{host!s}:{port}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = json.loads(h.rfile.read(length) or b"{}")
        if h.path.rstrip("/") != "/v1/chat/completions":
            self._send(h, 404, {"error": {"message": f"no route {h.path}", "type": "invalid_request_error"}})
            return
        self.requests.append(body)
        n = len(self.requests)
        if self.delay_s:
            self._stop.wait(self.delay_s)
        if self.status is not None and (self.status_times is None or n <= self.status_times):
            headers = {"Retry-After": self.retry_after} if self.retry_after is not None else {}
            self._send(
                h, self.status, {"error": {"message": f"fake error {self.status}", "type": "server_error"}}, headers
            )
            return
        fmt = (body.get("response_format") or {}).get("type")
        if fmt in self.reject_formats:
            err = {"message": f"response_format {fmt} is not supported", "type": "invalid_request_error"}
            self._send(h, 400, {"error": err})
            return
        if self.refusal is not None:
            content, refusal = None, self.refusal
        else:
            refusal = None
            if self.respond is not None:
                content = self.respond(body)
            else:
                content = self.replies[min(n, len(self.replies)) - 1] if self.replies else "{}"
        payload = {
            "id": f"chatcmpl-{n}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "fake"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": refusal},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": sum(len(str(m.get("content", ""))) // 4 for m in body.get("messages", [])),
                "completion_tokens": len(content or "") // 4,
                "total_tokens": 0,
            },
        }
        self._send(h, 200, payload)

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        try:
            h.wfile.write(data)
        except OSError:
            pass


def plan_json(**fields: Any) -> str:
    """A complete plan answer (the ModelPlan fields), ``fields`` laid over quiet defaults."""
    plan: dict[str, Any] = {
        "thinking": "",
        "kind": "poster",
        "texts": [],
        "theme": "calm",
        "style": "flat",
        "mood": "calm",
        "text_size": "medium",
        "text_position": "center",
        "vertical": False,
        "subjects": [],
        "relations": [],
        "place": None,
        "time_of_day": "day",
        "weather": "clear",
        "season": None,
        "event": None,
        "camera_angle": "eye",
        "camera_shot": "medium",
        "facts": [],
    }
    plan.update(fields)
    return json.dumps(plan, ensure_ascii=False)


@pytest.fixture
def fake_llm(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeChat]:
    server = FakeChat().start()
    monkeypatch.setenv("EGAKU_LLM_URL", server.url)
    monkeypatch.setenv("EGAKU_LLM_MODEL", "fake-planner")
    monkeypatch.setenv("EGAKU_LLM_TIMEOUT_S", "5")
    for name in ("EGAKU_LLM_GGUF", "EGAKU_LLM_API_KEY", "EGAKU_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    for name in ("NO_PROXY", "no_proxy"):
        current = os.environ.get(name, "")
        monkeypatch.setenv(name, ",".join(x for x in (current, "127.0.0.1", "localhost") if x))
    try:
        yield server
    finally:
        server.stop()
