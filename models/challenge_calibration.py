"""What step-up results say about the model's probabilities, weeks before
fraud reports do.

A model trained on one bank's (or a generator's) payments is the only prior a
new deployment has, and in another world it can be badly off: in a business
bank's first weeks the shipped model put 10,000 genuine payroll payments at
p ~ 0.7 whose true fraud rate was 0.7 % (docs/worlds.md), and denied them.
Fraud reports fix that (`models.local_refit`), but they come 1-8 weeks late.

Challenge results come 30 seconds late. Among payments challenged at level L,

    P(pass) = (1 - q) * g_L + q * a_L

where q is the true fraud rate, g_L the genuine customers' pass rate and a_L
the attacker's (the policy's `attacker_pass`, or `attacker_pass_known_device`
when the payment came from a device the customer already used). So the
failure rate of a group of challenged payments estimates q:

    q = (fail - (1 - g_L)) / (g_L - a_L)

This module groups challenged payments by the model's log-odds (buckets one
nat wide), estimates g_L from the buckets where the model says fraud is rare
(mean p under `ref_max_p`), and q per bucket by inverse-variance weighting of
the levels. Where the *upper* confidence bound of q is below the bucket's mean
model probability, the model is confidently too high there and its log-odds
are lowered to that bound; that bound also caps the buckets below it (the
model's ranking is trusted, its scale is not), and the buckets above the
highest one with enough results (denied payments, which no challenge reaches)
get its shift. It never raises a probability: a failure can be a
genuine customer giving up, and a scammed customer passes every challenge, so
many failures are weak evidence of fraud, while many passes at a level an
attacker rarely passes are strong evidence of the opposite. Levels whose
attacker and genuine pass rates are close (a one-time code on the victim's own
phone) carry almost no information and are weighted accordingly.

The statistics decay (half-life `half_life_days`) and start afresh when the
model changes (a local refit adopted): they describe one model's scores.
Everything here is per process and off the hot path except `adjust`, a table
look-up.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import msgspec

from models.calibration import sigmoid

__all__ = ["ChallengeConfig", "ChallengeCalibrator"]

_N_LEVELS = 3  # challenge levels 1..3 (otp, biometric, strong)
_KINDS = 2 * _N_LEVELS  # kind = 2 * (level - 1) + known_device
_NEG_INF = float("-inf")


@dataclass(frozen=True, slots=True)
class ChallengeConfig:
    enabled: bool = False
    min_outcomes: float = 100.0    # decayed challenge results a bucket needs before it corrects
    half_life_days: float = 14.0
    max_shift: float = 6.0         # largest lowering of the log-odds, nats
    confidence_z: float = 2.0      # the upper bound used: estimate + z * standard error
    ref_max_p: float = 0.01        # buckets under this mean p estimate the genuine pass rates ...
    ref_ext_p: float = 0.05        # ... and up to this one while those hold too few results
    genuine_pass: tuple[float, float, float] = (0.97, 0.95, 0.90)   # until the reference has min_outcomes
    z_lo: float = -7.0             # bucket edges: z_lo, z_lo + 1, ..., z_lo + n_buckets - 2
    n_buckets: int = 12
    refresh_every: int = 50        # results between recomputations of the table
    min_separation: float = 0.2    # a level whose g_L - a_L is smaller tells nothing (a code to the victim's phone)


class _State(msgspec.Struct, array_like=True):
    key: str
    t: float
    n: list[float]      # [bucket][kind] flattened: decayed results
    fail: list[float]   # ... of which failed
    psum: list[float]   # ... sum of the model's p


class ChallengeCalibrator:
    """`observe` challenge results, `adjust` new probabilities."""

    def __init__(self, attacker_pass: Sequence[float], attacker_pass_known: Sequence[float],
                 cfg: ChallengeConfig | None = None) -> None:
        """`attacker_pass[_known]`: the policy's values for levels 1, 2, 3."""
        self.cfg = cfg or ChallengeConfig()
        if len(attacker_pass) != _N_LEVELS or len(attacker_pass_known) != _N_LEVELS:
            raise ValueError("attacker pass rates for levels 1, 2 and 3 are needed")
        self._a = [x for pair in zip(attacker_pass, attacker_pass_known) for x in pair]
        self._hl_s = self.cfg.half_life_days * 86400.0
        self._st = _State("", 0.0, [], [], [])
        #: per bucket: (shift of the log-odds, floor keeping the map monotone); read by `adjust`
        self.table: list[tuple[float, float]] = []
        self.outcomes = 0.0
        self._since = 0
        self.reset()

    # ------------------------------------------------------------ hot path
    def bucket(self, z: float) -> int:
        b = math.floor(z - self.cfg.z_lo) + 1
        nb = self.cfg.n_buckets
        return 0 if b < 0 else (nb - 1 if b >= nb else b)

    def adjust(self, p: float) -> float:
        """The model's probability, lowered where challenge results show it
        confidently too high; unchanged everywhere else."""
        if not self.cfg.enabled or not 0.0 < p < 1.0:     # NaN too: math.floor of it raised (a review)
            return p
        z = math.log(p / (1.0 - p))
        shift, floor = self.table[self.bucket(z)]
        if shift == 0.0:
            return p
        z2 = z + shift
        return sigmoid(z2 if z2 > floor else floor)

    # ------------------------------------------------------------ learning
    def observe(self, p_model: float, level: int, known_device: bool, passed: bool, ts: float,
                key: str = "") -> None:
        """One challenge result: the model's p when the payment was scored,
        the level asked, whether the device was one the customer already used,
        whether the customer passed. `key` names the model that scored (a new
        key starts the statistics afresh)."""
        if not self.cfg.enabled or not 1 <= level <= _N_LEVELS or not 0.0 < p_model < 1.0:
            return
        st = self._st
        if key != st.key:
            self.reset(key)
        self._decay(ts)
        z = math.log(p_model / (1.0 - p_model))
        i = self.bucket(z) * _KINDS + 2 * (level - 1) + (1 if known_device else 0)
        st.n[i] += 1.0
        st.psum[i] += p_model
        if not passed:
            st.fail[i] += 1.0
        self._since += 1
        if self._since >= self.cfg.refresh_every:
            self.refresh()

    @property
    def key(self) -> str:
        return self._st.key

    def reset(self, key: str = "") -> None:
        m = self.cfg.n_buckets * _KINDS
        self._st = _State(key, self._st.t, [0.0] * m, [0.0] * m, [0.0] * m)
        self.table = [(0.0, _NEG_INF)] * self.cfg.n_buckets
        self.outcomes = 0.0
        self._since = 0

    def _decay(self, ts: float) -> None:
        st = self._st
        if st.t == 0.0:
            st.t = ts
            return
        dt = ts - st.t
        if dt < 3600.0:           # hourly steps (and none backwards): cheap, and fine at a 14-day half-life
            return
        f = 2.0 ** (-dt / self._hl_s)
        st.n = [x * f for x in st.n]
        st.fail = [x * f for x in st.fail]
        st.psum = [x * f for x in st.psum]
        st.t = ts

    def genuine_pass(self) -> list[tuple[float, float]]:
        """Per level 1..3: honest customers' pass rate and the variance of that
        estimate, from the buckets where the model says fraud is rare (mean p
        under `ref_max_p`; while those hold fewer than `min_outcomes` results at
        a level, also the buckets up to `ref_ext_p`). The expected attacker
        failures at the model's own p are taken out first: where the model is
        too high, as it is where this matters, that overstates the pass rate,
        and so the fraud rates estimated from it, the safe side. With too few
        results anywhere: the configured prior, standard error 0.03."""
        cfg, st, nb = self.cfg, self._st, self.cfg.n_buckets
        m = _KINDS
        pbar = []
        for b in range(nb):
            j = b * m
            n_all = sum(st.n[j:j + m])
            pbar.append(sum(st.psum[j:j + m]) / n_all if n_all > 0.0 else -1.0)   # -1: empty
        out = []
        for lv in range(_N_LEVELS):
            n = f = 0.0
            for b in range(nb):
                if pbar[b] < 0.0:
                    continue
                if pbar[b] >= cfg.ref_max_p and (n >= cfg.min_outcomes or pbar[b] >= cfg.ref_ext_p):
                    break
                for k in (2 * lv, 2 * lv + 1):
                    i = b * m + k
                    n += st.n[i] - st.psum[i]
                    f += st.fail[i] - (1.0 - self._a[k]) * st.psum[i]
            if n >= cfg.min_outcomes:
                g = 1.0 - max(f, 0.0) / n
                out.append((g, max(g * (1.0 - g), 1.0 / n) / n))
            else:
                out.append((cfg.genuine_pass[lv], 0.03 ** 2))
        return out

    def estimates(self) -> list[tuple[float, float, float, float]]:
        """Per bucket: (results used, mean model p, estimated fraud rate q,
        its standard error); q is nan where no level carries information."""
        cfg, st = self.cfg, self._st
        g = self.genuine_pass()
        rows = []
        for b in range(cfg.n_buckets):
            j = b * _KINDS
            wsum = qsum = n_used = p_used = 0.0
            for k in range(_KINDS):
                n = st.n[j + k]
                if n < 1.0:
                    continue
                gl, var_g = g[k // 2]
                d = gl - self._a[k]
                if d < cfg.min_separation:       # attacker and customer pass alike: no information
                    continue
                fail = st.fail[j + k] / n
                var_f = max(fail * (1.0 - fail), 1.0 / n) / n
                w = d * d / (var_f + var_g)
                qsum += w * (fail - (1.0 - gl)) / d
                wsum += w
                n_used += n
                p_used += st.psum[j + k]
            if wsum > 0.0:
                rows.append((n_used, p_used / n_used, qsum / wsum, math.sqrt(1.0 / wsum)))
            else:
                rows.append((0.0, 0.0, math.nan, math.nan))
        return rows

    def refresh(self) -> None:
        """Recompute the per-bucket shifts from the statistics.

        A bucket's upper bound also bounds every bucket below it (the model's
        ranking is trusted, its scale is not): so a bucket the challenges
        rarely reach, between two that they do, is lowered with the one above
        it, and the map stays monotone in the model's score."""
        cfg = self.cfg
        self._since = 0
        rows = self.estimates()
        self.outcomes = sum(r[0] for r in rows)
        nb = cfg.n_buckets
        bound = [math.inf] * nb
        running = math.inf
        for b in range(nb - 1, -1, -1):
            n, _pbar, q, se = rows[b]
            if n >= cfg.min_outcomes:
                ub = max(q, 0.0) + cfg.confidence_z * se
                running = ub if ub < running else running
            bound[b] = running
        table = []
        floor = _NEG_INF
        above = 0.0     # the shift of the highest informed bucket so far
        for b in range(nb):
            n, pbar, _q, _se = rows[b]
            informed = n >= cfg.min_outcomes and 0.0 < pbar < 1.0
            if not informed:
                pbar = sigmoid(cfg.z_lo + b - 0.5)        # the bucket's centre
            s = 0.0
            ub = bound[b]
            if ub < pbar:
                ub = max(ub, 1e-6)
                s = max(math.log(ub / (1.0 - ub)) - math.log(pbar / (1.0 - pbar)), -cfg.max_shift)
            if informed:
                above = s
            elif ub == math.inf:
                # Above every informed bucket: the payments there are mostly denied, so
                # challenges never reach them. The model's error measured just below
                # is carried up (in every world of docs/worlds.md whose middle
                # buckets were too high, the top ones were too, and as much or more).
                s = above
            # monotone in z: never below what the buckets under it answer at their
            # top edge (z_lo + b for bucket b); shifts are <= 0, so the floor never
            # reaches a bucket left unshifted
            table.append((s, floor))
            edge_out = cfg.z_lo + b + s
            floor = edge_out if edge_out > floor else floor
        self.table = table

    def tick(self, ts: float) -> None:
        """Decay the statistics to `ts` and recompute the table when no result has
        come for a day (the maintenance round calls it): the table was recomputed
        only on new results, so a lowering that had moved its payments out of any
        challenge's reach stayed in force however old its evidence (a review)."""
        if not self.cfg.enabled or self._st.t == 0.0 or ts - self._st.t < 86400.0:
            return
        self._decay(ts)
        self.refresh()

    def max_shift(self) -> float:
        """The largest lowering in force (nats, >= 0): for the metrics."""
        return max(0.0, -min((s for s, _ in self.table), default=0.0))

    # ------------------------------------------------------------ persistence
    def snapshot(self) -> bytes:
        return msgspec.msgpack.encode(self._st)

    def restore(self, blob: bytes) -> None:
        st = msgspec.msgpack.decode(blob, type=_State)
        if len(st.n) == len(self._st.n) == len(st.fail) == len(st.psum):
            self._st = st
            self.refresh()
