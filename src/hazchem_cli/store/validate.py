"""Checking both data files completely and saying where each problem is.

Every check yields a finding addressed by its path in the document (``tasks[3].lead[0]``);
only when there are findings is the file parsed a second time, keeping positions, to turn
each path into ``file:line:col``. Valid files therefore never pay for positions.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from hazchem_cli.errors import DataError, Problem
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model.documents import Agency, AgencyFile, Status, Task, TaskFile
from hazchem_cli.model.registry import AgencyRegistry, one_of
from hazchem_cli.model.task_rules import task_breaches
from hazchem_cli.store.cache import ParseCache
from hazchem_cli.store.pydantic_words import explain
from hazchem_cli.store.signoff_rules import signoff_findings
from hazchem_cli.store.yaml_advice import value_mark
from hazchem_cli.store.yaml_read import DataText, compose_nodes, parse_plain

Loc = tuple[str | int, ...]
#: Locating stops after this many problems of one file, or after this many seconds with
#: at least the first located: a file with a million problems is told its first ones.
MAX_LOCATED = 10_000
LOCATE_SECONDS = 5.0
#: "Did you mean" compares a name with every agency's names: only the first unknown names
#: get one, at most this many, and fewer from a registry so large (real ones hold about
#: 80 agencies) that this many would cost more than ``MAX_SUGGESTION_WORK`` comparisons.
MAX_SUGGESTED = 1_000
MAX_SUGGESTION_WORK = 250_000
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Finding:
    """A problem addressed by its place in the document rather than by line."""

    loc: Loc
    message: str
    at_key: bool = False  # point at the key itself (an unknown key), not at its value


#: Stands for each problem beyond those located, which is counted but never shown.
_NOT_SHOWN = Finding((), "")
#: Stands for each plainly wrong item beyond those checked (see ``_within_what_is_shown``).
_NOT_CHECKED = Finding((), "not checked")


@dataclass(frozen=True)
class Checked(Generic[ModelT]):
    """A file's model when it is valid, and every problem found either way."""

    model: ModelT | None
    problems: list[Problem]


def check_agency_text(data: DataText, cache: ParseCache | None = None) -> Checked[AgencyFile]:
    """Validate an agencies file on its own."""
    model, plain, findings, early = _load(AgencyFile, data, _agencies_expected, cache)
    if early:
        return Checked(None, early)
    agencies = model.agencies if model is not None else _valid_items(plain, "agencies", Agency)
    findings += list(_agency_findings(agencies))
    return _located(data, model if not findings else None, findings)


def check_task_text(
    data: DataText,
    registry: AgencyRegistry | None,
    today: dt.date,
    cache: ParseCache | None = None,
    *,
    note_order: bool = True,
) -> Checked[TaskFile]:
    """Validate a task file; agency names are checked when a registry is given.

    ``note_order`` False lets notes out of date order pass (``hazchem fmt`` sorts them).
    """
    model, plain, findings, early = _load(TaskFile, data, _tasks_expected, cache)
    if early:
        return Checked(None, early)
    tasks = model.tasks if model is not None else _valid_items(plain, "tasks", Task)
    office = _office(model, plain)
    findings += list(_task_findings(tasks, registry, today, office, note_order))
    named = model.office if model is not None else office if "office" in plain else None
    if registry is not None and named is not None:
        why = unknown_name_message(named, registry)
        if why is not None:
            findings.append(Finding(("office",), why))
    return _located(data, model if not findings else None, findings)


def _agencies_expected() -> str:
    return _("a mapping with agencies: (the list of agencies)")


def _tasks_expected() -> str:
    return _("a mapping with title:, source:, issued_by: and tasks:")


def _office(model: TaskFile | None, plain: Any) -> str | None:
    """The unit whose approval closes a task, when the file says which."""
    if model is not None:
        return model.office_unit
    office = plain.get("office") or plain.get("issued_by") if isinstance(plain, dict) else None
    return office if isinstance(office, str) else None


