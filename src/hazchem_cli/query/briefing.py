"""The weekly briefing as data: what a leadership meeting is shown, before any format.

``hazchem report`` answers, for one day, the questions the committee office brings to
the meeting: how many tasks stand at each warning level, who is late and by how much,
what falls due next, what changed since the last meeting, and which standing duties
have gone silent. Everything is computed here from judged tasks, so the HTML and
Markdown renderers only lay out a ``Report`` and the content is tested once, as data.

"What changed" has two sources. A day (``--since 2022-11-01``) is answered from the
dates the file itself records (progress notes, ``done_on``, extensions), which works
on any copy of the list. A git revision (``--since HEAD~3``) is answered by the
semantic diff that ``hazchem diff`` uses, which also sees edits that carry no date,
such as a deadline rewritten without a recorded extension.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from hazchem_cli.errors import UsageError
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.model.dates import DateExpressionError, parse_date
from hazchem_cli.model.defaults import DEFAULT_STALE_AFTER_DAYS, DEFAULT_WITHIN_DAYS
from hazchem_cli.model.documents import Extension, ProgressNote, Task
from hazchem_cli.model.late_extensions import LateExtension, late_extensions
from hazchem_cli.model.levels import Level
from hazchem_cli.model.records import TaskView
from hazchem_cli.query.closeout import CloseoutTally, closeout_tally
from hazchem_cli.query.judge import (
    JudgedTask,
    TaskFilter,
    judged_tasks,
    latest_note_day,
    overdue,
    select,
    upcoming,
)
from hazchem_cli.query.rounds import Period, Round, UnitRound, round_of, unit_rounds
from hazchem_cli.query.tally import Tally, agency_standings, deadlines_by_month
from hazchem_cli.review.comparison import compare
from hazchem_cli.review.git import GitError, Repository, parse_range
from hazchem_cli.review.semantic_diff import Change, ChangeKind, needs_attention
from hazchem_cli.store.cache import ParseCache
from hazchem_cli.store.collection import Collection
from hazchem_cli.store.shown_path import shown_path

#: The order levels are counted and drawn in: the worst first, as the meeting reads them.
LEVELS = (Level.RED, Level.YELLOW, Level.GREEN, Level.ONGOING, Level.STALE)


@dataclass(frozen=True)
class LeadGroup:
    """One lead unit's overdue tasks, most overdue first.

    A task led jointly appears under each of its lead units: every one of them answers
    for it at the meeting. ``co_leads`` gives, per task, the other lead units.
    """

    agency: str
    tasks: tuple[JudgedTask, ...]

    @property
    def most_overdue(self) -> int:
        return max((item.days_overdue or 0 for item in self.tasks), default=0)

    def co_leads(self, item: JudgedTask) -> list[str]:
        return [name for name in item.task.lead if name != self.agency]


@dataclass(frozen=True)
class ReportChange:
    """One change to one task since ``--since``, in words ready to show.

    ``on`` is the day the change records (a note's or extension's date, ``done_on``),
    None when the change carries no date (a text edit found by the git comparison).
    ``attention`` marks what a reader must not miss: history deleted, or a deadline
    moved without a recorded extension.
    """

    ref: str
    task: str
    what: str = ""
    detail: str = ""
    on: dt.date | None = None
    attention: bool = False
    #: The change as ``hazchem diff`` found it, when it comes from a git revision: shown
    #: in ``hazchem diff``'s words by the renderers, instead of ``what`` and ``detail``.
    change: Change | None = None


@dataclass(frozen=True)
class Report:
    """Everything the briefing shows, judged on ``as_of``, in the language ``lang``."""

    as_of: dt.date
    lang: Lang
    titles: tuple[str, ...]
    #: The task files read, as the reader would find them (``data/tasks.yaml``).
    files: tuple[str, ...]
    agencies: tuple[str, ...]
    within: int
    stale_after: int
    counts: Counter[Level]
    overdue_by_lead: list[LeadGroup]
    due_soon: list[JudgedTask]
    stale: list[JudgedTask]
    #: ``--since`` as given (None without it), and what changed since then.
    since: str | None
    #: ``--since`` as the reader needs it: the day it resolved to (``-1w`` → 2022-11-08),
    #: or the revision with its short hash and day (``HEAD~3 (a1b2c3d 2022-11-14)``).
    since_shown: str | None
    changes: list[ReportChange]
    #: Chart data: levels per agency, worst first; dated deadlines per month, gaps included.
    by_agency: list[Tally]
    by_month: list[Tally]
    done_on_time: int
    done_late: int
    #: Completed tasks awaiting sign-off (待审核), by who must act, and the closed count.
    closeout: CloseoutTally | None = None
    #: Extensions granted after the deadline they extend had passed (超期申请), by then.
    late_extensions: tuple[tuple[JudgedTask, LateExtension], ...] = ()
    #: This week's reporting round, and the units with open tasks in it (未报送).
    round: Round | None = None
    rounds: list[UnitRound] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def build_report(
    collection: Collection,
    task_filter: TaskFilter,
    as_of: dt.date,
    lang: Lang,
    *,
    since: str | None = None,
    today: dt.date | None = None,
    cache: ParseCache | None = None,
    within: int = DEFAULT_WITHIN_DAYS,
    stale_after: int = DEFAULT_STALE_AFTER_DAYS,
) -> Report:
    """The briefing for ``as_of`` over the tasks ``task_filter`` selects.

    ``since`` is a day (any form ``--as-of`` takes; relative forms count back from
    ``as_of``) or a git revision; ``today`` (the real day, default ``as_of``) is what
    dates in older versions of the files are checked against.
    """
    judged = judged_tasks(collection, task_filter, as_of, within, stale_after)
    changes: list[ReportChange] = []
    since_shown = since
    if since is not None:
        day = since_day(since, as_of)
        if day is not None:
            changes = changes_since_day(judged, day, lang)
            since_shown = day.isoformat()
        else:
            changes = changes_since_revision(
                collection, task_filter, judged, since, as_of, lang, today or as_of, cache
            )
            since_shown = _revision_shown(collection, since)
    current = round_of(as_of, Period.WEEK)
    return Report(
        as_of=as_of,
        lang=lang,
        titles=tuple(dict.fromkeys(tl.dataset.task_file.title for tl in collection.lists)),
        files=tuple(shown_path(tl.dataset.paths.tasks) for tl in collection.lists),
        agencies=tuple(agency.name for agency in task_filter.agencies),
        within=within,
        stale_after=stale_after,
        counts=Counter(item.level for item in judged),
        overdue_by_lead=lead_groups(overdue(judged)),
        due_soon=upcoming(judged),
        stale=stale_tasks(judged),
        since=since,
        since_shown=since_shown,
        changes=changes,
        by_agency=levels_by_agency(judged, collection, task_filter, as_of),
        by_month=month_timeline(deadlines_by_month(judged)),
        done_on_time=sum(i.done_by_then and i.due is not None and not i.done_late for i in judged),
        done_late=sum(item.done_late for item in judged),
        closeout=closeout_tally(judged, _offices(collection)),
        late_extensions=tuple(
            (item, late)
            for item in judged
            for late in late_extensions(item.task)
            if late.on <= as_of
        ),
        round=current,
        rounds=unit_rounds(judged, collection.registry, [current], as_of, task_filter.agencies),
    )


def _offices(collection: Collection) -> Callable[[JudgedTask], str]:
    """The office that closes each judged task's list (its ``source`` names the list)."""
    offices = {
        (task_list.label if collection.many else ""): task_list.dataset.task_file.office_unit
        for task_list in collection.lists
    }
    return lambda item: offices[item.source]


