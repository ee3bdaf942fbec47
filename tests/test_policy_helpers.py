"""Shared builders for the policy tests (no tests here): small TOML policies written from parts."""
from __future__ import annotations

from features.reasons import Reason
from models.policy import PolicyInput, policy_from_bytes, Policy

LEVELS = """
[[levels]]
name = "none"
friction = 0.0
attacker_pass = 1.0
max_amount = 1000.0

[[levels]]
name = "otp"
friction = 1.0
attacker_pass = 0.3
max_amount = 5000.0

[[levels]]
name = "biometric"
friction = 2.0
attacker_pass = 0.1
max_amount = 20000.0

[[levels]]
name = "strong"
friction = 10.0
friction_rate = 0.001
attacker_pass = 0.02
max_amount = 100000.0

[[levels]]
name = "deny"
friction = 20.0
friction_rate = 0.02
attacker_pass = 0.0
"""

DEGRADED = "[degraded]\ncaps = [30.0, 1000.0, 5000.0, 20000.0]\n"
FX = "[fx]\nUSD = 0.5\n"


def policy_text(rules: str = "", tra: str = "", top: str = "", levels: str = LEVELS,
                degraded: str = DEGRADED, fx: str = FX, name: str = "t") -> str:
    return f'name = "{name}"\ncurrency = "EUR"\n{top}\n{levels}\n{rules}\n{tra}\n{degraded}\n{fx}\n'


def make_policy(**kw: str) -> Policy:
    return policy_from_bytes(policy_text(**kw).encode())


def inp(**kw: object) -> PolicyInput:
    d: dict[str, object] = dict(
        amount=50.0, currency="EUR", channel="web", p_fraud=0.001, reasons=[], history_n=50,
        new_device=False, new_payee=False, day_amount=0.0, customer_id="c-1", payee_id="p-1",
        device_id="d-1", ip="198.51.100.7", country="DE",
    )
    d.update(kw)
    return PolicyInput(**d)  # type: ignore[arg-type]


def reason(code: str, weight: float = 1.0) -> Reason:
    return Reason(code, weight, code.lower())
