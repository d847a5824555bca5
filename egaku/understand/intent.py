"""The Intent: what a request asks for, as the rules understood it, and the Trace of why.

The shared vocabulary of the understand stage: :class:`Intent` (kind, canvas, texts and
their roles, theme, and the picture fields: a :class:`Character` with its
:class:`Garment` s, a :class:`ChartSpec`, :class:`MenuItem` s, the facts to look up) and
:class:`Trace`, the readable reasoning every stage appends to. Compose, edit and the
session read these; the rules (:mod:`egaku.understand.rules`) and the picture reader
(:mod:`egaku.understand.picture`) fill them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from ..plan import PicturePlan


class Garment(BaseModel):
    part: str  # clothing/accessory part name, e.g. aloha_shirt, scarf, umbrella
    color: str
    pattern: str = "none"
    word: str = ""


class Character(BaseModel):
    species: str
    word: str
    clothing: list[Garment] = Field(default_factory=list)
    accessories: list[Garment] = Field(default_factory=list)
    pose: str = "standing"


class ChartSpec(BaseModel):
    chart: str = "bar"  # bar | line | pie
    labels: list[str]
    values: list[float]
    raw: list[str]  # the numbers exactly as written


class MenuItem(BaseModel):
    name: str
    price: str


class Table(BaseModel):
    """A real table: ``header`` (column heads, may be empty), ``rows`` of cells (the first
    cell of each row is its head when ``row_heads``). Every cell is text of the request."""

    header: list[str] = []
    rows: list[list[str]]
    row_heads: bool = True
    times: bool = False  # a schedule: the first column holds times


class Section(BaseModel):
    """One labelled part of a flyer: 日時 → 4月12日(土) 10:00〜15:00."""

    label: str
    value: str
    role: str  # date | place | contact | price | body


class Intent(BaseModel):
    """What the request asks for, as the rules understood it."""

    prompt: str
    language: str
    kind: str
    width: int
    height: int
    texts: list[str] = Field(default_factory=list)
    size: str = "medium"  # large | medium | small
    position: str = "center"
    position_said: bool = False  # the request named the position (else it is the default)
    theme_said: bool = False  # the request named the theme (variants keep it)
    size_said: bool = False  # the request named the text size (variants keep it)
    vertical: bool = False
    theme: str = "calm"
    # the design style (compose.styles: pop, minimal, wafu, retro, elegant, neon, cute, hand,
    # corporate); "" keeps the default look. Not plan.style, which is how pictures are drawn
    style: str = ""
    subjects: list[str] = Field(default_factory=list)  # emoji chosen for subject words
    seed: int = 0
    mode: str = "design"  # design | illustration | chart | menu
    roles: list[str] = Field(default_factory=list)  # one per text: title, subtitle, date, place, body
    character: Character | None = None
    subject_icon: str | None = None  # an OpenMoji subject that is not a built character
    setting: str | None = None
    time_of_day: str = "day"
    weather: str = "clear"
    camera_angle: str = "eye"
    camera_shot: str = "medium"
    chart: ChartSpec | None = None
    menu: list[MenuItem] = Field(default_factory=list)
    needs: list[Any] = Field(default_factory=list)  # grounding.Need: facts to look up
    plan: PicturePlan | None = None  # the picture plan: subjects, relations, setting, camera, style
    planner: str = "rules"  # who planned it: "rules", or the language model's name
    proposed: list[str] = Field(default_factory=list)  # texts a language model wrote on request (in ``texts`` too)
    table: Table | None = None  # a timetable's rows, as written
    sections: list[Section] = Field(default_factory=list)  # a flyer's labelled parts
    # ruby (furigana) for a text: text → [(start, end, reading)], given in the request
    # (東雲（しののめ）) or read by the analyser when asked (「…にルビを振って」)
    ruby: dict[str, list[tuple[int, int, str]]] = Field(default_factory=dict)


@dataclass
class Trace:
    """The planner's reasoning: readable lines with their reasons."""

    lines: list[dict[str, str]] = field(default_factory=list)

    def add(self, stage: str, decision: str, reason: str = "") -> None:
        self.lines.append({"stage": stage, "decision": decision, "reason": reason})

    def text(self) -> list[str]:
        return [
            f"[{ln['stage']}] {ln['decision']}" + (f" — {ln['reason']}" if ln["reason"] else "") for ln in self.lines
        ]
