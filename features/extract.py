"""Attributes x profile x entities x population -> one feature vector.

Pure and I/O-free: the store has already read the profile and entity blobs.
Every value is a finite float; a missing attribute is an indicator set to 1
with a neutral value (0) in its features and log-LR term, because many
gateways send no device or location and missing is information, not an error.
The per-attribute log likelihood ratios (`llr_*`) are features too, so that
the supervised model can use them; `models.likelihood` sums them.
"""
from __future__ import annotations

import struct
from math import asin, cos, exp, expm1, floor, isfinite, lgamma, log, log1p, pi, sin, sqrt
from typing import Any

import msgspec

from features import population
from features.attributes import Attributes
from features.compiled import load
from features.config import DEFAULT_CONFIG, ProfileConfig
from features.geo import _RAD, EARTH_KM
from features.hashing import label_key
from features.population import (
    DAY_S, HAVE_C_POPULATION, HOUR_S, HOW_KEYS, MATURED_WINDOWS, Entity, PopulationFrequencies, decode_entity,
    entity_signals, matured_fraud_shares, others_in_week, report_recency, fraud_from_others, other_victims, paid_before, payee_signals,
)
from features.profile import (
    HAVE_C_LEARN, UNIT, WIN_UNIT, Profile, attr_keys, find, payee_remembered, settled_bursts, settled_day,
)
from features.familiarity import NO_LEVEL, chain_llr, level_llr

__all__ = ["FEATURE_NAMES", "LLR_GROUPS", "FeatureSet", "extract", "extract_py", "HAVE_C_EXTRACT"]

LLR_GROUPS: tuple[str, ...] = (
    "device", "network", "place", "travel", "time", "amount", "payee", "velocity", "shared", "risky_payee",
)

FEATURE_NAMES: tuple[str, ...] = (
    # history / cold start
    "log1p_history_n", "cold_start", "log1p_history_days",
    # missing-attribute indicators
    "miss_ip", "miss_device", "miss_ua", "miss_latlon", "miss_country", "miss_city", "miss_payee", "miss_channel",
    # amount
    "log_amount", "log_amount_ratio", "amount_z", "log_amount_over_max", "log1p_typical_amount",
    # velocity (completed payments before this one, plus this one)
    "count_10m", "count_1h", "count_1d", "log1p_sum_1h", "log1p_sum_1d", "log1p_day_amount_ratio",
    # network
    "ip_new", "net_a_new", "net_b_new", "asn_new", "ipcc_new", "hosting", "hosting_unknown",
    "ipcc_mismatch", "log1p_network_age_days", "ipv6",
    # device
    "device_new", "ua_family_new", "ua_os_new", "log1p_device_age_days",
    # place
    "country_new", "city_new", "log1p_dist_km", "log1p_speed_kmh", "log1p_travel_km",
    # time
    "hour_share", "hour_pop_prob",
    # payee
    "payee_new", "log1p_payee_count", "log1p_payee_age_days",
    # population / entities
    "device_others_1h", "device_others_1d", "ip_others_1h", "ip_others_1d", "net_others_1d",
    "payee_others_1d", "payee_new_senders_1d", "log1p_payee_age_entity_days",
    "payee_fraud_w", "log1p_payee_fraud_n", "device_fraud_w", "ip_fraud_w", "net_fraud_w",
    # entity risk as a rate: payments seen at the payee, fraud reports per payment
    # (short half-life `entity_hl_short`, long `fraud_hl`)
    "log1p_payee_n_short", "log1p_payee_n_long", "payee_fraud_rate_short", "payee_fraud_rate_long",
    "device_fraud_rate_long", "ip_fraud_rate_long", "net_fraud_rate_long",
    # customer spending windows, one per `ProfileConfig.hl_windows` half-life (~1, 7, 30 days):
    # decayed count of completed payments, their mean amount, this amount over that mean
    "log1p_win_count_1", "log1p_win_count_2", "log1p_win_count_3",
    "log1p_win_mean_1", "log1p_win_mean_2", "log1p_win_mean_3",
    "log_amount_over_win_mean_1", "log_amount_over_win_mean_2", "log_amount_over_win_mean_3",
) + tuple("llr_" + g for g in LLR_GROUPS) + (
    # behaviour extras (`_extras`), appended so older positions keep their meaning:
    # payees and devices the customer took up recently, devices in concurrent use,
    # a new device presenting the customer's known app/browser (a clone),
    # this amount against the customer's whole 30-day outflow, and the payee's
    # first-time senders over weeks (a mule collects first payments from many people)
    "payees_new_1d", "payees_new_7d", "devices_new_7d", "devices_active_7d", "device_new_known_ua",
    "log_amount_over_win_sum_3", "log1p_payee_new_senders_long", "payee_new_sender_share",
    "log1p_other_device_idle_h",
    # the payee's reported fraud over its payments 1, 7 and 28 days old whose
    # labels have settled (`population.matured_fraud_shares`)
    "payee_matured_fraud_1d", "payee_matured_fraud_7d", "payee_matured_fraud_28d",
    # 1: a payee the table had forgotten but the payee memory holds (paid before;
    # `profile.payee_remembered`): then payee_new is 0, its count 1, its age unknown (0)
    "payee_recalled",
    # count_10m / 1h / 1d over the customer's settled busiest hour / day x
    # `burst_multiple` when that is a batch (`burst_min`; the raw count otherwise):
    # velocity against habit
    "count_10m_over_habit", "count_1h_over_habit", "count_1d_over_habit",
    # device_fraud_w when a fraud reported on the device was against another customer
    # (`population.fraud_from_others`: a fraudster's device, not a victim's own), else 0
    "device_fraud_w_others",
    # 2^-(days since the payee's last fraud report arrived): 1 for a report just in,
    # 0 for none (`population.report_recency`)
    "payee_report_recency",
    # other customers seen on the device within `population.DEVICE_KEEP_DAYS` days
    # (a fraud ring's phone serves its accounts over days, not within one)
    "device_others_7d",
)

_IDX = {name: i for i, name in enumerate(FEATURE_NAMES)}
_N = len(FEATURE_NAMES)
_LLR0 = _IDX["llr_device"]
_LLR1 = _LLR0 + len(LLR_GROUPS)
_G = {g: i for i, g in enumerate(LLR_GROUPS)}
_LOG_SQRT_PI = 0.5 * log(pi)
_T_NU = 10.0   # near-normal, a little robust to one odd past amount
_T_C = lgamma((_T_NU + 1) / 2) - lgamma(_T_NU / 2) - 0.5 * log(_T_NU) - _LOG_SQRT_PI
_EMPTY = Profile()
_HIST = struct.Struct(">168H")      # the profile's hour-of-week histogram, unpacked in one call
_TWO_R = 2.0 * EARTH_KM            # as `geo.haversine_km` computes it (left to right, so the same float)

