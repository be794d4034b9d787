#!/usr/bin/env bash
# Installs the oldest release of every direct dependency that the bounds in pyproject.toml
# allow, into a new virtual environment, and runs the tests there: the floors are promises
# too. uv resolves "lowest-direct" (the oldest allowed version of each package we name, the
# newest of what they pull in); pip cannot.
# Usage: tools/check_oldest_dependencies.sh [PYTEST ARGUMENTS...]   (from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-oldest
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q uv
"$venv/bin/python" -m uv pip install -q --python "$venv/bin/python" --resolution lowest-direct -e ".[test]"
"$venv/bin/python" -m uv pip list --python "$venv/bin/python"
"$venv/bin/python" -m pytest "$@"
