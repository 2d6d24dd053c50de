"""One error base class for everything Kakehashi reports to a user.

Every message names the bad value with ``!r``, where it was (file, row,
column, rule) and how to fix it. The CLI prints ``str(error)`` on one line and
exits 2; pages show it with ``st.error``. Never a traceback for bad input.
"""

from __future__ import annotations


class KakehashiError(Exception):
    """Base class: a problem the user can fix (bad input, locked file, bad criteria)."""


class InputError(KakehashiError):
    """A file or value given by the user cannot be used as it is."""


class WorkspaceError(KakehashiError):
    """The workspace file cannot be opened or migrated (e.g. another process holds it)."""


class CriteriaError(KakehashiError):
    """A criteria document is invalid: names the rule, the field and the fix."""
