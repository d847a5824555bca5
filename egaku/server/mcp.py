"""``egaku mcp``: egaku as a Model Context Protocol server over stdio.

An agent (Claude Desktop, an IDE, any MCP client) draws with ``generate`` and keeps
changing the result with ``edit``, ``undo``, ``redo`` and ``checkout``, turn by turn, in
named sessions kept under egaku's home (the same store ``egaku edit`` and ``egaku chat``
use). Every image comes back inline (PNG, base64) with the reasoning trace and the
verification summary as text.

    egaku mcp [--home DIR] [--planner rules|llm|auto] [--no-ocr]
    python -m egaku.server.mcp ...

Built on the official ``mcp`` SDK (2.x, its low-level ``Server``), imported only when the
server runs: without it, ``egaku mcp`` says how to install it and exits 2. The drawing
runs in worker threads (at most :data:`DRAWERS` at once), so the event loop keeps
answering (ping, tools/list, progress) while an image is drawn. Bad input, an unknown
session and every other egaku error come back as a tool error (``isError``) with egaku's
one-line message; an ambiguous edit instruction comes back as a QUESTION, not an error.
Nothing an agent sends can stop the server.
"""

from __future__ import annotations

import argparse
import base64
import json
import logging
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .._version import __version__
from ..errors import EgakuError, InputError

if TYPE_CHECKING:
    from mcp import types as mcp_types
    from mcp.server.context import ServerRequestContext
    from mcp.server.lowlevel import Server

    from ..pipeline import Generation
    from ..session import Session

__all__ = ["INSTALL_HINT", "TOOLS", "Engine", "Reply", "build_server", "main"]

INSTALL_HINT = "egaku mcp needs: pip install 'egaku[mcp]'"
EXIT_USAGE = 2
DRAWERS = max(1, min(4, os.cpu_count() or 1))  # generate/edit calls drawing at once; the rest wait their turn
KEPT_SESSIONS = 4  # sessions whose recent renderings stay in memory (fast edits, undo and redo)
QUESTION = "QUESTION"  # the first word of an edit's question back

log = logging.getLogger("egaku.mcp")

# 1. The tools -----------------------------------------------------------------------------

_SESSION_PROP = {
    "type": "string",
    "pattern": "^[A-Za-z0-9._-]{1,64}$",
    "description": "The session's name: 1-64 ASCII letters, digits, '-', '_' or '.' (e.g. 'poster-1').",
}


@dataclass(frozen=True)
class ToolSpec:
    """One tool as agents see it: what it does, its JSON input schema and its hints."""

    title: str
    description: str
    properties: dict[str, dict[str, Any]]
    required: tuple[str, ...] = ()
    read_only: bool = False
    idempotent: bool = False
    open_world: bool = False

    @property
    def input_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": self.properties,
            "required": list(self.required),
            "additionalProperties": False,
        }


