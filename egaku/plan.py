"""The picture plan: what a picture request asks to be drawn, as one typed document.

The rule planner (``egaku.understand``) writes it today; a language model will write the
same document (validated against :func:`plan_schema`). The composer only ever reads the
plan, so a planner cannot break exact text or local edits.

    PicturePlan
      subjects   what, how many, colour, size, action, the library subject that draws it
      relations  subject –left_of/on/holding/riding/…→ subject (or the setting)
      setting    place, indoors, time of day, weather, season or event
      camera     angle and shot
      style      one visual style for every drawn object (flat, outline, hand)
      unmatched  words asked for that nothing in the library draws (said, never guessed)
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ACTIONS",
    "Action",
    "RelationName",
    "RELATIONS",
    "PicturePlan",
    "Relation",
    "SettingPlan",
    "SubjectPlan",
    "plan_schema",
]

RelationName = Literal[
    "left_of",
    "right_of",
    "above",
    "below",
    "on",
    "in",
    "under",
    "over",
    "next_to",
    "in_front_of",
    "behind",
    "holding",
    "riding",
    "wearing",
]
Action = Literal["none", "standing", "sitting", "sleeping", "running", "flying", "jumping", "swimming"]
RELATIONS: tuple[str, ...] = get_args(RelationName)
ACTIONS: tuple[str, ...] = get_args(Action)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SubjectPlan(_Model):
    """One thing to draw (``count`` copies of it)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="plan-local id, e.g. s1")
    what: str = Field(min_length=1, description="English noun of what is drawn, e.g. dog")
    word: str = Field("", description="the word of the request that asked for it, e.g. 柴犬")
    asset: str | None = Field(None, description="library subject id that draws it; None when nothing fits")
    count: int = Field(1, ge=1, le=12)
    color: str | None = Field(None, pattern=r"^#[0-9a-fA-F]{6}$", description="asked-for colour as #rrggbb")
    color_word: str = ""
    size: Literal["small", "normal", "large"] = "normal"
    action: Action = "none"
    attributes: list[str] = Field(default_factory=list, description="other words about it (cute, old, ...)")
    sign_text: str | None = Field(None, description="exact text written on it (a sign that says 'HELLO')")
    motif: bool = Field(False, description="added for the event or season, not asked for by name")


class Relation(_Model):
    """``subject`` stands in ``relation`` to ``object`` (a subject id, or "setting")."""

    subject: str
    relation: RelationName
    object: str
    word: str = Field("", description="the words that said it")


class SettingPlan(_Model):
    place: str | None = Field(None, description="a scenery setting (beach, mountain, moon, kitchen, ...)")
    word: str = ""
    indoors: bool = False
    time_of_day: Literal["day", "morning", "sunset", "night"] = "day"
    weather: Literal["clear", "cloudy", "rain", "downpour", "snow"] = "clear"
    event: str | None = Field(None, description="christmas, halloween, summer_festival, new_year, ...")
    season: Literal["spring", "summer", "autumn", "winter"] | None = None


class PicturePlan(_Model):
    subjects: list[SubjectPlan] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    setting: SettingPlan = Field(default_factory=SettingPlan)
    camera_angle: Literal["eye", "high", "low"] = "eye"
    camera_shot: Literal["close", "medium", "wide"] = "medium"
    mood: str = "calm"
    style: Literal["flat", "outline", "hand"] = "flat"
    unmatched: list[str] = Field(default_factory=list, description="asked for, but nothing in the library draws it")

    def subject(self, sid: str) -> SubjectPlan:
        for s in self.subjects:
            if s.id == sid:
                return s
        raise KeyError(sid)

    def summary(self) -> str:
        """One readable line: '3 × dog (red, running); clock on book; beach at sunset'."""
        parts = []
        for s in self.subjects:
            bits = [
                b
                for b in (s.color_word, s.action if s.action != "none" else "", s.size if s.size != "normal" else "")
                if b
            ]
            parts.append(
                f"{s.count} × {s.what}" + (f" ({', '.join(bits)})" if bits else "") + (" [motif]" if s.motif else "")
            )
        names = {s.id: s.what for s in self.subjects}
        for r in self.relations:
            parts.append(
                f"{names.get(r.subject, r.subject)} {r.relation.replace('_', ' ')} {names.get(r.object, r.object)}"
            )
        st = self.setting
        parts.append(
            f"{st.place or 'no place'}, {st.time_of_day}, {st.weather}" + (f", {st.event}" if st.event else "")
        )
        return "; ".join(parts)


def plan_schema() -> dict[str, object]:
    """The JSON Schema a language model's plan must validate against."""
    return PicturePlan.model_json_schema()
