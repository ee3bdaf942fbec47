"""Artefacts that validate must score finite probabilities, and load in time (a
white-box review, 2026-11-28: each test failed on the code before its fix)."""
from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

from features.config import DAY
from models.export import compile_python, ensemble_from_dict
from models.scorer import DEFAULT_ARTEFACT_DIR, FEATURE_NAMES, EXTRA_FEATURES, RiskModel, remap_features
from tests.test_features_extract import HOME, NOW, World, background, pay

def _write_artefact(d: Path, model: dict) -> Path:
    man = json.loads((DEFAULT_ARTEFACT_DIR / "manifest.json").read_text())
    cur = list(FEATURE_NAMES) + list(EXTRA_FEATURES)
    d.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(model).encode()
    (d / "model.json").write_bytes(raw)
    (d / "manifest.json").write_text(json.dumps(dict(man, feature_names=cur, sha256=hashlib.sha256(raw).hexdigest())))
    return d


def _base_model() -> dict:
    man = json.loads((DEFAULT_ARTEFACT_DIR / "manifest.json").read_text())
    model = json.loads((DEFAULT_ARTEFACT_DIR / "model.json").read_bytes())
    return remap_features(model, man["feature_names"], list(FEATURE_NAMES) + list(EXTRA_FEATURES))


def _loads_and_scores_finite_or_refuses(d: Path) -> None:
    from models.scorer import ArtefactError
    try:
        m = RiskModel.load(d)
    except ArtefactError:
        return   # refused at load: DEGRADED, as documented
    w = World()
    background(w)
    for d in range(20):
        w.complete(pay(NOW - 20 * DAY + d * DAY, **HOME, payee_id="grocer", amount=40.0 + d % 5))
    fs = w.score(pay(NOW, **HOME, payee_id="grocer", amount=42.0))
    p = m.score(fs).p_fraud
    assert math.isfinite(p) and 0.0 <= p <= 1.0, f"artefact loaded ({m.model_version}) but scores p={p}"


def test_isotonic_calibration_with_non_finite_breakpoints_is_refused(tmp_path: Path) -> None:
    model = _base_model()
    model["calibration"] = {"method": "isotonic", "a": 1.0, "b": 0.0, "xs": [-math.inf, math.inf], "ys": [0.01, 0.5]}
    _loads_and_scores_finite_or_refuses(_write_artefact(tmp_path / "iso", model))


def test_infinite_leaf_values_are_refused(tmp_path: Path) -> None:
    model = _base_model()
    n = model["trees"]["n_features"]
    leaf = {"feature": [-1], "threshold": [0.0], "left": [0], "right": [0], "missing_left": [0]}
    model["trees"]["trees"] += [dict(leaf, value=[math.inf]), dict(leaf, value=[-math.inf])]
    assert n == len(FEATURE_NAMES) + 1
    _loads_and_scores_finite_or_refuses(_write_artefact(tmp_path / "inf", model))


def test_a_tree_with_a_node_shared_by_two_parents_is_refused() -> None:
    """Node i sending both branches to node i+1 made the Python evaluator's code
    2**depth paths: a 40-node tree never loaded, and the service never got ready."""
    import pytest

    feat = list(range(10)) + [-1]
    nxt = [i + 1 for i in range(10)] + [0]
    with pytest.raises(ValueError, match="more than one parent"):
        ensemble_from_dict({"baseline": 0.0, "n_features": 10, "trees": [{
            "feature": feat, "threshold": [0.0] * 11, "left": nxt, "right": nxt, "value": [0.0] * 10 + [1.0],
            "missing_left": [0] * 11}]})
    ens = ensemble_from_dict(_base_model()["trees"])      # the shipped trees are trees
    assert len(ens.trees) > 0 and compile_python(ens) is not None
