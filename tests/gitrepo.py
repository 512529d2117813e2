"""A throwaway git repository holding the shipped data plus reviewer comments.

Edits are judged the way a reviewer judges them: by ``git diff``. The comments sit where
ruamel.yaml is most likely to lose or move them: above a task, at the end of a line,
inside a list, after a flow list, and between the edited task and the next one.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import DATA

#: (text to find in the shipped tasks.yaml, the same text with comments added)
REVIEWER_COMMENTS = (
    (
        "  - id: 12\n",
        "  # reviewer: task 12 was split out of task 11 at the May meeting\n  - id: 12\n",
    ),
    (
        '      - 省发展改革委\n      - 省经信厅\n    deadline: "2022年10月"\n'
        "    status: not_started\n",
        "      - 省发展改革委\n      # 省商务厅 asked to be added; pending\n      - 省经信厅\n"
        '    deadline: "2022年10月"  # confirmed with the province on 2022-03-01\n'
        "    status: not_started  # owner: hazchem section\n",
    ),
    (
        "  - id: 13\n",
        "  # reviewer: tasks 13 and 14 are reported together\n  - id: 13\n",
    ),
    (
        '    responsible: []\n    deadline: "2022年6月"\n    status: not_started\n  - id: 14\n',
        "    responsible: []\n    # the deadline below is the province's, not the ministry's\n"
        '    deadline: "2022年6月"\n    status: not_started\n  - id: 14\n',
    ),
)
COMMENTS = [
    "# reviewer: task 12 was split out of task 11 at the May meeting",
    "# 省商务厅 asked to be added; pending",
    "# confirmed with the province on 2022-03-01",
    "# owner: hazchem section",
    "# reviewer: tasks 13 and 14 are reported together",
    "# the deadline below is the province's, not the ministry's",
]


def make_repo(root: Path) -> Path:
    """A git repository at ``root`` whose one commit holds the commented data files."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("tasks.yaml", "agencies.yaml"):
        shutil.copy(DATA / name, root / name)
    tasks = root / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    for plain, commented in REVIEWER_COMMENTS:
        assert text.count(plain) == 1, plain
        text = text.replace(plain, commented)
    tasks.write_bytes(text.encode("utf-8"))
    git(root, "init", "--quiet")
    commit(root, "data with reviewer comments")
    return root


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with an identity and settings of its own (never the user's)."""
    completed = subprocess.run(
        [
            "git",
            "-c",
            "user.name=hazchem tests",
            "-c",
            "user.email=tests@example.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.autocrlf=false",
            *args,
        ],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return completed.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "tasks.yaml", "agencies.yaml")
    git(repo, "commit", "--quiet", "--allow-empty", "-m", message)


def numstat(repo: Path) -> dict[str, tuple[int, int]]:
    """Lines added and deleted per changed file, against the last commit."""
    changed: dict[str, tuple[int, int]] = {}
    for line in git(repo, "diff", "--numstat").splitlines():
        added, deleted, name = line.split("\t")
        changed[name] = (int(added), int(deleted))
    return changed


def diff_lines(repo: Path) -> list[str]:
    """The added and deleted lines of ``git diff``, without the file headers."""
    return [
        line
        for line in git(repo, "diff", "--unified=0").splitlines()
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
