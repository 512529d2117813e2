"""Turning a data file's bytes into plain Python values, or into located problems.

Data files come from many hands and editors, so everything that can go wrong before the
models see a value is caught here and told as ``file:line:col``: unreadable files, wrong
encodings, merge-conflict markers, YAML syntax, tabs, duplicate keys, and tags that would
ask for Python objects (the safe loader never builds those: nothing in a file runs code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from hazchem_cli.errors import DataError, Problem
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.store.conflicts import conflict_problems
from hazchem_cli.store.files import MAX_FILE_BYTES, UTF8_BOM
from hazchem_cli.store.shape import shape_problem

#: More values than any real list holds (50,000 tasks are about 1.5 million), so a file
#: whose aliases expand beyond it is an alias bomb, refused before anything walks it.
MAX_EXPANDED_NODES = 5_000_000

#: Errors in larger texts are told as the C parser finds them; the pure-Python parser
#: words them better but reads only about a hundred kilobytes a second.
MAX_PURE_PARSER_CHARS = 256 * 1024
#: As many as ``check`` locates of other problems (``validation.MAX_LOCATED``).
MAX_DUPLICATES_SHOWN = 10_000
_ANCHOR = re.compile(r"&[^\s,\[\]{}]")
#: Directives stand before the document, among comments and blank lines only.
_VERSION_DIRECTIVE = re.compile(
    r"\A(?:(?:[ \t]*(?:#[^\n]*)?|%(?!YAML)[^\n]*)\r?\n)*%YAML[ \t]+(\S+)"
)

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)


@dataclass(frozen=True)
class DataText:
    """A data file's text, with what must be kept when it is written back."""

    path: Path
    text: str
    has_bom: bool
    newline: str


def read_data_text(path: Path) -> DataText:
    """Read a data file as UTF-8 text, or raise a ``DataError`` that says what to do.

    Only a regular file inside its repository is read, and only up to the size limit
    (see :mod:`hazchem_cli.store.files`): a FIFO, a device or a link to a secret is refused.
    """
    from hazchem_cli.store.files import UnreadableFile, read_regular

    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except UnreadableFile as exc:
        raise _single(str(path), 1, 1, str(exc)) from None
    return decode_data(raw, path)


def decode_data(raw: bytes, path: Path) -> DataText:
    """Decode bytes as UTF-8 (a BOM is accepted and remembered)."""
    shown = str(path)
    if raw.startswith(_UTF16_BOMS):
        raise _single(shown, 1, 1, _("file is UTF-16; save it as UTF-8"))
    has_bom = raw.startswith(UTF8_BOM)
    body = raw[len(UTF8_BOM) :] if has_bom else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(body, exc.start)
        message = _(
            "not valid UTF-8 (byte 0x{byte}); save as UTF-8", byte=format(body[exc.start], "02x")
        )
        raise _single(shown, line, col, message) from None
    if "\x00" in text:
        line, col = _text_position(text, text.index("\x00"))
        raise _single(shown, line, col, _("NUL character: this is not a text file"))
    newline = "\r\n" if "\r\n" in text else "\n"
    return DataText(path, text, has_bom, newline)


