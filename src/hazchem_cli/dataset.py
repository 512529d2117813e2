"""Where the data files are, and loading them as one validated whole.

The search order lets a user run hazchem anywhere: an explicit ``--data``, then
``HAZCHEM_DATA``, then ``data/tasks.yaml`` in this directory or the nearest parent (as git
finds ``.git``), then the copy shipped inside the package.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from hazchem_cli.models import AgencyFile, TaskFile
from hazchem_cli.parsecache import ParseCache
from hazchem_cli.problems import DataError, Problem
from hazchem_cli.registry import AgencyRegistry
from hazchem_cli.validation import check_agency_text, check_task_text
from hazchem_cli.yamlfile import read_data_text

DATA_ENV = "HAZCHEM_DATA"
TASKS_NAME = "tasks.yaml"
AGENCIES_NAME = "agencies.yaml"
_PACKAGE_DATA = Path(__file__).parent / "_data"
_SOURCE_TREE_DATA = Path(__file__).parents[2] / "data"


@dataclass(frozen=True)
class DataPaths:
    tasks: Path
    agencies: Path


@dataclass(frozen=True)
class Dataset:
    """Both files, valid, with the registry to resolve agency names against."""

    paths: DataPaths
    task_file: TaskFile
    agency_file: AgencyFile
    registry: AgencyRegistry


def find_data(
    data: Path | None = None, agencies: Path | None = None, cwd: Path | None = None
) -> DataPaths:
    """Apply the search order; ``agencies.yaml`` is taken from beside the task file.

    A path that names no ``.yaml`` file is a folder holding ``tasks.yaml``, even before
    it exists (``hazchem import`` creates it).
    """
    tasks = data or _from_environment() or _nearest(cwd or Path.cwd()) or shipped_tasks_path()
    if tasks.is_dir() or tasks.suffix.lower() not in (".yaml", ".yml"):
        tasks = tasks / TASKS_NAME
    return DataPaths(tasks, agencies or tasks.with_name(AGENCIES_NAME))


def _from_environment() -> Path | None:
    value = os.environ.get(DATA_ENV, "").strip()
    return Path(value) if value else None


def _nearest(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "data" / TASKS_NAME
        if candidate.is_file():
            return candidate
    return None


def shipped_tasks_path() -> Path:
    """The task list installed with the package (or, in a source checkout, the repo's)."""
    packaged = _PACKAGE_DATA / TASKS_NAME
    return packaged if packaged.is_file() else _SOURCE_TREE_DATA / TASKS_NAME


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
