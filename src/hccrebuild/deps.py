"""The build's dependency graph, read from the code: what each notebook imports and reads.

`python -m hccrebuild.deps` prints Make rules (included by the Makefile as build/deps.mk): for
each notebook, the package modules it imports (transitively, including imports inside functions)
and the data files those modules declare in `INPUTS`. It needs only the standard library, so Make
can run it before the environment exists.
"""

import ast
import json
import sys
from pathlib import Path

from . import paths

PACKAGE = "hccrebuild"
PKG_DIR = Path(__file__).resolve().parent
#: The notebook that assembles the report from the others' products.
REPORT = "report"
#: Notebooks for teaching: built on demand (`make slides`) or run in JupyterLab, not part of the report.
STANDALONE = ("slides", "teaching")
#: Template folder of the modules that render through nbconvert.
TEMPLATE_OF = {"publish": "report", "slides": "slides"}


def _imports(tree: ast.AST, module: str) -> set:
    """Package modules imported anywhere in a module's syntax tree."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 or node.module == PACKAGE:
                base = node.module if node.level == 1 else None
                if base:
                    found.add(base.split(".")[0])
                else:
                    found.update(a.name for a in node.names)
            elif node.module and node.module.startswith(PACKAGE + "."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith(PACKAGE + "."):
                    found.add(a.name.split(".")[1])
    return {m for m in found if (PKG_DIR / f"{m}.py").is_file() and m != module}


def closure(modules) -> list:
    """Modules reachable from `modules` by imports, `__init__` included, sorted."""
    todo, seen = list(modules), {"__init__"}
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        tree = ast.parse((PKG_DIR / f"{m}.py").read_text(encoding="utf-8"))
        todo.extend(_imports(tree, m) - seen)
    return sorted(seen)


def declared_inputs(module: str) -> list:
    """The resource names a module lists in `INPUTS` (read from its source, not by importing it).

    `INPUTS` may be a list of strings, another module's `INPUTS` (`trials.INPUTS`), or a sum or
    unpacking of those.
    """
    tree = ast.parse((PKG_DIR / f"{module}.py").read_text(encoding="utf-8"))
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id == "INPUTS" and node.value is not None:
            return list(dict.fromkeys(_names(node.value, module)))
    return []


def _names(node: ast.AST, module: str) -> list:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [n for elt in node.elts for n in _names(elt, module)]
    if isinstance(node, ast.Starred):
        return _names(node.value, module)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _names(node.left, module) + _names(node.right, module)
    if isinstance(node, ast.Attribute) and node.attr == "INPUTS" and isinstance(node.value, ast.Name):
        return declared_inputs(node.value.id)
    raise ValueError(f"src/{PACKAGE}/{module}.py: INPUTS must be built from string lists and other modules' INPUTS")


def notebook_modules(notebook: Path) -> list:
    """Package modules a notebook's code cells import, directly."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    return sorted(_imports(ast.parse(code), ""))


def resource_files() -> dict:
    """Data file of each resource of the data package."""
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    return {r["name"]: f"data/{r['path']}" for r in package["resources"]}


def notebook_inputs(notebook: Path) -> dict:
    """Everything a notebook reads: package sources and data files."""
    modules = closure(notebook_modules(notebook))
    files = resource_files()
    data = sorted({files[name] for m in modules for name in declared_inputs(m)})
    return {"modules": modules, "sources": module_sources(modules), "data": data}


def module_sources(modules) -> list:
    """Files behind a set of modules: their sources and the non-Python files they read."""
    sources = [f"src/{PACKAGE}/{m}.py" for m in modules]
    for module, folder in TEMPLATE_OF.items():
        if module in modules:
            sources += sorted(f"src/{PACKAGE}/{p.relative_to(PKG_DIR)}" for p in (PKG_DIR / "templates" / folder).rglob("*")
                              if p.is_file())
    if "plotting" in modules:
        sources.append(f"src/{PACKAGE}/{paths.MPLSTYLE.name}")
    return sources


def notebooks() -> list:
    """Notebook names, products first, the report last."""
    names = sorted(p.stem for p in paths.NOTEBOOKS.glob("*.ipynb"))
    return [n for n in names if n != REPORT] + ([REPORT] if REPORT in names else [])


def makefile_rules() -> str:
    """Make rules: one per notebook listing every input, then the report's dependence on the products."""
    lines = ["# Generated by `python -m hccrebuild.deps` from the imports and INPUTS in src/; do not edit.",
             f"NOTEBOOK_NAMES := {' '.join(notebooks())}"]
    products = []
    for name in notebooks():
        deps = notebook_inputs(paths.NOTEBOOKS / f"{name}.ipynb")
        target = f"$(BUILD)/nb/{name}.ipynb"
        prereqs = [f"notebooks/{name}.ipynb", f"$(BUILD)/params/{name}.yaml", *deps["sources"], "data/datapackage.json", *deps["data"]]
        if name == REPORT:
            prereqs += products
        elif name not in STANDALONE:
            products.append(target)
        lines.append(f"{target}: " + " \\\n\t".join(prereqs))
        lines.append(f"DATA_{name} := {' '.join(deps['data'])}")
    lines.append(f"PRODUCTS := {' '.join(products)}")
    lines.append(f"VALIDATE_SOURCES := {' '.join(module_sources(closure(['validate'])))}")
    lines.append(f"PUBLISH_SOURCES := {' '.join(module_sources(closure(['publish'])))}")
    lines.append(f"SLIDES_SOURCES := {' '.join(module_sources(closure(['slides'])))}")
    lines.append(f"ALL_DATA := {' '.join(sorted(resource_files().values()))}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(makefile_rules())
