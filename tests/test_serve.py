"""The dashboard's launcher (``serve.py``): every page's modules imported before the server.

The browser tests (``tests/test_browser.py``) start every dashboard with it.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import serve
from tests.test_pages import ROOT


def test_page_modules_are_what_app_and_every_page_import():
    names = set(serve.page_modules())
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                assert node.module in names, (path.name, node.module)
            elif isinstance(node, ast.Import):
                assert {a.name for a in node.names} <= names, path.name
    assert {"ui", "streamlit", "analytics.charts.model"} <= names


def test_warm_imports_everything_quietly_in_a_new_process():
    code = (
        "import sys, serve\n"
        "names = serve.warm()\n"
        "missing = [n for n in names if n not in sys.modules]\n"
        "print(len(names), missing)\n"
    )
    done = _python(code)
    count, missing = done.stdout.split(" ", 1)
    assert int(count) >= len(serve.LAZY_MODULES) + 10 and missing.strip() == "[]"
    # Streamlit's warning about caches declared before its server runs is muted
    assert "No runtime found" not in done.stderr


def test_warm_maps_the_modules_to_their_files_before_the_first_page():
    """Streamlit's once-a-process REPL check (``inspect.stack()`` at a page's first element)
    then resolves a few paths, not one per imported module."""
    code = (
        "import os, sys, serve\n"
        "serve.warm()\n"
        "from streamlit import env_util\n"
        "real, calls = os.path.realpath, []\n"
        "os.path.realpath = lambda *a, **k: calls.append(1) or real(*a, **k)\n"
        "env_util.is_repl()\n"
        "print(len(calls), len(sys.modules))\n"
    )
    calls, modules = map(int, _python(code).stdout.split())
    assert modules > 1_000 and calls < 100, (calls, modules)


def _python(code: str) -> subprocess.CompletedProcess[str]:
    """``code`` run by a new Python in the project folder (it must succeed)."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done
