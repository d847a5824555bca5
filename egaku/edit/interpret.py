"""Edit, the first half: instruction → typed edit ops that name their target layers.

    interpret(scene, instruction, recent) -> list[EditOp]      rules, JA + EN

Targets are resolved by role, kind, colour, name and recency ("this character", "the
title", 「服」 → clothing parts, "it" → what the last edit touched, when that was one
thing). An instruction that cannot be resolved raises :class:`EditQuestion` with a clear
question ("which text: 'A' or 'B'?"), never a guess: a role word that names no layer
("the subtitle" on a poster without one) is answered with a question listing the texts,
never with "it". Quoted text is text: the rules read only the words outside the quotes,
and a quote is new text when the Japanese particle after it (に, へ, と書いて, で) or the
English word before it (to, with, say, ":") says so, or old and new when two are paired
('A' to 'B', 『A』を『B』に).
"""

from __future__ import annotations

import re

from ..errors import SizeError, brief
from ..scene import (
    BackgroundLayer,
    ChartLayer,
    EffectLayer,
    IconLayer,
    Layer,
    ObjectLayer,
    PartLayer,
    Scene,
    SceneryLayer,
    TextLayer,
)
from ..understand.picture import COLORS
from ..understand.rules import MAX_SIDE, MIN_SIDE, quoted
from ..verify import normalize
from ..words import earliest_key, has, word_pattern
from .ops import (
    AddIcon,
    AddObject,
    BackgroundEffect,
    EditOp,
    EditQuestion,
    Filter,
    Move,
    Recolor,
    Remove,
    ReplaceText,
    Resize,
    SetCamera,
    SetCanvas,
    SetChart,
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
TEXT = ("文字", "テキスト", "text", "texts", "words", "lettering", "wording")
ALL = (
    "all the",
    "all of the",
    "all text",
    "every text",
    "everything",
    "whole text",
    "全部",
    "すべて",
    "全て",
    "みんな",
)
# Words that name a layer by its role. A role word that names no layer in the scene gets a
# question back, never the layer the last edit touched. A longer word hides the shorter
# one inside it: サブタイトル is not タイトル, "sub-title" is not "title".
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "subtitle": (
        "サブタイトル",
        "サブ見出し",
        "小見出し",
        "副題",
        "サブコピー",
        "subtitle",
        "sub-title",
        "sub title",
        "subheading",
        "sub-heading",
        "subhead",
        "tagline",
    ),
    "title": ("タイトル", "見出し", "表題", "題名", "title", "headline", "heading", "header"),
    "date": ("日付", "日時", "日程", "日にち", "date", "dates"),
    "place": ("場所", "会場", "住所", "place", "venue", "location", "address"),
    "body": ("本文", "説明文", "説明", "body", "body text", "description", "paragraph"),
    "price": ("値段", "価格", "料金", "price", "prices"),
    "item": ("品目", "品名", "menu item", "menu items", "item", "items"),
    "background": ("背景", "バック", "background", "backdrop"),
    "chart": ("グラフ", "チャート", "chart", "graph"),
}
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
    text = instruction.strip()
    if not text:
        raise EditQuestion("the edit instruction is empty; say what to change, e.g. 'make the title blue'")
    quotes = quoted(text)
    # the rules read the words outside the quotes: a quoted 「雨の日」 is text, not weather
    low = _unquoted(text, quotes).lower()
    recent = recent or []
    leaves = scene.leaves()

    # 1. Replace text: タイトルを『…』に, 『A』を『B』に置き換えて, change the title to 'X',
    #    title: 'X', replace 'A' with 'B'.
    replace = _replace_text(scene, text, quotes, low, recent)
    if replace is not None:
        return [replace]

    # 2. Camera.
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

    # 2b. Charts and scoreboards: another kind of chart; only some records (a league).
    chart_op = _chart_ops(scene, text, low)
    if chart_op is not None:
        return [chart_op]

    # 3. Canvas and style: composed again, so they come before anything finer.
    fmt = _format_words(low)
    if fmt is not None:
        return [SetCanvas(width=fmt[1], height=fmt[2], kind=fmt[0])]
    canvas = _canvas_words(low, scene)
    if canvas is not None:
        if not all(MIN_SIDE <= v <= MAX_SIDE for v in canvas):
            raise SizeError(
                f"a canvas of {canvas[0]}×{canvas[1]} px is outside {MIN_SIDE}..{MAX_SIDE} px a side; ask for a size within it"
            )
        return [SetCanvas(width=canvas[0], height=canvas[1])]
    # a named design style: 「和風にして」, "make it neon", "in a retro style"
    from ..compose.style_words import find_style_word

    style_named = find_style_word(instruction)
    if style_named is not None and has(
        low, ("にして", "に変え", "風に", "っぽく", "make it", "style", "turn it", "change it")
    ):
        from ..compose.themes import find_theme

        theme, word = find_theme(instruction)
        return [SetTheme(theme=theme.name if word else scene.theme, style=style_named[0])]
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

    # 4. Effects on the background only ("背景だけ土砂降りに", "make only the background dark").
    effect = earliest_key(low, EFFECTS)
    if effect and has(low, BACKGROUND):
        targets = [x.id for x in leaves if x.role == "background" or isinstance(x, (BackgroundLayer, SceneryLayer))]
        return [BackgroundEffect(targets=targets, effect=effect)]

    # 5. Drawn objects named by what they depict: 「犬を茶色にして」, "remove the bench",
    #    "move the cat to the left", "add two more birds".
    unquoted = _unquoted(text, quotes)
    named, missing = _named_objects(scene, unquoted, low)
    adding = has(low, ("add", "put", "追加", "加えて", "増やし", "足して", "もう")) and not has(
        low, ("icon", "アイコン", "emoji", "絵文字", "マーク")
    )
    if adding and (named or missing) and any(isinstance(x, ObjectLayer) for x in leaves):
        return [_add_objects(scene, unquoted, low)]
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

        word = _icon_word(unquoted)
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

    # 7. Remove.
    if has(low, ("remove", "delete", "get rid of", "消して", "削除", "取って", "なくして")):
        return [Remove(targets=_any_target(scene, low, recent, quotes))]

    # 8. Move: "move it to the top", 「タイトルを上に移動」, "move all the text to the top".
    to = earliest_key(low, MOVE_TO)
    if to and has(low, ("move", "put", "place", "移動", "動かし", "寄せ", "持って")):
        if has(low, CHARACTER + ("icon", "アイコン")):
            ids = _any_target(scene, low, recent, quotes)
        elif _role(scene, low) is None and (
            has(low, ALL) or (has(low, TEXT) and not quotes and not _texts_named(scene.text_layers(), low, quotes))
        ):
            # "all the text", and "the text" / 文字 naming no one text: the whole text block,
            # its arrangement kept (moving only one would break the block apart)
            ids = [t.id for t in scene.text_layers()]
            if not ids:
                raise EditQuestion("this design has no text to move")
        elif _role(scene, low) is None and not has(low, TEXT) and not _texts_named(scene.text_layers(), low, quotes):
            ids = _recent_one(scene, recent) or [_text_target(scene, low, recent, quotes).id]
        else:
            ids = [_text_target(scene, low, recent, quotes).id]
        return [Move(targets=ids, to=to)]

    # 9. Resize.
    if has(low, ("bigger", "larger", "大きく", "smaller", "小さく")):
        factor = 1.25 if has(low, ("bigger", "larger", "大きく")) else 0.8
        return [Resize(targets=_any_target(scene, low, recent, quotes), factor=factor)]

    # 10. Recolour: 「服を赤から青に」, "make the title blue", "turn the shirt green".
    cols = colors_in(low)
    if cols:
        to_color = cols[-1][1]
        from_color = cols[0][1] if len(cols) >= 2 else None
        targets = _recolor_targets(scene, low, recent, from_color, quotes)
        return [Recolor(targets=targets, color=to_color)]

    raise EditQuestion(
        f"I could not tell what to change in {brief(instruction)}; try e.g. 'make the title blue', "
        "'move it to the top', 'only the background in a downpour', 'shoot it from above'"
    )


