"""``hazchem sheet export`` and ``hazchem sheet import``: the progress sheets units fill in.

The work is done in ``output.progress_sheet`` (writing) and ``edit.sheet_import``
(reading back); these functions read options and say what happened.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hazchem_cli.cli import common
from hazchem_cli.cli.common import (
    AgenciesOption,
    DataOption,
    NoCacheOption,
    data_paths,
    parse_cache,
    reports_errors,
)
from hazchem_cli.cli.completion import complete_agency
from hazchem_cli.cli.examples import example
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.i18n.labels import Lang

if TYPE_CHECKING:
    from hazchem_cli.store.locate import DataPaths

app = typer.Typer(
    name="sheet",
    help="Progress sheets (进展情况表): export one per unit as .xlsx or CSV, import them back.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

SheetLangOption = Annotated[
    Lang,
    typer.Option("--lang", help="Language of the sheet and of messages: zh or en."),
]


@app.command("export", epilog=example("sheet export"))
@reports_errors
def export_command(
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            metavar="<agency>",
            help="The unit whose sheet to write: full name, id, alias, or name without 省.",
            show_default=False,
            autocompletion=complete_agency,
        ),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="One sheet per unit that has tasks, into -o DIR.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="<file or folder>",
            help="The file to write (with --all: the folder). Default: the unit's name.xlsx here.",
            show_default=False,
        ),
    ] = None,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Write CSV (for units without Excel) instead of .xlsx.")
    ] = False,
    lang: SheetLangOption = Lang.ZH,
    data: DataOption = None,
    agencies: AgenciesOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Write a unit's tasks as a sheet to fill in and send back (locked task columns,
    unlocked progress columns, a status dropdown; A4 landscape). See docs/weekly-routine.md."""
    from hazchem_cli.errors import UsageError
    from hazchem_cli.i18n.labels import word
    from hazchem_cli.model.registry import resolve_agencies
    from hazchem_cli.output.progress_sheet import (
        SheetSource,
        sheet_file_name,
        sheet_units,
        write_csv,
        write_workbook,
    )
    from hazchem_cli.store.collection import load_collection
    from hazchem_cli.store.records import records_beside

    if every == (agency is not None):
        raise UsageError(_("give --agency UNIT for one sheet, or --all -o DIR for every unit's"))
    if every and output is None:
        raise UsageError(_("--all writes one file per unit: name their folder with -o DIR"))
    paths = data_paths(data, agencies)
    today = common.today()
    cache = parse_cache(no_cache)
    # Read from the record cache when these bytes were validated before, as a query is.
    collection = load_collection([paths], today, cache, records_beside(cache))
    registry = collection.registry
    task_file = collection.lists[0].dataset.task_file
    source = SheetSource(task_file, registry, _revision(paths), today, lang)
    suffix = (
        ".csv" if as_csv or (output is not None and output.suffix.lower() == ".csv") else ".xlsx"
    )
    write = write_csv if suffix == ".csv" else write_workbook
    if every:
        assert output is not None
        units = sheet_units(source)
        targets = [(unit, output / sheet_file_name(unit, suffix)) for unit in units]
    else:
        unit = resolve_agencies(registry, [agency or ""])[0]
        targets = [(unit, output or Path(sheet_file_name(unit, suffix)))]
    for unit, path in targets:
        count = write(path, source, unit)
        print(word("sheet_written", lang, path=path, count=count), file=sys.stderr)


def _revision(paths: DataPaths) -> str:
    """The commit the export is made from, marked ``+uncommitted`` when the task file
    differs from it; empty when the list is not in git."""
    from hazchem_cli.review.git import GitError, Repository

    try:
        repository = Repository.containing(paths.tasks)
        head = repository.resolve("HEAD")
        committed = repository.read(head, repository.relative(paths.tasks))
        current = paths.tasks.read_bytes()
    except (GitError, OSError):
        return ""
    return head.commit if committed == current else f"{head.commit}+uncommitted"


@app.command("import", epilog=example("sheet import"))
@reports_errors
def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...", help="Returned sheets (.xlsx or .csv).", show_default=False
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change; write nothing.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Write nothing if any row is refused.")
    ] = False,
    lang: SheetLangOption = Lang.ZH,
    data: DataOption = None,
    agencies: AgenciesOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Read returned sheets into the task list: progress notes (by the unit, on the date
    reported), status changes, completion dates. Bad rows are refused with their cell;
    the rest go in (all or nothing with --strict). Exit 1 when any row was refused."""
    from hazchem_cli.edit.sheet_import import ImportContext, import_sheets
    from hazchem_cli.errors import UsageError
    from hazchem_cli.i18n.labels import word
    from hazchem_cli.store.load import load_dataset

    for file in files:
        if not file.is_file():
            raise UsageError(_("{path}: file not found; check the name and folder", path=file))
    paths = data_paths(data, agencies)
    today = common.today()
    dataset = load_dataset(paths, today, parse_cache(no_cache))
    context = ImportContext(paths, dataset.task_file, dataset.registry, today, lang)
    outcome = import_sheets(files, context, dry_run=dry_run, strict=strict)
    for change in outcome.changes:
        typer.echo(str(change))
    for refusal in outcome.refusals:
        print(refusal, file=sys.stderr)
    count = len(outcome.changes)
    if outcome.written:
        print(word("sheet_imported", lang, count=count, path=paths.tasks), file=sys.stderr)
    elif dry_run and count:
        print(word("sheet_dry_run", lang, count=count), file=sys.stderr)
    elif not count and not outcome.refusals:
        print(word("sheet_nothing", lang), file=sys.stderr)
    if outcome.refusals:
        key = "sheet_refused_dry" if dry_run else "sheet_strict" if strict else "sheet_refused"
        print(word(key, lang, count=len(outcome.refusals)), file=sys.stderr)
        raise typer.Exit(1)
