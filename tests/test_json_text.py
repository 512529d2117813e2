"""JSON answers printed a row at a time are the text ``json.dumps(indent=2)`` writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from hazchem_cli.output.json_text import json_pieces

TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x3000), max_size=8)
LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(TEXT, inner, max_size=3)
    ),
    max_leaves=12,
)
ROWS = st.lists(st.dictionaries(TEXT, VALUES, max_size=4), max_size=4)


def standard(document: Any) -> str:
    """What the answer was before it was printed in pieces."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return text.translate({code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}) + "\n"


@given(ROWS)
def test_a_list_of_rows_in_pieces_is_the_standard_text(rows: list[dict[str, Any]]) -> None:
    assert "".join(json_pieces(rows)) == standard(rows)


@given(st.dictionaries(TEXT, ROWS, max_size=3))
def test_sections_by_key_in_pieces_are_the_standard_text(
    sections: dict[str, list[dict[str, Any]]],
) -> None:
    assert "".join(json_pieces(sections)) == standard(sections)


def test_controls_a_terminal_acts_on_are_escaped() -> None:
    rows = [{"task": "a\x9b31mb\x7f", "note": "\x1b[2J"}]

    assert "".join(json_pieces(rows)) == (
        '[\n  {\n    "task": "a\\u009b31mb\\u007f",\n    "note": "\\u001b[2J"\n  }\n]\n'
    )


def test_each_row_is_a_piece_of_its_own() -> None:
    rows = [{"id": n} for n in range(3)]

    assert len(list(json_pieces(rows))) == 2 + len(rows)


def test_text_of_a_kind_of_its_own_is_text() -> None:
    """A str enum (a level, a status) is written as its text, not as its letters."""
    from hazchem_cli.model.levels import Level
    from hazchem_cli.model.records import Status

    rows = [{"level": Level.RED, "statuses": [Status.DONE], "pair": (Level.GREEN, "x")}]

    assert "".join(json_pieces(rows)) == standard(rows)
