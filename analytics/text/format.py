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


def yen(
    value: float | int | None, lang: str = "en", *, currency: str = "JPY", compact: bool = False
) -> str:
    """Money: 万/億円 in Japanese, ``¥`` with thousands in English (other currencies by code).

    Japanese: under 1万 in 円 (``8,500円``), under 1億 in whole 万 (``9,874万円``),
    from 1億 in 億 with one decimal (``1.2億円``, ``10億円``). Negative amounts get ``−``.
    ``compact`` (KPI cards, axis-like ranges) shortens English to ``¥98.7M`` / ``¥712.5k``
    (Japanese is compact already).

    Example:
        >>> yen(712_500, "ja"), yen(-75_010_000, "ja"), yen(1_230_000_000, "ja"), yen(8_500, "ja")
        ('71万円', '−7,501万円', '12.3億円', '8,500円')
        >>> yen(-75_010_000, "en"), yen(1500, "en", currency="USD")
        ('−¥75,010,000', 'USD 1,500')
        >>> yen(98_740_000, "en", compact=True), yen(712_500, "en", compact=True), yen(2e9, "en", compact=True)
        ('¥98.7M', '¥712.5k', '¥2B')
    """
    if _missing(value):
        return MISSING
    amount = float(value)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    if currency != "JPY":
        return f"{sign}{currency} {amount:,.0f}"
    if lang != "ja" and compact and amount >= 1e4:
        for unit, size in (("B", 1e9), ("M", 1e6), ("k", 1e3)):
            if amount >= size:
                return f"{sign}¥{number(amount / size, 1)}{unit}"
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


def ratio(value: float | None, lang: str = "en") -> str:
    """A ratio such as a lift or an odds ratio, with two decimals (``2.05``, ``0.5``).

    Example:
        >>> ratio(2.054419), ratio(0.5), ratio(None)
        ('2.05', '0.5', '–')
    """
    return number(value, 2)


def auc(value: float | None, lang: str = "en") -> str:
    """An AUC (0.5 = chance, 1 = perfect) with two decimals.

    Example:
        >>> auc(0.6874), auc(1.0)
        ('0.69', '1')
    """
    return number(value, 2)


def span(low: float | None, high: float | None, lang: str = "en", *, money: bool = False) -> str:
    """A range of a lead attribute (``low`` inclusive, ``high`` exclusive), for reading.

    Counts get separators (``100–300``, ``<10``, ``5,000+``); money goes through
    :func:`yen` (``1億円–10億円`` / ``¥100M–¥1B``).

    Example:
        >>> span(100, 300), span(None, 10), span(5000, None)
        ('100–300', '<10', '5,000+')
        >>> span(1e8, 1e9, "ja", money=True), span(1e8, 1e9, "en", money=True)
        ('1億円–10億円', '¥100M–¥1B')
    """

    def one(value: float) -> str:
        return yen(value, lang, compact=True) if money else number(value, 1)

    if _missing(low) and _missing(high):
        return MISSING
    if _missing(high):
        return f"{one(low)}+"
    if _missing(low):
        return f"<{one(high)}"
    return f"{one(low)}–{one(high)}"


# How the metrics spell a missing category value (analytics.metrics.funnel.MISSING_LABEL).
NOT_SET = "(none)"


def category(value: Any, lang: str = "en", kind: str | None = None) -> str:
    """A category value of the data (an industry, a source, a title): as written, or the label
    of a known code of ``kind``; a missing value reads ``(not set)`` / ``（未入力）``.

    Example:
        >>> category("製造業", "ja"), category(None, "ja"), category("(none)", "en")
        ('製造業', '（未入力）', '(not set)')
        >>> category("web_form", "ja", "source")
        'Webフォーム'
    """
    if _missing(value) or value == NOT_SET:
        return t("code.value.not_set", lang)
    return label(kind, value, lang) if kind else str(value)


def behaviour(value: str | None, lang: str = "en") -> str:
    """A behaviour of the profile (``type`` or ``type:detail``): activity type and page labelled.

    Example:
        >>> behaviour("page_view:pricing", "ja"), behaviour("email_open:メールマガジン", "ja")
        ('ページ閲覧: 料金ページ', 'メール開封: メールマガジン')
        >>> behaviour("webinar", "en"), behaviour("page_view:careers", "en")
        ('Webinar', 'Page view: Careers page')
    """
    if _missing(value):
        return MISSING
    kind, _, detail = str(value).partition(":")
    shown = label("activity", kind, lang)
    return f"{shown}: {label('page', detail, lang)}" if detail else shown


