"""Shared fixtures: fresh cases on a real SQLite file, and real image files made on the fly."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("VICTIMKIT_LANG", "en")
# the tests never write into the user's own data folder (case library, settings, knowledge cache)
os.environ.setdefault("VICTIMKIT_HOME", tempfile.mkdtemp(prefix="victimkit-tests-home-"))

CJK_FONTS = [  # fonts with both CJK and Latin glyphs (Droid Sans Fallback has no Latin digits)
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
]


def cjk_font(size: int) -> ImageFont.FreeTypeFont:
    for path in CJK_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    raise RuntimeError("no CJK font installed: run make sysdeps")


def screenshot(lines: list[str], *, size=(1080, 2400), dark=False) -> Image.Image:
    """A phone-sized screenshot with known text."""
    bg, fg = ((17, 17, 17), (230, 230, 230)) if dark else ((237, 237, 237), (20, 20, 20))
    im = Image.new("RGB", size, bg)
    draw = ImageDraw.Draw(im)
    font = cjk_font(44)
    draw.text((40, 20), "23:35", font=cjk_font(36), fill=fg)
    y = 160
    for line in lines:
        draw.text((60, y), line, font=font, fill=fg)
        y += 90
    return im


class NetworkUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """victimkit must never use the network: any attempt to connect fails the test that made it.

    Local sockets (AF_UNIX, socketpair) stay allowed: Qt and multiprocessing use them.
    """
    import socket

    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(method):
        def connect(self, address, *args):
            if self.family in (socket.AF_INET, socket.AF_INET6):
                raise NetworkUsed(f"network connection attempted to {address!r}")
            return method(self, address, *args)

        return connect

    def no_lookup(*args, **kwargs):
        raise NetworkUsed(f"name lookup attempted: {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))
    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    monkeypatch.setattr(socket, "create_connection", no_lookup)


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    return tmp_path / "case"


@pytest.fixture
def store(case_dir: Path):
    from victimkit.store.case import CaseStore

    s = CaseStore.create(case_dir, title="测试案件", victim_name="张三", timezone="Asia/Shanghai")
    yield s
    s.close()


@pytest.fixture
def shot(tmp_path: Path):
    """Write a PNG screenshot with the given lines; returns its path."""
    counter = iter(range(10_000))

    def make(lines=("你好，我是抖音官方客服", "转账 ¥1,130.00"), name=None, **kw) -> Path:
        path = tmp_path / "phone" / (name or f"Screenshot_20241014-2335{next(counter):02d}.png")
        path.parent.mkdir(parents=True, exist_ok=True)
        screenshot(list(lines), **kw).save(path)
        return path

    return make
