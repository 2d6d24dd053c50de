"""The direction of flow, read from the source with ``ast`` (nothing is imported or run).

- ``analytics/`` is a library: no module in it imports streamlit, ``ui``, ``pages`` or
  ``analytics.cli`` (only ``analytics/cli/`` itself and the ``python -m analytics`` entry
  point import the CLI);
- only ``app.py``, ``ui/``, ``pages/`` and the launcher ``serve.py`` import streamlit;
- there is no import cycle among the modules of ``analytics/``;
- no module of ``analytics/`` is over :data:`MAX_LINES` lines, except pure data tables
  (:data:`DATA_MODULES`) and, until their split lands, :data:`TEMPORARY_OVER_LIMIT`.

An import of a name a package re-exports (``from analytics.criteria import load_criteria``)
counts as an import of the module that defines the name, so a package ``__init__`` that
gathers its modules' names is not a cycle; a module importing a sibling through a name
the sibling's package re-exports from the first module is.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "analytics"
MAX_LINES = 800

# Pure data tables may be long: they are read, not followed.
DATA_MODULES = frozenset({"analytics/text/ui_strings.py", "analytics/text/messages.py"})
DATA_MODULE_NAMES = frozenset({"vocabulary.py"})  # e.g. the demo generator's word lists
# Modules over the limit whose split is in progress on other branches. The integrator empties
# this list as the splits land; a listed module that is gone or fits fails the suite.
TEMPORARY_OVER_LIMIT: dict[str, str] = {}
# Top-level packages analytics/ must never import, and the CLI it must not import either.
FORBIDDEN_TOP = frozenset({"streamlit", "ui", "pages", "app"})
CLI_ENTRY = "__main__"  # analytics/__main__.py (`python -m analytics`) runs the CLI
STREAMLIT_HOMES = ("app.py", "ui/", "pages/", "serve.py")


# --------------------------------------------------------------------------- reading imports
def module_files(root: Path, package: str = PACKAGE) -> dict[str, Path]:
    """Dotted module name -> file, for every module of ``package`` under ``root``."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        name = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        found[name] = path
    return found


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute module named by a (possibly relative) ``from … import``."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    keep = len(base) - node.level + (1 if _is_package(path) else 0)
    return ".".join([*base[:keep], *([node.module] if node.module else [])])


def _imports(module: str, path: Path) -> Iterator[tuple[str, str | None]]:
    """(module, imported name or None) for every import statement, lazy ones included."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, path, node)
            for alias in node.names:
                yield source, alias.name


def _reexports(modules: dict[str, Path]) -> dict[str, dict[str, str]]:
    """For each package ``__init__``: name -> the module it imports that name from."""
    found: dict[str, dict[str, str]] = {}
    for module, path in modules.items():
        if not _is_package(path):
            continue
        names = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom):
                source = _absolute(module, path, node)
                for alias in node.names:
                    names[alias.asname or alias.name] = source
        found[module] = names
    return found


def _target(
    source: str, name: str | None, modules: dict[str, Path], reexports: dict[str, dict[str, str]]
) -> str | None:
    """The module of ``modules`` an import really depends on (None: outside the package)."""
    for _ in range(10):  # follows re-exports of re-exports; packages are not deeper than that
        if name is not None and f"{source}.{name}" in modules:
            return f"{source}.{name}"
        if name is not None and name in reexports.get(source, {}):
            source = reexports[source][name]
            continue
        while source and source not in modules:
            source = source.rpartition(".")[0]
        return source or None
    return source


def import_graph(root: Path, package: str = PACKAGE) -> dict[str, set[str]]:
    """Module -> the modules of ``package`` it imports (re-exported names resolved)."""
    modules = module_files(root, package)
    reexports = _reexports(modules)
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = {
            _target(source, name, modules, reexports) for source, name in _imports(module, path)
        }
        graph[module] = {t for t in targets if t is not None and t != module}
    return graph


def forbidden_imports(root: Path, package: str = PACKAGE) -> list[str]:
    """``"module imports X"`` for each import of streamlit, ui, pages or the CLI in ``package``."""
    found = []
    cli = f"{package}.cli"
    for module, path in module_files(root, package).items():
        for source, name in _imports(module, path):
            imported = source if name is None else f"{source}.{name}"
            top = imported.split(".")[0]
            to_cli = imported == cli or imported.startswith(f"{cli}.")
            inside_cli = module == cli or module.startswith(f"{cli}.")
            if top in FORBIDDEN_TOP or (
                to_cli and not inside_cli and module != f"{package}.{CLI_ENTRY}"
            ):
                found.append(f"{module} imports {imported}")
    return sorted(set(found))


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(cycles)


def _imports_streamlit(path: Path) -> bool:
    return any(source.split(".")[0] == "streamlit" for source, _ in _imports(path.stem, path))


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# --------------------------------------------------------------------------- the rules
def test_analytics_never_imports_streamlit_ui_or_the_cli() -> None:
    assert forbidden_imports(ROOT) == []


def test_only_app_ui_and_pages_import_streamlit() -> None:
    skipped = {".venv", ".git", "tests", "artifacts", "data", "node_modules"}
    offenders = [
        _relative(path)
        for path in sorted(ROOT.rglob("*.py"))
        if not skipped & set(path.relative_to(ROOT).parts)
        and not _relative(path).startswith(STREAMLIT_HOMES)
        and _imports_streamlit(path)
    ]
    assert offenders == []


def test_no_import_cycle_in_analytics() -> None:
    cycles = import_cycles(import_graph(ROOT))
    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def _is_data(path: str) -> bool:
    return path in DATA_MODULES or Path(path).name in DATA_MODULE_NAMES


def _size_cases() -> list[object]:
    cases = []
    for path in module_files(ROOT).values():
        name = _relative(path)
        if _is_data(name):
            continue
        marks = (
            [
                pytest.mark.xfail(
                    reason=f"TEMPORARY_OVER_LIMIT: {TEMPORARY_OVER_LIMIT[name]}", strict=True
                )
            ]
            if name in TEMPORARY_OVER_LIMIT
            else []
        )
        cases.append(pytest.param(name, marks=marks, id=name))
    return cases


@pytest.mark.parametrize("name", _size_cases())
def test_module_is_at_most_800_lines(name: str) -> None:
    lines = len((ROOT / name).read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines (> {MAX_LINES}): split it by job"


MAX_FUNCTION_LINES = 80


def long_functions(path: Path, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """Functions whose body (docstring not counted) is longer than ``limit`` lines."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        body = node.body
        has_doc = (
            isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        )
        first = body[1] if has_doc and len(body) > 1 else body[0]
        lines = (node.end_lineno or first.lineno) - first.lineno + 1
        if lines > limit:
            found.append(f"{node.name} ({lines} lines)")
    return found