def parse_plain(data: DataText) -> Any:
    """Parse YAML into plain dicts, lists, strings, numbers and dates (safe loader).

    Duplicate keys are all reported at once, found on the node graph, because the
    loader itself would stop at the first.
    """
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    shown = str(data.path)
    conflicts = conflict_problems(shown, data.text) if _CONFLICT_MARKER.search(data.text) else []
    if conflicts:
        raise DataError(conflicts)
    _refuse_other_versions(data)
    too_large = shape_problem(data.text)
    if too_large is not None:
        raise _single(shown, *too_large)
    anchored = _ANCHOR.search(data.text) is not None
    try:
        try:
            return _bounded(_load(data, anchored, pure=False), anchored, shown)
        except (YAMLError, ValueError, RecursionError):
            # The pure-Python parser explains errors better, but takes a minute on tens of
            # megabytes: a large file is told the C parser's error instead.
            if len(data.text) > MAX_PURE_PARSER_CHARS:
                raise
        return _bounded(_load(data, anchored, pure=True), anchored, shown)
    except DuplicateKeyError:
        raise DataError(_duplicate_keys(data)) from None
    except MarkedYAMLError as exc:
        raise DataError([_explained(shown, data.text, exc)]) from None
    except ReaderError as exc:
        line, col = _text_position(data.text, exc.position)
        raise _single(
            shown,
            line,
            col,
            _(
                "control character U+{code} is not allowed in YAML; remove it (a tab or a "
                "line break is fine)",
                code=format(exc.character, "04X"),
            ),
        ) from None
    except YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else "unknown error"
        raise _single(shown, 1, 1, _("not valid YAML: {words}", words=first_line)) from None
    except (RecursionError, ValueError):
        raise _single(
            shown, 1, 1, _("not valid YAML, or nested too deeply to be a task list")
        ) from None


def _refuse_other_versions(data: DataText) -> None:
    """One YAML version, 1.2, for every reader and writer.

    Under a ``%YAML 1.1`` directive some readers take ``yes`` for true and ``010`` for
    eight while others read the text; ``fmt`` would write the change back. Rather than
    guess which the author meant, the directive is refused and the author decides.
    """
    match = _VERSION_DIRECTIVE.search(data.text)
    if match is not None and match.group(1) != "1.2":
        raise _single(
            str(data.path),
            _text_position(data.text, match.start(1))[0],
            1,
            _(
                "%YAML {version} directive: hazchem reads and writes YAML 1.2 only; delete "
                "this line, and check that yes/no/on/off meant as true/false are written "
                "true/false and that numbers with a leading 0 are meant as decimal",
                version=match.group(1),
            ),
        )


def _bounded(document: Any, anchored: bool, shown: str) -> Any:
    """Refuse documents whose aliases expand beyond any real task list, or loop.

    The loader shares an anchored node among its aliases, so a "billion laughs" file
    loads small; but validating or caching it walks every expansion. Sizes are counted
    on the shared graph, each node once, so the check itself stays cheap.
    """
    if not anchored:
        return document  # without anchors nothing is shared: the file's size bounds it
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[Any, bool]] = [(document, False)]
    while stack:
        node, children_done = stack.pop()
        if not isinstance(node, dict | list) or id(node) in sizes:
            continue
        children = [c for c in (node.values() if isinstance(node, dict) else node)]
        if children_done:
            visiting.discard(id(node))
            total = 1 + sum(sizes.get(id(child), 1) for child in children)
            sizes[id(node)] = min(total, MAX_EXPANDED_NODES + 1)
            continue
        if id(node) in visiting:
            raise _single(shown, 1, 1, _alias_loop_message())
        visiting.add(id(node))
        stack.append((node, True))
        for child in children:
            if isinstance(child, dict | list):
                if id(child) in visiting:
                    raise _single(shown, 1, 1, _alias_loop_message())
                stack.append((child, False))
    if sizes.get(id(document), 1) > MAX_EXPANDED_NODES:
        raise _single(
            shown,
            1,
            1,
            _(
                "YAML aliases expand this file to more than {count} values; write the data "
                "out instead of repeating it through anchors",
                count=format(MAX_EXPANDED_NODES, ","),
            ),
        )
    return document


def _alias_loop_message() -> str:
    return _("a YAML alias refers to a node that contains it")