# Replacement text. Japanese puts the particle after the new text: 『X』に / へ / にして /
# に変えて / に変更 / と書いて / で; English puts a word before it: to / into / with / say /
# read / as / ":" / "="; a pair of quotes is old and new: 'A' to 'B', 『A』を『B』に.
JA_AFTER_NEW = re.compile(
    r"^\s*(?:に(?!ある|いる|つい|の|も|は)|へ(?!の)|と(?:書|かい|入れ|いれ|表示|変|直|置|差|記|打|して|する)"
    r"|って(?:書|入れ|表示)|で(?:お願い|よろしく|頼|いい)?\s*[。！!]?\s*$)"
)
EN_BEFORE_NEW = re.compile(
    r"(?:\bto|\binto|\bwith|\bsay|\bsays|\bread|\breads|\bas|\bbe|\bis|:|：|=|→|->|=>)\s*$", re.I
)
EN_ROLE_BEFORE_NEW = re.compile(r"\b(?:make|set|call|name|rename|retitle|label)\b.*\b(?:it|title|heading|headline)\s*$")
EN_AFTER_NEW = re.compile(r"^\s*(?:as|for)\s+(?:the|a)?\s*(?:new\s+)?(?:title|subtitle|heading|headline|text)\b", re.I)
PAIR_BETWEEN = re.compile(
    r"^\s*(?:to|into|with|by|for|instead of|rather than|→|->|=>|を|から|じゃなくて|ではなく(?:て)?)\s*$", re.I
)
REPLACE_VERBS = (
    "replace",
    "change",
    "swap",
    "rename",
    "retitle",
    "reword",
    "rewrite",
    "instead",
    "置き換",
    "書き換",
    "差し替",
    "入れ替",
    "変え",
    "変更",
    "直し",
    "にして",
)


