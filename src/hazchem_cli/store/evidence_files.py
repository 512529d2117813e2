"""Where evidence files live, and whether each is still the file that was recorded.

Evidence (佐证材料) is copied into the repository that holds the task list, under
``evidence/<task id>/``, so it is reviewed, versioned and backed up with the list. The
record keeps the file's SHA-256: a file replaced, edited or lost after review is found
by ``hazchem check``, never silently trusted.

Hashing every file is ``check``'s business only: queries do not read evidence files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from hazchem_cli.model.documents import TaskFile

#: The folder, under the repository root, that holds a folder of evidence per task.
EVIDENCE_DIR = "evidence"
#: Files larger than this are refused: git keeps every version of every file forever, and
#: hosting services refuse files of 100 MB. Larger evidence belongs in git LFS or on a
#: shared drive, recorded by its link.
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def repository_root(tasks_path: Path) -> Path:
    """The root of the git repository holding the task file; its folder when there is none.

    Found by looking for ``.git`` (a folder, or a file in a worktree) upwards, without
    running git, so ``check`` stays fast and works where git is not installed.
    """
    folder = tasks_path.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks (evidence may be large scans)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def evidence_faults(task_file: TaskFile, root: Path) -> Iterator[tuple[int, int, str, str]]:
    """Each evidence file that is missing or changed: (task index, item, path, fault).

    ``fault`` is ``missing`` or ``changed``.
    """
    for index, task in enumerate(task_file.tasks):
        for number, item in enumerate(task.evidence):
            if item.path is None:
                continue
            file = root / item.path
            if not file.is_file():
                yield index, number, item.path, "missing"
            elif file.stat().st_size != item.size or sha256_of(file) != item.sha256:
                yield index, number, item.path, "changed"
