"""The command line in the user's language: help, usage lines and usage errors.

Help is written in English in the code (docstrings, ``help=``, ``metavar=``) and that text
is the catalogue id; it is translated here, on the click objects Typer builds, just
before they parse, because help and usage errors appear while the command line is being
parsed. Typer marks a few words of its own for gettext (``Options``, ``default: …``); its
module's ``_`` is pointed at hazchem's catalogue for the run and restored after, so tests
that run many commands in one process each get their own language. The click that Typer
0.28 carries inside (``typer._click``) marks nothing: its usage errors are rebuilt from
the exception's parts by :mod:`hazchem_cli.cli.usage_errors`.
"""

from __future__ import annotations

import contextvars
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

import typer
from typer import _click as click
from typer._types import TyperChoice
from typer.core import TyperArgument, TyperGroup, TyperOption

from hazchem_cli.cli.common import LANG_HELP
from hazchem_cli.cli.help_format import WideHelpFormatter, first_sentence
from hazchem_cli.i18n.catalogue import speaking, translate
from hazchem_cli.i18n.language import Lang, detect_lang, lang_in_args

#: Modules of Typer whose words are marked for gettext.
GETTEXT_MODULES = ("typer.core",)


class SpeakingContext(click.Context):
    """A context whose help is laid out by display width, so Chinese lines up."""

    formatter_class = WideHelpFormatter


class SpeakingGroup(TyperGroup):
    """Typer's group, speaking the language the command line or the environment asks for.

    Errors of the command line are printed here rather than by click, in the user's
    language, with the usage line and the hint to ``-h``; the exit codes stay click's
    (2 for a wrong command line).
    """

    def main(self, *args: Any, **options: Any) -> Any:
        """Run in a context of its own: what a run sets for itself (its language, the names
        it shows units by, its footnotes) ends with it, even when many run in one process."""
        return contextvars.copy_context().run(self._main, *args, **options)

    def _main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **options: Any,
    ) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        lang = lang_in_args(arguments) or detect_lang(os.environ)
        localize(self, lang)
        with speaking(lang), typer_speaks(lang):
            try:
                result = super().main(
                    arguments,
                    prog_name,
                    complete_var,
                    standalone_mode=False,
                    windows_expand_args=windows_expand_args,
                    **options,
                )
            except click.exceptions.ClickException as error:
                if not standalone_mode:
                    raise
                from hazchem_cli.cli.usage_errors import show_usage_error  # a wrong line only

                show_usage_error(error)
                sys.exit(error.exit_code)
            except typer.Abort:
                if not standalone_mode:
                    raise
                click.echo(translate("Aborted!", lang), file=sys.stderr)
                sys.exit(1)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


def localize(command: click.Command, lang: Lang) -> None:
    """Translate every text of ``command``, its parameters and subcommands, in place.

    A command's line in a list of commands is the first sentence of its help in the
    reader's language (click would cut Chinese, which has no spaces, to ``...``).
    """
    for thing, attribute, english in english_texts(command):
        setattr(thing, attribute, translate(english, lang))
        derived = not vars(thing)[_KEPT].get("short_help")
        if attribute == "help" and isinstance(thing, click.Command) and derived:
            thing.short_help = first_sentence(thing.help or "")


def english_texts(
    command: click.Command, parent: click.Context | None = None
) -> Iterator[tuple[object, str, str]]:
    """Every text of ``command`` and below it a user reads, as written in English:
    (the object, its attribute, the text). ``tools/catalogue.py`` lists the same.

    The objects are readied on the way so that what is listed is what is shown: the
    wide-text formatter, ``--lang`` where a command lacks it, and the help option, made
    under the context settings the command runs with (``-h`` as well as ``--help``). An
    argument without a metavar is shown by its name (``ID``), which is not a message.
    """
    command.context_class = SpeakingContext
    context = click.Context(
        command, info_name=command.name, parent=parent, **command.context_settings
    )
    if not any(param.name == "lang" for param in command.params):
        command.params.append(_lang_option())
    help_option = command.get_help_option(context)
    yield from _kept(
        command,
        help=command.help,
        short_help=command.short_help,
        epilog=command.epilog,
        options_metavar=command.options_metavar,
        subcommand_metavar=getattr(command, "subcommand_metavar", None),
    )
    for param in [*command.params, *([help_option] if help_option else [])]:
        named = isinstance(param, TyperOption) or param.metavar is not None
        yield from _kept(
            param,
            help=param.help if isinstance(param, TyperOption | TyperArgument) else None,
            metavar=param.make_metavar(context) if named and not _is_flag(param) else None,
        )
    if isinstance(command, TyperGroup):
        for subcommand in command.commands.values():
            yield from english_texts(subcommand, context)


#: Where an object keeps its English texts (see ``_kept``).
_KEPT = "_hazchem_english"


def _kept(thing: object, **texts: str | None) -> Iterator[tuple[object, str, str]]:
    """The English texts of ``thing`` as first seen, kept on it: a command localized again
    (run twice in one process, in another language) starts from them, not from Chinese."""
    kept: dict[str, str | None] = vars(thing).setdefault(_KEPT, texts)
    for attribute, english in kept.items():
        if english:
            yield thing, attribute, english


def _lang_option() -> TyperOption:
    """``--lang`` for a command whose words all come from the run's language.

    The language is chosen before parsing (:class:`SpeakingGroup`); the option is here so
    that ``hazchem note … --lang en`` is accepted like ``hazchem overdue … --lang en``.
    """
    return TyperOption(
        param_decls=["--lang"],
        type=TyperChoice([lang.value for lang in Lang], case_sensitive=False),
        expose_value=False,
        help=LANG_HELP,
    )


def _is_flag(param: click.Parameter) -> bool:
    return isinstance(param, TyperOption) and bool(param.is_flag or param.count)


@contextmanager
def typer_speaks(lang: Lang) -> Iterator[None]:
    """Point Typer's gettext at hazchem's catalogue in ``lang`` for the block."""

    def gettext(message: str) -> str:
        return translate(message, lang)

    with ExitStack() as stack:
        for name in GETTEXT_MODULES:
            module = sys.modules.get(name)
            namespace = vars(module) if module is not None else {}
            if "_" in namespace:
                stack.callback(namespace.__setitem__, "_", namespace["_"])
                namespace["_"] = gettext
        yield
