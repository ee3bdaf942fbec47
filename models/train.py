"""Train, validate in time order, calibrate and export a riskgate model.

    python -m models.train --data HISTORY.csv.gz --out DIR

Time order is the whole point: a fraud model is always used on payments
after the ones it learned from, and learns only labels that were reported
by then. The history (a replay CSV, API.md) is split into

    warm-up | train (fit trees, then calibrate on its last part) | gap >= label delay | test

- warm-up payments only build profiles and population state (features of a
  customer's first payments say "cold start", not "fraud");
- a training fraud counts as fraud only if it was reported before the model
  would be deployed (train end + gap); later-reported or never-reported
  frauds look genuine to the bank at that time, and do here too;
- the test period is scored with ground truth (`is_fraud`), reported for the
  likelihood model alone and for the trees + calibration.

The artefact (`model.json` + `manifest.json`) is written to --out and is
loaded by `RiskModel.load(DIR)`. Same data and arguments give the same bytes.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, NoReturn, Sequence

import numpy as np

DAY = 86400.0

__all__ = ["main", "train", "split_times", "fit_trees", "fit_model", "evaluate", "book_test_mask",
           "scenario_auc_loss"]


def _day(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%d")


def _parse_day(s: str) -> float:
    return datetime.fromisoformat(s).replace(tzinfo=timezone.utc).timestamp()


def split_times(t0: float, t1: float, delay_days: float, warmup_frac: float = 0.25,
                test_frac: float = 0.25) -> dict[str, float]:
    """Automatic period boundaries (epoch seconds) over a history [t0, t1):
    warm-up first, test last, a gap of the label delay in between, whole UTC days
    from the first payment's day (a review: the span was measured from the first
    payment's hour, so every boundary fell at that hour and the first test "day"
    of CP@100 held a sliver of one)."""
    d0 = math.floor(t0 / DAY) * DAY
    span = math.floor((t1 - d0) / DAY)
    warm = max(7, math.floor(span * warmup_frac))
    gap = math.ceil(delay_days)
    test = max(7, math.floor(span * test_frac))
    train = span - warm - gap - test
    if train < 7:
        raise SystemExit(f"history of {span:.0f} days is too short for warm-up, training, a {gap}-day gap and test")
    return {"train_start": d0 + warm * DAY, "train_end": d0 + (warm + train) * DAY,
            "test_start": d0 + (warm + train + gap) * DAY, "test_end": d0 + (warm + train + gap + test) * DAY}


def label_delay_days(reported: np.ndarray, ts: np.ndarray, y: np.ndarray, q: float = 0.9,
                     before: float = math.inf) -> float:
    """The q-quantile of report delays of the frauds (at least 1 day): the
    gap after which most training labels are known. Only frauds paid before
    `before`: the test period's own delays must not set the gap before it."""
    m = (y == 1) & np.isfinite(reported) & (ts < before)
    if m.sum() < 5:
        return 7.0
    return max(1.0, float(np.quantile((reported[m] - ts[m]) / DAY, q)))


# Inputs whose growth may never lower the risk (`--monotone`, off by default): an
# amount further above the customer's own habits, and more fraud reported against
# the payee, device, IP or network. A prior, not a fit: unconstrained trees can
# learn a band of unusual amounts that happened to be genuine in one world, and
# a bank may want the guarantee for its explanations. Measured (docs/models.md,
# "Monotone constraints"): raw tree scores of a generated-data model on the
# handbook's test week AUC 0.73 -> 0.83, but through the whole service replay the
# handbook figures did not move and the generated world's replay got slightly
# worse, so the shipped artefact does not use it.
MONOTONE_INCREASING: tuple[str, ...] = (
    "log_amount_ratio", "amount_z", "log_amount_over_max", "log1p_day_amount_ratio",
    "log_amount_over_win_mean_1", "log_amount_over_win_mean_2", "log_amount_over_win_mean_3",
    "log_amount_over_win_sum_3",
    "payee_fraud_w", "log1p_payee_fraud_n", "payee_fraud_rate_short", "payee_fraud_rate_long",
    "device_fraud_w", "ip_fraud_w", "net_fraud_w", "device_fraud_rate_long", "ip_fraud_rate_long",
    "net_fraud_rate_long",
)


def monotone_constraints(names: Sequence[str]) -> list[int]:
    """scikit-learn's `monotonic_cst` for the tree inputs `names`: +1 for
    `MONOTONE_INCREASING`, 0 (free) for the rest."""
    unknown = set(MONOTONE_INCREASING) - set(names)
    if unknown:
        raise ValueError(f"monotone features missing from the inputs: {sorted(unknown)}")
    return [1 if n in MONOTONE_INCREASING else 0 for n in names]


