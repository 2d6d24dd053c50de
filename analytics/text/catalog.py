"""One catalog of every string a person reads, in English and Japanese.

The data lives in pure tables of the same shape, ``{key: {"en": …, "ja": …}}``:
:mod:`analytics.text.ui_strings` (page text), :mod:`analytics.text.messages`
(errors and reject reasons that ``analytics/`` raises) and
:mod:`analytics.text.codes` (the words for stored and computed codes, used by
:func:`analytics.text.format.label`). :data:`CATALOG` joins them; keys never repeat
(``tests/test_i18n.py``). Templates use :meth:`str.format` placeholders.

- :func:`t` — a string with its placeholders filled (pages, charts, the report);
- :func:`render` — the same for a message whose values may themselves be
  localisable fragments (:class:`Text`, an error);
- :func:`localize_column` — a column of stored keyed messages, vectorised.

Example:
    >>> t("app.title", "en")
    'Kakehashi'
    >>> t("common.rows", "ja", n=3)
    '3 行'
    >>> render("ingest.empty_file", "en", {"file": "a.csv"})
    "file 'a.csv' is empty; export the data again (with a header row)"
    >>> render("criteria.band_no_points", "ja", {"where": Text("criteria.where.band",
    ...     {"rule": Text("criteria.where.fit_rule", {"name": "size"}), "n": 2})})
    "属性ルール 'size' の区分 #2: 'points' がありません。points = 10 を追加してください。"
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from analytics.text.codes import CODES
from analytics.text.messages import MESSAGES
from analytics.text.ui_strings import LANGUAGES, STRINGS

__all__ = [
    "CATALOG",
    "LANGUAGES",
    "MESSAGES",
    "STRINGS",
    "Note",
    "Text",
    "localize_column",
    "render",
    "t",
]

CATALOG: dict[str, dict[str, str]] = {**STRINGS, **MESSAGES, **CODES}


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The string for ``key`` in ``lang`` with ``{placeholders}`` filled.

    Raises:
        KeyError: the key is not in the catalog (a bug the i18n test catches).
    """
    return render(key, lang, values)


@dataclass(frozen=True)
class Text:
    """A localisable fragment: a message key and its values, rendered in any language.

    ``str(text)`` is the English text, so a fragment can stand where a string did.

    Example:
        >>> where = Text("criteria.where.fit_rule", {"name": "size"})
        >>> (str(where), where.localized("ja"))
        ("fit rule 'size'", "属性ルール 'size'")
    """

    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def localized(self, lang: str) -> str:
        """The fragment in ``lang``."""
        return render(self.key, lang, self.values)

    def __str__(self) -> str:
        return self.localized("en")


class Note(str):
    """A sentence of a summary (an import's notes): a plain ``str`` holding its English text —
    so the CLI, the JSON and ``"…" in note`` keep working — that also knows its catalog key,
    so that a page shows it in the reader's language.

    Example:
        >>> note = Note("ingest.note.blank_rows", {"n": 1})
        >>> note, note.localized("ja")
        ('1 blank row(s) skipped', '空行 1 行を読み飛ばしました')
    """

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, values: dict[str, Any] | None = None) -> Note:
        note = super().__new__(cls, render(key, "en", values))
        note.key, note.values = key, dict(values or {})
        return note

    def __reduce__(self) -> tuple[Any, ...]:  # pickled (Streamlit's session, caches) by key
        return (Note, (self.key, self.values))

    def localized(self, lang: str) -> str:
        """The sentence in ``lang``."""
        return render(self.key, lang, self.values)


def render(key: str, lang: str, values: dict[str, Any] | None = None) -> str:
    """Message ``key`` in ``lang`` with ``values`` filled in (fragments rendered first).

    Args:
        key: a key of :data:`CATALOG`.
        lang: ``"en"`` or ``"ja"`` (another language falls back to English).
        values: the template's placeholders; a value with a ``localized(lang)``
            method (a :class:`Text` or an error) is rendered in ``lang`` first.

    Returns:
        The message text.

    Raises:
        KeyError: unknown key or a placeholder without a value (a programming error).

    Example:
        >>> render("reject.empty", "ja", {"name": "lead_id", "column": "ID"})
        "列 'ID' の lead_id が空です"
    """
    templates = CATALOG[key]
    template = templates.get(lang) or templates["en"]
    filled = {
        name: value.localized(lang) if hasattr(value, "localized") else value
        for name, value in (values or {}).items()
    }
    return template.format(**filled)


def placeholders(template: str) -> set[str]:
    """The names of the ``{placeholders}`` of a template.

    Example:
        >>> sorted(placeholders("file {file!r} row {row}; {{literal}}"))
        ['file', 'row']
    """
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _template_expr(template: str, values: pl.Expr) -> pl.Expr:
    """A string expression formatting ``template`` with the fields of the struct ``values``."""
    parts: list[pl.Expr] = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if literal:
            parts.append(pl.lit(literal))
        if name:
            if spec or conversion:
                raise ValueError(f"template {template!r}: use plain {{{name}}} in column templates")
            parts.append(values.struct.field(name).fill_null(""))
    return pl.concat_str(parts) if parts else pl.lit("")


def localize_column(
    frame: pl.DataFrame, lang: str, *, text: str, key: str, values: str
) -> pl.DataFrame:
    """Render a column of keyed messages (key + JSON values) in ``lang``, vectorised.

    One expression per distinct key (a handful), none per row; rows without a
    key (or with an unknown one) keep their stored ``text``. The ``key`` and
    ``values`` columns are dropped.

    Args:
        frame: a frame with the three columns.
        lang: ``"en"`` or ``"ja"``.
        text: the stored (English) text column, replaced by the rendered text.
        key: the message key column.
        values: the column of values as a JSON object of strings.

    Returns:
        ``frame`` with ``text`` in ``lang`` and without ``key``/``values``.

    Example:
        >>> f = pl.DataFrame({"reason": ["empty lead_id in column 'ID'", "old"],
        ...                   "k": ["reject.empty", None],
        ...                   "v": ['{"name": "lead_id", "column": "ID"}', None]})
        >>> localize_column(f, "ja", text="reason", key="k", values="v")["reason"].to_list()
        ["列 'ID' の lead_id が空です", 'old']
    """
    keys = [k for k in frame[key].drop_nulls().unique().sort().to_list() if k in CATALOG]
    if not keys:
        return frame.drop(key, values)
    templates = {k: CATALOG[k].get(lang) or CATALOG[k]["en"] for k in keys}
    fields = sorted({name for t in templates.values() for name in placeholders(t)})
    decoded = (  # a template without placeholders never reads the values
        pl.col(values).str.json_decode(pl.Struct({f: pl.String for f in fields}))
        if fields
        else pl.lit(None)
    )
    rendered: Any = pl.when(pl.col(key) == keys[0]).then(
        _template_expr(templates[keys[0]], decoded)
    )
    for k in keys[1:]:
        rendered = rendered.when(pl.col(key) == k).then(_template_expr(templates[k], decoded))
    return frame.with_columns(rendered.otherwise(pl.col(text)).alias(text)).drop(key, values)
