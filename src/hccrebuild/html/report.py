"""Pieces of the report page that are not tables: header, reading guide, parameters, environment."""

import platform
from html import escape
from importlib import metadata

from .. import data, paths
from ..analysis import ledger
from ..data import params, products
from ..figures import plotting
from . import render

#: Libraries whose versions the report states.
KEY_PACKAGES = ("pandas", "matplotlib", "papermill", "nbconvert", "frictionless", "weasyprint")


def figure_ids() -> list:
    """Figures of the report, in the order they are numbered: the case first, then the trials."""
    from ..figures import case_figures, trial_charts

    return [*case_figures.FIGURE_IDS, *trial_charts.FIG_IDS]


def figures_html(preset: str, ids) -> str:
    """Saved figures inline, numbered by their place in `figure_ids`."""
    return "\n".join(
        render.figure_html(plotting.load_figure(fid, preset), figure_ids().index(fid) + 1)
        for fid in ids
    )


def load_ledger(preset: str = paths.DEFAULT_PRESET):
    """The verification ledger as written by its notebook for this parameter set."""
    return products.load_ledger(paths.tables_dir(preset))


def verification_html(preset: str = paths.DEFAULT_PRESET) -> str:
    """Verification section: counts by kind and status, every discrepancy with its explanation, what cannot be recomputed."""
    entries = load_ledger(preset)
    errata = data.read("errata").set_index("entry_id")
    return render.errata_html(entries, errata) + render.not_recomputable_html(entries)


def ledger_summary(preset: str = paths.DEFAULT_PRESET):
    """Ledger entries by kind and status."""
    return ledger.summary(load_ledger(preset))


def ledger_appendix_html(preset: str = paths.DEFAULT_PRESET) -> str:
    """The full ledger, one row per entry, each with an anchor that the tables link to."""
    return render.ledger_html(load_ledger(preset))


def load_tables(preset: str = paths.DEFAULT_PRESET) -> list:
    """Tables 1 and 2 as written by their notebooks for this parameter set."""
    from ..analysis import table1, table2

    folder = paths.tables_dir(preset)
    return [
        products.load_table(folder, table1.TABLE_ID),
        products.load_table(folder, table2.TABLE_ID),
    ]


def header_html(title: str, preset: str) -> str:
    """Title block: what this is, which paper, which parameter set."""
    sources = data.read("sources")
    seed = sources[sources["kind"] == "seed"].iloc[0]
    return (
        f"<h1>{escape(title)}</h1>"
        f'<p class="lead">A rebuild of a published case report from its raw data. Every value in the tables '
        f"below is computed from the files in <code>data/raw/</code> and compared with the value the paper prints "
        f"(<code>data/published/</code>).</p>"
        f"<p><b>Paper rebuilt:</b> {escape(seed['citation'])}</p>"
        f"<p><b>Parameter set:</b> <code>{escape(preset)}</code> (<code>{escape(paths.relative(paths.preset_file(preset)))}</code>)</p>"
    )


def parameters(preset: str) -> dict:
    """The parameter set's values, notebook by notebook (empty when the set has no file)."""
    if not paths.preset_file(preset).is_file():
        return {}
    return params.load(paths.preset_file(preset))


def environment_html() -> str:
    """Python and key library versions (from the locked environment); no dates, no paths."""
    items = [f"Python {platform.python_version()}"] + [
        f"{p} {metadata.version(p)}" for p in KEY_PACKAGES
    ]
    return (
        "<p>Built with "
        + ", ".join(escape(i) for i in items)
        + ". Every package is pinned in <code>requirements.lock</code>.</p>"
    )


def sources_html() -> str:
    """The sources cited by the data."""
    return render.sources_html(data.read("sources"))
