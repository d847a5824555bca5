"""The rule planner for pictures: a request → a :class:`~egaku.plan.PicturePlan`.

It reads what is to be drawn (subjects found in the drawable library by their English or
Japanese names), how many (numbers, counters 匹/頭/羽/台/個/つ/本/枚/人, "a pair of",
plurals), their colours (赤い, 水色の, 黒猫, navy, teal), sizes, actions (sleeping,
running, flying, sitting), relations between them (left of, on, under, holding, riding,
wearing, 「本の上に時計」) and the setting, event, camera and style. Japanese is split into
words by MeCab (``fugashi`` with the ``unidic-lite`` dictionary: ~30 ms to load, ~0.1 ms a
sentence); English by a word pattern. Every decision becomes a trace line.

Nothing is guessed under a wrong name: a noun that no library subject draws is listed in
``unmatched`` and said in the trace.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..plan import PicturePlan, Relation, SettingPlan, SubjectPlan
from ..words import word_pattern
from .colors import EN_COLORS, JA_COLOR_PREFIX, JA_COLORS

if TYPE_CHECKING:
    from .intent import Trace

__all__ = ["read_plan", "EVENTS"]

MAX_COUNT = 12

# ---------------------------------------------------------------------------- words

EN_NUMBERS = {
    "one": 1,
    "a single": 1,
    "two": 2,
    "a pair of": 2,
    "pair of": 2,
    "a couple of": 2,
    "couple of": 2,
    "both": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a dozen": 12,
    "dozen": 12,
    "several": 3,
    "a few": 3,
    "few": 3,
    "some": 3,
    "many": 5,
    "lots of": 5,
    "a lot of": 5,
    "a group of": 4,
    "a flock of": 5,
    "a herd of": 4,
    "a pack of": 4,
}
JA_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
JA_NATIVE = {
    "ひと": 1,
    "ふた": 2,
    "みっ": 3,
    "よっ": 4,
    "いつ": 5,
    "むっ": 6,
    "なな": 7,
    "やっ": 8,
    "ここの": 9,
}
JA_COUNTERS = "匹頭羽台個つ本枚人体機冊脚杯軒輪粒着足隻両"
_JA_COUNT = re.compile(
    r"(?P<n>[0-9０-９]+|[一二三四五六七八九十]+|ひと|ふた|みっ|よっ|いつ|むっ|なな|やっ|ここの)"
    rf"(?P<c>[{JA_COUNTERS}])|(?P<w>ふたり|ひとり|たくさんの|いっぱいの|数匹の|何匹か|何羽か|数羽の|数台の|数個の|いくつかの)"
)
# counters read in kana: さんびき, よんひき, にだい, いっこ, ごにん
_JA_KANA_COUNT = re.compile(
    r"(?:^|(?<=[がをはも、\s]))(?P<n>いっ|いち|ひと|に|ふた|さん|よん|し|ご|ろっ|ろく|なな|しち|はっ|はち|きゅう|じゅっ|じゅう)"
    r"(?P<c>ひき|びき|ぴき|とう|わ|ば|だい|こ|ほん|ぼん|ぽん|まい|にん|り|さつ|そう|き)(?=[のがをはもいで、。描\s]|$)"
)
JA_KANA_NUMBERS = {
    "いっ": 1,
    "いち": 1,
    "ひと": 1,
    "に": 2,
    "ふた": 2,
    "さん": 3,
    "よん": 4,
    "し": 4,
    "ご": 5,
    "ろっ": 6,
    "ろく": 6,
    "なな": 7,
    "しち": 7,
    "はっ": 8,
    "はち": 8,
    "きゅう": 9,
    "じゅっ": 10,
    "じゅう": 10,
}
JA_VAGUE = {
    "ふたり": 2,
    "ひとり": 1,
    "たくさんの": 5,
    "いっぱいの": 5,
    "数匹の": 3,
    "何匹か": 3,
    "何羽か": 3,
    "数羽の": 3,
    "数台の": 3,
    "数個の": 3,
    "いくつかの": 3,
}

SIZE_WORDS = {
    "large": ("big", "large", "huge", "giant", "enormous", "大きな", "大きい", "巨大な", "でっかい", "ビッグな"),
    "small": ("small", "little", "tiny", "mini", "小さな", "小さい", "ちいさな", "ちっちゃい", "ミニ"),
}

ACTIONS: dict[str, tuple[str, ...]] = {
    "sleeping": (
        "sleeping",
        "asleep",
        "napping",
        "sleeps",
        "dozing",
        "昼寝",
        "寝て",
        "寝る",
        "眠る",
        "眠って",
        "寝ている",
        "すやすや",
        "お昼寝",
    ),
    "running": ("running", "runs", "run", "racing", "sprinting", "dashing", "走る", "走って", "走り", "駆ける", "駆け"),
    "flying": ("flying", "flies", "fly", "soaring", "gliding", "飛ぶ", "飛んで", "飛び", "舞う", "舞って", "空を飛"),
    "sitting": ("sitting", "sits", "seated", "座って", "座る", "すわって", "座った", "おすわり"),
    "jumping": ("jumping", "jumps", "leaping", "跳ぶ", "跳んで", "ジャンプ", "跳ねる"),
    "swimming": ("swimming", "swims", "泳ぐ", "泳いで"),
    "standing": ("standing", "stands", "立って", "立つ", "立っている"),
}

# English relation phrases (subject before, object after), longest first.
EN_RELATIONS: list[tuple[str, str]] = sorted(
    [
        ("to the left of", "left_of"),
        ("on the left of", "left_of"),
        ("on the left side of", "left_of"),
        ("left of", "left_of"),
        ("to the right of", "right_of"),
        ("on the right of", "right_of"),
        ("on the right side of", "right_of"),
        ("right of", "right_of"),
        ("above", "above"),
        ("over", "over"),
        ("flying over", "over"),
        ("below", "below"),
        ("beneath", "below"),
        ("under", "under"),
        ("underneath", "under"),
        ("on top of", "on"),
        ("on", "on"),
        ("atop", "on"),
        ("sitting on", "on"),
        ("standing on", "on"),
        ("lying on", "on"),
        ("sleeping on", "on"),
        ("in", "in"),
        ("inside", "in"),
        ("inside of", "in"),
        ("next to", "next_to"),
        ("beside", "next_to"),
        ("besides", "next_to"),
        ("alongside", "next_to"),
        ("near", "next_to"),
        ("by", "next_to"),
        ("in front of", "in_front_of"),
        ("behind", "behind"),
        ("in back of", "behind"),
        ("holding", "holding"),
        ("holds", "holding"),
        ("carrying", "holding"),
        ("carries", "holding"),
        ("with", "with"),
        ("riding", "riding"),
        ("rides", "riding"),
        ("riding on", "riding"),
        ("on the back of", "riding"),
        ("wearing", "wearing"),
        ("wears", "wearing"),
        ("dressed in", "wearing"),
    ],
    key=lambda p: -len(p[0]),
)
JA_POSITIONS = {
    "上空": "over",
    "上": "on",
    "うえ": "on",
    "下": "under",
    "した": "under",
    "左": "left_of",
    "左側": "left_of",
    "右": "right_of",
    "右側": "right_of",
    "前": "in_front_of",
    "手前": "in_front_of",
    "後ろ": "behind",
    "うしろ": "behind",
    "奥": "behind",
    "隣": "next_to",
    "となり": "next_to",
    "横": "next_to",
    "そば": "next_to",
    "近く": "next_to",
    "中": "in",
    "なか": "in",
}
# 「XをVたY」: Y holds / rides / wears X.
JA_VERBS = (
    (re.compile(r"^(?:に|の上に)(?:乗|のっ|のる|またが)"), "riding"),
    (re.compile(r"^を(?:持|もっ|もつ|抱え|かかえ|掲げ|手に)"), "holding"),
    (re.compile(r"^を(?:着|き[たて]|かぶ|被|つけ|付け|身につけ|はい|履い|巻い|まと)"), "wearing"),
)
WEARABLE = {
    "top_hat",
    "hat",
    "cap",
    "billed_cap",
    "crown",
    "glasses",
    "sunglasses",
    "scarf",
    "necktie",
    "ribbon",
    "womans_hat",
    "graduation_cap",
    "helmet",
    "rescue_workers_helmet",
    "cowboy_hat",
    "santa_hat",
    "bow",
}

STYLE_WORDS = {
    "outline": (
        "line art",
        "lineart",
        "outline",
        "outlined",
        "line drawing",
        "線画",
        "アウトライン",
        "ぬりえ",
        "塗り絵",
    ),
    "hand": (
        "hand-drawn",
        "hand drawn",
        "handdrawn",
        "sketch",
        "sketchy",
        "crayon",
        "doodle",
        "手描き",
        "手書き風",
        "落書き",
        "スケッチ",
        "クレヨン",
    ),
    "flat": ("flat", "flat design", "フラット"),
}
PHOTO_WORDS = ("photo", "photograph", "photorealistic", "realistic", "写真", "リアル", "実写")
MOOD_WORDS = {
    "cute": ("cute", "kawaii", "adorable", "かわいい", "可愛い", "かわいらしい"),
    "spooky": ("spooky", "scary", "creepy", "haunted", "怖い", "こわい", "不気味"),
    "cozy": ("cozy", "cosy", "warm", "ほっこり", "あたたかい", "暖かい"),
    "cool": ("cool", "epic", "dramatic", "かっこいい", "カッコいい"),
    "calm": ("calm", "peaceful", "quiet", "穏やか", "静か"),
}
EVENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # event: (words, motif subjects by English name)
    "christmas": (("christmas", "xmas", "クリスマス", "聖夜", "サンタ"), ("christmas tree", "snowman", "wrapped gift")),
    "halloween": (("halloween", "ハロウィン", "ハロウィーン"), ("jack-o-lantern", "bat", "ghost")),
    "summer_festival": (
        ("夏祭り", "縁日", "盆踊り", "summer festival", "matsuri", "お祭り"),
        ("red paper lantern", "shaved ice", "wind chime"),
    ),
    "new_year": (("正月", "お正月", "年賀", "new year", "新年", "謹賀新年"), ("pine decoration", "mount fuji")),
    "birthday": (("birthday", "誕生日", "バースデー"), ("birthday cake", "balloon", "party popper")),
    "tanabata": (("七夕", "tanabata"), ("tanabata tree", "star")),
    "valentine": (("valentine", "バレンタイン"), ("heart with ribbon", "chocolate bar")),
    "hanami": (("お花見", "花見", "hanami", "cherry blossom viewing"), ("cherry blossom",)),
}
SEASONS = {
    "spring": ("spring", "春"),
    "summer": ("summer", "夏"),
    "autumn": ("autumn", "fall", "秋", "紅葉"),
    "winter": ("winter", "冬"),
}
INDOOR_PLACES = {"room", "kitchen", "classroom", "windowsill", "stage"}

# Words that are never subjects: requests, formats, grammar.
EN_STOP = set(
    """a an the of and or with without in on at by for to from into onto is are be been being that this these those it its
    their there here some any please me my our your we you i make create design show showing draw drawing drawn paint painting
    illustrate illustration picture pictures image images photo photograph render sketch art artwork style cute nice pretty
    beautiful lovely simple big small little large huge tiny giant which who whose what where when while as very so too
    also just then than like looks look looking says saying said reads reading written write writes text word words
    poster flyer card banner wallpaper post thumbnail logo sign-up scene background foreground left right top bottom
    middle center centre side front back up down near far over under above below behind next beside inside between
    around through across along against toward towards each every other another same one two three four five six
    seven eight nine ten eleven twelve dozen several few many lot lots pair couple both single kind sort type seen
    from view shot angle camera close-up closeup wide eye level high low day night morning evening sunset sunrise dusk
    dawn version flat outline hand-drawn vivid colorful colourful colored coloured color colour party festival
    celebration fair sale event concert meeting open opening shop store cafe restaurant club school class
    birthday christmas halloween""".split()
)
JA_STOP = {
    "絵",
    "イラスト",
    "画像",
    "写真",
    "ポスター",
    "カード",
    "チラシ",
    "バナー",
    "壁紙",
    "投稿",
    "様子",
    "感じ",
    "ところ",
    "こと",
    "もの",
    "物",
    "風",
    "雰囲気",
    "背景",
    "上",
    "下",
    "左",
    "右",
    "前",
    "後ろ",
    "隣",
    "横",
    "中",
    "奥",
    "手前",
    "近く",
    "そば",
    "日",
    "時",
    "方",
    "たち",
    "達",
    "全体",
    "真ん中",
    "中央",
    "文字",
    "タイトル",
    "デザイン",
    "作品",
    "構図",
    "色",
    "目線",
    "アップ",
    "引き",
    "スマホ",
    "サムネイル",
    "パーティー",
    "パーティ",
    "祭り",
    "お祭り",
    "セール",
    "イベント",
    "誕生日",
    "クリスマス",
    "ハロウィン",
    "屋",
    "店",
    "開店",
    "本日",
}

# ---------------------------------------------------------------------------- tokens


@dataclass
class _Tok:
    text: str  # surface as written
    lemma: str  # dictionary form (Japanese) or lower-case word (English)
    pos: str  # 名詞, 動詞, ... ("" for English)
    start: int
    end: int


@dataclass
class _Mention:
    start: int
    end: int
    word: str
    subject_id: str
    name: str
    via: str
    plural: bool = False
    color: tuple[str, str] | None = None  # (word, hex) written inside the word (黒猫)
    extra: dict[str, Any] = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def _tagger() -> Any:
    import fugashi  # MeCab with unidic-lite: a ~30 ms mmap load

    return fugashi.Tagger()


def _ja_tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    for w in _tagger()(text):
        s = w.surface
        i = text.find(s, pos)
        if i < 0:
            continue
        lemma = w.feature.lemma or s
        lemma = lemma.split("-")[0]  # "ロボット-robot" → "ロボット"
        out.append(_Tok(s, lemma, w.feature.pos1 or "", i, i + len(s)))
        pos = i + len(s)
    return out


def _en_tokens(text: str) -> list[_Tok]:
    return [
        _Tok(m.group(0), m.group(0).lower(), "", m.start(), m.end())
        for m in re.finditer(r"[A-Za-z][A-Za-z'\-]*|\d+|[^\sA-Za-z\d]", text)
    ]


def _spans(low: str, words: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Every place a word of ``words`` occurs (Latin words whole), as (start, end, word)."""
    out = []
    for w in words:
        wl = w.lower()
        if wl.isascii():
            if wl not in low:
                continue
            for m in word_pattern(wl).finditer(low):
                out.append((m.start(), m.end(), w))
        else:
            i = low.find(wl)
            while i >= 0:
                out.append((i, i + len(wl), w))
                i = low.find(wl, i + 1)
    return out