TOOLS: dict[str, ToolSpec] = {
    "generate": ToolSpec(
        title="Draw an image",
        description=(
            "Draw a designed image (poster, card, banner, wallpaper, illustration, chart, ...) from a request in "
            "English or Japanese. Text quoted in the request ('HELLO', \"SALE\", 『第50回』) is drawn exactly and "
            "then verified. Returns the PNG, the reasoning trace (what was understood and decided) and the checks. "
            "Give `session` to keep the image as turn 1 of a new named session, which `edit`, `undo`, `redo` and "
            "`checkout` continue; without it nothing is stored."
        ),
        properties={
            "prompt": {
                "type": "string",
                "minLength": 1,
                "description": "The request, e.g. \"a poster saying 'HELLO' big in the middle\" or "
                "「文化祭のポスター。真ん中に『輝け青春』と大きく」. Put the exact text to draw in quotes.",
            },
            "session": {
                **_SESSION_PROP,
                "description": "Start a new session with this name (it must not exist yet; see `sessions`), so "
                "the image can be edited later. Leave out for a one-off image.",
            },
            "size": {
                "type": "string",
                "pattern": "^\\s*[0-9]+\\s*[xX×*]\\s*[0-9]+\\s*$",
                "description": "Canvas size WIDTHxHEIGHT in pixels, 64..8192 a side, e.g. '1024x1024'. Wins over "
                "size words in the prompt. Default: from the kind of design (an A4 poster is 1240x1754).",
            },
            "aspect": {
                "type": "string",
                "description": "Aspect ratio W:H, e.g. '16:9', keeping the design's long side. Give size or "
                "aspect, not both.",
            },
        },
        required=("prompt",),
        open_world=True,  # a request about live facts (weather, news) may look them up
    ),
    "edit": ToolSpec(
        title="Edit a session's image",
        description=(
            "Change the current image of a session by an instruction in English or Japanese, e.g. 'make the title "
            "blue', 'move the title to the top', 'make the background a night sky', 「背景だけ土砂降りにして」. "
            "Only the layers the instruction touches are redrawn; every other pixel stays identical. Records a new "
            "turn and returns its image, the trace and the layers that changed. When the instruction is ambiguous "
            "nothing is changed and the result is text starting with 'QUESTION:': answer it by calling edit again "
            "with a more specific instruction."
        ),
        properties={
            "session": {**_SESSION_PROP, "description": "The session to edit (made by generate with `session`)."},
            "instruction": {
                "type": "string",
                "minLength": 1,
                "description": "What to change, e.g. 'make the title blue'. One change or a few, in plain words.",
            },
        },
        required=("session", "instruction"),
    ),
    "undo": ToolSpec(
        title="Undo the last edit",
        description="Step a session back to the turn before its current one and return that image. Nothing is "
        "deleted: `redo` steps forward again, and an edit made now branches from here.",
        properties={"session": {**_SESSION_PROP, "description": "The session to step back."}},
        required=("session",),
    ),
    "redo": ToolSpec(
        title="Redo an undone edit",
        description="Step a session forward again to the turn the last `undo` left, and return that image.",
        properties={"session": {**_SESSION_PROP, "description": "The session to step forward."}},
        required=("session",),
    ),
    "checkout": ToolSpec(
        title="Go to a turn",
        description="Make any earlier turn of a session the current one (see `history` for the turn numbers) and "
        "return its image. The next edit branches from that turn; no turn is ever lost.",
        properties={
            "session": {**_SESSION_PROP, "description": "The session."},
            "turn": {"type": "integer", "minimum": 1, "description": "The turn number to go to (from `history`)."},
        },
        required=("session", "turn"),
        idempotent=True,
    ),
    "history": ToolSpec(
        title="List a session's turns",
        description="The turns of a session as JSON, oldest first: turn number, parent turn, the instruction "
        "(the request for turn 1), the edit ops, the layers it changed, and which turn is current (head).",
        properties={"session": {**_SESSION_PROP, "description": "The session."}},
        required=("session",),
        read_only=True,
        idempotent=True,
    ),
    "sessions": ToolSpec(
        title="List the sessions",
        description="Every session as JSON, the most recently changed first: name, number of turns, current turn "
        "(head), its instruction, and when it was created and last changed.",
        properties={},
        read_only=True,
        idempotent=True,
    ),
}


def parse_args(tool: str, arguments: object) -> dict[str, Any]:
    """The arguments of a call, checked against the tool's schema (InputError, one line).

    An optional argument given as null counts as left out, and a whole number sent as
    2.0 as the number 2: what some clients send for "no value" and for an integer."""
    spec = TOOLS[tool]
    if arguments is None:
        arguments = {}
    if not isinstance(arguments, dict):
        raise InputError(f"{tool}: the arguments must be an object, not {type(arguments).__name__}")
    unknown = sorted(str(k) for k in arguments if k not in spec.properties)
    if unknown:
        takes = ", ".join(spec.properties) or "no arguments"
        raise InputError(f"{tool} takes {takes}; not {', '.join(repr(k[:40]) for k in unknown[:5])}")
    args: dict[str, Any] = {}
    for key, prop in spec.properties.items():
        value = arguments.get(key)
        if value is None:
            if key in spec.required:
                raise InputError(f"{tool} needs {key}: {prop['description']}")
            continue
        if prop["type"] == "integer":
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if not isinstance(value, int) or isinstance(value, bool):
                raise InputError(f"{tool}: {key} must be a whole number, not {json.dumps(value)[:40]}")
        elif not isinstance(value, str):
            raise InputError(f"{tool}: {key} must be a string, not {json.dumps(value)[:40]}")
        args[key] = value
    return args


# 2. The engine: the tools as plain, thread-safe calls (no MCP in here) ---------------------


@dataclass
class Reply:
    """What a tool call gives back: text, maybe a PNG, structured data, and whether it failed."""

    text: str
    png: bytes | None = None
    data: dict[str, Any] = field(default_factory=dict)
    error: bool = False


Progress = Callable[[str], None]