def lead_groups(late: Sequence[JudgedTask]) -> list[LeadGroup]:
    """Overdue tasks under each lead unit; the unit with the most overdue task first.

    ``late`` comes most overdue first, and keeps that order within each group; groups
    tied on their worst task go by how many tasks they hold, then by first appearance.
    """
    groups: dict[str, list[JudgedTask]] = {}
    for item in late:
        for lead in item.task.lead:
            groups.setdefault(lead, []).append(item)
    found = [LeadGroup(name, tuple(items)) for name, items in groups.items()]
    return sorted(found, key=lambda group: (-group.most_overdue, -len(group.tasks)))


def stale_tasks(judged: Sequence[JudgedTask]) -> list[JudgedTask]:
    """Ongoing tasks gone silent, the longest silent (never noted) first."""
    stale = [item for item in judged if item.level is Level.STALE]
    return sorted(
        stale, key=lambda item: (last_note(item) or dt.date.min, item.source, item.task.id)
    )


def last_note(item: JudgedTask) -> dt.date | None:
    """The day of the latest progress note on or before the day the task was judged."""
    return latest_note_day(item.task, item.as_of)


def levels_by_agency(
    judged: Sequence[JudgedTask], collection: Collection, task_filter: TaskFilter, as_of: dt.date
) -> list[Tally]:
    """Tasks per agency by level, the agency with most overdue (then due soon) first.

    Counts are of tasks naming the agency as lead or responsible unit, so a jointly led
    task counts for each. With ``--agency`` only the agencies asked for are shown.
    """
    standings = [
        standing
        for standing in agency_standings(judged, collection.registry, as_of)
        if standing.led + standing.responsible
        and (not task_filter.agencies or standing.agency in task_filter.agencies)
    ]
    tallies = [Tally(standing.agency.name, standing.levels) for standing in standings]
    return sorted(
        tallies,
        key=lambda tally: (-tally.levels[Level.RED], -tally.levels[Level.YELLOW], -tally.total),
    )


