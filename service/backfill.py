"""Learn a bank's payment history into the service's store before it goes live.

    python -m service.backfill HISTORY.csv.gz [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--force]

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

The store carries a marker: "in progress" (which file, since when) from just
before the first payment is learned, "done" with the counts at the end. A run
that was interrupted (Ctrl-C: `interrupted`, status 130) or failed leaves the
first, and the next run is refused as well, saying so: learning the file again
would learn its first part twice. A run that learned nothing (every row refused,
no rows up to `--until`) leaves the store as it was and exits with status 1.
"""
from __future__ import annotations

import argparse
import json
import logging
import math
import os
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from typing import Any, Callable, NoReturn

from .config import Settings
from .errors import ApiError
from .parse import parse_score
from .replay_format import READ_ERRORS, FileIssues, ReplayFormatError, check_file
from .replay_rows import read_rows
from .runtime import BACKFILL_DONE as DONE
from .runtime import BACKFILL_IN_PROGRESS as IN_PROGRESS
from .runtime import BLOB_BACKFILL, Runtime, backfill_marker
from .store import StoreError
from .store.datadir import DataDirRefused

DAY = 86400.0



def _day_end(text: str) -> float:
    d = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    return d.timestamp() + DAY


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def backfill(engine: Any, path: str, start_ts: float | None = None, until_ts: float | None = None,
             progress: bool = True, known_at: float | None = None,
             before_learning: Callable[[], None] | None = None,
             refusals: Counter[str] | None = None, issues: FileIssues | None = None,
             last: dict[str, int] | None = None, report_delay_s: float | None = None) -> dict[str, int]:
    """Learn the rows of `path` in [start_ts, until_ts) through `engine`; returns
    the counts it prints. A bank backfills what it knows now: every `is_fraud`
    row is a fraud, its devices and payee marked at its report time, or at
    `until_ts` for one reported later (known now: live payments after the
    backfill must see it, but not dated past them, which would keep its weight
    undecayed; a review). `known_at` is for evaluations (the replay benchmark's
    `--backfill-days`, the command's `--reports-until`), which must not know the
    future: only frauds reported before it count as frauds, the others are
    learned as the bank then saw them, as genuine. `report_delay_s`: a fraud row
    without a report time counts as reported that long after the payment, as the
    replay's `--report-delay-days` reports it (a review found such frauds learned
    as genuine payments).
    `before_learning` runs once, just before the first payment is learned (the
    command marks its store there: a run that learns nothing leaves it as it
    was); `refusals` counts the refused rows by the API's message; `last` gets
    the time of the last payment learned (`last_ts`, epoch seconds)."""
    counts = {"rows": 0, "learned": 0, "frauds": 0, "refused": 0}
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit=" rows", unit_scale=True, mininterval=1.0, file=sys.stderr, desc="backfill")
    try:
        for row in read_rows(path, start_ts, until_ts, issues=issues):   # a damaged file: ReplayFormatError
            counts["rows"] += 1
            if bar is not None:
                bar.update()
            try:
                payment = parse_score(row.body)
            except ApiError as exc:
                counts["refused"] += 1
                if refusals is not None:
                    refusals[f"{exc.field}: {exc.message}" if exc.field else exc.message] += 1
                continue
            unlisted = unlearnable_currency(engine, payment.currency)
            if unlisted is not None:
                counts["refused"] += 1
                if refusals is not None:
                    refusals[unlisted] += 1
                continue
            reported = row.reported_ts if row.reported_ts is not None and math.isfinite(row.reported_ts) else None
            if reported is None and report_delay_s is not None and row.is_fraud == 1:
                reported = payment.ts + report_delay_s
            fraud = row.is_fraud == 1 and (known_at is None or (reported is not None and reported < known_at))
            if fraud and reported is not None and until_ts is not None and reported > until_ts:
                reported = until_ts
            if before_learning is not None and counts["learned"] + counts["frauds"] == 0:
                before_learning()
            engine.learn_history(payment, fraud, reported)
            counts["frauds" if fraud else "learned"] += 1
            if last is not None:
                last["last_ts"] = max(last.get("last_ts", 0), int(payment.ts))
    finally:
        if bar is not None:
            bar.close()
    return counts


def unlearnable_currency(engine: Any, currency: str | None) -> str | None:
    """Why a payment in `currency` is not learned (its refusal message), or
    None. A currency the policy cannot convert gets `[rules.unknown_currency]`'s
    level live (the shipped policy denies it), so such a payment never
    completes there; learned here at 1:1 it would teach the customer amounts off
    by orders of magnitude. With that level at 0 (taken 1:1 live as well) it is
    learned as the service would."""
    policy = getattr(engine, "policy", None)
    if policy is None or policy.listed(currency) or not policy.config.unknown_currency_level:
        return None
    return (f"currency {currency} is not in the policy's [fx] table: live its payments get "
            f"[rules.unknown_currency]'s level and do not complete, so they are not learned (add its rate)")


