"""The page in a real browser: `antragscheck serve` started with uvicorn on a free local
port, driven through the system's Chromium (Selenium with chromedriver), with and
without JavaScript; axe-core checks accessibility (WCAG 2.1 AA).

Skips where no Chromium/chromedriver is installed; `.ci/run` installs them.  axe-core
comes from npm (`npm pack axe-core`) into the user's cache folder, or from the file
named by AXE_CORE_JS.  Screenshots go to ANTRAGSCHECK_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed (pip install ".[web]")')
pytest.importorskip("selenium", reason="selenium is not installed")

import docx
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import SAMPLES
from tests.webserver import running_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
# .ci/run sets this in CI: there a browser test that cannot run fails instead of skipping.
REQUIRED = os.environ.get("ANTRAGSCHECK_BROWSER_TESTS") == "required"


def unavailable(reason: str) -> NoReturn:
    if REQUIRED:
        pytest.fail(f"{reason} (ANTRAGSCHECK_BROWSER_TESTS=required)")
    pytest.skip(reason, allow_module_level=True)


if not (CHROMIUM and CHROMEDRIVER):
    unavailable("Chromium and chromedriver are not installed")
pytestmark = pytest.mark.slow

GOOD = SAMPLES / "stellenschaffung_smart_city_2022.docx"
PLACEHOLDER = SAMPLES / "platzhalter.docx"
AXE_VERSION = "4"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`antragscheck serve` as IT runs it, in a folder without configuration."""
    with running_server(tmp_path_factory.mktemp("server")) as base:
        yield base


def make_driver(downloads: Path, profile: Path, javascript: bool = True) -> Any:
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--lang=de-DE",
        "--window-size=1280,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    prefs: dict[str, object] = {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
    }
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    try:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    except WebDriverException as error:  # pragma: no cover - a broken installation
        unavailable(f"Chromium does not start: {error.msg}")
    driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    return driver


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(tmp_path: Path, downloads: Path) -> Iterator[Any]:
    driver = make_driver(downloads, tmp_path / "profile")
    yield driver
    driver.quit()


@pytest.fixture
def browser_without_javascript(tmp_path: Path, downloads: Path) -> Iterator[Any]:
    driver = make_driver(downloads, tmp_path / "profile", javascript=False)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe.min.js: from AXE_CORE_JS, the cache, or `npm pack axe-core` into the cache."""
    given = os.environ.get("AXE_CORE_JS")
    if given:
        return Path(given).read_text(encoding="utf-8")
    cache_home = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    cached = cache_home / "antragscheck-tests" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
    if not cached.is_file():
        npm = shutil.which("npm")
        if npm is None:
            unavailable("axe-core is not available (no npm; or set AXE_CORE_JS)")
        with tempfile.TemporaryDirectory() as folder:
            packed = subprocess.run(
                [npm, "pack", f"axe-core@{AXE_VERSION}", "--silent"],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            tarballs = list(Path(folder).glob("axe-core-*.tgz"))
            if packed.returncode != 0 or not tarballs:
                unavailable(f"npm pack axe-core failed: {packed.stderr.strip()[:200]}")
            with tarfile.open(tarballs[0]) as archive:
                member = archive.extractfile("package/axe.min.js")
                assert member is not None
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(member.read())
    return cached.read_text(encoding="utf-8")


def wait(driver: Any, seconds: float = 20) -> WebDriverWait:  # type: ignore[type-arg]
    return WebDriverWait(driver, seconds)


def screenshot(driver: Any, name: str) -> None:
    """The whole page as PNG (to look at it as a clerk would), when asked for."""
    folder = os.environ.get("ANTRAGSCHECK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
        )
        (Path(folder) / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def click(driver: Any, element: Any) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def downloaded(folder: Path, suffix: str, seconds: float = 20) -> Path:
    """The finished download ending in `suffix` (Chromium writes a .crdownload first and
    may create the final name empty before it renames)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        names = [p.name for p in folder.iterdir()]
        done = [folder / n for n in names if n.endswith(suffix) and (folder / n).stat().st_size]
        if done and not any(n.endswith(".crdownload") for n in names):
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} download in {list(folder.iterdir())}")


