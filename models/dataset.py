"""Payment history → the feature matrix the models learn from.

The features a model is trained on must be the features the service computes
live, or the model learns a world it will never see. So the history is
replayed exactly as the engine would see it, in event-time order, with
in-memory state in place of the store:
- each payment is scored (features extracted) BEFORE anything learns from it;
- every payment is observed by its entities (device, IP, network, payee);
- a genuine payment teaches the profile and the population frequencies;
- a fraud is learned too, as if it had completed (the service cannot know
  better at the time), and when its `fraud_reported_at` passes it is
  unlearned from the profile, its entities are marked as linked to fraud and
  it joins the attacker's distribution; no label is used before that time.
Rows the API would refuse (zero amounts, bad times) are skipped and counted,
using the service's own validation. Unlabelled rows are featurized (they
shape profiles) and returned with label -1, for callers to exclude.
"""
from __future__ import annotations

import csv
import heapq
import math
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

import msgspec
import numpy as np

from features.attributes import DeriveContext, derive
from features.config import DEFAULT_CONFIG, ProfileConfig
from features.extract import FEATURE_NAMES, extract
from features.payment import Payment
from features.population import PopulationFrequencies, entity_keys, mark_fraud, observe_entity
from features.profile import Profile, learn, new_profile, unlearn

if TYPE_CHECKING:
    from service.replay_format import FileIssues

__all__ = ["ReplayRow", "Dataset", "read_replay", "build_dataset", "parse_time"]

_REQUEST_TEXT = ("transaction_id", "customer_id", "timestamp", "currency", "channel", "ip", "device_id",
                 "user_agent", "country", "city", "payee_id")
_REQUEST_NUM = ("amount", "lat", "lon")


@dataclass(slots=True)
class ReplayRow:
    """One historical payment after the API's validation; `payment` is None
    when the service would have refused it (`error` says why)."""

    payment: Payment | None
    is_fraud: int | None          # None: unlabelled
    reported_ts: float | None     # when the fraud became known; None: never
    scenario: str | None
    error: str | None = None


@dataclass(slots=True)
class Dataset:
    X: np.ndarray                 # (n, len(FEATURE_NAMES)) float64
    y: np.ndarray                 # 1 fraud, 0 genuine, -1 unlabelled (ground truth of the file)
    ts: np.ndarray                # event time, epoch seconds
    customer_ids: list[str]
    extra: dict[str, Any] = field(default_factory=dict)   # reported_ts, scenario, counts


def parse_time(value: str) -> float:
    """A file's ISO time → epoch seconds; without a zone it is UTC (as the replay reads it)."""
    from service.replay_format import parse_iso

    ts = parse_iso(value)
    if ts != ts:
        raise ValueError(f"not an ISO time: {value!r}")
    return ts


def _keep_customer(customer_id: str, frac: float) -> bool:
    return zlib.crc32(customer_id.encode()) / 4294967296.0 < frac


def read_replay(path: str, *, skip_before: str | None = None, customer_frac: float = 1.0,
                issues: FileIssues | None = None) -> Iterator[ReplayRow]:
    """Rows of a replay CSV (gzip or plain), validated by the service's own
    parser so that training refuses exactly what the API refuses.
    `skip_before` (ISO date) drops earlier rows unparsed; `customer_frac`
    keeps a deterministic share of customers (whole histories, never single
    payments, so profiles stay intact). Duplicate rows, unreadable labels and
    report times are handled and counted as the replay does
    (service.replay_rows.read_rows; `issues`); a file damaged half way is a
    `ReplayFormatError` naming it."""
    from service.replay_format import FileIssues, read_to_the_end

    issues = issues if issues is not None else FileIssues(path)
    yield from read_to_the_end(path, _read_replay(path, skip_before, customer_frac, issues))


def _before(text: str, day: str, day_ts: float) -> bool:
    """Whether a row's time falls before the UTC day `day` (`--skip-before`). A time in
    UTC ("Z") or without a zone (read as UTC) compares as text, as fast as it was; one
    with an offset is parsed (a review: "01:00+05:00" on the 6th is the 5th in UTC).
    A cell that does not parse is kept, for the service's own message."""
    if text[-1:] in ("Z", "z") or (len(text) <= 19 and "+" not in text[10:] and "-" not in text[10:]):
        return text < day
    from service.replay_format import parse_iso

    return parse_iso(text) < day_ts


