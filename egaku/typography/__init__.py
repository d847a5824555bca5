"""Typography: shipped fonts, shaping and measuring, line breaking, fitting."""

from .fit import PlacedLine, TextFit, TextLayout, fit_text, layout_lines
from .fonts import FACE_FAMILY, FACE_FILES, check_coverage, face, font_files
from .linebreak import break_text, units
from .shaping import measure, shape

__all__ = [
    "FACE_FAMILY",
    "FACE_FILES",
    "PlacedLine",
    "TextFit",
    "TextLayout",
    "break_text",
    "check_coverage",
    "face",
    "fit_text",
    "font_files",
    "layout_lines",
    "measure",
    "shape",
    "units",
]