def fit_trees(X: np.ndarray, y: np.ndarray, seed: int, max_iter: int, max_depth: int,
              learning_rate: float = 0.08, min_samples_leaf: int = 40, pos_weight: float = 1.0,
              max_features: float = 1.0, monotonic_cst: Sequence[int] | None = None) -> Any:
    """Gradient-boosted trees; `pos_weight` up-weights the known frauds. At a
    fraud rate of ~0.5 % the unweighted loss is dominated by genuine payments
    and early trees spend their splits on them; weighting the rare class makes
    the trees rank the frauds better (validation AP, docs/models.md), and the
    calibration fitted afterwards on unweighted data undoes the shift in scale.
    `max_features` < 1 samples that share of the features at every split
    (decorrelates the members of a bag)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    clf = HistGradientBoostingClassifier(
        max_iter=max_iter, max_depth=max_depth, max_leaf_nodes=24, learning_rate=learning_rate,
        min_samples_leaf=min_samples_leaf, l2_regularization=1.0, early_stopping=False, random_state=seed,
        max_features=max_features, monotonic_cst=None if monotonic_cst is None else list(monotonic_cst),
    )
    from threadpoolctl import threadpool_limits

    # One thread per model fit: deterministic timing on shared machines, and
    # OpenMP oversubscription made fits several times slower, not faster.
    sw = np.where(y == 1, pos_weight, 1.0) if pos_weight != 1.0 else None
    from service.config import train_threads

    with threadpool_limits(train_threads(os.environ)):
        return clf.fit(X, y, sample_weight=sw)


def fit_model(X: np.ndarray, y: np.ndarray, args: argparse.Namespace) -> Any:
    """The tree model the CLI asks for: one boosted model (`fit_trees`), or with
    `--bags` > 1 or `--neg-ratio` > 0 a balanced bag of them (models/bagging.py)."""
    from features.extract import FEATURE_NAMES
    from models.bagging import fit_bagged
    from models.scorer import EXTRA_FEATURES

    cst = monotone_constraints(list(FEATURE_NAMES) + list(EXTRA_FEATURES)) if args.monotone else None

    def one(Xs: np.ndarray, ys: np.ndarray, seed: int) -> Any:
        return fit_trees(Xs, ys, seed, args.max_iter, args.max_depth, args.learning_rate,
                         args.min_samples_leaf, args.pos_weight, args.max_features, cst)

    if args.bags <= 1 and args.neg_ratio <= 0:
        return one(X, y, args.seed)
    return fit_bagged(X, y, max(1, args.bags), args.neg_ratio, args.seed, one)


def evaluate(p: np.ndarray, y: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import average_precision_score, roc_auc_score

    from models.calibration import brier

    out = {"n": int(len(y)), "frauds": int(y.sum())}
    if 0 < y.sum() < len(y):
        out["auc"] = float(roc_auc_score(y, p))
        out["ap"] = float(average_precision_score(y, p))
    out["brier"] = brier(p, y)
    out["mean_p"] = float(np.mean(p)) if len(p) else 0.0
    return out


def scenario_auc_loss(p: np.ndarray, y: np.ndarray, scenario: np.ndarray) -> dict[str, dict[str, float]]:
    """Where the ROC AUC is lost: per fraud scenario, the AUC of its frauds
    against all genuine payments and its share of `1 - AUC`. The overall AUC
    is the mean over frauds of the share of genuine payments scored below
    each (ties count half), so the `lost` parts add up to exactly `1 - AUC`:
    a scenario with few frauds but a low AUC and a large one ranked slightly
    worse can then be told apart. Frauds without a scenario name count as
    "unnamed"."""
    p = np.asarray(p, dtype=float)
    y = np.asarray(y)
    gen = np.sort(p[y == 0])
    fr = y == 1
    if len(gen) == 0 or not fr.any():
        return {}
    below = (np.searchsorted(gen, p[fr], side="left") + np.searchsorted(gen, p[fr], side="right")) / (2.0 * len(gen))
    names = np.asarray([s or "unnamed" for s in np.asarray(scenario)[fr].tolist()])
    n_fr = int(fr.sum())
    return {s: {"frauds": int((names == s).sum()), "auc": float(below[names == s].mean()),
                "lost": float((1.0 - below[names == s]).sum() / n_fr)}
            for s in sorted(set(names.tolist()))}


def card_precision_at_k(p: np.ndarray, y: np.ndarray, ts: np.ndarray, cust: np.ndarray, k: int = 100) -> float:
    """The handbook's CP@k (`models.card_precision`) over event times in seconds."""
    from models.card_precision import card_precision_top_k

    return card_precision_top_k(np.floor(ts / DAY), cust, p, y, k)[0]


