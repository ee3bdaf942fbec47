"""Start-up behaviour: a store that is down at start is retried, not given up on."""
from __future__ import annotations

import os
import time
from typing import Any

import pytest

from service.runtime import ReopeningStore
from service.store import StoreError
from service.store.memory import MemoryStore


def test_store_down_at_start_is_reopened_when_it_comes_back() -> None:
    attempts: list[float] = []
    up = {"now": False}

    def opener() -> MemoryStore:
        attempts.append(time.monotonic())
        if not up["now"]:
            raise ConnectionError("connection refused")
        return MemoryStore()

    store = ReopeningStore(opener, "connection refused", retry_s=0.05)
    with pytest.raises(StoreError):
        store.read(["c:x"])
    assert not store.ping()
    up["now"] = True
    time.sleep(0.06)
    assert store.read(["c:x"]) == {"c:x": None}
    assert store.ping()
    n = len(attempts)
    store.read(["c:y"])
    assert len(attempts) == n, "once open, the real store serves every call"


def test_retries_are_rate_limited() -> None:
    calls = []

    def opener() -> MemoryStore:
        calls.append(1)
        raise ConnectionError("down")

    store = ReopeningStore(opener, "down", retry_s=60.0)
    for _ in range(100):
        with pytest.raises(StoreError):
            store.read(["c:x"])
    assert len(calls) == 0  # the first retry is only due after retry_s


@pytest.mark.parametrize("env", [{"RISKGATE_RETENTION_DAYS": "soon"}, {"RISKGATE_RETENTION_DAYS": "-1"},
                                 {"RISKGATE_SQLITE_SYNC": "sometimes"}, {"RISKGATE_LOCAL_REFIT": "yes"},
                                 {"RISKGATE_STORE": "postgres"}, {"RISKGATE_LMDB_SYNC": "never"},
                                 {"RISKGATE_LMDB_MAP_GB": "0"}, {"RISKGATE_LMDB_SYNC_SECONDS": "-1"},
                                 {"RISKGATE_LMDB_WRITEMAP": "yes"}])
def test_bad_settings_stop_start_up_with_the_variable_named(env: dict[str, str]) -> None:
    from service.config import Settings

    with pytest.raises(SystemExit) as exc:
        Settings.from_env(env)
    assert next(iter(env)) in str(exc.value)


def test_settings_from_the_environment() -> None:
    from service.config import Settings

    s = Settings.from_env({"RISKGATE_API_KEYS": " k1, k2 ,", "RISKGATE_ADMIN_KEYS": "a1", "RISKGATE_DATA_DIR": "/d",
                           "RISKGATE_SQLITE_SYNC": "full"})
    assert s.api_keys == ("k1", "k2") and s.admin_keys == ("a1",) and s.data_dir == "/d"
    assert s.sqlite_synchronous == "FULL" and s.redis_url is None and s.retention_days == 120.0
    assert s.local_refit and not Settings.from_env({"RISKGATE_LOCAL_REFIT": "0"}).local_refit
    assert s.store == "SQLITE"
    lm = Settings.from_env({"RISKGATE_STORE": "lmdb", "RISKGATE_LMDB_SYNC": "full", "RISKGATE_LMDB_MAP_GB": "2",
                            "RISKGATE_LMDB_SYNC_SECONDS": "0.5", "RISKGATE_LMDB_WRITEMAP": "1"})
    assert (lm.store, lm.lmdb_synchronous, lm.lmdb_map_gib, lm.lmdb_sync_s, lm.lmdb_writemap) == \
        ("LMDB", "FULL", 2.0, 0.5, True)
    assert not s.lmdb_writemap and s.lmdb_sync_s == 1.0


def test_the_store_named_by_the_environment_is_the_one_opened(tmp_path: Any) -> None:
    from service.store import open_store
    from service.store.lmdb_store import LmdbStore
    from service.store.sqlite import EmbeddedStore

    lm = open_store(str(tmp_path / "l"), kind="LMDB", lmdb_map_gib=1.0)
    sq = open_store(str(tmp_path / "s"))
    try:
        assert isinstance(lm, LmdbStore) and isinstance(sq, EmbeddedStore)
        assert os.path.isdir(tmp_path / "l" / "riskgate.lmdb") and os.path.exists(tmp_path / "s" / "riskgate.sqlite3")
    finally:
        lm.close()
        sq.close()


