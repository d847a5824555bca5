"""Render requests and lay them out as one contact sheet PNG, each with its prompt.

    python tools/contact_sheet.py -o docs/pictures-sheet.png [--cell 384] [--cols 4] [PROMPT ...]

With no prompts, draws the hardest picture requests we know (the issue's examples).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

import egaku

HARD = [
    "Draw a dragon flying over Mt. Fuji at sunset",
    "An astronaut riding a horse on the moon",
    "窓辺で昼寝をしている猫のイラスト",
    "クリスマスカードを作って。『Merry Christmas』と書いて、雪だるまとツリーを描いて",
    "Halloween party flyer: 'Spooky Night' on Oct 31, with pumpkins and bats",
    "A cute robot holding a sign that says 'HELLO'",
    "浜辺を走る柴犬のイラスト、夕焼け",
    "a photo of a bench",
    "two clocks",
    "a red train and a purple bear",
    "a stop sign above a fork",
    "3匹の犬を描いて",
    "黒猫の絵を描いて",
    "本の上に時計がある絵を描いて",
    "three cups",
    "a giraffe next to a cup",
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("prompts", nargs="*")
    ap.add_argument("-o", "--out", default="contact-sheet.png")
    ap.add_argument("--cell", type=int, default=384)
    ap.add_argument("--cols", type=int, default=4)
    ap.add_argument("--ocr", action="store_true", help="verify with OCR and say under each image whether it passed")
    args = ap.parse_args()
    prompts = args.prompts or HARD
    font_path = Path(egaku.__file__).parent / "fonts" / "NotoSansJP-Regular.otf"
    font = ImageFont.truetype(str(font_path), 15)
    cell, cols = args.cell, args.cols
    label_h = 44
    rows = -(-len(prompts) // cols)
    sheet = Image.new("RGB", (cols * cell, rows * (cell + label_h)), "#FFFFFF")
    draw = ImageDraw.Draw(sheet)
    for i, prompt in enumerate(prompts):
        t = time.perf_counter()
        gen = egaku.generate(prompt, ocr=args.ocr)
        ms = (time.perf_counter() - t) * 1000
        img = _on_checkerboard(gen.image)
        img.thumbnail((cell - 8, cell - 8))
        r, c = divmod(i, cols)
        x, y = c * cell, r * (cell + label_h)
        sheet.paste(img, (x + (cell - img.width) // 2, y + 4 + (cell - 8 - img.height) // 2))
        label = prompt
        while len(label) > 1 and draw.textlength(label, font=font) > cell - 12:
            label = label[:-2] + "…"
        draw.text((x + 6, y + cell + 2), label, fill="#222222", font=font)
        checks = ""
        if args.ocr:
            failed = gen.report.failed()
            checks = ", all checks pass" if not failed else f", {len(failed)} check(s) FAIL"
        draw.text((x + 6, y + cell + 22), f"{gen.scene.kind}, {ms:.0f} ms{checks}", fill="#888888", font=font)
        print(f"{ms:7.0f} ms  {prompt}", file=sys.stderr)
    sheet.save(args.out)
    print(args.out)
    return 0


def _on_checkerboard(img: Image.Image) -> Image.Image:
    """RGB of ``img``; a transparent design (a logo, a sticker) shown on a grey checkerboard."""
    img = img.convert("RGBA")
    if img.getchannel("A").getextrema()[0] == 255:
        return img.convert("RGB")
    board = Image.new("RGBA", img.size, (236, 236, 236, 255))
    tile = max(8, min(img.size) // 32)
    draw = ImageDraw.Draw(board)
    for yy in range(0, img.height, tile):
        for xx in range((yy // tile) % 2 * tile, img.width, 2 * tile):
            draw.rectangle((xx, yy, xx + tile - 1, yy + tile - 1), fill=(214, 214, 214, 255))
    board.alpha_composite(img)
    return board.convert("RGB")


if __name__ == "__main__":
    raise SystemExit(main())