def book_test_mask(ts: np.ndarray, y: np.ndarray, cust: np.ndarray, train_start: float,
                   test_start: float, test_end: float, delay_days: float) -> np.ndarray:
    """The handbook's test set: on each test day, drop customers with a fraud
    known by then (a fraud from train start up to the day minus the delay):
    a bank would already have blocked those cards."""
    keep = np.zeros(len(ts), dtype=bool)
    fr_ts = ts[y == 1]
    fr_c = cust[y == 1]
    day = test_start
    while day < test_end:
        known = set(fr_c[(fr_ts >= train_start) & (fr_ts < day - delay_days * DAY)].tolist())
        m = (ts >= day) & (ts < day + DAY)
        keep |= m & ~np.isin(cust, list(known))
        day += DAY
    return keep


def feature_code_digest(fdir: Path) -> str:
    """What the feature matrix is computed by: the features package's Python and its
    C twins' sources (they compute the features where they are built: a review found
    a rebuilt extension reusing a cache of the old one's features), and models/dataset.py."""
    code = b"".join(p.read_bytes() for pat in ("*.py", "*.c", "*.h") for p in sorted(fdir.glob(pat)))
    return _sha(code + Path(__file__).with_name("dataset.py").read_bytes())


def _features(args: argparse.Namespace) -> Any:
    """The replayed feature matrix, from the cache file when one is given and
    was built from the same data, options and feature names."""
    from features.extract import FEATURE_NAMES
    from models.dataset import Dataset, build_dataset, read_replay

    import features
    from models.policy import load_policy
    from models.policy_config import read_policy_bytes

    # Keyed by the data, the options and the feature code itself: a cache from
    # other feature code would train a model on features the service does not compute.
    # And by the policy: its currency and rates convert every amount the features see.
    policy = getattr(args, "policy", None)
    key = _sha(json.dumps([_sha(Path(args.data).read_bytes()), args.skip_before, args.customer_frac,
                           args.keep_from, args.stop_at, list(FEATURE_NAMES),
                           feature_code_digest(Path(features.__file__).parent),
                           _sha(read_policy_bytes(policy))]).encode())
    cache = Path(args.features_cache) if args.features_cache else None
    if cache is not None and cache.exists():
        z = np.load(cache, allow_pickle=False)
        if str(z["key"]) == key:
            print(f"features from cache {cache}", file=sys.stderr)
            return Dataset(X=z["X"], y=z["y"], ts=z["ts"], customer_ids=z["cust"].tolist(),
                           extra={"reported_ts": z["reported"], "scenario": z["scenario"].tolist(),
                                  "skipped": json.loads(str(z["skipped"])), "rows_read": int(z["rows_read"]),
                                  "customers": int(z["customers"])})
    from service.replay_format import FileIssues

    issues = FileIssues(args.data)    # duplicate rows, odd labels and report times: said once read
    rows = read_replay(args.data, skip_before=args.skip_before, customer_frac=args.customer_frac, issues=issues)
    ds = build_dataset(rows, progress=not args.quiet, to_base=load_policy(policy).to_base,
                       keep_from=_parse_day(args.keep_from) if args.keep_from else -math.inf,
                       stop_at=_parse_day(args.stop_at) if args.stop_at else math.inf)
    for line in issues.lines():
        print(f"train: {line}", file=sys.stderr)
    if cache is not None:
        _save_cache(cache, key=key, X=ds.X, y=ds.y, ts=ds.ts, cust=np.asarray(ds.customer_ids),
                    reported=ds.extra["reported_ts"], scenario=np.asarray(ds.extra["scenario"]),
                    skipped=json.dumps(ds.extra["skipped"]), rows_read=ds.extra["rows_read"],
                    customers=ds.extra["customers"])
    return ds




def _save_cache(cache: Path, **arrays: Any) -> None:
    """The features cache, written beside and renamed into place: a run stopped
    while writing it (Ctrl-C, a full disk) leaves no half file for the next run
    to fail on. Written to an open file, so the cache is the path given (numpy
    appends ".npz" to a path without it, and the next run never found it)."""
    tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            np.savez_compressed(f, **arrays)
        os.replace(tmp, cache)
    finally:
        tmp.unlink(missing_ok=True)


def excluded_columns(names: str | None) -> list[int]:
    """Column positions of the comma-separated feature names; an unknown name
    is a ValueError naming it (a typo would silently exclude nothing)."""
    from features.extract import FEATURE_NAMES

    if not names:
        return []
    out = []
    for name in names.split(","):
        if name not in FEATURE_NAMES:
            raise ValueError(f"--exclude-features: no feature named {name!r}")
        out.append(FEATURE_NAMES.index(name))
    return out


