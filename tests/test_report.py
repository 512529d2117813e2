"""``hazchem report``: the weekly briefing's content, its HTML and Markdown, and a real browser.

Every test pins ``--as-of`` (2022-11-15). ``FIXTURE`` is a ten-task list written so each
part of the briefing has something to show: overdue tasks under two lead units (one led
jointly), a task falling due, a late and an on-time completion, progress notes and an
extension dated either side of ``--since``, a silent ongoing task, and a task whose text
is HTML that must show literally.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hazchem_cli.i18n.labels import Lang
from hazchem_cli.model.levels import Level
from hazchem_cli.model.registry import resolve_agencies
from hazchem_cli.output.report_html import render_html
from hazchem_cli.output.report_md import render_markdown
from hazchem_cli.query.briefing import Report, build_report
from hazchem_cli.query.judge import TaskFilter
from hazchem_cli.store.collection import find_task_files, load_collection
from tests.conftest import DATA, Invoke

AS_OF = dt.date(2022, 11, 15)
TODAY = dt.date(2026, 11, 29)
SCRIPT = "<script>alert(1)</script>"

FIXTURE = f"""\
title: 测试任务清单
source: test.txt
issued_by: 省危化安全专委办
tasks:
  - id: 1
    measure: 测试
    task: "园区整治 {SCRIPT} <img src=http://example.invalid/x.png>"
    lead: [省应急管理厅]
    deadline: "2022年6月"
  - id: 2
    measure: 测试
    task: 联合检查
    lead: [省应急管理厅, 省消防救援总队]
    responsible: [省公安厅]
    deadline: "2022年10月"
    status: in_progress
    progress:
      - on: 2022-10-20
        by: 省应急管理厅
        note: 启动检查
      - on: 2022-11-03
        by: 省应急管理厅
        note: 已完成 52 个园区复核
  - id: 3
    measure: 测试
    task: 重点监控点认定
    lead: [省经信厅]
    deadline: "2022年9月"
  - id: 4
    measure: 测试
    task: 港口储罐评估
    lead: [省交通运输厅]
    deadline: "2022年8月"
    extensions:
      - on: 2022-11-05
        to: "2022年11月"
        reason: 等待部级标准
        approved_by: 省安委办
  - id: 5
    measure: 测试
    task: 制定分类入园意见
    lead: [省应急管理厅]
    deadline: "2022年10月"
    status: done
    done_on: 2022-11-10
  - id: 6
    measure: 测试
    task: 危废整治回头看
    lead: [省生态环境厅]
    deadline: "2022年12月"
    status: done
    done_on: 2022-09-01
  - id: 7
    measure: 测试
    task: 双重预防机制
    lead: [省应急管理厅]
    deadline: 持续推进
    progress:
      - on: 2022-10-01
        by: 省应急管理厅
        note: 季度检查
  - id: 8
    measure: 测试
    task: 联合执法检查
    lead: [省公安厅]
    deadline: 持续开展
  - id: 9
    measure: 测试
    task: 道路风险排查
    lead: [省公安厅]
    deadline: 持续开展
    progress:
      - on: 2022-06-01
        by: 省公安厅
        note: 排查完成一轮
  - id: 10
    measure: 测试
    task: 停车场规划
    lead: [省建设厅]
    deadline: "2023年3月"
    progress:
      - on: 2022-11-20
        by: 省建设厅
        note: 选址完成
"""


@pytest.fixture
def fixture_dir(tmp_path: Path) -> Path:
    """The fixture list beside the shipped agency registry."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "tasks.yaml").write_text(FIXTURE, encoding="utf-8")
    shutil.copy(DATA / "agencies.yaml", folder / "agencies.yaml")
    return folder


def briefing(
    folder: Path, *agencies: str, since: str | None = None, lang: Lang = Lang.EN
) -> Report:
    collection = load_collection(find_task_files([folder]), TODAY)
    task_filter = TaskFilter(agencies=resolve_agencies(collection.registry, agencies))
    return build_report(collection, task_filter, AS_OF, lang, since=since, today=TODAY)


def refs(items: object) -> list[str]:
    return [item.ref for item in items]  # type: ignore[attr-defined]


# The report's content -----------------------------------------------------------------


