"""Prose names what exists: every dotted `hccrebuild.<...>` name in the notebooks (markdown and
code), README.md and docs/**/*.md resolves to a module or to an attribute of one."""

import importlib
import importlib.util
import json
import re

import pytest

from hccrebuild import paths

#: A dotted name under the package: `hccrebuild.analysis.ledger`, `hccrebuild.pipeline.deps.closure`.
DOTTED = re.compile(r"(?<![\w.])hccrebuild(?:\.[A-Za-z_]\w*)+")


def _texts() -> dict:
    """The text of each file whose names are checked, by its path relative to the checkout."""
    out = {}
    for nb in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        out[paths.relative(nb)] = "\n".join("".join(c["source"]) for c in cells)
    docs = [paths.ROOT / "README.md", *sorted((paths.ROOT / "docs").rglob("*.md"))]
    for doc in docs:
        if doc.is_file():
            out[paths.relative(doc)] = doc.read_text(encoding="utf-8")
    return out


def _names() -> list:
    """(file, dotted name) for every distinct name in every checked file."""
    return [
        (file, name)
        for file, text in _texts().items()
        for name in sorted(set(DOTTED.findall(text)))
    ]


def resolves(name: str) -> bool:
    """Whether `name` is a module, or an attribute (path) of the longest module prefix of it."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        module = ".".join(parts[:i])
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:  # a parent that is not a package
            found = False
        if not found:
            continue
        obj = importlib.import_module(module)
        for attr in parts[i:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_the_check_tells_a_made_up_name_from_a_real_one():
    assert resolves("hccrebuild.analysis.ledger")
    assert resolves("hccrebuild.analysis.ledger.build")
    assert resolves("hccrebuild.pipeline.deps")
    assert not resolves("hccrebuild.ledger")
    assert not resolves("hccrebuild.analysis.no_such_module")
    assert not resolves("hccrebuild.analysis.ledger.no_such_function")
    assert not resolves("hccrebuild.slides.export")


def test_names_are_found_in_the_notebooks_and_docs():
    files = {file for file, _ in _names()}
    assert any(f.startswith("notebooks/") for f in files), files


@pytest.mark.parametrize("file, name", _names(), ids=[f"{f}:{n}" for f, n in _names()])
def test_every_dotted_name_resolves(file, name):
    assert resolves(name), f"{file} names {name}, which is neither a module nor an attribute of one"
