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

An existing ``sessions.sqlite3`` is never overwritten or "repaired": an empty file, a file
that is not SQLite, or an SQLite file without this schema is reported as damaged. Only a
missing one is created — built under a temp name and linked into place, so a second
process never sees it half made. Every row read goes through one decoder that turns any
hand damage into a one-line :class:`StoreError` naming the turn and the column.

Concurrency: writers queue on SQLite's lock. ``add_turn(..., expect_head=N)`` and
``set_head(..., expect_head=N)`` are compare-and-swap moves: inside the write transaction
the head must still be turn N (``None``: the session must not exist yet), else nothing is
written and :class:`HeadMoved` is raised, so an edit computed from a stale head is redone
instead of silently dropping another process's edit.

``Store(home, readonly=True)`` creates nothing and writes nothing: it opens the database
with ``immutable=1`` while no write-ahead log is pending (checking the file did not change
while it read, and reading again if it did), else with ``mode=ro``; so ``history`` works on
a read-only folder.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
import re
import secrets
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal, TypeVar

from ..errors import EgakuError, InputError, brief

__all__ = [
    "ANY_HEAD",
    "BUSY_TIMEOUT_MS",
    "GC_AGE_S",
    "SCHEMA_VERSION",
    "HeadMoved",
    "NoSuchSession",
    "Store",
    "StoreError",
    "Turn",
    "check_session_name",
]

SCHEMA_VERSION = 1  # PRAGMA user_version of sessions.sqlite3
BUSY_TIMEOUT_MS = 10_000  # how long a writer waits for another process's transaction
GC_AGE_S = 3600.0  # gc() leaves younger files alone: a live writer may be about to name them
READ_ATTEMPTS = 5  # a read-only reader reads again when a writer changed the file under it

_SESSION_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SQLITE_HEADER = b"SQLite format 3\x00"

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
_TURNS_COLUMNS = [
    "session",
    "id",
    "parent",
    "instruction",
    "ops_json",
    "scene_json",
    "intent_json",
    "image_sha256",
    "layers_json",
    "changed_json",
    "trace_json",
    "created_at",
]
_HEADS_COLUMNS = ["session", "turn", "redo_hint"]

T = TypeVar("T")


class _AnyHead(enum.Enum):
    """The default of ``expect_head``: move the head whatever it points at now."""

    ANY = "any"

    def __repr__(self) -> str:
        return "ANY_HEAD"


ANY_HEAD: Final = _AnyHead.ANY


def default_home() -> Path:
    """Where sessions (and the tools' cache) live: ``EGAKU_HOME``, else
    ``$XDG_DATA_HOME/egaku`` (``~/.local/share/egaku``)."""
    raw = os.environ.get("EGAKU_HOME", "").strip()
    if raw:
        return Path(raw).expanduser()
    base = os.environ.get("XDG_DATA_HOME", "").strip() or str(Path.home() / ".local" / "share")
    return Path(base) / "egaku"


class StoreError(EgakuError):
    """The session store is damaged, busy, read-only or unreadable (exit 1)."""

    exit_code = 1


class NoSuchSession(StoreError):
    """The session, or the turn of it, that was asked for does not exist (exit 2: the name is wrong)."""

    exit_code = 2


class HeadMoved(StoreError):
    """A compare-and-swap lost: the session's head is no longer the turn the caller started from.

    Nothing was written. ``expected`` is what the caller passed, ``actual`` the head now
    (``None``: the session does not exist). Redo the work from the new head and try again.
    """

    exit_code = 1

    def __init__(self, session: str, expected: int | None, actual: int | None) -> None:
        self.session = session
        self.expected = expected
        self.actual = actual
        if expected is None:
            message = (
                f"session {session!r} was started by another egaku process while this one was working "
                f"(its head is now turn {actual}); edit it instead, or pick another session name"
            )
        elif actual is None:
            message = f"session {session!r} no longer exists; start it again with a generate"
        else:
            message = (
                f"session {session!r} changed while this command was working: its head moved from turn "
                f"{expected} to turn {actual} (another egaku process); run the command again"
            )
        super().__init__(message)


