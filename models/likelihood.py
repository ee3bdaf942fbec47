"""Label-free behaviour likelihood model (Freeman et al., NDSS 2016, extended
from IP and user agent to every attribute of a payment).

    log-odds(fraud) = prior log-odds + sum over attributes of
                      log p(attribute | attacker) - log p(attribute | customer)

The per-attribute terms are computed (and clipped) in `features.extract`,
where the profile and population priors are at hand; this module adds them
up, turns them into a probability, and names each positive term with its
API.md reason code. The prior is the base fraud rate (configurable), so
with no evidence the score is that rate.
"""
from __future__ import annotations

from dataclasses import dataclass
from math import exp, log, log1p

from features.config import DEFAULT_CONFIG
from features.extract import LLR_GROUPS, FeatureSet
from features.reasons import Reason

__all__ = ["LikelihoodModel", "LikelihoodConfig", "REASON_OF_GROUP", "log_lr_terms"]

REASON_OF_GROUP: dict[str, str] = {
    "device": "NEW_DEVICE",
    "network": "NEW_NETWORK",
    "place": "UNUSUAL_LOCATION",
    "travel": "IMPOSSIBLE_TRAVEL",
    "time": "UNUSUAL_TIME",
    "amount": "AMOUNT_ABOVE_TYPICAL",
    "payee": "NEW_PAYEE",
    "velocity": "HIGH_VELOCITY",
    "shared": "SHARED_DEVICE",
    "risky_payee": "RISKY_PAYEE",
}
_CODES = tuple(REASON_OF_GROUP[g] for g in LLR_GROUPS)


@dataclass(frozen=True, slots=True)
class LikelihoodConfig:
    base_rate: float = 0.002        # fraud share of payments before any evidence
    cold_start_llr: float = 0.3     # a customer with no history is a little riskier
    min_reason_weight: float = 0.25 # terms below this are not "unusual" enough to name
    max_reasons: int = 5


def log_lr_terms(fs: FeatureSet) -> list[float]:
    """Per-attribute log-LR terms, aligned with `features.extract.LLR_GROUPS`
    (they are also the `llr_*` entries of `fs.values`)."""
    return fs.llr


def _fmt_age(seconds: float) -> str:
    return f"{seconds / 86400:.0f} days" if seconds >= 86400 else f"{seconds / 3600:.0f} h"


def _n(k: int, noun: str) -> str:
    """"1 payment", "2 payments": messages are read by people."""
    return f"{k} {noun}" if k == 1 else f"{k} {noun}s"


#: Below these shares of its payments in the hour of the week and in the hour of the day
#: (an even spread over the week's 168 hours, the day's 24), the customer "rarely pays"
#: then (UNUSUAL_TIME's meaning, API.md): a customer who pays at noon most days does not
#: rarely pay at noon on a weekday it has not paid on yet.
RARE_HOUR_SHARE = 1.0 / 168.0
RARE_HOUR_OF_DAY_SHARE = 1.0 / 24.0
#: A customer's typical amount times this is "well above what this customer usually
#: pays" (AMOUNT_ABOVE_TYPICAL's meaning): 1.4x a median is within most customers' range.
WELL_ABOVE_TYPICAL = 2.0


def _true_of(group: str, fs: FeatureSet) -> bool:
    """Whether the fact a group's reason code states holds for this payment. A
    factor weighs the attacker's likelihood against the customer's, so it can be
    large for other reasons than the one its code names: the population's traffic
    crowding into the customer's usual hour raises the time factor, a payee paid
    once and long ago weighs like a new one. The factor still counts in the score;
    only a true statement is named (MODEL_PATTERN explains a step-up left without one)."""
    if group == "time":
        return 0.0 <= fs.hour_share < RARE_HOUR_SHARE and fs.hour_day_share < RARE_HOUR_OF_DAY_SHARE
    if group == "payee":
        return fs.new_payee is True
    if group == "amount":
        return fs.typical_amount <= 0.0 or fs.amount_ratio >= WELL_ABOVE_TYPICAL
    if group == "place":
        # far from the usual places, or without coordinates a country or city new to
        # the customer: a new city name 2 km from home is neither (a review found it
        # named "2 km from the places this customer pays from")
        if fs.distance_km >= 0.0:
            return fs.distance_km > DEFAULT_CONFIG.centre_radius_km
        return bool(fs.new_country or fs.new_city)
    return True


_LINK_MESSAGE = "device or network linked to reported fraud"


