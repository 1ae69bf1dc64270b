"""RapidOCR: PP-OCR detection and recognition models in ONNX, shipped inside the wheel.

Two packages carry it: ``rapidocr`` (3.x, PP-OCRv6 small models) and ``rapidocr_onnxruntime``
(1.4, PP-OCRv4 models). Both load their models from the installed package and never download
anything (a test runs them with the network cut off). ``benchmarks/ocr_bench.py`` measures both;
the default is the one with the lower error at the same speed (see ``DEFAULT_PACKAGE``).

In victimkit's tuned mode the library's detector and recogniser are driven directly:

* detection runs on the image scaled so its long side is ``det_limit`` (800) pixels (screenshot
  text is large; the library's default scales a phone screenshot *up* to a 736-pixel short side);
* no angle classification (screenshots are upright);
* every text line is cut from the full-resolution image, resized to the recogniser's 48-pixel
  height (``rec_squeeze`` < 1 would narrow it; measured, not used), and recognised with no
  padding: recognition costs the same per column whatever the batch, so only lines of exactly
  equal width share a batch (padding to a neighbour's width cost columns and characters);
* a line whose pixels were already recognised (the same message in an overlapping screenshot) is
  not recognised again.

Measured and not used (benchmarks/ocr_bench.py, 2-core AVX2 machine without VNNI): int8 dynamic
quantisation of the recogniser (ConvInteger is slower than float convolution here: 0.30 s vs
0.26 s for 8 lines of 320 columns; MatMul-only: no change), int8 static quantisation (20 % faster
per column but CER 0.001 -> 0.023), OpenVINO (17 % faster recognition, no faster detection, a
large extra dependency).

``raw=True`` runs the library exactly as it comes, for the benchmark's comparison.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import logging
import math
from collections import OrderedDict
from pathlib import Path

import cv2
import numpy as np

from victimkit.errors import MissingDependencyError, OcrError
from victimkit.i18n import _
from victimkit.ocr.engine import EngineInfo, EngineLine, OcrEngine, box_of

DEFAULT_PACKAGE = "rapidocr"
PACKAGES = ("rapidocr", "rapidocr_onnxruntime")
REC_HEIGHT = 48
# Recognition costs the same per input column whatever the batch, so the cost of a line is its
# width at REC_HEIGHT. Squeezing lines horizontally to 0.8 of that cuts the work by a fifth and
# CER went 0.0010 -> 0.0026 on the benchmark corpus (0.7 -> 0.0040, 0.6 -> 0.014), but at 0.8 an
# emoji after a message was read as an invented character (tests/ocr/test_layout.py), so lines
# are not squeezed: ``rec_squeeze`` stays an option.
REC_SQUEEZE = 1.0
# Detection on an 800-pixel long side: screenshot text stays >= ~9 px high for the detector;
# CER 0.0010 at 960 -> 0.0018 at 800 (736 -> 0.0028), a third less detection work.
DET_LIMIT = 800
DET_MIN_SHORT = 360  # a long screenshot is not shrunk below this width for detection
TEXT_SCORE = 0.5


def package_version(package: str) -> str:
    try:
        return importlib.metadata.version(package.replace("_", "-"))
    except importlib.metadata.PackageNotFoundError as exc:
        raise MissingDependencyError(
            _("The OCR engine RapidOCR is not installed (Python package {name}).").format(
                name=package
            )
        ) from exc


def models_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise MissingDependencyError(
            _("The OCR engine RapidOCR is not installed (Python package {name}).").format(
                name=package
            )
        )
    return Path(spec.origin).parent / "models"


def model_name(package: str, *, raw: bool = False) -> str:
    names = sorted(p.stem for p in models_dir(package).glob("*.onnx"))
    wanted = names if raw else [n for n in names if "det" in n or "rec" in n]
    return "+".join(wanted) or "unknown"


def describe(package: str = DEFAULT_PACKAGE) -> EngineInfo:
    """The tuned engine's name, version and model, without loading the models."""
    return EngineInfo("rapidocr", f"{package} {package_version(package)}", model_name(package))


