"""Issue 9: tool answers are data that can be wrong, huge, slow or unprintable, and none
of that may stop a generation. Every test talks to the loopback servers of tests/servers.py
in the real APIs' formats; the bad bytes are what such a server could really send."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import egaku
from egaku.errors import GlyphError, GroundError, LayoutError
from egaku.ground import Settings, forecast, geocode, search, search_notes
from egaku.ground import http as http_mod
from egaku.scene import TextLayer
from egaku.typography import measure
from egaku.typography.fit import drop_uncovered, ellipsize, fit_shortened

from .servers import NOW, GroundEnv, StalledListener, daily_payload, ground_env, open_meteo, searxng

FIXTURES = (ground_env, open_meteo, searxng)

TOKYO = "今日の東京の天気を反映した、スマホの壁紙を作って"
WEEK = "Make a desktop wallpaper showing this week's forecast for Tokyo"
ARTEMIS = "Poster about the latest news on the Artemis program"
SENTINEL = 987654321  # a number the fake sends, replaced by the raw token under test
STAMP = "2026-11-25T00:00:00Z"  # NOW in UTC


def settings(**changes: object) -> Settings:
    return dataclasses.replace(Settings.from_env(), **changes)  # type: ignore[arg-type]


def raw(token: str) -> Any:
    """A body_edit that puts ``token`` (any JSON text, or not JSON at all) where SENTINEL is."""
    return lambda body: body.replace(str(SENTINEL).encode(), token.encode())


def ground_lines(gen: Any) -> list[str]:
    return [line for line in gen.trace if line.startswith("[ground]") or line.startswith("[compose]")]


def text(gen: Any, layer_id: str) -> TextLayer:
    layer = gen.scene.layer(layer_id)
    assert isinstance(layer, TextLayer)
    return layer


# --------------------------------------------------------------------------- 1. served values

CODE_TOKENS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1e300",
    "12345678901234567890",
    "1.5",
    "-1",
    '"0"',
    "null",
    "[0]",
    "{}",
    "true",
]
TEMP_TOKENS = ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e300", '"16.2"', "null", "[16.2]", "{}", "true"]
FLAG_TOKENS = ["NaN", "Infinity", "1e400", "0.5", '"1"', "null", "[1]", "{}"]
PROB_TOKENS = ["NaN", "Infinity", "1e400", "-5", "101", '"80"', "[80]", "{}", "true"]
CASES = (
    [("current", "weather_code", t) for t in CODE_TOKENS]
    + [("current", "temperature_2m", t) for t in TEMP_TOKENS]
    + [("current", "is_day", t) for t in FLAG_TOKENS]
    + [("daily", "weather_code", t) for t in CODE_TOKENS]
    + [("daily", "temperature_2m_max", t) for t in TEMP_TOKENS]
    + [("daily", "temperature_2m_min", t) for t in TEMP_TOKENS]
    + [("daily", "precipitation_probability_max", t) for t in PROB_TOKENS]
)


def _plant(env: GroundEnv, block: str, field: str) -> None:
    """SENTINEL in the forecast at ``block.field`` (day 4 for a daily column)."""
    if block == "current":
        env.open_meteo.current[field] = SENTINEL
    else:
        daily = daily_payload(7)
        daily[field][3] = SENTINEL
        env.open_meteo.daily = daily


@pytest.mark.parametrize("block,field,token", CASES)
def test_every_bad_forecast_value_is_one_ground_error(
    ground_env: GroundEnv, block: str, field: str, token: str
) -> None:
    s = Settings.from_env()
    place = geocode("東京", s)
    _plant(ground_env, block, field)
    ground_env.open_meteo.body_edit = raw(token)
    with pytest.raises(GroundError, match=r"^weather: malformed forecast \(") as e:
        forecast(place, s)
    assert field in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize(
    "column",
    ['"x"', "{}", "5", "null", "[[1],[2],[3],[4],[5],[6],[7]]", "[0,0,0,0,0,0]", "[0,0,0,0,0,0,0,0]"],
)
def test_every_bad_daily_column_is_one_ground_error(ground_env: GroundEnv, column: str) -> None:
    s = Settings.from_env()
    place = geocode("東京", s)
    ground_env.open_meteo.daily = {**daily_payload(7), "weather_code": SENTINEL}
    ground_env.open_meteo.body_edit = raw(column)
    with pytest.raises(GroundError, match=r"^weather: malformed forecast \("):
        forecast(place, s)


@pytest.mark.parametrize(
    "field,value",
    [
        ("sunrise", "0001-01-01T00:00"),  # arithmetic on it (sunrise - 30 min) would overflow
        ("sunset", "9999-12-31T23:59"),
        ("sunrise", "0001-01-01T00:00+05:00"),  # converting it to the zone would overflow
        ("sunset", "2026-11-29T16:29"),  # four days after the day it belongs to
    ],
)
def test_sun_times_far_from_their_day_are_refused(ground_env: GroundEnv, field: str, value: str) -> None:
    daily = daily_payload(7)
    daily[field][0] = value
    ground_env.open_meteo.daily = daily
    s = Settings.from_env()
    with pytest.raises(GroundError, match=rf"^weather: malformed forecast \(daily\.{field}\[0\]"):
        forecast(geocode("東京", s), s)


def test_current_time_out_of_range_is_refused(ground_env: GroundEnv) -> None:
    ground_env.open_meteo.current["time"] = "0001-01-01T00:00+05:00"
    s = Settings.from_env()
    with pytest.raises(GroundError, match=r"^weather: malformed forecast \(current\.time"):
        forecast(geocode("東京", s), s)


@pytest.mark.parametrize(
    "field,token",
    [
        ("latitude", "NaN"),
        ("latitude", "1e400"),
        ("longitude", "-Infinity"),
        ("latitude", '"35.6"'),
        ("timezone", "5"),
        ("timezone", '"../../etc/passwd"'),
        ("timezone", '""'),
        ("timezone", '"\\ud800"'),
        ("name", "null"),
        ("name", "[1]"),
    ],
)
def test_every_bad_geocoding_value_is_one_ground_error(ground_env: GroundEnv, field: str, token: str) -> None:
    ground_env.open_meteo.places["東京"][field] = SENTINEL
    ground_env.open_meteo.body_edit = raw(token)
    with pytest.raises(GroundError, match=r"^weather: malformed geocoding answer \("):
        geocode("東京", Settings.from_env())


@pytest.mark.parametrize("published", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_search_dates_that_overflow_are_left_out(ground_env: GroundEnv, published: str) -> None:
    ground_env.searxng.results[0]["publishedDate"] = published
    hits = search("Artemis", Settings.from_env())
    assert [h.title for h in hits] == ["Artemis II - NASA", "アルテミス計画 | JAXA"]
    assert hits[0].published is None


@pytest.mark.parametrize("token", ["NaN", "1e400", "-Infinity", '"cloudy"', "null"])
def test_a_bad_weather_code_leaves_a_trace_line_not_a_traceback(ground_env: GroundEnv, token: str) -> None:
    ground_env.open_meteo.current["weather_code"] = SENTINEL
    ground_env.open_meteo.body_edit = raw(token)
    gen = egaku.generate(TOKYO, ocr=False)
    [line] = [ln for ln in gen.trace if "weather unavailable" in ln]
    assert "malformed forecast (current.weather_code" in line
    assert gen.failures and not gen.scene.facts
    assert "temperature" not in {t.id for t in gen.scene.text_layers()}


def test_a_year_one_sunrise_does_not_stop_the_wallpaper(ground_env: GroundEnv) -> None:
    daily = daily_payload(1)
    daily["sunrise"][0] = "0001-01-01T00:00"
    ground_env.open_meteo.daily = daily
    gen = egaku.generate(TOKYO, ocr=False)
    assert any("weather unavailable" in ln and "daily.sunrise[0]" in ln for ln in gen.trace)


# --------------------------------------------------------------------------- 2. JSON bodies


def _deep(body: bytes) -> bytes:
    return b"[" * 100_000


@pytest.mark.parametrize("which", ["geocoding", "forecast", "search"])
def test_deeply_nested_json_from_any_tool_is_one_ground_error(ground_env: GroundEnv, which: str) -> None:
    s = Settings.from_env()
    if which == "geocoding":
        ground_env.open_meteo.body_edit = _deep
        with pytest.raises(GroundError, match=r"^weather: the answer was not valid JSON \(nested too deeply\)$"):
            geocode("東京", s)
    elif which == "forecast":
        place = geocode("東京", s)
        ground_env.open_meteo.body_edit = _deep
        with pytest.raises(GroundError, match=r"^weather: the answer was not valid JSON \(nested too deeply\)$"):
            forecast(place, s)
    else:
        ground_env.searxng.body_edit = _deep
        with pytest.raises(GroundError, match=r"^search: the answer was not valid JSON \(nested too deeply\)$"):
            search("Artemis", s)


def test_json_nested_deeper_than_any_real_answer_is_refused(ground_env: GroundEnv) -> None:
    # json.loads takes ~990 levels. Real answers are a few levels deep, so a body nested
    # beyond MAX_DEPTH is refused whatever the parser would take: no later step (the
    # cache's json.dumps, a walk over the answer) meets the interpreter's recursion limit.
    ground_env.searxng.results[0]["engines"] = SENTINEL
    ground_env.searxng.body_edit = raw("[" * 900 + "]" * 900)
    with pytest.raises(GroundError, match=r"^search: the answer was not valid JSON \(nested too deeply\)$"):
        search("Artemis", Settings.from_env())


def test_a_huge_answer_is_refused_after_the_cap(ground_env: GroundEnv) -> None:
    ground_env.searxng.body_edit = lambda body: b'{"results": ["' + b"x" * (3 * 2**20) + b'"]}'
    before = http_mod.REQUESTS
    with pytest.raises(GroundError, match=r"^search: the answer was larger than 2 MiB"):
        search("Artemis", Settings.from_env())
    assert http_mod.REQUESTS - before == 1  # the same server sends the same size again


def test_deeply_nested_search_answer_leaves_the_poster_drawn(ground_env: GroundEnv) -> None:
    ground_env.searxng.body_edit = _deep
    gen = egaku.generate(ARTEMIS, ocr=False)
    assert any("search unavailable" in ln and "nested too deeply" in ln for ln in gen.trace)
    assert not gen.scene.facts and gen.image.size == (1240, 1754)


# --------------------------------------------------------------------------- 3. characters no font has


def test_drop_uncovered_keeps_what_the_face_draws() -> None:
    assert drop_uncovered("🏃 Marathon  2026 🗼", "display") == ("Marathon 2026", ["🏃", "🗼"])
    assert drop_uncovered("Марафон", "display") == ("", list("Марафон"))
    assert drop_uncovered("東京タワー", "text") == ("東京タワー", [])
    # a dropped base takes its combining marks with it
    assert drop_uncovered("a\u0627\u064e b", "display") == ("a b", ["\u0627", "\u064e"])


def test_search_titles_lose_only_the_characters_no_font_has(ground_env: GroundEnv) -> None:
    ground_env.searxng.results[0]["title"] = "🏃 Artemis II 🚀 NASA"
    gen = egaku.generate(ARTEMIS)
    head = text(gen, "headline-1")
    assert head.text == "“Artemis II NASA”"
    assert any("search title: dropped 2 characters no font has ('🏃', '🚀')" in ln for ln in gen.trace)
    assert {f.value for f in gen.scene.facts if f.key == "headline_1"} == {"Artemis II NASA"}
    ocr = next(c for c in gen.report.checks if c.name == "ocr" and c.target == "headline-1")
    assert ocr.ok and "Artemis" in str(ocr.value)
    assert gen.report.ok, [c.detail for c in gen.report.failed()]


@pytest.mark.parametrize("title", ["Марафон", "القاهرة", "🏃🚀"])
def test_a_title_with_nothing_legible_left_is_skipped(ground_env: GroundEnv, title: str) -> None:
    ground_env.searxng.results[0]["title"] = title
    gen = egaku.generate(ARTEMIS, ocr=False)
    heads = [t.text for t in gen.scene.text_layers() if t.id.startswith("headline-")]
    assert heads == ["“アルテミス計画 | JAXA”"]  # the other hit, now first
    assert any("search title: nothing legible left" in ln and "left out" in ln for ln in gen.trace)
    assert [f.url for f in gen.scene.facts if f.key.startswith("headline")] == ["https://www.jaxa.jp/projects/artemis/"]


def test_snippets_and_cites_from_tools_are_filtered_too(ground_env: GroundEnv) -> None:
    ground_env.searxng.results[0].update(
        url="https://мир.рф/artemis", content="🚀 Артемида launches 🌕 soon", publishedDate=None
    )
    gen = egaku.generate(ARTEMIS, ocr=False)
    assert text(gen, "snippet-1").text == "launches soon"
    assert text(gen, "source-1").text == "xn--h1ahn.xn--p1ai"  # the host, as ASCII (IDNA)
    assert any("search snippet: dropped" in ln for ln in gen.trace)


def test_only_unprintable_search_results_draw_an_empty_poster(ground_env: GroundEnv) -> None:
    for r in ground_env.searxng.results:
        r["title"] = "🏃"
    gen = egaku.generate(ARTEMIS, ocr=False)
    assert not [t for t in gen.scene.text_layers() if t.id.startswith("headline-")]
    assert any("no facts to show" in ln for ln in gen.trace)
    assert not gen.scene.facts


def test_an_empty_search_answer_draws_the_poster_without_facts(ground_env: GroundEnv) -> None:
    ground_env.searxng.results = []
    gen = egaku.generate(ARTEMIS, ocr=False)
    assert any("search: 0 result(s)" in ln for ln in gen.trace)
    assert any("no facts to show" in ln and "the tools returned nothing" in ln for ln in gen.trace)
    assert not gen.scene.facts and not gen.failures


def test_notes_without_a_match_draw_the_poster_without_facts(
    ground_env: GroundEnv, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "other.md").write_text("# 献立\n\nカレー\n", encoding="utf-8")
    monkeypatch.setenv("EGAKU_NOTES_DIR", str(notes))
    gen = egaku.generate("私たちの写真部の次のイベントのポスターを作って", ocr=False)
    assert any("notes: 0 match(es)" in ln for ln in gen.trace)
    assert any("no facts to show" in ln for ln in gen.trace)
    assert not gen.scene.facts and not [t for t in gen.scene.text_layers() if t.id.startswith("headline-")]


def test_a_place_name_with_an_emoji_is_drawn_without_it(ground_env: GroundEnv) -> None:
    ground_env.open_meteo.places["東京"]["name"] = "Tokyo 🗼"
    gen = egaku.generate(TOKYO)
    assert text(gen, "place").text == "Tokyo"
    assert {f.key: f.value for f in gen.scene.facts}["place"] == "Tokyo"
    assert any("place name: dropped 1 character no font has ('🗼')" in ln for ln in gen.trace)
    assert gen.report.ok, [c.detail for c in gen.report.failed()]


@pytest.mark.parametrize("name", ["القاهرة", "Марафон"])
def test_a_place_name_with_nothing_legible_leaves_the_rest_of_the_card(ground_env: GroundEnv, name: str) -> None:
    ground_env.open_meteo.places["東京"]["name"] = name
    gen = egaku.generate(TOKYO, ocr=False)
    ids = {t.id for t in gen.scene.text_layers()}
    assert "place" not in ids and {"temperature", "condition", "date"} <= ids
    assert "place" not in {f.key for f in gen.scene.facts}
    assert any("place name: nothing legible left" in ln for ln in gen.trace)


def test_a_week_title_without_a_legible_place_still_says_what_it_is(ground_env: GroundEnv) -> None:
    ground_env.open_meteo.places["tokyo"]["name"] = "القاهرة"
    gen = egaku.generate(WEEK, ocr=False)
    assert text(gen, "title").text == "7-day forecast"
    assert "place" not in {f.key for f in gen.scene.facts}


def test_the_cli_finishes_with_an_emoji_title(ground_env: GroundEnv, tmp_path: Path) -> None:
    ground_env.searxng.results[0]["title"] = "Marathon 🏃 Марафон"
    p = subprocess.run(
        [sys.executable, "-m", "egaku", "generate", ARTEMIS, "-o", str(tmp_path / "n.png"), "--no-ocr"],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0, p.stderr
    assert "dropped 8 characters no font has" in p.stdout


def test_quoted_user_text_still_names_the_missing_character(ground_env: GroundEnv) -> None:
    with pytest.raises(GlyphError, match="U\\+1F3C3"):
        egaku.generate("文化祭のポスター「🏃走れ」", ocr=False)


def test_notes_titles_with_emoji_are_filtered(
    ground_env: GroundEnv, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "club🏃.md").write_text(
        "# 🏃 写真部 次のイベント\n\n次のイベントは「冬の撮影会」です 📷\n", encoding="utf-8"
    )
    monkeypatch.setenv("EGAKU_NOTES_DIR", str(notes))
    gen = egaku.generate("私たちの写真部の次のイベントのポスターを作って", ocr=False)
    assert text(gen, "headline-1").text == "“写真部 次のイベント”"
    assert "📷" not in text(gen, "snippet-1").text and "冬の撮影会" in text(gen, "snippet-1").text
    assert text(gen, "source-1").text == "club.md"


def test_notes_folder_with_a_non_utf8_name_and_a_fifo_still_answers(
    ground_env: GroundEnv, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "club.md").write_text("# 写真部 次のイベント\n\n冬の撮影会\n", encoding="utf-8")
    with open(bytes(notes) + b"/club\xff.md", "wb") as fh:  # Latin-1 on disk: not UTF-8
        fh.write("# 写真部 古いメモ\n".encode())
    os.mkfifo(notes / "pipe.md")  # reading it would wait for a writer forever
    monkeypatch.setenv("EGAKU_NOTES_DIR", str(notes))
    found: list[Any] = []
    worker = threading.Thread(target=lambda: found.extend(search_notes("写真部", Settings.from_env())), daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "the notes index waited on the FIFO"
    assert [h.path.name for h in found] == ["club.md"]


# --------------------------------------------------------------------------- 4. too long to fit


def test_ellipsize_cuts_to_the_shaped_width() -> None:
    long = "W" * 200
    cut = ellipsize(long, "display", 40, 600)
    assert cut.endswith("…") and measure(cut, "display", 40) <= 600
    assert measure(cut[:-1] + "W…", "display", 40) > 600  # one more would not fit
    assert ellipsize("Tokyo", "display", 40, 600) == "Tokyo"
    words = ellipsize("The quick brown fox jumps over the lazy dog " * 5, "text", 30, 500)
    assert words.endswith("…") and not words.endswith(" …")
    assert words[:-1] in ("The quick brown fox jumps over the lazy dog " * 5)
    with pytest.raises(LayoutError, match="even '…' does not fit"):
        ellipsize("Tokyo", "display", 40, 5)


def test_fit_shortened_keeps_the_quotes_and_a_legible_size() -> None:
    fit, core = fit_shortened(
        "W" * 120, "display", 992, 111, max_size=56, min_size=22, max_lines=2, before="“", after="”"
    )
    assert core.endswith("…") and fit.lines[0].startswith("“") and fit.lines[-1].endswith("…”")
    assert fit.size >= 22 and "".join(fit.lines) == f"“{core}”"
    fit, core = fit_shortened("Artemis II", "display", 992, 111, max_size=56, min_size=22, max_lines=2)
    assert core == "Artemis II" and fit.size == 56


def test_a_long_unbreakable_search_title_is_shortened(ground_env: GroundEnv) -> None:
    ground_env.searxng.results[0]["title"] = "W" * 120
    gen = egaku.generate(ARTEMIS, ocr=False)
    head = text(gen, "headline-1")
    assert head.text.startswith("“WWW") and head.text.endswith("…”")
    assert head.size >= 0.4 * 0.045 * 1240  # legible: at least 40 % of the slot's size
    assert any("search title: shortened to" in ln for ln in gen.trace)
    assert gen.report.ok, [c.detail for c in gen.report.failed()]


@pytest.mark.parametrize("name", ["W" * 100, "東" * 100])
def test_a_long_place_name_is_shortened_on_the_wallpaper(ground_env: GroundEnv, name: str) -> None:
    ground_env.open_meteo.places["東京"]["name"] = name
    gen = egaku.generate(TOKYO, ocr=False)
    place = text(gen, "place")
    assert place.text.endswith("…") and place.text[:-1] == name[: len(place.text) - 1]
    assert place.size >= 0.4 * 0.075 * 1080
    assert measure(place.text, "display", place.size) <= place.box.w + 0.01
    assert any("place name: shortened to" in ln for ln in gen.trace)


def test_a_long_place_name_is_shortened_in_the_week_title(ground_env: GroundEnv) -> None:
    ground_env.open_meteo.places["tokyo"]["name"] = "W" * 100
    gen = egaku.generate(WEEK, ocr=False)
    title = text(gen, "title")
    assert title.text.startswith("WWW") and title.text.endswith("… 7-day forecast")


def test_long_snippets_and_hosts_are_shortened_too(ground_env: GroundEnv) -> None:
    ground_env.searxng.results[0]["content"] = "W" * 240
    ground_env.searxng.results[1]["url"] = "https://" + ("a" * 60 + ".") * 4 + "example/"
    gen = egaku.generate(ARTEMIS, ocr=False)
    snippet, host = text(gen, "snippet-1"), text(gen, "source-2")
    assert snippet.text.startswith("WWW") and snippet.text.endswith("…") and len(snippet.lines) <= 3
    assert host.text.startswith("aaa") and host.text.endswith("…")
    assert measure(host.text, "text", host.size) <= host.box.w + 0.01
    assert any("search snippet: shortened to" in ln for ln in gen.trace)
    assert any("search source: shortened to" in ln for ln in gen.trace)
    assert gen.report.ok, [c.detail for c in gen.report.failed()]


def test_user_text_is_never_shortened(ground_env: GroundEnv) -> None:
    with pytest.raises(LayoutError, match="does not fit"):
        egaku.generate('poster "' + "W" * 300 + '"', ocr=False)


# --------------------------------------------------------------------------- 5. one deadline


def test_a_slow_server_gets_one_attempt_inside_the_budget(ground_env: GroundEnv) -> None:
    ground_env.open_meteo.delay_s = 3.0
    t0 = time.monotonic()
    with pytest.raises(GroundError, match=r"^weather: timed out after 0.5 s$"):
        geocode("東京", settings(timeout_s=0.5))
    assert time.monotonic() - t0 < 0.9
    assert len(ground_env.open_meteo.requests) == 1  # no time was left for a second


def test_a_trickling_body_is_cut_at_the_deadline(ground_env: GroundEnv) -> None:
    ground_env.open_meteo.trickle_s = 0.05  # a byte every 50 ms: each read is "on time"
    t0 = time.monotonic()
    with pytest.raises(GroundError, match=r"^weather: timed out after 0.5 s$"):
        geocode("東京", settings(timeout_s=0.5))
    assert time.monotonic() - t0 < 0.9


def test_a_connect_that_hangs_counts_against_the_budget(ground_env: GroundEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    stalled = StalledListener()
    try:
        monkeypatch.setenv("EGAKU_SEARXNG_URL", stalled.url)
        t0 = time.monotonic()
        with pytest.raises(GroundError, match=r"^search: timed out after 0.5 s$"):
            search("Artemis", settings(timeout_s=0.5))
        assert time.monotonic() - t0 < 0.9
    finally:
        stalled.stop()


def test_a_deadline_already_past_sends_nothing(ground_env: GroundEnv) -> None:
    before = http_mod.REQUESTS
    with pytest.raises(GroundError, match=r"^search: timed out after 4 s$"):
        search("Artemis", settings(timeout_s=4.0, deadline=time.monotonic() - 1))
    assert http_mod.REQUESTS == before and ground_env.searxng.requests == []


def test_a_server_error_is_still_retried_inside_the_budget(ground_env: GroundEnv) -> None:
    ground_env.searxng.status, ground_env.searxng.status_times = 503, 1
    assert search("Artemis", settings(timeout_s=1.0))
    assert len(ground_env.searxng.requests) == 2


@pytest.mark.parametrize("knob,value", [("trickle_s", 0.2), ("delay_s", 3.0)])
def test_a_slow_server_holds_a_generation_at_most_the_promised_4_s(
    ground_env: GroundEnv, knob: str, value: float
) -> None:
    # delay 3 s: geocoding answers, the forecast gets the 1 s left. trickle: each byte of
    # each answer comes in time, the whole never does. Before issue 9: 6 s and 16-22 s.
    setattr(ground_env.open_meteo, knob, value)
    t0 = time.monotonic()
    gen = egaku.generate(TOKYO, ocr=False)
    elapsed = time.monotonic() - t0
    assert gen.timings_ms["ground"] < 4_600, gen.timings_ms
    assert elapsed < 8.0  # the rest is drawing; before, ground alone took 6-22 s
    [line] = [ln for ln in gen.trace if "weather unavailable" in ln]
    assert "timed out after 4 s" in line
    assert not gen.scene.facts


# --------------------------------------------------------------------------- 6. answers from the cache


def test_cached_answers_say_so_at_the_tool(ground_env: GroundEnv) -> None:
    s = Settings.from_env()
    first = forecast(geocode("東京", s), s)
    assert not first.source.cached and not first.place.source.cached
    offline = dataclasses.replace(s, offline=True)
    again = forecast(geocode("東京", offline), offline)
    assert again.source.cached and again.place.source.cached
    assert again.source.retrieved_at == first.source.retrieved_at
    assert (again.current, again.daily) == (first.current, first.daily)
    assert not any(h.source.cached for h in search("Artemis", s))
    assert all(h.source.cached for h in search("Artemis", offline))


def test_offline_generation_from_the_cache_says_so_in_the_trace_and_sources(
    ground_env: GroundEnv, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fresh = egaku.generate(TOKYO, ocr=False)
    assert not any("from cache" in ln for ln in fresh.trace)
    assert not any("from cache" in s["title"] for s in fresh.sources)
    monkeypatch.setenv("EGAKU_OFFLINE", "1")
    before = http_mod.REQUESTS
    gen = egaku.generate(TOKYO, ocr=False)
    assert http_mod.REQUESTS == before
    assert text(gen, "temperature").text == text(fresh, "temperature").text
    assert any(f"forecast from cache, retrieved at {STAMP} (offline)" in ln for ln in gen.trace)
    weather = [s for s in gen.sources if s["tool"] == "weather"]
    assert weather and all(f"from cache, retrieved at {STAMP}" in s["title"] for s in weather)
    assert all(s["retrieved_at"] == STAMP for s in weather)
    out = tmp_path / "w.png"
    p = subprocess.run(
        [sys.executable, "-m", "egaku", "generate", TOKYO, "-o", str(out), "--no-ocr", "--json"],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout.strip().splitlines()[-1])
    assert any("from cache" in s["title"] for s in data["sources"])
    from PIL import PngImagePlugin

    with PngImagePlugin.PngImageFile(out) as png:
        assert "from cache" in png.text["egaku:sources"]


def test_search_from_the_cache_says_so(ground_env: GroundEnv) -> None:
    egaku.generate(ARTEMIS, ocr=False)
    n = len(ground_env.searxng.requests)
    gen = egaku.generate(ARTEMIS, ocr=False)
    assert len(ground_env.searxng.requests) == n
    assert any(f"search: results from cache, retrieved at {STAMP}" in ln for ln in gen.trace)
    assert NOW  # the fixed clock the stamp comes from
