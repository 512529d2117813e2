"""The trusted record cache: a warm question answered without parsing or validating again.

A question about a list nobody changed since the last one need not parse YAML, nor load
pydantic to validate it: hazchem validated exactly those bytes before. After a full
validation, the valid tasks and agencies are written here as plain JSON records, and a
later run that finds the same bytes reads them back as ``model.records`` named tuples.

Why an entry can be trusted:

- It is only ever written by ``RecordCache.store``, right after ``load_dataset``
  accepted the two texts it is keyed by (SHA-256 of both files' bytes, hazchem's version
  and this record format), or by ``RecordCache.replace_task`` for the file an edit
  wrote, once the edited task's lines were confirmed valid on their own and in the list
  (``edit.splice``; property tests hold that confirmation to a whole-file parse). An
  invalid file has no entry and goes the whole way, to its errors.
- The files are read as every data file is (``store.files``): a regular file, inside
  its repository; hashed as they are read, never held whole.
- Validation depends on the day (no note dated after today): an entry says the day it
  was validated on and is not used on an earlier one.
- Entries are JSON, which cannot run code when read, and each carries an HMAC-SHA256 of
  its content under a key kept beside the entries, readable by its owner only (0600).
  An entry written or altered by anything without the key is ignored; so is the whole
  cache when the key file is not the user's own, private, regular file (the next write
  replaces such a key, disowning every entry made under it). Entries and the key are
  read and written as the parse cache's are (``store.cache.read_own_file`` and
  ``replace_file``): regular files of the user's own only, bounded, never through a link.
- Entries are written to a temporary file and renamed into place: a reader sees a whole
  entry or none. Any failure only costs speed: the cold path answers, and so does an
  authentic entry whose lines this version cannot read (``RecordDataset``).

An entry holds every field of the models, so every command answers from it as from the
files: the tasks with their evidence and sign-offs, the file's office, the agencies with
their contacts. ``tests/test_records.py`` fails when a model gains a field its record
lacks, and compares cold and warm answers of every command that reads a list.

The parse cache (``store.cache``) holds YAML parses, a different thing with its own
format and key; the two share how their files are read, written and trusted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import hmac
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from hazchem_cli.model.records import (
    AgencyFileRecord,
    AgencyKind,
    AgencyRecord,
    AgencyView,
    ContactRecord,
    Decision,
    EvidenceRecord,
    ExtensionRecord,
    NoteRecord,
    RobotKind,
    SignoffRecord,
    SignoffRole,
    Status,
    TaskData,
    TaskFileRecord,
    TaskFileView,
    TaskRecord,
    TaskView,
    earliest_due,
)
from hazchem_cli.store.cache import (
    MAX_ENTRY_BYTES,
    new_private_key,
    prune_entries,
    read_own_file,
    read_private_key,
    replace_file,
)
from hazchem_cli.store.files import MAX_FILE_BYTES, UnreadableFile, encoded, regular_sha256
from hazchem_cli.store.locate import DataPaths
from hazchem_cli.version import __version__

if TYPE_CHECKING:
    from hazchem_cli.store.cache import ParseCache
    from hazchem_cli.store.load import Dataset

#: Bump when the body's layout changes, or what is valid: older entries are then never
#: read. 2: evidence and sign-offs, status closed, the file's office, agencies' contacts.
#: 3: free text cut short by a comment on its line is invalid. 4: a task line starts with
#: the dates ``overdue`` sorts tasks out by (``_task_line``).
RECORD_FORMAT = 4
KEY_NAME = "key"
MAX_ENTRIES = 32
MAX_TOTAL_BYTES = 512 * 1024 * 1024
_SUFFIX = ".json"
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.json")
_KEY_BYTES = 32
_STATUS = {status.value: status for status in Status}
_KINDS = {kind.value: kind for kind in AgencyKind}
_ROLES = {role.value: role for role in SignoffRole}
_DECISIONS = {decision.value: decision for decision in Decision}
_ROBOTS = {robot.value: robot for robot in RobotKind}
_from_iso = dt.date.fromisoformat
#: A piece of an entry's body: the body read, or a view of part of it.
Bytes: TypeAlias = bytes | memoryview
_new_tuple = tuple.__new__
#: One JSON value at a position, in C: ``raw_decode`` without its Python around it.
_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
#: What decoding an entry's lines raises when they are not laid out as ``_task_line`` wrote.
ENTRY_ERRORS = (ValueError, TypeError, KeyError, IndexError)


class RecordDataset:
    """Both files of a list as the record cache holds them: valid, read without validation.

    The tasks are decoded when they are first asked for, and ``overdue`` asks only for
    those that may be overdue (``may_be_overdue``): of a large list, the tasks done or
    not yet due are never decoded. The entry is signed by hazchem and named by its
    record format, so its lines decode as ``_task_line`` wrote them; should one not (a
    hazchem that wrote another layout under the same version and format), the files are
    validated instead, as when there is no entry: a bad entry costs speed, never the
    answer.
    """

    def __init__(
        self,
        paths: DataPaths,
        agency_file: AgencyFileRecord,
        head: dict[str, Any],
        body: str,
        start: int,
        today: dt.date,
    ) -> None:
        self.paths = paths
        self.agency_file = agency_file
        self._head = head
        self._today = today
        #: The entry's body: its first line (``head``), then a line per task from ``start``
        #: on. Kept whole (a copy of its task lines would cost time) until every task is
        #: decoded.
        self._body = body
        self._start = start

    @functools.cached_property
    def task_file(self) -> TaskFileView:
        """The file's fields and every task."""
        head = self._head
        try:
            tasks = [_task_record(row) for row in _rows(self._body, self._start, None)]
            task_file = TaskFileRecord(
                head["title"], head["source"], head["issued_by"], head["office"], tasks
            )
        except ENTRY_ERRORS:
            return self._validated()
        finally:
            self._body = ""  # not read again
        return task_file

    def may_be_overdue(self, as_of: dt.date) -> Sequence[TaskView]:
        """The tasks that may be overdue on ``as_of``, in list order: every one that is,
        and only those others whose dates cannot tell (an extension granted later)."""
        if "task_file" not in self.__dict__:
            with contextlib.suppress(*ENTRY_ERRORS):
                day = as_of.toordinal()
                return [_task_record(row) for row in _rows(self._body, self._start, day)]
        return self.task_file.tasks  # decoded already (or validated): nothing to spare

    def _validated(self) -> TaskFileView:
        """The task file validated, for an entry that does not decode."""
        from hazchem_cli.store.load import load_dataset

        return load_dataset(self.paths, self._today).task_file


