"""The deck as one offline file: nbconvert's reveal.js export of the executed slides notebook."""

from pathlib import Path

from .. import paths
from ..errors import RebuildError
from ..files import write_atomic
from . import execute
from .vendor import REVEAL_THEME, vendor_resources, vendor_reveal

#: The nbconvert template folder this module renders with.
PACKAGE_FILES = ["../html/templates/slides"]

#: Slide size in pixels and slide-number format: a 16:9 slide, as projectors and laptops show it, so a
#: 1280 x 720 screen shows the slide at nearly its own size (reveal.js scales it to the window, less a
#: margin of 2 %: templates/slides/index.html.j2) and the deck's font sizes are close to those on screen.
WIDTH, HEIGHT, NUMBER = 1280, 720, "c/t"


def export(preset: str = paths.DEFAULT_PRESET, notebook: Path = None) -> Path:
    """Convert the executed deck notebook into one self-contained reveal.js file, `slides.html`.

    reveal.js is vendored first if needed (`vendor_reveal`). The file is written under a
    temporary name and renamed, so a failure leaves the previous deck as it was.

    Parameters
    ----------
    preset : str
        Parameter set; decides the notebook read and the folder written (`paths.report_dir`).
    notebook : Path, optional
        The executed deck; default `paths.build_dir(preset)/"nb"/"slides.ipynb"`.

    Returns
    -------
    Path
        The slides file.
    """
    nbformat = execute.imported("nbformat")
    SlidesExporter = execute.imported("nbconvert").SlidesExporter  # noqa: N806

    notebook = Path(notebook or paths.build_dir(preset) / "nb" / "slides.ipynb")
    if not notebook.is_file():
        raise RebuildError(
            f"{paths.relative(notebook)} is missing: execute notebooks/slides.ipynb first"
        )
    vendor_reveal()
    exporter = SlidesExporter(
        template_name="slides",
        extra_template_basedirs=[str(paths.TEMPLATES)],
        reveal_theme=REVEAL_THEME,
        reveal_number=NUMBER,
        reveal_width=str(WIDTH),
        reveal_height=str(HEIGHT),
    )
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    nb = nbformat.read(str(notebook), as_version=4)
    for cell in nb.cells:
        # papermill's injected parameters carry no slide type and would open the deck with an empty slide
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.metadata["slideshow"] = {"slide_type": "skip"}
    html, _ = exporter.from_notebook_node(
        nb, resources={"vendor": vendor_resources(), "metadata": {"name": notebook.stem}}
    )
    return write_atomic(paths.report_dir(preset) / "slides.html", html)
