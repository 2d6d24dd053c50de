"""Monthly report: the monthly review as one document — preview, HTML, Excel and PDF.

Thin view: month, audience, language → analytics.report (cached in ui.report) → preview
and download buttons. The same report runs by schedule: ``python -m analytics report``.
"""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

import ui
from analytics.errors import KakehashiError
from analytics.metrics.definitions import last_complete_month
from analytics.report.model import AUDIENCES
from analytics.store.summary import month_starts
from analytics.text import format as fmt
from analytics.text.catalog import LANGUAGES
from ui.report import load_report, load_report_pdf

ui.require_app()

tr = ui.tr
lang = ui.lang()

st.title(tr("report.page_title"))
st.caption(tr("report.page_intro"))
ws = ui.get_workspace()
criteria, replayed = ui.page_replay("common.empty_title")
_, status = ui.criteria_in_use()

# --- choices: month (the last complete one by default), audience, report language ----------
first_day, last_day = ui.period()
months = month_starts(first_day, last_day)
complete = last_complete_month(replayed.as_of)
default = complete if complete in months else months[-1]
left, middle, right = st.columns([1, 2, 1])
month = left.selectbox(
    tr("report.month"),
    options=months[::-1],
    index=months[::-1].index(default),
    format_func=lambda m: fmt.month(m, lang),
    key=f"report.month.{lang}",
)
audience = ui.choice(
    middle.radio, tr("report.audience"), list(AUDIENCES), key="report.audience",
    format_func=ui.labeller("report.audience_"), horizontal=True,
)  # fmt: skip
report_lang = ui.choice(
    right.radio, tr("report.language"), list(LANGUAGES), key="report.lang",
    format_func=LANGUAGES.__getitem__, horizontal=True, index=list(LANGUAGES).index(lang),
)  # fmt: skip
if complete is None or month > complete:
    st.caption(tr("report.not_complete"))

try:
    document, workbook, title, footer = load_report(
        ws.path, ws.data_version, criteria.sha256, month, audience, report_lang,
        ws, criteria, status,
    )  # fmt: skip
except KakehashiError as exc:
    ui.stop_with_error(exc)

# --- downloads ------------------------------------------------------------------------------
name = f"kakehashi-report-{month:%Y-%m}-{audience}-{report_lang}"
a, b, c = st.columns(3)
a.download_button(
    tr("report.download_html"), document.encode("utf-8"), file_name=f"{name}.html",
    mime="text/html", key="report.html", icon=":material/html:",
)  # fmt: skip
b.download_button(
    tr("report.download_xlsx"), workbook, file_name=f"{name}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="report.xlsx", icon=":material/table_view:",
)  # fmt: skip
if c.button(tr("report.make_pdf"), key="report.make_pdf", icon=":material/picture_as_pdf:"):
    try:
        pdf = load_report_pdf(document, footer)
    except KakehashiError as exc:
        ui.stop_with_error(exc)
    c.download_button(
        tr("report.download_pdf"), pdf, file_name=f"{name}.pdf", mime="application/pdf",
        key="report.pdf", icon=":material/download:",
    )  # fmt: skip

# --- preview --------------------------------------------------------------------------------
st.subheader(tr("report.preview"))
st.caption(title)
components.html(document, height=900, scrolling=True)