class RecordCache:
    """Validated records in one directory, authenticated by the key beside them."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @staticmethod
    def entry_key(tasks: bytes, agencies: bytes) -> str:
        """The entry's name: both files' bytes, the tool's version and the record format."""
        return RecordCache.key_of(hashlib.sha256(tasks).digest(), hashlib.sha256(agencies).digest())

    @staticmethod
    def key_of(tasks_sha256: bytes, agencies_sha256: bytes) -> str:
        """``entry_key`` from the SHA-256 digests of both files' bytes: an edit hashes the
        large task file once, and the file it writes as it is written, in pieces."""
        digest = hashlib.sha256(tasks_sha256)
        digest.update(agencies_sha256)
        digest.update(f"\0hazchem {__version__} records {RECORD_FORMAT}".encode())
        return digest.hexdigest()

    def load(self, paths: DataPaths, today: dt.date) -> RecordDataset | None:
        """The list's records when both files are byte for byte what was validated, else
        None. The agencies are decoded now, the tasks when asked for."""
        try:
            # Read as a data file is read (a regular file, inside its repository), and
            # hashed as it is read: a large list's bytes are never held in memory.
            key = self.key_of(
                regular_sha256(paths.tasks, MAX_FILE_BYTES),
                regular_sha256(paths.agencies, MAX_FILE_BYTES),
            )
        except UnreadableFile:
            return None  # validation says what is wrong, where
        body = self._read_entry(key, today)
        if body is None:
            return None
        try:
            text = str(body, "utf-8")
            del body
            head, end = _SCAN(text, 0)
            if text[end : end + 1] not in ("\n", ""):
                raise ValueError("not one value on the first line")
            return RecordDataset(paths, _agency_file(head), head, text, end + 1, today)
        except (ValueError, TypeError, KeyError, IndexError, StopIteration):
            return None

    def entry_body(self, key: str, today: dt.date) -> bytes | None:
        """The body of entry ``key`` (see ``key_of``), verified but not decoded: a line for
        the file's fields and agencies, then one per task (see ``task_line``); a copy, which
        the edit keeps to the end."""
        body = self._read_entry(key, today)
        return None if body is None else body.tobytes()

    def store(self, dataset: Dataset, today: dt.date) -> bytes | None:
        """Keep the records of a dataset ``load_dataset`` has just validated on ``today``;
        the entry's body, as ``entry_body`` would give it, or None if not kept."""
        with contextlib.suppress(OSError, ValueError, TypeError):
            secret = self._secret(create=True)
            if secret is None:
                return None
            tasks, agencies = dataset.tasks_text, dataset.agencies_text
            key = self.entry_key(
                encoded(tasks.text, tasks.has_bom), encoded(agencies.text, agencies.has_bom)
            )
            body = b"\n".join(_encode(dataset))
            self._write_entry(secret, key, today, body)
            return body
        return None

    def replace_task(
        self, body: bytes, line: tuple[int, int], task: TaskData, key: str, today: dt.date
    ) -> None:
        """Keep, as entry ``key``, the records of a task file that is the one of entry
        ``body`` with the task on ``line`` (its span, from ``task_line``) now ``task``: for
        an edit whose result was confirmed valid without parsing it whole (``edit.splice``).
        One line of the entry changes; the others are written from ``body`` as they are,
        never copied into a new body (a large list's entry is tens of megabytes)."""
        with contextlib.suppress(OSError, ValueError, TypeError):
            secret = self._secret(create=False)
            start, end = line
            if secret is None or not 0 < start <= end <= len(body):
                return
            whole = memoryview(body)
            self._write_entry(secret, key, today, whole[:start], _task_line(task), whole[end:])

    def _read_entry(self, key: str, today: dt.date) -> memoryview | None:
        """The body of entry ``key`` when it is authentic and was validated by ``today``: a
        view of the bytes read, past the header line (a large entry is not copied)."""
        secret = self._secret(create=False)
        if secret is None:
            return None
        path = self.directory / f"{key}{_SUFFIX}"
        raw = read_own_file(path, MAX_ENTRY_BYTES)  # a regular file of ours; no link followed
        if raw is None:
            return None
        end = raw.find(b"\n")
        first, body = (raw, memoryview(b"")) if end < 0 else (raw[:end], memoryview(raw)[end + 1 :])
        try:
            header = json.loads(first)
            validated_on = _from_iso(header["validated_on"])
            mac = bytes.fromhex(header["mac"])
        except (ValueError, TypeError, KeyError):
            return None
        if header.get("format") != RECORD_FORMAT or header.get("key") != key:
            return None
        if not hmac.compare_digest(mac, _mac(secret, key, validated_on, body)):
            return None
        if validated_on > today:
            return None  # valid then; on an earlier day a note could lie in the future
        with contextlib.suppress(OSError, ValueError):
            os.utime(path, follow_symlinks=False)  # recently used entries are pruned last
        return body

    def _write_entry(self, secret: bytes, key: str, today: dt.date, *body: Bytes) -> None:
        """Write an entry whose body is the pieces of ``body`` one after the other."""
        header = {
            "format": RECORD_FORMAT,
            "key": key,
            "validated_on": today.isoformat(),
            "mac": _mac(secret, key, today, *body).hex(),
        }
        replace_file(self.directory / f"{key}{_SUFFIX}", json.dumps(header).encode(), b"\n", *body)
        self._prune()

    def _secret(self, create: bool) -> bytes | None:
        """The key entries are authenticated with, kept as the parse cache keeps its own:
        when it is missing or anything about it is wrong, None, or with ``create`` a new
        key (which disowns every entry made under the old one)."""
        path = self.directory / KEY_NAME
        existing = read_private_key(path, _KEY_BYTES)
        if existing is not None or not create:
            return existing
        return new_private_key(path, _KEY_BYTES)

    def _prune(self) -> None:
        prune_entries(self.directory, _ENTRY_NAME, MAX_ENTRIES, MAX_TOTAL_BYTES)


