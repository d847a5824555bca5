"""Characters built from parts: a body, clothing and accessories, each its own layer.

A character is one :class:`~egaku.scene.GroupLayer` whose children are
:class:`~egaku.scene.PartLayer` s (``koala/body``, ``clothing/aloha_shirt``,
``accessory/umbrella``, ``common/shadow``). Every part of one character shares the
character's box and is fitted to the same **rig**: anchor points (head, neck, torso,
arms, legs, feet) in a unit figure space 100 wide × 160 tall, feet at the bottom centre,
computed from the species, the pose and the camera angle. So a scarf sits on a penguin's
neck, a shirt covers a koala's torso and upper arms, and shooting from higher up
(``camera.angle = "high"``) re-poses every part consistently.

Style: OpenMoji's — flat fills, a black outline of :data:`OUTLINE` figure units (about
1.4 % of the figure height) with round joins and caps, and a little shading. Each part
paints with its ``color`` plus a darker *shade* and a lighter *light* derived from it in
OKLab (:func:`oklab_shift`), so recolouring a part (changing only ``color``) keeps its
shading. The fixed colours of a species (a koala's pale belly, a penguin's orange beak)
are part of the species, not of the part's ``color``.

    g = build_character("koala", "koala", box, clothing=[("aloha_shirt", "#D62828", "floral")])
    part_svg(g.children[1], Camera(angle="high"))   # SVG fragment in canvas px

The umbrella is held *behind* the body (its z sits between the shadow and the body):
the paw closes over its shaft and the canopy stays behind the head, ears and hat.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .scene import Box, Camera, GroupLayer, PartLayer

__all__ = [
    "ACCESSORIES",
    "CLOTHING",
    "OUTLINE",
    "PATTERNS",
    "SPECIES",
    "UNIT_H",
    "UNIT_W",
    "Rig",
    "Species",
    "build_character",
    "find_accessories",
    "find_clothing",
    "find_species",
    "oklab_shift",
    "part_bounds",
    "part_svg",
    "rig",
]

P = tuple[float, float]

UNIT_W = 100.0
"""Width of the unit figure space."""
UNIT_H = 160.0
"""Height of the unit figure space; the figure's box keeps this aspect ratio."""
GROUND = 154.0
"""y of the soles in the unit figure space (the shadow reaches the bottom edge)."""
OUTLINE = 2.0
"""Outline width in figure units: ≈ 1.4 % of a standing figure (≈ 2 in OpenMoji's 72)."""
INK = "#000000"
CHEEK = "#F59AB0"
PATTERNS = ("none", "floral", "stripes", "dots", "check")
POSES = ("standing", "sitting")
ANGLES = ("eye", "high", "low")

# --------------------------------------------------------------------------- colour


