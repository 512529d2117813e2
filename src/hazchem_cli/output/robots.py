"""Posting notices to group robots: DingTalk custom robots and WeCom group robots.

Both take a JSON POST with a ``markdown`` message and answer ``{"errcode": 0, ...}`` when
they accept it. A DingTalk robot with 加签 (signing) enabled wants ``timestamp`` and
``sign`` on the URL: the sign is HMAC-SHA256 of ``"{timestamp}\\n{secret}"`` keyed with
the secret, base64-encoded, then URL-encoded, as DingTalk documents; the timestamp is in
milliseconds and must be within an hour of DingTalk's clock.

Network errors and server errors (5xx) are retried a few times; a robot that answers
with an error code (a bad token, a wrong sign, a message too long) is not retried: the
same request would fail again. Only the standard library is used (urllib).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.model.records import FROM_ENVIRONMENT, RobotKind

#: WeCom refuses a markdown message longer than 4096 bytes (UTF-8).
WECOM_LIMIT_BYTES = 4096
#: DingTalk's limit for a markdown message, kept well inside.
DINGTALK_LIMIT_BYTES = 18_000
_SECRETS_IN_URLS = re.compile(r"((?:access_token|key|sign)=)[^&]+")
_CUT_MARK = "\n\n……"
#: Wait before retry N: N times this many seconds.
BACKOFF_SECONDS = 0.5
_pause = time.sleep


class MissingSetting(Exception):
    """A webhook or secret read from an environment variable that is not set."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def reason(self, lang: Lang) -> str:
        return word("send_no_variable", lang, name=self.name)


@dataclass(frozen=True)
class Message:
    """One request to one robot, ready to post."""

    robot: RobotKind
    url: str
    payload: dict[str, Any]

    @property
    def shown_url(self) -> str:
        """The URL with its token, key and sign hidden, for printing."""
        return _SECRETS_IN_URLS.sub(r"\1…", self.url)

    @property
    def body(self) -> bytes:
        return json.dumps(self.payload, ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class Delivery:
    """What became of a message: accepted or not, after how many attempts, and why not
    (a labels.py key and its values, so the reason reads in the user's language)."""

    delivered: bool
    attempts: int
    why: str = ""
    details: tuple[tuple[str, object], ...] = ()

    def reason(self, lang: Lang) -> str:
        if not self.why:
            return ""
        said = word(self.why, lang, **dict(self.details))
        if self.attempts > 1:
            return word("send_tries", lang, reason=said, tries=self.attempts)
        return said


def _failed(attempt: int, why: str, **details: object) -> Delivery:
    return Delivery(False, attempt, why, tuple(details.items()))


def setting(value: str) -> str:
    """A webhook or secret as written, or read from the environment for ``env:NAME``."""
    if not value.startswith(FROM_ENVIRONMENT):
        return value
    name = value[len(FROM_ENVIRONMENT) :]
    found = os.environ.get(name, "").strip()
    if not found:
        raise MissingSetting(name)
    return found


def dingtalk_message(
    webhook: str, title: str, markdown: str, secret: str | None, now_ms: int
) -> Message:
    """A DingTalk markdown message; on a signed URL when the robot has a secret."""
    url = webhook
    if secret is not None:
        timestamp = str(now_ms)
        sign = dingtalk_sign(timestamp, secret)
        joiner = "&" if "?" in url else "?"
        url = f"{url}{joiner}timestamp={timestamp}&sign={urllib.parse.quote_plus(sign)}"
    text = _within(markdown, DINGTALK_LIMIT_BYTES)
    payload = {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    return Message(RobotKind.DINGTALK, url, payload)


def dingtalk_sign(timestamp: str, secret: str) -> str:
    """The base64 HMAC-SHA256 of ``timestamp\\nsecret`` keyed with the secret."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode("ascii")


def wecom_message(webhook: str, markdown: str) -> Message:
    """A WeCom group robot markdown message, cut to the robot's limit if it is longer."""
    payload = {"msgtype": "markdown", "markdown": {"content": _within(markdown, WECOM_LIMIT_BYTES)}}
    return Message(RobotKind.WECOM, webhook, payload)


def _within(text: str, limit: int) -> str:
    """``text`` whole if it fits in ``limit`` bytes, else cut at a line with a mark."""
    if len(text.encode("utf-8")) <= limit:
        return text
    room = limit - len(_CUT_MARK.encode("utf-8"))
    kept: list[str] = []
    used = 0
    for line in text.split("\n"):
        size = len(line.encode("utf-8")) + 1
        if used + size > room:
            break
        kept.append(line)
        used += size
    return "\n".join(kept) + _CUT_MARK


def post(
    message: Message,
    *,
    timeout: float = 10.0,
    retries: int = 2,
    sleep: Callable[[float], None] | None = None,
) -> Delivery:
    """POST ``message``; retry network and server errors ``retries`` times, backing off."""
    request = urllib.request.Request(
        message.url,
        data=message.body,
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    attempts = retries + 1
    failure = Delivery(False, 0)
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                answer = response.read(65_536)
        except urllib.error.HTTPError as exc:
            failure = _failed(attempt, "send_http", code=exc.code, reason=exc.reason)
            if exc.code < 500:
                return failure
        except (urllib.error.URLError, OSError) as exc:
            cause = getattr(exc, "reason", None) or exc
            failure = _failed(attempt, "send_network", cause=cause)
        else:
            return _answered(answer, attempt)
        if attempt < attempts:
            (sleep or _pause)(BACKOFF_SECONDS * attempt)
    return failure


def _answered(answer: bytes, attempt: int) -> Delivery:
    """The robot's verdict: ``errcode`` 0 is accepted; anything else says why not."""
    try:
        said = json.loads(answer.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        said = None
    if not isinstance(said, dict):
        return _failed(attempt, "send_not_json")
    code = said.get("errcode")
    if code == 0:
        return Delivery(True, attempt)
    return _failed(attempt, "send_refused", code=code, message=said.get("errmsg", ""))