# Positions in the feature vector and the LLR list, resolved at import.
_NET_NAMES = ("ipcc", "asn", "net_b", "net_a", "ip")          # coarse to fine, as chain_llr walks
_DEV_NAMES = ("ua_os", "ua_family", "device")
_PLACE_NAMES = ("country", "city")
_NET_NEW = tuple(_IDX[name + "_new"] for name in _NET_NAMES)
_DEV_NEW = tuple(_IDX[name + "_new"] for name in _DEV_NAMES)
_PLACE_NEW = tuple(_IDX[name + "_new"] for name in _PLACE_NAMES)
# novelty entries of a walk that found every level (see `_mark_levels`)
_NET_KNOWN = dict.fromkeys(_NET_NAMES, False)
_DEV_KNOWN = dict.fromkeys(_DEV_NAMES, False)
_PLACE_KNOWN = dict.fromkeys(_PLACE_NAMES, False)
_L_DEVICE, _L_NETWORK, _L_PLACE, _L_TRAVEL, _L_TIME = (_G[g] for g in ("device", "network", "place", "travel", "time"))
_L_AMOUNT, _L_PAYEE, _L_VELOCITY, _L_SHARED, _L_RISKY_PAYEE = (
    _G[g] for g in ("amount", "payee", "velocity", "shared", "risky_payee"))
_I_NET_AGE, _I_IPV6, _I_HOSTING, _I_HOSTING_UNKNOWN, _I_IPCC_MISMATCH = (
    _IDX[k] for k in ("log1p_network_age_days", "ipv6", "hosting", "hosting_unknown", "ipcc_mismatch"))
_I_DEV_NEW_DEVICE, _I_DEV_NEW_FAMILY = _IDX["device_new"], _IDX["ua_family_new"]
_I_DEV_AGE, _I_DIST, _I_SPEED, _I_TRAVEL = (
    _IDX[k] for k in ("log1p_device_age_days", "log1p_dist_km", "log1p_speed_kmh", "log1p_travel_km"))
_I_HOUR_POP, _I_HOUR_SHARE = _IDX["hour_pop_prob"], _IDX["hour_share"]
_I_PAYEE_NEW, _I_PAYEE_COUNT, _I_PAYEE_AGE = _IDX["payee_new"], _IDX["log1p_payee_count"], _IDX["log1p_payee_age_days"]
_I_DEV_1H, _I_DEV_1D, _I_IP_1H, _I_IP_1D, _I_NET_1D = (
    _IDX[k] for k in ("device_others_1h", "device_others_1d", "ip_others_1h", "ip_others_1d", "net_others_1d"))
_I_PAYEE_1D, _I_PAYEE_SND, _I_PAYEE_ENT_AGE, _I_PAYEE_FW, _I_PAYEE_FN = (
    _IDX[k] for k in ("payee_others_1d", "payee_new_senders_1d", "log1p_payee_age_entity_days", "payee_fraud_w",
                      "log1p_payee_fraud_n"))
_I_DEV_FW, _I_IP_FW, _I_NET_FW = _IDX["device_fraud_w"], _IDX["ip_fraud_w"], _IDX["net_fraud_w"]
_I_DEV_FO = _IDX["device_fraud_w_others"]
_I_PAYEE_NS, _I_PAYEE_NL, _I_PAYEE_RS, _I_PAYEE_RL = (
    _IDX[k] for k in ("log1p_payee_n_short", "log1p_payee_n_long", "payee_fraud_rate_short", "payee_fraud_rate_long"))
_I_DEV_RL, _I_IP_RL, _I_NET_RL = _IDX["device_fraud_rate_long"], _IDX["ip_fraud_rate_long"], _IDX["net_fraud_rate_long"]
_I_WIN_COUNT, _I_WIN_MEAN, _I_WIN_RATIO = (
    _IDX["log1p_win_count_1"], _IDX["log1p_win_mean_1"], _IDX["log_amount_over_win_mean_1"])
_N_WIN = 3
_WIN_TO_AMOUNT = WIN_UNIT / 100.0    # (cents / count units) -> currency per payment

# Novelty-rate groups in the order extract unpacks them (see `_Tuned.priors`).
_NOVELTY_GROUPS = _NET_NAMES + _DEV_NAMES + _PLACE_NAMES + ("centre", "payee")


class FeatureSet(msgspec.Struct, kw_only=True, gc=False):
    """`gc=False`: one per payment, holding only numbers, lists and a flat dict
    (no reference cycles), so it adds nothing to the collector's work."""

    values: list[float]                 # aligned with FEATURE_NAMES
    llr: list[float]                    # aligned with LLR_GROUPS (also at the end of values)
    # for the policy
    history_n: int
    cold_start: bool
    new_device: bool | None             # None: no device sent
    new_payee: bool | None
    new_network: bool | None
    day_amount: float                   # completed amount in the last 24 h (before this payment)
    # for PopulationFrequencies.observe (novelty rates of established customers)
    novelty: dict[str, bool | None]
    # evidence for reason messages
    amount: float
    typical_amount: float               # 0.0 when unknown
    amount_ratio: float                 # amount / typical (1.0 when unknown)
    largest_amount: float               # largest recent completed amount, decayed; 0.0 when unknown
    distance_km: float                  # to the nearest usual place; -1 unknown
    speed_kmh: float                    # from the previous located payment; -1 unknown
    travel_km: float
    count_1h: int
    count_1d: int
    sum_1d: float
    device_others_1d: int
    ip_others_1d: int
    payee_fraud_n: int
    payee_new_senders_1d: int
    hour_share: float                   # customer's share of payments in this hour of week; -1 unknown
    new_country: bool | None
    new_city: bool | None
    payee_largest: float = 0.0          # largest amount paid to this payee, once settled (label delay); 0.0 none
    day_largest: float = 0.0            # the customer's settled busiest 24 h (completed amount), decayed; 0.0 unknown
    device_fraud_others: float = 0.0    # decayed reports on the device against other customers (fraud_from_others)
    device_fraud_victims: int = 0       # how many other customers those reports were against (other_victims)
    payee_fraud_victims: int = 0        # other customers whose reported payments went to this payee (other_victims)
    ip_fraud_victims: int = 0           # other customers whose reported payments came from this IP (other_victims)
    hour_day_share: float = -1.0        # share in this hour of day (any day; neighbours at half weight); -1 unknown


