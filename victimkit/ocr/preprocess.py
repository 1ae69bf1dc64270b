"""Getting a stored image ready for an engine, without ever touching the original file.

``load_image`` decodes the stored copy (first frame, EXIF orientation applied, transparency
flattened on white) into an RGB array. The other steps are kept only where the benchmark shows
they lower the error: the engines read dark-mode screenshots as well as light ones, so
``is_dark`` is recorded but the image is not inverted; very small images are scaled up so text
is at least ~20 pixels high for the detector (boxes are scaled back to the original's pixels).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from victimkit.errors import OcrError
from victimkit.i18n import _

MIN_LONG_SIDE = 1000  # smaller images (thumbnails, old phones) are scaled up to this


def load_image(path: Path) -> np.ndarray:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                if _plain(im):
                    fast = _decode_plain(path, im.size)
                    if fast is not None:
                        return fast
                im.seek(0)
                im = ImageOps.exif_transpose(im)
                if im.mode in ("RGBA", "LA", "P", "PA"):
                    im = im.convert("RGBA")
                    flat = Image.new("RGB", im.size, (255, 255, 255))
                    flat.paste(im, mask=im.getchannel("A"))
                    im = flat
                else:
                    im = im.convert("RGB")
                return np.asarray(im)
    except (
        OSError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise OcrError(
            _("{name}: the image could not be read for OCR ({reason}).").format(
                name=path.name, reason=exc
            )
        ) from exc


def _plain(im: Image.Image) -> bool:
    """A PNG or JPEG that OpenCV decodes exactly as the PIL path would (no turn to apply, one
    frame, 8-bit): most screenshots. OpenCV decodes them in about half the time."""
    if im.format == "PNG":
        return im.mode in ("RGB", "RGBA", "L", "P") and "exif" not in im.info
    if im.format == "JPEG":
        return im.mode in ("RGB", "L") and im.getexif().get(0x0112, 1) == 1
    return False


def _decode_plain(path: Path, size: tuple[int, int]) -> np.ndarray | None:
    import cv2

    data = np.fromfile(path, dtype=np.uint8)
    flags = cv2.IMREAD_UNCHANGED | cv2.IMREAD_IGNORE_ORIENTATION
    arr = cv2.imdecode(data, flags)
    if arr is None or arr.dtype != np.uint8 or arr.shape[:2] != (size[1], size[0]):
        return None  # 16-bit, or anything unexpected: the PIL path
    if arr.ndim == 2:
        return cv2.cvtColor(arr, cv2.COLOR_GRAY2RGB)
    if arr.shape[2] == 4:  # transparency flattened on white, as the PIL path does
        alpha = arr[:, :, 3:4].astype(np.uint16)
        flat = (arr[:, :, :3] * alpha + 255 * (255 - alpha) + 127) // 255
        return cv2.cvtColor(flat.astype(np.uint8), cv2.COLOR_BGR2RGB)
    if arr.shape[2] != 3:
        return None
    return cv2.cvtColor(arr, cv2.COLOR_BGR2RGB)


def is_dark(image: np.ndarray) -> bool:
    """A dark-mode screenshot: most of it is dark."""
    sample = image[::8, ::8].astype(np.float32)
    luminance = sample @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return float(np.median(luminance)) < 90


def upscale_factor(image: np.ndarray) -> float:
    long_side = max(image.shape[:2])
    return MIN_LONG_SIDE / long_side if long_side < MIN_LONG_SIDE else 1.0


def prepare(image: np.ndarray) -> tuple[np.ndarray, float, dict]:
    """(image for the engine, scale from original to it, facts worth recording)."""
    import cv2

    scale = upscale_factor(image)
    facts = {"dark": is_dark(image), "scale": round(scale, 3)}
    if scale != 1.0:
        h, w = image.shape[:2]
        image = cv2.resize(
            image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_CUBIC
        )
    return image, scale, facts
