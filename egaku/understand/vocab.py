"""The word tables the picture planner reads a request with.

Numbers and counters (English number words, Japanese numerals, counters 匹/頭/羽/台/個/つ/本/枚/人
in kanji and in kana, and the patterns that find them), size and action words, relation
phrases and Japanese positions and verbs, style, photo, mood, event and season words, the
words that are never subjects (stop words), indoor places, wearable things, sign words, an
event's own words for its things and the everyday English nouns. Data only: they are read
by :mod:`.mentions`, :mod:`.modifiers`, :mod:`.relations` and :mod:`.subjects`.
"""

from __future__ import annotations

import re

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
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "dozens of": 24,
    "a hundred": 100,
    "one hundred": 100,
    "hundreds of": 200,
    "a thousand": 1000,
    "one thousand": 1000,
    "thousands of": 2000,
    "a million": 1_000_000,
    "one million": 1_000_000,
    "millions of": 2_000_000,
}
# twenty … ninety, and twenty-one / twenty one … ninety-nine
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
for _t, _tens in enumerate(_TENS, start=2):
    EN_NUMBERS[_tens] = 10 * _t
    for _u, _unit in enumerate(_UNITS, start=1):
        EN_NUMBERS[f"{_tens}-{_unit}"] = EN_NUMBERS[f"{_tens} {_unit}"] = 10 * _t + _u
MANY = 10**9  # a count this large or larger is "too many to count": only the cap is drawn
JA_NUMERALS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
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
    r"(?P<n>[0-9０-９]+(?:[,，][0-9０-９]{3})*[万億兆]?|[〇一二三四五六七八九十百千万億兆]+|ひと|ふた|みっ|よっ|いつ|むっ|なな|やっ|ここの)"
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

_SIGNS = {"sign"}
_ACTION_WORDS = {w for words in ACTIONS.values() for w in words}
SIGN_WORDS = {"sign", "placard", "signboard", "sign board", "board", "看板", "プラカード", "立て札", "ボード", "札"}

_CONTEXT = {
    "christmas": {"tree": "christmas tree", "ツリー": "christmas tree", "木": "christmas tree"},
    "halloween": {"pumpkin": "jack-o-lantern", "かぼちゃ": "jack-o-lantern", "カボチャ": "jack-o-lantern"},
}

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
