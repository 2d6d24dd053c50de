"""How attributes and behaviours become model terms, learnt once on the training leads.

An attribute's :class:`Coding` (text levels with ``(other)`` and ``(none)``, or
number bands) and the behaviours' caps make a :class:`Design`; from it come each
lead's levels (:func:`design_frame`), the logistic regression's matrix
(:func:`logistic_matrix`) and the challenger's (:func:`tree_matrix`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from analytics.criteria import EngagementRule
from analytics.metrics.model.data import (
    MAX_LEVELS,
    MIN_LEVEL_N,
    NONE_LEVEL,
    OTHER_LEVEL,
    PER_OCCURRENCE,
)
from analytics.metrics.profile import BAND_ATTRIBUTES
from analytics.text import format as fmt

_NUMERIC_EDGES = {column: edges for column, edges in BAND_ATTRIBUTES.values()}


@dataclass(frozen=True)
class Coding:
    """How one attribute becomes model terms (learnt on the training leads).

    ``kind`` is ``values`` (text: ``levels`` are the kept values, ``(other)`` and
    ``(none)`` where present) or ``bands`` (numbers: ``edges`` are the inner band
    edges; ``levels`` are band labels in order, then ``(none)``). ``reference`` is
    the most frequent level (its terms are 0); ``fallback`` is where a value that
    is not a level goes.
    """

    column: str
    kind: str
    levels: tuple[str, ...]
    reference: str
    fallback: str
    edges: tuple[float, ...] = ()
    raw: bool = False  # the challenger reads the raw number (else the level)


def band_labels(edges: Sequence[float]) -> list[str]:
    """Band labels from inner edges (``<10``, ``10–49``, ``50+``).

    Example:
        >>> band_labels([10, 50])
        ['<10', '10–49', '50+']
    """
    bounds = [None, *edges, None]
    return [fmt.band(bounds[i], bounds[i + 1]) for i in range(len(edges) + 1)]


def _band_index(column: str, edges: Sequence[float]) -> pl.Expr:
    value = pl.col(column).cast(pl.Float64, strict=False)
    index = pl.lit(0, pl.Int32)
    for edge in edges:
        index = index + (value >= edge).cast(pl.Int32)
    return pl.when(value.is_null() | value.is_nan()).then(None).otherwise(index)


def _text(column: str) -> pl.Expr:
    text = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(text.is_null() | (text == "")).then(pl.lit(NONE_LEVEL)).otherwise(text)


def learn_coding(train: pl.DataFrame, column: str, *, min_n: int = MIN_LEVEL_N) -> Coding:
    """Learn the levels (or bands) of one attribute on the training leads.

    Example:
        >>> f = pl.DataFrame({"industry": ["IT"] * 30 + ["Retail"] * 25 + ["Farm"] * 2 + [None] * 21})
        >>> c = learn_coding(f, "industry")
        >>> c.levels, c.reference, c.fallback
        (('IT', 'Retail', '(none)'), 'IT', 'IT')
        >>> learn_coding(pl.DataFrame({"employees": list(range(0, 200, 2))}), "employees").levels
        ('<50', '50–99', '100+')
    """
    dtype = train.schema[column]
    if dtype.is_numeric() and dtype != pl.Boolean:
        values = train[column].cast(pl.Float64).drop_nulls().drop_nans()
        if column in _NUMERIC_EDGES:
            edges = list(_NUMERIC_EDGES[column])
        elif values.n_unique() > 5:
            edges = sorted({float(q) for q in np.quantile(values.to_numpy(), [0.2, 0.4, 0.6, 0.8])})
        else:
            edges = sorted(float(v) for v in values.unique().to_list())[1:]
        counts = np.bincount(
            np.searchsorted(edges, values.to_numpy(), side="right"), minlength=len(edges) + 1
        )
        merged = [*edges]
        i = 0  # merge a band under min_n with the band above it (the last one with the one below)
        while len(merged) and i < len(counts):
            if counts[i] < min_n and len(counts) > 1:
                j = i if i < len(counts) - 1 else i - 1
                counts = np.concatenate([counts[:j], [counts[j] + counts[j + 1]], counts[j + 2 :]])
                del merged[j]
                i = j  # look at the merged band again
                continue
            i += 1
        labels = band_labels(merged)
        present = [lab for lab, n in zip(labels, counts, strict=True) if n > 0] or labels[:1]
        n_none = int(
            train[column].cast(pl.Float64).is_null().sum()
            + train[column].cast(pl.Float64).is_nan().sum()
        )
        levels = [*labels] + ([NONE_LEVEL] if n_none >= min_n else [])
        sizes = dict(zip(labels, counts.tolist(), strict=True)) | {NONE_LEVEL: n_none}
        reference = max(present, key=lambda lab: sizes[lab])
        raw = values.n_unique() >= 2
        return Coding(column, "bands", tuple(levels), reference, reference, tuple(merged), raw)
    counts = (
        train.select(_text(column).alias("v"))
        .group_by("v")
        .agg(n=pl.len())
        .sort(["n", "v"], descending=[True, False])
    )
    kept = counts.filter((pl.col("n") >= min_n) & (pl.col("v") != OTHER_LEVEL)).head(MAX_LEVELS)
    levels = kept["v"].to_list()
    rest = int(counts["n"].sum() - kept["n"].sum())
    if not levels:
        levels = [counts["v"][0]] if counts.height else [NONE_LEVEL]
    reference = levels[0]
    fallback = reference
    if rest >= min_n:
        levels.append(OTHER_LEVEL)
        fallback = OTHER_LEVEL
    return Coding(column, "values", tuple(levels), reference, fallback)


def level_expr(coding: Coding) -> pl.Expr:
    """The level of each lead under ``coding`` (as text), named after the column.

    Example:
        >>> c = Coding("industry", "values", ("IT", "(other)"), "IT", "(other)")
        >>> pl.DataFrame({"industry": ["IT", "Farm", None]}).select(level_expr(c)).to_series().to_list()
        ['IT', '(other)', '(other)']
    """
    if coding.kind == "bands":
        labels = band_labels(coding.edges)
        index = _band_index(coding.column, coding.edges)
        none = NONE_LEVEL if NONE_LEVEL in coding.levels else coding.fallback
        return (
            pl.when(index.is_null())
            .then(pl.lit(none))
            .otherwise(
                index.replace_strict(list(range(len(labels))), labels, return_dtype=pl.String)
            )
            .alias(coding.column)
        )
    text = _text(coding.column)
    return (
        pl.when(text.is_in(list(coding.levels)))
        .then(text)
        .otherwise(pl.lit(coding.fallback))
        .alias(coding.column)
    )


@dataclass(frozen=True)
class Design:
    """The model terms: attribute codings and behaviour caps, learnt on the training leads."""

    codings: tuple[Coding, ...]
    behaviours: tuple[tuple[str, float], ...]  # (eng column, cap in occurrences)

    @property
    def terms(self) -> list[tuple[str, str, str]]:
        """(name, source column, level or "per occurrence") of every logistic term, in order."""
        out = [
            (f"{c.column}={level}", c.column, level)
            for c in self.codings
            for level in c.levels
            if level != c.reference
        ]
        return out + [(column, column, PER_OCCURRENCE) for column, _ in self.behaviours]


def learn_design(
    train: pl.DataFrame,
    attributes: Sequence[str],
    behaviours: dict[str, EngagementRule],
    *,
    min_n: int = MIN_LEVEL_N,
) -> Design:
    """Codings of the attributes and caps (in occurrences) of the behaviours, from the training leads.

    A behaviour's cap is its rule's ``cap / |points|`` occurrences, else the 99th
    percentile of its counts (at least 1). Behaviours nobody did are left out.

    Example:
        >>> train = pl.DataFrame({"industry": ["IT"] * 25, "eng:web": [0.0] * 20 + [3.0] * 5})
        >>> d = learn_design(train, ["industry"], {"eng:web": EngagementRule("web", 10.0, cap=20.0)})
        >>> d.behaviours, d.terms
        ((('eng:web', 2.0),), [('eng:web', 'eng:web', 'per occurrence')])
    """
    codings = tuple(learn_coding(train, c, min_n=min_n) for c in attributes)
    seen = train.select([level_expr(c).n_unique() for c in codings]).row(0) if codings else ()
    codings = tuple(c for c, n in zip(codings, seen, strict=True) if n > 1)  # constant: no term
    caps = []
    for column, rule in behaviours.items():
        values = train[column].cast(pl.Float64).fill_null(0.0)
        if values.max() is None or float(values.max() or 0.0) <= 0:
            continue
        if rule.cap is not None and rule.points:
            k = rule.cap / abs(rule.points)
        else:
            k = max(1.0, float(values.quantile(0.99) or 1.0))
        caps.append((column, float(k)))
    return Design(codings, tuple(caps))


def design_frame(frame: pl.DataFrame, design: Design) -> pl.DataFrame:
    """Each lead's level per attribute and capped count per behaviour.

    Example:
        >>> d = Design((Coding("industry", "values", ("IT", "(other)"), "IT", "(other)"),), (("eng:web", 2.0),))
        >>> design_frame(pl.DataFrame({"industry": ["Farm"], "eng:web": [5.0]}), d).row(0)
        ('(other)', 2.0)
    """
    return frame.select(
        *[level_expr(c) for c in design.codings],
        *[
            pl.col(column).cast(pl.Float64).fill_null(0.0).clip(0.0, cap).alias(column)
            for column, cap in design.behaviours
        ],
    )


def logistic_matrix(levels: pl.DataFrame, design: Design) -> np.ndarray:
    """The logistic regression's matrix (no constant): one 0/1 column per non-reference level, counts.

    Example:
        >>> d = Design((Coding("i", "values", ("a", "b"), "a", "a"),), (("eng:w", 2.0),))
        >>> logistic_matrix(pl.DataFrame({"i": ["a", "b"], "eng:w": [1.0, 2.0]}), d).tolist()
        [[0.0, 1.0], [1.0, 2.0]]
    """
    columns = [
        (pl.col(source) == level).cast(pl.Float64).alias(name)
        for name, source, level in design.terms
        if level != PER_OCCURRENCE
    ]
    columns += [pl.col(c).cast(pl.Float64) for c, _ in design.behaviours]
    if not columns:
        return np.zeros((levels.height, 0))
    return levels.select(columns).to_numpy()


def tree_matrix(
    frame: pl.DataFrame, levels: pl.DataFrame, design: Design
) -> tuple[np.ndarray, list[bool]]:
    """The challenger's matrix: text levels as category codes, numbers raw (NaN when missing), counts.

    Returns:
        The matrix and, per column, whether it is categorical.
    """
    columns, categorical = [], []
    for coding in design.codings:
        if coding.raw:
            columns.append(
                pl.col(coding.column).cast(pl.Float64, strict=False).fill_null(float("nan"))
            )
            categorical.append(False)
        else:
            index = pl.col(coding.column).replace_strict(
                list(coding.levels), list(range(len(coding.levels))), return_dtype=pl.Float64
            )
            columns.append(index.alias(coding.column))
            categorical.append(True)
    source = (
        frame.select([c.column for c in design.codings if c.raw])
        .hstack(levels.select([c.column for c in design.codings if not c.raw]))
        .hstack(levels.select([c for c, _ in design.behaviours]))
    )
    columns += [pl.col(c) for c, _ in design.behaviours]
    categorical += [False] * len(design.behaviours)
    if not columns:
        return np.zeros((frame.height, 0)), []
    return source.select(columns).to_numpy(), categorical
