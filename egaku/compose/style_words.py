"""The words that choose a design style (ポップ, 和風, "neon" …), apart from the styles.

A leaf module: the rules read a request's style word with it, and :mod:`.styles` takes its
words from here, so understanding a request never imports the composer.
"""

from __future__ import annotations

from ..words import find_word

__all__ = ["LABELS", "WORDS", "find_style_word"]

# style → its Japanese name
LABELS: dict[str, str] = {
    "pop": "ポップ",
    "minimal": "シンプル",
    "wafu": "和風",
    "retro": "レトロ",
    "elegant": "エレガント",
    "neon": "ネオン",
    "cute": "かわいい",
    "hand": "手書き風",
    "corporate": "ビジネス",
}
# style → the words that choose it (lower case; Latin words match whole)
WORDS: dict[str, tuple[str, ...]] = {
    "pop": ("ポップ", "カラフル", "派手", "pop", "pop art", "colorful", "colourful", "vibrant"),
    "minimal": ("シンプル", "ミニマル", "すっきり", "余白", "minimal", "minimalist", "simple"),
    "wafu": (
        "和風",
        "和モダン",
        "和柄",
        "純和風",
        "japanese style",
        "japanese-style",
        "japanese traditional",
        "traditional japanese",
        "wafu",
        "washi",
    ),
    "retro": (
        "レトロ",
        "昭和レトロ",
        "懐かしい",
        "ノスタルジック",
        "retro",
        "vintage",
        "old-school",
        "70s",
        "nostalgic",
    ),
    "elegant": (
        "エレガント",
        "上品",
        "高級感",
        "高級",
        "優雅",
        "ラグジュアリー",
        "elegant",
        "luxury",
        "luxurious",
        "classy",
        "refined",
    ),
    "neon": ("ネオン", "サイバーパンク", "蛍光", "neon", "cyberpunk", "synthwave"),
    "cute": (
        "かわいい",
        "可愛い",
        "カワイイ",
        "ゆるい",
        "ゆるかわ",
        "ふんわり",
        "cute",
        "kawaii",
        "adorable",
        "playful",
    ),
    "hand": (
        "手書き風",
        "手書き",
        "手描き",
        "てがき",
        "hand-drawn",
        "hand drawn",
        "handwritten",
        "hand-written",
        "handmade",
    ),
    "corporate": ("ビジネス", "コーポレート", "business", "corporate", "professional"),
}


def find_style_word(text: str) -> tuple[str, str, int] | None:
    """(style, word, position) of the style word that appears earliest in ``text`` (the
    longest word at a place wins: 昭和レトロ over レトロ), or None."""
    low = text.lower()
    best: tuple[int, int, str, str] | None = None
    for name, words in WORDS.items():
        for word in words:
            i = find_word(low, word)
            if i >= 0 and (best is None or (i, -len(word)) < (best[0], -best[1])):
                best = (i, len(word), name, word)
    return None if best is None else (best[2], best[3], best[0])