def default_records(environ: dict[str, str] | None = None) -> RecordCache | None:
    """The user's record cache (``$XDG_CACHE_HOME/hazchem/records``), or None when the
    caches are off (``HAZCHEM_NO_CACHE``)."""
    from hazchem_cli.store.cache import default_cache

    return records_beside(default_cache(environ))


def records_beside(parse_cache: ParseCache | None) -> RecordCache | None:
    """The record cache kept with a parse cache; none without one (caching is off)."""
    return None if parse_cache is None else RecordCache(parse_cache.directory / "records")


def _mac(secret: bytes, key: str, validated_on: dt.date, *body: Bytes) -> bytes:
    signed = hmac.new(secret, f"{key}\n{validated_on.isoformat()}\n".encode(), hashlib.sha256)
    for piece in body:
        signed.update(piece)
    return signed.digest()


# The body: a line for the file's fields and the agencies, then a line per task (see
# ``_task_line``), each a compact JSON array in a fixed field order (a third of the size of
# objects). A task is one line, so an edit of one task rewrites one line of the entry.


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _task_line(t: TaskData) -> bytes:
    """A task's line: ``[id, earliest due, done on]``, a tab, then its fields (``_task_row``).

    The first part is what ``overdue`` sorts tasks out by without decoding the rest, as
    day numbers (``date.toordinal``) or null: the earliest day any of the task's deadlines
    falls due (``model.records.earliest_due``), and its ``done_on`` when it is done. A tab
    never occurs in JSON text unescaped, so the first one ends the first part.
    """
    soonest = earliest_due(t)
    done_on = t.done_on if t.status.completed else None
    dates = [t.id, soonest.toordinal() if soonest else None, done_on and done_on.toordinal()]
    return _dumps(dates) + b"\t" + _dumps(_task_row(t))


