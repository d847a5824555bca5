"""Vendor the display faces egaku's styles use, from npm packages, subset for Japanese.

Usage: python tools/vendor_fonts.py [OUTDIR]      (default: egaku/fonts)

Each face comes from an ``@expo-google-fonts/<family>`` package on the npm registry
(``npm pack``: the package ships the Google Fonts TTFs and the font's licence as
``LICENSE_FONT``). Every face here is under the SIL Open Font License 1.1, which allows
redistribution and subsetting; its licence text is written beside it as
``licenses/<Family>-OFL.txt``. Faces are subset the way ``tools/subset_fonts.py`` subsets
Noto CJK (kana, Latin-1, punctuation, full-width forms, a few symbols) except that
only the 2,965 kanji of JIS X 0208 level 1 (the kanji of everyday text) are kept: these
are display faces, and the five of them must fit in a few megabytes. Text that uses a
kanji a face lacks is set in the Noto face of the same role instead (egaku's styles
check coverage per layer). Every OpenType layout feature is kept, so ``vert``/``vrt2``
(vertical forms), ``palt`` and ``kern`` still work. Hinting is dropped (the renderer
draws outlines).
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

sys.path.insert(0, str(Path(__file__).parent))
from subset_fonts import codepoints  # noqa: E402

# out file: (npm package, file inside the package, family name for the licence file)
FACES = {
    "DelaGothicOne-Regular.ttf": (
        "@expo-google-fonts/dela-gothic-one@0.4.1",
        "400Regular/DelaGothicOne_400Regular.ttf",
        "DelaGothicOne",
    ),
    "ZenMaruGothic-Bold.ttf": (
        "@expo-google-fonts/zen-maru-gothic@0.4.1",
        "700Bold/ZenMaruGothic_700Bold.ttf",
        "ZenMaruGothic",
    ),
    "ShipporiMinchoB1-Bold.ttf": (
        "@expo-google-fonts/shippori-mincho-b1@0.4.1",
        "700Bold/ShipporiMinchoB1_700Bold.ttf",
        "ShipporiMinchoB1",
    ),
    "KleeOne-SemiBold.ttf": (
        "@expo-google-fonts/klee-one@0.4.1",
        "600SemiBold/KleeOne_600SemiBold.ttf",
        "KleeOne",
    ),
    "RocknRollOne-Regular.ttf": (
        "@expo-google-fonts/rocknroll-one@0.4.1",
        "400Regular/RocknRollOne_400Regular.ttf",
        "RocknRollOne",
    ),
}


def level1(cps: set[int]) -> set[int]:
    """``cps`` less the kanji outside JIS X 0208 level 1 (Shift_JIS 0x889F–0x9872)."""
    out: set[int] = set()
    for cp in cps:
        if 0x4E00 <= cp < 0xA000 or 0xF900 <= cp < 0xFB00:
            code = chr(cp).encode("cp932")
            if not (len(code) == 2 and 0x889F <= int.from_bytes(code, "big") <= 0x9872):
                continue
        out.add(cp)
    return out


def npm_pack(spec: str, into: Path) -> Path:
    """Download one npm package tarball into ``into`` and return its path."""
    out = subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(into)],
        check=True,
        capture_output=True,
        text=True,
    )
    return into / out.stdout.strip().splitlines()[-1]


def extract(tgz: Path, member: str, dest: Path) -> Path:
    with tarfile.open(tgz) as tar:
        f = tar.extractfile(f"package/{member}")
        if f is None:
            raise SystemExit(f"{tgz.name} has no {member}")
        dest.write_bytes(f.read())
    return dest


def subset_face(src: Path, out: Path, cps: set[int]) -> None:
    font = TTFont(str(src))
    opts = subset.Options()
    opts.layout_features = ["*"]  # vert, vrt2, palt, vpal, halt, vhal, kern, hwid, fwid ...
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    opts.glyph_names = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=cps)
    sub.subset(font)
    font.save(str(out))


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "licenses").mkdir(exist_ok=True)
    cps = level1(codepoints())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, (spec, member, family) in FACES.items():
            tgz = npm_pack(spec, work)
            ttf = extract(tgz, member, work / Path(member).name)
            with tarfile.open(tgz) as tar:
                lic = tar.extractfile("package/LICENSE_FONT")
                if lic is None:
                    raise SystemExit(f"{spec} ships no LICENSE_FONT")
                text = lic.read().decode("utf-8")
            if "SIL Open Font License" not in text:
                raise SystemExit(f"{spec}: not under the SIL OFL; not vendoring it")
            (out / "licenses" / f"{family}-OFL.txt").write_text(text, encoding="utf-8")
            subset_face(ttf, out / name, cps)
            print(name, (out / name).stat().st_size // 1024, "KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "egaku" / "fonts")
