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
        gen = egaku.generate(prompt, ocr=False)
        ms = (time.perf_counter() - t) * 1000
        img = gen.image.convert("RGB")
        img.thumbnail((cell - 8, cell - 8))
        r, c = divmod(i, cols)
        x, y = c * cell, r * (cell + label_h)
        sheet.paste(img, (x + (cell - img.width) // 2, y + 4 + (cell - 8 - img.height) // 2))
        label = prompt if len(prompt) <= 40 else prompt[:39] + "…"
        draw.text((x + 6, y + cell + 2), label, fill="#222222", font=font)
        draw.text((x + 6, y + cell + 22), f"{gen.scene.kind}, {ms:.0f} ms", fill="#888888", font=font)
        print(f"{ms:7.0f} ms  {prompt}", file=sys.stderr)
    sheet.save(args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
