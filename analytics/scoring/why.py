"""The words of "why this score": an explanation as a person reads it, in either language.

:mod:`analytics.scoring.explain` computes a lead's score at the moment that matters;
this module says it in words, through the one formatting layer
(:mod:`analytics.text.format`) and the catalog — never a rule's code name, a raw
count such as ``0.000729 × 15 × 1``, ``fit``/``engagement`` or ``(default)``:

- a rule is named by its label (:func:`analytics.text.format.rule_label`);
- a fit rule reads "100–499 (320) → +15" (the matched band or value and its points),
  "小売業 (other value) → +3", "not given → 0";
- an activity rule reads "3 times in the last 30 days, −20% decay" (activities
  counted, the window or the span they cover, how much the decay took off;
  ", capped at 45" when the cap bound), or "once, 12 days ago";
- points are whole (:func:`analytics.scoring.explain.round_to_total`: the lines add up
  to the score shown).

Example:
    >>> from analytics.criteria import FitRule
    >>> fit_option_label(FitRule("rank", "title_rank", "values", values=(("director", 20.0),)),
    ...                  0, "ja", value="director")
    '部長'
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import polars as pl

from analytics.criteria import Criteria, EngagementRule, FitRule, points_table
from analytics.scoring.explain import Explanation, LeadExplanation
from analytics.store.schema import SCHEMA
from analytics.text import format as fmt
from analytics.text.catalog import t

# Lead columns that hold money (shown as yen): the schema's "amount" columns.
MONEY_COLUMNS = frozenset(c.name for c in SCHEMA["leads"].columns if c.value == "amount")
MOMENT_COLUMNS = {
    "mql": "scoring.col_at_mql",
    "handoff": "scoring.col_at_handoff",
    "as_of": "scoring.col_today",
}


def _number(value: float | None, field: str, lang: str) -> str:
    """A lead attribute's number: yen for money columns, else a plain whole number."""
    if field in MONEY_COLUMNS:
        return fmt.yen(value, lang)
    return fmt.number(value, 0 if value is None or abs(value) >= 10 else 2, lang)


def band_label(rule: FitRule, index: int, lang: str) -> str:
    """The words of a band of a fit rule: its own label when readable in ``lang``, else its edges.

    Example:
        >>> from analytics.criteria import Band, FitRule
        >>> r = FitRule("rev", "annual_revenue", "bands",
        ...             bands=(Band(1e9, None, 20, "10億円以上"), Band(None, 1e9, 3)))
        >>> band_label(r, 0, "ja"), band_label(r, 0, "en"), band_label(r, 1, "en")
        ('10億円以上', '≥ ¥1,000,000,000', '< ¥1,000,000,000')
        >>> band_label(FitRule("n", "employees", "bands", bands=(Band(100, 500, 15),)), 0, "en")
        '100–499'
    """
    band = rule.bands[index]
    if band.label and (lang == "ja" or fmt.reads_in_english(band.label)):
        return band.label
    if rule.field in MONEY_COLUMNS:
        low, high = fmt.yen(band.min, lang), fmt.yen(band.max, lang)
        if band.min is not None and band.max is not None:
            return f"{low}–{high}"
        return f"≥ {low}" if band.min is not None else f"< {high}"
    return fmt.band(band.min, band.max)


def fit_option_label(rule: FitRule, index: int, lang: str, *, value: Any = None) -> str:
    """The words of the option a lead matched (``index`` into ``rule.options``).

    Args:
        rule: the fit rule.
        index: the option index (bands/values in order, then "(default)", "(missing)").
        lang: ``"en"`` or ``"ja"``.
        value: the lead's value, when known (shown for "(default)" and "contains" rules).

    Example:
        >>> from analytics.criteria import FitRule
        >>> r = FitRule("ind", "industry", "values", values=(("IT", 20.0),), default=3.0)
        >>> fit_option_label(r, 1, "en", value="小売業"), fit_option_label(r, 2, "ja")
        ('小売業 (other value)', '未入力')
        >>> fit_option_label(r, 1, "en")
        'Any other value'
    """
    n = len(rule.options) - 2
    shown = None if value is None else fmt.label(rule.field, value, lang)
    if index == n + 1:
        return t("scoring.option_missing", lang)
    if index == n:
        if shown is None:
            return t("scoring.option_default", lang)
        return t("scoring.why_other_value", lang, value=shown)
    if rule.kind == "bands":
        return band_label(rule, index, lang)
    if rule.kind == "contains" and shown is not None:
        return shown
    return fmt.label(rule.field, rule.values[index][0], lang)


