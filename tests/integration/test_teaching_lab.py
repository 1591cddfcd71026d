"""The teaching notebook in JupyterLab, in Chromium at 1366×768 with the file browser open: the
questions' feedback stays readable (no column a word wide) and the check keeps one score."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import browser as br
import pytest

from hccrebuild import paths

pytestmark = pytest.mark.integration

#: Narrowest a block of feedback may be, in CSS px (a word-wide column was about 60 px).
MIN_FEEDBACK_PX = 200


@pytest.fixture
def lab(tmp_path):
    """JupyterLab on a free localhost port, serving a copy of the teaching notebook; its URL."""
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(paths.ROOT / "notebooks" / "teaching.ipynb", root / "notebooks")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "PYTHONPATH": str(paths.ROOT / "src"),
        "JUPYTER_CONFIG_PATH": str(paths.ROOT / "tools" / "jupyter"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "run"),
        "JUPYTER_TOKEN": "pytest-token",
    }
    jupyter = Path(sys.executable).parent / "jupyter"
    args = [str(jupyter), "lab", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}"]
    args += ["--no-browser", f"--ServerApp.root_dir={root}"]
    if os.getuid() == 0:
        args.append("--allow-root")
    proc = subprocess.Popen(
        args,
        env=env,
        stdout=(tmp_path / "lab.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(120):
            try:
                url = f"http://127.0.0.1:{port}/api/contents/notebooks?token=pytest-token"
                json.load(urllib.request.urlopen(url, timeout=2))
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer on localhost")
        yield f"http://127.0.0.1:{port}/lab/tree/notebooks/teaching.ipynb?token=pytest-token"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_the_questions_hold_at_1366_px_with_the_sidebar_open(chromium, lab, tmp_path):
    page = chromium.new_page(viewport={"width": 1366, "height": 768})
    try:
        page.goto(lab)
        page.wait_for_selector(".jp-Notebook", timeout=60000)
        if not page.locator(".jp-FileBrowser").is_visible():
            page.locator('[data-id="filebrowser"]').click()
        # Run All before the notebook's session has its kernel asks which kernel to start (a person
        # is slower than this): wait for the kernel, and take the one the notebook names if asked
        page.wait_for_function(  # the status bar: "Python (hccrebuild) | Idle"
            "() => document.body.innerText.includes('| Idle')", timeout=90000
        )
        page.get_by_text("Run", exact=True).first.click()
        page.get_by_text("Run All Cells", exact=True).first.click()
        select = page.locator(".jp-Dialog button.jp-mod-accept")
        check = page.locator('button.jupyter-button:has-text("Check my answers")')
        try:
            # the kernel dialog, if any (none when the kernel was ready), or else the questions
            select.or_(check).first.wait_for(timeout=120000)
            if select.is_visible():
                select.click()
            check.wait_for(timeout=120000)
        except Exception:
            shot = paths.ROOT / "build" / "screenshots" / "teaching-lab-timeout.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot))
            log = (tmp_path / "lab.log").read_text(encoding="utf-8", errors="replace")[-2000:]
            pytest.fail(
                f"the questions never appeared (screenshot {shot}); JupyterLab's log:\n{log}"
            )
        box = page.locator(".widget-text input").first
        box.fill("1150")
        box.press("Enter")
        check.click()
        page.get_by_text("Score:").first.wait_for(timeout=30000)
        assert page.locator(".jp-FileBrowser").is_visible()
        widths = page.evaluate(
            """() => [...document.querySelectorAll('.jp-OutputArea .widget-html')]
                .filter(e => e.offsetParent && e.innerText.length > 40)
                .map(e => e.getBoundingClientRect().width)"""
        )
        br.screenshot(page, "teaching-lab-1366")  # kept in build/screenshots, to look at
        assert len(widths) > 20, widths
        assert min(widths) >= MIN_FEEDBACK_PX, sorted(widths)[:5]
        text = page.locator(".jp-OutputArea").all_inner_texts()
        assert any("sum of products" in t for t in text)
    finally:
        page.close()
