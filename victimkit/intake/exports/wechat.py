"""WeChat chats as MemoTrace (留痕, github.com/LC044/WeChatMsg) exports them: CSV, TXT, HTML.

CSV: UTF-8 with a BOM, CRLF rows written by Python's csv module, header
``localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender``
(the last three filled only for group chats); ``CreateTime`` unix seconds, ``StrTime`` local
``YYYY-mm-dd HH:MM:SS``; ``Type`` 1 text, 3 image, 34 voice, 43 video, 47 sticker, 49 app message
(XML in ``StrContent``: files, links, quotes, transfers), 10000 system; ``IsSender`` 1 for the
phone's owner.
TXT: UTF-8 blocks ``YYYY-mm-dd HH:MM:SS name`` / content / blank line; system notices on the
time line itself; placeholders ``[图片]`` ``[语音]`` ``[视频]`` ``[表情包]`` ``[文件]``; quotes as
``引用:name:content``.
HTML: one page per chat; the messages are JavaScript objects in ``const chatMessages = [ … ]``
(``type``, ``text``, ``is_send``, ``timestamp``, ``displayname``), HTML- and JS-escaped.
"""

from __future__ import annotations

import csv
import html
import io
import re
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
from victimkit.intake.exports.text import read_text, split_lines

FORMATS = {
    "wechat_memotrace_csv": "chat_export",
    "wechat_memotrace_txt": "chat_export",
    "wechat_memotrace_html": "chat_export",
}
CSV_HEADER = [
    "localId",
    "TalkerId",
    "Type",
    "SubType",
    "IsSender",
    "CreateTime",
    "Status",
    "StrContent",
    "StrTime",
]
PLACEHOLDERS = {
    3: "[图片]",
    34: "[语音]",
    43: "[视频]",
    47: "[表情包]",
    48: "[位置]",
    42: "[名片]",
    50: "[通话]",
}
TXT_HEAD = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?: (?P<rest>.*))?$")
OWNER_LABEL = "我"


def sniff(probe: Probe) -> str | None:
    text = probe.text
    if text is None:
        return None
    first = probe.lines[0].strip().lstrip("\ufeff") if probe.lines else ""
    if first.replace(" ", "").startswith(",".join(CSV_HEADER)):
        return "wechat_memotrace_csv"
    if "const chatMessages" in text and "is_send" in text:
        return "wechat_memotrace_html"
    return "wechat_memotrace_txt" if _looks_like_txt(probe.lines) else None


def _looks_like_txt(lines: list[str]) -> bool:
    blocks = 0
    previous_blank = True
    for line in lines[:600]:
        if previous_blank and TXT_HEAD.match(line):
            blocks += 1
        previous_blank = not line.strip()
    first = next((ln for ln in lines if ln.strip()), "")
    return blocks >= 2 and bool(TXT_HEAD.match(first))


# ------------------------------------------------------------------ app messages (XML)
def _xml_field(xml: str, tag: str) -> str:
    m = re.search(rf"<{tag}>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</{tag}>", xml, re.S)
    return html.unescape(m.group(1)).strip() if m else ""


def app_message(xml: str, sub_type: int) -> tuple[str, str | None]:
    """(text, attachment) for a Type 49 message."""
    kind = sub_type or int(_xml_field(xml, "type") or 0)
    title = _xml_field(xml, "title")
    if kind == 2000 or "<wcpayinfo>" in xml:  # transfer
        fee = _xml_field(xml, "feedesc")
        memo = _xml_field(xml, "pay_memo")
        des = _xml_field(xml, "des")
        return " ".join(p for p in ("[转账]", fee, des, memo) if p), "[转账]"
    if kind == 2001:
        return " ".join(p for p in ("[红包]", title or _xml_field(xml, "des")) if p), "[红包]"
    if kind == 6:
        return title, f"[文件] {title}"
    if kind in (5, 33, 36):
        url = _xml_field(xml, "url")
        return " ".join(p for p in (title, url) if p), "[链接]"
    if kind == 57:
        refer_name = _xml_field(xml, "displayname")
        refer = _xml_field(xml, "content")
        quoted = f"\n引用:{refer_name}:{refer}" if refer_name or refer else ""
        return title + quoted, None
    return title or xml, None


