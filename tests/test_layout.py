"""Changing a round-trip document keeps every comment above the line it was written above."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from hazchem_cli.edit.layout import TASK_KEY_ORDER, append_to, delete_key, reorder, set_in_order
from hazchem_cli.edit.yaml_write import dump_text
from hazchem_cli.store.yaml_read import roundtrip_yaml

TWO_TASKS = """\
tasks:
  - id: 1
    deadline: "2022年11月"  # agreed
    # about the status
    status: in_progress  # owner: safety office
    # about task 2
  - id: 2
    lead: []
    # above the deadline, after a flow list
    deadline: "2022年6月"
    status: done
    done_on: 2022-06-01  # checked
    # below done_on

    # about task 3
  - id: 3
    deadline: "2022年6月"
    progress: []  # none yet
# end of file
"""


def load(text: str) -> Any:
    return roundtrip_yaml().load(text)


def note(day: dt.date) -> CommentedMap:
    return CommentedMap([("on", day), ("by", "省安委办"), ("note", "x")])


def test_a_key_inserted_before_a_comment_goes_above_it() -> None:
    document = load(TWO_TASKS)

    set_in_order(document["tasks"][0], "extensions", CommentedSeq(["e"]))
    set_in_order(document["tasks"][0], "done_on", dt.date(2022, 11, 1))

    assert dump_text(document).startswith(
        "tasks:\n"
        "  - id: 1\n"
        '    deadline: "2022年11月"  # agreed\n'
        "    extensions:\n"
        "      - e\n"
        "    # about the status\n"
        "    status: in_progress  # owner: safety office\n"
        "    done_on: 2022-11-01\n"
        "    # about task 2\n"
        "  - id: 2\n"
    )


def test_a_key_inserted_after_a_flow_list_keeps_the_comment_above_the_next() -> None:
    document = load(TWO_TASKS)

    set_in_order(document["tasks"][1], "responsible", CommentedSeq())

    assert (
        "    lead: []\n    responsible: []\n    # above the deadline, after a flow list\n"
        '    deadline: "2022年6月"\n'
    ) in dump_text(document)


def test_appending_keeps_the_comment_above_the_next_item() -> None:
    document = load(TWO_TASKS)
    task = document["tasks"][1]

    append_to(task, "progress", note(dt.date(2022, 6, 2)))
    append_to(task, "progress", note(dt.date(2022, 6, 3)))

    assert (
        "    done_on: 2022-06-01  # checked\n"
        "    progress:\n"
        "      - on: 2022-06-02\n        by: 省安委办\n        note: x\n"
        "      - on: 2022-06-03\n        by: 省安委办\n        note: x\n"
        "    # below done_on\n\n    # about task 3\n  - id: 3\n"
    ) in dump_text(document)


def test_appending_to_an_empty_flow_list_makes_it_a_block_list() -> None:
    document = load(TWO_TASKS)

    append_to(document["tasks"][2], "progress", note(dt.date(2022, 6, 2)))

    assert dump_text(document).endswith(
        "    progress:     # none yet\n"  # the comment keeps its column
        "      - on: 2022-06-02\n        by: 省安委办\n        note: x\n"
        "# end of file\n"
    )


def test_deleting_a_key_drops_its_line_and_keeps_the_comments_below() -> None:
    document = load(TWO_TASKS)

    delete_key(document["tasks"][1], "done_on")

    assert "    status: done\n    # below done_on\n\n    # about task 3\n  - id: 3\n" in (
        dump_text(document)
    )
    assert "# checked" not in dump_text(document)


def test_deleting_after_a_flow_list_keeps_the_comment_that_stood_above() -> None:
    document = load(TWO_TASKS)

    delete_key(document["tasks"][1], "deadline")

    assert "    lead: []\n    # above the deadline, after a flow list\n    status: done\n" in (
        dump_text(document)
    )


def test_the_first_key_is_not_deleted() -> None:
    document = load(TWO_TASKS)

    with pytest.raises(ValueError, match="first key"):
        delete_key(document["tasks"][0], "id")


def test_reordering_moves_each_key_with_the_comments_above_it() -> None:
    document = load(
        "tasks:\n"
        "  - status: in_progress  # eol\n"
        "    # about the deadline\n"
        '    deadline: "2022年6月"\n'
        "    lead: []\n"
        "    # about the id\n"
        "    id: 7\n"
        "  # about task 8\n"
        "  - id: 8\n"
    )

    reorder(document["tasks"][0], TASK_KEY_ORDER)

    assert dump_text(document) == (
        "tasks:\n"
        "  - id: 7\n"
        "    # about the id\n"  # the first key's line starts the item: nothing can go above it
        "    lead: []\n"
        "    # about the deadline\n"
        '    deadline: "2022年6月"\n'
        "    status: in_progress  # eol\n"
        "  # about task 8\n"
        "  - id: 8\n"
    )


def test_reordering_an_ordered_mapping_changes_nothing() -> None:
    document = load(TWO_TASKS)

    for task in document["tasks"]:
        reorder(task, TASK_KEY_ORDER)

    assert dump_text(document) == TWO_TASKS
