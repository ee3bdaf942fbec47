"""The replay's figures week by week: is the scorer learning the world it is replayed on?

A single post-warm-up figure hides the trend an analyst most needs before going live:
whether fraud stopped rises and friction falls as profiles fill and fraud reports
reach the online learner, or whether one bad week carries the total. Each period
(7 days from the first post-warm-up payment, the last one possibly shorter) gets
the service's decision and score figures, and the static amount threshold of the
whole run (the one matched to the service's overall friction) applied to that
period alone, so the two can be compared week by week at a fixed rule.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from benchmarks.replay_gateway import GENUINE_PASS
from benchmarks.replay_metrics import DEFAULT_FRICTION, completed, decision_metrics, pct, score_metrics

DAY = 86400.0


def period_edges(ts: np.ndarray, mask: np.ndarray, days: float = 7.0) -> list[tuple[float, float]]:
    """[start, end) of each period covering the masked rows, from the first one."""
    sel = ts[mask]
    if len(sel) == 0:
        return []
    start, last = float(sel.min()), float(sel.max())
    step = days * DAY
    edges = []
    while start <= last:
        edges.append((start, start + step))
        start += step
    return edges


def by_period(a: dict[str, np.ndarray], mask: np.ndarray, static_threshold: float, days: float = 7.0,
              friction: Sequence[tuple[float, float]] = DEFAULT_FRICTION,
              genuine: Sequence[float] = GENUINE_PASS) -> list[dict[str, Any]]:
    """One dict per period: `start`/`end` (unix s), the service's `decision_metrics`
    and `score_metrics` on the period's rows, and `static_amount_stopped`, the fraud
    amount share the run's static threshold stops in that period."""
    ts, lab, am, lv = a["ts"], a["label"], a["amount"], a["level"]
    done = a["completed"].astype(bool)
    static_lv = (am > static_threshold).astype(np.int8)
    out = []
    for lo, hi in period_edges(ts, mask, days):
        sel = mask & (ts >= lo) & (ts < hi)
        m = decision_metrics(lv[sel], lab[sel], am[sel], done[sel], friction)
        m.update(score_metrics(a["p"][sel], lab[sel], True))
        s_done = completed(static_lv[sel], lab[sel], a["u"][sel], a["attacker"][sel], genuine)
        s = decision_metrics(static_lv[sel], lab[sel], am[sel], s_done, friction)
        m["static_amount_stopped"] = s["fraud_amount_stopped"]
        m["static_amount_stepup_rate"] = s["genuine_stepup_rate"]
        m["start"], m["end"] = lo, hi
        out.append(m)
    return out


def format_periods(periods: list[dict[str, Any]]) -> str:
    import datetime as dt

    head = (f"{'week from (UTC)':16} {'rows':>8} {'fraud':>6} {'fraud amt':>10} {'g step-up':>10} "
            f"{'g decline':>10} {'AUC':>6} {'static amt':>11}")
    lines = ["By week (post-warm-up; static amt: the run's static threshold in that week)", head, "-" * len(head)]
    for m in periods:
        day = dt.datetime.fromtimestamp(m["start"], dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
        auc = "-" if m.get("auc") is None else f"{m['auc']:.3f}"
        lines.append(f"{day:16} {m['rows']:>8} {m['fraud']:>6} {pct(m['fraud_amount_stopped'], 1):>10} "
                     f"{pct(m['genuine_stepup_rate']):>10} {pct(m['genuine_decline_rate'], 3):>10} {auc:>6} "
                     f"{pct(m['static_amount_stopped'], 1):>11}")
    return "\n".join(lines)


def plot_periods(path: str, periods: list[dict[str, Any]]) -> None:
    """Fraud amount stopped (service and static threshold) and genuine step-up, per week."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = np.arange(len(periods))
    pct = lambda k: [np.nan if m[k] is None else 100 * m[k] for m in periods]  # noqa: E731
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(7, 5.5), sharex=True)
    ax1.plot(x, pct("fraud_amount_stopped"), "o-", color="tab:red", label="service")
    ax1.plot(x, pct("static_amount_stopped"), "s--", color="tab:gray", label="static amount threshold (whole run)")
    ax1.set_ylabel("fraud amount stopped (%)")
    ax1.set_ylim(-2, 102)
    ax1.grid(True, alpha=0.3)
    ax1.legend(fontsize=8, loc="best")
    ax2.plot(x, pct("genuine_stepup_rate"), "o-", color="tab:blue", label="service")
    ax2.plot(x, pct("static_amount_stepup_rate"), "s--", color="tab:gray", label="static amount threshold")
    ax2.set_ylabel("genuine stepped up (%)")
    ax2.grid(True, alpha=0.3)
    import datetime as dt

    ax2.set_xlabel("week from (UTC)")
    ax2.set_xticks(x, [dt.datetime.fromtimestamp(m["start"], dt.timezone.utc).strftime("%m-%d") for m in periods],
                   fontsize=8, rotation=45 if len(periods) > 12 else 0)
    ax1.set_title("Week by week")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
