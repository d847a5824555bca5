"""Where a request names things to draw: its words and the library subjects they name.

It splits a text into words (Japanese by MeCab, ``fugashi`` with the ``unidic-lite``
dictionary; English by a word pattern), finds where words of a table occur, and reads the
longest library names among the words as mentions (plurals, 黒猫 as black + cat, an event's
own words such as a Christmas "tree", a board that carries quoted text as a sign), leaving
out words already read as something else. It also names each library subject by the
everyday English noun people use for it ("cup", not "hot beverage").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..plan import SettingPlan
from ..words import word_pattern
from .colors import EN_COLORS, JA_COLOR_PREFIX, JA_COLORS
from .vocab import _ACTION_WORDS, _CONTEXT, EN_STOP, EVERYDAY, JA_STOP, SIGN_WORDS


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


class Covered:
    """Spans as a prefix count of the positions they cover, so that an overlap test is two
    lookups, not a scan: a long prompt has thousands of tokens and of spans. Answers as
    ``any(a < e and s < b for s, e in spans)`` does."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.empty = [(s, e) for s, e in spans if e <= s]  # cover nothing, but can still overlap
        end = max((e for s, e in spans if e > s), default=0)
        delta = [0] * (end + 1)
        for s, e in spans:
            if e > s:
                delta[max(0, s)] += 1
                delta[e] -= 1
        self.prefix = [0] * (end + 1)  # prefix[i]: covered positions before i
        run = covered = 0
        for i in range(end):
            run += delta[i]
            covered += run > 0
            self.prefix[i + 1] = covered
        self.end = end

    def hits(self, a: int, b: int) -> bool:
        if b <= a:  # an empty query (no token is one): the plain test
            return any(a < e and s < b for s, e in self.spans)
        if self.empty and any(a < e and s < b for s, e in self.empty):
            return True
        lo, hi = max(0, a), min(b, self.end)
        return hi > lo and self.prefix[hi] - self.prefix[lo] > 0


def _overlaps(a: int, b: int, spans: list[tuple[int, int]] | Covered) -> bool:
    if isinstance(spans, Covered):
        return spans.hits(a, b)
    return any(a < e and s < b for s, e in spans)


def _find_mentions(
    src: str, toks: list[_Tok], consumed: list[tuple[int, int]], language: str, setting: SettingPlan, assets: Any
) -> list[_Mention]:
    out: list[_Mention] = []
    covered = Covered(consumed)
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        emoji = bool(t.text) and unicodedata.category(t.text[0]) == "So"
        if _overlaps(t.start, t.end, covered) or (language == "en" and not t.lemma.isalpha() and not emoji):
            i += 1
            continue
        found: _Mention | None = None
        for k in (4, 3, 2, 1):
            if i + k > n:
                continue
            span = toks[i : i + k]
            if any(_overlaps(s.start, s.end, covered) for s in span):
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
    if m.via == "alias" and len(w) <= 2 and w.isascii() and not w.isupper():
        return None  # "it", "us", "no", "up" are words; only "IT", "US", "OK" are the codes
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
