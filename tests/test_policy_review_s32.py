"""White-box review of the policy (thirty-second session): each test is a defect
found by reading models/policy*.py against docs/policy.md and the README."""
from __future__ import annotations

import pytest

from models.policy import load_policy
from models.policy_config import PolicyError
from tests.test_policy_helpers import inp, make_policy, reason

DEFAULT = load_policy(None)
T = 1_800_000_000.0


def codes(d: object) -> list[str]:
    return [r.code for r in d.reasons]  # type: ignore[attr-defined]


def test_fraud_ip_matching_below_the_level_keeps_an_earlier_rules_reason() -> None:
    """The channel's min_level sets level 1, the payee rule raises it to 2 (the channel
    is still named, docs/policy.md), then the IP rule matches at level 1 without raising
    it: it must be named beside the others, not in their place. The IP branch assigned
    `also = [r_]` where the device and payer branches append, and CHANNEL_RESTRICTED
    went missing from the answer."""
    pol = make_policy(rules="[rules.channels.phone]\nmin_level = 1\n"
                            "[rules.payee_fraud]\nmin_rate = 0.25\nmin_level = 2\n"
                            "[rules.fraud_ip]\nmin_level = 1\n")
    base = dict(channel="phone", p_fraud=0.0, payee_fraud_rate=0.5)
    without_ip = pol.decide(inp(**base))
    assert without_ip.level == 2 and codes(without_ip) == ["RISKY_PAYEE", "CHANNEL_RESTRICTED"]
    d = pol.decide(inp(**base, ip_fraud_victims=3, ip_fraud_rate=0.5, ip_fraud_weight=1.0))
    assert d.level == 2 and d.rule == "payee_fraud"
    assert codes(d)[0] == "RISKY_PAYEE"
    assert "CHANNEL_RESTRICTED" in codes(d) and "LINKED_TO_FRAUD" in codes(d)


@pytest.mark.parametrize("link, code", [
    (dict(device_fraud_others=2.0, device_fraud_victims=1), "LINKED_TO_FRAUD"),
    (dict(ip_fraud_victims=3, ip_fraud_rate=0.5, ip_fraud_weight=1.0), "LINKED_TO_FRAUD"),
    (dict(payer_fraud_weight=2.0, payer_fraud_victims=1), "RECEIVED_FRAUD"),
    (dict(failed_level=2, failed_n=1, failed_ts=T - 300.0), "FAILED_CHALLENGE"),
])
def test_a_cost_level_deny_still_names_the_fraud_links_that_matched(link: dict, code: str) -> None:
    """docs/policy.md: the reason of a fraud-device, payer-fraud or failed-challenge rule
    that matched without raising the level is still named ("it is still named
    LINKED_TO_FRAUD"). It was at levels 1-3 but not when the score alone asked for
    deny: the rules were not evaluated at all, and a deny on a device fraud was reported
    from named only MODEL_PATTERN (the security team reviewing denials saw no link)."""
    below = DEFAULT.decide(inp(p_fraud=0.05, amount=5000.0, ts=T, **link))
    assert below.level == 3 and code in codes(below)             # named at a cost-level 3
    d = DEFAULT.decide(inp(p_fraud=0.9, amount=5000.0, ts=T, **link))
    assert d.level == 4 and d.limit == 0.0 and d.rule is None     # the score denied
    assert code in codes(d)
    plain = DEFAULT.decide(inp(p_fraud=0.9, amount=5000.0, ts=T))
    assert plain.level == 4 and codes(plain) == ["MODEL_PATTERN"]  # nothing matched: nothing added


@pytest.mark.parametrize("section", ["fraud_device", "payer_fraud"])
def test_deny_victims_above_what_an_entity_remembers_is_refused(section: str) -> None:
    """An entity remembers its last 8 victims (features.population._FRAUD_CUST_CAP), so
    `device_fraud_victims` and `payer_fraud_victims` are at most 8: `deny_victims = 9`
    (or 1000, the old bound) loaded and silently never denied. The payee rule's
    `min_victims` and the IP rule's `min_victims` were already bounded to 8."""
    ok = make_policy(rules=f"[rules.{section}]\nmin_level = 2\ndeny_victims = 8\n")
    field = "device" if section == "fraud_device" else "payer"
    d = ok.decide(inp(**{f"{field}_fraud_others" if field == "device" else "payer_fraud_weight": 3.0,
                         f"{field}_fraud_victims": 8}))
    assert d.level == 4
    with pytest.raises(PolicyError) as exc:
        make_policy(rules=f"[rules.{section}]\nmin_level = 2\ndeny_victims = 9\n")
    assert exc.value.key == f"rules.{section}.deny_victims"


def test_a_payment_exactly_at_a_level_maximum_does_not_lift_it_for_the_next_repeat() -> None:
    """docs/policy.md (known_payee_repeat_cross_max = false, shipped): "only a settled
    amount already above the maximum (one that passed the level's challenge once, or a
    repeat of one) lifts it". 1,500 EUR is level 0's maximum and passes frictionless;
    settled, the profile keeps it as 1,500, and the half unit of rounding slack made it
    count as above 1,500: the next payment to that payee went through at level 0 up to
    2,250.5, then 3,375, ... the slow boil the rule exists to stop."""
    first = DEFAULT.decide(inp(amount=1500.0, p_fraud=0.0, largest_amount=1000.0, payee_largest=1000.0))
    assert first.level == 0                                       # the maximum itself: frictionless
    ctx = dict(p_fraud=0.0, largest_amount=1500.0, day_largest=2000.0)
    d = DEFAULT.decide(inp(amount=2250.0, payee_largest=1500.0, **ctx))
    assert d.level == 1 and codes(d)[0] == "LEVEL_LIMIT"
    # a settled amount that was above the maximum (challenged once) still lifts it
    assert DEFAULT.decide(inp(amount=2250.0, payee_largest=1501.0, **ctx)).level == 0


def test_failed_challenge_count_zero_never_lowers_below_the_failed_level() -> None:
    """`failed_level` is the level that failed; with escalation each further failure adds
    one (failed_n - 1). A PolicyInput with failed_n = 0 (the engine always sends >= 1
    with a level, but the struct allows it) got failed_level - 1: a failed biometric
    answered with an OTP, below what docs/policy.md promises ("at least the level that
    failed")."""
    pol = make_policy(rules="[rules.failed_challenge]\nhours = 24\nescalate = true\n")
    d = pol.decide(inp(amount=40.0, p_fraud=0.0, ts=T, failed_level=2, failed_n=0, failed_ts=T - 60.0))
    assert d.level == 2 and d.rule == "failed_challenge"


def test_a_cap_that_bound_the_limit_is_named_beside_a_forcing_rule() -> None:
    """docs/policy.md, "Order of evaluation": the reasons are the model's, "with a forcing
    rule's reason first ... and a reason for a cold-start/daily/channel/TRA cap that
    bound the limit appended". The code appends the cap's reason only when no rule
    forced the level: a new customer sent to OTP by a risky payee gets the new-customer
    cap's 1,500 as limit (cost limit ~7,500, level max 10,000) with RISKY_PAYEE alone."""
    d = DEFAULT.decide(inp(amount=50.0, p_fraud=0.001, history_n=0, payee_fraud_rate=0.5,
                           reasons=[reason("NEW_DEVICE")]))
    assert d.level == 1 and d.limit == 1500.0 and codes(d)[0] == "RISKY_PAYEE"
    assert "COLD_START" in codes(d)
