"""The monthly review report (issue 12): content, findings, HTML, XLSX, PDF and the command.

For the demo's last complete month, each format carries the KPI values of
``python -m analytics metrics --format json``; the HTML makes no network request and draws
its charts in Chromium; the XLSX has native charts; the PDF's Japanese text extracts; user
text (an owner named ``<script>…`` or ``=HYPERLINK(…)``) is escaped or neutralised.
"""

from __future__ import annotations

import json
import math
import shutil
import unicodedata
import zipfile
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.cli.main import main
from analytics.metrics.definitions import KPI_BY_KEY
from analytics.report.findings import compare_counts, count_finding, rate_finding
from analytics.report.inputs import Inputs
from analytics.report.model import KPI_KINDS
from analytics.report.pdf import chromium_path
from analytics.store.db import Workspace
from analytics.text import format as fmt
from analytics.text.catalog import t
from tests.test_pages import build_demo_db, demo_db, run_page  # noqa: F401 (fixture)

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://example.invalid","x")'
needs_chromium = pytest.mark.skipif(chromium_path() is None, reason="chromium not installed")


# --------------------------------------------------------------------------- helpers
def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def metrics_json(capsys: pytest.CaptureFixture[str], db: Path) -> dict:
    code, out, _ = run_cli(capsys, "metrics", "--db", str(db), "--format", "json")
    assert code == 0
    return json.loads(out)


def write_report(capsys, db: Path, out: Path, *extra: str) -> dict:
    code, stdout, err = run_cli(
        capsys, "report", "--db", str(db), "--out", str(out), "--format", "json", *extra
    )
    assert code == 0, err
    return json.loads(stdout)


class KpiCells(HTMLParser):
    """KPI rows of the report HTML: data-kpi -> data-value of its value cell."""

    def __init__(self) -> None:
        super().__init__()
        self.row: str | None = None
        self.values: dict[str, str] = {}
        self.scripts: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "tr" and "data-kpi" in a:
            self.row = a["data-kpi"]
        if tag == "td" and "data-value" in a and self.row:
            self.values[self.row] = a["data-value"]
        if tag == "script":
            self.scripts.append(a)


def same(value: object, expected: float | None) -> bool:
    if expected is None:
        return value in (None, "None", "")
    return math.isclose(float(value), float(expected), rel_tol=1e-9, abs_tol=1e-9)


