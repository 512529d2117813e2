"""Recording what happens to a task: started, done, reopened, a progress note, an extension.

The task file is reviewed line by line, so an edit is written to change only the lines it
means to: through ruamel.yaml's round-trip mode, in the file's own indentation, line ends
and BOM, with every comment kept above the line it was written above. Lines that cannot
be written back that faithfully are refused rather than silently reformatted.

ruamel.yaml's round trip is pure Python (seconds for a few thousand tasks), so only the
edited task's own lines go through it when they can be cut out plainly
(:mod:`hazchem_cli.edit.task_lines`); the other lines are copied, and the spliced file is
confirmed from the edited lines alone where that is sound (:mod:`hazchem_cli.edit.splice`),
else by parsing it whole: every other task must mean exactly what it meant.

Every edit is checked as ``hazchem check`` would check the result before anything is
written, and the file is replaced atomically, only if nobody changed it meanwhile.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from hazchem_cli.edit.atomic import Pieces, require_editable, write_bytes_atomically
from hazchem_cli.edit.fmt import quoted_deadline
from hazchem_cli.edit.layout import (
    EXTENSION_KEY_ORDER,
    PROGRESS_KEY_ORDER,
    append_to,
    delete_key,
    set_in_order,
)
from hazchem_cli.edit.splice import confirmed_locally, edit_start
from hazchem_cli.edit.task_lines import TaskBlock, find_task_block
from hazchem_cli.edit.yaml_write import FileStyle, detect_style, render
from hazchem_cli.errors import DataError, HazchemError, Problem, UsageError
from hazchem_cli.i18n.catalogue import _, current_lang
from hazchem_cli.i18n.labels import word
from hazchem_cli.model.dates import DeadlineError, parse_deadline
from hazchem_cli.model.documents import Status, Task, TaskFile
from hazchem_cli.model.registry import AgencyRegistry, resolve_agencies
from hazchem_cli.model.task_rules import done_breach, extension_breaches
from hazchem_cli.store.cache import ParseCache
from hazchem_cli.store.locate import DataPaths
from hazchem_cli.store.signoff_rules import current_approvals, say
from hazchem_cli.store.validate import Checked, check_task_text
from hazchem_cli.store.yaml_read import (
    DataText,
    decode_data,
    error_place,
    parse_plain,
    parse_roundtrip,
)


class EditRefused(HazchemError):
    """The edit makes no sense for the task as it stands; nothing was written."""


@dataclass(frozen=True)
class EditResult:
    """What an edit did: the task before and after, and one line saying so."""

    path: Path
    task_id: int
    summary: str
    before: Task
    after: Task
    written: bool = True


@dataclass(frozen=True)
class _Target:
    """The task being edited: its mapping in the document and its validated value."""

    mapping: Any
    task: Task
    registry: AgencyRegistry
    today: dt.date
    office: str = ""  # the unit whose approval closes a task (销号)

    def agency(self, name: str | None) -> str:
        """The full name of the agency ``name`` names; the lead unit when none is given.

        The lead unit (牵头单位) answers for the task, so a note nobody signed is its.
        """
        if name is None:
            return self.task.lead[0]
        return resolve_agencies(self.registry, [name])[0].name


def start_task(
    paths: DataPaths, task_id: int, *, today: dt.date, cache: ParseCache | None = None
) -> EditResult:
    """Mark a not-started task as in progress; one already in progress is left as it is."""

    def change(target: _Target) -> str | None:
        task = target.task
        if task.status.completed:
            raise EditRefused(
                _(
                    "task {id} is {status} (on {done_on}); to work on it again, reopen it: "
                    "hazchem reopen {id} --reason TEXT",
                    id=task_id,
                    status=_words(task.status),
                    done_on=task.done_on,
                )
            )
        if task.status is Status.IN_PROGRESS:
            return None
        set_in_order(target.mapping, "status", Status.IN_PROGRESS.value)
        return _("in progress (was not started)")

    return _edit(
        paths, task_id, today, change, cache, unchanged=_("already in progress; nothing changed")
    )


def mark_done(
    paths: DataPaths,
    task_id: int,
    *,
    on: dt.date,
    today: dt.date,
    note: str | None = None,
    by: str | None = None,
    cache: ParseCache | None = None,
    evidence: Sequence[Callable[[str], Any]] = (),
) -> EditResult:
    """Record the task as done on ``on``, with an optional progress note saying how.

    ``by`` is the note's author, by any name the registry knows (default: the lead unit).
    ``evidence`` makes the task's evidence records (佐证材料), given who adds them.
    """
    if by is not None and note is None and not evidence:
        raise ValueError("by names the author of a note or evidence; there is neither")
    text = _note_text(note) if note is not None else None

    def change(target: _Target) -> str:
        task = target.task
        if task.status.completed:
            raise EditRefused(
                _(
                    "task {id} is already {status} (on {done_on}); to record another date, "
                    "reopen it first: hazchem reopen {id} --reason TEXT",
                    id=task_id,
                    status=_words(task.status),
                    done_on=task.done_on,
                )
            )
        _not_after_today(on, today, _("task {id} cannot be done on {on}", id=task_id, on=on))
        late = done_breach(task, on)
        if late is not None:
            raise EditRefused(late)
        set_in_order(target.mapping, "status", Status.DONE.value)
        set_in_order(target.mapping, "done_on", _fresh(on))
        summary = _("done on {on}", on=on)
        if text is not None:
            author = target.agency(by)
            append_to(target.mapping, "progress", _progress_note(on, author, text))
            summary = _("done on {on}; note by {author}", on=on, author=author)
        for make in evidence:
            append_to(target.mapping, "evidence", make(target.agency(by)))
        if evidence:
            added = say("evidence_count_added", count=len(evidence))
            summary = _("{summary}; {more}", summary=summary, more=added)
        return summary

    return _edit(paths, task_id, today, change, cache)


def reopen_task(
    paths: DataPaths,
    task_id: int,
    *,
    reason: str,
    today: dt.date,
    by: str | None = None,
    cache: ParseCache | None = None,
) -> EditResult:
    """Put a done task back in progress; ``done_on`` goes and the reason joins the log.

    The reason is dated today and signed by ``by`` (default: the lead unit).
    """
    text = _note_text(reason)

    def change(target: _Target) -> str:
        task = target.task
        if not task.status.completed:
            raise EditRefused(
                _(
                    "task {id} is not done (it is {status}); only a done task can be reopened",
                    id=task_id,
                    status=_words(task.status),
                )
            )
        approvals = current_approvals(task)
        if approvals:  # the reviewers' stamps would be voided silently
            stamp = approvals[0][1]
            raise EditRefused(say("reopen_signed", id=task_id, by=stamp.by, on=stamp.on))
        author = target.agency(by)
        set_in_order(target.mapping, "status", Status.IN_PROGRESS.value)
        delete_key(target.mapping, "done_on")
        append_to(target.mapping, "progress", _progress_note(today, author, text))
        return _(
            "reopened (was done on {done_on}); reason noted by {author}",
            done_on=task.done_on,
            author=author,
        )

    return _edit(paths, task_id, today, change, cache)


def add_note(
    paths: DataPaths,
    task_id: int,
    *,
    text: str,
    by: str,
    today: dt.date,
    on: dt.date | None = None,
    cache: ParseCache | None = None,
) -> EditResult:
    """Add a dated progress note by an agency (``on`` defaults to today)."""
    day = on or today
    note = _note_text(text)

    def change(target: _Target) -> str:
        _not_after_today(day, today, _("a note cannot be dated {day}", day=day))
        author = target.agency(by)
        _add_in_date_order(target, _progress_note(day, author, note), day)
        return _("note by {author} on {day}", author=author, day=day)

    return _edit(paths, task_id, today, change, cache)


def extend_deadline(
    paths: DataPaths,
    task_id: int,
    *,
    to: str,
    reason: str,
    today: dt.date,
    on: dt.date | None = None,
    approved_by: str | None = None,
    cache: ParseCache | None = None,
) -> EditResult:
    """Record a deadline extension (延期) granted on ``on``; the history is kept.

    The original deadline stays as it is; the new one is the last extension's ``to``,
    which is what overdue is judged by from now on. An extension must move a due date
    later (or make the task ongoing): moving it earlier is not an extension.
    """
    day = on or today
    why = _note_text(reason)
    try:
        new = parse_deadline(to)
    except DeadlineError as exc:
        raise UsageError(str(exc)) from None

    def change(target: _Target) -> str:
        task = target.task
        current = task.current_deadline
        if task.status.completed:
            raise EditRefused(
                _(
                    "task {id} is {status} (on {done_on}); reopen it before extending its deadline",
                    id=task_id,
                    status=_words(task.status),
                    done_on=task.done_on,
                )
            )
        approver = target.agency(approved_by) if approved_by is not None else None
        last_on = task.extensions[-1].on if task.extensions else None
        for _key, breach in extension_breaches(
            task_id, current, last_on, day, new, approver, today
        ):
            raise EditRefused(breach)  # the first reason is enough to say
        extension = _mapping(
            EXTENSION_KEY_ORDER,
            on=_fresh(day),
            to=quoted_deadline(new.text),
            reason=why,
            approved_by=approver,
        )
        append_to(target.mapping, "extensions", extension)
        return _(
            "deadline extended from {old} to {new} (on {day})",
            old=current.text,
            new=new.text,
            day=day,
        )

    return _edit(paths, task_id, today, change, cache)


def _edit(
    paths: DataPaths,
    task_id: int,
    today: dt.date,
    change: Callable[[_Target], str | None],
    cache: ParseCache | None,
    *,
    unchanged: str | None = None,
) -> EditResult:
    """Read, check, change one task, check again, write: or refuse and write nothing.

    ``change`` edits the task's mapping and says what it did, or returns None when the
    task already is as asked. The task's own lines are tried first; when they cannot be
    edited alone, or the result is not exactly the one task changed, the whole document
    is round-tripped instead, which also gives the authoritative refusal.
    """
    require_editable(paths.tasks)
    start = edit_start(paths, today, cache)  # an edit starts from valid files
    registry, count = start.registry, start.count
    index = start.find(task_id)
    if index is None:
        raise _no_task(start.ids(), task_id, paths.tasks)
    before = start.task(index)

    def changed(editable: _Editable) -> str | None:
        return change(_Target(editable.mapping, before, registry, today, start.office))

    def checked(text: str) -> Checked[TaskFile]:
        # Cached: the next question about this file need not parse it again.
        return check_task_text(
            decode_data(text.encode("utf-8"), paths.tasks), registry, today, cache
        )

    def write(payload: Pieces, confirmed: bool) -> None:
        """Write the file's new bytes, if the file still holds those read; unless they are
        exactly the bytes confirmed on the task's own lines, check them whole first."""

        def verify(written: bytes) -> None:
            if confirmed and _is_exactly(written, payload):
                return
            rechecked = checked(written.decode("utf-8").removeprefix("\ufeff"))
            if rechecked.model is None:  # from the parse cache: this text was checked just now
                raise DataError(rechecked.problems)

        write_bytes_atomically(paths.tasks, payload, unchanged=start.holds, verify=verify)

    def written(text: str, summary: str, after: Task) -> EditResult:
        write(start.with_bom((text.encode("utf-8"),)), confirmed=False)
        return EditResult(paths.tasks, task_id, summary, before, after)

    unchanged_result = EditResult(
        paths.tasks, task_id, unchanged or _("nothing changed"), before, before, written=False
    )
    found = _task_lines(start.source, paths.tasks, start.newline, before, index, count)
    if found is not None:
        lines, block = found
        summary = changed(lines)
        if summary is None:
            return unchanged_result
        rendered = render(lines.document, lines.style)
        spliced = block.replaced_by(rendered)
        edited = _task_in(DataText(paths.tasks, rendered, False, start.newline))
        if edited is not None and confirmed_locally(
            block, rendered, before, edited, registry, today, start.office
        ):
            payload = start.with_bom(spliced)
            write(payload, confirmed=True)
            start.remember(payload, index, edited)
            return EditResult(paths.tasks, task_id, summary, before, edited)
        model = start.dataset().task_file
        text = b"".join(spliced).decode("utf-8")
        checked_model = checked(text).model
        if checked_model is not None and _only_task_changed(
            paths.tasks, start.newline, model, checked_model, index, rendered
        ):
            return written(text, summary, checked_model.tasks[index])
    whole = _whole_document(start.data(), index, task_id)
    summary = changed(whole)
    if summary is None:
        return unchanged_result
    text = render(whole.document, whole.style)
    check = checked(text)
    if check.model is None:
        raise DataError(
            [
                Problem(
                    p.path,
                    p.line,
                    p.col,
                    _("not written: after this edit, {problem}", problem=p.message),
                )
                for p in check.problems
            ]
        )
    return written(text, summary, check.model.tasks[index])


