"""Cached loaders: the shared workspace and every frame a page reads more than once.

- ``st.cache_resource`` for the shared workspace (one per db path, shared by sessions):
  open read-only while script runs read it, read-write only for a write's transaction,
  released between runs (:func:`workspace_run`);
- ``st.cache_data`` (bounded) for computed results, keyed by ``(db path, data version,
  criteria sha256, …)`` so that an import or a demo load invalidates them; arguments that
  start with ``_`` are not hashed (their key is the argument before them);
- ``st.cache_resource`` (bounded, same keys) for the few lead-sized results pages
  share — the replay, the feature matrix, the what-if preparation, the model data, the
  behaviour counts, the rule points at hand-off (``_SHARED_RESULTS``): ``st.cache_data``
  pickles a result when it is stored and unpickles a copy on every call (0.3–0.6 s for a
  100k-lead replay, on every page's every run), while these are handed out as they are.
  They are immutable by convention: pages and analytics functions derive new frames from
  them (polars operations return new frames) and never change them in place;
- :func:`clear_caches` after an import or a demo load changed the data (both kinds).

Each loader calls one analytics function and returns its real type.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from typing import Any

import polars as pl
import streamlit as st

from analytics.criteria import Criteria, get_criteria
from analytics.criteria.agreement import (
    CriteriaStatus,
    criteria_in_force,
    list_versions,
    status_of,
)
from analytics.errors import WorkspaceError
from analytics.metrics.buying_stages import StageRule, count_rule_matches
from analytics.metrics.compare import Comparison, Side, compare_sides
from analytics.metrics.definitions import outcome_source, replay_with_outcome
from analytics.metrics.feedback import FeedbackReport, build_feedback_report
from analytics.metrics.feedback.kept import cached_rule_points
from analytics.metrics.funnel import created_in_or_all
from analytics.metrics.kpis import compute_monthly_kpis
from analytics.metrics.model import OUTCOMES, ModelData, ModelResult
from analytics.metrics.model.kept import cached_model_data, cached_model_result
from analytics.metrics.profile import (
    MIN_N,
    PROFILE_OUTCOMES,
    WINDOW_DAYS,
    count_behaviours,
    profile_behaviours,
)
from analytics.metrics.profile_kept import cached_attributes, cached_proposal
from analytics.metrics.proposal import ProfileProposal
from analytics.metrics.sla import SlaReport, build_sla_report
from analytics.metrics.whatif import (
    Sweep,
    WorkspaceWhatIf,
    compare_sql_rules,
    compare_weights,
)
from analytics.metrics.whatif.cached import cached_workspace_whatif
from analytics.scoring.cache import cached_replay
from analytics.scoring.derived import cached_features, cached_value, derived_key, kept
from analytics.scoring.edits import EditBasis, edit_key, prepare_edits
from analytics.scoring.features import Features, structure_key, unmatched_criteria
from analytics.scoring.replay import Replay
from analytics.store.access import SharedWorkspace
from analytics.store.db import Workspace
from analytics.store.summary import data_period, month_starts, workspace_summary
from ui.progress import ReplayProgress
from ui.state import criteria_id, db_path, months_period, tr

CONVERSION_TABLES = frozenset({"feedback", "costs", "deals"})
# A what-if SQL rule as hashable cache key: (name, ((BANT item, minimum level), …)).
SqlRules = tuple[tuple[str, tuple[tuple[str, int], ...]], ...]


@st.cache_resource(show_spinner=False, max_entries=8)
def _shared_workspace(path: str) -> SharedWorkspace:
    # called in the script thread of the run that has to wait: the toast shows in its session
    return SharedWorkspace(path, on_wait=_tell_waiting)


def _shared(path: str) -> SharedWorkspace:
    # one per file, however it is spelled: two in one process could not both open it
    return _shared_workspace(os.path.abspath(path))


def _tell_waiting(message: str) -> None:
    """Say on the page that it waits for another process's write (``message`` is for logs)."""
    st.toast(tr("app.workspace_waiting"), icon=":material/hourglass_top:")


def _open_workspace(path: str) -> Workspace:
    """The workspace ``path`` that this script run reads (see :func:`workspace_run`)."""
    return _shared(path).current()