def test_a_started_runtime_imports_the_online_models_library_off_the_hot_path(tmp_path: object) -> None:
    """The first online fit would otherwise import river (~1.5 s) inside a
    scoring request. Run in a fresh interpreter: this test process may have
    imported river already."""
    import subprocess
    import sys

    code = (
        "import sys, threading\n"
        "from service.config import Settings\n"
        "from service.runtime import Runtime\n"
        f"rt = Runtime(Settings.from_env({{'RISKGATE_DATA_DIR': {str(tmp_path)!r}}}))\n"
        "before = 'river.linear_model' in sys.modules\n"
        "rt.start()\n"
        "threads = [t for t in threading.enumerate() if t.name == 'riskgate-preload']\n"
        "for t in threads:\n"
        "    t.join(60)\n"
        "print(before, len(threads), 'river.linear_model' in sys.modules, 'river.optim' in sys.modules)\n"
        "rt.stop()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    # not imported before start, imported by the one preload thread start() launched
    assert out.stdout.split() == ["False", "1", "True", "True"], out.stdout + out.stderr


def test_maintenance_purges_off_the_event_loop_and_snapshots_on_it(tmp_path: object, monkeypatch) -> None:
    """A retention purge is ~100 ms of deletes per 30 s at 1,000 payments/s: on the
    event loop it would stall every request; the snapshots read state the loop owns."""
    import asyncio
    import threading

    from service import app as app_module
    from service.config import Settings
    from service.runtime import Runtime

    rt = Runtime(Settings.from_env({"RISKGATE_DATA_DIR": str(tmp_path)}))
    rt.start()
    seen: dict[str, int] = {}
    monkeypatch.setattr(rt, "purge", lambda: seen.__setitem__("purge", threading.get_ident()))
    monkeypatch.setattr(rt, "snapshot", lambda: seen.__setitem__("snapshot", threading.get_ident()))
    monkeypatch.setattr(rt, "refresh_gauges", lambda: seen.__setitem__("gauges", threading.get_ident()))
    monkeypatch.setattr(app_module, "MAINTENANCE_INTERVAL_S", 0.01)

    async def one_round() -> int:
        task = asyncio.create_task(app_module._maintenance(rt, asyncio.Event()))
        while "gauges" not in seen:
            await asyncio.sleep(0.01)
        task.cancel()
        return threading.get_ident()

    try:
        loop_thread = asyncio.run(one_round())
    finally:
        rt.stop()
    assert seen["purge"] != loop_thread and seen["snapshot"] == loop_thread
    assert seen["gauges"] == loop_thread   # every worker's own gauges, not only the scraped one's


def test_state_the_store_could_not_give_at_start_is_read_before_it_is_written(tmp_path: Any, monkeypatch) -> None:
    """Started while the store is down, the service builds its population
    statistics from nothing; when the store comes back, the next snapshot wrote
    that near-empty state over the stored one (a black-box audit lost the TRA
    rates, the online model and the population statistics so). Now what could
    not be read is read first, and nothing of it is written before."""
    import service.runtime as runtime_mod
    from features.attributes import DeriveContext, derive
    from features.payment import Payment
    from features.population import PopulationFrequencies
    from service.config import Settings
    from service.runtime import BLOB_FREQ, Runtime

    seeded = PopulationFrequencies()
    ctx = DeriveContext.create(b"k" * 16)
    for i in range(50):
        seeded.observe(derive(Payment(transaction_id=f"t{i}", customer_id=f"c{i % 7}", timestamp="", ts=1.7e9 + i,
                                      amount=10.0 + i, currency="EUR", country="DE"), ctx))
    real = MemoryStore()
    real.put_blob(BLOB_FREQ, seeded.snapshot())
    up = {"now": False}

    def open_store(*args: Any, **kw: Any) -> MemoryStore:
        if not up["now"]:
            raise ConnectionError("connection refused")
        return real

    monkeypatch.setattr(runtime_mod, "open_store", open_store)
    rt = Runtime(Settings(data_dir=str(tmp_path)))
    rt.start()
    assert rt.engine is not None and rt.engine.freq.total("amt") == 0.0
    rt.snapshot()                                   # down: nothing written, nothing lost
    up["now"] = True
    rt.store._next_try = 0.0                        # type: ignore[union-attr]  (no 2 s wait in a test)
    rt.snapshot()                                   # back: read first, then written
    assert rt.engine.freq.total("amt") == seeded.total("amt") > 0
    stored = PopulationFrequencies()
    stored.restore(real.get_blob(BLOB_FREQ))        # type: ignore[arg-type]
    assert stored.total("amt") == seeded.total("amt")
    rt.stop()


def test_a_torn_snapshot_starts_the_service_without_it_not_a_crash_loop(tmp_path: Any, caplog) -> None:
    """A black-box audit: a local state whose parts did not match its manifest
    made every worker exit at start (54 restarts in a minute, /readyz never up)."""
    from service.config import Settings
    from service.runtime import BLOB_LOCAL, Runtime
    from service.store.blob_parts import part_name, put_parts
    from service.store.sqlite import EmbeddedStore

    from service.store.datadir import check_data_dir

    assert check_data_dir(Settings(data_dir=str(tmp_path))) is None     # a data dir as the service makes it
    s = EmbeddedStore(str(tmp_path))
    put_parts(s, BLOB_LOCAL, [b"x" * 100, b"y" * 100])
    s.put_blob(part_name(BLOB_LOCAL, "a", 1), b"y")          # a part of another write
    s.close()
    rt = Runtime(Settings(data_dir=str(tmp_path)))
    rt.start()
    try:
        assert rt.engine is not None
        assert "starting without it" in caplog.text
    finally:
        rt.stop()


def test_a_broken_shadow_policy_leaves_the_live_one_answering(tmp_path: Any, caplog) -> None:
    """An experiment must not keep the service from starting (a black-box audit:
    a typo in the shadow file stopped start-up, with the live file's wording)."""
    from service.config import Settings
    from service.runtime import Runtime

    bad = tmp_path / "trial.toml"
    bad.write_text('name = "trial"\ntreshold = 0.5\n', encoding="utf-8")
    rt = Runtime(Settings(data_dir=str(tmp_path / "d"), shadow_policy_path=str(bad)))
    rt.start()
    try:
        assert rt.engine is not None and rt.engine.shadow_policy is None
        assert "shadow policy not used" in caplog.text and "trial.toml" in caplog.text
    finally:
        rt.stop()


def test_the_shadow_policys_tra_monitor_survives_a_restart(tmp_path: Any) -> None:
    """A review: only the live policy's monitor was saved; the shadow's started empty,
    so its TRA ceiling was 0 for 90 days and the shadow comparison said "stricter"."""
    from importlib.resources import files

    import msgspec

    from service.config import Settings
    from service.parse import parse_score
    from service.runtime import Runtime

    text = files("models").joinpath("default_policy.toml").read_bytes()
    shadow = tmp_path / "shadow.toml"
    shadow.write_bytes(text.replace(b"enabled = false\nwindow_days", b"enabled = true\nwindow_days", 1))
    env = {"RISKGATE_DATA_DIR": str(tmp_path / "data"), "RISKGATE_SHADOW_POLICY": str(shadow)}
    rt = Runtime(Settings.from_env(env))
    rt.start()
    try:
        for i in range(5):
            rt.engine.score(parse_score(msgspec.json.encode({
                "transaction_id": f"t{i}", "customer_id": f"c{i}", "timestamp": f"2026-03-02T10:0{i}:00Z",
                "amount": 9.0, "currency": "EUR"})))
        e = rt.engine
        before = e.shadow_tra.band_stats(e.max_ts)["all"]["volume_eur"]
        at = e.max_ts
        assert before > 0
    finally:
        rt.stop()
    again = Runtime(Settings.from_env(env))
    again.start()
    try:
        assert again.engine.shadow_tra.band_stats(at)["all"]["volume_eur"] == before
    finally:
        again.stop()


@pytest.mark.parametrize("kind", ["SQLITE", "LMDB"])
def test_a_report_learned_before_shutdown_survives_a_maintenance_round_under_way(tmp_path, monkeypatch, kind):
    """A review: shutdown cancelled the maintenance task without waiting for the thread of
    its local-state write; stop() then skipped its own write (the round held the lease) and,
    on LMDB, closed the store under the round: the examples and a late report were lost."""
    import asyncio
    import threading
    from array import array

    from models.local_refit import Example
    from service import app as app_module
    from service.config import Settings
    from service.runtime import Runtime

    monkeypatch.setattr(app_module, "MAINTENANCE_INTERVAL_S", 0.01)
    settings = Settings(data_dir=str(tmp_path), store=kind, api_keys=("k",), admin_keys=("a",))
    app = app_module.create_app(settings)
    rt: Runtime = app.state.runtime
    writing = threading.Event()
    real_write = rt.write_local

    def write_local(state):          # unchanged behaviour, only says when the round's thread begins
        writing.set()
        real_write(state)

    async def main():
        async with app.router.lifespan_context(app):
            local = rt.engine.model.local
            n = local.n_features
            x = array("f", [0.0] * n).tobytes()
            local.neg = [Example(1.7e9 + i, False, 10.0, -3.0, x, u=0.01) for i in range(30_000)]
            local._changes += 1
            local.flush()
            monkeypatch.setattr(rt, "write_local", write_local)
            while not writing.is_set():
                await asyncio.sleep(0.001)
            await asyncio.sleep(0.02)
            # learned on the event loop after the round copied the state, before the stop
            local.add_report([0.5] * n, -1.0, 1.7e9 + 99_999, 1.7e9 + 100_000, "cust-late")
        # lifespan exit: Runtime.stop() has run (it writes the local state at shutdown)

    asyncio.run(main())
    rt2 = Runtime(settings)
    rt2.start()
    try:
        local2 = rt2.engine.model.local
        assert len(local2.neg) == 30_000, len(local2.neg)
        assert len(local2.pos) == 1, "the report learned before shutdown was not written at shutdown"
    finally:
        rt2.stop()


@pytest.mark.parametrize("kind", ["LMDB", "SQLITE"])
def test_no_maintenance_thread_uses_the_store_after_stop(tmp_path, monkeypatch, kind):
    """A review: a round's purge kept using the store after shutdown closed it."""
    import asyncio
    import threading
    import time

    from service import app as app_module
    from service.config import Settings
    from service.runtime import Runtime

    monkeypatch.setattr(app_module, "MAINTENANCE_INTERVAL_S", 0.01)
    settings = Settings(data_dir=str(tmp_path), store=kind, api_keys=("k",), admin_keys=("a",))
    app = app_module.create_app(settings)
    rt: Runtime = app.state.runtime
    in_thread = threading.Event()
    log = []

    def purge():                           # a retention purge of a busy round: a few store calls
        in_thread.set()
        for i in range(40):
            time.sleep(0.01)
            try:
                rt.engine.store.put_blob("probe", b"x")   # any store call of the round
                log.append(("ok", rt.store_closed_at is not None))
            except Exception as exc:
                log.append(("error", repr(exc)))

    rt.store_closed_at = None

    async def main():
        async with app.router.lifespan_context(app):
            real_close = rt.store.close
            def close():
                rt.store_closed_at = time.monotonic()
                real_close()
            rt.store.close = close
            monkeypatch.setattr(rt, "purge", purge)
            while not in_thread.is_set():
                await asyncio.sleep(0.005)
        # lifespan shutdown done: Runtime.stop() returned, the store is closed

    asyncio.run(main())   # asyncio.run waits for the default executor's threads
    after_close = [e for e in log if e[0] == "error" or e[1]]
    assert not after_close, after_close[:3]


def test_a_write_skipped_for_a_held_lease_is_retried_at_the_next_round(tmp_path):
    """A review: the snapshot had moved its write time already, so the promised retry at
    the next round came 10 minutes later (persist_every_s)."""
    from array import array

    from models.local_refit import Example
    from service.config import Settings
    from service.runtime import BLOB_LOCAL, Runtime
    from service.store import blob_parts

    rt = Runtime(Settings(data_dir=str(tmp_path)))
    rt.start()
    try:
        local = rt.engine.model.local
        x = array("f", [0.0] * local.n_features).tobytes()
        local.neg = [Example(1.7e9 + i, False, 10.0, -3.0, x, u=0.01) for i in range(100)]
        local._changes += 1
        local.flush()
        assert blob_parts._lease(rt.store, BLOB_LOCAL, "other-worker", 9e18)   # another worker is writing
        state = rt.local_state()
        assert state is not None
        rt.write_local(state)                                                  # skipped: lease held
        assert blob_parts._lease(rt.store, BLOB_LOCAL, "other-worker", 0.0)    # the other worker is done
        assert rt.local_state() is not None, "the next round does not retry the skipped write"
    finally:
        rt.stop()


def test_worker_slots_read_each_others_tra_monitors_and_keep_their_own(tmp_path: Any,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A review: one worker scored the payments, another received their reports, and
    each one's TRA rate (the frictionless exemption's) missed the other's half. Each
    slot now writes its monitor under its own name, reads the others' every round,
    and its next process restores its own (one name for all: the last writer's)."""
    import msgspec

    from service.config import Settings
    from service.parse import FeedbackRequest, parse_score
    from service.runtime import WORKER_SLOT_ENV, Runtime

    env = {"RISKGATE_DATA_DIR": str(tmp_path / "data")}

    def runtime(slot: str) -> Runtime:
        monkeypatch.setenv(WORKER_SLOT_ENV, slot)
        rt = Runtime(Settings.from_env(env))
        rt.start()
        return rt

    a, b = runtime("0/2"), runtime("1/2")
    try:
        for i in range(40):
            out = a.engine.score(parse_score(msgspec.json.encode({
                "transaction_id": f"t{i}", "customer_id": f"c{i % 4}", "timestamp": f"2026-03-02T10:{i:02d}:00Z",
                "amount": 60.0, "currency": "EUR"})))
            assert out.level == 0
        assert b.engine.feedback(FeedbackRequest(transaction_id="t7", kind="fraud_report", timestamp="",
                                                 is_fraud=True), a.engine.max_ts) == "fraud"
        at = a.engine.max_ts
        assert a.engine.tra.band_stats(at)["<=100"]["fraud_eur"] == 0.0
        b.snapshot()
        a.snapshot()
        fleet = a.engine.tra.band_stats(at)["<=100"]
        assert fleet["fraud_eur"] == 60.0 and fleet["volume_eur"] == 2400.0
        assert a.engine.tra.band_stats(at, own_only=True)["<=100"]["fraud_eur"] == 0.0
    finally:
        b.stop()
    b2 = runtime("1/2")           # slot 1's next process: its own monitor back, slot 0's read
    try:
        assert b2.engine.tra.band_stats(at, own_only=True)["<=100"]["fraud_eur"] == 60.0
        assert b2.engine.tra.band_stats(at)["<=100"]["volume_eur"] == 2400.0
    finally:
        b2.stop()
        a.stop()


def test_a_worker_slot_is_read_from_the_supervisors_variable() -> None:
    from service.runtime import WORKER_SLOT_ENV, tra_blob, worker_slot

    assert worker_slot({WORKER_SLOT_ENV: "2/4"}) == (2, 4)
    for bad in ("", "x", "4/4", "-1/2", "1/2/3"):
        assert worker_slot({WORKER_SLOT_ENV: bad}) == (0, 1)
    assert tra_blob(0) == "tra_monitor" and tra_blob(3) == "tra_monitor.3"
