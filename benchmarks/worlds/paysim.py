"""PaySim-shaped world: a mobile-money log as a PaySim -> replay converter would emit it.

Data card
---------
Source shape: PaySim (E. A. Lopez-Rojas, A. Elmir, S. Axelsson, "PaySim: a financial
mobile money simulator for fraud detection", EMSS 2016; public Kaggle file
PS_20174392719_1491204439457_log.csv, 6.36 M rows, 744 hourly steps, built from the logs
of a mobile-money service in an African country).  Nothing of that file is read here: the
structure and statistics are reproduced from published descriptions of it.

Reproduced: one row a transaction; types CASH_OUT/PAYMENT/CASH_IN/TRANSFER/DEBIT in
PaySim's mix (35/34/22/8/0.65 %); per-type amount laws with PaySim's medians and tails
(PAYMENT ~9.5 k, DEBIT ~3 k, CASH_IN/CASH_OUT ~145 k, TRANSFER ~490 k up to ~90 M);
"C"/"M" + digits identifiers, PAYMENT to merchants (almost never repeated), the others to
"C" accounts that recur (~7 rows each, heavy tail); hour-of-day cycle (quiet 01-07 h) and
the collapse of volume after ~54 % of the window (PaySim step ~400 of 743); fraud only in
TRANSFER and CASH_OUT: an account is taken over and emptied by a TRANSFER to a "C"
account, followed in the same hour by a CASH_OUT of the same amount (as in PaySim, by
another emptied account, not by the transfer's payee - see --linked-cashout); balances
above 10 M are moved in 10 M pieces; fraud is spread uniformly over all hours (night and
the quiet tail included), so its share is far higher at night and late in the window.

Changed: fraud share raised to 0.4 % of rows (PaySim 0.13 %; --fraud-rate); customers
are not ~99.9 % one-off as in PaySim: ~75 % have one row, the rest a few more (gamma-
Poisson, --repeat-mean 0 gives PaySim's one-off customers); mild per-customer amount
scale; fraud_reported_at = 1-10 days later (log-uniform), 10 % never reported; no zero
amounts; balances and isFlaggedFraud dropped; timestamp = --start + step hours + a
random second within the hour; currency fixed (KES); channel = type in lower case; no
ip/device/user agent/location (PaySim has none).  scenario: ato_transfer / ato_cash_out.

Run: python -m benchmarks.worlds.paysim --seed 7 --customers 200000 --days 30 \
         --start 2025-06-01 --out world-paysim.csv.gz
"""
from __future__ import annotations

import argparse
import gzip
import math
import sys
import time
from datetime import date

import numpy as np

TYPES = ["CASH_OUT", "PAYMENT", "CASH_IN", "TRANSFER", "DEBIT"]
CASH_OUT, PAYMENT, CASH_IN, TRANSFER, DEBIT = range(5)
# PaySim genuine rows by type (frauds removed): 2,233,384 / 2,151,495 / 1,399,284 / 528,812 / 41,432
TYPE_P = np.array([2_233_384, 2_151_495, 1_399_284, 528_812, 41_432], dtype=float)
TYPE_P /= TYPE_P.sum()

# Relative volume by hour of day (step % 24), PaySim-like: night nearly empty, day busy.
HOUR_W = np.array([6, 3, 1.2, 0.7, 0.7, 0.9, 2.5, 8, 25, 45, 48, 50,
                   50, 50, 52, 52, 50, 50, 55, 55, 45, 32, 20, 11], dtype=float)
BUSY_FRACTION = 400 / 743      # PaySim: volume collapses after step ~400
TAIL_LEVEL = 0.02              # tail volume relative to the busy level
SPLIT = 10_000_000.0           # fraud transfers are moved in pieces of at most 10 M

COLUMNS = ["transaction_id", "customer_id", "timestamp", "amount", "currency", "channel",
           "ip", "device_id", "user_agent", "lat", "lon", "country", "city", "payee_id",
           "is_fraud", "fraud_reported_at", "scenario"]
SCENARIOS = ["", "ato_transfer", "ato_cash_out"]

ID_LO, ID_HI = 10_000_000, 2_200_000_000   # PaySim ids: "C1231006815", "M1979787155", ...


