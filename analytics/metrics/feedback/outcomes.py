"""What happened after the verdict: lost deals against the score, recycled leads' return."""

from __future__ import annotations

from datetime import date

import polars as pl

from analytics.metrics.feedback.leads import lifecycle, mqls_of
from analytics.metrics.stats import add_rate_columns

RECYCLED_OUTCOMES: tuple[str, ...] = (
    "won", "opportunity", "sql", "accepted_later", "rejected_later", "no_return",
)  # fmt: skip


# --------------------------------------------------------------------------- lost, recycled
def lost_reasons_by_score(
    frame: pl.DataFrame, deals: pl.DataFrame | None, *, first: date | None = None,
    last: date | None = None,
) -> pl.DataFrame:  # fmt: skip
    """Lost-deal reasons against the score at hand-off, for the MQLs of the months.

    Each lead counts once, with the reason of its latest lost deal.

    Returns:
        ``lost_reason, deals, median_score, mean_score, high_score`` (how many of
        them were high-score MQLs), most frequent first.

    Example:
        >>> f = pl.DataFrame({"lead_id": ["a", "b"], "is_mql": [True, True],
        ...     "mql_month": [date(2025, 1, 1)] * 2, "score": [120.0, 180.0],
        ...     "high_score": [False, True]})
        >>> d = pl.DataFrame({"lead_id": ["a", "b"], "created_at": [date(2025, 2, 1)] * 2,
        ...     "closed_at": [date(2025, 3, 1)] * 2, "is_won": [False, False],
        ...     "lost_reason": ["Price", "Price"]})
        >>> lost_reasons_by_score(f, d).row(0)
        ('Price', 2, 150.0, 150.0, 1)
    """
    schema = {
        "lost_reason": pl.String,
        "deals": pl.Int64,
        "median_score": pl.Float64,
        "mean_score": pl.Float64,
        "high_score": pl.Int64,
    }
    if deals is None or deals.is_empty():
        return pl.DataFrame(schema=schema)
    closed = pl.col("closed_at").is_not_null() if "closed_at" in deals.columns else pl.lit(True)
    lost = (
        deals.filter(pl.col("lead_id").is_not_null() & ~pl.col("is_won").fill_null(True) & closed)
        .with_columns(pl.col("lead_id").cast(pl.String))
        .sort("created_at")
        .group_by("lead_id")
        .last()
        .select("lead_id", pl.col("lost_reason").cast(pl.String))
    )
    return (
        mqls_of(frame, first, last)
        .join(lost, on="lead_id")
        .group_by("lost_reason")
        .agg(
            deals=pl.len().cast(pl.Int64),
            median_score=pl.col("score").median(),
            mean_score=pl.col("score").mean(),
            high_score=pl.col("high_score").sum().cast(pl.Int64),
        )
        .sort(["deals", "lost_reason"], descending=[True, False], nulls_last=True)
        .cast(schema)  # type: ignore[arg-type]
    )


