"""Per lead: the first verdict, the score band at the hand-off, and the reason list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl

from analytics.errors import InputError
from analytics.metrics.bands import assign_bands
from analytics.metrics.definitions import stage_exprs
from analytics.text.codes import FEEDBACK_REASONS

VERDICTS: tuple[str, ...] = ("accepted", "rejected", "recycled")
# The fixed, editable reason list offered on the page: (code, Japanese, English).
DEFAULT_REASONS: tuple[tuple[str, str, str], ...] = FEEDBACK_REASONS
HIGH_SCORE_BANDS = 2
RULES_SHOWN = 5


def feedback_band_edges(threshold: float) -> list[float]:
    """Score-band edges for MQLs: the threshold and 1.25, 1.5 and 1.75 times it.

    A threshold of 0 or below uses steps of 25 points from it.

    Example:
        >>> feedback_band_edges(100), feedback_band_edges(0)
        ([100.0, 125.0, 150.0, 175.0], [0.0, 25.0, 50.0, 75.0])
    """
    step = threshold / 4 if threshold > 0 else 25.0
    return [float(threshold + k * step) for k in range(4)]


def reason_list(feedback: pl.DataFrame | None, lang: str) -> list[str]:
    """The reasons to offer: the default list in ``lang``, then reasons already stored.

    Example:
        >>> fb = pl.DataFrame({"reason": ["予算なし", "展示会のみ", None]})
        >>> reason_list(fb, "ja")[-1], len(reason_list(None, "en"))
        ('展示会のみ', 8)
    """
    column = 1 if lang == "ja" else 2
    defaults = [r[column] for r in DEFAULT_REASONS]
    stored: list[str] = []
    if feedback is not None and "reason" in feedback.columns:
        stored = (
            feedback.select(pl.col("reason").cast(pl.String).str.strip_chars())
            .drop_nulls()
            .filter(pl.col("reason") != "")
            .unique()
            .sort("reason")["reason"]
            .to_list()
        )
    return [*defaults, *[r for r in stored if r not in defaults]]


# --------------------------------------------------------------------------- per lead
def _verdicts(feedback: pl.DataFrame | None) -> pl.DataFrame:
    schema = {
        "lead_id": pl.String,
        "verdict": pl.String,
        "reason": pl.String,
        "given_by": pl.String,
        "given_at": pl.Datetime("us"),
    }
    if feedback is None or feedback.is_empty():
        return pl.DataFrame(schema=schema)
    return (
        feedback.select(
            pl.col("lead_id").cast(pl.String),
            pl.col("verdict").cast(pl.String).str.to_lowercase(),
            pl.col("reason").cast(pl.String)
            if "reason" in feedback.columns
            else pl.lit(None, pl.String).alias("reason"),
            pl.col("given_by").cast(pl.String)
            if "given_by" in feedback.columns
            else pl.lit(None, pl.String).alias("given_by"),
            pl.col("given_at").cast(pl.Datetime("us")),
        )
        .sort("given_at", "lead_id")
        .group_by("lead_id", maintain_order=True)
        .first()
        .cast(schema)  # type: ignore[arg-type]
    )


_LEAD_DEFAULTS: dict[str, Any] = {
    "company": pl.String,
    "owner": pl.String,
    "source": pl.String,
    "sql_at": pl.Datetime("us"),
    "opportunity_at": pl.Datetime("us"),
    "is_won": pl.Boolean,
    "won_at": pl.Datetime("us"),
}


def lifecycle(leads: pl.DataFrame) -> pl.DataFrame:
    """``leads`` with the optional columns this module reads (null where absent), typed."""
    return leads.with_columns(
        pl.lit(None, dtype).alias(name)
        for name, dtype in _LEAD_DEFAULTS.items()
        if name not in leads.columns
    ).with_columns(
        pl.col("lead_id").cast(pl.String),
        pl.col(["sql_at", "opportunity_at", "won_at"]).cast(pl.Datetime("us")),
        *([pl.col("mql_at").cast(pl.Datetime("us"))] if "mql_at" in leads.columns else []),
        pl.col("is_won").cast(pl.Boolean).fill_null(False),
    )


def feedback_leads(
    leads: pl.DataFrame,
    feedback: pl.DataFrame | None,
    *,
    threshold: float,
    edges: Sequence[float] | None = None,
) -> pl.DataFrame:
    """One row per MQL, and per non-MQL lead with feedback or a win: score band and verdict.

    Args:
        leads: replay leads.
        feedback: the ``feedback`` table (or None).
        threshold: the criteria's MQL threshold.
        edges: band edges (default :func:`feedback_band_edges`).

    Returns:
        ``lead_id, company, owner, source, is_mql, mql_at, mql_month, score, band,
        band_index, high_score, verdict, reason, given_by, given_at, sql, won,
        won_month`` (``verdict`` null: no feedback; ``band`` null for non-MQLs).

    Raises:
        InputError: ``leads`` lacks ``lead_id``, ``mql_at`` or ``peak_total``.

    Example:
        >>> leads = pl.DataFrame({"lead_id": ["a"], "mql_at": [None], "peak_total": [40.0]})
        >>> feedback_leads(leads, None, threshold=100).height
        0
    """
    missing = [c for c in ("lead_id", "mql_at", "peak_total") if c not in leads.columns]
    if missing:
        raise InputError.make("sla.missing_columns", columns=", ".join(missing))
    chosen = sorted({float(e) for e in (edges or feedback_band_edges(threshold))})
    if len(chosen) < 2:
        raise InputError.make("feedback.bad_edges", edges=list(edges or []))
    frame = lifecycle(leads)
    stages = stage_exprs()
    verdicts = _verdicts(feedback)
    won = pl.col("is_won")
    base = (
        frame.join(verdicts, on="lead_id", how="left")
        .filter(stages["mql"] | pl.col("verdict").is_not_null() | won)
        .select(
            "lead_id", "company", "owner", "source",
            stages["mql"].alias("is_mql"),
            "mql_at",
            pl.col("mql_at").dt.date().dt.truncate("1mo").alias("mql_month"),
            pl.col("peak_total").cast(pl.Float64).alias("score"),
            "verdict", "reason", "given_by", "given_at",
            (won | pl.col("opportunity_at").is_not_null() | pl.col("sql_at").is_not_null()).alias(
                "sql"
            ),
            won.alias("won"),
            pl.when(won).then(pl.col("won_at").dt.date().dt.truncate("1mo")).alias("won_month"),
        )
    )  # fmt: skip
    banded = assign_bands(base, chosen, score_col="score").with_columns(
        pl.when(pl.col("is_mql")).then(pl.col(c)).alias(c) for c in ("band", "band_index")
    )
    top = len(chosen) - HIGH_SCORE_BANDS
    return banded.with_columns(
        (pl.col("is_mql") & (pl.col("band_index") >= top)).fill_null(False).alias("high_score")
    ).sort("lead_id")


def in_months(column: str, first: date | None, last: date | None) -> pl.Expr:
    if first is None:
        return pl.lit(True)
    return pl.col(column).is_between(first.replace(day=1), (last or first).replace(day=1))


def mqls_of(
    frame: pl.DataFrame, first: date | None = None, last: date | None = None
) -> pl.DataFrame:
    """The MQLs of :func:`feedback_leads` whose MQL month is in ``first``..``last`` (all: None).

    Example:
        >>> f = pl.DataFrame({"is_mql": [True, False], "mql_month": [date(2025, 1, 1), None]})
        >>> mqls_of(f, date(2025, 1, 1)).height
        1
    """
    return frame.filter(pl.col("is_mql") & in_months("mql_month", first, last))
