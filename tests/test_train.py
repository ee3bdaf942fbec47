"""Training CLI: time-ordered periods, labels only once reported, the
handbook's test protocol, an artefact that loads, byte-identical rebuilds."""
from __future__ import annotations

import csv
import gzip
import json
import random
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

from features.extract import FEATURE_NAMES
from models.dataset import build_dataset, read_replay
from models.scorer import MANIFEST_FILE, MODEL_FILE, RiskModel
from benchmarks.handbook_auc_loss import fraud_shares, payee_state, read_payees, read_scores
from models.train import book_test_mask, feature_code_digest, label_delay_days, main, split_times

DAY = 86400.0
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()
COLS = ("transaction_id", "customer_id", "timestamp", "amount", "currency", "channel", "ip", "device_id",
        "user_agent", "lat", "lon", "country", "city", "payee_id", "is_fraud", "fraud_reported_at", "scenario")


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_history(path: Path, customers: int = 36, days: int = 64, seed: int = 5) -> dict[str, int]:
    """Habitual customers; takeovers from a foreign device, network and place
    to new payees with large amounts, reported 1-3 days later (some never)."""
    r = random.Random(seed)
    rows = []
    never = 0
    for c in range(customers):
        ip = f"81.2.{c}.{10 + c % 200}"
        amount = r.uniform(15, 80)
        for d in range(days):
            for k in range(2):
                ts = T0 + d * DAY + 8 * 3600 + k * 5 * 3600 + r.randint(0, 3000)
                rows.append([f"t{c}-{d}-{k}", f"c{c}", ts, round(amount * r.uniform(0.7, 1.3), 2), "EUR", "mobile",
                             ip, f"dev{c}", "BankApp/7.1 (Android 14; SM-S918B)", 52.52, 13.40, "DE", "Berlin",
                             f"shop{(c + k) % 5}", 0, "", ""])
            if d > 10 and r.random() < 0.025:
                rep = ts + r.uniform(1, 3) * DAY
                if r.random() < 0.15:
                    rep = None
                    never += 1
                for j in range(3):
                    fts = ts + 600 + j * 300
                    rows.append([f"f{c}-{d}-{j}", f"c{c}", fts, round(amount * r.uniform(8, 20), 2), "EUR", "web",
                                 f"203.0.113.{r.randint(1, 250)}", f"evil{r.randint(0, 9)}", "Mozilla/5.0 (X11; Linux)",
                                 -33.87, 151.21, "AU", "Sydney", f"mule{r.randint(0, 3)}", 1,
                                 _iso(rep) if rep else "", "takeover"])
    rows.append(["bad", "c0", T0 + 5 * DAY, 0.0, "EUR", "", "", "", "", "", "", "", "", "", 0, "", ""])
    rows.sort(key=lambda x: x[2])
    with gzip.open(path, "wt", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLS)
        for row in rows:
            row[2] = _iso(row[2])
            w.writerow(row)
    return {"never_reported": never, "rows": len(rows)}


def test_split_is_time_ordered_with_a_gap() -> None:
    sp = split_times(T0, T0 + 120 * DAY, delay_days=9.3)
    assert T0 < sp["train_start"] < sp["train_end"] < sp["test_start"] < sp["test_end"] <= T0 + 121 * DAY
    assert sp["test_start"] - sp["train_end"] >= 9.3 * DAY
    assert all(v % DAY == 0 for v in sp.values())
    with pytest.raises(SystemExit):
        split_times(T0, T0 + 20 * DAY, delay_days=9.0)


def test_a_history_that_starts_mid_day_is_split_at_midnights() -> None:
    """A review: the span was measured from the first payment's hour, so every
    boundary fell at that hour and CP@100's first test "day" was a sliver."""
    t0 = T0 + 3 * 3600 + 229.0
    sp = split_times(t0, t0 + 89.99 * DAY, delay_days=7.0)
    assert all(v % DAY == 0 for v in sp.values()), sp
    assert t0 < sp["train_start"] and sp["test_end"] <= t0 + 89.99 * DAY


def test_the_feature_cache_key_follows_the_c_sources(tmp_path: Path) -> None:
    (tmp_path / "extract.py").write_text("x = 1\n")
    (tmp_path / "_population.c").write_text("int f(void) { return 1; }\n")
    before = feature_code_digest(tmp_path)
    (tmp_path / "_population.c").write_text("int f(void) { return 2; }\n")
    assert feature_code_digest(tmp_path) != before


