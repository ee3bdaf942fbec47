"""Replay files from other programs: read the same way by replay and training, or
refused with the reason (API.md "Replay files")."""
from __future__ import annotations

import gzip
import json

import pytest

from service.replay_rows import read_rows
from models.dataset import read_replay
from service.replay_format import ReplayFormatError, check_file, header_index, parse_label

# A spreadsheet export: byte-order mark, spaces around names, CRLF, a column the
# format does not know, labels as words, a short last row (its label and note
# cells missing).
EXPORT = ("\ufefftransaction_id, customer_id ,timestamp,amount,currency,is_fraud,notes\r\n"
          "t1,c1,2026-01-01T10:00:00Z,12.50,EUR,no,first\r\n"
          "t2,c1,2026-01-02T10:00:00Z,900.00,EUR,Yes,\r\n"
          "t3,c2,2026-01-02T11:00:00Z,30.00,EUR,maybe,\r\n"
          "t4,c2,2026-01-03T11:00:00Z,31.00,EUR\r\n")


@pytest.fixture()
def export(tmp_path) -> str:
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8", newline="")
    return str(path)


def test_header_names_are_cleaned_and_required_columns_checked() -> None:
    col = header_index(["\ufefftransaction_id", " customer_id ", "timestamp", "amount", "extra", "currency"])
    assert col["transaction_id"] == 0 and col["customer_id"] == 1 and col["extra"] == 4
    with pytest.raises(ReplayFormatError, match="no column customer_id, amount, currency"):
        header_index(["transaction_id", "timestamp"], "f.csv")


@pytest.mark.parametrize("cell,label", [
    ("1", 1), ("1.0", 1), ("true", 1), ("Yes", 1), (" y ", 1), ("0", 0), ("0.0", 0), ("False", 0), ("no", 0),
    ("", None), (None, None), ("maybe", None), ("2", None),
])
def test_labels_are_read_or_left_unlabelled_never_guessed(cell: str | None, label: int | None) -> None:
    assert parse_label(cell) == label


def test_replay_reads_an_export(export: str) -> None:
    rows = list(read_rows(export))
    assert [r.transaction_id for r in rows] == ["t1", "t2", "t3", "t4"]
    assert [r.is_fraud for r in rows] == [0, 1, None, None]
    assert rows[0].customer_id == "c1" and rows[3].amount == 31.0 and rows[3].currency == "EUR"
    assert set(json.loads(rows[0].body)) == {"transaction_id", "customer_id", "timestamp", "amount", "currency"}


def test_training_reads_the_same_export(export: str) -> None:
    rows = list(read_replay(export))
    assert [r.payment.transaction_id for r in rows if r.payment is not None] == ["t1", "t2", "t3", "t4"]
    assert [r.is_fraud for r in rows] == [0, 1, None, None]


def test_a_row_without_a_currency_is_refused_as_the_api_refuses_it(tmp_path) -> None:
    """currency is one of API.md's five required fields."""
    path = tmp_path / "no-currency.csv"
    path.write_text("transaction_id,customer_id,timestamp,amount,currency\n"
                    "t1,c1,2026-01-01T10:00:00Z,12.50,EUR\nt2,c1,2026-01-02T10:00:00Z,9.00,\n", encoding="utf-8")
    rows = list(read_replay(str(path)))
    assert rows[0].payment is not None and rows[1].payment is None
    assert rows[1].error == "invalid_input:currency"


# A dataset exported with times that carry no zone (Sparkov's trans_date_trans_time,
# a spreadsheet's default): one clock for the whole file.
NAIVE = ("transaction_id,customer_id,timestamp,amount,currency,is_fraud,fraud_reported_at\n"
         "n1,c1,2019-01-01 00:00:18,12.50,USD,0,\n"
         "n2,c1,2019-01-01T08:30:00,20.00,USD,1,2019-01-09 00:00:00\n"
         "n3,c2,2019-01-01T09:00:00+01:00,30.00,USD,0,\n"
         "n4,c2,2019-01-02,31.00,USD,0,\n")


def test_a_file_whose_times_carry_no_zone_is_read_as_utc_by_replay_and_training(tmp_path, caplog) -> None:
    """The API refuses a naive time (a gateway's local clock is ambiguous); a file
    has one clock for every row, so refusing it would refuse the whole file."""
    from datetime import datetime, timezone
    from service.parse import parse_score

    path = tmp_path / "naive.csv"
    path.write_text(NAIVE, encoding="utf-8")
    with caplog.at_level("WARNING", logger="riskgate.replay"):
        rows = list(read_rows(str(path)))
    utc = datetime(2019, 1, 1, tzinfo=timezone.utc).timestamp()
    assert [r.ts - utc for r in rows] == [18.0, 8.5 * 3600, 8 * 3600, 86400.0]
    assert rows[1].reported_ts == utc + 8 * 86400
    assert [json.loads(r.body)["timestamp"] for r in rows] == [
        "2019-01-01T00:00:18+00:00", "2019-01-01T08:30:00+00:00", "2019-01-01T09:00:00+01:00",
        "2019-01-02T00:00:00+00:00"]
    assert [parse_score(r.body).ts for r in rows] == [r.ts for r in rows]     # the service takes every row
    assert sum("without a zone" in m for m in caplog.messages) == 1            # said once, not per row
    trained = list(read_replay(str(path)))
    assert [r.payment.ts for r in trained if r.payment is not None] == [r.ts for r in rows]
    assert trained[1].reported_ts == rows[1].reported_ts


