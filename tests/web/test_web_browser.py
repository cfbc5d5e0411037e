"""A new school team's path in a real browser: create a plan, fill a lever, add a waiver,
see a finding appear and disappear as they type, download the .docx and open it.

Runs Debian's chromium through chromium-driver (Selenium). Skipped with a reason when the
browser is not installed, except under CI=true, where that is a failure. axe-core checks
each page for critical accessibility problems.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from .browser import axe_violations, browser_problem, chrome, describe, server

pytestmark = pytest.mark.browser

PROBLEM = browser_problem()
if PROBLEM is not None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but the browser tests cannot run: {PROBLEM}", pytrace=False)
    pytest.skip(f"browser tests skipped: {PROBLEM}", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str, Path, Path]]:
    """One server over an empty workspace and one browser for the whole path."""
    root = tmp_path_factory.mktemp("browser")
    folder = root / "workspace"
    folder.mkdir()
    downloads = root / "downloads"
    downloads.mkdir()
    with server(folder) as url, chrome(downloads) as driver:
        driver.set_script_timeout(60)
        driver.get(url)
        yield driver, url.split("/?")[0], folder, downloads


def wait(driver: Any, condition: Callable[[Any], Any], seconds: float = 20) -> Any:
    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(condition)


def section(driver: Any, name: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f'.sections a[href$="section={name}"]').click()
    wait(
        driver,
        lambda d: d.find_element(By.ID, "section-form").get_attribute("data-section") == name,
    )


def saved(driver: Any) -> None:
    wait(driver, lambda d: "All changes saved" in d.find_element(By.ID, "save-status").text)


def no_critical_problems(driver: Any) -> None:
    violations = axe_violations(driver)
    assert not violations, describe(violations)


def findings_text(driver: Any, field_id: str) -> str:
    return str(driver.find_element(By.ID, f"{field_id}-findings").text)


def test_new_plan_from_nothing_to_a_word_document(session: tuple[Any, str, Path, Path]) -> None:
    driver, _base, folder, downloads = session
    # 1. the home page of an empty workspace, and the first Tab reaches the skip link
    assert "No plans here yet" in driver.page_source
    no_critical_problems(driver)
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("class") == "skip"

    # 2. start a plan: the school's name is all that is asked
    driver.find_element(By.LINK_TEXT, "Start a new plan").click()
    name = wait(driver, ec.element_to_be_clickable((By.ID, "school")))
    name.send_keys("Aurora Vista Elementary")
    name.send_keys(Keys.ENTER)
    wait(driver, ec.presence_of_element_located((By.ID, "section-form")))
    assert "created from the starter" in driver.page_source
    plan = folder / "aurora-vista-elementary" / "plan.yaml"
    assert "name: Aurora Vista Elementary" in plan.read_text(encoding="utf-8")
    no_critical_problems(driver)

    # 3. fill in a lever: the curriculum's current practice
    section(driver, "curriculum")
    practice = wait(
        driver, ec.element_to_be_clickable((By.ID, "f-levers-curriculum-current_practice"))
    )
    practice.click()  # the starter's example text is selected on focus, so typing replaces it
    practice.send_keys(
        "Every grade uses the district's adopted reading program; teachers plan alone."
    )
    saved(driver)
    text = plan.read_text(encoding="utf-8")
    assert (
        "    current_practice: |\n      Every grade uses the district's adopted reading program;"
        in text
    )
    assert "# How the school works today in this area" in text  # comments are kept
    no_critical_problems(driver)

    # 4. add a waiver: its empty required fields are flagged at once
    section(driver, "waivers")
    add = wait(
        driver,
        ec.element_to_be_clickable(
            (By.CSS_SELECTOR, 'button[data-action="add"][data-pointer-row="/waivers"]')
        ),
    )
    rows_before = len(driver.find_elements(By.CSS_SELECTOR, '[data-anchor^="/waivers/"].row'))
    add.click()
    new = f"f-waivers-{rows_before}-id"
    field = wait(driver, ec.element_to_be_clickable((By.ID, new)))
    assert driver.switch_to.active_element == field  # focus moves to the new row
    wait(driver, lambda d: "Required: fill this in." in findings_text(d, new))

    # 5. a finding appears and disappears as they type
    field.send_keys("W Calendar")
    wait(driver, lambda d: "not in the expected form" in findings_text(d, new))
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("w-calendar")
    wait(driver, lambda d: findings_text(d, new) == "")
    saved(driver)
    assert "  - id: w-calendar\n" in plan.read_text(encoding="utf-8")
    no_critical_problems(driver)

    # 6. the panel and the section list follow
    status = driver.find_element(By.ID, "status-waivers").text
    assert "to fix" in status
    assert "Waivers" in driver.find_element(By.ID, "panel").text

    # 7. download the draft plan as Word and open it
    driver.find_element(By.LINK_TEXT, "Documents").click()
    link = wait(driver, ec.element_to_be_clickable((By.PARTIAL_LINK_TEXT, "Draft, Word (.docx)")))
    no_critical_problems(driver)
    link.click()
    target = _downloaded(downloads, "-innovation-plan.docx")
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "Aurora Vista Elementary" in text
    assert "Every grade uses the district's adopted reading program" in text


def test_typing_left_unsaved_by_a_crash_is_saved_on_the_next_visit(
    session: tuple[Any, str, Path, Path],
) -> None:
    driver, base, folder, _ = session
    rel = "aurora-vista-elementary/plan.yaml"
    driver.get(f"{base}/edit/{rel}?section=mission")
    form = wait(driver, ec.presence_of_element_located((By.ID, "section-form")))
    version = form.get_attribute("data-version")
    # what the page keeps while a save is pending, as if the tab had crashed before sending
    driver.execute_script(
        "localStorage.setItem('planforge:pending:' + arguments[0], JSON.stringify("
        "{base: arguments[1], section: 'mission', values: {'/mission/vision': arguments[2]}}))",
        rel,
        version,
        "Typed just before the browser closed.",
    )
    driver.refresh()
    wait(driver, ec.presence_of_element_located((By.ID, "section-form")))
    saved(driver)
    assert "Typed just before the browser closed." in (folder / rel).read_text(encoding="utf-8")
    assert (
        driver.find_element(By.ID, "f-mission-vision")
        .get_attribute("value")
        .startswith("Typed just")
    )
    assert driver.execute_script("return localStorage.length") == 0


def test_review_and_history_pages_are_accessible(session: tuple[Any, str, Path, Path]) -> None:
    driver, base, _folder, _downloads = session
    for page in (
        "/review/aurora-vista-elementary/plan.yaml",
        "/history/aurora-vista-elementary/plan.yaml",
    ):
        driver.get(base + page)
        wait(driver, ec.presence_of_element_located((By.ID, "main")))
        no_critical_problems(driver)
    assert "Saved" in driver.page_source


def _downloaded(folder: Path, suffix: str, seconds: float = 30) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.name.endswith(suffix)]
        if done and not any(p.suffix == ".crdownload" for p in folder.iterdir()):
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} was downloaded: {sorted(p.name for p in folder.iterdir())}")


def test_a_school_operational_plan_lever_is_saved_as_it_is_typed(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A Massachusetts empowerment-zone school opens its operational plan, rewrites a lever
    and finds it saved in the file (the rest of the file as it was)."""
    from .browser import copy_examples

    root = tmp_path_factory.mktemp("sop")
    folder = copy_examples(root / "workspace")
    rel = "massachusetts/empowerment-zone/schools/canal-street/operational-plan.yaml"
    plan = folder / rel
    before = plan.read_text(encoding="utf-8")
    with server(folder) as url, chrome(root) as driver:
        base = url.split("/?")[0]
        driver.get(url)
        driver.find_element(By.PARTIAL_LINK_TEXT, "Canal Street Middle School").click()
        wait(driver, ec.presence_of_element_located((By.ID, "section-form")))
        assert "School operational plan" in driver.find_element(By.CLASS_NAME, "path").text
        section(driver, "levers")
        box = wait(
            driver,
            ec.element_to_be_clickable((By.ID, "f-levers-professional_development")),
        )
        assert box.get_attribute("value").startswith("Teachers spend the Thursday")
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(
            "The Teacher Leadership Team plans every professional development day.",
            Keys.ENTER,
            Keys.ENTER,
            "Grade teams meet on Thursdays.",
        )
        saved(driver)
        text = plan.read_text(encoding="utf-8")
        assert (
            "  professional_development: |\n"
            "    The Teacher Leadership Team plans every professional development day.\n"
            "\n"
            "    Grade teams meet on Thursdays.\n"
        ) in text
        lever = "  professional_development: |"
        assert text[: text.index(lever)] == before[: before.index(lever)]
        assert text[text.index("\ngoals:") :] == before[before.index("\ngoals:") :]
        no_critical_problems(driver)
        driver.get(f"{base}/edit/{rel}?section=levers")
        box = wait(
            driver, ec.presence_of_element_located((By.ID, "f-levers-professional_development"))
        )
        assert box.get_attribute("value").startswith("The Teacher Leadership Team plans every")
        driver.get(f"{base}/zone/massachusetts/empowerment-zone/zone.yaml")
        wait(driver, ec.presence_of_element_located((By.ID, "agreement")))
        assert "Memorandum of understanding" in driver.find_element(By.ID, "agreement").text
        no_critical_problems(driver)


