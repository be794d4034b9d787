"""One-way dependencies (desktop -> maps -> layers; no product module imports demo), checked by import-linter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken" in result.stdout
    assert "The product never needs the demo: layers, maps and desktop do not import demo KEPT" in result.stdout
    assert "desktop.app starts the desktop app: nothing else in desktop imports it" in result.stdout


@pytest.mark.parametrize("package", ["maps", "demo"])
def test_drawing_packages_use_no_widgets(package):
    """maps/ and demo/ draw with QtGui but never build widgets (import-linter cannot forbid a subpackage of PySide6).

    The CLI draws the demo sketch without a display; a widget would need one.
    """
    import ast

    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            offenders += [
                f"{path.name}:{node.lineno} {name}"
                for name in names
                if "QtWidgets" in name or name.startswith("pyqtgraph")
            ]
    assert not offenders, offenders


def test_the_domain_tests_load_no_qt_widgets():
    """The domain's tests, like the domain, need no Qt widgets (tests/layers/conftest.py checks each as it runs).

    pytest-qt itself loads QtWidgets when it starts, so the check collects the
    tests without it.
    """
    script = (
        "import sys, pytest\n"
        "code = pytest.main(['--collect-only', '-q', '-p', 'no:pytest-qt', '-p', 'no:cacheprovider', 'tests/layers'])\n"
        "sys.exit(code or ('PySide6.QtWidgets' in sys.modules and 'tests/layers import PySide6.QtWidgets'))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
