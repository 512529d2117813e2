"""Writing YAML the way people will review it: the file's own layout, kept.

A data file is reviewed line by line in pull requests, so a write must reproduce every
line it does not mean to change: the file's own indentation, line ends, BOM and final
newline are read from the file (:class:`FileStyle`) and used again when it is written.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from typing import Any

from hazchem_cli.store.yaml_read import CANONICAL_INDENT, DataText, Indent, roundtrip_yaml


@dataclass(frozen=True)
class FileStyle:
    """How a file lays out its text, beyond what the YAML document itself remembers."""

    indent: Indent = CANONICAL_INDENT
    newline: str = "\n"
    has_bom: bool = False
    final_newline: bool = True


def dump_text(document: Any, newline: str = "\n", indent: Indent = CANONICAL_INDENT) -> str:
    """The document as text with ``newline`` line ends.

    Comments loaded from a CRLF file still end in ``\\r\\n`` while everything ruamel
    writes ends in ``\\n``, so line ends are made uniform before they are converted.
    """
    stream = io.StringIO()
    roundtrip_yaml(indent).dump(document, stream)
    text = stream.getvalue().replace("\r\n", "\n")
    return text.replace("\n", newline) if newline != "\n" else text


def detect_style(data: DataText, document: Any) -> FileStyle:
    """The layout of ``data``, loaded as ``document``, to write it back changing no other line."""
    return FileStyle(
        indent=detect_indent(document),
        newline=data.newline,
        has_bom=data.has_bom,
        final_newline=not data.text or data.text.endswith("\n"),
    )


def detect_indent(document: Any) -> Indent:
    """The indentation most of a loaded document's block collections use; else the canonical.

    Measured on the positions ruamel.yaml recorded while loading, so comments, flow lists
    and multi-line text cannot mislead it, and the file is not parsed a second time.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    mappings: Counter[int] = Counter()
    sequences: Counter[tuple[int, int]] = Counter()
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, CommentedSeq):
            stack.extend(node)
        if not isinstance(node, CommentedMap) or node.fa.flow_style():
            continue
        for key, value in node.items():
            stack.append(value)
            if not isinstance(value, (CommentedMap, CommentedSeq)) or value.fa.flow_style():
                continue
            column = node.lc.key(key)[1]
            if isinstance(value, CommentedMap) and value:
                mappings[value.lc.col - column] += 1
            elif isinstance(value, CommentedSeq) and value:
                sequences[(value.lc.item(0)[1] - column, value.lc.col - column)] += 1
    mapping = mappings.most_common(1)[0][0] if mappings else CANONICAL_INDENT.mapping
    if not sequences:
        return CANONICAL_INDENT._replace(mapping=mapping)
    sequence, offset = sequences.most_common(1)[0][0]
    return Indent(mapping, sequence, offset)


def render(document: Any, style: FileStyle) -> str:
    """The document as text in ``style`` (without the BOM, which ``write_atomically`` adds)."""
    text = dump_text(document, style.newline, style.indent)
    if not style.final_newline and text.endswith(style.newline):
        text = text[: -len(style.newline)]
    return text
