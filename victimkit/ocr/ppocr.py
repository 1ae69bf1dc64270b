"""PP-OCR's detection and recognition models run directly with ONNX Runtime.

The models are the ones shipped inside the ``rapidocr`` / ``rapidocr_onnxruntime`` wheels (nothing
is downloaded); only the pre- and post-processing is victimkit's: the libraries' own load a
configuration system at start-up (~1.2 CPU-s per process) and do much of the per-line work in
Python. What is done here, and why (figures: benchmarks/ocr_bench.py):

* **Detection** (DB) runs on the image scaled so its long side is ``det_limit`` pixels, and only on
  the rows that hold something: rows that are one flat colour from edge to edge (the gaps between
  chat bubbles, page margins) are cut out before the model sees the image, keeping a few rows
  around every band, and the boxes are mapped back. The DB post-processing is the library's
  (threshold 0.3, box score 0.5, unclip 1.6) with the unclip of a rectangle done in closed form.
* **Line crops** are cut around the line's ink, not the detector's padded box: the ink is what
  differs from the box's border colour, and the crop keeps a margin in proportion to the ink's
  height (``CROP_MARGIN_Y``, ``CROP_MARGIN_X``). So the crop of a line depends only on the line's
  own pixels, not on where the detector happened to put its box: the same message in two
  overlapping screenshots gives the same crop, pixel for pixel, and is recognised once (a cache
  keyed by the crop's pixels; a hit returns exactly what recognising would). The misses (session
  5, the bench's 24 conversations: 164 repeated lines hit, 37 lines with a text seen in an earlier
  shot missed) are crops that really differ: 28 in size (the detector's box took in a
  neighbouring line or a time, or another line with the same text, such as a time "14:25"),
  9 in pixels (lines under a translucent title bar: values differ by up to 21; once by 1, in
  anti-aliasing). A looser key would return a reading made from other pixels: not done.
* **Recognition**: each crop is resized to the model's 48-pixel height and a width rounded to a
  multiple of ``rec_width_step``, and run **alone** (a batch of one), so a line's reading is a
  function of its own pixels only: not of the other lines of the image, not of what the process
  read before (the cache), not of how a pool shared out the images. Batching lines of equal width
  (up to 16, as sessions 1-4 did) changed the float model's output bits for every batched line
  (int8: 7 of 464) against the same line alone — no text changed on 474 lines of the bench, but
  confidences and the cascade's "unsure" test could — and saved no measurable time (the
  equal-width batches are small: 474 lines, int8 9.9-10.9 CPU-s alone against 8.9-10.5 batched,
  float 12.7-13.6 against 13.0-13.5). ONNX Runtime's thread count does not change a reading
  (1 and 2 threads: the same bits for detection on 21 images and for 200 lines through both
  recognisers).
* **A cascade** (``check_model``): the first recogniser (int8) reads every line; the lines where it
  is unsure (``PpOcr.unsure``: a character below ``check_below``, one of ``check_chars`` or an
  unusual character) are read again by the check model (float), whose reading is kept and cached.
* ONNX Runtime: one intra-op thread per process by default (the pool runs one process per core),
  the CPU memory arena on, full graph optimisation.
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

REC_HEIGHT = 48


@dataclass(frozen=True)
class PpOcrSettings:
    # long side for detection: 736 → CER 0.0034 like 800, 15 % less detection work (bench corpus)
    det_limit: int = 736
    det_min_short: int = 360  # a long screenshot keeps at least this width for detection
    det_bands: bool = True  # detection only on rows that are not one flat colour
    det_thresh: float = 0.3
    box_thresh: float = 0.5
    unclip_ratio: float = 1.6
    crop: str = "ink"  # "ink": around the line's ink; "box": the detector's box
    crop_margin_y: float = 0.25  # of the ink's height, above and below
    # of the ink's height, left and right. 0.1 gives 3.6 % fewer columns to recognise and CER
    # 0.0029 against 0.0035 on the bench corpus, but on payment pages (analysis_bench, 100 pages)
    # a payee name's first character is misread (周海强 → 周海強): key fields right on 97 % of
    # pages against 99 % with 0.25. Not used.
    crop_margin_x: float = 0.25
    rec_width_step: int = 8
    # < 1 narrows every line: 0.85 → 15 % fewer columns (2.97 img/s on the bench, CER 0.0047
    # against 0.0034) but an emoji picture after a message is then read as an emoji character
    # (tests/ocr/test_layout.py); 0.9 too. Not used.
    rec_squeeze: float = 1.0
    text_score: float = 0.5
    # a cascade (``PpOcr(check_model=...)``): the first model reads every line, the check model
    # re-reads the lines where the first is unsure (a character below this probability), or read
    # a traditional-only or unusual character, and its reading is kept
    check_below: float = 0.5

    def describe(self) -> dict:
        return {
            "det_limit_side_len": self.det_limit,
            "det_limit_type": "max",
            "det_min_short_side": self.det_min_short,
            "det_skip_flat_rows": self.det_bands,
            "det_db": f"thresh {self.det_thresh}, box {self.box_thresh}, unclip {self.unclip_ratio}",
            "use_cls": False,
            "line_crop": self.crop
            + (
                f" + margins {self.crop_margin_y}/{self.crop_margin_x} of ink height"
                if self.crop == "ink"
                else ""
            ),
            "rec_height": REC_HEIGHT,
            "rec_width_step": self.rec_width_step,
            "rec_squeeze": self.rec_squeeze,
            "rec_batching": "one line per run",
            "text_score": self.text_score,
        }

    def describe_check(self) -> str:
        return (
            f"re-read by the float model: a character below {self.check_below}, "
            "a traditional-only or unusual character, a masked number (*)"
        )


def session(path: Path, threads: int):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    opts.enable_cpu_mem_arena = True
    # memory patterns off (every line has its own width): the int8 recogniser alone 1-7 % less
    # CPU on 300 lines, but the whole engine on the bench's 48 images, interleaved image by
    # image, 0.636 against 0.631 CPU-s/image: no gain, left on (session 5). The arena off: more.
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    if threads:
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


class PpOcr:
    """Detection + recognition with the given ONNX models; ``read(bgr)`` → [(quad, text, score)]."""

    def __init__(
        self,
        det_model: Path,
        rec_model: Path,
        *,
        threads: int = 0,
        settings: PpOcrSettings | None = None,
        cache_size: int = 4096,
        check_model: Path | None = None,
        check_chars: frozenset[str] = frozenset(),
    ):
        self.settings = settings or PpOcrSettings()
        self.det = session(det_model, threads)
        self.rec = session(rec_model, threads)
        # the cascade's second reader (see PpOcrSettings.check_below); ``check_chars``: characters
        # that send a line to it whatever their probability (traditional-only forms)
        self.check = session(check_model, threads) if check_model else None
        self.check_chars = check_chars
        self.lines_checked = 0
        self.det_input = self.det.get_inputs()[0].name
        self.rec_input = self.rec.get_inputs()[0].name
        meta = self.rec.get_modelmeta().custom_metadata_map
        self.characters = np.array(["", *meta["character"].splitlines(), " "], dtype=object)
        self.cache: OrderedDict[bytes, tuple[str, float]] = OrderedDict()
        self.cache_size = cache_size
        self.cache_hits = 0
        self.lines_read = 0
        self.columns_read = 0

    # ------------------------------------------------------------------ the whole image
    def read(self, bgr: np.ndarray) -> list[tuple[np.ndarray, str, float]]:
        quads = self.detect(bgr)
        crops, kept = [], []
        for quad in quads:
            crop = line_crop(bgr, quad, self.settings)
            if crop.shape[0] < 4 or crop.shape[1] < 4:
                continue
            crops.append(crop)
            kept.append(quad)
        out = []
        for quad, (text, score) in zip(kept, self.recognise(crops), strict=True):
            if score >= self.settings.text_score and text.strip():
                out.append((quad, text, score))
        return out

    # ------------------------------------------------------------------ detection
    def det_side(self, h: int, w: int) -> int:
        s = self.settings
        return max(s.det_limit, math.ceil(max(h, w) * s.det_min_short / max(1, min(h, w))))

    def detect(self, bgr: np.ndarray) -> list[np.ndarray]:
        """Text boxes (4×2 float32, clockwise from top-left) in ``bgr``'s pixels."""
        h, w = bgr.shape[:2]
        side = self.det_side(h, w)
        ratio = min(1.0, side / max(h, w))
        rh = max(32, round(h * ratio / 32) * 32)
        rw = max(32, round(w * ratio / 32) * 32)
        small = cv2.resize(bgr, (rw, rh))
        rows = band_rows(small) if self.settings.det_bands else np.arange(rh)
        if len(rows) == 0:
            return []
        packed = small[rows]
        pad = -len(rows) % 32
        if pad:
            packed = np.concatenate([packed, np.repeat(packed[-1:], pad, axis=0)])
            rows = np.concatenate([rows, np.full(pad, rows[-1])])
        x = packed.astype(np.float32) * np.float32(2 / 255) - np.float32(1)
        x = np.ascontiguousarray(x.transpose(2, 0, 1)[None])
        pred = self.det.run(None, {self.det_input: x})[0][0, 0]
        boxes = db_boxes(pred, self.settings)
        # each packed row's band: a box belongs to the band of its centre and is clipped to it
        band = np.concatenate([[0], np.cumsum(np.diff(rows) != 1)])
        starts = np.flatnonzero(np.diff(np.concatenate([[-1], band])))
        ends = np.concatenate([starts[1:], [len(rows)]]) - 1
        out = []
        for box in boxes:
            # packed-image pixels → small-image rows (through the kept rows) → original pixels
            centre = int(np.clip(round(float(box[:, 1].mean())), 0, len(rows) - 1))
            b = band[centre]
            ys = np.clip(box[:, 1], starts[b], ends[b])
            lo = np.floor(ys).astype(int)
            hi = np.minimum(lo + 1, ends[b])
            frac = ys - lo
            ys_small = rows[lo] * (1 - frac) + rows[hi] * frac
            quad = np.stack([box[:, 0] * (w / rw), ys_small * (h / rh)], axis=1)
            quad[:, 0] = np.clip(np.round(quad[:, 0]), 0, w - 1)
            quad[:, 1] = np.clip(np.round(quad[:, 1]), 0, h - 1)
            quad = order_clockwise(quad.astype(np.float32))
            if np.linalg.norm(quad[0] - quad[1]) <= 3 or np.linalg.norm(quad[0] - quad[3]) <= 3:
                continue
            out.append(quad)
        return out

    # ------------------------------------------------------------------ recognition
    def rec_width(self, crop: np.ndarray) -> int:
        h, w = crop.shape[:2]
        step = self.settings.rec_width_step
        cols = REC_HEIGHT * w / h * self.settings.rec_squeeze
        return max(2 * step, round(cols / step) * step)

    def recognise(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """(text, confidence) of each line crop (BGR uint8)."""
        results: list[tuple[str, float] | None] = [None] * len(crops)
        keys: list[bytes | None] = [None] * len(crops)
        todo = []
        for i, crop in enumerate(crops):
            if self.cache_size:
                key = pixels_key(crop)
                keys[i] = key
                hit = self.cache.get(key)
                if hit is not None:
                    self.cache.move_to_end(key)
                    results[i] = hit
                    self.cache_hits += 1
                    continue
            todo.append(i)
        widths = {i: self.rec_width(crops[i]) for i in todo}
        reads = self._read(self.rec, crops, todo, widths)
        if self.check is not None:
            unsure = [i for i in todo if self.unsure(*reads[i])]
            self.lines_checked += len(unsure)
            reads.update(self._read(self.check, crops, unsure, widths))
        for i in todo:
            results[i] = reads[i][:2]
            if keys[i] is not None:
                self.cache[keys[i]] = results[i]
                if len(self.cache) > self.cache_size:
                    self.cache.popitem(last=False)
        return [r if r is not None else ("", 0.0) for r in results]

    def unsure(self, text: str, _score: float, lowest: float) -> bool:
        """Whether the cascade's check model re-reads this line (see PpOcrSettings.check_below)."""
        # "*": masked account and phone numbers (547-******-840), which police take to the bank;
        # int8 alone drops their hyphens (analysis_bench held-out page bank_receipt_en#13)
        return lowest < self.settings.check_below or any(
            c in self.check_chars or c == "*" or not plain_char(c) for c in text
        )

    def _read(self, model, crops, todo, widths) -> dict[int, tuple[str, float, float]]:
        """Crops ``todo`` through ``model``, one per run (see the module's docstring): {i: (text,
        score, lowest character probability)}."""
        out = {}
        for i in todo:
            width = widths[i]
            preds = model.run(None, {self.rec_input: rec_input(crops[i], width)[None]})[0]
            self.lines_read += 1
            self.columns_read += width
            out[i] = self.decode(preds)[0]
        return out

    def decode(self, preds: np.ndarray) -> list[tuple[str, float, float]]:
        """CTC: best class per column, repeats merged, blanks dropped; confidence = mean
        probability of the kept columns; and the lowest of them."""
        idx = preds.argmax(axis=2)
        prob = np.take_along_axis(preds, idx[:, :, None], axis=2)[:, :, 0]
        out = []
        for row, p in zip(idx, prob, strict=True):
            keep = np.ones(len(row), dtype=bool)
            keep[1:] = row[1:] != row[:-1]
            keep &= row != 0
            chars = self.characters[row[keep]]
            text = "".join(chars)
            score = float(np.round(p[keep].mean(), 5)) if keep.any() else 0.0
            lowest = float(p[keep].min()) if keep.any() else 0.0
            out.append((text, score, lowest))
        return out


def plain_char(c: str) -> bool:
    """ASCII, CJK ideographs and punctuation, full-width forms, general punctuation, a few
    currency and maths signs: what screenshots hold. Anything else (Č, è, emoji) is rare
    enough to have the cascade's check model confirm it."""
    o = ord(c)
    return (
        o < 0x80
        or 0x4E00 <= o <= 0x9FFF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0x2000 <= o <= 0x206F
        or c in "¥£€·×÷°"
    )


# ---------------------------------------------------------------------- detection helpers
def band_rows(small: np.ndarray, pad: int = 4) -> np.ndarray:
    """Indexes of the rows worth detecting on: rows that are not one flat colour, with ``pad``
    rows around each band (at detection scale: ~12 screen pixels)."""
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    busy = (grey.max(axis=1).astype(np.int16) - grey.min(axis=1)) > 12
    if busy.all():
        return np.arange(len(grey))
    near = np.convolve(busy.astype(np.int8), np.ones(2 * pad + 1, np.int8), "same") > 0
    return np.flatnonzero(near)


def db_boxes(pred: np.ndarray, s: PpOcrSettings) -> list[np.ndarray]:
    """DB post-processing (as PaddleOCR's, fast score mode): boxes in ``pred``'s pixels."""
    mask = cv2.dilate((pred > s.det_thresh).astype(np.uint8), np.ones((2, 2), np.uint8))
    contours, _hier = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    ph, pw = pred.shape
    for contour in contours[:1000]:
        rect = cv2.minAreaRect(contour)
        if min(rect[1]) < 3:
            continue
        pts = mini_box(rect)
        if box_score(pred, pts) < s.box_thresh:
            continue
        (cx, cy), (rw, rh), angle = rect
        # unclip: PaddleOCR offsets the polygon by area × ratio / perimeter (rounded joins) and
        # takes the minimum-area rectangle of the result: for a rectangle, this
        d = rw * rh * s.unclip_ratio / (2 * (rw + rh))
        grown = ((cx, cy), (rw + 2 * d, rh + 2 * d), angle)
        if min(grown[1]) < 5:
            continue
        box = mini_box(grown)
        box[:, 0] = np.clip(np.round(box[:, 0]), 0, pw)
        box[:, 1] = np.clip(np.round(box[:, 1]), 0, ph)
        out.append(box)
    return out


def mini_box(rect) -> np.ndarray:
    points = sorted(cv2.boxPoints(rect).tolist(), key=lambda p: p[0])
    i1, i4 = (0, 1) if points[1][1] > points[0][1] else (1, 0)
    i2, i3 = (2, 3) if points[3][1] > points[2][1] else (3, 2)
    return np.array([points[i1], points[i2], points[i3], points[i4]], dtype=np.float32)


def box_score(pred: np.ndarray, box: np.ndarray) -> float:
    h, w = pred.shape
    xmin = int(np.clip(np.floor(box[:, 0].min()), 0, w - 1))
    xmax = int(np.clip(np.ceil(box[:, 0].max()), 0, w - 1))
    ymin = int(np.clip(np.floor(box[:, 1].min()), 0, h - 1))
    ymax = int(np.clip(np.ceil(box[:, 1].max()), 0, h - 1))
    mask = np.zeros((ymax - ymin + 1, xmax - xmin + 1), dtype=np.uint8)
    shifted = box - np.array([xmin, ymin], dtype=np.float32)
    cv2.fillPoly(mask, shifted.reshape(1, -1, 2).astype(np.int32), 1)
    return cv2.mean(pred[ymin : ymax + 1, xmin : xmax + 1], mask)[0]


def order_clockwise(pts: np.ndarray) -> np.ndarray:
    xs = pts[np.argsort(pts[:, 0]), :]
    left, right = xs[:2], xs[2:]
    tl, bl = left[np.argsort(left[:, 1])]
    tr, br = right[np.argsort(right[:, 1])]
    return np.array([tl, tr, br, bl], dtype=np.float32)


# ---------------------------------------------------------------------- line crops
def line_crop(img: np.ndarray, quad: np.ndarray, s: PpOcrSettings) -> np.ndarray:
    """The text line in ``quad``, straightened, cut around its ink (``s.crop == "ink"``) or as
    the detector's box (``"box"``)."""
    # screenshot text is level; the detector's rectangles may still be tilted by a degree
    tilt = max(abs(quad[0][1] - quad[1][1]), abs(quad[0][0] - quad[3][0]))
    axis_aligned = tilt <= max(2.0, 0.02 * float(np.linalg.norm(quad[0] - quad[1])))
    if axis_aligned:
        h, w = img.shape[:2]
        x0, y0 = (max(0, round(v)) for v in quad.min(axis=0))
        x1, y1 = (min(lim, round(v)) for v, lim in zip(quad.max(axis=0), (w, h), strict=True))
        if x1 - x0 < 2 or y1 - y0 < 2:
            return np.zeros((0, 0, 3), np.uint8)
        if s.crop == "ink":
            ink = ink_extent(img[y0:y1, x0:x1])
            if ink is not None:
                ix0, iy0, ix1, iy1 = ink
                ih = iy1 - iy0
                my = round(s.crop_margin_y * ih)
                mx = round(s.crop_margin_x * ih)
                x0, x1 = max(0, x0 + ix0 - mx), min(w, x0 + ix1 + mx)
                y0, y1 = max(0, y0 + iy0 - my), min(h, y0 + iy1 + my)
        crop = img[y0:y1, x0:x1]
    else:
        cw = int(max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[2] - quad[3])))
        ch = int(max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2])))
        if cw < 1 or ch < 1:
            return np.zeros((0, 0, 3), np.uint8)
        dst = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], dtype=np.float32)
        m = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
        crop = cv2.warpPerspective(
            img, m, (cw, ch), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC
        )
    if crop.shape[0] >= 1.5 * crop.shape[1] and crop.shape[1] > 0:
        crop = np.rot90(crop)
    return np.ascontiguousarray(crop)


