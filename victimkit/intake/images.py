"""Reading images for their facts — size, EXIF capture time and orientation — and a thumbnail.

Nothing here writes to an original: images are opened read-only from the stored copy, and the
thumbnail goes to derived/.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image, ImageFile, UnidentifiedImageError

from victimkit.i18n import _
from victimkit.intake import pngfast

try:  # HEIC/HEIF from iPhones
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - declared dependency
    pillow_heif = None

MAX_MEGAPIXELS = 120  # larger images are kept but not decoded
Image.MAX_IMAGE_PIXELS = MAX_MEGAPIXELS * 1_000_000
ImageFile.LOAD_TRUNCATED_IMAGES = False
THUMB_SIZE = 320

EXIF_DATETIME_ORIGINAL = 0x9003
EXIF_OFFSET_ORIGINAL = 0x9011
EXIF_DATETIME = 0x0132
EXIF_ORIENTATION = 0x0112
EXIF_MAKE = 0x010F
EXIF_MODEL = 0x0110
EXIF_SOFTWARE = 0x0131
EXIF_IFD = 0x8769


@dataclass
class ImageFacts:
    media_type: str
    format: str
    width: int | None = None
    height: int | None = None
    frames: int = 1
    orientation: int | None = None
    captured_at: datetime | None = None
    captured_at_source: str | None = None
    meta: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    decoded: bool = False


def sniff_image(head: bytes) -> tuple[str, str] | None:
    """(media type, extension) for image signatures, from content only."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif", "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    if head[:2] == b"BM":
        return "image/bmp", "bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff", "tiff"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"):
            return "image/heic", "heic"
        if brand in (b"avif", b"avis"):
            return "image/avif", "avif"
    return None


