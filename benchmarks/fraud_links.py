"""How often a payment's device (or IP) already carries a fraud report, split
by whose fraud it was: the paying customer's own (a scam's victim on their own
phone, a stolen phone's owner) or another customer's (a fraudster's device, a
device farm). Counted on a replay file with the reports known before each
payment, nothing else: the evidence behind `population.fraud_from_others`
(docs/worlds.md, tenth session).

    python -m benchmarks.fraud_links FILE [--field device_id|ip]
"""
from __future__ import annotations

import argparse
import heapq
from collections import defaultdict

from service.replay_rows import read_rows


def count_links(path: str, field: str = "device_id") -> dict[str, float]:
    pending: list[tuple[float, str, str]] = []      # (report time, value, victim)
    victims: dict[str, set[str]] = defaultdict(set)
    n = {"genuine": 0, "fraud": 0, "fraud_amount": 0.0}
    other = {"genuine": 0, "fraud": 0, "fraud_amount": 0.0}
    several = {"genuine": 0, "fraud": 0, "fraud_amount": 0.0}   # against two or more other customers
    own = {"genuine": 0, "fraud": 0}
    for r in read_rows(path):
        if r.is_fraud is None or r.ts != r.ts:
            continue
        while pending and pending[0][0] <= r.ts:
            _, val, who = heapq.heappop(pending)
            victims[val].add(who)
        val = r.device_id if field == "device_id" else _ip(r.body)
        kind = "fraud" if r.is_fraud else "genuine"
        n[kind] += 1
        if r.is_fraud:
            n["fraud_amount"] += r.amount
        if val and val in victims:
            others = len(victims[val] - {r.customer_id})
            if others:
                for acc in ((other, several) if others >= 2 else (other,)):
                    acc[kind] += 1
                    if r.is_fraud:
                        acc["fraud_amount"] += r.amount
            else:
                own[kind] += 1
        if r.is_fraud and r.reported_ts is not None and val:
            heapq.heappush(pending, (r.reported_ts, val, r.customer_id))
    return {
        "genuine": n["genuine"], "fraud": n["fraud"],
        "other_genuine": other["genuine"], "other_fraud": other["fraud"],
        "other_fraud_amount_share": other["fraud_amount"] / n["fraud_amount"] if n["fraud_amount"] else 0.0,
        "own_genuine": own["genuine"], "own_fraud": own["fraud"],
        "several_genuine": several["genuine"], "several_fraud": several["fraud"],
        "several_fraud_amount_share": several["fraud_amount"] / n["fraud_amount"] if n["fraud_amount"] else 0.0,
    }


def _ip(body: bytes) -> str | None:
    import msgspec

    v = msgspec.json.decode(body).get("ip")
    return v if isinstance(v, str) else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("--field", choices=("device_id", "ip"), default="device_id")
    a = ap.parse_args()
    c = count_links(a.file, a.field)
    g = max(c["genuine"], 1)
    print(f"{a.field}: reported against another customer: {c['other_genuine']} genuine "
          f"({c['other_genuine'] / g:.3%}), {c['other_fraud']} fraud "
          f"({c['other_fraud_amount_share']:.1%} of the fraud amount); against the payer only: "
          f"{c['own_genuine']} genuine, {c['own_fraud']} fraud; against two or more other customers: "
          f"{c['several_genuine']} genuine, {c['several_fraud']} fraud "
          f"({c['several_fraud_amount_share']:.1%} of the fraud amount)")


if __name__ == "__main__":
    main()
