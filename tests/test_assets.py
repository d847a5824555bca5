"""The drawable library: counts, lookups (EN/JA), COCO coverage, fragments, recolouring."""

from __future__ import annotations

import colorsys
import re

import numpy as np
import pytest

from egaku import assets
from egaku.assets import _art

SIZE = 200


def _render(fragment: str, size: int = SIZE) -> np.ndarray:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}">{fragment}</svg>'
    )
    return np.asarray(_art.rasterize(svg))


def test_at_least_3000_distinct_subjects() -> None:
    subs = assets.subjects()
    ids = [s.id for s in subs]
    assert len(ids) == len(set(ids))
    assert len(subs) >= 3000
    assert not any(s.variant_of for s in subs)  # gender variants are not counted
    assert len(assets.subjects(include_variants=True)) > len(subs)
    assert not any("skin tone" in s.name for s in assets.subjects(include_variants=True))
    kinds = {s.kind for s in subs}
    assert {"animal", "person", "food", "plant", "vehicle", "building", "object", "weather", "symbol", "flag"} <= kinds
    for s in subs[:50] + subs[-50:]:
        assert re.fullmatch(r"[a-z0-9_]+", s.id)
        assert s.name and s.name_ja and s.styles and s.height_m > 0
        assert s.faces in ("left", "right", "front")


def test_every_coco_class_is_found_and_drawable_flat() -> None:
    assert len(assets.COCO_CLASSES) == 80
    for name in assets.COCO_CLASSES:
        m = assets.lookup(name)
        assert m is not None, name
        assert "flat" in m.subject.styles or "outline" in m.subject.styles, name
    for name, expected in {
        "bench": "bench",
        "refrigerator": "refrigerator",
        "oven": "oven",
        "sink": "sink",
        "dining table": "dining_table",
        "parking meter": "parking_meter",
        "fire hydrant": "fire_hydrant",
        "microwave": "microwave",
        "toaster": "toaster",
        "hair drier": "hair_dryer",
        "remote": "remote_control",
    }.items():
        m = assets.lookup(name)
        assert m is not None and m.subject.id == expected, (name, m)
        assert "flat" in m.subject.styles


EXPECTED = {
    "dog": "dog",
    "犬": "dog",
    "柴犬": "dog",
    "puppy": "dog",
    "dogs": "dog",
    "ワンちゃん": "dog",
    "cat": "cat",
    "猫": "cat",
    "ネコ": "cat",
    "子猫": "cat",
    "kitten": "cat",
    "bench": "bench",
    "ベンチ": "bench",
    "clock": "alarm_clock",
    "時計": "alarm_clock",
    "book": "open_book",
    "本": "open_book",
    "fork": "fork",
    "stop sign": "stop_sign",
    "train": "train",
    "電車": "train",
    "bear": "bear",
    "くま": "bear",
    "robot": "robot",
    "ロボット": "robot",
    "dragon": "dragon",
    "ドラゴン": "dragon",
    "竜": "dragon",
    "snowman": "snowman",
    "雪だるま": "snowman",
    "christmas tree": "christmas_tree",
    "クリスマスツリー": "christmas_tree",
    "pumpkin": "jack_o_lantern",
    "かぼちゃ": "jack_o_lantern",
    "カボチャ": "jack_o_lantern",
    "bat": "bat",
    "こうもり": "bat",
    "コウモリ": "bat",
    "horse": "horse",
    "馬": "horse",
    "astronaut": "astronaut",
    "宇宙飛行士": "astronaut",
    "cup": "hot_beverage",
    "コップ": "hot_beverage",
    "カップ": "hot_beverage",
    "ramen": "steaming_bowl",
    "ラーメン": "steaming_bowl",
    "りんご": "red_apple",
    "リンゴ": "red_apple",
    "林檎": "red_apple",
    "富士山": "mount_fuji",
    "mount fuji": "mount_fuji",
    "冷蔵庫": "refrigerator",
    "電子レンジ": "microwave",
    "消火栓": "fire_hydrant",
    "sofa": "couch_and_lamp",
    "motorbike": "motorcycle",
    "aeroplane": "airplane",
    "giraffes": "giraffe",
    "🐕": "dog",
    "big red dog": "dog",
    "黒い犬": "dog",
}


@pytest.mark.parametrize("word", sorted(EXPECTED))
def test_lookup_everyday_words(word: str) -> None:
    m = assets.lookup(word)
    assert m is not None, word
    assert m.subject.id == EXPECTED[word], (word, m)
    assert 0 < m.score <= 1 and m.via


@pytest.mark.parametrize("word", ["xyzzy", "qwertyuiop", "ふがほげぴよ", "", "   ", "sea lion", "blorptastic"])
def test_unknown_words_give_none(word: str) -> None:
    assert assets.lookup(word) is None


