"""The documents a language model writes: a plan, a critique, edit ops.

They are small, flat and closed (every field typed, enums where egaku has a fixed
vocabulary) so a JSON Schema can hold even a tiny model's decoding to them. A model
never writes library ids or layer geometry: it names things in words, and egaku resolves
them (:mod:`egaku.llm.planner`), so a model cannot point at something that does not exist.

    ModelPlan      the intent and the picture plan of a request
    Critique       the model's look at a render: keep it, or a revised ModelPlan
    ModelEdit      an edit instruction as ops (the same op schema as the rules) or a question
"""

from __future__ import annotations

import functools
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..plan import ACTIONS, Action, RelationName

__all__ = ["Critique", "ModelEdit", "ModelPlan", "PlanFact", "PlanRelation", "PlanSubject", "PlanText", "vocabulary"]

ROLES = ("title", "subtitle", "date", "place", "body")
KIND_NAMES = (
    "poster", "phone_wallpaper", "desktop_wallpaper", "banner", "square_post", "card", "youtube_thumbnail", "story",
    "slide", "business_card", "infographic", "illustration",
)  # fmt: skip


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanText(_Doc):
    text: str = Field(min_length=1, max_length=200, description="the exact text to draw")
    role: Literal["title", "subtitle", "date", "place", "body"] = "title"
    proposed: bool = Field(False, description="true only for copy you wrote because the request asked you to")


class PlanSubject(_Doc):
    what: str = Field(min_length=1, max_length=60, description="English noun, singular: dog, mount fuji, robot")
    count: int = Field(1, ge=1, le=12)
    color: str | None = Field(None, max_length=30, description="a colour word or #rrggbb, or null")
    size: Literal["small", "normal", "large"] = "normal"
    action: Action = "none"
    sign_text: str | None = Field(None, max_length=80, description="quoted text written on it, or null")


class PlanRelation(_Doc):
    subject: str = Field(max_length=60, description="the 'what' of a subject")
    relation: RelationName
    object: str = Field(max_length=60, description="the 'what' of another subject, or 'setting'")


class PlanFact(_Doc):
    tool: Literal["weather", "search"]
    query: str = Field(min_length=1, max_length=80, description="a place (weather) or words of the request (search)")


class ModelPlan(_Doc):
    """What a request asks for, as a model reads it."""

    thinking: str = Field("", max_length=600, description="one or two sentences: what is asked and how to draw it")
    kind: Literal[
        "poster", "phone_wallpaper", "desktop_wallpaper", "banner", "square_post", "card", "youtube_thumbnail", "story",
        "slide", "business_card", "infographic", "illustration",
    ]  # fmt: skip
    texts: list[PlanText] = Field(default_factory=list, max_length=8)
    theme: str = Field("calm", description="one of the themes listed")
    style: Literal["flat", "outline", "hand"] = "flat"
    mood: Literal["cute", "spooky", "cozy", "cool", "calm"] = "calm"
    text_size: Literal["large", "medium", "small"] = "medium"
    text_position: Literal["center", "top", "bottom", "left", "right"] = "center"
    vertical: bool = False
    subjects: list[PlanSubject] = Field(default_factory=list, max_length=6)
    relations: list[PlanRelation] = Field(default_factory=list, max_length=8)
    place: str | None = Field(None, description="one of the places listed, or null")
    time_of_day: Literal["day", "morning", "sunset", "night"] = "day"
    weather: Literal["clear", "cloudy", "rain", "downpour", "snow"] = "clear"
    season: Literal["spring", "summer", "autumn", "winter"] | None = None
    event: str | None = Field(None, description="one of the events listed, or null")
    camera_angle: Literal["eye", "high", "low"] = "eye"
    camera_shot: Literal["close", "medium", "wide"] = "medium"
    facts: list[PlanFact] = Field(default_factory=list, max_length=2)


class Critique(_Doc):
    """The model's look at what was drawn."""

    thinking: str = Field("", max_length=600, description="what works and what does not, in one or two sentences")
    verdict: Literal["keep", "revise"]
    problems: list[str] = Field(default_factory=list, max_length=5)
    plan: ModelPlan | None = Field(None, description="the whole revised plan when the verdict is revise, else null")


class ModelOp(_Doc):
    """One edit op in words; egaku turns it into a typed op after checking every target."""

    op: Literal[
        "recolor", "replace_text", "move", "resize", "remove", "background_effect", "camera", "theme", "add_object"
    ]
    targets: list[str] = Field(default_factory=list, max_length=12, description="layer ids from the scene list")
    color: str | None = Field(None, max_length=30, description="recolor: colour word or #rrggbb")
    text: str | None = Field(None, max_length=200, description="replace_text: the new text, quoted in the instruction")
    to: Literal["top", "bottom", "left", "right", "center"] | None = None
    factor: float | None = Field(None, ge=0.2, le=5.0, description="resize: 1.5 is half as big again")
    effect: Literal["rain", "downpour", "snow", "night", "sunset", "dark", "light"] | None = None
    angle: Literal["eye", "high", "low"] | None = None
    shot: Literal["close", "medium", "wide"] | None = None
    theme: str | None = None
    what: str | None = Field(None, max_length=60, description="add_object: English noun of what to add")
    count: int | None = Field(None, ge=1, le=12)


class ModelEdit(_Doc):
    thinking: str = Field("", max_length=600)
    ops: list[ModelOp] = Field(default_factory=list, max_length=8)
    question: str | None = Field(None, max_length=300, description="ask back instead when the instruction is unclear")


def data_json(value: Any) -> str:
    """``value`` as JSON for a ``<data>`` block, with < and > escaped too, so no text (a search
    result, a note, a design's own text) can close the block."""
    s = json.dumps(value, ensure_ascii=False, indent=0 if isinstance(value, dict) else None)
    return s.replace("<", "\\u003c").replace(">", "\\u003e")


@functools.lru_cache(maxsize=1)
def vocabulary() -> dict[str, tuple[str, ...]]:
    """egaku's fixed words a model chooses from: themes, places, events."""
    from ..compose.themes import THEMES
    from ..render import scenery
    from ..understand.vocab import EVENTS

    return {
        "themes": tuple(THEMES),
        "places": tuple(scenery.SETTINGS),
        "events": tuple(EVENTS),
        "roles": ROLES,
        "kinds": KIND_NAMES,
        "actions": ACTIONS,
    }


@functools.lru_cache(maxsize=8)
def schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of a document, with egaku's vocabularies as enums (themes, places,
    events), so constrained decoding cannot pick a word egaku does not know."""
    words = vocabulary()
    s = model.model_json_schema()

    def fix(node: Any) -> None:
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                for name, values in (
                    ("theme", words["themes"]),
                    ("place", words["places"]),
                    ("event", words["events"]),
                ):
                    if name in props and isinstance(props[name], dict):
                        nullable = "anyOf" in props[name] or props[name].get("default", "x") is None
                        enum: list[Any] = list(values) + ([None] if nullable else [])
                        desc = props[name].get("description", "")
                        props[name] = {"enum": enum, "description": desc}
                # every property is required: constrained decoders then always write each field
                node["required"] = list(props)
            for v in node.values():
                fix(v)
        elif isinstance(node, list):
            for v in node:
                fix(v)

    fix(s)
    return s
