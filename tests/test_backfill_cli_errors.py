"""`python -m service.backfill` when something goes wrong (found by a black-box
audit): a user's mistake is one `error:` line and status 2, never a traceback; an
interrupted backfill leaves its store marked unfinished, so a re-run cannot learn
the first part twice without being told; a backfill that learned nothing leaves
the store unmarked, so the corrected run is not refused."""
from __future__ import annotations

import csv
import gzip
from pathlib import Path
from typing import Any, Iterator

import pytest

from service import backfill as bf
from service.config import Settings
from service.runtime import Runtime
from tests.test_backfill import COLS, history


def run(argv: list[str]) -> int:
    """The command's exit status, whether main returns it or exits with it."""
    try:
        return bf.main(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1


def one_error_line(err: str) -> str:
    """The single line a user's mistake prints (no usage text, no traceback)."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "error: " in lines[0] and "Traceback" not in err, err
    return lines[0]


def learned(data: Path, customer: str = "c-old") -> int:
    """Payments learned into `customer`'s profile in the store at `data`."""
    rt = Runtime(Settings(data_dir=str(data)))
    rt.start()
    try:
        view = rt.profile_view(customer)
        return 0 if view is None else int(view["profile"]["payments_learned"])
    finally:
        rt.stop()


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "data"
    monkeypatch.setenv("RISKGATE_DATA_DIR", str(d))
    monkeypatch.delenv("RISKGATE_STORE", raising=False)
    monkeypatch.delenv("RISKGATE_POLICY", raising=False)
    monkeypatch.delenv("RISKGATE_SHADOW_POLICY", raising=False)
    monkeypatch.delenv("RISKGATE_REDIS_URL", raising=False)
    return d


def test_data_dir_that_is_a_file_is_one_error_line(tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = str(history(tmp_path / "h.csv.gz"))
    data.write_text("not a directory")
    assert run([path, "--quiet"]) == 2
    assert "RISKGATE_DATA_DIR" in one_error_line(capsys.readouterr().err)
    monkeypatch.setenv("RISKGATE_DATA_DIR", str(data / "below"))      # under a file: cannot be made either
    assert run([path, "--quiet"]) == 2
    assert "RISKGATE_DATA_DIR" in one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize("variable", ["RISKGATE_POLICY", "RISKGATE_SHADOW_POLICY"])
def test_missing_or_invalid_policy_is_one_error_line(tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str], variable: str) -> None:
    path = str(history(tmp_path / "h.csv.gz"))
    monkeypatch.setenv(variable, str(tmp_path / "missing.toml"))
    assert run([path, "--quiet"]) == 2
    assert variable in one_error_line(capsys.readouterr().err)
    bad = tmp_path / "bad.toml"
    bad.write_text("this is = = not toml\n")
    monkeypatch.setenv(variable, str(bad))
    assert run([path, "--quiet"]) == 2
    assert variable in one_error_line(capsys.readouterr().err)
    assert not data.exists() or learned(data) == 0                     # refused before learning anything


def test_bad_until_date_is_one_error_line(tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(history(tmp_path / "h.csv.gz"))
    assert run([path, "--quiet", "--until", "2026-02-40"]) == 2
    assert "--until" in one_error_line(capsys.readouterr().err)


def damaged(path: Path, how: str) -> Path:
    """A gzip file whose first rows read and whose rest does not: a second gzip
    member with an invalid deflate block (zlib.error), the file cut short
    (EOFError), or bytes after the first member that are not gzip (BadGzipFile)."""
    rows = [[f"h-{i}", f"c-{i % 7}", f"2026-02-01T{i // 60:02d}:{i % 60:02d}:00Z", "20.00", "EUR", "", "", "shop",
             "0", "", ""] for i in range(600)]
    with gzip.open(path, "wt", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLS)
        w.writerows(rows)
    good = path.read_bytes()
    if how == "zlib":
        second = bytearray(gzip.compress(b"h-x,c-1,2026-02-02T00:00:00Z,1,EUR,,,,0,,\n" * 50))
        second[10] = 0xFF                                               # BFINAL=1, BTYPE=11: invalid block type
        path.write_bytes(good + bytes(second))
    elif how == "eof":
        path.write_bytes(good[: len(good) * 2 // 3])
    else:
        path.write_bytes(good + b"this is no gzip member at all")
    return path


@pytest.mark.parametrize("how", ["zlib", "eof", "badgzip"])
def test_a_file_damaged_half_way_is_one_error_line_naming_it(tmp_path: Path, data: Path, how: str,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = str(damaged(tmp_path / "h.csv.gz", how))
    assert run([path, "--quiet"]) == 2                                  # the check before any work finds it
    assert path in one_error_line(capsys.readouterr().err)
    # and so does the reading itself (a file changed after the check, a check that let it pass)
    monkeypatch.setattr(bf, "check_file", lambda p: None)
    assert run([path, "--quiet"]) == 2
    assert path in one_error_line(capsys.readouterr().err)


def interrupt_after(n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the row reader raise KeyboardInterrupt (Ctrl-C) after `n` rows."""
    real = bf.read_rows

    def rows(*a: Any, **kw: Any) -> Iterator[Any]:
        for i, row in enumerate(real(*a, **kw)):
            if i == n:
                raise KeyboardInterrupt
            yield row

    monkeypatch.setattr(bf, "read_rows", rows)


def test_an_interrupted_backfill_is_refused_until_forced(tmp_path: Path, data: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = str(history(tmp_path / "h.csv.gz"))
    with monkeypatch.context() as m:
        interrupt_after(9, m)
        assert run([path, "--quiet"]) == 130
    out = capsys.readouterr()
    assert out.err.strip() == "interrupted" and "Traceback" not in out.err
    assert learned(data) == 9
    # a re-run would learn those 9 again: refused, saying what happened and the two ways on
    assert run([path, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "did not finish" in err and path in err and "--force" in err and "fresh" in err
    assert learned(data) == 9
    # --force: knowingly learned again (9 twice), then marked done like any finished backfill
    assert run([path, "--quiet", "--force"]) == 0
    assert learned(data) == 9 + 27
    assert run([path, "--quiet"]) == 2
    assert "backfilled before" in capsys.readouterr().err


@pytest.mark.parametrize("case", ["header only", "every row refused", "until before the data"])
def test_a_backfill_that_learns_nothing_leaves_the_store_unmarked(tmp_path: Path, data: Path, case: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    good = str(history(tmp_path / "h.csv.gz"))
    argv = [good, "--quiet"]
    if case == "header only":
        empty = tmp_path / "empty.csv"
        empty.write_text(",".join(COLS) + "\n")
        argv = [str(empty), "--quiet"]
    elif case == "every row refused":
        with gzip.open(good, "rt", newline="") as f:
            rows = list(csv.reader(f))
        no_currency = tmp_path / "no-currency.csv"
        with no_currency.open("w", newline="") as f:
            w = csv.writer(f)
            w.writerow(rows[0])
            w.writerows([*r[:4], "", *r[5:]] for r in rows[1:])         # empty currency: the API refuses each
        argv = [str(no_currency), "--quiet"]
    else:
        argv += ["--until", "2026-01-15"]
    assert run(argv) == 1
    err = capsys.readouterr().err
    assert "nothing learned" in err and "not marked" in err
    if case == "every row refused":
        assert "all 29 rows refused" in err and "currency" in err          # the API's own reason
    elif case == "until before the data":
        assert "--until 2026-01-15" in err
    else:
        assert "no rows" in err
    assert run([good, "--quiet"]) == 0                                  # the corrected run is not refused
    assert learned(data) == 27


def test_a_history_with_duplicate_rows_learns_each_payment_once_and_says_so(tmp_path: Path, data: Path,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """An export that wrote a payment twice: learned once (it was learned twice)."""
    path = history(tmp_path / "h.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines(keepends=True)
    twice = tmp_path / "twice.csv"
    twice.write_text("".join(lines[:4] + lines[3:4] + lines[4:]), encoding="utf-8")
    assert run([str(twice), "--quiet"]) == 0
    assert learned(data) == 27
    assert "1 rows repeat a transaction_id" in capsys.readouterr().err


def test_a_backfill_is_refused_while_a_service_holds_the_data_dir_and_the_reverse(
        tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A running service keeps the population statistics in memory and
    overwrites what a backfill learns into its data dir (the backfill audit: a
    new customer on a known customer's device got otp instead of biometric
    after a restart): each refuses while the other holds the data dir."""
    from service.store.datadir import DataDirRefused, busy_problem

    path = str(history(tmp_path / "h.csv.gz"))
    service = Runtime(Settings(data_dir=str(data)))
    service.start()                           # a worker of a running service
    try:
        assert run([path, "--quiet"]) == 2
        assert "in use by a riskgate service" in one_error_line(capsys.readouterr().err)
        other_worker = Runtime(Settings(data_dir=str(data)))
        other_worker.start()                  # workers share it
        other_worker.stop()
    finally:
        service.stop()
    assert learned(data) == 0                 # nothing was learned by the refused run
    backfilling = Runtime(Settings(data_dir=str(data)))
    backfilling.start(exclusive=True)
    try:
        assert "in use by a backfill" in (busy_problem(str(data), exclusive=False) or "")
        with pytest.raises(DataDirRefused, match="in use by a backfill"):
            Runtime(Settings(data_dir=str(data))).start()
    finally:
        backfilling.stop()
    assert run([path, "--quiet"]) == 0        # stopped: the backfill goes ahead
    assert learned(data) == 27


def test_a_store_that_served_payments_is_not_backfilled_without_force(
        tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A first backfill into a store the service has already learned payments
    into would learn them twice when the history holds them (the audit: 41
    payments learned for 21): refused, --force goes ahead. A service that was
    started and scored nothing does not count."""
    from tests.test_backfill import score

    path = str(history(tmp_path / "h.csv.gz"))
    idle = Runtime(Settings(data_dir=str(data)))
    idle.start()
    idle.stop()
    served = Runtime(Settings(data_dir=str(data)))
    served.start()
    assert served.engine is not None and score(served.engine, "live-1", "c-new", 20.0)["auth_level"] == 0
    served.stop()                             # its population statistics snapshotted
    assert run([path, "--quiet"]) == 2
    assert "has served payments already" in capsys.readouterr().err
    assert run([path, "--quiet", "--force"]) == 0
    assert learned(data) == 27


def test_rows_in_a_currency_the_policy_cannot_convert_are_refused_and_said(
        tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Live, the shipped policy denies a currency missing from [fx]
    (UNKNOWN_CURRENCY), so its payments never complete and are never learned;
    the backfill learned them at 1:1 (the audit: 20 × 5000 XYZ made a 4,000 EUR
    payment level 0). Refused and counted, and the summary says why, with the
    field of every other refusal."""
    extra = [[f"x-{d}", "c-xyz", f"2026-02-{d:02d}T12:00:00Z", "5000", "XYZ", "phone-9", "198.51.100.99", "shop",
              "0", "", ""] for d in range(1, 21)]
    path = str(history(tmp_path / "h.csv.gz", extra))
    assert run([path, "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "27 payments learned" in out and "21 rows refused" in out
    assert "refused: 20 × currency XYZ is not in the policy's [fx] table" in out
    assert "refused: 1 × amount:" in out
    assert learned(data, "c-xyz") == 0


def test_the_service_says_at_start_that_a_backfill_did_not_finish(
        tmp_path: Path, data: Path, caplog: pytest.LogCaptureFixture) -> None:
    import json
    import logging

    rt = Runtime(Settings(data_dir=str(data)))
    rt.start(exclusive=True)
    assert rt.store is not None
    rt.store.put_blob(bf.BLOB_BACKFILL, json.dumps({"state": bf.IN_PROGRESS, "file": "h.csv.gz",
                                                    "started": "2026-03-01T00:00:00Z"}).encode())
    rt.stop()
    with caplog.at_level(logging.WARNING, logger="riskgate"):
        service = Runtime(Settings(data_dir=str(data)))
        service.start()
        service.stop()
    assert any("did not finish" in r.getMessage() and "h.csv.gz" in r.getMessage() for r in caplog.records)


def test_history_imported_in_parts_with_since_learns_each_payment_once(
        tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bank importing its history month by month: the second part needed
    --force, which learned the first again (the audit: 31 payments learned for
    20). --since after the last payment learned goes ahead; one that overlaps is
    refused, saying from when the next part may start."""
    path = str(history(tmp_path / "h.csv.gz"))
    assert run([path, "--quiet", "--until", "2026-02-14"]) == 0
    assert learned(data) == 14
    capsys.readouterr()
    assert run([path, "--quiet"]) == 2
    assert "give --since a date after its last payment (2026-02-14, UTC)" in capsys.readouterr().err
    assert run([path, "--quiet", "--since", "2026-02-10"]) == 2          # overlaps what was learned
    assert run([path, "--quiet", "--since", "2026-02-15"]) == 0
    assert learned(data) == 27
    capsys.readouterr()
    assert run([path, "--quiet", "--since", "2026-02-20", "--until", "2026-02-19"]) == 2
    assert "is after --until" in one_error_line(capsys.readouterr().err)


def test_since_is_refused_once_the_service_has_scored_and_force_never_moves_the_last_payment_back(
        tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A review of --since: a part imported after the service went live could
    hold payments it scored (learned twice): refused by the decision records;
    a --force run of an earlier part must not let an overlapping --since
    through later; a --since after the file's end says so."""
    from tests.test_backfill import score

    path = str(history(tmp_path / "h.csv.gz"))
    assert run([path, "--quiet", "--since", "2026-02-10"]) == 0
    assert run([path, "--quiet", "--force", "--until", "2026-02-05"]) == 0
    capsys.readouterr()
    assert run([path, "--quiet", "--since", "2026-02-06"]) == 2      # Feb 10-27 were learned already
    assert "(2026-02-27, UTC)" in capsys.readouterr().err
    assert run([path, "--quiet", "--since", "2026-03-05"]) == 1
    assert "no rows from --since 2026-03-05 on (the file ends on 2026-02-27)" in capsys.readouterr().err
    served = Runtime(Settings(data_dir=str(data)))
    served.start()
    assert served.engine is not None and score(served.engine, "live-1", "c-old", 20.0)["auth_level"] == 0
    served.stop()
    assert run([path, "--quiet", "--since", "2026-02-28"]) == 2
    assert "has served payments already (1 decisions recorded)" in capsys.readouterr().err


def test_a_start_that_fails_lets_the_data_dir_go(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lock is released when start fails after taking it, so the process
    (a test, an app whose start-up failed) is not refused later (a review)."""
    import service.runtime as runtime

    def unreadable(*a: Any, **k: Any) -> Any:
        raise OSError("hash key unreadable")

    with monkeypatch.context() as m:
        m.setattr(runtime.DeriveContext, "create", unreadable)
        with pytest.raises(OSError, match="unreadable"):
            Runtime(Settings(data_dir=str(data))).start(exclusive=True)
    service = Runtime(Settings(data_dir=str(data)))
    service.start()
    service.stop()
