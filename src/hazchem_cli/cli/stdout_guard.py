"""A full disk, a closed pipe or a closed standard output: one line on stderr, exit 1.

Output goes through Typer, click and ``print``; any of them may meet ``ENOSPC``
(``hazchem overdue > /dev/full``), ``EPIPE`` (``| head`` that stopped reading) or a
standard output that was closed before hazchem started (``>&-``, where Python sets
``sys.stdout`` to None and every write would vanish silently). Buffered output is
written when the interpreter exits, too late to report; so it is flushed here, and a
failure is told in one line, never as a traceback.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Callable


class _ClosedOutput(io.TextIOBase):
    """Stands for a standard output that was closed: every write fails as the OS would."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def run_guarded(run: Callable[[], object]) -> None:
    """Run the command; report a failure to write its output and exit 1.

    A console that cannot show a character (a Chinese Windows console in GBK, a redirect
    in ASCII) gets ``?`` in its place: the answer degrades, it never ends in a traceback.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    closed = sys.stdout is None
    if closed:
        sys.stdout = _ClosedOutput()
    try:
        try:
            run()
        finally:
            if not closed:
                sys.stdout.flush()
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EPIPE, errno.EBADF, errno.EIO, errno.EDQUOT):
            raise
        _give_up(exc, closed)


def _give_up(exc: OSError, closed: bool) -> None:
    from hazchem_cli.i18n.labels import detect_lang, word
    from hazchem_cli.i18n.language import lang_in_args

    lang = lang_in_args(sys.argv[1:]) or detect_lang(os.environ)
    reason = word("output_closed", lang) if closed else exc.strerror or str(exc)
    if not closed:
        # What is still buffered would fail again when Python exits; let it go nowhere.
        with open(os.devnull, "wb") as nowhere:
            os.dup2(nowhere.fileno(), sys.stdout.fileno())
    sys.stderr.write(word("output_failed", lang, reason=reason) + "\n")
    raise SystemExit(1)
