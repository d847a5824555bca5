"""Ground: Intent → facts from tools, each with its source.

The planner part (:func:`read_needs`) decides whether a request needs live facts
(today, now, latest, this week, weather, 天気, 結果, news …), what to look up and where,
and says why in the trace. The stage part (:func:`ground`) calls the tools in
``egaku.ground`` and keeps what they return as typed results plus :class:`Fact` records.

Tool output is data. It only ever fills the fact slots the plan made (a temperature, a
condition, a quoted headline); it never changes the canvas, the layout, the tools called
or any instruction. Failures are trace lines ("weather unavailable: …"), and the design
is drawn without the missing facts. The exception is an unknown place, where the request
cannot be met, so that is an error.

All lookups of one generation share one time budget (``EGAKU_TIMEOUT_S``, 4 s), and an
answer read from the cache says so in the trace and in its source's title ("from cache,
retrieved at …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from pydantic import BaseModel

from ..errors import GroundError
from ..scene import Fact
from ..words import has

WEATHER_WORDS = ("天気", "天候", "気温", "予報", "weather", "forecast", "temperature")
WEEK_WORDS = (
    "今週",
    "週間",
    "1週間",
    "一週間",
    "7日",
    "this week",
    "week",
    "weekly",
    "7-day",
    "seven-day",
    "forecast for the week",
)
NOW_WORDS = ("今日", "きょう", "本日", "今の", "現在", "today", "now", "current", "tonight")
NEWS_WORDS = (
    "最新",
    "ニュース",
    "結果",
    "速報",
    "latest",
    "news",
    "score",
    "scores",
    "result",
    "results",
    "update",
    "updates",
)
NOTES_WORDS = ("メモ", "ノート", "私たちの", "うちの", "our ", "my notes", "our club", "our team", "notes")
STOP = {
    "make",
    "a",
    "an",
    "the",
    "poster",
    "about",
    "on",
    "of",
    "latest",
    "news",
    "for",
    "please",
    "create",
    "draw",
    "banner",
    "card",
    "wallpaper",
    "showing",
    "with",
    "and",
    "me",
    "some",
    "new",
    "recent",
    "update",
    "updates",
}


OWNERS = {"私たち", "私達", "うち", "僕ら", "our", "my", "we", "us", "next", "次", "今度"}


class Need(BaseModel):
    tool: str  # weather | search | notes
    query: str
    span: str = "today"  # today | week
    reason: str = ""


def read_needs(instruction: str, low: str, language: str, trace: Any) -> list[Need]:
    """What facts the request needs, from its words (traced with the reason)."""
    needs: list[Need] = []
    w = has(low, WEATHER_WORDS)
    if w:
        place = place_name(instruction)
        span = "week" if has(low, WEEK_WORDS) else "today"
        if place is None:
            raise GroundError(
                "weather", "the request asks for weather but names no place; add a city, e.g. 東京 or Osaka"
            )
        needs.append(Need(tool="weather", query=place, span=span, reason=f"the request says {w!r}"))
        trace.add(
            "ground",
            f"look up the weather in {place!r} ({'7-day forecast' if span == 'week' else 'today'})",
            f"the request says {w!r}; facts like this change daily, so they are looked up, not assumed",
        )
    n = has(low, NEWS_WORDS)
    if n and not w:
        q = topic(instruction)
        if q:
            needs.append(Need(tool="search", query=q, reason=f"the request says {n!r}"))
            trace.add("ground", f"search the web for {q!r}", f"the request says {n!r}: it wants current facts")
    # ノートパソコン is a laptop and メモ帳 a notepad to draw, not "your notes"
    o = has(low.replace("ノートパソコン", " ").replace("メモ帳", " "), NOTES_WORDS)
    if o and not needs:
        q = " ".join(w for w in topic(instruction).split() if w.lower() not in OWNERS and len(w) > 1)
        if q:
            needs.append(Need(tool="notes", query=q, reason=f"the request says {o!r}"))
            trace.add("ground", f"search your notes for {q!r}", f"the request says {o!r}")
    return needs


def place_name(instruction: str) -> str | None:
    """The place a weather request is about: 「東京の天気」, "weather in Osaka"."""
    m = re.search(
        r"([^\s、。のをにはがで「」『』]{1,12})の(?:今日の|明日の|今週の|週間|現在の)?(?:天気|天候|気温|予報)",
        instruction,
    )
    if m and m.group(1) not in ("今日", "明日", "今週", "今", "現在"):
        return m.group(1)
    m = re.search(r"(?:今日の|明日の|今週の)([^\s、。のをにはがで]{1,12})の", instruction)
    if m:
        return m.group(1)
    m = re.search(r"\b(?:in|for|at)\s+([A-Z][A-Za-z\-]+(?:\s[A-Z][A-Za-z\-]+)?)", instruction)
    return m.group(1) if m else None


def topic(instruction: str) -> str:
    """Search words: the request minus format and filler words."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9\-']*|[^\x00-\x7f\s、。「」『』をのにはがでと]+", instruction)
    kept = [
        x
        for x in words
        if x.lower() not in STOP
        and x.lower() not in FIGURE_WORDS
        and x not in ("ポスター", "作って", "最新", "ニュース", "について", "結果")
        and not any(f in x for f in JA_FORMAT_PARTS)
    ]
    return " ".join(kept)[:80]


