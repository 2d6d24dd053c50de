"""Hostile files (issue 14, classes 2, 3, 4 and 10): each exits 0 or 2 with one line.

Every file is generated here (big ones too, never committed). A refused file
changes nothing (``ws.fingerprint()``); a row-level problem rejects its row with
the row, the column and the reason; the limits are those of
:mod:`analytics.store.ingest.limits`, written in the README.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pytest

from analytics.cli.main import explain_failure, main
from analytics.errors import InputError
from analytics.store.db import Workspace
from analytics.store.ingest import import_file, limits
from analytics.store.ingest.pipeline import TMP_PREFIX, clean_stale_tmpdirs, preview_file
from analytics.store.ingest.read import _transcode

ROOT = Path(__file__).resolve().parent.parent
SEED = b"lead_id,company,created_at\nS1,Seed Co,2025-01-01\nS2,Seed Two,2025-01-02\n"


@pytest.fixture
def seeded(ws: Workspace) -> Workspace:
    import_file(ws, "leads", SEED, file_name="seed.csv")
    return ws


def _refused(ws: Workspace, data: bytes, match: str, *, kind: str = "leads", **kw) -> None:
    before, version = ws.fingerprint(), ws.data_version
    with pytest.raises(InputError, match=match) as caught:
        import_file(ws, kind, data, file_name="hostile.csv", **kw)
    assert "\n" not in str(caught.value)
    assert ws.fingerprint() == before and ws.data_version == version


def _rejects(result) -> list[tuple[int, str, str]]:
    return [(r.row, r.column, r.reason) for r in result.rejects]


# --------------------------------------------------------------------------- class 2: dates
def test_dates_outside_the_window_are_row_rejects(seeded):
    data = b"lead_id,created_at\nL1,9999-12-31\nL2,0001-01-01\nL3,1989-12-31\nL4,2025-05-01\n"
    result = import_file(seeded, "leads", data, file_name="d.csv")
    assert (result.inserted, result.rejected) == (1, 3)
    high = str(limits.date_window().high)
    assert _rejects(result)[0] == (
        2, "created_at",
        f"date '9999-12-31' in column 'created_at' is outside 1990-01-01 … {high}; fix the "
        "date (or set min_date/max_date in a mapping file's [options])",
    )  # fmt: skip
    assert [r[0] for r in _rejects(result)] == [2, 3, 4]
    # the as-of date is not moved by an absurd activity either
    acts = b"lead_id,occurred_at,type\nL4,9999-12-31,page_view\nL4,2025-06-01,page_view\n"
    result = import_file(seeded, "activities", acts, file_name="a.csv")
    assert (result.inserted, result.rejected) == (1, 1)
    assert seeded.rows("SELECT max(occurred_at) FROM activities")[0][0].year == 2025


def test_date_window_is_configurable_in_the_mapping(ws):
    mapping = '[options]\nmin_date = 1900-01-01\nmax_date = "2100-12-31"\n'
    data = b"lead_id,created_at\nL1,1950-06-01\nL2,2099-01-01\nL3,2101-01-01\n"
    result = import_file(ws, "leads", data, file_name="d.csv", mapping=mapping)
    assert (result.inserted, result.rejected) == (2, 1)


@pytest.mark.parametrize(
    ("options", "match"),
    [('min_date = "soon"', r"min_date = 'soon' is not a date"),
     ("min_date = 2030-01-01\nmax_date = 2020-01-01", r"min_date 2030-01-01 is after max_date")],
)  # fmt: skip
def test_bad_date_window_options(seeded, options, match):
    _refused(seeded, b"lead_id\nL1\n", match, mapping=f"[options]\n{options}\n")


def test_costs_month_outside_the_window(ws):
    data = b"month,channel,amount\n9999-01,web,1\n2025-04,web,2\n"
    result = import_file(ws, "costs", data, file_name="c.csv")
    assert (result.inserted, result.rejected) == (1, 1)


# --------------------------------------------------------------------------- class 3: limits
def test_too_many_columns_refused(seeded):
    header = ",".join(["lead_id", *(f"c{i}" for i in range(limits.MAX_COLUMNS))])
    row = ",".join(["L1", *("1" for _ in range(limits.MAX_COLUMNS))])
    _refused(seeded, f"{header}\n{row}\n".encode(), r"has 1,001 columns; at most 1,000")


def test_too_many_custom_attributes_refused(seeded):
    n = limits.MAX_CUSTOM_ATTRIBUTES + 1
    header = ",".join(["lead_id", *(f"c{i}" for i in range(n))])
    row = ",".join(["L1", *("1" for _ in range(n))])
    _refused(seeded, f"{header}\n{row}\n".encode(), r"would add 201 custom attributes")
    # the same file with the extra columns ignored imports
    mapping = '[options]\nunmapped = "ignore"\n'
    result = import_file(seeded, "leads", f"{header}\n{row}\n".encode(), mapping=mapping)
    assert result.inserted == 1


def test_too_many_cells_refused(seeded, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 10)
    data = b"lead_id,company\n" + b"".join(b"L%d,A\n" % i for i in range(6))
    _refused(seeded, data, r"has 6 rows × 2 columns, more than the 10 cells")


def _xlsx(sheet_xml: bytes) -> bytes:
    members = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": b"<workbook/>",
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_xlsx_zip_bomb_refused_from_its_directory(seeded, monkeypatch):
    monkeypatch.setattr(limits, "MAX_XLSX_UNCOMPRESSED", 1_000_000)
    bomb = _xlsx(b"<sheetData>" + b"<row/>" * 400_000 + b"</sheetData>")  # 2.4 MB, ~10 kB zipped
    assert len(bomb) < 50_000
    _refused(seeded, bomb, r"would expand to 2 MB, more than the 1 MB")
    with pytest.raises(InputError, match="would expand"):
        preview_file(bomb, file_name="bomb.xlsx", kind="leads")


def test_rejects_kept_per_import_are_a_sample(ws, monkeypatch):
    monkeypatch.setattr(limits, "MAX_REJECTS_KEPT", 5)
    data = b"lead_id,employees\n" + b"".join(b"L%d,many\n" % i for i in range(20)) + b"OK,1\n"
    result = import_file(ws, "leads", data, file_name="r.csv")
    assert (result.inserted, result.rejected) == (1, 20)
    assert ws.rows("SELECT rejected FROM imports") == [(20,)]
    assert ws.rows("SELECT count(*) FROM import_rejects") == [(5,)]
    assert any("the first 5 are kept" in n for n in result.notes)


def test_preview_reads_only_the_rows_it_shows():
    data = b"lead_id,company\n" + b"".join(b"L%d,A\n" % i for i in range(5_000))
    assert preview_file(data, file_name="p.csv", kind="leads").preview.height == 20


# --------------------------------------------------------------------------- class 4
def test_cr_only_line_ends_are_accepted(ws):
    result = import_file(ws, "leads", b"lead_id,company\rL1,A\rL2,B\r", file_name="mac.csv")
    assert (result.inserted, result.rejected) == (2, 0)
    assert any("CR only" in n for n in result.notes)
    utf16 = "lead_id\tcompany\rL1\tA\rL2\tB\r".encode("utf-16-le")
    result = import_file(ws, "leads", b"\xff\xfe" + utf16, file_name="mac16.txt")
    assert result.rows_read == 2


@pytest.mark.parametrize("column", ["employees", "page_views"])
def test_integers_beyond_range_are_row_rejects(ws, column):
    data = f"lead_id,{column}\nL1,9223372036854775808\nL2,1e400\nL3,42\n".encode()
    result = import_file(ws, "leads", data, file_name="big.csv")
    assert (result.inserted, result.rejected) == (1, 2)
    assert "is too large (at most 9,007,199,254,740,991)" in result.rejects[0].reason
    assert result.rejects[0].column == column


@pytest.mark.parametrize("factor", ["1e308", "-5", "0", "nan", "inf"])
def test_absurd_scale_refused(seeded, factor):
    mapping = f"[scale]\nemployees = {factor}\n"
    _refused(seeded, b"lead_id,employees\nL1,5\n", r"\[scale\] 'employees' = .* must be a positive",
             mapping=mapping)  # fmt: skip


def test_odd_length_utf16_refused(seeded):
    data = b"\xff\xfe" + "lead_id,company\nL1,A\n".encode("utf-16-le") + b"A"
    _refused(seeded, data, r"cannot be decoded as UTF-16")


def test_header_line_over_64_kib(ws):
    n = 900  # under the column limit, ~80 KiB of header
    header = ",".join(["lead_id", *(f"attribute_{i:04d}_" + "x" * 70 for i in range(n))])
    data = f"{header}\nL1,{','.join('1' for _ in range(n))}\n".encode()
    with pytest.raises(InputError, match="custom attributes"):  # read whole, then the limit
        import_file(ws, "leads", data, file_name="wide.csv")
    result = import_file(
        ws, "leads", data, file_name="wide.csv", mapping='[options]\nunmapped = "ignore"\n'
    )
    assert result.inserted == 1


def test_header_line_without_end_refused(seeded, monkeypatch):
    monkeypatch.setattr(limits, "MAX_HEADER_BYTES", 100_000)
    _refused(seeded, b"lead_id," + b"x" * 200_000, r"no line end in the first")


def test_full_tmpdir_is_one_line(tmp_path):
    """A full disk under the scratch copy (/dev/full answers every write with ENOSPC)."""
    data = "lead_id\nL1\n".encode("cp932")
    with pytest.raises(InputError, match=r"no space left on device .* set TMPDIR"):
        _transcode(lambda: io.BytesIO(data), "cp932", Path("/dev/full"), "x.csv")


def test_disk_full_surfaces_behind_aborted_transaction():
    try:
        try:
            raise duckdb.IOException('Could not write file "w.duckdb": No space left on device')
        except duckdb.IOException as exc:
            raise duckdb.TransactionException("Current transaction is aborted") from exc
    except duckdb.TransactionException as aborted:
        code, line = explain_failure(aborted)
    assert code == 2
    assert line.startswith("no space left on device (Could not write file")


def test_unexpected_error_is_one_line_without_debug(tmp_path):
    db = tmp_path / "w.duckdb"
    Workspace.open(db).close()
    code = (
        "import sys; from analytics.cli import main as m; from analytics.cli import score;"
        "score.CLI_COMMANDS[0].__dict__; "
        "import analytics.cli.score as s; s.cached_replay = lambda *a, **k: 1 / 0;"
        "sys.exit(m.main(sys.argv[1:]))"
    )
    for extra, traceback_shown in (([], False), (["--debug"], True)):
        done = subprocess.run(
            [sys.executable, "-c", code, *extra, "score", "--db", str(db)],
            capture_output=True, text=True, cwd=ROOT, timeout=120,
        )  # fmt: skip
        assert done.returncode == 1
        last = done.stderr.strip().splitlines()[-1]
        assert last.startswith("error: unexpected ZeroDivisionError: division by zero")
        assert ("Traceback" in done.stderr) is traceback_shown


# --------------------------------------------------------------------------- class 10
def test_invisible_characters_inside_ids(ws):
    data = "lead_id,company\n\ufeffB2,A\nB\u200b3,C\n".encode()
    import_file(ws, "leads", data, file_name="ids.csv")
    import_file(ws, "leads", b"lead_id,company\nB2,A2\nB3,C3\n", file_name="plain.csv")
    assert ws.rows("SELECT lead_id, company FROM leads ORDER BY 1") == [("B2", "A2"), ("B3", "C3")]


@pytest.mark.parametrize("at", [0, 70_000])
def test_nul_anywhere_refuses_the_file(seeded, at):
    rows = [b"L%05d,A\n" % i for i in range(12_000)]
    k = at // len(rows[0])  # the NUL at about byte ``at``, on a row of its own
    data = b"lead_id,company\n" + b"".join(rows[:k]) + b"L99999,\x00B\n" + b"".join(rows[k:])
    _refused(seeded, data, r"NUL byte")


def test_stale_import_folders_are_cleaned(tmp_path):
    dead = tmp_path / f"{TMP_PREFIX}999999999-abc"
    alive = tmp_path / f"{TMP_PREFIX}{__import__('os').getpid()}-abc"
    dead.mkdir()
    alive.mkdir()
    assert clean_stale_tmpdirs(tmp_path) == [dead]
    assert alive.exists() and not dead.exists()


@pytest.mark.slow
def test_killed_import_leaves_no_scratch_folder(tmp_path):
    """kill -9 during an import; the next import removes the folder the dead one left."""
    big = tmp_path / "big.csv"
    big.write_bytes(
        ("lead_id,company\n" + "".join(f"L{i},株式会社{i}\n" for i in range(400_000))).encode(
            "cp932"
        )
    )
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**__import__("os").environ, "TMPDIR": str(scratch), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "analytics", "import", "leads", str(big), "--db", str(tmp_path / "w.duckdb"), "--create"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(600):
            if list(scratch.glob(f"{TMP_PREFIX}*")):
                break
            if proc.poll() is not None:
                pytest.skip("the import finished before it could be killed")
            __import__("time").sleep(0.02)
        proc.kill()
    finally:
        proc.wait()
    assert list(scratch.glob(f"{TMP_PREFIX}*"))  # the killed import left its folder
    small = tmp_path / "small.csv"
    small.write_bytes(b"lead_id\nL1\n")
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "import", "leads", str(small), "--db", str(tmp_path / "w.duckdb"), "--create"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert list(scratch.glob(f"{TMP_PREFIX}*")) == []


def test_cli_exits_0_or_2_with_one_line(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    cases = {
        "dates.csv": (b"lead_id,created_at\nL1,9999-12-31\nL2,2025-01-01\n", 0),
        "mac.csv": (b"lead_id,company\rL1,A\r", 0),
        "odd16.csv": (b"\xff\xfe" + "lead_id\nL1\n".encode("utf-16-le") + b"A", 2),
        "nul.csv": (b"lead_id,company\n" + b"L1,A\n" * 20_000 + b"L2,\x00\n", 2),
    }
    for name, (data, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        code = main(["import", "leads", str(path), "--db", str(db), "--create"])
        err = capsys.readouterr().err.strip()
        assert code == expected, (name, err)
        if expected == 2:
            assert err.startswith("error:") and "\n" not in err and name in err
    assert date.today().year < 9999


def _workbook(rows: int) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet("Leads")
    sheet.write_row(0, 0, ["Lead ID", "Company", "Employees"])
    for r in range(1, rows + 1):
        sheet.write_row(r, 0, [f"L{r}", "Acme", 120.0])
    book.close()
    return buffer.getvalue()


def test_xlsx_preview_streams_only_the_rows_it_shows(ws):
    """The sheet is cut off (broken XML) after row 40: the preview never reaches it."""
    source = zipfile.ZipFile(io.BytesIO(_workbook(60)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: data.index(b'<row r="41"')] + b'<row r="41"><c r="A41" t='
            target.writestr(info.filename, data)
    broken = buffer.getvalue()
    preview = preview_file(broken, file_name="cut.xlsx", kind="leads")
    assert preview.preview.height == 20
    assert preview.preview.row(0) == ("L1", "Acme", "120")
    assert preview.mapping == {"Lead ID": "lead_id", "Company": "company", "Employees": "employees"}
    with pytest.raises(InputError, match=r"cut\.xlsx"):
        import_file(ws, "leads", broken, file_name="cut.xlsx")


def test_cp932_preview_transcodes_only_the_head():
    head = "lead_id,会社名\n".encode("cp932") + b"".join(
        f"L{i},架け橋{i}\n".encode("cp932") for i in range(400_000)
    )
    assert len(head) > 5 * (1 << 20)
    data = head + b"L9,\x80\x81\xff\n"  # undecodable beyond the preview
    preview = preview_file(data, file_name="big.csv", kind="leads")
    assert (preview.encoding, preview.preview.height) == ("cp932", 20)


@pytest.mark.slow
def test_killed_import_leaves_no_lasting_growth(tmp_path):
    """kill -9 while DuckDB writes: the slack it leaves is given back at the next write."""
    import os
    import time

    from analytics.store.ingest.chunked import CHUNK_ENV

    db = tmp_path / "w.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path)}
    # the write is what is killed: a forced chunk size (the import suites' 7 rows) would keep
    # the import converting 170,000 chunks long before it writes
    env.pop(CHUNK_ENV, None)
    run = [sys.executable, "-m", "analytics"]
    subprocess.run([*run, "demo", "--db", str(db), "--leads", "500"], env=env, cwd=ROOT,
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    baseline = db.stat().st_size
    big = tmp_path / "big.csv"
    with big.open("w") as handle:
        handle.write("lead_id,company,created_at,employees,note\n")
        handle.writelines(
            f"B{i},Company {i},2025-01-0{i % 9 + 1},{i % 5000},free text {i * 7}\n"
            for i in range(1_200_000)
        )
    proc = subprocess.Popen([*run, "import", "leads", str(big), "--db", str(db), "--create"], env=env,
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 300
    try:
        while db.stat().st_size < baseline + 8_000_000:
            if proc.poll() is not None:
                pytest.skip("the import finished before it could be killed")
            if time.monotonic() > deadline:
                pytest.fail("the import wrote nothing to kill in 300 s")
            time.sleep(0.02)
        proc.kill()
    finally:
        proc.wait()
    assert db.stat().st_size >= baseline + 8_000_000  # the killed write left slack
    small = tmp_path / "small.csv"
    small.write_bytes(b"lead_id\nS1\n")
    done = subprocess.run([*run, "import", "leads", str(small), "--db", str(db), "--create"], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert db.stat().st_size < baseline + 2_000_000
    with Workspace.open(db) as ws:
        assert ws.rows("SELECT count(*) FROM leads WHERE lead_id LIKE 'B%'") == [(0,)]


def test_xlsx_huge_numbers_and_serials_are_row_rejects(ws):
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    rows = [["lead_id", "employees", "created_at"], ["L1", 1e308, 45000], ["L2", 5, 2958465],
            ["L3", 7, 45000]]  # fmt: skip
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    result = import_file(ws, "leads", buffer.getvalue(), file_name="huge.xlsx")
    assert (result.inserted, result.rejected) == (1, 2)
    assert [(r.row, r.column) for r in result.rejects] == [(2, "employees"), (3, "created_at")]
    assert "too large" in result.rejects[0].reason and "outside" in result.rejects[1].reason
