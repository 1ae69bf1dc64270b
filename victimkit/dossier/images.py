"""Display copies of image exhibits for the PDF. The original is never touched.

A display copy is the whole image, uncropped, turned as the phone showed it (EXIF orientation),
scaled down to the size it has on the page at ``DISPLAY_DPI`` and saved as JPEG. When halving
(or quartering ...) the image lands within 15 % of that size, the image is box-reduced by that
whole factor instead of resampled: a phone screenshot (1080 × 2400 → 540 × 1200, 130 dpi on A4)
then costs ~16 ms instead of ~70 (its PNG is inflated and reduced in one pass by
``intake.pngfast`` when that is ready; Pillow's ``reduce`` gives the same pixels otherwise). HEIC, TIFF,
WebP, GIF, 16-bit, CMYK and transparent images are converted on the way; redactions are black
boxes drawn on the copy before it is scaled. A baseline JPEG that needs none of this goes into the
PDF as it is. Copies are cached under ``derived/dossier/`` (they can always be made again), and
many of them are made across two processes.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

try:  # HEIC/HEIF from iPhones
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - a dependency, but keep working without it
    pillow_heif = None

DISPLAY_DPI = 150
JPEG_QUALITY = 85
CACHE_VERSION = "2"  # 2: whole-factor box reduction when it lands near the page size
POOL_THRESHOLD = 24  # fewer images than this are prepared in this process
REDUCE_SLACK = 0.85  # a box reduction may leave this fraction of the page size, no less


@dataclass(frozen=True)
class PrepTask:
    key: str  # exhibit label
    source: str  # the original, read only
    dest_dir: str
    max_w: int  # pixels the image may have on the page
    max_h: int
    redactions: tuple[tuple[int, int, int, int], ...] = ()
    media_type: str = ""


@dataclass(frozen=True)
class PrepResult:
    key: str
    path: str | None  # what the PDF draws; None when the image cannot be decoded
    width: int = 0  # pixels of the display copy
    height: int = 0
    converted: bool = False  # format or colour model changed (HEIC, CMYK, 16-bit ...)
    redacted: bool = False
    scaled: bool = False
    note: str = ""  # e.g. "HEIC → JPEG", "CMYK → RGB", for the PDF
    error: str = ""
    passthrough: bool = False  # the original JPEG bytes go into the PDF unchanged


def reduce_factor(scale: float) -> int:
    """The whole factor to box-reduce by for a wanted ``scale`` (< 1), or 1 to resample."""
    f = int(1 / (REDUCE_SLACK * scale)) if scale > 0 else 1
    return f if f >= 2 else 1


def _fast_reduce(src: Path, im: Image.Image, factor: int) -> Image.Image | None:
    """``im.reduce(factor)`` of an ordinary PNG by intake's one-pass decoder, or None."""
    try:
        from victimkit.intake import pngfast
    except ImportError:  # pragma: no cover - numpy/numba missing: Pillow does it
        return None
    if not pngfast.eligible(im):
        return None
    pixels = pngfast.reduced_pixels(src.read_bytes(), im.mode, im.size, factor)
    if pixels is None:
        return None
    return Image.fromarray(pixels[:, :, 0] if im.mode == "L" else pixels)


def _cache_name(task: PrepTask, sha: str) -> str:
    h = hashlib.sha256(
        repr((CACHE_VERSION, task.max_w, task.max_h, task.redactions, JPEG_QUALITY)).encode()
    ).hexdigest()[:12]
    return f"{sha}-{h}.jpg"


def _to_rgb(im: Image.Image, notes: list[str]) -> Image.Image:
    mode = im.mode
    if mode in ("RGB", "L"):
        return im
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        notes.append(f"{mode} → 8-bit")
        src = im.convert("I") if mode != "I" else im
        lo, hi = src.getextrema()
        span = max(hi - lo, 1)
        return src.point(lambda v: (v - lo) * 255 / span).convert("L")
    if mode == "F":
        notes.append("float → 8-bit")
        lo, hi = im.getextrema()
        span = max(hi - lo, 1e-9)
        return im.point(lambda v: (v - lo) * 255 / span).convert("L")
    if mode == "CMYK":
        notes.append("CMYK → RGB")
        return im.convert("RGB")
    if mode in ("RGBA", "LA", "PA", "P", "RGBa", "La") or "transparency" in im.info:
        rgba = im.convert("RGBA")
        if rgba.getextrema()[3][0] < 255:
            notes.append("transparency on white")
        bg = Image.new("RGB", rgba.size, (255, 255, 255))
        bg.paste(rgba, mask=rgba.getchannel("A"))
        return bg
    if mode == "1":
        return im.convert("L")
    notes.append(f"{mode} → RGB")
    return im.convert("RGB")