class _Tuned:
    """What extract derives from a `ProfileConfig`: half-lives in minutes and the
    novelty priors, computed once per config object, not per payment."""

    __slots__ = ("cfg", "hl_amount", "hl_max_amount", "hl_burst", "burst_multiple", "burst_min", "hl_time",
                 "hl_network", "hl_device", "hl_place", "hl_payee", "tau_days", "priors", "hl_win", "log_span",
                 "settle_min", "c_params")

    def __init__(self, cfg: ProfileConfig) -> None:
        self.cfg = cfg
        self.hl_amount = cfg.hl_amount / 60.0
        self.hl_max_amount = cfg.hl_max_amount / 60.0
        self.hl_burst = cfg.hl_burst / 60.0
        self.burst_multiple = cfg.burst_multiple
        self.burst_min = cfg.burst_min
        self.hl_time = cfg.hl_time / 60.0
        self.hl_network = cfg.hl_network / 60.0
        self.hl_device = cfg.hl_device / 60.0
        self.hl_place = cfg.hl_place / 60.0
        self.hl_payee = cfg.hl_payee / 60.0
        self.settle_min = int(cfg.label_delay // 60.0)
        self.tau_days = cfg.hl_time / 86400.0 / 0.6931
        s = cfg.centre_radius_km
        self.log_span = log((20000.0 + s) / s)     # normaliser of the attacker's log-uniform distance
        if len(cfg.hl_windows) != _N_WIN:
            raise ValueError(f"hl_windows needs {_N_WIN} half-lives (the feature layout has {_N_WIN} windows)")
        self.hl_win = tuple(h / 60.0 for h in cfg.hl_windows)
        self.priors = (cfg.ipcc_new, cfg.asn_new, cfg.net_b_new, cfg.net_a_new, cfg.ip_new,
                       cfg.ua_os_new, cfg.ua_family_new, cfg.device_new, cfg.country_new, cfg.city_new,
                       cfg.centre_new, cfg.payee_new)
        # what the compiled profile part (features/_hotpath.c `profile_features`) reads, in its order
        self.c_params = (
            cfg.cold_n, self.settle_min, cfg.alpha, cfg.llr_min, cfg.llr_max, cfg.c_net, cfg.c_ip, cfg.c_device,
            self.hl_amount, self.hl_max_amount, *self.hl_win, self.tau_days, self.hl_burst, self.burst_min,
            self.burst_multiple, self.hl_time, self.hl_network, self.hl_device, self.hl_place, self.hl_payee,
            s, self.log_span, cfg.travel_min_km, cfg.travel_kmh, _T_C, _RAD, _TWO_R, _LOG2)


_TUNED: dict[int, _Tuned] = {}


def _tuned(cfg: ProfileConfig) -> _Tuned:
    t = _TUNED.get(id(cfg))
    if t is None or t.cfg is not cfg:
        if len(_TUNED) > 64:
            _TUNED.clear()
        t = _TUNED[id(cfg)] = _Tuned(cfg)
    return t


def _mark_levels(v: list[float], novelty: dict[str, bool | None], keys: tuple[int | None, ...], novel: int,
                 cold: bool, new_idx: tuple[int, ...], names: tuple[str, ...], known: dict[str, bool]) -> None:
    """After a `chain_llr` walk: set the `*_new` features of the levels at and
    below the first new one (`novel`), and, past cold start, record in
    `novelty` every sent level down to the first new one (False above it, True
    at it). Levels not sent are skipped. The features start at 0.0, so a walk
    that found every level writes only the novelty entries (one update when
    every level was sent)."""
    if novel == NO_LEVEL:
        if not cold:
            if None not in keys:
                novelty.update(known)
            else:
                for i in range(len(keys)):
                    if keys[i] is not None:
                        novelty[names[i]] = False
        return
    for i in range(novel, len(keys)):
        if keys[i] is not None:
            v[new_idx[i]] = 1.0
    if not cold:
        for i in range(novel + 1):
            if keys[i] is not None:
                novelty[names[i]] = i == novel


def _student_logpdf(z: float, scale: float) -> float:
    return _T_C - log(scale) - (_T_NU + 1) / 2 * log1p(z * z / _T_NU)


def _poisson_glr(k: int, mu: float) -> float:
    """Generalized log-LR of count k against the customer's expected count mu
    (0 when k is at or below expectation): how much a burst departs from habit."""
    if k <= mu or k <= 1:
        return 0.0
    return k * log(k / mu) - k + mu


_I_PAYEES_1D, _I_PAYEES_7D, _I_DEVS_NEW_7D, _I_DEVS_ACT_7D, _I_DEV_CLONE, _I_WIN_SUM, _I_PAYEE_NSL, _I_PAYEE_NSS = (
    _IDX[k] for k in ("payees_new_1d", "payees_new_7d", "devices_new_7d", "devices_active_7d", "device_new_known_ua",
                      "log_amount_over_win_sum_3", "log1p_payee_new_senders_long", "payee_new_sender_share"))
_I_OTHER_DEV = _IDX["log1p_other_device_idle_h"]
_I_PAYEE_M1 = _IDX["payee_matured_fraud_1d"]
_I_PAYEE_REC = _IDX["payee_report_recency"]
_I_DEV_7D = _IDX["device_others_7d"]
_I_PAYEE_RECALLED = _IDX["payee_recalled"]
_I_C10_HABIT, _I_C1H_HABIT, _I_C1D_HABIT = (
    _IDX[k] for k in ("count_10m_over_habit", "count_1h_over_habit", "count_1d_over_habit"))
_LOG2 = log(2.0)   # log1p of one payment
_DAY_MIN = 1440
_WEEK_MIN = 7 * 1440


def extract_py(
    attrs: Attributes,
    profile: Profile | None,
    entities: dict[str, bytes | None],
    freq: PopulationFrequencies,
    cfg: ProfileConfig = DEFAULT_CONFIG,
    decoded: dict[str, Entity | None] | None = None,
) -> FeatureSet:
    """One payment's features (the reference definition; `extract` is
    `_extract_c` where features/_hotpath.c is built). This is the scoring hot path, so two-way
    min/max are written as conditional expressions with the builtins' exact
    semantics (a builtin call costs ~8x as much here; a linter's rewrite back
    to min()/max() would change no value, only the speed), and the entity
    reads and the payee-table scan are fused. Every float is pinned by
    tests/test_hot_path_equivalence.py."""
    p = profile if profile is not None else _EMPTY
    tn = _tuned(cfg)
    v = [0.0] * _N
    llr = [0.0] * len(LLR_GROUPS)
    ts = attrs.ts
    now = int(ts // 60.0)
    n = p.n
    cold = n < cfg.cold_n
    alpha = cfg.alpha
    lo, hi = cfg.llr_min, cfg.llr_max
    (r_ipcc, r_asn, r_net_b, r_net_a, r_ip, r_os, r_fam, r_dev, r_country, r_city, r_centre,
     r_payee) = freq.novelty_rates(_NOVELTY_GROUPS, tn.priors)
    attacker_prob = freq.attacker_prob
    ak = attr_keys(attrs)   # table keys, in profile.TABLES order

    v[0] = log1p(n)
    v[1] = 1.0 if cold else 0.0
    if n:
        days = (now - p.first) / 1440.0
        v[2] = log1p(days if days > 0.0 else 0.0)
    v[3] = 0.0 if attrs.ip_h else 1.0
    v[4] = 0.0 if attrs.device_h else 1.0
    v[5] = 0.0 if attrs.ua_family or attrs.ua_os else 1.0
    has_geo = attrs.lat is not None and attrs.lon is not None
    v[6] = 0.0 if has_geo else 1.0
    v[7] = 0.0 if attrs.country else 1.0
    v[8] = 0.0 if attrs.city else 1.0
    v[9] = 0.0 if attrs.payee_h else 1.0
    v[10] = 0.0 if attrs.channel else 1.0
    novelty: dict[str, bool | None] = {}

    # ---------------------------------------------------------- amount
    amount = attrs.amount
    amount01 = 0.01 if 0.01 > amount else amount     # max(amount, 0.01)
    x = log(amount01)
    mu0, sd0 = freq.amount_prior()
    w_a = 0.0
    typical = 0.0
    if p.amt_w:
        dt = now - p.amt_t
        w_a = (p.amt_w if dt <= 0 else p.amt_w * 2.0 ** (-dt / tn.hl_amount)) / UNIT
        typical = exp(p.amt_mu / 1000.0)
    var_u = p.amt_var / 1000.0
    kappa = 2.0
    mu = (w_a * (p.amt_mu / 1000.0) + kappa * mu0) / (w_a + kappa)
    sd = sqrt((w_a * var_u + kappa * sd0 * sd0) / (w_a + kappa) + 0.02)
    z = (x - mu) / sd
    log_dens_u = _T_C - log(sd) - (_T_NU + 1) / 2 * log1p(z * z / _T_NU)    # _student_logpdf(z, sd)
    pa = attacker_prob("amt", int(floor(x * 2.0)))   # population.amount_bin(amount)
    pop_dens = pa * 2.0 if pa > 0.0 else exp(_student_logpdf((x - mu0) / (1.5 * sd0), 1.5 * sd0))
    # Attackers cash out: their amounts follow the population's, mixed with a
    # broad log-uniform over 1..1e6 (density 1/13.8 per ln-unit), so a large
    # amount that is rare for everyone is not thereby excused.
    log_dens_a = log(0.7 * pop_dens + 0.3 / 13.8)
    l_amt = log_dens_a - log_dens_u
    if z <= 0.0 and l_amt > 0.0:
        l_amt = 0.0   # unusually small amounts are not what this factor is about
    l_amt = l_amt if l_amt > lo else lo
    llr[_L_AMOUNT] = l_amt if l_amt < hi else hi
    ratio = amount / typical if typical > 0.0 else 1.0
    cur_max = 0.0
    if p.amt_max:
        dt = now - p.amt_max_t
        cur_max = (p.amt_max if dt <= 0 else p.amt_max * 2.0 ** (-dt / tn.hl_max_amount)) / 100.0
    day_largest = 0.0
    if p.day_max or p.day_pend_t:
        day_largest = settled_day(p, now, tn.hl_burst) / 100.0
    v[11] = x
    v[12] = log(ratio) if ratio > 0.0 else 0.0
    if w_a > 0.0:
        zc = z if z < 10.0 else 10.0
        v[13] = zc if zc > -10.0 else -10.0
    if cur_max > 0.0:
        v[14] = log(amount01 / cur_max)
    v[15] = log1p(typical)
    win = p.win
    if win:
        dt = now - p.win_t
        hl_win = tn.hl_win
        for i in range(_N_WIN):
            cw = win[2 * i]
            if cw:
                v[_I_WIN_COUNT + i] = log1p((cw if dt <= 0 else cw * 2.0 ** (-dt / hl_win[i])) / WIN_UNIT)
                m = win[2 * i + 1] / cw * _WIN_TO_AMOUNT   # the decay cancels in the mean
                if m > 0.0:
                    v[_I_WIN_MEAN + i] = log1p(m)
                    v[_I_WIN_RATIO + i] = x - log(m)

    # ---------------------------------------------------------- velocity
    c10 = c1h = c1d = 1
    s1h = s1d = amount
    day_amount = 0.0
    for t_r, cents_r, cnt_r in p.recent:     # [ts_s, cents, count]
        age = ts - t_r
        if age < 0 or age >= DAY_S:
            continue
        c1d += cnt_r
        amt_r = cents_r / 100.0
        day_amount += amt_r
        if age < HOUR_S:
            c1h += cnt_r
            s1h += amt_r
            if age < 600:
                c10 += cnt_r
    s1d += day_amount
    v[16] = float(c10)
    v[17] = float(c1h)
    v[18] = float(c1d)
    v[19] = log1p(s1h)
    v[20] = log1p(s1d)
    # the customer's payment rate: decayed count over the decay's mean lifetime
    hist_w = 0.0
    if p.hist_tot:
        dh = now - p.hist_t
        hist_w = p.hist_tot * 2.0 ** (p.hist_log2 - (dh if dh > 0 else 0) / tn.hl_time)
    span_days = 1.0
    if n:
        span = (now - p.first) / 1440.0
        tau_days = tn.tau_days
        span = span if span < tau_days else tau_days
        span_days = span if span > 1.0 else 1.0
    if n >= cfg.cold_n:
        rate_day = hist_w / span_days
        rate_day = 0.5 if 0.5 > rate_day else rate_day
    else:
        rate_day = 2.0
    typical_day = rate_day * (typical if typical > 0.0 else exp(mu0))
    v[21] = log1p(s1d / typical_day) if typical_day > 0.0 else 0.0
    # An established customer's own settled batches (a payroll run, a batch of
    # invoices: a busiest hour or day of at least burst_min payments) are habit:
    # expect up to burst_multiple x the decayed busiest hour (also within 10
    # minutes) and busiest day.
    bh = bd = 0.0
    if n >= cfg.cold_n and (p.burst_t or p.pend_t):
        bh, bd = settled_bursts(p, now, tn.hl_burst, tn.settle_min)
        m = tn.burst_min
        bh = bh * tn.burst_multiple if bh >= m else 0.0
        bd = bd * tn.burst_multiple if bd >= m else 0.0
    # the counts over that habit (raw counts where there is none): what the trees
    # see of velocity, so that a business's payroll run is not a drain to them
    h = bh if bh > 1.0 else 1.0
    v[_I_C10_HABIT] = c10 / h
    v[_I_C1H_HABIT] = c1h / h
    v[_I_C1D_HABIT] = c1d / (bd if bd > 1.0 else 1.0)
    # max() of the three bursts (c10 <= c1h <= c1d: none is a burst unless c1d is)
    l_vel = 0.0
    if c1d > 1:
        mu10 = rate_day / 144.0 + 0.05
        mu1h = rate_day / 24.0 + 0.1
        mu1d = rate_day + 0.5
        mu10 = bh if bh > mu10 else mu10
        mu1h = bh if bh > mu1h else mu1h
        mu1d = bd if bd > mu1d else mu1d
        l_vel = _poisson_glr(c10, mu10)
        g = _poisson_glr(c1h, mu1h)
        if g > l_vel:
            l_vel = g
        g = _poisson_glr(c1d, mu1d)
        if g > l_vel:
            l_vel = g
    l_vel = 0.5 * l_vel
    llr[_L_VELOCITY] = l_vel if l_vel < hi else hi

    # ---------------------------------------------------------- network
    new_network: bool | None = None
    if attrs.ip_h:
        nk = (ak[4], ak[3], ak[2], ak[1], ak[0])
        pa_cc = attacker_prob("ipcc", attrs.ip_country) if attrs.ip_country else -1.0
        pa_asn = attacker_prob("asn", attrs.asn) if attrs.asn else -1.0
        c_cc = pa_cc if pa_cc > 0.0 else 0.05
        c_asn = 0.05
        if pa_asn > 0.0:
            c_asn = pa_asn / c_cc
            c_asn = c_asn if c_asn < 1.0 else 1.0
        l, novel, first = chain_llr(
            (p.ipcc, p.asn, p.net_b, p.net_a, p.ip), nk,
            (c_cc, c_asn, cfg.c_net, cfg.c_net, cfg.c_ip), (r_ipcc, r_asn, r_net_b, r_net_a, r_ip),
            now, tn.hl_network, alpha,
        )
        if n:
            l = l if l > lo else lo
            llr[_L_NETWORK] = l if l < hi else hi
        _mark_levels(v, novelty, nk, novel, cold, _NET_NEW, _NET_NAMES, _NET_KNOWN)
        # NEW_NETWORK is about the network, not the address
        new_network = n > 0 and novel != NO_LEVEL and novel <= 3 and nk[novel] is not None
        if not n:
            new_network = True
        if first >= 0:
            age = now - first
            v[_I_NET_AGE] = log1p((age if age > 0 else 0) / 1440.0)
        v[_I_IPV6] = 1.0 if attrs.ip_version == 6 else 0.0
    if attrs.hosting is None:
        v[_I_HOSTING_UNKNOWN] = 1.0
    elif attrs.hosting:
        v[_I_HOSTING] = 1.0
    if attrs.ip_country and attrs.country and attrs.ip_country != attrs.country:
        v[_I_IPCC_MISMATCH] = 1.0

    # ---------------------------------------------------------- device
    new_device: bool | None = None
    dev_k, fam_k, os_k = ak[5], ak[6], ak[7]
    if os_k is not None or fam_k is not None or dev_k is not None:
        pa_os = attacker_prob("ua_os", attrs.ua_os) if attrs.ua_os else -1.0
        pa_fam = attacker_prob("ua_family", attrs.ua_family) if attrs.ua_family else -1.0
        c_os = pa_os if pa_os > 0.0 else 0.2
        c_fam = 0.1
        if pa_fam > 0.0:
            c_fam = pa_fam / c_os
            c_fam = c_fam if c_fam < 1.0 else 1.0
        dk = (os_k, fam_k, dev_k)
        l, novel, first = chain_llr(
            (p.ua_os, p.ua_family, p.device), dk, (c_os, c_fam, cfg.c_device), (r_os, r_fam, r_dev),
            now, tn.hl_device, alpha,
        )
        if n:
            l = l if l > lo else lo
            llr[_L_DEVICE] = l if l < hi else hi
        _mark_levels(v, novelty, dk, novel, cold, _DEV_NEW, _DEV_NAMES, _DEV_KNOWN)
        if dev_k is not None:
            # the walk reached and found the device unless a coarser level was new
            new_device = False if novel == NO_LEVEL else True if novel == 2 else find(p.device, dev_k) is None
        if first >= 0:
            age = now - first
            v[_I_DEV_AGE] = log1p((age if age > 0 else 0) / 1440.0)

    # ---------------------------------------------------------- place
    cc_k, city_k = ak[8], ak[9]
    new_country: bool | None = None
    new_city: bool | None = None
    l_place = 0.0
    if cc_k is not None or city_k is not None:
        pa_c = attacker_prob("country", attrs.country) if attrs.country else -1.0
        pa_city = attacker_prob("city", attrs.city) if attrs.city else -1.0
        c_c = pa_c if pa_c > 0.0 else 0.05
        c_city = 0.05
        if pa_city > 0.0:
            c_city = pa_city / c_c
            c_city = c_city if c_city < 1.0 else 1.0
        pk = (cc_k, city_k)
        l_place, novel, _ = chain_llr(
            (p.country, p.city), pk, (c_c, c_city), (r_country, r_city), now, tn.hl_place, alpha,
        )
        _mark_levels(v, novelty, pk, novel, cold, _PLACE_NEW, _PLACE_NAMES, _PLACE_KNOWN)
        # what the walk saw; the city is looked up only when a new country stopped it
        if cc_k is not None:
            new_country = novel == 0
        if city_k is not None:
            new_city = find(p.city, city_k) is None if novel == 0 else novel == 1
    dist = -1.0
    near_c = 0      # completed payments at the nearest usual place
    spd = -1.0
    travel = 0.0
    if has_geo:
        lat, lon = attrs.lat, attrs.lon
        # `haversine_km` written out: the customer's point enters every
        # distance, so its radians and cosine are computed once (same floats)
        p1 = lat * _RAD  # type: ignore[operator]
        cos_p1 = cos(p1)
        centres = p.centres
        if centres:
            dist = 1e9
            for c in centres:
                p2 = c.lat * 1e-4 * _RAD
                s_p = sin((p2 - p1) * 0.5)
                s_l = sin((c.lon * 1e-4 - lon) * _RAD * 0.5)  # type: ignore[operator]
                d = sqrt(s_p ** 2 + cos_p1 * cos(p2) * s_l ** 2)
                d = _TWO_R * asin(d if d < 1.0 else 1.0)
                if d < dist:
                    dist = d
                    near_c = c.c
            dt = now - p.geo_t
            geo_w = (p.geo_w if dt <= 0 else p.geo_w * 2.0 ** (-dt / tn.hl_place)) / UNIT
            pi_new = r_centre + (1.0 - r_centre) * alpha / (geo_w + alpha)
            s = cfg.centre_radius_km
            dens_a = 1.0 / ((dist + s) * tn.log_span)    # log_span = log((20000 + s) / s)
            dens_u = (1.0 - pi_new) * exp(-dist / s) / s + pi_new * dens_a
            l_place += log(dens_a / dens_u)
            if not cold:
                novelty["centre"] = dist > s
            v[_I_DIST] = log1p(dist)
        last_geo = p.last_geo
        if last_geo:
            p2 = last_geo[0] * 1e-4 * _RAD
            s_p = sin((p2 - p1) * 0.5)
            s_l = sin((last_geo[1] * 1e-4 - lon) * _RAD * 0.5)  # type: ignore[operator]
            travel = sqrt(s_p ** 2 + cos_p1 * cos(p2) * s_l ** 2)
            travel = _TWO_R * asin(travel if travel < 1.0 else 1.0)
            # a late payment (dated before the last located one) is as far in time
            # from it the other way (a review: the negative gap read as one minute)
            dts = ts - last_geo[2]
            dts = dts if dts >= 0.0 else -dts
            spd = travel / ((60.0 if 60.0 > dts else dts) / 3600.0)   # geo.speed_kmh
            v[_I_SPEED] = log1p(spd)
            v[_I_TRAVEL] = log1p(travel)
            if travel >= cfg.travel_min_km and spd > cfg.travel_kmh and (
                    near_c < 2 or dist > cfg.centre_radius_km):
                # Genuine customers essentially never beat an airliner; the
                # factor grows with how badly they would have to. Not when
                # this payment is back at a place the customer has paid from
                # at least twice: then the odd one out was the previous
                # location (a trip, or a coarse IP-based position; they
                # happen), and the thief is the one who is far from home.
                l = 2.0 + log(spd / cfg.travel_kmh)
                llr[_L_TRAVEL] = l if l < hi else hi
    if n:
        l_place = l_place if l_place > lo else lo
        llr[_L_PLACE] = l_place if l_place < hi else hi
    # ---------------------------------------------------------- time of week
    how = attrs.how
    pa_h = attacker_prob("how", HOW_KEYS[how] if 0 <= how < 168 else how)   # str keys, as stored
    if pa_h <= 0.0:
        pa_h = 1.0 / 168.0
    v[_I_HOUR_POP] = pa_h * 168.0
    hour_share = hour_day_share = -1.0
    if p.hist_tot and hist_w > 0.0:
        counts = _HIST.unpack(p.hist)
        tot = p.hist_tot
        hour_share = counts[how] / tot
        # the same hour of day on any day, with its neighbours at half weight
        # (integer sums: exact, so the order of additions does not matter)
        h = how % 24
        hod = 0.5 * sum(counts[h::24]) + 0.25 * (sum(counts[(h + 1) % 24::24]) + sum(counts[(h - 1) % 24::24]))
        hour_day_share = hod / tot
        hod = hod / tot / 7.0
        base = (hist_w * hod + alpha * pa_h) / (hist_w + alpha)
        p_u = (hist_w * hour_share + 2.0 * base) / (hist_w + 2.0)
        l = log(pa_h / p_u)
        l = l if l > lo else lo
        llr[_L_TIME] = l if l < hi else hi
        v[_I_HOUR_SHARE] = hour_share

    # ---------------------------------------------------------- payee
    ck = label_key(attrs.customer_id)   # the customer as entities know it
    # One pass over the payee table finds this payee's entry and counts the
    # payees taken up in the last day and week (for the extras below; recalled
    # ones were paid before, so they are not taken up).
    new_payee: bool | None = None
    payee_largest = 0.0
    pay_e = None
    pay_1d = pay_7d = 0
    day_lo = now - _DAY_MIN
    week_lo = now - _WEEK_MIN
    payee_h = attrs.payee_h
    if payee_h:
        pay_e = decode_entity(entities.get("p:" + payee_h))
        if decoded is not None:
            decoded["p:" + payee_h] = pay_e
        k = ak[10]
        e = None
        for pe in p.payee.e:
            if pe.k == k and e is None:
                e = pe
            f = pe.f
            if f > week_lo and not pe.r:
                pay_7d += 1
                if f > day_lo:
                    pay_1d += 1
        # recalled: paid before, but beyond the table: in the profile's Bloom
        # memory, or in the payee's own memory of its senders (population.paid_before),
        # which also keeps the largest amount and when it was paid
        paid = paid_before(pay_e, ck) if pay_e is not None else None
        recalled = e is None and (paid is not None or payee_remembered(p.payee_mem, k))
        new_payee = e is None and not recalled
        total = freq.total("amt")
        c_pay = (pay_e.n + 1.0) / (total + 1.0) if (pay_e is not None and total > 0.0) else cfg.c_payee
        c_pay = c_pay if c_pay > 1e-6 else 1e-6
        c_pay = c_pay if c_pay < 0.5 else 0.5
        if recalled:
            # known, but no more familiar than the least familiar payee kept
            e_ref = None
            w_ref = 0.0
            for pe in p.payee.e:
                dt = now - pe.t
                w = pe.w if dt <= 0 else pe.w * 2.0 ** (-dt / tn.hl_payee)
                if e_ref is None or w < w_ref:
                    e_ref, w_ref = pe, w
            l = level_llr(p.payee, e_ref, c_pay, r_payee, now, tn.hl_payee, alpha)
            v[_I_PAYEE_RECALLED] = 1.0
            v[_I_PAYEE_COUNT] = _LOG2
        else:
            l = level_llr(p.payee, e, c_pay, r_payee, now, tn.hl_payee, alpha)
        if n:
            l = l if l > lo else lo
            llr[_L_PAYEE] = l if l < hi else hi
        if not cold:
            novelty["payee"] = new_payee
        v[_I_PAYEE_NEW] = 1.0 if new_payee else 0.0
        # Only settled amounts vouch for a repeat (the policy's known-payee rules):
        # the largest amount paid at least the label delay ago (the payee's memory),
        # or the table's largest when the payee was last paid that long ago.
        # A takeover paying a mule more each time gains nothing.
        if paid is not None:
            settled, pending, t_pending = paid
            if pending > settled and now - t_pending >= tn.settle_min:
                settled = pending
            payee_largest = float(settled)
        if e is not None:
            if now - e.t >= tn.settle_min and e.a > payee_largest:
                payee_largest = float(e.a)
            v[_I_PAYEE_COUNT] = log1p(e.c)
            age = now - e.f
            v[_I_PAYEE_AGE] = log1p((age if age > 0 else 0) / 1440.0)
    else:
        for pe in p.payee.e:
            f = pe.f
            if f > week_lo and not pe.r:
                pay_7d += 1
                if f > day_lo:
                    pay_1d += 1

    d1d, i1d, pf_n, snd, fo_d, victims_d, victims_i = _entity_features(v, llr, attrs, entities, decoded, ck, ts, pay_e,
                                                            cfg.shared_allowance, hi)

    v[_LLR0:_LLR1] = llr
    _extras(v, p, attrs, now, x, ak[5], pay_1d, pay_7d)
    # defensive: every value is finite unless the sum is not (an inf or a NaN
    # anywhere makes the sum inf or NaN), so one C-level pass decides; repaired
    # only if needed
    if not isfinite(sum(v)):
        v = [val if isfinite(val) else 0.0 for val in v]

    return FeatureSet(
        values=v, llr=llr, history_n=n, cold_start=cold, new_device=new_device, new_payee=new_payee,
        new_network=new_network, day_amount=day_amount, novelty=novelty, amount=amount,
        typical_amount=typical, amount_ratio=ratio, largest_amount=cur_max, distance_km=dist, speed_kmh=spd, travel_km=travel,
        count_1h=c1h, count_1d=c1d, sum_1d=s1d, device_others_1d=d1d, ip_others_1d=i1d,
        payee_fraud_n=pf_n, payee_new_senders_1d=snd, hour_share=hour_share, hour_day_share=hour_day_share,
        new_country=new_country, new_city=new_city, payee_largest=payee_largest,
        day_largest=day_largest, device_fraud_others=fo_d, device_fraud_victims=victims_d,
        payee_fraud_victims=other_victims(pay_e, ck) if (pay_e is not None and pay_e.fraud_n) else 0,
        ip_fraud_victims=victims_i,
    )


def _entity_features(v: list[float], llr: list[float], attrs: Attributes, entities: dict[str, bytes | None],
                     decoded: dict[str, Entity | None] | None, ck: int, ts: float, pay_e: Entity | None,
                     allow: int, hi: float) -> tuple[int, int, int, int, float, int, int]:
    """The device, IP, network and payee entities' signals, in place into `v`
    and `llr` (shared and risky-payee factors): the population's side of a
    payment, after the profile's (the Python `extract_py` and the compiled
    `_extract_c` both end here). Returns (device others 1 d, IP others 1 d,
    payee fraud reports, payee new senders 1 d, device fraud from others,
    its other victims, the IP's other victims), for the FeatureSet. The signals are computed in
    features/_population.c where it is built (`_entity_signals_py` is their
    definition); what it will not take exactly is computed in Python."""
    # ---------------------------------------------------------- population / entities
    device_h, ip_h, net_a_h = attrs.device_h, attrs.ip_h, attrs.net_a_h
    dev_e = decode_entity(entities.get("d:" + device_h)) if device_h else None
    ip_e = decode_entity(entities.get("i:" + ip_h)) if ip_h else None
    net_e = decode_entity(entities.get("n:" + net_a_h)) if net_a_h else None
    if decoded is not None:   # for the engine's entity updates (population.observe_decoded)
        if device_h:
            decoded["d:" + device_h] = dev_e
        if ip_h:
            decoded["i:" + ip_h] = ip_e
        if net_a_h:
            decoded["n:" + net_a_h] = net_e
    # the IP's other victims, for the policy's [rules.fraud_ip] (rare: only an IP with reports)
    victims_i = other_victims(ip_e, ck) if (ip_e is not None and ip_e.fraud_n) else 0
    if _ENTITY_FEATURES_C is not None:
        try:
            return (*_ENTITY_FEATURES_C(v, llr, dev_e, ip_e, net_e, pay_e, ck, ts, allow, hi), victims_i)
        except (TypeError, OverflowError, ValueError):
            pass   # v and llr untouched: an entity it does not take exactly, or Python's own error below
    return (*_entity_signals_py(v, llr, dev_e, ip_e, net_e, pay_e, ck, ts, allow, hi), victims_i)


def _entity_signals_py(v: list[float], llr: list[float], dev_e: Entity | None, ip_e: Entity | None,
                       net_e: Entity | None, pay_e: Entity | None, ck: int, ts: float, allow: int,
                       hi: float) -> tuple[int, int, int, int, float, int]:
    """`_entity_features` after decoding, in Python: the definition
    features/_population.c `entity_features` follows (same values to the last bit)."""
    # population.entity_signals: (others 1 h, others 1 d, fraud weight, fraud rate over fraud_hl)
    if dev_e is not None:
        d1h, d1d, fw_d, v[_I_DEV_RL] = entity_signals(dev_e, ck, ts)
        d7d = others_in_week(dev_e, ck, ts)
    else:
        d1h = d1d = d7d = 0
        fw_d = 0.0
    if ip_e is not None:
        i1h, i1d, fw_i, v[_I_IP_RL] = entity_signals(ip_e, ck, ts)
    else:
        i1h = i1d = 0
        fw_i = 0.0
    if net_e is not None:
        _, n1d, fw_n, v[_I_NET_RL] = entity_signals(net_e, ck, ts)
        v[_I_NET_1D] = float(n1d)
    else:
        fw_n = 0.0
    v[_I_DEV_1H] = float(d1h)
    v[_I_DEV_1D] = float(d1d)
    v[_I_DEV_7D] = float(d7d)
    v[_I_IP_1H] = float(i1h)
    v[_I_IP_1D] = float(i1d)
    v[_I_DEV_FW] = fw_d
    v[_I_IP_FW] = fw_i
    v[_I_NET_FW] = fw_n
    sh_d = d1d - allow
    sh_i = i1d - 2 * allow
    l_sh = log1p(sh_d if sh_d > 0 else 0)
    sh = log1p(sh_i if sh_i > 0 else 0) * 0.5
    if sh > l_sh:
        l_sh = sh
    # Only frauds reported against other customers link a device or an IP to
    # this payment: a victim keeps using the device the fraud came from.
    victims_d = other_victims(dev_e, ck) if fw_d > 0.0 else 0   # type: ignore[arg-type]
    fo_d = fw_d if victims_d else 0.0
    fo_i = fw_i if fw_i > 0.0 and fraud_from_others(ip_e, ck) else 0.0    # type: ignore[arg-type]
    v[_I_DEV_FO] = fo_d
    l_sh += log1p(3.0 * (fo_d + fo_i) + fw_n)
    llr[_L_SHARED] = l_sh if l_sh < hi else hi
    pf_n = 0
    snd = 0
    if pay_e is not None:
        p1d, snd, fw_p, n_s, n_l, r_s, r_l, ns_new, ns_share = payee_signals(pay_e, ck, ts)
        pf_n = pay_e.fraud_n
        age_d = ts - pay_e.first
        age_d = (age_d if age_d > 0.0 else 0.0) / 86400.0
        v[_I_PAYEE_1D] = float(p1d)
        v[_I_PAYEE_SND] = float(snd)
        v[_I_PAYEE_ENT_AGE] = log1p(age_d)
        v[_I_PAYEE_FW] = fw_p
        v[_I_PAYEE_FN] = log1p(pf_n)
        v[_I_PAYEE_NS] = log1p(n_s)
        v[_I_PAYEE_NL] = log1p(n_l)
        v[_I_PAYEE_RS] = r_s
        v[_I_PAYEE_RL] = r_l
        v[_I_PAYEE_NSL] = log1p(ns_new)
        v[_I_PAYEE_NSS] = ns_share
        v[_I_PAYEE_M1:_I_PAYEE_M1 + 3] = matured_fraud_shares(pay_e, ts)
        v[_I_PAYEE_REC] = report_recency(pay_e, ts)
        l_rp = log1p(4.0 * fw_p)
        if age_d < 7.0 and snd >= 3:
            # a young account collecting first payments from many people: a mule
            l_rp += 0.7 * log(snd / 2.0)
        llr[_L_RISKY_PAYEE] = l_rp if l_rp < hi else hi
    return d1d, i1d, pf_n, snd, fo_d, victims_d


def _extras(v: list[float], p: Profile, attrs: Attributes, now: int, x: float, dev_k: int | None,
            pay_1d: int, pay_7d: int) -> None:
    """Behaviour signals the per-attribute likelihoods miss, in place into `v`.

    Why each: a taken-over account or a scammed customer adds payees in a burst
    (genuine customers add a payee every few weeks); an attacker's device runs
    alongside the victim's own (a new phone replaces the old one); a clone shows
    the customer's app on an unknown device id; a cash-out is large against
    everything the customer spent in a month, not only against one payment;
    a mule account's payments are mostly first payments from strangers, for weeks
    (`population.new_sender_rates`, read with the payee's other signals in
    `extract`); an intruder's device pays while the customer's other device is
    still in use (hours since another device of the customer last paid; -1 none
    or no device sent). All from bounded tables the profile and the payee entity
    already keep. The payees taken up in the last day and week (`pay_1d`,
    `pay_7d`) are counted by extract's one pass over the payee table."""
    dev_new = dev_act = 0
    other_idle = -1
    for e in p.device.e:
        if now - e.f < _WEEK_MIN:
            dev_new += 1
        idle = now - e.t
        if idle < _WEEK_MIN:
            dev_act += 1
        if dev_k is not None and e.k != dev_k and (other_idle < 0 or idle < other_idle):
            other_idle = idle if idle > 0 else 0
    v[_I_OTHER_DEV] = log1p(other_idle / 60.0) if other_idle >= 0 else -1.0
    v[_I_PAYEES_1D] = float(pay_1d)
    v[_I_PAYEES_7D] = float(pay_7d)
    v[_I_DEVS_NEW_7D] = float(dev_new)
    v[_I_DEVS_ACT_7D] = float(dev_act)
    if v[_I_DEV_NEW_DEVICE] == 1.0 and v[_I_DEV_NEW_FAMILY] == 0.0 and (attrs.ua_family or attrs.ua_model):
        v[_I_DEV_CLONE] = 1.0
    cw = v[_I_WIN_COUNT + 2]
    if cw > 0.0:
        # log(amount / (count x mean)) of the 30-day window, from the logged values
        v[_I_WIN_SUM] = x - log(expm1(cw)) - log(expm1(v[_I_WIN_MEAN + 2])) if v[_I_WIN_MEAN + 2] > 0.0 else 0.0


def _extract_c(
    attrs: Attributes,
    profile: Profile | None,
    entities: dict[str, bytes | None],
    freq: PopulationFrequencies,
    cfg: ProfileConfig = DEFAULT_CONFIG,
    decoded: dict[str, Entity | None] | None = None,
) -> FeatureSet:
    """`extract_py` with its profile-reading part compiled
    (features/_hotpath.c `profile_features`): the population's probabilities
    and the payee entity's memory are looked up here first, exactly as
    `extract_py` looks them up, then the profile part runs in C, then the
    entities' signals (`_entity_features`) in Python. Same values to the last
    bit (tests/test_extract_c.py)."""
    p = profile if profile is not None else _EMPTY
    tn = _tuned(cfg)
    attacker_prob = freq.attacker_prob
    ak = attr_keys(attrs)
    mu0, sd0 = freq.amount_prior()
    amount = attrs.amount
    pa = attacker_prob("amt", int(floor(log(0.01 if 0.01 > amount else amount) * 2.0)))
    pa_cc = pa_asn = pa_os = pa_fam = pa_c = pa_city = -1.0
    if attrs.ip_h:
        if attrs.ip_country:
            pa_cc = attacker_prob("ipcc", attrs.ip_country)
        if attrs.asn:
            pa_asn = attacker_prob("asn", attrs.asn)
    if ak[5] is not None or ak[6] is not None or ak[7] is not None:
        if attrs.ua_os:
            pa_os = attacker_prob("ua_os", attrs.ua_os)
        if attrs.ua_family:
            pa_fam = attacker_prob("ua_family", attrs.ua_family)
    if ak[8] is not None or ak[9] is not None:
        if attrs.country:
            pa_c = attacker_prob("country", attrs.country)
        if attrs.city:
            pa_city = attacker_prob("city", attrs.city)
    how = attrs.how
    pa_h = attacker_prob("how", HOW_KEYS[how] if 0 <= how < 168 else how)
    ck = label_key(attrs.customer_id)
    payee_h = attrs.payee_h
    pay_e = None
    paid = None
    c_pay = 0.0
    if payee_h:
        pay_e = decode_entity(entities.get("p:" + payee_h))
        if decoded is not None:
            decoded["p:" + payee_h] = pay_e
        if pay_e is not None:
            paid = paid_before(pay_e, ck)
        total = freq.total("amt")
        c_pay = (pay_e.n + 1.0) / (total + 1.0) if (pay_e is not None and total > 0.0) else cfg.c_payee
        c_pay = c_pay if c_pay > 1e-6 else 1e-6
        c_pay = c_pay if c_pay < 0.5 else 0.5
    novelty: dict[str, bool | None] = {}
    (v, llr, new_network, new_device, new_country, new_city, new_payee, dist, spd, travel, c1h, c1d, s1d,
     day_amount, typical, ratio, cur_max, day_largest, payee_largest, hour_share, hour_day_share) = _profile_features(
        p, attrs, ak, tn.c_params, novelty, freq.novelty_rates(_NOVELTY_GROUPS, tn.priors), mu0, sd0, pa, pa_cc,
        pa_asn, pa_os, pa_fam, pa_c, pa_city, pa_h, c_pay, paid)
    d1d, i1d, pf_n, snd, fo_d, victims_d, victims_i = _entity_features(v, llr, attrs, entities, decoded, ck, attrs.ts, pay_e,
                                                            cfg.shared_allowance, cfg.llr_max)
    v[_LLR0:_LLR1] = llr
    if not isfinite(sum(v)):
        v = [val if isfinite(val) else 0.0 for val in v]
    n = p.n
    return FeatureSet(
        values=v, llr=llr, history_n=n, cold_start=n < cfg.cold_n, new_device=new_device, new_payee=new_payee,
        new_network=new_network, day_amount=day_amount, novelty=novelty, amount=amount,
        typical_amount=typical, amount_ratio=ratio, largest_amount=cur_max, distance_km=dist, speed_kmh=spd,
        travel_km=travel, count_1h=c1h, count_1d=c1d, sum_1d=s1d, device_others_1d=d1d,
        ip_others_1d=i1d, payee_fraud_n=pf_n, payee_new_senders_1d=snd, hour_share=hour_share,
        new_country=new_country, new_city=new_city, payee_largest=payee_largest,
        day_largest=day_largest, device_fraud_others=fo_d, device_fraud_victims=victims_d,
        payee_fraud_victims=other_victims(pay_e, ck) if (pay_e is not None and pay_e.fraud_n) else 0,
        ip_fraud_victims=victims_i,
        hour_day_share=hour_day_share,
    )


def _compiled_profile_features() -> Any:
    """`features._hotpath.profile_features` where the profile extension is in
    use (features.profile), else None."""
    if not HAVE_C_LEARN:
        return None
    m = load("_hotpath", lambda m: m.setup_extract(FEATURE_NAMES), "'s extract")
    return m.profile_features if m is not None else None


def _compiled_entity_features() -> Any:
    """`features._population.entity_features` when the entity extension is in use
    (features.population, RISKGATE_PURE_PYTHON), else None."""
    if not HAVE_C_POPULATION:
        return None
    names = {"dev_rl": _I_DEV_RL, "ip_rl": _I_IP_RL, "net_rl": _I_NET_RL, "net_1d": _I_NET_1D, "dev_1h": _I_DEV_1H,
             "dev_1d": _I_DEV_1D, "ip_1h": _I_IP_1H, "ip_1d": _I_IP_1D, "dev_fw": _I_DEV_FW, "ip_fw": _I_IP_FW,
             "net_fw": _I_NET_FW, "dev_fo": _I_DEV_FO, "payee_1d": _I_PAYEE_1D, "payee_snd": _I_PAYEE_SND,
             "payee_ent_age": _I_PAYEE_ENT_AGE, "payee_fw": _I_PAYEE_FW, "payee_fn": _I_PAYEE_FN,
             "payee_ns": _I_PAYEE_NS, "payee_nl": _I_PAYEE_NL, "payee_rs": _I_PAYEE_RS, "payee_rl": _I_PAYEE_RL,
             "payee_nsl": _I_PAYEE_NSL, "payee_nss": _I_PAYEE_NSS, "payee_m1": _I_PAYEE_M1,
             "payee_m7": _I_PAYEE_M1 + 1, "payee_m28": _I_PAYEE_M1 + 2, "payee_rec": _I_PAYEE_REC, "dev_7d": _I_DEV_7D,
             "l_shared": _L_SHARED,
             "l_risky_payee": _L_RISKY_PAYEE}
    w1, w7, w28 = MATURED_WINDOWS
    m = load("_population", lambda m: m.setup_features(names, {
        "prior_n": float(DEFAULT_CONFIG.rate_prior_n), "delay_days": population._DELAY_DAYS, "w1": w1, "w7": w7,
        "w28": w28, "dev_keep_s": population._DEV_KEEP_S}), "'s entity features")
    return m.entity_features if m is not None else None


_ENTITY_FEATURES_C = _compiled_entity_features()


_profile_features = _compiled_profile_features()
#: True when `extract` runs its profile part compiled (features/_hotpath.c).
HAVE_C_EXTRACT: bool = _profile_features is not None
extract = _extract_c if HAVE_C_EXTRACT else extract_py
