"""SVG plumbing for the drawable library: documents, id prefixes, OpenMoji bodies, recolouring."""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..oklab import linear_from_oklab, oklab, to_srgb

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["document", "rasterize", "openmoji_body", "prefix_ids", "recolour", "fmt", "hand_filter"]

_ROOT_OPEN = re.compile(r"<svg\b([^>]*)>", re.S)
_ROOT_CLOSE = re.compile(r"</svg>\s*$", re.S)
_ATTR = re.compile(r'([A-Za-z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_ROOT_SKIP = {"id", "viewbox", "width", "height", "version", "x", "y", "style", "enable-background", "xml:space"}
_ID_ATTR = re.compile(r'\sid\s*=\s*"([^"]*)"')
_URL_REF = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)['\"]?\s*\)")
_HREF_REF = re.compile(r'((?:xlink:)?href\s*=\s*")#([^"]+)"')
_COLOUR = re.compile(
    r"((?:fill|stroke|stop-color|flood-color|color)\s*(?:=\s*[\"']|:\s*))(#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b)"
)


def fmt(v: float, places: int = 4) -> str:
    s = f"{v:.{places}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def document(vx: float, vy: float, vw: float, vh: float, body: str, size: int | None = None) -> str:
    """A standalone SVG document for an asset body (for measuring and tests)."""
    dims = ""
    if size is not None:
        k = size / max(vw, vh)
        dims = f' width="{fmt(vw * k)}" height="{fmt(vh * k)}"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="{fmt(vx)} {fmt(vy)} {fmt(vw)} {fmt(vh)}"{dims}>{body}</svg>'
    )


def rasterize(svg: str, size: int | None = None) -> Image.Image:
    """resvg → RGBA. ``size`` rescales a bare document (width/height added to the root)."""
    import resvg_py
    from PIL import Image

    if size is not None:
        m = _ROOT_OPEN.search(svg)
        if m and "width=" not in m.group(1):
            vb = re.search(r'viewBox="([^"]+)"', m.group(1))
            if vb:
                _, _, vw, vh = (float(x) for x in vb.group(1).replace(",", " ").split())
                k = size / max(vw, vh)
                svg = svg[: m.end() - 1] + f' width="{fmt(vw * k)}" height="{fmt(vh * k)}">' + svg[m.end() :]
    png = resvg_py.svg_to_bytes(svg_string=svg, skip_system_fonts=True)
    img = Image.open(io.BytesIO(bytes(png)))
    img.load()
    return img.convert("RGBA") if img.mode != "RGBA" else img


def openmoji_body(text: str) -> str:
    """The content of an OpenMoji SVG file with the root's presentation attributes kept on a <g>."""
    m_open = _ROOT_OPEN.search(text)
    m_close = _ROOT_CLOSE.search(text)
    if m_open is None or m_close is None:
        raise ValueError("not an SVG document")
    body = text[m_open.end() : m_close.start()].strip()
    carried = [
        f'{name}="{a if a else b}"'
        for name, a, b in _ATTR.findall(m_open.group(1))
        if name.lower() not in _ROOT_SKIP and not name.startswith("xmlns") and ":" not in name
    ]
    if carried:
        body = f"<g {' '.join(carried)}>{body}</g>"
    return body


def prefix_ids(body: str, prefix: str) -> str:
    """Rename every id (and the references to it) so many copies can live in one document."""
    if "id=" not in body:
        return body
    body = _ID_ATTR.sub(lambda m: f' id="{prefix}{m.group(1)}"', body)
    body = _URL_REF.sub(lambda m: f"url(#{prefix}{m.group(1)})", body)
    return _HREF_REF.sub(lambda m: f'{m.group(1)}#{prefix}{m.group(2)}"', body)


# --------------------------------------------------------------------------- colour


def _hex_rgb(h: str) -> tuple[float, float, float]:
    h = h.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255


def _oklch(h: str) -> tuple[float, float, float]:
    L, a, bb = oklab(*_hex_rgb(h))
    return L, math.hypot(a, bb), math.degrees(math.atan2(bb, a)) % 360


def _rgb_from_oklch(L: float, C: float, H: float) -> tuple[float, float, float] | None:
    r, g, bl = linear_from_oklab(L, C * math.cos(math.radians(H)), C * math.sin(math.radians(H)))
    if min(r, g, bl) < -1e-4 or max(r, g, bl) > 1 + 1e-4:
        return None
    return r, g, bl


