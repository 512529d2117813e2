"""Groups whose members are not listed: where an agency's own list may fall short.

The source gives some tasks to groups (省级相关部门, 专委会成员单位) without saying who is
in them. ``--agency`` finds a group's tasks for its members, so a department's list
silently leaves out the tasks of a group nobody has listed it in. Saying so is better
than a list that looks complete and is not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from hazchem_cli.model.records import AgencyKind, AgencyView, TaskView
from hazchem_cli.model.registry import AgencyRegistry


def unlisted_groups(
    tasks: Iterable[TaskView], registry: AgencyRegistry, wanted: Sequence[AgencyView]
) -> list[str]:
    """The groups without members that tasks are given to, which a filter for ``wanted``
    (agencies that are not these groups themselves) may therefore miss; in registry order."""
    if all(agency.kind is AgencyKind.GROUP for agency in wanted):
        return []  # no filter, or groups only: nobody's own list is asked for
    named: set[str] = set()
    for task in tasks:
        named.update(task.lead)
        named.update(task.responsible)
    chosen = {agency.name for agency in wanted}
    return [
        agency.name
        for agency in registry.agencies
        if agency.kind is AgencyKind.GROUP
        and not agency.members
        and agency.name in named
        and agency.name not in chosen
    ]
