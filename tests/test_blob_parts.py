"""Large snapshots in parts: each part its own write, a manifest switches to them."""
from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any, Iterator

import pytest

from models.local_refit import Example, _State, decode_state_parts, encode_state, encode_state_parts
from service.store.blob_parts import get_parts, part_name, put_parts
from service.store.lmdb_store import LmdbStore
from service.store.memory import MemoryStore
from service.store.sqlite import EmbeddedStore


@pytest.fixture(params=["memory", "sqlite", "lmdb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    s: Any = (MemoryStore() if request.param == "memory" else EmbeddedStore(str(tmp_path))
              if request.param == "sqlite" else LmdbStore(str(tmp_path), sync_interval_s=None))
    yield s
    s.close()


def test_parts_read_back_in_order_and_a_rewrite_switches_slots(store: Any) -> None:
    first = [bytes([i]) * (100 + i) for i in range(5)]
    assert put_parts(store, "snap", iter(first)) == sum(map(len, first))
    assert get_parts(store, "snap") == first
    second = [b"x" * 10, b"y" * 20]
    put_parts(store, "snap", second)
    assert get_parts(store, "snap") == second
    assert store.get_blob(part_name("snap", "a", 0)) == first[0]   # the other slot: untouched
    assert store.get_blob(part_name("snap", "b", 0)) == second[0]
    assert get_parts(store, "nothing") is None


def test_a_write_that_stops_half_way_leaves_the_last_complete_one(store: Any) -> None:
    put_parts(store, "snap", [b"old-0", b"old-1"])

    def failing() -> Iterator[bytes]:
        yield b"new-0"
        raise RuntimeError("the process went away")

    with pytest.raises(RuntimeError):
        put_parts(store, "snap", failing())
    assert get_parts(store, "snap") == [b"old-0", b"old-1"]


def test_a_blob_written_whole_reads_as_one_part_and_a_torn_one_is_refused(store: Any) -> None:
    store.put_blob("old", b"\x81\xa1a\x01")            # any blob of before: msgpack or not
    assert get_parts(store, "old") == [b"\x81\xa1a\x01"]
    put_parts(store, "snap", [b"aaaa", b"bbbb"])
    store.put_blob(part_name("snap", "a", 1), b"b")      # a part rewritten under a reader
    with pytest.raises(ValueError):
        get_parts(store, "snap")


def _state(n_pos: int, n_neg: int) -> _State:
    rnd = random.Random(n_pos * 1000 + n_neg)

    def ex(i: int, y: bool) -> Example:
        return Example(1.7e9 + i, y, 1.0 if y else 4.0, rnd.gauss(-5, 1), bytes(rnd.randrange(256) for _ in range(12)),
                       u=rnd.random(), d=86400.0 * y)

    return _State(3, [ex(i, True) for i in range(n_pos)], [ex(i, False) for i in range(n_neg)], 0.25, 5.0, 2, 1,
                  1.8e9, {"trees": [1, 2]}, {"reason": "adopted"}, 7, -math.inf)


@pytest.mark.parametrize("n_pos,n_neg", [(0, 0), (3, 0), (0, 7), (5, 12), (10, 30)])
def test_the_local_state_in_parts_is_the_state(n_pos: int, n_neg: int) -> None:
    st = _state(n_pos, n_neg)
    parts = list(encode_state_parts(st, per_part=5))
    assert len(parts) == 1 + -(-n_pos // 5) + -(-n_neg // 5)
    assert decode_state_parts(parts) == st
    assert decode_state_parts([encode_state(st)]) == st             # one blob, as written before the parts
    if len(parts) > 1:
        with pytest.raises(ValueError):
            decode_state_parts(parts[:-1])


def test_the_local_state_through_a_store(store: Any) -> None:
    st = _state(7, 23)
    put_parts(store, "local_model", encode_state_parts(st, per_part=4))
    assert decode_state_parts(get_parts(store, "local_model") or []) == st


def test_a_writer_that_finds_the_lease_held_writes_nothing(store: Any) -> None:
    """Two workers write their state under one name at the same moments; the
    one that finds the other's lease skips (its parts would interleave)."""
    import time

    from service.store import blob_parts

    put_parts(store, "snap", [b"first"])
    assert blob_parts._lease(store, "snap", "another-worker", time.time() + 60)
    assert put_parts(store, "snap", [b"second-0", b"second-1"]) is None
    assert get_parts(store, "snap") == [b"first"]
    assert blob_parts._lease(store, "snap", "another-worker", 0.0)         # it is done
    assert put_parts(store, "snap", [b"third"]) == 5
    assert get_parts(store, "snap") == [b"third"]
    assert blob_parts._lease(store, "snap", "a-killed-writer", time.time() - 1)   # a lapsed lease
    assert put_parts(store, "snap", [b"fourth"]) == 6


def _write_often(kind: str, path: str, k: int) -> None:
    s: Any = EmbeddedStore(path) if kind == "sqlite" else LmdbStore(path, sync_interval_s=None)
    for i in range(40):
        put_parts(s, "snap", (bytes([k, i, j]) * (200 + 37 * k + j) for j in range(3 + (i + k) % 5)), pause_s=0.001)
        get_parts(s, "snap")       # never two writes' parts under one manifest
    s.close()


@pytest.mark.parametrize("kind", ["sqlite", "lmdb"])
def test_two_processes_writing_one_name_never_leave_it_torn(kind: str, tmp_path: Path) -> None:
    """A black-box audit: 3 of 14 two-worker shutdowns left parts of two writes
    under one manifest, and no worker could start on that store again."""
    from tests.child_processes import run_workers

    assert run_workers(_write_often, [(kind, str(tmp_path), k) for k in (1, 2)], timeout_s=60) == [0, 0]
    s: Any = EmbeddedStore(str(tmp_path)) if kind == "sqlite" else LmdbStore(str(tmp_path), sync_interval_s=None)
    parts = get_parts(s, "snap")
    assert parts is not None and len({p[:1] for p in parts}) == 1     # all of one writer's write
    s.close()
