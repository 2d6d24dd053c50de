"""How pages show things: errors, the empty state, charts, tables, KPI cards, the replay preamble.

Rendering only: every number comes from :mod:`analytics`, every text from the catalog
(:func:`ui.state.tr`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from analytics.criteria import Criteria
from analytics.errors import KakehashiError
from analytics.metrics.funnel import filter_created
from analytics.metrics.kpis import (
    LOWER_IS_BETTER,
    compute_monthly_kpis,
    kpi_month,
    summarise_month,
)
from analytics.scoring.replay import Replay
from analytics.store.db import Workspace
from analytics.text.catalog import STRINGS
from ui.cache import criteria, get_workspace, load_conversion_table, load_replay, summary
from ui.state import lang, period, tr

IMPORT_HISTORY_COLUMNS = (
    "import_id",
    "kind",
    "file_name",
    "encoding",
    "delimiter",
    "preset",
    "rows_read",
    "inserted",
    "updated",
    "rejected",
    "status",
    "finished_at",
)
# Columns of the conversion tables shown as percentages, and those shown with 2 decimals.
RATE_COLUMNS = frozenset(
    {
        "rate",
        "ci_low",
        "ci_high",
        "overall_rate",
        "share_of_conversions",
        "share",
        "won_rate",
        "won_ci_low",
        "won_ci_high",
        "sql_rate",
        "sql_ci_low",
        "sql_ci_high",
        "share_converted",
        "share_all",
    }
)
DECIMAL_COLUMNS = frozenset({"lift", "median_days", "p75_days", "age_days"})


# --- problems and the empty workspace ------------------------------------------------------
def show_error(exc: KakehashiError) -> None:
    """Show a user-fixable problem as one red line in the sidebar language (never a traceback)."""
    st.error(tr("common.error", message=exc.localized(lang())), icon=":material/error:")


def stop_with_error(exc: KakehashiError) -> NoReturn:
    """Show the problem (:func:`show_error`) and end this run of the page."""
    show_error(exc)
    st.stop()


def empty_state(message_key: str = "common.empty_title") -> None:
    """A friendly notice for an empty workspace, with the ways in (demo, import)."""
    st.info(tr(message_key), icon=":material/inbox:")
    st.caption(tr("common.empty_hint"))
    cols = st.columns(2)
    with cols[0]:
        st.page_link("pages/overview.py", label=tr("common.go_overview"), icon=":material/home:")
    with cols[1]:
        st.page_link(
            "pages/import_data.py", label=tr("common.go_import"), icon=":material/upload_file:"
        )


# --- the preamble of a page that reads the replay ------------------------------------------
def page_replay(empty_key: str) -> tuple[Criteria, Replay]:
    """(criteria, replay) for a page that reads the replay.

    An empty workspace shows ``empty_key`` (with the ways in) and bad criteria their
    error; both end the page's run.
    """
    ws = get_workspace()
    if summary()["counts"]["leads"] == 0:
        empty_state(empty_key)
        st.stop()
    try:
        chosen = criteria()
        return chosen, load_replay(ws.path, ws.data_version, chosen.sha256, chosen)
    except KakehashiError as exc:
        stop_with_error(exc)


def leads_in_period(replayed: Replay) -> pl.DataFrame:
    """The replay's leads created in the sidebar period (all of them, with a note, if none)."""
    leads = filter_created(replayed.leads, *period())
    if leads.is_empty():
        st.caption(tr("conversion.period_all"))
        return replayed.leads
    return leads


# --- charts and tables ---------------------------------------------------------------------
def chart(fig: go.Figure, *, key: str) -> None:
    """Draw a figure of :mod:`analytics.charts` with its own theme, full width.

    ``theme=None``: Streamlit's chart theme would replace the Kakehashi template
    (:mod:`analytics.charts.theme`: fonts, ink and colours that carry meaning).
    """
    st.plotly_chart(fig, theme=None, key=key, width="stretch")


def column_labels(columns: list[str], *, prefix: str = "common.col_") -> dict[str, str]:
    """``st.dataframe`` column_config labels for the columns that have a translation."""
    return {c: tr(prefix + c) for c in columns if prefix + c in STRINGS}


def translate_values(frame: pl.DataFrame, column: str, prefix: str) -> pl.DataFrame:
    """Replace the values of ``column`` that have a translation ``prefix + value``."""
    if column not in frame.columns:
        return frame
    mapping = {key.removeprefix(prefix): tr(key) for key in STRINGS if key.startswith(prefix)}
    return frame.with_columns(pl.col(column).cast(pl.String).replace(mapping))


