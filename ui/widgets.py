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
from analytics.text import format as fmt
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


def formatted_table(
    frame: pl.DataFrame,
    columns: dict[str, tuple[str, str | None, str | int]],
    *,
    key: str,
    labels: dict[str, str] | None = None,
    rates: dict[str, tuple[str, str, str]] | None = None,
) -> None:
    """Show ``frame`` with every number formatted by :mod:`analytics.text.format`.

    ``columns`` maps each shown column to ``(label key, format kind or None, width)``:
    the kind is one of :data:`analytics.text.format.FORMATTERS` (None: text as it is),
    the width (``small``/``medium``/``large`` or pixels) keeps every column readable at
    1280×720. ``labels`` gives literal headers for columns named by data (e.g. one per score
    band); ``rates`` makes text columns "15.2% (12.1–18.9%)" from (rate, low, high) columns
    (:func:`analytics.text.format.format_rate_intervals`) that ``columns`` can then show.
    An empty frame shows one line saying so.
    """
    if frame.is_empty():  # one line instead of an empty grid (whose "empty" is Streamlit's)
        st.caption(tr("sla.no_rows"))
        return
    if rates:
        frame = fmt.format_rate_intervals(frame, rates, lang())
    kinds = {c: kind for c, (_, kind, _) in columns.items() if kind is not None}
    shown = fmt.format_columns(frame.select(list(columns)), kinds, lang())
    shown = shown.with_columns(pl.col(pl.String).fill_null(fmt.MISSING))  # never "None"
    literal = labels or {}
    config = {
        c: st.column_config.TextColumn(literal.get(c) or tr(label_key), width=width)
        for c, (label_key, _, width) in columns.items()
    }
    st.dataframe(shown, hide_index=True, column_config=config, key=key)


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
    monthly = compute_monthly_kpis(
        replayed.leads,
        as_of=replayed.as_of,
        costs=costs,
        contact_hours=chosen.sla.contact_hours,
    )
    month = kpi_month(monthly, until=last_day)
    return None if month is None else (summarise_month(monthly, month), month)


def show_kpi_cards(cards: pl.DataFrame, *, per_row: int = 6) -> None:
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
    """A KPI value for display, through the one formatting layer (:mod:`analytics.text.format`)."""
    if kind == "rate":
        return fmt.pct(value)
    if kind == "days":
        return fmt.days(value, lang())
    if kind == "money":
        return fmt.yen(value, lang())
    return fmt.count(value)


def kpi_delta(card: dict[str, Any]) -> str | None:
    """The change against the previous month: rate points for rates, else absolute and %."""
    delta = card["delta_previous"]
    if delta is None:
        return None
    if card["kind"] == "rate":
        return fmt.pct_points(delta, lang=lang())
    pct = card["pct_previous"]
    if card["kind"] == "money":
        shown = ("+" if delta > 0 else "") + fmt.yen(delta, lang())
    elif card["kind"] == "days":
        shown = ("+" if delta > 0 else "") + fmt.days(delta, lang())
    else:
        shown = f"{delta:+,.0f}".replace("-", "−")
    return shown + (f" ({pct:+.0%})".replace("-", "−") if pct is not None else "")


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
            ci = tr("kpis.ci", low=fmt.pct(card["ci_low"]), high=fmt.pct(card["ci_high"]))
        text = tr("kpis.detail", year=year, n=n, ci=ci)
        significance = kpi_significance(card)
        text += f" · {significance}" if significance else ""
    else:
        text = tr("kpis.year_ago", year=year)
    if card.get("maturing"):
        text += f" · :material/hourglass_top: {tr('kpis.maturing')}"
    if card.get("cohort"):
        text += f" · {fmt.label('cohort', card['cohort'], lang())}"
    return text + (f" · :material/warning: {tr('kpis.small')}" if card["small_sample"] else "")
