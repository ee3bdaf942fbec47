"""Likelihood model: familiar below strange for every attribute on its own,
probabilities, reasons."""
from __future__ import annotations

import copy

import pytest

from features.config import DAY, HOUR
from features.population import entity_keys, mark_fraud
from features.reasons import REASON_CODES
from models.likelihood import LikelihoodConfig, LikelihoodModel, REASON_OF_GROUP
from tests.test_features_extract import HOME, NOW, World, background, pay


@pytest.fixture(scope="module")
def world() -> World:
    w = World()
    background(w)
    for d in range(40):
        w.complete(pay(NOW - 40 * DAY + d * DAY, **HOME, payee_id="grocer", amount=40.0 + d % 5))
    return w


FAMILIAR = dict(HOME, payee_id="grocer", amount=42.0)

# one attribute changed at a time
STRANGE = {
    "NEW_DEVICE": dict(device_id="phone-9", user_agent="OtherApp/1.0 (iOS 17; iPhone)"),
    "NEW_NETWORK": dict(ip="8.8.8.8"),
    "UNUSUAL_LOCATION": dict(lat=-33.9, lon=151.2, country="AU", city="Sydney"),
    "UNUSUAL_TIME": dict(ts_shift=-8 * HOUR + 3 * DAY + 12 * HOUR),
    "AMOUNT_ABOVE_TYPICAL": dict(amount=900.0),
    "NEW_PAYEE": dict(payee_id="someone-new"),
}


def score(world: World, model: LikelihoodModel, **kw: object) -> tuple[float, list]:
    d = dict(FAMILIAR)
    shift = float(kw.pop("ts_shift", 0.0))  # type: ignore[arg-type]
    d.update(kw)
    fs = world.score(pay(NOW + shift, **d))
    return model.predict_proba_one(fs), model.explain(fs)


@pytest.mark.parametrize("code", list(STRANGE))
def test_familiar_below_strange_for_each_attribute(world: World, code: str) -> None:
    m = LikelihoodModel()
    p_fam, _ = score(world, m)
    p_odd, reasons = score(world, m, **STRANGE[code])
    assert p_odd > p_fam
    assert reasons and reasons[0].code == code


def test_velocity_shared_payee_risk_and_travel_raise_score(world: World) -> None:
    m = LikelihoodModel()
    p_fam, _ = score(world, m)
    w = copy.deepcopy(world)
    for i in range(6):
        w.complete(pay(NOW - 30 * 60 + i * 60, **FAMILIAR))
    fs = w.score(pay(NOW, **FAMILIAR))
    assert m.predict_proba_one(fs) > p_fam and "HIGH_VELOCITY" in [r.code for r in m.explain(fs)]

    w = copy.deepcopy(world)
    a = pay(NOW, **FAMILIAR)
    for k in entity_keys(a):
        if k.startswith("p:"):
            w.entities[k] = mark_fraud(mark_fraud(None, NOW - DAY), NOW - DAY)
    fs = w.score(a)
    assert m.predict_proba_one(fs) > p_fam and m.explain(fs)[0].code == "RISKY_PAYEE"

    w = copy.deepcopy(world)
    w.complete(pay(NOW - HOUR, **FAMILIAR))
    fs = w.score(pay(NOW, **dict(FAMILIAR, lat=40.7, lon=-74.0, country="US", city="New York")))
    codes = [r.code for r in m.explain(fs)]
    assert "IMPOSSIBLE_TRAVEL" in codes and m.predict_proba_one(fs) > p_fam


def test_probability_prior_and_cold_start(world: World) -> None:
    m = LikelihoodModel(LikelihoodConfig(base_rate=0.01, cold_start_llr=0.0))
    fs = world.score(pay(NOW, customer="nobody-yet", **FAMILIAR))
    assert fs.cold_start
    # no history: every attribute factor is 1, the score is the base rate
    assert m.predict_proba_one(fs) == pytest.approx(0.01, rel=0.3)
    assert "COLD_START" in [r.code for r in m.explain(fs)]


def test_reasons_are_known_codes_sorted_and_carry_no_identifier(world: World) -> None:
    m = LikelihoodModel()
    fs = world.score(pay(NOW, **dict(FAMILIAR, device_id="dev-RAW-1", payee_id="acct-RAW-2", amount=5000.0)))
    reasons = m.explain(fs)
    assert set(REASON_OF_GROUP.values()) <= set(REASON_CODES)
    assert [r.weight for r in reasons] == sorted((r.weight for r in reasons), reverse=True)
    assert all(r.code in REASON_CODES for r in reasons)
    assert not any("RAW" in r.message for r in reasons)
    assert 0.0 <= m.predict_proba_one(fs) <= 1.0