INK_TOLERANCE = 24


def ink_extent(region: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1) of the line's ink inside the detector's box.

    Ink columns are columns that are not one colour from top to bottom (a glyph crosses them;
    the background beyond a bubble's edge, or the edge itself, does not), ink rows the rows that
    are not one colour across the ink columns. A sliver of ink rows touching the box's top or
    bottom edge and apart from the line (a neighbouring line's descenders) is left out. So the
    extent does not depend on how far the detector's box reaches past the line.
    """
    cols = np.flatnonzero(_span(region, 0) > INK_TOLERANCE)
    if len(cols) == 0:
        return None
    rows = _span(region[:, cols[0] : cols[-1] + 1], 1) > INK_TOLERANCE
    if not rows.any():
        return None
    edges = np.flatnonzero(np.diff(np.concatenate([[0], rows.astype(np.int8), [0]])))
    runs = list(zip(edges[0::2], edges[1::2], strict=True))
    main = max(runs, key=lambda r: r[1] - r[0])
    size = main[1] - main[0]
    keep = [
        r
        for r in runs
        if r == main or not ((r[0] == 0 or r[1] == len(rows)) and (r[1] - r[0]) < 0.3 * size)
    ]
    y0, y1 = int(keep[0][0]), int(keep[-1][1])
    cols = np.flatnonzero(_span(region[y0:y1], 0) > INK_TOLERANCE)
    if len(cols) == 0:
        return None
    return int(cols[0]), y0, int(cols[-1]) + 1, y1


def _span(pixels: np.ndarray, axis: int) -> np.ndarray:
    """Per column (axis 0) or row (axis 1): the largest spread of any channel's values."""
    hi = cv2.reduce(pixels, axis, cv2.REDUCE_MAX)
    lo = cv2.reduce(pixels, axis, cv2.REDUCE_MIN)
    return (hi - lo).reshape(-1, pixels.shape[2]).max(axis=1)


def rec_input(crop: np.ndarray, width: int) -> np.ndarray:
    """The line resized to REC_HEIGHT × width, as the model's normalised CHW float input."""
    resized = cv2.resize(crop, (width, REC_HEIGHT), interpolation=cv2.INTER_LINEAR)
    x = resized.astype(np.float32) * np.float32(2 / 255) - np.float32(1)
    return x.transpose(2, 0, 1)


def pixels_key(crop: np.ndarray) -> bytes:
    digest = hashlib.blake2b(np.ascontiguousarray(crop).tobytes(), digest_size=16)
    digest.update(np.array(crop.shape, dtype=np.int32).tobytes())
    return digest.digest()
