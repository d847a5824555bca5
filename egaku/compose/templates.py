"""Compose: Intent → Scene, by design templates.

The layout follows ../DESIGN-CRAFT: a safe area (6–8 % of the short side; a phone keeps
its top 12 % for the clock and bottom 8 % for the home bar), one dominant title at the
optical centre (45 % from the top), a type scale of ~1.6 between levels, decoration
that never crosses the text (effects get the text boxes as ``avoid``), icons grounded on
a badge rather than floating.
"""

from __future__ import annotations

from typing import Any

from ..errors import LayoutError, brief
from ..scene import (
    BackgroundLayer,
    Box,
    EffectLayer,
    IconLayer,
    Layer,
    LinearGradient,
    RadialGradient,
    Scene,
    ShapeLayer,
    Solid,
    Stop,
    TextLayer,
)
from ..typography import fit_text
from ..understand.intent import Intent, Trace
from . import layouts
from .base import contrast, is_caps, is_dark, make_scene, mix, safe_area, title_tracking
from .themes import THEMES, Theme

TYPE_RATIO = 1.6  # title : subtitle : body
MORE_LINES = 40  # a long text may take this many lines when its usual few do not hold it


def _fit_long(text: str, font: str, w: float, h: float, trace: Trace, *, max_lines: int, **kw: Any) -> Any:
    """``fit_text`` in at most ``max_lines`` lines; a text too long for them (a quoted
    paragraph) takes as many more lines as the box holds at the smallest size, rather than
    being refused while the box has room (traced)."""
    try:
        return fit_text(text, font, w, h, max_lines=max_lines, **kw)
    except LayoutError:
        fit = fit_text(text, font, w, h, max_lines=MORE_LINES, **kw)  # still too long: LayoutError
        trace.add(
            "compose",
            f"{brief(text, 24)} set in {len(fit.lines)} lines",
            f"too long for {max_lines} lines at a legible size",
        )
        return fit


def compose(intent: Intent, trace: Trace | None = None, grounding: Any = None) -> Scene:
    """The scene of an intent. Text a language model wrote on request (``intent.proposed``)
    is marked ``proposed`` on its layer, so a designer sees it was not the user's."""
    trace = trace if trace is not None else Trace()
    scene = _compose(intent, trace, grounding)
    if intent.style:  # the style's faces on a scene another composer made (a no-op on a styled design)
        from .styles import restyle_text

        restyle_text(scene, intent, trace)
    if intent.proposed:
        for layer in scene.text_layers():
            if layer.text in intent.proposed:
                layer.proposed = True
    if intent.ruby:
        for layer in scene.text_layers():
            spans = _ruby_for(layer.text, intent.ruby)
            if spans:
                others = [t.box for t in scene.text_layers() if t.id != layer.id]
                _add_ruby(layer, spans, safe_area(intent), others, trace)
    return scene


def _ruby_for(text: str, ruby: dict[str, list[tuple[int, int, str]]]) -> list[tuple[int, int, str]]:
    """The readings of a drawn text: its own, or those inside it when a format drew part of
    a quoted text (a certificate's 『優秀賞 東雲（しののめ）太郎 殿』 as award and name)."""
    if text in ruby:
        return ruby[text]
    for whole, spans in ruby.items():
        at = whole.find(text) if text.strip() else -1
        if at >= 0:
            inside = [(s - at, e - at, r) for s, e, r in spans if at <= s and e <= at + len(text)]
            if inside:
                return inside
    return []