# ---------------------------------------------------------------------------- reader


def read_plan(text: str, quotes: list[tuple[int, str]], language: str, trace: Trace) -> PicturePlan:
    """The picture plan of a request. ``text`` is the cleaned prompt; ``quotes`` its quoted
    texts with their positions (they are never read as subjects)."""
    from .. import assets
    from ..render import scenery

    # 0. Mask quoted text with spaces so positions stay, and nothing quoted is read.
    masked = list(text)
    qspans: list[tuple[int, int, str]] = []
    for start, q in quotes:
        end = min(len(text), start + len(q) + 2)
        for i in range(start, end):
            masked[i] = " "
        qspans.append((start, end, q))
    src = "".join(masked)
    low = src.lower()

    # 1. Setting, time, weather, camera, style, event: these words are not subjects.
    consumed: list[tuple[int, int]] = []
    setting = SettingPlan()
    st = scenery.find_setting(low)
    if st:
        setting.place, setting.word = st[0], st[1]
        setting.indoors = st[0] in INDOOR_PLACES
        consumed += [(a, b) for a, b, _ in _spans(low, scenery.SETTINGS[st[0]])]
    # a character standing like a person (2足歩行) is a pose, not a leg to draw
    consumed += [(a, b) for a, b, _ in _spans(low, ("2足歩行", "二足歩行", "bipedal"))]
    tm = scenery.find_time(low)
    if tm:
        setting.time_of_day = tm[0]  # type: ignore[assignment]
        consumed += [(a, b) for a, b, _ in _spans(low, scenery.TIMES[tm[0]])]
    we = scenery.find_weather(low)
    if we:
        setting.weather = we[0]  # type: ignore[assignment]
        consumed += [(a, b) for a, b, _ in _spans(low, scenery.WEATHERS[we[0]])]
    for key, (words, _motifs) in EVENTS.items():
        hits = _spans(low, words)
        if hits and setting.event is None:
            setting.event = key
            trace.add("understand", f"event: {key.replace('_', ' ')}", f"the request says {hits[0][2]!r}")
    for season, words in SEASONS.items():
        if _spans(low, words):
            setting.season = season  # type: ignore[assignment]
            break
    style = "flat"
    for key, words in STYLE_WORDS.items():
        hits = _spans(low, words)
        if hits:
            style = key
            consumed += [(a, b) for a, b, _ in hits]
            trace.add("understand", f"style: {key}", f"the request says {hits[0][2]!r}")
            break
    photo = _spans(low, PHOTO_WORDS)
    if photo:
        trace.add(
            "understand",
            "a photograph was asked for; drawing a flat illustration instead",
            "no photographic model runs offline; the subjects and their arrangement are kept",
        )
    mood = "calm"
    for key, words in MOOD_WORDS.items():
        if _spans(low, words):
            mood = key
            break
    from .picture import CAMERA_ANGLE, CAMERA_SHOT

    angle, shot = "eye", "medium"
    for key, words in CAMERA_ANGLE.items():
        hits = _spans(low, words)
        if hits:
            angle = key
            consumed += [(a, b) for a, b, _ in hits]
            break
    for key, words in CAMERA_SHOT.items():
        hits = _spans(low, words)
        if hits:
            shot = key
            consumed += [(a, b) for a, b, _ in hits]
            break

    # 2. Subjects: the longest library names among the words that are left (a counter such
    #    as 脚 or 足 in 椅子が4脚 is not a leg).
    poses = list(consumed)  # what counts must skip (2足歩行); counters themselves are counted below
    if language == "ja":
        consumed += [(m.start(), m.end()) for m in _JA_COUNT.finditer(low)]
        consumed += [(m.start(), m.end()) for m in _JA_KANA_COUNT.finditer(low)]
    toks = _ja_tokens(src) if language == "ja" else _en_tokens(src)
    mentions = _find_mentions(src, toks, consumed, language, setting, assets)

    # 3. Modifiers: counts, colours, sizes, actions, each to its nearest subject.
    counts = _counts(low, mentions, language, poses)
    colors = _colors(src, low, mentions, language)
    sizes = _sizes(low, mentions, language)
    actions = _actions(low, mentions, language)

    # 4. Signs with text: "a sign that says 'HELLO'", 「HELLO」と書かれた看板.
    sign_texts: dict[int, str] = {}
    for qi, (qs, qe, q) in enumerate(qspans):
        for mi, m in enumerate(mentions):
            if m.subject_id not in _SIGNS:
                continue
            after = low[m.end : qs]
            before = low[qe : m.start]
            if (
                0 <= qs - m.end <= 40 and re.search(r"(say|saying|says|read|reads|reading|written|with|that)", after)
            ) or (0 <= m.start - qe <= 12 and re.search(r"(と書|って書|の)", before)):
                if mi not in sign_texts:
                    sign_texts[mi] = q
                    trace.add("understand", f"sign text: {q!r}", "quoted next to the sign; drawn on it, exactly")
                    break
        _ = qi

    # 5. Relations between subjects (and the setting).
    relations = _relations(src, low, mentions, language, setting)

    # 6. One SubjectPlan per distinct mention. A thing named again is the same thing when it
    #    is referred back to ("the dog", 「コアラを描いて。コアラは…」) with no number or colour
    #    of its own; "a cat on a cat" is two cats.
    subjects: list[SubjectPlan] = []
    index: dict[int, str] = {}
    first_of: dict[str, int] = {}
    for mi, m in enumerate(mentions):
        prev = first_of.get(m.subject_id)
        back = False
        if prev is not None:
            if language == "ja":
                back = bool(re.search(r"[。、！？!?]", src[mentions[prev].end : m.start]))
            else:
                back = bool(re.search(r"\b(the|this|that|these|those|its|their)\s+$", low[: m.start]))
                # "4 cups of coffee": the coffee is what is in the cups, not a fifth cup
                back = back or re.fullmatch(r"\s*of\s+", low[mentions[prev].end : m.start]) is not None
        if (
            back
            and prev is not None
            and mi not in counts
            and not colors.get(mi)
            and not (m.plural and not mentions[prev].plural)
            and m.subject_id not in _SIGNS
        ):
            index[mi] = index[prev]
            if mi in actions and subjects[int(index[prev][1:]) - 1].action == "none":
                subjects[int(index[prev][1:]) - 1].action = actions[mi]  # type: ignore[assignment]
            continue
        first_of.setdefault(m.subject_id, mi)
        n = counts.get(mi, 3 if m.plural else 1)
        if mi not in counts and m.plural:
            trace.add("understand", f"{m.name}: 3", f"{m.word!r} is plural and no number is given")
        color = colors.get(mi) or m.color
        sid = f"s{len(subjects) + 1}"
        index[mi] = sid
        subjects.append(
            SubjectPlan(
                id=sid,
                what=m.name,
                word=m.word,
                asset=m.subject_id,
                count=min(MAX_COUNT, n),
                color=color[1] if color else None,
                color_word=color[0] if color else "",
                size=sizes.get(mi, "normal"),
                action=actions.get(mi, "none"),
                attributes=[mood] if mood != "calm" else [],
                sign_text=sign_texts.get(mi),
            )
        )
        if n > MAX_COUNT:
            trace.add("understand", f"{m.name}: {MAX_COUNT}", f"{n} asked for; at most {MAX_COUNT} are drawn")
    rels = [
        Relation(subject=index[a], relation=r, object=index[b] if isinstance(b, int) else b, word=w)
        for a, r, b, w in relations
    ]
    # Flying things with "over"/"above" the setting are in the air.
    for r in rels:
        if r.object == "setting" and r.relation in ("over", "above"):
            s = next(s for s in subjects if s.id == r.subject)
            if s.action == "none":
                s.action = "flying"

    # 7. Event motifs, when nothing of the event was asked for by name.
    if setting.event:
        have = {s.asset for s in subjects}
        motifs = [assets.lookup(name) for name in EVENTS[setting.event][1]]
        added: list[str] = []
        for mt in motifs:
            if mt is None or mt.subject.id in have or len(subjects) >= 6:
                continue
            if any(s.asset == mt.subject.id for s in subjects):
                continue
            noun = common_noun(mt.subject.id, mt.subject.name)
            if any(s.what in (noun, mt.subject.name) or s.what in mt.subject.name.split() for s in subjects):
                continue  # a cake was asked for: no second, birthday cake beside it
            if len([s for s in subjects if not s.motif]) >= 2 and len(added) >= 1:
                break
            subjects.append(
                SubjectPlan(
                    id=f"s{len(subjects) + 1}",
                    what=mt.subject.name,
                    word="",
                    asset=mt.subject.id,
                    count=1,
                    motif=True,
                )
            )
            added.append(mt.subject.name)
        if added:
            trace.add(
                "understand",
                f"{setting.event.replace('_', ' ')} motifs: {', '.join(added)}",
                "the event's usual motifs",
            )

    unmatched = _unmatched(src, toks, mentions, consumed, language, assets)
    for u in unmatched:
        trace.add("understand", f"nothing in the library draws {u!r}", "left out rather than drawn as something else")
    style = _shared_style(style, subjects, trace, assets)
    plan = PicturePlan(
        subjects=subjects,
        relations=rels,
        setting=setting,
        camera_angle=angle,
        camera_shot=shot,
        mood=mood,
        style=style,
        unmatched=unmatched,
    )
    for s in subjects:
        if not s.motif:
            via = next((m.via for m in mentions if m.subject_id == s.asset), "")
            trace.add(
                "understand",
                f"subject: {s.count} × {s.what}"
                + (f", {s.color_word}" if s.color_word else "")
                + (f", {s.size}" if s.size != "normal" else "")
                + (f", {s.action}" if s.action != "none" else ""),
                f"the request says {s.word!r}; library subject {s.asset!r} ({via})",
            )
    for r in rels:
        trace.add(
            "understand",
            f"relation: {r.subject} {r.relation.replace('_', ' ')} {r.object}",
            f"the request says {r.word!r}",
        )
    return plan


