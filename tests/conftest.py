"""Shared fixtures: the shipped data, temporary copies of it, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from hazchem_cli.cli.app import app
from hazchem_cli.i18n.catalogue import speaking
from hazchem_cli.i18n.language import Lang

# Property tests draw the same examples on every run, and keep no example database:
# a test run is deterministic, and CI never fails by chance.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.load_profile("deterministic")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SOURCE = DATA / "source" / "zhejiang-hazchem-task-list.txt"

Invoke = Callable[..., "InvokeResult"]


class InvokeResult:
    """What a CLI run printed and returned, with stdout and stderr kept apart."""

    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read or fill the user's own parse cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache-home")))


@pytest.fixture(autouse=True)
def no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in the language of a machine with no locale: Chinese.

    The language is pinned like the date: a test that wants English says ``--lang en``
    (or sets ``HAZCHEM_LANG``), so the suite prints the same on every machine.
    """
    for variable in ("HAZCHEM_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def english() -> Iterator[None]:
    """Messages made through the API in English, for tests that read their words."""
    with speaking(Lang.EN):
        yield


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped data files, safe to break."""
    target = tmp_path / "data"
    target.mkdir()
    for name in ("tasks.yaml", "agencies.yaml"):
        shutil.copy(DATA / name, target / name)
    return target


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run ``hazchem ARGS`` in-process, as a user would, without a terminal."""
    monkeypatch.delenv("HAZCHEM_DATA", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str, env: dict[str, str] | None = None) -> InvokeResult:
        result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
        return InvokeResult(result.exit_code, result.stdout, result.stderr)

    return run
