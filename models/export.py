"""A fitted tree ensemble as plain arrays, and a fast pure-Python evaluator.

scikit-learn's `predict_proba` costs about a millisecond a call (input
validation, array allocation), far over the scoring budget. The artefact
therefore keeps only the trees, as flat lists per tree (feature index,
threshold, children, leaf value, where missing values go), which is all a
prediction needs and is plain JSON a bank can inspect.

At load time `compile_ensemble` turns the arrays into a function
`raw(row) -> float`, one of two evaluators with the same answers to the last
bit (tested with `==`):

- "c": the C extension `models._treeeval` (models/_treeeval.c, built by
  `pip install -e .` when a C compiler is present) walks the trees packed into
  C arrays: a few microseconds per row for 150 trees.
- "python": one generated Python function of nested `if` statements (only
  numbers from the validated arrays are written into the source, so an
  artefact cannot inject code); tens of microseconds per row. Used when the
  extension is not built, or when RISKGATE_PURE_PYTHON=1 forces it.

Both start from the baseline and add the trees' leaf values in boosting order
(the same float additions in the same order); a split goes left when
x <= threshold, or when x is NaN and the node's missing_left. The summation
order matches scikit-learn's `_raw_predict`, so the exported raw score is
equal to its `decision_function` to rounding (tested to 1e-9 in probability).
"""
from __future__ import annotations

import math
import os
from array import array
from dataclasses import dataclass
from typing import Any, Callable, Sequence

try:
    from models import _treeeval
except ImportError:  # built without a C compiler: the generated Python evaluates the trees
    _treeeval = None

__all__ = ["Tree", "TreeEnsemble", "export_hgb", "compile_ensemble", "compile_python", "compile_c",
           "pack_ensemble", "tree_evaluator", "HAVE_C_EVALUATOR", "PURE_PYTHON_ENV", "ensemble_to_dict",
           "ensemble_from_dict", "raw_score_loop"]

#: True when the C extension `models._treeeval` was built and imports.
HAVE_C_EVALUATOR: bool = _treeeval is not None
#: Set to 1 (or any value but 0/empty) to make `compile_ensemble` use the pure-Python evaluator.
PURE_PYTHON_ENV = "RISKGATE_PURE_PYTHON"


@dataclass(slots=True)
class Tree:
    """One regression tree; node 0 is the root. For a leaf, `feature[i]` is -1
    and `value[i]` is its output; for a split, go left when x <= threshold (or
    when x is missing and `missing_left[i]`)."""

    feature: list[int]
    threshold: list[float]
    left: list[int]
    right: list[int]
    value: list[float]
    missing_left: list[bool]


@dataclass(slots=True)
class TreeEnsemble:
    """A binary classifier's trees: p = sigmoid(baseline + sum of tree outputs)."""

    baseline: float
    trees: list[Tree]
    n_features: int


def export_hgb(clf: Any) -> TreeEnsemble:
    """Flatten a fitted binary `HistGradientBoostingClassifier` (numeric
    features only: a categorical split would need bitsets we do not ship)."""
    if getattr(clf, "n_trees_per_iteration_", 1) != 1:
        raise ValueError("only binary classifiers can be exported")
    trees: list[Tree] = []
    for per_iter in clf._predictors:
        pred = per_iter[0]
        nodes = pred.nodes
        if int(nodes["is_categorical"].sum()):
            raise ValueError("categorical splits are not supported by the export")
        is_leaf = nodes["is_leaf"].astype(bool)
        trees.append(Tree(
            feature=[-1 if leaf else int(f) for leaf, f in zip(is_leaf, nodes["feature_idx"])],
            threshold=[0.0 if leaf else float(t) for leaf, t in zip(is_leaf, nodes["num_threshold"])],
            left=[0 if leaf else int(v) for leaf, v in zip(is_leaf, nodes["left"])],
            right=[0 if leaf else int(v) for leaf, v in zip(is_leaf, nodes["right"])],
            value=[float(v) if leaf else 0.0 for leaf, v in zip(is_leaf, nodes["value"])],
            missing_left=[bool(m) and not leaf for leaf, m in zip(is_leaf, nodes["missing_go_to_left"])],
        ))
    baseline = float(clf._baseline_prediction.ravel()[0])
    return TreeEnsemble(baseline=baseline, trees=trees, n_features=int(clf.n_features_in_))


# ---------------------------------------------------------------- (de)serialization