def no_rows_reason(path: str, rows_read: int, skipped: dict[str, int]) -> str:
    """Why the history gave no usable row, with the counts by cause ("invalid_input:timestamp"
    → "timestamp"), as the replay and the backfill say it: "no usable rows" alone sent
    people looking everywhere but at the column at fault."""
    if not skipped:
        return f"{path}: no usable rows in the history ({rows_read:,} rows read)"
    causes = ", ".join(f"{key.partition(':')[2] or key.partition(':')[0]}: {n:,}"
                       for key, n in sorted(skipped.items(), key=lambda kv: -kv[1]))
    return (f"{path}: no usable rows in the history: all {sum(skipped.values()):,} rows refused as the service "
            f"would refuse them, by field ({causes})")


def label_problem(path: str) -> str | None:
    """Why the history cannot give a single training label (None when it can), found
    before the features are built: training learns a fraud only once it is reported,
    so it needs an is_fraud and a fraud_reported_at column and a fraud with a report
    time. Reads until the first such row (at once on most files); a file without
    one is read to its end, still much faster than replaying it."""
    from service.replay_format import header_index, open_text, parse_iso, parse_label

    with open_text(path) as fh:
        reader = csv.reader(fh)
        col = header_index(next(reader, []), path)
        missing = [c for c in ("is_fraud", "fraud_reported_at") if c not in col]
        if missing:
            return (f"{path}: no {' and no '.join(missing)} column: training learns a fraud only once it is "
                    "reported (README, 'Training on your own history')")
        i_lab, i_rep = col["is_fraud"], col["fraud_reported_at"]
        frauds = 0
        for cells in reader:
            if len(cells) > i_lab and parse_label(cells[i_lab]) == 1:
                frauds += 1
                if len(cells) > i_rep and math.isfinite(parse_iso(cells[i_rep])):   # nan: not a time
                    return None
    if not frauds:
        return f"{path}: no row is labelled fraud (is_fraud 1): nothing to learn from"
    return f"{path}: {frauds:,} rows are labelled fraud but none has a fraud_reported_at time: no training label"


