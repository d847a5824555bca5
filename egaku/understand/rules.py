"""Understand: prompt → Intent, by rules (Japanese and English).

What the rules read: the kind of design (poster, phone wallpaper, ...), quoted text
taken exactly as written (『』「」“”"" and ''), size words, position words, vertical
writing, theme words and subject words. Every decision becomes a trace line with its
reason. Quoted text is never altered: the rules only ever read it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Any

from ..compose.themes import find_theme
from ..errors import PromptError, SizeError
from ..plan import PicturePlan
from ..words import find_word, has
from .grounding import read_needs
from .intent import Intent, Trace
from .picture import CAMERA_ANGLE, read_picture

MAX_PROMPT_CHARS = 4000
MIN_SIDE, MAX_SIDE = 64, 8192


@dataclass(frozen=True)
class Kind:
    name: str
    size: tuple[int, int]
    words: tuple[str, ...]
    label: str


# Checked in order: the first kind with a word in the prompt wins.
KINDS: tuple[Kind, ...] = (
    Kind(
        "phone_wallpaper",
        (1080, 2340),
        (
            "スマホの壁紙",
            "スマホ",
            "携帯",
            "待ち受け",
            "ロック画面",
            "iphone",
            "android",
            "phone wallpaper",
            "phone",
            "mobile wallpaper",
            "lock screen",
            "smartphone",
        ),
        "phone wallpaper 1080×2340 (19.5:9)",
    ),
    Kind(
        "desktop_wallpaper",
        (1920, 1080),
        ("デスクトップ", "pcの壁紙", "パソコンの壁紙", "desktop", "pc wallpaper", "wallpaper"),
        "desktop wallpaper 1920×1080 (16:9)",
    ),
    Kind(
        "youtube_thumbnail",
        (1280, 720),
        ("サムネイル", "サムネ", "youtube thumbnail", "video thumbnail", "thumbnail", "youtube"),
        "YouTube thumbnail 1280×720 (16:9)",
    ),
    Kind(
        "story",
        (1080, 1920),
        (
            "インスタのストーリー",
            "ストーリーズ",
            "ストーリー用",
            "instagram story",
            "insta story",
            "ig story",
            "story format",
        ),
        "Instagram story 1080×1920 (9:16)",
    ),
    Kind(
        "slide",
        (1920, 1080),
        ("スライド", "プレゼン資料", "presentation slide", "title slide", "slide deck", "a slide for", "keynote slide"),
        "slide 1920×1080 (16:9)",
    ),
    Kind("business_card", (1075, 650), ("名刺", "business card"), "business card 91×55 mm at 300 dpi (1075×650)"),
    Kind(
        "infographic",
        (1080, 1350),
        ("インフォグラフィック", "図解", "infographic", "info graphic"),
        "infographic 1080×1350 (4:5)",
    ),
    Kind(
        "certificate",
        (1754, 1240),
        ("賞状", "表彰状", "感謝状", "修了証", "認定証", "certificate", "diploma"),
        "certificate A4 (landscape; Japanese: portrait, vertical)",
    ),
    Kind(
        "timetable",
        (1240, 1754),
        (
            "時間割",
            "タイムテーブル",
            "スケジュール表",
            "予定表",
            "日程表",
            "時刻表",
            "進行表",
            "の表",
            "表を作",
            "一覧表",
            "timetable",
            "time table",
            "schedule",
            "agenda",
        ),
        "timetable 1240×1754 (A4 portrait, a real table)",
    ),
    Kind("logo", (1024, 1024), ("ロゴマーク", "ロゴ", "logo", "wordmark", "logotype"), "logo 1024×1024 (transparent)"),
    Kind(
        "sticker",
        (1024, 1024),
        ("ステッカー", "シール", "sticker", "decal"),
        "sticker 1024×1024 (transparent, die-cut)",
    ),
    Kind("flyer", (1240, 1754), ("チラシ", "フライヤー", "flyer", "leaflet"), "flyer 1240×1754 (A4, with sections)"),
    Kind("banner", (1500, 500), ("バナー", "ヘッダー", "横断幕", "banner", "header"), "banner 1500×500 (3:1)"),
    Kind(
        "square_post", (1080, 1080), ("インスタ", "sns", "投稿", "instagram", "square", "post"), "square post 1080×1080"
    ),
    Kind(
        "card",
        (1500, 1050),
        ("カード", "はがき", "ハガキ", "年賀状", "招待状", "案内状", "card", "postcard", "invitation", "greeting"),
        "card 1500×1050 (postcard, landscape)",
    ),
    Kind("poster", (1240, 1754), ("ポスター", "poster"), "poster 1240×1754 (A4 portrait)"),
)
KIND_BY_NAME = {k.name: k for k in KINDS}
DEFAULT_KIND = "poster"

QUOTE_PATTERNS = (
    r"『([^』]+)』",
    r"「([^」]+)」",
    r"“([^”]+)”",
    r"＂([^＂]+)＂",
    r'"([^"]+)"',
    r"(?<![A-Za-z0-9])'((?:[^']|'(?=[A-Za-z]))+)'(?![A-Za-z0-9])",
)

SIZE_WORDS = {
    "large": ("大きく", "大きな", "でかでか", "大きい", "big", "large", "huge", "bold", "prominent"),
    "small": ("小さく", "小さな", "控えめ", "small", "tiny", "subtle"),
}
POSITION_WORDS = {
    "center": ("真ん中", "中央", "中心", "センター", "middle", "centre", "center", "centered", "centred"),
    "top": ("上部", "上に", "上の方", "上側", "一番上", "top", "upper", "above"),
    "bottom": ("下部", "下に", "下の方", "下側", "一番下", "bottom", "lower", "below"),
    "left": ("左", "left"),
    "right": ("右", "right"),
    "corner": ("隅", "角", "corner", "corners"),
}
VERTICAL_WORDS = ("縦書き", "たて書き", "縦に", "vertical", "vertically", "tategaki")
HORIZONTAL_WORDS = ("横書き", "horizontal")
_NAMES_RUBY = re.compile(
    r"^[』」”\"'＂\s]*(?:に|の|へ|には)?\s*(?:ルビ(?!ー)|ふりがな|フリガナ|振り仮名|振りがな|読み仮名|読みがな|よみがな)"
)
_ASKS_RUBY = re.compile(r"ルビ(?!ー)|ふりがな|フリガナ|振り仮名|振りがな|読み仮名|読みがな|よみがな|\bfurigana\b")
_EN_RUBY_TO = re.compile(r"(?:furigana|ruby|readings?)\s+(?:to|on|over|for)\s*[“\"'＂『「]?$", re.I)
INVITATION_WORDS = ("招待状", "案内状", "招待", "ご案内", "invitation")


def _readings(
    prompt: str, quotes: list[tuple[int, str]], texts: list[str], low: str, trace: Trace
) -> tuple[list[str], dict[str, list[tuple[int, int, str]]]]:
    """Ruby (furigana) for the quoted texts, and the texts without the readings.

    A reading written in brackets after its kanji (『東雲（しののめ）』) is taken out of the
    text and becomes its ruby. When the request asks for ruby (「東雲」にルビを振って,
    ふりがなをつけて, "add furigana"), the named text (else every quoted text) gets
    readings from the morphological analyser, on its kanji only; a named text that is part
    of another quoted text names that part, and is not drawn twice."""
    from ..typography.ruby import furigana, given_readings

    out: list[str] = []
    ruby: dict[str, list[tuple[int, int, str]]] = {}
    for t in texts:
        base, spans = given_readings(t)
        if spans:
            shown = ", ".join(f"{base[s:e]}（{r}）" for s, e, r in spans)
            trace.add("understand", f"ruby from the request: {shown}", "a reading in brackets after its kanji")
            ruby[base] = spans
        out.append(base)
    said = _ASKS_RUBY.search(low)  # ルビ, not the gem ルビー
    asked = said.group() if said else ""
    if not asked:
        return out, ruby
    named = [
        given_readings(t)[0]
        for at, t in quotes
        if _NAMES_RUBY.match(prompt[at + len(t) + 1 :]) or _EN_RUBY_TO.search(prompt[max(0, at - 24) : at + 1])
    ]
    targets: list[tuple[str, tuple[int, int] | None]] = []
    for name in named:
        whole = next((t for t in out if t != name and name in t), None)
        if whole is not None:
            out = [t for t in out if t != name]  # it names a part of another text
            at = whole.find(name)
            targets.append((whole, (at, at + len(name))))
        elif name in out:
            targets.append((name, None))
    if not named:
        targets = [(t, None) for t in out]
    for t, within in targets:
        have = ruby.get(t, [])
        found = [sp for sp in furigana(t, within) if not any(sp[0] < e and s < sp[1] for s, e, _ in have)]
        if found:
            ruby[t] = sorted(have + found)
            shown = ", ".join(f"{t[s:e]}（{r}）" for s, e, r in found)
            trace.add("understand", f"ruby read by the dictionary: {shown}", f"the request says {asked!r}")
        else:
            trace.add("understand", f"no ruby for {t!r}", "it has no kanji the dictionary can read")
    return out, ruby


def _shown(value: str, limit: int = 24) -> str:
    """A user's value for a one-line message: quoted, and cut short when long."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def parse_size(value: str) -> tuple[int, int]:
    if not isinstance(value, str) or not value.strip():
        raise SizeError("--size is empty; write it like 1024x1024, or leave it out")
    m = re.fullmatch(r"\s*([0-9]+)\s*[x×X*]\s*([0-9]+)\s*", unicodedata.normalize("NFKC", value))
    if not m:
        raise SizeError(f"--size {_shown(value)} is not WIDTHxHEIGHT; write it like 1024x1024")
    sides = []
    for digits in m.groups():
        digits = digits.lstrip("0") or "0"
        side = int(digits) if len(digits) <= 6 else MAX_SIDE + 1  # no giant ints from a typo
        if not MIN_SIDE <= side <= MAX_SIDE:
            shown = digits if len(digits) <= 12 else f"a {len(digits)}-digit number"
            raise SizeError(f"--size {_shown(value)}: each side must be {MIN_SIDE}..{MAX_SIDE} px, got {shown}")
        sides.append(side)
    return sides[0], sides[1]


