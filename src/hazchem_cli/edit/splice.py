"""Confirming a one-task edit on its own lines, so an edit costs what the edit changes.

An edit cuts a task's lines out (``task_lines``), round-trips them and splices them back.
Confirming the result by parsing and validating the whole new file cost more than half of
``hazchem done`` on a 50,000-task list (seconds, and 750 MB). The splice can be confirmed
from the edited lines alone when three things hold:

1. the cut-out lines, parsed alone, are the task the whole file holds (``task_edits``
   checks this before editing): the lines around them do not change what they mean;
2. the edited lines, parsed alone, are a task the ``Task`` model accepts, with the same
   id, that passes the checks made across a file (agency names, days not after today,
   the close-out rules against the file's office, the rules of dated records);
3. the edited lines end at an item boundary: the spliced file has the same items, this
   one in the same place, and nothing after it can be read as part of it (no ``|+``
   block scalar keeps the blank lines after it; no comment after it is indented enough
   to be read into a block scalar; no anchors, aliases or tags).

The lines before and after are copied byte for byte, so every other task, and the file's
title, source and issuer, mean what they meant. When any condition fails the caller
parses the whole file as before. ``tests/test_splice.py`` checks on generated files and
edits that whenever this says yes, the whole-file parse says the same.

An edit also starts without validating the whole file when the trusted record cache
(``store.records``) holds the file's exact bytes: they were valid when written there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from hazchem_cli.edit.atomic import Pieces
from hazchem_cli.edit.task_lines import TaskBlock, is_one_item
from hazchem_cli.model.documents import Task
from hazchem_cli.model.registry import AgencyRegistry
from hazchem_cli.store.cache import ParseCache
from hazchem_cli.store.files import (
    MAX_FILE_BYTES,
    UTF8_BOM,
    UnreadableFile,
    encoded,
    read_regular,
)
from hazchem_cli.store.load import Dataset, load_dataset
from hazchem_cli.store.locate import DataPaths
from hazchem_cli.store.records import (
    ENTRY_ERRORS,
    RecordCache,
    decode_agencies,
    decode_office,
    decode_task,
    records_beside,
    task_ids,
    task_line,
)
from hazchem_cli.store.validate import task_fits_list
from hazchem_cli.store.yaml_read import DataText

#: A block scalar that keeps its final line breaks takes the blank lines after it.
_KEEP_CHOMPING = re.compile(r"[|>][0-9]?\+")
_TIES = re.compile(r"[&*!]")


@dataclass
class EditStart:
    """The file an edit starts from, known valid: validated now, or found in the records.

    From the records, only the edited task's line is found and decoded: an edit of one task
    of 50,000 neither splits the entry into lines nor reads the others' ids.
    """

    paths: DataPaths
    today: dt.date
    cache: ParseCache | None
    #: The task file's bytes, the BOM left out (``has_bom``); ``newline``: its line end.
    source: bytes
    has_bom: bool
    newline: str
    #: SHA-256 of the agency file's bytes, for the key of the edited file's records.
    agencies_sha256: bytes
    count: int
    registry: AgencyRegistry
    #: The unit whose approval closes a task (``TaskFile.office_unit``).
    office: str
    records: RecordCache | None
    #: The body of the record entry of these bytes (None when caching is off or failed).
    entry: bytes | None
    _dataset: Dataset | None = field(default=None, repr=False)
    _data: DataText | None = field(default=None, repr=False)
    #: Where the lines of the tasks found so far run in ``entry``, by index.
    _lines: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)

    def find(self, task_id: int) -> int | None:
        """The index of the task with id ``task_id``, or None when there is none."""
        if self.entry is None:
            ids = self.ids()
            return ids.index(task_id) if task_id in ids else None
        # Ids are mostly the tasks' numbers in the list, 1 to count: the line of id n is
        # about n / count of the way through, and the search starts a little before that.
        share = len(self.entry) * (task_id - 1) // max(self.count, 1)
        line = task_line(self.entry, task_id, max(0, share - len(self.entry) // 16))
        if line is None:
            return None
        index = self.entry.count(b"\n", 0, line[0]) - 1  # the first line is the file's own
        self._lines[index] = line
        return index

    def ids(self) -> list[int]:
        """Every task's id, in the file's order."""
        if self.entry is not None:
            with contextlib.suppress(*ENTRY_ERRORS):  # else validated, as without an entry
                return task_ids(self.entry)
        return [task.id for task in self.dataset().task_file.tasks]

    def task(self, index: int) -> Task:
        """Task ``index`` (one ``find`` returned) as the model: a record came from a
        validated model, so validating its values again gives that model back."""
        line = self._lines.get(index)
        if self._dataset is not None or self.entry is None or line is None:
            return self.dataset().task_file.tasks[index]
        try:
            found = decode_task(self.entry[line[0] : line[1]])
            values = found._asdict()
            for key in ("extensions", "evidence", "signoffs", "progress"):
                values[key] = [item._asdict() for item in values[key]]
            return Task.model_validate(values)
        except ENTRY_ERRORS:  # a line this version does not read: validated, as without one
            return self.dataset().task_file.tasks[index]

    def with_bom(self, source: Pieces) -> Pieces:
        """The bytes of a file of ``source`` (bytes like ``self.source``) as it is written:
        after the BOM the file was read with, if any."""
        return (UTF8_BOM, *source) if self.has_bom else source

    def holds(self, raw: bytes | None) -> bool:
        """Whether ``raw`` (a file's bytes; None: no file) are the bytes this edit read."""
        bom = UTF8_BOM if self.has_bom else b""
        return (
            raw is not None
            and len(raw) == len(bom) + len(self.source)
            and raw.startswith(bom)
            and raw.endswith(self.source)
        )

    def data(self) -> DataText:
        """The task file as text, for the edits that cannot be made on its bytes."""
        if self._data is None:
            self._data = DataText(
                self.paths.tasks, self.source.decode("utf-8"), self.has_bom, self.newline
            )
        return self._data

    def dataset(self) -> Dataset:
        """The whole file validated, for the edits that cannot be confirmed locally."""
        if self._dataset is None:
            self._dataset = load_dataset(self.paths, self.today, self.cache)
        return self._dataset

    def remember(self, written: Pieces, index: int, task: Task) -> None:
        """Record the edited file (``written``: its bytes), confirmed valid, so the next
        question is answered warm."""
        line = self._lines.get(index)
        if self.records is not None and self.entry is not None and line is not None:
            digest = hashlib.sha256()
            for piece in written:
                digest.update(piece)
            key = self.records.key_of(digest.digest(), self.agencies_sha256)
            self.records.replace_task(self.entry, line, task, key, self.today)


def edit_start(paths: DataPaths, today: dt.date, cache: ParseCache | None) -> EditStart:
    """Both files, valid: from the record cache when it holds their bytes, else validated
    (and then recorded). Raises ``DataError`` for an invalid file, as ``load_dataset``."""
    records = records_beside(cache)
    if records is not None:
        try:
            # As a data file is read: a regular file, inside its repository.
            raw = read_regular(paths.tasks, MAX_FILE_BYTES)
            agencies = read_regular(paths.agencies, MAX_FILE_BYTES)
        except UnreadableFile:
            pass  # validation says what is wrong, where
        else:
            tasks_sha256, agencies_sha256 = _sha256(raw), _sha256(agencies)
            entry = records.entry_body(records.key_of(tasks_sha256, agencies_sha256), today)
            if entry is not None:
                try:
                    end = entry.find(b"\n")
                    head = entry if end < 0 else entry[:end]
                    registry = AgencyRegistry(decode_agencies(head).agencies)
                    office = decode_office(head)
                except ENTRY_ERRORS:
                    pass  # not what this version writes: validate instead
                else:
                    # Valid bytes, so valid UTF-8 with no UTF-16 BOM and no NUL: not decoded
                    # whole, not checked again. The line end is ``decode_data``'s rule.
                    has_bom = raw.startswith(UTF8_BOM)
                    source = raw[len(UTF8_BOM) :] if has_bom else raw
                    del raw
                    newline = "\r\n" if b"\r" in source and b"\r\n" in source else "\n"
                    return EditStart(
                        paths, today, cache, source, has_bom, newline, agencies_sha256,
                        entry.count(b"\n"), registry, office, records, entry,
                    )  # fmt: skip
    dataset = load_dataset(paths, today, cache)
    entry = records.store(dataset, today) if records is not None else None
    data = dataset.tasks_text
    return EditStart(
        paths,
        today,
        cache,
        data.text.encode("utf-8"),
        data.has_bom,
        data.newline,
        _sha256(encoded(dataset.agencies_text.text, dataset.agencies_text.has_bom)),
        len(dataset.task_file.tasks),
        dataset.registry,
        dataset.task_file.office_unit,
        records,
        entry,
        dataset,
        data,
    )


def _sha256(raw: bytes) -> bytes:
    return hashlib.sha256(raw).digest()


def confirmed_locally(
    block: TaskBlock,
    rendered: str,
    before: Task,
    edited: Task | None,
    registry: AgencyRegistry,
    today: dt.date,
    office: str,
) -> bool:
    """Whether the file with ``block`` replaced by ``rendered`` is the old file with only
    this task changed, to ``edited`` (``rendered`` parsed alone), and valid. ``office`` is
    the file's ``office_unit``, which sign-offs are checked against."""
    if edited is None or edited.id != before.id:
        return False
    if not task_fits_list(edited, registry, today, office):
        return False
    if not rendered.startswith(block.header) or not rendered.endswith(block.newline):
        return False
    body = rendered[len(block.header) :]
    if _TIES.search(body) or _KEEP_CHOMPING.search(body):
        return False
    first = block.lines[0]
    indent = len(first) - len(first.lstrip(" "))
    if not is_one_item(body.splitlines(keepends=True), indent):
        return False
    for line in block.following():
        stripped = line.lstrip(" ")
        if "\r" in line.rstrip("\r\n"):
            return False  # a lone CR breaks lines for YAML: leave it to the whole parse
        if not stripped.strip():
            continue
        if not stripped.startswith("#"):
            break
        if len(line) - len(stripped) > indent:
            return False  # a comment that a block scalar at the end could read as text
    return True
