"""Replacing a file without losing it, or a change someone else saved meanwhile.

Every file hazchem writes (the data files, a report, a calendar) goes through here: the
new text is written beside the old, synced, and renamed over it, so a reader sees the old
file or the new, never half of one.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from hazchem_cli.errors import HazchemError, UsageError
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.store.files import encoded
from hazchem_cli.store.yaml_read import DataText

#: The installed package's folder: the shipped data files inside it are never edited.
_PACKAGE = Path(__file__).resolve().parents[1]


#: A file's bytes as pieces written one after the other: the unchanged parts of a large
#: file are views of the bytes read, not copies.
Pieces = tuple[bytes | memoryview, ...]

#: The ``expected_digest`` of a file that did not exist when it was read: a file created
#: there meanwhile is a change on disk too.
ABSENT = "absent"


class WriteFailed(HazchemError):
    """A file could not be replaced; the original is untouched."""


class ChangedOnDisk(HazchemError):
    """The file changed between reading and writing it, so writing would lose that change."""


def digest(data: DataText) -> str:
    """A fingerprint of the bytes ``data`` was read from, to notice a change on disk.

    Decoding is lossless (strict UTF-8, line ends untouched), so encoding the text again
    gives the very bytes that were read, without reading the file twice.
    """
    return _digest(encoded(data.text, data.has_bom))


def require_editable(path: Path) -> None:
    """Refuse to change a data file inside the installed package.

    That copy comes last in the search order so that questions work anywhere; a change
    there would vanish with the next upgrade and never reach review.
    """
    if Path(os.path.realpath(path)).is_relative_to(_PACKAGE):
        raise UsageError(
            _(
                "{path} is the copy installed with hazchem, which is not edited; run this in a "
                "checkout of the task list, or name the file with --data or $HAZCHEM_DATA",
                path=path,
            )
        )


def write_atomically(
    path: Path,
    text: str,
    has_bom: bool = False,
    *,
    expected_digest: str | None = None,
    verify: Callable[[str], None] | None = None,
) -> None:
    """Replace ``path`` with ``text`` so that a reader sees the old file or the new, never half.

    The new text goes to a temporary file in the same directory, is synced to disk, and is
    renamed over the original (keeping its permissions). With ``expected_digest``, the file
    on disk is compared with what was read just before the rename, and a change made
    meanwhile (another editor, a ``git pull``) stops the write with ``ChangedOnDisk``.
    With ``verify``, the text read back from the written temporary file is given to it
    before the rename; whatever it raises stops the write. On any failure the temporary
    file is removed and the original is untouched.

    Raises:
        ChangedOnDisk: the file no longer holds the bytes ``expected_digest`` was made from.
        WriteFailed: the system refused (disk full, read-only directory, permissions).
    """
    write_bytes_atomically(
        path,
        (encoded(text, has_bom),),
        unchanged=None if expected_digest is None else _digest_is(expected_digest),
        verify=None if verify is None else _reading_text(verify),
    )


def write_bytes_atomically(
    path: Path,
    payload: Pieces,
    *,
    unchanged: Callable[[bytes | None], bool] | None = None,
    verify: Callable[[bytes], None] | None = None,
) -> None:
    """``write_atomically`` for a payload already encoded, the BOM included, in pieces
    written one after the other: ``verify`` is given the bytes read back, and ``unchanged``
    those on disk just before the rename (None when there is no file), to say whether they
    are still the ones read; if not, the write stops with ``ChangedOnDisk``. An edit of a
    large file encodes it once and compares the file with the bytes it read, instead of
    encoding, decoding and hashing it again here.
    """
    # Replace the file a link points at, keeping the link.
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        original = target.stat()
    except FileNotFoundError:
        original = None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        raise _write_failed(path, exc) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            for piece in payload:
                stream.write(piece)
            stream.flush()
            os.fsync(stream.fileno())
        if verify is not None:
            with open(temporary, "rb") as written:
                verify(written.read())
        if original is not None:
            os.chmod(temporary, original.st_mode & 0o7777)
            with contextlib.suppress(OSError):  # only root may give a file away; keep trying
                os.chown(temporary, original.st_uid, original.st_gid)
        else:
            os.chmod(temporary, 0o666 & ~_current_umask())
        with _writers_queue(target):
            if unchanged is not None and not unchanged(_bytes_on_disk(target)):
                raise ChangedOnDisk(
                    _(
                        "{path} changed on disk while hazchem was editing it (another editor, "
                        "or a git pull?); nothing was written. Look at the change, then run the "
                        "command again",
                        path=path,
                    )
                )
            os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _write_failed(path, exc) from None
        raise
    _sync_directory(target.parent)


@contextlib.contextmanager
def _writers_queue(target: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file from the last comparison to the rename.

    Without it two hazchem edits could both compare before either renames, and the later
    rename would silently drop the earlier edit. Other programs do not take the lock; the
    comparison still catches what they saved before it. Where ``fcntl`` is missing
    (Windows) or the file is new, only the comparison guards.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        stream = target.open("rb")
    except OSError:
        yield
        return
    with stream:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX)
        yield  # the lock goes with the descriptor when the file is closed


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _reading_text(verify: Callable[[str], None]) -> Callable[[bytes], None]:
    """``verify``, given the text of the bytes read back."""
    return lambda written: verify(written.decode("utf-8").removeprefix("\ufeff"))


def _digest_is(expected_digest: str) -> Callable[[bytes | None], bool]:
    """Whether a file's bytes (None: no file) are those ``expected_digest`` was made from."""
    return lambda raw: (ABSENT if raw is None else _digest(raw)) == expected_digest


def _bytes_on_disk(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _write_failed(path: Path, exc: OSError) -> WriteFailed:
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return WriteFailed(
            _(
                "cannot write {path}: {reason} (is the folder read-only?); the file is unchanged",
                path=path,
                reason=reason,
            )
        )
    return WriteFailed(
        _("cannot write {path}: {reason}; the file is unchanged", path=path, reason=reason)
    )


def _sync_directory(folder: Path) -> None:
    """Make the rename itself durable; where a folder cannot be opened, the rename stands."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
