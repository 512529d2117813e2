"""Evidence (佐证材料): copying proof of completion into the repository and recording it.

A file is copied under ``evidence/<task id>/`` with its own name kept readable, so a
reviewer browsing the repository finds it without hazchem; the record in ``tasks.yaml``
holds its title, path, size and SHA-256, who added it and when. A link is recorded as a
reference. Everything is checked before anything is copied, and copies are removed again
if the task file is not written, so a refused command leaves the repository as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from hazchem_cli.edit.atomic import require_editable
from hazchem_cli.edit.layout import EVIDENCE_KEY_ORDER, append_to
from hazchem_cli.edit.task_edits import (
    EditRefused,
    EditResult,
    EditTarget,
    edit_task,
    fresh_date,
    new_mapping,
    not_after_today,
)
from hazchem_cli.errors import UsageError
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model.documents import Evidence
from hazchem_cli.store.cache import ParseCache
from hazchem_cli.store.evidence_files import (
    EVIDENCE_DIR,
    MAX_EVIDENCE_BYTES,
    repository_root,
    sha256_of,
)
from hazchem_cli.store.locate import DataPaths
from hazchem_cli.store.signoff_rules import say

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
#: Characters Windows, macOS or git refuse in a file name, and control characters.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


@dataclass(frozen=True)
class PlannedEvidence:
    """One piece of evidence, checked and ready: a file to copy (or already in place), or
    a link."""

    title: str
    url: str | None = None
    source: Path | None = None
    target: Path | None = None  # where the copy goes; None for a link
    relative: str | None = None  # the target relative to the repository root, with /
    size: int | None = None
    sha256: str | None = None

    def made_on(self, on: dt.date) -> Callable[[str], Any]:
        """The record, dated ``on``, once it is known who adds it."""
        return lambda by: self.record(by, on)

    def record(self, by: str, on: dt.date) -> Any:
        """The mapping written under the task's ``evidence:``."""
        return new_mapping(
            EVIDENCE_KEY_ORDER,
            on=fresh_date(on),
            by=by,
            title=self.title,
            path=self.relative,
            url=self.url,
            size=self.size,
            sha256=self.sha256,
        )


def plan_evidence(
    items: Sequence[str],
    task_id: int,
    tasks_path: Path,
    recorded: Sequence[Evidence] = (),
    title: str | None = None,
) -> list[PlannedEvidence]:
    """Check each file or link and decide where each copy goes; nothing is written.

    Raises ``UsageError`` for what cannot be evidence (nothing there, a folder, a link
    leading out of the repository) and ``EditRefused`` for a file too large or already
    recorded.
    """
    require_editable(tasks_path)  # the installed copy: nothing is copied beside it either
    root = repository_root(tasks_path)
    planned: list[PlannedEvidence] = []
    for item in items:
        if _URL.match(item):
            entry = PlannedEvidence(title=title or item, url=item)
        else:
            entry = _plan_file(Path(item), task_id, root, planned, title)
        earlier = [(e.title, e.sha256, e.url) for e in recorded]
        earlier += [(e.title, e.sha256, e.url) for e in planned]
        for shown, sha256, url in earlier:
            if (sha256 == entry.sha256) if entry.sha256 else (url == entry.url):
                raise EditRefused(say("evidence_already_recorded", id=task_id, title=shown))
        planned.append(entry)
    return planned


def copy_evidence(planned: Sequence[PlannedEvidence]) -> list[Path]:
    """Copy the planned files into place; returns what was created, to undo it on failure.

    Each copy is written to a temporary name and renamed, so no half-copied file is left;
    a file that changed since it was planned (and hashed) is refused.
    """
    created: list[Path] = []
    try:
        for entry in planned:
            if entry.source is None or entry.target is None or entry.target.exists():
                continue
            for folder in reversed([entry.target.parent, *entry.target.parent.parents]):
                if not folder.exists():
                    folder.mkdir()
                    created.append(folder)
            content = entry.source.read_bytes()
            if hashlib.sha256(content).hexdigest() != entry.sha256:
                raise EditRefused(
                    say("evidence_unreadable", path=entry.source, reason=_("changed while copied"))
                )
            partial = entry.target.with_name(entry.target.name + ".partial")
            created.append(partial)
            partial.write_bytes(content)
            os.replace(partial, entry.target)
            created[-1] = entry.target
    except BaseException:
        remove_created(created)
        raise
    return created


