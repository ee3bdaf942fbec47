"""Feedback that arrives late, twice, contradicted or mis-dated (a black-box
audit of `POST /v1/feedback`): what it may change and what it may not."""
from __future__ import annotations

import time
from typing import Any

import msgspec
import pytest

from features.hashing import label_key
from features.population import decode_entity, entity_keys, mark_fraud, observe_entity, paid_before, unmark_fraud
from features.attributes import Attributes
from service.engine import Engine
from service.metrics import LEVELS
from service.parse import FeedbackRequest, parse_score
from service.records import COMPLETED, decode_record
from service.runtime import build_engine
from service.store import record_key
from service.store.memory import MemoryStore
from tests.test_engine import engine, learned  # noqa: F401  (the engine fixture: memory, SQLite, LMDB)

DAY = 86400.0
T0 = 1772445600.0       # 2026-03-02T10:00:00Z


def iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def pay(engine: Engine, tx: str, customer: str, ts: float, amount: float = 20.0, **kw: Any) -> dict[str, Any]:
    """Score one payment; each customer has their own phone and payee unless told."""
    b = msgspec.json.encode({
        "transaction_id": tx, "customer_id": customer, "timestamp": iso(ts), "amount": amount,
        "currency": "EUR", "device_id": kw.pop("device_id", f"phone-{customer}"),
        "payee_id": kw.pop("payee_id", f"shop-{customer}"), **kw})
    return msgspec.json.decode(engine.score(parse_score(b)).body)


def retry(engine: Engine, tx: str, customer: str, ts: float, amount: float = 20.0, **kw: Any) -> Any:
    b = msgspec.json.encode({
        "transaction_id": tx, "customer_id": customer, "timestamp": iso(ts), "amount": amount,
        "currency": "EUR", "device_id": kw.pop("device_id", f"phone-{customer}"),
        "payee_id": kw.pop("payee_id", f"shop-{customer}"), **kw})
    return engine.score(parse_score(b))


def auth(engine: Engine, tx: str, passed: bool, ts: float) -> str:
    return engine.feedback(FeedbackRequest(transaction_id=tx, kind="auth_result", timestamp=iso(ts), passed=passed),
                           ts)


def report(engine: Engine, tx: str, is_fraud: bool, ts: float) -> str:
    return engine.feedback(FeedbackRequest(transaction_id=tx, kind="fraud_report", timestamp=iso(ts),
                                           is_fraud=is_fraud), ts)


def record(engine: Engine, tx: str) -> Any:
    blob = engine.store.read([record_key(tx)])[record_key(tx)]
    return None if blob is None else decode_record(blob)


def entities(engine: Engine, tx: str) -> dict[str, Any]:
    """The payment's device, IP, network and payee entities, by key prefix."""
    keys = entity_keys(record(engine, tx).attrs)
    got = engine.store.read(keys)
    return {k[0]: decode_entity(got[k]) for k in keys}


def tra_fraud(engine: Engine) -> tuple[float, float]:
    """(fraud value, fraud count) in the TRA monitor's window."""
    stats = engine.tra.band_stats(engine.max_ts)["all"]
    return stats["fraud_eur"], stats["fraud_count"]  # type: ignore[return-value]


def sample(name: str, **labels: str) -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def mem() -> Engine:
    e = build_engine(MemoryStore())
    e.clock_ahead_s = DAY        # as service.runtime sets it
    return e


# ---------------------------------------------------------------- 1: row times
def test_a_back_dated_feedback_does_not_age_the_rows_it_writes(engine: Engine) -> None:
    """An auth_result dated ten years early (a typo'd year) was the row time of
    the record it rewrote: the next purge deleted the decision, and a retry of
    the same payment was decided afresh."""
    engine.clock_ahead_s = DAY
    first = pay(engine, "bd-x", "c-bd", T0, amount=20000.0)
    assert 1 <= first["auth_level"] <= 3
    assert auth(engine, "bd-x", True, T0 - 3653 * DAY) == "completed"
    assert report(engine, "bd-x", True, T0 - 3653 * DAY) == "fraud"
    pay(engine, "bd-later", "c-bd-2", T0 + DAY)          # the event clock moves on, a day
    assert engine.purge() == 0
    again = retry(engine, "bd-x", "c-bd", T0, amount=20000.0)
    assert again.replayed and msgspec.json.decode(again.body) == first
    assert record(engine, "bd-x").fraud == 1


