"""Every module the product and its tests import is declared in ``pyproject.toml``.

A fresh install gets only what is declared; an import that works only because the
developer's Python already had the package (scipy did, once) breaks the README's
commands on every other machine.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterator
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("layers", "maps", "desktop", "demo", "wangge", "resources")
FIRST_PARTY = {*PRODUCT, "tests", "tools", "update_translations"}
SYSTEM_PYTHON_SCRIPTS = {"tests/qgis_field_client.py"}
"""Run by Debian's /usr/bin/python3 in a subprocess, with its python3-qgis (which .ci/run installs);
never imported by the suite, whose Python has no QGIS."""


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0]


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(*extras: str) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    return {_normalised(_requirement_name(r)) for r in requirements}


def _imports(path: Path) -> Iterator[str]:
    """Every module ``path`` imports, its dotted name in full."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def _imported_modules(folders: tuple[str, ...]) -> dict[str, str]:
    """Top-level module name -> the first file that imports it, over every import statement."""
    found: dict[str, str] = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if str(path.relative_to(ROOT)) not in SYSTEM_PYTHON_SCRIPTS:
                for name in _imports(path):
                    found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def _undeclared(folders: tuple[str, ...], declared: set[str]) -> list[str]:
    distributions = packages_distributions()
    problems = []
    for module, where in sorted(_imported_modules(folders).items()):
        if module in sys.stdlib_module_names or module in FIRST_PARTY:
            continue
        providers = {_normalised(d) for d in distributions.get(module, [])}
        if not providers:
            problems.append(f"{module} (imported by {where}) is not installed by any declared package")
        elif not providers & declared:
            problems.append(f"{module} (imported by {where}) comes from {sorted(providers)}, not declared")
    return problems


def test_scripts_for_the_system_python_are_not_imported_by_the_suite():
    scripts = {script.removesuffix(".py").replace("/", ".") for script in SYSTEM_PYTHON_SCRIPTS}
    for path in sorted((ROOT / "tests").rglob("*.py")):
        assert not scripts & set(_imports(path)), path


def test_every_product_import_is_a_declared_dependency():
    assert _undeclared(PRODUCT, _declared()) == []


def test_every_test_import_is_declared_in_the_test_extra():
    assert _undeclared(("tests",), _declared("test")) == []
