"""Filters accept what the tables print, in either language, and agencies by any part of a name."""

from __future__ import annotations

import datetime as dt

import pytest

import hazchem_cli
from hazchem_cli.model.documents import Status
from hazchem_cli.model.levels import Level
from hazchem_cli.query.judge import Role
from tests.conftest import Invoke

DAY = dt.date(2022, 12, 1)


@pytest.mark.parametrize(
    ("filters", "same_as"),
    [
        ({"status": "进行中"}, {"status": Status.IN_PROGRESS}),
        ({"status": "in progress"}, {"status": Status.IN_PROGRESS}),
        ({"status": "已销号"}, {"status": Status.CLOSED}),
        ({"status": "已完成"}, {"status": Status.DONE}),
        ({"level": "逾期"}, {"level": Level.RED}),
        ({"level": ["临期", "on track"]}, {"level": [Level.YELLOW, Level.GREEN]}),
        ({"level": "停滞"}, {"level": Level.STALE}),
        ({"role": "牵头", "agency": "经信"}, {"role": Role.LEAD, "agency": "省经信厅"}),
        (
            {"role": "责任单位", "agency": "消防"},
            {"role": Role.RESPONSIBLE, "agency": "省消防救援总队"},
        ),
    ],
)
def test_the_words_tables_print_select_the_same_tasks(
    filters: dict[str, object], same_as: dict[str, object]
) -> None:
    tasks = hazchem_cli.load()
    assert tasks.select(DAY, **filters) == tasks.select(DAY, **same_as)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("经信", "省经信厅"),
        ("消防", "省消防救援总队"),
        ("应急", "省应急管理厅"),
        ("Department of Emergency Management", "省应急管理厅"),
        ("emergency", "省应急管理厅"),
    ],
)
def test_an_agency_by_any_part_of_one_name_only(text: str, agency: str) -> None:
    registry = hazchem_cli.load().registry
    found = registry.resolve(text)
    assert found is not None and found.name == agency


def test_a_part_shared_by_several_agencies_names_them(invoke: Invoke) -> None:
    result = invoke("list", "--agency", "安全", "--as-of", "2022-12-01", "--lang", "en")
    assert result.exit_code == 2
    assert "agency '安全' matches several agencies: 省危化安全专委办、" in result.stderr
    assert "give more of the name" in result.stderr


def test_a_word_not_known_lists_the_words_in_both_languages(invoke: Invoke) -> None:
    result = invoke("list", "--level", "红", "--as-of", "2022-12-01")
    assert result.exit_code == 2
    assert (
        "--level：'红' 不可用；请写以下之一：逾期（red）、临期（yellow）、正常（green）"
        in result.stderr
    )
