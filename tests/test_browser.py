"""The real app in headless Chromium: every page, an upload, the language switch, screenshots.

Runs ``streamlit run app.py --server.headless true`` on a free port over its own demo
workspace and drives Debian's Chromium with Playwright's sync API (never
``playwright install``). Skipped, with the reason, where ``/usr/bin/chromium`` is
missing (``KAKEHASHI_CHROMIUM`` names another binary); ``.ci/run`` installs it.
Screenshots go to ``artifacts/screenshots/`` (git-ignored; the folder is printed at the end
of the run): every page of app.py's ``PAGES`` in both languages at 1280×720 (a projector) and
1920×1080, each as the first screen the room sees (``…_screen.png``) and as the whole page
(``…_full.png``). Look at them after UI changes.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics.text.catalog import LANGUAGES, t
from tests.conftest import SCREENSHOTS_KEY
from tests.test_pages import LEADS_CSV, PAGES, ROOT, build_demo_db, build_lab_db

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("KAKEHASHI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
# The meeting-room sizes every page is screenshot at: a projector and a full-HD screen.
VIEWPORTS = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}
# The tallest whole-page screenshot (px); a taller page is cut there.
FULL_PAGE_MAX = 16_000
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCEPTION = '[data-testid="stException"]'
TIMEOUT_MS = 60_000

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium "
        "fonts-noto-cjk) to run the browser tests; .ci/run does",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen[bytes], *, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not become healthy at {url} within {timeout:.0f}s")


@contextlib.contextmanager
def running_dashboard(folder: Path, *, lab: bool = False) -> Iterator[str]:
    """A fresh dashboard process over its own demo workspace (one process per file); ``lab``
    adds two criteria versions and a running experiment (every section of every page draws)."""
    db = build_lab_db(folder / "lab.duckdb") if lab else build_demo_db(folder / "demo.duckdb")
    port = free_port()
    log = (folder / "streamlit.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            "--",
            "--db",
            str(db),
        ],
        cwd=ROOT,
        env={**os.environ, "KAKEHASHI_LANG": "en"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module", autouse=True)
def screenshots_folder(request: pytest.FixtureRequest) -> Path:
    """Where this run's screenshots go; the folder is printed in the run's summary."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    request.config.stash[SCREENSHOTS_KEY] = SCREENSHOTS
    return SCREENSHOTS


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard shared by this module's tests."""
    with running_dashboard(tmp_path_factory.mktemp("browser"), lab=True) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    try:
        yield tab
    finally:
        context.close()


def wait_idle(page: object) -> None:
    """Wait until the script run finished (and give the frontend a moment to paint)."""
    page.wait_for_selector(APP_IDLE, timeout=TIMEOUT_MS)
    page.wait_for_timeout(300)
    page.wait_for_selector(APP_IDLE, timeout=TIMEOUT_MS)


def screenshot(page: object, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def assert_no_exception(page: object, where: str) -> None:
    boxes = page.locator(EXCEPTION)
    if boxes.count():
        raise AssertionError(f"{where}: exception shown: {boxes.first.inner_text()[:2000]}")


def switch_language(page: object, lang: str) -> None:
    """Pick ``lang`` in the sidebar (the session starts in English) and wait for the rerun."""
    if lang == "en":
        return
    page.locator('[data-testid="stSidebar"]').get_by_text(LANGUAGES[lang], exact=True).click()
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_text(t("app.page_import", lang), exact=True).wait_for()
    wait_idle(page)


def screenshot_whole_page(page: object, path: Path) -> None:
    """The whole page: Streamlit scrolls inside ``stMain``, so the viewport is made that tall."""
    size = page.viewport_size
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return m ? m.scrollHeight : document.body.scrollHeight; }"
    )
    page.set_viewport_size(
        {"width": size["width"], "height": min(max(height, size["height"]), FULL_PAGE_MAX)}
    )
    try:
        page.wait_for_timeout(500)  # charts re-layout to the new height
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)


@pytest.mark.parametrize("size", list(VIEWPORTS))
@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("app_page", PAGES, ids=[Path(p.path).stem for p in PAGES])
def test_every_page_renders(
    server: str, browser: object, app_page: object, lang: str, size: str
) -> None:
    """Every page of app.py in both languages at both meeting-room sizes: no exception, its
    title and nav entry shown; the first screen and the whole page are saved as PNGs."""
    width, height = VIEWPORTS[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    name = f"{Path(app_page.path).stem}_{lang}_{size}"
    try:
        page.goto(f"{server}/{app_page.url_path}")
        wait_idle(page)
        switch_language(page, lang)
        main = page.locator('[data-testid="stMain"]')
        main.locator("h1, h2").first.wait_for()
        page.wait_for_timeout(1500)  # let the charts and the tables (a canvas) draw
        assert_no_exception(page, f"{app_page.path} ({lang}, {size})")
        title = t(app_page.title_key, lang)
        nav = page.locator('[data-testid="stSidebarNav"]')
        assert nav.get_by_text(title, exact=True).count() == 1, f"nav entry {title!r} missing"
        page.screenshot(path=str(SCREENSHOTS / f"{name}_screen.png"))
        screenshot_whole_page(page, SCREENSHOTS / f"{name}_full.png")
    finally:
        context.close()


def test_upload_on_import_page(server: str, page: object) -> None:
    page.goto(f"{server}/import_data")
    wait_idle(page)
    data = LEADS_CSV.replace("K-", "BROWSER-").encode("cp932")
    try:
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            {"name": "leads_sjis.csv", "mimeType": "text/csv", "buffer": data}
        )
        button = page.get_by_role("button", name=t("import.run", "en", n=1))
        button.wait_for()
        wait_idle(page)
        assert_no_exception(page, "import preview")
        button.click()
        page.get_by_text("leads_sjis.csv: 3 inserted").wait_for()
        wait_idle(page)
        assert_no_exception(page, "import result")
        assert page.get_by_text(t("import.history", "en")).count() == 1
    finally:
        screenshot(page, "import_result_en")


