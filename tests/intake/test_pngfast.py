"""The PNG fast path gives exactly what Pillow gives, and steps aside for everything else.

PNGs are written here by a small encoder that follows the PNG specification, so every row
filter (none, sub, up, average, Paeth) and odd layouts (split IDAT, damaged CRC or checksum,
chunks after the image data) are covered, not only the filters Pillow's encoder happens to pick.
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from victimkit.intake import images, pngfast

from ..conftest import screenshot


@pytest.fixture(scope="module", autouse=True)
def kernel_ready():
    assert pngfast.prepare(wait=True), pngfast.unavailable_reason


def _chunk(cid: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + cid + body + struct.pack(">I", zlib.crc32(cid + body))


def _paeth(a: int, b: int, c: int) -> int:
    pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def _filter_row(ft: int, row: bytes, prev: bytes, bpp: int) -> bytes:
    out = bytearray()
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        pred = (0, a, b, (a + b) // 2, _paeth(a, b, c))[ft]
        out.append((x - pred) & 0xFF)
    return bytes([ft]) + bytes(out)


def encode_png(
    pixels: np.ndarray,
    filters,
    *,
    split: int = 0,
    after_idat: bytes = b"",
    before_idat: bytes = b"",
    interlace: int = 0,
    level: int = 6,
) -> bytes:
    """An 8-bit grey (h, w) or RGB (h, w, 3) PNG, row y filtered with filters[y % len(filters)]."""
    h, w = pixels.shape[:2]
    bpp = 1 if pixels.ndim == 2 else pixels.shape[2]
    ctype = {1: 0, 3: 2, 4: 6}[bpp]
    raw = bytearray()
    prev = bytes(w * bpp)
    for y in range(h):
        row = pixels[y].tobytes()
        raw += _filter_row(filters[y % len(filters)], row, prev, bpp)
        prev = row
    data = zlib.compress(bytes(raw), level)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, ctype, 0, 0, interlace)
    parts = [data[:split], data[split:]] if split else [data]
    return (
        pngfast.PNG_SIGNATURE
        + _chunk(b"IHDR", ihdr)
        + before_idat
        + b"".join(_chunk(b"IDAT", p) for p in parts)
        + after_idat
        + _chunk(b"IEND", b"")
    )


def _pillow_reduced(data: bytes, factor: int) -> np.ndarray:
    im = Image.open(io.BytesIO(data))
    im.load()
    out = np.asarray(im.reduce(factor) if factor > 1 else im)
    return out if out.ndim == 3 else out[:, :, None]


def _fast(data: bytes, factor: int):
    im = Image.open(io.BytesIO(data))
    assert pngfast.eligible(im)
    return pngfast.reduced_pixels(data, im.mode, im.size, factor)


def _texture(h: int, w: int, bands: int, seed: int) -> np.ndarray:
    """Flat areas, edges and noise: every Paeth branch is taken."""
    rng = np.random.default_rng(seed)
    shape = (h, w) if bands == 1 else (h, w, bands)
    im = np.full(shape, 200, np.uint8)
    im[h // 3 :, : w // 2] = 30
    noise = rng.integers(0, 256, shape, dtype=np.uint8)
    mask = rng.random((h, w)) < 0.3
    im[mask] = noise[mask]
    return im


@pytest.mark.parametrize("bands", [1, 3])
@pytest.mark.parametrize("filters", [[0], [1], [2], [3], [4], [0, 1, 2, 3, 4], [4, 2, 2, 1, 3]])
def test_every_filter_decodes_exactly_as_pillow(bands, filters):
    pixels = _texture(23, 37, bands, seed=len(filters) * 10 + filters[0])
    data = encode_png(pixels, filters)
    for factor in (1, 2, 3, 4, 5, 7):
        got = _fast(data, factor)
        assert got is not None
        assert np.array_equal(got, _pillow_reduced(data, factor)), (filters, factor)


def test_pillow_written_screenshots_and_split_image_data():
    shot = screenshot(["你好，我是抖音官方客服", "转账 ¥1,130.00"], size=(540, 1200))
    for level in (1, 6, 9):
        buf = io.BytesIO()
        shot.save(buf, "PNG", compress_level=level)
        data = buf.getvalue()
        assert np.array_equal(_fast(data, 3), _pillow_reduced(data, 3))
    split = encode_png(np.asarray(shot)[:300], [4, 2, 1], split=1000)
    assert np.array_equal(_fast(split, 2), _pillow_reduced(split, 2))


@pytest.mark.parametrize("piece", [1, 1000, 7 * 111 + 3])
def test_images_cut_into_pieces_decode_the_same(monkeypatch, piece):
    # huge images are inflated and un-filtered a piece at a time: rows carried across pieces
    rgb = _texture(61, 37, 3, seed=piece)
    grey = _texture(61, 37, 1, seed=piece + 1)
    for pixels in (rgb, grey):
        data = encode_png(pixels, [0, 1, 2, 3, 4, 4, 2])
        whole = {f: _fast(data, f) for f in (1, 3, 4)}
        monkeypatch.setattr(pngfast, "CHUNK_BYTES", piece)  # 1: a row per piece
        for factor, expected in whole.items():
            got = _fast(data, factor)
            assert np.array_equal(got, expected), (piece, factor)
            assert np.array_equal(got, _pillow_reduced(data, factor))
        monkeypatch.undo()


def test_grey_and_odd_sizes():
    for h, w in ((1, 1), (1, 9), (9, 1), (641, 321), (17, 1000)):
        pixels = _texture(h, w, 1, seed=h + w)
        data = encode_png(pixels, [4, 3, 2, 1, 0])
        factor = images._reduce_factor(w, h)
        assert np.array_equal(_fast(data, factor), _pillow_reduced(data, factor)), (h, w)


def _eligible(data: bytes) -> bool:
    return pngfast.eligible(Image.open(io.BytesIO(data)))


def test_other_kinds_are_left_to_pillow():
    rgb = _texture(20, 30, 3, seed=1)

    def saved(im: Image.Image, **kw) -> bytes:
        buf = io.BytesIO()
        im.save(buf, "PNG", **kw)
        return buf.getvalue()

    base = Image.fromarray(rgb)
    assert _eligible(saved(base))
    assert not _eligible(saved(base.convert("RGBA")))  # alpha
    assert not _eligible(saved(base.convert("P")))  # palette
    assert not _eligible(saved(base.convert("LA")))
    assert not _eligible(saved(base, transparency=(200, 200, 200)))  # tRNS colour key
    assert not _eligible(saved(base.convert("1")))  # 1-bit
    assert not _eligible(saved(Image.fromarray(rgb[:, :, 0].astype(np.uint16) * 257)))  # 16-bit
    assert not _eligible(encode_png(rgb, [0], interlace=1))  # Adam7
    frames = [base, base.transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    buf = io.BytesIO()
    frames[0].save(buf, "PNG", save_all=True, append_images=frames[1:])
    assert not _eligible(buf.getvalue())  # APNG
    assert not pngfast.eligible(Image.open(io.BytesIO(_jpeg(base))))


def _jpeg(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG")
    return buf.getvalue()


def test_damage_and_oddities_decline_instead_of_guessing():
    rgb = _texture(40, 50, 3, seed=2)
    good = encode_png(rgb, [0, 1, 2, 3, 4], level=9)
    assert _fast(good, 2) is not None
    idat = good.index(b"IDAT")

    bad_crc = bytearray(good)
    bad_crc[idat + 10] ^= 0xFF  # a byte of image data: its chunk's CRC no longer matches
    assert _fast(bytes(bad_crc), 2) is None

    raw = bytearray()
    prev = bytes(150)
    for y in range(40):
        raw += _filter_row(2, rgb[y].tobytes(), prev, 3)
        prev = rgb[y].tobytes()
    stream = bytearray(zlib.compress(bytes(raw)))
    stream[-1] ^= 1  # the Adler-32 at the stream's end
    ihdr = struct.pack(">IIBBBBB", 50, 40, 8, 2, 0, 0, 0)
    bad_adler = (
        pngfast.PNG_SIGNATURE
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", bytes(stream))
        + _chunk(b"IEND", b"")
    )
    assert _fast(bad_adler, 2) is None

    bad_filter = bytearray(raw)
    bad_filter[150 + 1] = 5  # row 1's filter type: there is no type 5
    bad_filter_png = (
        pngfast.PNG_SIGNATURE
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(bytes(bad_filter)))
        + _chunk(b"IEND", b"")
    )
    assert _fast(bad_filter_png, 2) is None

    short = (
        pngfast.PNG_SIGNATURE
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(bytes(raw[: 150 * 20])))
        + _chunk(b"IEND", b"")
    )
    assert _fast(short, 2) is None  # a whole, valid stream, but 20 rows short

    assert _fast(good[: len(good) - 30], 2) is None  # truncated file
    text = _chunk(b"tEXt", b"Comment\x00after the image")
    assert _fast(encode_png(rgb, [1], after_idat=text), 2) is None  # Pillow reads it only on load
    assert _fast(encode_png(rgb, [1], before_idat=text), 2) is not None


def _facts_and_thumb(tmp_path, data: bytes, *, fast: bool, name: str):
    src = tmp_path / f"{name}.png"
    src.write_bytes(data)
    thumb = tmp_path / f"{name}.jpg"
    kernel = pngfast._kernel
    if not fast:
        pngfast._kernel = None
        pngfast._kernel_state = "failed"  # as on a machine without numba
    try:
        facts = images.read_image(src, zone="Asia/Shanghai", thumb_to=thumb)
    finally:
        pngfast._kernel, pngfast._kernel_state = kernel, "ready"
    return facts, thumb.read_bytes()


def test_read_image_gives_the_same_facts_and_thumbnail_either_way(tmp_path):
    shot = screenshot(["请下载腾讯会议共享屏幕", "验证码是多少"])  # 1080x2400
    buf = io.BytesIO()
    shot.save(buf, "PNG")
    fast, thumb_fast = _facts_and_thumb(tmp_path, buf.getvalue(), fast=True, name="a")
    slow, thumb_slow = _facts_and_thumb(tmp_path, buf.getvalue(), fast=False, name="b")
    assert fast == slow and fast.decoded and not fast.problems
    assert thumb_fast == thumb_slow  # the same pixels, so the same JPEG bytes
    assert Image.open(io.BytesIO(thumb_fast)).size == (270, 600)


def test_exif_orientation_is_honoured_on_the_fast_path(tmp_path):
    im = screenshot(["横屏"], size=(1200, 600))
    exif = Image.Exif()
    exif[images.EXIF_ORIENTATION] = 6  # stored sideways: turn 90° clockwise to view
    exif[images.EXIF_DATETIME] = "2024:10:14 23:35:05"
    buf = io.BytesIO()
    im.save(buf, "PNG", exif=exif)
    assert _eligible(buf.getvalue())
    fast, thumb_fast = _facts_and_thumb(tmp_path, buf.getvalue(), fast=True, name="a")
    slow, thumb_slow = _facts_and_thumb(tmp_path, buf.getvalue(), fast=False, name="b")
    assert fast == slow and fast.orientation == 6 and fast.captured_at_source == "exif"
    assert thumb_fast == thumb_slow
    w, h = Image.open(io.BytesIO(thumb_fast)).size
    assert h > w  # upright


def test_damaged_png_still_reported_by_pillow(tmp_path):
    buf = io.BytesIO()
    screenshot(["被截断"], size=(540, 1200)).save(buf, "PNG")
    src = tmp_path / "cut.png"
    src.write_bytes(buf.getvalue()[: len(buf.getvalue()) * 2 // 3])
    facts = images.read_image(src, zone="Asia/Shanghai", thumb_to=tmp_path / "t.jpg")
    assert not facts.decoded
    assert any("truncated PNG" in p for p in facts.problems)


def test_an_image_decoded_while_the_kernel_loads_waits_for_it():
    """A cold import's first images wait for the kernel (it loads in ~1 s) instead of taking
    Pillow's full decode; past MAX_WAIT_SECONDS from the start of the load they go to Pillow."""
    import threading
    import time

    rgb = _texture(9, 11, 3, seed=7)
    data = encode_png(rgb, [4, 2, 1])
    want = _pillow_reduced(data, 2)
    kernel, started = pngfast._kernel, pngfast._load_started
    pngfast._kernel, pngfast._kernel_state = None, "loading"
    pngfast._ready.clear()
    pngfast._load_started = time.monotonic()

    def finish_loading():
        pngfast._kernel, pngfast._kernel_state = kernel, "ready"
        pngfast._ready.set()

    timer = threading.Timer(0.2, finish_loading)
    try:
        timer.start()
        got = _fast(data, 2)  # waits for the kernel, then takes the fast path
        assert got is not None and np.array_equal(got, want)
        # a load that began too long ago: no wait, Pillow's path (None) at once
        pngfast._kernel, pngfast._kernel_state = None, "loading"
        pngfast._ready.clear()
        pngfast._load_started = time.monotonic() - pngfast.MAX_WAIT_SECONDS - 1
        assert _fast(data, 2) is None
    finally:
        timer.cancel()
        finish_loading()
        pngfast._load_started = started
