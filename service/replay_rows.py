"""Read a replay file (API.md "Replay files") into rows the gateway simulation feeds.

The request body is built once here, as the JSON a gateway would send, so the
in-process and HTTP paths score byte-identical requests and the service's own
validation decides which rows it refuses (the replay never pre-filters). The
label columns (`is_fraud`, `fraud_reported_at`, `scenario`) stay on the Python
side and are never sent.

A time without a zone is read as UTC (`replay_format.naive_as_utc`, which says
why) and sent with an explicit "+00:00"; the first one is logged.
"""
from __future__ import annotations

import csv
import logging
import math
import re
from dataclasses import dataclass
from typing import Iterator

import msgspec

from service.replay_format import (FileIssues, RecentIds, header_index, naive_as_utc, open_text, parse_iso,
                                   read_to_the_end)

__all__ = ["Row", "read_rows", "parse_iso", "request_number"]

REQUEST_TEXT = ("transaction_id", "customer_id", "timestamp", "currency", "channel", "ip", "device_id",
                "user_agent", "country", "city", "payee_id")
REQUEST_NUMBERS = ("amount", "lat", "lon")
LABELS = ("is_fraud", "fraud_reported_at", "scenario")

_encode = msgspec.json.encode
log = logging.getLogger("riskgate.replay")
_told_naive: set[str] = set()   # files whose zone-less times were already reported (a replay reads a file twice)


@dataclass(slots=True)
class Row:
    """One historical payment: the wire body plus what only the replay may know."""

    body: bytes
    transaction_id: str
    customer_id: str
    ts: float  # event time, epoch seconds (nan when the timestamp does not parse)
    amount: float  # in the payment's currency (nan when not a number)
    currency: str | None
    payee_id: str | None
    device_id: str | None
    is_fraud: int | None  # None = unlabelled (empty cell): scored, never counted in label metrics
    reported_ts: float | None  # when the fraud became known; None = never reported
    scenario: str | None


#: A number as JSON writes it (RFC 8259), ASCII digits only: what a gateway can send.
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def request_number(cell: str) -> float | str:
    """A number cell as the gateway's JSON would carry it: a float when the cell is a
    finite JSON number, else the text as-is, which the service refuses (422 naming the
    field) and the replay counts as a rejected row. float() alone also read `nan`, `inf`,
    `1e999`, `1_000` and ` 10 `, and the non-finite ones went out as null: a row the API
    refuses was scored as one without a location (a review). Training reads cells the
    same way (models/dataset.py)."""
    if _JSON_NUMBER.fullmatch(cell):
        value = float(cell)
        if math.isfinite(value):
            return value
    return cell


def read_rows(path: str, start_ts: float | None = None, end_ts: float | None = None,
              issues: FileIssues | None = None) -> Iterator[Row]:
    """Rows in file order (the format requires timestamp order), optionally bounded
    to [start_ts, end_ts) by event time so a long file can be replayed in part.
    A row repeating a recent row's transaction_id is skipped; it, unreadable
    labels and report times are counted in `issues` (replay_format.FileIssues)
    for the caller to say. A file that turns out damaged half way is a
    `ReplayFormatError` naming it."""
    issues = issues if issues is not None else FileIssues(path)
    yield from read_to_the_end(path, _read_rows(path, start_ts, end_ts, issues))


def _read_rows(path: str, start_ts: float | None, end_ts: float | None, issues: FileIssues) -> Iterator[Row]:
    recent = RecentIds()
    with open_text(path) as fh:
        reader = csv.reader(fh)
        col = header_index(next(reader, []), path)
        issues.no_label_column = "is_fraud" not in col
        width = max(col.values()) + 1
        text_cols = [(n, col[n]) for n in REQUEST_TEXT if n in col]
        num_cols = [(n, col[n]) for n in REQUEST_NUMBERS if n in col]
        i_tx, i_cust, i_ts = col["transaction_id"], col["customer_id"], col["timestamp"]
        i_cur, i_payee, i_dev = col.get("currency"), col.get("payee_id"), col.get("device_id")
        i_fraud, i_rep, i_scen = col.get("is_fraud"), col.get("fraud_reported_at"), col.get("scenario")
        naive_seen = False
        for cells in reader:
            if not cells:
                continue
            if len(cells) < width:  # a short row: its missing cells are empty, the service judges the rest
                cells = cells + [""] * (width - len(cells))
            ts = parse_iso(cells[i_ts])
            if start_ts is not None and ts < start_ts:
                continue
            if end_ts is not None and ts >= end_ts:
                break
            if recent.repeated(cells[i_tx]):
                issues.duplicates += 1
                continue
            req: dict[str, object] = {}
            for name, i in text_cols:
                v = cells[i]
                if v:
                    req[name] = v
            for name, i in num_cols:
                v = cells[i]
                if v:
                    req[name] = request_number(v)
            ts_cell = cells[i_ts]
            if (utc := naive_as_utc(ts_cell)) is not None:
                req["timestamp"] = utc
                if not naive_seen:
                    naive_seen = True
                    if path not in _told_naive:
                        _told_naive.add(path)
                        log.warning("%s: timestamps without a zone (first: %r) are read as UTC", path, ts_cell)
            amount = req.get("amount")
            fraud_cell = cells[i_fraud] if i_fraud is not None else ""
            rep_cell = cells[i_rep] if i_rep is not None else ""
            yield Row(
                body=_encode(req),
                transaction_id=cells[i_tx],
                customer_id=cells[i_cust],
                ts=ts,
                amount=amount if isinstance(amount, float) else float("nan"),
                currency=(cells[i_cur] or None) if i_cur is not None else None,
                payee_id=(cells[i_payee] or None) if i_payee is not None else None,
                device_id=(cells[i_dev] or None) if i_dev is not None else None,
                is_fraud=issues.label(fraud_cell),
                reported_ts=issues.report_time(rep_cell, ts),
                scenario=(cells[i_scen] or None) if i_scen is not None else None,
            )