def test_a_file_out_of_timestamp_order_is_refused_and_the_sort_tool_mends_it(tmp_path, capsys) -> None:
    """Streamed as history, an unsorted file would not fail but give quietly wrong
    figures (profiles learning the future, `--until` stopping early)."""
    import gzip as gz
    from benchmarks.sort_replay import main as sort_main

    lines = EXPORT.replace("\ufeff", "").split("\r\n")
    shuffled = "\r\n".join([lines[0], lines[3], lines[1], lines[4], lines[2]]) + "\r\n"
    src = tmp_path / "shuffled.csv"
    src.write_text(shuffled, encoding="utf-8", newline="")
    with pytest.raises(ReplayFormatError, match=r"not in timestamp order.*line 3 .*sort_replay"):
        check_file(str(src))
    dst = tmp_path / "sorted.csv.gz"
    assert sort_main([str(src), str(dst)]) == 0
    check_file(str(dst))
    assert [r.transaction_id for r in read_rows(str(dst))] == ["t1", "t2", "t3", "t4"]
    with gz.open(dst, "rt") as fh:
        assert fh.readline().rstrip("\n").split(",")[-1] == "notes"      # every column kept
    # equal times keep their order; a time that does not parse goes last, for the service to refuse
    tie = tmp_path / "tie.csv"
    tie.write_text("transaction_id,customer_id,timestamp,amount,currency\nb,c,2026-01-02T00:00:00Z,1,EUR\n"
                   "x,c,yesterday,1,EUR\na,c,2026-01-01T00:00:00Z,1,EUR\nc,c,2026-01-02T00:00:00Z,1,EUR\n")
    assert sort_main([str(tie), str(tmp_path / "tie-sorted.csv")]) == 0
    assert "1 of 4 rows have a timestamp that is not an ISO time (e.g. 'yesterday'" in capsys.readouterr().err
    assert [ln.split(",")[0] for ln in (tmp_path / "tie-sorted.csv").read_text().split()[1:]] == ["a", "b", "c", "x"]


