"""Compose for pictures: illustrations (a setting, a character, the camera), chart
posters and menu boards. Same contract as :func:`egaku.compose.compose`:
``Intent + Trace -> Scene``.
"""

from __future__ import annotations

import math
from contextvars import ContextVar
from typing import Any

from ..scene import (
    BackgroundLayer,
    Box,
    Camera,
    ChartLayer,
    EffectLayer,
    IconLayer,
    Layer,
    LinearGradient,
    Scene,
    ShapeLayer,
    Solid,
    Stop,
    TextLayer,
)
from ..typography import fit_text, measure
from ..typography.fit import drop_uncovered, fit_shortened
from ..understand.intent import Intent, Trace
from .base import fitted_text, is_dark, make_scene, mix, safe_area, title_tracking
from .themes import THEMES, Theme

# The character's box height as a fraction of the canvas: it matches the scenery's
# ground model (a figure ~0.5 H tall at eye level, smaller from above, looming from
# below) scaled by the shot; the drawn figure fills ~75 % of its box.
ANGLE_HEIGHT = {"eye": 0.62, "high": 0.54, "low": 0.7}
SHOT_SCALE = {"wide": 0.6, "medium": 1.0, "close": 1.35}


def degrees(value: float) -> int:
    """A temperature as drawn: halves round away from zero (16.5 → 17, -0.5 → -1), as a
    forecast reader expects, not to the even neighbour as Python's round() does."""
    return int(math.floor(abs(value) + 0.5)) * (1 if value >= 0 else -1)


def _background(theme: Theme, W: int, H: int) -> BackgroundLayer:
    stops = [Stop(offset=i / (len(theme.bg) - 1), color=c) for i, c in enumerate(theme.bg)]
    return BackgroundLayer(
        id="background",
        name="background",
        role="background",
        box=Box(x=0, y=0, w=W, h=H),
        fill=LinearGradient(angle=90, stops=stops),
    )


def _title(
    intent: Intent,
    text: str,
    box: Box,
    theme: Theme,
    *,
    font: str = "display",
    max_size: float,
    trace: Trace,
    backdrop: str | None = None,
    layer_id: str = "title",
    role: str = "title",
) -> TextLayer:
    """Fit ``text`` into ``box`` (largest size, balanced lines) and centre it there."""
    short = min(intent.width, intent.height)
    fit = fit_text(
        text,
        font,
        box.w,
        box.h,
        max_size=max_size,
        min_size=max(12.0, 0.022 * short),
        tracking=title_tracking(text),
        line_height=1.15,
        max_lines=3,
    )
    tight = Box(x=box.cx - fit.width / 2, y=box.cy - fit.height / 2, w=fit.width, h=fit.height)
    trace.add(
        "compose", f"{role} {text!r}: {fit.size:.0f} px {font}, lines {fit.lines}", "largest size that fits its slot"
    )
    return TextLayer(
        id=layer_id,
        name=role,
        role=role,
        box=tight,
        text=text,
        lines=fit.lines,
        font=font,
        size=fit.size,
        fill=theme.ink,
        line_height=1.15,
        tracking=title_tracking(text),
        backdrop=backdrop,
        backdrop_opacity=0.86 if backdrop else 0.0,
    )


def _title_with_rule(
    layers: list[Layer],
    intent: Intent,
    text: str,
    slot: Box,
    theme: Theme,
    trace: Trace,
    *,
    max_size: float,
    gap: float,
    font: str = "display",
) -> TextLayer:
    """The title fitted into ``slot`` and a short accent rule ``gap`` under it, both added."""
    W, short = intent.width, min(intent.width, intent.height)
    title = _title(intent, text, slot, theme, font=font, max_size=max_size, trace=trace)
    title.z = 20
    layers.append(title)
    layers.append(
        ShapeLayer(
            id="rule",
            name="accent rule",
            role="decoration",
            z=5,
            shape="rect",
            box=Box(x=W / 2 - 0.085 * W, y=title.box.bottom + gap, w=0.17 * W, h=max(3.0, 0.0065 * short)),
            fill=Solid(color=theme.accent),
            radius=0.0033 * short,
        )
    )
    return title


# 1. Illustrations -------------------------------------------------------------------


def weather_layers(weather: str, W: int, H: int, seed: int) -> list[Layer]:
    """Rain or snow as one background effect layer under the subjects (none when clear)."""
    if weather not in ("rain", "downpour", "snow"):
        return []
    return [
        EffectLayer(
            id="weather",
            name=weather,
            role="background",
            z=5,
            box=Box(x=0, y=0, w=W, h=H),
            effect="snow" if weather == "snow" else "rain",
            density=3.5 if weather == "downpour" else 1.2,
            seed=seed,
        )
    ]


