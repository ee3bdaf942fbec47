"""Shadow policy: try a policy change on live traffic before switching to it.

The shadow decides beside the live policy on every payment; its decision is
compared, counted (for Prometheus) and logged, and never returned. A shadow that
raises is counted as "error" and otherwise ignored: an experiment must not be
able to break scoring.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping

from models.policy import Decision, Policy, PolicyInput, load_policy, shadow_compare

LABELS = ("same", "stricter", "looser", "error")
_log = logging.getLogger("riskgate.policy.shadow")


class ShadowPolicy:
    """Quacks like `Policy` (version, levels, tra, decide, degraded) and answers
    exactly what the live policy answers."""

    __slots__ = ("live", "shadow", "counts", "_on_compare")

    def __init__(self, live: Policy, shadow: Policy, on_compare: Callable[[str], None] | None = None) -> None:
        self.live = live
        self.shadow = shadow
        self.counts: dict[str, int] = dict.fromkeys(LABELS, 0)
        self._on_compare = on_compare

    @property
    def version(self) -> str:
        return self.live.version

    @property
    def levels(self):  # noqa: ANN201 - same type as Policy.levels
        return self.live.levels

    @property
    def tra(self):  # noqa: ANN201 - the live policy's monitor
        return self.live.tra

    def decide(self, inp: PolicyInput) -> Decision:
        decision = self.live.decide(inp)
        try:
            other = self.shadow.decide(inp)
            label = shadow_compare(decision, other)
        except Exception:  # noqa: BLE001 - the shadow must never fail the answer
            _log.exception("shadow policy %s failed", self.shadow.version)
            label, other = "error", None
        self.counts[label] += 1
        if self._on_compare is not None:
            try:
                self._on_compare(label)
            except Exception:  # noqa: BLE001
                _log.exception("shadow metrics callback failed")
        if other is not None and label != "same" and _log.isEnabledFor(logging.INFO):
            # no identifiers: amounts, levels and rules only
            _log.info(
                "shadow %s: live %s level=%d limit=%.2f rule=%s | shadow %s level=%d limit=%.2f rule=%s | p=%.4f amount=%.2f",
                label, self.live.version, decision.level, decision.limit, decision.rule,
                self.shadow.version, other.level, other.limit, other.rule, inp.p_fraud, inp.amount,
            )
        return decision

    def degraded(self, amount: float, currency: str | None, channel: str | None) -> Decision:
        return self.live.degraded(amount, currency, channel)

    def observe(self, amount: float, currency: str | None, ts: float, level: int) -> None:
        """Feed a completed payment to both TRA monitors (each keeps its own bands)."""
        self.live.tra.observe(amount, currency, ts, level)
        self.shadow.tra.observe(amount, currency, ts, level)

    def observe_fraud(self, amount: float, currency: str | None, ts: float) -> None:
        self.live.tra.observe_fraud(amount, currency, ts)
        self.shadow.tra.observe_fraud(amount, currency, ts)


def load_policies(env: Mapping[str, str] | None = None,
                  on_compare: Callable[[str], None] | None = None) -> Policy | ShadowPolicy:
    """The policy the service should use: RISKGATE_POLICY (default: built-in), and,
    when RISKGATE_SHADOW_POLICY names a file, that policy in the shadow."""
    env = os.environ if env is None else env
    live = load_policy(env.get("RISKGATE_POLICY") or None)
    shadow_path = env.get("RISKGATE_SHADOW_POLICY") or None
    if shadow_path is None:
        return live
    return ShadowPolicy(live, load_policy(shadow_path), on_compare)
