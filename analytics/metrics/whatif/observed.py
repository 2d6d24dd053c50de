"""What the history says about sales' follow-up: the what-if's capacity default and its caveat.

- :func:`observed_capacity` — the sales capacity the data shows: owners active in the
  period × the MQLs one owner has handled in a month (the default of the page's
  capacity, instead of a made-up number of reps);
- :func:`below_threshold_followup` — the leads below the threshold in force, and how many
  of them sales worked anyway. Most were never worked, so their conversion is what
  happened *without* follow-up: a lower bound of what follow-up would have achieved.

Example:
    >>> from datetime import datetime as dt
    >>> leads = pl.DataFrame({
    ...     "owner": ["A", "A", "A", "B", None],
    ...     "created_at": [dt(2025, 1, 2)] * 5,
    ...     "mql_at": [dt(2025, 1, 5), dt(2025, 1, 9), dt(2025, 2, 3), dt(2025, 1, 7), None],
    ...     "handoff_at": [dt(2025, 1, 6), None, None, dt(2025, 1, 8), dt(2025, 1, 20)],
    ...     "is_won": [True, False, False, False, True],
    ... })
    >>> observed_capacity(leads).per_month
    3.0
    >>> below_threshold_followup(leads).worked
    1
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from analytics.metrics.funnel import filter_created
from analytics.metrics.whatif.sweep import require_columns


@dataclass(frozen=True)
class Capacity:
    """The sales capacity the data shows (MQLs per month).

    Attributes:
        owners: owners active in the period (an owner of an MQL or of a lead sales worked
            in it); 1 when the leads carry no owner (the team counts as one).
        per_owner: MQLs one owner handled in their busiest month of the period, averaged
            over the active owners and rounded to one decimal — what an owner has shown
            they can take in a month.
        busiest_month: the most MQLs the whole team had in one month of the period.
    """

    owners: int
    per_owner: float
    busiest_month: int

    @property
    def per_month(self) -> float:
        """owners × per_owner: the default sales capacity per month."""
        return self.owners * self.per_owner


def _in_period(column: str, period: tuple[date, date] | None) -> pl.Expr:
    at = pl.col(column).cast(pl.Datetime("us")).dt.date()
    if period is None:
        return pl.col(column).is_not_null()
    start, end = period
    return at.is_between(start, end, closed="both")


def observed_capacity(leads: pl.DataFrame, *, period: tuple[date, date] | None = None) -> Capacity:
    """Owners active in the period × the MQLs one owner handled in a month.

    MQLs count by the month of their MQL moment (as the what-if's volumes). An owner is
    active when they own an MQL of the period or a lead sales worked in it (``handoff_at``
    in the period). Each active owner's busiest month is their count of MQLs in the month
    they had most; ``per_owner`` is the average of those over the active owners (an owner
    with no MQL counts 0).

    Args:
        leads: the replay's leads (``mql_at``; ``owner`` and ``handoff_at`` when present).
        period: (first day, last day); None: all data.

    Returns:
        A :class:`Capacity` (zero when the period has no MQL).

    Raises:
        InputError: ``leads`` lacks ``mql_at``.

    Example:
        >>> from datetime import datetime as dt
        >>> leads = pl.DataFrame({
        ...     "owner": ["A", "A", "A", "B", "C"],
        ...     "mql_at": [dt(2025, 1, 5), dt(2025, 1, 9), dt(2025, 2, 3), dt(2025, 1, 7), None],
        ...     "handoff_at": [None, None, None, None, dt(2025, 1, 20)],
        ... })
        >>> c = observed_capacity(leads)
        >>> c.owners, c.per_owner, c.per_month, c.busiest_month
        (3, 1.0, 3.0, 3)
        >>> observed_capacity(leads.drop("owner")).per_month  # no owners: the team is one
        3.0
    """
    require_columns(leads, {"mql_at"}, "leads")
    owner = pl.col("owner") if "owner" in leads.columns else pl.lit("team")
    mqls = leads.filter(_in_period("mql_at", period)).select(
        owner.cast(pl.String).alias("owner"), month=pl.col("mql_at").dt.truncate("1mo")
    )
    busiest_month = mqls.group_by("month").len()["len"].max() or 0
    worked = (
        leads.filter(_in_period("handoff_at", period)).select(owner.cast(pl.String).alias("owner"))
        if "handoff_at" in leads.columns
        else pl.DataFrame(schema={"owner": pl.String})
    )
    active = pl.concat([mqls.select("owner"), worked]).drop_nulls().unique()
    if active.height == 0:
        return Capacity(owners=0, per_owner=0.0, busiest_month=int(busiest_month))
    busiest = (
        mqls.drop_nulls("owner")
        .group_by("owner", "month")
        .len()
        .group_by("owner")
        .agg(busiest=pl.col("len").max())
    )
    per_owner = active.join(busiest, on="owner", how="left").select(
        pl.col("busiest").fill_null(0).mean()
    )
    return Capacity(
        owners=active.height,
        per_owner=round(float(per_owner.item()), 1),
        busiest_month=int(busiest_month),
    )


@dataclass(frozen=True)
class BelowThreshold:
    """Leads below the threshold in force, and what sales did with them.

    Attributes:
        leads: leads created in the period that never reached the threshold.
        worked: of those, leads sales worked anyway (a hand-off: first contact, BANT,
            feedback or a deal).
        won: of those, leads that were won.
        won_worked: of the wins, those sales had worked.
    """

    leads: int
    worked: int
    won: int
    won_worked: int

    @property
    def worked_share(self) -> float | None:
        """worked / leads (None when there are none)."""
        return self.worked / self.leads if self.leads else None


def below_threshold_followup(
    leads: pl.DataFrame, *, period: tuple[date, date] | None = None
) -> BelowThreshold:
    """Leads created in the period that are not MQLs, and how many of them sales worked.

    A lead was worked when it has a hand-off (``handoff_at``: its first sales touch). Below
    the threshold most leads were never worked, so their conversion is a lower bound of
    what follow-up would have achieved.

    Args:
        leads: the replay's leads of the criteria in force (``created_at``, ``mql_at``,
            ``handoff_at``, ``is_won``).
        period: (first day, last day) of the creation date; None: all leads.

    Returns:
        A :class:`BelowThreshold`.

    Raises:
        InputError: a needed column is missing.

    Example:
        >>> from datetime import datetime as dt
        >>> leads = pl.DataFrame({
        ...     "created_at": [dt(2025, 1, 2), dt(2025, 1, 3), dt(2025, 1, 4), dt(2025, 3, 1)],
        ...     "mql_at": [dt(2025, 1, 5), None, None, None],
        ...     "handoff_at": [dt(2025, 1, 6), dt(2025, 1, 9), None, None],
        ...     "is_won": [True, True, False, False],
        ... })
        >>> b = below_threshold_followup(leads, period=(date(2025, 1, 1), date(2025, 1, 31)))
        >>> b.leads, b.worked, b.won, b.won_worked, b.worked_share
        (2, 1, 1, 1, 0.5)
    """
    require_columns(leads, {"created_at", "mql_at", "handoff_at", "is_won"}, "leads")
    chosen = leads if period is None else filter_created(leads, *period)
    worked = pl.col("handoff_at").is_not_null()
    won = pl.col("is_won").fill_null(False)
    row = (
        chosen.filter(pl.col("mql_at").is_null())
        .select(
            leads=pl.len(),
            worked=worked.sum(),
            won=won.sum(),
            won_worked=(won & worked).sum(),
        )
        .row(0, named=True)
    )
    return BelowThreshold(**{k: int(v or 0) for k, v in row.items()})