def recycled_outcomes(
    frame: pl.DataFrame,
    feedback: pl.DataFrame | None,
    leads: pl.DataFrame,
    *,
    first: date | None = None,
    last: date | None = None,
) -> pl.DataFrame:
    """What became of the recycled leads (first recycled in ``first``..``last``).

    Outcome after the first ``recycled`` verdict, the furthest reached wins: ``won``
    (a win closed after it), ``opportunity`` (a deal created after it), ``sql``
    (reached SQL after it), ``accepted_later`` / ``rejected_later`` (a later
    feedback), else ``no_return``.

    Args:
        frame: :func:`feedback_leads` (for owner/score; any lead).
        feedback: the ``feedback`` table.
        leads: the replay leads (``sql_at``, ``opportunity_at``, ``is_won``, ``won_at``).
        first: first month of the recycling (None: all).
        last: last month (default: ``first``).

    Returns:
        ``outcome, leads, share, rate_ci_low, rate_ci_high, median_days`` (days from the
        recycling to that outcome), one row per :data:`RECYCLED_OUTCOMES`.

    Example:
        >>> from datetime import datetime as dt
        >>> fb = pl.DataFrame({"lead_id": ["a", "a", "b"], "given_at": [dt(2025, 1, 1),
        ...     dt(2025, 3, 1), dt(2025, 1, 2)], "verdict": ["recycled", "accepted", "recycled"]})
        >>> leads = pl.DataFrame({"lead_id": ["a", "b"], "sql_at": [None, None],
        ...     "opportunity_at": [None, None], "is_won": [False, False], "won_at": [None, None]})
        >>> t = recycled_outcomes(pl.DataFrame({"lead_id": ["a", "b"]}), fb, leads)
        >>> t.filter(pl.col("leads") > 0).select("outcome", "leads").rows()
        [('accepted_later', 1), ('no_return', 1)]
    """
    skeleton = pl.DataFrame({"outcome": RECYCLED_OUTCOMES}).with_row_index("_order")
    fb_schema = {"lead_id": pl.String, "given_at": pl.Datetime("us"), "verdict": pl.String}
    fb = (
        pl.DataFrame(schema=fb_schema)
        if feedback is None or feedback.is_empty()
        else feedback.select(
            pl.col("lead_id").cast(pl.String),
            pl.col("given_at").cast(pl.Datetime("us")),
            pl.col("verdict").cast(pl.String).str.to_lowercase(),
        )
    )
    recycled = (
        fb.filter(pl.col("verdict") == "recycled")
        .group_by("lead_id")
        .agg(recycled_at=pl.col("given_at").min())
        .filter(_months_of_time("recycled_at", first, last))
        .join(frame.select(pl.col("lead_id").cast(pl.String)), on="lead_id", how="semi")
    )
    later = (
        fb.join(recycled, on="lead_id")
        .filter((pl.col("given_at") > pl.col("recycled_at")) & (pl.col("verdict") != "recycled"))
        .sort("given_at")
        .group_by("lead_id")
        .agg(later_verdict=pl.col("verdict").first(), later_at=pl.col("given_at").first())
    )
    life = lifecycle(leads).select("lead_id", "sql_at", "opportunity_at", "won_at", "is_won")
    after = pl.col("recycled_at")
    won_after = pl.col("is_won") & (pl.col("won_at") > after)
    opp_after = pl.col("opportunity_at") > after
    sql_after = pl.col("sql_at") > after
    outcome = (
        recycled.join(life, on="lead_id", how="left")
        .join(later, on="lead_id", how="left")
        .select(
            pl.when(won_after)
            .then(pl.struct(o=pl.lit("won"), at=pl.col("won_at")))
            .when(opp_after.fill_null(False))
            .then(pl.struct(o=pl.lit("opportunity"), at=pl.col("opportunity_at")))
            .when(sql_after.fill_null(False))
            .then(pl.struct(o=pl.lit("sql"), at=pl.col("sql_at")))
            .when(pl.col("later_verdict") == "accepted")
            .then(pl.struct(o=pl.lit("accepted_later"), at=pl.col("later_at")))
            .when(pl.col("later_verdict") == "rejected")
            .then(pl.struct(o=pl.lit("rejected_later"), at=pl.col("later_at")))
            .otherwise(pl.struct(o=pl.lit("no_return"), at=pl.lit(None, pl.Datetime("us"))))
            .alias("x"),
            "recycled_at",
        )
        .select(
            pl.col("x").struct.field("o").alias("outcome"),
            (
                (pl.col("x").struct.field("at") - pl.col("recycled_at")).dt.total_seconds() / 86_400
            ).alias("days"),
        )
        .group_by("outcome")
        .agg(leads=pl.len().cast(pl.Int64), median_days=pl.col("days").median())
    )
    table = (
        skeleton.join(outcome, on="outcome", how="left")
        .with_columns(pl.col("leads").fill_null(0))
        .sort("_order")
        .drop("_order")
        .with_columns(total=pl.col("leads").sum())
    )
    return add_rate_columns(table, converted="leads", n="total").select(
        "outcome",
        "leads",
        pl.col("rate").alias("share"),
        pl.col("ci_low").alias("rate_ci_low"),
        pl.col("ci_high").alias("rate_ci_high"),
        "median_days",
    )


def _months_of_time(column: str, first: date | None, last: date | None) -> pl.Expr:
    if first is None:
        return pl.lit(True)
    month = pl.col(column).dt.date().dt.truncate("1mo")
    return month.is_between(first.replace(day=1), (last or first).replace(day=1))
