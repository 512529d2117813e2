"""One example per command, shown under its help: a line a user can paste and run.

Each example works on the shipped list from a checkout (tests/test_help_language.py runs
every one). The example line is kept out of click's rewrapping (the ``\\b`` line), so it
stays one line that can be copied whole; the epilog is translated as one catalogue id.
"""

from __future__ import annotations

#: The command (as typed after ``hazchem``) and the line that shows it at work.
EXAMPLES = {
    "overdue": "hazchem overdue --agency 应急 --as-of 2022-12-01",
    "upcoming": "hazchem upcoming --within 60 --as-of 2022-10-01",
    "list": "hazchem list --agency 消防 --status 未开始 --as-of 2022-12-01",
    "show": "hazchem show 11 --as-of 2022-12-01",
    "agencies": "hazchem agencies --agency 经信 --as-of 2022-12-01",
    "summary": "hazchem summary --as-of 2022-12-01",
    "rounds": "hazchem rounds --period month --last 3 --as-of 2022-12-01",
    "notices": "hazchem notices --agency 应急 --as-of 2022-12-01",
    "report": "hazchem report -f html -o 周报.html --since -1w --as-of 2022-12-01",
    "calendar": "hazchem calendar --agency 应急 -o 危化品治理.ics",
    "timeline": "hazchem timeline --months 6 --as-of 2022-10-01",
    "check": "hazchem check",
    "import": "hazchem import data/source/zhejiang-hazchem-task-list.txt --dry-run",
    "start": "hazchem start 12",
    "done": "hazchem done 12 --on 2022-12-20 --note 已印发分类入园意见 --by 应急厅",
    "reopen": "hazchem reopen 12 --reason 意见需重新修订 --by 应急厅",
    "note": "hazchem note 12 已起草分类入园意见，征求意见中 --by 应急厅 --on 2022-10-20",
    "extend": "hazchem extend 12 --to 2022年12月 --reason 需会签 --approved-by 安委办",
    "fmt": "hazchem fmt --check",
    "review": "hazchem review 12 --role lead --approve --by 应急厅",
    "evidence": "hazchem evidence add 12 会议纪要.pdf --by 应急厅",
    "evidence add": "hazchem evidence add 12 会议纪要.pdf --by 应急厅",
    "diff": "hazchem diff HEAD~1 -f md",
    "schema": "hazchem schema tasks",
    "merge-driver": "hazchem merge-driver base.yaml ours.yaml theirs.yaml data/tasks.yaml",
    "setup-git": "hazchem setup-git",
    "log": "hazchem log 12",
    "sheet": "hazchem sheet export --agency 应急 -o 应急厅.xlsx",
    "sheet export": "hazchem sheet export --agency 应急 -o 应急厅.xlsx",
    "sheet import": "hazchem sheet import 应急厅.xlsx --dry-run",
}


def example(command: str) -> str:
    """The epilog of ``command``: its example, kept on one line by click's ``\\b`` marker."""
    return f"Example:\n\n\b\n  {EXAMPLES[command]}"