def ensemble_to_dict(ens: TreeEnsemble) -> dict[str, Any]:
    return {
        "baseline": ens.baseline,
        "n_features": ens.n_features,
        "trees": [
            {"feature": t.feature, "threshold": t.threshold, "left": t.left, "right": t.right,
             "value": t.value, "missing_left": [int(m) for m in t.missing_left]}
            for t in ens.trees
        ],
    }


def _floats(xs: Any, name: str) -> list[float]:
    if not isinstance(xs, list) or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in xs):
        raise ValueError(f"tree field {name!r} must be a list of numbers")
    out = [float(x) for x in xs]
    if any(math.isnan(x) for x in out):
        raise ValueError(f"tree field {name!r} contains NaN")
    return out


def _ints(xs: Any, name: str) -> list[int]:
    if not isinstance(xs, list) or not all(isinstance(x, int) and not isinstance(x, bool) for x in xs):
        raise ValueError(f"tree field {name!r} must be a list of integers")
    return list(xs)


def ensemble_from_dict(d: Any) -> TreeEnsemble:
    """Validate strictly: the arrays become source code at compile time, and
    a truncated or edited artefact must fail here with a clear message, not
    produce wrong probabilities."""
    if not isinstance(d, dict):
        raise ValueError("ensemble must be an object")
    n_features = d.get("n_features")
    if not isinstance(n_features, int) or n_features <= 0:
        raise ValueError("ensemble.n_features must be a positive integer")
    baseline = _floats([d.get("baseline")], "baseline")[0]
    if not math.isfinite(baseline):
        raise ValueError("ensemble.baseline must be finite")
    raw_trees = d.get("trees")
    if not isinstance(raw_trees, list):
        raise ValueError("ensemble.trees must be a list")
    trees: list[Tree] = []
    for ti, rt in enumerate(raw_trees):
        if not isinstance(rt, dict):
            raise ValueError(f"tree {ti} must be an object")
        t = Tree(
            feature=_ints(rt.get("feature"), "feature"), threshold=_floats(rt.get("threshold"), "threshold"),
            left=_ints(rt.get("left"), "left"), right=_ints(rt.get("right"), "right"),
            value=_floats(rt.get("value"), "value"),
            missing_left=[bool(m) for m in _ints(rt.get("missing_left"), "missing_left")],
        )
        n = len(t.feature)
        if n == 0 or any(len(a) != n for a in (t.threshold, t.left, t.right, t.value, t.missing_left)):
            raise ValueError(f"tree {ti}: arrays of unequal length")
        # a leaf of +inf in one tree and -inf in another scored NaN (a review); thresholds
        # may be infinite (scikit-learn writes them so)
        if not all(math.isfinite(v) for v in t.value):
            raise ValueError(f"tree {ti}: leaf values must be finite")
        parents = [0] * n
        for i in range(n):
            f = t.feature[i]
            if f == -1:
                continue
            if not 0 <= f < n_features:
                raise ValueError(f"tree {ti} node {i}: feature index {f} out of range")
            # children must point forward: no cycles, no out-of-range jumps
            if not (i < t.left[i] < n and i < t.right[i] < n):
                raise ValueError(f"tree {ti} node {i}: bad child index")
            parents[t.left[i]] += 1
            parents[t.right[i]] += 1
        # a tree: every node but the root has exactly one parent (a review: nodes shared
        # by both branches made the Python evaluator's code exponential in the depth)
        if max(parents) > 1:
            raise ValueError(f"tree {ti}: a node has more than one parent")
        trees.append(t)
    return TreeEnsemble(baseline=baseline, trees=trees, n_features=n_features)


# ---------------------------------------------------------------- evaluation

def raw_score_loop(ens: TreeEnsemble, x: Sequence[float]) -> float:
    """Reference evaluator (array walk); the compiled function must agree."""
    s = ens.baseline
    for t in ens.trees:
        i = 0
        feat, thr, left, right, miss = t.feature, t.threshold, t.left, t.right, t.missing_left
        while feat[i] != -1:
            v = x[feat[i]]
            if v != v:
                i = left[i] if miss[i] else right[i]
            elif v <= thr[i]:
                i = left[i]
            else:
                i = right[i]
        s += t.value[i]
    return s


def _num(x: float) -> str:
    if math.isinf(x):
        return "_INF" if x > 0 else "-_INF"
    return repr(float(x))


