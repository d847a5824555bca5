"""The diffusion painter on tiny random-weight pipelines (no weights, no network, no GPU).

Each pipeline (SD 1.5-style, SDXL, FLUX.1) is built from configs in ``diffusion_tiny``,
saved with ``save_pretrained`` and loaded back through egaku's own path
(``from_pretrained(folder, local_files_only=True)``); 2 steps. What they paint is noise:
what is asserted is the record, reproducibility, the locality of inpainting edits, and
that exact text composited over the painting reads back. The device is chosen as egaku
chooses it (CUDA when there is one); the reproducibility test pins the CPU.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("torch")
pytest.importorskip("diffusers")

from egaku import errors  # noqa: E402
from egaku.painting import decode_png, footprint, painting, replay  # noqa: E402
from egaku.pipeline import generate  # noqa: E402
from egaku.render.diffusion import Painter, PainterError, check_painter  # noqa: E402
from egaku.scene import RasterLayer, Scene  # noqa: E402
from egaku.session import Session  # noqa: E402

from . import diffusion_tiny  # noqa: E402

# the tiny models' schedulers divide by zero at the last sigma, and old configs are
# reported as deprecated: noise from the libraries, not from egaku
pytestmark = [
    pytest.mark.filterwarnings("ignore::RuntimeWarning:diffusers.*"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:diffusers.*"),
    pytest.mark.filterwarnings("ignore::FutureWarning"),
    pytest.mark.filterwarnings("ignore::UserWarning:diffusers.*"),
    pytest.mark.filterwarnings("ignore::UserWarning:transformers.*"),
    pytest.mark.filterwarnings("ignore::UserWarning:torch.*"),
]

KOALA = 'a koala wearing a red aloha shirt on the beach, with the title "KOALA 海へ"'


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pipelines")
    return {name: build(root / f"tiny-{name}") for name, build in diffusion_tiny.BUILDERS.items()}


def painter(folder: Path, **kw: object) -> Painter:
    p = check_painter("diffusers", str(folder), steps=2, **kw)  # type: ignore[arg-type]
    assert p is not None
    return p


@pytest.mark.parametrize(
    "family, pipeline, inpaint",
    [
        ("sd", "StableDiffusionPipeline", "StableDiffusionInpaintPipeline"),
        ("sdxl", "StableDiffusionXLPipeline", "StableDiffusionXLInpaintPipeline"),
        ("flux", "FluxPipeline", "FluxInpaintPipeline"),
        ("sd-inpaint", "StableDiffusionInpaintPipeline", "StableDiffusionInpaintPipeline"),
        ("sd3", "StableDiffusion3Pipeline", "StableDiffusion3InpaintPipeline"),
        ("qwen", "QwenImagePipeline", "QwenImageInpaintPipeline"),
    ],
)
def test_each_family_loads_from_its_folder_and_paints(
    folders: dict[str, Path], family: str, pipeline: str, inpaint: str, tmp_path: Path
) -> None:
    if family == "qwen":  # built here: only where the installed diffusers has Qwen-Image
        import diffusers

        if not hasattr(diffusers, "QwenImagePipeline"):
            pytest.skip("this diffusers has no Qwen-Image")
        folders = {"qwen": diffusion_tiny.build_qwen(tmp_path / "tiny-qwen")}
    p = painter(folders[family])
    out = p.paint("a koala on a beach", 64, 64, seed=7)
    assert out.image.size == (64, 64) and out.image.mode == "RGB"
    assert (out.pipeline, out.model, out.steps, out.seed) == (pipeline, f"tiny-{family}", 2, 7)
    assert np.asarray(out.image).std() > 0  # painted, not blank
    # a negative prompt only where guidance uses it (FLUX's guidance is distilled into the model)
    assert (out.negative_prompt == "") == (family == "flux")
    mask = Image.new("L", (64, 64), 0)
    mask.paste(255, (16, 16, 48, 48))
    again = p.inpaint(out.image, mask, "a blue shirt", seed=7)
    assert again.pipeline == inpaint and again.image.size == (64, 64)


def test_the_model_is_named_by_its_folder_or_its_hub_id(tmp_path: Path) -> None:
    snap = tmp_path / "models--stabilityai--sdxl-turbo" / "snapshots" / "0123abc"
    snap.mkdir(parents=True)
    assert Painter(model=snap).model_id == "stabilityai/sdxl-turbo"
    assert Painter(model=tmp_path / "models--stabilityai--sdxl-turbo").model_id == "models--stabilityai--sdxl-turbo"


def test_defaults_follow_the_family(folders: dict[str, Path]) -> None:
    # the tiny FLUX has no guidance embedding, as schnell: a few unguided steps
    assert Painter(model=folders["flux"]).defaults() == (4, 0.0)
    assert Painter(model=folders["sd"]).defaults() == (30, 7.5)
    assert Painter(model=folders["sd3"]).defaults() == (28, 4.5)
    assert Painter(model=folders["sdxl"], steps=3).defaults() == (3, 5.0)


def test_same_seed_same_pixels_on_cpu(folders: dict[str, Path]) -> None:
    a = painter(folders["sd"], device="cpu").paint("a red fox in the snow", 64, 64, seed=11).image
    b = painter(folders["sd"], device="cpu").paint("a red fox in the snow", 64, 64, seed=11).image  # loaded anew
    c = painter(folders["sd"], device="cpu").paint("a red fox in the snow", 64, 64, seed=12).image
    assert np.array_equal(np.asarray(a), np.asarray(b))
    assert not np.array_equal(np.asarray(a), np.asarray(c))


def test_the_raster_layer_records_what_made_it(folders: dict[str, Path]) -> None:
    p = painter(folders["sd"], device="cpu")
    gen = generate(KOALA, size=(128, 128), painter=p, ocr=False)
    layer = painting(gen.scene)
    assert isinstance(layer, RasterLayer)
    assert layer.model == "tiny-sd" and layer.pipeline == "StableDiffusionPipeline"
    assert layer.scheduler == "DDIMScheduler" and layer.steps == 2 and layer.guidance == 7.5
    assert layer.seed == gen.scene.canvas.seed and layer.device == "cpu" and layer.dtype == "float32"
    assert "koala" in layer.prompt and "aloha shirt" in layer.prompt and "beach" in layer.prompt
    assert "text" in layer.negative_prompt  # the model is asked to write nothing
    assert layer.mask == "" and layer.strength == 1.0
    png = base64.b64decode(layer.png)
    assert hashlib.sha256(png).hexdigest() == layer.sha256
    # the plan it paints stays in the scene, invisible, as footprints
    assert {"sky", "koala-body", "koala-aloha-shirt"} <= set(layer.covers)
    assert all(gen.scene.find(i).opacity == 0 for i in layer.covers)
    assert gen.scene.find("title").opacity == 1
    assert any("[paint] prompt:" in line for line in gen.trace)
    assert any("text areas kept calm" in line for line in gen.trace)
    # the painting is the image under the title: exactly its pixels where nothing is drawn over it
    img = np.asarray(gen.image.convert("RGB"))
    painted = np.asarray(decode_png(layer.png).convert("RGB"))
    title = gen.rendering.layer("title")
    free = np.ones(img.shape[:2], dtype=bool)
    free[title.y : title.y + title.image.height, title.x : title.x + title.image.width] = False
    assert np.array_equal(img[free], painted[free])
    # the scene replays: JSON → the same image, and the record paints the same pixels again
    from egaku.render import render

    again = render(Scene.from_json(gen.scene.to_json())).image
    assert np.array_equal(np.asarray(again), np.asarray(gen.rendering.image))
    other = check_painter("diffusers", str(folders["sd"]), device="cpu", steps=9, guidance=1.5)
    assert other is not None  # another painter's defaults: the record's steps and guidance win
    assert np.array_equal(np.asarray(replay(layer, other)), painted)
    fresh = generate(KOALA, size=(128, 128), painter=painter(folders["sd"], device="cpu"), ocr=False)
    assert painting(fresh.scene).sha256 == layer.sha256  # type: ignore[union-attr]


def test_svg_export_embeds_the_painting_as_data(folders: dict[str, Path]) -> None:
    gen = generate(KOALA, size=(128, 128), painter=painter(folders["sd"]), ocr=False)
    svg = gen.svg
    assert 'href="data:image/png;base64,' in svg
    assert "file:" not in svg and 'href="/' not in svg


@pytest.mark.parametrize("family", ["sd", "flux", "sd-inpaint"])
def test_an_inpainting_edit_changes_no_pixel_outside_its_mask(
    folders: dict[str, Path], family: str, tmp_path: Path
) -> None:
    p = painter(folders[family])
    sess = Session("paint", home=tmp_path)
    first = sess.generate(KOALA, size=(160, 128), painter=p, ocr=False)
    before = np.asarray(first.image.convert("RGB"))
    shirt = footprint(first.scene.find("koala-aloha-shirt"), first.scene)

    edit = sess.edit("make the shirt blue", painter=p)
    after = np.asarray(edit.image.convert("RGB"))
    layer = painting(edit.scene)
    assert layer is not None and layer.mask and layer.seed == painting(first.scene).seed  # type: ignore[union-attr]
    mask = np.asarray(decode_png(layer.mask)) > 0
    changed = (before != after).any(axis=-1)
    assert changed.any()
    assert not (changed & ~mask).any()  # bit-identical outside the mask
    assert mask[shirt].all()  # the mask covers the shirt ...
    assert mask.sum() < 0.25 * mask.size  # ... and not the picture
    assert edit.scene.find("koala-aloha-shirt").opacity == 0  # still a footprint
    if family != "sd":
        return  # (the setting's mask is the same code; one family is enough for it)

    # "only the background": everything but the subjects and the text
    bg = sess.edit("only the background: make it night", painter=p)
    mask2 = np.asarray(decode_png(painting(bg.scene).mask)) > 0  # type: ignore[union-attr]
    body = footprint(bg.scene.find("koala-body"), bg.scene)
    assert mask2.mean() > 0.5 and not (mask2 & body).any()
    changed2 = (after != np.asarray(bg.image.convert("RGB"))).any(axis=-1)
    assert not (changed2 & ~mask2).any()


def test_a_camera_change_repaints_with_the_same_seed(folders: dict[str, Path], tmp_path: Path) -> None:
    p = painter(folders["sd"])
    sess = Session("cam", home=tmp_path)
    first = sess.generate(KOALA, size=(128, 128), painter=p, ocr=False)
    moved = sess.edit("view from above", painter=p)
    a, b = painting(first.scene), painting(moved.scene)
    assert a is not None and b is not None
    assert moved.scene.camera.angle == "high" and b.seed == a.seed and b.mask == ""
    assert "from above" in b.prompt and b.prompt != a.prompt
    assert b.sha256 != a.sha256


def test_an_edit_of_a_painted_region_needs_the_painter(folders: dict[str, Path], tmp_path: Path) -> None:
    sess = Session("nopaint", home=tmp_path)
    sess.generate(KOALA, size=(128, 128), painter=painter(folders["sd"]), ocr=False)
    with pytest.raises(errors.InputError, match="--painter diffusers"):
        sess.edit("make the shirt blue")
    # a text edit needs no painter: the painting is kept as it was
    gen = sess.edit('change the title to "KOALA"')
    assert painting(gen.scene).mask == ""  # type: ignore[union-attr]


def test_text_over_a_painting_reads_back_by_ocr(folders: dict[str, Path]) -> None:
    gen = generate(
        'a fox in a snowy forest, with the title "FOX 森へ"', size=(320, 240), painter=painter(folders["sd"]), ocr=True
    )
    checks = {(c.name, c.target): c for c in gen.report.checks}
    assert checks[("ocr", "title")].ok, checks[("ocr", "title")].detail
    assert checks[("contrast", "title")].ok
    assert painting(gen.scene) is not None


def test_bad_painter_options_are_one_line(folders: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(PainterError, match="needs a model folder"):
        check_painter("diffusers", None)
    with pytest.raises(PainterError, match="not a diffusers pipeline folder"):
        check_painter("diffusers", str(tmp_path))
    with pytest.raises(PainterError, match="does not exist"):
        check_painter("diffusers", str(tmp_path / "nope"))
    with pytest.raises(errors.InputError, match="painter must be"):
        check_painter("dalle", None)
    with pytest.raises(errors.InputError, match="--model is for --painter diffusers"):
        check_painter("vector", str(folders["sd"]))
    implied = check_painter(None, str(folders["sd"]))  # a model folder alone asks for the painter
    assert implied is not None and implied.model == folders["sd"]
    with pytest.raises(errors.InputError, match="device must be"):
        check_painter("diffusers", str(folders["sd"]), device="tpu")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "model_index.json").write_text(json.dumps({"_class_name": "StableDiffusionPipeline"}))
    with pytest.raises(PainterError, match="cannot load the pipeline"):
        Painter(model=broken).paint("x", 64, 64, 0)
    r = subprocess.run(
        [sys.executable, "-m", "egaku", "generate", "a cat", "--painter", "diffusers", "--model", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "model_index.json" in r.stderr


NO_TORCH = """
import sys
sys.modules['torch'] = None  # import torch fails
sys.modules['diffusers'] = None
from egaku.pipeline import generate
from egaku.session import Session
gen = generate('a poster saying "HELLO" with a koala', size=(200, 200), ocr=False)
assert gen.report.ok, gen.report.to_dict()
s = Session('core', home=sys.argv[1])
s.generate('a poster saying "HELLO"', size=(200, 200), ocr=False)
e = s.edit('make the title blue')
assert e.changed_layers == ['title'], e.changed_layers
assert 'torch' not in sys.modules or sys.modules['torch'] is None
from egaku.cli import main
sys.exit(main(['generate', 'a cat', '--painter', 'diffusers', '--model', sys.argv[1], '-o', sys.argv[1] + '/x.png']))
"""


def test_the_core_runs_without_torch(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    r = subprocess.run(
        [sys.executable, "-c", NO_TORCH, str(tmp_path)], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert r.returncode == 2, r.stderr[-2000:]
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "egaku[diffusion]" in lines[0] and "torch" in lines[0], r.stderr
    assert not (tmp_path / "x.png").exists()


def test_painted_layer_pixels_are_placed_as_they_are() -> None:
    from egaku.render.raster import render_layer

    rng = np.random.default_rng(0)
    px = rng.integers(0, 256, (40, 50, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(px, "RGB").save(buf, format="PNG")
    data = buf.getvalue()
    layer = RasterLayer(
        id="p",
        box={"x": 10, "y": 5, "w": 50, "h": 40},  # type: ignore[arg-type]
        png=base64.b64encode(data).decode(),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    r = render_layer(layer, 100, 60)
    assert (r.x, r.y, r.image.size) == (10, 5, (50, 40))
    assert np.array_equal(np.asarray(r.image)[..., :3], px)


def test_the_cli_paints_and_edits_a_session(
    folders: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from egaku.cli import main

    monkeypatch.setenv("EGAKU_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("EGAKU_OFFLINE", "1")
    monkeypatch.setenv("EGAKU_MODEL", str(folders["sd"]))  # --model from the environment
    monkeypatch.chdir(tmp_path)
    paint = ["--painter", "diffusers", "--steps", "2", "--device", "cpu", "--json"]
    assert main(["generate", KOALA, "--size", "160x128", "--session", "k", "-o", "a.png", "--no-ocr", *paint]) == 0
    first = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    layer = next(ly for ly in first["scene"]["layers"] if ly["kind"] == "raster")
    assert layer["steps"] == 2 and layer["model"] == "tiny-sd" and layer["device"] == "cpu"
    assert main(["edit", "make the shirt blue", "--session", "k", "-o", "b.png", "--no-ocr", *paint]) == 0
    second = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert "painting" in second["changed_layers"]
    mask = np.asarray(decode_png(next(ly for ly in second["scene"]["layers"] if ly["kind"] == "raster")["mask"])) > 0
    a = np.asarray(Image.open(tmp_path / "a.png").convert("RGB"))
    b = np.asarray(Image.open(tmp_path / "b.png").convert("RGB"))
    changed = (a != b).any(axis=-1)
    assert changed.any() and not (changed & ~mask).any()
    # an edit of the painting without the painter: one line, exit 2, nothing written
    monkeypatch.delenv("EGAKU_MODEL")
    assert main(["edit", "make the shirt green", "--session", "k", "-o", "c.png"]) == 2
    assert "--painter diffusers" in capsys.readouterr().err and not (tmp_path / "c.png").exists()


def test_the_model_paints_its_native_area_and_the_canvas_gets_it_fitted(folders: dict[str, Path]) -> None:
    p = painter(folders["sd"])
    assert p.native() == 256  # the tiny UNet's 32-latent sample size × the 8× VAE
    assert Painter(model=folders["flux"]).native() == 1024
    out = p.paint("a koala", 512, 384, seed=1)
    assert out.image.size == (512, 384)
    assert out.painted_size == (288, 224)  # 4:3 within 256², whole multiples of 16
    small = p.paint("a koala", 200, 120, seed=1)
    assert small.painted_size == (192, 128) and small.image.size == (200, 120)


def test_text_on_a_busy_painting_gets_a_panel_from_the_repair_round(folders: dict[str, Path]) -> None:
    prompt = 'a watercolor of two cats under a cherry tree at sunset, title "SPRING"'
    vector = generate(prompt, size=(384, 512), ocr=False)
    assert not vector.scene.find("title").backdrop  # on the vector drawing the title needs no panel
    gen = generate(prompt, size=(384, 512), painter=painter(folders["sd"]), ocr=True)
    title = gen.scene.find("title")
    assert title.backdrop and title.backdrop_opacity > 0.5  # type: ignore[union-attr]
    assert any("repair: title: backdrop panel" in line for line in gen.trace)
    assert gen.report.ok, gen.report.to_dict()
    assert painting(gen.scene).prompt.startswith("a watercolor painting of")  # type: ignore[union-attr]


def test_adding_and_removing_a_subject_repaints_its_footprint(folders: dict[str, Path], tmp_path: Path) -> None:
    p = painter(folders["sd"])
    sess = Session("zoo", home=tmp_path)
    first = sess.generate('two cats in a park, title "CATS"', size=(256, 192), painter=p, ocr=False)
    cats = footprint(first.scene.find("cat-1"), first.scene) | footprint(first.scene.find("cat-2"), first.scene)
    added = sess.edit("add a dog", painter=p)
    dog = added.scene.find("dog-1")
    assert dog.opacity == 0 and "dog-1" in painting(added.scene).covers  # type: ignore[union-attr]
    assert "dog" in painting(added.scene).prompt  # type: ignore[union-attr]
    assert (np.asarray(decode_png(painting(added.scene).mask)) > 0)[footprint(dog, added.scene)].all()  # type: ignore[union-attr]
    removed = sess.edit("remove the cats", painter=p)
    layer = painting(removed.scene)
    assert layer is not None and "cat" not in layer.prompt and "cat-1" not in layer.covers
    mask = np.asarray(decode_png(layer.mask)) > 0
    assert mask[cats].all()
    before, after = np.asarray(added.image.convert("RGB")), np.asarray(removed.image.convert("RGB"))
    assert not ((before != after).any(axis=-1) & ~mask).any()