def test_a_feedback_dated_far_ahead_does_not_keep_its_rows_from_retention(mem: Engine) -> None:
    """One dated 2100 made the record's row time 2100: never purged."""
    pay(mem, "ff-x", "c-ff", T0)
    assert report(mem, "ff-x", True, 4102444800.0) == "fraud"      # 2100-01-01
    pay(mem, "ff-later", "c-ff-2", T0 + 130 * DAY)
    assert mem.max_ts == T0 + 130 * DAY, "the test needs the event clock to have moved"
    assert mem.purge() >= 1
    assert record(mem, "ff-x") is None and record(mem, "ff-later") is not None


# ---------------------------------------------------------------- 5: report times
def test_a_fraud_report_dated_before_its_payment_marks_from_the_payment(mem: Engine) -> None:
    """Dated 1970, a report marked the device with a weight decayed to nothing:
    another customer on the fraud's phone went through unchallenged."""
    for i in range(4):
        assert pay(mem, f"old-a{i}", "c-old-a", T0 + i * 60, device_id="farm-1")["auth_level"] == 0
    assert report(mem, "old-a3", True, 86400.0) == "fraud"          # 1970-01-02
    dev = entities(mem, "old-a3")["d"]
    assert dev.fraud_t == int(T0 + 180)
    other = pay(mem, "old-b0", "c-old-b", T0 + 600, device_id="farm-1")
    assert other["auth_level"] >= 2 and other["reasons"][0]["code"] == "LINKED_TO_FRAUD"


def test_a_fraud_report_dated_far_ahead_acts_at_the_clocks_bound(mem: Engine, monkeypatch: Any) -> None:
    """Dated 2100, a report's marks never faded and the online learner's clock
    jumped to 2100; it now acts no later than a day past the event clock (and
    the server's clock, the event clock's own bound)."""
    seen: list[float] = []
    learn_one = mem.model.learn_one
    monkeypatch.setattr(mem.model, "learn_one", lambda *a, **kw: (seen.append(kw["ts"]), learn_one(*a, **kw)))
    pay(mem, "fut-a", "c-fut", T0)
    assert report(mem, "fut-a", True, 4102444800.0) == "fraud"
    bound = min(time.time(), mem.max_ts) + DAY
    assert mem.max_ts == T0
    assert entities(mem, "fut-a")["d"].fraud_t <= bound
    assert seen and seen[0] <= bound
    assert record(mem, "fut-a").reported_ts <= bound


# ---------------------------------------------------------------- 2: cleared reports
def test_unmark_fraud_takes_back_what_mark_fraud_added() -> None:
    a = Attributes(customer_id="c-x", ts=T0, amount=20.0, payee_h="h")
    base = observe_entity(None, "p:h", a, True, True)
    one = mark_fraud(base, T0 + DAY, T0, "c-x")
    back = decode_entity(unmark_fraud(one, T0 + DAY, T0, "c-x"))
    before = decode_entity(base)
    assert (back.fraud_w, back.fraud_ws, back.fraud_n, back.fraud_cust, back.days) == (
        before.fraud_w, before.fraud_ws, before.fraud_n, before.fraud_cust, before.days)
    assert unmark_fraud(base, T0 + DAY, T0, "c-x") is None, "nothing to take back"
    # another customer's report stands: its weight stays, the cleared customer goes
    both = observe_entity(base, "p:h", Attributes(customer_id="c-y", ts=T0 + 60, amount=20.0, payee_h="h"), True,
                          True)
    two = mark_fraud(mark_fraud(both, T0 + DAY, T0, "c-x"), T0 + 3 * DAY, T0 + 60, "c-y")
    left = decode_entity(unmark_fraud(two, T0 + DAY, T0, "c-x"))
    only_y = decode_entity(mark_fraud(both, T0 + 3 * DAY, T0 + 60, "c-y"))
    assert left.fraud_n == 1 and left.fraud_cust == [label_key("c-y")]
    assert left.fraud_w == pytest.approx(only_y.fraud_w) and left.fraud_ws == pytest.approx(only_y.fraud_ws)
    assert left.days == only_y.days
    # a second report against the same customer may stand: the customer stays a victim
    same = mark_fraud(mark_fraud(base, T0 + DAY, T0, "c-x"), T0 + 2 * DAY, T0, "c-x")
    assert decode_entity(unmark_fraud(same, T0 + DAY, T0, "c-x")).fraud_cust == [label_key("c-x")]


