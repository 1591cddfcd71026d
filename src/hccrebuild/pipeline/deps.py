"""The build's dependency graph, read from the code: what each notebook imports and reads.

For each notebook: the package modules it imports (transitively, including imports inside
functions) and the data files those modules declare in `INPUTS`, read from the source (no module
is imported). The build engine (`tasks`) makes them the inputs of each notebook's step.
"""

import ast
import functools
import json
from pathlib import Path

from .. import paths

PACKAGE = "hccrebuild"
PKG_DIR = paths.PACKAGE
#: The notebook that assembles the report from the others' products.
REPORT = paths.REPORT_NOTEBOOK
#: Notebooks for teaching: built on demand (`make slides`) or run in JupyterLab, not part of the report.
STANDALONE = paths.TEACHING_NOTEBOOKS


@functools.cache
def module_file(module: str):
    """The source file of a dotted module name (`hccrebuild.analysis.fmt`), or None if not ours."""
    if module != PACKAGE and not module.startswith(PACKAGE + "."):
        return None
    base = PKG_DIR.joinpath(*module.split(".")[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _package_of(module: str) -> str:
    """The package a module's relative imports start from (itself for an `__init__`)."""
    path = module_file(module)
    return module if path is None or path.name == "__init__.py" else module.rsplit(".", 1)[0]


def _parents(module: str) -> list:
    """Packages Python imports before `module`: `hccrebuild`, `hccrebuild.analysis`, ..."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


@functools.cache
def _module_bindings(module: str) -> dict:
    return _bindings(_tree(module), module)


def _bindings(tree: ast.AST, module: str) -> dict:
    """Package modules imported anywhere in a module's syntax tree, by the local name they bind.

    Names bound to something other than a module (`from .tables import Cell`) map to the
    module they come from, under a private key, so that the module still counts as imported.
    """
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = _package_of(module).split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if module_file(base) is None:
                continue
            found[f" {base}"] = base
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found[alias.asname or alias.name] = sub if module_file(sub) else base
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if module_file(alias.name):
                    found[f" {alias.name}"] = alias.name
    return found


def _imports(tree: ast.AST, module: str, bindings: dict = None) -> set:
    """Package modules (dotted names) imported anywhere in a module's syntax tree, parents included."""
    direct = set((bindings or _bindings(tree, module)).values())
    return ({m for d in direct for m in _parents(d)} | direct) - {module}


@functools.cache
def _module_imports(module: str) -> frozenset:
    return frozenset(_imports(_tree(module), module, _module_bindings(module)))


@functools.cache  # each module is parsed once per run (the graph visits most of them many times)
def _tree(module: str) -> ast.AST:
    return ast.parse(module_file(module).read_text(encoding="utf-8"))


#: Build steps of their own: a notebook does not depend on them. Validation runs before any notebook
#: (a step with its own sources, `tasks.validation_tasks`) and only passes or stops the build, so a
#: change to its code or to the data the errata check reads re-runs validation, not every notebook.
OWN_STEPS = ("hccrebuild.data.validate", "hccrebuild.analysis.ledger.errata")


def closure(modules, boundary=OWN_STEPS) -> list:
    """Modules reachable from `modules` by imports (parent packages included), sorted; modules in
    `boundary` are neither included nor followed unless asked for directly."""
    todo, seen = list(modules), set()
    for m in list(todo):
        todo.extend(_parents(m))
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        todo.extend(_module_imports(m) - seen - set(boundary))
    return sorted(seen)


def _declared(module: str, name: str) -> list:
    """The strings a module assigns to `name` at top level (read from its source, not by importing it).

    The value may be a list of strings, another module's list of the same name
    (`trial_data.INPUTS`), or a sum or unpacking of those.
    """
    tree = _tree(module)
    bindings = _module_bindings(module)
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id == name and node.value is not None:
            return list(dict.fromkeys(_names(node.value, module, name, bindings)))
    return []


def declared_inputs(module: str) -> list:
    """The resource names a module lists in `INPUTS`."""
    return _declared(module, "INPUTS")


def declared_files(module: str) -> list:
    """Files a module reads from the package (`PACKAGE_FILES`, relative to its folder), as repo paths."""
    folder = module_file(module).parent
    out = []
    for rel in _declared(module, "PACKAGE_FILES"):
        path = (folder / rel).resolve()
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        out += [f"src/{p.relative_to(PKG_DIR.parent).as_posix()}" for p in files]
    return out


def _names(node: ast.AST, module: str, name: str, bindings: dict) -> list:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [n for elt in node.elts for n in _names(elt, module, name, bindings)]
    if isinstance(node, ast.Starred):
        return _names(node.value, module, name, bindings)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _names(node.left, module, name, bindings) + _names(
            node.right, module, name, bindings
        )
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in bindings
    ):
        return _declared(bindings[node.value.id], node.attr)
    if isinstance(node, ast.Name):
        # a list named in this module or imported by name from another (`from .x import NAMES`)
        owner = bindings.get(node.id, module)
        found = _declared(owner, node.id)
        if found or owner != module:
            return found
    raise ValueError(
        f"{module_file(module)}: {name} must be built from string lists and other modules' {name}"
    )


def notebook_modules(notebook: Path) -> list:
    """Package modules a notebook's code cells import, directly (dotted names)."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    return sorted(_imports(ast.parse(code), "__notebook__"))


def loaded_modules() -> dict:
    """Every package module each notebook loads (its imports, followed), by notebook name."""
    return {n: closure(notebook_modules(paths.NOTEBOOKS / f"{n}.ipynb")) for n in notebooks()}


def resource_files() -> dict:
    """Data file of each resource of the data package (none if the descriptor is unreadable:
    validation, which runs before any notebook, then names the problem)."""
    try:
        package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
        return {r["name"]: f"data/{r['path']}" for r in package["resources"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def notebook_inputs(notebook: Path) -> dict:
    """Everything a notebook reads: package sources and data files."""
    modules = closure(notebook_modules(notebook))
    files = resource_files()
    data = sorted({files[name] for m in modules for name in declared_inputs(m) if name in files})
    return {"modules": modules, "sources": module_sources(modules), "data": data}


def module_sources(modules) -> list:
    """Files behind a set of modules: their sources and the package files they declare they read."""
    sources = [f"src/{module_file(m).relative_to(PKG_DIR.parent).as_posix()}" for m in modules]
    for m in modules:
        sources += declared_files(m)
    return sorted(dict.fromkeys(sources))


def notebooks() -> list:
    """The project's notebook names (`paths`; no other notebook in the folder), the report last."""
    names = sorted([*paths.PRODUCT_NOTEBOOKS, *paths.TEACHING_NOTEBOOKS])
    return [*names, paths.REPORT_NOTEBOOK]
