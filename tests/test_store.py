"""The Store contract (service/store/base.py), one suite run against every
implementation: memory, embedded SQLite, embedded LMDB, Redis and a one-node Redis Cluster
(which enforces the one-slot-per-script rule the cluster path must obey).
"""
from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

import pytest

from service.store.base import Abort, Store, StoreError
from service.store.memory import MemoryStore
from service.store.lmdb_store import LmdbStore
from service.store.sqlite import EmbeddedStore
from tests.child_processes import run_workers

KINDS = ["memory", "embedded", "lmdb", "redis", "redis-cluster"]
SHARED = ["embedded", "lmdb", "redis", "redis-cluster"]  # stores that several processes can share


def open_store(kind: str, where: str, **kw: Any) -> Store:
    if kind == "embedded":
        return EmbeddedStore(where, **kw)
    if kind == "lmdb":
        return LmdbStore(where, **kw)
    from service.store.redis import RedisStore

    return RedisStore(where, **kw)


@dataclass
class Backend:
    kind: str
    where: str  # data dir or redis URL
    server: Any = None
    memory: MemoryStore | None = None

    def open(self, **kw: Any) -> Store:
        if self.memory is not None:
            return self.memory
        return open_store(self.kind, self.where, **kw)


def _backend(kind: str, request: pytest.FixtureRequest, tmp_path: Any, own_server: bool = False) -> Backend:
    """A store to test; `own_server` gives Redis a fresh server the test may kill."""
    if kind == "memory":
        return Backend(kind, "", memory=MemoryStore())
    if kind in ("embedded", "lmdb"):
        return Backend(kind, str(tmp_path / "data"))
    cluster = kind == "redis-cluster"
    if own_server:
        server = request.getfixturevalue("redis_cluster_server" if cluster else "redis_server")
        return Backend(kind, server.url, server=server)
    return Backend(kind, request.getfixturevalue("redis_cluster_url" if cluster else "redis_url"))


@pytest.fixture(params=KINDS)
def backend(request: pytest.FixtureRequest, tmp_path: Any) -> Backend:
    return _backend(request.param, request, tmp_path)


@pytest.fixture(params=SHARED)
def shared_backend(request: pytest.FixtureRequest, tmp_path: Any) -> Backend:
    return _backend(request.param, request, tmp_path)


@pytest.fixture
def store(backend: Backend) -> Any:
    s = backend.open()
    yield s
    s.close()


def put(store: Store, ts: float, **values: bytes) -> None:
    """Write key=value pairs (keys given as ns_name → "ns:name")."""
    items = {k.replace("_", ":", 1): v for k, v in values.items()}
    store.transact(list(items), lambda cur: (items, None), ts)


def incr(key: str) -> Callable[[Any], tuple[dict[str, bytes], int]]:
    def fn(cur: Any) -> tuple[dict[str, bytes], int]:
        n = int(cur[key] or b"0") + 1
        return {key: str(n).encode()}, n
    return fn


# ------------------------------------------------------------------ basics
def test_the_longest_ids_the_api_accepts_are_stored_and_purged(store: Store) -> None:
    """128 characters (service.parse.MAX_ID) of 4-byte UTF-8 are 512 bytes: past LMDB's
    511-byte key limit (found by a white-box review: such a customer was DEGRADED for
    good, such a transaction's record blocked the unrecorded answers behind it)."""
    long_id = "\U0001F600" * 128
    keys = ["r:" + long_id, "c:" + long_id, "r:" + long_id[:-1], "c:" + long_id[:-1]]
    store.transact(keys, lambda cur: ({k: k.encode()[-9:] for k in keys}, None), 5.0)
    assert store.read(keys) == {k: k.encode()[-9:] for k in keys}       # four keys, none mixed up
    store.purge("r:", 10.0)
    store.purge("c:", 10.0)
    assert store.read(keys) == dict.fromkeys(keys)


def test_read_of_missing_keys_gives_none(store: Store) -> None:
    assert store.read(["c:nobody", "r:nothing", "d:abc"]) == {"c:nobody": None, "r:nothing": None, "d:abc": None}
    assert store.read([]) == {}


def test_transact_writes_and_reads_back(store: Store) -> None:
    seen: list[dict[str, Any]] = []

    def fn(cur: Any) -> tuple[dict[str, bytes], str]:
        seen.append(dict(cur))
        return {"c:42": b"profile" * 200, "p:payee": b"\x00\xffentity"}, "result"

    assert store.transact(["r:tx1", "c:42", "p:payee"], fn, 1000.0) == "result"
    assert seen == [{"r:tx1": None, "c:42": None, "p:payee": None}]
    assert store.read(["c:42", "p:payee", "r:tx1"]) == {"c:42": b"profile" * 200, "p:payee": b"\x00\xffentity",
                                                      "r:tx1": None}
    # a second transaction sees the first one's values
    store.transact(["c:42"], lambda cur: ({"c:42": cur["c:42"][:7] + b"!"}, None), 1001.0)
    assert store.read(["c:42"]) == {"c:42": b"profile!"}


def test_abort_rolls_back_and_hands_back_its_value(store: Store) -> None:
    put(store, 10.0, c_1=b"before")

    def fn(cur: Any) -> tuple[dict[str, bytes], None]:
        assert cur["c:1"] == b"before"
        raise Abort(cur["c:1"] + b"-seen")

    with pytest.raises(Abort) as info:
        store.transact(["c:1", "r:9"], fn, 11.0)
    assert info.value.value == b"before-seen"
    assert store.read(["c:1", "r:9"]) == {"c:1": b"before", "r:9": None}


def test_other_exceptions_propagate_and_write_nothing(store: Store) -> None:
    def fn(cur: Any) -> tuple[dict[str, bytes], None]:
        raise ValueError("bug in the update function")

    with pytest.raises(ValueError):
        store.transact(["c:1"], fn, 1.0)
    assert store.read(["c:1"]) == {"c:1": None}


def test_empty_update_writes_nothing(store: Store) -> None:
    assert store.transact(["c:1"], lambda cur: ({}, cur["c:1"]), 5.0) is None
    assert store.read(["c:1"]) == {"c:1": None}


def test_blobs(store: Store) -> None:
    assert store.get_blob("freq") is None
    store.put_blob("freq", b"\x01" * 5000)
    assert store.get_blob("freq") == b"\x01" * 5000
    store.put_blob("freq", b"v2")
    assert store.get_blob("freq") == b"v2"
    assert store.read(["freq"]) == {"freq": None}  # blobs do not leak into the key space