def _to_hex(L: float, C: float, H: float) -> str:
    L = min(max(L, 0.0), 1.0)
    lo, hi = 0.0, C
    rgb = _rgb_from_oklch(L, C, H)
    if rgb is None:  # reduce chroma until the colour fits sRGB
        for _ in range(20):
            mid = (lo + hi) / 2
            if _rgb_from_oklch(L, mid, H) is None:
                hi = mid
            else:
                lo = mid
        rgb = _rgb_from_oklch(L, lo, H) or (L, L, L)
    return "#" + "".join(f"{round(min(max(to_srgb(max(c, 0.0)), 0.0), 1.0) * 255):02x}" for c in rgb)


def _hue_dist(a: float, b: float) -> float:
    d = abs(a - b) % 360
    return min(d, 360 - d)


def _weights(body: str) -> dict[str, float]:
    """Each colour's approximate share of the drawing: the markup length of the elements it paints."""
    out: dict[str, float] = {}
    for m in re.finditer(r"<(\w+)\b([^>]*)>", body):
        tag, attrs = m.group(1), m.group(2)
        size = max(len(attrs), 20) * (2.0 if tag in ("rect", "circle", "ellipse") else 1.0)
        for cm in _COLOUR.finditer(attrs):
            key = cm.group(2).lower()
            w = size * (0.3 if cm.group(1).startswith("stroke") else 1.0)
            out[key] = out.get(key, 0.0) + w
    return out


def _family(colours: Iterable[tuple[str, float]]) -> tuple[set[str], float, float]:
    """The dominant colour family (ignoring near-black outlines) and its base lightness/chroma."""
    info = {c: (_oklch(c), w) for c, w in colours}
    cand = {c: v for c, v in info.items() if v[0][0] > 0.3}
    if not cand:
        cand = info
    if not cand:
        return set(), 0.5, 0.0

    # whites (eyes, highlights) count for less than colours when choosing the family
    def score(c: str) -> float:
        (L, C, _), w = cand[c]
        neighbours = sum(
            w2
            for c2, ((L2, C2, H2), w2) in cand.items()
            if (C >= 0.04 and C2 >= 0.04 and _hue_dist(H2, cand[c][0][2]) < 35)
            or (C < 0.04 and C2 < 0.04 and abs(L2 - L) < 0.3)
        )
        # whites (eyes, highlights) and bright glass blue (windows, water) are rarely the
        # colour a thing is named by: a blue bus is its body, not its windscreen
        glass = C >= 0.08 and L > 0.7 and 190 <= cand[c][0][2] <= 245
        return neighbours * (0.5 if L > 0.93 and C < 0.04 else 0.55 if glass else 1.0)

    seed = max(sorted(cand), key=score)
    (sL, sC, sH), _ = cand[seed]
    fam = {
        c
        for c, ((L, C, H), _) in cand.items()
        if (sC >= 0.04 and C >= 0.04 and _hue_dist(H, sH) < 35) or (sC < 0.04 and C < 0.04 and abs(L - sL) < 0.3)
    }
    tw = sum(cand[c][1] for c in fam) or 1.0
    base_l = sum(cand[c][0][0] * cand[c][1] for c in fam) / tw
    base_c = sum(cand[c][0][1] * cand[c][1] for c in fam) / tw
    return fam, base_l, base_c


@functools.lru_cache(maxsize=512)
def area_weights(body: str, viewbox: tuple[float, float, float, float]) -> dict[str, float]:
    """Each colour's share of the painted area: the asset rasterised once at 96 px, pixels
    counted by exact colour (edges blend and are left out). Markup length, the fallback,
    over-counts detailed small parts such as windows and ball panels."""
    import io

    import numpy as np
    import resvg_py
    from PIL import Image

    marked = _weights(body)
    if not marked:
        return {}
    vx, vy, vw, vh = viewbox
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" '
        f'viewBox="{fmt(vx)} {fmt(vy)} {fmt(vw)} {fmt(vh)}">{body}</svg>'
    )
    try:
        png = resvg_py.svg_to_bytes(svg_string=svg, skip_system_fonts=True)
    except Exception:  # noqa: BLE001 - an asset resvg cannot draw keeps the markup weights
        return marked
    a = np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGBA"))
    px = a[a[..., 3] > 250][:, :3]
    if not len(px):
        return marked
    codes = px[:, 0].astype(np.int64) << 16 | px[:, 1].astype(np.int64) << 8 | px[:, 2].astype(np.int64)
    values, counts = np.unique(codes, return_counts=True)
    seen = {f"#{int(v):06x}": int(c) for v, c in zip(values, counts, strict=True)}
    out = {}
    for c, w in marked.items():
        hexc = _norm_hex(c)
        # gradients and colours resvg cannot match exactly keep a small share of their markup weight
        out[c] = float(seen.get(hexc, 0)) + 0.02 * w
    return out if any(v > 1 for v in out.values()) else marked


def _norm_hex(c: str) -> str:
    c = c.lower()
    if len(c) == 4:
        return "#" + "".join(ch * 2 for ch in c[1:])
    return c[:7]


