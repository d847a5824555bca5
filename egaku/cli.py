"""The command line: ``egaku generate PROMPT`` and ``egaku schema``.

Bad input gets one line on stderr saying what is wrong and what to do, exit code 2,
and no traceback unless ``--debug``. Files are written atomically.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from pathlib import Path
from typing import Any, NoReturn

from ._version import __version__
from .errors import EgakuError, InputError

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        self.exit(EXIT_USAGE, f"egaku: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="egaku", description="egaku (描く): requests in Japanese or English to designed images with exact text."
    )
    p.add_argument("--version", action="version", version=f"egaku {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    g = sub.add_parser("generate", help="draw an image from a request")
    g.add_argument("prompt", help="the request, e.g. 'a poster saying \"HELLO\" big in the middle'")
    g.add_argument("-o", "--output", metavar="PATH", help="PNG to write (default: egaku-<hash>.png)")
    size = g.add_mutually_exclusive_group()
    size.add_argument("--size", metavar="WxH", help="canvas size in px, e.g. 1024x1024 (wins over words)")
    size.add_argument("--aspect", metavar="W:H", help="aspect ratio, e.g. 16:9 (keeps the kind's long side)")
    g.add_argument("--seed", type=_seed, help="decoration seed (default: derived from the prompt)")
    g.add_argument("--svg", action="store_true", help="also write an SVG with live text beside the PNG")
    g.add_argument("--layers", metavar="DIR", help="also write one full-canvas RGBA PNG per layer into DIR")
    g.add_argument("--json", action="store_true", help="print one JSON object on the last line")
    g.add_argument("--no-ocr", action="store_true", help="skip the OCR read-back check")
    g.add_argument("--offline", action="store_true", default=None, help="make no network call (also EGAKU_OFFLINE=1)")
    g.add_argument("--now", metavar="ISO", help="fix the clock, e.g. 2026-11-25T09:00+09:00 (also EGAKU_NOW)")
    g.add_argument("--quiet", action="store_true", help="print only the output path (or the JSON)")
    g.add_argument("--debug", action="store_true", help="show tracebacks")
    g.add_argument("--session", metavar="NAME", help="record this as the first turn of session NAME (see 'egaku edit')")

    e = sub.add_parser("edit", help="change the last image of a session by instruction")
    e.add_argument("instruction", help="e.g. 'make the title blue', 「背景だけ土砂降りにして」")
    e.add_argument("--session", metavar="NAME", required=True)
    e.add_argument("-o", "--output", metavar="PATH", help="PNG to write (default: egaku-<session>-<turn>.png)")
    e.add_argument("--svg", action="store_true", help="also write an SVG with live text beside the PNG")
    e.add_argument("--layers", metavar="DIR", help="also write one full-canvas RGBA PNG per layer into DIR")
    e.add_argument("--json", action="store_true", help="print one JSON object on the last line")
    e.add_argument("--ocr", action="store_true", help="read the text back with OCR after the edit")
    e.add_argument("--quiet", action="store_true")
    e.add_argument("--debug", action="store_true", help="show tracebacks")
    for name, helptext in (
        ("undo", "step back one turn"),
        ("redo", "step forward again"),
        ("checkout", "go to a turn"),
    ):
        u = sub.add_parser(name, help=helptext)
        if name == "checkout":
            u.add_argument("turn", type=int)
        u.add_argument("--session", metavar="NAME", required=True)
        u.add_argument("-o", "--output", metavar="PATH")
        u.add_argument("--json", action="store_true")
        u.add_argument("--quiet", action="store_true")
        u.add_argument("--debug", action="store_true", help="show tracebacks")
    h = sub.add_parser("history", help="list the turns of a session")
    h.add_argument("--session", metavar="NAME", required=True)
    h.add_argument("--json", action="store_true")
    h.add_argument("--debug", action="store_true", help="show tracebacks")
    c = sub.add_parser("chat", help="interactive: a prompt, then edit after edit (/undo, /redo, /history, /save PATH)")
    c.add_argument("--session", metavar="NAME", help="session name (default: chat-<time>)")
    c.add_argument("--debug", action="store_true", help="show tracebacks")

    s = sub.add_parser("schema", help="print the scene JSON Schema (or the picture plan's, with --plan)")
    s.add_argument("--plan", action="store_true", help="the picture plan a planner writes, not the scene")
    s.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return p


def _seed(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed must be a whole number, got {value!r}") from None
    if not 0 <= n < 2**32:
        raise argparse.ArgumentTypeError(f"--seed must be 0..4294967295, got {n}")
    return n


class _Progress:
    """A one-line progress display on a terminal (stderr); silent otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.t0 = time.perf_counter()

    def __call__(self, stage: str) -> None:
        if self.enabled:
            sys.stderr.write(f"\r\033[2K  {stage}… {time.perf_counter() - self.t0:5.1f}s")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[2K")
            sys.stderr.flush()


def _generate(args: argparse.Namespace) -> int:
    from .pipeline import check_writable, generate
    from .understand import parse_size

    # 1. Check inputs before any work.
    size = parse_size(args.size) if args.size else None
    prompt = args.prompt
    out = Path(args.output) if args.output else Path(f"egaku-{zlib.crc32(prompt.encode('utf-8', 'replace')):08x}.png")
    check_writable(out)
    if out.suffix.lower() != ".png":
        raise InputError(f"output {str(out)!r} must end in .png")
    svg_path = out.with_suffix(".svg") if args.svg else None

    # 2. Generate and save.
    progress = _Progress(not (args.quiet or args.json))
    kwargs: dict[str, Any] = dict(
        size=size,
        aspect=args.aspect,
        seed=args.seed,
        ocr=not args.no_ocr,
        offline=args.offline,
        now=args.now,
        progress=progress,
    )
    if args.session:
        from .session import Session

        gen = Session(args.session).generate(prompt, **kwargs)
    else:
        gen = generate(prompt, **kwargs)
    progress("save")
    gen.save(out, svg=svg_path, layers=args.layers)
    progress.done()

    # 3. Report.
    t = gen.timings_ms
    _report(
        gen,
        out,
        svg_path,
        args,
        f"wrote {out} ({gen.scene.canvas.width}×{gen.scene.canvas.height}) in {t['total']:.0f} ms"
        + (f", {svg_path}" if svg_path else "")
        + (f", layers in {args.layers}/" if args.layers else ""),
    )
    if not (args.json or args.quiet or gen.report.ok):
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


def _session_out(args: argparse.Namespace, session: str, turn: int | None) -> Path:
    from .pipeline import check_writable

    out = Path(args.output) if getattr(args, "output", None) else Path(f"egaku-{session}-{turn}.png")
    check_writable(out)
    if out.suffix.lower() != ".png":
        raise InputError(f"output {str(out)!r} must end in .png")
    return out


def _edit(args: argparse.Namespace) -> int:
    from .session import Session

    sess = Session(args.session)
    if args.output:
        _session_out(args, args.session, 0)  # check before any work
    gen = sess.edit(args.instruction, ocr=args.ocr)
    out = _session_out(args, args.session, gen.turn)
    svg_path = out.with_suffix(".svg") if args.svg else None
    gen.save(out, svg=svg_path, layers=args.layers)
    _report(gen, out, svg_path, args)
    return 0


def _move(args: argparse.Namespace) -> int:
    from .session import Session

    sess = Session(args.session)
    gen = {"undo": sess.undo, "redo": sess.redo}.get(args.command, lambda: sess.checkout(args.turn))()
    out = _session_out(args, args.session, gen.turn)
    gen.save(out)
    _report(gen, out, None, args)
    return 0


def _history(args: argparse.Namespace) -> int:
    from .session import Session

    hist = Session(args.session).history
    if args.json:
        print(json.dumps(hist, ensure_ascii=False))
        return 0
    for t in hist:
        mark = "*" if t["head"] else " "
        parent = f"←{t['parent']}" if t["parent"] else "  "
        print(f"{mark} {t['turn']:>3} {parent:>4}  {t['instruction'][:60]:60s}  {', '.join(t['ops']) or 'generate'}")
    return 0


def _chat(args: argparse.Namespace) -> int:
    """A prompt, then edit after edit; /undo, /redo, /history, /save PATH, /quit."""
    from .edit import EditQuestion
    from .session import Session

    name = args.session or time.strftime("chat-%Y%m%d-%H%M%S")
    sess = Session(name)
    started = False
    print(f"egaku chat (session {name}). First a request, then edits. /undo /redo /history /save PATH /quit")
    while True:
        try:
            line = input("egaku> " if started else "request> ").strip()
        except EOFError:
            break
        if not line:
            continue
        try:
            if line in ("/quit", "/exit"):
                break
            if line == "/history":
                for t in sess.history:
                    print(f"{'*' if t['head'] else ' '} {t['turn']:>3}  {t['instruction']}")
                continue
            if line.startswith("/save"):
                path = Path(line[5:].strip() or f"egaku-{name}.png")
                from .pipeline import atomic_write

                atomic_write(path, sess.image_bytes())
                print(f"saved {path}")
                continue
            if line in ("/undo", "/redo"):
                gen = sess.undo() if line == "/undo" else sess.redo()
            elif not started:
                gen = sess.generate(line, ocr=False)
                started = True
            else:
                gen = sess.edit(line)
            for line_ in gen.trace[-3:]:
                print(" ", line_)
            print(f"  turn {gen.turn}" + (f", changed: {', '.join(gen.changed_layers)}" if gen.changed_layers else ""))
        except EditQuestion as q:
            print(f"? {q}")
        except EgakuError as e:
            print(f"egaku: {e}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    try:
        if args.command == "generate":
            return _generate(args)
        if args.command == "edit":
            return _edit(args)
        if args.command in ("undo", "redo", "checkout"):
            return _move(args)
        if args.command == "history":
            return _history(args)
        if args.command == "chat":
            return _chat(args)
        if args.command == "schema":
            from .plan import plan_schema
            from .scene import json_schema

            print(json.dumps(plan_schema() if args.plan else json_schema(), indent=2, ensure_ascii=False))
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
