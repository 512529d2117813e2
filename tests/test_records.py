"""The trusted record cache: a warm answer is the cold answer, and nothing untrusted is used.

The cold and warm runs are compared on a list holding every kind of data a task, a task
file and an agency can carry (extensions, notes, evidence, sign-offs of each decision, a
closed task, an office of the file's own, contacts with robots), for every command that
reads a list.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from hazchem_cli.cli import common
from hazchem_cli.edit.evidence import add_evidence
from hazchem_cli.edit.review import review_task
from hazchem_cli.edit.task_edits import add_note, extend_deadline, mark_done, start_task
from hazchem_cli.errors import DataError
from hazchem_cli.model import documents, records
from hazchem_cli.model.records import Decision, SignoffRole, Status, TaskRecord
from hazchem_cli.store import collection as collection_module
from hazchem_cli.store.cache import ParseCache
from hazchem_cli.store.collection import find_task_files, load_collection
from hazchem_cli.store.load import Dataset, find_data, load_dataset
from hazchem_cli.store.locate import DataPaths
from hazchem_cli.store.records import (
    KEY_NAME,
    RecordCache,
    RecordDataset,
    default_records,
    records_beside,
)
from tests.conftest import DATA, Invoke

TODAY = dt.date(2022, 12, 1)
AS_OF = ("--as-of", "2022-12-01")


def records_dir() -> Path:
    cache = default_records()
    assert cache is not None
    return cache.directory


def entries() -> list[Path]:
    return sorted(records_dir().glob("*.json"))


CONTACTS = {
    "      - 省应急厅\n": (
        "    contact:\n"
        "      person: 张明\n"
        "      phone: 0571-87654321\n"
        "      email: yjt@example.cn\n"
        "      webhook: https://oapi.dingtalk.com/robot/send?access_token=abc\n"
        "      robot: dingtalk\n"
        "      secret: SECabc\n"
    ),
    "      - 经济和信息化厅\n": (
        "    contact:\n"
        "      person: 李华\n"
        "      webhook: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=xyz\n"
        "      robot: wecom\n"
    ),
}


def _build_province(root: Path, desk: Path) -> None:
    for city in ("hangzhou", "ningbo"):
        folder = root / city / "data"
        folder.mkdir(parents=True)
        for name in ("tasks.yaml", "agencies.yaml"):
            shutil.copy(DATA / name, folder / name)
    paths = find_data(root / "hangzhou" / "data")
    # The city's tasks are closed by its own office; two units have contacts and robots.
    text = paths.tasks.read_text(encoding="utf-8")
    paths.tasks.write_text(text.replace("tasks:\n", "office: 省安委办\ntasks:\n", 1), "utf-8")
    text = paths.agencies.read_text(encoding="utf-8")
    for after, contact in CONTACTS.items():
        assert text.count(after) == 1
        text = text.replace(after, after + contact)
    paths.agencies.write_text(text, encoding="utf-8")

    start_task(paths, 2, today=TODAY)
    add_note(paths, 2, text="第一次会议\n已开", by="省应急管理厅", today=TODAY)
    extend_deadline(paths, 2, to="2023年3月", reason="疫情", approved_by="安委办", today=TODAY)
    extend_deadline(
        paths, 4, to="2022-11-15", reason="提前", approved_by="安委办", today=TODAY,
        on=dt.date(2022, 11, 1),
    )  # fmt: skip
    add_note(paths, 6, text="持续 | 推进, *中*", by="省经信厅", today=TODAY, on=dt.date(2022, 5, 1))

    # Close-out: 7 closed (a file and a link, both approvals); 12 waits for the office;
    # 13 returned by its lead; 9 waits for its lead; 8 (ongoing) had a stage review.
    desk.mkdir()
    (desk / "记销分制清单.pdf").write_bytes("记销分制清单\n".encode())
    mark_done(paths, 7, on=dt.date(2022, 11, 20), today=TODAY, note="完成", by="省应急管理厅")
    add_evidence(
        paths, 7, [str(desk / "记销分制清单.pdf"), "https://yjt.zj.gov.cn/art/2022/11/20/1.html"],
        by="应急厅", on=dt.date(2022, 11, 20), today=TODAY,
    )  # fmt: skip
    review(paths, 7, SignoffRole.LEAD, "消防救援总队", dt.date(2022, 11, 22))
    review(paths, 7, SignoffRole.OFFICE, "安委办", dt.date(2022, 11, 25), reason="材料齐全")
    mark_done(paths, 12, on=dt.date(2022, 11, 10), today=TODAY)
    add_evidence(paths, 12, ["https://yjt.zj.gov.cn/12"], on=dt.date(2022, 11, 10), today=TODAY)
    review(paths, 12, SignoffRole.LEAD, "应急厅", dt.date(2022, 11, 12))
    mark_done(paths, 13, on=dt.date(2022, 11, 5), today=TODAY)
    review(paths, 13, SignoffRole.LEAD, "应急厅", dt.date(2022, 11, 8), reason="缺审查细则文本")
    mark_done(paths, 9, on=dt.date(2022, 11, 28), today=TODAY, note="复核认定完毕", by="经信厅")
    review(paths, 8, SignoffRole.LEAD, "应急厅", dt.date(2022, 11, 15), reason="双重预防机制已上线")


def review(
    paths: DataPaths, task: int, role: SignoffRole, by: str, on: dt.date, reason: str = ""
) -> None:
    """An approval (a stage review on an ongoing task); with ``reason`` and role lead on a
    dated task, a return."""
    returned = bool(reason) and role is SignoffRole.LEAD and task != 8
    review_task(
        paths, task, role=role, by=by, approve=not returned, reason=reason or None, on=on,
        today=TODAY,
    )  # fmt: skip


@pytest.fixture(scope="session")
def province_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two cities' lists: one with notes, extensions, evidence, sign-offs (approvals, a
    return, a stage review), a closed task, an office of its own and contacts; the other
    as shipped. Built once; each test gets a copy."""
    base = tmp_path_factory.mktemp("province")
    _build_province(base / "checkouts", base / "desk")
    return base / "checkouts"


