"""Signal chats as text: ``[yyyy-mm-dd, HH:MM] Name: text``, multi-line.

Signal itself has no text export; this is the layout written by the signal-export tool and by
copying a conversation from Signal Desktop. Times are local and read in the case's time zone.
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

FORMATS = {"signal_txt": "chat_export"}
LINE = re.compile(r"^\[(\d{4})-(\d{2})-(\d{2}),? (\d{2}):(\d{2})\] (?P<rest>.*)$")


def sniff(probe: Probe) -> str | None:
    lines = [ln for ln in probe.lines[:300] if ln.strip()]
    hits = sum(1 for ln in lines if LINE.match(ln))
    return "signal_txt" if hits >= 1 and hits >= len(lines) * 0.3 else None


def parse(path: Path, fmt: str, options: Options):
    text, encoding = read_text(path)
    lines = split_lines(text)
    me_key = name_key(options.me) if options.me else None
    records: list[tuple[str, datetime | None, str, list[str]]] = []  # (ref, when, name, lines)
    for i, line in enumerate(lines, start=1):
        m = LINE.match(line)
        if m:
            y, mo, d, h, mi = (int(m.group(k)) for k in range(1, 6))
            try:
                when = datetime(y, mo, d, h, mi)
            except ValueError:
                when = None
            name, sep, body = m["rest"].partition(": ")
            records.append((f"line {i}", when, name if sep else "", [body if sep else m["rest"]]))
        elif records:
            records[-1][3].append(line)
    messages = [
        Message(
            sender=name,
            sent_at=localise(when, options.timezone) if when else None,
            text="\n".join(body).rstrip("\n"),
            direction="system" if not name else direction_for(name, me_key),
            is_system=not name,
            source_ref=ref,
            timezone=options.timezone,
        )
        for ref, when, name, body in records
    ]
    participants = participants_of(messages)
    return (
        messages,
        [],
        participants,
        me_problems(options.me, participants, owner_known=False),
        encoding,
    )
