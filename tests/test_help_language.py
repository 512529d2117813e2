"""Help in the reader's language, with an example that works (issue 12, item 1).

Every command's help is checked against its own English texts, taken from the command
tree: none of them may show in the Chinese help (what a user with no locale sees), and
all of them must show in the English help. Every example under a help text is run on a
copy of the shipped data.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
from pathlib import Path

import pytest
import typer.main
from typer import _click as click
from typer.core import TyperGroup, TyperOption

from hazchem_cli.cli import common
from hazchem_cli.cli.app import app
from hazchem_cli.cli.examples import EXAMPLES
from hazchem_cli.i18n.catalogue import translate
from hazchem_cli.i18n.language import Lang
from tests.conftest import DATA, ROOT, Invoke
from tests.gitrepo import git


def _tree() -> dict[tuple[str, ...], click.Command]:
    """Every command a user can ask help for, by the words typed after ``hazchem``."""
    found: dict[tuple[str, ...], click.Command] = {}

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        found[path] = command
        if isinstance(command, TyperGroup):
            for name, subcommand in command.commands.items():
                walk(subcommand, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = _tree()
SUBCOMMANDS = [path for path in COMMANDS if path]
WITH_LANG = [
    path
    for path, command in COMMANDS.items()
    if any("--lang" in param.opts for param in command.params)
]


#: Typer's metavars that say nothing about what to type.
GENERIC_METAVAR = re.compile(r"<(str|path|int|float|int range|float range)>")


def _prose(path: tuple[str, ...], *, options_only: bool = False) -> list[str]:
    """The English sentences a reader of ``hazchem PATH --help`` is shown.

    ``options_only``: the command's help and example and its options' help, leaving out
    its arguments' help and click's own help option.
    """
    command = COMMANDS[path]
    context = click.Context(command, info_name=command.name)
    params = command.params if options_only else command.get_params(context)
    texts = [command.help, command.epilog]
    texts += [
        getattr(param, "help", None)
        for param in params
        if not options_only or isinstance(param, TyperOption)
    ]
    return [text for text in texts if text]


def _squashed(text: str) -> str:
    """Text without the spaces and line breaks wrapping puts in (and click's ``\\b``)."""
    return re.sub(r"[\s\b]+", "", text)


def _help(invoke: Invoke, path: tuple[str, ...], *args: str, **env: str) -> str:
    result = invoke(*path, *args, "--help", env=env or None)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _speaks(lang: Lang, path: tuple[str, ...], text: str, *, options_only: bool = False) -> bool:
    """Every help text of the command is shown in ``lang``, and none in the other language."""
    other = Lang.ZH if lang is Lang.EN else Lang.EN
    squashed = _squashed(text)
    prose = _prose(path, options_only=options_only)
    return all(_squashed(translate(sentence, lang)) in squashed for sentence in prose) and not any(
        _squashed(translate(sentence, other)) in squashed for sentence in prose
    )


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda path: " ".join(path) or "hazchem")
def test_help_is_chinese_with_no_locale(invoke: Invoke, path: tuple[str, ...]) -> None:
    text = _help(invoke, path)
    assert _speaks(Lang.ZH, path, text, options_only=True)
    assert not GENERIC_METAVAR.search(text)
    for english in ("Options:", "Arguments:", "Commands:", "[default:", "[required]"):
        assert english not in text


@pytest.mark.parametrize("path", [("note",), ("merge-driver",)], ids=" ".join)
def test_help_of_arguments_and_of_the_help_option_is_chinese(
    invoke: Invoke, path: tuple[str, ...]
) -> None:
    assert _speaks(Lang.ZH, path, _help(invoke, path))


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda path: " ".join(path) or "hazchem")
def test_help_is_english_with_hazchem_lang_en(invoke: Invoke, path: tuple[str, ...]) -> None:
    text = _help(invoke, path, HAZCHEM_LANG="en")
    assert _speaks(Lang.EN, path, text)
    assert not GENERIC_METAVAR.search(text)


@pytest.mark.parametrize("path", WITH_LANG, ids=" ".join)
def test_lang_en_gives_english_help(invoke: Invoke, path: tuple[str, ...]) -> None:
    assert _speaks(Lang.EN, path, _help(invoke, path, "--lang", "en"))
    assert _speaks(Lang.EN, path, _help(invoke, path, "--lang", "en", LANG="zh_CN.UTF-8"))


