"""What a request says about each thing it names: how many, what colour, what size, doing what.

Counts (English number words and digits, "a pair of", Japanese counters 3匹 / さんびき /
数匹の), colours (a colour word before the thing, 赤い車, or after it: "a truck painted
red", 「傘は黄色」), sizes (big, 小さな) and actions (sleeping, 走る), each given to the
mention it belongs to, as a map from the mention's index to what was said.
"""

from __future__ import annotations

import re

from ..words import word_pattern
from .colors import EN_COLORS, JA_COLORS
from .mentions import _Mention, _overlaps, _spans
from .vocab import (
    _JA_COUNT,
    _JA_KANA_COUNT,
    ACTIONS,
    EN_NUMBERS,
    JA_KANA_NUMBERS,
    JA_NATIVE,
    JA_NUMERALS,
    JA_VAGUE,
    MANY,
    SIZE_WORDS,
)


def _nearest(mentions: list[_Mention], at: int, end: int, prefer: str) -> int | None:
    """The mention a modifier at [at, end) belongs to: the next one (prefer='next') when it
    starts soon after, else the previous one."""
    nxt = next((i for i, m in enumerate(mentions) if m.start >= end), None)
    prv = next((i for i in range(len(mentions) - 1, -1, -1) if mentions[i].end <= at), None)
    if prefer == "next" and nxt is not None:
        return nxt
    if prefer == "prev" and prv is not None:
        return prv
    return nxt if nxt is not None else prv


def _counts(
    low: str, mentions: list[_Mention], language: str, consumed: list[tuple[int, int]] | None = None
) -> dict[int, int]:
    out: dict[int, int] = {}
    if language == "ja":
        found = list(_JA_COUNT.finditer(low)) + [
            k
            for k in _JA_KANA_COUNT.finditer(low)
            if not any(k.start() < j.end() and j.start() < k.end() for j in _JA_COUNT.finditer(low))
        ]
        for m in found:
            if consumed and _overlaps(m.start(), m.end(), consumed):
                continue  # 2足歩行 is a pose, not two of anything
            if m.re is _JA_KANA_COUNT:
                if m.group("n") in ("ひと", "ふた") and m.group("c") not in ("り",):
                    continue  # ひとつ/ふたつ are read by the kanji pattern
                if m.group("c") == "り" and m.group("n") not in ("ひと", "ふた"):
                    continue
                n = JA_KANA_NUMBERS[m.group("n")]
            elif m.group("w"):
                n = JA_VAGUE[m.group("w")]
            else:
                raw = m.group("n")
                n = _ja_number(raw)
            follows_no = low[m.end() : m.end() + 1] == "の"
            after = next((i for i, x in enumerate(mentions) if x.start >= m.end()), None)
            before = next((i for i in range(len(mentions) - 1, -1, -1) if mentions[i].end <= m.start()), None)
            target = None
            if (follows_no or m.groupdict().get("w")) and after is not None and mentions[after].start - m.end() <= 12:
                target = after
            elif before is not None and m.start() - mentions[before].end <= 3:
                target = before  # 犬が3匹, 犬3匹
            elif after is not None and mentions[after].start - m.end() <= 8:
                target = after
            if target is not None and n > 0:
                out[target] = n
        return out
    words = sorted(EN_NUMBERS, key=len, reverse=True)
    for mi, men in enumerate(mentions):
        prev_end = mentions[mi - 1].end if mi else 0
        window = low[prev_end : men.start]
        # the nearest number before the noun, in its own phrase: a whole number word
        # ("twenty five", not its "five") or a whole number ("10000", "1,000"; not the
        # "400" of "1e400", nor a decimal)
        numbers: list[tuple[int, int, int]] = []  # (start, end, value)
        for w in words:
            if w not in window:
                continue
            for mm in word_pattern(w).finditer(window):
                if not any(a <= mm.start() and mm.end() <= b for a, b, _ in numbers):
                    numbers.append((mm.start(), mm.end(), EN_NUMBERS[w]))
        for mm in EN_COUNT.finditer(window):
            numbers.append((mm.start(), mm.end(), count_value(mm.group(1))))
        best = max(numbers, default=None)
        if best is not None:
            tail = window[best[0] :]
            if not re.search(r"\b(and|with|on|in|under|over|above|below|behind|holding|riding|next|beside)\b", tail):
                if "pair" in tail and not men.plural:
                    out[mi] = 1  # a pair of glasses is one thing
                elif best[2] > 0:
                    out[mi] = best[2]
        elif men.plural:
            pass
    return out


# a whole number of things: digits, maybe with thousands commas, not part of a decimal,
# a signed number, an exponent or a word
EN_COUNT = re.compile(r"(?<![\w.,+\-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w.]|,\d)")


def count_value(digits: str) -> int:
    """A count from its digits, at most MANY (no giant ints from 4000 typed digits)."""
    import unicodedata

    d = unicodedata.normalize("NFKC", digits).replace(",", "").lstrip("0") or "0"
    return int(d) if len(d) <= 9 else MANY


