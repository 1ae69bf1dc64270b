"""Times as people and apps write them, resolved to aware datetimes.

Absolute forms (``2024-10-14 23:35:05``, ``2024/10/14 23:35``, ``2024年10月14日 下午3:20``,
``14 Oct 2024 13:20``, ``Oct 14, 2024``), partial ones (``10月14日``, ``10/14 09:30``) and chat
separators (``昨天 14:20``, ``星期一 09:10``, ``上午 9:10``, ``Yesterday 14:20``, ``Monday 9:10 AM``)
are found in text and resolved against a reference (the screenshot's capture time) in the case's
zone. Every time keeps its source: ``in_image`` (shown in a picture), ``receipt`` (a payment
record), ``file_metadata``, ``import``, ``chat_export`` or ``person``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from victimkit.core.text import nfkc_per_char
from victimkit.core.zones import zone_info

TIME_SOURCES = ("in_image", "receipt", "file_metadata", "import", "chat_export", "person")


@dataclass(frozen=True)
class FoundTime:
    value: datetime  # aware, in ``zone``
    text: str  # as written
    start: int
    end: int
    source: str  # one of TIME_SOURCES
    zone: str
    precision: str  # "second", "minute", "day"
    resolved: bool = (
        False  # date came from the reference (昨天, 星期一, a bare time, a missing year)
    )

    def utc(self) -> datetime:
        return self.value.astimezone(ZoneInfo("UTC"))


_AMPM = r"(?P<ampm>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间)?"
_HMS = r"(?P<h>2[0-3]|[01]?\d)\s?[:：]\s?(?P<mi>[0-5]\d)(?:\s?[:：]\s?(?P<s>[0-5]\d))?(?:\s?(?P<ap>[AaPp]\.?[Mm]\.?))?"
_TIME = rf"(?:\s*{_AMPM}\s*{_HMS})?"
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WEEKDAYS = {
    "一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip

PATTERNS: list[tuple[str, re.Pattern]] = [
    # 2024-10-14 23:35:05, 2024/10/14, 2024.10.14, 20241014 23:35 is not taken (order numbers)
    (
        "ymd",
        re.compile(
            rf"(?<!\d)(?P<y>(?:19|20)\d\d)\s?(?P<sep>[-/.])\s?(?P<mo>1[0-2]|0?[1-9])\s?(?P=sep)\s?(?P<d>3[01]|[12]\d|0?[1-9])(?:(?!\d)|(?=(?:2[0-3]|[01]\d)[:：])){_TIME}"
        ),
    ),
    # 2024年10月14日 下午3:20
    (
        "ymd_zh",
        re.compile(
            rf"(?P<y>(?:19|20)\d\d)\s?年\s?(?P<mo>1[0-2]|0?[1-9])\s?月\s?(?P<d>3[01]|[12]\d|0?[1-9])\s?[日号]?{_TIME}"
        ),
    ),
    # 14 Oct 2024 13:20:10
    (
        "dmy_en",
        re.compile(
            rf"(?<!\d)(?P<d>3[01]|[12]\d|0?[1-9])\s*{_MON}\s*,?\s*(?P<y>(?:19|20)\d\d){_TIME}", re.I
        ),
    ),
    # Oct 14, 2024 1:20 PM
    (
        "mdy_en",
        re.compile(
            rf"{_MON}\s+(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s*,?\s*(?P<y>(?:19|20)\d\d)?{_TIME}",
            re.I,
        ),
    ),
    # 10月14日 晚上8:05
    (
        "md_zh",
        re.compile(
            rf"(?<!\d)(?P<mo>1[0-2]|0?[1-9])\s?月\s?(?P<d>3[01]|[12]\d|0?[1-9])\s?[日号]{_TIME}"
        ),
    ),
    # 10/14 or 10/14 09:30 (month first, as Chinese apps write it)
    (
        "md_slash",
        re.compile(
            rf"(?<![\d/.])(?P<mo>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])(?![\d/]){_TIME}"
        ),
    ),
    # 昨天 14:20, 前天, 今天 上午9:10, Yesterday 14:20
    ("rel", re.compile(rf"(?P<rel>今天|昨天|前天|Today|Yesterday)\s*,?{_TIME}", re.I)),
    # 星期一 09:10, 周一, Monday 9:10 AM
    ("weekday", re.compile(rf"(?:星期|周|礼拜)(?P<wd>[一二三四五六日天])\s*{_TIME}")),
    (
        "weekday",
        re.compile(
            rf"(?P<wde>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b\.?,?{_TIME}",
            re.I,
        ),
    ),
    # a bare time: 下午3:20, 14:20, 9:10 PM
    ("time", re.compile(rf"(?<![\d:：.])\s*{_AMPM}\s*{_HMS}(?![\d:：])")),
]


def normalise(text: str) -> str:
    """Full-width digits and colons to ASCII (NFKC); keeps the string's length per character."""
    return nfkc_per_char(text)


# Every pattern needs a digit or one of these words: a text without any has no time in it.
_MAYBE_TIME = re.compile(
    r"\d|今天|昨天|前天|星期|周|礼拜|today|yesterday|mon|tue|wed|thu|fri|sat|sun", re.I
)


