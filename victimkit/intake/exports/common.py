"""Shared pieces of the export readers: times, amounts, statuses, who is "me"."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from victimkit.core.models import Message
from victimkit.i18n import _
from victimkit.intake.exports.text import strip_invisible

CHINA_ZONE = "Asia/Shanghai"


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def localise(naive: datetime, zone_name: str) -> datetime:
    return naive.replace(tzinfo=zone(zone_name))


def from_unix(seconds: float | int | str) -> datetime | None:
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        return None
    if value > 1e11:  # milliseconds
        value /= 1000
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def offset_name(delta: timedelta) -> str:
    minutes = round(delta.total_seconds() / 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def fixed_zone(delta: timedelta) -> timezone:
    return timezone(timedelta(minutes=round(delta.total_seconds() / 60)))


# ------------------------------------------------------------------ dates in bills
_DT_PATTERNS = [
    # 2023-02-12 21:32:14, 2025/12/03  14:06:51, 2023.02.12 21:32, 2023年2月12日 21:32:14
    re.compile(
        r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})日?"
        r"(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
    ),
    # 20250101, 20250101 18:53:19, 20240101123456
    re.compile(
        r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"
        r"(?:\s*(?P<H>\d{2}):?(?P<M>\d{2}):?(?P<S>\d{2})?)?$"
    ),
]
_TIME_ONLY = re.compile(r"^(?P<H>\d{1,2}):?(?P<M>\d{2}):?(?P<S>\d{2})?$")


def parse_bill_datetime(date_text: str, time_text: str = "") -> datetime | None:
    """A naive datetime from a bill's date cell (and an optional separate time cell)."""
    s = clean_cell(date_text)
    if not s:
        return None
    for pattern in _DT_PATTERNS:
        m = pattern.match(s)
        if m:
            break
    else:
        return None
    try:
        base = datetime(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    h = mi = sec = 0
    if m["H"] is not None:
        h, mi, sec = int(m["H"]), int(m["M"]), int(m["S"] or 0)
    t = clean_cell(time_text)
    if t:
        tm = _TIME_ONLY.match(t)
        if tm:
            h, mi, sec = int(tm["H"]), int(tm["M"]), int(tm["S"] or 0)
    try:
        return base.replace(hour=h, minute=mi, second=sec)
    except ValueError:
        return base


# ----------------------------------------------------------------------- amounts
_CURRENCY_SIGNS = {
    "¥": "CNY",
    "￥": "CNY",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "HK$": "HKD",
    "US$": "USD",
}
_AMOUNT_NOISE = re.compile(r"[\s\u00a0\u3000¥￥$€£元,']")
_CODE = re.compile(r"\b(CNY|RMB|USD|EUR|GBP|HKD|JPY|TWD|USDT|SGD|AUD|CAD|KRW|THB|MYR)\b", re.I)
_DECIMAL_COMMA = re.compile(r"^[-+]?\d{1,3}(?:\.\d{3})*,\d{1,2}$|^[-+]?\d+,\d{1,2}$")


def clean_cell(value) -> str:
    """A cell's text without padding, tabs, Excel's ="..." wrapping or invisible marks."""
    if value is None:
        return ""
    s = strip_invisible(str(value)).strip().strip("\t").strip()
    if s.startswith('="') and s.endswith('"'):
        s = s[2:-1].strip()
    return s


def currency_in(text: str) -> str | None:
    s = clean_cell(text)
    for sign, code in sorted(_CURRENCY_SIGNS.items(), key=lambda kv: -len(kv[0])):
        if sign in s:
            return code
    m = _CODE.search(s)
    if m:
        code = m.group(1).upper()
        return "CNY" if code == "RMB" else code
    return None


def is_decimal_comma(text: str) -> bool:
    return bool(_DECIMAL_COMMA.match(clean_cell(text).replace(" ", "")))


def parse_amount(text, *, decimal_comma: bool = False) -> Decimal | None:
    """Decimal from '¥1,234.50', '-3.90(CN)', 'CNY 123.18', '"4.626,81"', '(12.00)'; None if empty."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return Decimal(repr(text)) if isinstance(text, float) else Decimal(text)
    s = clean_cell(text)
    if not s or s in {"-", "--", "/", "—"}:
        return None
    s = re.sub(r"\([A-Z]{2,3}\)$", "", s)  # CMB's "(CN)" suffix
    s = _CODE.sub("", s)
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    s = s.replace("−", "-").replace("－", "-").replace("＋", "+")
    if decimal_comma or _DECIMAL_COMMA.match(s.replace(" ", "")):
        s = s.replace(".", "").replace(" ", "").replace(",", ".")
    s = _AMOUNT_NOISE.sub("", s)
    if s.endswith("-"):  # "100.00-" in some bank layouts
        negative, s = True, s[:-1]
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return -value if negative else value


# ---------------------------------------------------------------------- statuses
_STATUS_WORDS = [
    ("partially_refunded", ("部分退款", "partially refunded", "partial refund")),
    (
        "refunded",
        (
            "退款成功",
            "已全额退款",
            "全额退款",
            "已退款",
            "退款完成",
            "已退还",
            "refunded",
            "reversed",
            "reembolsado",
            "remboursé",
        ),
    ),
    (
        "closed",
        (
            "交易关闭",
            "已关闭",
            "关闭",
            "已撤销",
            "撤销",
            "canceled",
            "cancelled",
            "voided",
            "cancelado",
        ),
    ),
    ("failed", ("失败", "failed", "denied", "declined", "已拒绝", "被退回", "退回")),
    (
        "pending",
        ("等待", "处理中", "待", "pending", "in progress", "unclaimed", "pendiente", "en attente"),
    ),
    (
        "success",
        (
            "成功",
            "已转账",
            "已收钱",
            "已存入零钱",
            "已到账",
            "完成",
            "已支付",
            "已收款",
            "已入账",
            "朋友已收钱",
            "已汇出",
            "completed",
            "complete",
            "success",
            "paid",
            "completado",
            "terminé",
        ),
    ),
]


def normalise_status(raw: str) -> str:
    """'success', 'refunded', 'partially_refunded', 'closed', 'failed', 'pending', or '' (unknown)."""
    s = clean_cell(raw).lower()
    if not s or s == "/":
        return ""
    if re.search(r"已退款\s*[(（]", s):  # WeChat Pay: 已退款(￥10.00) is a partial refund
        return "partially_refunded"
    for status, words in _STATUS_WORDS:
        if any(w in s for w in words):
            return status
    return ""


NOT_A_LOSS = {"refunded", "closed", "failed"}


def is_loss(direction: str, status: str) -> bool:
    return direction == "out" and status not in NOT_A_LOSS


# ------------------------------------------------------------------- participants
def name_key(name: str) -> str:
    """How two spellings of one name compare: invisible marks, width, case and spaces ignored."""
    s = unicodedata.normalize("NFKC", strip_invisible(name or ""))
    return " ".join(s.split()).casefold()


def direction_for(sender: str, me_key: str | None) -> str:
    if me_key is not None and name_key(sender) == me_key:
        return "outgoing"
    return "incoming"


def participants_of(messages: list[Message]) -> list[str]:
    seen: dict[str, None] = {}
    for m in messages:
        if not m.is_system and m.sender:
            seen.setdefault(m.sender, None)
    return list(seen)


def me_problems(me: str | None, participants: list[str], *, owner_known: bool) -> list[str]:
    """Notes about who "me" is, for a person to read."""
    if owner_known:
        return []
    if me is None:
        return [
            _(
                "Which participant are you? All messages were marked as received; "
                "say which participant you are (--me NAME). Participants: {names}"
            ).format(names=", ".join(participants[:10]))
        ]
    if name_key(me) not in {name_key(p) for p in participants}:
        return [
            _("“{me}” does not write in this chat; participants are: {names}").format(
                me=me, names=", ".join(participants[:10])
            )
        ]
    return []


def text_snippet(s: str, n: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"
