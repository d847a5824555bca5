"""Variants: N genuinely different designs of one request.

Variant 1 is the design egaku makes anyway. Each further variant changes what the request
left open, and only that: where the text block sits (and so where the picture goes), how
large the title is, the named style when the request named none (a style it named is
kept), and the seed of the decoration. A theme, a size or a position the request said is
never varied. The choice is a pure function of the request's seed and the variant number,
so the same request gives the same variants, and ``--pick K`` gets variant K again.
"""

from __future__ import annotations

from typing import Any

from ..understand.intent import Intent, Trace

__all__ = ["MAX_VARIANTS", "vary"]

MAX_VARIANTS = 8

# text-block positions to try, by canvas shape (the base design's own comes first)
_TALL = ("top", "bottom", "center")
_WIDE = ("left", "right", "center")
_SQUARE = ("top", "center", "bottom")
_SIZES = ("medium", "large")  # a variant never shrinks the title to small print


def _styles() -> list[str]:
    """The named styles egaku knows (``compose.styles``), when they are installed."""
    import importlib

    try:
        styles = importlib.import_module("egaku.compose.styles")
    except ImportError:  # pragma: no cover - styles ship with egaku
        return []
    names = getattr(styles, "STYLES", {})
    return list(names) if isinstance(names, dict) else list(names)


def vary(intent: Intent, k: int, trace: Trace) -> Intent:
    """The intent of variant ``k`` (1 = the design as it is)."""
    if k <= 1:
        return intent
    update: dict[str, Any] = {"seed": (intent.seed + 104_729 * (k - 1)) % (2**32)}
    changed: list[str] = [f"seed {update['seed']}"]
    W, H = intent.width, intent.height
    free_layout = intent.mode in ("design", "illustration", "infographic", "menu", "chart", "flyer", "timetable")
    # position × title size, the position changing first: N variants, N different layouts
    positions: list[str | None] = [None]
    if not intent.position_said and free_layout and not intent.vertical:
        order = _WIDE if W > 1.15 * H else _TALL if H > 1.15 * W else _SQUARE
        base = intent.position if intent.position in order else order[-1]
        hero = intent.plan is not None and any(sub.asset for sub in intent.plan.subjects)
        if hero and intent.mode == "design":  # a picture's design puts the text top (left when wide)
            base = "left" if W > 1.15 * H else "top"
        positions = [None] + [p for p in order if p != base]
    sizes: list[str | None] = [None]
    if not intent.size_said and intent.mode == "design":
        sizes = [None] + [z for z in _SIZES if z != intent.size]
    combos = [(p, z) for z in sizes for p in positions][1:]  # (None, None) is variant 1's own
    if combos:
        pos, size = combos[(k - 2) % len(combos)]
        if pos is not None:
            update["position"] = pos
            update["position_said"] = True  # (so the layout keeps it, as if the request had said it)
            changed.append(f"text {pos}")
        if size is not None:
            update["size"] = size
            changed.append(f"title {size}")
    styles = _styles()
    if styles and not getattr(intent, "style", "") and "style" in Intent.model_fields:
        style = styles[(intent.seed + k - 2) % len(styles)]
        update["style"] = style
        changed.append(f"style {style}")
    trace.add(
        "variants",
        f"variant {k}: " + ", ".join(changed),
        "what the request left open is varied; what it said is kept",
    )
    return intent.model_copy(update=update)