def test_training_converts_amounts_with_the_policy_the_service_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A white-box review: training always converted with the shipped policy's currency
    and rates, the service with RISKGATE_POLICY's: a SEK bank's trees learned amounts in
    EUR and were scored on amounts in SEK. `--policy` (default: RISKGATE_POLICY) is used,
    and the features cache is keyed by it."""
    from argparse import Namespace

    import models
    from models.policy import load_policy
    from models.train import _features

    p = tmp_path / "h.csv.gz"
    write_history(p, customers=3, days=4)
    toml = (Path(models.__file__).parent / "default_policy.toml").read_text()
    sek = tmp_path / "sek.toml"
    sek.write_text(toml.replace('currency = "EUR"', 'currency = "SEK"', 1))
    amount = FEATURE_NAMES.index("log_amount")
    cache = tmp_path / "f.npz"
    base = dict(data=str(p), skip_before=None, customer_frac=1.0, keep_from=None, stop_at=None,
                features_cache=str(cache), quiet=True)
    default = _features(Namespace(**base, policy=None))
    trained = _features(Namespace(**base, policy=str(sek)))          # not the default's cache
    served = build_dataset(read_replay(str(p)), progress=False, to_base=load_policy(str(sek)).to_base)
    assert np.array_equal(trained.X[:, amount], served.X[:, amount])
    assert not np.array_equal(trained.X[:, amount], default.X[:, amount])
    monkeypatch.setenv("RISKGATE_POLICY", str(sek))
    sek.write_text("currency = 5\n")
    with pytest.raises(SystemExit):          # the parser's default is the variable: a bad file is named
        main(["--data", str(p), "--out", str(tmp_path / "m")])
    assert "--policy" in capsys.readouterr().err


def test_skip_before_is_a_utc_day(tmp_path: Path) -> None:
    """`--skip-before` compared the timestamp's text: an offset put rows on the wrong side (a review)."""
    p = tmp_path / "h.csv"
    p.write_text("transaction_id,customer_id,timestamp,amount,currency\n"
                 "early,c1,2026-01-06T01:00:00+05:00,10.00,EUR\n"        # the 5th, 20:00 UTC
                 "late,c1,2026-01-05T23:00:00-05:00,10.00,EUR\n"         # the 6th, 04:00 UTC
                 "naive,c1,2026-01-06 05:00:00,10.00,EUR\n"
                 "zulu,c1,2026-01-05T23:59:59Z,10.00,EUR\n")
    kept = [r.payment.transaction_id for r in read_replay(str(p), skip_before="2026-01-06") if r.payment]
    assert kept == ["late", "naive"]


