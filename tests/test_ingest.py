"""Importing files: encodings, delimiters, XLSX, presets, custom attributes, upserts, dry runs."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.store.db import Workspace
from analytics.store.ingest import (
    ImportResult,
    import_file,
    list_imports,
    list_rejects,
    load_mapping,
    preview_file,
)

ROOT = Path(__file__).resolve().parent.parent

JA_LEADS = (
    "リードID,会社名,作成日,従業員数,年間売上,都道府県,役職,リードソース\n"
    "L001,㈱髙橋製作所,2025年8月25日,１，２００,10億円,東京都,営業部長,展示会\n"
    'L002,ｶﾌﾞｼｷｶﾞｲｼｬ山﨑,2025/8/5,35,"5,000万円",大阪府,代表取締役社長,Web\n'
)
JA_EXPECTED = pl.DataFrame(
    {
        "lead_id": ["L001", "L002"],
        "company": ["(株)髙橋製作所", "カブシキガイシャ山﨑"],
        "created_at": [datetime(2025, 8, 25), datetime(2025, 8, 5)],
        "employees": [1200, 35],
        "annual_revenue": [1e9, 5e7],
        "prefecture": ["東京都", "大阪府"],
        "title": ["営業部長", "代表取締役社長"],
        "title_rank": ["director", "executive"],
        "source": ["展示会", "Web"],
    }
)
JA_COLUMNS = ", ".join(JA_EXPECTED.columns)


@pytest.mark.parametrize(
    ("encoded", "encoding", "delimiter"),
    [
        (JA_LEADS.encode("cp932"), "cp932", ","),
        (b"\xef\xbb\xbf" + JA_LEADS.encode("utf-8"), "utf-8-sig", ","),
        (JA_LEADS.encode("utf-8"), "utf-8", ","),
        (
            JA_LEADS.replace(",", "\t").replace('"5\t000万円"', "5,000万円").encode("utf-16"),
            "utf-16",
            "\t",
        ),
        (
            JA_LEADS.replace(",", ";").replace('"5;000万円"', "5,000万円").encode("cp932"),
            "cp932",
            ";",
        ),
        (JA_LEADS.replace("\n", "\r\n").encode("cp932"), "cp932", ","),
    ],
    ids=["cp932", "utf8-bom", "utf8", "utf16-tab", "cp932-semicolon", "cp932-crlf"],
)
def test_japanese_leads_in_every_encoding(
    ws: Workspace, encoded: bytes, encoding: str, delimiter: str
) -> None:
    result = import_file(ws, "leads", encoded, file_name="leads.csv")
    assert (result.encoding, result.delimiter, result.preset) == (encoding, delimiter, "salesforce")
    assert (result.rows_read, result.inserted, result.updated, result.rejected) == (2, 2, 0, 0)
    stored = ws.query(f"SELECT {JA_COLUMNS} FROM leads ORDER BY lead_id")
    assert_frame_equal(stored, JA_EXPECTED, check_dtypes=False)


def _xlsx(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Leads")
    date_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, date_format)
            else:
                sheet.write(r, c, value)
    book.add_worksheet("Notes")
    book.close()
    return buffer.getvalue()


def test_xlsx_import(ws: Workspace) -> None:
    data = _xlsx(
        [
            ["Lead ID", "Company", "Created Date", "No. of Employees", "Annual Revenue", "Score"],
            [1001, "㈱髙橋", datetime(2025, 8, 5, 10, 30), 120, 1500000.5, 7],
            ["A-2", "Acme", "2025/8/6", "1,200", "¥2,000", 9],
        ]
    )
    result = import_file(ws, "leads", data, file_name="leads.xlsx")
    assert (result.encoding, result.delimiter, result.inserted, result.rejected) == (
        "xlsx",
        "xlsx",
        2,
        0,
    )
    assert any("read sheet 'Leads'" in n for n in result.notes)
    stored = ws.query(
        "SELECT lead_id, company, created_at, employees, annual_revenue, lead_score FROM leads ORDER BY lead_id"
    )
    expected = pl.DataFrame(
        {
            "lead_id": ["1001", "A-2"],
            "company": ["(株)髙橋", "Acme"],
            "created_at": [datetime(2025, 8, 5, 10, 30), datetime(2025, 8, 6)],
            "employees": [120, 1200],
            "annual_revenue": [1500000.5, 2000.0],
            "lead_score": [7, 9],
        }
    )
    assert_frame_equal(stored, expected, check_dtypes=False)


def test_custom_attributes_are_typed(ws: Workspace) -> None:
    data = (
        b"Prospect ID,Lead Number,Converted,Total Time Spent on Website,Last Visit,City,Budget Band\n"
        b"p1,660737,1,1532,2025-08-05,Mumbai,1.5\n"
        b"p2,660728,0,0,2025-08-06,,2\n"
    )
    result = import_file(ws, "leads", data)
    assert result.inserted == 2
    types = ws.columns("leads")
    assert {
        k: types[k] for k in ("lead_number", "converted", "last_visit", "city", "budget_band")
    } == {
        "lead_number": "BIGINT",
        "converted": "BOOLEAN",
        "last_visit": "TIMESTAMP",
        "city": "VARCHAR",
        "budget_band": "DOUBLE",
    }
    assert ws.rows(
        "SELECT lead_number, converted, time_on_site_s, city FROM leads ORDER BY lead_id"
    ) == [
        (660737, True, 1532.0, "Mumbai"),
        (660728, False, 0.0, None),
    ]
    # a later file must fit the stored type: text in a BIGINT attribute is a row reject
    again = import_file(ws, "leads", b"Prospect ID,Lead Number\np3,abc\np4,7\n")
    assert (again.inserted, again.rejected) == (1, 1)
    assert again.rejects[0].row == 2 and again.rejects[0].column == "Lead Number"


def test_reimport_same_file_adds_nothing_and_updated_file_counts_updates(ws: Workspace) -> None:
    first = b"lead_id,company,employees\nL1,Acme,10\nL2,Beta,20\nL3,Gamma,30\n"
    r1 = import_file(ws, "leads", first, file_name="a.csv")
    version = ws.data_version
    before = ws.fingerprint()["leads"]
    r2 = import_file(ws, "leads", first, file_name="a.csv")
    assert (r1.inserted, r1.updated) == (3, 0)
    assert (r2.inserted, r2.updated, r2.import_id) == (0, 0, r1.import_id + 1)
    assert ws.fingerprint()["leads"] == before  # unchanged rows are not rewritten
    assert ws.data_version == version
    updated = b"lead_id,employees\nL1,10\nL2,25\nL4,40\n"
    r3 = import_file(ws, "leads", updated, file_name="b.csv")
    assert (r3.inserted, r3.updated) == (1, 1)
    assert ws.data_version == version + 1
    # only mapped columns are written: company of L2 survives an update without it
    assert ws.rows("SELECT lead_id, company, employees FROM leads ORDER BY lead_id") == [
        ("L1", "Acme", 10),
        ("L2", "Beta", 25),
        ("L3", "Gamma", 30),
        ("L4", None, 40),
    ]
    history = list_imports(ws)
    assert history["import_id"].to_list() == [3, 2, 1]
    assert history.select("inserted", "updated").rows() == [(1, 1), (0, 0), (3, 0)]
    assert len(history["sha256"][2]) == 64


def test_dry_run_writes_nothing(ws: Workspace) -> None:
    import_file(ws, "leads", b"lead_id,company\nL1,Acme\n")
    before, version = ws.fingerprint(), ws.data_version
    result = import_file(
        ws, "leads", b"lead_id,company,Extra\nL1,Acme2\nL2,Beta,x\nL2,dup,y\n", dry_run=True
    )
    assert (result.import_id, result.dry_run, result.inserted, result.updated, result.rejected) == (
        None,
        True,
        1,
        1,
        1,
    )
    assert ws.fingerprint() == before and ws.data_version == version
    assert "extra" not in ws.columns("leads")


def test_activities_dedupe_on_reimport(ws: Workspace) -> None:
    data = (
        b"lead_id,occurred_at,type,detail,duration_s\n"
        b"L1,2025-08-05 10:00:00,page_view,/pricing,30\n"
        b"L1,2025-08-05 10:05:00,download,,\n"
        b"L2,2025-08-06 09:00:00,email_open,spring,\n"
    )
    r1 = import_file(ws, "activities", data)
    r2 = import_file(ws, "activities", data)
    extra = data + b"L2,2025-08-07 09:00:00,email_click,spring,\n"
    r3 = import_file(ws, "activities", extra)
    assert (r1.inserted, r2.inserted, r3.inserted, r3.updated) == (3, 0, 1, 0)
    assert ws.scalar("SELECT count(*) FROM activities") == 4


@pytest.mark.parametrize(
    ("kind", "data", "query", "expected"),
    [
        (
            "bant",
            "リードID,評価日,予算,決裁権,ニーズ,導入時期\nL1,2025/9/1,高,不明,中,あり\nL2,2025/9/2,3,0,1,no\n",
            "SELECT lead_id, budget, authority, need, timeline FROM bant ORDER BY lead_id",
            [("L1", 3, 0, 2, 3), ("L2", 3, 0, 1, 0)],
        ),
        (
            "feedback",
            "lead_id,given_at,verdict,reason\nL1,2025-09-01,受入,良い\nL2,2025-09-02,差し戻し,時期尚早\nL3,2025-09-03,rejected,\n",
            "SELECT lead_id, verdict, reason FROM feedback ORDER BY lead_id",
            [("L1", "accepted", "良い"), ("L2", "recycled", "時期尚早"), ("L3", "rejected", None)],
        ),
        (
            "costs",
            '年月,チャネル,費用\n2025年4月,展示会,"￥1,200,000"\n2025/5,Web広告,50万円\n',
            "SELECT month, channel, amount FROM costs ORDER BY month",
            [(date(2025, 4, 1), "展示会", 1_200_000.0), (date(2025, 5, 1), "Web広告", 500_000.0)],
        ),
        (
            "deals",
            '商談 ID,商談 名,フェーズ,金額,完了予定日,成立\nD1,案件A,受注,"1,000万円",2025/10/1,成立\nD2,案件B,失注,￥300,2025/10/2,FALSE\n',
            "SELECT deal_id, stage, amount, closed_at, is_won FROM deals ORDER BY deal_id",
            [
                ("D1", "受注", 1e7, datetime(2025, 10, 1), True),
                ("D2", "失注", 300.0, datetime(2025, 10, 2), False),
            ],
        ),
    ],
    ids=["bant", "feedback", "costs", "deals"],
)
def test_other_kinds(
    ws: Workspace, kind: str, data: str, query: str, expected: list[tuple]
) -> None:
    first = import_file(ws, kind, data.encode("cp932"))
    second = import_file(ws, kind, data.encode("cp932"))
    assert (first.inserted, first.rejected, second.inserted, second.updated) == (
        len(expected),
        0,
        0,
        0,
    )
    assert ws.rows(query) == expected


def test_deals_is_won_derived_from_stage(ws: Workspace) -> None:
    data = b"Deal ID,Deal Stage,Amount\nD1,Closed Won,100\nD2,Closed Lost,50\nD3,Negotiation,70\n"
    result = import_file(ws, "deals", data)
    assert any("is_won derived from stage" in n for n in result.notes)
    assert ws.rows("SELECT deal_id, is_won FROM deals ORDER BY deal_id") == [
        ("D1", True),
        ("D2", False),
        ("D3", None),
    ]


def test_mapping_file_and_dict(ws: Workspace, tmp_path: Path) -> None:
    toml = tmp_path / "m.toml"
    toml.write_text(
        'kind = "leads"\n[columns]\n"ID" = "lead_id"\n"Made" = "created_at"\n"Org" = ["company", "industry"]\n'
        '"Junk" = "ignore"\n[options]\ndate_order = "MDY"\n',
        encoding="utf-8",
    )
    data = b"ID,Made,Org,Junk\nx1,05/08/2025,Acme,zzz\n"
    result = import_file(ws, "leads", data, mapping=toml)
    assert any("date_order 'MDY'" in n for n in result.notes)
    assert ws.rows("SELECT lead_id, created_at, company, industry FROM leads") == [
        ("x1", datetime(2025, 5, 8), "Acme", "Acme")
    ]
    assert "junk" not in ws.columns("leads")
    result = import_file(ws, "leads", b"Key,Made\nx2,2025-01-01\n", mapping={"Key": "lead_id"})
    assert result.inserted == 1


def test_preview_file() -> None:
    data = "リード ID\t会社名\t作成日\t独自項目\nL1\t㈱A\t2025/8/5\tx\n".encode("utf-16")
    preview = preview_file(data, file_name="x.txt", kind="leads")
    assert (preview.encoding, preview.delimiter, preview.preset) == ("utf-16", "\t", "salesforce")
    assert preview.mapping == {
        "リード ID": "lead_id",
        "会社名": "company",
        "作成日": "created_at",
        "独自項目": "custom",
    }
    assert preview.missing_required == []
    assert_frame_equal(
        preview.preview,
        pl.DataFrame(
            {"リード ID": ["L1"], "会社名": ["㈱A"], "作成日": ["2025/8/5"], "独自項目": ["x"]}
        ),
    )
    assert preview_file(b"name,x\na,b\n", file_name="y.csv", kind="leads").missing_required == [
        "lead_id"
    ]


def test_rejects_listed_and_stored(ws: Workspace) -> None:
    data = b"lead_id,created_at,employees\nL1,2025-01-01,5\n,2025-01-02,6\nL3,2025-13-45,7\nL4,2025-01-04,-1\nL1,2025-01-05,8\n"
    result = import_file(ws, "leads", data)
    assert (result.inserted, result.rejected, result.rows_read) == (1, 4, 5)
    stored = list_rejects(ws, result.import_id)
    assert stored.select("row_number", "column").rows() == [
        (3, "lead_id"),
        (4, "created_at"),
        (5, "employees"),
        (6, "lead_id"),
    ]
    assert json.loads(stored["raw"][0]) == {
        "lead_id": None,
        "created_at": "2025-01-02",
        "employees": "6",
    }
    assert [r.row for r in result.rejects] == [3, 4, 5, 6]
    assert ws.scalar("SELECT status FROM imports") == "partial"


def test_to_dict_has_the_design_keys() -> None:
    result = ImportResult(None, "leads", "a.csv", "utf-8", ",", "generic", 0, 0, 0, 0, [], [], True)
    keys = {
        "import_id",
        "kind",
        "encoding",
        "delimiter",
        "preset",
        "rows_read",
        "inserted",
        "updated",
        "rejected",
        "rejects",
    }
    assert keys <= set(result.to_dict())


def test_load_mapping_shipped_files() -> None:
    for path in sorted((ROOT / "mappings").glob("*.toml")):
        spec = load_mapping(path)
        assert spec.kind in {"leads", "deals"} and spec.columns, path


def test_cli_import_json(tmp_path: Path) -> None:
    csv_path = tmp_path / "leads.csv"
    csv_path.write_bytes(JA_LEADS.encode("cp932"))
    db = tmp_path / "cli.duckdb"
    args = [
        sys.executable,
        "-m",
        "analytics",
        "import",
        "leads",
        str(csv_path),
        "--db",
        str(db),
        "--create",
        "--format",
        "json",
    ]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["encoding"], out["inserted"], out["import_id"], out["rejects"]) == (
        "cp932",
        2,
        1,
        [],
    )


def test_xlsx_mixed_column_keeps_every_row(ws: Workspace) -> None:
    # a text cell below the first 1,000 rows must not turn into NULL; date cells of a column
    # that also holds text arrive as Excel serial numbers and are read back as dates
    rows: list[list[object]] = [["lead_id", "created_at"]]
    rows += [[i, datetime(2025, 1, 1, 10, 0)] for i in range(1, 1101)]
    rows += [["A-9", "2025年8月5日"], ["A-10", "someday"]]
    result = import_file(ws, "leads", _xlsx(rows), file_name="mixed.xlsx")
    assert (result.inserted, result.rejected) == (1101, 1)
    assert (result.rejects[0].row, result.rejects[0].column) == (1103, "created_at")
    stored = dict(
        ws.rows("SELECT lead_id, created_at FROM leads WHERE lead_id IN ('1', '1100', 'A-9')")
    )
    assert stored == {
        "1": datetime(2025, 1, 1, 10, 0),
        "1100": datetime(2025, 1, 1, 10, 0),
        "A-9": datetime(2025, 8, 5),
    }


def test_cp932_after_a_long_ascii_start(ws: Workspace) -> None:
    # the encoding sample is the first 64 KiB; a CP932 byte after it still decides CP932
    body = "".join(f"L{i:05d},Company {i}\n" for i in range(6000))
    data = ("lead_id,company\n" + body + "L99999,㈱髙橋\n").encode("cp932")
    assert len(data) > 2**16
    result = import_file(ws, "leads", data)
    assert (result.encoding, result.inserted) == ("cp932", 6001)
    assert ws.scalar("SELECT company FROM leads WHERE lead_id = 'L99999'") == "(株)髙橋"


def test_auto_picks_hubspot_among_many_columns(ws: Workspace) -> None:
    headers = ["Record ID", "First Name", "Last Name", "Email", "Create Date", "Original Source"]
    headers += [f"Custom Property {i}" for i in range(20)]
    row = ["101", "Taro", "Yamada", "taro@Example.co.jp", "2025-08-05 10:00", "ORGANIC_SEARCH"] + [
        ""
    ] * 20
    data = (",".join(headers) + "\n" + ",".join(row) + "\n").encode()
    result = import_file(ws, "leads", data)
    assert result.preset == "hubspot"
    assert ws.rows("SELECT lead_id, email_domain, source FROM leads") == [
        ("101", "example.co.jp", "ORGANIC_SEARCH")
    ]
    # the 20 empty custom properties add no columns
    assert not any(c.startswith("custom_property") for c in ws.columns("leads"))
    assert any("empty in every row" in n for n in result.notes)


def test_dict_mapping_with_two_targets(ws: Workspace) -> None:
    result = import_file(
        ws, "leads", b"acct,Employees\nAcme,12\n", mapping={"acct": "lead_id+company"}
    )
    assert result.inserted == 1
    assert ws.rows("SELECT lead_id, company, employees FROM leads") == [("Acme", "Acme", 12)]


@settings(max_examples=20, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[A-Z]{1,3}[0-9]{1,4}", fullmatch=True),
        st.tuples(st.integers(min_value=0, max_value=10**9), st.booleans()),
        min_size=1,
        max_size=30,
    )
)
def test_property_import_then_reimport_is_idempotent(rows: dict[str, tuple[int, bool]]) -> None:
    fmt = {
        True: lambda n: f"{n:,}".translate(str.maketrans("0123456789,", "０１２３４５６７８９，")),
        False: str,
    }
    body = "".join(f'{lead},"{fmt[wide](n)}"\n' for lead, (n, wide) in rows.items())
    data = ("lead_id,従業員数\n" + body).encode("cp932")
    ws = Workspace.open(":memory:")
    try:
        first = import_file(ws, "leads", data)
        again = import_file(ws, "leads", data)
        assert (first.inserted, first.rejected) == (len(rows), 0)
        assert (again.inserted, again.updated) == (0, 0)
        stored = dict(ws.rows("SELECT lead_id, employees FROM leads"))
        assert stored == {lead: n for lead, (n, _) in rows.items()}
    finally:
        ws.close()


def test_blank_rows_are_skipped_and_row_numbers_stay_true(ws):
    data = b"lead_id,company,created_at\nB1,Acme,2025-08-05\n,,\nB2,Beta,not a date\nB3,Gamma,2025/8/6\n"
    result = import_file(ws, "leads", data, file_name="blank.csv")
    assert (result.inserted, result.rejected) == (2, 1)
    assert "1 blank row(s) skipped" in result.notes
    assert [(r.row, r.column) for r in result.rejects] == [(4, "created_at")]
    assert ws.rows("SELECT lead_id FROM leads ORDER BY lead_id") == [("B1",), ("B3",)]
