"""Local refits: a small boosted model learned inside the service from the
bank's own labelled payments, between retrains.

Why: the shipped artefact learned a generated world. In a world it never saw
(the public handbook data: card payments with no device, network or place) the
online correction of `models.online` spends friction where the reports point
but cannot learn the world's *ranking*: a dozen weights re-scale evidence
(replay AUC 0.775 without it, 0.755 with). The reports and the payments that
completed without one are exactly the labelled history `models.train` would
need; this module fits on them every few days, with the same trees the
offline trainer exports, and answers with the result only when it ranks the
most recent labelled payments better than the offline model does.

Guards (the biases `models.online` names, for a model with more freedom):
- *label delay*: a report arrives days after its payment, a genuine payment
  is never reported. Fitting this week's reports against last month's genuine
  payments would teach the calendar (history length, profile age) as fraud,
  and the newest payments are not yet known to be genuine. So both classes
  are taken from the same window of *payment* time, `window_days` long,
  ending `lag` before now; the lag is the delay within which 97 % of the
  recent reports arrived (`lag_quantile`), at least a day and at most the
  online learner's maturity (until 50 reports have been seen: the maturity);
- *an unbiased sample of genuine payments*: every scored payment, completed
  or not, is sampled at a known rate (halved when the sample is full, doubled
  when it empties), each kept with its rate: reports come from all scored
  payments, stopped attempts included, so the genuine side must too (sampling
  completed payments only leaves out the genuine ones the policy denied, and
  each refit would then answer a higher p where the policy is strictest). A
  sampled payment reported by the time of a fit is taken as the fraud it is,
  not also as a genuine one; one not yet reported stays a negative: at card
  fraud rates that mislabels one negative in a hundred or fewer, which trees
  shrug off, whereas dropping the customers with reports (as the online
  learner does) would bias the genuine sample towards the customers no
  fraudster touched;
- *calibration*: the trees are fitted on the sample as it is (scikit-learn's
  weighted binning costs seconds a fit), then their baseline is shifted by the
  log of the sampling ratio (the prior correction of case-control sampling),
  so the answered log-odds is on the scale of the whole traffic: the policy's
  costs need probabilities, not ranks;
- *honest adoption*: the candidate is fitted on the older part of the window
  and, on the newest part (`holdout`, time-ordered, never random), must leave
  at most `1 - min_gain` of the offline model's ranking error (1 - ROC AUC);
  only then is it refitted on the whole window and answered with, replacing
  the local model in use (a fresher fit of the same procedure: judging it
  against the model in use too favoured the older one, whose fit reached
  further than the candidate's, and kept it for weeks). Otherwise the current
  answer stays, unless the current local model ranks the payments it never
  saw below the offline model: then it is retired and the offline model (with
  its online correction) answers again;
- *bounded memory*: at most `max_pos` reports and `max_neg` sampled payments,
  none older than the window.

"""
from __future__ import annotations

import math
import time
from array import array
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

import msgspec
import numpy as np

from features.extract import FEATURE_NAMES
from models.export import compile_ensemble, ensemble_from_dict, ensemble_to_dict
from models.online import _uniform
from models.roc_auc import weighted_roc_auc

__all__ = ["RefitConfig", "Prepared", "RefitResult", "LocalModel", "fit_local", "auc_lead_low", "judging_weights",
           "prior_shift"]

_LOG_AMOUNT = FEATURE_NAMES.index("log_amount")
_DEVICE_NEW, _MISS_DEVICE = FEATURE_NAMES.index("device_new"), FEATURE_NAMES.index("miss_device")
#: realized_cost(amount, p, known_device, is_fraud) of a policy (`Policy.realized_cost`)
Judge = Callable[[float, float, bool, bool], float]

DAY = 86400.0


