"""An agency's own list says when groups without listed members may hide its tasks."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke

AS_OF = ("--as-of", "2022-11-15")
NOTE_EN = (
    "note: 省危化安全专委会成员单位, 市、县（市、区）党委政府, 省级相关部门 list no members in "
    "agencies.yaml, so tasks given to them may be missing here (list their members in "
    "agencies.yaml; see docs/data-format.md)"
)


def test_a_department_s_list_says_which_groups_may_hide_its_tasks(
    invoke: Invoke, data_dir: Path
) -> None:
    result = invoke("list", "-a", "经信厅", "--data", str(data_dir), *AS_OF, "--lang", "en")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [NOTE_EN]
    zh = invoke("overdue", "-a", "经信厅", "--data", str(data_dir), *AS_OF, "--lang", "zh")
    assert zh.stderr.splitlines() == [
        "注：省危化安全专委会成员单位、市、县（市、区）党委政府、省级相关部门 未在 agencies.yaml "
        "中列出成员，交给这些单位组的任务可能未计入本单位（在 agencies.yaml 中为其填写 "
        "members，见 docs/data-format.md）"
    ]


def test_no_note_without_a_filter_with_direct_or_for_a_group(
    invoke: Invoke, data_dir: Path
) -> None:
    for args in ((), ("-a", "经信厅", "--direct"), ("-a", "省级相关部门")):
        result = invoke("list", *args, "--data", str(data_dir), *AS_OF, "--lang", "en")
        assert result.exit_code == 0
        assert result.stderr == "", args


def test_listing_the_members_finds_the_tasks_and_ends_the_note(
    invoke: Invoke, data_dir: Path
) -> None:
    agencies = data_dir / "agencies.yaml"
    text = agencies.read_text(encoding="utf-8")
    for group in ("省危化安全专委会成员单位", "省级相关部门", "市、县（市、区）党委政府"):
        start = text.index(f"  - name: {group}\n")
        end = text.index("    members: []\n", start)
        text = (
            text[:end] + "    members:\n      - 省经信厅\n" + text[end + len("    members: []\n") :]
        )
    agencies.write_text(text, encoding="utf-8")
    before = invoke(
        "list", "-a", "经信厅", "--direct", "--data", str(data_dir), *AS_OF, "-f", "csv"
    )
    after = invoke("list", "-a", "经信厅", "--data", str(data_dir), *AS_OF, "-f", "csv")
    assert after.stderr == ""
    assert len(after.stdout.splitlines()) > len(before.stdout.splitlines())


def test_the_note_also_follows_an_exit_code_answer(invoke: Invoke, data_dir: Path) -> None:
    result = invoke(
        "overdue", "-a", "经信厅", "--exit-code", "--data", str(data_dir), *AS_OF, "--lang", "en"
    )
    assert result.exit_code == 1  # overdue tasks exist
    assert result.stderr.splitlines() == [NOTE_EN]