def located_problems(data: DataText, findings: list[Finding]) -> list[Problem]:
    """Findings about a valid file turned into ``file:line:col`` problems."""
    return _located(data, None, findings).problems


def _load(
    model_type: type[ModelT],
    data: DataText,
    expected: Callable[[], str],
    cache: ParseCache | None,
) -> tuple[ModelT | None, Any, list[Finding], list[Problem]]:
    """The file's model, or the findings against it; or the problems that stop parsing.

    Returns the model, the parsed document (None when the model came straight from the
    cache), the findings and the problems. A cached parse is validated straight from its
    JSON text, which skips building the document in Python first (a fifth of a warm run
    on a large list); only a cached parse that does not fit is built, to be located.
    A parse that fits the model is cached, so the next read-only command skips parsing.
    """
    key = ParseCache.key(data.text) if cache is not None else ""
    cached = cache.get_json(key) if cache is not None else None
    if cached is not None:
        try:
            return model_type.model_validate_json(cached), None, [], []
        except ValidationError:
            plain = _json_document(cached)
            if plain is not None:
                return (*_validate(model_type, plain), [])
    plain, early = _parse(data, expected)
    if early:
        return None, None, [], early
    model, document, findings = _validate(model_type, plain)
    if model is not None and cache is not None:
        cache.put(key, plain)
    return model, document, findings, []


def _json_document(text: bytes) -> dict[str, Any] | None:
    """A cached document as Python values; None if it is not a mapping of JSON (corrupt)."""
    try:
        document = json.loads(text)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def _parse(data: DataText, expected: Callable[[], str]) -> tuple[Any, list[Problem]]:
    """The parsed document, or the problems that stop it; ``expected`` says what it should
    hold, in the run's language."""
    shown = str(data.path)
    try:
        plain = parse_plain(data)
    except DataError as error:
        return None, error.problems
    if plain is None:
        message = _("the file is empty; it should hold {expected}", expected=expected())
        return None, [Problem(shown, 1, 1, message)]
    if not isinstance(plain, dict):
        if isinstance(plain, list):
            message = _(
                "the file starts with a list; it should hold {expected}, each key at the "
                "start of its line",
                expected=expected(),
            )
        else:
            value = str(plain)[:40]
            message = _(
                "the file holds a single value ({value}); it should hold {expected}, each key "
                "at the start of its line",
                value=value,
                expected=expected(),
            )
        return None, [Problem(shown, 1, 1, message)]
    return plain, []


def _validate(model_type: type[ModelT], plain: Any) -> tuple[ModelT | None, Any, list[Finding]]:
    plain, unchecked = _within_what_is_shown(model_type, plain)
    try:
        return model_type.model_validate(plain), plain, []
    except ValidationError as error:
        errors = error.errors(include_url=False)
        # Only the problems that can be shown are worded; the rest are only counted.
        findings = [_finding_from_pydantic(model_type, item) for item in errors[:MAX_LOCATED]]
        findings += [_NOT_SHOWN] * (len(errors) - len(findings))
        return None, plain, findings + [_NOT_CHECKED] * unchecked


def _within_what_is_shown(model_type: type[BaseModel], plain: Any) -> tuple[Any, int]:
    """The document cut after the item where ``MAX_LOCATED`` items are plainly wrong, and
    how many more plainly wrong items were cut off.

    Pydantic reports every wrong field of every item: two million ``{}`` items are ten
    million problems, seconds of work and gigabytes only to be counted. An item is plainly
    wrong when it is no mapping, lacks a required key or has an unknown one; the first
    ``MAX_LOCATED`` of those are enough to show, and the rest are counted here, cheaply.
    """
    key, item_type = _ITEMS.get(model_type, ("", None))
    items = plain.get(key) if isinstance(plain, dict) and item_type is not None else None
    if not isinstance(items, list) or len(items) <= MAX_LOCATED:
        return plain, 0
    fields = set(item_type.model_fields)  # type: ignore[union-attr]
    required = {n for n, f in item_type.model_fields.items() if f.is_required()}  # type: ignore[union-attr]
    wrong = [
        index
        for index, item in enumerate(items)
        if not isinstance(item, dict) or not required <= item.keys() or not item.keys() <= fields
    ]
    if len(wrong) <= MAX_LOCATED:
        return plain, 0
    return {**plain, key: items[: wrong[MAX_LOCATED]]}, len(wrong) - MAX_LOCATED


