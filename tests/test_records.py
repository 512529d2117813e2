"""The trusted record cache: a warm answer is the cold answer, and nothing untrusted is used."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from hazchem_cli.edit.task_edits import add_note, extend_deadline, mark_done, start_task
from hazchem_cli.errors import DataError
from hazchem_cli.model.records import TaskRecord
from hazchem_cli.store import collection as collection_module
from hazchem_cli.store.collection import find_task_files, load_collection
from hazchem_cli.store.load import Dataset, find_data
from hazchem_cli.store.records import KEY_NAME, RecordCache, RecordDataset, default_records
from tests.conftest import DATA, Invoke

TODAY = dt.date(2022, 12, 1)
AS_OF = ("--as-of", "2022-12-01")


def records_dir() -> Path:
    cache = default_records()
    assert cache is not None
    return cache.directory


def entries() -> list[Path]:
    return sorted(records_dir().glob("*.json"))


@pytest.fixture
def province(tmp_path: Path) -> Path:
    """Two cities' lists, one with notes, extensions and a done task; the other as shipped."""
    root = tmp_path / "checkouts"
    for city in ("hangzhou", "ningbo"):
        folder = root / city / "data"
        folder.mkdir(parents=True)
        for name in ("tasks.yaml", "agencies.yaml"):
            shutil.copy(DATA / name, folder / name)
    paths = find_data(root / "hangzhou" / "data")
    start_task(paths, 2, today=TODAY)
    add_note(paths, 2, text="第一次会议\n已开", by="省应急管理厅", today=TODAY)
    extend_deadline(paths, 2, to="2023年3月", reason="疫情", today=TODAY)
    extend_deadline(paths, 4, to="2022-11-15", reason="提前", today=TODAY, on=dt.date(2022, 11, 1))
    mark_done(paths, 7, on=dt.date(2022, 11, 20), today=TODAY, note="完成", by="省应急管理厅")
    add_note(paths, 6, text="持续 | 推进, *中*", by="省经信厅", today=TODAY, on=dt.date(2022, 5, 1))
    return root


QUESTIONS = [
    ("overdue",),
    ("upcoming", "--within", "60"),
    ("list",),
    ("list", "--extended"),
    ("list", "--agency", "应急管理厅", "--role", "lead", "--status", "in_progress"),
    ("list", "--level", "red", "--level", "stale", "--search", "危化品"),
    ("show", "hangzhou:2"),
    ("show", "ningbo:7"),
    ("agencies",),
    ("summary", "--by-file"),
]


@pytest.mark.parametrize("question", QUESTIONS, ids=" ".join)
@pytest.mark.parametrize("output", ["table", "json", "csv", "md"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_warm_answer_is_the_cold_answer_byte_for_byte(
    invoke: Invoke,
    province: Path,
    monkeypatch: pytest.MonkeyPatch,
    question: tuple[str, ...],
    output: str,
    lang: str,
) -> None:
    args = (*question, "--data", str(province), *AS_OF, "--format", output, "--lang", lang)
    cold = invoke(*args, "--no-cache")
    first = invoke(*args)  # validates, answers, and writes the records
    assert len(entries()) == 2

    def no_validation(*_: object, **__: object) -> None:
        raise AssertionError("a warm run validated a file")

    monkeypatch.setattr(collection_module, "load_dataset", no_validation)
    warm = invoke(*args)

    assert cold.exit_code == first.exit_code == warm.exit_code == 0, cold.stderr
    assert cold.stdout == first.stdout == warm.stdout
    assert cold.stderr == warm.stderr == ""


def test_records_hold_what_validation_made_of_the_file(province: Path) -> None:
    files = find_task_files([province])
    cold = load_collection(files, TODAY, None, None)
    load_collection(files, TODAY, None, default_records())
    warm = load_collection(files, TODAY, None, default_records())

    for cold_list, warm_list in zip(cold.lists, warm.lists, strict=True):
        assert isinstance(cold_list.dataset, Dataset)
        assert isinstance(warm_list.dataset, RecordDataset)
        assert all(isinstance(task, TaskRecord) for task in warm_list.dataset.task_file.tasks)
        for model, record in zip(
            cold_list.dataset.task_file.tasks, warm_list.dataset.task_file.tasks, strict=True
        ):
            plain = set(TaskRecord._fields) - {"extensions", "progress"}
            assert {name: getattr(record, name) for name in plain} == {
                name: getattr(model, name) for name in plain
            }
            assert [tuple(e) for e in record.extensions] == [
                (e.on, e.to, e.reason, e.approved_by) for e in model.extensions
            ]
            assert [tuple(n) for n in record.progress] == [
                (n.on, n.by, n.note) for n in model.progress
            ]
            for day in (dt.date(2022, 1, 1), TODAY, dt.date(2030, 1, 1)):
                assert record.deadline_on(day) == model.deadline_on(day)
            assert record.current_deadline == model.current_deadline
            assert record.due == model.due
            assert record.units("lead") == model.units("lead")
        assert warm_list.dataset.agency_file.agencies == [
            tuple(a.model_dump().values()) for a in cold_list.dataset.agency_file.agencies
        ]


def test_an_invalid_file_is_never_answered_from_records(invoke: Invoke, data_dir: Path) -> None:
    args = ("overdue", "--data", str(data_dir), *AS_OF)
    assert invoke(*args).exit_code == 0
    tasks = data_dir / "tasks.yaml"
    valid = tasks.read_bytes()
    tasks.write_bytes(valid.replace(b"status: not_started", b"status: todo", 1))

    broken = invoke(*args)

    assert broken.exit_code == 1 and "status: input should be" in broken.stderr
    assert len(entries()) == 1  # the valid version's entry is still there, and unused


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

    with pytest.raises(DataError, match="status: input should be"):
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