@pytest.mark.parametrize("content,match", [
    (b"a,b\n1,2\n", "not a replay file: no column transaction_id"),
    (b"", "not a replay file"),
    (b"\xff\xfe\x00t\x00x", "cannot read it"),
])
def test_unreadable_files_are_refused_with_the_reason(tmp_path, content: bytes, match: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(ReplayFormatError, match=match):
        check_file(str(path))


def test_a_broken_gzip_or_missing_file_is_refused(tmp_path) -> None:
    bad = tmp_path / "f.csv.gz"
    bad.write_bytes(b"\x1f\x8b not gzip")
    with pytest.raises(ReplayFormatError, match="cannot read it"):
        check_file(str(bad))
    with pytest.raises(ReplayFormatError, match="missing.csv: no such file$"):
        check_file(str(tmp_path / "missing.csv"))
    good = tmp_path / "g.csv.gz"
    with gzip.open(good, "wt", encoding="utf-8") as fh:
        fh.write(EXPORT)
    check_file(str(good))


def test_the_tools_exit_with_a_usage_error(tmp_path, capsys) -> None:
    from benchmarks.replay import main as replay_main
    from models.train import main as train_main

    path = tmp_path / "f.csv"
    path.write_text("a,b\n", encoding="utf-8")
    for run in (lambda: replay_main([str(path)]), lambda: train_main(["--data", str(path), "--out", str(tmp_path)])):
        with pytest.raises(SystemExit) as e:
            run()
        assert e.value.code == 2
        assert "not a replay file" in capsys.readouterr().err


# Rows that used to pass in silence and move the figures (a black-box audit of the tools).
ODD = ("transaction_id,customer_id,timestamp,amount,currency,is_fraud,fraud_reported_at\n"
       "d1,c1,2026-01-01T10:00:00Z,10,EUR,0,\n"
       "d2,c1,2026-01-01T11:00:00Z,900,EUR,1,2026-01-03T00:00:00Z\n"
       "d2,c1,2026-01-01T11:00:00Z,900,EUR,1,2026-01-03T00:00:00Z\n"     # written twice
       "d3,c2,2026-01-02T10:00:00Z,20,EUR,2,\n"                           # not a label
       "d4,c2,2026-01-02T11:00:00Z,800,EUR,1,soon\n"                      # not a time
       "d5,c2,2026-01-03T11:00:00Z,700,EUR,yes,2026-01-01T00:00:00Z\n"    # reported before it was paid
       "d6,c3,2026-01-04T11:00:00Z,15,EUR,x,\n")


def test_duplicate_rows_odd_labels_and_report_times_are_read_alike_and_counted(tmp_path) -> None:
    from service.replay_format import FileIssues

    path = tmp_path / "odd.csv"
    path.write_text(ODD, encoding="utf-8")
    seen = FileIssues(str(path))
    rows = list(read_rows(str(path), issues=seen))
    assert [r.transaction_id for r in rows] == ["d1", "d2", "d3", "d4", "d5", "d6"]
    assert [r.is_fraud for r in rows] == [0, 1, None, 1, 1, None]
    assert [r.reported_ts is not None for r in rows] == [False, True, False, False, False, False]
    assert (seen.duplicates, seen.bad_labels, seen.bad_report_times, seen.early_reports) == (1, 2, 1, 1)
    assert seen.bad_label_values == ["2", "x"] and not seen.no_label_column
    text = "\n".join(seen.lines())
    for words in ("1 rows repeat a transaction_id", "'2', 'x'", "not ISO times", "before their payment"):
        assert words in text
    trained = FileIssues(str(path))
    rows_t = list(read_replay(str(path), issues=trained))
    assert [r.payment.transaction_id for r in rows_t if r.payment is not None] == [r.transaction_id for r in rows]
    assert [r.is_fraud for r in rows_t] == [r.is_fraud for r in rows]
    assert [r.reported_ts for r in rows_t] == [r.reported_ts for r in rows]
    assert trained.lines() == seen.lines()
    clean = tmp_path / "clean.csv"
    clean.write_text(ODD.replace(",2,", ",0,").replace(",x,", ",0,").replace("soon", "").replace(
        "2026-01-01T00:00:00Z", "2026-01-05T00:00:00Z").replace(ODD.splitlines()[3] + "\n", ""), encoding="utf-8")
    nothing = FileIssues()      # (both d2 rows went: five rows, none odd)
    assert len(list(read_rows(str(clean), issues=nothing))) == 5 and nothing.lines() == []


def test_a_file_without_labels_says_so(tmp_path) -> None:
    from service.replay_format import FileIssues

    path = tmp_path / "nolabels.csv"
    path.write_text("transaction_id,customer_id,timestamp,amount,currency\nt1,c1,2026-01-01T10:00:00Z,1,EUR\n",
                    encoding="utf-8")
    seen = FileIssues()
    assert [r.is_fraud for r in read_rows(str(path), issues=seen)] == [None]
    assert seen.no_label_column and "no is_fraud column" in seen.lines()[0]


def test_a_damaged_gzip_is_refused_as_damaged_not_as_unsorted(tmp_path) -> None:
    """A damaged gzip either fails to inflate (zlib's error, which is not an
    OSError) or inflates to garbage caught only by the check sum at its end; rows
    out of order before that point must not send its owner to sort a damaged file."""
    rows = [f"t{i},c{i % 50},2026-01-{1 + i // 400:02d}T{i % 24:02d}:00:00Z,{10 + i % 90},EUR,0\n" for i in range(2000)]
    head = "transaction_id,customer_id,timestamp,amount,currency,is_fraud\n"
    inflate = bytearray(gzip.compress((head + "".join(sorted(rows, key=lambda r: r.split(",")[2]))).encode()))
    inflate[20:28] = b"\xff" * 8                     # "invalid ..." while inflating
    many = [f"u{i},c{i % 997},2026-02-{1 + i // 4000:02d}T{i % 24:02d}:{i % 60:02d}:00Z,{i % 89}.{i % 97},EUR,0\n"
            for i in range(100_000)]     # long enough that the order error comes before the end is inflated
    checksum = bytearray(gzip.compress((head + "".join(many[::-1])).encode(), compresslevel=1))   # out of order ...
    checksum[-8] ^= 0xFF                               # ... and its CRC-32 trailer damaged
    for name, data in (("inflate.csv.gz", inflate), ("checksum.csv.gz", checksum)):
        bad = tmp_path / name
        bad.write_bytes(bytes(data))
        with pytest.raises(ReplayFormatError, match=f"{name}: cannot read it.*damaged"):
            check_file(str(bad))
        for read in (lambda: list(read_rows(str(bad))), lambda: list(read_replay(str(bad)))):
            with pytest.raises(ReplayFormatError, match=f"{name}: cannot read it.*damaged"):
                read()


def test_a_repeated_id_is_said_to_repeat_an_earlier_row_however_far_back() -> None:
    from service.replay_format import FileIssues

    line = FileIssues("f.csv", duplicates=2).lines()[0]
    assert "2 rows repeat a transaction_id of an earlier row" in line and "shortly" not in line
