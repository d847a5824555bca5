"""The command line: ``egaku generate PROMPT``, session edits, ``egaku schema``.

Bad input gets one line on stderr saying what is wrong and what to do, exit code 2,
and no traceback unless ``--debug``. Every argument is checked, and every output path,
before any work; a session's turn is recorded (or its head moved) only after the files
are written, and files are written atomically, as a set. A closed pipe on stdout
(``egaku history --json | head``) ends the command quietly.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import threading
import time
import unicodedata
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ._version import __version__
from .errors import EgakuError, InputError, OutputPathError

if TYPE_CHECKING:
    from .pipeline import Generation, Outputs, Staged

EXIT_USAGE = 2
EXIT_PIPE = 141  # what a shell reports for a command killed by SIGPIPE (128 + 13)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        self.exit(EXIT_USAGE, f"egaku: {message} (see '{self.prog} --help')\n")


# What to say when an option is given an empty value.
_EMPTY_HINTS = {
    "output": "give a file name like poster.png",
    "size": "give WIDTHxHEIGHT like 1024x1024",
    "aspect": "give W:H like 16:9",
    "layers": "give a folder name like layers/",
    "session": "give a name like poster-1",
    "now": "give a time like 2026-11-25T09:00+09:00",
    "model": "give a diffusers pipeline folder",
}


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="egaku",
        description="egaku (描く): requests in Japanese or English to designed images with exact text.",
        epilog="Each command has its own help: egaku generate --help, egaku edit --help, …",
    )
    p.add_argument("--version", action="version", version=f"egaku {__version__}", help="print the version and exit")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    def common(cmd: argparse.ArgumentParser, *, quiet: bool = True) -> None:
        cmd.add_argument("--json", action="store_true", help="print one JSON object on the last line of stdout")
        if quiet:
            cmd.add_argument("--quiet", action="store_true", help="print only the output path (or the JSON)")
        cmd.add_argument("--debug", action="store_true", help="show the traceback of an error")

    def files(cmd: argparse.ArgumentParser, default: str) -> None:
        cmd.add_argument("-o", "--output", metavar="PATH", help=f"the PNG to write (default: {default})")
        cmd.add_argument(
            "--svg", action="store_true", help="also write an SVG with live text beside the PNG (NAME.svg)"
        )
        cmd.add_argument(
            "--layers",
            metavar="DIR",
            help="also write one full-canvas RGBA PNG per layer and a manifest.json into DIR; DIR must be new, "
            "empty, or a folder an earlier --layers wrote (it is replaced as a whole)",
        )

    def planner(cmd: argparse.ArgumentParser) -> None:
        cmd.add_argument(
            "--planner",
            choices=("rules", "llm", "auto"),
            default="auto",
            help="who reads the request: the rules, a language model (EGAKU_LLM_URL + EGAKU_LLM_MODEL, or "
            "EGAKU_LLM_GGUF), or auto: the model when one is configured (default)",
        )

    def painting(cmd: argparse.ArgumentParser) -> None:
        cmd.add_argument(
            "--painter",
            choices=("vector", "diffusers"),
            help="who draws the picture: egaku's vectors (default), or a diffusion model (--model; also EGAKU_PAINTER)",
        )
        cmd.add_argument(
            "--model", metavar="DIR", help="a diffusers pipeline folder (also EGAKU_MODEL); never downloaded"
        )
        cmd.add_argument(
            "--device", choices=("auto", "cuda", "mps", "cpu"), help="where the model runs (default: auto)"
        )
        cmd.add_argument(
            "--dtype", choices=("auto", "float32", "float16", "bfloat16"), help="model precision (default: auto)"
        )
        cmd.add_argument(
            "--offload", action="store_true", help="model CPU offload for small GPUs (slower; needs accelerate)"
        )
        cmd.add_argument("--attention-slicing", action="store_true", help="attention in slices: less memory, slower")
        cmd.add_argument("--steps", type=_count(1), metavar="N", help="denoising steps (default: the model's usual)")
        cmd.add_argument("--guidance", type=float, metavar="G", help="guidance scale (default: the model's usual)")

    g = sub.add_parser("generate", help="draw an image from a request", description="Draw an image from a request.")
    g.add_argument("prompt", help="the request, e.g. 'a poster saying \"HELLO\" big in the middle'")
    files(g, "egaku-<hash>.png in the current folder")
    size = g.add_mutually_exclusive_group()
    size.add_argument(
        "--size", metavar="WxH", help="canvas size in px, 64..8192 a side, e.g. 1024x1024 (wins over words)"
    )
    size.add_argument("--aspect", metavar="W:H", help="aspect ratio, e.g. 16:9 (keeps the kind's long side)")
    g.add_argument("--seed", type=_seed, metavar="N", help="decoration seed 0..4294967295 (default: from the prompt)")
    g.add_argument("--no-ocr", action="store_true", help="skip the OCR read-back check (faster)")
    g.add_argument("--offline", action="store_true", default=None, help="make no network call (also EGAKU_OFFLINE=1)")
    g.add_argument("--now", metavar="ISO", help="fix the clock, e.g. 2026-11-25T09:00+09:00 (also EGAKU_NOW)")
    g.add_argument(
        "--session", metavar="NAME", help="record this as the first turn of a new session NAME (see 'egaku edit')"
    )
    planner(g)
    g.add_argument(
        "--no-invent", action="store_true", help="a language model may not write copy, even when the request asks"
    )
    g.add_argument("--keep-drafts", metavar="DIR", help="save each planning round's image there (draft-1.png, ...)")
    many = g.add_mutually_exclusive_group()
    many.add_argument(
        "--variants",
        type=_variant,
        metavar="N",
        help="draw N different designs (2..8): NAME-1.png … NAME-N.png and a contact sheet NAME-variants.png",
    )
    many.add_argument(
        "--pick", type=_variant, metavar="K", help="draw variant K of the request (the same as --variants drew)"
    )
    painting(g)
    common(g)

    rz = sub.add_parser(
        "resize",
        help="re-flow a design egaku made to other formats (story, banner, square, ...)",
        description="Re-flow a PNG egaku wrote to other formats: the same texts, exactly, the same picture and "
        "hierarchy, laid out again for each canvas; nothing is cropped or stretched. Writes NAME-<format>.png.",
    )
    rz.add_argument("image", help="a PNG egaku wrote (its design is in its metadata)")
    rz.add_argument("--to", required=True, metavar="LIST", help="formats, e.g. story,banner,square or 1200x628")
    rz.add_argument("-o", "--output", metavar="DIR", help="the folder to write into (default: the image's folder)")
    rz.add_argument("--no-ocr", action="store_true", help="skip the OCR read-back check (faster)")
    common(rz)

    e = sub.add_parser(
        "edit",
        help="change the latest image of a session by instruction",
        description="Change the latest image of a session by instruction. Exit 0 when the checks pass, 1 when "
        "one fails, 2 for bad input, 3 when the instruction needs a question answered.",
    )
    e.add_argument("instruction", help="what to change, e.g. 'make the title blue', 「背景だけ土砂降りにして」")
    e.add_argument("--session", metavar="NAME", required=True, help="the session to edit (see 'egaku sessions')")
    files(e, "egaku-<session>-<turn>.png in the current folder")
    e.add_argument("--no-ocr", action="store_true", help="skip the OCR read-back check (faster)")
    e.add_argument("--ocr", action="store_true", help=argparse.SUPPRESS)  # the old opt-in; OCR is on by default now
    e.add_argument("--offline", action="store_true", default=None, help="make no network call (also EGAKU_OFFLINE=1)")
    planner(e)
    painting(e)
    common(e)
    for name, helptext in (
        ("undo", "step back one turn and write that image"),
        ("redo", "step forward again and write that image"),
        ("checkout", "go to any turn (the next edit branches from it) and write that image"),
    ):
        u = sub.add_parser(name, help=helptext, description=helptext[0].upper() + helptext[1:] + ".")
        if name == "checkout":
            u.add_argument("turn", type=_turn, metavar="TURN", help="the turn number (see 'egaku history')")
        u.add_argument("--session", metavar="NAME", required=True, help="the session (see 'egaku sessions')")
        u.add_argument("-o", "--output", metavar="PATH", help="the PNG to write (default: egaku-<session>-<turn>.png)")
        common(u)

    h = sub.add_parser("history", help="list the turns of a session", description="List the turns of a session.")
    h.add_argument("--session", metavar="NAME", required=True, help="the session (see 'egaku sessions')")
    common(h, quiet=False)

    ss = sub.add_parser(
        "sessions",
        help="list the sessions in the store (name, turns, last instruction, updated)",
        description="List the sessions in the store (EGAKU_HOME), the most recently changed first.",
    )
    common(ss, quiet=False)

    c = sub.add_parser(
        "chat",
        help="interactive: a request, then edit after edit (/help lists the commands)",
        description="A request, then edit after edit. Every turn is kept in the session store as it is made. "
        "Commands: " + "; ".join(f"{k} {v}" for k, v in _CHAT_COMMANDS),
    )
    c.add_argument("--session", metavar="NAME", help="session to start or continue (default: a new chat-<date>-<time>)")
    c.add_argument("--no-ocr", action="store_true", help="skip the OCR read-back check (faster)")
    planner(c)
    c.add_argument("--debug", action="store_true", help="show the traceback of an error")

    s = sub.add_parser(
        "schema",
        help="print the scene JSON Schema (or the picture plan's, with --plan)",
        description="Print the scene JSON Schema (or the picture plan's, with --plan).",
    )
    which = s.add_mutually_exclusive_group()
    which.add_argument("--plan", action="store_true", help="the picture plan a planner writes, not the scene")
    which.add_argument("--model", action="store_true", help="the plan a language model writes (its response_format)")
    s.add_argument("--debug", action="store_true", help="show the traceback of an error")

    sv = sub.add_parser(
        "serve",
        help="serve the OpenAI-compatible Images API and the sessions API from one warm process",
        description="Serve POST /v1/images/generations and /v1/images/edits (OpenAI's Images API), the sessions "
        "API under /api and its docs at /docs, from one warm process. Needs: pip install 'egaku[serve]'.",
    )
    sv.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1, this machine)")
    sv.add_argument("--port", type=_port, default=8700, help="the port, 1..65535 (default: 8700)")
    sv.add_argument(
        "--api-key",
        metavar="KEY",
        default=os.environ.get("EGAKU_API_KEY") or None,
        help="require 'Authorization: Bearer KEY' on every request (default: EGAKU_API_KEY, else none)",
    )
    sv.add_argument("--workers", type=_count(1), default=1, help="images drawn at once (default: 1)")
    sv.add_argument("--max-queue", type=_count(0), default=8, help="requests that may wait; more get 429 (default: 8)")
    sv.add_argument("--no-ocr", action="store_true", help="skip the OCR read-back check (faster)")
    sv.add_argument("--debug", action="store_true", help="show the traceback of an error")

    mc = sub.add_parser(
        "mcp",
        help="serve the Model Context Protocol over stdio (tools: generate, edit, undo, redo, checkout, history)",
        description="Serve the Model Context Protocol over stdio, for agents: generate, edit, undo, redo, "
        "checkout, history and sessions, each returning the image and the trace. Needs: pip install 'egaku[mcp]'.",
    )
    mc.add_argument("--home", metavar="DIR", help="the session store (default: EGAKU_HOME or egaku's data folder)")
    planner(mc)
    mc.add_argument("--no-ocr", action="store_true", help="skip the OCR read-back check (faster)")
    mc.add_argument("--debug", action="store_true", help="show the traceback of an error")
    return p


def _seed(value: str) -> int:
    digits = value.strip().lstrip("+")
    if len(digits) > 20:
        raise argparse.ArgumentTypeError(f"must be 0..4294967295, got a {len(digits)}-character value")
    try:
        n = int(digits)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number 0..4294967295, got {value[:24]!r}") from None
    if not 0 <= n < 2**32:
        raise argparse.ArgumentTypeError(f"must be 0..4294967295, got {n}")
    return n


def _port(value: str) -> int:
    digits = value.strip()
    n = int(digits) if digits.isdigit() and len(digits) <= 5 else -1
    if not 1 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number 1..65535, got {value[:24]!r}")
    return n


def _variant(value: str) -> int:
    digits = value.strip()
    n = int(digits) if digits.isdigit() and len(digits) <= 2 else -1
    if not 1 <= n <= 8:
        raise argparse.ArgumentTypeError(f"must be a whole number 1..8, got {value[:24]!r}")
    return n


def _count(low: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        digits = value.strip()
        n = int(digits) if digits.isdigit() and len(digits) <= 4 else -1
        if not low <= n <= 1024:
            raise argparse.ArgumentTypeError(f"must be a whole number {low}..1024, got {value[:24]!r}")
        return n

    return parse


def _turn(value: str) -> int:
    digits = value.strip().lstrip("+")
    try:
        n = int(digits) if len(digits) <= 18 else None
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a turn number like 3, got {value[:24]!r}") from None
    if n is None or n < 1:
        raise argparse.ArgumentTypeError(f"must be a turn number from 1 (see egaku history), got {value[:24]!r}")
    return n


def _check_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Every text argument is UTF-8 text, and no option is given an empty value."""
    command = getattr(args, "command", None)
    sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    if not command or sub is None:
        return
    from .pipeline import check_text

    for action in sub.choices[command]._actions:
        value = getattr(args, action.dest, None)
        if not isinstance(value, str):
            continue
        if action.option_strings:
            opt = max(action.option_strings, key=len)
            if not value.strip():
                hint = _EMPTY_HINTS.get(action.dest, "give a value")
                raise InputError(f"{opt} is empty; {hint}, or leave the option out")
            check_text(value, opt)
        else:
            check_text(value, f"the {action.dest}")


