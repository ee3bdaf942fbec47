"""Online adaptation between retrains, from delayed fraud reports.

A river `LogisticRegression` learns a *correction* to the offline model's
calibrated log-odds z: its inputs are z itself (weight initialised to 1, so
an untrained learner reproduces the offline model exactly) and a few
standardized evidence features (by default the per-group likelihood-ratio
terms: a new attack pattern shows up as one group of evidence mattering more
than the offline model thought). Few inputs on purpose: a handful of reports
a day cannot support more weights without chasing noise.

Three biases are guarded against:
- *Label delay*: frauds are reported days or weeks after the payment, genuine
  payments never are. Learning every report at once but no negatives would
  push every score up; learning every completed payment at once as genuine
  would teach the frauds as genuine. So completed payments wait `maturity`
  days; only those with no report on their customer in the meantime are
  learned as genuine.
- *Class balance and memory*: negatives are sampled (an adaptive, thinning
  sample bounded at `max_pending`), and each learned negative carries the
  inverse of its sampling rate as weight, so the learner sees the true fraud
  rate and the correction stays calibrated.
- *One customer swamping the model*: a customer's reports beyond `cap_per_customer`
  within `customer_window` count with weight cap/n (a takeover with 40
  fraudulent payments is one incident, not 40).

The correction is used only once both classes have been seen in some number
(`min_pos`, `min_neg`), and is clipped to +/- `max_correction` log-odds.
On the hot path it is a plain dot product over a dozen floats (the river
weights are copied into a list after every update); river itself runs only
when a label is learned.
"""
from __future__ import annotations

import copy
import zlib
from math import exp, inf
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import msgspec

__all__ = ["OnlineConfig", "OnlineLearner", "DEFAULT_ONLINE_FEATURES"]

DAY = 86400.0
# The offline log-odds enters divided by this (and its weight starts at this):
# the slope on z then learns 1/_Z_SCALE^2 as fast as the evidence weights, so a
# few reports re-weight evidence before they re-scale the whole model.
_Z_SCALE = 10.0
_CLIP = 10.0     # river's clip of the weighted loss gradient

DEFAULT_ONLINE_FEATURES: tuple[str, ...] = (
    "llr_device", "llr_network", "llr_place", "llr_travel", "llr_time", "llr_amount", "llr_payee",
    "llr_velocity", "llr_shared", "llr_risky_payee", "cold_start",
)


@dataclass(frozen=True, slots=True)
class OnlineConfig:
    lr: float = 0.01
    l2: float = 0.0                   # no pull toward 0: it would shrink the slope on z
    maturity_days: float = 30.0       # a completed payment is genuine after this long without a report
    sample_rate: float = 0.05         # initial sampling rate of completed payments as negatives
    max_pending: int = 4000           # bound on negatives waiting to mature
    max_matured_per_call: int = 4     # learning work done per observe_completed call
    cap_per_customer: float = 3.0     # reports of one customer at full weight per window
    customer_window_days: float = 30.0
    max_customers: int = 50000        # bound on the per-customer report table
    min_pos: int = 10
    min_neg: int = 50
    max_correction: float = 3.0       # |log-odds correction| limit
    clip_x: float = 5.0               # standardized inputs are clipped to +/- this
    version_every: int = 100          # model_version changes every this many learned labels


class _Pending(msgspec.Struct, array_like=True):
    ts: float
    cust: str
    u: float                          # uniform [0, 1) from a hash: thinning keeps u < rate
    rate: float                       # sampling rate when taken (weight = 1 / rate)
    x: list[float]                    # standardized online inputs (without z)
    z: float                          # offline log-odds when taken


class _State(msgspec.Struct):
    weights: dict[str, float]
    intercept: float
    n_pos: float
    n_neg: float
    n_learned: int
    now: float
    rate: float
    pending: list[_Pending]
    tainted: dict[str, float]         # customer -> latest fraud report ts
    cust: dict[str, list[float]]      # customer -> [decayed report count, ts]
    names: list[str]
    # what the inputs were standardized with (`OnlineLearner.key`): the offline
    # model's means and sds. Empty in states saved before it was kept.
    key: str = ""


