"""Line breaking: Japanese by phrases (BudouX) under kinsoku rules, English by words,
and balanced multi-line titles.

Kinsoku shori (禁則処理): some characters may not start a line (closing brackets,
、。, the middle dot, small kana, the long-vowel mark ...) and some may not end one
(opening brackets). Breaks are only made between *units*; a unit that starts with a
no-start character is glued to the unit before it, one that ends with a no-end
character to the unit after it, so no break can violate the rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import budoux

NO_START = frozenset(
    "、。，．,.:;：；!?！？‼⁇⁈⁉・･)]}）］｝〕〉》」』】〙〗〟’”｠»"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "ー々〻ゝゞヽヾ〜～‐゠–—…‥"
)
NO_END = frozenset("([{（［｛〔〈《「『【〘〖〝‘“｟«")


def is_cjk_char(ch: str) -> bool:
    o = ord(ch)
    return 0x3000 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF or 0xF900 <= o <= 0xFAFF


def has_cjk(text: str) -> bool:
    return any(is_cjk_char(ch) for ch in text)


@lru_cache(maxsize=1)
def _parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "々〆ヶ"


def _inseparable(a: str, b: str, compounds: bool = True) -> bool:
    """Characters that must stay on one line: kinsoku, digits, Latin words, kanji compounds."""
    if b in NO_START or a in NO_END:
        return True
    if (a.isdigit() or a in ".,:/") and b.isdigit() or a.isdigit() and b in "回年月日時分歳%％円位号":
        return True  # 18:00, 3.14, 8/15, 50回 stay whole
    if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
        return True
    return compounds and _is_kanji(a) and _is_kanji(b)  # BudouX may split a compound (青|春)


def _glue(pieces: list[str]) -> list[str]:
    """Apply kinsoku by gluing units that may not be separated."""
    out: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if out and not out[-1].endswith(" ") and _inseparable(out[-1][-1], piece[0]):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def units(text: str) -> list[str]:
    """Breakable units of one paragraph, each keeping its trailing spaces.

    Japanese (any CJK character present): BudouX phrases, also split after spaces.
    Latin: words.
    """
    pieces: list[str] = []
    words = _split_keep_spaces(text)
    if has_cjk(text):
        for word in words:
            stripped = word.rstrip(" ")
            phrases = _parser().parse(stripped) if has_cjk(stripped) else [stripped]
            # BudouX sometimes leaves one kana alone (ね|こまみれカフェ): a line never starts
            # or ends on a single letter of a word, so it joins its neighbour
            merged: list[str] = []
            for ph in phrases:
                if merged and len(merged[-1]) == 1 and re.fullmatch(r"[ぁ-んァ-ヶー]", merged[-1]):
                    merged[-1] += ph
                else:
                    merged.append(ph)
            phrases = merged
            phrases[-1] += word[len(stripped) :]
            pieces.extend(phrases)
    else:
        pieces = words
    return _glue(pieces)


def char_units(text: str) -> list[str]:
    """Units of single characters (for a phrase too long for one line), kinsoku kept."""
    out: list[str] = []
    for ch in text:
        if out and (ch == " " or _inseparable(out[-1][-1], ch, compounds=False)):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _split_keep_spaces(text: str) -> list[str]:
    out: list[str] = []
    cur = ""
    for ch in text:
        if ch == " " and cur and cur[-1] != " ":
            cur += ch
        elif cur.endswith(" ") and ch != " ":
            out.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        out.append(cur)
    return out


Measure = Callable[[str], float]


def greedy(pieces: list[str], measure: Measure, max_len: float) -> list[str]:
    """First-fit: put as many units on each line as fit in ``max_len``."""
    lines: list[str] = []
    cur = ""
    for piece in pieces:
        trial = cur + piece
        if cur.strip(" ") and measure(trial) > max_len:
            lines.append(cur.strip(" "))
            cur = piece
        else:
            cur = trial
    if cur.strip(" "):
        lines.append(cur.strip(" "))
    return lines


def _keep_whole(pieces: list[str], keep: Sequence[tuple[int, int]]) -> list[str]:
    """Join neighbouring pieces wherever the boundary between them falls inside a
    ``keep`` span (start, end) of the paragraph: a ruby base is never split over lines."""
    if not keep:
        return pieces
    out: list[str] = []
    at = 0
    for piece in pieces:
        if out and any(s < at < e for s, e in keep):
            out[-1] += piece
        else:
            out.append(piece)
        at += len(piece)
    return out


def break_paragraph(
    text: str,
    measure: Measure,
    max_len: float,
    balance: bool = True,
    split_words: bool = True,
    keep: Sequence[tuple[int, int]] = (),
) -> list[str]:
    """Break one paragraph to lines of at most ``max_len`` (where the units allow).

    A unit longer than a line is split into characters (Japanese) under kinsoku; a Latin
    word longer than a line is left whole and the fitter makes the type smaller.
    With ``balance``, the lines keep the greedy count but are made as even as possible:
    the narrowest width that still gives that count is found by bisection. ``keep``
    spans (start, end) of ``text`` are never broken inside.
    """
    pieces: list[str] = []
    for unit in units(text):
        if split_words and measure(unit) > max_len and has_cjk(unit):
            pieces.extend(char_units(unit))
        else:
            pieces.append(unit)
    pieces = _keep_whole(pieces, keep)
    lines = greedy(pieces, measure, max_len)
    if not balance or len(lines) < 2:
        return lines
    n = len(lines)
    lo = max(measure(p) for p in pieces)
    hi = max_len
    best = lines
    for _ in range(14):
        if hi - lo < 0.5:
            break
        mid = (lo + hi) / 2
        trial = greedy(pieces, measure, mid)
        if len(trial) <= n:
            best, hi = trial, mid
        else:
            lo = mid
    return _no_orphan(best, pieces, measure, max_len, _inside_keep(text, best, keep))


def _inside_keep(text: str, lines: list[str], keep: Sequence[tuple[int, int]]) -> set[int]:
    """Cut positions in the second-last line that fall inside a ``keep`` span."""
    if not keep or len(lines) < 2:
        return set()
    at = 0
    for line in lines[:-1]:
        at = text.find(line, at)
        start = at
        at += len(line)
    return {c for c in range(1, len(lines[-2])) if any(s < start + c < e for s, e in keep)}


def _no_orphan(
    lines: list[str], pieces: list[str], measure: Measure, max_len: float, forbidden: set[int] | None = None
) -> list[str]:
    """Never leave a single character alone on the last line: pull a unit down (never
    cutting at a ``forbidden`` position of the line before it: inside a ruby base)."""
    if len(lines) < 2 or len(lines[-1].replace(" ", "")) > 1:
        return lines
    prev = lines[-2]
    for cut in range(len(prev) - 1, 0, -1):
        head, tail = prev[:cut], prev[cut:]
        if head[-1:] in NO_END or tail[:1] in NO_START or (forbidden and cut in forbidden):
            continue
        if not (is_cjk_char(head[-1]) or is_cjk_char(tail[0])) and head[-1] != " ":
            continue  # Latin: only between words
        last = tail.lstrip(" ") + lines[-1]
        if measure(last) <= max_len:
            return lines[:-2] + [head.rstrip(" "), last]
    return lines


CLAUSE_ENDS = frozenset("、。，,！!？?：:；;")


def clauses(text: str) -> list[str]:
    """Natural title lines: split after clause punctuation followed by a space (Latin) or
    after 、。！？ (Japanese), and at explicit spaces between Japanese phrases."""
    out: list[str] = []
    cur = ""
    cjk = has_cjk(text)
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch == " " and cjk and cur:
            out.append(cur)
            cur = ""
            continue
        cur += ch
        if ch in CLAUSE_ENDS and (nxt == " " or (cjk and nxt and nxt not in NO_START)):
            out.append(cur.strip(" "))
            cur = ""
    if cur.strip(" "):
        out.append(cur.strip(" "))
    return [c for c in out if c]


def break_text(
    text: str,
    measure: Measure,
    max_len: float,
    balance: bool = True,
    split_words: bool = True,
    keep: Sequence[tuple[int, int]] = (),
) -> list[str]:
    """Break ``text`` (explicit newlines are kept as forced breaks). Without
    ``split_words`` a phrase is never cut inside, even when it overflows the line.
    ``keep`` spans (start, end) of ``text`` (ruby bases) are never broken inside."""
    out: list[str] = []
    at = 0
    for raw in text.split("\n"):
        para = raw.strip(" ")
        if para:
            lead = at + len(raw) - len(raw.lstrip(" "))
            inside = [(s - lead, e - lead) for s, e in keep if lead <= s and e <= lead + len(para)]
            out.extend(break_paragraph(para, measure, max_len, balance, split_words, inside))
        at += len(raw) + 1
    return out
