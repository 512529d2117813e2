"""Writing a report or a calendar where ``-o`` says, without harming what stands there.

``-o`` names a file a person chose, and whatever stands at that path is respected: a
regular file (or nothing) is replaced whole, atomically; a device or a pipe (``-o
/dev/null``, a FIFO a program reads) is written to, never replaced by a regular file; a
link is refused, because writing through it would change a file elsewhere that the user
did not name (a link planted in a shared folder points wherever its maker chose). That
includes ``/dev/stdout``, itself a link: without ``-o`` the output goes there anyway.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from hazchem_cli.edit.atomic import write_atomically
from hazchem_cli.errors import HazchemError
from hazchem_cli.i18n.catalogue import _


class OutputRefused(HazchemError):
    """The ``-o`` path is something hazchem will not write to; nothing was written."""


def write_output(path: Path, text: str) -> None:
    """Put ``text`` at ``path`` as described above.

    Raises:
        OutputRefused: ``path`` is a link or a directory, or a pipe no one reads.
        WriteFailed: the system refused to write.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputRefused(_cannot_write(path, exc)) from None
    if info is None or stat.S_ISREG(info.st_mode):
        write_atomically(path, text)
    elif stat.S_ISLNK(info.st_mode):
        raise OutputRefused(
            _(
                "{path} is a link (to {target}); hazchem does not write through "
                "links. Name the file itself, or remove the link first; nothing was written",
                path=path,
                target=os.readlink(path),
            )
        )
    elif stat.S_ISDIR(info.st_mode):
        raise OutputRefused(
            _("{path} is a folder; name a file inside it; nothing was written", path=path)
        )
    else:
        _write_special(path, text.encode("utf-8"))


def _write_special(path: Path, payload: bytes) -> None:
    """Write into a device or pipe as it is; a FIFO nobody reads is an error, not a hang."""
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputRefused(
                _("{path} is a pipe that no program is reading", path=path)
            ) from None
        raise OutputRefused(_cannot_write(path, exc)) from None
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)  # the reader sets the pace from here on
        view = memoryview(payload)
        while view:
            view = view[os.write(descriptor, view) :]
    except OSError as exc:
        raise OutputRefused(_cannot_write(path, exc)) from None
    finally:
        os.close(descriptor)


def _cannot_write(path: Path, exc: OSError) -> str:
    return _("cannot write {path}: {reason}", path=path, reason=exc.strerror or exc)
