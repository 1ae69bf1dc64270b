"""An image's OCR result depends on that image (and the settings) only: not on which process read
it, what that process read before (its line cache), the order of the images or the pool."""

from __future__ import annotations

import numpy as np
import pytest

from victimkit.intake.files import import_files
from victimkit.ocr.engine import get_engine
from victimkit.ocr.run import ocr_evidence, ocr_json
from victimkit.store.case import CaseStore

pytestmark = pytest.mark.ocr


def lines_of(engine_lines):
    return [(ln.text, ln.box, ln.confidence) for ln in engine_lines]


def test_a_lines_reading_does_not_depend_on_the_engines_history(rapid, chat_shots, dark_shot):
    # a fresh engine with no cache, against the shared one after it has read the other shots
    # (the overlapping shots' repeated lines are then cache hits)
    fresh = get_engine("rapidocr", rec_cache=0)
    for shot in (*chat_shots, dark_shot):
        rapid.recognise(np.asarray(shot.image))
    hits_before = rapid.cache_hits
    for shot in (chat_shots[2], chat_shots[0], dark_shot, chat_shots[1]):
        image = np.asarray(shot.image)
        assert lines_of(rapid.recognise(image)) == lines_of(fresh.recognise(image))
    assert rapid.cache_hits > hits_before  # the shared engine answered from its cache


def shot_crops(reader, shots) -> list:
    import cv2

    from victimkit.ocr.ppocr import line_crop

    crops = []
    for shot in shots:
        bgr = cv2.cvtColor(np.asarray(shot.image), cv2.COLOR_RGB2BGR)
        crops += [line_crop(bgr, q, reader.settings) for q in reader.detect(bgr)]
    return [c for c in crops if c.shape[0] >= 4 and c.shape[1] >= 4]


def test_a_lines_reading_does_not_depend_on_the_lines_read_with_it(chat_shots, dark_shot):
    # equal-width batches (sessions 1-4) changed the float model's output bits against the line
    # alone, and so some confidences and the cascade's choice of lines
    reader = get_engine("rapidocr", rec_cache=0)._ppocr
    crops = shot_crops(reader, (*chat_shots, dark_shot))
    together = reader.recognise(crops)
    assert together == [reader.recognise([c])[0] for c in crops]
    widths = {i: reader.rec_width(c) for i, c in enumerate(crops)}
    for model in (reader.rec, reader.check):  # (text, confidence, lowest probability), unrounded
        read = reader._read(model, crops, list(range(len(crops))), widths)
        assert read == {i: reader._read(model, crops, [i], widths)[i] for i in range(len(crops))}


def test_a_lines_reading_does_not_depend_on_the_thread_count(chat_shots):
    one = get_engine("rapidocr", threads=1)
    two = get_engine("rapidocr", threads=2)
    image = np.asarray(chat_shots[1].image)
    assert lines_of(one.recognise(image)) == lines_of(two.recognise(image))


def case_lines(store: CaseStore) -> dict[str, list]:
    out = {}
    for ev in store.list_evidence():
        res = ocr_json(store, ev.id)
        out[ev.original_name] = [
            (ln["text"], ln["box"], ln["confidence"], ln["speaker"], ln["tag"])
            for ln in res["lines"]
        ]
    return out


@pytest.mark.slow
def test_jobs_1_and_jobs_2_in_another_order_give_identical_lines(chat_shots, dark_shot, tmp_path):
    shots = [*chat_shots, dark_shot]
    paths = [s.save(tmp_path / "phone") for s in shots]
    cases = []
    for name, order, jobs in (
        ("a", paths, 1),
        ("b", paths[::-1], 2),
        ("c", paths[1::2] + paths[0::2], 2),
    ):
        store = CaseStore.create(tmp_path / name, timezone="Asia/Shanghai")
        import_files(store, order)
        assert len(ocr_evidence(store, jobs=jobs)) == len(paths)
        cases.append(store)
    first = case_lines(cases[0])
    assert all(first.values())
    for other in cases[1:]:
        assert case_lines(other) == first
    for store in cases:
        store.close()