_SIGNS = {"sign"}
_ACTION_WORDS = {w for words in ACTIONS.values() for w in words}
SIGN_WORDS = {"sign", "placard", "signboard", "sign board", "board", "看板", "プラカード", "立て札", "ボード", "札"}


def _overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < e and s < b for s, e in spans)


def _find_mentions(
    src: str, toks: list[_Tok], consumed: list[tuple[int, int]], language: str, setting: SettingPlan, assets: Any
) -> list[_Mention]:
    out: list[_Mention] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        emoji = bool(t.text) and unicodedata.category(t.text[0]) == "So"
        if _overlaps(t.start, t.end, consumed) or (language == "en" and not t.lemma.isalpha() and not emoji):
            i += 1
            continue
        found: _Mention | None = None
        for k in (4, 3, 2, 1):
            if i + k > n:
                continue
            span = toks[i : i + k]
            if any(_overlaps(s.start, s.end, consumed) for s in span):
                continue
            kana = language == "ja" and re.fullmatch(r"[ぁ-んァ-ヶー]{2,6}", "".join(x.text for x in span)) is not None
            if k == 1 and (not _content(t, language) or t.lemma in _ACTION_WORDS) and not kana:
                continue  # "running" alone says what a subject does, not a runner to draw
            loose = k > 1 and (not all(_joinable(s, language) for s in span) or not _content(t, language))
            if (
                loose
                and language == "ja"
                and not kana
                and (
                    span[-1].pos != "名詞"
                    or span[0].pos in ("補助記号", "助詞", "助動詞", "記号")
                    or any(x.text in ("と", "や", "、", "か") for x in span)
                )
            ):
                continue  # ボウルとスプーン is a bowl and a spoon
            if (
                loose
                and language == "en"
                and (
                    not all(_joinable(s, language) or (0 < j < k - 1 and s.lemma == "of") for j, s in enumerate(span))
                    or not _content(span[-1], language)
                )
            ):
                continue  # "flag of japan" may span "of"; nothing else joins
            word = src[span[0].start : span[-1].end]
            if kana and not (k == 1 and _content(t, language)) and not loose_kana_ok(span, toks, i):
                continue
            m = _lookup(word, span, language, setting, assets)
            if m is not None and loose and m.via not in ("name", "name_ja", "synonym", "alias"):
                m = None  # 止まれの標識, 温かい飲み物: only a whole name may span a particle
            if (
                m is not None
                and kana
                and not (k == 1 and _content(t, language))
                and m.via not in ("name_ja", "synonym")
            ):
                m = None  # いぬ, かさ that MeCab tagged as something else: only an exact name
            if m is not None:
                found = m
                i += k
                break
        if found is not None:
            out.append(found)
        else:
            i += 1
    # "an orange car", 「オレンジ色のリュック」: a colour word right before a thing is its
    # colour, not an orange (the fruit) standing beside it; 「野球のバット」「りんごの木」: a
    # thing right before の and another thing says what kind that one is
    kept: list[_Mention] = []
    for j, m in enumerate(out):
        nxt = out[j + 1] if j + 1 < len(out) else None
        gap = src[m.end : nxt.start] if nxt is not None else ""
        word = m.word.lower()
        if nxt is not None and (word in EN_COLORS or word in JA_COLORS) and re.fullmatch(r"\s*(?:色)?(?:の)?\s*", gap):
            continue
        if nxt is not None and language == "ja" and gap == "の":
            continue
        kept.append(m)
    return kept