def _add_ruby(layer: TextLayer, spans: list[tuple[int, int, str]], safe: Box, others: list[Box], trace: Trace) -> None:
    """Ruby on a composed text: the ruby band is added on the block's ruby side (above the
    lines, right of the columns) and the line pitch opens to RUBY_LINE_HEIGHT, at the same
    size when that stays in the safe area and clear of the other texts; else the text is
    fitted again in its box."""
    from ..scene import Ruby
    from ..typography.fit import RUBY_LINE_HEIGHT, RUBY_SCALE, block_extent

    keep = [(s, e) for s, e, _ in spans]
    lh = max(layer.line_height, RUBY_LINE_HEIGHT)
    w, h = block_extent(layer.lines, layer.font, layer.size, layer.vertical, lh, layer.tracking, True)
    band = RUBY_SCALE * layer.size
    b = layer.box
    # the block keeps its right edge (vertical: the rule beside the first column stays clear)
    # or its first line (horizontal: the ruby band goes above it)
    grown = Box(x=b.right - w, y=b.y, w=w, h=b.h) if layer.vertical else Box(x=b.x, y=b.y - band, w=b.w, h=h)
    split = any(_split_base(layer.text, layer.lines, s, e) for s, e in keep)
    inside = grown.x >= safe.x - 0.5 and grown.y >= safe.y - 0.5
    inside = inside and grown.right <= safe.right + 0.5 and grown.bottom <= safe.bottom + 0.5
    clear = not any(grown.intersects(o) for o in others)
    if inside and clear and not split:
        size, lines, box = layer.size, list(layer.lines), grown
    else:
        fit = fit_text(
            layer.text,
            layer.font,
            b.w,
            b.h,
            max_size=layer.size,
            min_size=min(layer.size, 12.0),
            vertical=layer.vertical,
            line_height=lh,
            tracking=layer.tracking,
            max_lines=max(len(layer.lines), 4),
            ruby=keep,
        )
        size, lines = fit.size, fit.lines
        box = Box(x=b.x + (b.w - fit.width) / 2, y=b.y + (b.h - fit.height) / 2, w=fit.width, h=fit.height)
    layer.ruby = []  # set in order: the text is checked against the spans
    layer.line_height, layer.size, layer.lines, layer.box = lh, size, lines, box
    layer.ruby = [Ruby(start=s, end=e, reading=r) for s, e, r in spans]
    shown = ", ".join(f"{layer.text[s:e]}（{r}）" for s, e, r in spans)
    where = "right of the columns" if layer.vertical else "above the line"
    trace.add("compose", f"ruby on {layer.id!r}: {shown}", f"half size, centred on each base, {where} (JLREQ 3.3)")


def _split_base(text: str, lines: list[str], start: int, end: int) -> bool:
    """Whether the lines break inside characters [start, end) of the text."""
    from ..typography.fit import line_positions

    try:
        where = line_positions(text, lines)
    except LayoutError:
        return True
    rows = {p[0] for p in where[start:end] if p is not None}
    return len(rows) > 1


def _compose(intent: Intent, trace: Trace, grounding: Any = None) -> Scene:
    if grounding is not None and grounding.needs:
        from ..verify import min_text_px

        floor = layouts.TEXT_FLOOR.set(min_text_px(intent.kind, intent.width, intent.height)[0])
        try:
            return _grounded(intent, trace, grounding)
        finally:
            layouts.TEXT_FLOOR.reset(floor)
    return _designed(intent, trace)


def _grounded(intent: Intent, trace: Trace, grounding: Any) -> Scene:
    """A design of live facts: the weather, search results, figures."""
    if grounding.forecast is not None:
        return layouts.weather_scene(intent, grounding, trace)
    if any(n.tool in ("search", "notes") for n in grounding.needs):
        from .facts import figure_scene, has_figure

        if has_figure(grounding):
            return figure_scene(intent, grounding, trace)
        ask = getattr(grounding, "ask", None)
        if ask is not None and (ask.figure or ask.wants_results):
            trace.add(
                "compose",
                "no numbers found for a figure; the cited items are drawn instead",
                "nothing is estimated or filled in",
            )
        return layouts.news_scene(intent, grounding, trace)
    trace.add("compose", "no live facts to draw", "the design is drawn without them")
    return _designed(intent, trace)


