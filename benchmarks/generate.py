"""Generate a realistic bank-payment history with labelled fraud, as a replay CSV.

    python -m benchmarks.generate --customers 5000 --days 120 --seed 7 --out data/gen.csv.gz

The world (customers, devices, networks, travel, bills) lives in
gen_customers.py and gen_world.py, the attacks in gen_fraud.py; this module
runs the days in order, merges everyone's payments into timestamp order and
writes them. Same arguments, same bytes: one seeded stream drives it all and
the gzip header carries no time stamp. See docs/generator.md.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from heapq import heappop, heappush
from pathlib import Path
from typing import Any

from benchmarks.gen_customers import World, build_world, customer_day
from benchmarks.gen_fraud import SCENARIOS, plan_incidents, run_incident

COLUMNS = ("transaction_id", "customer_id", "timestamp", "amount", "currency", "channel", "ip", "device_id",
           "user_agent", "lat", "lon", "country", "city", "payee_id", "is_fraud", "fraud_reported_at", "scenario")

# A day's payments can start this long before its UTC midnight (local time east of UTC).
_EARLIEST = 15 * 3600


class _IsoTime:
    """Epoch seconds -> 'YYYY-MM-DDTHH:MM:SSZ', with the date part cached per day."""

    __slots__ = ("_days",)

    def __init__(self) -> None:
        self._days: dict[int, str] = {}

    def __call__(self, ts: int) -> str:
        day, sec = divmod(ts, 86400)
        prefix = self._days.get(day)
        if prefix is None:
            prefix = dt.datetime.fromtimestamp(day * 86400, dt.timezone.utc).strftime("%Y-%m-%dT")
            self._days[day] = prefix
        h, rem = divmod(sec, 3600)
        m, s = divmod(rem, 60)
        return f"{prefix}{h:02d}:{m:02d}:{s:02d}Z"


def _time_ordered(w: World, progress: bool) -> Iterator[tuple]:
    """Simulate day by day and release rows once no later day can produce an earlier one."""
    plan, fraud = plan_incidents(w)
    heap: list[tuple[int, int, tuple]] = []
    seq = 0
    lo, hi = w.start, w.start + w.days * 86400
    days: Iterable[int] = range(w.days)
    if progress:
        from tqdm import tqdm
        days = tqdm(days, desc="days", unit="day", file=sys.stderr)
    for d in days:
        for c in w.customers:
            customer_day(c, w, d)
        for inc in plan.get(d, ()):
            run_incident(inc, w, fraud)
        for row in w.out:
            heappush(heap, (row[0], seq, row))
            seq += 1
        w.out.clear()
        watermark = w.start + (d + 1) * 86400 - _EARLIEST
        while heap and heap[0][0] < watermark:
            row = heappop(heap)[2]
            if lo <= row[0] < hi:
                yield row
    while heap:
        row = heappop(heap)[2]
        if lo <= row[0] < hi:
            yield row


def generate_rows(customers: int, days: int, seed: int, start: str = "2026-01-01", country: str = "DE",
                  progress: bool = False, shared_devices: bool = False) -> Iterator[tuple]:
    """Rows as tuples in COLUMNS order, typed (floats, ints, None for empty cells), sorted by timestamp."""
    w = build_world(customers, days, seed, start, country, shared_devices)
    iso = _IsoTime()
    n = 0
    for row in _time_ordered(w, progress):
        n += 1
        rep = row[14]
        yield (f"tx-{n:08d}", row[1], iso(row[0])) + row[2:13] + (row[13], None if rep is None else iso(rep), row[15])


def generate(customers: int, days: int, seed: int, start: str = "2026-01-01", country: str = "DE",
             progress: bool = False, shared_devices: bool = False) -> Iterator[dict[str, Any]]:
    """Payments as dicts keyed by the replay columns of API.md, sorted by timestamp.

    `country` is the bank's home country (most customers live there; its
    currency is the account currency)."""
    for row in generate_rows(customers, days, seed, start, country, progress, shared_devices):
        yield dict(zip(COLUMNS, row))


def _cell(v: Any) -> Any:
    return "" if v is None else v


class Summary:
    """Counts gathered while writing: rows, customers, fraud per scenario, reported share."""

    def __init__(self) -> None:
        self.rows = 0
        self.customers: set[str] = set()
        self.fraud = Counter()
        self.victims: set[tuple[str, str]] = set()
        self.reported = Counter()
        self.channels = Counter()
        self.first = self.last = ""

    def add(self, row: tuple) -> None:
        self.rows += 1
        self.customers.add(row[1])
        if not self.first:
            self.first = row[2]
        self.last = row[2]
        self.channels[row[5]] += 1
        if row[14]:
            self.fraud[row[16]] += 1
            self.victims.add((row[16], row[1]))
            if row[15] is not None:
                self.reported[row[16]] += 1

    def text(self, simulated: int | None = None) -> str:
        """The summary; with `simulated`, the customers line says how many of them paid:
        a customer who joins near the end or stays dormant has no row in the file, and
        "customers 299" for --customers 300 read as a lost customer."""
        total = sum(self.fraud.values())
        rep = sum(self.reported.values())
        who = f"customers {len(self.customers):,}"
        if simulated is not None and simulated != len(self.customers):
            who += (f" with a payment (of {simulated:,} simulated; the others joined too late or stayed dormant "
                    "in the period)")
        lines = [f"rows {self.rows:,}  {who}  {self.first} .. {self.last}",
                 f"fraud rows {total:,} ({100.0 * total / max(1, self.rows):.3f} %), "
                 f"reported {100.0 * rep / max(1, total):.1f} %",
                 "channels " + ", ".join(f"{k} {v:,}" for k, v in sorted(self.channels.items()))]
        victims = Counter(s for s, _ in self.victims)
        for s in SCENARIOS:
            lines.append(f"  {s:<18} {self.fraud[s]:>6,} rows, {victims[s]:>5,} victims, "
                         f"reported {100.0 * self.reported[s] / max(1, self.fraud[s]):5.1f} %")
        return "\n".join(lines)


def write_csv(rows: Iterable[dict[str, Any] | tuple], path: str | Path) -> Summary:
    """Write rows (dicts or COLUMNS-ordered tuples) as CSV, gzip when the name ends in .gz.

    The gzip header gets mtime 0 and no file name so equal rows give equal bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    with open(path, "wb") as raw:
        stream = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) \
            if path.name.endswith(".gz") else raw
        with io.TextIOWrapper(stream, encoding="utf-8", newline="") as text:
            out = csv.writer(text, lineterminator="\n")
            out.writerow(COLUMNS)
            for row in rows:
                if isinstance(row, dict):
                    row = tuple(row.get(k) for k in COLUMNS)
                summary.add(row)
                amount = row[3]
                out.writerow(row[:3] + (f"{amount:.2f}",) + tuple(map(_cell, row[4:])))
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.split("\n")[0])
    ap.add_argument("--customers", type=int, default=5000)
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start", default="2026-01-01", help="first day (UTC), ISO date")
    ap.add_argument("--country", default="DE", help="the bank's home country (ISO code with cities in the table)")
    ap.add_argument("--out", default="data/gen.csv.gz")
    ap.add_argument("--shared-devices", action="store_true",
                    help="shop terminals and payment providers as device ids many genuine customers share "
                         "(benchmarks/gen_shared.py); the payments are otherwise the same as without")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    progress = not a.quiet and a.customers * a.days >= 50_000
    rows = generate_rows(a.customers, a.days, a.seed, a.start, a.country, progress, a.shared_devices)
    summary = write_csv(rows, a.out)
    print(summary.text(simulated=a.customers))
    print(f"wrote {a.out} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
