"""Any OpenAI-compatible chat-completions endpoint, through the official ``openai`` SDK.

Ollama (``http://127.0.0.1:11434/v1``), llama.cpp's ``llama-server``, LM Studio, vLLM and
hosted APIs all speak it. Structured output is asked for with ``response_format`` of type
``json_schema``; a server that rejects that (HTTP 400 naming it) is asked again with
``json_object``, then plain, and the planner parses the text strictly. A rate limit or a
server error gets one more try when its ``Retry-After`` fits the deadline; everything
else is a :class:`ModelError`, which the planner turns into a fallback to the rules.
"""

from __future__ import annotations

import time
from typing import Any

from .base import Message, ModelError, Reply

__all__ = ["RemoteModel"]


class RemoteModel:
    """``RemoteModel("http://127.0.0.1:11434/v1", "qwen2.5:7b", api_key=None)``."""

    def __init__(self, base_url: str, model: str, *, api_key: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.name = f"{model} at {self.base_url}"
        self._client: Any = None
        self._formats: list[str] = ["json_schema", "json_object", "none"]  # what this server still may accept

    def _sdk(self) -> Any:
        if self._client is None:
            try:
                from openai import OpenAI
            except ImportError:
                raise ModelError(
                    "unavailable", "a model endpoint needs the openai SDK: pip install 'egaku[llm]'"
                ) from None
            # egaku keeps its own deadline and retry rule; the SDK's own retries would overrun it
            self._client = OpenAI(base_url=self.base_url, api_key=self.api_key or "not-needed", max_retries=0)
        return self._client

    def chat(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        schema_name: str = "answer",
        max_tokens: int = 1024,
        timeout: float = 60.0,
    ) -> Reply:
        import openai

        client = self._sdk()
        deadline = time.monotonic() + timeout
        t0 = time.perf_counter()
        retried = False
        while True:
            fmt = self._formats[0] if schema is not None else "none"
            kwargs: dict[str, Any] = {}
            if fmt == "json_schema" and schema is not None:
                kwargs["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": schema_name, "schema": schema, "strict": True},
                }
            elif fmt == "json_object":
                kwargs["response_format"] = {"type": "json_object"}
            left = deadline - time.monotonic()
            if left <= 0:
                raise ModelError("timeout", f"no answer from {self.base_url} within {timeout:g} s")
            try:
                r = client.chat.completions.create(
                    model=self.model,
                    messages=messages,
                    temperature=0,
                    seed=0,
                    max_tokens=max_tokens,
                    timeout=left,
                    **kwargs,
                )
            except openai.APITimeoutError:
                raise ModelError("timeout", f"no answer from {self.base_url} within {timeout:g} s") from None
            except openai.APIConnectionError as e:
                raise ModelError("unavailable", f"cannot reach {self.base_url} ({_cause(e)})") from None
            except openai.APIStatusError as e:
                status = e.status_code
                if status == 400 and fmt != "none" and "response_format" in _body(e) + str(e.message):
                    self._formats.pop(0)  # this server does not take that format: ask the next way
                    continue
                if status in (429, 500, 502, 503, 504) and not retried:
                    wait = _retry_after(e, default=0.5)
                    if wait <= min(2.0, deadline - time.monotonic() - 0.1):
                        retried = True
                        time.sleep(wait)
                        continue
                what = "rate limited" if status == 429 else "server error" if status >= 500 else "refused the request"
                raise ModelError("http", f"{self.base_url} answered HTTP {status} ({what})") from None
            except openai.OpenAIError as e:  # anything else the SDK raises: malformed answers and the like
                raise ModelError("invalid", f"unreadable answer from {self.base_url} ({type(e).__name__})") from None
            break
        seconds = time.perf_counter() - t0
        try:
            choice = r.choices[0]
            message = choice.message
        except (AttributeError, IndexError, TypeError):
            raise ModelError("invalid", f"{self.base_url} answered with no choices") from None
        refusal = getattr(message, "refusal", None)
        if refusal:
            raise ModelError("refused", f"the model declined: {str(refusal)[:120]}")
        text = message.content
        if not isinstance(text, str) or not text.strip():
            raise ModelError("invalid", f"{self.base_url} answered with no text")
        usage = getattr(r, "usage", None)
        return Reply(
            text=text,
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
            seconds=seconds,
            structured=fmt == "json_schema" and schema is not None,
        )


def _cause(e: BaseException) -> str:
    while e.__cause__ is not None:
        e = e.__cause__
    return type(e).__name__ + (f": {str(e)[:80]}" if str(e) else "")


def _body(e: Any) -> str:
    body = getattr(e, "body", None)
    return str(body)[:2000] if body is not None else ""


def _retry_after(e: Any, default: float) -> float:
    try:
        value = e.response.headers.get("retry-after")
        return max(0.0, float(value)) if value is not None else default
    except (AttributeError, ValueError, TypeError):
        return default
