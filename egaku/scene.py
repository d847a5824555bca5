"""The scene document: the one shared vocabulary of egaku.

A scene is a canvas plus layers. Every layer has a stable ``id``, a ``kind``, a ``z``
order and a ``box`` (x, y, w, h in canvas pixels). Rendering is a pure function of the
scene (its seed included), so a scene written to JSON and read back renders the same
bytes. The JSON Schema comes from these classes (``egaku schema``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION: Literal["1"] = "1"

HEX_COLOR = r"^#[0-9a-fA-F]{6}$"
Color = Annotated[str, Field(pattern=HEX_COLOR, description="sRGB colour as #rrggbb")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Box(_Model):
    """A rectangle in canvas pixels; (x, y) is the top-left corner."""

    x: float
    y: float
    w: float = Field(ge=0)
    h: float = Field(ge=0)

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def intersects(self, other: Box) -> bool:
        return not (other.x >= self.right or other.right <= self.x or other.y >= self.bottom or other.bottom <= self.y)

    def inset(self, d: float) -> Box:
        return Box(x=self.x + d, y=self.y + d, w=max(0.0, self.w - 2 * d), h=max(0.0, self.h - 2 * d))


class Stop(_Model):
    offset: float = Field(ge=0, le=1)
    color: Color
    opacity: float = Field(1.0, ge=0, le=1)


class Solid(_Model):
    type: Literal["solid"] = "solid"
    color: Color


class LinearGradient(_Model):
    """Gradient along ``angle`` degrees (0 = left to right, 90 = top to bottom)."""

    type: Literal["linear"] = "linear"
    angle: float = 90
    stops: list[Stop] = Field(min_length=2)


class RadialGradient(_Model):
    """Radial gradient centred at (cx, cy), fractions of the layer box; r of its long side."""

    type: Literal["radial"] = "radial"
    cx: float = 0.5
    cy: float = 0.5
    r: float = 0.75
    stops: list[Stop] = Field(min_length=2)


Fill = Annotated[Solid | LinearGradient | RadialGradient, Field(discriminator="type")]


class _Layer(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$", description="stable id; also the layer file name")
    name: str = ""
    z: int = 0
    box: Box
    opacity: float = Field(1.0, ge=0, le=1)
    role: str = Field("", description="what the layer is for: title, subtitle, decoration, ...")


class BackgroundLayer(_Layer):
    kind: Literal["background"] = "background"
    fill: Fill


class ShapeLayer(_Layer):
    """A vector shape drawn inside its box.

    ``rect`` (corner ``radius``), ``ellipse``, ``ring`` (an ellipse outline), ``rays``
    (a sunburst of ``count`` wedges from the box centre), ``polygon`` (``points`` as
    fractions of the box), ``line`` (box diagonal from top-left to bottom-right).
    """

    kind: Literal["shape"] = "shape"
    shape: Literal["rect", "ellipse", "ring", "rays", "polygon", "line"]
    fill: Fill | None = None
    stroke: Color | None = None
    stroke_width: float = Field(0, ge=0)
    radius: float = Field(0, ge=0)
    count: int = Field(16, ge=3, le=96)
    points: list[tuple[float, float]] = Field(default_factory=list)
    rotate: float = 0
    dash: float = Field(0, ge=0, description="dash length for line strokes (0 = solid); dots when tiny")


class IconLayer(_Layer):
    """An OpenMoji icon (by its hex code, e.g. ``1F389``) scaled into its box."""

    kind: Literal["icon"] = "icon"
    code: str = Field(pattern=r"^[0-9A-F]{4,6}(-[0-9A-F]{4,6})*$")
    emoji: str = ""
    rotate: float = 0


class ObjectLayer(_Layer):
    """A subject from the drawable library (``egaku.assets``) fitted into its box, bottom
    aligned: what it ``depicts`` (an English noun, so edits can name it), the library
    ``asset`` id and the ``style`` that draws it. ``color`` recolours its main colour
    family with the shading kept; ``flip`` mirrors it; ``action`` is what it is doing."""

    kind: Literal["object"] = "object"
    depicts: str = Field(min_length=1, description="what it is, an English noun: dog, clock, christmas tree")
    asset: str = Field(min_length=1, description="library subject id")
    style: Literal["flat", "outline", "hand"] = "flat"
    color: Color | None = None
    flip: bool = False
    rotate: float = 0.0
    action: Literal["none", "standing", "sitting", "sleeping", "running", "flying", "jumping", "swimming"] = "none"


class Ruby(_Model):
    """A reading (furigana) over characters [start, end) of a text layer's ``text``."""

    start: int = Field(ge=0)
    end: int = Field(gt=0)
    reading: str = Field(min_length=1, max_length=64)


