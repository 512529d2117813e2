"""Writing a file back in its own style, and replacing it safely."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest

from hazchem_cli.edit.atomic import ChangedOnDisk, WriteFailed, digest, write_atomically
from hazchem_cli.edit.yaml_write import detect_style, render
from hazchem_cli.store.yaml_read import DataText, Indent, parse_roundtrip, read_data_text


@pytest.mark.parametrize(
    ("text", "indent"),
    [
        ("tasks:\n  - id: 1\n    lead:\n      - A\n", Indent(2, 4, 2)),
        ("tasks:\n- id: 1\n  lead:\n  - A\n  # a comment\n  status: x\n", Indent(2, 2, 0)),
        ("tasks:\n    -   id: 1\n        lead:\n            -   A\n", Indent(2, 8, 4)),
        ("tasks:\n    - id: 1\n      lead:\n          - A\n", Indent(2, 6, 4)),
        ("a:\n    b:\n        c: 1\n    d: [1]\n", Indent(4, 4, 2)),
    ],
)
def test_a_file_is_written_back_in_its_own_indentation(text: str, indent: Indent) -> None:
    data = DataText(Path("tasks.yaml"), text, has_bom=False, newline="\n")
    document = parse_roundtrip(data)

    style = detect_style(data, document)

    assert style.indent == indent
    assert render(document, style) == text


def test_comments_of_a_crlf_file_keep_single_line_ends() -> None:
    text = "a: 1  # one\r\n# two\r\nb: 2\r\n"
    data = DataText(Path("tasks.yaml"), text, has_bom=False, newline="\r\n")
    document = parse_roundtrip(data)

    assert render(document, detect_style(data, document)) == text


def test_a_missing_final_newline_is_kept() -> None:
    data = DataText(Path("tasks.yaml"), "a: 1\nb: [x]", has_bom=False, newline="\n")
    document = parse_roundtrip(data)

    assert render(document, detect_style(data, document)) == "a: 1\nb: [x]"


def test_the_digest_is_that_of_the_bytes_read(tmp_path: Path) -> None:
    path = tmp_path / "tasks.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\n")

    assert digest(read_data_text(path)) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_write_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "tasks.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    path.chmod(0o600)
    read = DataText(path, "a: 1\n", has_bom=False, newline="\n")

    write_atomically(path, "a: 2\n", has_bom=True, expected_digest=digest(read))

    assert path.read_bytes() == b"\xef\xbb\xbfa: 2\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.yaml"]


def test_a_file_changed_since_it_was_read_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "tasks.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    read = DataText(path, "a: 1\n", has_bom=False, newline="\n")
    path.write_text("a: 1\nb: 2\n", encoding="utf-8")

    with pytest.raises(ChangedOnDisk, match="在磁盘上被改动了"):
        write_atomically(path, "a: 3\n", expected_digest=digest(read))

    assert path.read_text(encoding="utf-8") == "a: 1\nb: 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.yaml"]


def test_a_failed_write_says_so_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tasks.yaml"
    path.write_text("a: 1\n", encoding="utf-8")

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)

    with pytest.raises(WriteFailed, match="No space left on device；文件未改动"):
        write_atomically(path, "a: 2\n")

    assert path.read_text(encoding="utf-8") == "a: 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.yaml"]
