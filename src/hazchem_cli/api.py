"""The Python API: ask a task list what the command line asks, from a script or a notebook.

```python
import datetime as dt, hazchem_cli
tasks = hazchem_cli.load()                       # the CLI's search order; or load("data/tasks.yaml")
late = tasks.overdue(as_of=dt.date(2022, 7, 1))  # judged tasks, most overdue first
[t.id for t in late]
tasks.overdue(as_of=dt.date(2022, 12, 1), agency="教育厅")
tasks.select(as_of=dt.date(2022, 12, 1), agency="经信厅", role="lead", level="red")
```

Every filter takes the words the command line takes (``role="lead"``, ``status="done"``,
``due_before="2022-11"``) or the enums themselves, and a mistake raises the same
:class:`~hazchem_cli.errors.UsageError` the command line reports. Invalid files raise
:class:`~hazchem_cli.errors.DataError` carrying every located problem. The CLI's query
commands are built on this module, so what they print can be computed here.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from hazchem_cli.errors import Problem
from hazchem_cli.i18n.labels import Lang
from hazchem_cli.model.defaults import DEFAULT_STALE_AFTER_DAYS, DEFAULT_WITHIN_DAYS
from hazchem_cli.model.levels import Level
from hazchem_cli.model.records import Status, TaskView
from hazchem_cli.model.registry import AgencyRegistry
from hazchem_cli.query.filters import Words, make_filter
from hazchem_cli.query.judge import JudgedTask, Role, TaskFilter, judge, judged_tasks
from hazchem_cli.query.judge import overdue as most_overdue_first
from hazchem_cli.query.judge import upcoming as soonest_first
from hazchem_cli.store.cache import ParseCache
from hazchem_cli.store.collection import (
    Collection,
    check_collection,
    find_task,
    find_task_files,
    load_collection,
)
from hazchem_cli.store.locate import DataPaths

if TYPE_CHECKING:
    from typing_extensions import Unpack

    # The briefing compares with git revisions through pydantic models: imported when
    # a report is asked for, so a question never loads the validation machinery.
    from hazchem_cli.query.briefing import Report
    from hazchem_cli.query.tally import AgencyStanding

PathLike = str | os.PathLike[str]


class Filters(TypedDict, total=False):
    """The filters of ``hazchem list``, as keywords: every one given must pass.

    ``agency``: one name or several, by any name people use (a task given to a group the
    agency belongs to counts unless ``direct``); ``role``: lead, responsible or any;
    ``status``: not_started, in_progress or done; ``level``: red, yellow, green, ongoing,
    stale (one or several); ``due_before`` / ``due_after``: a day or a month, inclusive;
    ``ongoing`` or ``dated``; ``measure`` / ``search``: text in the measure or the task;
    ``extended``: only tasks whose deadline was extended.
    """

    agency: Words
    role: Role | str
    direct: bool
    measure: str | None
    status: Status | str | None
    due_before: dt.date | str | None
    due_after: dt.date | str | None
    ongoing: bool
    dated: bool
    search: Words | None
    level: Level | Words
    extended: bool


def load(
    *paths: PathLike,
    agencies: PathLike | None = None,
    cache: bool = True,
    today: dt.date | None = None,
    keep_going: bool = False,
    strict: bool = False,
) -> TaskList:
    """Load and validate one or more task lists, found as the command line finds them.

    ``paths`` are task files or folders (a folder holding ``tasks.yaml``, or any folder for
    every task file below it); none means ``$HAZCHEM_DATA``, else ``data/tasks.yaml`` here
    or in a parent, else the list shipped with hazchem. ``agencies`` overrides the
    ``agencies.yaml`` beside each task file. ``today`` is the day dates in the files are
    checked against (no note may be dated after it); the real today by default.

    Other YAML files in a folder are passed over (``TaskList.skipped``). With
    ``keep_going``, lists that cannot be read are left out and their problems kept in
    ``TaskList.collection.broken``, so many cities' lists still answer when one is broken;
    ``strict`` stops at the first list with a problem.

    Raises:
        DataError: with every problem of every file, when any is invalid (with
            ``keep_going``: only when none can be read).
        UsageError: when a path names nothing hazchem can read.
    """
    from hazchem_cli.store.cache import default_cache
    from hazchem_cli.store.records import default_records

    skipped: list[Path] = []
    files = find_task_files(
        [Path(p) for p in paths], Path(agencies) if agencies else None, skipped=skipped
    )
    parse_cache = default_cache() if cache else None
    records = default_records() if cache else None
    collection = load_collection(
        files,
        today or dt.date.today(),
        parse_cache,
        records,
        keep_going=keep_going,
        strict=strict,
    )
    return TaskList(collection, parse_cache, tuple(skipped))


@dataclass(frozen=True)
class TaskList:
    """Every task list loaded, as one: what ``hazchem`` answers questions about."""

    collection: Collection
    #: Where parsed files are cached; a report comparing with git revisions reads through it.
    cache: ParseCache | None = None
    #: YAML files in the folders given that are not task lists, passed over.
    skipped: tuple[Path, ...] = ()

    @property
    def files(self) -> list[DataPaths]:
        """The files read, one pair per list."""
        return [task_list.dataset.paths for task_list in self.collection.lists]

    def file_of(self, judged: JudgedTask) -> Path:
        """The task file ``judged`` was read from."""
        for task_list in self.collection.lists:
            if task_list.label == judged.source or not judged.source:
                return task_list.dataset.paths.tasks
        raise ValueError(judged.source)

    @property
    def shipped(self) -> bool:
        """True when the answer comes from the copy of the list shipped with hazchem."""
        return any(paths.shipped for paths in self.files)

    @property
    def registry(self) -> AgencyRegistry:
        """The agencies of every list, found by any name people use."""
        return self.collection.registry

    @property
    def tasks(self) -> list[TaskView]:
        """Every task, list by list, in file order."""
        return [task for tl in self.collection.lists for task in tl.dataset.task_file.tasks]

    def select(
        self,
        as_of: dt.date | None = None,
        *,
        within_days: int = DEFAULT_WITHIN_DAYS,
        stale_after: int = DEFAULT_STALE_AFTER_DAYS,
        **filters: Unpack[Filters],
    ) -> list[JudgedTask]:
        """The tasks that pass every filter given, judged on ``as_of`` (today), in list order.

        The filters are ``hazchem list``'s (see :class:`Filters`); ``within_days`` is how
        far ahead counts as due soon and ``stale_after`` how long an ongoing task may go
        without a note.
        """
        day = as_of or dt.date.today()
        task_filter = make_filter(self.registry, day, **filters)
        return self.judged(task_filter, day, within_days, stale_after)

    def judged(
        self,
        task_filter: TaskFilter,
        as_of: dt.date,
        within_days: int = DEFAULT_WITHIN_DAYS,
        stale_after: int = DEFAULT_STALE_AFTER_DAYS,
        *,
        overdue_only: bool = False,
    ) -> list[JudgedTask]:
        """The tasks ``task_filter`` lets through, judged on ``as_of``: for a ready filter.
        With ``overdue_only``, tasks not overdue may be left out (``judged_tasks``)."""
        return judged_tasks(
            self.collection, task_filter, as_of, within_days, stale_after, overdue_only=overdue_only
        )

    def overdue(self, as_of: dt.date | None = None, **filters: Unpack[Filters]) -> list[JudgedTask]:
        """Overdue tasks on ``as_of`` (today), most overdue first; takes ``select``'s filters."""
        return most_overdue_first(self.select(as_of, **filters))

    def upcoming(
        self,
        as_of: dt.date | None = None,
        within_days: int = DEFAULT_WITHIN_DAYS,
        **filters: Unpack[Filters],
    ) -> list[JudgedTask]:
        """Tasks due within ``within_days`` of ``as_of`` (today), soonest first."""
        return soonest_first(self.select(as_of, within_days=within_days, **filters))

    def task(
        self,
        reference: str | int,
        as_of: dt.date | None = None,
        within_days: int = DEFAULT_WITHIN_DAYS,
        stale_after: int = DEFAULT_STALE_AFTER_DAYS,
    ) -> JudgedTask:
        """One task by id (``18``, or ``hangzhou:18`` when several lists are read), judged."""
        source, found = find_task(self.collection, str(reference))
        return judge(found, as_of or dt.date.today(), within_days, source, stale_after)

    def standings(
        self, as_of: dt.date | None = None, within_days: int = DEFAULT_WITHIN_DAYS
    ) -> list[AgencyStanding]:
        """Each agency's share on ``as_of`` (today): led, responsible, overdue, next due."""
        from hazchem_cli.query.tally import agency_standings

        day = as_of or dt.date.today()
        everything = self.judged(TaskFilter(), day, within_days)
        return agency_standings(everything, self.registry, day)

    def report(
        self,
        as_of: dt.date | None = None,
        lang: Lang = Lang.ZH,
        *,
        agency: Words = (),
        since: str | None = None,
        today: dt.date | None = None,
        within_days: int = DEFAULT_WITHIN_DAYS,
        stale_after: int = DEFAULT_STALE_AFTER_DAYS,
    ) -> Report:
        """The weekly briefing's content on ``as_of`` (today), before any format.

        ``since`` is a day (any form ``--as-of`` takes) or a git revision; ``today`` is the
        day older versions of the files are checked against (default ``as_of``).
        """
        from hazchem_cli.query.briefing import build_report

        day = as_of or dt.date.today()
        task_filter = make_filter(self.registry, day, agency=agency)
        return build_report(
            self.collection,
            task_filter,
            day,
            lang,
            since=since,
            today=today,
            cache=self.cache,
            within=within_days,
            stale_after=stale_after,
        )


def check(
    *paths: PathLike,
    agencies: PathLike | None = None,
    cache: bool = True,
    today: dt.date | None = None,
) -> list[Problem]:
    """Every problem in the task lists ``paths`` name (found as :func:`load` finds them).

    An empty list means every file is valid; an agencies file shared by several lists is
    reported once.
    """
    from hazchem_cli.store.cache import default_cache

    files = find_task_files([Path(p) for p in paths], Path(agencies) if agencies else None)
    return check_collection(files, today or dt.date.today(), default_cache() if cache else None)
