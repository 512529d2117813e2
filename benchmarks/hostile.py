"""The slowest inputs we know how to build for ``hazchem check``, up to its limits, timed.

Each case is as large as the limits let it be (64 MiB, and 2,000,000 values: larger inputs
are refused before any other work) and is written as a task file, beside the shipped
agencies file, into a temporary folder; ``hazchem check --no-cache`` runs on it as a fresh
process. The table gives the file's size, the exit code, the lines printed and the wall
time. Nothing here is asserted: the figures go into the README's Reliability section.

    python benchmarks/hostile.py                 # every case, at full size (a few minutes)
    python benchmarks/hostile.py --scale 0.1     # the same shapes, a tenth of the size
    python benchmarks/hostile.py --only deep-quoted flat-title
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 64 * 1024 * 1024  # hazchem_cli.store.yaml_read.MAX_FILE_BYTES
VALUES = 2_000_000  # hazchem_cli.store.shape.MAX_VALUES
HEADER = "title: 清单\nsource: s.txt\nissued_by: 省危化安全专委办\ntasks:\n"
TASK = (
    "  - id: {id}\n    measure: 压实企业主体责任\n    task: 开展专项检查\n"
    '    lead:\n      - 省应急管理厅\n    deadline: "2022年6月"\n'
)


def fitting(size: int, unit: str, fixed: str = "", values: int = 0) -> int:
    """How many ``unit`` (each of ``values`` YAML values) fit in ``size`` bytes of UTF-8
    beside ``fixed``, and under the limit of values: more is refused before any work."""
    count = (size - len(fixed.encode())) // len(unit.encode())
    return min(count, (VALUES - 100) // values) if values else count


def deep_quoted(size: int) -> str:
    """Nesting far past the C parser's stack, hidden from bracket counting by quoted "]"."""
    levels = fitting(size, '["]", ]')
    return "title: " + '["]", ' * levels + "1" + "]" * levels


def deep_comments(size: int) -> str:
    """The same, with the closing brackets in comments."""
    levels = fitting(size, "[ # ]\n  ]")
    return "title: " + "[ # ]\n  " * levels + "1" + "]" * levels


def flat_title(size: int) -> str:
    """One wrong value holding millions of items (located by the composer)."""
    return "title: [" + "1," * fitting(size, "1,", "title: []", 1) + "1]\n"


def flat_tasks(size: int) -> str:
    """Millions of wrong tasks: millions of problems, located until the time bound."""
    items = fitting(size, "1,", HEADER, 1)
    return HEADER.replace("tasks:\n", "tasks: [") + "1," * items + "1]\n"


def unknown_keys(size: int) -> str:
    """One task with a million unknown keys (every one a problem in one large mapping)."""
    count = fitting(size, "    k000000000: 1\n", HEADER + TASK, 2)
    body = "".join(f"    k{n:09d}: 1\n" for n in range(count))
    return HEADER + TASK.format(id=1) + body


def many_tasks_one_typo(size: int) -> str:
    """As many valid tasks as fit, and one misspelt key in the last."""
    count = fitting(size, TASK.format(id=100000), HEADER, 12)
    tasks = "".join(TASK.format(id=n) for n in range(1, count))
    return HEADER + tasks + TASK.format(id=count).replace("measure:", "meassure:")


def many_tasks_flow(size: int) -> str:
    """Valid tasks with flow lists, so the depth is measured from the parser's events."""
    task = '  - {{id: {id}, measure: m, task: t, lead: [省应急管理厅], deadline: "2022年6月"}}\n'
    count = fitting(size, task.format(id=100000), HEADER, 12)
    return HEADER + "".join(task.format(id=n) for n in range(1, count + 1))


def syntax_error_at_end(size: int) -> str:
    """Valid tasks up to the limit, then a syntax error on the last line."""
    return many_tasks_one_typo(size - 100) + "  - id: [unclosed\n"


