"""The C tree evaluator (models/_treeeval.c) must give the generated Python's
floats exactly, refuse corrupt ensembles, and the pure-Python fallback must
still give the recorded answers."""
from __future__ import annotations

import json
import math
import random
from array import array
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

from models import export
from models.export import (PURE_PYTHON_ENV, Tree, TreeEnsemble, compile_c, compile_ensemble, compile_python,
                           ensemble_from_dict, export_hgb, pack_ensemble, raw_score_loop, tree_evaluator)
from tests.compiled import require_built

ARTEFACT = Path(export.__file__).parent / "artefacts" / "model.json"


def test_extension_is_built_where_a_compiler_is() -> None:
    """A stale install without it would silently take the slow path."""
    require_built(export.HAVE_C_EVALUATOR, "models._treeeval")


needs_c = pytest.mark.skipif(not export.HAVE_C_EVALUATOR, reason="models._treeeval not built")


@pytest.fixture(scope="module")
def shipped() -> TreeEnsemble:
    return ensemble_from_dict(json.loads(ARTEFACT.read_text())["trees"])


def _adversarial_rows(ens: TreeEnsemble, n: int, seed: int) -> list[list[float]]:
    """Rows whose values sit on, just beside, or far from the split
    thresholds, with NaN, ±inf and signed zeros mixed in."""
    rng = random.Random(seed)
    by_feature: dict[int, list[float]] = {}
    for t in ens.trees:
        for f, thr in zip(t.feature, t.threshold):
            if f >= 0:
                by_feature.setdefault(f, []).append(thr)
    rows = []
    for _ in range(n):
        row = []
        for f in range(ens.n_features):
            thr = rng.choice(by_feature.get(f, [0.0]))
            r = rng.random()
            if r < 0.25:
                v = thr                                   # exactly at a threshold: goes left
            elif r < 0.35:
                v = math.nextafter(thr, math.inf)         # the next float: goes right
            elif r < 0.45:
                v = math.nextafter(thr, -math.inf)
            elif r < 0.6:
                v = math.nan
            elif r < 0.65:
                v = rng.choice([math.inf, -math.inf, 0.0, -0.0, 1e308, -1e308, 5e-324])
            else:
                v = thr + rng.gauss(0, 1 + abs(thr))
            row.append(v)
        rows.append(row)
    return rows


@needs_c
def test_c_equals_python_on_the_shipped_artefact(shipped: TreeEnsemble) -> None:
    c, py = compile_c(shipped), compile_python(shipped)
    rows = _adversarial_rows(shipped, 4000, seed=1)
    got = [c(r) for r in rows]
    want = [py(r) for r in rows]
    assert got == want                                    # exact: same float additions, same order
    assert len(set(want)) > 1000                          # the rows reach many different leaves
    # the array walk agrees too, and tuples are rows as well as lists
    assert [raw_score_loop(shipped, r) for r in rows[:300]] == want[:300]
    assert [c(tuple(r)) for r in rows[:300]] == want[:300]


@needs_c
def test_c_equals_python_on_real_feature_rows(shipped: TreeEnsemble) -> None:
    """The service's own vectors (features + the likelihood log-odds)."""
    from benchmarks.model_bench import _feature_sets
    from models.scorer import RiskModel

    lr = RiskModel()
    rows = [list(fs.values) + [lr.lr_log_odds_values(fs.values)] for fs in _feature_sets(300)]
    c, py = compile_c(shipped), compile_python(shipped)
    assert [c(r) for r in rows] == [py(r) for r in rows]


