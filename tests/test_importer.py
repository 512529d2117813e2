"""The importer: a fresh import, idempotence, and merging without losing hand edits."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from hazchem_cli.edit.importer import SourceImportError, guess_kind, import_source
from hazchem_cli.edit.source_table import SourceFormatError, parse_rows, split_units
from hazchem_cli.i18n.catalogue import speaking
from hazchem_cli.i18n.language import Lang
from hazchem_cli.model.documents import AgencyKind
from tests.conftest import DATA, SOURCE, Invoke

TODAY = dt.date(2026, 11, 29)


def test_split_units_keeps_the_compound_local_government_name_whole() -> None:
    assert split_units("市、县（市、区）党委政府").names == ("市、县（市、区）党委政府",)
    assert split_units("省应急管理厅、市、县（市、区）党委政府").names == (
        "省应急管理厅",
        "市、县（市、区）党委政府",
    )


def test_split_units_keeps_closing_words_apart_from_the_last_name() -> None:
    units = split_units("省应急管理厅、省消防救援总队等")
    assert units.names == ("省应急管理厅", "省消防救援总队")
    assert units.open_list and not units.divided
    divided = split_units("省卫生健康委、省教育厅、省科技厅分工负责")
    assert divided.names[-1] == "省科技厅" and divided.divided
    assert divided.as_cell() == "省卫生健康委、省教育厅、省科技厅分工负责"
    assert split_units("").names == ()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The importer's own words are asserted in English here; Chinese in
    tests/test_operation_language.py."""
    with speaking(Lang.EN):
        yield


def test_a_table_with_a_missing_cell_is_refused_with_its_line() -> None:
    text = (
        "title\n\n\t序号\n\t治理措施\n\t具体任务\n\t牵头单位\n\t责任单位\n\t完成时限\n\n\t1\n\tm\n"
    )
    with pytest.raises(SourceFormatError, match=r"<source>:10: a row must have 6 cells, found 2"):
        parse_rows(text)


def test_fresh_import_writes_the_shipped_task_file(tmp_path: Path) -> None:
    report = import_source(SOURCE, tmp_path / "tasks.yaml", tmp_path / "agencies.yaml", TODAY)
    assert (tmp_path / "tasks.yaml").read_text() == (DATA / "tasks.yaml").read_text()
    assert len([c for c in report.changes if c.endswith(": added")]) == 50
    assert sum("agency " in change for change in report.changes) == 21


def test_importing_over_the_shipped_files_changes_nothing(data_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    report = import_source(SOURCE, data_dir / "tasks.yaml", data_dir / "agencies.yaml", TODAY)
    assert report.changes == [] and report.written == []
    assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == before


def test_import_twice_is_idempotent(tmp_path: Path) -> None:
    tasks, agencies = tmp_path / "tasks.yaml", tmp_path / "agencies.yaml"
    import_source(SOURCE, tasks, agencies, TODAY)
    first = tasks.read_bytes(), agencies.read_bytes()
    again = import_source(SOURCE, tasks, agencies, TODAY)
    assert again.changes == [] and again.written == []
    assert (tasks.read_bytes(), agencies.read_bytes()) == first


def test_reimport_keeps_hand_edits_and_reports_source_changes(data_dir: Path) -> None:
    tasks, agencies = data_dir / "tasks.yaml", data_dir / "agencies.yaml"
    tracked = tasks.read_text().replace(
        '    deadline: "2022年4月"\n    status: not_started\n',
        '    deadline: "2022年4月"\n    status: done\n    done_on: 2022-04-20  # reviewer: ok\n'
        "    progress:\n      - on: 2022-04-20\n        by: 省安委办\n        note: 清单已建立\n",
    )
    tasks.write_text(tracked)
    agencies.write_text(
        agencies.read_text().replace("      - 应急厅\n", "      - 应急厅\n      - 应急部门\n")
    )
    edition2 = data_dir / "edition2.txt"
    edition2.write_text(SOURCE.read_text().replace("\t2022年4月\n", "\t2022年5月\n"))

    report = import_source(edition2, tasks, agencies, TODAY)

    assert report.changes == ["task 3: deadline 2022年4月 → 2022年5月"]
    text = tasks.read_text()
    assert (
        'deadline: "2022年5月"\n    status: done\n    done_on: 2022-04-20  # reviewer: ok' in text
    )
    assert "note: 清单已建立" in text
    assert "      - 应急部门\n" in agencies.read_text()
    assert tasks.read_text().count("\n") == tracked.count("\n")


def test_a_new_unit_is_added_to_the_registry_with_a_placeholder_id(data_dir: Path) -> None:
    edition2 = data_dir / "edition2.txt"
    edition2.write_text(SOURCE.read_text().replace("\t省能源局\n", "\t省能源局、省水利厅\n", 1))
    report = import_source(edition2, data_dir / "tasks.yaml", data_dir / "agencies.yaml", TODAY)
    assert "agency 省水利厅: added as provincial_department with id unit-1" in report.changes[0]
    assert "name: 省水利厅\n    id: unit-1\n" in (data_dir / "agencies.yaml").read_text()


def test_dry_run_reports_and_writes_nothing(data_dir: Path) -> None:
    edition2 = data_dir / "edition2.txt"
    edition2.write_text(SOURCE.read_text().replace("\t2022年4月\n", "\t2022年5月\n"))
    before = (data_dir / "tasks.yaml").read_bytes()
    report = import_source(
        edition2, data_dir / "tasks.yaml", data_dir / "agencies.yaml", TODAY, dry_run=True
    )
    assert report.changes and not report.written
    assert (data_dir / "tasks.yaml").read_bytes() == before


@pytest.mark.usefixtures("english")
def test_a_bad_deadline_in_the_source_is_refused_with_its_place(tmp_path: Path) -> None:
    source = tmp_path / "bad.txt"
    source.write_text(SOURCE.read_text().replace("\t2022年4月\n", "\t2022年13月\n"))
    with pytest.raises(SourceImportError, match=r"bad.txt:\d+: task 3: month 13 does not exist"):
        import_source(source, tmp_path / "tasks.yaml", tmp_path / "agencies.yaml", TODAY)
    assert not (tmp_path / "tasks.yaml").exists()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("省应急管理厅", AgencyKind.PROVINCIAL_DEPARTMENT),
        ("省安委办", AgencyKind.COMMITTEE_OFFICE),
        ("国家粮食和物资储备局浙江局", AgencyKind.CENTRAL_BRANCH),
        ("省级相关部门", AgencyKind.GROUP),
        ("市、县（市、区）党委政府", AgencyKind.GROUP),
    ],
)
def test_guess_kind(name: str, kind: AgencyKind) -> None:
    assert guess_kind(name) is kind


def test_import_command_lists_changes(invoke: Invoke, tmp_path: Path) -> None:
    shutil.copy(SOURCE, tmp_path / "source.txt")
    out = str(tmp_path / "out")
    result = invoke("import", str(tmp_path / "source.txt"), "--data", out, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "task 50: added" in result.stdout
    assert (tmp_path / "out" / "tasks.yaml").is_file()
    again = invoke("import", str(tmp_path / "source.txt"), "--data", str(tmp_path / "out"))
    assert again.exit_code == 0 and again.stdout == ""
    assert again.stderr == "没有变化：文件已与源文件一致\n"


def test_import_of_a_missing_source_is_one_clear_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("import", str(tmp_path / "nope.txt"), "--data", str(tmp_path))
    assert result.exit_code == 1
    assert "nope.txt" in result.stderr and "Traceback" not in result.stderr
