"""Instagram and Facebook Messenger messages from "Download your information" (JSON).

``message_1.json``: ``participants`` ([{"name"}]), ``messages`` (newest first) with ``sender_name``,
``timestamp_ms``, ``content``, ``photos``/``videos``/``audio_files``/``files``/``share``. Strings are
mojibake: the UTF-8 bytes written as ``\\u00e5`` escapes, one per byte; they are decoded back.
The end-to-end-encrypted Messenger export (``senderName``, ``timestamp``, ``text``, ``media``) is
read too.
"""

from __future__ import annotations

import json
from pathlib import Path

from victimkit.core.models import Message
from victimkit.errors import EvidenceFileError
from victimkit.i18n import _
from victimkit.intake.exports.common import direction_for, from_unix, me_problems, name_key
from victimkit.intake.exports.probe import Options, Probe
from victimkit.intake.exports.text import read_json

FORMATS = {"meta_json": "chat_export"}


def sniff(probe: Probe) -> str | None:
    s = probe.stripped
    if not s.startswith("{"):
        return None
    head = s[:20000]
    if '"participants"' in head and ('"sender_name"' in head or '"timestamp_ms"' in head):
        return "meta_json"
    if '"participants"' in head and '"senderName"' in head:
        return "meta_json"
    if '"messages"' in head and '"sender_name"' in head and '"timestamp_ms"' in head:
        return "meta_json"
    return None


def fix_mojibake(s):
    if isinstance(s, str):
        try:
            return s.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return s
    if isinstance(s, list):
        return [fix_mojibake(v) for v in s]
    if isinstance(s, dict):
        return {k: fix_mojibake(v) for k, v in s.items()}
    return s


def _attachment(msg: dict) -> str | None:
    for key in ("photos", "videos", "audio_files", "files", "gifs", "media"):
        items = msg.get(key)
        if isinstance(items, list) and items:
            uris = [str(i.get("uri", "")) if isinstance(i, dict) else str(i) for i in items]
            return f"{key}: " + ", ".join(u for u in uris if u)
    if isinstance(msg.get("sticker"), dict):
        return "sticker: " + str(msg["sticker"].get("uri", ""))
    if isinstance(msg.get("share"), dict):
        return "share: " + str(msg["share"].get("link", ""))
    return None


def parse(path: Path, fmt: str, options: Options):
    data, encoding = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise EvidenceFileError(path, _("this is JSON but not an Instagram or Messenger export"))
    e2ee = "senderName" in json.dumps(data["messages"][:3])
    if not e2ee:
        data = fix_mojibake(data)
    participants = []
    for p in data.get("participants") or []:
        name = p.get("name") if isinstance(p, dict) else p
        if name:
            participants.append(str(name))
    me_key = name_key(options.me) if options.me else None
    records = []
    for n, msg in enumerate(data["messages"], start=1):
        if not isinstance(msg, dict):
            continue
        sender = str(msg.get("sender_name") or msg.get("senderName") or "")
        sent_at = from_unix(
            msg.get("timestamp_ms") if "timestamp_ms" in msg else msg.get("timestamp")
        )
        content = msg.get("content") if "content" in msg else msg.get("text")
        kind = str(msg.get("type") or "")
        system = kind in ("Subscribe", "Unsubscribe") or (not sender and bool(content))
        if msg.get("is_unsent") or msg.get("isUnsent"):
            content = (content or "") + " " + _("[message unsent]")
        records.append(
            Message(
                sender="" if system else sender,
                sent_at=sent_at,
                text=str(content or ""),
                direction="system" if system else direction_for(sender, me_key),
                is_system=system,
                attachment=_attachment(msg),
                source_ref=f"record {n}",
                timezone="UTC",
            )
        )
    records.sort(key=lambda m: (m.sent_at is None, m.sent_at or 0))
    if not participants:
        participants = list(dict.fromkeys(m.sender for m in records if m.sender))
    problems = me_problems(options.me, participants, owner_known=False)
    return records, [], participants, problems, encoding