class _Progress:
    """Stage progress on stderr. On a terminal: one live line with the stage and the time,
    redrawn while a long stage (render, write) runs. Elsewhere: one plain line for a stage
    that is still running after a few seconds (a big canvas), nothing otherwise."""

    SLOW_S = 5.0  # off a terminal, a heavy stage is reported once it has run this long
    HEAVY = ("render", "write", "verify", "edit")

    def __init__(self, enabled: bool) -> None:
        self.live = enabled and sys.stderr.isatty()
        self.plain = enabled and not self.live
        self.t0 = time.perf_counter()
        self.stage: str | None = None
        self.stage_t0 = self.t0
        self.reported = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __call__(self, stage: str) -> None:
        if not (self.live or self.plain):
            return
        with self._lock:
            self.stage, self.stage_t0, self.reported = stage, time.perf_counter(), False
        self._draw()
        if self._thread is None:
            self._thread = threading.Thread(target=self._tick, name="egaku-progress", daemon=True)
            self._thread.start()

    def _tick(self) -> None:
        while not self._stop.wait(0.25):
            self._draw()

    def _draw(self) -> None:
        with self._lock:
            stage, now = self.stage, time.perf_counter()
            if stage is None:
                return
            try:
                if self.live:
                    sys.stderr.write(f"\r\033[2K  {stage}… {now - self.t0:5.1f}s")
                    sys.stderr.flush()
                elif not self.reported and stage.startswith(self.HEAVY) and now - self.stage_t0 >= self.SLOW_S:
                    sys.stderr.write(f"egaku: still working: {stage} ({now - self.t0:.0f} s so far)\n")
                    sys.stderr.flush()
                    self.reported = True
            except (OSError, ValueError):
                self._stop.set()  # stderr went away: stay quiet

    def done(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1)
        with self._lock:
            self.stage = None
            if self.live:
                try:
                    sys.stderr.write("\r\033[2K")
                    sys.stderr.flush()
                except (OSError, ValueError):
                    pass


