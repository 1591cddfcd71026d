"""Review of builds through make, on a scratch copy: `make compare` of two presets lists exactly what the
criterion changes, and a compare with a git revision leaves the checkout as it was."""

import hashlib
import json
import shutil

import pytest

from hccrebuild.analysis import criteria, ledger
from scratch import git, make

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def project(presets_build, tmp_path_factory):
    """A private copy of the shared presets build: under git (one commit), so that revisions can be
    compared in it; every preset built by `make robustness`."""
    proj = tmp_path_factory.mktemp("review") / "proj"
    shutil.copytree(presets_build, proj, symlinks=True)
    return proj


#: axe-core rules that fail a page whatever their impact (as for the report: test_readers.py).
AXE_ALWAYS = {"duplicate-id", "duplicate-id-aria", "empty-table-header"}


def judge_page(chromium, path):
    """The readers' checks on a reviewer's page: offline, no errors, no sideways scrolling on a
    phone, no serious or critical axe-core violation (and none of `AXE_ALWAYS`)."""
    import browser as br

    for width, height, mobile in ((1280, 800, False), (390, 844, True)):
        context, page, rec = br.open_page(chromium, path, width, height, mobile=mobile)
        try:
            assert rec.external == [], rec.external
            assert rec.errors() == [], rec.errors()
            scroll = page.evaluate("document.scrollingElement.scrollWidth")
            assert scroll <= page.evaluate("window.innerWidth"), (path.name, width, scroll)
            br.screenshot(page, f"{path.stem}-{width}", full_page=False)
            if not mobile:
                bad = [
                    v
                    for v in br.run_axe(page)
                    if v["impact"] in ("serious", "critical") or v["id"] in AXE_ALWAYS
                ]
                assert not bad, br.format_violations(bad)
        finally:
            context.close()


def test_compare_default_who_lists_what_the_criterion_changes(project, chromium):
    make(project, "compare", "A=default", "B=who")
    out = json.loads((project / "report/compare/default-vs-who.json").read_text())
    assert not out["identical"]
    changed = {f["name"]: f["diff"]["changed"] for f in out["figures"]}
    # tbl-response.csv holds RECIST 1.1, WHO and mRECIST side by side in every build: the same
    # under both presets. What the criterion changes is what the figures draw: the lesion burden
    # is a sum of longest diameters (mm) under RECIST 1.1, of products (mm²) under WHO.
    assert "tbl-response" not in changed
    lesion_rows = changed["fig-lesion-size"]
    assert lesion_rows and all(
        {x["column"] for x in c["cells"]} <= {"measure", "value", "unit", "category", "drawn_as"}
        for c in lesion_rows
    )
    units = {x["new"] for c in lesion_rows for x in c["cells"] if x["column"] == "unit"}
    assert units == {criteria.MEASURE["WHO"][1]}
    # The verification notebook takes no criterion: the ledger and findings cannot change.
    assert "criterion" not in ledger.build.__code__.co_varnames
    assert out["ledger"]["changed"] == [] and out["findings"]["changed"] == []
    assert [p["key"].split(".")[1] for p in out["params"]] == ["criterion"] * len(out["params"])
    assert {p["new"] for p in out["params"]} == {"WHO"}
    assert out["data"] == []
    page = (project / "report/compare/default-vs-who.html").read_text()
    assert "http://" not in page.replace("http://www.w3.org", "")
    judge_page(chromium, project / "report/compare/default-vs-who.html")

    make(project, "compare", "A=who", "B=who")
    same = json.loads((project / "report/compare/who-vs-who.json").read_text())
    assert same["identical"]
    assert (
        "The two builds are identical" in (project / "report/compare/who-vs-who.html").read_text()
    )


def _tracked_hashes(project) -> dict:
    files = git(project, "ls-files", "-z").split("\0")
    return {f: hashlib.sha256((project / f).read_bytes()).hexdigest() for f in files if f}


def test_revision_compare_leaves_the_checkout_untouched(project):
    before = (git(project, "status", "--porcelain"), _tracked_hashes(project))
    worktrees = git(project, "worktree", "list")
    make(project, "compare", "A=HEAD", "B=default")
    after = (git(project, "status", "--porcelain"), _tracked_hashes(project))
    assert before == after
    assert git(project, "worktree", "list") == worktrees
    assert not list((project / "build").glob("compare-*"))
    rev = git(project, "rev-parse", "HEAD").strip()
    out = json.loads((project / f"report/compare/rev-{rev[:10]}-vs-default.json").read_text())
    assert out["a"]["revision"] == rev
    assert out["identical"], out


def _products(project, preset="default") -> dict:
    """A preset's products by name and SHA-256: its tables and its figures (data, captions)."""
    figures = project / "figures" / ("" if preset == "default" else preset)
    files = [*(project / "build" / preset / "tables").glob("*"), *figures.glob("*")]
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in files
        if p.is_file() and p.name != ".gitignore"
    }


def test_presets_build_leaves_the_default_as_the_cold_build_made_it(project, cold_build):
    """`make presets` (run by the shared presets build) built every preset and left the
    default's products as the cold build made them; robustness across readings is part of every
    build, not of the presets."""
    assert _products(project) == _products(cold_build)
    assert _products(project, "who")
    assert not (project / "report" / "robustness.html").exists()