def _load(data: DataText, anchored: bool, pure: bool) -> Any:
    """Load with the C parser (or the pure-Python one); a plain document is built from its
    nodes directly.

    ruamel.yaml's constructor spends more time than the C parser itself on the hooks and
    checks of a general loader. A document of text, numbers, lists and mappings with text
    keys, without anchors, is built here in one pass; anything else (anchors, merge keys,
    other keys, other tags, a repeated key) goes to the constructor, which therefore still
    decides every hard case, and its errors, exactly as before.

    Free text cut short by a comment on its line is refused here, from the nodes, so no
    reader of the file (and no cache filled after one) ever takes the shortened text.
    """
    from hazchem_cli.store.hidden_comments import hidden_text_problems

    yaml = _plain_yaml(pure=pure)
    node = yaml.compose(data.text)
    if node is None:
        return None
    hidden = hidden_text_problems(str(data.path), data.text, node)
    if hidden:
        raise DataError(hidden)
    if not anchored and not pure:
        try:
            return _PlainBuild(yaml.constructor).value(node)
        except _NotPlain:
            pass
    return yaml.constructor.construct_document(node)


class _NotPlain(Exception):
    """A node the direct build leaves to ruamel.yaml's constructor."""


_TEXT_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp")  # dates stay text
_INT_TAG = "tag:yaml.org,2002:int"
#: Keys holding a day or a deadline, read as the text written even where YAML would read a
#: number: ``deadline: 2022.10`` means October (YAML's float would be 2022.1), and
#: ``on: 2022.7`` is told what to write instead of being taken for a Unix time.
_DATE_KEYS = frozenset({"deadline", "to", "on", "done_on"})
_NUMBER_TAGS = (_INT_TAG, "tag:yaml.org,2002:float")
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_SEQUENCE_TAG = "tag:yaml.org,2002:seq"
_MAPPING_TAG = "tag:yaml.org,2002:map"


class _PlainBuild:
    """Plain values from a node graph without anchors; ``constructor`` makes numbers etc."""

    def __init__(self, constructor: Any) -> None:
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

        self.constructor = constructor
        self.kinds = (ScalarNode, SequenceNode, MappingNode)
        # A node's tag is an object that spells itself out through three properties on
        # every read; few are distinct (all plain text shares one), so each is read once.
        self.tag_names: dict[int, str] = {}

    def tag(self, node: Any) -> str:
        key = id(node.ctag)
        name = self.tag_names.get(key)
        if name is None:
            name = self.tag_names[key] = node.tag
        return name

    def value(self, node: Any) -> Any:
        scalar, sequence, mapping = self.kinds
        kind, tag = type(node), self.tag(node)
        if kind is scalar:
            if tag in _TEXT_TAGS:
                return node.value
            if tag == _INT_TAG and _DECIMAL.fullmatch(node.value):
                return int(node.value)  # as the constructor reads YAML 1.2 decimals: ids
            return self.constructor.construct_object(node)
        if kind is sequence and tag == _SEQUENCE_TAG:
            return [self.value(item) for item in node.value]
        if kind is not mapping or tag != _MAPPING_TAG:
            raise _NotPlain
        built: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not scalar or self.tag(key_node) != _TEXT_TAGS[0]:
                raise _NotPlain
            if key_node.value in built:
                raise _NotPlain  # the constructor reports it
            if (
                key_node.value in _DATE_KEYS
                and type(value_node) is scalar
                and self.tag(value_node) in _NUMBER_TAGS
            ):
                built[key_node.value] = value_node.value
                continue
            built[key_node.value] = self.value(value_node)
        return built