def parse_aspect(value: str, base: tuple[int, int]) -> tuple[int, int]:
    from fractions import Fraction

    if not isinstance(value, str) or not value.strip():
        raise SizeError("--aspect is empty; write it like 16:9, or leave it out")
    m = re.fullmatch(
        r"\s*([0-9]+(?:\.[0-9]+)?)\s*[:/]\s*([0-9]+(?:\.[0-9]+)?)\s*", unicodedata.normalize("NFKC", value)
    )
    if not m:
        raise SizeError(f"--aspect {_shown(value)} is not W:H; write it like 16:9")
    if any(len(part) > 12 for part in m.groups()):
        raise SizeError(f"--aspect {_shown(value)}: write each side in at most 12 digits, like 16:9")
    aw, ah = Fraction(m.group(1)), Fraction(m.group(2))  # exact: no inf, no NaN
    if aw <= 0 or ah <= 0:
        raise SizeError(f"--aspect {_shown(value)}: both sides must be above 0; write it like 16:9")
    if max(aw / ah, ah / aw) > 16:
        raise SizeError(f"--aspect {_shown(value)}: ratios beyond 16:1 are not supported")
    long_side = max(base)  # keep the kind's long side, give the short side the ratio
    if aw >= ah:
        w, h = long_side, round(long_side * ah / aw)
    else:
        w, h = round(long_side * aw / ah), long_side
    if min(w, h) < MIN_SIDE:
        raise SizeError(f"--aspect {_shown(value)} gives a side under {MIN_SIDE} px")
    return w, h


