"""Edit: instruction → typed edit ops that name their target layers → a new scene.

    interpret(scene, instruction, recent) -> list[EditOp]      rules, JA + EN
    apply(scene, ops)                     -> Scene              a small diff to the scene

Targets are resolved by role, kind, colour, name and recency ("this character", "the
title", 「服」 → clothing parts, "it" → what the last edit touched). An instruction that
cannot be resolved raises :class:`EditQuestion` with a clear question ("which text:
'A' or 'B'?"), never a guess.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .errors import EgakuError
from .picture import COLORS
from .scene import (
    BackgroundLayer,
    Box,
    EffectLayer,
    IconLayer,
    LinearGradient,
    PartLayer,
    RadialGradient,
    Scene,
    SceneryLayer,
    ShapeLayer,
    Solid,
    Stop,
    TextLayer,
)
from .words import earliest_key, has


class EditQuestion(EgakuError):
    """The instruction is ambiguous or names nothing in the scene: a question back."""

    exit_code = 3


class Recolor(BaseModel):
    op: Literal["recolor"] = "recolor"
    targets: list[str]
    color: str


class ReplaceText(BaseModel):
    op: Literal["replace_text"] = "replace_text"
    targets: list[str]
    text: str


class Move(BaseModel):
    op: Literal["move"] = "move"
    targets: list[str]
    to: Literal["top", "bottom", "left", "right", "center"]


class Resize(BaseModel):
    op: Literal["resize"] = "resize"
    targets: list[str]
    factor: float


class AddIcon(BaseModel):
    op: Literal["add_icon"] = "add_icon"
    targets: list[str]  # the new layer's id
    emoji: str
    corner: Literal["top-left", "top-right", "bottom-left", "bottom-right"] = "bottom-right"
    size: Literal["small", "medium", "large"] = "small"


class Remove(BaseModel):
    op: Literal["remove"] = "remove"
    targets: list[str]


class BackgroundEffect(BaseModel):
    """Weather, time of day or darkness applied to background layers only."""

    op: Literal["background_effect"] = "background_effect"
    targets: list[str]
    effect: Literal["rain", "downpour", "snow", "night", "sunset", "dark", "light"]


class SetCamera(BaseModel):
    op: Literal["camera"] = "camera"
    targets: list[str]  # the layers the camera redraws (scenery, parts)
    angle: Literal["eye", "high", "low"] | None = None
    shot: Literal["close", "medium", "wide"] | None = None


class SetCanvas(BaseModel):
    """A new canvas size: the design is composed again at that size (the layout re-flows)
    and the session's earlier edits are replayed on it."""

    op: Literal["canvas"] = "canvas"
    targets: list[str] = Field(default_factory=lambda: ["*"])
    width: int = Field(ge=64, le=8192)
    height: int = Field(ge=64, le=8192)


class SetTheme(BaseModel):
    """A new palette and style (a theme): composed again, earlier edits replayed."""

    op: Literal["theme"] = "theme"
    targets: list[str] = Field(default_factory=lambda: ["*"])
    theme: str


EditOp = Annotated[
    Recolor | ReplaceText | Move | Resize | AddIcon | Remove | BackgroundEffect | SetCamera | SetCanvas | SetTheme,
    Field(discriminator="op"),
]

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
        from .themes import find_theme

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

    # 5. Add an icon: "add a small house icon in the corner", 「右上に家のアイコンを追加」.
    if has(low, ("add", "put", "追加", "加えて", "入れて", "置いて")) and has(
        low, ("icon", "アイコン", "emoji", "絵文字", "マーク")
    ):
        from .icons import find_icon

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


# --- applying ops ---------------------------------------------------------------------


def apply(scene: Scene, ops: list[EditOp]) -> Scene:
    """A new scene with ``ops`` applied (the input scene is not modified)."""
    new = scene.model_copy(deep=True)
    for op in ops:
        _apply(new, op)
    return new


def _apply(scene: Scene, op: EditOp) -> None:
    if isinstance(op, Recolor):
        for tid in op.targets:
            layer = scene.find(tid)
            if isinstance(layer, TextLayer):
                layer.fill = op.color
            elif isinstance(layer, PartLayer):
                layer.color = op.color
            elif isinstance(layer, (BackgroundLayer, ShapeLayer)) and layer.fill is not None:
                layer.fill = _tint_fill(layer.fill, op.color)
    elif isinstance(op, ReplaceText):
        from .typography import fit_text

        for tid in op.targets:
            t = scene.find(tid)
            assert isinstance(t, TextLayer)
            fit = fit_text(
                op.text,
                t.font,
                t.box.w * 1.15,
                t.box.h * 1.15,
                max_size=t.size,
                min_size=10,
                vertical=t.vertical,
                line_height=t.line_height,
                tracking=t.tracking,
            )
            t.text, t.lines, t.size = op.text, fit.lines, fit.size
    elif isinstance(op, Move):
        _move(scene, op)
    elif isinstance(op, Resize):
        for tid in op.targets:
            layer = scene.find(tid)
            b = layer.box
            nb = Box(x=b.cx - b.w * op.factor / 2, y=b.cy - b.h * op.factor / 2, w=b.w * op.factor, h=b.h * op.factor)
            layer.box = nb
            if isinstance(layer, TextLayer):
                layer.size *= op.factor
    elif isinstance(op, AddIcon):
        from .icons import icon_for_emoji

        icon = icon_for_emoji(op.emoji)
        W, H = scene.canvas.width, scene.canvas.height
        short = min(W, H)
        d = {"small": 0.1, "medium": 0.16, "large": 0.24}[op.size] * short
        m = 0.07 * short
        x = m if "left" in op.corner else W - m - d
        y = m if "top" in op.corner else H - m - d
        top = max((x.z for x in scene.layers), default=0) + 10
        scene.layers.append(
            IconLayer(
                id=op.targets[0],
                name=f"icon {icon.name}",
                role="decoration",
                z=top,
                box=Box(x=x, y=y, w=d, h=d),
                code=icon.code,
                emoji=icon.emoji,
            )
        )
    elif isinstance(op, Remove):
        gone = set(op.targets)
        scene.layers = [x for x in scene.layers if x.id not in gone]
        for g in scene.layers:
            if g.kind == "group":
                g.children = [c for c in g.children if c.id not in gone]
    elif isinstance(op, BackgroundEffect):
        _background_effect(scene, op)
    elif isinstance(op, SetCamera):
        if op.angle:
            scene.camera.angle = op.angle
        if op.shot:
            scene.camera.shot = op.shot


