"""What keeping the population's attacker probabilities current costs per payment,
and the longest single call: the refresh the service does now (per-field
normalisers and C-level copies of the counts) against the one it did before (a
table of every stored value), both redone as the counts grow by 1 % and at every
fraud report, in one process on the same payments.

    python -m benchmarks.population_refresh [--payments 200000] [--reports 200]

The population is filled with high-cardinality cities and ASNs, as a bank's
traffic fills it (every field up to its cap of 4,096 values). Each call of
`observe` (a completed payment) and `observe_fraud` (a report) is timed; the
longest calls are what a request waiting behind them on the event loop pays.
"""
from __future__ import annotations

import argparse
import random
import time

from features.attributes import Attributes
from features.population import FREQ_FIELDS, PopulationFrequencies


class TableRefresh(PopulationFrequencies):
    """The previous refresh, kept here only as the baseline: a table of every
    stored value's attacker probability, rebuilt at each refresh (the code of
    `PopulationFrequencies._refresh` before 2026-11-27, which lookups read)."""

    def _refresh(self) -> None:
        table: dict[str, dict[str, float]] = {}
        g, f = self._g, self._f
        for name in FREQ_FIELDS:
            gv, fv = g.values.get(name), f.values.get(name)
            if not gv and not fv:
                continue
            if not fv:
                gd = g.total[name] + 0.5 * (len(gv) + 1)  # type: ignore[arg-type]
                table[name] = {k: (n + 0.5) / gd for k, n in gv.items()}  # type: ignore[union-attr]
                continue
            fd = f.total[name] + 0.5 * (len(fv) + 1)
            if not gv:
                table[name] = {k: (n + 0.5) / fd for k, n in fv.items()}
                continue
            gd = g.total[name] + 0.5 * (len(gv) + 1)
            nf = f.total.get(name, 0.0)
            beta = 0.5 * nf / (nf + 50.0)
            table[name] = {k: (1.0 - beta) * ((gv.get(k, 0.0) + 0.5) / gd) + beta * ((fv.get(k, 0.0) + 0.5) / fd)
                           for k in set(gv) | set(fv)}
        self._table = table
        self._nov = {grp: (c[0], c[1]) for grp, c in g.novelty.items()}
        self._rates = None
        self._amt = self._amount_prior()
        self._seen = g.amt_n + f.amt_n
        self._next = self._seen + max(50.0, 0.01 * self._seen)


def payments(n: int, seed: int = 1) -> list[Attributes]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        a = Attributes(customer_id=f"c{rnd.randint(0, 50000)}", ts=1.7e9 + i, amount=rnd.lognormvariate(3.5, 1.2))
        a.country = rnd.choice(("FR", "DE", "ES", "IT", "NL", "BE", "PL", "US", "GB", "CH"))
        a.ip_country = a.country
        a.city = f"{a.country}|city{int(rnd.paretovariate(0.6)) % 20000}"
        a.asn = f"AS{int(rnd.paretovariate(0.5)) % 60000}"
        a.ua_os = rnd.choice(("Android", "iOS", "Windows", "macOS"))
        a.ua_family = rnd.choice(("app", "Chrome", "Safari", "Firefox"))
        a.how = rnd.randrange(168)
        a.channel = rnd.choice(("mobile", "web"))
        out.append(a)
    return out


def timed(freq: PopulationFrequencies, pays: list[Attributes], reports: int) -> tuple[list[float], list[float]]:
    obs, rep = [], []
    every = max(1, len(pays) // max(1, reports))
    clock = time.perf_counter
    for i, a in enumerate(pays):
        t0 = clock()
        freq.observe(a)
        obs.append(clock() - t0)
        if reports and i % every == every - 1:
            t0 = clock()
            freq.observe_fraud(a)
            rep.append(clock() - t0)
    return obs, rep


def q(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(p * len(s)))] * 1e6 if s else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--payments", type=int, default=200_000)
    ap.add_argument("--reports", type=int, default=200)
    a = ap.parse_args()
    pays = payments(a.payments)
    print(f"# {a.payments:,} completed payments, {a.reports} fraud reports spread among them")
    print(f"{'refresh':<34} {'observe p50 µs':>15} {'p99.9':>8} {'max':>9} {'total s':>8} "
          f"{'report p50 µs':>14} {'max':>9}")
    for name, cls in (("table of every value (before)", TableRefresh), ("copies and normalisers (now)", PopulationFrequencies),
                      ("table of every value (before)", TableRefresh), ("copies and normalisers (now)", PopulationFrequencies)):
        obs, rep = timed(cls(), pays, a.reports)
        print(f"{name:<34} {q(obs, 0.5):>15.2f} {q(obs, 0.999):>8.1f} {max(obs) * 1e6:>9.0f} {sum(obs):>8.2f} "
              f"{q(rep, 0.5):>14.1f} {max(rep, default=0.0) * 1e6:>9.0f}")
    freq = PopulationFrequencies()
    timed(freq, pays, a.reports)
    base = TableRefresh()
    timed(base, pays, a.reports)
    print("values held per field:", {k: len(v) for k, v in freq._g.values.items()})
    # the hot path's side: the lookups one payment makes (extract: 9 fields)
    looks = [(n, getattr(p, attr)) for p in pays[:20000] for n, attr in
             (("ipcc", "ip_country"), ("asn", "asn"), ("ua_os", "ua_os"), ("ua_family", "ua_family"),
              ("country", "country"), ("city", "city"), ("how", "how"))]
    table = base._table

    def old_lookup(name: str, value: object) -> float:   # the previous attacker_prob
        vals = table.get(name)
        if vals is None:
            return -1.0
        return vals.get(value if value.__class__ is str else str(value), 0.0)

    for _ in range(2):
        for label, fn in (("table get (before)", old_lookup), ("computed from the copies (now)", freq.attacker_prob)):
            t0 = time.perf_counter()
            for name, v in looks:
                fn(name, v)
            dt = time.perf_counter() - t0
            print(f"lookup, {label:<32} {dt / len(looks) * 1e9:6.0f} ns each, {dt / len(looks) * 9e6:5.2f} µs per payment (9 lookups)")


if __name__ == "__main__":
    main()
