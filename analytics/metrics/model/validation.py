"""How the models are judged: out of time when the leads span two months, else k-fold.

:func:`split_rows` chooses (the user's split, else :func:`default_split`, else
stratified :data:`~analytics.metrics.model.data.FOLDS`-fold cross-validation) and
says why in its :class:`Validation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import polars as pl

from analytics.errors import InputError
from analytics.metrics import leakguard
from analytics.metrics.model.data import FOLDS, MIN_TEST_CONVERSIONS, TEST_SHARE, ModelData


@dataclass(frozen=True)
class Validation:
    """How the models were judged and why.

    ``method`` is ``out_of_time`` (``split``: the first test month) or
    ``stratified_kfold`` (``folds``); ``reason`` is a code (``dated``, ``user_split``,
    ``no_dates``, ``one_month``) and ``text`` its English sentence.
    """

    method: str
    split: date | None
    folds: int | None
    reason: str
    text: str
    immature: int
    maturity_days: float | None
    min_conversions: int
    enough: bool

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (the ``validation`` key of ``model --format json``)."""
        return {
            "method": self.method,
            "split": None if self.split is None else f"{self.split:%Y-%m}",
            "folds": self.folds,
            "reason": self.reason,
            "text": self.text,
            "immature_leads": self.immature,
            "maturity_days": None if self.maturity_days is None else round(self.maturity_days, 1),
            "min_conversions": self.min_conversions,
            "enough_data": self.enough,
        }


def default_split(created: pl.Series, *, share: float = TEST_SHARE) -> date | None:
    """The month whose start leaves closest to ``share`` of the dated leads for the test.

    Example:
        >>> from datetime import datetime as dt
        >>> s = pl.Series([dt(2025, m, 1) for m in (1, 1, 2, 2, 3, 3, 4, 4)])
        >>> default_split(s)
        datetime.date(2025, 4, 1)
        >>> default_split(pl.Series([dt(2025, 1, 1)])) is None
        True
    """
    months = (
        created.drop_nulls()
        .dt.date()
        .dt.truncate("1mo")
        .value_counts(name="n")
        .sort(created.name or "")
    )
    if months.height < 2:
        return None
    month_col = months.columns[0]
    total = int(months["n"].sum())
    test_share = (total - months["n"].cum_sum() + months["n"]) / total
    candidates = months.with_columns(test=test_share).slice(1)
    best = (
        candidates.with_columns(gap=(pl.col("test") - share).abs())
        .sort("gap", month_col)
        .row(0, named=True)
    )
    return best[month_col]


def split_rows(
    data: ModelData, *, split: date | None = None
) -> tuple[np.ndarray, np.ndarray | None, Validation]:
    """Which leads train and which test (or the fold of each lead), and the validation used.

    Returns:
        ``(train, test, validation)`` — boolean masks for out of time; for k-fold
        ``train`` holds each lead's fold number and ``test`` is None.

    Raises:
        InputError: ``split`` leaves no dated lead on one side.
    """
    created = data.frame["created_at"]
    dated = created.is_not_null().to_numpy()
    months = created.drop_nulls().dt.date().dt.truncate("1mo").n_unique() if dated.any() else 0
    common = {
        "immature": data.immature,
        "maturity_days": data.maturity_days,
        "min_conversions": MIN_TEST_CONVERSIONS,
    }
    if split is not None:
        first = split.replace(day=1)
        month = created.dt.date().dt.truncate("1mo").to_numpy()
        test = dated & (month >= np.datetime64(first))
        train = ~test
        if not test.any() or not (dated & train).any():
            raise InputError.make(
                "model.err_split",
                value=f"{first:%Y-%m}",
                first=f"{created.min():%Y-%m}" if dated.any() else "-",
                last=f"{created.max():%Y-%m}" if dated.any() else "-",
            )
        text = f"out of time: trained on leads created before {first:%Y-%m} (the split you chose), tested on the leads created from then on"
        return (
            train,
            test,
            Validation("out_of_time", first, None, "user_split", text, enough=False, **common),
        )
    if months >= 2:
        first = default_split(created)
        assert first is not None
        month = created.dt.date().dt.truncate("1mo").to_numpy()
        test = dated & (month >= np.datetime64(first))
        text = (
            f"out of time: trained on leads created before {first:%Y-%m}, tested on the newest "
            f"({test.mean():.0%} of the leads) — how the model would have done going forward"
        )
        return (
            ~test,
            test,
            Validation("out_of_time", first, None, "dated", text, enough=False, **common),
        )
    reason = "no_dates" if months == 0 else "one_month"
    text = (
        "stratified 5-fold cross-validation: "
        + (
            "the leads have no creation dates"
            if months == 0
            else "all leads were created in one month"
        )
        + ", so no newer period can be held out; each lead is predicted by a model that never saw it"
    )
    folds = leakguard.fold_ids(data.frame["target"], folds=FOLDS)
    return (
        folds,
        None,
        Validation("stratified_kfold", None, FOLDS, reason, text, enough=False, **common),
    )
