"""The risk model the engine calls: likelihood ratio, supervised trees,
calibration and online correction, combined into one probability.

    z_lr  = likelihood model log-odds                (always; works with no labels)
    z     = trees(values + [z_lr])                   (when a trained artefact is loaded)
    z_cal = calibration(z)                           (Platt or isotonic, fitted on a later slice)
    p     = sigmoid(online.adjust(z_cal, values))    (river correction from delayed reports)
    p     = sigmoid(local(values + [z_cal]))         (instead, once a local refit is adopted)

Without an artefact the likelihood model alone answers (calibration identity),
so the service works out of the box before a bank trains on its own history.
Everything heavy (reading and checking the artefact, compiling the trees)
happens in `load`; `score` is arithmetic on the feature vector.

An artefact directory holds `model.json` (trees, calibration, feature
scales) and `manifest.json` (version, feature names, training summary,
metrics, SHA-256 of model.json). A named directory that is missing, a
checksum that does not match or feature names that this version no longer
computes raise `ArtefactError` with the reason: the engine turns that into
DEGRADED decisions rather than scoring with a model that does not fit the
features. Features are matched by name (`remap_features`): an artefact
trained before a release added features scores exactly as before, the new
ones unused, so an upgrade that only adds features never forces a retrain.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
from pathlib import Path
from typing import Any, Sequence

import msgspec

from features.extract import FEATURE_NAMES, LLR_GROUPS, FeatureSet
from features.reasons import Reason
from models.calibration import Calibrator, calibrator_from_dict, sigmoid
from models.export import compile_ensemble, ensemble_from_dict, tree_evaluator
from models.likelihood import LikelihoodModel
from models.local_refit import LocalModel, RefitConfig, RefitResult
from models.online import DAY, OnlineConfig, OnlineLearner

__all__ = ["RiskEstimate", "RiskModel", "ArtefactError", "FeatureMismatch", "remap_features", "save_artefact", "DEFAULT_ARTEFACT_DIR", "EXTRA_FEATURES",
           "MODEL_FILE", "MANIFEST_FILE", "FORMAT"]

log = logging.getLogger("riskgate.model")

DEFAULT_ARTEFACT_DIR = Path(__file__).resolve().parent / "artefacts"
MODEL_FILE = "model.json"
MANIFEST_FILE = "manifest.json"
FORMAT = "riskgate-model/1"
# Inputs of the trees beyond FEATURE_NAMES, in order.
EXTRA_FEATURES: tuple[str, ...] = ("lr_log_odds",)

_LLR0 = FEATURE_NAMES.index("llr_device")
_N_LLR = len(LLR_GROUPS)
_COLD = FEATURE_NAMES.index("cold_start")


def remap_features(model: dict[str, Any], names: list[str], current: Sequence[str]) -> dict[str, Any]:
    """`model` (as in model.json) for inputs named `names`, rewritten for inputs
    named `current` (FEATURE_NAMES + EXTRA_FEATURES of this version): each split
    reads its feature at the new position, `n_features` grows, and the feature
    scales of features the artefact never saw are neutral (mean 0, sd 1).
    Raises FeatureMismatch when a feature the artefact has is no longer computed."""
    current = list(current)
    if names == current:
        return model
    pos = {n: i for i, n in enumerate(current)}
    gone = [n for n in names if n not in pos]
    if gone or len(set(names)) != len(names):
        raise FeatureMismatch(
            "the artefact was trained on features this version does not compute "
            f"({', '.join(gone[:5]) or 'duplicate names'}; retrain with `python -m models.train`)")
    where = [pos[n] for n in names]
    ens = model.get("trees")
    if not isinstance(ens, dict) or not isinstance(ens.get("trees"), list) or ens.get("n_features") != len(names):
        raise ArtefactError("model file is malformed: its trees do not match the manifest's feature names")
    trees = []
    for t in ens["trees"]:
        feat = t.get("feature") if isinstance(t, dict) else None
        if not isinstance(feat, list) or not all(isinstance(f, int) and -1 <= f < len(names) for f in feat):
            raise ArtefactError("model file is malformed: a split reads no feature of the manifest")
        trees.append({**t, "feature": [f if f < 0 else where[f] for f in feat]})
    out = {**model, "trees": {**ens, "n_features": len(current), "trees": trees}}
    n_old = len(names) - len(EXTRA_FEATURES)
    old_pos = {n: i for i, n in enumerate(names[:n_old])}
    for key, neutral in (("feature_means", 0.0), ("feature_sds", 1.0)):
        xs = model.get(key)
        if isinstance(xs, list) and len(xs) == n_old:
            out[key] = [xs[old_pos[n]] if n in old_pos else neutral for n in current[:len(FEATURE_NAMES)]]
    return out


class RiskEstimate(msgspec.Struct):
    p_fraud: float
    reasons: list[Reason]
    model_version: str


class ArtefactError(RuntimeError):
    """The named model artefact cannot be used (missing, corrupt, or built
    for other features)."""


class FeatureMismatch(ArtefactError):
    """The artefact is intact but was trained on another feature layout."""


def _read_json(path: Path) -> Any:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArtefactError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return data, json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ArtefactError(f"{path} is not valid JSON (corrupt or truncated): {exc}") from None


def _floats(xs: Any, n: int, what: str) -> list[float]:
    if not isinstance(xs, list) or len(xs) != n:
        raise ArtefactError(f"{what} must be a list of {n} numbers")
    try:
        out = [float(x) for x in xs]
    except (TypeError, ValueError):
        raise ArtefactError(f"{what} must be a list of {n} numbers") from None
    if not all(math.isfinite(x) for x in out):
        raise ArtefactError(f"{what} has non-finite entries")
    return out


def save_artefact(out_dir: str | Path, ensemble: Any, calibrator: Calibrator, means: Sequence[float],
                  sds: Sequence[float], info: dict[str, Any], version_date: str) -> dict[str, Any]:
    """Write `model.json` + `manifest.json`; returns the manifest. The bytes
    depend only on the arguments (sorted keys, no clock), so a rebuild from
    the same data is byte-identical."""
    from models.calibration import calibrator_to_dict
    from models.export import ensemble_to_dict

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = {
        "trees": ensemble_to_dict(ensemble),
        "calibration": calibrator_to_dict(calibrator),
        "feature_means": [float(v) for v in means],
        "feature_sds": [float(v) if v > 1e-9 else 1.0 for v in sds],
    }
    model_bytes = json.dumps(model, sort_keys=True, separators=(",", ":")).encode()
    digest = hashlib.sha256(model_bytes).hexdigest()
    manifest = dict(info)
    manifest.update({
        "format": FORMAT,
        "version": f"lr-1+gbm-{version_date}-{digest[:6]}",
        "sha256": digest,
        "feature_names": list(FEATURE_NAMES) + list(EXTRA_FEATURES),
    })
    (out / MODEL_FILE).write_bytes(model_bytes)
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


class RiskModel:
    def __init__(self, *, likelihood: LikelihoodModel | None = None, model: dict[str, Any] | None = None,
                 manifest: dict[str, Any] | None = None, online_cfg: OnlineConfig | None = None,
                 refit_cfg: RefitConfig | None = None) -> None:
        self.lr = likelihood or LikelihoodModel()
        self.manifest = manifest or {}
        self._trees = None
        #: "c" or "python": which tree evaluator scores (None without trees); logged at start
        self.tree_evaluator: str | None = None
        self.calibrator = Calibrator()
        means = sds = None
        self._base_version = "lr-1"
        if model is not None:
            try:
                ens = ensemble_from_dict(model["trees"])
                self.calibrator = calibrator_from_dict(model["calibration"])
            except (KeyError, ValueError, TypeError) as exc:
                raise ArtefactError(f"model file is malformed: {exc}") from None
            n_in = len(FEATURE_NAMES) + len(EXTRA_FEATURES)
            if ens.n_features != n_in:
                raise ArtefactError(f"the trees expect {ens.n_features} inputs, the features give {n_in}")
            self.tree_evaluator = tree_evaluator()
            try:
                self._trees = compile_ensemble(ens, self.tree_evaluator)
            except ValueError as exc:
                raise ArtefactError(f"model file is malformed: {exc}") from None
            means = _floats(model.get("feature_means"), len(FEATURE_NAMES), "feature_means")
            sds = _floats(model.get("feature_sds"), len(FEATURE_NAMES), "feature_sds")
            self._base_version = str(self.manifest.get("version") or "lr-1+gbm")
        self.online = OnlineLearner(FEATURE_NAMES, means, sds, online_cfg or OnlineConfig())
        self.local = LocalModel(len(FEATURE_NAMES), refit_cfg or RefitConfig(),
                                self.online.cfg.maturity_days * DAY)
        self.local.on_change = self._refresh_version
        self.local.baseline_of = self.online.frozen_adjust
        self._gen = 0
        self._fits = 0
        self.model_version = self._base_version
        #: names the model whose probabilities challenge results describe
        #: (`models.challenge_calibration`): the offline artefact and the adopted local refit,
        #: not the online correction's generation, which moves with every report
        self.calibration_key = self._base_version

    # ------------------------------------------------------------ loading
    @classmethod
    def load(cls, model_dir: str | Path | None = None, online_cfg: OnlineConfig | None = None,
             refit_cfg: RefitConfig | None = None) -> "RiskModel":
        """`None`: the shipped default artefact if present, else the
        likelihood model alone. A named directory must hold a valid artefact."""
        if model_dir is None:
            if not (DEFAULT_ARTEFACT_DIR / MANIFEST_FILE).exists():
                return cls(online_cfg=online_cfg, refit_cfg=refit_cfg)
            try:
                return cls.load(DEFAULT_ARTEFACT_DIR, online_cfg, refit_cfg)
            except FeatureMismatch as exc:
                # The shipped model predates this version's features: the
                # likelihood model alone is a sound answer, DEGRADED is not.
                log.warning("shipped model artefact not used: %s", exc)
                return cls(online_cfg=online_cfg, refit_cfg=refit_cfg)
        d = Path(model_dir)
        if d.exists() and not d.is_dir():    # e.g. --model my-model/model.json: the directory is wanted
            raise ArtefactError(f"{d} is a file, not a model directory (give the directory that holds "
                                f"{MANIFEST_FILE})")
        if not d.is_dir():
            raise ArtefactError(f"model directory {d} does not exist")
        _, manifest = _read_json(d / MANIFEST_FILE)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ArtefactError(f"{d / MANIFEST_FILE} is not a {FORMAT} manifest")
        names = manifest.get("feature_names")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names) \
                or names[-len(EXTRA_FEATURES):] != list(EXTRA_FEATURES):
            raise FeatureMismatch("the artefact's manifest lists no usable feature names "
                                  "(retrain with `python -m models.train`)")
        raw, model = _read_json(d / MODEL_FILE)
        digest = hashlib.sha256(raw).hexdigest()
        if digest != manifest.get("sha256"):
            raise ArtefactError(f"{d / MODEL_FILE} does not match its manifest checksum (corrupt or edited)")
        if not isinstance(model, dict):
            raise ArtefactError(f"{d / MODEL_FILE} is not a model object")
        current = list(FEATURE_NAMES) + list(EXTRA_FEATURES)
        if names != current:
            model = remap_features(model, names, current)
            log.info("model artefact %s: %d of this version's %d features, matched by name",
                     manifest.get("version"), len(names) - len(EXTRA_FEATURES), len(FEATURE_NAMES))
        return cls(model=model, manifest=manifest, online_cfg=online_cfg, refit_cfg=refit_cfg)

    @property
    def has_trees(self) -> bool:
        return self._trees is not None

    # ------------------------------------------------------------ hot path
    def base_log_odds(self, values: Sequence[float], z_lr: float) -> float:
        """Calibrated offline log-odds before the online correction."""
        trees = self._trees
        if trees is None:
            return z_lr
        x = list(values)
        x.append(z_lr)
        return self.calibrator.logit_out(trees(x))

    def score(self, fs: FeatureSet) -> RiskEstimate:
        z_lr = self.lr.log_odds(fs)
        z = self.base_log_odds(fs.values, z_lr)
        return RiskEstimate(sigmoid(self._adapted(z, fs.values)), self.lr.explain(fs), self.model_version)

    def predict_values(self, values: Sequence[float]) -> float:
        """Probability from a stored feature vector alone (as kept in decision
        records): what `score` gives for the FeatureSet it came from."""
        return sigmoid(self._adapted(self.base_log_odds(values, self.lr_log_odds_values(values)), values))

    def _adapted(self, z: float, values: Sequence[float]) -> float:
        """The offline log-odds as answered: by the adopted local refit, else
        with the online correction."""
        local = self.local
        return local.log_odds(values, z) if local.active else self.online.adjust(z, values)

    def lr_log_odds_values(self, values: Sequence[float]) -> float:
        """The likelihood model's log-odds recomputed from the vector (its
        llr_* entries and the cold-start flag), for feedback that has only
        the stored vector; equal to `LikelihoodModel.log_odds` (tested)."""
        s = self.lr._prior + sum(values[_LLR0:_LLR0 + _N_LLR])
        if values[_COLD] > 0.5:
            s += self.lr.cfg.cold_start_llr
        return s

    # ------------------------------------------------------------ learning
    def learn_one(self, values: Sequence[float], is_fraud: bool, ts: float | None = None,
                  customer_id: str | None = None, paid_ts: float | None = None,
                  report_cleared: bool = False) -> None:
        """A fraud report (True) or cleared case (False) for a decision whose
        stored feature vector is `values`; `ts` is when it was reported,
        `paid_ts` when the payment was made (default `ts`); `report_cleared`:
        the case cleared a standing report of it."""
        if len(values) != len(FEATURE_NAMES):
            return   # a record from another feature version: nothing to learn
        z = self.base_log_odds(values, self.lr_log_odds_values(values))
        self.online.learn_label(z, values, bool(is_fraud), ts, customer_id, report_cleared=report_cleared)
        if is_fraud and ts is not None:
            self.local.add_report(values, z, paid_ts if paid_ts is not None else ts, ts, customer_id)
        elif not is_fraud and ts is not None:
            self.local.remove_report(values, paid_ts if paid_ts is not None else ts, customer_id)
        self._refresh_version()

    def refit_due(self, now: float) -> bool:
        """Whether enough new reports have settled for a local refit (`models.local_refit`)."""
        return self.local.due(now)

    def refit(self, now: float) -> RefitResult:
        """A local refit in line (replays and tests; the service fits in a
        worker thread with `local.prepare` / `fit_local` / `adopt_refit`)."""
        return self.local.refit(now)

    def adopt_refit(self, res: RefitResult) -> None:
        self.local.adopt(res)

    def observe_completed(self, values: Sequence[float], ts: float, customer_id: str) -> None:
        """A completed payment, a genuine one unless reported within the
        maturity delay; the online learner samples it as a future negative."""
        if len(values) != len(FEATURE_NAMES):
            return
        self.online.observe_completed(values, ts, customer_id, self._z_of)
        self._refresh_version()

    def observe_scored(self, values: Sequence[float], ts: float, customer_id: str) -> None:
        """Any scored payment, completed or not: the local refits sample their
        genuine examples from all of them, as their reports come from all of
        them (a stopped attempt is reported too). Sampling completed payments
        only would leave out the genuine ones the policy denied or whose
        challenge failed: no genuine examples where the policy is strictest,
        so each refit would answer a higher p there than the last."""
        if len(values) != len(FEATURE_NAMES):
            return
        self.local.observe(values, ts, customer_id, self._z_of)

    def _z_of(self, values: Sequence[float]) -> float:
        return self.base_log_odds(values, self.lr_log_odds_values(values))

    def _refresh_version(self) -> None:
        g, k = self.online.generation, (self.local.fits if self.local.active else 0)
        if g != self._gen or k != self._fits:
            self._gen, self._fits = g, k
            # a local model answers alone (`_adapted`): the online correction's
            # generation is not named beside it (a review found a version that changed
            # with learning that did not change the answer)
            v = f"{self._base_version}+ol{g}" if g else self._base_version
            self.model_version = f"{self._base_version}+lm{k}" if k else v
            self.calibration_key = f"{self._base_version}+lm{k}" if k else self._base_version

    # ------------------------------------------------------------ persistence
    def snapshot(self) -> bytes:
        return self.online.snapshot()

    def restore(self, blob: bytes) -> None:
        self.online.restore(blob)
        self._refresh_version()
