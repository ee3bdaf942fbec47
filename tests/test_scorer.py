"""RiskModel: loading (and refusing) artefacts, agreement with the trained
scikit-learn model and calibration, the likelihood-only fallback, online
learning through the engine-facing methods, calibration on held-out data."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

from features.attributes import DeriveContext, derive
from features.extract import FEATURE_NAMES, FeatureSet, extract
from features.payment import Payment
from features.population import PopulationFrequencies
from features.profile import learn, new_profile
from models.calibration import brier, fit_platt, sigmoid
from models.export import export_hgb
from models.likelihood import LikelihoodModel
from models.online import OnlineConfig
from models.scorer import MANIFEST_FILE, MODEL_FILE, ArtefactError, RiskModel, save_artefact

N = len(FEATURE_NAMES)
T0 = 1_767_225_600.0  # 2026-01-01


@pytest.fixture(scope="module")
def feature_sets() -> list[FeatureSet]:
    """Real feature sets: a cold customer, then the same customer after some
    history, at familiar and unfamiliar devices, places and amounts."""
    ctx = DeriveContext.create(b"k" * 32)
    freq = PopulationFrequencies()
    prof = new_profile()
    out = []
    base = dict(customer_id="c1", currency="EUR", channel="mobile", ip="81.2.69.160", device_id="d1",
                user_agent="BankApp/7.1 (Android 14; SM-S918B)", lat=52.52, lon=13.40, country="DE",
                city="Berlin", payee_id="p1")
    for i in range(12):
        pay = Payment(transaction_id=f"t{i}", timestamp="", ts=T0 + i * 86400.0 + 3600 * (i % 3),
                      amount=20.0 + i, **base)
        a = derive(pay, ctx)
        fs = extract(a, prof, {}, freq)
        out.append(fs)
        learn(prof, a)
        freq.observe(a, fs.novelty)
    odd = dict(base, device_id="d9", ip="203.0.113.7", lat=-33.9, lon=151.2, country="AU", city="Sydney",
               payee_id="p-new")
    for i, amount in enumerate((25.0, 900.0, 5000.0)):
        pay = Payment(transaction_id=f"o{i}", timestamp="", ts=T0 + 20 * 86400.0 + i * 60, amount=amount, **odd)
        out.append(extract(derive(pay, ctx), prof, {}, freq))
    return out


@pytest.fixture(scope="module")
def trained(tmp_path_factory: Any) -> dict[str, Any]:
    """A small tree model on synthetic vectors of the real feature layout,
    with Platt calibration on a later slice, saved as an artefact."""
    rng = np.random.default_rng(3)
    n = 6000
    X = rng.normal(size=(n, N + 1))
    X[:, FEATURE_NAMES.index("cold_start")] = rng.random(n) < 0.2
    logit = 2.0 * X[:, 0] + 1.5 * X[:, -1] - 4.5
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    fit, cal, test = slice(0, 3000), slice(3000, 4500), slice(4500, n)
    with threadpool_limits(1):   # OpenMP threads only slow a small fit down
        clf = HistGradientBoostingClassifier(max_iter=40, max_depth=4, random_state=0).fit(X[fit], y[fit])
    cal_model = fit_platt(clf.decision_function(X[cal]), y[cal])
    d = tmp_path_factory.mktemp("artefact")
    save_artefact(d, export_hgb(clf), cal_model, X[fit, :N].mean(axis=0), X[fit, :N].std(axis=0),
                  {"note": "test"}, "20260101")
    return {"dir": d, "clf": clf, "cal": cal_model, "X": X, "y": y, "test": test}


def test_without_artefact_the_likelihood_model_answers(feature_sets: list[FeatureSet]) -> None:
    model = RiskModel()
    lr = LikelihoodModel()
    for fs in feature_sets:
        r = model.score(fs)
        assert r.p_fraud == pytest.approx(lr.predict_proba_one(fs), abs=1e-12)
        assert r.model_version == "lr-1"
        assert [x.code for x in r.reasons] == [x.code for x in lr.explain(fs)]
    # the unfamiliar payments are riskier than the habitual ones
    assert model.score(feature_sets[-1]).p_fraud > model.score(feature_sets[11]).p_fraud


def test_log_odds_from_stored_vector_equal_the_likelihood_model(feature_sets: list[FeatureSet]) -> None:
    model = RiskModel()
    for fs in feature_sets:
        assert model.lr_log_odds_values(fs.values) == pytest.approx(model.lr.log_odds(fs), abs=1e-12)
        assert model.predict_values(fs.values) == pytest.approx(model.score(fs).p_fraud, abs=1e-12)


def test_artefact_scores_equal_sklearn_plus_calibration(trained: dict[str, Any]) -> None:
    model = RiskModel.load(trained["dir"])
    assert model.has_trees and model.model_version.startswith("lr-1+gbm-20260101-")
    X = trained["X"][trained["test"]]
    # the last input is the likelihood log-odds, which the model derives from the vector
    X = X.copy()
    X[:, -1] = [model.lr_log_odds_values(row) for row in X[:, :N].tolist()]
    ours = np.array([model.predict_values(row) for row in X[:, :N].tolist()])
    theirs = np.array([trained["cal"](z) for z in trained["clf"].decision_function(X)])
    assert np.max(np.abs(ours - theirs)) < 1e-9


def test_calibration_holds_on_held_out_data(trained: dict[str, Any]) -> None:
    clf, cal = trained["clf"], trained["cal"]
    X, y = trained["X"][trained["test"]], trained["y"][trained["test"]]
    z = clf.decision_function(X)
    p_cal = np.array([cal(v) for v in z])
    # calibrated: mean prediction close to the observed rate, Brier no worse than raw
    # (within 1 %: the fixture's random vectors have the feature layout's width, so
    # appending features redraws them, and on 1,500 rows the two differ by noise of that size)
    assert abs(p_cal.mean() - y.mean()) < 0.35 * y.mean() + 0.005
    assert brier(p_cal, y) <= 1.01 * brier(1 / (1 + np.exp(-z)), y)


def _copy(trained: dict[str, Any], tmp_path: Path) -> Path:
    d = tmp_path / "m"
    shutil.copytree(trained["dir"], d)
    return d


def test_missing_named_directory_raises(tmp_path: Path) -> None:
    with pytest.raises(ArtefactError, match="does not exist"):
        RiskModel.load(tmp_path / "nope")


def test_truncated_model_file_raises(trained: dict[str, Any], tmp_path: Path) -> None:
    d = _copy(trained, tmp_path)
    raw = (d / MODEL_FILE).read_bytes()
    (d / MODEL_FILE).write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ArtefactError, match="not valid JSON"):
        RiskModel.load(d)


def test_edited_model_file_fails_the_checksum(trained: dict[str, Any], tmp_path: Path) -> None:
    d = _copy(trained, tmp_path)
    m = json.loads((d / MODEL_FILE).read_bytes())
    m["calibration"]["b"] += 1.0
    (d / MODEL_FILE).write_text(json.dumps(m))
    with pytest.raises(ArtefactError, match="checksum"):
        RiskModel.load(d)


def test_other_feature_names_are_refused(trained: dict[str, Any], tmp_path: Path) -> None:
    d = _copy(trained, tmp_path)
    man = json.loads((d / MANIFEST_FILE).read_text())
    man["feature_names"] = man["feature_names"][::-1]
    (d / MANIFEST_FILE).write_text(json.dumps(man))
    with pytest.raises(ArtefactError, match="no usable feature names"):
        RiskModel.load(d)
    # a feature this version does not compute (renamed or dropped): refused, naming it
    man["feature_names"] = ["a_feature_of_the_past", *FEATURE_NAMES[1:], "lr_log_odds"]
    (d / MANIFEST_FILE).write_text(json.dumps(man))
    with pytest.raises(ArtefactError, match="a_feature_of_the_past"):
        RiskModel.load(d)


def test_an_artefact_from_before_a_feature_was_added_scores_as_before(trained: dict[str, Any],
                                                                      tmp_path: Path) -> None:
    """Rewrite the trained artefact as if it had been built when the feature
    vector lacked one feature its trees never split on; loaded into this version
    (matched by name) it gives the same probabilities, whatever that feature's value."""
    m = json.loads((trained["dir"] / MODEL_FILE).read_bytes())
    man = json.loads((trained["dir"] / MANIFEST_FILE).read_text())
    used = {f for t in m["trees"]["trees"] for f in t["feature"]}
    gone = next(i for i in range(5, N) if i not in used and not FEATURE_NAMES[i].startswith("llr_"))
    for t in m["trees"]["trees"]:
        t["feature"] = [f - 1 if f > gone else f for f in t["feature"]]
    m["trees"]["n_features"] -= 1
    for key in ("feature_means", "feature_sds"):
        del m[key][gone]
    raw = json.dumps(m, sort_keys=True, separators=(",", ":")).encode()
    man["feature_names"] = [n for i, n in enumerate(man["feature_names"]) if i != gone]
    import hashlib

    man["sha256"] = hashlib.sha256(raw).hexdigest()
    d = tmp_path / "old"
    d.mkdir()
    (d / MODEL_FILE).write_bytes(raw)
    (d / MANIFEST_FILE).write_text(json.dumps(man))
    old, new = RiskModel.load(d), RiskModel.load(trained["dir"])
    X = trained["X"][trained["test"]][:300, :N].copy()
    X[:, gone] = np.random.default_rng(1).normal(size=len(X)) * 100.0
    for row in X.tolist():
        assert old.predict_values(row) == new.predict_values(row)
    assert old.online.mu[0] == new.online.mu[0] and old.online.names == new.online.names


