"""How the things a request names stand to each other and to the setting.

English relation phrases between two mentions ("left of", "on top of", "holding", "with" as
holding or wearing), Japanese 「XのPにY」「XにVたY」「XをVたY」, sides said of one thing ("a
cat on the left", "to its left a mouse", 「右に車、左にバス」) and things over the setting
(富士山の上を飛ぶドラゴン), read as (subject index, relation, object index or "setting",
words) tuples.
"""

from __future__ import annotations

import re

from ..plan import SettingPlan
from ..words import word_pattern
from .colors import EN_COLORS
from .mentions import _Mention
from .vocab import _SIGNS, EN_RELATIONS, JA_POSITIONS, JA_VERBS, WEARABLE


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
