"""Special files and links where data files or outputs are expected (issue 16, classes 2, 4, 8, 9).

A data file must be a regular file inside its repository (or the folder given): a
dangling or looping link, a directory, a FIFO or a device at ``data/tasks.yaml`` makes
``check`` fail, never fall back to the shipped list; a link leading outside is refused
unless the user opts in. Outputs respect what stands at ``-o``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hazchem_cli.edit.importer import SourceImportError, import_source
from tests.conftest import DATA, SOURCE, Invoke
from tests.gitrepo import git


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests assert hazchem's words in English (the suite's default is Chinese)."""
    monkeypatch.setenv("HAZCHEM_LANG", "en")


AS_OF = ("--as-of", "2022-12-01")
TODAY = dt.date(2022, 12, 1)
SECRET = "DB_PASSWORD=hunter2"


def run_hazchem(
    *args: str, cwd: Path, stdout: int | None = subprocess.PIPE, cache: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """A real process: a hang fails by its timeout, not by hanging the test run. With
    ``cache``, the caches are on and kept there (what a user runs)."""
    env = {**os.environ, "HAZCHEM_NO_CACHE": "1", "LANG": "en_US.UTF-8"}
    if cache is not None:
        env.pop("HAZCHEM_NO_CACHE")
        env["XDG_CACHE_HOME"] = str(cache)
    env.pop("HAZCHEM_DATA", None)
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "hazchem_cli", *args],
        cwd=cwd,
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
    )


# class 2: check fails when data/tasks.yaml is unusable -----------------------------------


def replace_tasks(data_dir: Path, make: str) -> Path:
    tasks = data_dir / "tasks.yaml"
    tasks.unlink()
    if make == "dangling":
        tasks.symlink_to(data_dir / "gone.yaml")
    elif make == "loop":
        tasks.symlink_to(tasks)
    elif make == "directory":
        tasks.mkdir()
    elif make == "fifo":
        os.mkfifo(tasks)
    elif make == "device":
        tasks.symlink_to("/dev/zero")
    return tasks


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("dangling", "is a link to"),
        ("loop", "is a link that loops back on itself"),
        ("directory", "tasks.yaml"),
        ("fifo", "is a FIFO (named pipe), not a regular file"),
        ("device", "outside"),
    ],
    ids=["dangling", "loop", "directory", "fifo", "device"],
)
def test_check_in_a_checkout_fails_when_the_task_file_is_unusable(
    data_dir: Path, make: str, message: str
) -> None:
    """Found by the search order (no --data), as CI runs it: never the shipped list."""
    replace_tasks(data_dir, make)
    result = run_hazchem("check", cwd=data_dir.parent)
    assert result.returncode == 1, result.stderr
    assert message in result.stdout
    assert f"{data_dir / 'tasks.yaml'}" in result.stdout  # this list's own problem
    assert str(DATA) not in result.stdout + result.stderr  # not the shipped list
    assert "Traceback" not in result.stderr


def test_a_link_to_dev_zero_ends_in_a_clear_error_when_allowed(data_dir: Path) -> None:
    replace_tasks(data_dir, "device")
    result = run_hazchem("check", "--follow-links", cwd=data_dir.parent)
    assert result.returncode == 1
    assert "tasks.yaml:1:1: is a character device, not a regular file" in result.stdout


def test_data_naming_a_fifo_does_not_hang(data_dir: Path) -> None:
    fifo = data_dir / "pipe.yaml"
    os.mkfifo(fifo)
    for command in (("check",), ("overdue", *AS_OF)):
        result = run_hazchem(*command, "--data", str(fifo), cwd=data_dir)
        assert result.returncode == 1
        assert (
            "pipe.yaml:1:1: is a FIFO (named pipe), not a regular file"
            in result.stdout + result.stderr
        )


