"""A task's history from git: who changed its meaning, when, and how.

"Who changed task 12, and when?" otherwise takes ``git log -p`` and reading YAML diffs.
Each commit that touched the task file is compared with the version before it, for this
task alone and by meaning (``semantic_diff``), so reformatting, comments and changes to
other tasks never show up. git's ``--follow`` carries the history across renames of the
file. A shallow clone holds only part of the history: the entries stop where it stops,
and the caller is told how far back that is, rather than the oldest visible version
being reported as the day the task was added.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from hazchem_cli.errors import DataError, UsageError
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model.documents import Task
from hazchem_cli.review.git import GitError, Repository, Revision
from hazchem_cli.review.semantic_diff import Change, diff_tasks
from hazchem_cli.store.yaml_read import decode_data, parse_plain

_RECORD = "\x1e"
_FIELD = "\x1f"


@dataclass(frozen=True)
class HistoryEntry:
    """One commit that changed what the task says."""

    commit: str
    short: str
    day: dt.date
    author: str
    changes: list[Change]


@dataclass(frozen=True)
class TaskHistory:
    """The task's entries, newest first; ``horizon`` is set when the clone is shallow:
    the oldest commit visible (history before it is not in this clone)."""

    path: PurePosixPath
    task_id: int
    entries: list[HistoryEntry]
    horizon: HistoryEntry | None = None


@dataclass(frozen=True)
class _Version:
    commit: str
    short: str
    day: dt.date
    author: str
    parents: tuple[str, ...]
    path: str | None  # None where the commit deleted the file


def task_history(tasks_path: Path, task_id: int) -> TaskHistory:
    """The commits that changed task ``task_id`` in the file at ``tasks_path``.

    Raises:
        GitError: the file is not in a git repository, or git fails.
    """
    repository = Repository.containing(tasks_path)
    relative = repository.relative(tasks_path)
    versions = _versions(repository.root, relative)
    shallow = _is_shallow(repository.root)
    tasks = [_task_at(repository, version, task_id) for version in versions]
    if versions and all(task is None for task in tasks):
        raise UsageError(_("no task {id} in {path} or in its history", id=task_id, path=relative))
    entries: list[HistoryEntry] = []
    for index, version in enumerate(versions):
        older = index + 1 < len(versions)
        if not older and shallow and not version.parents:
            break  # the shallow boundary: what came before is unknown here
        before = tasks[index + 1] if older else None
        after = tasks[index]
        if before is _UNREADABLE or after is _UNREADABLE:
            continue
        changes = diff_tasks(_listed(before), _listed(after))
        if changes:
            entries.append(
                HistoryEntry(version.commit, version.short, version.day, version.author, changes)
            )
    horizon = None
    if shallow and versions:
        oldest = versions[-1]
        horizon = HistoryEntry(oldest.commit, oldest.short, oldest.day, oldest.author, [])
    return TaskHistory(relative, task_id, entries, horizon)


class _Unreadable:
    """A version whose file (or task) cannot be read: skipped, never compared."""


_UNREADABLE = _Unreadable()


def _listed(task: Task | _Unreadable | None) -> list[Task]:
    return [task] if isinstance(task, Task) else []


def _versions(root: Path, path: PurePosixPath) -> list[_Version]:
    output = _git(
        root,
        "log",
        "--follow",
        "--name-status",
        "--date=short",
        f"--format={_RECORD}%H{_FIELD}%h{_FIELD}%ad{_FIELD}%an{_FIELD}%P",
        "--",
        str(path),
    )
    versions: list[_Version] = []
    for record in output.split(_RECORD)[1:]:
        header, _newline, rest = record.partition("\n")
        commit, short, day, author, parents = header.split(_FIELD)
        status = next((line.split("\t") for line in rest.splitlines() if "\t" in line), None)
        where = None if status is None or status[0].startswith("D") else status[-1]
        versions.append(
            _Version(
                commit, short, dt.date.fromisoformat(day), author, tuple(parents.split()), where
            )
        )
    return versions


def _task_at(repository: Repository, version: _Version, task_id: int) -> Task | _Unreadable | None:
    """The task as the version holds it; None when the file does not hold it."""
    if version.path is None:
        return None
    raw = repository.read(Revision(version.short, version.commit), PurePosixPath(version.path))
    if raw is None:
        return None
    try:
        plain = parse_plain(decode_data(raw, Path(version.path)))
    except DataError:
        return _UNREADABLE
    items = plain.get("tasks") if isinstance(plain, dict) else None
    found = [item for item in items or [] if isinstance(item, dict) and item.get("id") == task_id]
    if not found:
        return None
    try:
        return Task.model_validate(found[0])
    except ValidationError:
        return _UNREADABLE


def _is_shallow(root: Path) -> bool:
    return _git(root, "rev-parse", "--is-shallow-repository").strip() == "true"


def _git(root: Path, *args: str) -> str:
    environment = {**os.environ, "LC_ALL": "C", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0"}
    try:
        completed = subprocess.run(
            ["git", *args],
            cwd=root,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise GitError(_("git could not be run: {reason}", reason=exc.strerror or exc)) from None
    if completed.returncode != 0:
        said = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        last = said[-1] if said else _("exit status {code}", code=completed.returncode)
        raise GitError(_("git {command} failed: {said}", command=args[0], said=last))
    return completed.stdout.decode("utf-8", "replace")
