"""Kakehashi analytics: the library behind the dashboard, the CLI and the report.

This package never imports streamlit. Every number the UI shows comes from a
typed, tested function here.
"""

from __future__ import annotations

__version__ = "0.1.0"