def _sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def train(args: argparse.Namespace) -> dict[str, Any]:
    from models.calibration import fit_isotonic, fit_platt, reliability, sigmoid
    from models.bagging import export_any
    from models.export import compile_ensemble
    from models.scorer import MANIFEST_FILE, MODEL_FILE, RiskModel, save_artefact
    t_start = time.perf_counter()
    print(f"reading {args.data} and replaying it through the feature pipeline ...", file=sys.stderr)
    ds = _features(args)
    t_feat = time.perf_counter() - t_start
    X, y, ts = ds.X, ds.y, ds.ts
    cust = np.asarray(ds.customer_ids)
    reported = ds.extra["reported_ts"]
    if len(ts) == 0:
        from service.replay_format import ReplayFormatError

        raise ReplayFormatError(no_rows_reason(args.data, ds.extra["rows_read"], ds.extra["skipped"]))
    if args.label_delay_days is not None:
        delay = args.label_delay_days
    else:
        # from the frauds paid before the held-out share of the history (the test
        # period's own reports were measured with it: a review)
        t0, t1 = float(ts.min()), float(ts.max()) + 1.0
        cut = _parse_day(args.test_start) if args.test_start else t1 - args.test_frac * (t1 - t0)
        delay = label_delay_days(reported, ts, y, before=cut)
    if args.train_start and args.test_start:
        sp = {"train_start": _parse_day(args.train_start), "train_end": _parse_day(args.train_end),
              "test_start": _parse_day(args.test_start), "test_end": _parse_day(args.test_end)}
    else:
        sp = split_times(float(ts.min()), float(ts.max()) + 1.0, delay, args.warmup_frac, args.test_frac)
    deploy = sp["test_start"]

    # Likelihood-model log-odds: a feature of the trees, and the baseline we must beat.
    lrm = RiskModel(online_cfg=None)
    z_lr = np.fromiter((lrm.lr_log_odds_values(row) for row in X), dtype=np.float64, count=len(X))
    Xf = np.column_stack([X, z_lr])
    labelled = y >= 0
    # What the bank knew at deployment: frauds reported by then.
    y_known = ((y == 1) & np.isfinite(reported) & (reported <= deploy)).astype(np.int64)
    in_train = labelled & (ts >= sp["train_start"]) & (ts < sp["train_end"])
    cal_cut = sp["train_end"] - args.calib_frac * (sp["train_end"] - sp["train_start"])
    cal_cut = math.floor(cal_cut / DAY) * DAY
    fit_m = in_train & (ts < cal_cut)
    cal_m = in_train & (ts >= cal_cut)
    test_m = labelled & (ts >= sp["test_start"]) & (ts < sp["test_end"])
    if args.book_protocol:
        test_m &= book_test_mask(ts, np.where(labelled, y, 0), cust, sp["train_start"], sp["test_start"],
                                 sp["test_end"], delay)
    if y_known[fit_m].sum() < 10 or y_known[cal_m].sum() < 3:
        raise SystemExit(f"too few reported frauds to train ({int(y_known[fit_m].sum())} in the fitting slice, "
                         f"{int(y_known[cal_m].sum())} in the calibration slice)")

    # Features not offered to the trees: held constant while fitting, so that no
    # split can use them (the rest of the fit, its random draws included, is
    # unchanged); the exported trees then never read them.
    excluded = excluded_columns(args.exclude_features)
    Xt = Xf
    if excluded:
        Xt = Xf.copy()
        Xt[:, excluded] = 0.0
    t0 = time.perf_counter()
    clf = fit_model(Xt[fit_m], y_known[fit_m], args)
    t_fit = time.perf_counter() - t0
    z_cal = clf.decision_function(Xf[cal_m])
    cal = fit_isotonic(z_cal, y_known[cal_m]) if args.calibration == "isotonic" else fit_platt(z_cal, y_known[cal_m])
    if args.refit:
        # The calibration slice is the most recent labelled data: the shipped
        # trees learn from it too (same settings, the whole training period);
        # the calibration fitted on the first model's out-of-time scores is kept.
        t0 = time.perf_counter()
        clf = fit_model(Xt[in_train], y_known[in_train], args)
        t_fit += time.perf_counter() - t0
    ens = export_any(clf)
    raw_fn = compile_ensemble(ens)

    # Test: exported trees + calibration, exactly as the service computes them.
    z_test = np.fromiter((raw_fn(row) for row in Xf[test_m].tolist()), dtype=np.float64, count=int(test_m.sum()))
    p_test = np.fromiter((cal(z) for z in z_test), dtype=np.float64, count=len(z_test))
    p_lr = np.fromiter((sigmoid(z) for z in z_lr[test_m]), dtype=np.float64, count=len(z_test))
    yt = y[test_m]
    p_uncal = np.fromiter((sigmoid(z) for z in z_test), dtype=np.float64, count=len(z_test))
    max_dev = float(np.max(np.abs(p_uncal - clf.predict_proba(Xf[test_m])[:, 1]))) if len(z_test) else 0.0
    res = {
        "likelihood": evaluate(p_lr, yt),
        "trees_uncalibrated": evaluate(p_uncal, yt),
        "trees_calibrated": evaluate(p_test, yt),
    }
    cp = {}
    if args.book_protocol:
        cp = {"likelihood": card_precision_at_k(p_lr, yt, ts[test_m], cust[test_m]),
              "trees_calibrated": card_precision_at_k(p_test, yt, ts[test_m], cust[test_m])}
    scen = np.asarray(ds.extra["scenario"])[test_m]
    per_scen = {}
    lost = scenario_auc_loss(p_test, yt, scen) if args.auc_by_scenario else {}
    for s in sorted(set(scen.tolist()) - {""}):
        m = scen == s
        per_scen[s] = {"frauds": int(m.sum()),
                       "mean_p": float(p_test[m].mean()), "recall_at_p>0.5": float((p_test[m] > 0.5).mean())}
        if s in lost:
            per_scen[s] |= {"auc_vs_genuine": lost[s]["auc"], "share_of_1-auc": lost[s]["lost"]}
    rel = reliability(p_test, yt, 10)

    # Artefact.
    out = Path(args.out)
    fit_X = X[in_train] if args.refit else X[fit_m]
    info = {
        "data": {"file": Path(args.data).name, "sha256": _sha(Path(args.data).read_bytes()),
                 "rows_read": ds.extra["rows_read"], "rows_refused": ds.extra["skipped"],
                 "customers": ds.extra["customers"]},
        "periods": {k: _day(v) for k, v in sp.items()} | {"calibration_start": _day(cal_cut),
                                                          "label_delay_days": round(delay, 2)},
        "training": {"rows": int(fit_m.sum()), "frauds_known": int(y_known[fit_m].sum()),
                     "calibration_rows": int(cal_m.sum()), "calibration_frauds": int(y_known[cal_m].sum()),
                     "frauds_not_yet_reported": int(((y == 1) & in_train).sum() - y_known[in_train].sum()),
                     "trees": len(ens.trees), "max_depth": args.max_depth, "seed": args.seed,
                     "learning_rate": args.learning_rate, "min_samples_leaf": args.min_samples_leaf,
                     "pos_weight": args.pos_weight,
                     "calibration": cal.method, "refit_on_whole_training_period": bool(args.refit)}
                    # only when used, so that artefacts trained without them keep their bytes
                    | ({"max_features": args.max_features} if args.max_features != 1.0 else {})
                    | ({"monotone_increasing": list(MONOTONE_INCREASING)} if args.monotone else {})
                    | ({"bags": args.bags, "neg_ratio": args.neg_ratio}
                       if args.bags > 1 or args.neg_ratio > 0 else {})
                    | ({"excluded_features": args.exclude_features.split(",")} if excluded else {}),
        "metrics": {"test": res, "card_precision_at_100": cp, "per_scenario": per_scen,
                    "reliability": [{"mean_p": round(a, 6), "fraud_rate": round(b, 6), "n": c} for a, b, c in rel],
                    "export_max_abs_diff_vs_sklearn": max_dev},
    }
    manifest = save_artefact(out, ens, cal, fit_X.mean(axis=0), fit_X.std(axis=0), info,
                             _day(sp["train_end"]).replace("-", ""))
    version = manifest["version"]
    model_bytes = (out / MODEL_FILE).read_bytes()
    if args.plot:
        _plot_reliability(rel, Path(args.plot))
    if args.scores_out:
        write_scores(Path(args.scores_out), ts[test_m], cust[test_m], yt, scen, p_test)
    RiskModel.load(out)   # what we wrote must load

    # Report.
    print(f"\nfeatures: {ds.extra['rows_read']} rows in {t_feat:.0f} s; refused {ds.extra['skipped'] or 0}; "
          f"trees fitted in {t_fit:.1f} s")
    print(f"periods: train {_day(sp['train_start'])}..{_day(sp['train_end'] - 1)} "
          f"(calibration from {_day(cal_cut)}), label delay {delay:.1f} d, "
          f"test {_day(sp['test_start'])}..{_day(sp['test_end'] - 1)}"
          + (" (handbook protocol: known-compromised customers dropped)" if args.book_protocol else ""))
    print(f"train rows {int(in_train.sum())}, frauds known at deployment {int(y_known[in_train].sum())}; "
          f"test rows {int(test_m.sum())}, frauds {int(yt.sum())}")
    print(f"\n{'model':24s} {'ROC AUC':>8s} {'AP':>8s} {'Brier':>9s} {'mean p':>8s}" + (f" {'CP@100':>7s}" if cp else ""))
    for name, r in res.items():
        line = f"{name:24s} {r.get('auc', float('nan')):8.4f} {r.get('ap', float('nan')):8.4f} {r['brier']:9.6f} {r['mean_p']:8.5f}"
        if cp:
            line += f" {cp.get(name, float('nan')):7.3f}"
        print(line)
    print(f"(observed fraud rate in test: {yt.mean():.5f})")
    print("\nreliability of the calibrated model (10 equal-count bins): mean p -> fraud rate")
    for a, b, c in rel:
        print(f"  {a:9.5f} -> {b:9.5f}   (n={c})")
    if per_scen:
        print("\nper scenario (test frauds): mean p, share with p > 0.5")
        for s, r in per_scen.items():
            print(f"  {s:24s} n={r['frauds']:5d}  mean p {r['mean_p']:.3f}  p>0.5 {r['recall_at_p>0.5']:.3f}"
                  + (f"  AUC vs genuine {r['auc_vs_genuine']:.4f}, lost {r['share_of_1-auc']:.4f} of 1-AUC"
                     if "auc_vs_genuine" in r else ""))
    print(f"\nexport vs scikit-learn: max |dp| = {max_dev:.2e}")
    print(f"wrote {out / MODEL_FILE} ({len(model_bytes) / 1024:.0f} KiB) and {out / MANIFEST_FILE}; version {version}")
    return manifest