def _unquoted(text: str, quotes: list[tuple[int, str]]) -> str:
    """``text`` with every quote (brackets included) blanked out."""
    out = text
    for start, q in sorted(quotes, reverse=True):
        out = out[:start] + " " + out[start + len(q) + 2 :]
    return out


def _replace_text(
    scene: Scene, text: str, quotes: list[tuple[int, str]], low: str, recent: list[str]
) -> ReplaceText | None:
    if not quotes:
        return None
    spans = [(s, s + len(q) + 2, q) for s, q in quotes]  # every quote pattern has one-character brackets
    texts = scene.text_layers()
    # 1. A pair: 'A' to 'B', replace 'A' with 'B', 『A』を『B』に置き換えて, 'B' instead of 'A'.
    for (_, e1, q1), (s2, e2, q2) in zip(spans, spans[1:]):
        between = text[e1:s2]
        arrow = re.match(r"^\s*(?:→|->|=>)\s*$", between)
        said = has(low, REPLACE_VERBS) or JA_AFTER_NEW.match(text[e2:])
        if not (arrow or (PAIR_BETWEEN.match(between) and said)):
            continue
        old, new = (q2, q1) if re.search(r"instead of|rather than", between, re.I) else (q1, q2)
        hits = _texts_saying(texts, old)
        if not hits and _texts_saying(texts, new):
            old, new = new, old
            hits = _texts_saying(texts, old)
        if not hits:
            raise EditQuestion(f"no text in this design says {old!r}; its texts are {_listing(texts)}. Which one?")
        if len(hits) > 1:
            raise EditQuestion(f"which text says {old!r}: {_listing([h for h, _ in hits])}?")
        layer, span = hits[0]
        return ReplaceText(targets=[layer.id], text=layer.text[: span[0]] + new + layer.text[span[1] :])
    # 2. One new text: タイトルを『X』に, change the title to 'X', title: 'X', make it say 'X'.
    for s, e, q in spans:
        before, after = text[:s].lower(), text[e:]
        if (
            JA_AFTER_NEW.match(after)
            or EN_BEFORE_NEW.search(before)
            or EN_ROLE_BEFORE_NEW.search(before)
            or EN_AFTER_NEW.match(after)
            or (has(low, REPLACE_VERBS) and len(spans) == 1 and not _texts_saying(texts, q))
        ):
            target = _text_target(scene, low, recent, [])
            return ReplaceText(targets=[target.id], text=q)
    return None


def _texts_saying(texts: list[TextLayer], q: str) -> list[tuple[TextLayer, tuple[int, int]]]:
    """Text layers that say ``q``, whole (any case, spacing aside) or in part, with the span
    of their text that it names."""
    whole = [t for t in texts if normalize(t.text).casefold() == normalize(q).casefold()]
    if whole:
        return [(t, (0, len(t.text))) for t in whole]
    out = []
    for t in texts:
        i = t.text.casefold().find(q.casefold())
        if i >= 0:
            out.append((t, (i, i + len(q))))
    return out


