"""Labels: short words with a key that also names a JSON field or a value (``red``, ``due``).

Data is never translated. The words themselves live in the message catalogues
(:mod:`hazchem_cli.i18n.catalogue`), keyed by these ids, in every language.
"""

from __future__ import annotations

from hazchem_cli.i18n.catalogue import catalogue
from hazchem_cli.i18n.language import LANG_ENV, Lang, detect_lang

__all__ = ["LANG_ENV", "Lang", "detect_lang", "word"]


def word(key: str, lang: Lang, **values: object) -> str:
    """The label for ``key`` in ``lang``; unknown keys are shown as themselves."""
    text = catalogue(lang).gettext(key)
    return text.format(**values) if values else text
