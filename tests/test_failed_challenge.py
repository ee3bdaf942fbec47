"""A failed challenge keeps the customer at that level until one passes
(`[rules.failed_challenge]`; a black-box audit: a drain failed biometric, and
5 minutes later a smaller payment went through frictionless). Set and cleared
by auth_result feedback, in the profile, through every store."""
from __future__ import annotations

from service.engine import Engine
from service.store import profile_key
from features.profile import decode_profile
from tests.test_engine import engine  # noqa: F401  (the engine fixture: memory, SQLite, LMDB)
from tests.test_feedback_integrity import DAY, T0, auth, pay

HOUR = 3600.0


def _state(engine: Engine, customer: str) -> tuple[int, int, int]:
    blob = engine.store.read([profile_key(customer)])[profile_key(customer)]
    p = decode_profile(blob)
    return p.fail_lvl, p.fail_n, p.fail_t


def _settle(engine: Engine, customer: str) -> float:
    """Ten ordinary payments over ten days: an established customer at level 0."""
    for i in range(10):
        assert pay(engine, f"{customer}-h{i}", customer, T0 + i * DAY)["auth_level"] in range(5)
    return T0 + 10 * DAY


def test_a_failed_challenge_holds_the_level_until_one_passes(engine: Engine) -> None:  # noqa: F811
    t = _settle(engine, "c1")
    assert pay(engine, "c1-small0", "c1", t)["auth_level"] == 0
    big = pay(engine, "c1-big", "c1", t + 2 * HOUR, amount=1000.0)
    lvl = big["auth_level"]
    assert 1 <= lvl <= 3
    t += 2 * HOUR
    assert auth(engine, "c1-big", False, t + 120) == "failed"
    assert _state(engine, "c1")[:2] == (lvl, 1)
    held = pay(engine, "c1-small1", "c1", t + 420)
    assert held["auth_level"] == lvl and held["reasons"][0]["code"] == "FAILED_CHALLENGE"
    assert "1 challenge of this customer failed, the last 5 min ago" in held["reasons"][0]["message"]
    # a second failure asks one level more
    assert auth(engine, "c1-small1", False, t + 480) == "failed"
    again = pay(engine, "c1-small2", "c1", t + 600)
    assert again["auth_level"] == min(lvl + 1, 3) and again["reasons"][0]["code"] == "FAILED_CHALLENGE"
    # passing at that level clears it: the next small payment is frictionless again
    assert auth(engine, "c1-small2", True, t + 660) == "completed"
    assert _state(engine, "c1") == (0, 0, 0)
    assert pay(engine, "c1-small3", "c1", t + 720)["auth_level"] == 0


def test_a_failure_counts_for_a_day_only_and_a_lower_pass_does_not_clear_it(engine: Engine) -> None:  # noqa: F811
    t = _settle(engine, "c2")
    big = pay(engine, "c2-big", "c2", t, amount=1000.0)
    assert auth(engine, "c2-big", False, t + 60) == "failed"
    st = _state(engine, "c2")
    assert st[0] == big["auth_level"] and st[2] == int((t + 60) // 60)
    assert pay(engine, "c2-later", "c2", t + 25 * HOUR)["auth_level"] == 0
    # a failure of a customer with no profile yet is remembered all the same
    first = pay(engine, "c3-first", "c3", t, amount=1000.0)
    assert first["auth_level"] >= 1
    assert auth(engine, "c3-first", False, t + 60) == "failed"
    assert _state(engine, "c3")[:2] == (first["auth_level"], 1)
    nxt = pay(engine, "c3-next", "c3", t + 300)
    assert nxt["auth_level"] >= first["auth_level"]


def test_a_failure_older_than_the_window_does_not_escalate_a_new_one(engine: Engine) -> None:  # noqa: F811
    """A failure the policy no longer counts (more than `hours` old, never passed since
    because no challenge came) is forgotten at the next one, which starts afresh."""
    t = _settle(engine, "c4")
    first = pay(engine, "c4-big", "c4", t, amount=1000.0)
    assert auth(engine, "c4-big", False, t + 60) == "failed"
    later = t + 3 * DAY
    again = pay(engine, "c4-big2", "c4", later, amount=1000.0)
    assert again["reasons"][0]["code"] != "FAILED_CHALLENGE"
    assert auth(engine, "c4-big2", False, later + 60) == "failed"
    assert _state(engine, "c4")[:2] == (again["auth_level"], 1)
    nxt = pay(engine, "c4-small", "c4", later + 600)
    assert nxt["auth_level"] == again["auth_level"] and nxt["reasons"][0]["code"] == "FAILED_CHALLENGE"
    assert first["auth_level"] >= 1


def test_failures_from_a_new_device_are_counted_apart(engine: Engine) -> None:  # noqa: F811
    """`fail_new` counts the failures from a device the customer had not completed a
    payment with, for `known_device = false`: the customer's own phone failing is
    not counted there, a stranger's device is."""
    t = _settle(engine, "c5")
    own = pay(engine, "c5-own", "c5", t, amount=1000.0)
    assert own["auth_level"] >= 1
    assert auth(engine, "c5-own", False, t + 60) == "failed"
    blob = engine.store.read([profile_key("c5")])[profile_key("c5")]
    assert decode_profile(blob).fail_new == 0
    odd = pay(engine, "c5-odd", "c5", t + 3600, amount=1000.0, device_id="stranger-1")
    assert odd["auth_level"] >= 1
    assert auth(engine, "c5-odd", False, t + 3660) == "failed"
    blob = engine.store.read([profile_key("c5")])[profile_key("c5")]
    p = decode_profile(blob)
    assert (p.fail_n, p.fail_new) == (2, 1)


def test_a_pass_on_a_payment_already_reported_does_not_clear_a_failure(engine: Engine) -> None:  # noqa: F811
    """A challenge passed on a payment the bank has already reported as fraud was
    passed by the thief (a SIM swap): it clears nothing."""
    from tests.test_feedback_integrity import report

    t = _settle(engine, "c6")
    a = pay(engine, "c6-a", "c6", t, amount=1000.0)
    assert auth(engine, "c6-a", False, t + 60) == "failed"
    b = pay(engine, "c6-b", "c6", t + 600, amount=1000.0)
    assert b["auth_level"] >= a["auth_level"]
    assert report(engine, "c6-b", True, t + 620) == "fraud"
    assert auth(engine, "c6-b", True, t + 630) == "completed"
    assert _state(engine, "c6")[0] == a["auth_level"]
