"""The command line in the user's language: help, usage lines and click's own errors.

Help is written in English in the code (docstrings, ``help=``) and that text is the
catalogue id; it is translated here, on the click objects Typer builds, just before they
parse, because help and usage errors appear while the command line is being parsed. Click
and Typer mark their own words (``Usage:``, ``Missing option``) for gettext; their
modules' ``_``/``ngettext`` are pointed at hazchem's catalogue for the run and restored
after, so tests that run many commands in one process each get their own language.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

from typer import _click as click
from typer.core import TyperArgument, TyperGroup, TyperOption

from hazchem_cli.i18n.catalogue import speaking, translate, translate_plural
from hazchem_cli.i18n.language import Lang, detect_lang, lang_in_args

#: Typer marks its own words (``Options``, ``default: …``) for gettext; the click it
#: carries inside (``typer._click``, Typer 0.28) marks none, see ``usage_errors``.
GETTEXT_MODULES = ("typer.core",)


class SpeakingGroup(TyperGroup):
    """Typer's group, speaking the language the command line or the environment asks for."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        lang = lang_in_args(arguments) or detect_lang(os.environ)
        localize(self, lang)
        with speaking(lang), click_speaks(lang):
            return super().main(arguments, *rest, **options)


def localize(command: click.Command, lang: Lang) -> None:
    """Translate the help of ``command``, its parameters and subcommands, in place."""
    context = click.Context(command, info_name=command.name)
    command.help = _translated(command.help, lang)
    command.short_help = _translated(command.short_help, lang)
    command.epilog = _translated(command.epilog, lang)
    for param in command.params:
        if isinstance(param, TyperOption):
            param.help = _translated(param.help, lang)
        if isinstance(param, TyperOption | TyperArgument) and not _is_flag(param):
            param.metavar = translate(param.make_metavar(context), lang)
    if isinstance(command, TyperGroup):
        for subcommand in command.commands.values():
            localize(subcommand, lang)


def _is_flag(param: click.Parameter) -> bool:
    return isinstance(param, TyperOption) and (param.is_flag or param.count)


def _translated(text: str | None, lang: Lang) -> str | None:
    return None if text is None else translate(text, lang)


@contextmanager
def click_speaks(lang: Lang) -> Iterator[None]:
    """Point click's and Typer's gettext at hazchem's catalogue in ``lang`` for the block."""

    def gettext(message: str) -> str:
        return translate(message, lang)

    def ngettext(singular: str, plural: str, count: int) -> str:
        return translate_plural(singular, plural, count, lang)

    with ExitStack() as stack:
        for name in GETTEXT_MODULES:
            module = sys.modules.get(name)
            if module is None:
                continue
            for attribute, replacement in (("_", gettext), ("ngettext", ngettext)):
                if hasattr(module, attribute):
                    stack.callback(setattr, module, attribute, getattr(module, attribute))
                    setattr(module, attribute, replacement)
        yield