def loose_kana_ok(span: list[_Tok], toks: list[_Tok], i: int) -> bool:
    """A kana word MeCab split or mis-tagged (青い|か|さ, に|いぬ) may be a thing when it
    starts a word: after the start, a particle, an adjective, punctuation or a counter."""
    if span[0].pos in ("助動詞",):
        return False
    prev = toks[i - 1] if i > 0 else None
    if prev is None:
        return True
    return prev.pos in ("助詞", "形容詞", "補助記号", "記号", "接尾辞", "連体詞") or prev.text in ("の", "と")


def _content(t: _Tok, language: str) -> bool:
    import unicodedata

    if unicodedata.normalize("NFKC", t.text).isdigit():
        return False  # a number is a count, never a thing (the library knows "1" as 👎)
    if t.text and unicodedata.category(t.text[0]) == "So":
        return True  # an emoji names its subject (🐶を描いて)
    if language == "ja":
        return t.pos in ("名詞", "接頭辞", "代名詞", "形状詞") and t.text not in JA_STOP and t.lemma not in JA_STOP
    return t.lemma not in EN_STOP and t.lemma.isalpha()


def _joinable(t: _Tok, language: str) -> bool:
    if language == "ja":
        return t.pos in ("名詞", "接尾辞", "接頭辞")
    return t.lemma.isalpha() and t.lemma not in ("and", "or", "with", "on", "in", "of", "the", "a", "an", "to", "at")


