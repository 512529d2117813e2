"""Data text made safe to print on a terminal: control characters shown, never obeyed.

Task text comes from a file anyone may edit; an ESC in a note must not recolour or
rewrite the screen of the person reading it, and the same rule holds for error messages
that quote the data.
"""

import re

# C0 controls other than tab and newline, and DEL, in the caret form `cat -v` uses (ESC
# reads ^[); C1 controls have no such form and become U+FFFD.
_VISIBLE_CONTROLS: dict[int, str] = {
    **{code: f"^{chr(code + 0x40)}" for code in range(0x20) if code not in (0x09, 0x0A)},
    0x7F: "^?",
    **{code: "\ufffd" for code in range(0x80, 0xA0)},
}
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def has_controls(text: str) -> bool:
    """Whether :func:`visible` would change ``text``: lets a caller skip work on clean text."""
    return _CONTROL_CHARACTER.search(text) is not None


def visible(text: str) -> str:
    """Make control characters printable so data cannot send escape sequences."""
    if not has_controls(text):
        return text  # nearly always: skip the slower translation
    return text.translate(_VISIBLE_CONTROLS)
