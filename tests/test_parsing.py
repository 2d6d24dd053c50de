"""Value parsers: every date/number/yes-no/level/verdict/month format, DMY/MDY decision, properties."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_series_equal

from analytics.store.ingest import parsing

FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-08-05", datetime(2025, 8, 5)),
        ("2025-08-05 10:30:00", datetime(2025, 8, 5, 10, 30)),
        ("2025-08-05T10:30:00", datetime(2025, 8, 5, 10, 30)),
        ("2025-08-05T10:30:00Z", datetime(2025, 8, 5, 10, 30)),
        ("2025-08-05T10:30:00+09:00", datetime(2025, 8, 5, 10, 30)),
        ("2025-08-05 10:30:00.250", datetime(2025, 8, 5, 10, 30, 0, 250000)),
        ("2025/8/5", datetime(2025, 8, 5)),
        ("2025.8.5", datetime(2025, 8, 5)),
        ("2025/8/5 9:07", datetime(2025, 8, 5, 9, 7)),
        ("2025年8月25日", datetime(2025, 8, 25)),
        ("２０２５年８月２５日", datetime(2025, 8, 25)),
        ("2025年8月25日(月) 10時5分", datetime(2025, 8, 25, 10, 5)),
        ("2025年8月25日 10時5分30秒", datetime(2025, 8, 25, 10, 5, 30)),
        ("2025/8/5 午後1:05", datetime(2025, 8, 5, 13, 5)),
        ("2025/8/5 午前11:05", datetime(2025, 8, 5, 11, 5)),
        ("25-12-2017", datetime(2017, 12, 25)),
        ("26-02-2018 19:58", datetime(2018, 2, 26, 19, 58)),
        ("12/25/2024 1:05 PM", datetime(2024, 12, 25, 13, 5)),
        ("12/25/2024 12:05 AM", datetime(2024, 12, 25, 0, 5)),
        (" 2025-08-05 ", datetime(2025, 8, 5)),
        ("2025-02-30", None),
        ("2025-13-01", None),
        ("yesterday", None),
        ("01-May", None),
        ("", None),
    ],
)
def test_parse_datetimes_formats(text: str, expected: datetime | None) -> None:
    got = parsing.parse_datetimes(pl.Series("d", [text])).values
    assert got.to_list() == [expected]


@pytest.mark.parametrize(
    ("values", "order", "expected_order", "expected", "note_part"),
    [
        # any first field > 12 decides day-first for the whole column
        (
            ["05-08-2025", "20-10-2017"],
            None,
            "DMY",
            [date(2025, 8, 5), date(2017, 10, 20)],
            "first field > 12",
        ),
        # any second field > 12 decides month-first
        (
            ["05/08/2025", "10/20/2017"],
            None,
            "MDY",
            [date(2025, 5, 8), date(2017, 10, 20)],
            "second field > 12",
        ),
        # undecided: slash -> month-first (US CRM exports), dash -> day-first
        (
            ["05/08/2025", "01/02/2025"],
            None,
            "MDY",
            [date(2025, 5, 8), date(2025, 1, 2)],
            "assumed month-first",
        ),
        (
            ["05-08-2025", "01-02-2025"],
            None,
            "DMY",
            [date(2025, 8, 5), date(2025, 2, 1)],
            "assumed day-first",
        ),
        # undecided with an explicit order from a mapping file
        (["05/08/2025"], "DMY", "DMY", [date(2025, 8, 5)], "date_order 'DMY'"),
        # the values win over the mapping's order
        (
            ["05/08/2025", "10/20/2017"],
            "DMY",
            "MDY",
            [date(2025, 5, 8), date(2017, 10, 20)],
            "second field",
        ),
        # ISO columns need no decision
        (["2025-08-05"], None, None, [date(2025, 8, 5)], None),
    ],
)
def test_day_month_order_decided_per_column(
    values: list[str],
    order: str | None,
    expected_order: str | None,
    expected: list[date],
    note_part: str | None,
) -> None:
    result = parsing.parse_datetimes(pl.Series("Created", values), order=order, column="Created")
    assert result.order == expected_order
    assert result.values.dt.date().to_list() == expected
    if note_part is None:
        assert result.note is None
    else:
        assert note_part in result.note and "'Created'" in result.note


def test_inconsistent_column_rejects_the_minority() -> None:
    # first field > 12 makes the column DMY; '10/20/2017' then has month 20 -> unreadable
    result = parsing.parse_datetimes(pl.Series(["20/10/2017", "10/20/2017"]))
    assert result.order == "DMY"
    assert result.values.to_list() == [datetime(2017, 10, 20), None]


def test_bad_order_raises() -> None:
    with pytest.raises(ValueError, match="'XYZ'"):
        parsing.parse_datetimes(pl.Series(["2025-01-01"]), order="XYZ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234", 1234.0),
        ("１，２３４", 1234.0),
        ("10億円", 1e9),
        ("5,000万円", 5e7),
        ("1億2,000万", 1.2e8),
        ("3千円", 3000.0),
        ("0.5万", 5000.0),
        ("¥1,200", 1200.0),
        ("￥1,200", 1200.0),
        ("$1,200.50", 1200.5),
        ("1200円", 1200.0),
        ("USD 3,000", 3000.0),
        ("12 345", 12345.0),
        ("1.5e3", 1500.0),
        ("-5", -5.0),
        ("▲1,000", -1000.0),
        ("△1,000", -1000.0),
        ("(3)", -3.0),
        ("0", 0.0),
        ("abc", None),
        ("1-2", None),
        ("nan", None),
        ("", None),
    ],
)
def test_parse_numbers(text: str, expected: float | None) -> None:
    assert parsing.parse_numbers(pl.Series([text])).to_list() == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        *[
            (w, True)
            for w in (
                "TRUE",
                "true",
                "1",
                "yes",
                "Y",
                "はい",
                "成立",
                "won",
                "Closed Won",
                "受注",
                "○",
            )
        ],
        *[
            (w, False)
            for w in ("FALSE", "0", "no", "いいえ", "不成立", "lost", "Closed Lost", "失注", "×")
        ],
        ("maybe", None),
        ("", None),
    ],
)
def test_parse_booleans(text: str, expected: bool | None) -> None:
    assert parsing.parse_booleans(pl.Series([text])).to_list() == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0), ("none", 0), ("不明", 0), ("no", 0), ("なし", 0),
        ("1", 1), ("Low", 1), ("低", 1),
        ("2", 2), ("medium", 2), ("中", 2),
        ("3", 3), ("HIGH", 3), ("高", 3), ("yes", 3), ("あり", 3), ("３", 3),
        ("4", None), ("huge", None),
    ],
)  # fmt: skip
def test_parse_levels(text: str, expected: int | None) -> None:
    assert parsing.parse_levels(pl.Series([text])).to_list() == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("accepted", "accepted"), ("Rejected", "rejected"), ("recycled", "recycled"),
        ("受入", "accepted"), ("却下", "rejected"), ("差し戻し", "recycled"), ("差戻し", "recycled"),
        ("maybe", None),
    ],
)  # fmt: skip
def test_parse_verdicts(text: str, expected: str | None) -> None:
    assert parsing.parse_verdicts(pl.Series([text])).to_list() == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-04", date(2025, 4, 1)),
        ("2025/4", date(2025, 4, 1)),
        ("2025年4月", date(2025, 4, 1)),
        ("２０２５年４月", date(2025, 4, 1)),
        ("2025-04-01", date(2025, 4, 1)),
        ("2025-13", None),
        ("April", None),
    ],
)
def test_parse_months(text: str, expected: date | None) -> None:
    assert parsing.parse_months(pl.Series([text])).to_list() == [expected]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1", "0", ""], "BOOLEAN"),
        (["yes", "no"], "BOOLEAN"),
        (["12", "1,200", "5"], "BIGINT"),
        (["1.5", "2"], "DOUBLE"),
        (["2025/8/5", "2025-08-06"], "TIMESTAMP"),
        (["01-May", "May-20", "50-200"], "VARCHAR"),
        (["", None], "VARCHAR"),
    ],
)
def test_infer_sql_type(values: list[str | None], expected: str) -> None:
    assert parsing.infer_sql_type(pl.Series(values, dtype=pl.String)) == expected


def test_clean_text_nfkc_and_free_text() -> None:
    s = pl.Series("c", ["㈱髙橋製作所", "ＡＢＣ　", "ｶﾌﾞｼｷｶﾞｲｼｬ", "", None])
    assert_series_equal(
        parsing.clean_text(s),
        pl.Series("c", ["(株)髙橋製作所", "ABC", "カブシキガイシャ", None, None]),
    )
    assert parsing.clean_text(s, nfkc=False).to_list()[0] == "㈱髙橋製作所"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**15), max_value=10**15), st.booleans(), st.booleans())
def test_formatted_integers_parse_back(value: int, full_width: bool, yen: bool) -> None:
    text = f"{abs(value):,}"
    if full_width:
        text = text.translate(FULL_WIDTH)
    text = ("-" if value < 0 else "") + ("¥" if yen else "") + text
    assert parsing.parse_numbers(pl.Series([text])).to_list() == [float(value)]


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=99_999), st.integers(min_value=0, max_value=9_999))
def test_japanese_units_parse_back(man: int, rest: int) -> None:
    text = f"{man:,}万{rest}" if man else str(rest)
    assert parsing.parse_numbers(pl.Series([text])).to_list() == [float(man * 10_000 + rest)]


@settings(max_examples=100, deadline=None)
@given(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.sampled_from(
        ["%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y年%m月%d日 %H時%M分%S秒", "%d-%m-%Y %H:%M:%S"]
    ),
)
def test_formatted_datetimes_parse_back(moment: datetime, fmt: str) -> None:
    # a day > 12 makes the day-first column decidable
    values = [moment.strftime(fmt), datetime(2020, 1, 31).strftime(fmt)]
    parsed = parsing.parse_datetimes(pl.Series(values)).values.to_list()
    assert parsed == [moment, datetime(2020, 1, 31)]


def test_nfkc_stable_ranges_are_stable() -> None:
    import unicodedata

    changed = [
        hex(code)
        for low, high in parsing.NFKC_STABLE_RANGES
        for code in range(low, high + 1)
        if unicodedata.normalize("NFKC", chr(code)) != chr(code)
    ]
    assert changed == []


ISO_SHAPES = {
    "%Y-%m-%dT%H:%M:%S.%f": lambda d: d,
    "%Y-%m-%d %H:%M:%S.%f": lambda d: d,
    "%Y-%m-%dT%H:%M:%S": lambda d: d.replace(microsecond=0),
    "%Y-%m-%d %H:%M": lambda d: d.replace(second=0, microsecond=0),
    "%Y-%m-%d": lambda d: d.replace(hour=0, minute=0, second=0, microsecond=0),
}


@settings(max_examples=60, deadline=None)
@given(
    stamps=st.lists(
        st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 12, 31)),
        min_size=1,
        max_size=30,
    ),
    shape=st.sampled_from(sorted(ISO_SHAPES)),
)
def test_iso_shapes_parse_exactly(stamps, shape):
    """The DuckDB fast path for ISO text gives exactly the written date and time."""
    text = pl.Series("t", [d.strftime(shape) for d in stamps])
    parsed = parsing.parse_datetimes(text)
    assert parsed.values.to_list() == [ISO_SHAPES[shape](d) for d in stamps]
    assert parsed.order is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-08-05T10:00:00.123", datetime(2025, 8, 5, 10, 0, 0, 123_000)),  # milliseconds
        ("2025-08-05 10:00:00.5", datetime(2025, 8, 5, 10, 0, 0, 500_000)),
        ("2025-08-05T10:00:00.123456789", datetime(2025, 8, 5, 10, 0, 0, 123_456)),
        ("2025-08-05T10:00:00.000001", datetime(2025, 8, 5, 10, 0, 0, 1)),
    ],
)
def test_fractions_other_than_microseconds_are_not_misread(text, expected):
    assert parsing.parse_datetimes(pl.Series([text, text])).values.to_list() == [expected, expected]


@pytest.mark.parametrize("nfkc", [True, False])
@pytest.mark.parametrize("distinct", [5, 5_000, 150_000])
def test_long_columns_clean_like_short_ones(nfkc, distinct):
    """Long columns with few distinct values (5; 5,000 with text NFKC may change) are
    cleaned per distinct value: the same result as row by row."""
    values = [" ㈱髙橋 ", "", None, "ＡＢＣ", "page_view"] + [f" id{i} " for i in range(distinct)]
    long = pl.Series("c", (values * (150_000 // len(values) + 1))[:150_000])
    row_by_row = parsing._clean_each(long, nfkc=nfkc)  # the path short columns take
    assert_series_equal(parsing.clean_text(long, nfkc=nfkc), row_by_row)
    assert row_by_row[:4].to_list() == (
        ["(株)髙橋", None, None, "ABC"] if nfkc else ["㈱髙橋", None, None, "ＡＢＣ"]
    )


@pytest.mark.parametrize(
    "values",
    [
        ["web", "mail", None],  # already clean: the column is kept as it is
        ["web", "mail", "Select", None, "N/A"],  # placeholders among clean values
        ["web", " web", "--", "ＷＥＢ", ""],  # values to clean, and a placeholder
    ],
)
def test_long_category_columns_convert_like_short_ones(values, monkeypatch):
    """A long column of few distinct values is cleaned and searched for placeholders once
    per distinct value: the same typed rows and the same notes as row by row."""
    from analytics.store.ingest.convert import convert
    from analytics.store.ingest.mapping import MappingSpec
    from analytics.store.ingest.read import RawTable

    n = 120_000
    frame = pl.DataFrame(
        {
            "id": [f"L{i}" for i in range(n)],
            "at": ["2025-01-01"] * n,
            "kind": (values * (n // len(values) + 1))[:n],
            "note": (values[::-1] * (n // len(values) + 1))[:n],
            "__row": range(2, n + 2),
        }
    )
    mapping = {"id": ("lead_id",), "at": ("occurred_at",), "kind": ("type",), "note": ("detail",)}

    def run():
        table = RawTable(frame, ["id", "at", "kind", "note"], "utf-8", ",", [])
        done = convert(table, "activities", mapping, MappingSpec(), {})
        return done.frame, done.rejects, [str(x) for x in done.notes]

    fast = run()
    monkeypatch.setattr(parsing, "_DISTINCT_MIN_ROWS", 10 * n)  # the row-by-row path
    slow = run()
    assert fast[0].equals(slow[0]) and fast[1].equals(slow[1])
    assert fast[2] == slow[2]
    assert fast[0].height + fast[1].height == n


@pytest.mark.parametrize(
    ("value", "sample"),
    [
        ("id", "L1"), ("text", "web"), ("free", "a note"), ("timestamp", "2025-08-05 10:00"),
        ("date", "2025-08-05"), ("month", "2025-04"), ("int", "12"), ("amount", "1,200"),
        ("float", "1.5"), ("int_any", "-3"), ("float_any", "-1.5"), ("bool", "yes"),
        ("level", "high"), ("verdict", "accepted"), ("lifecycle", "MQL"),
    ],
)  # fmt: skip
def test_an_empty_column_has_the_type_its_values_would_have(value, sample):
    """An empty column is not parsed: all null, no reason, no note, and the type a column
    with a value gets (chunks of one file, some with the column empty, stack alike)."""
    from analytics.store.ingest.convert import _parse_column
    from analytics.store.ingest.mapping import MappingSpec

    def parse(raw):
        notes = []
        values, reasons = _parse_column(
            raw, value, header="H", target="c", spec=MappingSpec(), scale=None, notes=notes
        )
        return values, reasons, notes

    values, reasons, notes = parse(pl.Series([None] * 5, dtype=pl.String))
    filled, filled_reasons, _ = parse(pl.Series([None, sample], dtype=pl.String))
    assert filled_reasons is None and filled[1] is not None  # the sample is read
    assert (values.dtype, values.name, values.null_count()) == (filled.dtype, "c", 5)
    assert reasons is None and notes == []


def _as_is_like_the_whole_way(monkeypatch, column, value, placeholders, scale=None):
    """Parse ``column`` (repeated) as ``value`` with the as-is path and the whole way: the
    same values, reasons and notes."""
    from analytics.store.ingest import convert
    from analytics.store.ingest.mapping import MappingSpec

    spec = MappingSpec() if placeholders is None else MappingSpec(placeholders=placeholders)
    raw = pl.Series("H", column * 50, dtype=pl.String)

    def parse():
        notes = []
        values, reasons = convert._parse_column(
            raw, value, header="H", target="c", spec=spec, scale=scale, notes=notes
        )
        return values, reasons, [str(n) for n in notes]

    fast = parse()
    monkeypatch.setattr(convert, "_values_as_is", lambda *a: None)  # the whole way
    slow = parse()
    assert_series_equal(fast[0], slow[0])
    assert (fast[1] is None) == (slow[1] is None)
    if fast[1] is not None:
        assert_series_equal(fast[1], slow[1])
    assert fast[2] == slow[2]


@pytest.mark.parametrize("value", ["timestamp", "date"])
@pytest.mark.parametrize(
    ("column", "placeholders"),
    [
        (["2025-08-05T10:00:00.000001", None, "2025-08-06 09:30", "2025-08-07"], None),
        (["2025-08-05", "2199-01-01", None], None),  # outside the window: rejected
        (["2025-08-05", "1900-01-01"], ("1900-01-01",)),  # a placeholder that is a date
        (["2025-08-05", " 2025-08-06 ", "２０２５-０８-０７"], None),  # to clean first
        (["2025-08-05", "2025/8/6", "x"], None),  # not all ISO
        (["Select", "2025-08-05"], None),  # a placeholder
    ],
)
def test_iso_date_columns_read_as_they_are_like_cleaned_ones(
    value, column, placeholders, monkeypatch
):
    """A date column of ISO values is read without being cleaned: the same values, reasons
    and notes as the whole way, which every other column takes."""
    _as_is_like_the_whole_way(monkeypatch, column, value, placeholders)


@pytest.mark.parametrize("value", ["int", "amount", "float", "int_any", "float_any"])
@pytest.mark.parametrize("scale", [None, 1000.0])
@pytest.mark.parametrize(
    ("column", "placeholders"),
    [
        (["12", None, "3.5", "1e3", "-0"], None),
        (["12", "-4"], None),  # negative: rejected where it must be >= 0
        (["12", "2.5"], None),  # not whole: rejected where it must be
        (["12", "1,200", "¥300", "5万"], None),  # not plain: cleaned and parsed
        (["12", " 7 ", "inf", "nan"], None),
        (["12", "0"], ("0",)),  # a placeholder that is a number
        (["9007199254740993", "1"], None),  # too large
    ],
)
def test_plain_number_columns_read_as_they_are_like_cleaned_ones(
    value, scale, column, placeholders, monkeypatch
):
    """A number column of plain numbers is read without being cleaned: the same values,
    reasons and notes as the whole way."""
    _as_is_like_the_whole_way(monkeypatch, column, value, placeholders, scale)


@pytest.mark.parametrize("order", ["sorted", "shuffled"])
def test_repeated_keys_are_found_in_order_or_not(order):
    """A repeated id is rejected whether the file lists its ids in order or not."""
    from analytics.store.ingest.convert import convert
    from analytics.store.ingest.mapping import MappingSpec
    from analytics.store.ingest.read import RawTable

    ids = [f"L{i:03d}" for i in range(300)] + ["L007", "L250"]
    ids = sorted(ids) if order == "sorted" else ids
    frame = pl.DataFrame({"id": ids, "__row": range(2, len(ids) + 2)})
    done = convert(RawTable(frame, ["id"], "utf-8", ",", []), "leads", {"id": ("lead_id",)},
                   MappingSpec(), {})  # fmt: skip
    assert done.frame.height == 300
    assert sorted(done.rejects["reason"].str.extract(r"'(L\d+)'").to_list()) == ["L007", "L250"]
