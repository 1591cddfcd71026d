"""Which of the paper's conclusions hold under every reasonable reading of its data.

`python -m hccrebuild robustness [--jobs N]` (what `make robustness` runs) builds every
preset (params/*.yaml; up to N at a time, reusing what is built), reads each preset's response
assessment, time-claim check and findings, adds two columns computed here with the analysis
functions (the default preset under each non-target reading, `response.NONTARGET_READINGS`), and
writes report/robustness.csv and report/robustness.html.
"""

import pandas as pd

from .. import paths
from ..analysis import conclusions, response
from ..files import frame_csv, write_atomic
from . import compare

#: Column name of the default preset under a non-target reading.
NONTARGET_COLUMN = "nontarget: {reading}"
#: Criterion of the non-target columns (the default preset's).
NONTARGET_CRITERION = "RECIST1.1"


def presets() -> list:
    """Every parameter set of the checkout, the default first."""
    names = sorted(p.stem for p in paths.PARAMS.glob("*.yaml"))
    return sorted(names, key=lambda n: n != paths.DEFAULT_PRESET)


def build_all(names, jobs: int = 2) -> None:
    """Build every preset's products: the data validated and every preset's parameters checked
    first, then every stale notebook of them all in one run, `jobs` at a time (`build`)."""
    from . import build

    steps = [f"notebook:{name}/report" for name in names]
    code = build.build(steps, {name: paths.preset_file(name) for name in names}, jobs)
    if code:
        raise compare.CompareError(f"building the presets failed (exit code {code}); see above")


def _csv(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def preset_conclusions(name: str) -> list:
    """The conclusions of one built preset, from its products."""
    side = compare.Side(name, paths.ROOT, name)
    params = compare.read_params(side)
    table = _csv(side.figures / "tbl-response.csv")
    table["days_since_start"] = table["days_since_start"].astype(int)
    wording = _csv(side.figures / "tbl-wording.csv")
    reading = params.get("case_figures.sorafenib_start", "as-printed")
    return (
        conclusions.response_conclusions(table)
        + conclusions.claim_conclusions(wording, reading)
        + conclusions.finding_conclusions(_csv(side.tables / "findings.csv"))
    )


def nontarget_columns(frames: dict = None) -> dict:
    """The default reading (RECIST 1.1, start as printed) under each non-target reading.

    Response conclusions and findings are recomputed (`response.assess`, `ledger.findings`);
    the time-claim check (`time_wording.wording`) has no non-target reading, so those rows are left
    empty in these columns.
    """
    from .. import data
    from ..analysis import ledger

    frames = frames or data.load(sorted(set(ledger.INPUTS) | set(response.INPUTS)))
    entries = ledger.build(frames)
    out = {}
    for reading in response.NONTARGET_READINGS:
        table = response.assess(frames, NONTARGET_CRITERION, None, reading)
        found = ledger.findings(entries, frames["findings"], table)
        out[NONTARGET_COLUMN.format(reading=reading)] = conclusions.response_conclusions(
            table
        ) + conclusions.finding_conclusions(found)
    return out


def robustness(names=None, frames: dict = None) -> pd.DataFrame:
    """The robustness table over built presets (`names`; all by default) and non-target readings."""
    names = names or presets()
    columns = {n: preset_conclusions(n) for n in names}
    columns.update(nontarget_columns(frames))
    return conclusions.table(columns, paths.DEFAULT_PRESET)


def output_paths() -> dict:
    return {"csv": paths.REPORT / "robustness.csv", "html": paths.REPORT / "robustness.html"}


def criteria(names) -> dict:
    """The response criterion of each column (built presets, then the non-target columns)."""
    out = {
        n: compare.read_params(compare.Side(n, paths.ROOT, n)).get("case_figures.criterion", "")
        for n in names
    }
    for reading in response.NONTARGET_READINGS:
        out[NONTARGET_COLUMN.format(reading=reading)] = NONTARGET_CRITERION
    return out


def write(frame: pd.DataFrame, columns_criteria: dict = None) -> dict:
    """Write the CSV and the page; returns their paths."""
    from ..html import robustness_page

    out = output_paths()
    write_atomic(out["csv"], frame_csv(frame))
    write_atomic(out["html"], robustness_page.page(frame, columns_criteria))
    return out


def main(jobs: int = 2) -> int:
    """Build every preset, then write the table and its page (`python -m hccrebuild robustness`)."""
    names = presets()
    build_all(names, jobs)
    for p in write(robustness(names), criteria(names)).values():
        print(f"wrote {paths.relative(p)}")
    return 0
