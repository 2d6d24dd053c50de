"""The real app in headless Chromium: every page, an upload, the language switch, screenshots.

Runs the dashboard as ``make run`` does (``serve.py``: ``streamlit run app.py``, headless)
on a free port over its own demo workspace and drives Debian's Chromium with Playwright's sync API (never
``playwright install``). Skipped, with the reason, where ``/usr/bin/chromium`` is
missing (``KAKEHASHI_CHROMIUM`` names another binary); ``.ci/run`` installs it.
Screenshots go to ``artifacts/screenshots/`` (git-ignored; the folder is printed at the end
of the run): every page of app.py's ``PAGES`` in both languages at 1280×720 (a projector) and
1920×1080, each as the first screen the room sees (``…_screen.png``) and as the whole page
(``…_full.png``). Look at them after UI changes.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics.cli.bench_pages import CHROMIUM, CHROMIUM_ARGS, dashboard
from analytics.text.catalog import CATALOG, LANGUAGES, t
from tests.conftest import SCREENSHOTS_KEY
from tests.test_pages import LEADS_CSV, PAGES, ROOT, build_demo_db, build_lab_db

pytestmark = pytest.mark.browser

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


@contextlib.contextmanager
def running_dashboard(folder: Path, *, lab: bool = False) -> Iterator[str]:
    """A fresh dashboard process over its own demo workspace (one process per file); ``lab``
    adds two criteria versions and a running experiment (every section of every page draws)."""
    db = build_lab_db(folder / "lab.duckdb") if lab else build_demo_db(folder / "demo.duckdb")
    with dashboard(db, folder / "streamlit.log", timeout=90) as url:
        yield url


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


def screenshot_whole(page: object, name: str) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main container, so the
    viewport is stretched to the content's height for the shot (then restored)."""
    size = page.viewport_size
    height = page.evaluate(
        "Math.max(...['stMain', 'stAppViewContainer', 'stSidebarContent'].map("
        "id => document.querySelector(`[data-testid=${id}]`)?.scrollHeight || 0))"
    )
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height + 40)})
    wait_idle(page)
    try:
        screenshot(page, name)
    finally:
        page.set_viewport_size(size)


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
        # the uploader's own words (Streamlit's, English only) are drawn in Japanese
        drawn = page.evaluate(
            "() => ['button [data-testid=\"stMarkdownContainer\"] p', "
            "'[data-testid=\"stFileUploaderDropzoneInstructions\"] span'].map(s => "
            "getComputedStyle(document.querySelector("
            "'[data-testid=\"stFileUploaderDropzone\"] ' + s), '::after').content)"
        )
        assert drawn == ['"アップロード"', '"1ファイル200MBまで"'], drawn
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
            # the page's title can come before app.py's rerun has drawn the sidebar (the idle
            # moment between the page file's run alone and the rerun): wait for the rerun's end
            sidebar = page.locator('[data-testid="stSidebar"]')
            sidebar.get_by_text(t("app.language", "en"), exact=True).wait_for()
            wait_idle(page)
            assert_no_exception(page, "deep link")
            assert sidebar.get_by_text(t("app.language", "en"), exact=True).count() == 1
            nav = page.locator('[data-testid="stSidebarNav"]')
            assert nav.get_by_text("app", exact=True).count() == 0  # no v1 page list
            assert page.get_by_text(t("whatif.title", "en")).count() >= 1
        finally:
            context.close()


def widget(page: object, key: str) -> object:
    """The element of the widget with ``key`` (Streamlit's ``st-key-…`` class)."""
    return page.locator(f".st-key-{re.sub(r'[^a-zA-Z0-9_-]', '-', key)}")


def type_into(page: object, key: str, text: str) -> None:
    field = widget(page, key).locator("input")
    field.fill(text)
    field.press("Enter")
    wait_idle(page)


def click(page: object, key: str) -> None:
    widget(page, key).locator("button").first.click()
    wait_idle(page)


