"""The bad-input corpus: one case per rule, each stopped by the validator (or the parameter check)
with its file, row and field (or key, or register entry) named, before any notebook.

Run against the functions the build calls (`errata.check`, `parameter_choices.load`, `cli.main`) on a
scratch copy of data/ and params/, so the corpus takes seconds; a handful go through `make report`
in tests/integration/test_bad_input_build.py. The domain-rule cases are checked in
test_bad_inputs_rules.py (so the two test workers share the corpus); the scratch project is the
`proj` fixture of tests/unit/conftest.py.
"""

import csv
import io
import os
import shutil
from dataclasses import dataclass, field

import pytest

from hccrebuild import data
from hccrebuild.analysis import parameter_choices
from hccrebuild.analysis.ledger import errata
from hccrebuild.data import params, validate
from hccrebuild.errors import DataError, DataErrors, LedgerError, ParameterError, ParameterErrors
from hccrebuild.pipeline import cli


def edit_csv(path, change):
    """Apply `change(rows)` to a CSV file's rows (dicts); it may return new rows."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        names, rows = reader.fieldnames, list(reader)
    rows = change(rows) or rows
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=names, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def setter(file, row, column, value):
    """An edit setting one cell (row 1 = first data row)."""

    def apply(root):
        def change(rows):
            rows[row - 1][column] = value

        edit_csv(root / "data" / file, change)

    return apply


def messages():
    """Every message the build's validation raises on the scratch data (empty if it passes)."""
    try:
        errata.check()
    except DataErrors as exc:
        return [str(e) for e in exc.errors]
    except (DataError, LedgerError) as exc:
        return [str(exc)]
    return []


@dataclass
class Case:
    id: str
    edit: object  # function(root)
    starts: str  # the message naming file, row (line) and field
    also: list = field(default_factory=list)  # words the same message must hold


def _symlink(root):
    (root / "data" / "raw" / "extra.csv").symlink_to("/etc/hostname")


def _symlinked_resource(root):
    target = root.parent / "outside.csv"
    shutil.move(root / "data" / "raw" / "case_labs.csv", target)
    (root / "data" / "raw" / "case_labs.csv").symlink_to(target)


def _fifo(root):
    os.mkfifo(root / "data" / "raw" / "pipe.csv")


def _bytes(file, old, new):
    def apply(root):
        p = root / "data" / file
        raw = p.read_bytes()
        assert old in raw
        p.write_bytes(raw.replace(old, new, 1))

    return apply


def _header_only(file):
    def apply(root):
        p = root / "data" / file
        p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")

    return apply


def _rows(file, change):
    return lambda root: edit_csv(root / "data" / file, change)


def _drop_row(file, row):
    """An edit removing one data row (1 = the first)."""

    def apply(root):
        edit_csv(root / "data" / file, lambda rows: rows[: row - 1] + rows[row:])

    return apply


def _drop_column(file, column):
    def apply(root):
        p = root / "data" / file
        rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"), newline="")))
        i = rows[0].index(column)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([r[:i] + r[i + 1 :] for r in rows])
        p.write_text(out.getvalue(), encoding="utf-8")

    return apply


def _swap_columns(file):
    def apply(root):
        p = root / "data" / file
        rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"), newline="")))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([[r[1], r[0], *r[2:]] for r in rows])
        p.write_text(out.getvalue(), encoding="utf-8")

    return apply