def test_a_cleared_report_relearns_the_payment_and_unlinks_its_device_and_payee(engine: Engine) -> None:
    """`is_fraud: false` after `true` left the payment unlearned and its
    device and payee marked: others on that phone got LINKED_TO_FRAUD, others
    paying that payee RISKY_PAYEE, for a case cleared as genuine."""
    engine.clock_ahead_s = DAY
    for i in range(4):
        assert pay(engine, f"cl-a{i}", "c-cl-a", T0 + i * 60, device_id="cl-phone",
                   payee_id="cl-shop")["auth_level"] == 0
    n = learned(engine, "c-cl-a")
    before = entities(engine, "cl-a3")
    assert report(engine, "cl-a3", True, T0 + DAY) == "fraud"
    assert learned(engine, "c-cl-a") == n - 1
    assert report(engine, "cl-a3", False, T0 + DAY + 3600) == "cleared"
    rec = record(engine, "cl-a3")
    assert rec.learned and rec.fraud == 0 and rec.reported_ts == -1.0
    assert learned(engine, "c-cl-a") == n
    after = entities(engine, "cl-a3")
    for k in ("d", "i", "n", "p"):
        if k in before:
            b, a = before[k], after[k]
            assert (a.fraud_w, a.fraud_ws, a.fraud_n, a.fraud_cust, a.days) == (
                b.fraud_w, b.fraud_ws, b.fraud_n, b.fraud_cust, b.days), k
    assert paid_before(after["p"], label_key("c-cl-a")) is not None, "the payee knows its sender again"
    on_phone = pay(engine, "cl-b0", "c-cl-b", T0 + DAY + 7200, device_id="cl-phone")
    assert all(r["code"] != "LINKED_TO_FRAUD" for r in on_phone["reasons"])
    to_payee = pay(engine, "cl-c0", "c-cl-c", T0 + DAY + 7260, payee_id="cl-shop")
    assert all(r["code"] != "RISKY_PAYEE" for r in to_payee["reasons"])


# ---------------------------------------------------------------- 3: toggles
def test_fraud_cleared_fraud_counts_the_payment_once(mem: Engine) -> None:
    pay(mem, "tg-a", "c-tg", T0, amount=60.0)
    f0 = tra_fraud(mem)
    for k, (is_fraud, effect) in enumerate(((True, "fraud"), (False, "cleared"), (True, "fraud"),
                                            (False, "cleared"), (True, "fraud"))):
        assert report(mem, "tg-a", is_fraud, T0 + (k + 1) * DAY) == effect
    assert tra_fraud(mem) == (f0[0] + 60.0, f0[1] + 1.0)
    dev = entities(mem, "tg-a")["d"]
    assert dev.fraud_n == 1 and dev.fraud_w <= 1.0 and dev.fraud_cust == [label_key("c-tg")]
    assert report(mem, "tg-a", False, T0 + 6 * DAY) == "cleared"
    assert tra_fraud(mem) == f0
    assert entities(mem, "tg-a")["d"].fraud_n == 0