def _plain_yaml(pure: bool) -> Any:
    """The safe loader, keeping dates as text.

    The models parse dates themselves, so an impossible date such as 2022-02-30 is
    reported at its place like any other bad value instead of failing the whole load.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import ConstructorError, SafeConstructor
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    class TextDatesConstructor(SafeConstructor):
        def flatten_mapping(self, node: Any) -> Any:
            """Merge keys are refused: ``<<: *t1`` would make one task edit another. A
            date key's number is kept as the text written (see ``_DATE_KEYS``)."""
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise ConstructorError(None, None, _MERGE_KEY, key_node.start_mark)
                if (
                    isinstance(value_node, ScalarNode)
                    and isinstance(key_node, ScalarNode)
                    and key_node.value in _DATE_KEYS
                    and value_node.tag in _NUMBER_TAGS
                ):
                    value_node.tag = _TEXT_TAGS[0]
            return super().flatten_mapping(node)

    TextDatesConstructor.add_constructor(
        "tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str
    )

    class OnceResolver(VersionedResolver):
        """Resolving each distinct plain value once per document, not once per occurrence.

        ruamel.yaml looks up the YAML version for every value it resolves, and under the
        C parser each lookup fails its way through two caught AttributeErrors; then it
        tries its patterns on the value. In a task list the same agency names, dates and
        statuses recur thousands of times. A document has one version, known before its
        first value is resolved (each loader here reads one document), and without path
        resolvers a plain value's tag depends on nothing but its text.
        """

        @property
        def processing_version(self) -> Any:
            if "_version" not in self.__dict__:
                self.__dict__["_version"] = VersionedResolver.processing_version.fget(self)  # type: ignore[attr-defined]
            return self.__dict__["_version"]

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is not ScalarNode or not implicit[0] or self.yaml_path_resolvers:
                return super().resolve(kind, value, implicit)
            tags: dict[str, Any] = self.__dict__.setdefault("_tags", {})
            if value not in tags:
                tag = super().resolve(kind, value, implicit)
                # One object per tag, not per value: readers of the tag read each once.
                alike: dict[Any, Any] = self.__dict__.setdefault("_alike", {})
                tags[value] = alike.setdefault((tag.handle, tag.suffix), tag)
            return tags[value]

    # Not pure: the C parser of ruamel.yaml.clib, five times faster, when it is installed.
    yaml = YAML(typ="safe", pure=pure)
    yaml.Constructor = TextDatesConstructor
    yaml.Resolver = OnceResolver
    return yaml


#: The constructor's own words for a merge key, recognised when the error comes back.
_MERGE_KEY = "merge key <<: is not allowed"


def _merge_key_message() -> str:
    return _(
        "merge key <<: is not allowed: it copies values from another mapping, so editing "
        "one task would change another; write the values out in full"
    )


def error_place(exc: Any) -> tuple[int, int]:
    """Line and column (from 1) where ruamel.yaml stopped, from a ``MarkedYAMLError``."""
    mark = exc.problem_mark or exc.context_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _explained(shown: str, text: str, exc: Any) -> Problem:
    """A syntax error as advice at the mistake, with the parser's words as its detail."""
    from hazchem_cli.store.yaml_advice import advise

    problem = str(exc.problem or exc.context or "")
    if problem == _MERGE_KEY:
        return Problem(shown, *error_place(exc), _merge_key_message())
    if "could not determine a constructor for the tag" in problem:
        tag = problem.rsplit(" ", 1)[-1].strip("'").replace("tag:yaml.org,2002:", "!!")
        message = _(
            "YAML tag {tag} is not allowed: data files hold plain values only "
            "(text, numbers, dates, lists and mappings)",
            tag=tag,
        )
        return Problem(shown, *error_place(exc), message)
    advice = advise(text, exc)
    return Problem(shown, advice.line, advice.col, advice.message, advice.detail)


def compose_nodes(data: DataText) -> Any:
    """The YAML node graph: every node with its position, nothing constructed.

    The C parser where it is installed (the pure-Python one takes minutes and gigabytes on
    tens of megabytes); only texts that ``parse_plain`` accepted, or that failed only in
    construction, come here, so their depth is already known to be safe for it. Tags are
    not resolved (each node gets its kind's first): positions and key text are all that is
    read from these nodes, and resolving every distinct value costs a third of the time.
    """
    from ruamel.yaml.resolver import VersionedResolver

    class PositionsOnly(VersionedResolver):
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            tags: dict[Any, Any] = self.__dict__.setdefault("_by_kind", {})
            if kind not in tags:
                tags[kind] = super().resolve(kind, value, implicit)
            return tags[kind]

    yaml = _plain_yaml(pure=False)
    yaml.Resolver = PositionsOnly
    return yaml.compose(data.text)