def illustration(intent: Intent, trace: Trace) -> Scene:
    from ..render.figures import build_character
    from ..render.scenery import ground_contact_y, scenery_layers

    W, H = intent.width, intent.height
    camera = Camera(angle=intent.camera_angle, shot=intent.camera_shot)
    layers: list[Layer] = []

    # 1. The setting, drawn through the camera (sky, ground, props).
    setting = intent.setting or "meadow"
    layers += scenery_layers(
        setting, width=W, height=H, time_of_day=intent.time_of_day, weather=intent.weather, seed=intent.seed, z=0
    )
    trace.add(
        "compose",
        f"setting: {setting}, {intent.time_of_day}, {intent.weather}",
        f"horizon and ground follow the {camera.angle}-angle camera",
    )

    # 2. Weather particles belong to the background (under the subject).
    layers += weather_layers(intent.weather, W, H, intent.seed)

    # 3. The subject standing on the ground, sized by the shot.
    feet = ground_contact_y(camera, H)
    ch = ANGLE_HEIGHT[camera.angle] * SHOT_SCALE[camera.shot] * H
    cw = ch * 100 / 160
    box = Box(x=W / 2 - cw / 2, y=feet - ch, w=cw, h=ch)
    if intent.character is not None:
        c = intent.character
        group = build_character(
            c.species,
            c.species,
            box,
            clothing=[(g.part, g.color, g.pattern) for g in c.clothing],
            accessories=[(g.part, g.color) for g in c.accessories],
            pose=c.pose,
            z=10,
        )
        layers.append(group)
        trace.add(
            "compose",
            f"character: {c.species} group with " + ", ".join(k.id for k in group.children),
            f"{camera.shot} shot: {ch:.0f} px tall, feet on the ground line at {feet:.0f}",
        )
    elif intent.subject_icon:
        from ..icons import icon_for_emoji

        icon = icon_for_emoji(intent.subject_icon)
        d = min(ch, W * 0.7)
        layers.append(
            ShapeLayer(
                id="subject-shadow",
                name="shadow",
                role="shadow",
                z=9,
                shape="ellipse",
                box=Box(x=W / 2 - d * 0.35, y=feet - d * 0.05, w=d * 0.7, h=d * 0.1),
                fill=Solid(color="#000000"),
                opacity=0.18,
            )
        )
        layers.append(
            IconLayer(
                id="subject",
                name=f"subject {icon.name}",
                role="subject",
                z=10,
                box=Box(x=W / 2 - d / 2, y=feet - d, w=d, h=d),
                code=icon.code,
                emoji=icon.emoji,
            )
        )
        trace.add("compose", f"subject: {icon.emoji} {icon.name} standing on the ground", icon.reason)
    else:
        trace.add("compose", "no subject drawn", "nothing known matched the request")

    # 4. Quoted text as a title on a scrim at the top.
    theme = THEMES["calm"] if intent.time_of_day != "night" else THEMES["night"]
    safe = safe_area(intent)
    for i, text in enumerate(intent.texts[:2]):
        slot = Box(x=safe.x, y=safe.y + i * 0.14 * H, w=safe.w, h=0.12 * H)
        layers.append(
            _title(
                intent,
                text,
                slot,
                theme,
                max_size=0.09 * min(W, H),
                trace=trace,
                backdrop="#FFFFFF" if not is_dark(theme) else "#0B1026",
                layer_id="title" if i == 0 else "subtitle",
                role="title" if i == 0 else "subtitle",
            )
        )
        layers[-1].z = 20 + i
    return make_scene(intent, theme, layers, camera)


# 2. Chart posters ---------------------------------------------------------------------


