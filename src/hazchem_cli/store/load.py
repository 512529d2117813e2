"""Loading the two data files as one validated whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hazchem_cli.errors import DataError, Problem
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model.registry import AgencyRegistry
from hazchem_cli.store.cache import ParseCache
from hazchem_cli.store.locate import (
    AGENCIES_NAME,
    DATA_ENV,
    TASKS_NAME,
    DataPaths,
    find_data,
    shipped_tasks_path,
)

if TYPE_CHECKING:
    # Validation (pydantic) is imported when a file is validated, not to answer from
    # the trusted record cache (``store.records``).
    from hazchem_cli.model.documents import AgencyFile, TaskFile
    from hazchem_cli.store.yaml_read import DataText

__all__ = [
    "AGENCIES_NAME",
    "DATA_ENV",
    "TASKS_NAME",
    "DataPaths",
    "Dataset",
    "Validated",
    "check_dataset",
    "find_data",
    "load_dataset",
    "shipped_tasks_path",
    "validate_texts",
]


class Dataset(NamedTuple):
    """Both files, valid, with the registry to resolve agency names against.

    The texts are kept beside the models: an edit writes back the very text it read (and
    checks nobody changed it meanwhile), and ``fmt`` rewrites it.
    """

    paths: DataPaths
    task_file: TaskFile
    agency_file: AgencyFile
    registry: AgencyRegistry
    tasks_text: DataText
    agencies_text: DataText


class Validated(NamedTuple):
    """What validating a pair of texts found: the models that are valid, and every problem."""

    task_file: TaskFile | None
    agency_file: AgencyFile | None
    registry: AgencyRegistry | None
    problems: list[Problem]


def load_dataset(
    paths: DataPaths,
    today: dt.date,
    cache: ParseCache | None = None,
    *,
    note_order: bool = True,
) -> Dataset:
    """Load and validate both files, or raise ``DataError`` with every problem of both.

    The one way hazchem reads a task list: queries, edits, ``fmt`` and ``check`` all come
    through here, so a file is refused for the same reasons, with the same words, whichever
    command reads it. With a ``cache``, files parsed before are read back from it.
    ``note_order`` False lets progress notes out of date order pass (``fmt`` sorts them).
    """
    dataset, problems = _load(paths, today, cache, note_order)
    if dataset is None:
        raise DataError(problems)
    return dataset


def check_dataset(
    paths: DataPaths, today: dt.date, cache: ParseCache | None = None
) -> list[Problem]:
    """Every problem in both files; an empty list means the data is valid."""
    return _load(paths, today, cache)[1]


def validate_texts(
    tasks: DataText | None,
    agencies: DataText | None,
    today: dt.date,
    cache: ParseCache | None = None,
    *,
    note_order: bool = True,
) -> Validated:
    """Validate a task file's text against its agencies file's, either of which may be absent.

    For texts that are not (or not yet) files on disk: a git revision's blobs, or what
    ``import`` is about to write. Without an agencies text, agency names go unchecked (a
    revision may predate the registry).
    """
    from hazchem_cli.store.validate import check_agency_text, check_task_text

    problems: list[Problem] = []
    agency_file: AgencyFile | None = None
    task_file: TaskFile | None = None
    if agencies is not None:
        checked_agencies = check_agency_text(agencies, cache)
        agency_file = checked_agencies.model
        problems += checked_agencies.problems
    registry = AgencyRegistry(agency_file.agencies) if agency_file is not None else None
    if tasks is not None:
        checked_tasks = check_task_text(tasks, registry, today, cache, note_order=note_order)
        task_file = checked_tasks.model
        problems += checked_tasks.problems
    return Validated(task_file, agency_file, registry, problems)


def _load(
    paths: DataPaths, today: dt.date, cache: ParseCache | None, note_order: bool = True
) -> tuple[Dataset | None, list[Problem]]:
    problems: list[Problem] = []
    texts: list[DataText | None] = []
    for path in (paths.agencies, paths.tasks):
        try:
            texts.append(_read(path, paths))
        except DataError as error:
            problems += error.problems
            texts.append(None)
    agencies_text, tasks_text = texts
    found = validate_texts(tasks_text, agencies_text, today, cache, note_order=note_order)
    problems += found.problems
    if (
        problems
        or tasks_text is None
        or agencies_text is None
        or found.task_file is None
        or found.agency_file is None
        or found.registry is None
    ):
        return None, problems
    dataset = Dataset(
        paths, found.task_file, found.agency_file, found.registry, tasks_text, agencies_text
    )
    return dataset, []


def _read(path: Path, paths: DataPaths) -> DataText:
    """A data file's text; a missing agencies file is explained, since it is easy to forget."""
    if path == paths.agencies and not path.exists():
        message = _(
            "agencies file not found; keep {agencies} beside {tasks} or name it with --agencies",
            agencies=AGENCIES_NAME,
            tasks=paths.tasks.name,
        )
        raise DataError([Problem(str(path), 1, 1, message)])
    # Here, not at the top: a warm run answers from the record cache and reads no YAML.
    from hazchem_cli.store.yaml_read import read_data_text

    return read_data_text(path)
