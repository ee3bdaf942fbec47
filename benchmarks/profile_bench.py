"""Profile size and per-payment cost of derive + extract + learn.

    python -m benchmarks.profile_bench [--customers 200] [--days 365]

Synthetic busy customers (≈4 payments a day for a year, several devices,
rotating IPs over a few networks, home/office/travel places, ~40 payees) are
replayed through the real functions. Prints the serialized profile size
(p50/max) and median/p99 µs of derive+extract+learn, of the rest of the
features side of one score (profile decode/encode, entity observations,
population frequencies) and of the whole, next to baselines measured in the
same run: a bare msgpack decode+encode of the profile, the Python
definitions `extract_py` and `learn_py` on the same payments when the
compiled ones (features/_hotpath.c) are in use, and a fixed pure-Python loop
(to compare machines), with the load average (a shared machine's figures
mean little without it). Issue 3's budget: extract + learn under 50 us
median, a busy profile under 2 KB.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import time
import timeit

from benchmarks.micro import population_python
from features.attributes import HAVE_C_DERIVE, DeriveContext, derive, derive_py
from features.config import DAY
from features.extract import HAVE_C_EXTRACT, extract, extract_py
from features.payment import Payment
from features.population import PopulationFrequencies, entity_keys, observe_entity
from features.profile import decode_profile, encode_profile, learn, learn_py, new_profile

T0 = 1_704_067_200.0
PLACES = [(48.85, 2.35, "FR", "Paris"), (48.89, 2.24, "FR", "Puteaux"), (45.76, 4.84, "FR", "Lyon"),
          (51.51, -0.13, "GB", "London"), (40.71, -74.0, "US", "New York")]
UAS = ["BankApp/{v} (Android 14; SM-S918B)", "BankApp/{v} (iOS 17; iPad)",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v} Safari/537.36"]


def history(c: int, days: int, rnd: random.Random) -> list[Payment]:
    out = []
    ts = T0 + rnd.random() * 3600
    end = T0 + days * DAY
    home_net = f"81.{c % 250}.{rnd.randint(0, 255)}"
    while ts < end:
        ts += rnd.expovariate(4.0 / DAY)
        place = PLACES[0] if rnd.random() < 0.6 else PLACES[1] if rnd.random() < 0.8 else rnd.choice(PLACES)
        dev = rnd.choices(range(3), weights=(8, 2, 1))[0]
        ip = (f"{home_net}.{rnd.randint(2, 254)}" if rnd.random() < 0.6
              else f"{rnd.randint(1, 223)}.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}.{rnd.randint(1, 254)}")
        out.append(Payment(
            transaction_id="t", customer_id=f"c{c}", timestamp="", ts=ts,
            amount=round(rnd.lognormvariate(3.5, 0.9), 2), currency="EUR", channel="mobile", ip=ip,
            device_id=f"dev-{c}-{dev}", user_agent=UAS[dev].format(v=f"{7 + int(ts - T0) // (90 * 86400)}.{rnd.randint(0, 3)}"),
            lat=place[0] + rnd.gauss(0, 0.01), lon=place[1] + rnd.gauss(0, 0.01), country=place[2], city=place[3],
            payee_id=f"payee-{int(rnd.paretovariate(1.2)) % 60}",
        ))
    return out


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.profile_bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--customers", type=int, default=200)
    ap.add_argument("--days", type=int, default=365)
    args = ap.parse_args()
    rnd = random.Random(42)
    ctx = DeriveContext.create(b"bench-key")
    ctx_py = DeriveContext.create(b"bench-key")   # caches of its own: derive_py's baseline pays its own misses
    freq = PopulationFrequencies()
    entities: dict[str, bytes | None] = {}
    sizes: list[int] = []
    t_derive: list[float] = []
    t_extract: list[float] = []
    t_learn: list[float] = []
    t_total: list[float] = []
    t_codec: list[float] = []
    t_entities: list[float] = []
    t_freq: list[float] = []
    t_side: list[float] = []
    t_extract_py: list[float] = []
    t_learn_py: list[float] = []
    t_derive_py: list[float] = []
    n_pay = 0
    pc = time.perf_counter_ns
    for c in range(args.customers):
        prof = new_profile()
        blob = prev = encode_profile(prof)
        for pay in history(c, args.days, rnd):
            # derive_py's baseline first on every other payment: the module-level memos
            # (labels, hosting flags) are paid for by whichever runs first
            py_first = HAVE_C_DERIVE and n_pay % 2 == 1
            if py_first:
                t13 = pc()
                derive_py(pay, ctx_py)
                t_derive_py.append((pc() - t13) / 1e3)
            t0 = pc()
            a = derive(pay, ctx)
            t1 = pc()
            ents = {k: entities.get(k) for k in entity_keys(a)}
            fs = extract(a, prof, ents, freq)
            t2 = pc()
            learn(prof, a)
            t3 = pc()
            t_derive.append((t1 - t0) / 1e3)
            t_extract.append((t2 - t1) / 1e3)
            t_learn.append((t3 - t2) / 1e3)
            t_total.append((t3 - t0) / 1e3)
            # baseline: the bare store codec round trip of the same profile
            t4 = pc()
            blob = encode_profile(decode_profile(blob))
            t5 = pc()
            t_codec.append((t5 - t4) / 1e3)
            blob = encode_profile(prof)
            if HAVE_C_EXTRACT:
                # baseline in the same run: the Python definitions on the same payment
                # (before this payment's learn, on a copy of the profile as it was then)
                before = decode_profile(prev)
                with population_python():   # the entity signals' Python definition too
                    t10 = pc()
                    extract_py(a, before, ents, freq)
                    t11 = pc()
                learn_py(before, a)
                t12 = pc()
                t_extract_py.append((t11 - t10) / 1e3)
                t_learn_py.append((t12 - t11) / 1e3)
            if HAVE_C_DERIVE and not py_first:   # baseline in the same run: derive's Python definition
                t13 = pc()
                derive_py(pay, ctx_py)
                t_derive_py.append((pc() - t13) / 1e3)
            prev = blob
            t7 = pc()
            for k in ents:
                entities[k] = observe_entity(entities.get(k), k, a, bool(fs.new_device) if k[0] == "d" else
                                             bool(fs.new_payee) if k[0] == "p" else False, True)
            t8 = pc()
            freq.observe(a, fs.novelty)
            t9 = pc()
            t_entities.append((t8 - t7) / 1e3)
            t_freq.append((t9 - t8) / 1e3)
            # one score's whole features side, as the engine runs it around the model and the
            # store: derive, extract, learn, a profile decode + encode, entities, frequencies
            t_side.append((t3 - t0 + (t5 - t4) + (t9 - t7)) / 1e3)
            n_pay += 1
        sizes.append(len(blob))
    ref = min(timeit.repeat("sum(range(1000))", number=1000, repeat=5)) * 1e3
    print(f"customers={args.customers} days={args.days} payments={n_pay} "
          f"(~{n_pay / args.customers / args.days:.1f}/day each)")
    print(f"profile size bytes: p50={statistics.median(sizes):.0f} p99={pct(sizes, 0.99):.0f} max={max(sizes)}")
    print(f"features hot path: {'compiled (features/_hotpath.c)' if HAVE_C_EXTRACT else 'Python'}; "
          f"derive: {'compiled (features/_derive.c)' if HAVE_C_DERIVE else 'Python'}")
    for name, xs in (("derive", t_derive), ("extract", t_extract), ("learn", t_learn),
                     ("extract + learn", [x + y for x, y in zip(t_extract, t_learn)]),
                     ("derive+extract+learn", t_total), ("observe_entity (all entities)", t_entities),
                     ("PopulationFrequencies.observe", t_freq),
                     ("features side (+decode/encode)", t_side), ("baseline msgpack decode+encode", t_codec)):
        print(f"{name:32s} median={statistics.median(xs):7.1f} us  p99={pct(xs, 0.99):7.1f} us")
    if t_derive_py:
        print(f"{'baseline: derive_py':32s} median={statistics.median(t_derive_py):7.1f} us  "
              f"p99={pct(t_derive_py, 0.99):7.1f} us")
    if t_extract_py:
        for name, xs in (("baseline: extract_py", t_extract_py), ("baseline: learn_py", t_learn_py),
                         ("baseline: extract_py + learn_py", [x + y for x, y in zip(t_extract_py, t_learn_py)])):
            print(f"{name:32s} median={statistics.median(xs):7.1f} us  p99={pct(xs, 0.99):7.1f} us")
    print(f"{'machine reference sum(range(1000))':32s} {ref:7.1f} us (≈8-10 us on a recent x86 core)")
    print("load average %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