def shown(key: str, value: float | None, lang: str) -> str:
    return fmt.value(value, KPI_KINDS[KPI_BY_KEY[key].kind], lang)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with its owners renamed to a script tag and a spreadsheet formula."""
    base = build_demo_db(tmp_path_factory.getbasetemp() / "demo" / "demo.duckdb")
    path = tmp_path_factory.mktemp("report") / "hostile.duckdb"
    shutil.copy(base, path)
    with Workspace.open(path) as ws:
        owners = [
            r[0]
            for r in ws.rows(
                "SELECT DISTINCT owner FROM leads WHERE owner IS NOT NULL ORDER BY owner"
            )
        ]
        with ws.transaction() as cur:
            for i, old in enumerate(owners):  # every owner: whoever had MQLs in the month
                new = (SCRIPT, FORMULA)[i % 2]
                cur.execute("UPDATE leads SET owner = ? WHERE owner = ?", [new, old])
    return path


# --------------------------------------------------------------------------- findings
def _inputs(lang: str = "en") -> Inputs:
    return Inputs(None, None, None, pl.DataFrame(), datetime(2026, 11, 1), pl.DataFrame(),
                  date(2026, 10, 1), lang)  # fmt: skip


def test_compare_counts_literal() -> None:
    assert compare_counts(0, 0) is None
    assert compare_counts(100, 100) == pytest.approx(1.0)
    assert compare_counts(160, 100) < 0.001


@given(st.integers(0, 500), st.integers(0, 500))
def test_compare_counts_is_a_symmetric_probability(a: int, b: int) -> None:
    p = compare_counts(a, b)
    if a + b == 0:
        assert p is None
    else:
        assert 0 <= p <= 1 and p == pytest.approx(compare_counts(b, a))


@pytest.mark.parametrize(
    ("card", "expected"),
    [
        (
            {"kpi": "mql_to_sql", "value": 0.24, "previous": 0.321, "p_previous": 0.01, "n": 412,
             "ci_low": 0.2, "ci_high": 0.28, "maturing": False},
            "MQL → SQL fell from 32.1% to 24.0% (n = 412, 95% CI 20.0–28.0%), beyond noise "
            "(p = 0.010).",
        ),
        (
            {"kpi": "mql_to_sql", "value": 0.24, "previous": 0.25, "p_previous": 0.6, "n": 40,
             "ci_low": 0.1, "ci_high": 0.4, "maturing": True},
            "MQL → SQL changed within noise: 25.0% → 24.0% (n = 40, 95% CI 10.0–40.0%, "
            "p = 0.600). This cohort is still maturing: the rate can still rise.",
        ),
    ],
)  # fmt: skip
def test_rate_finding_claims_only_what_the_test_supports(card: dict, expected: str) -> None:
    assert rate_finding(_inputs(), card) == expected


def test_count_finding_within_noise_and_beyond() -> None:
    inp = _inputs()
    noise = count_finding(inp, {"kpi": "leads", "value": 96.0, "previous": 78.0})
    real = count_finding(inp, {"kpi": "leads", "value": 200.0, "previous": 100.0})
    assert noise == "Lead volume changed within noise: 78 → 96 (p = 0.197)."
    assert real.startswith("Lead volume rose from 100 to 200, beyond noise (p < 0.001")
    assert "ノイズ" not in count_finding(_inputs("ja"), {"kpi": "leads", "value": 1.0,
                                                         "previous": 2.0})  # fmt: skip


# --------------------------------------------------------------------------- formats
def test_html_carries_the_metrics_kpis(demo_db: Path, tmp_path: Path, capsys) -> None:  # noqa: F811
    expected = metrics_json(capsys, demo_db)
    out = tmp_path / "r.html"
    summary = write_report(capsys, demo_db, out, "--lang", "en")
    assert summary["month"] == expected["month"]
    parser = KpiCells()
    text = out.read_text(encoding="utf-8")
    parser.feed(text)
    for kpi in expected["kpis"]:
        assert same(parser.values[kpi["key"]], kpi["value"]), kpi["key"]
        assert shown(kpi["key"], kpi["value"], "en") in text
    # Plotly's JS embedded once, nothing loaded from elsewhere
    assert not [s for s in parser.scripts if s.get("src")]
    assert text.count("Plotly.newPlot") >= 3 and text.count("plotly.js v") == 1
    assert len(summary["findings"]) in range(5, 9)


def test_xlsx_carries_the_metrics_kpis_and_native_charts(demo_db: Path, tmp_path: Path,  # noqa: F811
                                                          capsys) -> None:  # fmt: skip
    import openpyxl

    expected = metrics_json(capsys, demo_db)
    out = tmp_path / "r.xlsx"
    write_report(capsys, demo_db, out, "--lang", "ja")
    charts = [n for n in zipfile.ZipFile(out).namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) >= 5
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == t("report.summary", "ja")
    sheet = book[book.sheetnames[0]]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    for kpi in expected["kpis"]:
        assert same(values[t(f"kpis.name_{kpi['key']}", "ja")], kpi["value"]), kpi["key"]
    assert book[book.sheetnames[1]].tables, "KPI sheet holds a real Excel table"
    assert sheet.cell(1, 1).font.name == "Meiryo"


def test_user_text_is_escaped_and_neutralised(hostile_db: Path, tmp_path: Path, capsys) -> None:
    import openpyxl

    html_out, xlsx_out = tmp_path / "r.html", tmp_path / "r.xlsx"
    write_report(capsys, hostile_db, html_out, "--lang", "en")
    write_report(capsys, hostile_db, xlsx_out, "--lang", "en")
    text = html_out.read_text(encoding="utf-8")
    assert SCRIPT not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    cells = [c for ws in openpyxl.load_workbook(xlsx_out) for row in ws.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(c.value == "'" + FORMULA for c in cells)
    assert any(c.value == SCRIPT for c in cells)  # a text cell in Excel: harmless, kept


def test_empty_workspace_says_what_to_import(tmp_path: Path, capsys) -> None:
    db = tmp_path / "empty.duckdb"
    Workspace.open(db).close()
    out = tmp_path / "r.html"
    write_report(capsys, db, out, "--lang", "en", "--month", "2026-09")
    text = out.read_text(encoding="utf-8")
    assert text.count('class="missing"') >= 6 and "import leads" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--out", "r.doc"), "must end in .html, .xlsx or .pdf"),
        (("--out", "r.html", "--month", "2026-13"), "is not YYYY-MM"),
    ],
)
def test_bad_input_exits_2_with_one_line(demo_db: Path, tmp_path: Path, capsys, args,  # noqa: F811
                                         message: str) -> None:  # fmt: skip
    args = tuple(str(tmp_path / a) if a.startswith("r.") else a for a in args)
    code, _, err = run_cli(capsys, "report", "--db", str(demo_db), *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) <= 2


def test_pdf_without_chromium_says_what_to_install(monkeypatch, tmp_path: Path) -> None:
    from analytics.errors import InputError
    from analytics.report.pdf import render_pdf

    monkeypatch.setenv("KAKEHASHI_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(InputError, match="apt-get install chromium"):
        render_pdf("<html></html>", footer="x")


@pytest.mark.parametrize(
    ("audience", "first", "count"),
    [("exec", "kpis", 1), ("marketing", "kpis", 7), ("sales", "sla", 7), ("all", "kpis", 7)],
)
def test_audiences_choose_and_order_the_sections(demo_db: Path, audience: str, first: str,  # noqa: F811
                                                 count: int) -> None:  # fmt: skip
    from analytics.criteria.agreement import criteria_in_force
    from analytics.report.build import build_report

    with Workspace.open(demo_db, read_only=True) as ws:
        criteria, status = criteria_in_force(ws)
        report = build_report(ws, criteria, status, audience=audience, lang="en")
    assert report.sections[0].key == first and len(report.sections) == count
    assert all(s.missing is None for s in report.sections)  # the demo has every kind of data
    if audience == "exec":  # one page: the KPI table without the trends
        assert [t.key for t in report.sections[0].tables] == ["kpis"]
    if audience == "marketing":
        assert [s.key for s in report.sections][:3] == ["kpis", "funnel", "bands"]


# --------------------------------------------------------------------------- in Chromium
@pytest.mark.browser
@needs_chromium
def test_pdf_carries_the_kpis_in_japanese(demo_db: Path, tmp_path: Path, capsys) -> None:  # noqa: F811
    from pypdf import PdfReader

    expected = metrics_json(capsys, demo_db)
    out = tmp_path / "r.pdf"
    write_report(capsys, demo_db, out, "--lang", "ja")
    reader = PdfReader(out)
    # Chromium maps some kanji of Noto CJK to their Kangxi radicals (⽉ for 月) in the
    # text layer; NFKC folds them back, as search tools do
    text = unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))
    month = fmt.month(date.fromisoformat(expected["month"] + "-01"), "ja")
    assert f"月次レビュー {month}" in text
    assert f"{month} 1 / {len(reader.pages)}" in text.replace("\n", " ")  # the footer
    for kpi in expected["kpis"]:
        assert shown(kpi["key"], kpi["value"], "ja") in text, kpi["key"]
    assert "エグゼクティブサマリー" in text and "偶然の範囲" in text
    one_page = tmp_path / "exec.pdf"
    write_report(capsys, demo_db, one_page, "--lang", "en", "--audience", "exec")
    assert len(PdfReader(one_page).pages) == 1


@pytest.mark.browser
@needs_chromium
def test_html_draws_its_charts_offline(demo_db: Path, tmp_path: Path, capsys) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    out = tmp_path / "r.html"
    write_report(capsys, demo_db, out, "--lang", "ja")
    requested: list[str] = []

    def block(route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            requested.append(route.request.url)
            route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        page = browser.new_page()
        page.route("**/*", block)
        page.goto(out.as_uri(), wait_until="load")
        page.wait_for_selector(".js-plotly-plot .main-svg")
        drawn = page.locator(".js-plotly-plot .main-svg").count()
        browser.close()
    assert requested == [] and drawn >= 5


# --------------------------------------------------------------------------- the page
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_report_page(demo_db: Path, lang: str) -> None:  # noqa: F811
    at = run_page("pages/report.py", demo_db, lang=lang)
    assert not at.exception
    assert at.title[0].value == t("report.page_title", lang)
    labels = [b.label for b in at.get("download_button")]
    assert t("report.download_html", lang) in labels and t("report.download_xlsx", lang) in labels