def write_scores(path: Path, ts: np.ndarray, cust: np.ndarray, y: np.ndarray, scenario: np.ndarray,
                 p: np.ndarray) -> None:
    """The test period's rows with the calibrated probability the exported model
    gave each, as CSV (gzip when the name ends .gz): for an analyst's own cuts of
    the result (`benchmarks.handbook_auc_loss` splits the lost AUC by what the
    payee had been reported for). `ts` is written exactly (float seconds) so that
    rows join back to the replay file's timestamps."""
    import gzip

    opener = gzip.open if path.suffix == ".gz" else open
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with opener(tmp, "wt", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["ts", "customer_id", "is_fraud", "scenario", "p"])
            for row in zip(ts.tolist(), cust.tolist(), y.tolist(), scenario.tolist(), p.tolist()):
                w.writerow([repr(row[0]), row[1], int(row[2]), row[3], repr(row[4])])
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _plot_reliability(rel: list[tuple[float, float, int]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 4))
    xs = [max(a, 1e-5) for a, _, _ in rel]
    ys = [max(b, 1e-5) for _, b, _ in rel]
    ax.loglog(xs, ys, "o-", label="model")
    lo = min(xs + ys)
    ax.loglog([lo, 1], [lo, 1], "k--", lw=0.8, label="perfect")
    ax.set_xlabel("predicted p_fraud (bin mean)")
    ax.set_ylabel("observed fraud rate")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)


# Options that must be UTC dates.
DATE_OPTIONS = ("train_start", "train_end", "test_start", "test_end", "skip_before", "keep_from", "stop_at")

