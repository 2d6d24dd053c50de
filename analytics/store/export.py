"""The one CSV/Excel writer of every export: downloads, ``--format csv`` on the CLI, reports.

CSV (UTF-8 with BOM, or CP932 for older Japanese Excel; plain UTF-8 text for the
CLI) and Excel (.xlsx). Every text cell and header that a spreadsheet would read
as a formula — starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return, also after leading spaces — gets a leading apostrophe (CSV/formula
injection, OWASP). Numbers stay numbers. The Excel writer also turns off
xlsxwriter's string-to-formula/URL conversion.

CP932 cannot encode every character (e.g. emoji); those become ``?`` rather
than failing the download (documented in the README).

Example:
    >>> df = pl.DataFrame({"company": ["=HYPERLINK(1)", "株式会社A"], "n": [1, -2]})
    >>> neutralise_formulas(df).get_column("company").to_list()
    ["'=HYPERLINK(1)", '株式会社A']
    >>> to_csv_bytes(df)[:3] == b"\\xef\\xbb\\xbf"
    True
"""

from __future__ import annotations

import io
import re

import polars as pl

from analytics.errors import InputError

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
# a formula prefix, possibly after leading white space (a spreadsheet strips it)
_FORMULA = "^[ \\t\\r\\n\u00a0\u3000]*[=+\\-@\\t\\r]"


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula (what gets the apostrophe).

    Example:
        >>> looks_like_formula("=1+1"), looks_like_formula("  @SUM(A1)"), looks_like_formula("a=b")
        (True, True, False)
    """
    return re.match(_FORMULA, text) is not None


CSV_ENCODINGS: dict[str, str] = {"utf-8-sig": "UTF-8 with BOM", "cp932": "CP932 (Shift_JIS)"}


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix ``'`` to text cells (and headers) starting with ``= + - @ \\t \\r``.

    Args:
        frame: any frame; non-text columns are left as they are.

    Returns:
        A new frame.

    Example:
        >>> neutralise_formulas(pl.DataFrame({"a": ["@SUM(A1)", "ok", None]})).row(0)
        ("'@SUM(A1)",)
    """
    renames = {c: f"'{c}" for c in frame.columns if looks_like_formula(c)}
    frame = frame.rename(renames) if renames else frame  # headers are cells too
    text = [c for c, dtype in frame.schema.items() if dtype == pl.String]
    if not text:
        return frame
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(_FORMULA))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text
    )


def _flatten(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested columns as text (lists joined with ", ", structs as JSON) for CSV/Excel."""
    exprs = []
    for column, dtype in frame.schema.items():
        if isinstance(dtype, pl.List | pl.Array):
            exprs.append(pl.col(column).cast(pl.List(pl.String)).list.join(", "))
        elif isinstance(dtype, pl.Struct):
            exprs.append(pl.col(column).struct.json_encode())
    return frame.with_columns(exprs) if exprs else frame


def to_csv_text(frame: pl.DataFrame) -> str:
    """The frame as CSV text (``\\n`` line ends, no BOM), formulas neutralised: ``--format csv``.

    Args:
        frame: the table.

    Returns:
        The CSV text without a final line end.

    Example:
        >>> print(to_csv_text(pl.DataFrame({"lead_id": ["=HYPERLINK(1)", " @SUM(1)", "B2"]})))
        lead_id
        '=HYPERLINK(1)
        ' @SUM(1)
        B2
    """
    return _flatten(neutralise_formulas(frame)).write_csv().rstrip("\n")


def to_csv_bytes(frame: pl.DataFrame, *, encoding: str = "utf-8-sig") -> bytes:
    """The frame as CSV bytes for download, formulas neutralised.

    Args:
        frame: the table.
        encoding: ``"utf-8-sig"`` (UTF-8 with BOM; Excel opens it correctly) or
            ``"cp932"`` (older Japanese Excel; unencodable characters become ``?``).

    Returns:
        The encoded CSV (CRLF line ends, as Excel writes them).

    Raises:
        InputError: unknown encoding.

    Example:
        >>> to_csv_bytes(pl.DataFrame({"社名": ["架け橋"]}), encoding="cp932").decode("cp932")
        '社名\\r\\n架け橋\\r\\n'
    """
    if encoding not in CSV_ENCODINGS:
        raise InputError.make("export.csv_encoding", encoding=encoding, options=list(CSV_ENCODINGS))
    buffer = io.StringIO()
    _flatten(neutralise_formulas(frame)).write_csv(buffer, line_terminator="\r\n")
    return buffer.getvalue().encode(encoding, errors="replace")


def to_excel_bytes(sheets: pl.DataFrame | dict[str, pl.DataFrame]) -> bytes:
    """An .xlsx workbook (one sheet per frame), formulas neutralised, via xlsxwriter.

    Args:
        sheets: one frame (sheet ``"data"``) or sheet name -> frame (names are
            cut to Excel's 31 characters).

    Returns:
        The workbook bytes.

    Example:
        >>> to_excel_bytes(pl.DataFrame({"a": ["=1+1"]}))[:2]
        b'PK'
    """
    import xlsxwriter

    if isinstance(sheets, pl.DataFrame):
        sheets = {"data": sheets}
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"strings_to_formulas": False, "strings_to_urls": False, "remove_timezone": True},
    )
    try:
        for name, frame in sheets.items():
            _flatten(neutralise_formulas(frame)).write_excel(
                workbook=workbook, worksheet=str(name)[:31] or "data", autofit=True
            )
    finally:
        workbook.close()
    return buffer.getvalue()
