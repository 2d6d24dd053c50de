"""One error base class for everything Kakehashi reports to a user.

Every message names the bad value with ``!r``, where it was (file, row,
column, rule) and how to fix it. The CLI prints ``str(error)`` on one line and
exits 2; pages show ``error.localized(lang)`` with ``st.error``. Never a
traceback for bad input.

Raise a keyed error with :meth:`KakehashiError.make`: the key names a template
in :data:`analytics.text.catalog.CATALOG`; ``str(error)`` is the English text and
:meth:`KakehashiError.localized` renders the same values in Japanese.

Example:
    >>> exc = InputError.make("ingest.empty_file", file="a.csv")
    >>> str(exc)
    "file 'a.csv' is empty; export the data again (with a header row)"
    >>> exc.localized("ja")
    "ファイル 'a.csv' は空です。見出し行を含めて、もう一度エクスポートしてください。"
"""

from __future__ import annotations

import errno
from typing import Any, Self

from analytics.text.catalog import render


class KakehashiError(Exception):
    """Base class: a problem the user can fix (bad input, locked file, bad criteria).

    Args:
        message: the English one-line message (what ``str(exc)`` returns).
        key: the message key in :data:`analytics.text.catalog.CATALOG`, if any.
        values: the dynamic parts of the message (file, row, column, value, …).
    """

    def __init__(
        self, message: str, *, key: str | None = None, values: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.key = key
        self.values: dict[str, Any] = dict(values or {})

    def __reduce__(self) -> tuple[Any, ...]:
        # keep key and values through pickle/copy (Exception's default passes only args)
        return (_rebuild, (type(self), str(self), self.key, self.values))

    @classmethod
    def make(cls, key: str, /, **values: Any) -> Self:
        """The error for message ``key`` with ``values`` (English text rendered from the catalog).

        Args:
            key: a key of :data:`analytics.text.catalog.CATALOG`.
            **values: the template's placeholders.

        Returns:
            The error (raise it, with ``from exc`` where it wraps another).

        Example:
            >>> str(WorkspaceError.make("db.unsupported_type", type="INT128", column="x"))
            "unsupported column type 'INT128' for 'x'"
        """
        return cls(render(key, "en", values), key=key, values=values)

    def localized(self, lang: str) -> str:
        """The message in ``lang`` (``"en"`` or ``"ja"``); the English text when it has no key.

        Args:
            lang: a language code.

        Returns:
            The rendered message.

        Example:
            >>> KakehashiError("plain text").localized("ja")
            'plain text'
        """
        if self.key is None:
            return str(self)
        return render(self.key, lang, self.values)


def _rebuild(
    cls: type[KakehashiError], message: str, key: str | None, values: dict[str, Any]
) -> KakehashiError:
    return cls(message, key=key, values=values)


class InputError(KakehashiError):
    """A file or value given by the user cannot be used as it is."""


class WorkspaceError(KakehashiError):
    """The workspace file cannot be opened or migrated (e.g. another process holds it)."""


class CriteriaError(KakehashiError):
    """A criteria document is invalid: names the rule, the field and the fix."""


def no_space_left(exc: BaseException) -> str | None:
    """The "No space left on device" behind ``exc`` (its causes and contexts), else None.

    A full disk often surfaces as a later error ("Current transaction is aborted"); the
    real cause is in the chain, and this finds it.

    Example:
        >>> try:
        ...     try:
        ...         raise OSError(28, "No space left on device")
        ...     except OSError:
        ...         raise RuntimeError("Current transaction is aborted")
        ... except RuntimeError as later:
        ...     no_space_left(later)
        '[Errno 28] No space left on device'
        >>> no_space_left(ValueError("x")) is None
        True
    """
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 20:
        seen.append(current)
        text = str(current)
        if (isinstance(current, OSError) and current.errno == errno.ENOSPC) or (
            "No space left on device" in text
        ):
            return next((line.strip() for line in text.splitlines() if line.strip()), text)[:300]
        current = current.__cause__ or current.__context__
    return None