def test_a_massachusetts_operational_plan_from_the_new_plan_page(
    session: tuple[Any, str, Path, Path],
) -> None:
    driver, base, folder, _downloads = session
    driver.get(base + "/new")
    wait(driver, ec.element_to_be_clickable((By.ID, "starter-sop")))
    no_critical_problems(driver)
    legend = driver.find_element(By.CSS_SELECTOR, "fieldset.starters > legend")
    assert legend.text == "What do you want to start?"
    school = driver.find_element(By.ID, "school")
    # a zone needs no school name: the field goes while a zone is chosen, and comes back
    driver.find_element(By.CSS_SELECTOR, 'label[for="starter-zone-ma"]').click()
    wait(driver, lambda d: not school.is_displayed())
    no_critical_problems(driver)
    driver.find_element(By.CSS_SELECTOR, 'label[for="starter-sop"]').click()
    assert driver.find_element(By.ID, "starter-sop").is_selected()
    wait(driver, lambda d: school.is_displayed())
    school.send_keys("Canal Street Middle School")
    driver.find_element(By.ID, "folder").send_keys("Harlow Zone/schools/Canal Street")
    driver.find_element(By.CSS_SELECTOR, '#new-form button[type="submit"]').click()
    form = wait(driver, ec.presence_of_element_located((By.ID, "section-form")))
    rel = "harlow-zone/schools/canal-street/operational-plan.yaml"
    assert driver.current_url.split("?")[0] == f"{base}/edit/{rel}"
    assert form.get_attribute("data-file") == rel
    notice = driver.find_element(By.CSS_SELECTOR, ".notice.ok").text
    assert notice.startswith("Your school operational plan was created from the starter.")
    assert "Teacher Leadership Team" in driver.find_element(By.CSS_SELECTOR, ".sections").text
    assert driver.find_element(By.ID, "f-school-name").get_attribute("value") == (
        "Canal Street Middle School"
    )
    text = (folder / rel).read_text(encoding="utf-8")
    assert "kind: school_operational_plan" in text
    assert "jurisdiction: MA" in text
    no_critical_problems(driver)

    # the same choice again refuses, and the file is untouched
    driver.get(base + "/new?starter=sop")
    wait(driver, ec.element_to_be_clickable((By.ID, "school"))).send_keys("Canal Street")
    driver.find_element(By.ID, "folder").send_keys("harlow-zone/schools/canal-street")
    driver.find_element(By.ID, "folder").send_keys(Keys.ENTER)
    alert = wait(driver, ec.presence_of_element_located((By.CSS_SELECTOR, '[role="alert"]')))
    assert "already exists" in alert.text
    assert (folder / rel).read_text(encoding="utf-8") == text
    no_critical_problems(driver)