@dataclass(frozen=True, slots=True)
class RefitConfig:
    enabled: bool = True
    every_days: float = 3.0        # event time between refits
    min_new_pos: int = 20          # reports received since the last attempt
    window_days: float = 28.0      # payment-time span of the examples
    max_window_days: float = 84.0  # ... reaching back up to this while it holds fewer than min_pos reports
    lag_quantile: float = 0.97     # the window ends this quantile of report delays before now
    min_lag_days: float = 1.0
    min_pos: int = 120             # reports in the window before a first fit
    min_neg: int = 1000
    max_pos: int = 10000
    max_neg: int = 30000
    sample_rate: float = 0.25      # initial sampling rate of scored payments
    persist_every_s: float = 600.0  # wall-clock seconds between snapshots of the examples
    holdout: float = 0.3           # newest share of the window that judges a candidate
    min_val_pos: int = 30          # reports the judging slice needs
    min_gain: float = 0.1          # share of the offline model's 1 - AUC on that slice a candidate must remove
    confidence: float = 0.95       # ... and its AUC lead must hold in this share of bootstrap resamples
    bootstrap: int = 200
    max_iter: int = 100
    learning_rate: float = 0.1
    max_leaf_nodes: int = 15
    min_samples_leaf: int = 20
    l2: float = 1.0
    seed: int = 0
    # What a candidate that beats the offline model must also beat: "none" (the default) or
    # "auc", the local model in use on the judged payments it never saw (until the
    # twenty-fourth session; docs/models.md, "Fresh candidates"). The candidate is judged
    # as fitted on the older 70 % of the window, the model in use was fitted up to where that
    # unseen part begins: the comparison favoured the older model, and kept it for weeks.
    vs_previous: str = "none"
    # OpenMP threads of the fits: 1 in the service, where the fit runs in a thread
    # beside workers serving payments; a replay runs the fit inline while scoring
    # waits, so it gives it every core (benchmarks/replay.py). The trees do not
    # depend on it (tests/test_local_refit.py).
    threads: int = 1

    def __post_init__(self) -> None:
        if self.vs_previous not in ("none", "auc"):
            raise ValueError(f"vs_previous must be 'none' or 'auc', not {self.vs_previous!r}")


class Example(msgspec.Struct, array_like=True, gc=False):
    ts: float      # payment time
    y: bool
    w: float       # 1 for a report, 1 / sampling rate for a sampled payment
    z: float       # the offline model's calibrated log-odds
    v: bytes       # the feature vector, float32
    u: float = 0.0  # uniform draw of a sampled payment (thinning keeps u < rate)
    d: float = 0.0  # report delay (s) of a report


@dataclass(slots=True)
class Prepared:
    """The window's examples, taken on the owner's thread (a shallow copy:
    examples are never changed once added), and what judges a candidate."""
    now: float
    rows: list[Example]
    n_features: int
    prev: Any = None              # the current local model's raw(x), or None
    prev_until: float = -math.inf  # payment time up to which it had seen examples
    judge: Judge | None = None    # the policy's realized cost, when an engine set one
    baseline: Callable[[Sequence[float], float], float] | None = None  # (values, z) -> answer without a local model


def _arrays(prep: Prepared) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rows = prep.rows
    X = np.empty((len(rows), prep.n_features + 1), dtype=np.float64)
    for i, e in enumerate(rows):
        X[i, :-1] = np.frombuffer(e.v, dtype=np.float32)
        X[i, -1] = e.z
    y = np.fromiter((e.y for e in rows), dtype=np.int8, count=len(rows))
    w = np.fromiter((e.w for e in rows), dtype=np.float64, count=len(rows))
    ts = np.fromiter((e.ts for e in rows), dtype=np.float64, count=len(rows))
    return X, y, w, ts


