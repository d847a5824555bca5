"""Words that name a setting, a time of day or the weather (English and Japanese).

:data:`SETTINGS`, :data:`TIMES` and :data:`WEATHERS` map each name to its words;
:func:`find_setting`, :func:`find_time` and :func:`find_weather` find the earliest one
in a text (Latin words stand alone: "office" does not name ``ice``).
"""

from __future__ import annotations

import re

SETTINGS: dict[str, tuple[str, ...]] = {
    "beach": ("beach", "seaside", "seashore", "ビーチ", "海辺", "浜辺", "砂浜", "海岸"),
    "ice": ("ice", "iceberg", "ice floe", "icy", "氷", "氷の上", "流氷", "氷山"),
    "snowfield": (
        "snow field",
        "snowfield",
        "snowy",
        "snowy mountain",
        "in the snow",
        "on the snow",
        "through the snow",
        "雪原",
        "雪山",
        "雪景色",
        "雪の中",
        "雪の上",
    ),  # fmt: skip
    # bare 町, 林 and 通り are left out: they hide in 町内会, 林檎 and いつも通り
    "city": ("city", "town", "street", "downtown", "街", "都会", "街中", "ビル街", "町並み", "都市"),
    "forest": ("forest", "woods", "jungle", "森", "森林", "雑木林", "林の中", "ジャングル"),
    "room": ("room", "indoors", "bedroom", "living room", "部屋", "室内", "屋内", "リビング"),
    "stage": ("stage", "concert", "theater", "theatre", "舞台", "ステージ", "劇場", "コンサート"),
    "meadow": ("meadow", "field", "grass", "grassland", "草原", "野原", "草むら", "芝生"),
    # -- settings drawn in water, mountain, lunar, places, rooms and open_air. Bare 海, 山, 空, 月 and
    # 'space', 'sky', 'lunar' are left out: they hide in 海老, 沢山, 夜空, 月夜, 'space for a title',
    # 'night sky', 'lunar new year'. Bare 宇宙 too: it hides in 宇宙飛行士, 宇宙人 and 宇宙船 (an
    # astronaut is no place); bare 学校 names no room (学校のお知らせ is a notice, not a classroom)
    "sea": (
        "sea",
        "ocean",
        "open sea",
        "大海",
        "大海原",
        "海原",
        "海上",
        "海の上",
        "海で",
        "海に",
        "海の",
        "海を",
        "海と",
        "海へ",
        "の海",
    ),
    "underwater": (
        "underwater",
        "under water",
        "under the sea",
        "deep sea",
        "海の中",
        "海中",
        "水中",
        "海底",
        "海の底",
    ),
    "mountain": (
        "mountain",
        "mt. fuji",
        "mt fuji",
        "mount fuji",
        "fuji",
        "富士山",
        "富士",
        "山頂",
        "山の上",
        "山々",
        "登山",
    ),
    "moon": (
        "on the moon",
        "moon surface",
        "lunar surface",
        "lunar landscape",
        "surface of the moon",
        "月面",
        "月の上",
        "月の表面",
    ),
    "space": (
        "outer space",
        "in space",
        "deep space",
        "into space",
        "space station",
        "宇宙空間",
        "宇宙で",
        "宇宙に",
        "宇宙の",
        "宇宙を",
        "宇宙へ",
        "宇宙から",
    ),
    "park": ("park", "公園"),
    "shrine": ("shrine", "torii", "神社", "鳥居", "神宮", "お宮"),
    "kitchen": ("kitchen", "キッチン", "台所", "厨房"),
    "classroom": ("classroom", "教室"),
    "windowsill": ("windowsill", "window sill", "by the window", "窓辺", "窓際", "出窓"),
    "sky": (
        "up in the sky",
        "flying in the sky",
        "across the sky",
        "above the clouds",
        "in the clouds",
        "midair",
        "mid-air",
        "空を飛",
        "空飛ぶ",
        "空の上",
        "雲の上",
        "上空",
        "大空",
        "空中",
    ),
    "desert": ("desert", "dunes", "sand dunes", "砂漠", "砂丘"),
}
"""Setting → words (English and Japanese) that name it."""

TIMES: dict[str, tuple[str, ...]] = {
    "night": ("night", "nighttime", "midnight", "starry", "夜", "夜空", "深夜", "星空"),
    "sunset": ("sunset", "evening", "dusk", "twilight", "夕方", "夕焼け", "夕暮れ", "夕日"),
    "morning": ("morning", "dawn", "sunrise", "朝", "朝焼け", "夜明け", "朝日"),
    "day": ("day", "daytime", "noon", "afternoon", "昼", "昼間", "日中", "真昼"),
}
"""Time of day → words that name it."""

WEATHERS: dict[str, tuple[str, ...]] = {
    "downpour": ("downpour", "heavy rain", "pouring", "storm", "stormy", "土砂降り", "大雨", "豪雨", "嵐"),
    "rain": ("rain", "rainy", "raining", "drizzle", "雨", "小雨", "雨の日"),
    "snow": ("snowing", "snowfall", "falling snow", "snow falling", "雪が降", "降雪", "雪の日"),
    "cloudy": ("cloudy", "overcast", "grey sky", "gray sky", "曇り", "くもり", "曇天", "曇"),
    "clear": ("sunny", "clear sky", "fine weather", "晴れ", "快晴", "晴天"),
}
"""Weather → words that name it (``clear`` is also the default when nothing matches)."""


def _pattern(word: str) -> re.Pattern[str]:
    if word.isascii():
        # Latin words stand alone ("office" is not "ice"); a plural -s/-es is allowed.
        body = r"\s+".join(re.escape(w) for w in word.split())
        return re.compile(rf"(?<![A-Za-z0-9]){body}(?:e?s)?(?![A-Za-z0-9])", re.IGNORECASE)
    return re.compile(re.escape(word))


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _find(table: dict[str, tuple[str, ...]], text: str) -> tuple[str, str] | None:
    """The (key, word) whose word occurs earliest in ``text``; at the same position the
    longest word wins (so 大雨 beats 雨, 'heavy rain' beats 'rain')."""
    best: tuple[int, int, str, str] | None = None
    low = text.lower()
    for key, words in table.items():
        for word in words:
            if word.lower().split()[0] not in low:
                continue  # absent: no pattern to compile (a cold run asks for hundreds)
            pat = _PATTERNS.get(word)
            if pat is None:
                pat = _PATTERNS[word] = _pattern(word)
            m = pat.search(text)
            if m is None:
                continue
            rank = (m.start(), -len(word), key, word)
            if best is None or rank[:2] < best[:2]:
                best = rank
    return None if best is None else (best[2], best[3])


def find_setting(text: str) -> tuple[str, str] | None:
    """The setting named in ``text`` as (setting, word), or None.

    >>> find_setting("a penguin standing on ice")
    ('ice', 'ice')
    """
    return _find(SETTINGS, text)


def find_time(text: str) -> tuple[str, str] | None:
    """The time of day named in ``text`` as (time, word), or None."""
    return _find(TIMES, text)


def find_weather(text: str) -> tuple[str, str] | None:
    """The weather named in ``text`` as (weather, word), or None (大雨/土砂降り → downpour)."""
    return _find(WEATHERS, text)
