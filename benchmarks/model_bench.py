"""How fast is the model on the hot path? Prints figures; asserts nothing.

    python -m benchmarks.model_bench [--model-dir DIR] [--n 20000] [--rounds 7] [--no-bag]

1. One row through a tree ensemble of the shipped size (fitted here on
   synthetic rows with `models.train`'s settings): scikit-learn's
   `predict_proba`, the exported array walk, the generated Python, the C
   evaluator.
2. The two tree evaluators, C (`models._treeeval`) and the generated Python,
   on the service's own feature vectors, interleaved round by round so both
   see the same machine load: the artefact in --model-dir (or the shipped
   one), and a 600-tree balanced bag (10 members x 60 trees, the handbook
   model's shape, fitted here on synthetic rows; skipped with --no-bag).
3. `RiskModel.score` on real feature sets (likelihood only, and with the
   artefact), and the online path (`observe_completed`, `learn_one`).
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np


def _per_call(fn: Callable[[], Any], n: int) -> float:
    fn()
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) / n * 1e6


def _interleaved(fns: dict[str, Callable[[Any], float]], rows: list[list[float]],
                 rounds: int) -> dict[str, list[float]]:
    """µs per row of each function over all `rows`, one pass each per round,
    alternating (and alternating which goes first) so that a busy machine
    slows all of them alike."""
    out: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        for r in rows[:50]:
            fn(r)
    names = list(fns)
    for k in range(rounds):
        for name in (names if k % 2 == 0 else names[::-1]):
            fn = fns[name]
            t = time.perf_counter()
            for r in rows:
                fn(r)
            out[name].append((time.perf_counter() - t) / len(rows) * 1e6)
    return out


def _compare_evaluators(label: str, ens: Any, rows: list[list[float]], rounds: int) -> None:
    from models.export import HAVE_C_EVALUATOR, compile_c, compile_python

    n_nodes = sum(len(t.feature) for t in ens.trees)
    if not HAVE_C_EVALUATOR:
        print(f"  {label}: models._treeeval not built, only the Python evaluator is available")
        return
    fns = {"c": compile_c(ens), "python": compile_python(ens)}
    if any(fns["c"](r) != fns["python"](r) for r in rows):
        raise SystemExit(f"{label}: the C and Python evaluators disagree")
    res = _interleaved(fns, rows, rounds)
    c, py = statistics.median(res["c"]), statistics.median(res["python"])
    print(f"  {label} ({len(ens.trees)} trees, {n_nodes} nodes), us per row, median of {rounds} "
          f"interleaved rounds x {len(rows)} rows: C {c:.2f}, Python {py:.2f} ({py / c:.1f}x); "
          f"rounds C {' '.join(f'{v:.2f}' for v in res['c'])} | Python {' '.join(f'{v:.1f}' for v in res['python'])}")


def _feature_sets(n: int) -> list[Any]:
    from features.attributes import DeriveContext, derive
    from features.extract import extract
    from features.payment import Payment
    from features.population import PopulationFrequencies
    from features.profile import learn, new_profile

    ctx = DeriveContext.create(b"bench" * 8)
    freq = PopulationFrequencies()
    prof = new_profile()
    out = []
    t0 = 1_767_225_600.0
    for i in range(n):
        odd = i % 5 == 4
        pay = Payment(transaction_id=f"t{i}", customer_id="c1", timestamp="", ts=t0 + i * 5000.0,
                      amount=30.0 + (i % 7) * (40 if odd else 1), currency="EUR", channel="mobile",
                      ip="203.0.113.7" if odd else "81.2.69.160", device_id="d9" if odd else "d1",
                      user_agent="BankApp/7.1 (Android 14; SM-S918B)", lat=52.5, lon=13.4, country="DE",
                      city="Berlin", payee_id=f"p{i % 4}")
        a = derive(pay, ctx)
        fs = extract(a, prof, {}, freq)
        out.append(fs)
        if not odd:
            learn(prof, a)
            freq.observe(a, fs.novelty)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.model_bench")
    ap.add_argument("--model-dir", default=None, help="artefact to time (default: the shipped one, if any)")
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=7, help="interleaved rounds of the evaluator comparison")
    ap.add_argument("--no-bag", action="store_true", help="skip fitting the 600-tree bag")
    args = ap.parse_args(argv)

    from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: F401
    import timeit

    ref = min(timeit.repeat("sum(range(1000))", number=200, repeat=5)) / 200 * 1e6
    print(f"# machine reference sum(range(1000)) {ref:.1f} us (about 8-10 us on a recent idle x86 core)")

    from features.extract import FEATURE_NAMES
    from models.export import HAVE_C_EVALUATOR, compile_c, compile_python, export_hgb, raw_score_loop, tree_evaluator
    from models.scorer import RiskModel
    from models.train import fit_trees

    n_in = len(FEATURE_NAMES) + 1
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40000, n_in))
    y = (rng.random(40000) < 1 / (1 + np.exp(-(X[:, 0] * 2 + X[:, 1] * X[:, 2] - 5)))).astype(int)
    clf = fit_trees(X, y, seed=0, max_iter=120, max_depth=6)
    ens = export_hgb(clf)
    raw = compile_python(ens)
    row = X[123:124]
    row_l = row[0].tolist()
    n_nodes = sum(len(t.feature) for t in ens.trees)
    print(f"tree ensemble: {len(ens.trees)} trees, {n_nodes} nodes, {n_in} inputs")
    print(f"  sklearn predict_proba, one row : {_per_call(lambda: clf.predict_proba(row), 300):9.1f} us")
    print(f"  exported array walk, one row   : {_per_call(lambda: raw_score_loop(ens, row_l), 3000):9.1f} us")
    print(f"  exported generated Python      : {_per_call(lambda: raw(row_l), args.n):9.1f} us")
    if HAVE_C_EVALUATOR:
        raw_c = compile_c(ens)
        print(f"  exported C evaluator, one row  : {_per_call(lambda: raw_c(row_l), args.n):9.1f} us")

    fss = _feature_sets(200)
    k = len(fss)
    models = [("likelihood only", RiskModel())]
    try:
        m = RiskModel.load(args.model_dir)
        if m.has_trees:
            models.append((f"artefact {m.model_version}", m))
    except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
        print(f"  (artefact not loaded: {exc})")

    # The evaluators on the service's own vectors (features + likelihood log-odds).
    print(f"tree evaluators (RiskModel uses {tree_evaluator()!r}; RISKGATE_PURE_PYTHON=1 forces 'python'):")
    lr = RiskModel()
    rows = [list(fs.values) + [lr.lr_log_odds_values(fs.values)] for fs in fss] * 5
    if len(models) > 1:
        from models.export import ensemble_from_dict
        from models.scorer import MODEL_FILE
        import json

        d = Path(args.model_dir) if args.model_dir else Path(__file__).resolve().parent.parent / "models" / "artefacts"
        _compare_evaluators(f"artefact {models[-1][0].split()[-1]}",
                            ensemble_from_dict(json.loads((d / MODEL_FILE).read_text())["trees"]), rows, args.rounds)
    if not args.no_bag:
        from models.bagging import export_any
        from models.train import fit_model

        t0 = time.perf_counter()
        bag_args = argparse.Namespace(bags=10, neg_ratio=20.0, seed=0, max_iter=60, max_depth=6, learning_rate=0.08,
                                      min_samples_leaf=40, pos_weight=1.0, max_features=0.5,
                                      monotone=False)
        bag = export_any(fit_model(X, y, bag_args))
        print(f"  (600-tree bag fitted in {time.perf_counter() - t0:.0f} s)")
        _compare_evaluators("balanced bag, 10 x 60", bag, rows, args.rounds)
    for name, m in models:
        i = [0]

        def one() -> None:
            i[0] += 1
            m.score(fss[i[0] % k])

        print(f"RiskModel.score ({name}): {_per_call(one, args.n):7.1f} us per call")
    m = models[-1][1]
    vals = [fs.values for fs in fss]
    j = [0]

    def completed() -> None:
        j[0] += 1
        m.observe_completed(vals[j[0] % k], 1_767_225_600.0 + j[0] * 30.0, f"c{j[0] % 997}")

    print(f"observe_completed: {_per_call(completed, args.n):7.1f} us per call "
          f"(pending {len(m.online.pending)}, learned {m.online.n_learned})")
    print(f"learn_one (report): {_per_call(lambda: m.learn_one(vals[3], True, ts=1.8e9, customer_id='v'), 2000):7.1f} us per call")
    if args.model_dir or (Path(__file__).resolve().parent.parent / "models" / "artefacts" / "model.json").exists():
        d = Path(args.model_dir) if args.model_dir else Path(__file__).resolve().parent.parent / "models" / "artefacts"
        size = sum(p.stat().st_size for p in d.iterdir() if p.is_file())
        print(f"artefact size: {size / 1024:.0f} KiB in {d}")


if __name__ == "__main__":
    main()