def test_language_switch_to_japanese(server: str, page: object) -> None:
    page.goto(server)
    wait_idle(page)
    try:
        page.locator('[data-testid="stSidebar"]').get_by_text("日本語", exact=True).click()
        main = page.locator('[data-testid="stMain"]')
        main.get_by_text(t("overview.title", "ja"), exact=True).first.wait_for()
        wait_idle(page)
        assert_no_exception(page, "overview in Japanese")
        assert main.get_by_text(t("overview.counts", "ja")).first.is_visible()
        nav = page.locator('[data-testid="stSidebarNav"]')
        assert nav.get_by_text(t("app.page_import", "ja"), exact=True).count() == 1
    finally:
        screenshot(page, "overview_ja")
    try:
        nav.get_by_text(t("app.page_import", "ja"), exact=True).click()
        main.get_by_text(t("import.title", "ja"), exact=True).first.wait_for()
        wait_idle(page)
        assert_no_exception(page, "import in Japanese")
    finally:
        screenshot(page, "import_ja")


def metric_value(page: object, label: str) -> str:
    """The value shown by the st.metric whose label is exactly ``label``."""
    card = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(label, exact=True))
    return card.first.locator('[data-testid="stMetricValue"]').inner_text().strip()


def as_number(text: str) -> float:
    return float(text.replace(",", "").rstrip("%"))


def test_whatif_slider_drag_changes_the_numbers(server: str, page: object) -> None:
    page.goto(f"{server}/whatif")
    wait_idle(page)
    before = as_number(metric_value(page, t("whatif.mql", "en")))
    # Streamlit 1.67 renders a react-aria slider: a visually hidden range input in the thumb.
    value = page.locator('[data-testid="stMain"] [data-testid="stSlider"] input[type="range"]')
    thumb = value.first.locator("xpath=../..")
    start = float(value.first.input_value())
    box = thumb.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 150, y, steps=10)  # drag to a lower threshold
    page.mouse.up()
    wait_idle(page)
    assert_no_exception(page, "what-if after dragging")
    moved = float(value.first.input_value())
    after = as_number(metric_value(page, t("whatif.mql", "en")))
    assert moved < start
    assert after > before, (start, moved, before, after)  # a lower threshold admits more MQLs
    screenshot(page, "whatif_dragged_en")


def test_scoring_weight_change_moves_the_distribution(server: str, page: object) -> None:
    page.goto(f"{server}/scoring")
    wait_idle(page)
    label = t("scoring.mql_working", "en")
    before = as_number(metric_value(page, label))
    weight = page.locator('[data-testid="stNumberInput"]').filter(
        has=page.get_by_text(t("scoring.engagement_weight", "en"), exact=True)
    )
    field = weight.locator("input")
    field.fill("2")
    field.press("Enter")
    wait_idle(page)
    assert_no_exception(page, "scoring after a weight change")
    after = as_number(metric_value(page, label))
    assert after > before  # behaviour counts double: more leads reach the threshold
    assert as_number(metric_value(page, t("scoring.became_mql", "en"))) > 0
    screenshot(page, "scoring_weight_changed_en")


def test_deep_link_on_a_fresh_server_keeps_the_app_shell(tmp_path: Path, browser: object) -> None:
    """Streamlit treats pages/ as a v1 multipage folder until st.navigation first runs in the
    process; ui.require_app() must bring a first request to /whatif back into app.py."""
    with running_dashboard(tmp_path) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            page.goto(f"{url}/whatif")
            wait_idle(page)
            page.locator('[data-testid="stMain"] h1').first.wait_for()
            assert_no_exception(page, "deep link")
            sidebar = page.locator('[data-testid="stSidebar"]')
            assert sidebar.get_by_text(t("app.language", "en"), exact=True).count() == 1
            nav = page.locator('[data-testid="stSidebarNav"]')
            assert nav.get_by_text("app", exact=True).count() == 0  # no v1 page list
            assert page.get_by_text(t("whatif.title", "en")).count() >= 1
        finally:
            context.close()
