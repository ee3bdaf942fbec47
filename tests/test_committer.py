"""The SQLite store's commit process (service/store/committer.py): a turn's
writes committed by a child process while the worker scores on top of them.
Nothing is acknowledged before the child says it is committed; a value that
another connection changed is caught inside the child's write lock and the
functions re-run in the worker; a child that dies is replaced by the
worker's own commits, losing nothing."""
from __future__ import annotations

import asyncio
import os
import signal
import time
from typing import Any

import pytest

from service.commit_batch import CommitBatcher
from service.store.committer import CHANGED, OK, CommitterClient
from service.store.lmdb_store import LmdbStore
from service.store.sqlite import EmbeddedStore
from tests.test_store import incr


def value(s: Any, key: str) -> bytes | None:
    return s.read([key])[key]


def finish(s: EmbeddedStore, timeout_s: float = 10.0) -> Any:
    """Wait for the commit process's answer to the batch in flight, as the event loop does."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        b = s.poll_batch()
        if b is not None:
            return b
        time.sleep(0.002)
    raise AssertionError("no answer from the commit process")


def open_store(kind: str, where: str) -> Any:
    """Another connection to the store under test (another worker's view)."""
    if kind == "lmdb":
        return LmdbStore(where, sync_interval_s=None)
    return EmbeddedStore(where, checkpoint_interval_s=None)


@pytest.fixture(params=["sqlite", "lmdb"])
def kind(request: pytest.FixtureRequest) -> str:
    return request.param   # type: ignore[no-any-return]


@pytest.fixture
def store(kind: str, tmp_path: Any) -> Any:
    s = open_store(kind, str(tmp_path))
    assert s.start_committer()
    yield s
    s.close()


def test_the_child_commits_rows_and_refuses_when_a_value_it_relied_on_changed(tmp_path: Any) -> None:
    s = EmbeddedStore(str(tmp_path), checkpoint_interval_s=None)
    s.transact(["c:1"], lambda cur: ({"c:1": b"old"}, None), 1.0)
    cl = CommitterClient(["sqlite", str(tmp_path), "NORMAL"])
    try:
        cl.send(None, [["c:2", b"two", 2.0], ["r:tx", b"rec", 2.0]], [["c:1", b"old"], ["c:2", None]])
        status, dv, _ = cl.wait()
        assert status == OK and isinstance(dv, int)
        assert value(s, "c:2") == b"two" and value(s, "r:tx") == b"rec"
        # its own commit left its data_version as it was: the same token skips the check
        cl.send(dv, [["c:3", b"three", 3.0]], [["c:1", b"stale, but not checked"]])
        assert cl.wait()[0] == OK and value(s, "c:3") == b"three"
        # another connection commits: the token no longer matches, the values are compared
        s.transact(["c:1"], lambda cur: ({"c:1": b"new"}, None), 4.0)
        cl.send(dv, [["c:4", b"four", 4.0]], [["c:1", b"old"]])
        assert cl.wait()[0] == CHANGED
        assert value(s, "c:4") is None     # nothing written
        cl.send(dv, [["c:4", b"four", 4.0]], [["c:1", b"new"]])
        assert cl.wait()[0] == OK and value(s, "c:4") == b"four"
    finally:
        cl.close()
        s.close()
    assert cl.proc.returncode == 0   # stdin closed: it exits on its own


def test_a_batch_in_flight_is_seen_by_the_worker_and_acknowledged_only_once_committed(
        store: Any, kind: str, tmp_path: Any) -> None:
    other = open_store(kind, str(tmp_path))
    with store.deferring() as first:
        assert store.transact(["c:1"], incr("c:1"), 1.0) == 1
    b = store.take_batch()
    assert b is not None and b.writes == first
    with store.deferring() as second:   # scored on top of the batch in flight
        assert store.transact(["c:1"], incr("c:1"), 2.0) == 2
        assert value(store, "c:1") == b"2"
    assert finish(store) is b
    assert first[0].failure() is None
    assert value(other, "c:1") == b"1"          # the second is still pending
    assert value(store, "c:1") == b"2"
    b2 = store.take_batch()
    assert b2 is not None and finish(store) is b2
    assert second[0].failure() is None and value(other, "c:1") == b"2"
    assert store.reruns == 0
    other.close()


def test_a_value_changed_by_another_worker_makes_the_functions_run_again_here(
        store: Any, kind: str, tmp_path: Any) -> None:
    other = open_store(kind, str(tmp_path))
    assert store.transact(["c:1"], incr("c:1"), 1.0) == 1
    with store.deferring() as writes:
        assert store.transact(["c:1"], incr("c:1"), 2.0) == 2   # read 1
    assert other.transact(["c:1"], incr("c:1"), 3.0) == 2       # another worker commits meanwhile
    store.take_batch()
    finish(store)
    assert writes[0].failure() is None
    assert store.reruns == 1
    assert value(other, "c:1") == b"3"   # both increments, none lost
    other.close()


def test_a_read_of_an_in_flight_value_fails_with_its_batch(store: Any, tmp_path: Any) -> None:
    """A retried transaction id answered from the first one's record, still in
    flight: the answer waits for that record's commit, and fails with it."""
    with store.deferring() as first:
        store.transact(["r:tx"], lambda cur: ({"r:tx": b"decision"}, None), 1.0)
    store._committer.proc.send_signal(signal.SIGSTOP)   # the batch stays in flight
    try:
        store.take_batch()
        with store.deferring() as retry:
            assert store.read(["r:tx"]) == {"r:tx": b"decision"}
        assert len(retry) == 1 and retry[0].after == (first[0],)
    finally:
        store._committer.proc.send_signal(signal.SIGCONT)
    finish(store)
    assert retry[0].failure() is None and first[0].failure() is None


def test_a_commit_process_that_dies_is_replaced_by_the_worker_and_loses_nothing(
        store: Any, kind: str, tmp_path: Any) -> None:
    other = open_store(kind, str(tmp_path))
    with store.deferring() as first:
        store.transact(["c:1"], incr("c:1"), 1.0)
        store.transact(["r:a"], lambda cur: ({"r:a": b"A"}, None), 1.0)
    proc = store._committer.proc
    proc.send_signal(signal.SIGSTOP)
    store.take_batch()                    # sent, never answered
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store.flush()                          # finds the process gone: commits the batch itself
    assert store.committer_fd() is None
    assert all(w.failure() is None for w in first)
    assert value(other, "c:1") == b"1" and value(other, "r:a") == b"A"
    with store.deferring() as later:       # and from now on commits in the worker
        store.transact(["c:1"], incr("c:1"), 2.0)
    assert store.take_batch() is None
    store.flush()
    assert later[0].failure() is None and value(other, "c:1") == b"2"
    other.close()


def _kill_after_commit(store: Any, other: Any, key: str) -> None:
    """Send the pending writes to the commit process, wait until `key` is
    committed by it, then kill it before its answer is read (the answer dropped,
    as if it had never been written)."""
    store.take_batch()
    deadline = time.monotonic() + 10
    while value(other, key) is None:    # committed by the child...
        assert time.monotonic() < deadline
        time.sleep(0.002)
    proc = store._committer.proc
    os.kill(proc.pid, signal.SIGKILL)     # ...which dies before its answer is read
    proc.wait()
    store._committer._buf.clear()
    os.set_blocking(store._committer._r, True)
    try:
        os.read(store._committer._r, 1 << 16)
    finally:
        os.set_blocking(store._committer._r, False)


def test_a_batch_the_dead_process_had_committed_is_not_written_twice(store: Any, kind: str, tmp_path: Any) -> None:
    """The process committed, then died before answering: the worker finds the
    batch's rows stored as sent and finishes it as committed (no re-run, which
    would take each payment's own record for another worker's), and adds
    nothing a second time."""
    from service.store.base import Abort

    def pay(cur: Any) -> tuple[dict[str, bytes], None]:
        if cur["r:p"] is not None:
            raise Abort(cur["r:p"])
        n = int(cur["c:1"] or b"0") + 1
        return {"r:p": b"rec", "c:1": str(n).encode()}, None

    other = open_store(kind, str(tmp_path))
    with store.deferring() as writes:
        store.transact(["r:p", "c:1"], pay, 1.0)
    _kill_after_commit(store, other, "r:p")
    reruns = store.reruns
    store.flush()
    assert writes[0].failure() is None and store.reruns == reruns   # committed, by the process
    assert value(other, "c:1") == b"1"              # learned once
    with store.deferring() as more:                 # and the worker commits the next ones itself
        store.transact(["r:q", "c:1"], incr("c:1"), 2.0)
    store.flush()
    assert more[0].failure() is None and value(other, "c:1") == b"2"
    other.close()


def test_a_payment_the_dead_process_had_committed_is_answered_and_counted_once(kind: str, tmp_path: Any) -> None:
    """As above, through the engine: the payment is answered with its own
    decision and what the worker counts and learns in memory for it runs once
    (it ran never: the re-run took its own record for another worker's)."""
    from prometheus_client import REGISTRY

    from service.parse import parse_score
    from service.runtime import build_engine
    from service.store import record_key
    from tests.test_engine import body

    def scores() -> float:
        return REGISTRY.get_sample_value("riskgate_risk_score_count") or 0.0

    s = open_store(kind, str(tmp_path))
    other = open_store(kind, str(tmp_path))
    e = build_engine(s)
    e.score(parse_score(body("tx-0")))
    assert s.start_committer()
    c0, f0 = scores(), e.freq.total()
    with s.deferring() as writes:
        out = e.score(parse_score(body("tx-a", second=5)))
    assert out.level == 0 and scores() == c0      # held for the commit
    _kill_after_commit(s, other, record_key("tx-a"))
    s.flush()
    own = [w for w in writes if w.fn is not None]
    assert [w.failure() for w in own] == [None]
    for w in own:                                   # what CommitBatcher.run does once committed
        for effect in w.effects:
            effect()
    assert scores() == c0 + 1 and e.freq.total() > f0
    s.close()
    other.close()


def test_after_a_batch_the_process_could_not_commit_the_next_commit_checks_what_it_read(tmp_path: Any) -> None:
    """The process fails a batch (the write lock held elsewhere); the next turn,
    scored on that batch's in-flight values, is committed by the worker: its
    functions must run again on what is stored, or the failed payment's entity
    changes reach the store through them (its answer was DEGRADED)."""
    import sqlite3

    from features.population import decode_entity
    from service.parse import parse_score
    from service.runtime import build_engine
    from tests.test_engine import body

    s = EmbeddedStore(str(tmp_path), checkpoint_interval_s=None)
    e = build_engine(s)
    other = EmbeddedStore(str(tmp_path), checkpoint_interval_s=None)
    with s.deferring():
        e.score(parse_score(body("tx-0")))
    s.flush()                                   # a commit of the worker's own: nothing to check after it
    assert s.start_committer()
    with s.deferring() as w1:
        e.score(parse_score(body("tx-s", customer="c-2", second=5)))
    dkey = next(k for k in w1[-1].keys if k.startswith("d:"))
    locker = sqlite3.connect(s.path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")           # the process cannot commit: it answers FAILED
    try:
        s.take_batch()
        with s.deferring() as w2:
            e.score(parse_score(body("tx-t", customer="c-1", second=6)))   # reads S's in-flight device
        finish(s, 20.0)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert w1[-1].failure() is not None
    s.flush()
    assert w2[-1].failure() is None
    ent = decode_entity(value(other, dkey))
    assert ent is not None and ent.n == 2       # tx-0 and tx-t; not tx-s
    s.close()
    other.close()


def test_the_batcher_answers_each_turn_after_the_process_committed_it(kind: str, tmp_path: Any) -> None:
    s = open_store(kind, str(tmp_path))
    other = open_store(kind, str(tmp_path))
    seen: list[tuple[int, int]] = []   # (the answer's count, the committed count when it was answered)
    sent = [0]

    def handle(body: bytes) -> tuple[int, bytes]:
        n = s.transact(["c:1"], incr("c:1"), 1.0)
        return 200, str(n).encode()

    async def main() -> list[tuple[int, bytes]]:
        batcher = CommitBatcher(s, commit_process=True)
        assert batcher._fd is not None
        batcher._load = 8.0   # as after busy turns: turns of 4 or more go to the process

        async def one() -> tuple[int, bytes]:
            answer = await batcher.run(handle, None, b"{}")
            seen.append((int(answer[1]), int(value(other, "c:1") or b"0")))
            return answer

        try:
            return list(await asyncio.gather(*(one() for _ in range(40))))
        finally:
            sent[0] = s._committer.sent
            batcher.close()

    answers = asyncio.run(main())
    assert sorted(int(p) for _, p in answers) == list(range(1, 41))
    assert all(committed >= n for n, committed in seen)   # committed before it was answered
    assert 1 <= sent[0] < 40   # turns shared commits
    assert value(other, "c:1") == b"40"
    s.close()
    other.close()


def test_a_dead_commit_process_is_told_to_the_security_team_and_the_worker_answers_on(
        kind: str, tmp_path: Any) -> None:
    from service import metrics

    s = open_store(kind, str(tmp_path))
    other = open_store(kind, str(tmp_path))

    def handle(body: bytes) -> tuple[int, bytes]:
        return 200, str(s.transact(["c:1"], incr("c:1"), 1.0)).encode()

    async def main() -> tuple[float, float, list[tuple[int, bytes]]]:
        batcher = CommitBatcher(s, commit_process=True)
        batcher._load = 8.0   # as after busy turns
        up = metrics.commit_process._value.get()
        proc = s._committer.proc
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        try:
            answers = list(await asyncio.gather(*(batcher.run(handle, None, b"{}") for _ in range(10))))
            return up, metrics.commit_process._value.get(), answers
        finally:
            batcher.close()

    up, down, answers = asyncio.run(main())
    assert (up, down) == (1.0, 0.0)
    assert sorted(int(p) for _, p in answers) == list(range(1, 11))
    assert value(other, "c:1") == b"10"
    s.close()
    other.close()


def test_a_commit_process_is_started_only_where_a_core_is_left_for_it(tmp_path: Any) -> None:
    from service.__main__ import commit_process_default, usable_cpus

    assert commit_process_default(1, 2.0) == "1"
    assert commit_process_default(2, 2.0) == "0"
    assert commit_process_default(1, 1.5) == "0"   # a container allowed 1.5 CPUs
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / "cpu.max").write_text("150000 100000\n")
    assert usable_cpus(str(v2)) == min(1.5, len(os.sched_getaffinity(0)))
    (v2 / "cpu.max").write_text("max 100000\n")
    assert usable_cpus(str(v2)) == len(os.sched_getaffinity(0))
    v1 = tmp_path / "v1"
    (v1 / "cpu").mkdir(parents=True)
    (v1 / "cpu" / "cpu.cfs_quota_us").write_text("50000\n")
    (v1 / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    assert usable_cpus(str(v1)) == 0.5


@pytest.mark.slow
def test_a_commit_process_killed_under_load_loses_no_acknowledged_answer(kind: str, tmp_path: Any) -> None:
    """The real service, eight clients at once: its commit process is killed
    mid-run; every answer it gave is still on record (a retry returns it), every
    completed payment is learned once, and it says so on /metrics."""
    import threading

    import httpx

    from benchmarks.load_servers import children, cmdline
    from tests.service_process import ServiceProcess
    from tests.test_api import AUTH
    from tests.test_durability import body
    from tests.test_group_commit import assert_answers_on_record, assert_learned_once, run_clients

    svc = ServiceProcess(str(tmp_path), env={"RISKGATE_COMMIT_PROCESS": "1",
                                             **({"RISKGATE_STORE": "lmdb"} if kind == "lmdb" else {})})
    svc.start()
    try:
        assert svc.proc is not None
        kids = [p for p in children(svc.proc.pid) if b"service.store.committer" in cmdline(p)]
        assert len(kids) == 1, "the worker started its commit process"
        acked: list[tuple[int, dict[str, Any]]] = []
        lock = threading.Lock()

        def client(k: int) -> None:
            with httpx.Client(base_url=svc.url, headers=AUTH, timeout=10.0) as c:
                for i in range(60):
                    j = k * 100_000 + i
                    r = c.post("/v1/score", json=body(j, customer="c-cp"))
                    assert r.status_code == 200, r.text
                    with lock:
                        acked.append((j, r.json()))
                        if len(acked) == 150:
                            os.kill(kids[0], signal.SIGKILL)

        run_clients(client, [(k,) for k in range(8)])
        assert len(acked) == 480
        assert_learned_once(svc.url, acked, "c-cp")   # before the kill and after
        assert "riskgate_store_commit_process 0.0" in httpx.get(svc.url + "/metrics").text
        assert_answers_on_record(svc.url, acked, "c-cp")
    finally:
        svc.stop()


def test_turns_go_to_the_process_only_once_they_have_been_busy_for_a_while(tmp_path: Any) -> None:
    """A burst after a quiet spell commits in the event loop (no round trip for
    payments already late); sustained busy turns go to the process."""
    s = open_store("sqlite", str(tmp_path))

    def handle(body: bytes) -> tuple[int, bytes]:
        return 200, str(s.transact(["c:1"], incr("c:1"), 1.0)).encode()

    async def main() -> list[int]:
        batcher = CommitBatcher(s, commit_process=True)
        sent = []
        try:
            for turn in range(12):
                n = 1 if turn < 4 else 10
                await asyncio.gather(*(batcher.run(handle, None, b"{}") for _ in range(n)))
                sent.append(s._committer.sent)
        finally:
            batcher.close()
        return sent

    sent = asyncio.run(main())
    assert sent[4] == 0            # the first busy turn after quiet ones: committed in the loop
    assert sent[-1] > sent[6]      # sustained busy turns: sent to the process
    assert value(s, "c:1") == str(4 + 8 * 10).encode()
    s.close()


def test_a_commit_process_that_dies_between_batches_is_noticed_at_once(tmp_path: Any) -> None:
    """Its closed pipe wakes the event loop: the worker stops reading it, says
    so on the gauge and commits in the loop, instead of spinning on the pipe."""
    from service import metrics

    s = open_store("sqlite", str(tmp_path))

    async def main() -> float:
        batcher = CommitBatcher(s, commit_process=True)
        proc = s._committer.proc
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for _ in range(100):
            await asyncio.sleep(0.01)
            if batcher._fd is None:
                break
        try:
            return metrics.commit_process._value.get()
        finally:
            batcher.close()

    assert asyncio.run(main()) == 0.0
    assert s.committer_fd() is None
    s.close()


def test_a_batch_committed_before_the_process_died_counts_even_after_another_worker_wrote_its_rows(
        store: Any, kind: str, tmp_path: Any) -> None:
    """The process committed and died; another worker then wrote a row the batch
    also wrote (a shared payee). The batch's marker row, not its rows' bytes,
    says it was committed: not re-run, not taken for another worker's (a review:
    each payment would have aborted on its own record and been counted by
    nobody)."""
    from service.store.base import Abort

    def pay(rkey: str) -> Any:
        def fn(c: Any) -> tuple[dict[str, bytes], None]:
            if c[rkey] is not None:
                raise Abort(c[rkey])
            return {rkey: b"REC", "p:shop": str(int(c["p:shop"] or b"0") + 1).encode()}, None
        return fn

    other = open_store(kind, str(tmp_path))
    with store.deferring() as writes:
        store.transact(["r:tx", "p:shop"], pay("r:tx"), 1.0)
    _kill_after_commit(store, other, "r:tx")
    other.transact(["r:other", "p:shop"], pay("r:other"), 2.0)
    store.flush()
    assert writes[0].failure() is None and value(other, "p:shop") == b"2"
    other.close()


def test_identical_rows_of_another_worker_do_not_pass_for_a_batch_the_process_never_committed(
        store: Any, kind: str, tmp_path: Any) -> None:
    """The process dies before committing; another worker stored the very same
    bytes for the same transaction id meanwhile (records carry no wall-clock
    time). The batch was not committed: re-run, it aborts on that record (the
    payment is answered from it and counted there), as before the marker."""
    from service.store.base import Abort

    def pay(c: Any) -> tuple[dict[str, bytes], None]:
        if c["r:tx"] is not None:
            raise Abort(c["r:tx"])
        return {"r:tx": b"REC"}, None

    other = open_store(kind, str(tmp_path))
    proc = store._committer.proc
    proc.send_signal(signal.SIGSTOP)         # it will not commit what it gets
    with store.deferring() as writes:
        store.transact(["r:tx"], pay, 1.0)
    store.take_batch()
    other.transact(["r:tx"], pay, 1.0)       # the same bytes, by another worker
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store.flush()
    assert isinstance(writes[0].failure(), Abort)
    other.close()


def test_after_the_worker_failed_to_commit_a_dead_process_batch_the_next_commit_checks(
        store: Any, kind: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The process dies with a batch uncommitted and the worker's own commit of
    it fails (a locked database, a full map): the next writes, computed on that
    batch's in-flight values, must be checked and run again, or the failed
    write's change reaches the store through them (a review)."""
    from service.store.base import StoreError

    other = open_store(kind, str(tmp_path))
    proc = store._committer.proc
    proc.send_signal(signal.SIGSTOP)
    with store.deferring() as w1:
        store.transact(["c:1"], incr("c:1"), 2.0)       # c:1 -> 1, in flight
    store.take_batch()
    with store.deferring() as w2:
        store.transact(["c:1"], incr("c:1"), 3.0)       # on the in-flight 1 -> 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    real, calls = store._commit, []

    def failing_once(pending: Any, base: Any) -> None:
        calls.append(base)
        if len(calls) == 1:
            for w in pending:
                w.error = StoreError("begin failed: database is locked")
            return
        real(pending, base)

    monkeypatch.setattr(store, "_commit", failing_once)
    store.flush()
    assert w1[0].failure() is not None and w2[0].failure() is None
    assert calls[-1] is None and value(other, "c:1") == b"1"
    other.close()
