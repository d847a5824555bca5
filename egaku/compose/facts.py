"""Facts to figures: a scoreboard of match results, or a chart of quantities, every number cited.

    has_figure(grounding)             -> bool    records enough for a figure
    figure_scene(intent, grounding, trace) -> Scene

The records come from :mod:`egaku.ground.extract`, each number checked to appear as written
in its snippet. The layout: a kicker, the title (quoted by the user, or composed from what
was found and asked for, marked ``composed``), the scoreboard (one row a match, grouped by
league: the home side, the score, the away side; the winner in ink, the loser quieter) and/or
the chart the request asked for, and the sources on the image (hosts, no dates: every
number drawn is one of a snippet's). Rows are layers ``row-N`` (panel), ``row-N-home``,
``row-N-score``, ``row-N-away``, so an edit can name a row by a team.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlparse

from ..scene import Box, ChartLayer, Layer, Scene, ShapeLayer, Solid, TextLayer
from ..understand.intent import Intent, Trace
from .base import is_dark, make_scene, mix, safe_area
from .layouts import _background, _legible, _text, _title
from .themes import THEMES
from .titles import _day_text, composed_title, request_topic

__all__ = ["chart_records", "figure_scene", "has_figure"]

MAX_ROWS = 12


def chart_records(g: Any) -> list[Any]:
    """The quantities one chart can show: the largest group sharing a unit, one per label."""
    ex = getattr(g, "extraction", None)
    if ex is None or not ex.quantities:
        return []
    units = Counter((q.prefix, q.unit) for q in ex.quantities)
    unit, n = units.most_common(1)[0]
    if n < 2:
        return []
    seen: dict[str, Any] = {}
    for q in ex.quantities:
        if (q.prefix, q.unit) == unit and q.label not in seen:
            seen[q.label] = q
    return list(seen.values())[:8] if len(seen) >= 2 else []


def has_figure(g: Any) -> bool:
    ex = getattr(g, "extraction", None)
    return ex is not None and (bool(ex.matches) or bool(chart_records(g)))


def _host(hit: Any) -> str:
    url = str(getattr(hit, "url", "") or "")
    parts = urlparse(url)
    host = parts.hostname or ""
    if host and not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            pass
    return host.removeprefix("www.")


def figure_scene(intent: Intent, g: Any, trace: Trace) -> Scene:
    ask, ex = g.ask, g.extraction
    ja = intent.language == "ja"
    theme = THEMES["night"] if intent.theme == "calm" else THEMES[intent.theme]
    W, H = intent.width, intent.height
    short = min(W, H)
    safe = safe_area(intent)
    dark = is_dark(theme)
    layers: list[Layer] = [_background(theme, W, H)]
    matches = list(ex.matches)[:MAX_ROWS]
    charted = chart_records(g) if not matches else []
    used_hits = sorted({r.hit for r in matches + charted})

    # 1. Kicker and title.
    kicker = ("試合結果" if ja else "RESULTS") if matches else ("データ" if ja else "BY THE NUMBERS")
    layers.append(_text("kicker", kicker, Box(x=safe.x, y=safe.y, w=safe.w, h=0.035 * H), 0.03 * short, theme.accent))
    day_text = _day_text(ask, [g.hits[i] for i in used_hits if i < len(g.hits)], intent.language)
    if intent.texts:
        title_text, composed = intent.texts[0], False
    elif matches:
        title_text, composed = composed_title(ask, matches, intent.language, day_text), True
    else:
        topic = request_topic(intent.prompt, ja)
        unit = charted[0].unit
        title_text = (f"{topic}（{unit}）" if ja else f"{topic} ({unit})") if unit else topic
        composed = True
    title_text = _legible(title_text, "title", "display", trace) or kicker
    title = _title(
        intent, title_text, Box(x=safe.x, y=safe.y + 0.045 * H, w=safe.w, h=0.12 * H), theme,
        max_size=0.085 * short, trace=trace,
    )  # fmt: skip
    title.composed = composed
    layers.append(title)
    if composed:
        trace.add(
            "compose", f"title composed from what was found: {title_text!r}", "no title was quoted; the search query is never drawn"
        )  # fmt: skip
    top = title.box.bottom + 0.04 * H

    # 2. Sources along the bottom: every host a drawn number came from.
    hosts = list(dict.fromkeys(h for h in (_host(g.hits[i]) for i in used_hits if i < len(g.hits)) if h))
    foot_h = 0.035 * H
    bottom = safe.bottom - foot_h - 0.02 * H
    if hosts:
        label = ("出典: " if ja else "Sources: ") + " · ".join(hosts[:4])
        label = _legible(label, "sources", "text", trace)
        layers.append(
            _text(
                "sources",
                label,
                Box(x=safe.x, y=safe.bottom - foot_h, w=safe.w, h=foot_h),
                0.024 * short,
                theme.sub_ink,
                font="text",
                align="start",
            )  # fmt: skip
        )

    # 3. The figure(s).
    wants_chart = ask.figure in ("chart", "bar", "line", "pie")
    if matches:
        wide = W > 1.2 * H  # a banner, a card, a desktop: the board and the chart side by side
        chart = None
        if wants_chart:
            labels, values = [], []
            for m in matches:
                labels += [m.home, m.away]
                values += [float(m.home_score), float(m.away_score)]
            kind = ask.figure if ask.figure in ("bar", "line") else "bar"
            if wide:
                cx = safe.x + 0.58 * safe.w
                box = Box(x=cx, y=top, w=safe.right - cx, h=bottom - top)
            else:
                cy = top + 0.58 * (bottom - top)
                box = Box(x=safe.x, y=cy, w=safe.w, h=bottom - cy)
            chart = _chart(kind, labels, values, [], "", box, theme, dark, short)
            if kind == "bar":  # each winner in the accent, its opponent in a tint of it
                tint = mix(theme.accent, theme.bg[0], 0.5)
                chart.colors = [theme.accent if v >= values[i ^ 1] else tint for i, v in enumerate(values)]
            if not _fits(chart, trace):
                chart = None
        board = Box(x=safe.x, y=top, w=safe.w, h=bottom - top)
        if chart is not None:
            board = Box(x=safe.x, y=top, w=0.54 * safe.w, h=bottom - top) if wide else Box(
                x=safe.x, y=top, w=safe.w, h=0.55 * (bottom - top)
            )  # fmt: skip
        layers += _scoreboard(matches, board, theme, dark, short, ja, trace)
        for i, m in enumerate(matches, start=1):
            g.fact(f"match_{i}", f"{m.home} {m.home_score}-{m.away_score} {m.away}", g.hits[m.hit].source)
        if chart is not None:
            layers.append(chart)
            trace.add(
                "compose", f"{chart.chart} chart of each side's score", f"the request asks for a chart ({ask.figure})"
            )
        trace.add(
            "compose", f"scoreboard: {len(matches)} match(es)", "every score is a snippet's, cited at the bottom"
        )  # fmt: skip
    else:
        kind = ask.figure if ask.figure in ("bar", "line", "pie") else "bar"
        if kind == "pie" and any(q.value < 0 for q in charted):
            kind = "bar"
        box = Box(x=safe.x, y=top, w=safe.w, h=bottom - top)
        layers.append(
            _chart(
                kind,
                [q.label for q in charted],
                [q.value for q in charted],
                [q.prefix + q.number for q in charted],
                charted[0].unit,
                box,
                theme,
                dark,
                short,
            )  # fmt: skip
        )
        for i, q in enumerate(charted, start=1):
            g.fact(f"value_{i}", f"{q.label} {q.prefix}{q.number}{q.unit}", g.hits[q.hit].source)
        trace.add("compose", f"{kind} chart of {len(charted)} quantities", "every number is a snippet's, as written")
    return make_scene(intent, theme, layers)


def _fits(chart: ChartLayer, trace: Trace) -> bool:
    """Whether the chart can be drawn in its box (labels legible); said in the trace when not."""
    from ..errors import LayoutError
    from ..render.charts import chart_geometry

    try:
        chart_geometry(chart)
    except LayoutError as e:
        trace.add("compose", "left out the chart: it does not fit here", f"{e}; the scoreboard shows every number")
        return False
    return True


def _chart(
    kind: str, labels: list[str], values: list[float], texts: list[str], unit: str, box: Box, theme: Any,
    dark: bool, short: float,
) -> ChartLayer:  # fmt: skip
    colors = [theme.accent, mix(theme.accent, theme.bg[0], 0.45)]
    return ChartLayer(
        id="chart", name=f"{kind} chart", role="chart", z=10, box=box, chart=kind,
        labels=labels, values=values, value_texts=texts, unit=unit, colors=colors, ink=theme.ink,
        grid=mix(theme.ink, theme.bg[0], 0.75), label_size=0.03 * short,
    )  # fmt: skip


def _scoreboard(
    matches: list[Any], area: Box, theme: Any, dark: bool, short: float, ja: bool, trace: Trace
) -> list[Layer]:
    """Rows grouped by league: a header per league, then one row a match (a board at most
    1.3× the canvas's short side wide, centred: names stay near their score)."""
    if area.w > 1.3 * short:
        area = Box(x=area.cx - 0.65 * short, y=area.y, w=1.3 * short, h=area.h)
    groups: dict[str, list[Any]] = {}
    for m in matches:
        groups.setdefault(m.league, []).append(m)
    headers = sum(1 for k in groups if k) if len(groups) > 1 or next(iter(groups)) else 0
    units = len(matches) + 0.7 * headers
    row_h = min(0.13 * short, area.h / max(units, 1))
    gap = 0.12 * row_h
    y = area.y + max(0.0, area.h - units * row_h) * 0.35  # a short board sits a little above the middle
    out: list[Layer] = []
    n = 0
    for league, rows in groups.items():
        if league and headers:
            out.append(
                _text(
                    f"league-{len(out)}",
                    league,
                    Box(x=area.x, y=y, w=area.w, h=0.6 * row_h),
                    0.4 * row_h,
                    theme.accent,
                    align="start",
                )  # fmt: skip
            )
            y += 0.7 * row_h
        for m in rows:
            n += 1
            box = Box(x=area.x, y=y, w=area.w, h=row_h - gap)
            out.append(
                ShapeLayer(
                    id=f"row-{n}",
                    name=f"row {n}" + (f" · {league}" if league else ""),
                    role="decoration",
                    z=20,
                    shape="rect",
                    box=box,
                    fill=Solid(color="#FFFFFF" if dark else "#000000"),
                    opacity=0.1 if dark else 0.06,
                    radius=0.2 * box.h,
                )  # fmt: skip
            )
            size = 0.45 * box.h
            win = m.winner
            strong, quiet = theme.ink, theme.sub_ink  # the loser quieter, still well readable
            side_w = 0.38 * box.w
            pad = 0.04 * box.w
            home = _fit_name(f"row-{n}-home", m.home, Box(x=box.x + pad, y=box.y, w=side_w - pad, h=box.h), size,
                             strong if win in ("home", "") else quiet, "end", trace)  # fmt: skip
            away = _fit_name(f"row-{n}-away", m.away, Box(x=box.right - side_w, y=box.y, w=side_w - pad, h=box.h),
                             size, strong if win in ("away", "") else quiet, "start", trace)  # fmt: skip
            score = _text(
                f"row-{n}-score", f"{m.home_score} - {m.away_score}",
                Box(x=box.x + side_w, y=box.y, w=box.w - 2 * side_w, h=box.h), 1.15 * size, theme.accent,
            )  # fmt: skip
            if league:  # the row's league, for edits that keep one ("show only the Central League")
                for cell in (home, score, away):
                    cell.name = f"{cell.id} · {league}"
            out += [home, score, away]
            y += row_h
    return out


def _fit_name(layer_id: str, name: str, box: Box, size: float, fill: str, align: str, trace: Trace) -> TextLayer:
    from .layouts import _tool_text

    layer = _tool_text(layer_id, name, "team name", box, size, fill, trace, align=align)
    layer.role = "fact"
    return layer
