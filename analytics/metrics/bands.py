"""Score bands: does a higher score really mean a higher conversion rate?

Input is the lead frame of a replay (:class:`analytics.scoring.replay.Replay`). The score is taken
**point in time**, never with later behaviour:

- ``peak_total`` (default): the highest total a lead reached before its
  decision point (first deal created, else the replay's ``as_of``);
- *as of a date* D: :func:`join_scores_as_of` takes ``total`` from a replay as of
  D and the outcome from the full replay, for the leads still open at D (not
  yet SQL nor opportunity); band it with ``score_col="total"``.

Bands: ``n`` edges make ``n`` bands ``[e₁, e₂), [e₂, e₃) … [eₙ, ∞)``; scores
below ``e₁`` (negative points) fall in the first band, whose label is ``<e₂``.

Decisions (documented in the README):

- **Order rule** (``order``): bands are compared with the next lower band.
  ``"breaks"`` when its rate is lower and a two-proportion z-test says the
  difference is real (p < 0.05); ``"dip"`` when lower but within noise;
  ``"ok"`` otherwise (and for the lowest band).
- **Action rule** (``action``), first match wins:
  1. ``review_criteria`` — the band breaks the order, or it is the top band
     and converts no better than average (lift ≤ 1): the score is not
     separating buyers there;
  2. ``keep_strengthen`` — the Wilson interval lies wholly above the overall
     rate (reliably better than average);
  3. ``change_approach`` — the interval lies wholly below the overall rate and
     lift < 0.5 (reliably less than half the average);
  4. ``nurture`` — everything else (not distinguishable from average, or
     below it but not by half).
- **Trend**: Cochran–Armitage over bands in ascending order with scores
  0, 1, 2 … (band rank, robust to open-ended bands).

Example:
    >>> df = pl.DataFrame({"peak_total": [10.0, 60.0, 95.0, 95.0],
    ...     "sql_at": [None, None, None, None], "opportunity_at": [None] * 4,
    ...     "is_won": [False, False, True, True], "mql_at": [None] * 4})
    >>> summarise_bands(df, edges=[0, 50, 90], outcome="won").select(
    ...     "band", "leads", "converted").rows()
    [('90+', 2, 2), ('50–90', 1, 0), ('<50', 1, 0)]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from analytics.errors import InputError
from analytics.metrics.funnel import coerce_lifecycle, outcome_expr
from analytics.metrics.stats import (
    TrendTest,
    add_rate_columns,
    cochran_armitage_test,
    two_proportion_p_values,
)
from analytics.text.catalog import Text

SCORE_COLUMNS: tuple[str, ...] = ("peak_total", "total")
# How a page picks the score: the peak before the decision, or the score as of a date
# (:func:`join_scores_as_of`, banded on ``total``).
SCORE_MODES: tuple[str, ...] = ("peak_total", "as_of")
BAND_OUTCOMES: tuple[str, ...] = ("sql", "won")
METHODS: tuple[str, ...] = ("custom", "fixed", "quantile")
DEFAULT_EDGES: tuple[float, ...] = (0.0, 50.0, 70.0, 90.0)
# the most bands a table has (edges, fixed-width bands, quantiles): more is unreadable and
# costs time and memory for nothing (3,000 edges took 23 s and 3.9 GB)
MAX_SCORE_BANDS = 100
ACTIONS: tuple[str, ...] = ("keep_strengthen", "review_criteria", "nurture", "change_approach")
ORDER_FLAGS: tuple[str, ...] = ("ok", "dip", "breaks")
_WHAT_METHOD = Text("metrics.what.band_method")
_WHAT_OUTCOME = Text("metrics.what.band_outcome")
_WHAT_SCORE = Text("metrics.what.score_column")


def parse_edges(text: str) -> list[float]:
    """Parse ``"0,50,70,90"`` (full-width digits and spaces allowed) into sorted edges.

    Args:
        text: comma-separated numbers.

    Returns:
        Sorted, de-duplicated edges.

    Raises:
        InputError: a value is not a number, or fewer than 2 edges.

    Example:
        >>> parse_edges("90, ５０,70,0")
        [0.0, 50.0, 70.0, 90.0]
    """
    import unicodedata

    values = []
    for i, part in enumerate(unicodedata.normalize("NFKC", text).replace("、", ",").split(",")):
        part = part.strip()
        if not part:
            continue
        try:
            value = float(part)
        except ValueError as exc:
            raise InputError.make(
                "metrics.bands.edge_not_number", part=part, position=i + 1, text=text
            ) from exc
        if not math.isfinite(value):
            raise InputError.make("metrics.bands.edge_not_finite", part=part)
        values.append(value)
    edges = sorted(set(values))
    if len(edges) < 2:
        raise InputError.make("metrics.bands.text_too_few_edges", text=text)
    _check_band_count(len(edges))
    return edges


def _check_band_count(n: int) -> None:
    """Refuse more than :data:`MAX_SCORE_BANDS` bands (``n`` edges make ``n`` bands)."""
    if n > MAX_SCORE_BANDS:
        raise InputError.make("metrics.bands.too_many", n=f"{n:,}", most=MAX_SCORE_BANDS)


def make_band_edges(
    scores: pl.Series,
    *,
    method: str = "custom",
    edges: Sequence[float] | None = None,
    width: float = 10.0,
    quantiles: int = 4,
) -> list[float]:
    """Band edges by custom list, fixed width, or quantiles of ``scores``.

    Args:
        scores: the scores that will be banded (used by ``fixed`` and ``quantile``).
        method: ``"custom"`` (``edges`` as given, default 0,50,70,90),
            ``"fixed"`` (every ``width`` points from the lowest score),
            ``"quantile"`` (``quantiles`` groups of about equal size).
        edges: the custom edges.
        width: band width for ``fixed``.
        quantiles: number of bands for ``quantile`` (ties may merge bands).

    Returns:
        Sorted distinct edges; the first band also takes scores below the
        first edge and the last band everything above the last.

    Raises:
        InputError: unknown method, width ≤ 0, quantiles < 2, or < 2 custom edges.

    Example:
        >>> make_band_edges(pl.Series([3.0, 12.0, 27.0]), method="fixed", width=10)
        [0.0, 10.0, 20.0]
        >>> make_band_edges(pl.Series([1.0, 2.0, 3.0, 4.0]), method="quantile", quantiles=2)
        [1.0, 2.5]
    """
    if method not in METHODS:
        raise InputError.make("metrics.not_one_of", what=_WHAT_METHOD, value=method, valid=METHODS)
    clean = scores.cast(pl.Float64).drop_nulls().drop_nans()
    if method == "custom":
        chosen = sorted({float(e) for e in (edges if edges is not None else DEFAULT_EDGES)})
        if len(chosen) < 2:
            raise InputError.make("metrics.bands.custom_too_few_edges", edges=edges)
        _check_band_count(len(chosen))
        return chosen
    if method == "fixed":
        if not width > 0:
            raise InputError.make("metrics.bands.width", width=width)
        if clean.is_empty():
            return [0.0, float(width)]
        low = float(math.floor(float(clean.min()) / width) * width)
        high = float(clean.max())
        count = max(1, math.floor((high - low) / width) + 1)
        _check_band_count(count)
        return [float(low + i * width) for i in range(count)] if count > 1 else [low, low + width]
    if quantiles < 2:
        raise InputError.make("metrics.bands.quantiles", quantiles=quantiles)
    _check_band_count(quantiles)
    if clean.is_empty():
        return [0.0, 1.0]
    cuts = {float(clean.min())}
    cuts |= {float(clean.quantile(i / quantiles, "linear")) for i in range(1, quantiles)}
    chosen = sorted(cuts)
    return chosen if len(chosen) >= 2 else [chosen[0], chosen[0] + 1.0]


def _fmt(value: float) -> str:
    return f"{value:g}"


def band_labels(edges: Sequence[float]) -> list[str]:
    """Labels for the bands of ``edges``: ``<e₂``, ``e₂–e₃`` …, ``eₙ+``.

    Args:
        edges: sorted band edges (at least 2).

    Returns:
        One label per band, lowest first.

    Example:
        >>> band_labels([0, 50, 70, 90])
        ['<50', '50–70', '70–90', '90+']
    """
    labels = [f"<{_fmt(edges[1])}"]
    labels += [f"{_fmt(a)}–{_fmt(b)}" for a, b in itertools.pairwise(edges[1:])]
    return [*labels, f"{_fmt(edges[-1])}+"]


def assign_bands(
    leads: pl.DataFrame, edges: Sequence[float], *, score_col: str = "peak_total"
) -> pl.DataFrame:
    """Add ``band_index`` (0 = lowest) and ``band`` to each lead (null score → null band).

    Args:
        leads: frame with ``score_col``.
        edges: sorted band edges (see :func:`make_band_edges`).
        score_col: ``peak_total`` or ``total``.

    Returns:
        ``leads`` with two more columns.

    Example:
        >>> assign_bands(pl.DataFrame({"peak_total": [-5.0, 50.0, 99.0]}), [0, 50, 90]).rows()
        [(-5.0, 0, '<50'), (50.0, 1, '50–90'), (99.0, 2, '90+')]
    """
    if score_col not in leads.columns:
        raise InputError.make(
            "metrics.bands.score_column_missing", column=score_col, columns=leads.columns
        )
    inner = [float(e) for e in edges[1:]]
    labels = band_labels(list(edges))
    index = pl.lit(0, pl.Int32)
    for edge in inner:
        index = index + (pl.col(score_col) >= edge).cast(pl.Int32)
    valid = pl.col(score_col).is_not_null() & pl.col(score_col).is_not_nan()
    return leads.with_columns(pl.when(valid).then(index).alias("band_index")).with_columns(
        pl.col("band_index")
        .replace_strict(list(range(len(labels))), labels, default=None, return_dtype=pl.String)
        .alias("band")
    )


def join_scores_as_of(
    outcomes: pl.DataFrame, scores: pl.DataFrame, *, as_of: datetime
) -> pl.DataFrame:
    """Leads open at ``as_of`` with their score at that date and their later outcome.

    The point-in-time alternative to ``peak_total``: replay once as of a past
    date for the scores (``replay(ws, c, as_of=D).leads``) and once to the end of
    the data for the outcomes (``replay(ws, c).leads``). Only leads that existed at
    ``D`` and had not yet reached SQL or an opportunity by ``D`` count — a lead
    already converted is not a prediction.

    Args:
        outcomes: replay leads to the end of the data (lifecycle columns).
        scores: replay leads as of ``as_of`` (``lead_id``, ``total``).
        as_of: the scoring date.

    Returns:
        ``outcomes`` with ``total`` replaced by the score as of ``as_of``, restricted
        to the leads open at that date; band it with ``score_col="total"``.

    Example:
        >>> from datetime import datetime as dt
        >>> out = pl.DataFrame({"lead_id": ["a", "b", "c"], "total": [0.0] * 3,
        ...     "created_at": [dt(2025, 1, 1), dt(2025, 1, 1), dt(2025, 6, 1)],
        ...     "sql_at": [None, dt(2025, 2, 1), None], "opportunity_at": [None] * 3})
        >>> s = pl.DataFrame({"lead_id": ["a", "b"], "total": [80.0, 90.0]})
        >>> join_scores_as_of(out, s, as_of=dt(2025, 3, 1)).select("lead_id", "total").rows()
        [('a', 80.0)]
    """
    cut = pl.lit(as_of).cast(pl.Datetime("us"))
    outcomes = coerce_lifecycle(outcomes)
    still_open = (pl.col("sql_at").is_null() | (pl.col("sql_at") > cut)) & (
        pl.col("opportunity_at").is_null() | (pl.col("opportunity_at") > cut)
    )
    existing = pl.col("created_at").is_null() | (pl.col("created_at") <= cut)
    return (
        outcomes.filter(existing & still_open)
        .drop("total", strict=False)
        .join(
            scores.select(pl.col("lead_id").cast(pl.String), "total"),
            on="lead_id",
            how="inner",
        )
    )


def summarise_bands(
    leads: pl.DataFrame,
    *,
    edges: Sequence[float] = DEFAULT_EDGES,
    outcome: str = "sql",
    score_col: str = "peak_total",
    mql_col: str = "mql_at",
) -> pl.DataFrame:
    """The score-band table: leads, conversions, rate with interval, lift, order flag, action.

    Args:
        leads: replay leads (score column + lifecycle columns).
        edges: band edges (see :func:`make_band_edges`).
        outcome: ``"sql"`` (reached SQL or later) or ``"won"``.
        score_col: ``"peak_total"`` (highest score before the decision point)
            or ``"total"`` (score as of the replay's date).
        mql_col: passed to the outcome definition (see :mod:`analytics.metrics.funnel`).

    Returns:
        One row per band, highest band first: ``band, band_index, low, high
        (null for the open top band), leads, converted, rate, ci_low, ci_high,
        small_sample, lift, share_of_conversions, order, action``. Leads without a
        score are left out. Empty bands are kept (rate null).

    Raises:
        InputError: unknown outcome or score column.

    Example:
        >>> df = pl.DataFrame({"peak_total": [10.0, 95.0], "sql_at": [None, 1],
        ...     "opportunity_at": [None, None], "is_won": [False, False], "mql_at": [None] * 2})
        >>> summarise_bands(df, edges=[0, 90]).select("band", "rate").rows()
        [('90+', 1.0), ('<90', 0.0)]
    """
    if outcome not in BAND_OUTCOMES:
        raise InputError.make(
            "metrics.not_one_of", what=_WHAT_OUTCOME, value=outcome, valid=BAND_OUTCOMES
        )
    if score_col not in SCORE_COLUMNS:
        raise InputError.make(
            "metrics.not_one_of", what=_WHAT_SCORE, value=score_col, valid=SCORE_COLUMNS
        )
    edges = sorted({float(e) for e in edges})
    if len(edges) < 2:
        raise InputError.make("metrics.bands.too_few_edges", edges=edges)
    labels = band_labels(edges)
    banded = assign_bands(
        leads.select(score_col, outcome_expr(outcome, mql_col=mql_col).alias("_hit")),
        edges,
        score_col=score_col,
    ).filter(pl.col("band_index").is_not_null())
    counts = banded.group_by("band_index").agg(
        pl.len().cast(pl.Int64).alias("leads"),
        pl.col("_hit").sum().cast(pl.Int64).alias("converted"),
    )
    skeleton = pl.DataFrame(
        {
            "band": labels,
            "band_index": list(range(len(labels))),
            "low": edges,
            "high": [*edges[1:], None],
        },
        schema={"band": pl.String, "band_index": pl.Int32, "low": pl.Float64, "high": pl.Float64},
    )
    table = skeleton.join(counts, on="band_index", how="left").with_columns(
        pl.col("leads", "converted").fill_null(0)
    )
    total, total_hit = int(table["leads"].sum()), int(table["converted"].sum())
    overall = total_hit / total if total else None
    table = add_rate_columns(table).with_columns(
        (pl.col("rate") / overall if overall else pl.lit(None, pl.Float64)).alias("lift"),
        (pl.col("converted") / total_hit if total_hit else pl.lit(None, pl.Float64)).alias(
            "share_of_conversions"
        ),
    )
    table = flag_band_order(table.sort("band_index"))
    return recommend_actions(table, overall_rate=overall).sort("band_index", descending=True)


def flag_band_order(bands: pl.DataFrame, *, alpha: float = 0.05) -> pl.DataFrame:
    """Add ``order``: ``ok``, ``dip`` (lower than the band below, within noise) or ``breaks``.

    The comparison with the next lower non-empty band is a pooled
    two-proportion z-test; ``breaks`` needs p < ``alpha``.

    Args:
        bands: ``band_index, leads, converted, rate`` (any order).
        alpha: significance level of the test.

    Returns:
        ``bands`` with ``order`` and ``order_p_value`` (null where not compared).

    Example:
        >>> b = pl.DataFrame({"band_index": [0, 1], "leads": [1000, 1000],
        ...     "converted": [300, 100], "rate": [0.3, 0.1]})
        >>> flag_band_order(b).get_column("order").to_list()
        ['ok', 'breaks']
    """
    ordered = bands.sort("band_index")
    below = ordered.filter(pl.col("leads") > 0).select(
        "band_index",
        pl.col("converted").shift(1).alias("_k_below"),
        pl.col("leads").shift(1).alias("_n_below"),
    )
    pairs = ordered.join(below, on="band_index", how="left")
    p_values = two_proportion_p_values(
        pairs.get_column("converted").to_numpy(),
        pairs.get_column("leads").to_numpy(),
        pairs.get_column("_k_below").cast(pl.Float64).to_numpy(),
        pairs.get_column("_n_below").cast(pl.Float64).to_numpy(),
    )
    lower = pl.col("rate") < pl.col("_k_below") / pl.col("_n_below")
    return (
        pairs.with_columns(pl.Series("order_p_value", p_values, dtype=pl.Float64).fill_nan(None))
        .with_columns(
            pl.when(lower & (pl.col("order_p_value") < alpha))
            .then(pl.lit("breaks"))
            .when(lower)
            .then(pl.lit("dip"))
            .otherwise(pl.lit("ok"))
            .alias("order")
        )
        .select(*bands.columns, "order", "order_p_value")
    )


def recommend_actions(bands: pl.DataFrame, *, overall_rate: float | None) -> pl.DataFrame:
    """Add ``action`` per band by the rule in the module docstring.

    Args:
        bands: ``band_index, leads, rate, ci_low, ci_high, lift, order``.
        overall_rate: conversion rate over all banded leads.

    Returns:
        ``bands`` with ``action`` (one of :data:`ACTIONS`; null for empty bands).

    Example:
        >>> b = pl.DataFrame({"band_index": [0, 1], "leads": [500, 500], "rate": [0.02, 0.3],
        ...     "ci_low": [0.01, 0.26], "ci_high": [0.04, 0.34], "lift": [0.125, 1.875],
        ...     "order": ["ok", "ok"]})
        >>> recommend_actions(b, overall_rate=0.16).get_column("action").to_list()
        ['change_approach', 'keep_strengthen']
    """
    if overall_rate is None:
        return bands.with_columns(pl.lit(None, pl.String).alias("action"))
    top = bands.filter(pl.col("leads") > 0).get_column("band_index").max()
    is_top = pl.col("band_index") == top if top is not None else pl.lit(False)
    return bands.with_columns(
        pl.when(pl.col("leads") == 0)
        .then(pl.lit(None, pl.String))
        .when((pl.col("order") == "breaks") | (is_top & (pl.col("lift") <= 1)))
        .then(pl.lit("review_criteria"))
        .when(pl.col("ci_low") > overall_rate)
        .then(pl.lit("keep_strengthen"))
        .when((pl.col("ci_high") < overall_rate) & (pl.col("lift") < 0.5))
        .then(pl.lit("change_approach"))
        .otherwise(pl.lit("nurture"))
        .alias("action")
    )


def check_band_trend(bands: pl.DataFrame) -> TrendTest:
    """Cochran–Armitage test that conversion rises with the band (ascending rank scores).

    Args:
        bands: output of :func:`summarise_bands` (any order; empty bands ignored).

    Returns:
        A :class:`~analytics.metrics.stats.TrendTest`; ``p_increasing`` < 0.05 means the
        rate reliably rises with the score.

    Example:
        >>> b = pl.DataFrame({"band_index": [0, 1, 2], "leads": [100, 100, 100],
        ...     "converted": [10, 20, 30]})
        >>> round(check_band_trend(b).z, 3)
        3.536
    """
    used = bands.filter(pl.col("leads") > 0).sort("band_index")
    return cochran_armitage_test(
        used.get_column("converted").to_list(), used.get_column("leads").to_list()
    )


@dataclass(frozen=True)
class BandTotals:
    """The headline of a band table (see :func:`summarise_band_totals`)."""

    leads: int  # banded leads
    converted: int
    rate: float | None  # overall conversion rate (None without leads)
    trend: TrendTest
    rising: bool | None  # the rate reliably rises with the score (None: nothing to test)
    broken: tuple[str, ...]  # bands whose rate breaks the order, highest first
    small_sample: bool  # some non-empty band has too few leads to read its rate firmly


def summarise_band_totals(bands: pl.DataFrame, *, alpha: float = 0.05) -> BandTotals:
    """Totals, overall rate, trend verdict and broken bands of a :func:`summarise_bands` table.

    Args:
        bands: output of :func:`summarise_bands`.
        alpha: the trend test's significance level (one-sided, rising).

    Returns:
        A :class:`BandTotals`.

    Example:
        >>> df = pl.DataFrame({"peak_total": [10.0, 60.0, 95.0, 95.0],
        ...     "sql_at": [None] * 4, "opportunity_at": [None] * 4,
        ...     "is_won": [False, False, True, True], "mql_at": [None] * 4})
        >>> t = summarise_band_totals(summarise_bands(df, edges=[0, 50, 90], outcome="won"))
        >>> t.leads, t.converted, t.rate, t.broken, t.small_sample
        (4, 2, 0.5, (), True)
    """
    leads, converted = int(bands["leads"].sum()), int(bands["converted"].sum())
    trend = check_band_trend(bands)
    return BandTotals(
        leads=leads,
        converted=converted,
        rate=converted / leads if leads else None,
        trend=trend,
        rising=bool(trend.p_increasing < alpha) if trend.n else None,
        broken=tuple(bands.filter(pl.col("order") == "breaks")["band"].to_list()),
        small_sample=bool(bands.filter(pl.col("leads") > 0)["small_sample"].any()),
    )


BAND_JSON_KEYS: tuple[str, ...] = (
    "band",
    "low",
    "high",
    "leads",
    "converted",
    "rate",
    "ci_low",
    "ci_high",
    "lift",
)


def bands_to_records(bands: pl.DataFrame) -> list[dict]:
    """The CLI/JSON shape: a list of ``{band, low, high, leads, converted, rate, ci_low, ci_high, lift}``.

    Args:
        bands: output of :func:`summarise_bands`.

    Returns:
        A list of dicts with exactly :data:`BAND_JSON_KEYS`.

    Example:
        >>> b = pl.DataFrame({"band": ["90+"], "low": [90.0], "high": [None], "leads": [2],
        ...     "converted": [1], "rate": [0.5], "ci_low": [0.1], "ci_high": [0.9], "lift": [1.0]})
        >>> bands_to_records(b)[0]["high"] is None
        True
    """
    return bands.select(BAND_JSON_KEYS).to_dicts()