def _append_line(file, line):
    def apply(root):
        p = root / "data" / file
        p.write_text(p.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")

    return apply


def _dup_first_row(rows):
    return rows + [dict(rows[0])]


def _first_sorafenib_start(rows):
    r = next(r for r in rows if r["event_id"] == "sorafenib-start")
    r["date"] = "2009-06-01"


IMG = "data/raw/case_imaging.csv"
LES = "data/raw/case_lesions.csv"
EVT = "data/raw/case_event_dates.csv"

#: The corpus in three parts; the domain-rule cases run in test_bad_inputs_rules.py, so that the
#: two test workers share the corpus (each of them is validated past the Table Schema, the slow
#: stage).
FILE_CASES = [
    # Files: what they are, their encoding, their shape.
    Case("symlink-outside", _symlink, "data/raw/extra.csv: is a symbolic link (to /etc/hostname)"),
    Case("symlinked-resource", _symlinked_resource, "data/raw/case_labs.csv: is a symbolic link"),
    Case("fifo", _fifo, "data/raw/pipe.csv: is not a regular file"),
    Case(
        "cell-of-200-kB",
        setter("raw/case_facts.csv", 1, "note", "x" * 200_000),
        "data/raw/case_facts.csv, row 1 (line 2), field 'note': a cell of 200,000 characters",
    ),
    Case(
        "missing-file",
        lambda r: (r / "data/raw/trials.csv").unlink(),
        "data/raw/trials.csv: file is missing",
    ),
    Case(
        "datapackage-not-json",
        _bytes("datapackage.json", b'"resources"', b"resources"),
        "data/datapackage.json: not valid JSON: ",
        ["at line 5, column 2"],
    ),
    Case(
        "datapackage-not-utf8",
        _bytes("datapackage.json", b'"resources"', b'"r\xe9sources"'),
        "data/datapackage.json: not UTF-8: byte 0xe9 on line 5",
    ),
    Case(
        "datapackage-no-resources",
        _bytes("datapackage.json", b'"resources"', b'"tables"'),
        "data/datapackage.json: expected an object with 'resources'",
    ),
    Case(
        "latin1-small-file",
        _bytes("raw/case_facts.csv", b"hepatitis B for more", b"h\xe9patitis B for more"),
        "data/raw/case_facts.csv, row 3 (line 4), field 'note': not UTF-8: byte 0xe9",
        ["hépatitis B"],
    ),
    Case(
        "latin1-large-file",
        _bytes(
            "raw/trial_adverse_events.csv",
            b'Hypertension,n",ap-2009,high,"Counts out of 75 treated',
            b'Hypertension,n",ap-2009,high,"Counts out of 75 trait\xe9s',
        ),
        "data/raw/trial_adverse_events.csv, row 50 (line 51), field 'note': not UTF-8: byte 0xe9",
    ),
    Case(
        "byte-order-mark",
        _bytes("raw/trials.csv", b"trial_id,", b"\xef\xbb\xbftrial_id,"),
        "data/raw/trials.csv: starts with a byte-order mark",
    ),
    Case(
        "header-only",
        _header_only("raw/case_event_dates.csv"),
        f"{EVT}: has a header but no rows",
    ),
    Case(
        "missing-column",
        _drop_column("raw/case_lesions.csv", "long_cm"),
        f"{LES}, field 'long_cm': column is missing",
    ),
    Case(
        "columns-out-of-order",
        _swap_columns("raw/trials.csv"),
        "data/raw/trials.csv: columns are out of order",
    ),
    Case(
        "too-many-cells",
        _append_line(
            "raw/case_labs.csv",
            "afp-x,AFP,undated,,5,,ug/L,later,chen-case,Case Report ¶1,a, b",
        ),
        "data/raw/case_labs.csv, row 5 (line 6): has 12 cells, the header has 11",
    ),
    Case(
        "too-few-cells",
        _append_line("raw/case_labs.csv", "afp-x,AFP,undated,,5"),
        "data/raw/case_labs.csv, row 5 (line 6): has 5 cells, the header has 11",
    ),
    Case(
        "inf-outcome",
        setter("raw/trial_outcomes.csv", 1, "value", "inf"),
        "data/raw/trial_outcomes.csv, row 1 (line 2), field 'value': not a finite number (value 'inf')",
    ),
    Case(
        "nan-baseline",
        setter("raw/trial_baseline.csv", 1, "value", "NaN"),
        "data/raw/trial_baseline.csv, row 1 (line 2), field 'value': not a finite number",
    ),
    # The Table Schema.
    Case(
        "wrong-type",
        setter("raw/trial_populations.csv", 1, "n", "137x"),
        "data/raw/trial_populations.csv, row 1 (line 2), field 'n': type error",
        ["137x"],
    ),
    Case(
        "impossible-date",
        setter("raw/case_imaging.csv", 2, "date", "2009-02-30"),
        f"{IMG}, row 2 (line 3), field 'date': type error",
    ),
    Case(
        "required-empty",
        setter("raw/case_imaging.csv", 2, "modality", ""),
        f"{IMG}, row 2 (line 3), field 'modality': constraint error",
    ),
    Case(
        "unknown-choice",
        setter("raw/case_imaging.csv", 2, "modality", "PET"),
        f"{IMG}, row 2 (line 3), field 'modality': constraint error",
        ["PET"],
    ),
    Case(
        "below-minimum",
        setter("raw/case_labs.csv", 1, "value", "-3"),
        "data/raw/case_labs.csv, row 1 (line 2), field 'value': constraint error",
    ),
    Case(
        "duplicate-key",
        _rows("raw/trials.csv", _dup_first_row),
        "data/raw/trials.csv, row 4 (line 5), field 'trial_id': duplicate key",
        ["the same as row 1"],
    ),
    Case(
        "unknown-arm",
        setter("raw/trial_outcomes.csv", 1, "arm_id", "sharp-sorafenlb"),
        "data/raw/trial_outcomes.csv, row 1 (line 2), field 'arm_id': 'sharp-sorafenlb' is not a known arm_id",
    ),
    Case(
        "unknown-study",
        setter("raw/case_lesions.csv", 2, "study_id", "ct-2009-07-11"),
        f"{LES}, row 2 (line 3), field 'study_id': 'ct-2009-07-11' is not a known study_id",
    ),
    Case(
        "unknown-source",
        setter("raw/case_labs.csv", 1, "source", "chen-2010"),
        "data/raw/case_labs.csv, row 1 (line 2), field 'source': 'chen-2010' is not a known source_id",
    ),
    Case(
        "unknown-claim",
        setter("raw/primary_facts.csv", 1, "claim_id", "no-such-claim"),
        "data/raw/primary_facts.csv, row 1 (line 2), field 'claim_id': 'no-such-claim' is not a known claim_id",
    ),
    Case(
        "unknown-published-column",
        setter("published/table1.csv", 1, "column", "sharp"),
        "data/published/table1.csv, row 1 (line 2), field 'column': 'sharp' is not a known arm_id",
    ),
]

RULE_CASES = [
    # Domain rules: trials.
    Case(
        "count-above-arm-size",
        setter("raw/trial_populations.csv", 1, "n", "20"),
        "data/raw/trial_",
        ["more than the 20"],
    ),
    Case(
        "percent-above-100",
        setter("raw/trial_adverse_events.csv", 2, "value", "121"),
        "data/raw/trial_adverse_events.csv, row 2 (line 3), field 'value': 121 percent is more than 100",
    ),
    Case(
        "interval-misses-value",
        setter("raw/trial_hazard_ratios.csv", 1, "ci_high", "0.1"),
        "data/raw/trial_hazard_ratios.csv, row 1 (line 2), field 'ci_low': the interval",
    ),
    # Domain rules: the index case.
    Case(
        "visible-lesion-size-0",
        setter("raw/case_lesions.csv", 1, "long_cm", "0"),
        f"{LES}, row 1 (line 2), field 'long_cm': a visible lesion needs a size above 0 cm (value '0')",
    ),
    Case(
        "visible-lesion-no-size",
        setter("raw/case_lesions.csv", 2, "visible", "true"),
        f"{LES}, row 2 (line 3), field 'long_cm': a visible lesion needs both diameters",
    ),
    Case(
        "invisible-lesion-with-size",
        setter("raw/case_lesions.csv", 2, "long_cm", "1.2"),
        f"{LES}, row 2 (line 3), field 'long_cm': a lesion that is not visible has no diameters",
    ),
    Case(
        "lesion-without-basis",
        _drop_row("raw/case_lesion_basis.csv", 2),
        "data/raw/case_lesions.csv, row 2 (line 3), field 'study_id': no row in "
        "data/raw/case_lesion_basis.csv says whether lesion",
    ),
    Case(
        "study-without-nontarget-status",
        _drop_row("raw/case_nontarget.csv", 7),
        "data/raw/case_imaging.csv, row 3 (line 4), field 'study_id': study 'ct-2009-07-10' has no "
        "row in data/raw/case_nontarget.csv for portal-mass",
    ),
    Case(
        "short-above-long",
        setter("raw/case_lesions.csv", 1, "short_cm", "3.5"),
        f"{LES}, row 1 (line 2), field 'short_cm': the second diameter is longer",
    ),
    Case(
        "follow-up-before-baseline",
        setter("raw/case_imaging.csv", 3, "date", "2009-05-01"),
        f"{IMG}, row 3 (line 4), field 'date': follow-up scan 'ct-2009-07-10' on 2009-05-01 is not after the baseline scan of 2009-05-14",
    ),
    Case(
        "diagnosis-after-baseline",
        setter("raw/case_imaging.csv", 1, "date", "2009-06-01"),
        f"{IMG}, row 1 (line 2), field 'date': diagnostic scan 'us-2009-05'",
    ),
    Case(
        "two-baselines",
        setter("raw/case_imaging.csv", 3, "purpose", "baseline"),
        f"{IMG}, row 2 (line 3), field 'purpose': exactly one dated baseline scan is needed, found 2",
    ),
    Case(
        "treatment-before-diagnosis",
        setter("raw/case_event_dates.csv", 1, "date", "2009-05-01"),
        f"{EVT}, row 1 (line 2), field 'date': treatment 'tace' (as-printed) on 2009-05-01 is before",
    ),
    Case(
        "sorafenib-before-tace",
        _rows("raw/case_event_dates.csv", _first_sorafenib_start),
        f"{EVT}, row 2 (line 3), field 'date': sorafenib start (as-printed) on 2009-06-01 is before TACE",
    ),
    Case(
        "two-default-readings",
        setter("raw/case_event_dates.csv", 3, "is_default", "true"),
        f"{EVT}, row 2 (line 3), field 'is_default': event 'sorafenib-start' needs exactly one default reading, has 2",
    ),
    Case(
        "event-without-reading",
        _rows("raw/case_event_dates.csv", lambda rows: rows[1:]),
        f"{EVT}, field 'event_id': event 'tace' has no reading",
    ),
    Case(
        "treatment-unknown-event",
        setter("raw/case_treatments.csv", 6, "event_id", "cream-start"),
        "data/raw/case_treatments.csv, row 6 (line 7), field 'event_id': 'cream-start' is not an event of data/raw/case_event_dates.csv",
        ["known: sorafenib-start, tace"],
    ),
    Case(
        "adverse-event-unknown-onset",
        setter("raw/case_adverse_events.csv", 1, "onset_event", "embolisation"),
        "data/raw/case_adverse_events.csv, row 1 (line 2), field 'onset_event': 'embolisation' is not an event",
    ),
    Case(
        "month-13",
        setter("raw/case_facts.csv", 9, "date", "2009-13"),
        "data/raw/case_facts.csv, row 9 (line 10), field 'date': not a calendar date or month (value '2009-13')",
    ),
    Case(
        "measurement-without-date",
        setter("raw/case_labs.csv", 1, "date", ""),
        "data/raw/case_labs.csv, row 1 (line 2), field 'date': a measurement needs a date",
    ),
]

ERRATA_CASES = [
    # The errata register, checked up front against the ledger.
    Case(
        "errata-entry-changed",
        setter("errata.csv", 1, "reproduced", "64.8"),
        "the verification ledger and data/errata.csv disagree:",
        ["table1-age-sharp-sorafenib", "'64.9' vs '64.8'", "'64.9' vs '64.9'"],
    ),
    Case(
        "errata-unknown-entry",
        _append_line("errata.csv", "table1-made-up,1,2,calculation,invented,chen-case,"),
        "the verification ledger and data/errata.csv disagree:",
        ["errata entry table1-made-up no longer occurs: the entry is not in the ledger"],
    ),
]


DATA_CASES = FILE_CASES + RULE_CASES + ERRATA_CASES


def assert_named(proj, case):
    """Apply the case's edit to the scratch project; the validator must name the problem."""
    case.edit(proj)
    msgs = messages()
    hits = [m for m in msgs if case.starts in m and all(w in m for w in case.also)]
    assert hits, f"expected a message with {case.starts!r} {case.also}; got {msgs}"
    assert not any("Traceback" in m for m in msgs)


@pytest.mark.parametrize(
    "case", FILE_CASES + ERRATA_CASES, ids=[c.id for c in FILE_CASES + ERRATA_CASES]
)
def test_bad_data_is_named(proj, case):
    assert_named(proj, case)


def test_every_problem_is_reported_in_one_pass(proj):
    setter("raw/case_lesions.csv", 1, "long_cm", "0")(proj)
    setter("raw/case_facts.csv", 9, "date", "2009-13")(proj)
    setter("raw/case_treatments.csv", 6, "event_id", "cream-start")(proj)
    files = {m.split(",")[0] for m in messages()}
    assert {
        "data/raw/case_lesions.csv",
        "data/raw/case_facts.csv",
        "data/raw/case_treatments.csv",
    } <= files


def test_validation_passes_then_sees_a_changed_cell(proj):
    assert messages() == []
    setter("raw/case_lesions.csv", 1, "long_cm", "0")(proj)
    assert messages()


def test_a_table_that_passed_is_checked_again_when_a_table_it_refers_to_changes(proj):
    """Within a process the schema check skips a table that passed, by a key of what its check
    read: editing case_imaging (whose study ids case_lesions refers to) makes case_lesions,
    unchanged itself, fail its foreign key."""
    assert messages() == []
    assert validate._SCHEMA_PASSED  # every table passed, and was recorded
    study = next(csv.DictReader(io.StringIO((proj / "data/raw/case_lesions.csv").read_text())))
    rows = (proj / "data/raw/case_imaging.csv").read_text(encoding="utf-8")
    (proj / "data/raw/case_imaging.csv").write_text(
        rows.replace(study["study_id"], "renamed-study"), encoding="utf-8"
    )
    found = messages()
    assert any(m.startswith("data/raw/case_lesions.csv") and study["study_id"] in m for m in found)


def _reference_frames():
    data.descriptor.cache_clear()
    return {r["name"]: data.read(r["name"]) for r in data.descriptor()["resources"]}


@pytest.mark.parametrize("variant", ["crlf", "no-final-newline"])
def test_valid_variants_read_the_same(proj, variant):
    before = _reference_frames()
    for p in sorted((proj / "data").rglob("*.csv")):
        raw = p.read_bytes()
        p.write_bytes(raw.replace(b"\n", b"\r\n") if variant == "crlf" else raw.rstrip(b"\n"))
    assert messages() == []
    after = _reference_frames()
    for name, frame in before.items():
        assert after[name].equals(frame), name


def test_quoted_comma_and_newline_is_one_cell(proj):
    note = "a note, with a comma\nand a second line"
    setter("raw/case_lesions.csv", 2, "note", note)(proj)
    assert b'"a note, with a comma\nand a second line"' in (proj / LES).read_bytes()
    assert messages() == []
    assert data.read("case_lesions")["note"].iloc[1] == note


# Parameters ------------------------------------------------------------------------------------


@dataclass
class PCase:
    id: str
    text: object  # str or bytes
    starts: str
    also: list = field(default_factory=list)


P = "params/x.yaml"
PARAM_CASES = [
    PCase("invalid-yaml", "common:\n  criterion: [WHO\n", f"{P}, line 3, column 1: not valid YAML"),
    PCase("not-utf8", b"# r\xe9sum\xe9\ncommon: {}\n", f"{P}, line 1: not UTF-8 (byte 0xe9)"),
    PCase("not-a-mapping", "- a\n- b\n", f"{P}: expected one mapping per notebook"),
    PCase(
        "unknown-criterion",
        "common:\n  criterion: RECIST9\n",
        f"{P}, key 'common.criterion': unknown choice (value 'RECIST9'); valid: RECIST1.1, WHO, mRECIST",
    ),
    PCase(
        "unknown-reading",
        "table2:\n  sorafenib_start: day-6\n",
        f"{P}, key 'table2.sorafenib_start': unknown choice (value 'day-6'); valid: as-printed, day-5-after-tace",
    ),
    PCase(
        "number-for-list",
        "table1:\n  arms: 3\n",
        f"{P}, key 'table1.arms': expected a list, got a number (value '3'); valid: abou-alfa-sorafenib",
    ),
    PCase(
        "number-for-choice",
        "trial_charts:\n  sort_by: 3\n",
        f"{P}, key 'trial_charts.sort_by': expected text, got a number (value '3'); valid: table, sorafenib, difference",
    ),
    PCase(
        "unknown-sort",
        "trial_charts:\n  sort_by: alphabetical\n",
        f"{P}, key 'trial_charts.sort_by': unknown choice (value 'alphabetical')",
    ),
    PCase(
        "unknown-arm",
        "table1:\n  arms: [sharp-sorafenib, sharp]\n",
        f"{P}, key 'table1.arms': unknown item (value 'sharp'); valid items: abou-alfa-sorafenib",
    ),
    PCase("empty-arms", "table1:\n  arms: []\n", f"{P}, key 'table1.arms': the list is empty"),
    PCase(
        "unknown-ae-term",
        "trial_charts:\n  ae_terms: [rash]\n",
        f"{P}, key 'trial_charts.ae_terms': unknown item (value 'rash'); valid items: hand_foot_skin_reaction",
    ),
    PCase(
        "repeated-ae-term",
        "trial_charts:\n  ae_terms: [alopecia, alopecia]\n",
        f"{P}, key 'trial_charts.ae_terms': listed twice: alopecia",
    ),
    PCase(
        "text-for-bool",
        "teaching:\n  reveal: maybe\n",
        f"{P}, key 'teaching.reveal': expected true or false, got text (value 'maybe')",
    ),
    PCase(
        "list-for-text",
        "report:\n  title: [a, b]\n",
        f"{P}, key 'report.title': expected text, got a list",
    ),
    PCase("unknown-section", "tabel1: {}\n", f"{P}, key 'tabel1': unknown section; valid: common"),
    PCase(
        "unknown-key",
        "table1:\n  arm: [sharp-sorafenib]\n",
        f"{P}, key 'table1.arm': not a parameter of notebooks/table1.ipynb; valid: arms",
    ),
    PCase(
        "reserved-key",
        "table1:\n  preset: other\n",
        f"{P}, key 'table1.preset': not a parameter of notebooks/table1.ipynb",
    ),
    PCase(
        "common-key-of-no-notebook",
        "common:\n  colour: red\n",
        f"{P}, key 'common.colour': a parameter of no notebook; valid: ",
        ["criterion", "sorafenib_start"],
    ),
    PCase(
        "section-not-a-mapping",
        "table2: as-printed\n",
        f"{P}, key 'table2': expected a mapping of parameters, got text",
    ),
]


def param_messages(path):
    try:
        parameter_choices.load(path)
    except ParameterErrors as exc:
        return [str(e) for e in exc.errors]
    except ParameterError as exc:
        return [str(exc)]
    return []


@pytest.mark.parametrize("case", PARAM_CASES, ids=[c.id for c in PARAM_CASES])
def test_bad_parameters_are_named(proj, case):
    path = proj / "params" / "x.yaml"
    if isinstance(case.text, bytes):
        path.write_bytes(case.text)
    else:
        path.write_text(case.text, encoding="utf-8")
    msgs = param_messages(path)
    hits = [m for m in msgs if m.startswith(case.starts) and all(w in m for w in case.also)]
    assert hits, f"expected {case.starts!r}; got {msgs}"


def test_every_parameter_problem_at_once(proj):
    path = proj / "params" / "x.yaml"
    path.write_text(
        "common:\n  criterion: RECIST9\ntrial_charts:\n  sort_by: 3\n", encoding="utf-8"
    )
    msgs = param_messages(path)
    assert len(msgs) == 2 and "common.criterion" in msgs[0] and "trial_charts.sort_by" in msgs[1]


def test_parameter_types_come_from_the_notebooks():
    schema = params.schema()
    assert schema["table1"]["arms"].type == "list"
    assert schema["teaching"]["reveal"].type == "bool"
    assert schema["trial_charts"]["sort_by"].default == "table"
    assert "preset" not in schema["table1"]


# The command line: exit codes and no traceback --------------------------------------------------


def test_cli_validate_exits_2_without_traceback(proj, capsys):
    setter("raw/case_lesions.csv", 1, "long_cm", "0")(proj)
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert f"{LES}, row 1 (line 2), field 'long_cm'" in err and "Traceback" not in err


def test_cli_params_exits_2_without_traceback(proj, capsys):
    path = proj / "params" / "x.yaml"
    path.write_text("common:\n  criterion: RECIST9\n", encoding="utf-8")
    assert cli.main(["params", str(path)]) == 2
    err = capsys.readouterr().err
    assert "params/x.yaml, key 'common.criterion'" in err and "Traceback" not in err


def test_cli_bad_json_exits_2(proj, capsys):
    _bytes("datapackage.json", b'"resources"', b"resources")(proj)
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert "data/datapackage.json: not valid JSON" in err and "Traceback" not in err


def test_cli_bug_exits_1_with_traceback_in_a_log(proj, capsys, monkeypatch):
    def broken():
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(errata, "main", broken)
    assert cli.main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "ZeroDivisionError" in err
    log = proj / "build" / "logs" / "validate-error.log"
    assert "build/logs/validate-error.log" in err
    assert "Traceback" in log.read_text() and "broken" in log.read_text()


def test_corpus_is_large_enough():
    assert len(DATA_CASES) + len(PARAM_CASES) >= 40