def clean_prompt(prompt: str, trace: Trace) -> str:
    if not isinstance(prompt, str):
        raise PromptError("the prompt must be text")
    if len(prompt) > MAX_PROMPT_CHARS:
        raise PromptError(f"the prompt is {len(prompt)} characters; keep it under {MAX_PROMPT_CHARS}")
    kept = []
    dropped = 0
    for ch in prompt:
        cat = unicodedata.category(ch)
        if ch in "\n\t":
            kept.append(" ")
        elif cat in ("Cc", "Cf") and ch not in "\u200d":
            dropped += 1  # control and invisible format characters
        else:
            kept.append(ch)
    text = "".join(kept).strip()
    if dropped:
        trace.add("understand", f"dropped {dropped} control character(s)", "they cannot be drawn")
    if not text:
        raise PromptError("the prompt is empty; describe the image, e.g. 'a poster saying \"HELLO\"'")
    return text


def _choose(low: str, table: dict[str, tuple[str, ...]], default: str, what: str, trace: Trace) -> str:
    """The first key of ``table`` with a word in the prompt (traced), else ``default``."""
    for key, words in table.items():
        word = has(low, words)
        if word:
            trace.add("understand", f"{what}: {key}", f"the request says {word!r}")
            return key
    return default


JA_ABOVE = re.compile(r"^\s*(?:の)?(?:上に|上へ|上の方に|上側に)")
EN_ABOVE_IT = re.compile(r"^\s*(?:above|over|on top of)\s+(?:it|that|this|them)\b", re.I)
CLOSERS = "』」”\"'＂ "


