"""PSD2 TRA monitor: value-based band rates, 90-day event-time window, ceiling, snapshots."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.policy import TraMonitor
from models.policy_config import TraBand, TraConfig
from tests.test_policy_helpers import make_policy

DAY = 86400.0
BANDS = (TraBand(100.0, 0.0013), TraBand(250.0, 0.0006), TraBand(500.0, 0.0001))


def monitor(scope: str = "band", min_volume: float = 0.0, window: int = 90) -> TraMonitor:
    return TraMonitor(TraConfig(True, window, min_volume, scope, BANDS), {"EUR": 1.0, "USD": 0.5}, "EUR")


def test_rates_are_value_based_per_band() -> None:
    m = monitor()
    t0 = 1_700_000_000.0
    m.observe(80.0, "EUR", t0, 0)
    m.observe(20.0, "EUR", t0 + 60, 1)
    m.observe(400.0, "USD", t0, 0)  # 200 EUR: second band
    m.observe(900.0, "EUR", t0, 2)  # above the last band
    m.observe(50.0, "EUR", t0, 4)  # denied: never happened
    m.observe_fraud(20.0, "EUR", t0 + 60)
    s = m.band_stats(t0 + DAY)
    assert s["<=100"]["volume_eur"] == 100.0 and s["<=100"]["count"] == 2.0
    assert s["<=100"]["fraud_rate"] == pytest.approx(0.2)
    assert s["<=100"]["exempt_volume_eur"] == 80.0
    assert s["<=250"]["volume_eur"] == 200.0 and s["<=250"]["fraud_rate"] == 0.0
    assert s["<=500"]["fraud_rate"] is None
    assert s[">500"]["volume_eur"] == 900.0 and s[">500"]["reference_rate"] is None
    assert s["all"]["volume_eur"] == 1200.0 and s["all"]["fraud_eur"] == 20.0
    rates = m.band_rates(t0 + DAY)
    assert rates["<=100"] == pytest.approx(0.2) and rates["<=500"] == 0.0
    assert m.reference_rates() == {"<=100": 0.0013, "<=250": 0.0006, "<=500": 0.0001}


def test_window_is_event_time_and_forgets_after_90_days() -> None:
    m = monitor()
    t0 = 1_500_000_000.0  # 2017: far from the wall clock
    m.observe(50.0, "EUR", t0, 0)
    m.observe_fraud(50.0, "EUR", t0)
    assert m.band_stats(t0 + 89 * DAY)["<=100"]["volume_eur"] == 50.0
    assert m.band_stats(t0 + 91 * DAY)["<=100"]["volume_eur"] == 0.0
    m.observe(60.0, "EUR", t0 + 200 * DAY, 0)  # the ring slot is reused ...
    m.observe(70.0, "EUR", t0, 0)  # ... and an observation older than the window is ignored
    m.observe_fraud(70.0, "EUR", t0 + 10 * DAY)
    s = m.band_stats(t0 + 200 * DAY)["<=100"]
    assert s["volume_eur"] == 60.0 and s["fraud_eur"] == 0.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1000 * DAY), st.floats(0.01, 2000), st.booleans()), max_size=200))
def test_memory_is_bounded_and_totals_match_a_naive_count(events: list[tuple[float, float, bool]]) -> None:
    m = monitor(window=30)
    events = sorted(events)
    for ts, amt, fraud in events:
        m.observe(amt, "EUR", ts, 0)
        if fraud:
            m.observe_fraud(amt, "EUR", ts)
    assert len(m._data) == 30 and all(len(r) == 20 for r in m._data)
    if events:
        now = events[-1][0]
        day = int(now // DAY)
        inwin = [(a, f) for ts, a, f in events if day - 30 < int(ts // DAY) <= day]
        s = m.band_stats(now)["all"]
        assert s["volume_eur"] == pytest.approx(sum(a for a, _ in inwin))
        assert s["fraud_eur"] == pytest.approx(sum(a for a, f in inwin if f))


def test_frictionless_ceiling_is_a_prefix_of_bands_under_reference() -> None:
    m = monitor(min_volume=500.0)
    t = 1_700_000_000.0
    assert m.frictionless_ceiling_eur(t) == 0.0  # no evidence, no exemption
    for i in range(10):
        m.observe(90.0, "EUR", t - i * DAY, 0)
        m.observe(240.0, "EUR", t - i * DAY, 0)
        m.observe(450.0, "EUR", t - i * DAY, 0)
    assert m.frictionless_ceiling_eur(t + DAY) == 500.0
    assert m.allows_frictionless(999.0, "USD", t + DAY) and not m.allows_frictionless(1001.0, "USD", t + DAY)
    m.observe_fraud(90.0, "EUR", t)  # 90/900 = 10 % in the first band: nothing is exempt any more
    assert m.frictionless_ceiling_eur(t + DAY) == 0.0
    assert not m.allows_frictionless(300.0, "EUR", t + DAY)


def test_min_volume_and_overall_scope() -> None:
    t = 1_700_000_000.0
    band = monitor(min_volume=1000.0)
    overall = monitor(scope="overall", min_volume=1000.0)
    for m in (band, overall):
        for _ in range(20):
            m.observe(50.0, "EUR", t, 0)  # 1000 EUR in the first band
        m.observe(200.0, "EUR", t, 0)
        m.observe_fraud(1.0, "EUR", t)  # 1 / 1200 ~ 0.083 % overall; 0.1 % in band 1
    assert band.frictionless_ceiling_eur(t) == 100.0  # band 2 has too little volume
    assert overall.frictionless_ceiling_eur(t) == 100.0  # 0.083 % > 0.06 %: only the 100 band
    for _ in range(10):
        overall.observe(450.0, "EUR", t - DAY, 0)
    assert overall.frictionless_ceiling_eur(t + DAY) == 250.0  # 1/5700 = 0.018 %: < 0.06 %, > 0.01 %
    for _ in range(30):
        overall.observe(450.0, "EUR", t - DAY, 0)
    assert overall.frictionless_ceiling_eur(t + 2 * DAY) == 500.0  # 1/19200 = 0.0052 % < 0.01 %
    assert band.frictionless_ceiling_eur(t + 2 * DAY) == 100.0


def test_snapshot_restore_round_trip_and_refuses_other_bands() -> None:
    m = monitor()
    t = 1_700_000_000.0
    for i in range(30):
        m.observe(10.0 + i, "EUR", t + i * DAY, i % 2)
    m.observe_fraud(15.0, "EUR", t + 3 * DAY)
    blob = m.snapshot()
    m2 = monitor()
    m2.restore(blob)
    assert m2.band_stats(t + 40 * DAY) == m.band_stats(t + 40 * DAY)
    with pytest.raises(ValueError):
        TraMonitor(TraConfig(True, 90, 0.0, "band", BANDS[:2]), {"EUR": 1.0}).restore(blob)
    with pytest.raises(ValueError):
        m2.restore(b"garbage")


def test_monitor_built_for_a_policy_is_the_one_its_rule_reads() -> None:
    pol = make_policy(tra="[tra]\nenabled = true\n")
    t = 1_700_000_000.0
    m = TraMonitor(pol)
    assert pol.tra is m
    m.observe(50.0, "EUR", t - DAY, 0)
    assert m.frictionless_ceiling_eur(t) == 100.0


def test_a_worker_reads_the_other_workers_monitors_with_its_own() -> None:
    """A review: with several workers one scored the payments and another received
    their reports; each one's own rate missed the other's half, and the scoring
    worker kept exempting a band whose fleet rate was far above its reference."""
    t0 = 1_700_000_000.0
    scorer, reporter = monitor(), monitor()
    for i in range(40):
        scorer.observe(60.0, "EUR", t0 + i * 60, 0)
    reporter.observe_fraud(60.0, "EUR", t0)
    assert scorer.frictionless_ceiling_eur(t0) == 100.0            # alone: no fraud seen, band exempt
    assert scorer.set_peers([reporter.snapshot(), b"not a snapshot", monitor(window=30).snapshot()]) == 1
    s = scorer.band_stats(t0)["<=100"]
    assert s["volume_eur"] == 2400.0 and s["fraud_rate"] == pytest.approx(0.025)
    assert scorer.frictionless_ceiling_eur(t0) == 0.0              # the fleet's rate decides, at once
    own = scorer.band_stats(t0, own_only=True)["<=100"]
    assert own["fraud_eur"] == 0.0 and own["volume_eur"] == 2400.0
    assert monitor().snapshot() != scorer.snapshot()
    restored = monitor()
    restored.restore(scorer.snapshot())                              # a snapshot holds the worker's own only
    assert restored.band_stats(t0)["<=100"]["fraud_eur"] == 0.0
    assert scorer.set_peers([]) == 0 and scorer.frictionless_ceiling_eur(t0) == 100.0