def test_ping(store: Store) -> None:
    assert store.ping() is True


# ------------------------------------------------------------------ purge
def test_purge_drops_old_keys_of_one_prefix_only(store: Store) -> None:
    put(store, 100.0, r_old=b"1", c_old=b"2", d_old=b"3")
    put(store, 200.0, r_new=b"4")
    put(store, 100.0, r_rewritten=b"5")
    put(store, 300.0, r_rewritten=b"6")  # last written at 300: not old
    assert store.purge("r:", 150.0) == 1
    assert store.read(["r:old", "r:new", "r:rewritten", "c:old", "d:old"]) == {
        "r:old": None, "r:new": b"4", "r:rewritten": b"6", "c:old": b"2", "d:old": b"3"}
    assert store.purge("r:", 150.0) == 0
    assert store.purge("r:", 200.0) == 0  # strictly before
    assert store.purge("r:", 1e9) == 2
    assert store.read(["r:new", "r:rewritten", "c:old"]) == {"r:new": None, "r:rewritten": None, "c:old": b"2"}


def test_purge_drops_profiles_and_a_profile_written_at_time_zero(store: Store) -> None:
    """Profiles expire like entities (`RISKGATE_PROFILE_RETENTION_DAYS`), and an
    erased one (service.engine.Engine.erase: written at time 0) goes at the next
    purge whatever its age."""
    put(store, 100.0, c_idle=b"1", c_busy=b"2", c_erased=b"3")
    put(store, 900.0, c_busy=b"2b")
    put(store, 0.0, c_erased=b"")
    store.purge("c:", 500.0)
    assert store.read(["c:idle", "c:busy", "c:erased"]) == {"c:idle": None, "c:busy": b"2b", "c:erased": None}


def test_purge_handles_more_keys_than_one_batch(store: Store) -> None:
    items = {f"r:{i}": b"x" for i in range(1200)}
    for k, v in items.items():
        store.transact([k], lambda cur, k=k, v=v: ({k: v}, None), float(len(k)))
    put(store, 5000.0, r_keep=b"k")
    assert store.purge("r:", 1000.0) == 1200
    assert store.read(["r:0", "r:1199", "r:keep"]) == {"r:0": None, "r:1199": None, "r:keep": b"k"}


def test_purge_walks_old_keys_scattered_among_fresh_ones(store: Store) -> None:
    """Old and fresh keys interleaved in key order over several batches, next to
    another prefix that sorts right after: exactly the old keys of the prefix go."""
    for i in range(1300):
        k = f"d:{i:05d}"
        store.transact([k], lambda cur, k=k: ({k: b"x"}, None), 10.0 if i % 2 else 9000.0)
    put(store, 10.0, e_1=b"other prefix", d=b"x")
    assert store.purge("d:", 1000.0) == 650
    assert store.read(["d:00000", "d:00001", "d:01298", "d:01299", "e:1"]) == {
        "d:00000": b"x", "d:00001": None, "d:01298": b"x", "d:01299": None, "e:1": b"other prefix"}
    assert store.purge("d:", 1000.0) == 0


# ------------------------------------------------------------- concurrency
def test_concurrent_threads_lose_no_update(store: Store) -> None:
    threads, per = 8, 40

    def work(t: int) -> None:
        for i in range(per):
            def fn(cur: Any) -> tuple[dict[str, bytes], None]:
                n = int(cur["c:counter"] or b"0") + 1
                m = int(cur["p:shared"] or b"0") + 1
                return {f"r:{t}-{i}": b"rec", "c:counter": str(n).encode(), "p:shared": str(m).encode()}, None
            store.transact([f"r:{t}-{i}", "c:counter", "p:shared"], fn, float(i))

    ts = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert store.read(["c:counter", "p:shared"]) == {"c:counter": str(threads * per).encode(),
                                                      "p:shared": str(threads * per).encode()}


def test_insert_if_absent_has_exactly_one_winner(store: Store) -> None:
    """The engine's idempotency pattern: many workers score one retried
    transaction id at once; exactly one records it and learns."""
    winners: list[int] = []
    aborted: list[bytes] = []
    barrier = threading.Barrier(8)

    def work(t: int) -> None:
        def fn(cur: Any) -> tuple[dict[str, bytes], int]:
            if cur["r:tx"] is not None:
                raise Abort(cur["r:tx"])
            n = int(cur["c:cust"] or b"0") + 1
            return {"r:tx": f"by-{t}".encode(), "c:cust": str(n).encode()}, t
        barrier.wait()
        try:
            winners.append(store.transact(["r:tx", "c:cust"], fn, 1.0))
        except Abort as a:
            aborted.append(a.value)

    ts = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert len(winners) == 1 and len(aborted) == 7
    assert set(aborted) == {f"by-{winners[0]}".encode()}
    assert store.read(["c:cust"]) == {"c:cust": b"1"}


def _process_worker(kind: str, where: str, n: int) -> None:
    s = open_store(kind, where)
    for _ in range(n):
        s.transact(["c:counter"], incr("c:counter"), 1.0)
    s.close()


def test_concurrent_processes_lose_no_update(shared_backend: Backend) -> None:
    first = shared_backend.open()  # creates the schema before the workers race for it
    procs, per = 4, 50
    codes = run_workers(_process_worker, [(shared_backend.kind, shared_backend.where, per)] * procs)
    assert codes == [0] * procs
    assert first.read(["c:counter"]) == {"c:counter": str(procs * per).encode()}
    first.close()


# ------------------------------------------------------------- durability
def test_data_survives_reopen(shared_backend: Backend) -> None:
    s = shared_backend.open()
    put(s, 7.0, c_42=b"profile", r_1=b"record")
    s.put_blob("freq", b"snapshot")
    s.close()
    s2 = shared_backend.open()
    assert s2.read(["c:42", "r:1"]) == {"c:42": b"profile", "r:1": b"record"}
    assert s2.get_blob("freq") == b"snapshot"
    assert s2.purge("r:", 8.0) == 1  # event times survive too
    s2.close()