def serious_violations(driver: Any, axe: str) -> list[dict[str, Any]]:
    driver.execute_script(axe)
    violations: list[dict[str, Any]] = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ["violations"]})
          .then(r => done(r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => n.html).slice(0, 3)}))))
          .catch(e => done([{id: "axe-error", impact: "critical", help: String(e), nodes: []}]));
        """
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_upload_shows_the_findings_and_gives_the_annotated_copy(
    server: str, browser: Any, downloads: Path
) -> None:
    browser.get(server + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de"
    chooser = browser.find_element(By.ID, "dateien")
    chooser.send_keys(f"{PLACEHOLDER}\n{GOOD}")
    browser.find_element(By.XPATH, "//button[normalize-space()='Prüfen']").click()
    wait(browser).until(
        expected_conditions.text_to_be_present_in_element((By.ID, "status"), "abgeschlossen")
    )
    assert browser.current_url == server + "/"  # no reload: the script showed the results
    articles = browser.find_elements(By.CSS_SELECTOR, "#ergebnis article")
    assert len(articles) == 2
    assert "mit Fehlern" in articles[0].text and "platzhalter.docx" in articles[0].text
    assert "vollständig" in articles[1].text
    rows = articles[0].find_elements(By.CSS_SELECTOR, "tbody tr")
    assert any("Vorlagentext" in row.text for row in rows)
    # the rule's explanation opens with one click
    summary = articles[0].find_element(By.XPATH, ".//summary[contains(., 'placeholder-text')]")
    explanation = summary.find_element(By.XPATH, "..")
    assert explanation.get_attribute("open") is None
    click(browser, summary)
    assert explanation.get_attribute("open") is not None
    assert "Platzhalter aus der Vorlage" in explanation.text
    screenshot(browser, "ergebnis")

    click(browser, articles[0].find_element(By.CSS_SELECTOR, "button.kommentieren"))
    copy = downloaded(downloads, ".docx")
    assert copy.name == "platzhalter.geprüft.docx"
    comments = docx.Document(str(copy)).comments
    assert len(comments) >= 2 and {c.author for c in comments} == {"antragscheck"}


def test_files_dropped_on_the_field_are_checked(server: str, browser: Any) -> None:
    browser.get(server + "/")
    data = base64.b64encode(PLACEHOLDER.read_bytes()).decode("ascii")
    browser.execute_script(
        """
        const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], "gezogen.docx"));
        const zone = document.getElementById("ablage");
        zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true}));
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
        """,
        data,
    )
    wait(browser).until(
        expected_conditions.text_to_be_present_in_element((By.ID, "ergebnis"), "gezogen.docx")
    )
    assert "mit Fehlern" in browser.find_element(By.ID, "ergebnis").text


def test_without_javascript_the_form_still_checks_and_annotates(
    server: str, browser_without_javascript: Any, downloads: Path
) -> None:
    browser = browser_without_javascript
    browser.get(server + "/")
    browser.find_element(By.ID, "dateien").send_keys(str(PLACEHOLDER))
    browser.find_element(By.XPATH, "//button[normalize-space()='Prüfen']").click()
    wait(browser).until(expected_conditions.url_to_be(server + "/pruefen"))
    result = browser.find_element(By.ID, "ergebnis").text
    assert "platzhalter.docx" in result and "mit Fehlern" in result
    # the copy button of the form, still without JavaScript
    browser.find_element(By.ID, "dateien").send_keys(str(PLACEHOLDER))
    browser.find_element(By.XPATH, "//button[@formaction='kommentieren']").click()
    copy = downloaded(downloads, ".docx")
    assert len(docx.Document(str(copy)).comments) >= 2
    browser.find_element(By.ID, "jahr").clear()
    browser.find_element(By.ID, "jahr").send_keys("2031", Keys.ENTER)
    template = downloaded(downloads, "_2031.docx")
    assert docx.Document(str(template)).paragraphs[0].text.endswith("2031")


def test_no_serious_accessibility_violations(server: str, browser: Any, axe_source: str) -> None:
    browser.get(server + "/")
    screenshot(browser, "start")
    assert serious_violations(browser, axe_source) == []
    browser.find_element(By.ID, "dateien").send_keys(str(PLACEHOLDER))
    browser.find_element(By.XPATH, "//button[normalize-space()='Prüfen']").click()
    wait(browser).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#ergebnis article"))
    )
    for details in browser.find_elements(By.TAG_NAME, "details"):
        browser.execute_script("arguments[0].open = true", details)
    assert serious_violations(browser, axe_source) == []
    # reflow (WCAG 1.4.10): at 320 CSS pixels nothing scrolls sideways
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": False},
    )
    widths = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth, "
        "Array.from(document.querySelectorAll('body *'))"
        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className)]"
    )
    assert widths[0] <= widths[1], widths
    assert serious_violations(browser, axe_source) == []
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.get(server + "/regeln")
    screenshot(browser, "regeln")
    assert serious_violations(browser, axe_source) == []


def test_the_keyboard_reaches_everything_with_a_visible_focus(server: str, browser: Any) -> None:
    browser.get(server + "/")
    keys = ActionChains(browser)
    keys.send_keys(Keys.TAB).perform()
    first = browser.switch_to.active_element
    assert first.text == "Zum Inhalt springen" and first.is_displayed()
    reached = []
    for _ in range(30):  # until focus leaves the page after the last control
        element = browser.switch_to.active_element
        if element.tag_name == "body":
            break
        outline = element.value_of_css_property("outline-style")
        reached.append((element.tag_name, element.get_attribute("id") or element.text, outline))
        keys.send_keys(Keys.TAB).perform()
    names = [name for _, name, _ in reached]
    assert names[:3] == ["Zum Inhalt springen", "Antrag prüfen", "Regeln"]
    assert {"dateien", "Prüfen", "Prüfen und kommentierte Kopie herunterladen", "jahr"} <= set(
        names
    )
    assert all(outline == "solid" for _, _, outline in reached), reached
