"""The arithmetic of the fraud-versus-friction report, on columns of a replay trace.

Definitions (also in benchmarks/README.md, "## Replay"):

- Only rows after the warm-up (the first `--warmup-days` of the file: scored and
  learned, not counted) enter the figures; unlabelled rows (empty `is_fraud`)
  enter none of the label-based figures.
- A fraud payment is *stopped* when it did not complete: level 4, or level 1-3 and
  the attacker failed the challenge (see replay_gateway). `fraud_amount_stopped`
  and `fraud_tx_stopped` are shares (0..1) of the fraud amount / count; amounts
  are converted into the policy currency first (its `[fx]` table).
- `genuine_stepup_rate`: share of genuine payments answered with level 1-3;
  `genuine_decline_rate`: share answered with level 4 (false declines);
  `genuine_abandon_rate`: share whose challenge the genuine customer failed.
- `friction_index`: the policy's own friction cost of the level given,
  `friction + friction_rate * amount` (policy currency), summed over genuine
  payments and expressed per 1,000 genuine payments. 0 = frictionless for all;
  the default policy's OTP on every payment of ~50 EUR scores ~650.
- `auc`, `average_precision`, `brier`: sklearn.metrics of the score against
  `is_fraud`, labelled post-warm-up rows only (brier only for probabilities).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from benchmarks.replay_gateway import GENUINE_PASS

# (friction, friction_rate) of levels 0..4 in the default policy; replaced by the
# active policy's when one is loaded.
DEFAULT_FRICTION: tuple[tuple[float, float], ...] = ((0.0, 0.0), (0.6, 0.001), (1.5, 0.001), (15.0, 0.005),
                                                     (25.0, 0.05))


def pct(x: float | None, digits: int = 2) -> str:
    """A share as a percentage for the readable tables; "-" when there is none."""
    return "-" if x is None else f"{100 * x:.{digits}f}%"


def completed(level: np.ndarray, label: np.ndarray, u: np.ndarray, attacker: np.ndarray,
              genuine: Sequence[float] = GENUINE_PASS) -> np.ndarray:
    """Vectorised challenge rule of replay_gateway.challenge_passed.

    `attacker` is the per-row (n, 4) table of attacker pass probabilities by level."""
    lv = np.minimum(level, 3).astype(np.intp)
    gen = np.asarray(genuine, dtype=float)[lv]
    att = attacker[np.arange(len(level)), lv] if len(level) else np.zeros(0)
    p = np.where(label == 1, att, gen)
    return (level == 0) | ((level < 4) & (u < p))


def friction_cost(level: np.ndarray, amount: np.ndarray,
                  friction: Sequence[tuple[float, float]] = DEFAULT_FRICTION) -> np.ndarray:
    fixed = np.asarray([f for f, _r in friction], dtype=float)[level]
    rate = np.asarray([r for _f, r in friction], dtype=float)[level]
    return fixed + rate * amount


def _ratio(a: float, b: float) -> float | None:
    return float(a) / float(b) if b else None


def score_metrics(score: np.ndarray, label: np.ndarray, probability: bool = True) -> dict[str, float | None]:
    """AUC, AP (and Brier for probabilities) on labelled rows; None when one class is missing."""
    m = label >= 0
    y, s = label[m], score[m]
    if len(y) == 0 or y.min() == y.max():
        return {"auc": None, "average_precision": None, "brier": None}
    return {
        "auc": float(roc_auc_score(y, s)),
        "average_precision": float(average_precision_score(y, s)),
        "brier": float(brier_score_loss(y, np.clip(s, 0.0, 1.0))) if probability else None,
    }


def decision_metrics(level: np.ndarray, label: np.ndarray, amount: np.ndarray, done: np.ndarray,
                     friction: Sequence[tuple[float, float]] = DEFAULT_FRICTION) -> dict[str, Any]:
    """Fraud stopped and friction given, for one decision maker on the selected rows."""
    g = label == 0
    f = label == 1
    ng, nf = int(g.sum()), int(f.sum())
    fraud_amount = float(amount[f].sum())
    stopped = f & ~done
    stopped_amount = float(amount[stopped].sum())
    glv = level[g]
    return {
        "rows": int(len(level)),
        "genuine": ng,
        "fraud": nf,
        "unlabelled": int((label < 0).sum()),
        "fraud_amount": round(fraud_amount, 2),
        "fraud_amount_stopped_value": round(stopped_amount, 2),
        "fraud_amount_stopped": _ratio(stopped_amount, fraud_amount),
        "fraud_tx_stopped_count": int(stopped.sum()),
        "fraud_tx_stopped": _ratio(int(stopped.sum()), nf),
        "genuine_stepup_rate": _ratio(int(((glv >= 1) & (glv <= 3)).sum()), ng),
        "genuine_decline_rate": _ratio(int((glv >= 4).sum()), ng),
        "genuine_abandon_rate": _ratio(int((g & ~done & (level >= 1) & (level <= 3)).sum()), ng),
        "genuine_level_share": [_ratio(int((glv == k).sum()), ng) for k in range(5)],
        "friction_index": (float(friction_cost(glv, amount[g], friction).sum()) * 1000.0 / ng) if ng else None,
    }


def latency_metrics(latency_s: np.ndarray, n_scored: int, wall_s: float) -> dict[str, Any]:
    ms = latency_s * 1000.0
    if len(ms) == 0:
        return {"latency_ms": {"p50": None, "p90": None, "p99": None, "p999": None, "mean": None, "max": None},
                "throughput_tps": None, "score_only_tps": None}
    q = np.percentile(ms, [50, 90, 99, 99.9])
    return {
        "latency_ms": {"p50": float(q[0]), "p90": float(q[1]), "p99": float(q[2]), "p999": float(q[3]),
                       "mean": float(ms.mean()), "max": float(ms.max())},
        "throughput_tps": (n_scored / wall_s) if wall_s > 0 else None,
        "score_only_tps": float(len(ms) / latency_s.sum()) if latency_s.sum() > 0 else None,
    }


def per_scenario(scenario: np.ndarray, names: Sequence[str], label: np.ndarray, amount: np.ndarray,
                 done: np.ndarray, level: np.ndarray) -> dict[str, dict[str, Any]]:
    """Fraud figures per scenario name ("unknown" for fraud rows without one)."""
    from benchmarks.replay_gateway import attack_kind

    out: dict[str, dict[str, Any]] = {}
    f = label == 1
    for i in np.unique(scenario[f]):
        m = f & (scenario == i)
        name = names[int(i)] or "unknown"
        total = float(amount[m].sum())
        stopped = m & ~done
        out[name] = {
            "count": int(m.sum()),
            "attack_kind": attack_kind(names[int(i)] or None),
            "fraud_amount": round(total, 2),
            "fraud_amount_stopped": _ratio(float(amount[stopped].sum()), total),
            "fraud_tx_stopped": _ratio(int(stopped.sum()), int(m.sum())),
            "denied": int((m & (level >= 4)).sum()),
            "challenged": int((m & (level >= 1) & (level <= 3)).sum()),
        }
    return out


def per_lead_reason(lead: np.ndarray, codes: Sequence[str], label: np.ndarray, amount: np.ndarray,
                    done: np.ndarray, level: np.ndarray) -> dict[str, dict[str, Any]]:
    """What each leading reason code costs and buys among challenged or denied payments:
    the shares of genuine payments it stepped up (levels 1-3) and declined, and the
    fraud amount it stopped. A rule
    that forced the level leads its answer (weight 1000), otherwise the model's top
    reason does, so this says which rule or signal the friction comes from."""
    out: dict[str, dict[str, Any]] = {}
    raised = level >= 1
    g = label == 0
    f = label == 1
    n_g = int(g.sum())
    f_total = float(amount[f].sum())
    challenged = level <= 3
    for i in np.unique(lead[raised]):
        m = raised & (lead == i)
        # step-up is levels 1-3, as the service's own rate (a review: declines were
        # counted in, so the per-reason rates added up to step-up plus declines)
        up = int((m & g & challenged).sum())
        down = int((m & g & ~challenged).sum())
        out[codes[int(i)] or "none"] = {
            "genuine_stepped_up": up,
            "genuine_stepup_rate": _ratio(up, n_g),
            "genuine_declined": down,
            "genuine_decline_rate": _ratio(down, n_g),
            "fraud_raised": int((m & f).sum()),
            "fraud_amount_stopped": _ratio(float(amount[m & f & ~done].sum()), f_total),
        }
    return out
