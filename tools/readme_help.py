"""Paste the real Chinese help of one command into the README: ``python tools/readme_help.py``.

The README shows what ``hazchem overdue -h`` prints where no locale is set (Chinese,
as on Windows). This rewrites that block from the program itself, so the copy is never
retyped; tests/test_help_language.py fails when the two differ.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"(```console\n\$ hazchem overdue -h\n)(.*?)(```)", re.DOTALL)


def chinese_help() -> str:
    """``hazchem overdue -h`` as a user with no locale sees it, in an 80-column console."""
    for variable in ("HAZCHEM_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        os.environ.pop(variable, None)
    os.environ["COLUMNS"] = "80"
    from typer.testing import CliRunner

    from hazchem_cli.cli.app import app

    return CliRunner().invoke(app, ["overdue", "-h"]).stdout


def main() -> int:
    readme = README.read_text(encoding="utf-8")
    text = chinese_help()
    updated, count = BLOCK.subn(lambda match: match[1] + text + match[3], readme)
    if count != 1:
        print("README.md: no ```console block starting `$ hazchem overdue -h`", file=sys.stderr)
        return 1
    README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