def unique_ids(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct random integers in [ID_LO, ID_HI), in random order."""
    out = np.empty(0, dtype=np.int64)
    while out.size < n:
        more = rng.integers(ID_LO, ID_HI, size=int((n - out.size) * 1.05) + 16)
        cand = np.concatenate([out, more])
        _, first = np.unique(cand, return_index=True)
        out = cand[np.sort(first)]
    return out[:n]


def step_weights(rng: np.random.Generator, n_steps: int) -> np.ndarray:
    """Genuine activity per hourly step: daily cycle, day-to-day noise, quiet tail."""
    s = np.arange(n_steps)
    hw = HOUR_W[s % 24]
    day_mult = rng.lognormal(0.0, 0.15, size=n_steps // 24 + 1)[s // 24]
    busy_end = max(24, int(round(BUSY_FRACTION * n_steps)))
    w = hw * day_mult
    m = HOUR_W.mean()
    tail = TAIL_LEVEL * m * np.sqrt(hw / m) * day_mult       # flatter cycle, ~2 % volume
    w = np.where(s < busy_end, w, tail)
    return w / w.sum()


def genuine_amounts(rng: np.random.Generator, types: np.ndarray) -> np.ndarray:
    a = np.empty(types.size)
    for t in range(5):
        idx = np.flatnonzero(types == t)
        k = idx.size
        if t == PAYMENT:       # median ~9.5 k, mean ~13 k, max ~240 k
            v = np.minimum(rng.gamma(1.2, 10_900.0, k), 238_000.0)
        elif t == CASH_IN:     # median ~143 k, mean ~169 k, max ~1.9 M
            v = np.minimum(rng.gamma(2.2, 77_000.0, k), 1_915_000.0)
        elif t == CASH_OUT:    # median ~147 k, mean ~176 k
            v = np.minimum(rng.gamma(2.0, 88_000.0, k), 2_500_000.0)
        elif t == TRANSFER:    # median ~486 k, mean ~910 k, max ~92 M
            v = np.minimum(rng.lognormal(math.log(486_000.0), 1.12, k), 92_445_516.0)
        else:                  # DEBIT: median ~3 k, mean ~5.5 k
            v = np.minimum(rng.lognormal(math.log(3_049.0), 1.08, k), 569_000.0)
        a[idx] = v
    return a


def generate(seed: int, customers: int, days: int, start: date, fraud_rate: float,
             repeat_mean: float, linked_cashout: bool, currency: str):
    rng = np.random.default_rng(seed)
    n_steps = days * 24
    p_step = step_weights(rng, n_steps)

    # ---- customers and their genuine rows (heavy cold start) -------------------------
    mean_extra = repeat_mean * days / 30.0
    if mean_extra > 0:
        shape = 0.3
        lam = rng.gamma(shape, mean_extra / shape, size=customers)
        extra = rng.poisson(lam)
    else:
        extra = np.zeros(customers, dtype=np.int64)
    counts = 1 + extra
    cust = np.repeat(np.arange(customers), counts)
    n_gen = cust.size
    s_sigma = 0.35
    cust_scale = rng.lognormal(-s_sigma ** 2 / 2, s_sigma, size=customers)

    g_type = rng.choice(5, size=n_gen, p=TYPE_P)
    g_amt = genuine_amounts(rng, g_type) * cust_scale[cust]
    g_step = rng.choice(n_steps, size=n_gen, p=p_step)
    g_sec = g_step.astype(np.int64) * 3600 + rng.integers(0, 3600, size=n_gen)

    # ---- identifier spaces ---------------------------------------------------------------
    n_c_rows = int(np.count_nonzero(g_type != PAYMENT))
    pool = max(50, int(round(n_c_rows / 7.4)))               # PaySim: ~7 rows per C payee
    c_ids = unique_ids(rng, customers + pool)
    cust_num, dest_num = c_ids[:customers], c_ids[customers:]
    dest_w = rng.gamma(1.5, 1.0, size=pool)
    dest_w /= dest_w.sum()

    g_payee_is_m = g_type == PAYMENT
    g_payee = np.empty(n_gen, dtype=np.int64)
    g_payee[g_payee_is_m] = rng.integers(ID_LO, ID_HI, size=int(g_payee_is_m.sum()))
    g_payee[~g_payee_is_m] = dest_num[rng.choice(pool, size=int((~g_payee_is_m).sum()), p=dest_w)]

    # ---- fraud: account takeover, TRANSFER out then CASH_OUT ------------------------------
    target = max(2, int(round(fraud_rate / (1.0 - fraud_rate) * n_gen)))
    f_cust, f_payee, f_amt, f_type, f_sec, f_rep, f_scen = [], [], [], [], [], [], []
    n_f = 0
    never_p = 0.10
    day = 86_400
    while n_f < target:
        bal = float(np.clip(rng.lognormal(math.log(440_000.0), 1.6), 60.0, 60_000_000.0))
        bal = round(bal, 2)
        n_pieces = max(1, math.ceil(bal / SPLIT - 1e-9))
        pieces = [SPLIT] * (n_pieces - 1) + [round(bal - SPLIT * (n_pieces - 1), 2)]
        pieces = [p for p in pieces if p > 0]
        step = int(rng.integers(0, n_steps))                  # uniform over all hours
        base = step * 3600
        t0 = int(rng.integers(0, 2_900))
        victim = int(rng.integers(0, customers))
        mule = int(rng.choice(pool))
        if linked_cashout:
            co_cust_num = int(dest_num[mule])
        else:
            other = int(rng.integers(0, customers))
            if customers > 1:
                while other == victim:
                    other = int(rng.integers(0, customers))
            co_cust_num = int(cust_num[other])
        co_payee = int(dest_num[rng.choice(pool, p=dest_w)])
        gap = int(rng.integers(30, 500))

        def report(first_sec: int) -> int:
            if rng.random() < never_p:
                return -1
            return first_sec + int(math.exp(rng.uniform(math.log(day), math.log(10 * day))))

        tr_sec = [base + min(3599, t0 + 5 * j) for j in range(len(pieces))]
        co_sec = [base + min(3599, t0 + 5 * len(pieces) + gap + 5 * j) for j in range(len(pieces))]
        tr_rep, co_rep = report(tr_sec[-1]), report(co_sec[-1])
        for j, p in enumerate(pieces):
            f_cust.append(int(cust_num[victim])); f_payee.append(int(dest_num[mule]))
            f_amt.append(p); f_type.append(TRANSFER); f_sec.append(tr_sec[j])
            f_rep.append(tr_rep); f_scen.append(1)
        for j, p in enumerate(pieces):
            f_cust.append(co_cust_num); f_payee.append(co_payee)
            f_amt.append(p); f_type.append(CASH_OUT); f_sec.append(co_sec[j])
            f_rep.append(co_rep); f_scen.append(2)
        n_f += 2 * len(pieces)

    # ---- assemble, sort, write ------------------------------------------------------------
    n = n_gen + n_f
    cust_all = np.concatenate([cust_num[cust], np.array(f_cust, dtype=np.int64)])
    payee_all = np.concatenate([g_payee, np.array(f_payee, dtype=np.int64)])
    payee_m = np.concatenate([g_payee_is_m, np.zeros(n_f, dtype=bool)])
    amt_all = np.concatenate([np.maximum(np.round(g_amt, 2), 0.01), np.array(f_amt)])
    type_all = np.concatenate([g_type, np.array(f_type)])
    sec_all = np.concatenate([g_sec, np.array(f_sec, dtype=np.int64)])
    rep_all = np.concatenate([np.full(n_gen, -1, dtype=np.int64), np.array(f_rep, dtype=np.int64)])
    scen_all = np.concatenate([np.zeros(n_gen, dtype=np.int64), np.array(f_scen, dtype=np.int64)])
    order = np.lexsort((np.arange(n), sec_all))

    t_start = np.datetime64(start.isoformat() + "T00:00:00", "s")
    ts_str = (t_start + sec_all[order].astype("timedelta64[s]")).astype(str)
    rep_o = rep_all[order]
    rep_str = np.where(rep_o >= 0, (t_start + np.maximum(rep_o, 0).astype("timedelta64[s]")).astype(str), "")
    channels = [t.lower() for t in TYPES]

    lines = [",".join(COLUMNS)]
    for i, k in enumerate(order):
        k = int(k)
        payee = ("M" if payee_m[k] else "C") + str(int(payee_all[k]))
        rep = rep_str[i]
        sc = int(scen_all[k])
        lines.append(f"ps-{i + 1:07d},C{int(cust_all[k])},{ts_str[i]}Z,{amt_all[k]:.2f},{currency},"
                     f"{channels[int(type_all[k])]},,,,,,,,{payee},{1 if sc else 0},"
                     f"{rep + 'Z' if rep else ''},{SCENARIOS[sc]}")
    return lines, n, n_f


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.paysim", description="PaySim-shaped mobile-money replay world")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--customers", type=int, default=200_000,
                    help="originating customers (default 200000: ~300k rows over 30 days)")
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--start", default="2025-06-01", help="YYYY-MM-DD, step 0 = its midnight UTC")
    ap.add_argument("--out", default="world-paysim.csv.gz")
    ap.add_argument("--fraud-rate", type=float, default=0.004,
                    help="fraud share of rows (PaySim: 0.0013)")
    ap.add_argument("--repeat-mean", type=float, default=0.5,
                    help="mean extra rows per customer per 30 days (0: PaySim's one-off customers)")
    ap.add_argument("--linked-cashout", action="store_true",
                    help="the fraud CASH_OUT comes from the transfer's payee (PaySim: unlinked)")
    ap.add_argument("--currency", default="KES")
    a = ap.parse_args(argv)
    if a.customers < 2 or a.days < 1 or not (0 < a.fraud_rate < 0.5) or a.repeat_mean < 0:
        ap.error("need --customers >= 2, --days >= 1, 0 < --fraud-rate < 0.5, --repeat-mean >= 0")
    if not (len(a.currency) == 3 and a.currency.isalpha() and a.currency.isupper()):
        ap.error("--currency must be three upper-case letters")
    start = date.fromisoformat(a.start)
    t = time.perf_counter()
    lines, n, n_f = generate(a.seed, a.customers, a.days, start, a.fraud_rate,
                             a.repeat_mean, a.linked_cashout, a.currency)
    opener = gzip.open if a.out.endswith(".gz") else open
    with opener(a.out, "wt", newline="") as f:
        f.write("\n".join(lines))
        f.write("\n")
    print(f"{a.out}: {n} rows, {n_f} fraud rows, {time.perf_counter() - t:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