def _emit(t: Tree, i: int, depth: int, lines: list[str]) -> None:
    pad = "    " * depth
    f = t.feature[i]
    if f == -1:
        lines.append(f"{pad}s += {_num(t.value[i])}")
        return
    v = f"x{f}"
    cond = f"{v} <= {_num(t.threshold[i])}"
    if t.missing_left[i]:
        cond = f"{cond} or {v} != {v}"
    lines.append(f"{pad}if {cond}:")
    _emit(t, t.left[i], depth + 1, lines)
    lines.append(f"{pad}else:")
    _emit(t, t.right[i], depth + 1, lines)


def compile_python(ens: TreeEnsemble) -> Callable[[Sequence[float]], float]:
    """The pure-Python evaluator: `raw(x) -> float`, the ensemble's log-odds
    for one feature row. Each used feature is read once into a local; each
    tree is straight-line nested ifs that add one leaf value."""
    used = sorted({f for t in ens.trees for f in t.feature if f >= 0})
    lines = ["def raw(x):"]
    for f in used:
        lines.append(f"    x{f} = x[{f}]")
    lines.append(f"    s = {_num(ens.baseline)}")
    for t in ens.trees:
        _emit(t, 0, 1, lines)
    lines.append("    return s")
    ns: dict[str, Any] = {"_INF": math.inf}
    exec(compile("\n".join(lines), "<riskgate-trees>", "exec"), ns)  # noqa: S102 - numbers only, validated
    fn: Callable[[Sequence[float]], float] = ns["raw"]
    return fn


def pack_ensemble(ens: TreeEnsemble) -> dict[str, Any]:
    """The ensemble as contiguous typed arrays, the C evaluator's input: all
    trees' nodes one after the other, tree t's nodes at starts[t]:starts[t+1],
    child indices local to their tree (checked again in C). A leaf's
    children and threshold mean nothing and are written as 0, as the
    generated Python ignores them; a number that does not fit its C type
    raises ValueError."""
    starts = array("i", [0])
    feature, left, right = array("i"), array("i"), array("i")
    threshold, value = array("d"), array("d")
    missing_left = array("B")
    if starts.itemsize != 4:
        raise RuntimeError("array('i') is not 32-bit on this platform")
    try:
        for t in ens.trees:
            split = [f != -1 for f in t.feature]
            feature.extend(t.feature)
            left.extend(c if s else 0 for s, c in zip(split, t.left))
            right.extend(c if s else 0 for s, c in zip(split, t.right))
            threshold.extend(x if s else 0.0 for s, x in zip(split, t.threshold))
            value.extend(t.value)
            missing_left.extend(1 if s and m else 0 for s, m in zip(split, t.missing_left))
            starts.append(len(feature))
    except OverflowError as exc:
        raise ValueError(f"tree array entry out of range: {exc}") from None
    return {"baseline": float(ens.baseline), "n_features": int(ens.n_features), "starts": starts,
            "feature": feature, "threshold": threshold, "left": left, "right": right, "value": value,
            "missing_left": missing_left}


def compile_c(ens: TreeEnsemble) -> Callable[[Sequence[float]], float]:
    """The C evaluator: `raw(x) -> float`, equal to `compile_python(ens)(x)`.
    Raises ImportError when the extension is not built, ValueError (from C)
    on indices a corrupt ensemble would read out of bounds."""
    if _treeeval is None:
        raise ImportError("models._treeeval is not built (pip install -e . with a C compiler)")
    try:
        ev = _treeeval.Ensemble(**pack_ensemble(ens))
    except OverflowError as exc:   # n_features beyond a C integer
        raise ValueError(str(exc)) from None
    fn: Callable[[Sequence[float]], float] = ev.raw
    return fn


def tree_evaluator() -> str:
    """Which evaluator `compile_ensemble` picks now: "c" when the extension
    is built and RISKGATE_PURE_PYTHON does not force "python"."""
    forced = os.environ.get(PURE_PYTHON_ENV, "").strip() not in ("", "0")
    return "c" if _treeeval is not None and not forced else "python"


def compile_ensemble(ens: TreeEnsemble, evaluator: str | None = None) -> Callable[[Sequence[float]], float]:
    """Return `raw(x) -> float`: the ensemble's log-odds for one feature row,
    from the C evaluator or the generated Python (`evaluator` "c"/"python";
    default `tree_evaluator()`). Both give the same floats."""
    kind = evaluator or tree_evaluator()
    if kind == "c":
        return compile_c(ens)
    if kind == "python":
        return compile_python(ens)
    raise ValueError(f"unknown tree evaluator {kind!r}")
