"""The one thing egaku asks of a language model: a chat turn, optionally held to a JSON Schema.

    ChatModel.chat(messages, schema=..., schema_name=..., max_tokens=..., timeout=...) -> Reply

Two implementations: :class:`egaku.llm.remote.RemoteModel` (any OpenAI-compatible
chat-completions endpoint, through the official ``openai`` SDK) and
:class:`egaku.llm.gguf.GGUFModel` (a local GGUF file, in process, through a llama.cpp
binding). Every failure is a :class:`ModelError` with a one-line reason; the planner turns
it into a trace line and falls back to the rules, so egaku never fails because a model did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import EgakuError

__all__ = ["ChatModel", "Message", "ModelError", "Reply"]

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": "..."}


class ModelError(EgakuError):
    """The model could not answer: ``kind`` is timeout, http, refused, unavailable or invalid."""

    exit_code = 2

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass
class Reply:
    """One answer: its text, what it cost, and whether a schema held the decoding."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    structured: bool = False  # decoding was constrained to the schema (response_format or a grammar)
    refusal: str | None = None  # the model declined (OpenAI's ``message.refusal``)

    @property
    def tokens_per_s(self) -> float:
        return self.completion_tokens / self.seconds if self.seconds > 0 else 0.0


class ChatModel(Protocol):
    """A language model egaku can ask. ``name`` is shown in traces ("gguf SmolLM2-135M…")."""

    name: str

    def chat(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        schema_name: str = "answer",
        max_tokens: int = 1024,
        timeout: float = 60.0,
    ) -> Reply: ...