@contextmanager
def workspace_run() -> Iterator[Workspace | WorkspaceError]:
    """Read the session's workspace for one script run (``app.py`` wraps every run in it).

    The file is open read-only while runs read and released between them, so the
    CLI's commands (and a scheduled import or report) work beside the dashboard;
    writes hold it read-write only for their transaction
    (:class:`analytics.store.access.SharedWorkspace`).

    Yields:
        The workspace, or the error that kept it from opening (shown by the caller).
    """
    path = db_path()
    with ExitStack() as stack:
        try:
            ws = stack.enter_context(_shared(path).reading())
        except WorkspaceError as exc:
            yield exc
            return
        if data_replaced(os.path.abspath(path), *ws.data_state()):
            clear_caches()
        yield ws


# (data version, data token) of each workspace file as this process's runs last read it
_SEEN: dict[str, tuple[int, str]] = {}
_SEEN_LOCK = threading.Lock()


def data_replaced(path: str, version: int, token: str) -> bool:
    """Whether the workspace file at ``path`` now holds other data under a data version not
    above the one this process last read there: the file was replaced on disk (a copy
    restored, another workspace copied over it, the demo rebuilt while the dashboard runs).

    The pages' caches are keyed by the data version, which only a write through the
    workspace moves on; such a file could bring back an old version number with other
    data, and every page would show the numbers of the file before it. A write moves the
    version on (and draws a new token): no cache holds the new version yet, nothing is
    cleared. ``workspace_run`` clears the caches when this is True.

    Example:
        >>> data_replaced("/w.duckdb", 3, "a"), data_replaced("/w.duckdb", 4, "b")
        (False, False)
        >>> data_replaced("/w.duckdb", 4, "c"), data_replaced("/w.duckdb", 4, "c")
        (True, False)
    """
    with _SEEN_LOCK:
        seen = _SEEN.get(path)
        _SEEN[path] = (version, token)
    return seen is not None and seen[1] != token and version <= seen[0]


def get_workspace() -> Workspace:
    """The session's workspace, read for this script run (shared by sessions).

    Raises:
        WorkspaceError: the run is not inside :func:`workspace_run` (``db.closed``).
    """
    return _open_workspace(db_path())


def clear_caches() -> None:
    """Forget every cached frame (after an import or a demo load changed the data)."""
    st.cache_data.clear()
    for loader in _SHARED_RESULTS:
        loader.clear()


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


def criteria() -> Criteria:
    """The criteria chosen in the sidebar; by default the criteria in force (the agreed
    version, else the shipped default: :func:`analytics.criteria.agreement.criteria_in_force`).

    Every page reads its criteria here, so the sidebar choice applies to all of them.

    Raises:
        CriteriaError: the stored criteria cannot be read.
    """
    return criteria_in_use()[0]


def criteria_in_use() -> tuple[Criteria, CriteriaStatus]:
    """(criteria, status) of the criteria chosen in the sidebar: the criteria in force
    unless a stored version is picked (:class:`analytics.criteria.agreement.CriteriaStatus`).

    Raises:
        CriteriaError: the stored criteria cannot be read.
    """
    ws = get_workspace()
    chosen = criteria_id()
    mark = criteria_mark(ws)
    if chosen is None:
        return load_criteria_in_force(ws.path, mark)
    return _load_stored_criteria(ws.path, mark, chosen)


def criteria_mark(ws: Workspace) -> str:
    """A fingerprint of the stored criteria, their audit trail, sign-offs and the chain head.

    Any change to them (tampering outside the product included) changes it, so the
    loaders keyed by it (:func:`load_criteria_in_force`, :func:`load_criteria_versions`)
    check integrity again exactly when something changed — not on every run of every page.
    """
    counts = ", ".join(
        f"(SELECT count(*) || ':' || coalesce(sum(hash(t)), 0) FROM {table} t)"
        for table in ("criteria", "criteria_events", "signoffs", "meta")
    )
    return ":".join(str(v) for v in ws.rows(f"SELECT {counts}")[0])


@st.cache_data(show_spinner=False, max_entries=16)
def load_criteria_in_force(path: str, mark: str) -> tuple[Criteria, CriteriaStatus]:
    """:func:`analytics.criteria.agreement.criteria_in_force`, per :func:`criteria_mark`."""
    return criteria_in_force(_open_workspace(path))


@st.cache_data(show_spinner=False, max_entries=16)
def load_criteria_versions(path: str, mark: str) -> list[CriteriaStatus]:
    """:func:`analytics.criteria.agreement.list_versions`, per :func:`criteria_mark`."""
    return list_versions(_open_workspace(path))


@st.cache_data(show_spinner=False, max_entries=16)
def _load_stored_criteria(
    path: str, mark: str, criteria_id: int
) -> tuple[Criteria, CriteriaStatus]:
    ws = _open_workspace(path)
    return get_criteria(ws, criteria_id), status_of(ws, criteria_id)


