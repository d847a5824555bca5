"""Edit, the first half: instruction → typed edit ops that name their target layers.

    interpret(scene, instruction, recent) -> list[EditOp]      rules, JA + EN

Targets are resolved by role, kind, colour, name and recency ("this character", "the
title", 「服」 → clothing parts, "it" → what the last edit touched). An instruction that
cannot be resolved raises :class:`EditQuestion` with a clear question ("which text:
'A' or 'B'?"), never a guess.
"""

from __future__ import annotations

import re

from ..scene import (
    BackgroundLayer,
    EffectLayer,
    IconLayer,
    ObjectLayer,
    PartLayer,
    Scene,
    SceneryLayer,
    TextLayer,
)
from ..understand.picture import COLORS
from ..words import earliest_key, has
from .ops import (
    AddIcon,
    AddObject,
    BackgroundEffect,
    EditOp,
    EditQuestion,
    Move,
    Recolor,
    Remove,
    ReplaceText,
    Resize,
    SetCamera,
    SetCanvas,
    SetTheme,
)

UNDO_WORDS = ("undo", "元に戻", "戻して", "取り消")
REDO_WORDS = ("redo", "やり直")

CLOTHES = (
    "服",
    "衣装",
    "シャツ",
    "アロハ",
    "マフラー",
    "スカーフ",
    "ドレス",
    "帽子",
    "clothes",
    "clothing",
    "outfit",
    "shirt",
    "scarf",
    "dress",
    "hat",
)
CHARACTER = (
    "キャラクター",
    "キャラ",
    "この子",
    "character",
    "koala",
    "penguin",
    "cat",
    "dog",
    "bear",
    "rabbit",
    "panda",
    "fox",
    "コアラ",
    "ペンギン",
    "猫",
    "犬",
    "くま",
    "うさぎ",
    "パンダ",
    "きつね",
)
BACKGROUND = ("背景", "バック", "background", "backdrop", "sky", "空")
TITLE = ("タイトル", "見出し", "title", "headline", "heading")
TEXT = ("文字", "テキスト", "text", "words", "lettering")
ONLY = ("だけ", "のみ", "only", "just")
EFFECTS = {
    "downpour": ("土砂降り", "どしゃ降り", "大雨", "豪雨", "downpour", "pouring", "heavy rain"),
    "rain": ("雨", "rain", "rainy"),
    "snow": ("雪", "snow", "snowy"),
    "night": ("夜", "night", "nighttime"),
    "sunset": ("夕方", "夕焼け", "夕暮れ", "sunset", "dusk", "evening"),
    "dark": ("暗く", "暗い", "ダーク", "dark", "darker"),
    "light": ("明るく", "明るい", "light", "lighter", "brighter"),
}
CAMERA = {
    "high": ("上から", "見下ろ", "俯瞰", "from above", "higher", "high angle", "bird's-eye", "looking down"),
    "low": ("下から", "見上げ", "あおり", "from below", "lower angle", "low angle", "looking up"),
    "eye": ("目線", "正面から", "eye level", "eye-level"),
}
SHOTS = {
    "close": ("アップ", "寄って", "寄り", "close-up", "close up", "closer"),
    "wide": ("引き", "遠く", "wide", "zoom out", "further"),
}
MOVE_TO = {
    "top": ("上に", "上へ", "上部", "top", "up"),
    "bottom": ("下に", "下へ", "下部", "bottom", "down"),
    "left": ("左に", "左へ", "left"),
    "right": ("右に", "右へ", "right"),
    "center": ("真ん中", "中央", "center", "centre", "middle"),
}
CORNERS = {
    "top-left": ("左上", "top-left", "top left", "upper left"),
    "top-right": ("右上", "top-right", "top right", "upper right"),
    "bottom-left": ("左下", "bottom-left", "bottom left", "lower left"),
    "bottom-right": ("右下", "bottom-right", "bottom right", "lower right", "corner", "隅", "角"),
}


def colors_in(low: str) -> list[tuple[int, str, str]]:
    """Colour words in order: (position, hex, word); the longest word wins at a position."""
    found: list[tuple[int, str, str]] = []
    for hexc, words in COLORS.items():
        for w in words:
            for m in re.finditer(re.escape(w) if not w.isascii() else rf"(?<![a-z]){re.escape(w)}(?![a-z])", low):
                found.append((m.start(), hexc, w))
    found.sort(key=lambda t: (t[0], -len(t[2])))
    out: list[tuple[int, str, str]] = []
    for f in found:
        if not out or f[0] >= out[-1][0] + len(out[-1][2]):
            out.append(f)
    return out


