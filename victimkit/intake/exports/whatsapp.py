"""WhatsApp "Export chat" text files, Android and iOS, in any locale.

Android: ``dd/mm/yy, HH:MM - Name: text``; iOS: ``[dd/mm/yyyy, h:mm:ss AM] Name: text``. The date
may be d/m/y, m/d/y or y/m/d with ``/ . -`` separators, the clock 12- or 24-hour (AM/PM,
``a. m.``, 上午/下午, 午前/午後, ص/م), Finnish writes ``klo HH.MM``, French ``à``. dd/mm against mm/dd
is decided once per file from all its dates. Continuation lines belong to the message above.
Lines without ``Name:`` (and iOS notices after U+200E) are system lines. Times are the phone's
local time: they are read in the case's time zone, which is recorded with each message.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from victimkit.core.models import Message
from victimkit.i18n import _
from victimkit.intake.exports.common import (
    direction_for,
    localise,
    me_problems,
    name_key,
    participants_of,
)
from victimkit.intake.exports.probe import Options, Probe
from victimkit.intake.exports.text import read_text, split_lines, strip_invisible

FORMATS = {"whatsapp_txt": "chat_export"}

_AMPM = r"(?:[aApP]\.?\s?[mM]\.?|上午|下午|午前|午後|ص|م|vorm\.|nachm\.)"
_DATE = r"(?P<date>\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4})\.?"
_TIME = r"(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)"
_STAMP = (
    _DATE
    + r"(?:,|\s+à|\s+klo|\s+um|\s+kl\.|\s+o)?\s*(?P<pre>上午|下午|午前|午後)?\s*"
    + _TIME
    + r"(?:\s?(?P<ampm>"
    + _AMPM
    + r"))?"
)
ANDROID = re.compile(r"^" + _STAMP + r"\s?[-–]\s(?P<rest>.*)$", re.S)
IOS = re.compile(r"^\[" + _STAMP + r"\]\s?(?P<rest>.*)$", re.S)

_NORMALISE_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2007": " "})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# The end-to-end encryption notice and other notices, in the locales we know.
SYSTEM_PHRASES = (
    "end-to-end encrypted", "end-to-end encryption", "Ende-zu-Ende-verschlüsselt", "chiffrés de bout en bout",
    "cifrados de extremo a extremo", "端到端加密", "端對端加密", "エンドツーエンド暗号化", "päästä päähän salattuja",
    "مشفرة تماما بين الطرفين", "created group", "created this group", "You were added", "added you", " added ",
    " left", " removed ", "changed the subject", "changed this group's icon", "changed the group description",
    "joined using this group's invite link", "security code with", "security code changed",
    "changed their phone number", "disappearing messages", "Missed voice call", "Missed video call",
    "hat die Gruppe", "a créé le groupe", "creó el grupo", "创建了群组", "グループ「", "loi ryhmän",
    "Messages and calls are", "Nachrichten und Anrufe", "Los mensajes y las llamadas", "消息和通话",
    "Les messages et les appels", "Viestit ja puhelut", "الرسائل والمكالمات",
)  # fmt: skip
MEDIA_OMITTED = re.compile(
    r"^<[^<>]{2,60}>$"
)  # <Media omitted>, <Medien ausgelassen>, <メディアなし> …
IOS_MEDIA = re.compile(
    r"^(?:image|video|audio|sticker|GIF|document|Contact card|Kontaktkarte|Bild|Video|Audio|imagen|vídeo|"
    r"image absente|vidéo absente|audio omis|画像|ビデオ|图片|视频|音频|已忽略图片)\s*(?:omitted|weggelassen|omitido|omise|省略|なし|已忽略)?$",
    re.I,
)
ATTACHED = re.compile(
    r"^<attached: (?P<file>[^>]+)>$|^(?P<file2>\S.*?\.\w{2,5}) \((?P<label>[^()]{3,40})\)$"
)


class _Stamp:
    """A timestamp match; ``rest`` is the original text after it, invisible marks kept."""

    def __init__(self, m: re.Match, original: str, index: list[int]):
        self.m = m
        start = m.start("rest")
        self.rest = original[index[start] :] if start < len(index) else ""

    def __getitem__(self, key: str):
        return self.rest if key == "rest" else self.m[key]


_INVISIBLE_CHARS = frozenset(
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)


_NEEDS_CLEANING = re.compile(
    "[\u200e\u200f\u202a-\u202f\u2066-\u2069\ufeff\u00a0\u2007\u0660-\u0669\u06f0-\u06f9]"
)


def _parse_stamp(line: str):
    if (
        not line
        or len(line) < 8
        or not (line[0].isdigit() or line[0] in "[\u200e\u200f\u202a\u202b\u2066\u2067\u2068\ufeff")
    ):
        return None, None
    head = line[:80]
    if not _NEEDS_CLEANING.search(head):  # the common case: match the line as it is
        for regex, kind in ((IOS, "ios"), (ANDROID, "android")):
            m = regex.match(line)
            if m:
                return m, kind
        return None, None
    kept, index = [], []
    for j, ch in enumerate(head):
        if ch in _INVISIBLE_CHARS:
            continue
        kept.append(ch)
        index.append(j)
    clean = "".join(kept).translate(_NORMALISE_SPACES).translate(_DIGITS)
    for regex, kind in ((IOS, "ios"), (ANDROID, "android")):
        m = regex.match(clean)
        if m:
            return _Stamp(m, line, index), kind
    return None, None


def _looks_like(lines: list[str]) -> bool:
    hits = 0
    checked = 0
    for line in lines[:400]:
        if not line.strip():
            continue
        checked += 1
        m, _kind = _parse_stamp(line)
        if m and _date_parts(m["date"]) is not None:
            hits += 1
    return (hits >= 2 and hits >= checked * 0.3) or (hits >= 1 and checked <= 2)


def sniff(probe: Probe) -> str | None:
    if probe.text is None or probe.stripped.startswith(("{", "<", "[LINE]")):
        return None
    return "whatsapp_txt" if _looks_like(probe.lines) else None


def _date_parts(date: str) -> tuple[int, int, int] | None:
    parts = re.split(r"[./\-]", date.strip("."))
    if len(parts) != 3:
        return None
    try:
        return int(parts[0]), int(parts[1]), int(parts[2])
    except ValueError:
        return None


def decide_date_order(dates: list[tuple[int, int, int]]) -> tuple[str, bool]:
    """('ymd' | 'dmy' | 'mdy', certain) from all dates of the file."""
    if not dates:
        return "dmy", False
    if all(d[0] > 31 or d[0] >= 1000 for d in dates):
        return "ymd", True
    if any(d[0] > 12 for d in dates):
        return "dmy", True
    if any(d[1] > 12 for d in dates):
        return "mdy", True

    # Never beyond 12 either way: take the order in which the chat runs forward in time.
    def backwards(order: str) -> int:
        n = 0
        prev = None
        for a, b, y in dates:
            key = (y, b, a) if order == "dmy" else (y, a, b)
            if prev is not None and key < prev:
                n += 1
            prev = key
        return n

    dmy, mdy = backwards("dmy"), backwards("mdy")
    if dmy != mdy:
        return ("dmy" if dmy < mdy else "mdy"), True
    return "dmy", False


def _to_datetime(m, order: str) -> datetime | None:
    parts = _date_parts(m["date"])
    if parts is None:
        return None
    a, b, c = parts
    if order == "ymd":
        y, mo, d = a, b, c
    elif order == "dmy":
        d, mo, y = a, b, c
    else:
        mo, d, y = a, b, c
    if y < 100:
        y += 2000
    t = re.split(r"[:.]", m["time"])
    h, mi, s = int(t[0]), int(t[1]), int(t[2]) if len(t) > 2 else 0
    marker = (m["ampm"] or m["pre"] or "").replace(" ", "").replace(".", "").lower()
    if marker:
        pm = marker in ("pm", "下午", "午後", "م", "nachm")
        if pm and h < 12:
            h += 12
        elif not pm and h == 12:
            h = 0
    try:
        return datetime(y, mo, d, h, mi, s)
    except ValueError:
        return None


def _split_sender(rest: str) -> tuple[str | None, str]:
    """('Name', 'text') or (None, 'system text')."""
    if ": " in rest or rest.endswith(":"):
        name, _sep, text = rest.partition(":")
        name = strip_invisible(name).strip()
        text = text[1:] if text.startswith(" ") else text
        if name and len(name) <= 80 and "\n" not in name:
            return name, text
    return None, rest


def _is_system_text(text: str) -> bool:
    plain = strip_invisible(text)
    return any(p.lower() in plain.lower() for p in SYSTEM_PHRASES)


def _attachment(text: str) -> tuple[str | None, str]:
    first, _nl, rest = text.partition("\n")
    plain = strip_invisible(first).strip()
    m = ATTACHED.match(plain)
    if m:
        return (m["file"] or m["file2"]), rest
    if MEDIA_OMITTED.match(plain) or IOS_MEDIA.match(plain):
        return plain, rest
    return None, text


def parse(path: Path, fmt: str, options: Options):
    text, encoding = read_text(path)
    lines = split_lines(text)
    starts: list[tuple[int, object]] = []  # (line index, match)
    for i, line in enumerate(lines):
        m, _kind = _parse_stamp(line)
        if m and _date_parts(m["date"]) is not None:
            starts.append((i, m))
    problems: list[str] = []
    if not starts:
        return [], [], [], problems, encoding
    order, certain = decide_date_order([_date_parts(m["date"]) for _i, m in starts])
    if not certain:
        problems.append(
            _(
                "The dates in this chat never show whether the day or the month comes first; they were read as day/month."
            )
        )
    me_key = name_key(options.me) if options.me else None
    raw = []
    bounds = [i for i, _m in starts] + [len(lines)]
    if starts[0][0] > 0 and any(lines[j].strip() for j in range(starts[0][0])):
        problems.append(_("The first lines of the file are not messages and were left out."))
    for k, (i, m) in enumerate(starts):
        body = "\n".join([m["rest"], *lines[i + 1 : bounds[k + 1]]]).rstrip("\n")
        raw.append((i + 1, _to_datetime(m, order), body))
    bad_times = 0
    messages: list[Message] = []
    for line_no, naive, body in raw:
        sender, content = _split_sender(body)
        system = sender is None or (content.startswith("\u200e") and _is_system_text(content))
        if system and sender is not None and not _is_system_text(content):
            system = False
        sent_at = localise(naive, options.timezone) if naive else None
        if naive is None:
            bad_times += 1
        if system:
            messages.append(
                Message(
                    sender="",
                    sent_at=sent_at,
                    text=strip_invisible(body if sender is None else content).strip(),
                    direction="system",
                    is_system=True,
                    source_ref=f"line {line_no}",
                    timezone=options.timezone,
                )
            )
            continue
        attachment, content = _attachment(content)
        messages.append(
            Message(
                sender=sender,
                sent_at=sent_at,
                text=content.replace("\u200e", ""),
                direction=direction_for(sender, me_key),
                attachment=attachment,
                source_ref=f"line {line_no}",
                timezone=options.timezone,
            )
        )
    if bad_times:
        problems.append(
            _("{n} messages have a date that does not exist; their time was left empty.").format(
                n=bad_times
            )
        )
    participants = participants_of(messages)
    problems += me_problems(options.me, participants, owner_known=False)
    return messages, [], participants, problems, encoding
