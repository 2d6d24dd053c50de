r"""The leak guard: what a model or a learnt rule may never read, and what it should not trust.

Anything learnt from outcomes (the model lab, the won-customer profile's proposals)
goes through this module first (DESIGN §3, issues 13 and 15):

1. **Outcome columns are never used.** The replay's lifecycle columns
   (:data:`~analytics.scoring.replay.LIFECYCLE_COLUMNS`: ``is_won``, ``won_at``,
   ``sql_at`` …), the CRM's own lifecycle dates (``crm_*``), the lead-level outcome
   columns (``converted``, ``converted_at``, ``lifecycle_stage``, ``lead_status``,
   ``status``, ``first_contact_at``) and every column whose *name* says outcome
   (:func:`is_outcome_column`: converted, won, lost, closed, customer, stage, status,
   lifecycle, target, ``y``, 成約, 受注, 失注, 商談 …). No override brings them back.
2. **Suspected leaks are flagged** (:func:`screen_columns`, :func:`find_leaks`):

   - ``predicts_alone``: the column alone ranks the outcome implausibly well —
     single-column AUC ≥ 0.9. The AUC is computed honestly: the column's values
     (numbers in up to 20 quantile bins, missing as its own value) are encoded by
     their conversion rate in the *other* folds of a seeded 5-fold split, so a
     free-text column with one value per lead scores ≈ 0.5, not 1.0;
   - ``filled_after_contact``: the column is filled mostly for leads sales already
     worked — filled for ≥ 50% of touched leads and at most a third as often among
     untouched ones (at least 20 leads on each side);
   - ``outcome_name``: the name says outcome (point 1; listed so users see why);
   - ``after_decision_name``: the name says sales set the value or it was read at the
     export (:func:`is_after_decision_column`: quality, rating, tags, notes, reason,
     priority, last, score …, 評価, 確度, メモ, 最終 …; not the owner, whom routing
     rules often assign to every lead). Such a column describes
     the lead after sales met it, which the data cannot show when it has no contact
     dates (a rating filled in a call ranks the outcome well without reaching 0.9).
     The checks that read the data go first: a column they flag keeps their reason.

   Flagged columns are excluded by default; :func:`choose_columns` lets a caller
   include or exclude any column except the outcome columns.

Example:
    >>> import polars as pl
    >>> f = pl.DataFrame({"industry": ["IT", "IT", "Retail", "Retail"] * 30,
    ...     "target": [True, False, False, False] * 30})
    >>> find_leaks(f, target="target", columns=["industry"])
    []
    >>> is_outcome_column("Lead Status"), is_outcome_column("受注フラグ"), is_outcome_column("industry")
    (True, True, False)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import polars as pl

from analytics.metrics.evaluation import auc
from analytics.scoring.replay import CRM_COLUMNS, LIFECYCLE_COLUMNS

AUC_LIMIT = 0.9
"""A single column ranking the outcome at least this well is a suspected leak."""
FOLDS = 5
QUANTILE_BINS = 20
MIN_SIDE = 20
"""Fewest touched and untouched leads for the filled-after-contact check."""
FILLED_TOUCHED = 0.5
FILLED_RATIO = 3.0
MAX_LEVELS = 50
"""Text columns with more distinct values than this are not attributes (ids, free text)."""

# Columns that are outcomes or lifecycle facts by definition (replay, CRM, lead-level outcome).
OUTCOME_COLUMNS: frozenset[str] = (
    frozenset(LIFECYCLE_COLUMNS)
    | frozenset(CRM_COLUMNS)
    | frozenset(
        {
            "converted",
            "converted_at",
            "lifecycle_stage",
            "lead_status",
            "status",
            "first_contact_at",
            "mql_at",
            "sql_at",
        }
    )
) - {"lead_id"}
# Lead columns that are identities or times, never attributes of a model.
NOT_ATTRIBUTES: frozenset[str] = frozenset(
    {
        "lead_id",
        "created_at",
        "import_id",
        "email",
        "company",
        "title",
        "fit",
        "engagement",
        "total",
    }
)
_OUTCOME_TOKENS = frozenset(
    {
        "converted",
        "conversion",
        "convert",
        "won",
        "win",
        "lost",
        "loss",
        "closed",
        "close",
        "customer",
        "became",
        "lifecycle",
        "status",
        "stage",
        "outcome",
        "target",
        "label",
        "result",
        "deal",
        "opportunity",
        "opp",
        "mql",
        "sql",
        "qualified",
        "disqualified",
        "contacted",
        "y",
    }
)
_OUTCOME_FRAGMENTS = (
    "成約",
    "受注",
    "失注",
    "商談",
    "成果",
    "顧客化",
    "ステータス",
    "ステージ",
    "状態",
    "結果",
    "契約",
    "コンバージョン",
    "転換",
    "案件化",
)
# Words of column names whose values sales set or the export read at its own date.
_AFTER_DECISION_TOKENS = frozenset(
    {
        "quality", "rating", "rated", "tag", "tags", "note", "notes", "comment", "comments",
        "reason", "feedback", "disposition", "priority", "temperature", "likelihood",
        "probability", "forecast", "last", "latest", "score", "scoring",
    }
)  # fmt: skip
_AFTER_DECISION_FRAGMENTS = (
    "評価", "確度", "ヨミ", "メモ", "備考", "コメント", "理由", "温度感", "最終", "最新", "スコア",
    "優先度", "見込み度", "タグ",
)  # fmt: skip
REASONS: tuple[str, ...] = (
    "outcome_name",
    "predicts_alone",
    "filled_after_contact",
    "after_decision_name",
)


def _tokens(name: str) -> list[str]:
    text = unicodedata.normalize("NFKC", str(name))
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text).lower()
    return [t for t in re.split(r"[^a-z0-9]+", text) if t]


def is_outcome_column(name: str) -> bool:
    """Whether ``name`` is an outcome column by definition or by its name's words.

    Example:
        >>> [is_outcome_column(c) for c in ["Converted", "isWon", "deal_stage", "y", "annual_revenue", "成約日"]]
        [True, True, True, True, False, True]
    """
    if name in OUTCOME_COLUMNS or str(name).startswith("crm_"):
        return True
    return _name_says(name, _OUTCOME_TOKENS, _OUTCOME_FRAGMENTS)


def _name_says(name: str, tokens: frozenset[str], fragments: tuple[str, ...]) -> bool:
    """Whether one of ``name``'s words is in ``tokens`` or it holds one of ``fragments``
    (Japanese names have no word breaks)."""
    if any(token in tokens for token in _tokens(name)):
        return True
    text = unicodedata.normalize("NFKC", str(name))
    return any(fragment in text for fragment in fragments)


def is_after_decision_column(name: str) -> bool:
    """Whether ``name`` says sales set the value or the export read it at its own date.

    Example:
        >>> [is_after_decision_column(c) for c in ["Lead Quality", "Tags", "Last Activity",
        ...     "見込み確度", "Lead Owner", "industry", "What is your current occupation"]]
        [True, True, True, True, False, False, False]
    """
    return _name_says(name, _AFTER_DECISION_TOKENS, _AFTER_DECISION_FRAGMENTS)


def attribute_columns(frame: pl.DataFrame, *, max_levels: int = MAX_LEVELS) -> list[str]:
    """Columns of a lead frame that can be read as attributes (outcome columns included).

    Text and boolean columns with at most ``max_levels`` distinct values, and numeric
    columns; never ids, times (a date column is not an attribute), names or free text.

    Example:
        >>> f = pl.DataFrame({"lead_id": ["a"], "industry": ["IT"], "employees": [5],
        ...     "converted": [True], "created_at": [None]})
        >>> attribute_columns(f)
        ['industry', 'employees', 'converted']
    """
    text = [
        c
        for c, dtype in frame.schema.items()
        if c not in NOT_ATTRIBUTES and dtype in (pl.String, pl.Categorical, pl.Boolean)
    ]
    distinct = (
        dict(zip(text, frame.select(pl.col(text).n_unique()).row(0), strict=True)) if text else {}
    )
    return [
        c
        for c, dtype in frame.schema.items()
        if c not in NOT_ATTRIBUTES
        and ((c in distinct and distinct[c] <= max_levels) or dtype.is_numeric())
    ]


def value_codes(series: pl.Series, *, bins: int = QUANTILE_BINS) -> pl.Series:
    """A column as categorical codes: text as itself, numbers in quantile bins, missing as one code.

    Example:
        >>> value_codes(pl.Series("x", [1.0, 2.0, None, 4.0]), bins=2).to_list()
        ['q0', 'q1', '(none)', 'q1']
    """
    if series.dtype.is_numeric():
        values = series.cast(pl.Float64)
        valid = values.drop_nulls().drop_nans()
        if valid.is_empty():
            return pl.Series(series.name, ["(none)"] * series.len(), dtype=pl.String)
        edges = np.unique(np.quantile(valid.to_numpy(), np.linspace(0, 1, bins + 1)[1:-1]))
        index = np.searchsorted(
            edges, values.fill_nan(None).fill_null(0.0).to_numpy(), side="right"
        )
        codes = pl.Series(series.name, [f"q{i}" for i in range(len(edges) + 1)]).gather(index)
        return (
            pl.select(
                pl.when(values.is_null() | values.is_nan()).then(pl.lit("(none)")).otherwise(codes)
            )
            .to_series()
            .alias(series.name)
        )
    text = series.cast(pl.String).str.strip_chars()
    return text.fill_null("(none)").replace("", "(none)")


def fold_ids(target: pl.Series, *, folds: int = FOLDS, seed: int = 0) -> np.ndarray:
    """Stratified fold numbers (0 … folds-1): each fold gets its share of both classes.

    Example:
        >>> fold_ids(pl.Series([True, False] * 5), folds=5).tolist()
        [3, 3, 4, 1, 0, 2, 2, 4, 1, 0]
    """
    y = target.cast(pl.Boolean).fill_null(False).to_numpy()
    rng = np.random.default_rng(seed)
    out = np.empty(y.size, dtype=np.int64)
    for cls in (True, False):
        where = np.flatnonzero(y == cls)
        out[rng.permutation(where)] = np.arange(where.size) % folds
    return out


def out_of_fold_rates(
    codes: pl.Series, target: pl.Series, folds: np.ndarray, *, prior_n: float = 1.0
) -> np.ndarray:
    """Each lead's value encoded by that value's conversion rate in the *other* folds (smoothed).

    ``(converted + prior_n · overall) / (leads + prior_n)`` over the other folds'
    leads with the same value; a value seen only in the lead's own fold gets the
    overall rate.

    Example:
        >>> out_of_fold_rates(pl.Series(["a", "a", "b", "b"]), pl.Series([True, True, False, True]),
        ...     np.array([0, 1, 0, 1])).round(3).tolist()
        [0.875, 0.875, 0.875, 0.375]
    """
    frame = pl.DataFrame(
        {"v": codes, "y": target.cast(pl.Boolean).fill_null(False), "fold": folds}
    ).with_row_index("i")
    overall = float(frame["y"].mean() or 0.0)
    by_fold = frame.group_by("v", "fold").agg(n=pl.len(), k=pl.col("y").sum())
    totals = by_fold.group_by("v").agg(tn=pl.col("n").sum(), tk=pl.col("k").sum())
    return (
        frame.join(by_fold, on=["v", "fold"], how="left")
        .join(totals, on="v", how="left")
        .sort("i")
        .select(
            (pl.col("tk") - pl.col("k") + prior_n * overall)
            / (pl.col("tn") - pl.col("n") + prior_n)
        )
        .to_series()
        .to_numpy()
    )


def single_column_auc(
    series: pl.Series, target: pl.Series, *, folds: int = FOLDS, seed: int = 0
) -> float:
    """How well one column alone ranks the outcome, honestly (out-of-fold encoding; ≥ 0.5).

    Returns:
        ``max(AUC, 1 − AUC)`` of the out-of-fold encoded values (NaN without both classes).

    Example:
        >>> y = pl.Series([True, False] * 50)
        >>> single_column_auc(pl.Series(["yes", "no"] * 50), y)
        1.0
        >>> single_column_auc(pl.Series([f"id{i}" for i in range(100)]), y)  # free text: no signal
        0.5
    """
    return _honest_auc(value_codes(series), target, fold_ids(target, folds=folds, seed=seed))


def _honest_auc(codes: pl.Series, target: pl.Series, folds: np.ndarray) -> float:
    y = target.cast(pl.Boolean).fill_null(False).to_numpy()
    if codes.n_unique() < 2:  # one value ranks nothing (fold noise would say 0.51)
        return 0.5 if 0 < y.sum() < y.size else float("nan")
    value = auc(y, out_of_fold_rates(codes, target, folds))
    return value if np.isnan(value) else float(max(value, 1.0 - value))


def filled_expr(column: str) -> pl.Expr:
    """Whether a lead's value of ``column`` is filled (not null, not NaN, not blank text).

    Example:
        >>> pl.DataFrame({"x": ["a", " ", None]}).select(filled_expr("x")).to_series().to_list()
        [True, False, False]
    """
    col = pl.col(column)
    return col.cast(pl.String).str.strip_chars().fill_null("").ne("") & ~(
        col.cast(pl.Float64, strict=False).is_nan().fill_null(False)
    )


def screen_columns(
    frame: pl.DataFrame,
    *,
    target: str,
    columns: Sequence[str],
    touched: str | None = None,
    auc_limit: float = AUC_LIMIT,
    seed: int = 0,
) -> pl.DataFrame:
    """Every candidate column with its single-column AUC, fill rates and leak reason.

    Args:
        frame: one row per lead with ``target`` (boolean), the ``columns`` and,
            optionally, ``touched`` (boolean: sales already worked the lead).
        target: the outcome column.
        columns: the candidate columns.
        touched: the column saying whether sales worked the lead (None: no fill check).
        auc_limit: single-column AUC from which a column is a suspected leak.
        seed: seed of the fold split.

    Returns:
        ``column, auc, filled_touched, filled_untouched, reason`` (reason null for a
        clean column; see the module docstring), sorted by AUC descending.

    Example:
        >>> f = pl.DataFrame({"rating": ["hot", "cold"] * 40, "target": [True, False] * 40})
        >>> screen_columns(f, target="target", columns=["rating"]).select("column", "auc", "reason").rows()
        [('rating', 1.0, 'predicts_alone')]
    """
    y = frame[target].cast(pl.Boolean).fill_null(False)
    folds = fold_ids(y, seed=seed)
    rows = []
    if touched is not None:
        sides = frame.select(
            n_touched=pl.col(touched).fill_null(False).sum(),
            n_untouched=(~pl.col(touched).fill_null(False)).sum(),
        ).row(0, named=True)
        fills = frame.select(
            *[
                filled_expr(c).filter(pl.col(touched).fill_null(False)).mean().alias(f"t:{c}")
                for c in columns
            ],
            *[
                filled_expr(c).filter(~pl.col(touched).fill_null(False)).mean().alias(f"u:{c}")
                for c in columns
            ],
        ).row(0, named=True)
    for column in columns:
        value = _honest_auc(value_codes(frame[column]), y, folds)
        t_fill = u_fill = None
        if touched is not None:
            t_fill, u_fill = fills[f"t:{column}"], fills[f"u:{column}"]
        reason = None
        if is_outcome_column(column):
            reason = "outcome_name"
        elif not np.isnan(value) and value >= auc_limit:
            reason = "predicts_alone"
        elif (
            touched is not None
            and sides["n_touched"] >= MIN_SIDE
            and sides["n_untouched"] >= MIN_SIDE
            and t_fill is not None
            and u_fill is not None
            and t_fill >= FILLED_TOUCHED
            and u_fill * FILLED_RATIO <= t_fill
        ):
            reason = "filled_after_contact"
        elif is_after_decision_column(column):
            reason = "after_decision_name"
        rows.append((column, value, t_fill, u_fill, reason))
    schema = {
        "column": pl.String,
        "auc": pl.Float64,
        "filled_touched": pl.Float64,
        "filled_untouched": pl.Float64,
        "reason": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row").sort(
        "auc", "column", descending=[True, False], nulls_last=True
    )


def find_leaks(
    frame: pl.DataFrame,
    *,
    target: str,
    columns: Sequence[str],
    touched: str | None = None,
    auc_limit: float = AUC_LIMIT,
    seed: int = 0,
) -> list[dict[str, object]]:
    """The flagged columns of :func:`screen_columns` as ``[{"column", "reason", "auc"}]``.

    Example:
        >>> f = pl.DataFrame({"Converted": [True, False] * 30, "target": [True, False] * 30})
        >>> find_leaks(f, target="target", columns=["Converted"])
        [{'column': 'Converted', 'reason': 'outcome_name', 'auc': 1.0}]
    """
    screened = screen_columns(
        frame, target=target, columns=columns, touched=touched, auc_limit=auc_limit, seed=seed
    )
    return [
        {"column": c, "reason": r, "auc": None if a is None or np.isnan(a) else round(a, 4)}
        for c, a, r in screened.filter(pl.col("reason").is_not_null())
        .select("column", "auc", "reason")
        .iter_rows()
    ]


def choose_columns(
    columns: Iterable[str],
    flagged: Iterable[dict[str, object]],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> list[str]:
    """The columns a model may read: not flagged (unless included), not excluded, never an outcome.

    Example:
        >>> flagged = [{"column": "rating", "reason": "predicts_alone", "auc": 0.93}]
        >>> choose_columns(["industry", "rating", "status"], flagged)
        ['industry']
        >>> choose_columns(["industry", "rating", "status"], flagged, include=["rating", "status"],
        ...                exclude=["industry"])
        ['rating']
    """
    flagged_names = {str(f["column"]) for f in flagged}
    include, exclude = set(include), set(exclude)
    return [
        c
        for c in columns
        if not is_outcome_column(c)
        and c not in exclude
        and (c not in flagged_names or c in include)
    ]
