"""egaku serve: real HTTP on loopback, with the official openai client and httpx.

Each server is uvicorn in a thread on 127.0.0.1 (a port the OS picks), serving
``create_app`` over a home folder of its own. Small canvases keep the module quick.
"""

from __future__ import annotations

import base64
import io
import json
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
pytest.importorskip("multipart")
openai = pytest.importorskip("openai")
import httpx  # noqa: E402
import uvicorn  # noqa: E402

from egaku.cli import main  # noqa: E402
from egaku.scene import Scene, TextLayer  # noqa: E402
from egaku.server import app as app_module  # noqa: E402
from egaku.server import create_app  # noqa: E402
from egaku.server.images import NO_SCENE  # noqa: E402

HELLO = "a poster saying 'HELLO'"
SIZE = "512x512"


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn from a thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", ws="none", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(create_app(home=tmp_path_factory.mktemp("serve-home"))) as url:
        yield url


@pytest.fixture(scope="module")
def client(base: str) -> Iterator[Any]:
    with openai.OpenAI(base_url=f"{base}/v1", api_key="k", max_retries=0, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def http(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def hello_png(client: Any) -> bytes:
    res = client.images.generate(prompt=HELLO, size=SIZE, model="egaku")
    return base64.b64decode(res.data[0].b64_json)


def png_scene(data: bytes) -> Scene:
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        return Scene.from_json(img.info["egaku:scene"])


def pixels(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as img:
        return np.asarray(img.convert("RGB"))


def api_error(res: httpx.Response, status: int) -> dict[str, Any]:
    """The OpenAI-shaped error of ``res``, which must have ``status``."""
    assert res.status_code == status, res.text
    assert res.headers["content-type"].startswith("application/json")
    err = res.json()["error"]
    assert set(err) == {"message", "type", "param", "code"} and err["message"]
    return err


# -- the OpenAI Images API ---------------------------------------------------------------------


def test_generate_b64_carries_the_scene(client: Any, hello_png: bytes) -> None:
    with Image.open(io.BytesIO(hello_png)) as img:
        assert img.size == (512, 512)
        img.load()
        assert "egaku:intent" in img.info and "egaku:changed" in img.info
    scene = png_scene(hello_png)
    assert (scene.canvas.width, scene.canvas.height) == (512, 512)
    assert any(getattr(layer, "text", None) == "HELLO" for layer in scene.leaves())


def test_generate_n_url_different_seeds(client: Any, http: httpx.Client) -> None:
    res = client.images.generate(prompt=HELLO, size="256x384", n=2, response_format="url", user="u", quality="high")
    assert res.size == "256x384" and len(res.data) == 2
    urls = [d.url for d in res.data]
    assert all(u and u.startswith(str(http.base_url)) and u.endswith(".png") for u in urls)
    got = [http.get(u) for u in urls]
    assert all(r.status_code == 200 and r.headers["content-type"] == "image/png" for r in got)
    assert got[0].content != got[1].content  # another seed
    assert [png_scene(r.content).canvas.width for r in got] == [256, 256]
    assert png_scene(got[0].content).canvas.seed != png_scene(got[1].content).canvas.seed


def test_generate_svg(client: Any) -> None:
    res = client.images.generate(prompt=HELLO, size="256x256", output_format="svg")
    svg = base64.b64decode(res.data[0].b64_json).decode()
    assert svg.startswith("<svg") and "HELLO" in svg


def test_bad_size_is_a_bad_request(client: Any) -> None:
    for size in ("12x12", "big", "0x100"):
        with pytest.raises(openai.BadRequestError) as e:
            client.images.generate(prompt=HELLO, size=size)
        assert e.value.status_code == 400
        err = e.value.body
        assert err["param"] == "size" and ("64..8192" in err["message"] or "WIDTHxHEIGHT" in err["message"])
    with pytest.raises(openai.BadRequestError) as e:
        client.images.generate(prompt=HELLO, n=9)
    assert e.value.body["param"] == "n"


def test_validation_errors_in_openai_shape(http: httpx.Client) -> None:
    err = api_error(http.post("/v1/images/generations", json={"size": SIZE}), 400)
    assert err["param"] == "prompt" and "required" in err["message"]
    err = api_error(http.post("/v1/images/generations", json={"prompt": "x", "response_format": "xml"}), 400)
    assert err["param"] == "response_format"
    err = api_error(http.post("/v1/images/generations", json=[1, 2]), 400)
    err = api_error(
        http.post("/v1/images/generations", content=b'{"prompt": ', headers={"content-type": "application/json"}),
        400,
    )
    assert "JSON" in err["message"]
    err = api_error(http.post("/v1/images/generations", json={"prompt": "   "}), 400)
    assert err["param"] == "prompt"


def test_edit_title_blue_changes_only_the_title(client: Any, hello_png: bytes) -> None:
    res = client.images.edit(image=("poster.png", hello_png, "image/png"), prompt="make the title blue", size="512x512")
    out = base64.b64decode(res.data[0].b64_json)
    before, after = png_scene(hello_png), png_scene(out)
    old, new = before.find("title"), after.find("title")
    assert isinstance(old, TextLayer) and isinstance(new, TextLayer) and old.fill != new.fill
    assert isinstance(new.fill, str)
    r, g, b = (int(new.fill[i : i + 2], 16) for i in (1, 3, 5))
    assert b > r and b > g  # blue
    a, z = pixels(hello_png), pixels(out)
    assert a.shape == z.shape == (512, 512, 3)
    box = old.box
    outside = np.ones(a.shape[:2], bool)
    outside[int(box.y) - 2 : int(box.bottom) + 3, int(box.x) - 2 : int(box.right) + 3] = False
    assert (a[outside] == z[outside]).all()
    assert (a != z).any()
    # an edit of the edit: the PNG carries what the next edit needs
    res = client.images.edit(image=("e.png", out, "image/png"), prompt="make it bigger", response_format="url")
    assert res.data[0].url.endswith(".png")


def test_edit_of_a_session_png_without_the_edit_context(http: httpx.Client, client: Any) -> None:
    made = http.post("/api/sessions", json={"name": "plain-1", "prompt": HELLO, "size": SIZE})
    assert made.status_code == 201, made.text
    png = http.get(made.json()["links"]["image.png"]).content
    res = client.images.edit(image=[("t.png", png, "image/png")], prompt="make the title red")  # sent as image[]
    assert png_scene(base64.b64decode(res.data[0].b64_json)).find("title") != png_scene(png).find("title")
    with pytest.raises(openai.BadRequestError) as e:
        client.images.edit(image=("t.png", png, "image/png"), prompt="make the title red", size="1024x1024")
    assert e.value.body["param"] == "size" and "512x512" in e.value.body["message"]
    with pytest.raises(openai.BadRequestError) as e:
        client.images.edit(image=("t.png", png, "image/png"), prompt="undo")
    assert "/api/sessions" in e.value.body["message"]


def test_mask_limits_the_edit(client: Any, hello_png: bytes) -> None:
    title = png_scene(hello_png).find("title").box
    corner = Image.new("RGBA", (512, 512), (0, 0, 0, 255))
    corner.paste((0, 0, 0, 0), (0, 0, 40, 40))  # transparent: only the background's corner may change
    with pytest.raises(openai.BadRequestError) as e:
        client.images.edit(image=("p.png", hello_png, "image/png"), mask=("m.png", _png(corner), "image/png"),
                           prompt="make the title blue")  # fmt: skip
    assert "title" in e.value.body["message"] and "mask" in e.value.body["message"]
    over = Image.new("RGBA", (512, 512), (0, 0, 0, 255))
    over.paste((0, 0, 0, 0), (int(title.x), int(title.y), int(title.right), int(title.bottom)))
    res = client.images.edit(image=("p.png", hello_png, "image/png"), mask=("m.png", _png(over), "image/png"),
                             prompt="make the title blue")  # fmt: skip
    assert png_scene(base64.b64decode(res.data[0].b64_json)).find("title") != png_scene(hello_png).find("title")
    with pytest.raises(openai.BadRequestError) as e:  # a mask of another size
        client.images.edit(image=("p.png", hello_png, "image/png"),
                           mask=("m.png", _png(Image.new("RGBA", (64, 64))), "image/png"), prompt="make it blue")  # fmt: skip
    assert "same size" in e.value.body["message"]


def test_edit_refuses_a_png_without_a_scene(client: Any, http: httpx.Client) -> None:
    plain = _png(Image.new("RGB", (64, 64), (200, 30, 30)))
    with pytest.raises(openai.BadRequestError) as e:
        client.images.edit(image=("plain.png", plain, "image/png"), prompt="make the title blue")
    assert e.value.body["message"] == NO_SCENE
    res = http.post("/v1/images/edits", files={"image": ("x.jpg", b"\xff\xd8\xff\xe0junk", "image/jpeg")},
                    data={"prompt": "make it blue"})  # fmt: skip
    assert "not a PNG" in api_error(res, 400)["message"]
    res = http.post("/v1/images/edits", data={"prompt": "make it blue"})
    assert api_error(res, 400)["param"] == "image"


def test_edit_question_is_a_bad_request_with_code_question(client: Any, hello_png: bytes) -> None:
    with pytest.raises(openai.BadRequestError) as e:
        client.images.edit(image=("p.png", hello_png, "image/png"), prompt="make the subtitle red")
    assert e.value.body["code"] == "question" and "subtitle" in e.value.body["message"]


# -- the native API ------------------------------------------------------------------------------


def test_session_flow(http: httpx.Client) -> None:
    res = http.post("/api/sessions", json={"name": "poster-1", "prompt": HELLO, "size": SIZE})
    assert res.status_code == 201, res.text
    first = res.json()
    assert first["turn"] == 1 and first["session"] == "poster-1"
    assert api_error(http.post("/api/sessions", json={"name": "poster-1", "prompt": HELLO}), 409)["code"]
    edit = http.post("/api/sessions/poster-1/edit", json={"instruction": "make the title blue"}).json()
    assert edit["turn"] == 2 and edit["changed_layers"] == ["title"]
    back = http.post("/api/sessions/poster-1/undo").json()
    assert back["turn"] == 1
    hist = http.get("/api/sessions/poster-1").json()
    assert [t["turn"] for t in hist["turns"]] == [1, 2] and hist["head"] == 1
    assert [t["instruction"] for t in hist["turns"]] == [HELLO, "make the title blue"]
    assert http.post("/api/sessions/poster-1/redo").json()["turn"] == 2
    assert http.post("/api/sessions/poster-1/checkout", json={"turn": 1}).json()["turn"] == 1
    assert "poster-1" in [s["name"] for s in http.get("/api/sessions").json()["sessions"]]

    turn = "/api/sessions/poster-1/turns/2"
    png = http.get(f"{turn}/image.png")
    assert png.headers["content-type"] == "image/png" and png_scene(png.content).find("title")
    assert http.get(f"{turn}/scene.json").json()["canvas"]["width"] == 512
    assert any("recolor" in line for line in http.get(f"{turn}/trace").json()["trace"])
    assert http.get(f"{turn}/report").json()["report"]["ok"] is True
    assert http.get(f"{turn}/sources").json()["sources"] == []
    assert http.get(f"{turn}/svg").text.startswith("<svg")
    z = zipfile.ZipFile(io.BytesIO(http.get("/api/sessions/poster-1/turns/head/layers.zip").content))
    manifest = json.loads(z.read("manifest.json"))
    pngs = sorted(n for n in z.namelist() if n.endswith(".png"))
    assert sorted(layer["file"] for layer in manifest["layers"]) == pngs
    assert len(pngs) == len(png_scene(png.content).leaves())
    assert [layer["z"] for layer in manifest["layers"]] == list(range(len(pngs)))
    with Image.open(io.BytesIO(z.read(pngs[0]))) as img:
        assert img.size == (512, 512) and img.mode == "RGBA"

    err = api_error(http.post("/api/sessions/poster-1/edit", json={"instruction": "make the subtitle red"}), 409)
    assert err["code"] == "question"
    err = api_error(http.post("/api/sessions/poster-1/checkout", json={"turn": 99}), 404)
    assert "no turn 99" in err["message"]
    api_error(http.post("/api/sessions/nobody/edit", json={"instruction": "make it blue"}), 404)
    api_error(http.post("/api/sessions/poster-1/edit", json={"instruction": "x", "colour": "red"}), 400)


def _events(res: httpx.Response) -> list[tuple[str, Any]]:
    events: list[tuple[str, Any]] = []
    name = ""
    for line in res.iter_lines():
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            events.append((name, json.loads(line[6:])))
    return events


def test_progress_as_server_sent_events(http: httpx.Client) -> None:
    with http.stream("POST", "/api/sessions?stream=1", json={"name": "sse-1", "prompt": HELLO, "size": SIZE}) as res:
        assert res.status_code == 200 and res.headers["content-type"].startswith("text/event-stream")
        events = _events(res)
    kinds = [k for k, _ in events]
    assert kinds[-1] == "done" and kinds.count("stage") >= 3 and set(kinds) <= {"queued", "stage", "done"}
    assert [v["stage"] for k, v in events if k == "stage"][:2] == ["understand", "compose"]
    assert events[-1][1]["turn"] == 1
    with http.stream("POST", "/api/sessions/sse-1/edit?stream=1", json={"instruction": "make the title blue"}) as res:
        events = _events(res)
    assert [k for k, _ in events][-1] == "done" and "stage" in [k for k, _ in events]
    assert events[-1][1]["turn"] == 2 and events[-1][1]["changed_layers"] == ["title"]
    with http.stream("POST", "/api/sessions/sse-1/edit?stream=1", json={"instruction": "make the subtitle red"}) as res:
        events = _events(res)
    assert events[-1][0] == "error" and events[-1][1]["status"] == 409
    assert events[-1][1]["error"]["code"] == "question"


def test_paths_never_reach_the_file_system(http: httpx.Client) -> None:
    for path in (
        "/v1/files/..%2F..%2Fetc%2Fpasswd",
        "/v1/files/%2Fetc%2Fpasswd",
        "/v1/files/passwd",
        "/v1/files/" + "0" * 64 + ".png",
        "/api/sessions/..%2Fx",
        "/api/sessions/..%2F..%2Fetc/turns/1/image.png",
        "/api/sessions/poster-1/turns/..%2F1/image.png",
    ):
        res = http.get(path)
        assert res.status_code in (400, 404), path
        assert "root:" not in res.text
        api_error(res, res.status_code)
    err = api_error(http.post("/api/sessions", json={"name": "../x", "prompt": HELLO}), 400)
    assert "session name" in err["message"]
    api_error(http.get("/api/sessions/poster-1/turns/../image.png"), 404)
    api_error(http.get("/api/sessions/a b/turns/1/trace"), 400)


def test_errors_are_json(http: httpx.Client) -> None:
    assert "/docs" in api_error(http.get("/no/such/route"), 404)["message"]
    api_error(http.delete("/v1/images/generations"), 405)
    err = api_error(http.post("/v1/images/generations", json={"prompt": "x" * 70_000}), 413)
    assert "64 KiB" in err["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"prompt": "'
        for _ in range(20):
            yield b"x" * 8192
        yield b'"}'

    res = http.post("/v1/images/generations", content=chunks(), headers={"content-type": "application/json"})
    api_error(res, 413)
    assert http.get("/openapi.json").json()["paths"]["/v1/images/edits"]
    assert http.get("/docs").status_code == 200
    assert http.get("/health").json()["ok"] is True


def test_unexpected_failure_is_a_500_in_json(http: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(app_module, "generate_images", broken)
    err = api_error(http.post("/v1/images/generations", json={"prompt": HELLO}), 500)
    assert err["type"] == "server_error" and "RuntimeError" in err["message"] and "boom" not in err["message"]


# -- keys and the queue ------------------------------------------------------------------------------


def test_api_key(tmp_path: Path) -> None:
    with serving(create_app(home=tmp_path, api_key="sekret", warm=False)) as url:
        err = api_error(httpx.get(f"{url}/api/sessions"), 401)
        assert err["code"] == "invalid_api_key"
        api_error(httpx.get(f"{url}/api/sessions", headers={"Authorization": "Bearer wrong"}), 401)
        api_error(httpx.get(f"{url}/no/route", headers={"Authorization": "Basic c2VrcmV0"}), 401)
        assert httpx.get(f"{url}/api/sessions", headers={"Authorization": "Bearer sekret"}).json() == {"sessions": []}
        assert httpx.get(f"{url}/health").status_code == 200 and httpx.get(f"{url}/openapi.json").status_code == 200
        with (
            openai.OpenAI(base_url=f"{url}/v1", api_key="wrong", max_retries=0) as c,
            pytest.raises(openai.AuthenticationError),
        ):
            c.images.generate(prompt=HELLO, size="64x64")
        with openai.OpenAI(base_url=f"{url}/v1", api_key="sekret", max_retries=0) as c:
            assert c.images.generate(prompt=HELLO, size="128x128").data[0].b64_json


def test_queue_overflow_is_429_with_retry_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real = app_module.generate_images

    def slow(*args: Any, **kwargs: Any) -> Any:
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(app_module, "generate_images", slow)
    with serving(create_app(home=tmp_path, max_queue=1, workers=1, warm=False)) as url:
        body = {"prompt": HELLO, "size": "64x64"}
        results: list[httpx.Response] = []
        threads = [
            threading.Thread(target=lambda: results.append(httpx.post(f"{url}/v1/images/generations", json=body, timeout=60)))
            for _ in range(2)
        ]  # fmt: skip
        for t in threads:
            t.start()
        deadline = time.monotonic() + 10
        while httpx.get(f"{url}/health").json()["queue"] != {"workers": 1, "running": 1, "waiting": 1, "max_queue": 1}:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        res = httpx.post(f"{url}/v1/images/generations", json=body)
        err = api_error(res, 429)
        assert int(res.headers["retry-after"]) >= 1 and err["code"] == "queue_full"
        res = httpx.post(f"{url}/api/sessions?stream=1", json={"prompt": HELLO})
        api_error(res, 429)
        release.set()
        for t in threads:
            t.join(60)
        assert [r.status_code for r in results] == [200, 200]


# -- the command ---------------------------------------------------------------------------------------


def test_serve_command_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["serve", "--help"]) == 0
    assert "--api-key" in capsys.readouterr().out
    for bad in (["--port", "0"], ["--port", "70000"], ["--port", "http"], ["--workers", "0"], ["--api-key", ""]):
        assert main(["serve", *bad]) == 2, bad
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("egaku:")
    monkeypatch.setitem(sys.modules, "fastapi", None)  # as if the extra were not installed
    assert main(["serve"]) == 2
    assert capsys.readouterr().err == "egaku serve needs: pip install 'egaku[serve]'\n"


def test_serve_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert main(["serve", "--port", str(taken.getsockname()[1])]) == 2
    assert "choose another --port" in capsys.readouterr().err


def test_import_egaku_does_not_import_fastapi() -> None:
    code = "import sys, egaku, egaku.server, egaku.cli; assert 'fastapi' not in sys.modules, 'fastapi imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()