def _designed(intent: Intent, trace: Trace) -> Scene:
    """A design of the request's own words and pictures."""
    from .formats import dispatch

    structured = dispatch(intent, trace)
    if structured is not None:
        return structured
    # a picture with a named place (a whale in the sea, a dog on the beach) is drawn in that
    # place whatever its format; its text goes on a scrim at the top
    in_place = intent.plan is not None and intent.plan.setting.place is not None and not intent.vertical
    if intent.plan is not None and intent.character is None and (intent.mode == "illustration" or in_place):
        from .picture import picture_scene

        return picture_scene(intent, intent.plan, trace)
    if intent.mode == "infographic":
        from .infographic import infographic

        return infographic(intent, trace)
    if intent.mode in ("illustration", "chart", "menu"):
        return {"illustration": layouts.illustration, "chart": layouts.chart, "menu": layouts.menu}[intent.mode](
            intent, trace
        )
    if intent.style:  # a named design style (pop, 和風, neon …) sets the design its own way
        from .styles import styled_scene

        return styled_scene(intent, trace)
    theme = THEMES[intent.theme]
    W, H = intent.width, intent.height
    short = min(W, H)
    safe = safe_area(intent)
    dark = is_dark(theme)
    thumbnail = intent.kind == "youtube_thumbnail"
    if thumbnail and not intent.position_said and intent.size != "small":
        intent = intent.model_copy(update={"size": "large"})  # a thumbnail's words are huge
    layers: list[Layer] = []
    z = 0

    # 0. A hero picture of the request's subjects: the text takes the top (or, on a wide
    #    canvas, the left column) and the picture the rest; it replaces the emblem.
    hero = intent.plan if intent.plan is not None and any(s.asset for s in intent.plan.subjects) else None
    full_safe = safe
    if hero is not None and intent.vertical:
        hero = None
    if hero is not None:
        wide = W > H * 1.15
        if wide:
            safe = Box(x=safe.x, y=safe.y, w=safe.w * 0.56, h=safe.h)
            if not intent.position_said or intent.position not in ("left", "right"):
                intent = intent.model_copy(update={"position": "left"})
        elif not intent.position_said:
            intent = intent.model_copy(update={"position": "top"})

    def add(layer: Layer) -> None:
        nonlocal z
        layer.z = z
        z += 10
        layers.append(layer)

    # 1. Background: the dominant colour as a gentle vertical gradient.
    stops = [Stop(offset=i / (len(theme.bg) - 1), color=c) for i, c in enumerate(theme.bg)]
    add(
        BackgroundLayer(
            id="background",
            name="background",
            role="background",
            box=Box(x=0, y=0, w=W, h=H),
            fill=LinearGradient(angle=90, stops=stops),
        )
    )
    trace.add("compose", f"background: {theme.name} gradient {' → '.join(theme.bg)}", theme.mood)

    # 2. Text blocks: fit the title first, then the rest under it on the type scale.
    vertical = intent.vertical
    title_font = "serif" if (vertical or theme.font == "serif") else "display"
    text_boxes: list[Box] = []
    text_layers: list[TextLayer] = []
    if intent.texts:
        title_box, max_size = _title_region(intent, safe, vertical)
        title = intent.texts[0]
        caps = is_caps(title)
        tracking = title_tracking(title)
        extras = len(intent.texts) - 1
        columns_group = vertical and extras > 0 and intent.position not in ("left", "right")
        if columns_group:
            # a Japanese vertical page reads right to left: the title column(s) start at the
            # right and the other texts follow to their left; the group is centred below
            title_box = Box(x=safe.right - title_box.w, y=title_box.y, w=title_box.w, h=title_box.h)
        for _attempt in range(6):
            fit = _fit_long(
                title,
                title_font,
                title_box.w,
                title_box.h,
                trace,
                max_size=max_size,
                min_size=max(12.0, 0.025 * short),
                vertical=vertical,
                line_height=1.3 if vertical else (1.12 if caps or intent.language == "en" else 1.2),
                tracking=tracking,
                max_lines=3 if not vertical else 4,
            )
            if vertical or not extras:
                break
            # Room below the title for the other texts at a legible size: when the title
            # took it (a banner's title fills its height), move the title up and shrink it.
            line = 1.4 * max(10.0, 0.02 * short, min(fit.size / TYPE_RATIO**2, 0.05 * short))
            need = 0.55 * fit.size + extras * 1.25 * line
            tight = _tight_box(title_box, fit.width, fit.height, intent.position, vertical)
            short_by = need - (safe.bottom - tight.bottom)
            if short_by <= 0 or need > 0.6 * safe.h:  # (no title size would leave that room)
                break
            top = max(safe.y, title_box.y - short_by)
            left = short_by - (title_box.y - top)  # what moving up could not free
            title_box = Box(
                x=title_box.x,
                y=top,
                w=title_box.w,
                h=max(0.4 * title_box.h, title_box.h - max(left, 0.1 * title_box.h)),
            )
            max_size = min(max_size, 0.9 * fit.size)
        trace.add(
            "compose",
            f"title {title!r}: {fit.size:.0f} px {title_font} in {len(fit.lines)} "
            f"{'column' if vertical else 'line'}(s) {fit.lines}",
            f"largest size that fits the {intent.size} {intent.position} box "
            f"({title_box.w:.0f}×{title_box.h:.0f}); breaks at phrases, kinsoku kept",
        )
        tight = _tight_box(title_box, fit.width, fit.height, intent.position, vertical)
        text_layers.append(
            TextLayer(
                id="title",
                name="title",
                role="title",
                box=tight,
                text=title,
                lines=fit.lines,
                font=title_font,
                size=fit.size,
                fill=theme.ink,
                align="center" if not vertical else "start",
                vertical=vertical,
                line_height=1.3 if vertical else (1.12 if caps or intent.language == "en" else 1.2),
                tracking=tracking,
                shadow="#000000" if dark else None,
                # a thumbnail is read at 200 px wide in a list: its title gets a heavy outline
                outline="#111111" if thumbnail else None,
                outline_width=0.09 if thumbnail else 0.0,
            )
        )
        if thumbnail:  # a bright fill in a black outline, as thumbnails are lettered
            text_layers[-1].fill = theme.accent if contrast(theme.accent, "#111111") >= 4.5 else "#FFFFFF"
        text_boxes.append(tight)
        # Secondary texts stack below the title (or left of it, for columns).
        size_cap = fit.size / TYPE_RATIO**2
        cursor = tight.bottom + 0.55 * fit.size if not vertical else tight.x - 0.6 * fit.size
        min_text = max(10.0, 0.02 * short)  # the smallest secondary text, and the least room it needs
        for i, extra in enumerate(intent.texts[1:], start=2):
            role = intent.roles[i - 1] if len(intent.roles) >= i else ("subtitle" if i == 2 else "body")
            room = (cursor - safe.x) if vertical else (safe.bottom - cursor)
            if room < 1.4 * min_text:  # the texts before this one took the whole canvas (a line is 1.4 × its size)
                raise LayoutError(
                    f"no room is left for text {i} of {len(intent.texts)} ({brief(extra, 24)}) on a {W}×{H} canvas; "
                    "use fewer or shorter texts, or a larger canvas"
                )
            if vertical:
                box = Box(x=max(safe.x, cursor - 0.3 * W), y=tight.y, w=min(0.3 * W, room), h=tight.h)
            else:
                # an equal share of what is left for this text and the ones after it: a line
                # of size s takes ~1.4 s and the gap after it 0.8 s, so its box is ~0.64 of a share
                share = room / (len(intent.texts) - i + 1)
                box = Box(x=safe.x, y=cursor, w=safe.w, h=min(0.18 * H, room, max(1.4 * min_text, 0.64 * share)))
            f2 = _fit_long(
                extra,
                "text",
                box.w,
                box.h,
                trace,
                max_size=max(12.0, size_cap),
                min_size=min_text,
                vertical=vertical,
                line_height=1.4,
                max_lines=4,
            )
            t2 = _tight_box(box, f2.width, f2.height, "top" if not vertical else "right", vertical)
            text_layers.append(
                TextLayer(
                    id=role
                    if role in ("subtitle", "date", "place") and all(t.id != role for t in text_layers)
                    else f"text-{i}",
                    name=role,
                    role=role,
                    box=t2,
                    text=extra,
                    lines=f2.lines,
                    font="text",
                    size=f2.size,
                    fill=theme.sub_ink,
                    align="center" if not vertical else "start",
                    vertical=vertical,
                    line_height=1.4,
                )
            )
            trace.add("compose", f"{role} {extra!r}: {f2.size:.0f} px", f"type scale {TYPE_RATIO} below the title")
            text_boxes.append(t2)
            size_cap = f2.size / TYPE_RATIO if role == "subtitle" else f2.size
            cursor = t2.bottom + 0.8 * f2.size if not vertical else t2.x - 0.8 * f2.size
        if columns_group:
            left = min(t.box.x for t in text_layers)
            right = max(t.box.right for t in text_layers)
            dx = safe.cx - (left + right) / 2
            for t in text_layers:
                t.box = Box(x=t.box.x + dx, y=t.box.y, w=t.box.w, h=t.box.h)
            text_boxes[:] = [t.box for t in text_layers]
            trace.add("compose", "columns right to left, the group centred", "a vertical page reads from the right")

    # 3. Motif shapes behind everything else.
    focus = text_boxes[0] if text_boxes else Box(x=W * 0.3, y=H * 0.35, w=W * 0.4, h=H * 0.2)
    for layer in _motif(theme, intent, focus, safe, dark):
        add(layer)
    trace.add("compose", f"motif: {theme.motif}", f"{theme.name} theme")

    # 4. Effect, clear of the text.
    avoid = [b.inset(-0.04 * short) for b in text_boxes]
    if intent.kind in ("poster", "square_post") and not vertical and intent.position != "bottom" and hero is None:
        # the footer row of icons (step 6) sits on the bottom edge of the safe area
        avoid.append(Box(x=W * 0.3, y=safe.bottom - 0.1 * short, w=W * 0.4, h=0.13 * short))
    group = focus
    for b in text_boxes[1:]:
        group = Box(
            x=min(group.x, b.x),
            y=min(group.y, b.y),
            w=max(group.right, b.right) - min(group.x, b.x),
            h=max(group.bottom, b.bottom) - min(group.y, b.y),
        )
    emblem = _emblem_box(intent, group, safe, vertical) if hero is None else None  # beside all the text
    hero_region = _hero_region(intent, full_safe, safe, text_boxes, short) if hero is not None else None
    if hero is not None and hero_region is None:
        trace.add("compose", "no room for a picture", "the text fills the canvas; the subjects are left out")
    if hero_region is not None:
        avoid.append(hero_region)
    if emblem is not None:
        avoid.append(emblem.inset(-0.03 * short))
    if theme.effect:
        add(
            EffectLayer(
                id="effect",
                name=theme.effect,
                role="decoration",
                box=Box(x=0, y=0, w=W, h=H),
                effect=theme.effect,
                colors=list(theme.deco),
                seed=intent.seed,
                density=0.8 if intent.kind == "phone_wallpaper" else 1.0,
                avoid=avoid,
            )
        )
        trace.add("compose", f"effect: {theme.effect}", "keeps clear of the text and the emblem")

    # 5. Emblem: the subject's (or theme's) icon on a badge, above the title.
    # a subject the theme does not already say (the book of a spring book fair) leads
    icons = sorted(intent.subjects, key=lambda c: c in theme.icons) or list(theme.icons[:1])
    if emblem is not None and icons:
        from ..icons import icon_for_emoji

        icon = icon_for_emoji(icons[0])
        badge = emblem
        add(
            ShapeLayer(
                id="badge",
                name="badge",
                role="decoration",
                box=badge,
                shape="ellipse",
                # on a dark ground the accent itself; on a light one a pale tint of it
                # (a translucent accent turns muddy over a complementary background)
                fill=Solid(color=theme.accent if dark else mix(theme.accent, "#FFFFFF", 0.72)),
                opacity=0.9 if dark else 1.0,
            )
        )
        add(
            IconLayer(
                id="emblem",
                name=f"icon {icon.name}",
                role="emblem",
                box=badge.inset(badge.w * 0.16),
                code=icon.code,
                emoji=icon.emoji,
            )
        )
        trace.add("compose", f"emblem: {icon.emoji} {icon.name} on a badge", icon.reason)

    # 6. Footer: a quiet row of the other icons on a hairline, so the eye has somewhere to rest.
    if intent.kind in ("poster", "square_post") and not vertical and intent.position != "bottom" and hero is None:
        from ..icons import icon_for_emoji

        rest = list(dict.fromkeys(c for c in icons[1:] + list(theme.icons) if c not in icons[:1]))[:2]
        d = 0.075 * short
        fy = safe.bottom - d
        lowest = max((b.bottom for b in text_boxes), default=0.0)
        if rest and fy > lowest + 0.08 * short:
            line_w = 0.36 * W
            add(
                ShapeLayer(
                    id="footer-line",
                    name="footer hairline",
                    role="decoration",
                    box=Box(x=W / 2 - line_w / 2, y=fy + d + 0.012 * short, w=line_w, h=max(2.0, 0.003 * short)),
                    shape="rect",
                    fill=Solid(color=theme.sub_ink),
                    opacity=0.45,
                )
            )
            gap = 0.5 * d
            x0 = W / 2 - (len(rest) * d + (len(rest) - 1) * gap) / 2
            for i, ch in enumerate(rest):
                ic = icon_for_emoji(ch)
                add(
                    IconLayer(
                        id=f"footer-icon-{i + 1}",
                        name=f"icon {ic.name}",
                        role="decoration",
                        box=Box(x=x0 + i * (d + gap), y=fy, w=d, h=d),
                        code=ic.code,
                        emoji=ic.emoji,
                    )
                )
            trace.add("compose", f"footer: {' '.join(rest)} on a hairline", "balances the empty lower third")

    # 7. A short accent rule that ties the title to what follows.
    if text_layers and intent.kind != "banner":
        t = text_layers[0]
        if vertical:
            rule = Box(
                x=t.box.right + 0.3 * t.size, y=t.box.y + 0.05 * t.size, w=max(3.0, 0.006 * short), h=1.2 * t.size
            )
        else:
            rw = min(0.22 * W, t.box.w * 0.5)
            ry = t.box.bottom + 0.28 * t.size
            if len(text_layers) > 1:
                ry = min(ry, text_layers[1].box.y - 0.2 * t.size)
            rule = Box(
                x=W / 2 - rw / 2 if intent.position in ("center", "top", "bottom") else t.box.x,
                y=ry,
                w=rw,
                h=max(3.0, 0.008 * short),
            )
        if rule.right < W and rule.bottom < H:
            add(
                ShapeLayer(
                    id="rule",
                    name="accent rule",
                    role="decoration",
                    box=rule,
                    shape="rect",
                    fill=Solid(color=theme.accent),
                    radius=min(rule.w, rule.h) / 2,
                )
            )

    # 7b. The hero picture, under the text.
    if hero is not None and hero_region is not None:
        from .picture import arrange, asset_credits, object_layers

        region = hero_region
        stand = (region.y + region.h * 0.74, region.bottom - region.h * 0.04)
        placed = arrange(hero, region, stand, style=hero.style, trace=trace, max_height=region.h * 0.7)
        if placed:
            gx0 = min(p.box.x for p in placed)
            gx1 = max(p.box.right for p in placed)
            gy = max(p.box.bottom for p in placed)
            pad = 0.08 * (gx1 - gx0) + 0.04 * short
            add(
                ShapeLayer(
                    id="hero-ground",
                    name="ground under the picture",
                    role="decoration",
                    box=Box(x=gx0 - pad, y=gy - 0.035 * short, w=gx1 - gx0 + 2 * pad, h=0.07 * short),
                    shape="ellipse",
                    fill=Solid(color=theme.accent if not dark else "#FFFFFF"),
                    opacity=0.16 if not dark else 0.1,
                )
            )
            for layer in object_layers(placed, hero.style, z0=0):
                add(layer)
            hero_assets = asset_credits(hero.style)
            trace.add(
                "compose",
                f"hero picture: {hero.summary()}",
                f"{region.w:.0f}×{region.h:.0f} px {'beside' if W > H * 1.15 else 'below'} the text; it leads the eye",
            )
        else:
            hero_assets = []
    else:
        hero_assets = []

    # 8. Text on top.
    for t in text_layers:
        add(t)

    scene = make_scene(intent, theme, layers)
    scene.assets += hero_assets
    return scene