# how the answer is to be drawn, not what to look up
FIGURE_WORDS = {"chart", "graph", "image", "picture", "wallpaper", "phone", "scoreboard", "plot", "figure", "table"}
JA_FORMAT_PARTS = ("グラフ", "画像", "壁紙", "スマホ", "チラシ", "バナー", "イラスト", "した", "にして", "図に", "表に")


@dataclass
class Grounding:
    """What the tools returned (typed) and the facts drawn from it."""

    needs: list[Need] = field(default_factory=list)
    place: Any = None
    clock: Any = None
    forecast: Any = None
    hits: list[Any] = field(default_factory=list)
    notes: list[Any] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    ask: Any = None  # egaku.ground.extract.Ask: what the request asks of the facts
    extraction: Any = None  # egaku.ground.extract.Extraction: records from the search results

    def fact(self, key: str, value: str, source: Any) -> str:
        title = source.title
        if getattr(source, "cached", False):  # the sources list and the CLI say it, not only the trace
            title = f"{title} — {source.describe()}" if title else source.describe()
        self.facts.append(
            Fact(
                key=key,
                value=value,
                tool=source.tool,
                url=source.url,
                title=title,
                retrieved_at=source.retrieved_at,
            )
        )
        return value


def ground(
    needs: list[Need],
    language: str,
    trace: Any,
    *,
    offline: bool | None = None,
    now: str | None = None,
    request: str = "",
    reader: Any = None,
) -> Grounding:
    """Call the tools the plan asked for. Failures become trace lines, except an unknown
    place (the request cannot be met): that raises GroundError. Search results are read
    for records (match results, quantities) that answer ``request`` (see
    :mod:`egaku.ground.extract`); ``reader(hits, ask) -> (matches, quantities)`` (a language
    model, :mod:`egaku.llm.extract`) reads those the rules could not."""
    from ..ground.base import Settings

    g = Grounding(needs=needs)
    if not needs:
        return g
    # one deadline for every network call of this generation, retries included
    settings = Settings.from_env(offline=offline, now=now).with_deadline()
    for need in needs:
        try:
            if need.tool == "weather":
                _weather(g, need, language, settings, trace)
            elif need.tool == "search":
                from ..ground.search import search

                g.hits = search(need.query, settings, n=8 if request else 3)
                trace.add("ground", f"search: {len(g.hits)} result(s) for {need.query!r}", "SearXNG")
                if any(h.source.cached for h in g.hits):
                    _from_cache(trace, "search: results", g.hits[0].source, settings)
                if request:
                    _records(g, request, settings, trace, reader)
            elif need.tool == "notes":
                from ..ground.notes import search_notes

                # every term must match; when nothing does, the longest single term decides
                g.notes = search_notes(need.query, settings, n=3)
                for term in sorted(need.query.split(), key=len, reverse=True)[: 3 if not g.notes else 0]:
                    g.notes = search_notes(term, settings, n=3)
                    if g.notes:
                        break
                trace.add("ground", f"notes: {len(g.notes)} match(es) for {need.query!r}", "local notes index")
        except GroundError as e:
            if "unknown place" in str(e):
                raise
            g.failures.append(str(e))
            trace.add("ground", f"{need.tool} unavailable: {e}", "drawing the design without these facts")
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, RecursionError) as e:
            # Tool data must never stop a generation: an answer the checks let through but
            # egaku still could not read is a failed lookup too (and a bug worth reporting).
            message = f"{need.tool}: could not read the answer ({type(e).__name__}); please report this as a bug"
            g.failures.append(message)
            trace.add("ground", f"{need.tool} unavailable: {message}", "drawing the design without these facts")
    for f in g.facts:
        trace.add("ground", f"fact {f.key} = {f.value!r}", f"{f.tool}: {f.title or f.url} at {f.retrieved_at}")
    return g


