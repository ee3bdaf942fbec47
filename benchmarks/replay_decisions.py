"""One row per scored payment of a replay, for analysts who want to look past the
report's aggregates: which payments of which customer were stepped up, by what
reason, and what the model said. Written as OUT/decisions.csv.gz."""
from __future__ import annotations

import csv
import math
import gzip
from collections.abc import Sequence
from datetime import datetime, timezone

from benchmarks.replay_gateway import Trace

# "reasons" (every code of the answer, in its order) and "limit" (as answered, in the
# payment's currency) were added last, so that readers by position keep working.
# "post_warmup" (1: a row the report's figures count, after `--warmup-days`) likewise.
# "transaction_id" last of all: two runs of one file skip different rows when the
# service refuses some, so their decisions are joined by id, not by position (a review).
COLUMNS = ("timestamp", "customer_id", "is_fraud", "scenario", "amount_policy_currency", "risk_score", "level",
           "lead_reason", "completed", "degraded", "reasons", "limit", "post_warmup", "transaction_id")


def write_decisions(path: str, trace: Trace, post_warmup: Sequence[bool] | None = None,
                    transaction_ids: Sequence[str] | None = None) -> int:
    """Write the trace's rows in replay order; returns the number written.
    `post_warmup`: the report's mask of the rows its figures count; `transaction_ids`:
    each scored row's id, in the trace's order (empty cells without either)."""
    if transaction_ids is None:
        # the trace's own ids when it records one per row (a hand-built trace may not)
        ids = getattr(trace, "transaction_ids", None)
        transaction_ids = ids if ids is not None and len(ids) == len(trace) else None
    elif len(transaction_ids) != len(trace):
        raise ValueError(f"{len(transaction_ids)} transaction ids for {len(trace)} scored rows")
    customers = [""] * len(trace.customer_ids)
    for cid, i in trace.customer_ids.items():
        customers[i] = cid
    label = {1: "1", 0: "0", -1: ""}
    with gzip.open(path, "wt", newline="", compresslevel=5) as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for i in range(len(trace)):
            w.writerow((
                datetime.fromtimestamp(trace.ts[i], tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                customers[trace.customer[i]], label[trace.label[i]], trace.scenario_names[trace.scenario[i]],
                f"{trace.amount[i]:.2f}", f"{trace.p[i]:.6f}", trace.level[i], trace.lead_codes[trace.lead[i]],
                trace.completed[i], trace.degraded[i], trace.reason_lists[trace.reasons[i]],
                "" if math.isnan(trace.limit[i]) else f"{trace.limit[i]:.2f}",
                "" if post_warmup is None else int(bool(post_warmup[i])),
                "" if transaction_ids is None else transaction_ids[i],
            ))
    return len(trace)