def _hero_region(intent: Intent, full: Box, text_safe: Box, text_boxes: list[Box], short: float) -> Box | None:
    """Where the hero picture goes: the column beside the text on a wide canvas, else the
    larger free band above or below the text block."""
    W, H = intent.width, intent.height
    gap = 0.04 * short
    if not text_boxes:
        return full  # nothing to write: the picture is the whole design
    if W > H * 1.15:
        x = text_safe.right + gap
        box = Box(x=x, y=full.y, w=max(0.0, full.right - x), h=full.h)
        return box if box.w >= 0.2 * W else None
    top = min((b.y for b in text_boxes), default=full.y)
    bottom = max((b.bottom for b in text_boxes), default=full.y)
    below = Box(x=full.x, y=bottom + gap, w=full.w, h=max(0.0, full.bottom - bottom - gap))
    above = Box(x=full.x, y=full.y, w=full.w, h=max(0.0, top - gap - full.y))
    best = below if below.h >= above.h else above
    return best if best.h >= 0.2 * H else None


def _title_region(intent: Intent, safe: Box, vertical: bool) -> tuple[Box, float]:
    """The box the title may fill, and its largest size, from the size and position words."""
    W, H = intent.width, intent.height
    short = min(W, H)
    frac_w = {"large": 0.96, "medium": 0.82, "small": 0.5}[intent.size]
    frac_h = {"large": 0.42, "medium": 0.3, "small": 0.14}[intent.size]
    max_size = {"large": 0.3, "medium": 0.17, "small": 0.07}[intent.size] * short
    if vertical:
        bh = safe.h * {"large": 0.78, "medium": 0.66, "small": 0.4}[intent.size]
        bw = safe.w * {"large": 0.7, "medium": 0.5, "small": 0.3}[intent.size]
        max_size = {"large": 0.24, "medium": 0.2, "small": 0.08}[intent.size] * W
        cx = {"left": safe.x + bw / 2, "right": safe.right - bw / 2}.get(intent.position, W / 2)
        cy = safe.y + safe.h * 0.47
        return Box(x=cx - bw / 2, y=cy - bh / 2, w=bw, h=bh), max_size
    if intent.kind == "banner":  # a banner is all title: its short side is the limit
        frac_h = 0.7
        max_size = {"large": 0.42, "medium": 0.34, "small": 0.14}[intent.size] * short
    bw, bh = safe.w * frac_w, min(safe.h, H * frac_h)
    cy = {"top": safe.y + bh / 2 + 0.04 * H, "bottom": safe.bottom - bh / 2 - 0.06 * H}.get(intent.position, H * 0.45)
    if intent.kind == "banner":
        cy = H / 2
    cx = {"left": safe.x + bw / 2, "right": safe.right - bw / 2}.get(intent.position, W / 2)
    return Box(x=cx - bw / 2, y=cy - bh / 2, w=bw, h=bh), max_size


