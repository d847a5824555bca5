"""Readings for ruby (furigana, JLREQ 3.3): the ones a request writes, and the ones a
morphological analyser gives.

- :func:`given_readings` takes readings written in brackets after their base,
  東雲（しののめ） or 東雲(しののめ): the base stays in the text, the reading becomes a ruby
  span and is not drawn inline.
- :func:`furigana` reads a text with MeCab (``fugashi`` and the ``unidic-lite``
  dictionary, core dependencies of egaku: lighter than SudachiPy's dictionary) and puts
  ruby on each run of kanji only: 輝く → 輝(かがや)く, 取り扱い → 取(と)り扱(あつか)い.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..errors import LayoutError

KANJI = "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff々〆ヶ"
_GIVEN = re.compile(rf"([{KANJI}]+)[（(]([ぁ-ゖァ-ヺー]+)[）)]")
_KANJI_RUN = re.compile(rf"[{KANJI}]+")

Span = tuple[int, int, str]  # start, end (characters of the text), reading


def given_readings(text: str) -> tuple[str, list[Span]]:
    """``text`` with each bracketed reading after a kanji base taken out, and the ruby
    spans over the text that is left: 『東雲（しののめ）の空』 → 東雲の空, [(0, 2, しののめ)].
    Brackets around anything else (（注）, (A)) stay as written."""
    out: list[str] = []
    spans: list[Span] = []
    at = 0
    length = 0
    for m in _GIVEN.finditer(text):
        out.append(text[at : m.start(2) - 1])
        length += m.start(2) - 1 - at
        spans.append((length - len(m.group(1)), length, m.group(2)))
        at = m.end()
    out.append(text[at:])
    return "".join(out), spans


def _hira(kana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)


@functools.lru_cache(maxsize=1)
def _tagger() -> Any:
    try:
        import fugashi  # MeCab with unidic-lite: a ~30 ms mmap load
    except ImportError:  # pragma: no cover - a core dependency
        raise LayoutError("readings for ruby need fugashi; install it with `pip install fugashi unidic-lite`") from None
    return fugashi.Tagger()


def _align(surface: str, reading: str) -> list[tuple[int, int, str]]:
    """Ruby for the kanji runs of one word: its kana are matched literally against the
    reading, each kanji run takes what lies between (輝く/かがやく → 輝 = かがや)."""
    parts = re.split(rf"([{KANJI}]+)", surface)
    pattern = "".join("(.+?)" if _KANJI_RUN.fullmatch(p) else re.escape(_hira(p)) for p in parts if p)
    m = re.fullmatch(pattern, reading)
    if not m:
        return []
    out: list[tuple[int, int, str]] = []
    at, g = 0, 1
    for p in parts:
        if p and _KANJI_RUN.fullmatch(p):
            out.append((at, at + len(p), m.group(g)))
            g += 1
        at += len(p)
    return out


def furigana(text: str, within: tuple[int, int] | None = None) -> list[Span]:
    """Ruby spans for the kanji of ``text`` (only inside ``within``, a (start, end) span,
    when given), readings in hiragana from the dictionary. Words the dictionary cannot
    read (names it does not know) get none."""
    spans: list[Span] = []
    pos = 0
    for word in _tagger()(text):
        surface = word.surface
        i = text.find(surface, pos)
        if i < 0:
            continue
        pos = i + len(surface)
        if not _KANJI_RUN.search(surface):
            continue
        kana = getattr(word.feature, "kana", None)
        if not kana or kana == "*":
            continue
        for s, e, reading in _align(surface, _hira(kana)):
            if within is None or (within[0] <= i + s and i + e <= within[1]):
                spans.append((i + s, i + e, reading))
    return spans
