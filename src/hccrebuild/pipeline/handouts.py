"""The session's printed documents: the student handout and the teacher's guide as tagged PDFs, laid out
by WeasyPrint like the report (`publish.html_pdf`), with the parameters the deck was built with."""

from pathlib import Path

from .. import paths
from ..files import commit, stage
from . import execute

#: The two documents' file names, and the function of `html.handouts` that makes each page. The build
#: graph reads the names without importing the page code (pandas and the package): a no-op build stays
#: quick.
FILES = {"handout.pdf": "handout_html", "teachers-guide.pdf": "guide_html"}


def deck_parameters(preset: str) -> dict:
    """The criterion and the reading of the sorafenib start the preset's deck was executed with."""
    nbformat = execute.imported("nbformat")
    nb = nbformat.read(str(paths.build_dir(preset) / "nb" / "slides.ipynb"), as_version=4)
    given = nb.metadata.get("papermill", {}).get("parameters", {})
    return {k: given[k] for k in ("criterion", "sorafenib_start") if k in given}


def build(preset: str = paths.DEFAULT_PRESET) -> list:
    """Write the handout and the guide of one parameter set into its report folder, together.

    Returns
    -------
    list of Path
        The files written.
    """
    from .. import data
    from ..html import handouts
    from . import publish

    frames = data.load(handouts.INPUTS)
    params = deck_parameters(preset)
    out = paths.report_dir(preset)
    out.mkdir(parents=True, exist_ok=True)
    staged = {
        Path(out / name): stage(
            out / name, publish.html_pdf(getattr(handouts, page)(frames, **params))
        )
        for name, page in FILES.items()
    }
    return commit(staged)