class Engine:
    """egaku's sessions behind the tools. Each call is synchronous (run it in a worker
    thread) and safe to make from several threads at once: the calls on one session run
    one at a time, and calls on different sessions run side by side.
    A session's recent renderings stay in memory for the last :data:`KEPT_SESSIONS`
    sessions used, so an edit, an undo or a redo does not decode its layers again."""

    def __init__(self, home: str | os.PathLike[str], *, planner: str = "auto", ocr: bool = True) -> None:
        self.home = Path(home)
        self.planner = planner
        self.ocr = ocr
        self._guard = threading.Lock()  # over the two dicts below
        self._locks: dict[str, threading.Lock] = {}
        self._kept: OrderedDict[str, Session] = OrderedDict()

    def call(self, tool: str, arguments: object, progress: Progress | None = None) -> Reply:
        """Run a tool; every error becomes an error Reply with a one-line message."""
        try:
            args = parse_args(tool, arguments)
            if tool == "generate":
                return self.generate(**args, progress=progress)
            if tool == "edit":
                return self.edit(**args, progress=progress)
            if tool in ("undo", "redo"):
                return self.move(tool, args["session"])
            if tool == "checkout":
                return self.move("checkout", args["session"], args["turn"])
            if tool == "history":
                return self.history(args["session"])
            if tool == "sessions":
                return self.sessions()
            raise InputError(f"unknown tool {tool!r}; the tools are {', '.join(TOOLS)}")
        except EgakuError as e:
            return Reply(_one_line(str(e)) or type(e).__name__, error=True)
        except Exception as e:  # a bug: say so, keep serving
            log.exception("%s failed", tool)
            return Reply(
                f"egaku failed inside {tool} ({type(e).__name__}: {_one_line(str(e))[:200]}); this is a bug; the "
                "server keeps running and its stderr has the traceback",
                error=True,
            )

    # the tools ------------------------------------------------------------------------------

    def generate(
        self,
        prompt: str,
        session: str | None = None,
        size: str | None = None,
        aspect: str | None = None,
        *,
        progress: Progress | None = None,
    ) -> Reply:
        from ..pipeline import check_generate_args, generate
        from ..understand import parse_size

        parsed = parse_size(size) if size is not None else None
        if aspect is not None:
            from ..understand.rules import parse_aspect

            parse_aspect(aspect, (1500, 1500))  # its form; the design's long side comes later
        check_generate_args(prompt, size=parsed, aspect=aspect)
        kwargs: dict[str, Any] = dict(size=parsed, aspect=aspect, ocr=self.ocr, planner=self.planner, progress=progress)
        if session is None:
            return _image_reply(generate(prompt, **kwargs), None, "generate")
        with self._session(session, must_exist=False) as sess:
            if sess.exists():
                raise InputError(
                    f"session {session!r} already exists; continue it with the edit tool, or pick a new session name"
                )
            return _image_reply(sess.generate(prompt, **kwargs), session, "generate")

    def edit(self, session: str, instruction: str, *, progress: Progress | None = None) -> Reply:
        from ..edit import EditQuestion

        with self._session(session) as sess:
            try:
                gen = sess.edit(instruction, ocr=self.ocr, planner=self.planner, progress=progress)
            except EditQuestion as q:
                head = sess.store.head(session).id
                question = _one_line(str(q))
                return Reply(
                    f"{QUESTION}: {question}\n\nNothing was changed; session {session} is still at turn {head}. "
                    "Answer by calling edit again with a more specific instruction.",
                    data={"question": question, "needs_answer": True, "session": session, "turn": head},
                )
            return _image_reply(gen, session, "edit" if gen.ops else "move")

    def move(self, how: str, session: str, turn: int | None = None) -> Reply:
        """undo, redo, or checkout ``turn``."""
        with self._session(session) as sess:
            if how == "undo":
                gen = sess.undo()
            elif how == "redo":
                gen = sess.redo()
            else:
                assert turn is not None
                gen = sess.checkout(turn)
            return _image_reply(gen, session, "move")

    def history(self, session: str) -> Reply:
        with self._session(session) as sess:
            turns = sess.history
        return Reply(json.dumps(turns, ensure_ascii=False), data={"session": session, "turns": turns})

    def sessions(self) -> Reply:
        from ..store import Store

        listing = Store(self.home, readonly=True).sessions()  # a home with no store yet has none: []
        return Reply(json.dumps(listing, ensure_ascii=False), data={"sessions": listing})

    # plumbing -------------------------------------------------------------------------------

    @contextmanager
    def _session(self, name: str, *, must_exist: bool = True) -> Iterator[Session]:
        """The session ``name``, held by this thread alone until the block ends. One that
        must exist is looked up read-only first, so a wrong name creates nothing."""
        from ..session import Session
        from ..store import Store, check_session_name

        check_session_name(name)
        with self._guard:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:
            with self._guard:
                sess = self._kept.pop(name, None)
            if sess is None:
                if must_exist:
                    Store(self.home, readonly=True).head(name)  # NoSuchSession: one line naming the known ones
                sess = Session(name, home=self.home)
            try:
                yield sess
            finally:
                with self._guard:
                    self._kept[name] = sess
                    while len(self._kept) > KEPT_SESSIONS:
                        self._kept.popitem(last=False)