def bant_rule(required: dict[str, int] | Any, lang: str = "en") -> str:
    """An SQL rule (BANT item → minimum level) for reading: ``ニーズ ≥ 3、導入時期 ≥ 3``.

    Example:
        >>> bant_rule({"need": 3, "timeline": 2}, "ja"), bant_rule({}, "en")
        ('ニーズ ≥ 3、導入時期 ≥ 2', 'Any BANT assessment')
    """
    items = dict(required)
    if not items:
        return t("code.bant.any", lang)
    separator = "、" if lang == "ja" else ", "
    return separator.join(f"{label('bant', k, lang)} ≥ {v}" for k, v in items.items())


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


# ASCII punctuation that Markdown (and Streamlit's extensions: :icons:, :color[…], $math$)
# can read as markup; CommonMark lets every one be escaped with a backslash
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#!|<>~$:@])")
# a bare "www." is linked by GitHub-flavoured Markdown even without a scheme
_WWW = re.compile(r"(?i)\b(www)\.")


def markdown_text(value: Any) -> str:
    """User text (file names, headers, values, names, notes) shown literally in Markdown.

    Every character Markdown could read as markup is escaped and line breaks become
    spaces, so ``![x](http://host/a.png)`` is shown as those characters — never an
    image, a link, a heading or an icon. Use it for any user text that reaches
    ``st.markdown``, ``st.caption``, ``st.error`` and the like.

    Args:
        value: the text (anything; ``None`` is ``"–"``).

    Returns:
        The escaped text.

    Example:
        >>> print(markdown_text("![x](http://127.0.0.1:9/a.png)"))
        \\!\\[x\\]\\(http\\://127.0.0.1\\:9/a.png\\)
        >>> print(markdown_text("leads.csv www.example.com a@b.jp"))
        leads.csv www\\.example.com a\\@b.jp
        >>> print(markdown_text("株式会社A\\n# title"))
        株式会社A \\# title
    """
    if _missing(value):
        return MISSING
    text = re.sub(r"[\r\n\u2028\u2029]+", " ", str(value))
    return _WWW.sub(r"\1\\.", _MARKDOWN_PUNCTUATION.sub(r"\\\1", text))


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


# Every formatter takes (value, lang=…): format_table and value call them the same way.
FORMATTERS = {
    "count": count,
    "pct": pct,
    "pct_points": pct_points,
    "ratio": ratio,
    "auc": auc,
    "p_value": lambda value, lang="en": p_value(value),
    "yen": yen,
    "month": month,
    "day": day,
    "moment": moment,
    "hours": hours,
    "days": days,
    "score": score,
    "points": points,
    "number": lambda value, lang="en": number(value, 1, lang),
    "number2": lambda value, lang="en": number(value, 2, lang),
    "money": lambda value, lang="en": yen(value, lang, compact=True),
}


