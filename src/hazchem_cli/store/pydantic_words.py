"""Our own sentences for what pydantic finds wrong, chosen by the kind of error.

pydantic words its errors for programmers, in English (``Input should be a valid
integer``, ``Field required``); the people who edit the task list read Chinese and
mostly do not program. Each error is therefore told by its *type* (``missing``,
``enum``, ``int_parsing`` …) in a sentence from the catalogues that names the key and
says what to write there. pydantic's own text is never shown: an error of a kind not
listed here still gets a sentence of ours.
"""

from __future__ import annotations

import difflib
import re
from enum import Enum
from typing import Any

from pydantic import BaseModel

from hazchem_cli.i18n.catalogue import _, current_lang
from hazchem_cli.i18n.labels import word

Loc = tuple[str | int, ...]
_QUOTED = re.compile(r"'([^']*)'")
_SHOWN = 40
#: The error types that say a value is not a day.
_DATE_KINDS = frozenset(
    {
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "date_future",
        "date_past",
    }
)
_NUMBER_KINDS = frozenset({"int_parsing", "int_type", "int_from_float", "int_parsing_size"})
_MAPPING_KINDS = frozenset({"model_type", "model_attributes_type", "dict_type"})


def explain(model_type: type[BaseModel], error: Any) -> tuple[Loc, str, bool]:
    """Where the error points, what to tell the user, and whether to point at the key.

    ``error`` is one item of ``ValidationError.errors()``.
    """
    loc: Loc = tuple(error["loc"])
    kind = str(error["type"])
    ctx = error.get("ctx") or {}
    value = error.get("input")
    key = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
    if kind == "extra_forbidden":
        return loc, _unknown_key(str(loc[-1]), _fields_at(model_type, loc[:-1])), True
    if kind == "missing":
        return loc[:-1], _missing(str(loc[-1]), model_type, loc), False
    if kind == "value_error":
        # Our validators raise ValueError with a sentence already in the user's language.
        return loc, str(ctx.get("error", "")) or _fallback(key, value), False
    if value is None:
        return loc, _empty(key, model_type, loc), False
    return loc, _wrong_value(kind, key, value, ctx, model_type, loc), False


def _wrong_value(
    kind: str, key: str, value: object, ctx: dict[str, Any], model_type: type[BaseModel], loc: Loc
) -> str:
    shown = _shown(value)
    if kind in ("enum", "literal_error"):
        return _(
            "{key}: '{value}' is not one of the words allowed here; write one of: {choices}",
            key=key,
            value=shown,
            choices=_choices(str(ctx.get("expected", ""))),
        )
    if kind in _NUMBER_KINDS:
        return _("{key} must be a whole number such as 12; found '{value}'", key=key, value=shown)
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt", ""))
        return _("{key} must be {limit} or more; found {value}", key=key, limit=limit, value=shown)
    if kind in _DATE_KINDS:
        return _(
            "{key}: '{value}' is not a date; write it as 2022-07-21 (2022/7/21, 2022.7.21 "
            "and 2022年7月21日 are read too)",
            key=key,
            value=shown,
        )
    if kind in ("string_too_short", "too_short"):
        return _empty(key, model_type, loc)
    if kind in ("string_too_long", "too_long"):
        return _(
            "{key} is too long: write at most {limit} characters",
            key=key,
            limit=ctx.get("max_length", ""),
        )
    if kind == "string_type" and isinstance(value, (list, dict)):
        return _(
            "{key} must be text, not {value}: write the text after {key}: on the same line, "
            "in double quotes",
            key=key,
            value=shown,
        )
    if kind == "string_type":
        return _(
            "{key} must be text; found {value}: put the text in double quotes, "
            'e.g. {key}: "{value}"',
            key=key,
            value=shown,
        )
    if kind == "list_type":
        return _(
            '{key} must be a list: write each entry on its own line below {key}:, starting with "- "',
            key=key,
        )
    if kind in _MAPPING_KINDS:
        return _(
            "each entry of {key} must be keys with values (key: value, one per line); "
            "found '{value}'",
            key=key,
            value=shown,
        )
    if kind == "string_pattern_mismatch":
        return _pattern(key, shown, loc)
    return _fallback(key, value)


