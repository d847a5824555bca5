"""Normalisation of names and queries (shared by the runtime index and the build script)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "singular", "is_japanese"]

_SEP = re.compile(r"[\s_\-‐‑–—・/]+")
_DROP = re.compile(r"[\"'`’“”「」『』()（）\[\]{}.,!?！？。、:：;]+")
_KATA_START, _KATA_END = 0x30A1, 0x30F6


_KATA_TO_HIRA = {c: c - 0x60 for c in range(_KATA_START, _KATA_END + 1)}


def _kata_to_hira(text: str) -> str:
    return text.translate(_KATA_TO_HIRA)


def fold(text: str) -> str:
    """NFKC, lower case, katakana → hiragana, punctuation dropped, separators → one space."""
    t = unicodedata.normalize("NFKC", text).lower()
    t = _kata_to_hira(t)
    t = _DROP.sub(" ", t)
    t = _SEP.sub(" ", t).strip()
    # Japanese has no spaces: "雪 だるま" and "雪だるま" are the same word
    if t and is_japanese(t):
        t = t.replace(" ", "")
    return t


def is_japanese(text: str) -> bool:
    return any(
        "\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or c == "々" for c in text
    )


_IRREGULAR = {
    "mice": "mouse",
    "geese": "goose",
    "teeth": "tooth",
    "feet": "foot",
    "people": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "knives": "knife",
    "leaves": "leaf",
    "wolves": "wolf",
    "loaves": "loaf",
    "calves": "calf",
    "halves": "half",
    "shelves": "shelf",
    "oxen": "ox",
    "cacti": "cactus",
    "fungi": "fungus",
    "dice": "die",
    "puppies": "puppy",
    "buses": "bus",
    "octopi": "octopus",
    "octopuses": "octopus",
}
_KEEP = {"glasses", "scissors", "skis", "grapes", "pants", "shorts", "jeans", "fireworks", "chopsticks", "bus"}


def singular(text: str) -> list[str]:
    """Candidate singular forms of the last word of an English phrase (most likely first)."""
    words = text.split(" ")
    last = words[-1]
    if not last.isascii() or len(last) < 3 or last in _KEEP:
        return []
    out: list[str] = []
    if last in _IRREGULAR:
        out.append(_IRREGULAR[last])
    elif last.endswith("ies") and len(last) > 4:
        out.append(last[:-3] + "y")
    elif last.endswith("ves"):
        out += [last[:-3] + "f", last[:-3] + "fe"]
    elif last.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        out += [last[:-2], last[:-1]]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")):
        out.append(last[:-1])
    return [" ".join([*words[:-1], w]) for w in out]
