"""The endpoint's HTML query page in headless Chromium: pick a packaged query, run it, read the table."""

from __future__ import annotations

import pytest

from il7onto.sparql.catalog import catalog
from il7onto.sparql.engine import OxigraphBackend

from servers import browser_missing, example_params, headless_chromium, il7onto_endpoint


@pytest.fixture(scope="module")
def endpoint():
    with il7onto_endpoint(timeout=30, max_workers=2) as origin:
        yield origin + "/sparql"


@pytest.mark.slow
@pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))
def test_query_page_runs_a_packaged_query(endpoint, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    name = next(n for n, d in sorted(catalog().items()) if not example_params(d))  # needs no parameter
    expected = OxigraphBackend().select(catalog()[name].bind({}))
    driver = headless_chromium(tmp_path)
    try:
        driver.get(endpoint)  # a browser's Accept asks for HTML
        Select(driver.find_element(By.ID, "example")).select_by_value(name)
        assert driver.find_element(By.ID, "query").get_attribute("value") == catalog()[name].bind({})
        driver.find_element(By.ID, "run").click()
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#result-table tbody tr")
                                        or "error" in d.find_element(By.ID, "status").get_attribute("class"))
        headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#result-table thead th")]
        rows = driver.find_elements(By.CSS_SELECTOR, "#result-table tbody tr")
        assert headers == list(expected.variables)
        assert len(rows) == len(expected) > 0
        assert driver.find_element(By.ID, "status").text == f"{len(expected)} result(s)"
        assert not [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        driver.quit()
