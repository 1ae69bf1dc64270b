"""Telegram Desktop "Export chat history" / "Export Telegram data" JSON (result.json).

A single chat is ``{"name", "type", "id", "messages": [...]}``; the full-account export puts
chats under ``chats.list[]`` (and ``left_chats.list[]``) beside ``personal_information``, whose
``user_id`` tells which messages are the owner's. ``text`` is a string or a list mixing strings
and ``{"type", "text"}`` entities. ``type: "service"`` messages carry ``actor`` and ``action``.
``date`` is the exporting computer's local time and ``date_unixtime`` the exact instant: from
the two the zone the export was written in is recovered and recorded.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from victimkit.core.models import Message
from victimkit.errors import EvidenceFileError
from victimkit.i18n import _
from victimkit.intake.exports.common import (
    direction_for,
    from_unix,
    localise,
    me_problems,
    name_key,
    offset_name,
    participants_of,
)
from victimkit.intake.exports.probe import Options, Probe
from victimkit.intake.exports.text import read_json

FORMATS = {"telegram_json": "chat_export"}
NOT_INCLUDED = "(File not included"


def sniff(probe: Probe) -> str | None:
    s = probe.stripped
    if not s.startswith("{"):
        return None
    head = s[:20000]
    if '"messages"' not in head and '"chats"' not in head:
        return None
    if '"date_unixtime"' in head or ('"from_id"' in head) or '"personal_information"' in head:
        return "telegram_json"
    if (
        '"type": "personal_chat"' in head
        or '"type": "private_group"' in head
        or '"type": "service"' in head
    ):
        return "telegram_json"
    return None


def flatten_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(flatten_text(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("text", ""))
    return str(value)


def _media(msg: dict) -> str | None:
    for key in ("photo", "file"):
        value = msg.get(key)
        if value:
            kind = msg.get("media_type") or key
            name = msg.get("file_name") or ""
            if str(value).startswith(NOT_INCLUDED):
                return f"{kind}: {name}".rstrip(": ") + " (not included in the export)"
            return f"{kind}: {value}"
    for key in (
        "sticker_emoji",
        "location_information",
        "contact_information",
        "poll",
        "media_type",
    ):
        if msg.get(key):
            return key if key != "media_type" else str(msg[key])
    return None


def _service_text(msg: dict) -> str:
    parts = [str(msg.get("actor") or ""), str(msg.get("action") or "").replace("_", " ")]
    for key in ("title", "members", "message_id", "duration_seconds", "discard_reason", "text"):
        value = msg.get(key)
        if value:
            parts.append(
                flatten_text(value)
                if key == "text"
                else f"{key}: {value if not isinstance(value, list) else ', '.join(map(str, value))}"
            )
    return " ".join(p for p in parts if p).strip()


def _when(msg: dict, zone_name: str) -> tuple[datetime | None, str | None]:
    exact = from_unix(msg.get("date_unixtime")) if msg.get("date_unixtime") else None
    local = None
    if isinstance(msg.get("date"), str):
        try:
            local = datetime.fromisoformat(msg["date"])
        except ValueError:
            local = None
    if exact is not None:
        zone_label = offset_name(local - exact.replace(tzinfo=None)) if local is not None else "UTC"
        return exact, zone_label
    if local is not None:
        if local.tzinfo is not None:
            return local, None
        return localise(local, zone_name), zone_name
    return None, None


def _read_chat(
    chat: dict, chat_no: int | None, owner_id: str | None, me_key, zone_name
) -> list[Message]:
    out = []
    name = str(chat.get("name") or "")
    messages = chat.get("messages") or []
    if not isinstance(messages, list):
        raise ValueError("messages is not a list")
    for n, msg in enumerate(messages, start=1):
        if not isinstance(msg, dict):
            continue
        ref = f"record {n}" if chat_no is None else f"chat {chat_no} ({name}) record {n}"
        sent_at, tz = _when(msg, zone_name)
        if msg.get("type") == "service":
            out.append(
                Message(
                    "",
                    sent_at,
                    _service_text(msg),
                    "system",
                    is_system=True,
                    source_ref=ref,
                    timezone=tz,
                )
            )
            continue
        sender = str(msg.get("from") or msg.get("author") or msg.get("from_id") or "")
        if owner_id is not None and msg.get("from_id") == owner_id:
            direction = "outgoing"
        elif owner_id is not None:
            direction = "incoming"
        else:
            direction = direction_for(sender, me_key)
        forwarded = msg.get("forwarded_from") or msg.get("saved_from")
        out.append(
            Message(
                sender=sender,
                sent_at=sent_at,
                text=flatten_text(msg.get("text")),
                direction=direction,
                attachment=_media(msg),
                source_ref=ref,
                timezone=tz,
                forwarded_from=str(forwarded) if forwarded else None,
            )
        )
    return out


def parse(path: Path, fmt: str, options: Options):
    data, encoding = read_json(path)
    if not isinstance(data, dict):
        raise EvidenceFileError(path, _("this is JSON but not a Telegram export"))
    me_key = name_key(options.me) if options.me else None
    owner_id = None
    info = data.get("personal_information")
    if isinstance(info, dict) and info.get("user_id") is not None:
        owner_id = f"user{info['user_id']}"
    messages: list[Message] = []
    if isinstance(data.get("chats"), dict):
        chats = list(data["chats"].get("list") or [])
        if isinstance(data.get("left_chats"), dict):
            chats += list(data["left_chats"].get("list") or [])
        for i, chat in enumerate(chats, start=1):
            if isinstance(chat, dict):
                messages += _read_chat(chat, i, owner_id, me_key, options.timezone)
    elif isinstance(data.get("messages"), list):
        messages = _read_chat(data, None, owner_id, me_key, options.timezone)
    else:
        raise EvidenceFileError(path, _("this is JSON but not a Telegram export"))
    participants = participants_of(messages)
    problems = me_problems(options.me, participants, owner_known=owner_id is not None)
    return messages, [], participants, problems, encoding
