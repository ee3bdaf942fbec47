"""The replay's arithmetic on a tiny hand-made file whose answers are worked out by hand."""
from __future__ import annotations

import gzip
import json

import numpy as np
import pytest

from benchmarks.replay_baselines import amount_threshold, novelty_levels
from benchmarks.replay_gateway import Answer, GatewayConfig, Rejected, run
from benchmarks.replay_metrics import DEFAULT_FRICTION, completed, friction_cost, latency_metrics
from benchmarks.replay_report import build_report, format_table
from service.replay_rows import Row, read_rows
from service.errors import ApiError
from service.parse import parse_score

HEADER = ("transaction_id,customer_id,timestamp,amount,currency,channel,ip,device_id,user_agent,lat,lon,country,"
          "city,payee_id,is_fraud,fraud_reported_at,scenario")
# day 0 is warm-up; the rest is what the figures count.
ROWS = [
    "w1,c1,2024-01-01T10:00:00Z,10.00,EUR,,,,,,,,,m1,0,,",
    "w2,c2,2024-01-01T11:00:00Z,500.00,EUR,,,,,,,,,m2,1,2024-01-03T00:00:00Z,account_takeover",
    "r1,c1,2024-01-03T10:00:00Z,20.00,EUR,,,,,,,,,m1,0,,",
    "r2,c1,2024-01-03T11:00:00Z,60.00,EUR,,,,,,,,,m1,0,,",
    "r3,c2,2024-01-03T12:00:00Z,30.00,EUR,,,,,,,,,m2,0,,",
    "r4,c2,2024-01-03T13:00:00Z,150.00,EUR,,,,,,,,,m2,0,,",
    "r5,c3,2024-01-03T14:00:00Z,200.00,EUR,,,,,,,,,m9,1,2024-01-10T00:00:00Z,scam",
    "r6,c3,2024-01-03T15:00:00Z,40.00,EUR,,,,,,,,,m9,1,2024-01-10T00:00:00Z,scam",
    "r7,c4,2024-01-03T16:00:00Z,70.00,EUR,,,,,,,,,m1,,,",
    "r8,c4,2024-01-03T17:00:00Z,0.00,EUR,,,,,,,,,m1,0,,",
]


@pytest.fixture()
def tiny(tmp_path) -> str:
    path = tmp_path / "tiny.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(HEADER + "\n" + "\n".join(ROWS) + "\n")
    return str(path)


def rule_scorer(r: Row) -> Answer:
    """Deny above 100, OTP from 50, frictionless below; the score grows with the amount."""
    try:
        p = parse_score(r.body)
    except ApiError as e:
        raise Rejected(e.status, e.code) from None
    level = 4 if p.amount > 100 else 1 if p.amount >= 50 else 0
    return Answer(p.amount / 1000.0, level)


def test_rows_keep_labels_off_the_wire(tiny: str) -> None:
    rows = list(read_rows(tiny))
    assert len(rows) == 10
    body = json.loads(rows[1].body)
    assert set(body) == {"transaction_id", "customer_id", "timestamp", "amount", "currency", "payee_id"}
    assert rows[1].is_fraud == 1 and rows[1].scenario == "account_takeover" and rows[1].reported_ts is not None
    assert rows[8].is_fraud is None
    assert rows[2].ts - rows[0].ts == 2 * 86400


def test_from_until_bound_rows(tiny: str) -> None:
    from benchmarks.replay import day_start

    rows = list(read_rows(tiny, day_start("2024-01-02"), day_start("2024-01-04")))
    assert [r.transaction_id for r in rows] == [f"r{i}" for i in range(1, 9)]
    assert [r.transaction_id for r in read_rows(tiny, None, day_start("2024-01-02"))] == ["w1", "w2"]


def test_report_arithmetic(tiny: str) -> None:
    tr = run(read_rows(tiny), rule_scorer, lambda *a: None, GatewayConfig(genuine_pass=(1.0, 1.0, 1.0, 1.0)))
    rep, arrays, mask = build_report(tr, warmup_days=1.0)
    s = rep["service"]
    assert s["rows_rejected"] == 1 and s["rows_scored"] == 9
    assert rep["meta"]["rows_post_warmup"] == 7
    assert (s["genuine"], s["fraud"], s["unlabelled"]) == (4, 2, 1)
    assert s["fraud_amount"] == 240.0
    assert s["fraud_amount_stopped"] == pytest.approx(200 / 240)
    assert s["fraud_tx_stopped"] == pytest.approx(0.5)
    assert s["genuine_stepup_rate"] == pytest.approx(0.25)  # r2
    assert s["genuine_decline_rate"] == pytest.approx(0.25)  # r4
    assert s["genuine_abandon_rate"] == 0.0
    expected_friction = ((0.6 + 0.001 * 60) + (25.0 + 0.05 * 150)) * 1000 / 4
    assert s["friction_index"] == pytest.approx(expected_friction)
    # fraud scores 0.2, 0.04 against genuine 0.02, 0.06, 0.03, 0.15: 6 of 8 pairs ordered
    assert s["auc"] == pytest.approx(0.75)
    assert s["brier"] == pytest.approx(np.mean([(0.02) ** 2, 0.06 ** 2, 0.03 ** 2, 0.15 ** 2, 0.8 ** 2, 0.96 ** 2]))
    sc = rep["scenarios"]
    assert set(sc) == {"scam"}  # the warm-up fraud is not counted
    assert sc["scam"]["count"] == 2 and sc["scam"]["fraud_amount_stopped"] == pytest.approx(200 / 240)
    assert rep["meta"]["outcome_rule_consistent"]
    b = rep["baselines"]
    assert b["no_friction"]["fraud_amount_stopped"] == 0.0 and b["no_friction"]["friction_index"] == 0.0
    assert b["otp_all"]["genuine_stepup_rate"] == 1.0
    # the service gave friction to 2 of 4 genuine payments; the matched threshold does too
    assert b["static_amount"]["matched_rate"] == pytest.approx(0.5)
    assert b["static_amount"]["threshold"] == 30.0
    assert b["static_amount"]["genuine_stepup_rate"] == pytest.approx(0.5)
    assert "service" in format_table(rep)