def chart(intent: Intent, trace: Trace) -> Scene:
    assert intent.chart is not None
    theme = THEMES[intent.theme]
    W, H = intent.width, intent.height
    short = min(W, H)
    safe = safe_area(intent)
    layers: list[Layer] = [_background(theme, W, H)]
    top = safe.y
    if intent.texts:
        title = _title_with_rule(
            layers,
            intent,
            intent.texts[0],
            Box(x=safe.x, y=safe.y, w=safe.w, h=0.16 * H),
            theme,
            trace,
            max_size=0.1 * short,
            gap=0.025 * H,
        )
        top = title.box.bottom + 0.06 * H
    spec = intent.chart
    dark = is_dark(theme)
    panel = Box(x=safe.x, y=top, w=safe.w, h=safe.bottom - top)
    layers.append(
        ShapeLayer(
            id="panel",
            name="chart panel",
            role="decoration",
            z=8,
            shape="rect",
            box=panel,
            fill=Solid(color="#FFFFFF" if not dark else "#000000"),
            opacity=0.55 if not dark else 0.25,
            radius=0.03 * short,
        )
    )
    inner = panel.inset(0.05 * short)
    if spec.chart == "pie":  # neighbours must differ: alternate the accent and the ink, in steps
        colors = [
            theme.accent,
            mix(theme.sub_ink, theme.bg[0], 0.3),
            mix(theme.accent, theme.bg[0], 0.5),
            mix(theme.sub_ink, theme.bg[0], 0.6),
            mix(theme.accent, theme.bg[0], 0.72),
        ]
    else:  # the largest bar in the accent, the rest in a tint of it
        colors = [theme.accent, mix(theme.accent, theme.bg[0], 0.45)]
    layers.append(
        ChartLayer(
            id="chart",
            name=f"{spec.chart} chart",
            role="chart",
            z=10,
            box=inner,
            chart=spec.chart,
            labels=spec.labels,
            values=spec.values,
            colors=colors,
            ink=theme.ink,
            grid=mix(theme.ink, theme.bg[0], 0.75),
            label_size=0.042 * short,
        )
    )
    trace.add(
        "compose",
        f"{spec.chart} chart in a {inner.w:.0f}×{inner.h:.0f} panel",
        "bars exactly proportional to the data; only the given values are printed",
    )
    return make_scene(intent, theme, layers)


# 3. Menu boards -------------------------------------------------------------------------


def menu(intent: Intent, trace: Trace) -> Scene:
    theme = THEMES[intent.theme] if intent.theme != "calm" else THEMES["cafe"]
    W, H = intent.width, intent.height
    short = min(W, H)
    safe = safe_area(intent)
    layers: list[Layer] = [_background(theme, W, H)]
    m = 0.035 * short
    layers.append(
        ShapeLayer(
            id="frame",
            name="frame",
            role="decoration",
            z=2,
            shape="rect",
            box=Box(x=m, y=m, w=W - 2 * m, h=H - 2 * m),
            stroke=theme.accent,
            stroke_width=max(2.0, 0.004 * short),
            radius=0.01 * short,
        )
    )
    titles = [t for t, r in zip(intent.texts, intent.roles) if r != "item"]
    top = safe.y + 0.04 * H
    if titles:
        title = _title_with_rule(
            layers,
            intent,
            titles[0],
            Box(x=safe.x, y=top, w=safe.w, h=0.14 * H),
            theme,
            trace,
            max_size=0.11 * short,
            gap=0.03 * H,
            font=theme.font,
        )
        top = title.box.bottom + 0.1 * H

    # 1. One size for every row: the largest at which the longest name fits 60 % of the width.
    items = intent.menu
    lst = Box(x=safe.x + 0.06 * W, y=top, w=safe.w - 0.12 * W, h=safe.bottom - top - 0.04 * H)
    pitch_em = 2.3
    size = min(0.065 * short, lst.h / (len(items) * pitch_em))
    longest = max(items, key=lambda it: measure(it.name, "text", 100))
    fit = fit_text(longest.name, "text", lst.w * 0.6, size * 1.2, max_size=size, min_size=12, max_lines=1)
    size = fit.size
    # the list and the emblem under it sit a little above the middle of the space left
    block = len(items) * size * pitch_em + 0.16 * short
    lst = Box(x=lst.x, y=lst.y + max(0.0, (lst.h - block) * 0.4), w=lst.w, h=lst.h)
    trace.add(
        "compose",
        f"price list: {len(items)} rows at {size:.0f} px, prices right-aligned on one tab stop",
        "names on the left edge, prices on the right edge, dotted leaders between",
    )
    for i, it in enumerate(items, start=1):
        y = lst.y + (i - 1) * size * pitch_em
        row = Box(x=lst.x, y=y, w=lst.w, h=size)
        layers.append(
            TextLayer(
                id=f"item-{i}",
                name=f"item {i}",
                role="item",
                z=20,
                box=row,
                text=it.name,
                lines=[it.name],
                font="text",
                size=size,
                fill=theme.ink,
                align="start",
            )
        )
        layers.append(
            TextLayer(
                id=f"item-{i}-price",
                name=f"price {i}",
                role="price",
                z=20,
                box=row,
                text=it.price,
                lines=[it.price],
                font="display",
                size=size,
                fill=theme.accent,
                align="end",
            )
        )
        name_end = lst.x + measure(it.name, "text", size) + 0.35 * size
        lead_end = lst.right - measure(it.price, "display", size) - 0.35 * size
        if lead_end - name_end > 0.6 * size:
            base = y + 0.8 * size
            layers.append(
                ShapeLayer(
                    id=f"item-{i}-leader",
                    name=f"leader {i}",
                    role="decoration",
                    z=15,
                    shape="line",
                    box=Box(x=name_end, y=base, w=lead_end - name_end, h=0),
                    stroke=theme.sub_ink,
                    stroke_width=max(2.0, 0.08 * size),
                    dash=0.01,
                    opacity=0.7,
                )
            )
    # 2. The theme's icon grounded at the foot of the board.
    from ..icons import icon_for_emoji

    if theme.icons:
        icon = icon_for_emoji(theme.icons[0])
        d = 0.15 * short
        foot = lst.y + len(items) * size * pitch_em + 0.04 * H
        if foot + d < safe.bottom:
            layers.append(
                IconLayer(
                    id="emblem",
                    name=f"icon {icon.name}",
                    role="decoration",
                    z=12,
                    box=Box(x=W / 2 - d / 2, y=foot, w=d, h=d),
                    code=icon.code,
                    emoji=icon.emoji,
                )
            )
    return make_scene(intent, theme, layers)