def _uniform(customer_id: str, ts: float) -> float:
    return zlib.crc32(f"{customer_id}|{ts!r}".encode()) / 4294967296.0


class OnlineLearner:
    def __init__(self, feature_names: Sequence[str], means: Sequence[float] | None = None,
                 sds: Sequence[float] | None = None, cfg: OnlineConfig = OnlineConfig(),
                 online_features: Sequence[str] = DEFAULT_ONLINE_FEATURES) -> None:
        idx = {n: i for i, n in enumerate(feature_names)}
        self.names = [n for n in online_features if n in idx]
        self.idx = [idx[n] for n in self.names]
        self.mu = [float(means[i]) if means is not None else 0.0 for i in self.idx]
        self.inv_sd = [1.0 / max(float(sds[i]), 1e-6) if sds is not None else 1.0 for i in self.idx]
        self.cfg = cfg
        self._model: Any = None
        self._w: list[float] = [0.0] * len(self.names)
        self._wz = 1.0
        self._b = 0.0
        self.active = False
        self.n_pos = 0.0
        self.n_neg = 0.0
        self.n_learned = 0
        self.now = 0.0
        self.rate = cfg.sample_rate
        self.pending: deque[_Pending] = deque()
        self.tainted: dict[str, float] = {}
        self.cust: dict[str, list[float]] = {}
        #: the inputs' standardization (names, means, sds): a state learned on
        #: another offline model's inputs is not restored onto this one
        self.key = format(zlib.crc32(repr((self.names, self.mu, self.inv_sd)).encode()), "08x")

    @property
    def model(self) -> Any:
        """The river model, built on first use: importing river costs ~1.5 s of
        start-up (it pulls in scipy.stats), and most starts never need it before
        the first fraud report."""
        if self._model is None:
            self._model = self._new_model()
        return self._model

    @model.setter
    def model(self, value: Any) -> None:
        self._model = value

    def _new_model(self) -> Any:
        from river import linear_model, optim

        c = self.cfg
        m = linear_model.LogisticRegression(optimizer=optim.SGD(c.lr), intercept_lr=c.lr, l2=c.l2,
                                            clip_gradient=_CLIP)
        m._weights["z"] = _Z_SCALE   # start as the identity on the offline log-odds
        return m

    # ------------------------------------------------------------ hot path
    def inputs(self, values: Sequence[float]) -> list[float]:
        """Standardized and clipped; a value that is not a number enters as the
        mean (0): one NaN learned made every weight NaN for good (a review)."""
        lim = self.cfg.clip_x
        out = []
        for i, m, s in zip(self.idx, self.mu, self.inv_sd):
            v = (values[i] - m) * s
            out.append(lim if v > lim else (-lim if v < -lim else (v if v == v else 0.0)))
        return out

    def adjust(self, z: float, values: Sequence[float]) -> float:
        """Offline log-odds z → adapted log-odds (z unchanged until active)."""
        if not self.active:
            return z
        lim = self.cfg.clip_x
        d = (self._wz - 1.0) * z + self._b
        w = self._w
        mu = self.mu
        isd = self.inv_sd
        for j, i in enumerate(self.idx):
            wj = w[j]
            if wj:
                v = (values[i] - mu[j]) * isd[j]
                d += wj * (lim if v > lim else (-lim if v < -lim else v))
        m = self.cfg.max_correction
        if d != d:
            return z
        return z + (m if d > m else (-m if d < -m else d))

    def frozen_adjust(self) -> Callable[[Sequence[float], float], float]:
        """`adjust` over the current weights, for another thread to call while
        this learner keeps learning (a refit's judging slice). A shallow copy
        suffices: learning rebinds `_w`, `_wz`, `_b` and `active`, never
        changes them in place."""
        frozen = copy.copy(self)
        return lambda values, z: frozen.adjust(z, values)

    # ------------------------------------------------------------ learning
    def _fit(self, x: list[float], z: float, y: bool, w: float) -> None:
        feats = dict(zip(self.names, x))
        feats["z"] = z / _Z_SCALE
        model = self.model
        # river clips the *weighted* gradient (at 10): a thinned negative's weight
        # 1/rate (hundreds once a busy bank's sample is thinned) was clipped while
        # the reports' never were, and the correction drifted up (a review). A
        # heavy example is learned in steps the clip does not cut (gradient
        # recomputed after each, at most 64): the one step its weight asks for
        # would overshoot anyway.
        steps = 1
        if w > _CLIP:      # the gradient's size is at most 1: lighter ones are never cut
            p = self._p_of(feats, model)
            g = w * (1.0 - p if y else p)
            if g >= _CLIP:
                steps = min(64, int(g / _CLIP) + 1)
        for _ in range(steps):
            model.learn_one(feats, y, w=w / steps)
        weights = self.model._weights
        self._w = [float(weights[n]) if n in weights else 0.0 for n in self.names]
        self._wz = float(weights["z"]) / _Z_SCALE if "z" in weights else 1.0
        self._b = float(self.model.intercept)
        self.n_learned += 1
        if y:
            self.n_pos += w
        else:
            self.n_neg += 1.0
        self.active = self.n_pos >= self.cfg.min_pos * 0.999 and self.n_neg >= self.cfg.min_neg

    @staticmethod
    def _p_of(feats: dict[str, float], model: Any) -> float:
        """river's probability for `feats` before a step (its `_raw_dot_one`,
        without building the prediction dict)."""
        d = model.intercept
        w = model._weights
        for k, v in feats.items():
            d += w.get(k, 0.0) * v
        if d >= 0.0:
            return 1.0 / (1.0 + exp(-d))
        e = exp(d)
        return e / (1.0 + e)

    def _customer_weight(self, customer_id: str | None, ts: float) -> float:
        if customer_id is None:
            return 1.0
        c = self.cfg
        hl = c.customer_window_days * DAY
        cell = self.cust.get(customer_id)
        if cell is None:
            if len(self.cust) >= c.max_customers:
                self._prune_customers(ts)
            cell = self.cust[customer_id] = [0.0, ts]
        dt = max(0.0, ts - cell[1])
        cell[0] = cell[0] * 2.0 ** (-dt / hl) + 1.0
        cell[1] = max(cell[1], ts)
        return min(1.0, c.cap_per_customer / cell[0])

    def _prune_customers(self, ts: float) -> None:
        hl = self.cfg.customer_window_days * DAY
        keep = sorted(self.cust.items(), key=lambda kv: kv[1][1], reverse=True)
        keep = [kv for kv in keep if ts - kv[1][1] < 4 * hl][: self.cfg.max_customers // 2]
        self.cust = dict(keep)
        self.tainted = {k: t for k, t in self.tainted.items() if ts - t < 2 * self.cfg.maturity_days * DAY}

    def learn_label(self, z: float, values: Sequence[float], is_fraud: bool, ts: float | None = None,
                    customer_id: str | None = None, report_cleared: bool = False) -> None:
        """A fraud report (True) or a cleared case (False) for a payment whose
        offline log-odds was z and feature vector `values`; `report_cleared`:
        the case cleared a report this learner counted, which stops counting
        toward `min_pos` and the customer's cap (a review: ten reports all
        cleared made the learner active)."""
        if z != z or z in (inf, -inf):
            return
        if ts is not None and ts > self.now:
            self.now = ts
        x = self.inputs(values)
        if report_cleared and not is_fraud:
            cell = self.cust.get(customer_id) if customer_id is not None else None
            w_then = min(1.0, self.cfg.cap_per_customer / cell[0]) if cell is not None and cell[0] > 0 else 1.0
            if cell is not None:
                cell[0] = max(0.0, cell[0] - 1.0)
            self.n_pos = max(0.0, self.n_pos - w_then)
        if is_fraud:
            if customer_id is not None:
                t = ts if ts is not None else self.now
                self.tainted[customer_id] = max(self.tainted.get(customer_id, t), t)
            # Negatives carry weight 1/rate; positives weight 1 (times the cap).
            self._fit(x, z, True, self._customer_weight(customer_id, ts if ts is not None else self.now))
        else:
            self._fit(x, z, False, 1.0)

    def observe_completed(self, values: Sequence[float], ts: float, customer_id: str,
                          z_of: Callable[[Sequence[float]], float]) -> None:
        """A completed payment: maybe keep it as a future negative, and learn
        the negatives that have matured by this event time. `z_of` gives the
        offline log-odds; it is called only for the few payments sampled."""
        if ts > self.now:
            self.now = ts
        u = _uniform(customer_id, ts)
        if u < self.rate:
            z = z_of(values)
            # as `learn_label`: a non-finite z learned made every weight NaN (inf: the
            # slope on z -inf, every answer at +max_correction) for good (a review)
            if z - z == 0.0:
                self.pending.append(_Pending(ts, customer_id, u, self.rate, self.inputs(values), z))
                if len(self.pending) > self.cfg.max_pending:
                    self._thin()
        self._mature()

    def _thin(self) -> None:
        """Halve the sampling rate and keep only entries that the lower rate
        would have taken: what remains is again a uniform sample."""
        self.rate /= 2.0
        r = self.rate
        kept: deque[_Pending] = deque()
        for p in self.pending:
            if p.u < r:
                p.rate = min(p.rate, r)
                kept.append(p)
        self.pending = kept

    def _mature(self) -> None:
        c = self.cfg
        horizon = self.now - c.maturity_days * DAY
        pend = self.pending
        done = 0
        while pend and pend[0].ts <= horizon and done < c.max_matured_per_call:
            p = pend.popleft()
            done += 1
            t = self.tainted.get(p.cust)
            if t is not None and t >= p.ts - c.maturity_days * DAY:
                continue   # the customer was defrauded around then: not a trustworthy negative
            self._fit(p.x, p.z, False, 1.0 / p.rate)
        if not pend and self.rate < c.sample_rate:
            self.rate = min(c.sample_rate, self.rate * 2.0)

    @property
    def generation(self) -> int:
        """1 and up while the correction answers (so a decision record names it
        from its first answer: a review found 60-99 labels answered as the
        offline model), 0 while it does not."""
        return 1 + self.n_learned // self.cfg.version_every if self.active else 0

    # ------------------------------------------------------------ persistence
    def snapshot(self) -> bytes:
        # No river model yet (nothing learned): its weights are the initial ones,
        # which `restore` rebuilds; building one here would import river (~1 s)
        # on the caller's thread, the event loop.
        m = self._model
        weights = {k: float(v) for k, v in m._weights.to_dict().items()} if m is not None else {}
        st = _State(weights=weights, intercept=float(m.intercept) if m is not None else 0.0, n_pos=self.n_pos,
                    n_neg=self.n_neg, n_learned=self.n_learned, now=self.now, rate=self.rate,
                    pending=list(self.pending), tainted=self.tainted, cust=self.cust, names=self.names,
                    key=self.key)
        return msgspec.msgpack.encode(st)

    def restore(self, blob: bytes) -> None:
        st = msgspec.msgpack.decode(blob, type=_State)
        if st.names != self.names:
            raise ValueError("online state was saved for different features; starting afresh")
        if st.key and st.key != self.key:
            raise ValueError("online state was learned on another offline model's inputs; starting afresh")
        self.model = self._new_model()
        for k, v in st.weights.items():
            self.model._weights[k] = v
        self.model.intercept = st.intercept
        w = self.model._weights
        self._w = [float(w[n]) if n in w else 0.0 for n in self.names]
        self._wz = float(w["z"]) / _Z_SCALE if "z" in w else 1.0
        self._b = st.intercept
        self.n_pos, self.n_neg, self.n_learned = st.n_pos, st.n_neg, st.n_learned
        self.now, self.rate = st.now, st.rate
        self.pending = deque(st.pending)
        self.tainted = dict(st.tainted)
        self.cust = {k: list(v) for k, v in st.cust.items()}
        self.active = self.n_pos >= self.cfg.min_pos * 0.999 and self.n_neg >= self.cfg.min_neg
