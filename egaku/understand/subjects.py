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

The pieces live beside it: the word tables in :mod:`.vocab`, words and the things they name
in :mod:`.mentions`, counts, colours, sizes and actions in :mod:`.modifiers`, relations in
:mod:`.relations`. This module puts them together (:func:`read_plan`) and names the
library subjects of an edit instruction (:func:`named_subjects`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..plan import PicturePlan, Relation, SettingPlan, SubjectPlan
from .colors import EN_COLORS
from .mentions import (
    Covered,
    _en_tokens,
    _find_mentions,
    _ja_tokens,
    _Mention,
    _overlaps,
    _spans,
    _Tok,
    common_noun,
)
from .mentions import _tagger as _tagger  # re-exported: bench/pictures.py times loading it from here
from .modifiers import _actions, _colors, _counts, _sizes
from .relations import _relations
from .vocab import (
    _JA_COUNT,
    _JA_KANA_COUNT,
    _SIGNS,
    ACTIONS,
    EN_STOP,
    EVENTS,
    INDOOR_PLACES,
    JA_STOP,
    MANY,
    MOOD_WORDS,
    PHOTO_WORDS,
    SEASONS,
    SIZE_WORDS,
    STYLE_WORDS,
)

if TYPE_CHECKING:
    from .intent import Trace

__all__ = ["read_plan", "named_subjects", "Named", "common_noun", "EVENTS"]

MAX_COUNT = 12  # copies of one subject
MAX_DRAWN = 24  # copies of all subjects together: more crowd the canvas and slow the render


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
    for qs, qe, q in qspans:
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
            asked = f"{n:,}" if n < MANY else "more than a billion"
            trace.add("understand", f"{m.name}: {MAX_COUNT}", f"{asked} asked for; at most {MAX_COUNT} are drawn")
    subjects = _at_most_drawn(subjects, trace)
    kept = {s.id for s in subjects}
    rels = [
        Relation(subject=index[a], relation=r, object=index[b] if isinstance(b, int) else b, word=w)
        for a, r, b, w in relations
        if index[a] in kept and (not isinstance(b, int) or index[b] in kept)
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


def _at_most_drawn(subjects: list[SubjectPlan], trace: Trace) -> list[SubjectPlan]:
    """The subjects in request order while their copies add up to at most MAX_DRAWN; the
    one that crosses it is drawn fewer times, the rest are left out (traced)."""
    asked = sum(s.count for s in subjects)
    if asked <= MAX_DRAWN:
        return subjects
    kept: list[SubjectPlan] = []
    room = MAX_DRAWN
    for s in subjects:
        if room <= 0:
            break
        if s.count > room:
            s.count = room
        kept.append(s)
        room -= s.count
    left = len(subjects) - len(kept)
    trace.add(
        "understand",
        f"{MAX_DRAWN} things drawn of {asked} asked for" + (f"; {left} subject(s) left out" if left else ""),
        f"at most {MAX_DRAWN} things fit one picture",
    )
    return kept


def _unmatched(
    src: str, toks: list[_Tok], mentions: list[_Mention], consumed: list[tuple[int, int]], language: str, assets: Any
) -> list[str]:
    taken = Covered([(m.start, m.end) for m in mentions] + consumed)
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
    count: int | None  # a number said with it ("two more birds" → 2), at most MAX_COUNT; else None
    asked: int | None = None  # the number as said, before the cap ("add 10000 cats" → 10000)


def named_subjects(text: str) -> list[Named]:
    """The library subjects an instruction names, in order, with any number said with them:
    「犬を茶色にして」 → dog; "add two more birds" → bird × 2. A number above MAX_COUNT
    gives MAX_COUNT (``asked`` keeps the number said, for the trace)."""
    from .. import assets

    language = "ja" if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text) else "en"
    toks = _ja_tokens(text) if language == "ja" else _en_tokens(text)
    mentions = _find_mentions(text, toks, [], language, SettingPlan(), assets)
    counts = _counts(text.lower(), mentions, language)
    return [
        Named(m.subject_id, m.name, m.word, min(MAX_COUNT, n) if (n := counts.get(i)) is not None else None, n)
        for i, m in enumerate(mentions)
    ]


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
