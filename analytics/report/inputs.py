"""What every section reads: one replay, the definitions layer's monthly KPIs, the month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

import polars as pl

from analytics.metrics.definitions import WinGaps, replay_kpis, shift_month, win_gaps
from analytics.text.catalog import t

TREND_MONTHS = 12


@dataclass(frozen=True)
class Inputs:
    """One month's inputs: workspace, criteria (and status), replay, monthly KPIs, language."""

    ws: Any
    criteria: Any
    status: Any
    leads: pl.DataFrame
    as_of: datetime
    monthly: pl.DataFrame
    month: date
    lang: str
    replayed: Any = None

    @cached_property
    def gaps(self) -> WinGaps:
        """What the month's wins leave unknown (their dates, their amounts), read once."""
        return win_gaps(self.leads)

    @property
    def first(self) -> date:
        """First month of the 12-month window ending with the report's month."""
        return shift_month(self.month, -(TREND_MONTHS - 1))

    def tr(self, key: str, **values: object) -> str:
        """A catalog string in the report's language."""
        return t(key, self.lang, **values)

    def rows(self, table: str) -> int:
        """Rows of a workspace table."""
        return int(self.ws.scalar(f"SELECT count(*) FROM {table}"))  # table: a constant name


def make_inputs(
    ws: Any, criteria: Any, status: Any, replayed: Any, month: date, lang: str
) -> Inputs:
    """Inputs from a replay: the monthly KPIs of the definitions layer (costs from the workspace)."""
    monthly = replay_kpis(
        replayed.leads,
        as_of=replayed.as_of,
        costs=ws.query("SELECT month, channel, amount FROM costs"),
        contact_hours=criteria.sla.contact_hours,
    )
    return Inputs(
        ws, criteria, status, replayed.leads, replayed.as_of, monthly, month, lang, replayed
    )


def describe_status(status: Any, lang: str) -> str:
    """The criteria line of the report: its labelled name, version and status (and who signed).

    Example:
        >>> from analytics.criteria.agreement import default_status
        >>> describe_status(default_status(), "en")
        'Default criteria v1 · Shipped default (not agreed)'
    """
    from analytics.criteria.agreement import describe
    from analytics.text import format as fmt

    name = fmt.label("criteria_name", status.name, lang, fallback=status.name)
    return describe(status, lang).replace(f"{status.name} v", f"{name} v", 1)