def show_imports(history: pl.DataFrame) -> None:
    """An import history table (``imports`` rows): readable columns, translated values."""
    shown = history.select([c for c in IMPORT_HISTORY_COLUMNS if c in history.columns])
    shown = translate_values(shown, "kind", "common.kind_")
    shown = translate_values(shown, "status", "common.status_")
    if "delimiter" in shown.columns:
        shown = shown.with_columns(
            pl.col("delimiter").replace({"\t": tr("import.delimiter_tab"), "xlsx": "Excel"})
        )
    config: dict[str, Any] = column_labels(shown.columns)
    for column in ("rows_read", "inserted", "updated", "rejected"):
        if column in config:
            config[column] = st.column_config.NumberColumn(config[column], format="localized")
    st.dataframe(shown, hide_index=True, column_config=config)


def conversion_columns(columns: list[str]) -> dict[str, Any]:
    """``st.dataframe`` column_config for conversion tables: translated labels, rates as percent."""
    config: dict[str, Any] = {}
    for column in columns:
        key = f"conversion.col_{column}"
        label = tr(key) if key in STRINGS else column
        if column in RATE_COLUMNS:
            config[column] = st.column_config.NumberColumn(label, format="percent")
        elif column in DECIMAL_COLUMNS:
            config[column] = st.column_config.NumberColumn(label, format="%.2f")
        else:
            config[column] = label
    return config


# --- KPI cards -----------------------------------------------------------------------------
def month_kpis(ws: Workspace, last_day: date) -> tuple[pl.DataFrame, date] | None:
    """The KPI cards (:func:`analytics.metrics.kpis.summarise_month`) of the period's last month.

    The month is :func:`analytics.metrics.kpis.kpi_month` of the period's end. Returns
    ``(cards, month)``, or None when there is nothing to compute (bad criteria show their error).
    """
    try:
        chosen = criteria()
        replayed = load_replay(ws.path, ws.data_version, chosen.sha256, chosen)
    except KakehashiError as exc:
        show_error(exc)
        return None
    costs = load_conversion_table(ws.path, ws.data_version, "costs")
    monthly = compute_monthly_kpis(replayed.leads, costs=costs)
    month = kpi_month(monthly, until=last_day)
    return None if month is None else (summarise_month(monthly, month), month)


def show_kpi_cards(cards: pl.DataFrame, *, per_row: int = 5) -> None:
    """The KPI cards in rows of ``per_row``: value, change, 12-month trend, detail line."""
    for start in range(0, cards.height, per_row):
        row = cards.slice(start, per_row)
        for column, card in zip(st.columns(per_row), row.iter_rows(named=True), strict=False):
            column.metric(
                tr(f"kpis.name_{card['kpi']}"),
                format_kpi(card["kind"], card["value"]),
                kpi_delta(card),
                delta_color="inverse" if card["kpi"] in LOWER_IS_BETTER else "normal",
                chart_data=[v for v in card["trend"] if v is not None] or None,
                border=True,
            )
            column.caption(kpi_detail(card))


def format_kpi(kind: str, value: float | None) -> str:
    """A KPI value for display: counts with separators, rates in %, days to 0.1, money compact
    (万/億 in Japanese, k/M in English) so that it fits a card."""
    if value is None:
        return "–"
    if kind == "rate":
        return f"{value:.1%}"
    if kind == "days":
        return f"{value:,.1f}"
    if kind == "money" and abs(value) >= 10_000:
        if lang() == "ja":
            if abs(value) >= 1e8:
                return f"{value / 1e8:,.2f}億"
            return f"{value / 1e4:,.0f}万" if abs(value) >= 1e6 else f"{value / 1e4:,.1f}万"
        return f"{value / 1e6:,.2f}M" if abs(value) >= 1e6 else f"{value / 1e3:,.1f}k"
    return f"{value:,.0f}"


def kpi_delta(card: dict[str, Any]) -> str | None:
    """The change against the previous month: rate points for rates, else absolute and %."""
    delta = card["delta_previous"]
    if delta is None:
        return None
    if card["kind"] == "rate":
        return f"{delta * 100:+.1f} pt"
    pct = card["pct_previous"]
    return f"{delta:+,.0f}" + (f" ({pct:+.0%})" if pct is not None else "")


def kpi_significance(card: dict[str, Any]) -> str | None:
    """For rates: whether the change against last month is real (two-proportion z-test, 5%)."""
    p = card["p_previous"]
    if card["kind"] != "rate" or p is None:
        return None
    return tr("kpis.real_change") if p < 0.05 else tr("kpis.within_noise")


def kpi_detail(card: dict[str, Any]) -> str:
    """Year-ago value (for rates also n, the 95% interval and whether the change is real)."""
    year = format_kpi(card["kind"], card["year_ago"])
    if card["kind"] == "rate":
        n = "–" if card["n"] is None else f"{card['n']:,}"
        ci = ""
        if card["ci_low"] is not None:
            ci = tr("kpis.ci", low=f"{card['ci_low']:.1%}", high=f"{card['ci_high']:.1%}")
        text = tr("kpis.detail", year=year, n=n, ci=ci)
        significance = kpi_significance(card)
        text += f" · {significance}" if significance else ""
    else:
        text = tr("kpis.year_ago", year=year)
    return text + (f" · :material/warning: {tr('kpis.small')}" if card["small_sample"] else "")
