"""Files written whole or not at all.

Every file Wangge writes for people and other tools (exports, workbooks, PDFs,
web pages, GPX, warped sketches) is written under a temporary name next to the
target and renamed over it only when complete, so a full disk, a crash or
Ctrl-C never leaves a half-written file where a colleague would open it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pyogrio.errors import DataLayerError, DataSourceError

from layers.errors import ExportFailedError


@contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """A temporary path next to ``path``, renamed to ``path`` when the block succeeds and removed when it fails.

    The temporary name keeps the suffix, since GDAL and openpyxl choose formats by it.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}.partial{path.suffix}")
    try:
        yield temporary
        os.replace(temporary, path)
    except (OSError, DataSourceError, DataLayerError) as error:
        _remove_partial(temporary)
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ExportFailedError(path=str(path), reason=reason) from error
    except BaseException:
        _remove_partial(temporary)
        raise


def _remove_partial(temporary: Path) -> None:
    for leftover in (temporary, *(temporary.with_name(temporary.name + end) for end in ("-journal", "-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
