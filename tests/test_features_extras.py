"""The behaviour extras appended to FEATURE_NAMES (`features.extract._extras`):
payee bursts, devices taken up or in concurrent use, a clone of the customer's
app on a new device id, amount against the month's outflow, mule payees."""
from __future__ import annotations

import math
import random

from features.config import DAY, HOUR
from features.extract import FEATURE_NAMES, LLR_GROUPS
from features.population import decode_entity, new_sender_rates, observe_entity

from tests.test_features_extract import T0, World, background, pay, v


def _regular(w: World, customer: str = "c1", days: int = 40, device: str = "phone-1") -> float:
    """A customer paying the same grocer twice a day from one phone; returns the next day's start."""
    rnd = random.Random(3)
    for d in range(days):
        for h in (9, 18):
            w.complete(pay(T0 + d * DAY + h * HOUR + rnd.random() * 600, customer=customer, device_id=device,
                           amount=rnd.uniform(30, 50), ip="81.2.3.4"))
    return T0 + days * DAY


def test_extras_are_appended_after_the_llr_terms() -> None:
    # older positions keep their meaning: the llr block is where it was, extras follow it
    i0 = FEATURE_NAMES.index("llr_" + LLR_GROUPS[0])
    assert FEATURE_NAMES[i0:i0 + len(LLR_GROUPS)] == tuple("llr_" + g for g in LLR_GROUPS)
    assert FEATURE_NAMES.index("payees_new_1d") == i0 + len(LLR_GROUPS)
    assert len(set(FEATURE_NAMES)) == len(FEATURE_NAMES)


def test_payees_taken_up_recently_are_counted_by_window() -> None:
    w = World()
    background(w)
    now = _regular(w)
    assert v(w.score(pay(now + 9 * HOUR, payee_id="grocer")), "payees_new_7d") == 0.0
    for i, dt in enumerate((3 * DAY, 2 * HOUR, 1 * HOUR)):
        w.complete(pay(now + 10 * DAY - dt, payee_id=f"new-{i}", amount=200.0, ip="81.2.3.4"))
    fs = w.score(pay(now + 10 * DAY, payee_id="new-3", amount=200.0, ip="81.2.3.4"))
    assert v(fs, "payees_new_1d") == 2.0
    assert v(fs, "payees_new_7d") == 3.0
    # the llr block is still filled in (extras do not overwrite it)
    assert v(fs, "llr_payee") != 0.0


def test_clone_of_known_app_on_new_device_and_concurrent_devices() -> None:
    w = World()
    background(w)
    now = _regular(w)
    known = w.score(pay(now + 9 * HOUR, ip="81.2.3.4"))
    assert v(known, "device_new_known_ua") == 0.0
    assert v(known, "devices_active_7d") == 1.0
    assert v(known, "log1p_other_device_idle_h") == -1.0      # no other device
    clone = w.score(pay(now + 9 * HOUR, device_id="attacker-7", ip="81.2.3.4"))
    assert v(clone, "device_new") == 1.0 and v(clone, "device_new_known_ua") == 1.0
    other_app = w.score(pay(now + 9 * HOUR, device_id="attacker-7", user_agent="Mozilla/5.0 (X11; Linux x86_64) "
                            "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"))
    assert v(other_app, "device_new_known_ua") == 0.0
    # the intruder's device, once used, runs alongside the customer's phone
    w.complete(pay(now + 9 * HOUR, device_id="attacker-7", ip="81.2.3.4"))
    fs = w.score(pay(now + 9 * HOUR + 30 * 60, device_id="attacker-7", ip="81.2.3.4"))
    assert v(fs, "devices_active_7d") == 2.0 and v(fs, "devices_new_7d") == 1.0
    # the phone last paid ~15 h earlier (day 39, 18:00)
    assert 2.0 < v(fs, "log1p_other_device_idle_h") < math.log1p(24.0)


