"""Reading the next file while this one is loaded: two cores busy during a batch ingest.

Loading a file is mostly DuckDB appending and committing its rows (on the caller's warehouse
connection); reading one is pyarrow and the checks (`waimao.ingest.readers`). Both release the
GIL in their work, so a single worker thread that reads file n + 1 while the caller loads file
n keeps the second core busy. Nothing else changes: results come back in file order, each file
is still loaded by the caller in its own transaction, and a file that fails to read is handed
back as its error while the others go on. At most two files' rows are held at once (the one
being loaded and the one read ahead).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from waimao.errors import IngestError

Result = TypeVar("Result")


def read_ahead(paths: Sequence[Path], read: Callable[[Path], Result]) -> Iterator[tuple[Path, Result | IngestError]]:
    """(path, what `read(path)` returned or the IngestError it raised), in order, one file read ahead.

    A single file is read in the calling thread, as before. Any other exception of a read is
    raised here, in the caller's thread, when its file's turn comes.
    """
    if len(paths) < 2:
        for path in paths:
            yield path, _attempt(read, path)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="waimao-read") as worker:
        pending = worker.submit(_attempt, read, paths[0])
        for i, path in enumerate(paths):
            result = pending.result()
            if i + 1 < len(paths):
                pending = worker.submit(_attempt, read, paths[i + 1])
            yield path, result
            del result  # the caller is done with this file: only the one read ahead stays in memory


def _attempt(read: Callable[[Path], Result], path: Path) -> Result | IngestError:
    try:
        return read(path)
    except IngestError as error:
        return error
