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
from analytics.metrics.definitions import WinGaps, outcome_source, win_gaps
from analytics.metrics.funnel import created_in_or_all
from analytics.metrics.kpis import (
    LOWER_IS_BETTER,
    kpi_month,
    summarise_month,
)
from analytics.scoring.replay import Replay
from analytics.store.db import Workspace
from analytics.text import format as fmt
from analytics.text.catalog import STRINGS, Text, t
from ui.cache import (
    criteria,
    get_workspace,
    load_monthly_kpis,
    load_replay,
    load_unmatched,
    summary,
)
from ui.state import lang, md, period, tr

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


# --- the meeting-room layout ---------------------------------------------------------------
# The one place with CSS: the page is read at 1280×720 on a projector, so the empty band
# above the title is cut, titles are a little smaller, and a metric's title, value and change
# wrap instead of ending in "…" (the KPI cards, five to a row, get a smaller value).
# Streamlit's own test ids are the selectors (stable across 1.6x).
LAYOUT_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.75rem; padding-bottom: 3rem; }
[data-testid="stSidebarHeader"] { height: 2.5rem; margin-bottom: 0; }
[data-testid="stSidebarUserContent"] { padding-top: 0.5rem; }
[data-testid="stMain"] h1 { font-size: 2.1rem; padding-top: 0; padding-bottom: 0.25rem; }
[data-testid="stMain"] h2, [data-testid="stMain"] h3 { padding-top: 0.6rem; }
[data-testid="stMetric"] .stMarkdownEllipsis, [data-testid="stMetric"] .stMarkdownEllipsis * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stMetricValue"] { font-size: 2rem; }
[data-testid="stMetric"]:has([data-testid="stMetricChart"]) [data-testid="stMetricValue"] {
  font-size: 1.6rem;
}
</style>
"""


def apply_layout() -> None:
    """Apply :data:`LAYOUT_CSS` and the uploader's words (app.py calls it once per run, before
    the page)."""
    st.html(LAYOUT_CSS + uploader_css(lang()))


def uploader_css(language: str) -> str:
    """CSS that shows the file uploader's own words in ``language`` (none for English).

    Streamlit writes them in English only ("Upload", "200MB per file • CSV, …") and has no
    option to change them, so they are hidden and drawn again as generated content (the
    accepted types are in every uploader's label). Streamlit's test ids are the selectors.

    Example:
        >>> uploader_css("en")
        ''
        >>> "アップロード" in uploader_css("ja")
        True
    """
    if language == "en":
        return ""
    size = st.get_option("server.maxUploadSize")
    button = _css_text(t("common.upload_button", language))
    limit = _css_text(t("common.upload_limit", language, size=f"{fmt.count(size)}MB"))
    button_text = (
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
    )
    instructions = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    return (
        "<style>"
        f"{button_text}, {instructions} {{ font-size: 0; }}"
        f'{button_text}::after {{ content: "{button}"; font-size: 0.875rem; }}'
        f'{instructions}::after {{ content: "{limit}"; font-size: 0.875rem; }}'
        "</style>"
    )


def _css_text(text: str) -> str:
    """``text`` as the inside of a CSS string (no way out of the quotes or the style element)."""
    return "".join(
        ch if ch.isalnum() or ch in " ・、。（）()" else f"\\{ord(ch):x} " for ch in text
    )


# --- problems and the empty workspace ------------------------------------------------------
def show_error(exc: KakehashiError) -> None:
    """Show a user-fixable problem as one red line in the sidebar language (never a traceback)."""
    # the message names user text (files, headers, values): shown literally, never as markup
    st.error(tr("common.error", message=md(exc.localized(lang()))), icon=":material/error:")


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
        replayed = load_replay(ws.path, ws.data_version, chosen.sha256, chosen)
    except KakehashiError as exc:
        stop_with_error(exc)
    data_notes(replayed)
    return chosen, replayed


def data_notes(replayed: Replay) -> None:
    """What the page's numbers rest on: the outcome source (or that there is none) and a
    snapshot without creation dates."""
    source = outcome_source(replayed.leads)
    if source.known:
        st.caption(source.text().localized(lang()))
    else:
        st.warning(
            Text("metrics.outcome.required", {"what": tr("common.this_page")}).localized(lang())
        )
    if replayed.leads.height and replayed.leads["created_at"].null_count() == replayed.leads.height:
        st.caption(Text("whatif.snapshot").localized(lang()))


def require_outcome(replayed: Replay, outcome: str) -> None:
    """Stop a page whose analysis needs the won outcome when the workspace has none (no zeros)."""
    if outcome == "won" and not outcome_source(replayed.leads).known:
        st.info(tr("common.no_outcome"), icon=":material/info:")
        st.page_link(
            "pages/import_data.py", label=tr("common.go_import"), icon=":material/upload_file:"
        )
        st.stop()


def unmatched_notes(ws: Workspace, chosen: Criteria) -> None:
    """The fit-rule values and bands no lead has (a misspelt value scores nobody), folded."""
    found = load_unmatched(ws.path, ws.data_version, chosen.sha256, chosen)
    if not found:
        return
    with st.expander(tr("scoring.unmatched", n=fmt.count(len(found))), icon=":material/warning:"):
        for one in found:
            st.caption(one.text(fmt.rule_label(one.rule, one.label, lang())).localized(lang()))


def leads_in_period(replayed: Replay) -> pl.DataFrame:
    """The replay's leads created in the sidebar period (all of them, with a note, if none)."""
    leads = created_in_or_all(replayed.leads, *period())
    if leads is replayed.leads:
        st.caption(tr("conversion.period_all"))
    return leads


# --- pickers whose options are translated --------------------------------------------------
def choice(
    widget: Any, label: str, options: list[Any], *, key: str, format_func: Any, **kwargs: Any
) -> Any:
    """A radio or selectbox whose option labels are translated, keeping the choice across a
    language switch.

    The browser keeps a widget's labels and marks the chosen option by its label, so a
    widget whose labels change with the language shows stale labels or no choice at all.
    So there is one widget per language (key ``f"{key}.{lang}"``) and the choice lives in
    the plain state key ``key`` (read it there; choose with :func:`set_choice`).

    Args:
        widget: ``st.radio``/``st.selectbox`` or the same method of a column.
        label: the widget label (translated).
        options: the option values.
        key: the page's state key of the choice.
        format_func: value -> label; bind the language now (``ui.labeller``).
        **kwargs: passed on (``horizontal``, ``help``, ``index`` for the first choice).

    Returns:
        The chosen value.
    """
    options = list(options)
    first = kwargs.pop("index", 0)
    widget_key = f"{key}.{lang()}"
    if widget_key not in st.session_state:  # a new widget starts from the kept choice
        known = key in st.session_state and st.session_state[key] in options  # None may be one
        kwargs["index"] = options.index(st.session_state[key]) if known else first
    value = widget(label, options=options, format_func=format_func, key=widget_key, **kwargs)
    st.session_state[key] = value
    return value


def set_choice(key: str, value: Any) -> None:
    """Choose ``value`` in the :func:`choice` widget of ``key`` (call before the widget)."""
    st.session_state[key] = value
    st.session_state[f"{key}.{lang()}"] = value


def choices(
    widget: Any,
    label: str,
    options: list[Any],
    *,
    key: str,
    format_func: Any,
    default: list[Any] | None = None,
    **kwargs: Any,
) -> list[Any]:
    """:func:`choice` for a multiselect: the chosen values live in ``key``."""
    chosen = st.session_state.get(key)
    chosen = [v for v in chosen if v in options] if isinstance(chosen, list) else default or []
    value = widget(
        label, options=list(options), default=chosen, format_func=format_func,
        key=f"{key}.{lang()}", **kwargs,
    )  # fmt: skip
    st.session_state[key] = list(value)
    return list(value)


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
    delimiters = {"\t": tr("import.delimiter_tab"), "xlsx": "Excel"}
    shown = history.with_columns(
        pl.col(c).cast(pl.String).replace(delimiters).alias(c)
        for c in ("delimiter",)
        if c in history.columns
    )
    columns = {  # what and how it went first; the file's name and its reading after
        "import_id": (tr("common.col_import_id"), "count"),
        "kind": (tr("common.col_kind"), "code:kind"),
        "status": (tr("common.col_status"), "code:status"),
        "rows_read": (tr("common.col_rows_read"), "count"),
        "inserted": (tr("common.col_inserted"), "count"),
        "updated": (tr("common.col_updated"), "count"),
        "rejected": (tr("common.col_rejected"), "count"),
        "finished_at": (tr("common.col_finished_at"), "moment"),
        "file_name": (tr("common.col_file_name"), "text"),
        "encoding": (tr("common.col_encoding"), "text"),
        "delimiter": (tr("common.col_delimiter"), "text"),
        "preset": (tr("common.col_preset"), "code:preset"),
    }
    table(
        shown,
        {c: spec for c, spec in columns.items() if c in shown.columns},
        key=None,
    )


def show_rejects(rejects: pl.DataFrame, *, key: str) -> None:
    """Rejected rows of an import: row number, the file's column, the reason (in full)."""
    columns = {
        "row": (tr("common.col_row"), "count"),
        "row_number": (tr("common.col_row_number"), "count"),
        "column": (tr("common.col_column"), "text"),
        "reason": (tr("common.col_reason"), "text"),
        "raw": (tr("common.col_raw"), "text"),
    }
    table(
        rejects,
        {c: spec for c, spec in columns.items() if c in rejects.columns},
        key=key,
    )


def conversion_table(frame: pl.DataFrame, *, key: str | None = None) -> pl.DataFrame:
    """Show a conversion table (funnel, cohorts, splits, stage times) through :func:`table`.

    Each column's header is its translated label and its kind follows from its name
    and type: rates as percentages, money compact in yen, counts with separators,
    months as months, other numbers with one decimal, text (e.g. a split's values) as
    written. Returns the displayed frame.
    """
    frame = merged_intervals(frame)
    columns: dict[str, tuple[str, str]] = {}
    for column, dtype in frame.schema.items():
        name = f"conversion.col_{column}"
        header = tr(name) if name in STRINGS else fmt.label("column", column, lang())
        if column in RATE_COLUMNS:
            kind = "pct"
        elif "amount" in column or "revenue" in column:
            kind = "money"
        elif dtype == pl.Date or column in {"cohort", "month"}:
            kind = "month"
        elif dtype.is_integer():
            kind = "count"
        elif dtype == pl.Boolean:
            kind = "bool"
        elif dtype.is_numeric():
            kind = "number"
        else:
            kind = "text"
        columns[column] = (header, kind)
    return table(frame, columns, key=key)


def merged_intervals(frame: pl.DataFrame) -> pl.DataFrame:
    """Each ``<p>ci_low``/``<p>ci_high`` pair as one column ``<p>ci`` (``8.0–11.0%``) where
    the low one was: one narrow column instead of two, so that a conversion table fits its
    half of a 1280-px screen, read as the report writes an interval.

    Example:
        >>> merged_intervals(pl.DataFrame({"rate": [0.1], "ci_low": [0.08], "ci_high": [0.11],
        ...     "n": [5]})).rows()
        [(0.1, '8.0–11.0%', 5)]
    """
    for low in [c for c in frame.columns if c.endswith("ci_low")]:
        prefix = low.removesuffix("ci_low")
        if f"{prefix}ci_high" not in frame.columns:
            continue
        pairs = zip(frame[low], frame[f"{prefix}ci_high"], strict=True)  # a display table's rows
        text = pl.Series(f"{prefix}ci", [fmt.interval(a, b) for a, b in pairs], dtype=pl.String)
        frame = frame.with_columns(text.alias(low)).rename({low: f"{prefix}ci"})
        frame = frame.drop(f"{prefix}ci_high")
    return frame


Width = str | int  # "small" | "medium" | "large" or pixels
# Pixels per character of a table cell (14 px Source Sans: Latin and digits, CJK full width),
# the cell padding, and the widest a fitted column gets (wider text is cut with "…").
CHAR_PX, WIDE_PX, CELL_PADDING_PX, MAX_FITTED_PX = 7.5, 14, 22, 420


def fitted_widths(shown: pl.DataFrame, headers: dict[str, str]) -> dict[str, int]:
    """Each text column's width in pixels so that its header and cells are not cut.

    Streamlit sizes columns by measuring text before the Japanese font is in, so
    Japanese headers end up cut (``スコア帯`` shown as ``スコア``); here the width is
    counted from the text: full-width characters twice as wide as Latin ones.
    """

    def width(text: pl.Expr) -> pl.Expr:
        wide = text.str.count_matches(r"[^\x00-\x7F]")
        return (text.str.len_chars() - wide) * CHAR_PX + wide * WIDE_PX

    measured = shown.select(
        pl.max_horizontal(
            width(pl.lit(headers.get(c, c))), width(pl.col(c).cast(pl.String)).max()
        ).alias(c)
        for c in shown.columns
        if shown.schema[c] == pl.String
    )
    if measured.height == 0:
        return {}
    return {
        c: int(min(max(w or 0, 40) + CELL_PADDING_PX, MAX_FITTED_PX))
        for c, w in measured.row(0, named=True).items()
    }


def table(
    frame: pl.DataFrame,
    columns: dict[str, tuple[str, str]],
    *,
    widths: dict[str, Width] | None = None,
    key: str | None = None,
    height: int | None = None,
) -> pl.DataFrame:
    """Show a table as its reader sees it, and return that display frame (for a download).

    Args:
        frame: the analytics frame.
        columns: ``{column: (header, kind)}`` in display order; the header is already
            translated and the kind is one of :func:`analytics.text.format.format_table`
            (``count``, ``pct``, ``money``, ``code:stage`` …). Other columns are not shown.
        widths: ``{column: width}`` for the columns that must not be cut (key columns
            get ``"medium"``/``"large"``; the rest size to their content).
        key: the widget key (the page name first).
        height: rows area height in pixels (None: Streamlit's default, 10 rows).

    Returns:
        The displayed frame with the headers as column names.
    """
    shown = fmt.format_table(frame, {c: kind for c, (_, kind) in columns.items()}, lang())
    widths = {
        **fitted_widths(shown, {c: header for c, (header, _) in columns.items()}),
        **(widths or {}),
    }
    config: dict[str, Any] = {}
    for column, (header, kind) in columns.items():
        width = widths.get(column)
        if kind == "bool":
            config[column] = st.column_config.CheckboxColumn(header, width=width or "small")
        else:
            config[column] = st.column_config.TextColumn(
                header,
                width=width,
                alignment="right" if fmt.is_numeric_kind(kind) else "left",
            )
    st.dataframe(shown, hide_index=True, column_config=config, key=key, height=height or "auto")
    return shown.rename({c: header for c, (header, _) in columns.items()})


# --- KPI cards -----------------------------------------------------------------------------
def month_kpis(ws: Workspace, last_day: date) -> tuple[pl.DataFrame, date, WinGaps] | None:
    """The KPI cards (:func:`analytics.metrics.kpis.summarise_month`) of the period's last month.

    The month is :func:`analytics.metrics.kpis.kpi_month` of the period's end. Returns
    ``(cards, month, gaps)`` (``gaps``: what the wins leave unknown, for :func:`win_notes`),
    or None when there is nothing to compute (bad criteria show their error).
    """
    try:
        chosen = criteria()
        monthly = load_monthly_kpis(ws.path, ws.data_version, chosen.sha256, chosen)
        gaps = win_gaps(load_replay(ws.path, ws.data_version, chosen.sha256, chosen).leads)
    except KakehashiError as exc:
        show_error(exc)
        return None
    month = kpi_month(monthly, until=last_day)
    return None if month is None else (summarise_month(monthly, month), month, gaps)


def win_notes(gaps: WinGaps, kinds: tuple[str, ...] = ("undated", "unpriced")) -> None:
    """Why a win or revenue figure is "–" or leaves wins out (:class:`WinGaps`), one line each."""
    for note in gaps.notes(kinds):
        st.caption(":material/info: " + note.localized(lang()))


def metric(
    where: Any,
    label: str,
    value: str,
    *,
    delta: str | None = None,
    change: float | None = None,
    lower_is_better: bool = False,
    help: str | None = None,
    border: bool = False,
    chart_data: list[float] | None = None,
) -> None:
    """A metric card whose change is coloured by its meaning.

    ``delta`` is the formatted change (:mod:`analytics.text.format`, which writes ``−``);
    ``change`` its sign as a number. Streamlit reads the direction from a leading ASCII
    ``-``, so the sign is given to it that way; no change is grey, and when
    ``lower_is_better`` (costs, days, wins missed) a rise is red — worse is never green.
    """
    if delta is not None and change is not None and change < 0:
        delta = "-" + delta.lstrip("−-")
    color = "off" if change == 0 else "inverse" if lower_is_better else "normal"
    where.metric(
        label,
        value,
        delta,
        delta_color=color,
        help=help,
        border=border,
        chart_data=chart_data,
    )


def show_kpi_cards(cards: pl.DataFrame, *, per_row: int = 4) -> None:
    """The KPI cards in rows of ``per_row``: value, change, 12-month trend, detail line."""
    for start in range(0, cards.height, per_row):
        row = cards.slice(start, per_row)
        for column, card in zip(st.columns(per_row), row.iter_rows(named=True), strict=False):
            metric(
                column,
                tr(f"kpis.name_{card['kpi']}"),
                format_kpi(card["kind"], card["value"]),
                delta=kpi_delta(card),
                change=card["delta_previous"],
                lower_is_better=card["kpi"] in LOWER_IS_BETTER,
                chart_data=[v for v in card["trend"] if v is not None] or None,
                border=True,
            )
            column.caption(kpi_detail(card))


def format_kpi(kind: str, value: float | None) -> str:
    """A KPI value for a card (:mod:`analytics.text.format`): counts with separators, rates in %,
    days with one decimal and the unit, money compact (万/億円 in Japanese, ¥…M in English)."""
    language = lang()
    if kind == "rate":
        return fmt.pct(value)
    if kind == "days":
        return fmt.days(value, language)
    if kind == "money":
        return fmt.yen(value, language, compact=True)
    return fmt.count(value)


def kpi_delta(card: dict[str, Any]) -> str | None:
    """The change against the previous month: rate points for rates, else absolute and %."""
    delta = card["delta_previous"]
    if delta is None:
        return None
    if card["kind"] == "rate":
        return fmt.pct_points(delta, lang=lang())
    sign = "+" if delta > 0 else ""
    if card["kind"] == "money":
        text = sign + fmt.yen(delta, lang(), compact=True)
    elif card["kind"] == "days":
        text = sign + fmt.days(delta, lang())
    else:
        text = fmt.points(delta) if delta else "±0"
    pct = card["pct_previous"]
    return text + (f" ({sign}{fmt.pct(pct, 0)})" if pct is not None else "")


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
        n = fmt.count(card["n"])
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