def _last_ts(marker: bytes | None) -> int:
    """The last payment a finished backfill of this store learned (0: none known)."""
    m = backfill_marker(marker)
    last = m.get("last_ts") if m is not None else None
    return last if isinstance(last, int) else 0


def refusal(marker: bytes | None, since_ts: float | None = None) -> str | None:
    """Why a store with this backfill marker may not be backfilled again without
    `--force`; None when it never was, or when `since_ts` (`--since`) starts
    after the last payment a finished backfill learned (history imported file by
    file). A marker from before markers had a state is a finished backfill."""
    if not marker:
        return None
    m = backfill_marker(marker)
    if m is None or m.get("state", DONE) != IN_PROGRESS:
        last = _last_ts(marker)
        if last > 0 and since_ts is not None and since_ts > last:
            return None
        more = ""
        if last > 0:
            nxt = datetime.fromtimestamp(last, timezone.utc).strftime("%Y-%m-%d")
            more = (f"; to import a later part of the history, give --since a date after its last payment "
                    f"({nxt}, UTC)")
        elif since_ts is not None:
            more = ("; that backfill did not keep the time of its last payment (it is older than --since), so "
                    "--since cannot be checked against it: give --force if the parts do not overlap")
        return (f"this store was backfilled before ({marker.decode(errors='replace')}); "
                f"--force learns the history again (every payment twice){more}")
    return (f"a backfill of {m.get('file')} (until {m.get('until') or 'the end'}) started {m.get('started')} on "
            "this store and did not finish (interrupted or failed): the store holds the payments it learned before "
            "it stopped. Backfill into a fresh store (an empty RISKGATE_DATA_DIR, or an empty Redis) to learn each "
            "payment once, or give --force to learn the history again on top of this one, knowing that the "
            "payments already learned are then learned twice")


def served_problem(store: Any) -> str | None:
    """Why a store may not be backfilled without `--force` because the service
    has scored payments on it: it records a decision for every payment it
    scores (a backfill records none), and the payments it learned are in its
    profiles already, so a history that holds them would learn them twice."""
    from .store.base import RECORD

    try:
        n = store.count(RECORD)
    except Exception:   # a store that cannot count: the service's own errors say more
        return None
    if n <= 0:
        return None
    return (f"this store has served payments already ({n} decisions recorded): a history that holds any of them "
            "would learn them twice. Backfill into a fresh store (an empty RISKGATE_DATA_DIR, or an empty Redis) "
            "before going live, or give --force to learn the history on top of what the service learned, for "
            "history it has not seen")


def nothing_learned(counts: dict[str, int], refusals: Counter[str], path: str, until: str | None,
                    span: tuple[float, float] | None, since: str | None = None) -> str:
    """Why a run learned nothing, from what it counted, for the one who will
    correct the file or the options."""
    if counts["rows"] == 0 and since and span is not None and span[1] < _day_end(since) - DAY:
        last = datetime.fromtimestamp(span[1], timezone.utc).strftime("%Y-%m-%d")
        why = f"no rows from --since {since} on (the file ends on {last})"
    elif counts["rows"] == 0 and until and span is not None:
        first = datetime.fromtimestamp(span[0], timezone.utc).strftime("%Y-%m-%d")
        why = f"no rows up to --until {until} (the file starts on {first})"
    elif counts["rows"] == 0:
        why = f"no rows in {path}"
    else:
        top = "; ".join(f"{n} × {msg}" for msg, n in refusals.most_common(5))
        why = f"all {counts['refused']} rows refused ({top})" if top else f"{counts['rows']} rows, none learned"
    return f"nothing learned: {why}; the store is not marked as backfilled"


def _marks(store: Any, args: argparse.Namespace) -> tuple[Callable[[], None], Callable[[dict[str, int]], None]]:
    """The two marker writes of a run: in progress before the first payment is
    learned, done with the counts at the end."""
    head = {"file": args.file, "since": args.since, "until": args.until, "started": _now()}

    def started() -> None:
        store.put_blob(BLOB_BACKFILL, json.dumps({"state": IN_PROGRESS, **head}).encode())

    def done(counts: dict[str, int]) -> None:
        store.put_blob(BLOB_BACKFILL, json.dumps({"state": DONE, **head, "finished": _now(), **counts}).encode())
        # (counts may carry last_ts: the next part of the history may start after it, --since)

    return started, done


def _fail(ap: argparse.ArgumentParser, message: str) -> NoReturn:
    """A mistake in what the user gave (file, option, environment): argparse's
    error line and status 2, without the usage text, which would bury it."""
    ap.exit(2, f"{ap.prog}: error: {message}\n")


def data_dir_problem(path: str) -> str | None:
    """Why `RISKGATE_DATA_DIR` cannot hold the store and the hash key (a file,
    or a path under one); None when it is, or now is, a directory."""
    if os.path.exists(path) and not os.path.isdir(path):
        return f"RISKGATE_DATA_DIR={path} is a file, not a directory"
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        return f"RISKGATE_DATA_DIR={path}: cannot create the directory: {exc.strerror or exc}"
    return None