def _reading_order(prompt: str, quotes: list[tuple[int, str]], trace: Trace) -> list[str]:
    """Quoted texts top to bottom: prompt order, except a text said to go above the one
    before it moves up: "『A』の上に『B』", "'A' with 'B' above it". ("'B' above 'A'" and
    "その下に" already read top to bottom.)"""
    order = [t for _, t in quotes]
    for i in range(1, len(quotes)):
        (p_start, p_text), (start, text) = quotes[i - 1], quotes[i]
        between = prompt[p_start + len(p_text) + 1 : start].lstrip(CLOSERS)
        after = prompt[start + len(text) + 1 :].lstrip(CLOSERS)
        if JA_ABOVE.match(between) or EN_ABOVE_IT.match(after):
            order.remove(text)
            order.insert(order.index(p_text), text)
            trace.add("understand", f"{text!r} goes above {p_text!r}", "the request says so")
    return order


def unquoted(prompt: str) -> str:
    """The request with its quoted texts (and their brackets) blanked: the words that instruct."""
    for pat in QUOTE_PATTERNS:
        prompt = re.sub(pat, " ", prompt)
    return prompt


def quoted(prompt: str) -> list[tuple[int, str]]:
    """Quoted strings with their positions, in prompt order, exactly as written."""
    found: list[tuple[int, int, str]] = []
    for pat in QUOTE_PATTERNS:
        for m in re.finditer(pat, prompt):
            if any(s <= m.start() < e for s, e, _ in found):
                continue  # inside an earlier, outer quote
            found.append((m.start(), m.end(), m.group(1)))
    found.sort()
    return [(s, t) for s, _, t in found if t.strip()]


