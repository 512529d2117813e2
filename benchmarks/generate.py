"""Synthetic task lists for benchmarks, built from the real 50 tasks.

Each synthetic task copies a real one (text, units, deadline) under a new id, with a
spread of statuses and progress notes so that every code path is exercised; the
agencies file is the shipped one. ``--files N`` splits the list into N files in N
folders, like the per-city copies the province reads.

    python benchmarks/generate.py 5000 /tmp/bench/5k
    python benchmarks/generate.py 50000 /tmp/bench/50k-100 --files 100
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import shutil
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from hazchem_cli.edit.yaml_write import dump_text

ROOT = Path(__file__).resolve().parents[1]


def synthetic_tasks(count: int) -> list[dict[str, object]]:
    real = YAML(typ="safe").load((ROOT / "data" / "tasks.yaml").read_text(encoding="utf-8"))
    tasks: list[dict[str, object]] = []
    for number in range(1, count + 1):
        task = copy.deepcopy(real["tasks"][(number - 1) % len(real["tasks"])])
        task["id"] = number
        # Quoted as hazchem writes it, so the file is canonical and edits accept it.
        task["deadline"] = DoubleQuotedScalarString(task["deadline"])
        if number % 3 == 0:
            task["status"] = "in_progress"
            task["progress"] = [
                {"on": dt.date(2022, 5, 1 + number % 28), "by": task["lead"][0], "note": "已部署"}
            ]
        elif number % 7 == 0:
            task["status"] = "done"
            task["done_on"] = dt.date(2022, 10, 1 + number % 28)
        tasks.append(task)
    return tasks


def write_list(tasks: list[dict[str, object]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    document = {
        "title": "基准测试任务清单",
        "source": "synthetic",
        "issued_by": "省危化安全专委办",
        "tasks": tasks,
    }
    (folder / "tasks.yaml").write_text(dump_text(document), encoding="utf-8")
    shutil.copy(ROOT / "data" / "agencies.yaml", folder / "agencies.yaml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many tasks in all")
    parser.add_argument("target", type=Path, help="folder to write into")
    parser.add_argument("--files", type=int, default=1, help="split into this many files")
    args = parser.parse_args()
    tasks = synthetic_tasks(args.count)
    if args.files == 1:
        write_list(tasks, args.target)
        return
    per_file = -(-len(tasks) // args.files)
    for index in range(args.files):
        chunk = tasks[index * per_file : (index + 1) * per_file]
        for offset, task in enumerate(chunk, start=1):
            task["id"] = offset  # ids are unique per file, as in real per-city copies
        write_list(chunk, args.target / f"unit-{index + 1:03d}")


if __name__ == "__main__":
    main()
