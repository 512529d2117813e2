"""The JSON Schemas: generated from the models, shipped current, and true to the models.

Editors judge a data file by the shipped schema while hazchem judges it by the models, so
the two must agree: the shipped files must validate, and for each variant below the
schema and the models must both accept it or both refuse it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from hazchem_cli.edit.importer import import_source
from hazchem_cli.model.documents import AgencyFile, TaskFile
from hazchem_cli.model.schema import DIALECT, SchemaName, json_schema, schema_text
from hazchem_cli.store.yaml_read import DataText, parse_plain
from tests.conftest import DATA, ROOT, SOURCE, Invoke

SCHEMA_DIR = ROOT / "schema"
DATA_FILES = {SchemaName.TASKS: DATA / "tasks.yaml", SchemaName.AGENCIES: DATA / "agencies.yaml"}


def validator(name: SchemaName) -> Draft202012Validator:
    """A validator that checks formats too (``date``), as yaml-language-server does."""
    schema = json.loads((SCHEMA_DIR / name.file_name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def as_an_editor_reads(text: str) -> Any:
    """YAML as an editor sees it: YAML 1.2 has no date type, so dates stay text."""
    return parse_plain(DataText(Path("t.yaml"), text, False, "\n"))


@pytest.mark.parametrize("name", list(SchemaName))
def test_the_shipped_schema_is_current(name: SchemaName) -> None:
    shipped = (SCHEMA_DIR / name.file_name).read_text(encoding="utf-8")
    assert shipped == schema_text(name), (
        f"schema/{name.file_name} is out of date with the models: "
        f"run `hazchem schema {name.value} > schema/{name.file_name}`"
    )


@pytest.mark.parametrize("name", list(SchemaName))
def test_the_schema_is_valid_and_says_what_it_is(name: SchemaName) -> None:
    schema = json_schema(name)
    Draft202012Validator.check_schema(schema)
    assert list(schema)[:3] == ["$schema", "$id", "title"]
    assert schema["$schema"] == DIALECT and schema["$id"] == f"urn:hazchem:schema:{name.value}"
    definitions = [schema, *schema["$defs"].values()]
    undocumented = [
        key
        for definition in definitions
        for key, prop in definition.get("properties", {}).items()
        if "description" not in prop
    ]
    assert undocumented == [], "editors show descriptions on hover: give each field one"


@pytest.mark.parametrize("name", list(SchemaName))
def test_the_command_prints_the_schema(invoke: Invoke, name: SchemaName) -> None:
    result = invoke("schema", name.value)
    assert result.exit_code == 0
    assert result.stdout == schema_text(name)


def test_the_command_defaults_to_the_task_file(invoke: Invoke) -> None:
    assert invoke("schema").stdout == schema_text(SchemaName.TASKS)
    assert invoke("schema", "budgets").exit_code == 2


@pytest.mark.parametrize("name", list(SchemaName))
def test_each_shipped_data_file_names_its_schema_first_and_validates(name: SchemaName) -> None:
    path = DATA_FILES[name]
    text = path.read_text(encoding="utf-8")
    first_line = text.splitlines()[0]
    assert first_line == name.modeline
    target = (path.parent / first_line.split("$schema=", 1)[1]).resolve()
    assert target == (SCHEMA_DIR / name.file_name).resolve() and target.is_file()
    errors = list(validator(name).iter_errors(as_an_editor_reads(text)))
    assert errors == [], [error.message for error in errors]


def test_a_fresh_import_writes_the_modelines_first(tmp_path: Path) -> None:
    tasks, agencies = tmp_path / "tasks.yaml", tmp_path / "agencies.yaml"
    import_source(SOURCE, tasks, agencies, dt.date(2026, 11, 29))
    assert tasks.read_text(encoding="utf-8").splitlines()[0] == SchemaName.TASKS.modeline
    assert agencies.read_text(encoding="utf-8").splitlines()[0] == SchemaName.AGENCIES.modeline


TASK = """\
title: t
source: s.txt
issued_by: 省安委办
tasks:
  - id: 1
    measure: m
    task: t
    lead: [省安委办]
{extra}"""


@pytest.mark.parametrize(
    ("extra", "valid"),
    [
        ('    deadline: "2022年11月"\n', True),
        ("    deadline: 2022-11-30\n", True),  # unquoted: a date to YAML 1.1, text to 1.2
        ("    deadline: 持续推进\n    status: done\n    done_on: 2022-11-20\n", True),
        (
            "    deadline: 2022年11月\n    progress:\n      - {on: 2022-05-20, by: x, note: n}\n",
            True,
        ),
        (
            "    deadline: 2022年11月\n    extensions:\n      - {on: 2022-05-20, to: 2022-12-31, reason: r}\n",
            True,
        ),
        ("    deadline: 2022年11月\n    done_on: 2022-02-30\n", False),
        ("    deadline: 2022年11月\n    stauts: done\n", False),
        ("    deadline: 2022年11月\n    status: finished\n", False),
        ("    deadline: 2022年11月\n    progress:\n      - {on: 2022-05-20, by: x}\n", False),
        ("    deadline: 2022年11月\n    open_list: both\n", False),
        ("", False),
    ],
)
def test_schema_and_models_agree_on_task_files(extra: str, valid: bool) -> None:
    document = as_an_editor_reads(TASK.format(extra=extra))
    assert validator(SchemaName.TASKS).is_valid(document) is valid
    assert _model_accepts(TaskFile, document) is valid


@pytest.mark.parametrize(
    ("agency", "valid"),
    [
        ("{name: 省安委办, id: safety-office, kind: committee_office}", True),
        ("{name: 省安委办, id: safety-office, kind: group, members: [省应急管理厅]}", True),
        ("{name: 省安委办, id: Safety Office, kind: committee_office}", False),
        ("{name: 省安委办, id: safety-office, kind: ministry}", False),
        ("{name: 省安委办, kind: committee_office}", False),
    ],
)
def test_schema_and_models_agree_on_agency_files(agency: str, valid: bool) -> None:
    document = as_an_editor_reads(f"agencies:\n  - {agency}\n")
    assert validator(SchemaName.AGENCIES).is_valid(document) is valid
    assert _model_accepts(AgencyFile, document) is valid


def _model_accepts(model: type[TaskFile] | type[AgencyFile], document: Any) -> bool:
    try:
        model.model_validate(document)
    except ValidationError:
        return False
    return True
