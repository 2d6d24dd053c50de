"""The one outcome of a lead, where it comes from, and what the wins leave unknown.

Part of the definitions layer (:mod:`analytics.metrics.definitions` re-exports every
name here): a lead is won when it has a won deal, else when its own Converted flag is
true, else when its lifecycle stage is customer (:func:`lead_outcome_expr`). Every
analysis reads the replay through :func:`replay_with_outcome`. A win on the lead's own
record has no amount and, without a mapped conversion date, no date (:class:`WinGaps`):
those figures are unknown, never 0.

Example:
    >>> f = pl.DataFrame({"is_won": [False, False], "converted": [True, False]})
    >>> with_outcome(f)["is_won"].to_list()
    [True, False]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from analytics.errors import InputError
from analytics.text.catalog import Text

# Where a lead's outcome (won / converted) comes from, in the order the definition reads them.
OUTCOME_SOURCES: tuple[str, ...] = ("deals", "converted", "lifecycle_stage")
_SOURCE_TEXT = {
    "deals": "metrics.outcome.source_deals",
    "converted": "metrics.outcome.source_converted",
    "lifecycle_stage": "metrics.outcome.source_lifecycle_stage",
}


@dataclass(frozen=True)
class OutcomeSource:
    """Which outcome the analyses use, and how many leads carry one.

    Attributes:
        sources: the sources present, of :data:`OUTCOME_SOURCES` (empty: no outcome at all).
        leads: leads in the frame.
        carried: leads that carry an outcome (every lead once deals are imported: a lead
            without a won deal did not win; else the leads with a Converted or stage value).
        converted: leads whose outcome is won / converted.
    """

    sources: tuple[str, ...]
    leads: int
    carried: int
    converted: int

    @property
    def known(self) -> bool:
        """True when some outcome exists (analyses that need one can run)."""
        return bool(self.sources)

    def text(self) -> Text:
        """The line every page and command shows ("outcome: the leads' Converted column …").

        Example:
            >>> str(OutcomeSource(("converted",), 9240, 9240, 3561).text())
            "outcome: the leads' Converted column · 9,240 of 9,240 leads carry one, 3,561 converted"
        """
        if not self.sources:
            return Text("metrics.outcome.none")
        source = Text(_SOURCE_TEXT[self.sources[0]])
        for other in self.sources[1:]:
            source = Text("metrics.outcome.and", {"a": source, "b": Text(_SOURCE_TEXT[other])})
        return Text(
            "metrics.outcome.line",
            {
                "source": source,
                "carried": f"{self.carried:,}",
                "leads": f"{self.leads:,}",
                "converted": f"{self.converted:,}",
            },
        )


def lead_outcome_expr(columns: Sequence[str]) -> pl.Expr:
    """The one outcome of a lead: a won deal, else its Converted flag or customer stage.

    Args:
        columns: the columns of the lead frame (``converted``/``lifecycle_stage`` are optional).

    Returns:
        A boolean expression (never null) named ``is_won``.

    Example:
        >>> f = pl.DataFrame({"is_won": [True, False, False, False],
        ...     "converted": [None, True, None, False],
        ...     "lifecycle_stage": [None, None, "customer", "customer"]})
        >>> f.select(lead_outcome_expr(f.columns)).to_series().to_list()
        [True, True, True, False]
    """
    won = pl.col("is_won").fill_null(False) if "is_won" in columns else pl.lit(False)
    lead = pl.lit(None, pl.Boolean)
    if "lifecycle_stage" in columns:
        stage = pl.col("lifecycle_stage").cast(pl.String)
        lead = pl.when(stage.is_not_null()).then(stage == "customer")
    if "converted" in columns:  # the Converted flag, where set, is the lead's own word
        lead = pl.coalesce(pl.col("converted").cast(pl.Boolean), lead)
    return (won | lead.fill_null(False)).alias("is_won")


@dataclass(frozen=True)
class WinGaps:
    """What the wins leave unknown: when they happened, and what they were worth.

    A lead converted on its own record (its Converted flag or customer stage, not a
    won deal) has no amount, and no date unless the CRM's conversion date was mapped; a
    won deal imported without an amount has none either. The rule every surface follows (:func:`compute_monthly_kpis` applies it):

    - no win has a date: wins by month are unknown, so ``won``, ``won_revenue``,
      ``lead_to_won_days`` and ``cac`` are null for every month (shown "–"), never 0;
    - no win has an amount: revenue is unknown, so ``won_revenue`` is null;
    - some wins lack a date or an amount: the months count the dated wins and the
      revenue sums the known amounts, and :meth:`notes` says how many are left out; a
      month (or a funnel cohort) whose wins all lack an amount has unknown revenue, not 0
      (a month or cohort with no win earned 0).

    Attributes:
        wins: leads whose outcome is won / converted.
        undated: of those, wins with no date.
        unpriced: of those, wins with no amount (on the lead record, or won deals without one).
    """

    wins: int
    undated: int
    unpriced: int

    @property
    def unknown_kpis(self) -> frozenset[str]:
        """The KPIs the data cannot give (null for every month).

        Example:
            >>> sorted(WinGaps(5, 5, 5).unknown_kpis), sorted(WinGaps(5, 0, 5).unknown_kpis)
            (['cac', 'lead_to_won_days', 'won', 'won_revenue'], ['won_revenue'])
        """
        unknown: set[str] = set()
        if self.wins and self.undated == self.wins:
            unknown |= {"won", "won_revenue", "lead_to_won_days", "cac"}
        if not self.amounts_known:
            unknown.add("won_revenue")
        return frozenset(unknown)

    @property
    def amounts_known(self) -> bool:
        """Some win has an amount, or nothing was won (revenue 0 is then the truth).

        Example:
            >>> WinGaps(3, 3, 2).amounts_known, WinGaps(3, 0, 3).amounts_known, WinGaps(0, 0, 0).amounts_known
            (True, False, True)
        """
        return not self.wins or self.unpriced < self.wins

    def notes(self, kinds: Sequence[str] = ("undated", "unpriced")) -> list[Text]:
        """One line per gap of ``kinds``, for the pages, the report and ``metrics`` (empty: none).

        Example:
            >>> for note in WinGaps(3561, 0, 1200).notes():
            ...     print(note)
            revenue sums the known amounts: 1,200 of the 3,561 wins have no amount
        """
        notes = []
        for gap, key in ((self.undated, "undated"), (self.unpriced, "unpriced")):
            if not gap or key not in kinds:
                continue
            counts = {"n": f"{gap:,}", "wins": f"{self.wins:,}"}
            notes.append(Text(_GAP_TEXT[key, gap == self.wins], counts))
        return notes


# (gap, every win has it) -> the note's catalog key
_GAP_TEXT = {
    ("undated", True): "metrics.wins.undated_none",
    ("undated", False): "metrics.wins.undated_some",
    ("unpriced", True): "metrics.wins.unpriced_none",
    ("unpriced", False): "metrics.wins.unpriced_some",
}


def win_gaps(leads: pl.DataFrame) -> WinGaps:
    """The :class:`WinGaps` of a replay's leads after :func:`with_outcome`.

    Example:
        >>> from datetime import datetime as dt
        >>> f = pl.DataFrame({"is_won": [True, True, False], "won_at": [dt(2025, 1, 1), None, None],
        ...     "won_amount": [100.0, None, 0.0]})
        >>> win_gaps(f)
        WinGaps(wins=2, undated=1, unpriced=1)
    """
    won = pl.col("is_won").fill_null(False) if "is_won" in leads.columns else pl.lit(False)
    dated = pl.col("won_at").is_not_null() if "won_at" in leads.columns else pl.lit(False)
    priced = pl.col("won_amount").is_not_null() if "won_amount" in leads.columns else pl.lit(False)
    row = leads.select(
        wins=won.sum(), undated=(won & ~dated).sum(), unpriced=(won & ~priced).sum()
    ).row(0, named=True)
    return WinGaps(*(int(row[k] or 0) for k in ("wins", "undated", "unpriced")))


def outcome_source(leads: pl.DataFrame) -> OutcomeSource:
    """Which outcome sources ``leads`` (a replay's leads, before :func:`with_outcome`) carry.

    Example:
        >>> f = pl.DataFrame({"is_won": [False, False, False], "is_lost": [False] * 3,
        ...     "opportunity_at": [None] * 3, "converted": [True, False, None]})
        >>> outcome_source(f)
        OutcomeSource(sources=('converted',), leads=3, carried=2, converted=1)
    """
    cols = leads.columns
    # a deal won, lost or open (a lead converted on its own record is not a deal, even once
    # with_outcome has set its is_won)
    lead_won = pl.col("converted").fill_null(False) if "converted" in cols else pl.lit(False)
    if "lifecycle_stage" in cols:
        lead_won = lead_won | (pl.col("lifecycle_stage") == "customer").fill_null(False)
    present = {
        "deals": pl.any_horizontal(
            *[pl.col(c).fill_null(False) & ~lead_won for c in ("is_won",) if c in cols],
            *[pl.col(c).fill_null(False) for c in ("is_lost",) if c in cols],
            *[pl.col(c).is_not_null() for c in ("opportunity_at",) if c in cols],
            pl.lit(False),
        ),
        "converted": pl.col("converted").is_not_null() if "converted" in cols else pl.lit(False),
        "lifecycle_stage": (
            pl.col("lifecycle_stage").is_not_null() if "lifecycle_stage" in cols else pl.lit(False)
        ),
    }
    counts = leads.select(
        **{k: e.sum() for k, e in present.items()},
        lead_level=(present["converted"] | present["lifecycle_stage"]).sum(),
        positive=lead_outcome_expr(cols).sum(),
    ).row(0, named=True)
    sources = tuple(s for s in OUTCOME_SOURCES if counts[s])
    carried = leads.height if "deals" in sources else int(counts["lead_level"] or 0)
    return OutcomeSource(sources, leads.height, carried, int(counts["positive"] or 0))


def with_outcome(leads: pl.DataFrame) -> pl.DataFrame:
    """The replay's leads with ``is_won`` set by the one outcome definition.

    A lead converted on its own record (not through a linked deal) keeps
    ``won_at`` empty unless the CRM's conversion date (``converted_at``) is set, and
    its ``won_amount`` is null: nothing says what it was worth (:class:`WinGaps`).

    Example:
        >>> f = pl.DataFrame({"is_won": [False, True], "won_at": [None, None],
        ...     "won_amount": [0.0, 500.0], "converted": [True, None]})
        >>> with_outcome(f).select("is_won", "won_amount").rows()
        [(True, None), (True, 500.0)]
    """
    won = lead_outcome_expr(leads.columns)
    amount = {}
    if "won_amount" in leads.columns:  # both read the frame as given: is_won is the deal's here
        deal_won = pl.col("is_won").fill_null(False) if "is_won" in leads.columns else pl.lit(False)
        amount["won_amount"] = pl.when(won & ~deal_won).then(None).otherwise(pl.col("won_amount"))
    out = leads.with_columns(won, **amount)
    if "won_at" in leads.columns and "converted_at" in leads.columns:
        out = out.with_columns(
            won_at=pl.when(pl.col("is_won")).then(
                pl.coalesce(pl.col("won_at"), pl.col("converted_at").cast(pl.Datetime("us")))
            )
        )
    return out


def require_outcome(source: OutcomeSource, *, what: str) -> None:
    """Refuse an analysis that needs an outcome when the workspace has none.

    Raises:
        InputError: no deals, no Converted column, no lifecycle stage (says what to import).

    Example:
        >>> require_outcome(OutcomeSource((), 3, 0, 0), what="bands")
        Traceback (most recent call last):
        ...
        analytics.errors.InputError: bands needs an outcome, and these leads have none: import deals (python -m analytics import deals FILE) or leads with a Converted (1/0, yes/no) or Lifecycle Stage column
    """
    if not source.known:
        raise InputError.make("metrics.outcome.required", what=what)


def replay_with_outcome(replayed: Any) -> Any:
    """A :class:`~analytics.scoring.replay.Replay` whose leads carry the one outcome.

    Every analysis reads the replay through this (pages, commands, the model, the
    profile): ``is_won`` is then a won deal, else the lead's own Converted flag or
    customer stage (:func:`lead_outcome_expr`).

    Example:
        >>> from analytics.criteria import default_criteria
        >>> from analytics.scoring.replay import replay
        >>> from analytics.store.db import Workspace
        >>> replay_with_outcome(replay(Workspace.open(":memory:"), default_criteria())).leads.height
        0
    """
    return replayed.replace(leads=with_outcome(replayed.leads))
