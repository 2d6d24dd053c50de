"""Streamlit helpers shared by app.py and every page: the only place pages get shared state from.

- :func:`lang`, :func:`tr`: the sidebar language and translated strings;
- :func:`get_workspace`: the workspace connection (``st.cache_resource`` per db path);
- :func:`period`: the sidebar period (first day of the first month, last day of the last);
- :func:`show_error`, :func:`empty_state`: how pages report problems and an empty workspace;
- :func:`clear_caches`: called after an import (or demo load) changes the data.

The workspace path comes from (first found): ``st.session_state["app.db"]`` (tests),
``--db PATH`` after ``--`` on the ``streamlit run`` line, the ``KAKEHASHI_DB``
environment variable, :data:`analytics.store.db.DEFAULT_DB`.

Cached loaders of other modules go at the end, each in its owner's marked section,
keyed by ``(db path, ws.data_version, criteria.sha256)`` so that imports invalidate them.
"""

from __future__ import annotations

import argparse
import calendar
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import streamlit as st

from analytics.errors import KakehashiError
from analytics.store.db import DEFAULT_DB, Workspace
from analytics.store.summary import data_period, workspace_summary
from analytics.text.catalog import LANGUAGES, STRINGS, t

DB_KEY = "app.db"
LANG_KEY = "app.lang"
LANG_CHOSEN_KEY = "app.lang_chosen"  # the same, kept through st.switch_page
PERIOD_KEY = "app.period"
PERIOD_BOUNDS_KEY = "app.period_bounds"


def require_app() -> None:
    """Make sure this page runs inside ``app.py``'s navigation; every page calls it first.

    Streamlit decides once per server process whether ``pages/`` is an old-style
    (v1) multipage folder (``PagesManager.uses_pages_directory``) and only clears
    that flag when ``st.navigation`` runs. So when the first request to a fresh
    server is a deep link such as ``/whatif``, Streamlit runs ``pages/whatif.py``
    on its own: no sidebar, language, period or criteria. Here the flag is cleared
    and the run restarted, so ``app.py`` builds the navigation and runs this page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def db_path() -> str:
    """The workspace file of this session (see the module docstring for the order)."""
    chosen = st.session_state.get(DB_KEY)
    if chosen:
        return str(chosen)
    if Path(sys.argv[0]).name == "app.py":  # `streamlit run app.py -- --db PATH`
        parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
        parser.add_argument("--db")
        known, _ = parser.parse_known_args(sys.argv[1:])
        if known.db:
            return known.db
    return os.environ.get("KAKEHASHI_DB") or str(DEFAULT_DB)


def default_lang() -> str:
    """The starting language: ``KAKEHASHI_LANG`` if it names one, else Japanese."""
    chosen = os.environ.get("KAKEHASHI_LANG", "ja")
    return chosen if chosen in LANGUAGES else "ja"


def lang() -> str:
    """The language chosen in the sidebar: ``"en"`` or ``"ja"``."""
    chosen = st.session_state.get(LANG_KEY) or default_lang()
    return chosen if chosen in LANGUAGES else "en"


def tr(key: str, **values: Any) -> str:
    """The UI string ``key`` in the sidebar language, placeholders filled."""
    return t(key, lang(), **values)


@st.cache_resource(show_spinner=False, max_entries=8)
def _open_workspace(path: str) -> Workspace:
    return Workspace.open(path)


def get_workspace() -> Workspace:
    """The session's workspace (one connection per db path, shared by sessions).

    Raises:
        WorkspaceError: the file is held by another process or is not a workspace.
    """
    return _open_workspace(db_path())


@st.cache_data(show_spinner=False, max_entries=16)
def load_summary(path: str, data_version: int) -> dict[str, Any]:
    """:func:`analytics.store.summary.workspace_summary`, cached per (db path, data version)."""
    return workspace_summary(_open_workspace(path))


@st.cache_data(show_spinner=False, max_entries=16)
def load_data_period(path: str, data_version: int) -> tuple[date, date] | None:
    """:func:`analytics.store.summary.data_period`, cached per (db path, data version)."""
    return data_period(_open_workspace(path))


def summary() -> dict[str, Any]:
    """The current workspace's summary (cached until the data changes)."""
    ws = get_workspace()
    return load_summary(ws.path, ws.data_version)


def period() -> tuple[date, date]:
    """The sidebar period: first day of its first month, last day of its last month.

    Without dated data (or before the sidebar ran) it is the current month.
    """
    months = st.session_state.get(PERIOD_KEY)
    if not months:
        today = date.today()
        months = (today.replace(day=1), today.replace(day=1))
    first, last = months
    return first, last.replace(day=calendar.monthrange(last.year, last.month)[1])