@pytest.mark.parametrize(
    ("env", "english"),
    [
        ({"LANG": "zh_CN.UTF-8"}, False),
        ({"LANG": "C"}, False),
        ({"LANG": "POSIX"}, False),
        ({"LANG": "en_US.UTF-8"}, True),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, True),
        ({"HAZCHEM_LANG": "zh", "LANG": "en_US.UTF-8"}, False),
        ({"HAZCHEM_LANG": "en", "LANG": "zh_CN.UTF-8"}, True),
    ],
)
@pytest.mark.parametrize("path", [(), ("overdue",), ("sheet", "export")], ids=" ".join)
def test_help_follows_the_locale_and_hazchem_lang(
    invoke: Invoke, path: tuple[str, ...], env: dict[str, str], english: bool
) -> None:
    text = _help(invoke, path, **env)
    assert _speaks(Lang.EN if english else Lang.ZH, path, text, options_only=True)


def test_lang_on_the_command_line_wins_over_the_environment(invoke: Invoke) -> None:
    text = _help(invoke, ("overdue",), "--lang", "zh", HAZCHEM_LANG="en", LANG="en_US.UTF-8")
    assert _speaks(Lang.ZH, ("overdue",), text, options_only=True)


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda path: " ".join(path) or "hazchem")
def test_h_is_help(invoke: Invoke, path: tuple[str, ...]) -> None:
    short = invoke(*path, "-h")
    assert (short.exit_code, short.stdout) == (0, _help(invoke, path))


# --- the examples ---------------------------------------------------------------------

TODAY = dt.date(2022, 12, 25)


def _example(path: tuple[str, ...]) -> list[str]:
    """The example shown under ``hazchem PATH --help``, as the words a shell would pass."""
    epilog = COMMANDS[path].epilog or ""
    lines = epilog.split("\b\n", 1)[1].strip().splitlines()
    assert len(lines) == 1, epilog
    words = shlex.split(lines[0])
    assert words[0] == "hazchem"
    return words[1:]


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git checkout holding the shipped data, two commits deep, as the current folder."""
    root = tmp_path / "checkout"
    shutil.copytree(DATA, root / "data")
    git(root, "init", "--quiet")
    git(root, "add", "data")
    git(root, "commit", "--quiet", "-m", "the shipped list")
    (root / "README.md").write_text("任务清单\n", encoding="utf-8")
    git(root, "add", "README.md")
    git(root, "commit", "--quiet", "-m", "a readme")
    monkeypatch.chdir(root)
    monkeypatch.setattr(common, "today", lambda: TODAY)
    return root


#: What must have happened before an example can work, as a user would have done it.
BEFORE: dict[tuple[str, ...], list[tuple[str, ...]]] = {
    ("reopen",): [("done",)],
    ("review",): [("done",)],
    ("sheet", "import"): [("sheet", "export")],
}
#: The files an example names that the user would have at hand.
FILES_AT_HAND: dict[tuple[str, ...], list[str]] = {
    ("evidence",): ["会议纪要.pdf"],
    ("evidence", "add"): ["会议纪要.pdf"],
    # git hands the driver three copies of the file
    ("merge-driver",): ["base.yaml", "ours.yaml", "theirs.yaml"],
}


def _prepare(path: tuple[str, ...], root: Path, invoke: Invoke) -> None:
    for earlier in BEFORE.get(path, []):
        assert invoke(*_example(earlier)).exit_code == 0, earlier
    for name in FILES_AT_HAND.get(path, []):
        if name.endswith(".yaml"):
            shutil.copy(root / "data" / "tasks.yaml", root / name)
        else:
            (root / name).write_bytes(b"%PDF-1.4\n")


def test_every_command_has_an_example() -> None:
    assert sorted(" ".join(path) for path in SUBCOMMANDS) == sorted(EXAMPLES)
    for path in SUBCOMMANDS:  # a group's example shows one of its commands at work
        assert _example(path)[: len(path)] == list(path)


@pytest.mark.parametrize("path", SUBCOMMANDS, ids=" ".join)
def test_the_example_works_on_the_shipped_list(
    invoke: Invoke, checkout: Path, path: tuple[str, ...]
) -> None:
    _prepare(path, checkout, invoke)
    result = invoke(*_example(path))
    assert result.exit_code == 0, result.stderr


def test_the_examples_are_chinese_in_chinese_help(invoke: Invoke) -> None:
    text = _help(invoke, ("overdue",))
    assert "示例：\n\n    hazchem overdue --agency 应急 --as-of 2022-12-01\n" in text
    english = _help(invoke, ("overdue",), "--lang", "en")
    assert "Example:\n\n    hazchem overdue --agency 应急 --as-of 2022-12-01\n" in english


# --- the README -----------------------------------------------------------------------

README_HELP = re.compile(r"```console\n\$ hazchem overdue -h\n(.*?)```", re.DOTALL)


def test_the_readme_shows_the_real_chinese_help(invoke: Invoke) -> None:
    """The README's copy of ``hazchem overdue -h`` is what it prints (tools/readme_help.py)."""
    shown = README_HELP.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert shown is not None
    assert shown.group(1) == invoke("overdue", "-h", env={"COLUMNS": "80"}).stdout