# Numeric options and what makes sense for them. A negative label delay put the
# test period inside training and reported a leaked AUC as validation (found by
# a black-box audit); the others fail in scikit-learn after the features are built.
NUMBER_RULES: tuple[tuple[str, Callable[[float], bool], str], ...] = (
    ("label_delay_days", lambda v: 0 <= v < math.inf, "a number of days, 0 or more"),
    ("warmup_frac", lambda v: 0 <= v < 1, "a share from 0 to below 1"),
    ("test_frac", lambda v: 0 <= v < 1, "a share from 0 to below 1"),
    ("calib_frac", lambda v: 0 < v < 1, "a share above 0 and below 1"),
    ("customer_frac", lambda v: 0 < v <= 1, "a share above 0, at most 1"),
    ("max_features", lambda v: 0 < v <= 1, "a share above 0, at most 1"),
    ("learning_rate", lambda v: 0 < v < math.inf, "a number above 0"),
    ("pos_weight", lambda v: 0 < v < math.inf, "a number above 0"),
    ("max_iter", lambda v: v >= 1, "at least 1"),
    ("max_depth", lambda v: v >= 1, "at least 1"),
    ("min_samples_leaf", lambda v: v >= 1, "at least 1"),
    ("seed", lambda v: 0 <= v < 2**32, "from 0 to 2**32 - 1"),
)


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def date_problem(args: argparse.Namespace) -> str | None:
    """The first date option that is not a date, said; None when all are."""
    for name in DATE_OPTIONS:
        value = getattr(args, name)
        if value:
            try:
                _parse_day(value)
            except ValueError:
                return f"{_option(name)} {value!r} is not a UTC date (YYYY-MM-DD)"
    return None


def period_problem(args: argparse.Namespace) -> str | None:
    """Explicit periods out of order, said; a test period starting before
    training ends would score payments the trees were fitted on."""
    if not args.train_start:
        return None
    t = {name: _parse_day(getattr(args, name)) for name in ("train_start", "train_end", "test_start", "test_end")}
    if not t["train_start"] < t["train_end"]:
        return f"--train-end {args.train_end} is not after --train-start {args.train_start}"
    if t["test_start"] < t["train_end"]:
        return (f"--test-start {args.test_start} is before --train-end {args.train_end}: the test would score "
                "payments the model was fitted on")
    if not t["test_start"] < t["test_end"]:
        return f"--test-end {args.test_end} is not after --test-start {args.test_start}"
    return None


def number_problem(args: argparse.Namespace) -> str | None:
    """The first numeric option outside what makes sense for it, said."""
    for name, ok, what in NUMBER_RULES:
        value = getattr(args, name)
        if value is not None and not ok(value):
            return f"{_option(name)} {value:g}: must be {what}"
    if getattr(args, "bags", 1) > 1 and getattr(args, "neg_ratio", 0) <= 0 and getattr(args, "max_features", 1) >= 1:
        # every bag would be fitted on the same rows with the same features: K identical
        # models, K times the scoring cost and no averaging (a review)
        return (f"--bags {args.bags} needs --neg-ratio > 0 or --max-features < 1: without either, "
                "every bag is the same model")
    return None