def test_a_known_device_on_a_new_app_is_not_called_a_new_device() -> None:
    """NEW_DEVICE says the device was never seen completing a payment (API.md); a
    device the customer paid with 40 times, now on another app or OS version, is
    NEW_USER_AGENT (a black-box audit saw NEW_DEVICE on such a device)."""
    w = World()
    background(w)
    phone = dict(HOME, device_id="phone-1", user_agent="BankApp/5.1 (Android 14; Pixel 8)")
    for d in range(40):
        w.complete(pay(NOW - 40 * DAY + d * DAY, **phone, payee_id="grocer", amount=40.0 + d % 5))
    m = LikelihoodModel()
    odd = dict(phone, user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", payee_id="grocer", amount=42.0)
    fs = w.score(pay(NOW, **odd))
    assert fs.new_device is False
    codes = [r.code for r in m.explain(fs)]
    assert "NEW_USER_AGENT" in codes and "NEW_DEVICE" not in codes
    fs = w.score(pay(NOW, **dict(odd, device_id="phone-2")))
    assert fs.new_device is True and "NEW_DEVICE" in [r.code for r in m.explain(fs)]
    assert "NEW_USER_AGENT" in REASON_CODES


def test_a_reason_is_named_only_when_what_it_says_is_true(world: World) -> None:
    """Found by a black-box audit of the reasons: a factor weighs the attacker's
    likelihood against the customer's, so it can be large for another reason
    than the one its code states. UNUSUAL_TIME was named at the customer's usual
    hour once other customers crowded into it (64 % of established customers'
    genuine payments led with it in a replay), NEW_PAYEE for a payee already
    paid, AMOUNT_ABOVE_TYPICAL at 1.4x a median inside the customer's range.
    The factor still counts in the score; only the code is held back."""
    from msgspec.structs import replace

    from features.extract import LLR_GROUPS

    m = LikelihoodModel()
    fs = world.score(pay(NOW, **FAMILIAR))

    def named(weights: dict[str, float], **fields: object) -> list[str]:
        llr = list(fs.llr)
        for g, w in weights.items():
            llr[LLR_GROUPS.index(g)] = w
        return [r.code for r in m.explain(replace(fs, llr=llr, **fields))]

    crowded = {"time": 1.5}
    assert "UNUSUAL_TIME" not in named(crowded, hour_share=0.08, hour_day_share=0.3)   # its usual slot
    assert "UNUSUAL_TIME" not in named(crowded, hour_share=0.0, hour_day_share=0.3)    # usual hour, new weekday
    assert "UNUSUAL_TIME" in named(crowded, hour_share=0.0, hour_day_share=0.0)
    assert "NEW_PAYEE" not in named({"payee": 1.5}, new_payee=False)
    assert "NEW_PAYEE" in named({"payee": 1.5}, new_payee=True)
    assert "AMOUNT_ABOVE_TYPICAL" not in named({"amount": 1.5}, typical_amount=50.0, amount_ratio=1.4)
    assert "AMOUNT_ABOVE_TYPICAL" in named({"amount": 1.5}, typical_amount=50.0, amount_ratio=3.0)


def test_the_usual_hour_is_not_called_unusual(world: World) -> None:
    """The customer pays at the same hour every day: that hour on a weekday it
    has not paid on at that hour since is no UNUSUAL_TIME; 8 hours off it is."""
    m = LikelihoodModel()
    for days in range(1, 7):
        _, reasons = score(world, m, ts_shift=days * DAY)
        assert "UNUSUAL_TIME" not in [r.code for r in reasons], days
    _, reasons = score(world, m, **STRANGE["UNUSUAL_TIME"])
    assert reasons[0].code == "UNUSUAL_TIME"


def test_a_new_city_name_near_home_is_not_named_unusual_location(world: World) -> None:
    """A review: a new city name 2 km from home was named UNUSUAL_LOCATION with
    "2 km from the places this customer pays from"; its factor still counts."""
    from features.config import DEFAULT_CONFIG

    fs = world.score(pay(NOW, **dict(HOME, city="Montreuil", lat=48.86, lon=2.44), payee_id="grocer", amount=42.0))
    assert 0 <= fs.distance_km < DEFAULT_CONFIG.centre_radius_km and fs.new_city
    assert not [r for r in LikelihoodModel().explain(fs) if r.code == "UNUSUAL_LOCATION"]
    far = world.score(pay(NOW, **dict(HOME, city="Lyon", lat=45.76, lon=4.84), payee_id="grocer", amount=42.0))
    assert [r for r in LikelihoodModel().explain(far) if r.code == "UNUSUAL_LOCATION"]