class _Writer:
    """Writes a command's outputs (PNG, SVG, layers folder) for a session turn: staged
    before the turn is recorded, renamed into place right after (see ``egaku.session.Write``)."""

    def __init__(
        self, args: argparse.Namespace, default: Callable[[int | None], Path], progress: _Progress | None = None
    ) -> None:
        self.output: str | None = getattr(args, "output", None)
        self.svg: bool = bool(getattr(args, "svg", False))
        self.layers: str | None = getattr(args, "layers", None)
        self.default = default
        self.progress = progress
        self.written: Outputs | None = None

    def outputs(self, turn: int | None) -> Outputs:
        from .pipeline import Outputs

        png = Path(self.output) if self.output is not None else self.default(turn)
        return Outputs(
            png=png,
            svg=png.with_suffix(".svg") if self.svg else None,
            layers=Path(self.layers) if self.layers is not None else None,
        )

    def check(self, turn: int | None) -> None:
        """Every path these outputs would go to can be written: before any work."""
        outs = self.outputs(turn)
        outs.check()
        assert outs.png is not None
        if outs.png.suffix.lower() != ".png":
            raise OutputPathError(f"output {str(outs.png)!r} must end in .png")

    def __call__(self, gen: Generation) -> _Pending:
        self.check(gen.turn)
        return _Pending(self, self.outputs(gen.turn).stage(gen, self.progress), gen)