def understand(
    prompt: str,
    *,
    size: tuple[int, int] | None = None,
    aspect: str | None = None,
    seed: int | None = None,
    trace: Trace | None = None,
) -> Intent:
    trace = trace if trace is not None else Trace()
    text = clean_prompt(prompt, trace)
    language = "ja" if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text) else "en"
    trace.add("understand", f"language: {language}")

    # 1. Quoted text, exactly as written; the rest of the prompt is the instruction.
    quotes = quoted(text)
    texts = _reading_order(text, quotes, trace)
    instruction = unquoted(text)  # the quotes go with their brackets
    low = instruction.lower()
    texts, readings = _readings(text, quotes, texts, unquoted(text).lower(), trace)
    for t in texts:
        trace.add("understand", f"text to draw exactly: {t!r}", "quoted in the request")
    if not texts:
        trace.add("understand", "no quoted text, so the design has no words", "only quoted text is ever drawn")

    # 2. Kind and canvas.
    kind = KIND_BY_NAME[DEFAULT_KIND]
    kind_said = False  # a format word was said (it may be blanked below, once it chose the format)
    for k in KINDS:
        word = has(low, k.words)
        if word and k.name == "phone_wallpaper" and word in DEVICE_WORDS and not has(low, SCREEN_WORDS):
            # 「携帯電話の写真」, "a photo of a cell phone": the phone is the subject, not the format
            trace.add("understand", f"{word!r} names a thing to draw, not the format", "no wallpaper or screen is said")
            continue
        if word:
            kind = k
            kind_said = True
            trace.add("understand", f"kind: {k.label}", f"the request says {word!r}")
            if k.name in FORMAT_ONLY:  # "title slide", "business card": a format, not a thing to draw
                at = instruction.lower().find(word)
                if at >= 0:
                    instruction = instruction[:at] + " " * len(word) + instruction[at + len(word) :]
                    low = instruction.lower()
                at = text.lower().find(word)
                if at >= 0:
                    text = text[:at] + " " * len(word) + text[at + len(word) :]
            break
    else:
        if "壁紙" in low:
            kind = KIND_BY_NAME["phone_wallpaper"]
            trace.add("understand", f"kind: {kind.label}", "'壁紙' alone most often means a phone")
        else:
            trace.add("understand", f"kind: {kind.label}", "no kind named; a poster is the default")
    w, h = kind.size
    if size is not None:
        w, h = size
        trace.add("understand", f"canvas {w}×{h}", "--size wins over words")
    elif aspect is not None:
        w, h = parse_aspect(aspect, kind.size)
        trace.add("understand", f"canvas {w}×{h}", f"--aspect {aspect} wins over words")

    # 2b. The structured formats: a timetable's rows, a flyer's sections. Their data is
    #     drawn as written and blanked from the instruction, so 「月曜」 is no moon to draw.
    structured: dict[str, Any] = {}
    said = text  # the request as written (its data is blanked below, for reading pictures)
    if kind.name in ("timetable", "flyer", "certificate", "logo", "sticker"):
        structured, instruction, text, texts = _structured(kind.name, instruction, text, texts, language, trace)
        low = instruction.lower()
        if kind.name == "certificate" and language == "ja" and size is None and aspect is None:
            w, h = h, w  # a Japanese 賞状 is portrait and written vertically
            trace.add("understand", f"canvas {w}×{h}, portrait", "a Japanese certificate (賞状) is portrait")

    # 3. Size, position, writing direction.
    size_word = _choose(low, SIZE_WORDS, "medium", "text size", trace)
    # camera phrases ("seen from below", 上から撮った) are not positions of the text
    low_pos = low
    for phrases in CAMERA_ANGLE.values():
        for phrase in phrases:
            low_pos = low_pos.replace(phrase, " ")
    position = _choose(low_pos, POSITION_WORDS, "center", "position", trace)
    vertical = bool(has(low, VERTICAL_WORDS)) and not has(low, HORIZONTAL_WORDS)
    if kind.name == "certificate" and language == "ja" and not has(low, HORIZONTAL_WORDS):
        vertical = True  # 賞状 are set vertically, right to left
    invite = has(low, INVITATION_WORDS)
    if (
        invite
        and not vertical
        and kind.name in ("card", "poster")
        and texts
        and all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", t) for t in texts)
        and not has(low, HORIZONTAL_WORDS)
    ):
        vertical = True
        trace.add("understand", "an invitation in Japanese: vertical writing (縦書き)", f"the request says {invite!r}")
        if size is None and aspect is None and w > h:
            w, h = h, w  # a vertical invitation card stands upright
            trace.add("understand", f"canvas {w}×{h}, portrait", "columns read best on an upright card")
    if vertical:
        trace.add("understand", "vertical writing (縦書き), columns right to left", "the request asks for it")

    # 4. Style, theme and subjects. A style word (ポップ, 和風, "neon") says how the design
    #    is set, not what to draw: it is blanked, as a format word is, outside the quotes.
    style_name, instruction, text = _style(instruction, text, trace)
    low = instruction.lower()
    theme, word = find_theme(instruction)
    if word:
        trace.add("understand", f"theme: {theme.name} ({theme.mood})", f"the request says {word!r}")
    elif kind.name == "youtube_thumbnail":
        from ..compose.themes import THEMES

        theme = THEMES["night"]
        trace.add(
            "understand", f"theme: {theme.name} ({theme.mood})", "a thumbnail must read at a glance: high contrast"
        )
    else:
        trace.add("understand", f"theme: {theme.name} ({theme.mood})", "no theme word; a quiet default")
    before_subjects = len(trace.lines)
    subjects = _subjects(low, trace)

    picture = read_picture(instruction, low, texts, trace)
    picture["needs"] = read_needs(instruction, low, language, trace)
    if picture["needs"] and (structured.get("table") is not None or structured.get("sections")):
        picture["needs"] = []  # the request gives its own rows or sections: nothing to look up
        trace.add("understand", "no lookup", "the request gives the data of its table or sections itself")

    # 5. The picture plan: what to draw from the library, how many, where, doing what.
    if picture.get("mode") in (None, "illustration") and not picture["needs"]:
        plan = _picture_plan(text, quotes, language, picture, low, trace)
        if plan is not None:
            picture["plan"] = plan
            # the plan says what is drawn: the older readers' guesses (an emblem subject, a
            # character the plan replaced, a default meadow) would contradict it
            stale: tuple[str, ...] = ("character:", "subject: ", "setting:", "time of day:", "weather:")
            stale += ("clothing:", "accessory:", "no character or icon")
            trace.lines = trace.lines[:before_subjects] + [
                ln
                for ln in trace.lines[before_subjects:]
                if not (
                    ln["stage"] == "understand"
                    and ln["decision"].startswith(stale)
                    and "library subject" not in ln["reason"]
                )
            ]
            # a drawing word makes a picture; a species word alone (猫カフェのポスター) does not
            said_picture = bool(has(low, ILLUSTRATION_HINTS))
            picture["mode"] = "illustration" if said_picture or not _design_kind(low, texts, plan) else "design"
            if picture["mode"] == "illustration" and picture.get("character") is None:
                picture.pop("subject_icon", None)
    if (
        picture.get("mode") == "illustration"
        and not kind_said
        and not has(low, tuple(w for k in KINDS for w in k.words if w not in DEVICE_WORDS or has(low, SCREEN_WORDS)))
        and size is None
        and aspect is None
        and "壁紙" not in low
    ):
        w, h = 1024, 1024
        kind = Kind("illustration", (1024, 1024), (), "illustration 1024×1024")
        trace.lines = [ln for ln in trace.lines if not ln["decision"].startswith("kind: poster")]
        trace.add("understand", "kind: illustration 1024×1024", "a drawing was asked for and no format named")
    if kind.name == "infographic" and len(texts) >= 2 and picture.get("mode") in (None, "design", "illustration"):
        picture["mode"] = "infographic"  # N equal items, not a title and small print
        picture["roles"] = ["item"] * len(texts)
        trace.add("understand", f"infographic of {len(texts)} equal items", "the request asks for an infographic")
    if structured:
        picture.update(structured)
    if seed is None:
        seed = zlib.crc32(said.encode("utf-8"))
        trace.add("understand", f"seed {seed}", "derived from the prompt, so the same prompt draws the same image")
    return Intent(
        prompt=said,
        language=language,
        kind=kind.name,
        width=w,
        height=h,
        texts=texts,
        size=size_word,
        position=position,
        position_said=any(has(low_pos, words) for words in POSITION_WORDS.values()),
        theme_said=bool(word),
        style=style_name,
        size_said=any(has(low, words) for words in SIZE_WORDS.values()),
        vertical=vertical,
        theme=theme.name,
        subjects=subjects,
        seed=seed,
        ruby=readings,
        **picture,
    )


