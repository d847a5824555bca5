"""Colour words in English and Japanese → sRGB, chosen to read as that colour when drawn.

English names beyond the everyday ones come from the CSS colour keywords (the ``webcolors``
list is the same set); Japanese names are the common ones people type (赤, 水色, 紺, …),
including the adjective forms (赤い, 青い, 黒い, 白い, 黄色い, 茶色い).
"""

from __future__ import annotations

__all__ = ["EN_COLORS", "JA_COLORS", "JA_COLOR_PREFIX", "color_word_at"]

# Everyday names first: when two names overlap ("light blue" / "blue"), the longer wins.
EN_COLORS: dict[str, str] = {
    "red": "#D62828",
    "crimson": "#B5172F",
    "scarlet": "#E0301E",
    "maroon": "#7A1F2B",
    "burgundy": "#7D1935",
    "pink": "#F06292",
    "hot pink": "#FF4FA3",
    "magenta": "#D23CC8",
    "orange": "#F57C00",
    "coral": "#FF7F61",
    "peach": "#FFB38A",
    "yellow": "#F5C518",
    "gold": "#D4A017",
    "golden": "#D4A017",
    "beige": "#D9C3A0",
    "cream": "#F3E6C4",
    "brown": "#8D5524",
    "tan": "#C89B6D",
    "chocolate": "#5D3A1A",
    "green": "#2E9E44",
    "dark green": "#1E5E33",
    "light green": "#8BD66B",
    "lime": "#9CD321",
    "olive": "#7A7F2A",
    "mint": "#8EE3C0",
    "teal": "#138A8A",
    "turquoise": "#2EC4B6",
    "cyan": "#22C3E6",
    "aqua": "#33D1E0",
    "light blue": "#4FC3F7",
    "sky blue": "#4FC3F7",
    "blue": "#1D4ED8",
    "dark blue": "#1A2F80",
    "navy": "#1A2A6C",
    "navy blue": "#1A2A6C",
    "indigo": "#3F2B96",
    "purple": "#7B3FA0",
    "violet": "#8A4FD6",
    "lavender": "#B39DDB",
    "lilac": "#C3A6E0",
    "white": "#F5F5F0",
    "ivory": "#F8F3E3",
    "silver": "#B8BEC6",
    "grey": "#9E9E9E",
    "gray": "#9E9E9E",
    "dark grey": "#555555",
    "dark gray": "#555555",
    "black": "#222222",
    "rainbow": "#E85D9A",
}

# Japanese: noun forms; adjective forms (赤い) are listed too so the reader can drop the い.
JA_COLORS: dict[str, str] = {
    "赤色": "#D62828",
    "赤い": "#D62828",
    "赤": "#D62828",
    "あか": "#D62828",
    "真っ赤": "#D62828",
    "レッド": "#D62828",
    "紅": "#B5172F",
    "えんじ": "#7A1F2B",
    "ピンク": "#F06292",
    "桃色": "#F06292",
    "オレンジ": "#F57C00",
    "橙": "#F57C00",
    "だいだい": "#F57C00",
    "黄色い": "#F5C518",
    "黄色": "#F5C518",
    "黄": "#F5C518",
    "きいろ": "#F5C518",
    "イエロー": "#F5C518",
    "金色": "#D4A017",
    "金": "#D4A017",
    "ゴールド": "#D4A017",
    "ベージュ": "#D9C3A0",
    "茶色い": "#8D5524",
    "茶色": "#8D5524",
    "茶": "#8D5524",
    "ブラウン": "#8D5524",
    "緑色": "#2E9E44",
    "緑": "#2E9E44",
    "みどり": "#2E9E44",
    "グリーン": "#2E9E44",
    "黄緑": "#8BD66B",
    "深緑": "#1E5E33",
    "水色": "#4FC3F7",
    "空色": "#4FC3F7",
    "青色": "#1D4ED8",
    "青い": "#1D4ED8",
    "青": "#1D4ED8",
    "あお": "#1D4ED8",
    "ブルー": "#1D4ED8",
    "紺色": "#1A2A6C",
    "紺": "#1A2A6C",
    "ネイビー": "#1A2A6C",
    "藍色": "#26408B",
    "紫色": "#7B3FA0",
    "紫": "#7B3FA0",
    "むらさき": "#7B3FA0",
    "パープル": "#7B3FA0",
    "ラベンダー": "#B39DDB",
    "白色": "#F5F5F0",
    "白い": "#F5F5F0",
    "白": "#F5F5F0",
    "しろ": "#F5F5F0",
    "真っ白": "#F5F5F0",
    "ホワイト": "#F5F5F0",
    "銀色": "#B8BEC6",
    "銀": "#B8BEC6",
    "シルバー": "#B8BEC6",
    "灰色": "#9E9E9E",
    "灰": "#9E9E9E",
    "グレー": "#9E9E9E",
    "ねずみ色": "#9E9E9E",
    "黒色": "#222222",
    "黒い": "#222222",
    "黒": "#222222",
    "くろ": "#222222",
    "真っ黒": "#222222",
    "ブラック": "#222222",
    "虹色": "#E85D9A",
}

# One-kanji colour prefixes of compound nouns: 黒猫, 白犬, 赤鬼, 青鳥.
JA_COLOR_PREFIX: dict[str, str] = {
    "黒": "#222222",
    "白": "#F5F5F0",
    "赤": "#D62828",
    "青": "#1D4ED8",
    "黄": "#F5C518",
    "緑": "#2E9E44",
    "茶": "#8D5524",
    "金": "#D4A017",
    "銀": "#B8BEC6",
    "紫": "#7B3FA0",
}

_EN_SORTED = sorted(EN_COLORS, key=len, reverse=True)
_JA_SORTED = sorted(JA_COLORS, key=len, reverse=True)


def color_word_at(text: str, start: int) -> tuple[str, str] | None:
    """The colour word that starts at ``text[start:]`` (longest first), as (word, hex)."""
    rest = text[start:]
    for w in _JA_SORTED:
        if rest.startswith(w):
            return w, JA_COLORS[w]
    low = rest.lower()
    for w in _EN_SORTED:
        if low.startswith(w) and (len(low) == len(w) or not low[len(w)].isalpha()):
            return w, EN_COLORS[w]
    return None
