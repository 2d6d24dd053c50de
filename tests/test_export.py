"""analytics.store.export: CSV encodings and Excel, read back independently, formulas neutralised."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.errors import InputError
from analytics.store.export import (
    FORMULA_PREFIXES,
    neutralise_formulas,
    to_csv_bytes,
    to_excel_bytes,
)

DANGEROUS = [
    "=1+1", "+81 3", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", '=HYPERLINK("http://x")',
    " =space first", "\u3000 @SUM(1+1)", "\n-1",
]  # fmt: skip
SAFE = ["株式会社A", "a=b", "a =b", "", "100"]


def sample() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "company": [*DANGEROUS, *SAFE],
            "score": list(range(-len(DANGEROUS), len(SAFE))),
            "last_at": [datetime(2025, 1, 1)] * (len(DANGEROUS) + len(SAFE)),
        }
    )


@pytest.mark.parametrize("value", DANGEROUS)
def test_dangerous_cells_get_apostrophe(value: str) -> None:
    out = neutralise_formulas(pl.DataFrame({"c": [value]}))
    assert out["c"].item() == "'" + value


@pytest.mark.parametrize("value", SAFE)
def test_safe_cells_unchanged(value: str) -> None:
    assert neutralise_formulas(pl.DataFrame({"c": [value]}))["c"].item() == value


def test_numbers_and_nulls_untouched_and_headers_neutralised() -> None:
    frame = pl.DataFrame({"n": [-5, 3], "s": [None, "-x"], "=h": ["a", "b"]})
    out = neutralise_formulas(frame)
    assert out["n"].to_list() == [-5, 3]
    assert out["s"].to_list() == [None, "'-x"]
    assert out.columns == ["n", "s", "'=h"]
    assert frame["s"].to_list() == [None, "-x"]  # input not mutated


@given(st.text(max_size=12))
@settings(max_examples=200, deadline=None)
def test_neutralise_property(text: str) -> None:
    out = neutralise_formulas(pl.DataFrame({"c": [text]}))["c"].item()
    stripped = text.lstrip(" \n\u00a0\u3000")  # white space a spreadsheet skips
    if text.startswith(FORMULA_PREFIXES) or stripped.startswith(FORMULA_PREFIXES):
        assert out == "'" + text
    else:
        assert out == text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_csv_round_trip(encoding: str) -> None:
    data = to_csv_bytes(sample(), encoding=encoding)
    if encoding == "utf-8-sig":
        assert data.startswith(b"\xef\xbb\xbf")
    else:
        assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode(encoding)
    assert "\r\n" in text
    back = pl.read_csv(io.StringIO(text), infer_schema=False)
    expected = neutralise_formulas(sample()).get_column("company")
    # CSV readers trim nothing; \r inside a quoted cell survives
    assert back["company"].fill_null("").to_list() == expected.to_list()


def test_cp932_unencodable_becomes_question_mark() -> None:
    text = to_csv_bytes(pl.DataFrame({"c": ["😀A"]}), encoding="cp932").decode("cp932")
    assert text.splitlines()[1] == "?A"


def test_csv_rejects_encoding() -> None:
    with pytest.raises(InputError, match="latin-1"):
        to_csv_bytes(sample(), encoding="latin-1")


def test_excel_round_trip_no_formulas() -> None:
    frame = sample().with_columns(pl.Series("tags", [["a", "b"]] * sample().height))
    data = to_excel_bytes({"call now": frame, "bands": pl.DataFrame({"band": ["90+"]})})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["call now", "bands"]
    sheet = book["call now"]
    cells = [row for row in sheet.iter_rows(values_only=True)]
    assert list(cells[0]) == frame.columns
    # openpyxl shows a carriage return inside a cell as the OOXML escape _x000D_
    companies = [row[0] and row[0].replace("_x000D_", "\r") for row in cells[1:]]
    assert companies == [v if v != "" else None for v in neutralise_formulas(frame)["company"]]
    for row in sheet.iter_rows(min_row=2):
        assert row[0].data_type != "f"  # never a formula cell
    assert [row[1] for row in cells[1:]] == frame["score"].to_list()
    assert cells[1][3] == "a, b"
    read = pl.read_excel(io.BytesIO(data), sheet_name="bands")
    assert_frame_equal(read, pl.DataFrame({"band": ["90+"]}))
