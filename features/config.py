"""Tunable constants of profiles, population state and feature extraction.

One dataclass so that the service, the replay benchmark and training all use
the same half-lives and bounds; defaults are chosen for customer behaviour in
general (weeks-to-months habits), not fitted to one dataset.
"""
from __future__ import annotations

from dataclasses import dataclass

DAY = 86400.0
HOUR = 3600.0


@dataclass(frozen=True, slots=True)
class ProfileConfig:
    # Half-lives (seconds): how fast an old habit fades.
    hl_network: float = 60 * DAY
    hl_device: float = 120 * DAY
    hl_place: float = 90 * DAY
    hl_time: float = 90 * DAY
    hl_amount: float = 60 * DAY
    hl_payee: float = 120 * DAY
    hl_max_amount: float = 30 * DAY
    # The customer's busiest hour and day by count of payments (a payroll run,
    # a batch of supplier payments, a shopping day): a burst like one they made
    # before is habit, not velocity. Long enough to remember a monthly run.
    hl_burst: float = 60 * DAY
    burst_multiple: float = 1.5  # a burst up to this many times the decayed busiest one is habit
    # Only a batch is such a habit: a busiest hour or day of at least this many
    # payments. Below it (a consumer's few payments in an hour) the counts stay
    # raw, so a thief's burst on a stolen phone is judged as before.
    burst_min: float = 5.0
    # Customer spending windows (count and mean amount), half-life style so that
    # they stay O(1) and bounded: about a day, a week and a month of habit.
    hl_windows: tuple[float, float, float] = (1 * DAY, 7 * DAY, 30 * DAY)
    # Bounds: entries kept per table (top-K by decayed weight; the weakest is evicted).
    k_ip: int = 4
    k_net24: int = 4
    k_net16: int = 3
    k_asn: int = 3
    k_ipcc: int = 3
    k_device: int = 4
    k_ua_family: int = 3
    k_ua_os: int = 2
    k_country: int = 3
    k_city: int = 4
    k_payee: int = 16
    k_centres: int = 4
    k_recent: int = 24          # recent payments kept for 24 h velocity (merged beyond)
    centre_radius_km: float = 30.0
    # Smoothing of the customer model (Freeman et al. 2016 style back-off).
    alpha: float = 1.0          # pseudo-count weight of the population prior
    novelty_prior: float = 0.05 # genuine "new value" rate before the population teaches one
    cold_n: int = 3             # fewer completed payments than this = cold start
    llr_min: float = -3.0       # clip per-attribute log-LR: no single familiar
    llr_max: float = 6.0        # attribute may hide, or shout over, all others
    shared_allowance: int = 2   # customers per device/IP that is normal (a family)
    travel_kmh: float = 900.0   # faster than an airliner is impossible travel
    travel_min_km: float = 150.0
    fraud_hl: float = 30 * DAY  # how long a fraud link on an entity weighs
    entity_hl_short: float = 7 * DAY  # the short window of an entity's payment and fraud counts
    rate_prior_n: float = 2.0   # pseudo-payments (with no fraud) behind an entity's fraud rate
    # Age after which a payment's fraud label is taken as settled: a payee's
    # matured fraud shares count only payments at least this old (the label
    # delay of the fraud literature; the handbook's is 7 days).
    label_delay: float = 7 * DAY
    # How often an established genuine customer shows a value new to them, per
    # level, before the population has taught its own rates (then learned).
    ip_new: float = 0.30
    net_a_new: float = 0.15
    net_b_new: float = 0.08
    asn_new: float = 0.04
    ipcc_new: float = 0.01
    device_new: float = 0.02
    ua_family_new: float = 0.03
    ua_os_new: float = 0.01
    country_new: float = 0.01
    city_new: float = 0.04
    centre_new: float = 0.03
    payee_new: float = 0.20
    # Attacker's chance of landing in one particular child value given the
    # parent, for hashed levels the population cannot count.
    c_ip: float = 0.02
    c_net: float = 0.05
    c_device: float = 0.001
    c_payee: float = 0.001


DEFAULT_CONFIG = ProfileConfig()
