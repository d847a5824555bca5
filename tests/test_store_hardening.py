"""The session store under damage, read-only homes and concurrent writers (issue 9).

Everything here works on real files: rows damaged with sqlite3 UPDATEs on the database file,
blobs truncated on disk, read-only folders entered by a process without the capability that
lets root ignore permissions, and several real processes racing to edit one session.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from egaku.errors import InputError
from egaku.store import ANY_HEAD, HeadMoved, NoSuchSession, Store, StoreError, Turn, check_session_name

from .test_store import PNG_SIGNATURE, add, blob_path, png

DB = "sessions.sqlite3"


def snapshot(home: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file and folder under home: mode, mtime and bytes. Equal snapshots: nothing was touched."""
    found: dict[str, tuple[int, int, bytes]] = {}
    if not home.exists():
        return found
    for path in sorted(home.rglob("*")):
        st = path.lstat()
        data = path.read_bytes() if path.is_file() else b""
        found[str(path.relative_to(home))] = (st.st_mode, st.st_mtime_ns, data)
    return found


def rows(home: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The turns and heads tables, read with a plain sqlite3 connection."""
    with sqlite3.connect(home / DB) as db:
        turns = db.execute("SELECT * FROM turns ORDER BY session, id").fetchall()
        heads = db.execute("SELECT * FROM heads ORDER BY session").fetchall()
    db.close()
    return turns, heads


def sql(home: Path, statement: str, *params: object) -> None:
    """Hand-edit the database file, as a user with the sqlite3 shell would (foreign keys off)."""
    with sqlite3.connect(home / DB) as db:
        db.execute(statement, params)
    db.close()


def one_line(error: BaseException) -> str:
    message = str(error)
    assert message and "\n" not in message and "Traceback" not in message, message
    return message


def three_turns(home: Path) -> tuple[Store, list[Turn]]:
    store = Store(home)
    t1 = add(store, "s", None, "generate")
    t2 = add(store, "s", 1, "edit a")
    t3 = add(store, "s", 2, "edit b")
    return store, [t1, t2, t3]


# -- 1. damaged rows ---------------------------------------------------------------------------

SHA = "a" * 64
DAMAGE = [
    ("layers_json", "{oops"),
    ("layers_json", "[]"),  # a list where an object belongs
    ("layers_json", '{"title": "not an object"}'),
    ("layers_json", json.dumps({"title": {"sha256": "../../../etc/passwd", "x": 0, "y": 0}})),
    ("layers_json", json.dumps({"title": {"sha256": SHA, "x": "10", "y": 0}})),
    ("ops_json", "not json"),
    ("ops_json", "{}"),
    ("ops_json", "[1, 2]"),
    ("scene_json", "["),
    ("scene_json", "[]"),
    ("scene_json", b"\x00\xff"),  # a blob in a TEXT column
    ("intent_json", "null"),
    ("changed_json", '{"title": 1}'),
    ("changed_json", "[1]"),
    ("trace_json", ""),
    ("trace_json", '"one string"'),
    ("image_sha256", "../../../etc/passwd"),
    ("image_sha256", 12345),
    ("created_at", "yesterday"),
    ("created_at", "2025-01-01T00:00:00"),  # no zone: it would not even compare with the others
    ("instruction", b"\x00"),
    ("parent", 2),  # itself: a cycle a walk up would never leave
    ("parent", 3),  # a later turn
    ("parent", "one"),
]


@pytest.mark.parametrize(("column", "value"), DAMAGE, ids=[f"{c}={v!r:.20}" for c, v in DAMAGE])
def test_a_damaged_row_is_one_store_error_naming_turn_and_column(tmp_path: Path, column: str, value: object) -> None:
    store, (t1, _, t3) = three_turns(tmp_path)
    sql(tmp_path, f"UPDATE turns SET {column} = ? WHERE session = 's' AND id = 2", value)
    old_blob = blob_path(tmp_path, store.put_blob(png("orphan")))
    os.utime(old_blob, (time.time() - 7200, time.time() - 7200))
    before = rows(tmp_path)

    prefix = f"session store damaged: turn 2 of session 's' has unreadable {column} ("
    readers = {
        "turn": lambda: store.turn("s", 2),
        "turns": lambda: store.turns("s"),
        "undo from 3": lambda: store.undo("s"),
        "peek_undo": lambda: store.peek_undo("s"),
        "read-only turns": lambda: Store(tmp_path, readonly=True).turns("s"),
    }
    for what, read in readers.items():
        with pytest.raises(StoreError) as caught:
            read()
        message = one_line(caught.value)
        assert type(caught.value) is StoreError and caught.value.exit_code == 1, what
        assert message.startswith(prefix), (what, message)
        assert f"restore {tmp_path / DB} from a backup" in message, message
    assert rows(tmp_path) == before  # the failed undo rolled back

    # check() lists the damage instead of raising; gc() refuses to guess what the row names.
    problems = store.check()
    assert len(problems) == 1 and problems[0].startswith(prefix), problems
    with pytest.raises(StoreError, match=r"^gc removed nothing because session store damaged: turn 2") as caught:
        store.gc(older_than=0)
    one_line(caught.value)
    assert old_blob.exists()

    # The rest of the session still reads, and the user can carry on from another turn.
    assert store.head("s") == t3
    assert store.turn("s", 1) == t1
    if column not in ("parent",):
        assert store.set_head("s", 1).id == 1
        assert store.head("s") == t1


def test_a_damaged_id_or_head_row_is_a_store_error(tmp_path: Path) -> None:
    store, _ = three_turns(tmp_path)
    sql(tmp_path, "UPDATE heads SET turn = 'three' WHERE session = 's'")
    for read in (lambda: store.head("s"), store.sessions, lambda: store.undo("s"), lambda: store.peek_redo("s")):
        with pytest.raises(StoreError, match=r"^session store damaged: the head of session 's' is unreadable") as c:
            read()
        one_line(c.value)
    assert "session 's' turn points at turn 'three', which does not exist" in store.check()

    sql(tmp_path, "UPDATE heads SET turn = 99 WHERE session = 's'")  # foreign keys are off in a hand edit
    with pytest.raises(StoreError, match=r"head of session 's' is unreadable \(it points at turn 99, which does not"):
        store.head("s")

    sql(tmp_path, "UPDATE heads SET turn = 3, redo_hint = x'01' WHERE session = 's'")
    with pytest.raises(StoreError, match=r"redo_hint b'\\x01' is not a turn number"):
        store.redo("s")

    sql(tmp_path, "UPDATE heads SET redo_hint = NULL WHERE session = 's'")
    sql(tmp_path, "UPDATE turns SET id = 'two' WHERE session = 's' AND id = 2")
    with pytest.raises(StoreError, match=r"^session store damaged: turn 'two' of session 's' has unreadable id"):
        store.turns("s")
    with pytest.raises(StoreError, match=r"^session store damaged: turn 'two' of session 's' has unreadable id"):
        add(store, "s", 3, "an edit on a damaged session")
    assert len(rows(tmp_path)[0]) == 3  # nothing was added


def test_damaged_blobs_of_a_turn_name_the_turn(tmp_path: Path) -> None:
    store, (_, t2, t3) = three_turns(tmp_path)
    image = blob_path(tmp_path, t3.image_sha256)
    image.write_bytes(b"")
    with pytest.raises(StoreError) as caught:
        store.image(t3)
    assert one_line(caught.value).startswith(f"image {t3.image_sha256[:8]}… of session 's' turn 3 is empty (0 bytes)")
    assert f"image {t3.image_sha256[:8]}… of session 's' turn 3: empty (0 bytes) at {image}" in store.check()

    # A blob that hashes right but is not a PNG (a hand-edited row naming some other file).
    text = store.put_blob(b"just some text, not an image")
    sql(tmp_path, "UPDATE turns SET image_sha256 = ? WHERE id = 2", text)
    with pytest.raises(StoreError, match=r"of session 's' turn 2 is not a PNG at .* \(it starts b'just som'\)"):
        store.image(store.turn("s", 2))
    assert store.get_blob(text) == b"just some text, not an image"  # a plain blob need not be a PNG

    title = blob_path(tmp_path, t2.layers["title"]["sha256"])
    title.write_bytes(b"\x89PNG\r\n\x1a\nflipped")
    with pytest.raises(StoreError, match=r"^layer 'title' \(.{8}…\) of session 's' turn 2 is corrupt at .*hash to"):
        store.layer_images(t2)


# -- 2. damaged database files are reported, never replaced ----------------------------------


def foreign_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
        db.execute("INSERT INTO notes VALUES ('my other app')")
    db.close()


def future_store(path: Path) -> None:
    Store(path.parent)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 7")
    db.close()


FILES = {
    "empty": lambda p: p.write_bytes(b""),
    "text": lambda p: p.write_text("these are my notes, not a database\n" * 50),
    "png": lambda p: p.write_bytes(PNG_SIGNATURE + os.urandom(4000)),
    "bad-sqlite": lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xab" * 8000),
    "foreign-sqlite": foreign_sqlite,
    "future": future_store,
}
EXPECTED = {
    "empty": r"is empty \(0 bytes\), not a session store",
    "text": r"is not an SQLite database \(it starts b'these ar'\)",
    "png": r"is not an SQLite database \(it starts b'\\x89PNG",
    "bad-sqlite": r"cannot be read as a database \(",
    "foreign-sqlite": r"is an SQLite database but not an egaku session store \(schema version 0, tables: 'notes'\)",
    "future": r"has schema version 7, newer than this egaku understands \(1\); upgrade egaku",
}


@pytest.mark.parametrize("kind", list(FILES))
def test_an_existing_file_that_is_not_a_store_is_reported_and_left_byte_identical(tmp_path: Path, kind: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    FILES[kind](home / DB)
    before = snapshot(home)
    for readonly in (False, True):
        with pytest.raises(StoreError, match=EXPECTED[kind]) as caught:
            Store(home, readonly=readonly)
        message = one_line(caught.value)
        assert str(home / DB) in message
        if kind != "future":
            assert message.startswith("session store damaged: ") and "move it aside" in message
        assert snapshot(home) == before, f"readonly={readonly}: the file or the folder changed"


def test_a_directory_or_dangling_link_in_place_of_the_database_is_reported(tmp_path: Path) -> None:
    (tmp_path / DB).mkdir()
    with pytest.raises(StoreError, match=r"sessions.sqlite3 is not a file; nothing was changed"):
        Store(tmp_path)
    (tmp_path / DB).rmdir()
    (tmp_path / DB).symlink_to(tmp_path / "elsewhere.sqlite3")
    with pytest.raises(StoreError, match=r"is a link to a missing file"):
        Store(tmp_path)
    assert not (tmp_path / "elsewhere.sqlite3").exists() and not (tmp_path / "blobs").exists()


def test_a_log_without_its_database_is_not_replayed_into_a_new_store(tmp_path: Path) -> None:
    (tmp_path / f"{DB}-wal").write_bytes(b"\x37\x7f\x06\x82" + os.urandom(100))
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match=r"sessions.sqlite3-wal is there but .*sessions.sqlite3 is missing"):
        Store(tmp_path)
    assert snapshot(tmp_path) == before


def test_a_new_store_is_created_whole_by_racing_processes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    go = tmp_path / "go"
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from tests.test_store import add
        from egaku.store import Store
        while not Path({str(go)!r}).exists():
            time.sleep(0.001)
        add(Store(Path({str(home)!r})), "racer" + sys.argv[1], None, "first")
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(i)], cwd=Path(__file__).parent.parent, stderr=subprocess.PIPE
        )
        for i in range(6)
    ]
    time.sleep(1.5)  # let every interpreter start and wait on the flag
    go.touch()
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, errors
    store = Store(home)
    assert sorted(s["name"] for s in store.sessions()) == [f"racer{i}" for i in range(6)]
    assert store.check() == []
    assert sorted(p.name for p in home.iterdir()) == ["blobs", DB]  # no temp database left behind


# -- 3. read-only stores -----------------------------------------------------------------------


def test_readonly_store_creates_and_changes_nothing(tmp_path: Path) -> None:
    store, (t1, t2, t3) = three_turns(tmp_path)
    add(store, "other", None, "another session")
    store.undo("s")  # head 2, a redo hint to 3
    listing = store.sessions()
    before = snapshot(tmp_path)
    before_rows = rows(tmp_path)
    assert f"{DB}-wal" not in before and f"{DB}-shm" not in before

    ro = Store(tmp_path, readonly=True)
    assert ro.readonly
    assert ro.sessions() == listing and [s["name"] for s in listing] == ["other", "s"]
    assert ro.head("s") == t2 and ro.turn("s", 3) == t3 and ro.turns("s") == [t1, t2, t3]
    assert ro.children("s", 1) == [2]
    assert ro.peek_undo("s") == t1 and ro.peek_redo("s") == t3
    assert ro.image(t3) == png("s/edit b")
    assert ro.layer_images(t2)["title"] == (png("s/edit a/title"), 10, 20)
    assert ro.get_blob(t1.image_sha256) == png("s/generate")
    assert ro.check() == [] and ro.check("s") == []
    writes = {
        "add a turn": lambda: add(ro, "s", 2, "edit"),
        "store a blob": lambda: ro.put_blob(png("x")),
        "move the head": lambda: ro.set_head("s", 1),
        "undo": lambda: ro.undo("s"),
        "redo": lambda: ro.redo("s"),
        "collect garbage": lambda: ro.gc(older_than=0),
    }
    for what, write in writes.items():
        with pytest.raises(StoreError, match=f"^cannot {what}: the session store in .* was opened read-only"):
            write()
    assert snapshot(tmp_path) == before  # no -wal, no -shm, no mtime touched
    assert rows(tmp_path) == before_rows


def test_readonly_store_in_a_home_without_a_store(tmp_path: Path) -> None:
    home = tmp_path / "never-used"
    ro = Store(home, readonly=True)
    assert ro.sessions() == []
    for read in (lambda: ro.head("s"), lambda: ro.turns("s"), ro.check):
        with pytest.raises(NoSuchSession) as caught:
            read()
        assert caught.value.exit_code == 2
        assert one_line(caught.value) == (
            f"no sessions yet in {home}; start one with 'egaku generate PROMPT --session NAME'"
        )
    assert not home.exists()


def test_readonly_store_reads_commits_still_in_the_log(tmp_path: Path) -> None:
    store, _ = three_turns(tmp_path)
    holder = sqlite3.connect(tmp_path / DB)  # keeps the log from being merged when writers close
    try:
        holder.execute("SELECT COUNT(*) FROM turns").fetchone()
        t4 = add(store, "s", 3, "edit c")
        assert (tmp_path / f"{DB}-wal").stat().st_size > 0
        ro = Store(tmp_path, readonly=True)
        assert ro.head("s") == t4  # immutable=1 would have read the file without the log: turn 3
        assert [s["head"] for s in ro.sessions()] == [4]
    finally:
        holder.close()


def run_without_root_powers(code: str) -> subprocess.CompletedProcess[str]:
    """Run Python as root without the capabilities that override file permissions."""
    return subprocess.run(
        ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parent.parent,
    )


def make_read_only(home: Path) -> None:
    for path in [home, *home.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)


def can_drop_root_powers(tmp_path: Path) -> bool:
    if shutil.which("setpriv") is None:
        return False
    probe = tmp_path / "probe"
    probe.mkdir()
    probe.chmod(0o555)
    result = run_without_root_powers(f"open({str(probe / 'x')!r}, 'w')")
    probe.chmod(0o755)
    return result.returncode != 0 and "Permission denied" in result.stderr


READER = """
import json
from egaku.store import Store, StoreError
ro = Store({home!r}, readonly=True)
out = {{"sessions": ro.sessions(), "head": ro.head("s").id, "turns": len(ro.turns("s")),
        "image": len(ro.image(ro.head("s"))), "check": ro.check()}}
try:
    Store({home!r}).add_turn("s", parent=1, instruction="x", ops=[], scene_json="{{}}", intent_json="{{}}",
                             png=b"\\x89PNG\\r\\n\\x1a\\n", layers={{}}, changed_layers=[], trace=[])
except StoreError as e:
    out["write"] = str(e)
print(json.dumps(out))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="setpriv and capabilities are Linux")
def test_readonly_store_in_a_really_read_only_folder(tmp_path: Path) -> None:
    if not can_drop_root_powers(tmp_path):
        pytest.skip("cannot run a process that file permissions apply to")
    home = tmp_path / "home"
    store, _ = three_turns(home)
    expected = store.sessions()
    make_read_only(home)
    before = snapshot(home)
    try:
        result = run_without_root_powers(READER.format(home=str(home)))
        assert result.returncode == 0, result.stderr
        out = json.loads(result.stdout)
        assert out["sessions"] == expected and out["head"] == 3 and out["turns"] == 3
        assert out["image"] == len(png("s/edit b")) and out["check"] == []
        # A writable Store there fails cleanly, in one line, saying why and what to do.
        assert out["write"].startswith(f"the session store {home / DB} cannot be written (")
        assert out["write"].endswith(
            "or the file is read-only; make them writable, or open the store with readonly=True to only read it"
        )
        assert "\n" not in out["write"]
        assert snapshot(home) == before

        # A log with commits but no -shm beside it, in a folder where -shm cannot be made.
        make_writable(home)
        holder = sqlite3.connect(home / DB)
        holder.execute("SELECT COUNT(*) FROM turns").fetchone()
        add(store, "s", 3, "edit c")
        stranded = tmp_path / "stranded"
        stranded.mkdir()
        for name in (DB, f"{DB}-wal"):
            shutil.copy2(home / name, stranded / name)
        holder.close()
        make_read_only(stranded)
        result = run_without_root_powers(
            f"from egaku.store import Store\nprint(Store({str(stranded)!r}, readonly=True).head('s').id)"
        )
        assert result.returncode == 1
        assert f"StoreError: the session store {stranded / DB} has commits in its log" in result.stderr
        assert "make" in result.stderr and "writable and run any egaku session command once" in result.stderr
    finally:
        make_writable(tmp_path)


