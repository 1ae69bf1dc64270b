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

The recogniser (2/3 of the CPU time) can run as an **int8 copy** of the wheel's model
(``rec_int8=True``) when ``resources/models`` has one made from exactly that model
(``int8_rec_model``; built by ``python -m victimkit.ocr.quantise``: static QDQ, per-channel
7-bit weights, calibrated on rendered screenshots that are not the benchmark's): 20 % less
recognition time per column on this 2-core AVX2 machine without VNNI; bench corpus CER 0.0033
(pipeline). **It is not the default**: on payment pages (benchmarks/analysis_bench.py, 100
pages) it reads payee names' simplified characters as their traditional forms (周海强 → 周海強,
厦门 → 廈门), and pages with every key field right fall from 99 % to 97 % (#4's target: 98 %). A
payee name is what a police officer asks the bank about, so the float model stays the default.
The model name recorded with a result says which (``…rec_small.int8``).

Measured and not used (benchmarks/ocr_bench.py): int8 dynamic quantisation of the recogniser
(ConvInteger is slower than float convolution here: 0.30 s vs 0.26 s for 8 lines of 320 columns;
MatMul-only: no change), static quantisation of the convolutions only (QDQ around every other op
ate the gain), OpenVINO (17 % faster recognition, no faster detection, a large extra dependency).
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


def model_name(package: str, *, raw: bool = False, int8: bool = False) -> str:
    names = sorted(p.stem for p in models_dir(package).glob("*.onnx"))
    wanted = names if raw else [n for n in names if "det" in n or "rec" in n]
    if int8 and not raw:
        wanted = [f"{n}.int8" if "rec" in n else n for n in wanted]
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


def tuned_settings(
    package: str, settings: PpOcrSettings, threads: int, int8: dict | None = None
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
        ),
        "threads": threads or "auto",
    }


def describe(package: str = DEFAULT_PACKAGE, *, rec_int8: bool = False) -> EngineInfo:
    """The tuned engine's name, version, model and settings, without loading the models."""
    int8 = int8_rec_model(package) if rec_int8 else None
    return EngineInfo(
        "rapidocr",
        f"{package} {package_version(package)}",
        model_name(package, int8=int8 is not None),
        tuned_settings(package, PpOcrSettings(), 0, int8[1] if int8 else None),
    )


class RapidOcrEngine(OcrEngine):
    def __init__(
        self,
        *,
        package: str = DEFAULT_PACKAGE,
        threads: int = 0,
        raw: bool = False,
        rec_int8: bool = False,  # see the module's docstring: int8 misreads payee names
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
            self._ppocr = PpOcr(
                model_file(det_package or package, "det"),
                int8[0] if int8 else model_file(package, "rec"),
                threads=threads,
                settings=self.settings,
                cache_size=rec_cache,
            )
            info_settings = tuned_settings(
                package, self.settings, threads, int8[1] if int8 else None
            )
        model = model_name(package, raw=raw, int8=int8 is not None)
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
