"""The executive summary: 5–8 findings written as sentences from the statistics.

Each finding states what changed and the evidence (the values, n and the test's p),
and claims a change only where a test supports it at 5%: rates by the two-proportion
z-test of the KPI cards (:func:`analytics.metrics.kpis.summarise_month`), counts by the
exact conditional test of two Poisson counts (:func:`compare_counts`), the score's order
by the Cochran–Armitage trend test of the band table.
"""

from __future__ import annotations

from typing import Any

from analytics.metrics.stats import TrendTest
from analytics.report.inputs import Inputs
from analytics.text import format as fmt

ALPHA = 0.05
COUNT_FINDINGS: tuple[str, ...] = ("leads", "mqls", "won")
RATE_FINDINGS: tuple[str, ...] = ("mql_to_sql", "mql_rate", "sla_attainment", "mql_to_won")
MAX_FINDINGS = 8


def compare_counts(now: int, before: int) -> float | None:
    """Two-sided p-value that two monthly counts (Poisson) share one rate.

    Conditional on the total, ``now`` is Binomial(now + before, 1/2) under equal rates.

    Example:
        >>> round(compare_counts(130, 100), 3), compare_counts(0, 0)
        (0.056, None)
    """
    from scipy.stats import binomtest  # here: scipy.stats takes ~0.6 s to import (every CLI call)

    total = int(now) + int(before)
    if total == 0:
        return None
    return float(binomtest(int(now), total, 0.5).pvalue)


def _direction(inp: Inputs, now: float, before: float) -> str:
    return inp.tr("report.rose" if now > before else "report.fell")


def count_finding(inp: Inputs, card: dict[str, Any]) -> str | None:
    """A count KPI against last month: rose/fell beyond noise, or within noise."""
    now, before = card["value"], card["previous"]
    if now is None or before is None:
        return None
    p = compare_counts(int(now), int(before))
    values = {"kpi": inp.tr(f"report.volume_{card['kpi']}"), "now": fmt.count(now),
              "before": fmt.count(before), "p": fmt.p_value(p)}  # fmt: skip
    if p is not None and p < ALPHA and now != before:
        return inp.tr("report.finding_count_real", direction=_direction(inp, now, before), **values)
    return inp.tr("report.finding_count_noise", **values)


def rate_finding(inp: Inputs, card: dict[str, Any]) -> str | None:
    """A rate KPI against last month, with n and the test (maturing cohorts said so)."""
    now, before, p = card["value"], card["previous"], card["p_previous"]
    if now is None or before is None:
        return None
    values = {"kpi": inp.tr(f"kpis.name_{card['kpi']}"), "now": fmt.pct(now),
              "before": fmt.pct(before), "n": fmt.count(card["n"]), "p": fmt.p_value(p),
              "ci": fmt.interval(card["ci_low"], card["ci_high"])}  # fmt: skip
    if p is not None and p < ALPHA and now != before:
        text = inp.tr("report.finding_rate_real", direction=_direction(inp, now, before), **values)
    else:
        text = inp.tr("report.finding_rate_noise", **values)
    if card["maturing"]:
        text += " " + inp.tr("report.finding_maturing")
    return text


def band_finding(inp: Inputs, trend: TrendTest | None) -> str | None:
    """Whether higher score bands still convert more (one-sided trend test)."""
    if trend is None or trend.n == 0:
        return None
    key = "report.finding_bands_order" if trend.p_increasing < ALPHA else "report.finding_bands_no"
    return inp.tr(key, p=fmt.p_value(trend.p_increasing), n=fmt.count(trend.n))


def write_findings(
    inp: Inputs, cards: list[dict[str, Any]], trend: TrendTest | None
) -> tuple[str, ...]:
    """5–8 sentences: volumes, conversion rates, the score's order (tests decide every claim)."""
    by_key = {c["kpi"]: c for c in cards}
    found = [count_finding(inp, by_key[k]) for k in ("leads",) if k in by_key]
    found += [rate_finding(inp, by_key[k]) for k in RATE_FINDINGS[:2] if k in by_key]
    found.append(band_finding(inp, trend))
    found += [rate_finding(inp, by_key[k]) for k in RATE_FINDINGS[2:] if k in by_key]
    found += [count_finding(inp, by_key[k]) for k in COUNT_FINDINGS[1:] if k in by_key]
    return tuple(f for f in found if f)[:MAX_FINDINGS]
