"""RapidOCR: PP-OCR detection and recognition models in ONNX, shipped inside the wheel.

Two packages carry them: ``rapidocr`` (3.x, PP-OCRv6 small models) and ``rapidocr_onnxruntime``
(1.4, PP-OCRv4 models). Both load their models from the installed package and never download
anything (a test runs them with the network cut off). ``benchmarks/ocr_bench.py`` measures both;
the default is the one with the lower error at the same speed (see ``DEFAULT_PACKAGE``).

victimkit's tuned mode runs the package's detection and recognition models itself
(``victimkit.ocr.ppocr``: ONNX Runtime directly, no angle classification, detection only on the
rows that hold something, line crops cut around the ink so that the same line in two overlapping
screenshots is recognised once, recognition batched by rounded width). The library is imported
only for ``raw=True``, which runs it exactly as it comes, for the benchmark's comparison.

The recogniser (2/3 of the CPU time) runs as a **cascade** by default: an int8 copy of the
wheel's model (``int8_rec_model``, resources/models; built by ``python -m victimkit.ocr.quantise``:
static QDQ, per-channel 7-bit weights, calibrated on rendered screenshots that are not the
benchmark's) reads every line, and the wheel's float model re-reads the lines where int8 is unsure
— a character below ``PpOcrSettings.check_below`` (0.5), a traditional-only character (OpenCC's
map, resources/knowledge/t2s.json), an unusual one (``ppocr.plain_char``) or a masked number's
"*" — and its reading is kept. int8 alone is ~20 % less recognition time per column (2-core AVX2,
no VNNI) but reads payee names' simplified characters as traditional (周海强 → 周海強, 厦门 →
廈门; analysis_bench, 100 payment pages: key fields right on 97 % against 99 %) and drops hyphens
from masked account numbers (547-******-840 → 547******-840): every such line holds a
traditional-only character or a "*", so the cascade hands exactly those to the float model. On
2,586 lines (bench chats and the 100 payment pages) it re-reads 8.3 % of lines (6.7 % of
columns); the lines left to int8 that read differently from the float model mostly differ in a
space (``2024-01-07 12:56:17`` / ``2024-01-0712:56:17``) or a status-bar battery glyph (bench
CER 0.0043 against 0.0034). analysis_bench: dev 99 % and held-out (seeds 10-19) 98 %, both as
the float model. Speed (session 4, other sessions running, so noisy): single process 0.49 against
0.60 CPU-s/image; ocr_bench pipeline 0.67-0.73 against 0.76-0.83 CPU-s/image, interleaved runs
at load 3-3.7 — about 8 % less, not the 0.64 aimed for. ``rec_int8=False``: the float model
alone; ``rec_check=False``: int8 alone. The model name says which (``…rec_small.int8>float``,
``…rec_small.int8``, ``…rec_small``) and the settings record it.

Measured and not used (benchmarks/ocr_bench.py): int8 dynamic quantisation of the recogniser
(ConvInteger is slower than float convolution here: 0.30 s vs 0.26 s for 8 lines of 320 columns;
MatMul-only: no change), static quantisation of the convolutions only (QDQ around every other op
ate the gain), OpenVINO (17 % faster recognition, no faster detection, a large extra dependency;
session 4, openvino 2026.4.1, one thread, 647 line crops: float 17.8-22.2 CPU-s against ONNX
Runtime's 15.0-15.8, int8 23.4-25.7 against 13.8-14.3 — slower here, with the dynamic widths).
Session 5 (one thread, load 2-4, so ±10 % noise): a statically quantised int8 *detection* model
(QDQ, per-channel 7-bit weights, 40 band-packed calibration inputs from the quantiser's rendered
screenshots, first convolution float): 0.085-0.105 against the float model's 0.082-0.094
CPU-s/image, and only 426 of 469 line crops identical; convolutions only: 0.082-0.084 against
0.075-0.097, 416 of 478 identical — no gain, not used. Recogniser variants on 474 lines: the
GELU and LayerNorm subgraphs kept float (so ONNX Runtime fuses them) 11.2 against 10.3-11.3
CPU-s; the MaxPool after the float first convolution forced to uint8 11.2-11.3 against 11.3-11.5;
denormals flushed to zero: the same bits and time — none used. A larger vertical crop margin
(``crop_margin_y`` 0.35: ~12 % fewer columns, pipeline 0.63 CPU-s/image, CER 0.0058) miscounts
the stars of masked account numbers (Savings 950-******-466 → 950-*****-466 on 6 of 10
bank_receipt_en pages): not used.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from victimkit.errors import MissingDependencyError, OcrError
from victimkit.i18n import _
from victimkit.ocr.engine import EngineInfo, EngineLine, OcrEngine, box_of
from victimkit.ocr.ppocr import PpOcr, PpOcrSettings
from victimkit.paths import resource

DEFAULT_PACKAGE = "rapidocr"
REC_INT8 = True  # with the float model re-reading unsure lines: see the docstring
PACKAGES = ("rapidocr", "rapidocr_onnxruntime")
RUNNER = "victimkit.ocr.ppocr"


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


def model_file(package: str, task: str) -> Path:
    """The package's detection ("det") or recognition ("rec") model."""
    found = sorted(models_dir(package).glob(f"*{task}*.onnx"))
    if not found:
        raise MissingDependencyError(
            _("The OCR engine RapidOCR is not installed (Python package {name}).").format(
                name=package
            )
        )
    return found[0]


def model_name(package: str, *, raw: bool = False, int8: bool = False, check: bool = False) -> str:
    names = sorted(p.stem for p in models_dir(package).glob("*.onnx"))
    wanted = names if raw else [n for n in names if "det" in n or "rec" in n]
    if int8 and not raw:
        wanted = [(f"{n}.int8" + (">float" if check else "")) if "rec" in n else n for n in wanted]
    return "+".join(wanted) or "unknown"