def _fit_detail(rule: FitRule, line: dict[str, Any], criteria: Criteria, lang: str) -> str:
    option = int(line["option"])
    text = fit_option_label(rule, option, lang, value=line["value"])
    if rule.kind == "bands" and option < len(rule.bands) and line["value_number"] is not None:
        value = _number(line["value_number"], rule.field, lang)
        text = t("scoring.why_band", lang, band=text, value=value)
    raw = fmt.points(rule.points[option], lang)
    if criteria.fit_weight == 1:
        return t("scoring.why_fit", lang, option=text, points=raw)
    weight = fmt.number(criteria.fit_weight, 2, lang)
    return t("scoring.why_fit_weighted", lang, option=text, points=raw, weight=weight)


def _activity_detail(
    rule: EngagementRule, line: dict[str, Any], at: datetime, criteria: Criteria, lang: str
) -> str:
    if rule.field is not None:
        if line["value_number"]:
            text = t("scoring.why_aggregate", lang, value=fmt.count(line["value_number"], lang))
        else:
            text = t("scoring.why_aggregate_unused", lang)
    elif not line["count"]:
        text = t("scoring.why_no_activity", lang)
    else:
        n = int(line["count"])
        age = (at - line["first_at"]).total_seconds() / 86400
        if n == 1 and age < 1:
            text = t("scoring.why_same_day", lang)
        elif n == 1 and age < 2:
            text = t("scoring.why_day_before", lang)
        elif n == 1:
            text = t("scoring.why_once_ago", lang, days=fmt.number(math.floor(age), 0, lang))
        else:
            span = rule.window_days if rule.window_days is not None else max(1, math.ceil(age))
            days = (
                t("scoring.why_day", lang)
                if span == 1
                else t("scoring.why_days", lang, n=fmt.number(span, 1, lang))
            )
            text = t("scoring.why_within", lang, n=fmt.count(n), days=days)
        decay = 1.0 - float(line["decayed"]) / n
        if rule.half_life_days is not None and fmt.pct(decay, 0) != fmt.pct(0.0, 0):
            text += t("scoring.why_decay", lang, pct=fmt.pct(decay, 0))
    if line["capped"] and rule.cap is not None:
        text += t("scoring.why_capped", lang, cap=fmt.score(rule.cap, lang))
    if criteria.engagement_weight != 1:
        text += t(
            "scoring.why_engagement_weight", lang, weight=fmt.number(criteria.engagement_weight, 2)
        )
    return text


def _adjustment_detail(points: float, criteria: Criteria, lang: str) -> str:
    if points > 0:
        return t("scoring.why_floor", lang, floor=fmt.score(criteria.floor, lang))
    return t("scoring.why_ceiling", lang, ceiling=fmt.score(criteria.ceiling, lang))


