"""The one-way dependencies desktop -> maps -> layers, checked by import-linter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
    assert "Contracts: 2 kept, 0 broken" in result.stdout


def test_maps_uses_no_widgets():
    """maps/ may draw with QtGui but never build widgets (import-linter cannot forbid a subpackage of PySide6)."""
    import ast

    offenders = []
    for path in sorted((ROOT / "maps").rglob("*.py")):
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
