"""egaku mcp: the MCP server over stdio, driven by the official SDK's own client.

One server process serves the whole module (``python -m egaku.server.mcp --home TMP
--no-ocr``); each test uses its own session names in it.
"""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

mcp = pytest.importorskip("mcp")

from mcp import ClientSession, MCPError, StdioServerParameters, stdio_client, types  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
POSTER = "a poster saying 'HELLO' big in the middle"
TOOLS = {"generate", "edit", "undo", "redo", "checkout", "history", "sessions"}


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mcp") / "home"


@pytest.fixture(scope="module")
def server_log(home: Path) -> Iterator[Path]:
    path = home.parent / "server.log"
    yield path
    text = path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text and "ERROR" not in text, text[-3000:]


@pytest.fixture(scope="module")
async def client(home: Path, server_log: Path) -> AsyncIterator[ClientSession]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "EGAKU_HOME": str(home.parent / "not-this-one"),  # --home wins over it
        "EGAKU_OFFLINE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }  # EGAKU_LLM_* are not passed on: the SDK hands a child only these and HOME, USER, ...
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "egaku.server.mcp", "--home", str(home), "--no-ocr"],
        env=env,
        cwd=str(ROOT),
    )
    with server_log.open("w", encoding="utf-8") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                init = await session.initialize()
                assert init.server_info.name == "egaku"
                yield session


async def call(client: ClientSession, tool: str, **arguments: Any) -> types.CallToolResult:
    return await client.call_tool(tool, arguments)


def png_of(result: types.CallToolResult) -> bytes:
    assert not result.is_error, text_of(result)
    images = [c for c in result.content if isinstance(c, types.ImageContent)]
    assert len(images) == 1 and images[0].mime_type == "image/png"
    return base64.b64decode(images[0].data)