class TextLayer(_Layer):
    """Exact text. ``lines`` are decided by the layout engine when the scene is composed;
    rendering draws exactly those lines with the shipped ``font`` at ``size`` px.
    ``ruby``: readings drawn at half size above (vertical: right of) their bases, centred
    on each base (JLREQ group ruby); in order, not overlapping."""

    kind: Literal["text"] = "text"
    text: str = Field(min_length=1)
    lines: list[str] = Field(min_length=1)
    font: Literal["display", "text", "serif", "heavy", "rounded", "mincho", "hand", "retro"] = "display"
    size: float = Field(gt=0, description="font size in px (em height)")
    fill: Color = "#111111"
    align: Literal["start", "center", "end"] = "center"
    vertical: bool = False
    line_height: float = Field(1.25, gt=0, description="line (or column) pitch in em")
    tracking: float = Field(0.0, description="extra space between characters in em")
    outline: Color | None = None
    outline_width: float = Field(0, ge=0, description="outline width in em")
    shadow: Color | None = None
    backdrop: Color | None = Field(None, description="a panel drawn behind the text")
    backdrop_opacity: float = Field(0.0, ge=0, le=1)
    proposed: bool = Field(False, description="copy a language model wrote on request, not the user's text")
    composed: bool = Field(False, description="a title egaku composed from what was found and asked for")
    ruby: list[Ruby] = Field(default_factory=list, description="readings (furigana) over spans of the text")

    @field_validator("lines")
    @classmethod
    def _lines_not_blank(cls, v: list[str]) -> list[str]:
        if not any(line.strip() for line in v):
            raise ValueError("a text layer needs at least one non-blank line")
        return v

    @model_validator(mode="after")
    def _ruby_on_text(self) -> TextLayer:
        last = 0
        for r in self.ruby:
            if r.end > len(self.text) or r.start >= r.end:
                raise ValueError(
                    f"ruby {r.reading!r} spans characters {r.start}..{r.end}, but the text {self.text[:24]!r} "
                    f"has {len(self.text)}; give 0 <= start < end <= {len(self.text)}"
                )
            base = self.text[r.start : r.end]
            if not base.strip() or "\n" in base:
                raise ValueError(f"ruby {r.reading!r} must sit on characters, not on {base!r}")
            if r.start < last:
                raise ValueError(f"ruby {r.reading!r} on {base!r} overlaps the reading before it; give spans in order")
            last = r.end
        return self


class EffectLayer(_Layer):
    """Particles or light over (part of) the canvas, placed by ``seed``; ``avoid`` boxes
    stay clear so decoration never crosses the text."""

    kind: Literal["effect"] = "effect"
    effect: Literal["confetti", "petals", "snow", "sparkles", "rain", "dots", "vignette", "leaves"]
    colors: list[Color] = Field(default_factory=list)
    density: float = Field(1.0, ge=0, le=10)
    seed: int = 0
    avoid: list[Box] = Field(default_factory=list)


class PartLayer(_Layer):
    """One part of a character built from parts (``egaku.render.figures``): a body, a
    piece of clothing or an accessory. It is drawn from the part library at render time,
    fitted to the character's rig, posed, and seen through the scene's camera. Its shading
    is derived from ``color`` (in OKLab), so recolouring keeps the shading."""

    kind: Literal["part"] = "part"
    part: str = Field(pattern=r"^[a-z_]+/[a-z_]+$", description="library/name, e.g. koala/body, clothing/aloha_shirt")
    species: str = Field("", description="whose rig the part is fitted to, e.g. koala")
    color: Color
    pattern: Literal["none", "floral", "stripes", "dots", "check"] = "none"
    pattern_color: Color | None = None
    pose: Literal["standing", "sitting"] = "standing"


class SceneryLayer(_Layer):
    """A setting drawn through the camera (``egaku.render.scenery``): the horizon, the
    ground and the props move when the camera angle changes."""

    kind: Literal["scenery"] = "scenery"
    scenery: Literal["sky", "ground", "props"]
    setting: Literal[
        "meadow",
        "beach",
        "city",
        "forest",
        "room",
        "snowfield",
        "stage",
        "ice",
        "sea",
        "mountain",
        "moon",
        "space",
        "park",
        "shrine",
        "kitchen",
        "classroom",
        "windowsill",
        "sky",
        "desert",
        "underwater",
    ] = "meadow"
    time_of_day: Literal["day", "morning", "sunset", "night"] = "day"
    weather: Literal["clear", "cloudy", "rain", "downpour", "snow"] = "clear"
    seed: int = 0


class ChartLayer(_Layer):
    """A chart drawn as vectors from its data, with exact proportions; only the given
    numbers are ever printed."""

    kind: Literal["chart"] = "chart"
    chart: Literal["bar", "line", "pie"] = "bar"
    labels: list[str] = Field(min_length=1)
    values: list[float] = Field(min_length=1)
    unit: str = ""
    value_texts: list[str] = Field(
        default_factory=list, description="each value as its source wrote it ('1,404'); printed instead of the number"
    )
    colors: list[Color] = Field(default_factory=list)
    ink: Color = "#222222"
    grid: Color = "#D0D0D0"
    label_size: float = Field(32, gt=0, description="px of labels and values")

    @field_validator("values")
    @classmethod
    def _finite(cls, v: list[float]) -> list[float]:
        import math

        if not all(math.isfinite(x) for x in v):
            raise ValueError("chart values must be finite numbers")
        return v


