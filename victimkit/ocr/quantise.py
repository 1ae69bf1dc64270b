"""Builds the int8 recognition model victimkit ships in ``resources/models/`` (reproducibly).

    python -m victimkit.ocr.quantise [--out resources/models] [--lines 200]

Run from the source tree (it renders its calibration screenshots with ``benchmarks/synth``) with
the ``onnx`` package installed (the ``models`` extra: ``pip install -e '.[models]'``; only this
script needs it, not victimkit).

What it does, all deterministic for a given rapidocr wheel and onnxruntime version:

1. the float recognition model from the installed ``rapidocr`` wheel (PP-OCR, Apache-2.0) is
   pre-processed as onnxruntime recommends (``quant_pre_process``: shapes inferred, graph fused)
   and converted to opset 13 (per-channel weights need ``DequantizeLinear``'s ``axis``);
2. calibration lines: chat screenshots and payment/order pages rendered with seeds of their own
   (``CALIBRATION_CHAT_SEED``, ``CALIBRATION_PAGE_SEED``: not the benchmark corpus' seeds),
   detected and cut into line crops exactly as victimkit's recogniser does, the first
   ``--lines`` of them in a fixed order;
3. static quantisation, QDQ format: weights int8 per output channel with a 7-bit range
   (``reduce_range``: this CPU class, AVX2 without VNNI, multiplies u8×s8 pairs into 16 bits,
   which a full 8-bit range can overflow), activations uint8 from the calibration's min/max;
   the first convolution (the RGB input) stays float. Keeping the classifier (``MatMul`` to
   18,710 characters) float too read the same (26 against 24 characters differing from the float
   model on 300 lines) and was slower.

Beside the model, ``<name>.json`` records the SHA-256 of the float model it came from
(``source_sha256``), its own, the recipe and the calibration: the engine uses the int8 model only
when ``source_sha256`` matches the installed wheel's model (``victimkit.ocr.rapidocr_engine``).
Measured (benchmarks/ocr_bench.py): see the module docstring of rapidocr_engine.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

CALIBRATION_CHAT_SEED = 77  # render_chat_corpus seeds 77000…: the benchmark uses 1000…
CALIBRATION_PAGE_SEED = 7700  # payment_sample seeds 7700…: the benchmark uses 100…190
CALIBRATION_CONVERSATIONS = 8
FLOAT_NODES = (
    "Conv.0",
)  # the input convolution stays float (the classifier kept float: no better)
QUANTISED_OPS = (
    "Conv",
    "MatMul",
    "Add",
    "Mul",
    "Relu",
    "Sigmoid",
    "HardSigmoid",
    "Concat",
    "MaxPool",
    "AveragePool",
    "Transpose",
    "Reshape",
    "Squeeze",
    "Slice",
)
RECIPE = (
    "onnxruntime static QDQ: weights int8 per channel (reduce_range), activations uint8 MinMax"
    " over rendered calibration lines; float: " + ", ".join(FLOAT_NODES)
)


def calibration_crops(limit: int) -> list[np.ndarray]:
    """Line crops (BGR) of rendered screenshots, cut as the recogniser cuts them."""
    root = Path(__file__).resolve().parents[2]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from benchmarks.synth.chat import render_chat_corpus
    from benchmarks.synth.payment import KINDS, payment_sample
    from victimkit.ocr import ppocr
    from victimkit.ocr.rapidocr_engine import model_file

    reader = ppocr.PpOcr(model_file("rapidocr", "det"), model_file("rapidocr", "rec"), threads=1)
    samples = render_chat_corpus(CALIBRATION_CHAT_SEED, CALIBRATION_CONVERSATIONS)
    samples += [payment_sample(k, CALIBRATION_PAGE_SEED + i) for i, k in enumerate(KINDS)]
    crops = []
    for sample in samples:
        bgr = np.ascontiguousarray(np.asarray(sample.image.convert("RGB"))[:, :, ::-1])
        for quad in reader.detect(bgr):
            crop = ppocr.line_crop(bgr, quad, reader.settings)
            if crop.shape[0] >= 4 and crop.shape[1] >= 4:
                crops.append(crop)
    # a fixed, spread-out choice: every k-th line, so every page kind is represented
    step = max(1, len(crops) // limit)
    return crops[::step][:limit]


def build(out_dir: Path, lines: int = 200, method: str = "MinMax", float_nodes=FLOAT_NODES) -> Path:
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    from victimkit.ocr import ppocr
    from victimkit.ocr.rapidocr_engine import file_sha256, int8_name, model_file

    source = model_file("rapidocr", "rec")
    crops = calibration_crops(lines)
    widths = ppocr.PpOcr.__new__(ppocr.PpOcr)
    widths.settings = ppocr.PpOcrSettings()

    class Lines(CalibrationDataReader):
        def __init__(self):
            self.it = iter(crops)

        def get_next(self):
            crop = next(self.it, None)
            if crop is None:
                return None
            return {"x": ppocr.rec_input(crop, widths.rec_width(crop))[None]}

    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / int8_name(source)
    with tempfile.TemporaryDirectory() as tmp:
        pre = Path(tmp) / "pre.onnx"
        quant_pre_process(str(source), str(pre), skip_symbolic_shape=True)
        model = version_converter.convert_version(onnx.load(str(pre)), 13)
        pre13 = Path(tmp) / "pre13.onnx"
        onnx.save(model, str(pre13))
        quantize_static(
            str(pre13),
            str(out),
            Lines(),
            quant_format=QuantFormat.QDQ,
            per_channel=True,
            reduce_range=True,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            op_types_to_quantize=list(QUANTISED_OPS),
            nodes_to_exclude=list(float_nodes),
            calibrate_method=getattr(CalibrationMethod, method),
        )
    record = {
        "source_model": f"rapidocr wheel: models/{source.name}",
        "source_sha256": file_sha256(source),
        "recipe": RECIPE,
        "calibration": (
            f"{len(crops)} lines of benchmarks/synth screenshots: render_chat_corpus"
            f"({CALIBRATION_CHAT_SEED}, {CALIBRATION_CONVERSATIONS}) and one payment_sample per"
            f" kind from seed {CALIBRATION_PAGE_SEED}"
        ),
        "built_with": f"onnxruntime {ort_version()}, onnx {onnx.__version__}",
        "licence": "Apache-2.0 (PaddleOCR model, shipped by RapidOCR); modified: quantised to int8",
        "sha256": file_sha256.__wrapped__(out),
    }
    out.with_suffix(".json").write_text(
        json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return out


def ort_version() -> str:
    import onnxruntime

    return onnxruntime.__version__


def main(argv=None) -> None:
    from victimkit.paths import resource

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=resource("models"))
    ap.add_argument("--lines", type=int, default=200, help="calibration lines")
    args = ap.parse_args(argv)
    try:
        import onnx  # noqa: F401
    except ImportError:
        raise SystemExit("needs the onnx package: pip install -e '.[models]'") from None
    out = build(args.out, args.lines)
    print(f"{out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
