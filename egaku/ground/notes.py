"""The user's own notes as a fact source: a folder of Markdown / text files, searched
with SQLite FTS5.

The index lives at ``home/notes.sqlite3`` and is brought up to date before each search:
files whose (mtime, size) changed are read again, removed files are dropped. It uses the
``trigram`` tokenizer, so any substring of three or more characters matches, which suits
Japanese (no spaces between words). Shorter terms (most two-kanji words: 会議, 東京) are
matched with LIKE over the same table. Snippets are cut around the first match in the body
(found by FTS5 ``highlight()``, or by the LIKE term).

Only ``*.md``, ``*.markdown`` and ``*.txt`` files up to 1 MiB are read; hidden files and
folders, files whose names are not UTF-8 (the index cannot hold them) and anything that is
not a regular file are skipped. The index is derived data: a corrupt one is deleted and rebuilt.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from egaku.errors import GroundError, InputError
from egaku.ground.base import Settings, Source, clean_text, utc_stamp

__all__ = ["NoteHit", "search_notes"]

SUFFIXES = (".md", ".markdown", ".txt")
MAX_FILE_BYTES = 1024 * 1024
MAX_FILES = 20_000
SNIPPET_CHARS = 160
MAX_HITS = 20

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS notes USING fts5(path UNINDEXED, title, body, tokenize = 'trigram')",
)


@dataclass(frozen=True)
class NoteHit:
    path: Path  # absolute
    title: str  # the first Markdown heading, else the file name without suffix
    snippet: str  # text around the match, ≤ 160 characters, … where cut
    source: Source  # url: file:// URI


def search_notes(query: str, settings: Settings, n: int = 3) -> list[NoteHit]:
    """Up to ``n`` notes that contain every term of ``query``, best first (may be empty)."""
    # 1. Check inputs and configuration
    terms = clean_text(query, 200).split() if query else []
    if not terms:
        raise InputError("notes query is empty; say what to look for")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_HITS:
        raise InputError(f"number of note hits must be an integer in 1..{MAX_HITS}, got {n!r}")
    if settings.notes_dir is None:
        raise GroundError("notes", "notes: no notes folder: set EGAKU_NOTES_DIR")
    folder = Path(settings.notes_dir).expanduser().resolve()
    if not folder.is_dir():
        raise GroundError("notes", f"notes: the notes folder {str(folder)!r} does not exist; fix EGAKU_NOTES_DIR")

    # 2. Bring the index up to date, then query it
    db = settings.home / "notes.sqlite3"
    try:
        return _search(db, folder, terms, n, settings)
    except sqlite3.Error as e:
        if type(e) is not sqlite3.DatabaseError:  # locked, read-only, ...: not ours to delete
            raise GroundError("notes", f"notes: cannot use the index at {str(db)!r}: {e}") from None
    except OSError as e:
        raise GroundError("notes", f"notes: cannot use the index at {str(db)!r}: {e}") from None
    # "file is not a database" / "malformed": the index is derived data, so rebuild it.
    try:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        return _search(db, folder, terms, n, settings)
    except (sqlite3.Error, OSError) as e:
        raise GroundError("notes", f"notes: cannot rebuild the index at {str(db)!r}: {e}") from None


def _search(db: Path, folder: Path, terms: list[str], n: int, settings: Settings) -> list[NoteHit]:
    db.parent.mkdir(parents=True, exist_ok=True)
    with _connect(db) as conn:
        _refresh(conn, folder)
        long_terms = [t for t in terms if len(t) >= 3]
        short_terms = [t for t in terms if len(t) < 3]
        where: list[str] = []
        args: list[str] = []
        if long_terms:
            # Each term a quoted FTS5 string: the user's text is never query syntax.
            where.append("notes MATCH ?")
            args.append(" ".join('"' + t.replace('"', '""') + '"' for t in long_terms))
        for t in short_terms:  # trigram cannot match under three characters; LIKE can
            where.append("(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')")
            pattern = "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            args += [pattern, pattern]
        if long_terms:
            # highlight() marks where FTS5 matched in the body; the snippet is cut around the
            # first mark. (snippet() counts trigram tokens and can end inside the match.)
            sql = (
                "SELECT path, title, body, highlight(notes, 2, char(2), char(3)) FROM notes "
                f"WHERE {' AND '.join(where)} ORDER BY rank LIMIT ?"
            )
        else:
            sql = f"SELECT path, title, body, NULL FROM notes WHERE {' AND '.join(where)} ORDER BY path LIMIT ?"
        rows = conn.execute(sql, (*args, n)).fetchall()
    stamp = utc_stamp(settings)
    hits = []
    for path, title, body, marked in rows:
        at = marked.find("\x02") if marked is not None else body.lower().find(short_terms[0].lower())
        p = Path(path)
        snippet = clean_text(_window(body, at), SNIPPET_CHARS)
        hits.append(NoteHit(p, title, snippet, Source("notes", p.as_uri(), title, stamp)))
    return hits


def _refresh(conn: sqlite3.Connection, folder: Path) -> None:
    """Make the index match the folder: one transaction, only changed files read."""
    on_disk = dict(_scan(folder))
    known = {path: (mtime, size) for path, mtime, size in conn.execute("SELECT path, mtime_ns, size FROM files")}
    with conn:
        for path in known.keys() - on_disk.keys():
            conn.execute("DELETE FROM notes WHERE path = ?", (path,))
            conn.execute("DELETE FROM files WHERE path = ?", (path,))
        for path, stamp in on_disk.items():
            if known.get(path) == stamp:
                continue
            try:
                with open(path, "rb") as fh:
                    text = fh.read(MAX_FILE_BYTES).decode("utf-8", errors="replace")
            except OSError:
                continue  # vanished or unreadable since the scan: try again next time
            conn.execute("DELETE FROM notes WHERE path = ?", (path,))
            conn.execute(
                "INSERT INTO notes (path, title, body) VALUES (?, ?, ?)", (path, _title(text, Path(path)), text)
            )
            conn.execute("INSERT OR REPLACE INTO files (path, mtime_ns, size) VALUES (?, ?, ?)", (path, *stamp))


def _scan(folder: Path) -> Iterator[tuple[str, tuple[int, int]]]:
    count = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            path = os.path.join(root, name)
            if not path.isascii():
                try:
                    path.encode("utf-8")  # a name that was not UTF-8 on disk holds surrogates
                except UnicodeEncodeError:
                    continue
            try:
                st = os.stat(path)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):  # a link to a device or a FIFO would never end
                continue
            if st.st_size > MAX_FILE_BYTES * 4:  # not a note; the first MiB of a big one is still read
                continue
            yield path, (st.st_mtime_ns, st.st_size)
            count += 1
            if count >= MAX_FILES:
                return


def _title(text: str, path: Path) -> str:
    m = _HEADING.search(text)
    title = clean_text(m.group(1), 120) if m else ""
    return title or clean_text(path.stem, 120) or path.name


def _window(body: str, at: int, before: int = 40, after: int = 120) -> str:
    """Text around index ``at`` (the start of the body when the match is not in it)."""
    start = max(0, at - before) if at >= 0 else 0
    end = start + before + after
    return ("…" if start else "") + body[start:end] + ("…" if end < len(body) else "")


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path, timeout=5.0)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        for statement in _SCHEMA:
            conn.execute(statement)
        yield conn
    finally:
        conn.close()