def month_timeline(by_month: Sequence[Tally]) -> list[Tally]:
    """Every month from the first deadline to the last, empty months included.

    A timeline that skipped quiet months would draw a crowded quarter and an empty one
    as the same distance apart.
    """
    if not by_month:
        return []
    known = {tally.label: tally for tally in by_month}
    year, month = (int(part) for part in by_month[0].label.split("-"))
    last = by_month[-1].label
    timeline: list[Tally] = []
    while True:
        label = f"{year:04d}-{month:02d}"
        timeline.append(known.get(label, Tally(label, Counter())))
        if label == last:
            return timeline
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _revision_shown(collection: Collection, revision: str) -> str:
    """``revision`` with the commit it names in the (first) list's repository."""
    repository = Repository.containing(collection.lists[0].dataset.paths.tasks)
    return f"{revision} ({repository.describe(repository.resolve(revision))})"


def since_day(text: str, as_of: dt.date) -> dt.date | None:
    """The day ``--since`` names, or None when it is not a date (so it names a revision).

    Relative forms count back from the report's day: ``--since -1w`` is the week before
    ``as_of``, which is what a weekly report for a past day means.
    """
    try:
        return parse_date(text, as_of)
    except DateExpressionError:
        return None


def changes_since_day(judged: Sequence[JudgedTask], day: dt.date, lang: Lang) -> list[ReportChange]:
    """What the file records as happening after ``day`` up to the day judged, oldest first.

    Progress notes, completions and extensions dated after ``day``; entries dated after
    the day judged had not happened yet on it and are left out.
    """
    changes = [
        ReportChange(item.ref, item.task.task, what, detail, on)
        for item in judged
        for on, what, detail in _dated_entries(item, lang)
        if day < on <= item.as_of
    ]
    return sorted(changes, key=lambda change: (change.on or dt.date.min, change.ref))


def _dated_entries(item: JudgedTask, lang: Lang) -> list[tuple[dt.date, str, str]]:
    """Every dated entry of a task (note, extension, completion) as (day, what, detail)."""
    task = item.task
    entries = [
        (note.on, word("progress_added", lang), _said(note.by, note.note, lang))
        for note in task.progress
    ]
    previous = task.deadline
    for extension in task.extensions:
        moved = f"{previous} → {extension.to}"
        entries.append(
            (extension.on, word("extension_added", lang), _said(moved, extension.reason, lang))
        )
        previous = extension.to
    if task.status.completed and task.done_on is not None:
        entries.append((task.done_on, word("report_task_done", lang), _lateness(item, lang)))
    return entries


def _said(who: str, what: str, lang: Lang) -> str:
    return f"{who}{'：' if lang is Lang.ZH else ': '}{what}"


def _lateness(item: JudgedTask, lang: Lang) -> str:
    """How a completion stood against the deadline in force."""
    done_on, due = item.task.done_on, item.due
    if done_on is None or due is None:
        return word("report_no_deadline", lang)
    if done_on > due:
        return word("report_days_late", lang, days=(done_on - due).days)
    return word("report_on_time", lang)


def changes_since_revision(
    collection: Collection,
    task_filter: TaskFilter,
    judged: Sequence[JudgedTask],
    revision: str,
    as_of: dt.date,
    lang: Lang,
    today: dt.date,
    cache: ParseCache | None = None,
) -> list[ReportChange]:
    """The changes in meaning to the selected tasks since git ``revision``, per list.

    The comparison and the words for each change are ``hazchem diff``'s, so the report
    and a reviewer's diff describe a change alike. A removed task is kept when it would
    have passed the filter; changes to the agency registry are not the meeting's business.
    """
    wanted = parse_range(revision)
    if wanted.new is not None:
        raise UsageError(
            _(
                "--since {value}: give one revision (or a day), not a range",
                value=repr(revision),
            )
        )
    changes: list[ReportChange] = []
    for task_list in collection.lists:
        paths = task_list.dataset.paths
        try:
            Repository.containing(paths.tasks).resolve(revision)
        except GitError as error:
            raise UsageError(
                _(
                    "--since {value} is not a date, nor a revision git knows: {problem}",
                    value=repr(revision),
                    problem=error,
                )
            ) from None
        source = task_list.label if collection.many else ""
        current = {item.task.id: item for item in judged if item.source == source}
        for change in compare(wanted, paths, today, cache).changes:
            if change.task_id is None:
                continue
            if change.task_id in current:
                task: TaskView = current[change.task_id].task
            elif change.kind is ChangeKind.TASK_REMOVED and isinstance(change.entry, Task):
                task = change.entry
                if not select([task], collection.registry, task_filter, as_of):
                    continue
            else:
                continue
            ref = f"{source}:{task.id}" if source else str(task.id)
            changes.append(
                ReportChange(
                    ref,
                    task.task,
                    on=_change_day(change),
                    attention=needs_attention(change),
                    change=change,
                )
            )
    return changes


def _change_day(change: Change) -> dt.date | None:
    """The day a change records, where it records one."""
    if isinstance(change.entry, ProgressNote | Extension):
        return change.entry.on
    return change.done_on
