"""A replay file's number cells reach the service as a gateway's JSON would carry them
(a review): float() alone also read `nan`, `inf`, `1e999`, `1_000` and ` 10 `, and
the non-finite ones were sent as null, so a row the API refuses with 422 was scored
as a payment without a location. Such a cell is now sent as text and refused, naming
its field, and training (models/dataset.py) refuses the same rows."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from models.dataset import read_replay
from service.errors import ApiError
from service.parse import parse_score
from service.replay_rows import read_rows, request_number

HEADER = "transaction_id,customer_id,timestamp,amount,currency,lat,lon,is_fraud\n"
BAD_CELLS = ["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-1e999", "1_000", " 10", "10 ", "+5", ".5", "5.",
             "0x10", "١٠"]


def write(tmp_path: Path, field: str, cell: str) -> Path:
    cells = {"amount": "10", "lat": "48.1", "lon": "11.5"}
    cells[field] = cell
    p = tmp_path / "r.csv"
    p.write_text(HEADER + f't1,c1,2024-01-01T00:00:00Z,"{cells["amount"]}",EUR,"{cells["lat"]}","{cells["lon"]}",0\n')
    return p


@pytest.mark.parametrize("field", ["amount", "lat", "lon"])
@pytest.mark.parametrize("cell", BAD_CELLS)
def test_a_cell_the_wire_cannot_carry_is_refused_naming_its_field(tmp_path: Path, field: str, cell: str) -> None:
    path = write(tmp_path, field, cell)
    [row] = list(read_rows(str(path)))
    with pytest.raises(ApiError) as exc:
        parse_score(row.body)
    assert (exc.value.status, exc.value.field) == (422, field)
    if field == "amount":
        assert math.isnan(row.amount)
    [trained] = list(read_replay(str(path)))            # training refuses the same row
    assert trained.payment is None and trained.error == f"invalid_input:{field}"


@pytest.mark.parametrize("cell,value", [("10", 10.0), ("17.34", 17.34), ("-83.5739", -83.5739), ("0", 0.0),
                                        ("1e-05", 1e-05), ("2.5E+1", 25.0), ("-0.5e1", -5.0)])
def test_json_numbers_are_still_sent_as_numbers(cell: str, value: float) -> None:
    assert request_number(cell) == value and isinstance(request_number(cell), float)


@pytest.mark.parametrize("cell", BAD_CELLS)
def test_other_cells_are_kept_as_text(cell: str) -> None:
    assert request_number(cell) == cell


def test_good_rows_are_read_as_before(tmp_path: Path) -> None:
    p = tmp_path / "r.csv"
    p.write_text(HEADER + "t1,c1,2024-01-01T00:00:00Z,17.34,EUR,48.1,-11.5,0\n"
                 "t2,c1,2024-01-01T00:01:00Z,10,EUR,,,0\n")
    rows = list(read_rows(str(p)))
    payments = [parse_score(r.body) for r in rows]
    assert [(x.amount, x.lat, x.lon) for x in payments] == [(17.34, 48.1, -11.5), (10.0, None, None)]
    assert [r.amount for r in rows] == [17.34, 10.0]
    trained = [r.payment for r in read_replay(str(p))]
    assert [(x.amount, x.lat, x.lon) for x in trained if x is not None] == [(17.34, 48.1, -11.5), (10.0, None, None)]