def _tint_fill(fill: object, color: str) -> Solid | LinearGradient | RadialGradient:
    from .compose import mix

    if isinstance(fill, Solid):
        return Solid(color=color)
    assert isinstance(fill, (LinearGradient, RadialGradient))
    stops = [
        Stop(offset=s.offset, color=mix(color, "#FFFFFF" if i == 0 else "#000000", 0.12 * i), opacity=s.opacity)
        for i, s in enumerate(fill.stops)
    ]
    return fill.model_copy(update={"stops": stops})


def _move(scene: Scene, op: Move) -> None:
    W, H = scene.canvas.width, scene.canvas.height
    short = min(W, H)
    m = 0.08 * short if scene.kind != "phone_wallpaper" else 0.13 * H
    for tid in op.targets:
        layer = scene.find(tid)
        b = layer.box
        if op.to == "top":
            nb = Box(x=b.x, y=m, w=b.w, h=b.h)
        elif op.to == "bottom":
            nb = Box(x=b.x, y=H - m - b.h, w=b.w, h=b.h)
        elif op.to == "left":
            nb = Box(x=0.08 * short, y=b.y, w=b.w, h=b.h)
        elif op.to == "right":
            nb = Box(x=W - 0.08 * short - b.w, y=b.y, w=b.w, h=b.h)
        else:
            nb = Box(x=W / 2 - b.w / 2, y=H * 0.45 - b.h / 2, w=b.w, h=b.h)
        dx, dy = nb.x - b.x, nb.y - b.y
        layer.box = nb
        # decoration that would now sit under the moved block moves out of its way
        for other in scene.layers:
            if other.id == tid or other.role not in ("decoration", "emblem") or other.kind in ("effect", "background"):
                continue
            ob = other.box
            if ob.w >= W * 0.9 and ob.h >= H * 0.9:
                continue  # full-canvas motifs stay
            if ob.intersects(nb.inset(-0.02 * short)):
                shift = (nb.bottom + 0.04 * short - ob.y) if op.to == "top" else (nb.y - 0.04 * short - ob.bottom)
                other.box = Box(x=ob.x, y=ob.y + shift if op.to in ("top", "bottom") else ob.y, w=ob.w, h=ob.h)
            elif other.id == "rule":  # the accent rule travels with the title
                other.box = Box(x=ob.x + dx, y=ob.y + dy, w=ob.w, h=ob.h)


def _background_effect(scene: Scene, op: BackgroundEffect) -> None:
    targets = set(op.targets)
    scenery = [x for x in scene.leaves() if isinstance(x, SceneryLayer) and x.id in targets]
    if scenery:
        for s in scenery:
            if op.effect in ("rain", "downpour", "snow"):
                s.weather = op.effect
            elif op.effect in ("night", "sunset"):
                s.time_of_day = op.effect
            elif op.effect == "dark":
                s.time_of_day = "night"
        if op.effect in ("rain", "downpour", "snow"):
            # particles belong to the background: just above the scenery, under everything else
            W, H = scene.canvas.width, scene.canvas.height
            top = max(s.z for s in scenery)
            scene.layers = [x for x in scene.layers if not (isinstance(x, EffectLayer) and x.id == "weather")]
            scene.layers.append(
                EffectLayer(
                    id="weather",
                    name=op.effect,
                    role="background",
                    z=top + 1,
                    box=Box(x=0, y=0, w=W, h=H),
                    effect="snow" if op.effect == "snow" else "rain",
                    density=3.5 if op.effect == "downpour" else 1.2,
                    seed=scene.canvas.seed,
                )
            )
        return
    from .compose import mix

    for layer in scene.leaves():
        if layer.id in targets and isinstance(layer, BackgroundLayer):
            toward, t = {
                "dark": ("#0B1026", 0.78),
                "night": ("#0B1026", 0.85),
                "sunset": ("#F28C50", 0.5),
                "light": ("#FFFFFF", 0.7),
                "rain": ("#4B5563", 0.6),
                "downpour": ("#374151", 0.7),
                "snow": ("#E5E7EB", 0.6),
            }[op.effect]
            fill = layer.fill
            if isinstance(fill, Solid):
                layer.fill = Solid(color=mix(fill.color, toward, t))
            else:
                layer.fill = fill.model_copy(
                    update={"stops": [s.model_copy(update={"color": mix(s.color, toward, t)}) for s in fill.stops]}
                )
