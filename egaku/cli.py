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
from typing import NoReturn

from . import __version__
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
    s = sub.add_parser("schema", help="print the scene JSON Schema")
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
    gen = generate(
        prompt,
        size=size,
        aspect=args.aspect,
        seed=args.seed,
        ocr=not args.no_ocr,
        offline=args.offline,
        now=args.now,
        progress=progress,
    )
    progress("save")
    gen.save(out, svg=svg_path, layers=args.layers)
    progress.done()

    # 3. Report.
    if args.json:
        print(json.dumps(gen.to_json(str(out), str(svg_path) if svg_path else None), ensure_ascii=False))
    elif args.quiet:
        print(out)
    else:
        for line in gen.trace:
            print(line)
        for src in gen.sources:
            print(f"source: {src['tool']}: {src['title'] or src['url']} {src['url']} (retrieved {src['retrieved_at']})")
        t = gen.timings_ms
        print(
            f"wrote {out} ({gen.scene.canvas.width}×{gen.scene.canvas.height}) in {t['total']:.0f} ms"
            + (f", {svg_path}" if svg_path else "")
            + (f", layers in {args.layers}/" if args.layers else "")
        )
        if not gen.report.ok:
            print("warning: some checks failed; see the trace above", file=sys.stderr)
    return 0 if gen.report.ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    try:
        if args.command == "generate":
            return _generate(args)
        if args.command == "schema":
            from .scene import json_schema

            print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
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
