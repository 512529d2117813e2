"""Dynamic shell completion of agency names and task ids.

The whole program runs on every TAB, so these read only what they need (the agencies
or task file, from the parse cache when it has them), import neither pydantic models
nor rich, and never print: a broken or missing file simply completes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

_MAX_HELP = 40


def complete_agency(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Every accepted name of an agency that starts with the text typed, with its full name.

    Shells complete by prefix, so the name without the leading 省 is offered too:
    typing 应急 finds 应急管理厅 as well as the alias 应急厅.
    """
    try:
        document = _plain_document(_data_paths(ctx)[1])
    except Exception:  # completion must never print a traceback into the shell
        return []
    agencies = document.get("agencies", []) if isinstance(document, dict) else []
    typed = incomplete.casefold()
    answers: dict[str, str] = {}
    for agency in agencies if isinstance(agencies, list) else []:
        if not isinstance(agency, dict) or not isinstance(agency.get("name"), str):
            continue
        name = agency["name"]
        short = name.removeprefix("省") if len(name) > 2 else name
        for candidate in (
            str(agency.get("id", "")),
            name,
            short,
            *map(str, agency.get("aliases") or []),
        ):
            if candidate and candidate.casefold().startswith(typed):
                answers.setdefault(
                    candidate, name if candidate != name else str(agency.get("id", ""))
                )
    return sorted(answers.items())


def complete_task_id(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Task ids that start with the digits typed, each with the start of its text."""
    try:
        document = _plain_document(_data_paths(ctx)[0])
    except Exception:  # completion must never print a traceback into the shell
        return []
    tasks = document.get("tasks", []) if isinstance(document, dict) else []
    answers = []
    for task in tasks if isinstance(tasks, list) else []:
        if isinstance(task, dict) and str(task.get("id", "")).startswith(incomplete):
            text = str(task.get("task", ""))
            answers.append(
                (str(task["id"]), text[:_MAX_HELP] + ("…" if len(text) > _MAX_HELP else ""))
            )
    return answers


def _data_paths(ctx: typer.Context) -> tuple[Path, Path]:
    """The task and agencies files the command line being completed points at."""
    from hazchem_cli.store.locate import find_data

    data = ctx.params.get("data")
    if isinstance(data, list | tuple):
        data = data[0] if data else None
    agencies = ctx.params.get("agencies_file") or ctx.params.get("agencies")
    paths = find_data(Path(data) if data else None, Path(agencies) if agencies else None)
    return paths.tasks, paths.agencies


def _plain_document(path: Path) -> Any:
    from hazchem_cli.store.cache import ParseCache, default_cache
    from hazchem_cli.store.yaml_read import parse_plain, read_data_text

    data = read_data_text(path)
    cache = default_cache()
    cached = cache.get(ParseCache.key(data.text)) if cache is not None else None
    return cached if cached is not None else parse_plain(data)
