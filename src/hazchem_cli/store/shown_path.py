"""How hazchem names a file to a person: short when it is under the working directory."""

from __future__ import annotations

import os
from pathlib import Path


def shown_path(path: Path) -> str:
    """``data/tasks.yaml`` under the working directory, else the whole path, with ``/``.

    A path that climbs out of the working directory (``../../x``) says less than the
    whole one, and on Windows a path on another drive has no relative form at all.
    """
    try:
        relative = Path(os.path.relpath(path))
    except ValueError:  # another drive, on Windows
        return path.as_posix()
    if relative.parts[:1] == ("..",):
        return Path(os.path.abspath(path)).as_posix()
    return relative.as_posix()
