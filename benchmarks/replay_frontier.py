"""The fraud-versus-friction trade-off frontier: what the policy would do at other costs.

The policy's friction costs (every level's `friction` and `friction_rate`) are
scaled by a factor from 1/30 to 30 and each labelled post-warm-up row is decided
again by the policy's cost model (`Policy.optimal_level`, then raised past the
per-level `max_amount` caps) from the risk score the service gave it; completion
then follows the gateway's challenge rule with the row's own draw. This holds the
scores fixed (in a live run, different decisions would feed back different
profiles) and leaves out the history-dependent hard rules (cold-start, daily,
TRA), so the point at factor 1 is close to, not equal to, the service's own.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Sequence

import numpy as np

from benchmarks.replay_gateway import GENUINE_PASS
from benchmarks.replay_metrics import completed

SCALES: tuple[float, ...] = (1 / 30, 1 / 10, 1 / 5, 1 / 3, 1 / 2, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 100.0)


def scaled_policy(policy: Any, factor: float) -> Any:
    """The same policy with every level's friction costs multiplied by `factor`."""
    from models.policy import Policy

    cfg = policy.config
    levels = tuple(dataclasses.replace(lv, friction=lv.friction * factor, friction_rate=lv.friction_rate * factor)
                   for lv in cfg.levels)
    return Policy(dataclasses.replace(cfg, levels=levels))


def cost_levels(policy: Any, amount: np.ndarray, p: np.ndarray) -> np.ndarray:
    caps = [lv.max_amount for lv in policy.levels[:4]]
    opt = policy.optimal_level
    out = np.empty(len(amount), dtype=np.int8)
    for i, (a, q) in enumerate(zip(amount.tolist(), p.tolist())):
        k = opt(a, q)
        while k < 4 and a > caps[k]:
            k += 1
        out[i] = k
    return out


def frontier(policy: Any, p: np.ndarray, label: np.ndarray, amount: np.ndarray, u: np.ndarray,
             attacker: np.ndarray, mask: np.ndarray, scales: Sequence[float] = SCALES,
             genuine: Sequence[float] = GENUINE_PASS, max_genuine: int = 200_000, seed: int = 0) -> list[dict[str, Any]]:
    """One point per cost factor: genuine friction rate (levels 1-4) and fraud amount stopped;
    a rate is None when there is no labelled row of its class (readers skip such points)."""
    m = mask & (label >= 0)
    idx = np.flatnonzero(m)
    g = idx[label[idx] == 0]
    if len(g) > max_genuine:  # a uniform sample of genuine rows is enough for rates
        g = np.random.default_rng(seed).choice(g, max_genuine, replace=False)
    idx = np.sort(np.concatenate([idx[label[idx] == 1], g]))
    lab, am, pp, uu, att = label[idx], amount[idx], p[idx], u[idx], attacker[idx]
    gm, fm = lab == 0, lab == 1
    fraud_total = float(am[fm].sum())
    out = []
    for s in scales:
        lv = cost_levels(scaled_policy(policy, s), am, pp)
        done = completed(lv, lab, uu, att, genuine)
        out.append({
            "friction_scale": s,
            "genuine_friction_rate": float((lv[gm] >= 1).mean()) if gm.any() else None,
            "genuine_decline_rate": float((lv[gm] >= 4).mean()) if gm.any() else None,
            "fraud_amount_stopped": float(am[fm & ~done].sum() / fraud_total) if fraud_total else None,
        })
    return out
