"""``hazchem import``: bring the source document's table into the YAML files.

The importer owns the columns of the source and nothing else. Re-running it merges: it
updates what the source says, keeps what people added (status, progress, extensions,
agency ids, aliases, English names, comments), and reports every change it makes, so a
new edition of the source document arrives as a reviewable diff.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hazchem_cli.edit.atomic import ABSENT, digest, write_atomically
from hazchem_cli.edit.layout import TASK_KEY_ORDER, delete_key, set_in_order
from hazchem_cli.edit.source_table import (
    SourceFormatError,
    SourceRow,
    SourceTable,
    read_table,
    split_units,
)
from hazchem_cli.edit.yaml_write import dump_text
from hazchem_cli.errors import DataError, HazchemError
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model.dates import DeadlineError, parse_deadline
from hazchem_cli.model.documents import AgencyKind, Status
from hazchem_cli.model.schema import SchemaName
from hazchem_cli.store.load import validate_texts
from hazchem_cli.store.validate import check_agency_text, check_task_text
from hazchem_cli.store.yaml_read import DataText, decode_data, parse_roundtrip, read_data_text

SOURCE_KEYS = TASK_KEY_ORDER[:8]
ISSUING_BODY = "省危化安全专委办"
# One line each, so that with the schema modeline above them the headers take the two
# lines they always took: line numbers people and tests cite stay what they were.
_TASKS_HEADER = (
    "hazchem task list: imported by `hazchem import`, then tracked by hand in reviewed "
    "pull requests; check with `hazchem check`."
)
_AGENCIES_HEADER = (
    "hazchem agency registry: `hazchem import` adds new names; ids, aliases, English names "
    "and kinds are curated by hand and kept."
)
_MEMBERS_UNKNOWN = (
    "The source document does not say which units this group stands for;\n"
    "members stay empty until an official list is adopted."
)


class SourceImportError(HazchemError):
    """The source cannot be imported, or the existing files must be fixed first."""


@dataclass
class ImportReport:
    """What an import changed, in words a reviewer can check against the diff."""

    changes: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def import_source(
    source: Path, tasks_path: Path, agencies_path: Path, today: dt.date, *, dry_run: bool = False
) -> ImportReport:
    """Merge the source table into the two files; write only when something changed."""
    try:
        table = read_table(source)
    except SourceFormatError as exc:
        raise SourceImportError(str(exc)) from None
    imported = [_task_from_row(row, source) for row in _with_measures(table.rows)]
    report = ImportReport()

    agencies_data, agencies_doc, agencies_read = _open(agencies_path, lambda: _new_agencies())
    tasks_data, tasks_doc, tasks_read = _open(tasks_path, lambda: _new_tasks(source, table))
    _merge_agencies(agencies_doc, _unit_names(imported), report)
    _merge_tasks(tasks_doc, imported, report)

    new_agencies = dump_text(agencies_doc, agencies_data.newline)
    new_tasks = dump_text(tasks_doc, tasks_data.newline)
    found = validate_texts(
        decode_data(new_tasks.encode(), tasks_path),
        decode_data(new_agencies.encode(), agencies_path),
        today,
    )
    if found.problems:
        raise DataError(found.problems)
    registry = found.registry

    def valid_tasks(text: str) -> None:
        checked = check_task_text(decode_data(text.encode(), tasks_path), registry, today)
        if checked.model is None:
            raise DataError(checked.problems)

    def valid_agencies(text: str) -> None:
        checked = check_agency_text(decode_data(text.encode(), agencies_path))
        if checked.model is None:
            raise DataError(checked.problems)

    written = (
        (agencies_data, new_agencies, agencies_read, valid_agencies),
        (tasks_data, new_tasks, tasks_read, valid_tasks),
    )
    for data, text, read_digest, verify in written:
        if text != data.text and not dry_run:
            data.path.parent.mkdir(parents=True, exist_ok=True)
            # As the edit commands do: a change made while the import ran is never lost,
            # and what was written is checked again before it replaces the file.
            write_atomically(
                data.path, text, data.has_bom, expected_digest=read_digest, verify=verify
            )
            report.written.append(data.path)
    return report


def _with_measures(rows: list[SourceRow]) -> list[tuple[SourceRow, str]]:
    """Pair each row with its measure: an empty cell continues the one above (merged cells)."""
    paired: list[tuple[SourceRow, str]] = []
    measure = ""
    for row in rows:
        measure = row.measure or measure
        if not measure:
            raise SourceImportError(
                _("line {line}: the first row has no governance measure", line=row.line)
            )
        paired.append((row, measure))
    return paired


def _task_from_row(pair: tuple[SourceRow, str], source: Path) -> dict[str, Any]:
    row, measure = pair
    where = f"{source}:{row.line}"
    if not (row.number.isdecimal() and row.number.isascii()):
        raise SourceImportError(
            _(
                "{where}: task number {number} is not a whole number",
                where=where,
                number=repr(row.number),
            )
        )
    try:
        parse_deadline(row.deadline)
    except DeadlineError as exc:
        raise SourceImportError(
            _("{where}: task {number}: {problem}", where=where, number=row.number, problem=exc)
        ) from None
    lead, responsible = split_units(row.lead), split_units(row.responsible)
    if not lead.names:
        raise SourceImportError(
            _("{where}: task {number} has no lead unit", where=where, number=row.number)
        )
    task: dict[str, Any] = {
        "id": int(row.number),
        "measure": measure,
        "task": row.task,
        "lead": list(lead.names),
        "responsible": list(responsible.names),
    }
    for key, flags in (("open_list", "open_list"), ("divided_responsibility", "divided")):
        marked = [
            name
            for name, units in (("lead", lead), ("responsible", responsible))
            if getattr(units, flags)
        ]
        task[key] = marked[0] if marked else None
    task["deadline"] = row.deadline
    return task


def _unit_names(tasks: list[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for task in tasks:
        for name in (*task["lead"], *task["responsible"]):
            if name not in names:
                names.append(name)
    return names


def _open(path: Path, create: Any) -> tuple[DataText, Any, str]:
    """The file's text and document, and the digest a write must still find on disk."""
    if not os.path.lexists(path):  # a dangling link is no new file: reading it says so
        return DataText(path, "", False, "\n"), create(), ABSENT
    data = read_data_text(path)
    try:
        document = parse_roundtrip(data)
    except Exception:  # any parse failure means: check the file first
        document = None
    if not isinstance(document, dict):
        raise SourceImportError(
            _(
                "{path}: cannot merge into this file; run `hazchem check` and fix it first",
                path=path,
            )
        )
    return data, document, digest(data)


