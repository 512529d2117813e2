"""Opening files that arrive from many hands: regular files only, bounded, never followed out.

A path named ``tasks.yaml`` may be a FIFO (opening it waits forever for a writer), a
device (``/dev/zero`` never ends), a directory, a dangling or looping link, or a link
that a pull request added pointing at a secret outside the repository. Everything that
reads a data file or an input document goes through :func:`read_regular`, which opens
without blocking, looks at what it opened (never at the path again, which could change
in between), and reads at most ``limit`` bytes.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from hazchem_cli.i18n.catalogue import _

#: ``HAZCHEM_FOLLOW_LINKS=1`` (or ``check --follow-links``) lets a data file be a link to a
#: file outside its repository: the user's explicit opt-in, never the default.
FOLLOW_LINKS_ENV = "HAZCHEM_FOLLOW_LINKS"
#: Larger files are refused rather than read into memory: 64 MiB is far beyond any real
#: task list (50,000 tasks take about 20 MiB).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: The byte order mark some Windows editors put before UTF-8 text; a file read with one is
#: written with one.
UTF8_BOM = b"\xef\xbb\xbf"


def encoded(text: str, has_bom: bool) -> bytes:
    """The bytes a data file of ``text`` is: UTF-8, after the BOM it was read with. Decoding
    UTF-8 strictly loses nothing but the BOM, so this is also the bytes a file was read as."""
    return (UTF8_BOM if has_bom else b"") + text.encode("utf-8")


_follow_links: contextvars.ContextVar[bool] = contextvars.ContextVar("follow_links", default=False)


class UnreadableFile(Exception):
    """Why a path cannot be read as a data file, in words for the person who named it."""


@contextlib.contextmanager
def following_links() -> Iterator[None]:
    """Within this block, data files may be links to files outside their repository."""
    token = _follow_links.set(True)
    try:
        yield
    finally:
        _follow_links.reset(token)


def links_followed() -> bool:
    """Whether the user opted in to links leading outside the repository."""
    return _follow_links.get() or os.environ.get(FOLLOW_LINKS_ENV, "").strip() not in ("", "0")


def read_regular(path: Path, limit: int, *, contained: bool = True) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    With ``contained``, a path that is (or passes through) a link must end inside the
    path's repository (the nearest folder above it holding ``.git``) or, outside any
    repository, inside the folder it names; the user may opt out (:func:`links_followed`).

    Raises:
        UnreadableFile: the path is missing, not a regular file, too large, outside, or
            cannot be opened.
    """
    with _regular(path, limit, contained) as stream:
        raw = stream.read(limit + 1)  # the file may grow after fstat
    if len(raw) > limit:
        raise UnreadableFile(_("file is over the limit of {limit} bytes", limit=format(limit, ",")))
    return raw


def regular_sha256(path: Path, limit: int, *, contained: bool = True) -> bytes:
    """The SHA-256 of the file :func:`read_regular` would read, under the same rules, read
    a megabyte at a time: knowing whether a large list is one validated before must not
    hold it whole in memory, nor wait on a FIFO or follow a link out of its repository.

    Raises:
        UnreadableFile: as :func:`read_regular`.
    """
    import hashlib

    digest = hashlib.sha256()
    buffer = bytearray(1 << 20)
    view = memoryview(buffer)
    size = 0
    with _regular(path, limit, contained) as stream:
        while count := stream.readinto(buffer):
            digest.update(view[:count])
            size += count
            if size > limit:
                raise UnreadableFile(
                    _("file is over the limit of {limit} bytes", limit=format(limit, ","))
                )
    return digest.digest()


@contextlib.contextmanager
def _regular(path: Path, limit: int, contained: bool) -> Iterator[io.BufferedReader]:
    """The regular file at ``path``, opened without blocking and checked by what was
    opened (never by the path again, which could change in between); read errors are
    told as ``UnreadableFile``."""
    if contained and not links_followed():
        refuse_outside_link(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise UnreadableFile(_open_failure(path, exc)) from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile(_directory_message())
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(_("is {kind}, not a regular file", kind=_kind(info.st_mode)))
        if info.st_size > limit:
            raise UnreadableFile(
                _(
                    "file is {size} bytes; the limit is {limit} bytes",
                    size=format(info.st_size, ","),
                    limit=format(limit, ","),
                )
            )
        with open(descriptor, "rb", closefd=False) as stream:
            yield stream
    except OSError as exc:
        raise UnreadableFile(_open_failure(path, exc)) from None
    finally:
        os.close(descriptor)


def refuse_outside_link(path: Path) -> None:
    """Raise when links take ``path`` outside its repository (or its folder, outside one)."""
    absolute = Path(os.path.abspath(path))
    real = Path(os.path.realpath(absolute))
    if real == absolute:
        return
    root = Path(os.path.realpath(repository_of(absolute)))
    if not real.is_relative_to(root):
        raise UnreadableFile(
            _(
                "is a link to {target}, outside {root}; data files must be inside their "
                "repository. If you trust this link, set {variable}=1 "
                "(or run check --follow-links)",
                target=real,
                root=root,
                variable=FOLLOW_LINKS_ENV,
            )
        )


def repository_of(path: Path) -> Path:
    """The nearest folder above ``path`` holding ``.git``; else the folder ``path`` is in."""
    for folder in path.parents:
        if os.path.lexists(folder / ".git"):
            return folder
    return path.parent


def _open_failure(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        if os.path.lexists(path):
            return _("is a link to {target}, which does not exist", target=os.readlink(path))
        return _("file not found")
    if exc.errno == errno.ELOOP:
        return _("is a link that loops back on itself")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("permission denied: the file cannot be read")
    if exc.errno == errno.EISDIR:
        return _directory_message()
    if exc.errno == errno.ENXIO:
        return _("is a FIFO or socket, not a regular file")
    return _("cannot be read: {reason}", reason=exc.strerror or exc)


def _directory_message() -> str:
    return _("is a directory, not a YAML file")


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, _("a FIFO (named pipe)")),
        (stat.S_ISCHR, _("a character device")),
        (stat.S_ISBLK, _("a block device")),
        (stat.S_ISSOCK, _("a socket")),
    )
    return next((name for test, name in kinds if test(mode)), _("a special file"))
