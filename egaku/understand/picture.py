"""Understanding pictures: characters, settings, camera, charts, menus and text roles.

Part of the rule planner (``understand``): it reads the instruction (the prompt with the
quoted texts taken out) and returns the picture fields of the Intent, tracing each
decision with its reason.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from ..errors import PromptError
from ..words import has
from .colors import EN_COLORS, JA_COLORS
from .intent import Character, ChartSpec, Garment, MenuItem, Trace

# Colour words (JA, EN) → a pleasant, saturated-but-not-garish sRGB.
# Colour words (JA, EN) → sRGB, from the one table the picture plan reads (colors.py),
# grouped by colour for the character and edit rules.
COLORS: dict[str, tuple[str, ...]] = {}
for _word, _hex in {**EN_COLORS, **JA_COLORS}.items():
    COLORS[_hex] = (*COLORS.get(_hex, ()), _word)
_COLOR_WORDS = sorted(((w, c) for c, ws in COLORS.items() for w in ws), key=lambda p: -len(p[0]))

ILLUSTRATION_WORDS = (
    "描いて",
    "描く",
    "描き",
    "イラスト",
    "絵を",
    "draw",
    "illustrate",
    "illustration",
    "picture of",
    "painting",
)
CHART_WORDS = {
    "bar": ("棒グラフ", "bar chart", "bar graph", "histogram"),
    "line": ("折れ線", "line chart", "line graph", "trend"),
    "pie": ("円グラフ", "pie chart", "pie"),
}
GENERIC_CHART = ("グラフ", "chart", "graph")
MENU_WORDS = ("menu", "メニュー", "品書き", "price list", "pricelist", "料金表", "価格表", "値段表")
CAMERA_ANGLE = {
    "high": ("上から", "見下ろ", "俯瞰", "from above", "high angle", "bird's-eye", "looking down", "top-down"),
    "low": ("下から", "見上げ", "あおり", "from below", "low angle", "looking up", "worm's-eye"),
    "eye": ("目線", "正面", "eye level", "eye-level"),
}
CAMERA_SHOT = {
    "close": ("アップ", "クローズアップ", "寄り", "close-up", "close up", "closeup"),
    "wide": ("引き", "全体", "遠景", "wide shot", "wide", "long shot", "far away"),
}
SITTING = ("座って", "座る", "すわって", "sitting", "seated", "sits")
STANDING = ("2足歩行", "二足歩行", "立って", "立つ", "standing", "bipedal", "stands", "upright")

PRICE = re.compile(
    r"^(?P<name>.+?)[\s　:：…・.]*(?P<price>(?:[¥￥$€£]\s?\d[\d,]*(?:\.\d+)?)|(?:\d[\d,]*(?:\.\d+)?\s?(?:yen|円|JPY|USD|ドル|[¥￥$€£])))$",
    re.IGNORECASE,
)
# A bare number at the end of a quoted text ('Coffee 450', 「コーヒー 450」, 'Tea 3.50'): a
# price only in a menu or price-list request. The name must not end in a digit or a
# date/time separator, so '2025/3/14' and 'Open 10:00' are never read as a name and a price.
BARE_PRICE = re.compile(
    r"^(?P<name>.*[^\d\s/.\-:：年月日,，])[\s　:：…・.]*(?P<price>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)$"
)
YEAR = re.compile(r"^(?:19|20)\d\d$")
# dates and times that end in a number ('3/14', '3-14', '3月14', '10:00', 'May 5'); a plain
# '4.50' is a price in a menu, not the 4th of May
DATE_END = re.compile(
    r"(?:\d\s*[年/\-]\s*\d+|\d\s*月\s*\d+|\d:\d\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2})$",
    re.I,
)
DATE = re.compile(
    r"(\d{1,4}\s*[年/.\-]\s*\d{1,2}|\d{1,2}\s*月\s*\d{1,2}\s*日|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|\d{1,2}:\d{2})",
    re.I,
)
PLACE_WORDS = (
    "会場",
    "場所",
    "公園",
    "体育館",
    "ホール",
    "教室",
    "hall",
    "room",
    "park",
    "gym",
    "venue",
    "library",
    "center",
    "centre",
)


def _choose(low: str, table: dict[str, tuple[str, ...]]) -> tuple[str, str] | None:
    for key, words in table.items():
        w = has(low, words)
        if w:
            return key, w
    return None


def color_near(low: str, at: int, span: int = 12) -> tuple[str, str] | None:
    """The colour word closest before position ``at`` (within ``span`` characters), or
    right after it ("シャツは赤"); (hex, word)."""
    window = low[max(0, at - span) : at]
    best: tuple[int, str, str] | None = None
    for w, c in _COLOR_WORDS:
        i = window.rfind(w)
        if i >= 0 and (best is None or i > best[0]):
            best = (i, c, w)
    if best:
        return best[1], best[2]
    after = low[at : at + span + 6]
    for w, c in _COLOR_WORDS:
        if w in after:
            return c, w
    return None


def read_picture(instruction: str, low: str, texts: list[str], trace: Trace) -> dict[str, Any]:
    from ..render import figures, scenery

    out: dict[str, Any] = {}

    # 1. Menu: quoted items that end in a price.
    items = menu_items(texts, menu=bool(has(low, MENU_WORDS)))
    if items and (has(low, MENU_WORDS) or len(items) >= 2):
        out["mode"] = "menu"
        out["menu"] = items
        trace.add(
            "understand",
            f"menu: {len(items)} priced item(s)",
            "quoted texts end in prices; names and prices will align on a tab stop",
        )

    # 2. Chart: a chart word and label–number pairs.
    kind = _choose(low, CHART_WORDS)
    if kind or has(low, GENERIC_CHART):
        pairs = chart_pairs(instruction)
        if len(pairs) >= 2:
            chart = kind[0] if kind else "bar"
            values = [chart_value(label, raw) for label, raw in pairs]
            if chart == "pie":
                check_pie(pairs, values)
            out["mode"] = "chart"
            out["chart"] = ChartSpec(
                chart=chart,
                labels=[p[0] for p in pairs],
                values=values,
                raw=[p[1] for p in pairs],
            )
            trace.add(
                "understand",
                f"{chart} chart of {len(pairs)} values: " + ", ".join(f"{a} {b}" for a, b in pairs),
                f"the request says {kind[1] if kind else 'chart'!r}; only these numbers will be printed",
            )
        else:
            trace.add(
                "understand",
                "a chart was asked for but "
                + ("only one label–number pair was found" if pairs else "no label–number pairs were found"),
                "drawing no chart rather than inventing data" + (" (a chart compares two or more)" if pairs else ""),
            )

    # 3. Characters and subjects.
    found = figures.find_species(low)
    drawing = has(low, ILLUSTRATION_WORDS)
    if found:
        species, word = found
        clothing = []
        for part, w in figures.find_clothing(low):
            col = color_near(low, low.find(w))
            pattern = "floral" if part == "aloha_shirt" else "none"
            color = col[0] if col else "#3A7BD5"
            clothing.append(Garment(part=part, color=color, pattern=pattern, word=w))
            trace.add(
                "understand",
                f"clothing: {part.replace('_', ' ')} in {color}" + (f" ({pattern})" if pattern != "none" else ""),
                f"the request says {w!r}" + (f" and {col[1]!r}" if col else "; no colour named, a calm blue"),
            )
        accessories = []
        for part, w in figures.find_accessories(low):
            col = color_near(low, low.find(w))
            accessories.append(Garment(part=part, color=col[0] if col else "#E0B15C", word=w))
            trace.add("understand", f"accessory: {part}", f"the request says {w!r}")
        pose = "sitting" if has(low, SITTING) else "standing"
        why = has(low, STANDING) or has(low, SITTING)
        out["character"] = Character(species=species, word=word, clothing=clothing, accessories=accessories, pose=pose)
        out["mode"] = out.get("mode", "illustration")
        trace.add(
            "understand",
            f"character: a {pose} {species}, built from parts (body, clothing, accessories)",
            f"the request says {word!r}" + (f"; {why!r} means {pose}" if why else ""),
        )
    elif drawing:
        subject = subject_word(instruction)
        out["mode"] = out.get("mode", "illustration")
        if subject:
            from ..icons import find_icon

            icon = find_icon(subject)
            if icon is not None and icon.score >= 0.6:
                out["subject_icon"] = icon.emoji
                trace.add("understand", f"subject: {icon.emoji} {icon.name}", icon.reason)
            else:
                trace.add(
                    "understand",
                    f"no character or icon fits {subject!r}",
                    "drawing the setting alone rather than guessing; name a known animal or object",
                )
    # 4. Setting, time, weather, camera (for pictures).
    if out.get("mode") == "illustration":
        st = scenery.find_setting(low)
        out["setting"] = st[0] if st else "meadow"
        trace.add(
            "understand",
            f"setting: {out['setting']}",
            f"the request says {st[1]!r}" if st else "no place named; a simple meadow",
        )
        tm = scenery.find_time(low)
        if tm:
            out["time_of_day"] = tm[0]
            trace.add("understand", f"time of day: {tm[0]}", f"the request says {tm[1]!r}")
        we = scenery.find_weather(low)
        if we:
            out["weather"] = we[0]
            trace.add("understand", f"weather: {we[0]}", f"the request says {we[1]!r}")
        ang = _choose(low, CAMERA_ANGLE)
        if ang:
            out["camera_angle"] = ang[0]
            trace.add("understand", f"camera: {ang[0]} angle", f"the request says {ang[1]!r}")
        shot = _choose(low, CAMERA_SHOT)
        if shot:
            out["camera_shot"] = shot[0]
            trace.add("understand", f"camera: {shot[0]} shot", f"the request says {shot[1]!r}")

    # 5. Roles of the quoted texts, in reading order; "above" moves a text up.
    out["roles"] = text_roles(texts, out.get("menu", []))
    return out


def menu_items(texts: list[str], menu: bool) -> list[MenuItem]:
    """The quoted texts that are priced items: a name, then a price with a currency
    ('Latte ¥550', '550円', '$4.50', '4,50 €') anywhere, or a bare number ('Coffee 450') in
    a menu or price-list request. A year ('Cafe Menu 2025') or a date or time ('Open
    10:00', 'May 5') is not a price; a bare year-like number is one only inside a list of
    bare prices, never in the first text (where titles are)."""
    found: list[tuple[int, MenuItem, bool]] = []  # (index, item, priced by a bare number)
    for i, raw in enumerate(texts):
        t = raw.strip()
        m = PRICE.match(t)
        if m:
            found.append((i, MenuItem(name=m.group("name").strip(), price=m.group("price").strip()), False))
            continue
        if not menu:
            continue
        b = BARE_PRICE.match(t)
        if b is None or DATE_END.search(t):
            continue
        found.append((i, MenuItem(name=b.group("name").strip(), price=b.group("price")), True))
    bare = [f for f in found if f[2] and not YEAR.match(f[1].price)]
    return [
        item for i, item, is_bare in found if not (is_bare and YEAR.match(item.price) and (i == 0 or len(bare) < 2))
    ]


# A number as people type it: a sign (-, −, ＋, －), digits with optional thousands
# separators and decimals, an optional exponent (1e3), in ASCII or full-width digits.
CHART_NUMBER = r"[-+−－＋]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?"
_CHART_PAIR = re.compile(
    r"(?P<label>[^\s:：、,，]+?)\s*[:：=＝]?\s*(?P<num>" + CHART_NUMBER + r")\s*(?:点|人|個|回|%|％)?\s*$"
)
_ONLY_NUMBER = re.compile(CHART_NUMBER)
# segments split at list punctuation; a comma between digits ("1,000") is a thousands separator
_CHART_SPLIT = re.compile(r"[、，;；\n。]|,(?!\d{3}(?!\d))|\band\b")
MAX_CHART_DIGITS = 15  # a double prints back every number of up to 15 significant digits


def chart_pairs(instruction: str) -> list[tuple[str, str]]:
    """Label–number pairs ("A組 12、B組 9", "Mon: 3, Tue: 5", "A 1,000, B 1e3"), numbers
    exactly as written. A number is whole: "1e400" is one number, never a label "1e" and 400."""
    pairs: list[tuple[str, str]] = []
    for seg in _CHART_SPLIT.split(instruction):
        m = _CHART_PAIR.search(seg.strip())
        if m is None:
            continue
        label = m.group("label")
        if _ONLY_NUMBER.fullmatch(label) or not label.strip("-+−－＋."):
            continue  # a bare number is not a label
        pairs.append((label, m.group("num")))
    return pairs


def check_pie(pairs: list[tuple[str, str]], values: list[float]) -> None:
    """A pie shows shares of a positive total: no negative value, not all zero."""
    for (label, raw), v in zip(pairs, values):
        if v < 0:
            raise PromptError(
                f"a pie chart cannot show the negative value {_short(raw)} for {_short(label)}; "
                "ask for a bar or line chart instead"
            )
    if sum(values) <= 0:
        raise PromptError("a pie chart needs a value above 0, but every value is 0; ask for a bar chart instead")


def chart_value(label: str, raw: str) -> float:
    """The value of ``raw`` as a chart prints it, or a PromptError when the chart could not
    print it exactly as written (too many digits, too large, too small)."""
    from decimal import Decimal, InvalidOperation

    text = unicodedata.normalize("NFKC", raw).replace("−", "-").replace(",", "")
    try:
        exact = Decimal(text)
    except InvalidOperation:  # pragma: no cover - CHART_NUMBER only matches numbers
        raise PromptError(f"chart value {_short(raw)} for {_short(label)} is not a number") from None
    value = float(text)
    digits = len(exact.normalize().as_tuple().digits) if exact else 1
    if not math.isfinite(value) or digits > MAX_CHART_DIGITS or Decimal(repr(value)) != exact:
        raise PromptError(
            f"chart value {_short(raw)} for {_short(label)} cannot be printed exactly as written; "
            f"use a number of at most {MAX_CHART_DIGITS} digits (e.g. in thousands or millions)"
        )
    return value + 0.0  # -0 is 0


def _short(text: str, limit: int = 24) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def subject_word(instruction: str) -> str | None:
    """What is to be drawn: "Draw a X …", "Xを描いて"."""
    m = re.search(
        r"(?:draw|illustrate|paint|picture of)\s+(?:an?\s+|the\s+|some\s+)?([a-z][a-z\-]*(?:\s[a-z][a-z\-]*)?)",
        instruction,
        re.I,
    )
    if m:
        words = m.group(1).split()
        stop = {"wearing", "standing", "sitting", "on", "in", "with", "at", "seen", "from", "that", "who"}
        kept = []
        for w in words:
            if w.lower() in stop:
                break
            kept.append(w)
        return " ".join(kept) or None
    m = re.search(r"([^\s、。をのにがは]+)(?:の絵|の)?を?描", instruction)
    return m.group(1) if m else None


def text_roles(texts: list[str], menu: list[Any]) -> list[str]:
    priced = {f"{m.name} {m.price}" for m in menu}
    roles: list[str] = []
    for i, t in enumerate(texts):
        if t in priced or any(t.startswith(m.name) and t.endswith(m.price) for m in menu):
            roles.append("item")
        elif i == 0:
            roles.append("title")
        elif DATE.search(t):
            roles.append("date")
        elif any(w in t.lower() for w in PLACE_WORDS):
            roles.append("place")
        elif i == 1:
            roles.append("subtitle")
        else:
            roles.append("body")
    return roles
