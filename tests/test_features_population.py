"""Entity state and population frequencies."""
from __future__ import annotations

import pytest

from features.attributes import Attributes
from features.config import DAY, HOUR
from features.population import (
    PopulationFrequencies, decode_entity, distinct_others, entity_keys, entity_rates, fraud_weight, mark_fraud,
    fraud_from_others, matured_fraud_shares, new_senders, observe_entity, paid_before, remember_sender,
    report_recency, encode_entity, others_in_week, others_by_window,
)
from features.hashing import label_key

T0 = 1_700_000_000.0


def a(cust: str = "c1", ts: float = T0, **kw: object) -> Attributes:
    x = Attributes(customer_id=cust, ts=ts, amount=kw.pop("amount", 10.0))  # type: ignore[arg-type]
    for k, v in kw.items():
        setattr(x, k, v)
    return x


def test_entity_keys_only_for_present_attributes() -> None:
    assert entity_keys(a()) == []
    ks = entity_keys(a(device_h="aa", ip_h="bb", net_a_h="cc", payee_h="dd"))
    assert ks == ["d:aa", "i:bb", "n:cc", "p:dd"]


def test_distinct_customers_windows_and_bound() -> None:
    blob = None
    for i in range(100):
        blob = observe_entity(blob, "d:x", a(cust=f"c{i}", ts=T0 + i * 60), False)
    e = decode_entity(blob)
    assert distinct_others(e, "me", T0 + 100 * 60, HOUR) == 32   # saturates at the cap: bounded
    assert distinct_others(e, "me", T0 + 150 * 60, HOUR) == 9   # c91..c99
    assert distinct_others(e, "c99", T0 + 100 * 60, 2 * DAY) == 31
    assert distinct_others(e, "me", T0 + 3 * DAY, DAY) == 0
    assert len(blob) < 600


@pytest.mark.parametrize("kind", ["d", "i", "n", "p"])
def test_a_device_remembers_its_customers_for_a_week_other_entities_for_a_day(kind: str) -> None:
    """A ring's phone serving one fresh account a day: no day sees two customers,
    the week sees them all; an IP, network or payee keeps only the day (a home
    broadband address passes to a stranger within days)."""
    blob = None
    for i in range(6):
        blob = observe_entity(blob, f"{kind}:x", a(cust=f"c{i}", ts=T0 + i * DAY), False)
    e = decode_entity(blob)
    now = T0 + 5 * DAY + HOUR
    assert others_by_window(e, label_key("c6"), now) == (0, 1)
    assert others_in_week(e, label_key("c6"), now) == (6 if kind == "d" else 1)
    assert others_in_week(e, label_key("c5"), now) == (5 if kind == "d" else 0)
    # past the week the device forgets them too, and its blob shrinks back
    blob = observe_entity(blob, f"{kind}:x", a(cust="c9", ts=T0 + 12 * DAY + 2 * HOUR), False)
    e = decode_entity(blob)
    assert others_in_week(e, label_key("c6"), T0 + 12 * DAY + 3 * HOUR) == 1 and len(e.cust) == 1


