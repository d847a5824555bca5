"""Which language model egaku may ask, from the environment; nothing is contacted unless configured.

    EGAKU_LLM_URL       an OpenAI-compatible base URL (http://127.0.0.1:11434/v1 for Ollama)
    EGAKU_LLM_MODEL     the model name the endpoint serves (qwen2.5:7b-instruct, gpt-4o-mini, ...)
    EGAKU_LLM_API_KEY   a key, for hosted APIs (local servers need none)
    EGAKU_LLM_GGUF      a local GGUF file, run in process (wins over the URL: nothing leaves the machine)
    EGAKU_LLM_TIMEOUT_S seconds one model call may take (default 60; CPU models are slow)
    EGAKU_LLM_REVIEW_ROUNDS  critique-and-revise rounds after the first drawing (0..2, default 2)

``--planner rules|llm|auto``: ``auto`` (the default) uses a model when one is configured;
``--offline`` never contacts an endpoint (a local GGUF file still runs).
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from .base import ChatModel

__all__ = ["PLANNERS", "LLMSettings", "check_planner", "choose_model", "review_rounds"]

PLANNERS = ("rules", "llm", "auto")
DEFAULT_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class LLMSettings:
    url: str | None = None
    model: str | None = None
    api_key: str | None = None
    gguf: str | None = None
    timeout: float = DEFAULT_TIMEOUT_S

    @classmethod
    def from_env(cls) -> LLMSettings:
        env = {k: (os.environ.get(k) or "").strip() or None for k in _VARS}
        raw = env["EGAKU_LLM_TIMEOUT_S"]
        timeout = DEFAULT_TIMEOUT_S
        if raw is not None:
            try:
                timeout = float(raw)
            except ValueError:
                timeout = math.nan
            if not (math.isfinite(timeout) and 0 < timeout <= 3600):
                raise InputError(f"EGAKU_LLM_TIMEOUT_S={raw[:20]!r} must be seconds between 0 and 3600, e.g. 60")
        url = env["EGAKU_LLM_URL"]
        if url is not None and not url.startswith(("http://", "https://")):
            raise InputError(f"EGAKU_LLM_URL={url[:60]!r} must be an http(s) base URL like http://127.0.0.1:11434/v1")
        if url is not None and env["EGAKU_LLM_MODEL"] is None:
            raise InputError("EGAKU_LLM_URL is set but EGAKU_LLM_MODEL is not; name the model the endpoint serves")
        return cls(
            url=url, model=env["EGAKU_LLM_MODEL"], api_key=env["EGAKU_LLM_API_KEY"], gguf=env["EGAKU_LLM_GGUF"],
            timeout=timeout,
        )  # fmt: skip

    @property
    def configured(self) -> bool:
        return self.url is not None or self.gguf is not None


_VARS = ("EGAKU_LLM_URL", "EGAKU_LLM_MODEL", "EGAKU_LLM_API_KEY", "EGAKU_LLM_GGUF", "EGAKU_LLM_TIMEOUT_S")
_models: dict[tuple[str | None, ...], Any] = {}  # one client (or loaded GGUF) per configuration
_lock = threading.Lock()


def review_rounds() -> int:
    """EGAKU_LLM_REVIEW_ROUNDS: how many critique-and-revise rounds follow the first drawing
    (0..2, default 2; 0 for a slow local model that should only plan)."""
    raw = (os.environ.get("EGAKU_LLM_REVIEW_ROUNDS") or "").strip()
    if not raw:
        return 2
    if raw not in ("0", "1", "2"):
        raise InputError(f"EGAKU_LLM_REVIEW_ROUNDS={raw[:20]!r} must be 0, 1 or 2")
    return int(raw)


def check_planner(planner: object) -> str:
    if planner is None:
        return "auto"
    if not isinstance(planner, str) or planner not in PLANNERS:
        raise InputError(f"planner must be one of {', '.join(PLANNERS)}, not {planner!r:.40}")
    return planner


def choose_model(planner: str, *, offline: bool | None, trace: Any) -> tuple[ChatModel | None, float]:
    """The model to plan with (None: the rules) and its per-call timeout. ``--planner llm``
    with no usable model is an InputError (asked for, cannot be had); ``auto`` falls back
    quietly to the rules, with a trace line when a model was configured but not allowed."""
    if planner == "rules":
        return None, 0.0
    settings = LLMSettings.from_env()
    offline = offline if offline is not None else os.environ.get("EGAKU_OFFLINE", "") not in ("", "0")
    if settings.gguf is not None:
        from .base import ModelError
        from .gguf import GGUFModel, check_gguf

        try:
            check_gguf(settings.gguf)
        except ModelError as e:
            if planner == "llm":  # asked for, and it cannot be had: the user's setting to fix
                raise InputError(f"EGAKU_LLM_GGUF: {e.detail}") from None
            trace.add("plan", f"the local model cannot run ({e.detail})", "the rules plan instead")
            return None, 0.0
        key: tuple[str | None, ...] = ("gguf", settings.gguf)
        with _lock:
            if key not in _models:
                _models[key] = GGUFModel(settings.gguf)
            return _models[key], settings.timeout
    if settings.url is not None:
        if offline:
            if planner == "llm":
                raise InputError(
                    f"--planner llm with --offline: the model at {settings.url} may not be contacted; "
                    "drop --offline, or set EGAKU_LLM_GGUF to a local model"
                )
            trace.add("plan", f"offline: the model at {settings.url} is not asked", "the rules plan instead")
            return None, 0.0
        from .remote import RemoteModel

        key = ("url", settings.url, settings.model, settings.api_key)
        with _lock:
            if key not in _models:
                _models[key] = RemoteModel(settings.url, settings.model or "", api_key=settings.api_key)
            return _models[key], settings.timeout
    if planner == "llm":
        raise InputError(
            "--planner llm needs a model: set EGAKU_LLM_URL and EGAKU_LLM_MODEL (an OpenAI-compatible server) "
            "or EGAKU_LLM_GGUF (a local GGUF file)"
        )
    return None, 0.0
