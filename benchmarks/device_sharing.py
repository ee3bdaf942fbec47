"""How many other customers a payment's device carried before it, over the last
day and over the last week, for fraud and genuine payments of customers in their
first week and older: the evidence behind `population.DEVICE_KEEP_DAYS` and the
feature `device_others_7d` (docs/models.md, "A device's customers over a week").
Counted on a replay file, from the device ids alone.

    python -m benchmarks.device_sharing FILE [FILE ...]
"""
from __future__ import annotations

import argparse
from collections import Counter, defaultdict

from service.replay_rows import read_rows

DAY_S = 86400.0
WEEK_S = 7 * DAY_S
_KEEP = 64      # customers remembered per device (the busiest ones saturate anyway)


def count_sharing(path: str) -> dict[tuple[bool, bool], Counter[tuple[int, int]]]:
    """{(fraud, first-week customer): Counter((others in the day, others in the
    week), each capped at 3)}, for payments with a device id."""
    seen: dict[str, dict[str, float]] = defaultdict(dict)   # device -> customer -> last ts
    first: dict[str, float] = {}
    out: dict[tuple[bool, bool], Counter[tuple[int, int]]] = defaultdict(Counter)
    for r in read_rows(path):
        if r.is_fraud is None or r.ts != r.ts:
            continue
        start = first.setdefault(r.customer_id, r.ts)
        if not r.device_id:
            continue
        m = seen[r.device_id]
        day = week = 0
        for c, t in m.items():
            if c != r.customer_id and t > r.ts - WEEK_S:
                week += 1
                day += t > r.ts - DAY_S
        out[(bool(r.is_fraud), r.ts - start < WEEK_S)][(min(day, 3), min(week, 3))] += 1
        m[r.customer_id] = r.ts
        if len(m) > _KEEP:
            for c in sorted(m, key=m.__getitem__)[: len(m) - _KEEP]:
                del m[c]
    return out


def week_only_share(counts: Counter[tuple[int, int]]) -> float:
    """Share of the payments whose device had no other customer that day but at least one that week."""
    n = sum(counts.values())
    return sum(v for (d, w), v in counts.items() if d == 0 and w > 0) / n if n else float("nan")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.device_sharing", description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", metavar="FILE")
    args = ap.parse_args(argv)
    print(f"{'file':<40} {'group':<22} {'payments':>9} {'0 in the day, >=1 in the week':>31}")
    for path in args.files:
        out = count_sharing(path)
        for fraud in (True, False):
            for new in (True, False):
                c = out.get((fraud, new), Counter())
                group = f"{'fraud' if fraud else 'genuine'}, {'first week' if new else 'older'}"
                print(f"{path[-40:]:<40} {group:<22} {sum(c.values()):>9} {100 * week_only_share(c):>30.1f}%")


if __name__ == "__main__":
    main()