def test_headline_counts_every_level(fixture_dir: Path) -> None:
    report = briefing(fixture_dir)
    assert [report.counts[level] for level in Level] == [3, 1, 3, 1, 2]
    assert report.total == 10


def test_overdue_is_grouped_by_lead_unit_most_overdue_first(fixture_dir: Path) -> None:
    report = briefing(fixture_dir)
    groups = [(group.agency, refs(group.tasks)) for group in report.overdue_by_lead]
    # Task 2 is led jointly: both its lead units answer for it.
    assert groups == [("省应急管理厅", ["1", "2"]), ("省经信厅", ["3"]), ("省消防救援总队", ["2"])]
    assert [item.days_overdue for item in report.overdue_by_lead[0].tasks] == [138, 15]
    fire = report.overdue_by_lead[2]
    assert fire.co_leads(fire.tasks[0]) == ["省应急管理厅"]


def test_due_soon_stale_and_completions(fixture_dir: Path) -> None:
    report = briefing(fixture_dir)
    assert refs(report.due_soon) == ["4"]  # due by its extension, 2022年11月
    assert refs(report.stale) == ["8", "9"]  # never noted first, then the longest silent
    assert (report.done_on_time, report.done_late) == (1, 1)
    assert report.by_month[0].label == "2022-06" and report.by_month[-1].label == "2023-03"
    assert len(report.by_month) == 10  # quiet months are on the timeline too
    assert report.by_agency[0].label == "省应急管理厅"


def test_since_a_day_lists_what_the_file_dates_after_it(fixture_dir: Path) -> None:
    report = briefing(fixture_dir, since="2022-11-01")
    seen = [(c.on, c.ref, c.what, c.detail) for c in report.changes]
    assert seen == [
        (dt.date(2022, 11, 3), "2", "progress added", "省应急管理厅: 已完成 52 个园区复核"),
        (dt.date(2022, 11, 5), "4", "extension added", "2022年8月 → 2022年11月: 等待部级标准"),
        (dt.date(2022, 11, 10), "5", "task done", "10 days late"),
    ]  # the note of 2022-11-20 lies after --as-of: it had not been written yet


def test_since_counts_relative_days_back_from_as_of(fixture_dir: Path) -> None:
    report = briefing(fixture_dir, since="-1w")  # 2022-11-08
    assert [change.ref for change in report.changes] == ["5"]


def test_agency_narrows_everything(fixture_dir: Path) -> None:
    report = briefing(fixture_dir, "消防总队", since="2022-11-01")
    assert report.agencies == ("省消防救援总队",)
    assert report.total == 1
    assert [group.agency for group in report.overdue_by_lead] == ["省应急管理厅", "省消防救援总队"]
    assert [tally.label for tally in report.by_agency] == ["省消防救援总队"]
    assert [change.ref for change in report.changes] == ["2"]
    police = briefing(fixture_dir, "公安厅")  # responsible for task 2, lead of 8 and 9
    assert refs(police.stale) == ["8", "9"]
    assert [refs(group.tasks) for group in police.overdue_by_lead] == [["2"], ["2"]]


# Since a git revision -----------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    """git with an identity of the test's own, never the user's."""
    completed = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", *args],
        cwd=repo, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return completed.stdout


@pytest.fixture
def repo(fixture_dir: Path) -> Path:
    """The fixture committed, then edited in the working tree as a person would."""
    git(fixture_dir, "init", "--quiet")
    git(fixture_dir, "add", "tasks.yaml", "agencies.yaml")
    git(fixture_dir, "commit", "--quiet", "-m", "fixture")
    tasks = fixture_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    edits = [
        ('    deadline: "2022年9月"\n', '    deadline: "2022年9月"\n    status: done\n    done_on: 2022-11-12\n'),
        ('    deadline: "2023年3月"\n', '    deadline: "2023年6月"\n'),  # no extension recorded
        ("    deadline: 持续开展\n  - id: 9", "    deadline: 持续开展\n    progress:\n      - on: 2022-11-14\n        by: 省公安厅\n        note: 开展联合执法\n  - id: 9"),
    ]  # fmt: skip
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    tasks.write_text(text, encoding="utf-8")
    return fixture_dir