# ---------------------------------------------------------------- 4: TRA counts completed payments
def test_tra_counts_reported_fraud_of_completed_payments_only(mem: Engine) -> None:
    """A denied 90,000 EUR payment's report added 1800 % to the >500 band's
    rate: PSD2 TRA's rate is fraud value over completed value."""
    assert pay(mem, "tra-d", "c-tra-d", T0, amount=90000.0)["auth_level"] == 4
    f0 = tra_fraud(mem)
    assert report(mem, "tra-d", True, T0 + DAY) == "fraud"
    assert tra_fraud(mem) == f0
    failed = pay(mem, "tra-f", "c-tra-f", T0 + 60, amount=1250.0)
    assert 1 <= failed["auth_level"] <= 3
    assert auth(mem, "tra-f", False, T0 + 90) == "failed"
    assert report(mem, "tra-f", True, T0 + DAY) == "fraud"
    assert tra_fraud(mem) == f0


def test_a_payment_reported_before_its_challenge_passed_counts_when_it_completes(mem: Engine) -> None:
    """The report came first (the gateway's result was late): the payment
    completes with the pass, and only then is its fraud value the TRA's; it
    is not learned as the customer's, unless the report is cleared."""
    assert 1 <= pay(mem, "tra-p", "c-tra-p", T0, amount=1250.0)["auth_level"] <= 3
    f0 = tra_fraud(mem)
    assert report(mem, "tra-p", True, T0 + 30) == "fraud"
    assert tra_fraud(mem) == f0
    assert auth(mem, "tra-p", True, T0 + 60) == "completed"
    assert tra_fraud(mem) == (f0[0] + 1250.0, f0[1] + 1.0)
    rec = record(mem, "tra-p")
    assert rec.status == COMPLETED and not rec.learned and learned(mem, "c-tra-p") == 0
    assert report(mem, "tra-p", False, T0 + DAY) == "cleared"
    assert tra_fraud(mem) == f0
    assert record(mem, "tra-p").learned and learned(mem, "c-tra-p") == 1


# ---------------------------------------------------------------- 6: metrics
def test_feedback_that_changes_nothing_is_not_counted(mem: Engine) -> None:
    """A retried auth_result and a failure after a pass changed nothing but
    were counted as step-up results; a repeated report as a report."""
    def stepups(level: str) -> tuple[float, float]:
        return (sample("riskgate_stepup_results_total", level=level, passed="true"),
                sample("riskgate_stepup_results_total", level=level, passed="false"))

    lv = LEVELS[pay(mem, "m-pass", "c-m-pass", T0, amount=1250.0)["auth_level"]]
    s0 = stepups(lv)
    assert auth(mem, "m-pass", True, T0 + 30) == "completed"
    assert auth(mem, "m-pass", True, T0 + 30) == "unchanged"
    assert auth(mem, "m-pass", False, T0 + 40) == "unchanged"
    assert stepups(lv) == (s0[0] + 1, s0[1])
    lv2 = LEVELS[pay(mem, "m-fail", "c-m-fail", T0 + 60, amount=1250.0)["auth_level"]]
    s0 = stepups(lv2)
    assert auth(mem, "m-fail", False, T0 + 90) == "failed"
    assert auth(mem, "m-fail", False, T0 + 90) == "unchanged"
    assert auth(mem, "m-fail", True, T0 + 120) == "completed"     # an OTP retry: a second result
    assert stepups(lv2) == (s0[0] + 1, s0[1] + 1)

    lv3 = LEVELS[pay(mem, "m-rep", "c-m-rep", T0 + 180, amount=40.0)["auth_level"]]

    def reports() -> tuple[float, float, float]:
        return (sample("riskgate_fraud_reports_total", level=lv3, is_fraud="true"),
                sample("riskgate_fraud_reports_total", level=lv3, is_fraud="false"),
                sample("riskgate_fraud_reported_amount_total", level=lv3))

    r0 = reports()
    assert report(mem, "m-rep", True, T0 + DAY) == "fraud"
    assert report(mem, "m-rep", True, T0 + DAY) == "unchanged"
    assert reports() == (r0[0] + 1, r0[1], r0[2] + 40.0)
    assert report(mem, "m-rep", False, T0 + 2 * DAY) == "cleared"
    assert report(mem, "m-rep", False, T0 + 2 * DAY) == "unchanged"
    assert reports() == (r0[0] + 1, r0[1] + 1, r0[2] + 40.0)