_CONTEXT = {
    "christmas": {"tree": "christmas tree", "ツリー": "christmas tree", "木": "christmas tree"},
    "halloween": {"pumpkin": "jack-o-lantern", "かぼちゃ": "jack-o-lantern", "カボチャ": "jack-o-lantern"},
}


def _lookup(word: str, span: list[_Tok], language: str, setting: SettingPlan, assets: Any) -> _Mention | None:
    w = word.strip()
    if not w:
        return None
    ctx = _CONTEXT.get(setting.event or "", {})
    key = w.lower()
    if key in SIGN_WORDS or (language == "en" and _singular(key) in SIGN_WORDS):
        # a board that carries quoted text: drawn by the composer, its text exact
        return _Mention(
            span[0].start, span[-1].end, w, "sign", "sign", "name", key != _singular(key) and language == "en"
        )
    plural = False
    if key in ctx:
        m = assets.lookup(ctx[key])
    elif language == "en" and key.endswith("s") and ctx.get(_singular(key)):
        m = assets.lookup(ctx[_singular(key)])
        plural = True
    else:
        m = assets.lookup(w)
        sing = _singular(key) if language == "en" else key
        if sing != key:  # "cars" is car, whatever a keyword says
            ms = assets.lookup(sing)
            if (
                ms is not None
                and ms.score >= 0.9
                and (m is None or m.subject.id != ms.subject.id or ms.score > m.score)
            ):
                m, plural = ms, True
        if m is None and language == "ja" and len(span) == 1 and span[0].lemma != w:
            m = assets.lookup(span[0].lemma)  # くま → 熊, りんご → 林檎
    color: tuple[str, str] | None = None
    if m is None and language == "ja" and len(w) >= 2 and w[0] in JA_COLOR_PREFIX:
        m = assets.lookup(w[1:])  # 黒猫 → black + 猫
        if m is not None:
            color = (w[0], JA_COLOR_PREFIX[w[0]])
    if m is None or m.score < 0.75:
        return None
    first = m.subject.name.split()[0].lower() if m.subject.name else ""
    named_color = False
    if color is None and first in EN_COLORS and first not in ("gold", "golden"):
        color = (first, EN_COLORS[first])  # a black cat reads black
        named_color = True
    if len(span) > 1 and m.via in ("head", "fuzzy", "part"):
        return None  # "red train" is a colour and a train: the words are read one by one
    if len(span) > 1 and span[0].lemma in EN_COLORS and m.via not in ("name", "synonym", "emoji"):
        return None  # "blue car" is not an alias of some other vehicle: a colour and a car
    if language == "en" and m.via == "plural":
        plural = True
    men = _Mention(
        span[0].start, span[-1].end, w, m.subject.id, common_noun(m.subject.id, m.subject.name), m.via, plural, color
    )
    if named_color:
        men.extra["color_from_name"] = True  # a colour word said with it wins (緑のりんご)
    return men


# Everyday English nouns: a subject found by one of them is named by it ("cup", not "hot
# beverage"; "clock", not "alarm clock"), so the plan, the layers and edits use the word
# people use. The COCO classes come first.
EVERYDAY = (
    "cup clock book ball shoe car bird dog cat horse sheep cow elephant bear zebra giraffe bus train truck boat "
    "airplane bicycle motorcycle person umbrella backpack handbag tie suitcase bottle glass fork knife spoon bowl "
    "banana apple orange sandwich broccoli carrot pizza donut cake chair couch bed toilet tv laptop mouse keyboard "
    "phone microwave oven toaster sink refrigerator vase scissors teddy bear toothbrush bench kite skateboard "
    "surfboard tree flower house rabbit fox panda koala penguin monkey pig chicken duck frog fish whale dolphin "
    "octopus snake turtle lion tiger wolf deer owl butterfly bee ant spider snail dragon unicorn robot ghost "
    "snowman star moon sun cloud rainbow heart hat glasses crown gift balloon candle lantern pumpkin bat rocket "
    "taxi police car ambulance fire engine tractor helicopter mountain castle tent camera guitar piano drum "
    "trumpet violin bread cheese egg rice ramen sushi coffee tea milk beer wine cookie candy ice cream strawberry "
    "grape watermelon lemon cherry peach pear pineapple tomato potato corn mushroom lamp key lock door window "
    "clock tower"
)


