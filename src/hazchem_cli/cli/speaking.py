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

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **options: Any,
    ) -> Any:
        """Run in a context of its own: what a run sets for itself (its language, the names
        it shows units by, its footnotes) ends with it, even when many run in one process."""
        return contextvars.copy_context().run(
            self._main,
            args,
            prog_name,
            complete_var,
            standalone_mode,
            windows_expand_args,
            **options,
        )

    def _main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **options: Any,
    ) -> Any:
        from hazchem_cli.cli.usage_errors import show_usage_error

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


def localize(command: click.Command, lang: Lang, parent: click.Context | None = None) -> None:
    """Translate the help of ``command``, its parameters and subcommands, in place.

    An argument without a metavar is shown by its name (``ID``), which is not a message.
    The help option is made here, under the context settings the command will run with
    (``-h`` as well as ``--help``), so that its own help can be translated too.
    """
    command.context_class = SpeakingContext
    context = click.Context(
        command, info_name=command.name, parent=parent, **command.context_settings
    )
    english = _english(
        command,
        help=command.help,
        short_help=command.short_help or (first_sentence(command.help) if command.help else None),
        epilog=command.epilog,
        options_metavar=command.options_metavar,
    )
    command.help = _translated(english["help"], lang)
    command.short_help = _translated(english["short_help"], lang)
    command.epilog = _translated(english["epilog"], lang)
    command.options_metavar = _translated(english["options_metavar"], lang) or ""
    if not any(param.name == "lang" for param in command.params):
        command.params.append(_lang_option())
    help_option = command.get_help_option(context)
    for param in [*command.params, *([help_option] if help_option else [])]:
        named = isinstance(param, TyperOption) or param.metavar is not None
        shown = named and not _is_flag(param)
        words = _english(
            param,
            help=param.help if isinstance(param, TyperOption | TyperArgument) else None,
            metavar=param.make_metavar(context) if shown else None,
        )
        if isinstance(param, TyperOption | TyperArgument):
            param.help = _translated(words["help"], lang)
        if shown:
            param.metavar = _translated(words["metavar"], lang)
    if isinstance(command, TyperGroup):
        group = _english(command, subcommand_metavar=command.subcommand_metavar)
        command.subcommand_metavar = _translated(group["subcommand_metavar"], lang) or ""
        for subcommand in command.commands.values():
            localize(subcommand, lang, context)


def _english(thing: object, **texts: str | None) -> dict[str, str | None]:
    """The English texts of ``thing`` as first seen, kept on it: a command localized again
    (run twice in one process, in another language) starts from them, not from Chinese."""
    key = "_hazchem_english_" + "_".join(sorted(texts))
    kept: dict[str, str | None] = vars(thing).setdefault(key, texts)
    return kept


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


def _translated(text: str | None, lang: Lang) -> str | None:
    return None if text is None else translate(text, lang)


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
