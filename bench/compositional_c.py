"""A third compositional benchmark, for language variety (issue: open-vocabulary pictures), English and Japanese.

    python bench/compositional_c.py [--lang en|ja] [--kind KIND] [-v]

Written without reading the prompts of bench/compositional.py, bench/compositional_b.py or
tests/test_compositional.py. Where those sets phrase a prompt the benchmark way ("a red car
and a blue bus"), this one phrases it the ways a user or another benchmark author would:
requests and questions ("I want a picture of...", "Can you make an image of...?"),
relative clauses ("an umbrella that is yellow"), digits and number words, "a pair of",
"a trio of", "a single", irregular plurals (sheep, mice), colour synonyms (violet, light
blue), "to its left", "on the left ..., on the right ..."; and in Japanese hiragana,
katakana and kanji spellings of one noun (ねこ/ネコ/猫, いぬ/イヌ/犬, りんご/リンゴ/林檎),
full-width digits, counters (匹, 頭, 羽, 台, 本, 個, つ), polite and casual requests
(描いてください, 作ってほしい, お願いします) and 「右に車、左にバス」 lists. Six kinds, about
13 prompts each per language: one object, two objects, counting (1 to 6), colours, positions
and colour attribution.

Only what the prompt makes unambiguous is judged: "three red apples on a table" judges three
apples, not the table; 「かさを持ったねこ」 judges one cat and one umbrella. Classes are named
the COCO way ("cup", "teddy bear", "fire hydrant", "couch", "motorcycle"). Brown is left out:
the judge's hue names have none. Japanese positions read the Japanese way: 「Xの左にY」 puts Y
to the left of X.

Each prompt is rendered with ``egaku.generate(prompt, ocr=False, size=(512, 512))`` and judged
by ``judge`` from tests/test_compositional.py, through ``run_suite`` of bench/compositional.py.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compositional import Case, attr, colour, count, one, pos, run_suite, two  # noqa: E402


def counts(prompt: str, want: dict[str, int]) -> Case:
    """Several classes, each with its own count ("4 oranges and 2 bananas")."""
    return (prompt, want, [], {})


SUITE: dict[str, dict[str, list[Case]]] = {
    "en": {
        "one object": [
            one("I want a picture of a giraffe", "giraffe"),
            one("one banana", "banana"),
            one("a single orange", "orange"),
            one("Draw me an elephant, please.", "elephant"),
            one("Can you make an image of a toaster?", "toaster"),
            one("show me a horse", "horse"),
            one("an illustration of a pizza", "pizza"),
            one("just one clock", "clock"),
            one("a lone zebra standing in the grass", "zebra"),
            one("an airplane flying in the sky", "airplane"),
            one("sketch a laptop", "laptop"),
            one("my kid's teddy bear", "teddy bear"),
            one("there is a suitcase", "suitcase"),
            one("a kite, nothing else", "kite"),
        ],
        "two objects": [
            two("a doggo and a cat hanging out", "dog", "cat"),
            two("a cat playing with a ball", "cat", "ball"),
            two("a laptop and a mouse", "laptop", "mouse"),
            two("put a bird and a bench in the picture", "bird", "bench"),
            two("Can you draw a sheep together with a cow?", "sheep", "cow"),
            two("a knife and a fork", "knife", "fork"),
            two("a toothbrush & a cup", "toothbrush", "cup"),
            two("an umbrella with a chair", "umbrella", "chair"),
            two("a giraffe, and also a zebra", "giraffe", "zebra"),
            two("a bowl and a spoon, please", "bowl", "spoon"),
            two("a clock beside a vase", "clock", "vase"),
            two("a bear riding a bicycle", "bear", "bicycle"),
            two("a carrot and a sandwich on a plate", "carrot", "sandwich"),
            two("I'd like a truck and a motorcycle", "truck", "motorcycle"),
        ],
        "counting": [
            count("Draw three red apples on a table", "apple", 3),
            count("two dogs and one cat", "dog", 2, "cat"),
            count("six little birds", "bird", 6),
            count("4 cups of coffee", "cup", 4),
            count("Can you make an image of two elephants?", "elephant", 2),
            count("5 bananas", "banana", 5),
            count("three cars parked in a row", "car", 3),
            count("a pair of cats", "cat", 2),
            count("exactly four umbrellas", "umbrella", 4),
            count("just 1 horse", "horse", 1),
            count("three sheep in a field", "sheep", 3),
            count("two mice", "mouse", 2),
            count("six donuts", "donut", 6),
            counts("4 oranges and 2 bananas", {"orange": 4, "banana": 2}),
            count("a trio of teddy bears", "teddy bear", 3),
        ],
        "colours": [
            colour("an umbrella that is yellow", "umbrella", "yellow"),
            colour("a green bicycle", "bicycle", "green"),
            colour("a pink car", "car", "pink"),
            colour("Paint a blue horse", "horse", "blue"),
            colour("a cat that's completely black", "cat", "black"),
            colour("a plain white cup", "cup", "white"),
            colour("a purple elephant", "elephant", "purple"),
            colour("I'd like an orange bus", "bus", "orange"),
            colour("a red kite", "kite", "red"),
            colour("a chair, coloured green", "chair", "green"),
            colour("a truck painted red", "truck", "red"),
            colour("a blue-colored vase", "vase", "blue"),
            colour("a violet bottle", "bottle", "purple"),
            colour("a light blue clock", "clock", "blue"),
        ],
        "positions": [
            pos("a cat sitting to the right of a dog", "cat", "right", "dog"),
            pos("a bowl under a lamp", "bowl", "below", "lamp"),
            pos("a bird flying over a car", "bird", "above", "car"),
            pos("on the left a horse, on the right a cow", "horse", "left", "cow"),
            pos("a dog, left of a bench", "dog", "left", "bench"),
            pos("a clock hanging above a couch", "clock", "above", "couch"),
            pos("a ball beneath a chair", "ball", "below", "chair"),
            pos("put the umbrella to the right of the bicycle", "umbrella", "right", "bicycle"),
            pos("a cup on top of a book", "cup", "above", "book"),
            pos("a laptop, and to its left a mouse", "mouse", "left", "laptop"),
            pos("an elephant below a bird", "elephant", "below", "bird"),
            pos("a motorcycle on the right and a bus on the left", "motorcycle", "right", "bus"),
            pos("a kite high above a boat", "kite", "above", "boat"),
            pos("a teddy bear sitting left of a vase", "teddy bear", "left", "vase"),
        ],
        "colour attribution": [
            attr("a purple bicycle next to a green fire hydrant", "bicycle", "purple", "fire hydrant", "green"),
            attr("a blue vase with a red flower", "vase", "blue", "flower", "red"),
            attr("a yellow dog and a pink cat", "dog", "yellow", "cat", "pink"),
            attr("a red cup next to a blue bowl", "cup", "red", "bowl", "blue"),
            attr("a green apple beside an orange car", "apple", "green", "car", "orange"),
            attr("a black horse and a white sheep", "horse", "black", "sheep", "white"),
            attr("a white dog with a black umbrella", "dog", "white", "umbrella", "black"),
            attr("Draw a pink elephant and a blue bird", "elephant", "pink", "bird", "blue"),
            attr("the bus is yellow and the truck is red", "bus", "yellow", "truck", "red"),
            attr("an orange couch and, next to it, a purple chair", "chair", "purple", "couch", "orange"),
            attr("a red bicycle, a blue car", "bicycle", "red", "car", "blue"),
            attr("a teddy bear in pink and a suitcase in green", "teddy bear", "pink", "suitcase", "green"),
            attr("an orange cat sleeping on a white bench", "cat", "orange", "bench", "white"),
        ],
    },
    "ja": {
        "one object": [
            one("キリンの絵を描いて", "giraffe"),
            one("ぞうを描いてください", "elephant"),
            one("林檎の絵", "apple"),
            one("ネコのイラスト", "cat"),
            one("いぬを描いて", "dog"),
            one("時計を一つ作ってほしい", "clock"),
            one("空を飛ぶ飛行機", "airplane"),
            one("ピザの画像を作ってください", "pizza"),
            one("くまのぬいぐるみ", "teddy bear"),
            one("消火栓がある風景", "fire hydrant"),
            one("バナナ一本", "banana"),
            one("うまの絵", "horse"),
            one("スーツケースを描いて", "suitcase"),
            one("ノートパソコンのイラストをお願いします", "laptop"),
        ],
        "two objects": [
            two("犬と猫", "dog", "cat"),
            two("ナイフとフォーク", "knife", "fork"),
            two("ヒツジとウシ", "sheep", "cow"),
            two("鳥とベンチ", "bird", "bench"),
            two("自転車の横に消火栓", "bicycle", "fire hydrant"),
            two("かさを持ったねこ", "cat", "umbrella"),
            two("ボウルとスプーンを描いてください", "bowl", "spoon"),
            two("時計と花瓶を並べて", "clock", "vase"),
            two("クマと自転車", "bear", "bicycle"),
            two("にんじんとサンドイッチ", "carrot", "sandwich"),
            two("トラック、そしてバイク", "truck", "motorcycle"),
            two("シマウマとキリンがいる絵", "zebra", "giraffe"),
            two("歯ブラシ、それとコップ", "toothbrush", "cup"),
            two("ノートパソコンとマウスがある机", "laptop", "mouse"),
        ],
        "counting": [
            count("テーブルの上にりんごが3つ", "apple", 3),
            count("犬が二匹と猫が一匹", "dog", 2, "cat"),
            count("赤いリンゴを五個描いて", "apple", 5),
            count("ぞうが２頭いる写真", "elephant", 2),
            count("くまのぬいぐるみが２つ", "teddy bear", 2),
            count("鳥が６羽", "bird", 6),
            count("車を四台描いてください", "car", 4),
            count("コップ４個", "cup", 4),
            count("バナナが1本だけ", "banana", 1),
            count("羊が三匹", "sheep", 3),
            count("ねこ二匹", "cat", 2),
            count("傘を五本", "umbrella", 5),
            count("ドーナツを６個作ってほしい", "donut", 6),
            count("馬が一頭", "horse", 1),
            counts("オレンジ4つとバナナ2本", {"orange": 4, "banana": 2}),
        ],
        "colours": [
            colour("黄色い花のイラスト", "flower", "yellow"),
            colour("青いかさ", "umbrella", "blue"),
            colour("ピンクの車", "car", "pink"),
            colour("緑色の自転車", "bicycle", "green"),
            colour("黒いネコ", "cat", "black"),
            colour("白いコップ", "cup", "white"),
            colour("紫のぞう", "elephant", "purple"),
            colour("オレンジ色のバス", "bus", "orange"),
            colour("赤い凧", "kite", "red"),
            colour("みどりの椅子", "chair", "green"),
            colour("あかいトラック", "truck", "red"),
            colour("青色の花瓶を描いてください", "vase", "blue"),
            colour("むらさきのボトル", "bottle", "purple"),
            colour("水色の時計", "clock", "blue"),
        ],
        "positions": [
            pos("青い傘の下に猫", "cat", "below", "umbrella"),
            pos("右に車、左にバス", "car", "right", "bus"),
            pos("犬の右に猫", "cat", "right", "dog"),
            pos("ランプの下にボウル", "bowl", "below", "lamp"),
            pos("車の上を飛ぶ鳥", "bird", "above", "car"),
            pos("左に馬、右に牛", "horse", "left", "cow"),
            pos("ベンチの左にいぬ", "dog", "left", "bench"),
            pos("椅子の下にボール", "ball", "below", "chair"),
            pos("自転車の右側に傘", "umbrella", "right", "bicycle"),
            pos("本の上にカップ", "cup", "above", "book"),
            pos("ノートパソコンの左にマウス", "mouse", "left", "laptop"),
            pos("鳥の下に象", "elephant", "below", "bird"),
            pos("バスが左、バイクが右", "motorcycle", "right", "bus"),
            pos("花瓶の左側にくまのぬいぐるみ", "teddy bear", "left", "vase"),
        ],
        "colour attribution": [
            attr("ピンクのカップとオレンジのスプーン", "cup", "pink", "spoon", "orange"),
            attr("紫の自転車と緑の消火栓", "bicycle", "purple", "fire hydrant", "green"),
            attr("青い花瓶に赤い花", "vase", "blue", "flower", "red"),
            attr("黄色い犬とピンクの猫", "dog", "yellow", "cat", "pink"),
            attr("赤いコップと青いボウル", "cup", "red", "bowl", "blue"),
            attr("緑のりんごとオレンジ色の車", "apple", "green", "car", "orange"),
            attr("黒い馬と白い羊", "horse", "black", "sheep", "white"),
            attr("白いイヌと黒いカサ", "dog", "white", "umbrella", "black"),
            attr("ピンクのゾウと青いトリ", "elephant", "pink", "bird", "blue"),
            attr("黄色のバスと赤のトラック", "bus", "yellow", "truck", "red"),
            attr("紫の椅子とオレンジのソファ", "chair", "purple", "couch", "orange"),
            attr("赤い自転車、青い車", "bicycle", "red", "car", "blue"),
            attr("ピンクのくまのぬいぐるみと緑のスーツケース", "teddy bear", "pink", "suitcase", "green"),
            attr("白いベンチで寝ているオレンジ色の猫", "cat", "orange", "bench", "white"),
        ],
    },
}


def main(argv: list[str] | None = None) -> int:
    dup = [p for p, n in Counter(c[0] for k in SUITE.values() for v in k.values() for c in v).items() if n > 1]
    assert not dup, f"duplicate prompts: {dup}"
    return run_suite(
        SUITE, title="compositional benchmark C (language variety)", argv=argv, description=__doc__.splitlines()[0]
    )


if __name__ == "__main__":
    sys.exit(main())