def test_since_a_revision_uses_the_semantic_diff(repo: Path) -> None:
    from hazchem_cli.output.report_tables import changes_section
    from hazchem_cli.review.semantic_diff import ChangeKind

    report = briefing(repo, since="HEAD")
    kinds = [c.change.kind if c.change else None for c in report.changes]
    assert kinds == [
        ChangeKind.STATUS_CHANGED,
        ChangeKind.PROGRESS_ADDED,
        ChangeKind.DEADLINE_MOVED,
    ]
    rows = changes_section(report).rows
    seen = [(row["ref"], row["what"], row["attention"]) for row in rows]
    assert seen == [
        ("3", "status changed", False),
        ("8", "progress added", False),
        ("10", "deadline edited directly (no extension recorded)", True),
    ]
    assert rows[2]["detail"] == "2023年3月 → 2023年6月"
    assert report.changes[1].on == dt.date(2022, 11, 14)
    narrowed = briefing(repo, "经信厅", since="HEAD")
    assert [change.ref for change in narrowed.changes] == ["3"]


def test_since_neither_date_nor_revision_is_a_usage_error(repo: Path, invoke: Invoke) -> None:
    result = invoke("report", "--format", "md", "--data", str(repo), "--since", "no-such-rev")
    assert result.exit_code == 2
    assert "--since 'no-such-rev' 既不是日期，也不是 git 认识的版本" in result.stderr
    ranged = invoke("report", "--format", "md", "--data", str(repo), "--since", "HEAD~1..HEAD")
    assert ranged.exit_code == 2 and "不要给范围" in ranged.stderr


# HTML ----------------------------------------------------------------------------------


VOID = {"meta", "br"}  # HTML void elements the report uses; SVG ones are written <x/>