class _Pending:
    def __init__(self, writer: _Writer, staged: Staged, gen: Generation) -> None:
        self.writer, self.staged, self.gen = writer, staged, gen

    def commit(self) -> Outputs:
        # the final names may hold the turn id, known only now
        self.writer.written = self.staged.commit(self.writer.outputs(self.gen.turn))
        return self.writer.written

    def discard(self) -> None:
        self.staged.discard()


def _generate(args: argparse.Namespace) -> int:
    from .pipeline import check_generate_args, generate
    from .understand import parse_size
    from .understand.rules import parse_aspect

    # 1. Check every input and every output path before any work.
    prompt = args.prompt
    size = parse_size(args.size) if args.size is not None else None
    if args.aspect is not None:
        parse_aspect(args.aspect, (1500, 1500))  # its form; the kind's long side comes later
    if args.now is not None:
        from .ground.base import parse_now

        parse_now(args.now, "--now")
    check_generate_args(prompt, size=size, aspect=args.aspect, seed=args.seed, now=args.now)
    painter = _painter(args)
    sess = None
    if args.session is not None:
        from .session import Session

        sess = Session(args.session)
        if sess.exists():
            raise InputError(
                f"session {args.session!r} already exists; continue it with egaku edit INSTRUCTION --session "
                f"{args.session}, or pick a new session name"
            )
    progress = _Progress(not (args.quiet or args.json))
    default = Path(f"egaku-{zlib.crc32(prompt.encode('utf-8', 'replace')):08x}.png")
    writer = _Writer(args, lambda _turn: default, progress)
    writer.check(None)

    # 2. Generate; write the files; record the turn (a session) only once they are written.
    kwargs: dict[str, Any] = dict(
        size=size,
        aspect=args.aspect,
        seed=args.seed,
        ocr=not args.no_ocr,
        offline=args.offline,
        now=args.now,
        progress=progress,
        planner=args.planner,
        no_invent=args.no_invent,
        keep_drafts=args.keep_drafts,
        painter=painter,
        variant=args.pick or 1,
    )
    try:
        if sess is not None:
            gen = sess.generate(prompt, write=writer, **kwargs)
        else:
            gen = generate(prompt, **kwargs)
            writer(gen).commit()
    finally:
        progress.done()
    assert writer.written is not None and writer.written.png is not None
    out, svg_path = writer.written.png, writer.written.svg
    if svg_path is None and gen.intent.kind in ("logo", "sticker"):  # a mark is used as vectors: its SVG too
        from .pipeline import atomic_write

        svg_path = out.with_suffix(".svg")
        atomic_write(svg_path, gen.svg.encode("utf-8"))

    # 3. Report.
    t = gen.timings_ms
    _report(
        gen,
        out,
        svg_path,
        args,
        f"wrote {out} ({gen.scene.canvas.width}×{gen.scene.canvas.height}) in {t['total']:.0f} ms"
        + (f", {svg_path}" if svg_path else "")
        + (f", layers in {args.layers}/" if args.layers else "")
        + (f" (session {args.session}, turn {gen.turn})" if args.session else ""),
    )
    return _checks_exit(gen, args)


