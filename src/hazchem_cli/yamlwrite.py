"""Writing YAML the way people will review it, and replacing files without losing them."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any


def roundtrip_yaml() -> Any:
    """The one ruamel.yaml configuration for every file hazchem writes.

    Quotes are preserved and lines are never folded (Chinese text has no spaces to fold
    at, and a folded line would show up as a change in review).
    """
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100_000
    yaml.allow_unicode = True
    return yaml


def dump_text(document: Any, newline: str = "\n") -> str:
    stream = io.StringIO()
    roundtrip_yaml().dump(document, stream)
    text = stream.getvalue()
    return text.replace("\n", newline) if newline != "\n" else text


def write_atomically(path: Path, text: str, has_bom: bool = False) -> None:
    """Replace ``path`` with ``text`` so that a reader sees the old file or the new, never half.

    The new text goes to a temporary file in the same directory, is synced to disk, and
    is renamed over the original (keeping its permissions); on any failure the temporary
    file is removed and the original is untouched.
    """
    payload = ("\ufeff" if has_bom else "") + text
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_current_umask()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