def line_words(explanation: Explanation, criteria: Criteria, lang: str) -> pl.DataFrame:
    """Each line of an explanation in words: ``rule`` (the name), ``label``, ``points`` (text)
    and ``detail``.

    One row per rule and the floor/ceiling line, in the order of ``explanation.lines``;
    ``points`` is the rounded contribution (``+15``, ``−5``, ``0``). Built per rule of the
    criteria (a handful of rows for one lead).

    Example:
        >>> from analytics.criteria import load_criteria
        >>> c = load_criteria('[[fit]]\\nname="title_rank"\\nfield="title_rank"\\nvalues={director=20}')
        >>> lines = pl.DataFrame({"rule": ["title_rank", "(floor/ceiling adjustment)"],
        ...     "kind": ["fit", "adjustment"], "points": [20.0, 0.0], "rounded": [20, 0],
        ...     "option": [0, None], "value": ["director", None], "value_number": [None, None],
        ...     "count": [None, None], "decayed": [None, None], "first_at": [None, None],
        ...     "capped": [None, None]})
        >>> e = Explanation("L1", "mql", datetime(2025, 3, 2, 14, 5), 20.0, lines)
        >>> line_words(e, c, "ja").row(0)
        ('title_rank', '役職', '+20', '部長 → +20')
    """
    fits = {r.name: r for r in criteria.fit_rules}
    engagements = {r.name: r for r in criteria.engagement_rules}
    rows = []
    for line in explanation.lines.iter_rows(named=True):  # one row per rule, not per lead
        name = line["rule"]
        if name in fits:
            label = fmt.rule_label(name, fits[name].label, lang)
            detail = _fit_detail(fits[name], line, criteria, lang)
        elif name in engagements:
            label = fmt.rule_label(name, engagements[name].label, lang)
            detail = _activity_detail(engagements[name], line, explanation.at, criteria, lang)
        else:
            label = fmt.label("layer", "adjustment", lang)
            detail = _adjustment_detail(line["points"], criteria, lang) if line["rounded"] else ""
        rows.append((name, label, fmt.points(line["rounded"], lang), detail))
    return pl.DataFrame(rows, schema=["rule", "label", "points", "detail"], orient="row")


def why_table(why: LeadExplanation, criteria: Criteria, lang: str) -> pl.DataFrame:
    """The "why this score" table: rule, points at the moment that matters, today, what counted.

    Rows: every fit rule, then the activity rules and the floor/ceiling line that add
    something (rounded) at either moment, then the total. Each points column adds up to
    its total (:func:`analytics.scoring.explain.round_to_total`). When the moment that
    matters is today (neither an MQL nor handed off) there is one points column.

    Returns:
        ``rule`` (label), ``at_moment`` (points text; absent when the moment is today),
        ``today`` (points text), ``detail`` (what counted at the moment).

    Example:
        >>> from analytics.criteria import load_criteria
        >>> c = load_criteria('[[fit]]\\nname="rank"\\nfield="title_rank"\\nvalues={director=20}')
        >>> lines = pl.DataFrame({"rule": ["rank", "(floor/ceiling adjustment)"],
        ...     "kind": ["fit", "adjustment"], "points": [20.0, 0.0], "rounded": [20, 0],
        ...     "option": [0, None], "value": ["director", None], "value_number": [None, None],
        ...     "count": [None, None], "decayed": [None, None], "first_at": [None, None],
        ...     "capped": [None, None]})
        >>> now = Explanation("L1", "as_of", datetime(2025, 6, 1), 20.0, lines)
        >>> why = LeadExplanation("L1", 100.0, None, None, datetime(2025, 6, 1), now, now)
        >>> why_table(why, c, "en").rows()
        [('Rank', '+20', 'Director (部長) → +20'), ('Total', '20', '')]
    """
    moment = line_words(why.at_moment, criteria, lang)
    today = why.today.lines["rounded"]
    shown = (
        moment.with_columns(today=pl.Series([fmt.points(v, lang) for v in today.to_list()]))
        .with_columns(
            keep=(why.at_moment.lines["kind"] == "fit")
            | (why.at_moment.lines["rounded"] != 0)
            | (today != 0)
        )
        .filter("keep")
    )
    total = pl.DataFrame(
        {
            "label": [t("scoring.why_total", lang)],
            "points": [fmt.score(why.at_moment.rounded_total, lang)],
            "today": [fmt.score(why.today.rounded_total, lang)],
            "detail": [""],
        }
    )
    table = pl.concat([shown.select("label", "points", "today", "detail"), total]).rename(
        {"label": "rule", "points": "at_moment"}
    )
    if why.at_moment is why.today:
        return table.select("rule", "today", "detail")
    return table.select("rule", "at_moment", "today", "detail")


