"""Infographics: N equal items, each with an icon and its short label, as a grid or as steps.

"An infographic about recycling: 'Reduce', 'Reuse', 'Recycle'" draws three equal cards, not
a title and small print. Every item is a quoted text of the request, drawn exactly; its icon
is found from the item's own word, else from the request's subject words, else the theme's
emblem. Steps (手順, ステップ, flow, steps, how to) read top to bottom with arrows between
them; otherwise the items sit in an even grid. A first quoted text that is clearly longer
than the rest, or followed by the others, is the title.
"""

from __future__ import annotations

import re
from typing import Literal

from ..scene import Box, IconLayer, Layer, Scene, ShapeLayer, Solid, TextLayer
from ..typography import fit_text
from ..understand.intent import Intent, Trace
from ..words import has
from .base import is_dark, make_scene, mix, safe_area
from .layouts import _background, _title_with_rule
from .themes import THEMES

__all__ = ["STEP_WORDS", "infographic", "split_title"]

STEP_WORDS = ("手順", "ステップ", "流れ", "やり方", "steps", "step by step", "how to", "flow", "process")


def split_title(texts: list[str]) -> tuple[str | None, list[str]]:
    """(title, items): all are items unless the first is much longer than every other."""
    if len(texts) >= 3 and len(texts[0]) >= 2 * max(len(t) for t in texts[1:]):
        return texts[0], texts[1:]
    return None, list(texts)


def _icon_for(item: str, fallbacks: list[str]) -> tuple[str, str, str] | None:
    """(code, emoji, why) of the icon for an item: its own word first, then the request's subjects."""
    from .. import assets
    from ..icons import find_icon, icon_for_emoji

    words = [item] + [w for w in re.split(r"[\sをにがでのとへはもや、。]+", item) if w]
    for word in dict.fromkeys(words):
        icon = find_icon(word)
        if icon is not None:
            return icon.code, icon.emoji, f"its own word {word!r}"
        m = assets.lookup(word)  # the drawable library knows more words; its emoji subjects have icons
        if m is not None and m.via != "fuzzy" and m.subject.emoji:
            try:
                icon = icon_for_emoji(m.subject.emoji)
            except (KeyError, LookupError, ValueError):
                continue
            return icon.code, icon.emoji, f"its own word {word!r} (library subject {m.subject.id!r})"
    for f in fallbacks:
        icon = find_icon(f)
        if icon is not None:
            return icon.code, icon.emoji, f"the request's subject {f!r}"
    return None