def _read_replay(path: str, skip_before: str | None, customer_frac: float, issues: FileIssues) -> Iterator[ReplayRow]:
    from service.errors import ApiError
    from service.parse import parse_score
    from service.replay_format import RecentIds, header_index, naive_as_utc, open_text, parse_iso
    # the replay's reading of a number cell: float() alone took `nan`, `1e999`, `1_000`,
    # which the API refuses on the wire (a review)
    from service.replay_rows import request_number

    recent = RecentIds()
    skip_ts = parse_iso(skip_before + "T00:00:00Z") if skip_before is not None else math.nan
    with open_text(path) as text:
        reader = csv.reader(text)
        col = header_index(next(reader, []), path)
        issues.no_label_column = "is_fraud" not in col
        names = sorted(col, key=col.__getitem__)
        for cells in reader:
            if not cells:
                continue
            rec = {n: (cells[col[n]] if col[n] < len(cells) else "") for n in names}
            if skip_before is not None and _before(rec.get("timestamp") or "", skip_before, skip_ts):
                continue
            if customer_frac < 1.0 and not _keep_customer(rec.get("customer_id") or "", customer_frac):
                continue
            if recent.repeated(rec["transaction_id"]):
                issues.duplicates += 1
                continue
            body: dict[str, Any] = {}
            for k in _REQUEST_TEXT:
                v = rec.get(k)
                if v:
                    body[k] = v
            utc = naive_as_utc(rec.get("timestamp") or "")
            if utc is not None:       # a file's time without a zone is UTC, as in the replay
                body["timestamp"] = utc
            for k in _REQUEST_NUM:
                v = rec.get(k)
                if v:
                    body[k] = request_number(v)
            is_fraud = issues.label(rec.get("is_fraud") or "")
            scen = (rec.get("scenario") or "").strip() or None
            try:
                payment = parse_score(msgspec.json.encode(body))
            except ApiError as exc:
                reported = issues.report_time(rec.get("fraud_reported_at") or "", parse_iso(rec["timestamp"]))
                yield ReplayRow(None, is_fraud, reported, scen, f"{exc.code}:{exc.field or ''}")
                continue
            reported = issues.report_time(rec.get("fraud_reported_at") or "", payment.ts)
            yield ReplayRow(payment, is_fraud, reported, scen)


def build_dataset(
    rows: Iterable[ReplayRow],
    *,
    keep_from: float = -math.inf,
    stop_at: float = math.inf,
    hash_key: bytes = b"riskgate-train",
    cfg: ProfileConfig = DEFAULT_CONFIG,
    progress: bool = True,
    total: int | None = None,
    to_base: Callable[[str | None], float] | None = None,
) -> Dataset:
    """Replay `rows` (sorted by timestamp) through the feature pipeline.
    Payments before `keep_from` only warm up profiles and population state
    (they are featurized and learned, but not returned); reading stops at
    the first payment at or after `stop_at`."""
    if to_base is None:  # the service converts with its policy's rates: train the same way
        from models.policy import load_policy

        to_base = load_policy(None).to_base
    dctx = DeriveContext.create(hash_key, to_base)
    freq = PopulationFrequencies()
    profiles: dict[str, Profile] = {}
    entities: dict[str, bytes] = {}
    reports: list[tuple[float, int, Any]] = []   # (reported_ts, seq, attrs)
    seq = 0
    n_features = len(FEATURE_NAMES)
    xs: list[list[float]] = []
    ys: list[int] = []
    tss: list[float] = []
    cids: list[str] = []
    reported: list[float] = []
    scenarios: list[str] = []
    skipped: dict[str, int] = {}
    n_rows = n_reports_applied = 0

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=total, unit=" payments", mininterval=1.0, smoothing=0.05)
    for row in rows:
        n_rows += 1
        if bar is not None:
            bar.update(1)
        pay = row.payment
        if pay is None:
            key = row.error or "refused"
            skipped[key] = skipped.get(key, 0) + 1
            continue
        ts = pay.ts
        if ts >= stop_at:
            break
        # Reports that became known before this payment.
        while reports and reports[0][0] <= ts:
            rts, _, a = heapq.heappop(reports)
            p = profiles.get(a.customer_id)
            if p is not None:
                unlearn(p, a, cfg)
            for k in entity_keys(a):
                entities[k] = mark_fraud(entities.get(k), rts, a.ts, a.customer_id)
            freq.observe_fraud(a)
            n_reports_applied += 1
        attrs = derive(pay, dctx)
        ekeys = entity_keys(attrs)
        prof = profiles.get(pay.customer_id)
        fs = extract(attrs, prof, {k: entities.get(k) for k in ekeys}, freq, cfg)
        if ts >= keep_from:
            v = fs.values
            if len(v) != n_features:
                raise ValueError("extract returned a vector of the wrong length")
            xs.append(v)
            ys.append(-1 if row.is_fraud is None else int(row.is_fraud))
            tss.append(ts)
            cids.append(pay.customer_id)
            reported.append(row.reported_ts if row.reported_ts is not None else math.nan)
            scenarios.append(row.scenario or "")
        new_payee = bool(fs.new_payee)
        new_device = bool(fs.new_device)
        for k in ekeys:
            entities[k] = observe_entity(entities.get(k), k, attrs, new_payee if k[0] == "p" else new_device, True)
        if prof is None:
            prof = profiles[pay.customer_id] = new_profile()
        learn(prof, attrs, cfg)
        freq.observe(attrs, fs.novelty)
        if row.is_fraud and row.reported_ts is not None:
            heapq.heappush(reports, (row.reported_ts, seq, attrs))
            seq += 1
    if bar is not None:
        bar.close()
    X = np.asarray(xs, dtype=np.float64).reshape(len(xs), n_features)
    return Dataset(
        X=X, y=np.asarray(ys, dtype=np.int64), ts=np.asarray(tss, dtype=np.float64), customer_ids=cids,
        extra={"reported_ts": np.asarray(reported, dtype=np.float64), "scenario": scenarios,
               "skipped": skipped, "rows_read": n_rows, "reports_applied": n_reports_applied,
               "customers": len(profiles)},
    )
