"""The report as an A4 PDF, printed from its HTML by headless Chromium (Playwright).

Chromium is Debian's (``chromium`` on the PATH, or ``KAKEHASHI_CHROMIUM``); Japanese text
needs ``fonts-noto-cjk``. Charts are drawn by Plotly in the page before printing, so they
stay vectors. Without Chromium the error says what to install (bilingual, keyed).
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from pathlib import Path

from analytics.errors import InputError

CHROMIUM_NAMES: tuple[str, ...] = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
)  # fmt: skip
FOOTER = (
    '<div style="font-size:8px;width:100%;padding:0 12mm;color:#555;'
    "font-family:'Noto Sans CJK JP',sans-serif;display:flex;justify-content:space-between\">"
    '<span>{text}</span><span><span class="pageNumber"></span> / '
    '<span class="totalPages"></span></span></div>'
)


def chromium_path() -> str | None:
    """The Chromium executable: ``KAKEHASHI_CHROMIUM``, else the first of
    :data:`CHROMIUM_NAMES` on the PATH (None: not installed).

    Example:
        >>> chromium_path() is None or Path(chromium_path()).exists()
        True
    """
    chosen = os.environ.get("KAKEHASHI_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).exists() else None
    return next((found for n in CHROMIUM_NAMES if (found := shutil.which(n))), None)


def render_pdf(document: str, *, footer: str, timeout_ms: int = 60_000) -> bytes:
    """Print an HTML document to A4 PDF bytes, with ``footer`` and page numbers on every page.

    Args:
        document: the report's HTML (:func:`analytics.report.html.render_html`).
        footer: the footer text (the report and its month); escaped.
        timeout_ms: how long the page may take to load and draw its charts.

    Raises:
        InputError: Chromium is not installed, or could not print.
    """
    executable = chromium_path()
    if executable is None:
        raise InputError.make("report.no_chromium")
    try:
        from playwright.sync_api import Error as PlaywrightError
    except ImportError as exc:  # playwright is a runtime requirement; say so clearly
        raise InputError.make("report.no_chromium") from exc
    with tempfile.TemporaryDirectory(prefix="kakehashi-report-") as folder:
        page_file = Path(folder) / "report.html"
        page_file.write_text(document, encoding="utf-8")
        try:
            return _print(page_file, executable, footer, timeout_ms)
        except PlaywrightError as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError.make("report.pdf_failed", detail=detail) from exc


def _print(page_file: Path, executable: str, footer: str, timeout_ms: int) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page()
            # the report is self-contained: refuse every request that is not the file itself
            page.route("**/*", _only_files)
            page.goto(page_file.as_uri(), wait_until="load", timeout=timeout_ms)
            page.wait_for_function(
                "() => [...document.querySelectorAll('.js-plotly-plot')]"
                ".every(p => p.querySelector('.main-svg'))",
                timeout=timeout_ms,
            )
            page.emulate_media(media="print")
            return page.pdf(
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=FOOTER.format(text=html.escape(footer)),
                margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
            )
        finally:
            browser.close()


def _only_files(route) -> None:
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        route.abort()