def _variants(args: argparse.Namespace) -> int:
    """--variants N: N designs of one request and a contact sheet, checked before any work."""
    from .pipeline import atomic_write, check_generate_args, check_writable, generate_variants, variants_sheet
    from .render.raster import encode_png
    from .understand import parse_size

    if args.session is not None:
        raise InputError("--variants draws several designs; record one in a session with --pick K --session NAME")
    if args.layers or args.svg:
        raise InputError("--variants writes PNGs only; draw the one you want with --pick K and --svg or --layers")
    size = parse_size(args.size) if args.size is not None else None
    check_generate_args(args.prompt, size=size, aspect=args.aspect, seed=args.seed, now=args.now)
    base = (
        Path(args.output)
        if args.output
        else Path(f"egaku-{zlib.crc32(args.prompt.encode('utf-8', 'replace')):08x}.png")
    )
    stem = base.with_suffix("")
    paths = [Path(f"{stem}-{k}.png") for k in range(1, args.variants + 1)] + [Path(f"{stem}-variants.png")]
    for p in paths:
        check_writable(p)
    progress = _Progress(not (args.quiet or args.json))
    try:
        gens = generate_variants(
            args.prompt, args.variants, size=size, aspect=args.aspect, seed=args.seed, ocr=not args.no_ocr,
            offline=args.offline, now=args.now, progress=progress, planner=args.planner, no_invent=args.no_invent,
            painter=_painter(args),
        )  # fmt: skip
    finally:
        progress.done()
    for p, gen in zip(paths, gens):
        atomic_write(p, gen.png_bytes())
    atomic_write(paths[-1], encode_png(variants_sheet(gens), None))
    if args.json:
        print(json.dumps({"variants": [g.to_json(str(p)) for p, g in zip(paths, gens)], "sheet": str(paths[-1])},
                         ensure_ascii=False))  # fmt: skip
    elif args.quiet:
        print("\n".join(str(p) for p in paths))
    else:
        for p, gen in zip(paths, gens):
            changed = next((ln for ln in gen.trace if ln.startswith("[variants]")), "[variants] the design as it is")
            print(f"{p}: {changed.removeprefix('[variants] ')}; {checks_summary_line(gen)}")
        print(f"wrote {len(gens)} variants and {paths[-1]}; continue from one with --pick K --session NAME")
    ok = all(g.report.ok for g in gens)
    if not ok and not (args.json or args.quiet):
        print("warning: some checks failed; see the lines above", file=sys.stderr)
    return 0 if ok else 1


def checks_summary_line(gen: Any) -> str:
    line = next((ln for ln in reversed(gen.trace) if ln.startswith("[verify]")), "")
    return line.removeprefix("[verify] ")