def make_writable(home: Path) -> None:
    for path in [home, *home.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


# -- 4. unknown sessions, turns and names ------------------------------------------------------


def test_unknown_session_or_turn_is_no_such_session_exit_2(tmp_path: Path) -> None:
    store, _ = three_turns(tmp_path)
    calls = {
        "head": lambda: store.head("nope"),
        "turn": lambda: store.turn("nope", 1),
        "turns": lambda: store.turns("nope"),
        "children": lambda: store.children("nope", 1),
        "undo": lambda: store.undo("nope"),
        "redo": lambda: store.redo("nope"),
        "set_head": lambda: store.set_head("nope", 1),
        "peek_undo": lambda: store.peek_undo("nope"),
        "peek_redo": lambda: store.peek_redo("nope"),
        "check": lambda: store.check("nope"),
        "read-only": lambda: Store(tmp_path, readonly=True).head("nope"),
    }
    for what, call in calls.items():
        with pytest.raises(NoSuchSession) as caught:
            call()
        assert caught.value.exit_code == 2 and isinstance(caught.value, StoreError), what
        assert one_line(caught.value) == (
            f"no session 'nope' in {tmp_path} (known sessions: 's'); check the name (list sessions with "
            "'egaku sessions') or start it with 'egaku generate PROMPT --session nope'"
        ), what
    for call in (lambda: store.turn("s", 9), lambda: store.set_head("s", 9), lambda: store.children("s", 9)):
        with pytest.raises(NoSuchSession) as caught:
            call()
        assert caught.value.exit_code == 2
        assert one_line(caught.value) == (
            "session 's' has no turn 9; its turns are 1–3 (list them with 'egaku history --session s')"
        )


@pytest.mark.parametrize("name", ["", " ", "a" * 65, "has space", "../etc", "名前", None, 7])
def test_invalid_session_names_are_input_errors_exit_2(tmp_path: Path, name: object) -> None:
    store = Store(tmp_path)
    for call in (
        lambda: check_session_name(name),
        lambda: store.head(name),  # type: ignore[arg-type]
        lambda: add(store, name, None, "x"),  # type: ignore[arg-type]
        lambda: Store(tmp_path, readonly=True).turns(name),  # type: ignore[arg-type]
    ):
        with pytest.raises(InputError) as caught:
            call()
        assert caught.value.exit_code == 2
        assert one_line(caught.value) == (
            f"session name {name!r} is not 1–64 characters of ASCII letters, digits, '-', '_' or '.'; "
            "pick a name like 'poster-1'"
        )
    assert check_session_name("ok-name_1.2") == "ok-name_1.2"
    assert store.sessions() == []


# -- 5. compare-and-swap -----------------------------------------------------------------------


def test_two_writers_from_the_same_head_the_second_gets_head_moved(tmp_path: Path) -> None:
    a, b = Store(tmp_path), Store(tmp_path)
    add(a, "s", None, "generate")
    seen_a, seen_b = a.head("s").id, b.head("s").id
    first = add(a, "s", seen_a, "edit from a", expect_head=seen_a)
    blobs_before = sorted((tmp_path / "blobs").rglob("*"))
    with pytest.raises(HeadMoved) as caught:
        add(b, "s", seen_b, "edit from b", expect_head=seen_b)
    assert caught.value.exit_code == 1 and isinstance(caught.value, StoreError)
    assert (caught.value.session, caught.value.expected, caught.value.actual) == ("s", 1, 2)
    assert one_line(caught.value) == (
        "session 's' changed while this command was working: its head moved from turn 1 to turn 2 "
        "(another egaku process); run the command again"
    )
    assert b.head("s") == first and [t.instruction for t in b.turns("s")] == ["generate", "edit from a"]
    assert sorted((tmp_path / "blobs").rglob("*")) == blobs_before  # the loser wrote no blob either

    # Retried from the new head, the second edit lands on top of the first.
    second = add(b, "s", first.id, "edit from b", expect_head=first.id)
    assert (second.id, second.parent, a.head("s").id) == (3, 2, 3)
    add(a, "s", 1, "a branch without a check", expect_head=ANY_HEAD)  # the default: no check


def test_expect_head_none_means_the_session_must_not_exist_yet(tmp_path: Path) -> None:
    store = Store(tmp_path)
    add(store, "s", None, "mine", expect_head=None)
    with pytest.raises(HeadMoved) as caught:
        add(store, "s", None, "theirs", expect_head=None)
    assert one_line(caught.value) == (
        "session 's' was started by another egaku process while this one was working (its head is now turn 1); "
        "edit it instead, or pick another session name"
    )
    with pytest.raises(InputError, match=r"expect_head must be a turn id \(an int >= 1\), None or ANY_HEAD"):
        add(store, "s", 1, "x", expect_head="1")
    assert len(store.turns("s")) == 1


def test_set_head_with_a_stale_head_changes_nothing(tmp_path: Path) -> None:
    store, _ = three_turns(tmp_path)
    before = rows(tmp_path)
    with pytest.raises(HeadMoved, match=r"its head moved from turn 2 to turn 3"):
        store.set_head("s", 1, expect_head=2)
    assert rows(tmp_path) == before
    assert store.set_head("s", 1, expect_head=3).id == 1
    assert store.head("s").id == 1


EDITOR = """
import sys, time
from pathlib import Path
from tests.test_store import add
from egaku.store import HeadMoved, Store
home, worker, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = Store(home)
while not (home / "go").exists():
    time.sleep(0.001)
retries = 0
for n in range(count):
    while True:
        head = store.head("s").id          # read the head, then "work" on the edit
        time.sleep(0.02)
        try:
            add(store, "s", head, f"worker {worker} edit {n}", expect_head=head)
            break
        except HeadMoved:
            retries += 1
print(retries)
"""


def test_concurrent_editors_with_retries_land_every_edit_in_one_chain(tmp_path: Path) -> None:
    workers, count = 4, 4
    store = Store(tmp_path)
    add(store, "s", None, "generate")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(tmp_path), str(w), str(count)],
            cwd=Path(__file__).parent.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(workers)
    ]
    time.sleep(1.5)
    (tmp_path / "go").touch()
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * workers, [err for _, err in outputs]
    retries = sum(int(out) for out, _ in outputs)
    turns = store.turns("s")
    print(f"\n{workers} editors x {count} edits: {retries} HeadMoved retries")
    assert len(turns) == 1 + workers * count
    assert [t.parent for t in turns] == [None, *range(1, workers * count + 1)]  # one chain, no lost branch
    assert store.head("s").id == turns[-1].id
    assert sorted(t.instruction for t in turns[1:]) == sorted(
        f"worker {w} edit {n}" for w in range(workers) for n in range(count)
    )
    assert retries > 0  # they really did collide
    assert store.check() == []


