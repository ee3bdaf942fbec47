"""`python -m models.train` when something goes wrong (found by a black-box audit):
a mistake in the options is one `error:` line and status 2 before any work (an
`--out` that cannot take the artefact used to fail after the whole fit, losing
the run and its report); a negative label delay, which let the test period
overlap training and reported a leaked AUC as validation, is refused; a damaged
file names itself; Ctrl-C is `interrupted`, status 130, and leaves no half-written
features cache behind."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import models.train as mt
from tests.test_backfill_cli_errors import damaged, one_error_line
from tests.test_train import write_history

PERIODS = {"--train-start": "2026-01-10", "--train-end": "2026-01-18", "--test-start": "2026-01-20",
           "--test-end": "2026-01-25"}


def status(argv: list[str]) -> int | str | None:
    """The exit status of the command (it ends by SystemExit on every error)."""
    with pytest.raises(SystemExit) as exc:
        mt.main(argv)
    return exc.value.code


@pytest.fixture
def data(tmp_path: Path) -> str:
    p = tmp_path / "h.csv.gz"
    write_history(p, customers=4, days=25)
    return str(p)


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the history is the first work: an option error must come before it."""
    def read(args: Any) -> Any:
        raise AssertionError("the history was read before the options were checked")

    monkeypatch.setattr(mt, "_features", read)


def periods(**bad: str) -> list[str]:
    out = []
    for opt, day in PERIODS.items():
        out += [opt, bad.get(opt.strip("-").replace("-", "_"), day)]
    return out


@pytest.mark.parametrize("option", ["--train-start", "--train-end", "--test-start", "--test-end", "--skip-before",
                                    "--keep-from", "--stop-at"])