def _records(g: Grounding, request: str, settings: Any, trace: Any, reader: Any = None) -> None:
    """Match results and quantities from the hits that answer the request; the others dropped, said why."""
    from datetime import datetime

    from ..ground.extract import extract, read_ask

    today = (settings.now or datetime.now(UTC)).date()
    g.ask = read_ask(request, today)
    generic = set(NOW_WORDS) | set(NEWS_WORDS) | {"昨日", "きのう", "yesterday", "投稿", "インスタ投稿", "カード"}
    g.ask.terms = [
        w.lower()
        for w in topic(request).split()
        if w.lower() not in generic and len(w) >= (2 if not w.isascii() else 3)
    ]
    ex = extract(g.hits, g.ask, today)
    for i, why in ex.dropped:
        title = g.hits[i].title if i < len(g.hits) else ""
        trace.add("ground", f"dropped result {i + 1} {title[:40]!r}", why)
    for why in ex.rejected:
        trace.add("ground", f"rejected a record: {why}", "every number must appear as written in its snippet")
    for m in ex.matches:
        trace.add(
            "ground",
            f"match: {m.home} {m.home_score}-{m.away_score} {m.away}" + (f" ({m.league})" if m.league else ""),
            f"result {m.hit + 1} says {m.raw!r}",
        )
    for q in ex.quantities:
        trace.add("ground", f"quantity: {q.label} {q.prefix}{q.number}{q.unit}", f"result {q.hit + 1} says {q.raw!r}")
    if ex.dropped:  # a design shows only what answers the request
        keep = set(ex.kept_hits)
        g.hits = [h for i, h in enumerate(g.hits) if i in keep]
        renumber = {old: new for new, old in enumerate(sorted(keep))}
        ex.matches = [m.model_copy(update={"hit": renumber[m.hit]}) for m in ex.matches]
        ex.quantities = [q.model_copy(update={"hit": renumber[q.hit]}) for q in ex.quantities]
    if (
        reader is not None
        and g.hits
        and not ex.matches
        and len(ex.quantities) < 2
        and (g.ask.figure or g.ask.wants_results)
    ):
        matches, quantities = reader(g.hits, g.ask)  # the rules found nothing to draw: the model reads the rest
        ex.matches += matches
        ex.quantities += quantities
    g.extraction = ex


def _weather(g: Grounding, need: Need, language: str, settings: Any, trace: Any) -> None:
    from ..ground.clock import now as clock_now
    from ..ground.weather import forecast, geocode

    place = geocode(need.query, settings, language=language)
    trace.add(
        "ground",
        f"place: {place.name}, {place.country} ({place.latitude:.2f}, {place.longitude:.2f}, {place.timezone})",
        f"geocoded {need.query!r}",
    )
    if place.source.cached:
        _from_cache(trace, "weather: place", place.source, settings)
    clock = clock_now(settings, place.timezone)
    fc = forecast(place, settings, days=7 if need.span == "week" else 1)
    if fc.source.cached:
        _from_cache(trace, "weather: forecast", fc.source, settings)
    g.place, g.clock, g.forecast = place, clock, fc
    # the place fact is added where the name is drawn (compose): only legible text is a fact
    g.fact("date", clock.now.date().isoformat(), clock.source)


def _from_cache(trace: Any, what: str, source: Any, settings: Any) -> None:
    trace.add(
        "ground",
        f"{what} {source.describe()}" + (" (offline)" if settings.offline else ""),
        "no network call was made" if settings.offline else "a recent answer is reused, not asked again",
    )
