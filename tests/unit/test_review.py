"""Review of builds, unit tier: diffing frames, comparing two build folders, robustness verdicts, the
CARE audit and CITATION.cff. No build runs here: build folders are written into tmp_path."""

import html.parser
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import yaml

from hccrebuild import data, paths
from hccrebuild.analysis import (
    case_intervals,
    conclusions,
    criteria,
    diff,
    ledger,
    response,
    time_wording,
)
from hccrebuild.html import care, compare_page, robustness_page
from hccrebuild.pipeline import compare

FIXTURES = Path(__file__).parent / "fixtures"


class _Markup(html.parser.HTMLParser):
    """Collects ids and the text of header cells."""

    def __init__(self):
        super().__init__()
        self.ids, self.th, self._in_th, self.external = [], [], False, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        for k in ("src", "href"):
            if a.get(k, "").startswith(("http:", "https:", "//")):
                self.external.append(a[k])
        if tag == "th":
            self._in_th = True
            self.th.append("")

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_th = False

    def handle_data(self, text):
        if self._in_th:
            self.th[-1] += text


def check_markup(page: str):
    p = _Markup()
    p.feed(page)
    assert len(p.ids) == len(set(p.ids)), "duplicate ids"
    assert all(t.strip() for t in p.th), "a header cell without text"
    assert not p.external, p.external
    return p


# --- analysis.diff -------------------------------------------------------------------------


def test_frames_identical_is_empty():
    f = pd.DataFrame({"id": ["a", "b"], "v": [1, 2]})
    assert diff.frames(f, f.copy(), ["id"]).empty


def test_frames_added_removed_changed():
    old = pd.DataFrame({"id": ["a", "b", "c"], "v": ["1", "2", "3"], "w": ["x", "y", "z"]})
    new = pd.DataFrame({"id": ["a", "c", "d"], "v": ["1", "30", "4"], "w": ["x", "z", "q"]})
    d = diff.frames(old, new, ["id"])
    assert [r["key"] for r in d.added] == ["d"]
    assert [r["key"] for r in d.removed] == ["b"]
    assert [(c["key"], c["cells"]) for c in d.changed] == [("c", [("v", "3", "30")])]
    # only watched columns count
    assert diff.frames(old, new, ["id"], columns=["w"]).changed == []


def test_repeated_keys_are_numbered_and_layout_marks_cells():
    old = pd.DataFrame({"label": ["n", "n"], "x": ["1", "2"]})
    new = pd.DataFrame({"label": ["n", "n"], "x": ["1", "5"]})
    d = diff.frames(old, new, ["label"])
    assert [c["key"] for c in d.changed] == ["n #2"]
    rows = diff.layout(new, d, ["label"])
    assert [[c["changed"] for c in r] for r in rows] == [[False, False], [False, True]]
    assert rows[1][1]["old"] == "2" and rows[1][1]["text"] == "5"


def test_mappings_and_flatten():
    a = diff.flatten({"nb": {"criterion": "RECIST1.1", "arms": ["x"]}})
    b = diff.flatten({"nb": {"criterion": "WHO", "arms": ["x"]}})
    assert diff.mappings(a, b) == [{"key": "nb.criterion", "old": "RECIST1.1", "new": "WHO"}]


# --- pipeline.compare on build folders written here -----------------------------------------