def _style(instruction: str, text: str, trace: Trace) -> tuple[str, str, str]:
    """The design style the request names ("" if none), and the instruction and the
    request with every style word blanked outside the quotes (same lengths)."""
    from ..compose.style_words import LABELS, WORDS, find_style_word

    found = find_style_word(instruction)
    if found is None:
        return "", instruction, text
    name, word, _ = found
    trace.add("understand", f"style: {name} ({LABELS[name]})", f"the request says {word!r}")
    spans = [m.span() for pat in QUOTE_PATTERNS for m in re.finditer(pat, text)]
    for words in WORDS.values():
        for w in words:
            for src in ("instruction", "text"):
                cur = instruction if src == "instruction" else text
                low = cur.lower()
                at = find_word(low, w)
                while at >= 0:
                    if src == "text" and any(a <= at < b for a, b in spans):
                        nxt = find_word(low[at + 1 :], w)
                        at = at + 1 + nxt if nxt >= 0 else -1
                        continue
                    cur = cur[:at] + " " * len(w) + cur[at + len(w) :]
                    low = cur.lower()
                    at = find_word(low, w)
                if src == "instruction":
                    instruction = cur
                else:
                    text = cur
    return name, instruction, text


def _blank(s: str, piece: str) -> str:
    at = s.find(piece) if piece.strip() else -1
    return s if at < 0 else s[:at] + " " * len(piece) + s[at + len(piece) :]


def _structured(
    kind: str, instruction: str, text: str, texts: list[str], language: str, trace: Trace
) -> tuple[dict[str, Any], str, str, list[str]]:
    """The mode and data of a structured format, and the instruction, prompt and quoted
    texts with that data taken out (see :mod:`egaku.understand.formats`)."""
    from .formats import read_sections, read_table

    out: dict[str, Any] = {"mode": kind}
    if kind == "timetable":
        table, rest_instruction, rest = read_table(instruction, texts)
        if table is None:
            trace.add("understand", "no rows for a table; drawn as a poster", "rows: 'A: x y z, B: …' or timed items")
            return {}, instruction, text, texts
        for row in table.rows:
            for cell in row:
                text = _blank(text, cell)
        out["table"] = table
        n_cols = max(len(r) for r in table.rows)
        trace.add(
            "understand",
            f"timetable: {len(table.rows)} row(s) × {n_cols} column(s)"
            + (" of times and items" if table.times else ""),
            "each cell drawn exactly as written" + ("; days across the top" if table.header else ""),
        )
        return out, rest_instruction, text, rest
    if kind == "flyer":
        sections, rest_instruction = read_sections(instruction)
        for sec in sections:
            text = _blank(text, sec.value)
            trace.add("understand", f"flyer section {sec.label}: {sec.value!r} ({sec.role})", "a labelled part")
        out["sections"] = sections
        return out, rest_instruction, text, texts
    return out, instruction, text, texts


