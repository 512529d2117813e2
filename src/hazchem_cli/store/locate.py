"""Where the data files are: the search order, and nothing that loads them.

Kept apart from loading so that shell completion, which runs on every TAB, can find the
files without importing the models. The search order lets a user run hazchem anywhere:
an explicit ``--data``, then ``HAZCHEM_DATA``, then ``data/tasks.yaml`` in this directory
or the nearest parent (as git finds ``.git``), then the copy shipped inside the package.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

DATA_ENV = "HAZCHEM_DATA"
TASKS_NAME = "tasks.yaml"
AGENCIES_NAME = "agencies.yaml"
_PACKAGE_DATA = Path(__file__).parents[1] / "_data"
_SOURCE_TREE_DATA = Path(__file__).parents[3] / "data"


class DataPaths(NamedTuple):
    tasks: Path
    agencies: Path
    #: Found by falling back to the list shipped with hazchem: the user named none and has
    #: none here, which the user must be told (their own list may say otherwise).
    shipped: bool = False


def find_data(
    data: Path | None = None, agencies: Path | None = None, cwd: Path | None = None
) -> DataPaths:
    """Apply the search order; ``agencies.yaml`` is taken from beside the task file.

    A path that names no ``.yaml`` file is a folder holding ``tasks.yaml``, even before
    it exists (``hazchem import`` creates it).
    """
    found = data or _from_environment() or _nearest(cwd or Path.cwd())
    tasks = found or shipped_tasks_path()
    if tasks.is_dir() or tasks.suffix.lower() not in (".yaml", ".yml"):
        tasks = tasks / TASKS_NAME
    return DataPaths(tasks, agencies or tasks.with_name(AGENCIES_NAME), shipped=found is None)


def _from_environment() -> Path | None:
    value = os.environ.get(DATA_ENV, "").strip()
    return Path(value) if value else None


def _nearest(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "data" / TASKS_NAME
        # Whatever stands there is the user's list, even a broken link, a directory or a
        # FIFO: reading it reports the problem, instead of falling back to the shipped list.
        if os.path.lexists(candidate):
            return candidate
    return None


def shipped_tasks_path() -> Path:
    """The task list installed with the package (or, in a source checkout, the repo's)."""
    packaged = _PACKAGE_DATA / TASKS_NAME
    return packaged if packaged.is_file() else _SOURCE_TREE_DATA / TASKS_NAME


def find_data_to_write(
    data: Path | None = None, agencies: Path | None = None, cwd: Path | None = None
) -> DataPaths:
    """The search order for a command that creates files (``import``): never the shipped copy.

    Where the search finds no task list of the user's own, ``data/`` in this directory is
    where a new one is written.
    """
    paths = find_data(data, agencies, cwd)
    if paths.shipped:
        return find_data((cwd or Path.cwd()) / "data", agencies)
    return paths
