"""`models.roc_auc.weighted_roc_auc` must equal scikit-learn's
`roc_auc_score(y, s, sample_weight=w)` to the last bit (the local refits'
choices rest on comparisons of these AUCs), on the inputs the refits give it:
bootstrap resamples (repeated rows), tied scores, zero and fractional weights."""
from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from models.roc_auc import weighted_roc_auc


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


@pytest.mark.parametrize("seed", range(40))
def test_equals_sklearn_bit_for_bit(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 3000))
    y = (rng.random(n) < rng.uniform(0.01, 0.5)).astype(rng.choice([np.int64, np.float64]))
    kind = seed % 4
    if kind == 0:
        s = rng.random(n)
    elif kind == 1:
        s = np.round(rng.normal(size=n), 1)            # many ties
    elif kind == 2:
        s = rng.integers(0, 5, n).astype(np.float64)   # few distinct scores
    else:
        s = np.where(y == 1, rng.random(n) + 0.3, rng.random(n))
    w = rng.lognormal(0, 2, n)
    if seed % 3 == 0:
        w[rng.random(n) < 0.2] = 0.0
    if seed % 5 == 0:
        idx = rng.integers(0, n, n)                     # a bootstrap resample
        y, s, w = y[idx], s[idx], w[idx]
    expected = float(roc_auc_score(y, s, sample_weight=w)) if len(np.unique(y)) == 2 else float("nan")
    assert _same(weighted_roc_auc(y, s, w), expected)


def test_one_class_is_nan() -> None:
    assert math.isnan(weighted_roc_auc(np.zeros(10), np.arange(10.0), np.ones(10)))
    assert math.isnan(weighted_roc_auc(np.array([]), np.array([]), np.array([])))
    # the only positive has zero weight
    assert math.isnan(weighted_roc_auc(np.array([1, 0, 0]), np.array([0.9, 0.1, 0.2]), np.array([0.0, 1.0, 1.0])))


def test_perfect_and_reversed() -> None:
    y = np.array([0, 0, 1, 1])
    w = np.ones(4)
    assert weighted_roc_auc(y, np.array([0.1, 0.2, 0.8, 0.9]), w) == 1.0
    assert weighted_roc_auc(y, np.array([0.9, 0.8, 0.2, 0.1]), w) == 0.0