def _ja_number(raw: str) -> int:
    """A Japanese count: digits (3, ３, 1,000, 1万), kanji numerals (三, 二十五, 九十九, 百万,
    二〇二四) or a native reading (ひと, ふた …); at most MANY."""
    import unicodedata

    s = unicodedata.normalize("NFKC", raw).replace(",", "")
    if s in JA_NATIVE:
        return JA_NATIVE[s]
    big = {"万": 10**4, "億": 10**8, "兆": 10**12}
    if s[:-1].isdigit() and s[-1] in big:
        return min(MANY, count_value(s[:-1]) * big[s[-1]])
    if s.isdigit():
        return count_value(s)
    small = {"十": 10, "百": 100, "千": 1000}
    total = section = num = 0
    for ch in s:
        if ch in small:
            section += (num or 1) * small[ch]
            num = 0
        elif ch in big:
            total += (section + num or 1) * big[ch]
            section = num = 0
        elif ch in JA_NUMERALS:
            num = num * 10 + JA_NUMERALS[ch]  # 二〇二四: digit by digit
        else:
            return 0
        if total + section + num >= MANY:
            return MANY
    return total + section + num


def _colors(src: str, low: str, mentions: list[_Mention], language: str) -> dict[int, tuple[str, str]]:
    out: dict[int, tuple[str, str]] = {}
    table = JA_COLORS if language == "ja" else EN_COLORS
    words = sorted(table, key=len, reverse=True)
    for mi, men in enumerate(mentions):
        if men.color and not men.extra.get("color_from_name"):
            continue
        prev_end = mentions[mi - 1].end if mi else max(0, men.start - 24)
        window = low[prev_end : men.start]
        best: tuple[int, str] | None = None
        taken: list[tuple[int, int]] = []
        for w in words:
            wl = w.lower()
            if wl not in window:
                continue
            pat = word_pattern(wl) if wl.isascii() else re.compile(re.escape(wl))
            for mm in pat.finditer(window):
                if _overlaps(mm.start(), mm.end(), taken):
                    continue
                taken.append((mm.start(), mm.end()))
                if best is None or mm.start() > best[0]:
                    best = (mm.start(), w)
        if best is None:
            after = _color_after(low, men, mentions[mi + 1] if mi + 1 < len(mentions) else None, language, words)
            if after is not None:
                out[mi] = (after, table[after])
            continue
        tail = window[best[0] + len(best[1]) :]
        far = (
            language == "en"
            and re.search(r"\b(and|on|in|under|over|above|below|behind|holding|riding|next|beside|with)\b", tail)
        ) or (language == "ja" and re.search(r"[とや、]|の(上|下|左|右|前|後|隣|横|中)", tail))
        if far:  # that colour belongs to something before; this one may have its own after it
            after = _color_after(low, men, mentions[mi + 1] if mi + 1 < len(mentions) else None, language, words)
            if after is not None:
                out[mi] = (after, table[after])
            continue
        out[mi] = (best[1], table[best[1]])
    return out


_EN_COLOR_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:that|which)(?:\s+|(?='s)))?(?:(?:is|are|was|were)\s+|'s\s+)?(?:(?:completely|all|entirely|fully|painted|"
    r"coloured|colored|in)\s+)*(?P<c>[a-z]+(?:\s[a-z]+)?)"
)
_JA_COLOR_AFTER = re.compile(r"^(?:は|が)(?:全部|全体が|真っ)?(?P<c>\S+)")


def _color_after(low: str, men: _Mention, nxt: _Mention | None, language: str, words: list[str]) -> str | None:
    """A colour said after the thing: "an umbrella that is yellow", "a truck painted red",
    "a bear in pink", "the bus is yellow", 「傘は黄色」."""
    rest = low[men.end : nxt.start if nxt is not None else len(low)]
    m = (_JA_COLOR_AFTER if language == "ja" else _EN_COLOR_AFTER).match(rest)
    if m is None:
        return None
    said = m.group("c")
    for w in words:  # longest first: "light blue" before "blue"
        wl = w.lower()
        if said == wl or said.startswith(wl + " ") or (language == "ja" and said.startswith(wl)):
            return w
    return None


def _sizes(low: str, mentions: list[_Mention], language: str) -> dict[int, str]:
    out: dict[int, str] = {}
    for key, words in SIZE_WORDS.items():
        for a, b, _w in _spans(low, words):
            target = _nearest(mentions, a, b, "next")
            if target is not None and 0 <= mentions[target].start - b <= 16:
                out[target] = key
    return out


def _actions(low: str, mentions: list[_Mention], language: str) -> dict[int, str]:
    out: dict[int, str] = {}
    for key, words in ACTIONS.items():
        for a, b, _w in _spans(low, words):
            nxt = next((i for i, m in enumerate(mentions) if m.start >= b), None)
            prv = next((i for i in range(len(mentions) - 1, -1, -1) if mentions[i].end <= a), None)
            target = None
            if language == "ja":
                # a relative clause comes first: 走る柴犬, 昼寝をしている猫; else 猫が寝ている
                gap = low[b : mentions[nxt].start] if nxt is not None else ""
                if nxt is not None and len(gap) <= 10 and not re.search(r"[と、。や]", gap):
                    target = nxt
                elif prv is not None:
                    target = prv
            else:
                gap = low[mentions[prv].end : a] if prv is not None else ""
                if prv is not None and len(gap) <= 14 and not re.search(r"\b(and|a|an|the)\b", gap):
                    target = prv  # dragon flying, a cat that is sleeping
                elif nxt is not None and mentions[nxt].start - b <= 12:
                    target = nxt  # a running dog
                elif prv is not None:
                    target = prv
            if target is not None and target not in out:
                out[target] = key
    return out
