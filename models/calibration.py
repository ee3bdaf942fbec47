"""Turning a model's log-odds into a probability a cost policy can trust.

The policy weighs expected fraud loss against friction, so `p_fraud` must be
a probability, not merely a ranking. Boosted trees trained on rare frauds are
usually over- or under-confident, so a calibrator is fitted on a later time
slice than the one the trees learned from.

Two methods, both stored as plain numbers and applied in plain Python:
- Platt scaling on the log-odds (`a * z + b`): two parameters, keeps the
  ranking (AUC) intact, robust with a few hundred frauds. The default.
- Isotonic regression: a monotone step function (breakpoints on the log-odds,
  interpolated linearly); more flexible, needs more frauds, and ties scores
  within a step, so it is offered but chosen only on request.
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

__all__ = ["Calibrator", "fit_platt", "fit_isotonic", "sigmoid", "logit", "calibrator_to_dict",
           "calibrator_from_dict", "brier", "reliability"]

_Z_CLIP = 35.0


def sigmoid(z: float) -> float:
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def logit(p: float, eps: float = 1e-12) -> float:
    p = min(max(p, eps), 1.0 - eps)
    return math.log(p / (1.0 - p))


@dataclass(slots=True)
class Calibrator:
    """Maps raw log-odds z to a probability. `method` is "identity", "platt"
    or "isotonic"."""

    method: str = "identity"
    a: float = 1.0
    b: float = 0.0
    xs: list[float] = field(default_factory=list)   # isotonic breakpoints (log-odds, increasing)
    ys: list[float] = field(default_factory=list)   # probabilities at the breakpoints (non-decreasing)

    def __call__(self, z: float) -> float:
        if self.method == "platt":
            return sigmoid(self.a * z + self.b)
        if self.method == "isotonic":
            xs, ys = self.xs, self.ys
            if z != z:                   # NaN in, NaN out, as Platt's sigmoid gives (not an IndexError)
                return z
            if z <= xs[0]:
                return ys[0]
            if z >= xs[-1]:
                return ys[-1]
            j = bisect.bisect_right(xs, z)
            x0, x1 = xs[j - 1], xs[j]
            y0, y1 = ys[j - 1], ys[j]
            return y0 + (y1 - y0) * (z - x0) / (x1 - x0) if x1 > x0 else y1
        return sigmoid(z)

    def logit_out(self, z: float) -> float:
        """Calibrated log-odds, for stacking an online correction on top."""
        if self.method == "platt":
            return self.a * z + self.b
        if self.method == "identity":
            return z
        return logit(self(z), 1e-6)


def fit_platt(z: Sequence[float] | np.ndarray, y: Sequence[int] | np.ndarray,
              sample_weight: np.ndarray | None = None, ridge: float = 1e-3) -> Calibrator:
    """Logistic regression of y on z with Platt's smoothed targets (which
    keep a slice with few frauds from producing infinite slopes). Newton's
    method on two parameters: exact, dependency-free, milliseconds."""
    z = np.clip(np.asarray(z, dtype=float), -_Z_CLIP, _Z_CLIP)
    y = np.asarray(y, dtype=float)
    w = np.ones_like(z) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    n_pos = float((w * y).sum())
    n_neg = float((w * (1 - y)).sum())
    if n_pos <= 0 or n_neg <= 0:
        raise ValueError("calibration needs both frauds and genuine payments")
    t = np.where(y > 0.5, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))
    # A weak ridge toward the identity (a=1, b=0) keeps a slice in which the
    # frauds are perfectly separated from driving the slope to infinity.
    lam = ridge * (n_pos + n_neg) / max(n_pos, 1.0)

    def loss(a: float, b: float) -> float:
        s = a * z + b
        return float((w * (np.logaddexp(0.0, s) - t * s)).sum()) + 0.5 * lam * ((a - 1.0) ** 2 + b * b * 1e-4)

    a, b = 1.0, 0.0
    cur = loss(a, b)
    for _ in range(100):
        s = a * z + b
        p = 0.5 * (1.0 + np.tanh(0.5 * s))
        g_a = float((w * (p - t) * z).sum()) + lam * (a - 1.0)
        g_b = float((w * (p - t)).sum()) + lam * b * 1e-4
        h = w * p * (1.0 - p)
        h_aa = float((h * z * z).sum()) + lam + 1e-9
        h_ab = float((h * z).sum())
        h_bb = float(h.sum()) + lam * 1e-4 + 1e-9
        det = h_aa * h_bb - h_ab * h_ab
        if det <= 0:
            break
        da = (h_bb * g_a - h_ab * g_b) / det
        db = (h_aa * g_b - h_ab * g_a) / det
        step = 1.0
        while step > 1e-6:   # Newton with step halving: never increase the loss
            na, nb = a - step * da, b - step * db
            new = loss(na, nb)
            if new <= cur:
                break
            step *= 0.5
        else:
            break
        a, b, cur = na, nb, new
        if abs(step * da) < 1e-10 and abs(step * db) < 1e-10:
            break
    return Calibrator(method="platt", a=float(a), b=float(b))


def fit_isotonic(z: Sequence[float] | np.ndarray, y: Sequence[int] | np.ndarray,
                 max_points: int = 256) -> Calibrator:
    """Isotonic regression (scikit-learn's), thinned to at most `max_points`
    breakpoints so the artefact stays small and the lookup fast."""
    from sklearn.isotonic import IsotonicRegression

    z = np.clip(np.asarray(z, dtype=float), -_Z_CLIP, _Z_CLIP)
    y = np.asarray(y, dtype=float)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(z, y)
    xs = np.asarray(iso.X_thresholds_, dtype=float)
    ys = np.asarray(iso.y_thresholds_, dtype=float)
    if len(xs) > max_points:
        idx = np.unique(np.linspace(0, len(xs) - 1, max_points).round().astype(int))
        xs, ys = xs[idx], ys[idx]
    # Never answer exactly 0 or 1: no payment is certainly genuine or certainly fraud.
    ys = np.clip(ys, 1e-6, 1 - 1e-6)
    return Calibrator(method="isotonic", xs=[float(v) for v in xs], ys=[float(v) for v in ys])


def calibrator_to_dict(c: Calibrator) -> dict[str, Any]:
    return {"method": c.method, "a": c.a, "b": c.b, "xs": c.xs, "ys": c.ys}


def calibrator_from_dict(d: Any) -> Calibrator:
    if not isinstance(d, dict) or d.get("method") not in ("identity", "platt", "isotonic"):
        raise ValueError("calibration must name a method: identity, platt or isotonic")
    c = Calibrator(method=d["method"], a=float(d.get("a", 1.0)), b=float(d.get("b", 0.0)),
                   xs=[float(v) for v in d.get("xs", [])], ys=[float(v) for v in d.get("ys", [])])
    if not (math.isfinite(c.a) and math.isfinite(c.b)):
        raise ValueError("calibration parameters must be finite")
    if c.method == "isotonic":
        if len(c.xs) < 2 or len(c.xs) != len(c.ys):
            raise ValueError("isotonic calibration needs matching breakpoint lists of length >= 2")
        if any(c.xs[i] > c.xs[i + 1] or c.ys[i] > c.ys[i + 1] for i in range(len(c.xs) - 1)):
            raise ValueError("isotonic breakpoints must be non-decreasing")
        # infinite or NaN breakpoints loaded and scored NaN (a review)
        if not all(math.isfinite(x) for x in c.xs) or not all(0.0 <= y <= 1.0 for y in c.ys):
            raise ValueError("isotonic breakpoints must be finite, with probabilities in [0, 1]")
    return c


# ---------------------------------------------------------------- measuring calibration

def brier(p: np.ndarray, y: np.ndarray) -> float:
    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=float)
    return float(np.mean((p - y) ** 2))


def reliability(p: np.ndarray, y: np.ndarray, n_bins: int = 10) -> list[tuple[float, float, int]]:
    """(mean predicted, observed fraud rate, count) per bin, bins equal in
    count over the predicted probability: with 1 % frauds, equal-width bins
    leave every bin but the first nearly empty."""
    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=float)
    order = np.argsort(p, kind="stable")
    out: list[tuple[float, float, int]] = []
    for chunk in np.array_split(order, n_bins):
        if len(chunk):
            out.append((float(p[chunk].mean()), float(y[chunk].mean()), int(len(chunk))))
    return out