def test_bags_without_sampling_are_refused_as_identical_copies(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "h.csv.gz"
    write_history(p, customers=3, days=4)
    with pytest.raises(SystemExit):
        main(["--data", str(p), "--out", str(tmp_path / "m"), "--bags", "3"])
    assert "every bag is the same model" in capsys.readouterr().err


def test_label_delay_is_a_high_quantile_of_report_delays() -> None:
    ts = np.arange(100) * DAY
    y = np.ones(100, dtype=int)
    reported = ts + np.linspace(1, 10, 100) * DAY
    d = label_delay_days(reported, ts, y, q=0.9)
    assert 9.0 <= d <= 9.2


def test_label_delay_reads_only_frauds_paid_before_the_cut() -> None:
    """The gap before the test period came from every fraud's report delay, the
    test period's own included (a review of the training protocol)."""
    ts = np.arange(100) * DAY
    y = np.ones(100, dtype=int)
    reported = ts + np.where(ts < 80 * DAY, 2.0, 30.0) * DAY
    assert label_delay_days(reported, ts, y) > 20
    assert label_delay_days(reported, ts, y, before=80 * DAY) == pytest.approx(2.0)


def test_book_protocol_drops_customers_known_defrauded() -> None:
    day = 86400.0
    train_start, test_start, test_end = 0.0, 14 * day, 16 * day
    ts = np.array([1 * day, 7.5 * day, 14.5 * day, 14.5 * day, 15.5 * day, 15.5 * day])
    y = np.array([1, 1, 0, 0, 0, 0])
    cust = np.array(["a", "b", "a", "b", "b", "c"])
    keep = book_test_mask(ts, y, cust, train_start, test_start, test_end, delay_days=7)
    # on day 14, a's fraud (day 1) is known, b's (day 7.5) not yet (needs < day - 7); on day 15 it is
    assert keep.tolist() == [False, False, False, True, False, True]


def test_dataset_uses_no_label_before_it_is_reported(tmp_path: Path) -> None:
    p = tmp_path / "h.csv.gz"
    write_history(p, customers=4, days=25)
    full = build_dataset(read_replay(str(p)), progress=False)
    assert full.extra["skipped"]                      # the zero-amount row was refused, not fatal
    # cutting the history right after a fraud must not change that fraud's features:
    i = int(np.flatnonzero(full.y == 1)[0])
    cut = build_dataset(read_replay(str(p)), progress=False, stop_at=float(full.ts[i]) + 1)
    assert np.array_equal(cut.X[-1], full.X[i]) or np.array_equal(cut.X[i], full.X[i])


def test_cli_trains_a_loadable_reproducible_artefact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "h.csv.gz"
    info = write_history(data, customers=24, days=50)
    cache = tmp_path / "feats.npz"
    args = ["--data", str(data), "--max-iter", "30", "--max-depth", "4", "--quiet",
            "--label-delay-days", "3", "--features-cache", str(cache)]
    main(args + ["--out", str(tmp_path / "a")])
    report = capsys.readouterr().out
    assert "ROC AUC" in report and "trees_calibrated" in report
    man = json.loads((tmp_path / "a" / MANIFEST_FILE).read_text())
    per = man["periods"]
    assert per["train_start"] < per["calibration_start"] < per["train_end"] <= per["test_start"] < per["test_end"]
    test = man["metrics"]["test"]
    # takeovers from a foreign device, network and place are easy: the model must see them
    assert test["trees_calibrated"]["auc"] > 0.9
    assert man["metrics"]["export_max_abs_diff_vs_sklearn"] < 1e-9
    model = RiskModel.load(tmp_path / "a")
    assert model.has_trees and model.model_version == man["version"]
    # the same data and arguments give the same bytes (second run from the feature cache)
    main(args + ["--out", str(tmp_path / "b")])
    assert (tmp_path / "a" / MODEL_FILE).read_bytes() == (tmp_path / "b" / MODEL_FILE).read_bytes()
    assert info["rows"] > 2000
    # --auc-by-scenario adds each scenario's AUC and share of 1 - AUC, summing to it; off by default
    assert "auc_vs_genuine" not in man["metrics"]["per_scenario"]["takeover"]
    capsys.readouterr()
    main(args + ["--out", str(tmp_path / "c"), "--auc-by-scenario", "--scores-out", str(tmp_path / "s.csv.gz")])
    assert "of 1-AUC" in capsys.readouterr().out
    man_c = json.loads((tmp_path / "c" / MANIFEST_FILE).read_text())
    tk = man_c["metrics"]["per_scenario"]["takeover"]
    auc_c = man_c["metrics"]["test"]["trees_calibrated"]["auc"]
    assert abs(tk["share_of_1-auc"] - (1.0 - auc_c)) < 1e-9
    # --scores-out: the test rows with the probabilities behind that AUC, joining back to the file's rows
    ts, cust, y, scen, p = read_scores(tmp_path / "s.csv.gz")
    assert len(p) > 100 and y.sum() > 3 and set(scen) <= {"", "takeover"} and ((p > 0) & (p < 1)).all()
    assert ts.min() >= datetime.fromisoformat(man_c["periods"]["test_start"] + "T00:00:00+00:00").timestamp()
    assert abs((1.0 - fraud_shares(p, y).mean()) - auc_c) < 1e-9
    payee_of, frauds = read_payees(data, 0.0)
    assert all((t, c) in payee_of for t, c in zip(ts.tolist(), cust))
    assert {payee_of[(t, c)][:4] for t, c, yy in zip(ts.tolist(), cust, y.tolist()) if yy} == {"mule"}
    # --exclude-features: the feature the trees leaned on most is never split on, and the manifest says so
    used = _split_features(tmp_path / "a")
    top = max(set(used) - {len(FEATURE_NAMES)}, key=used.count)
    main(args + ["--out", str(tmp_path / "d"), "--exclude-features", FEATURE_NAMES[top]])
    assert top not in _split_features(tmp_path / "d")
    assert json.loads((tmp_path / "d" / MANIFEST_FILE).read_text())["training"]["excluded_features"] == [FEATURE_NAMES[top]]
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(args + ["--out", str(tmp_path / "e"), "--exclude-features", "no_such_feature"])
    assert exc.value.code == 2 and "error: --exclude-features: no feature named" in capsys.readouterr().err
    assert not (tmp_path / "e").exists()


def _split_features(artefact: Path) -> list[int]:
    """Feature positions of every split node of an artefact's trees."""
    trees = json.loads((artefact / MODEL_FILE).read_text())["trees"]["trees"]
    return [f for t in trees for f in t["feature"] if f >= 0]


def test_auc_loss_groups_frauds_by_what_their_payee_had_reported() -> None:
    """benchmarks.handbook_auc_loss: a fraud's payee state counts only reports in
    by its payment, from the payee's current run of frauds (no gap over a week);
    its shares of 1 - AUC add up."""
    frauds = [(d * DAY, (d + 7) * DAY) for d in (10, 11, 16)] + [(30 * DAY, 31 * DAY), (60 * DAY, 67 * DAY)]
    assert payee_state(frauds, 10 * DAY) == "payee's first fraud"
    assert payee_state(frauds, 12.5 * DAY) == "no report in yet"
    assert payee_state(frauds, 17.5 * DAY) == "report in, last < 1 d ago"
    assert payee_state(frauds, 20 * DAY) == "report in, 1-3 d ago"         # days 10 and 11 reported, 16 not yet
    assert payee_state(frauds, 24.5 * DAY) == "payee's first fraud"        # 8.5 days since the last fraud: a new run
    assert payee_state(frauds, 35 * DAY) == "report in, >= 3 d ago"        # day 30's fraud, reported the next day
    assert payee_state(frauds, 61 * DAY) == "no report in yet"
    rnd = np.random.default_rng(3)
    y = (rnd.random(400) < 0.1).astype(int)
    p = np.round(rnd.random(400) + 0.3 * y, 2)                            # ties included
    from sklearn.metrics import roc_auc_score
    assert abs((1.0 - fraud_shares(p, y).mean()) - roc_auc_score(y, p)) < 1e-12


def test_pos_weight_up_weights_frauds_in_the_tree_loss() -> None:
    """`--pos-weight`: the weighted trees put more log-odds on the rare class
    (calibration, fitted afterwards unweighted, takes the shift back out)."""
    from models.train import fit_trees

    rng = np.random.default_rng(0)
    X = rng.normal(size=(4000, 3))
    y = (X[:, 0] + 0.5 * rng.normal(size=4000) > 2.6).astype(np.int64)   # ~1 % positives
    plain = fit_trees(X, y, 0, 20, 3, 0.2, 20)
    heavy = fit_trees(X, y, 0, 20, 3, 0.2, 20, pos_weight=10.0)
    same = fit_trees(X, y, 0, 20, 3, 0.2, 20, pos_weight=1.0)
    assert np.array_equal(plain.decision_function(X), same.decision_function(X))
    # the mean predicted fraud probability rises (x10 odds in the unregularized limit)
    assert heavy.predict_proba(X)[:, 1].mean() > 1.5 * plain.predict_proba(X)[:, 1].mean()


def test_cp_at_k_drops_cards_detected_on_earlier_days() -> None:
    """CP@k as the book computes it (and benchmarks/replay_handbook.py): a card
    flagged with a fraud in one day's top k does not count again later."""
    from benchmarks.replay_handbook import card_precision_top_k
    from models.train import card_precision_at_k

    day = np.array([0, 0, 0, 0, 1, 1, 1])
    cust = np.array(["1", "2", "2", "3", "1", "3", "2"])
    score = np.array([0.9, 0.1, 0.8, 0.2, 0.99, 0.5, 0.4])
    label = np.array([1, 0, 0, 1, 1, 1, 0])
    # day 0: top 2 = cards 1 (fraud), 2; day 1: card 1 is already detected, top 2 = 3 (fraud), 2
    assert card_precision_at_k(score, label, day * DAY, cust, k=2) == 0.5
    # the same as the replay's implementation on a random history
    rng = np.random.default_rng(3)
    n = 3000
    day = rng.integers(0, 7, n)
    ci = rng.integers(0, 400, n)
    lab = (rng.random(n) < 0.05).astype(np.int64)
    sc = rng.random(n) + lab * rng.random(n)
    ref, _ = card_precision_top_k(day, ci, sc, lab, k=20)
    assert card_precision_at_k(sc, lab, day * DAY + 5.0, ci.astype(str), k=20) == pytest.approx(ref)


def test_balanced_bag_exports_as_one_ensemble_with_the_mean_log_odds() -> None:
    """`--bags`/`--neg-ratio`: each member sees every fraud and its own sample
    of genuine rows; the merged export scores the mean of the members' log-odds."""
    from argparse import Namespace

    from models.bagging import BaggedTrees, balanced_sample, export_any
    from models.export import compile_ensemble
    from models.train import fit_model

    rng = np.random.default_rng(0)
    X = rng.normal(size=(5000, 4))
    y = (X[:, 0] + 0.5 * rng.normal(size=5000) > 2.5).astype(np.int64)
    idx = balanced_sample(y, 5.0, np.random.default_rng(1))
    assert y[idx].sum() == y.sum() and (y[idx] == 0).sum() == 5 * y.sum()
    assert np.array_equal(balanced_sample(y, 0.0, np.random.default_rng(1)), np.arange(len(y)))
    args = Namespace(bags=3, neg_ratio=5.0, seed=0, max_iter=15, max_depth=3, learning_rate=0.2,
                     min_samples_leaf=10, pos_weight=1.0, max_features=0.5, monotone=False)
    bag = fit_model(X, y, args)
    assert isinstance(bag, BaggedTrees) and len(bag.models) == 3
    members = np.array([m.decision_function(X) for m in bag.models])
    assert not np.allclose(members[0], members[1])    # different samples, different models
    raw = compile_ensemble(export_any(bag))
    z = np.array([raw(row) for row in X.tolist()])
    assert np.max(np.abs(z - members.mean(axis=0))) < 1e-9
    # same arguments, same models; one model when bagging is off
    assert np.array_equal(fit_model(X, y, args).decision_function(X), bag.decision_function(X))
    single = fit_model(X, y, Namespace(**{**vars(args), "bags": 1, "neg_ratio": 0.0}))
    assert not isinstance(single, BaggedTrees)


def test_scenario_auc_loss_splits_one_minus_auc_exactly() -> None:
    """Per-scenario AUC is that scenario's frauds against all genuine payments,
    and the scenarios' `lost` parts add up to the overall 1 - AUC, ties included."""
    from sklearn.metrics import roc_auc_score

    from models.train import scenario_auc_loss

    rng = np.random.default_rng(3)
    n = 4000
    y = (rng.random(n) < 0.05).astype(int)
    scen = np.where(y == 1, rng.choice(["easy", "hard", ""], n), "")
    p = rng.random(n)
    p[scen == "easy"] += 0.8                          # well ranked
    p = np.round(p, 2)                                # plenty of ties
    out = scenario_auc_loss(p, y, scen)
    assert set(out) == {"easy", "hard", "unnamed"}
    assert sum(r["frauds"] for r in out.values()) == y.sum()
    assert abs(sum(r["lost"] for r in out.values()) - (1.0 - roc_auc_score(y, p))) < 1e-12
    for name, tag in (("easy", "easy"), ("hard", "hard"), ("unnamed", "")):
        m = (y == 0) | (scen == tag) if tag else (y == 0) | ((y == 1) & (scen == ""))
        assert abs(out[name]["auc"] - roc_auc_score(y[m], p[m])) < 1e-12
    assert out["easy"]["auc"] > 0.95 > 0.6 > out["hard"]["auc"]
    assert scenario_auc_loss(p, np.zeros(n, dtype=int), scen) == {}


def test_monotone_constraint_keeps_risk_rising_where_the_data_wiggle() -> None:
    """A band of the amount ratio that happened to be all fraud in one world must
    not teach the trees that a still larger ratio is safer (`--monotone`)."""
    from features.extract import FEATURE_NAMES
    from models.scorer import EXTRA_FEATURES
    from models.train import MONOTONE_INCREASING, fit_trees, monotone_constraints

    rng = np.random.default_rng(3)
    x = rng.uniform(0, 10, size=(6000, 1))
    y = ((x[:, 0] > 4) & (x[:, 0] < 6)).astype(int)          # fraud only in the middle band
    grid = np.linspace(0, 10, 101).reshape(-1, 1)
    free = fit_trees(x, y, 0, 40, 4).decision_function(grid)
    mono = fit_trees(x, y, 0, 40, 4, monotonic_cst=[1]).decision_function(grid)
    assert free[90] < free[50] - 1.0                           # unconstrained: "larger is safer"
    assert np.all(np.diff(mono) >= -1e-12)                     # constrained: never falls
    assert mono[90] >= mono[50]

    cst = monotone_constraints(list(FEATURE_NAMES) + list(EXTRA_FEATURES))
    assert sum(cst) == len(MONOTONE_INCREASING) and set(cst) <= {0, 1}
    with pytest.raises(ValueError, match="missing"):
        monotone_constraints(["log_amount"])
