"""The parse cache: a hit answers exactly as a miss, and nothing stale or foreign is used."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from hazchem_cli.edit.task_edits import add_note, extend_deadline, mark_done
from hazchem_cli.errors import DataError
from hazchem_cli.store.cache import MAX_ENTRIES, ParseCache, default_cache
from hazchem_cli.store.load import find_data, load_dataset
from tests.conftest import Invoke

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("HAZCHEM_NO_CACHE", raising=False)
    return home


def entries(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "hazchem").glob("*.json"))


def test_a_hit_gives_exactly_the_answer_of_a_miss(
    invoke: Invoke, data_dir: Path, cache_home: Path
) -> None:
    args = ("overdue", "--data", str(data_dir), "--as-of", "2022-12-01", "--format", "json")
    cold = invoke(*args, "--no-cache")
    assert entries(cache_home) == []
    first = invoke(*args)
    assert len(entries(cache_home)) == 2  # tasks and agencies
    warm = invoke(*args)
    assert cold.stdout == first.stdout == warm.stdout
    assert cold.exit_code == first.exit_code == warm.exit_code == 0


def test_the_cache_is_really_read(data_dir: Path, cache_home: Path) -> None:
    paths = find_data(data_dir)
    cache = default_cache()
    assert cache is not None
    load_dataset(paths, TODAY, cache)
    text = paths.tasks.read_text(encoding="utf-8")
    entry = cache.directory / f"{ParseCache.key(text)}.json"
    stored = json.loads(entry.read_text(encoding="utf-8").split("\n", 1)[1])
    stored["title"] = "读自缓存"
    cache.put(entry.stem, stored)  # as hazchem itself stores it: authenticated
    assert load_dataset(paths, TODAY, cache).task_file.title == "读自缓存"
    assert load_dataset(paths, TODAY, None).task_file.title != "读自缓存"


def test_an_edit_is_never_answered_from_the_cache(
    invoke: Invoke, data_dir: Path, cache_home: Path
) -> None:
    args = ("show", "3", "--data", str(data_dir), "--format", "json")
    assert json.loads(invoke(*args).stdout)["status"] == "not_started"
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(
        tasks.read_text().replace(
            '    deadline: "2022年4月"\n    status: not_started\n',
            '    deadline: "2022年4月"\n    status: in_progress\n',
        )
    )
    assert json.loads(invoke(*args).stdout)["status"] == "in_progress"


@pytest.mark.usefixtures("english")
def test_a_hit_never_hides_a_validation_error(data_dir: Path, cache_home: Path) -> None:
    """Validation that depends on more than the file (today, the registry) runs on every call."""
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(
        tasks.read_text().replace(
            '    deadline: "2022年4月"\n    status: not_started\n',
            '    deadline: "2022年4月"\n    status: done\n    done_on: 2026-06-01\n',
        )
    )
    cache = default_cache()
    load_dataset(find_data(data_dir), TODAY, cache)  # valid today: cached
    with pytest.raises(DataError, match="done_on 2026-06-01 is after today"):
        load_dataset(find_data(data_dir), dt.date(2026, 1, 1), cache)
    agencies = data_dir / "agencies.yaml"
    agencies.write_text(agencies.read_text().replace("name: 省安委办", "name: 省安全委员会"))
    with pytest.raises(DataError, match="unknown agency '省安委办'"):
        load_dataset(find_data(data_dir), TODAY, cache)


def test_invalid_files_are_not_cached(invoke: Invoke, data_dir: Path, cache_home: Path) -> None:
    (data_dir / "tasks.yaml").write_text("title: x\ntasks: [1]\n")
    assert invoke("check", "--data", str(data_dir)).exit_code == 1
    assert len(entries(cache_home)) == 1  # the valid agencies file only


@pytest.mark.parametrize(
    "corruption",
    [
        b"",
        b"{not json",
        b"\xff\xfe garbage",
        b'{"format": 99, "key": "x"}\n{}',
        b'["a list"]',
        b'{"format": 3, "key": "someone else\'s"}\n{"tasks": []}',
        b'{"format": 3, "key": "{KEY}", "mac": "0000"}\n{"tasks": []}',  # forged
        b"{HEADER}\n{not json",  # the right header, a document cut short
        b'{HEADER}\n["a list"]',
    ],
)
def test_corrupt_or_foreign_entries_are_ignored_and_replaced(
    invoke: Invoke, data_dir: Path, cache_home: Path, corruption: bytes
) -> None:
    args = ("list", "--data", str(data_dir), "--as-of", "2022-12-01", "--format", "csv")
    expected = invoke(*args, "--no-cache").stdout
    invoke(*args)
    for entry in entries(cache_home):
        header = json.dumps({"format": 3, "key": entry.stem}).encode()
        corrupt = corruption.replace(b"{HEADER}", header)
        entry.write_bytes(corrupt.replace(b"{KEY}", entry.stem.encode()))
    shutil.rmtree(cache_home / "hazchem" / "records")  # else the record cache answers
    assert invoke(*args).stdout == expected
    for entry in entries(cache_home):
        first, rest = entry.read_text(encoding="utf-8").split("\n", 1)
        assert json.loads(first).keys() == {"format", "key", "mac"}
        assert json.loads(first)["key"] == entry.stem
        assert isinstance(json.loads(rest), dict)


def test_no_cache_option_and_environment_are_honoured(
    invoke: Invoke, data_dir: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke("overdue", "--data", str(data_dir), "--no-cache")
    invoke("check", "--data", str(data_dir), "--no-cache")
    assert entries(cache_home) == []
    monkeypatch.setenv("HAZCHEM_NO_CACHE", "1")
    invoke("overdue", "--data", str(data_dir))
    assert entries(cache_home) == []
    assert default_cache() is None


def test_an_unwritable_cache_only_costs_speed(
    invoke: Invoke, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    result = invoke("overdue", "--data", str(data_dir), "--as-of", "2022-12-01")
    assert result.exit_code == 0 and "省安委办" in result.stdout


def test_the_cache_is_bounded(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "c")
    for number in range(MAX_ENTRIES + 5):
        cache.put(ParseCache.key(f"text {number}"), {"n": number})
    assert len(list((tmp_path / "c").glob("*.json"))) == MAX_ENTRIES
    assert cache.get(ParseCache.key(f"text {MAX_ENTRIES + 4}")) == {"n": MAX_ENTRIES + 4}
    assert not list((tmp_path / "c").glob("*.tmp"))


def test_a_model_read_from_the_cache_equals_the_model_parsed(
    data_dir: Path, cache_home: Path
) -> None:
    paths = find_data(data_dir)
    day = dt.date(2022, 12, 1)
    mark_done(paths, 3, on=day, today=TODAY, note="已印发", by="应急厅")
    extend_deadline(
        paths, 4, to="2030年6月", reason="等待立法", approved_by="安委办", today=TODAY, on=day
    )
    add_note(paths, 5, text="第一行\n第二行", by="省安委办", today=TODAY)
    cache = default_cache()
    cold = load_dataset(paths, TODAY, None)
    load_dataset(paths, TODAY, cache)  # fills the cache

    warm = load_dataset(paths, TODAY, cache)  # validated straight from the cached JSON

    assert warm.task_file == cold.task_file
    assert warm.agency_file == cold.agency_file
