"""Graded notices on a fixed day, and sending them to robots on a real local HTTP server
that checks the payload and DingTalk's signature, or fails."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from hazchem_cli.cli import common
from hazchem_cli.output import robots
from tests.conftest import Invoke

TODAY = dt.date(2022, 11, 15)
SECRET = "SEC0123456789abcdef"
TOKEN = "dingtalk-token"
KEY = "wecom-key"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "today", lambda: TODAY)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to 127.0.0.1 go straight there, whatever proxy the machine has."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retries back off without the test waiting; the waits asked for are recorded."""
    asked: list[float] = []
    monkeypatch.setattr(robots, "_pause", asked.append)
    return asked


class Robot(BaseHTTPRequestHandler):
    """DingTalk and WeCom as far as a sender can tell: checks, records and answers."""

    received: list[dict[str, Any]]
    fail_with: int | None = None

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append({"path": url.path, "query": query, "body": body,
                              "type": self.headers["Content-Type"]})  # fmt: skip
        if self.fail_with is not None:
            self.send_response(self.fail_with)
            self.end_headers()
            return
        answer = {"errcode": 0, "errmsg": "ok"}
        if url.path == "/robot/send" and not _signed(query):
            answer = {"errcode": 310000, "errmsg": "sign not match"}
        if url.path == "/cgi-bin/webhook/send" and query.get("key") != KEY:
            answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test reads ``received``."""


def _signed(query: dict[str, str]) -> bool:
    """DingTalk's check: the sign of the timestamp with the secret, and a fresh timestamp."""
    timestamp = query.get("timestamp", "")
    if not timestamp.isdigit() or abs(int(timestamp) - time.time() * 1000) > 3_600_000:
        return False
    expected = base64.b64encode(
        hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    return query.get("access_token") == TOKEN and query.get("sign") == expected


def _serve(fail_with: int | None) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []
    handler = type("Handler", (Robot,), {"received": received, "fail_with": fail_with})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def robot() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    yield from _serve(None)


@pytest.fixture
def failing() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    yield from _serve(500)


@pytest.fixture
def closed_port() -> int:
    """A port nobody listens on: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def with_contacts(data_dir: Path, contacts: dict[str, str]) -> Path:
    """Add ``contact:`` blocks (YAML text) under the named agencies of agencies.yaml."""
    path = data_dir / "agencies.yaml"
    text = path.read_text(encoding="utf-8")
    for name, block in contacts.items():
        start = text.index(f"  - name: {name}\n")
        end = text.find("\n  - name:", start + 1)
        end = len(text) - 1 if end == -1 else end
        text = text[:end] + "\n" + block.rstrip("\n") + text[end:]
    path.write_text(text, encoding="utf-8")
    return data_dir


def dingtalk(base: str, secret: str = SECRET) -> str:
    return (
        "    contact:\n      person: 张三\n      phone: 0571-8705 0000\n"
        f"      webhook: {base}/robot/send?access_token={TOKEN}\n"
        f"      robot: dingtalk\n      secret: {secret}\n"
    )


def wecom(base: str, key: str = KEY) -> str:
    return (
        f"    contact:\n      webhook: {base}/cgi-bin/webhook/send?key={key}\n      robot: wecom\n"
    )


# --- grading ---------------------------------------------------------------------------


def test_a_units_tasks_are_graded_red_yellow_blue(invoke: Invoke, data_dir: Path) -> None:
    result = invoke("notices", "--as-of", "2022-11-15", "-a", "经信厅", "-f", "json",
                    "--data", str(data_dir))  # fmt: skip

    assert result.exit_code == 0, result.stderr
    [notice] = json.loads(result.stdout)
    graded = [(task["grade"], task["id"]) for task in notice["tasks"]]
    assert graded == [
        ("red", 10), ("red", 11), ("red", 12),
        ("yellow", 14), ("yellow", 23), ("yellow", 30),  # ongoing and silent: behind
        ("blue", 18), ("blue", 47),
    ]  # fmt: skip
    assert notice["counts"] == {"red": 3, "yellow": 3, "blue": 2}
    assert notice["tasks"][1]["days_overdue"] == 46
    assert notice["tasks"][6]["days_left"] == 15


def test_due_within_seven_days_is_yellow_and_the_latest_note_is_shown(
    invoke: Invoke, data_dir: Path
) -> None:
    noted = invoke("note", "18", "排查已完成八成", "--by", "经信厅", "--on", "2022-11-10",
                   "--data", str(data_dir))  # fmt: skip
    assert noted.exit_code == 0, noted.stderr

    result = invoke("notices", "--as-of", "2022-11-25", "-a", "经信厅", "--data", str(data_dir))

    text = result.stdout
    assert "#### 🟡 黄色：7 天内到期或进展滞后（5 项）" in text
    assert "- **任务 18：全面排查" in text
    assert "  完成时限 2022年11月，还剩 5 天；状态：未开始  \n" in text
    assert "  最近进展：2022-11-10 省经信厅：排查已完成八成\n" in text
    assert text.rstrip().endswith("省危化安全专委办")


def test_notices_are_written_one_file_per_unit(
    invoke: Invoke, data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "notices"

    result = invoke("notices", "--as-of", "2022-11-15", "-f", "text", "-o", str(out),
                    "--data", str(data_dir))  # fmt: skip

    assert result.exit_code == 0, result.stderr
    files = sorted(path.name for path in out.iterdir())
    assert "省经信厅.txt" in files and "省应急管理厅.txt" in files
    text = (out / "省经信厅.txt").read_text(encoding="utf-8")
    assert text.startswith("督办单｜省经信厅\n\n截至 2022-11-15，")
    assert "【红色：已逾期（3 项）】\n任务 10：" in text
    assert result.stderr == f"已写入 {len(files)} 份督办单：{out}\n"


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        ("    contact:\n      webhook: https://oapi.dingtalk.com/robot/send?access_token=x\n",
         "写了 webhook，但没有 robot：请加一行 robot: dingtalk 或 robot: wecom"),
        ("    contact:\n      email: 张三\n", "“张三”不是电子邮箱地址"),
        ("    contact:\n      webhook: ftp://example.cn\n      robot: wecom\n",
         "“ftp://example.cn”不是机器人地址"),
        ("    contact:\n      webhook: https://x.cn\n      robot: wecom\n      secret: s\n",
         "secret 只用于钉钉机器人加签"),
        ("    contact:\n      fax: 123\n", "fax"),
    ],
)  # fmt: skip
def test_contacts_are_validated(invoke: Invoke, data_dir: Path, contact: str, message: str) -> None:
    with_contacts(data_dir, {"省经信厅": contact})

    result = invoke("check", "--data", str(data_dir))

    assert result.exit_code == 1
    said = result.stdout + result.stderr  # check prints its findings as its answer
    assert "agencies.yaml:" in said and message in said


# --- sending ---------------------------------------------------------------------------


def test_notices_reach_dingtalk_signed_and_wecom(
    invoke: Invoke, data_dir: Path, robot: tuple[str, list[dict[str, Any]]]
) -> None:
    base, received = robot
    with_contacts(data_dir, {"省经信厅": dingtalk(base), "省生态环境厅": wecom(base)})

    result = invoke("notices", "--send", "--as-of", "2022-11-15", "-a", "经信厅",
                    "-a", "生态环境厅", "-a", "应急厅", "--data", str(data_dir))  # fmt: skip

    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "– 省应急管理厅：agencies.yaml 中没有机器人 webhook，未发送",
        "✓ 省经信厅：已送达（dingtalk）",
        "✓ 省生态环境厅：已送达（wecom）",
        "已送达 2 份，未送达 0 份，无 webhook 1 份。",
    ]
    ding, wecom_post = received
    assert ding["type"] == "application/json; charset=utf-8"
    assert ding["body"]["msgtype"] == "markdown"
    assert ding["body"]["markdown"]["title"] == "督办单｜省经信厅"
    assert ding["body"]["markdown"]["text"].startswith("### 督办单｜省经信厅\n")
    assert "联系人：张三 0571-8705 0000" in ding["body"]["markdown"]["text"]
    assert set(ding["query"]) == {"access_token", "timestamp", "sign"}
    assert wecom_post["body"]["msgtype"] == "markdown"
    assert wecom_post["body"]["markdown"]["content"].startswith("### 督办单｜省生态环境厅\n")


def test_a_wrong_secret_or_key_is_reported_as_not_delivered(
    invoke: Invoke, data_dir: Path, robot: tuple[str, list[dict[str, Any]]], pauses: list[float]
) -> None:
    base, received = robot
    with_contacts(
        data_dir, {"省经信厅": dingtalk(base, secret="SECwrong"), "省生态环境厅": wecom(base, "k")}
    )

    result = invoke("notices", "--send", "--as-of", "2022-11-15", "-a", "经信厅",
                    "-a", "生态环境厅", "--lang", "en", "--data", str(data_dir))  # fmt: skip

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "✗ 省经信厅: not delivered: errcode 310000: sign not match",
        "✗ 省生态环境厅: not delivered: errcode 93000: invalid webhook url",
        "0 delivered, 2 not delivered, 0 without a webhook.",
    ]
    assert len(received) == 2  # a refusal is not retried
    assert pauses == []


def test_a_failing_server_is_retried_then_reported(
    invoke: Invoke,
    data_dir: Path,
    failing: tuple[str, list[dict[str, Any]]],
    closed_port: int,
    pauses: list[float],
) -> None:
    base, received = failing
    with_contacts(
        data_dir,
        {"省经信厅": wecom(base), "省生态环境厅": wecom(f"http://127.0.0.1:{closed_port}")},
    )

    result = invoke("notices", "--send", "--retries", "2", "--timeout", "5", "--as-of",
                    "2022-11-15", "-a", "经信厅", "-a", "生态环境厅", "--lang", "en",
                    "--data", str(data_dir))  # fmt: skip

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("✗ 省经信厅: not delivered: HTTP 500 Internal Server Error (tried 3 times)")
    assert lines[1].startswith("✗ 省生态环境厅: not delivered: network error: ")
    assert lines[1].endswith("(tried 3 times)")
    assert len(received) == 3
    assert pauses == [0.5, 1.0, 0.5, 1.0]


def test_dry_run_prints_what_would_be_sent_and_sends_nothing(
    invoke: Invoke, data_dir: Path, robot: tuple[str, list[dict[str, Any]]]
) -> None:
    base, received = robot
    with_contacts(data_dir, {"省经信厅": dingtalk(base)})

    result = invoke("notices", "--send", "--dry-run", "--as-of", "2022-11-15", "-a", "经信厅",
                    "--data", str(data_dir))  # fmt: skip

    assert result.exit_code == 0, result.stderr
    assert received == []
    first, payload = result.stdout.split("\n", 1)
    assert first.startswith(
        f"将发送给 省经信厅（dingtalk）：POST {base}/robot/send?access_token=…&timestamp="
    )
    assert first.endswith("&sign=…")
    assert TOKEN not in result.stdout
    assert json.loads(payload)["markdown"]["title"] == "督办单｜省经信厅"


def test_a_webhook_from_an_unset_environment_variable_is_not_delivered(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HAZCHEM_TEST_HOOK", raising=False)
    block = "    contact:\n      webhook: env:HAZCHEM_TEST_HOOK\n      robot: wecom\n"
    with_contacts(data_dir, {"省经信厅": block})

    result = invoke("notices", "--send", "--as-of", "2022-11-15", "-a", "经信厅",
                    "--data", str(data_dir))  # fmt: skip

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "✗ 省经信厅：未送达：环境变量 HAZCHEM_TEST_HOOK 未设置"
    )


def test_a_long_notice_is_cut_to_wecoms_limit() -> None:
    text = "\n".join(f"- 任务 {n}：" + "很长的任务文字" * 20 for n in range(60))

    message = robots.wecom_message("https://example.invalid/send?key=k", text)

    content = message.payload["markdown"]["content"]
    assert len(content.encode("utf-8")) <= robots.WECOM_LIMIT_BYTES
    assert content.endswith("\n\n……")
    assert message.shown_url == "https://example.invalid/send?key=…"


def test_the_dingtalk_sign_is_the_documented_hmac() -> None:
    # Computed independently: base64(HMAC-SHA256(key=secret, "timestamp\nsecret")).
    expected = base64.b64encode(
        hmac.new(b"SECabc", b"1700000000000\nSECabc", hashlib.sha256).digest()
    ).decode()

    message = robots.dingtalk_message(
        "https://oapi.dingtalk.com/robot/send?access_token=t",
        "标题",
        "正文",
        "SECabc",
        1700000000000,
    )

    assert robots.dingtalk_sign("1700000000000", "SECabc") == expected
    assert message.url == (
        "https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1700000000000"
        f"&sign={urllib.parse.quote_plus(expected)}"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dry-run"], "--dry-run 须与 --send 一起用：它显示将要发送的内容"),
        (["--format", "pdf"], "--format：'pdf' 不可用；请写 md、text 或 json"),
    ],
)
def test_notices_command_line_errors(
    invoke: Invoke, data_dir: Path, args: list[str], message: str
) -> None:
    result = invoke("notices", *args, "--data", str(data_dir))

    assert result.exit_code == 2
    assert message in result.stderr
