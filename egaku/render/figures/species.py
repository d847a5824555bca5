"""The vocabulary of characters: species, clothing, accessories and patterns.

:data:`SPECIES` holds each species' words (English and Japanese) and how it is drawn
(colours, ears, face, tail, proportions); :data:`CLOTHING` and :data:`ACCESSORIES` map
part names to their words. :func:`find_species`, :func:`find_clothing` and
:func:`find_accessories` find them in a request (Latin words stand alone).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

PATTERNS = ("none", "floral", "stripes", "dots", "check")


@dataclass(frozen=True)
class Species:
    """An animal the part library can draw: its names (English and Japanese), its default
    body colour, the fixed colours of the species by role, and the shape of its rig."""

    name: str
    names: tuple[str, ...]
    color: str
    colors: dict[str, str]
    ears: str  # koala | round | cat | fox | dog | rabbit | none
    face: str  # koala | penguin | cat | dog | bear | rabbit | panda | fox
    tail: str = "none"  # none | cat | fox | dog
    arms: str = "paw"  # paw | flipper
    head_w: float = 1.2  # head width / head height
    build: float = 1.0  # torso width
    legs: float = 1.0  # leg length
    ear_h: float = 0.1  # how far the ears reach above the head, in head heights


SPECIES: dict[str, Species] = {
    "koala": Species(
        "koala",
        ("koala", "コアラ", "こあら"),
        "#9EA3A8",
        {"belly": "#E6E8EB", "inner_ear": "#E6E8EB", "nose": "#34343A", "pads": "#6E7277"},
        ears="koala",
        face="koala",
        head_w=1.26,
        build=1.05,
        ear_h=0.12,
    ),
    "penguin": Species(
        "penguin",
        ("penguin", "ペンギン", "ぺんぎん"),
        "#2B2D42",
        {"belly": "#FFFFFF", "face": "#FFFFFF", "beak": "#F5A524", "feet": "#F5A524"},
        ears="none",
        face="penguin",
        arms="flipper",
        head_w=1.12,
        build=1.3,
        legs=0.25,
        ear_h=0.0,
    ),
    "cat": Species(
        "cat",
        ("cat", "kitten", "kitty", "猫", "ねこ", "ネコ", "子猫"),
        "#F4AA41",
        {"belly": "#FFF1DC", "muzzle": "#FFF1DC", "inner_ear": "#F7B5C2", "nose": "#EE8CA0", "pads": "#F7B5C2"},
        ears="cat",
        face="cat",
        tail="cat",
        head_w=1.22,
        build=0.92,
        ear_h=0.2,
    ),
    "dog": Species(
        "dog",
        ("dog", "puppy", "puppies", "doggy", "犬", "いぬ", "イヌ", "子犬", "わんこ"),
        "#C98B4F",
        {"belly": "#F7E8D3", "muzzle": "#F7E8D3", "nose": "#33261F", "pads": "#33261F"},
        ears="dog",
        face="dog",
        tail="dog",
        head_w=1.2,
        build=0.98,
        ear_h=0.04,
    ),
    "bear": Species(
        "bear",
        ("bear", "teddy bear", "くま", "クマ", "熊", "くまさん"),
        "#A0693F",
        {"belly": "#DDBB92", "muzzle": "#EBD3AE", "inner_ear": "#DDBB92", "nose": "#33261F", "pads": "#DDBB92"},
        ears="round",
        face="bear",
        head_w=1.2,
        build=1.12,
        ear_h=0.1,
    ),
    "rabbit": Species(
        "rabbit",
        ("rabbit", "bunny", "bunnies", "うさぎ", "ウサギ", "兎", "うさちゃん"),
        "#F4F0EA",
        {"belly": "#FFFFFF", "inner_ear": "#F7B5C2", "nose": "#EE8CA0", "pads": "#F7B5C2"},
        ears="rabbit",
        face="rabbit",
        head_w=1.14,
        build=0.92,
        ear_h=0.62,
    ),
    "panda": Species(
        "panda",
        ("panda", "giant panda", "パンダ", "ぱんだ"),
        "#FAFAF7",
        {"black": "#2E2E33", "nose": "#2E2E33", "pads": "#55555C"},
        ears="round",
        face="panda",
        head_w=1.22,
        build=1.12,
        ear_h=0.1,
    ),
    "fox": Species(
        "fox",
        ("fox", "きつね", "キツネ", "狐"),
        "#E8772E",
        {"white": "#FFF7EC", "paws": "#5A3A2A", "inner_ear": "#FFF7EC", "nose": "#2E2521", "pads": "#3E2A1F"},
        ears="fox",
        face="fox",
        tail="fox",
        head_w=1.2,
        build=0.92,
        ear_h=0.24,
    ),
}

CLOTHING: dict[str, tuple[str, ...]] = {
    "aloha_shirt": ("aloha shirt", "hawaiian shirt", "aloha", "アロハシャツ", "アロハ"),
    "t_shirt": ("t-shirt", "t shirt", "tshirt", "tee", "Tシャツ", "ティーシャツ"),
    "shirt": ("shirt", "blouse", "シャツ", "ブラウス"),
    "scarf": ("scarf", "scarves", "muffler", "マフラー", "スカーフ", "えりまき", "襟巻き"),
    "hat": ("hat", "cap", "帽子", "ぼうし", "ハット", "キャップ"),
    "dress": ("dress", "gown", "ワンピース", "ドレス"),
}

ACCESSORIES: dict[str, tuple[str, ...]] = {
    "umbrella": ("umbrella", "parasol", "傘", "かさ", "カサ", "雨傘", "日傘"),
    "bag": ("shoulder bag", "handbag", "bag", "purse", "かばん", "カバン", "鞄", "バッグ", "ポシェット"),
    "glasses": ("glasses", "eyeglasses", "spectacles", "メガネ", "めがね", "眼鏡"),
}

_LABEL = {
    "aloha_shirt": "aloha shirt",
    "t_shirt": "T-shirt",
    "shirt": "shirt",
    "scarf": "scarf",
    "hat": "hat",
    "dress": "dress",
    "umbrella": "umbrella",
    "bag": "shoulder bag",
    "glasses": "glasses",
}
_DEFAULT_PATTERN = {"aloha_shirt": "floral"}
_Z_CLOTHING = {"dress": 3, "t_shirt": 4, "shirt": 4, "aloha_shirt": 4, "scarf": 6, "hat": 7}
_Z_ACCESSORY = {"umbrella": 1, "bag": 8, "glasses": 9}  # the umbrella is held behind the body


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@functools.lru_cache(maxsize=1024)
def _word_re(word: str) -> re.Pattern[str]:
    w = _norm(word)
    body = r"[\s_-]?".join(re.escape(p) for p in re.split(r"[\s_-]+", w))
    if w.isascii():  # latin words match whole words only (not "cat" in "category"), plurals allowed
        return re.compile(rf"(?<![a-z0-9]){body}(?:e?s)?(?![a-z0-9])")
    return re.compile(body)


def _find(text: str, vocab: dict[str, tuple[str, ...]]) -> list[tuple[int, int, str, str]]:
    """All non-overlapping (start, end, key, word) in text order; at one place the longest
    word wins ("aloha shirt" over "shirt", "Tシャツ" over "シャツ")."""
    t = _norm(text)
    hits = []
    for key, words in vocab.items():
        for word in words:
            if re.split(r"[\s_-]+", _norm(word))[0] not in t:
                continue  # absent: no pattern to compile
            for m in _word_re(word).finditer(t):
                hits.append((m.start(), -(m.end() - m.start()), key, word))
    hits.sort()
    out: list[tuple[int, int, str, str]] = []
    end = -1
    for start, neg_len, key, word in hits:
        if start >= end:
            out.append((start, start - neg_len, key, word))
            end = start - neg_len
    return out


def find_species(text: str) -> tuple[str, str] | None:
    """(species, the word found) for the earliest species named in ``text``, or None."""
    hits = _find(text, {k: v.names for k, v in SPECIES.items()})
    return (hits[0][2], hits[0][3]) if hits else None


def _find_parts(text: str, vocab: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for _, _, key, word in _find(text, vocab):
        if all(key != k for k, _ in out):
            out.append((key, word))
    return out


def find_clothing(text: str) -> list[tuple[str, str]]:
    """[(part name, word)] for the clothing named in ``text``, in text order, each once."""
    return _find_parts(text, CLOTHING)


def find_accessories(text: str) -> list[tuple[str, str]]:
    """[(accessory name, word)] for the accessories named in ``text``, in text order."""
    return _find_parts(text, ACCESSORIES)
