"""The fonts egaku ships, and nothing else: output is the same on every machine.

Three faces, all subsets of Noto CJK JP (SIL OFL 1.1, see ``egaku/fonts/OFL.txt``):
``display`` (Sans Bold, titles), ``text`` (Sans Regular, body) and ``serif`` (Serif Bold,
formal and vertical designs).

Five display faces for the design styles (:mod:`egaku.compose.styles`), each under the
SIL OFL 1.1 with its licence in ``egaku/fonts/licenses/``, vendored and subset to kana,
Latin and JIS level-1 kanji by ``tools/vendor_fonts.py`` (text a face lacks is set in
the Noto face of the same role): ``heavy`` (Dela Gothic One: thumbnails, pop, retro),
``rounded`` (Zen Maru Gothic Bold: cute), ``mincho`` (Shippori Mincho B1 Bold: 和風,
elegant), ``hand`` (Klee One SemiBold: hand-written) and ``retro`` (RocknRoll One).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import uharfbuzz as hb
from fontTools.pens.svgPathPen import SVGPathPen

from ..errors import AssetError, GlyphError

FaceKey = Literal["display", "text", "serif", "heavy", "rounded", "mincho", "hand", "retro"]

FACE_FILES: dict[str, str] = {
    "display": "NotoSansJP-Bold.otf",
    "text": "NotoSansJP-Regular.otf",
    "serif": "NotoSerifJP-Bold.otf",
    "heavy": "DelaGothicOne-Regular.ttf",
    "rounded": "ZenMaruGothic-Bold.ttf",
    "mincho": "ShipporiMinchoB1-Bold.ttf",
    "hand": "KleeOne-SemiBold.ttf",
    "retro": "RocknRollOne-Regular.ttf",
}
# family name and weight, for live <text> in the exported SVG
FACE_FAMILY: dict[str, tuple[str, int]] = {
    "display": ("Noto Sans CJK JP", 700),
    "text": ("Noto Sans CJK JP", 400),
    "serif": ("Noto Serif CJK JP", 700),
    "heavy": ("Dela Gothic One", 400),
    "rounded": ("Zen Maru Gothic", 700),
    "mincho": ("Shippori Mincho B1", 700),
    "hand": ("Klee One", 600),
    "retro": ("RocknRoll One", 400),
}
# the vendored faces: key → (family, licence file in egaku/fonts/licenses/, version)
VENDORED: dict[str, tuple[str, str, str]] = {
    "heavy": ("Dela Gothic One", "DelaGothicOne-OFL.txt", "Google Fonts via @expo-google-fonts 0.4.1"),
    "rounded": ("Zen Maru Gothic", "ZenMaruGothic-OFL.txt", "Google Fonts via @expo-google-fonts 0.4.1"),
    "mincho": ("Shippori Mincho B1", "ShipporiMinchoB1-OFL.txt", "Google Fonts via @expo-google-fonts 0.4.1"),
    "hand": ("Klee One", "KleeOne-OFL.txt", "Google Fonts via @expo-google-fonts 0.4.1"),
    "retro": ("RocknRoll One", "RocknRollOne-OFL.txt", "Google Fonts via @expo-google-fonts 0.4.1"),
}
# the Noto face that sets a vendored face's text when the face lacks one of its characters
FALLBACK: dict[str, str] = {
    "heavy": "display",
    "rounded": "display",
    "mincho": "serif",
    "hand": "text",
    "retro": "display",
}
FONT_LICENSE = "SIL OFL 1.1"
FONT_VERSION = "Noto CJK 2.004 (Debian 20220127), Japanese subset"

# Noto CJK's ideographic em box: 880 units above the baseline, 120 below (of 1000).
EM_ASCENT = 0.88


def fonts_dir() -> Path:
    return Path(str(resources.files("egaku") / "fonts"))


def font_files() -> list[str]:
    return [str(fonts_dir() / name) for name in FACE_FILES.values()]


@dataclass
class Face:
    key: str
    path: Path
    font: hb.Font
    upem: int
    _paths: dict[int, str] = field(default_factory=dict, repr=False)

    def covers(self, ch: str) -> bool:
        return self.font.get_nominal_glyph(ord(ch)) is not None

    def glyph_path(self, gid: int) -> str:
        """The glyph's outline as SVG path data, in font units, y up."""
        d = self._paths.get(gid)
        if d is None:
            pen = SVGPathPen(None, ntos=_ntos)
            self.font.draw_glyph_with_pen(gid, pen)
            d = pen.getCommands()
            self._paths[gid] = d
        return d


def _ntos(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


@cache
def face(key: str) -> Face:
    if key not in FACE_FILES:
        raise AssetError(f"unknown font {key!r}; use one of {', '.join(FACE_FILES)}")
    path = fonts_dir() / FACE_FILES[key]
    if not path.is_file():
        raise AssetError(f"bundled font {path.name} is missing; reinstall egaku")
    blob = hb.Blob.from_file_path(str(path))
    hb_face = hb.Face(blob)
    return Face(key=key, path=path, font=hb.Font(hb_face), upem=hb_face.upem)


def check_coverage(text: str, key: str) -> None:
    """Raise :class:`GlyphError` naming the first character the face cannot draw."""
    f = face(key)
    for ch in text:
        if ch in "\n\t" or ch == " ":
            continue
        if not f.covers(ch):
            raise GlyphError(ch, text, key)