def _tight_box(region: Box, w: float, h: float, position: str, vertical: bool) -> Box:
    """A box just around the fitted block, placed in ``region`` by position."""
    x = region.cx - w / 2
    if position == "left":
        x = region.x
    elif position == "right":
        x = region.right - w
    y = region.cy - h / 2
    if position == "top":
        y = region.y
    return Box(x=x, y=y, w=w, h=h)


def _emblem_box(intent: Intent, focus: Box, safe: Box, vertical: bool) -> Box | None:
    short = min(intent.width, intent.height)
    d = 0.15 * short if intent.kind != "phone_wallpaper" else 0.2 * intent.width
    if intent.kind == "banner":
        return None
    if vertical:
        y = focus.bottom + 0.05 * intent.height
        if y + d > safe.bottom:
            return None
        return Box(x=focus.cx - d / 2, y=y, w=d, h=d)
    gap = 0.05 * short
    if intent.position == "top":
        y = focus.bottom + gap + 0.06 * short
    else:
        y = focus.y - gap - d
    if y < safe.y or y + d > safe.bottom:
        return None
    return Box(x=focus.cx - d / 2, y=y, w=d, h=d)


def _motif(theme: Theme, intent: Intent, focus: Box, safe: Box, dark: bool) -> list[Layer]:
    W, H = intent.width, intent.height
    short = min(W, H)
    out: list[Layer] = []
    light = "#FFFFFF"
    if theme.motif == "rays":
        out.append(
            ShapeLayer(
                id="rays",
                name="sunburst",
                role="decoration",
                box=Box(x=0, y=0, w=W, h=H),
                shape="rays",
                count=28,
                fill=Solid(color=light),
                opacity=0.07,
            )
        )
        out.append(
            ShapeLayer(
                id="glow",
                name="glow",
                role="decoration",
                box=Box(x=focus.cx - 0.6 * W, y=focus.cy - 0.6 * W, w=1.2 * W, h=1.2 * W),
                shape="ellipse",
                fill=RadialGradient(
                    stops=[
                        Stop(offset=0, color=theme.deco[-1 if dark else 0], opacity=0.9),
                        Stop(offset=1, color=theme.bg[-1], opacity=0),
                    ],
                    r=0.5,
                ),
                opacity=0.22,
            )
        )
    elif theme.motif == "circles":
        c1, c2 = theme.deco[0], theme.deco[1 % len(theme.deco)]
        d1, d2, d3 = 0.75 * short, 0.6 * short, 0.2 * short
        out.append(
            ShapeLayer(
                id="circle-1",
                name="circle",
                role="decoration",
                box=Box(x=-0.33 * d1, y=-0.28 * d1, w=d1, h=d1),
                shape="ellipse",
                fill=Solid(color=c1),
                opacity=0.16,
            )
        )
        out.append(
            ShapeLayer(
                id="circle-2",
                name="circle",
                role="decoration",
                box=Box(x=W - 0.63 * d2, y=H - 0.7 * d2, w=d2, h=d2),
                shape="ellipse",
                fill=Solid(color=c2),
                opacity=0.18,
            )
        )
        ring = Box(x=W - 0.07 * short - d3 - 0.02 * W, y=0.06 * short + 0.02 * H, w=d3, h=d3)
        if not ring.intersects(focus.inset(-0.05 * short)):
            out.append(
                ShapeLayer(
                    id="ring",
                    name="ring",
                    role="decoration",
                    box=ring,
                    shape="ring",
                    stroke=theme.accent,
                    stroke_width=max(2.0, 0.006 * short),
                    opacity=0.5,
                )
            )
    elif theme.motif == "sun":
        d = 0.62 * W if intent.kind == "phone_wallpaper" else 0.5 * short
        cx, cy = (0.72 * W, 0.2 * H) if intent.kind == "phone_wallpaper" else (0.78 * W, 0.2 * H)
        for x, y in ((cx, cy), (0.22 * W, 0.2 * H), (0.8 * W, 0.62 * H), (0.2 * W, 0.62 * H)):
            # the glow sits where the text is not (a title at the top moves it aside)
            if not Box(x=x - 0.3 * d, y=y - 0.3 * d, w=0.6 * d, h=0.6 * d).intersects(focus):
                cx, cy = x, y
                break
        out.append(
            ShapeLayer(
                id="sun",
                name="sun",
                role="decoration",
                box=Box(x=cx - d / 2, y=cy - d / 2, w=d, h=d),
                shape="ellipse",
                fill=RadialGradient(
                    stops=[
                        Stop(offset=0, color=theme.accent),
                        Stop(offset=0.5, color=theme.deco[1 % len(theme.deco)], opacity=0.6),
                        Stop(offset=1, color=theme.deco[1 % len(theme.deco)], opacity=0),
                    ],
                    r=0.5,
                ),
                opacity=0.55 if not dark else 0.8,
            )
        )
        out.append(
            ShapeLayer(
                id="hill",
                name="far hill",
                role="decoration",
                box=Box(x=-0.3 * W, y=H - 0.13 * H, w=1.2 * W, h=0.36 * H),
                shape="ellipse",
                fill=Solid(color=theme.deco[1 % len(theme.deco)]),
                opacity=0.35,
            )
        )
        out.append(
            ShapeLayer(
                id="hill-near",
                name="near hill",
                role="decoration",
                box=Box(x=0.25 * W, y=H - 0.09 * H, w=1.2 * W, h=0.3 * H),
                shape="ellipse",
                fill=Solid(color=theme.accent),
                opacity=0.22,
            )
        )
    elif theme.motif == "frame":
        m = 0.035 * short
        out.append(
            ShapeLayer(
                id="frame",
                name="frame",
                role="decoration",
                box=Box(x=m, y=m, w=W - 2 * m, h=H - 2 * m),
                shape="rect",
                stroke=theme.accent,
                stroke_width=max(2.0, 0.004 * short),
                opacity=0.9,
            )
        )
        m2 = m + 0.012 * short
        out.append(
            ShapeLayer(
                id="frame-inner",
                name="inner frame",
                role="decoration",
                box=Box(x=m2, y=m2, w=W - 2 * m2, h=H - 2 * m2),
                shape="rect",
                stroke=theme.accent,
                stroke_width=max(1.0, 0.0015 * short),
                opacity=0.6,
            )
        )
    elif theme.motif == "band":
        out.append(
            ShapeLayer(
                id="band",
                name="footer band",
                role="decoration",
                box=Box(x=0, y=H - 0.06 * H, w=W, h=0.06 * H),
                shape="rect",
                fill=Solid(color=theme.accent),
                opacity=0.9,
            )
        )
        out.append(
            ShapeLayer(
                id="band-top",
                name="header band",
                role="decoration",
                box=Box(x=0, y=0, w=W, h=0.015 * H),
                shape="rect",
                fill=Solid(color=theme.ink),
                opacity=0.85,
            )
        )
    return out
