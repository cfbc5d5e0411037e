"""Take the screenshots in docs/guide/img/ for docs/guide/web.md (not a test).

    .venv/bin/python tests/web/make_screenshots.py [OUTDIR]

Starts `planforge serve` on a copy of examples/ and walks the pages a school team and an
authorizer use, in Debian's chromium (see tests/web/browser.py).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import chrome, copy_examples, server
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
WIDTH = 1360


def shot(
    driver: Any, outdir: Path, name: str, height: int = 900, element: str | None = None
) -> None:
    driver.set_window_size(WIDTH, height)
    time.sleep(0.4)
    if element:
        driver.execute_script(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", element
        )
        time.sleep(0.2)
    driver.save_screenshot(str(outdir / f"{name}.png"))
    print("wrote", outdir / f"{name}.png")


def saved(driver: Any) -> None:
    WebDriverWait(driver, 20).until(
        lambda d: "All changes saved" in d.find_element(By.ID, "save-status").text
    )


def main() -> None:
    outdir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "guide" / "img"
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = copy_examples(Path(tmp) / "examples")
        with server(folder) as url, chrome(Path(tmp)) as driver:
            base = url.split("/?")[0]
            driver.get(url)
            shot(driver, outdir, "home", 1000)

            driver.get(base + "/new")
            driver.find_element(By.ID, "school").send_keys("Aurora Vista Elementary")
            shot(driver, outdir, "new-plan", 1230)
            driver.find_element(By.ID, "school").send_keys(Keys.ENTER)
            WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "section-form"))
            shot(driver, outdir, "editor-school", 1000)

            driver.get(base + "/edit/aurora-vista-elementary/plan.yaml?section=curriculum")
            box = driver.find_element(By.ID, "f-levers-curriculum-current_practice")
            box.click()
            box.send_keys("Every grade uses the district's adopted reading program.")
            saved(driver)
            shot(driver, outdir, "editor-typing", 900)

            driver.get(base + "/edit/draft/plan.yaml?section=waivers")
            driver.execute_script(
                "document.getElementById('f-waivers-2').scrollIntoView({block: 'start'})"
            )
            shot(driver, outdir, "editor-waivers", 1000)

            driver.get(base + "/edit/draft/plan.yaml?section=calendar")
            shot(
                driver,
                outdir,
                "editor-calendar",
                1000,
                "#f-levers-schedule-bell_schedules-0-blocks",
            )

            driver.get(base + "/review/draft/plan.yaml")
            shot(driver, outdir, "review", 1150)

            driver.get(base + "/documents/draft/plan.yaml")
            shot(driver, outdir, "documents", 760)

            driver.get(base + "/compare/renewal/plan-2026.yaml?with=f:renewal/plan-2023.yaml")
            shot(driver, outdir, "compare", 1100, ".diff")

            driver.get(base + "/history/aurora-vista-elementary/plan.yaml")
            shot(driver, outdir, "history", 620)

            driver.get(base + "/zone/confluence-zone/zone.yaml")
            shot(driver, outdir, "zone", 900)
            driver.find_element(By.CSS_SELECTOR, 'form[action^="/build/"] button').click()
            WebDriverWait(driver, 120).until(lambda d: "The packet is ready" in d.page_source)
            shot(driver, outdir, "packet", 900)

            # Massachusetts: an empowerment-zone school's operational plan
            sop = "massachusetts/empowerment-zone/schools/canal-street/operational-plan.yaml"
            driver.get(f"{base}/edit/{sop}?section=levers")
            shot(driver, outdir, "editor-sop", 1000)

            # a conflict: the file changes on disk while the page is open
            driver.get(base + "/edit/standalone/plan.yaml?section=mission")
            plan = folder / "standalone" / "plan.yaml"
            plan.write_text(plan.read_text(encoding="utf-8").replace(
                "enrollment: ", "enrollment: 1"), encoding="utf-8")  # fmt: skip
            field = driver.find_element(By.ID, "f-mission-vision")
            field.send_keys(Keys.CONTROL, "a")
            field.send_keys("Every child bilingual, biliterate and bicultural.")
            WebDriverWait(driver, 20).until(
                lambda d: d.find_element(By.ID, "conflict-dialog").get_attribute("open")
            )
            shot(driver, outdir, "conflict", 800)


if __name__ == "__main__":
    main()