def test_raised_answers_are_broken_down_by_their_leading_reason(tiny: str) -> None:
    def scorer(r: Row) -> Answer:
        a = rule_scorer(r)
        a.lead = "LEVEL_LIMIT" if a.level == 4 else ("AMOUNT_ABOVE_TYPICAL" if a.level else "")
        return a

    tr = run(read_rows(tiny), scorer, lambda *a: None, GatewayConfig(genuine_pass=(1.0, 1.0, 1.0, 1.0)))
    rep, _a, _m = build_report(tr, warmup_days=1.0)
    lr = rep["lead_reasons"]
    # post-warm-up: r2 (60, genuine) OTP, r4 (150, genuine) and r5 (200, fraud) denied
    assert set(lr) == {"AMOUNT_ABOVE_TYPICAL", "LEVEL_LIMIT"}
    assert lr["AMOUNT_ABOVE_TYPICAL"]["genuine_stepup_rate"] == pytest.approx(0.25)
    assert lr["AMOUNT_ABOVE_TYPICAL"]["fraud_raised"] == 0
    # r4 was denied: a decline, not a step-up
    assert lr["LEVEL_LIMIT"]["genuine_stepped_up"] == 0 and lr["LEVEL_LIMIT"]["genuine_declined"] == 1
    assert lr["LEVEL_LIMIT"]["fraud_raised"] == 1
    assert lr["LEVEL_LIMIT"]["fraud_amount_stopped"] == pytest.approx(200 / 240)
    assert "raised by (first reason)" in format_table(rep)


def test_cold_start_counts_first_payments(tiny: str) -> None:
    tr = run(read_rows(tiny), rule_scorer, lambda *a: None)
    rep, _a, _m = build_report(tr, warmup_days=1.0, cold_start_n=1)
    # first scored payment of a customer after the warm-up: r5 (c3) and r7 (c4)
    assert rep["cold_start"]["rows"] == 2
    assert rep["cold_start"]["fraud"] == 1 and rep["cold_start"]["unlabelled"] == 1


def test_completed_matches_rule() -> None:
    level = np.array([0, 1, 1, 4, 2, 3])
    label = np.array([1, 0, 1, 0, 1, -1])
    u = np.array([0.99, 0.5, 0.5, 0.0, 0.01, 0.95])
    att = np.tile([1.0, 0.3, 0.1, 0.02], (6, 1))
    assert completed(level, label, u, att).tolist() == [True, True, False, False, True, False]


def test_friction_cost_uses_amount_rate() -> None:
    c = friction_cost(np.array([0, 1, 4]), np.array([100.0, 100.0, 100.0]), DEFAULT_FRICTION)
    assert c.tolist() == pytest.approx([0.0, 0.7, 30.0])


def test_latency_percentiles_and_throughput() -> None:
    lat = np.arange(1, 101) / 1000.0  # 1..100 ms
    m = latency_metrics(lat, 100, 10.0)
    assert m["latency_ms"]["p50"] == pytest.approx(50.5)
    assert m["throughput_tps"] == pytest.approx(10.0)


def test_amount_threshold_never_exceeds_rate() -> None:
    a = np.array([5.0, 10.0, 10.0, 10.0, 20.0, 30.0])
    g = np.ones(6, dtype=bool)
    t = amount_threshold(a, g, 0.5)  # 3 of 6, but ties at 10 allow only 2
    assert ((a > t).sum()) == 2
    assert amount_threshold(a, g, 0.0) == float("inf")


def test_novelty_rule_learns_only_completed_payments() -> None:
    cust = np.array([0, 0, 0, 0])
    payee = np.array([1, 1, 2, 2])
    dev = np.array([-1, -1, -1, -1])
    amount = np.array([10.0, 10.0, 10.0, 10.0])
    label = np.array([0, 0, 0, 0])
    att = np.tile([1.0, 0.3, 0.1, 0.02], (4, 1))
    # first payee-2 payment's challenge fails (u above 0.97), so payee 2 stays new
    u = np.array([0.1, 0.1, 0.99, 0.1])
    assert novelty_levels(cust, payee, dev, amount, label, u, att).tolist() == [1, 0, 1, 1]
    big = np.array([10.0, 10.0, 10.0, 31.0])
    assert novelty_levels(cust, np.array([1, 1, 1, 1]), dev, big, label, np.zeros(4), att).tolist() == [1, 0, 0, 1]


def test_a_lead_reasons_step_up_is_levels_1_to_3_and_its_declines_apart() -> None:
    """A review: a reason's step-up rate counted its declines too."""
    from benchmarks.replay_metrics import decision_metrics, per_lead_reason

    level = np.array([4, 2] + [0] * 8, dtype=np.int8)
    label = np.zeros(10, dtype=np.int8)
    amount = np.full(10, 50.0)
    done = level == 0
    lead = np.array([1, 1] + [0] * 8, dtype=np.int16)
    overall = decision_metrics(level, label, amount, done)
    r = per_lead_reason(lead, ["", "DAILY_LIMIT"], label, amount, done, level)["DAILY_LIMIT"]
    assert overall["genuine_stepup_rate"] == r["genuine_stepup_rate"] == 0.1
    assert overall["genuine_decline_rate"] == r["genuine_decline_rate"] == 0.1
    assert (r["genuine_stepped_up"], r["genuine_declined"]) == (1, 1)
