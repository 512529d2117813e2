"""The deadline rules and filters through the library, on the shipped list at pinned dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hazchem_cli.errors import UsageError
from hazchem_cli.model.documents import Status
from hazchem_cli.model.levels import Level
from hazchem_cli.model.registry import resolve_agencies
from hazchem_cli.query.judge import Role, TaskFilter, overdue, select, upcoming
from hazchem_cli.query.tally import agency_standings, deadlines_by_month, tally_by_measure
from hazchem_cli.store.load import Dataset, find_data, load_dataset
from tests.conftest import DATA

TODAY = dt.date(2026, 11, 29)
DUE_JUNE = {4, 7, 10, 13, 44, 46}  # 2022年6月
EMERGENCY_LEADS = {7, 8, 12, 13, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25, 28, 30, 31, 33, 34}
EMERGENCY_LEADS |= {35, 36, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50}
EMERGENCY_RESPONSIBLE = {9, 10, 11, 27, 29, 37}


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    return load_dataset(find_data(DATA), TODAY)


def ids(items: list) -> list[int]:  # type: ignore[type-arg]
    return [item.task.id for item in items]


def ask(dataset: Dataset, day: dt.date, **filters: object) -> list[int]:
    chosen = TaskFilter(**filters)  # type: ignore[arg-type]
    return ids(select(dataset.task_file.tasks, dataset.registry, chosen, day))


def test_month_deadline_is_due_on_the_last_day_not_before(shipped: Dataset) -> None:
    on_the_day = overdue(select(shipped.task_file.tasks, shipped.registry, TaskFilter(),
                                dt.date(2022, 11, 30)))  # fmt: skip
    day_after = overdue(select(shipped.task_file.tasks, shipped.registry, TaskFilter(),
                               dt.date(2022, 12, 1)))  # fmt: skip
    assert 1 not in ids(on_the_day)
    task_one = next(item for item in day_after if item.task.id == 1)
    assert task_one.days_overdue == 1


def test_overdue_is_most_overdue_first(shipped: Dataset) -> None:
    found = overdue(select(shipped.task_file.tasks, shipped.registry, TaskFilter(),
                           dt.date(2022, 10, 15)))  # fmt: skip
    assert ids(found) == [3, 4, 7, 10, 13, 44, 46, 11]
    assert [item.days_overdue for item in found][:2] == [168, 107]


def test_ongoing_tasks_are_never_overdue(shipped: Dataset) -> None:
    far = select(shipped.task_file.tasks, shipped.registry, TaskFilter(), dt.date(2030, 1, 1))
    ongoing = [item for item in far if item.due is None]
    assert len(ongoing) == 12
    assert all(item.days_overdue is None for item in ongoing)
    # No progress note at all: every one of them has gone stale.
    assert all(item.level is Level.STALE for item in ongoing)


def test_upcoming_is_soonest_first_within_the_window(shipped: Dataset) -> None:
    judged = select(shipped.task_file.tasks, shipped.registry, TaskFilter(),
                    dt.date(2022, 9, 1), within_days=30)  # fmt: skip
    assert ids(upcoming(judged)) == [11]  # due 09-30; 10-31 is 60 days out
    wider = select(shipped.task_file.tasks, shipped.registry, TaskFilter(),
                   dt.date(2022, 9, 1), within_days=60)  # fmt: skip
    assert ids(upcoming(wider)) == [11, 12, 38]


def test_done_late_is_overdue_until_done_then_reported_as_done_late(
    data_dir: Path,
) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(
        tasks.read_text().replace(
            '    deadline: "2022年4月"\n    status: not_started\n',
            '    deadline: "2022年4月"\n    status: done\n    done_on: 2022-05-10\n',
        )
    )
    dataset = load_dataset(find_data(data_dir), TODAY)

    def task_three(day: dt.date):  # type: ignore[no-untyped-def]
        return select(dataset.task_file.tasks, dataset.registry, TaskFilter(), day)[2]

    before = task_three(dt.date(2022, 5, 9))
    assert before.level is Level.RED and before.days_overdue == 9 and not before.done_late
    on_the_day = task_three(dt.date(2022, 5, 10))
    assert on_the_day.level is Level.GREEN and on_the_day.days_overdue is None
    assert on_the_day.done_late


def test_agency_is_found_by_name_id_alias_and_short_name(shipped: Dataset) -> None:
    for name in ("省应急管理厅", "emergency", "应急厅", "应急管理厅", "EMERGENCY"):
        (agency,) = resolve_agencies(shipped.registry, [name])
        assert agency.name == "省应急管理厅"


@pytest.mark.usefixtures("english")
def test_unknown_agency_suggests_the_nearest(shipped: Dataset) -> None:
    with pytest.raises(UsageError, match="did you mean 省应急管理厅"):
        resolve_agencies(shipped.registry, ["省应急管里厅"])


def test_agency_filter_and_roles(shipped: Dataset) -> None:
    (emergency,) = resolve_agencies(shipped.registry, ["应急厅"])
    day = dt.date(2022, 7, 1)
    assert set(ask(shipped, day, agencies=(emergency,), role=Role.LEAD)) == EMERGENCY_LEADS
    responsible = ask(shipped, day, agencies=(emergency,), role=Role.RESPONSIBLE)
    assert set(responsible) == EMERGENCY_RESPONSIBLE
    assert set(ask(shipped, day, agencies=(emergency,))) == EMERGENCY_LEADS | EMERGENCY_RESPONSIBLE


def test_several_agencies_give_tasks_of_any(shipped: Dataset) -> None:
    agencies = resolve_agencies(shipped.registry, ["省能源局", "省科技厅"])
    assert ask(shipped, TODAY, agencies=agencies) == [27, 28, 32]


def test_group_membership_reaches_tasks_unless_direct(data_dir: Path) -> None:
    registry = data_dir / "agencies.yaml"
    registry.write_text(
        registry.read_text()
        .replace("  - name: 省级相关部门\n", "  - name: 省级相关部门\n", 1)
        .replace(
            "      - 省级部门\n    # The source",
            "      - 省级部门\n    members:\n      - 省能源局\n    # The source",
        )
        .replace("    members: []\n  - name: 省应急管理厅", "  - name: 省应急管理厅")
    )
    dataset = load_dataset(find_data(data_dir), TODAY)
    energy = resolve_agencies(dataset.registry, ["能源局"])
    found = select(dataset.task_file.tasks, dataset.registry, TaskFilter(agencies=energy), TODAY)
    assert ids(found) == [5, 27, 28]
    assert found[0].reached_via == ("省级相关部门",) and found[1].reached_via == ()
    assert ask(dataset, TODAY, agencies=energy, direct=True) == [27, 28]


def test_filters_combine(shipped: Dataset) -> None:
    day = dt.date(2022, 7, 1)
    assert set(ask(shipped, day, levels=(Level.RED,))) == DUE_JUNE | {3}
    assert ask(shipped, day, measure="园区安全", levels=(Level.RED,)) == [10]
    assert ask(shipped, day, search="培训", dated=True, due_before=dt.date(2022, 11, 30)) == [36]
    assert ask(shipped, day, search="培训") == [36, 40, 41]
    assert len(ask(shipped, day, dated=False)) == 12
    assert ask(shipped, day, due_after=dt.date(2022, 9, 1), due_before=dt.date(2022, 9, 30)) == [
        11
    ]  # fmt: skip
    assert ask(shipped, day, status=Status.DONE) == []
    assert len(ask(shipped, day, status=Status.NOT_STARTED)) == 50
    assert ask(shipped, day, extended=True) == []


def test_standings_and_tallies(shipped: Dataset) -> None:
    day = dt.date(2022, 7, 1)
    judged = select(shipped.task_file.tasks, shipped.registry, TaskFilter(), day)
    standings = {s.agency.id: s for s in agency_standings(judged, shipped.registry, day)}
    emergency = standings["emergency"]
    assert (emergency.led, emergency.responsible) == (34, 6)
    assert emergency.overdue == 5  # 7, 13, 44, 46 as lead and 10 as responsible
    assert emergency.next_due == dt.date(2022, 9, 30)
    months = {t.label: t.total for t in deadlines_by_month(judged)}
    assert months == {"2022-04": 1, "2022-06": 6, "2022-09": 1, "2022-10": 2, "2022-11": 18,
                      "2022-12": 10}  # fmt: skip
    assert sum(t.total for t in tally_by_measure(judged)) == 50


def test_stale_is_judged_by_the_last_progress_note_at_its_boundary(data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(
        tasks.read_text().replace(
            '    deadline: "持续推进"\n    status: not_started\n',
            '    deadline: "持续推进"\n    status: in_progress\n    progress:\n'
            "      - on: 2022-03-01\n        by: 省危化安全专委办\n        note: 部署\n"
            "      - on: 2022-06-01\n        by: 省危化安全专委办\n        note: 督查\n",
            1,
        )
    )
    dataset = load_dataset(find_data(data_dir), TODAY)

    def level_of_six(day: dt.date, stale_after: int = 90) -> Level:
        judged = select(dataset.task_file.tasks, dataset.registry, TaskFilter(), day,
                        stale_after=stale_after)  # fmt: skip
        return judged[5].level

    assert level_of_six(dt.date(2022, 8, 30)) is Level.ONGOING  # 90 days after 06-01
    assert level_of_six(dt.date(2022, 8, 31)) is Level.STALE  # 91 days
    assert level_of_six(dt.date(2022, 8, 31), stale_after=120) is Level.ONGOING
    # On 2022-05-31 the June note is still in the future: the March one is 91 days old.
    assert level_of_six(dt.date(2022, 5, 31)) is Level.STALE
    assert level_of_six(dt.date(2022, 5, 30)) is Level.ONGOING


def test_a_done_ongoing_task_is_never_stale(data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(
        tasks.read_text().replace(
            '    deadline: "持续推进"\n    status: not_started\n',
            '    deadline: "持续推进"\n    status: done\n    done_on: 2022-06-01\n',
            1,
        )
    )
    dataset = load_dataset(find_data(data_dir), TODAY)
    judged = select(dataset.task_file.tasks, dataset.registry, TaskFilter(), TODAY)
    assert judged[5].level is Level.ONGOING
    before = select(dataset.task_file.tasks, dataset.registry, TaskFilter(), dt.date(2022, 5, 1))
    assert before[5].level is Level.STALE


def test_a_past_day_is_judged_as_it_stood_then(data_dir: Path) -> None:
    """Extensions granted and work done after --as-of do not count on that day yet."""
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(
        tasks.read_text().replace(
            '    deadline: "2022年9月"\n    status: not_started\n',
            '    deadline: "2022年9月"\n    extensions:\n      - on: 2022-12-01\n'
            '        to: "2023年3月"\n        reason: 延期\n        approved_by: 省安委办\n'
            "    status: done\n"
            "    done_on: 2023-02-01\n",
        )
    )
    dataset = load_dataset(find_data(data_dir), TODAY)

    def eleven(day: dt.date, **filters: object) -> list:  # type: ignore[type-arg]
        chosen = TaskFilter(**filters)  # type: ignore[arg-type]
        judged = select(dataset.task_file.tasks, dataset.registry, chosen, day)
        return [item for item in judged if item.task.id == 11]

    (before,) = eleven(dt.date(2022, 11, 15))
    assert before.level is Level.RED and before.days_overdue == 46
    assert before.status is Status.IN_PROGRESS
    assert eleven(dt.date(2022, 11, 15), status=Status.DONE) == []
    (extended,) = eleven(dt.date(2022, 12, 2))
    assert extended.level is Level.GREEN and extended.due == dt.date(2023, 3, 31)
    (done,) = eleven(dt.date(2023, 2, 2), status=Status.DONE)
    assert done.level is Level.GREEN and not done.done_late