_ITEMS: dict[type[BaseModel], tuple[str, type[BaseModel]]] = {
    TaskFile: ("tasks", Task),
    AgencyFile: ("agencies", Agency),
}


def _finding_from_pydantic(model_type: type[BaseModel], error: Any) -> Finding:
    loc, message, at_key = explain(model_type, error)
    return Finding(loc, message, at_key)


def _valid_items(plain: dict[str, Any], key: str, model_type: type[ModelT]) -> list[ModelT | None]:
    """Each item of the list under ``key`` that is valid on its own, None for the others.

    Cross-checks (duplicate ids, agency names) then still run on the valid items, so one
    broken task does not hide the problems of the rest; positions stay aligned.
    """
    items = plain.get(key)
    valid: list[ModelT | None] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            valid.append(None)  # said by the whole file's validation; raising costs more
            continue
        try:
            valid.append(model_type.model_validate(item))
        except ValidationError:
            valid.append(None)
    return valid


def _task_findings(
    tasks: Sequence[Task | None],
    registry: AgencyRegistry | None,
    today: dt.date,
    office: str | None = None,
    note_order: bool = True,
) -> Iterator[Finding]:
    unknown = _unknown_names(tasks, registry) if registry is not None else {}
    first_index: dict[int, int] = {}
    next_free_id = max((task.id for task in tasks if task is not None), default=0) + 1
    for index, task in enumerate(tasks):
        if task is None:
            continue
        here: Loc = ("tasks", index)
        if task.id in first_index:
            yield Finding(
                (*here, "id"),
                _(
                    "duplicate task id {id} (task {position} in the list has it too); "
                    "give this task the next free id, {free}",
                    id=task.id,
                    position=first_index[task.id] + 1,
                    free=next_free_id,
                ),
            )
        else:
            first_index[task.id] = index
        yield from _status_findings(task, here)
        if task.done_on is not None and task.done_on > today:
            yield Finding(
                (*here, "done_on"),
                _(
                    "done_on {day} is after today ({today}); write the day the work ended",
                    day=task.done_on,
                    today=today,
                ),
            )
        if unknown:
            yield from _name_findings(task, here, unknown)
        for number, note in enumerate(task.progress):
            if note.on > today:
                yield Finding(
                    (*here, "progress", number, "on"),
                    _(
                        "progress note dated {day}, after today ({today}); write the day "
                        "the note was made",
                        day=note.on,
                        today=today,
                    ),
                )
        if task.evidence or task.signoffs or task.status is Status.CLOSED:
            yield from (
                Finding(loc, why) for loc, why in signoff_findings(task, here, office, today)
            )
        if task.extensions or task.progress:  # nothing else to break: skip the call
            for place, why in task_breaches(task, today, note_order=note_order):
                yield Finding((*here, *place), why)


def _status_findings(task: Task, here: Loc) -> Iterator[Finding]:
    """``done`` and ``done_on`` go together: the date is what overdue is judged by."""
    if task.status.completed and task.done_on is None:
        yield Finding(
            (*here, "status"),
            _(
                "status is {status} but done_on is missing; add a line done_on: with the day "
                "the work ended, e.g. done_on: 2022-07-21",
                status=task.status.value,
            ),
        )
    if not task.status.completed and task.done_on is not None:
        yield Finding(
            (*here, "done_on"),
            _(
                "done_on is set but status is {status}; set status: done, or remove done_on",
                status=task.status.value,
            ),
        )


