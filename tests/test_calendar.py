"""``hazchem calendar``: the .ics file, read back with icalendar as a calendar program would."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Alarm, Calendar, Event

from hazchem_cli.errors import UsageError
from hazchem_cli.output.ics import ListOrigin, parse_remind, shorten, task_uid
from tests.conftest import DATA, Invoke

AS_OF = ("--as-of", "2022-11-15")
#: Dated tasks of the shipped list; the other twelve are ongoing (持续推进/持续开展).
DATED = 38
EXTENSION = (
    '    deadline: "2022年11月"\n'
    "    extensions:\n"
    "      - on: 2022-11-01\n"
    '        to: "2023年1月"\n'
    "        reason: 涉及企业多，排查需延期\n"
    "        approved_by: 省安委办\n"
)
DONE = "    status: done\n    done_on: 2022-11-10\n"


def rewrite_task(tasks: Path, task_id: int, old: str, new: str) -> None:
    """Replace ``old`` with ``new`` inside task ``task_id``'s block of a task file."""
    text = tasks.read_text(encoding="utf-8")
    start = text.index(f"  - id: {task_id}\n")
    end = text.index("\n  - id: ", start) + 1
    block = text[start:end]
    assert old in block
    tasks.write_text(text[:start] + block.replace(old, new) + text[end:], encoding="utf-8")


@pytest.fixture
def tracked(data_dir: Path) -> Path:
    """The shipped list after a season's work: 18 extended to 2023年1月, 1 done."""
    tasks = data_dir / "tasks.yaml"
    rewrite_task(tasks, 18, '    deadline: "2022年11月"\n', EXTENSION)
    rewrite_task(tasks, 1, "    status: not_started\n", DONE)
    return data_dir


def export(invoke: Invoke, tmp_path: Path, *args: str) -> bytes:
    target = tmp_path / "deadlines.ics"
    result = invoke("calendar", *AS_OF, "-o", str(target), *args)
    assert result.exit_code == 0, result.stderr
    return target.read_bytes()


def events(payload: bytes) -> list[Event]:
    calendar = Calendar.from_ical(payload)
    return [component for component in calendar.walk("VEVENT") if isinstance(component, Event)]


def ids(found: list[Event]) -> list[int]:
    return [int(str(event["UID"]).rpartition("-task-")[2]) for event in found]


