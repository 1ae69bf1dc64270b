"""Tesseract through pytesseract: the second engine (``chi_sim+eng`` and any installed language).

This module is the only place that builds a Tesseract call. The binary and its languages are
probed once; a missing binary or language is a ``MissingDependencyError`` with a plain message.
Tesseract reports words; they are joined into lines (its own block/paragraph/line numbers) and
the line's confidence is the mean of its words' confidences.
"""

from __future__ import annotations

import functools
import shutil

import numpy as np

from victimkit.errors import MissingDependencyError, OcrError
from victimkit.i18n import _
from victimkit.ocr.engine import EngineInfo, EngineLine, OcrEngine

DEFAULT_LANGUAGES = "chi_sim+eng"
PSM = 11  # sparse text: screenshots are scattered lines, not a page of paragraphs


@functools.cache
def probe() -> tuple[str, frozenset[str]]:
    """(version, installed languages) of the Tesseract binary; raises if it is not there."""
    try:
        import pytesseract
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise MissingDependencyError(_("The Python package pytesseract is not installed.")) from exc
    if not shutil.which(pytesseract.pytesseract.tesseract_cmd):
        raise MissingDependencyError(
            _(
                "Tesseract is not installed. Install it (e.g. `apt install tesseract-ocr tesseract-ocr-chi-sim`) or use the RapidOCR engine."
            )
        )
    try:
        version = str(pytesseract.get_tesseract_version())
        languages = frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise MissingDependencyError(
            _("Tesseract could not be started: {reason}").format(reason=exc)
        ) from exc
    return version, languages


class TesseractEngine(OcrEngine):
    def __init__(self, *, languages: str = DEFAULT_LANGUAGES, psm: int = PSM):
        version, installed = probe()
        missing = [lang for lang in languages.split("+") if lang not in installed]
        if missing:
            raise MissingDependencyError(
                _(
                    "Tesseract has no data for {langs} (installed: {have}). Install e.g. tesseract-ocr-chi-sim."
                ).format(langs=", ".join(missing), have=", ".join(sorted(installed)) or "-")
            )
        self.languages = languages
        self.psm = psm
        self.info = EngineInfo(
            "tesseract",
            f"tesseract {version}",
            f"tessdata {languages}",
            {"languages": languages, "psm": psm, "oem": 1},
        )

    def recognise(self, image: np.ndarray) -> list[EngineLine]:
        import pytesseract
        from PIL import Image

        try:
            data = pytesseract.image_to_data(
                Image.fromarray(image),
                lang=self.languages,
                config=f"--oem 1 --psm {self.psm}",
                output_type=pytesseract.Output.DICT,
            )
        except pytesseract.TesseractError as exc:
            raise OcrError(
                _("Tesseract failed on this image: {reason}").format(reason=exc.message)
            ) from exc
        lines: dict[tuple, list[int]] = {}
        for i, word in enumerate(data["text"]):
            if not word.strip() or float(data["conf"][i]) < 0:
                continue
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines.setdefault(key, []).append(i)
        out = []
        for idx in lines.values():
            x0 = min(data["left"][i] for i in idx)
            y0 = min(data["top"][i] for i in idx)
            x1 = max(data["left"][i] + data["width"][i] for i in idx)
            y1 = max(data["top"][i] + data["height"][i] for i in idx)
            text = join_words([data["text"][i] for i in sorted(idx, key=lambda i: data["left"][i])])
            conf = sum(float(data["conf"][i]) for i in idx) / len(idx) / 100.0
            out.append(EngineLine(text, (x0, y0, x1, y1), conf))
        return out


def join_words(words: list[str]) -> str:
    """Tesseract splits Chinese into one 'word' per character: join those without spaces."""
    out = ""
    for word in words:
        if out and (is_cjk(out[-1]) or is_cjk(word[0])):
            out += word
        elif out:
            out += " " + word
        else:
            out = word
    return out


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x3000 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF
