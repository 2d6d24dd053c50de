"""Rule-by-rule difference of two criteria, as records and in words (both languages).

:func:`diff_criteria` lists every difference as a record ``{"rule", "field", "a", "b",
"change"}`` (``change``: ``added``, ``removed`` or ``changed``), in document order:
name and description, threshold, weights, score range, fit rules, engagement rules,
SQL rule, SLA. Rules are matched by name; fit bands by their bounds, value/fragment
points by their value. The version number is not compared (it always differs).

:func:`describe_changes` turns the records into one line per rule for people
("pricing page: +15 → +20 points; cap 45 → 60", "threshold 100 → 90",
"SQL rule: Budget ≥ medium added", "SLA: first contact 24 h → 12 h").

Example:
    >>> from dataclasses import replace
    >>> from analytics.criteria.document import load_criteria
    >>> a = load_criteria("threshold = 100\\n[sla]\\ncontact_hours = 24")
    >>> b = replace(a, threshold=90.0, sla=replace(a.sla, contact_hours=12.0))
    >>> for record in diff_criteria(a, b):
    ...     print(record)
    {'rule': 'threshold', 'field': 'threshold', 'a': 100.0, 'b': 90.0, 'change': 'changed'}
    {'rule': 'sla', 'field': 'contact_hours', 'a': 24.0, 'b': 12.0, 'change': 'changed'}
    >>> describe_changes(diff_criteria(a, b), "en")
    ['threshold 100 → 90', 'SLA: first contact 24 h → 12 h']
    >>> describe_changes(diff_criteria(a, b), "ja")
    ['しきい値 100 → 90', 'SLA: 初回接触 24時間 → 12時間']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from analytics.criteria.document import Criteria, EngagementRule, FitRule, criteria_to_dict
from analytics.criteria.sql_rule import BANT_ITEMS
from analytics.text.catalog import t
from analytics.text.format import number

CHANGES: tuple[str, ...] = ("added", "removed", "changed")
# Sections that are not scoring rules, by their ``rule`` value in the records.
SECTIONS: tuple[str, ...] = ("document", "threshold", "weights", "score_range", "sql_rule", "sla")
_ENGAGEMENT_FIELDS: tuple[str, ...] = (
    "points",
    "cap",
    "window_days",
    "half_life_days",
    "types",
    "detail",
    "detail_contains",
    "campaign",
    "field",
    "label",
)


def _record(rule: str, field: str | None, a: Any, b: Any) -> dict[str, Any]:
    change = "added" if a is None else "removed" if b is None else "changed"
    return {"rule": rule, "field": field, "a": a, "b": b, "change": change}


def _compare(rule: str, pairs: Iterable[tuple[str, Any, Any]]) -> list[dict[str, Any]]:
    return [_record(rule, f, a, b) for f, a, b in pairs if a != b]


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _fit_entries(rule: FitRule) -> dict[str, float]:
    """Option key -> points: ``band <label>`` by bounds, ``value <v>`` by value."""
    if rule.kind == "bands":
        return {f"band {b.display}": b.points for b in rule.bands}
    return {f"value {v}": p for v, p in rule.values}


def _fit_bounds(rule: FitRule) -> tuple:
    return tuple((b.min, b.max) for b in rule.bands)


def _diff_fit(a: FitRule, b: FitRule) -> list[dict[str, Any]]:
    out = _compare(a.name, [("field", a.field, b.field), ("kind", a.kind, b.kind)])
    if a.kind == b.kind == "bands" and _fit_bounds(a) != _fit_bounds(b):
        out.append(
            _record(
                a.name,
                "bands",
                [b_.display for b_ in a.bands],
                [b_.display for b_ in b.bands],
            )
        )
    ea, eb = _fit_entries(a), _fit_entries(b)
    if a.kind == b.kind == "bands" and _fit_bounds(a) == _fit_bounds(b):
        # same bounds: a band is the same band even when its label changed
        eb = dict(zip(ea, [x.points for x in b.bands], strict=True))
    out += [_record(a.name, key, ea.get(key), eb.get(key)) for key in ea if ea[key] != eb.get(key)]
    out += [_record(a.name, key, None, eb[key]) for key in eb if key not in ea]
    out += _compare(
        a.name,
        [("default", a.default, b.default), ("missing", a.missing, b.missing)],
    )
    out += _compare(a.name, [("label", a.label or None, b.label or None)])
    return out


def _engagement_value(rule: EngagementRule, key: str) -> Any:
    value = getattr(rule, key)
    if key == "label":
        return value or None
    return _plain(value) if value != () else None


def _diff_engagement(a: EngagementRule, b: EngagementRule) -> list[dict[str, Any]]:
    return _compare(
        a.name,
        [(k, _engagement_value(a, k), _engagement_value(b, k)) for k in _ENGAGEMENT_FIELDS],
    )


def _rule_doc(criteria: Criteria, kind: str, name: str) -> dict[str, Any]:
    return next(r for r in criteria_to_dict(criteria)[kind] if r["name"] == name)


def _diff_rules(a: Criteria, b: Criteria, kind: str) -> list[dict[str, Any]]:
    attr = "fit_rules" if kind == "fit" else "engagement_rules"
    rules_a = {r.name: r for r in getattr(a, attr)}
    rules_b = {r.name: r for r in getattr(b, attr)}
    out: list[dict[str, Any]] = []
    for name, rule in rules_a.items():
        if name not in rules_b:
            out.append(_record(name, None, _rule_doc(a, kind, name), None))
        elif kind == "fit":
            out += _diff_fit(rule, rules_b[name])
        else:
            out += _diff_engagement(rule, rules_b[name])
    out += [_record(n, None, None, _rule_doc(b, kind, n)) for n in rules_b if n not in rules_a]
    return out


def diff_criteria(a: Criteria, b: Criteria) -> list[dict[str, Any]]:
    """Every difference between criteria ``a`` and ``b``, rule by rule.

    Args:
        a: the criteria compared from (e.g. the agreed version).
        b: the criteria compared to (e.g. the proposal).

    Returns:
        Records ``{"rule", "field", "a", "b", "change"}``: ``rule`` is a rule name or a
        section of :data:`SECTIONS`; ``field`` the changed key (for fit rules
        ``band <label>`` or ``value <value>``), None when a whole rule was added or
        removed (``a``/``b`` then hold the rule as in the TOML); ``a``/``b`` are None
        for what one side lacks. Empty when the two are the same (but for the version).

    Example:
        >>> from analytics.criteria.document import default_criteria
        >>> diff_criteria(default_criteria(), default_criteria())
        []
    """
    out = _compare(
        "document",
        [("name", a.name, b.name), ("description", a.description or None, b.description or None)],
    )
    out += _compare("threshold", [("threshold", a.threshold, b.threshold)])
    out += _compare(
        "weights",
        [
            ("fit_weight", a.fit_weight, b.fit_weight),
            ("engagement_weight", a.engagement_weight, b.engagement_weight),
        ],
    )
    out += _compare("score_range", [("floor", a.floor, b.floor), ("ceiling", a.ceiling, b.ceiling)])
    out += _diff_rules(a, b, "fit")
    out += _diff_rules(a, b, "engagement")
    ra, rb = a.sql_rule.required, b.sql_rule.required
    out += [
        _record("sql_rule", k, ra.get(k), rb.get(k)) for k in BANT_ITEMS if ra.get(k) != rb.get(k)
    ]
    out += _compare(
        "sla",
        [
            ("contact_hours", a.sla.contact_hours, b.sla.contact_hours),
            ("mql_per_month", a.sla.mql_per_month, b.sla.mql_per_month),
            ("min_score", a.sla.min_score, b.sla.min_score),
        ],
    )
    return out


# --------------------------------------------------------------------------- words
def _signed(value: float) -> str:
    text = number(abs(value), 2)
    return "0" if text == "0" else ("+" if value > 0 else "−") + text


def _num(value: Any) -> str:
    if value is None:
        return "–"
    return ("−" if value < 0 else "") + number(abs(value), 2)


def _list(value: Any) -> str:
    return "–" if not value else ", ".join(str(v) for v in value)


def rule_label(rule: str, lang: str, *criteria: Criteria | None) -> str:
    """A rule's name for people: its ``label`` in Japanese, the name spelled out in English.

    Sections (threshold, SLA, …) have catalog words.

    Example:
        >>> from analytics.criteria.document import default_criteria
        >>> rule_label("pricing_page", "en", default_criteria()), rule_label(
        ...     "pricing_page", "ja", default_criteria()), rule_label("sla", "ja")
        ('pricing page', '料金ページ閲覧', 'SLA')
    """
    if rule in SECTIONS:
        return t(f"diff.section.{rule}", lang)
    if lang == "ja":
        for c in criteria:
            if c is None:
                continue
            found = next(
                (r.label for r in (*c.fit_rules, *c.engagement_rules) if r.name == rule), ""
            )
            if found:
                return found
    return rule.replace("_", " ")


def _level(item: str, value: int, lang: str) -> str:
    return t(
        "diff.bant_level",
        lang,
        item=t(f"diff.bant.{item}", lang),
        level=t(f"diff.level.{value}", lang),
    )


def _part(record: dict[str, Any], lang: str) -> str:
    """One change of one rule in words (the rule's name is added by the caller)."""
    rule, field, a, b, change = (record[k] for k in ("rule", "field", "a", "b", "change"))
    if field is None:  # a whole rule, as in the TOML
        doc = a if b is None else b
        if "points" in doc:
            return t(f"diff.rule_{change}_points", lang, points=_signed(doc["points"]))
        return t(f"diff.rule_{change}_column", lang, column=doc.get("field", "–"))
    if rule == "sql_rule":
        if change == "changed":
            return t("diff.sql_changed", lang, a=_level(field, a, lang), b=_level(field, b, lang))
        return t(f"diff.sql_{change}", lang, level=_level(field, a if b is None else b, lang))
    if rule == "document" and field == "description":
        return t("diff.description", lang)
    if field in ("points", "default", "missing") or field.startswith(("band ", "value ")):
        if change == "changed":
            text = t("diff.points", lang, a=_signed(a), b=_signed(b))
        else:
            text = t(f"diff.points_{change}", lang, points=_signed(a if b is None else b))
        if field.startswith(("band ", "value ")):
            return t("diff.option", lang, option=field.split(" ", 1)[1], change=text)
        return text if field == "points" else t(f"diff.field.{field}", lang) + " " + text
    if field == "contact_hours":
        return t("diff.hours", lang, a=_num(a), b=_num(b))
    if field in ("types", "detail", "detail_contains", "campaign", "bands"):
        return t(f"diff.field.{field}", lang) + f" {_list(a)} → {_list(b)}"
    if field in ("window_days", "half_life_days"):
        return t(f"diff.field.{field}", lang) + " " + t("diff.days", lang, a=_num(a), b=_num(b))
    shown = (
        (lambda v: "–" if v is None else str(v))
        if field in ("label", "field", "kind", "name")
        else _num
    )
    return t(f"diff.field.{field}", lang) + f" {shown(a)} → {shown(b)}"


def describe_changes(
    records: list[dict[str, Any]],
    lang: str = "en",
    *,
    a: Criteria | None = None,
    b: Criteria | None = None,
) -> list[str]:
    """The records of :func:`diff_criteria` as one line per rule, in ``lang``.

    Args:
        records: from :func:`diff_criteria`.
        lang: ``"en"`` or ``"ja"``.
        a: the first criteria (for rule labels).
        b: the second criteria (for the labels of added rules).

    Returns:
        Lines such as ``"pricing page: +15 → +20 points; cap 45 → 60"``; the threshold
        reads ``"threshold 100 → 90"``.

    Example:
        >>> rec = [{"rule": "sql_rule", "field": "budget", "a": None, "b": 2, "change": "added"}]
        >>> describe_changes(rec, "en"), describe_changes(rec, "ja")
        (['SQL rule: Budget ≥ medium added'], ['SQL条件: 予算 ≥ 中 を追加'])
    """
    lines: list[str] = []
    groups: dict[str, list[str]] = {}
    for record in records:
        groups.setdefault(record["rule"], []).append(_part(record, lang))
    for rule, parts in groups.items():
        joined = t("diff.separator", lang).join(parts)
        if rule == "threshold":
            lines.append(joined)
        else:
            lines.append(t("diff.line", lang, rule=rule_label(rule, lang, a, b), changes=joined))
    return lines
