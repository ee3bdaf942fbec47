"""Validation of policy files: every error names the bad key."""
from __future__ import annotations

import pytest

from models.policy import PolicyError, load_policy, policy_from_bytes
from models.policy_config import read_policy_bytes
from tests.test_policy_helpers import LEVELS, inp, policy_text


def err(text: str) -> PolicyError:
    with pytest.raises(PolicyError) as e:
        policy_from_bytes(text.encode())
    return e.value


def test_valid_minimal_policy_loads_with_defaults() -> None:
    pol = policy_from_bytes(policy_text().encode())
    cfg = pol.config
    assert cfg.currency == "EUR" and cfg.fx == {"EUR": 1.0, "USD": 0.5}
    assert cfg.daily_caps == (float("inf"),) * 4
    assert cfg.habit_multiples == (float("inf"),) * 4  # the habit cap is off unless configured
    assert cfg.tra.enabled is False and cfg.tra.window_days == 90
    assert [b.max_eur for b in cfg.tra.bands] == [100.0, 250.0, 500.0]


@pytest.mark.parametrize("text,key", [
    (policy_text(top="colour = 1"), "colour"),
    (policy_text(levels=LEVELS.split("[[levels]]\nname = \"deny\"")[0]), "levels"),
    (policy_text(levels=LEVELS.replace("friction = 2.0", "friction = 0.5")), "levels[2].friction"),
    (policy_text(levels=LEVELS.replace("attacker_pass = 0.02", "attacker_pass = 0.2")), "levels[3].attacker_pass"),
    (policy_text(levels=LEVELS.replace("attacker_pass = 0.3", "attacker_pass = 1.3")), "levels[1].attacker_pass"),
    (policy_text(levels=LEVELS.replace("max_amount = 5000.0", "max_amount = 500.0")), "levels[1].max_amount"),
    (policy_text(levels=LEVELS.replace("friction_rate = 0.02", "friction_rate = 0.0")), "levels[4].friction_rate"),
    (policy_text(levels=LEVELS.replace("attacker_pass = 0.0\n", "attacker_pass = 0.0\nmax_amount = 9.0\n")), "levels[4].max_amount"),
    (policy_text(levels=LEVELS.replace('name = "otp"', 'name = "none"')), "levels[1].name"),
    (policy_text(levels=LEVELS.replace("friction = 1.0", 'friction = "1"')), "levels[1].friction"),
    (policy_text(levels=LEVELS.replace("friction = 1.0", "friction = true")), "levels[1].friction"),
    (policy_text(levels=LEVELS.replace("friction = 1.0", "friction = nan")), "levels[1].friction"),
    (policy_text(levels=LEVELS.replace("friction = 1.0", "frixion = 1.0")), "levels[1].frixion"),
    (policy_text(levels=LEVELS.replace('name = "otp"\n', "")), "levels[1].name"),
    (policy_text(rules="[rules.daily]\ncaps = [1.0, 2.0, 3.0]\n"), "rules.daily.caps"),
    (policy_text(rules="[rules.daily]\ncaps = [1.0, 2.0, 1.5, 4.0]\n"), "rules.daily.caps[2]"),
    (policy_text(rules="[rules.daily]\ncaps = [1.0, -2.0, 3.0, 4.0]\n"), "rules.daily.caps[1]"),
    (policy_text(rules="[rules.cold_start]\nnew_devices_caps = [1.0, 2.0, 3.0, 4.0]\n"), "rules.cold_start.new_devices_caps"),
    (policy_text(rules="[rules.cold_start]\nmin_history = -1\n"), "rules.cold_start.min_history"),
    (policy_text(rules="[rules.habit]\nmultiples = [2.0, 1.0, 3.0, 4.0]\n"), "rules.habit.multiples[1]"),
    (policy_text(rules="[rules.habit]\nmin_amount = -5.0\n"), "rules.habit.min_amount"),
    (policy_text(rules="[rules.habit]\nmin_history = 0\n"), "rules.habit.min_history"),
    (policy_text(rules="[rules.habit]\nmultiple = 2.0\n"), "rules.habit.multiple"),
    (policy_text(rules="[rules.payee_fraud]\nmin_rate = 1.5\n"), "rules.payee_fraud.min_rate"),
    (policy_text(rules="[rules.payee_fraud]\nmin_level = 5\n"), "rules.payee_fraud.min_level"),
    (policy_text(rules="[rules.deny]\nemail = []\n"), "rules.deny.email"),
    (policy_text(rules='[rules.deny]\nip = ["300.1.1.1"]\n'), "rules.deny.ip"),
    (policy_text(rules='[rules.deny]\npayee_id = "p-1"\n'), "rules.deny.payee_id"),
    (policy_text(rules="[rules.channels.web]\nmin_level = 7\n"), "rules.channels.web.min_level"),
    (policy_text(rules="[rules.channels.web]\nmax = 7\n"), "rules.channels.web.max"),
    (policy_text(rules="[rules.reason_min_level]\nimpossible_travel = 2\n"), "rules.reason_min_level.impossible_travel"),
    (policy_text(rules="[rules.reason_min_level]\nIMPOSSIBLE_TRAVEL = 2.5\n"), "rules.reason_min_level.IMPOSSIBLE_TRAVEL"),
    (policy_text(rules="[rules.velocity]\nx = 1\n"), "rules.velocity"),
    (policy_text(tra='[tra]\nscope = "global"\n'), "tra.scope"),
    (policy_text(tra="[tra]\nenabled = 1\n"), "tra.enabled"),
    (policy_text(tra="[tra]\nwindow_days = 0\n"), "tra.window_days"),
    (policy_text(tra="[[tra.bands]]\nmax_eur = 250.0\nreference_rate = 0.0006\n"
                     "[[tra.bands]]\nmax_eur = 100.0\nreference_rate = 0.0013\n"), "tra.bands[1].max_eur"),
    (policy_text(tra="[[tra.bands]]\nmax_eur = 100.0\nreference_rate = 2.0\n"), "tra.bands[0].reference_rate"),
    (policy_text(degraded=""), "degraded.caps"),
    (policy_text(degraded="[degraded]\ncaps = [5000.0, 6000.0, 7000.0, 8000.0]\n"), "degraded.caps[0]"),
    (policy_text(fx="[fx]\nusd = 0.5\n"), "fx.usd"),
    (policy_text(fx="[fx]\nUSD = 0.0\n"), "fx.USD"),
    (policy_text(fx="[fx]\nEUR = 2.0\n"), "fx.EUR"),
    # found by a black-box audit: each passed, then every answer was DEGRADED or a rule was off
    (policy_text(fx="[fx]\nUSD = 1e300\n"), "fx.USD"),
    (policy_text(levels=LEVELS.replace("max_amount = 1000.0", "max_amount = 1e308")), "levels[0].max_amount"),
    (policy_text(rules="[rules.reason_min_level]\nIMPOSSIBLE_TRAVL = 2\n"), "rules.reason_min_level.IMPOSSIBLE_TRAVL"),
    (policy_text(rules='[rules.deny]\ncountry = ["Germany"]\n'), "rules.deny.country"),
    (policy_text(top='name2 = "x"'), "name2"),
    (policy_text(name="has space"), "name"),
    (policy_text().replace('currency = "EUR"', 'currency = "GBP"'), "currency"),
    (policy_text().replace('currency = "EUR"', 'currency = "eur"'), "currency"),
    ("name = \n", "file"),
])
def test_errors_name_the_bad_key(text: str, key: str) -> None:
    e = err(text)
    assert e.key == key, str(e)
    assert str(e).startswith(f"{key}: ")


