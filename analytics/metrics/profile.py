"""Won-customer profile: learn from who bought, and draft rule points from it.

For every attribute value (industry, prefecture, region, title rank, employee
and revenue bands, source, custom attributes) and every behaviour (activity
type, and type + detail), compare the won leads with all leads: share among
won vs share among all, conversion with its Wilson interval, lift over the
overall rate, and whether n is large enough.

Point in time: behaviours count only in the ``window_days`` before each lead's
``decision_at`` (the first deal's creation for leads with a deal, else the
replay's ``as_of``) — never what a buyer did after the deal existed.

Proposed points (documented in the README): a value gets points only when
``leads >= min_n`` and its Wilson interval excludes the overall rate (the
difference is not noise); its lift is shrunk towards 1 by its group size
(:data:`SHRINK_N`), then ``points = round(scale · log2(lift))`` clipped
to ``±max_points`` (a large group at lift 2 → about +10 with the default scale 10).
Everything else gets no points. Outcome columns and suspected leaks are kept out
by :mod:`analytics.metrics.proposal` (the leak guard). :func:`draft_criteria_toml` turns the proposal into a criteria
document that :func:`analytics.criteria.document.load_criteria` reads.

Example:
    >>> df = pl.DataFrame({"industry": ["IT", "IT", "Retail", "Retail"],
    ...     "is_won": [True, False, False, False], "sql_at": [None] * 4,
    ...     "opportunity_at": [None] * 4, "mql_at": [None] * 4})
    >>> profile_attributes(df, attributes=["industry"]).select("value", "leads", "converted").rows()
    [('IT', 2, 1), ('Retail', 2, 0)]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import polars as pl
import tomli_w

from analytics.errors import InputError
from analytics.metrics.funnel import MISSING_LABEL, outcome_expr, prepare_leads
from analytics.metrics.stats import add_rate_columns
from analytics.scoring.replay import CRM_COLUMNS, LIFECYCLE_COLUMNS
from analytics.store.db import Workspace
from analytics.text.catalog import Text

EMPLOYEE_EDGES: tuple[float, ...] = (10, 50, 100, 300, 1000, 5000)
REVENUE_EDGES: tuple[float, ...] = (1e8, 1e9, 1e10, 1e11)  # yen: 1億, 10億, 100億, 1000億
BASE_ATTRIBUTES: tuple[str, ...] = (
    "industry",
    "prefecture",
    "region",
    "title_rank",
    "employee_band",
    "revenue_band",
    "source",
)
# Derived band attribute -> (lead column it bins, edges)
BAND_ATTRIBUTES: dict[str, tuple[str, tuple[float, ...]]] = {
    "employee_band": ("employees", EMPLOYEE_EDGES),
    "revenue_band": ("annual_revenue", REVENUE_EDGES),
}
# Replay columns that are not attributes of who the lead is.
REPLAY_COLUMNS: frozenset[str] = frozenset(LIFECYCLE_COLUMNS) | frozenset(CRM_COLUMNS)
MAX_CUSTOM_VALUES = 50
PROFILE_OUTCOMES: tuple[str, ...] = ("won", "sql", "opportunity")
_WHAT_OUTCOME = Text("metrics.what.profile_outcome")


def _fmt_edge(value: float) -> str:
    return f"{value:,.0f}" if abs(value) < 1e6 else f"{value:.0e}"


def _band_labels(edges: Sequence[float]) -> list[tuple[str, float | None, float | None]]:
    """(label, low, high) of every band of ``edges``: ``01 <10`` …, ``07 5,000+``."""
    bounds = [(None, edges[0]), *itertools.pairwise(edges), (edges[-1], None)]
    out = []
    for rank, (low, high) in enumerate(bounds, start=1):
        if low is None:
            text = f"<{_fmt_edge(high)}"
        elif high is None:
            text = f"{_fmt_edge(low)}+"
        else:
            text = f"{_fmt_edge(low)}–{_fmt_edge(high)}"
        out.append((f"{rank:02d} {text}", low, high))
    return out


def band_label_exprs(column: str, edges: Sequence[float]) -> pl.Expr:
    """An expression labelling numeric ``column`` by ``edges``: ``<10``, ``10–50`` …, ``5,000+``.

    Labels start with a two-digit rank (``01 <10``) so that they sort in order; a page
    shows them from their edges (:func:`band_bounds`, :func:`analytics.text.format.span`).

    Args:
        column: a numeric lead column.
        edges: sorted inner edges.

    Returns:
        A string expression (null where the value is null).

    Example:
        >>> pl.DataFrame({"employees": [5, 60, None]}).select(
        ...     band_label_exprs("employees", [10, 50])).to_series().to_list()
        ['01 <10', '03 50+', None]
    """
    labels = [label for label, _, _ in _band_labels(edges)]
    index = pl.lit(0, pl.Int32)
    for edge in edges:
        index = index + (pl.col(column) >= edge).cast(pl.Int32)
    return (
        pl.when(pl.col(column).is_not_null())
        .then(index)
        .replace_strict(list(range(len(labels))), labels, default=None, return_dtype=pl.String)
    )


def band_bounds(attribute: str) -> dict[str, tuple[float | None, float | None]]:
    """The edges of each value of a derived band attribute (``employee_band``, ``revenue_band``).

    Args:
        attribute: an attribute of :func:`profile_attributes`.

    Returns:
        ``{value: (low, high)}`` (low inclusive, high exclusive, None when open); empty for
        an attribute that is not a derived band.

    Example:
        >>> band_bounds("employee_band")["04 100–300"], band_bounds("revenue_band")["01 <1e+08"]
        ((100, 300), (None, 100000000.0))
        >>> band_bounds("industry")
        {}
    """
    if attribute not in BAND_ATTRIBUTES:
        return {}
    return {label: (low, high) for label, low, high in _band_labels(BAND_ATTRIBUTES[attribute][1])}


def custom_attribute_columns(leads: pl.DataFrame) -> list[str]:
    """Text/boolean columns of ``leads`` that are custom attributes (not canonical, not replay).

    Columns with more than :data:`MAX_CUSTOM_VALUES` distinct values (ids,
    free text) are left out.

    Args:
        leads: replay leads.

    Returns:
        Column names in frame order.

    Example:
        >>> custom_attribute_columns(pl.DataFrame({"lead_id": ["a"], "plan": ["pro"],
        ...     "industry": ["IT"], "seats": [3]}))
        ['plan']
    """
    from analytics.store.summary import canonical_columns

    known = set(canonical_columns("leads")) | REPLAY_COLUMNS | set(BAND_ATTRIBUTES)
    candidates = [
        c
        for c, dtype in leads.schema.items()
        if c not in known and (dtype == pl.String or dtype == pl.Boolean or dtype == pl.Categorical)
    ]
    if not candidates:
        return []
    distinct = leads.select(pl.col(candidates).n_unique()).row(0)
    return [c for c, k in zip(candidates, distinct, strict=True) if k <= MAX_CUSTOM_VALUES]


def profile_attributes(
    leads: pl.DataFrame,
    *,
    attributes: Sequence[str] | None = None,
    outcome: str = "won",
    min_n: int = 30,
    mql_col: str = "mql_at",
) -> pl.DataFrame:
    """Per attribute value: share among converted vs all, rate with interval, lift, enough n.

    Args:
        leads: replay leads.
        attributes: columns to profile; default :data:`BASE_ATTRIBUTES` present in
            ``leads`` plus custom attributes. ``employee_band``/``revenue_band`` are
            derived from ``employees``/``annual_revenue``.
        outcome: ``won`` (default), ``sql`` or ``opportunity``.
        min_n: values with fewer leads are marked ``enough = False``.
        mql_col: see :mod:`analytics.metrics.funnel`.

    Returns:
        ``attribute, value, leads, converted, share_converted, share_all, rate,
        ci_low, ci_high, small_sample, lift, enough``; nulls are ``"(none)"``;
        sorted by attribute then leads descending.

    Raises:
        InputError: unknown outcome or attribute.

    Example:
        >>> df = pl.DataFrame({"employees": [5, 500], "is_won": [False, True],
        ...     "sql_at": [None, None], "opportunity_at": [None, None], "mql_at": [None, None]})
        >>> profile_attributes(df, attributes=["employee_band"]).select("value", "converted").rows()
        [('01 <10', 0), ('05 300–1,000', 1)]
    """
    if outcome not in PROFILE_OUTCOMES:
        raise InputError.make(
            "metrics.not_one_of", what=_WHAT_OUTCOME, value=outcome, valid=PROFILE_OUTCOMES
        )
    leads = prepare_leads(leads, ["sql_at", "opportunity_at", "is_won"], "profile_attributes")
    if attributes is None:
        chosen = [
            a
            for a in BASE_ATTRIBUTES
            if a in leads.columns or BAND_ATTRIBUTES.get(a, ("",))[0] in leads.columns
        ]
        chosen += custom_attribute_columns(leads)
    else:
        chosen = list(attributes)
    exprs = []
    for name in chosen:
        if name in BAND_ATTRIBUTES and name not in leads.columns:
            column, edges = BAND_ATTRIBUTES[name]
            if column not in leads.columns:
                raise InputError.make(
                    "metrics.profile.attribute_needs_column", name=name, column=column
                )
            exprs.append(band_label_exprs(column, edges).alias(name))
        elif name in leads.columns:
            exprs.append(pl.col(name).cast(pl.String).alias(name))
        else:
            raise InputError.make(
                "metrics.profile.attribute_unknown", name=name, columns=leads.columns
            )
    schema = {
        "attribute": pl.String,
        "value": pl.String,
        "leads": pl.Int64,
        "converted": pl.Int64,
    }
    if not exprs:
        counts = pl.DataFrame(schema=schema)
        total, total_hit = 0, 0
    else:
        wide = leads.select(*exprs, outcome_expr(outcome, mql_col=mql_col).alias("_hit"))
        total, total_hit = wide.height, int(wide["_hit"].sum() or 0)
        counts = (
            wide.unpivot(index="_hit", on=chosen, variable_name="attribute", value_name="value")
            .with_columns(pl.col("value").fill_null(MISSING_LABEL))
            .group_by("attribute", "value")
            .agg(
                pl.len().cast(pl.Int64).alias("leads"),
                pl.col("_hit").sum().cast(pl.Int64).alias("converted"),
            )
        )
    return _finish(counts, total, total_hit, min_n, sort=["attribute", "leads", "value"])


def _finish(
    counts: pl.DataFrame, total: int, total_hit: int, min_n: int, *, sort: list[str]
) -> pl.DataFrame:
    overall = total_hit / total if total else None
    out = add_rate_columns(counts).with_columns(
        (pl.col("converted") / total_hit if total_hit else pl.lit(None, pl.Float64)).alias(
            "share_converted"
        ),
        (pl.col("leads") / total if total else pl.lit(None, pl.Float64)).alias("share_all"),
        (pl.col("rate") / overall if overall else pl.lit(None, pl.Float64)).alias("lift"),
        (pl.col("leads") >= min_n).alias("enough"),
    )
    keys = [c for c in counts.columns if c not in {"leads", "converted"}]
    ordered = [
        *keys,
        "leads",
        "converted",
        "share_converted",
        "share_all",
        "rate",
        "ci_low",
        "ci_high",
        "small_sample",
        "lift",
        "enough",
    ]
    descending = [c == "leads" for c in sort]
    return out.select(ordered).sort(sort, descending=descending)


# The behaviours' look-back window before each lead's decision (days): the page's default.
WINDOW_DAYS = 90.0
# A value or behaviour of fewer leads than this is too small to propose points for (default).
MIN_N = 30


def count_behaviours(
    ws: Workspace, leads: pl.DataFrame, *, window_days: float = WINDOW_DAYS
) -> pl.DataFrame:
    """Per lead and behaviour, activities in the ``window_days`` before the lead's ``decision_at``.

    The scan runs in DuckDB. Behaviours are the activity ``type`` and
    ``type:detail`` (where a detail/page exists).

    Args:
        ws: the workspace (reads ``activities``).
        leads: replay leads with ``lead_id`` and ``decision_at``.
        window_days: length of the look-back window (> 0).

    Returns:
        ``lead_id, behaviour, events``.

    Raises:
        InputError: ``window_days`` ≤ 0 or columns missing.

    Example:
        >>> from datetime import datetime
        >>> from analytics.store.db import Workspace
        >>> ws = Workspace.open(":memory:")
        >>> count_behaviours(ws, pl.DataFrame({"lead_id": ["a"],
        ...     "decision_at": [datetime(2025, 1, 1)]})).height
        0
    """
    if not window_days > 0:
        raise InputError.make("metrics.profile.window_days", value=window_days)
    leads = prepare_leads(leads, ["lead_id", "decision_at"], "count_behaviours")
    decisions = leads.select(pl.col("lead_id").cast(pl.String), "decision_at")
    with ws.registered("_profile_decisions", decisions) as cur:
        return cur.sql(
            """
            WITH hits AS (
                SELECT a.lead_id, a.type, a.detail
                FROM activities a JOIN _profile_decisions d USING (lead_id)
                WHERE a.occurred_at < d.decision_at
                  AND a.occurred_at >= d.decision_at - to_microseconds(CAST(round($days * 86400e6) AS BIGINT))
            )
            SELECT lead_id, type AS behaviour, count(*)::BIGINT AS events
            FROM hits GROUP BY ALL
            UNION ALL
            SELECT lead_id, type || ':' || detail AS behaviour, count(*)::BIGINT AS events
            FROM hits WHERE detail IS NOT NULL AND detail <> '' GROUP BY lead_id, type, detail
            """,
            params={"days": float(window_days)},
        ).pl()


def profile_behaviours(
    leads: pl.DataFrame,
    behaviours: pl.DataFrame,
    *,
    outcome: str = "won",
    min_n: int = 30,
    mql_col: str = "mql_at",
) -> pl.DataFrame:
    """Per behaviour: leads who did it, share among converted vs all, rate with interval, lift.

    Args:
        leads: replay leads (the population).
        behaviours: output of :func:`count_behaviours` (``lead_id, behaviour, events``).
        outcome: ``won``, ``sql`` or ``opportunity``.
        min_n: behaviours done by fewer leads are marked ``enough = False``.
        mql_col: see :mod:`analytics.metrics.funnel`.

    Returns:
        ``behaviour, leads, converted, share_converted, share_all, rate, ci_low,
        ci_high, small_sample, lift, enough`` sorted by leads descending.

    Example:
        >>> leads = pl.DataFrame({"lead_id": ["a", "b"], "is_won": [True, False],
        ...     "sql_at": [None] * 2, "opportunity_at": [None] * 2, "mql_at": [None] * 2})
        >>> b = pl.DataFrame({"lead_id": ["a"], "behaviour": ["webinar"], "events": [2]})
        >>> profile_behaviours(leads, b).select("behaviour", "leads", "converted", "lift").row(0)
        ('webinar', 1, 1, 2.0)
    """
    if outcome not in PROFILE_OUTCOMES:
        raise InputError.make(
            "metrics.not_one_of", what=_WHAT_OUTCOME, value=outcome, valid=PROFILE_OUTCOMES
        )
    leads = prepare_leads(
        leads, ["lead_id", "sql_at", "opportunity_at", "is_won"], "profile_behaviours"
    )
    population = leads.select(
        pl.col("lead_id").cast(pl.String), outcome_expr(outcome, mql_col=mql_col).alias("_hit")
    )
    total, total_hit = population.height, int(population["_hit"].sum() or 0)
    counts = (
        behaviours.filter(pl.col("events") > 0)
        .select(pl.col("lead_id").cast(pl.String), "behaviour")
        .unique()
        .join(population, on="lead_id", how="inner")
        .group_by("behaviour")
        .agg(
            pl.len().cast(pl.Int64).alias("leads"),
            pl.col("_hit").sum().cast(pl.Int64).alias("converted"),
        )
    )
    return _finish(counts, total, total_hit, min_n, sort=["leads", "behaviour"])


SHRINK_N = 100.0
"""Prior strength (in leads) that pulls a value's lift towards 1: ``(lift·n + k) / (n + k)``."""