def _task_row(t: TaskData) -> list[Any]:
    """A task in the fields' order of ``TaskRecord`` (and of ``documents.Task``)."""
    return [
        t.id,
        t.measure,
        t.task,
        t.lead,
        t.responsible,
        t.open_list,
        t.divided_responsibility,
        t.deadline,
        [[e.on.isoformat(), e.to, e.reason, e.approved_by] for e in t.extensions],
        t.status.value,
        t.done_on.isoformat() if t.done_on else None,
        [[e.on.isoformat(), e.by, e.title, e.path, e.url, e.size, e.sha256] for e in t.evidence],
        [
            [s.on.isoformat(), s.role.value, s.by, s.decision.value, s.reason, s.fingerprint]
            for s in t.signoffs
        ],
        [[n.on.isoformat(), n.by, n.note] for n in t.progress],
    ]


def _agency_row(a: AgencyView) -> list[Any]:
    """An agency in the fields' order of ``AgencyRecord`` (and of ``documents.Agency``)."""
    c = a.contact
    contact = (
        None
        if c is None
        else [c.person, c.phone, c.email, c.webhook, c.robot.value if c.robot else None, c.secret]
    )
    return [a.name, a.id, a.kind.value, a.name_en, a.aliases, a.members, contact]


def _encode(dataset: Dataset) -> list[bytes]:
    task_file = dataset.task_file
    head = {
        "title": task_file.title,
        "source": task_file.source,
        "issued_by": task_file.issued_by,
        "office": task_file.office,
        "agencies": [_agency_row(a) for a in dataset.agency_file.agencies],
    }
    return [_dumps(head), *(_task_line(t) for t in task_file.tasks)]


def task_line(body: bytes, task_id: int, near: int = 0) -> tuple[int, int] | None:
    """Where the line of task ``task_id`` runs in an entry's body (start, end), found
    without decoding or splitting the body; None if no task has that id.

    Every task line starts with its id (``[12,``) and a raw line break only separates
    lines (JSON writes those inside text as ``\\n``); ids are unique in a valid file, so
    there is one such line at most, and a search may start anywhere: ``near`` (an offset
    at or before the line, if the caller can guess one) spares reading what lies before.
    """
    needle = b"\n[%d," % task_id
    found = body.find(needle, near)
    if found < 0 and near > 0:
        found = body.find(needle, 0, near + len(needle) - 1)  # it starts before ``near``
    start = found + 1
    if start == 0:
        return None
    end = body.find(b"\n", start)
    return start, len(body) if end < 0 else end