class TagBalance(HTMLParser):
    """Checks that every element opened is closed, in order, and collects what it saw."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(page: str) -> TagBalance:
    checker = TagBalance()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    return checker


def test_html_is_well_formed_and_escapes_data(fixture_dir: Path) -> None:
    page = render_html(briefing(fixture_dir, since="2022-11-01"))
    checker = parsed(page)
    assert page.startswith("<!DOCTYPE html>")
    assert "script" not in checker.tags and "img" not in checker.tags
    assert SCRIPT in "".join(checker.text)  # shown, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_html_is_self_contained(fixture_dir: Path) -> None:
    page = render_html(briefing(fixture_dir))
    checker = parsed(page)
    fetching = [(tag, name) for tag, name, _ in checker.attributes if name in ("src", "href")]
    assert fetching == []
    assert not re.search(r"url\(|@import|//[a-z]", page.split("<body>")[0])
    assert ("meta", "content", "default-src 'none'; style-src 'unsafe-inline'") in [
        (tag, name, value) for tag, name, value in checker.attributes
    ]
    assert {"viewport", "Content-Security-Policy"} <= {
        value for _, name, value in checker.attributes if name in ("name", "http-equiv")
    }
    assert "@page { size: A4;" in page and "@media print" in page


def test_html_charts_are_svg_with_text_labels_and_bars(fixture_dir: Path) -> None:
    page = render_html(briefing(fixture_dir, lang=Lang.ZH))
    charts = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    assert len(charts) == 3
    for chart in charts:
        assert re.search(r'<rect [^>]*width="[1-9]', chart)  # a bar with some width
        assert "<text" in chart
    agencies, months, done = charts
    assert ">省应急管理厅<title>" in agencies and ">逾期</text>" in agencies
    assert ">2022</text>" in months and "截至 2022-11-15" in months
    assert ">按期完成</text>" in done


def test_html_follows_lang(fixture_dir: Path) -> None:
    assert '<html lang="zh-CN">' in render_html(briefing(fixture_dir, lang=Lang.ZH))
    page = render_html(briefing(fixture_dir, lang=Lang.EN))
    assert '<html lang="en">' in page and "Overdue tasks by lead unit" in page


# Markdown -----------------------------------------------------------------------------


def test_markdown_has_headings_tables_and_escaped_text(fixture_dir: Path) -> None:
    text = render_markdown(briefing(fixture_dir, since="2022-11-01"))
    lines = text.splitlines()
    assert lines[0] == "# Hazardous chemicals task list: briefing"
    assert "### 省应急管理厅: 2 overdue" in lines
    assert (
        "| ID | Days overdue | Deadline | Status | Responsible | Led jointly with | Task "
        "| Latest progress |"
    ) in lines
    assert "| ---: | ---: | --- | --- | --- | --- | --- | --- |" in lines
    assert "## Changes since 2022-11-01" in lines
    assert "\\<script\\>alert(1)\\</script\\>" in text and SCRIPT not in text
    # Every table row has as many cells as its header.
    for block in text.split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("| ")]
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(widths) <= 1, block
    assert "| 省应急管理厅 | 2 | 0 | 1 | 1 | 0 | 4 ████████████████████ |" in lines


# The command -------------------------------------------------------------------------


def test_command_writes_the_file_whole(fixture_dir: Path, tmp_path: Path, invoke: Invoke) -> None:
    target = tmp_path / "briefing.html"
    target.write_text("old", encoding="utf-8")
    args = ["report", "--data", str(fixture_dir), "--as-of", "2022-11-15", "--format", "html"]
    result = invoke(*args, "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == invoke(*args).stdout
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_command_markdown_to_stdout_with_agency(fixture_dir: Path, invoke: Invoke) -> None:
    result = invoke(
        "report", "--data", str(fixture_dir), "--as-of", "2022-11-15", "--format", "md",
        "--agency", "经信厅", "--lang", "zh",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "范围：省经信厅" in result.stdout
    assert "### 省经信厅：1 项逾期" in result.stdout
    assert "省应急管理厅：" not in result.stdout


def test_command_on_the_shipped_list(invoke: Invoke) -> None:
    result = invoke(
        "report", "--data", str(DATA), "--as-of", "2022-11-15", "--format", "md", "--lang", "en"
    )
    assert result.exit_code == 0, result.stderr
    assert "| overdue | 10 |" in result.stdout and "| due soon | 18 |" in result.stdout
    assert "| stale | 12 |" in result.stdout


def test_unknown_agency_is_a_usage_error(fixture_dir: Path, invoke: Invoke) -> None:
    result = invoke(
        "report",
        "--data",
        str(fixture_dir),
        "--format",
        "md",
        "--agency",
        "应急管里厅",
        "--lang",
        "en",
    )
    assert result.exit_code == 2 and "did you mean 省应急管理厅" in result.stderr


# In a real browser --------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[list[str]]:
    """A headless chromium that can resolve no host name, with a profile of its own."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (.ci/run installs it: apt-get install chromium)")
    yield [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={tmp_path / 'profile'}",
    ]  # fmt: skip


def test_a_browser_shows_the_overdue_rows_and_the_charts(
    fixture_dir: Path, tmp_path: Path, chromium: list[str]
) -> None:
    page = tmp_path / "briefing.html"
    page.write_text(render_html(briefing(fixture_dir, lang=Lang.ZH)), encoding="utf-8")
    dumped = subprocess.run(
        [*chromium, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    )
    dom = parsed(dumped.stdout)
    seen = "".join(dom.text)
    assert "省应急管理厅：2 项逾期" in seen and "联合检查" in seen and SCRIPT in seen
    assert "script" not in dom.tags and "img" not in dom.tags
    assert dom.tags.count("svg") == 3 and dom.tags.count("rect") > 10
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*chromium, "--hide-scrollbars", "--window-size=1200,2000", f"--screenshot={shot}",
         page.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_since_is_shown_as_the_day_or_the_commit_it_resolved_to(repo: Path) -> None:
    """--since -1w reads as the day it means, a revision as its hash and day: both stay
    meaningful in a briefing read next month."""
    from hazchem_cli.output.report_tables import changes_section

    by_day = briefing(repo, since="-1w", lang=Lang.ZH)
    assert by_day.since_shown == "2022-11-08"
    assert (
        "2022-11-08" in changes_section(by_day).title and "-1w" not in changes_section(by_day).title
    )
    by_revision = briefing(repo, since="HEAD")
    commit = git(repo, "show", "-s", "--format=%h %cs", "HEAD").strip()
    assert by_revision.since_shown == f"HEAD ({commit})"