def _row_text(type_: int, sub_type: int, content: str) -> tuple[str, str | None]:
    if type_ == 1:
        return content, None
    if type_ == 49:
        return app_message(content, sub_type)
    placeholder = PLACEHOLDERS.get(type_)
    if placeholder:
        return ("" if content.lstrip().startswith("<") else content), placeholder
    return content, None


def _system_text(content: str) -> str:
    s = content.replace("<![CDATA[", "").replace("]]>", "")
    s = re.sub(r"</?(?:img|revo|_wc_cus|a)[^>]*>", "", s)
    return html.unescape(s).strip()


def _int(value: str, default: int = 0) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return default


# ---------------------------------------------------------------------------- CSV
def _parse_csv(path: Path, options: Options):
    text, encoding = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise EvidenceFileError(path, _("the file is empty")) from None
    col = {name.strip().lstrip("\ufeff"): i for i, name in enumerate(header)}
    missing = [c for c in CSV_HEADER if c not in col]
    if missing:
        raise EvidenceFileError(
            path, _("columns missing from the WeChat CSV: {cols}").format(cols=", ".join(missing))
        )

    def cell(row, name, default=""):
        i = col.get(name)
        return row[i] if i is not None and i < len(row) else default

    messages: list[Message] = []
    group = False
    start = reader.line_num + 1
    try:
        for row in reader:
            ref = f"line {start}"
            start = reader.line_num + 1
            if not row or not any(row):
                continue
            type_, sub_type = _int(cell(row, "Type")), _int(cell(row, "SubType"))
            is_sender = cell(row, "IsSender").strip() == "1"
            exact = from_unix(cell(row, "CreateTime"))
            zone_label = options.timezone
            try:
                local = datetime.strptime(cell(row, "StrTime").strip(), "%Y-%m-%d %H:%M:%S")
            except ValueError:
                local = None
            if exact is not None and local is not None:
                zone_label = offset_name(local - exact.replace(tzinfo=None))
            elif local is not None:
                exact = localise(local, options.timezone)
            name = cell(row, "Remark") or cell(row, "NickName") or cell(row, "Sender")
            group = group or bool(name)
            content = cell(row, "StrContent")
            if type_ == 10000 or type_ == 10002:
                messages.append(
                    Message(
                        "",
                        exact,
                        _system_text(content),
                        "system",
                        is_system=True,
                        source_ref=ref,
                        timezone=zone_label,
                    )
                )
                continue
            text_, attachment = _row_text(type_, sub_type, content)
            if is_sender:
                sender, direction = options.me or OWNER_LABEL, "outgoing"
            else:
                sender = name or f"TalkerId {cell(row, 'TalkerId').strip()}"
                direction = "incoming"
            messages.append(
                Message(
                    sender,
                    exact,
                    text_,
                    direction,
                    attachment=attachment,
                    source_ref=ref,
                    timezone=zone_label,
                )
            )
    except csv.Error as exc:
        raise EvidenceFileError(
            path,
            _("the CSV is malformed near {ref} ({detail})").format(ref=f"line {start}", detail=exc),
        ) from exc
    problems = []
    if not group and any(m.sender.startswith("TalkerId ") for m in messages):
        problems.append(
            _(
                "A MemoTrace CSV of a one-to-one chat does not name the other person; their messages are marked with the chat's TalkerId."
            )
        )
    return messages, [], participants_of(messages), problems, encoding


