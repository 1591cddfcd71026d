"""The build as a user runs it: `make report` in a scratch copy, failures included."""

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pdfs
import pytest

from hccrebuild import data, paths
from scratch import MAKE_ENV, copy_project, make


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_report_has_both_tables_and_every_row_label(cold_build):
    project = cold_build
    html = (project / "report" / "report.html").read_text(encoding="utf-8")
    assert 'id="tbl-trials"' in html and 'id="tbl-cases"' in html
    text = " ".join(pdfs.pages_text(project / "report" / "report.pdf"))
    for label in {c["label"] for c in data.read("published_table1").to_dict("records")}:
        words = re.sub(r"\s+", " ", label)
        assert words in text or words.replace(" ", "") in text.replace(" ", ""), label
    for name in ("tbl-trials.csv", "tbl-trials.cells.csv", "tbl-cases.csv", "tbl-cases.cells.csv"):
        assert (project / "report" / "tables" / name).stat().st_size > 0


def test_html_loads_nothing_from_outside(cold_build):
    project = cold_build
    html = (project / "report" / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert "@import" not in html
    # the one script is the ledger's filter, inline; nothing is loaded by reference
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", html, re.I)
    assert not re.search(r"<link\b[^>]*\bhref\s*=", html, re.I)
    assert html.lower().count("<script") == 1 and "ledger-filter" in html


def test_marked_cells_show_the_printed_value_in_a_footnote(cold_build):
    project = cold_build
    html = (project / "report" / "report.html").read_text(encoding="utf-8")
    cell = re.search(
        r'<td ([^>]*)id="table1-pd-sharp-sorafenib"([^>]*)>'
        r'<a class="ledger-link" href="#ledger-table1-pd-sharp-sorafenib"[^>]*>54 \(18\.1\)</a>'
        r'<sup class="mark"><a href="#(tbl-trials-fn\d+)">',
        html,
    )
    assert cell, "the SHARP progressive-disease cell should be marked and link to its ledger entry"
    attributes = set(re.findall(r'[\w-]+="[^"]*"', cell.group(1) + cell.group(2)))
    assert attributes == {
        'class="discrepancy"',
        'data-finding="pd-percent-sharp-sorafenib"',
        'data-value="table1-pd-sharp-sorafenib"',
    }, attributes
    note = re.search(rf'<li id="{cell.group(3)}">(.*?)</li>', html, re.S).group(1)
    assert "<q>54 (18.6)</q>" in note
    row = re.search(r'<tr ([^>]*)id="ledger-table1-pd-sharp-sorafenib"[^>]*>', html)
    assert (
        row
        and 'class="discrepancy"' in row.group(0)
        and 'data-status="discrepancy"' in row.group(0)
    )


def test_a_copy_never_refreshes_the_environment_it_borrows(built_copy):
    """A copy built with this checkout's environment (VENV=...) whose lock file looks newer than
    the environment: no set-up runs, and the editable install still points at this checkout.
    (And a page changed by hand is made again: an output is rebuilt unless it is the one the
    build wrote, by the one check every step shares; the page comes out as it was, so its PDF is
    not laid out again.)"""
    project = built_copy
    (project / "requirements.lock").touch()
    page = project / "report" / "report.html"
    written = page.read_bytes()
    page.write_bytes(written.replace(b"</body>", b"<p>changed by hand</p></body>"))
    proc = make(project, "report")
    assert "ran notebooks/" not in proc.stdout
    assert "wrote report/report.html" in proc.stdout and page.read_bytes() == written
    assert "wrote report/report.pdf" not in proc.stdout
    assert "Setting up" not in proc.stdout + proc.stderr
    site = Path(sys.prefix, "lib", f"python{sys.version_info[0]}.{sys.version_info[1]}")
    (pth,) = site.glob("site-packages/__editable__*hccrebuild*.pth")
    assert pth.read_text(encoding="utf-8").strip() == str(paths.ROOT / "src")


def test_second_run_does_nothing(built_copy):
    project = built_copy
    proc = make(project, "report")
    assert (
        "Setting up" not in proc.stdout and "ran " not in proc.stdout and "wrote" not in proc.stdout
    )


def test_bad_input_fails_clearly_and_keeps_the_previous_report(built_copy):
    project = built_copy
    before = {p.name: sha(p) for p in (project / "report").glob("report.*")}
    raw = project / "data" / "raw" / "trial_outcomes.csv"
    original = raw.read_text(encoding="utf-8")
    lines = [ln.split(",") for ln in original.splitlines()]
    drop = lines[0].index("unit")
    raw.write_text(
        "\n".join(",".join(p for i, p in enumerate(ln) if i != drop) for ln in lines) + "\n",
        encoding="utf-8",
    )
    try:
        proc = make(project, "report", check=False)
        again = make(project, "report", check=False)  # a failed validation is not taken as passed
    finally:
        raw.write_text(original, encoding="utf-8")
    for run in (proc, again):
        assert run.returncode == 2
        assert "data/raw/trial_outcomes.csv, field 'unit': column is missing" in run.stderr
    assert {p.name: sha(p) for p in (project / "report").glob("report.*")} == before
    # Input repaired: the build completes, with the same page (a rebuilt PDF's bytes: see the
    # killed-build test, whose interrupted build re-runs notebooks before publishing again).
    make(project, "report-html")
    assert sha(project / "report" / "report.html") == before["report.html"]


def output_hashes(project):
    """SHA-256 of every published output: report, tables, figures (with their data and captions)."""
    files = [*(project / "report").rglob("*"), *(project / "figures").rglob("*")]
    return {
        str(p.relative_to(project)): sha(p) for p in files if p.is_file() and p.name != ".gitignore"
    }


def _processes_of(project) -> list:
    """Processes still running with this project's package on their path: the build's Python
    and the kernels it started."""
    import psutil

    src, found = str(project / "src"), []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        try:
            if proc.environ().get("PYTHONPATH") == src:
                found.append((proc.pid, " ".join(proc.info["cmdline"] or [])))
        except psutil.Error:
            pass
    return found


def _drop_final_newline(path):
    """An edit of a data file's bytes that leaves its content as read (a CSV reader sees the same
    rows), so the products come out the same."""
    path.write_bytes(path.read_bytes().rstrip(b"\n"))


@pytest.fixture(scope="module")
def lesion_edits(cold_build, tmp_path_factory):
    """One private copy of the cold build through a run of lesion-size edits, each judged by a
    test below: a touch of the lesion sizes (`make report`), then an edit of their bytes, with
    `make report` interrupted while the notebooks it re-runs run, then `make report` again."""
    import signal
    import time

    project = tmp_path_factory.mktemp("lesions") / "proj"
    shutil.copytree(cold_build, project, symlinks=True)
    run = {"project": project, "pdf": (project / "report" / "report.pdf").read_bytes()}
    run["reports"] = {p.name: sha(p) for p in (project / "report").glob("report.*")}
    lesions = project / "data" / "raw" / "case_lesions.csv"
    lesions.touch()
    run["touched"] = make(project, "report").stdout

    _drop_final_newline(lesions)
    started = time.time()
    proc = subprocess.Popen(
        ["make", "-C", str(project), f"VENV={paths.ROOT / '.venv'}", "report"],
        env=MAKE_ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not [
        p for p in (project / "build").glob("*/nb/*.ipynb") if p.stat().st_mtime > started
    ]:
        time.sleep(0.1)
    time.sleep(0.5)  # inside the next notebook
    os.killpg(proc.pid, signal.SIGTERM)
    killed_out = proc.communicate(timeout=60)[0]
    run["killed_code"] = proc.returncode
    run["reports_after_kill"] = {p.name: sha(p) for p in (project / "report").glob("report.*")}
    # what the edit re-ran: the notebooks the interrupted build finished, then the rest
    run["edited"] = killed_out + make(project, "report").stdout
    run["left_running"] = _processes_of(project)
    run["pdf_after_edit"] = (project / "report" / "report.pdf").read_bytes()
    return run


def test_editing_case_data_reruns_only_what_reads_it_and_leaves_no_process(lesion_edits):
    """A touch changes nothing (staleness is by content). An edit of the lesion sizes' bytes
    re-runs validation and the notebooks that read them (the report notebook among them), not
    table1; every executed notebook comes out the same, so the page and the PDF are not
    rebuilt. When `make report` returns, no kernel it started is left (nor one of the build
    interrupted before it)."""
    run = lesion_edits
    assert "ran " not in run["touched"]
    out = run["edited"]
    ran = set(re.findall(r"ran notebooks/(\w+)\.ipynb", out))
    assert {"table2", "case_figures", "report"} <= ran and "table1" not in ran, out
    assert run["left_running"] == []
    assert "wrote " not in out
    assert run["pdf_after_edit"] == run["pdf"]


# Serial and parallel builds give the same bytes: tests/integration/test_notebooks_run.py runs every
# product notebook again, one at a time, and compares its files with this parallel (JOBS=2) build.


def test_killed_build_completes_on_the_next_run(lesion_edits, cold_build):
    """Interrupt `make report` while notebooks run; nothing half-written is left, and the next
    `make report` finishes with the same bytes as an uninterrupted build (the edit left the
    data's content as read: see `_drop_final_newline`)."""
    run = lesion_edits
    assert run["killed_code"] != 0, "the build finished before it could be interrupted"
    assert run["reports_after_kill"] == run["reports"]
    assert output_hashes(run["project"]) == output_hashes(cold_build)


def test_an_unexplained_discrepancy_fails_the_build_and_names_it(built_copy):
    """Change one printed percentage: the ledger finds a discrepancy the errata register does not explain."""
    project = built_copy
    before = {p.name: sha(p) for p in (project / "report").glob("report.*")}
    table1_csv = project / "data" / "published" / "table1.csv"
    original = table1_csv.read_text(encoding="utf-8")
    assert "sharp-sorafenib,7 (2.3)" in original
    table1_csv.write_text(
        original.replace("sharp-sorafenib,7 (2.3)", "sharp-sorafenib,7 (2.4)"), encoding="utf-8"
    )
    try:
        proc = make(project, "report", check=False)
    finally:
        table1_csv.write_text(original, encoding="utf-8")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "data/errata.csv disagree" in out and "failed in cell" not in out  # before any notebook
    # one n (%) cell is one check: the discrepancy is named once
    assert "unexplained discrepancy table1-pr-sharp-sorafenib" in out
    assert "grim-" not in out
    assert {p.name: sha(p) for p in (project / "report").glob("report.*")} == before


def test_a_preset_builds_its_own_report_and_leaves_the_default_alone(
    cold_build, presets_build, tmp_path
):
    """A preset's notebooks (built with every other preset's by the shared `make presets`) and
    its report (published here) go to folders of its own: every output of the cold build is as it
    was."""
    project, preset = tmp_path / "proj", "who"
    shutil.copytree(presets_build, project, symlinks=True)
    before = output_hashes(cold_build)
    make(project, "report-html", f"PARAMS=params/{preset}.yaml")  # the PDF: see the cold build
    after = output_hashes(project)
    assert {k: v for k, v in after.items() if k in before} == before
    html = (project / "report" / preset / "report.html").read_text(encoding="utf-8")
    assert f"<code>{preset}</code>" in html
    assert html != (project / "report" / "report.html").read_text(encoding="utf-8")


def test_lab_serves_the_notebooks_on_localhost(tmp_path):
    """`make lab` starts JupyterLab bound to 127.0.0.1, from a folder whose name has a space, and
    says where at once; the server lists the project's notebooks and does not offer to fetch the
    Jupyter news feed."""
    import json
    import socket
    import time
    import urllib.request

    project = copy_project(tmp_path / "lab project")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **MAKE_ENV,
        "JUPYTER_TOKEN": "pytest-token",
        "JUPYTER_CONFIG_DIR": str(tmp_path),
        "JUPYTER_RUNTIME_DIR": str(tmp_path),
    }
    log = tmp_path / "lab.log"
    proc = subprocess.Popen(
        ["make", "-C", str(project), f"VENV={paths.ROOT / '.venv'}", "lab", f"LAB_PORT={port}"],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        listing = None
        for _ in range(120):
            try:
                url = f"http://127.0.0.1:{port}/api/contents/notebooks?token=pytest-token"
                listing = json.load(urllib.request.urlopen(url, timeout=2))
                break
            except OSError:
                time.sleep(0.5)
        assert listing, "JupyterLab did not answer on localhost"
        names = {item["name"] for item in listing["content"]}
        assert {"table1.ipynb", "report.ipynb"} <= names
        # the address is printed while the server runs, not when it stops
        assert f"http://127.0.0.1:{port}/lab" in log.read_text(errors="replace")
        url = (
            f"http://127.0.0.1:{port}/lab/api/settings/"
            "@jupyterlab/apputils-extension:notification?token=pytest-token"
        )
        settings = json.load(urllib.request.urlopen(url, timeout=5))
        assert settings["schema"]["properties"]["fetchNews"]["default"] == "false"
    finally:
        import signal

        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_make_alone_lists_the_targets(tmp_path):
    project = copy_project(tmp_path / "proj")
    out = subprocess.run(
        ["make", "-C", str(project), f"VENV={paths.ROOT / '.venv'}"],
        capture_output=True,
        text=True,
        env=MAKE_ENV,
        check=True,
    ).stdout
    for target in ("report", "test", "slides", "lab", "bench", "clean"):
        assert re.search(rf"^  make {target}\s+\S", out, re.M), target
