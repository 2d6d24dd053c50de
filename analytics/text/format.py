"""One formatting layer: every number, date, code and label a person reads.

Pages, charts, the CLI's text output and the report format through these
functions and nothing else, so that one value reads the same everywhere and in
both languages:

- counts with thousands separators (``12,345``), rates as percentages with one
  decimal (``15.2%``), intervals as ``12.1–18.9%``;
- money: yen as 万/億円 in Japanese (``9,874万円``, ``1.2億円``) and ``¥`` with
  thousands in English (``¥98,740,000``); other currencies with their code;
- months as ``2026年10月`` / ``Oct 2026``, dates as ``2026/10/05`` / ``2026-10-05``;
- p-values as ``p < 0.001`` / ``p = 0.012``; durations as hours or days;
- band labels from rounded edges (``50–69``, ``90+``);
- codes (rule names, stages, verdicts, priorities, actions, column names) through
  :func:`label`, which looks the code up in the catalog and never shows it raw.

Every function accepts ``None`` (and NaN) and returns ``"–"`` for it.

Example:
    >>> yen(98_740_000, "ja"), yen(98_740_000, "en"), pct(0.1523), month(date(2026, 10, 1), "ja")
    ('9,874万円', '¥98,740,000', '15.2%', '2026年10月')
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

import polars as pl

from analytics.text.catalog import CATALOG, t

MISSING = "–"
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def count(value: float | int | None, lang: str = "en") -> str:
    """A count with thousands separators.

    Example:
        >>> count(12345), count(None), count(3.0)
        ('12,345', '–', '3')
    """
    if _missing(value):
        return MISSING
    return f"{round(float(value)):,}"


def number(value: float | int | None, digits: int = 1, lang: str = "en") -> str:
    """A plain number with separators and ``digits`` decimals (trailing ``.0`` kept off).

    Example:
        >>> number(101.792), number(2.0), number(1234.5, 0), number(-0.04)
        ('101.8', '2', '1,234', '0')
    """
    if _missing(value):
        return MISSING
    text = f"{float(value):,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def points(value: float | int | None, lang: str = "en") -> str:
    """Score points, signed, rounded to a whole point (``+15``, ``−30``, ``0``).

    Example:
        >>> points(14.6), points(-30), points(0.2)
        ('+15', '−30', '0')
    """
    if _missing(value):
        return MISSING
    whole = round(float(value))
    if whole == 0:
        return "0"
    return f"+{whole:,}" if whole > 0 else f"−{abs(whole):,}"


def delta_count(value: float | int | None, lang: str = "en") -> str:
    """A change of a count for a KPI card's delta: signed, with separators, ASCII minus
    (the card reads the sign from the text to draw its arrow).

    Example:
        >>> delta_count(1234), delta_count(-5), delta_count(0)
        ('+1,234', '-5', '±0')
    """
    if _missing(value):
        return MISSING
    whole = round(float(value))
    return "±0" if whole == 0 else f"{whole:+,}"


def score(value: float | int | None, lang: str = "en") -> str:
    """A score, rounded to a whole point.

    Example:
        >>> score(101.792), score(None)
        ('102', '–')
    """
    if _missing(value):
        return MISSING
    return f"{round(float(value)):,}"


def pct(value: float | None, digits: int = 1, lang: str = "en") -> str:
    """A share (0–1) as a percentage with ``digits`` decimals.

    Example:
        >>> pct(0.171), pct(1.0), pct(0.00049), pct(None)
        ('17.1%', '100.0%', '0.0%', '–')
    """
    if _missing(value):
        return MISSING
    return f"{float(value) * 100:,.{digits}f}%"


def pct_points(value: float | None, digits: int = 1, lang: str = "en") -> str:
    """A difference of two shares in percentage points, signed.

    Example:
        >>> pct_points(0.081), pct_points(-0.02, lang="ja"), pct_points(0.0)
        ('+8.1 pt', '−2.0 ポイント', '±0.0 pt')
    """
    if _missing(value):
        return MISSING
    unit = " ポイント" if lang == "ja" else " pt"
    shown = float(value) * 100
    magnitude = f"{abs(shown):,.{digits}f}"
    if float(magnitude.replace(",", "")) == 0:
        return f"±{magnitude}{unit}"
    return f"{'+' if shown > 0 else '−'}{magnitude}{unit}"


def interval(low: float | None, high: float | None, digits: int = 1) -> str:
    """A 95% interval of two shares: ``12.1–18.9%``.

    Example:
        >>> interval(0.121, 0.189), interval(None, 0.2)
        ('12.1–18.9%', '–')
    """
    if _missing(low) or _missing(high):
        return MISSING
    return f"{float(low) * 100:.{digits}f}–{float(high) * 100:.{digits}f}%"


def rate_with_ci(
    rate: float | None, low: float | None, high: float | None, n: int | None, lang: str = "en"
) -> str:
    """A rate with its 95% interval and n: ``15.2% (12.1–18.9%, n = 412)``.

    Example:
        >>> rate_with_ci(0.152, 0.121, 0.189, 412)
        '15.2% (12.1–18.9%, n = 412)'
        >>> rate_with_ci(None, None, None, 0, "ja")
        '– (n = 0)'
    """
    if _missing(rate):
        return f"{MISSING} (n = {count(n or 0)})"
    return f"{pct(rate)} ({interval(low, high)}, n = {count(n)})"


def yen(value: float | int | None, lang: str = "en", *, currency: str = "JPY") -> str:
    """Money: 万/億円 in Japanese, ``¥`` with thousands in English (other currencies by code).

    Japanese: under 1万 in 円 (``8,500円``), under 1億 in whole 万 (``9,874万円``),
    from 1億 in 億 with one decimal (``1.2億円``, ``10億円``). Negative amounts get ``−``.

    Example:
        >>> yen(712_500, "ja"), yen(-75_010_000, "ja"), yen(1_230_000_000, "ja"), yen(8_500, "ja")
        ('71万円', '−7,501万円', '12.3億円', '8,500円')
        >>> yen(-75_010_000, "en"), yen(1500, "en", currency="USD")
        ('−¥75,010,000', 'USD 1,500')
    """
    if _missing(value):
        return MISSING
    amount = float(value)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    if currency != "JPY":
        return f"{sign}{currency} {amount:,.0f}"
    if lang != "ja":
        return f"{sign}¥{amount:,.0f}"
    if amount >= 1e8:
        return f"{sign}{number(amount / 1e8, 1)}億円"
    if amount >= 1e4:
        return f"{sign}{round(amount / 1e4):,}万円"
    return f"{sign}{amount:,.0f}円"


def month(value: date | datetime | str | None, lang: str = "en") -> str:
    """A month: ``2026年10月`` / ``Oct 2026`` (accepts a date, a datetime or ``YYYY-MM``).

    Example:
        >>> month("2026-10", "en"), month(datetime(2024, 11, 1), "ja")
        ('Oct 2026', '2024年11月')
    """
    if _missing(value):
        return MISSING
    if isinstance(value, str):
        value = date(int(value[:4]), int(value[5:7]), 1)
    if lang == "ja":
        return f"{value.year}年{value.month}月"
    return f"{_MONTHS_EN[value.month - 1]} {value.year}"


def day(value: date | datetime | None, lang: str = "en") -> str:
    """A date: ``2026/10/05`` in Japanese, ``2026-10-05`` in English.

    Example:
        >>> day(date(2026, 10, 5), "ja"), day(datetime(2026, 10, 5, 9, 30))
        ('2026/10/05', '2026-10-05')
    """
    if _missing(value):
        return MISSING
    return value.strftime("%Y/%m/%d" if lang == "ja" else "%Y-%m-%d")


def moment(value: datetime | None, lang: str = "en") -> str:
    """A point in time to the minute.

    Example:
        >>> moment(datetime(2026, 10, 5, 9, 30, 12), "ja")
        '2026/10/05 09:30'
    """
    if _missing(value):
        return MISSING
    return value.strftime("%Y/%m/%d %H:%M" if lang == "ja" else "%Y-%m-%d %H:%M")


def hours(value: float | None, lang: str = "en") -> str:
    """A duration given in hours: minutes under 1 h, hours under 48 h, else days.

    Example:
        >>> hours(0.5), hours(3.5, "ja"), hours(50), hours(72, "ja")
        ('30 min', '3.5時間', '2.1 days', '3.0日')
    """
    if _missing(value):
        return MISSING
    h = float(value)
    if h < 1:
        return f"{round(h * 60)}分" if lang == "ja" else f"{round(h * 60)} min"
    if h < 48:
        return f"{h:.1f}時間" if lang == "ja" else f"{h:.1f} h"
    return days(h / 24, lang)


def days(value: float | None, lang: str = "en") -> str:
    """A duration in days with one decimal.

    Example:
        >>> days(41.26), days(1, "ja")
        ('41.3 days', '1.0日')
    """
    if _missing(value):
        return MISSING
    return f"{float(value):,.1f}日" if lang == "ja" else f"{float(value):,.1f} days"


def p_value(value: float | None) -> str:
    """A p-value: ``p < 0.001`` below 0.001, else three decimals.

    Example:
        >>> p_value(1.1e-202), p_value(0.0123), p_value(0.5), p_value(None)
        ('p < 0.001', 'p = 0.012', 'p = 0.500', '–')
    """
    if _missing(value):
        return MISSING
    return "p < 0.001" if float(value) < 0.001 else f"p = {float(value):.3f}"


def edge(value: float | None) -> str:
    """A band edge, rounded for reading: whole numbers, or 3 significant digits when small.

    Example:
        >>> edge(55.594), edge(82.0453), edge(1e10), edge(0.1234), edge(0.0)
        ('56', '82', '10,000,000,000', '0.123', '0')
    """
    if _missing(value):
        return MISSING
    v = float(value)
    if abs(v) >= 10 or v == 0:
        return f"{round(v):,}"
    return f"{v:.3g}"


def band(low: float | None, high: float | None) -> str:
    """A band label from its edges: ``low–(high-1)`` for whole scores, ``low+`` when open.

    Edges are rounded first, so ``55.594–82.0453`` reads ``56–82``.

    Example:
        >>> band(50, 70), band(90, None), band(55.594, 82.0453), band(None, 50), band(0.1, 0.25)
        ('50–69', '90+', '56–82', '<50', '0.1–0.25')
    """
    if _missing(low) and _missing(high):
        return MISSING
    if _missing(high):
        return f"{edge(low)}+"
    if _missing(low):
        return f"<{edge(high)}"
    lo, hi = float(low), float(high)
    if lo.is_integer() and hi.is_integer() and hi - lo >= 2:
        return f"{edge(lo)}–{edge(hi - 1)}"
    return f"{edge(lo)}–{edge(hi)}"


# --------------------------------------------------------------------------- codes
def _code_key(kind: str, code: str) -> str:
    return f"code.{kind}.{re.sub(r'[^a-z0-9_]', '_', str(code).lower())}"


def has_label(kind: str, code: Any) -> bool:
    """Whether ``code`` of ``kind`` has a catalog label.

    Example:
        >>> has_label("stage", "mql"), has_label("stage", "xyz")
        (True, False)
    """
    return _code_key(kind, str(code)) in CATALOG


def label(kind: str, code: Any, lang: str = "en", *, fallback: str | None = None) -> str:
    """The reader's word for a code: ``label("verdict", "rejected", "ja")`` → ``却下``.

    Codes come from a fixed vocabulary per ``kind`` (stage, verdict, priority,
    action, kind, status, team, outcome, column, …) in the catalog under
    ``code.<kind>.<code>``. A code that is not in the vocabulary (a user's own
    category, say) is shown as written, or as ``fallback``; ``None`` is ``–``.

    Example:
        >>> label("stage", "sql", "ja"), label("verdict", "recycled", "en"), label("stage", None)
        ('SQL', 'Recycled', '–')
        >>> label("column", "製造業", "ja")
        '製造業'
    """
    if _missing(code):
        return MISSING
    key = _code_key(kind, str(code))
    if key in CATALOG:
        return t(key, lang)
    return fallback if fallback is not None else str(code)


def reads_in_english(text: str) -> bool:
    """Whether ``text`` has no Japanese (or other CJK) characters, so it can stand in English.

    Example:
        >>> reads_in_english("1–99"), reads_in_english("10億円以上")
        (True, False)
    """
    return not any(ord(ch) >= 0x2E80 for ch in text)


def rule_label(name: str, own: str = "", lang: str = "en") -> str:
    """The reader's name of a scoring rule, never its code name (``pricing_page``).

    A rule's own ``label`` (criteria TOML, usually Japanese) comes first in Japanese,
    then the catalog's word for a rule of the shipped default criteria
    (``code.rule.<name>``); in English the catalog comes first and an own label is
    used only when it is written in Latin letters. Otherwise the name in words.

    Example:
        >>> rule_label("pricing_page", "料金ページ閲覧", "ja"), rule_label("pricing_page", "料金ページ閲覧")
        ('料金ページ閲覧', 'Pricing page views')
        >>> rule_label("trade_show", "展示会", "en"), rule_label("trade_show", "Trade show", "ja")
        ('Trade show', 'Trade show')
    """
    known = _code_key("rule", name) in CATALOG
    if lang == "ja" and own:
        return own
    if known:
        return t(_code_key("rule", name), lang)
    if own and reads_in_english(own):
        return own
    return str(name).replace("_", " ").strip().capitalize() or MISSING


def label_column(frame: pl.DataFrame, column: str, kind: str, lang: str) -> pl.DataFrame:
    """Replace a column of codes by their labels (vectorised over distinct values).

    Example:
        >>> f = pl.DataFrame({"verdict": ["rejected", "accepted", None]})
        >>> label_column(f, "verdict", "verdict", "ja")["verdict"].to_list()
        ['却下', '受入', '–']
    """
    values = frame[column].cast(pl.String).unique().to_list()
    mapping = {v: label(kind, v, lang) for v in values if v is not None}
    return frame.with_columns(
        pl.col(column)
        .cast(pl.String)
        .replace_strict(mapping, default=None, return_dtype=pl.String)
        .fill_null(MISSING)
        .alias(column)
    )


def _p_value(value: float | None, lang: str = "en") -> str:
    return p_value(value)


FORMATTERS = {
    "count": count,
    "pct_points": pct_points,
    "p_value": _p_value,
    "pct": pct,
    "yen": yen,
    "month": month,
    "day": day,
    "moment": moment,
    "hours": hours,
    "days": days,
    "score": score,
    "points": points,
    "number": number,
}


def format_columns(frame: pl.DataFrame, kinds: dict[str, str], lang: str) -> pl.DataFrame:
    """Format the named columns of a display table as text (``{"rate": "pct", ...}``).

    Each value is formatted once per distinct value, never per row in a Python loop
    over the frame (a column of 100k rates has at most a few thousand distinct values).

    Example:
        >>> f = pl.DataFrame({"m": [date(2026, 10, 1)], "rate": [0.1523], "won": [1234.0]})
        >>> format_columns(f, {"m": "month", "rate": "pct", "won": "yen"}, "ja").row(0)
        ('2026年10月', '15.2%', '1,234円')
    """
    out = []
    for column, kind in kinds.items():
        if column not in frame.columns:
            continue
        fn = FORMATTERS[kind]
        distinct = frame[column].unique().to_list()
        mapping = {v: fn(v, lang=lang) for v in distinct if not _missing(v)}
        out.append(
            pl.col(column)
            .replace_strict(
                list(mapping), list(mapping.values()), default=None, return_dtype=pl.String
            )
            .fill_null(MISSING)
            .alias(column)
            if mapping
            else pl.lit(MISSING, pl.String).alias(column)
        )
    return frame.with_columns(out) if out else frame


def format_rate_intervals(
    frame: pl.DataFrame, rates: dict[str, tuple[str, str, str]], lang: str = "en"
) -> pl.DataFrame:
    """Add text columns ``15.2% (12.1–18.9%)`` from (rate, low, high) columns, one per name.

    Each distinct triple is formatted once (a table has few), then joined back.

    Example:
        >>> f = pl.DataFrame({"r": [0.152, None], "lo": [0.121, None], "hi": [0.189, None]})
        >>> format_rate_intervals(f, {"shown": ("r", "lo", "hi")})["shown"].to_list()
        ['15.2% (12.1–18.9%)', '–']
    """
    for name, (rate, low, high) in rates.items():
        distinct = frame.select(rate, low, high).unique()
        texts = [
            MISSING if _missing(r) else f"{pct(r)} ({interval(lo, hi)})"
            for r, lo, hi in distinct.iter_rows()
        ]
        table = distinct.with_columns(pl.Series(name, texts, dtype=pl.String))
        frame = frame.join(
            table, on=[rate, low, high], how="left", nulls_equal=True, maintain_order="left"
        )
    return frame
