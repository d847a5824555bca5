"""The lookup table: folded word → candidate subjects (computed by the build, loaded at run time)."""

from __future__ import annotations

from typing import Any

from ._text import fold

__all__ = ["KEYWORD_MAX_SUBJECTS", "make_keys"]

KEYWORD_MAX_SUBJECTS = 8  # a keyword shared by more subjects than this is too vague to pick one


def make_keys(rows: list[dict[str, Any]], synonyms: dict[str, str]) -> dict[str, list[list[int]]]:
    """Entries [tier, row index], best first (by tier, then the subject's rank, then its order).
    Tiers: 0 synonym, 1 English name, 2 Japanese name, 3 alias (shortcodes, other written forms),
    4 keyword."""
    keys: dict[str, list[list[Any]]] = {}
    row_of = {r["id"]: i for i, r in enumerate(rows)}

    def add(key: str, tier: int, rank: int, order: int, sid: str) -> None:
        if not key:
            return
        lst = keys.setdefault(key, [])
        if not any(e[3] == sid and e[0] <= tier for e in lst):
            lst.append([tier, rank, order, sid])

    kw_count: dict[str, int] = {}
    for r in rows:
        if not r["variant_of"]:
            for k in {fold(x) for x in r["kw_en"] + r["kw_ja"]}:
                kw_count[k] = kw_count.get(k, 0) + 1
    for order, r in enumerate(rows):
        sid, rank = r["id"], r["rank"]
        add(fold(r["name"]), 1, rank, order, sid)
        if r["name_ja"]:
            add(fold(r["name_ja"]), 2, rank, order, sid)
        for x in r["en"] + r["ja"]:
            add(fold(x), 3, rank, order, sid)
        if not r["variant_of"]:
            for x in r["kw_en"] + r["kw_ja"]:
                k = fold(x)
                if kw_count.get(k, 0) <= KEYWORD_MAX_SUBJECTS:
                    add(k, 4, rank, order, sid)
    for k, sid in synonyms.items():
        add(k, 0, 0, row_of[sid], sid)
    return {k: [[e[0], e[2]] for e in sorted(lst)] for k, lst in sorted(keys.items())}