# ------------------------------------------------------------ dead backend
def _assert_fails_fast(call: Callable[[], Any], limit_s: float = 2.0) -> None:
    t0 = time.monotonic()
    with pytest.raises(StoreError):
        call()
    assert time.monotonic() - t0 < limit_s


@pytest.mark.parametrize("kind", ["redis", "redis-cluster"])
def test_killed_redis_raises_store_error_quickly(kind: str, request: pytest.FixtureRequest, tmp_path: Any) -> None:
    b = _backend(kind, request, tmp_path, own_server=True)
    s = b.open()
    put(s, 1.0, c_1=b"1")
    b.server.kill()
    _assert_fails_fast(lambda: s.read(["c:1", "d:2"]))
    _assert_fails_fast(lambda: s.transact(["c:1"], incr("c:1"), 2.0))
    _assert_fails_fast(lambda: s.get_blob("freq"))
    _assert_fails_fast(lambda: s.put_blob("freq", b"x"))
    _assert_fails_fast(lambda: s.purge("r:", 10.0), limit_s=5.0)
    assert s.ping() is False
    s.close()
    _assert_fails_fast(lambda: open_store(kind, b.where))


def test_hung_redis_times_out_instead_of_hanging(redis_server: Any) -> None:
    """A frozen server (SIGSTOP: accepts nothing, answers nothing) must cost
    a socket time-out, not a stuck request."""
    s = open_store("redis", redis_server.url, timeout_s=0.2, connect_timeout_s=0.2)
    put(s, 1.0, c_1=b"1")
    os.kill(redis_server.proc.pid, signal.SIGSTOP)
    try:
        _assert_fails_fast(lambda: s.read(["c:1"]))
        # the breaker: the calls after the one that found it hung do not wait their
        # time-outs again (on the event loop each did, ~0.5 s, for every request queued)
        t0 = time.monotonic()
        for _ in range(20):
            for call in (lambda: s.read(["c:1"]), lambda: s.transact(["c:1"], incr("c:1"), 2.0),
                         lambda: s.get_blob("freq")):
                with pytest.raises(StoreError, match="failing fast"):
                    call()
        assert time.monotonic() - t0 < 0.15
        assert s.ping() is False
    finally:
        os.kill(redis_server.proc.pid, signal.SIGCONT)
    deadline = time.monotonic() + 3.0          # and recovers once the server is back, by itself
    while True:
        try:
            assert s.read(["c:1"]) == {"c:1": b"1"}
            break
        except StoreError:
            assert time.monotonic() < deadline, "the store did not come back"
            time.sleep(0.02)
    assert s.transact(["c:1"], incr("c:1"), 3.0) == 2
    s.close()


