"""Units named in the reader's language: the registry's English names in English output.

The task file names units as the province writes them, and that stays the data (JSON's
``lead`` and ``responsible`` lists, the files). A reader of English output gets the
registry's ``name_en`` where it has one; the command line sets the names once per run,
after it has loaded the registry, and every table that shows units reads them here.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar

from hazchem_cli.model.registry import AgencyRegistry

_SHOWN_NAMES: ContextVar[Mapping[str, str] | None] = ContextVar("shown_unit_names", default=None)


def show_units_in_english(registry: AgencyRegistry) -> None:
    """Show every unit the registry has an English name for by that name, for this run."""
    _SHOWN_NAMES.set(
        {agency.name: agency.name_en for agency in registry.agencies if agency.name_en}
    )


def shown_unit(name: str) -> str:
    """``name`` as the reader of this run's output knows it."""
    names = _SHOWN_NAMES.get()
    return name if names is None else names.get(name, name)