@functools.lru_cache(maxsize=1)
def _noun_of() -> dict[str, str]:
    from .. import assets

    out: dict[str, str] = {}
    words = list(getattr(assets, "COCO_CLASSES", ())) + _everyday_words()
    tops = []
    for w in words:
        m = assets.lookup(w)
        if m is not None and m.score >= 0.9 and m.subject.id not in out:
            out[m.subject.id] = w
            tops.append((w, m.subject))
    # kinds of the same thing are named by it too: a speedboat or a ferry is a boat, a
    # poodle a dog, a closed book a book (same subgroup, tagged or named with the noun)
    idx = assets._index()
    by_last: dict[str, list[Any]] = {}
    for sub in idx.all:
        if " " in sub.name:
            by_last.setdefault(sub.name.rsplit(" ", 1)[1], []).append(sub)
    for w, top in tops:
        tagged = [idx.all[row] for tier, row in idx.keys.get(w, []) if tier in (3, 4)]
        for sub in tagged + by_last.get(w, []):
            # animals and people keep their own names (a goose is not a duck)
            if sub.id not in out and sub.subgroup == top.subgroup and sub.kind not in ("animal", "person"):
                out[sub.id] = w
    return out


def _everyday_words() -> list[str]:
    two = {"teddy bear", "police car", "fire engine", "ice cream", "clock tower"}
    text = EVERYDAY
    found = [w for w in two if w in text]
    for w in two:
        text = text.replace(w, " ")
    return found + text.split()


def common_noun(subject_id: str, name: str) -> str:
    """The everyday English noun for a library subject ("hot_beverage" → "cup")."""
    return _noun_of().get(subject_id, name)


def _singular(word: str) -> str:
    irregular = {
        "mice": "mouse",
        "geese": "goose",
        "people": "person",
        "children": "child",
        "teeth": "tooth",
        "feet": "foot",
        "men": "man",
        "women": "woman",
        "wolves": "wolf",
        "knives": "knife",
        "leaves": "leaf",
        "loaves": "loaf",
    }
    last = word.split()[-1]
    head = word[: len(word) - len(last)]
    if last in irregular:
        return head + irregular[last]
    if last.endswith("ss"):
        return word
    if last.endswith("ies") and len(last) > 4:
        return head + last[:-3] + "y"
    if re.search(r"(ches|shes|xes|sses)$", last):
        return head + last[:-2]
    if last.endswith("oes") and last not in ("shoes", "canoes", "horseshoes"):
        return head + last[:-2]  # potatoes, tomatoes
    if last.endswith("s") and len(last) > 2:
        return head + last[:-1]
    return word


def _nearest(mentions: list[_Mention], at: int, end: int, prefer: str) -> int | None:
    """The mention a modifier at [at, end) belongs to: the next one (prefer='next') when it
    starts soon after, else the previous one."""
    nxt = next((i for i, m in enumerate(mentions) if m.start >= end), None)
    prv = next((i for i in range(len(mentions) - 1, -1, -1) if mentions[i].end <= at), None)
    if prefer == "next" and nxt is not None:
        return nxt
    if prefer == "prev" and prv is not None:
        return prv
    return nxt if nxt is not None else prv


def _counts(
    low: str, mentions: list[_Mention], language: str, consumed: list[tuple[int, int]] | None = None
) -> dict[int, int]:
    out: dict[int, int] = {}
    if language == "ja":
        found = list(_JA_COUNT.finditer(low)) + [
            k
            for k in _JA_KANA_COUNT.finditer(low)
            if not any(k.start() < j.end() and j.start() < k.end() for j in _JA_COUNT.finditer(low))
        ]
        for m in found:
            if consumed and _overlaps(m.start(), m.end(), consumed):
                continue  # 2足歩行 is a pose, not two of anything
            if m.re is _JA_KANA_COUNT:
                if m.group("n") in ("ひと", "ふた") and m.group("c") not in ("り",):
                    continue  # ひとつ/ふたつ are read by the kanji pattern
                if m.group("c") == "り" and m.group("n") not in ("ひと", "ふた"):
                    continue
                n = JA_KANA_NUMBERS[m.group("n")]
            elif m.group("w"):
                n = JA_VAGUE[m.group("w")]
            else:
                raw = m.group("n")
                n = _ja_number(raw)
            follows_no = low[m.end() : m.end() + 1] == "の"
            after = next((i for i, x in enumerate(mentions) if x.start >= m.end()), None)
            before = next((i for i in range(len(mentions) - 1, -1, -1) if mentions[i].end <= m.start()), None)
            target = None
            if (follows_no or m.groupdict().get("w")) and after is not None and mentions[after].start - m.end() <= 12:
                target = after
            elif before is not None and m.start() - mentions[before].end <= 3:
                target = before  # 犬が3匹, 犬3匹
            elif after is not None and mentions[after].start - m.end() <= 8:
                target = after
            if target is not None and n > 0:
                out[target] = n
        return out
    words = sorted(EN_NUMBERS, key=len, reverse=True)
    for mi, men in enumerate(mentions):
        prev_end = mentions[mi - 1].end if mi else 0
        window = low[prev_end : men.start]
        # the nearest number word before the noun, in its own phrase
        best: tuple[int, int] | None = None
        for w in words:
            if w not in window:
                continue
            for mm in word_pattern(w).finditer(window):
                if best is None or mm.start() > best[0]:
                    best = (mm.start(), EN_NUMBERS[w])
        for mm in re.finditer(r"(?<![\d.])(\d{1,3})(?![\d.])", window):
            if best is None or mm.start() > best[0]:
                best = (mm.start(), int(mm.group(1)))
        if best is not None:
            tail = window[best[0] :]
            if not re.search(r"\b(and|with|on|in|under|over|above|below|behind|holding|riding|next|beside)\b", tail):
                if "pair" in tail and not men.plural:
                    out[mi] = 1  # a pair of glasses is one thing
                elif best[1] > 0:
                    out[mi] = best[1]
        elif men.plural:
            pass
    return out


def _ja_number(raw: str) -> int:
    import unicodedata

    s = unicodedata.normalize("NFKC", raw)
    if s.isdigit():
        return int(s)
    if s in JA_NATIVE:
        return JA_NATIVE[s]
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + JA_NUMERALS.get(s[1:], 0)
    if s.endswith("十") and len(s) == 2:
        return JA_NUMERALS.get(s[0], 1) * 10
    return JA_NUMERALS.get(s[0], 1) if len(s) == 1 else 0


