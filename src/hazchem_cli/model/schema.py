"""JSON Schemas of the two data files, generated from the pydantic models.

The schemas let an editor (VS Code or any other with yaml-language-server) complete keys
and flag mistakes while a person types, before ``hazchem check`` runs. They are generated
from the models, never written by hand, so they cannot drift from what hazchem accepts;
the repository ships them under ``schema/`` and a test proves the shipped copies current.

YAML read by an editor has no date type (YAML 1.2), so dates such as ``done_on`` are
strings in the ``date`` format, and a deadline is a string whether or not it is quoted.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import Any

#: The JSON Schema dialect pydantic generates.
DIALECT = "https://json-schema.org/draft/2020-12/schema"


class SchemaName(str, Enum):
    """Which data file a schema describes."""

    TASKS = "tasks"
    AGENCIES = "agencies"

    @property
    def file_name(self) -> str:
        """The shipped schema's file name, under ``schema/`` in the repository."""
        return f"{self.value}.schema.json"

    @property
    def modeline(self) -> str:
        """The first line of a data file in ``data/``, pointing editors at its schema."""
        return f"# yaml-language-server: $schema=../schema/{self.file_name}"


_TITLES = {
    SchemaName.TASKS: "hazchem task list (tasks.yaml)",
    SchemaName.AGENCIES: "hazchem agency registry (agencies.yaml)",
}


def json_schema(name: SchemaName) -> dict[str, Any]:
    """The schema as a JSON object, with ``$schema``, ``$id`` and ``title`` first."""
    from hazchem_cli.model.documents import AgencyFile, TaskFile

    model = TaskFile if name is SchemaName.TASKS else AgencyFile
    generated = model.model_json_schema()
    generated.pop("title", None)
    return {
        "$schema": DIALECT,
        # A URN: absolute, as $id should be, without promising a web address.
        "$id": f"urn:hazchem:schema:{name.value}",
        "title": _TITLES[name],
        **generated,
    }


def schema_text(name: SchemaName) -> str:
    """The schema as the shipped file holds it: indented, Chinese unescaped, final newline."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"
