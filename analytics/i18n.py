"""Every UI string in English and Japanese: one translation table.

Pages never hard-code text; they call :func:`t`. ``tests/test_i18n.py`` checks
that every key has both languages, the same ``{placeholders}`` in each, and that
every key used in ``app.py`` / ``pages/`` exists here.

Each page owns one section below (append keys inside your own section only).

Example:
    >>> t("app.title", "en")
    'Kakehashi'
    >>> t("common.rows", "ja", n=3)
    '3 行'
"""

from __future__ import annotations

LANGUAGES: dict[str, str] = {"en": "English", "ja": "日本語"}

STRINGS: dict[str, dict[str, str]] = {
    # --- section: common ---
    "app.title": {"en": "Kakehashi", "ja": "架け橋 Kakehashi"},
    "common.rows": {"en": "{n} rows", "ja": "{n} 行"},
    # --- end section: common ---
}


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The string for ``key`` in ``lang`` with ``{placeholders}`` filled.

    Raises:
        KeyError: the key is not in the table (a bug the i18n test catches).
    """
    text = STRINGS[key][lang if lang in LANGUAGES else "en"]
    return text.format(**values) if values else text
