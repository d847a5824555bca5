"""Compose a picture from its plan: subjects from the library arranged in a setting.

What holds in the picture (and is tested on the layers' own pixels):

- counts: "three cups" draws exactly three layers that depict a cup;
- relations: "A left of B" puts A's centre left of B's; "on" stands A on B's top; "above"
  and "over" lift A clear of B; "holding", "riding" and "wearing" attach A's partner to it;
  "in front of" / "behind" overlap with the nearer one lower, larger and on top;
- sizes: each subject's on-screen height follows its real height (a giraffe is taller
  than a cup), compressed by a power law so small things stay visible;
- grounding: things stand on the setting's ground with a shadow, or fly clearly in the air
  (birds, dragons, "flying"); several of a kind stand in one or two rows, the far row
  smaller and higher, nearer things drawn over farther ones;
- colour words recolour a subject's asset with its shading kept (``egaku.assets``).

``arrange`` places subjects inside any region, so designs (posters, cards) use the same
code for their hero picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..plan import PicturePlan, SubjectPlan
from ..scene import Asset, Box, Camera, Layer, ObjectLayer, Scene, ShapeLayer, Solid, TextLayer

if TYPE_CHECKING:
    from ..understand.intent import Intent, Trace

__all__ = ["Placed", "arrange", "asset_credits", "object_layers", "picture_scene", "shadow_layer", "slug"]

ATTACH = ("on", "in", "holding", "riding", "wearing")
STACK = ("above", "below", "over", "under")
SIGN_IDS = {"sign"}


@dataclass
class Placed:
    """One drawn instance: a subject, its box (the content box), depth and extras."""

    subject: SubjectPlan
    k: int  # which copy (0-based)
    box: Box
    z: float = 0.0  # larger is nearer / on top
    flip: bool = False
    rotate: float = 0.0
    shadow: Box | None = None
    air: bool = False
    anchor: Placed | None = None
    extras: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        base = slug(self.subject.what)
        return f"{base}-{self.k + 1}" if self.subject.count > 1 else base


def slug(text: str) -> str:
    import re

    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "object"
    if not s[0].isalpha():
        s = "o-" + s
    return s


def _aspect(asset: str, style: str) -> float:
    from .. import assets

    if asset in SIGN_IDS:
        return 1.3  # a board on a post

    try:
        x0, y0, x1, y1 = assets.content_box(asset, style)
    except Exception:  # noqa: BLE001 - a missing box means a square
        return 1.0
    w, h = max(1e-3, x1 - x0), max(1e-3, y1 - y0)
    return max(0.25, min(4.0, w / h))


def _height_m(s: SubjectPlan) -> float:
    from .. import assets

    if s.asset in SIGN_IDS or not s.asset:
        return 1.2
    try:
        return max(0.02, assets.subject(s.asset).height_m)
    except KeyError:
        return 1.0


def _flies(s: SubjectPlan) -> bool:
    if s.action == "flying":
        return True
    if s.action != "none" or not s.asset or s.asset in SIGN_IDS:
        return False
    return _flies_asset(s.asset)


def _flies_asset(asset: str) -> bool:
    from .. import assets

    try:
        return assets.subject(asset).flies
    except KeyError:
        return False


def _faces(s: SubjectPlan) -> str:
    from .. import assets

    try:
        return assets.subject(s.asset or "").faces
    except KeyError:
        return "front"


def arrange(
    plan: PicturePlan,
    region: Box,
    stand: tuple[float, float] | None,
    *,
    style: str,
    trace: Trace | None = None,
    max_height: float | None = None,
) -> list[Placed]:
    """Place every instance of the plan's subjects inside ``region``. ``stand`` is the
    (far, near) band of canvas y where feet go, or None when nothing stands (space, sky,
    under water): then everything floats. Returns the instances bottom to top."""
    subjects = [s for s in plan.subjects if s.asset]
    by_id = {s.id: s for s in subjects}
    rels = [r for r in plan.relations if r.subject in by_id and (r.object in by_id or r.object == "setting")]

    # 1. Who hangs on whom: attached and stacked subjects follow their anchor.
    parent: dict[str, tuple[str, str]] = {}
    for r in rels:
        if r.object not in by_id or r.relation not in ATTACH + STACK or r.subject == r.object:
            continue
        # the held or worn thing hangs on its holder; a rider, or a thing on/in another, on that
        child, anchor = (r.object, r.subject) if r.relation in ("holding", "wearing") else (r.subject, r.object)
        if by_id[child].asset in SIGN_IDS:
            continue  # a sign stands on its post beside whoever holds it
        if child in parent:
            continue
        o = anchor  # a cycle (A on B, B on A) keeps the first
        seen = {child}
        while o in parent and o not in seen:
            seen.add(o)
            o = parent[o][0]
        if o not in seen:
            parent[child] = (anchor, r.relation)
    roots = [s for s in subjects if s.id not in parent]

    # 2. Left-to-right order of the roots: left_of / right_of / next_to constraints.
    order = _order(roots, rels)
    # in front of / behind: depth offsets
    depth: dict[str, float] = {}
    for r in rels:
        if r.relation in ("in_front_of", "behind") and r.object in by_id:
            depth[r.subject] = 1.0 if r.relation == "in_front_of" else -1.0
            depth.setdefault(r.object, 0.0)

    # 3. Sizes: real heights compressed by a power law, relative to the tallest root.
    base_m = max(
        [_height_m(s) for s in roots if not _flies(s) and not s.motif]
        or [_height_m(s) for s in roots if not _flies(s)]
        or [_height_m(s) for s in roots]
        or [1.0]
    )
    far, near = stand if stand is not None else (region.y + region.h * 0.35, region.y + region.h * 0.8)
    top_room = near - region.y
    href = max_height if max_height is not None else min(region.h * 0.5, top_room * 0.72)
    # a subject with others stacked above it leaves them room
    if any(rel in ("above", "over") for _, rel in parent.values()) or any(
        r.relation in ("below", "under") for r in rels if r.object in by_id
    ):
        href *= 0.62

    asked_m = [_height_m(s) for s in roots if not s.motif and not _flies(s)]
    motif_cap = (max(asked_m) / base_m) ** 0.42 if asked_m else 1.0

    def natural(s: SubjectPlan) -> float:
        f = (_height_m(s) / base_m) ** 0.42
        f = max(0.38, min(1.0 if not _flies(s) else 0.7, f))  # the smallest stays legible
        f *= {"small": 0.62, "normal": 1.0, "large": 1.35}[s.size]
        if s.motif:  # the event's motifs accompany what was asked for; they never dwarf it
            f = min(f, max(0.28, motif_cap)) * 0.85
        return href * f

    # 4. Ground units in rows: roots × count, left to right.
    units: list[tuple[SubjectPlan, int]] = [(s, k) for s in order for k in range(s.count)]
    ground_units = [(s, k) for s, k in units if not _flies(s)]
    air_units = [(s, k) for s, k in units if _flies(s)]
    if stand is None:
        air_units = units
        ground_units = []

    placed: list[Placed] = []
    gap_f = 0.14
    rows: list[list[tuple[SubjectPlan, int]]] = [ground_units]
    if len(ground_units) >= 5:
        half = math.ceil(len(ground_units) / 2)
        rows = [ground_units[:half], ground_units[half:]]  # front row, back row

    def fit_row(row: list[tuple[SubjectPlan, int]], scale: float) -> float:
        widths = [natural(s) * scale * _aspect(s.asset or "", style) for s, k in row]
        total = sum(widths) + gap_f * sum(widths) / max(1, len(widths)) * (len(widths) - 1)
        return total

    for ri, row in enumerate(rows):
        if not row:
            continue
        back = ri == 1
        y = near - (near - far) * (0.55 if back else 0.12)
        persp = 0.78 if back else 1.0
        if stand is not None and near > far:
            persp = max(0.45, (y - (far - (near - far) * 0.6)) / ((near - far) * 1.6))
        width = region.w * 0.9
        total = fit_row(row, persp)
        scale = persp * min(1.0, width / max(1e-6, total))
        widths = [natural(s) * scale * _aspect(s.asset or "", style) for s, k in row]
        gap = gap_f * sum(widths) / max(1, len(widths))
        total = sum(widths) + gap * (len(widths) - 1)
        x = region.x + (region.w - total) / 2 + (gap * 0.5 if back else 0.0)
        for (s, k), w_unit in zip(row, widths, strict=True):
            h = natural(s) * scale
            a = _aspect(s.asset or "", style)
            w = a * h
            cx = x + w_unit / 2
            dz = depth.get(s.id, 0.0)
            yy = y + dz * (near - far) * 0.18
            hh = h * (1 + 0.12 * dz)
            ww = w * (1 + 0.12 * dz)
            if s.action == "jumping":
                lift = 0.18 * hh
            else:
                lift = 0.0
            box = Box(x=cx - ww / 2, y=yy - hh - lift, w=ww, h=hh)
            p = Placed(s, k, box, z=yy + dz * 5, shadow=_shadow(cx, yy, ww))
            placed.append(p)
            x += w_unit + gap

    # in front of / behind: the two overlap a little, the nearer one shifted over
    for r in rels:
        if r.relation in ("in_front_of", "behind") and r.object in by_id:
            a_ = next((p for p in placed if p.subject.id == r.subject), None)
            b_ = next((p for p in placed if p.subject.id == r.object), None)
            if a_ and b_:
                shift = (b_.box.cx - a_.box.cx) * 0.45
                a_.box = Box(x=a_.box.x + shift, y=a_.box.y, w=a_.box.w, h=a_.box.h)
                if a_.shadow is not None:
                    a_.shadow = Box(x=a_.shadow.x + shift, y=a_.shadow.y, w=a_.shadow.w, h=a_.shadow.h)

    # 5. Things in the air: spread over the upper part of the region.
    over_setting = {r.subject: True for r in rels if r.object == "setting" and r.relation in ("over", "above")}
    if air_units:
        n = len(air_units)
        sky_top = region.y + region.h * 0.08
        sky_bottom = (far - region.h * 0.04) if stand is not None and ground_units else region.y + region.h * 0.62
        if stand is None:
            sky_bottom = region.y + region.h * 0.85
        cols = min(n, 4 if region.w >= region.h else 3)
        rows_n = math.ceil(n / cols)
        cell_w = region.w * 0.9 / cols
        cell_h = max(1.0, (sky_bottom - sky_top) / rows_n)
        for i, (s, k) in enumerate(air_units):
            r_i, c_i = divmod(i, cols)
            # a lone flier is the picture: larger, and off to one side of what it flies over
            h = min(
                natural(s) * (1.0 if n > 1 else 1.45 if not ground_units else 1.0), cell_h * (0.8 if n < 4 else 0.55)
            )  # a flock keeps air between its members
            a = _aspect(s.asset or "", style)
            w = min(a * h, cell_w * 0.85)
            h = w / a
            cols_here = min(cols, n - r_i * cols)
            x0 = region.x + (region.w - cols_here * cell_w) / 2
            cx = x0 + (c_i + 0.5) * cell_w
            wobble = ((i * 37) % 5 - 2) * 0.06 * cell_h if n > 1 else 0.0
            cy = sky_top + (r_i + 0.5) * cell_h + wobble
            if n == 1 and over_setting.get(s.id):
                cx = region.x + region.w * 0.6
                cy = region.y + region.h * 0.3
            if n == 1 and stand is not None and ground_units:
                cy = sky_top + (sky_bottom - sky_top) * 0.45
            box = Box(x=cx - w / 2, y=cy - h / 2, w=w, h=h)
            sh = None
            if stand is not None and not ground_units and n <= 3:
                sh = _shadow(cx, near, w * 0.6)
            placed.append(Placed(s, k, box, z=-1000 + cy, air=True, shadow=sh))

    # 6. Attached and stacked subjects, anchored on their parents (parents first).
    pending = [s for s in subjects if s.id in parent]
    guard = 0
    while pending and guard < 50:
        guard += 1
        s = pending.pop(0)
        pid, rel = parent[s.id]
        anchors = [p for p in placed if p.subject.id == pid]
        if not anchors:
            pending.append(s)
            continue
        for k in range(s.count):
            holder = anchors[k % len(anchors)] if len(anchors) >= s.count else anchors[0]
            share = s.count if len(anchors) < s.count else 1
            slot = k if len(anchors) < s.count else 0
            placed.append(_attach(s, k, holder, rel, share, slot, style, natural(s), region))

    # 7. Facing: free subjects on the left face right (toward the others), runners and
    #    fliers face forward; what hangs on a subject (a hat, a rider) turns with it.
    free = [p for p in placed if p.anchor is None]
    cx_all = sum(p.box.cx for p in free) / max(1, len(free))
    for p in free:
        f = _faces(p.subject)
        if f == "front":
            continue
        if p.subject.action in ("running", "flying"):
            want = "right"
        elif len(free) > 1:
            want = "right" if p.box.cx < cx_all - 1 else "left"
        else:
            continue
        p.flip = f != want
    for p in placed:
        if p.anchor is None:
            continue
        root = p.anchor
        while root.anchor is not None:
            root = root.anchor
        if root.flip:
            p.box = Box(x=2 * p.anchor.box.cx - p.box.right, y=p.box.y, w=p.box.w, h=p.box.h)
            f = _faces(p.subject)
            if f != "front" and p.subject.asset not in SIGN_IDS:
                p.flip = not p.flip
    for p in placed:
        if p.subject.action == "running":
            p.rotate = 0.0  # lean comes from the motion lines; the asset stays upright
        if p.subject.action == "sleeping":
            p.extras.append("zzz")
        if p.subject.action == "running":
            p.extras.append("motion")

    placed.sort(key=lambda p: p.z)
    if trace is not None:
        for p in placed:
            b = p.box
            where = "in the air" if p.air else f"on {p.anchor.id}" if p.anchor else "on the ground"
            trace.add(
                "compose",
                f"{p.id}: {b.w:.0f}×{b.h:.0f} px at ({b.cx:.0f}, {b.cy:.0f}), {where}"
                + (", mirrored" if p.flip else ""),
                "placed by count, relations and real size",
            )
    return placed


def shadow_layer(owner: str, what: str, z: int, box: Box) -> ShapeLayer:
    """The soft ground shadow of object layer ``owner`` (its id + "-shadow", so edits that
    move or remove the object take it along)."""
    return ShapeLayer(
        id=f"{owner}-shadow",
        name=f"shadow of {what}",
        role="shadow",
        z=z,
        shape="ellipse",
        box=box,
        fill=Solid(color="#000000"),
        opacity=0.16,
    )


def _shadow(cx: float, y: float, w: float) -> Box:
    return Box(x=cx - w * 0.42, y=y - w * 0.045, w=w * 0.84, h=w * 0.1)


def _attach(
    s: SubjectPlan, k: int, a: Placed, rel: str, share: int, slot: int, style: str, natural_h: float, region: Box
) -> Placed:
    ab = a.box
    asp = _aspect(s.asset or "", style)
    if rel == "on":
        h = min(natural_h, ab.h * 1.1)
        w = asp * h
        if share > 1:
            w = min(w, ab.w * 0.95 / share)
            h = w / asp
        cx = ab.x + ab.w * (slot + 0.5) / share
        bottom = ab.y + ab.h * 0.1
        box = Box(x=cx - w / 2, y=bottom - h, w=w, h=h)
        return Placed(s, k, box, z=a.z + 1, anchor=a)
    if rel == "in":
        h = ab.h * 0.62
        w = min(asp * h, ab.w * 0.8 / share)
        h = w / asp
        cx = ab.x + ab.w * (slot + 0.5) / share
        box = Box(x=cx - w / 2, y=ab.y + ab.h * 0.42 - h, w=w, h=h)
        return Placed(s, k, box, z=a.z + 1, anchor=a)
    if rel == "riding":
        # seated on the back: the lower half of the rider hides behind nothing, its seat
        # a little above the mount's middle, toward the tail
        h = ab.h * 0.62
        w = asp * h
        back = {"left": 0.08, "right": -0.08}.get(_faces(a.subject), 0.0) * ab.w
        box = Box(x=ab.cx + back - w / 2, y=ab.y + ab.h * 0.4 - h, w=w, h=h)
        return Placed(s, k, box, z=a.z + 1, anchor=a)
    if rel == "wearing":
        # a side view has its head at the end it faces; a front view in the middle
        faces = _faces(a.subject)
        head_x = ab.x + ab.w * {"left": 0.27, "right": 0.73}.get(faces, 0.5)
        wid = ab.w * (0.42 if faces in ("left", "right") else 0.55)
        h = wid / asp
        name = (s.asset or "").lower()
        if "glasses" in name:
            cy = ab.y + ab.h * 0.32
        elif any(t in name for t in ("scarf", "tie", "ribbon", "bow")):
            cy = ab.y + ab.h * 0.62
        else:  # hats, caps, crowns sit on top
            cy = ab.y + ab.h * 0.06 - h * 0.32
        box = Box(x=head_x - wid / 2, y=cy - h / 2, w=wid, h=h)
        return Placed(s, k, box, z=a.z + 1, anchor=a)
    if rel == "holding":
        if s.asset in SIGN_IDS:
            bw = max(ab.w * 1.15, ab.h * 0.9)
            bh = bw * 0.55
            side = 1 if ab.right + bw * 0.85 <= region.right else -1
            cx = ab.cx + side * (ab.w / 2 + bw * 0.35)
            box = Box(x=cx - bw / 2, y=ab.y - bh * 0.1, w=bw, h=bh)
            return Placed(s, k, box, z=a.z + 1, anchor=a)
        h = ab.h * 0.42
        w = asp * h
        front = {"left": -1, "right": 1}.get(_faces(a.subject), 1)  # held out in front
        side = front if k % 2 == 0 else -front
        cx = ab.cx + side * ab.w * 0.46
        box = Box(x=cx - w / 2, y=ab.y + ab.h * 0.5 - h / 2, w=w, h=h)
        return Placed(s, k, box, z=a.z + 1, anchor=a)
    # stacked: above/over (in the air, clear of the anchor) or below/under
    h = natural_h
    w = asp * h
    if share > 1:
        w = min(w, ab.w * 1.6 / share)
        h = w / asp
    cx = ab.x + ab.w * (slot + 0.5) / share if share > 1 else ab.cx
    if rel in ("above", "over"):
        gap = max(ab.h * 0.12, region.h * 0.03)
        bottom = ab.y - gap
        top = max(region.y + region.h * 0.04, bottom - h)
        h = min(h, bottom - top)
        w = asp * h
        box = Box(x=cx - w / 2, y=bottom - h, w=w, h=h)
        return Placed(s, k, box, z=a.z + 2, anchor=a, air=True)
    # below/under: things with room underneath (tables, benches, trees, umbrellas) shelter it
    # on the ground, grown if they must be; anything else is lifted into the air above it
    canopy = _is_tree(a.subject)  # a canopy on a trunk: shelter beside the trunk, under the crown
    need = 2.4 if canopy else 1.3
    if _shelters(a.subject) and not a.air and ab.h < h * need:
        grow = h * (need + 0.15) / ab.h
        nw, nh = ab.w * grow, ab.h * grow
        a.box = Box(x=ab.cx - nw / 2, y=ab.bottom - nh, w=nw, h=nh)
        if a.shadow is not None:
            a.shadow = _shadow(ab.cx, ab.bottom, nw)
        ab = a.box
    if ab.h >= h * 1.3:
        hh = min(h, ab.h * 0.55)
        ww = asp * hh
        sx = ab.cx + (0.5 * ww + 0.06 * ab.w if canopy else 0.0)  # a trunk stays in sight
        box = Box(x=sx - ww / 2, y=ab.bottom - hh, w=ww, h=hh)
        return Placed(s, k, box, z=a.z + 1, anchor=a, shadow=_shadow(sx, ab.bottom, ww))
    lift = h + max(ab.h * 0.15, region.h * 0.04)
    a.box = Box(x=a.box.x, y=a.box.y - lift, w=a.box.w, h=a.box.h)
    a.shadow = None
    a.air = True
    box = Box(x=cx - w / 2, y=ab.bottom - h, w=w, h=h)
    return Placed(s, k, box, z=a.z - 0.5, anchor=a, shadow=_shadow(cx, ab.bottom, w))


# Things with open room beneath them, by the words that name them.
_SHELTER_WORDS = ("table", "desk", "bench", "chair", "tree", "umbrella", "parasol", "bridge", "tent", "torii", "arch")


def _is_tree(s: SubjectPlan) -> bool:
    name = f"{s.what} {s.asset or ''}".replace("_", " ").lower()
    return "tree" in name.split() and "christmas" not in name


def _shelters(s: SubjectPlan) -> bool:
    name = f"{s.what} {s.asset or ''}".replace("_", " ").lower()
    return any(w in name.split() for w in _SHELTER_WORDS)


def _order(roots: list[SubjectPlan], rels: list) -> list[SubjectPlan]:
    """Roots left to right: mention order, bent to every left_of/right_of/next_to."""
    ids = [s.id for s in roots]
    before: list[tuple[str, str]] = []
    for r in rels:
        if r.subject in ids and r.object in ids:
            if r.relation == "left_of":
                before.append((r.subject, r.object))
            elif r.relation == "right_of":
                before.append((r.object, r.subject))
    order = list(ids)
    for _ in range(len(order) * len(order) + 1):
        changed = False
        for a, b in before:
            ia, ib = order.index(a), order.index(b)
            if ia > ib:
                order.insert(ib, order.pop(ia))
                changed = True
        if not changed:
            break
    # next_to (and a held sign): move the subject beside its partner
    for r in rels:
        if r.relation == "holding" and r.object in order and r.subject in order:
            order.remove(r.object)
            order.insert(order.index(r.subject) + 1, r.object)
            continue
        if r.relation == "next_to" and r.subject in order and r.object in order:
            if any(r.subject in pair for pair in before):
                continue
            order.remove(r.subject)
            order.insert(order.index(r.object) + 1, r.subject)
    # motifs go to the sides: half before, half after the asked-for subjects
    by = {s.id: s for s in roots}
    asked = [i for i in order if not by[i].motif]
    motifs = [i for i in order if by[i].motif]
    order = motifs[::2] + asked + motifs[1::2]
    return [by[i] for i in order]


def object_layers(placed: list[Placed], style: str, *, z0: int, ink: str = "#222222") -> list[Layer]:
    """Layers for the placed instances: a shadow under each grounded one, the object, and
    the sign boards with their exact text."""
    from .. import assets

    layers: list[Layer] = []
    used: set[str] = set()
    tries: dict[str, int] = {}  # the next suffix to try for each id (no rescan from 2)
    z = z0
    for p in placed:
        own = style
        try:
            styles = assets.subject(p.subject.asset or "").styles
            if style not in styles:
                own = styles[0]  # no subject shares a style with the rest: it keeps its own
        except KeyError:
            pass
        base = lid = p.id
        n = tries.get(base, 2)
        while lid in used:
            lid = f"{base}-{n}"
            n += 1
        tries[base] = n
        used.add(lid)
        if p.shadow is not None:
            layers.append(shadow_layer(lid, p.subject.what, z, p.shadow))
            z += 1
        if p.subject.asset in SIGN_IDS:
            layers += _sign_layers(p, lid, z, ink)
            z += 3
            continue
        if "motion" in p.extras:
            layers += _motion_lines(p, lid, z)
            z += 1
        layers.append(
            ObjectLayer(
                id=lid,
                name=p.subject.what + (f" {p.k + 1}" if p.subject.count > 1 else ""),
                role="motif" if p.subject.motif else "subject",
                z=z,
                box=p.box,
                depicts=p.subject.what,
                asset=p.subject.asset or "",
                style=own,
                color=p.subject.color,
                flip=p.flip,
                rotate=p.rotate,
                action=p.subject.action,
            )
        )
        z += 1
        if "zzz" in p.extras:
            layers += _zzz(p, lid, z, style)
            z += 1
    return layers


def _motion_lines(p: Placed, lid: str, z: int) -> list[Layer]:
    """Three speed lines trailing behind a runner (behind = away from where it faces)."""
    b = p.box
    faces = _faces(p.subject)
    facing_right = (faces == "right") != p.flip if faces != "front" else True
    length = b.w * 0.42
    x = b.x - length * 0.9 if facing_right else b.right - length * 0.1
    out: list[Layer] = []
    for i, (fy, f) in enumerate(((0.38, 1.0), (0.55, 0.75), (0.72, 0.55))):
        w = length * f
        out.append(
            ShapeLayer(
                id=f"{lid}-motion-{i + 1}",
                name=f"speed line of {p.subject.what}",
                role="decoration",
                z=z,
                shape="rect",
                box=Box(x=x + (length - w if facing_right else 0.0), y=b.y + b.h * fy, w=w, h=max(2.0, b.h * 0.035)),
                radius=b.h * 0.02,
                fill=Solid(color="#FFFFFF"),
                opacity=0.75,
            )
        )
    return out


def _zzz(p: Placed, lid: str, z: int, style: str) -> list[Layer]:
    from .. import assets

    m = assets.lookup("zzz")
    if m is None:
        return []
    b = p.box
    s = b.h * 0.42
    return [
        ObjectLayer(
            id=f"{lid}-zzz",
            name=f"zzz over {p.subject.what}",
            role="decoration",
            z=z,
            box=Box(x=b.cx + (b.w * 0.1 if not p.flip else -b.w * 0.1 - s), y=b.y - s * 0.75, w=s, h=s),
            depicts="zzz",
            asset=m.subject.id,
            style=style,
        )
    ]


def _sign_layers(p: Placed, lid: str, z: int, ink: str) -> list[Layer]:
    """A signboard on a post, with its exact text fitted inside the board."""
    from ..typography.fit import fit_text

    unit = p.box
    b = Box(x=unit.x, y=unit.y, w=unit.w, h=unit.h * 0.6)  # the board; the post below it
    post_w = b.w * 0.07
    layers: list[Layer] = [
        ShapeLayer(
            id=f"{lid}-post",
            name="sign post",
            role="subject",
            z=z,
            shape="rect",
            box=Box(x=b.cx - post_w / 2, y=b.cy, w=post_w, h=max(1.0, unit.bottom - b.cy)),
            fill=Solid(color="#8D6E4A"),
            radius=post_w * 0.3,
        ),
        ShapeLayer(
            id=lid,
            name="sign",
            role="subject",
            z=z + 1,
            shape="rect",
            box=b,
            fill=Solid(color="#FFF8E7"),
            stroke="#8D6E4A",
            stroke_width=max(2.0, b.w * 0.03),
            radius=b.h * 0.1,
        ),
    ]
    text = p.subject.sign_text
    if text:
        inner = b.inset(b.h * 0.16)
        fit = fit_text(text, "display", inner.w, inner.h, max_size=inner.h * 0.8, min_size=min(8.0, inner.h * 0.1))
        layers.append(
            TextLayer(
                id=f"{lid}-text",
                name="text on the sign",
                role="sign_text",
                z=z + 2,
                box=inner,
                text=text,
                lines=fit.lines,
                font="display",
                size=fit.size,
                fill=ink,
                align="center",
            )
        )
    return layers


def asset_credits(style: str) -> list[Asset]:
    from .. import assets

    return [Asset(name=n, version=v, license=lic, attribution=att) for n, v, lic, att in assets.credits(style)]


# ---------------------------------------------------------------------------- illustration


def picture_scene(intent: Intent, plan: PicturePlan, trace: Trace) -> Scene:
    """An illustration: the setting through the camera, the plan's subjects arranged in
    it, and any quoted text that is not written on a sign as a title on a scrim."""
    from ..render.scenery import ground_contact_y, horizon_y, scenery_layers
    from ..scene import BackgroundLayer, LinearGradient, Stop
    from .base import is_dark, make_scene, safe_area
    from .layouts import _title, weather_layers
    from .themes import THEMES

    W, H = intent.width, intent.height
    camera = Camera(angle=plan.camera_angle, shot=plan.camera_shot)
    st = plan.setting
    layers: list[Layer] = []

    # 1. The setting: a named place, else one that suits the subjects.
    place = st.place or _default_place(plan)
    stand: tuple[float, float] | None
    if place == "studio":
        layers.append(
            BackgroundLayer(
                id="background",
                name="studio wall",
                role="background",
                z=0,
                box=Box(x=0, y=0, w=W, h=H),
                fill=LinearGradient(angle=90, stops=[Stop(offset=0, color="#F6EFE6"), Stop(offset=1, color="#EADFD2")]),
            )
        )
        top = H * 0.66
        layers.append(
            ShapeLayer(
                id="table",
                name="table top",
                role="background",
                z=1,
                shape="rect",
                box=Box(x=0, y=top, w=W, h=H - top),
                fill=LinearGradient(angle=90, stops=[Stop(offset=0, color="#D9B99A"), Stop(offset=1, color="#C49A74")]),
            )
        )
        stand = (top + H * 0.05, top + H * 0.2)
        trace.add("compose", "setting: a table top in a studio", "only objects were asked for and no place named")
    else:
        layers += scenery_layers(
            place, width=W, height=H, time_of_day=st.time_of_day, weather=st.weather, seed=intent.seed, z=0
        )
        stand = _stand(place, camera, W, H)
        hy = horizon_y(camera, H)
        trace.add(
            "compose",
            f"setting: {place}, {st.time_of_day}, {st.weather}",
            (f"the request says {st.word!r}" if st.word else "no place named; one that suits the subjects")
            + f"; horizon at {hy:.0f} px for the {camera.angle}-angle camera",
        )
        _ = ground_contact_y
    layers += weather_layers(st.weather, W, H, intent.seed)

    # 2. Text that is not on a sign: a title on a scrim at the top; subjects stay below it.
    night = st.time_of_day == "night" or place in ("space", "moon")
    theme = THEMES["night"] if night else THEMES["calm"]
    safe = safe_area(intent)
    signed = {s.sign_text for s in plan.subjects if s.sign_text}
    titles = [t for t in intent.texts if t not in signed]
    region = Box(x=safe.x, y=safe.y, w=safe.w, h=H - safe.y)
    text_layers: list[Layer] = []
    y = safe.y
    roles = intent.roles if len(intent.roles) == len(intent.texts) else []
    for i, text in enumerate(titles):
        # the title leads; every other quoted text follows smaller (all of them are drawn)
        slot_h = (0.12 if i == 0 else 0.075) * H
        role = "title" if i == 0 else (roles[intent.texts.index(text)] if roles else "subtitle")
        role = role if role != "title" or i == 0 else "subtitle"
        t = _title(
            intent,
            text,
            Box(x=safe.x, y=y, w=safe.w, h=slot_h),
            theme,
            max_size=(0.09 if i == 0 else 0.05) * min(W, H),
            trace=trace,
            backdrop="#FFFFFF" if not is_dark(theme) else "#0B1026",
            layer_id="title" if i == 0 else ("subtitle" if i == 1 else f"text-{i + 1}"),
            role=role,
        )
        t.z = 200 + i
        text_layers.append(t)
        y += slot_h + 0.02 * H
    if titles:
        region = Box(x=safe.x, y=y, w=safe.w, h=H - y)

    # 3. The subjects.
    placed = arrange(plan, region, stand, style=plan.style, trace=trace)
    layers += object_layers(placed, plan.style, z0=10)
    if not placed:
        trace.add("compose", "no subject drawn", "nothing in the library matched the request")
    layers += text_layers
    scene = make_scene(intent, theme, layers, camera)
    if placed:
        scene.assets += asset_credits(plan.style)
    return scene


def _default_place(plan: PicturePlan) -> str:
    from .. import assets

    kinds = set()
    for s in plan.subjects:
        if s.asset and s.asset not in SIGN_IDS:
            try:
                kinds.add(assets.subject(s.asset).kind)
            except KeyError:
                pass
    ev = plan.setting.event
    if ev == "christmas":
        return "snowfield"
    if kinds & {"animal", "person", "vehicle", "plant", "building"} or ev:
        return "meadow"
    if not kinds:
        return "meadow"
    return "studio"


def _stand(place: str, camera: Camera, W: int, H: int) -> tuple[float, float] | None:
    from ..render.scenery import stand_band

    return stand_band(place, camera, W, H)