def pixels(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as img:
        return np.asarray(img.convert("RGB")).astype(int)


def text_of(result: types.CallToolResult) -> str:
    return "\n".join(c.text for c in result.content if isinstance(c, types.TextContent))


@pytest.mark.anyio
async def test_tools_are_listed_with_schemas(client: ClientSession) -> None:
    listed = (await client.list_tools()).tools
    assert {t.name for t in listed} == TOOLS
    for tool in listed:
        schema = tool.input_schema
        assert schema["type"] == "object" and tool.description, tool.name
        assert all(p.get("description") and p.get("type") for p in schema["properties"].values()), tool.name
        assert set(schema.get("required", [])) <= set(schema["properties"])
    by_name = {t.name: t for t in listed}
    assert by_name["generate"].input_schema["required"] == ["prompt"]
    assert set(by_name["generate"].input_schema["properties"]) >= {"prompt", "session", "size"}
    assert set(by_name["edit"].input_schema["required"]) == {"session", "instruction"}
    assert by_name["checkout"].input_schema["properties"]["turn"]["type"] == "integer"
    assert by_name["history"].annotations is not None and by_name["history"].annotations.read_only_hint


@pytest.mark.anyio
async def test_generate_edit_history_undo_redo_checkout(client: ClientSession, home: Path) -> None:
    stages: list[str] = []

    async def progress(done: float, total: float | None, message: str | None) -> None:
        stages.append(message or "")

    first = await client.call_tool("generate", {"prompt": POSTER, "session": "poster"}, progress_callback=progress)
    png1 = png_of(first)
    with Image.open(io.BytesIO(png1)) as img:
        assert img.size == (1240, 1754)
    px1 = pixels(png1)
    assert px1.std() > 5 and (px1 != px1[0, 0]).any(axis=-1).mean() > 0.5  # drawn, not blank
    trace = text_of(first)
    assert "text to draw exactly: 'HELLO'" in trace
    assert "checks: all" in trace and "session: poster, turn 1" in trace
    assert first.structured_content is not None and first.structured_content["turn"] == 1
    assert first.structured_content["checks_ok"] is True
    assert "render" in " ".join(stages), stages  # progress notifications reached the client
    assert (home / "sessions.sqlite3").is_file() and not (home.parent / "not-this-one").exists()  # --home wins

    edited = await call(client, "edit", session="poster", instruction="make the title blue")
    png2 = png_of(edited)
    px2 = pixels(png2)
    assert px2.shape == px1.shape and (px2 != px1).any(axis=-1).sum() > 1000
    edit_trace = text_of(edited)
    assert "redrew 1 of" in edit_trace and "changed layers: title" in edit_trace
    assert "session: poster, turn 2" in edit_trace
    assert edited.structured_content is not None and edited.structured_content["changed_layers"] == ["title"]

    history = await call(client, "history", session="poster")
    assert not history.is_error
    turns = json.loads(text_of(history))
    assert [(t["turn"], t["parent"]) for t in turns] == [(1, None), (2, 1)]
    assert turns[1]["instruction"] == "make the title blue" and turns[1]["ops"] == ["recolor"]
    assert turns[1]["changed_layers"] == ["title"] and turns[1]["head"]

    undone = await call(client, "undo", session="poster")
    assert (pixels(png_of(undone)) == px1).all()
    assert "now at turn 1" in text_of(undone)
    redone = await call(client, "redo", session="poster")
    assert (pixels(png_of(redone)) == px2).all()
    back = await call(client, "checkout", session="poster", turn=1)
    assert png_of(back) == png1  # the stored PNG, byte for byte

    listing = json.loads(text_of(await call(client, "sessions")))
    assert {"name": "poster", "turns": 2, "head": 1} == {k: listing[0][k] for k in ("name", "turns", "head")}


@pytest.mark.anyio
async def test_generate_without_session_and_with_size(client: ClientSession) -> None:
    result = await call(client, "generate", prompt="a card saying 'HI'", size="640x480")
    with Image.open(io.BytesIO(png_of(result))) as img:
        assert img.size == (640, 480)
    assert "session: none" in text_of(result)


@pytest.mark.anyio
async def test_an_unresolvable_instruction_is_a_question(client: ClientSession) -> None:
    png_of(await call(client, "generate", prompt="Poster with 'SPRING FAIR' and 'Saturday 10am'", session="q"))
    asked = await call(client, "edit", session="q", instruction="please make it more fun")
    assert not asked.is_error and not any(isinstance(c, types.ImageContent) for c in asked.content)
    text = text_of(asked)
    assert text.startswith("QUESTION: ") and "could not tell" in text and "still at turn 1" in text
    assert asked.structured_content is not None and asked.structured_content["needs_answer"] is True
    turns = json.loads(text_of(await call(client, "history", session="q")))
    assert len(turns) == 1  # nothing recorded for a question


@pytest.mark.anyio
async def test_errors_are_tool_errors_and_the_server_keeps_serving(client: ClientSession) -> None:
    cases: list[tuple[str, dict[str, Any], str]] = [
        ("edit", {"session": "missing", "instruction": "make the title blue"}, "no session 'missing'"),
        ("undo", {"session": "missing"}, "no session 'missing'"),
        ("history", {"session": "missing"}, "no session 'missing'"),
        ("edit", {"session": "bad name!", "instruction": "x"}, "is not 1–64 characters"),
        ("edit", {"session": "errs"}, "edit needs instruction"),
        ("generate", {"prompt": "x", "size": "huge"}, "WIDTHxHEIGHT"),
        ("generate", {"prompt": "x", "size": "10x10"}, "64..8192"),
        ("generate", {"prompt": "   "}, "prompt"),
        ("generate", {"prompt": 42}, "prompt must be a string"),
        ("generate", {"prompt": "x", "colour": "red"}, "not 'colour'"),
        ("checkout", {"session": "errs", "turn": 99}, "has no turn 99"),
        ("checkout", {"session": "errs", "turn": "two"}, "turn must be a whole number"),
        ("undo", {"session": "errs"}, "nothing to undo"),
        ("redo", {"session": "errs"}, "nothing to redo"),
    ]
    png_of(await call(client, "generate", prompt="a card saying 'OOPS'", session="errs"))
    for tool, arguments, expected in cases:
        result = await client.call_tool(tool, arguments)
        assert result.is_error, (tool, arguments, text_of(result))
        message = text_of(result)
        assert expected in message and "\n" not in message and "Traceback" not in message, (tool, message)
    again = await call(client, "generate", prompt=POSTER, session="errs")
    assert again.is_error and "already exists" in text_of(again)
    with pytest.raises(MCPError, match="unknown tool"):
        await client.call_tool("paint", {})
    assert not (await call(client, "sessions")).is_error  # still serving


@pytest.mark.anyio
async def test_the_event_loop_answers_while_drawing(client: ClientSession) -> None:
    import anyio

    drawing = anyio.Event()
    times: dict[str, float] = {}

    async def progress(done: float, total: float | None, message: str | None) -> None:
        drawing.set()

    async def draw() -> None:
        await client.call_tool("generate", {"prompt": POSTER}, progress_callback=progress)
        times["drawn"] = time.perf_counter()

    async with anyio.create_task_group() as tg:
        tg.start_soon(draw)
        await drawing.wait()  # the drawing runs in a worker thread now
        await client.send_ping()
        times["pinged"] = time.perf_counter()
    assert times["pinged"] < times["drawn"]


def test_without_the_sdk_it_says_what_to_install(tmp_path: Path) -> None:
    blocker = tmp_path / "mcp.py"
    blocker.write_text("raise ImportError('no mcp here')\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "egaku.server.mcp", "--home", str(tmp_path / "h")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "egaku mcp needs: pip install 'egaku[mcp]'"
    assert done.stdout == ""