def _duplicate_keys(data: DataText) -> list[Problem]:
    from hazchem_cli.store.yaml_nodes import mappings

    problems: list[Problem] = []
    for mapping in mappings(compose_nodes(data)):
        first_line: dict[object, int] = {}
        for key_node, _value in mapping.value:
            key = getattr(key_node, "value", None)
            if isinstance(key, str) and key in first_line:
                problems.append(
                    Problem(
                        str(data.path),
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        _(
                            "duplicate key {key}: it is already given on line {line}; keep one",
                            key=repr(key),
                            line=first_line[key],
                        ),
                    )
                )
            elif isinstance(key, str):
                first_line[key] = key_node.start_mark.line + 1
    problems.sort(key=lambda problem: (problem.line, problem.col))
    if len(problems) > MAX_DUPLICATES_SHOWN:
        more = len(problems) - MAX_DUPLICATES_SHOWN
        last = problems[MAX_DUPLICATES_SHOWN - 1]
        problems[MAX_DUPLICATES_SHOWN:] = [
            Problem(
                last.path,
                last.line,
                last.col,
                _("and {count} more duplicate keys not shown", count=format(more, ",")),
            )
        ]
    return problems or [Problem(str(data.path), 1, 1, _("duplicate key"))]


def parse_roundtrip(data: DataText) -> Any:
    """Parse keeping comments, styles and positions: for edits and for locating problems."""
    return roundtrip_yaml().load(data.text)


def _single(path: str, line: int, col: int, message: str) -> DataError:
    return DataError([Problem(path, line, col, message)])


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    prefix = raw[line_start:offset].decode("utf-8", errors="replace")
    return raw.count(b"\n", 0, offset) + 1, len(prefix) + 1


def _text_position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


class Indent(NamedTuple):
    """ruamel.yaml's three indentation settings, in columns.

    ``mapping``: a nested mapping's keys, from its parent key; ``sequence``: a block
    sequence item's content, from the parent key; ``offset``: the dash, from the parent key.
    """

    mapping: int
    sequence: int
    offset: int


#: The canonical indentation: what ``hazchem import`` and ``hazchem fmt`` write.
CANONICAL_INDENT = Indent(mapping=2, sequence=4, offset=2)


def roundtrip_yaml(indent: Indent = CANONICAL_INDENT) -> Any:
    """The one ruamel.yaml configuration for every file hazchem writes.

    Quotes are preserved and lines are never folded (Chinese text has no spaces to fold
    at, and a folded line would show up as a change in review).
    """
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Representer = _text_representer()
    yaml.preserve_quotes = True
    yaml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    yaml.width = 100_000
    yaml.allow_unicode = True
    return yaml


#: Characters YAML readers take for line breaks besides \n (CR, NEL, LS, PS): in any style
#: but double quotes with escapes they come back as a space or as \n.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def _text_representer() -> Any:
    """The round-trip representer, writing text that holds another line break escaped."""
    from ruamel.yaml.representer import RoundTripRepresenter
    from ruamel.yaml.scalarstring import (
        FoldedScalarString,
        LiteralScalarString,
        PlainScalarString,
        SingleQuotedScalarString,
    )

    class TextKeepingRepresenter(RoundTripRepresenter):
        pass

    def keeping(kind: type) -> Any:
        usual = RoundTripRepresenter.yaml_representers[kind]

        def represent(representer: Any, text: str) -> Any:
            if any(mark in text for mark in _OTHER_BREAKS):
                return representer.represent_scalar("tag:yaml.org,2002:str", text, style='"')
            return usual(representer, text)

        return represent

    for kind in (
        str,
        LiteralScalarString,
        FoldedScalarString,
        PlainScalarString,
        SingleQuotedScalarString,
    ):
        TextKeepingRepresenter.add_representer(kind, keeping(kind))
    return TextKeepingRepresenter
