"""Words hazchem itself prints, in Chinese and English. Data is never translated."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum


class Lang(str, Enum):
    ZH = "zh"
    EN = "en"


_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
#: Chooses the language for every run, over the locale (``--lang`` still wins).
LANG_ENV = "HAZCHEM_LANG"

_WORDS: dict[str, tuple[str, str]] = {
    # columns
    "id": ("序号", "ID"),
    "measure": ("治理措施", "Measure"),
    "task": ("具体任务", "Task"),
    "lead": ("牵头单位", "Lead"),
    "responsible": ("责任单位", "Responsible"),
    "any": ("全部", "any"),
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
    # issue 13: close-out (销号) with evidence, and sign-off stamps
    "closed": ("已销号", "closed"),
    "awaiting_review": ("待审核", "awaiting review"),
    "closeout_role_lead": ("牵头单位", "lead unit"),
    "closeout_role_office": ("专委办", "office"),
    "closeout_decision_approve": ("审核通过", "approved"),
    "closeout_decision_return": ("退回", "returned"),
    "closeout_decision_stage": ("阶段性审核", "stage review"),
    "closeout_not_lead": (
        "{unit} 不是任务 {id} 的牵头单位，不能作牵头单位审核；牵头单位：{leads}",
        "{unit} is not a lead unit of task {id} and may not sign as lead; lead units: {leads}",
    ),
    "closeout_not_office": (
        "{unit} 不是本清单的销号核验单位（{office}），不能作专委办核验；"
        "核验单位由文件开头的 office（未写时为 issued_by）指定",
        "{unit} is not this list's office ({office}) and may not sign as office; the office "
        "is named by office (else issued_by) at the top of the file",
    ),
    "closeout_after_today": ("日期 {on} 晚于今天（{today}）", "dated {on}, after today ({today})"),
    "closeout_twice": (
        "重复审核通过：{by} 已于 {on} 审核通过；删去其中一条",
        "approved twice: {by} already approved on {on}; remove one of them",
    ),
    "closeout_office_first": (
        "专委办核验通过之前须有牵头单位审核通过；请先由牵头单位审核（hazchem review ID --role lead）",
        "an office approval needs a lead approval before it; the lead unit reviews first "
        "(hazchem review ID --role lead)",
    ),
    "closeout_before_done": (
        "审核日期 {on} 早于其审核的办结日期 {done_on}",
        "review dated {on}, before the completion it reviews (done_on {done_on})",
    ),
    "closeout_stale": (
        "{by} 已于 {on} 签章审核，此后任务内容有变（文字、单位、时限、办结情况或佐证材料）："
        "请重新审核（hazchem review），或撤销这一变更",
        "signed by {by} on {on}; changed since (text, units, deadline, completion or "
        "evidence): have it reviewed again (hazchem review) or undo the change",
    ),
    "closeout_ongoing_closed": (
        "持续性任务（{deadline}）不销号，只作阶段性审核；status 应为 in_progress 或 done",
        "an ongoing task ({deadline}) is never closed, only reviewed in stages; set status "
        "to in_progress or done",
    ),
    "closeout_closed_no_evidence": (
        "已销号但没有佐证材料；用 hazchem evidence add 补充",
        "closed without evidence; add it with hazchem evidence add",
    ),
    "closeout_closed_unsigned": (
        "已销号但缺少审核通过：{roles}",
        "closed without the approval of: {roles}",
    ),
    "evidence_missing_file": (
        "佐证材料 {path} 不存在；恢复该文件，或删去这条记录",
        "evidence file {path} is missing; restore it, or remove this record",
    ),
    "evidence_changed_file": (
        "佐证材料 {path} 已被改动（SHA-256 与记录不符）；恢复原文件，或作为新材料重新添加并重新审核",
        "evidence file {path} has changed (its SHA-256 differs from the record); restore "
        "the original, or add it again as new evidence and have it reviewed again",
    ),
    "late_extension": (
        "超期申请：延期于 {on} 批准，此时原时限（{due}）已过 {days} 天",
        "extension requested late (超期申请): granted on {on}, {days} days after the "
        "deadline it extends ({due}) had passed",
    ),
    "evidence_not_found": (
        "找不到佐证材料 {path}；请检查路径",
        "evidence {path} not found; check the path",
    ),
    "evidence_is_directory": (
        "{path} 是文件夹；请逐个给出文件（可用 {path}/*）",
        "{path} is a folder; name the files in it (e.g. {path}/*)",
    ),
    "evidence_symlink_outside": (
        "{path} 是指向仓库之外（{target}）的链接；请给出文件本身",
        "{path} is a link to a place outside the repository ({target}); give the file itself",
    ),
    "evidence_too_large": (
        "{path} 有 {size}，超过 {limit} 的上限；大文件请用 git LFS（git lfs track "
        "'evidence/**'）或存放在共享位置，再以网址登记（--evidence https://...）",
        "{path} is {size}, over the {limit} limit; keep large files in git LFS "
        "(git lfs track 'evidence/**') or on a shared drive and record the link "
        "(--evidence https://...)",
    ),
    "evidence_already_recorded": (
        "任务 {id} 已登记过相同内容的佐证材料（{title}）",
        "task {id} already records evidence with the same content ({title})",
    ),
    "evidence_unreadable": ("无法读取 {path}：{reason}", "cannot read {path}: {reason}"),
    "evidence_count_added": ("已添加 {count} 项佐证材料", "{count} evidence item(s) added"),
    "review_not_done": (
        "任务 {id} 尚未办结（当前：{status}），不能审核；办结后再审核：hazchem done {id}",
        "task {id} is not done (it is {status}); only a reported completion is reviewed: "
        "hazchem done {id} first",
    ),
    "review_already_closed": (
        "任务 {id} 已于 {on} 销号",
        "task {id} was already closed on {on}",
    ),
    "review_twice": (
        "{by} 已于 {on} 作为{role}审核通过任务 {id}，不能重复通过",
        "{by} already approved task {id} as {role} on {on}; it is not approved twice",
    ),
    "review_needs_lead": (
        "任务 {id} 尚无牵头单位审核通过，不能销号；先由牵头单位审核：hazchem review {id} "
        "--role lead --by 牵头单位 --approve",
        "task {id} has no lead approval yet and cannot be closed; the lead unit reviews "
        "first: hazchem review {id} --role lead --by UNIT --approve",
    ),
    "review_needs_evidence": (
        "任务 {id} 没有佐证材料，不能销号；先补充：hazchem evidence add {id} 文件",
        "task {id} has no evidence and cannot be closed; add it first: "
        "hazchem evidence add {id} FILE",
    ),
    "review_ongoing_return": (
        "任务 {id} 是持续性任务，不退回；请作阶段性审核（--approve，可加 --reason 写明意见）",
        "task {id} is ongoing and is not returned; record a stage review instead "
        "(--approve, with --reason for the remarks)",
    ),
    "review_before_done": (
        "审核日期 {on} 早于办结日期 {done_on}",
        "a review on {on} comes before the completion on {done_on}",
    ),
    "review_needs_reason": ("退回须写明理由：--reason 文字", "a return needs --reason TEXT"),
    "review_approved": ("{by}（{role}）审核通过", "approved by {by} ({role})"),
    "review_closed": ("已销号", "closed (销号)"),
    "review_returned": ("被{by}退回：{reason}", "returned by {by}: {reason}"),
    "review_stage": ("{by} 作阶段性审核", "stage review by {by}"),
    "reopen_signed": (
        "任务 {id} 已由{by}于 {on} 审核通过；已审核的办结请以退回处理："
        "hazchem review {id} --role lead|office --by 单位 --return --reason 理由",
        "task {id} was approved by {by} on {on}; a reviewed completion goes back by a "
        "return: hazchem review {id} --role lead|office --by UNIT --return --reason TEXT",
    ),
    "title_evidence": ("佐证材料", "Evidence"),
    "title_signoffs": ("审核签章", "Sign-offs"),
    "none_evidence": ("暂无佐证材料。", "No evidence recorded."),
    "none_signoffs": ("暂无审核。", "No reviews yet."),
    "evidence_title": ("名称", "Title"),
    "evidence_where": ("文件或网址", "File or link"),
    "evidence_size": ("大小", "Size"),
    "signoff_role": ("角色", "Role"),
    "signoff_decision": ("结论", "Decision"),
    "signoff_standing": ("效力", "Standing"),
    "signoff_in_force": ("有效", "in force"),
    "signoff_history": ("历史（退回前）", "history (before a return)"),
    "warning": ("警告", "warning"),
    "check_warnings": ("{count} 条警告", "{count} warning(s)"),
    "sha256": ("SHA-256", "SHA-256"),
    "evidence_added": ("新增佐证材料", "evidence added"),
    "evidence_removed": ("删除佐证材料", "evidence removed"),
    "signoff_added": ("新增审核签章", "sign-off added"),
    "signoff_removed": ("删除审核签章", "sign-off removed"),
    "signoff_voided": ("审核签章因退回失效", "sign-off voided by a return"),
    "task_returned": ("退回", "returned"),
    "closeout_stage": ("销号进度", "Close-out"),
    "closeout_waiting_for": ("待审核（{role}）", "awaiting review ({role})"),
    "closeout_next": ("待谁审核", "Next to act"),
    "closeout_units": ("审核单位", "Reviewing unit"),
    "closeout_since": ("等待自", "Waiting since"),
    "days_waiting": ("已等待天数", "Days waiting"),
    "title_closeout": ("办结与销号（截至 {as_of}）", "Completion and close-out as of {as_of}"),
    "title_awaiting_review": ("待审核的办结任务", "Completed tasks awaiting sign-off"),
    "none_awaiting_review": ("没有待审核的任务。", "No task is waiting for sign-off."),
    "title_late_extensions": (
        "超期申请的延期（延期前已逾期）",
        "Extensions asked for late (the task was overdue before them)",
    ),
    "late_extension_due": ("原截止日期", "Due before"),
    "late_extension_on": ("延期批准日", "Extended on"),
    "late_extension_days": ("延期前逾期天数", "Days overdue before"),
    # issue 14: progress sheets, reporting rounds, graded notices
    "sheet_name": ("进展情况", "Progress"),
    "sheet_heading": ("进展情况表（{agency}）", "progress sheet: {agency}"),
    "sheet_latest": ("最近进展", "Latest progress"),
    "sheet_progress": ("本期进展", "Progress this round"),
    "sheet_new_status": ("更新状态", "New status"),
    "sheet_evidence": ("佐证材料", "Evidence"),
    "sheet_reporter": ("填报人", "Reported by"),
    "sheet_reported_on": ("填报日期", "Date reported"),
    "sheet_pick_status": ("请从下拉列表中选择状态。", "Pick a status from the list."),
    "sheet_date_hint": ("请填写日期，如 2022-11-20。", "Enter a date such as 2022-11-20."),
    "sheet_csv_fingerprint": ("校验码（请勿修改）", "Fingerprint (do not edit)"),
    "sheet_csv_list": ("清单标识（请勿修改）", "List (do not edit)"),
    "sheet_csv_revision": ("导出版本（请勿修改）", "Revision (do not edit)"),
    "sheet_csv_agency": ("填报单位（请勿修改）", "Unit (do not edit)"),
    "sheet_csv_format": ("格式（请勿修改）", "Format (do not edit)"),
    "sheet_written": ("{path}：{count} 项任务", "{path}: {count} tasks"),
    "sheet_evidence_note": ("佐证材料：{text}", "evidence: {text}"),
    "sheet_reporter_note": ("填报人：{text}", "reported by: {text}"),
    "sheet_bad_file": (
        "无法读取（{reason}）；请在 Excel 或 WPS 中另存为 .xlsx 后再导入",
        "cannot be read ({reason}); save it as .xlsx from Excel or WPS and import it again",
    ),
    "sheet_not_ours": (
        "不是 hazchem 导出的进展情况表（缺少隐藏工作表 {sheet}）；请在 hazchem sheet export 导出的表上填写",
        "not a progress sheet made by hazchem (the hidden sheet {sheet} is missing); "
        "fill in a sheet made by hazchem sheet export",
    ),
    "sheet_csv_not_ours": (
        "不是 hazchem 导出的 CSV 进展情况表（列不对）；请在 hazchem sheet export --csv 导出的表上填写",
        "not a progress sheet CSV made by hazchem (the columns differ); "
        "fill in one made by hazchem sheet export --csv",
    ),
    "sheet_mixed": (
        "第 {row} 行来自另一单位或另一清单的表；请不要把几张表拼在一起",
        "row {row} comes from another unit's or another list's sheet; do not join sheets",
    ),
    "sheet_format": (
        "表格格式 {found} 无法识别（应为 {expected}）；请重新导出",
        "sheet format {found} is not known (expected {expected}); export a new sheet",
    ),
    "sheet_other_list": (
        "这张表属于另一份清单（{title}），不是本清单（{ours}）；本文件没有导入任何内容",
        "this sheet belongs to another list ({title}), not this one ({ours}); "
        "nothing from this file was imported",
    ),
    "sheet_unknown_agency": (
        "填报单位 {agency} 不在 agencies.yaml 中；本文件没有导入任何内容",
        "the unit {agency} is not in agencies.yaml; nothing from this file was imported",
    ),
    "sheet_merged": (
        "单元格 {cells} 被合并；请取消合并后再导入此行",
        "cells {cells} are merged; unmerge them and import this row again",
    ),
    "sheet_bad_id": ("序号“{value}”不是任务编号", "{value!r} is not a task number"),
    "sheet_unknown_id": (
        "序号 {id} 不在这张表或本清单中；请不要增加行或修改序号",
        "task {id} is not in this sheet or not in the list; do not add rows or change ids",
    ),
    "sheet_locked_changed": (
        "锁定的“{column}”内容在导出后被修改；请恢复原文，进展请填在“本期进展”列",
        "the locked {column} cell was changed after export; restore it, and write progress "
        "in the progress column",
    ),
    "sheet_stale_task": (
        "任务 {id} 的内容在导出（版本 {revision}）后已修改；请重新导出本单位的表",
        "task {id} changed in the list since this sheet was exported (revision {revision}); "
        "export a new sheet",
    ),
    "sheet_formula": (
        "是公式（{formula}）；请直接填写内容，不要使用公式",
        "holds a formula ({formula}); type the value itself",
    ),
    "sheet_bad_status": (
        "状态“{value}”无法识别；请从下拉列表中选择：{choices}",
        "status {value!r} is not known; pick one of: {choices}",
    ),
    "sheet_bad_date": (
        "“{value}”不是日期；请写成 2022-11-20 或 2022年11月20日",
        "{value!r} is not a date; write it as 2022-11-20",
    ),
    "sheet_future_date": ("日期 {day} 晚于今天（{today}）", "{day} is after today ({today})"),
    "sheet_no_report_date": (
        "填写了本期进展，但没有填报日期",
        "progress is filled in but the date reported is empty",
    ),
    "sheet_done_needs_date": (
        "状态为已完成，但没有填写完成日期",
        "the status is done but the completion date is empty",
    ),
    "sheet_date_needs_done": (
        "填写了完成日期，但状态不是已完成",
        "a completion date is filled in but the status is not done",
    ),
    "sheet_no_going_back": (
        "任务 {id} 当前为{now}，不能改为{new}；如需更正，请联系专委办",
        "task {id} is {now} and cannot become {new} by a sheet; ask the office to correct it",
    ),
    "sheet_done_other_day": (
        "任务 {id} 已于 {day} 完成；如完成日期有误，请联系专委办",
        "task {id} was already done on {day}; ask the office to correct the date",
    ),
    "sheet_change_note": (
        "任务 {id}：新增进展（{by}，{on}）：{text}",
        "task {id}: progress note by {by} on {on}: {text}",
    ),
    "sheet_change_start": ("任务 {id}：状态改为进行中", "task {id}: now in progress"),
    "sheet_change_done": ("任务 {id}：于 {on} 完成", "task {id}: done on {on}"),
    "sheet_nothing": ("没有需要导入的变更。", "Nothing to import."),
    "sheet_dry_run": (
        "试运行：以上 {count} 项变更没有写入。",
        "Dry run: the {count} change(s) above were not written.",
    ),
    "sheet_imported": ("已写入 {count} 项变更：{path}", "Wrote {count} change(s) to {path}"),
    "sheet_refused": (
        "{count} 处被拒绝（见上），其余已导入。",
        "{count} refusal(s) (see above); the rest was imported.",
    ),
    "sheet_refused_dry": ("{count} 处被拒绝（见上）。", "{count} refusal(s) (see above)."),
    "sheet_strict": (
        "--strict：{count} 处被拒绝（见上），没有写入任何内容。",
        "--strict: {count} refusal(s) (see above); nothing was written.",
    ),
    "title_rounds": (
        "报送情况（{period}，截至 {as_of}）",
        "Reporting by unit ({period}, as of {as_of})",
    ),
    "rounds_week": ("按周", "weekly"),
    "rounds_month": ("按月", "monthly"),
    "rounds_round": ("轮次", "Round"),
    "rounds_agency": ("单位", "Unit"),
    "rounds_status_label": ("报送", "Reported"),
    "rounds_open_count": ("应报任务", "Open tasks"),
    "rounds_reported_count": ("已报送", "Reported on"),
    "rounds_missing": ("未报送的任务", "Tasks not reported on"),
    "rounds_last_report": ("最近报送", "Last report"),
    "rounds_days_since": ("距今天数", "Days since"),
    "rounds_missing_some": ("未报齐", "missing"),
    "rounds_all_in": ("已报齐", "all in"),
    "rounds_none": ("本轮没有需要报送的任务。", "No open task to report on in this round."),
    "report_unreported": ("未报送（{start} 至 {end}）", "Not reported ({start} to {end})"),
    "report_none_unreported": ("各单位均已报送。", "Every unit has reported."),
    "latest_note": ("最近进展", "Latest progress"),
    "notice_title": ("督办单｜{agency}", "Reminder notice: {agency}"),
    "notice_intro": (
        "截至 {as_of}，贵单位牵头或负责的以下任务需要抓紧推进：",
        "As of {as_of}, these tasks your unit leads or carries need attention:",
    ),
    "notice_red": ("红色：已逾期（{count} 项）", "Red: overdue ({count})"),
    "notice_yellow": (
        "黄色：7 天内到期或进展滞后（{count} 项）",
        "Yellow: due within 7 days, or behind ({count})",
    ),
    "notice_blue": ("蓝色：30 天内到期（{count} 项）", "Blue: due within 30 days ({count})"),
    "notice_task": ("任务 {ref}：{task}", "Task {ref}: {task}"),
    "notice_overdue_by": (
        "完成时限 {deadline}，已逾期 {days} 天",
        "deadline {deadline}, overdue by {days} days",
    ),
    "notice_due_in": (
        "完成时限 {deadline}，还剩 {days} 天",
        "deadline {deadline}, {days} days left",
    ),
    "notice_ongoing": ("完成时限 {deadline}，久无进展", "deadline {deadline}, no recent progress"),
    "notice_status": ("状态：{status}", "status: {status}"),
    "notice_latest": ("最近进展：{on} {by}：{note}", "latest progress: {on} {by}: {note}"),
    "notice_no_progress": ("最近进展：暂无", "latest progress: none yet"),
    "notice_ask": (
        "请抓紧推进，并于本周内报送进展情况（填写进展情况表）。",
        "Please move these forward and report progress this week (fill in the progress sheet).",
    ),
    "notice_contact": ("联系人：{contact}", "Contact: {contact}"),
    "notices_none": ("没有需要督办的任务。", "No task needs a notice."),
    "notices_written": ("已写入 {count} 份督办单：{path}", "Wrote {count} notice(s) to {path}"),
    "send_delivered": ("✓ {agency}：已送达（{robot}）", "✓ {agency}: delivered ({robot})"),
    "send_failed": ("✗ {agency}：未送达：{reason}", "✗ {agency}: not delivered: {reason}"),
    "send_no_webhook": (
        "– {agency}：agencies.yaml 中没有机器人 webhook，未发送",
        "– {agency}: no robot webhook in agencies.yaml; not sent",
    ),
    "send_would": (
        "将发送给 {agency}（{robot}）：POST {url}",
        "Would send to {agency} ({robot}): POST {url}",
    ),
    "send_http": ("HTTP {code} {reason}", "HTTP {code} {reason}"),
    "send_network": ("网络错误：{cause}", "network error: {cause}"),
    "send_tries": ("{reason}（共尝试 {tries} 次）", "{reason} (tried {tries} times)"),
    "send_refused": ("机器人拒收：errcode {code}：{message}", "errcode {code}: {message}"),
    "send_not_json": ("机器人的应答不是 JSON", "the robot's answer is not JSON"),
    "send_no_variable": ("环境变量 {name} 未设置", "environment variable {name} is not set"),
    "send_summary": (
        "已送达 {delivered} 份，未送达 {failed} 份，无 webhook {skipped} 份。",
        "{delivered} delivered, {failed} not delivered, {skipped} without a webhook.",
    ),
    # issue 15: merge driver, task history, many lists, group footnote
    "merge_clean": ("{path}：已按含义合并", "{path}: merged by meaning"),
    "merge_line_by_line": (
        "{path}：有一方不是 hazchem 能读的任务清单，已按行合并",
        "{path}: one side is not a task list hazchem can read; merged line by line",
    ),
    "merge_conflict": (
        "{path}：冲突：{what}（两个分支改得不一样；在文件中保留一方，删除标记行，"
        "再运行 hazchem check）",
        "{path}: conflict: {what} (both branches changed it differently; keep one side "
        "in the file, delete the marker lines, then run hazchem check)",
    ),
    "merge_invalid": (
        "{path}：合并结果未通过检查，请修改后再提交：",
        "{path}: the merged file does not pass check; fix it before committing:",
    ),
    "merge_whole_task": (
        "（一方删除而另一方修改，或双方以同一序号新增）",
        " (removed on one side and changed on the other, or added with the same id on both)",
    ),
    "setup_changed": ("已设置：{what}", "set up: {what}"),
    "setup_unchanged": ("无需改动：{what}", "already set up: {what}"),
    "setup_done": (
        "git 合并 tasks.yaml 时将按含义合并（hazchem merge-driver）；请提交 .gitattributes",
        "git now merges tasks.yaml by meaning (hazchem merge-driver); commit .gitattributes",
    ),
    "log_day": ("日期", "Day"),
    "log_author": ("作者", "Author"),
    "log_commit": ("提交", "Commit"),
    "log_changes": ("变更", "What changed"),
    "log_title": ("任务 {id} 的历史：{path}", "History of task {id}: {path}"),
    "log_none": (
        "任务 {id} 在可见的历史中没有变化。",
        "Task {id} did not change in the history seen.",
    ),
    "log_shallow": (
        "浅克隆：只能看到 {day}（{commit}）以来的历史；更早的请运行 git fetch --unshallow",
        "shallow clone: history is visible only back to {day} ({commit}); "
        "run git fetch --unshallow for the rest",
    ),
    "log_added": ("任务加入清单", "task added to the list"),
    "skipped_not_task_file": (
        "{path}：不是任务清单（没有 tasks 列表），已跳过",
        "{path}: not a task list (no tasks), skipped",
    ),
    "lists_broken": (
        "{bad} 个清单有问题，已跳过；其余 {good} 个清单照常回答",
        "{bad} list(s) have problems and were skipped; the other {good} answered",
    ),
    "groups_unlisted": (
        "注：{groups} 未在 agencies.yaml 中列出成员，交给这些单位组的任务可能未计入本单位"
        "（在 agencies.yaml 中为其填写 members，见 docs/data-format.md）",
        "note: {groups} list no members in agencies.yaml, so tasks given to them may be "
        "missing here (list their members in agencies.yaml; see docs/data-format.md)",
    ),
    # issue 12: options that mean what they say
    "report_written": ("简报已写入 {path}", "Wrote the briefing to {path}"),
    "answered_from_shipped": (
        "提示：这里没有您自己的任务清单，以下回答来自 hazchem 自带的清单 {path}；"
        "请在清单仓库中运行，或用 --data 或环境变量 HAZCHEM_DATA 指定您的 data/tasks.yaml",
        "note: no task list of your own was found here; this answer comes from the list "
        "shipped with hazchem ({path}). Run it in your list's repository, or name your "
        "data/tasks.yaml with --data or $HAZCHEM_DATA",
    ),
    # CSV headers in Chinese (--lang zh); in English a CSV header is the JSON key itself
    "csv:section": ("表", "section"),
    "csv:id": ("序号", "id"),
    "csv:source": ("清单", "source"),
    "csv:ref": ("编号", "ref"),
    "csv:measure": ("治理措施", "measure"),
    "csv:task": ("具体任务", "task"),
    "csv:lead": ("牵头单位", "lead"),
    "csv:responsible": ("责任单位", "responsible"),
    "csv:open_list": ("名单未尽（等）", "open_list"),
    "csv:divided_responsibility": ("分工负责", "divided_responsibility"),
    "csv:lead_text": ("牵头单位（原文）", "lead_text"),
    "csv:responsible_text": ("责任单位（原文）", "responsible_text"),
    "csv:deadline": ("完成时限", "deadline"),
    "csv:original_deadline": ("原定时限", "original_deadline"),
    "csv:due": ("截止日期", "due"),
    "csv:status": ("状态代码", "status"),
    "csv:status_label": ("状态", "status_label"),
    "csv:done_on": ("完成日期", "done_on"),
    "csv:level": ("预警代码", "level"),
    "csv:level_label": ("预警", "level_label"),
    "csv:days_overdue": ("逾期天数", "days_overdue"),
    "csv:days_left": ("剩余天数", "days_left"),
    "csv:done_late": ("逾期完成", "done_late"),
    "csv:reached_via": ("经由单位组", "reached_via"),
    "csv:latest_note": ("最近进展", "latest_note"),
    "csv:latest_note_on": ("最近进展日期", "latest_note_on"),
    "csv:latest_note_by": ("最近进展单位", "latest_note_by"),
    "csv:latest_note_text": ("最近进展内容", "latest_note_text"),
    "csv:agency": ("单位", "agency"),
    "csv:agency_id": ("单位代号", "agency_id"),
    "csv:kind": ("类别代码", "kind"),
    "csv:kind_label": ("类别", "kind_label"),
    "csv:name_en": ("英文名称", "name_en"),
    "csv:aliases": ("别名", "aliases"),
    "csv:members": ("成员", "members"),
    "csv:tasks_led": ("牵头任务", "tasks_led"),
    "csv:tasks_responsible": ("责任任务", "tasks_responsible"),
    "csv:overdue_now": ("当前逾期", "overdue_now"),
    "csv:next_due": ("最近截止", "next_due"),
    "csv:red": ("逾期", "red"),
    "csv:yellow": ("临期", "yellow"),
    "csv:green": ("正常", "green"),
    "csv:ongoing": ("持续", "ongoing"),
    "csv:stale": ("停滞", "stale"),
    "csv:done": ("已完成", "done"),
    "csv:total": ("合计", "total"),
    "csv:count": ("任务数", "count"),
    "csv:month": ("月份", "month"),
    "csv:backlog": ("此前积压", "backlog"),
    "csv:task_refs": ("任务序号", "task_refs"),
    "csv:closeout_next": ("待谁审核", "closeout_next"),
    "csv:closeout_since": ("等待自", "closeout_since"),
    "csv:closeout_stage": ("销号进度", "closeout_stage"),
    "csv:closeout_units": ("审核单位", "closeout_units"),
    "csv:days_waiting": ("已等待天数", "days_waiting"),
    "csv:round": ("报送轮次", "round"),
    "csv:round_start": ("轮次开始", "round_start"),
    "csv:round_end": ("轮次结束", "round_end"),
    "csv:open_tasks": ("在办任务", "open_tasks"),
    "csv:open_count": ("在办任务数", "open_count"),
    "csv:reported": ("已报送任务", "reported"),
    "csv:reported_count": ("已报送数", "reported_count"),
    "csv:missing": ("未报送任务", "missing"),
    "csv:last_report": ("最近报送日期", "last_report"),
    "csv:days_since": ("距最近报送天数", "days_since"),
    # issue 16: hostile input
    "output_failed": (
        "hazchem：错误：无法写出结果（{reason}）；请检查磁盘空间或输出去向",
        "hazchem: error: cannot write the output ({reason}); check the disk space or "
        "where the output goes",
    ),
    "output_closed": ("标准输出已关闭", "standard output is closed"),
}


def detect_lang(environ: Mapping[str, str]) -> Lang:
    """The language when no ``--lang`` is given: ``HAZCHEM_LANG``, else the locale, else Chinese.

    ``zh…`` means Chinese and ``en…`` English, in ``HAZCHEM_LANG`` and in the locale
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first one set). Chinese is the default: the
    users read Chinese, and a Windows console or a bare server sets no locale at all (or
    ``C``/``POSIX``, which says nothing about the reader).
    """
    chosen = _lang_of(environ.get(LANG_ENV, ""))
    if chosen is not None:
        return chosen
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return _lang_of(value) or Lang.ZH
    return Lang.ZH


def _lang_of(value: str) -> Lang | None:
    folded = value.strip().lower()
    if folded.startswith("zh"):
        return Lang.ZH
    if folded.startswith("en"):
        return Lang.EN
    return None


def word(key: str, lang: Lang, **values: object) -> str:
    """The label for ``key``; unknown keys are shown as themselves."""
    pair = _WORDS.get(key)
    text = key if pair is None else pair[0] if lang is Lang.ZH else pair[1]
    return text.format(**values) if values else text
