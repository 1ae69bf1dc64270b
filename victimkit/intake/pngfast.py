"""A fast path for the commonest evidence: 8-bit RGB or grey, non-interlaced PNG screenshots.

Pillow inflates PNG data through the system's zlib; on a phone screenshot (a 140 KB file that
inflates to 7.8 MB) that alone costs ~30 ms, and Pillow's row filters (Paeth, scalar C) and the
full-size image it builds cost as much again. Here the same file is:

- walked chunk by chunk, every chunk's CRC checked (Pillow skips the image data's),
- inflated with zlib-ng in one piece (huge images in 32 MB pieces; the Adler-32 is checked at its end),
- un-filtered row by row and box-reduced on the fly by a small compiled kernel (numba), so the
  full-size image is never built: the result is exactly ``Image.reduce(factor)`` of the image
  Pillow would decode, pixel for pixel (tests/intake/test_pngfast.py proves it).

It proves the file is whole at least as strictly as Pillow's decode does. Anything unusual —
another colour type or bit depth, interlacing, transparency, animation, chunks after the image
data, a damaged or truncated stream, a missing numba — returns ``None``, and the caller takes
the plain Pillow path, which decides and words any problem.
"""

from __future__ import annotations

import functools
import struct
import threading
import time

import numpy as np

try:
    from zlib_ng import zlib_ng as _zlib
except ImportError:  # pragma: no cover - declared dependency
    _zlib = None

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BANDS = {"L": 1, "RGB": 3}  # Pillow mode -> bytes per pixel; the colour types handled here
# Inflated and un-filtered a piece at a time. A phone screenshot (7.8 MB of rows) is one piece:
# each call into zlib-ng or the kernel costs a GIL hand-over (up to the 5 ms switch interval
# when another thread runs Python) and numba's argument checks (~70 us); in 384 KB pieces that
# was ~40 calls per file, and ~1 CPU-ms. Only huge images are cut, to keep memory flat.
CHUNK_BYTES = 32 << 20
# How long an image may wait for the kernel while it loads, counted from the start of the load.
# Numba's cached kernel loads in ~1 s; meanwhile the import copies, hashes and fsyncs the first
# files, and their decode waits for the kernel (~5 CPU-ms each) instead of taking Pillow's path
# (~50 CPU-ms each: 37-53 files of a cold import went that way, ~2.5 CPU-s). A first compile on
# a new machine takes longer: past this, images take Pillow's path until the kernel is ready.
MAX_WAIT_SECONDS = 3.0

_kernel = None
_kernel_lock = threading.Lock()
_kernel_state = "cold"  # cold -> loading -> ready | failed
_load_started = 0.0  # time.monotonic() when the load began
unavailable_reason = ""  # why the fast path is off (no numba...), for tests and benchmarks
# for benchmarks: how long the kernel took to load (wall and this thread's CPU seconds), and how
# many images were left to Pillow because it was not ready yet (counted loosely across threads)
load_seconds = load_cpu_seconds = 0.0
not_ready_count = 0


def prepare(*, wait: bool = False) -> bool:
    """Start loading the compiled kernel in the background; True once it is ready.

    numba's import and its compiled-code cache take ~1 s (a first compile on a new machine,
    several): an import does not wait for it to start copying. An image that reaches its
    decode while the kernel loads waits for it up to MAX_WAIT_SECONDS from the start of the
    load, then takes Pillow's path, which gives the same facts and the same thumbnail, only
    slower. ``wait`` blocks until the kernel is ready or has failed (tests, benchmarks).
    """
    global _kernel_state, _load_started
    with _kernel_lock:
        if _kernel_state == "cold":
            _kernel_state = "loading"
            _load_started = time.monotonic()
            threading.Thread(target=_load_kernel, name="vk-pngfast", daemon=True).start()
    if wait:
        _ready.wait()
    return _kernel_state == "ready"


_ready = threading.Event()


def _load_kernel() -> None:
    global _kernel, _kernel_state, unavailable_reason, load_seconds, load_cpu_seconds
    t0, c0 = time.perf_counter(), time.thread_time()
    try:
        from victimkit.intake import _pngkernel

        kernel = _pngkernel.unfilter_reduce
        # compile (or load from numba's cache) now, on a 2x2 image, not on the first evidence file
        rows = np.zeros((3, 6), np.uint8)
        out = np.empty((1, 1, 3), np.uint8)
        src = np.frombuffer(bytes(14), np.uint8)  # read-only, as in real use: the same signature
        kernel(src, 2, 6, 3, 0, 2, 2, rows, np.zeros(6, np.int32), out, _multipliers(4))
        _kernel, _kernel_state = kernel, "ready"
    except Exception as exc:  # no numba, no LLVM for this CPU, an unwritable cache...
        unavailable_reason = f"{type(exc).__name__}: {exc}"  # Pillow decodes every image
        _kernel_state = "failed"
    finally:
        load_seconds, load_cpu_seconds = time.perf_counter() - t0, time.thread_time() - c0
        _ready.set()


