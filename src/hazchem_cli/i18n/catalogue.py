"""The message catalogues: gettext files holding every word hazchem prints, per language.

The sources are ``locale/<lang>/LC_MESSAGES/hazchem.po``, edited by translators and kept
in step with the code by ``tools/catalogue.py`` (Babel); the compiled ``.mo`` files beside
them are what runs, read by the standard library's ``gettext`` so a run never imports
Babel. Two kinds of message share the catalogues: prose, whose id is the English text
(``_("the file is empty")``), and labels, whose id is a key that also names a JSON field or
a value (``word("red", lang)``). Every id is in both languages; tests/test_catalogues.py
proves it.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from hazchem_cli.i18n.language import Lang, detect_lang

DOMAIN = "hazchem"
LOCALE_DIR = Path(__file__).with_name("locale")

#: The language of this run, chosen once by the command line (or the caller of the API).
_CURRENT: ContextVar[Lang | None] = ContextVar("hazchem_lang", default=None)


@cache
def catalogue(lang: Lang) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang``; ids missing from it are shown as themselves."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang.value], fallback=True)


def current_lang() -> Lang:
    """The language set for this run, else the one the environment asks for."""
    return _CURRENT.get() or detect_lang(os.environ)


@contextmanager
def speaking(lang: Lang) -> Iterator[None]:
    """Print every message in ``lang`` inside the block, and restore the previous choice after."""
    token = _CURRENT.set(lang)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def _(message: str, /, **values: object) -> str:
    """``message`` (English prose, the catalogue id) in the run's language, values filled in."""
    text = catalogue(current_lang()).gettext(message)
    return text.format(**values) if values else text


def translate(message: str, lang: Lang) -> str:
    """``message`` in ``lang``: for text whose values are filled in by someone else (click)."""
    return catalogue(lang).gettext(message)


def translate_plural(singular: str, plural: str, count: int, lang: Lang) -> str:
    """The form of a counted message that fits ``count`` in ``lang``."""
    return catalogue(lang).ngettext(singular, plural, count)
