"""Filters as people give them (words, names, month or day text) turned into a TaskFilter.

The command line and the Python API take the same words, so both come through here and
refuse the same mistakes with the same messages (naming the command-line option, which
is also the keyword's name with dashes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from enum import Enum
from types import MappingProxyType
from typing import TypeVar

from hazchem_cli.errors import UsageError
from hazchem_cli.i18n.catalogue import _, current_lang
from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.model.dates import DateExpressionError, parse_period
from hazchem_cli.model.levels import Level
from hazchem_cli.model.records import STATUS_WORDS, Status
from hazchem_cli.model.registry import AgencyRegistry, resolve_agencies
from hazchem_cli.query.judge import Role, TaskFilter

EnumT = TypeVar("EnumT", bound=Enum)
#: Words for a role besides the column headings (牵头单位 / Lead, …).
ROLE_WORDS = {"牵头": "lead", "责任": "responsible", "全部": "any", "任意": "any"}
#: One word or several: ``agency="经信厅"`` reads as well as ``agency=["经信厅", "教育厅"]``.
Words = str | Iterable[str]


def make_filter(
    registry: AgencyRegistry,
    as_of: dt.date,
    *,
    agency: Words = (),
    role: Role | str = Role.ANY,
    direct: bool = False,
    measure: str | None = None,
    status: Status | str | None = None,
    due_before: dt.date | str | None = None,
    due_after: dt.date | str | None = None,
    ongoing: bool = False,
    dated: bool = False,
    search: Words | None = None,
    level: Level | Words | Iterable[Level] = (),
    extended: bool = False,
) -> TaskFilter:
    """The filter these words ask for, or ``UsageError`` naming the word that is wrong.

    ``due_before`` and ``due_after`` take a day or a month (``2022-11`` means up to its last
    day, or from its first); relative forms count from ``as_of``.
    """
    if ongoing and dated:
        raise UsageError(_("--ongoing and --dated exclude each other; give one"))
    return TaskFilter(
        agencies=resolve_agencies(registry, (agency,) if isinstance(agency, str) else agency),
        role=_choice("--role", role, Role, ROLE_WORDS),
        direct=direct,
        measure=measure,
        status=_choice("--status", status, Status, STATUS_WORDS) if status is not None else None,
        due_before=_period("--due-before", due_before, as_of, end=True),
        due_after=_period("--due-after", due_after, as_of, end=False),
        dated=True if dated else False if ongoing else None,
        search=() if search is None else (search,) if isinstance(search, str) else tuple(search),
        levels=tuple(_choice("--level", one, Level) for one in _levels(level)),
        extended=extended,
    )


def _choice(
    option: str,
    value: EnumT | str,
    allowed: type[EnumT],
    extra: Mapping[str, str] = MappingProxyType({}),
) -> EnumT:
    """The member ``value`` names: its value, the word tables print for it in either
    language (``逾期``, ``due soon``, ``进行中``), or one of ``extra``'s words."""
    if isinstance(value, allowed):
        return value
    folded = str(value).strip().casefold()
    with contextlib.suppress(ValueError):
        return allowed(folded)  # the member's own value: no catalogue need be read
    for member in allowed:
        key = str(member.value)
        words = {key, word(key, Lang.ZH), word(key, Lang.EN)}
        words |= {said for said, meant in extra.items() if meant == key}
        if folded in {said.casefold() for said in words} | {
            said.replace(" ", "_") for said in words
        }:
            return member
    if current_lang() is Lang.ZH:
        names = "、".join(
            f"{word(str(member.value), Lang.ZH)}（{member.value}）" for member in allowed
        )
    else:
        names = ", ".join(
            f"{member.value} ({word(str(member.value), Lang.ZH)})" for member in allowed
        )
    raise UsageError(
        _("{option}: {value} is not one of {names}", option=option, value=repr(value), names=names)
    )


def _period(
    option: str, value: dt.date | str | None, as_of: dt.date, *, end: bool
) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        first, last = parse_period(value, as_of)
    except DateExpressionError as exc:
        raise UsageError(_("{option}: {problem}", option=option, problem=exc)) from None
    return last if end else first


def _levels(level: Level | Words | Iterable[Level]) -> Iterable[Level | str]:
    return (level,) if isinstance(level, Level | str) else level
