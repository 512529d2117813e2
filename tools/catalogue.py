"""Keep the message catalogues in step with the code: ``extract``, ``compile``, ``check``.

    python tools/catalogue.py extract   # new ids from the code into every .po file
    python tools/catalogue.py compile   # .po -> .mo (what hazchem reads at run time)
    python tools/catalogue.py check     # exit 1 when a message lacks a language

Messages are found by Babel in ``src/hazchem_cli``: prose in ``_("...")``, whose id is
the English text, and labels in ``word("key", ...)``. A new prose id gets itself as its
English text; everything else new waits, empty, for a translator. Ids the code no longer
names literally are kept: labels are also looked up by computed keys (``word(status)``).
To add a language: copy ``en/LC_MESSAGES/hazchem.po`` to ``<lang>/LC_MESSAGES/``,
translate every ``msgstr``, run ``compile``, and add the language to
``hazchem_cli.i18n.language.Lang``.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "hazchem_cli"
LOCALE_DIR = SOURCE / "i18n" / "locale"
#: The language whose prose ids are their own text.
SOURCE_LANG = "en"
_PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_]*)[^{}]*\}(?!\})")


def po_paths() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/hazchem.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=path.parts[-3])


def write(path: Path, catalogue: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=0, no_location=True, omit_header=False, sort_output=True)
    path.write_bytes(buffer.getvalue())


def extracted() -> Iterator[tuple[str, str, str]]:
    """(id, keyword, where) for every literal message in the code: ``_`` prose, ``word`` labels."""
    for keyword in ("_", "word"):
        # Labels are also looked up by computed keys (word(f"csv:{key}")): Babel's warning
        # about those is noise; for prose it means a message that cannot be translated.
        quiet = contextlib.redirect_stderr(io.StringIO()) if keyword == "word" else nullcontext()
        with quiet:
            found = list(
                extract_from_dir(
                    SOURCE,
                    method_map=[("**.py", "python")],
                    keywords={keyword: None},
                    comment_tags=(),
                )
            )
        for filename, lineno, message, _comments, _context in found:
            if isinstance(message, str) and message:
                yield message, keyword, f"{filename}:{lineno}"


def from_commands() -> Iterator[tuple[str, str, str]]:
    """Help the user reads: the texts the command line translates (cli/speaking.py)."""
    import typer.main

    from hazchem_cli.cli.app import app
    from hazchem_cli.cli.speaking import english_texts

    for _thing, attribute, text in english_texts(typer.main.get_command(app)):
        yield text, "_", f"help: {attribute}"


def from_click() -> Iterator[tuple[str | tuple[str, str], str, str]]:
    """Click's and Typer's own words (usage, errors) that hazchem's users see."""
    import importlib

    from hazchem_cli.cli.speaking import GETTEXT_MODULES

    for name in GETTEXT_MODULES:
        module = importlib.import_module(name)
        path = Path(module.__file__ or "")
        with path.open("rb") as handle:
            for lineno, _function, message, _comments in extract_python(
                handle, keywords={"_": None, "ngettext": (1, 2)}, comment_tags=(), options={}
            ):
                if isinstance(message, str) and message:
                    yield message, "_", f"{name}:{lineno}"
                elif isinstance(message, tuple) and all(isinstance(m, str) for m in message):
                    yield (message[0], message[1]), "_", f"{name}:{lineno}"


def missing(catalogue: Catalog) -> list[str]:
    def untranslated(string: object) -> bool:
        return not all(string) if isinstance(string, tuple | list) else not string

    return [str(m.id) for m in catalogue if m.id and (untranslated(m.string) or m.fuzzy)]


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def everything() -> list[tuple[str | tuple[str, str], str, str]]:
    return [*extracted(), *from_commands(), *from_click()]


def extract() -> None:
    found = everything()
    ids = {message for message, _keyword, _where in found}
    catalogues = {path: read(path) for path in po_paths()}
    waiting = [set(missing(c)) for path, c in catalogues.items() if path.parts[-3] != SOURCE_LANG]
    # An id no code names and no translator has touched is a leftover: dropped.
    leftovers = {m for m in set.intersection(*waiting) if m not in ids} if waiting else set()
    for path, catalogue in catalogues.items():
        for leftover in leftovers:
            catalogue.delete(leftover)
        for message, keyword, _where in found:
            if message not in catalogue:
                own = keyword == "_" and catalogue.locale_identifier == SOURCE_LANG
                empty = ("",) * catalogue.num_plurals if isinstance(message, tuple) else ""
                catalogue.add(message, message if own else empty)
        write(path, catalogue)
        print(f"{path.relative_to(ROOT)}: {len(missing(catalogue))} to translate")


def compile_all() -> None:
    for path in po_paths():
        buffer = io.BytesIO()
        write_mo(buffer, read(path))
        path.with_suffix(".mo").write_bytes(buffer.getvalue())


def check() -> int:
    """Exit status 1 when a message lacks a translation or a translation lost a placeholder."""
    problems = 0
    for path in po_paths():
        catalogue = read(path)
        for message in missing(catalogue):
            print(f"{path.relative_to(ROOT)}: no translation for {message!r}")
            problems += 1
        for entry in catalogue:
            english = entry.id if isinstance(entry.id, str) and " " in entry.id else None
            if (
                english
                and entry.string
                and placeholders(str(entry.string)) != placeholders(english)
            ):
                print(f"{path.relative_to(ROOT)}: placeholders differ in {entry.id!r}")
                problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "extract":
        extract()
    elif command == "compile":
        compile_all()
    elif command == "check":
        sys.exit(check())
    else:
        print(__doc__)
        sys.exit(2)
