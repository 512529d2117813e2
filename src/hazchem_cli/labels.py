"""Words hazchem itself prints, in Chinese and English. Data is never translated."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum


class Lang(str, Enum):
    ZH = "zh"
    EN = "en"


_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_WORDS: dict[str, tuple[str, str]] = {
    # columns
    "id": ("序号", "ID"),
    "measure": ("治理措施", "Measure"),
    "task": ("具体任务", "Task"),
    "lead": ("牵头单位", "Lead"),
    "responsible": ("责任单位", "Responsible"),
    "deadline": ("完成时限", "Deadline"),
    "due": ("截止日期", "Due"),
    "status": ("状态", "Status"),
    "done_on": ("完成日期", "Done on"),
    "level": ("预警", "Level"),
    "days_overdue": ("逾期天数", "Days overdue"),
    "days_left": ("剩余天数", "Days left"),
    "reached_via": ("经由", "Via group"),
    "source": ("清单", "List"),
    "agency": ("单位", "Agency"),
    "agency_id": ("代号", "Id"),
    "kind": ("类别", "Kind"),
    "tasks_led": ("牵头任务", "Led"),
    "tasks_responsible": ("责任任务", "Responsible for"),
    "overdue_now": ("当前逾期", "Overdue now"),
    "next_due": ("最近截止", "Next due"),
    "members": ("成员", "Members"),
    "month": ("月份", "Month"),
    "count": ("任务数", "Tasks"),
    "total": ("合计", "Total"),
    "field": ("项目", "Field"),
    "value": ("内容", "Value"),
    "on": ("日期", "Date"),
    "by": ("单位", "By"),
    "note": ("进展", "Note"),
    "to": ("新时限", "New deadline"),
    "reason": ("理由", "Reason"),
    "approved_by": ("批准单位", "Approved by"),
    "done_late": ("逾期完成", "Done late"),
    "open_list": ("名单未尽（等）", "Open list (等)"),
    "divided_responsibility": ("分工负责", "Divided responsibility"),
    "original_deadline": ("原定时限", "Original deadline"),
    "name_en": ("英文名称", "English name"),
    "aliases": ("别名", "Aliases"),
    # levels
    "red": ("逾期", "overdue"),
    "yellow": ("临期", "due soon"),
    "green": ("正常", "on track"),
    "ongoing": ("持续", "ongoing"),
    "stale": ("停滞", "stale"),
    # statuses
    "not_started": ("未开始", "not started"),
    "in_progress": ("进行中", "in progress"),
    "done": ("已完成", "done"),
    # kinds
    "provincial_department": ("省级部门", "provincial department"),
    "committee_office": ("议事协调机构办公室", "committee office"),
    "central_branch": ("中央驻浙单位", "central-government branch"),
    "local_government": ("地方党委政府", "local government"),
    "group": ("单位集合", "group"),
    # titles and messages
    "title_overdue": ("逾期任务（截至 {as_of}）", "Overdue tasks as of {as_of}"),
    "title_upcoming": (
        "{within} 天内到期的任务（自 {as_of} 起）",
        "Tasks due within {within} days of {as_of}",
    ),
    "title_list": ("任务清单（截至 {as_of}）", "Tasks as of {as_of}"),
    "title_task": ("任务 {id}", "Task {id}"),
    "title_progress": ("进展记录", "Progress log"),
    "title_extensions": ("延期记录", "Deadline extensions"),
    "title_agencies": ("单位（截至 {as_of}）", "Agencies as of {as_of}"),
    "title_by_agency": ("各单位任务预警（截至 {as_of}）", "Tasks by agency and level, {as_of}"),
    "title_by_measure": ("各治理措施任务预警", "Tasks by measure and level"),
    "title_by_month": ("各月到期任务", "Deadlines per month"),
    "title_by_source": ("各清单任务预警", "Tasks by list and level"),
    "none_overdue": ("没有逾期任务。", "Nothing is overdue."),
    "none_upcoming": ("近期没有到期任务。", "Nothing falls due in that window."),
    "none_found": ("没有符合条件的任务。", "No task matches."),
    "none_progress": ("暂无进展记录。", "No progress noted yet."),
    "none_extensions": ("没有延期。", "No extensions."),
    "through_group": ("经由 {group}", "through {group}"),
    "yes": ("是", "yes"),
    # hazchem calendar
    "calendar_tag": ("危化治理", "Hazchem"),
    "calendar_many_lists": ("{title}（{count} 份清单）", "{title} ({count} lists)"),
    "calendar_written": ("已将 {count} 个日程写入 {path}", "Wrote {count} events to {path}"),
    # hazchem timeline
    "title_timeline": ("各月到期任务（自 {as_of} 起）", "Deadlines by month from {as_of}"),
    "timeline_earlier": ("{month} 之前", "before {month}"),
    "task_refs": ("任务序号", "Tasks"),
    # hazchem diff: columns, titles and the kinds of change
    "title_diff": ("{path} 的变更：{old} → {new}", "Changes to {path}: {old} → {new}"),
    "working_tree": ("工作区", "working tree"),
    "diff_subject": ("对象", "Item"),
    "diff_change": ("变更", "Change"),
    "diff_before": ("原", "Before"),
    "diff_after": ("现", "After"),
    "diff_empty": ("（无）", "(none)"),
    "diff_none": ("没有实质变更。", "No changes in meaning."),
    "diff_count": ("共 {count} 处变更。", "{count} change(s)."),
    "diff_count_attention": (
        "共 {count} 处变更，其中 {attention} 处需重点审核（⚠️）。",
        "{count} change(s), {attention} needing a reviewer's attention (⚠️).",
    ),
    "task_list": ("任务清单", "Task list"),
    "list_title": ("标题", "Title"),
    "source_document": ("来源文件", "Source document"),
    "issued_by": ("印发单位", "Issued by"),
    "field_changed": ("字段修改", "field changed"),
    "task_added": ("新增任务", "task added"),
    "task_removed": ("删除任务", "task removed"),
    "text_changed": ("文字修改", "text changed"),
    "units_changed": ("单位调整", "units changed"),
    "deadline_by_extension": ("时限延期（有延期记录）", "deadline moved by a recorded extension"),
    "deadline_edited": (
        "时限被直接修改（无延期记录）",
        "deadline edited directly (no extension recorded)",
    ),
    "extension_added": ("新增延期记录", "extension added"),
    "extension_removed": ("删除延期记录", "extension removed"),
    "status_changed": ("状态变更", "status changed"),
    "progress_added": ("新增进展", "progress added"),
    "progress_removed": ("删除进展", "progress removed"),
    "agency_added": ("新增单位", "agency added"),
    "agency_removed": ("删除单位", "agency removed"),
    "agency_changed": ("单位信息修改", "agency changed"),
    # hazchem report: the weekly briefing
    "report_title": (
        "危险化学品安全风险集中治理工作简报",
        "Hazardous chemicals task list: briefing",
    ),
    "report_as_of": ("截至 {as_of}", "As of {as_of}"),
    "report_scope": ("范围：{names}", "Agencies: {names}"),
    "report_total": ("共 {count} 项任务", "{count} tasks in all"),
    "report_headline": ("总体情况", "At a glance"),
    "report_overdue": ("逾期任务（按牵头单位）", "Overdue tasks by lead unit"),
    "report_group": ("{agency}：{count} 项逾期", "{agency}: {count} overdue"),
    "report_co_leads": ("共同牵头", "Led jointly with"),
    "report_due_soon": ("未来 {within} 天内到期", "Falling due in the next {within} days"),
    "report_changes": ("{since} 以来的变化", "Changes since {since}"),
    "report_no_changes": ("没有变化。", "Nothing changed."),
    "report_stale": (
        "停滞的持续性任务（超过 {days} 天无进展记录）",
        "Ongoing tasks gone stale (no progress note for over {days} days)",
    ),
    "report_none_stale": ("没有停滞的持续性任务。", "No ongoing task has gone stale."),
    "report_last_note": ("最近进展", "Last note"),
    "report_detail": ("详情", "Details"),
    "report_task_done": ("任务完成", "task done"),
    "report_on_time": ("按期完成", "on time"),
    "report_days_late": ("逾期 {days} 天完成", "{days} days late"),
    "report_no_deadline": ("无截止日期", "no deadline"),
    "report_charts": ("图表", "Charts"),
    "report_chart_agencies": ("各单位任务预警", "Tasks per agency by warning level"),
    "report_chart_done": ("按期完成与逾期完成", "Done on time vs late"),
    "report_done_on_time": ("按期完成", "Done on time"),
    "report_none_done": (
        "截至 {as_of} 尚无已完成的有期限任务。",
        "No task with a deadline had been done by {as_of}.",
    ),
    "report_md_charts": (
        "图表以表格形式给出（HTML 版：hazchem report --format html）。",
        "Charts are given as tables here (for drawn charts: hazchem report --format html).",
    ),
    # issue 16: hostile input
    "output_failed": (
        "hazchem：错误：无法写出结果（{reason}）；请检查磁盘空间或输出去向",
        "hazchem: error: cannot write the output ({reason}); check the disk space or "
        "where the output goes",
    ),
    "output_closed": ("标准输出已关闭", "standard output is closed"),
}


def detect_lang(environ: Mapping[str, str]) -> Lang:
    """Chinese when the locale says so (``LANG=zh_CN.UTF-8``), English otherwise."""
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return Lang.ZH if value.lower().startswith("zh") else Lang.EN
    return Lang.EN


def word(key: str, lang: Lang, **values: object) -> str:
    """The label for ``key``; unknown keys are shown as themselves."""
    pair = _WORDS.get(key)
    text = key if pair is None else pair[0] if lang is Lang.ZH else pair[1]
    return text.format(**values) if values else text
