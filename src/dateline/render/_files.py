"""Writing output files so that a crash never leaves half a file behind, nor a temporary file."""

from __future__ import annotations

import errno
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from ..errors import OutputError

#: What to do when an output cannot be written, by ``errno``; anything else gets :data:`_OTHER_ADVICE`.
#: The store is written before the outputs, so every case can say that nothing read is lost.
WRITE_ADVICE: dict[int, str] = {
    errno.ENOSPC: "the disk is full; free some space and run the same command again (or `dateline render` on the "
                  "folder): the store keeps every report, nothing is lost",
    errno.EDQUOT: "the disk quota is used up; free some space and run the same command again (or `dateline render` "
                  "on the folder): the store keeps every report, nothing is lost",
    errno.EACCES: "the folder may not be written; make it writable or choose another --out folder",
    errno.EPERM: "the folder may not be written; make it writable or choose another --out folder",
    errno.EROFS: "the folder is on a read-only disk; choose another --out folder",
}
_OTHER_ADVICE = "check the folder and the disk, then run the same command again"


def output_error(path: Path, exc: OSError) -> OutputError:
    """An :class:`OutputError` naming ``path``, the system's reason and what to do."""
    advice = WRITE_ADVICE.get(exc.errno, _OTHER_ADVICE) if exc.errno is not None else _OTHER_ADVICE
    return OutputError(f"{path} could not be written ({exc.strerror or exc}); {advice}")


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (a string, or its pieces in order) to a temporary file beside ``path``, then rename it
    into place.

    On any failure (a full disk, an interrupt) the temporary file is removed and ``path`` keeps its
    old content; a failure to write is an :class:`OutputError` saying what to do.
    """
    tmp = path.with_name(path.name + ".tmp")
    try:
        # newline="": as given, so CSV's CR LF stays CR LF everywhere
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            if isinstance(text, str):
                handle.write(text)
            else:
                handle.writelines(text)
        tmp.replace(path)
    except BaseException as exc:
        with suppress(OSError):  # a temporary file that cannot be removed must not hide why it was left
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise output_error(path, exc) from exc
        raise


def make_folder(out: Path) -> None:
    """Make the output folder (and its parents); a failure is an :class:`OutputError` saying what to do."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(out, exc) from exc
