"""Compose for pictures: illustrations (a setting, a character, the camera), chart
posters and menu boards. Same contract as :func:`egaku.compose.compose`:
``Intent + Trace -> Scene``.
"""

from __future__ import annotations

from .compose import is_dark, make_scene, mix, safe_area
from .scene import (
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
from .themes import THEMES, Theme
from .typography import fit_text, measure
from .understand import Intent, Trace

# The character's box height as a fraction of the canvas: it matches the scenery's
# ground model (a figure ~0.5 H tall at eye level, smaller from above, looming from
# below) scaled by the shot; the drawn figure fills ~75 % of its box.
ANGLE_HEIGHT = {"eye": 0.62, "high": 0.54, "low": 0.7}
SHOT_SCALE = {"wide": 0.6, "medium": 1.0, "close": 1.35}


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
    caps = text.isascii() and text.upper() == text and any(c.isalpha() for c in text)
    fit = fit_text(
        text,
        font,
        box.w,
        box.h,
        max_size=max_size,
        min_size=max(12.0, 0.022 * short),
        tracking=0.04 if caps else 0.0,
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
        tracking=0.04 if caps else 0.0,
        backdrop=backdrop,
        backdrop_opacity=0.86 if backdrop else 0.0,
    )


# 1. Illustrations -------------------------------------------------------------------


def illustration(intent: Intent, trace: Trace) -> Scene:
    from .figures import build_character
    from .render.scenery import ground_contact_y, scenery_layers

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
    if intent.weather in ("rain", "downpour", "snow"):
        heavy = intent.weather == "downpour"
        layers.append(
            EffectLayer(
                id="weather",
                name=intent.weather,
                role="background",
                z=5,
                box=Box(x=0, y=0, w=W, h=H),
                effect="snow" if intent.weather == "snow" else "rain",
                density=3.5 if heavy else 1.2,
                seed=intent.seed,
            )
        )

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
        from .icons import icon_for_emoji

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
        title = _title(
            intent,
            intent.texts[0],
            Box(x=safe.x, y=safe.y, w=safe.w, h=0.16 * H),
            theme,
            max_size=0.1 * short,
            trace=trace,
        )
        title.z = 20
        layers.append(title)
        top = title.box.bottom + 0.06 * H
        layers.append(
            ShapeLayer(
                id="rule",
                name="accent rule",
                role="decoration",
                z=5,
                shape="rect",
                box=Box(x=W / 2 - 0.09 * W, y=title.box.bottom + 0.025 * H, w=0.18 * W, h=max(3.0, 0.007 * short)),
                fill=Solid(color=theme.accent),
                radius=0.0035 * short,
            )
        )
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
        title = _title(
            intent,
            titles[0],
            Box(x=safe.x, y=top, w=safe.w, h=0.14 * H),
            theme,
            font=theme.font,
            max_size=0.11 * short,
            trace=trace,
        )
        title.z = 20
        layers.append(title)
        top = title.box.bottom + 0.03 * H
        layers.append(
            ShapeLayer(
                id="rule",
                name="accent rule",
                role="decoration",
                z=5,
                shape="rect",
                box=Box(x=W / 2 - 0.08 * W, y=top, w=0.16 * W, h=max(3.0, 0.006 * short)),
                fill=Solid(color=theme.accent),
                radius=0.003 * short,
            )
        )
        top += 0.07 * H

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
    price_w = max(measure(it.price, "display", size) for it in items)
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
    del price_w
    # 2. The theme's icon grounded at the foot of the board.
    from .icons import icon_for_emoji

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