# ---------------------------------------------------------------------------- TXT
def _parse_txt(path: Path, options: Options):
    text, encoding = read_text(path)
    lines = split_lines(text)
    me_key = name_key(options.me) if options.me else None
    records: list[dict] = []
    previous_blank = True
    for i, line in enumerate(lines, start=1):
        m = TXT_HEAD.match(line)
        if m and previous_blank:
            y, mo, d, h, mi, s = (int(m.group(k)) for k in range(1, 7))
            try:
                when = datetime(y, mo, d, h, mi, s)
            except ValueError:
                when = None
            records.append({"ref": f"line {i}", "when": when, "head": m["rest"] or "", "body": []})
        elif records:
            records[-1]["body"].append(line)
        previous_blank = not line.strip()
    messages = []
    for r in records:
        body = "\n".join(r["body"]).strip("\n")
        when = localise(r["when"], options.timezone) if r["when"] else None
        if not body:  # a system notice sits on the time line itself
            messages.append(
                Message(
                    "",
                    when,
                    r["head"],
                    "system",
                    is_system=True,
                    source_ref=r["ref"],
                    timezone=options.timezone,
                )
            )
            continue
        sender = r["head"].strip()
        first = body.split("\n", 1)[0].strip()
        attachment = (
            first
            if re.fullmatch(r"\[(?:图片|语音|视频|表情包|文件|音乐分享|链接)\].*", first)
            else None
        )
        messages.append(
            Message(
                sender,
                when,
                body,
                direction_for(sender, me_key),
                attachment=attachment,
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


# --------------------------------------------------------------------------- HTML
_JS_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "'": "'", '"': '"', "\\": "\\", "/": "/", "0": "\0"}


def _js_objects(source: str):
    """Yield (start offset, {key: value}) for each top-level object literal in the array."""
    i, n = 0, len(source)
    while i < n:
        start = source.find("{", i)
        if start < 0:
            return
        obj: dict = {}
        j = start + 1
        while j < n:
            while j < n and source[j] in " \t\r\n,":
                j += 1
            if j >= n:
                break
            if source[j] == "}":
                j += 1
                break
            m = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*:\s*").match(source, j)
            if not m:
                raise ValueError(f"unexpected character at {j}")
            key = m.group(1)
            j = m.end()
            if j < n and source[j] in "'\"":
                quote = source[j]
                j += 1
                buf = []
                while j < n and source[j] != quote:
                    if source[j] == "\\" and j + 1 < n:
                        esc = source[j + 1]
                        if esc == "u" and j + 5 < n:
                            buf.append(chr(int(source[j + 2 : j + 6], 16)))
                            j += 6
                            continue
                        buf.append(_JS_ESCAPES.get(esc, esc))
                        j += 2
                        continue
                    buf.append(source[j])
                    j += 1
                j += 1
                obj[key] = "".join(buf)
            else:
                m2 = re.compile(r"[^,}\s]*").match(source, j)
                raw = m2.group(0)
                j = m2.end()
                obj[key] = raw
        yield start, obj
        i = j


def _parse_html(path: Path, options: Options):
    text, encoding = read_text(path)
    m = re.search(r"const\s+chatMessages\s*=\s*\[", text)
    if not m:
        raise EvidenceFileError(path, _("the page holds no chatMessages list"))
    end = text.find("];", m.end())
    body = text[m.end() : end if end >= 0 else len(text)]
    base_line = text.count("\n", 0, m.end()) + 1
    messages = []
    for n, (offset, obj) in enumerate(_js_objects(body), start=1):
        ref = f"record {n} (line {base_line + body.count(chr(10), 0, offset)})"
        type_ = _int(obj.get("type", "0"))
        when = from_unix(obj.get("timestamp"))
        value = html.unescape(obj.get("text", "").replace("<br>", "\n"))
        if type_ == 0:
            if "displayname" not in obj:
                continue  # the time dividers MemoTrace inserts every five minutes
            messages.append(
                Message("", when, value, "system", is_system=True, source_ref=ref, timezone=None)
            )
            continue
        is_send = obj.get("is_send", "0").strip() == "1"
        sender = obj.get("displayname", "") or (options.me or OWNER_LABEL if is_send else "")
        attachment = None
        if type_ in PLACEHOLDERS:
            attachment = PLACEHOLDERS[type_] + (f" {value}" if value else "")
            value = obj.get("voice_to_text", "") if type_ == 34 else ""
        elif type_ == 49:
            sub = _int(obj.get("sub_type", "0"))
            if sub == 6:
                attachment = f"[文件] {obj.get('file_name', value)}"
            elif sub == 5:
                value = " ".join(p for p in (obj.get("title", ""), obj.get("url", "")) if p)
                attachment = "[链接]"
            elif obj.get("refer_text"):
                value = f"{value}\n引用:{html.unescape(obj['refer_text'])}"
        messages.append(
            Message(
                sender,
                when,
                value,
                "outgoing" if is_send else "incoming",
                attachment=attachment,
                source_ref=ref,
                timezone=None,
            )
        )
    return messages, [], participants_of(messages), [], encoding


def parse(path: Path, fmt: str, options: Options):
    if fmt == "wechat_memotrace_csv":
        return _parse_csv(path, options)
    if fmt == "wechat_memotrace_html":
        return _parse_html(path, options)
    return _parse_txt(path, options)
