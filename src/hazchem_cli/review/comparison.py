"""Loading both sides of ``hazchem diff`` and comparing them.

A side is the task file and the agency file beside it, either as they are on disk (the
working tree) or as git holds them at a revision. Each side is validated exactly as
``hazchem check`` validates files, so a change is only ever reported between two valid
lists; an invalid side is refused with its problems, addressed as ``REV:path:line:col``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from hazchem_cli.errors import DataError
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model.documents import AgencyFile, TaskFile
from hazchem_cli.review.git import GitError, Repository, Revision, RevisionRange
from hazchem_cli.review.semantic_diff import Change, diff_agencies, diff_task_files, diff_tasks
from hazchem_cli.store.cache import ParseCache
from hazchem_cli.store.load import DataPaths, load_dataset, validate_texts
from hazchem_cli.store.yaml_read import DataText, decode_data


@dataclass(frozen=True)
class Side:
    """One side of a comparison; ``revision`` is None for the working tree.

    ``tasks`` is None when the task file did not exist at that revision, and ``agencies``
    when its agency file did not.
    """

    revision: Revision | None
    tasks: TaskFile | None
    agencies: AgencyFile | None


@dataclass(frozen=True)
class Comparison:
    """Both sides, the task file's path in the repository, and what changed between them."""

    path: PurePosixPath
    old: Side
    new: Side
    changes: list[Change]
    #: The agency file's path in the repository, for saying which files changed.
    agencies_path: PurePosixPath | None = None

    @property
    def changed_files(self) -> list[PurePosixPath]:
        """The files the changes are in: the task file, the agency file, or both."""
        in_tasks = any(change.agency is None for change in self.changes)
        in_agencies = any(change.agency is not None for change in self.changes)
        files = [self.path] if in_tasks or not in_agencies else []
        if in_agencies and self.agencies_path is not None:
            files.append(self.agencies_path)
        return files


def compare(
    wanted: RevisionRange, paths: DataPaths, today: dt.date, cache: ParseCache | None = None
) -> Comparison:
    """Compare the files at ``wanted.old`` with those at ``wanted.new`` or in the working tree.

    Raises ``GitError`` when git cannot answer and ``DataError`` when a side is invalid
    (or the task file exists on neither side).
    """
    repository = Repository.containing(paths.tasks)
    relative = repository.relative(paths.tasks)
    old_revision = repository.resolve(wanted.old)
    new_revision = repository.resolve(wanted.new) if wanted.new is not None else None
    if wanted.merge_base and new_revision is not None:
        old_revision = repository.merge_base(old_revision, new_revision)
    old = _side_at(repository, old_revision, paths, today, cache)
    if new_revision is None:
        dataset = load_dataset(paths, today, cache)
        new = Side(None, dataset.task_file, dataset.agency_file)
    else:
        new = _side_at(repository, new_revision, paths, today, cache)
    if old.tasks is None and new.tasks is None:
        if new_revision is None:
            raise GitError(
                _(
                    "{path} exists neither at {old} nor in the working tree",
                    path=relative,
                    old=old_revision.name,
                )
            )
        raise GitError(
            _(
                "{path} exists neither at {old} nor at {new}",
                path=relative,
                old=old_revision.name,
                new=new_revision.name,
            )
        )
    agencies = repository.relative(paths.agencies)
    return Comparison(relative, old, new, changes_between(old, new), agencies)


def changes_between(old: Side, new: Side) -> list[Change]:
    """What changed; a file missing on one side counts as empty (all added, or all removed)."""
    if old.tasks is not None and new.tasks is not None:
        changes = diff_task_files(old.tasks, new.tasks)
    else:
        changes = diff_tasks(
            old.tasks.tasks if old.tasks else [], new.tasks.tasks if new.tasks else []
        )
    changes += diff_agencies(
        old.agencies.agencies if old.agencies else [],
        new.agencies.agencies if new.agencies else [],
    )
    return changes


def _side_at(
    repository: Repository,
    revision: Revision,
    paths: DataPaths,
    today: dt.date,
    cache: ParseCache | None,
) -> Side:
    """Both files as committed at ``revision``, validated, or ``DataError`` with every problem.

    Without an agency file at that revision the task file's agency names go unchecked: the
    registry may simply be younger than the list.
    """
    agency_text = _text_at(repository, revision, paths.agencies)
    task_text = _text_at(repository, revision, paths.tasks)
    found = validate_texts(task_text, agency_text, today, cache)
    if found.problems:
        raise DataError(found.problems)
    return Side(revision, found.task_file, found.agency_file)


def _text_at(repository: Repository, revision: Revision, path: Path) -> DataText | None:
    """The file's text at ``revision``, shown in problems as ``REV:path``; None if absent.

    Raises ``DataError`` when the bytes are not UTF-8 text, as for a file on disk.
    """
    relative = repository.relative(path)
    raw = repository.read(revision, relative)
    if raw is None:
        return None
    return decode_data(raw, Path(f"{revision.name}:{relative}"))