def test_missing_file_is_an_error_naming_the_file(tmp_path) -> None:
    with pytest.raises(PolicyError) as e:
        load_policy(str(tmp_path / "nope.toml"))
    assert e.value.key == "file" and "nope.toml" in e.value.message


def test_other_currency_policy_converts_tra_and_amounts() -> None:
    text = policy_text(fx="[fx]\nGBP = 1.25\nUSD = 0.5\n").replace('currency = "EUR"', 'currency = "GBP"')
    pol = policy_from_bytes(text.encode())
    # caps are in GBP: level 0 max 1000 GBP; a EUR payment of 1200 EUR is 960 GBP
    assert pol.decide(inp(amount=1200.0, currency="EUR", p_fraud=0.0)).level == 0
    assert pol.decide(inp(amount=1200.0, currency="GBP", p_fraud=0.0)).level == 1
    d = pol.decide(inp(amount=100.0, currency="EUR", p_fraud=0.0))
    assert d.limit == 1250.0  # 1000 GBP in EUR
    assert pol.decide(inp(amount=100.0, currency=None, p_fraud=0.0)).limit == 1000.0  # None = policy currency


def test_default_file_round_trips_through_validation() -> None:
    data = read_policy_bytes(None)
    assert b"RISKGATE_POLICY" in data  # documented inline
    pol = policy_from_bytes(data)
    assert pol.config.reason_min_level == {"IMPOSSIBLE_TRAVEL": 2}
    lv = pol.levels
    assert lv[0].friction == 0.0 and lv[4].attacker_pass == 0.0


def test_an_error_in_a_named_file_names_the_file(tmp_path) -> None:
    path = tmp_path / "trial.toml"
    path.write_text(policy_text(top="treshold = 0.5"), encoding="utf-8")
    with pytest.raises(PolicyError) as e:
        load_policy(str(path))
    assert e.value.key == "treshold" and str(path) in str(e.value)


def test_no_maximum_is_written_1e15_and_its_limits_round() -> None:
    from models.policy import policy_from_bytes as load

    big = LEVELS
    for mx in ("1000.0", "5000.0", "20000.0", "100000.0"):
        big = big.replace(f"max_amount = {mx}", "max_amount = 1e15")
    pol = load(policy_text(levels=big).encode())
    d = pol.decide(inp(amount=12.5, p_fraud=0.0))
    assert d.level == 0 and d.limit >= 12.5
    import math

    from models.policy import _floor_cents

    # math.floor(inf) raises: every answer went DEGRADED (the engine floors no more: the policy's limit is final)
    assert _floor_cents(math.inf) == math.inf and _floor_cents(1e300) == 1e300 and _floor_cents(12.345) == 12.34
    assert _floor_cents(0.29) == 0.29 and _floor_cents(1.15) == 1.15      # whole cents stay (a review)


def test_a_number_too_large_for_a_float_is_refused_by_name() -> None:
    """A review: a 401-digit TOML integer raised OverflowError, a traceback for the
    live policy and a start-up failure for a shadow one."""
    huge = "1" + "0" * 400
    e = err(policy_text(levels=LEVELS.replace("friction = 1.0", f"friction = {huge}")))
    assert "levels[1].friction" in str(e) and "too large" in str(e)
    e = err(policy_text(rules=f"[rules.daily]\ncaps = [1.0, 2.0, 3.0, {huge}]\n"))
    assert "rules.daily.caps[3]" in str(e)


def test_two_channel_tables_that_differ_only_in_case_are_refused() -> None:
    """Channels match ignoring case: one of the two tables was silently dropped,
    with it possibly the stricter rule (a review)."""
    e = err(policy_text(rules="[rules.channels.Web]\nmin_level = 3\n[rules.channels.web]\nmin_level = 0\n"))
    assert "rules.channels.web" in str(e) and "ignoring case" in str(e)