def propose_points(
    profile: pl.DataFrame,
    *,
    min_n: int = 30,
    scale: float = 10.0,
    max_points: float = 30.0,
    shrink: float = SHRINK_N,
) -> pl.DataFrame:
    """Draft rule points from lifts: only for enough leads and a real difference, shrunk by n.

    A value's lift is shrunk towards 1 as if ``shrink`` more leads at the overall
    rate were in its group, ``(lift·n + shrink) / (n + shrink)``, so a small group
    gets few points (48 leads at lift 3 → +7, not +16); then
    ``points = round(scale · log2(shrunk lift))`` clipped to ``±max_points``.

    Args:
        profile: output of :func:`profile_attributes` or :func:`profile_behaviours`.
        min_n: smallest number of leads for a value to get points.
        scale: points per doubling of the (shrunk) lift.
        max_points: points are clipped to ``±max_points``.
        shrink: prior strength in leads (0: no shrinkage).

    Returns:
        ``profile`` keys (``attribute, value`` or ``behaviour``) + ``leads, lift, ci_low,
        ci_high, points`` for the rows that get non-zero points, largest first.

    Example:
        >>> p = pl.DataFrame({"behaviour": ["webinar", "blog"], "leads": [100, 100],
        ...     "rate": [0.4, 0.1], "ci_low": [0.31, 0.05], "ci_high": [0.5, 0.17],
        ...     "lift": [2.0, 0.5]})
        >>> propose_points(p).select("behaviour", "points").rows()
        [('webinar', 6.0), ('blog', -4.0)]
        >>> propose_points(p, shrink=0).select("points").to_series().to_list()
        [10.0, -10.0]
    """
    keys = [c for c in ("attribute", "value", "behaviour") if c in profile.columns]
    overall = pl.col("rate") / pl.col("lift")
    significant = (pl.col("ci_low") > overall) | (pl.col("ci_high") < overall)
    n = pl.col("leads").cast(pl.Float64)
    shrunk = (pl.col("lift") * n + shrink) / (n + shrink)
    raw = pl.when(shrunk > 0).then((shrunk.log(2) * scale).round(0)).otherwise(-max_points)
    return (
        profile.filter((pl.col("leads") >= min_n) & pl.col("lift").is_not_null())
        .filter(significant)
        .select(
            *keys,
            "leads",
            "lift",
            "ci_low",
            "ci_high",
            raw.clip(-max_points, max_points).alias("points"),
        )
        .filter(pl.col("points") != 0)
        .sort("points", *keys, descending=[True] + [False] * len(keys))
    )


