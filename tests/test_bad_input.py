"""Broken files: each gets one clear message; file-level failures change nothing.

Every file is built here from bytes. File-level problems must raise
``InputError`` and leave the workspace content exactly as it was (compared with
``ws.fingerprint()`` after a valid seed import); row-level problems reject only
their rows, with the spreadsheet row number (header = row 1).
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from analytics.errors import InputError
from analytics.store.db import Workspace
from analytics.store.ingest import import_file

ROOT = Path(__file__).resolve().parent.parent
SEED = b"lead_id,company,created_at\nS1,Seed Co,2025-01-01\nS2,Seed Two,2025-01-02\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"

FILE_LEVEL = [
    (
        "undecodable",
        "leads",
        b"lead_id,company\nL1,\x80\x81\xff\n",
        r"cannot be decoded as UTF-8 or CP932 .*line 2",
    ),
    (
        "latin1",
        "leads",
        "lead_id,company\nL1,Müller Zürich\n".encode("latin-1"),
        r"cannot be decoded as UTF-8 or CP932",
    ),
    (
        "utf8-mojibake",
        "leads",
        "lead_id,会社名\nL1,株式会社テスト\n".encode().decode("latin-1").encode("utf-8"),
        r"looks garbled \(mojibake",
    ),
    ("empty", "leads", b"", r"is empty"),
    ("bom-and-blank-lines-only", "leads", b"\xef\xbb\xbf\r\n\r\n", r"is empty"),
    ("header-only", "leads", b"lead_id,company\r\n", r"has a header but no data rows"),
    (
        "no-id-column",
        "leads",
        b"LeadIdentifier,company\nL1,Acme\n",
        r"no column for required leads column 'lead_id'; did you mean 'LeadIdentifier'\?",
    ),
    (
        "deals-as-leads",
        "leads",
        b"Deal ID,Deal Name,Deal Stage,Amount,Close Date\nD1,Big,Closed Won,100,2025-01-01\n",
        r"looks like a deals file .* import it with KIND deals",
    ),
    ("png", "leads", PNG, r"is a PNG image, not a CSV/TSV/XLSX table"),
    ("zip-not-xlsx", "leads", _zip({"leads.csv": SEED}), r"ZIP archive but not an Excel workbook"),
    ("damaged-zip", "leads", b"PK\x03\x04" + b"\x00garbage" * 10, r"damaged ZIP/XLSX"),
    (
        "legacy-xls",
        "leads",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
        r"legacy Excel \.xls",
    ),
    (
        "nul-bytes",
        "leads",
        b"lead_id,company\nL1,\x00\x01\x02\x03\n",
        r"binary file \(NUL byte at byte 19\)",
    ),
    (
        "wrong-delimiter",
        "leads",
        b"lead_id:company:employees\nL1:Acme:5\n",
        r"only one column \('lead_id:company:employees'\)",
    ),
    (
        "ragged-rows",
        "leads",
        b"lead_id,company,employees\nL1,Acme,5\nL2,Acme, Inc.,7\n",
        r"row 3 has 4 fields but the header has 3 \(ragged rows\)",
    ),
    (
        "activities-missing-occurred-at",
        "activities",
        b"lead_id,type\nL1,page_view\n",
        r"required activities column 'occurred_at'",
    ),
    (
        "costs-missing-amount",
        "costs",
        b"month,channel\n2025-04,web\n",
        r"required costs column 'amount'",
    ),
    (
        "leads-file-as-deals",
        "deals",
        b"Lead ID,Company,Industry,Employees\nL1,Acme,IT,5\n",
        r"looks like a leads file",
    ),
    ("unknown-kind", "lead", SEED, r"kind 'lead' is not one of"),
]


@pytest.fixture
def seeded(ws: Workspace) -> Workspace:
    import_file(ws, "leads", SEED, file_name="seed.csv")
    return ws


@pytest.mark.parametrize(
    ("case", "kind", "data", "message"), FILE_LEVEL, ids=[c[0] for c in FILE_LEVEL]
)
def test_file_level_problems_change_nothing(
    seeded: Workspace, case: str, kind: str, data: bytes, message: str
) -> None:
    before = seeded.fingerprint()
    version = seeded.data_version
    with pytest.raises(InputError, match=message) as caught:
        import_file(seeded, kind, data, file_name=f"{case}.csv")
    assert "\n" not in str(caught.value)
    assert seeded.fingerprint() == before
    assert seeded.data_version == version


@pytest.mark.parametrize(
    ("case", "mapping", "message"),
    [
        ("bad-toml", 'columns = [\n"x" =', r"not valid TOML"),
        (
            "wrong-kind",
            'kind = "deals"\n[columns]\n"a" = "deal_id"\n',
            r"the mapping is for 'deals' files, not 'leads'",
        ),
        (
            "unknown-target",
            '[columns]\n"company" = "firm"\n',
            r"sends 'company' to 'firm', which is no leads column",
        ),
        ("unknown-option", "[options]\ndayfirst = true\n", r"unknown option\(s\) \['dayfirst'\]"),
    ],
)
def test_bad_mapping_changes_nothing(
    seeded: Workspace, case: str, mapping: str, message: str
) -> None:
    before = seeded.fingerprint()
    with pytest.raises(InputError, match=message):
        import_file(seeded, "leads", SEED, mapping=mapping)
    assert seeded.fingerprint() == before


ROW_LEVEL = [
    (
        "duplicate-ids",
        "leads",
        b"lead_id,company\nL1,A\nL2,B\nL1,C\n",
        [(4, "lead_id", "duplicate lead_id 'L1' (first on row 2)")],
    ),
    (
        "empty-id",
        "leads",
        b"lead_id,company\nL1,A\n ,B\n",
        [(3, "lead_id", "empty lead_id in column 'lead_id'")],
    ),
    (
        "bad-dates",
        "leads",
        b"lead_id,created_at\nL1,2025-01-01\nL2,2025-02-30\nL3,someday\n",
        [
            (3, "created_at", "bad date '2025-02-30' in column 'created_at'"),
            (4, "created_at", "bad date 'someday' in column 'created_at'"),
        ],
    ),
    (
        "negative-amount",
        "deals",
        b"deal_id,amount\nD1,100\nD2,-5\nD3,\xe2\x96\xb2300\n",
        [
            (3, "amount", "negative value '-5' in column 'amount': must be >= 0"),
            (4, "amount", "negative value '▲300' in column 'amount'"),
        ],
    ),
    (
        "unparseable-amount",
        "deals",
        b"deal_id,amount\nD1,100\nD2,about 5k\n",
        [(3, "amount", "not a number 'about 5k' in column 'amount'")],
    ),
    (
        "costs-bad-month",
        "costs",
        "month,channel,amount\n2025-04,web,100\nApril,web,100\n2025年13月,web,1\n".encode(),
        [(3, "month", "bad month 'April'"), (4, "month", "bad month '2025年13月'")],
    ),
    (
        "costs-duplicate-key",
        "costs",
        b"month,channel,amount\n2025-04,web,100\n2025/4,web,200\n",
        [(3, "month", "duplicate month, channel '2025-04-01, web' (first on row 2)")],
    ),
    (
        "feedback-bad-verdict",
        "feedback",
        "lead_id,given_at,verdict\nL1,2025-01-01,受入\nL2,2025-01-02,maybe\n".encode(),
        [(3, "verdict", "bad verdict 'maybe'")],
    ),
    (
        "bant-bad-level",
        "bant",
        b"lead_id,assessed_at,budget\nL1,2025-01-01,high\nL2,2025-01-01,7\n",
        [(3, "budget", "bad BANT level '7'")],
    ),
    (
        "activities-empty-time",
        "activities",
        b"lead_id,occurred_at,type\nL1,2025-01-01 10:00,page_view\nL1,,page_view\n",
        [(3, "occurred_at", "empty occurred_at")],
    ),
    (
        "not-whole-employees",
        "leads",
        b"lead_id,employees\nL1,10\nL2,10.5\n",
        [(3, "employees", "'10.5' in column 'employees' is not a whole number")],
    ),
    (
        "bad-yes-no",
        "deals",
        b"deal_id,is_won\nD1,yes\nD2,perhaps\n",
        [(3, "is_won", "not a yes/no value 'perhaps'")],
    ),
]


@pytest.mark.parametrize(
    ("case", "kind", "data", "expected"), ROW_LEVEL, ids=[c[0] for c in ROW_LEVEL]
)
def test_row_level_problems_reject_only_their_rows(
    seeded: Workspace, case: str, kind: str, data: bytes, expected: list[tuple[int, str, str]]
) -> None:
    before = seeded.table_counts()[kind]
    result = import_file(seeded, kind, data, file_name=f"{case}.csv")
    assert result.rejected == len(expected)
    got = [(r.row, r.column, r.reason) for r in result.rejects]
    for (row, column, reason), (g_row, g_column, g_reason) in zip(expected, got, strict=True):
        assert (g_row, g_column) == (row, column)
        assert g_reason.startswith(reason), g_reason
    stored = seeded.rows(
        'SELECT row_number, "column" FROM import_rejects WHERE import_id = ? ORDER BY row_number',
        [result.import_id],
    )
    assert stored == [(row, column) for row, column, _ in expected]
    assert (
        seeded.table_counts()[kind] - before
        == result.inserted
        == result.rows_read - result.rejected
    )
    assert any("rejected" in note for note in result.notes)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (PNG, "PNG image"),
        (b"name,company\nx,Acme\n", "has no id column for leads"),
        (b"lead_id,company\n", "header but no data rows"),
    ],
)
def test_cli_exits_2_with_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    args = [
        sys.executable,
        "-m",
        "analytics",
        "import",
        "leads",
        str(path),
        "--db",
        str(tmp_path / "w.duckdb"),
        "--create",
    ]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert "Traceback" not in done.stderr and "bad.csv" in lines[0]