def _hour(g: dict) -> tuple[int, int, int, str] | None:
    if g.get("h") is None:
        return None
    h, mi = int(g["h"]), int(g["mi"])
    s = int(g["s"]) if g.get("s") else None
    ampm = g.get("ampm") or ""
    ap = (g.get("ap") or "").lower().replace(".", "")
    if (ampm in ("下午", "傍晚", "晚上", "夜里", "夜间") and h < 12) or (ampm == "中午" and h < 11):
        h += 12
    elif ampm in ("凌晨", "早上", "早晨", "上午") and h == 12:
        h = 0
    if ap == "pm" and h < 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    return h, mi, s if s is not None else 0, "second" if s is not None else "minute"


def _build(day: date, hms, tz: ZoneInfo) -> tuple[datetime, str]:
    if hms is None:
        return datetime(day.year, day.month, day.day, tzinfo=tz), "day"
    h, mi, s, precision = hms
    return datetime(day.year, day.month, day.day, h, mi, s, tzinfo=tz), precision


def _safe_date(y: int, mo: int, d: int) -> date | None:
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def find_times(
    text: str,
    *,
    reference: datetime | None = None,
    zone: str = "Asia/Shanghai",
    source: str = "in_image",
) -> list[FoundTime]:
    """Every time in ``text``, left to right, without overlaps (the longest, most specific wins).

    ``reference`` (aware) resolves relative and partial forms; without it they are skipped.
    """
    tz = zone_info(zone)
    ref = reference.astimezone(tz) if reference is not None else None
    norm = normalise(text)
    if not _MAYBE_TIME.search(norm):
        return []
    found: list[FoundTime] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in PATTERNS:
        for m in pattern.finditer(norm):
            start, end = m.span()
            # trim leading whitespace the optional groups may have eaten
            while start < end and norm[start].isspace():
                start += 1
            while end > start and norm[end - 1].isspace():
                end -= 1
            if any(start < e and s < end for s, e in taken):
                continue
            ft = _resolve(name, m.groupdict(), ref, tz)
            if ft is None:
                continue
            value, precision, resolved = ft
            found.append(
                FoundTime(value, text[start:end], start, end, source, zone, precision, resolved)
            )
            taken.append((start, end))
    return sorted(found, key=lambda f: f.start)


def _resolve(name: str, g: dict, ref: datetime | None, tz: ZoneInfo):
    hms = _hour(g)
    if name in ("ymd", "ymd_zh", "dmy_en", "mdy_en"):
        mo = _MONTHS[g["mon"].lower().rstrip(".")] if g.get("mon") else int(g["mo"])
        if g.get("y"):
            y = int(g["y"])
            resolved = False
        elif ref is not None:
            y, resolved = ref.year, True
        else:
            return None
        day = _safe_date(y, mo, int(g["d"]))
        if day is None:
            return None
        if resolved and ref is not None and day > ref.date():
            day = _safe_date(y - 1, mo, day.day) or day
        value, precision = _build(day, hms, tz)
        return value, precision, resolved
    if name in ("md_zh", "md_slash"):
        if ref is None:
            return None
        if name == "md_slash" and hms is None and not g.get("d"):
            return None
        day = _safe_date(ref.year, int(g["mo"]), int(g["d"]))
        if day is None:
            return None
        if day > ref.date():
            day = _safe_date(ref.year - 1, day.month, day.day)
            if day is None:
                return None
        value, precision = _build(day, hms, tz)
        return value, precision, True
    if ref is None:
        return None
    if name == "rel":
        back = {"今天": 0, "today": 0, "昨天": 1, "yesterday": 1, "前天": 2}[g["rel"].lower()]
        value, precision = _build(ref.date() - timedelta(days=back), hms, tz)
        return value, precision, True
    if name == "weekday":
        wd = _WEEKDAYS[g["wd"]] if g.get("wd") else _WEEKDAYS[g["wde"].lower()]
        back = (ref.weekday() - wd) % 7 or 7  # chat apps say 星期一 only for days before yesterday
        value, precision = _build(ref.date() - timedelta(days=back), hms, tz)
        return value, precision, True
    if name == "time":
        if hms is None:
            return None
        value, precision = _build(ref.date(), hms, tz)
        if value > ref + timedelta(minutes=5):  # a time later than the capture was yesterday's
            value -= timedelta(days=1)
        return value, precision, True
    return None


def parse_time(
    text: str,
    *,
    reference: datetime | None = None,
    zone: str = "Asia/Shanghai",
    source: str = "in_image",
) -> FoundTime | None:
    """The most complete time in ``text`` (a date with a time beats a date, beats a bare time)."""
    times = find_times(text, reference=reference, zone=zone, source=source)
    if not times:
        return None
    rank = {"second": 3, "minute": 2, "day": 1}
    return max(times, key=lambda t: (not t.resolved, rank[t.precision], t.end - t.start))


def with_source(ft: FoundTime, source: str) -> FoundTime:
    return replace(ft, source=source)


def to_utc_iso(value: datetime) -> str:
    """ISO 8601 UTC with a Z, seconds precision: how the case stores times."""
    return value.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")
