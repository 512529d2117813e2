"""The keys that hold free text, and how to write a text so YAML reads all of it.

People write sentences into these keys by hand, and a sentence holds what YAML treats
as syntax: ``: `` starts a mapping, a leading quote ends at the next quote, `` #`` starts
a comment. Other keys hold a closed vocabulary (status, role), a date, a number, an id
or an agency name that ``check`` looks up, so a value cut short there is still caught.
``tests/test_hand_edits.py`` fails when a model gains a text field that is in neither
group, so that a new field is placed in one on purpose.
"""

from __future__ import annotations

#: Free-text keys of both files (``model.documents``): task and measure, a note's text,
#: an extension's or a sign-off's reason, an evidence title, the file's provenance; in
#: agencies.yaml a contact person and an English name.
PROSE_KEYS = frozenset(
    {"measure", "task", "note", "reason", "title", "source", "issued_by", "person", "name_en"}
)


def quoted(text: str) -> str:
    """``text`` as a YAML quoted scalar, read back whole whatever it holds: in single quotes
    (where only ``'`` is special, written twice), or in double quotes when that is simpler
    to read (a text holding ``'`` but no ``"`` or backslash)."""
    if "'" in text and '"' not in text and "\\" not in text:
        return '"' + text + '"'
    return "'" + text.replace("'", "''") + "'"