def _random_tree(rng: random.Random, n_features: int, max_depth: int) -> Tree:
    """A valid tree of random, uneven shape, nodes numbered in any forward
    order (not only scikit-learn's depth-first one)."""
    feature, threshold, left, right, value, miss = [], [], [], [], [], []

    def node() -> int:
        i = len(feature)
        for a, v in ((feature, -1), (threshold, 0.0), (left, 0), (right, 0), (value, 0.0), (miss, False)):
            a.append(v)
        return i

    frontier = [(node(), 0)]
    while frontier:
        i, d = frontier.pop(rng.randrange(len(frontier)))    # breadth, depth or mixed numbering
        if d < max_depth and rng.random() < (0.9 if d < 2 else 0.55):
            feature[i] = rng.randrange(n_features)
            threshold[i] = rng.choice([rng.gauss(0, 1), 0.0, 1.0, math.inf, -math.inf])
            miss[i] = rng.random() < 0.5
            left[i], right[i] = node(), node()
            frontier += [(left[i], d + 1), (right[i], d + 1)]
        else:
            value[i] = rng.choice([rng.gauss(0, 1), 0.0, -0.0, 1e-300, 1e300])
    return Tree(feature=feature, threshold=threshold, left=left, right=right, value=value, missing_left=miss)


@needs_c
@pytest.mark.parametrize("seed", range(6))
def test_c_equals_python_on_random_tree_shapes(seed: int) -> None:
    """Uneven depths (the C walk steps each group of 8 trees as deep as its
    deepest), single-leaf trees, a last group of fewer than 8 trees."""
    rng = random.Random(seed)
    n_features = rng.randint(1, 12)
    trees = [_random_tree(rng, n_features, rng.choice([0, 1, 3, 8, 16])) for _ in range(rng.randint(1, 43))]
    ens = TreeEnsemble(baseline=rng.choice([0.0, -0.0, rng.gauss(0, 3)]), trees=trees, n_features=n_features)
    c, py = compile_c(ens), compile_python(ens)
    vals = [0.0, -0.0, 1.0, math.nan, math.inf, -math.inf]
    for _ in range(400):
        row = [rng.choice(vals) if rng.random() < 0.4 else rng.gauss(0, 1) for _ in range(n_features)]
        got, want = c(row), py(row)
        assert got == want and math.copysign(1.0, got) == math.copysign(1.0, want)
        assert raw_score_loop(ens, row) == want


@needs_c
def test_rows_wider_than_the_stack_buffer() -> None:
    """Over 256 features the C code takes its scratch row from the heap."""
    rng = random.Random(5)
    trees = [_random_tree(rng, 1000, 6) for _ in range(20)]
    ens = TreeEnsemble(baseline=0.0, trees=trees, n_features=1000)
    c, py = compile_c(ens), compile_python(ens)
    for _ in range(200):
        row = [rng.gauss(0, 1) if rng.random() > 0.1 else math.nan for _ in range(1000)]
        assert c(row) == py(row)


@pytest.fixture(scope="module")
def fitted() -> tuple[HistGradientBoostingClassifier, np.ndarray]:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(5000, 5))
    X[:, 4] = rng.integers(0, 4, size=len(X))             # ties at thresholds
    X[rng.random(len(X)) < 0.15, 1] = np.nan              # learned missing direction
    logit = X[:, 0] - 0.7 * X[:, 2] * X[:, 4] + np.where(np.isnan(X[:, 1]), 1.5, 0.0) - 2.5
    y = (rng.random(len(X)) < 1 / (1 + np.exp(-logit))).astype(int)
    with threadpool_limits(1):
        clf = HistGradientBoostingClassifier(max_iter=80, max_depth=6, random_state=0).fit(X, y)
    X_held = rng.normal(size=(2000, 5))
    X_held[:, 4] = rng.integers(0, 4, size=len(X_held))
    X_held[rng.random(len(X_held)) < 0.15, 1] = np.nan
    X_held[rng.random(len(X_held)) < 0.05, 0] = np.nan    # missing where training never was
    X_held[:5, 2] = [np.inf, -np.inf, np.inf, -np.inf, np.nan]
    return clf, X_held


@needs_c
def test_c_equals_sklearn_decision_function(fitted) -> None:
    clf, X = fitted
    ens = export_hgb(clf)
    rows = X.tolist()
    c, py = compile_c(ens), compile_python(ens)
    ours = np.array([c(r) for r in rows])
    assert ours.tolist() == [py(r) for r in rows]
    theirs = clf.decision_function(X)
    # scikit-learn adds the same leaf values in the same order
    assert np.max(np.abs(ours - theirs)) < 1e-12
    assert np.isfinite(ours).all() and np.std(ours) > 0.1