def prepare(task: PrepTask) -> PrepResult:
    """Make (or reuse) the display copy of one image. Never raises for a bad image."""
    src = Path(task.source)
    sha = src.name.split(".")[0]
    try:
        with Image.open(src) as im:
            fmt = (im.format or "").upper()
            frames = getattr(im, "n_frames", 1)
            # PNG keeps EXIF (rare in screenshots) in a chunk that PIL may only find by decoding
            # the whole image: read it only when it was seen in the header
            has_exif = fmt != "PNG" or "exif" in im.info
            orientation = im.getexif().get(0x0112, 1) if has_exif else 1
            w, h = im.size
            if orientation in (5, 6, 7, 8):
                w, h = h, w
            scale = min(task.max_w / w, task.max_h / h, 1.0)
            needs_scale = scale < 0.8
            if (
                fmt == "JPEG"
                and im.mode in ("RGB", "L")
                and orientation in (0, 1)
                and not task.redactions
                and not needs_scale
                and not im.info.get("progressive")
            ):
                return PrepResult(task.key, str(src), w, h, passthrough=True)
            dest = Path(task.dest_dir) / _cache_name(task, sha)
            notes: list[str] = []
            if fmt not in ("JPEG", "PNG"):
                notes.append(f"{fmt or 'image'} → JPEG")
            if frames > 1:
                notes.append(f"frame 1 of {frames}")
            if orientation not in (0, 1):
                notes.append("turned upright (EXIF orientation)")
            if needs_scale:
                notes.append("scaled to the page")
            converted = fmt not in ("JPEG", "PNG") or im.mode not in ("RGB", "L", "P", "RGBA")
            if dest.is_file():
                with Image.open(dest) as done:
                    dw, dh = done.size
                return PrepResult(
                    task.key,
                    str(dest),
                    dw,
                    dh,
                    converted=converted,
                    redacted=bool(task.redactions),
                    scaled=needs_scale,
                    note="; ".join(notes),
                )
            factor = reduce_factor(scale) if needs_scale else 1
            work = None
            plain_png = fmt == "PNG" and frames == 1 and orientation in (0, 1)
            if factor > 1 and plain_png and not task.redactions:
                work = _fast_reduce(src, im, factor)  # None: Pillow below
            fast = work is not None  # already reduced to the display size
            if work is None:
                if fmt == "JPEG" and needs_scale and not task.redactions:
                    im.draft("RGB", (int(w * scale) + 1, int(h * scale) + 1))
                im.seek(0)
                im.load()
                work = _to_rgb(im, notes)
            if task.redactions:
                if work is im:
                    work = im.copy()
                draw = ImageDraw.Draw(work)
                fill = 0 if work.mode == "L" else (0, 0, 0)
                for box in task.redactions:
                    draw.rectangle(box, fill=fill)
                notes.append(f"{len(task.redactions)} region(s) redacted")
            work = ImageOps.exif_transpose(work) if orientation not in (0, 1) else work
            if needs_scale and not fast:
                f = reduce_factor(min(task.max_w / work.width, task.max_h / work.height))
                if f > 1:
                    work = work.reduce(f)
                else:  # to the size wanted of the whole image (a JPEG may come drafted smaller)
                    size = (max(1, round(w * scale)), max(1, round(h * scale)))
                    work = work.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_suffix(f".{os.getpid()}.part")
            work.save(tmp, "JPEG", quality=JPEG_QUALITY, subsampling=0, optimize=False)
            os.replace(tmp, dest)
            return PrepResult(
                task.key,
                str(dest),
                work.width,
                work.height,
                converted=converted,
                redacted=bool(task.redactions),
                scaled=needs_scale,
                note="; ".join(notes),
            )
    except Exception as exc:  # a damaged or unsupported image: the PDF says so, export goes on
        return PrepResult(task.key, None, error=f"{type(exc).__name__}: {exc}")


def _worker_start() -> None:
    """In each worker: load intake's PNG decoder first (~0.7 s), for the many images to come."""
    try:
        from victimkit.intake import pngfast

        pngfast.prepare(wait=True)
    except Exception:  # pragma: no cover - Pillow decodes then
        pass


def is_cached(task: PrepTask) -> bool:
    """True when the display copy of ``task`` was made before (reusing it takes a millisecond)."""
    sha = Path(task.source).name.split(".")[0]
    return (Path(task.dest_dir) / _cache_name(task, sha)).is_file()


def prepare_all(tasks: list[PrepTask], *, workers: int = 2, on_done=None) -> dict[str, PrepResult]:
    """Prepare every task: copies made before are reused here, new ones are made across
    ``workers`` processes when there are many."""
    results: dict[str, PrepResult] = {}
    todo = [t for t in tasks if not is_cached(t)]
    if len(todo) < POOL_THRESHOLD or workers <= 1:
        todo = []
    keep = {t.key for t in todo}
    for t in tasks:
        if t.key not in keep:
            results[t.key] = prepare(t)
            if on_done:
                on_done(results[t.key])
    if not todo:
        return results
    tasks = todo
    # spawn, not fork: the GUI has threads, and a forked child of a threaded process can hang
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn"), initializer=_worker_start
    )
    try:
        for r in pool.map(prepare, tasks, chunksize=8):
            results[r.key] = r
            if on_done:
                on_done(r)  # may raise Cancelled
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return results
