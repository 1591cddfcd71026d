"""Writing files so that a reader never sees half of one: write beside it, then rename over it."""

import os
from pathlib import Path

#: Environment variable naming a file to which every file written here adds its path. The build
#: sets it for each kernel it starts, so that it knows which files each notebook wrote and can
#: tell later whether they are still the ones written then (pipeline/tasks.py).
WRITTEN_LOG = "HCCREBUILD_WRITTEN_LOG"


def _note_written(path: Path) -> None:
    log = os.environ.get(WRITTEN_LOG)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{Path(path).resolve()}\n")


def write_atomic(path: Path, content) -> Path:
    """Write `content` (str as UTF-8, or bytes) to `path` via a temporary name in the same folder.

    The folder is created if needed. A failure leaves any previous file at `path` as it was.

    Returns
    -------
    Path
        `path`.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = stage(path, content)
    os.replace(tmp, path)
    _note_written(path)
    return path


def stage(path: Path, content) -> Path:
    """Write `content` to the temporary name of `path` (`.<name>.tmp`) and return that name.

    For writing several files that must appear together: stage each, then `commit` them all.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    if isinstance(content, bytes):
        tmp.write_bytes(content)
    else:
        tmp.write_text(content, encoding="utf-8")
    return tmp


def commit(staged: dict) -> list:
    """Rename each staged temporary file (value) over its destination (key); returns the destinations."""
    for dest, tmp in staged.items():
        os.replace(tmp, dest)
        _note_written(dest)
    return list(staged)


def frame_csv(frame, **kwargs) -> str:
    """A DataFrame as CSV text the way every product is written: no index, LF line ends."""
    return frame.to_csv(index=False, lineterminator="\n", **kwargs)