def _new_tasks(source: Path, table: SourceTable) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    document = CommentedMap()
    document["title"] = table.title
    document["source"] = source.name
    document["issued_by"] = ISSUING_BODY
    document["tasks"] = CommentedSeq()
    document.yaml_set_start_comment(_start_comment(SchemaName.TASKS, _TASKS_HEADER))
    return document


def _new_agencies() -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    document = CommentedMap()
    document["agencies"] = CommentedSeq()
    document.yaml_set_start_comment(_start_comment(SchemaName.AGENCIES, _AGENCIES_HEADER))
    return document


def _start_comment(schema: SchemaName, header: str) -> str:
    """The schema modeline, on the first line where people look for it, then the header."""
    return f"{schema.modeline.removeprefix('# ')}\n{header}"


def _merge_tasks(document: Any, imported: list[dict[str, Any]], report: ImportReport) -> None:
    from ruamel.yaml.comments import CommentedSeq

    existing = document.setdefault("tasks", CommentedSeq())
    by_id = {item.get("id"): item for item in existing if isinstance(item, dict)}
    imported_ids = set()
    for task in imported:
        imported_ids.add(task["id"])
        current = by_id.get(task["id"])
        if current is None:
            existing.append(_new_task_map(task))
            report.changes.append(_("task {id}: added", id=task["id"]))
            continue
        for key in SOURCE_KEYS:
            before = _plain(current.get(key))
            after = task[key]
            if before == after:
                continue
            report.changes.append(
                _(
                    "task {id}: {key} {before} → {after}",
                    id=task["id"],
                    key=key,
                    before=_show(before),
                    after=_show(after),
                )
            )
            if after is None:
                delete_key(current, key)
            else:
                set_in_order(current, key, _styled(key, after))
    for item_id in by_id:
        if item_id not in imported_ids:
            report.changes.append(_("task {id}: not in the source; kept as it is", id=item_id))


def _new_task_map(task: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    for key in SOURCE_KEYS:
        if task[key] is not None:
            mapping[key] = _styled(key, task[key])
    mapping["status"] = Status.NOT_STARTED.value
    return mapping


def _styled(key: str, value: Any) -> Any:
    """Deadlines are always quoted, so YAML never turns ``2022-11-30`` into a date."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if key == "deadline":
        return DoubleQuotedScalarString(value)
    if isinstance(value, list):
        return CommentedSeq(value)
    return value


def _merge_agencies(document: Any, names: list[str], report: ImportReport) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    agencies = document.setdefault("agencies", CommentedSeq())
    known = {item.get("name") for item in agencies if isinstance(item, dict)}
    used_ids = {item.get("id") for item in agencies if isinstance(item, dict)}
    for name in names:
        if name in known:
            continue
        kind = guess_kind(name)
        agency = CommentedMap()
        agency["name"] = name
        agency["id"] = _placeholder_id(used_ids)
        agency["kind"] = kind.value
        agency["name_en"] = ""
        agency["aliases"] = CommentedSeq()
        if kind is AgencyKind.GROUP:
            agency["members"] = CommentedSeq()
            agency.yaml_set_comment_before_after_key("members", before=_MEMBERS_UNKNOWN, indent=4)
        agencies.append(agency)
        used_ids.add(agency["id"])
        report.changes.append(
            _(
                "agency {name}: added as {kind} with id {id}; "
                "give it a short id, aliases and an English name",
                name=name,
                kind=kind.value,
                id=agency["id"],
            )
        )


def guess_kind(name: str) -> AgencyKind:
    """A first guess from the name's form, for a person to confirm in review."""
    if name.endswith(("成员单位", "相关部门")) or "党委政府" in name:
        return AgencyKind.GROUP
    if name.startswith("国家"):
        return AgencyKind.CENTRAL_BRANCH
    if name.endswith("办"):
        return AgencyKind.COMMITTEE_OFFICE
    return AgencyKind.PROVINCIAL_DEPARTMENT


def _placeholder_id(used: set[Any]) -> str:
    number = 1
    while f"unit-{number}" in used:
        number += 1
    return f"unit-{number}"


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _show(value: Any) -> str:
    if value is None:
        return _("(none)")
    if isinstance(value, list):
        return "、".join(value) or _("(empty)")
    return str(value)