@dataclass(slots=True)
class RefitResult:
    now: float
    adopted: bool
    reason: str
    n_pos: int = 0
    n_neg: int = 0
    val_pos: int = 0
    auc_offline: float = float("nan")
    auc_previous: float = float("nan")
    auc_candidate: float = float("nan")
    gain_low: float = float("nan")  # lower bootstrap bound of the candidate's AUC lead over the offline model
    cost_offline: float = float("nan")    # the policy's realized cost per payment on the judging slice (without a local model)
    cost_candidate: float = float("nan")
    fit_seconds: float = 0.0
    until: float = -math.inf       # the newest payment time the model saw
    ensemble: dict[str, Any] | None = None

    def summary(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("now", "adopted", "reason", "n_pos", "n_neg", "val_pos",
                                             "auc_offline", "auc_previous", "auc_candidate", "gain_low",
                                             "cost_offline", "cost_candidate", "fit_seconds")}


class _State(msgspec.Struct):
    n_features: int
    pos: list[Example]
    neg: list[Example]
    rate: float
    last_attempt: float
    new_reports: int
    fits: int
    until: float
    ensemble: dict[str, Any] | None = None
    last: dict[str, Any] | None = None
    changes: int = 0
    kept_from: float = -math.inf


def encode_state(st: _State) -> bytes:
    return msgspec.msgpack.encode(st)


class _Head(msgspec.Struct, tag="local-state-head"):
    """`_State` without its examples, and how many parts hold them."""

    n_features: int
    rate: float
    last_attempt: float
    new_reports: int
    fits: int
    until: float
    ensemble: dict[str, Any] | None
    last: dict[str, Any] | None
    changes: int
    kept_from: float
    pos_parts: int
    neg_parts: int


EXAMPLES_PER_PART = 1000   # ~0.3 MB: a part's encoding and its write transaction stay well under a millisecond


def encode_state_parts(st: _State, per_part: int = EXAMPLES_PER_PART) -> Iterator[bytes]:
    """`st` as parts (service/store/blob_parts.py): the head, then the
    reports and the sampled payments `per_part` at a time, each encoded only
    when the caller asks for it, so that no single call holds the GIL for the
    whole ~6 ms of a full state's encoding."""
    pos = range(0, len(st.pos), per_part)
    neg = range(0, len(st.neg), per_part)
    yield msgspec.msgpack.encode(_Head(st.n_features, st.rate, st.last_attempt, st.new_reports, st.fits, st.until,
                                       st.ensemble, st.last, st.changes, st.kept_from, len(pos), len(neg)))
    for i in pos:
        yield msgspec.msgpack.encode(st.pos[i:i + per_part])
    for i in neg:
        yield msgspec.msgpack.encode(st.neg[i:i + per_part])


_decode_examples = msgspec.msgpack.Decoder(list[Example]).decode


def decode_state_parts(parts: Sequence[bytes]) -> _State:
    """The `_State` of `encode_state_parts`'s parts, or of one blob of
    `encode_state` (written before the parts)."""
    try:
        h = msgspec.msgpack.decode(parts[0], type=_Head)
    except (msgspec.DecodeError, msgspec.ValidationError):
        if len(parts) != 1:
            raise
        return msgspec.msgpack.decode(parts[0], type=_State)
    if len(parts) != 1 + h.pos_parts + h.neg_parts:
        raise ValueError(f"local model state: {len(parts)} parts, its head names {1 + h.pos_parts + h.neg_parts}")
    pos = [e for p in parts[1:1 + h.pos_parts] for e in _decode_examples(p)]
    neg = [e for p in parts[1 + h.pos_parts:] for e in _decode_examples(p)]
    return _State(h.n_features, pos, neg, h.rate, h.last_attempt, h.new_reports, h.fits, h.until, h.ensemble,
                  h.last, h.changes, h.kept_from)


def _weighted_auc(y: np.ndarray, s: np.ndarray, w: np.ndarray) -> float:
    """scikit-learn's weighted ROC AUC, bit for bit, without its per-call
    validation (models/roc_auc.py): the bootstrap below calls it hundreds of times."""
    return weighted_roc_auc(y, s, w)