@pytest.mark.parametrize("make", ["fifo", "device"])
def test_with_the_caches_on_an_unusable_task_file_is_refused_not_waited_on(
    data_dir: Path, tmp_path: Path, make: str
) -> None:
    """The record cache is looked up by the file's hash: finding that must not read a
    FIFO (which waits forever) or a link to a device (which never ends)."""
    cache = tmp_path / "cache"
    assert run_hazchem("overdue", *AS_OF, cwd=data_dir.parent, cache=cache).returncode == 0
    replace_tasks(data_dir, make)
    for command in (("overdue", *AS_OF), ("done", "3", "--on", "2022-11-01")):
        result = run_hazchem(*command, cwd=data_dir.parent, cache=cache)
        assert result.returncode == 1, result.stderr
        assert "tasks.yaml:1:1:" in result.stdout + result.stderr
        assert "Traceback" not in result.stderr


def test_with_the_caches_on_a_list_validated_elsewhere_is_not_reached_by_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list outside the repository, byte for byte one validated before, is still a
    link out of the repository: refused by a question and by an edit, never written."""
    cache, outside, root = tmp_path / "cache", tmp_path / "outside", tmp_path / "repo"
    outside.mkdir()
    (root / "data").mkdir(parents=True)
    for name in ("tasks.yaml", "agencies.yaml"):
        shutil.copy(DATA / name, outside / name)
        (root / "data" / name).symlink_to(outside / name)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    git(root, "init", "--quiet")
    assert run_hazchem("overdue", *AS_OF, cwd=outside, cache=cache).returncode == 0  # known
    before = (outside / "tasks.yaml").read_bytes()

    for command in (("overdue", *AS_OF), ("done", "3", "--on", "2022-11-01")):
        result = run_hazchem(*command, cwd=root, cache=cache)
        assert result.returncode == 1, result.stdout
        assert "outside" in result.stdout + result.stderr
    assert (outside / "tasks.yaml").read_bytes() == before


# class 9: a link out of the repository never reaches a CI log ------------------------------


@pytest.fixture
def repo_with_outside_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    secret = tmp_path / "secret.yaml"
    secret.write_text(f"{SECRET}\n")
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    shutil.copy(DATA / "agencies.yaml", root / "data" / "agencies.yaml")
    (root / "data" / "tasks.yaml").symlink_to(secret)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    git(root, "init", "--quiet")
    return root


def test_a_task_file_linked_out_of_the_repository_is_refused(
    invoke: Invoke, repo_with_outside_link: Path
) -> None:
    data = repo_with_outside_link / "data"
    for output_format in ("text", "json", "github"):
        result = invoke("check", "--data", str(data), "--format", output_format, "--no-cache")
        assert result.exit_code == 1
        assert "hunter2" not in result.stdout + result.stderr
        assert "outside" in result.stdout
    assert invoke("list", "--data", str(data), "--no-cache").exit_code == 1


def test_follow_links_opts_in(invoke: Invoke, repo_with_outside_link: Path) -> None:
    data = repo_with_outside_link / "data"
    result = invoke("check", "--data", str(data), "--follow-links", "--no-cache", "--lang", "en")
    assert result.exit_code == 1
    assert "the file holds a single value" in result.stdout  # read, as asked


def test_a_link_inside_the_repository_is_read(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "shared").mkdir()
    for name in ("tasks.yaml", "agencies.yaml"):
        shutil.copy(DATA / name, root / "shared" / name)
        (root / "data" / name).symlink_to(root / "shared" / name)
    assert invoke("check", "--data", str(root / "data"), "--no-cache").exit_code == 0


# class 8: special files as input and output ------------------------------------------------


def test_import_from_dev_zero_or_a_fifo_is_a_clear_error(tmp_path: Path) -> None:
    fifo = tmp_path / "source.txt"
    os.mkfifo(fifo)
    for source in (Path("/dev/zero"), fifo):
        with pytest.raises(SourceImportError, match="not a regular file"):
            import_source(source, tmp_path / "tasks.yaml", tmp_path / "agencies.yaml", TODAY)


def test_import_does_not_overwrite_a_change_made_while_it_runs(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hazchem_cli.edit import importer
    from hazchem_cli.edit.atomic import ChangedOnDisk
    from hazchem_cli.store import validate as validation

    source = data_dir / "source.txt"
    source.write_text(SOURCE.read_text(encoding="utf-8").replace("开展", "组织开展", 1))
    tasks = data_dir / "tasks.yaml"
    original_check = validation.check_task_text

    def someone_saves_meanwhile(*args: Any, **kwargs: Any) -> Any:
        tasks.write_text(tasks.read_text() + "# saved by a colleague\n")
        return original_check(*args, **kwargs)

    monkeypatch.setattr(importer, "check_task_text", someone_saves_meanwhile)
    with pytest.raises(ChangedOnDisk):
        import_source(source, tasks, data_dir / "agencies.yaml", TODAY)
    assert tasks.read_text().endswith("# saved by a colleague\n")


def test_report_onto_a_link_is_refused_and_writes_nothing_through_it(
    invoke: Invoke, data_dir: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "report.html"
    link.symlink_to(victim)
    for command in (("report", "-f", "html", "-o", str(link)), ("calendar", "-o", str(link))):
        result = invoke(*command, "--data", str(data_dir), *AS_OF)
        assert result.exit_code == 1
        assert "is a link (to" in result.stderr and "nothing was written" in result.stderr
        assert victim.read_text() == "keep me" and link.is_symlink()


def test_report_onto_a_device_writes_to_the_device(
    invoke: Invoke, data_dir: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    result = invoke("report", "-f", "html", "-o", str(fifo), "--data", str(data_dir), *AS_OF)
    written, _ = reader.communicate(timeout=60)
    assert result.exit_code == 0, result.stderr
    assert written.startswith(b"<!DOCTYPE html>")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still the pipe, not a regular file
    result = invoke("report", "-f", "html", "-o", "/dev/null", "--data", str(data_dir), *AS_OF)
    assert result.exit_code == 0
    assert stat.S_ISCHR(Path("/dev/null").lstat().st_mode)


def test_report_onto_a_fifo_nobody_reads_is_an_error_not_a_hang(
    invoke: Invoke, data_dir: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = invoke("report", "-f", "html", "-o", str(fifo), "--data", str(data_dir), *AS_OF)
    assert result.exit_code == 1
    assert "is a pipe that no program is reading" in result.stderr


# class 4: diff reads no blob larger than a data file may be ---------------------------------


def test_diff_refuses_a_blob_over_the_size_limit(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hazchem_cli.store import files

    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    for name in ("tasks.yaml", "agencies.yaml"):
        shutil.copy(DATA / name, root / "data" / name)
    tasks = root / "data" / "tasks.yaml"
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    git(root, "init", "--quiet")
    tasks.write_text(tasks.read_text() + "#" * 100_000 + "\n")
    git(root, "add", "data")
    git(root, "commit", "--quiet", "-m", "large")
    tasks.write_bytes((DATA / "tasks.yaml").read_bytes())
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 50_000)
    result = invoke("diff", "HEAD", "--data", str(root / "data"))
    assert result.exit_code == 1
    assert "bytes; the limit for a data file is 50,000 bytes" in result.stderr


def test_a_broken_list_in_a_folder_of_lists_is_reported_not_skipped(
    invoke: Invoke, tmp_path: Path
) -> None:
    root = tmp_path / "checkouts"
    for city in ("hangzhou", "ningbo"):
        (root / city / "data").mkdir(parents=True)
        for name in ("tasks.yaml", "agencies.yaml"):
            shutil.copy(DATA / name, root / city / "data" / name)
    broken = root / "ningbo" / "data" / "tasks.yaml"
    broken.unlink()
    broken.symlink_to(root / "ningbo" / "data" / "gone.yaml")
    os.mkfifo(root / "hangzhou" / "data" / "extra.yaml")
    result = invoke("check", "--data", str(root), "--no-cache", *AS_OF)
    assert result.exit_code == 1
    assert f"{broken}:1:1: is a link to" in result.stdout
    assert "extra.yaml:1:1: is a FIFO (named pipe), not a regular file" in result.stdout