def infographic(intent: Intent, trace: Trace) -> Scene:
    theme = THEMES[intent.theme]
    if intent.style:  # a design style (neon, 和風 …) sets the colours from the theme's hues
        from .styles import styled_theme

        theme = styled_theme(intent)
    W, H = intent.width, intent.height
    short = min(W, H)
    safe = safe_area(intent)
    dark = is_dark(theme)
    layers: list[Layer] = [_background(theme, W, H)]
    title, items = split_title(intent.texts)
    top = safe.y
    if title is not None:
        t = _title_with_rule(
            layers, intent, title, Box(x=safe.x, y=safe.y, w=safe.w, h=0.16 * H), theme, trace,
            max_size=0.09 * short, gap=0.02 * H,
        )  # fmt: skip
        top = t.box.bottom + 0.06 * H
    steps = bool(has(intent.prompt.lower(), STEP_WORDS))
    n = len(items)
    if steps or n <= 3 and H > 1.2 * W:
        cols = 1
    elif W > 1.6 * H:
        cols = n
    else:
        cols = 2 if n in (2, 4) else 3
    rows = -(-n // cols)
    gap = 0.035 * short
    area = Box(x=safe.x, y=top, w=safe.w, h=safe.bottom - top)
    cw = (area.w - gap * (cols - 1)) / cols
    ch = min((area.h - gap * (rows - 1)) / rows, 0.9 * cw if cols > 1 else 0.3 * H)
    y0 = area.y + (area.h - (rows * ch + (rows - 1) * gap)) / 2
    card_fill = "#FFFFFF" if not dark else "#000000"
    from ..understand.grounding import topic

    fallbacks = list(intent.subjects) + ([intent.subject_icon] if intent.subject_icon else [])
    from ..understand.rules import unquoted

    fallbacks += [w for w in topic(unquoted(intent.prompt)).split() if len(w) > 2]
    fallbacks += list(theme.icons) + (["✅"] if has(intent.prompt.lower(), STEP_WORDS) else ["⭐"])
    for i, item in enumerate(items):
        r, c = divmod(i, cols)
        box = Box(x=area.x + c * (cw + gap), y=y0 + r * (ch + gap), w=cw, h=ch)
        layers.append(
            ShapeLayer(
                id=f"item-{i + 1}-card",
                name=f"item {i + 1} card",
                role="decoration",
                z=10,
                shape="rect",
                box=box,
                fill=Solid(color=card_fill),
                opacity=0.7 if not dark else 0.3,
                radius=0.06 * min(cw, ch),
            )  # fmt: skip
        )
        row_layout = cols == 1
        d = (0.62 * ch) if row_layout else 0.42 * min(cw, ch)
        badge = (
            Box(x=box.x + 0.08 * ch, y=box.cy - d / 2, w=d, h=d)
            if row_layout
            else Box(x=box.cx - d / 2, y=box.y + 0.12 * ch, w=d, h=d)
        )
        layers.append(
            ShapeLayer(
                id=f"item-{i + 1}-badge",
                name=f"item {i + 1} badge",
                role="decoration",
                z=11,
                shape="ellipse",
                box=badge,
                fill=Solid(color=mix(theme.accent, card_fill, 0.75)),
            )  # fmt: skip
        )
        icon = _icon_for(item, fallbacks)
        if icon is not None:
            code, emoji, why = icon
            inner = badge.inset(0.18 * d)
            layers.append(
                IconLayer(
                    id=f"item-{i + 1}-icon",
                    name=f"item {i + 1} icon",
                    role="decoration",
                    z=12,
                    box=inner,
                    code=code,
                    emoji=emoji,
                )  # fmt: skip
            )
            trace.add("compose", f"item {i + 1} {item!r}: icon {emoji}", why)
        align: Literal["start", "center"]
        if row_layout:
            label_box = Box(x=badge.right + 0.08 * ch, y=box.y, w=box.right - badge.right - 0.16 * ch, h=box.h)
            align = "start"
        else:
            label_box = Box(
                x=box.x + 0.06 * cw, y=badge.bottom + 0.06 * ch, w=0.88 * cw, h=box.bottom - badge.bottom - 0.12 * ch
            )
            align = "center"
        fit = fit_text(item, "display", label_box.w, label_box.h, max_size=0.09 * short, min_size=max(12.0, 0.025 * short),
                       max_lines=2)  # fmt: skip
        tight = Box(
            x=label_box.x if align == "start" else label_box.cx - fit.width / 2,
            y=label_box.cy - fit.height / 2, w=fit.width, h=fit.height,
        )  # fmt: skip
        layers.append(
            TextLayer(
                id=f"item-{i + 1}",
                name=f"item {i + 1}",
                role="title" if n == 1 else "subtitle",
                z=30,
                box=tight,
                text=item,
                lines=fit.lines,
                font="display",
                size=fit.size,
                fill=theme.ink,
                align=align,
            )  # fmt: skip
        )
        if steps and i < n - 1:  # an arrow down to the next step
            ax, ay = box.x + 0.08 * ch + d / 2, box.bottom + 0.15 * gap
            layers.append(
                ShapeLayer(
                    id=f"item-{i + 1}-arrow",
                    name=f"arrow {i + 1}",
                    role="decoration",
                    z=9,
                    shape="polygon",
                    box=Box(x=ax - 0.35 * gap, y=ay, w=0.7 * gap, h=0.7 * gap),
                    fill=Solid(color=theme.accent),
                    points=[(0.0, 0.0), (1.0, 0.0), (0.5, 1.0)],
                )  # fmt: skip
            )
    trace.add(
        "compose",
        f"infographic: {n} equal item(s) as {'steps' if steps else f'a {cols}-column grid'}",
        "every quoted item gets the same card, icon and type size",
    )
    return make_scene(intent, theme, layers)
