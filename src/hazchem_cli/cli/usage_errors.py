"""Click's usage errors, said again in the user's language.

The click inside Typer 0.28 writes its errors in English and marks nothing for
translation. Each error is an exception with parts (the option, the value, the
possibilities), so the message is rebuilt here from those parts; the few messages that
exist only as finished English text are recognised by their fixed wording. A message
hazchem itself raised (from an option callback) is already in the user's language and
passes through unchanged.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

from typer import _click as click

from hazchem_cli.i18n.catalogue import _


def show_usage_error(error: click.exceptions.ClickException) -> None:
    """Print ``error`` as click would (usage line, hint, error), in the run's language."""
    if isinstance(error, click.exceptions.NoArgsIsHelpError):
        click.echo(error.format_message(), file=sys.stderr)
        return
    if isinstance(error, click.exceptions.UsageError) and error.ctx is not None:
        context = error.ctx
        hint = ""
        if context.command.get_help_option(context) is not None:
            hint = _(
                "Try '{command} {option}' for help.",
                command=context.command_path,
                option=context.help_option_names[0],
            )
        click.echo(f"{context.get_usage()}\n{hint}\n", file=sys.stderr)
    click.echo(_("Error: {message}", message=message_of(error)), file=sys.stderr)


def message_of(error: click.exceptions.ClickException) -> str:
    """The error's message in the run's language."""
    exceptions = click.exceptions
    if isinstance(error, exceptions.MissingParameter):
        return _missing(error)
    if isinstance(error, exceptions.NoSuchOption):
        if error.possibilities:
            return _(
                "No such option: {name}. Did you mean {options}?",
                name=error.option_name,
                options=" / ".join(sorted(error.possibilities)),
            )
        return _("No such option: {name}", name=error.option_name)
    if isinstance(error, exceptions.BadParameter):
        hint = _hint(error)
        if hint is None:
            return _("Invalid value: {message}", message=known(error.message))
        return _("Invalid value for {name}: {message}", name=hint, message=known(error.message))
    if isinstance(error, exceptions.FileError):
        return _(
            "Could not open file {name}: {reason}", name=error.ui_filename, reason=error.message
        )
    return known(error.message)


def _missing(error: click.exceptions.MissingParameter) -> str:
    name = _hint(error) or ""
    kind = error.param_type or (error.param.param_type_name if error.param else "")
    if kind == "argument":
        return _("Missing argument {name}: write it after the command.", name=name)
    if kind == "option":
        return _("Missing option {name}: this command needs it.", name=name)
    return _("Missing {name}.", name=name)


def _hint(error: click.exceptions.BadParameter) -> str | None:
    if error.param_hint is not None:
        hints = error.param_hint
        return hints if isinstance(hints, str) else " / ".join(repr(hint) for hint in hints)
    if error.param is not None and error.ctx is not None:
        return error.param.get_error_hint(error.ctx)
    return None


def known(message: str) -> str:
    """A message click wrote as finished English text, in the run's language."""
    for pattern, say in _KNOWN:
        match = pattern.fullmatch(message)
        if match is not None:
            return say(match.groupdict())
    return message


def _suggestion(parts: dict[str, str]) -> str:
    """Typer appends its suggestion to a message it may already have translated."""
    message = known(parts["message"]).rstrip("。.")
    return _("{message}. Did you mean {names}?", message=message, names=parts["names"])


_Say = Callable[[dict[str, str]], str]

#: Click's fixed wordings, as Typer 0.28's click writes them, and what to say instead.
_KNOWN: tuple[tuple[re.Pattern[str], _Say], ...] = (
    (re.compile(r"(?P<message>.*?)\.? Did you mean (?P<names>.+)\?", re.S), _suggestion),
    (
        re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)", re.S),
        lambda parts: _("Unexpected extra words: {args}. Put text with spaces in quotes.", **parts),
    ),
    (
        re.compile(r"Option '(?P<name>.+)' requires an argument\."),
        lambda parts: _("Option '{name}' needs a value after it.", **parts),
    ),
    (
        re.compile(r"Option '(?P<name>.+)' requires (?P<count>\d+) arguments\."),
        lambda parts: _("Option '{name}' needs {count} values after it.", **parts),
    ),
    (
        re.compile(r"Option '(?P<name>.+)' does not take a value\."),
        lambda parts: _("Option '{name}' takes no value: write it alone.", **parts),
    ),
    (
        re.compile(r"'(?P<value>.*)' is not a valid int(?:eger)?(?: range)?\.", re.S),
        lambda parts: _("'{value}' is not a whole number.", **parts),
    ),
    (
        re.compile(r"'(?P<value>.*)' is not a valid float(?: range)?\.", re.S),
        lambda parts: _("'{value}' is not a number.", **parts),
    ),
    (
        re.compile(r"(?P<value>.+) is not in the range (?P<range>.+)\.", re.S),
        lambda parts: _("{value} is outside the allowed range {range}.", **parts),
    ),
    (
        re.compile(r"'(?P<value>.*)' is not one of (?P<choices>.+)\.", re.S),
        lambda parts: _("'{value}' is not one of {choices}.", **parts),
    ),
)