def _fake_build(root: Path, preset: str = "default") -> compare.Side:
    """A build folder with the files compare reads, from the real data where it is cheap."""
    side = compare.Side(preset, root, preset)
    side.tables.mkdir(parents=True)
    side.figures.mkdir(parents=True, exist_ok=True)
    side.notebooks.mkdir(parents=True)
    pd.DataFrame(
        {"finding_id": ["f1", "f2"], "title": ["one", "two"], "consequence": ["a", "b"]}
    ).to_csv(side.tables / "findings.csv", index=False)
    pd.DataFrame(
        {
            "id": ["e1", "e2"],
            "location": ["Table 1 · x", "Table 1 · y"],
            "reproduced": ["1", "2"],
            "status": ["reproduced", "reproduced"],
            "note": ["", ""],
        }
    ).to_csv(side.tables / "verification.csv", index=False)
    pd.DataFrame(
        {"section": ["S", "S"], "label": ["a", "b"], "arm1": ["1", "2"], "arm2": ["3", "4"]}
    ).to_csv(side.tables / "tbl-one.csv", index=False)
    frames = data.load(response.INPUTS, validate=False)
    response.assess(frames).to_csv(
        side.figures / "tbl-response.csv", index=False, date_format="%Y-%m-%d"
    )
    (side.figures / "tbl-response.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    _ran_with(side, criterion="RECIST1.1")
    shutil.copytree(paths.DATA / "raw", root / "data" / "raw")
    shutil.copytree(paths.NOTEBOOKS, root / "notebooks")
    return side


def _ran_with(side: compare.Side, **parameters) -> None:
    """An executed case_figures notebook as papermill leaves it: the parameters in its metadata."""
    meta = {"papermill": {"parameters": {**parameters, "preset": side.preset}}}
    executed = {"cells": [], "metadata": meta, "nbformat": 4, "nbformat_minor": 5}
    (side.notebooks / "case_figures.ipynb").write_text(json.dumps(executed))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    a = _fake_build(tmp_path_factory.mktemp("a"))
    b = _fake_build(tmp_path_factory.mktemp("b"))
    return a, b


def test_compare_with_itself_is_empty(two_builds):
    a, _ = two_builds
    result = compare.compare(a, a)
    assert result["identical"]
    out = compare.to_json(result)
    assert out["tables"] == [] and out["figures"] == [] and out["params"] == []
    page = compare_page.page(result)
    assert "The two builds are identical" in page
    check_markup(page)


def test_compare_lists_each_change_once(two_builds, tmp_path):
    a, b0 = two_builds
    root = tmp_path / "b"
    shutil.copytree(b0.root, root)
    b = compare.Side("b", root, b0.preset)
    t = pd.read_csv(b.tables / "tbl-one.csv", dtype=str)
    t.loc[1, "arm2"] = "40"
    t.to_csv(b.tables / "tbl-one.csv", index=False)
    v = pd.read_csv(b.tables / "verification.csv", dtype=str, keep_default_na=False)
    v.loc[0, "status"] = "discrepancy"
    v.loc[1, "note"] = "a note is not a status"
    v.to_csv(b.tables / "verification.csv", index=False)
    f = pd.read_csv(b.tables / "findings.csv", dtype=str).iloc[:1]
    f.to_csv(b.tables / "findings.csv", index=False)
    _ran_with(b, criterion="WHO")
    (root / "data" / "raw" / "sources.csv").write_text("changed\n")

    result = compare.compare(a, b)
    assert not result["identical"]
    assert [r["key"] for r in result["findings"].removed] == ["f2"]
    assert [(c["key"], c["cells"]) for c in result["ledger"].changed] == [
        ("e1", [("status", "reproduced", "discrepancy")])
    ]
    (table,) = [x for x in result["tables"] if not x["diff"].empty]
    assert [(c["key"], c["cells"]) for c in table["diff"].changed] == [
        ("S · b", [("arm2", "4", "40")])
    ]
    assert [p["key"] for p in result["params"]] == ["case_figures.criterion"]
    assert [p["key"] for p in result["data"]] == ["raw/sources.csv"]
    page = compare_page.page(result)
    check_markup(page)
    assert '<td class="changed"><span class="old">4</span> → 40</td>' in page
    json.dumps(compare.to_json(result))


# --- robustness --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def frames():
    return data.load(
        sorted(set(ledger.INPUTS) | set(response.INPUTS) | set(case_intervals.INPUTS)),
        validate=False,
    )


def test_each_reading_breaks_exactly_the_verdicts_it_changes(frames):
    """Robustness is computed from the data alone: a conclusion is fragile exactly where a
    reading's own assessment differs from the paper-as-published reading."""
    table = conclusions.across_readings(frames).set_index("conclusion_id")
    reference = response.assess(frames).set_index("study_id")
    for name, (criterion, start, nontarget) in conclusions.READINGS.items():
        other = response.assess(frames, criterion, start, nontarget).set_index("study_id")
        for study in reference.index[reference["category"] != criteria.BASELINE]:
            differs = (
                reference.loc[study, "category"],
                reference.loc[study, "confirmed_by"] != "",
            ) != (
                other.loc[study, "category"],
                other.loc[study, "confirmed_by"] != "",
            )
            broken = name in table.loc[f"response-{study}", "breaks_under"].split("; ")
            assert broken == differs, (name, study)
    # the three criteria agree on the first CR; mRECIST cannot read the CTs after lipiodol
    assert (
        table.loc["time-to-first-cr", "WHO"] == table.loc["time-to-first-cr", conclusions.REFERENCE]
    )
    assert table.loc["response-ct-2009-07-10", "mRECIST"] == criteria.NOT_ASSESSABLE


def test_day5_start_breaks_the_claims_whose_status_changes(frames):
    wording = time_wording.wording(frames)
    columns = {
        "default": conclusions.claim_conclusions(wording, "as-printed"),
        "start-day5": conclusions.claim_conclusions(wording, "day-5-after-tace"),
    }
    table = conclusions.table(columns, "default")
    a = wording[wording["reading"] == "as-printed"]["status"].tolist()
    b = wording[wording["reading"] == "day-5-after-tace"]["status"].tolist()
    expected = [x != y for x, y in zip(a, b, strict=True)]
    assert (table["verdict"] == conclusions.FRAGILE).tolist() == expected
    two_months = table[table["conclusion_id"] == "claim-ct-2-and-4-months-1"].iloc[0]
    assert two_months["verdict"] == conclusions.FRAGILE
    assert two_months["breaks_under"] == "start-day5"


def test_robustness_section(frames):
    table = conclusions.across_readings(frames)
    section = robustness_page.section_html(table)
    check_markup(section)
    s = conclusions.summary(table)
    assert f"{s['holds']} of {s['n']} conclusions hold" in section
    assert s["fragile"] > 0 and f"; {s['fragile']} depend on it" in section
    assert "not built" not in section


# --- CARE and CITATION.cff ----------------------------------------------------------------


def test_care_section_counts_every_item(frames):
    fr = data.load(care.INPUTS, validate=False)
    ck = fr["care_checklist"]
    assert ck["item_id"].is_unique and ck["section"].nunique() == 13
    section = care.care_html(fr)
    check_markup(section)
    assert section.count('<tr id="care-') == len(ck)
    for kind in care.REPORTED:
        assert section.count(f'class="care-{kind}"') == int((ck["reported"] == kind).sum())
    assert "Gagnier JJ" in section
    prompt = care.care_prompt_html(fr)
    assert f"{ck['section'].nunique()} sections" in prompt
    assert "partly" not in prompt  # the prompt never gives the answer
    # the answer: counts, every item not reported by its section, the sections reported in part,
    # the gaps that bear on the complete response in words, and where the rest is
    answer = str(care.care_answer_html(fr))
    assert answer.count("<li>") == 3 + len(care.CR_EVIDENCE)
    for r in ck[ck["reported"] == "no"].itertuples():
        assert f"({r.item_id})" in answer and care._section(r.section) in answer
    for r in ck[ck["reported"] == "partly"].itertuples():
        assert re.search(rf"[(, ]{re.escape(r.item_id)}[,)]", answer), r.item_id
    assert "-and-" not in answer and "follow-up and outcomes" in answer


def test_citation_cff_valid_and_names_the_rebuilt_paper():
    schema = json.loads((FIXTURES / "cff-1.2.0-schema.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.validate(cff, schema)
    bad = dict(cff, authors=[])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    sources = data.load(["sources"], validate=False)["sources"].set_index("source_id")
    (paper,) = cff["references"]
    assert paper["title"] in sources.at["chen-case", "citation"]
    assert sources.at["chen-case", "citation"].startswith(paper["authors"][0]["family-names"])


def test_a_claim_about_the_cr_is_not_shown_where_no_cr_is_documented(frames):
    """Under a reading that documents no CR, no claim about the CR's onset or length holds."""
    table = conclusions.across_readings(frames).set_index("conclusion_id")
    column = "non-target: authors' verdict not taken as evidence"
    assert table.loc["time-to-first-cr", column] == "no CR"
    claims = table.index[table.index.str.startswith("claim-cr-")]
    assert len(claims) == 4
    for cid in claims:
        assert table.loc[cid, column] == "cannot-refute", cid