@functools.cache
def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def int8_name(float_model: Path) -> str:
    return f"{float_model.stem}.int8.onnx"


@functools.cache
def int8_rec_model(package: str) -> tuple[Path, dict] | None:
    """victimkit's int8 copy of the package's recognition model (resources/models, built by
    ``python -m victimkit.ocr.quantise``) and its record, if there is one and it was made from
    exactly the model the installed wheel carries (another rapidocr version: the float model)."""
    try:
        source = model_file(package, "rec")
    except MissingDependencyError:
        return None
    path = resource("models", int8_name(source))
    record_path = path.with_suffix(".json")
    if not (path.is_file() and record_path.is_file()):
        return None
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("source_sha256") != file_sha256(source):
        return None
    return path, record


@functools.cache
def traditional_only() -> frozenset[str]:
    """Characters that are only traditional forms (resources/knowledge/t2s.json, OpenCC's map
    less the characters that are also some character's simplified form)."""
    try:
        pairs = json.loads(resource("knowledge", "t2s.json").read_text(encoding="utf-8"))["pairs"]
    except (OSError, ValueError, KeyError):
        return frozenset()
    return frozenset(pairs[0::2]) - frozenset(pairs[1::2])


def tuned_settings(
    package: str,
    settings: PpOcrSettings,
    threads: int,
    int8: dict | None = None,
    check: bool = False,
) -> dict:
    """What a tuned engine records with every result (``threads`` does not change a reading)."""
    import onnxruntime

    return {
        "package": package,
        "raw": False,
        "runner": f"{RUNNER} (onnxruntime {onnxruntime.__version__})",
        **settings.describe(),
        "rec_model": (
            f"int8 {int8['sha256'][:16]} ({int8['recipe']})" if int8 else "float (the wheel's)"
        )
        + (f"; {settings.describe_check()}" if int8 and check else ""),
        "threads": threads or "auto",
    }


def describe(
    package: str = DEFAULT_PACKAGE, *, rec_int8: bool = REC_INT8, rec_check: bool = True
) -> EngineInfo:
    """The tuned engine's name, version, model and settings, without loading the models."""
    int8 = int8_rec_model(package) if rec_int8 else None
    return EngineInfo(
        "rapidocr",
        f"{package} {package_version(package)}",
        model_name(package, int8=int8 is not None, check=rec_check),
        tuned_settings(package, PpOcrSettings(), 0, int8[1] if int8 else None, rec_check),
    )


class RapidOcrEngine(OcrEngine):
    def __init__(
        self,
        *,
        package: str = DEFAULT_PACKAGE,
        threads: int = 0,
        raw: bool = False,
        rec_int8: bool = REC_INT8,
        rec_check: bool = True,  # with rec_int8: the float model re-reads unsure lines
        rec_cache: int = 4096,
        settings: PpOcrSettings | None = None,
        det_package: str | None = None,
        **overrides,
    ):
        if package not in PACKAGES:
            raise OcrError(_("Unknown RapidOCR package {name!r}.").format(name=package))
        self.package = package
        self.raw = raw
        version = package_version(package)
        self.settings = replace(settings or PpOcrSettings(), **overrides)
        int8 = None
        if raw:
            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
            self._build_library(threads)
            info_settings = {"package": package, "raw": True}
        else:
            int8 = int8_rec_model(package) if rec_int8 else None
            check = bool(int8 and rec_check)
            self._ppocr = PpOcr(
                model_file(det_package or package, "det"),
                int8[0] if int8 else model_file(package, "rec"),
                threads=threads,
                settings=self.settings,
                cache_size=rec_cache,
                check_model=model_file(package, "rec") if check else None,
                check_chars=traditional_only() if check else frozenset(),
            )
            info_settings = tuned_settings(
                package, self.settings, threads, int8[1] if int8 else None, check
            )
        model = model_name(package, raw=raw, int8=int8 is not None, check=bool(int8 and rec_check))
        if det_package and not raw and det_package != package:
            if det_package not in PACKAGES:
                raise OcrError(_("Unknown RapidOCR package {name!r}.").format(name=det_package))
            rec_stem = int8[0].stem if int8 else model_file(package, "rec").stem
            model = f"{model_file(det_package, 'det').stem}+{rec_stem}"
            version = f"{version}, detection: {det_package} {package_version(det_package)}"
        self.info = EngineInfo("rapidocr", f"{package} {version}", model, info_settings)

    @property
    def cache_hits(self) -> int:
        return 0 if self.raw else self._ppocr.cache_hits

    def _build_library(self, threads: int) -> None:
        if self.package == "rapidocr":
            from rapidocr import RapidOCR

            params = {"Global.log_level": "warning"}
            if threads:
                params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
                params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
            self._lib = RapidOCR(params=params)
            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        else:
            from rapidocr_onnxruntime import RapidOCR

            kwargs = {}
            if threads:
                kwargs.update(intra_op_num_threads=threads, inter_op_num_threads=1)
            self._lib = RapidOCR(**kwargs)

    # ------------------------------------------------------------------ running
    def recognise(self, image: np.ndarray) -> list[EngineLine]:
        bgr = cv2.cvtColor(image, cv2.COLOR_RGB2BGR)  # 1 ms; numpy's [:, :, ::-1] copy: 14
        try:
            if self.raw:
                return self._recognise_raw(bgr)
            return [
                EngineLine(text, box_of(quad), score, tuple((round(x), round(y)) for x, y in quad))
                for quad, text, score in self._ppocr.read(bgr)
            ]
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