def policy_problem(settings: Settings) -> str | None:
    """A policy the service would refuse to start with is refused here too,
    before learning: its currency table converts every amount learned."""
    from models.policy import PolicyError, load_policy

    for var, path in (("RISKGATE_POLICY", settings.policy_path),
                      ("RISKGATE_SHADOW_POLICY", settings.shadow_policy_path)):
        if path:
            try:
                load_policy(path)
            except PolicyError as exc:
                return f"{var}={path}: {exc}"
    return None


def main(argv: list[str] | None = None) -> int:
    """The command; Ctrl-C prints `interrupted` and exits 130 (the shell's
    status for it), no traceback; the store keeps its in-progress marker."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _main(argv: list[str] | None) -> int:
    ap = argparse.ArgumentParser(prog="python -m service.backfill", description=__doc__.split("\n\n")[0])
    ap.add_argument("file", help="history in the replay format of API.md (CSV, optionally .gz)")
    ap.add_argument("--since", help="first UTC date to learn (YYYY-MM-DD): a later part of the history, after "
                                    "a backfill that ended before it")
    ap.add_argument("--until", help="last UTC date to learn, inclusive (YYYY-MM-DD)")
    ap.add_argument("--reports-until", metavar="DATE",
                    help="for an evaluation (a replay against the service after this backfill): only frauds "
                         "reported before this UTC date (YYYY-MM-DD, exclusive) count as frauds, the others are "
                         "learned as genuine, as the bank then saw them; default: every fraud in the file")
    ap.add_argument("--force", action="store_true",
                    help="learn even if this store was backfilled before, or a backfill of it did not finish")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    args = ap.parse_args(argv)
    try:
        until_ts = _day_end(args.until) if args.until else None
    except ValueError:
        _fail(ap, f"--until {args.until!r} is not a date (YYYY-MM-DD)")
    try:
        since_ts = _day_end(args.since) - DAY if args.since else None
    except ValueError:
        _fail(ap, f"--since {args.since!r} is not a date (YYYY-MM-DD)")
    if since_ts is not None and until_ts is not None and since_ts >= until_ts:
        _fail(ap, f"--since {args.since} is after --until {args.until}")
    try:
        known_at = _day_end(args.reports_until) - DAY if args.reports_until else None
    except ValueError:
        _fail(ap, f"--reports-until {args.reports_until!r} is not a date (YYYY-MM-DD)")
    try:
        span = check_file(args.file)
    except ReplayFormatError as exc:
        _fail(ap, str(exc))
    except READ_ERRORS as exc:
        _fail(ap, f"{args.file}: cannot read it as a replay file (damaged?): {exc}")
    settings = Settings.from_env()
    problem = policy_problem(settings) or data_dir_problem(settings.data_dir)
    if problem:
        _fail(ap, problem)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    rt = Runtime(settings)
    try:
        rt.start(exclusive=True)   # refused while a service (or another backfill) has the data dir
    except DataDirRefused as exc:
        _fail(ap, str(exc))
    except OSError as exc:          # the hash key cannot be written, ...: the store's directory is not usable
        _fail(ap, f"RISKGATE_DATA_DIR={settings.data_dir}: {exc}")
    try:
        store = rt.store
        assert store is not None
        marker = store.get_blob(BLOB_BACKFILL)
        why = refusal(marker, since_ts) or served_problem(store)
        if why and not args.force:
            print(why, file=sys.stderr)
            return 2
        started, done = _marks(store, args)
        refusals: Counter[str] = Counter()
        issues = FileIssues(args.file)
        t0 = time.monotonic()
        last: dict[str, int] = {}
        counts = backfill(rt.engine, args.file, since_ts, until_ts, progress=not args.quiet, known_at=known_at,
                          before_learning=started, refusals=refusals, issues=issues, last=last)
        for line in issues.lines():
            print(f"backfill: {line}", file=sys.stderr)
        if counts["learned"] + counts["frauds"] == 0:
            print(nothing_learned(counts, refusals, args.file, args.until, span, args.since), file=sys.stderr)
            return 1
        done({**counts, "last_ts": max(last.get("last_ts", 0), _last_ts(marker))})
    except ReplayFormatError as exc:
        _fail(ap, str(exc))
    except StoreError as exc:
        print(f"the profile store failed: {exc}", file=sys.stderr)
        return 1
    finally:
        rt.stop()
    secs = time.monotonic() - t0
    print(f"backfill: {counts['learned']} payments learned, {counts['frauds']} frauds marked, "
          f"{counts['refused']} rows refused, of {counts['rows']} in {secs:.0f} s "
          f"({counts['rows'] / max(secs, 1e-9):.0f} rows/s)")
    for msg, n in refusals.most_common(10):
        print(f"  refused: {n} × {msg}")
    if len(refusals) > 10:
        print(f"  refused: {sum(refusals.values()) - sum(n for _, n in refusals.most_common(10))} more rows, "
              f"for {len(refusals) - 10} other reasons")
    return 0


if __name__ == "__main__":
    sys.exit(main())