def remove_created(created: Sequence[Path]) -> None:
    """Undo ``copy_evidence``: files first, then the folders it made, innermost first."""
    for path in reversed(created):
        with contextlib.suppress(OSError):  # a folder someone filled meanwhile stays
            if not path.exists():
                continue
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink()


def add_evidence(
    paths: DataPaths,
    task_id: int,
    items: Sequence[str],
    *,
    today: dt.date,
    by: str | None = None,
    on: dt.date | None = None,
    title: str | None = None,
    cache: ParseCache | None = None,
) -> EditResult:
    """Copy and record evidence for a task, added by ``by`` (default: the lead unit)."""
    day = on or today
    if title is not None and len(items) != 1:
        raise UsageError(_("--title names one piece of evidence; give one file or link with it"))
    recorded = recorded_evidence(paths, task_id, today, cache)
    planned = plan_evidence(items, task_id, paths.tasks, recorded, title)

    def change(target: EditTarget) -> str:
        not_after_today(day, today, _("evidence cannot be dated {day}", day=day))
        author = target.agency(by)
        for entry in planned:
            append_to(target.mapping, "evidence", entry.record(author, day))
        return say("evidence_count_added", count=len(planned))

    return with_copies(planned, lambda: edit_task(paths, task_id, today, change, cache))


def with_copies(planned: Sequence[PlannedEvidence], edit: Callable[[], EditResult]) -> EditResult:
    """Copy the evidence, then run the edit; if the edit fails, the copies go again."""
    created = copy_evidence(planned)
    try:
        return edit()
    except BaseException:
        remove_created(created)
        raise


def recorded_evidence(
    paths: DataPaths, task_id: int, today: dt.date, cache: ParseCache | None
) -> list[Evidence]:
    """The evidence the task already records (to refuse recording the same twice)."""
    from hazchem_cli.store.validate import check_task_text
    from hazchem_cli.store.yaml_read import read_data_text

    model = check_task_text(read_data_text(paths.tasks), None, today, cache).model
    if model is None:
        return []  # the edit itself reports what is wrong with the file
    return next((list(task.evidence) for task in model.tasks if task.id == task_id), [])


def _plan_file(
    path: Path, task_id: int, root: Path, planned: Sequence[PlannedEvidence], title: str | None
) -> PlannedEvidence:
    shown = str(path)
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            raise UsageError(say("evidence_symlink_outside", path=shown, target=target))
    if not path.exists():
        raise UsageError(say("evidence_not_found", path=shown))
    if path.is_dir():
        raise UsageError(say("evidence_is_directory", path=shown))
    try:
        size = path.stat().st_size
        if size > MAX_EVIDENCE_BYTES:
            raise EditRefused(
                say(
                    "evidence_too_large",
                    path=shown,
                    size=_mib(size),
                    limit=_mib(MAX_EVIDENCE_BYTES),
                )
            )
        content = path.read_bytes()
    except OSError as exc:
        raise EditRefused(say("evidence_unreadable", path=shown, reason=exc.strerror)) from None
    sha256 = hashlib.sha256(content).hexdigest()
    target = _free_name(
        root / EVIDENCE_DIR / str(task_id), _readable_name(path.name), sha256, planned
    )
    return PlannedEvidence(
        title=title or path.stem,
        source=path,
        target=target,
        relative=PurePosixPath(*target.relative_to(root).parts).as_posix(),
        size=len(content),
        sha256=sha256,
    )


def _readable_name(name: str) -> str:
    """The file's own name, with only what no file system or git accepts replaced."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    return cleaned or "evidence"


def _free_name(folder: Path, name: str, sha256: str, planned: Sequence[PlannedEvidence]) -> Path:
    """``folder/name``, or ``name-2``, ``name-3``…: never over another file.

    A file already there with the same bytes is used as it is (it was put in place by hand).
    """
    stem, suffix = os.path.splitext(name)
    taken = {entry.target for entry in planned}
    number = 1
    while True:
        candidate = folder / (name if number == 1 else f"{stem}-{number}{suffix}")
        if candidate not in taken and (
            not candidate.exists() or (candidate.is_file() and sha256_of(candidate) == sha256)
        ):
            return candidate
        number += 1


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"
