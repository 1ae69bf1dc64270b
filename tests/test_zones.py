"""Zones by name, including the fixed offsets that chat exports record (e.g. Telegram's "UTC+08:00")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from victimkit.core.zones import zone_info
from victimkit.errors import CaseError
from victimkit.store.case import CaseStore


@pytest.mark.parametrize(
    ("name", "offset_hours"),
    [
        ("Asia/Shanghai", 8),
        ("UTC+08:00", 8),
        ("UTC-05:30", -5.5),
        ("+0800", 8),
        ("UTC", 0),
        ("", 0),
        ("Mars/Olympus", 0),
    ],
)
def test_zone_info(name, offset_hours):
    when = datetime(2024, 10, 14, 12, 0)
    assert when.replace(tzinfo=zone_info(name)).utcoffset() == timedelta(hours=offset_hours)


def test_times_in_a_chat_with_a_fixed_offset_zone_are_analysed(tmp_path):
    from victimkit.analysis.times import find_times

    found = find_times(
        "2024-10-14 23:35:05 转账", reference=datetime(2024, 10, 15, tzinfo=UTC), zone="UTC+08:00"
    )
    assert found and found[0].value.astimezone(UTC).hour == 15


def test_a_case_with_an_unknown_zone_is_refused(tmp_path):
    with pytest.raises(CaseError, match="Unknown time zone"):
        CaseStore.create(tmp_path / "c", timezone="Beijing time")
