"""What the real stdout is, asked in one place so rendering itself stays a pure function.

A command asks these once and passes the answers to ``render.render_text``; tests pass
their own answers instead of faking a terminal.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Mapping


def stdout_is_terminal() -> bool:
    """Whether a person is reading: a closed or replaced stdout counts as not a terminal."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, OSError, ValueError):
        return False


def color_allowed(environ: Mapping[str, str]) -> bool:
    """Honour NO_COLOR (https://no-color.org: any non-empty value) and dumb terminals."""
    if environ.get("NO_COLOR", ""):
        return False
    return environ.get("TERM", "") != "dumb"


def terminal_width() -> int:
    """Columns of the terminal, or of $COLUMNS; 100 when neither can be found."""
    return shutil.get_terminal_size(fallback=(100, 24)).columns
