"""The replay file format of API.md ("Replay files"), as read by the replay tool and
by training: one place that decides what a header must hold and what a label cell
means, so that a history exported by another program (a spreadsheet's byte-order
mark, spaces around names, "yes"/"no" labels) is read the same way by both, and a
file that cannot be a replay file is refused with the reason instead of a traceback.
"""
from __future__ import annotations

import csv
import gzip
import io
from datetime import datetime, timezone
from typing import Sequence

__all__ = ["REQUIRED_COLUMNS", "ReplayFormatError", "check_file", "header_index", "naive_as_utc", "open_text",
           "parse_iso", "parse_label"]

# Without these a row cannot be ordered, attributed or sent; every other request
# field and every label column is optional (missing = empty cells).
REQUIRED_COLUMNS = ("transaction_id", "customer_id", "timestamp", "amount")

_TRUE = frozenset(("1", "1.0", "true", "t", "yes", "y"))
_FALSE = frozenset(("0", "0.0", "false", "f", "no", "n"))


class ReplayFormatError(ValueError):
    """The file is not a replay file: what is wrong, in words for the person who made it."""


def header_index(header: Sequence[str], path: str = "") -> dict[str, int]:
    """Column name → position. Names are stripped of a UTF-8 byte-order mark and of
    surrounding spaces; a missing required column is a `ReplayFormatError`."""
    col: dict[str, int] = {}
    for i, name in enumerate(header):
        name = name.lstrip("\ufeff").strip()
        if name and name not in col:
            col[name] = i
    missing = [c for c in REQUIRED_COLUMNS if c not in col]
    if missing:
        where = f"{path}: " if path else ""
        raise ReplayFormatError(
            f"{where}not a replay file: no column {', '.join(missing)} in the header "
            f"({', '.join(list(col)[:12]) or 'empty'}); API.md 'Replay files' lists the columns")
    return col


def parse_label(cell: str | None) -> int | None:
    """`is_fraud` cell → 1, 0, or None (empty or unreadable: unlabelled, never
    guessed as genuine)."""
    v = (cell or "").strip().lower()
    if v in _TRUE:
        return 1
    if v in _FALSE:
        return 0
    return None


def naive_as_utc(value: str) -> str | None:
    """A file's time without a zone ("2019-01-01 00:00:18", as many exported
    datasets write it) with an explicit UTC offset; None when the cell needs
    nothing (it has a zone, or it does not parse: the service then refuses it
    with its own message). Why here and not in the API, which refuses a naive
    time: a live gateway's local clock is ambiguous, but a file converted from
    a dataset has one clock for every row, so reading it as UTC moves every
    payment by the same offset and keeps each customer's habits intact, where
    refusing it would refuse the whole file."""
    if not value or value[-1] in "Zz":
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    if dt.tzinfo is not None:
        return None
    return dt.replace(tzinfo=timezone.utc).isoformat()


def parse_iso(value: str) -> float:
    """A file's ISO time → epoch seconds, a time without a zone read as UTC
    (`naive_as_utc`); nan for a cell that does not parse (the service refuses
    that row with its own message)."""
    try:
        return datetime.fromisoformat(naive_as_utc(value) or value).timestamp()
    except ValueError:
        return float("nan")


def open_text(path: str) -> io.TextIOBase:
    """The file as text (gzip when the name ends in .gz); a UTF-8 byte-order mark
    is dropped, line ends are left to the csv reader."""
    if path.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def check_file(path: str) -> tuple[float, float] | None:
    """Refuse, before any work, a file that cannot be read (missing, not gzip, not
    UTF-8 text), has no replay header, or is not in timestamp order:
    `ReplayFormatError` naming the file. Returns the first and last time of the
    file (epoch seconds; None when no row has a time), for the caller to size
    what it does to the file's span. Why the order is checked up front: every
    reader streams the file as history (profiles learn, reports arrive, `--until`
    stops at the first later row), so an unsorted file would not fail, it would
    give quietly wrong figures; a full scan of the timestamp column costs about a
    second per million rows."""
    try:
        with open_text(path) as fh:
            reader = csv.reader(fh)
            col = header_index(next(reader, []), path)
            i_ts = col["timestamp"]
            first, last, last_cell, line = None, float("-inf"), "", 1
            for line, cells in enumerate(reader, 2):
                if len(cells) <= i_ts:
                    continue
                cell = cells[i_ts]
                ts = parse_iso(cell)
                if ts != ts:
                    continue        # nan: the service refuses that row with its own message
                if ts < last:
                    raise ReplayFormatError(
                        f"{path}: not in timestamp order (API.md, Replay files): line {line} ({cell}) comes after "
                        f"a later time ({last_cell}); sort it first: python -m benchmarks.sort_replay {path} "
                        "SORTED.csv.gz")
                last, last_cell = ts, cell
                if first is None:
                    first = ts
    except (OSError, EOFError, UnicodeDecodeError, csv.Error) as exc:
        raise ReplayFormatError(f"{path}: cannot read it as a replay file: {exc}") from None
    return None if first is None else (first, last)
