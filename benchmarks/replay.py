"""Backtest the scorer and the policy on history: the fraud-versus-friction report.

    python -m benchmarks.replay FILE.csv.gz [--policy FILE] [--url URL --key KEY] [--out DIR]
        [--model DIR] [--no-local-refit] [--warmup-days 14] [--from DATE] [--until DATE] [--seed 0] [--handbook] [--no-plots]

Feeds the file's payments in event-time order through the scorer, in-process
(the service's own Engine on a memory store: fast) or over HTTP (`--url`, the
real gateway path), simulating the gateway protocol of API.md (replay_gateway),
then writes DIR/report.json, DIR/report.txt, DIR/decisions.csv.gz (one row per
scored payment: replay_decisions) and the PNG plots, and prints the table.
Baselines are decided on the same rows with the same challenge draws
(replay_baselines). On the handbook data (ids starting "hb-", or --handbook) the
book's own protocol is reported too (replay_handbook). Definitions of every
figure: replay_metrics and benchmarks/README.md, "## Replay".

--from / --until bound the run by event time (UTC dates, both inclusive).
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import logging
import math
import os
import shutil
import sys
import tempfile
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterator, NoReturn

import httpx
import msgspec

from benchmarks.replay_gateway import Answer, FeedbackCall, GatewayConfig, Rejected, ScoreCall, Trace, run
from benchmarks.replay_http import HttpGateway
from benchmarks.replay_metrics import DEFAULT_FRICTION
from service.replay_rows import Row, read_rows
from service.replay_format import READ_ERRORS, FileIssues, ReplayFormatError, check_file, removed_if_left_empty

DAY = 86400.0
PROG = "python -m benchmarks.replay"
# The files a run writes into --out that other programs read as the run's figures.
OUTPUTS = ("report.json", "report.txt", "decisions.csv.gz", "frontier.png", "latency.png", "calibration.png",
           "weekly.png")


class CliError(Exception):
    """A mistake of the person running the replay (an option, a file, a model): one
    line on stderr and status 2, not a traceback."""


class _Parser(argparse.ArgumentParser):
    """Errors as one line, `prog: error: ...`, status 2: a mistake in one option
    should not scroll it off the screen under the usage of twenty (--help has it)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _non_negative(text: str, unit: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of {unit} >= 0")
    return value


def days_arg(text: str) -> float:
    """An option's number of days: finite and >= 0. A negative one has no meaning and
    used to pass in silence (a negative report delay reported frauds before they
    were paid); refusing it names the option instead."""
    return _non_negative(text, "days")


def seconds_arg(text: str) -> float:
    """An option's number of seconds: finite and >= 0 (a negative --auth-delay would
    answer a challenge before it was asked), refused as --warmup-days -3 is."""
    return _non_negative(text, "seconds")


def date_arg(text: str) -> str:
    """A UTC date YYYY-MM-DD, checked when parsed rather than when first used."""
    try:
        day_start(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD ({exc})") from None
    return text


def day_start(text: str) -> float:
    d = date.fromisoformat(text)
    return datetime(d.year, d.month, d.day, tzinfo=timezone.utc).timestamp()


def to_base_fn(policy: Any, unlisted: dict[str, int] | None = None) -> Callable[[float, str | None], float]:
    """Amount → policy currency with the policy's own [fx] table (unknown: 1:1 with EUR),
    so amounts in many currencies add up to one fraud amount. Rows in a currency
    the table lacks are counted by currency in `unlisted`: their amounts are off by
    orders of magnitude for most currencies, and the policy's one-time warning is
    hidden by the replay's logging (only the rows that miss pay for the count)."""
    cfg = policy.config
    base = cfg.fx[cfg.currency]
    factors = {c: r / base for c, r in cfg.fx.items()}
    unknown = 1.0 / base
    misses = unlisted if unlisted is not None else {}

    def to_base(amount: float, currency: str | None) -> float:
        if currency is None:
            return amount
        f = factors.get(currency)
        if f is None:
            misses[currency] = misses.get(currency, 0) + 1
            return amount * unknown
        return amount * f

    return to_base


def unlisted_meta(unlisted: dict[str, int]) -> dict[str, Any]:
    """report.json's `meta.currencies_not_in_fx`: rows, per currency, and what they were taken as."""
    return {"rows": sum(unlisted.values()), "taken_as": "EUR", "currencies": dict(sorted(unlisted.items()))}


def friction_of(policy: Any) -> tuple[tuple[float, float], ...]:
    return tuple((lv.friction, lv.friction_rate) for lv in policy.levels)


class _Versions(msgspec.Struct):
    """The fields a report takes from a score answer's body as sent (API.md): the
    versions, and the limit in the payment's currency (a stored answer's too)."""

    model_version: str = ""
    policy_version: str = ""
    limit: float = math.nan


_decode_versions = msgspec.json.Decoder(_Versions)


def inprocess(engine: Any) -> tuple[ScoreCall, FeedbackCall]:
    """`score` / `feedback` over the service's Engine: the request bytes go through the
    same parser as HTTP bodies, so refused rows are refused for the same reasons."""
    from benchmarks.replay_http import iso
    from service.errors import ApiError
    from service.parse import FeedbackRequest, parse_score

    escore, efeedback = engine.score, engine.feedback
    model = engine.model
    refit_due = getattr(model, "refit_due", None)

    def score(row: Row) -> Answer:
        try:
            out = escore(parse_score(row.body))
        except ApiError as e:
            raise Rejected(e.status, e.code, e.field) from None
        if out.status != 200:
            raise Rejected(out.status, "status")
        v = _decode_versions.decode(out.body)   # the versions as the wire answer names them
        return Answer(out.p_fraud, out.level, out.degraded, out.reasons[0].code if out.reasons else "", out.replayed,
                      v.model_version, v.policy_version, " ".join(r.code for r in out.reasons), v.limit)

    def feedback(tx: str, kind: str, value: bool, ts: float) -> None:
        if kind == "auth_result":
            req = FeedbackRequest(transaction_id=tx, kind=kind, timestamp=iso(ts), passed=value)
        else:
            req = FeedbackRequest(transaction_id=tx, kind=kind, timestamp=iso(ts), is_fraud=value)
        efeedback(req, ts)
        # The service refits its local model in a worker thread between payments;
        # a replay does it in line, at the event time the service would.
        if refit_due is not None and kind == "fraud_report" and refit_due(ts):
            model.refit(ts)

    return score, feedback


class FieldHttpGateway(HttpGateway):
    """`HttpGateway` whose refusals carry the field the service named in its error
    body (`{"error": {"code", "message", "field"}}`), read only for refused rows,
    so that the HTTP path's summary says which column is wrong as in-process does.
    A key the service refuses stops the run after the first few rows, rather than
    sending the whole file to be refused row by row."""

    _last: httpx.Response | None = None
    _scored: int = 0
    _key_refused: int = 0
    KEY_REFUSALS = 5    # consecutive 401/403 answers before any success: the key, not the rows

    def _post(self, path: str, body: bytes) -> httpx.Response:
        r = super()._post(path, body)
        self._last = r
        return r

    def score(self, row: Row) -> Answer:
        self._last = None
        try:
            ans = super().score(row)
        except Rejected as rej:
            self._check_key(rej.status)
            raise Rejected(rej.status, rej.code, _error_field(self._last)) from None
        self._scored += 1
        return ans

    def _check_key(self, status: int) -> None:
        """CliError once the first KEY_REFUSALS answers were all 401/403."""
        if self._scored or status not in (401, 403):
            self._key_refused = 0
            return
        self._key_refused += 1
        if self._key_refused >= self.KEY_REFUSALS:
            what = "refused the --key (401)" if status == 401 else "does not let the --key score (403)"
            raise CliError(f"{self.client.base_url} {what} on the first {self._key_refused} rows: check --key "
                           "against the service's RISKGATE_API_KEYS")


def _error_field(r: httpx.Response | None) -> str | None:
    """The `field` of an API error body; None when there is none or no body."""
    try:
        f = r.json()["error"]["field"] if r is not None else None
    except Exception:       # not JSON, not our error shape: the code alone then
        return None
    return f if isinstance(f, str) and f else None


def _json_safe(obj: Any) -> Any:
    """Strict JSON for other programs: non-finite floats become null, numpy scalars plain."""
    if isinstance(obj, dict):
        return {k: _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_json_safe(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, (str, bytes)):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


DEFAULT_WARMUP_DAYS = 14.0


def default_warmup(run_days: float | None) -> float:
    """14 days, or a quarter of a run shorter than 28 days (whole days): a short
    export would otherwise be all warm-up and report nothing."""
    if run_days is None or run_days >= 2 * DEFAULT_WARMUP_DAYS:
        return DEFAULT_WARMUP_DAYS
    return float(math.floor(run_days / 4.0))


def _run_days(span: tuple[float, float] | None, from_date: str | None, until: str | None,
              backfill_days: float) -> float | None:
    """Days of event time the replay will score: the file's span within --from /
    --until, less what --backfill-days learns first."""
    if span is None:
        return None
    lo, hi = span
    if from_date:
        lo = max(lo, day_start(from_date))
    if until:
        hi = min(hi, day_start(until) + DAY)
    return max(0.0, (hi - lo) / DAY - max(backfill_days, 0.0))


def _first_tx_id(path: str) -> str | None:
    for row in read_rows(path):
        return row.transaction_id
    return None


def _backfill(engine: Any, path: str, start: float | None, days: float, quiet: bool,
              report_delay_s: float | None = None) -> tuple[float, dict[str, Any]]:
    """The first `days` of the file (from `start`) learned as history, as
    `python -m service.backfill` learns it into a service's store, knowing only
    the frauds reported by then; returns where the replay starts and what was
    learned."""
    from service.backfill import backfill

    if start is None:
        first = next(read_rows(path), None)
        start = first.ts if first is not None else 0.0
    stop = start + days * DAY
    counts = backfill(engine, path, start, stop, progress=not quiet, known_at=stop, report_delay_s=report_delay_s)
    return stop, {"days": days, **counts}


def refit_config(pairs: list[str], enabled: bool) -> Any:
    """`RefitConfig` from `KEY=VALUE` pairs, each value parsed as its field's
    type, so that an analyst can replay a refit setting without editing code."""
    import dataclasses

    from models.local_refit import RefitConfig

    types = {f.name: type(f.default) for f in dataclasses.fields(RefitConfig)}
    # the refits run inline here while scoring waits: every core for them (same trees)
    values: dict[str, Any] = {"enabled": enabled, "threads": os.cpu_count() or 1}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or key not in types or key == "enabled":
            raise ValueError(f"--refit {pair!r}: expected KEY=VALUE with KEY one of "
                             f"{', '.join(k for k in types if k != 'enabled')}")
        try:
            values[key] = types[key](raw)
        except ValueError:
            raise ValueError(f"--refit {pair!r}: {raw!r} is not a {types[key].__name__}") from None
    return RefitConfig(**values)


def prepare_out(out: str) -> None:
    """Create --out and check that it takes files, before any replay work: a run of
    an hour should not fail at its last step, writing its report."""
    if os.path.exists(out) and not os.path.isdir(out):
        raise CliError(f"--out {out} is an existing file, not a directory")
    try:
        os.makedirs(out, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        raise CliError(f"--out {out}: cannot write the run's files there ({exc.strerror or exc})") from None


def _gone_is_fine(func: Any, path: str, exc_info: Any) -> None:
    """rmtree's error handler: a file that vanished meanwhile is what was wanted
    (SQLite drops its -shm file when the previous run's last connection closes,
    which can fall in the middle of the removal); anything else is raised."""
    if not isinstance(exc_info[1], FileNotFoundError):
        raise exc_info[1]


def fresh_store_dir(out: str) -> str:
    """DIR/store, emptied of a previous run's store: a store that already holds the
    file's payments answers every row as an idempotent repeat, and the figures come
    out as nonsense (AUC 0.5) without an error. Only what the stores themselves
    create (riskgate.*) is removed; anything else there is refused, not deleted."""
    where = os.path.join(out, "store")
    if not os.path.lexists(where):
        return where
    if os.path.islink(where) or not os.path.isdir(where):
        raise CliError(f"{where} is not a store directory the replay made: move it away or choose another --out")
    names = os.listdir(where)
    foreign = [n for n in names if not n.startswith("riskgate.")]
    if foreign:
        raise CliError(f"{where} holds files a replay's store does not ({', '.join(sorted(foreign)[:3])}): "
                       "move them away or choose another --out")
    if names:
        shutil.rmtree(where, onerror=_gone_is_fine)
        print(f"replay: removed the previous run's store {where} (each run starts on a fresh store)",
              file=sys.stderr)
    return where


def file_identity(path: str) -> dict[str, Any]:
    """Where the file is and what it holds, for replay_compare to know one history
    reached by two paths (relative and absolute, or a copy): its real path, size
    and sha256 (a read at disk speed, a few seconds per GB)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return {"file_path": os.path.realpath(path), "file_size": os.path.getsize(path), "file_sha256": digest.hexdigest()}


def _unreadable(path: str, exc: Exception) -> CliError:
    """A read failure as the one-line error naming the file."""
    if isinstance(exc, ReplayFormatError):
        return CliError(str(exc))
    return CliError(f"{path}: cannot read it to the end (damaged or not what its name says?): {exc}")


def guarded_rows(rows: Iterator[Row], path: str) -> Iterator[Row]:
    """`rows`, with a failure to read the file half way (a damaged gzip body, a file
    cut short or changed since it was checked) turned into a `CliError` naming it.
    Only the reading is guarded: what the scorer raises does not pass through here."""
    try:
        yield from rows
    except (ReplayFormatError, *READ_ERRORS) as exc:
        raise _unreadable(path, exc) from None


def nothing_scored(trace: Trace, path: str, bounded: bool) -> str:
    """Why a run scored no row: the service's refusals by field, or no rows at all."""
    from benchmarks.replay_report import format_reasons

    if trace.rows_rejected:
        return (f"no row could be scored: the service refused all {trace.rows_rejected:,} rows of {path} "
                f"({format_reasons(trace.rejected_reasons or trace.rejected_codes, trace.rejected_samples)})")
    where = " in the --from/--until/--backfill-days range" if bounded else ""
    return f"no row could be scored: {path} has no rows{where}"


# A run whose answers are (nearly) all a service's stored answers to earlier requests
# measures that earlier run, not this policy or model: its figures are refused.
REFUSE_REPLAYED_SHARE = 0.95


def replayed_warning(trace: Trace) -> str:
    """The loud line about answers that were retries of earlier requests ("" when none):
    a service whose store already holds the file's ids answers them as it did then."""
    if not trace.replayed:
        return ""
    return (f"WARNING: {trace.replayed:,} of {len(trace):,} scored rows were answered as retries of earlier "
            "requests (header idempotent-replayed): the service's stored decisions, not this run's; its store "
            "already held these transaction_ids")


def refuse_replayed(trace: Trace, out: str) -> None:
    """CliError, and no report files, when (nearly) every answer was a stored one."""
    if len(trace) and trace.replayed >= REFUSE_REPLAYED_SHARE * len(trace):
        drop_stale_outputs(out)
        raise CliError(f"{trace.replayed:,} of {len(trace):,} rows were answered as retries of an earlier run: "
                       "start the service on a fresh RISKGATE_DATA_DIR (or Redis database) and replay again")


def training_data_warning(args: argparse.Namespace, identity: dict[str, Any]) -> str:
    """The line saying the replayed file is the one the in-process model was trained
    on ("" when not, or unknown: over HTTP the service's model is not known here):
    figures on training data flatter the model and decide nothing."""
    if args.url:
        return ""
    from models.scorer import DEFAULT_ARTEFACT_DIR, MANIFEST_FILE

    where = os.path.join(args.model or str(DEFAULT_ARTEFACT_DIR), MANIFEST_FILE)
    try:
        with open(where) as fh:
            trained = (json.load(fh).get("data") or {}).get("sha256")
    except (OSError, ValueError, AttributeError):
        return ""
    if trained != identity["file_sha256"]:
        return ""
    return (f"WARNING: {args.file} is the very file the model ({os.path.dirname(where)}) was trained on "
            "(same sha256): these figures are on training data and flatter the model")


def most_common_first(counts: dict[str, int]) -> dict[str, int]:
    """`meta.model_versions` / `meta.policy_versions`: each version the answers named and
    how many, most common first (a JSON object keeps the order)."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def drop_stale_outputs(out: str) -> None:
    """Remove a previous run's report files from `out`: a run that scored nothing
    writes none, and the old ones would be read as its figures."""
    for name in OUTPUTS:
        with contextlib.suppress(FileNotFoundError):
            os.remove(os.path.join(out, name))


def _load_policy(path: str | None) -> Any:
    from models.policy import load_policy
    from models.policy_config import PolicyError

    try:
        return load_policy(path)
    except PolicyError as exc:
        raise CliError(f"--policy {path}: {exc}" if path else f"the built-in policy: {exc}") from None


def _load_model(args: argparse.Namespace, refit_cfg: Any) -> Any:
    """The in-process model, or None for build_engine's default (the shipped one)."""
    if args.url or not (args.model or args.no_local_refit or args.refit):
        return None
    from models.scorer import ArtefactError, RiskModel

    try:
        return RiskModel.load(args.model or None, refit_cfg=refit_cfg)
    except ArtefactError as exc:
        raise CliError(f"--model {args.model}: {exc}" if args.model else f"the shipped model: {exc}") from None


def _parser() -> argparse.ArgumentParser:
    ap = _Parser(prog=PROG, description=__doc__.split("\n\n")[0])
    ap.add_argument("file", help="replay CSV (optionally .gz), API.md format")
    ap.add_argument("--policy", help="policy TOML (default: the built-in policy)")
    ap.add_argument("--no-local-refit", action="store_true",
                    help="in-process: the model never refits itself on the replay's reports (docs/models.md, "
                         "'Local refits'); the service's switch is RISKGATE_LOCAL_REFIT=0")
    ap.add_argument("--refit", action="append", default=[], metavar="KEY=VALUE",
                    help="in-process: a local refit setting (a field of models.local_refit.RefitConfig, e.g. "
                         "min_pos=100); repeatable")
    ap.add_argument("--model", help="model artefact directory for the in-process engine (default: the shipped one, "
                                    "else the likelihood model alone)")
    ap.add_argument("--url", help="score over HTTP against this service instead of in-process")
    ap.add_argument("--key", help="bearer key for --url")
    ap.add_argument("--out", default="replay-out", help="output directory (default: replay-out)")
    ap.add_argument("--warmup-days", type=days_arg, default=None,
                    help="scored and learned, not counted (default 14, or a quarter of a run shorter than 28 days)")
    ap.add_argument("--backfill-days", type=days_arg, default=0.0,
                    help="learn the first N days as the bank's history (python -m service.backfill: no "
                         "decisions), then replay the rest; in-process only")
    ap.add_argument("--from", dest="from_date", type=date_arg, help="first UTC date to replay (YYYY-MM-DD)")
    ap.add_argument("--until", type=date_arg, help="last UTC date to replay, inclusive (YYYY-MM-DD)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the challenge draws")
    ap.add_argument("--auth-delay", type=seconds_arg, default=30.0, help="seconds from score to auth_result")
    ap.add_argument("--report-delay-days", type=days_arg, default=None,
                    help="report each fraud row that has no fraud_reported_at this many days after its payment "
                         "(default: never, as the file says)")
    ap.add_argument("--store", choices=("memory", "embedded", "lmdb"), default="memory",
                    help="in-process profile store (embedded = SQLite under DIR/store, lmdb = LMDB there; a "
                         "previous run's store there is removed first)")
    ap.add_argument("--handbook", action="store_true", help="also report the handbook protocol")
    ap.add_argument("--no-plots", action="store_true")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = _parser()
    args = ap.parse_args(argv)
    with removed_if_left_empty(args.out) as failed:     # a failed run leaves no empty --out behind
        try:
            status = replay(ap, args)
        except CliError as exc:
            ap.error(str(exc))
        except KeyboardInterrupt:
            print(f"{PROG}: interrupted", file=sys.stderr)
            status = 130
        if status:
            failed()
        return status


def replay(ap: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """The run `main` parsed: 0 with a report, 1 when no row could be scored;
    mistakes raise CliError (or exit through ap.error) before any replay work."""
    if args.url and not args.key:
        ap.error("--url needs --key")
    if args.url and args.backfill_days:
        ap.error("--backfill-days is in-process only (against a service, run python -m service.backfill first, "
                 "with --until and --reports-until the day the replay starts)")
    if args.from_date and args.until and day_start(args.from_date) > day_start(args.until):
        ap.error(f"--from {args.from_date} is after --until {args.until}: no day to replay")
    try:
        refit_cfg = refit_config(args.refit, enabled=not args.no_local_refit)
    except ValueError as exc:
        ap.error(str(exc))
    prepare_out(args.out)
    policy = _load_policy(args.policy)
    model = _load_model(args, refit_cfg)
    try:
        span = check_file(args.file)
        identity = file_identity(args.file)
    except (ReplayFormatError, *READ_ERRORS) as exc:
        raise _unreadable(args.file, exc) from None
    run_days = _run_days(span, args.from_date, args.until, args.backfill_days)
    if args.backfill_days and run_days is not None and run_days <= 0:
        ap.error(f"--backfill-days {args.backfill_days:g} covers the whole run "
                 f"({_run_days(span, args.from_date, args.until, 0.0):.1f} days): nothing would be replayed")
    if args.warmup_days is None:
        args.warmup_days = default_warmup(run_days)
        if args.warmup_days < DEFAULT_WARMUP_DAYS:
            print(f"replay: the run spans {run_days:.1f} days; warm-up {args.warmup_days:g} days instead of "
                  f"{DEFAULT_WARMUP_DAYS:g} (--warmup-days to choose)", file=sys.stderr)
    elif run_days is not None and args.warmup_days >= run_days:
        ap.error(f"--warmup-days {args.warmup_days:g} covers the whole run ({run_days:.1f} days): nothing would be "
                 "counted")
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("riskgate.replay").setLevel(logging.WARNING)    # the file's own notes (replay_rows)

    unlisted: dict[str, int] = {}
    issues = FileIssues(args.file)    # duplicate rows, odd labels and report times, said at the end
    to_base = to_base_fn(policy, unlisted)
    friction = friction_of(policy) if len(policy.levels) == 5 else DEFAULT_FRICTION
    start = day_start(args.from_date) if args.from_date else None
    end = day_start(args.until) + DAY if args.until else None
    delay_s = None if args.report_delay_days is None else args.report_delay_days * DAY
    cfg = GatewayConfig(auth_delay_s=args.auth_delay, seed=args.seed, report_delay_s=delay_s)

    with contextlib.ExitStack() as done:
        if args.url:
            gw = FieldHttpGateway(args.url, args.key)
            done.callback(gw.close)
            score, feedback = gw.score, gw.feedback
            engine = None
            mode = f"http {args.url}"
        else:
            from service.runtime import build_engine
            from service.store.lmdb_store import LmdbStore
            from service.store.memory import MemoryStore
            from service.store.sqlite import EmbeddedStore

            if args.store == "memory":
                store = MemoryStore()
            else:
                where = fresh_store_dir(args.out)
                store = EmbeddedStore(where) if args.store == "embedded" else LmdbStore(where)
            done.callback(store.close)
            engine = build_engine(store, policy=policy, model=model)
            score, feedback = inprocess(engine)
            mode = f"in-process ({args.store} store)"

        backfilled = None
        if args.backfill_days > 0 and engine is not None:
            try:
                start, backfilled = _backfill(engine, args.file, start, args.backfill_days, quiet=args.quiet,
                                              report_delay_s=delay_s)
            except (ReplayFormatError, *READ_ERRORS) as exc:
                raise _unreadable(args.file, exc) from None
        progress = None
        if not args.quiet:
            from tqdm import tqdm

            bar = done.enter_context(tqdm(unit=" rows", unit_scale=True, mininterval=1.0, file=sys.stderr,
                                          desc="replay"))
            progress = bar.update
        rows = guarded_rows(read_rows(args.file, start, end, issues=issues), args.file)
        trace = run(rows, score, feedback, cfg, to_base, progress)

    for line in issues.lines():
        print(f"replay: {line}", file=sys.stderr)
    if not len(trace):
        drop_stale_outputs(args.out)
        bounded = bool(args.from_date or args.until or backfilled)
        print(f"{PROG}: error: {nothing_scored(trace, args.file, bounded)}", file=sys.stderr)
        return 1

    refuse_replayed(trace, args.out)
    warnings = [w for w in (replayed_warning(trace), training_data_warning(args, identity)) if w]
    for w in warnings:
        print(f"replay: {w}", file=sys.stderr)
    from benchmarks.replay_report import build_report, format_table

    meta = {"file": args.file, **identity, "mode": mode, "policy": policy.version, "model": args.model,
            "seed": args.seed, "from": args.from_date, "until": args.until, "auth_delay_s": args.auth_delay,
            "genuine_pass": list(cfg.genuine_pass), "backfill": backfilled,
            "report_delay_days": args.report_delay_days, "fraud_rows_without_report_time": trace.fraud_unreported,
            "currencies_not_in_fx": unlisted_meta(unlisted), "file_issues": issues.lines(),
            "model_versions": most_common_first(trace.model_versions),
            "policy_versions": most_common_first(trace.policy_versions),
            "idempotent_replayed": trace.replayed, "warnings": warnings}
    if trace.fraud_unreported and args.report_delay_days is None:
        print(f"replay: {trace.fraud_unreported:,} of {trace.fraud_rows:,} fraud rows have no fraud_reported_at and "
              "were never reported to the scorer (no local refits or online learning from them); "
              "--report-delay-days N reports them N days after the payment", file=sys.stderr)
    local = getattr(getattr(engine, "model", None), "local", None) if not args.url else None
    if local is not None:
        meta["local_refits"] = list(local.history)
    challenge = getattr(engine, "challenge", None) if not args.url else None
    if challenge is not None and challenge.cfg.enabled:
        challenge.refresh()
        meta["challenge_calibration"] = {"outcomes": challenge.outcomes, "max_shift": challenge.max_shift(),
                                         "shifts": [s for s, _f in challenge.table]}
    report, arrays, mask = build_report(trace, warmup_days=args.warmup_days, friction=friction,
                                        genuine=cfg.genuine_pass, cold_start_n=cfg.cold_start_n, meta=meta)
    if args.handbook or (_first_tx_id(args.file) or "").startswith("hb-"):
        from benchmarks.replay_handbook import handbook_report

        report["handbook"] = handbook_report(arrays["ts"], arrays["customer"], arrays["p"], arrays["label"],
                                             os.path.dirname(os.path.abspath(args.file)))
    plots = not args.no_plots and len(arrays["ts"])
    if plots:
        from benchmarks.replay_frontier import frontier

        points = frontier(policy, arrays["p"], arrays["label"], arrays["amount"], arrays["u"], arrays["attacker"], mask,
                          genuine=cfg.genuine_pass)
        report["frontier"] = points
    table = format_table(report)
    from benchmarks.replay_decisions import write_decisions

    write_decisions(os.path.join(args.out, "decisions.csv.gz"), trace, mask)
    with open(os.path.join(args.out, "report.json"), "w") as fh:
        json.dump(_json_safe(report), fh, indent=2, allow_nan=False)
    with open(os.path.join(args.out, "report.txt"), "w") as fh:
        fh.write(table + "\n")
    if plots:
        # the figures after the report: a plot that fails (a review found a file with only
        # frauds labelled crash plot_frontier) costs the figures, never the replay's report
        from benchmarks import replay_plots

        try:
            replay_plots.write_plots(args.out, report, points, arrays["latency_s"], arrays["p"][mask],
                                     arrays["label"][mask])
        except Exception as exc:  # noqa: BLE001 - any plotting failure; the report is written
            print(f"replay: the plots could not be drawn ({type(exc).__name__}: {exc}); report.json, "
                  "report.txt and decisions.csv.gz are written", file=sys.stderr)
            for name in OUTPUTS:    # no earlier run's figure left beside this run's report
                if name.endswith(".png"):
                    with contextlib.suppress(FileNotFoundError):
                        os.remove(os.path.join(args.out, name))
    print(table)
    print(f"\nwrote {os.path.join(args.out, 'report.json')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
