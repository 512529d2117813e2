"""hazchem: a hazardous-chemicals governance task list kept as plain YAML files.

The public Python API (see docs/api.md)::

    import datetime as dt, hazchem_cli
    tasks = hazchem_cli.load()
    late = tasks.overdue(as_of=dt.date(2022, 7, 1), agency="教育厅")

The API's names are imported when first used, so that ``import hazchem_cli`` (which
every run of the command line does) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hazchem_cli.errors import DataError, HazchemError, Problem, UsageError
from hazchem_cli.version import __version__

if TYPE_CHECKING:
    from hazchem_cli.api import Filters, TaskList, check, load
    from hazchem_cli.model.documents import Task
    from hazchem_cli.model.levels import Level
    from hazchem_cli.model.records import Status
    from hazchem_cli.query.judge import JudgedTask, Role

__all__ = [
    "DataError",
    "Filters",
    "HazchemError",
    "JudgedTask",
    "Level",
    "Problem",
    "Role",
    "Status",
    "Task",
    "TaskList",
    "UsageError",
    "__version__",
    "check",
    "load",
]

_LAZY = {
    "Filters": "hazchem_cli.api",
    "TaskList": "hazchem_cli.api",
    "load": "hazchem_cli.api",
    "check": "hazchem_cli.api",
    "Status": "hazchem_cli.model.records",
    "Task": "hazchem_cli.model.documents",
    "Level": "hazchem_cli.model.levels",
    "JudgedTask": "hazchem_cli.query.judge",
    "Role": "hazchem_cli.query.judge",
}


def __getattr__(name: str) -> Any:
    """Import an API name on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'hazchem_cli' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
