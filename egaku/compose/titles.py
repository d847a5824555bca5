"""Titles composed from what a request asked and what the tools found (never the raw search query)."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["composed_title", "request_topic"]


def composed_title(ask: Any, matches: list[Any], language: str, day_text: str) -> str:
    """A title from what was asked and found: 「セ・リーグ 11月29日の結果」, "Premier League results, Nov 29"."""
    from ..ground.extract import SPORT_EN, SPORT_JA

    leagues = sorted({m.league for m in matches if m.league})
    if ask.league:
        what = ask.league
    elif len(leagues) == 1:
        what = leagues[0]
    elif ask.sport:
        what = SPORT_JA[ask.sport] if language == "ja" else SPORT_EN[ask.sport]
    else:
        what = "試合" if language == "ja" else "Match"
    if language == "ja":
        return f"{what} {day_text}の結果" if day_text else f"{what}の結果"
    return f"{what} results, {day_text}" if day_text else f"{what} results"


def _day_text(ask: Any, hits: list[Any], language: str) -> str:
    """The asked day as a snippet wrote it (so every number drawn is a snippet's), else the request's word."""
    if ask.day is None:
        return ""
    d = ask.day
    texts = " ".join(f"{getattr(h, 'title', '')} {getattr(h, 'snippet', '')}" for h in hits)
    from ..ground.extract import fold

    folded = fold(texts)
    for pattern in (
        rf"(?<!\d){d.month}月{d.day}日",
        rf"(?<![\d/]){d.month}/{d.day}(?![\d/])",
        rf"\b{d.strftime('%b')}[a-z]*\.?\s+{d.day}\b",
    ):
        m = re.search(pattern, folded, re.I)
        if m:
            return m.group(0)
    words = {"昨日": "昨日", "きのう": "昨日", "yesterday": "yesterday", "last night": "last night", "今日": "今日",
             "本日": "本日", "today": "today", "tonight": "tonight", "昨夜": "昨夜"}  # fmt: skip
    return words.get(ask.day_words, "")


def request_topic(prompt: str, ja: bool) -> str:
    from ..understand.grounding import topic

    drop = ("グラフ", "画像", "した", "にした", "作って", "チャート", "chart", "graph", "image", "picture", "poster")
    words = [w for w in topic(prompt).split() if not any(d in w.lower() for d in drop)]
    return " ".join(words[:3]) or ("データ" if ja else "The numbers")