def task_ids(body: bytes) -> list[int]:
    """The ids of an entry's tasks, in the file's order."""
    return [int(line[1 : line.index(b",")]) for line in body.split(b"\n")[1:]]


def decode_task(line: bytes) -> TaskRecord:
    """One task line of an entry."""
    return _task_record(json.loads(line[line.index(b"\t") + 1 :]))


def decode_agencies(head: bytes) -> AgencyFileRecord:
    """The agencies on an entry's first line."""
    return _agency_file(json.loads(head))


def decode_office(head: bytes) -> str:
    """The unit whose approval closes a task (``TaskFile.office_unit``), from the first line."""
    fields = json.loads(head)
    office = fields["office"] or fields["issued_by"]
    if not isinstance(office, str):
        raise TypeError("office")
    return office


def _rows(lines: str, start: int, overdue_on: int | None) -> Iterator[list[Any]]:
    """The fields of the tasks of an entry's task lines, from ``start`` on; with
    ``overdue_on`` (a day number), only of those whose dates say they may be overdue then.

    One line at a time from one text: a large entry is never copied whole again (joined
    into one JSON array, say). Raw line breaks only separate lines: JSON writes those
    inside text as \\n. A task may be overdue only when its earliest deadline is
    (``levels.is_overdue`` with that deadline): the deadline in force on any day is one
    of its deadlines, so it falls due no sooner.
    """
    end, size = start, len(lines)
    try:
        while end < size:
            (_id, soonest, done_on), tab = _SCAN(lines, end)
            if lines[tab] != "\t":
                raise ValueError("not a task's dates before its tab")
            if overdue_on is not None:
                late = soonest is not None and soonest < overdue_on
                if not late or (done_on is not None and done_on <= overdue_on):
                    end = lines.find("\n", tab)
                    end = (size if end < 0 else end) + 1
                    continue
            row, end = _SCAN(lines, tab + 1)
            if end < size and lines[end] != "\n":
                raise ValueError("not one task a line")
            end += 1
            yield row
    except (StopIteration, IndexError) as error:  # the scanner's word for "not JSON"
        raise ValueError("not a task line") from error


def _task_record(row: list[Any]) -> TaskRecord:
    (id, measure, task, lead, responsible, open_list, divided, deadline, extensions, status,
     done_on, evidence, signoffs, progress) = row  # fmt: skip
    fields = (
        id,
        measure,
        task,
        lead,
        responsible,
        open_list,
        divided,
        deadline,
        tuple(ExtensionRecord(_from_iso(e[0]), e[1], e[2], e[3]) for e in extensions)
        if extensions
        else (),
        _STATUS[status],
        _from_iso(done_on) if done_on else None,
        tuple(EvidenceRecord(_from_iso(e[0]), e[1], e[2], e[3], e[4], e[5], e[6]) for e in evidence)
        if evidence
        else (),
        tuple(
            SignoffRecord(_from_iso(s[0]), _ROLES[s[1]], s[2], _DECISIONS[s[3]], s[4], s[5])
            for s in signoffs
        )
        if signoffs
        else (),
        tuple(NoteRecord(_from_iso(n[0]), n[1], n[2]) for n in progress) if progress else (),
    )
    # The tuple's own constructor: a named tuple's is a Python function, called per task.
    return _new_tuple(TaskRecord, fields)


def _agency_file(head: dict[str, Any]) -> AgencyFileRecord:
    return AgencyFileRecord(
        [
            AgencyRecord(
                name,
                id,
                _KINDS[kind],
                name_en,
                aliases,
                members,
                None if contact is None else _contact(*contact),
            )
            for name, id, kind, name_en, aliases, members, contact in head["agencies"]
        ]
    )


def _contact(
    person: str | None,
    phone: str | None,
    email: str | None,
    webhook: str | None,
    robot: str | None,
    secret: str | None,
) -> ContactRecord:
    return ContactRecord(person, phone, email, webhook, _ROBOTS[robot] if robot else None, secret)
