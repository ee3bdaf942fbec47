"""Speed work on the hot path must not move a single bit of an answer.

Two guards, both on one seeded stream of hand-built payments and feedback
(several customers sharing payees, IPv4 and IPv6, missing fields, travel,
bursts, challenges answered and failed, fraud reports that unlearn):

- the fast store paths (the SQLite store's reuse of the engine's read) give
  byte-identical answers, feature vectors and stored rows to a plain reference
  that always re-reads, and to the memory store;
- every answer (wire body, probability to the last bit, feature vector hash)
  equals `tests/data/hot_path_golden.json`, recorded from the straightforward
  code. A deliberate change of features, model or policy changes it: rewrite it
  with `python -m tests.test_hot_path_equivalence --update` and say so in the
  commit; a refactor or cache must leave it alone.
"""
from __future__ import annotations

import hashlib
import json
import math
import random
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest

from service.engine import Engine
from service.errors import ApiError
from service.parse import FeedbackRequest, parse_score
from service.runtime import build_engine
from service.store.memory import MemoryStore
from service.store.lmdb_store import LmdbStore
from service.store.sqlite import EmbeddedStore

GOLDEN = Path(__file__).parent / "data" / "hot_path_golden.json"
T0 = 1772409600.0  # 2026-03-02T00:00:00Z


def _iso(ts: float) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def stream(seed: int = 7, customers: int = 8, days: int = 12) -> list[tuple[float, str, dict[str, Any]]]:
    """(event time, "score" | "auth_result" | "fraud_report", body) in time order."""
    rng = random.Random(seed)
    uas = ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Version/17.4 Mobile/15E148 Safari/604.1",
           "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36",
           "BankApp/5.2.1 (Android 13; Pixel 7)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/125.0"]
    shared_payees = [f"shop-{i}" for i in range(6)]
    people = []
    for c in range(customers):
        home = (48.0 + rng.random() * 6, 2.0 + rng.random() * 12)
        ips = [f"{rng.choice([81, 93, 178])}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
               f"2a02:8108:{rng.randrange(65536):x}:{rng.randrange(65536):x}::{rng.randrange(1, 65536):x}"]
        people.append({"id": f"cust-{c}", "home": home, "ips": ips, "dev": f"dev-{c}", "ua": rng.choice(uas),
                       "payees": rng.sample(shared_payees, 3) + [f"own-{c}"], "mu": rng.uniform(2.5, 4.5)})
    events: list[tuple[float, str, dict[str, Any]]] = []
    n = 0
    for c, person in enumerate(people):
        t = T0 + rng.random() * 3600
        while t < T0 + days * 86400:
            t += rng.expovariate(3.0 / 86400)
            n += 1
            attack = rng.random() < 0.06 and t > T0 + 3 * 86400
            body: dict[str, Any] = {
                "transaction_id": f"tx-{n}", "customer_id": person["id"], "timestamp": _iso(t),
                "amount": round(math.exp(rng.gauss(person["mu"], 0.6)) * (8 if attack else 1), 2), "currency": "EUR",
                "channel": rng.choice(["web", "app"]),
            }
            if rng.random() > 0.05:
                body["ip"] = "45.155.205.12" if attack else rng.choice(person["ips"])
            if rng.random() > 0.05:
                body["device_id"] = f"evil-{n}" if attack else person["dev"]
                body["user_agent"] = uas[3] if attack else person["ua"]
            if rng.random() > 0.1:
                lat, lon = (55.75, 37.6) if attack else person["home"]
                body["lat"], body["lon"] = round(lat + rng.gauss(0, 0.02), 4), round(lon + rng.gauss(0, 0.02), 4)
                body["country"], body["city"] = ("RU", "Moscow") if attack else ("DE", "Berlin")
            body["payee_id"] = f"mule-{n % 3}" if attack else rng.choice(person["payees"])
            events.append((t, "score", body))
            # the gateway's answers: most challenges passed, reports a few days later
            events.append((t + 30, "auth_result", {"transaction_id": body["transaction_id"], "kind": "auth_result",
                                                   "timestamp": _iso(t + 30), "passed": not attack and rng.random() < 0.9}))
            if attack:
                rt = t + rng.uniform(1, 4) * 86400
                events.append((rt, "fraud_report", {"transaction_id": body["transaction_id"], "kind": "fraud_report",
                                                    "timestamp": _iso(rt), "is_fraud": True}))
            # a burst now and then
            if rng.random() < 0.05:
                t += 60
    events.sort(key=lambda e: (e[0], e[1], e[2]["transaction_id"]))
    return events