def test_both_teams_sign_a_proposal_on_the_agreement_page(tmp_path: Path, browser: object) -> None:
    """What-if sends a threshold as a proposal; marketing signs, then sales; the page in EN/JA."""
    with running_dashboard(tmp_path) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            page.goto(f"{url}/whatif")
            wait_idle(page)
            type_into(page, "whatif.threshold_exact", "110")
            type_into(page, "whatif.propose_by", "Mori")
            click(page, "whatif.propose")
            main = page.locator('[data-testid="stMain"]')
            main.get_by_text(t("agreement.title", "en"), exact=True).first.wait_for()
            wait_idle(page)
            assert_no_exception(page, "agreement page after proposing")
            assert main.get_by_text("threshold 100 → 110").count() >= 1
            for team, name in (("marketing", "Mori"), ("sales", "Sato")):
                type_into(page, f"agreement.name_{team}", name)
                type_into(page, f"agreement.note_{team}", f"OK from {team}")
                click(page, f"agreement.sign_{team}")
                assert_no_exception(page, f"after {team} signed")
            done = t("agreement.done_agreed", "en", version="Default criteria v2")
            main.get_by_text(done).wait_for()
            assert main.get_by_text(t("agreement.no_proposal", "en")).count() == 1
            screenshot(page, "agreement_signed_en_1280x720")
            screenshot_whole(page, "agreement_signed_en")
            page.locator('[data-testid="stSidebar"]').get_by_text("日本語", exact=True).click()
            main.get_by_text(t("agreement.title", "ja"), exact=True).first.wait_for()
            wait_idle(page)
            assert_no_exception(page, "agreement in Japanese")
            assert main.get_by_text(t("agreement.in_force", "ja"), exact=True).count() == 1
            screenshot(page, "agreement_signed_ja_1280x720")
            screenshot_whole(page, "agreement_signed_ja")
            # the What-if page now uses the agreed threshold and says it is agreed
            page.goto(f"{url}/whatif")
            wait_idle(page)
            assert_no_exception(page, "what-if after the agreement")
            assert main.get_by_text(" v2", exact=False).count() >= 1
        finally:
            context.close()


def test_agreement_page_with_a_proposal_on_the_table(tmp_path: Path, browser: object) -> None:
    """The meeting view before signing (diff, effects, both sign boxes), in both languages."""
    with running_dashboard(tmp_path) as url:
        for lang in ("en", "ja"):
            context = browser.new_context(viewport={"width": 1280, "height": 720})
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            try:
                page.goto(f"{url}/scoring")
                wait_idle(page)
                if lang == "ja":
                    page.locator('[data-testid="stSidebar"]').get_by_text(
                        "日本語", exact=True
                    ).click()
                    main = page.locator('[data-testid="stMain"]')
                    main.get_by_text(t("scoring.title", "ja"), exact=True).first.wait_for()
                    wait_idle(page)
                type_into(page, "scoring.threshold", "90")
                type_into(page, "scoring.save_by", "Mori" if lang == "en" else "森")
                click(page, "scoring.propose_button")
                main = page.locator('[data-testid="stMain"]')
                main.get_by_text(t("agreement.title", lang), exact=True).first.wait_for()
                wait_idle(page)
                assert_no_exception(page, f"proposal on the table ({lang})")
            finally:
                screenshot_whole(page, f"agreement_proposal_{lang}")
                context.close()


def _projector_page(browser: object) -> tuple[object, object]:
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    return context, tab


def _open(page: object, server: str, path: str, lang: str) -> object:
    page.goto(f"{server}/{path}")
    wait_idle(page)
    if lang == "ja":
        page.locator('[data-testid="stSidebar"]').get_by_text("日本語", exact=True).click()
        wait_idle(page)
    main = page.locator('[data-testid="stMain"]')
    main.locator("h1").first.wait_for()
    assert_no_exception(page, f"{path} ({lang})")
    return main


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_sla_and_feedback_pages_at_projector_size(server: str, browser: object, lang: str) -> None:
    """Both pages at 1280×720, every tab, screenshots to look at (viewport and full page)."""
    context, page = _projector_page(browser)
    try:
        for path, prefix, tabs in (
            ("sla", "sla", ("tab_owners", "tab_speed", "tab_breaches", "tab_trend")),
            ("feedback", "feedback", ("tab_bands", "tab_dims", "tab_disagree", "tab_later",
                                      "tab_entry")),
        ):  # fmt: skip
            main = _open(page, server, path, lang)
            assert main.get_by_text(t(f"{prefix}.title", lang), exact=True).count() == 1
            page.screenshot(path=str(SCREENSHOTS / f"{path}_{lang}_1280x720.png"))
            for tab in tabs:
                main.get_by_role("tab", name=t(f"{prefix}.{tab}", lang), exact=True).click()
                wait_idle(page)
                assert_no_exception(page, f"{path} {tab} ({lang})")
                # the main area scrolls inside the page: one shot per screenful of the tab
                main.get_by_role("tab", name=t(f"{prefix}.{tab}", lang), exact=True).hover()
                for part in range(3):
                    screenshot(page, f"{path}_{lang}_{tab}_1280_{part}")
                    page.mouse.wheel(0, 600)
                    page.wait_for_timeout(300)
    finally:
        context.close()


