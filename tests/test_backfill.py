"""Backfill (`python -m service.backfill`): a bank's history learned into the store
the service opens, so that known customers are not new on the first day."""
from __future__ import annotations

import csv
import gzip
import os
from pathlib import Path
from typing import Any

import msgspec
import pytest

from features.profile import decode_profile
from service.backfill import main
from service.config import Settings
from service.parse import parse_score
from service.runtime import Runtime, build_engine
from service.store import profile_key, record_key
from service.store.memory import MemoryStore

COLS = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "device_id", "ip", "payee_id",
        "is_fraud", "fraud_reported_at", "scenario"]


def history(path: Path, extra: list[list[str]] | None = None) -> Path:
    """A customer paying the same shop every day of February from one phone,
    and a mule who received one reported fraud from someone else."""
    rows = [[f"h-{d}", "c-old", f"2026-02-{d:02d}T10:00:00Z", "420.00", "EUR", "phone-1", "198.51.100.20",
             "shop", "0", "", ""] for d in range(1, 28)]
    rows.append(["h-f", "c-victim", "2026-02-20T03:00:00Z", "900.00", "EUR", "evil-dev", "203.0.113.9", "mule",
                 "1", "2026-02-21T09:00:00Z", "ato"])
    rows.append(["h-bad", "c-old", "2026-02-27T11:00:00Z", "-5", "EUR", "", "", "", "0", "", ""])
    rows += extra or []
    rows.sort(key=lambda r: r[2])       # a replay file is in timestamp order (API.md)
    with gzip.open(path, "wt", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLS)
        w.writerows(rows)
    return path


def score(engine: Any, tx: str, customer: str, amount: float, payee: str = "shop") -> dict[str, Any]:
    b = msgspec.json.encode({"transaction_id": tx, "customer_id": customer, "timestamp": "2026-03-02T10:00:00Z",
                             "amount": amount, "currency": "EUR", "device_id": "phone-1", "ip": "198.51.100.20",
                             "payee_id": payee})
    return msgspec.json.decode(engine.score(parse_score(b)).body)


def test_a_backfilled_customer_is_known_and_a_reported_payee_is_risky(tmp_path: Path) -> None:
    from service.backfill import backfill

    cold = build_engine(MemoryStore())
    assert score(cold, "t-1", "c-old", 420.0)["reasons"][0]["code"] == "COLD_START"   # new: the cap of 150

    rt = Runtime(Settings(data_dir=str(tmp_path / "data")))
    rt.start()
    counts = backfill(rt.engine, str(history(tmp_path / "h.csv.gz")), progress=False)
    assert counts == {"rows": 29, "learned": 27, "frauds": 1, "refused": 1}
    engine = rt.engine
    blob = engine.store.read([profile_key("c-old")])[profile_key("c-old")]
    assert decode_profile(blob).n == 27
    assert engine.store.read([profile_key("c-victim")])[profile_key("c-victim")] is None   # a fraud is not habit
    assert engine.store.read([record_key("h-1")])[record_key("h-1")] is None               # no decisions
    known = score(engine, "t-1", "c-old", 420.0)
    assert known["auth_level"] == 0 and not any(r["code"] == "COLD_START" for r in known["reasons"])
    to_mule = score(engine, "t-2", "c-new-1", 20.0, payee="mule")
    assert any(r["code"] in ("RISKY_PAYEE", "LINKED_TO_FRAUD") for r in to_mule["reasons"])
    rt.stop()


@pytest.mark.parametrize("store", ["sqlite", "lmdb"])
def test_command_learns_into_the_service_store_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str], store: str) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("RISKGATE_DATA_DIR", str(data))
    monkeypatch.setenv("RISKGATE_STORE", store)   # the store the service will open
    path = str(history(tmp_path / "h.csv.gz"))
    assert main([path, "--quiet", "--until", "2026-02-10"]) == 0
    assert "10 payments learned, 0 frauds marked, 0 rows refused, of 10" in capsys.readouterr().out
    assert main([path, "--quiet"]) == 2                       # twice would learn every payment twice
    assert "backfilled before" in capsys.readouterr().err
    rt = Runtime(Settings.from_env())
    rt.start()
    view = rt.profile_view("c-old")
    assert view is not None and view["profile"]["payments_learned"] == 10
    rt.stop()
    assert os.path.isdir(data / "riskgate.lmdb") == (store == "lmdb")
    with pytest.raises(SystemExit):
        main([str(tmp_path / "missing.csv")])                  # a clear usage error, not a traceback


_HEADER = "transaction_id,customer_id,timestamp,amount,currency,device_id,payee_id,is_fraud,fraud_reported_at,scenario"


def _history(path: Path, rows: list[str]) -> str:
    rows.sort(key=lambda r: r.split(",")[2])
    with gzip.open(path, "wt") as fh:
        fh.write(_HEADER + "\n" + "\n".join(rows) + "\n")
    return str(path)


def test_a_replays_backfill_reports_frauds_without_a_time_after_its_report_delay(tmp_path: Path) -> None:
    """A review: `--backfill-days` with `--report-delay-days` learned a fraud without a
    report time as a genuine payment, though the run reports it a day after it."""
    import json

    from benchmarks.replay import main as replay

    rows = [f"g-{d},c-1,2026-02-{d:02d}T10:00:00Z,40.00,EUR,phone-1,shop,0,," for d in range(1, 20)]
    rows.append("f-1,c-1,2026-02-02T03:00:00Z,900.00,EUR,evil-dev,mule,1,,ato")
    path = _history(tmp_path / "h.csv.gz", rows)
    out = tmp_path / "out"
    assert replay([path, "--out", str(out), "--backfill-days", "8", "--report-delay-days", "1",
                   "--warmup-days", "0", "--no-plots", "--quiet"]) == 0
    assert json.loads((out / "report.json").read_text())["meta"]["backfill"]["frauds"] == 1


def test_a_fraud_reported_after_until_is_marked_at_until_or_not_with_reports_until(tmp_path: Path) -> None:
    """A review: a fraud paid before `--until` and reported after it marked its device and
    payee at that later report time, undecayed for live payments before the report."""
    from datetime import datetime, timezone

    from features.attributes import derive
    from features.population import decode_entity, entity_keys
    from service.backfill import backfill

    rows = [f"g-{d},c-1,2026-02-{d:02d}T10:00:00Z,40.00,EUR,phone-1,shop,0,," for d in range(1, 27)]
    rows.append("f-1,c-2,2026-02-20T03:00:00Z,900.00,EUR,evil-dev,mule,1,2026-03-20T09:00:00Z,ato")
    path = _history(tmp_path / "h.csv.gz", rows)
    until = datetime(2026, 3, 1, tzinfo=timezone.utc).timestamp()
    body = msgspec.json.encode({"transaction_id": "x", "customer_id": "c-2", "timestamp": "2026-02-20T03:00:00Z",
                                "amount": 900.0, "currency": "EUR", "device_id": "evil-dev", "payee_id": "mule"})
    for known_at, marked in ((None, True), (until, False)):     # a go-live; an evaluation (--reports-until)
        engine = build_engine(MemoryStore())
        counts = backfill(engine, path, None, until, progress=False, known_at=known_at)
        assert counts["frauds"] == int(marked)
        keys = entity_keys(derive(parse_score(body), engine.dctx))
        cur = engine.store.read(keys)
        marks = [decode_entity(cur[k]).fraud_t for k in keys if cur[k] is not None]
        assert marks and all((t == until) if marked else (t <= 0) for t in marks), marks