# -- 6. peek, then move ------------------------------------------------------------------------


def test_peek_undo_and_redo_change_nothing_and_set_head_applies_them_exactly(tmp_path: Path) -> None:
    home = tmp_path / "a"
    store = Store(home)
    add(store, "s", None, "generate")  # 1
    add(store, "s", 1, "edit a")  # 2
    add(store, "s", 2, "edit b")  # 3
    add(store, "s", 1, "edit c")  # 4, a sibling of 2
    store.set_head("s", 3)
    with pytest.raises(StoreError, match="nothing to redo in session 's': turn 3 has no later turns"):
        store.peek_redo("s")

    for step in ["undo", "undo", "redo", "redo", "undo", "undo"]:
        before = rows(home)
        head = store.head("s").id
        peeked = store.peek_undo("s") if step == "undo" else store.peek_redo("s")
        assert rows(home) == before, f"peek_{step} changed the store"
        # The same move two ways, on two copies of the store: undo()/redo() and set_head(peeked).
        other = tmp_path / "b"
        shutil.rmtree(other, ignore_errors=True)
        shutil.copytree(home, other)
        moved = store.set_head("s", peeked.id, expect_head=head)
        direct = getattr(Store(other), step)("s")
        assert moved == direct == peeked
        assert rows(home) == rows(other), step
    assert store.head("s").id == 1
    with pytest.raises(StoreError, match="nothing to undo in session 's': turn 1 is its first turn"):
        store.peek_undo("s")
    assert store.peek_redo("s").id == 2  # toward 3, where the undos came from, not the newest child 4