@st.cache_resource(show_spinner=False, max_entries=6)
def load_replay(
    path: str,
    data_version: int,
    criteria_sha256: str,
    _criteria: Criteria,
    as_of: datetime | None = None,
) -> Replay:
    """The replay, cached per (db path, data version, criteria hash, as-of), in memory and on disk.

    :func:`analytics.scoring.cache.cached_replay` keeps it beside the workspace too, so a new
    session, another page process or the CLI reuses it, and an import replays only the
    leads it changed.

    The one cached replay every page shares (``_criteria`` is keyed by its sha256). When it
    is not a hit on disk either, the page shows its progress (:mod:`ui.progress`).
    """
    bar = ReplayProgress()
    try:
        replayed = cached_replay(_open_workspace(path), _criteria, as_of=as_of, progress=bar)
    finally:
        bar.close()
    return replay_with_outcome(replayed)


@st.cache_resource(show_spinner=False, max_entries=4)
def load_features(path: str, data_version: int, structure: str, _criteria: Criteria) -> Features:
    """:func:`analytics.scoring.features.build_features`, cached per rule *structure* (not points).

    ``structure`` is :func:`analytics.scoring.features.structure_key` of the criteria:
    changing points, caps, weights or the threshold reuses the cached matrix
    (re-scoring takes milliseconds).
    """
    # kept beside the workspace: a new process or session reads it back instead of building it
    return cached_features(_open_workspace(path), _criteria)


@st.cache_data(show_spinner=False, max_entries=8)
def load_unmatched(
    path: str, data_version: int, criteria_sha256: str, _criteria: Criteria
) -> list[Any]:
    """:func:`analytics.scoring.features.unmatched_criteria` (rule values no lead has), cached."""
    return unmatched_criteria(_open_workspace(path), _criteria)


@st.cache_resource(show_spinner=False, max_entries=2)
def load_edit_basis(path: str, data_version: int, key: str, _criteria: Criteria) -> EditBasis:
    """:func:`analytics.scoring.edits.prepare_edits`, cached per rule structure (``key``).

    The Scoring page applies edited points to it in milliseconds instead of replaying.
    Shared as it is, not copied per run (``st.cache_data`` would unpickle its ~100 MB at
    100k leads on every edit): edits keep their last sums beside it, which the next edit
    of any session reuses.
    """
    return prepare_edits(_open_workspace(path), _criteria)


# The replay + sweep is cached once per (db path, data version, criteria hash) and shared
# without a copy; the what-if page reads small cached results derived from it on every rerun,
# so moving the threshold never copies lead-sized frames.
@st.cache_resource(show_spinner=False, max_entries=2)
def load_whatif(
    path: str, data_version: int, criteria_sha256: str, _criteria: Criteria
) -> WorkspaceWhatIf:
    """:func:`analytics.metrics.whatif.prepare_workspace` (replay + sweep); ``_criteria`` is keyed by its sha."""
    replayed = load_replay(path, data_version, criteria_sha256, _criteria)
    # the sweep comes from the workspace's sidecar when any command or page prepared it
    return cached_workspace_whatif(_open_workspace(path), _criteria, replayed)


@st.cache_data(show_spinner=False, max_entries=8)
def load_whatif_sweep(
    path: str, data_version: int, criteria_sha256: str, _criteria: Criteria
) -> Sweep:
    """The prepared threshold sweep only (small: thresholds × months)."""
    return load_whatif(path, data_version, criteria_sha256, _criteria).sweep


@st.cache_data(show_spinner=False, max_entries=32)
def load_whatif_sql_rules(
    path: str, data_version: int, criteria_sha256: str, _criteria: Criteria, rules: SqlRules
) -> pl.DataFrame:
    """:func:`analytics.metrics.whatif.compare_sql_rules` for (name, ((item, level), …)) rules."""
    prepared = load_whatif(path, data_version, criteria_sha256, _criteria)
    return compare_sql_rules(prepared.leads, prepared.bant, {n: dict(r) for n, r in rules})


@st.cache_data(show_spinner=False, max_entries=16)
def load_whatif_weights(
    path: str,
    data_version: int,
    criteria_sha256: str,
    _criteria: Criteria,
    weights: tuple[tuple[float, float], ...],
) -> pl.DataFrame:
    """:func:`analytics.metrics.whatif.compare_weights` on the as-of feature matrix, per weight pairs."""
    prepared = load_whatif(path, data_version, criteria_sha256, _criteria)
    features = load_features(path, data_version, structure_key(_criteria), _criteria)
    return compare_weights(features, _criteria, prepared.leads, list(weights))