def test_a_date_that_is_no_date_is_one_error_line(tmp_path: Path, data: str, no_work: None, option: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--data", data, "--out", str(tmp_path / "m"), "--quiet"]
    if option in PERIODS:
        argv += periods(**{option.strip("-").replace("-", "_"): "2026-01-40"})
    else:
        argv += [option, "2026-01-40"]
    assert status(argv) == 2
    line = one_error_line(capsys.readouterr().err)
    assert option in line and "2026-01-40" in line


def test_periods_out_of_order_are_refused(tmp_path: Path, data: str, no_work: None,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--data", data, "--out", str(tmp_path / "m"), "--quiet"]
    assert status(argv + periods(test_start="2026-01-15")) == 2          # test inside training: a leaked AUC
    assert "--test-start" in one_error_line(capsys.readouterr().err)
    assert status(argv + periods(train_end="2026-01-09")) == 2
    assert "--train-end" in one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize("option,value", [("--label-delay-days", "-5"), ("--label-delay-days", "nan"),
                                          ("--label-delay-days", "inf"), ("--calib-frac", "-0.1"),
                                          ("--warmup-frac", "1.5"), ("--test-frac", "-1"),
                                          ("--customer-frac", "0"), ("--max-iter", "0"),
                                          ("--learning-rate", "-0.1"), ("--max-features", "2")])
def test_negative_or_meaningless_numbers_are_refused(tmp_path: Path, data: str, no_work: None, option: str,
                                                     value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert status(["--data", data, "--out", str(tmp_path / "m"), "--quiet", option, value]) == 2
    assert option in one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_out_that_cannot_be_a_directory_is_refused_before_any_work(tmp_path: Path, data: str, no_work: None,
                                                                   where: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "taken"
    f.write_text("")
    out = f if where == "a file" else f / "model"
    assert status(["--data", data, "--out", str(out), "--quiet"]) == 2
    assert "--out" in one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize("option", ["--plot", "--features-cache"])
def test_other_outputs_in_a_missing_directory_are_refused_before_any_work(tmp_path: Path, data: str,
                                                                          no_work: None, option: str,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--data", data, "--out", str(tmp_path / "m"), "--quiet", option, str(tmp_path / "no-dir" / "x")]
    assert status(argv) == 2
    assert option in one_error_line(capsys.readouterr().err)


def test_out_is_made_before_the_history_is_read(tmp_path: Path, data: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "new" / "model"

    def read(args: Any) -> Any:
        assert out.is_dir()
        raise SystemExit("stop here")

    monkeypatch.setattr(mt, "_features", read)
    assert status(["--data", data, "--out", str(out), "--quiet"]) == "stop here"


@pytest.mark.parametrize("how", ["zlib", "eof", "badgzip"])
def test_a_file_damaged_half_way_is_one_error_line_naming_it(tmp_path: Path, how: str,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = str(damaged(tmp_path / "h.csv.gz", how))
    argv = ["--data", path, "--out", str(tmp_path / "m"), "--quiet"]
    assert status(argv) == 2                                             # the check before any work finds it
    assert path in one_error_line(capsys.readouterr().err)
    import service.replay_format

    monkeypatch.setattr(service.replay_format, "check_file", lambda p: None)   # and so does the reading
    monkeypatch.setattr(mt, "label_problem", lambda p: None)                    # (past the label scan too)
    assert status(argv) == 2
    err = capsys.readouterr().err                                        # after the "reading ..." line
    assert path in one_error_line(err.split("feature pipeline ...", 1)[1])


def test_ctrl_c_is_interrupted_and_status_130(tmp_path: Path, data: str, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    def read(args: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(mt, "_features", read)
    assert status(["--data", data, "--out", str(tmp_path / "m"), "--quiet"]) == 130
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1] == "interrupted" and "Traceback" not in err


def test_ctrl_c_while_the_features_cache_is_written_leaves_none(tmp_path: Path, data: str,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    cache = tmp_path / "feats.npz"

    def half_write(file: Any, **arrays: Any) -> None:
        with open(file, "wb") if isinstance(file, (str, Path)) else file as f:
            f.write(b"PK\x03\x04 half a zip")
        raise KeyboardInterrupt

    monkeypatch.setattr(mt.np, "savez_compressed", half_write)
    argv = ["--data", data, "--out", str(tmp_path / "m"), "--quiet", "--features-cache", str(cache)]
    assert status(argv) == 130
    assert "interrupted" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.csv.gz"]   # no half cache, no empty --out


def test_training_says_what_it_read_oddly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from models.train import main as train_main
    from tests.test_replay_format import ODD

    path = tmp_path / "odd.csv"
    path.write_text(ODD, encoding="utf-8")
    try:
        train_main(["--data", str(path), "--out", str(tmp_path / "m"), "--quiet"])
    except SystemExit:
        pass                      # six rows are too few to train on: what matters is what it said first
    err = capsys.readouterr().err
    for words in ("1 rows repeat a transaction_id", "'2', 'x'", "not ISO times", "before their payment"):
        assert words in err


# ----------------------------------------------------- a second audit of the tool

def _csv(path: Path, header: str, rows: list[str]) -> str:
    path.write_text(header + "\n" + "\n".join(rows) + "\n")
    return str(path)


def test_an_unknown_feature_to_exclude_is_an_error_line_and_status_2(tmp_path: Path, data: str, no_work: None,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--data", data, "--out", str(tmp_path / "m"), "--quiet", "--exclude-features", "count_10mm"]
    assert status(argv) == 2
    cap = capsys.readouterr()
    assert cap.out == "" and "count_10mm" in one_error_line(cap.err)


@pytest.mark.parametrize("header,rows,words", [
    ("transaction_id,customer_id,timestamp,amount,currency,is_fraud",
     ["t1,c1,2026-01-01T10:00:00Z,10,EUR,1"], ["no fraud_reported_at column"]),
    ("transaction_id,customer_id,timestamp,amount,currency",
     ["t1,c1,2026-01-01T10:00:00Z,10,EUR"], ["no is_fraud and no fraud_reported_at column"]),
    ("transaction_id,customer_id,timestamp,amount,currency,is_fraud,fraud_reported_at",
     ["t1,c1,2026-01-01T10:00:00Z,10,EUR,,", "t2,c1,2026-01-02T10:00:00Z,10,EUR,0,"], ["no row is labelled fraud"]),
    ("transaction_id,customer_id,timestamp,amount,currency,is_fraud,fraud_reported_at",
     ["t1,c1,2026-01-01T10:00:00Z,10,EUR,1,", "t2,c1,2026-01-02T10:00:00Z,10,EUR,1,soon"],
     ["2 rows are labelled fraud", "none has a fraud_reported_at"]),
])
def test_a_history_that_cannot_give_a_label_is_refused_before_the_features(header: str, rows: list[str],
                                                                           words: list[str], tmp_path: Path,
                                                                           no_work: None,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path / "h.csv", header, rows)
    out = tmp_path / "new" / "m"
    assert status(["--data", path, "--out", str(out), "--quiet"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert all(w in line for w in words), line
    assert not (tmp_path / "new").exists()


def test_unreadable_times_are_named_with_counts_and_leave_no_empty_out(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    rows = [f"t{i},c{i % 3},0{1 + i % 9}/01/2026 10:00:00,10,EUR,{i % 2},2026-02-01T00:00:00Z" for i in range(30)]
    path = _csv(tmp_path / "dmy.csv", "transaction_id,customer_id,timestamp,amount,currency,is_fraud,"
                                      "fraud_reported_at", rows)
    out = tmp_path / "new" / "m"
    assert status(["--data", path, "--out", str(out), "--quiet"]) == 2
    line = one_error_line(capsys.readouterr().err.split("feature pipeline ...", 1)[1])
    assert "all 30 rows refused" in line and "timestamp: 30" in line, line
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("value", ["abc", "0", "-2"])
def test_train_threads_that_are_no_positive_integer_are_refused_before_any_work(
        tmp_path: Path, data: str, no_work: None, value: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # read only at the first tree fit, after the whole history was featurized: `abc` was a
    # ValueError traceback then, 0 and -2 passed without a word (a review)
    monkeypatch.setenv("RISKGATE_TRAIN_THREADS", value)
    out = tmp_path / "m"
    assert status(["--data", data, "--out", str(out), "--quiet"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "RISKGATE_TRAIN_THREADS" in line and repr(value) in line
    assert not out.exists()