def dated_open(invoke: Invoke, *args: str) -> dict[int, str]:
    """What ``list`` says: the due date of every dated task not done, by id."""
    result = invoke("list", *AS_OF, "--dated", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    return {row["id"]: row["due"] for row in rows if row["status"] != "done"}


def test_one_all_day_event_per_dated_open_task_on_its_current_due_date(
    invoke: Invoke, tmp_path: Path, tracked: Path
) -> None:
    found = events(export(invoke, tmp_path, "--data", str(tracked)))
    expected = dated_open(invoke, "--data", str(tracked))
    assert len(found) == len(expected) == DATED - 1  # task 1 is done
    for event in found:
        task_id = ids([event])[0]
        assert event["DTSTART"].params["VALUE"] == event["DTEND"].params["VALUE"] == "DATE"
        assert type(event.start) is dt.date  # a date, not a datetime: an all-day event
        assert event.start.isoformat() == expected[task_id]
        assert event.end == event.start + dt.timedelta(days=1)
        assert event["TRANSP"] == "TRANSPARENT" and event["STATUS"] == "CONFIRMED"
    extended = next(event for event in found if ids([event]) == [18])
    assert extended.start == dt.date(2023, 1, 31)  # the extension's, not 2022-11-30
    assert extended["SEQUENCE"] == 1  # moved once: a rescheduled event


def test_events_come_in_date_order_and_the_calendar_is_named(
    invoke: Invoke, tmp_path: Path
) -> None:
    payload = export(invoke, tmp_path)
    calendar = Calendar.from_ical(payload)
    assert calendar["X-WR-CALNAME"] == "浙江省危险化学品安全风险集中治理任务清单"
    assert calendar["METHOD"] == "PUBLISH" and calendar["VERSION"] == "2.0"
    starts = [event.start for event in events(payload)]
    assert starts == sorted(starts)
    named = Calendar.from_ical(export(invoke, tmp_path, "--name", "应急厅 危化任务"))
    assert named["X-WR-CALNAME"] == "应急厅 危化任务"


def test_same_input_same_bytes_and_stable_unique_uids(
    invoke: Invoke, tmp_path: Path, data_dir: Path
) -> None:
    first = export(invoke, tmp_path, "--data", str(data_dir))
    second = export(invoke, tmp_path, "--data", str(data_dir))
    assert first == second
    uids = [str(event["UID"]) for event in events(first)]
    assert len(set(uids)) == len(uids) == DATED
    # An extension moves task 18's event; it keeps its UID, so calendars update it.
    rewrite_task(data_dir / "tasks.yaml", 18, '    deadline: "2022年11月"\n', EXTENSION)
    moved = events(export(invoke, tmp_path, "--data", str(data_dir)))
    assert sorted(str(event["UID"]) for event in moved) == sorted(uids)
    assert {ids([event])[0]: str(event["UID"]) for event in moved} == {
        ids([event])[0]: str(event["UID"]) for event in events(first)
    }


def test_dtstamp_is_midnight_utc_of_as_of_not_the_clock(invoke: Invoke, tmp_path: Path) -> None:
    stamps = {event.DTSTAMP for event in events(export(invoke, tmp_path))}
    assert stamps == {dt.datetime(2022, 11, 15, tzinfo=dt.timezone.utc)}


def test_summary_and_description_tell_the_task(invoke: Invoke, tmp_path: Path) -> None:
    payload = export(invoke, tmp_path, "--lang", "zh")
    event = next(event for event in events(payload) if ids([event]) == [18])
    assert str(event["SUMMARY"]) == "[危化治理] 18 全面排查危化品安全生产许可、安全使用许可的企业…"
    description = str(event["DESCRIPTION"])
    assert description.startswith("全面排查危化品安全生产许可")
    assert description.count("建立长周期安全运行的技术保障体系和更新机制。") == 1  # in full
    for line in (
        "治理措施：防范老旧装置安全风险",
        "牵头单位：省应急管理厅",
        "责任单位：省经信厅、省建设厅、省市场监管局",
        "完成时限：2022年11月",
        "状态：未开始",
    ):
        assert line in description.splitlines()
    english = events(export(invoke, tmp_path, "--lang", "en"))
    in_english = next(event for event in english if ids([event]) == [18])
    assert str(in_english["SUMMARY"]).startswith("[Hazchem] 18 全面排查")
    assert (
        "Lead: Zhejiang Provincial Department of Emergency Management"
        in str(in_english["DESCRIPTION"]).splitlines()
    )


def test_a_reminder_at_nine_the_given_days_before(invoke: Invoke, tmp_path: Path) -> None:
    def triggers(*args: str) -> list[object]:
        """The trigger of each event's one alarm, in event order; [] when none has one."""
        found = events(export(invoke, tmp_path, *args))
        alarms = [alarm for event in found for alarm in event.subcomponents]
        assert all(isinstance(alarm, Alarm) and alarm["ACTION"] == "DISPLAY" for alarm in alarms)
        assert all(isinstance(alarm, Alarm) and alarm["DESCRIPTION"] for alarm in alarms)
        assert len(alarms) in (0, len(found))
        return [alarm.TRIGGER for alarm in alarms if isinstance(alarm, Alarm)]

    assert triggers() == [-dt.timedelta(days=6, hours=15)] * DATED  # 7d: 09:00 a week before
    assert set(triggers("--remind", "2w")) == {-dt.timedelta(days=13, hours=15)}
    assert set(triggers("--remind", "1d")) == {-dt.timedelta(hours=15)}  # 09:00 the day before
    assert triggers("--remind", "0") == []


@pytest.mark.parametrize("value", ["7", "7x", "-1d", "1.5w", "", "3h", "400d"])
def test_a_bad_remind_is_a_usage_error(invoke: Invoke, tmp_path: Path, value: str) -> None:
    result = invoke("calendar", *AS_OF, "-o", str(tmp_path / "x.ics"), "--remind", value)
    assert result.exit_code == 2
    assert "--remind" in result.stderr
    assert not (tmp_path / "x.ics").exists()


def test_agency_filter_selects_the_events(invoke: Invoke, tmp_path: Path) -> None:
    found = events(export(invoke, tmp_path, "--agency", "交通厅", "--role", "lead"))
    expected = dated_open(invoke, "--agency", "交通厅", "--role", "lead")
    assert sorted(ids(found)) == sorted(expected) and len(found) < DATED


def test_done_tasks_are_left_out_unless_asked_then_marked_without_a_reminder(
    invoke: Invoke, tmp_path: Path, tracked: Path
) -> None:
    assert 1 not in ids(events(export(invoke, tmp_path, "--data", str(tracked))))
    kept = events(export(invoke, tmp_path, "--data", str(tracked), "--include-done"))
    assert len(kept) == DATED
    done = next(event for event in kept if str(event["SUMMARY"]).startswith("✓ "))
    assert ids([done]) == [1] and not done.walk("VALARM")
    # Judged on a day before it was done, the task was still open then.
    earlier = invoke("calendar", "--as-of", "2022-11-01", "--data", str(tracked), "-o", "-")
    assert 1 in ids(events(earlier.stdout.encode("utf-8")))


def test_several_lists_give_each_task_its_own_uid(invoke: Invoke, tmp_path: Path) -> None:
    for city in ("hangzhou", "ningbo"):
        (tmp_path / "lists" / city).mkdir(parents=True)
        for name in ("tasks.yaml", "agencies.yaml"):
            shutil.copy(DATA / name, tmp_path / "lists" / city / name)
    found = events(export(invoke, tmp_path, "--data", str(tmp_path / "lists")))
    assert len(found) == 2 * DATED
    by_summary = {str(event["SUMMARY"]).split()[1]: str(event["UID"]) for event in found}
    assert by_summary["hangzhou:18"] != by_summary["ningbo:18"]
    assert len(set(by_summary.values())) == 2 * DATED
    calendar = Calendar.from_ical(export(invoke, tmp_path, "--data", str(tmp_path / "lists")))
    assert "2" in str(calendar["X-WR-CALNAME"])


def test_stdout_with_dash_and_a_file_replaced_whole(invoke: Invoke, tmp_path: Path) -> None:
    piped = invoke("calendar", *AS_OF, "-o", "-", "--lang", "en")
    assert piped.exit_code == 0 and piped.stderr == ""
    target = tmp_path / "deadlines.ics"
    target.write_text("old contents, longer than nothing at all\n" * 1000)
    written = invoke("calendar", *AS_OF, "-o", str(target), "--lang", "en")
    assert written.exit_code == 0
    assert written.stderr == f"Wrote {DATED} events to {target}\n"
    written_bytes = target.read_bytes()
    assert written_bytes.startswith(b"BEGIN:VCALENDAR\r\n")  # RFC 5545 lines end in CRLF
    assert written_bytes.decode("utf-8").replace("\r\n", "\n") == piped.stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == ["deadlines.ics"]  # no temp left


def test_format_is_not_offered(invoke: Invoke) -> None:
    """calendar always writes iCalendar: --format is not in its help, and is refused."""
    result = invoke("calendar", *AS_OF, "--format", "json")
    assert result.exit_code == 2
    assert "没有这个选项：--format" in result.stderr
    assert "--format" not in invoke("calendar", "--help").stdout


def test_help_does_not_import_icalendar() -> None:
    code = (
        "import sys\n"
        "from hazchem_cli.cli.app import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'icalendar' not in sys.modules, 'icalendar imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


# The pure functions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"), [("7d", 7), ("2w", 14), ("0", 0), ("0d", 0), (" 10D ", 10)]
)
def test_parse_remind(text: str, days: int) -> None:
    assert parse_remind(text) == days


def test_parse_remind_refuses_other_forms() -> None:
    with pytest.raises(UsageError, match="请写如 7d（7天）或 2w（2周）"):
        parse_remind("one week")


def test_uid_depends_on_the_list_and_the_id_only() -> None:
    province = ListOrigin("浙江省危险化学品安全风险集中治理任务清单", "list.txt", "")
    assert task_uid(province, 18) == task_uid(province, 18)
    assert task_uid(province, 18) != task_uid(province, 19)
    assert task_uid(province, 18) != task_uid(ListOrigin(province.title, "list.txt", "a"), 18)
    assert task_uid(province, 18).endswith("-task-18")


@pytest.mark.parametrize(
    ("text", "short"),
    [
        (
            "建立完善省、市、县三级危化品安全专委会专家组。",
            "建立完善省、市、县三级危化品安全专委会专家组。",
        ),
        (
            "推动落实危化品重大危险源安全包保责任制。健全重大危险源企业安全风险分级管控",
            "推动落实危化品重大危险源安全包保责任制…",
        ),
        ("一二三四五六七八九十" * 3, "一二三四五六七八九十一二三四五六七八九十一二三…"),
        ("短句，" + "一二三四五六七八九十" * 3, "短句，一二三四五六七八九十一二三四五六七八九十…"),
    ],
)
def test_shorten_cuts_at_a_clause_end_when_one_is_near(text: str, short: str) -> None:
    assert shorten(text) == short
