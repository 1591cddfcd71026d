"""States a user reaches in ordinary use, and the build's way back from each to a right report.

Each test starts from a private copy of the shared cold build (`built_copy`) and ends by
comparing what it published with that cold build, byte for byte, or with what the changed data give.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
from test_build import output_hashes

from hccrebuild import paths
from scratch import MAKE_ENV, VENV, copy_project, make


def same_outputs(project, cold_build):
    """figures/ and report/ of `project` are those of the cold build, file for file."""
    assert output_hashes(project) == output_hashes(cold_build)


def papermill_by_hand(project, notebook, output, *parameters):
    """Run a notebook as a user exploring does, outside the build (papermill's own command)."""
    env = {**MAKE_ENV, "PYTHONPATH": str(project / "src"), "MPLBACKEND": "Agg"}
    cmd = [str(VENV / "bin" / "papermill"), "-k", "hccrebuild", str(notebook), str(output)]
    cmd += ["--cwd", str(project / "notebooks"), "--no-progress-bar", *parameters]
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=300)


def test_a_notebook_explored_with_other_parameters_does_not_pass_for_the_preset(
    built_copy, cold_build, tmp_path
):
    """Exploring writes WHO figures into the default preset's figures/; the next build sees they
    are not the ones it wrote, makes them again, and the report is the default one."""
    project = built_copy
    papermill_by_hand(
        project, project / "notebooks" / "case_figures.ipynb", tmp_path / "out.ipynb",
        "-p", "criterion", "WHO",
    )  # fmt: skip
    assert output_hashes(project) != output_hashes(cold_build)  # the exploration did write there
    out = make(project, "report").stdout
    assert "ran notebooks/case_figures.ipynb" in out
    same_outputs(project, cold_build)


def test_scratch_notebooks_are_left_alone(built_copy, cold_build):
    """A JupyterLab duplicate with a changed parameter and an Untitled notebook with no
    parameters cell sit in notebooks/: neither is built, neither breaks the build, and removing
    them breaks nothing either."""
    project = built_copy
    nb_dir = project / "notebooks"
    copy = json.loads((nb_dir / "case_figures.ipynb").read_text(encoding="utf-8"))
    copy["cells"].insert(1, {"cell_type": "code", "metadata": {}, "execution_count": None,
                             "outputs": [], "source": ['criterion = "WHO"']})  # fmt: skip
    (nb_dir / "case_figures-Copy1.ipynb").write_text(json.dumps(copy), encoding="utf-8")
    untitled = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (nb_dir / "Untitled.ipynb").write_text(json.dumps(untitled), encoding="utf-8")
    out = make(project, "report").stdout
    assert "Copy1" not in out and "Untitled" not in out
    same_outputs(project, cold_build)
    (nb_dir / "case_figures-Copy1.ipynb").unlink()
    (nb_dir / "Untitled.ipynb").unlink()
    make(project, "report")
    same_outputs(project, cold_build)