@pytest.fixture
def province(tmp_path: Path, province_template: Path) -> Path:
    root = tmp_path / "checkouts"
    shutil.copytree(province_template, root)
    return root


QUESTIONS = [
    ("overdue",),
    ("overdue", "--agency", "应急管理厅", "--status", "in_progress"),
    ("upcoming", "--within", "60"),
    ("list",),
    ("list", "--extended"),
    ("list", "--agency", "应急管理厅", "--role", "lead", "--status", "in_progress"),
    ("list", "--level", "red", "--level", "stale", "--search", "危化品"),
    ("list", "--status", "closed"),
    ("list", "--status", "done"),
    ("show", "hangzhou:2"),
    ("show", "hangzhou:7"),
    ("show", "hangzhou:8"),
    ("show", "hangzhou:13"),
    ("show", "ningbo:7"),
    ("agencies",),
    ("summary",),
    ("summary", "--by-file"),
    ("rounds",),
    ("rounds", "--period", "month", "--last", "2"),
    ("timeline",),
]
#: Commands with formats of their own, each run as given.
OTHER_QUESTIONS = [
    ("notices", "--format", "md"),
    ("notices", "--format", "text"),
    ("notices", "--format", "json"),
    ("notices", "--send", "--dry-run"),
    ("report", "--format", "md"),
    ("report", "--format", "md", "--since", "2022-11-01"),
    ("report", "--format", "html", "--agency", "应急厅"),
    ("calendar", "--output", "-"),
    ("calendar", "--output", "-", "--include-done", "--remind", "7d"),
]