def out_problem(path: str) -> str | None:
    """Why --out cannot receive the artefact; None once it is a directory we
    can write in (made here). Checked before the work: the artefact is written
    after the whole fit, and failing then lost the run and its report."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        return f"--out {path} exists and is not a directory"
    try:
        out.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=out).close()
    except OSError as exc:
        return f"--out {path}: cannot write the model there: {exc.strerror or exc}"
    return None


def output_file_problem(option: str, path: str | None) -> str | None:
    """Why an output file (--plot, --features-cache) cannot be written where
    asked, found before the work rather than after it."""
    if not path:
        return None
    p = Path(path)
    if p.is_dir():
        return f"{option} {path} is a directory"
    if not p.parent.is_dir():
        return f"{option} {path}: there is no directory {p.parent}"
    return None


def _fail(ap: argparse.ArgumentParser, message: str) -> NoReturn:
    """A mistake in the options or the input: argparse's error line and status
    2, without the usage text (forty options would bury the line)."""
    ap.exit(2, f"{ap.prog}: error: {message}\n")


def main(argv: list[str] | None = None) -> None:
    """The command; Ctrl-C prints `interrupted` and exits 130 (the shell's
    status for it), no traceback."""
    try:
        _main(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        raise SystemExit(130) from None


def _main(argv: list[str] | None) -> None:
    ap = argparse.ArgumentParser(prog="python -m models.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="replay CSV (gzip ok) with is_fraud and fraud_reported_at")
    ap.add_argument("--out", required=True, help="directory for model.json and manifest.json")
    ap.add_argument("--label-delay-days", type=float, default=None,
                    help="gap between training and test; default: 90th percentile of report delays")
    ap.add_argument("--warmup-frac", type=float, default=0.25)
    ap.add_argument("--test-frac", type=float, default=0.25)
    ap.add_argument("--calib-frac", type=float, default=0.3, help="last share of the training period used to calibrate")
    ap.add_argument("--train-start", help="explicit periods (UTC dates; end dates exclusive)")
    ap.add_argument("--train-end")
    ap.add_argument("--test-start")
    ap.add_argument("--test-end")
    ap.add_argument("--skip-before", help="ignore rows before this UTC date (shorter warm-up, faster)")
    ap.add_argument("--customer-frac", type=float, default=1.0,
                    help="train on a deterministic share of customers (whole histories), for speed")
    ap.add_argument("--keep-from", help="only payments from this date are kept as rows (earlier ones warm up)")
    ap.add_argument("--stop-at", help="stop reading at this date")
    ap.add_argument("--book-protocol", action="store_true",
                    help="handbook test protocol: drop customers with a fraud known by each test day; print CP@100")
    ap.add_argument("--refit", action="store_true",
                    help="refit the shipped trees on the whole training period (better ranking, but the calibration "
                         "was fitted for the first trees and under-predicts; off by default)")
    ap.add_argument("--calibration", choices=("platt", "isotonic"), default="platt")
    ap.add_argument("--max-iter", type=int, default=120)
    ap.add_argument("--max-depth", type=int, default=6)
    ap.add_argument("--learning-rate", type=float, default=0.08)
    ap.add_argument("--min-samples-leaf", type=int, default=40)
    ap.add_argument("--pos-weight", type=float, default=1.0,
                    help="weight of a known fraud in the tree loss (calibration stays unweighted)")
    ap.add_argument("--max-features", type=float, default=1.0,
                    help="share of the features sampled at each split (1: all)")
    ap.add_argument("--monotone", action="store_true",
                    help="risk may only rise with the amount-over-habit and fraud-link features "
                         "(models.train.MONOTONE_INCREASING; off by default, see docs/models.md)")
    ap.add_argument("--bags", type=int, default=1,
                    help="balanced bagging: average the log-odds of this many models (exported as one ensemble)")
    ap.add_argument("--neg-ratio", type=float, default=0.0,
                    help="genuine payments sampled per known fraud for each bag (0: all)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--exclude-features", metavar="NAMES",
                    help="comma-separated features the trees may not use (they are still computed)")
    ap.add_argument("--auc-by-scenario", action="store_true",
                    help="report each fraud scenario's ROC AUC against all genuine payments and its share of 1 - AUC")
    ap.add_argument("--plot", help="write a reliability plot (PNG) here")
    ap.add_argument("--scores-out", help="write the test rows and their calibrated probabilities here (CSV, .gz ok)")
    ap.add_argument("--features-cache", help="npz file to reuse the replayed features between runs")
    ap.add_argument("--policy", default=os.environ.get("RISKGATE_POLICY") or None,
                    help="the policy file the service will run with (RISKGATE_POLICY, the default here): its "
                         "currency and [fx] rates convert the amounts the features see (default: the shipped policy)")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    args = ap.parse_args(argv)
    if bool(args.train_start) != bool(args.test_start) or (args.train_start and not (args.train_end and args.test_end)):
        _fail(ap, "give all of --train-start --train-end --test-start --test-end, or none")
    problem = date_problem(args) or period_problem(args) or number_problem(args)
    if problem:
        _fail(ap, problem)
    from service.config import train_threads

    try:
        train_threads(os.environ)      # refused now, not after the features are built (a review)
    except SystemExit as exc:
        _fail(ap, str(exc.code))
    from service.replay_format import READ_ERRORS, ReplayFormatError, check_file, removed_if_left_empty, unreadable

    try:
        check_file(args.data)
    except ReplayFormatError as exc:
        _fail(ap, str(exc))
    except READ_ERRORS as exc:
        _fail(ap, str(unreadable(args.data, exc)))
    try:
        excluded_columns(args.exclude_features)      # a typo refused now, not after the features are built
    except ValueError as exc:
        _fail(ap, str(exc))
    from models.policy import PolicyError, load_policy

    try:
        load_policy(args.policy)                      # a bad policy file refused now, naming its key
    except PolicyError as exc:
        _fail(ap, f"--policy: {exc}")
    try:
        problem = label_problem(args.data)
    except READ_ERRORS as exc:
        _fail(ap, str(unreadable(args.data, exc)))
    if problem:
        _fail(ap, problem)
    with removed_if_left_empty(args.out):         # a run that fails before writing leaves no empty --out
        problem = (out_problem(args.out) or output_file_problem("--plot", args.plot)
                   or output_file_problem("--features-cache", args.features_cache)
                   or output_file_problem("--scores-out", args.scores_out))
        if problem:
            _fail(ap, problem)
        try:
            train(args)
        except ReplayFormatError as exc:
            _fail(ap, str(exc))


if __name__ == "__main__":
    main()
