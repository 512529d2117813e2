"""``hazchem setup-git``: telling git to merge task files with ``hazchem merge-driver``.

Two places must agree. ``.gitattributes`` (committed, so every clone has it) says which
files use the driver; git's configuration says what the driver runs. git never runs a
program because a repository asks it to, so each clone (or each user, with
``--global``) registers the command once. Running it again changes nothing.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hazchem_cli.i18n.catalogue import _
from hazchem_cli.review.git import GitError, Repository

DRIVER = "hazchem"
DRIVER_COMMAND = "hazchem merge-driver %O %A %B %P"
DRIVER_NAME = "hazchem: task lists merged by meaning"
ATTRIBUTES_NAME = ".gitattributes"
#: A pattern without a slash matches at any depth: every checkout's data/tasks.yaml.
ATTRIBUTE_LINE = f"tasks.yaml merge={DRIVER}"


@dataclass(frozen=True)
class SetupStep:
    """One thing set up: what it is, and whether this run changed it."""

    what: str
    changed: bool


def setup_git(start: Path, *, global_config: bool = False) -> list[SetupStep]:
    """Register the merge driver for the repository holding ``start``."""
    repository = Repository.containing(start)
    steps = [_attributes(repository.root / ATTRIBUTES_NAME)]
    scope = "--global" if global_config else "--local"
    for key, value in (("name", DRIVER_NAME), ("driver", DRIVER_COMMAND)):
        name = f"merge.{DRIVER}.{key}"
        current = _git(repository.root, "config", scope, "--get", name)
        changed = current.stdout.decode("utf-8", "replace").strip() != value
        if changed:
            done = _git(repository.root, "config", scope, name, value)
            if done.returncode != 0:
                said = done.stderr.decode("utf-8", "replace").strip()
                command = f"config {scope} {name}"
                raise GitError(_("git {command} failed: {said}", command=command, said=said))
        steps.append(SetupStep(f"git config {scope} {name}", changed))
    return steps


def _attributes(path: Path) -> SetupStep:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if ATTRIBUTE_LINE in (line.strip() for line in text.splitlines()):
        return SetupStep(str(path), False)
    newline = "\r\n" if "\r\n" in text else "\n"
    if text and not text.endswith("\n"):
        text += newline
    text += f"# task lists merged by meaning (hazchem setup-git){newline}{ATTRIBUTE_LINE}{newline}"
    path.write_bytes(text.encode("utf-8"))
    return SetupStep(str(path), True)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run(
            ["git", *args],
            cwd=root,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise GitError(_("git could not be run: {reason}", reason=exc.strerror or exc)) from None