@needs_c
def test_rows_of_ints_numpy_floats_and_wrong_items(shipped: TreeEnsemble) -> None:
    c, py = compile_c(shipped), compile_python(shipped)
    ints = [int(v) for v in np.random.default_rng(0).integers(-3, 4, size=shipped.n_features)]
    assert c(ints) == py(ints)
    floats = np.random.default_rng(1).normal(size=shipped.n_features)
    assert c(list(floats)) == py(list(floats)) == c(floats)    # numpy float64 items, an ndarray row
    for bad in ([0.0] * (shipped.n_features - 5), [0.0] * 3, []):
        with pytest.raises(IndexError):
            py(bad)
        with pytest.raises(IndexError):
            c(bad)
    used = min(f for t in shipped.trees for f in t.feature if f >= 0)
    row = [0.0] * shipped.n_features
    row[used] = "1.5"
    with pytest.raises(TypeError):
        c(row)
    with pytest.raises(TypeError):
        c(5)


@needs_c
def test_a_row_that_changes_while_read_does_not_crash(shipped: TreeEnsemble) -> None:
    """float(item) can run Python code that empties the row: the evaluator
    must notice instead of reading freed memory."""
    c = compile_c(shipped)
    used = sorted({f for t in shipped.trees for f in t.feature if f >= 0})
    row: list[Any] = [0.5] * shipped.n_features

    class Shrinks:
        def __float__(self) -> float:
            row.clear()
            return 0.0

    row[used[0]] = Shrinks()
    with pytest.raises(IndexError):
        c(row)


@needs_c
def test_evaluator_owns_its_arrays(shipped: TreeEnsemble) -> None:
    packed = pack_ensemble(shipped)
    from models import _treeeval

    ev = _treeeval.Ensemble(**packed)
    row = _adversarial_rows(shipped, 1, seed=9)[0]
    before = ev.raw(row)
    for k in ("threshold", "value"):
        for i in range(len(packed[k])):
            packed[k][i] = 0.0
    assert ev.raw(row) == before == compile_python(shipped)(row)
    assert ev.n_trees == len(shipped.trees)
    assert ev.n_nodes == sum(len(t.feature) for t in shipped.trees)


def _tiny() -> TreeEnsemble:
    t0 = Tree(feature=[0, -1, 1, -1, -1], threshold=[0.5, 0.0, -1.0, 0.0, 0.0], left=[1, 0, 3, 0, 0],
              right=[2, 0, 4, 0, 0], value=[0.0, -1.0, 0.0, 0.25, 2.0], missing_left=[True, False, False, False, False])
    t1 = Tree(feature=[-1], threshold=[0.0], left=[0], right=[0], value=[0.125], missing_left=[False])
    return TreeEnsemble(baseline=-0.5, trees=[t0, t1], n_features=2)


def _corrupt(key: str, index: int, value: Any) -> dict[str, Any]:
    p = pack_ensemble(_tiny())
    p[key][index] = value
    return p


@needs_c
@pytest.mark.parametrize("packed, message", [
    (_corrupt("feature", 0, 2), "out of range"),               # feature == n_features
    (_corrupt("feature", 2, -2), "out of range"),
    (_corrupt("left", 0, 0), "child"),                         # a self loop
    (_corrupt("right", 2, 1), "child"),                        # pointing backwards
    (_corrupt("left", 2, 5), "child"),                         # into the next tree
    (_corrupt("right", 0, 1 << 30), "child"),
    (_corrupt("threshold", 2, math.nan), "NaN"),
    (_corrupt("starts", 1, 6), "starts|tree"),                 # trees overlap the end
    (_corrupt("starts", 1, 0), "tree 0"),                      # an empty tree
    (_corrupt("starts", 0, 1), "starts"),
    ({**pack_ensemble(_tiny()), "value": array("d", [0.0] * 5)}, "unequal"),
    ({**pack_ensemble(_tiny()), "feature": b"\x00\x00\x00"}, "whole number"),
    ({**pack_ensemble(_tiny()), "n_features": 0}, "n_features"),
    ({**pack_ensemble(_tiny()), "n_features": 1 << 40}, "n_features"),
    ({**pack_ensemble(_tiny()), "baseline": math.nan}, "baseline"),
])
def test_corrupt_ensembles_are_refused_in_c(packed: dict[str, Any], message: str) -> None:
    from models import _treeeval

    with pytest.raises(ValueError, match=message):
        _treeeval.Ensemble(**packed)