def _unknown_key(key: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return _(
            "unknown key '{key}'; did you mean {suggestion}? Correct the spelling, or remove "
            "the line",
            key=key,
            suggestion=close[0],
        )
    return _(
        "unknown key '{key}'; the keys allowed here are {allowed}: correct the spelling, or "
        "remove the line",
        key=key,
        allowed=_(", ").join(allowed),
    )


def _missing(key: str, model_type: type[BaseModel], loc: Loc) -> str:
    return _(
        "missing required key '{key}': add a line \"{key}: …\" here, with {what}",
        key=key,
        what=_what_to_write(key, model_type, loc),
    )


def _empty(key: str, model_type: type[BaseModel], loc: Loc) -> str:
    if loc and isinstance(loc[-1], int):
        return _('an entry of {key} is empty: write it after the "- ", or remove the line', key=key)
    return _(
        "{key} is empty; after {key}: write {what}",
        key=key,
        what=_what_to_write(key, model_type, loc),
    )


def _pattern(key: str, shown: str, loc: Loc) -> str:
    if key == "id" and loc[:1] == ("agencies",):
        suggestion = re.sub(r"[^a-z0-9]+", "-", shown.lower()).strip("-")
        if suggestion and suggestion[0].isalpha():
            return _(
                "id '{value}' must be lowercase ASCII letters, digits and hyphens, "
                "e.g. {suggestion}",
                value=shown,
                suggestion=suggestion,
            )
        return _(
            "id '{value}' must be lowercase ASCII letters, digits and hyphens, starting "
            "with a letter, e.g. emergency",
            value=shown,
        )
    if key in ("sha256", "fingerprint"):
        return _(
            "{key} '{value}' is not a SHA-256 (64 digits and letters a-f); hazchem writes it: "
            "do not type it by hand, run hazchem review or hazchem evidence add again",
            key=key,
            value=shown,
        )
    if key == "path":
        return _(
            "evidence path '{value}' must be relative to the repository, with / between "
            "folders, e.g. evidence/12/方案.pdf",
            value=shown,
        )
    if key == "url":
        return _(
            "'{value}' is not a link: write an address starting with http:// or https://",
            value=shown,
        )
    return _fallback(key, shown)


def _fallback(key: str, value: object) -> str:
    return _(
        "{key}: '{value}' is not accepted here; docs/data-format.md says what to write",
        key=key,
        value=_shown(value),
    )


def _what_to_write(key: str, model_type: type[BaseModel], loc: Loc) -> str:
    """What a value of ``key`` looks like, for the advice of a missing or empty key."""
    choices = _enum_choices(model_type, loc)
    if choices:
        return _("one of: {choices}", choices=choices)
    if key in ("on", "done_on"):
        return _("a date such as 2022-07-21")
    if key in ("deadline", "to"):
        return _("a deadline such as 2022年11月, 2022-11-30 or 持续推进")
    if key in ("by", "approved_by", "office"):
        return _("the full name of an agency from agencies.yaml")
    if key in ("lead", "responsible", "members"):
        return _('full agency names from agencies.yaml, each on its own line starting with "- "')
    if key == "id":
        if loc[:1] == ("agencies",):
            return _("a short id of lowercase letters, digits and hyphens, e.g. emergency")
        return _("the task number, e.g. 12")
    if key in ("tasks", "agencies", "extensions", "evidence", "signoffs", "progress"):
        return _('the entries, each starting on its own line with "- "')
    if key in ("fingerprint", "sha256"):
        return _("the SHA-256 hazchem writes (run hazchem review or hazchem evidence add)")
    return _("its text")


def _enum_choices(model_type: type[BaseModel], loc: Loc) -> str:
    """The words a key whose value is an enumeration allows, or nothing."""
    annotation = _annotation_at(model_type, loc)
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return _with_labels([str(member.value) for member in candidate])
    return ""


def _choices(expected: str) -> str:
    """pydantic's list of allowed values (``'a', 'b' or 'c'``) as ours, with labels."""
    return _with_labels(_QUOTED.findall(expected)) or expected


def _with_labels(values: list[str]) -> str:
    """``done (已完成)``: each value as the file writes it, and how the tables show it."""
    lang = current_lang()
    shown = []
    for value in values:
        label = word(value, lang)
        said = label.casefold().replace(" ", "_").replace("-", "_") == value.casefold()
        shown.append(value if said else _("{value} ({label})", value=value, label=label))
    return _(", ").join(shown)


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return _("keys with values")
    if isinstance(value, list):
        return _("a list")
    text = str(value).replace("\n", " ")
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _annotation_at(model_type: type[BaseModel], loc: Loc) -> Any:
    """The type annotation of the key ``loc`` leads to, or None."""
    current: Any = model_type
    annotation: Any = None
    for part in loc:
        if isinstance(part, int):
            continue
        if not _is_model(current) or part not in current.model_fields:
            return None
        annotation = current.model_fields[part].annotation
        current = _model_inside(annotation)
    return annotation


def _fields_at(model_type: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed in the mapping at ``loc``: for suggesting the nearest one."""
    current: Any = model_type
    for part in loc:
        if isinstance(part, int):
            continue
        if not _is_model(current) or part not in current.model_fields:
            return []
        current = _model_inside(current.model_fields[part].annotation)
    return list(current.model_fields) if _is_model(current) else []


def _model_inside(annotation: Any) -> Any:
    """The model a field holds, directly, in a list, or optionally; else the annotation."""
    return next((arg for arg in getattr(annotation, "__args__", ()) if _is_model(arg)), annotation)


def _is_model(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)