def _resize(args: argparse.Namespace) -> int:
    """egaku resize IMAGE --to story,banner: the design re-flowed to each format."""
    from .pipeline import atomic_write, check_writable
    from .reflow import parse_targets, resize_png

    targets = parse_targets(args.to)
    src = Path(args.image)
    folder = Path(args.output) if args.output else (src.parent if str(src.parent) else Path("."))
    if args.output and not folder.is_dir():
        raise InputError(f"folder {str(folder)!r} does not exist; create it or choose another with -o")
    paths = [folder / f"{src.stem}-{kind.replace('_', '-')}.png" for kind, _w, _h in targets]
    for p in paths:
        check_writable(p)
    gens = resize_png(src, args.to, ocr=not args.no_ocr)
    for p, gen in zip(paths, gens):
        atomic_write(p, gen.png_bytes())
    if args.json:
        print(json.dumps({"resized": [g.to_json(str(p)) for p, g in zip(paths, gens)]}, ensure_ascii=False))
    elif args.quiet:
        print("\n".join(str(p) for p in paths))
    else:
        for p, gen in zip(paths, gens):
            w, h = gen.scene.canvas.width, gen.scene.canvas.height
            print(f"wrote {p} ({w}×{h}): {checks_summary_line(gen)}")
    ok = all(g.report.ok for g in gens)
    if not ok and not (args.json or args.quiet):
        print("warning: some checks failed; run with --json for the details", file=sys.stderr)
    return 0 if ok else 1


def _checks_exit(gen: Any, args: argparse.Namespace) -> int:
    """0 when every check passed, 1 (with a warning) when one failed."""
    if not (args.json or getattr(args, "quiet", False) or gen.report.ok):
        print("warning: some checks failed; see the trace above", file=sys.stderr)
    return 0 if gen.report.ok else 1


def _report(gen: Any, out: Path, svg_path: Path | None, args: argparse.Namespace, summary: str = "") -> None:
    """The JSON object, the bare path (--quiet), or the trace, the sources and a summary."""
    if args.json:
        print(json.dumps(gen.to_json(str(out), str(svg_path) if svg_path else None), ensure_ascii=False))
        return
    if args.quiet:
        print(out)
        return
    for line in gen.trace:
        print(line)
    for src in gen.sources:
        print(f"source: {src['tool']}: {src['title'] or src['url']} {src['url']} (retrieved {src['retrieved_at']})")
    if not summary:
        extra = f", changed: {', '.join(gen.changed_layers) or 'nothing'}" if gen.changed_layers is not None else ""
        summary = f"wrote {out} (turn {gen.turn}){extra}"
    print(summary)


def _session_writer(args: argparse.Namespace, progress: _Progress | None = None) -> _Writer:
    def default(turn: int | None) -> Path:
        # an edit's turn id is known only once it is recorded: stage under a stand-in name
        return Path(f"egaku-{args.session}-{turn if turn is not None else 'next'}.png")

    return _Writer(args, default, progress)


def _open_session(name: str) -> Any:
    """The session, which must exist (NoSuchSession, exit 2, when it does not)."""
    from .session import Session, default_home
    from .store import Store

    Store(default_home(), readonly=True).head(name)  # a wrong name creates nothing
    return Session(name)


def _painter(args: argparse.Namespace) -> Any:
    """The diffusion painter the options ask for (None: vectors), checked before any work."""
    from .render.diffusion import check_painter

    return check_painter(
        args.painter,
        args.model,
        device=args.device,
        dtype=args.dtype,
        offload=args.offload,
        slicing=args.attention_slicing,
        steps=args.steps,
        guidance=args.guidance,
    )


def _edit(args: argparse.Namespace) -> int:
    painter = _painter(args)
    sess = _open_session(args.session)
    progress = _Progress(not (args.quiet or args.json))
    writer = _session_writer(args, progress)
    writer.check(sess.next_turn())  # before any work
    try:
        gen = sess.edit(
            args.instruction, ocr=not args.no_ocr, write=writer, progress=progress, planner=args.planner,
            offline=args.offline, painter=painter,
        )  # fmt: skip
    finally:
        progress.done()
    assert writer.written is not None and writer.written.png is not None
    if not gen.ops:  # "undo" or "redo" said in words
        _report(gen, writer.written.png, None, args, _moved(gen, writer.written.png))
        return 0
    _report(gen, writer.written.png, writer.written.svg, args)
    return _checks_exit(gen, args)


def _moved(gen: Any, out: Path) -> str:
    return f"wrote {out} (now at turn {gen.turn})"


def _move(args: argparse.Namespace) -> int:
    sess = _open_session(args.session)
    writer = _session_writer(args)
    if args.output is not None:
        writer.check(None)  # the default name holds the turn, checked once it is known
    if args.command == "undo":
        gen = sess.undo(write=writer)
    elif args.command == "redo":
        gen = sess.redo(write=writer)
    else:
        gen = sess.checkout(args.turn, write=writer)
    assert writer.written is not None and writer.written.png is not None
    _report(gen, writer.written.png, None, args, _moved(gen, writer.written.png))
    return 0


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters take two."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` columns (with …) and padded to exactly that."""
    flat = "".join(" " if unicodedata.category(ch)[0] in "CZ" and ch != " " else ch for ch in text)
    if _width(flat) > width:
        out, used = [], 0
        for ch in flat:
            w = _width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        flat = "".join(out) + "…"
    return flat + " " * (width - _width(flat))


