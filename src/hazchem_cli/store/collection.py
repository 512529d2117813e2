"""Reading many task lists as one: the province reading every unit's copy.

Each city and county keeps its own list, with its own progress, in its own repository;
the province reads their checkouts. ``--data`` may therefore be given several times,
and a folder given to it stands for every task file below it. Tasks keep the list they
came from, so ids (unique only within a list) are shown qualified: ``hangzhou:18``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from hazchem_cli.errors import DataError, Problem, UsageError
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model.records import AgencyView, TaskView
from hazchem_cli.model.registry import AgencyRegistry
from hazchem_cli.store.cache import ParseCache
from hazchem_cli.store.files import UnreadableFile, read_regular
from hazchem_cli.store.load import (
    AGENCIES_NAME,
    TASKS_NAME,
    DataPaths,
    Dataset,
    check_dataset,
    find_data,
    load_dataset,
)
from hazchem_cli.store.records import RecordCache, RecordDataset

_YAML_SUFFIXES = (".yaml", ".yml")


class TaskList(NamedTuple):
    """One task file of a collection, with the short name its tasks are qualified by."""

    label: str
    #: Validated now, or read from the record cache (valid bytes, validated before).
    dataset: Dataset | RecordDataset

    def tasks(self, overdue_on: dt.date | None = None) -> Sequence[TaskView]:
        """The list's tasks; with ``overdue_on``, at least every one overdue that day: a list
        read from the records leaves out, undecoded, those whose dates say it is not."""
        if overdue_on is not None and isinstance(self.dataset, RecordDataset):
            return self.dataset.may_be_overdue(overdue_on)
        return self.dataset.task_file.tasks


class Collection(NamedTuple):
    """Every task list read, and one registry that knows the agencies of them all."""

    lists: list[TaskList]
    registry: AgencyRegistry
    #: The problems of lists that could not be read, when the others were read anyway.
    broken: tuple[Problem, ...] = ()
    broken_lists: int = 0

    @property
    def many(self) -> bool:
        return len(self.lists) + self.broken_lists > 1


def find_task_files(
    data: Sequence[Path],
    agencies: Path | None = None,
    cwd: Path | None = None,
    skipped: list[Path] | None = None,
) -> list[DataPaths]:
    """The task files ``--data`` names, each with its agencies file.

    A folder holding ``tasks.yaml`` means that file; any other folder means every task
    file below it, outside hidden folders (``.git``). A task file is known by what it
    holds (a top-level ``tasks:``), not by its name: a checkout also holds other YAML
    (``mkdocs.yaml``, CI workflows), which is appended to ``skipped`` for the caller to
    mention; agencies files are passed over silently. With no ``--data`` the usual
    search order finds one file.
    """
    if not data:
        return [find_data(None, agencies, cwd)]
    found: dict[Path, DataPaths] = {}
    for item in data:
        if item.is_dir() and not os.path.lexists(item / TASKS_NAME):
            files = [path for path in _task_files_below(item) if _holds_tasks(path, skipped)]
            if not files:
                raise UsageError(
                    _(
                        "--data {folder}: no task files (*.yaml) below this folder; name a "
                        "task file, or a folder that holds one",
                        folder=item,
                    )
                )
            for path in files:
                found.setdefault(
                    _real(path), DataPaths(path, agencies or path.with_name(AGENCIES_NAME))
                )
        else:
            paths = find_data(item, agencies, cwd)
            found.setdefault(_real(paths.tasks), paths)
    return list(found.values())


_TASKS_KEY = re.compile(r"^(?:\ufeff)?tasks[ \t]*:", re.MULTILINE)
_AGENCIES_KEY = re.compile(r"^(?:\ufeff)?agencies[ \t]*:", re.MULTILINE)


def _holds_tasks(path: Path, skipped: list[Path] | None) -> bool:
    """Whether ``path`` is a task list by its content; other YAML goes to ``skipped``."""
    from hazchem_cli.store.files import MAX_FILE_BYTES

    try:  # bounded, regular files only: a FIFO or /dev/zero here must not hang or fill memory
        text = read_regular(path, MAX_FILE_BYTES).decode("utf-8", errors="replace")
    except UnreadableFile:
        return True  # reading it again reports why, at its place
    if _TASKS_KEY.search(text):
        return True
    if not _AGENCIES_KEY.search(text) and skipped is not None:
        skipped.append(path)
    return False


def _real(path: Path) -> Path:
    """The path with links followed; unlike ``resolve``, a link loop is no exception here
    (reading the file reports it, at its place)."""
    return Path(os.path.realpath(path))


def _task_files_below(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in _YAML_SUFFIXES
        and path.name != AGENCIES_NAME
        and (path.is_symlink() or not path.is_dir())  # a broken link or a FIFO is reported
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def list_labels(files: Sequence[DataPaths]) -> list[str]:
    """Short, distinct names for the lists, as people call them: ``hangzhou``.

    The folder of a ``tasks.yaml`` (or a file's own stem) when those differ; else the
    path below the folders all lists share, without the ``data/tasks.yaml`` every
    checkout ends in; else that whole path.
    """
    simple = [_short_name(paths.tasks) for paths in files]
    if len(set(simple)) == len(simple):
        return simple
    common = Path(*_common_parts([_real(paths.tasks).parent for paths in files]))
    relative = [_real(paths.tasks).relative_to(common).with_suffix("") for paths in files]
    trimmed = ["/".join(_without_checkout_layout(path.parts)) for path in relative]
    if len(set(trimmed)) == len(trimmed) and all(trimmed):
        return trimmed
    return [path.as_posix() for path in relative]


def _short_name(path: Path) -> str:
    return path.parent.name if path.name == TASKS_NAME else path.stem


def _without_checkout_layout(parts: tuple[str, ...]) -> tuple[str, ...]:
    if parts and parts[-1] == Path(TASKS_NAME).stem:
        parts = parts[:-1]
    if parts and parts[-1] == "data":
        parts = parts[:-1]
    return parts


def _common_parts(folders: list[Path]) -> tuple[str, ...]:
    parts = folders[0].parts
    for folder in folders[1:]:
        length = 0
        while length < min(len(parts), len(folder.parts)) and parts[length] == folder.parts[length]:
            length += 1
        parts = parts[:length]
    return parts


def load_collection(
    files: Sequence[DataPaths],
    today: dt.date,
    cache: ParseCache | None = None,
    records: RecordCache | None = None,
    *,
    keep_going: bool = False,
    strict: bool = False,
) -> Collection:
    """Load every list; the problems of all of them are reported together.

    With ``records``, a list whose files are byte for byte ones validated before is read
    from the record cache, and a list validated now is added to it.

    With ``keep_going``, lists that cannot be read are left out and their problems kept
    in ``Collection.broken``: the province still gets an answer from every other unit.
    Only when no list can be read is that an error. ``strict`` stops at the first list
    with a problem.
    """
    lists: list[TaskList] = []
    problems: list[Problem] = []
    broken = 0
    for label, paths in zip(list_labels(files), files, strict=True):
        known = records.load(paths, today) if records is not None else None
        if known is not None:
            lists.append(TaskList(label, known))
            continue
        try:
            dataset = load_dataset(paths, today, cache)
        except DataError as error:
            if strict:
                raise
            problems += [p for p in error.problems if p not in problems]
            broken += 1
            continue
        lists.append(TaskList(label, dataset))
        if records is not None:
            records.store(dataset, today)
    if problems and (not keep_going or not lists):
        raise DataError(problems)
    agencies: dict[str, AgencyView] = {}
    for task_list in lists:
        for agency in task_list.dataset.agency_file.agencies:
            agencies.setdefault(agency.name, agency)
    return Collection(lists, AgencyRegistry(agencies.values()), tuple(problems), broken)


def check_collection(
    files: Sequence[DataPaths], today: dt.date, cache: ParseCache | None = None
) -> list[Problem]:
    """Every problem of every list; an agencies file shared by many is reported once."""
    problems: dict[Problem, None] = {}  # ordered, and each problem found once
    for paths in files:
        problems.update(dict.fromkeys(check_dataset(paths, today, cache)))
    return list(problems)


def find_task(collection: Collection, reference: str) -> tuple[str, TaskView]:
    """The task ``reference`` names: ``18``, or ``hangzhou:18`` when several lists are read."""
    label, _colon, number = reference.rpartition(":")
    if not number.strip().isdecimal() or not number.strip().isascii():
        raise UsageError(
            _("'{reference}' is not a task id; write e.g. 18 or hangzhou:18", reference=reference)
        )
    task_id = int(number)
    candidates = [
        (task_list.label, task)
        for task_list in collection.lists
        if not label or task_list.label == label
        for task in task_list.dataset.task_file.tasks
        if task.id == task_id
    ]
    if len(candidates) == 1:
        return candidates[0] if collection.many else ("", candidates[0][1])
    if candidates:
        refs = ", ".join(f"{name}:{task_id}" for name, _task in candidates)
        raise UsageError(
            _("task {id} is in several lists; name one: {refs}", id=task_id, refs=refs)
        )
    if label and label not in {task_list.label for task_list in collection.lists}:
        names = ", ".join(task_list.label for task_list in collection.lists)
        raise UsageError(
            _("no list named '{label}'; the lists read are: {names}", label=label, names=names)
        )
    ids = [task.id for tl in collection.lists for task in tl.dataset.task_file.tasks]
    if ids:
        raise UsageError(
            _(
                "no task {reference}; ids run from {first} to {last}",
                reference=reference,
                first=min(ids),
                last=max(ids),
            )
        )
    raise UsageError(_("no task {reference}", reference=reference))