def interpret(scene: Scene, instruction: str, recent: list[str] | None = None) -> list[EditOp]:
    """Rules for Japanese and English edit instructions (see the module docstring)."""
    low = instruction.strip().lower()
    if not low:
        raise EditQuestion("the edit instruction is empty; say what to change, e.g. 'make the title blue'")
    recent = recent or []
    leaves = scene.leaves()

    # 1. Camera.
    angle = earliest_key(low, CAMERA)
    shot = earliest_key(low, SHOTS)
    if (angle or shot) and has(
        low, ("カメラ", "アングル", "camera", "angle", "shot", "撮", "view", "アップ", "close-up", "見下ろ", "見上げ")
    ):
        touched = [x.id for x in leaves if isinstance(x, (SceneryLayer, PartLayer))]
        if not touched:
            raise EditQuestion(
                "this design has no camera to move (no scenery or character); try a picture request first"
            )
        return [SetCamera(targets=touched, angle=angle, shot=shot)]

    # 2. Canvas and style: composed again, so they come before anything finer.
    canvas = _canvas_words(low, scene)
    if canvas is not None:
        return [SetCanvas(width=canvas[0], height=canvas[1])]
    if has(
        low,
        (
            "palette",
            "colour scheme",
            "color scheme",
            "theme",
            "style",
            "feel like",
            "look like",
            "っぽく",
            "風に",
            "雰囲気",
            "テーマ",
            "配色",
        ),
    ):
        from ..compose.themes import find_theme

        theme, word = find_theme(instruction)
        if word is None:
            raise EditQuestion(
                "which style? name a theme: festival, spring, summer, autumn, winter, birthday, "
                "graduation, sale, school, night, cafe, calm"
            )
        return [SetTheme(theme=theme.name)]

    # 3. Effects on the background only ("背景だけ土砂降りに", "make only the background dark").
    effect = earliest_key(low, EFFECTS)
    if effect and has(low, BACKGROUND):
        targets = [x.id for x in leaves if x.role == "background" or isinstance(x, (BackgroundLayer, SceneryLayer))]
        return [BackgroundEffect(targets=targets, effect=effect)]

    # 4. Replace text: タイトルを『…』に / change the title to 'X'.
    quoted = re.search(r"[『「“\"']([^』」”\"']+)[』」”\"']", instruction)
    if quoted and has(low, ("に変え", "にして", "に変更", "change", "replace", "rename", "say", "should read", "to ")):
        target = _text_target(scene, low, recent)
        return [ReplaceText(targets=[target.id], text=quoted.group(1))]

    # 5. Drawn objects named by what they depict: 「犬を茶色にして」, "remove the bench",
    #    "move the cat to the left", "add two more birds".
    named, missing = _named_objects(scene, instruction, low)
    adding = has(low, ("add", "put", "追加", "加えて", "増やし", "足して", "もう")) and not has(
        low, ("icon", "アイコン", "emoji", "絵文字", "マーク")
    )
    if adding and (named or missing) and any(isinstance(x, ObjectLayer) for x in leaves):
        return [_add_objects(scene, instruction, low)]
    if missing and not named and any(isinstance(x, ObjectLayer) for x in leaves):
        drawn = sorted({x.depicts for x in leaves if isinstance(x, ObjectLayer) and x.role in ("subject", "motif")})
        raise EditQuestion(
            f"there is no {missing[0]} in this picture; it has {', '.join(drawn) or 'no objects'}. Which one?"
        )
    if named:
        ids = _with_companions(scene, named)
        if has(low, ("remove", "delete", "get rid of", "消して", "削除", "取って", "なくして", "消す")):
            return [Remove(targets=ids)]
        to = earliest_key(low, MOVE_TO)
        if to and has(low, ("move", "put", "place", "移動", "動かし", "寄せ", "持って", "置いて")):
            return [Move(targets=ids, to=to)]
        if has(low, ("bigger", "larger", "大きく", "smaller", "小さく")):
            return [Resize(targets=ids, factor=1.25 if has(low, ("bigger", "larger", "大きく")) else 0.8)]
        cols = colors_in(low)
        if cols:
            return [Recolor(targets=named, color=cols[-1][1])]

    # 6. Add an icon: "add a small house icon in the corner", 「右上に家のアイコンを追加」.
    if has(low, ("add", "put", "追加", "加えて", "入れて", "置いて")) and has(
        low, ("icon", "アイコン", "emoji", "絵文字", "マーク")
    ):
        from ..icons import find_icon

        word = _icon_word(instruction)
        icon = find_icon(word) if word else None
        if icon is None:
            raise EditQuestion(f"which icon? no OpenMoji icon matches {word!r}; name a thing, e.g. 'a house icon'")
        corner = earliest_key(low, CORNERS) or "bottom-right"
        size = (
            "large"
            if has(low, ("large", "big", "大きな", "大きい"))
            else "medium"
            if has(low, ("medium",))
            else "small"
        )
        n = sum(1 for x in leaves if x.id.startswith("added-icon")) + 1
        return [AddIcon(targets=[f"added-icon-{n}"], emoji=icon.emoji, corner=corner, size=size)]

    # 6. Remove.
    if has(low, ("remove", "delete", "get rid of", "消して", "削除", "取って", "なくして")):
        return [Remove(targets=_any_target(scene, low, recent))]

    # 7. Move: "move it to the top", 「タイトルを上に移動」.
    to = earliest_key(low, MOVE_TO)
    if to and has(low, ("move", "put", "place", "移動", "動かし", "寄せ", "持って")):
        moving_text = not has(low, CHARACTER + ("icon", "アイコン"))
        ids = [_text_target(scene, low, recent).id] if moving_text else _any_target(scene, low, recent)
        return [Move(targets=ids, to=to)]

    # 8. Resize.
    if has(low, ("bigger", "larger", "大きく", "smaller", "小さく")):
        factor = 1.25 if has(low, ("bigger", "larger", "大きく")) else 0.8
        return [Resize(targets=_any_target(scene, low, recent), factor=factor)]

    # 9. Recolour: 「服を赤から青に」, "make the title blue", "turn the shirt green".
    cols = colors_in(low)
    if cols:
        to_color = cols[-1][1]
        from_color = cols[0][1] if len(cols) >= 2 else None
        targets = _recolor_targets(scene, low, recent, from_color)
        return [Recolor(targets=targets, color=to_color)]

    raise EditQuestion(
        f"I could not tell what to change in {instruction!r}; try e.g. 'make the title blue', "
        "'move it to the top', 'only the background in a downpour', 'shoot it from above'"
    )


