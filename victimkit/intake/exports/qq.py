"""QQ "导出消息记录" text files (.txt).

First line ``消息记录（此消息记录为文本格式，不支持重新导入）``, then ``====…====`` separators around
``消息分组:…`` and ``消息对象:…`` headers; each message is ``YYYY-MM-DD H:MM:SS nickname(QQ号)`` or
``nickname<email>`` (an optional ``【管理员】`` badge first) with its content on the following lines,
and a blank line after it. ``[图片]`` and ``[表情]`` stand for media. UTF-8 with a BOM in current
clients; older ones wrote UTF-16LE or GBK. Times are the computer's local time.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from victimkit.core.models import Message
from victimkit.intake.exports.common import (
    direction_for,
    localise,
    me_problems,
    name_key,
    participants_of,
)
from victimkit.intake.exports.probe import Options, Probe
from victimkit.intake.exports.text import read_text, split_lines

FORMATS = {"qq_txt": "chat_export"}
TITLE = "消息记录（此消息记录为文本格式，不支持重新导入）"
HEADER = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2}) (?P<h>\d{1,2}):(?P<mi>\d{2}):(?P<s>\d{2}) (?P<who>.*)$"
)
BADGE = re.compile(r"^【[^】]{1,12}】")
ID = re.compile(r"^(?P<name>.*?)(?:\((?P<qq>\d{4,12})\)|<(?P<email>[^<>@\s]+@[^<>\s]+)>)$")
SYSTEM_NAMES = {"系统消息", "群通知", "QQ小冰"}


def sniff(probe: Probe) -> str | None:
    lines = [ln.strip() for ln in probe.lines[:12] if ln.strip()]
    if lines and lines[0].startswith("消息记录") and "不支持重新导入" in lines[0]:
        return "qq_txt"
    if any(ln.startswith("消息对象:") for ln in lines) and any(
        ln.startswith("=====") for ln in lines
    ):
        return "qq_txt"
    return None


def _who(raw: str) -> tuple[str, str]:
    """(display name with its QQ number or e-mail, bare nickname)."""
    who = BADGE.sub("", raw.strip()).strip()
    m = ID.match(who)
    if m:
        return who, m["name"].strip()
    return who, who


def parse(path: Path, fmt: str, options: Options):
    text, encoding = read_text(path)
    lines = split_lines(text)
    me_key = name_key(options.me) if options.me else None
    records: list[dict] = []
    previous_blank = True
    for i, line in enumerate(lines, start=1):
        m = HEADER.match(line)
        if m and (previous_blank or not records):
            try:
                when = datetime(
                    int(m["y"]), int(m["mo"]), int(m["d"]), int(m["h"]), int(m["mi"]), int(m["s"])
                )
            except ValueError:
                when = None
            records.append({"ref": f"line {i}", "when": when, "who": m["who"], "body": []})
        elif records and not line.startswith("=" * 10):
            records[-1]["body"].append(line)
        previous_blank = not line.strip()
    messages = []
    for r in records:
        full, nick = _who(r["who"])
        body = "\n".join(r["body"]).strip("\n")
        system = nick in SYSTEM_NAMES
        media = re.fullmatch(r"(\[(?:图片|表情|语音|视频|文件)\])+", body.strip())
        matches_me = me_key is not None and me_key in (name_key(full), name_key(nick))
        messages.append(
            Message(
                sender="" if system else full,
                sent_at=localise(r["when"], options.timezone) if r["when"] else None,
                text=body,
                direction="system"
                if system
                else ("outgoing" if matches_me else direction_for(full, None)),
                is_system=system,
                attachment=body.strip() if media else None,
                source_ref=r["ref"],
                timezone=options.timezone,
            )
        )
    participants = participants_of(messages)
    problems = me_problems(
        options.me, participants + [_who(p)[1] for p in participants], owner_known=False
    )
    return messages, [], participants, problems, encoding
