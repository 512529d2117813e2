"""Writing YAML the way people will review it, and replacing files without losing them.

A data file is reviewed line by line in pull requests, so a write must reproduce every
line it does not mean to change: the file's own indentation, line ends, BOM and final
newline are read from the file (:class:`FileStyle`) and used again when it is written.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from hazchem_cli.problems import HazchemError, UsageError
from hazchem_cli.yamlfile import DataText

_UTF8_BOM = b"\xef\xbb\xbf"


class Indent(NamedTuple):
    """ruamel.yaml's three indentation settings, in columns.

    ``mapping``: a nested mapping's keys, from its parent key; ``sequence``: a block
    sequence item's content, from the parent key; ``offset``: the dash, from the parent key.
    """

    mapping: int
    sequence: int
    offset: int


#: The canonical indentation: what ``hazchem import`` and ``hazchem fmt`` write.
CANONICAL_INDENT = Indent(mapping=2, sequence=4, offset=2)


@dataclass(frozen=True)
class FileStyle:
    """How a file lays out its text, beyond what the YAML document itself remembers."""

    indent: Indent = CANONICAL_INDENT
    newline: str = "\n"
    has_bom: bool = False
    final_newline: bool = True


#: The ``expected_digest`` of a file that did not exist when it was read: a file created
#: there meanwhile is a change on disk too.
ABSENT = "absent"


class WriteFailed(HazchemError):
    """A file could not be replaced; the original is untouched."""


class ChangedOnDisk(HazchemError):
    """The file changed between reading and writing it, so writing would lose that change."""


def roundtrip_yaml(indent: Indent = CANONICAL_INDENT) -> Any:
    """The one ruamel.yaml configuration for every file hazchem writes.

    Quotes are preserved and lines are never folded (Chinese text has no spaces to fold
    at, and a folded line would show up as a change in review).
    """
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Representer = _text_representer()
    yaml.preserve_quotes = True
    yaml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    yaml.width = 100_000
    yaml.allow_unicode = True
    return yaml


#: Characters YAML readers take for line breaks besides \n (CR, NEL, LS, PS): in any style
#: but double quotes with escapes they come back as a space or as \n.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def _text_representer() -> Any:
    """The round-trip representer, writing text that holds another line break escaped."""
    from ruamel.yaml.representer import RoundTripRepresenter
    from ruamel.yaml.scalarstring import (
        FoldedScalarString,
        LiteralScalarString,
        PlainScalarString,
        SingleQuotedScalarString,
    )

    class TextKeepingRepresenter(RoundTripRepresenter):
        pass

    def keeping(kind: type) -> Any:
        usual = RoundTripRepresenter.yaml_representers[kind]

        def represent(representer: Any, text: str) -> Any:
            if any(mark in text for mark in _OTHER_BREAKS):
                return representer.represent_scalar("tag:yaml.org,2002:str", text, style='"')
            return usual(representer, text)

        return represent

    for kind in (
        str,
        LiteralScalarString,
        FoldedScalarString,
        PlainScalarString,
        SingleQuotedScalarString,
    ):
        TextKeepingRepresenter.add_representer(kind, keeping(kind))
    return TextKeepingRepresenter


def dump_text(document: Any, newline: str = "\n", indent: Indent = CANONICAL_INDENT) -> str:
    """The document as text with ``newline`` line ends.

    Comments loaded from a CRLF file still end in ``\\r\\n`` while everything ruamel
    writes ends in ``\\n``, so line ends are made uniform before they are converted.
    """
    stream = io.StringIO()
    roundtrip_yaml(indent).dump(document, stream)
    text = stream.getvalue().replace("\r\n", "\n")
    return text.replace("\n", newline) if newline != "\n" else text


def detect_style(data: DataText, document: Any) -> FileStyle:
    """The layout of ``data``, loaded as ``document``, to write it back changing no other line."""
    return FileStyle(
        indent=detect_indent(document),
        newline=data.newline,
        has_bom=data.has_bom,
        final_newline=not data.text or data.text.endswith("\n"),
    )


def detect_indent(document: Any) -> Indent:
    """The indentation most of a loaded document's block collections use; else the canonical.

    Measured on the positions ruamel.yaml recorded while loading, so comments, flow lists
    and multi-line text cannot mislead it, and the file is not parsed a second time.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    mappings: Counter[int] = Counter()
    sequences: Counter[tuple[int, int]] = Counter()
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, CommentedSeq):
            stack.extend(node)
        if not isinstance(node, CommentedMap) or node.fa.flow_style():
            continue
        for key, value in node.items():
            stack.append(value)
            if not isinstance(value, (CommentedMap, CommentedSeq)) or value.fa.flow_style():
                continue
            column = node.lc.key(key)[1]
            if isinstance(value, CommentedMap) and value:
                mappings[value.lc.col - column] += 1
            elif isinstance(value, CommentedSeq) and value:
                sequences[(value.lc.item(0)[1] - column, value.lc.col - column)] += 1
    mapping = mappings.most_common(1)[0][0] if mappings else CANONICAL_INDENT.mapping
    if not sequences:
        return CANONICAL_INDENT._replace(mapping=mapping)
    sequence, offset = sequences.most_common(1)[0][0]
    return Indent(mapping, sequence, offset)


def render(document: Any, style: FileStyle) -> str:
    """The document as text in ``style`` (without the BOM, which ``write_atomically`` adds)."""
    text = dump_text(document, style.newline, style.indent)
    if not style.final_newline and text.endswith(style.newline):
        text = text[: -len(style.newline)]
    return text


def digest(data: DataText) -> str:
    """A fingerprint of the bytes ``data`` was read from, to notice a change on disk.

    Decoding is lossless (strict UTF-8, line ends untouched), so encoding the text again
    gives the very bytes that were read, without reading the file twice.
    """
    return _digest((_UTF8_BOM if data.has_bom else b"") + data.text.encode("utf-8"))


def require_editable(path: Path) -> None:
    """Refuse to change a data file inside the installed package.

    That copy comes last in the search order so that questions work anywhere; a change
    there would vanish with the next upgrade and never reach review.
    """
    import hazchem_cli

    if Path(os.path.realpath(path)).is_relative_to(Path(hazchem_cli.__file__).resolve().parent):
        raise UsageError(
            f"{path} is the copy installed with hazchem, which is not edited; run this in a "
            "checkout of the task list, or name the file with --data or $HAZCHEM_DATA"
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
    # Replace the file a link points at, keeping the link.
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    payload = (("\ufeff" if has_bom else "") + text).encode("utf-8")
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
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        if verify is not None:
            with open(temporary, "rb") as written:
                verify(written.read().decode("utf-8").removeprefix("\ufeff"))
        if original is not None:
            os.chmod(temporary, original.st_mode & 0o7777)
            with contextlib.suppress(OSError):  # only root may give a file away; keep trying
                os.chown(temporary, original.st_uid, original.st_gid)
        else:
            os.chmod(temporary, 0o666 & ~_current_umask())
        with _writers_queue(target):
            if (
                expected_digest is not None
                and (_digest_on_disk(target) or ABSENT) != expected_digest
            ):
                raise ChangedOnDisk(
                    f"{path} changed on disk while hazchem was editing it (another editor, or "
                    "a git pull?); nothing was written. Look at the change, then run the "
                    "command again"
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


def _digest_on_disk(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except FileNotFoundError:
        return None


def _write_failed(path: Path, exc: OSError) -> WriteFailed:
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason += " (is the folder read-only?)"
    return WriteFailed(f"cannot write {path}: {reason}; the file is unchanged")


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
