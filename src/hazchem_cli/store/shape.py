"""How deeply a YAML text nests and how many values it holds, from the parser's own events.

The C parser of ruamel.yaml.clib builds its node graph by recursion in C: a few tens of
thousands of nested collections overflow the C stack and the process dies (SIGSEGV), with
no exception to catch. Counting brackets cannot tell how deep a file really nests (a
``"]"`` in quotes or a comment closes nothing), so the depth is taken from the event
stream of the same C parser, which is produced iteratively and cannot crash: a
collection's start event opens a level, its end event closes it. The same events count
the values, which is what parsing, validating and locating problems cost: a file of
``1,1,1,…`` holds twenty times the values of a real list of its size.

Streaming events costs about a fifth of a full parse, so it is skipped where the text
cannot exceed either bound whatever it means. Each value needs a character of its own
among ``,`` ``:`` ``-`` ``?`` ``[`` ``{`` or a line break, so their count bounds the
values; and a deep level needs a ``[``/``{`` that is not an empty ``[]``/``{}`` or, in
block style, one more character of indentation or ``- ``/``? ``/``: `` in front of its line.
"""

from __future__ import annotations

import re

from hazchem_cli.i18n.catalogue import _

#: Real task lists nest four or five levels; deeper files are refused where they pass this
#: depth. Far below what crashes the C parser or the recursion of Python.
MAX_DEPTH = 100
#: 50,000 real tasks hold about a million values; twice that is far beyond any real list,
#: and still checked in seconds.
MAX_VALUES = 2_000_000
_BLOCK_PREFIX = MAX_DEPTH // 2
_LONG_BLOCK_PREFIX = re.compile(rf"^[ \-?:]{{{_BLOCK_PREFIX},}}", re.MULTILINE)
_VALUE_MARKS = ",:-?[{\n"


def shape_problem(text: str) -> tuple[int, int, str] | None:
    """Where (1-based line, column) and why ``text`` is too deep or too large; else None.

    A text the C parser cannot read (or where it is not installed) answers None: such a
    text goes to the parsers, which stop at the same error before anything deeper.
    """
    deep = _may_nest_deeply(text)
    large = sum(text.count(mark) for mark in _VALUE_MARKS) >= MAX_VALUES
    if not deep and not large:
        return None
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
        from ruamel.yaml.error import YAMLError
        from ruamel.yaml.events import (
            AliasEvent,
            CollectionEndEvent,
            CollectionStartEvent,
            ScalarEvent,
            StreamEndEvent,
        )
    except ImportError:  # no C parser: nothing here can crash
        return None
    parser = CParser(text)
    depth = values = 0
    try:
        while True:
            event = parser.get_event()
            if isinstance(event, CollectionStartEvent):
                depth += 1
                values += 1
                if depth > MAX_DEPTH:
                    message = _(
                        "nested too deeply (more than {count} levels): far more than any task "
                        "list (is this the right file?)",
                        count=MAX_DEPTH,
                    )
                    return _at(event, message)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, ScalarEvent | AliasEvent):
                values += 1
            elif isinstance(event, StreamEndEvent):
                return None
            if values > MAX_VALUES:
                message = _(
                    "holds more than {count} values: far more than any task list (is this "
                    "the right file?)",
                    count=format(MAX_VALUES, ","),
                )
                return _at(event, message)
    except YAMLError:
        return None  # within bounds up to the error, where every parser stops
    finally:
        parser.dispose()


def _at(event: object, message: str) -> tuple[int, int, str]:
    mark = event.start_mark  # type: ignore[attr-defined]
    return mark.line + 1, mark.column + 1, message


def _may_nest_deeply(text: str) -> bool:
    # An empty ``[]`` or ``{}`` (quoted or not) can hold nothing, so it adds no level to
    # anything inside it: only other openers can stand between a value and the top.
    flow_openers = text.count("[") + text.count("{") - text.count("[]") - text.count("{}")
    return flow_openers >= MAX_DEPTH - _BLOCK_PREFIX - 2 or bool(_LONG_BLOCK_PREFIX.search(text))