@dataclass(frozen=True)
class _Editable:
    """What an edit round-trips (one task's lines, or the whole document), and the task's
    mapping in it."""

    document: Any
    mapping: Any
    style: FileStyle


def _whole_document(data: DataText, index: int, task_id: int) -> _Editable:
    document = _roundtrip_or_refuse(data)
    style = detect_style(data, document)
    _ensure_faithful(document, data, style)
    mapping = document["tasks"][index]
    _refuse_shared_nodes(mapping, document, data.path, task_id)
    return _Editable(document, mapping, style)


def _roundtrip_or_refuse(data: DataText) -> Any:
    """The round-trip document; where its stricter parser stops, say where, not crash.

    The C parser that checks files accepts a few things the pure-Python round-trip parser
    does not (a tab inside a plain value), so a valid file can still be uneditable.
    """
    try:
        return parse_roundtrip(data)
    except MarkedYAMLError as exc:
        line, col = error_place(exc)
        problem = exc.problem or exc.context or _("unreadable")
        raise DataError(
            [
                Problem(
                    str(data.path),
                    line,
                    col,
                    _(
                        "hazchem cannot edit this file: the round-trip parser says {problem} "
                        "(a tab inside a value? write spaces); nothing was written",
                        problem=problem,
                    ),
                )
            ]
        ) from None