class _Spy:
    """Passes through to the model, logging every feature vector it is given."""

    def __init__(self, model: Any, log: list[str]) -> None:
        self._m, self._log = model, log

    def score(self, fs: Any) -> Any:
        r = self._m.score(fs)
        vec = " ".join(repr(float(x)) for x in fs.values)
        self._log.append(f"features {hashlib.sha256(vec.encode()).hexdigest()}")
        self._log.append(f"model {r.p_fraud!r} {[(x.code, x.weight, x.message) for x in r.reasons]} {r.model_version}")
        return r

    def __getattr__(self, name: str) -> Any:
        return getattr(self._m, name)


def replay(engine: Engine) -> list[str]:
    """Every observable answer of the engine to the stream, one line each."""
    log: list[str] = []
    engine.model = _Spy(engine.model, log)
    scored: dict[str, int] = {}
    for ts, kind, body in stream():
        if kind == "score":
            out = engine.score(parse_score(msgspec.json.encode(body)))
            scored[body["transaction_id"]] = out.level
            log.append(f"answer {out.p_fraud!r} {out.level} {out.limit!r} {out.degraded} {out.body.decode()}")
            continue
        if kind == "auth_result" and scored.get(body["transaction_id"]) not in (1, 2, 3):
            continue  # only challenged payments get a step-up result
        req = msgspec.convert(body, FeedbackRequest)
        try:
            log.append(f"feedback {body['transaction_id']} {kind} {engine.feedback(req, ts)}")
        except ApiError as e:
            log.append(f"feedback {body['transaction_id']} {kind} error {e.status}")
    return log


class PlainStore(EmbeddedStore):
    """The straightforward SQLite path: every transaction re-reads its keys."""

    def read(self, keys: Any) -> dict[str, bytes | None]:
        out = super().read(keys)
        self._local.last = None
        return out


def _rows(store: EmbeddedStore) -> list[tuple[Any, ...]]:
    """Every stored row; a decision record without the server's clock it was made at
    (`scored_at`), which differs from run to run."""
    from service.records import decode_record, encode_record

    c = store._conn()
    out = []
    for t in ("kv", "rec"):
        for k, v, ts in c.execute(f"SELECT k, v, t FROM {t} ORDER BY k"):
            if k.startswith("r:"):
                rec = decode_record(v)
                assert rec.scored_at > 0.0
                rec.scored_at = -1.0
                v = encode_record(rec)
            out.append((k, v, ts))
    return out


def test_fast_store_paths_answer_exactly_as_the_plain_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = EmbeddedStore(str(tmp_path / "fast"), checkpoint_interval_s=None)
    plain = PlainStore(str(tmp_path / "plain"), checkpoint_interval_s=None)
    fetches = {"fast": 0, "plain": 0}
    for name, s in (("fast", fast), ("plain", plain)):
        real = s._fetch

        def spy(c: Any, keys: Any, real: Any = real, name: str = name) -> Any:
            fetches[name] += 1
            return real(c, keys)

        monkeypatch.setattr(s, "_fetch", spy)
    a = replay(build_engine(fast))
    b = replay(build_engine(plain))
    c = replay(build_engine(MemoryStore()))
    lm = LmdbStore(str(tmp_path / "lmdb"), sync_interval_s=None)
    d = replay(build_engine(lm))
    lm.close()
    n_scores = sum(1 for line in a if line.startswith("answer"))
    assert n_scores > 200 and any(" 1 " in line for line in a if line.startswith("answer"))
    assert a == b
    assert a == c
    assert a == d
    assert _rows(fast) == _rows(plain)
    # the fast path was taken: nearly every score read its keys once, not twice
    assert fetches["plain"] - fetches["fast"] > 0.9 * n_scores
    fast.close()
    plain.close()


def _golden_lines() -> list[str]:
    return replay(build_engine(MemoryStore()))


def test_answers_equal_the_recorded_golden_file() -> None:
    expected = json.loads(GOLDEN.read_text())
    got = _golden_lines()
    assert len(got) == len(expected["lines"])
    for i, (g, e) in enumerate(zip(got, expected["lines"])):
        assert g == e, f"line {i} differs (regenerate only for a deliberate feature/model/policy change)"


if __name__ == "__main__":
    if "--update" not in sys.argv:
        sys.exit("usage: python -m tests.test_hot_path_equivalence --update")
    GOLDEN.parent.mkdir(exist_ok=True)
    lines = _golden_lines()
    GOLDEN.write_text(json.dumps({"lines": lines}, indent=0) + "\n")
    print(f"wrote {GOLDEN} ({len(lines)} lines)")
