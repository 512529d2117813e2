"""Merging by meaning: two edit sequences that do not conflict merge to both applied."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hazchem_cli.edit.merge_file import merge_texts, rewritten
from hazchem_cli.model.documents import Extension, ProgressNote, Status, TaskFile
from hazchem_cli.review.merge import (
    Conflict,
    merge_dated,
    merge_models,
    read_task_file,
    with_markers,
)
from hazchem_cli.store.yaml_read import decode_data
from tests.conftest import DATA

#: The shipped file's header and first three tasks: small, so each example is quick.
_SHIPPED = (DATA / "tasks.yaml").read_text(encoding="utf-8")
BASE_TEXT = _SHIPPED[: _SHIPPED.index("  - id: 4\n")]
AGENCIES = ("省应急管理厅", "省经信厅", "省公安厅")
FIELDS = ("measure", "task", "status")


def data(text: str) -> Any:
    return decode_data(text.encode("utf-8"), Path("tasks.yaml"))


BASE = read_task_file(data(BASE_TEXT))
IDS = [task.id for task in BASE.tasks]

note_edits = st.tuples(
    st.just("note"),
    st.sampled_from(IDS),
    st.integers(min_value=0, max_value=60),
    st.sampled_from(AGENCIES),
)
field_edits = st.tuples(st.just("field"), st.sampled_from(IDS), st.sampled_from(FIELDS))
edits = st.lists(st.one_of(note_edits, field_edits), max_size=5)


def apply(model: TaskFile, sequence: list[tuple[Any, ...]], side: str) -> TaskFile:
    """The edits applied in order; notes and new values carry the side's name."""
    tasks = {task.id: task for task in model.tasks}
    for number, edit in enumerate(sequence):
        task = tasks[edit[1]]
        if edit[0] == "note":
            day = dt.date(2022, 9, 1) + dt.timedelta(days=edit[2])
            note = ProgressNote(on=day, by=edit[3], note=f"{side} {number}")
            update: dict[str, Any] = {"progress": [*task.progress, note]}
        elif edit[2] == "status":
            update = {"status": Status.IN_PROGRESS}
        else:
            update = {edit[2]: f"{getattr(task, edit[2])}（{side} {number}）"}
        tasks[task.id] = task.model_copy(update=update)
    return model.model_copy(update={"tasks": [tasks[task.id] for task in model.tasks]})


def in_date_order(model: TaskFile) -> TaskFile:
    tasks = [
        task.model_copy(update={"progress": sorted(task.progress, key=lambda n: n.on)})
        for task in model.tasks
    ]
    return model.model_copy(update={"tasks": tasks})


def fields_of(sequence: list[tuple[Any, ...]]) -> set[tuple[int, str]]:
    return {(edit[1], edit[2]) for edit in sequence if edit[0] == "field"}


def without_fields(sequence: list[tuple[Any, ...]], taken: set[tuple[int, str]]) -> list[Any]:
    """Theirs' edits less those to a field ours also edits: what makes a real conflict."""
    return [e for e in sequence if e[0] == "note" or (e[1], e[2]) not in taken or e[2] == "status"]


@given(edits, edits)
def test_merging_two_edit_sequences_equals_applying_both(
    ours_edits: list[Any], theirs_edits: list[Any]
) -> None:
    theirs_edits = without_fields(theirs_edits, fields_of(ours_edits))
    ours = apply(BASE, ours_edits, "ours")
    theirs = apply(BASE, theirs_edits, "theirs")
    merged = merge_models(BASE, ours, theirs)
    assert merged.conflicts == []
    assert merged.ours == merged.theirs
    assert merged.ours == in_date_order(
        apply(apply(BASE, ours_edits, "ours"), theirs_edits, "theirs")
    )


def written(model: TaskFile) -> str:
    """A side as a file: the shipped text changed to mean ``model`` (the driver's writer)."""
    return rewritten(data(BASE_TEXT), BASE, model)


@settings(max_examples=25, deadline=None)
@given(edits, edits)
def test_the_merged_file_means_both_sides_edits(
    ours_edits: list[Any], theirs_edits: list[Any]
) -> None:
    theirs_edits = without_fields(theirs_edits, fields_of(ours_edits))
    ours, theirs = apply(BASE, ours_edits, "ours"), apply(BASE, theirs_edits, "theirs")
    result = merge_texts(
        data(BASE_TEXT), data(written(ours)), data(written(theirs)),
        registry=None, today=dt.date(2022, 12, 31),
    )  # fmt: skip
    assert result.conflicts == []
    expected = in_date_order(apply(ours, theirs_edits, "theirs"))
    assert read_task_file(data(result.text)) == expected
    # Merging a side with itself changes nothing.
    same = merge_texts(data(BASE_TEXT), data(written(ours)), data(written(ours)),
                       registry=None, today=dt.date(2022, 12, 31))  # fmt: skip
    assert same.text == written(ours)


def test_the_same_field_changed_differently_conflicts_and_keeps_both_values() -> None:
    ours = apply(BASE, [("field", 2, "task")], "ours")
    theirs = apply(BASE, [("field", 2, "task")], "theirs")
    merged = merge_models(BASE, ours, theirs)
    assert merged.conflicts == [Conflict(2, "task")]
    assert merged.ours.tasks[1].task.endswith("（ours 0）")
    assert merged.theirs.tasks[1].task.endswith("（theirs 0）")


def test_a_note_added_on_both_sides_is_kept_once() -> None:
    note = ProgressNote(on=dt.date(2022, 10, 1), by="省经信厅", note="同一条")
    earlier = ProgressNote(on=dt.date(2022, 9, 1), by="省公安厅", note="更早")
    assert merge_dated([], [note], [note, earlier]) == [earlier, note]


def test_a_removed_note_stays_removed_and_extensions_merge_by_date() -> None:
    one = Extension(on=dt.date(2022, 5, 1), to="2022年8月", reason="a", approved_by="省安委办")
    two = Extension(on=dt.date(2022, 6, 1), to="2022年9月", reason="b", approved_by="省安委办")
    assert merge_dated([one], [], [one, two]) == [two]
    assert merge_dated([], [two], [one]) == [one, two]


def test_a_task_removed_on_one_side_and_changed_on_the_other_conflicts() -> None:
    ours = BASE.model_copy(update={"tasks": BASE.tasks[1:]})
    theirs = apply(BASE, [("field", 1, "measure")], "theirs")
    merged = merge_models(BASE, ours, theirs)
    assert merged.conflicts == [Conflict(1, None)]
    assert [task.id for task in merged.theirs.tasks] == [1, 2, 3]
    assert [task.id for task in merged.ours.tasks] == [2, 3]


def test_a_task_added_on_one_side_is_placed_after_its_neighbour() -> None:
    added = BASE.tasks[0].model_copy(update={"id": 9})
    theirs = BASE.model_copy(update={"tasks": [BASE.tasks[0], added, *BASE.tasks[1:]]})
    merged = merge_models(BASE, BASE, theirs)
    assert [task.id for task in merged.ours.tasks] == [1, 9, 2, 3]
    text = merge_texts(data(BASE_TEXT), data(BASE_TEXT), data(written(theirs)),
                       registry=None, today=dt.date(2022, 12, 31)).text  # fmt: skip
    assert [t.id for t in read_task_file(data(text)).tasks] == [1, 9, 2, 3]


def test_markers_surround_only_the_lines_that_differ() -> None:
    assert with_markers("a\nb\nc\n", "a\nB\nc\n") == (
        "a\n<<<<<<< ours\nb\n=======\nB\n>>>>>>> theirs\nc\n"
    )
