from __future__ import annotations

from pathlib import Path

import pytest

from victimkit.intake import exports

DATA = Path(__file__).resolve().parents[2] / "data" / "exports"


def read(
    name: str, *, me: str | None = None, timezone: str = "Asia/Shanghai", expect: str | None = None
):
    path = DATA / name
    fmt = exports.sniff(path, path.read_bytes()[: 64 * 1024])
    if expect is not None:
        assert fmt == expect, f"{name} sniffed as {fmt}"
    assert fmt is not None, f"{name} not recognised"
    return exports.parse(path, fmt, me=me, timezone=timezone)


@pytest.fixture
def data_dir() -> Path:
    return DATA