def _slug(text: str) -> str:
    cleaned = "".join(ch if ch.isalnum() else "_" for ch in text.lower()).strip("_")
    return cleaned or "value"


def draft_criteria_toml(
    attribute_points: pl.DataFrame,
    behaviour_points: pl.DataFrame | None = None,
    *,
    name: str = "profile_draft",
    threshold: float | None = None,
    window_days: float = WINDOW_DAYS,
) -> str:
    """A criteria TOML document built from proposed points (for ``load_criteria``).

    One ``[[fit]]`` rule per attribute (value map; the two derived bands become
    numeric ``bands`` on ``employees``/``annual_revenue``; ``(none)`` becomes the
    rule's ``missing`` points) and one ``[[engagement]]`` rule per behaviour
    (``type`` and optional exact ``detail``; counted once: ``cap`` = points, in
    the same look-back window).

    Args:
        attribute_points: :func:`propose_points` of an attribute profile.
        behaviour_points: :func:`propose_points` of a behaviour profile (optional).
        name: the draft's name.
        threshold: MQL threshold (default: half of the largest possible total, ≥ 1).
        window_days: window of the engagement rules.

    Returns:
        TOML text; ``analytics.criteria.document.load_criteria`` reads it.

    Example:
        >>> a = pl.DataFrame({"attribute": ["industry"], "value": ["IT"], "points": [10.0]})
        >>> print(draft_criteria_toml(a, threshold=5).splitlines()[0])
        name = "profile_draft"
    """
    fits: list[dict] = []
    engagements: list[dict] = []
    if attribute_points.height:
        for attribute in attribute_points.get_column("attribute").unique(maintain_order=True):
            rows = attribute_points.filter(pl.col("attribute") == attribute)
            missing = rows.filter(pl.col("value") == MISSING_LABEL)
            present = rows.filter(pl.col("value") != MISSING_LABEL)
            rule: dict = {"name": f"profile_{_slug(attribute)}"}
            if attribute in BAND_ATTRIBUTES:
                column, edges = BAND_ATTRIBUTES[attribute]
                bounds = [None, *edges, None]
                by_rank = dict(
                    zip(
                        present.get_column("value").str.slice(0, 2).cast(pl.Int32).to_list(),
                        present.get_column("points").to_list(),
                        strict=True,
                    )
                )
                bands = []
                for rank, points in sorted(by_rank.items()):
                    band: dict = {"points": float(points)}
                    if bounds[rank - 1] is not None:
                        band["min"] = float(bounds[rank - 1])
                    if bounds[rank] is not None:
                        band["max"] = float(bounds[rank])
                    bands.append(band)
                rule["field"] = column
                if bands:
                    rule["bands"] = bands
                else:
                    rule["values"] = {}
            else:
                rule["field"] = attribute
                rule["values"] = dict(
                    zip(
                        present.get_column("value").to_list(),
                        [float(p) for p in present.get_column("points").to_list()],
                        strict=True,
                    )
                )
            if missing.height:
                rule["missing"] = float(missing.get_column("points")[0])
            fits.append(rule)
    if behaviour_points is not None:
        for behaviour, points in behaviour_points.select("behaviour", "points").iter_rows():
            kind, _, detail = behaviour.partition(":")
            rule = {
                "name": f"profile_{_slug(behaviour)}",
                "type": kind,
                "points": float(points),
                "cap": abs(float(points)),
                "window_days": float(window_days),
            }
            if detail:
                rule["detail"] = [detail]
            engagements.append(rule)
    best = sum(max((b.get("points", 0) for b in f.get("bands", [])), default=0) for f in fits)
    best += sum(max([0.0, *f.get("values", {}).values()]) for f in fits)
    best += sum(max(0.0, e["points"]) for e in engagements)
    if threshold is None:
        threshold = max(1.0, math.floor(best / 2))
    doc: dict = {
        "name": name,
        "version": 1,
        "description": "Draft from the won-customer profile: points from the lift of each "
        "value/behaviour where the difference from the overall rate is significant",
        "threshold": float(threshold),
    }
    if fits:
        doc["fit"] = fits
    if engagements:
        doc["engagement"] = engagements
    return tomli_w.dumps(doc)
