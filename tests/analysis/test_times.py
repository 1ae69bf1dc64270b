"""Times as apps and people write them, resolved against the screenshot's capture time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from victimkit.analysis.times import find_times, parse_time, to_utc_iso

SH = ZoneInfo("Asia/Shanghai")
# captured on Wednesday 16 October 2024, 12:00 Beijing time
REF = datetime(2024, 10, 16, 12, 0, tzinfo=SH)


@pytest.mark.parametrize(
    ("text", "expected", "resolved"),
    [
        ("2024-10-14 23:35:05", "2024-10-14T23:35:05", False),
        ("2024-10-1423:35:05", "2024-10-14T23:35:05", False),  # OCR dropped the space
        ("2024/09/17 21:32:38", "2024-09-17T21:32:38", False),
        ("2024年10月14日 下午3:20", "2024-10-14T15:20:00", False),
        ("2023年04月10日 13:55:25", "2023-04-10T13:55:25", False),
        ("08 May 2023 13:20:10", "2023-05-08T13:20:10", False),
        ("Oct 14, 2024 1:20 PM", "2024-10-14T13:20:00", False),
        ("10月14日", "2024-10-14T00:00:00", True),
        ("10/14", "2024-10-14T00:00:00", True),
        ("12/31", "2023-12-31T00:00:00", True),  # a date after the capture is last year's
        ("昨天 14:20", "2024-10-15T14:20:00", True),
        ("Yesterday 14:20", "2024-10-15T14:20:00", True),
        ("前天 上午9:05", "2024-10-14T09:05:00", True),
        ("星期一 09:10", "2024-10-14T09:10:00", True),
        ("周三 20:00", "2024-10-09T20:00:00", True),  # the same weekday is a week back
        ("Monday 9:10 AM", "2024-10-14T09:10:00", True),
        ("晚上8:05", "2024-10-15T20:05:00", True),  # later than the capture: yesterday's
        ("上午 11:30", "2024-10-16T11:30:00", True),
        ("凌晨12:30", "2024-10-16T00:30:00", True),
    ],
)
def test_forms(text, expected, resolved):
    ft = parse_time(text, reference=REF, zone="Asia/Shanghai")
    assert ft is not None, text
    assert ft.value.replace(tzinfo=None).isoformat() == expected
    assert ft.resolved is resolved
    assert ft.zone == "Asia/Shanghai" and ft.value.tzinfo is not None


def test_every_time_keeps_its_source_and_zone():
    ft = parse_time("支付时间 2024-10-14 23:35:05", zone="Asia/Shanghai", source="receipt")
    assert ft.source == "receipt"
    assert to_utc_iso(ft.value) == "2024-10-14T15:35:05Z"


def test_relative_forms_need_a_reference():
    assert parse_time("昨天 14:20") is None
    assert parse_time("2024-10-14 23:35") is not None


def test_numbers_that_are_not_times():
    assert find_times("订单号 2024101422001412345678 金额 1130.00", reference=REF) == []


def test_several_times_in_one_text():
    times = find_times("创建时间 2024-10-14 23:35:00 付款时间 2024-10-14 23:35:05", reference=REF)
    assert [t.value.second for t in times] == [0, 5]
