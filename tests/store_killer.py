"""Append turns to session 'killed' in the Store at argv[1] forever, until SIGKILLed.

Used by tests/test_store.py::test_sigkill_during_writes_loses_at_most_one_turn. Prints
"ready" once the store is open so the test kills it while turns are being written, not
while Python is still importing.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

from egaku.store import Store

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def random_png(rng: random.Random) -> bytes:
    # Not a decodable PNG: the store only checks the signature and hashes the bytes.
    return PNG_SIGNATURE + os.urandom(rng.randint(50_000, 200_000))


def main() -> None:
    store = Store(Path(sys.argv[1]))
    rng = random.Random()
    head = store.head("killed").id if "killed" in store.sessions() else None
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


if __name__ == "__main__":
    main()
