"""The audit's HTML report (`audit --html FILE`) in a real browser: the page a budget
office opens from a shared drive, offline, through the system's Chromium.  Its filters
and sortable tables work, a hostile file name stays text, and axe-core finds no serious
accessibility violation.

Skips like web_browser_test.py where no Chromium/chromedriver is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("selenium", reason="selenium is not installed")
pytest.importorskip("fastapi", reason='the web extra is not installed (pip install ".[web]")')

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.conftest import SAMPLES
from tests.web_browser_test import axe_source, make_driver, serious_violations

pytestmark = pytest.mark.slow
__all__ = ["axe_source"]  # the fixture, imported for this module's tests

# A name a file may carry on a shared Linux drive: were it not escaped, it would run.
AUDIT = [sys.executable, "-m", "antragscheck", "audit", "--no-cache", "--exit-zero"]
HOSTILE = "<img src=x onerror=window.pwned=1>.docx"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples plus one with a hostile name, audited into one HTML page."""
    folder = tmp_path_factory.mktemp("antraege")
    for sample in SAMPLES.glob("*.docx"):
        shutil.copy(sample, folder / sample.name)
    shutil.copy(SAMPLES / "platzhalter.docx", folder / HOSTILE)
    page = tmp_path_factory.mktemp("bericht") / "bericht.html"
    done = subprocess.run(
        [*AUDIT, "--html", str(page), str(folder)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, NO_COLOR="1"),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return page


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    home = tmp_path_factory.mktemp("chromium")
    driver = make_driver(home / "downloads", home / "profile")
    yield driver
    driver.quit()


@pytest.fixture
def page(browser: Any, report: Path) -> Any:
    browser.get(report.as_uri())
    return browser


def findings(page: Any) -> list[Any]:
    return page.find_elements(By.CSS_SELECTOR, "#findings tbody tr")


def shown(page: Any) -> list[Any]:
    return [row for row in findings(page) if row.is_displayed()]


def count(page: Any) -> str:
    return str(page.find_element(By.ID, "count").text)


def column(rows: list[Any], index: int) -> list[str]:
    return [row.find_elements(By.TAG_NAME, "td")[index].text for row in rows]


def test_the_page_opens_offline_and_lists_every_finding(page: Any) -> None:
    assert page.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de"
    total = len(findings(page))
    assert total > 10
    assert count(page) == f"{total} von {total}"
    # nothing is fetched: every resource of the page is the page itself
    resources = page.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert resources == []


def test_typing_filters_the_findings_and_counts_them(page: Any) -> None:
    total = len(findings(page))
    box = page.find_element(By.ID, "filter")
    box.send_keys("PLATZHALTER.docx")  # case does not matter
    rows = shown(page)
    assert rows and len(rows) < total
    assert all(Path(cell).name == "platzhalter.docx" for cell in column(rows, 0))
    assert count(page) == f"{len(rows)} von {total}"
    box.clear()
    box.send_keys(" ")  # clear() fires no input event; a blank only narrows to texts with one
    box.send_keys("\b")
    assert len(shown(page)) == total


def test_the_selects_filter_by_severity_unit_and_rule_together(page: Any) -> None:
    total = len(findings(page))
    Select(page.find_element(By.ID, "f-severity")).select_by_visible_text("Fehler")
    errors = shown(page)
    assert 0 < len(errors) < total
    assert {row.get_attribute("data-severity") for row in errors} == {"error"}
    assert set(column(errors, 2)) == {"Fehler"}
    rule = Select(page.find_element(By.ID, "f-rule"))
    chosen = errors[0].get_attribute("data-rule")
    rule.select_by_value(chosen)
    both = shown(page)
    assert 0 < len(both) <= len(errors)
    assert {row.get_attribute("data-rule") for row in both} == {chosen}
    assert count(page) == f"{len(both)} von {total}"
    Select(page.find_element(By.ID, "f-severity")).select_by_value("")
    rule.select_by_value("")
    assert len(shown(page)) == total


def test_a_header_click_sorts_up_then_down(page: Any) -> None:
    header = page.find_element(By.XPATH, "//table[@id='findings']//th[.='Schweregrad']")
    header.click()
    ranks = [
        int(row.find_elements(By.TAG_NAME, "td")[2].get_attribute("data-sort"))
        for row in findings(page)
    ]
    assert ranks == sorted(ranks) and len(set(ranks)) > 1
    assert "sorted-asc" in (header.get_attribute("class") or "")
    header.click()
    again = [
        int(row.find_elements(By.TAG_NAME, "td")[2].get_attribute("data-sort"))
        for row in findings(page)
    ]
    assert again == sorted(ranks, reverse=True)
    assert "sorted-desc" in (header.get_attribute("class") or "")


def test_the_overview_sorts_numbers_as_numbers(page: Any) -> None:
    header = page.find_element(By.XPATH, "//table[@id='requests']//th[.='Fehler']")
    header.click()
    rows = page.find_elements(By.CSS_SELECTOR, "#requests tbody tr")
    errors = [int(text) for text in column(rows, 6)]
    assert errors == sorted(errors) and errors[0] < errors[-1]


def test_a_hostile_file_name_is_shown_as_text(page: Any) -> None:
    assert page.execute_script("return window.pwned === undefined")
    overview = page.find_elements(By.CSS_SELECTOR, "#requests tbody tr")
    assert HOSTILE in [Path(cell).name for cell in column(overview, 0)]
    assert page.find_elements(By.CSS_SELECTOR, "#requests img, #findings img") == []


def test_no_serious_accessibility_violations(page: Any, axe_source: str) -> None:
    violations = serious_violations(page, axe_source)
    assert violations == [], violations