#: Anchors, aliases and tags tie a task's lines to others (or to Python objects): such a
#: task is edited through the whole document, which knows the ties and refuses edits
#: that would change more than one place.
_TIES = re.compile(r"[&*!]")


def _task_lines(
    source: bytes, path: Path, newline: str, task: Task, index: int, count: int
) -> tuple[_Editable, TaskBlock] | None:
    """The task's own lines as a document of their own, if they mean exactly the task.

    ``source`` is the file's bytes (the BOM left out), ``newline`` its line end. The
    lines must parse, alone, to the task the whole file holds, and write back unchanged.
    """
    block = find_task_block(source, index, count)
    if block is None or _TIES.search(block.text):
        return None
    fragment = DataText(path, block.text, False, newline)
    if _task_in(fragment) != task:
        return None
    try:
        document = parse_roundtrip(fragment)
    except YAMLError:
        return None
    style = detect_style(fragment, document)
    if render(document, style) != fragment.text:
        return None
    return _Editable(document, document["tasks"][0], style), block


def _is_exactly(raw: bytes, pieces: Pieces) -> bool:
    """Whether ``raw`` is the bytes of ``pieces`` one after the other (compared in place)."""
    offset = 0
    for piece in pieces:
        if not raw.startswith(piece, offset):
            return False
        offset += len(piece)
    return offset == len(raw)


