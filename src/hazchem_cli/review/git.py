"""Reading a data file as it was at a git revision, by running the ``git`` program.

The task list is reviewed in git, so "what changed" is answered against git's history.
Running ``git`` itself (rather than a library) means every revision syntax users know
works (``HEAD~2``, ``origin/main``, tags), and the repository is read exactly as the
user's own git reads it. Each failure becomes a ``GitError`` that says what to do; git's
own words are passed along where they help.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from hazchem_cli.errors import HazchemError, UsageError
from hazchem_cli.i18n.catalogue import _

#: What a revision range is written with: ``A..B`` compares A with B; ``A...B`` compares
#: the commit where B branched off A (their merge base) with B, as a pull request shows.
RANGE = ".."
MERGE_BASE_RANGE = "..."


class GitError(HazchemError):
    """git cannot answer: no repository, an unknown revision, or git itself failing."""


@dataclass(frozen=True)
class Revision:
    """A revision as the user wrote it, and the commit it names."""

    name: str
    commit: str


@dataclass(frozen=True)
class RevisionRange:
    """What to compare: ``old`` with ``new``; a ``new`` of None is the working tree."""

    old: str
    new: str | None
    merge_base: bool = False


def parse_range(text: str) -> RevisionRange:
    """Split ``REV``, ``REV1..REV2`` or ``REV1...REV2`` (an empty side means HEAD, as in git).

    Raises ``UsageError`` (exit 2) for text that cannot name revisions at all; whether a
    well-formed name exists is for git to say later.
    """
    if "\x00" in text or not text.strip():
        raise UsageError(_("REV must name a git revision, such as HEAD, HEAD~1 or origin/main"))
    operator = MERGE_BASE_RANGE if MERGE_BASE_RANGE in text else RANGE if RANGE in text else None
    if operator is None:
        _check_name(text)
        return RevisionRange(text, None)
    old, _operator, new = text.partition(operator)
    if RANGE in old or RANGE in new:
        raise UsageError(
            _("REV {text}: give one range, REV1..REV2 or REV1...REV2", text=repr(text))
        )
    old, new = old or "HEAD", new or "HEAD"
    for name in (old, new):
        _check_name(name)
    return RevisionRange(old, new, merge_base=operator == MERGE_BASE_RANGE)


def _check_name(name: str) -> None:
    """A name starting with ``-`` would reach git as an option, never as a revision."""
    if name.startswith("-"):
        raise UsageError(
            _(
                "{name} is not a revision: revision names do not start with '-'",
                name=repr(name),
            )
        )


@dataclass(frozen=True)
class Repository:
    """A git working tree, found from a path inside it."""

    root: Path

    @classmethod
    def containing(cls, path: Path) -> Repository:
        """The repository holding ``path`` (which need not exist yet, but its folder should)."""
        folder = path.parent if not path.is_dir() else path
        while not folder.is_dir() and folder != folder.parent:
            folder = folder.parent
        completed = _completed(folder, "rev-parse", "--show-toplevel")
        said = _last_line(completed.stderr)
        if completed.returncode != 0 and "not a git repository" in said:
            raise GitError(
                _(
                    "{path} is not in a git repository, so there is no history to compare it with",
                    path=path,
                )
            )
        if completed.returncode != 0:
            raise GitError(
                _("git cannot read the repository holding {path}: {said}", path=path, said=said)
            )
        root = completed.stdout.decode("utf-8").strip()
        if not root:
            raise GitError(_("{path} is inside a .git folder, not in a working tree", path=path))
        return cls(Path(root))

    def relative(self, path: Path) -> PurePosixPath:
        """``path`` as git names it: relative to the top of the working tree, with ``/``."""
        try:
            inside = path.resolve().relative_to(self.root.resolve())
        except ValueError:
            raise GitError(
                _("{path} is outside the git repository at {root}", path=path, root=self.root)
            ) from None
        return PurePosixPath(inside.as_posix())

    def resolve(self, name: str) -> Revision:
        """The commit ``name`` names, or a ``GitError`` saying it does not exist here."""
        completed = _completed(self.root, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
        if completed.returncode != 0:
            empty = _completed(self.root, "rev-parse", "--verify", "--quiet", "HEAD").returncode
            if empty != 0:
                raise GitError(
                    _(
                        "unknown revision {name} in {root} (the repository has no commits yet)",
                        name=repr(name),
                        root=self.root,
                    )
                )
            raise GitError(_("unknown revision {name} in {root}", name=repr(name), root=self.root))
        return Revision(name, completed.stdout.decode("ascii").strip())

    def describe(self, revision: Revision) -> str:
        """The commit as people can look it up: its short hash and the day it was made."""
        shown = _run(self.root, "show", "-s", "--format=%h %cs", revision.commit)
        return shown.decode("ascii", "replace").strip()

    def merge_base(self, one: Revision, other: Revision) -> Revision:
        """The commit where ``other``'s history branched off ``one``'s."""
        completed = _completed(self.root, "merge-base", one.commit, other.commit)
        if completed.returncode != 0:
            raise GitError(
                _("{one} and {other} have no common history", one=one.name, other=other.name)
            )
        commit = completed.stdout.decode("ascii").strip()
        return Revision(f"{one.name}...{other.name}", commit)

    def read(self, revision: Revision, path: PurePosixPath) -> bytes | None:
        """The file's bytes at ``revision``, or None when it did not exist there."""
        from hazchem_cli.store.files import MAX_FILE_BYTES

        listing = _run(
            self.root, "ls-tree", "-z", "--long", "--full-tree", revision.commit, "--", str(path)
        )
        entry = listing.split(b"\0", 1)[0]
        if not entry:
            return None
        info = entry.partition(b"\t")[0]
        _mode, kind, object_id, size = info.decode("ascii").split()
        if kind != "blob":
            raise GitError(
                _(
                    "{revision}:{path} is a {kind}, not a file",
                    revision=revision.name,
                    path=path,
                    kind=kind,
                )
            )
        if int(size) > MAX_FILE_BYTES:  # read no blob larger than a data file may be
            size_shown, limit_shown = format(int(size), ","), format(MAX_FILE_BYTES, ",")
            raise GitError(
                _(
                    "{revision}:{path} is {size} bytes; the limit for a data file is {limit} bytes",
                    revision=revision.name,
                    path=path,
                    size=size_shown,
                    limit=limit_shown,
                )
            )
        return _run(self.root, "cat-file", "blob", object_id)


def _completed(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    # English messages, so the one that means "no repository here" can be recognised; no
    # pager or credential prompt, which would hang a command meant for scripts and CI.
    environment = {**os.environ, "LC_ALL": "C", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run(
            ["git", *args],
            cwd=folder,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise GitError(_("git is not installed (or not on PATH); hazchem diff needs it")) from None
    except OSError as exc:
        raise GitError(_("git could not be run: {reason}", reason=exc.strerror or exc)) from None


def _run(folder: Path, *args: str) -> bytes:
    completed = _completed(folder, *args)
    if completed.returncode != 0:
        said = _last_line(completed.stderr) or _("exit status {code}", code=completed.returncode)
        raise GitError(_("git {command} failed: {said}", command=args[0], said=said))
    return completed.stdout


def _last_line(stderr: bytes) -> str:
    """git's own explanation: the last line it printed, without its ``fatal:`` prefix."""
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1].removeprefix("fatal: ") if lines else ""