@st.cache_data(show_spinner=False, max_entries=16)
def load_conversion_table(path: str, data_version: int, table: str) -> pl.DataFrame:
    """A whole small workspace table (``feedback``, ``costs`` or ``deals``) as a polars frame."""
    if table not in CONVERSION_TABLES:
        raise ValueError(f"table {table!r} is not one the conversion pages load")
    return _open_workspace(path).query(f"SELECT * EXCLUDE (import_id) FROM {table}")


@st.cache_data(show_spinner=False, max_entries=8)
def load_monthly_kpis(
    path: str, data_version: int, criteria_sha256: str, _criteria: Criteria
) -> pl.DataFrame:
    """:func:`analytics.metrics.kpis.compute_monthly_kpis` of the cached replay (one row a month)."""
    replayed = load_replay(path, data_version, criteria_sha256, _criteria)
    return compute_monthly_kpis(
        replayed.leads,
        as_of=replayed.as_of,
        costs=load_conversion_table(path, data_version, "costs"),
        contact_hours=_criteria.sla.contact_hours,
    )


@st.cache_resource(show_spinner=False, max_entries=4)
def load_behaviour_counts(
    path: str, data_version: int, criteria_sha256: str, window_days: float, _criteria: Criteria
) -> pl.DataFrame:
    """:func:`analytics.metrics.profile.count_behaviours` for the replay's leads, per window
    (a lead-sized frame: shared without a copy)."""
    leads = load_replay(path, data_version, criteria_sha256, _criteria).leads
    return count_behaviours(_open_workspace(path), leads, window_days=window_days)