@needs_c
def test_what_python_ignores_c_ignores_and_oversized_numbers_are_value_errors() -> None:
    """A leaf's children and threshold are not read by the generated Python;
    an artefact that puts junk there loads in both, with the same answers.
    A number too large for C is a ValueError (an ArtefactError at load), not
    an OverflowError escaping the loader."""
    d = {"baseline": 0.25, "n_features": 2, "trees": [
        {"feature": [1, -1, -1], "threshold": [0.0, 1e300, -1.0], "left": [1, 10**30, -5],
         "right": [2, 7, 0], "value": [0.0, -1.0, 2.0], "missing_left": [1, 1, 0]}]}
    ens = ensemble_from_dict(d)
    c, py = compile_c(ens), compile_python(ens)
    for row in ([0.0, -1.0], [0.0, 1.0], [0.0, math.nan]):
        assert c(row) == py(row)
    with pytest.raises(ValueError):
        compile_c(ensemble_from_dict({**d, "n_features": 10**30}))
    big = ensemble_from_dict(d)
    big.trees[0].feature[0] = 2**40
    with pytest.raises(ValueError):
        compile_c(big)


@needs_c
def test_tiny_ensemble_semantics() -> None:
    c, py = compile_c(_tiny()), compile_python(_tiny())
    for x0, x1, want in [(0.5, 9.0, -1.375), (math.nan, 9.0, -1.375), (0.6, -1.0, -0.125),
                         (0.6, math.nan, 1.625), (math.inf, -math.inf, -0.125), (-math.inf, math.nan, -1.375)]:
        assert c([x0, x1]) == py([x0, x1]) == want
    # a half-built or never-built object answers with an error, not garbage
    from models import _treeeval

    ev = _treeeval.Ensemble.__new__(_treeeval.Ensemble)
    with pytest.raises(ValueError):
        ev.raw([0.0, 0.0])
    ok = _treeeval.Ensemble(**pack_ensemble(_tiny()))
    with pytest.raises(TypeError):
        ok.__init__(**pack_ensemble(_tiny()))


def test_chooser_and_pure_python_switch(monkeypatch: pytest.MonkeyPatch, shipped: TreeEnsemble) -> None:
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    assert tree_evaluator() == "python"
    fn = compile_ensemble(shipped)
    assert getattr(fn, "__name__", "") == "raw" and fn.__code__.co_filename == "<riskgate-trees>"
    monkeypatch.setenv(PURE_PYTHON_ENV, "0")
    assert tree_evaluator() == ("c" if export.HAVE_C_EVALUATOR else "python")
    monkeypatch.delenv(PURE_PYTHON_ENV)
    assert tree_evaluator() == ("c" if export.HAVE_C_EVALUATOR else "python")
    with pytest.raises(ValueError, match="unknown"):
        compile_ensemble(shipped, "fortran")


def test_pure_python_fallback_gives_the_golden_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hot-path golden file, with the C evaluator switched off (the
    golden test itself runs whatever `compile_ensemble` picks: C when built)."""
    from service.runtime import build_engine
    from service.store.memory import MemoryStore
    from tests.test_hot_path_equivalence import GOLDEN, replay

    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    engine = build_engine(MemoryStore())
    assert engine.model.tree_evaluator == "python"
    assert replay(engine) == json.loads(GOLDEN.read_text())["lines"]


def test_service_model_uses_the_c_evaluator_when_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """So that the unchanged golden test exercises the C path."""
    from service.runtime import build_engine
    from service.store.memory import MemoryStore

    monkeypatch.delenv(PURE_PYTHON_ENV, raising=False)
    engine = build_engine(MemoryStore())
    assert engine.model.tree_evaluator == ("c" if export.HAVE_C_EVALUATOR else "python")
    assert engine.model.has_trees

