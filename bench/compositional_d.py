"""A fourth, independent compositional benchmark (issue: open-vocabulary pictures), English and Japanese.

    python bench/compositional_d.py [--lang en|ja] [--kind KIND] [-v]

Written without reading the prompts of bench/compositional.py, compositional_b.py,
compositional_c.py or tests/test_compositional.py, after the failures of those sets had been
fixed, so it stays a held-out estimate. Six kinds, ten prompts each per language: one object,
two objects, counting (1 to 6), colours, positions and colour attribution. The prompts follow
GenEval's templates ("a photo of a X", "a photo of a X and a Y", "a photo of four X",
"a photo of a red X", "a photo of a X left of a Y", "a photo of a red X and a blue Y") over
COCO classes, leaning on the harder ones (parking meter, baseball glove, potted plant, sports
ball, dining table...); the Japanese ones are natural translations with their counters
(匹/頭/羽/台/個/本/枚/つ), not word-for-word copies of the English ones. Each expected
judgment names the class the COCO way, as a held-out judge would. ``main`` refuses to run if
a prompt is also in an earlier set (the plainest one-object prompts, "a photo of a hair drier"
and the like, already were, so those use other classes).

Each prompt is rendered with ``egaku.generate(prompt, ocr=False, size=(512, 512))`` and judged
by ``judge`` from tests/test_compositional.py: the number of subject layers whose ``depicts``
names the class (whole words), the centres of their boxes, and the dominant colour of each
layer's own pixels. Brown is left out: the judge's hue names have none.

Japanese positions read the Japanese way: 「Yの左にあるX」 puts X to the left of Y,
「Yの上にXがある」 puts X above Y, 「Yの下にあるX」 puts X below Y.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compositional import Case, attr, colour, count, one, pos, run_suite, two  # noqa: E402

SUITE: dict[str, dict[str, list[Case]]] = {
    "en": {
        "one object": [
            one("a photo of scissors", "scissors"),
            one("a photo of a remote", "remote"),
            one("a photo of skis", "skis"),
            one("a photo of a traffic light", "traffic light"),
            one("a photo of a stop sign", "stop sign"),
            one("a photo of a sink", "sink"),
            one("a photo of a microwave", "microwave"),
            one("a photo of a broccoli", "broccoli"),
            one("a photo of a snowboard", "snowboard"),
            one("a photo of a sandwich", "sandwich"),
        ],
        "two objects": [
            two("a photo of a toaster and a wine glass", "toaster", "wine glass"),
            two("a photo of scissors and a vase", "scissors", "vase"),
            two("a photo of a refrigerator and an oven", "refrigerator", "oven"),
            two("a photo of a cell phone and a remote", "cell phone", "remote"),
            two("a photo of a keyboard and a mouse", "keyboard", "mouse"),
            two("a photo of a sheep and a cow", "sheep", "cow"),
            two("a photo of a skateboard and a surfboard", "skateboard", "surfboard"),
            two("a photo of a sandwich and a carrot", "sandwich", "carrot"),
            two("a photo of a suitcase and a handbag", "suitcase", "handbag"),
            two("a photo of a traffic light and a stop sign", "traffic light", "stop sign"),
        ],
        "counting": [
            count("a photo of one kite", "kite", 1),
            count("a photo of two zebras", "zebra", 2),
            count("a photo of three wine glasses", "wine glass", 3),
            count("a photo of three broccolis", "broccoli", 3),
            count("a photo of four toothbrushes", "toothbrush", 4),
            count("a photo of four motorcycles", "motorcycle", 4),
            count("a photo of five carrots", "carrot", 5),
            count("a photo of five elephants", "elephant", 5),
            count("a photo of six frisbees", "frisbee", 6),
            count("a photo of six sheep", "sheep", 6),
        ],
        "colours": [
            colour("a photo of a red toaster", "toaster", "red"),
            colour("a photo of an orange suitcase", "suitcase", "orange"),
            colour("a photo of a yellow kite", "kite", "yellow"),
            colour("a photo of a green vase", "vase", "green"),
            colour("a photo of a blue tie", "tie", "blue"),
            colour("a photo of a purple handbag", "handbag", "purple"),
            colour("a photo of a pink teddy bear", "teddy bear", "pink"),
            colour("a photo of a black motorcycle", "motorcycle", "black"),
            colour("a photo of a white refrigerator", "refrigerator", "white"),
            colour("a photo of a black cell phone", "cell phone", "black"),
        ],
        "positions": [
            pos("a photo of a bench left of a potted plant", "bench", "left", "potted plant"),
            pos("a photo of a vase left of a wine glass", "vase", "left", "wine glass"),
            pos("a photo of a cow right of a truck", "cow", "right", "truck"),
            pos("a photo of a suitcase right of a parking meter", "suitcase", "right", "parking meter"),
            pos("a photo of scissors right of a toothbrush", "scissors", "right", "toothbrush"),
            pos("a photo of a kite above a boat", "kite", "above", "boat"),
            pos("a photo of a bird above a stop sign", "bird", "above", "stop sign"),
            pos("a photo of an airplane above an elephant", "airplane", "above", "elephant"),
            pos("a photo of a toaster below a microwave", "toaster", "below", "microwave"),
            pos("a photo of a sports ball below a baseball glove", "sports ball", "below", "baseball glove"),
        ],
        "colour attribution": [
            attr("a photo of a red suitcase and a blue handbag", "suitcase", "red", "handbag", "blue"),
            attr("a photo of a yellow kite and a purple frisbee", "kite", "yellow", "frisbee", "purple"),
            attr("a photo of a green vase and a pink toothbrush", "vase", "green", "toothbrush", "pink"),
            attr("a photo of a black cell phone and a white remote", "cell phone", "black", "remote", "white"),
            attr("a photo of an orange surfboard and a green skateboard", "surfboard", "orange", "skateboard", "green"),
            attr("a photo of a blue motorcycle and a yellow truck", "motorcycle", "blue", "truck", "yellow"),
            attr("a photo of a pink teddy bear and a white toaster", "teddy bear", "pink", "toaster", "white"),
            attr("a photo of a purple boat and a red bench", "boat", "purple", "bench", "red"),
            attr("a photo of a white sheep and a black cow", "sheep", "white", "cow", "black"),
            attr("a photo of a red microwave and a blue oven", "microwave", "red", "oven", "blue"),
        ],
    },
    "ja": {
        "one object": [
            one("ドライヤーの写真", "hair drier"),
            one("歯ブラシの写真", "toothbrush"),
            one("はさみの写真", "scissors"),
            one("鉢植えの写真", "potted plant"),
            one("消火栓の写真", "fire hydrant"),
            one("スノーボードの写真", "snowboard"),
            one("リモコンの写真", "remote"),
            one("スキー板の写真", "skis"),
            one("冷蔵庫の写真", "refrigerator"),
            one("一時停止標識の写真", "stop sign"),
        ],
        "two objects": [
            two("食卓と花瓶の写真", "dining table", "vase"),
            two("冷蔵庫と電子レンジの写真", "refrigerator", "microwave"),
            two("スマートフォンとリモコンの写真", "cell phone", "remote"),
            two("キーボードとマウスの写真", "keyboard", "mouse"),
            two("ブロッコリーとにんじんの写真", "broccoli", "carrot"),
            two("ホットドッグとサンドイッチの写真", "hot dog", "sandwich"),
            two("スキー板とスノーボードの写真", "skis", "snowboard"),
            two("シマウマと象の写真", "zebra", "elephant"),
            two("ボートと飛行機の写真", "boat", "airplane"),
            two("ネクタイとハンドバッグの写真", "tie", "handbag"),
        ],
        "counting": [
            count("鳥が1羽いる写真", "bird", 1),
            count("羊が2頭いる写真", "sheep", 2),
            count("テディベアが2つある写真", "teddy bear", 2),
            count("牛が3頭いる写真", "cow", 3),
            count("スケートボードが3枚ある写真", "skateboard", 3),
            count("バイクが4台ある写真", "motorcycle", 4),
            count("花瓶が4個ある写真", "vase", 4),
            count("ボールが5個ある写真", "sports ball", 5),
            count("歯ブラシが5本ある写真", "toothbrush", 5),
            count("凧が6つある写真", "kite", 6),
        ],
        "colours": [
            colour("赤いスーツケースの写真", "suitcase", "red"),
            colour("オレンジ色のサーフボードの写真", "surfboard", "orange"),
            colour("黄色いネクタイの写真", "tie", "yellow"),
            colour("緑色の花瓶の写真", "vase", "green"),
            colour("青いハンドバッグの写真", "handbag", "blue"),
            colour("紫のテディベアの写真", "teddy bear", "purple"),
            colour("ピンクの携帯電話の写真", "cell phone", "pink"),
            colour("黒い冷蔵庫の写真", "refrigerator", "black"),
            colour("白いバイクの写真", "motorcycle", "white"),
            colour("青いトラックの写真", "truck", "blue"),
        ],
        "positions": [
            pos("ベンチの左にある消火栓の写真", "fire hydrant", "left", "bench"),
            pos("冷蔵庫の左にある流し台の写真", "sink", "left", "refrigerator"),
            pos("バイクの右にある羊の写真", "sheep", "right", "motorcycle"),
            pos("花瓶の右にあるはさみの写真", "scissors", "right", "vase"),
            pos("シマウマの右にある象の写真", "elephant", "right", "zebra"),
            pos("信号機の上に鳥がいる写真", "bird", "above", "traffic light"),
            pos("スーツケースの上にハンドバッグがある写真", "handbag", "above", "suitcase"),
            pos("電子レンジの下にあるオーブンの写真", "oven", "below", "microwave"),
            pos("ベンチの下にボールがある写真", "sports ball", "below", "bench"),
            pos("飛行機の下にあるトラックの写真", "truck", "below", "airplane"),
        ],
        "colour attribution": [
            attr("赤い凧と青いボートの写真", "kite", "red", "boat", "blue"),
            attr("黄色いバイクと緑のトラックの写真", "motorcycle", "yellow", "truck", "green"),
            attr("ピンクのテディベアと紫の花瓶の写真", "teddy bear", "pink", "vase", "purple"),
            attr("白い冷蔵庫と黒い電子レンジの写真", "refrigerator", "white", "microwave", "black"),
            attr("オレンジ色のフリスビーと青いボールの写真", "frisbee", "orange", "sports ball", "blue"),
            attr("黒いネクタイと赤いハンドバッグの写真", "tie", "black", "handbag", "red"),
            attr("緑のスケートボードと黄色いサーフボードの写真", "skateboard", "green", "surfboard", "yellow"),
            attr("青い歯ブラシとピンクのはさみの写真", "toothbrush", "blue", "scissors", "pink"),
            attr("紫のスーツケースと白いベンチの写真", "suitcase", "purple", "bench", "white"),
            attr("赤い携帯電話と白いリモコンの写真", "cell phone", "red", "remote", "white"),
        ],
    },
}


def _earlier_prompts() -> set[str]:
    """Every prompt of the earlier sets and of tests/test_compositional.py, to keep this one fresh."""
    import compositional
    import compositional_b
    import compositional_c

    seen = {c[0] for c in compositional.TEST_CASES}
    for mod in (compositional, compositional_b, compositional_c):
        seen |= {c[0] for kinds in mod.SUITE.values() for cases in kinds.values() for c in cases}
    return seen


def main(argv: list[str] | None = None) -> int:
    prompts = [c[0] for k in SUITE.values() for v in k.values() for c in v]
    dup = [p for p, n in Counter(prompts).items() if n > 1]
    assert not dup, f"duplicate prompts: {dup}"
    earlier = _earlier_prompts()
    overlap = [p for p in prompts if p in earlier]
    assert not overlap, f"prompts also in an earlier set: {overlap}"
    return run_suite(SUITE, title="compositional benchmark D", argv=argv, description=__doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