def show_error(exc: KakehashiError) -> None:
    """Show a user-fixable problem as one red line in the sidebar language (never a traceback)."""
    st.error(tr("common.error", message=exc.localized(lang())), icon=":material/error:")


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


def labeller(prefix: str) -> Callable[[object], str]:
    """A ``format_func`` that translates ``prefix + value`` in the language of this run.

    The language is bound now, not when the function is called: AppTest calls a
    widget's ``format_func`` outside the script run, where session state is not
    available. Use it (never ``lambda v: tr(...)``) for selectbox/radio labels.
    """
    language = lang()
    return lambda value: t(f"{prefix}{value}", language)


def clear_caches() -> None:
    """Forget every cached frame (after an import or a demo load changed the data)."""
    st.cache_data.clear()


def column_labels(columns: list[str], *, prefix: str = "common.col_") -> dict[str, str]:
    """``st.dataframe`` column_config labels for the columns that have a translation."""
    return {c: tr(prefix + c) for c in columns if prefix + c in STRINGS}


def translate_values(frame: pl.DataFrame, column: str, prefix: str) -> pl.DataFrame:
    """Replace the values of ``column`` that have a translation ``prefix + value``."""
    if column not in frame.columns:
        return frame
    mapping = {key.removeprefix(prefix): tr(key) for key in STRINGS if key.startswith(prefix)}
    return frame.with_columns(pl.col(column).cast(pl.String).replace(mapping))


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


# --- section: loaders (others append below) ---
CRITERIA_KEY = "app.criteria_id"


def criteria() -> Any:
    """The criteria chosen in the sidebar; by default the criteria in force (the agreed
    version, else the shipped default: :func:`analytics.criteria.agreement.criteria_in_force`).

    Every page reads its criteria here, so the sidebar choice applies to all of them.
    """
    return criteria_status()[0]


def page_replay(empty_key: str) -> tuple[Any, Any]:
    """(criteria, replay) for a page that reads the replay; an empty workspace or bad criteria
    shows ``empty_key`` or the error and stops the page."""
    ws = get_workspace()
    if summary()["counts"]["leads"] == 0:
        empty_state(empty_key)
        st.stop()
    try:
        chosen = criteria()
        return chosen, load_replay(ws.path, ws.data_version, chosen.sha256, chosen)
    except KakehashiError as exc:
        show_error(exc)
        st.stop()


def leads_in_period(replayed: Any) -> pl.DataFrame:
    """The replay's leads created in the sidebar period (all of them, with a note, if none)."""
    from analytics.metrics.funnel import filter_created

    leads = filter_created(replayed.leads, *period())
    if leads.is_empty():
        st.caption(tr("conversion.period_all"))
        return replayed.leads
    return leads


@st.cache_data(show_spinner=False, max_entries=6)
def load_replay(
    path: str, data_version: int, criteria_sha256: str, _criteria: Any, as_of: Any = None
) -> Any:
    """:func:`analytics.scoring.replay.replay`, cached per (db path, data version, criteria hash, as-of).

    The one cached replay every page shares (``_criteria`` is keyed by its sha256).
    """
    from analytics.scoring.replay import replay

    return replay(_open_workspace(path), _criteria, as_of=as_of)


# --- section: whatif (what-if engineer) ---
# The replay + sweep is cached once per (db path, data version, criteria hash); the page
# reads only small cached results on every rerun (st.cache_data returns copies), so moving
# the threshold never copies lead-sized frames.
@st.cache_data(show_spinner=False, max_entries=2)
def load_whatif(path: str, data_version: int, criteria_sha256: str, _criteria: Any) -> Any:
    """:func:`analytics.metrics.whatif.prepare_workspace` (replay + sweep); ``_criteria`` is keyed by its sha."""
    from analytics.metrics.whatif import prepare_workspace

    replayed = load_replay(path, data_version, criteria_sha256, _criteria)
    return prepare_workspace(_open_workspace(path), _criteria, replay=replayed)


@st.cache_data(show_spinner=False, max_entries=8)
def load_whatif_sweep(path: str, data_version: int, criteria_sha256: str, _criteria: Any) -> Any:
    """The prepared threshold sweep only (small: thresholds × months)."""
    return load_whatif(path, data_version, criteria_sha256, _criteria).sweep