def warm_equals_cold(invoke: Invoke, *args: str) -> str:
    """Run ``args`` without caches, then twice with (writing the records, then reading
    them, never validating); all three print the same. The answer."""
    cold = invoke(*args, "--no-cache")
    first = invoke(*args)  # validates, answers, and writes the records
    assert len(entries()) == 2

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(collection_module, "load_dataset", _no_validation)
        warm = invoke(*args)

    assert cold.exit_code == first.exit_code == warm.exit_code == 0, cold.stderr
    assert cold.stdout == first.stdout == warm.stdout
    assert cold.stderr == first.stderr == warm.stderr
    return cold.stdout


@pytest.mark.parametrize("question", QUESTIONS, ids=" ".join)
@pytest.mark.parametrize("output", ["table", "json", "csv", "md"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_warm_answer_is_the_cold_answer_byte_for_byte(
    invoke: Invoke,
    province: Path,
    question: tuple[str, ...],
    output: str,
    lang: str,
) -> None:
    args = (*question, "--data", str(province), *AS_OF, "--format", output, "--lang", lang)
    warm_equals_cold(invoke, *args)


@pytest.mark.parametrize("question", OTHER_QUESTIONS, ids=" ".join)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rounds_notices_reports_and_calendars_are_the_same_warm(
    invoke: Invoke,
    province: Path,
    monkeypatch: pytest.MonkeyPatch,
    question: tuple[str, ...],
    lang: str,
) -> None:
    monkeypatch.setattr(time, "time", lambda: 1669852800.0)  # DingTalk signs with the time
    args = (*question, "--data", str(province), *AS_OF, "--lang", lang)
    warm_equals_cold(invoke, *args)


def test_the_close_out_is_in_the_warm_answers(
    invoke: Invoke, province: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list above holds what the comparisons are meant to cover."""
    monkeypatch.setattr(time, "time", lambda: 1669852800.0)  # DingTalk signs with the time
    data = ("--data", str(province), *AS_OF, "--lang", "en")
    closed = warm_equals_cold(invoke, "show", "hangzhou:7", *data, "--format", "json")
    assert "已安委办" not in closed and "省安委办" in closed and "记销分制清单.pdf" in closed
    report = warm_equals_cold(invoke, "report", "--format", "md", *data)
    assert "省安委办" in report  # task 12 waits for the city's own office
    notices = warm_equals_cold(invoke, "notices", "--format", "text", *data)
    assert "0571-87654321" in notices
    sent = warm_equals_cold(invoke, "notices", "--send", "--dry-run", *data)
    assert "qyapi.weixin.qq.com" in sent and "timestamp=" in sent


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_progress_sheet_is_the_same_warm(
    invoke: Invoke, province: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str
) -> None:
    monkeypatch.setattr(common, "today", lambda: TODAY)
    data = province / "hangzhou" / "data"
    written = []
    for run, extra in enumerate([("--no-cache",), (), ()]):
        folder = tmp_path / f"sheets{run}"
        if run == 2:
            monkeypatch.setattr(collection_module, "load_dataset", _no_validation)
        result = invoke(
            "sheet", "export", "--all", "--csv", "-o", str(folder), "--data", str(data),
            "--lang", lang, *extra,
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        written.append({path.name: path.read_bytes() for path in sorted(folder.iterdir())})
    assert written[0] == written[1] == written[2]
    assert len(written[0]) > 3


def _no_validation(*_: object, **__: object) -> None:
    raise AssertionError("a warm run validated a file")


def _plain(value: object) -> object:
    """A record as pydantic's ``model_dump`` gives a model: named tuples as dicts."""
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {key: _plain(item) for key, item in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


MODELS_AND_RECORDS = [
    (documents.TaskFile, records.TaskFileRecord),
    (documents.Task, records.TaskRecord),
    (documents.Extension, records.ExtensionRecord),
    (documents.ProgressNote, records.NoteRecord),
    (documents.Evidence, records.EvidenceRecord),
    (documents.Signoff, records.SignoffRecord),
    (documents.AgencyFile, records.AgencyFileRecord),
    (documents.Agency, records.AgencyRecord),
    (documents.Contact, records.ContactRecord),
]


@pytest.mark.parametrize(("model", "record"), MODELS_AND_RECORDS, ids=lambda t: t.__name__)
def test_every_field_of_a_model_is_a_field_of_its_record(model: Any, record: Any) -> None:
    """A field added to a model and not to its record would be missing from warm answers."""
    assert record._fields == tuple(model.model_fields)


def test_records_hold_what_validation_made_of_the_file(province: Path) -> None:
    files = find_task_files([province])
    cold = load_collection(files, TODAY, None, None)
    load_collection(files, TODAY, None, default_records())
    warm = load_collection(files, TODAY, None, default_records())

    for cold_list, warm_list in zip(cold.lists, warm.lists, strict=True):
        assert isinstance(cold_list.dataset, Dataset)
        assert isinstance(warm_list.dataset, RecordDataset)
        model, record = cold_list.dataset.task_file, warm_list.dataset.task_file
        assert all(isinstance(task, TaskRecord) for task in record.tasks)
        assert _plain(record) == model.model_dump()
        assert record.office_unit == model.office_unit
        for task_model, task_record in zip(model.tasks, record.tasks, strict=True):
            for day in (dt.date(2022, 1, 1), TODAY, dt.date(2030, 1, 1)):
                assert task_record.deadline_on(day) == task_model.deadline_on(day)
            assert task_record.current_deadline == task_model.current_deadline
            assert task_record.due == task_model.due
            assert task_record.units("lead") == task_model.units("lead")
            assert task_record.status.completed == task_model.status.completed
        agencies = cold_list.dataset.agency_file.model_dump()
        assert _plain(warm_list.dataset.agency_file) == agencies
    hangzhou = warm.lists[0].dataset.task_file
    assert hangzhou.office == "省安委办"
    assert {task.status for task in hangzhou.tasks} >= {Status.CLOSED, Status.DONE}
    assert {s.decision for task in hangzhou.tasks for s in task.signoffs} == set(Decision)
    assert any(a.contact is not None for a in warm.lists[0].dataset.agency_file.agencies)


def test_an_invalid_file_is_never_answered_from_records(invoke: Invoke, data_dir: Path) -> None:
    args = ("overdue", "--data", str(data_dir), *AS_OF)
    assert invoke(*args).exit_code == 0
    tasks = data_dir / "tasks.yaml"
    valid = tasks.read_bytes()
    tasks.write_bytes(valid.replace(b"status: not_started", b"status: todo", 1))

    broken = invoke(*args, "--lang", "en")

    assert broken.exit_code == 1 and "status: 'todo' is not one of" in broken.stderr
    assert len(entries()) == 1  # the valid version's entry is still there, and unused


@pytest.mark.usefixtures("english")
def test_an_entry_without_the_right_mac_is_ignored(data_dir: Path) -> None:
    """Planting records for an invalid file takes the key: a copied entry is refused."""
    paths = find_data(data_dir)
    cache = default_records()
    assert cache is not None
    load_collection([paths], TODAY, None, cache)
    (entry,) = entries()
    invalid = paths.tasks.read_bytes().replace(b"status: not_started", b"status: todo", 1)
    paths.tasks.write_bytes(invalid)
    forged = entry.with_name(RecordCache.entry_key(invalid, paths.agencies.read_bytes()) + ".json")
    header, body = entry.read_bytes().split(b"\n", 1)
    fields = json.loads(header) | {"key": forged.stem}
    forged.write_bytes(json.dumps(fields).encode() + b"\n" + body)

    with pytest.raises(DataError, match="status: 'todo' is not one of"):
        load_collection([paths], TODAY, None, cache)


def test_an_altered_entry_is_ignored_and_a_faithful_one_is_read(data_dir: Path) -> None:
    paths = find_data(data_dir)
    cache = default_records()
    assert cache is not None
    load_collection([paths], TODAY, None, cache)
    (entry,) = entries()
    header, body = entry.read_bytes().split(b"\n", 1)
    entry.write_bytes(header + b"\n" + body.replace("危险化学品".encode(), "读自记录".encode()))

    found = load_collection([paths], TODAY, None, cache)

    assert not any("读自记录" in t.task for t in found.lists[0].dataset.task_file.tasks)
    assert cache.load(paths, TODAY) is not None  # rewritten from the file just validated


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o666])
def test_a_key_others_can_read_or_write_disables_the_cache(data_dir: Path, mode: int) -> None:
    paths = find_data(data_dir)
    cache = default_records()
    assert cache is not None
    load_collection([paths], TODAY, None, cache)
    assert cache.load(paths, TODAY) is not None
    key = cache.directory / KEY_NAME
    assert key.stat().st_mode & 0o777 == 0o600

    os.chmod(key, mode)

    assert cache.load(paths, TODAY) is None


def test_records_are_not_used_before_the_day_they_were_validated_on(data_dir: Path) -> None:
    """A note dated after an earlier today would make the file invalid on that day."""
    paths = find_data(data_dir)
    cache = default_records()
    assert cache is not None
    load_collection([paths], TODAY, None, cache)

    assert cache.load(paths, TODAY + dt.timedelta(days=400)) is not None
    assert cache.load(paths, TODAY - dt.timedelta(days=1)) is None


def test_no_cache_writes_and_reads_no_records(invoke: Invoke, data_dir: Path) -> None:
    invoke("overdue", "--data", str(data_dir), *AS_OF, "--no-cache")
    invoke("overdue", "--data", str(data_dir), *AS_OF, env={"HAZCHEM_NO_CACHE": "1"})

    assert not records_dir().exists()


@pytest.mark.parametrize(
    ("task", "edit"),
    [
        (12, "office approves"),  # the city's own office, read from the records' first line
        (7, "note"),  # a closed task: its evidence and stamps go back through the model
        (13, "done again"),  # a returned task
    ],
)
def test_an_edit_from_the_records_writes_what_an_edit_from_the_file_writes(
    province: Path, tmp_path: Path, task: int, edit: str
) -> None:
    def run(paths: DataPaths, cache: ParseCache | None) -> str:
        if edit == "office approves":
            result = review_task(
                paths, task, role=SignoffRole.OFFICE, by="安委办", approve=True, today=TODAY,
                cache=cache,
            )  # fmt: skip
        elif edit == "note":
            result = add_note(
                paths, task, text="回头看", by="消防救援总队", today=TODAY, cache=cache
            )
        else:
            result = mark_done(paths, task, on=TODAY, today=TODAY, cache=cache)
        return result.summary

    cold_copy = tmp_path / "cold"
    shutil.copytree(province / "hangzhou" / "data", cold_copy)
    cold = find_data(cold_copy)
    warm = find_data(province / "hangzhou" / "data")
    cache = ParseCache(tmp_path / "cache")
    assert load_collection([warm], TODAY, cache, records_beside(cache)).lists  # recorded

    said = run(cold, None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("hazchem_cli.edit.splice.load_dataset", _no_validation)
        assert run(warm, cache) == said

    assert warm.tasks.read_bytes() == cold.tasks.read_bytes()
    validated = load_dataset(warm, TODAY)  # from scratch
    after = validated.task_file.tasks[task - 1]
    assert after.status is (Status.DONE if edit == "done again" else Status.CLOSED)
    # The entry the edit left (one line replaced) is the one a validation would write.
    records = records_beside(cache)
    assert records is not None
    key = records.entry_key(warm.tasks.read_bytes(), warm.agencies.read_bytes())
    assert records.entry_body(key, TODAY) == RecordCache(tmp_path / "fresh").store(validated, TODAY)


def test_an_entry_or_key_reached_through_a_link_is_not_trusted(data_dir: Path) -> None:
    """Records are read as the parse cache's entries are: regular files only."""
    paths = find_data(data_dir)
    cache = default_records()
    assert cache is not None
    load_collection([paths], TODAY, None, cache)
    (entry,) = entries()
    elsewhere = entry.with_name("elsewhere")
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert cache.load(paths, TODAY) is None
    entry.unlink()
    elsewhere.rename(entry)
    assert cache.load(paths, TODAY) is not None
    key = cache.directory / KEY_NAME
    key.rename(key.with_name("key-elsewhere"))
    key.symlink_to(key.with_name("key-elsewhere"))
    assert cache.load(paths, TODAY) is None


@pytest.mark.parametrize("output", ["table", "json"])
def test_a_long_answer_printed_as_it_is_made_is_the_whole_text(
    invoke: Invoke, tmp_path: Path, output: str
) -> None:
    """Piped tables and JSON are printed a few hundred rows at a time, cold and warm: the
    bytes are those of the answer rendered whole."""
    from hazchem_cli.api import load
    from hazchem_cli.i18n.labels import Lang
    from hazchem_cli.output.answers import overdue_section
    from hazchem_cli.output.render import render_text
    from hazchem_cli.output.sections import OutputFormat
    from hazchem_cli.query.judge import TaskFilter, overdue

    folder = tmp_path / "big"
    generate = Path(__file__).parent.parent / "benchmarks" / "generate.py"
    subprocess.run([sys.executable, str(generate), "2500", str(folder)], check=True)
    found = overdue(load(folder, cache=False, today=TODAY).judged(TaskFilter(), TODAY))
    whole = render_text(
        [overdue_section(found, TODAY, Lang.ZH)], OutputFormat(output), terminal=False
    )

    args = ("overdue", "--data", str(folder), *AS_OF, "-f", output)
    cold, first = invoke(*args, "--no-cache"), invoke(*args)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(collection_module, "load_dataset", _no_validation)
        warm = invoke(*args)

    assert len(found) > 1000  # more than one batch of rows
    assert cold.stdout == first.stdout == warm.stdout == whole


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_rows_are_the_shown_part_of_whole_rows(province: Path, lang: str) -> None:
    """Tables and Markdown are made from rows holding only the cells they show; those are
    the cells of the whole rows JSON and CSV print (and of ``task_row``), and the text is
    the same."""
    from hazchem_cli.api import load
    from hazchem_cli.i18n.labels import Lang
    from hazchem_cli.output.answers import (
        list_section,
        overdue_section,
        task_row,
        upcoming_section,
    )
    from hazchem_cli.output.render import render_text
    from hazchem_cli.output.sections import OutputFormat
    from hazchem_cli.query.judge import TaskFilter

    tasks = load(province, cache=False, today=TODAY)
    for day in (dt.date(2022, 6, 1), TODAY, dt.date(2023, 6, 1)):
        judged = tasks.judged(TaskFilter(), day)

        def sections(every_key: bool, day: dt.date = day, judged: list[Any] = judged) -> list[Any]:
            return [
                overdue_section(judged, day, Lang(lang), every_key=every_key),
                upcoming_section(judged, day, 30, Lang(lang), every_key=every_key),
                list_section(judged, day, Lang(lang), every_key=every_key),
            ]

        for whole, shown_only in zip(sections(True), sections(False), strict=True):
            assert len(whole.rows) == len(shown_only.rows) == len(judged)
            for item, row, shown in zip(judged, whole.rows, shown_only.rows, strict=True):
                assert list(row) == list(whole.keys)
                assert shown == {key: row[key] for key in shown}
                assert {key: row[key] for key in task_row(item, Lang(lang))} == task_row(
                    item, Lang(lang)
                )
            for fmt in (OutputFormat.TABLE, OutputFormat.MD):
                for terminal in (False, True):
                    texts = [
                        render_text([section], fmt, terminal=terminal, width=120)
                        for section in (whole, shown_only)
                    ]
                    assert texts[0] == texts[1]


def test_overdue_from_records_reads_only_tasks_that_may_be_overdue(province_template: Path) -> None:
    """On every day of two years (deadlines passing, extensions granted earlier and later,
    tasks done on time and late), the overdue tasks judged from the records' candidates
    are those judged from every task of the validated files; and most are not read."""
    from hazchem_cli.query.judge import JudgedTask, TaskFilter, judged_tasks, overdue

    files = find_task_files([province_template])
    cold = load_collection(files, TODAY, None, None)
    load_collection(files, TODAY, None, default_records())  # writes the records
    warm = load_collection(files, TODAY, None, default_records())
    assert all(isinstance(task_list.dataset, RecordDataset) for task_list in warm.lists)

    def seen(items: list[JudgedTask]) -> list[tuple[object, ...]]:
        return [(i.source, i.id, i.due, i.level, i.days_overdue, i.status) for i in items]

    left_out = 0
    day = dt.date(2022, 1, 1)
    while day <= dt.date(2023, 12, 31):
        expected = overdue(judged_tasks(cold, TaskFilter(), day))
        found = overdue(judged_tasks(warm, TaskFilter(), day, overdue_only=True))
        assert seen(found) == seen(expected), day
        left_out += sum(
            len(cold_list.tasks()) - len(warm_list.tasks(day))
            for cold_list, warm_list in zip(cold.lists, warm.lists, strict=True)
        )
        day += dt.timedelta(days=1)
    assert left_out > 0


def _mislay(lines: list[bytes], how: str) -> list[bytes]:
    """The entry's lines with one laid out otherwise than this version writes them."""
    head, fifth = lines[0], lines[5]
    dates, _, row = fifth.partition(b"\t")
    if how == "a head without its title":
        return [head.replace(b'"title":', b'"name":', 1), *lines[1:]]
    if how == "a task row a field short":
        short = json.dumps(json.loads(row)[:-1], ensure_ascii=False).encode()
        return [*lines[:5], dates + b"\t" + short, *lines[6:]]
    if how == "dates that are not day numbers":
        return [*lines[:5], b'[5,"x",null]\t' + row, *lines[6:]]
    assert how == "no tab after the dates"
    return [*lines[:5], dates + b" " + row, *lines[6:]]


@pytest.mark.parametrize(
    "how",
    [
        "a head without its title",
        "a task row a field short",
        "dates that are not day numbers",
        "no tab after the dates",
    ],
)
def test_an_authentic_entry_this_version_cannot_read_costs_speed_not_the_answer(
    invoke: Invoke, data_dir: Path, tmp_path: Path, how: str
) -> None:
    """Signed with the cache's own key, as a hazchem writing another layout under the same
    version and record format would leave it: the files are validated instead."""
    cold_copy = tmp_path / "cold"
    shutil.copytree(data_dir, cold_copy)
    questions = [("list", "-f", "json"), ("overdue", "-f", "json"), ("show", "5", "-f", "json")]
    cold = [
        invoke(*q, "--data", str(cold_copy), *AS_OF, "--no-cache").stdout.replace(
            json.dumps(str(cold_copy))[1:-1], json.dumps(str(data_dir))[1:-1]
        )  # ``show`` names the file it read
        for q in questions
    ]
    invoke("overdue", "--data", str(data_dir), *AS_OF)
    cache = default_records()
    assert cache is not None
    (entry,) = entries()
    header, body = entry.read_bytes().split(b"\n", 1)
    secret = cache._secret(create=False)
    assert secret is not None
    validated_on = dt.date.fromisoformat(json.loads(header)["validated_on"])
    mislaid = b"\n".join(_mislay(body.split(b"\n"), how))
    cache._write_entry(secret, entry.stem, validated_on, mislaid)
    assert cache.load(find_data(data_dir), dt.date.today()) is not None or "head" in how

    for question, answer in zip(questions, cold, strict=True):
        result = invoke(*question, "--data", str(data_dir), *AS_OF)
        assert (result.exit_code, result.stdout) == (0, answer), result.stderr
    done = ("done", "5", "--on", "2022-11-20")
    assert invoke(*done, "--data", str(cold_copy), "--no-cache").exit_code == 0
    cache._write_entry(secret, entry.stem, validated_on, mislaid)
    result = invoke(*done, "--data", str(data_dir))
    assert result.exit_code == 0, result.stderr
    assert (data_dir / "tasks.yaml").read_bytes() == (cold_copy / "tasks.yaml").read_bytes()