def test_a_payee_remembers_its_last_senders_with_their_settled_amounts() -> None:
    """Bounded (the last 32 senders of a completed payment), most recent kept; per
    sender the largest settled amount and the largest pending one with its minute:
    an amount settles once the label delay (7 days) has passed, and a larger
    payment since never hides it. Only payees remember."""
    blob = None
    for i in range(80):
        blob = observe_entity(blob, "p:x", a(cust=f"c{i % 40}", ts=T0 + i * 60, amount=100.0 + i), False, True)
    e = decode_entity(blob)
    assert e is not None and len(e.paid_k) == 32 and len(e.paid) == 3 * 32
    assert paid_before(e, label_key("c0")) is None and paid_before(e, label_key("c7")) is None   # the oldest went
    m = int(T0 // 60)
    assert paid_before(e, label_key("c39")) == (0, 179, m + 79)        # paid 139 then 179 within minutes
    day = 1440
    blob = observe_entity(blob, "p:x", a(cust="c39", ts=T0 + 8 * DAY, amount=150.0), False, True)
    assert paid_before(decode_entity(blob), label_key("c39")) == (179, 0, 0)   # 179 settled; 150 is below it
    blob = observe_entity(blob, "p:x", a(cust="c39", ts=T0 + 9 * DAY, amount=500.0), False, True)
    assert paid_before(decode_entity(blob), label_key("c39")) == (179, 500, m + 9 * day)   # 179 still vouches
    blob = remember_sender(blob, a(cust="c0", ts=T0 + 10 * DAY, amount=75.0))
    assert paid_before(decode_entity(blob), label_key("c0")) == (0, 75, m + 10 * day)
    assert len(blob) < 2600
    scored_only = observe_entity(None, "p:y", a(), True, False)
    assert paid_before(decode_entity(scored_only), label_key("c1")) is None
    device = observe_entity(None, "d:y", a(), False, True)
    assert decode_entity(device).paid_k == []   # type: ignore[union-attr]


def test_fraud_reports_remember_their_victims_bounded() -> None:
    blob = observe_entity(None, "d:x", a(), False, True)
    e = decode_entity(mark_fraud(blob, T0, T0))          # a report without its customer: unknown
    assert e is not None and e.fraud_cust == [] and fraud_from_others(e, label_key("c1"))
    blob = mark_fraud(blob, T0, T0, "c1")
    e = decode_entity(blob)
    assert e is not None and not fraud_from_others(e, label_key("c1")) and fraud_from_others(e, label_key("c2"))
    for i in range(20):
        blob = mark_fraud(blob, T0 + i, T0, f"v{i}")
    e = decode_entity(blob)
    assert e is not None and len(e.fraud_cust) == 8 and fraud_from_others(e, label_key("v19"))


def test_new_senders_counted_for_payees_only_when_new() -> None:
    blob = None
    for i in range(5):
        blob = observe_entity(blob, "p:m", a(cust=f"s{i}", ts=T0 + i), True)
    blob = observe_entity(blob, "p:m", a(cust="s0", ts=T0 + 10), False)
    assert new_senders(decode_entity(blob), T0 + 20) == 5
    assert new_senders(decode_entity(blob), T0 + 2 * DAY) == 0


def test_fraud_mark_decays() -> None:
    blob = mark_fraud(None, T0)
    blob = mark_fraud(blob, T0)
    e = decode_entity(blob)
    assert e.fraud_n == 2 and abs(fraud_weight(e, T0) - 2.0) < 1e-9
    assert abs(fraud_weight(e, T0 + 30 * DAY) - 1.0) < 1e-6


def test_frequencies_probabilities_snapshot_and_fraud_mix() -> None:
    f = PopulationFrequencies()
    for i in range(300):
        f.observe(a(ts=T0 + i, country="FR" if i % 3 else "DE", how=i % 168), {"device": i % 10 == 0})
    assert f.prob("country", "FR") > f.prob("country", "DE") > f.prob("country", "US") > 0
    g = PopulationFrequencies()
    g.restore(f.snapshot())
    assert g.attacker_prob("country", "DE") == f.attacker_prob("country", "DE")
    before = f.attacker_prob("country", "US")
    for i in range(40):
        f.observe_fraud(a(ts=T0, country="US"))
    assert f.attacker_prob("country", "US") > 10 * before
    assert 0.05 < f.novelty_rate("device", prior=0.02) < 0.1   # learned 0.1, shrunk to the prior


def test_frequencies_bounded_under_high_cardinality() -> None:
    f = PopulationFrequencies()
    for i in range(10000):
        f.observe(a(ts=T0 + i, city=f"X|city{i}"))
    assert len(f._g.values["city"]) <= 4096
    assert f.prob("city", "X|city9999") > 0


def test_attacker_probabilities_are_the_exact_mixture_as_of_the_last_refresh() -> None:
    """The lookups compute the attacker's probability from copies frozen at the
    last refresh (no per-value table is rebuilt any more): right after a refresh
    (a fraud report makes one) every value, seen or not, reads exactly the
    mixture of `_attacker_prob`; a value first seen since reads the floor until
    the next refresh, as before; a table cut at the field cap is not read."""
    import random
    rnd = random.Random(5)
    f = PopulationFrequencies()
    cities = [f"X|city{i}" for i in range(0, 9000, 97)]

    def exact_now() -> None:
        for name, vals in (("country", ["FR", "DE", "US", "ZZ"]), ("city", cities)):
            for v in vals:
                assert f.attacker_prob(name, v) == pytest.approx(f._attacker_prob(name, v), rel=1e-12), (name, v)

    for i in range(3000):
        f.observe(a(ts=T0 + i, country=rnd.choice("FR FR FR DE US".split()), city=f"X|city{rnd.randint(0, 9000)}"))
    f.observe_fraud(a(ts=T0, country="US", city="X|city42"))
    exact_now()
    floor = f.attacker_prob("city", "X|never")
    f.observe(a(ts=T0 + 3001, country="FR", city="X|brand-new"))
    assert f.attacker_prob("city", "X|brand-new") == floor        # until the next refresh
    for i in range(30):
        f.observe_fraud(a(ts=T0, country="US", city="X|city42"))
        exact_now()
    assert f.attacker_prob("city", "X|brand-new") > floor
    for i in range(9000):          # past the field cap: the city table is cut and replaced
        f.observe(a(ts=T0 + 4000 + i, country="FR", city=f"X|city{i}"))
    assert len(f._g.values["city"]) <= 4096
    f.observe_fraud(a(ts=T0, country="US", city="X|city42"))
    exact_now()
    assert f.attacker_prob("never", "x") == -1.0


def test_others_by_window_equals_distinct_others_for_hour_and_day() -> None:
    import random

    from features.hashing import label_key
    from features.population import others_by_window
    rnd = random.Random(3)
    blob = None
    for i in range(300):
        blob = observe_entity(blob, "i:x", a(cust=f"c{rnd.randint(0, 40)}", ts=T0 + i * rnd.randint(30, 900)), False)
        e = decode_entity(blob)
        for me in ("c1", "c7", "nobody"):
            ts = T0 + i * 450 + rnd.randint(-3600, 3600)
            assert others_by_window(e, label_key(me), ts) == (
                distinct_others(e, me, ts, HOUR), distinct_others(e, me, ts, DAY))
    assert others_by_window(None, 1, T0) == (0, 0)


def test_novelty_rates_follow_refreshes_and_priors() -> None:
    f = PopulationFrequencies()
    groups, priors = ("device", "payee", "never"), (0.02, 0.2, 0.5)
    assert f.novelty_rates(groups, priors) == (0.02, 0.2, 0.5)
    for i in range(500):
        f.observe(a(ts=T0 + i), {"device": i % 4 == 0, "payee": False})
    rates = f.novelty_rates(groups, priors)
    assert rates == tuple(f.novelty_rate(g, p) for g, p in zip(groups, priors))
    assert rates[0] > 0.1 and rates[1] < 0.1 and rates[2] == 0.5
    assert f.novelty_rates(groups, (0.03, 0.2, 0.5))[0] == f.novelty_rate("device", 0.03)


def test_entity_rates_are_reports_per_payment_with_a_prior() -> None:
    from features.config import DEFAULT_CONFIG
    from features.population import entity_rates
    cfg = DEFAULT_CONFIG
    busy = quiet = None
    for i in range(200):                          # a busy terminal: 200 payments over 10 days
        busy = observe_entity(busy, "p:t", a(cust=f"c{i}", ts=T0 + i * 4320), True)
    for i in range(5):                            # a quiet one: 5
        quiet = observe_entity(quiet, "p:q", a(cust=f"c{i}", ts=T0 + i * 4320), True)
    now = T0 + 200 * 4320
    for _ in range(2):                            # the same two reports on each
        busy = mark_fraud(busy, now)
        quiet = mark_fraud(quiet, now)
    b, q = entity_rates(decode_entity(busy), now), entity_rates(decode_entity(quiet), now)
    exp_s = sum(2.0 ** (-(now - (T0 + i * 4320)) / cfg.entity_hl_short) for i in range(200))
    exp_l = sum(2.0 ** (-(now - (T0 + i * 4320)) / cfg.fraud_hl) for i in range(200))
    assert abs(b[0] - exp_s) < 1e-6 * exp_s and abs(b[1] - exp_l) < 1e-6 * exp_l
    assert abs(b[2] - 2.0 / (exp_s + cfg.rate_prior_n)) < 1e-9 and abs(b[3] - 2.0 / (exp_l + cfg.rate_prior_n)) < 1e-9
    assert q[3] > 10 * b[3]                       # same reports, far fewer payments: far riskier
    assert 0.0 < q[2] <= 1.0 and q[3] <= 1.0
    # a week later the short-window rate has faded faster than the long one (no new payments: both
    # counts decay, so compare the report weights through a terminal that keeps its traffic)
    for i in range(50):
        busy = observe_entity(busy, "p:t", a(cust=f"d{i}", ts=now + (i + 1) * 12096), True)
    later = entity_rates(decode_entity(busy), now + 7 * DAY)
    assert later[2] < 0.75 * b[2] and later[3] > 0.75 * b[3]
    assert entity_rates(None, now) == (0.0, 0.0, 0.0, 0.0)
    assert entity_rates(decode_entity(observe_entity(None, "d:x", a(), False)), T0)[2:] == (0.0, 0.0)


def test_entity_payment_counts_out_of_order_match_in_order() -> None:
    from features.population import entity_rates
    ts = [T0, T0 + 2 * DAY, T0 + 5 * DAY]
    x = y = None
    for t in ts:
        x = observe_entity(x, "p:m", a(ts=t), False)
    for t in (ts[0], ts[2], ts[1]):
        y = observe_entity(y, "p:m", a(ts=t), False)
    rx, ry = entity_rates(decode_entity(x), T0 + 6 * DAY), entity_rates(decode_entity(y), T0 + 6 * DAY)
    assert abs(rx[0] - ry[0]) < 1e-9 and abs(rx[1] - ry[1]) < 1e-9 and rx[0] > 1.0


def test_old_entity_blobs_without_rate_fields_still_decode() -> None:
    import msgspec
    old = msgspec.msgpack.encode([int(T0), int(T0), 3, [], [], 1.0, int(T0), 1])   # the layout before the rates
    e = decode_entity(old)
    assert e is not None and e.n == 3 and e.w_s == 0.0 and e.fraud_ws == 0.0


def test_fused_entity_reads_equal_the_reference_reads_bit_for_bit() -> None:
    """`entity_signals` and `payee_signals` (extract's one-call reads) must give
    exactly what the single-purpose functions give, on entities built by the
    real updates: random customers, late arrivals, fraud reports, new senders."""
    import random

    from features.hashing import label_key
    from features.population import (
        entity_rates, entity_signals, new_sender_rates, others_by_window, payee_signals,
    )

    rng = random.Random(5)
    checked = 0
    for trial in range(60):
        blob = None
        key = "p:x" if trial % 2 else "d:x"
        ts = T0
        for _ in range(rng.randrange(1, 80)):
            ts += rng.expovariate(1 / 3000.0) - (4000.0 if rng.random() < 0.1 else 0.0)  # some arrive late
            blob = observe_entity(blob, key, a(cust=f"c{rng.randrange(40)}", ts=ts), rng.random() < 0.4)
            if rng.random() < 0.05:
                blob = mark_fraud(blob, ts + rng.uniform(-3600, 5 * DAY))
        e = decode_entity(blob)
        for q in (ts - 7200.0, ts, ts + 30.0, ts + 2 * HOUR, ts + 3 * DAY, ts + 40 * DAY):
            ck = label_key(f"c{rng.randrange(40)}")
            n_h, n_d = others_by_window(e, ck, q)
            assert entity_signals(e, ck, q) == (n_h, n_d, fraud_weight(e, q), entity_rates(e, q)[3])
            assert payee_signals(e, ck, q) == (
                n_d, new_senders(e, q), fraud_weight(e, q), *entity_rates(e, q), *new_sender_rates(e, q))
            checked += 1
    assert checked == 360


def _payee_days(payments: list[float], reports: list[tuple[float, float]]) -> bytes | None:
    """A payee seen at `payments` (ts) with `reports` as (reported at, paid at)."""
    blob = None
    for ts in payments:
        blob = observe_entity(blob, "p:t", a(cust=f"c{int(ts)}", ts=ts), False)
    for rts, paid in reports:
        blob = mark_fraud(blob, rts, paid)
    return blob


def test_matured_fraud_shares_count_reports_on_the_payment_day() -> None:
    """A terminal whose every payment eight days ago was fraud: the 1-day window
    says so however many payments it has had since; the decayed report rate,
    diluted by them, says much less."""
    day0 = (T0 // DAY) * DAY
    compromised = [day0 + h * HOUR for h in range(1, 5)]               # 4 payments, all fraud
    before = [day0 - d * DAY + h * HOUR for d in range(20, 0, -1) for h in range(1, 3)]   # genuine weeks
    since = [day0 + d * DAY + h * HOUR for d in range(1, 9) for h in range(1, 5)]
    blob = _payee_days(before + compromised + since, [(t + 7 * DAY, t) for t in compromised])
    e = decode_entity(blob)
    now = day0 + 8 * DAY + 12 * HOUR
    s1, s7, s28 = matured_fraud_shares(e, now)
    assert abs(s1 - 4 / (4 + 2)) < 1e-12
    assert abs(s7 - 4 / (4 + 6 * 2 + 2)) < 1e-12 and abs(s28 - 4 / (4 + 20 * 2 + 2)) < 1e-12
    assert s1 > entity_rates(e, now)[2]


def test_matured_fraud_shares_ignore_unsettled_days_and_old_ones() -> None:
    day0 = (T0 // DAY) * DAY
    t = day0 + 3 * HOUR
    blob = _payee_days([t], [(t + HOUR, t)])
    e = decode_entity(blob)
    assert matured_fraud_shares(e, t + 2 * HOUR) == (0.0, 0.0, 0.0)          # reported, not yet matured
    assert matured_fraud_shares(e, t + 7 * DAY) == (0.0, 0.0, 0.0)           # still within the label delay
    assert matured_fraud_shares(e, t + 8 * DAY)[0] > 0.0                     # its day has settled
    assert matured_fraud_shares(e, t + 8 * DAY + 2 * DAY)[0] == 0.0          # out of the 1-day window
    assert matured_fraud_shares(e, t + 40 * DAY) == (0.0, 0.0, 0.0)          # out of every window


def test_report_recency_reads_the_first_report_the_day_it_arrives() -> None:
    """The day a compromise's first report comes in, its payee reads risky at
    once (1 just after, halving each day), while the matured shares wait for the
    next UTC day; a payee without reports reads 0, and one whose report is old
    reads less than one whose report is new, whatever their counts."""
    day0 = (T0 // DAY) * DAY
    t = day0 + 10 * HOUR
    e = decode_entity(_payee_days([day0 - d * DAY for d in range(20, 0, -1)] + [t], []))
    assert report_recency(e, t) == 0.0 and report_recency(None, t) == 0.0
    rep = t + 7 * DAY
    e = decode_entity(mark_fraud(encode_entity(e), rep, t))
    assert report_recency(e, rep - HOUR) == 1.0                 # a reading from before it: not negative age
    assert report_recency(e, rep + HOUR) > 0.97
    assert matured_fraud_shares(e, rep + HOUR) == (0.0, 0.0, 0.0)
    assert abs(report_recency(e, rep + DAY) - 0.5) < 1e-12 and abs(report_recency(e, rep + 3 * DAY) - 0.125) < 1e-12
    old = decode_entity(mark_fraud(mark_fraud(None, rep - 20 * DAY), rep - 19 * DAY))
    assert report_recency(old, rep + HOUR) < report_recency(e, rep + HOUR)


def test_matured_days_bounded_and_reports_capped_by_payments() -> None:
    day0 = (T0 // DAY) * DAY
    pays = [day0 + d * DAY for d in range(200)] + [day0 + 5 * DAY]           # a late, old payment too
    blob = _payee_days(pays, [(pays[-2] + 1, pays[-2])] * 3)                 # one payment reported 3 times
    e = decode_entity(blob)
    assert len(e.days) == 3 * 36                                             # label delay + 28 + 1 days
    assert e.days[-3:] == [int(pays[-2] // DAY), 1, 1]
    # reports of payments never seen, or on devices (no day table), change no share
    assert decode_entity(mark_fraud(observe_entity(None, "d:x", a(), False), T0, T0)).days == []
