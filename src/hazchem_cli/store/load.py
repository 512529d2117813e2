"""Loading the two data files as one validated whole."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hazchem_cli.errors import DataError, Problem
from hazchem_cli.model.documents import AgencyFile, TaskFile
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
from hazchem_cli.store.validate import check_agency_text, check_task_text
from hazchem_cli.store.yaml_read import read_data_text

__all__ = [
    "AGENCIES_NAME",
    "DATA_ENV",
    "TASKS_NAME",
    "DataPaths",
    "Dataset",
    "check_dataset",
    "find_data",
    "load_dataset",
    "shipped_tasks_path",
]


@dataclass(frozen=True)
class Dataset:
    """Both files, valid, with the registry to resolve agency names against."""

    paths: DataPaths
    task_file: TaskFile
    agency_file: AgencyFile
    registry: AgencyRegistry


def check_dataset(
    paths: DataPaths, today: dt.date, cache: ParseCache | None = None
) -> list[Problem]:
    """Every problem in both files; an empty list means the data is valid."""
    return _check(paths, today, cache)[1]


def load_dataset(paths: DataPaths, today: dt.date, cache: ParseCache | None = None) -> Dataset:
    """Load and validate both files, or raise ``DataError`` with every problem.

    With a ``cache``, files parsed before are read back from it instead of parsed again.
    """
    dataset, problems = _check(paths, today, cache)
    if dataset is None:
        raise DataError(problems)
    return dataset


def _check(
    paths: DataPaths, today: dt.date, cache: ParseCache | None
) -> tuple[Dataset | None, list[Problem]]:
    problems: list[Problem] = []
    agency_file: AgencyFile | None = None
    try:
        if not paths.agencies.exists():
            raise DataError(
                [
                    Problem(
                        str(paths.agencies),
                        1,
                        1,
                        f"agencies file not found; keep {AGENCIES_NAME} beside {paths.tasks.name} "
                        "or name it with --agencies",
                    )
                ]
            )
        checked_agencies = check_agency_text(read_data_text(paths.agencies), cache)
        agency_file = checked_agencies.model
        problems += checked_agencies.problems
    except DataError as error:
        problems += error.problems
    registry = AgencyRegistry(agency_file.agencies) if agency_file is not None else None
    try:
        checked_tasks = check_task_text(read_data_text(paths.tasks), registry, today, cache)
        problems += checked_tasks.problems
        task_file = checked_tasks.model
    except DataError as error:
        problems += error.problems
        task_file = None
    if task_file is None or agency_file is None or registry is None or problems:
        return None, problems
    return Dataset(paths, task_file, agency_file, registry), []
