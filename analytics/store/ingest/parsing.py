r"""Vectorised value parsers: strings as exported by CRMs and spreadsheets -> typed values.

Every function takes a polars ``String`` Series and returns a typed Series of the
same length with ``null`` where a value is empty or cannot be read; callers
compare ``input not null & output null`` to find bad values (the importer turns
them into row rejects). Nothing runs per row in Python: NFKC normalisation,
regular expressions, ``str.to_datetime`` with explicit formats and
``replace_strict`` do the work in polars.

Formats understood (Japanese exports are normal input):

- text: NFKC-normalised (``㈱`` -> ``(株)``, ``ＡＢＣ`` -> ``ABC``, half-width
  katakana -> full-width), trimmed, empty -> null (:func:`clean_text`).
- dates (:func:`parse_datetimes`): ISO ``2025-08-05``, ``2025-08-05T10:30:00``
  (a trailing ``Z``/``+09:00`` offset is dropped: the wall-clock time is kept),
  ``2025/8/5``, ``2025.8.5``, ``2025年8月25日``, ``2025年8月25日(月) 10時5分``,
  ``DD-MM-YYYY``, ``MM/DD/YYYY``, ``M/D/YYYY H:MM``, ``8/5/2025 1:05 PM``,
  ``2025/8/5 午後1:05``. Whether ``05-08-2025`` is day-first or month-first is decided
  **per column**: any value whose first field is > 12 makes the column
  day-first (DMY); else any second field > 12 makes it month-first (MDY); if no
  value decides, ``order`` is used, else slash-separated columns are read MDY
  (US CRM exports) and dash/dot-separated ones DMY. The decision is returned as
  a note for the import summary.
- numbers (:func:`parse_numbers`): ``1,234``, ``１，２３４``, ``¥1,200``,
  ``$1,200.50``, ``1200円``, ``10億円``, ``5,000万円``, ``1億2,000万``, ``3千``,
  negative as ``-5``, ``▲5``, ``△5`` or ``(5)``.
- booleans (:func:`parse_booleans`): true/1/yes/y/t/はい/成立/won/closed won/受注/
  成約/○ and false/0/no/n/f/いいえ/不成立/lost/closed lost/失注/×.
- BANT levels (:func:`parse_levels`): an ordered 0-3 scale —
  0 = none/unknown/no (なし, 不明, no, 0), 1 = low (低, 1), 2 = medium (中, 2),
  3 = high/clear/yes (高, あり, yes, 3).
- feedback verdicts (:func:`parse_verdicts`): accepted|rejected|recycled and
  受入/受け入れ/承認, 却下, 差し戻し/差戻し/リサイクル.
- months (:func:`parse_months`): ``2025-04``, ``2025/4``, ``2025年4月``,
  ``2025-04-01`` -> the first day of the month.

Example:
    >>> parse_numbers(pl.Series(["１，２３４", "10億円", "5,000万円", "¥1,200"])).to_list()
    [1234.0, 1000000000.0, 50000000.0, 1200.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from analytics.store.db import strptime_iso
from analytics.text.catalog import Note

DATE_ORDERS: tuple[str, ...] = ("YMD", "DMY", "MDY")

TRUE_WORDS: tuple[str, ...] = (
    "true", "t", "1", "yes", "y", "on", "x", "✓", "○", "〇", "はい", "有", "あり",
    "成立", "won", "closed won", "受注", "成約", "済", "済み",
)  # fmt: skip
FALSE_WORDS: tuple[str, ...] = (
    "false", "f", "0", "no", "n", "off", "×", "いいえ", "無", "なし",
    "不成立", "lost", "closed lost", "失注", "未",
)  # fmt: skip

LEVEL_WORDS: dict[str, int] = {
    "0": 0, "none": 0, "unknown": 0, "no": 0, "n": 0, "なし": 0, "無": 0, "不明": 0, "無し": 0,
    "1": 1, "low": 1, "weak": 1, "低": 1, "低い": 1, "小": 1,
    "2": 2, "medium": 2, "mid": 2, "med": 2, "中": 2, "普通": 2,
    "3": 3, "high": 3, "strong": 3, "clear": 3, "yes": 3, "y": 3, "高": 3, "高い": 3,
    "大": 3, "あり": 3, "有": 3, "有り": 3, "明確": 3,
}  # fmt: skip
LEVEL_NAMES: tuple[str, ...] = ("none", "low", "medium", "high")

VERDICT_WORDS: dict[str, str] = {
    "accepted": "accepted", "accept": "accepted", "ok": "accepted", "受入": "accepted",
    "受け入れ": "accepted", "受入れ": "accepted", "承認": "accepted", "受理": "accepted",
    "rejected": "rejected", "reject": "rejected", "却下": "rejected", "不可": "rejected",
    "recycled": "recycled", "recycle": "recycled", "差し戻し": "recycled",
    "差戻し": "recycled", "差戻": "recycled", "リサイクル": "recycled", "再育成": "recycled",
}  # fmt: skip

# A character outside these ranges may change under NFKC (ASCII, Latin-1 letters, CJK
# punctuation, kana without combining marks and CJK ideographs are NFKC-stable;
# tests/test_parsing.py checks every code point of the ranges).
NFKC_STABLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x7F), (0xC0, 0xFF), (0x3001, 0x3035), (0x3041, 0x3096), (0x309D, 0x309E),
    (0x30A0, 0x30FE), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
)  # fmt: skip
_NFKC_STABLE = "[^" + "".join(f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in NFKC_STABLE_RANGES) + "]"
_DATE_RE = (
    r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})"
    r"(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*([AaPp][Mm])?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|JST)?$"
)
_FAST_DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
)
_UNIT_RE = (
    r"^(?:(\d+(?:\.\d+)?)兆)?(?:(\d+(?:\.\d+)?)億)?(?:(\d+(?:\.\d+)?)万)?"
    r"(?:(\d+(?:\.\d+)?)千)?(\d+(?:\.\d+)?)?$"
)


@dataclass(frozen=True)
class DateParse:
    """A parsed date column: the values and how the column was read.

    Attributes:
        values: ``Datetime[us]`` Series (null where empty or unreadable).
        order: ``"YMD"``, ``"DMY"`` or ``"MDY"`` for the day/month order used for
            non-ISO values, or None when every value was year-first.
        note: a sentence for the import summary when the order had to be decided
            (None when there was nothing to decide).
    """

    values: pl.Series
    order: str | None
    note: str | None


def _has_non_ascii(s: pl.Series) -> bool:
    return bool((s.str.len_bytes() != s.str.len_chars()).any())


def clean_text(s: pl.Series, *, nfkc: bool = True) -> pl.Series:
    """Trim strings, turn empty ones into null and (optionally) NFKC-normalise them.

    With ``nfkc``, invisible characters (BOM, zero-width space and joiners, soft hyphen)
    are removed and NBSP becomes a space, so ``"\\ufeffB2"`` is the id ``"B2"``.

    NFKC is skipped for an all-ASCII column (where it changes nothing), so large
    ASCII id columns stay cheap.

    Args:
        s: a String Series.
        nfkc: apply Unicode NFKC (``㈱`` -> ``(株)``, full-width -> half-width).

    Returns:
        A String Series of the same length and name.

    Example:
        >>> clean_text(pl.Series(["  ㈱髙橋 ", "", "ＡＢＣ", None])).to_list()
        ['(株)髙橋', None, 'ABC', None]
        >>> clean_text(pl.Series(["\ufeffB2", "B\u200b2", "B2\u00a0"])).to_list()
        ['B2', 'B2', 'B2']
    """
    return clean_values(s, nfkc=nfkc)[0]


def clean_values(s: pl.Series, *, nfkc: bool = True) -> tuple[pl.Series, pl.Series | None]:
    """(:func:`clean_text` of ``s``, its distinct cleaned values when it has few, else None).

    A column of few distinct values (activity type, page, campaign) is cleaned one
    distinct value at a time; when none changes, ``s`` is returned as it is (no pass over
    its rows), and a caller looks a value up among the distinct values instead of every row.

    Example:
        >>> text, distinct = clean_values(pl.Series(["web", " web", "mail"] * 40_000))
        >>> text[:3].to_list(), sorted(distinct.to_list())
        (['web', 'web', 'mail'], ['mail', 'web'])
        >>> clean_values(pl.Series(["L1", "L2"]))[1] is None
        True
    """
    s = s.cast(pl.String)
    non_ascii = nfkc and _has_non_ascii(s)  # (once: a pass over every row)
    if s.len() >= _DISTINCT_MIN_ROWS and (_has_few_distinct(s) or non_ascii):
        # categories (activity type, page, campaign), and text NFKC may change (company
        # names: 1M rows of 10k names, ~0.05 s against ~0.28 s for NFKC of every row):
        # clean each distinct value once
        distinct = s.unique()
        if distinct.len() <= s.len() // 20:
            cleaned = _clean_each(distinct, nfkc=nfkc)
            if cleaned.equals(distinct, null_equal=True):  # already clean (most exports)
                return s, distinct
            text = s.replace_strict(distinct, cleaned, return_dtype=pl.String).alias(s.name)
            return text, cleaned.unique()
    return _clean_each(s, nfkc=nfkc, non_ascii=non_ascii), None


# Columns this long are checked for few distinct values (on an evenly spaced sample).
_DISTINCT_MIN_ROWS = 100_000


def _has_few_distinct(s: pl.Series, *, sample: int = 2_000, at_most: int = 200) -> bool:
    picks = pl.int_range(0, s.len(), step=max(1, s.len() // sample), eager=True)
    return s.gather(picks).n_unique() <= at_most


# invisible characters a copy from a web page or an Excel export leaves inside values (BOM,
# zero-width space/joiners, word joiner, soft hyphen): removed from ids, categories and names
_INVISIBLE = "[\ufeff\u200b\u200c\u200d\u2060\u00ad]"


def _clean_each(s: pl.Series, *, nfkc: bool, non_ascii: bool | None = None) -> pl.Series:
    """:func:`clean_text` row by row (``non_ascii``: whether ``s`` has a non-ASCII
    character, when the caller knows it already)."""
    if nfkc and (_has_non_ascii(s) if non_ascii is None else non_ascii):
        s = s.str.replace_all(_INVISIBLE, "")
        # NFKC (costly) only where it could change a value: a character outside the ranges
        if bool(s.str.contains(_NFKC_STABLE).any()):
            s = s.str.normalize("NFKC")
    s = s.str.strip_chars()
    return pl.select(pl.when(s.str.len_bytes() > 0).then(s).alias(s.name)).to_series()


def _prepare_dates(s: pl.Series, *, clean: bool = True) -> pl.Series:
    """NFKC, Japanese date words and weekday marks -> plain ``Y-M-D H:M:S`` shapes."""
    s = clean_text(s) if clean else s
    if not _has_non_ascii(s):
        return s
    return (
        s.str.replace_all(r"[(（][月火水木金土日](?:曜日?)?[)）]", " ")
        .str.replace_all(r"[月火水木金土日]曜日?", " ")
        .str.replace(r"午前\s*(\d{1,2}(?::\d{1,2}(?::\d{1,2})?)?)", "$1 AM")
        .str.replace(r"午後\s*(\d{1,2}(?::\d{1,2}(?::\d{1,2})?)?)", "$1 PM")
        .str.replace(r"(\d{1,4})年(\d{1,2})月(\d{1,2})日", "$1-$2-$3")
        .str.replace(r"(\d{1,2})時(\d{1,2})分(?:(\d{1,2})秒)?", "$1:$2:$3")
        .str.replace(r":$|:(\s)", "$1")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


# ISO shapes that analytics.store.db.strptime_iso reads exactly (no fraction, or exactly 6 digits).
ISO_RE = r"^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d{6})?)?)?$"


def _parse_iso_fraction(text: pl.Series) -> pl.Series | None:
    """``YYYY-MM-DD[T ]HH:MM:SS.ffffff`` fast: whole seconds by a fixed format, then the fraction.

    (``%.f`` formats are several times slower in polars than fixed ones.)
    """
    sample = text.drop_nulls().head(1000)
    if sample.is_empty() or not bool(
        sample.str.contains(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\.\d{1,9}$").all()
    ):
        return None
    head = text.str.slice(0, 19)
    t_sep = bool(sample.str.slice(10, 1).eq("T").all())
    if not t_sep:
        head = head.str.replace("T", " ", literal=True)
    fmt = "%Y-%m-%dT%H:%M:%S" if t_sep else "%Y-%m-%d %H:%M:%S"
    seconds = head.str.to_datetime(fmt, strict=False, time_unit="us", cache=False)
    digits = text.str.slice(20)
    micros = digits.str.slice(0, 6).str.pad_end(6, "0").cast(pl.Int64, strict=False)
    frame = pl.DataFrame({"s": seconds, "dot": text.str.slice(19, 1), "d": digits, "us": micros})
    return frame.select(
        pl.when(
            (pl.col("dot") == ".")
            & (pl.col("d").str.len_bytes() <= 9)
            & pl.col("d").str.contains(r"^\d+$")
        ).then(pl.col("s") + pl.duration(microseconds=pl.col("us")))
    ).to_series()


def parse_datetimes(
    s: pl.Series,
    *,
    order: str | None = None,
    column: str = "",
    excel_serial: bool = False,
    clean: bool = True,
) -> DateParse:
    """Parse a column of date/datetime strings, deciding DMY vs MDY from its values.

    Args:
        s: a String Series (any of the formats in the module docstring).
        order: ``"DMY"`` or ``"MDY"`` to use when no value decides (e.g. from a
            mapping file's ``date_order``); None for the default (slash -> MDY,
            dash/dot -> DMY).
        column: the column's name as the user sees it, for the note.
        excel_serial: also read bare numbers as Excel serial dates (days since
            1899-12-30, fraction = time of day); for text cells of XLSX files.
        clean: False when ``s`` already went through :func:`clean_text`.

    Returns:
        A :class:`DateParse` (values null where empty or unreadable).

    Raises:
        ValueError: ``order`` is not one of ``DATE_ORDERS``.

    Example:
        >>> r = parse_datetimes(pl.Series(["01-02-2018", "20-10-2017"]), column="d")
        >>> r.values.dt.strftime("%Y-%m-%d").to_list(), r.order
        (['2018-02-01', '2017-10-20'], 'DMY')
        >>> parse_datetimes(pl.Series(["2025年8月25日", "2025/8/5 13:05"])).values.to_list()
        [datetime.datetime(2025, 8, 25, 0, 0), datetime.datetime(2025, 8, 5, 13, 5)]
    """
    if order is not None and order not in DATE_ORDERS:
        raise ValueError(f"date order {order!r} is not one of {DATE_ORDERS}")
    name = s.name
    text = _prepare_dates(s, clean=clean)
    fast = _parse_known_formats(text)
    if fast is not None:
        return DateParse(fast.alias(name), None, None)
    parts = text.str.extract_groups(_DATE_RE).struct.unnest()
    parts.columns = ["a", "b", "c", "hh", "mi", "ss", "frac", "ampm"]
    a_len = parts["a"].str.len_chars()
    c_len = parts["c"].str.len_chars()
    a = parts["a"].cast(pl.Int32, strict=False)
    b = parts["b"].cast(pl.Int32, strict=False)
    year_first = a_len == 4
    year_last = (c_len == 4) & (a_len <= 2)
    decided, note = _day_month_order(text, a, b, year_last, order, column or name)
    frame = parts.with_columns(
        year_first=year_first,
        year_last=year_last,
        a=a,
        b=b,
        c=parts["c"].cast(pl.Int32, strict=False),
    )
    values = _from_parts(frame, day_first=decided != "MDY", name=name)
    if excel_serial:
        values = values.fill_null(_excel_serials(text))
    return DateParse(values, decided if bool(year_last.any()) else None, note)


def _parse_known_formats(text: pl.Series) -> pl.Series | None:
    """Every present value read by one fixed format (ISO through DuckDB first), else None."""
    present = text.len() - text.null_count()
    sample = text.drop_nulls().head(1000)
    if not sample.is_empty() and bool(sample.str.contains(ISO_RE).all()):
        iso = strptime_iso(text)  # DuckDB: the bulk of real exports, many times faster
        if iso.len() - iso.null_count() == present:
            return iso
    for fmt in _FAST_DATE_FORMATS:  # explicit formats first, chosen on a sample: one pass
        if sample.str.to_datetime(fmt, strict=False, time_unit="us").null_count():
            continue
        fast = text.str.to_datetime(fmt, strict=False, time_unit="us", cache=False)
        if fast.len() - fast.null_count() == present:
            return fast
    fractional = _parse_iso_fraction(text)
    if fractional is not None and fractional.len() - fractional.null_count() == present:
        return fractional
    return None


def _day_month_order(
    text: pl.Series,
    a: pl.Series,
    b: pl.Series,
    year_last: pl.Series,
    order: str | None,
    label: str,
) -> tuple[str | None, str | None]:
    """(order used for year-last values, the note saying how it was decided, or None)."""
    if not bool(year_last.any()):
        return order, None
    decided = order
    if bool((a.filter(year_last) > 12).any()):
        decided = "DMY"
        example = text.filter(year_last & (a > 12))[0]
        note = Note("ingest.note.date_first_field", {"example": example})
    elif bool((b.filter(year_last) > 12).any()):
        decided = "MDY"
        example = text.filter(year_last & (b > 12))[0]
        note = Note("ingest.note.date_second_field", {"example": example})
    elif order is not None:
        note = Note("ingest.note.date_from_mapping", {"order": order})
    else:
        slash = bool(text.filter(year_last).str.contains("/").any())
        decided = "MDY" if slash else "DMY"
        note = Note(
            "ingest.note.date_assumed_month_first"
            if slash
            else "ingest.note.date_assumed_day_first"
        )
    shown = {"DMY": "DD-MM-YYYY", "MDY": "MM/DD/YYYY"}[decided or "DMY"]
    return decided, Note("ingest.note.date_read_as", {"label": label, "shown": shown, "how": note})


def _from_parts(frame: pl.DataFrame, *, day_first: bool, name: str) -> pl.Series:
    """Datetimes from the extracted date/time fields (null where they make no date)."""
    hour = pl.col("hh").cast(pl.Int32, strict=False).fill_null(0)
    ampm = pl.col("ampm").str.to_lowercase()
    hour = (
        pl.when(ampm == "pm")
        .then(hour % 12 + 12)
        .when(ampm == "am")
        .then(hour % 12)
        .otherwise(hour)
    )
    year = (
        pl.when(pl.col("year_first")).then(pl.col("a")).when(pl.col("year_last")).then(pl.col("c"))
    )
    month = pl.when(pl.col("year_first")).then(pl.col("b"))
    day = pl.when(pl.col("year_first")).then(pl.col("c"))
    month = month.otherwise(pl.col("b") if day_first else pl.col("a"))
    day = day.otherwise(pl.col("a") if day_first else pl.col("b"))
    stamp = pl.format(
        "{}-{}-{} {}:{}:{}",
        year,
        month,
        day,
        hour,
        pl.col("mi").fill_null("0"),
        pl.col("ss").fill_null("0"),
    ).str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, time_unit="us")
    micros = pl.col("frac").str.slice(0, 6).str.pad_end(6, "0").cast(pl.Int64, strict=False)
    return frame.select(
        (stamp + pl.duration(microseconds=micros.fill_null(0))).alias(name)
    ).to_series()


def _excel_serials(text: pl.Series) -> pl.Series:
    """Bare numbers read as Excel serial dates (days since 1899-12-30); null otherwise."""
    serial = text.cast(pl.Float64, strict=False)
    serial = pl.select(pl.when((serial > 0) & (serial < 2_958_466)).then(serial)).to_series()
    as_date = pl.select(
        pl.lit(datetime(1899, 12, 30)) + pl.duration(microseconds=(serial * 86_400e6).round(0))
    ).to_series()
    return as_date.cast(pl.Datetime("us"))


def parse_numbers(s: pl.Series, *, clean: bool = True) -> pl.Series:
    """Parse amounts and counts written the way people write them (Float64, null if unreadable).

    Args:
        s: a String Series.
        clean: False when ``s`` already went through :func:`clean_text`.

    Returns:
        A Float64 Series (NaN/inf are treated as unreadable).

    Example:
        >>> parse_numbers(pl.Series(["$1,200.50", "1億2,000万", "▲500", "(3)", "abc", ""])).to_list()
        [1200.5, 120000000.0, -500.0, -3.0, None, None]
    """
    name = s.name
    text = clean_text(s) if clean else s
    fast = text.cast(pl.Float64, strict=False)
    if fast.null_count() == text.null_count() and bool(fast.is_finite().all()):
        return fast.alias(name)  # plain numbers: one cast, no regex
    negative = text.str.contains(r"^(?:-|−|▲|△|\().*")
    body = text.str.replace_all(r"[\s,_'¥$€£()+]|円|USD|JPY|US|ドル|^[-−▲△]", "")
    plain = body.cast(pl.Float64, strict=False)
    if _has_non_ascii(body):
        units = body.str.extract_groups(_UNIT_RE).struct.unnest()
        units.columns = ["cho", "oku", "man", "sen", "one"]
        unit_value = units.select(
            pl.when(pl.any_horizontal(pl.all().is_not_null()))
            .then(
                pl.col("cho").cast(pl.Float64).fill_null(0) * 1e12
                + pl.col("oku").cast(pl.Float64).fill_null(0) * 1e8
                + pl.col("man").cast(pl.Float64).fill_null(0) * 1e4
                + pl.col("sen").cast(pl.Float64).fill_null(0) * 1e3
                + pl.col("one").cast(pl.Float64).fill_null(0)
            )
            .alias("v")
        ).to_series()
        plain = plain.fill_null(unit_value)
    return pl.select(
        pl.when(plain.is_finite()).then(pl.when(negative).then(-plain).otherwise(plain)).alias(name)
    ).to_series()


def _lookup(s: pl.Series, table: dict[str, object], dtype: pl.DataType) -> pl.Series:
    key = clean_text(s).str.to_lowercase()
    return key.replace_strict(table, default=None, return_dtype=dtype).alias(s.name)


def parse_booleans(s: pl.Series) -> pl.Series:
    """Parse yes/no values in English and Japanese (Boolean, null if unreadable).

    Example:
        >>> parse_booleans(pl.Series(["TRUE", "はい", "成立", "won", "0", "いいえ", "maybe"])).to_list()
        [True, True, True, True, False, False, None]
    """
    table: dict[str, object] = {w: True for w in TRUE_WORDS} | {w: False for w in FALSE_WORDS}
    return _lookup(s, table, pl.Boolean)


def parse_levels(s: pl.Series) -> pl.Series:
    """Parse a BANT level to the ordered 0-3 scale (Int16, null if unreadable).

    0 = none/unknown/no, 1 = low, 2 = medium, 3 = high/clear/yes (see module docstring).

    Example:
        >>> parse_levels(pl.Series(["高", "中", "low", "不明", "あり", "3", "5"])).to_list()
        [3, 2, 1, 0, 3, 3, None]
    """
    return _lookup(s, dict(LEVEL_WORDS), pl.Int16)


def parse_verdicts(s: pl.Series) -> pl.Series:
    """Parse a feedback verdict to accepted|rejected|recycled (null if unreadable).

    Example:
        >>> parse_verdicts(pl.Series(["受入", "却下", "差し戻し", "Accepted", "maybe"])).to_list()
        ['accepted', 'rejected', 'recycled', 'accepted', None]
    """
    return _lookup(s, dict(VERDICT_WORDS), pl.String)


def parse_months(s: pl.Series) -> pl.Series:
    """Parse a month (``2025-04``, ``2025/4``, ``2025年4月``, ``2025-04-01``) to its first day.

    Example:
        >>> parse_months(pl.Series(["2025-04", "2025/4", "2025年4月", "2025-04-15", "Apr"])).to_list()
        [datetime.date(2025, 4, 1), datetime.date(2025, 4, 1), datetime.date(2025, 4, 1), datetime.date(2025, 4, 1), None]
    """
    parts = (
        clean_text(s)
        .str.extract_groups(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})(?:月|(?:[-/.]\d{1,2}(?:日)?))?$")
        .struct.unnest()
    )
    parts.columns = ["y", "m"]
    return parts.select(
        pl.format("{}-{}-1", pl.col("y"), pl.col("m"))
        .str.to_date("%Y-%m-%d", strict=False)
        .alias(s.name)
    ).to_series()


def infer_sql_type(s: pl.Series) -> str:
    """The DuckDB type a custom attribute column should get, judged from all its values.

    BOOLEAN if every value is a yes/no word or 0/1; else BIGINT if every value is a
    whole number; else DOUBLE if every value is a number; else TIMESTAMP if every
    value is a date; else VARCHAR. An all-empty column is VARCHAR.

    Example:
        >>> [infer_sql_type(pl.Series(v)) for v in (["1", "0"], ["12", "1,200"], ["1.5"], ["2025/8/5"], ["01-May", "50-200"])]
        ['BOOLEAN', 'BIGINT', 'DOUBLE', 'TIMESTAMP', 'VARCHAR']
    """
    text = clean_text(s)
    present = text.len() - text.null_count()
    if present == 0:
        return "VARCHAR"
    if parse_booleans(text).null_count() == text.null_count():
        return "BOOLEAN"
    numbers = parse_numbers(text)
    if numbers.null_count() == text.null_count():
        whole = numbers.drop_nulls()
        return (
            "BIGINT"
            if bool((whole == whole.round(0)).all()) and whole.abs().max() < 2**62
            else "DOUBLE"
        )
    if parse_datetimes(text).values.null_count() == text.null_count():
        return "TIMESTAMP"
    return "VARCHAR"


# (values present, all yes/no, all numbers, all whole, largest |number|, all dates)
TypeEvidence = tuple[int, bool, bool, bool, float, bool]


def type_evidence(s: pl.Series) -> TypeEvidence:
    """What the values of one part of a column say about its type (see :func:`sql_type_of`).

    Example:
        >>> type_evidence(pl.Series(["1", "0", None]))[:5]
        (2, True, True, True, 1.0)
    """
    text = clean_text(s)
    nulls = text.null_count()
    present = text.len() - nulls
    if present == 0:
        return (0, True, True, True, 0.0, True)
    boolean = parse_booleans(text).null_count() == nulls
    numbers = parse_numbers(text)
    numeric = numbers.null_count() == nulls
    whole = numbers.drop_nulls()
    is_whole = numeric and bool((whole == whole.round(0)).all())
    largest = float(whole.abs().max() or 0.0) if numeric else 0.0
    dates = parse_datetimes(text).values.null_count() == nulls
    return (present, boolean, numeric, is_whole, largest, dates)


def sql_type_of(parts: list[TypeEvidence]) -> str:
    """The DuckDB type of a column from the evidence of its parts (chunks of a file).

    The same type :func:`infer_sql_type` gives the whole column, however it is cut.

    Example:
        >>> sql_type_of([type_evidence(pl.Series(["1", "0"])), type_evidence(pl.Series(["7"]))])
        'BIGINT'
    """
    parts = [p for p in parts if p[0]]
    if not parts:
        return "VARCHAR"
    if all(p[1] for p in parts):
        return "BOOLEAN"
    if all(p[2] for p in parts):
        whole = all(p[3] for p in parts) and max(p[4] for p in parts) < 2**62
        return "BIGINT" if whole else "DOUBLE"
    return "TIMESTAMP" if all(p[5] for p in parts) else "VARCHAR"