def test_animal_beats_its_face_and_japanese_names() -> None:
    assert assets.subject("dog").name_ja == "犬"
    assert assets.subject("cat").name_ja == "猫"
    assert assets.lookup("dog face").subject.id == "dog_face"  # type: ignore[union-attr]
    assert assets.subject("bench").name_ja == "ベンチ"
    with pytest.raises(KeyError):
        assets.subject("no_such_subject")


def test_search_returns_ranked_matches() -> None:
    res = assets.search("dog", limit=5)
    assert res and res[0].subject.id == "dog"
    assert len({m.subject.id for m in res}) == len(res) <= 5
    assert any(m.subject.id == "dog_face" for m in assets.search("dog", limit=20))


@pytest.mark.parametrize("sid,style", [("dog", "flat"), ("bench", "flat"), ("dog", "outline"), ("cat", "hand")])
def test_fragment_stays_inside_its_box(sid: str, style: str) -> None:
    box = (40.0, 30.0, 120.0, 90.0)
    frag = assets.fragment(sid, style, box)
    assert (
        frag.startswith("<g")
        and "<svg" not in frag
        and "http" not in frag.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    px = _render(frag)
    alpha = px[:, :, 3]
    x, y, w, h = (int(v) for v in box)
    inside = alpha[y : y + h, x : x + w]
    assert (inside > 0).sum() > 500
    outside = alpha.copy()
    outside[y - 1 : y + h + 1, x - 1 : x + w + 1] = 0
    assert (outside > 16).sum() == 0
    # bottom-aligned: the lowest drawn row is at the box bottom
    rows = np.nonzero(alpha.max(axis=1) > 16)[0]
    assert rows.max() >= y + h - 3


def test_fragment_ids_are_unique_per_call() -> None:
    a = assets.fragment("bench", "flat", (0, 0, 50, 50))
    b = assets.fragment("bench", "flat", (60, 0, 50, 50))
    ids_a = set(re.findall(r'id="([^"]+)"', a))
    ids_b = set(re.findall(r'id="([^"]+)"', b))
    assert ids_a and not ids_a & ids_b


def test_content_box_is_tight_fraction() -> None:
    x0, y0, x1, y1 = assets.content_box("dog", "flat")
    assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1
    assert (x1 - x0) > 0.5


def _dominant_hsv(px: np.ndarray) -> tuple[float, float, float]:
    a = px[:, :, 3] > 200
    rgb = px[:, :, :3][a].astype(float) / 255
    v = rgb.max(axis=1)
    keep = rgb[(v > 0.15)]  # ignore near-black outlines and eyes
    q = (keep * 7).round().astype(int)
    codes, counts = np.unique(q[:, 0] * 64 + q[:, 1] * 8 + q[:, 2], return_counts=True)
    c = codes[counts.argmax()]
    r, g, b = (c // 64) / 7, (c // 8 % 8) / 7, (c % 8) / 7
    return colorsys.rgb_to_hsv(r, g, b)


def test_recolour_red_and_dark_dog() -> None:
    box = (0.0, 0.0, 200.0, 200.0)
    h, s, _ = _dominant_hsv(_render(assets.fragment("dog", "flat", box, color="#D62828")))
    assert (h < 0.05 or h > 0.95) and s > 0.5
    dark = _render(assets.fragment("dog", "flat", box, color="#222222"))
    a = dark[:, :, 3] > 200
    lum = dark[:, :, :3][a].astype(float).mean(axis=1)
    assert np.median(lum) < 80  # mostly dark
    assert (lum > 120).mean() > 0.004  # with visible (lightened) features
    cat = _render(assets.fragment("cat", "outline", box, color="#222222"))
    a = cat[:, :, 3] > 200
    lum = cat[:, :, :3][a].astype(float).mean(axis=1)
    assert np.median(lum) < 80 and (lum > 120).mean() > 0.05  # a black cat whose lines stay visible


def test_flip_mirrors_pixels() -> None:
    box = (0.0, 0.0, 200.0, 200.0)
    a = _render(assets.fragment("dog", "flat", box))
    b = _render(assets.fragment("dog", "flat", box, flip=True))
    cols = np.nonzero(a[:, :, 3].max(axis=0) > 0)[0]
    x0, x1 = cols.min(), cols.max()
    diff = np.abs(a[:, x0 : x1 + 1, 3].astype(int) - b[:, x0 : x1 + 1, 3][:, ::-1].astype(int))
    assert diff.mean() < 3
    assert np.abs(a[:, :, 3].astype(int) - b[:, :, 3].astype(int)).mean() > 3


def test_credits_per_style() -> None:
    flat = assets.credits("flat")
    assert any("Fluent" in c[0] and c[2] == "MIT" for c in flat)
    outline = assets.credits("outline")
    assert any(c[0] == "OpenMoji" and c[2] == "CC-BY-SA-4.0" for c in outline)
    for c in flat + outline:
        assert len(c) == 4 and all(isinstance(x, str) for x in c)
    with pytest.raises(ValueError):
        assets.credits("oil painting")
    with pytest.raises(ValueError):
        assets.fragment("bench", "outline", (0, 0, 10, 10))  # the figure has no outline artwork
