"""A real browser: JupyterLab in Debian's Chromium, driven by Playwright.

Opens ``04_explore.ipynb``, runs all cells, checks that the filter widgets render, changes the
outlet filter and checks that the summary follows. The corpus includes an article whose text
carries ``<script>`` and ``<img onerror=…>``: it must show up as text, and no dialog may fire.
Screenshots go to ``tests/output/browser/``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import paths

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "output" / "browser"

pytestmark = pytest.mark.browser

HOSTILE_ARTICLE = """Galloway's script test

George Galloway said: "<script>alert('xss')</script> Labour must listen <img src=x onerror=alert(1)> to its members."

The article ends here.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)  # polling a server that is starting up, not waiting on test logic
    raise TimeoutError(f"jupyter lab did not answer at {url}")


@pytest.fixture
def lab(tmp_path):
    if not CHROMIUM.exists():
        pytest.fail("Debian's Chromium is missing: `make test` installs it with apt-get install -y chromium")
    root = tmp_path / "lab"
    shutil.copytree(paths.NOTEBOOKS_DIR, root, ignore=shutil.ignore_patterns("*.py", ".ipynb_checkpoints"))
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "hostile.txt").write_text(HOSTILE_ARTICLE)
    (articles / "manifest.csv").write_text("file,outlet,published,author,title,url\n"
                                           "hostile.txt,Test Outlet,2009-01-05,,Galloway's script test,\n")
    env = dict(os.environ, HELPERS_ARTICLES_DIR=str(articles), HELPERS_PROCESSED_DIR=str(tmp_path / "store"),
               HELPERS_EXPORTS_DIR=str(tmp_path / "exports"), HELPERS_CORRECTIONS_FILE=str(tmp_path / "corrections.csv"),
               JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"), JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    port = _free_port()
    jupyter = Path(sys.executable).with_name("jupyter")
    process = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", "--allow-root", "--ip", "127.0.0.1", "--port", str(port),
         "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=", "--ServerApp.disable_check_xsrf=True"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_for_server(f"http://127.0.0.1:{port}/api", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def test_explore_dashboard_in_a_real_browser(lab):
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
            "--no-first-run", "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{lab}/lab/tree/04_explore.ipynb", wait_until="domcontentloaded")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
        page.get_by_text(re.compile(r"\| Idle")).first.wait_for(timeout=90_000)  # the kernel is connected
        news = page.get_by_role("button", name="No", exact=True)
        if news.count():
            news.first.click()                                                 # "notified about Jupyter news?"
        page.locator(".jp-NotebookPanel .jp-Cell").first.click()              # the notebook has focus
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_selector(".workbench-dashboard", timeout=180_000)
        except Exception:
            page.screenshot(path=str(SCREENSHOTS / "00_failed_to_render.png"), full_page=True)
            raise
        dashboard = page.locator(".workbench-dashboard")
        outlets = dashboard.locator(".widget-select-multiple", has=page.locator("label", has_text="Outlets")).locator("select")
        assert outlets.count() == 1
        for label in ("Speakers", "Targets", "Types"):
            assert dashboard.locator(".widget-select-multiple", has=page.locator("label", has_text=label)).count() == 1
        assert dashboard.locator("input[type='date']").count() == 2
        page.wait_for_selector(".workbench-dashboard table.summary", timeout=60_000)
        summary = dashboard.locator(".widget-html").filter(has=page.locator("table.summary")).first
        before = summary.inner_text()
        page.screenshot(path=str(SCREENSHOTS / "01_dashboard_all_outlets.png"), full_page=True)

        outlets.select_option(label="IBTimes UK")
        page.wait_for_function(
            "before => { const t = document.querySelector('.workbench-dashboard table.summary');"
            " return t && t.closest('.widget-html').innerText !== before; }", arg=before, timeout=60_000)
        after = summary.inner_text()
        assert after != before and "outlets: IBTimes UK" in after
        page.screenshot(path=str(SCREENSHOTS / "02_dashboard_ibtimes.png"), full_page=True)
        dashboard.locator(".widget-image").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "02b_dashboard_ibtimes_charts.png"))

        outlets.select_option(label="Test Outlet")
        page.wait_for_function(
            "() => { const t = document.querySelector('.workbench-dashboard table.evidence');"
            " return t && t.innerText.includes('Test Outlet'); }", timeout=60_000)
        evidence_text = dashboard.locator("table.evidence").inner_text().replace("\xa0", " ")
        assert "<script>alert('xss')</script>" in evidence_text   # shown as text, not run
        assert "onerror=alert(1)" in evidence_text
        assert dashboard.locator("script").count() == 0 and dashboard.locator("img[onerror]").count() == 0
        page.screenshot(path=str(SCREENSHOTS / "03_dashboard_escaped_article.png"), full_page=True)
        browser.close()
    assert dialogs == [], f"a dialog fired: {dialogs}"
