"""The trade-off frontier and the plots, on synthetic scores."""
from __future__ import annotations

import numpy as np

from benchmarks.replay_frontier import cost_levels, frontier, scaled_policy
from models.policy import load_policy


def synthetic(n: int = 4000, seed: int = 0):
    rng = np.random.default_rng(seed)
    label = (rng.random(n) < 0.05).astype(np.int8)
    p = np.clip(np.where(label == 1, rng.beta(4, 2, n), rng.beta(1, 30, n)), 0, 1)
    amount = rng.lognormal(4.0, 1.0, n)
    u = rng.random(n)
    attacker = np.tile([1.0, 0.15, 0.05, 0.02], (n, 1))
    return p, label, amount, u, attacker


def test_dearer_friction_never_adds_friction() -> None:
    policy = load_policy(None)
    p, label, amount, u, attacker = synthetic()
    pts = frontier(policy, p, label, amount, u, attacker, np.ones(len(p), dtype=bool), scales=(0.1, 1.0, 10.0, 100.0))
    rates = [pt["genuine_friction_rate"] for pt in pts]
    stopped = [pt["fraud_amount_stopped"] for pt in pts]
    assert rates == sorted(rates, reverse=True) and rates[0] > rates[-1]
    assert stopped == sorted(stopped, reverse=True)


def test_scaled_policy_scales_only_friction() -> None:
    policy = load_policy(None)
    dear = scaled_policy(policy, 10.0)
    for a, b in zip(policy.levels, dear.levels):
        assert b.friction == a.friction * 10.0 and b.friction_rate == a.friction_rate * 10.0
        assert b.attacker_pass == a.attacker_pass and b.max_amount == a.max_amount
    # the per-level caps still raise the level: nothing above the level-0 cap goes frictionless
    lv = cost_levels(policy, np.array([policy.levels[0].max_amount * 2]), np.array([0.0]))
    assert lv[0] >= 1


def test_plots_are_written(tmp_path) -> None:
    from benchmarks.replay_plots import write_plots

    p, label, amount, u, attacker = synthetic(500)
    m = {"fraud_amount_stopped": 0.5, "genuine_level_share": [0.9, 0.1, 0, 0, 0]}
    report = {"service": m, "baselines": {"otp_all": {**m, "genuine_level_share": [0, 1, 0, 0, 0]}}}
    pts = [{"friction_scale": 1.0, "genuine_friction_rate": 0.1, "fraud_amount_stopped": 0.5}]
    paths = write_plots(str(tmp_path), report, pts, np.full(500, 1e-4), p, label)
    assert all((tmp_path / n).stat().st_size > 1000 for n in ("frontier.png", "latency.png", "calibration.png"))
    assert len(paths) == 3


def test_scales_on_one_point_share_one_label() -> None:
    from benchmarks.replay_plots import scale_labels

    labels = scale_labels([0.333, 0.5, 1.0], [1.0, 1.0, 2.0], [80.0, 80.0, 90.0])
    assert [t for _x, _y, t in labels] == ["x0.333-0.5", "x1"]
