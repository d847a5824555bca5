"""egaku's exceptions, one tree.

    EgakuError                   any error egaku raises on purpose
    ├── InputError               the request or an option is wrong (CLI exit 2)
    │   ├── PromptError          empty, blank or unusable prompt
    │   ├── SizeError            malformed size / aspect, or a side outside 64..8192 px
    │   └── OutputPathError      the output cannot be written there
    ├── GlyphError               a character no shipped font covers (names the character)
    ├── LayoutError              the text cannot be fitted into its box at a legible size
    ├── AssetError               a bundled asset (font, icon) is missing or unreadable
    ├── GroundError              a tool for live facts failed (offline, timeout, bad answer); .tool
    ├── EditQuestion             an edit instruction is ambiguous: a question back (exit 3; egaku.edit)
    ├── StoreError               the session store is missing a turn or an image, or is damaged (egaku.store)
    └── VerifyError              verification could not run (e.g. OCR engine missing)

Every message is one line that says what is wrong and what to do.
"""

from __future__ import annotations


def brief(text: object, limit: int = 48) -> str:
    """``text`` quoted for a one-line message: its repr, cut in the middle with … when long,
    with its length said, so a 4,000-character quote never floods the terminal."""
    t = str(text)
    if len(t) <= limit:
        return repr(t)
    head, tail = t[: limit * 2 // 3], t[-(limit // 3) :]
    return f"{head + '…' + tail!r} ({len(t):,} characters)"


class EgakuError(Exception):
    """Base of every error egaku raises on purpose."""

    exit_code = 1


class InputError(EgakuError):
    exit_code = 2


class PromptError(InputError):
    pass


class SizeError(InputError):
    pass


class OutputPathError(InputError):
    pass


class GlyphError(EgakuError):
    exit_code = 2

    def __init__(self, char: str, text: str, face: str) -> None:
        self.char = char
        self.text = text
        self.face = face
        super().__init__(
            f"no shipped font covers {char!r} (U+{ord(char):04X}) in {brief(text)}; remove or replace that character"
        )


class LayoutError(EgakuError):
    pass


class AssetError(EgakuError):
    pass


class GroundError(EgakuError):
    """A grounding tool (weather, search, notes, clock) could not give its facts."""

    def __init__(self, tool: str, message: str) -> None:
        self.tool = tool
        super().__init__(message if message.startswith(f"{tool}:") else f"{tool}: {message}")


class VerifyError(EgakuError):
    pass