def _history_lines(hist: list[dict[str, Any]]) -> list[str]:
    lines = []
    for t in hist:
        mark = "*" if t["head"] else " "
        parent = f"←{t['parent']}" if t["parent"] else ""
        ops = ", ".join(o for o in t["ops"] if o) or "generate"
        lines.append(f"{mark} {t['turn']:>3} {parent:>4}  {_cell(t['instruction'], 60)}  {ops}")
    return lines


def _history(args: argparse.Namespace) -> int:
    from .session import Session

    hist = Session(args.session, readonly=True).history
    if args.json:
        print(json.dumps(hist, ensure_ascii=False))
        return 0
    for line in _history_lines(hist):
        print(line)
    return 0


def _local_time(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError, OSError):
        return stamp[:16]


def _sessions(args: argparse.Namespace) -> int:
    from .session import default_home
    from .store import Store

    listing = Store(default_home(), readonly=True).sessions()
    if args.json:
        print(json.dumps(listing, ensure_ascii=False))
        return 0
    if not listing:
        print("no sessions yet; start one with egaku generate PROMPT --session NAME (or egaku chat)")
        return 0
    name_w = max(8, *(_width(s["name"]) for s in listing))
    print(f"{_cell('session', name_w)}  turns  updated           last instruction")
    for s in listing:
        print(
            f"{_cell(s['name'], name_w)}  {s['turns']:>5}  {_local_time(s['updated_at'])}  {_cell(s['instruction'], 60).rstrip()}"
        )
    return 0


_CHAT_COMMANDS = (
    ("/undo", "step back one turn"),
    ("/redo", "step forward again"),
    ("/checkout N", "go to turn N (the next edit branches from it)"),
    ("/history", "list the turns"),
    ("/trace", "the whole trace of the last turn"),
    ("/save [PATH]", "write the current image (default: egaku-<session>.png)"),
    ("/help", "this list"),
    ("/quit", "leave (every turn is already kept in the session)"),
)


def _chat(args: argparse.Namespace) -> int:
    """A request, then edit after edit; the commands are in _CHAT_COMMANDS."""
    from .edit import EditQuestion
    from .pipeline import atomic_write, check_text
    from .session import Session

    name = args.session if args.session is not None else time.strftime("chat-%Y%m%d-%H%M%S")
    sess = Session(name)
    ocr = not args.no_ocr
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="surrogateescape")  # bad bytes become an error line, not a crash
    started = sess.exists()
    last: Any = None  # the last turn shown in this chat
    print(f"egaku chat (session {name}). First a request, then edits; /help lists the commands.")
    if started:
        head = sess.store.head(name)
        print(f"continuing session {name} at turn {head.id} ({_cell(head.instruction, 60).rstrip()}); type an edit")

    def show(gen: Any) -> None:
        for line_ in gen.trace[-3:]:
            print(" ", line_)
        if gen.changed_layers is None or gen.ops:
            changed = f", changed: {', '.join(gen.changed_layers)}" if gen.changed_layers else ""
            print(f"  turn {gen.turn}{changed}")
            if not gen.report.ok:
                print("  warning: some checks failed; /trace shows them")
        else:
            print(f"  now at turn {gen.turn}")

    while True:
        try:
            line = input("egaku> " if started else "request> ").strip()
        except EOFError:
            break
        except KeyboardInterrupt:
            print()
            break
        if not line:
            continue
        try:
            check_text(line, "that line")
            if line.startswith("/"):
                cmd, _, arg = line.partition(" ")
                arg = arg.strip()
                if cmd in ("/quit", "/exit", "/q"):
                    break
                if cmd in ("/help", "/?"):
                    for k, v in _CHAT_COMMANDS:
                        print(f"  {k:<14} {v}")
                    print("  anything else is a request (first) or an edit")
                    continue
                known = {k.split()[0] for k, _ in _CHAT_COMMANDS}
                if cmd not in known:
                    print(f"unknown command {cmd}; /help lists them")
                    continue
                if not started:
                    print(f"nothing to {cmd[1:]} yet; type a request first")
                    continue
                if cmd == "/history":
                    for h in _history_lines(sess.history):
                        print(h)
                elif cmd == "/trace":
                    trace = last.trace if last is not None else sess.store.head(name).trace
                    for t_line in trace:
                        print(" ", t_line)
                elif cmd == "/save":
                    path = Path(arg or f"egaku-{name}.png")
                    if path.suffix.lower() != ".png":
                        raise OutputPathError(f"output {str(path)!r} must end in .png")
                    atomic_write(path, sess.image_bytes())
                    print(f"saved {path} (turn {sess.store.head(name).id})")
                elif cmd == "/checkout":
                    try:
                        turn = _turn(arg)
                    except argparse.ArgumentTypeError as e:
                        raise InputError(f"/checkout N: N {e}") from None
                    last = sess.checkout(turn)
                    show(last)
                else:
                    last = sess.undo() if cmd == "/undo" else sess.redo()
                    show(last)
                continue
            if not started:
                last = sess.generate(line, ocr=ocr, planner=args.planner)
                started = True
            else:
                last = sess.edit(line, ocr=ocr, planner=args.planner)
            show(last)
        except EditQuestion as q:
            print(f"? {q}")
        except EgakuError as e:
            print(f"egaku: {e}")
        except KeyboardInterrupt:
            print("\ninterrupted; that turn was not recorded (/quit to leave)")
    if sess.exists():
        print(f"session {name} kept; continue with egaku chat --session {name}")
    else:
        print("nothing was recorded")
    return 0


