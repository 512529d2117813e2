"""Which language a run speaks: ``--lang``, else ``HAZCHEM_LANG``, else the locale, else Chinese."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum


class Lang(str, Enum):
    ZH = "zh"
    EN = "en"


_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
#: Chooses the language for every run, over the locale (``--lang`` still wins).
LANG_ENV = "HAZCHEM_LANG"


def detect_lang(environ: Mapping[str, str]) -> Lang:
    """The language when no ``--lang`` is given: ``HAZCHEM_LANG``, else the locale, else Chinese.

    ``zh…`` means Chinese and ``en…`` English, in ``HAZCHEM_LANG`` and in the locale
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first one set). Chinese is the default: the
    users read Chinese, and a Windows console or a bare server sets no locale at all (or
    ``C``/``POSIX``, which says nothing about the reader).
    """
    chosen = _lang_of(environ.get(LANG_ENV, ""))
    if chosen is not None:
        return chosen
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return _lang_of(value) or Lang.ZH
    return Lang.ZH


def _lang_of(value: str) -> Lang | None:
    folded = value.strip().lower()
    if folded.startswith("zh"):
        return Lang.ZH
    if folded.startswith("en"):
        return Lang.EN
    return None


def lang_in_args(args: list[str] | tuple[str, ...]) -> Lang | None:
    """The ``--lang`` a command line gives, found before it is parsed.

    Help and usage errors are printed while the command line is being parsed, so the
    language must be known first. Only ``zh`` or ``en`` (in any case) counts, and the
    last one given wins, as it does when the command line is parsed; anything after
    ``--`` is an argument, not an option.
    """
    found = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value is not None and value.strip().lower() in ("zh", "en"):
            found = _lang_of(value)
    return found