def _subjects(low: str, trace: Trace) -> list[str]:
    """Subject words (book, music, coffee ...) that become icons, via the icon synonyms."""
    from ..icons import SYNONYMS

    found: list[tuple[int, str, str]] = []
    for word, char in SYNONYMS.items():
        w = word.lower()
        if w.isascii():
            m = _plural_pattern(w).search(low) if w in low else None
            pos = m.start() if m else -1
        else:
            pos = low.find(w)
        if pos >= 0 and char not in [c for _, _, c in found]:
            found.append((pos, word, char))
    found.sort()
    for _, word, char in found[:3]:
        trace.add("understand", f"subject: {char}", f"the request mentions {word!r}")
    return [c for _, _, c in found[:3]]


DEVICE_WORDS = ("スマホ", "携帯", "iphone", "android", "phone", "smartphone")
# formats whose words also name things to draw (a slide, a card, a story): the format word is
# not read as a subject once it picked the format
FORMAT_ONLY = (
    "slide",
    "business_card",
    "story",
    "youtube_thumbnail",
    "infographic",
    "logo",
    "sticker",
    "flyer",
)
SCREEN_WORDS = (
    "壁紙",
    "待ち受け",
    "ロック画面",
    "ホーム画面",
    "背景",
    "スマホ用",
    "携帯用",
    "wallpaper",
    "lock screen",
    "home screen",
    "background",
    "for my phone",
    "for a phone",
    "for phone",
    "phone screen",
)


@functools.lru_cache(maxsize=2048)
def _plural_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z]){re.escape(word)}s?(?![a-z])")


def _picture_plan(
    text: str, quotes: list[tuple[int, str]], language: str, picture: dict[str, Any], low: str, trace: Trace
) -> PicturePlan | None:
    """The plan of library subjects, unless a built character answers the request (a rig
    animal in clothes, or standing like a person) or nothing drawable was named."""
    from .subjects import read_plan

    sub = Trace()
    plan = read_plan(text, quotes, language, sub)
    asked = [s for s in plan.subjects if not s.motif]
    ch = picture.get("character")
    # (an umbrella or a bag alone is held by a library animal, whose layer says what it depicts)
    if ch is not None and (ch.clothing or has(low, ("2足歩行", "二足歩行", "bipedal", "upright"))):
        # the character rig draws one dressed animal; anything else alive or standing
        # beside it (another animal, a person, a car, a tree) needs the library
        from .. import assets

        def other(s: Any) -> bool:
            if s.what in (ch.species, ch.word) or not s.asset:
                return s.count > 1
            try:
                kind = assets.subject(s.asset).kind
            except KeyError:
                return False
            return kind in ("animal", "person", "vehicle", "plant", "building", "food")

        spatial = any(r.relation not in ("holding", "wearing") for r in plan.relations)
        if not spatial and not any(other(s) for s in asked):
            return None  # the character rig draws it, dressed
    if not asked and not plan.unmatched:
        return None
    if ch is not None:
        picture["character"] = None
    trace.lines += sub.lines
    trace.add("understand", f"picture plan: {plan.summary()}", "subjects from the drawable library")
    return plan


def _design_kind(low: str, texts: list[str], plan: PicturePlan) -> bool:
    """A design (poster, card, flyer …) rather than a picture: a format word was said, or
    there is quoted text that is not written on a drawn sign."""
    formats = tuple(w for k in KINDS for w in k.words if w not in DEVICE_WORDS or has(low, SCREEN_WORDS))
    if has(low, formats) or "壁紙" in low:
        return True  # (a phone said without a screen or wallpaper is a thing to draw)
    signed = {s.sign_text for s in plan.subjects if s.sign_text}
    return any(t not in signed for t in texts) and not has(low, ILLUSTRATION_HINTS)


ILLUSTRATION_HINTS = ("描いて", "描く", "イラスト", "絵を", "の絵", "draw", "illustration", "illustrate", "picture of")