# -- 7. listing sessions -----------------------------------------------------------------------


def test_sessions_lists_each_session_newest_change_first(tmp_path: Path) -> None:
    store = Store(tmp_path)
    a1 = add(store, "a", None, "A0")
    b1 = add(store, "b", None, "B0")
    c1 = add(store, "c", None, "C0")
    a2 = add(store, "a", 1, "A1")
    a3 = add(store, "a", 2, "A2")
    store.undo("a")  # moving the head is not a change of the session's turns
    listing = store.sessions()
    assert listing == [
        {
            "name": "a",
            "turns": 3,
            "head": 2,
            "instruction": "A1",
            "created_at": a1.created_at,
            "updated_at": a3.created_at,
        },
        {
            "name": "c",
            "turns": 1,
            "head": 1,
            "instruction": "C0",
            "created_at": c1.created_at,
            "updated_at": c1.created_at,
        },
        {
            "name": "b",
            "turns": 1,
            "head": 1,
            "instruction": "B0",
            "created_at": b1.created_at,
            "updated_at": b1.created_at,
        },
    ]
    assert a2.created_at < a3.created_at
    assert Store(tmp_path, readonly=True).sessions() == listing
    sql(tmp_path, "UPDATE turns SET created_at = 'soon' WHERE session = 'b'")
    with pytest.raises(StoreError, match=r"^session store damaged: turn 1 of session 'b' has unreadable created_at"):
        store.sessions()


