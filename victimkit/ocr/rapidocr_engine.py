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

Measured and not used (benchmarks/ocr_bench.py, 2-core AVX2 machine without VNNI): int8 dynamic
quantisation of the recogniser (ConvInteger is slower than float convolution here: 0.30 s vs
0.26 s for 8 lines of 320 columns; MatMul-only: no change), int8 static quantisation (20 % faster
per column but CER 0.001 -> 0.023), OpenVINO (17 % faster recognition, no faster detection, a
large extra dependency).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from victimkit.errors import MissingDependencyError, OcrError
from victimkit.i18n import _
from victimkit.ocr.engine import EngineInfo, EngineLine, OcrEngine, box_of
from victimkit.ocr.ppocr import PpOcr, PpOcrSettings

DEFAULT_PACKAGE = "rapidocr"
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


def model_name(package: str, *, raw: bool = False) -> str:
    names = sorted(p.stem for p in models_dir(package).glob("*.onnx"))
    wanted = names if raw else [n for n in names if "det" in n or "rec" in n]
    return "+".join(wanted) or "unknown"


def tuned_settings(package: str, settings: PpOcrSettings, threads: int) -> dict:
    """What a tuned engine records with every result (``threads`` does not change a reading)."""
    import onnxruntime

    return {
        "package": package,
        "raw": False,
        "runner": f"{RUNNER} (onnxruntime {onnxruntime.__version__})",
        **settings.describe(),
        "threads": threads or "auto",
    }


def describe(package: str = DEFAULT_PACKAGE) -> EngineInfo:
    """The tuned engine's name, version, model and settings, without loading the models."""
    return EngineInfo(
        "rapidocr",
        f"{package} {package_version(package)}",
        model_name(package),
        tuned_settings(package, PpOcrSettings(), 0),
    )


class RapidOcrEngine(OcrEngine):
    def __init__(
        self,
        *,
        package: str = DEFAULT_PACKAGE,
        threads: int = 0,
        raw: bool = False,
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
        if raw:
            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
            self._build_library(threads)
            info_settings = {"package": package, "raw": True}
        else:
            self._ppocr = PpOcr(
                model_file(det_package or package, "det"),
                model_file(package, "rec"),
                threads=threads,
                settings=self.settings,
                cache_size=rec_cache,
            )
            info_settings = tuned_settings(package, self.settings, threads)
        model = model_name(package, raw=raw)
        if det_package and not raw and det_package != package:
            if det_package not in PACKAGES:
                raise OcrError(_("Unknown RapidOCR package {name!r}.").format(name=det_package))
            model = f"{model_file(det_package, 'det').stem}+{model_file(package, 'rec').stem}"
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
        bgr = np.ascontiguousarray(image[:, :, ::-1])
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
