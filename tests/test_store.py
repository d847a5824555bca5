"""The session store: a durable tree of turns, content-addressed blobs, undo/redo, SIGKILL safety."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from egaku.errors import EgakuError, InputError
from egaku.store import Store, StoreError, Turn

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Appends turns to session 'killed' in the Store at argv[1] forever, until SIGKILLed. It prints
# "ready" once the store is open so the test kills it while turns are being written, not while
# Python is still importing.
KILLER_SOURCE = """
import json, os, random, sys
from pathlib import Path

from egaku.store import Store

PNG_SIGNATURE = b"\\x89PNG\\r\\n\\x1a\\n"


def random_png(rng):
    # Not a decodable PNG: the store only checks the signature and hashes the bytes.
    return PNG_SIGNATURE + os.urandom(rng.randint(50_000, 200_000))


store = Store(Path(sys.argv[1]))
rng = random.Random()
head = store.head("killed").id
print("ready", flush=True)
while True:
    n_layers = rng.randint(1, 3)
    turn = store.add_turn(
        "killed",
        parent=head,
        instruction=f"edit after turn {head}",
        ops=[{"op": "recolor", "layer": "bg", "color": f"#{rng.randrange(1 << 24):06x}"}],
        scene_json=json.dumps({"layers": [f"l{i}" for i in range(n_layers)]}),
        intent_json="{}",
        png=random_png(rng),
        layers={f"l{i}": (random_png(rng), rng.randint(0, 500), rng.randint(0, 500)) for i in range(n_layers)},
        changed_layers=["l0"],
        trace=[f"killer pid {os.getpid()}"],
    )
    head = turn.id