def why_summary(why: LeadExplanation, lang: str) -> str:
    """One sentence: the score at the moment that matters and today, against the threshold.

    Example:
        >>> lines = pl.DataFrame({"rounded": [0]})
        >>> mql = Explanation("L1", "mql", datetime(2025, 3, 2, 14, 5), 104.4, lines)
        >>> now = Explanation("L1", "as_of", datetime(2025, 6, 1), 87.0, lines)
        >>> why_summary(LeadExplanation("L1", 100.0, mql.at, None, now.at, mql, now), "en")
        'MQL on 2025-03-02 14:05 with a score of 104 (threshold 100). Today (2025-06-01): 87.'
    """
    values = {
        "at": fmt.moment(why.at_moment.at, lang),
        "score": fmt.score(why.at_moment.total, lang),
        "threshold": fmt.number(why.threshold, 1, lang),
        "today": fmt.day(why.as_of, lang),
        "now": fmt.score(why.today.total, lang),
    }
    text = t(f"scoring.why_{why.at_moment.moment}", lang, **values)
    if why.at_moment.moment == "mql" and why.handoff_at is not None:
        text += t("scoring.why_handed", lang, at=fmt.moment(why.handoff_at, lang))
    return text


def moment_column(why: LeadExplanation, lang: str) -> str:
    """The header of the points column of the moment that matters.

    Example:
        >>> lines = pl.DataFrame({"rounded": [0]})
        >>> e = Explanation("L1", "handoff", datetime(2025, 3, 2), 0.0, lines)
        >>> moment_column(LeadExplanation("L1", 100.0, None, e.at, e.at, e, e), "ja")
        '営業への引き渡し時'
    """
    return t(MOMENT_COLUMNS[why.at_moment.moment], lang)


def chart_lines(explanation: Explanation, criteria: Criteria, lang: str) -> pl.DataFrame:
    """``rule`` (label) and ``points`` (rounded) of the lines that add something: for the bar chart.

    Example:
        >>> from analytics.criteria import load_criteria
        >>> c = load_criteria('[[fit]]\\nname="rank"\\nfield="title_rank"\\nvalues={director=20}')
        >>> lines = pl.DataFrame({"rule": ["rank"], "kind": ["fit"], "points": [20.0],
        ...     "rounded": [20], "option": [0], "value": ["director"], "value_number": [None],
        ...     "count": [None], "decayed": [None], "first_at": [None], "capped": [None]})
        >>> chart_lines(Explanation("L1", "mql", datetime(2025, 3, 2), 20.0, lines), c, "en").rows()
        [('Rank', 20)]
    """
    labels = line_words(explanation, criteria, lang)["label"]
    return pl.DataFrame({"rule": labels, "points": explanation.lines["rounded"]}).filter(
        pl.col("points") != 0
    )


def points_table_words(criteria: Criteria, lang: str) -> pl.DataFrame:
    """:func:`analytics.criteria.points_table` with the words beside its keys, for the editor.

    Returns:
        ``rule``, ``kind``, ``option`` (the keys :func:`analytics.criteria.apply_points_table`
        reads back), ``rule_label``, ``kind_label`` ("Fit" / "Engagement"), ``option_label``
        (band, value, "Any other value", "Not given", "per activity"), ``points``, ``cap``.

    Example:
        >>> from analytics.criteria import load_criteria
        >>> c = load_criteria('[[engagement]]\\nname="webinar"\\ntype="webinar"\\npoints=15')
        >>> points_table_words(c, "ja").select("rule_label", "kind_label", "option_label").row(0)
        ('ウェビナー参加', '行動', '1回あたり')
    """
    words: list[tuple[str, str, str]] = []
    for rule in criteria.fit_rules:  # one row per option, as points_table lists them
        label = fmt.rule_label(rule.name, rule.label, lang)
        kind = fmt.label("layer", "fit", lang)
        words += [(label, kind, fit_option_label(rule, i, lang)) for i in range(len(rule.options))]
    per_activity = t("scoring.option_per_occurrence", lang)
    words += [
        (
            fmt.rule_label(r.name, r.label, lang),
            fmt.label("layer", "engagement", lang),
            per_activity,
        )
        for r in criteria.engagement_rules
    ]
    labels = pl.DataFrame(words, schema=["rule_label", "kind_label", "option_label"], orient="row")
    table = points_table(criteria)
    return pl.concat(
        [table.select("rule", "kind", "option"), labels, table.select("points", "cap")],
        how="horizontal",
    )
