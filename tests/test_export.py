"""The exported tree ensemble must give scikit-learn's probabilities."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

from models.calibration import sigmoid
from models.export import (HAVE_C_EVALUATOR, compile_ensemble, ensemble_from_dict, ensemble_to_dict, export_hgb,
                           raw_score_loop)


def _data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 6))
    X[:, 3] = rng.integers(0, 3, size=n)          # a discrete column (ties at thresholds)
    X[rng.random(n) < 0.1, 2] = np.nan            # missing values take the learned side
    logit = 1.5 * X[:, 0] - X[:, 1] * X[:, 3] + np.where(np.isnan(X[:, 2]), 2.0, 0.0) - 3.0
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return X, y


@pytest.fixture(scope="module")
def fitted() -> tuple[HistGradientBoostingClassifier, np.ndarray]:
    X, y = _data(4000, 1)
    with threadpool_limits(1):   # OpenMP threads only slow a small fit down
        clf = HistGradientBoostingClassifier(max_iter=60, max_depth=5, random_state=0).fit(X, y)
    X_held, _ = _data(1500, 2)
    return clf, X_held


EVALUATORS = ["python", pytest.param("c", marks=pytest.mark.skipif(
    not HAVE_C_EVALUATOR, reason="models._treeeval not built"))]


@pytest.mark.parametrize("evaluator", EVALUATORS)
def test_exported_probabilities_equal_sklearn(fitted, evaluator: str) -> None:
    clf, X = fitted
    ens = export_hgb(clf)
    raw = compile_ensemble(ens, evaluator)
    ours = np.array([sigmoid(raw(row)) for row in X.tolist()])
    theirs = clf.predict_proba(X)[:, 1]
    assert np.max(np.abs(ours - theirs)) < 1e-9
    # the reference array walk agrees with the compiled code
    loop = np.array([sigmoid(raw_score_loop(ens, row)) for row in X.tolist()])
    assert np.max(np.abs(loop - theirs)) < 1e-9


@pytest.mark.parametrize("evaluator", EVALUATORS)
def test_missing_values_follow_learned_direction(fitted, evaluator: str) -> None:
    clf, X = fitted
    raw = compile_ensemble(export_hgb(clf), evaluator)
    rows = X[np.isnan(X[:, 2])]
    assert len(rows) > 20
    theirs = clf.predict_proba(rows)[:, 1]
    ours = np.array([sigmoid(raw(r)) for r in rows.tolist()])
    assert np.max(np.abs(ours - theirs)) < 1e-9


def test_json_round_trip_keeps_predictions(fitted) -> None:
    clf, X = fitted
    ens = export_hgb(clf)
    back = ensemble_from_dict(json.loads(json.dumps(ensemble_to_dict(ens))))
    a, b = compile_ensemble(ens), compile_ensemble(back)
    for row in X[:200].tolist():
        assert a(row) == b(row)


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["trees"][0].update(feature=[99] + d["trees"][0]["feature"][1:]), "out of range"),
    (lambda d: d["trees"][0].update(left=[0] + d["trees"][0]["left"][1:]), "child"),
    (lambda d: d["trees"][0].update(threshold=d["trees"][0]["threshold"][:-1]), "unequal"),
    (lambda d: d["trees"][0].update(threshold=["__import__('os')"] + d["trees"][0]["threshold"][1:]), "numbers"),
    (lambda d: d.update(trees="x"), "list"),
])
def test_malformed_ensembles_are_refused(fitted, mutate, message) -> None:
    clf, _ = fitted
    d = json.loads(json.dumps(ensemble_to_dict(export_hgb(clf))))
    mutate(d)
    with pytest.raises(ValueError, match=message):
        ensemble_from_dict(d)


@pytest.mark.parametrize("evaluator", EVALUATORS)
def test_infinite_threshold_compiles(evaluator: str) -> None:
    from models.export import Tree, TreeEnsemble

    t = Tree(feature=[0, -1, -1], threshold=[math.inf, 0.0, 0.0], left=[1, 0, 0], right=[2, 0, 0],
             value=[0.0, -1.0, 1.0], missing_left=[False, False, False])
    raw = compile_ensemble(TreeEnsemble(baseline=0.5, trees=[t], n_features=1), evaluator)
    assert raw([1e300]) == -0.5
    assert raw([math.nan]) == 1.5