@pytest.mark.parametrize(
    "name",
    sorted(
        _relative(p)
        for p in [*module_files(ROOT).values(), *(ROOT / "ui").glob("*.py")]
        if not _is_data(_relative(p))
    ),
)
def test_functions_read_as_named_steps(name: str) -> None:
    """No function body over 80 lines: longer ones are split into named steps."""
    assert long_functions(ROOT / name) == [], f"{name}: split into named steps"


def test_allow_lists_are_current() -> None:
    """Every listed module exists; a temporary entry that fits (or is gone) must be removed."""
    for name in DATA_MODULES:
        assert (ROOT / name).is_file(), f"DATA_MODULES lists a missing {name}"
    for name in TEMPORARY_OVER_LIMIT:
        assert (ROOT / name).is_file(), f"{name} is gone: remove it from TEMPORARY_OVER_LIMIT"
        assert not _is_data(name), name


# --------------------------------------------------------------------------- the checks check
def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_checks_catch_what_they_should(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.b import f\n",
            "pkg/b.py": "def f():\n    from pkg import a  # lazy, still a cycle\n",
            "pkg/c.py": "import streamlit as st\nfrom ui import tr\n",
            "pkg/d.py": "from pkg.cli.main import main\n",
            "pkg/cli/__init__.py": "",
            "pkg/cli/main.py": "from pkg.a import x\ndef main(): ...\n",
            "pkg/__main__.py": "from pkg.cli.main import main\n",
            "pkg/sub/__init__.py": "from pkg.sub.one import g\nfrom .two import h\n",
            "pkg/sub/one.py": "from pkg.sub import h  # re-exported by sub from two\ndef g(): ...\n",
            "pkg/sub/two.py": "def h(): ...\n",
        },
    )
    graph = import_graph(root, "pkg")
    assert graph["pkg.sub.one"] == {"pkg.sub.two"}  # through the re-export, not the package
    assert graph["pkg.sub"] == {"pkg.sub.one", "pkg.sub.two"}  # relative import resolved
    assert import_cycles(graph) == [["pkg.a", "pkg.b"]]  # the package gathering names is not one
    long = "def f():\n" + "    x = 1\n" * 81
    (root / "pkg/long.py").write_text(long, encoding="utf-8")
    assert long_functions(root / "pkg/long.py") == ["f (81 lines)"]
    assert long_functions(root / "pkg/b.py") == []
    (root / "pkg/long.py").unlink()
    assert forbidden_imports(root, "pkg") == [
        "pkg.c imports streamlit",
        "pkg.c imports ui.tr",
        "pkg.d imports pkg.cli.main.main",
    ]