@st.cache_data(show_spinner=False, max_entries=16)
def load_profile_tables(
    path: str,
    data_version: int,
    criteria_sha256: str,
    period: tuple[date, date],
    outcome: str,
    min_n: int,
    window_days: float,
    _criteria: Criteria,
    _leads: pl.DataFrame,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The Profile page's attribute and behaviour tables of the replay's leads in ``period``
    (:func:`analytics.metrics.profile.profile_attributes` of the candidate columns,
    :func:`analytics.metrics.profile.profile_behaviours`; ``_leads`` keyed by the period).

    Kept beside the workspace: a hit needs neither the behaviour counts nor a scan.
    """
    ws = _open_workspace(path)
    # the attributes read no activity: kept by their inputs' content (an import of
    # activities finds them), the behaviours per data version
    attributes = cached_attributes(ws, _leads, outcome=outcome, min_n=min_n)

    def build() -> tuple[dict[str, pl.DataFrame], dict]:
        counts = load_behaviour_counts(path, data_version, criteria_sha256, window_days, _criteria)
        behaviours = profile_behaviours(_leads, counts, outcome=outcome, min_n=min_n)
        return {"behaviours": behaviours}, {}

    key = derived_key(ws, _criteria, "profile-behaviours", period, outcome, min_n, window_days)
    return attributes, kept(ws, key, ("behaviours",), build)[0]["behaviours"]


@st.cache_data(show_spinner=False, max_entries=16)
def load_profile_proposal(
    path: str,
    data_version: int,
    criteria_sha256: str,
    period: tuple[date, date],
    outcome: str,
    min_n: int,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    _criteria: Criteria,
    _leads: pl.DataFrame,
) -> ProfileProposal:
    """:func:`analytics.metrics.proposal.propose_profile` of the replay's leads in ``period``.

    ``_leads`` are those leads (keyed by the period); the proposal screens and fits on
    them, so it is kept beside the workspace by their content, outcome and choices
    (:mod:`analytics.metrics.profile_kept`).
    """
    return cached_proposal(
        _open_workspace(path),
        _leads,
        outcome=outcome,
        include=include,
        exclude=exclude,
        min_n=min_n,
    )


@st.cache_data(show_spinner=False, max_entries=8)
def load_stage_matches(
    path: str, data_version: int, rules_key: str, as_of: datetime, _rules: tuple[StageRule, ...]
) -> pl.DataFrame:
    """:func:`analytics.metrics.buying_stages.count_rule_matches` as of a date, cached per rules text."""
    return count_rule_matches(_open_workspace(path), _rules, as_of=as_of)


@st.cache_data(show_spinner=False, max_entries=4)
def load_comparison(
    path: str,
    data_version: int,
    sha_a: str,
    sha_b: str,
    _a: Criteria,
    _b: Criteria,
    period: tuple[date, date] | None,
    capacity: float | None,
) -> Comparison:
    """:func:`analytics.metrics.compare.compare_sides` of two criteria (``_a``/``_b`` keyed by
    their sha256) on the cached replays and what-ifs."""
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


# --- SLA and sales feedback ------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=8)
def load_sla_report(
    path: str, data_version: int, criteria_sha256: str, _criteria: Criteria, month: date
) -> SlaReport:
    """:func:`analytics.metrics.sla.build_sla_report` for ``month`` on the cached replay."""
    replayed = load_replay(path, data_version, criteria_sha256, _criteria)
    sla = _criteria.sla
    return build_sla_report(
        replayed.leads,
        month=month,
        as_of=replayed.as_of,
        contact_hours=sla.contact_hours,
        mql_per_month=sla.mql_per_month,
        min_score=sla.min_score,
        feedback=_open_workspace(path).query("SELECT lead_id, given_at FROM feedback"),
    )


@st.cache_resource(show_spinner=False, max_entries=4)
def load_rule_points(
    path: str, data_version: int, criteria_sha256: str, _criteria: Criteria
) -> pl.DataFrame:
    """:func:`analytics.metrics.feedback.load_rule_points`: each rule's points per lead at
    its hand-off (a lead-sized frame: shared without a copy; the Feedback page's report is
    kept beside the workspace, so a new process needs them only for new data)."""
    replayed = load_replay(path, data_version, criteria_sha256, _criteria)
    return cached_rule_points(_open_workspace(path), _criteria, replayed.leads)


@st.cache_data(show_spinner=False, max_entries=8)
def load_feedback_report(
    path: str,
    data_version: int,
    criteria_sha256: str,
    _criteria: Criteria,
    first: date,
    last: date,
) -> FeedbackReport:
    """:func:`analytics.metrics.feedback.build_feedback_report` for the MQLs of ``first``..``last``.

    Kept beside the workspace per period (a new process or session reads it back).
    """
    ws = _open_workspace(path)

    def build() -> FeedbackReport:
        replayed = load_replay(path, data_version, criteria_sha256, _criteria)
        return build_feedback_report(
            replayed.leads,
            ws.query("SELECT * EXCLUDE (import_id) FROM feedback"),
            threshold=_criteria.threshold,
            first=first,
            last=last,
            points=load_rule_points(path, data_version, criteria_sha256, _criteria),
            deals=ws.query("SELECT lead_id, created_at, closed_at, is_won, lost_reason FROM deals"),
        )

    key = derived_key(ws, _criteria, "feedback", first, last)
    return cached_value(ws, key, {"FeedbackReport": FeedbackReport}, build)


# --- the model lab ---------------------------------------------------------------------------
@st.cache_resource(show_spinner=False, max_entries=4)
def load_model_data(
    path: str, data_version: int, criteria_sha256: str, outcome: str, _criteria: Criteria
) -> ModelData:
    """:func:`analytics.metrics.model.prepare_workspace`, per data, criteria and outcome.

    Kept beside the workspace too (:func:`analytics.metrics.model.kept.cached_model_data`).
    """
    replayed = load_replay(path, data_version, criteria_sha256, _criteria)
    return cached_model_data(_open_workspace(path), _criteria, outcome=outcome, replayed=replayed)


@st.cache_data(show_spinner=False, max_entries=8)
def load_model_result(
    path: str,
    data_version: int,
    criteria_sha256: str,
    outcome: str,
    split: date | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    _criteria: Criteria,
) -> ModelResult:
    """:func:`analytics.metrics.model.run_model`, per data, criteria and every choice.

    A fit takes seconds: it is kept beside the workspace
    (:func:`analytics.metrics.model.kept.cached_model_result`), so a new process or
    session reads it back.
    """
    data = load_model_data(path, data_version, criteria_sha256, outcome, _criteria)
    return cached_model_result(
        _open_workspace(path), data, split=split, include=include, exclude=exclude
    )


# lead-sized results handed out without a copy (see the module docstring)
_SHARED_RESULTS = (
    load_replay,
    load_features,
    load_whatif,
    load_model_data,
    load_behaviour_counts,
    load_rule_points,
    load_edit_basis,
)


# --- a new server ----------------------------------------------------------------------------
# Leads up to which a new server also prepares the Scoring page's edit basis (so that the
# first edit of points or threshold answers at once); above, the first edit builds it (at 1M
# leads several seconds and about a gigabyte held for the server's life, for a page that
# may never be edited).
EDIT_BASIS_LEADS = 200_000
# Seconds a step of :func:`prepare_pages` waits for the pages' runs to end before it starts anyway.
PREPARE_PATIENCE = 30.0


def _prepare_edit_basis(ws: Workspace, criteria: Criteria) -> None:
    """The Scoring page's edit basis for the criteria in force, up to
    :data:`EDIT_BASIS_LEADS` leads: an edit of its points, caps, weights or threshold keeps
    the rules' structure, so the page's first edit asks for this key
    (:func:`analytics.scoring.edits.edit_key`)."""
    if ws.scalar("SELECT count(*) FROM leads") <= EDIT_BASIS_LEADS:
        load_edit_basis(ws.path, ws.data_version, edit_key(criteria), criteria)


def prepare_pages(path: str) -> list[str]:
    """Build what the pages read first for the workspace at ``path`` and the criteria in
    force, through the pages' own cached loaders; the names of the steps done, in order.

    ``serve.py`` calls it in a thread when the server starts, so that the first visit of a
    page finds its data done or under way: a page asking for the same value meanwhile
    waits for this call (Streamlit computes one value per cache key at a time) instead of
    building it again. In the menu's order: the replay (every page), the feature matrix
    (Scoring, What-if), the what-if sweep, the rule points at each hand-off (Sales
    feedback), the Profile page's behaviour counts, tables and proposal for its first
    choices (:func:`_prepare_profile`), the model lab's data for its first outcome and, last,
    the Scoring page's edit basis (:func:`_prepare_edit_basis`); what
    depends on choices a session made (another period, window or split) is left to the
    page. Each step reads the workspace as a page run does (released between steps, so a
    CLI import is not held off for long). The first step that fails (an empty, missing or
    unreadable workspace, criteria that cannot be replayed, no outcome to model) ends it:
    the pages meet the same error and say what is wrong.

    Each step starts when no page run is reading (or after :data:`PREPARE_PATIENCE`
    seconds), so the preparation fills the time between the pages' runs.
    """
    steps: list[tuple[str, Callable[[Workspace, Criteria], object]]] = [
        ("replay", lambda ws, c: load_replay(ws.path, ws.data_version, c.sha256, c)),
        ("features", lambda ws, c: load_features(ws.path, ws.data_version, structure_key(c), c)),
        ("sweep", lambda ws, c: load_whatif_sweep(ws.path, ws.data_version, c.sha256, c)),
        ("rule_points", lambda ws, c: load_rule_points(ws.path, ws.data_version, c.sha256, c)),
        (
            "behaviour_counts",
            lambda ws, c: load_behaviour_counts(ws.path, ws.data_version, c.sha256, WINDOW_DAYS, c),
        ),
        ("profile", _prepare_profile),
        (
            "model_data",
            lambda ws, c: load_model_data(ws.path, ws.data_version, c.sha256, OUTCOMES[0], c),
        ),
        ("edit_basis", _prepare_edit_basis),
    ]
    done = []
    shared = _shared(path)
    for name, step in steps:
        # between the pages' runs: a page drawn now keeps the cores (a step already under
        # way goes on; a page that needs its value waits for it either way)
        shared.wait_until_idle(PREPARE_PATIENCE)
        try:
            with shared.reading() as ws:
                if not ws.scalar("SELECT count(*) FROM leads"):
                    break
                step(ws, load_criteria_in_force(ws.path, criteria_mark(ws))[0])
        except Exception:  # the pages meet the same error and show it
            break
        done.append(name)
    return done


def _prepare_profile(ws: Workspace, criteria: Criteria) -> None:
    """The Profile page's tables and proposal as a new session first asks for them: the
    sidebar's whole data period, the first outcome, the default minimum and window."""
    span = load_data_period(ws.path, ws.data_version)
    replayed = load_replay(ws.path, ws.data_version, criteria.sha256, criteria)
    outcome = PROFILE_OUTCOMES[0]
    if span is None or (outcome == "won" and not outcome_source(replayed.leads).known):
        return  # the page shows the current month, or that there is no outcome
    months = month_starts(*span)
    period = months_period(months[0], months[-1])
    leads = created_in_or_all(replayed.leads, *period)
    key = (ws.path, ws.data_version, criteria.sha256, period, outcome, MIN_N)
    load_profile_tables(*key, WINDOW_DAYS, criteria, leads)
    load_profile_proposal(*key, (), (), criteria, leads)