def test_feedback_entered_in_the_browser_shows_in_the_table(server: str, browser: object) -> None:
    context, page = _projector_page(browser)
    try:
        main = _open(page, server, "feedback", "en")
        main.get_by_role("tab", name=t("feedback.tab_entry", "en"), exact=True).click()
        wait_idle(page)
        picker = main.locator('[data-testid="stMultiSelect"]').get_by_role("combobox")
        picker.click()
        picker.press("ArrowDown")  # react-aria opens the list on a key; the first is "Select all"
        option = page.get_by_role("option").filter(has_text=" · ").first
        chosen = option.inner_text().split(" · ")[0].strip()
        option.click()
        page.keyboard.press("Escape")
        wait_idle(page)
        main.locator('[data-testid="stRadio"]').get_by_text(
            t("code.verdict.rejected", "en"), exact=True
        ).click()
        name = main.locator('[data-testid="stTextInput"] input')
        name.fill("Browser Tester")
        name.press("Enter")
        wait_idle(page)
        main.get_by_role("button", name=t("feedback.record", "en", n=1)).click()
        main.get_by_text(
            t("feedback.saved", "en", n=1, verdict=t("code.verdict.rejected", "en"))
        ).wait_for()
        wait_idle(page)
        assert_no_exception(page, "feedback entry")
        main.get_by_role("tab", name=t("feedback.tab_entry", "en"), exact=True).click()
        wait_idle(page)
        screenshot(page, "feedback_entered_en_1280")
        # re-open the page: the verdict is in the latest-feedback table
        main = _open(page, server, "feedback", "en")
        main.get_by_role("tab", name=t("feedback.tab_entry", "en"), exact=True).click()
        wait_idle(page)
        assert chosen.startswith("L"), chosen
        # the picker now shows the lead's verdict (the tables are a canvas: see the screenshot)
        picker = main.locator('[data-testid="stMultiSelect"]').get_by_role("combobox")
        picker.click()
        picker.press("ArrowDown")
        option = page.get_by_role("option").filter(has_text=chosen).first
        assert t("code.verdict.rejected", "en") in option.inner_text()
        page.keyboard.press("Escape")
        screenshot(page, "feedback_reopened_en_1280")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_scoring_explains_an_mql_at_its_moment_at_1280x720(
    server: str, browser: object, tmp_path_factory: pytest.TempPathFactory, lang: str
) -> None:
    """Why this score on a projector-sized screen: the MQL moment first, today beside it."""
    import polars as pl

    from analytics.criteria import active_criteria
    from analytics.scoring.replay import replay
    from analytics.store.db import Workspace

    # the dashboard holds its workspace file: read the same seeded demo from a copy
    with Workspace.open(build_demo_db(tmp_path_factory.mktemp("copy") / "demo.duckdb")) as ws:
        leads = replay(ws, active_criteria(ws)).leads
    mqls = leads.filter(pl.col("mql_at").is_not_null()).sort("mql_at")
    lead_id = mqls["lead_id"][mqls.height // 2]  # an MQL of a while ago: today's score differs
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(f"{server}/scoring")
        wait_idle(page)
        if lang == "ja":
            page.locator('[data-testid="stSidebar"]').get_by_text("日本語", exact=True).click()
            wait_idle(page)
        main = page.locator('[data-testid="stMain"]')
        page.screenshot(path=str(SCREENSHOTS / f"scoring_top_{lang}_1280.png"))
        main.get_by_text(t("scoring.rules_table", lang), exact=True).scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"scoring_rules_{lang}_1280.png"))
        search = main.get_by_label(t("scoring.search", lang))
        search.fill(lead_id)
        search.press("Enter")
        wait_idle(page)
        assert_no_exception(page, f"scoring, why this score ({lang})")
        moment = main.get_by_text(t("scoring.col_at_mql", lang) + " · ", exact=False).first
        moment.wait_for()
        moment.scroll_into_view_if_needed()
        page.mouse.wheel(0, 120)
        wait_idle(page)
        page.screenshot(path=str(SCREENSHOTS / f"scoring_why_{lang}_1280.png"))
        screenshot(page, f"scoring_why_{lang}_full")
    finally:
        context.close()