def _message(group: str, fs: FeatureSet) -> str:
    """Human text; only derived facts, never an identifier (the request's own
    ids are known to the caller and stored ones are hashes)."""
    if group == "device":
        if fs.new_device:
            return "device never seen completing a payment for this customer"
        return "new app/browser or operating system for this customer"
    if group == "network":
        return "payment from a network new for this customer"
    if group == "place":
        if fs.distance_km >= 0.0:
            return f"{fs.distance_km:.0f} km from the places this customer pays from"
        if fs.new_country:
            return "country new for this customer"
        return "city new for this customer"
    if group == "travel":
        return f"{fs.travel_km:.0f} km from the previous payment, {fs.speed_kmh:.0f} km/h needed"
    if group == "time":
        if fs.hour_day_share <= 0.0:
            return "hour of the day at which this customer has not paid before"
        return "hour of the day and week at which this customer rarely pays"
    if group == "amount":
        if fs.typical_amount > 0.0:
            return f"amount is {fs.amount_ratio:.1f}x the customer's typical amount"
        return "amount unusual for customers like this one"
    if group == "payee":
        return "first payment to this payee"
    if group == "velocity":
        return (f"{_n(fs.count_1h, 'payment')} in the last hour and {fs.count_1d} in the last day, this one "
                "included: more than this customer usually makes")
    if group == "shared":
        if fs.device_others_1d >= fs.ip_others_1d and fs.device_others_1d > 0:
            return f"device used by {_n(fs.device_others_1d, 'other customer')} in the last day"
        if fs.ip_others_1d > 0:
            return f"IP address used by {_n(fs.ip_others_1d, 'other customer')} in the last day"
        return _LINK_MESSAGE
    if group == "risky_payee":
        if fs.payee_fraud_n > 0:
            return f"payee linked to {_n(fs.payee_fraud_n, 'reported fraud')}"
        return f"payee received first payments from {_n(fs.payee_new_senders_1d, 'new sender')} in a day"
    return group


class LikelihoodModel:
    """Works from the first payment without labels; reported fraud enters
    through the population's attacker distribution and entity fraud links."""

    def __init__(self, cfg: LikelihoodConfig | None = None) -> None:
        self.cfg = cfg or LikelihoodConfig()
        r = self.cfg.base_rate
        self._prior = log(r / (1.0 - r))

    def log_odds(self, fs: FeatureSet) -> float:
        s = self._prior + sum(fs.llr)
        if fs.cold_start:
            s += self.cfg.cold_start_llr
        return s

    def predict_proba_one(self, fs: FeatureSet) -> float:
        s = self.log_odds(fs)
        if s >= 0.0:
            return 1.0 / (1.0 + exp(-s))
        e = exp(s)
        return e / (1.0 + e)

    @staticmethod
    def _code(i: int, fs: FeatureSet) -> str:
        """A device or network that is risky because it is linked to reported
        fraud, not because many customers share it, gets its own code."""
        g = LLR_GROUPS[i]
        if g == "shared":
            # the factor adds the sharing (other customers in the day beyond the
            # allowance, as features.extract counts it) and the fraud link: named
            # for the larger (an audit: one other customer on an IP with a
            # reported fraud was named SHARED_DEVICE)
            allow = DEFAULT_CONFIG.shared_allowance
            d, ip = fs.device_others_1d - allow, fs.ip_others_1d - 2 * allow
            share = max(log1p(d if d > 0 else 0), 0.5 * log1p(ip if ip > 0 else 0))
            if fs.llr[i] - share > share:
                return "LINKED_TO_FRAUD"
        if g == "device" and fs.new_device is False:
            # a device the customer already completed payments with, on a new app,
            # browser or OS version: NEW_DEVICE would say the device was never seen
            return "NEW_USER_AGENT"
        return _CODES[i]

    def explain(self, fs: FeatureSet) -> list[Reason]:
        cfg = self.cfg
        out = []
        for i, w in enumerate(fs.llr):
            if w >= cfg.min_reason_weight and _true_of(LLR_GROUPS[i], fs):
                code = self._code(i, fs)
                msg = _LINK_MESSAGE if code == "LINKED_TO_FRAUD" else _message(LLR_GROUPS[i], fs)
                out.append(Reason(code, round(w, 4), msg))
        if fs.cold_start:
            known = ("no completed payment known yet" if fs.history_n == 0
                     else f"only {_n(fs.history_n, 'completed payment')} known")
            out.append(Reason(
                "COLD_START", round(max(cfg.cold_start_llr, 0.0), 4),
                f"new customer: {known}, so riskgate compares with customers like this one",
            ))
        out.sort(key=lambda r: r.weight, reverse=True)
        return out[: cfg.max_reasons]
