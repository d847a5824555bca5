"""The rig: anchor points of a character in the unit figure space.

A unit figure is :data:`UNIT_W` wide and :data:`UNIT_H` tall, feet on :data:`GROUND` at
the bottom centre. :class:`Rig` holds the anchors (head, neck, torso, arms, legs, feet)
computed from the species, the pose and the camera angle (:func:`_rig`), so every part
of one character fits the same body; the head's outline can be queried
(:func:`_inside_head`, :func:`_to_head_outline`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .sketch import P
from .species import SPECIES, Species

UNIT_W = 100.0
"""Width of the unit figure space."""
UNIT_H = 160.0
"""Height of the unit figure space; the figure's box keeps this aspect ratio."""
GROUND = 154.0
"""y of the soles in the unit figure space (the shadow reaches the bottom edge)."""
POSES = ("standing", "sitting")
ANGLES = ("eye", "high", "low")


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


def _inside_head(r: Rig, p: P) -> bool:
    cx, cy, rx, ry = r.head
    return ((p[0] - cx) / rx) ** 2 + ((p[1] - cy) / ry) ** 2 < 1


def _to_head_outline(r: Rig, p: P, f: float = 1.0) -> P:
    """p moved along the ray from the head's centre onto its outline (scaled by f)."""
    cx, cy, rx, ry = r.head
    u, v = (p[0] - cx) / rx, (p[1] - cy) / ry
    m = math.hypot(u, v) or 1.0
    return cx + u / m * rx * f, cy + v / m * ry * f
