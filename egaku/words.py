"""Finding request words: one matcher for the planner, the themes and the edit rules.

Japanese words match anywhere (no spaces separate them); Latin words must stand alone,
so 'off' is not found in 'coffee' nor 'ice' in 'office'.
"""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=8192)
def word_pattern(word: str) -> re.Pattern[str]:
    """``word`` standing alone (not inside a longer Latin word), compiled once: the planner
    asks for thousands of words, more than ``re``'s own cache of 512 keeps."""
    return re.compile(rf"(?<![a-z]){re.escape(word)}(?![a-z])")


def find_word(low: str, word: str) -> int:
    """Position of ``word`` in the lower-cased text ``low``, or -1."""
    if not word.isascii():
        return low.find(word)
    if word not in low:
        return -1  # most words are absent: no pattern to compile
    m = word_pattern(word).search(low)
    return m.start() if m else -1


def has(low: str, words: tuple[str, ...]) -> str | None:
    """The one of ``words`` that appears earliest in ``low``, or None."""
    best: tuple[int, str] | None = None
    for w in words:
        i = find_word(low, w)
        if i >= 0 and (best is None or i < best[0]):
            best = (i, w)
    return best[1] if best else None


def earliest_key(low: str, table: dict[str, tuple[str, ...]]) -> str | None:
    """The key of ``table`` whose word appears earliest in ``low``, or None."""
    best: tuple[int, str] | None = None
    for key, words in table.items():
        for w in words:
            i = find_word(low, w)
            if i >= 0 and (best is None or i < best[0]):
                best = (i, key)
    return best[1] if best else None