def _colors(src: str, low: str, mentions: list[_Mention], language: str) -> dict[int, tuple[str, str]]:
    out: dict[int, tuple[str, str]] = {}
    table = JA_COLORS if language == "ja" else EN_COLORS
    words = sorted(table, key=len, reverse=True)
    for mi, men in enumerate(mentions):
        if men.color and not men.extra.get("color_from_name"):
            continue
        prev_end = mentions[mi - 1].end if mi else max(0, men.start - 24)
        window = low[prev_end : men.start]
        best: tuple[int, str] | None = None
        taken: list[tuple[int, int]] = []
        for w in words:
            wl = w.lower()
            if wl not in window:
                continue
            pat = word_pattern(wl) if wl.isascii() else re.compile(re.escape(wl))
            for mm in pat.finditer(window):
                if _overlaps(mm.start(), mm.end(), taken):
                    continue
                taken.append((mm.start(), mm.end()))
                if best is None or mm.start() > best[0]:
                    best = (mm.start(), w)
        if best is None:
            after = _color_after(low, men, mentions[mi + 1] if mi + 1 < len(mentions) else None, language, words)
            if after is not None:
                out[mi] = (after, table[after])
            continue
        tail = window[best[0] + len(best[1]) :]
        far = (
            language == "en"
            and re.search(r"\b(and|on|in|under|over|above|below|behind|holding|riding|next|beside|with)\b", tail)
        ) or (language == "ja" and re.search(r"[とや、]|の(上|下|左|右|前|後|隣|横|中)", tail))
        if far:  # that colour belongs to something before; this one may have its own after it
            after = _color_after(low, men, mentions[mi + 1] if mi + 1 < len(mentions) else None, language, words)
            if after is not None:
                out[mi] = (after, table[after])
            continue
        out[mi] = (best[1], table[best[1]])
    return out