CANVAS_WORDS: dict[tuple[int, int], tuple[str, ...]] = {
    (1080, 1080): ("正方形", "真四角", "square", "1:1"),
    (1080, 2340): ("スマホ", "縦長", "phone", "mobile", "vertical format", "9:19.5"),
    (1920, 1080): ("横長", "ワイド", "landscape", "widescreen", "16:9", "desktop"),
    (1240, 1754): ("a4", "縦向き", "portrait", "poster size"),
    (1500, 500): ("バナー", "banner", "3:1"),
}


def _canvas_words(low: str, scene: Scene) -> tuple[int, int] | None:
    if not has(
        low,
        (
            "size",
            "canvas",
            "format",
            "aspect",
            "サイズ",
            "比率",
            "形",
            "にして",
            "make it",
            "turn it into",
            "change it to",
            "resize",
        ),
    ):
        return None
    m = re.search(r"(\d{2,4})\s*[x×]\s*(\d{2,4})", low)
    if m:
        return int(m.group(1)), int(m.group(2))
    for size, words in CANVAS_WORDS.items():
        if has(low, words):
            return size
    return None


def _icon_word(instruction: str) -> str | None:
    m = re.search(
        r"(?:an?\s+)?(?:(?:small|little|big|large|tiny)\s+)?([a-z][a-z \-]*?)\s+(?:icon|emoji)", instruction, re.I
    )
    if m:
        return m.group(1).strip()
    m = re.search(r"([^\s、。をのにがは]+)の(?:アイコン|絵文字|マーク)", instruction)
    return m.group(1) if m else None


def _text_target(scene: Scene, low: str, recent: list[str]) -> TextLayer:
    texts = scene.text_layers()
    if not texts:
        raise EditQuestion("this design has no text to change")
    if has(low, TITLE):
        for t in texts:
            if t.role == "title" or t.id == "title":
                return t
    for t in texts:  # named by its own words
        if t.text.lower() in low:
            return t
    for rid in reversed(recent):  # "it": what the last edit touched
        for t in texts:
            if t.id == rid:
                return t
    if len(texts) == 1:
        return texts[0]
    listed = " or ".join(repr(t.text) for t in texts[:4])
    raise EditQuestion(f"which text: {listed}? say e.g. 'make the title blue' or quote the text")


