"""Learn a bank's payment history into the service's store before it goes live.

    python -m service.backfill HISTORY.csv.gz [--until YYYY-MM-DD] [--force]

Without it every customer is new on the first day: the new-customer caps and
cold-start priors answer for all of them until each has completed a few
payments, which for a customer paying a few bills a month takes months. The
history is a replay file (API.md, "Replay files"); it goes into the store the
service would open with the same environment (`RISKGATE_DATA_DIR` or
`RISKGATE_REDIS_URL`, the same hash key), through `Engine.learn_history`: genuine
and unlabelled payments are learned as completed, frauds only mark their devices,
networks and payee. Run it before starting the service (the service keeps the
population statistics in memory and would overwrite them). Rows the API would
refuse are counted and skipped, never fatal; a second run over the same store is
refused unless `--force`, since it would learn every payment twice.
"""
from __future__ import annotations

import argparse
import json
import logging
import math
import sys
import time
from typing import Any

from .config import Settings
from .errors import ApiError
from .parse import parse_score
from .replay_format import ReplayFormatError, check_file
from .replay_rows import read_rows
from .runtime import Runtime
from .store import StoreError

BLOB_BACKFILL = "backfill"
DAY = 86400.0


def _day_end(text: str) -> float:
    from datetime import datetime, timezone

    d = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    return d.timestamp() + DAY


def backfill(engine: Any, path: str, start_ts: float | None = None, until_ts: float | None = None,
             progress: bool = True, known_at: float | None = None) -> dict[str, int]:
    """Learn the rows of `path` in [start_ts, until_ts) through `engine`; returns
    the counts it prints. A bank backfills what it knows now: every `is_fraud`
    row is a fraud. `known_at` is for the replay benchmark's `--backfill-days`,
    which must not know the future: only frauds reported before it count as
    frauds, the others are learned as the bank then saw them, as genuine."""
    counts = {"rows": 0, "learned": 0, "frauds": 0, "refused": 0}
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit=" rows", unit_scale=True, mininterval=1.0, file=sys.stderr, desc="backfill")
    try:
        for row in read_rows(path, start_ts, until_ts):
            counts["rows"] += 1
            if bar is not None:
                bar.update()
            try:
                payment = parse_score(row.body)
            except ApiError:
                counts["refused"] += 1
                continue
            reported = row.reported_ts if row.reported_ts is not None and math.isfinite(row.reported_ts) else None
            fraud = row.is_fraud == 1 and (known_at is None or (reported is not None and reported < known_at))
            engine.learn_history(payment, fraud, reported)
            counts["frauds" if fraud else "learned"] += 1
    finally:
        if bar is not None:
            bar.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m service.backfill", description=__doc__.split("\n\n")[0])
    ap.add_argument("file", help="history in the replay format of API.md (CSV, optionally .gz)")
    ap.add_argument("--until", help="last UTC date to learn, inclusive (YYYY-MM-DD)")
    ap.add_argument("--force", action="store_true", help="learn even if this store was backfilled before")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    args = ap.parse_args(argv)
    try:
        check_file(args.file)
        until_ts = _day_end(args.until) if args.until else None
    except (ReplayFormatError, ValueError) as exc:
        ap.error(str(exc))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    rt = Runtime(Settings.from_env())
    rt.start()
    try:
        store = rt.store
        assert store is not None
        before = store.get_blob(BLOB_BACKFILL)
        if before and not args.force:
            print(f"this store was backfilled before ({before.decode(errors='replace')}); "
                  "--force learns the history again (every payment twice)", file=sys.stderr)
            return 2
        t0 = time.monotonic()
        counts = backfill(rt.engine, args.file, None, until_ts, progress=not args.quiet)
        store.put_blob(BLOB_BACKFILL, json.dumps({"file": args.file, "until": args.until, **counts}).encode())
    except StoreError as exc:
        print(f"the profile store failed: {exc}", file=sys.stderr)
        return 1
    finally:
        rt.stop()
    secs = time.monotonic() - t0
    print(f"backfill: {counts['learned']} payments learned, {counts['frauds']} frauds marked, "
          f"{counts['refused']} rows refused, of {counts['rows']} in {secs:.0f} s "
          f"({counts['rows'] / max(secs, 1e-9):.0f} rows/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
