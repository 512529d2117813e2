"""Whole-process timings of hazchem, side by side with a baseline and with taskwarrior.

Every command is a fresh process; the report gives the median wall time and the largest
peak memory (RSS) of ``--repeat`` runs, and the ratio to the bare import of the stack
(``python -c "import typer, pydantic, rich.table, ruamel.yaml"``), and the median CPU time
(user and system) beside it, which a loaded machine distorts less. The runs are
interleaved (round one of every command, then round two, ...), so a load spike on the
shared machine falls on all of them alike rather than on one.

Honest comparisons:

- Taskwarrior gets the same synthetic tasks, their due dates shifted by the days between
  ``AS_OF`` and today (taskwarrior judges the real today), so ``task overdue`` lists the
  very rows ``hazchem overdue --as-of AS_OF`` lists; both counts are printed and must be
  equal, or the run stops.
- Every edit runs in a fresh work folder holding a fresh copy of the list (and, for
  taskwarrior, a fresh copy of its database): no run finds the result of the one before.
  The list has been asked a question before (its caches are warm), as in daily use; the
  "caches off" row shows an edit with nothing cached.
- ``-X importtime``'s slowest top-level imports are printed for each path.

    python benchmarks/run.py                 # 50, 5,000 and 50,000 tasks
    python benchmarks/run.py --sizes 50 5000 --repeat 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
AS_OF = "2022-12-01"

#: Prepares a fresh run in a new folder; returns the command and its environment.
Setup = Callable[[Path], tuple[list[str], dict[str, str]]]


@dataclass
class Case:
    label: str
    tasks: int
    setup: Setup
    times: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


#: Starts a command and reports its wall time and peak RSS. A child forked from this
#: script would count this script's own memory in its peak (Linux keeps the largest RSS
#: across exec), so commands are started from this small process instead.
LAUNCHER = """
import os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvpe(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
with open(report, "w") as stream:
    cpu = usage.ru_utime + usage.ru_stime
    stream.write(f"{elapsed} {cpu} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user and system) and peak RSS (MiB) of one run of
    ``argv``, its output discarded. CPU time hardly grows when others load the machine,
    so it tells more than the wall time on a shared one."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report"
        launcher = [sys.executable, "-S", "-c", LAUNCHER, str(report), *argv]
        run = subprocess.run(launcher, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed, cpu, peak, status = report.read_text().split()
    if int(status) != 0 or run.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{run.stderr.decode()}")
    return float(elapsed), float(cpu), int(peak) / 1024


def fixed(argv: list[str], env: dict[str, str]) -> Setup:
    return lambda _: (argv, env)


def hazchem(*args: str) -> list[str]:
    return [sys.executable, "-m", "hazchem_cli", *args]


def compile_bytecode() -> None:
    """Compile hazchem's modules as ``pip install`` does, so no run pays for compiling.

    An editable install under ``PYTHONDONTWRITEBYTECODE=1`` (common in containers) would
    otherwise compile every module on every run: a third of the start-up measured.
    """
    import compileall

    import hazchem_cli

    compileall.compile_dir(Path(hazchem_cli.__file__).parent, quiet=1)


def hazchem_edit(folder: Path, size: int, env: dict[str, str]) -> Setup:
    """``hazchem done`` in a fresh folder with a fresh copy of the list each run."""
    runs = iter(range(1_000_000))

    def setup(scratch: Path) -> tuple[list[str], dict[str, str]]:
        for name in ("tasks.yaml", "agencies.yaml"):
            shutil.copy(folder / name, scratch / name)
        # 1 more than a multiple of 21: a task generate.py leaves not started.
        task = 1 + 21 * ((next(runs) * max(1, size // 84)) % max(1, size // 21))
        return hazchem("done", str(task), "--on", "2022-11-20", "--data", str(scratch)), env

    return setup


def taskwarrior_data(folder: Path, count: int, shift: dt.timedelta) -> dict[str, str] | None:
    """Import ``count`` tasks into a private taskwarrior database; None without ``task``.

    A task is due at the end of the day hazchem finds it due, moved ``shift`` days on, so
    taskwarrior judging today lists the tasks hazchem lists as of ``AS_OF``.
    """
    if shutil.which("task") is None:
        return None
    sys.path.insert(0, str(HERE))
    from generate import synthetic_tasks

    from hazchem_cli.model.dates import parse_deadline

    rc = folder / "taskrc"
    env = {**os.environ, "TASKRC": str(rc), "TZ": "UTC"}
    if rc.exists():
        return env  # imported by an earlier run in this work folder
    folder.mkdir(parents=True, exist_ok=True)
    rc.write_text(
        "data.location=data\nconfirmation=off\nverbose=nothing\ncolor=off\n"
        "gc=off\nrecurrence=off\nhooks=off\n"
    )
    records = []
    for task in synthetic_tasks(count):
        record = {
            "description": str(task["task"])[:60],
            "status": "completed" if task.get("status") == "done" else "pending",
            "entry": "20220101T000000Z",
            "project": "hazchem",
        }
        due = parse_deadline(str(task["deadline"])).due
        if due is not None:
            record["due"] = (due + shift).strftime("%Y%m%dT235959Z")
        if record["status"] == "completed":
            record["end"] = "20221001T000000Z"
        records.append(record)
    batch = folder / "import.json"
    batch.write_text(json.dumps(records, ensure_ascii=False))
    subprocess.run(["task", "import", str(batch)], env=env, cwd=folder, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return env


def taskwarrior(folder: Path, *args: str) -> Setup:
    """``task ARGS`` on the database in ``folder``, read where it is."""
    env = {**os.environ, "TASKRC": str(folder / "taskrc"), "TZ": "UTC"}
    rc = f"rc.data.location={folder / 'data'}"
    return fixed(["task", rc, *args], env)


def taskwarrior_edit(folder: Path) -> Setup:
    """``task 1 done`` on a fresh copy of the database each run."""

    def setup(scratch: Path) -> tuple[list[str], dict[str, str]]:
        shutil.copytree(folder / "data", scratch / "data")
        env = {**os.environ, "TASKRC": str(folder / "taskrc"), "TZ": "UTC"}
        return ["task", f"rc.data.location={scratch / 'data'}", "1", "done"], env

    return setup


def same_rows(folder: Path, tw: Path, env: dict[str, str]) -> tuple[int, int]:
    """How many tasks each tool lists as overdue; they must be the same tasks' count."""
    csv = subprocess.run(hazchem("overdue", "--data", str(folder), "--as-of", AS_OF, "-f", "csv"),
                         env=env, capture_output=True, text=True, check=True).stdout  # fmt: skip
    ours = len(csv.splitlines()) - 1
    argv, tw_env = taskwarrior(tw, "+OVERDUE", "count")(tw)
    theirs = int(subprocess.run(argv, env=tw_env, capture_output=True, text=True).stdout)
    return ours, theirs


def import_top(argv: list[str], env: dict[str, str], count: int = 8) -> list[tuple[int, str]]:
    """The slowest top-level imports of one run (cumulative µs)."""
    trace = subprocess.run([sys.executable, "-X", "importtime", *argv[1:]], env=env,
                           capture_output=True, text=True)  # fmt: skip
    rows = [line.split("|") for line in trace.stderr.splitlines() if line.startswith("import")]
    top = [(int(r[1]), r[2].strip()) for r in rows[1:] if not r[2].startswith("   ")]
    return sorted(top, reverse=True)[:count]


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
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "HAZCHEM_NO_CACHE": ""}
    env.pop("HAZCHEM_DATA", None)
    off = {**env, "HAZCHEM_NO_CACHE": "1"}
    shift = dt.date.today() - dt.date.fromisoformat(AS_OF)
    bare = [sys.executable, "-c", "import typer, pydantic, rich.table, ruamel.yaml"]
    # What completing ``hazchem ov<TAB>`` runs: the program, told by Typer's variables.
    completing = {**env, "_HAZCHEM_COMPLETE": "complete_bash", "COMP_WORDS": "hazchem ov",
                  "COMP_CWORD": "1"}  # fmt: skip
    cases = [
        Case("python -c pass", 0, fixed([sys.executable, "-c", "pass"], env)),
        Case("baseline: import typer, pydantic, rich.table, ruamel.yaml", 0, fixed(bare, env)),
        # The floor of any Typer command line: no run of hazchem can take less.
        Case("floor: python -c 'import typer'", 0,
             fixed([sys.executable, "-c", "import typer"], env)),
        Case("hazchem --help", 0, fixed(hazchem("--help"), env)),
        Case("hazchem overdue --help", 0, fixed(hazchem("overdue", "--help"), env)),
        Case("shell completion: hazchem ov<TAB>", 0, fixed(hazchem(), completing)),
    ]  # fmt: skip
    checks: list[str] = []
    for size in args.sizes:
        folder = work / f"tasks-{size}"
        if not (folder / "tasks.yaml").exists():
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), str(size), str(folder)], check=True
            )
        data = ["--data", str(folder), "--as-of", AS_OF]
        subprocess.run(hazchem("overdue", *data), env=env, stdout=subprocess.DEVNULL)  # warm
        cases += [
            Case("hazchem overdue (warm)", size, fixed(hazchem("overdue", *data), env)),
            Case("hazchem overdue --format json (warm)", size,
                 fixed(hazchem("overdue", *data, "--format", "json"), env)),
            Case("hazchem overdue (cold: caches off)", size, fixed(hazchem("overdue", *data), off)),
            Case("hazchem check (warm parse cache)", size, fixed(hazchem("check", *data), env)),
            Case("hazchem done (fresh copy, list known)", size, hazchem_edit(folder, size, env)),
            Case("hazchem done (fresh copy, caches off)", size, hazchem_edit(folder, size, off)),
        ]  # fmt: skip
        if not args.no_taskwarrior:
            tw = work / f"taskwarrior-{size}"
            if taskwarrior_data(tw, size, shift) is not None:
                ours, theirs = same_rows(folder, tw, env)
                checks.append(
                    f"{size:,} tasks: hazchem lists {ours:,} overdue, taskwarrior {theirs:,}"
                )
                if ours != theirs:
                    raise SystemExit(
                        "taskwarrior and hazchem do not list the same rows: " + checks[-1]
                    )
                cases += [
                    Case("taskwarrior: task overdue", size, taskwarrior(tw, "overdue")),
                    Case("taskwarrior: task 1 done (fresh copy)", size, taskwarrior_edit(tw)),
                ]  # fmt: skip
    if args.split:
        size, parts = max(args.sizes), args.split
        folder = work / f"tasks-{size}-in-{parts}"
        if not folder.exists():
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(size), str(folder),
                            "--files", str(parts)], check=True)  # fmt: skip
        data = ["--data", str(folder), "--as-of", AS_OF]
        subprocess.run(hazchem("overdue", *data), env=env, stdout=subprocess.DEVNULL)  # warm
        cases += [
            Case(f"hazchem overdue (warm), in {parts} files", size,
                 fixed(hazchem("overdue", *data), env)),
            Case(f"hazchem overdue (cold), in {parts} files", size,
                 fixed(hazchem("overdue", *data), off)),
        ]  # fmt: skip

    runs = work / "runs"
    for round_number in range(args.repeat):
        for number, case in enumerate(cases):
            scratch = runs / f"{round_number}-{number}"  # a fresh work folder for every run
            scratch.mkdir(parents=True)
            elapsed, cpu, peak = run_once(*case.setup(scratch))
            case.times.append(elapsed)
            case.cpu.append(cpu)
            case.peaks.append(peak)
            shutil.rmtree(scratch)

    baseline = statistics.median(cases[1].times)
    cpu_baseline = statistics.median(cases[1].cpu)
    print(f"work folder: {work}  (median of {args.repeat} interleaved runs; largest peak RSS)")
    print(f"load average at the end: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    for line in checks:
        print(f"same rows: {line}")
    print(
        f"\n{'command':<58} {'tasks':>7} {'median':>10} {'× base':>7} "
        f"{'cpu':>9} {'× base':>7} {'peak':>9}"
    )
    for case in cases:
        median, cpu = statistics.median(case.times), statistics.median(case.cpu)
        print(
            f"{case.label:<58} {case.tasks:>7,} {median * 1000:>8.0f}ms "
            f"{median / baseline:>6.2f}× {cpu * 1000:>7.0f}ms {cpu / cpu_baseline:>6.2f}× "
            f"{max(case.peaks):>7.0f}MB"
        )
    size = max(args.sizes)
    folder = work / f"tasks-{size}"
    data = ["--data", str(folder), "--as-of", AS_OF]
    scratch = runs / "importtime"
    scratch.mkdir(parents=True, exist_ok=True)
    paths = [
        ("hazchem --help", hazchem("--help"), env),
        (f"hazchem overdue, warm, {size:,} tasks", hazchem("overdue", *data), env),
        (f"hazchem overdue, cold, {size:,} tasks", hazchem("overdue", *data), off),
        (f"hazchem done, {size:,} tasks", hazchem_edit(folder, size, env)(scratch)[0], env),
    ]
    for title, argv, path_env in paths:
        print(f"\nslowest imports of {title} (python -X importtime, cumulative µs):")
        for micros, name in import_top(argv, path_env):
            print(f"  {micros:>9,}  {name}")


if __name__ == "__main__":
    main()
