"""Review (session 32) of the service's runtime around the engine: worker slots'
TRA monitors across a change of the worker count, blob parts across a killed
writer, the maintenance round and shutdown."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from tests.service_process import free_port

AUTH = {"Authorization": "Bearer k-score"}


def _runtime(monkeypatch: pytest.MonkeyPatch, data: Path, slot: str | None) -> Any:
    from service.config import Settings
    from service.runtime import WORKER_SLOT_ENV, Runtime

    if slot is None:
        monkeypatch.delenv(WORKER_SLOT_ENV, raising=False)
    else:
        monkeypatch.setenv(WORKER_SLOT_ENV, slot)
    rt = Runtime(Settings.from_env({"RISKGATE_DATA_DIR": str(data)}))
    rt.start()
    return rt


def _score(rt: Any, i: int, amount: float = 60.0) -> Any:
    from service.parse import parse_score

    return rt.engine.score(parse_score(msgspec.json.encode({
        "transaction_id": f"t{i}", "customer_id": f"c{i % 4}", "timestamp": f"2026-03-02T10:{i % 60:02d}:00Z",
        "amount": amount, "currency": "EUR"})))


def _report(rt: Any, tid: str, at: float) -> str:
    from service.parse import FeedbackRequest

    return rt.engine.feedback(FeedbackRequest(transaction_id=tid, kind="fraud_report", timestamp="", is_fraud=True),
                              at)


@pytest.mark.parametrize("later", [None, "0/2"], ids=["one-worker", "two-workers"])
def test_tra_reports_of_a_slot_that_no_longer_runs_still_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                later: str | None) -> None:
    """Three workers, then one (or two): slot 2 had received a fraud report, written
    under `tra_monitor.2`. The workers of the next run read only slots below their own
    count, so that report left the fleet's TRA rate for good: the frictionless
    exemption reopened on a band whose rate over the window was above its reference."""
    data = tmp_path / "data"
    a, c = _runtime(monkeypatch, data, "0/3"), _runtime(monkeypatch, data, "2/3")
    try:
        for i in range(40):
            assert _score(a, i).level == 0
        assert _report(c, "t7", a.engine.max_ts) == "fraud"
        at = a.engine.max_ts
        c.snapshot()
        a.snapshot()
        assert a.engine.tra.band_stats(at)["<=100"]["fraud_eur"] == 60.0     # fleet-wide while 3 run
    finally:
        c.stop()
        a.stop()
    after = _runtime(monkeypatch, data, later)      # the same data dir, fewer workers
    try:
        _score(after, 100)
        after.snapshot()                            # a maintenance round
        stats = after.engine.tra.band_stats(at)["<=100"]
        assert stats["fraud_eur"] == 60.0, "slot 2's fraud report was dropped with the slot"
        assert stats["volume_eur"] == 2460.0                 # slot 0's own 40 payments, and one more
        # and exported once, by slot 0, in the value gauges the TRA alert's recording rule sums
        assert after.engine.tra.band_stats(at, own_only=True)["<=100"]["fraud_eur"] == 60.0
    finally:
        after.stop()


_KILLED_WRITER = r"""
import sys, time
from service.runtime import BLOB_LOCAL
from service.store.blob_parts import put_parts
from service.store.sqlite import EmbeddedStore

s = EmbeddedStore(sys.argv[1])

def parts():
    yield b"p" * 1000
    print("half-way", flush=True)
    time.sleep(600)          # killed here, between two parts, holding the write lease
    yield b"q"

