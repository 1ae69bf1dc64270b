"""Time zones by name: IANA names ("Asia/Shanghai") and the fixed offsets exports write ("UTC+08:00")."""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?")


@lru_cache(maxsize=64)
def zone_info(name: str | None) -> tzinfo:
    """The tzinfo for ``name``; UTC when the name is empty or unknown."""
    if not name or name in ("UTC", "Z"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    m = _OFFSET.fullmatch(name.strip())
    if m:
        delta = timedelta(hours=int(m[2]), minutes=int(m[3] or 0))
        if delta <= timedelta(hours=14):
            return timezone(-delta if m[1] == "-" else delta)
    return UTC


def is_known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError):
        return False