_EN_COLOR_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:that|which)(?:\s+|(?='s)))?(?:(?:is|are|was|were)\s+|'s\s+)?(?:(?:completely|all|entirely|fully|painted|"
    r"coloured|colored|in)\s+)*(?P<c>[a-z]+(?:\s[a-z]+)?)"
)
_JA_COLOR_AFTER = re.compile(r"^(?:は|が)(?:全部|全体が|真っ)?(?P<c>\S+)")


def _color_after(low: str, men: _Mention, nxt: _Mention | None, language: str, words: list[str]) -> str | None:
    """A colour said after the thing: "an umbrella that is yellow", "a truck painted red",
    "a bear in pink", "the bus is yellow", 「傘は黄色」."""
    rest = low[men.end : nxt.start if nxt is not None else len(low)]
    m = (_JA_COLOR_AFTER if language == "ja" else _EN_COLOR_AFTER).match(rest)
    if m is None:
        return None
    said = m.group("c")
    for w in words:  # longest first: "light blue" before "blue"
        wl = w.lower()
        if said == wl or said.startswith(wl + " ") or (language == "ja" and said.startswith(wl)):
            return w
    return None


def _sizes(low: str, mentions: list[_Mention], language: str) -> dict[int, str]:
    out: dict[int, str] = {}
    for key, words in SIZE_WORDS.items():
        for a, b, _w in _spans(low, words):
            target = _nearest(mentions, a, b, "next")
            if target is not None and 0 <= mentions[target].start - b <= 16:
                out[target] = key
    return out


def _actions(low: str, mentions: list[_Mention], language: str) -> dict[int, str]:
    out: dict[int, str] = {}
    for key, words in ACTIONS.items():
        for a, b, _w in _spans(low, words):
            nxt = next((i for i, m in enumerate(mentions) if m.start >= b), None)
            prv = next((i for i in range(len(mentions) - 1, -1, -1) if mentions[i].end <= a), None)
            target = None
            if language == "ja":
                # a relative clause comes first: 走る柴犬, 昼寝をしている猫; else 猫が寝ている
                gap = low[b : mentions[nxt].start] if nxt is not None else ""
                if nxt is not None and len(gap) <= 10 and not re.search(r"[と、。や]", gap):
                    target = nxt
                elif prv is not None:
                    target = prv
            else:
                gap = low[mentions[prv].end : a] if prv is not None else ""
                if prv is not None and len(gap) <= 14 and not re.search(r"\b(and|a|an|the)\b", gap):
                    target = prv  # dragon flying, a cat that is sleeping
                elif nxt is not None and mentions[nxt].start - b <= 12:
                    target = nxt  # a running dog
                elif prv is not None:
                    target = prv
            if target is not None and target not in out:
                out[target] = key
    return out


def _relations(
    src: str, low: str, mentions: list[_Mention], language: str, setting: SettingPlan
) -> list[tuple[int, str, int | str, str]]:
    out: list[tuple[int, str, int | str, str]] = []
    setting_at = low.find(setting.word.lower()) if setting.word else -1
    if language == "en":
        # "a cat on the left and a dog on the right": sides said of each, not "cat on dog"
        sides: list[tuple[int, str]] = []
        for i, a in enumerate(mentions):
            stop = mentions[i + 1].start if i + 1 < len(mentions) else len(low)
            sm = re.match(
                r"\s*(?:is\s+|are\s+|sits\s+|stands\s+)?(?:on|at|to)\s+the\s+(left|right)(?!\s+(?:of|side\s+of))\b",
                low[a.end : stop],
            )
            if sm:
                sides.append((i, sm.group(1)))
        for i, a in enumerate(mentions):
            before = low[mentions[i - 1].end if i else 0 : a.start]
            sm = re.search(
                r"(?:on|to|at)\s+(?:the|its|their|his|her)\s+(left|right)(?:\s+side)?\s*,?\s*(?:(?:is|are|sits|stands)\s+|"
                r"there\s+is\s+|there's\s+)?(?:a|an|the|one|two|three|four|five|six|some)?\s*$",
                before,
            )
            if sm and all(j != i for j, _ in sides):
                side = sm.group(1)
                if re.search(r"\b(?:its|their|his|her)\s+(?:left|right)", sm.group(0)) and i > 0:
                    out.append((i, "left_of" if side == "left" else "right_of", i - 1, sm.group(0).strip()))
                    continue  # "a laptop, and to its left a mouse"
                sides.append((i, side))
        if sides:
            for i, side in sides:
                others = [j for j in range(len(mentions)) if j != i and j not in [k for k, _ in sides]]
                others += [j for j, sd in sides if sd != side]
                if others and not any(o[0] == others[0] and o[2] == i for o in out):  # one of a pair says it
                    out.append((i, "left_of" if side == "left" else "right_of", others[0], f"on the {side}"))
            said = {i for i, _ in sides}
            return out + [r for r in _en_relations(low, mentions, setting_at) if r[0] not in said]
        return out + _en_relations(low, mentions, setting_at)
    return _ja_relations(low, mentions, setting, out)


def _sides_to_relations(
    sides: list[tuple[int, str]], n: int, out: list[tuple[int, str, int | str, str]]
) -> list[tuple[int, str, int | str, str]]:
    """Sides said of single subjects ("on the left a horse", 「右に車、左にバス」) as relations
    to the others."""
    said = [i for i, _ in sides]
    for i, side in sides:
        others = [j for j in range(n) if j != i and j not in said] + [j for j, sd in sides if sd != side]
        if others and not any(o[0] == others[0] and o[2] == i for o in out):
            out.append((i, "left_of" if side == "left" else "right_of", others[0], side))
    return out


def _en_relations(low: str, mentions: list[_Mention], setting_at: int) -> list[tuple[int, str, int | str, str]]:
    out: list[tuple[int, str, int | str, str]] = []
    if True:
        for i in range(len(mentions)):
            a = mentions[i]
            nxt = mentions[i + 1] if i + 1 < len(mentions) else None
            stop = nxt.start if nxt else len(low)
            between = low[a.end : stop]
            for phrase, rel in EN_RELATIONS:
                mm = word_pattern(phrase).search(between) if phrase in between else None
                if not mm:
                    continue
                next_word = re.match(r"\s*([a-z]+)", between[mm.end() :])
                if rel in ("in", "on") and next_word is not None and next_word.group(1) in EN_COLORS:
                    continue  # "a bear in pink" is a colour, not a place
                if nxt is not None:
                    obj_gap = between[mm.end() :]
                    if setting_at >= 0 and a.end + mm.end() <= setting_at < stop:
                        if rel in ("over", "above"):
                            out.append((i, rel, "setting", phrase))
                        break
                    if len(obj_gap) > 24 or re.search(r"\band\b", between[: mm.start()]):
                        break
                    if rel == "with":
                        rel = "wearing" if nxt.subject_id in WEARABLE else "holding" if _holdable(nxt) else "next_to"
                    out.append((i, rel, i + 1, phrase))
                elif setting_at >= 0 and rel in ("over", "above") and setting_at > a.end:
                    out.append((i, rel, "setting", phrase))
                break
    return out


def _ja_relations(
    low: str, mentions: list[_Mention], setting: SettingPlan, out: list[tuple[int, str, int | str, str]]
) -> list[tuple[int, str, int | str, str]]:
    # 「右に車、左にバス」「左側には犬」: a side said of one subject (not 「XのPに」)
    sides: list[tuple[int, str]] = []
    for i, x in enumerate(mentions):
        start = mentions[i - 1].end if i else 0
        sm = re.search(r"(?<!の)(左|右)(?:側)?(?:に|には|は|で)\s*$", low[start : x.start])
        if sm:
            sides.append((i, "left" if sm.group(1) == "左" else "right"))
        else:
            am = re.match(r"^(?:は|が)(左|右)(?:側)?(?:に|で|$)", low[x.end :])
            if am:
                sides.append((i, "left" if am.group(1) == "左" else "right"))
    if sides:
        out = _sides_to_relations(sides, len(mentions), out)
    # Japanese: 「XのPにY」 → Y rel X; 「XにVたY」 → Y riding X; 「XをVたY」 → Y holding/wearing X.
    for i, x in enumerate(mentions):
        rest = low[x.end :]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        prv = mentions[i - 1] if i > 0 else None
        mm = re.match(
            r"^(?:の)(上空|左側|右側|うしろ|となり|手前|後ろ|上|うえ|下|した|左|右|前|奥|隣|横|そば|近く|中|なか)(?:に|で|を|へ|には|から)",
            rest,
        )
        if mm:
            rel = JA_POSITIONS[mm.group(1)]
            if nxt is not None and nxt.start - x.end <= len(mm.group(0)) + 14:
                out.append((i + 1, rel, i, mm.group(0)))
            elif prv is not None:
                out.append((i - 1, rel, i, mm.group(0)))
            continue
        for pat, rel in JA_VERBS:
            vm = pat.match(rest)
            if not vm:
                continue
            tail = rest[vm.end() : vm.end() + 16]
            if (
                nxt is not None
                and nxt.start - x.end <= vm.end() + 16
                and not re.search(r"[、。]", tail[: max(0, nxt.start - x.end - vm.end())])
            ):
                out.append((i + 1, rel, i, vm.group(0)))  # 馬に乗った宇宙飛行士
            elif prv is not None:
                out.append((i - 1, rel, i, vm.group(0)))  # 宇宙飛行士が馬に乗っている
            break
    # the setting: 富士山の上を飛ぶドラゴン
    if setting.word:
        for mm in re.finditer(re.escape(setting.word.lower()) + r"の(上空|上)(?:を|に|で)", low):
            nxt_i = next((i for i, m in enumerate(mentions) if m.start >= mm.end()), None)
            if nxt_i is not None:
                out.append((nxt_i, "over", "setting", mm.group(0)))
    return out


def _holdable(m: _Mention) -> bool:
    from .. import assets

    if m.subject_id in _SIGNS:
        return True
    try:
        s = assets.subject(m.subject_id)
    except KeyError:
        return False
    return s.kind in ("object", "food", "plant", "symbol") and s.height_m <= 1.5


def _unmatched(
    src: str, toks: list[_Tok], mentions: list[_Mention], consumed: list[tuple[int, int]], language: str, assets: Any
) -> list[str]:
    taken = [(m.start, m.end) for m in mentions] + consumed
    out: list[str] = []
    if language == "ja":
        for t in toks:
            if t.pos != "名詞" or _overlaps(t.start, t.end, taken) or t.text in JA_STOP or t.lemma in JA_STOP:
                continue
            if len(t.text) < 2 or re.fullmatch(r"[\d０-９]+", t.text):
                continue
            out.append(t.text)
        return out[:4]
    low = src.lower()
    for mm in re.finditer(r"\b(?:a|an|the|two|three|four|five|some|several|\d+)\s+([a-z][a-z\-]+)", low):
        a, b = mm.start(1), mm.end(1)
        w = mm.group(1)
        if w in EN_STOP or _overlaps(a, b, taken) or w in EN_COLORS or any(w in ws for ws in SIZE_WORDS.values()):
            continue
        if any(w in ws for ws in ACTIONS.values()):
            continue
        out.append(w)
    return out[:4]


@dataclass(frozen=True)
class Named:
    """A library subject named in a short text (an edit instruction)."""

    subject_id: str
    noun: str
    word: str
    count: int | None  # a number said with it ("two more birds" → 2), else None


def named_subjects(text: str) -> list[Named]:
    """The library subjects an instruction names, in order, with any number said with them:
    「犬を茶色にして」 → dog; "add two more birds" → bird × 2."""
    from .. import assets

    language = "ja" if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text) else "en"
    toks = _ja_tokens(text) if language == "ja" else _en_tokens(text)
    mentions = _find_mentions(text, toks, [], language, SettingPlan(), assets)
    counts = _counts(text.lower(), mentions, language)
    return [Named(m.subject_id, m.name, m.word, counts.get(i)) for i, m in enumerate(mentions)]


def _shared_style(style: str, subjects: list[SubjectPlan], trace: Trace, assets: Any) -> str:
    """One style for the whole picture: the one asked for when every subject has it, else
    one they all share (flat first), said in the trace."""
    have: list[set[str]] = []
    for s in subjects:
        try:
            have.append(set(assets.subject(s.asset).styles))
        except KeyError:
            continue  # signs are drawn by the composer in any style
    if not have or all(style in h for h in have):
        return style
    common = set.intersection(*have)
    for alt in ("flat", "outline", "hand"):
        if alt in common:
            lacking = [s.what for s, h in zip(subjects, have, strict=False) if style not in h]
            trace.add(
                "understand",
                f"style: {alt}",
                f"{', '.join(lacking[:3])} has no {style} drawing; one style for the whole picture",
            )
            return alt
    return style