def test_redis_recovers_after_a_server_restart(redis_server: Any) -> None:
    import subprocess

    from tests.redis_server import require_binary

    s = open_store("redis", redis_server.url)
    put(s, 1.0, c_1=b"1")
    port = redis_server.port
    redis_server.kill()
    with pytest.raises(StoreError):
        s.read(["c:1"])
    # a new server on the same port: the old connection is dead, the store reconnects
    proc = subprocess.Popen([require_binary("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--dir", redis_server.dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 5
        while not s.ping():
            assert time.monotonic() < deadline, "store did not reconnect"
            time.sleep(0.05)
        assert s.transact(["c:2"], incr("c:2"), 3.0) == 1
    finally:
        proc.kill()
        proc.wait(5)
    s.close()


def test_locked_sqlite_raises_store_error_quickly(tmp_path: Any) -> None:
    """The embedded store's way of being unavailable: another process holds
    the write lock (a stuck writer); a write must give up, not queue forever."""
    s = EmbeddedStore(str(tmp_path), busy_timeout_s=0.2)
    put(s, 1.0, c_1=b"1")
    locker = sqlite3.connect(s.path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        _assert_fails_fast(lambda: s.transact(["c:1"], incr("c:1"), 2.0))
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert s.transact(["c:1"], incr("c:1"), 2.0) == 2  # usable again once the lock is gone
    s.close()


def test_locked_sqlite_blob_and_purge_raise_store_error(tmp_path: Any) -> None:
    s = EmbeddedStore(str(tmp_path), busy_timeout_s=0.2)
    put(s, 1.0, r_1=b"old")  # something to purge: with nothing to delete, a purge needs no lock
    locker = sqlite3.connect(s.path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        _assert_fails_fast(lambda: s.put_blob("freq", b"x"))
        _assert_fails_fast(lambda: s.purge("r:", 10.0))
    finally:
        locker.execute("ROLLBACK")
        locker.close()
        s.close()


def test_maintenance_threads_get_small_page_caches_and_memory_is_reported(tmp_path: Any) -> None:
    """Purges and checkpoints run in worker threads with connections of their
    own; a soak showed such caches filling to the scoring connection's size.
    Theirs stay small, the scoring thread's keeps its size, and the store says
    how much memory SQLite holds (the riskgate_store_memory_bytes gauge)."""
    from service.store.sqlite import BACKGROUND_CACHE_KIB, HOT_CACHE_KIB

    s = EmbeddedStore(str(tmp_path), checkpoint_interval_s=None)
    put(s, 1.0, r_1=b"old", p_1=b"x" * 2000)
    sizes: dict[str, int] = {}

    def maintain() -> None:
        s.purge("r:", 10.0)
        s.checkpoint()
        sizes["maintenance"] = s._conn().execute("PRAGMA cache_size").fetchone()[0]

    t = threading.Thread(target=maintain)
    t.start()
    t.join()
    sizes["scoring"] = s._conn().execute("PRAGMA cache_size").fetchone()[0]
    assert sizes == {"maintenance": -BACKGROUND_CACHE_KIB, "scoring": -HOT_CACHE_KIB}
    used = s.memory_bytes()
    assert used is not None and used > 0
    s.close()


@pytest.mark.parametrize("kind", ["embedded", "lmdb"])
def test_entity_purge_examines_a_bounded_number_of_keys_and_resumes(tmp_path: Any, kind: str) -> None:
    """Entities have no time index, so each purge call walks at most its budget
    of keys and the next call resumes there, wrapping around; a soak showed
    whole-prefix walks growing with the table every 30 s. Every expired key
    still goes within one pass, and nothing fresh goes."""
    s: Any = (EmbeddedStore(str(tmp_path), checkpoint_interval_s=None, entity_scan_budget=300) if kind == "embedded"
              else LmdbStore(str(tmp_path), sync_interval_s=None, entity_scan_budget=300))
    for lo in range(0, 1300, 100):
        vals = {f"d:{i:05d}": b"x" for i in range(lo, lo + 100)}
        s.transact(list(vals), lambda cur, vals=vals: (vals, None), 10.0)
    for i in range(0, 1300, 2):   # every other key fresh again
        put(s, 9000.0, **{f"d_{i:05d}": b"y"})
    put(s, 10.0, e_1=b"other prefix")
    dropped = []
    for _ in range(5):            # 1,300 keys at 300 a call: one pass
        dropped.append(s.purge("d:", 1000.0))
        assert s.last_scanned <= 300
    assert sum(dropped) == 650 and all(0 < n <= 150 for n in dropped)
    assert s.count("d:") == 650 and s.read(["e:1"]) == {"e:1": b"other prefix"}
    # the next pass starts where this one stopped and wraps around the prefix
    put(s, 20.0, d_00002=b"old again")
    assert sum(s.purge("d:", 1000.0) for _ in range(3)) == 1
    assert s.read(["d:00002", "d:00004"]) == {"d:00002": None, "d:00004": b"y"}
    s.close()


def _fds_on(path: str) -> list[int]:
    real = os.path.realpath(path)
    out = []
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}") == real:
                out.append(int(name))
        except OSError:
            pass
    return out


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="finds SQLite's descriptor through /proc")
def test_checkpoint_syncs_the_database_file_through_sqlites_own_descriptor(tmp_path: Any) -> None:
    """A checkpoint round overtaken by commits leaves the pages it copied
    unsynced, and the scoring connection's inline autocheckpoint later paid for
    all of them (benchmarks/store_tail.py). Every round that copied frames is
    followed by a sync; an idle round is not; and the sync never opens a
    descriptor of its own (closing it would drop SQLite's POSIX locks)."""
    s = EmbeddedStore(str(tmp_path), checkpoint_interval_s=None)
    put(s, 1.0, c_1=b"x" * 2000)
    # a reader holding an old snapshot: the round can copy only up to it (partial)
    reader = sqlite3.connect(s.path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM kv").fetchone()
    put(s, 2.0, c_2=b"y" * 2000)
    fds = _fds_on(s.path)
    s.checkpoint()
    assert s.db_syncs == 1
    assert _fds_on(s.path) == fds and s._db_fd in fds    # SQLite's descriptor, none opened
    s.checkpoint()            # nothing new since: no sync
    assert s.db_syncs == 1
    reader.execute("COMMIT")
    reader.close()
    put(s, 3.0, c_3=b"z" * 2000)
    fds = _fds_on(s.path)
    s.checkpoint()
    assert s.db_syncs == 2
    assert _fds_on(s.path) == fds
    s.close()
    # off: by choice, and under synchronous=OFF (which promises no syncs)
    for kw in ({"sync_partial_checkpoints": False}, {"synchronous": "OFF"}):
        o = EmbeddedStore(str(tmp_path / str(len(kw))), checkpoint_interval_s=None, **kw)
        put(o, 1.0, c_1=b"x" * 2000)
        o.checkpoint()
        assert o.db_syncs == 0
        o.close()


# ------------------------------------------- read, then transact (the engine's pattern)
def test_transact_after_a_read_sees_writes_made_in_between(backend: Backend) -> None:
    """The engine reads, computes, then transacts on the same keys; a write
    landing in between (another worker, another thread, this store itself) must
    be what the transact function sees, whatever the store does to avoid a
    second read."""
    s = backend.open()
    other = backend.open() if backend.memory is None else s  # a second connection/client
    try:
        keys = ["r:t1", "c:1", "p:x"]
        put(s, 1.0, c_1=b"v1")
        # another connection writes between the read and the transaction
        assert s.read(keys)["c:1"] == b"v1"
        put(other, 2.0, c_1=b"v2")
        assert s.transact(keys, lambda cur: ({}, cur["c:1"]), 3.0) == b"v2"
        # this store's own write between the read and the transaction
        s.read(keys)
        put(s, 4.0, p_x=b"e")
        assert s.transact(keys, lambda cur: ({}, (cur["c:1"], cur["p:x"])), 5.0) == (b"v2", b"e")
        # another thread (its own connection) writes in between
        s.read(keys)
        t = threading.Thread(target=put, args=(s, 6.0), kwargs={"c_1": b"v3"})
        t.start()
        t.join()
        assert s.transact(keys, lambda cur: ({}, cur["c:1"]), 7.0) == b"v3"
        # a purge between the read and the transaction (a write that is not a transact)
        s.read(keys)
        assert s.purge("p:", 100.0) == 1
        assert s.transact(keys, lambda cur: ({}, cur["p:x"]), 9.0) is None
        put(s, 9.0, p_x=b"e")
        # a transaction on other keys than the read's reads its own keys
        s.read(["c:1"])
        assert s.transact(["p:x", "c:1"], lambda cur: ({}, dict(cur)), 8.0) == {"p:x": b"e", "c:1": b"v3"}
    finally:
        if other is not s:
            other.close()
        s.close()


def _mget_calls(url: str) -> int:
    from redis import Redis

    r = Redis.from_url(url)
    try:
        return int(r.info("commandstats").get("cmdstat_mget", {}).get("calls", 0))
    finally:
        r.close()


def test_redis_transact_starts_from_the_engines_read(redis_url: str) -> None:
    """One MGET per payment, not two: the transaction starts from this thread's
    read of the same keys, and the compare-and-set script catches a write that
    landed in between (then one fresh MGET and the function runs again)."""
    from service.store.redis import RedisStore

    s, other = RedisStore(redis_url), RedisStore(redis_url)
    try:
        keys = ["r:t1", "c:1"]
        put(s, 1.0, c_1=b"v1")
        before = _mget_calls(redis_url)
        s.read(keys)
        seen: list[bytes | None] = []

        def bump(cur: Any) -> tuple[dict[str, bytes], None]:
            seen.append(cur["c:1"])
            return {"c:1": (cur["c:1"] or b"") + b"+"}, None

        s.transact(keys, bump, 2.0)
        assert _mget_calls(redis_url) - before == 1 and seen == [b"v1"]   # the read's MGET only
        assert s.read(["c:1"])["c:1"] == b"v1+"
        # a write between the read and the transaction: the script refuses, one fresh MGET
        seen.clear()
        before = _mget_calls(redis_url)
        s.read(keys)
        put(other, 3.0, c_1=b"v2")
        s.transact(keys, bump, 4.0)
        # the read, the other client's own transaction, then the one fresh MGET
        assert seen == [b"v1+", b"v2"] and _mget_calls(redis_url) - before == 3
        assert s.read(["c:1"])["c:1"] == b"v2+"
        # a function that aborts on the read's values decides again on fresh ones
        s.read(keys)
        put(other, 5.0, c_1=b"v3")

        def abort_on_old(cur: Any) -> tuple[dict[str, bytes], None]:
            if cur["c:1"] == b"v2+":
                raise Abort("stale")
            return bump(cur)

        s.transact(keys, abort_on_old, 5.0)
        assert s.read(["c:1"])["c:1"] == b"v3+"
        # a read of other keys is not reused: the read, then the transaction's own MGET
        before = _mget_calls(redis_url)
        s.read(["c:1"])
        s.transact(keys, bump, 5.0)
        assert _mget_calls(redis_url) - before == 2
    finally:
        s.close()
        other.close()


def spy_fetches(s: Any, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The keys of every fetch the store makes from now on (its `_fetch(conn, keys)`)."""
    fetches: list[list[str]] = []
    real = s._fetch

    def spy(conn: Any, keys: Any) -> Any:
        fetches.append(list(keys))
        return real(conn, keys)

    monkeypatch.setattr(s, "_fetch", spy)
    return fetches


@pytest.mark.parametrize("kind", ["embedded", "lmdb"])
def test_embedded_transact_reuses_an_unchanged_read(tmp_path: Any, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """The skipped SELECT is the point of the optimisation: with nothing
    committed since the read, `transact` fetches nothing more, and its function
    gets a copy of the read values (mutating either one is harmless)."""
    s: Any = (EmbeddedStore(str(tmp_path), checkpoint_interval_s=None) if kind == "embedded"
              else LmdbStore(str(tmp_path), sync_interval_s=None))
    put(s, 1.0, c_1=b"v1")
    fetches = spy_fetches(s, monkeypatch)
    keys = ["r:t1", "c:1"]
    got = s.read(keys)
    got["c:1"] = b"mutated by the caller"
    assert s.transact(keys, lambda cur: ({"r:t1": b"rec"}, cur["c:1"]), 2.0) == b"v1"
    assert fetches == [keys]
    # the transaction wrote: the next transact on the same keys must read again
    assert s.transact(keys, lambda cur: ({}, cur["r:t1"]), 3.0) == b"rec"
    assert fetches == [keys, keys]
    s.close()


def test_lmdb_transact_and_flush_reuse_an_unchanged_read(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """LMDB numbers its transactions: with nothing committed since the engine's
    read, a flush checks nothing; once another store committed in between, a
    transaction and a flush look at the stored values again."""
    s = LmdbStore(str(tmp_path), sync_interval_s=None)
    other = LmdbStore(str(tmp_path), sync_interval_s=None)
    put(s, 1.0, c_1=b"v1")
    fetches = spy_fetches(s, monkeypatch)
    keys = ["r:t1", "c:1"]
    s.read(keys)
    put(other, 3.0, c_1=b"v2")                     # another worker commits in between
    assert s.transact(keys, lambda cur: ({}, cur["c:1"]), 4.0) == b"v2"
    assert fetches == [keys, keys]                 # read again inside the write transaction
    fetches.clear()
    s.read(["c:1"])
    with s.deferring() as writes:
        s.transact(["c:1"], lambda cur: ({"c:1": cur["c:1"] + b"!"}, None), 5.0)
    s.flush()
    assert writes[0].error is None and fetches == [["c:1"]]   # nothing to check at the flush
    fetches.clear()
    s.read(["c:1"])
    with s.deferring() as writes:
        s.transact(["c:1"], lambda cur: ({"c:1": cur["c:1"] + b"?"}, None), 6.0)
    put(other, 6.5, p_x=b"elsewhere")              # a commit elsewhere: the flush compares, then commits
    s.flush()
    assert writes[0].error is None and fetches == [["c:1"], ["c:1"]]
    assert s.read(["c:1"])["c:1"] == b"v2!?"
    other.close()
    s.close()


def test_lmdb_purge_uses_the_time_index_and_rewritten_records_move_in_it(tmp_path: Any) -> None:
    s = LmdbStore(str(tmp_path), sync_interval_s=None)
    put(s, 5.0, r_a=b"1", r_b=b"2")
    put(s, 20.0, r_a=b"1 again")                    # rewritten later: its old index entry goes
    assert s.purge("r:", 10.0) == 1 and s.read(["r:a", "r:b"]) == {"r:a": b"1 again", "r:b": None}
    assert s.purge("r:", 30.0) == 1 and s.count("r:") == 0
    with s._env.begin() as txn:
        assert txn.stat(s._rect)["entries"] == 0    # no index entry left behind
    s.close()


def test_lmdb_stores_on_one_directory_share_one_environment(tmp_path: Any) -> None:
    """LMDB must not be opened twice in a process: a second store shares the
    first's environment, and closing one leaves the other working."""
    a = LmdbStore(str(tmp_path), sync_interval_s=None)
    b = LmdbStore(str(tmp_path), sync_interval_s=None)
    assert a._env is b._env
    put(a, 1.0, c_1=b"x")
    a.close()
    assert b.read(["c:1"]) == {"c:1": b"x"}
    b.close()
    c = LmdbStore(str(tmp_path), sync_interval_s=None)   # reopened after both closed
    assert c.read(["c:1"]) == {"c:1": b"x"}
    c.close()


def test_lmdb_copy_of_a_store_in_use_is_a_working_store(tmp_path: Any) -> None:
    from service.store.lmdb_store import main

    s = LmdbStore(str(tmp_path / "live"), sync_interval_s=None)
    put(s, 1.0, c_1=b"profile", r_t=b"record")
    s.put_blob("freq", b"snapshot")
    assert main(["copy", str(tmp_path / "live"), str(tmp_path / "backup")]) == 0   # while `s` is open
    put(s, 2.0, c_1=b"later")
    s.close()
    b = LmdbStore(str(tmp_path / "backup"), sync_interval_s=None)
    assert b.read(["c:1", "r:t"]) == {"c:1": b"profile", "r:t": b"record"} and b.get_blob("freq") == b"snapshot"
    assert b.purge("r:", 5.0) == 1   # event times and the index came along
    b.close()
    with pytest.raises(SystemExit):
        main(["copy", str(tmp_path / "nowhere"), str(tmp_path / "b2")])


def test_lmdb_copy_brings_the_hash_key_and_is_a_data_dir_the_service_starts_on(tmp_path: Any, monkeypatch: Any) -> None:
    """An operations audit restored the copy alone: a new key was generated and
    every retried transaction id answered 409. The copy now carries the key and
    its fingerprint, readable by its user only, and passes the start-up check."""
    from service.config import Settings
    from service.store.datadir import check_data_dir
    from service.store.lmdb_store import main

    monkeypatch.delenv("RISKGATE_HASH_KEY", raising=False)
    live, backup = tmp_path / "live", tmp_path / "backup"
    assert check_data_dir(Settings(data_dir=str(live), store="LMDB")) is None    # key and fingerprint written
    s = LmdbStore(str(live), sync_interval_s=None)
    put(s, 1.0, c_1=b"profile")
    old = os.umask(0o022)
    try:
        assert main(["copy", str(live), str(backup)]) == 0
    finally:
        os.umask(old)
        s.close()
    for name in ("hash.key", "hash-key.fingerprint"):
        assert (backup / name).read_bytes() == (live / name).read_bytes()
    for p in [backup, *backup.rglob("*")]:
        assert p.stat().st_mode & 0o077 == 0, p
    assert check_data_dir(Settings(data_dir=str(backup), store="LMDB")) is None


def test_sqlite_copy_of_a_store_in_use_is_a_data_dir_the_service_starts_on(tmp_path: Any, monkeypatch: Any) -> None:
    from service.config import Settings
    from service.store.datadir import check_data_dir
    from service.store.sqlite import main

    monkeypatch.delenv("RISKGATE_HASH_KEY", raising=False)
    live, backup = tmp_path / "live", tmp_path / "backup"
    assert check_data_dir(Settings(data_dir=str(live))) is None
    s = EmbeddedStore(str(live))
    put(s, 1.0, c_1=b"profile", r_t=b"record")
    s.put_blob("freq", b"snapshot")
    old = os.umask(0o022)
    try:
        assert main(["copy", str(live), str(backup)]) == 0      # while `s` is open, its last writes in the WAL
    finally:
        os.umask(old)
    put(s, 2.0, c_1=b"later")
    s.close()
    for name in ("hash.key", "hash-key.fingerprint"):
        assert (backup / name).read_bytes() == (live / name).read_bytes()
    for p in [backup, *backup.rglob("*")]:
        assert p.stat().st_mode & 0o077 == 0, p
    assert check_data_dir(Settings(data_dir=str(backup))) is None
    b = EmbeddedStore(str(backup))
    assert b.read(["c:1", "r:t"]) == {"c:1": b"profile", "r:t": b"record"} and b.get_blob("freq") == b"snapshot"
    assert b.purge("r:", 5.0) == 1
    b.close()
    with pytest.raises(SystemExit):
        main(["copy", str(tmp_path / "nowhere"), str(tmp_path / "b2")])


def test_sqlite_copy_finishes_while_a_writer_commits_all_the_time(tmp_path: Any) -> None:
    """A stepped backup restarts whenever another connection commits between two
    steps: under a live service's commits it never finished."""
    import subprocess
    import sys

    import sqlite3

    live = tmp_path / "live"
    s = EmbeddedStore(str(live))
    items = {f"c:{i}": os.urandom(1500) for i in range(12000)}          # ~20 MB: a stepped copy takes 5+ steps
    s.transact(list(items), lambda cur: (items, None), 1.0)
    stop = threading.Event()
    commits = [0]

    def writer() -> None:                  # another connection committing as fast as it can
        w = sqlite3.connect(s.path, isolation_level=None, timeout=10)
        w.execute("PRAGMA synchronous=OFF")
        while not stop.is_set():
            w.execute("INSERT OR REPLACE INTO kv (k, v, t) VALUES (?, ?, ?)", ("c:hot", b"v", 2.0))
            commits[0] += 1
        w.close()

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    try:
        out = subprocess.run([sys.executable, "-m", "service.store.sqlite", "copy", str(live), str(tmp_path / "b")],
                             capture_output=True, text=True, timeout=90)
    finally:
        stop.set()
        t.join(10)
        s.close()
    assert out.returncode == 0, out.stderr
    assert commits[0] > 10
    b = EmbeddedStore(str(tmp_path / "b"))
    assert b.read(["c:11999"]) == {"c:11999": items["c:11999"]}
    b.close()


def test_lmdb_a_worker_killed_holding_the_write_lock_does_not_stop_the_others(tmp_path: Any) -> None:
    """LMDB's writer mutex is robust: a process killed inside a write
    transaction (`kill -9`, the OOM killer) leaves the lock to the next writer,
    and nothing of its transaction."""
    import subprocess
    import sys

    s = LmdbStore(str(tmp_path), sync_interval_s=None)
    put(s, 1.0, c_1=b"before")
    code = ("import os, signal; from service.store.lmdb_store import LmdbStore\n"
            f"s = LmdbStore({str(tmp_path)!r}, sync_interval_s=None)\n"
            "txn = s._env.begin(write=True)\n"
            "txn.put(b'c:1', b'uncommitted', db=s._kv)\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=os.getcwd(), timeout=60)
    assert proc.returncode == -signal.SIGKILL
    done: list[Any] = []
    t = threading.Thread(target=lambda: done.append(s.transact(["c:1"], lambda cur: ({"c:1": b"after"}, cur["c:1"]),
                                                              2.0)), daemon=True)
    t.start()
    t.join(15)
    assert done == [b"before"], "the next writer got the lock and saw only committed values"
    assert s.read(["c:1"]) == {"c:1": b"after"}
    s.close()


def test_lmdb_reserves_a_large_map_but_the_file_grows_as_it_fills(tmp_path: Any) -> None:
    """A map that fills turns every answer DEGRADED, so the default reserves a
    terabyte of address space; without writemap that costs no disk."""
    from service.store.lmdb_store import DEFAULT_MAP_GIB

    s = LmdbStore(str(tmp_path), sync_interval_s=None)
    put(s, 1.0, c_1=b"x" * 1000)
    assert s._env.info()["map_size"] == DEFAULT_MAP_GIB * (1 << 30) >= 1 << 40
    assert os.path.getsize(os.path.join(s.path, "data.mdb")) < 1 << 20
    s.close()


def _forked_child_opens(path: str, conn: Any) -> None:
    try:
        LmdbStore(path, sync_interval_s=None)
        conn.send("opened")
    except StoreError as exc:
        conn.send(str(exc))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork() only")
def test_lmdb_opened_before_a_fork_is_refused_in_the_child_and_works_in_the_parent(tmp_path: Any) -> None:
    """LMDB must not use an environment across fork(): a forked child that opens
    the same store gets a StoreError that says why (instead of silently sharing
    the parent's environment), and the parent's store keeps working."""
    import multiprocessing as mp

    s = LmdbStore(str(tmp_path), sync_interval_s=None)
    put(s, 1.0, c_parent=b"p")
    ctx = mp.get_context("fork")
    here, there = ctx.Pipe()
    child = ctx.Process(target=_forked_child_opens, args=(str(tmp_path), there))
    child.start()
    assert here.poll(30) and "forked" in here.recv()
    child.join(30)
    assert s.read(["c:parent"]) == {"c:parent": b"p"}
    put(s, 3.0, c_parent=b"still writable")
    assert s.read(["c:parent"]) == {"c:parent": b"still writable"}
    s.close()


def test_lmdb_writemap_refuses_writes_on_a_nearly_full_disk_instead_of_crashing(tmp_path: Any, monkeypatch) -> None:
    """With writemap a write into the sparse map on a full disk is a SIGBUS (the
    process dies; a black-box audit saw workers restart 29 times in 40 s). The
    store refuses writes below a free-space floor: a StoreError, answered DEGRADED."""
    import service.store.lmdb_store as lmdb_mod

    free = os.statvfs(str(tmp_path)).f_bavail * os.statvfs(str(tmp_path)).f_frsize
    for writemap in (True, False):
        s = LmdbStore(str(tmp_path / f"w{writemap}"), writemap=writemap)
        put(s, 1.0, c_1=b"1")
        monkeypatch.setattr(lmdb_mod, "WRITEMAP_MIN_FREE_BYTES", free * 4)    # "the disk is nearly full"
        s._disk_checked = -1.0                                                 # look again now
        if writemap:
            for call in (lambda: s.transact(["c:1"], incr("c:1"), 2.0), lambda: s.put_blob("freq", b"x")):
                with pytest.raises(StoreError, match="SIGBUS"):
                    call()
            assert s.read(["c:1"]) == {"c:1": b"1"}         # reads go on
        else:
            assert s.transact(["c:1"], incr("c:1"), 2.0) == 2   # pwrite: a full disk is an ordinary error
        monkeypatch.setattr(lmdb_mod, "WRITEMAP_MIN_FREE_BYTES", 0)
        s._disk_checked = -1.0
        assert s.transact(["c:1"], incr("c:1"), 3.0) == (2 if writemap else 3)
        s.close()


def _open_at(path: str, at: float) -> None:
    while time.time() < at:          # all processes open the new database at the same moment
        time.sleep(0.0005)
    EmbeddedStore(path).close()


def test_workers_opening_a_new_sqlite_store_at_once_all_open_it(tmp_path: Any) -> None:
    """Switching a new database to WAL and creating its schema was refused at
    once ("database is locked", no busy wait) while another process did the
    same: one of two workers starting on an empty data dir exited."""
    from tests.child_processes import run_workers

    for trial in range(3):
        at = time.time() + 1.5
        assert run_workers(_open_at, [(str(tmp_path / f"d{trial}"), at) for _ in range(4)], timeout_s=60) == [0] * 4


def test_a_closed_sqlite_store_leaves_an_empty_wal(tmp_path: Any) -> None:
    """An operations audit found a 47.7 MB WAL beside an 8.4 MB database after a
    clean stop: the checkpointer's last round kept the truncation from happening."""
    s = EmbeddedStore(str(tmp_path))
    for i in range(2000):
        put(s, float(i), **{f"c_{i}": b"x" * 500})
    wal = tmp_path / "riskgate.sqlite3-wal"
    assert wal.stat().st_size > 1_000_000
    s.close()
    assert not wal.exists() or wal.stat().st_size == 0
    again = EmbeddedStore(str(tmp_path))
    assert again.read(["c:1999"]) == {"c:1999": b"x" * 500}
    again.close()


def test_an_lmdb_write_failed_by_a_full_disk_says_so(tmp_path: Any, monkeypatch: Any) -> None:
    """An operations audit filled the disk under the LMDB store: most failures read
    'mdb_txn_commit: Input/output error', naming nothing to do."""
    import lmdb

    from service.store import lmdb_store

    err = lmdb.Error("mdb_txn_commit: Input/output error")
    full = lmdb_store._error("write", err, str(tmp_path))
    assert "Input/output error" in str(full)
    monkeypatch.setattr(lmdb_store.shutil, "disk_usage", lambda p: type("U", (), {"free": 3_000_000})())
    full = lmdb_store._error("write", err, str(tmp_path))
    assert f"the disk holding {tmp_path} is full (3.0 MB free): free space on it" in str(full)
    assert "map is full" in str(lmdb_store._error("write", lmdb.MapFullError("full"), str(tmp_path)))


def test_a_redis_write_whose_reply_was_lost_leaves_the_answer_that_was_sent(redis_server: Any) -> None:
    """Found by a white-box review: the compare-and-set script reached Redis, its reply
    missed the time-out (the server paused), the payment was answered DEGRADED, and the
    script then stored the decision that was never sent; a retry got that one."""
    import threading

    import msgspec

    from service.parse import parse_score
    from service.runtime import build_engine

    def body(tx: str) -> bytes:
        return msgspec.json.encode({"transaction_id": tx, "customer_id": "c-1", "timestamp": "2026-03-02T10:00:00Z",
                                    "amount": 9.0, "currency": "EUR", "device_id": "dev-1", "payee_id": "shop"})

    store = open_store("redis", redis_server.url, timeout_s=0.25, connect_timeout_s=0.25)
    engine = build_engine(store)
    engine.score(parse_score(body("tx-warm")))      # the script is loaded on the server
    real_cas = store._cas

    def paused_cas(**kw: Any) -> Any:               # the server stops with the script on the wire
        os.kill(redis_server.proc.pid, signal.SIGSTOP)
        threading.Timer(1.0, os.kill, (redis_server.proc.pid, signal.SIGCONT)).start()
        store._cas = real_cas
        return real_cas(**kw)

    store._cas = paused_cas
    try:
        first = engine.score(parse_score(body("tx-1")))
    finally:
        time.sleep(1.2)
        os.kill(redis_server.proc.pid, signal.SIGCONT)
    assert first.degraded
    deadline = time.monotonic() + 5.0
    while engine.unrecorded:                        # what the service runs every second
        engine.record_unrecorded()
        assert time.monotonic() < deadline, "never recorded"
        time.sleep(0.05)
    assert engine.score(parse_score(body("tx-1"))).body == first.body
    store.close()


def _batched_score(store: Any, engine: Any, b: bytes) -> Any:
    """One payment through the service's group commit, with its `lost` reply."""
    import asyncio

    from service.app import lost_score_reply, score_reply
    from service.commit_batch import CommitBatcher
    from service.parse import parse_score

    def handle(x: bytes) -> Any:
        return score_reply(engine.score(parse_score(x)))

    def lost(x: bytes, exc: BaseException, answer: Any) -> Any:
        return lost_score_reply(engine, x, exc, answer)

    async def main() -> Any:
        batch = CommitBatcher(store)
        try:
            return await batch.run(handle, lost, b)
        finally:
            batch.close()
    return asyncio.run(main())


def _redis_body(tx: str, amount: float) -> bytes:
    import msgspec

    return msgspec.json.encode({"transaction_id": tx, "customer_id": "c-1", "timestamp": "2026-03-02T10:00:00Z",
                                "amount": amount, "currency": "EUR", "device_id": "dev-1", "payee_id": "shop"})


def _lost_reply_engine(url: str, amount: float, before_execute: Any, lose_reply: bool) -> tuple[Any, Any, int]:
    """A Redis store whose next pipeline runs `before_execute()` first and, with
    `lose_reply`, raises a time-out after the server ran it; its engine, warmed
    with one payment; the profile's count then."""
    import redis as redis_lib

    from features.profile import decode_profile
    from service.parse import parse_score
    from service.runtime import build_engine
    from service.store import profile_key

    store = open_store("redis", url, timeout_s=0.25, connect_timeout_s=0.25)
    engine = build_engine(store)
    engine.score(parse_score(_redis_body("tx-warm", amount)))
    n0 = decode_profile(store.read([profile_key("c-1")])[profile_key("c-1")]).n
    real_pipeline = store._r.pipeline

    def wrapped(*a: Any, **kw: Any) -> Any:
        p = real_pipeline(*a, **kw)
        real_execute = p.execute

        def execute(*ea: Any, **ekw: Any) -> Any:
            store._r.pipeline = real_pipeline
            before_execute()
            out = real_execute(*ea, **ekw)
            if lose_reply:
                raise redis_lib.TimeoutError("Timeout reading from socket")
            return out
        p.execute = execute
        return p

    store._r.pipeline = wrapped
    return store, engine, n0


def _record_unrecorded_until_done(engine: Any) -> None:
    """What the service runs every second, until the store took every answer."""
    deadline = time.monotonic() + 5.0
    while engine.unrecorded:
        try:
            engine.record_unrecorded()
        except Exception:
            pass
        assert time.monotonic() < deadline, "never recorded"
        time.sleep(0.05)


def _profile_n(store: Any) -> int:
    from features.profile import decode_profile
    from service.store import profile_key

    return decode_profile(store.read([profile_key("c-1")])[profile_key("c-1")]).n


def test_a_grouped_redis_write_whose_reply_was_lost_leaves_the_answer_that_was_sent(redis_server: Any) -> None:
    """A white-box review of group commit: the same lost reply on the batched path (the
    default on one Redis) left the decision never sent in the store, learned; a retry got
    it. The answer sent asked for a challenge, so the payment has not completed: the
    profile must not keep it either."""
    import threading

    from service.parse import parse_score
    from service.records import decode_record
    from service.store import record_key

    def pause() -> None:          # the server stops with the scripts on the wire
        os.kill(redis_server.proc.pid, signal.SIGSTOP)
        threading.Timer(1.0, os.kill, (redis_server.proc.pid, signal.SIGCONT)).start()

    store, engine, n0 = _lost_reply_engine(redis_server.url, 100.0, pause, lose_reply=False)
    try:
        sent = _batched_score(store, engine, _redis_body("tx-1", 100.0))[1]
    finally:
        time.sleep(1.2)
        os.kill(redis_server.proc.pid, signal.SIGCONT)
    assert b"DEGRADED" in sent and b'"auth_level":0' not in sent
    _record_unrecorded_until_done(engine)
    rec = decode_record(store.read([record_key("tx-1")])[record_key("tx-1")])
    assert rec.response == sent and rec.degraded and not rec.learned
    assert _profile_n(store) == n0
    assert engine.score(parse_score(_redis_body("tx-1", 100.0))).body == sent
    store.close()


def test_a_grouped_redis_write_that_landed_though_its_reply_was_lost_keeps_what_it_learned_at_level_0(
        redis_server: Any) -> None:
    """The same with the answer sent at level 0: the store fails fast after the lost
    reply, so the answer is DEGRADED; once recorded it stands in place of the landed
    decision, and what that write learned stays learned (the payment completed), for
    a report to unlearn."""
    from service.parse import FeedbackRequest
    from service.records import decode_record
    from service.store import record_key

    store, engine, n0 = _lost_reply_engine(redis_server.url, 9.0, lambda: None, lose_reply=True)
    sent = _batched_score(store, engine, _redis_body("tx-1", 9.0))[1]
    assert b"DEGRADED" in sent and b'"auth_level":0' in sent
    _record_unrecorded_until_done(engine)
    rec = decode_record(store.read([record_key("tx-1")])[record_key("tx-1")])
    assert rec.response == sent and rec.learned and rec.attrs is not None
    assert _profile_n(store) == n0 + 1
    assert engine.feedback(FeedbackRequest(transaction_id="tx-1", kind="fraud_report", timestamp="",
                                           is_fraud=True), 1.7725e9) == "fraud"
    assert _profile_n(store) == n0
    store.close()