def recolour(body: str, target: str, viewbox: tuple[float, float, float, float] | None = None) -> str:
    """Map the main colour family of an asset onto ``target`` (#rrggbb), keeping its shading."""
    weights = area_weights(body, viewbox) if viewbox is not None else _weights(body)
    if not weights:
        return body
    fam, base_l, base_c = _family(sorted(weights.items()))
    tL, tC, tH = _oklch(target)
    dark = tL < 0.4
    # shading is kept but compressed on black and on white, or a white thing reads grey
    k = 0.6 if dark else 0.45 if tL > 0.9 and tC < 0.02 else 1.0
    mapping: dict[str, str] = {}
    fam_area = sum(weights[c] for c in fam)
    # other colour families as large as the named one would compete with it (a red bus whose
    # windscreen is bigger than its body still reads blue): they keep their hue, quietly
    rivals: set[str] = set()
    for c in weights:
        L, C, H = _oklch(c)
        if c in fam or C < 0.04:
            continue
        hue_area = sum(
            w2
            for c2, w2 in weights.items()
            if c2 not in fam and _oklch(c2)[1] >= 0.04 and _hue_dist(_oklch(c2)[2], H) < 35
        )
        if hue_area >= 0.45 * fam_area:
            rivals.add(c)
    for c in weights:
        L, C, H = _oklch(c)
        if tC >= 0.04 and L < 0.35 and c not in fam and weights[c] >= 0.8 * fam_area:
            # a pink phone whose dark screen outweighs its frame: the screen takes a dark tint
            mapping[c] = _to_hex(max(L, 0.34), tC * 0.45, tH)
            continue
        if c in rivals and not (tC < 0.02):
            mapping[c] = _to_hex(L, C * 0.12, H)
            continue
        if c in rivals and dark:
            mapping[c] = _to_hex(0.3, C * 0.12, H)  # a black laptop's big screen goes dark with it
            continue
        if c in fam:
            nL = tL + (L - base_l) * k
            nL = min(max(nL, 0.1), 0.985)
            nC = tC if base_c < 0.02 else tC * min(C / base_c, 1.6)
            mapping[c] = _to_hex(nL, nC if tC >= 0.015 else tC, tH)
        elif dark and L < 0.35:
            mapping[c] = _to_hex(0.72, min(C, 0.05), H)  # keep dark features visible on a dark body
        elif tC < 0.02 and tL > 0.85 and C < 0.04 and 0.45 < L < 0.93 and weights[c] >= 0.3 * fam_area:
            mapping[c] = _to_hex(L + (tL - L) * 0.6, C, H)  # a large grey body turns white with the rest
        elif dark and tC < 0.02 and C < 0.04 and L > 0.45 and weights[c] >= 0.3 * fam_area:
            mapping[c] = _to_hex(0.22 + (L - 0.45) * 0.25, C, H)  # a black laptop's lid and screen are dark too
        elif tC < 0.02 and C >= 0.04:
            # a white or grey thing: its other colours go quiet (and pale, on a white one)
            mapping[c] = _to_hex(L + (tL - L) * 0.5 if tL > 0.85 and c in rivals and L > 0.5 else L, C * 0.12, H)
    return _COLOUR.sub(lambda m: m.group(1) + mapping.get(m.group(2).lower(), m.group(2)), body)


def hand_filter(fid: str, vx: float, vy: float, vw: float, vh: float, seed: int) -> str:
    """An feTurbulence + feDisplacementMap filter that makes lines slightly irregular.

    The source goes through an feMerge first: resvg 0.47 sizes SourceGraphic and the noise
    differently when the filter region runs past the rendered area (a layer drawn in a
    crop, an object at the canvas edge) and then panics in feDisplacementMap ("src.height
    == map.height"), a PanicException that no ``except Exception`` catches. Merged, the
    source has the noise's size; the pixels are the same."""
    pad = 0.06
    scale = max(vw, vh) * 0.028
    freq = 2.6 / max(vw, vh)
    return (
        f'<filter id="{fid}" filterUnits="userSpaceOnUse" x="{fmt(vx - vw * pad)}" y="{fmt(vy - vh * pad)}" '
        f'width="{fmt(vw * (1 + 2 * pad))}" height="{fmt(vh * (1 + 2 * pad))}">'
        f'<feTurbulence type="fractalNoise" baseFrequency="{fmt(freq, 5)}" numOctaves="2" seed="{seed}" result="n"/>'
        f'<feMerge result="s"><feMergeNode in="SourceGraphic"/></feMerge>'
        f'<feDisplacementMap in="s" in2="n" scale="{fmt(scale)}" xChannelSelector="R" '
        f'yChannelSelector="G"/></filter>'
    )
