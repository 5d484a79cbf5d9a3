"""A real browser: JupyterLab in Debian's Chromium, driven by Playwright, as a researcher uses it.

- ``03_sentiment_and_stance`` run from the menu shows its charts inline.
- ``04_explore`` at 1,280 and 1,920 px: every chart image is shown at its own aspect ratio and
  nothing of it is cut off; changing the outlet filter redraws the heatmap; the dates typed are
  the dates the summary reports and the statements listed fall within them (both ends
  included). The corpus includes an article whose text carries ``<script>`` and
  ``<img onerror=…>``: it must show up as text, and no dialog may fire.
- Running a notebook and saving it leaves ``git status`` clean (the filter ``make setup``
  installs strips what JupyterLab saved; the .py twin is unchanged).

Screenshots go to ``tests/output/browser/``. Chromium runs with a fresh profile and the flags
below; JupyterLab, started by the test as root, is stopped by its process id.
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
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers import paths

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "output" / "browser"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

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


def _environment(tmp_path: Path) -> dict:
    """The lab's environment: the analysis reads and writes under tmp_path, Jupyter's own
    configuration and state too; the kernel draws inline, as it would for anyone."""
    articles = tmp_path / "articles"
    articles.mkdir(exist_ok=True)
    (articles / "hostile.txt").write_text(HOSTILE_ARTICLE)
    (articles / "manifest.csv").write_text("file,outlet,published,author,title,url\n"
                                           "hostile.txt,Test Outlet,2009-01-05,,Galloway's script test,\n")
    env = dict(os.environ, HELPERS_ARTICLES_DIR=str(articles), HELPERS_PROCESSED_DIR=str(tmp_path / "store"),
               HELPERS_EXPORTS_DIR=str(tmp_path / "exports"),
               HELPERS_CORRECTIONS_FILE=str(tmp_path / "corrections.csv"),
               JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"), JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "lab-settings"))
    env.pop("MPLBACKEND", None)
    return env


@contextmanager
def jupyter_lab(root: Path, tmp_path: Path):
    """JupyterLab serving ``root``; yields its URL, and stops it (by its process id) afterwards."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's Chromium is missing: `make test` installs it with apt-get install -y chromium")
    port = _free_port()
    jupyter = Path(sys.executable).with_name("jupyter")
    process = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", "--allow-root", "--ip", "127.0.0.1", "--port", str(port),
         "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=", "--ServerApp.disable_check_xsrf=True"],
        env=_environment(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_for_server(f"http://127.0.0.1:{port}/api", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture
def lab(tmp_path):
    """JupyterLab on a copy of the notebooks."""
    root = tmp_path / "lab"
    shutil.copytree(paths.NOTEBOOKS_DIR, root, ignore=shutil.ignore_patterns("*.py", ".ipynb_checkpoints"))
    with jupyter_lab(root, tmp_path) as url:
        yield url


@contextmanager
def chromium(tmp_path: Path, width: int, height: int = 1000):
    """A page in Debian's Chromium with a fresh profile (never a browser Playwright downloads)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / f"chromium-profile-{width}"), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_FLAGS, viewport={"width": width, "height": height})
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def _open_and_run_all(page, url: str, notebook: str) -> None:
    page.goto(f"{url}/lab/tree/{notebook}", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
    page.get_by_text(re.compile(r"\| Idle")).first.wait_for(timeout=90_000)  # the kernel is connected
    news = page.get_by_role("button", name="No", exact=True)
    if news.count():
        news.first.click()                                                 # "notified about Jupyter news?"
    page.locator(".jp-NotebookPanel .jp-Cell").first.click()              # the notebook has focus
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def _wait_until_every_cell_ran(page, timeout: float = 240_000) -> None:
    page.wait_for_function(
        "() => { const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];"
        " return prompts.length && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)); }", timeout=timeout)


_IMAGE_GEOMETRY = """img => {
    const r = img.getBoundingClientRect();
    const clippers = [];
    for (let e = img.parentElement; e && e !== document.body; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.overflowX !== 'visible') {
            const b = e.getBoundingClientRect();
            clippers.push({cls: e.className, left: b.left, right: b.right, scroll: e.scrollWidth, client: e.clientWidth});
        }
    }
    return {complete: img.complete, natural: [img.naturalWidth, img.naturalHeight], shown: [r.width, r.height],
            left: r.left, right: r.right, viewport: window.innerWidth, clippers: clippers,
            visible: getComputedStyle(img).visibility === 'visible' && r.width > 0 && r.height > 0};
}"""


def _image_geometry(image) -> dict:
    image.scroll_into_view_if_needed()
    return image.evaluate(_IMAGE_GEOMETRY)


def _assert_shown_whole_at_its_aspect(geometry: dict, what: str) -> None:
    (natural_w, natural_h), (shown_w, shown_h) = geometry["natural"], geometry["shown"]
    assert geometry["complete"] and natural_w > 0 and geometry["visible"], f"{what}: not shown"
    assert shown_w / shown_h == pytest.approx(natural_w / natural_h, rel=0.015), f"{what}: stretched or squeezed"
    assert geometry["left"] >= -1 and geometry["right"] <= geometry["viewport"] + 1, f"{what}: off the window"
    for box in geometry["clippers"]:  # (whatever could cut it off holds it whole, with no sideways scrolling)
        assert box["left"] - 1 <= geometry["left"] and geometry["right"] <= box["right"] + 1, f"{what}: cut off by {box}"
        assert box["scroll"] <= box["client"] + 1, f"{what}: {box['cls']} scrolls sideways"


def test_notebook_03_shows_its_charts_inline(lab, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium(tmp_path, 1500) as page:
        _open_and_run_all(page, lab, "03_sentiment_and_stance.ipynb")
        _wait_until_every_cell_ran(page)
        images = page.locator(".jp-NotebookPanel .jp-OutputArea-output img")
        page.wait_for_function("() => document.querySelectorAll('.jp-OutputArea-output img').length >= 4",
                               timeout=60_000)
        assert images.count() >= 4  # heatmap, outlets, over time, TextBlob vs VADER
        for i in range(images.count()):
            geometry = _image_geometry(images.nth(i))
            assert geometry["visible"] and geometry["natural"][0] > 200, f"chart {i} is not visible"
            if i == 0:
                page.screenshot(path=str(SCREENSHOTS / "10_notebook03_heatmap.png"))
        images.nth(2).scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "11_notebook03_over_time.png"))
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert not [e for e in errors.all_inner_texts() if "Traceback" in e]


def _dashboard(page):
    page.wait_for_selector(".workbench-dashboard table.summary", timeout=180_000)
    return page.locator(".workbench-dashboard")


def _summary_text(page) -> str:
    return page.locator(".workbench-dashboard .view-description").inner_text()


def _wait_for_summary_change(page, before: str) -> str:
    page.wait_for_function(
        "before => { const p = document.querySelector('.workbench-dashboard .view-description');"
        " return p && p.innerText !== before; }", arg=before, timeout=60_000)
    return _summary_text(page)


def _check_charts(page, dashboard, label: str) -> dict[str, str]:
    """Each chart shown whole at its aspect; returns each chart's image source (what it shows)."""
    sources = {}
    for name in ("heatmap", "timeline"):
        image = dashboard.locator(f".chart-{name}")
        _assert_shown_whole_at_its_aspect(_image_geometry(image), f"{name} ({label})")
        sources[name] = image.get_attribute("src")
    dashboard.locator(".chart-heatmap").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"{label}.png"))
    return sources


