"""LINE "Send chat history" text files (.txt), in English, Japanese, Chinese and Thai.

``[LINE] Chat history with NAME`` and ``Saved on: …`` head the file; date headings
(``2024/01/15(Mon)``, ``2024/01/15（一）``, ``Mon, 15/01/2024``) open each day; messages are
``HH:MM<TAB>name<TAB>text``; a message of several lines is wrapped in double quotes; a line with a
time and one TAB is a notice (unsent messages, people joining). Times are the phone's local time.
"""

from __future__ import annotations

import re
from datetime import date, datetime
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
from victimkit.intake.exports.whatsapp import decide_date_order

FORMATS = {"line_txt": "chat_export"}

TITLE = re.compile(
    r"^(?:\[LINE\]\s*)?(?:Chat history with .+|.+とのトーク履歴|與.+的聊天記錄|与.+的聊天记录|ประวัติการแชท.*|.+님과의 대화)$"
)
SAVED = re.compile(r"^(?:Saved on|保存日時|儲存日期|保存日期|บันทึกเมื่อ|저장한 날짜)\s*[:：]")
DATE_YMD = re.compile(
    r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})\s*(?:[（(][^)）]{1,12}[)）]|\s\S{1,12})?$"
)
DATE_WEEKDAY = re.compile(r"^[^\d\t]{2,12},?\s+(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
TIME = re.compile(
    r"^(?P<pre>AM|PM|午前|午後|上午|下午)?\s?(?P<h>\d{1,2}):(?P<m>\d{2})(?:\s?(?P<post>AM|PM))?\t(?P<rest>.*)$"
)


def sniff(probe: Probe) -> str | None:
    lines = [ln.strip("\ufeff") for ln in probe.lines[:5]]
    if not lines:
        return None
    if lines[0].startswith("[LINE]") or (
        TITLE.match(lines[0]) and any(SAVED.match(ln) for ln in lines[1:4])
    ):
        return "line_txt"
    return None


def parse(path: Path, fmt: str, options: Options):
    text, encoding = read_text(path)
    lines = split_lines(text)
    me_key = name_key(options.me) if options.me else None
    weekday_dates = [
        (int(m.group(1)), int(m.group(2)), int(m.group(3)))
        for m in map(DATE_WEEKDAY.match, lines)
        if m
    ]
    order, _certain = decide_date_order(weekday_dates)
    day: date | None = None
    records: list[dict] = []
    open_quote = False
    for i, line in enumerate(lines, start=1):
        if open_quote and records:
            records[-1]["body"].append(line)
            if _closes(line):
                open_quote = False
            continue
        m = DATE_YMD.match(line.strip())
        if m:
            day = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            continue
        m = DATE_WEEKDAY.match(line.strip())
        if m:
            a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            day = _date(y, b, a) if order == "dmy" else _date(y, a, b)
            continue
        m = TIME.match(line)
        if m and day is not None:
            h, mi = int(m["h"]), int(m["m"])
            marker = m["pre"] or m["post"] or ""
            if marker in ("PM", "午後", "下午") and h < 12:
                h += 12
            elif marker in ("AM", "午前", "上午") and h == 12:
                h = 0
            when = datetime(day.year, day.month, day.day, h % 24, mi) if h < 24 else None
            name, tab, body = m["rest"].partition("\t")
            if not tab:
                name, body = "", m["rest"]
            if body.startswith('"') and not (len(body) > 1 and _closes(body[1:])):
                open_quote = True
            records.append({"ref": f"line {i}", "when": when, "name": name, "body": [body]})
        elif records and line and not TITLE.match(line) and not SAVED.match(line):
            records[-1]["body"].append(line)
    messages = []
    for r in records:
        body = "\n".join(r["body"]).rstrip("\n")
        if len(body) >= 2 and body.startswith('"') and body.endswith('"'):
            body = body[1:-1].replace('""', '"')
        system = not r["name"]
        messages.append(
            Message(
                sender=r["name"],
                sent_at=localise(r["when"], options.timezone) if r["when"] else None,
                text=body,
                direction="system" if system else direction_for(r["name"], me_key),
                is_system=system,
                attachment=body
                if re.fullmatch(
                    r"\[(?:Photo|Video|Sticker|File|Voice message|写真|動画|スタンプ|ファイル|照片|影片|貼圖|檔案|รูป|วิดีโอ|สติกเกอร์)\]",
                    body,
                )
                else None,
                source_ref=r["ref"],
                timezone=options.timezone,
            )
        )
    participants = participants_of(messages)
    return (
        messages,
        [],
        participants,
        me_problems(options.me, participants, owner_known=False),
        encoding,
    )


def _date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _closes(text: str) -> bool:
    """A quoted LINE message ends on a line with an odd number of trailing quotes."""
    n = len(text) - len(text.rstrip('"'))
    return n % 2 == 1
