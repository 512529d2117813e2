"""A cache of parsed data files, so that read-only commands skip YAML parsing.

Parsing YAML is nearly all the cost of answering a question about a large list (about
a second for 5,000 tasks even with the C parser), while reading the same data back from
JSON takes a twentieth of that. Entries are keyed by the SHA-256 of the file's text, so
an edit, a ``git pull`` or a checkout can never be answered from a stale entry, and a
timestamp that did not change cannot fool it. Only the parse is cached: validation runs
on every call, so a cache hit cannot hide a validation error and gives exactly the
answer a cold run gives. JSON, never pickle: reading a cache file cannot run code.

The key of an entry's name can be computed by anyone who has the file, so the name
proves nothing: an entry is trusted only when it carries an HMAC-SHA256 of its own
content under a secret kept beside the entries (``key``, readable by its owner only,
made afresh when it is missing or anything about it is wrong). An entry that is not a
regular file, is larger than any parse, or fails the HMAC is ignored and replaced; links
are never followed; pruning deletes only files named as hazchem names its entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from hazchem_cli.version import __version__

CACHE_ENV = "HAZCHEM_NO_CACHE"
#: Bounds on the cache directory: the oldest entries go first beyond either.
MAX_ENTRIES = 64
MAX_TOTAL_BYTES = 512 * 1024 * 1024
#: No parse of a file within the size limit takes more as JSON; larger entries are not read.
MAX_ENTRY_BYTES = 256 * 1024 * 1024
#: 3: a header line with the entry's HMAC, then the document. 4: the parser refuses free
#: text cut short by a comment and reads a date key's number as text, so a parse made
#: before is not taken (it may hold a shortened note).
_FORMAT = 4
_SUFFIX = ".json"
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.json")
_TEMPORARY_PREFIX = ".hazchem-entry-"
_SECRET_NAME = "key"
_SECRET_BYTES = 32
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class ParseCache:
    """Parsed documents stored as authenticated JSON files in one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._secret: bytes | None = None

    @staticmethod
    def key(text: str) -> str:
        """The entry's name: the hash of the text and of what parsed it."""
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
        digest.update(f"\0hazchem {__version__} format {_FORMAT}".encode())
        return digest.hexdigest()

    def get_json(self, key: str) -> bytes | None:
        """The cached parse as JSON text, or None when absent, unreadable or not authentic.

        An entry's first line says what it is and carries its HMAC; the document follows
        on the next, so a model can be validated straight from the text.
        """
        secret = self._read_secret()
        if secret is None:
            return None
        raw = read_own_file(self.directory / f"{key}{_SUFFIX}", MAX_ENTRY_BYTES)
        if raw is None:
            return None
        first, _, document = raw.partition(b"\n")
        try:
            header = json.loads(first)
        except ValueError:
            return None
        if (
            not isinstance(header, dict)
            or header.get("format") != _FORMAT
            or header.get("key") != key
            or not isinstance(header.get("mac"), str)
            or not hmac.compare_digest(header["mac"], _mac(secret, key, document))
        ):
            return None
        with contextlib.suppress(OSError, ValueError):
            os.utime(self.directory / f"{key}{_SUFFIX}", follow_symlinks=False)
        return document

    def get(self, key: str) -> Any | None:
        """The cached parse, or None when absent, unreadable, corrupt or not authentic."""
        document = self.get_json(key)
        if document is None:
            return None
        try:
            return json.loads(document)
        except ValueError:
            return None

    def put(self, key: str, document: Any) -> None:
        """Store a parse; any failure (read-only home, full disk) only costs speed."""
        with contextlib.suppress(OSError, TypeError, ValueError):
            secret = self._read_secret() or self._new_secret()
            body = json.dumps(document, ensure_ascii=False).encode("utf-8")
            header = {"format": _FORMAT, "key": key, "mac": _mac(secret, key, body)}
            replace_file(
                self.directory / f"{key}{_SUFFIX}", json.dumps(header).encode() + b"\n" + body
            )
            self._prune()

    def _read_secret(self) -> bytes | None:
        """The HMAC key, when it is a private regular file of ours; else None."""
        if self._secret is None:
            self._secret = read_private_key(self.directory / _SECRET_NAME, _SECRET_BYTES)
        return self._secret

    def _new_secret(self) -> bytes:
        """A fresh key (which disowns every entry made under the old one)."""
        secret = new_private_key(self.directory / _SECRET_NAME, _SECRET_BYTES)
        self._secret = secret
        return secret

    def _prune(self) -> None:
        prune_entries(self.directory, _ENTRY_NAME, MAX_ENTRIES, MAX_TOTAL_BYTES)


def read_private_key(path: Path, size: int) -> bytes | None:
    """The key in ``path`` when it is a private regular file of the user's own of ``size``
    bytes; else None. One rule for every cache hazchem keeps."""
    secret = read_own_file(path, size, private=True)
    return secret if secret is not None and len(secret) == size else None


def new_private_key(path: Path, size: int) -> bytes:
    """A fresh key written to ``path`` (which disowns every entry made under the old one)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    secret = os.urandom(size)  # what secrets.token_bytes is, without importing it
    replace_file(path, secret)
    return secret


def prune_entries(directory: Path, name: re.Pattern[str], most: int, most_bytes: int) -> None:
    """Delete the least recently used entries past ``most`` or ``most_bytes``; files whose
    name does not match ``name`` are not hazchem's and are never touched."""
    entries = []
    with os.scandir(directory) as found:
        for item in found:
            if not name.fullmatch(item.name):
                continue
            with contextlib.suppress(OSError):
                info = item.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode):
                    entries.append((info.st_mtime, info.st_size, item.name))
    entries.sort(reverse=True)
    total = 0
    for count, (_, size, entry) in enumerate(entries, start=1):
        total += size
        if count > most or total > most_bytes:
            with contextlib.suppress(OSError):
                (directory / entry).unlink()


def _mac(secret: bytes, key: str, document: bytes) -> str:
    return hmac.new(secret, key.encode() + b"\n" + document, hashlib.sha256).hexdigest()


def read_own_file(path: Path, limit: int, *, private: bool = False) -> bytes | None:
    """The file's bytes if it is a regular file (not a link, FIFO or device) of at most
    ``limit`` bytes, owned by this user and, if ``private``, readable by no one else."""
    try:
        descriptor = os.open(path, os.O_RDONLY | _NO_FOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None
        if private and os.name == "posix" and info.st_mode & 0o077:
            return None
        with open(descriptor, "rb", closefd=False) as stream:
            raw = stream.read(limit + 1)
        return raw if len(raw) <= limit else None
    except OSError:
        return None
    finally:
        os.close(descriptor)


def replace_file(path: Path, *payload: bytes | memoryview) -> None:
    """Write the pieces of ``payload`` beside ``path``, private to this user, and rename it
    over ``path`` (a rename replaces a link or a FIFO standing there; it never writes
    through one). Pieces, so that a large entry need not be joined into one copy first."""
    import tempfile  # only a run that writes pays for it

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=_TEMPORARY_PREFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            for piece in payload:
                stream.write(piece)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def default_cache(environ: dict[str, str] | None = None) -> ParseCache | None:
    """The user's cache (``$XDG_CACHE_HOME/hazchem``), or None when disabled."""
    env = os.environ if environ is None else environ
    if env.get(CACHE_ENV, "").strip() not in ("", "0"):
        return None
    base = env.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base else Path.home() / ".cache"
    return ParseCache(root / "hazchem")