def unknown_agencies(size: int) -> str:
    """Every task names a different unknown agency (each looked up and suggested for)."""
    count = fitting(size, TASK.format(id=100000) + "100000", HEADER, 12)
    tasks = "".join(
        TASK.format(id=n).replace("省应急管理厅", f"省应急管理厅{n}") for n in range(1, count)
    )
    return HEADER + tasks


def duplicate_keys(size: int) -> str:
    """A mapping repeating one key hundreds of thousands of times."""
    return (
        HEADER
        + TASK.format(id=1)
        + "    note: x\n" * fitting(size, "    note: x\n", HEADER + TASK, 2)
    )


def empty_tasks(size: int) -> str:
    """Empty tasks, five missing keys each: five problems per value."""
    items = fitting(size, "{},", HEADER, 1)
    return HEADER.replace("tasks:\n", "tasks: [") + "{}," * items + "{}]\n"


AGENCY = "  - name: 单位{n}\n    id: unit-{n}\n    kind: group\n    members: [成员{n}]\n"


def huge_registry(size: int) -> tuple[str, str]:
    """As many agencies as fit, each a group with an unknown member; tasks naming unknown
    agencies too: every "did you mean" would compare with every agency."""
    count = fitting(size, AGENCY.format(n=1000000), "agencies:\n", 10)
    agencies = "agencies:\n" + "".join(AGENCY.format(n=n) for n in range(count))
    tasks = HEADER + "".join(
        TASK.format(id=n).replace("省应急管理厅", f"单位{n}x") for n in range(1, 1001)
    )
    return tasks, agencies


CASES: dict[str, Callable[[int], str | tuple[str, str]]] = {
    "deep-quoted": deep_quoted,
    "deep-comments": deep_comments,
    "flat-title": flat_title,
    "flat-tasks": flat_tasks,
    "unknown-keys": unknown_keys,
    "tasks-one-typo": many_tasks_one_typo,
    "tasks-flow": many_tasks_flow,
    "syntax-error-at-end": syntax_error_at_end,
    "unknown-agencies": unknown_agencies,
    "duplicate-keys": duplicate_keys,
    "empty-tasks": empty_tasks,
    "huge-registry": huge_registry,
}


def hazchem() -> list[str]:
    found = shutil.which("hazchem", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "hazchem_cli"]


def run(folder: Path) -> tuple[int, float, int]:
    """Exit code, wall seconds and the number of lines printed by one check."""
    env = {**os.environ, "HAZCHEM_NO_CACHE": "1"}
    started = time.perf_counter()
    completed = subprocess.run(
        [*hazchem(), "check", "--data", str(folder), "--as-of", "2022-12-01"],
        capture_output=True,
        env=env,
        check=False,
    )
    return completed.returncode, time.perf_counter() - started, len(completed.stdout.splitlines())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the size limit")
    parser.add_argument("--only", nargs="*", choices=sorted(CASES), help="cases to run")
    args = parser.parse_args()
    size = int((LIMIT - 1024) * args.scale)
    print(f"{'case':<22}{'MiB':>8}{'exit':>6}{'lines':>8}{'seconds':>10}")
    with tempfile.TemporaryDirectory() as scratch:
        for name in args.only or CASES:
            folder = Path(scratch) / name
            folder.mkdir()
            made = CASES[name](size)
            text, agencies = made if isinstance(made, tuple) else (made, None)
            (folder / "tasks.yaml").write_text(text, encoding="utf-8")
            if agencies is None:
                shutil.copy(ROOT / "data" / "agencies.yaml", folder / "agencies.yaml")
            else:
                (folder / "agencies.yaml").write_text(agencies, encoding="utf-8")
            megabytes = max(path.stat().st_size for path in folder.iterdir()) / 2**20
            code, seconds, lines = run(folder)
            print(f"{name:<22}{megabytes:>8.1f}{code:>6}{lines:>8}{seconds:>10.1f}", flush=True)
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