class RapidOcrEngine(OcrEngine):
    def __init__(
        self,
        *,
        package: str = DEFAULT_PACKAGE,
        det_limit: int = DET_LIMIT,
        threads: int = 0,
        raw: bool = False,
        rec_cache: int = 4096,
        min_rec_width: int = 16,
        max_batch: int = 16,
        rec_squeeze: float = REC_SQUEEZE,
    ):
        if package not in PACKAGES:
            raise OcrError(_("Unknown RapidOCR package {name!r}.").format(name=package))
        self.package = package
        self.raw = raw
        self.det_limit = det_limit
        self.min_rec_width = min_rec_width
        self.max_batch = max_batch
        self.rec_squeeze = rec_squeeze
        self._cache: OrderedDict[bytes, tuple[str, float]] = OrderedDict()
        self._cache_size = rec_cache if not raw else 0
        self.cache_hits = 0
        version = package_version(package)
        logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        if package == "rapidocr":
            self._build_v3(threads)
        else:
            self._build_v1(threads)
        settings = {"package": package, "raw": raw}
        if not raw:
            settings.update(
                {
                    "det_limit_side_len": det_limit,
                    "det_limit_type": "max",
                    "det_min_short_side": DET_MIN_SHORT,
                    "use_cls": False,
                    "rec_batching": f"equal width only, ≤{max_batch} lines, min width {min_rec_width}",
                    "rec_squeeze": rec_squeeze,
                    "text_score": TEXT_SCORE,
                    "threads": threads or "auto",
                }
            )
        self.info = EngineInfo(
            "rapidocr", f"{package} {version}", model_name(package, raw=raw), settings
        )

    # ------------------------------------------------------------------ building
    def _build_v3(self, threads: int) -> None:
        from rapidocr import RapidOCR

        params = {"Global.log_level": "warning"}
        if threads:
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
            params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
        if not self.raw:
            params.update(
                {
                    "Global.use_cls": False,
                    "Det.limit_type": "max",
                    "Det.limit_side_len": self.det_limit,
                }
            )
        self._lib = RapidOCR(params=params)
        logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        if not self.raw:
            det3 = self._lib._load_det_model()

            def detect(img):
                det3.limit_side_len = self.det_side(img)
                return det3(img)

            self._det = detect
            rec = self._lib._load_rec_model()
            self._rec_run = lambda batch: rec.session(batch)
            self._decode = lambda preds: [r for r in rec.postprocess_op(preds, False)[0]]

    def _build_v1(self, threads: int) -> None:
        from rapidocr_onnxruntime import RapidOCR

        kwargs = {}
        if threads:
            kwargs.update(intra_op_num_threads=threads, inter_op_num_threads=1)
        self._lib = RapidOCR(**kwargs)
        if not self.raw:
            from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

            det = self._lib.text_det
            det.get_preprocess = lambda _max_wh: DetPreProcess(self._side, "max", det.mean, det.std)

            def detect(img):
                self._side = self.det_side(img)
                return _V1DetOutput(det(img)[0])

            self._det = detect
            rec = self._lib.text_rec
            self._rec_run = lambda batch: rec.session(batch)[0]
            self._decode = lambda preds: rec.postprocess_op(preds)

    # ------------------------------------------------------------------ running
    def recognise(self, image: np.ndarray) -> list[EngineLine]:
        bgr = np.ascontiguousarray(image[:, :, ::-1])
        try:
            if self.raw:
                return self._recognise_raw(bgr)
            return self._recognise_tuned(bgr)
        except (RuntimeError, ValueError, cv2.error) as exc:
            raise OcrError(_("RapidOCR failed on this image: {reason}").format(reason=exc)) from exc

    def _recognise_raw(self, bgr: np.ndarray) -> list[EngineLine]:
        out: list[EngineLine] = []
        if self.package == "rapidocr":
            res = self._lib(bgr)
            if res.boxes is None:
                return out
            items = zip(res.boxes, res.txts, res.scores, strict=True)
        else:
            res, _elapse = self._lib(bgr)
            items = ((b, t, s) for b, t, s in (res or []))
        for box, text, score in items:
            pts = tuple((round(x), round(y)) for x, y in np.asarray(box).reshape(-1, 2))
            out.append(EngineLine(text, box_of(box), float(score), pts))
        return out

    def _recognise_tuned(self, bgr: np.ndarray) -> list[EngineLine]:
        det = self._det(bgr)
        boxes = det.boxes if det.boxes is not None else []
        crops, polys = [], []
        for box in boxes:
            pts = np.asarray(box, dtype=np.float32).reshape(4, 2)
            crop = crop_quad(bgr, pts)
            if crop.shape[0] < 4 or crop.shape[1] < 4:
                continue
            crops.append(crop)
            polys.append(pts)
        results = self._recognise_crops(crops)
        out = []
        for pts, (text, score) in zip(polys, results, strict=True):
            if score < TEXT_SCORE or not text.strip():
                continue
            poly = tuple((round(x), round(y)) for x, y in pts)
            out.append(EngineLine(text, box_of(pts), float(score), poly))
        return out

    def _recognise_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        results: list[tuple[str, float] | None] = [None] * len(crops)
        keys: list[bytes | None] = [None] * len(crops)
        todo = []
        for i, crop in enumerate(crops):
            if self._cache_size:
                key = ink_key(crop)
                keys[i] = key
                hit = self._cache.get(key)
                if hit is not None:
                    self._cache.move_to_end(key)
                    results[i] = hit
                    self.cache_hits += 1
                    continue
            todo.append(i)
        widths = {i: self.rec_width(crops[i]) for i in todo}
        # Recognition costs the same per column whatever the batch, and padding a line to a
        # longer neighbour's width costs columns and characters (the model reads the padding),
        # so only lines of exactly the same width share a batch.
        order = sorted(todo, key=lambda i: widths[i])
        start = 0
        while start < len(order):
            end = start + 1
            while (
                end < len(order)
                and end - start < self.max_batch
                and widths[order[end]] == widths[order[start]]
            ):
                end += 1
            group = order[start:end]
            batch = np.stack([normalise_line(crops[i], widths[i]) for i in group])
            decoded = self._decode(self._rec_run(batch))
            for i, (text, score) in zip(group, decoded, strict=True):
                results[i] = (text, float(score))
                if self._cache_size and keys[i] is not None:
                    self._cache[keys[i]] = results[i]
                    if len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
            start = end
        return [r if r is not None else ("", 0.0) for r in results]

    def det_side(self, img: np.ndarray) -> int:
        """The long side detection runs at: ``det_limit``, or more for a long (scrolling)
        screenshot, so that its short side keeps at least DET_MIN_SHORT pixels."""
        h, w = img.shape[:2]
        return max(self.det_limit, math.ceil(max(h, w) * DET_MIN_SHORT / max(1, min(h, w))))

    def rec_width(self, crop: np.ndarray) -> int:
        """Columns fed to the recogniser: the line at REC_HEIGHT, squeezed horizontally."""
        h, w = crop.shape[:2]
        return max(self.min_rec_width, math.ceil(REC_HEIGHT * w / h * self.rec_squeeze))