def _serve(args: argparse.Namespace) -> int:
    """egaku serve: FastAPI + uvicorn on one socket, bound before the app warms up."""
    import socket

    try:
        import fastapi  # noqa: F401
        import multipart  # noqa: F401
        import uvicorn
    except ImportError:
        print("egaku serve needs: pip install 'egaku[serve]'", file=sys.stderr)
        return EXIT_USAGE
    from .server import create_app

    sock: socket.socket | None = None
    try:
        family, kind, proto, _, addr = socket.getaddrinfo(args.host, args.port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
    except (OSError, UnicodeError) as e:
        if sock is not None:
            sock.close()
        raise InputError(
            f"cannot listen on {args.host}:{args.port} ({getattr(e, 'strerror', None) or e}); "
            "choose another --port or --host"
        ) from None
    app = create_app(api_key=args.api_key, max_queue=args.max_queue, workers=args.workers, ocr=not args.no_ocr)
    host = f"[{addr[0]}]" if family == socket.AF_INET6 else addr[0]
    if not sock.getsockname()[0].startswith(("127.", "::1")) and args.api_key is None:
        print(f"egaku: warning: {host} is reachable from other machines and no --api-key is set", file=sys.stderr)
    print(f"egaku serve: http://{host}:{args.port}/ (API docs at /docs); Ctrl-C stops it", file=sys.stderr)
    with sock:
        try:
            uvicorn.Server(uvicorn.Config(app, log_level="debug" if args.debug else "info")).run(sockets=[sock])
        except KeyboardInterrupt:  # uvicorn stops cleanly on Ctrl-C, then raises it again
            pass
    print("egaku serve: stopped", file=sys.stderr)
    return 0


def _run(parser: argparse.ArgumentParser, argv: list[str] | None) -> int:
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    try:
        _check_args(parser, args)
        if args.command == "generate":
            if getattr(args, "variants", None):
                return _variants(args)
            return _generate(args)
        if args.command == "resize":
            return _resize(args)
        if args.command == "edit":
            return _edit(args)
        if args.command in ("undo", "redo", "checkout"):
            return _move(args)
        if args.command == "history":
            return _history(args)
        if args.command == "sessions":
            return _sessions(args)
        if args.command == "chat":
            return _chat(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "mcp":
            from .server.mcp import main as mcp_main

            forward = ["--planner", args.planner] + (["--home", args.home] if args.home else [])
            return mcp_main(forward + (["--no-ocr"] if args.no_ocr else []))
        if args.command == "schema":
            from .plan import plan_schema
            from .scene import json_schema

            if args.model:
                from .llm.documents import ModelPlan, schema

                doc: dict[str, Any] = schema(ModelPlan)
            else:
                doc = plan_schema() if args.plan else json_schema()
            print(json.dumps(doc, indent=2, ensure_ascii=False))
            return 0
        parser.print_help()
        return EXIT_USAGE
    except EgakuError as e:
        if debug:
            raise
        print(f"egaku: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("egaku: interrupted; nothing was written", file=sys.stderr)
        return 130


def _stdout_gone() -> int:
    """stdout's reader went away (``| head``): stop quietly, without Python's shutdown complaint."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return EXIT_PIPE


def _is_pipe_error(e: BaseException) -> bool:
    return isinstance(e, BrokenPipeError) or (isinstance(e, OSError) and e.errno == errno.EPIPE)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        try:
            code = _run(parser, argv)
        except SystemExit as e:  # argparse: --help, --version, a usage error
            sys.stdout.flush()
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else EXIT_USAGE)
        sys.stdout.flush()
        import gc

        gc.freeze()  # the interpreter's exit need not walk every object the run made (~0.2 s)
        return code
    except OSError as e:
        if _is_pipe_error(e):
            return _stdout_gone()
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
