"""PNG text chunks without decoding pixels: read egaku's metadata, add a chunk.

An uploaded PNG is read chunk by chunk (signature, lengths and CRCs checked), so a
request can be refused, or its scene read, without inflating a single pixel row: a
20 MiB upload of a 8192×8192 image costs no more than its bytes. Compressed text is
inflated with a bound, so a small chunk cannot expand into gigabytes.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

from ..errors import InputError

SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_TEXT = 32 * 1024 * 1024  # the most one inflated text chunk may hold (a scene is well under 1 MiB)

__all__ = ["PngMeta", "add_itxt", "read_png_meta"]


@dataclass
class PngMeta:
    """What a PNG says about itself: its size, colour type and text chunks (key → text)."""

    width: int
    height: int
    color_type: int
    text: dict[str, str] = field(default_factory=dict)
    chunks: set[str] = field(default_factory=set)  # the chunk types present

    @property
    def has_alpha(self) -> bool:
        """Whether the pixels can be transparent (an alpha channel, or a tRNS chunk)."""
        return self.color_type in (4, 6) or "tRNS" in self.chunks


def read_png_meta(data: bytes, what: str = "image", *, prefix: str = "egaku:") -> PngMeta:
    """The size and the text chunks whose key starts with ``prefix`` (tEXt, zTXt, iTXt).

    InputError, naming ``what``, when ``data`` is not a PNG or is cut short or damaged."""
    if not data.startswith(SIGNATURE):
        kind = _sniff(data)
        raise InputError(f"the {what} is not a PNG{kind}; send a PNG file")
    pos = len(SIGNATURE)
    meta: PngMeta | None = None
    while True:
        if pos + 8 > len(data):
            raise InputError(f"the {what} is cut short (no IEND chunk); send the whole PNG file")
        length, ctype = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 8 + length + 4
        if end > len(data):
            raise InputError(f"the {what} is cut short inside a {_name(ctype)} chunk; send the whole PNG file")
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(ctype + body) != crc:
            raise InputError(f"the {what} is damaged (bad checksum in its {_name(ctype)} chunk); send an intact PNG")
        if meta is None:
            if ctype != b"IHDR" or length != 13:
                raise InputError(f"the {what} is damaged (it does not start with an IHDR chunk); send an intact PNG")
            width, height, _depth, color_type = struct.unpack(">IIBB", body[:10])
            if not width or not height:
                raise InputError(f"the {what} is damaged (it says it is {width}×{height} px); send an intact PNG")
            meta = PngMeta(width, height, color_type)
        meta.chunks.add(ctype.decode("latin-1"))
        if ctype in (b"tEXt", b"zTXt", b"iTXt"):
            key, text = _text_chunk(ctype, body, what)
            if key.startswith(prefix) and key not in meta.text:
                meta.text[key] = text
        elif ctype == b"IEND":
            break
        pos = end
    return meta


def add_itxt(png: bytes, chunks: dict[str, str]) -> bytes:
    """``png`` with an iTXt chunk (zlib-compressed UTF-8) per key added just before IEND."""
    if not png.startswith(SIGNATURE) or png[-12:-8] != b"\x00\x00\x00\x00" or png[-8:-4] != b"IEND":
        raise ValueError("not a PNG that ends with IEND")
    extra = b""
    for key, text in chunks.items():
        body = key.encode("latin-1") + b"\x00\x01\x00\x00\x00" + zlib.compress(text.encode("utf-8"), 6)
        extra += struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    return png[:-12] + extra + png[-12:]


def _text_chunk(ctype: bytes, body: bytes, what: str) -> tuple[str, str]:
    key, sep, rest = body.partition(b"\x00")
    if not sep or not 1 <= len(key) <= 79:
        raise InputError(f"the {what} is damaged (a text chunk has no keyword); send an intact PNG")
    name = key.decode("latin-1")
    try:
        if ctype == b"tEXt":
            return name, rest.decode("latin-1")
        if ctype == b"zTXt":
            return name, _inflate(rest[1:], what).decode("latin-1")
        compressed, method = rest[0], rest[1]
        if compressed and method != 0:
            raise InputError(f"the {what} has a text chunk {name!r} compressed in an unknown way; save it again")
        _lang, _, rest = rest[2:].partition(b"\x00")
        _translated, _, text = rest.partition(b"\x00")
        return name, (_inflate(text, what) if compressed else text).decode("utf-8")
    except (IndexError, UnicodeDecodeError):
        raise InputError(f"the {what} has a damaged text chunk {name!r}; send an intact PNG") from None


def _inflate(data: bytes, what: str) -> bytes:
    d = zlib.decompressobj()
    try:
        out = d.decompress(data, MAX_TEXT)
    except zlib.error:
        raise InputError(f"the {what} has a text chunk that does not inflate; send an intact PNG") from None
    if d.unconsumed_tail:
        raise InputError(f"the {what} has a text chunk over {MAX_TEXT // 2**20} MiB; egaku does not read it")
    return out


def _name(ctype: bytes) -> str:
    return repr(ctype.decode("latin-1")) if ctype.isalpha() else "damaged"


def _sniff(data: bytes) -> str:
    for magic, kind in (
        (b"\xff\xd8\xff", "JPEG"),
        (b"GIF8", "GIF"),
        (b"RIFF", "WebP"),
        (b"<svg", "SVG"),
        (b"<?xml", "SVG"),
        (b"BM", "BMP"),
    ):
        if data.startswith(magic):
            return f" (it looks like a {kind})"
    return " (it is empty)" if not data else ""
