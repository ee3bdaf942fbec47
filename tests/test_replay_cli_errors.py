"""The replay command-line tools on the mistakes people make: a one-line `error:`
and status 2 instead of a traceback, a refusal to report figures made of nothing,
and no quiet reuse of the last run's store (found by a black-box audit)."""
from __future__ import annotations

import csv
import gzip
import json
import shutil
import zlib
from pathlib import Path

import httpx
import pytest

pytest.importorskip("service.runtime")

from benchmarks import replay as replay_mod  # noqa: E402
from benchmarks.replay import main as replay  # noqa: E402
from benchmarks.sort_replay import main as sort_main  # noqa: E402
from tests.test_replay_metrics import HEADER, ROWS  # noqa: E402

PROG = "python -m benchmarks.replay: error: "
QUIET = ["--warmup-days", "0", "--no-plots", "--quiet"]


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(HEADER + "\n" + "\n".join(ROWS) + "\n")
    return path


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~800 generated payments over 10 days: enough for figures that move."""
    from benchmarks.generate import main as generate

    path = tmp_path_factory.mktemp("gen") / "gen.csv.gz"
    assert generate(["--customers", "60", "--days", "10", "--seed", "1", "--out", str(path), "--quiet"]) == 0
    return path


def one_line_error(err: str, *words: str) -> str:
    """The last stderr line is the error (earlier lines are the replay's notes), and
    there is no traceback."""
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith(PROG), err
    for w in words:
        assert w in last, (w, last)
    return last


def fails(argv: list[str], capsys: pytest.CaptureFixture[str], *words: str) -> str:
    with pytest.raises(SystemExit) as e:
        replay(argv)
    assert e.value.code == 2
    return one_line_error(capsys.readouterr().err, *words)


# ----------------------------------------------------------------- 1. a fresh store

def _levels(out: Path) -> list[tuple[str, str]]:
    with gzip.open(out / "decisions.csv.gz", "rt") as fh:
        return [(d["risk_score"], d["level"]) for d in csv.DictReader(fh)]


@pytest.mark.parametrize("store", ["embedded", "lmdb"])
def test_a_rerun_into_the_same_out_dir_starts_on_a_fresh_store(store: str, generated: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    argv = [str(generated), "--out", str(out), "--store", store, "--warmup-days", "2", "--no-plots", "--quiet"]
    assert replay(argv) == 0
    first = json.loads((out / "report.json").read_text())["service"]
    levels = _levels(out)
    capsys.readouterr()
    assert replay(argv) == 0
    assert "removed the previous run's store" in capsys.readouterr().err
    again = json.loads((out / "report.json").read_text())["service"]
    assert again["auc"] == first["auc"] and again["auc"] != 0.5
    assert again["genuine_stepup_rate"] == first["genuine_stepup_rate"]
    assert _levels(out) == levels


def test_a_store_dir_holding_other_files_is_not_removed(tiny: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "out" / "store" / "notes.txt"
    mine.parent.mkdir(parents=True)
    mine.write_text("mine")
    fails([str(tiny), "--out", str(tmp_path / "out"), "--store", "embedded", *QUIET], capsys, "store")
    assert mine.read_text() == "mine"


# ------------------------------------------------------- 2. mistakes: one line, status 2

def test_a_model_that_cannot_be_used_is_a_one_line_error(tiny: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from models.scorer import DEFAULT_ARTEFACT_DIR

    base = [str(tiny), "--out", str(tmp_path / "o"), *QUIET, "--model"]
    fails(base + [str(tmp_path / "missing")], capsys, "does not exist")
    (tmp_path / "model.json").write_text("{}")
    fails(base + [str(tmp_path / "model.json")], capsys, "is a file, not a model directory")
    (tmp_path / "empty").mkdir()
    fails(base + [str(tmp_path / "empty")], capsys, "manifest.json")
    if not (DEFAULT_ARTEFACT_DIR / "model.json").exists():
        pytest.skip("no shipped model to truncate")
    cut = tmp_path / "cut"
    shutil.copytree(DEFAULT_ARTEFACT_DIR, cut)
    data = (cut / "model.json").read_bytes()
    (cut / "model.json").write_bytes(data[: len(data) // 2])
    fails(base + [str(cut)], capsys, "model.json")


def test_a_policy_that_cannot_be_used_is_a_one_line_error(tiny: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    base = [str(tiny), "--out", str(tmp_path / "o"), *QUIET, "--policy"]
    fails(base + [str(tmp_path / "missing.toml")], capsys, "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[levels\nname = ")
    fails(base + [str(bad)], capsys, "--policy")


@pytest.mark.parametrize("opt,value", [("--from", "2026-13-01"), ("--until", "yesterday"),
                                       ("--warmup-days", "-1"), ("--report-delay-days", "-2"),
                                       ("--backfill-days", "-1"), ("--warmup-days", "nan")])
def test_bad_option_values_are_refused(opt: str, value: str, tiny: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    argv = [str(tiny), "--out", str(tmp_path / "o"), "--no-plots", "--quiet", opt, value]
    fails(argv, capsys, opt, value)


def test_an_out_that_cannot_be_a_directory_is_refused_before_any_work(tiny: Path, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def no_work(*_a: object, **_k: object) -> None:
        raise AssertionError("replayed before checking --out")

    monkeypatch.setattr(replay_mod, "check_file", no_work)
    monkeypatch.setattr(replay_mod, "run", no_work)
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    fails([str(tiny), "--out", str(a_file), *QUIET], capsys, "--out", "a-file")
    fails([str(tiny), "--out", str(a_file / "sub"), *QUIET], capsys, "--out", "sub")
    assert a_file.read_text() == "x"


def test_ctrl_c_says_interrupted_and_exits_130(tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_a: object, **_k: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(replay_mod, "run", interrupted)
    assert replay([str(tiny), "--out", str(tmp_path / "o"), *QUIET]) == 130
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip().splitlines()[-1].endswith("interrupted")
    assert not (tmp_path / "o" / "report.json").exists()


def _broken_gzip(tmp_path: Path, rows: int = 3000) -> tuple[Path, Path]:
    """A gzip file cut short and one whose deflate stream is damaged half way:
    both read some rows first, then fail."""
    lines = [HEADER] + [f"t{i},c{i % 50},2026-01-01T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}Z,"
                        f"{10 + i % 97}.00,EUR,,,,,,,,,m{i % 7},0,," for i in range(rows)]
    data = gzip.compress(("\n".join(lines) + "\n").encode(), compresslevel=1)
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    damaged = tmp_path / "damaged.csv.gz"
    for at in range(len(data) // 2, len(data) - 64, 97):
        b = bytearray(data)
        b[at:at + 8] = b"\xff" * 8
        try:
            gzip.decompress(bytes(b))
        except zlib.error:
            damaged.write_bytes(bytes(b))
            break
    assert damaged.exists()
    return cut, damaged


@pytest.mark.parametrize("skip_check", [False, True])
def test_a_damaged_gzip_is_a_one_line_error_naming_the_file(skip_check: bool, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Caught where the file is checked, and (check or not) while the replay reads it."""
    if skip_check:
        monkeypatch.setattr(replay_mod, "check_file", lambda _path: (1767225600.0, 1767312000.0))
    for bad in _broken_gzip(tmp_path):
        fails([str(bad), "--out", str(tmp_path / "o"), *QUIET], capsys, bad.name)


# ------------------------------------------------------------ 3. nothing scored

@pytest.mark.parametrize("rows,reason", [
    (["t1,c1,2026-01-01T10:00:00Z,12.50,,0", "t2,c1,2026-01-02T10:00:00Z,9.00,,1"], "(currency): 2"),
    (["t1,c1,2026-01-01T10:00:00Z,12.50,eur,0", "t2,c1,2026-01-02T10:00:00Z,9.00,eur,1"],
     "(currency): 2, e.g. 'eur'"),
    (["t1,c1,yesterday,12.50,EUR,0", "t2,c1,today,9.00,EUR,0"], "(timestamp): 2"),
    ([], "no rows"),
])
def test_a_run_that_scored_nothing_says_why_and_exits_1(rows: list[str], reason: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.csv"
    path.write_text("\n".join(["transaction_id,customer_id,timestamp,amount,currency,is_fraud", *rows]) + "\n")
    out = tmp_path / "o"
    out.mkdir()
    (out / "report.json").write_text("{}")           # a previous run's: not to be read as this one's
    assert replay([str(path), "--out", str(out), "--no-plots", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert "no row could be scored" in last and reason in last, err
    assert not (out / "report.json").exists()


# ------------------------------------------------------- 4. refusals name the field

def test_refused_rows_are_summed_up_by_field(tiny: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o"
    assert replay([str(tiny), "--out", str(out), *QUIET]) == 0
    rep = json.loads((out / "report.json").read_text())
    assert rep["service"]["rejected_codes"] == {"422 invalid_input": 1}      # kept for programs that read it
    assert rep["service"]["rejected_reasons"] == {"422 invalid_input (amount)": 1}
    assert "422 invalid_input (amount): 1, e.g. 0.0" in capsys.readouterr().out
    assert rep["service"]["rejected_samples"] == {"422 invalid_input (amount)": ["0.0"]}


def test_the_http_path_reads_the_field_from_the_error_body() -> None:
    from benchmarks.replay_gateway import Rejected
    from service.errors import error_body
    from service.replay_rows import Row

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(422, content=error_body("invalid_input", "currency is required", "currency"))

    gw = replay_mod.FieldHttpGateway("http://replay.test", "k")
    gw.client = httpx.Client(base_url="http://replay.test", transport=httpx.MockTransport(answer))
    row = Row(body=b"{}", transaction_id="t1", customer_id="c1", ts=0.0, amount=1.0, currency=None, payee_id=None,
              device_id=None, is_fraud=0, reported_ts=None, scenario=None)
    with pytest.raises(Rejected) as e:
        gw.score(row)
    assert (e.value.status, e.value.code, e.value.field) == (422, "invalid_input", "currency")
    gw.close()


# ------------------------------------------- 5. currencies the policy cannot convert

def test_rows_in_currencies_missing_from_the_fx_table_are_counted_and_said(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    rows = [r.replace(",EUR,", ",XTS,") if r.startswith(("r1,", "r3,")) else r for r in ROWS]
    rows = [r.replace(",EUR,", ",XXX,") if r.startswith("r5,") else r for r in rows]
    path = tmp_path / "fx.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    out = tmp_path / "o"
    assert replay([str(path), "--out", str(out), *QUIET]) == 0
    said = "3 rows in 2 currencies not in the policy's fx table, taken 1:1 as EUR: XTS, XXX"
    assert said in capsys.readouterr().out
    assert said in (out / "report.txt").read_text()
    meta = json.loads((out / "report.json").read_text())["meta"]
    assert meta["currencies_not_in_fx"] == {"rows": 3, "taken_as": "EUR", "currencies": {"XTS": 2, "XXX": 1}}


def test_to_base_counts_only_what_it_cannot_convert() -> None:
    from models.policy import load_policy

    unlisted: dict[str, int] = {}
    to_base = replay_mod.to_base_fn(load_policy(None), unlisted)
    assert to_base(10.0, "EUR") == 10.0 and to_base(10.0, None) == 10.0
    assert to_base(10.0, "USD") == pytest.approx(8.6)
    assert to_base(10.0, "XYZ") == 10.0 and to_base(1.0, "XYZ") == 1.0
    assert unlisted == {"XYZ": 2}


# --------------------------------------------------------- 6. replay_compare

def test_compare_prints_no_change_for_runs_it_cannot_compare() -> None:
    from benchmarks.replay_compare import compare
    from tests.test_replay_compare import report

    a = report(0.9, 0.02, [(0.0, 0.8, 0.02)])
    b = report(0.3, 0.01, [(0.0, 0.2, 0.01)], seed=5)
    text = compare([a, b], ["a", "b"])
    assert "NOT COMPARABLE" in text
    assert "change" not in text and " pt" not in text and "-60.00" not in text
    assert next(x for x in text.splitlines() if x.startswith("fraud amount stopped ")).split()[-2:] == \
        ["90.00%", "30.00%"]


def test_compare_knows_one_file_by_its_content_not_its_path(tiny: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.replay_compare import compare, load_report

    copy = tmp_path / "copy" / "tiny-copy.csv.gz"
    copy.parent.mkdir()
    shutil.copyfile(tiny, copy)
    monkeypatch.chdir(tmp_path)
    for name, path in (("rel", "tiny.csv.gz"), ("abs", str(tiny)), ("copy", str(copy))):
        assert replay([path, "--out", name, *QUIET]) == 0
    reps = [load_report(str(tmp_path / n)) for n in ("rel", "abs", "copy")]
    assert reps[0]["meta"]["file_sha256"] == reps[2]["meta"]["file_sha256"]
    assert "NOT COMPARABLE" not in compare(reps, ["rel", "abs", "copy"])
    other = tmp_path / "other.csv"
    other.write_text(HEADER + "\n" + "\n".join(ROWS[:-1]) + "\n")
    assert replay([str(other), "--out", "other", *QUIET]) == 0
    assert "differ in file" in compare([reps[0], load_report(str(tmp_path / "other"))], ["a", "b"])


def test_compare_by_path_when_reports_carry_no_hash() -> None:
    from benchmarks.replay_compare import compare
    from tests.test_replay_compare import report

    a = report(0.9, 0.02, [], file="runs/../h.csv.gz", file_path="/data/h.csv.gz")
    b = report(0.9, 0.02, [], file="/data/h.csv.gz", file_path="/data/h.csv.gz")
    assert "NOT COMPARABLE" not in compare([a, b], ["a", "b"])
    c = report(0.9, 0.02, [], file="/data/h.csv.gz", file_path="/data/other.csv.gz")
    assert "differ in file" in compare([a, c], ["a", "c"])


def test_compare_usage_names_the_module_and_a_bad_plot_path_fails_up_front(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.replay_compare import main as compare_main
    from tests.test_replay_compare import report

    with pytest.raises(SystemExit):
        compare_main([str(tmp_path)])
    assert "usage: python -m benchmarks.replay_compare" in capsys.readouterr().err
    for n in ("a", "b"):
        (tmp_path / f"{n}.json").write_text(json.dumps(report(0.9, 0.02, [(0.0, 0.8, 0.02)])))
    runs = [str(tmp_path / "a.json"), str(tmp_path / "b.json")]
    with pytest.raises(SystemExit) as e:
        compare_main(runs + ["--plot", str(tmp_path / "no-such-dir" / "w.png")])
    assert e.value.code == 2
    cap = capsys.readouterr()
    assert cap.out == ""                                  # refused before the table
    assert "Traceback" not in cap.err and len(cap.err.strip().splitlines()) == 1
    assert cap.err.startswith("python -m benchmarks.replay_compare: error: ") and "w.png" in cap.err


# ------------------------------------------------------------ 7. sort_replay

@pytest.mark.parametrize("kind,words", [
    ("text-named-gz", ["in.csv.gz"]),
    ("gzip-named-csv", ["in.csv", "0x8b"]),
    ("damaged", ["damaged.csv.gz"]),
    ("cut", ["cut.csv.gz"]),
])
def test_sort_replay_names_the_file_it_cannot_read(kind: str, words: list[str], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    cut, damaged = _broken_gzip(tmp_path)
    text = HEADER + "\n" + "\n".join(ROWS) + "\n"
    if kind == "text-named-gz":
        src = tmp_path / "in.csv.gz"
        src.write_text(text)
    elif kind == "gzip-named-csv":
        src = tmp_path / "in.csv"
        src.write_bytes(gzip.compress(text.encode()))
    else:
        src = damaged if kind == "damaged" else cut
    with pytest.raises(SystemExit) as e:
        sort_main([str(src), str(tmp_path / "sorted.csv.gz")])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert err.startswith("python -m benchmarks.sort_replay: error: ")
    for w in words:
        assert w in err, (w, err)


def test_sort_replay_names_the_output_it_cannot_write(tiny: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        sort_main([str(tiny), str(tmp_path / "no-such-dir" / "sorted.csv")])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "sorted.csv" in err and "write" in err


def test_duplicate_rows_and_odd_labels_are_said_and_kept_in_the_report(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import json as _json

    from tests.test_replay_format import ODD

    path = tmp_path / "odd.csv"
    path.write_text(ODD, encoding="utf-8")
    out = tmp_path / "out"
    from benchmarks.replay import main as replay_main

    assert replay_main([str(path), "--out", str(out), "--quiet", "--no-plots", "--warmup-days", "0"]) == 0
    err = capsys.readouterr().err
    for words in ("1 rows repeat a transaction_id", "'2', 'x'", "not ISO times", "before their payment"):
        assert words in err
    report = _json.loads((out / "report.json").read_text())
    assert report["service"]["rows_scored"] == 6 and len(report["meta"]["file_issues"]) == 4


# ------------------------------------------- 8. a second audit: HTTP retries, versions

def _fake_service(replayed: set[str] | None = None, status: int = 200) -> httpx.MockTransport:
    """A service answering every score 200 at level 0 (or `status` with an error body),
    marking the ids in `replayed` as retries of earlier requests, as service.hot_routes does."""
    from service.errors import error_body

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/feedback":
            return httpx.Response(202, json={"status": "accepted"})
        if status != 200:
            return httpx.Response(status, content=error_body("unauthorized", "wrong key"))
        tx = json.loads(request.content)["transaction_id"]
        headers = {"Idempotent-Replayed": "true"} if replayed is None or tx in replayed else {}
        return httpx.Response(200, headers=headers, json={
            "transaction_id": tx, "risk_score": 0.01, "auth_level": 0, "auth_method": "none", "limit": 1e6,
            "reasons": [], "model_version": "m-7", "policy_version": "p-3"})

    return httpx.MockTransport(answer)


def _http_against(monkeypatch: pytest.MonkeyPatch, transport: httpx.MockTransport, calls: list[str]) -> None:
    """`--url` runs of the replay answered by `transport`, each request's path noted in `calls`."""
    def counted(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return transport.handle_request(request)

    class Gw(replay_mod.FieldHttpGateway):
        def __init__(self, url: str, key: str) -> None:
            super().__init__(url, key)
            self.client = httpx.Client(base_url=url, transport=httpx.MockTransport(counted))

    monkeypatch.setattr(replay_mod, "FieldHttpGateway", Gw)


HTTP = ["--url", "http://replay.test", "--key", "k"]


def test_http_answers_that_were_retries_are_counted_and_said(tiny: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _http_against(monkeypatch, _fake_service({"r1", "r2"}), [])
    out = tmp_path / "o"
    assert replay([str(tiny), "--out", str(out), *QUIET, *HTTP]) == 0
    cap = capsys.readouterr()
    meta = json.loads((out / "report.json").read_text())["meta"]
    assert meta["idempotent_replayed"] == 2
    assert "2 of 10 scored rows were answered as retries" in cap.out.splitlines()[0]
    assert "retries" in cap.err and "retries" in (out / "report.txt").read_text()
    assert meta["warnings"] and "retries" in meta["warnings"][0]


def test_http_answers_that_were_all_retries_are_refused(tiny: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _http_against(monkeypatch, _fake_service(), [])
    out = tmp_path / "o"
    fails([str(tiny), "--out", str(out), *QUIET, *HTTP], capsys, "retries", "fresh RISKGATE_DATA_DIR")
    assert not (out / "report.json").exists()


def test_reports_name_the_versions_that_answered(tiny: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from models.policy import load_policy

    assert replay([str(tiny), "--out", str(tmp_path / "in"), *QUIET]) == 0
    meta = json.loads((tmp_path / "in" / "report.json").read_text())["meta"]
    assert list(meta["policy_versions"]) == [load_policy(None).version]
    assert sum(meta["model_versions"].values()) == 9 and all(meta["model_versions"])
    _http_against(monkeypatch, _fake_service(set()), [])
    assert replay([str(tiny), "--out", str(tmp_path / "http"), *QUIET, *HTTP]) == 0
    meta = json.loads((tmp_path / "http" / "report.json").read_text())["meta"]
    assert meta["model_versions"] == {"m-7": 10} and meta["policy_versions"] == {"p-3": 10}


def test_a_key_the_service_refuses_stops_the_run_early(generated: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    _http_against(monkeypatch, _fake_service(status=401), calls)
    fails([str(generated), "--out", str(tmp_path / "o"), *QUIET, *HTTP], capsys, "--key", "401")
    assert len(calls) <= 10


def _unlabelled(tmp_path: Path) -> Path:
    """The tiny file with every is_fraud, fraud_reported_at and scenario cell empty."""
    path = tmp_path / "nolabels.csv"
    path.write_text(HEADER + "\n" + "\n".join(",".join(r.split(",")[:14] + ["", "", ""]) for r in ROWS) + "\n")
    return path


def test_a_run_without_labels_measures_no_target_and_draws_no_empty_legend(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str],
                                                                           recwarn: pytest.WarningsRecorder) -> None:
    out = tmp_path / "o"
    assert replay([str(_unlabelled(tmp_path)), "--out", str(out), "--warmup-days", "0", "--quiet"]) == 0
    targets = json.loads((out / "report.json").read_text())["targets"]
    assert set(targets["checks"].values()) == {None} and targets["all_met"] is None
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("targets:"))
    assert "MISSED" not in line and line.count("n/a") == 4
    assert not [w for w in recwarn if "No artists with labels" in str(w.message)]


@pytest.mark.parametrize("argv,words", [
    (["--auth-delay", "-5"], ["--auth-delay", "-5"]),
    (["--from", "2024-01-05", "--until", "2024-01-03"], ["--from 2024-01-05", "after", "--until 2024-01-03"]),
    (["--backfill-days", "10"], ["--backfill-days 10", "whole run"]),
])
def test_options_that_leave_nothing_to_replay_are_refused_up_front(argv: list[str], words: list[str], tiny: Path,
                                                                   tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def no_work(*_a: object, **_k: object) -> None:
        raise AssertionError("replayed before refusing the options")

    monkeypatch.setattr(replay_mod, "run", no_work)
    fails([str(tiny), "--out", str(tmp_path / "o"), "--no-plots", "--quiet", *argv], capsys, *words)


def test_sort_replay_refuses_times_it_cannot_read_and_names_a_few(tiny: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    def dmy(row: str) -> str:
        cells = row.split(",")
        y, m, d = cells[2][:10].split("-")
        cells[2] = f"{d}/{m}/{y} {cells[2][11:19]}"
        return ",".join(cells)

    src = tmp_path / "dmy.csv"
    src.write_text(HEADER + "\n" + "\n".join(dmy(r) for r in reversed(ROWS)) + "\n")
    dst = tmp_path / "sorted.csv"
    with pytest.raises(SystemExit) as e:
        sort_main([str(src), str(dst)])
    assert e.value.code == 2 and not dst.exists()
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "10 of 10 rows" in err and "'03/01/2024 17:00:00'" in err
    # one bad time among many: sorted, the row put last and named
    rows = [f"t{i:03d},c1,2024-01-{1 + (99 - i) % 28:02d}T10:00:00Z,5.00,EUR,,,,,,,,,m1,0,," for i in range(100)]
    rows[5] = rows[5].replace("2024-01-", "x2024/01/")
    src.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    assert sort_main([str(src), str(dst)]) == 0
    assert "1 of 100 rows" in capsys.readouterr().err
    assert dst.read_text().splitlines()[-1].startswith("t005,")


def test_a_missing_file_and_a_long_header_are_said_as_they_are(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    fails([str(tmp_path / "gone.csv.gz"), "--out", str(tmp_path / "o"), *QUIET], capsys, "gone.csv.gz: no such file")
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(["transaction_id", "customer_id", "timestamp", "amount"] + [f"x{i}" for i in range(20)])
                    + "\n")
    last = fails([str(wide), "--out", str(tmp_path / "o"), *QUIET], capsys, "no column currency")
    assert "x7, … (12 more)" in last


def test_a_replay_of_the_models_own_training_file_says_so(tiny: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    import hashlib

    from models.scorer import DEFAULT_ARTEFACT_DIR

    if not (DEFAULT_ARTEFACT_DIR / "manifest.json").exists():
        pytest.skip("no shipped model to copy")
    model = tmp_path / "model"
    shutil.copytree(DEFAULT_ARTEFACT_DIR, model)
    argv = [str(tiny), "--out", str(tmp_path / "o"), *QUIET, "--model", str(model)]
    assert replay(argv) == 0
    assert "training data" not in capsys.readouterr().err
    manifest = json.loads((model / "manifest.json").read_text())
    manifest["data"]["sha256"] = hashlib.sha256(tiny.read_bytes()).hexdigest()
    (model / "manifest.json").write_text(json.dumps(manifest))
    assert replay(argv) == 0
    cap = capsys.readouterr()
    assert "trained on" in cap.err and "training data" in cap.out.splitlines()[0]
    meta = json.loads((tmp_path / "o" / "report.json").read_text())["meta"]
    assert any("training data" in w for w in meta["warnings"])


@pytest.mark.parametrize("how", ["mistake", "nothing scored", "interrupted"])
def test_a_failed_run_leaves_no_empty_out_directory(how: str, tiny: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "runs" / "new"
    argv = [str(tiny), "--out", str(out), *QUIET]
    if how == "mistake":
        fails(argv + ["--policy", str(tmp_path / "missing.toml")], capsys, "missing.toml")
    elif how == "nothing scored":
        refused = tmp_path / "refused.csv"
        refused.write_text("transaction_id,customer_id,timestamp,amount,currency,is_fraud\n"
                           "t1,c1,2026-01-01T10:00:00Z,12.50,,0\nt2,c1,2026-01-03T10:00:00Z,9.00,,0\n")
        assert replay([str(refused), "--out", str(out), "--no-plots", "--quiet"]) == 1
    else:
        def interrupted(*_a: object, **_k: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(replay_mod, "run", interrupted)
        assert replay(argv) == 130
    assert not (tmp_path / "runs").exists()