def format_columns(frame: pl.DataFrame, kinds: dict[str, str], lang: str) -> pl.DataFrame:
    """Format the named columns of a display table as text (``{"rate": "pct", ...}``).

    Each value is formatted once per distinct value, never per row in a Python loop
    over the frame (a column of 100k rates has at most a few thousand distinct values).
    Kinds are the keys of :data:`FORMATTERS` (``money`` is compact :func:`yen`).

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


def value(amount: Any, kind: str, lang: str = "en", *, signed: bool = False) -> str:
    """One value of a :data:`FORMATTERS` kind; ``signed`` for a difference (``+`` / ``−`` /
    ``±0``; a difference of shares in percentage points).

    Example:
        >>> value(0.152, "pct"), value(0.03, "pct", signed=True), value(-1250000, "money", "ja", signed=True)
        ('15.2%', '+3.0 pt', '−125万円')
        >>> value(12, "count", signed=True), value(0, "number", signed=True), value(None, "count")
        ('+12', '±0', '–')
    """
    if _missing(amount):
        return MISSING
    if signed and kind == "pct":
        return pct_points(amount, lang=lang)
    text = FORMATTERS[kind](abs(amount) if signed else amount, lang=lang)
    if not signed:
        return text
    if text.strip("0.,¥円万億kMB ") == "":
        return "±0"
    return ("+" if amount > 0 else "−") + text


# Kinds of :func:`format_table` besides :data:`FORMATTERS`: text as written, booleans kept
# (a checkbox), a code's label, a category value, a behaviour, a list of codes.
TABLE_KINDS = (
    "text",
    "figure",
    "bool",
    "code:<kind>",
    "category[:<kind>]",
    "behaviour",
    "list[:<kind>]",
    "rate_ci:<low column>:<high column>",
)
# Kinds whose text is a number (right-aligned in a table).
NUMERIC_KINDS = (frozenset(FORMATTERS) - {"month", "day", "moment"}) | {"rate_ci", "figure"}


def is_numeric_kind(kind: str) -> bool:
    """Whether a :func:`format_table` kind shows a number (right-aligned).

    Example:
        >>> is_numeric_kind("pct"), is_numeric_kind("rate_ci:lo:hi"), is_numeric_kind("code:stage")
        (True, True, False)
    """
    return kind.partition(":")[0] in NUMERIC_KINDS


def _mapped(frame: pl.DataFrame, column: str, fn: Any, missing: str = MISSING) -> pl.Expr:
    """``column`` as text through ``fn`` (called once per distinct value), missing as ``missing``."""
    distinct = frame[column].unique().to_list()
    mapping = {v: fn(v) for v in distinct if not _missing(v)}
    if not mapping:
        return pl.lit(missing, pl.String).alias(column)
    return (
        pl.col(column)
        .replace_strict(list(mapping), list(mapping.values()), default=None, return_dtype=pl.String)
        .fill_null(missing)
        .alias(column)
    )


def format_table(frame: pl.DataFrame, kinds: dict[str, str], lang: str) -> pl.DataFrame:
    """The display table: the columns of ``kinds``, in that order, each as its reader sees it.

    Kinds: a key of :data:`FORMATTERS` (``count``, ``pct``, ``money``, ``moment`` …),
    ``text`` (as written, missing as ``–``), ``figure`` (a number already formatted
    by this module, e.g. with :func:`value`: kept, right-aligned), ``bool`` (kept: a checkbox),
    ``code:<kind>`` (:func:`label`), ``category`` or ``category:<kind>``
    (:func:`category`), ``behaviour`` (:func:`behaviour`) and ``list`` or
    ``list:<kind>`` (a list column joined, each item labelled) and
    ``rate_ci:<low>:<high>`` (a rate with its interval from two other columns:
    ``48.2% (40.0–56.5%)``). Every value is formatted once per distinct value (no
    loop over rows).

    Example:
        >>> f = pl.DataFrame({"stage": ["comparison", None], "rate": [0.1523, None],
        ...                   "types": [["page_view", "download"], []], "n": [12345, 3]})
        >>> format_table(f, {"stage": "code:buying_stage", "types": "list:activity",
        ...                  "rate": "pct", "n": "count"}, "ja").rows()
        [('比較検討', 'ページ閲覧、資料ダウンロード', '15.2%', '12,345'), ('–', '–', '–', '3')]
        >>> g = pl.DataFrame({"r": [0.482, None], "lo": [0.4, None], "hi": [0.565, None]})
        >>> format_table(g, {"r": "rate_ci:lo:hi"}, "en")["r"].to_list()
        ['48.2% (40.0–56.5%)', '–']
    """
    exprs = []
    for column, kind in kinds.items():
        head, _, sub = kind.partition(":")
        if kind == "bool":
            exprs.append(pl.col(column))
        elif kind in ("text", "figure"):
            exprs.append(pl.col(column).cast(pl.String).fill_null(MISSING))
        elif head == "code":
            exprs.append(_mapped(frame, column, lambda v, k=sub: label(k, v, lang)))
        elif head == "category":
            fn = lambda v, k=sub: category(v, lang, k or None)  # noqa: E731
            exprs.append(_mapped(frame, column, fn, missing=category(None, lang)))
        elif head == "rate_ci":
            low, _, high = sub.partition(":")
            exprs.append(
                pl.when(pl.col(column).is_null())
                .then(pl.lit(MISSING))
                .otherwise(
                    pl.concat_str(
                        _mapped(frame, column, pct),
                        pl.lit(" ("),
                        _mapped(frame, low, lambda v: f"{float(v) * 100:.1f}"),
                        pl.lit("–"),
                        _mapped(frame, high, pct),
                        pl.lit(")"),
                    )
                )
                .alias(column)
            )
        elif kind == "behaviour":
            exprs.append(_mapped(frame, column, lambda v: behaviour(v, lang)))
        elif head == "list":
            items = frame[column].explode().drop_nulls().unique().to_list()
            mapping = {v: label(sub, v, lang) if sub else str(v) for v in items}
            joined = (
                pl.col(column)
                .list.eval(pl.element().cast(pl.String).replace(mapping))
                .list.join("、" if lang == "ja" else ", ")
            )
            exprs.append(
                pl.when(joined.str.len_chars() > 0).then(joined).otherwise(pl.lit(MISSING))
                .alias(column)
            )  # fmt: skip
        else:
            fn = FORMATTERS[kind]
            exprs.append(_mapped(frame, column, lambda v, fn=fn: fn(v, lang=lang)))
    return frame.select(exprs)
