"""The replay file format of API.md ("Replay files"), as read by the replay tool and
by training: one place that decides what a header must hold and what a label cell
means, so that a history exported by another program (a spreadsheet's byte-order
mark, spaces around names, "yes"/"no" labels) is read the same way by both, and a
file that cannot be a replay file is refused with the reason instead of a traceback.
"""
from __future__ import annotations

import contextlib
import csv
import gzip
import io
import os
import zlib
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterator, Sequence, TypeVar

__all__ = ["DUPLICATE_WINDOW", "READ_ERRORS", "REQUIRED_COLUMNS", "FileIssues", "RecentIds", "ReplayFormatError",
           "check_file", "header_index", "naive_as_utc", "open_text", "parse_iso", "parse_label", "read_report_time",
           "read_to_the_end", "removed_if_left_empty", "unreadable"]

# Without these a row cannot be ordered, attributed or sent (API.md's five required
# request fields); every other request field and every label column is optional
# (missing = empty cells).
REQUIRED_COLUMNS = ("transaction_id", "customer_id", "timestamp", "amount", "currency")

#: Rows back within which a repeated transaction_id is a duplicate row. An export
#: that wrote a payment twice writes it at the same time, so the window is a
#: bound on memory (~10 MB of ids), not on what is found.
DUPLICATE_WINDOW = 100_000

# What cannot be read (gzip, text, CSV): each reader turns it into a ReplayFormatError.
READ_ERRORS = (OSError, EOFError, UnicodeDecodeError, csv.Error, zlib.error)
T = TypeVar("T")

_TRUE = frozenset(("1", "1.0", "true", "t", "yes", "y"))
_FALSE = frozenset(("0", "0.0", "false", "f", "no", "n"))


class ReplayFormatError(ValueError):
    """The file is not a replay file: what is wrong, in words for the person who made it."""


def unreadable(path: str, exc: BaseException) -> ReplayFormatError:
    """A failure to open or read `path` in words: a missing file or a directory said
    as such ("damaged or not what its name says" sent people looking for damage in
    a file that was not there), anything else with the decoder's own words."""
    if isinstance(exc, FileNotFoundError):
        return ReplayFormatError(f"{path}: no such file")
    if isinstance(exc, IsADirectoryError):
        return ReplayFormatError(f"{path}: is a directory, not a replay file")
    if isinstance(exc, PermissionError):
        return ReplayFormatError(f"{path}: cannot open it (permission denied)")
    return ReplayFormatError(f"{path}: cannot read it as a replay file (damaged or not what its name says): {exc}")


@dataclass(slots=True)
class FileIssues:
    """What the readers of a replay file skipped or read as missing, for the tool
    to say when it is done. Each of these used to pass in silence and move the
    figures: a payment written twice was counted twice, a report dated before
    its payment told the model the label at once, an `is_fraud` of "2" made a
    fraud unlabelled (found by a black-box audit of the tools)."""

    path: str = ""
    duplicates: int = 0               # rows repeating a transaction_id of the last DUPLICATE_WINDOW rows: skipped
    no_label_column: bool = False     # no is_fraud column: every row unlabelled
    bad_labels: int = 0               # is_fraud cells that are neither empty nor a 0/1 word: unlabelled
    bad_label_values: list[str] = field(default_factory=list)   # the first few of them
    bad_report_times: int = 0         # fraud_reported_at cells that are not ISO times: no report time
    early_reports: int = 0            # fraud_reported_at before the payment: no report time

    def label(self, cell: str) -> int | None:
        """`parse_label`, counting a cell that is neither empty nor readable."""
        v = parse_label(cell)
        if v is None and cell.strip():
            self.bad_labels += 1
            if len(self.bad_label_values) < 5 and cell.strip() not in self.bad_label_values:
                self.bad_label_values.append(cell.strip())
        return v

    def report_time(self, cell: str, paid_ts: float) -> float | None:
        """`read_report_time`, counting what it drops."""
        ts, problem = read_report_time(cell, paid_ts)
        if problem == "unreadable":
            self.bad_report_times += 1
        elif problem == "early":
            self.early_reports += 1
        return ts

    def lines(self) -> list[str]:
        """One sentence per kind of problem found; empty when the file was clean."""
        where = f"{self.path}: " if self.path else ""
        out = []
        if self.duplicates:
            out.append(f"{where}{self.duplicates:,} rows repeat a transaction_id of an earlier row: skipped "
                       "(the service answers a repeated id as a retry, or 409; counting it would count the "
                       "payment twice)")
        if self.no_label_column:
            out.append(f"{where}no is_fraud column: every row is unlabelled (no fraud figures)")
        if self.bad_labels:
            out.append(f"{where}{self.bad_labels:,} is_fraud cells are neither 0/1 (or yes/no, true/false) nor "
                       f"empty ({', '.join(repr(v) for v in self.bad_label_values)}): those rows are unlabelled")
        if self.bad_report_times:
            out.append(f"{where}{self.bad_report_times:,} fraud_reported_at cells are not ISO times: read as no "
                       "report time (a replay's --report-delay-days N reports such frauds N days after the payment)")
        if self.early_reports:
            out.append(f"{where}{self.early_reports:,} fraud_reported_at times are before their payment: read as no "
                       "report time (a report cannot precede the payment; a replay's --report-delay-days N "
                       "reports such frauds N days after it)")
        return out