def _character_parts(scene: Scene, low: str) -> list[PartLayer]:
    parts = [x for x in scene.leaves() if isinstance(x, PartLayer)]
    if has(low, CLOTHES):
        clothes = [p for p in parts if p.role == "clothing"]
        named = [
            p
            for p in clothes
            if any(w in low for w in (p.part.split("/")[-1].replace("_", " "), "shirt") if w in p.part)
        ]
        return named or clothes
    return [p for p in parts if p.role == "body"]


def _recolor_targets(scene: Scene, low: str, recent: list[str], from_color: str | None) -> list[str]:
    if has(low, CLOTHES) or has(low, CHARACTER):
        parts = _character_parts(scene, low)
        if from_color:
            near = [p for p in parts if isinstance(p, PartLayer) and _close(p.color, from_color)]
            parts = near or parts
        if parts:
            return [p.id for p in parts]
        raise EditQuestion("there is no character with clothes here; which layer should change colour?")
    if has(low, BACKGROUND):
        return [x.id for x in scene.leaves() if isinstance(x, (BackgroundLayer,)) or x.role == "background"]
    return [_text_target(scene, low, recent).id]


def _any_target(scene: Scene, low: str, recent: list[str]) -> list[str]:
    leaves = scene.leaves()
    if has(low, ("icon", "アイコン")):
        icons = [x.id for x in leaves if isinstance(x, IconLayer)]
        added = [i for i in icons if i.startswith("added-icon")]
        if added or len(icons) == 1:
            return [(added or icons)[-1]]
        if icons:
            raise EditQuestion(f"which icon: {', '.join(icons[:5])}?")
    for word, kinds in (
        ("confetti", "confetti"),
        ("紙吹雪", "confetti"),
        ("petals", "petals"),
        ("snow", "snow"),
        ("rain", "rain"),
    ):
        if word in low:
            found = [x.id for x in leaves if isinstance(x, EffectLayer) and x.effect == kinds]
            if found:
                return found
    if has(low, CHARACTER):
        groups = [x for x in scene.layers if x.role == "character"]
        if groups:
            return [groups[0].id]
    if has(low, TITLE) or has(low, TEXT) or not recent:
        return [_text_target(scene, low, recent).id]
    return [recent[-1]]


def _close(a: str, b: str) -> bool:
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return sum((x - y) ** 2 for x, y in zip(ca, cb)) ** 0.5 < 120


def _named_objects(scene: Scene, instruction: str, low: str) -> tuple[list[str], list[str]]:
    """Object layers the instruction names by what they depict (dog, 犬, 柴犬 → every dog),
    and the named things that are not drawn."""
    from ..understand.subjects import named_subjects

    objs = [x for x in scene.leaves() if isinstance(x, ObjectLayer) and x.role in ("subject", "motif")]
    if not objs:
        return [], []
    found: list[str] = []
    missing: list[str] = []
    for n in named_subjects(instruction):
        hit = [o.id for o in objs if o.asset == n.subject_id or o.depicts == n.noun]
        if hit:
            found += [h for h in hit if h not in found]
        elif not (has(low, CLOTHES) or has(low, TITLE) or has(low, TEXT) or has(low, BACKGROUND)):
            missing.append(n.noun)
    return found, missing


def _with_companions(scene: Scene, ids: list[str]) -> list[str]:
    """The objects and what belongs to them: their shadows, motion lines, zzz."""
    out = list(ids)
    for x in scene.leaves():
        if any(x.id.startswith(i + "-") and x.role in ("shadow", "decoration") for i in ids) and x.id not in out:
            out.append(x.id)
    return out


def _add_objects(scene: Scene, instruction: str, low: str) -> EditOp:
    from .. import assets
    from ..compose.picture import slug
    from ..understand.subjects import named_subjects

    named = named_subjects(instruction)
    n = named[0]
    count = n.count or 1
    ids: list[str] = []
    taken = {x.id for x in scene.leaves()}
    base = slug(n.noun)  # the composer's id rule, so added layers are named like drawn ones
    k = 1
    while len(ids) < count:
        cand = f"{base}-{k}"
        if cand not in taken and cand not in ids and f"{base}-{k}-shadow" not in taken:
            ids.append(cand)
        k += 1
    cols = colors_in(low)
    same = [x for x in scene.leaves() if isinstance(x, ObjectLayer) and x.asset == n.subject_id]
    color = cols[-1][1] if cols else (same[0].color if same else None)
    _ = assets
    return AddObject(targets=ids, depicts=n.noun, asset=n.subject_id, color=color)