def test_add_turn_takes_only_json_objects_for_scene_and_intent(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with pytest.raises(InputError, match=r"^scene_json must be a JSON object, not a JSON list"):
        add(store, "s", None, "x", scene_json="[]")
    with pytest.raises(InputError, match=r"^intent_json must be a JSON object, not a JSON null"):
        add(store, "s", None, "x", intent_json="null")
    assert store.sessions() == []
    digest = hashlib.sha256(png("s/x")).hexdigest()
    assert add(store, "s", None, "x").image_sha256 == digest


WRITER = """
import sys
from pathlib import Path
from tests.test_store import add
from egaku.store import Store
store = Store(Path(sys.argv[1]))
for n in range(int(sys.argv[2])):
    add(store, "s", store.head("s").id, f"edit {n}")
"""


def test_readonly_reads_stay_consistent_while_a_writer_commits(tmp_path: Path) -> None:
    store = Store(tmp_path)
    add(store, "s", None, "generate")
    ro = Store(tmp_path, readonly=True)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path), "25"], cwd=Path(__file__).parent.parent, stderr=subprocess.PIPE
    )
    seen = [1]
    reads = 0
    while writer.poll() is None or reads < 5:
        turns = ro.turns("s")  # never a half-checkpointed file: a whole chain, never fewer turns than before
        assert [t.parent for t in turns] == [None, *range(1, len(turns))]
        assert len(turns) >= seen[-1]
        assert ro.head("s").id >= len(turns)
        seen.append(len(turns))
        reads += 1
    _, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err.decode()
    assert ro.turns("s")[-1].id == 26
    print(f"\n{reads} read-only reads during 25 commits saw {len(set(seen))} different turn counts")


def test_gc_removes_old_temp_databases_of_a_killed_creator(tmp_path: Path) -> None:
    Store(tmp_path)
    old = [tmp_path / f".{DB}.123.abcd.tmp", tmp_path / f".{DB}.123.abcd.tmp-wal"]
    young = tmp_path / f".{DB}.456.ef01.tmp"
    for path in [*old, young]:
        path.write_bytes(b"half a database")
    for path in old:
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    assert sorted(Store(tmp_path).gc()) == sorted(old)
    assert young.exists() and (tmp_path / DB).exists()
