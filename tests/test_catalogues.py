"""Every message hazchem prints exists in Chinese and English (issue 12).

The catalogues are the .po files under src/hazchem_cli/i18n/locale; the .mo files beside
them are what runs. The messages are found where they are made: ``_()`` and ``word()``
in the code (Babel's extractor), the help of every command and option (the click tree
Typer builds), and Typer's own words.
"""

from __future__ import annotations

import ast
import gettext
import importlib.util
import io
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.mofile import write_mo

from hazchem_cli.i18n.language import Lang

ROOT = Path(__file__).resolve().parents[1]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogue_tool", ROOT / "tools" / "catalogue.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = _tool()
PO_FILES = TOOL.po_paths()


def test_there_is_a_catalogue_per_language() -> None:
    assert sorted(path.parts[-3] for path in PO_FILES) == sorted(lang.value for lang in Lang)
    assert all(path.with_suffix(".mo").is_file() for path in PO_FILES)


@pytest.mark.parametrize("path", PO_FILES, ids=lambda path: path.parts[-3])
def test_every_message_is_translated(path: Path) -> None:
    assert TOOL.missing(TOOL.read(path)) == []


def test_both_languages_hold_the_same_messages() -> None:
    ids = [{message.id for message in TOOL.read(path) if message.id} for path in PO_FILES]
    assert ids[0] == ids[1]


def test_every_message_the_code_makes_is_in_every_catalogue() -> None:
    catalogues = [TOOL.read(path) for path in PO_FILES]
    absent = [
        (where, message)
        for message, _keyword, where in TOOL.everything()
        for catalogue in catalogues
        if catalogue.get(message) is None
    ]
    assert absent == []


@pytest.mark.parametrize("path", PO_FILES, ids=lambda path: path.parts[-3])
def test_translations_keep_every_placeholder(path: Path) -> None:
    """A translation that drops ``{name}`` would print less; one that adds one would crash."""
    wrong = []
    for message in TOOL.read(path):
        if not message.id or not message.string or isinstance(message.id, tuple):
            continue
        english = message.id if " " in message.id else None
        if english and TOOL.placeholders(str(message.string)) != TOOL.placeholders(english):
            wrong.append(message.id)
    assert wrong == []


def test_labels_keep_their_placeholders_across_languages() -> None:
    zh, en = (
        TOOL.read(TOOL.LOCALE_DIR / lang / "LC_MESSAGES" / "hazchem.po") for lang in ("zh", "en")
    )
    differ = [
        message.id
        for message in zh
        if message.id
        and message.string
        and not isinstance(message.id, tuple)
        and TOOL.placeholders(str(message.string))
        != TOOL.placeholders(str(en.get(message.id).string))
    ]
    assert differ == []


@pytest.mark.parametrize("path", PO_FILES, ids=lambda path: path.parts[-3])
def test_the_compiled_catalogue_is_the_source(path: Path) -> None:
    """The .mo that runs says what the .po says (run tools/catalogue.py compile)."""
    buffer = io.BytesIO()
    write_mo(buffer, TOOL.read(path))
    buffer.seek(0)
    expected = gettext.GNUTranslations(buffer)
    with path.with_suffix(".mo").open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    assert shipped._catalog == expected._catalog  # type: ignore[attr-defined]


def test_no_message_is_built_before_it_is_translated() -> None:
    """``_(f"...")`` cannot be in a catalogue: the text is only known at run time."""
    built = []
    for path in (ROOT / "src" / "hazchem_cli").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and not (
                    isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                )
            ):
                built.append(f"{path.name}:{node.lineno}")
    assert built == []


def test_the_shipped_catalogues_travel_in_the_package() -> None:
    """A non-editable install must find them: they sit inside the package directory."""
    import hazchem_cli

    package = Path(hazchem_cli.__file__).parent
    for lang in Lang:
        assert (package / "i18n" / "locale" / lang.value / "LC_MESSAGES" / "hazchem.mo").is_file()
