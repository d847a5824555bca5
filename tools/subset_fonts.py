"""Rebuild the fonts egaku ships from Debian's Noto CJK collections.

Usage: python tools/subset_fonts.py /path/to/usr/share/fonts/opentype/noto OUTDIR

The Noto CJK collections hold every CJK region; egaku ships the Japanese (JP) faces
subset to what Japanese and Latin text uses: every character that Shift_JIS (cp932)
encodes (JIS X 0208 kanji, kana, full-width forms), Latin-1, general punctuation and a
few design symbols. OpenType layout features are all kept, so `vert` (vertical forms),
`palt` (proportional CJK metrics) and `kern` keep working. Licence: SIL OFL 1.1.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

FACES = {
    # out name: (collection, family name inside it)
    "NotoSansJP-Bold.otf": ("NotoSansCJK-Bold.ttc", "Noto Sans CJK JP"),
    "NotoSansJP-Regular.otf": ("NotoSansCJK-Regular.ttc", "Noto Sans CJK JP"),
    "NotoSerifJP-Bold.otf": ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK JP"),
}


def codepoints() -> set[int]:
    cps: set[int] = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))
    for lo, hi in [
        (0x2000, 0x206F),  # general punctuation
        (0x2100, 0x214F),  # letterlike (™ ℃ №)
        (0x2190, 0x21FF),  # arrows
        (0x2460, 0x24FF),  # enclosed numbers ①
        (0x25A0, 0x25FF),  # geometric shapes ● ■ ▲
        (0x2600, 0x26FF),  # misc symbols ☀ ★ ♪
        (0x3000, 0x30FF),  # CJK punctuation, hiragana, katakana
        (0x31F0, 0x31FF),  # small katakana
        (0xFF00, 0xFFEF),  # full-width forms
    ]:
        cps |= set(range(lo, hi + 1))
    for cp in range(0x4E00, 0xA000):  # unified ideographs that Shift_JIS (cp932) encodes
        try:
            chr(cp).encode("cp932")
        except UnicodeEncodeError:
            continue
        cps.add(cp)
    for cp in range(0xF900, 0xFB00):
        try:
            chr(cp).encode("cp932")
            cps.add(cp)
        except UnicodeEncodeError:
            pass
    return cps


def main(src: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    cps = codepoints()
    for name, (ttc, family) in FACES.items():
        coll = TTCollection(str(src / ttc))
        font = next(f for f in coll.fonts if f["name"].getDebugName(1) == family)
        opts = subset.Options()
        opts.layout_features = ["*"]
        opts.name_IDs = ["*"]
        opts.name_languages = ["*"]
        opts.notdef_outline = True
        opts.hinting = False
        opts.desubroutinize = False
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=cps)
        sub.subset(font)
        font.save(str(out / name))
        print(name, (out / name).stat().st_size // 1024, "KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
