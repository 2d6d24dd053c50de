"""Assemble the month's :class:`~analytics.report.model.Report` from one replay.

The replay comes from the sidecar cache (:func:`~analytics.scoring.cache.cached_replay`)
when the dashboard or another command already replayed the same data and criteria.

Example:
    >>> from analytics.store.db import Workspace
    >>> from analytics.criteria.agreement import criteria_in_force
    >>> ws = Workspace.open(":memory:")
    >>> criteria, status = criteria_in_force(ws)
    >>> report = build_report(ws, criteria, status, month=date(2026, 9, 1), lang="en")
    >>> [s.missing is not None for s in report.sections][:2]
    [True, True]
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import polars as pl

from analytics.errors import InputError
from analytics.metrics.definitions import (
    last_complete_month,
    month_records,
    replay_with_outcome,
)
from analytics.report import conversion, kpis, meta, operations
from analytics.report.findings import write_findings
from analytics.report.inputs import Inputs, describe_status, make_inputs
from analytics.report.model import AUDIENCES, SECTION_ORDER, Report, Section
from analytics.scoring.cache import cached_replay
from analytics.store.progress import Progress
from analytics.text import format as fmt
from analytics.text.catalog import LANGUAGES


def default_month(ws: Any, criteria: Any) -> date | None:
    """The last complete month of the workspace's data (None: no dated leads)."""
    if not ws.scalar("SELECT count(*) FROM leads WHERE created_at IS NOT NULL"):
        return None
    return last_complete_month(cached_replay(ws, criteria).as_of)


def _sections(
    inp: Inputs, audience: str, records: list[dict[str, Any]], bands: Any, trend: Any
) -> tuple[Section, ...]:
    builders = {
        "kpis": lambda: kpis.kpi_section(inp, trends=audience != "exec"),
        "funnel": lambda: conversion.funnel_section(inp),
        "bands": lambda: conversion.bands_section(inp, bands, trend),
        "sla": lambda: operations.sla_section(inp),
        "feedback": lambda: operations.feedback_section(inp),
        "criteria": lambda: meta.criteria_section(inp),
        "quality": lambda: meta.quality_section(inp, records),
    }
    if not inp.monthly.filter(pl.col("month") == inp.month).height:
        # no lead, MQL or win in the month: every section but data quality says what to import
        missing = inp.tr("report.missing_leads")
        builders |= {
            key: (lambda key=key: Section(key, inp.tr(f"report.section_{key}"), missing=missing))
            for key in builders
            if key != "quality"
        }
    return tuple(builders[key]() for key in SECTION_ORDER[audience])


def build_report(
    ws: Any,
    criteria: Any,
    status: Any,
    *,
    month: date | None = None,
    audience: str = "all",
    lang: str = "ja",
    progress: Callable[[Progress], None] | None = None,
) -> Report:
    """The monthly review report of ``month`` (default: the last complete month).

    Args:
        ws: an open workspace (read-only is enough).
        criteria: the criteria to replay (the version in force, or ``--criteria``).
        status: its :class:`~analytics.criteria.agreement.CriteriaStatus` (named in the report).
        month: any day of the month; None: the last complete month.
        audience: ``all``, ``exec`` (one page), ``marketing`` or ``sales``.
        lang: ``ja`` or ``en``.
        progress: the replay's progress callback (:func:`~analytics.scoring.replay.replay`).

    Returns:
        A :class:`Report`; sections whose data is missing say what to import.

    Raises:
        InputError: unknown audience or language.
    """
    if audience not in AUDIENCES:
        raise InputError.make("report.bad_audience", value=audience, options=list(AUDIENCES))
    if lang not in LANGUAGES:
        raise InputError.make("report.bad_lang", value=lang, options=list(LANGUAGES))
    # the one outcome (won deal, else the lead's Converted flag or stage), as every page reads it
    replayed = replay_with_outcome(cached_replay(ws, criteria, progress=progress))
    month = (month or last_complete_month(replayed.as_of) or date.today()).replace(day=1)
    inp = make_inputs(ws, criteria, status, replayed, month, lang)
    has_month = inp.monthly.filter(pl.col("month") == month).height > 0
    records = month_records(inp.monthly, month) if has_month else []
    bands, trend = conversion.band_table(inp) if has_month else (None, None)
    sections = _sections(inp, audience, records, bands, trend)
    cards = kpis.kpi_cards(inp).to_dicts() if has_month else []
    month_text = fmt.month(month, lang)
    return Report(
        month=month,
        lang=lang,
        audience=audience,
        title=inp.tr("report.title", month=month_text),
        subtitle=inp.tr(
            "report.subtitle",
            audience=inp.tr(f"report.audience_{audience}"),
            criteria=describe_status(status, lang),
        ),
        findings=write_findings(inp, cards, trend) if cards else (),
        sections=sections,
        kpis=records,
        footer=inp.tr("report.footer", month=month_text),
    )