def read_image(
    path: Path, *, zone: str, thumb_to: Path | None = None, data: bytes | None = None
) -> ImageFacts:
    """Open the stored copy, read its facts, write a thumbnail. Problems are reported, not raised.

    ``data``: the stored copy's bytes, when the caller has them in memory (the import read,
    hashed and stored exactly these); the file is then not read again.
    """
    if data is None:
        with path.open("rb") as f:
            head = f.read(32)
    else:
        head = data[:32]
    media_type, _ext = sniff_image(head) or ("application/octet-stream", "")
    facts = ImageFacts(media_type=media_type, format="")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(path if data is None else io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        facts.problems.append(
            _("image larger than {n} megapixels — kept, not decoded").format(n=MAX_MEGAPIXELS)
        )
        return facts
    except UnidentifiedImageError:
        facts.problems.append(_("not a readable image — kept as it is"))
        return facts
    except Exception as exc:  # OSError, and what plugins raise on hostile chunks (ValueError ...)
        facts.problems.append(
            _("image could not be opened ({reason}) — kept as it is").format(reason=exc)
        )
        return facts
    with im:
        facts.format = im.format or ""
        facts.width, facts.height = im.size
        try:
            facts.frames = getattr(im, "n_frames", 1)
        except Exception:  # counting frames reads the whole file: a damaged one stops early
            facts.frames = 1
        if facts.width < 1 or facts.height < 1:
            facts.problems.append(
                _("image with no pixels ({w}×{h}) — kept as it is").format(
                    w=facts.width, h=facts.height
                )
            )
            return facts
        if facts.width * facts.height > MAX_MEGAPIXELS * 1_000_000:
            facts.problems.append(
                _("image larger than {n} megapixels — kept, not decoded").format(n=MAX_MEGAPIXELS)
            )
            return facts
        small = _fast_png(path, im, data)
        if small is not None:
            # the fast path decoded every row and checked every checksum: the file is whole.
            # No chunk follows the image data (else it would have declined), so the EXIF
            # Pillow read at open is all there is; PngImageFile.getexif would decode again.
            facts.decoded = True
            try:
                exif = Image.Image.getexif(im)
            except Exception:
                exif = None
            _read_exif(exif, facts, zone)
            if thumb_to is not None:
                try:
                    orientation = exif.get(EXIF_ORIENTATION, 1) if exif else 1
                    _finish_thumbnail(small, orientation, thumb_to)
                except Exception as exc:
                    facts.problems.append(_("no thumbnail ({reason})").format(reason=exc))
            return facts
        try:
            im.load()  # decode once: proves the file is whole; EXIF and thumbnail reuse it
        except Exception as exc:  # OSError, SyntaxError, ValueError, struct.error, ...
            reason = str(exc)
            if "truncated" in reason:
                facts.problems.append(
                    _("truncated {fmt} — kept, the end of the file is missing").format(
                        fmt=facts.format or "image"
                    )
                )
            else:
                facts.problems.append(
                    _("damaged image ({reason}) — kept as it is").format(reason=reason)
                )
            return facts
        facts.decoded = True
        try:
            exif = im.getexif()
        except Exception:  # absurd metadata must not stop an import
            exif = None
        _read_exif(exif, facts, zone)
        if thumb_to is not None:
            try:
                write_thumbnail(im, thumb_to)
            except Exception as exc:  # the original is kept whatever a thumbnail does
                facts.problems.append(_("no thumbnail ({reason})").format(reason=exc))
    return facts


def _fast_png(path: Path, im: Image.Image, data: bytes | None = None):
    """Image.reduce(thumbnail factor) of an ordinary PNG screenshot, or None: see pngfast."""
    if not pngfast.eligible(im):
        return None
    if data is None:
        try:
            data = path.read_bytes()
        except OSError:
            return None
    pixels = pngfast.reduced_pixels(data, im.mode, im.size, _reduce_factor(*im.size))
    if pixels is None:
        return None
    return Image.fromarray(pixels[:, :, 0] if im.mode == "L" else pixels)


def _read_exif(exif: Image.Exif | None, facts: ImageFacts, zone: str) -> None:
    if exif is None:
        facts.problems.append(_("unreadable EXIF metadata — ignored"))
        return
    if not exif:
        return
    sub = {}
    try:
        sub = exif.get_ifd(EXIF_IFD) or {}
    except Exception:
        sub = {}
    orientation = exif.get(EXIF_ORIENTATION)
    if isinstance(orientation, int) and 1 <= orientation <= 8:
        facts.orientation = orientation
        facts.meta["orientation"] = orientation
    for key, tag in (("make", EXIF_MAKE), ("model", EXIF_MODEL), ("software", EXIF_SOFTWARE)):
        value = exif.get(tag)
        if isinstance(value, str) and value.strip():
            facts.meta[key] = value.strip("\x00 ")[:200]
    raw = sub.get(EXIF_DATETIME_ORIGINAL) or exif.get(EXIF_DATETIME)
    offset = sub.get(EXIF_OFFSET_ORIGINAL)
    when = parse_exif_datetime(raw, offset, zone)
    if when is not None:
        facts.captured_at = when
        facts.captured_at_source = "exif"
        facts.meta["exif_datetime_original"] = str(raw)
        if offset:
            facts.meta["exif_offset"] = str(offset)


def parse_exif_datetime(raw, offset, zone: str) -> datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        naive = datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if isinstance(offset, str):
        m = re.fullmatch(r"([+-])(\d\d):(\d\d)", offset.strip("\x00 "))
        if m:
            delta = timedelta(hours=int(m[2]), minutes=int(m[3]))
            return naive.replace(tzinfo=timezone(delta if m[1] == "+" else -delta))
    return naive.replace(tzinfo=ZoneInfo(zone))


FILENAME_TIME = [
    # Screenshot_20241014-233505.png, IMG_20241014_233505.jpg, Screenshot_2024-10-14-23-35-05-123_com.tencent.mm.jpg
    re.compile(r"(20\d\d)[-_]?(\d\d)[-_]?(\d\d)[-_ T]?(\d\d)[-_.]?(\d\d)[-_.]?(\d\d)"),
    # Screenshot 2024-10-14 at 23.35.05.png (macOS), 屏幕截图 2024-10-14 233505.png (Windows)
    re.compile(r"(20\d\d)-(\d\d)-(\d\d)\D{1,5}(\d\d)\.?(\d\d)\.?(\d\d)"),
]


def time_from_filename(name: str, zone: str) -> datetime | None:
    """Phones name screenshots after the moment they were taken; read it back (local time)."""
    for pattern in FILENAME_TIME:
        m = pattern.search(name)
        if m:
            try:
                naive = datetime(*(int(g) for g in m.groups()))
            except ValueError:
                continue
            return naive.replace(tzinfo=ZoneInfo(zone))
    return None


def write_thumbnail(im: Image.Image, dest: Path) -> None:
    """A small upright JPEG for galleries. Reduces first, then turns: cheap on phone-sized images."""
    if getattr(im, "n_frames", 1) > 1:
        im.seek(0)
    orientation = im.getexif().get(EXIF_ORIENTATION, 1)
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        im = im.point(lambda v: v * (1 / 256)).convert("L")
    elif im.mode in ("F", "1"):  # Image.reduce does not take 1-bit images
        im = im.convert("L")
    elif im.mode in ("P", "PA"):
        im = im.convert("RGBA")
    factor = _reduce_factor(im.width, im.height)
    if factor > 1:
        im = im.reduce(factor)  # integer box reduction: fast, and a clean area average
    _finish_thumbnail(im, orientation, dest)


def _reduce_factor(width: int, height: int) -> int:
    """The box-reduction factor that brings the image within THUMB_SIZE x 2*THUMB_SIZE.

    A phone screenshot (1080x2400) becomes 270x600 by box reduction alone, with no resampling
    after it (that cost as much as the reduction); the gallery shows 120x200.
    """
    return max(1, -(-width // THUMB_SIZE), -(-height // (THUMB_SIZE * 2)))


def _finish_thumbnail(im: Image.Image, orientation, dest: Path) -> None:
    """From the reduced image: flatten transparency on white, fit, turn upright, save."""
    if im.mode not in ("RGB", "L"):
        if im.mode in ("RGBA", "LA"):
            rgba = im.convert("RGBA")
            im = Image.new("RGB", rgba.size, (255, 255, 255))
            im.paste(rgba, mask=rgba.getchannel("A"))
        else:
            im = im.convert("RGB")
    im.thumbnail((THUMB_SIZE, THUMB_SIZE * 2), Image.Resampling.BILINEAR)
    if isinstance(orientation, int) and 2 <= orientation <= 8:
        im = im.transpose(_TRANSPOSE[orientation])
    tmp = dest.with_suffix(".part")
    try:
        im.save(tmp, "JPEG", quality=80)
    except FileNotFoundError:  # the first thumbnail in its folder (a mkdir per file costs more)
        dest.parent.mkdir(parents=True, exist_ok=True)
        im.save(tmp, "JPEG", quality=80)
    tmp.replace(dest)


_T = Image.Transpose
_TRANSPOSE = {
    2: _T.FLIP_LEFT_RIGHT,
    3: _T.ROTATE_180,
    4: _T.FLIP_TOP_BOTTOM,
    5: _T.TRANSPOSE,
    6: _T.ROTATE_270,
    7: _T.TRANSVERSE,
    8: _T.ROTATE_90,
}