def test_amount_over_month_outflow() -> None:
    w = World()
    background(w)
    now = _regular(w)
    small = v(w.score(pay(now + 9 * HOUR, amount=40.0, ip="81.2.3.4")), "log_amount_over_win_sum_3")
    big = v(w.score(pay(now + 9 * HOUR, amount=4000.0, ip="81.2.3.4")), "log_amount_over_win_sum_3")
    assert math.isclose(big - small, math.log(100.0), rel_tol=1e-9)
    assert small < -3.0          # one grocery payment of a month of ~40 of them
    assert v(World().score(pay(T0, amount=40.0)), "log_amount_over_win_sum_3") == 0.0   # no history


def test_mule_payee_collects_first_payments_from_many_senders() -> None:
    w = World()
    background(w)
    # a mule: one first payment each from 12 customers over three weeks
    for i in range(12):
        w.complete(pay(T0 + i * 2 * DAY, customer=f"victim{i}", payee_id="mule-1", amount=900.0))
    # a landlord: the same 3 tenants every week
    for wk in range(3):
        for i in range(3):
            w.complete(pay(T0 + wk * 7 * DAY + i * HOUR, customer=f"tenant{i}", payee_id="landlord", amount=900.0))
    t = T0 + 24 * DAY
    mule = w.score(pay(t, customer="someone", payee_id="mule-1", amount=900.0))
    landlord = w.score(pay(t, customer="someone", payee_id="landlord", amount=900.0))
    assert v(mule, "payee_new_sender_share") > 0.7
    assert v(landlord, "payee_new_sender_share") < 0.4
    assert v(mule, "log1p_payee_new_senders_long") > v(landlord, "log1p_payee_new_senders_long") + 1.0
    # weeks: the 1-day count has forgotten the mule, the long count has not
    assert v(mule, "payee_new_senders_1d") == 0.0


def test_new_sender_count_decays_and_takes_late_events() -> None:
    a = pay(T0, customer="x", payee_id="p1")
    b = observe_entity(None, "p:" + (a.payee_h or ""), a, True)
    n0, s0 = new_sender_rates(decode_entity(b), T0)
    assert n0 == 1.0 and math.isclose(s0, 1.0 / 3.0)          # one payment + 2 pseudo-payments
    n30, _ = new_sender_rates(decode_entity(b), T0 + 30 * DAY)  # one half-life (fraud_hl)
    assert math.isclose(n30, 0.5, rel_tol=1e-9)
    # a repeat payment is not a new sender; an older first payment arriving late counts decayed
    late = pay(T0 - 30 * DAY, customer="y", payee_id="p1")
    b2 = observe_entity(observe_entity(b, "p:" + (a.payee_h or ""), a, False), "p:" + (a.payee_h or ""), late, True)
    n, _ = new_sender_rates(decode_entity(b2), T0)
    assert math.isclose(n, 1.5, rel_tol=1e-9)
    # other entity kinds never count senders
    d = observe_entity(None, "d:" + (a.device_h or ""), a, True)
    assert new_sender_rates(decode_entity(d), T0) == (0.0, 0.0)


def test_old_entity_blobs_without_the_new_field_still_decode() -> None:
    import msgspec

    a = pay(T0, customer="x", payee_id="p1")
    e = decode_entity(observe_entity(None, "p:" + (a.payee_h or ""), a, True))
    assert e is not None
    assert e.days    # a payee counts its payments by day
    fields = list(msgspec.structs.astuple(e))
    names = [f.name for f in msgspec.structs.fields(e)]

    def layout_before(name: str) -> bytes:   # the blob as written before field `name` was added
        return msgspec.msgpack.encode(fields[:names.index(name)])

    back = decode_entity(layout_before("ns_l"))
    assert back is not None and back.ns_l == 0.0 and back.days == [] and back.n == e.n
    before_days = decode_entity(layout_before("days"))
    assert before_days is not None and before_days.ns_l == e.ns_l and before_days.days == []
    before_paid = decode_entity(layout_before("paid_k"))
    assert before_paid is not None and before_paid.days == e.days and before_paid.paid_k == [] and before_paid.paid == []
    before_fc = decode_entity(layout_before("fraud_cust"))
    assert before_fc is not None and before_fc.fraud_cust == []
