"""The picture plan: one typed document, validated by its JSON Schema, in the trace and --json."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

import egaku
from egaku.plan import PicturePlan, plan_schema
from egaku.understand import understand


def _plan(prompt: str) -> PicturePlan:
    plan = understand(prompt).plan
    assert plan is not None, prompt
    return plan


def _by_what(plan: PicturePlan) -> dict[str, object]:
    return {s.what: s for s in plan.subjects if not s.motif}


def test_plan_validates_against_its_schema_and_round_trips():
    plan = _plan("An astronaut riding a horse on the moon")
    data = json.loads(plan.model_dump_json())
    jsonschema.validate(data, plan_schema())
    assert PicturePlan.model_validate(data) == plan
    assert plan.setting.place == "moon"
    assert [(r.relation) for r in plan.relations] == ["riding"]


@pytest.mark.parametrize(
    "prompt,what,count",
    [
        ("five red apples", "apple", 5),
        ("a pair of shoes", "shoe", 2),
        ("a pair of glasses", "glasses", 1),
        ("three geese", "goose", 3),
        ("二つの時計", "clock", 2),
        ("ふたつのりんご", "apple", 2),
        ("鳥が三羽", "bird", 3),
        ("車を4台描いて", "car", 4),
        ("子供が二人", "child", 2),
        ("本を5冊", "book", 5),
    ],
)
def test_counts_in_english_and_japanese(prompt, what, count):
    subjects = _by_what(_plan(prompt))
    assert what in subjects and subjects[what].count == count, subjects


@pytest.mark.parametrize(
    "prompt,what,color",
    [
        ("a teal car", "car", "#138A8A"),
        ("a navy umbrella", "umbrella", "#1A2A6C"),
        ("水色の車", "car", "#4FC3F7"),
        ("茶色い犬", "dog", "#8D5524"),
        ("白い猫", "cat", "#F5F5F0"),
    ],
)
def test_colour_words(prompt, what, color):
    assert _by_what(_plan(prompt))[what].color == color


def test_synonyms_and_japanese_words_reach_the_same_subject():
    assert {s.asset for s in _plan("a kitten").subjects} == {s.asset for s in _plan("子猫の絵").subjects}
    assert {s.asset for s in _plan("a puppy").subjects} == {s.asset for s in _plan("柴犬のイラスト").subjects}
    assert {s.asset for s in _plan("a sofa").subjects} == {s.asset for s in _plan("a couch").subjects}


def test_actions_relations_and_setting_from_japanese():
    plan = _plan("浜辺を走る柴犬のイラスト、夕焼け")
    dog = _by_what(plan)["dog"]
    assert dog.action == "running"
    assert plan.setting.place == "beach" and plan.setting.time_of_day == "sunset"
    plan = _plan("窓辺で昼寝をしている猫のイラスト")
    assert _by_what(plan)["cat"].action == "sleeping" and plan.setting.place == "windowsill"
    plan = _plan("富士山の上を飛ぶドラゴン")
    assert plan.setting.place == "mountain"
    assert _by_what(plan)["dragon"].action == "flying"


def test_sign_text_is_exact_and_not_a_title():
    gen = egaku.generate("A cute robot holding a sign that says 'HELLO'", ocr=True)
    sign = next(s for s in gen.intent.plan.subjects if s.what == "sign")
    assert sign.sign_text == "HELLO"
    texts = gen.scene.text_layers()
    assert [t.text for t in texts] == ["HELLO"] and texts[0].role == "sign_text"
    board = gen.scene.layer("sign")
    assert board.box.x <= texts[0].box.x and texts[0].box.right <= board.box.right
    assert gen.report.ok, [c.detail for c in gen.report.failed()]  # OCR read it back


def test_unknown_words_are_said_not_drawn():
    gen = egaku.generate("Draw a glorbnak next to a dog", ocr=False)
    assert "glorbnak" in gen.intent.plan.unmatched
    assert any("glorbnak" in line and "library" in line for line in gen.trace)
    assert {x.depicts for x in gen.scene.leaves() if x.kind == "object"} == {"dog"}


def test_event_motifs_come_with_the_event():
    plan = _plan("クリスマスカードを作って。『Merry Christmas』と書いて、雪だるまとツリーを描いて")
    whats = [s.what for s in plan.subjects]
    assert "snowman" in whats and "christmas tree" in whats and whats.count("christmas tree") == 1
    assert plan.setting.event == "christmas"


def test_cli_prints_the_plan_schema_and_the_plan_in_json(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "egaku", "schema", "--plan"], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == plan_schema()
    png = tmp_path / "p.png"
    res = subprocess.run(
        [sys.executable, "-m", "egaku", "generate", "two red cups", "-o", str(png), "--json", "--no-ocr"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(res.stdout.strip().splitlines()[-1])
    plan = PicturePlan.model_validate(data["intent"]["plan"])
    assert [(s.what, s.count, s.color_word) for s in plan.subjects] == [("cup", 2, "red")]
    assert any("picture plan" in line for line in data["trace"])


@pytest.mark.parametrize(
    "prompt,what,count",
    [
        ("ねこがよんひきいる", "cat", 4),
        ("犬がさんびきいる", "dog", 3),
        ("車がにだい", "car", 2),
        ("椅子が4脚", "chair", 4),
        ("靴が二足ある", "shoe", 2),
        ("トラックが1台", "truck", 1),
    ],
)
def test_japanese_counters_in_kana_and_counters_that_are_also_nouns(prompt, what, count):
    plan = _plan(prompt)
    assert [(s.what, s.count) for s in plan.subjects] == [(what, count)]  # no leg, no 👎 for "1"


def test_sides_said_of_each_subject():
    plan = _plan("a pizza on the right and a wine glass on the left")
    names = {s.id: s.what for s in plan.subjects}
    assert [(names[r.subject], r.relation, names[r.object]) for r in plan.relations] == [
        ("pizza", "right_of", "wine glass")
    ]


def test_a_phone_to_draw_is_not_a_phone_wallpaper():
    assert understand("a photo of a cell phone").kind != "phone_wallpaper"
    assert understand("携帯電話の写真").kind != "phone_wallpaper"
    assert understand("スマホの壁紙を作って").kind == "phone_wallpaper"
    assert understand("phone wallpaper with a cat").kind == "phone_wallpaper"


def test_a_thing_before_no_says_what_kind_the_next_one_is():
    assert [s.what for s in _plan("野球のバットの写真").subjects] == ["baseball bat"]
    assert [s.what for s in _plan("an orange car").subjects] == ["car"]
    assert [(s.what, s.color_word) for s in _plan("緑のりんご").subjects] == [("apple", "緑")]


def test_one_style_per_picture_even_when_a_subject_lacks_the_one_asked_for():
    gen = egaku.generate("a cat and a dog, line art", ocr=False, size=(384, 384))
    assert {x.style for x in gen.scene.leaves() if x.kind == "object"} == {"outline"}
    gen = egaku.generate("a bench and a dog, line art", ocr=False, size=(384, 384))
    assert {x.style for x in gen.scene.leaves() if x.kind == "object"} == {"flat"}
    assert any("bench has no outline drawing" in line for line in gen.trace)
    names = {a.name for a in gen.scene.assets}
    assert "Fluent Emoji Flat" in names and "game-icons.net" in names  # credits travel with the picture


@pytest.mark.parametrize(
    "prompt,what,color",
    [
        ("an umbrella that is yellow", "umbrella", "#F5C518"),
        ("a cat that's completely black", "cat", "#222222"),
        ("a truck painted red", "truck", "#D62828"),
        ("a teddy bear in pink", "teddy bear", "#F06292"),
        ("傘は黄色", "umbrella", "#F5C518"),
    ],
)
def test_colours_said_after_the_thing(prompt, what, color):
    assert _by_what(_plan(prompt))[what].color == color


def test_colours_of_two_things_each_said_after_it():
    subjects = _by_what(_plan("the bus is yellow and the truck is red"))
    assert subjects["bus"].color == "#F5C518" and subjects["truck"].color == "#D62828"
    plan = _plan("a teddy bear in pink and a suitcase in green")
    assert not plan.relations  # "in pink" is a colour, not a place


@pytest.mark.parametrize(
    "prompt,left,right",
    [
        ("on the left a horse, on the right a cow", "horse", "cow"),
        ("a laptop, and to its left a mouse", "mouse", "laptop"),
        ("右に車、左にバス", "bus", "car"),
    ],
)
def test_sides_said_before_the_thing(prompt, left, right):
    plan = _plan(prompt)
    names = {s.id: s.what for s in plan.subjects}
    pairs = {(names[r.subject], r.relation, names[r.object]) for r in plan.relations}
    assert (left, "left_of", right) in pairs or (right, "right_of", left) in pairs, pairs


def test_kana_words_mecab_tags_as_something_else():
    assert [(s.what, s.color_word) for s in _plan("青いかさ").subjects] == [("umbrella", "青い")]
    assert {s.what for s in _plan("ベンチの左にいぬ").subjects} == {"bench", "dog"}


def test_contents_are_not_more_containers():
    assert [(s.what, s.count) for s in _plan("4 cups of coffee").subjects] == [("cup", 4)]


def test_an_animal_holding_an_umbrella_is_drawn_from_the_library():
    gen = egaku.generate("かさを持ったねこ", ocr=False, size=(384, 384))
    depicts = {x.depicts for x in gen.scene.leaves() if x.kind == "object"}
    assert {"cat", "umbrella"} <= depicts


def test_a_species_word_in_a_poster_keeps_the_poster_and_all_its_text():
    gen = egaku.generate("猫カフェのポスター『ねこまみれカフェ』『毎週土曜 10:00〜18:00』『駅前ビル2F』", ocr=False)
    assert gen.intent.mode == "design" and gen.scene.kind == "poster"
    assert [t.text for t in gen.scene.text_layers()] == ["ねこまみれカフェ", "毎週土曜 10:00〜18:00", "駅前ビル2F"]
    assert all(len(line) > 1 for line in gen.scene.layer("title").lines)  # never ね | こまみれカフェ
    assert "cat" in {x.depicts for x in gen.scene.leaves() if x.kind == "object"}  # the hero picture


def test_a_picture_in_a_named_place_draws_every_quoted_text():
    gen = egaku.generate("ビーチの犬のポスター『SUMMER』『8月1日』『海の家』『入場無料』", ocr=True)
    assert [t.text for t in gen.scene.text_layers()] == ["SUMMER", "8月1日", "海の家", "入場無料"]
    assert gen.scene.layer("ground").setting == "beach"
    assert gen.report.ok, [c.detail for c in gen.report.failed()]


def test_colours_reach_things_with_big_screens_and_shading():
    import sys

    sys.path.insert(0, "tests")
    from test_compositional import judge

    for prompt, cls, colour in (
        ("a pink cell phone", "cell phone", "pink"),
        ("白いバイクの写真", "motorcycle", "white"),
        ("a red bus", "bus", "red"),
        ("a black laptop", "laptop", "black"),
    ):
        gen = egaku.generate(prompt, ocr=False, size=(384, 384))
        assert not judge(gen, {cls: 1}, [], {cls: colour}), prompt
    assert understand("a pink cell phone").kind == "illustration"  # a phone to draw, not a wallpaper