def policy_cost(judge: Judge, X: np.ndarray, y: np.ndarray, w: np.ndarray, z: np.ndarray) -> float:
    """The policy's realized cost per payment of the traffic when it answers
    log-odds `z`: friction for the genuine payments it challenges, the fraud
    amount it lets through. A model can rank better and still cost more, where
    its probabilities put the policy's decisions (amounts as sent, taken as the
    policy's currency)."""
    amount = _amounts(X)
    known = (X[:, _DEVICE_NEW] == 0.0) & (X[:, _MISS_DEVICE] == 0.0)
    p = 1.0 / (1.0 + np.exp(-np.clip(z, -35.0, 35.0)))
    total = sum(wi * judge(float(a), float(pi), bool(k), bool(yi)) for a, pi, k, yi, wi in zip(amount, p, known, y, w))
    return float(total / w.sum())


def judging_weights(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Candidates are judged as the policy is judged: on fraud *amount* ranked
    above genuine payments (a report weighs its amount, a sampled payment the
    traffic it stands for). Counting reports alone, a world of many tiny card
    tests would prefer a model that ranks the tests and loses the large frauds."""
    return np.where(y == 1, _amounts(X), w)


def _amounts(X: np.ndarray) -> np.ndarray:
    """The amounts of the rows; a NaN `log_amount` counts as 1 (one NaN made every
    weighted AUC and cost NaN, and every candidate `no_gain`, for as long as its
    example stayed in the window: a review)."""
    return np.exp(np.clip(np.nan_to_num(X[:, _LOG_AMOUNT], nan=0.0), -5.0, 20.0))


def auc_lead_low(y: np.ndarray, s_new: np.ndarray, s_old: np.ndarray, w: np.ndarray, n_boot: int,
                 q: float, seed: int) -> float:
    """The q-quantile of AUC(s_new) - AUC(s_old) over stratified bootstrap
    resamples of the judging slice: how much of the lead survives chance. A
    few hundred reports, weighed by amount, are a few dozen effective ones; an
    apparent lead near AUC 0.99 can be within noise, and answering with a
    model fitted on a month of reports instead of the offline one must not
    rest on noise."""
    rng = np.random.default_rng(seed)
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    leads = np.empty(n_boot)
    for b in range(n_boot):
        idx = np.concatenate([rng.choice(pos, pos.size), rng.choice(neg, neg.size)])
        yy, ww = y[idx], w[idx]
        leads[b] = _weighted_auc(yy, s_new[idx], ww) - _weighted_auc(yy, s_old[idx], ww)
    return float(np.quantile(leads, q))


def prior_shift(y: np.ndarray, w: np.ndarray) -> float:
    """Log-odds to add to a model fitted on the unweighted sample so that it
    answers on the scale of the traffic the sample stands for."""
    pos, neg = y == 1, y == 0
    # The sample keeps a share f of each class; its log-odds exceed the
    # traffic's by log(f_pos / f_neg).
    return math.log(neg.sum() / w[neg].sum()) - math.log(pos.sum() / w[pos].sum())


def fit_local(prep: Prepared, cfg: RefitConfig) -> RefitResult:
    """Fit on the older part of the window, judge on the newest, and refit on
    all of it when the candidate ranks better. Pure: safe in a worker thread
    (scikit-learn held to `cfg.threads`, one by default)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    from models.export import export_hgb

    t0 = time.perf_counter()
    X, y, w, ts = _arrays(prep)
    wv = judging_weights(X, y, w)
    n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
    res = RefitResult(prep.now, False, "", n_pos, n_neg)
    order = np.argsort(ts, kind="stable")
    cut = int(len(order) * (1.0 - cfg.holdout))
    tr, va = order[:cut], order[cut:]
    res.val_pos = int(y[va].sum())
    if res.val_pos < cfg.min_val_pos or y[tr].sum() < cfg.min_val_pos or not (y[tr] == 0).any():
        res.reason = "too_few_reports"
        return res

    def new() -> Any:
        return HistGradientBoostingClassifier(
            max_iter=cfg.max_iter, learning_rate=cfg.learning_rate, max_leaf_nodes=cfg.max_leaf_nodes,
            min_samples_leaf=cfg.min_samples_leaf, l2_regularization=cfg.l2, early_stopping=False,
            random_state=cfg.seed)

    with threadpool_limits(max(1, cfg.threads)):
        cand = new().fit(X[tr], y[tr])
        s_va = cand.decision_function(X[va])
        res.auc_candidate = _weighted_auc(y[va], s_va, wv[va])
        res.auc_offline = _weighted_auc(y[va], X[va, -1], wv[va])   # the last column is z
        gain = (res.auc_candidate > res.auc_offline
                and 1.0 - res.auc_candidate <= (1.0 - res.auc_offline) * (1.0 - cfg.min_gain))
        if gain and prep.judge is not None:
            z_cand = s_va + prior_shift(y[tr], w[tr])          # on the traffic's scale, as it would answer
            z_base = X[va, -1]
            if prep.baseline is not None:                      # the offline model with its online correction
                base = prep.baseline
                z_base = np.array([base(row[:-1], row[-1]) for row in X[va].tolist()])
            res.cost_candidate = policy_cost(prep.judge, X[va], y[va], w[va], z_cand)
            res.cost_offline = policy_cost(prep.judge, X[va], y[va], w[va], z_base)
            gain = res.cost_candidate <= res.cost_offline
        if gain and cfg.bootstrap:
            res.gain_low = auc_lead_low(y[va], s_va, X[va, -1], wv[va], cfg.bootstrap, 1.0 - cfg.confidence,
                                        cfg.seed)
            gain = res.gain_low > 0.0
        fresh = ts[va] > prep.prev_until                           # what the model in use never saw
        unseen = va[fresh]
        if prep.prev is not None and y[unseen].sum() >= cfg.min_val_pos:
            prev = np.array([prep.prev(X[i].tolist()) for i in unseen])
            res.auc_previous = _weighted_auc(y[unseen], prev, wv[unseen])
            if gain and cfg.vs_previous == "auc":
                gain = _weighted_auc(y[unseen], s_va[fresh], wv[unseen]) >= res.auc_previous
            elif not gain and res.auc_previous < _weighted_auc(y[unseen], X[unseen, -1], wv[unseen]):
                res.reason = "retired"
                res.fit_seconds = time.perf_counter() - t0
                return res
        if not gain:
            res.reason = "no_gain"
            res.fit_seconds = time.perf_counter() - t0
            return res
        final = new().fit(X, y)
    ens = export_hgb(final)
    ens.baseline += prior_shift(y, w)
    res.ensemble = ensemble_to_dict(ens)
    res.until = float(ts.max())
    res.adopted = True
    res.reason = "adopted"
    res.fit_seconds = time.perf_counter() - t0
    return res


@dataclass(slots=True)
class LocalModel:
    """The labelled examples and the adopted local model of one `RiskModel`."""

    n_features: int
    cfg: RefitConfig = field(default_factory=RefitConfig)
    max_lag_s: float = 30 * DAY
    pos: list[Example] = field(default_factory=list)
    neg: list[Example] = field(default_factory=list)
    rate: float = -1.0
    last_attempt: float = -math.inf
    new_reports: int = 0
    fits: int = 0
    until: float = -math.inf
    last: dict[str, Any] | None = None
    history: list[dict[str, Any]] = field(default_factory=list)   # this process's attempts, newest last
    _ensemble: dict[str, Any] | None = None
    _raw: Any = None
    _kept_from: float = -math.inf   # payment time before which examples were dropped: no window reaches further
    judge: Judge | None = None      # the policy's realized cost (set by the engine): a candidate must not cost more
    #: what answers without a local model, frozen at `prepare` (set by the owner: the online correction)
    baseline_of: Callable[[], Callable[[Sequence[float], float], float]] | None = None
    #: called after a model is adopted or restored (the owner's version string)
    on_change: Callable[[], None] | None = None
    _changes: int = 0               # changes so far (examples, attempts, adoptions)
    _saved: int = 0                 # changes covered by the last snapshot confirmed written
    _written: float = -math.inf     # monotonic time of the last snapshot taken

    def __post_init__(self) -> None:
        if self.rate < 0:
            self.rate = self.cfg.sample_rate

    @property
    def active(self) -> bool:
        """A model is adopted and refits are on: one restored from a snapshot
        does not answer after the service restarts with them switched off (an
        audit: it answered, and with no refit due nothing could retire it)."""
        return self._raw is not None and self.cfg.enabled

    # ------------------------------------------------------------ hot path
    def log_odds(self, values: Sequence[float], z: float) -> float:
        """The local model's log-odds for a payment (only when `active`)."""
        x = list(values)
        x.append(z)
        return self._raw(x)

    # ------------------------------------------------------------ examples
    def _ok(self, values: Sequence[float], z: float) -> bool:
        return self.cfg.enabled and len(values) == self.n_features and math.isfinite(z)

    def add_report(self, values: Sequence[float], z: float, paid_ts: float, reported_ts: float,
                   customer_id: str | None = None) -> None:
        """A payment reported as fraud, with its offline log-odds z. With the
        customer, it carries the draw the payment got when it was scored
        (`observe`), so that a fit never also takes it as a genuine one."""
        if not self._ok(values, z):
            return
        u = _uniform("local|" + customer_id, float(paid_ts)) if customer_id is not None else -1.0
        x = array("f", values).tobytes()
        if customer_id is not None and self._find_report(float(paid_ts), u, x) is not None:
            return      # reported, cleared and reported again: one example (a review found two)
        self.pos.append(Example(float(paid_ts), True, 1.0, float(z), x, u=u,
                                d=max(0.0, float(reported_ts) - float(paid_ts))))
        self.new_reports += 1
        if len(self.pos) > self.cfg.max_pos:
            self._cap_reports()
        self._changes += 1

    def _cap_reports(self) -> None:
        """Keep the `max_pos` reports of the latest payments, and drop the sampled
        payments older than them too: cutting reports alone left the window's
        oldest days with genuine payments and no frauds (the calendar bias
        `_forget` guards against), and the prior shift, which counts every
        report as kept, then answered too low (a review)."""
        ts = np.fromiter((e.ts for e in self.pos), dtype=np.float64, count=len(self.pos))
        k = len(self.pos) - self.cfg.max_pos
        cut = float(np.partition(ts, k)[k])          # the oldest payment time kept
        self.pos = [e for e in self.pos if e.ts >= cut]
        if len(self.pos) > self.cfg.max_pos:         # ties at the cut: the earliest reported go
            del self.pos[: len(self.pos) - self.cfg.max_pos]
        self._kept_from = max(self._kept_from, cut)
        self.neg = [e for e in self.neg if e.ts >= cut]

    def remove_report(self, values: Sequence[float], paid_ts: float, customer_id: str | None = None) -> None:
        """A report cleared (`is_fraud: false`): its positive example goes, so that a
        payment found genuine is not fitted as fraud (a review found it kept)."""
        if customer_id is None:
            return      # which payment it was cannot be told
        u = _uniform("local|" + customer_id, float(paid_ts))
        i = self._find_report(float(paid_ts), u, array("f", values).tobytes())
        if i is not None:
            e = self.pos.pop(i)
            # only a report counted since the last attempt leaves that count (a review:
            # clearing an older one cancelled a new one and delayed the next refit)
            if self.new_reports > 0 and e.ts + e.d >= self.last_attempt:
                self.new_reports -= 1
            self._changes += 1

    def _find_report(self, paid_ts: float, u: float, x: bytes) -> int | None:
        for i in range(len(self.pos) - 1, -1, -1):
            e = self.pos[i]
            if e.ts == paid_ts and e.u == u and e.v == x:
                return i
        return None

    def observe(self, values: Sequence[float], ts: float, customer_id: str,
                z_of: Callable[[Sequence[float]], float]) -> None:
        """A scored payment: kept, at the current sampling rate, as a genuine
        example unless it is reported. `z_of` is called only for the payments kept."""
        if not self.cfg.enabled or len(values) != self.n_features:
            return
        if self._kept_from == -math.inf:
            # Sampling starts here: reports of payments before it (refits switched
            # on later, a state lost) have no genuine payments of their days beside
            # them, so no window reaches back past it (a review found them fitted).
            self._kept_from = float(ts)
        u = _uniform("local|" + customer_id, float(ts))   # a draw of its own, not the online learner's
        if u >= self.rate:
            return
        z = z_of(values)
        if not math.isfinite(z):
            return
        self.neg.append(Example(float(ts), False, 1.0 / self.rate, float(z), array("f", values).tobytes(), u=u))
        self._changes += 1
        if len(self.neg) > self.cfg.max_neg:
            self._forget(ts)
            if len(self.neg) > self.cfg.max_neg:
                self.rate /= 2.0
                r = self.rate
                # New objects, not changed ones: a snapshot may be encoding the old.
                self.neg = [msgspec.structs.replace(e, w=max(e.w, 1.0 / r)) for e in self.neg if e.u < r]
        elif self.rate < self.cfg.sample_rate and len(self.neg) < self.cfg.max_neg // 4:
            self.rate = min(self.cfg.sample_rate, self.rate * 2.0)

    def _forget(self, now: float) -> None:
        """Drop the examples older than the window. Both classes go together,
        and no later window reaches back past them: a window with reports but
        no sampled payments in its oldest days would learn the calendar."""
        oldest, _ = self._window(now)
        self._kept_from = oldest
        self.neg = [e for e in self.neg if e.ts >= oldest]
        self.pos = [e for e in self.pos if e.ts >= oldest]

    def lag(self, now: float) -> float:
        """Seconds before `now` at which the window ends: the `lag_quantile`
        of the last reports' delays, within [min_lag_days, maturity]."""
        delays = [e.d for e in self.pos[-500:]]
        if len(delays) < 50:
            return self.max_lag_s
        q = float(np.quantile(delays, self.cfg.lag_quantile))
        return min(self.max_lag_s, max(self.cfg.min_lag_days * DAY, q))

    def _window(self, now: float) -> tuple[float, float]:
        """`window_days` of payment time ending `lag` before now; a bank whose
        4 weeks hold fewer than `min_pos` reports gets the shortest span, up
        to `max_window_days`, that holds them (a small bank would otherwise
        never refit), never before the examples already dropped."""
        c = self.cfg
        end = now - self.lag(now)
        lo = end - c.window_days * DAY
        if c.max_window_days > c.window_days and len(self.pos) >= 1:
            ts = np.fromiter((e.ts for e in self.pos), dtype=np.float64, count=len(self.pos))
            ts = ts[ts <= end]
            if np.count_nonzero(ts >= lo) < c.min_pos:
                far = end - c.max_window_days * DAY
                k = ts.size - c.min_pos
                lo = max(far, float(np.partition(ts, k)[k])) if k >= 0 else far
        return max(lo, self._kept_from), end

    def due(self, now: float) -> bool:
        c = self.cfg
        if not c.enabled or now - self.last_attempt < c.every_days * DAY or self.new_reports < c.min_new_pos:
            return False
        lo, hi = self._window(now)
        if sum(1 for e in self.pos if lo <= e.ts <= hi) < c.min_pos:
            return False
        return sum(1 for e in self.neg if lo <= e.ts <= hi) >= c.min_neg

    def prepare(self, now: float) -> Prepared:
        """Take the window's examples (the arrays are built by the fit) and mark
        the attempt, so that a slow fit is not started twice."""
        self._forget(now)
        lo, hi = self._window(now)
        rows = [e for e in self.pos if lo <= e.ts <= hi]
        self.last_attempt = now
        self.new_reports = 0
        # sampled when scored, reported since: a fraud, not both. The features are part
        # of the key: (ts, u) is one customer's second, which may hold a genuine
        # payment beside the reported one (a review found it dropped)
        reported = {(e.ts, e.u, e.v) for e in rows}
        rows.extend(e for e in self.neg if lo <= e.ts <= hi and (e.ts, e.u, e.v) not in reported)
        self._changes += 1
        base = self.baseline_of() if self.baseline_of is not None else None
        return Prepared(now, rows, self.n_features, self._raw, self.until, self.judge, base)

    def adopt(self, res: RefitResult) -> None:
        self.last = res.summary()
        self.history.append(self.last)
        del self.history[:-100]
        self._changes += 1
        if res.adopted and res.ensemble is not None:
            self._raw = compile_ensemble(ensemble_from_dict(res.ensemble))
            self._ensemble = res.ensemble
            self.until = res.until
            self.fits += 1
            self.flush()
        elif res.reason == "retired":
            self._raw = None
            self._ensemble = None
            self.flush()
        if self.on_change is not None:
            self.on_change()

    def refit(self, now: float) -> RefitResult:
        """Prepare, fit and adopt in line (replays, tests)."""
        res = fit_local(self.prepare(now), self.cfg)
        self.adopt(res)
        return res

    def view(self, now: float) -> dict[str, Any]:
        """What the admin model view shows: the state and the recent attempts."""
        lo, hi = self._window(now) if now > 0 else (float("nan"), float("nan"))
        return {"enabled": self.cfg.enabled, "active": self.active, "adopted": self.fits,
                "reports_held": len(self.pos), "payments_held": len(self.neg), "sample_rate": self.rate,
                "window": {"from_ts": lo, "until_ts": hi},
                "last_attempt_ts": self.last_attempt if math.isfinite(self.last_attempt) else None,
                "attempts": list(self.history[-20:])}

    # ------------------------------------------------------------ persistence
    def snapshot(self) -> bytes | None:
        """The examples and the adopted trees, or None: when nothing changed, and
        otherwise at most every `persist_every_s` (the examples are megabytes;
        a model just adopted, or `flush`, writes at the next call). After a
        crash the examples since the last write are lost, the model is not.
        The caller is taken to store what it gets."""
        st = self.snapshot_state()
        if st is None:
            return None
        self.written(st)
        return encode_state(st)

    def snapshot_state(self) -> _State | None:
        """`snapshot` before encoding: shallow copies taken on the owner's
        thread, so that the encoding (tens of ms) can run in another, which
        then confirms with `written` (until then the state stays unsaved: a
        write that never ran, cancelled at shutdown, is retried by the next)."""
        now = time.monotonic()
        if self._changes == self._saved or now - self._written < self.cfg.persist_every_s:
            return None
        self._written = now
        return _State(self.n_features, list(self.pos), list(self.neg), self.rate, self.last_attempt,
                      self.new_reports, self.fits, self.until, self._ensemble, self.last, self._changes,
                      self._kept_from)

    def written(self, st: _State) -> None:
        """`st` (from `snapshot_state`) is stored."""
        self._saved = max(self._saved, st.changes)

    def flush(self) -> None:
        """Make the next `snapshot` write (adoption, shutdown)."""
        self._written = -math.inf

    def restore(self, blob: bytes) -> None:
        self.restore_parts([blob])

    def restore_parts(self, parts: Sequence[bytes]) -> None:
        """From `encode_state_parts`'s parts, or one blob of `snapshot`."""
        st = decode_state_parts(parts)
        if st.n_features != self.n_features:
            raise ValueError("local model state was saved for different features; starting afresh")
        self.pos, self.neg, self.rate = list(st.pos), list(st.neg), st.rate
        self.last_attempt, self.new_reports, self.fits, self.until, self.last = (
            st.last_attempt, st.new_reports, st.fits, st.until, st.last)
        self._kept_from = st.kept_from
        if self._kept_from == -math.inf and self.neg:   # saved before sampling's start was kept
            self._kept_from = min(e.ts for e in self.neg)
        self._ensemble = st.ensemble
        self._raw = compile_ensemble(ensemble_from_dict(st.ensemble)) if st.ensemble is not None else None
        self._changes = self._saved = 0
        if self.on_change is not None:
            self.on_change()