@st.cache_data(show_spinner=False, max_entries=32)
def load_whatif_sql_rules(
    path: str,
    data_version: int,
    criteria_sha256: str,
    _criteria: Any,
    rules: tuple[tuple[str, tuple[tuple[str, int], ...]], ...],
) -> Any:
    """:func:`analytics.metrics.whatif.compare_sql_rules` for (name, ((item, level), …)) rules."""
    from analytics.metrics.whatif import compare_sql_rules

    prepared = load_whatif(path, data_version, criteria_sha256, _criteria)
    return compare_sql_rules(prepared.leads, prepared.bant, {n: dict(r) for n, r in rules})


@st.cache_data(show_spinner=False, max_entries=16)
def load_whatif_weights(
    path: str,
    data_version: int,
    criteria_sha256: str,
    _criteria: Any,
    weights: tuple[tuple[float, float], ...],
) -> Any:
    """:func:`analytics.metrics.whatif.compare_weights` on the as-of feature matrix, per weight pairs."""
    from analytics.metrics.whatif import compare_weights

    prepared = load_whatif(path, data_version, criteria_sha256, _criteria)
    features = load_features(path, data_version, scoring_structure_key(_criteria), _criteria)
    return compare_weights(features, _criteria, prepared.leads, list(weights))


# --- end section: whatif ---


# --- section: conversion (conversion engineer) ---
@st.cache_data(show_spinner=False, max_entries=16)
def load_conversion_table(path: str, data_version: int, table: str) -> Any:
    """A whole small workspace table (``feedback``, ``costs`` or ``deals``) as a polars frame."""
    if table not in {"feedback", "costs", "deals"}:
        raise ValueError(f"table {table!r} is not one the conversion pages load")
    return _open_workspace(path).query(f"SELECT * EXCLUDE (import_id) FROM {table}")


@st.cache_data(show_spinner=False, max_entries=8)
def load_behaviour_counts(
    path: str, data_version: int, criteria_sha256: str, window_days: float, _leads: Any
) -> Any:
    """:func:`analytics.metrics.profile.count_behaviours` for the replay's leads, cached per window."""
    from analytics.metrics.profile import count_behaviours

    return count_behaviours(_open_workspace(path), _leads, window_days=window_days)


@st.cache_data(show_spinner=False, max_entries=8)
def load_stage_matches(
    path: str, data_version: int, rules_key: str, as_of: Any, _rules: Any
) -> Any:
    """:func:`analytics.metrics.buying_stages.count_rule_matches` as of a date, cached per rules text."""
    from analytics.metrics.buying_stages import count_rule_matches

    return count_rule_matches(_open_workspace(path), _rules, as_of=as_of)


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


def conversion_columns(columns: list[str]) -> dict[str, Any]:
    """``st.dataframe`` column_config for conversion tables: translated labels, rates as percent."""
    config: dict[str, Any] = {}
    for column in columns:
        key = f"conversion.col_{column}"
        label = tr(key) if key in STRINGS else column
        if column in RATE_COLUMNS:
            config[column] = st.column_config.NumberColumn(label, format="percent")
        elif column in {"lift", "median_days", "p75_days", "age_days"}:
            config[column] = st.column_config.NumberColumn(label, format="%.2f")
        else:
            config[column] = label
    return config


LOWER_IS_BETTER = frozenset({"median_days_to_close", "cost_per_lead", "cac"})


def month_kpis(ws: Workspace, last_day: date) -> tuple[Any, date | None]:
    """The KPI cards (:func:`analytics.metrics.kpis.summarise_month`) of the period's last month.

    The month is the period's last month, or the last month with data if that is earlier.
    Returns ``(cards, month)``, or ``(None, None)`` when there is nothing to compute.
    """
    from analytics.metrics.kpis import compute_monthly_kpis, latest_month, summarise_month

    try:
        chosen = criteria()
        replayed = load_replay(ws.path, ws.data_version, chosen.sha256, chosen)
    except KakehashiError as exc:
        show_error(exc)
        return None, None
    costs = load_conversion_table(ws.path, ws.data_version, "costs")
    monthly = compute_monthly_kpis(replayed.leads, costs=costs)
    newest = latest_month(monthly)
    if newest is None:
        return None, None
    month = min(last_day.replace(day=1), newest)
    return summarise_month(monthly, month), month


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


# --- end section: conversion ---


