"""Fixtures for the hardening tests: a private VICTIMKIT_HOME, hostile files made on the fly."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

FAST_SCRYPT = 2**14  # the real cost (2**17) is tested once; the rest use a cheaper one


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """victimkit's data and config folders inside the test's temporary folder."""
    h = tmp_path / "vkhome"
    monkeypatch.setenv("VICTIMKIT_HOME", str(h))
    return h


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bytes(
    width: int,
    height: int,
    *,
    bit_depth: int = 8,
    colour: int = 0,
    extra: bytes = b"",
    idat: bytes | None = None,
) -> bytes:
    """A PNG written chunk by chunk, so that it can say what no encoder would write."""
    if idat is None:
        channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour, 1)
        row = b"\x00" + b"\x00" * ((width * bit_depth * channels + 7) // 8)
        comp = zlib.compressobj(9)
        parts = []
        left = height
        while left:
            n = min(left, 4096)
            parts.append(comp.compress(row * n))
            left -= n
        parts.append(comp.flush())
        idat = b"".join(parts)
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + extra
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def tiff_ifd(entries: list[tuple[int, int, int, bytes]]) -> bytes:
    """A little-endian TIFF header and one IFD: (tag, type, count, value bytes) each.

    Values longer than 4 bytes are placed after the IFD, as the format says."""
    n = len(entries)
    base = 8 + 2 + 12 * n + 4
    body = b""
    table = b""
    for tag, typ, count, value in entries:
        if len(value) <= 4:
            table += struct.pack("<HHI", tag, typ, count) + value.ljust(4, b"\x00")
        else:
            table += struct.pack("<HHII", tag, typ, count, base + len(body))
            body += value
    return b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", n) + table + b"\x00" * 4 + body


def jpeg_with_exif(exif_tiff: bytes, size=(64, 48)) -> bytes:
    """A real JPEG with an APP1 Exif segment holding ``exif_tiff`` as it is."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "JPEG")
    jpg = buf.getvalue()
    payload = b"Exif\x00\x00" + exif_tiff
    assert len(payload) + 2 < 65536
    app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return jpg[:2] + app1 + jpg[2:]