def _unknown_names(tasks: Sequence[Task | None], registry: AgencyRegistry) -> dict[str, str]:
    """Each agency name the tasks write that may not stand there, with the reason.

    A list repeats a few dozen names on every task, so each distinct name is looked up,
    and its message written, once; valid lists have none, and no task is then looked
    through name by name. The names are those ``_name_findings`` locates.
    """
    valid = [task for task in tasks if task is not None]
    written = dict.fromkeys(chain.from_iterable(task.lead for task in valid))  # in file order
    written.update(dict.fromkeys(chain.from_iterable(task.responsible for task in valid)))
    written.update(dict.fromkeys(note.by for task in valid for note in task.progress))
    written.update(dict.fromkeys(item.by for task in valid for item in task.evidence))
    written.update(dict.fromkeys(stamp.by for task in valid for stamp in task.signoffs))
    written.update(
        dict.fromkeys(
            ext.approved_by
            for task in valid
            for ext in task.extensions
            if ext.approved_by is not None
        )
    )
    unknown: dict[str, str] = {}
    budget = _suggestion_budget(registry)
    for name in written:
        # Suggesting the nearest names costs a comparison with every agency: the first
        # unknown names get suggestions, the rest (a file of garbage) only the verdict.
        why = unknown_name_message(name, registry, suggest=len(unknown) < budget)
        if why:
            unknown[name] = why
    return unknown


def _name_findings(task: Task, here: Loc, unknown: dict[str, str]) -> Iterator[Finding]:
    """Where the task writes a name of ``unknown``, and what is wrong with it."""
    places: list[tuple[Loc, str]] = [
        *(((*here, "lead", n), name) for n, name in enumerate(task.lead)),
        *(((*here, "responsible", n), name) for n, name in enumerate(task.responsible)),
        *(((*here, "progress", n, "by"), note.by) for n, note in enumerate(task.progress)),
        *(((*here, "evidence", n, "by"), item.by) for n, item in enumerate(task.evidence)),
        *(((*here, "signoffs", n, "by"), stamp.by) for n, stamp in enumerate(task.signoffs)),
        *(
            ((*here, "extensions", n, "approved_by"), ext.approved_by)
            for n, ext in enumerate(task.extensions)
            if ext.approved_by is not None
        ),
    ]
    for loc, name in places:
        if name in unknown:
            yield Finding(loc, unknown[name])


def unknown_name_message(
    name: str, registry: AgencyRegistry, *, suggest: bool = True
) -> str | None:
    """Why ``name`` may not stand in a task file, or None when it is a registered full name."""
    if registry.by_name(name) is not None:
        return None
    known = registry.resolve(name)
    if known is not None:
        return _(
            "'{name}' is another name for {full}; write the full name {full}",
            name=name,
            full=known.name,
        )
    near = registry.suggest(name) if suggest else []
    if near:
        return _(
            "unknown agency '{name}'; did you mean {names}? Write a full name from "
            "agencies.yaml, or add the agency there",
            name=name,
            names=one_of(near),
        )
    return _(
        "unknown agency '{name}': write a full name from agencies.yaml, or add the agency there",
        name=name,
    )


