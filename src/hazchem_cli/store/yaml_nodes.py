"""Walking a composed YAML document (its nodes, with their positions, nothing constructed).

Checks that read a file's structure as written (repeated keys, text cut short by a
comment) walk the same graph the same way; anchors make it a graph rather than a tree,
so a node reached many times is visited once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def mappings(root: Any) -> Iterator[Any]:
    """Every mapping node below ``root`` (a composed document, or None), each once."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            yield node
            stack.extend(value for _key, value in node.value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
