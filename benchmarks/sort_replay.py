"""Sort a replay file by timestamp: `python -m benchmarks.sort_replay IN OUT`.

The replay, training and the backfill read a file as history in event time and
refuse one that is out of order (`service.replay_format.check_file`). Exports
often are: concatenated train and test files, rows grouped by customer. This
writes the same rows and columns, in timestamp order (stable: rows of equal
time keep their order), gzip when OUT ends in .gz. A row whose time does not
parse cannot be placed: they are counted, named and put last (the service
refuses them); a file where at least MAX_UNREADABLE_SHARE of them do not parse
(times written 06/08/2018, say) is refused, since "sorting" it would leave its
rows as they were and report success. It holds the file in memory: about 1 GB
for the 1.75 million rows of the handbook data.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import math
import sys
import time

from service.replay_format import READ_ERRORS, ReplayFormatError, header_index, open_text, parse_iso, unreadable

# From this share of rows whose time does not parse the file is refused, not sorted:
# its times are in another format, not a few damaged cells.
MAX_UNREADABLE_SHARE = 0.5


def _ts(cell: str) -> float:
    ts = parse_iso(cell)
    return math.inf if ts != ts else ts       # a time that does not parse goes last


def _unparsed(header: list[str], i_ts: int, rows: list[list[str]], keys: list[float], src: str) -> str:
    """The note on rows whose time does not parse ("" when none); a `ReplayFormatError`
    when they are at least MAX_UNREADABLE_SHARE of the file. Named by their first
    value and row, for the person to see the format."""
    bad = [i for i, k in enumerate(keys) if k == math.inf]
    if not bad:
        return ""
    first = rows[bad[0]][i_ts] if len(rows[bad[0]]) > i_ts else ""
    what = (f"{len(bad):,} of {len(rows):,} rows have a {header[i_ts].strip()} that is not an ISO time "
            f"(e.g. {first!r}, data row {bad[0] + 1})")
    if len(bad) >= MAX_UNREADABLE_SHARE * len(rows):
        raise ReplayFormatError(f"{src}: {what}: cannot sort it; write the times as ISO 8601 "
                                "(2018-08-06T10:00:00Z) first")
    return f"{what}: put last, where the replay refuses them"


def _read(src: str) -> tuple[list[str], int, list[list[str]]]:
    """(header, timestamp column, rows) of `src`; a file that cannot be read is a
    `ReplayFormatError` naming it (the decoder's own words do not: "Not a gzipped
    file (b'tr')" with two files on the command line)."""
    try:
        with open_text(src) as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            i_ts = header_index(header, src)["timestamp"]
            return header, i_ts, [cells for cells in reader if cells]
    except READ_ERRORS as exc:
        raise unreadable(src, exc) from None


def _write(dst: str, header: list[str], rows: list[list[str]]) -> None:
    try:
        raw = gzip.open(dst, "wb") if dst.endswith(".gz") else open(dst, "wb")
        with io.TextIOWrapper(raw, encoding="utf-8", newline="") as out:
            w = csv.writer(out, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
    except READ_ERRORS as exc:
        raise ReplayFormatError(f"{dst}: cannot write the sorted copy there: {exc}") from None


def sort_file(src: str, dst: str) -> tuple[int, str]:
    """Write `src`'s rows to `dst` in timestamp order; returns the number of rows and
    the note on rows whose time does not parse ("" when none). Refused, with nothing
    written, when too many do not parse."""
    header, i_ts, rows = _read(src)
    keys = [_ts(cells[i_ts]) if len(cells) > i_ts else math.inf for cells in rows]
    note = _unparsed(header, i_ts, rows, keys, src)
    order = sorted(range(len(rows)), key=keys.__getitem__)
    _write(dst, header, [rows[i] for i in order])
    return len(rows), note


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.sort_replay", description=__doc__.split("\n\n")[0])
    ap.add_argument("src", help="replay file (CSV, optionally .gz)")
    ap.add_argument("dst", help="where to write the sorted copy (.gz: gzip)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    try:
        n, note = sort_file(args.src, args.dst)
    except ReplayFormatError as exc:      # a file, not the command line: one line, no usage
        ap.exit(2, f"{ap.prog}: error: {exc}\n")
    if note:
        print(f"sort_replay: {args.src}: {note}", file=sys.stderr)
    print(f"wrote {args.dst}: {n} rows in timestamp order ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