def _suggestion_budget(registry: AgencyRegistry) -> int:
    """How many unknown names may get a "did you mean" (see ``MAX_SUGGESTED``)."""
    return min(MAX_SUGGESTED, MAX_SUGGESTION_WORK // max(1, len(registry.agencies)))


def _agency_findings(agencies: Sequence[Agency | None]) -> Iterator[Finding]:
    owner: dict[str, tuple[str, int]] = {}
    registry = AgencyRegistry(agency for agency in agencies if agency is not None)
    budget = _suggestion_budget(registry)
    for index, agency in enumerate(agencies):
        if agency is None:
            continue
        here: Loc = ("agencies", index)
        names = AgencyRegistry.names_of(agency)  # name, id, aliases, the name without 省
        fields = ["name", "id", *["aliases"] * len(agency.aliases), "name"]
        for field, value in zip(fields, names, strict=False):
            folded = value.casefold()
            if folded in owner and owner[folded][1] != index:
                yield Finding(
                    (*here, field) if field != "aliases" else (*here, "aliases"),
                    _(
                        "'{value}' already names {other}; names, ids, aliases and names "
                        "without 省 must each point to one agency: change or remove one",
                        value=value,
                        other=owner[folded][0],
                    ),
                )
            else:
                owner.setdefault(folded, (agency.name, index))
        for number, member in enumerate(agency.members):
            if registry.by_name(member) is None:
                budget -= 1
                near = registry.suggest(member) if budget >= 0 else []
                yield Finding((*here, "members", number), _unknown_member(member, near))


def _unknown_member(member: str, near: list[str]) -> str:
    if near:
        return _(
            "unknown member '{name}'; did you mean {names}? Members are full names of "
            "agencies in this file",
            name=member,
            names=one_of(near),
        )
    return _(
        "unknown member '{name}': members are full names of agencies in this file",
        name=member,
    )


def _located(data: DataText, model: ModelT | None, findings: list[Finding]) -> Checked[ModelT]:
    if not findings:
        return Checked(model, [])
    root = compose_nodes(data)
    shown = str(data.path)
    keys = _KeyIndex()
    started = time.monotonic()
    problems: list[Problem] = []
    for number, finding in enumerate(findings):
        if number >= MAX_LOCATED or (number and time.monotonic() - started > LOCATE_SECONDS):
            break
        problems.append(
            Problem(shown, *_position(root, finding.loc, finding.at_key, keys), finding.message)
        )
    problems.sort(key=lambda problem: (problem.line, problem.col))
    if len(problems) < len(findings):
        more = f"{len(findings) - len(problems):,}"
        if any(f is _NOT_CHECKED for f in findings):
            message = _(
                "and at least {count} more problems not shown; fix these and run check again",
                count=more,
            )
        else:
            message = _(
                "and {count} more problems not shown; fix these and run check again", count=more
            )
        problems.append(Problem(shown, problems[-1].line, problems[-1].col, message))
    return Checked(None, problems)


class _KeyIndex:
    """Each mapping's pairs by key, built once per mapping, so that locating many problems
    in one large mapping stays linear."""

    def __init__(self) -> None:
        self.by_node: dict[int, dict[object, tuple[Any, Any]]] = {}

    def pair(self, node: Any, key: str) -> tuple[Any, Any] | None:
        pairs = self.by_node.get(id(node))
        if pairs is None:
            pairs = self.by_node[id(node)] = {}
            for pair in node.value:
                pairs.setdefault(getattr(pair[0], "value", None), pair)
        return pairs.get(key)


def _position(root: Any, loc: Loc, at_key: bool, keys: _KeyIndex) -> tuple[int, int]:
    """Walk ``loc`` down the node graph to the deepest node there is; 1-based line, col."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    mark = root.start_mark
    node = root
    for depth, part in enumerate(loc):
        if isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
        elif isinstance(node, MappingNode) and isinstance(part, str):
            pair = keys.pair(node, part)
            if pair is None:
                break
            key_node, node = pair
            at_this_key = at_key and depth == len(loc) - 1
            mark = key_node.start_mark if at_this_key else value_mark(key_node, node)
        else:
            break
    return mark.line + 1, mark.column + 1


def task_fits_list(
    task: Task, registry: AgencyRegistry | None, today: dt.date, office: str
) -> bool:
    """Whether a task valid on its own also passes the checks made across a file: known
    agency names, done_on and notes not after today, status and done_on together, the
    close-out rules (who may sign, against the file's ``office``), the dated records' rules.

    For an edit confirmed without parsing the whole file again (``edit.splice``): every
    other task passed these checks in the file as it was, and keeps its id and lines.
    """
    return next(_task_findings([task], registry, today, office), None) is None
