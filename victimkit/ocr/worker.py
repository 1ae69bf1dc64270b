"""Reading one image, in whatever process: the work a pool's worker does.

Kept apart from ``victimkit.ocr.run`` so that a worker process imports only what reading needs
(the engine, image loading, layout), not the case store.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from victimkit.errors import VictimkitError
from victimkit.ocr import layout as layout_mod
from victimkit.ocr.engine import DEFAULT_ENGINE, get_engine
from victimkit.ocr.preprocess import load_image, prepare

# bump when preprocessing or layout change what is stored (4: avatar letters, icons not chats;
# 5: every line recognised alone, so an image's reading depends on that image only)
PIPELINE_VERSION = 5


def engine_options(engine: str, threads: int = 0) -> dict:
    return {"threads": threads} if engine == "rapidocr" else {}


def ocr_image(image_path: Path, engine: str = DEFAULT_ENGINE, **options) -> dict:
    """Read one image: engine lines, mapped to the original's pixels, laid out. Picklable."""
    eng = get_engine(engine, **options)
    original = load_image(image_path)
    prepared, scale, facts = prepare(original)
    raw = eng.recognise(prepared)
    if scale != 1.0:
        raw = [
            type(r)(r.text, tuple(round(v / scale) for v in r.box), r.confidence, ()) for r in raw
        ]
    lay = layout_mod.analyse(original, raw)
    return {
        "engine": eng.info.name,
        "engine_version": eng.info.version,
        "model": eng.info.model,
        "settings": {
            **eng.info.settings,
            **facts,
            "pipeline": PIPELINE_VERSION,
            "settings_id": eng.info.settings_id,
        },
        "layout": lay.kind,
        "title": lay.title,
        "clock": lay.clock,
        "lines": [asdict(ln) for ln in lay.lines],
        "messages": [asdict(m) for m in lay.messages],
    }


_worker_engine: tuple[str, dict] | None = None


def init(engine: str, options: dict) -> None:
    """A pool worker's start: load the models once, before the first image."""
    global _worker_engine
    _worker_engine = (engine, options)
    get_engine(engine, **options)


def run(image_path: str) -> dict:
    engine, options = _worker_engine or (DEFAULT_ENGINE, {})
    try:
        return ocr_image(Path(image_path), engine, **options)
    except VictimkitError as exc:
        return {"error": exc.message}