"""


def png(tag: str, size: int = 64) -> bytes:
    """Deterministic stand-in PNG bytes (the store checks the signature and hashes the rest)."""
    body = hashlib.sha256(tag.encode()).digest() * (size // 32 + 1)
    return PNG_SIGNATURE + body[:size]


def add(store: Store, session: str, parent: int | None, instruction: str, **overrides: object) -> Turn:
    kwargs: dict[str, object] = {
        "parent": parent,
        "instruction": instruction,
        "ops": [] if parent is None else [{"op": "set_text", "layer": "title", "text": instruction}],
        "scene_json": json.dumps({"title": instruction}, ensure_ascii=False),
        "intent_json": "{}",
        "png": png(f"{session}/{instruction}"),
        "layers": {"title": (png(f"{session}/{instruction}/title"), 10, 20), "bg": (png("shared background"), 0, 0)},
        "changed_layers": ["title"],
        "trace": [f"turn for {instruction}"],
    }
    kwargs.update(overrides)
    return store.add_turn(session, **kwargs)  # type: ignore[arg-type]


def blob_path(home: Path, sha: str) -> Path:
    return home / "blobs" / sha[:2] / sha[2:]


def test_layout_and_pragmas(tmp_path: Path) -> None:
    Store(tmp_path)
    assert (tmp_path / "sessions.sqlite3").is_file()
    assert (tmp_path / "blobs").is_dir()
    with sqlite3.connect(tmp_path / "sessions.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        columns = [row[1] for row in db.execute("PRAGMA table_info(turns)")]
        assert columns == [
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
        assert [row[1] for row in db.execute("PRAGMA table_info(heads)")] == ["session", "turn", "redo_hint"]
    db.close()
    Store(tmp_path)  # reopening an existing store is fine


def test_add_turns_then_read_them_back(tmp_path: Path) -> None:
    store = Store(tmp_path)
    t1 = add(store, "poster", None, "文化祭のポスター")
    t2 = add(store, "poster", 1, "make the title red")
    assert (t1.id, t1.parent, t2.id, t2.parent) == (1, None, 2, 1)
    assert t1.ops == [] and t2.ops == [{"op": "set_text", "layer": "title", "text": "make the title red"}]
    assert t2.image_sha256 == hashlib.sha256(png("poster/make the title red")).hexdigest()
    assert t2.layers["title"] == {
        "sha256": hashlib.sha256(png("poster/make the title red/title")).hexdigest(),
        "x": 10,
        "y": 20,
    }
    assert t2.created_at.endswith("+00:00") and t2.created_at >= t1.created_at

    assert [s["name"] for s in store.sessions()] == ["poster"]
    assert store.head("poster") == t2
    assert store.turn("poster", 1) == t1
    assert store.turns("poster") == [t1, t2]
    assert store.children("poster", 1) == [2] and store.children("poster", 2) == []
    assert json.loads(store.turn("poster", 1).scene_json) == {"title": "文化祭のポスター"}

    assert store.image(t2) == png("poster/make the title red")
    assert store.layer_images(t2) == {
        "title": (png("poster/make the title red/title"), 10, 20),
        "bg": (png("shared background"), 0, 0),
    }
    assert store.get_blob(t1.image_sha256) == png("poster/文化祭のポスター")
    assert store.check() == [] and store.check("poster") == []


def test_undo_redo_and_branching(tmp_path: Path) -> None:
    store = Store(tmp_path)
    add(store, "s", None, "generate")  # 1
    add(store, "s", 1, "edit a")  # 2
    add(store, "s", 2, "edit b")  # 3

    # Undo twice, redo follows the path back down.
    assert store.undo("s").id == 2
    assert store.undo("s").id == 1
    with pytest.raises(StoreError, match=r"nothing to undo in session 's': turn 1 is its first turn"):
        store.undo("s")
    assert store.head("s").id == 1
    assert store.redo("s").id == 2
    assert store.redo("s").id == 3
    with pytest.raises(StoreError, match=r"nothing to redo in session 's': turn 3 has no later turns"):
        store.redo("s")

    # Undo twice then edit: the edit is a sibling of turn 2, on a new branch.
    store.undo("s")
    store.undo("s")
    t4 = add(store, "s", store.head("s").id, "edit c")
    assert (t4.id, t4.parent) == (4, 1)
    assert store.children("s", 1) == [2, 4]
    assert store.head("s").id == 4
    with pytest.raises(StoreError, match="nothing to redo"):
        store.redo("s")  # a fresh edit has no children; the old branch is not "redo"

    # Redo follows the child the last undo came from, not merely the newest.
    assert store.undo("s").id == 1
    assert store.redo("s").id == 4
    store.set_head("s", 3)  # checkout the old branch's tip
    assert store.undo("s").id == 2
    assert store.undo("s").id == 1
    assert store.redo("s").id == 2  # toward 3, although 4 is the newest child of 1
    assert store.redo("s").id == 3

    # Checking out an ancestor remembers the way back down, like undo.
    assert store.set_head("s", 1).id == 1
    assert store.redo("s").id == 2

    # Branch straight from an earlier turn without moving the head first.
    t5 = add(store, "s", 2, "edit d")
    assert (t5.parent, store.head("s").id) == (2, 5)
    assert store.children("s", 2) == [3, 5]
    assert [t.id for t in store.turns("s")] == [1, 2, 3, 4, 5]
    assert [t.parent for t in store.turns("s")] == [None, 1, 2, 1, 2]

    # A sideways checkout has no way back down to remember: redo takes the newest child.
    store.set_head("s", 4)
    assert store.set_head("s", 2).id == 2
    assert store.redo("s").id == 5


def test_sessions_side_by_side_stay_independent(tmp_path: Path) -> None:
    store = Store(tmp_path)
    add(store, "a", None, "A0")
    add(store, "b", None, "B0")
    add(store, "a", 1, "A1")
    add(store, "b", 1, "B1")
    add(store, "b", 2, "B2")
    assert [s["name"] for s in store.sessions()] == ["b", "a"]  # the most recently changed first
    assert [t.instruction for t in store.turns("a")] == ["A0", "A1"]
    assert [t.instruction for t in store.turns("b")] == ["B0", "B1", "B2"]
    store.undo("a")
    assert store.head("a").instruction == "A0"
    assert store.head("b").instruction == "B2"  # untouched
    assert store.redo("a").instruction == "A1"
    # A second Store on the same home sees the same state (another process, a later CLI run).
    assert Store(tmp_path).head("b") == store.head("b")


def test_blobs_deduplicate(tmp_path: Path) -> None:
    store = Store(tmp_path)
    sha = store.put_blob(png("same"))
    assert sha == store.put_blob(png("same")) == hashlib.sha256(png("same")).hexdigest()
    t1 = add(store, "a", None, "one", png=png("same"))
    t2 = add(store, "b", None, "two", png=png("same"))
    assert t1.image_sha256 == t2.image_sha256 == sha
    assert t1.layers["bg"]["sha256"] == t2.layers["bg"]["sha256"]  # the shared background, stored once
    files = sorted(p for p in (tmp_path / "blobs").rglob("*") if p.is_file())
    # one image + two titles + one shared background (a and b titles differ by session)
    assert len(files) == 4, files
    assert not any(p.name.endswith(".tmp") for p in files)
    assert blob_path(tmp_path, sha).read_bytes() == png("same")


def test_missing_blob_is_a_clear_error_and_check_reports_it(tmp_path: Path) -> None:
    store = Store(tmp_path)
    add(store, "x", None, "one")
    t2 = add(store, "x", 1, "two")
    blob_path(tmp_path, t2.image_sha256).unlink()

    with pytest.raises(StoreError) as caught:
        store.image(store.head("x"))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"image {t2.image_sha256[:8]}… of session 'x' turn 2 is missing from {tmp_path}")
    assert "the store is damaged" in message and "restore" in message
    assert caught.value.exit_code == 1 and isinstance(caught.value, EgakuError)
    with pytest.raises(StoreError, match=r"^blob [0-9a-f]{8}… is missing from"):
        store.get_blob(t2.image_sha256)

    problems = store.check()
    assert problems == [
        f"image {t2.image_sha256[:8]}… of session 'x' turn 2: missing from {blob_path(tmp_path, t2.image_sha256)}"
    ]
    assert store.check("x") == problems
    store.undo("x")
    assert store.image(store.head("x")) == png("x/one")  # the rest of the session still loads


def test_corrupt_blob_is_a_clear_error_and_check_reports_it(tmp_path: Path) -> None:
    store = Store(tmp_path)
    t1 = add(store, "x", None, "one")
    title = blob_path(tmp_path, t1.layers["title"]["sha256"])
    title.write_bytes(title.read_bytes()[:-1] + b"!")  # one flipped byte

    with pytest.raises(StoreError) as caught:
        store.layer_images(t1)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(
        f"layer 'title' ({t1.layers['title']['sha256'][:8]}…) of session 'x' turn 1 is corrupt at {title}"
    )
    assert "its bytes hash to" in message and "the store is damaged" in message
    assert store.image(t1) == png("x/one")  # the final image is intact

    [problem] = store.check()
    assert problem.startswith(
        f"layer 'title' {t1.layers['title']['sha256'][:8]}… of session 'x' turn 1: corrupt at {title}"
    )

    # Writing the same bytes again repairs the blob instead of trusting the damaged file.
    store.put_blob(png("x/one/title"))
    assert store.check() == []


def test_unknown_sessions_turns_and_bad_inputs(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with pytest.raises(StoreError, match=r"no session 'nope' in .* \(known sessions: none yet\)"):
        store.head("nope")
    add(store, "alpha", None, "one")
    add(store, "beta", None, "one")
    with pytest.raises(
        StoreError, match=r"no session 'nope' in .* \(known sessions: 'alpha', 'beta'\); check the name"
    ):
        store.turns("nope")
    with pytest.raises(StoreError, match=r"session 'alpha' has no turn 7; its turns are 1–1"):
        store.turn("alpha", 7)
    with pytest.raises(StoreError, match="has no turn 9"):
        store.set_head("alpha", 9)

    for bad in ["", "a" * 65, "has space", "../etc", "名前"]:
        with pytest.raises(InputError, match="is not 1–64 characters"):
            add(store, bad, None, "x")
    assert sorted(s["name"] for s in Store(tmp_path).sessions()) == ["alpha", "beta"]  # nothing was written for them
    add(store, "ok-name_1.2", None, "x")

    with pytest.raises(InputError, match=r"session 'alpha' already has turns 1–1; pass parent="):
        add(store, "alpha", None, "second root")
    with pytest.raises(InputError, match=r"session 'alpha' has no turn 5 to edit"):
        add(store, "alpha", 5, "edit")
    with pytest.raises(InputError, match=r"session 'fresh' has no turns yet, so no parent 1"):
        add(store, "fresh", 1, "edit")
    with pytest.raises(InputError, match=r"^png is not a PNG"):
        add(store, "alpha", 1, "edit", png=b"GIF89a....")
    with pytest.raises(InputError, match=r"scene_json is not valid JSON"):
        add(store, "alpha", 1, "edit", scene_json="{oops")
    with pytest.raises(InputError, match=r"ops\[0\] must be a dict"):
        add(store, "alpha", 1, "edit", ops=["recolor"])
    with pytest.raises(InputError, match=r"layers\['t'\] x must be an int"):
        add(store, "alpha", 1, "edit", layers={"t": (png("t"), 1.5, 0)})
    with pytest.raises(InputError, match="64 lowercase hex digits"):
        store.get_blob("../../etc/passwd")
    assert [t.id for t in store.turns("alpha")] == [1]


def test_turns_of_a_200_turn_session_load_fast(tmp_path: Path) -> None:
    store = Store(tmp_path)
    scene = json.dumps({"layers": [{"id": f"l{i}", "text": "輝け青春" * 20} for i in range(30)]}, ensure_ascii=False)
    # Rows written directly: 200 fsynced add_turn() calls would test the disk, not turns().
    with sqlite3.connect(tmp_path / "sessions.sqlite3") as db:
        sha = store.put_blob(png("img"))
        layers = json.dumps({f"l{i}": {"sha256": sha, "x": i, "y": i} for i in range(30)})
        db.executemany(
            "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    "long",
                    i,
                    i - 1 or None,
                    f"edit {i}",
                    json.dumps([{"op": "move", "dx": i}]),
                    scene,
                    "{}",
                    sha,
                    layers,
                    '["l1"]',
                    '["step"]',
                    "2025-01-01T00:00:00+00:00",
                )
                for i in range(1, 201)
            ],
        )
        db.execute("INSERT INTO heads VALUES ('long', 200, NULL)")
    db.close()
    store.turns("long")  # warm the page cache once
    start = time.perf_counter()
    turns = store.turns("long")
    elapsed = time.perf_counter() - start
    print(f"\nturns() of a 200-turn session: {elapsed * 1000:.1f} ms")
    assert [t.id for t in turns] == list(range(1, 201))
    assert turns[-1].layers["l29"] == {"sha256": sha, "x": 29, "y": 29}
    assert elapsed < 0.2


def test_gc_removes_old_orphans_and_keeps_what_rows_name(tmp_path: Path) -> None:
    store = Store(tmp_path)
    t1 = add(store, "g", None, "one")
    named = [blob_path(tmp_path, t1.image_sha256)] + [blob_path(tmp_path, ref["sha256"]) for ref in t1.layers.values()]
    old_orphan = blob_path(tmp_path, store.put_blob(png("old orphan")))
    young_orphan = blob_path(tmp_path, store.put_blob(png("young orphan")))
    reused = blob_path(tmp_path, store.put_blob(png("reused")))
    old_tmp = old_orphan.with_name(old_orphan.name + ".123.abcd.tmp")
    old_tmp.write_bytes(b"half a png")
    young_tmp = young_orphan.with_name(young_orphan.name + ".456.ef01.tmp")
    young_tmp.write_bytes(b"a png being written right now")
    two_hours_ago = time.time() - 7200
    for path in [*named, old_orphan, old_tmp, reused]:
        os.utime(path, (two_hours_ago, two_hours_ago))
    # A writer reusing an old blob refreshes it, so gc() cannot pull it from under the row to come.
    assert store.put_blob(png("reused")) == reused.parent.name + reused.name
    assert reused.stat().st_mtime > two_hours_ago + 3600

    removed = store.gc()
    assert sorted(removed) == sorted([old_orphan, old_tmp])
    assert not old_orphan.exists() and not old_tmp.exists()
    assert all(p.exists() for p in [*named, young_orphan, young_tmp, reused])
    assert store.check() == []

    assert sorted(store.gc(older_than=0)) == sorted([young_orphan, young_tmp, reused])
    assert all(p.exists() for p in named)
    assert store.check() == [] and store.image(t1) == png("g/one")


def referenced_shas(home: Path) -> set[str]:
    with sqlite3.connect(home / "sessions.sqlite3") as db:
        shas = {row[0] for row in db.execute("SELECT image_sha256 FROM turns")}
        for (layers_json,) in db.execute("SELECT layers_json FROM turns"):
            shas.update(ref["sha256"] for ref in json.loads(layers_json).values())
    db.close()
    return shas


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_writes_loses_at_most_one_turn(tmp_path: Path) -> None:
    home = tmp_path / "home"
    add(Store(home), "killed", None, "generate")  # the session the killer appends to
    killer = tmp_path / "store_killer.py"
    killer.write_text(KILLER_SOURCE, encoding="utf-8")
    rng = random.Random(20240601)
    counts = [1]
    for run in range(25):
        proc = subprocess.Popen([sys.executable, str(killer), str(home)], stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready", f"run {run}: the killer did not start"
            time.sleep(rng.uniform(0.05, 0.4))  # somewhere in the middle of a turn, most likely
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL

        store = Store(home)
        assert store.check() == [], f"run {run}"
        head = store.head("killed")
        assert head.id == len(store.turns("killed")) >= counts[-1]
        assert store.image(head).startswith(PNG_SIGNATURE)
        assert all(len(data) > 50_000 for data, _, _ in store.layer_images(head).values())
        # No row names a temp file or a half-written blob: every name is a bare sha256 whose
        # file exists under exactly that name and hashes to it (check() re-read every byte).
        for sha in referenced_shas(home):
            assert len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)
            assert blob_path(home, sha).is_file()
        counts.append(head.id)

    added = counts[-1] - 1
    tmp_files = list((home / "blobs").rglob("*.tmp"))
    print(f"\n25 SIGKILLs: {added} turns survived, {len(tmp_files)} orphan temp files left")
    assert added >= 10, counts  # the killer really was writing when it was killed
    # Orphans (temp files, blobs of the turn cut short) are ignored by readers and gc'd.
    removed = Store(home).gc(older_than=0)
    assert all(p.name.endswith(".tmp") or p.parent.name + p.name not in referenced_shas(home) for p in removed)
    assert not list((home / "blobs").rglob("*.tmp"))
    assert Store(home).check() == []