def _one_line(text: str) -> str:
    return " ".join(text.split("\n")).strip()


def _checks(gen: Generation) -> str:
    report = gen.report
    failed = report.failed()
    total = len(report.checks)
    repaired = f"; {len(report.repairs)} repair(s) made" if report.repairs else ""
    if not total:
        return f"checks: none apply (no text to verify){repaired}"
    if not failed:
        return f"checks: all {total} passed{repaired}"
    detail = "; ".join(f"{c.name} {c.target}: {c.detail}" for c in failed[:5])
    return f"checks: {len(failed)} of {total} FAILED{repaired}: {detail}"


def _image_reply(gen: Generation, session: str | None, kind: str) -> Reply:
    """The image, its trace and a summary: what changed, the checks, the size, the turn."""
    png = gen.png_bytes()
    width, height = gen.scene.canvas.width, gen.scene.canvas.height
    changed = list(gen.changed_layers or []) if kind == "edit" else None
    lines = [*gen.trace, ""]
    if changed is not None:
        lines.append(f"changed layers: {', '.join(changed) or 'none'}")
    lines.append(_checks(gen))
    for src in gen.sources:
        lines.append(
            f"source: {src['tool']}: {src['title'] or src['url']} {src['url']} (retrieved {src['retrieved_at']})"
        )
    lines.append(f"image: {width}×{height} PNG, {len(png):,} bytes")
    if session is None:
        lines.append("session: none (give generate a session name to edit the image later)")
    elif kind == "move":
        lines.append(f"session: {session}, now at turn {gen.turn}")
    else:
        lines.append(f"session: {session}, turn {gen.turn}")
    data: dict[str, Any] = {
        "session": session,
        "turn": gen.turn,
        "width": width,
        "height": height,
        "checks_ok": gen.report.ok,
        "checks": gen.report.to_dict()["checks"],
    }
    if changed is not None:
        data["changed_layers"] = changed
    if gen.sources:
        data["sources"] = gen.sources
    return Reply("\n".join(lines), png=png, data=data)


# 3. The MCP server ----------------------------------------------------------------------------

INSTRUCTIONS = (
    "egaku draws designed images with exact text (English and Japanese) on this machine. Call generate with a "
    "request and a session name, then refine the image turn by turn with edit (only what the instruction names is "
    "redrawn), and move between turns with undo, redo and checkout; history and sessions list what is kept. Each "
    "image result has the PNG and a text with the trace and the checks. An edit result that starts with "
    "'QUESTION:' changed nothing: answer it with a more specific edit."
)


