"""The replay's figures (PNG): trade-off frontier, latency histogram, calibration, week by week.

Written with matplotlib's non-interactive Agg backend so a headless CI runner can
draw them.
"""
from __future__ import annotations

import os
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.calibration import calibration_curve  # noqa: E402

BASELINE_MARKERS = {"no_friction": "o", "static_amount": "s", "new_device_payee_or_large": "^", "otp_all": "D"}


def _friction(m: dict[str, Any]) -> float | None:
    """Share of genuine payments given levels 1-4; None with no labelled genuine payment
    (every share None), which is no point on the x axis rather than 0 % (a review)."""
    share = m.get("genuine_level_share") or []
    if share and all(x is None for x in share):
        return None
    return float(sum(x for x in share[1:] if x is not None)) if share else 0.0


def scale_labels(scales: list[float], xs: list[float], ys: list[float]) -> list[tuple[float, float, str]]:
    """One label per place on the frontier: scales that land on the same point (to 0.01
    point, the same decisions) share "x0.333-0.5" rather than printing over each other
    ("x0.5x0.333")."""
    out: list[tuple[float, float, str]] = []
    groups: dict[tuple[float, float], list[float]] = {}
    for s, x, y in zip(scales, xs, ys):
        groups.setdefault((round(x, 2), round(y, 2)), []).append(s)
    for (x, y), ss in groups.items():
        lo, hi = min(ss), max(ss)
        out.append((x, y, f"x{lo:.3g}" if lo == hi else f"x{lo:.3g}-{hi:.3g}"))
    return out


def plot_frontier(path: str, points: list[dict[str, Any]], service: dict[str, Any],
                  baselines: dict[str, dict[str, Any]]) -> None:
    fig, ax = plt.subplots(figsize=(7, 5))
    # a point needs both rates: a file with frauds labelled and every other row empty has
    # no genuine friction rate (None), which crashed the end of a replay (a review)
    pts = [p for p in points if p["fraud_amount_stopped"] is not None and p["genuine_friction_rate"] is not None]
    if pts:
        xs = [100 * p["genuine_friction_rate"] for p in pts]
        ys = [100 * p["fraud_amount_stopped"] for p in pts]
        ax.plot(xs, ys, "-", color="tab:blue", marker=".", label="policy, friction costs x1/30 .. x100")
        for x, y, text in scale_labels([p["friction_scale"] for p in pts], xs, ys):
            ax.annotate(text, (x, y), fontsize=7, xytext=(3, -9), textcoords="offset points")
    fx = _friction(service)
    if service.get("fraud_amount_stopped") is not None and fx is not None:
        ax.plot([100 * fx], [100 * service["fraud_amount_stopped"]], "*", ms=15, color="tab:red",
                label="service (this run)")
    for name, m in baselines.items():
        fx = _friction(m)
        if m.get("fraud_amount_stopped") is None or fx is None:
            continue
        ax.plot([100 * fx], [100 * m["fraud_amount_stopped"]], BASELINE_MARKERS.get(name, "x"),
                color="tab:gray", ms=8, label=name)
    ax.set_xscale("symlog", linthresh=1.0)
    ax.set_xlabel("genuine payments stepped up or declined (%)")
    ax.set_ylabel("fraud amount stopped (%)")
    ax.set_ylim(-2, 102)
    ax.grid(True, alpha=0.3)
    if ax.get_legend_handles_labels()[0]:    # nothing to show without fraud labels: no empty legend (a warning)
        ax.legend(fontsize=8, loc="lower right")
    ax.set_title("Fraud stopped against friction")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_latency(path: str, latency_s: np.ndarray, title: str = "score latency") -> None:
    fig, ax = plt.subplots(figsize=(7, 4))
    us = np.asarray(latency_s) * 1e6
    if len(us):
        lo, hi = max(us.min(), 1e-1), max(us.max(), 1.0)
        bins = np.logspace(np.log10(lo), np.log10(hi * 1.01), 80)
        ax.hist(us, bins=bins, color="tab:blue")
        for q, ls in ((50, "-"), (99, "--")):
            v = float(np.percentile(us, q))
            ax.axvline(v, color="tab:red", ls=ls, label=f"p{q} {v:.0f} µs")
        ax.set_xscale("log")
        ax.legend()
    ax.set_xlabel("µs per call")
    ax.set_ylabel("calls")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_calibration(path: str, p: np.ndarray, label: np.ndarray, bins: int = 15) -> None:
    fig, ax = plt.subplots(figsize=(5.5, 5))
    m = label >= 0
    y, s = label[m], np.clip(p[m], 0.0, 1.0)
    if len(y) and y.min() != y.max():
        frac, mean = calibration_curve(y, s, n_bins=bins, strategy="quantile")
        ax.plot(mean, frac, "o-", label="service")
        lo = max(min(float(mean.min()), float(frac[frac > 0].min()) if (frac > 0).any() else 1e-4), 1e-5)
        ax.plot([lo, 1], [lo, 1], "k:", label="perfect")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.legend()
    ax.set_xlabel("predicted P(fraud) (bin mean)")
    ax.set_ylabel("observed fraud rate")
    ax.set_title("Calibration (quantile bins)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_plots(out_dir: str, report: dict[str, Any], frontier_points: list[dict[str, Any]], latency_s: np.ndarray,
                p: np.ndarray, label: np.ndarray) -> list[str]:
    os.makedirs(out_dir, exist_ok=True)
    paths = [os.path.join(out_dir, n) for n in ("frontier.png", "latency.png", "calibration.png")]
    plot_frontier(paths[0], frontier_points, report["service"], report["baselines"])
    plot_latency(paths[1], latency_s)
    plot_calibration(paths[2], p, label)
    if report.get("by_week"):
        from benchmarks.replay_periods import plot_periods

        paths.append(os.path.join(out_dir, "weekly.png"))
        plot_periods(paths[-1], report["by_week"])
    return paths
