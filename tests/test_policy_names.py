"""The identifiers a policy file names (its name, currency codes, reason codes) are
matched whole: re.match with `$` also took them with a trailing newline, and a
`name = "riskgate-default\\n"` put a newline into every answer's policy_version (a review)."""
from __future__ import annotations

from pathlib import Path

import pytest

from models.policy import PolicyError, policy_from_bytes
from tests.test_policy_helpers import FX, policy_text


def refused_key(text: str) -> str:
    with pytest.raises(PolicyError) as e:
        policy_from_bytes(text.encode())
    return e.value.key


@pytest.mark.parametrize("text,key", [
    (policy_text(name="t\\n"), "name"),
    (policy_text().replace('currency = "EUR"', 'currency = "EUR\\n"'), "currency"),
    (policy_text(fx='[fx]\n"USD\\n" = 0.5\n'), "fx.USD\n"),
    (policy_text(rules='[rules.reason_min_level]\n"IMPOSSIBLE_TRAVEL\\n" = 2\n'),
     "rules.reason_min_level.IMPOSSIBLE_TRAVEL\n"),
], ids=["name", "currency", "fx", "reason_code"])
def test_an_identifier_with_a_trailing_newline_is_refused(text: str, key: str) -> None:
    assert refused_key(text) == key


def test_the_shipped_policy_name_with_a_newline_does_not_reach_policy_version() -> None:
    base = (Path(__file__).resolve().parents[1] / "models" / "default_policy.toml").read_text()
    assert policy_from_bytes(base.encode()).version.startswith("riskgate-default-")
    assert refused_key(base.replace('name = "riskgate-default"', 'name = "riskgate-default\\n"', 1)) == "name"


def test_the_same_identifiers_without_the_newline_still_load() -> None:
    pol = policy_from_bytes(policy_text(name="t.v-2_a", fx=FX + "GBP = 1.1\n",
                                        rules="[rules.reason_min_level]\nIMPOSSIBLE_TRAVEL = 2\n").encode())
    assert pol.version.startswith("t.v-2_a-") and "\n" not in pol.version
    assert pol.config.fx["GBP"] == 1.1