def _task_in(fragment: DataText) -> Task | None:
    """The one task a cut-out block holds, or None if it holds anything else."""
    try:
        plain = parse_plain(fragment)
    except DataError:
        return None
    items = plain.get("tasks") if isinstance(plain, dict) and len(plain) == 1 else None
    if not isinstance(items, list) or len(items) != 1:
        return None
    try:
        return Task.model_validate(items[0])
    except ValidationError:
        return None


def _only_task_changed(
    path: Path, newline: str, old: TaskFile, new: TaskFile, index: int, rendered: str
) -> bool:
    """Whether the spliced file is the old one with only task ``index`` changed, as edited.

    Compared by meaning: the lines outside the block were copied, so this catches a block
    whose lines meant something else in the file than they did alone.
    """
    if len(new.tasks) != len(old.tasks):
        return False
    edited = _task_in(DataText(path, rendered, False, newline))
    return (
        new.tasks[index] == edited
        and new.tasks[:index] == old.tasks[:index]
        and new.tasks[index + 1 :] == old.tasks[index + 1 :]
        and new.model_dump(exclude={"tasks"}) == old.model_dump(exclude={"tasks"})
    )


def _refuse_shared_nodes(mapping: Any, document: Any, path: Path, task_id: int) -> None:
    """Refuse to edit a task that shares a list or mapping with another through a YAML alias.

    An alias makes two places one node: a note added to one task would silently appear in
    another, and the diff would show only one of them.
    """
    mine: set[int] = set()
    stack = [mapping]
    while stack:
        node = stack.pop()
        if isinstance(node, dict | list) and id(node) not in mine:
            mine.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)
    seen: dict[int, int] = {}
    stack = [document]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict | list):
            continue
        seen[id(node)] = seen.get(id(node), 0) + 1
        if seen[id(node)] > 1 and id(node) in mine:
            raise EditRefused(
                _(
                    "{path}: task {id} shares part of itself with another place through a "
                    "YAML alias (*name); an edit would change both. Write the data out in full "
                    "instead of the alias, then edit again",
                    path=path,
                    id=task_id,
                )
            )
        if seen[id(node)] == 1:
            stack.extend(node.values() if isinstance(node, dict) else node)