put_parts(s, BLOB_LOCAL, parts())
"""


def test_a_writer_killed_between_parts_does_not_hold_off_the_next_process_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed (`kill -9`, the OOM killer) half way through its local state's
    parts left its lease for LEASE_S (120 s): its own next process, restarted at once,
    skipped every write until then, the final one at a clean stop included, and what it
    had learned meanwhile (the local refits' examples) was gone at the next start."""
    from array import array

    from models.local_refit import Example

    data = tmp_path / "data"
    first = _runtime(monkeypatch, data, None)           # a data dir as the service makes it
    first.stop()
    writer = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(data)], stdout=subprocess.PIPE,
                              cwd=str(Path(__file__).resolve().parents[1]))
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == b"half-way"
    finally:
        writer.kill()
        writer.wait(10)
    rt = _runtime(monkeypatch, data, None)               # the worker's next process
    try:
        local = rt.engine.model.local
        x = array("f", [0.0] * local.n_features).tobytes()
        local.neg = [Example(1.7e9 + i, False, 10.0, -3.0, x, u=0.01) for i in range(200)]
        local._changes += 1
    finally:
        rt.stop()                                        # a clean stop writes the local state
    again = _runtime(monkeypatch, data, None)
    try:
        assert len(again.engine.model.local.neg) == 200, "the examples learned after the kill were not written"
    finally:
        again.stop()


def test_a_service_restarted_with_fewer_workers_keeps_the_fleets_tra_rate(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Black-box: the state of a three-worker run (slot 0 scored the payments, slot 2
    received a report), then `python -m service` with one worker on that data dir: its
    TRA rate (`riskgate_tra_fraud_rate`, the frictionless exemption's) kept slot 2's report."""
    from tests.service_process import ServiceProcess

    data = tmp_path / "data"
    a, c = _runtime(monkeypatch, data, "0/3"), _runtime(monkeypatch, data, "2/3")
    try:
        for i in range(40):
            _score(a, i)
        assert _report(c, "t7", a.engine.max_ts) == "fraud"
    finally:
        c.stop()
        a.stop()
    monkeypatch.delenv("_RISKGATE_WORKER_SLOT", raising=False)
    svc = ServiceProcess(str(data), port=free_port())
    svc.start(timeout=60)
    try:
        r = httpx.post(svc.url + "/v1/score", headers=AUTH, timeout=10, json={
            "transaction_id": "t-after", "customer_id": "c-after", "timestamp": "2026-03-02T11:00:00Z",
            "amount": 60.0, "currency": "EUR"})
        assert r.status_code == 200, r.text
        text = httpx.get(svc.url + "/metrics", timeout=10).text
        m = re.search(r'^riskgate_tra_fraud_rate\{band="<=100"\} (\S+)$', text, re.M)
        assert m is not None, text[-2000:]
        assert float(m.group(1)) == pytest.approx(60.0 / 2460.0), "slot 2's report left the fleet's TRA rate"
        m = re.search(r'^riskgate_tra_fraud_value_eur\{band="<=100"\} (\S+)$', text, re.M)
        assert m is not None and float(m.group(1)) == 60.0, "the recording rule's value gauges miss slot 2's report"
    finally:
        svc.stop()


def test_a_restore_under_two_completed_writes_reads_again(tmp_path: Path) -> None:
    """A review: a worker starting while another rewrote the local state read the
    manifest, then (two complete writes later, the second into the slot it had
    found named) parts of another write: "parts do not match", and it started
    without the state, to write its near-empty one over the others' later. The
    restore reads again once the writes have settled."""
    from service.store.blob_parts import get_parts, get_parts_settled, put_parts
    from service.store.sqlite import EmbeddedStore

    store = EmbeddedStore(str(tmp_path / "s"))
    put_parts(store, "state", [b"a" * 100, b"b" * 100])
    real_get = store.get_blob
    raced = []

    def get_blob(name: str) -> Any:
        if name != "state" and not raced:      # the first part's read: two writes land first
            raced.append(name)
            put_parts(store, "state", [b"c" * 50, b"d" * 50, b"e" * 50])
            put_parts(store, "state", [b"f" * 70, b"g" * 70])
        return real_get(name)

    store.get_blob = get_blob  # type: ignore[method-assign]
    with pytest.raises(ValueError):
        get_parts(store, "state")
    raced.clear()
    assert get_parts_settled(store, "state", pause_s=0.0) == [b"f" * 70, b"g" * 70]
    store.get_blob = real_get  # type: ignore[method-assign]
    store.close()
