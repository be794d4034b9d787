"""``wangge ... | head``: a reader that leaves early ends the command quietly, as it ends any Unix command."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.clock import child_environment, wangge_command
from tests.wangge.test_georef_cli import _gcps

READER_GONE = 141  # 128 + SIGPIPE, what a shell reports for `yes | head`


def run_with_reader_gone(*arguments: str) -> subprocess.CompletedProcess:
    """Run ``wangge ARGUMENTS`` with its output going to a pipe whose reader closed before the first byte."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [*wangge_command(), *arguments],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=child_environment({**os.environ, "LANG": "C.UTF-8"}),
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize("json_output", [False, True])
def test_info_ends_quietly(make_project, json_output):
    store = make_project()
    store.close()
    result = run_with_reader_gone("info", str(store.path), *(["--json"] if json_output else []))
    assert result.stderr == "" and result.returncode == READER_GONE


def test_georef_fit_json_ends_quietly(tmp_path):
    path, _, _ = _gcps(tmp_path)
    result = run_with_reader_gone("georef", "fit", str(path), "--json")
    assert result.stderr == "" and result.returncode == READER_GONE