@dataclass(frozen=True)
class Turn:
    """One step of a session: the instruction, the scene after it and where its pixels live."""

    session: str
    id: int  # 1, 2, 3 … per session, in creation order
    parent: int | None  # None for the first turn (a generate)
    instruction: str  # the prompt or the edit instruction
    ops: list[dict[str, Any]]  # edit ops as JSON-able dicts ([] for a generate)
    scene_json: str  # the full scene document after this turn (a JSON object)
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
    ``readonly=True`` never creates or changes a file (every write method raises
    :class:`StoreError`); reading a home that has no store yet raises :class:`NoSuchSession`.
    """

    def __init__(self, home: str | os.PathLike[str], readonly: bool = False) -> None:
        if "\x00" in os.fspath(home):
            raise InputError(f"the session home {brief(os.fspath(home))} has a NUL character; give a real folder path")
        self.home = Path(home)
        self.readonly = bool(readonly)
        self.db_path = self.home / "sessions.sqlite3"
        self.blobs = self.home / "blobs"
        exists = os.path.lexists(self.db_path)
        if exists:
            self._validate()  # before anything is created beside a file that may not be ours
        if self.readonly:
            return
        if not exists:
            self._check_no_stranded_log()
        try:
            self.blobs.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(
                f"cannot create the session store in {self.home}: {e.strerror or e}; choose a writable folder"
            ) from None
        if not exists:
            self._create()
            self._validate()

    # -- blobs ---------------------------------------------------------------------------

    def put_blob(self, data: bytes) -> str:
        """Store ``data`` under its sha256 and return the hex digest; atomic and idempotent."""
        self._require_writable("store a blob")
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
        return self._read_blob(sha, f"blob {_short(sha)}", png=False)

    # -- sessions and turns --------------------------------------------------------------

    def sessions(self) -> list[dict[str, Any]]:
        """One dict per session, the most recently changed first::

            {"name": "poster", "turns": 3, "head": 2, "instruction": "make the title red",
             "created_at": <first turn's>, "updated_at": <newest turn's>}

        ``instruction`` is the head turn's; the times are ISO 8601 UTC. A read-only store in a
        home that has no store yet has no sessions: [].
        """
        if self.readonly and not os.path.lexists(self.db_path):
            return []

        def read(db: sqlite3.Connection) -> list[dict[str, Any]]:
            heads = db.execute(
                "SELECT h.session, h.turn, t.id, t.instruction FROM heads h "
                "LEFT JOIN turns t ON t.session = h.session AND t.id = h.turn ORDER BY h.session"
            ).fetchall()
            times: dict[str, list[str]] = {}
            for session, turn_id, created_at in db.execute("SELECT session, id, created_at FROM turns ORDER BY id"):
                if not _is_id(turn_id):
                    raise self._damaged(session, turn_id, "id", f"{turn_id!r:.40} is not a turn number")
                if not _is_time(created_at):
                    raise self._damaged(
                        session, turn_id, "created_at", f"{created_at!r:.40} is not an ISO 8601 time with a zone"
                    )
                times.setdefault(session, []).append(created_at)
            listing = []
            for session, head_id, found, instruction in heads:
                self._check_head(session, head_id, None)
                if found is None:
                    raise self._damaged_head(session, f"it points at turn {head_id}, which does not exist")
                if not isinstance(instruction, str):
                    raise self._damaged(session, head_id, "instruction", f"{type(instruction).__name__}, not text")
                stamps = times[session]
                listing.append(
                    {
                        "name": session,
                        "turns": len(stamps),
                        "head": head_id,
                        "instruction": instruction,
                        "created_at": stamps[0],
                        "updated_at": max(stamps, key=datetime.fromisoformat),
                    }
                )
            listing.sort(key=lambda s: s["name"])
            listing.sort(key=lambda s: datetime.fromisoformat(s["updated_at"]), reverse=True)
            return listing

        return self._read(read)

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
        expect_head: int | None | Literal[_AnyHead.ANY] = ANY_HEAD,
    ) -> Turn:
        """Append a turn under ``parent`` (None starts the session) and move the head to it.

        ``expect_head``: when given, the turn is added only if the session's head is still
        that turn (``None``: only if the session does not exist yet), checked in the same
        transaction that adds it; otherwise nothing is written and :class:`HeadMoved` is raised.
        """
        # 1. Check inputs, before any work.
        self._require_writable("add a turn")
        _check_session(session)
        if parent is not None and not _is_id(parent):
            raise InputError(f"parent must be a turn id (an int >= 1) or None, not {parent!r}")
        _check_expect_head(expect_head)
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
        with self._connection() as db:  # a bad or stale request writes nothing, not even blobs
            self._check_expected(db, session, expect_head)
            self._check_parent(db, session, parent)

        # 2. Write every blob first: a row must never name a file that is not on disk.
        image_sha = self.put_blob(png)
        layer_refs = {
            layer_id: {"sha256": self.put_blob(data), "x": int(x), "y": int(y)}
            for layer_id, (data, x, y) in layers.items()
        }

        # 3. One transaction: the row and the head move together, or neither happens.
        created_at = datetime.now(UTC).isoformat(timespec="microseconds")
        with self._transaction() as db:
            self._check_expected(db, session, expect_head)  # again, under the write lock
            last = self._check_parent(db, session, parent)
            turn_id = (last or 0) + 1
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
        return self._read(lambda db: self._head_turn(db, session))

    def turn(self, session: str, turn_id: int) -> Turn:
        """One turn of a session by id."""
        _check_session(session)

        def read(db: sqlite3.Connection) -> Turn:
            self._require_session(db, session)  # names the session's absence before the turn's
            return self._turn(db, session, turn_id)

        return self._read(read)

    def turns(self, session: str) -> list[Turn]:
        """Every turn of a session in creation order (rows only; blobs are not read)."""
        _check_session(session)

        def read(db: sqlite3.Connection) -> list[Turn]:
            self._require_session(db, session)
            rows = db.execute("SELECT * FROM turns WHERE session = ? ORDER BY id", (session,)).fetchall()
            return [self._turn_from_row(row) for row in rows]

        return self._read(read)

    def children(self, session: str, turn_id: int) -> list[int]:
        """Ids of the turns made by editing ``turn_id``, oldest first."""
        _check_session(session)

        def read(db: sqlite3.Connection) -> list[int]:
            self._require_session(db, session)
            self._turn(db, session, turn_id)
            return self._children(db, session, turn_id)

        return self._read(read)

    # -- moving the head -----------------------------------------------------------------

    def set_head(self, session: str, turn_id: int, expect_head: int | None | Literal[_AnyHead.ANY] = ANY_HEAD) -> Turn:
        """Check out ``turn_id``: the next edit branches from it. Returns that turn.

        The redo bookkeeping is the same as undo's and redo's, so ``set_head(s, peek_undo(s).id)``
        is exactly ``undo(s)``. ``expect_head``: move only if the head is still that turn,
        else raise :class:`HeadMoved` and change nothing.
        """
        self._require_writable("move the head")
        _check_session(session)
        _check_expect_head(expect_head)
        with self._transaction() as db:
            self._check_expected(db, session, expect_head)
            self._head_row(db, session)
            turn = self._turn(db, session, turn_id)
            self._move_head(db, session, turn_id)
            return turn

    def undo(self, session: str) -> Turn:
        """Move the head to its parent, remembering where it came from for redo."""
        self._require_writable("undo")
        _check_session(session)
        with self._transaction() as db:
            target = self._undo_target(db, session)
            self._move_head(db, session, target)
            return self._turn(db, session, target)

    def redo(self, session: str) -> Turn:
        """Move the head to the child the last undo came from (else its newest child)."""
        self._require_writable("redo")
        _check_session(session)
        with self._transaction() as db:
            target = self._redo_target(db, session)
            self._move_head(db, session, target)
            return self._turn(db, session, target)

    def peek_undo(self, session: str) -> Turn:
        """The turn :meth:`undo` would move the head to, changing nothing (same errors as undo).

        To apply it later exactly as undo would: read ``h = head(s).id`` BEFORE peeking, then
        ``set_head(s, peek_undo(s).id, expect_head=h)``.
        """
        _check_session(session)
        return self._read(lambda db: self._turn(db, session, self._undo_target(db, session)))

    def peek_redo(self, session: str) -> Turn:
        """The turn :meth:`redo` would move the head to, changing nothing (same errors as redo).

        Apply it with ``set_head(s, turn.id, expect_head=h)``, ``h`` read before peeking.
        """
        _check_session(session)
        return self._read(lambda db: self._turn(db, session, self._redo_target(db, session)))

    # -- pixels --------------------------------------------------------------------------

    def image(self, turn: Turn) -> bytes:
        """The PNG bytes of a turn's final image, verified against its hash."""
        _check_sha(turn.image_sha256, "turn.image_sha256")
        return self._read_blob(turn.image_sha256, f"image {_short(turn.image_sha256)} of {_where(turn)}", png=True)

    def layer_images(self, turn: Turn) -> dict[str, tuple[bytes, int, int]]:
        """Per-layer RGBA crops of a turn: layer id -> (PNG bytes, x, y)."""
        images = {}
        for layer_id, ref in turn.layers.items():
            sha = _check_sha(ref.get("sha256") if isinstance(ref, dict) else None, f"turn.layers[{layer_id!r}] sha256")
            data = self._read_blob(sha, f"layer {layer_id!r} ({_short(sha)}) of {_where(turn)}", png=True)
            images[layer_id] = (data, int(ref["x"]), int(ref["y"]))
        return images

    # -- upkeep --------------------------------------------------------------------------

    def check(self, session: str | None = None) -> list[str]:
        """Problems found: every row reads, its blobs exist and hash right, heads and parents exist.

        Returns one line per problem, [] when the store (or that session) is consistent.
        """
        if session is not None:
            _check_session(session)

        def read(db: sqlite3.Connection) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
            if session is not None:
                self._require_session(db, session)
                rows = db.execute("SELECT * FROM turns WHERE session = ? ORDER BY id", (session,)).fetchall()
                heads = db.execute("SELECT * FROM heads WHERE session = ?", (session,)).fetchall()
            else:
                rows = db.execute("SELECT * FROM turns ORDER BY session, id").fetchall()
                heads = db.execute("SELECT * FROM heads ORDER BY session").fetchall()
            return rows, heads

        rows, heads = self._read(read)
        problems: list[str] = []
        verdicts: dict[str, str | None] = {}  # sha -> problem text, once per blob
        ids = {(row["session"], row["id"]) for row in rows}
        for row in rows:
            try:
                turn = self._turn_from_row(row)
            except StoreError as e:
                problems.append(str(e))
                continue
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
                value = head[column]
                if (value is not None or column == "turn") and (head["session"], value) not in ids:
                    problems.append(
                        f"session {head['session']!r} {column} points at turn {value!r}, which does not exist"
                    )
        return problems

    def gc(self, older_than: float = GC_AGE_S) -> list[Path]:
        """Remove orphan ``*.tmp`` files and blobs no row names, if older than ``older_than`` s.

        Young files are left alone: a live writer may be between writing a blob and
        committing the row that names it. A damaged row removes nothing (it cannot be told
        which blobs it names). Returns the removed paths.
        """
        self._require_writable("collect garbage")
        if not isinstance(older_than, int | float) or isinstance(older_than, bool) or older_than < 0:
            raise InputError(f"older_than must be a number of seconds >= 0, not {older_than!r}")
        with self._connection() as db:
            rows = db.execute("SELECT * FROM turns").fetchall()
        named: set[str] = set()
        for row in rows:
            try:
                turn = self._turn_from_row(row)
            except StoreError as e:
                raise StoreError(f"gc removed nothing because {e}") from None
            named.add(turn.image_sha256)
            named.update(ref["sha256"] for ref in turn.layers.values())
        cutoff = time.time() - older_than
        candidates: list[Path] = []
        try:
            # Temp databases of a creator killed before it linked its store into place.
            candidates += [p for p in sorted(self.home.iterdir()) if _is_tmp_db(p.name, self.db_path.name)]
            for shard in sorted(self.blobs.iterdir()):
                if not (shard.is_dir() and len(shard.name) == 2):
                    continue
                for path in sorted(shard.iterdir()):
                    is_tmp = path.name.endswith(".tmp")
                    is_blob = _SHA256_HEX.fullmatch(shard.name + path.name) is not None
                    if is_tmp or (is_blob and shard.name + path.name not in named):
                        candidates.append(path)
        except OSError as e:
            raise StoreError(f"cannot list {self.home}: {e.strerror or e}; fix the folder's permissions") from None
        removed: list[Path] = []
        for path in candidates:
            try:
                # Checked right before unlinking: put_blob() refreshes a reused blob's mtime.
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(path)
            except FileNotFoundError:
                pass  # another gc or a writer's cleanup got there first
            except OSError as e:
                raise StoreError(
                    f"cannot remove {path}: {e.strerror or e}; fix the permissions of {path.parent}"
                ) from None
        return removed

    # -- internals: files ----------------------------------------------------------------

    def _require_writable(self, what: str) -> None:
        if self.readonly:
            raise StoreError(
                f"cannot {what}: the session store in {self.home} was opened read-only; "
                "open it with Store(home) (in a writable folder) to change it"
            )

    def _damaged_file(self, problem: str) -> StoreError:
        return StoreError(
            f"session store damaged: {self.db_path} {problem}; nothing was changed: move it aside "
            f"(e.g. rename it to {self.db_path.name}.bad) to start a new store there, restore it from a "
            "backup, or use another store folder"
        )

    def _check_no_stranded_log(self) -> None:
        wal = _sibling(self.db_path, "-wal")
        if _size(wal) > 0:
            # A log of commits without its database: a new database would replay it and be garbage.
            raise StoreError(
                f"session store damaged: {wal} is there but {self.db_path} is missing; put the database "
                f"back beside it, or move {wal.name} aside to start a new store"
            )

    def _create(self) -> None:
        """Build an empty store under a temp name and link it into place (never over a file)."""
        self._check_no_stranded_log()
        tmp = self.home / f".{self.db_path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            with closing(sqlite3.connect(tmp, isolation_level=None)) as db:
                db.execute("PRAGMA journal_mode = WAL")  # kept in the file's header
                db.execute("PRAGMA synchronous = FULL")
                db.execute("BEGIN IMMEDIATE")
                # Statement by statement: executescript() would COMMIT the open transaction first.
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                db.execute("COMMIT")
            # Closing the last connection checkpointed the log into the file; make that durable.
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
            try:
                os.link(tmp, self.db_path)  # atomic, and fails rather than replace a file
            except FileExistsError:
                pass  # another process created the store first: use theirs
            except OSError:
                # A file system without hard links: rename, unless someone got there first.
                if not os.path.lexists(self.db_path):
                    os.replace(tmp, self.db_path)
            _fsync_dir(self.home)
        except (OSError, sqlite3.Error) as e:
            raise StoreError(
                f"cannot create the session store {self.db_path}: {getattr(e, 'strerror', None) or e}; "
                "choose a writable folder with free space"
            ) from None
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                _sibling(tmp, suffix).unlink(missing_ok=True)

    def _validate(self) -> None:
        """Raise unless the existing ``db_path`` is an egaku session store this code reads."""
        try:
            st = os.stat(self.db_path)
        except FileNotFoundError:
            raise self._damaged_file("is a link to a missing file") from None
        except OSError as e:
            raise StoreError(
                f"cannot read the session store {self.db_path}: {e.strerror or e}; fix its permissions"
            ) from None
        if not stat.S_ISREG(st.st_mode):
            raise self._damaged_file("is not a file")
        if st.st_size == 0:
            raise self._damaged_file("is empty (0 bytes), not a session store")
        try:
            with open(self.db_path, "rb") as f:
                header = f.read(len(_SQLITE_HEADER))
        except OSError as e:
            raise StoreError(
                f"cannot read the session store {self.db_path}: {e.strerror or e}; fix its permissions"
            ) from None
        if header != _SQLITE_HEADER:
            raise self._damaged_file(f"is not an SQLite database (it starts {header[:8]!r})")

        def read(db: sqlite3.Connection) -> tuple[int, list[str], list[str], list[str]]:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            turns = [r[1] for r in db.execute("PRAGMA table_info(turns)")]
            heads = [r[1] for r in db.execute("PRAGMA table_info(heads)")]
            return version, tables, turns, heads

        # No set-up pragmas here: switching a foreign database to WAL would already change it.
        version, tables, turns, heads = self._read(read, setup=False)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the session store {self.db_path} has schema version {version}, newer than this egaku "
                f"understands ({SCHEMA_VERSION}); upgrade egaku or use another store folder"
            )
        if version != SCHEMA_VERSION or turns != _TURNS_COLUMNS or heads != _HEADS_COLUMNS:
            listing = ", ".join(repr(t) for t in tables[:10]) or "none"
            raise self._damaged_file(
                f"is an SQLite database but not an egaku session store (schema version {version}, tables: {listing})"
            )

    def _blob_path(self, sha: str) -> Path:
        return self.blobs / sha[:2] / sha[2:]

    def _blob_problem(self, sha: str) -> str | None:
        path = self._blob_path(sha)
        if _SHA256_HEX.fullmatch(sha) is None:
            return f"{sha!r} is not a sha256 hex digest"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return f"missing from {path}"
        except OSError as e:
            return f"unreadable at {path}: {e.strerror or e}"
        if not data:
            return f"empty (0 bytes) at {path}"
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha:
            return f"corrupt at {path} (its bytes hash to {_short(actual)})"
        return None if data.startswith(_PNG_SIGNATURE) else f"not a PNG at {path} (it starts {data[:8]!r})"

    def _read_blob(self, sha: str, what: str, *, png: bool) -> bytes:
        path = self._blob_path(sha)
        advice = "the store is damaged: restore that file from a backup or check out another turn (Store.check() lists all damage)"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise StoreError(f"{what} is missing from {path}; {advice}") from None
        except OSError as e:
            raise StoreError(
                f"{what} cannot be read from {path}: {e.strerror or e}; fix the file's permissions, or {advice}"
            ) from None
        if not data:
            raise StoreError(f"{what} is empty (0 bytes) at {path}; {advice}")
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha:
            raise StoreError(f"{what} is corrupt at {path} (its bytes hash to {_short(actual)}); {advice}")
        if png and not data.startswith(_PNG_SIGNATURE):
            raise StoreError(f"{what} is not a PNG at {path} (it starts {data[:8]!r}); {advice}")
        return data

    # -- internals: connections ----------------------------------------------------------

    def _read(self, fn: Callable[[sqlite3.Connection], T], *, setup: bool = True) -> T:
        """``fn(db)`` on a fresh connection. A read-only store opened with ``immutable=1``
        sees no locks, so it reads again if the file changed under it (a writer's checkpoint)."""
        if not self.readonly:
            with self._connection(setup=setup) as db:
                return fn(db)
        for attempt in range(READ_ATTEMPTS):
            before = _identity(self.db_path)
            try:
                with self._connection(setup=setup) as db:
                    result = fn(db)
            except StoreError:
                if attempt + 1 < READ_ATTEMPTS and _identity(self.db_path) != before:
                    continue
                raise
            if _identity(self.db_path) == before:
                return result
            time.sleep(0.01 * (attempt + 1))
        raise StoreError(
            f"the session store {self.db_path} kept changing while it was read (another egaku process is "
            "writing); try again when it finishes"
        )

    @contextmanager
    def _connection(self, *, setup: bool = True) -> Iterator[sqlite3.Connection]:
        """A short-lived connection in autocommit mode; SQLite errors become StoreError."""
        if self.readonly and not os.path.lexists(self.db_path):
            raise NoSuchSession(
                f"no sessions yet in {self.home}; start one with 'egaku generate PROMPT --session NAME'"
            )
        pending_log = False
        try:
            if self.readonly:
                # mode=ro alone creates -wal and -shm files beside the database (and fails
                # where the folder is read-only); immutable=1 creates nothing but ignores the
                # log, so it is used only while no log is pending (see _read for writers).
                pending_log = _size(_sibling(self.db_path, "-wal")) > 0
                uri = self.db_path.absolute().as_uri() + ("?mode=ro" if pending_log else "?mode=ro&immutable=1")
                connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            else:
                connection = sqlite3.connect(self.db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            with closing(connection) as db:
                db.row_factory = sqlite3.Row
                db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                if setup and not self.readonly:
                    db.execute("PRAGMA journal_mode = WAL")
                    db.execute("PRAGMA synchronous = FULL")  # see the module docstring
                    db.execute("PRAGMA foreign_keys = ON")
                yield db
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise StoreError(
                    f"the session store {self.db_path} stayed busy for {BUSY_TIMEOUT_MS // 1000} s "
                    "(another egaku process is writing); try again when it finishes"
                ) from None
            if self.readonly and pending_log:
                raise StoreError(
                    f"the session store {self.db_path} has commits in its log {self.db_path.name}-wal that a "
                    f"read-only reader cannot open ({e}); make {self.home} writable and run any egaku session "
                    "command once, then try again"
                ) from None
            if not self.readonly and not (os.access(self.home, os.W_OK) and os.access(self.db_path, os.W_OK)):
                raise StoreError(
                    f"the session store {self.db_path} cannot be written ({e}): {self.home} or the file is "
                    "read-only; make them writable, or open the store with readonly=True to only read it"
                ) from None
            raise StoreError(
                f"the session store {self.db_path} failed: {e}; check the disk and that {self.home} and its "
                "files are readable and writable"
            ) from None
        except sqlite3.DatabaseError as e:
            raise self._damaged_file(f"cannot be read as a database ({e})") from None
        except OSError as e:
            raise StoreError(
                f"cannot read the session store {self.db_path}: {e.strerror or e}; fix its permissions"
            ) from None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken up front (BEGIN IMMEDIATE), committed or rolled back whole."""
        self._require_writable("write")
        with self._connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # -- internals: rows -----------------------------------------------------------------

    def _damaged(self, session: object, turn_id: object, column: str, why: str) -> StoreError:
        turn = turn_id if _is_id(turn_id) else f"{turn_id!r:.40}"
        name = f"{session!r:.80}"
        return StoreError(
            f"session store damaged: turn {turn} of session {name} has unreadable {column} ({_one_line(why)}); "
            f"restore {self.db_path} from a backup, or carry on from another turn "
            f"('egaku checkout --session {session} TURN')"
        )

    def _damaged_head(self, session: str, why: str) -> StoreError:
        return StoreError(
            f"session store damaged: the head of session {session!r} is unreadable ({_one_line(why)}); "
            f"restore {self.db_path} from a backup"
        )

    def _turn_from_row(self, row: sqlite3.Row) -> Turn:
        """The one decoder of a turns row: any damage becomes a one-line StoreError."""
        try:
            return _decode_turn(row)
        except _Damage as d:
            raise self._damaged(row["session"], row["id"], d.column, d.why) from None

    def _no_session(self, db: sqlite3.Connection, session: str) -> NoSuchSession:
        known = [r[0] for r in db.execute("SELECT session FROM heads ORDER BY session LIMIT 21")]
        listing = ", ".join(repr(k) for k in known[:20]) + (", …" if len(known) > 20 else "") if known else "none yet"
        return NoSuchSession(
            f"no session {session!r} in {self.home} (known sessions: {listing}); check the name "
            f"(list sessions with 'egaku sessions') or start it with 'egaku generate PROMPT --session {session}'"
        )

    def _require_session(self, db: sqlite3.Connection, session: str) -> None:
        if db.execute("SELECT 1 FROM heads WHERE session = ?", (session,)).fetchone() is None:
            raise self._no_session(db, session)

    def _check_head(self, session: str, head_id: object, hint: object) -> None:
        if not _is_id(head_id):
            raise self._damaged_head(session, f"turn {head_id!r:.40} is not a turn number")
        if hint is not None and not _is_id(hint):
            raise self._damaged_head(session, f"redo_hint {hint!r:.40} is not a turn number")

    def _head_row(self, db: sqlite3.Connection, session: str) -> tuple[int, int | None]:
        row = db.execute("SELECT turn, redo_hint FROM heads WHERE session = ?", (session,)).fetchone()
        if row is None:
            raise self._no_session(db, session)
        self._check_head(session, row[0], row[1])
        return row[0], row[1]

    def _head_turn(self, db: sqlite3.Connection, session: str) -> Turn:
        head_id, _ = self._head_row(db, session)
        row = db.execute("SELECT * FROM turns WHERE session = ? AND id = ?", (session, head_id)).fetchone()
        if row is None:
            raise self._damaged_head(session, f"it points at turn {head_id}, which does not exist")
        return self._turn_from_row(row)

    def _turn(self, db: sqlite3.Connection, session: str, turn_id: int) -> Turn:
        if not isinstance(turn_id, int) or isinstance(turn_id, bool):
            raise InputError(f"turn id must be an int, not {turn_id!r}")
        row = db.execute("SELECT * FROM turns WHERE session = ? AND id = ?", (session, turn_id)).fetchone()
        if row is None:
            last = self._last_id(db, session)
            turns = f"its turns are 1–{last}" if last is not None else "it has no turns"
            raise NoSuchSession(
                f"session {session!r} has no turn {turn_id}; {turns} (list them with 'egaku history --session {session}')"
            )
        return self._turn_from_row(row)

    def _last_id(self, db: sqlite3.Connection, session: str) -> int | None:
        last = db.execute("SELECT MAX(id) FROM turns WHERE session = ?", (session,)).fetchone()[0]
        if last is not None and not _is_id(last):
            raise self._damaged(session, last, "id", f"{last!r:.40} is not a turn number")
        return last if last is None else int(last)

    def _tree(self, db: sqlite3.Connection, session: str) -> dict[int, int | None]:
        """turn id -> parent id, every pair checked so a walk up always ends."""
        tree: dict[int, int | None] = {}
        for turn_id, parent in db.execute("SELECT id, parent FROM turns WHERE session = ?", (session,)):
            if not _is_id(turn_id):
                raise self._damaged(session, turn_id, "id", f"{turn_id!r:.40} is not a turn number")
            if parent is not None and not (_is_id(parent) and parent < turn_id):
                raise self._damaged(session, turn_id, "parent", f"{parent!r:.40} is not an earlier turn")
            tree[turn_id] = parent
        return tree

    def _children(self, db: sqlite3.Connection, session: str, turn_id: int) -> list[int]:
        return sorted(k for k, parent in self._tree(db, session).items() if parent == turn_id)

    def _check_parent(self, db: sqlite3.Connection, session: str, parent: int | None) -> int | None:
        """Raise unless ``parent`` may be edited in ``session``; returns the session's last turn id."""
        last = self._last_id(db, session)
        if parent is None and last is not None:
            raise InputError(
                f"session {session!r} already has turns 1–{last}; pass parent= (the turn to edit) or use a new session name"
            )
        if parent is not None and last is None:
            raise InputError(f"session {session!r} has no turns yet, so no parent {parent}; start it with parent=None")
        if parent is not None and last is not None and not (1 <= parent <= last):
            raise InputError(f"session {session!r} has no turn {parent} to edit; its turns are 1–{last}")
        return last

    def _check_expected(
        self, db: sqlite3.Connection, session: str, expect_head: int | None | Literal[_AnyHead.ANY]
    ) -> None:
        if expect_head is ANY_HEAD:
            return
        row = db.execute("SELECT turn, redo_hint FROM heads WHERE session = ?", (session,)).fetchone()
        actual = None
        if row is not None:
            self._check_head(session, row[0], row[1])
            actual = row[0]
        if actual != expect_head:
            raise HeadMoved(session, expect_head, actual)

    def _undo_target(self, db: sqlite3.Connection, session: str) -> int:
        head_id, _ = self._head_row(db, session)
        tree = self._tree(db, session)
        if head_id not in tree:
            raise self._damaged_head(session, f"it points at turn {head_id}, which does not exist")
        parent = tree[head_id]
        if parent is None:
            raise StoreError(
                f"nothing to undo in session {session!r}: turn {head_id} is its first turn; "
                "make an edit or check out another turn"
            )
        return parent

    def _redo_target(self, db: sqlite3.Connection, session: str) -> int:
        head_id, hint = self._head_row(db, session)
        parents = self._tree(db, session)
        kids = sorted(k for k, parent in parents.items() if parent == head_id)
        if not kids:
            raise StoreError(
                f"nothing to redo in session {session!r}: turn {head_id} has no later turns; "
                "make an edit or check out another turn"
            )
        target = kids[-1]
        if hint is not None:
            # Walk up from the remembered turn to the child of the head on its path.
            node: int | None = hint
            while node is not None and parents.get(node) != head_id:
                node = parents.get(node)
            if node is not None:
                target = node
        return target

    def _move_head(self, db: sqlite3.Connection, session: str, to: int) -> None:
        # The redo hint stays the deepest turn we came down from: keep the old hint if it is
        # still below the new head, else the old head if that is, else forget it.
        head_id, hint = self._head_row(db, session)
        parents = self._tree(db, session)

        def below(node: int | None) -> bool:
            while node is not None:
                node = parents.get(node)
                if node == to:
                    return True
            return False

        new_hint = hint if below(hint) else head_id if below(head_id) else None
        db.execute("UPDATE heads SET turn = ?, redo_hint = ? WHERE session = ?", (to, new_hint, session))


# -- row decoding ------------------------------------------------------------------------


class _Damage(Exception):
    def __init__(self, column: str, why: str) -> None:
        self.column = column
        self.why = why


def _decode_turn(row: sqlite3.Row) -> Turn:
    """A Turn from a turns row, or _Damage naming the first column that does not read."""
    turn_id = row["id"]
    if not _is_id(turn_id):
        raise _Damage("id", f"{turn_id!r:.40} is not a turn number")
    parent = row["parent"]
    if parent is not None and not (_is_id(parent) and parent < turn_id):
        raise _Damage("parent", f"{parent!r:.40} is not an earlier turn")
    instruction = _text_column(row, "instruction")
    ops = _json_column(row, "ops_json", list)
    for i, op in enumerate(ops):
        if not isinstance(op, dict):
            raise _Damage("ops_json", f"op {i} is a {_kind(op)}, not an object")
    scene_json = _text_column(row, "scene_json")
    _json_column(row, "scene_json", dict)
    intent_json = _text_column(row, "intent_json")
    _json_column(row, "intent_json", dict)
    image_sha = row["image_sha256"]
    if not (isinstance(image_sha, str) and _SHA256_HEX.fullmatch(image_sha)):
        raise _Damage("image_sha256", f"{image_sha!r:.40} is not a sha256 hex digest")
    layers = _json_column(row, "layers_json", dict)
    for layer_id, ref in layers.items():
        if not layer_id:
            raise _Damage("layers_json", "a layer has an empty id")
        if not isinstance(ref, dict):
            raise _Damage("layers_json", f"layer {layer_id!r:.40} is a {_kind(ref)}, not an object")
        sha = ref.get("sha256")
        if not (isinstance(sha, str) and _SHA256_HEX.fullmatch(sha)):
            raise _Damage("layers_json", f"layer {layer_id!r:.40} sha256 {sha!r:.40} is not a sha256 hex digest")
        for axis in ("x", "y"):
            if type(ref.get(axis)) is not int:
                raise _Damage("layers_json", f"layer {layer_id!r:.40} {axis} {ref.get(axis)!r:.20} is not an int")
    changed = _json_column(row, "changed_json", list)
    trace = _json_column(row, "trace_json", list)
    for column, items in (("changed_json", changed), ("trace_json", trace)):
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise _Damage(column, f"item {i} is a {_kind(item)}, not a string")
    created_at = row["created_at"]
    if not _is_time(created_at):
        raise _Damage("created_at", f"{created_at!r:.40} is not an ISO 8601 time with a zone")
    return Turn(
        session=row["session"],
        id=turn_id,
        parent=parent,
        instruction=instruction,
        ops=ops,
        scene_json=scene_json,
        intent_json=intent_json,
        image_sha256=image_sha,
        layers=layers,
        changed_layers=changed,
        trace=trace,
        created_at=created_at,
    )


def _text_column(row: sqlite3.Row, column: str) -> str:
    value = row[column]
    if not isinstance(value, str):
        raise _Damage(column, "NULL" if value is None else f"a {type(value).__name__} value, not text")
    return value


def _json_column(row: sqlite3.Row, column: str, kind: type) -> Any:
    text = _text_column(row, column)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise _Damage(column, f"not JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    except RecursionError:
        raise _Damage(column, "not JSON: nested too deeply") from None
    if not isinstance(value, kind):
        raise _Damage(column, f"a JSON {_kind(value)} where a JSON {'object' if kind is dict else 'list'} belongs")
    return value


def _kind(value: object) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _is_id(value: object) -> bool:
    return type(value) is int and value >= 1


def _is_time(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return False
    return when.tzinfo is not None  # naive and aware times do not even compare


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- small helpers -----------------------------------------------------------------------


def _where(turn: Turn) -> str:
    return f"session {turn.session!r} turn {turn.id}"


def _short(sha: str) -> str:
    return f"{sha[:8]}…"


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _is_tmp_db(name: str, db_name: str) -> bool:
    return name.startswith(f".{db_name}.") and name.endswith((".tmp", ".tmp-wal", ".tmp-shm", ".tmp-journal"))


def _size(path: Path) -> int:
    """The size of a plain file, 0 when there is none (or it vanished: a writer closing)."""
    try:
        st = os.stat(path)
    except OSError:
        return 0
    return st.st_size if stat.S_ISREG(st.st_mode) else 0


def _identity(path: Path) -> tuple[int, int, int] | None:
    """What changes when a writer touches the database file: inode, size, mtime."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def _fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in ``path`` durable (a no-op where folders cannot be opened)."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_session_name(name: object) -> str:
    """``name`` if it is a valid session name, else InputError (exit 2) saying what names are allowed."""
    if not isinstance(name, str) or _SESSION_NAME.fullmatch(name) is None:
        raise InputError(
            f"session name {brief(name, 80) if isinstance(name, str) else repr(name)[:40]} is not 1–64 characters of ASCII letters, digits, '-', '_' or '.'; "
            "pick a name like 'poster-1'"
        )
    return name


_check_session = check_session_name


def _check_expect_head(expect_head: object) -> None:
    if expect_head is ANY_HEAD or expect_head is None or _is_id(expect_head):
        return
    raise InputError(f"expect_head must be a turn id (an int >= 1), None or ANY_HEAD, not {expect_head!r:.40}")


def _check_sha(sha: object, name: str) -> str:
    if not isinstance(sha, str) or _SHA256_HEX.fullmatch(sha) is None:
        raise InputError(f"{name} must be 64 lowercase hex digits (a sha256), not {sha!r:.80}")
    return sha


def _check_png(data: object, name: str) -> None:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InputError(f"{name} must be PNG bytes, not {type(data).__name__}; pass the encoded PNG file")
    if bytes(data[:8]) != _PNG_SIGNATURE:
        raise InputError(f"{name} is not a PNG (it starts {bytes(data[:8])!r}); encode the image as PNG first")


def _check_json_text(text: str, name: str) -> None:
    if not isinstance(text, str):
        raise InputError(f"{name} must be JSON text (a str), not {type(text).__name__}; pass json.dumps(...) of it")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(
            f"{name} is not valid JSON ({e.msg} at line {e.lineno} column {e.colno}); pass the document as JSON text"
        ) from None
    if not isinstance(value, dict):
        raise InputError(f"{name} must be a JSON object, not a JSON {_kind(value)}; pass the document as an object")


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