@pytest.mark.parametrize("width", [1280, 1920])
def test_explore_dashboard_fits_the_window_and_follows_its_filters(lab, tmp_path, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dialogs: list[str] = []
    with chromium(tmp_path, width) as page:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        _open_and_run_all(page, lab, "04_explore.ipynb")
        try:
            dashboard = _dashboard(page)
        except Exception:
            page.screenshot(path=str(SCREENSHOTS / f"00_failed_to_render_{width}.png"), full_page=True)
            raise
        outlets = dashboard.locator(".widget-select-multiple",
                                    has=page.locator("label", has_text="Outlets")).locator("select")
        assert outlets.count() == 1
        for label in ("Speakers", "Targets", "Types", "Who"):
            assert dashboard.locator(".widget-select-multiple", has=page.locator("label", has_text=label)).count() == 1
        who = dashboard.locator(".widget-select-multiple", has=page.locator("label", has_text="Who")).locator("option")
        assert "commenters" in who.all_inner_texts()
        assert dashboard.locator(".date-from input").get_attribute("placeholder") == "2009-01-05"
        all_outlets = _check_charts(page, dashboard, f"{width}_01_all_outlets")
        before = _summary_text(page)
        assert "quoted speakers" in before and "6 articles" not in before  # (the corpus here has 7 records)
        assert re.search(r"\b7 articles \(\d+ with statements shown\)", before)

        outlets.select_option(label="IBTimes UK")
        after = _wait_for_summary_change(page, before)
        assert "outlets: IBTimes UK" in after
        ibtimes = _check_charts(page, dashboard, f"{width}_02_ibtimes")
        assert ibtimes["heatmap"] != all_outlets["heatmap"]  # the heatmap follows the outlet filter

        outlets.select_option(label="New Statesman")
        before = _wait_for_summary_change(page, after)
        dashboard.locator(".date-from input").fill("2013-04-01")
        dashboard.locator(".date-from input").press("Enter")
        before = _wait_for_summary_change(page, before)
        dashboard.locator(".date-to input").fill("22/04/2013")  # (a UK date: read day-first, shown as ISO)
        dashboard.locator(".date-to input").press("Enter")
        page.wait_for_function("() => document.querySelector('.workbench-dashboard .view-description')"
                               ".innerText.includes('2013-04-22')", timeout=60_000)
        dated = _summary_text(page)
        assert "2013-04-01 to 2013-04-22 (both included)" in dated
        assert dashboard.locator(".date-to input").input_value() == "2013-04-22"
        evidence = dashboard.locator("table.evidence tbody tr td:nth-child(3)").all_inner_texts()
        assert evidence and all("2013-04-01" <= day <= "2013-04-22" for day in evidence)
        assert "2013-04-22" in evidence  # (the New Statesman article, dated the last day: included)
        _check_charts(page, dashboard, f"{width}_03_new_statesman_april_2013")

        if width == 1280:
            dashboard.locator(".date-from input").fill("")
            dashboard.locator(".date-from input").press("Enter")
            dashboard.locator(".date-to input").fill("")
            dashboard.locator(".date-to input").press("Enter")
            outlets.select_option(label="Test Outlet")
            page.wait_for_function(
                "() => { const t = document.querySelector('.workbench-dashboard table.evidence');"
                " return t && t.innerText.includes('Test Outlet'); }", timeout=60_000)
            evidence_text = dashboard.locator("table.evidence").inner_text().replace("\xa0", " ")
            assert "<script>alert('xss')</script>" in evidence_text   # shown as text, not run
            assert "onerror=alert(1)" in evidence_text
            assert dashboard.locator("script").count() == 0 and dashboard.locator("img[onerror]").count() == 0
            dashboard.locator("table.evidence").scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / f"{width}_04_escaped_article.png"))
    assert dialogs == [], f"a dialog fired: {dialogs}"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def clone(tmp_path) -> Path:
    """A repository holding the notebooks as committed, with the git filter `make setup` defines."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("notebooks", "tools"):
        shutil.copytree(paths.PROJECT_ROOT / name, repo / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for name in ("Makefile", ".gitattributes", ".gitignore", "jupytext.toml"):
        shutil.copy2(paths.PROJECT_ROOT / name, repo / name)
    (repo / ".venv").symlink_to(Path(sys.prefix))  # (the filter runs .venv/bin/python, as in a work tree)
    _git(repo, "init", "-q")
    (repo / ".git" / "info" / "exclude").write_text(".venv\n")
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "config", "user.name", "test")
    subprocess.run(["make", "--no-print-directory", "git-filter"], cwd=repo, check=True, capture_output=True)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "notebooks as committed")
    assert _git(repo, "status", "--porcelain") == ""
    return repo


def test_running_and_saving_a_notebook_in_jupyterlab_leaves_git_status_clean(clone, tmp_path):
    hook = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.json"
    assert "helpers.notebook_clean.pre_save" in hook.read_text(), "run `make setup`: it installs the save hook"
    notebook = clone / "notebooks" / "03_sentiment_and_stance.ipynb"
    committed, twin, saved_at = notebook.read_text(), notebook.with_suffix(".py").read_text(), notebook.stat().st_mtime_ns
    with jupyter_lab(clone, tmp_path) as url, chromium(tmp_path, 1500) as page:
        _open_and_run_all(page, url, "notebooks/03_sentiment_and_stance.ipynb")
        _wait_until_every_cell_ran(page)
        page.locator(".jp-NotebookPanel .jp-Cell").first.click()
        page.wait_for_selector(".lm-TabBar-tab.jp-mod-dirty", timeout=30_000)  # (run, not yet saved)
        page.keyboard.press("Control+s")
        page.wait_for_selector(".lm-TabBar-tab.jp-mod-dirty", state="detached", timeout=60_000)
        deadline = time.monotonic() + 30
        while notebook.stat().st_mtime_ns == saved_at:
            assert time.monotonic() < deadline, "JupyterLab did not save the notebook"
            time.sleep(0.25)  # (the save is under way)
        assert page.locator(".jp-OutputArea-output img").count() >= 4  # (the charts stay on screen)
        page.screenshot(path=str(SCREENSHOTS / "20_saved_notebook03.png"))
    assert notebook.read_text() == committed and notebook.with_suffix(".py").read_text() == twin
    assert _git(clone, "status", "--porcelain") == ""


def test_a_notebook_outside_the_repository_is_saved_with_its_outputs(tmp_path):
    from helpers import notebook_clean

    class Manager:
        root_dir = str(tmp_path)

    model = {"type": "notebook", "content": {"cells": [{"cell_type": "code", "execution_count": 3, "id": "a",
                                                        "metadata": {}, "source": "1 + 1", "outputs": [
                                                            {"output_type": "execute_result", "execution_count": 3,
                                                             "data": {"text/plain": "2"}, "metadata": {}}]}],
                                             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}}
    notebook_clean.pre_save(model, "scratch.ipynb", Manager())
    assert model["content"]["cells"][0]["outputs"]  # (not a notebook git keeps clean: left as it is)