# 4. Grounded designs: weather today, the week's forecast, news -----------------------

SKY_FOR = {  # condition → how the scenery's sky and the particles look
    "clear": ("clear", None),
    "mostly_clear": ("clear", None),
    "partly_cloudy": ("cloudy", None),
    "cloudy": ("cloudy", None),
    "fog": ("cloudy", None),
    "drizzle": ("rain", "rain"),
    "rain": ("rain", "rain"),
    "heavy_rain": ("downpour", "rain"),
    "freezing_rain": ("rain", "rain"),
    "snow": ("snow", "snow"),
    "thunderstorm": ("downpour", "rain"),
}
WEEKDAYS = {"ja": "月火水木金土日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


def _text(
    layer_id: str,
    text: str,
    box: Box,
    size: float,
    fill: str,
    *,
    font: str = "display",
    align: str = "center",
    role: str = "fact",
    z: int = 30,
) -> TextLayer:
    """One line of fact text fitted into ``box`` (never larger than ``size``)."""
    return fitted_text(
        layer_id, text, box, fill, max_size=size, min_size=10, font=font, align=align, role=role, z=z,
        max_lines=1, line_height=1.25, tight=False, balance=False,
    )  # fmt: skip


# Text a tool returned (a place name, a headline, a snippet, a cited host) is never an
# error for the user, who did not write it: characters no shipped font has are dropped,
# text too long for its slot is shortened with an ellipsis, never drawn smaller than
# LEGIBLE of the slot's size, and each change is a trace line. Quoted user text is drawn
# exactly as written or fails with a message (see _title).
LEGIBLE = 0.4
# the format's smallest text size (verify.min_text_px), set while a grounded design is
# composed: text from a tool is shortened further rather than set smaller than it
TEXT_FLOOR: ContextVar[float] = ContextVar("TEXT_FLOOR", default=0.0)


def _legible(text: str, what: str, font: str, trace: Trace) -> str:
    """``text`` from a tool as the shipped ``font`` can draw it; "" when nothing legible
    (no letter or digit) is left, and then the caller leaves that fact out."""
    kept, dropped = drop_uncovered(text, font)
    if dropped:
        distinct = list(dict.fromkeys(dropped))
        shown = ", ".join(repr(ch) for ch in distinct[:5]) + (", …" if len(distinct) > 5 else "")
        n = len(dropped)
        trace.add(
            "compose",
            f"{what}: dropped {n} character{'s' if n != 1 else ''} no font has ({shown})",
            "text from a tool is drawn with the shipped fonts; the user did not write it, so it is not an error",
        )
    if not any(ch.isalnum() for ch in kept):
        if text.strip():
            trace.add("compose", f"{what}: nothing legible left of {text!r}; left out", "no shipped font draws it")
        return ""
    return kept


def _tool_fit(
    text: str,
    what: str,
    font: str,
    box: Box,
    size: float,
    trace: Trace,
    *,
    min_size: float = 10.0,
    max_lines: int = 1,
    before: str = "",
    after: str = "",
    line_height: float = 1.25,
) -> tuple[Any, str]:
    """Fit tool text into ``box`` at most ``size`` px and at least a legible size, cut
    with an ellipsis when it is too long for that (traced). Returns the fit and the text."""
    fit, core = fit_shortened(
        text,
        font,
        box.w,
        box.h,
        max_size=size,
        min_size=min(size, math.ceil(2 * max(min_size, LEGIBLE * size, TEXT_FLOOR.get())) / 2),  # ½ px steps
        max_lines=max_lines,
        balance=max_lines > 1,
        before=before,
        after=after,
        line_height=line_height,
    )
    if core != text:
        trace.add(
            "compose",
            f"{what}: shortened to {core!r}",
            f"{len(text)} characters do not fit a {box.w:.0f}x{box.h:.0f} px slot at a legible size",
        )
    return fit, core


def _tool_text(
    layer_id: str,
    text: str,
    what: str,
    box: Box,
    size: float,
    fill: str,
    trace: Trace,
    *,
    font: str = "display",
    align: str = "center",
    after: str = "",
) -> TextLayer:
    """One line of text from a tool (see _legible and _tool_fit); ``after`` is ours and kept whole."""
    fit, core = _tool_fit(text, what, font, box, size, trace, after=after)
    return TextLayer(
        id=layer_id,
        name=layer_id,
        role="fact",
        z=30,
        box=box,
        text=core + after,
        lines=fit.lines,
        font=font,
        size=fit.size,
        fill=fill,
        align=align,
    )


def _last_text(layers: list[Layer]) -> TextLayer:
    last = layers[-1]
    assert isinstance(last, TextLayer)
    return last


def _date_label(d: Any, language: str) -> str:
    if language == "ja":
        return f"{d.month}月{d.day}日({WEEKDAYS['ja'][d.weekday()]})"
    return f"{WEEKDAYS['en'][d.weekday()]}, {d.strftime('%b')} {d.day}"


def weather_scene(intent: Intent, g: Any, trace: Trace) -> Scene:
    """Today's weather (a wallpaper or poster), or the week's forecast when the plan asked."""
    from ..ground.clock import time_of_day
    from ..ground.weather import condition
    from ..render.scenery import scenery_layers

    W, H = intent.width, intent.height
    short = min(W, H)
    ja = intent.language == "ja"
    f = g.forecast
    cond = condition(f.current.weather_code)
    today0 = f.daily[0] if f.daily else None
    tod = time_of_day(g.clock.now, sunrise=getattr(today0, "sunrise", None), sunset=getattr(today0, "sunset", None))
    if not f.current.is_day:
        tod = "night"
    sky, particles = SKY_FOR.get(cond.key, ("clear", None))
    layers: list[Layer] = list(
        scenery_layers("city", width=W, height=H, time_of_day=tod, weather=sky, seed=intent.seed, z=0)
    )
    trace.add(
        "compose",
        f"sky: {cond.en.lower()} {tod} over the city",
        f"WMO code {f.current.weather_code} at {g.clock.now:%H:%M} local time",
    )
    if particles:
        layers.append(
            EffectLayer(
                id="weather",
                name=particles,
                role="background",
                z=5,
                box=Box(x=0, y=0, w=W, h=H),
                effect=particles,
                density=3.0 if sky == "downpour" else 1.2,
                seed=intent.seed,
            )
        )
    night = tod == "night"
    ink = "#F8FAFC" if night else "#1E293B"
    sub = "#CBD5E1" if night else "#475569"
    accent = "#FDBA74" if night else "#B4380A"  # ≥ 5:1 on the glass panel over the city
    src = f.source
    week = any(n.span == "week" for n in g.needs)
    place = _legible(g.place.name, "place name", "display", trace)
    if week:
        layers += _week_strip(intent, g, trace, ink, sub, accent, night)
        label = "週間予報" if ja else "7-day forecast"
        layers.append(
            ShapeLayer(
                id="title-panel",
                name="title panel",
                role="decoration",
                z=20,
                shape="rect",
                box=Box(x=0.05 * W, y=0.06 * H, w=0.9 * W, h=0.205 * H),
                fill=Solid(color="#0F172A" if night else "#FFFFFF"),
                opacity=0.55 if night else 0.72,
                radius=0.03 * short,
            )
        )
        title_box = Box(x=0.08 * W, y=0.09 * H, w=0.84 * W, h=0.09 * H)
        if place:
            title = _tool_text("title", place, "place name", title_box, 0.08 * short, ink, trace, after=f" {label}")
            layers.append(title)
            g.fact("place", title.text.removesuffix(f" {label}"), g.place.source)
        else:
            layers.append(_text("title", label, title_box, 0.08 * short, ink))
        layers.append(
            _text(
                "date",
                _date_label(g.clock.now.date(), intent.language),
                Box(x=0.08 * W, y=0.18 * H, w=0.84 * W, h=0.045 * H),
                0.04 * short,
                sub,
                font="text",
            )
        )
        g.fact("date", _last_text(layers).text, g.clock.source)
        return make_scene(intent, THEMES["calm"], layers, Camera())

    # 1. A glass card under the clock area with the facts, biggest first.
    if H < 1.3 * W:  # not a tall page (a card, a square post, a banner): a centred card as tall as it allows
        ch = 0.76 * H
        cw = min(0.84 * W, 1.35 * ch)
        card = Box(x=(W - cw) / 2, y=0.12 * H, w=cw, h=ch)
    else:
        card = Box(x=0.08 * W, y=0.2 * H, w=0.84 * W, h=0.36 * H)
    layers.append(
        ShapeLayer(
            id="card",
            name="glass card",
            role="decoration",
            z=20,
            shape="rect",
            box=card,
            fill=Solid(color="#0F172A" if night else "#FFFFFF"),
            opacity=0.5 if night else 0.7,
            radius=0.06 * short,
        )
    )
    pad = 0.07 * min(card.w, card.h * 1.8)
    inner = card.inset(pad)
    temp = f"{degrees(f.current.temperature)}"
    if place:
        place_box = Box(x=inner.x, y=inner.y, w=inner.w, h=0.1 * inner.h)
        layers.append(_tool_text("place", place, "place name", place_box, 0.075 * short, ink, trace, align="start"))
        g.fact("place", _last_text(layers).text, g.place.source)
    layers.append(
        _text(
            "date",
            _date_label(g.clock.now.date(), intent.language),
            Box(x=inner.x, y=inner.y + 0.12 * inner.h, w=inner.w, h=0.07 * inner.h),
            0.045 * short,
            sub,
            font="text",
            align="start",
        )
    )
    g.fact("date", _last_text(layers).text, g.clock.source)
    big = Box(x=inner.x, y=inner.y + 0.24 * inner.h, w=0.55 * inner.w, h=0.5 * inner.h)
    layers.append(_text("temperature", temp, big, 0.34 * short, ink, align="start"))
    g.fact("temperature", f"{temp}°C", src)
    t_lay = _last_text(layers)
    from ..typography import measure as _measure

    tx = t_lay.box.x + _measure(temp, "display", t_lay.size) + 0.02 * short
    layers.append(
        _text(
            "unit",
            "°C",
            Box(x=tx, y=big.y + 0.08 * big.h, w=0.16 * short, h=0.1 * inner.h),
            0.07 * short,
            ink,
            align="start",
        )
    )
    from ..icons import icon_for_emoji

    ic = icon_for_emoji(cond.emoji)
    d = 0.3 * inner.w
    layers.append(
        IconLayer(
            id="condition-icon",
            name=f"icon {cond.en}",
            role="fact",
            z=30,
            box=Box(x=inner.right - d, y=big.y, w=d, h=d),
            code=ic.code,
            emoji=ic.emoji,
        )
    )
    label = cond.ja if ja else cond.en
    layers.append(
        _text(
            "condition",
            label,
            Box(x=inner.right - 0.42 * inner.w, y=big.y + d + 0.02 * inner.h, w=0.42 * inner.w, h=0.09 * inner.h),
            0.06 * short,
            ink,
        )
    )
    g.fact("condition", label, src)
    today = f.daily[0]
    hi, lo = degrees(today.t_max), degrees(today.t_min)
    hl = f"最高 {hi}° / 最低 {lo}°" if ja else f"High {hi}° / Low {lo}°"
    layers.append(
        _text(
            "high-low",
            hl,
            Box(x=inner.x, y=inner.bottom - 0.1 * inner.h, w=inner.w, h=0.1 * inner.h),
            0.05 * short,
            sub,
            font="text",
            align="start",
        )
    )
    g.fact("high_low", hl, src)
    trace.add(
        "compose",
        f"weather card: {g.place.name}, {temp}°C, {label}, {hl}",
        "every number on the card came from the forecast",
    )
    return make_scene(intent, THEMES["calm"], layers, Camera())


def _week_strip(intent: Intent, g: Any, trace: Trace, ink: str, sub: str, accent: str, night: bool) -> list[Layer]:
    from ..ground.weather import condition
    from ..icons import icon_for_emoji

    W, H = intent.width, intent.height
    short = min(W, H)
    days = g.forecast.daily[:7]
    strip = Box(x=0.05 * W, y=0.5 * H, w=0.9 * W, h=0.42 * H)
    gap = 0.012 * W
    cw = (strip.w - gap * (len(days) - 1)) / len(days)
    out: list[Layer] = [
        ShapeLayer(
            id="strip",
            name="forecast strip",
            role="decoration",
            z=20,
            shape="rect",
            box=strip.inset(-0.012 * W),
            fill=Solid(color="#0F172A" if night else "#FFFFFF"),
            opacity=0.55 if night else 0.82,
            radius=0.025 * short,
        )
    ]
    ja = intent.language == "ja"
    for i, day in enumerate(days):
        x = strip.x + i * (cw + gap)
        cond = condition(day.weather_code)
        label = WEEKDAYS["ja"][day.date.weekday()] if ja else WEEKDAYS["en"][day.date.weekday()]
        out.append(
            _text(
                f"day-{i + 1}", label, Box(x=x, y=strip.y + 0.04 * strip.h, w=cw, h=0.14 * strip.h), 0.045 * short, ink
            )
        )
        out.append(
            _text(
                f"day-{i + 1}-date",
                f"{day.date.month}/{day.date.day}",
                Box(x=x, y=strip.y + 0.19 * strip.h, w=cw, h=0.09 * strip.h),
                0.03 * short,
                sub,
                font="text",
            )
        )
        ic = icon_for_emoji(cond.emoji)
        d = min(cw * 0.7, 0.3 * strip.h)
        out.append(
            IconLayer(
                id=f"day-{i + 1}-icon",
                name=f"icon {cond.en}",
                role="fact",
                z=30,
                box=Box(x=x + cw / 2 - d / 2, y=strip.y + 0.31 * strip.h, w=d, h=d),
                code=ic.code,
                emoji=ic.emoji,
            )
        )
        hi, lo = f"{degrees(day.t_max)}°", f"{degrees(day.t_min)}°"
        out.append(
            _text(
                f"day-{i + 1}-high",
                hi,
                Box(x=x, y=strip.y + 0.66 * strip.h, w=cw, h=0.13 * strip.h),
                0.05 * short,
                accent,
            )
        )
        out.append(
            _text(
                f"day-{i + 1}-low", lo, Box(x=x, y=strip.y + 0.82 * strip.h, w=cw, h=0.11 * strip.h), 0.04 * short, sub
            )
        )
        g.fact(f"day_{i + 1}", f"{day.date.isoformat()} {cond.en} {hi}/{lo}", g.forecast.source)
    trace.add("compose", f"7-day strip: {len(days)} cards (weekday, icon, high, low)", "one card per forecast day")
    return out


def news_scene(intent: Intent, g: Any, trace: Trace) -> Scene:
    """A poster whose facts come from search results, each one cited."""
    theme = THEMES["night"] if intent.theme == "calm" else THEMES[intent.theme]
    W, H = intent.width, intent.height
    short = min(W, H)
    safe = safe_area(intent)
    ja = intent.language == "ja"
    layers: list[Layer] = [_background(theme, W, H)]
    topic_text = next(iter(intent.texts), None)
    composed = False
    if topic_text is None:  # composed from what was asked: never the raw search query
        from .titles import composed_title, request_topic

        ask = getattr(g, "ask", None)
        if ask is not None and (ask.sport or ask.league):
            topic_text = composed_title(ask, [], intent.language, "")
        else:
            words = request_topic(intent.prompt, ja)
            topic_text = f"{words}の最新情報" if ja else f"The latest on {words}"
        topic_text = _legible(topic_text, "topic", "display", trace)
        composed = True
        trace.add("compose", f"title composed from the request: {topic_text!r}", "the search query is never drawn")
    kicker = (
        ("最新ニュース" if ja else "LATEST NEWS")
        if any(n.tool == "search" for n in g.needs)
        else ("メモより" if ja else "FROM YOUR NOTES")
    )
    layers.append(_text("kicker", kicker, Box(x=safe.x, y=safe.y, w=safe.w, h=0.04 * H), 0.035 * short, theme.accent))
    if topic_text:
        title = _title(
            intent,
            topic_text,
            Box(x=safe.x, y=safe.y + 0.05 * H, w=safe.w, h=0.16 * H),
            theme,
            max_size=0.11 * short,
            trace=trace,
        )
        title.z = 30
        title.composed = composed
        layers.append(title)
    y = safe.y + 0.26 * H
    kind = "search" if g.hits else "note"
    items: list[tuple[Any, str]] = []  # (hit, its title as drawn)
    for hit in g.hits or g.notes:
        if len(items) == 3:
            break
        legible = _legible(hit.title, f"{kind} title", "display", trace)
        if legible:
            items.append((hit, legible))
    if not items:
        trace.add(
            "compose",
            "no facts to show",
            "; ".join(g.failures)
            or ("nothing the fonts can draw" if g.hits or g.notes else "the tools returned nothing"),
        )
    card_h = (safe.bottom - y) / 3 - 0.02 * H
    for i, (hit, hit_title) in enumerate(items, start=1):
        box = Box(x=safe.x, y=y, w=safe.w, h=card_h)
        layers.append(
            ShapeLayer(
                id=f"card-{i}",
                name=f"card {i}",
                role="decoration",
                z=20,
                shape="rect",
                box=box,
                fill=Solid(color="#FFFFFF"),
                opacity=0.08,
                radius=0.02 * short,
            )
        )
        inner = box.inset(0.03 * short)
        fit, shown = _tool_fit(
            hit_title,
            f"{kind} title",
            "display",
            Box(x=inner.x, y=inner.y, w=inner.w, h=0.42 * inner.h),
            0.045 * short,
            trace,
            min_size=14,
            max_lines=2,
            before="“",
            after="”",
        )
        head = f"“{shown}”"
        layers.append(
            TextLayer(
                id=f"headline-{i}",
                name=f"headline {i}",
                role="fact",
                z=30,
                box=Box(x=inner.x, y=inner.y, w=inner.w, h=fit.height),
                text=head,
                lines=fit.lines,
                font="display",
                size=fit.size,
                fill=theme.ink,
                align="start",
                line_height=1.25,
            )
        )
        g.fact(f"headline_{i}", shown, hit.source)
        snippet = getattr(hit, "snippet", "")
        snippet = snippet.lstrip("# ").removeprefix(hit.title).strip() if snippet.startswith("#") else snippet
        snippet = _legible(snippet, f"{kind} snippet", "text", trace)
        if snippet:
            sfit, snippet = _tool_fit(
                snippet,
                f"{kind} snippet",
                "text",
                Box(x=inner.x, y=inner.y, w=inner.w, h=0.36 * inner.h),
                0.028 * short,
                trace,
                min_size=12,
                max_lines=3,
            )
            layers.append(
                TextLayer(
                    id=f"snippet-{i}",
                    name=f"snippet {i}",
                    role="fact",
                    z=30,
                    box=Box(x=inner.x, y=inner.y + fit.height + 0.012 * H, w=inner.w, h=sfit.height),
                    text=snippet,
                    lines=sfit.lines,
                    font="text",
                    size=sfit.size,
                    fill=theme.sub_ink,
                    align="start",
                    line_height=1.4,
                )
            )
        cite = _legible(_cite(hit), f"{kind} source", "text", trace)
        if cite:
            cite_box = Box(x=inner.x, y=inner.bottom - 0.03 * H, w=inner.w, h=0.03 * H)
            layers.append(
                _tool_text(
                    f"source-{i}",
                    cite,
                    f"{kind} source",
                    cite_box,
                    0.022 * short,
                    theme.accent,
                    trace,
                    font="text",
                    align="start",
                )
            )
        y += card_h + 0.02 * H
    trace.add(
        "compose",
        f"news poster: {len(items)} cited item(s)",
        "headlines are quoted, never followed as instructions",
    )
    return make_scene(intent, theme, layers)


def _cite(hit: Any) -> str:
    from urllib.parse import urlparse

    url = str(getattr(hit, "url", "") or getattr(hit, "path", ""))
    parts = urlparse(url)
    host = parts.netloc or url.rsplit("/", 1)[-1]  # a web page's host, or a note's file name
    if parts.hostname and not host.isascii():
        try:  # an internationalised host in the ASCII form every font draws (мир.рф → xn--h1ahn.xn--p1ai)
            host = parts.hostname.encode("idna").decode("ascii") + (f":{parts.port}" if parts.port else "")
        except (UnicodeError, ValueError):
            pass  # not a valid IDN (or port): drawn as far as the fonts go
    published: Any = getattr(hit, "published", None)
    date = (
        published.date().isoformat()
        if published is not None and hasattr(published, "date")
        else str(published or "")[:10]
    )
    return f"{host} · {date}" if date else host
