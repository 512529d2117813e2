"""The parse cache trusts nothing it did not write itself (issue 16, class 3).

An entry's name is the hash of the file's text, which anyone holding the file can
compute; so entries carry an HMAC under a private key, and whatever else stands in the
cache directory (a forged entry, a FIFO, a link to /dev/zero, another program's JSON)
is ignored, replaced, never followed and never deleted unless it is hazchem's.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from hazchem_cli.store import cache as parsecache
from hazchem_cli.store.cache import MAX_ENTRIES, ParseCache
from tests.conftest import Invoke

ARGS = ("--as-of", "2022-12-01")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("HAZCHEM_NO_CACHE", raising=False)
    return home / "hazchem"


def entry_for(cache_dir: Path, path: Path) -> Path:
    return cache_dir / f"{ParseCache.key(path.read_text(encoding='utf-8'))}.json"


def forge(entry: Path, document: object) -> None:
    """What an attacker who can write the cache directory but not read the key can do."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    header = {"format": parsecache._FORMAT, "key": entry.stem, "mac": "0" * 64}
    entry.write_text(json.dumps(header) + "\n" + json.dumps(document), encoding="utf-8")


def shipped_document() -> dict[str, object]:
    """The shipped task list as parsed (dates as text): the forger's template."""
    from ruamel.yaml import YAML

    text = (Path(__file__).parents[1] / "data" / "tasks.yaml").read_text(encoding="utf-8")
    parsed = json.loads(json.dumps(YAML(typ="safe").load(text), default=str))
    assert isinstance(parsed, dict)
    return parsed


def test_a_forged_entry_cannot_make_a_dangerous_file_pass(
    invoke: Invoke, data_dir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAZCHEM_LANG", "en")
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(tasks.read_text() + "x: !!python/object/apply:os.system [echo pwned]\n")
    forge(entry_for(cache_dir, tasks), shipped_document())
    result = invoke("check", "--data", str(data_dir), *ARGS)
    assert result.exit_code == 1
    assert "!!python/object/apply:os.system is not allowed" in result.stdout


def test_a_forged_entry_cannot_change_what_show_prints(
    invoke: Invoke, data_dir: Path, cache_dir: Path
) -> None:
    args = ("show", "1", "--data", str(data_dir), "--format", "json", *ARGS)
    expected = invoke(*args, "--no-cache").stdout
    entry = entry_for(cache_dir, data_dir / "tasks.yaml")
    document = shipped_document()
    document["tasks"][0]["task"] = "伪造的内容"  # type: ignore[index]
    forge(entry, document)
    assert invoke(*args).stdout == expected


def test_an_empty_forged_entry_does_not_make_a_valid_file_invalid(
    invoke: Invoke, data_dir: Path, cache_dir: Path
) -> None:
    forge(entry_for(cache_dir, data_dir / "tasks.yaml"), {})
    for _ in range(2):  # and not for good: the entry is replaced
        assert invoke("check", "--data", str(data_dir), *ARGS).exit_code == 0
    header = json.loads(entry_for(cache_dir, data_dir / "tasks.yaml").read_text().split("\n")[0])
    assert header["mac"] != "0" * 64


def test_an_entry_that_is_a_fifo_neither_hangs_nor_stays(
    invoke: Invoke, data_dir: Path, cache_dir: Path
) -> None:
    entry = entry_for(cache_dir, data_dir / "tasks.yaml")
    entry.parent.mkdir(parents=True)
    os.mkfifo(entry)
    assert invoke("check", "--data", str(data_dir), *ARGS).exit_code == 0
    assert stat.S_ISREG(entry.lstat().st_mode)


def test_an_entry_linked_to_dev_zero_is_never_followed(
    invoke: Invoke, data_dir: Path, cache_dir: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.json"
    victim.write_text("keep me")
    for entry, target in (
        (entry_for(cache_dir, data_dir / "tasks.yaml"), Path("/dev/zero")),
        (entry_for(cache_dir, data_dir / "agencies.yaml"), victim),
    ):
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.symlink_to(target)
    assert invoke("overdue", "--data", str(data_dir), *ARGS).exit_code == 0
    assert victim.read_text() == "keep me"  # replaced the link, never wrote through it
    assert not entry_for(cache_dir, data_dir / "tasks.yaml").is_symlink()


def test_pruning_touches_only_hazchems_own_entries(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    theirs = [folder / "notes.json", folder / ("f" * 63 + ".json"), folder / "KEEP.JSON"]
    for path in theirs:
        path.write_text("{}")
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    (folder / ("e" * 64 + ".json")).symlink_to(outside)
    cache = ParseCache(folder)
    for number in range(MAX_ENTRIES + 3):
        cache.put(ParseCache.key(f"text {number}"), {"n": number})
    assert all(path.read_text() == "{}" for path in theirs)
    assert outside.exists()
    ours = [p for p in folder.glob("*.json") if len(p.stem) == 64 and not p.is_symlink()]
    assert len(ours) == MAX_ENTRIES


def test_the_key_is_private_and_replaced_when_it_is_not(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    cache = ParseCache(folder)
    key = ParseCache.key("text")
    cache.put(key, {"n": 1})
    secret = folder / "key"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert ParseCache(folder).get(key) == {"n": 1}
    secret.chmod(0o644)  # readable by others: anyone could sign entries with it
    assert ParseCache(folder).get(key) is None
    other = ParseCache(folder)
    other.put(key, {"n": 2})
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert ParseCache(folder).get(key) == {"n": 2}


def test_a_key_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    planted = tmp_path / "planted"
    planted.write_bytes(b"k" * 32)
    planted.chmod(0o600)
    (folder / "key").symlink_to(planted)
    cache = ParseCache(folder)
    cache.put(ParseCache.key("text"), {"n": 1})
    assert not (folder / "key").is_symlink()
    assert planted.read_bytes() == b"k" * 32
    assert ParseCache(folder).get(ParseCache.key("text")) == {"n": 1}
