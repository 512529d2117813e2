"""Whole-process timings of hazchem, side by side with a baseline and with taskwarrior.

Each command runs ``--repeat`` times as a fresh process; the report gives the median
wall time and the largest peak memory (RSS), and the ratio to the bare import of the
stack (``python -c "import typer, pydantic, rich.table, ruamel.yaml"``), which no
Python CLI on this stack can beat. When taskwarrior's ``task`` is installed, the same
synthetic tasks are imported into it and ``task overdue`` is timed on the same sizes.

    python benchmarks/run.py                 # 50, 5,000 and 50,000 tasks
    python benchmarks/run.py --sizes 50 5000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
AS_OF = "2022-12-01"


@dataclass
class Timing:
    label: str
    tasks: int
    median_ms: float
    peak_mb: float


def run_once(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run of ``argv``, its output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        message = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(argv)} failed:\n{message}")
    return elapsed, usage.ru_maxrss / 1024


def measure(
    label: str,
    tasks: int,
    argv: list[str],
    env: dict[str, str],
    repeat: int,
) -> Timing:
    times, peaks = [], []
    for _ in range(repeat):
        elapsed, peak = run_once(argv, env)
        times.append(elapsed)
        peaks.append(peak)
    return Timing(label, tasks, statistics.median(times) * 1000, max(peaks))


def measure_edit(folder: Path, size: int, env: dict[str, str], repeat: int) -> Timing:
    """``hazchem done`` on a fresh copy of the list each run, a different task each time.

    The list itself is in the parse cache, as after any question; the edited file is new
    each run (another task is done), so parsing it to confirm the edit is never cached.
    Only the task's lines are round-tripped.
    """
    scratch = folder / "scratch"
    scratch.mkdir(exist_ok=True)
    shutil.copy(folder / "agencies.yaml", scratch / "agencies.yaml")
    times, peaks = [], []
    for run in range(max(3, repeat // 2)):
        shutil.copy(folder / "tasks.yaml", scratch / "tasks.yaml")
        # 1 more than a multiple of 21: a task generate.py leaves not started.
        task = str(1 + 21 * run * max(1, size // 84))
        elapsed, peak = run_once(
            hazchem("done", task, "--on", "2022-11-20", "--data", str(scratch)), env
        )
        times.append(elapsed)
        peaks.append(peak)
    return Timing("hazchem done (edit)", size, statistics.median(times) * 1000, max(peaks))


def compile_bytecode() -> None:
    """Compile hazchem's modules as ``pip install`` does, so no run pays for compiling.

    An editable install under ``PYTHONDONTWRITEBYTECODE=1`` (common in containers) would
    otherwise compile every module on every run: a third of the start-up measured.
    """
    import compileall

    import hazchem_cli

    compileall.compile_dir(Path(hazchem_cli.__file__).parent, quiet=1)


def hazchem(*args: str) -> list[str]:
    return [sys.executable, "-m", "hazchem_cli", *args]


def taskwarrior_data(folder: Path, count: int) -> dict[str, str] | None:
    """Import ``count`` tasks into a private taskwarrior database; None without ``task``."""
    if shutil.which("task") is None:
        return None
    sys.path.insert(0, str(HERE))
    from generate import synthetic_tasks

    rc = folder / "taskrc"
    env = {**os.environ, "TASKRC": str(rc)}
    if rc.exists():
        return env  # imported by an earlier run in this work folder
    folder.mkdir(parents=True, exist_ok=True)
    rc.write_text(
        f"data.location={folder / 'data'}\nconfirmation=off\nverbose=nothing\ncolor=off\n"
        "gc=off\nrecurrence=off\nhooks=off\n"
    )
    records = []
    for task in synthetic_tasks(count):
        deadline = str(task["deadline"])
        record = {
            "description": str(task["task"])[:60],
            "status": "completed" if task.get("status") == "done" else "pending",
            "entry": "20220101T000000Z",
            "project": "hazchem",
        }
        if deadline[:4].isdigit():
            year, month = deadline[:4], deadline[5:].rstrip("月")
            record["due"] = f"{year}{int(month):02d}28T000000Z"
        if record["status"] == "completed":
            record["end"] = "20221001T000000Z"
        records.append(record)
    batch = folder / "import.json"
    batch.write_text(json.dumps(records, ensure_ascii=False))
    subprocess.run(["task", "import", str(batch)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 5000, 50000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--no-taskwarrior", action="store_true")
    parser.add_argument(
        "--split", type=int, default=100, help="also the largest size in this many files (0: no)"
    )
    args = parser.parse_args()

    compile_bytecode()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="hazchem-bench-"))
    cache = work / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "HAZCHEM_NO_CACHE": ""}
    env.pop("HAZCHEM_DATA", None)
    timings = [
        measure("python -c pass", 0, [sys.executable, "-c", "pass"], env, args.repeat),
        measure(
            "baseline: import typer, pydantic, rich.table, ruamel.yaml",
            0,
            [sys.executable, "-c", "import typer, pydantic, rich.table, ruamel.yaml"],
            env,
            args.repeat,
        ),
        measure("hazchem --help", 0, hazchem("--help"), env, args.repeat),
    ]
    for size in args.sizes:
        folder = work / f"tasks-{size}"
        if not (folder / "tasks.yaml").exists():
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), str(size), str(folder)], check=True
            )
        data = ["--data", str(folder), "--as-of", AS_OF]
        subprocess.run(hazchem("overdue", *data), env=env, stdout=subprocess.DEVNULL)  # warm
        timings += [
            measure("hazchem overdue (warm cache)", size, hazchem("overdue", *data), env,
                    args.repeat),
            measure("hazchem overdue --format json (warm)", size,
                    hazchem("overdue", *data, "--format", "json"), env, args.repeat),
            measure("hazchem overdue (cold: --no-cache)", size,
                    hazchem("overdue", *data, "--no-cache"), env, max(3, args.repeat // 2)),
            measure("hazchem check (warm cache)", size, hazchem("check", *data), env,
                    args.repeat),
        ]  # fmt: skip
        timings.append(measure_edit(folder, size, env, args.repeat))
        if not args.no_taskwarrior:
            task_env = taskwarrior_data(work / f"taskwarrior-{size}", size)
            if task_env is not None:
                timings.append(
                    measure("taskwarrior: task overdue", size, ["task", "overdue"], task_env,
                            args.repeat)
                )  # fmt: skip
    if args.split:
        size, parts = max(args.sizes), args.split
        folder = work / f"tasks-{size}-in-{parts}"
        if not folder.exists():
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(size), str(folder),
                            "--files", str(parts)], check=True)  # fmt: skip
        data = ["--data", str(folder), "--as-of", AS_OF]
        subprocess.run(hazchem("overdue", *data), env=env, stdout=subprocess.DEVNULL)  # warm
        label = f"in {parts} files"
        timings += [
            measure(f"hazchem overdue (warm), {label}", size, hazchem("overdue", *data), env,
                    args.repeat),
            measure(f"hazchem overdue (cold), {label}", size,
                    hazchem("overdue", *data, "--no-cache"), env, max(3, args.repeat // 2)),
            measure(f"hazchem check (warm), {label}", size, hazchem("check", *data), env,
                    args.repeat),
        ]  # fmt: skip
    baseline = timings[1].median_ms
    print(f"work folder: {work}  (median of {args.repeat} runs; peak RSS)\n")
    print(f"{'command':<58} {'tasks':>7} {'median':>10} {'× base':>7} {'peak':>9}")
    for timing in timings:
        print(
            f"{timing.label:<58} {timing.tasks:>7,} {timing.median_ms:>8.0f}ms "
            f"{timing.median_ms / baseline:>6.2f}× {timing.peak_mb:>7.0f}MB"
        )
    print("\nslowest imports of `hazchem overdue` (python -X importtime, cumulative µs):")
    trace = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "hazchem_cli", "overdue", "--as-of", AS_OF],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    rows = [line.split("|") for line in trace.stderr.splitlines() if line.startswith("import")]
    top = [(int(r[1]), r[2].rstrip()) for r in rows[1:] if not r[2].startswith("   ")]
    for micros, name in sorted(top, reverse=True)[:12]:
        print(f"  {micros:>8,}  {name.strip()}")


if __name__ == "__main__":
    main()
