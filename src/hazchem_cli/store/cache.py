"""A cache of parsed data files, so that read-only commands skip YAML parsing.

Parsing YAML is nearly all the cost of answering a question about a large list (about
a second for 5,000 tasks even with the C parser), while reading the same data back from
JSON takes a twentieth of that. Entries are keyed by the SHA-256 of the file's text, so
an edit, a ``git pull`` or a checkout can never be answered from a stale entry, and a
timestamp that did not change cannot fool it. Only the parse is cached: validation runs
on every call, so a cache hit cannot hide a validation error and gives exactly the
answer a cold run gives. JSON, never pickle: reading a cache file cannot run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hazchem_cli.version import __version__

CACHE_ENV = "HAZCHEM_NO_CACHE"
#: Bounds on the cache directory: the oldest entries go first beyond either.
MAX_ENTRIES = 64
MAX_TOTAL_BYTES = 512 * 1024 * 1024
_FORMAT = 2  # 2: a header line, then the document
_SUFFIX = ".json"


class ParseCache:
    """Parsed documents stored as JSON files in one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @staticmethod
    def key(text: str) -> str:
        """The entry's name: the hash of the text and of what parsed it."""
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
        digest.update(f"\0hazchem {__version__} format {_FORMAT}".encode())
        return digest.hexdigest()

    def get_json(self, key: str) -> bytes | None:
        """The cached parse as JSON text, or None when absent, unreadable or foreign.

        An entry's first line says what it is; the document follows on the next, so a
        model can be validated straight from the text. A corrupt document is left for its
        reader to notice (``get`` does, and answers None).
        """
        path = self.directory / f"{key}{_SUFFIX}"
        try:
            with path.open("rb") as stream:
                header = json.loads(stream.readline())
                document = stream.read()
        except (OSError, ValueError):
            return None
        if (
            not isinstance(header, dict)
            or header.get("format") != _FORMAT
            or header.get("key") != key
        ):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used entries are the last to be pruned
        return document

    def get(self, key: str) -> Any | None:
        """The cached parse, or None when absent, unreadable, corrupt or foreign."""
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
            self.directory.mkdir(parents=True, exist_ok=True)
            header = json.dumps({"format": _FORMAT, "key": key})
            payload = header + "\n" + json.dumps(document, ensure_ascii=False)
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    stream.write(payload)
                os.replace(temporary, self.directory / f"{key}{_SUFFIX}")
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
            self._prune()

    def _prune(self) -> None:
        entries = []
        for path in self.directory.glob(f"*{_SUFFIX}"):
            with contextlib.suppress(OSError):
                info = path.stat()
                entries.append((info.st_mtime, info.st_size, path))
        entries.sort(reverse=True)
        total = 0
        for count, (_, size, path) in enumerate(entries, start=1):
            total += size
            if count > MAX_ENTRIES or total > MAX_TOTAL_BYTES:
                with contextlib.suppress(OSError):
                    path.unlink()


def default_cache(environ: dict[str, str] | None = None) -> ParseCache | None:
    """The user's cache (``$XDG_CACHE_HOME/hazchem``), or None when disabled."""
    env = os.environ if environ is None else environ
    if env.get(CACHE_ENV, "").strip() not in ("", "0"):
        return None
    base = env.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base else Path.home() / ".cache"
    return ParseCache(root / "hazchem")