class RasterLayer(_Layer):
    """Pixels a diffusion model painted (``egaku.render.diffusion``), drawn into its box as
    they are, with everything that made them so the scene replays: the ``prompt``,
    ``negative_prompt``, ``model`` (folder name), ``pipeline`` and ``scheduler`` classes,
    ``steps``, ``guidance``, ``seed``, ``strength`` and, after an inpainting edit, the
    ``mask`` it repainted. ``png`` is the image as base64 PNG (``sha256`` of those bytes);
    ``covers`` lists the layers of the plan it paints (kept in the scene, invisible, as
    the footprints edits repaint); ``calm`` the text areas the painting keeps quiet."""

    kind: Literal["raster"] = "raster"
    png: str = Field(min_length=1, description="the painted pixels: a PNG, base64")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the PNG bytes")
    prompt: str = ""
    negative_prompt: str = ""
    model: str = ""
    pipeline: str = ""
    scheduler: str = ""
    steps: int = Field(0, ge=0)
    guidance: float = 0.0
    seed: int = Field(0, ge=0)
    strength: float = Field(1.0, ge=0, le=1)
    device: str = ""
    dtype: str = ""
    mask: str = Field("", description="the last inpainting mask (PNG, base64; white = repainted), '' if none")
    covers: list[str] = Field(default_factory=list)
    calm: list[Box] = Field(default_factory=list)


class GroupLayer(_Layer):
    """Layers that belong together (a character: body, clothing, accessories). Each child
    is rendered as its own layer, in the group's z slot, children by their own z."""

    kind: Literal["group"] = "group"
    children: list[Layer] = Field(default_factory=list)


Layer = Annotated[
    BackgroundLayer
    | ShapeLayer
    | IconLayer
    | ObjectLayer
    | TextLayer
    | EffectLayer
    | PartLayer
    | SceneryLayer
    | ChartLayer
    | RasterLayer
    | GroupLayer,
    Field(discriminator="kind"),
]
GroupLayer.model_rebuild()


class Camera(_Model):
    """The camera the scene is seen through. ``angle``: eye level, high (from above, 上から)
    or low (from below, 下から); ``shot``: close-up, medium or wide. Renderers of
    scenery and parts honour it: the horizon moves, subjects are foreshortened and
    scaled, shadows move."""

    angle: Literal["eye", "high", "low"] = "eye"
    shot: Literal["close", "medium", "wide"] = "medium"


class Canvas(_Model):
    width: int = Field(ge=64, le=8192)
    height: int = Field(ge=64, le=8192)
    background: Color = "#ffffff"
    seed: int = Field(0, ge=0)
    color_profile: Literal["sRGB"] = "sRGB"


class Asset(_Model):
    """Something drawn that was made by others: a font or an icon set, with its licence."""

    name: str
    version: str
    license: str
    attribution: str = ""


class Fact(_Model):
    """A fact a tool returned, with where it came from. Only facts are drawn as facts."""

    key: str = Field(description="what the fact is: temperature, condition, headline, ...")
    value: str
    tool: str
    url: str = ""
    title: str = ""
    retrieved_at: str = ""


class Scene(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    canvas: Canvas
    layers: list[Layer] = Field(default_factory=list)
    kind: str = Field("poster", description="what the design is: poster, phone_wallpaper, ...")
    camera: Camera = Field(default_factory=Camera)
    theme: str = "default"
    palette: dict[str, Color] = Field(default_factory=dict)
    assets: list[Asset] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)

    def ordered(self) -> list[Layer]:
        """Top-level layers bottom to top (z, then document order)."""
        return [layer for _, layer in sorted(enumerate(self.layers), key=lambda p: (p[1].z, p[0]))]

    def layer(self, layer_id: str) -> Layer:
        for layer in self.layers:
            if layer.id == layer_id:
                return layer
        raise KeyError(layer_id)

    def leaves(self) -> list[Layer]:
        """Every drawable layer bottom to top, groups opened in place (children by z)."""
        out: list[Layer] = []

        def visit(layers: list[Layer]) -> None:
            for _, layer in sorted(enumerate(layers), key=lambda p: (p[1].z, p[0])):
                if isinstance(layer, GroupLayer):
                    visit(layer.children)
                else:
                    out.append(layer)

        visit(self.layers)
        return out

    def find(self, layer_id: str) -> Layer:
        """A layer anywhere in the tree, groups included."""
        stack: list[Layer] = list(self.layers)
        while stack:
            layer = stack.pop()
            if layer.id == layer_id:
                return layer
            if isinstance(layer, GroupLayer):
                stack.extend(layer.children)
        raise KeyError(layer_id)

    def text_layers(self) -> list[TextLayer]:
        return [layer for layer in self.leaves() if isinstance(layer, TextLayer)]

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json(cls, data: str | bytes) -> Scene:
        return cls.model_validate_json(data)


def json_schema() -> dict[str, object]:
    return Scene.model_json_schema()