def _listing(texts: list[TextLayer]) -> str:
    shown = [f"{t.text!r} ({t.role or t.id})" for t in texts[:5]]
    more = f" and {len(texts) - 5} more" if len(texts) > 5 else ""
    return (", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else "".join(shown)) + more


def _role_hits(low: str) -> list[tuple[int, int, str, str]]:
    """Role words in ``low`` as (start, end, role, word), a word inside a longer one dropped."""
    hits: list[tuple[int, int, str, str]] = []
    for role, words in ROLE_WORDS.items():
        for w in words:
            pat = word_pattern(w) if w.isascii() else re.compile(re.escape(w))
            hits += [(m.start(), m.end(), role, w) for m in pat.finditer(low)]
    kept = [
        h
        for h in hits
        if not any(o is not h and o[0] <= h[0] and h[1] <= o[1] and o[1] - o[0] > h[1] - h[0] for o in hits)
    ]
    return sorted(kept)


def _role(scene: Scene, low: str) -> tuple[str, str, list[Layer]] | None:
    """The layers the instruction names by role ("the subtitle", 「日付」), from the first role
    word; None when it names no role. A role word that names nothing drawn is a question."""
    hits = _role_hits(low)
    if not hits:
        return None
    _, _, role, word = hits[0]
    leaves = scene.leaves()
    if role == "background":
        layers: list[Layer] = [x for x in leaves if isinstance(x, BackgroundLayer) or x.role == "background"]
    elif role == "chart":
        layers = [x for x in leaves if isinstance(x, ChartLayer)]
    else:
        layers = [t for t in scene.text_layers() if t.role == role or t.id == role]
    if not layers:
        texts = scene.text_layers()
        has_texts = f"its texts are {_listing(texts)}" if texts else "it has no text"
        raise EditQuestion(f"there is no {word} in this design; {has_texts}. Which one do you mean?")
    return role, word, layers


def _texts_named(texts: list[TextLayer], low: str, quotes: list[tuple[int, str]]) -> list[TextLayer]:
    """Texts named by their own words, quoted ('SPRING FAIR') or not."""
    out: list[TextLayer] = []
    for _, q in quotes:
        out += [t for t, _ in _texts_saying(texts, q) if t not in out]
    out += [t for t in texts if t not in out and len(t.text) >= 2 and t.text.lower() in low]
    return out


def _recent_one(scene: Scene, recent: list[str]) -> list[str] | None:
    """'it': what the last edit touched, when that is one thing (a text, a character's
    part, an object with its shadow). None when it is several things or everything (the
    first turn draws every layer)."""
    have = {x.id: x for x in scene.leaves()}
    got = [have[i] for i in recent if i in have]
    if not got or len(got) == len(have):
        return None
    primary = [
        x for x in got if x.role not in ("decoration", "shadow", "background", "emblem") and x.kind != "effect"
    ] or got
    if len(primary) == 1:
        x = primary[0]
        return _with_companions(scene, [x.id]) if isinstance(x, ObjectLayer) else [x.id]
    texts = [x for x in primary if isinstance(x, TextLayer)]
    if len(texts) == 1 and len(texts) == len(primary):
        return [texts[0].id]
    return None


CANVAS_WORDS: dict[tuple[int, int], tuple[str, ...]] = {
    (1080, 1080): ("正方形", "真四角", "square", "1:1"),
    (1080, 2340): ("スマホ", "縦長", "phone", "mobile", "vertical format", "9:19.5"),
    (1920, 1080): ("横長", "ワイド", "landscape", "widescreen", "16:9", "desktop"),
    (1240, 1754): ("a4", "縦向き", "portrait", "poster size"),
    (1500, 500): ("バナー", "banner", "3:1"),
}


# "also make it for …", 「…用にも作って」: the same design in another format
_FORMAT_ASK = (
    "用にも",
    "用に作",
    "用に変",
    "用にして",
    "にも作",
    "版も",
    "バージョン",
    "サイズにして",
    "にして",
    "version",
    "resize",
    "re-flow",
    "reflow",
    "turn it into",
    "make it a",
    "make it an",
    "as a",
    "as an",
    "also for",
    "for a",
    "for an",
)


def _format_words(low: str) -> tuple[str, int, int] | None:
    """(kind, width, height) when the instruction asks for the design in a named format
    (「インスタのストーリー用にも作って」, "make a banner version"); None otherwise."""
    from ..understand.rules import KINDS

    if not has(low, _FORMAT_ASK):
        return None
    best: tuple[int, str, int, int] | None = None
    for k in KINDS:
        if k.name in ("certificate", "timetable", "logo", "sticker", "flyer"):
            continue  # formats of their own content, not a canvas to re-flow into
        w = has(low, k.words)
        if w and (best is None or len(w) > best[0]):
            best = (len(w), k.name, k.size[0], k.size[1])
    return (best[1], best[2], best[3]) if best else None


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


def _text_target(scene: Scene, low: str, recent: list[str], quotes: list[tuple[int, str]]) -> TextLayer:
    """The one text the instruction means: by role, by its own words, or "it"; a question
    when that is not one text. A role word is never answered with "it"."""
    texts = scene.text_layers()
    if not texts:
        raise EditQuestion("this design has no text to change")
    role = _role(scene, low)
    if role is not None:
        found = [x for x in role[2] if isinstance(x, TextLayer)]
        if len(found) == 1:
            return found[0]
        if not found:
            raise EditQuestion(f"the {role[1]} has no text; which text: {_listing(texts)}?")
        raise EditQuestion(f"which {role[1]}: {_listing(found)}? quote the text")
    named = _texts_named(texts, low, quotes)
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise EditQuestion(f"which text: {_listing(named)}? quote the one to change")
    it = _recent_one(scene, recent)
    if it is not None and len(it) == 1:
        layer = scene.find(it[0])
        if isinstance(layer, TextLayer):
            return layer
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


def _recolor_targets(
    scene: Scene, low: str, recent: list[str], from_color: str | None, quotes: list[tuple[int, str]]
) -> list[str]:
    role = _role(scene, low)
    if role is not None:
        return [x.id for x in role[2]]
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
    if not has(low, TEXT) and not _texts_named(scene.text_layers(), low, quotes):
        it = _recent_one(scene, recent)
        if it is not None:
            return [i for i in it if scene.find(i).role != "shadow"]
    target = _text_target(scene, low, recent, quotes).id
    row = re.match(r"(row-\d+)-", target)
    if row and has(low, ROW_WORDS):  # 「広島の行」: the whole row of a scoreboard, not one cell
        return [x.id for x in scene.text_layers() if x.id.startswith(row.group(1) + "-")]
    return [target]


ROW_WORDS = ("行", "列", "row", "line", "段")
CHART_KINDS = {
    "bar": ("棒グラフ", "bar chart", "bar graph", "bars"),
    "line": ("折れ線", "line chart", "line graph"),
    "pie": ("円グラフ", "pie chart", "pie graph", "a pie"),
}
ONLY_WORDS = ("だけ", "のみ", "only", "just")


def _chart_ops(scene: Scene, text: str, low: str) -> EditOp | None:
    """'make it a bar chart' → SetChart; 'show only the Central League' → Filter (a scoreboard's rows)."""
    from ..ground.extract import LEAGUES, fold

    charts = [x for x in scene.leaves() if isinstance(x, ChartLayer)]
    kind = earliest_key(low, CHART_KINDS)
    if kind and charts:
        return SetChart(targets=[c.id for c in charts], chart=kind)
    headers = [x for x in scene.text_layers() if x.id.startswith("league-")]
    if not headers or not has(low, ONLY_WORDS):
        return None
    flow = fold(text).lower()
    asked = [lg for lg, (_s, names) in LEAGUES.items() if any(n in flow for n in names) or lg.lower() in flow]
    present = [h.text for h in headers]
    keep = [lg for lg in asked if lg in present]
    if not keep:
        if asked:
            raise EditQuestion(f"this scoreboard shows {', '.join(present)}; it has no {asked[0]} to keep")
        return None
    gone: list[str] = []
    kept_labels: list[str] = []
    for x in scene.leaves():
        m = re.match(r"(row-\d+)", x.id)
        league = x.name.rsplit(" · ", 1)[-1] if " · " in x.name else ""
        if x.id.startswith("league-") and isinstance(x, TextLayer):
            if x.text not in keep:
                gone.append(x.id)
        elif m and league:
            if league in keep:
                if isinstance(x, TextLayer) and not x.id.endswith("-score"):
                    kept_labels.append(x.text)
            else:
                gone.append(x.id)
    if not gone:
        raise EditQuestion(f"this scoreboard already shows only {', '.join(keep)}")
    return Filter(targets=gone, keep=kept_labels, charts=[c.id for c in charts], group=", ".join(keep))


def _any_target(scene: Scene, low: str, recent: list[str], quotes: list[tuple[int, str]]) -> list[str]:
    leaves = scene.leaves()
    role = _role(scene, low)
    if role is not None:
        return [x.id for x in role[2]]
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
            if kinds == "confetti":  # a decoration word, not a layer's role: still never a guess
                raise EditQuestion(f"there is no {word} in this design; which layer do you mean?")
    if has(low, CHARACTER):
        groups = [x for x in scene.layers if x.role == "character"]
        if groups:
            return [groups[0].id]
    if has(low, TEXT) or _texts_named(scene.text_layers(), low, quotes):
        return [_text_target(scene, low, recent, quotes).id]
    it = _recent_one(scene, recent)
    if it is not None:
        return it
    if scene.text_layers():
        return [_text_target(scene, low, recent, quotes).id]
    drawn = sorted({x.depicts for x in leaves if isinstance(x, ObjectLayer) and x.role in ("subject", "motif")})
    raise EditQuestion(f"what should change? name it: {', '.join(drawn) or 'the background'}")


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
        elif not (has(low, CLOTHES) or _role_hits(low) or has(low, TEXT) or has(low, BACKGROUND)):
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
