"""The session store: conversational editing as a durable tree of turns.

A session is a tree of turns — a generate, then edits, each edit a child of the turn it
edited. Undo, redo and checkout only move the session's head; editing from an earlier turn
makes a sibling branch. Several sessions live side by side in one home folder::

    home/
    ├── sessions.sqlite3         turns and heads (WAL journal)
    └── blobs/ab/cdef…           PNG bytes named by their sha256 (final image, layer crops)

Durability, in the order things hit the disk:

1. every blob a turn names is written to a temp file in its final folder, fsynced, renamed
   into place with ``os.replace`` and the folder fsynced;
2. only then ONE transaction inserts the turn row and moves the session head to it.

So a row never names a missing or half-written image. SIGKILL at any instant loses at most
the turn being written; what it leaves behind is an orphan ``*.tmp`` file or an unreferenced
blob, which readers ignore and :meth:`Store.gc` removes once it is an hour old.

``synchronous=FULL``: in WAL mode NORMAL already survives a killed process, but after a
power cut it may drop the last commits. A turn costs a few blob fsyncs anyway, so one more
fsync of the WAL on commit is cheap, and a turn the user saw saved stays saved.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import EgakuError, InputError

__all__ = ["SCHEMA_VERSION", "Store", "StoreError", "Turn"]

SCHEMA_VERSION = 1  # PRAGMA user_version of sessions.sqlite3
BUSY_TIMEOUT_MS = 10_000  # how long a writer waits for another process's transaction
GC_AGE_S = 3600.0  # gc() leaves younger files alone: a live writer may be about to name them

_SESSION_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_SCHEMA = """
CREATE TABLE turns (
    session      TEXT    NOT NULL,
    id           INTEGER NOT NULL,          -- 1, 2, 3 … per session, in creation order
    parent       INTEGER,                   -- NULL for the session's first turn
    instruction  TEXT    NOT NULL,
    ops_json     TEXT    NOT NULL,          -- JSON list of edit ops
    scene_json   TEXT    NOT NULL,
    intent_json  TEXT    NOT NULL,
    image_sha256 TEXT    NOT NULL,          -- blobs/<sha[:2]>/<sha[2:]>
    layers_json  TEXT    NOT NULL,          -- {layer id: {"sha256", "x", "y"}}
    changed_json TEXT    NOT NULL,          -- JSON list of layer ids
    trace_json   TEXT    NOT NULL,          -- JSON list of strings
    created_at   TEXT    NOT NULL,          -- ISO 8601 UTC
    PRIMARY KEY (session, id),
    FOREIGN KEY (session, parent) REFERENCES turns (session, id)
);
CREATE INDEX turns_by_parent ON turns (session, parent);
CREATE TABLE heads (
    session   TEXT PRIMARY KEY,
    turn      INTEGER NOT NULL,
    redo_hint INTEGER,                      -- the deepest turn undone from, a descendant of turn
    FOREIGN KEY (session, turn) REFERENCES turns (session, id),
    FOREIGN KEY (session, redo_hint) REFERENCES turns (session, id)
);
"""


class StoreError(EgakuError):
    """The session store is damaged, busy or unreadable, or names no such session/turn."""

    exit_code = 1


@dataclass(frozen=True)
class Turn:
    """One step of a session: the instruction, the scene after it and where its pixels live."""

    session: str
    id: int  # 1, 2, 3 … per session, in creation order
    parent: int | None  # None for the first turn (a generate)
    instruction: str  # the prompt or the edit instruction
    ops: list[dict[str, Any]]  # edit ops as JSON-able dicts ([] for a generate)
    scene_json: str  # the full scene document after this turn
    intent_json: str  # the planner's intent, carried along ("{}" when none)
    image_sha256: str  # hex sha256 of the PNG bytes
    layers: dict[str, dict[str, Any]]  # layer id -> {"sha256": hex, "x": int, "y": int}
    changed_layers: list[str]
    trace: list[str]
    created_at: str  # ISO 8601 UTC


class Store:
    """Sessions of turns in ``home``: a SQLite file plus a content-addressed blob folder.

    Every call opens its own short-lived connection, so a Store may be shared between
    threads and several processes may use the same home; writers queue on SQLite's lock.
    """

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.db_path = self.home / "sessions.sqlite3"
        self.blobs = self.home / "blobs"
        try:
            self.blobs.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(
                f"cannot create the session store in {self.home}: {e.strerror or e}; choose a writable folder"
            ) from None
        with self._transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                # Statement by statement: executescript() would COMMIT the open transaction first.
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version > SCHEMA_VERSION:
                raise StoreError(
                    f"the session store {self.db_path} has schema version {version}, newer than this egaku "
                    f"understands ({SCHEMA_VERSION}); upgrade egaku or use another store folder"
                )

    # -- blobs ---------------------------------------------------------------------------

    def put_blob(self, data: bytes) -> str:
        """Store ``data`` under its sha256 and return the hex digest; atomic and idempotent."""
        if not isinstance(data, bytes | bytearray | memoryview):
            raise InputError(f"a blob must be bytes, not {type(data).__name__}; pass the PNG file's bytes")
        data = bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        path = self._blob_path(sha)
        try:
            # 1. Already there and intact: refresh its mtime so gc() sees it as young while
            #    the row that will name it is being written, and make sure its name is durable.
            if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha:
                os.utime(path)
                _fsync_dir(path.parent)
                return sha
            # 2. Write a temp file beside the final name, flush it to disk, rename it over.
            if not path.parent.is_dir():
                path.parent.mkdir(exist_ok=True)
                _fsync_dir(self.blobs)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
            try:
                with open(tmp, "xb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, path)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
            # 3. Make the rename itself durable before any row may name the blob.
            _fsync_dir(path.parent)
        except OSError as e:
            raise StoreError(
                f"cannot write blob {_short(sha)} to {path}: {e.strerror or e}; free disk space or fix the "
                f"permissions of {self.blobs}"
            ) from None
        return sha

    def get_blob(self, sha: str) -> bytes:
        """The bytes stored under ``sha``, verified against it."""
        _check_sha(sha, "sha")
        return self._read_blob(sha, f"blob {_short(sha)}")

    # -- sessions and turns --------------------------------------------------------------

    def sessions(self) -> list[str]:
        """Names of the sessions in this store, sorted."""
        with self._connection() as db:
            return [row[0] for row in db.execute("SELECT session FROM heads ORDER BY session")]

    def add_turn(
        self,
        session: str,
        *,
        parent: int | None,
        instruction: str,
        ops: list[dict[str, Any]],
        scene_json: str,
        intent_json: str,
        png: bytes,
        layers: Mapping[str, tuple[bytes, int, int]],
        changed_layers: list[str],
        trace: list[str],
    ) -> Turn:
        """Append a turn under ``parent`` (None starts the session) and move the head to it."""
        # 1. Check inputs, before any work.
        _check_session(session)
        if parent is not None and (not isinstance(parent, int) or isinstance(parent, bool) or parent < 1):
            raise InputError(f"parent must be a turn id (an int >= 1) or None, not {parent!r}")
        if not isinstance(instruction, str):
            raise InputError(f"instruction must be a str, not {type(instruction).__name__}")
        ops_json = _to_json(ops, "ops", list, dict)
        _check_json_text(scene_json, "scene_json")
        _check_json_text(intent_json, "intent_json")
        _check_png(png, "png")
        if not isinstance(layers, Mapping):
            raise InputError(f"layers must be a dict of layer id -> (png_bytes, x, y), not {type(layers).__name__}")
        for layer_id, value in layers.items():
            if not isinstance(layer_id, str) or not layer_id:
                raise InputError(f"layer ids must be non-empty strings, not {layer_id!r}")
            if not (isinstance(value, tuple | list) and len(value) == 3):
                raise InputError(f"layers[{layer_id!r}] must be (png_bytes, x, y), not {value!r:.80}")
            _check_png(value[0], f"layers[{layer_id!r}] png")
            for name, v in (("x", value[1]), ("y", value[2])):
                if not isinstance(v, int) or isinstance(v, bool):
                    raise InputError(f"layers[{layer_id!r}] {name} must be an int pixel offset, not {v!r}")
        changed_json = _to_json(changed_layers, "changed_layers", list, str)
        trace_json = _to_json(trace, "trace", list, str)
        with self._connection() as db:
            self._check_parent(db, session, parent)  # a bad request writes nothing

        # 2. Write every blob first: a row must never name a file that is not on disk.
        image_sha = self.put_blob(png)
        layer_refs = {
            layer_id: {"sha256": self.put_blob(data), "x": int(x), "y": int(y)}
            for layer_id, (data, x, y) in layers.items()
        }

        # 3. One transaction: the row and the head move together, or neither happens.
        created_at = datetime.now(UTC).isoformat(timespec="microseconds")
        with self._transaction() as db:
            self._check_parent(db, session, parent)  # again, under the write lock
            turn_id = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM turns WHERE session = ?", (session,)).fetchone()[
                0
            ]
            db.execute(
                "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session,
                    turn_id,
                    parent,
                    instruction,
                    ops_json,
                    scene_json,
                    intent_json,
                    image_sha,
                    json.dumps(layer_refs, ensure_ascii=False),
                    changed_json,
                    trace_json,
                    created_at,
                ),
            )
            db.execute(
                "INSERT INTO heads (session, turn, redo_hint) VALUES (?, ?, NULL) "
                "ON CONFLICT (session) DO UPDATE SET turn = excluded.turn, redo_hint = NULL",
                (session, turn_id),
            )
        return Turn(
            session=session,
            id=turn_id,
            parent=parent,
            instruction=instruction,
            ops=json.loads(ops_json),
            scene_json=scene_json,
            intent_json=intent_json,
            image_sha256=image_sha,
            layers=layer_refs,
            changed_layers=list(changed_layers),
            trace=list(trace),
            created_at=created_at,
        )

    def head(self, session: str) -> Turn:
        """The turn the session's head points at (what the next edit starts from)."""
        _check_session(session)
        with self._connection() as db:
            head_id, _ = self._head_row(db, session)
            return self._turn(db, session, head_id)

    def turn(self, session: str, turn_id: int) -> Turn:
        """One turn of a session by id."""
        _check_session(session)
        with self._connection() as db:
            self._head_row(db, session)  # names the session's absence before the turn's
            return self._turn(db, session, turn_id)

    def turns(self, session: str) -> list[Turn]:
        """Every turn of a session in creation order (rows only; blobs are not read)."""
        _check_session(session)
        with self._connection() as db:
            self._head_row(db, session)
            rows = db.execute("SELECT * FROM turns WHERE session = ? ORDER BY id", (session,)).fetchall()
        return [_turn_from_row(row) for row in rows]

    def children(self, session: str, turn_id: int) -> list[int]:
        """Ids of the turns made by editing ``turn_id``, oldest first."""
        _check_session(session)
        with self._connection() as db:
            self._head_row(db, session)
            self._turn(db, session, turn_id)
            return _children(db, session, turn_id)

    # -- moving the head -----------------------------------------------------------------

    def set_head(self, session: str, turn_id: int) -> Turn:
        """Check out ``turn_id``: the next edit branches from it. Returns that turn."""
        _check_session(session)
        with self._transaction() as db:
            self._head_row(db, session)
            turn = self._turn(db, session, turn_id)
            self._move_head(db, session, turn_id)
            return turn

    def undo(self, session: str) -> Turn:
        """Move the head to its parent, remembering where it came from for redo."""
        _check_session(session)
        with self._transaction() as db:
            head_id, _ = self._head_row(db, session)
            parent = db.execute("SELECT parent FROM turns WHERE session = ? AND id = ?", (session, head_id)).fetchone()[
                0
            ]
            if parent is None:
                raise StoreError(
                    f"nothing to undo in session {session!r}: turn {head_id} is its first turn; "
                    "make an edit or check out another turn"
                )
            self._move_head(db, session, parent)
            return self._turn(db, session, parent)

    def redo(self, session: str) -> Turn:
        """Move the head to the child the last undo came from (else its newest child)."""
        _check_session(session)
        with self._transaction() as db:
            head_id, hint = self._head_row(db, session)
            kids = _children(db, session, head_id)
            if not kids:
                raise StoreError(
                    f"nothing to redo in session {session!r}: turn {head_id} has no later turns; "
                    "make an edit or check out another turn"
                )
            target = kids[-1]
            if hint is not None:
                # Walk up from the remembered turn to the child of the head on its path.
                parents = _parents(db, session)
                node: int | None = hint
                while node is not None and parents.get(node) != head_id:
                    node = parents.get(node)
                if node is not None:
                    target = node
            self._move_head(db, session, target)
            return self._turn(db, session, target)

    # -- pixels --------------------------------------------------------------------------

    def image(self, turn: Turn) -> bytes:
        """The PNG bytes of a turn's final image, verified against its hash."""
        return self._read_blob(turn.image_sha256, f"image {_short(turn.image_sha256)} of {_where(turn)}")

    def layer_images(self, turn: Turn) -> dict[str, tuple[bytes, int, int]]:
        """Per-layer RGBA crops of a turn: layer id -> (PNG bytes, x, y)."""
        return {
            layer_id: (
                self._read_blob(ref["sha256"], f"layer {layer_id!r} ({_short(ref['sha256'])}) of {_where(turn)}"),
                int(ref["x"]),
                int(ref["y"]),
            )
            for layer_id, ref in turn.layers.items()
        }

    # -- upkeep --------------------------------------------------------------------------

    def check(self, session: str | None = None) -> list[str]:
        """Problems found: every row's blobs exist and hash right, heads and parents exist.

        Returns one line per problem, [] when the store (or that session) is consistent.
        """
        if session is not None:
            _check_session(session)
        with self._connection() as db:
            if session is not None:
                self._head_row(db, session)
                rows = db.execute("SELECT * FROM turns WHERE session = ? ORDER BY id", (session,)).fetchall()
                heads = db.execute("SELECT * FROM heads WHERE session = ?", (session,)).fetchall()
            else:
                rows = db.execute("SELECT * FROM turns ORDER BY session, id").fetchall()
                heads = db.execute("SELECT * FROM heads ORDER BY session").fetchall()
        problems: list[str] = []
        verdicts: dict[str, str | None] = {}  # sha -> problem text, once per blob
        ids = {(row["session"], row["id"]) for row in rows}
        for row in rows:
            turn = _turn_from_row(row)
            if turn.parent is not None and (turn.session, turn.parent) not in ids:
                problems.append(f"{_where(turn)} names parent turn {turn.parent}, which does not exist")
            named = [(turn.image_sha256, "image")] + [
                (ref["sha256"], f"layer {lid!r}") for lid, ref in turn.layers.items()
            ]
            for sha, what in named:
                if sha not in verdicts:
                    verdicts[sha] = self._blob_problem(sha)
                if verdicts[sha] is not None:
                    problems.append(f"{what} {_short(sha)} of {_where(turn)}: {verdicts[sha]}")
        for head in heads:
            for column in ("turn", "redo_hint"):
                if head[column] is not None and (head["session"], head[column]) not in ids:
                    problems.append(
                        f"session {head['session']!r} {column} points at turn {head[column]}, which does not exist"
                    )
        return problems

    def gc(self, older_than: float = GC_AGE_S) -> list[Path]:
        """Remove orphan ``*.tmp`` files and blobs no row names, if older than ``older_than`` s.

        Young files are left alone: a live writer may be between writing a blob and
        committing the row that names it. Returns the removed paths.
        """
        if not isinstance(older_than, int | float) or older_than < 0:
            raise InputError(f"older_than must be a number of seconds >= 0, not {older_than!r}")
        with self._connection() as db:
            named = {row[0] for row in db.execute("SELECT image_sha256 FROM turns")}
            for (layers_json,) in db.execute("SELECT layers_json FROM turns"):
                named.update(ref["sha256"] for ref in json.loads(layers_json).values())
        cutoff = time.time() - older_than
        removed: list[Path] = []
        for shard in sorted(self.blobs.iterdir()):
            if not (shard.is_dir() and len(shard.name) == 2):
                continue
            for path in sorted(shard.iterdir()):
                is_tmp = path.name.endswith(".tmp")
                is_blob = _SHA256_HEX.fullmatch(shard.name + path.name) is not None
                if not (is_tmp or (is_blob and shard.name + path.name not in named)):
                    continue
                try:
                    # Checked right before unlinking: put_blob() refreshes a reused blob's mtime.
                    if path.stat().st_mtime < cutoff:
                        path.unlink()
                        removed.append(path)
                except FileNotFoundError:
                    pass  # another gc or a writer's cleanup got there first
                except OSError as e:
                    raise StoreError(
                        f"cannot remove {path}: {e.strerror or e}; fix the permissions of {self.blobs}"
                    ) from None
        return removed

    # -- internals -----------------------------------------------------------------------

    def _blob_path(self, sha: str) -> Path:
        return self.blobs / sha[:2] / sha[2:]

    def _blob_problem(self, sha: str) -> str | None:
        path = self._blob_path(sha)
        if _SHA256_HEX.fullmatch(sha) is None:
            return f"{sha!r} is not a sha256 hex digest"
        try:
            actual = hashlib.sha256(path.read_bytes()).hexdigest()
        except FileNotFoundError:
            return f"missing from {path}"
        except OSError as e:
            return f"unreadable at {path}: {e.strerror or e}"
        return None if actual == sha else f"corrupt at {path} (its bytes hash to {_short(actual)})"

    def _read_blob(self, sha: str, what: str) -> bytes:
        path = self._blob_path(sha)
        advice = "the store is damaged: restore that file from a backup or check out another turn (Store.check() lists all damage)"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise StoreError(f"{what} is missing from {path}; {advice}") from None
        except OSError as e:
            raise StoreError(
                f"{what} cannot be read from {path}: {e.strerror or e}; fix the file's permissions"
            ) from None
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha:
            raise StoreError(f"{what} is corrupt at {path} (its bytes hash to {_short(actual)}); {advice}")
        return data

    def _head_row(self, db: sqlite3.Connection, session: str) -> tuple[int, int | None]:
        row = db.execute("SELECT turn, redo_hint FROM heads WHERE session = ?", (session,)).fetchone()
        if row is None:
            known = [r[0] for r in db.execute("SELECT session FROM heads ORDER BY session LIMIT 21")]
            listing = (
                ", ".join(repr(k) for k in known[:20]) + (", …" if len(known) > 20 else "") if known else "none yet"
            )
            raise StoreError(
                f"no session {session!r} in {self.home} (known sessions: {listing}); check the name or start it with a generate"
            )
        return row[0], row[1]

    def _turn(self, db: sqlite3.Connection, session: str, turn_id: int) -> Turn:
        if not isinstance(turn_id, int) or isinstance(turn_id, bool):
            raise InputError(f"turn id must be an int, not {turn_id!r}")
        row = db.execute("SELECT * FROM turns WHERE session = ? AND id = ?", (session, turn_id)).fetchone()
        if row is None:
            last = db.execute("SELECT MAX(id) FROM turns WHERE session = ?", (session,)).fetchone()[0]
            raise StoreError(f"session {session!r} has no turn {turn_id}; its turns are 1–{last}")
        return _turn_from_row(row)

    def _check_parent(self, db: sqlite3.Connection, session: str, parent: int | None) -> None:
        last = db.execute("SELECT MAX(id) FROM turns WHERE session = ?", (session,)).fetchone()[0]
        if parent is None and last is not None:
            raise InputError(
                f"session {session!r} already has turns 1–{last}; pass parent= (the turn to edit) or use a new session name"
            )
        if parent is not None and last is None:
            raise InputError(f"session {session!r} has no turns yet, so no parent {parent}; start it with parent=None")
        if parent is not None and not (1 <= parent <= last):
            raise InputError(f"session {session!r} has no turn {parent} to edit; its turns are 1–{last}")

    def _move_head(self, db: sqlite3.Connection, session: str, to: int) -> None:
        # The redo hint stays the deepest turn we came down from: keep the old hint if it is
        # still below the new head, else the old head if that is, else forget it.
        head_id, hint = self._head_row(db, session)
        parents = _parents(db, session)

        def below(node: int | None) -> bool:
            while node is not None:
                node = parents.get(node)
                if node == to:
                    return True
            return False

        new_hint = hint if below(hint) else head_id if below(head_id) else None
        db.execute("UPDATE heads SET turn = ?, redo_hint = ? WHERE session = ?", (to, new_hint, session))

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """A short-lived connection in autocommit mode; SQLite errors become StoreError."""
        try:
            with closing(sqlite3.connect(self.db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)) as db:
                db.row_factory = sqlite3.Row
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = FULL")  # see the module docstring
                db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                db.execute("PRAGMA foreign_keys = ON")
                yield db
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise StoreError(
                    f"the session store {self.db_path} stayed busy for {BUSY_TIMEOUT_MS // 1000} s "
                    "(another egaku process is writing); try again when it finishes"
                ) from None
            raise StoreError(
                f"the session store {self.db_path} failed: {e}; check the disk and the folder's permissions"
            ) from None
        except sqlite3.DatabaseError as e:
            raise StoreError(
                f"{self.db_path} is not a readable session store ({e}); move it away or use another store folder"
            ) from None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken up front (BEGIN IMMEDIATE), committed or rolled back whole."""
        with self._connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")


def _turn_from_row(row: sqlite3.Row) -> Turn:
    return Turn(
        session=row["session"],
        id=row["id"],
        parent=row["parent"],
        instruction=row["instruction"],
        ops=json.loads(row["ops_json"]),
        scene_json=row["scene_json"],
        intent_json=row["intent_json"],
        image_sha256=row["image_sha256"],
        layers=json.loads(row["layers_json"]),
        changed_layers=json.loads(row["changed_json"]),
        trace=json.loads(row["trace_json"]),
        created_at=row["created_at"],
    )


def _children(db: sqlite3.Connection, session: str, turn_id: int) -> list[int]:
    return [
        r[0]
        for r in db.execute("SELECT id FROM turns WHERE session = ? AND parent = ? ORDER BY id", (session, turn_id))
    ]


def _parents(db: sqlite3.Connection, session: str) -> dict[int, int | None]:
    return dict(db.execute("SELECT id, parent FROM turns WHERE session = ?", (session,)).fetchall())


def _where(turn: Turn) -> str:
    return f"session {turn.session!r} turn {turn.id}"


def _short(sha: str) -> str:
    return f"{sha[:8]}…"


def _fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in ``path`` durable (a no-op where folders cannot be opened)."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_session(session: str) -> None:
    if not isinstance(session, str) or _SESSION_NAME.fullmatch(session) is None:
        raise InputError(
            f"session name {session!r} is not 1–64 characters of ASCII letters, digits, '-', '_' or '.'; pick a name like 'poster-1'"
        )


def _check_sha(sha: str, name: str) -> None:
    if not isinstance(sha, str) or _SHA256_HEX.fullmatch(sha) is None:
        raise InputError(f"{name} must be 64 lowercase hex digits (a sha256), not {sha!r:.80}")


def _check_png(data: object, name: str) -> None:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InputError(f"{name} must be PNG bytes, not {type(data).__name__}; pass the encoded PNG file")
    if bytes(data[:8]) != _PNG_SIGNATURE:
        raise InputError(f"{name} is not a PNG (it starts {bytes(data[:8])!r}); encode the image as PNG first")


def _check_json_text(text: str, name: str) -> None:
    if not isinstance(text, str):
        raise InputError(f"{name} must be JSON text (a str), not {type(text).__name__}; pass json.dumps(...) of it")
    try:
        json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(
            f"{name} is not valid JSON ({e.msg} at line {e.lineno} column {e.colno}); pass the document as JSON text"
        ) from None


def _to_json(value: Sequence[Any], name: str, kind: type, item: type | None = None) -> str:
    if not isinstance(value, kind):
        raise InputError(f"{name} must be a {kind.__name__}, not {type(value).__name__}")
    if item is not None:
        for i, v in enumerate(value):
            if not isinstance(v, item):
                raise InputError(f"{name}[{i}] must be a {item.__name__}, not {v!r:.80}")
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise InputError(f"{name} is not JSON-able ({e}); pass plain dicts, lists, strings and numbers") from None
