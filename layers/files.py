"""Files written whole or not at all.

Every file Wangge writes for people and other tools (exports, workbooks, PDFs,
web pages, GPX, warped sketches, offline copies) is written under a temporary
name next to the target and renamed over it only when complete, so a full disk,
a crash or Ctrl-C never leaves a half-written file where a colleague would open it.
A file that other programs read together with its sidecars (a warped sketch with
its world file and projection) is written as one group: all of it or none.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from layers.errors import QT_TRANSLATE_NOOP, ExportFailedError, WanggeError


@contextmanager
def atomic_output(path: str | Path, failure: type[WanggeError] = ExportFailedError) -> Iterator[Path]:
    """A temporary path next to ``path``, renamed to ``path`` when the block succeeds and removed when it fails.

    The temporary name keeps the suffix, since GDAL and openpyxl choose formats by it.
    A system error becomes ``failure`` (an error with ``path`` and ``reason``) naming ``path``.
    """
    with atomic_outputs(path, (), failure) as (temporary, _):
        yield temporary


@contextmanager
def atomic_outputs(
    path: str | Path, sidecars: Sequence[str | Path], failure: type[WanggeError] = ExportFailedError
) -> Iterator[tuple[Path, list[Path]]]:
    """Temporary paths for ``path`` and its ``sidecars``, all renamed when the block succeeds, none left when it fails.

    The sidecars are renamed first, in order, and ``path`` last: it is the file a
    reader opens, and it must find its sidecars already there. A missing folder
    is refused before any work, naming the file asked for.
    """
    from pyogrio.errors import DataLayerError, DataSourceError  # GDAL loads with the first file written

    targets = [*(Path(sidecar) for sidecar in sidecars), Path(path)]
    if not all(target.parent.is_dir() for target in targets):
        raise failure(path=str(path), reason=QT_TRANSLATE_NOOP("reason", "the folder does not exist"))
    temporaries = [_temporary_name(target) for target in targets]
    try:
        yield temporaries[-1], temporaries[:-1]
        for temporary, target in zip(temporaries, targets):
            os.replace(temporary, target)
    except (OSError, DataSourceError, DataLayerError) as error:
        _remove_partial(temporaries)
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise failure(path=str(path), reason=reason) from error
    except BaseException:
        _remove_partial(temporaries)
        raise


def _temporary_name(path: Path) -> Path:
    return path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}.partial{path.suffix}")


def _remove_partial(temporaries: list[Path]) -> None:
    """Remove what a failed write left; the error that stopped it is the one the user must see."""
    for temporary in temporaries:
        for leftover in (
            temporary,
            *(temporary.with_name(temporary.name + end) for end in ("-journal", "-wal", "-shm")),
        ):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:  # a name the disk refused (too long, say) was never made: nothing to remove
                continue