class _V1DetOutput:
    def __init__(self, boxes):
        self.boxes = boxes if boxes is not None and len(boxes) else None


def crop_quad(img: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """The text line inside a quadrilateral, straightened (as PP-OCR crops it)."""
    w = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
    h = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
    if w < 1 or h < 1:
        return np.zeros((0, 0, 3), np.uint8)
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    axis_aligned = abs(pts[0][1] - pts[1][1]) < 1 and abs(pts[0][0] - pts[3][0]) < 1
    if axis_aligned:
        crop = img[max(0, round(y0)) : round(y1), max(0, round(x0)) : round(x1)]
    else:
        dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
        m = cv2.getPerspectiveTransform(pts.astype(np.float32), dst)
        crop = cv2.warpPerspective(
            img, m, (w, h), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC
        )
    if crop.shape[0] >= 1.5 * crop.shape[1] and crop.shape[1] > 0:
        crop = np.rot90(crop)
    return np.ascontiguousarray(crop)


def normalise_line(crop: np.ndarray, width: int) -> np.ndarray:
    """The line resized to REC_HEIGHT × width, as the model's normalised CHW float input."""
    resized = cv2.resize(crop, (width, REC_HEIGHT), interpolation=cv2.INTER_LINEAR)
    return resized.astype(np.float32).transpose(2, 0, 1) / 127.5 - 1.0


def ink_key(crop: np.ndarray) -> bytes:
    """A key for a line's pixels that ignores how much plain background lies around them.

    Only rows and columns that are entirely background (within a small tolerance of the
    border's median colour) are trimmed, so two keys match only when every other pixel does;
    the crop's own size is part of the key too, because lines are recognised unpadded at their
    crop's aspect ratio and a different margin can change the reading (a pooled run and a
    one-process run must give the same text).
    """
    pixels = crop.astype(np.int16)
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    bg = np.median(border, axis=0)
    content = np.abs(pixels - bg).max(axis=2) > 10
    rows = np.flatnonzero(content.any(axis=1))
    cols = np.flatnonzero(content.any(axis=0))
    trimmed = crop if len(rows) == 0 else crop[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    digest = hashlib.blake2b(np.ascontiguousarray(trimmed).tobytes(), digest_size=16)
    digest.update(np.array(trimmed.shape + crop.shape, dtype=np.int32).tobytes())
    digest.update(bg.astype(np.int16).tobytes())
    return digest.digest()
