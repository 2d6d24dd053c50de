"""The Report page's cached renders: one report per workspace version, criteria, month,
audience and language (the HTML for the preview and download, the Excel bytes; the PDF
when asked for)."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from analytics.report.build import build_report
from analytics.report.html import render_html
from analytics.report.pdf import render_pdf
from analytics.report.xlsx import render_xlsx
from ui.progress import ReplayProgress


@st.cache_data(show_spinner=False, max_entries=4)
def load_report(
    path: str, data_version: int, criteria_sha: str, month: date, audience: str, lang: str,
    _ws: Any, _criteria: Any, _status: Any,
) -> tuple[str, bytes, str, str]:  # fmt: skip
    """(html, xlsx bytes, title, footer) of one report (its replay's progress on the page)."""
    bar = ReplayProgress()
    try:
        report = build_report(
            _ws, _criteria, _status, month=month, audience=audience, lang=lang, progress=bar
        )
    finally:
        bar.close()
    return render_html(report), render_xlsx(report), report.title, report.footer


@st.cache_data(show_spinner=False, max_entries=2)
def load_report_pdf(document: str, footer: str) -> bytes:
    """The PDF of a report's HTML (headless Chromium)."""
    return render_pdf(document, footer=footer)
