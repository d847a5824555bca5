"""Edit ops: the typed changes an instruction turns into, each naming its target layers.

Recolor, ReplaceText, Move, Resize, AddIcon, AddObject, Remove, BackgroundEffect, SetCamera,
SetCanvas, SetTheme, SetChart and Filter, joined in the :data:`EditOp` union (discriminated by ``op``), and
:class:`EditQuestion`, the question asked back when an instruction cannot be resolved.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from ..errors import EgakuError


class EditQuestion(EgakuError):
    """The instruction is ambiguous or names nothing in the scene: a question back."""

    exit_code = 3


class Recolor(BaseModel):
    op: Literal["recolor"] = "recolor"
    targets: list[str]
    color: str


class ReplaceText(BaseModel):
    op: Literal["replace_text"] = "replace_text"
    targets: list[str]
    text: str


class Move(BaseModel):
    op: Literal["move"] = "move"
    targets: list[str]
    to: Literal["top", "bottom", "left", "right", "center"]


class Resize(BaseModel):
    op: Literal["resize"] = "resize"
    targets: list[str]
    factor: float


class AddIcon(BaseModel):
    op: Literal["add_icon"] = "add_icon"
    targets: list[str]  # the new layer's id
    emoji: str
    corner: Literal["top-left", "top-right", "bottom-left", "bottom-right"] = "bottom-right"
    size: Literal["small", "medium", "large"] = "small"


class AddObject(BaseModel):
    """More of a library subject ("add two more birds"): placed beside the ones already
    drawn (same size, same ground line, or in the air for things that fly)."""

    op: Literal["add_object"] = "add_object"
    targets: list[str]  # the new layers' ids, one per copy
    depicts: str
    asset: str
    color: str | None = None


class Remove(BaseModel):
    op: Literal["remove"] = "remove"
    targets: list[str]


class BackgroundEffect(BaseModel):
    """Weather, time of day or darkness applied to background layers only."""

    op: Literal["background_effect"] = "background_effect"
    targets: list[str]
    effect: Literal["rain", "downpour", "snow", "night", "sunset", "dark", "light"]


class SetCamera(BaseModel):
    op: Literal["camera"] = "camera"
    targets: list[str]  # the layers the camera redraws (scenery, parts)
    angle: Literal["eye", "high", "low"] | None = None
    shot: Literal["close", "medium", "wide"] | None = None


class SetCanvas(BaseModel):
    """A new canvas size: the design is composed again at that size (the layout re-flows)
    and the session's earlier edits are replayed on it."""

    op: Literal["canvas"] = "canvas"
    targets: list[str] = Field(default_factory=lambda: ["*"])
    width: int = Field(ge=64, le=8192)
    height: int = Field(ge=64, le=8192)
    kind: str = Field("", description="the format it becomes (story, banner, ...), when one was named")


class SetTheme(BaseModel):
    """A new palette and style (a theme): composed again, earlier edits replayed."""

    op: Literal["theme"] = "theme"
    targets: list[str] = Field(default_factory=lambda: ["*"])
    theme: str
    style: str = Field("", description="a named design style (pop, wafu, neon, ...), when one was asked for")


class SetChart(BaseModel):
    """Another kind of chart for the same data ("make it a bar chart", 「円グラフにして」)."""

    op: Literal["chart"] = "chart"
    targets: list[str]  # the chart layers
    chart: Literal["bar", "line", "pie"]


class Filter(BaseModel):
    """Show only some records ("show only the Central League", 「セ・リーグだけにして」): the
    rows of the others go (``targets``), and each chart keeps the bars of ``keep`` only."""

    op: Literal["filter"] = "filter"
    targets: list[str]  # the layers that go: other groups' rows and headers
    keep: list[str]  # chart labels that stay
    charts: list[str] = Field(default_factory=list)  # the chart layers whose data is filtered
    group: str = ""  # what is kept, in words (a league)


EditOp = Annotated[
    Recolor
    | ReplaceText
    | Move
    | Resize
    | AddIcon
    | AddObject
    | Remove
    | BackgroundEffect
    | SetCamera
    | SetCanvas
    | SetTheme
    | SetChart
    | Filter,
    Field(discriminator="op"),
]
