"""Words that name a setting, a time of day or the weather (English and Japanese).

:data:`SETTINGS`, :data:`TIMES` and :data:`WEATHERS` map each name to its words;
:func:`find_setting`, :func:`find_time` and :func:`find_weather` find the earliest one
in a text (Latin words stand alone: "office" does not name ``ice``).
"""

from __future__ import annotations

import re

SETTINGS: dict[str, tuple[str, ...]] = {
    "beach": ("beach", "seaside", "seashore", "ビーチ", "海辺", "砂浜", "海岸"),
    "ice": ("ice", "iceberg", "ice floe", "icy", "氷", "氷の上", "流氷", "氷山"),
    "snowfield": ("snow field", "snowfield", "snowy", "snowy mountain", "雪原", "雪山", "雪景色", "雪の中"),
    # bare 町, 林 and 通り are left out: they hide in 町内会, 林檎 and いつも通り
    "city": ("city", "town", "street", "downtown", "街", "都会", "街中", "ビル街", "町並み", "都市"),
    "forest": ("forest", "woods", "jungle", "森", "森林", "雑木林", "林の中", "ジャングル"),
    "room": ("room", "indoors", "bedroom", "living room", "部屋", "室内", "屋内", "リビング"),
    "stage": ("stage", "concert", "theater", "theatre", "舞台", "ステージ", "劇場", "コンサート"),
    "meadow": ("meadow", "field", "park", "grass", "grassland", "草原", "公園", "野原", "草むら", "芝生"),
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
    for key, words in table.items():
        for word in words:
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
