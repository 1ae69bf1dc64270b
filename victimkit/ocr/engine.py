"""One small interface for every OCR engine, and ``get_engine(name)`` to pick one.

An engine takes an RGB image (a numpy array, H×W×3, uint8) and returns ``EngineLine``s: text,
a box in that image's pixel coordinates, and a confidence in [0, 1]. It knows its name,
version, model and settings, which are recorded with every result so that a reading can be
traced to exactly what produced it. Engines are built once per process and reused.
"""

from __future__ import annotations

import hashlib
import json
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

import numpy as np

from victimkit.errors import OcrError
from victimkit.i18n import _

ENGINE_NAMES = ("rapidocr", "tesseract")
DEFAULT_ENGINE = "rapidocr"


@dataclass(frozen=True)
class EngineLine:
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the input image's pixels
    confidence: float
    polygon: tuple[tuple[int, int], ...] = ()  # the detector's quadrilateral, when it has one


@dataclass
class EngineInfo:
    name: str
    version: str
    model: str
    settings: dict = field(default_factory=dict)

    @property
    def cache_key(self) -> str:
        """What must match for a stored result to count as already done (with ``settings_id``
        and the pipeline's version)."""
        return f"{self.name} {self.version} {self.model}"

    @property
    def settings_id(self) -> str:
        """A digest of the settings that change a reading (all but the thread count): a
        result made with other settings is not reused."""
        wanted = {k: v for k, v in self.settings.items() if k not in NOT_READING_SETTINGS}
        text = json.dumps(wanted, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


NOT_READING_SETTINGS = frozenset({"threads"})


class OcrEngine(ABC):
    """Subclasses set ``info`` and implement ``recognise``."""

    info: EngineInfo

    @abstractmethod
    def recognise(self, image: np.ndarray) -> list[EngineLine]:
        """Lines of text in an RGB uint8 image, in no particular order."""


_engines: dict[tuple, OcrEngine] = {}
_lock = threading.Lock()


def get_engine(name: str = DEFAULT_ENGINE, **options) -> OcrEngine:
    """The engine called ``name`` ("rapidocr" or "tesseract"), built once per process.

    Options go to the engine's constructor (for RapidOCR: ``package``, ``det_limit``,
    ``threads``, ``raw``; for Tesseract: ``languages``).
    """
    key = (name, tuple(sorted(options.items())))
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            if name == "rapidocr":
                from victimkit.ocr.rapidocr_engine import RapidOcrEngine

                engine = RapidOcrEngine(**options)
            elif name == "tesseract":
                from victimkit.ocr.tesseract_engine import TesseractEngine

                engine = TesseractEngine(**options)
            else:
                raise OcrError(
                    _("Unknown OCR engine {name!r}: choose one of {names}.").format(
                        name=name, names=", ".join(ENGINE_NAMES)
                    )
                )
            _engines[key] = engine
    return engine


def box_of(points) -> tuple[int, int, int, int]:
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    return (
        int(np.floor(pts[:, 0].min())),
        int(np.floor(pts[:, 1].min())),
        int(np.ceil(pts[:, 0].max())),
        int(np.ceil(pts[:, 1].max())),
    )