def build_server(engine: Engine) -> Server[Any]:
    """The low-level MCP server whose tools call ``engine`` in worker threads."""
    import anyio
    import anyio.from_thread
    import anyio.to_thread
    from mcp import types
    from mcp.server.lowlevel import Server
    from mcp.shared.exceptions import MCPError

    tools = [
        types.Tool(
            name=name,
            title=spec.title,
            description=spec.description,
            input_schema=spec.input_schema,
            annotations=types.ToolAnnotations(
                title=spec.title,
                read_only_hint=spec.read_only,
                destructive_hint=False,  # a turn is added or the head moved; nothing is ever deleted
                idempotent_hint=spec.idempotent,
                open_world_hint=spec.open_world,
            ),
        )
        for name, spec in TOOLS.items()
    ]
    drawers: list[anyio.CapacityLimiter] = []  # made in the event loop, on the first drawing call

    async def list_tools(
        ctx: ServerRequestContext[Any], params: mcp_types.PaginatedRequestParams | None
    ) -> mcp_types.ListToolsResult:
        return types.ListToolsResult(tools=tools)

    async def call_tool(
        ctx: ServerRequestContext[Any], params: mcp_types.CallToolRequestParams
    ) -> mcp_types.CallToolResult:
        if params.name not in TOOLS:
            raise MCPError(types.INVALID_PARAMS, f"unknown tool {params.name!r}; the tools are {', '.join(TOOLS)}")
        limiter = None
        if params.name in ("generate", "edit"):
            if not drawers:
                drawers.append(anyio.CapacityLimiter(DRAWERS))
            limiter = drawers[0]
        done = 0

        def progress(stage: str) -> None:  # called in the worker thread at each stage
            nonlocal done
            done += 1
            try:
                anyio.from_thread.run(ctx.session.report_progress, float(done), None, stage)
            except Exception:  # the call ended or the client left meanwhile: progress is best effort
                pass

        name, arguments = params.name, params.arguments
        reply = await anyio.to_thread.run_sync(lambda: engine.call(name, arguments, progress), limiter=limiter)
        content: list[Any] = []
        if reply.png is not None:
            content.append(
                types.ImageContent(
                    type="image", data=base64.b64encode(reply.png).decode("ascii"), mime_type="image/png"
                )
            )
        content.append(types.TextContent(type="text", text=reply.text))
        return types.CallToolResult(content=content, structured_content=reply.data or None, is_error=reply.error)

    return Server(
        "egaku",
        version=__version__,
        title="egaku (描く)",
        description="A local reasoning-to-image engine with exact Japanese and English text",
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        get_tool_input_schema=lambda name: TOOLS[name].input_schema if name in TOOLS else None,
    )


async def serve(engine: Engine) -> None:
    """Serve ``engine``'s tools over stdin and stdout until the client closes stdin."""
    from mcp.server.stdio import stdio_server

    server = build_server(engine)
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


# 4. The command -----------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, as egaku's other commands
        self.exit(EXIT_USAGE, f"egaku mcp: {message} (see 'egaku mcp --help')\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="egaku mcp",
        description="Serve egaku's tools (generate, edit, undo, redo, checkout, history, sessions) to an MCP "
        "client over stdin and stdout. Sessions live in --home, shared with egaku edit and egaku chat.",
    )
    p.add_argument(
        "--home", metavar="DIR", help="where sessions are kept (default: EGAKU_HOME, else ~/.local/share/egaku)"
    )
    p.add_argument(
        "--planner",
        choices=("rules", "llm", "auto"),
        default="auto",
        help="who reads requests and instructions: the rules, a language model (EGAKU_LLM_URL + EGAKU_LLM_MODEL, "
        "or EGAKU_LLM_GGUF), or auto: the model when one is configured (default)",
    )
    p.add_argument("--no-ocr", action="store_true", help="skip the OCR read-back check (faster)")
    return p


def _mcp_ready() -> str | None:
    """None when the MCP SDK can run the server, else the one line saying what to install."""
    try:
        import anyio  # noqa: F401
        import mcp  # noqa: F401
        from mcp.server.lowlevel import Server  # noqa: F401
    except ImportError:
        return INSTALL_HINT
    from importlib.metadata import PackageNotFoundError, version

    try:
        major = int(version("mcp").split(".")[0])
    except (PackageNotFoundError, ValueError):
        return None
    if major < 2:
        return f"egaku mcp needs mcp 2 or later (found {version('mcp')}): pip install -U 'egaku[mcp]'"
    return None


def main(argv: list[str] | None = None) -> int:
    """``egaku mcp``: serve until the client closes stdin; 2 for bad options or a missing SDK."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as e:  # --help, or a usage error (already printed)
        return e.code if isinstance(e.code, int) else (0 if e.code is None else EXIT_USAGE)
    missing = _mcp_ready()
    if missing is not None:
        print(missing, file=sys.stderr)
        return EXIT_USAGE
    from ..store.sessions import default_home

    if args.home is not None and not args.home.strip():
        print("egaku mcp: --home is empty; give a folder like ~/egaku, or leave it out", file=sys.stderr)
        return EXIT_USAGE
    home = Path(args.home).expanduser() if args.home is not None else default_home()
    if home.exists() and not home.is_dir():
        print(f"egaku mcp: --home {str(home)!r} is a file, not a folder; give a folder", file=sys.stderr)
        return EXIT_USAGE
    logging.basicConfig(level=logging.WARNING, format="egaku mcp: %(levelname)s: %(name)s: %(message)s")
    engine = Engine(home, planner=args.planner, ocr=not args.no_ocr)
    import anyio

    try:
        anyio.run(serve, engine)
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":  # python -m egaku.server.mcp
    sys.exit(main())