@contextlib.contextmanager
def model_lab(browser: object, url: str) -> Iterator[tuple[object, object]]:
    """(page, its main area) of the model lab in a new 1280×720 English browser context."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(f"{url}/model")
        yield page, page.locator('[data-testid="stMain"]')
    finally:
        context.close()


def fit_arrives_by_itself(page: object, note: str, fit: str, shot: str) -> None:
    """The model lab shows ``note`` while ``fit`` runs beside it (no error; screenshot
    ``shot``), then the results replace it without a click, with saving allowed."""
    main = page.locator('[data-testid="stMain"]')
    assert_no_exception(page, f"model lab during {fit}")
    screenshot(page, shot)
    main.get_by_text(note).wait_for(state="detached", timeout=120_000)
    wait_idle(page)
    main.get_by_text(t("model.results", "en"), exact=True).wait_for()
    assert_no_exception(page, f"model lab after {fit}")
    assert page.get_by_role("button", name=t("model.save", "en")).is_enabled()


def test_model_lab_first_fit_in_the_background_shows_by_itself(
    tmp_path: Path, browser: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first fit on many leads (every first fit, by the setting): the model lab answers at
    once with a note, fits in a thread and shows the results without a click.

    The note shows while the fit runs: on the 1,500-lead demo the fit took a fraction of a
    second and, once, ended before the browser had drawn the note (the server's preparation
    was still at work beside it). Here the demo has 20,000 leads (the fit ~0.5 s) and the
    server prepares nothing, so the note is on the screen long enough to be seen."""
    monkeypatch.setenv("KAKEHASHI_BACKGROUND_FIT_LEADS", "0")
    monkeypatch.setenv("KAKEHASHI_PREPARE_PAGES", "0")
    db = build_demo_db(tmp_path / "demo.duckdb", leads=20_000)
    note = CATALOG["model.fitting_first"]["en"]
    with (
        dashboard(db, tmp_path / "streamlit.log", timeout=90) as url,
        model_lab(browser, url) as (page, main),
    ):
        main.get_by_text(note).wait_for()
        fit_arrives_by_itself(page, note, "its first fit", "model_first_fit_1280x720")


def test_model_lab_after_an_import_updates_by_itself(tmp_path: Path, browser: object) -> None:
    """An import by the CLI beside the running dashboard: the model lab answers at once with
    the earlier fit, marked as such, and shows the refit without a click when it is done."""
    import subprocess
    import sys

    from analytics.store.db import Workspace

    db = build_demo_db(tmp_path / "demo.duckdb")
    with Workspace.open(db, read_only=True) as ws:
        lead = ws.scalar("SELECT lead_id FROM leads ORDER BY lead_id LIMIT 1")
    csv = tmp_path / "one.csv"
    csv.write_text(f"lead_id,occurred_at,type,detail\n{lead},2026-01-05 10:00,webinar,\n")
    marked = CATALOG["model.refitting"]["en"].split("{")[0]
    with (
        dashboard(db, tmp_path / "streamlit.log", timeout=90) as url,
        model_lab(browser, url) as (page, main),
    ):
        wait_idle(page)
        main.get_by_text(t("model.results", "en"), exact=True).wait_for()
        assert main.get_by_text(marked).count() == 0
        done = subprocess.run(
            [sys.executable, "-m", "analytics", "import", "activities", str(csv), "--db", str(db)],
            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        page.reload()
        main.get_by_text(marked).wait_for()  # the earlier fit, marked, at once
        fit_arrives_by_itself(page, marked, "the refit", "model_refitting_1280x720")