def _no_task(ids: Sequence[int], task_id: int, path: Path) -> UsageError:
    if not ids:
        return UsageError(_("no task {id} in {path}; it has no tasks", id=task_id, path=path))
    return UsageError(
        _(
            "no task {id} in {path}; ids run from {first} to {last}",
            id=task_id,
            path=path,
            first=min(ids),
            last=max(ids),
        )
    )


def _ensure_faithful(document: Any, data: DataText, style: FileStyle) -> None:
    """Refuse a file that cannot be written back unchanged: the edit would rewrite more.

    ruamel.yaml normalises a few things (trailing spaces, extra spaces after a colon, a
    ``---`` line, a plain scalar folded over lines); an edit must not slip those into its
    diff, so the person is sent to ``hazchem fmt`` first, which is reviewed on its own.
    """
    rendered = render(document, style)
    if rendered == data.text:
        return
    old_lines = data.text.splitlines(keepends=True)
    new_lines = rendered.splitlines(keepends=True)
    number = next(
        (i for i, (old, new) in enumerate(zip(old_lines, new_lines, strict=False)) if old != new),
        min(len(old_lines), len(new_lines)),
    )
    old = old_lines[number] if number < len(old_lines) else ""
    new = new_lines[number] if number < len(new_lines) else ""
    if old.rstrip("\r\n") == new.rstrip("\r\n"):
        how = _("its line end differs from the file's others (CRLF and LF are mixed)")
    elif new:
        rewritten = new.rstrip("\r\n")
        how = _("it would be rewritten as {line}", line=repr(rewritten))
    else:
        how = _("it would be dropped")
    raise DataError(
        [
            Problem(
                str(data.path),
                number + 1,
                1,
                _(
                    "an edit would also change this line: {how}. Run `hazchem fmt`, review and "
                    "commit that, then edit again",
                    how=how,
                ),
            )
        ]
    )


def _add_in_date_order(target: _Target, note: Any, day: dt.date) -> None:
    """A note goes after every note of its day or earlier: the log stays oldest first."""
    position = sum(1 for existing in target.task.progress if existing.on <= day)
    if position == len(target.task.progress):
        append_to(target.mapping, "progress", note)
    else:
        target.mapping["progress"].insert(position, note)


def _not_after_today(day: dt.date, today: dt.date, what: str) -> None:
    if day > today:
        raise EditRefused(_("{what}: that is after today ({today})", what=what, today=today))


def _note_text(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        raise UsageError(_("the text is empty; say what happened"))
    return stripped


def _progress_note(on: dt.date, by: str, text: str) -> Any:
    return _mapping(PROGRESS_KEY_ORDER, on=_fresh(on), by=by, note=_block_if_multiline(text))


def _mapping(order: tuple[str, ...], **values: Any) -> Any:
    """A new mapping with its keys in ``order``; None values are left out."""
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap((key, values[key]) for key in order if values.get(key) is not None)


def _block_if_multiline(text: str) -> Any:
    """Text with line breaks is written as a ``|`` block, line for line as typed."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(text) if "\n" in text else text


def _fresh(day: dt.date) -> dt.date:
    """A date object of its own: ruamel.yaml writes one object used twice as an alias."""
    return dt.date(day.year, day.month, day.day)


def _words(status: Status) -> str:
    return word(status.value, current_lang())


# For the edit commands kept in modules of their own (hazchem_cli.edit.*): one edit path.
EditTarget = _Target
edit_task = _edit
progress_note = _progress_note
new_mapping = _mapping
fresh_date = _fresh
note_text = _note_text
not_after_today = _not_after_today