def _hex_rgb(hex_color: str) -> tuple[float, float, float]:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", hex_color):
        raise ValueError(f"colour must be #rrggbb, got {hex_color!r}")
    return tuple(int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _to_srgb(c: float) -> float:
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _oklab(hex_color: str) -> tuple[float, float, float]:
    """sRGB hex → OKLab (L, a, b), Björn Ottosson's matrices (2020)."""
    r, g, b = (_to_linear(c) for c in _hex_rgb(hex_color))
    l_ = 0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b
    m_ = 0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b
    s_ = 0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b
    l_, m_, s_ = (math.copysign(abs(v) ** (1 / 3), v) for v in (l_, m_, s_))
    return (
        0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_,
        1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_,
        0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_,
    )


def _linear_from_oklab(lightness: float, a: float, b: float) -> tuple[float, float, float]:
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (
        4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
        -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
        -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_,
    )


def _in_gamut(rgb: tuple[float, float, float]) -> bool:
    return all(-1e-7 <= c <= 1 + 1e-7 for c in rgb)


def oklab_shift(hex_color: str, dl: float) -> str:
    """``hex_color`` with its OKLab lightness moved by ``dl`` (clamped to 0..1). Chroma is
    reduced, hue kept, where the result would leave the sRGB gamut."""
    lightness, a, b = _oklab(hex_color)
    lightness = min(1.0, max(0.0, lightness + dl))
    rgb = _linear_from_oklab(lightness, a, b)
    if not _in_gamut(rgb):
        lo, hi = 0.0, 1.0  # bisect the chroma scale: deterministic, 24 steps ≈ 1e-7
        for _ in range(24):
            mid = (lo + hi) / 2
            if _in_gamut(_linear_from_oklab(lightness, a * mid, b * mid)):
                lo = mid
            else:
                hi = mid
        rgb = _linear_from_oklab(lightness, a * lo, b * lo)
    return "#" + "".join(f"{round(min(1.0, max(0.0, _to_srgb(min(1.0, max(0.0, c))))) * 255):02X}" for c in rgb)


@dataclass(frozen=True)
class _Paint:
    """A part colour with its derived shade (far side, under-surfaces) and light."""

    base: str
    shade: str
    light: str

    @classmethod
    def of(cls, color: str) -> _Paint:
        return cls(color, oklab_shift(color, -0.10), oklab_shift(color, 0.08))


_COLOR_NAMES = {
    "red": "#D62828",
    "orange": "#F77F00",
    "yellow": "#F5C400",
    "green": "#2A9D4A",
    "teal": "#14919B",
    "light blue": "#7CC3F0",
    "blue": "#1D4ED8",
    "navy": "#1E2A5A",
    "purple": "#7B3FA0",
    "pink": "#F28BB0",
    "brown": "#8B5A2B",
    "beige": "#E8D5B5",
    "white": "#FFFFFF",
    "grey": "#9CA3AF",
    "black": "#111111",
}


def _color_name(hex_color: str) -> str:
    lab = _oklab(hex_color)
    return min(_COLOR_NAMES, key=lambda k: sum((p - q) ** 2 for p, q in zip(lab, _oklab(_COLOR_NAMES[k]))))


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Species:
    """An animal the part library can draw: its names (English and Japanese), its default
    body colour, the fixed colours of the species by role, and the shape of its rig."""

    name: str
    names: tuple[str, ...]
    color: str
    colors: dict[str, str]
    ears: str  # koala | round | cat | fox | dog | rabbit | none
    face: str  # koala | penguin | cat | dog | bear | rabbit | panda | fox
    tail: str = "none"  # none | cat | fox | dog
    arms: str = "paw"  # paw | flipper
    head_w: float = 1.2  # head width / head height
    build: float = 1.0  # torso width
    legs: float = 1.0  # leg length
    ear_h: float = 0.1  # how far the ears reach above the head, in head heights


SPECIES: dict[str, Species] = {
    "koala": Species(
        "koala",
        ("koala", "コアラ", "こあら"),
        "#9EA3A8",
        {"belly": "#E6E8EB", "inner_ear": "#E6E8EB", "nose": "#34343A", "pads": "#6E7277"},
        ears="koala",
        face="koala",
        head_w=1.26,
        build=1.05,
        ear_h=0.12,
    ),
    "penguin": Species(
        "penguin",
        ("penguin", "ペンギン", "ぺんぎん"),
        "#2B2D42",
        {"belly": "#FFFFFF", "face": "#FFFFFF", "beak": "#F5A524", "feet": "#F5A524"},
        ears="none",
        face="penguin",
        arms="flipper",
        head_w=1.12,
        build=1.3,
        legs=0.25,
        ear_h=0.0,
    ),
    "cat": Species(
        "cat",
        ("cat", "kitten", "kitty", "猫", "ねこ", "ネコ", "子猫"),
        "#F4AA41",
        {"belly": "#FFF1DC", "muzzle": "#FFF1DC", "inner_ear": "#F7B5C2", "nose": "#EE8CA0", "pads": "#F7B5C2"},
        ears="cat",
        face="cat",
        tail="cat",
        head_w=1.22,
        build=0.92,
        ear_h=0.2,
    ),
    "dog": Species(
        "dog",
        ("dog", "puppy", "puppies", "doggy", "犬", "いぬ", "イヌ", "子犬", "わんこ"),
        "#C98B4F",
        {"belly": "#F7E8D3", "muzzle": "#F7E8D3", "nose": "#33261F", "pads": "#33261F"},
        ears="dog",
        face="dog",
        tail="dog",
        head_w=1.2,
        build=0.98,
        ear_h=0.04,
    ),
    "bear": Species(
        "bear",
        ("bear", "teddy bear", "くま", "クマ", "熊", "くまさん"),
        "#A0693F",
        {"belly": "#DDBB92", "muzzle": "#EBD3AE", "inner_ear": "#DDBB92", "nose": "#33261F", "pads": "#DDBB92"},
        ears="round",
        face="bear",
        head_w=1.2,
        build=1.12,
        ear_h=0.1,
    ),
    "rabbit": Species(
        "rabbit",
        ("rabbit", "bunny", "bunnies", "うさぎ", "ウサギ", "兎", "うさちゃん"),
        "#F4F0EA",
        {"belly": "#FFFFFF", "inner_ear": "#F7B5C2", "nose": "#EE8CA0", "pads": "#F7B5C2"},
        ears="rabbit",
        face="rabbit",
        head_w=1.14,
        build=0.92,
        ear_h=0.62,
    ),
    "panda": Species(
        "panda",
        ("panda", "giant panda", "パンダ", "ぱんだ"),
        "#FAFAF7",
        {"black": "#2E2E33", "nose": "#2E2E33", "pads": "#55555C"},
        ears="round",
        face="panda",
        head_w=1.22,
        build=1.12,
        ear_h=0.1,
    ),
    "fox": Species(
        "fox",
        ("fox", "きつね", "キツネ", "狐"),
        "#E8772E",
        {"white": "#FFF7EC", "paws": "#5A3A2A", "inner_ear": "#FFF7EC", "nose": "#2E2521", "pads": "#3E2A1F"},
        ears="fox",
        face="fox",
        tail="fox",
        head_w=1.2,
        build=0.92,
        ear_h=0.24,
    ),
}

CLOTHING: dict[str, tuple[str, ...]] = {
    "aloha_shirt": ("aloha shirt", "hawaiian shirt", "aloha", "アロハシャツ", "アロハ"),
    "t_shirt": ("t-shirt", "t shirt", "tshirt", "tee", "Tシャツ", "ティーシャツ"),
    "shirt": ("shirt", "blouse", "シャツ", "ブラウス"),
    "scarf": ("scarf", "scarves", "muffler", "マフラー", "スカーフ", "えりまき", "襟巻き"),
    "hat": ("hat", "cap", "帽子", "ぼうし", "ハット", "キャップ"),
    "dress": ("dress", "gown", "ワンピース", "ドレス"),
}

ACCESSORIES: dict[str, tuple[str, ...]] = {
    "umbrella": ("umbrella", "parasol", "傘", "かさ", "カサ", "雨傘", "日傘"),
    "bag": ("shoulder bag", "handbag", "bag", "purse", "かばん", "カバン", "鞄", "バッグ", "ポシェット"),
    "glasses": ("glasses", "eyeglasses", "spectacles", "メガネ", "めがね", "眼鏡"),
}

_LABEL = {
    "aloha_shirt": "aloha shirt",
    "t_shirt": "T-shirt",
    "shirt": "shirt",
    "scarf": "scarf",
    "hat": "hat",
    "dress": "dress",
    "umbrella": "umbrella",
    "bag": "shoulder bag",
    "glasses": "glasses",
}
_DEFAULT_PATTERN = {"aloha_shirt": "floral"}
_Z_CLOTHING = {"dress": 3, "t_shirt": 4, "shirt": 4, "aloha_shirt": 4, "scarf": 6, "hat": 7}
_Z_ACCESSORY = {"umbrella": 1, "bag": 8, "glasses": 9}  # the umbrella is held behind the body


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _word_re(word: str) -> re.Pattern[str]:
    w = _norm(word)
    body = r"[\s_-]?".join(re.escape(p) for p in re.split(r"[\s_-]+", w))
    if w.isascii():  # latin words match whole words only (not "cat" in "category"), plurals allowed
        return re.compile(rf"(?<![a-z0-9]){body}(?:e?s)?(?![a-z0-9])")
    return re.compile(body)


def _find(text: str, vocab: dict[str, tuple[str, ...]]) -> list[tuple[int, int, str, str]]:
    """All non-overlapping (start, end, key, word) in text order; at one place the longest
    word wins ("aloha shirt" over "shirt", "Tシャツ" over "シャツ")."""
    t = _norm(text)
    hits = []
    for key, words in vocab.items():
        for word in words:
            for m in _word_re(word).finditer(t):
                hits.append((m.start(), -(m.end() - m.start()), key, word))
    hits.sort()
    out: list[tuple[int, int, str, str]] = []
    end = -1
    for start, neg_len, key, word in hits:
        if start >= end:
            out.append((start, start - neg_len, key, word))
            end = start - neg_len
    return out


def find_species(text: str) -> tuple[str, str] | None:
    """(species, the word found) for the earliest species named in ``text``, or None."""
    hits = _find(text, {k: v.names for k, v in SPECIES.items()})
    return (hits[0][2], hits[0][3]) if hits else None


def _find_parts(text: str, vocab: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for _, _, key, word in _find(text, vocab):
        if all(key != k for k, _ in out):
            out.append((key, word))
    return out


def find_clothing(text: str) -> list[tuple[str, str]]:
    """[(part name, word)] for the clothing named in ``text``, in text order, each once."""
    return _find_parts(text, CLOTHING)


def find_accessories(text: str) -> list[tuple[str, str]]:
    """[(accessory name, word)] for the accessories named in ``text``, in text order."""
    return _find_parts(text, ACCESSORIES)


# --------------------------------------------------------------------------- the rig


@dataclass(frozen=True)
class Rig:
    """Anchor points of one figure in the unit figure space (:data:`UNIT_W` ×
    :data:`UNIT_H`, y down, soles at :data:`GROUND`, centred on x = 50). "left"/"right"
    are the viewer's. Every part is drawn from these, so clothing fits every species."""

    species: str
    pose: str
    angle: str
    k: float  # figure scale (1 = a standard figure; < 1 where long ears must fit)
    ground: float  # soles
    top: float  # top of the head (ears not included)
    head: tuple[float, float, float, float]  # cx, cy, rx, ry
    face_shift: float  # the face's shift within the head, in head radii (+ = down)
    torso_top: float  # hidden under the head
    shoulder_y: float
    hip_y: float  # the widest line of the torso
    torso_bottom: float
    shoulder_w: float  # half-widths
    hip_w: float
    persp: float  # widths grow by persp per unit of y (camera perspective)
    arms: tuple[tuple[P, P], tuple[P, P]]  # (shoulder, hand), left then right
    arm_w: float
    hand_r: float
    legs: tuple[tuple[P, P], tuple[P, P]]  # (hip joint, ankle)
    leg_w: float
    feet: tuple[tuple[float, float, float, float], tuple[float, float, float, float]]  # cx, cy, rx, ry
    eyes: tuple[P, P]
    eye_r: tuple[float, float]  # rx, ry of an eye
    nose: P

    @property
    def cx(self) -> float:
        return UNIT_W / 2

    @property
    def chin(self) -> float:
        return self.head[1] + self.head[3]

    @property
    def height(self) -> float:
        """Soles to the top of the head."""
        return self.ground - self.top

    @property
    def head_ratio(self) -> float:
        """Head height / figure height: larger seen from above, smaller from below."""
        return 2 * self.head[3] / self.height

    def wp(self, y: float) -> float:
        """Width factor at height y (things nearer the camera look wider)."""
        return 1 + self.persp * (y - 100.0)

    def torso_half(self, y: float) -> float:
        """Half-width of the body's torso at y (0 outside it)."""
        if y < self.torso_top or y > self.torso_bottom:
            return 0.0
        if y <= self.hip_y:
            t = (y - self.torso_top) / (self.hip_y - self.torso_top)
            w = self.shoulder_w + (self.hip_w - self.shoulder_w) * math.sin(t * math.pi / 2)
        else:
            t = (y - self.hip_y) / (self.torso_bottom - self.hip_y)
            w = self.hip_w * math.sqrt(max(0.0, 1 - t * t))
        return w * self.wp(y)

    def head_lower(self, x: float, grow: float = 0.0) -> float:
        """y of the lower edge of the head (grown by ``grow``) at x; -inf beside it."""
        cx, cy, rx, ry = self.head
        u = (x - cx) / (rx + grow)
        return cy + (ry + grow) * math.sqrt(1 - u * u) if abs(u) < 1 else -math.inf

    def torso_outline(self, grow: float, top: float | None = None, hem: float | None = None, n: int = 14) -> list[P]:
        """The torso grown by ``grow``, cut to top ≤ y ≤ hem: a convex polygon, left side
        downwards, then the bottom, then the right side upwards."""
        top = self.torso_top if top is None else top
        hem = self.torso_bottom + grow if hem is None else hem
        cx = self.cx
        left: list[P] = []
        for i in range(n + 1):
            y = self.torso_top + (self.hip_y - self.torso_top) * i / n
            left.append((cx - self.torso_half(y) - grow, y))
        for i in range(1, n + 1):  # the rounded bottom, a quarter ellipse
            a = math.pi / 2 * i / n
            y = self.hip_y + (self.torso_bottom - self.hip_y + grow) * math.sin(a)
            hw = (self.hip_w * self.wp(y) + grow) * math.cos(a)
            left.append((cx - hw, y))
        right = [(2 * cx - x, y) for x, y in reversed(left[:-1])]
        poly = left + right
        return _clip_y(_clip_y(poly, top, keep_below=True), hem, keep_below=False)


def _clip_y(poly: list[P], y0: float, keep_below: bool) -> list[P]:
    """Sutherland–Hodgman against one horizontal line (y grows downwards)."""

    def inside(p: P) -> bool:
        return p[1] >= y0 if keep_below else p[1] <= y0

    out: list[P] = []
    for i, cur in enumerate(poly):
        prev = poly[i - 1]
        if inside(cur) != inside(prev):
            t = (y0 - prev[1]) / (cur[1] - prev[1])
            out.append((prev[0] + t * (cur[0] - prev[0]), y0))
        if inside(cur):
            out.append(cur)
    return out


# head scale, body (vertical) scale, face shift, width perspective per unit y, foot depth
_CAMERA = {
    "eye": (1.0, 1.0, 0.0, 0.0, 1.0),
    "high": (1.13, 0.78, 0.17, -0.0022, 1.45),
    "low": (0.86, 1.22, -0.13, 0.0026, 0.75),
}


def _species(name: str) -> Species:
    sp = SPECIES.get(name)
    if sp is None:
        raise ValueError(f"unknown species {name!r}; known: {', '.join(SPECIES)}")
    return sp


def rig(species: str, pose: str = "standing", angle: str = "eye") -> Rig:
    """The anchor points of ``species`` in ``pose`` seen from camera ``angle``.

    From above (``high``) the head is bigger, the body foreshortened and the face lower in
    the head (the top of the head shows); from below (``low``) the head is smaller, the
    legs longer and the face higher (the underside of the chin shows). Long ears shrink
    the whole figure so that they stay inside the unit space."""
    sp = _species(species)
    if pose not in POSES:
        raise ValueError(f"unknown pose {pose!r}; known: {', '.join(POSES)}")
    if angle not in ANGLES:
        raise ValueError(f"unknown camera angle {angle!r}; known: {', '.join(ANGLES)}")
    return _rig(sp, pose, angle, _scale(sp.name))


_STANDARD_TOP = 26.5  # the top of a standard head seen at eye level (a bear's)


@functools.cache
def _scale(species: str) -> float:
    """One size per species, the same in every pose and from every angle: standing at
    eye level its head reaches the standard height (a penguin's short legs do not make
    it small), and long ears stay inside the unit space from every angle."""
    sp = SPECIES[species]
    k = (GROUND - _STANDARD_TOP) / (GROUND - _rig(sp, "standing", "eye", 1.0).top)
    for pose in POSES:
        for angle in ANGLES:
            for _ in range(3):  # the body as drawn (ears, tail, hands) must fit the unit space
                sk = _Sketch("fit")
                _body(sk, _rig(sp, pose, angle, k), sp, _Paint.of(sp.color))
                half = max(UNIT_W / 2 - sk.x0, sk.x1 - UNIT_W / 2)
                f = min(1.0, (UNIT_W / 2 - 1.0) / half, (GROUND - 3.0) / (GROUND - sk.y0))
                if f > 0.999:
                    break
                k *= f
    return k


def _rig(sp: Species, pose: str, angle: str, k: float) -> Rig:
    hs, bs, face_shift, persp, fs = _CAMERA[angle]
    cx, g = UNIT_W / 2, GROUND
    ry = 28.0 * hs * k
    rx = ry * sp.head_w
    sw, hw = 17.0 * sp.build * k, 22.0 * sp.build * k

    def wp(y: float) -> float:
        return 1 + persp * (y - 100.0)

    if pose == "standing":
        foot_ry = 5.5 * fs * k
        ankle = g - foot_ry
        hip_joint = ankle - 17.0 * bs * sp.legs * k
        torso_bottom = hip_joint + 7.0 * bs * k
        hip_y = torso_bottom - 13.0 * bs * k
        shoulder_y = hip_y - 38.0 * bs * k
        leg_dx = 10.0 * k * min(sp.build, 1.1)
        legs = ((cx - leg_dx * wp(hip_joint), hip_joint), (cx - (leg_dx + 1.5 * k) * wp(ankle), ankle))
        foot_rx = (11.5 if sp.name == "penguin" else 10.0) * k
        feet_c = (cx - (leg_dx + 2.5 * k) * wp(ankle), ankle)
        feet = (feet_c[0], feet_c[1], foot_rx * wp(ankle), foot_ry)
        arm_a, arm_len = math.radians(36), 23.0 * k
    else:  # sitting: the torso rests on the ground, the legs come forward
        torso_bottom = g - 3.0 * k
        hip_y = torso_bottom - 13.0 * bs * k
        shoulder_y = hip_y - 36.0 * bs * k
        hip_joint = torso_bottom - 9.0 * k
        sole_ry = 8.5 * k * (1.0 if sp.name != "penguin" else 0.7)
        foot_y = g - sole_ry + 1.0 * k
        leg_dx = 12.0 * k * min(sp.build, 1.1)
        legs = ((cx - leg_dx, hip_joint), (cx - (leg_dx + 8.0 * k) * wp(foot_y), foot_y))
        feet = (legs[1][0], foot_y, 7.5 * k * (1.4 if sp.name == "penguin" else 1.0) * wp(foot_y), sole_ry)
        arm_a, arm_len = math.radians(26), 29.0 * k
    chin = shoulder_y - 5.0 * bs * k
    cy = chin - ry
    torso_top = chin - 10.0 * k
    sh_y = shoulder_y + 3.0 * k
    sh = (cx - (sw * wp(sh_y) - 2.0 * k), sh_y)
    hand_r = 6.8 * k
    hand_y = sh_y + arm_len * math.cos(arm_a) * bs
    hand_dx = max(
        cx - sh[0] + arm_len * math.sin(arm_a),
        _half_at(sw, hw, torso_top, hip_y, torso_bottom, hand_y) * wp(hand_y) + hand_r + 1.5 * k,
    )
    hand = (cx - hand_dx, hand_y)
    mirror = lambda p: (2 * cx - p[0], p[1])  # noqa: E731
    eye_y = cy + (0.1 + face_shift) * ry
    eye_dx = 0.37 * rx
    return Rig(
        species=sp.name,
        pose=pose,
        angle=angle,
        k=k,
        ground=g,
        top=cy - ry,
        head=(cx, cy, rx, ry),
        face_shift=face_shift,
        torso_top=torso_top,
        shoulder_y=shoulder_y,
        hip_y=hip_y,
        torso_bottom=torso_bottom,
        shoulder_w=sw,
        hip_w=hw,
        persp=persp,
        arms=((sh, hand), (mirror(sh), mirror(hand))),
        arm_w=11.5 * k,
        hand_r=hand_r,
        legs=(legs, (mirror(legs[0]), mirror(legs[1]))),
        leg_w=16.0 * k,
        feet=(feet, (2 * cx - feet[0], feet[1], feet[2], feet[3])),
        eyes=((cx - eye_dx, eye_y), (cx + eye_dx, eye_y)),
        eye_r=(0.11 * ry, 0.145 * ry),
        nose=(cx, cy + (0.36 + face_shift) * ry),
    )


def _half_at(sw: float, hw: float, top: float, hip: float, bottom: float, y: float) -> float:
    if y <= hip:
        return sw + (hw - sw) * math.sin(max(0.0, (y - top) / (hip - top)) * math.pi / 2)
    t = min(1.0, (y - hip) / (bottom - hip))
    return hw * math.sqrt(1 - t * t)


# --------------------------------------------------------------------------- drawing


def _n(v: float) -> str:
    r = round(v, 2)
    if r == 0:
        return "0"
    return str(int(r)) if r == int(r) else f"{r:g}"


def _pt(p: P) -> str:
    return f"{_n(p[0])} {_n(p[1])}"


class _Sketch:
    """SVG elements in figure units plus the box they may paint (strokes included)."""

    def __init__(self, lid: str) -> None:
        self.lid = lid
        self.items: list[str] = []
        self.defs: list[str] = []
        self.x0 = self.y0 = math.inf
        self.x1 = self.y1 = -math.inf

    def grow(self, pts: Iterable[P], pad: float) -> None:
        for x, y in pts:
            self.x0, self.y0 = min(self.x0, x - pad), min(self.y0, y - pad)
            self.x1, self.y1 = max(self.x1, x + pad), max(self.y1, y + pad)

    def add(self, svg: str, pts: Iterable[P], pad: float) -> None:
        self.items.append(svg)
        self.grow(pts, pad)

    def ellipse(
        self, c: P, rx: float, ry: float, fill: str, *, line: bool = True, rot: float = 0.0, extra: str = ""
    ) -> None:
        t = f' transform="rotate({_n(rot)} {_pt(c)})"' if rot else ""
        s = "" if line else ' stroke="none"'
        a = math.radians(rot)
        hx = math.hypot(rx * math.cos(a), ry * math.sin(a))
        hy = math.hypot(rx * math.sin(a), ry * math.cos(a))
        self.add(
            f'<ellipse cx="{_n(c[0])}" cy="{_n(c[1])}" rx="{_n(rx)}" ry="{_n(ry)}" fill="{fill}"{s}{t}{extra}/>',
            [(c[0] - hx, c[1] - hy), (c[0] + hx, c[1] + hy)],
            OUTLINE / 2 if line else 0.0,
        )

    def path(self, d: str, pts: Iterable[P], fill: str, *, line: bool = True, extra: str = "") -> None:
        s = "" if line else ' stroke="none"'
        self.add(f'<path d="{d}" fill="{fill}"{s}{extra}/>', pts, OUTLINE / 2 if line else 0.0)

    def stroke(self, d: str, pts: Iterable[P], color: str, width: float, extra: str = "") -> None:
        self.add(f'<path d="{d}" fill="none" stroke="{color}" stroke-width="{_n(width)}"{extra}/>', pts, width / 2)

    def shape(
        self, pts: list[P], paint: _Paint, *, pattern: str = "", shade: float = 0.86, smooth: bool = False
    ) -> None:
        """A convex shape: base fill, a shade crescent away from the light (upper left),
        the pattern, the outline."""
        d, ctrl = _smooth(pts) if smooth else (_poly(pts), pts)
        self.path(d, ctrl, paint.base, line=False)
        if shade < 1:
            self.path(_ring(pts, shade, smooth), [], paint.shade, line=False, extra=' fill-rule="evenodd"')
        if pattern:
            self.path(d, [], pattern, line=False)
        self.path(d, ctrl, "none")

    def limb(self, a: P, b: P, w: float, paint: _Paint, *, bend: float = 0.0) -> None:
        """A rounded limb from a to b (a capsule, optionally bent), outlined, shaded on
        the side away from the light."""
        c = None
        if bend:
            ux, uy = _unit((b[0] - a[0], b[1] - a[1]))
            c = ((a[0] + b[0]) / 2 - uy * bend, (a[1] + b[1]) / 2 + ux * bend)

        def d_of(dx: float, dy: float) -> str:
            a2, b2 = (a[0] + dx, a[1] + dy), (b[0] + dx, b[1] + dy)
            if c is None:
                return f"M{_pt(a2)}L{_pt(b2)}"
            return f"M{_pt(a2)}Q{_pt((c[0] + dx, c[1] + dy))} {_pt(b2)}"

        d, d2 = d_of(0.0, 0.0), d_of(-0.17 * w, -0.05 * w)
        pts = [a, b] + ([c] if c is not None else [])
        self.stroke(d, pts, INK, w + 2 * OUTLINE)
        self.stroke(d, [], paint.shade, w)
        self.stroke(d2, [], paint.base, w * 0.6)


def _unit(v: P) -> P:
    n = math.hypot(*v) or 1.0
    return v[0] / n, v[1] / n


def _poly(pts: Sequence[P], closed: bool = True) -> str:
    return "M" + "L".join(_pt(p) for p in pts) + ("Z" if closed else "")


def _smooth(pts: Sequence[P], closed: bool = True) -> tuple[str, list[P]]:
    """A Catmull-Rom curve through pts as cubic Béziers; (d, control points)."""
    n = len(pts)
    ctrl = list(pts)
    d = [f"M{_pt(pts[0])}"]
    for i in range(n if closed else n - 1):
        p0 = pts[(i - 1) % n] if closed or i > 0 else pts[0]
        p1, p2 = pts[i], pts[(i + 1) % n]
        p3 = pts[(i + 2) % n] if closed or i + 2 < n else pts[-1]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        d.append(f"C{_pt(c1)} {_pt(c2)} {_pt(p2)}")
        ctrl += [c1, c2]
    return "".join(d) + ("Z" if closed else ""), ctrl


def _sample(pts: Sequence[P], per: int = 5) -> list[P]:
    """Points along the closed Catmull-Rom curve through pts."""
    n = len(pts)
    out: list[P] = []
    for i in range(n):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[(i + 1) % n], pts[(i + 2) % n]
        for j in range(per):
            t = j / per
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(  # type: ignore[arg-type]
                    0.5 * (2 * b + (c - a) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (3 * b - a - 3 * c + d) * t3)
                    for a, b, c, d in zip(p0, p1, p2, p3)
                )
            )
    return out


def _ring(pts: list[P], f: float, smooth: bool) -> str:
    """The shape minus a copy scaled by f about its upper-left-most point: a crescent,
    thickest on the lower right (for convex shapes the copy stays inside)."""
    ax, ay = min(pts, key=lambda p: p[0] + p[1])
    inner = [(ax + f * (x - ax), ay + f * (y - ay)) for x, y in pts]
    if smooth:
        return _smooth(pts)[0] + _smooth(inner)[0]
    return _poly(pts) + _poly(inner)


def _crescent(c: P, rx: float, ry: float, dx: float, dy: float) -> str:
    """The part of ellipse (c, rx, ry) not covered by the same ellipse moved by (dx, dy):
    a crescent on the side away from the move."""
    vx, vy = dx / rx, dy / ry
    dn = math.hypot(vx, vy)
    h = math.sqrt(max(0.0, 1 - dn * dn / 4))
    px, py = -vy / dn, vx / dn
    p1 = (c[0] + (vx / 2 + px * h) * rx, c[1] + (vy / 2 + py * h) * ry)
    p2 = (c[0] + (vx / 2 - px * h) * rx, c[1] + (vy / 2 - py * h) * ry)
    r = f"{_n(rx)} {_n(ry)}"
    return f"M{_pt(p1)}A{r} 0 1 1 {_pt(p2)}A{r} 0 0 0 {_pt(p1)}Z"


def _ellipse_pts(c: P, rx: float, ry: float, a0: float, a1: float, n: int) -> list[P]:
    return [
        (
            c[0] + rx * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
            c[1] + ry * math.sin(math.radians(a0 + (a1 - a0) * i / n)),
        )
        for i in range(n + 1)
    ]


def _ellipse_d(c: P, rx: float, ry: float) -> str:
    r = f"{_n(rx)} {_n(ry)}"
    return f"M{_pt((c[0] - rx, c[1]))}A{r} 0 1 0 {_pt((c[0] + rx, c[1]))}A{r} 0 1 0 {_pt((c[0] - rx, c[1]))}Z"


def _ribbon(pts: Sequence[P], w0: float, w1: float | None = None) -> list[P]:
    """A band of width w0 (→ w1) along a polyline, with round ends: a closed polygon."""
    w1 = w0 if w1 is None else w1
    n = len(pts)
    left: list[P] = []
    right: list[P] = []
    for i, p in enumerate(pts):
        a = pts[max(0, i - 1)]
        b = pts[min(n - 1, i + 1)]
        ux, uy = _unit((b[0] - a[0], b[1] - a[1]))
        half = (w0 + (w1 - w0) * i / (n - 1)) / 2
        left.append((p[0] - uy * half, p[1] + ux * half))
        right.append((p[0] + uy * half, p[1] - ux * half))

    def cap(p: P, q: P, half: float, toward: P) -> list[P]:
        cx, cy = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
        a0 = math.atan2(p[1] - cy, p[0] - cx)
        tx, ty = toward
        # go round the side that points along ``toward``
        sgn = 1 if (math.cos(a0 + math.pi / 2) * tx + math.sin(a0 + math.pi / 2) * ty) > 0 else -1
        return [
            (cx + half * math.cos(a0 + sgn * math.pi * j / 6), cy + half * math.sin(a0 + sgn * math.pi * j / 6))
            for j in range(1, 6)
        ]

    end_dir = _unit((pts[-1][0] - pts[-2][0], pts[-1][1] - pts[-2][1]))
    start_dir = _unit((pts[0][0] - pts[1][0], pts[0][1] - pts[1][1]))
    return left + cap(left[-1], right[-1], w1 / 2, end_dir) + right[::-1] + cap(right[0], left[0], w0 / 2, start_dir)


# --------------------------------------------------------------------------- the body


def _ears(r: Rig, sp: Species) -> list[tuple[list[P], list[P] | None, bool]]:
    """Ear shapes: (outline points (smooth), inner points or None, ellipse-like)."""
    cx, cy, rx, ry = r.head
    out: list[tuple[list[P], list[P] | None, bool]] = []
    for s in (-1, 1):
        if sp.ears == "koala":
            c = (cx + s * 0.9 * rx, cy - 0.5 * ry)
            rr = 0.42 * rx
            outer = _ellipse_pts(c, rr, rr * 0.95, 0, 360, 16)[:-1]
            ic = (c[0] + s * 0.07 * rx, c[1] + 0.03 * ry)
            inner = _fluff(ic, rr * 0.62, 9)
            out.append((outer, inner, True))
        elif sp.ears == "round":
            c = (cx + s * 0.7 * rx, cy - 0.76 * ry)
            rr = 0.25 * rx
            outer = _ellipse_pts(c, rr, rr, 0, 360, 12)[:-1]
            inner = _ellipse_pts((c[0] + s * 0.02 * rx, c[1] + 0.03 * ry), rr * 0.55, rr * 0.55, 0, 360, 10)[:-1]
            out.append((outer, inner, True))
        elif sp.ears in ("cat", "fox"):
            tall = 1.0 if sp.ears == "cat" else 1.22
            b1 = (cx + s * 0.2 * rx, cy - 0.9 * ry)
            b2 = (cx + s * 0.9 * rx, cy - 0.42 * ry)
            tip = (cx + s * 0.74 * rx, cy - (0.98 + 0.34 * tall) * ry)
            outer = [b1, _mix(b1, tip, 0.55, s * -0.05 * rx), tip, _mix(tip, b2, 0.5, s * 0.07 * rx), b2]
            inner = [_mix(b1, b2, 0.22), _mix(_mix(b1, b2, 0.4), tip, 0.72), _mix(b1, b2, 0.75)]
            out.append((outer, inner, False))
        elif sp.ears == "rabbit":
            c = (cx + s * 0.33 * rx, cy - 1.5 * ry)
            outer = _rot_pts(_ellipse_pts((0, 0), 0.21 * rx, 0.68 * ry, 0, 360, 16)[:-1], s * 9, c)
            inner = _rot_pts(_ellipse_pts((0, 0.08 * ry), 0.1 * rx, 0.5 * ry, 0, 360, 12)[:-1], s * 9, c)
            out.append((outer, inner, True))
        elif sp.ears == "dog":
            top = (cx + s * 0.52 * rx, cy - 0.86 * ry)
            outer = [
                top,
                (cx + s * 0.95 * rx, cy - 0.62 * ry),
                (cx + s * 1.1 * rx, cy - 0.05 * ry),
                (cx + s * 1.0 * rx, cy + 0.36 * ry),
                (cx + s * 0.83 * rx, cy + 0.3 * ry),
                (cx + s * 0.74 * rx, cy - 0.25 * ry),
            ]
            out.append((outer, None, False))
    return out


def _fluff(c: P, rr: float, n: int) -> list[P]:
    """A fluffy (gently scalloped) round outline."""
    pts = []
    for i in range(2 * n):
        a = math.pi * i / n
        f = 1.0 if i % 2 == 0 else 0.86
        pts.append((c[0] + rr * f * math.cos(a), c[1] + rr * f * math.sin(a)))
    return pts


def _mix(a: P, b: P, t: float, bulge: float = 0.0) -> P:
    x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
    return (x + bulge, y)


def _rot_pts(pts: list[P], deg: float, c: P) -> list[P]:
    a = math.radians(deg)
    ca, sa = math.cos(a), math.sin(a)
    return [(c[0] + x * ca - y * sa, c[1] + x * sa + y * ca) for x, y in pts]


def _draw_ears(sk: _Sketch, r: Rig, sp: Species, paint: _Paint, front: bool) -> None:
    if (sp.ears == "dog") != front:
        return
    ear_paint = paint
    inner_col = sp.colors.get("inner_ear", paint.light)
    if sp.face == "panda":
        ear_paint = _Paint.of(sp.colors["black"])
    if sp.ears == "dog":
        ear_paint = _Paint.of(oklab_shift(paint.base, -0.14))
    for outer, inner, _round in _ears(r, sp):
        d, ctrl = _smooth(outer) if len(outer) > 5 else _smooth_corners(outer)
        sk.path(d, ctrl, ear_paint.base)
        if inner is not None and sp.face != "panda":
            di, ci = _smooth(inner) if len(inner) > 5 else _smooth_corners(inner)
            sk.path(di, ci, inner_col, line=False)


def _smooth_corners(pts: list[P]) -> tuple[str, list[P]]:
    """A closed path through pts with gently rounded corners (quadratic fillets)."""
    n = len(pts)
    segs = []
    for i in range(n):
        a, b, c = pts[i - 1], pts[i], pts[(i + 1) % n]
        p = _mix(b, a, 0.18)
        q = _mix(b, c, 0.18)
        segs.append((p, b, q))
    d = f"M{_pt(segs[0][0])}"
    for i, (p, b, q) in enumerate(segs):
        if i:
            d += f"L{_pt(p)}"
        d += f"Q{_pt(b)} {_pt(q)}"
    return d + "Z", list(pts)


def _tail(sk: _Sketch, r: Rig, sp: Species, paint: _Paint) -> None:
    cx, k = r.cx, r.k
    base = (cx + r.hip_w * 0.55, r.torso_bottom - 5 * k)
    if sp.tail == "cat":
        pts = [base, (cx + 30 * k, r.hip_y + 4 * k), (cx + 38 * k, r.hip_y - 12 * k), (cx + 33 * k, r.hip_y - 26 * k)]
        d, ctrl = _smooth(pts, closed=False)
        w = 6.5 * k
        sk.stroke(d, ctrl, INK, w + 2 * OUTLINE)
        sk.stroke(d, [], paint.base, w)
        d2 = f"M{_pt(_mix(pts[2], pts[3], 0.45))}L{_pt(pts[3])}"
        sk.stroke(d2, [], paint.shade, w)
    elif sp.tail == "dog":
        pts = [base, (cx + r.hip_w + 6 * k, r.hip_y - 4 * k), (cx + r.hip_w + 7 * k, r.hip_y - 13 * k)]
        d, ctrl = _smooth(pts, closed=False)
        w = 6.0 * k
        sk.stroke(d, ctrl, INK, w + 2 * OUTLINE)
        sk.stroke(d, [], paint.base, w)
    elif sp.tail == "fox":
        root = (cx + r.hip_w * 0.5, r.torso_bottom - 4 * k)
        tip = (cx + 44 * k, r.hip_y - 26 * k)
        pts = [
            root,
            (cx + 30 * k, r.torso_bottom - 2 * k),
            (cx + 45 * k, r.hip_y - 8 * k),
            tip,
            (cx + 33 * k, r.hip_y - 14 * k),
            (cx + r.hip_w * 0.6, r.hip_y - 2 * k),
        ]
        d, ctrl = _smooth(pts)
        sk.path(d, ctrl, paint.base, line=False)
        white = sp.colors["white"]
        tip_pts = [
            (cx + 41.5 * k, r.hip_y - 12.5 * k),
            tip,
            (cx + 35.5 * k, r.hip_y - 16 * k),
            (cx + 39 * k, r.hip_y - 18 * k),
        ]
        dt, _ = _smooth(tip_pts)
        sk.path(dt, [], white, line=False)
        sk.path(d, ctrl, "none")
        # a few fur strokes on the far side
        fs = f"M{_pt((cx + 37 * k, r.hip_y + 3 * k))}Q{_pt((cx + 40 * k, r.hip_y - 3 * k))} {_pt((cx + 41 * k, r.hip_y - 7 * k))}"
        sk.stroke(fs, [], paint.shade, 1.6 * k)


def _body(sk: _Sketch, r: Rig, sp: Species, paint: _Paint) -> None:
    cx, k = r.cx, r.k
    black = _Paint.of(sp.colors["black"]) if "black" in sp.colors else None
    limb = black or paint
    hand_paint = black or (_Paint.of(sp.colors["paws"]) if "paws" in sp.colors else paint)
    leg_paint = black or (_Paint.of(sp.colors["paws"]) if "paws" in sp.colors else paint)
    foot_paint = _Paint.of(sp.colors["feet"]) if "feet" in sp.colors else leg_paint

    # 1. behind the body: tail, ears
    _tail(sk, r, sp, paint)
    _draw_ears(sk, r, sp, paint, front=False)

    # 2. legs and feet (standing: behind the torso)
    def legs_and_feet() -> None:
        for i, ((hip, ankle), (fx, fy, frx, fry)) in enumerate(zip(r.legs, r.feet)):
            if sp.legs > 0.5:
                sk.limb(hip, ankle, r.leg_w, leg_paint)
            if r.pose == "standing":
                rot = (-1 if i == 0 else 1) * -8
                sk.ellipse((fx, fy), frx, fry, foot_paint.base, rot=rot)
                if sp.name != "penguin":
                    for dx in (-0.28, 0.28):  # toes
                        x = fx + dx * frx
                        sk.stroke(f"M{_pt((x, fy + fry * 0.25))}L{_pt((x, fy + fry * 0.9))}", [], INK, OUTLINE * 0.7)
            else:  # soles towards the viewer
                sk.ellipse((fx, fy), frx, fry, foot_paint.base)
                if sp.name != "penguin":
                    pad = sp.colors.get("pads", foot_paint.shade)
                    sk.ellipse((fx, fy + 0.25 * fry), 0.5 * frx, 0.38 * fry, pad, line=False)
                    for j in (-1, 0, 1):
                        sk.ellipse(
                            (fx + j * 0.42 * frx, fy - 0.42 * fry + abs(j) * 0.14 * fry),
                            0.19 * frx,
                            0.17 * fry,
                            pad,
                            line=False,
                        )

    if r.pose == "standing":
        legs_and_feet()

    # 3. torso with its belly
    torso = r.torso_outline(0.0)
    sk.shape(torso, paint, shade=0.88)
    belly = sp.colors.get("belly") or sp.colors.get("white")
    if belly and sp.face != "panda":
        by0, by1 = r.shoulder_y + (4 if sp.name != "penguin" else -2) * k, r.torso_bottom - 3 * k
        bc = (cx, (by0 + by1) / 2)
        brx = r.hip_w * r.wp(bc[1]) * (0.62 if sp.name != "penguin" else 0.8)
        if sp.face == "fox":  # a white chest
            sk.ellipse((cx, r.shoulder_y + 9 * k), r.shoulder_w * 0.62, 10 * k, belly, line=False)
        else:
            sk.ellipse(bc, brx, (by1 - by0) / 2, belly, line=False)
    if black is not None:  # the panda's black shoulder band
        band = r.torso_outline(0.0, hem=r.shoulder_y + 12 * k)
        sk.path(_poly(band), band, black.base, line=False)
    sk.path(_poly(torso), torso, "none")

    if r.pose == "sitting":
        legs_and_feet()

    # 4. arms
    for sh, hand in r.arms:
        if sp.arms == "flipper":
            mid = ((sh[0] + hand[0]) / 2, (sh[1] + hand[1]) / 2 + 2 * k)
            length = math.dist(sh, hand)
            ang = math.degrees(math.atan2(hand[1] - sh[1], hand[0] - sh[0]))
            sk.ellipse(mid, length / 2 + 5 * k, 5.5 * k, paint.base, rot=ang)
            sk.path(
                _crescent(mid, length / 2 + 5 * k, 5.5 * k, 0, -2.2 * k),
                [],
                paint.shade,
                line=False,
                extra=f' transform="rotate({_n(ang)} {_pt(mid)})"',
            )
            sk.ellipse(mid, length / 2 + 5 * k, 5.5 * k, "none", rot=ang)
        else:
            sk.limb(sh, hand, r.arm_w, limb, bend=0.8 * k if hand[0] < cx else -0.8 * k)
            sk.ellipse(hand, r.hand_r, r.hand_r * 0.95, hand_paint.base, line=False)
            sk.path(_crescent(hand, r.hand_r, r.hand_r * 0.95, -1.6 * k, -1.8 * k), [], hand_paint.shade, line=False)
            sk.ellipse(hand, r.hand_r, r.hand_r * 0.95, "none")

    # 5. head
    _head(sk, r, sp, paint)
    _draw_ears(sk, r, sp, paint, front=True)


def _head(sk: _Sketch, r: Rig, sp: Species, paint: _Paint) -> None:
    cx, cy, rx, ry = r.head
    c = (cx, cy)
    k = r.k
    fs = r.face_shift
    sk.ellipse(c, rx, ry, paint.base, line=False)
    if r.angle == "low":  # the underside of the chin
        sk.path(_crescent(c, rx, ry, -0.03 * rx, -0.2 * ry), [], paint.shade, line=False)
    else:
        sk.path(_crescent(c, rx, ry, -0.08 * rx, -0.1 * ry), [], paint.shade, line=False)
    # a soft highlight on the upper left (bigger seen from above: the top of the head)
    hl = _ellipse_pts(c, rx * 0.8, ry * 0.78, 206, 236 if r.angle != "high" else 250, 5)
    d, ctrl = _smooth(hl, closed=False)
    sk.stroke(d, [], paint.light, 2.4 * k)

    ey = r.eyes[0][1]
    erx, ery = r.eye_r
    nx, ny = r.nose
    # masks and muzzles (fixed species colours)
    if sp.face == "penguin":
        white = sp.colors["face"]
        mask = []
        for s in (-1, 1):
            mask.append((cx + s * 0.4 * rx, ey - 0.14 * ry, 0.36 * rx, 0.36 * ry))
        mask.append((cx, cy + (0.3 + fs * 0.6) * ry, 0.72 * rx, 0.55 * ry))
        for mx, my, mrx, mry in mask:
            sk.ellipse((mx, my), mrx, mry, white, line=False)
    elif sp.face in ("dog", "bear"):
        sk.ellipse((nx, ny + 0.08 * ry), 0.34 * rx, 0.27 * ry, sp.colors["muzzle"], line=False)
    elif sp.face == "cat":
        for s in (-1, 1):
            sk.ellipse((nx + s * 0.1 * rx, ny + 0.12 * ry), 0.15 * rx, 0.14 * ry, sp.colors["muzzle"], line=False)
        for j in (-1, 0, 1):  # tabby marks on the forehead
            x = cx + j * 0.13 * rx
            y0 = cy - ry * 0.95
            sk.stroke(f"M{_pt((x, y0))}L{_pt((x, y0 + (0.26 - 0.06 * abs(j)) * ry))}", [], paint.shade, 2.4 * k)
    elif sp.face == "fox":
        white = sp.colors["white"]
        pts = [
            (cx - 0.98 * rx, cy + 0.12 * ry),
            (cx - 0.55 * rx, ey + 0.12 * ry),
            (cx - 0.16 * rx, ny - 0.12 * ry),
            (cx, ny - 0.2 * ry),
            (cx + 0.16 * rx, ny - 0.12 * ry),
            (cx + 0.55 * rx, ey + 0.12 * ry),
            (cx + 0.98 * rx, cy + 0.12 * ry),
            (cx + 0.7 * rx, cy + 0.72 * ry),
            (cx, cy + 0.99 * ry),
            (cx - 0.7 * rx, cy + 0.72 * ry),
        ]
        face = [p if _inside_head(r, p) else _to_head_outline(r, p, 0.995) for p in _sample(pts)]
        sk.path(_poly(face), [], white, line=False)
    elif sp.face == "panda":
        black = sp.colors["black"]
        for s in (-1, 1):
            sk.ellipse((cx + s * 0.37 * rx, ey + 0.05 * ry), 0.2 * rx, 0.27 * ry, black, line=False, rot=s * -32)
    sk.ellipse(c, rx, ry, "none")

    # cheeks
    for s in (-1, 1):
        sk.ellipse(
            (cx + s * 0.62 * rx, ey + 0.33 * ry), 0.13 * rx, 0.08 * ry, CHEEK, line=False, extra=' opacity="0.6"'
        )
    # eyes
    for ex, _ in r.eyes:
        if sp.face == "panda":
            sk.ellipse((ex, ey), erx * 1.15, ery * 1.0, "#FFFFFF", line=False)
            sk.ellipse((ex, ey + 0.02 * ry), erx * 0.8, ery * 0.72, INK, line=False)
        else:
            sk.ellipse((ex, ey), erx, ery, INK, line=False)
        sk.ellipse((ex - 0.3 * erx, ey - 0.35 * ery), 0.36 * erx, 0.3 * ery, "#FFFFFF", line=False)
    # nose and mouth
    lw = OUTLINE * 0.85
    if sp.face == "koala":
        nrx, nry = 0.2 * rx, 0.28 * ry
        ncy = ny - 0.06 * ry
        sk.path(_bean(cx, ncy, nrx, nry), [(cx - nrx, ncy - nry), (cx + nrx, ncy + nry)], sp.colors["nose"], line=False)
        sk.ellipse(
            (cx - 0.35 * nrx, ncy - 0.45 * nry), 0.22 * nrx, 0.16 * nry, "#FFFFFF", line=False, extra=' opacity="0.55"'
        )
        my = ncy + nry + 0.07 * ry
        sk.stroke(f"M{_pt((cx - 0.1 * rx, my))}Q{_pt((cx, my + 0.09 * ry))} {_pt((cx + 0.1 * rx, my))}", [], INK, lw)
    elif sp.face == "penguin":
        bw, bh = 0.14 * rx, 0.16 * ry
        pts = [(cx - bw, ny - 0.1 * ry), (cx + bw, ny - 0.1 * ry), (cx, ny - 0.1 * ry + bh)]
        d, ctrl = _smooth_corners(pts)
        sk.path(d, ctrl, sp.colors["beak"])
    else:
        nw = 0.07 * rx if sp.face in ("cat", "rabbit") else 0.1 * rx
        nh = 0.055 * ry if sp.face in ("cat", "rabbit") else 0.075 * ry
        tri = [(nx - nw, ny - nh), (nx + nw, ny - nh), (nx, ny + nh)]
        d, ctrl = _smooth_corners(tri)
        sk.path(d, ctrl, sp.colors["nose"], line=False)
        m0 = ny + nh
        m1 = m0 + 0.07 * ry
        w = 0.085 * rx
        sk.stroke(
            f"M{_pt((nx, m0))}L{_pt((nx, m1))}M{_pt((nx - w, m1 - 0.01 * ry))}Q{_pt((nx - w * 0.5, m1 + 0.085 * ry))} {_pt((nx, m1))}"
            f"Q{_pt((nx + w * 0.5, m1 + 0.085 * ry))} {_pt((nx + w, m1 - 0.01 * ry))}",
            [],
            INK,
            lw,
        )
        if sp.face == "cat":  # whiskers
            for s in (-1, 1):
                for j, dy in enumerate((-0.04, 0.06)):
                    x0 = cx + s * 0.52 * rx
                    x1 = cx + s * (0.8 + 0.02 * j) * rx
                    y = ny + dy * ry
                    sk.stroke(f"M{_pt((x0, y))}L{_pt((x1, y + (j - 0.5) * 0.08 * ry))}", [], INK, OUTLINE * 0.55)


def _bean(cx: float, cy: float, rx: float, ry: float) -> str:
    """The koala's big nose: a rounded shield, wider at the top."""
    pts = [
        (cx - rx, cy - 0.35 * ry),
        (cx - 0.7 * rx, cy - ry),
        (cx + 0.7 * rx, cy - ry),
        (cx + rx, cy - 0.35 * ry),
        (cx + 0.55 * rx, cy + 0.8 * ry),
        (cx, cy + ry),
        (cx - 0.55 * rx, cy + 0.8 * ry),
    ]
    return _smooth(pts)[0]


# --------------------------------------------------------------------------- clothing


def _pattern(sk: _Sketch, layer: PartLayer, paint: _Paint, k: float) -> str:
    """Defines the layer's pattern tile (id prefixed with the layer id); its fill value."""
    if layer.pattern == "none":
        return ""
    pc = layer.pattern_color or _default_pattern_color(paint.base)
    pid = f"{sk.lid}-pattern"
    t = 18.0 * k
    if layer.pattern == "floral":
        flowers = []
        for fx, fy, rot in ((0.27, 0.27, 0), (0.77, 0.75, 36), (0.77, -0.25, 36), (-0.23, 0.75, 36), (1.27, 0.27, 0)):
            x, y = fx * t, fy * t
            petals = "".join(
                f'<circle cx="{_n(x + 2.5 * k * math.cos(math.radians(rot + 72 * i - 90)))}" '
                f'cy="{_n(y + 2.5 * k * math.sin(math.radians(rot + 72 * i - 90)))}" r="{_n(2.2 * k)}"/>'
                for i in range(5)
            )
            flowers.append(
                f'<g fill="{pc}">{petals}</g><circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(1.2 * k)}" fill="{paint.shade}"/>'
            )
        body = "".join(flowers)
    elif layer.pattern == "stripes":
        t = 9.0 * k
        body = f'<rect y="{_n(t * 0.55)}" width="{_n(t)}" height="{_n(t * 0.45)}" fill="{pc}"/>'
    elif layer.pattern == "dots":
        t = 10.0 * k
        body = (
            f'<circle cx="{_n(t * 0.25)}" cy="{_n(t * 0.25)}" r="{_n(1.7 * k)}" fill="{pc}"/>'
            f'<circle cx="{_n(t * 0.75)}" cy="{_n(t * 0.75)}" r="{_n(1.7 * k)}" fill="{pc}"/>'
        )
    else:  # check (gingham)
        t = 12.0 * k
        body = (
            f'<rect width="{_n(t)}" height="{_n(t / 2)}" fill="{pc}" opacity="0.55"/>'
            f'<rect width="{_n(t / 2)}" height="{_n(t)}" fill="{pc}" opacity="0.55"/>'
        )
    sk.defs.append(
        f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="{_n(t)}" height="{_n(t)}">'
        f'<g stroke="none">{body}</g></pattern>'
    )
    return f"url(#{pid})"


def _default_pattern_color(color: str) -> str:
    """A light tint of the garment colour (a darker one on very light garments)."""
    lightness = _oklab(color)[0]
    return oklab_shift(color, 0.3 if lightness < 0.72 else -0.28)


def _inside_head(r: Rig, p: P) -> bool:
    cx, cy, rx, ry = r.head
    return ((p[0] - cx) / rx) ** 2 + ((p[1] - cy) / ry) ** 2 < 1


def _to_head_outline(r: Rig, p: P, f: float = 1.0) -> P:
    """p moved along the ray from the head's centre onto its outline (scaled by f)."""
    cx, cy, rx, ry = r.head
    u, v = (p[0] - cx) / rx, (p[1] - cy) / ry
    m = math.hypot(u, v) or 1.0
    return cx + u / m * rx * f, cy + v / m * ry * f


def _off_head(r: Rig, poly: Sequence[P]) -> list[P]:
    """The polygon with what lies inside the head pushed out onto the head's outline:
    a garment stops at the chin (the head stays in front) without a clip path, which
    would cost resvg an offscreen layer."""
    out: list[P] = []
    n = len(poly)
    for i in range(n):
        a, b = poly[i], poly[(i + 1) % n]
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        if _inside_head(r, a) or _inside_head(r, b) or _inside_head(r, mid):
            steps = max(1, math.ceil(math.dist(a, b) / (1.2 * r.k)))
            out += [(a[0] + (b[0] - a[0]) * j / steps, a[1] + (b[1] - a[1]) * j / steps) for j in range(steps)]
        else:
            out.append(a)
    pushed = [_to_head_outline(r, p) if _inside_head(r, p) else p for p in out]
    return [p for i, p in enumerate(pushed) if math.dist(p, pushed[i - 1]) > 0.05]


def _off_head_line(r: Rig, pts: Sequence[P]) -> str:
    """An open polyline without the pieces that lie inside the head: a path d."""
    d, pen = "", False
    for i in range(len(pts) - 1):
        a, b = pts[i], pts[i + 1]
        steps = max(1, math.ceil(math.dist(a, b) / (1.2 * r.k)))
        for j in range(steps + (i == len(pts) - 2)):
            p = (a[0] + (b[0] - a[0]) * j / steps, a[1] + (b[1] - a[1]) * j / steps)
            if _inside_head(r, p):
                pen = False
            else:
                d += ("L" if pen else "M") + _pt(p)
                pen = True
    return d


def _sleeve(r: Rig, side: int, t_end: float, grow: float, flare: float) -> list[P]:
    sh, hand = r.arms[side]
    dx, dy = _unit((hand[0] - sh[0], hand[1] - sh[1]))
    length = math.dist(sh, hand)
    nx, ny = -dy, dx
    w0 = r.arm_w / 2 + grow + 1.0 * r.k
    w1 = r.arm_w / 2 + grow + flare
    end = (sh[0] + dx * length * t_end, sh[1] + dy * length * t_end)
    cap = [
        (sh[0] + w0 * (nx * math.cos(a) - dx * math.sin(a)), sh[1] + w0 * (ny * math.cos(a) - dy * math.sin(a)))
        for a in (math.pi * j / 6 for j in range(7))
    ]
    return cap + [(end[0] - nx * w1, end[1] - ny * w1), (end[0] + nx * w1, end[1] + ny * w1)]


def _top_garment(sk: _Sketch, layer: PartLayer, r: Rig, paint: _Paint, kind: str) -> None:
    """Shirts, T-shirts, aloha shirts and the dress: sleeves, a body, a neckline. Every
    outline is cut where it would cross the head, so the head stays in front."""
    k, cx = r.k, r.cx
    grow = 1.6 * k
    pat = _pattern(sk, layer, paint, k)
    chin = r.chin
    sleeve_t = {"aloha_shirt": 0.5, "t_shirt": 0.44, "shirt": 0.86, "dress": 0.3}[kind]
    flare = {"aloha_shirt": 3.2, "t_shirt": 2.4, "shirt": 1.2, "dress": 3.6}[kind] * k

    # 1. sleeves (under the body of the garment)
    sleeves = [_sleeve(r, side, sleeve_t, grow, flare) for side in (0, 1)]
    cut = [_off_head(r, sl) for sl in sleeves]
    for sl, c in zip(sleeves, cut):
        sk.path(_poly(c), c, paint.base, line=False)
        sk.path(_ring_off_head(r, sl, 0.8, None), [], paint.shade, line=False, extra=' fill-rule="evenodd"')
    if pat:
        sk.path("".join(_poly(c) for c in cut), [], pat, line=False)
    for side, c in enumerate(cut):
        sk.path(_poly(c), c, "none")
        if kind == "shirt":  # cuffs
            a, b = sleeves[side][-2], sleeves[side][-1]
            sh, hand = r.arms[side]
            ux, uy = _unit((hand[0] - sh[0], hand[1] - sh[1]))
            back = 4.0 * k
            a2, b2 = (a[0] - ux * back, a[1] - uy * back), (b[0] - ux * back, b[1] - uy * back)
            sk.stroke(f"M{_pt(a2)}L{_pt(b2)}", [], INK, OUTLINE * 0.8)

    # 2. the skirt of the dress
    if kind == "dress":
        waist = r.shoulder_y + 0.42 * (r.hip_y - r.shoulder_y)
        hem = r.legs[0][0][1] + 0.55 * (r.legs[0][1][1] - r.legs[0][0][1])
        if r.pose == "sitting":
            hem = r.torso_bottom - 2 * k
        hem = min(hem, r.feet[0][1] - r.feet[0][3] - 1.5 * k)
        top_w = r.torso_half(waist) + grow
        hem_w = min(r.hip_w * r.wp(hem) * 1.45 + 4 * k, UNIT_W / 2 - 3.0)
        skirt = [(cx - top_w, waist - 2 * k), (cx + top_w, waist - 2 * k), (cx + hem_w, hem)]
        skirt += [(cx + hem_w - 2 * hem_w * i / 6, hem + (1.2 * k if i % 2 else 0.0)) for i in range(1, 6)]
        skirt += [(cx - hem_w, hem)]
        sk.shape(skirt, paint, pattern=pat, shade=0.86)
        for f in (-0.45, 0.0, 0.45):  # folds
            sk.stroke(
                f"M{_pt((cx + f * top_w * 0.8, waist + 6 * k))}L{_pt((cx + f * hem_w, hem - 2 * k))}",
                [],
                paint.shade,
                1.4 * k,
            )
        outline = r.torso_outline(grow, hem=waist + 1 * k)
    else:
        hem = r.torso_bottom - (2.0 if kind == "aloha_shirt" else 3.0) * k
        if r.pose == "sitting":
            hem = r.hip_y + 3.0 * k
        outline = r.torso_outline(grow, hem=hem)

    # 3. the body with its neckline opening (the fur under the chin shows)
    top = r.torso_top
    uw = ud = vw = vd = 0.0
    if kind in ("aloha_shirt", "shirt"):
        vw, vd = (13.0 * k, chin + 13.0 * k) if kind == "aloha_shirt" else (8.0 * k, chin + 7.0 * k)
        opening = [(cx + vw, top), (cx, vd), (cx - vw, top)]
    else:  # a round neck
        uw, ud = 9.0 * k, chin + 4.0 * k - top
        opening = [
            (cx + uw * math.cos(math.radians(a)), top + ud * math.sin(math.radians(a))) for a in range(0, 181, 30)
        ]
    body = _off_head(r, outline + opening)
    d = _poly(body)
    sk.path(d, body, paint.base, line=False)
    # shaded from the un-notched outline, scaled about a point on its top edge: the
    # neckline lies inside the scaled copy, so the crescent never fills the opening
    anchor = (cx - 0.4 * r.shoulder_w, top)
    sk.path(_ring_off_head(r, outline, 0.88, anchor), [], paint.shade, line=False, extra=' fill-rule="evenodd"')
    if pat:
        sk.path(d, [], pat, line=False)
    sk.path(d, body, "none")

    # 4. details
    if kind in ("t_shirt", "dress"):  # a ribbed collar band
        rib = [
            (cx + (uw + 1.6 * k) * math.cos(math.radians(a)), top + (ud + 1.6 * k) * math.sin(math.radians(a)))
            for a in range(0, 181, 20)
        ]
        rd = _off_head_line(r, rib)
        if rd:
            sk.stroke(rd, [], paint.shade, 2.4 * k)
    if kind in ("aloha_shirt", "shirt"):  # collar, placket, buttons
        collars = []
        for s in (-1, 1):
            if kind == "aloha_shirt":  # an open collar
                pts = [
                    (cx + s * 1.0 * k, vd - 1.0 * k),
                    (cx + s * (vw + 2.5 * k), chin - 3 * k),
                    (cx + s * (vw + 5.5 * k), chin + 6.5 * k),
                ]
            else:  # a pointed collar
                pts = [
                    (cx + s * 0.5 * k, vd - 2 * k),
                    (cx + s * (vw + 3 * k), chin - 3 * k),
                    (cx + s * (vw + 2 * k), chin + 5 * k),
                ]
            collars.append(_off_head(r, pts))
        collar_paint = paint.base if kind == "aloha_shirt" else paint.light
        for c in collars:
            sk.path(_poly(c), c, collar_paint, line=False)
        if pat and kind == "aloha_shirt":
            sk.path("".join(_poly(c) for c in collars), [], pat, line=False)
        for c in collars:
            sk.path(_poly(c), c, "none")
        sk.stroke(f"M{_pt((cx, vd))}L{_pt((cx, hem))}", [], INK, OUTLINE * 0.7)
        fractions = (0.3, 0.68) if kind == "aloha_shirt" else (0.25, 0.55, 0.85)
        for f in fractions:
            sk.ellipse(
                (cx + 2.4 * k, vd + f * (hem - vd)),
                1.4 * k,
                1.4 * k,
                paint.light,
                extra=f' stroke-width="{_n(OUTLINE * 0.6)}"',
            )
    if kind == "dress":  # a sash with a bow
        y = waist
        band = [
            (cx - top_w - 0.6 * k, y - 3 * k),
            (cx + top_w + 0.6 * k, y - 3 * k),
            (cx + top_w + 0.6 * k, y + 2 * k),
            (cx - top_w - 0.6 * k, y + 2 * k),
        ]
        sk.path(_poly(band), band, paint.shade)
        for s in (-1, 1):
            loop = [(cx, y), (cx + s * 7 * k, y - 5 * k), (cx + s * 7 * k, y + 4 * k)]
            d2, c2 = _smooth_corners(loop)
            sk.path(d2, c2, paint.shade)
        sk.ellipse((cx, y - 0.3 * k), 2.4 * k, 2.6 * k, paint.shade)


def _ring_off_head(r: Rig, pts: list[P], f: float, anchor: P | None) -> str:
    """A shade crescent (see :func:`_ring`) with both outlines kept off the head."""
    ax, ay = anchor or min(pts, key=lambda p: p[0] + p[1])
    inner = [(ax + f * (x - ax), ay + f * (y - ay)) for x, y in pts]
    return _poly(_off_head(r, pts)) + _poly(_off_head(r, inner))


def _scarf(sk: _Sketch, layer: PartLayer, r: Rig, paint: _Paint) -> None:
    k, cx = r.k, r.cx
    pat = _pattern(sk, layer, paint, k)
    chin = r.chin
    bw = r.torso_half(chin) + 5.0 * k
    width = 9.0 * k
    # two hanging ends from a knot on the viewer's right: the far one in shade
    knot = (cx + 0.45 * bw, chin + 3.0 * k)
    drop = 24.0 * k * (0.85 if r.angle == "high" else 1.1 if r.angle == "low" else 1.0)
    for dx, dy, far in ((11 * k, drop * 0.85, True), (3 * k, drop, False)):
        end = (knot[0] + dx, knot[1] + dy)
        ux, uy = _unit((end[0] - knot[0], end[1] - knot[1]))
        nx, ny = -uy, ux
        w0, w1 = 3.6 * k, 4.4 * k
        strip = [
            (knot[0] + nx * w0, knot[1] + ny * w0),
            (end[0] + nx * w1, end[1] + ny * w1),
            (end[0] - nx * w1, end[1] - ny * w1),
            (knot[0] - nx * w0, knot[1] - ny * w0),
        ]
        sp = _Paint(paint.shade, oklab_shift(paint.base, -0.18), paint.base) if far else paint
        sk.shape(strip, sp, pattern=pat, shade=0.9)
        for j in (-0.5, 0.0, 0.5):  # fringe
            bx, by = end[0] + nx * w1 * j, end[1] + ny * w1 * j
            tail = (bx + ux * 3 * k, by + uy * 3 * k)
            sk.stroke(f"M{_pt((bx, by))}L{_pt(tail)}", [(bx, by), tail], sp.base, 1.6 * k)
    # the band round the neck, snug under the chin
    line: list[P] = []
    for i in range(9):
        x = cx - bw + 2 * bw * i / 8
        line.append((x, max(r.head_lower(x), chin - 6 * k) + 2.2 * k))
    band = _ribbon(line, width)
    d, ctrl = _smooth(band)
    sk.path(d, ctrl, paint.base, line=False)
    lower = _ribbon([(x, y + 2.4 * k) for x, y in line[1:-1]], width * 0.42)
    sk.path(_smooth(lower)[0], [], paint.shade, line=False)
    if pat:
        sk.path(d, [], pat, line=False)
    sk.path(d, ctrl, "none")
    sk.stroke(_smooth([(x, y - 2.3 * k) for x, y in line[2:-2]], closed=False)[0], [], paint.light, 1.6 * k)
    sk.ellipse((knot[0] + 1.5 * k, knot[1] + 1.0 * k), 4.2 * k, 4.0 * k, paint.base)


def _hat(sk: _Sketch, layer: PartLayer, r: Rig, paint: _Paint, sp: Species) -> None:
    k = r.k
    cx, cy, rx, ry = r.head
    pat = _pattern(sk, layer, paint, k)
    brim_y = cy - 0.5 * ry
    brim_rx = 1.1 * rx
    brim_ry = {"eye": 0.15, "high": 0.3, "low": 0.07}[r.angle] * ry
    crown_top = max(cy - ry - 0.22 * ry, 2.0 + OUTLINE)
    cw0, cw1 = 0.8 * rx, 0.68 * rx
    mask = ""
    if sp.ears in ("rabbit", "cat", "fox"):  # the ears come through the hat
        mid = f"{sk.lid}-ears"
        ears = "".join(
            f'<path d="{_smooth(o)[0] if len(o) > 5 else _smooth_corners(o)[0]}"/>' for o, _, _ in _ears(r, sp)
        )
        sk.defs.append(
            f'<mask id="{mid}" maskUnits="userSpaceOnUse" x="-50" y="-50" width="200" height="260">'
            f'<rect x="-50" y="-50" width="200" height="260" fill="#fff"/>'
            f'<g fill="#000" stroke="#000" stroke-width="{_n(OUTLINE)}">{ears}</g></mask>'
        )
        mask = f' mask="url(#{mid})"'
    sk.items.append(f"<g{mask}>")
    brim_paint = paint if r.angle != "low" else _Paint(paint.shade, oklab_shift(paint.base, -0.18), paint.base)
    sk.ellipse((cx, brim_y), brim_rx, brim_ry, brim_paint.base, line=False)
    sk.path(
        _crescent((cx, brim_y), brim_rx, brim_ry, -0.04 * brim_rx, -0.3 * brim_ry), [], brim_paint.shade, line=False
    )
    if pat:
        sk.ellipse((cx, brim_y), brim_rx, brim_ry, pat, line=False)
    sk.ellipse((cx, brim_y), brim_rx, brim_ry, "none")
    rr = 6.0 * k
    crown = [(cx - cw0, brim_y)]
    crown += [
        (cx - cw1 + rr * (1 - math.cos(math.radians(a))), crown_top + rr * (1 - math.sin(math.radians(a))))
        for a in range(0, 91, 30)
    ]
    crown += [
        (cx + cw1 - rr * (1 - math.cos(math.radians(a))), crown_top + rr * (1 - math.sin(math.radians(a))))
        for a in range(90, -1, -30)
    ]
    crown += [(cx + cw0, brim_y)]
    crown += _ellipse_pts((cx, brim_y), cw0, brim_ry * 0.6, 0, 180, 8)[1:-1]
    sk.shape(crown, paint, pattern=pat, shade=0.84)
    # the band above the brim
    b0, b1 = brim_y - 0.2 * ry, brim_y - 0.05 * ry

    def side(y: float) -> float:
        t = (y - brim_y) / (crown_top - brim_y)
        return cw0 + (cw1 - cw0) * t

    band = [(cx - side(b0), b0), (cx + side(b0), b0)]
    band += [(cx + side(b1), b1)] + [
        (x, y + (b1 - brim_y)) for x, y in _ellipse_pts((cx, brim_y), side(b1), brim_ry * 0.6, 0, 180, 8)[1:-1]
    ]
    band += [(cx - side(b1), b1)]
    sk.path(_poly(band), band, paint.shade)
    if r.angle == "high":  # the top of the crown shows
        sk.ellipse((cx, crown_top + 2.5 * k), cw1 - 3 * k, 2.6 * k, paint.light, line=False)
    sk.items.append("</g>")


# --------------------------------------------------------------------------- accessories


def _umbrella(sk: _Sketch, r: Rig, paint: _Paint) -> None:
    """An open umbrella held in the viewer's left hand, leaning over the head; it is
    drawn behind the body, so the paw closes over the shaft."""
    k = r.k
    hand = r.arms[0][1]
    theta = math.radians(17)
    ax, ay = math.sin(theta), -math.cos(theta)  # up the shaft
    c_y = r.top + 1.0 * k
    length = (hand[1] - c_y) / -ay
    c = (hand[0] + ax * length, hand[1] + ay * length)
    rad, dome = 37.0 * k, {"eye": 0.66, "high": 0.8, "low": 0.54}[r.angle]
    hd = rad * dome

    def world(p: P) -> P:  # canopy frame (x along the rim, y down the shaft) → figure units
        return (c[0] + p[0] * -ay + p[1] * -ax, c[1] + p[0] * ax + p[1] * -ay)

    # shrink the canopy until it fits the unit space
    for _ in range(16):
        probe = (
            [world((x, 0.0)) for x in (-rad, rad)]
            + [world((0.0, -hd - 4 * k - 1.5 * k))]
            + [world((x * rad, -hd * math.sqrt(max(0.0, 1 - x * x)))) for x in (-0.7, -0.3, 0.0, 0.3, 0.7)]
        )
        if all(OUTLINE <= x <= UNIT_W - OUTLINE and y >= OUTLINE for x, y in probe):
            break
        rad, hd = rad * 0.96, hd * 0.96
    # shaft and tip
    tip = world((0.0, -hd - 4 * k))
    grip = (hand[0] - ax * 5 * k, hand[1] - ay * 5 * k)
    sk.stroke(f"M{_pt(grip)}L{_pt(tip)}", [grip, tip], INK, 2.6 * k + 2 * OUTLINE)
    sk.stroke(f"M{_pt(grip)}L{_pt(tip)}", [], "#8A6A4A", 2.6 * k)
    # the J handle below the paw
    hk = (grip[0] + 5.5 * k, grip[1])
    hook = f"M{_pt(grip)}Q{_pt((grip[0], grip[1] + 8 * k))} {_pt((hk[0], grip[1] + 7 * k))}Q{_pt((hk[0] + 2.5 * k, grip[1] + 5 * k))} {_pt((hk[0] + 1.5 * k, grip[1] + 2.5 * k))}"
    hook_pts = [grip, (grip[0], grip[1] + 8 * k), (hk[0] + 2.5 * k, grip[1] + 8 * k)]
    sk.stroke(hook, hook_pts, INK, 3.4 * k + 2 * OUTLINE)
    sk.stroke(hook, [], paint.shade, 3.4 * k)
    # the canopy: gores between ribs, a scalloped rim
    ribs = [-1.0, -0.5, 0.0, 0.5, 1.0]
    top = (0.0, -hd)

    def rib(x: float) -> str:
        return f"Q{_pt(world((x * rad, -hd)))} {_pt(world(top))}"

    def rib_back(x: float) -> str:
        return f"Q{_pt(world((x * rad, -hd)))} {_pt(world((x * rad, 0.0)))}"

    def scallop(x0: float, x1: float) -> str:
        return f"Q{_pt(world(((x0 + x1) / 2 * rad, -0.16 * hd)))} {_pt(world((x1 * rad, 0.0)))}"

    outline = (
        f"M{_pt(world((-rad, 0.0)))}{rib(-1.0)}{rib_back(1.0)}"
        + "".join(scallop(ribs[i], ribs[i - 1]) for i in range(4, 0, -1))
        + "Z"
    )
    pts = [world((x * rad, y)) for x in (-1.0, 1.0) for y in (0.0, -hd)]
    if r.angle == "low":  # the underside shows below the rim
        under = f"M{_pt(world((-rad, 0.0)))}Q{_pt(world((0.0, 0.34 * hd)))} {_pt(world((rad, 0.0)))}Z"
        sk.path(under, pts + [world((0.0, 0.2 * hd))], paint.shade)
        for x in ribs[1:-1]:
            sk.stroke(f"M{_pt(world((0.0, 0.1 * hd)))}L{_pt(world((x * rad, 0.02 * hd)))}", [], INK, OUTLINE * 0.7)
    sk.path(outline, pts, paint.base, line=False)
    for i in (0, 2):  # every other gore in the light colour
        x0, x1 = ribs[i], ribs[i + 1]
        gore = f"M{_pt(world((x0 * rad, 0.0)))}{rib(x0)}{rib_back(x1)}{scallop(x1, x0)}Z"
        sk.path(gore, [], paint.light, line=False)
    for x in ribs[1:-1]:
        sk.stroke(f"M{_pt(world((x * rad, 0.0)))}{rib(x)}", [], INK, OUTLINE * 0.7)
    sk.path(outline, pts, "none")


def _bag(sk: _Sketch, r: Rig, paint: _Paint) -> None:
    k, cx = r.k, r.cx
    bc = (cx - r.hip_w * r.wp(r.hip_y) * 0.55, r.hip_y + 1.0 * k)
    bw, bh = 11.0 * k, 9.0 * k
    strap_top = (cx + r.shoulder_w * 0.75, r.chin + 3.0 * k)
    strap = _ribbon([strap_top, (bc[0] + 2 * k, bc[1] - bh)], 3.4 * k)
    sk.path(_poly(strap), strap, paint.shade)
    body = _rounded_rect(bc, bw, bh, 3.0 * k)
    sk.shape(body, _Paint(paint.shade, oklab_shift(paint.base, -0.2), paint.base), shade=0.8)
    flap = [
        (bc[0] - bw, bc[1] - bh),
        (bc[0] + bw, bc[1] - bh),
        (bc[0] + bw, bc[1] - 0.1 * bh),
        (bc[0], bc[1] + 0.35 * bh),
        (bc[0] - bw, bc[1] - 0.1 * bh),
    ]
    d2, c2 = _smooth_corners(flap)
    sk.path(d2, c2, paint.base)
    sk.ellipse((bc[0], bc[1] + 0.25 * bh), 1.7 * k, 1.7 * k, paint.light, extra=f' stroke-width="{_n(OUTLINE * 0.6)}"')


def _rounded_rect(c: P, hw: float, hh: float, rr: float) -> list[P]:
    pts: list[P] = []
    for (sx, sy), a0 in (((1, 1), 0), ((-1, 1), 90), ((-1, -1), 180), ((1, -1), 270)):
        cc = (c[0] + sx * (hw - rr), c[1] + sy * (hh - rr))
        pts += _ellipse_pts(cc, rr, rr, a0, a0 + 90, 3)
    return pts


def _glasses(sk: _Sketch, r: Rig, paint: _Paint) -> None:
    k = r.k
    cx, cy, rx, ry = r.head
    erx, ery = r.eye_r
    rr = ery * 2.0
    (lx, ey), (rx_, _) = r.eyes
    for x in (lx, rx_):
        sk.ellipse((x, ey), rr, rr * 0.92, "#FFFFFF", line=False, extra=' opacity="0.3"')
    bridge = f"M{_pt((lx + rr, ey - 0.2 * rr))}Q{_pt((cx, ey - 0.75 * rr))} {_pt((rx_ - rr, ey - 0.2 * rr))}"
    temples = "".join(
        f"M{_pt((x + s * rr, ey - 0.15 * rr))}L{_pt((cx + s * rx * 0.97, ey - 0.3 * rr))}"
        for x, s in ((lx, -1), (rx_, 1))
    )
    for col, w in ((INK, 1.4 * k + 2 * OUTLINE * 0.8), (paint.base, 1.4 * k)):
        sk.stroke(bridge + temples, [(cx - rx, ey - rr), (cx + rx, ey)], col, w)
        for x in (lx, rx_):
            sk.add(
                f'<ellipse cx="{_n(x)}" cy="{_n(ey)}" rx="{_n(rr)}" ry="{_n(rr * 0.92)}" fill="none" stroke="{col}" stroke-width="{_n(w)}"/>',
                [(x - rr, ey - rr), (x + rr, ey + rr)],
                w / 2,
            )
    for x in (lx, rx_):  # a glint
        sk.stroke(
            f"M{_pt((x + 0.2 * rr, ey - 0.55 * rr))}L{_pt((x + 0.55 * rr, ey - 0.2 * rr))}", [], "#FFFFFF", 1.2 * k
        )


def _shadow(sk: _Sketch, r: Rig, color: str) -> None:
    k = r.k
    ry = {"eye": 4.2, "high": 6.2, "low": 2.2}[r.angle] * k
    dy = {"eye": 0.3, "high": -1.2, "low": 1.4}[r.angle] * k
    rx = min((r.hip_w * (1.7 if r.pose == "sitting" else 1.5) + 4 * k) * r.wp(GROUND), UNIT_W / 2 - 1.0)
    cy = min(GROUND + dy, UNIT_H - ry - 0.5)
    sk.ellipse((r.cx, cy), rx, ry, color, line=False, extra=' fill-opacity="0.25"')


# --------------------------------------------------------------------------- parts


def _frame(box: Box) -> tuple[float, float, float]:
    """Unit figure space → canvas px: scale, x offset, y offset (feet on the box's
    bottom edge, centred, aspect kept)."""
    s = min(box.w / UNIT_W, box.h / UNIT_H)
    return s, box.cx - UNIT_W / 2 * s, box.bottom - UNIT_H * s


def _sketch(layer: PartLayer, camera: Camera) -> _Sketch:
    lib, name = layer.part.split("/", 1)
    sk = _Sketch(layer.id)
    paint = _Paint.of(layer.color)
    if lib == "common" and name == "shadow":
        species = layer.species or "bear"
        _shadow(sk, rig(species, layer.pose, camera.angle), layer.color)
        return sk
    if lib in SPECIES:
        if name != "body":
            raise ValueError(f"unknown part {layer.part!r}: a species has only a body part ('{lib}/body')")
        if layer.species and layer.species != lib:
            raise ValueError(f"part {layer.part!r} is fitted to species {layer.species!r}; they must agree")
        _body(sk, rig(lib, layer.pose, camera.angle), SPECIES[lib], paint)
        return sk
    if lib == "clothing" and name in CLOTHING or lib == "accessory" and name in ACCESSORIES:
        if not layer.species:
            raise ValueError(f"part {layer.part!r} needs a species to be fitted to (layer {layer.id!r})")
        r = rig(layer.species, layer.pose, camera.angle)
        if name in ("shirt", "t_shirt", "aloha_shirt", "dress"):
            _top_garment(sk, layer, r, paint, name)
        elif name == "scarf":
            _scarf(sk, layer, r, paint)
        elif name == "hat":
            _hat(sk, layer, r, paint, SPECIES[layer.species])
        elif name == "umbrella":
            _umbrella(sk, r, paint)
        elif name == "bag":
            _bag(sk, r, paint)
        else:
            _glasses(sk, r, paint)
        return sk
    raise ValueError(f"unknown part {layer.part!r}")


def part_svg(layer: PartLayer, camera: Camera) -> str:
    """The SVG fragment (no root) of one part, in canvas px inside ``layer.box``."""
    sk = _sketch(layer, camera)
    s, tx, ty = _frame(layer.box)
    if s <= 0 or not sk.items:
        return ""
    defs = f"<defs>{''.join(sk.defs)}</defs>" if sk.defs else ""
    return (
        f'{defs}<g transform="matrix({s:.6g} 0 0 {s:.6g} {tx:.6g} {ty:.6g})" stroke="{INK}" '
        f'stroke-width="{_n(OUTLINE)}" stroke-linejoin="round" stroke-linecap="round">{"".join(sk.items)}</g>'
    )


def part_bounds(layer: PartLayer, camera: Camera) -> Box:
    """Where the part may paint, in canvas px (outline and anti-aliasing included)."""
    sk = _sketch(layer, camera)
    s, tx, ty = _frame(layer.box)
    if s <= 0 or not math.isfinite(sk.x0):
        return Box(x=layer.box.x, y=layer.box.y, w=0, h=0)
    m = 1.0  # anti-aliasing
    x0, y0 = tx + sk.x0 * s - m, ty + sk.y0 * s - m
    x1, y1 = tx + sk.x1 * s + m, ty + sk.y1 * s + m
    return Box(x=x0, y=y0, w=x1 - x0, h=y1 - y0)


# --------------------------------------------------------------------------- characters


def build_character(
    id_prefix: str,
    species: str,
    box: Box,
    *,
    clothing: Sequence[tuple[str, str, str]] = (),
    accessories: Sequence[tuple[str, str]] = (),
    pose: str = "standing",
    z: int = 0,
    body_color: str | None = None,
) -> GroupLayer:
    """One character as a group of part layers sharing ``box``.

    ``clothing``: (part, colour, pattern) — e.g. ("aloha_shirt", "#D62828", "floral");
    an empty pattern takes the part's default ("floral" for an aloha shirt, else "none").
    ``accessories``: (name, colour). Children: ``{id_prefix}-shadow``, ``-body``, then one
    per item (``koala-aloha-shirt``), ordered shadow < body < clothing < accessories
    (the umbrella, held behind the body, sits just above the shadow)."""
    sp = _species(species)
    if pose not in POSES:
        raise ValueError(f"unknown pose {pose!r}; known: {', '.join(POSES)}")
    body_col = body_color or sp.color
    _hex_rgb(body_col)
    kids: list[PartLayer] = [
        PartLayer(
            id=f"{id_prefix}-shadow",
            name=f"{sp.name} shadow",
            z=0,
            box=box,
            role="shadow",
            part="common/shadow",
            species=sp.name,
            color="#000000",
            pose=pose,
        ),
        PartLayer(
            id=f"{id_prefix}-body",
            name=f"{sp.name} body",
            z=2,
            box=box,
            role="body",
            part=f"{sp.name}/body",
            species=sp.name,
            color=body_col,
            pose=pose,
        ),
    ]
    seen: set[str] = set()
    for item, color, pattern in clothing:
        if item not in CLOTHING:
            raise ValueError(f"unknown clothing {item!r}; known: {', '.join(CLOTHING)}")
        pat = pattern or _DEFAULT_PATTERN.get(item, "none")
        if pat not in PATTERNS:
            raise ValueError(f"unknown pattern {pattern!r} for {item!r}; known: {', '.join(PATTERNS)}")
        _hex_rgb(color)
        if item in seen:
            raise ValueError(f"clothing {item!r} is given twice")
        seen.add(item)
        kids.append(
            PartLayer(
                id=f"{id_prefix}-{item.replace('_', '-')}",
                name=f"{_color_name(color)} {_LABEL[item]}",
                z=_Z_CLOTHING[item],
                box=box,
                role="clothing",
                part=f"clothing/{item}",
                species=sp.name,
                color=color,
                pattern=pat,
                pose=pose,
            )
        )
    for item, color in accessories:
        if item not in ACCESSORIES:
            raise ValueError(f"unknown accessory {item!r}; known: {', '.join(ACCESSORIES)}")
        _hex_rgb(color)
        if item in seen:
            raise ValueError(f"accessory {item!r} is given twice")
        seen.add(item)
        kids.append(
            PartLayer(
                id=f"{id_prefix}-{item}",
                name=f"{_color_name(color)} {_LABEL[item]}",
                z=_Z_ACCESSORY[item],
                box=box,
                role="accessory",
                part=f"accessory/{item}",
                species=sp.name,
                color=color,
                pose=pose,
            )
        )
    kids.sort(key=lambda c: c.z)
    worn = [c.name for c in kids if c.role in ("clothing", "accessory")]
    name = f"{sp.name} in {' and '.join(worn)}" if worn else sp.name
    return GroupLayer(id=id_prefix, name=name, z=z, box=box, role="character", children=list(kids))