@pytest.fixture(scope="module")
def deleted_then_two_builds(deck_build, tmp_path_factory):
    """A private copy of the session's deck build (report, deck and handouts built) with a figure,
    a table CSV and two intermediates (executed notebooks) deleted, then `make report` and `make
    slides` started together, both given one temporary folder of their own. Several tests judge
    this one run: the deleted outputs made again, the two builds kept apart, no temporary file
    left behind."""
    project = tmp_path_factory.mktemp("deleted") / "proj"
    shutil.copytree(deck_build, project, symlinks=True)
    deck_hashes = output_hashes(project)
    (project / "figures" / "fig-afp.svg").unlink()
    (project / "report" / "tables" / "tbl-trials.csv").unlink()
    (project / "build" / "default" / "nb" / "table1.ipynb").unlink()
    (project / "build" / "default" / "nb" / "table2.ipynb").unlink()
    private = project.parent / "tmp"
    private.mkdir()
    cmd = ["make", "-C", str(project), f"VENV={VENV}"]
    procs = [
        subprocess.Popen(
            [*cmd, target],
            env={**MAKE_ENV, "TMPDIR": str(private)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for target in ("report", "slides")
    ]
    outs = [p.communicate(timeout=600)[0] for p in procs]
    return {
        "project": project,
        "codes": [p.returncode for p in procs],
        "outs": outs,
        "tmp": private,
        "deck_hashes": deck_hashes,
    }


def test_deleted_outputs_are_made_again(deleted_then_two_builds, cold_build):
    """A deleted figure, a deleted table CSV and a deleted intermediate (an executed notebook)
    are made again by the next build, as they were."""
    run = deleted_then_two_builds
    assert run["codes"] == [0, 0], run["outs"]
    out = "".join(run["outs"])
    assert "ran notebooks/case_figures.ipynb" in out and "ran notebooks/table2.ipynb" in out
    hashes = output_hashes(run["project"])
    for teaching in ("slides.html", "handout.pdf", "teachers-guide.pdf"):  # make slides' own
        assert hashes.pop(f"report/{teaching}")
    assert hashes == output_hashes(cold_build)


def test_clean_and_distclean_work_from_any_state(built_copy):
    project = built_copy
    shutil.rmtree(project / "report")
    make(project, "clean")
    assert not (project / "build").exists() and not list((project / "figures").glob("fig-*"))
    fake_env = project / ".venv-scratch"  # never the shared environment
    fake_env.mkdir()
    shutil.rmtree(project / "figures")
    make(project, "distclean", f"VENV={fake_env}")
    assert not fake_env.exists()


def test_two_builds_at_once_do_not_collide(deleted_then_two_builds, cold_build):
    """`make report` and `make slides` started together with work to do: one waits for the
    other, the report comes out as the cold build's and the deck and handouts as the deck
    build's."""
    run = deleted_then_two_builds
    assert run["codes"] == [0, 0], run["outs"]
    hashes = output_hashes(run["project"])
    assert hashes == run["deck_hashes"]
    for teaching in ("slides.html", "handout.pdf", "teachers-guide.pdf"):  # make slides' own
        assert hashes.pop(f"report/{teaching}")
    assert hashes == output_hashes(cold_build)


def test_a_path_with_a_space_and_a_preset_by_name(presets_build, tmp_path):
    """A project in a folder whose name has a space builds (a notebook, the report notebook and
    the page of the `who` preset); PARAMS takes a preset's name, and an unknown one is refused
    with what it expects."""
    project = tmp_path / "my project" / "proj"
    shutil.copytree(presets_build, project, symlinks=True)
    (project / "build" / "who" / "nb" / "table1.ipynb").unlink()
    out = make(project, "report-html", "PARAMS=who").stdout
    assert "ran notebooks/table1.ipynb (who)" in out
    assert (project / "report" / "who" / "report.html").is_file()
    proc = make(project, "report", "PARAMS=whoo", check=False)
    assert proc.returncode == 2
    assert "PARAMS=whoo: no such parameter set; give a preset name (default," in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_build_without_git_history_says_which_date_it_uses(built_copy):
    """A copy without .git (a source archive), with no date given: the outputs carry 1 January
    1970, and the build says so and how to date them."""
    from pypdf import PdfReader

    assert not (built_copy / ".git").exists()
    env = {k: v for k, v in MAKE_ENV.items() if k != "SOURCE_DATE_EPOCH"}
    page = built_copy / "report" / "report.html"
    dated = "2010-01-01T00:00:00Z"  # first a page dated as a commit would date it
    make(built_copy, "report-html", "SOURCE_DATE_EPOCH=1262304000")
    assert f'name="dcterms.created" content="{dated}"' in page.read_text(encoding="utf-8")
    proc = subprocess.run(
        ["make", "-C", str(built_copy), f"VENV={VENV}", "report"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "no git history here, so the outputs are dated 1970-01-01" in proc.stderr
    assert "SOURCE_DATE_EPOCH" in proc.stderr
    # the page and its PDF both carry the date the build said (the page is made again for it)
    html = page.read_text(encoding="utf-8")
    assert 'name="dcterms.created" content="1970-01-01T00:00:00Z"' in html and dated not in html
    pdf = PdfReader(built_copy / "report" / "report.pdf")
    assert pdf.metadata["/CreationDate"].startswith("D:19700101"), pdf.metadata


def test_a_hang_up_during_compare_leaves_no_worktree(presets_build, tmp_path):
    """A hang-up while `make compare` builds a git revision: the temporary worktree is removed,
    and nothing is printed as a traceback."""
    project = tmp_path / "proj"
    shutil.copytree(presets_build, project, symlinks=True)
    proc = subprocess.Popen(
        ["make", "-C", str(project), f"VENV={VENV}", "compare", "A=HEAD", "B=default"],
        env=MAKE_ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list((project / "build").glob("compare-*/tree")):
        time.sleep(0.1)
    assert list((project / "build").glob("compare-*/tree")), "compare made no worktree"
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGHUP)
    out = proc.communicate(timeout=120)[0]
    worktrees = subprocess.run(
        ["git", "-C", str(project), "worktree", "list"], capture_output=True, text=True, check=True
    ).stdout
    assert len(worktrees.strip().splitlines()) == 1, worktrees
    assert "Traceback" not in out
    assert not list((project / "build").glob("compare-*"))


def test_a_build_leaves_no_temporary_file_behind(deleted_then_two_builds):
    """Kernels' connection files and socket folders, and the build's own temporary files, are
    removed with the kernels: builds given a temporary folder of their own leave it empty."""
    run = deleted_then_two_builds
    assert run["codes"] == [0, 0], run["outs"]
    assert "ran notebooks/table1.ipynb" in "".join(run["outs"])  # kernels did run
    assert not list(run["tmp"].iterdir())
    assert not list((run["project"] / "build").rglob(".*.written"))


def test_the_readme_lists_the_columns_the_files_have(cold_build):
    """The README's list of columns of each machine-readable output is the file's header."""
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("verification.csv", "findings.csv"):
        row = next(line for line in readme.splitlines() if line.startswith(f"| `report/{name}`"))
        listed = row.split(": `", 1)[1].split("`", 1)[0].split(", ")
        header = (cold_build / "report" / name).read_text(encoding="utf-8").splitlines()[0]
        assert listed == header.split(","), name


def test_an_interrupted_setup_is_made_again(tmp_path):
    """An environment left without its stamp (set-up interrupted after the venv was made) is
    removed and set up again by the next make, which says so."""
    project = copy_project(tmp_path / "proj")
    # uv as the checkout's set-up fetched it from PyPI (build/tools), when it did: the copy's
    # set-up takes it from there instead of fetching it again (set-up itself is what is tested)
    for uv in (paths.ROOT / "build" / "tools").glob("uv-*"):
        (project / "build" / "tools").mkdir(parents=True, exist_ok=True)
        (project / "build" / "tools" / uv.name).symlink_to(uv)
    venv = project / ".venv-interrupted"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    proc = subprocess.run(
        ["make", "-C", str(project), f"VENV={venv}", "env"],
        env={**MAKE_ENV, "UV_COMPILE_BYTECODE": "0"},  # a throwaway environment: no bytecode
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "has no valid stamp (an interrupted set-up?)" in proc.stdout
    assert "python=" in (venv / ".installed").read_text(encoding="utf-8")
    assert (venv / "bin" / "papermill").is_file()


#: What a data corrector runs after validation names the errata entries whose values changed:
#: the register's printed and recomputed values brought in line with the ledger.
_SYNC_ERRATA = """
import pandas as pd
from hccrebuild import data, paths
from hccrebuild.analysis import ledger
frames = data.load([r["name"] for r in data.descriptor()["resources"]], validate=False)
entries = ledger.build(frames).set_index("id")
errata = data.read("errata")
for i, eid in zip(errata.index, errata["entry_id"]):
    errata.loc[i, ["published", "reproduced"]] = entries.loc[eid, ["published", "reproduced"]].values
errata.to_csv(paths.DATA / "errata.csv", index=False, lineterminator="\\n")
"""


def test_a_data_edit_carries_into_the_findings_and_the_robustness_section(built_copy):
    """A corrector reads the CTs of 22 Aug and 17 Oct 2009 as describing the portal mass as clear;
    validation
    names the errata entries whose values changed; once they are updated, the report's findings
    and its robustness section say what the edited data give (first CR 22 Aug 2009), with nothing
    left over from before and no section waiting for another command."""
    project = built_copy
    nt = project / "data" / "raw" / "case_nontarget.csv"
    lines = nt.read_text(encoding="utf-8").splitlines()
    edited = [
        ln.replace(",absent,liver-statement,", ",absent,stated,")
        if ln.startswith(("ct-2009-08-22,portal-mass,", "ct-2009-10-17,portal-mass,"))
        else ln
        for ln in lines
    ]
    assert edited != lines
    nt.write_text("\n".join(edited) + "\n", encoding="utf-8")
    refused = make(project, "report-html", check=False)
    assert refused.returncode == 2 and "data/errata.csv disagree" in refused.stderr
    subprocess.run(
        [str(VENV / "bin" / "python"), "-c", _SYNC_ERRATA],
        cwd=project,
        env={**MAKE_ENV, "PYTHONPATH": str(project / "src")},
        check=True,
    )
    make(project, "report-html")
    html = (project / "report" / "report.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "not built yet" not in text
    assert "the first overall CR is CT 22 Aug 2009 " in text
    assert "18 Dec 2009 (day 195 of sorafenib)" not in text
    table = pd.read_csv(project / "report" / "robustness.csv", dtype=str, keep_default_na=False)
    first = table.set_index("conclusion_id").loc["time-to-first-cr"]
    assert first["RECIST 1.1 (reference)"].startswith("22 Aug 2009")
    summary = re.search(r'id="robustness-summary">([^<]*)<', html).group(1)
    assert summary.startswith(f"{int((table['verdict'] == 'same under every reading').sum())} of")
