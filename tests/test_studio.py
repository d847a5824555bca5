"""The web studio in a real headless browser (Debian's chromium, driven by Playwright).

Type a request, see the image, select a layer and edit it ("make this blue"), undo, go
back in the history strip, download the PNG; on a phone-sized screen too. The server is
``egaku serve``'s app under uvicorn on loopback; the page loads nothing from elsewhere.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from PIL import Image  # noqa: E402

from egaku.server import create_app  # noqa: E402

from .test_server import serving  # noqa: E402

CHROMIUM = os.environ.get("EGAKU_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("the studio test needs a chromium binary (apt install chromium)", allow_module_level=True)

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(create_app(home=tmp_path_factory.mktemp("studio-home"), ocr=False, warm=False)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield b
        finally:
            b.close()


def test_make_edit_undo_and_download_in_the_browser(base: str, browser: Any, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="en-US")
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
    page.goto(base + "/")
    assert page.title() == "egaku studio"

    # 1. a request makes a design
    page.fill("#input", "a poster saying 'HELLO' with a dog")
    page.press("#input", "Enter")
    page.wait_for_function("document.querySelectorAll('#history button').length === 1", timeout=60_000)
    page.wait_for_function("document.getElementById('canvas').naturalWidth > 0", timeout=30_000)
    assert page.eval_on_selector("#canvas", "i => [i.naturalWidth, i.naturalHeight]") == [1240, 1754]
    assert "HELLO" in page.inner_text("#layers")
    page.click(".msg.egaku summary")  # what egaku thought, folded open
    assert "text to draw exactly: 'HELLO'" in page.inner_text(".msg.egaku pre")

    # 1b. hide the dog: a preview drawn without it (nothing recorded), then show it again
    before = page.eval_on_selector("#canvas", "i => i.src")
    page.click("#layers li[data-id='dog'] input")
    page.wait_for_function("document.getElementById('canvas').src.includes('hide=dog')", timeout=10_000)
    page.wait_for_function("document.getElementById('canvas').complete", timeout=30_000)
    assert page.eval_on_selector("#canvas", "i => i.naturalWidth") == 1240
    page.click("#layers li[data-id='dog'] input")
    assert "hide=" not in page.eval_on_selector("#canvas", "i => i.src") and before

    # 2. select the title layer, then "make this blue": the title (and only it) changes
    page.click("#layers li[data-id='title']")
    assert page.is_visible("#mark")
    page.fill("#input", "make this blue")
    page.press("#input", "Enter")
    page.wait_for_function("document.querySelectorAll('#history button').length === 2", timeout=60_000)
    last = page.inner_text("#chat .msg.egaku:last-of-type")
    assert "changed: title" in last, last

    # 3. undo: the head goes back to turn 1; the history strip keeps both turns
    page.click("#undo")
    page.wait_for_function("document.querySelector('#history button.head').dataset.turn === '1'", timeout=30_000)

    # 4. download the PNG: the current turn's image, with its scene inside
    with page.expect_download() as dl:
        page.click("#downloads a[data-kind='image.png']")
    path = tmp_path / "dl.png"
    dl.value.save_as(path)
    img = Image.open(io.BytesIO(path.read_bytes()))
    assert img.size == (1240, 1754) and "egaku:scene" in img.info
    # 5. back to turn 2 from the history strip
    page.click("#history button[data-turn='2']")
    page.wait_for_function("document.querySelector('#history button.head').dataset.turn === '2'", timeout=30_000)
    assert outside == []  # nothing loaded from anywhere but egaku
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "studio.png"))
    page.close()


def test_questions_japanese_and_a_phone_screen(base: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ja-JP", device_scale_factor=2)
    page.goto(base + "/")
    assert page.inner_text("#send") == "送信"  # the interface follows the browser's language
    page.fill("#input", "スマホの壁紙を作って。『今日もいい日』と縦書きで")
    page.press("#input", "Enter")
    page.wait_for_function("document.querySelectorAll('#history button').length === 1", timeout=60_000)
    # an instruction egaku cannot resolve: a question, as a chat reply; nothing recorded
    page.fill("#input", "もっといい感じに")
    page.press("#input", "Enter")
    page.wait_for_selector("text=egaku からの質問", timeout=30_000)
    assert page.eval_on_selector_all("#history button", "b => b.length") == 1
    # the page fits a phone: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(DOCS / "studio-phone.png"), full_page=False)
    page.close()


def test_a_layer_hidden_in_a_preview(base: str) -> None:
    import httpx
    import numpy as np

    with httpx.Client(base_url=base, timeout=60) as http:
        r = http.post(
            "/api/sessions", json={"name": "hide", "prompt": "a poster saying 'HI' with a cat", "size": "512x512"}
        )
        assert r.status_code == 201, r.text
        full = np.asarray(
            Image.open(io.BytesIO(http.get("/api/sessions/hide/turns/head/image.png").content)).convert("RGB")
        )
        r = http.get("/api/sessions/hide/turns/head/image.png", params={"hide": "title"})
        assert r.status_code == 200
        hidden = np.asarray(Image.open(io.BytesIO(r.content)).convert("RGB"))
        scene = http.get("/api/sessions/hide/turns/head/scene.json").json()
        b = next(x for x in scene["layers"] if x["id"] == "title")["box"]
        inside = (slice(int(b["y"]), int(b["y"] + b["h"])), slice(int(b["x"]), int(b["x"] + b["w"])))
        assert (full[inside] != hidden[inside]).any()  # the title is gone from the preview
        r = http.get("/api/sessions/hide/turns/head/image.png", params={"hide": "../etc/passwd"})
        assert r.status_code == 400 and "no layer" in r.json()["error"]["message"]
        assert len(http.get("/api/sessions/hide").json()["turns"]) == 1  # a preview records nothing
