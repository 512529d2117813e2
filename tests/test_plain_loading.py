"""The fast load (C parser, values built from the nodes) reads what ruamel.yaml reads.

The reference is ruamel.yaml's own safe loader, pure Python, with dates kept as text: the
loader hazchem used before, and still uses to explain errors. Documents are generated in
every scalar style and with the values YAML likes to reinterpret (yes, 010, ~, .inf,
dates, impossible dates), plus the shapes the fast build hands back to the constructor.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from hazchem_cli.errors import DataError
from hazchem_cli.store.yaml_read import DataText, _plain_yaml, parse_plain
from tests.conftest import DATA

TRICKY_TEXT = [
    "yes", "No", "on", "OFF", "y", "true", "False", "null", "Null", "~", "",
    "010", "0o17", "0x1F", "1_000", "+1", "-0", "1e3", "1.5", ".inf", "-.Inf", ".nan", "1:20",
    "2022-11-30", "2022-02-30", "2022-11-30T10:00:00Z", "2022年11月", "持续推进", "<<", "=",
    "a: b", "- x", "#", "&anchor", "*alias", "!tag", "'", '"', "多行\n文本", " padded ",
]  # fmt: skip

scalars = st.one_of(
    st.sampled_from(TRICKY_TEXT),
    st.text(max_size=12),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
keys = st.one_of(st.sampled_from(TRICKY_TEXT), st.text(min_size=1, max_size=8))
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=20,
)


def dumped(value: Any, flow: bool | None) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(value, stream)
    return stream.getvalue()


def reference(text: str) -> Any:
    return _plain_yaml(pure=True).load(text)


def loaded(text: str) -> Any:
    return parse_plain(DataText(Path("t.yaml"), text, False, "\n"))


@given(documents, st.sampled_from([None, True, False]))
def test_any_plain_document_loads_as_ruamel_yaml_loads_it(value: Any, flow: bool | None) -> None:
    text = dumped(value, flow)

    try:
        expected = reference(text)
    except YAMLError:  # ruamel.yaml writes a few keys (":0" in a flow mapping) it cannot read
        with pytest.raises(DataError):
            loaded(text)
        return
    assert loaded(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {a: 1}\nuse: *b\n",  # anchors and aliases
        "1: one\n2.5: two\nnull: three\nfalse: four\n",  # keys that are not text
        "? [a, b]\n: complex key\n",  # a collection as a key
        "s: !!str 010\nb: !!binary aGk=\n",  # explicit tags
        "o: !!omap [a: 1, b: 2]\ns: !!set {a, b}\n",  # tagged collections
        "when: 2022-11-30\nbad: 2022-02-30\n",  # dates stay text
        "",
        "# only a comment\n",
    ],
)
def test_documents_the_fast_build_leaves_to_the_constructor_load_the_same(text: str) -> None:
    assert loaded(text) == reference(text)


def test_the_shipped_task_list_loads_the_same() -> None:
    text = (DATA / "tasks.yaml").read_text(encoding="utf-8")

    assert loaded(text) == reference(text)


def test_a_plain_document_is_built_without_the_constructor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ruamel.yaml.constructor import BaseConstructor

    def refuse(*_: object) -> None:
        raise AssertionError("the constructor built the document")

    monkeypatch.setattr(BaseConstructor, "construct_document", refuse)
    text = (DATA / "tasks.yaml").read_text(encoding="utf-8")

    assert len(loaded(text)["tasks"]) == 50
