"""The session state every page shares: the workspace path, the language, the period, the criteria.

``app.py`` writes these keys from the sidebar (before any widget uses them); pages read
them only through the functions here (re-exported by :mod:`ui`).

The workspace path comes from (first found): ``st.session_state["app.db"]`` (tests),
``--db PATH`` after ``--`` on the ``streamlit run`` line, the ``KAKEHASHI_DB``
environment variable, :data:`analytics.store.db.DEFAULT_DB`.
"""

from __future__ import annotations

import argparse
import calendar
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import streamlit as st

from analytics.store.db import DEFAULT_DB
from analytics.text.catalog import LANGUAGES, t
from analytics.text.format import markdown_text

DB_KEY = "app.db"
LANG_KEY = "app.lang"
LANG_CHOSEN_KEY = "app.lang_chosen"  # the same, kept through st.switch_page
PERIOD_KEY = "app.period"
PERIOD_BOUNDS_KEY = "app.period_bounds"
CRITERIA_KEY = "app.criteria_id"
AGREEMENT_PICK_KEY = "agreement.pick_id"  # the version the Agreement page opens on


def require_app() -> None:
    """Make sure this page runs inside ``app.py``'s navigation; every page calls it first.

    Streamlit decides once per server process whether ``pages/`` is an old-style
    (v1) multipage folder (``PagesManager.uses_pages_directory``) and only clears
    that flag when ``st.navigation`` runs. So when the first request to a fresh
    server is a deep link such as ``/whatif``, Streamlit runs ``pages/whatif.py``
    on its own: no sidebar, language, period or criteria. Here the flag is cleared
    and the run restarted, so ``app.py`` builds the navigation and runs this page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def db_path() -> str:
    """The workspace file of this session (see the module docstring for the order)."""
    chosen = st.session_state.get(DB_KEY)
    if chosen:
        return str(chosen)
    return served_db_path(sys.argv[1:] if Path(sys.argv[0]).name == "app.py" else [])


def served_db_path(script_args: list[str]) -> str:
    """The workspace a server serves: ``--db PATH`` among the script's arguments
    (``streamlit run app.py -- --db PATH``), else ``KAKEHASHI_DB``, else the default.

    Example:
        >>> served_db_path(["--db", "w.duckdb"])
        'w.duckdb'
    """
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--db")
    known, _ = parser.parse_known_args(script_args)
    return known.db or os.environ.get("KAKEHASHI_DB") or str(DEFAULT_DB)


def default_lang() -> str:
    """The starting language: ``KAKEHASHI_LANG`` if it names one, else Japanese."""
    chosen = os.environ.get("KAKEHASHI_LANG", "ja")
    return chosen if chosen in LANGUAGES else "ja"


def lang() -> str:
    """The language chosen in the sidebar: ``"en"`` or ``"ja"``."""
    chosen = st.session_state.get(LANG_KEY) or default_lang()
    return chosen if chosen in LANGUAGES else "en"


def md(value: object) -> str:
    """User text (a file name, header, value, name or note) to show literally in Markdown.

    Every ``st.markdown``/``st.caption``/``st.error``/… that shows user text passes it
    through here (:func:`analytics.text.format.markdown_text`): never a link or an image.
    """
    return markdown_text(value)


def tr(key: str, **values: object) -> str:
    """The UI string ``key`` in the sidebar language, placeholders filled."""
    return t(key, lang(), **values)


def labeller(prefix: str) -> Callable[[object], str]:
    """A ``format_func`` that translates ``prefix + value`` in the language of this run.

    The language is bound now, not when the function is called: AppTest calls a
    widget's ``format_func`` outside the script run, where session state is not
    available. Use it (never ``lambda v: tr(...)``) for selectbox/radio labels.
    """
    language = lang()
    return lambda value: t(f"{prefix}{value}", language)


def period() -> tuple[date, date]:
    """The sidebar period: first day of its first month, last day of its last month.

    Without dated data (or before the sidebar ran) it is the current month.
    """
    months = st.session_state.get(PERIOD_KEY)
    if not months:
        today = date.today()
        months = (today.replace(day=1), today.replace(day=1))
    return months_period(*months)


def months_period(first: date, last: date) -> tuple[date, date]:
    """The period of the months ``first``..``last``: the first day of the first month, the
    last day of the last.

    Example:
        >>> months_period(date(2025, 1, 1), date(2025, 2, 1))
        (datetime.date(2025, 1, 1), datetime.date(2025, 2, 28))
    """
    return first, last.replace(day=calendar.monthrange(last.year, last.month)[1])


def criteria_id() -> int | None:
    """The criteria version picked in the sidebar, or None for the one in force."""
    chosen = st.session_state.get(CRITERIA_KEY)
    return None if chosen is None else int(chosen)
