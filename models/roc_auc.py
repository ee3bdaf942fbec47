"""Weighted ROC AUC of a binary label, as scikit-learn computes it, without
its per-call overhead.

Why: the local refits (models/local_refit.py) judge a candidate by a
bootstrap of hundreds of AUCs on a few thousand payments each, and
`sklearn.metrics.roc_auc_score` spends most of each call validating its
inputs (~0.5 ms; 11 % of a whole replay of the `pix` world). This is the same
computation — scikit-learn 1.9's `roc_curve` (stable descending sort, one
point per distinct score, float64 cumulative sums, collinear points dropped)
and scipy's trapezoid, written out here too (importing scipy.integrate cost the
service's start-up 0.65 s) — with the same numpy operations in the same order, so
the same float to the last bit (tests/test_roc_auc.py compares them with `==`;
a refit's decisions therefore do not move). Inputs are the refit's own
arrays: labels 0/1, finite scores, non-negative weights.
"""
from __future__ import annotations

import numpy as np

__all__ = ["weighted_roc_auc"]


def weighted_roc_auc(y: np.ndarray, s: np.ndarray, w: np.ndarray) -> float:
    """`roc_auc_score(y, s, sample_weight=w)` for labels in {0, 1}; NaN when
    one class is missing (before or after dropping zero weights)."""
    y = np.asarray(y)
    if y.shape[0] == 0 or y.min() == y.max():
        return float("nan")
    s = np.asarray(s)
    w = np.asarray(w, dtype=np.float64)
    yt = (y == 1).astype(np.int32)
    keep = w != 0
    yt, s, w = yt[keep], s[keep], w[keep]
    n = s.shape[0]
    if n == 0:
        return float("nan")
    # array_api_compat's stable descending argsort: ties keep their order
    order = (n - 1) - np.flip(np.argsort(np.flip(s), kind="stable"))
    s = s[order]
    yf = yt[order].astype(np.float64)
    w = w[order]
    thr = np.concatenate([np.nonzero(np.diff(s))[0], np.asarray([n - 1])])
    tps = np.cumsum(yf * w, dtype=np.float64)[thr]
    fps = np.cumsum((1 - yf) * w, dtype=np.float64)[thr]
    if fps.shape[0] > 2:
        corners = np.where(np.concatenate([np.asarray([True]), np.logical_or(np.diff(fps, 2), np.diff(tps, 2)),
                                           np.asarray([True])]))[0]
        fps = fps[corners]
        tps = tps[corners]
    tps = np.concatenate([np.asarray([0.0]), tps])
    fps = np.concatenate([np.asarray([0.0]), fps])
    if fps[-1] <= 0 or tps[-1] <= 0:
        return float("nan")
    y, x = tps / tps[-1], fps / fps[-1]
    # scipy.integrate.trapezoid(y, x) for 1-D arrays, operation by operation
    return float(1 * np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2.0, dtype=np.float64))