def read_to_the_end(path: str, rows: Iterator[T]) -> Iterator[T]:
    """`rows` of the file at `path`, a read error half way (a damaged gzip body, a
    file cut short or changed since `check_file` read it) raised as a
    `ReplayFormatError` naming the file: a bare zlib or EOF error says nothing
    about which file. The one guard of every reader (replay, training, backfill)."""
    try:
        yield from rows
    except READ_ERRORS as exc:
        raise ReplayFormatError(f"{path}: cannot read it to the end (damaged?): {exc}") from None


class RecentIds:
    """The transaction ids of the last `window` rows, to find duplicate rows."""

    def __init__(self, window: int = DUPLICATE_WINDOW) -> None:
        self.window = window
        self._order: deque[str] = deque()
        self._ids: set[str] = set()

    def repeated(self, transaction_id: str) -> bool:
        """True when the id is among the last `window` rows'; else remember it."""
        if transaction_id in self._ids:
            return True
        self._ids.add(transaction_id)
        self._order.append(transaction_id)
        if len(self._order) > self.window:
            self._ids.discard(self._order.popleft())
        return False


def read_report_time(cell: str, paid_ts: float) -> tuple[float | None, str | None]:
    """A `fraud_reported_at` cell → (epoch seconds or None, the problem if any:
    "unreadable" or "early"). Empty: no report, no problem. A time before the
    payment cannot be right, and taken as it is it would hand the label to the
    replay's model at once: it is dropped like an unreadable one."""
    cell = cell.strip()
    if not cell:
        return None, None
    ts = parse_iso(cell)
    if ts != ts:
        return None, "unreadable"
    if paid_ts == paid_ts and ts < paid_ts:
        return None, "early"
    return ts, None


@contextlib.contextmanager
def removed_if_left_empty(path: str) -> Iterator[Callable[[], None]]:
    """For the tools that make their --out directory up front (to know it takes files
    before an hour of work): the directories `path` needs that do not exist yet are
    removed again when the run fails and leaves them empty, so that a mistake in the
    input does not leave an empty output directory behind to be taken for a run.
    Yields `failed()`, for a run that fails by its return status, not an exception."""
    made: list[str] = []
    d = os.path.abspath(path)
    while not os.path.exists(d):
        made.append(d)
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent

    def failed() -> None:
        for m in made:                      # deepest first; rmdir leaves a directory with files alone
            try:
                os.rmdir(m)
            except OSError:
                break

    try:
        yield failed
    except BaseException:
        failed()
        raise


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
        shown = ", ".join(list(col)[:12]) + (f", … ({len(col) - 12} more)" if len(col) > 12 else "")
        raise ReplayFormatError(
            f"{where}not a replay file: no column {', '.join(missing)} in the header "
            f"({shown or 'empty'}); API.md 'Replay files' lists the columns")
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
                    _drain(fh)      # a damaged gzip member reads as rows out of order: say which it is
                    raise ReplayFormatError(
                        f"{path}: not in timestamp order (API.md, Replay files): line {line} ({cell}) comes after "
                        f"a later time ({last_cell}); sort it first: python -m benchmarks.sort_replay {path} "
                        "SORTED.csv.gz")
                last, last_cell = ts, cell
                if first is None:
                    first = ts
    except READ_ERRORS as exc:
        raise unreadable(path, exc) from None
    return None if first is None else (first, last)


def _drain(fh: io.TextIOBase) -> None:
    """Read the rest of the file: a damaged gzip stream raises here (its check
    sum or its inflating), before the order error would send its owner to sort
    a damaged file."""
    while fh.read(1 << 20):
        pass