def test_corrupt_artefact_gives_degraded_decisions(trained: dict[str, Any], tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from service.app import create_app
    from service.config import Settings

    d = _copy(trained, tmp_path)
    (d / MODEL_FILE).write_bytes((d / MODEL_FILE).read_bytes()[:100])
    settings = Settings(api_keys=("k",), data_dir=str(tmp_path / "data"), model_dir=str(d))
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        r = c.post("/v1/score", headers={"Authorization": "Bearer k"},
                   json={"transaction_id": "t1", "customer_id": "c1", "timestamp": "2026-01-05T13:45:12Z",
                         "amount": 12.5, "currency": "EUR"})
        assert r.status_code == 200
        assert "DEGRADED" in [x["code"] for x in r.json()["reasons"]]


def test_reports_move_the_probability_up_and_version_changes(feature_sets: list[FeatureSet]) -> None:
    cfg = OnlineConfig(min_pos=3, min_neg=10, maturity_days=1.0, sample_rate=1.0, version_every=5,
                       max_matured_per_call=100)
    model = RiskModel(online_cfg=cfg)
    risky = feature_sets[-1]
    usual = feature_sets[11]
    p0 = model.score(risky).p_fraud
    v0 = model.model_version
    t = T0 + 30 * 86400.0
    for i in range(60):
        model.observe_completed(usual.values, t + i * 3600.0, f"g{i}")
    for i in range(10):
        model.learn_one(risky.values, True, ts=t + 3 * 86400.0 + i, customer_id=f"v{i}")
    for i in range(60):
        model.observe_completed(usual.values, t + 3 * 86400.0 + i * 3600.0, f"g{i}")
    assert model.online.active
    assert model.score(risky).p_fraud > p0
    assert model.model_version != v0
    blob = model.snapshot()
    again = RiskModel(online_cfg=cfg)
    again.restore(blob)
    assert again.score(risky).p_fraud == pytest.approx(model.score(risky).p_fraud, abs=1e-12)
    assert again.model_version == model.model_version


def test_shipped_artefact_matches_the_current_features() -> None:
    """Fails when the features change without a rebuild of models/artefacts
    (docs/models.md has the command); without a shipped artefact there is
    nothing to check."""
    from models.scorer import DEFAULT_ARTEFACT_DIR

    if not (DEFAULT_ARTEFACT_DIR / MANIFEST_FILE).exists():
        pytest.skip("no shipped artefact")
    model = RiskModel.load(DEFAULT_ARTEFACT_DIR)
    assert model.has_trees
    assert RiskModel.load(None).model_version == model.model_version


def test_vectors_of_another_length_are_ignored() -> None:
    model = RiskModel()
    model.learn_one([0.0] * (N - 1), True, ts=T0, customer_id="c")
    model.observe_completed([0.0] * (N + 2), T0, "c")
    assert model.online.n_learned == 0 and not model.online.pending


def test_sigmoid_is_stable_at_extremes() -> None:
    assert sigmoid(-800.0) == 0.0 and sigmoid(800.0) == 1.0


def test_isotonic_calibration_of_nan_is_nan_not_an_index_error() -> None:
    """As Platt's sigmoid gives (a review: bisect past the last breakpoint raised)."""
    import math

    from models.calibration import Calibrator

    iso = Calibrator(method="isotonic", xs=[-2.0, 0.0, 2.0], ys=[0.1, 0.5, 0.9])
    assert math.isnan(iso(math.nan)) and iso(-5.0) == 0.1 and iso(1.0) == 0.7