# --- section: scoring (scoring engineer) ---
@st.cache_data(show_spinner=False, max_entries=4)
def load_features(path: str, data_version: int, structure_key: str, _criteria: Any) -> Any:
    """:func:`analytics.scoring.features.build_features`, cached per rule *structure* (not points).

    ``structure_key`` is :func:`scoring_structure_key` of the criteria: changing points,
    caps, weights or the threshold reuses the cached matrix (re-scoring takes milliseconds).
    """
    from analytics.scoring.features import build_features

    return build_features(_open_workspace(path), _criteria)


def scoring_structure_key(criteria: Any) -> str:
    """A short hash of the rule structure of ``criteria`` (the feature-matrix cache key)."""
    import hashlib

    return hashlib.sha256(repr(criteria.structure).encode()).hexdigest()[:16]


# --- end section: scoring ---


# --- section: agreement (agreement engineer) ---
STATUS_COLORS = {
    "agreed": "green",
    "proposed": "blue",
    "draft": "orange",
    "default": "orange",
    "file": "orange",
    "retired": "gray",
}


def criteria_status() -> tuple[Any, Any]:
    """(criteria, status) of the criteria chosen in the sidebar: the criteria in force
    unless a stored version is picked (:class:`analytics.criteria.agreement.CriteriaStatus`)."""
    from analytics.criteria import get_criteria
    from analytics.criteria.agreement import criteria_in_force, status_of

    ws = get_workspace()
    chosen = st.session_state.get(CRITERIA_KEY)
    if chosen is None:
        return criteria_in_force(ws)
    return get_criteria(ws, int(chosen)), status_of(ws, int(chosen))


def status_badge(status: Any) -> str:
    """A coloured markdown badge for a criteria status (red when its record was tampered with)."""
    from analytics.text.format import label

    color = "red" if status.problems and status.criteria_id else STATUS_COLORS[status.status]
    icon = ":material/verified:" if status.is_agreed else ":material/edit_note:"
    return f":{color}-badge[{icon} {label('status', status.status, lang())}]"


def show_criteria_status() -> None:
    """One line at the top of every page: which criteria version it uses and its status.

    Also warns when an agreed version was changed outside Kakehashi (then not used).
    """
    from analytics.text.format import label

    try:
        _, status = criteria_status()
    except KakehashiError as exc:
        show_error(exc)
        return
    st.caption(f"{tr('agreement.in_use')}: {status_badge(status)} {status_detail(status)}")
    if status.problems:
        problems = ", ".join(label("integrity", p, lang()) for p in status.problems)
        key = (
            "agreement.tampered_fallback"
            if status.criteria_id is None
            else "agreement.tampered_notice"
        )
        st.warning(tr(key, id=status.problem_id, problems=problems), icon=":material/gpp_bad:")


def status_detail(status: Any) -> str:
    """``name vN`` and, for an agreed version, when and by whom."""
    from analytics.text.format import label, moment

    text = f"**{status.name} v{status.version}**"
    if status.criteria_id is not None:
        text += f" (#{status.criteria_id})"
    if status.is_agreed and status.agreed_at is not None:
        names = ", ".join(f"{label('team', s.team, lang())} {s.signed_by}" for s in status.signoffs)
        text += " " + tr("agreement.agreed_on", at=moment(status.agreed_at, lang()), names=names)
    return text


@st.cache_data(show_spinner=False, max_entries=4)
def load_comparison(
    path: str,
    data_version: int,
    sha_a: str,
    sha_b: str,
    _a: Any,
    _b: Any,
    period: tuple[date, date] | None,
    capacity: float | None,
) -> Any:
    """:func:`analytics.metrics.compare.compare_sides` of two criteria (``_a``/``_b`` keyed by
    their sha256) on the cached replays and what-ifs."""
    from analytics.metrics.compare import Side, compare_sides
    from analytics.metrics.whatif import Assumptions

    sides = [
        Side(
            c,
            load_replay(path, data_version, sha, c).leads,
            load_whatif(path, data_version, sha, c),
        )
        for c, sha in ((_a, sha_a), (_b, sha_b))
    ]
    return compare_sides(
        *sides, period=period, assumptions=Assumptions(capacity_per_month=capacity)
    )


def propose_in_one_step(criteria: Any, *, by: str, note: str) -> int:
    """Save ``criteria`` as a draft, propose it, and open the Agreement page on it."""
    from analytics.criteria.agreement import propose, save_version

    ws = get_workspace()
    new_id = save_version(ws, criteria, by=by, note=note)
    propose(ws, new_id, by=by, note=note)
    st.session_state[AGREEMENT_PICK_KEY] = new_id
    return new_id


AGREEMENT_PICK_KEY = "agreement.pick_id"


# --- end section: agreement ---