@functools.lru_cache(maxsize=64)
def _multipliers(max_n: int) -> np.ndarray:  # only read by the kernel: one array per box size
    # Pillow's Reduce.c: division_UINT32(n, 8) = (UINT32)((float)(1 << 32) / (256 * n)), in float
    n = np.arange(1, max_n + 1, dtype=np.float32)
    m = (np.float32(4294967296.0) / (np.float32(256.0) * n)).astype(np.int64)
    return np.concatenate([np.zeros(1, np.int64), m])


def eligible(im) -> bool:
    """Whether an opened (not loaded) Pillow image can take the fast path."""
    if _zlib is None or im.format != "PNG" or im.mode not in BANDS:
        return False
    if im.info.get("interlace") or "transparency" in im.info:
        return False
    if getattr(im, "is_animated", False) or len(im.tile) != 1:
        return False
    tile = im.tile[0]
    # the raw mode says the bit depth: "RGB" is 8-bit, "RGB;16B" is not
    return tile[0] == "zip" and tile[3] in (im.mode, (im.mode,))


def reduced_pixels(data: bytes, mode: str, size: tuple[int, int], factor: int):
    """``Image.reduce(factor)`` of the PNG in ``data`` as an (h, w, bands) uint8 array, or None.

    None means "not for the fast path": the caller decodes with Pillow instead.
    """
    global not_ready_count
    kernel = _kernel
    if kernel is None:
        prepare()
        left = _load_started + MAX_WAIT_SECONDS - time.monotonic()
        if left > 0:
            _ready.wait(left)  # set when the kernel is ready or has failed
        kernel = _kernel
        if kernel is None:
            not_ready_count += 1
            return None
    if mode not in BANDS or factor < 1:
        return None
    idat = _image_data(data, mode, size)
    if idat is None:
        return None
    width, height = size
    bpp = BANDS[mode]
    rowbytes = width * bpp
    stride = rowbytes + 1
    out_w, out_h = -(-width // factor), -(-height // factor)
    out = np.empty((out_h, out_w, bpp), np.uint8)
    rows = np.zeros((3, rowbytes), np.uint8)  # [0] stays black: the row above the first
    colsum = np.zeros(rowbytes, np.int32)
    mults = _multipliers(factor * factor)
    rows_per_chunk = max(1, CHUNK_BYTES // stride)
    z = _zlib.decompressobj()
    tail = idat
    y = 0
    try:
        while y < height:
            n = min(rows_per_chunk, height - y)
            buf = z.decompress(tail, n * stride)
            tail = z.unconsumed_tail
            if len(buf) != n * stride:
                return None  # the stream ends before the last row: truncated or damaged
            status = kernel(
                np.frombuffer(buf, np.uint8), n, rowbytes, bpp, y, height, factor,
                rows, colsum, out, mults,
            )  # fmt: skip
            if status != 0:
                return None  # an unknown filter type: damaged
            y += n
        # the stream must end here, with a good checksum (zlib checks the Adler-32 at its end)
        if z.decompress(tail, 1) or not z.eof:
            return None
    except _zlib.error:
        return None
    return out


def _image_data(data: bytes, mode: str, size: tuple[int, int]) -> bytes | None:
    """The concatenated IDAT payload, after checking every chunk's CRC and the header.

    None for anything the fast path leaves to Pillow.
    """
    if not data.startswith(PNG_SIGNATURE):
        return None
    crc32 = _zlib.crc32
    pos, end = 8, len(data)
    parts: list[bytes] = []
    seen_idat = ended_idat = False
    while True:
        if pos + 12 > end:
            return None  # no IEND: truncated
        length, cid = struct.unpack_from(">I4s", data, pos)
        body = pos + 8
        if body + length + 4 > end:
            return None
        if crc32(data[pos + 4 : body + length]) != struct.unpack_from(">I", data, body + length)[0]:
            return None
        if cid == b"IHDR":
            if length != 13:
                return None
            w, h, depth, ctype, comp, filt, interlace = struct.unpack_from(">IIBBBBB", data, body)
            if (w, h) != tuple(size) or depth != 8 or comp or filt or interlace:
                return None
            if ctype != {"L": 0, "RGB": 2}[mode]:
                return None
        elif cid == b"IDAT":
            if ended_idat:
                return None  # image data split by another chunk
            seen_idat = True
            parts.append(data[body : body + length])
        elif cid == b"IEND":
            break
        else:
            if seen_idat:
                ended_idat = True
                # Pillow reads chunks after the image data (EXIF, text) only when it decodes
                return None
            if cid in (b"PLTE", b"tRNS", b"acTL", b"fcTL"):
                return None
        pos = body + length + 4
    return b"".join(parts) if parts else None
