"""World "banksim": card payments shaped like the public BankSim data set.

Reproduces, from the published description and the public Kaggle file
``bs140513_032310.csv`` (594,643 payments of 4,112 customers at 50 merchants
over 180 daily steps, 7,200 frauds = 1.21 %), the structure a converter into
the replay format would produce:

* customers ``C`` + 10 digits, paying about 0.8 times a day (a few to ~200
  payments over 180 days) at a small, fixed set of merchants; 50 merchants
  ``M`` + 9 digits, each in one of 15 categories, two transportation
  merchants taking ~85 % of all payments;
* per-category row shares and genuine amount means of the file
  (transportation ~EUR 27, food 37, health 104, travel ~670, ...);
* fraud as in BankSim: only in 12 categories (never transportation, food,
  contents), concentrated at one or two merchants per category, amounts
  several times the genuine ones (fraud mean ~EUR 530 vs ~32 genuine), in
  about a third of the customers, several times over weeks for some;
  per-category fraud counts scaled from the file (sportsandtoys 1,982,
  health 1,696, wellnessandbeauty 718, travel 578, ...).

What it changes: BankSim has only the day (step); a time of day is drawn from
one profile per category, the same for genuine and fraud rows (no invented
time signal). Timestamp = --start + step days + that time. channel = category
without ``es_``; country ES, city Barcelona (every zipcode in BankSim is
28007); currency EUR; no ip, device, user agent or coordinates (BankSim has
none; the columns are left out). Age and gender are not carried (no field).
Zero amounts (a few dozen in BankSim) are drawn at that rate and dropped.
Fraud is reported for 85 % of fraud rows, 1-30 days later (uniform, to the
second), never for the other 15 %. scenario = ``banksim_<category>`` for
fraud rows. The default --customers is 2,060 (about 300,000 rows); 4,112
gives the full-size file (~595,000 rows).

Citation: E. A. Lopez-Rojas and S. Axelsson, "BankSim: a bank payments
simulator for fraud detection research", 26th European Modeling and
Simulation Symposium (EMSS), 2014.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import sys
import time

import numpy as np

# Category: (BankSim rows, of which fraud, genuine mean EUR, fraud mean EUR)
CATEGORIES: dict[str, tuple[int, int, float, float]] = {
    "transportation":     (505_119,    0,  26.96,    0.0),
    "food":               (26_254,     0,  37.07,    0.0),
    "health":             (16_133, 1_696, 103.74,  407.0),
    "wellnessandbeauty":  (15_086,   718,  57.32,  229.0),
    "fashion":            (6_454,    116,  62.35,  247.0),
    "barsandrestaurants": (6_373,    120,  41.15,  164.0),
    "hyper":              (6_098,    280,  40.04,  169.0),
    "sportsandtoys":      (4_002,  1_982,  88.50,  345.0),
    "tech":               (2_370,    158,  99.92,  415.0),
    "home":               (1_986,    302, 113.34,  457.0),
    "hotelservices":      (1_744,    548, 106.55,  421.0),
    "otherservices":      (912,      228,  75.69,  316.0),
    "contents":           (885,        0,  44.55,    0.0),
    "travel":             (728,      578, 669.03, 2661.0),
    "leisure":            (499,      474,  73.23,  300.0),
}
CAT_NAMES = list(CATEGORIES)
N_CAT = len(CAT_NAMES)

# Merchants per category: (weight among the category's genuine payments,
# weight among its fraud payments). One or two "fraud hubs" per category.
MERCHANTS: dict[str, list[tuple[float, float]]] = {
    "transportation": [(0.593, 0.0), (0.407, 0.0)],
    "food": [(1.0, 0.0)],
    "contents": [(1.0, 0.0)],
    "health": [(0.47, 0.0), (0.13, 0.90), (0.15, 0.05), (0.12, 0.03), (0.08, 0.02), (0.05, 0.0)],
    "wellnessandbeauty": [(0.37, 0.05), (0.25, 0.0), (0.18, 0.60), (0.12, 0.25), (0.08, 0.10)],
    "fashion": [(0.45, 0.0), (0.30, 0.20), (0.15, 0.50), (0.10, 0.30)],
    "barsandrestaurants": [(0.90, 0.30), (0.10, 0.70)],
    "hyper": [(0.92, 0.40), (0.08, 0.60)],
    "sportsandtoys": [(0.32, 0.0), (0.25, 0.02), (0.15, 0.04), (0.10, 0.15), (0.03, 0.05), (0.15, 0.74)],
    "tech": [(0.50, 0.05), (0.25, 0.10), (0.15, 0.25), (0.10, 0.60)],
    "home": [(0.55, 0.10), (0.30, 0.20), (0.15, 0.70)],
    "hotelservices": [(0.40, 0.02), (0.25, 0.05), (0.15, 0.13), (0.12, 0.20), (0.08, 0.60)],
    "otherservices": [(0.60, 0.10), (0.30, 0.20), (0.10, 0.70)],
    "travel": [(0.70, 0.02), (0.0, 0.08), (0.30, 0.90)],
    "leisure": [(0.60, 0.05), (0.30, 0.30), (0.10, 0.65)],
}
assert sum(len(v) for v in MERCHANTS.values()) == 50

GENUINE_SHAPE = 2.0          # gamma shape of genuine amounts (BankSim's quartiles 13.7/26.9/42.5)
FRAUD_SHAPE = {"travel": 3.0}  # gamma shape of fraud amounts; others 1.6
REPORTED_SHARE = 0.85
ZERO_AMOUNT_RATE = 52 / 594_643
FRAUD_PER_GENUINE = 7_200 / (594_643 - 7_200)
FRAUD_ROWS_PER_VICTIM = 4.9


def _ids(rng: np.random.Generator, prefix: str, digits: int, n: int) -> list[str]:
    lo, hi = 10 ** (digits - 1), 10 ** digits
    seen: set[int] = set()
    out: list[str] = []
    while len(out) < n:
        for v in rng.integers(lo, hi, size=2 * (n - len(out)) + 4).tolist():
            if v not in seen and len(out) < n:
                seen.add(v)
                out.append(f"{prefix}{v}")
    return out


def _time_of_day(rng: np.random.Generator, cat: np.ndarray) -> np.ndarray:
    """Seconds after midnight; a commuting profile for transportation, a
    daytime/evening one for the rest. Same law for genuine and fraud rows."""
    n = len(cat)
    transport = cat == CAT_NAMES.index("transportation")
    u = rng.random(n)
    # transportation: morning peak, evening peak, spread over the day
    h_t = np.where(u < 0.35, rng.normal(8.2, 1.0, n),
                   np.where(u < 0.75, rng.normal(18.0, 1.5, n), rng.uniform(6.0, 23.5, n)))
    # other categories: midday, evening, spread
    h_o = np.where(u < 0.40, rng.normal(13.0, 2.0, n),
                   np.where(u < 0.80, rng.normal(19.5, 2.0, n), rng.uniform(8.0, 23.0, n)))
    h = np.where(transport, h_t, h_o)
    return np.floor(np.mod(h * 3600.0, 86400.0)).astype(np.int64)


def generate(seed: int, n_customers: int, days: int, start: str) -> dict[str, np.ndarray | list]:
    rng = np.random.default_rng(seed)
    merchant_ids = _ids(np.random.default_rng(2014), "M", 9, 50)   # stable across seeds
    customer_ids = _ids(rng, "C", 10, n_customers)

    m_cat = np.array([CAT_NAMES.index(c) for c, ms in MERCHANTS.items() for _ in ms])
    m_gen = np.array([g for ms in MERCHANTS.values() for g, _ in ms])
    m_fr = np.array([f for ms in MERCHANTS.values() for _, f in ms])
    n_m = len(m_cat)

    genuine_rows = np.array([CATEGORIES[c][0] - CATEGORIES[c][1] for c in CAT_NAMES], float)
    g_share = genuine_rows / genuine_rows.sum()
    t_idx = CAT_NAMES.index("transportation")
    other = np.array([i != t_idx for i in range(N_CAT)])
    g_other = np.where(other, g_share, 0.0) / g_share[other].sum()
    include_p = np.minimum(0.95, 0.15 + 4.0 * g_other)

    # ---- customers: activity, category mix, merchant set --------------
    rate = rng.beta(3.0, 0.75, n_customers)                # payments a day, mean 0.8
    t_share = rng.beta(17.0, 2.8, n_customers)             # transportation share, mean 0.86
    amount_mult = rng.lognormal(-0.02, 0.2, n_customers)   # customer's spending level
    W = np.zeros((n_customers, n_m))
    # transportation: both merchants, customer-specific split
    t_m = np.flatnonzero(m_cat == t_idx)
    split = rng.beta(0.593 * 4, 0.407 * 4, n_customers)
    W[:, t_m[0]] = t_share * split
    W[:, t_m[1]] = t_share * (1 - split)
    cat_w = np.zeros((n_customers, N_CAT))
    for c in range(N_CAT):
        if c == t_idx:
            continue
        inc = rng.random(n_customers) < include_p[c]
        cat_w[:, c] = inc * (g_other[c] / include_p[c]) * rng.gamma(2.0, 0.5, n_customers)
    none = cat_w.sum(axis=1) == 0
    cat_w[none, CAT_NAMES.index("food")] = 1.0
    cat_w *= ((1.0 - t_share) / cat_w.sum(axis=1))[:, None]
    for c in range(N_CAT):
        if c == t_idx:
            continue
        ms = np.flatnonzero(m_cat == c)
        p = m_gen[ms] / m_gen[ms].sum()
        first = rng.choice(ms, size=n_customers, p=p)
        second = rng.choice(ms, size=n_customers, p=p)
        two = rng.random(n_customers) < 0.3
        share = np.where(two, rng.uniform(0.5, 0.9, n_customers), 1.0)
        rows = np.arange(n_customers)
        np.add.at(W, (rows, first), cat_w[:, c] * share)
        np.add.at(W, (rows, second), cat_w[:, c] * (1.0 - share))
    cumW = np.cumsum(W / W.sum(axis=1, keepdims=True), axis=1)

    # ---- genuine payments ---------------------------------------------
    counts = rng.poisson(rate[:, None], size=(n_customers, days))
    cust = np.repeat(np.repeat(np.arange(n_customers), days), counts.ravel())
    day = np.repeat(np.tile(np.arange(days), n_customers), counts.ravel())
    n_g = len(cust)
    u = rng.random(n_g)
    merch = np.empty(n_g, np.int64)
    for lo in range(0, n_g, 100_000):
        hi = min(n_g, lo + 100_000)
        merch[lo:hi] = (cumW[cust[lo:hi]] < u[lo:hi, None]).sum(axis=1)
    merch = np.minimum(merch, n_m - 1)
    cat = m_cat[merch]
    gen_mean = np.array([CATEGORIES[c][2] for c in CAT_NAMES])
    amount = rng.gamma(GENUINE_SHAPE, gen_mean[cat] / GENUINE_SHAPE) * amount_mult[cust]
    amount[rng.random(n_g) < ZERO_AMOUNT_RATE] = 0.0
    fraud = np.zeros(n_g, np.int8)

    # ---- fraud ----------------------------------------------------------
    fraud_rows = np.array([CATEGORIES[c][1] for c in CAT_NAMES], float)
    f_share = fraud_rows / fraud_rows.sum()
    n_f = max(1, int(round(n_g * FRAUD_PER_GENUINE)))
    n_v = int(min(n_customers, max(1, round(n_f / FRAUD_ROWS_PER_VICTIM))))
    victims = rng.choice(n_customers, size=n_v, replace=False)
    per_v = 1 + rng.multinomial(n_f - n_v, rng.dirichlet(np.full(n_v, 0.7))) if n_f > n_v \
        else np.ones(n_v, np.int64)
    f_cust = np.repeat(victims, per_v)
    f_day = np.empty(len(f_cust), np.int64)
    f_cat = np.empty(len(f_cust), np.int64)
    pos = 0
    for k in per_v.tolist():
        # one card compromise: a main category, repeated use over days to weeks
        gaps = np.concatenate([[0.0], rng.exponential(4.0, k - 1) * (rng.random(k - 1) > 0.25)])
        offs = np.cumsum(gaps)
        span = offs[-1]
        if span > days - 1:
            offs = offs * (days - 1) / span
            span = days - 1
        s = rng.uniform(0.0, days - span)
        f_day[pos:pos + k] = np.minimum(days - 1, np.floor(s + offs)).astype(np.int64)
        main = rng.choice(N_CAT, p=f_share)
        cats = rng.choice(N_CAT, size=k, p=f_share)
        f_cat[pos:pos + k] = np.where(rng.random(k) < 0.6, main, cats)
        pos += k
    f_merch = np.empty(len(f_cust), np.int64)
    for c in np.unique(f_cat):
        sel = f_cat == c
        ms = np.flatnonzero(m_cat == c)
        f_merch[sel] = rng.choice(ms, size=sel.sum(), p=m_fr[ms] / m_fr[ms].sum())
    fr_mean = np.array([CATEGORIES[c][3] for c in CAT_NAMES])
    shape = np.array([FRAUD_SHAPE.get(c, 1.6) for c in CAT_NAMES])
    f_amount = rng.gamma(shape[f_cat], fr_mean[f_cat] / shape[f_cat])

    # ---- assemble ---------------------------------------------------------
    cust = np.concatenate([cust, f_cust])
    day = np.concatenate([day, f_day])
    merch = np.concatenate([merch, f_merch])
    cat = np.concatenate([cat, f_cat])
    amount = np.round(np.minimum(np.concatenate([amount, f_amount]), 8_329.96), 2)
    fraud = np.concatenate([fraud, np.ones(len(f_cust), np.int8)])
    keep = amount > 0                                         # the converter drops zero amounts
    cust, day, merch, cat, amount, fraud = (a[keep] for a in (cust, day, merch, cat, amount, fraud))
    sec = day * 86400 + _time_of_day(rng, cat)
    order = np.lexsort((rng.random(len(sec)), sec))
    cust, merch, cat, amount, fraud, sec = (a[order] for a in (cust, merch, cat, amount, fraud, sec))

    t0 = np.datetime64(start, "s")
    ts = np.datetime_as_string(t0 + sec.astype("timedelta64[s]"), unit="s")
    reported = (fraud == 1) & (rng.random(len(sec)) < REPORTED_SHARE)
    delay = rng.integers(86400, 30 * 86400 + 1, len(sec))
    rep = np.datetime_as_string(t0 + (sec + delay).astype("timedelta64[s]"), unit="s")
    return {"customer_ids": customer_ids, "merchant_ids": merchant_ids, "cust": cust, "merch": merch,
            "cat": cat, "amount": amount, "fraud": fraud, "ts": ts, "reported": reported, "rep": rep}


HEADER = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel",
          "country", "city", "payee_id", "is_fraud", "fraud_reported_at", "scenario"]


def write(w: dict, out: str) -> int:
    cids, mids = w["customer_ids"], w["merchant_ids"]
    n = len(w["ts"])
    opener = gzip.open if out.endswith(".gz") else open
    with opener(out, "wt", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(HEADER)
        cust, merch, cat = w["cust"].tolist(), w["merch"].tolist(), w["cat"].tolist()
        amount, fraud, ts = w["amount"].tolist(), w["fraud"].tolist(), w["ts"].tolist()
        reported, rep = w["reported"].tolist(), w["rep"].tolist()
        for i in range(n):
            c = CAT_NAMES[cat[i]]
            fr = fraud[i]
            wr.writerow([f"bs-{i + 1:07d}", cids[cust[i]], ts[i] + "Z", f"{amount[i]:.2f}", "EUR", c,
                         "ES", "Barcelona", mids[merch[i]], fr,
                         rep[i] + "Z" if reported[i] else "", f"banksim_{c}" if fr else ""])
    return n


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.banksim", description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=2060,
                    help="default 2060 gives ~300k rows; BankSim itself has 4112")
    ap.add_argument("--days", type=int, default=180)
    ap.add_argument("--start", default="2025-01-01", help="YYYY-MM-DD, the day of step 0")
    ap.add_argument("--out", default="world-banksim.csv.gz")
    a = ap.parse_args(argv)
    if a.customers < 1 or a.days < 1:
        ap.error("--customers and --days must be positive")
    t = time.time()
    w = generate(a.seed, a.customers, a.days, a.start)
    n = write(w, a.out)
    print(f"banksim: {n} rows, {int(w['fraud'].sum())} fraud, {a.customers} customers, "
          f"{a.days} days -> {a.out} ({time.time() - t:.1f}s)", file=sys.stderr)


if __name__ == "__main__":
    main()
