"""The int8 recognition model in resources/models: used only when it was made from the installed
wheel's model, recorded as such, and reading like the float model; the default cascade (int8,
the float model re-reading unsure lines)."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from tests.ocr.conftest import truth_cer
from victimkit.ocr import rapidocr_engine as re_mod
from victimkit.ocr.engine import get_engine

pytestmark = pytest.mark.ocr


def test_the_shipped_int8_model_matches_the_installed_wheel():
    found = re_mod.int8_rec_model("rapidocr")
    assert found is not None, "resources/models has no int8 model for this rapidocr wheel"
    path, record = found
    assert record["sha256"] == re_mod.file_sha256(path)
    assert record["source_sha256"] == re_mod.file_sha256(re_mod.model_file("rapidocr", "rec"))


def test_the_default_is_the_int8_cascade_and_each_variant_is_recorded(rapid):
    # int8 reads every line, the float model re-reads the unsure ones (traditional-only forms:
    # int8 alone reads payee names 周海强 as 周海強, see rapidocr_engine)
    assert rapid.info.model.endswith("rec_small.int8>float")
    assert rapid.info.settings["rec_model"].startswith("int8 ")
    assert "re-read by the float model" in rapid.info.settings["rec_model"]
    assert rapid._ppocr.check is not None and "強" in rapid._ppocr.check_chars
    plain_float = get_engine("rapidocr", rec_int8=False)
    assert plain_float.info.settings["rec_model"].startswith("float")
    assert not plain_float.info.model.endswith("int8")
    int8_only = get_engine("rapidocr", rec_check=False)
    assert int8_only.info.model.endswith("rec_small.int8")
    assert "re-read" not in int8_only.info.settings["rec_model"]
    ids = {e.info.settings_id for e in (rapid, plain_float, int8_only)}
    assert len(ids) == 3  # results of one are never taken for another's
    assert re_mod.describe().settings_id == rapid.info.settings_id
    assert re_mod.describe().model == rapid.info.model
    assert re_mod.describe(rec_check=False).settings_id == int8_only.info.settings_id
    assert re_mod.describe(rec_int8=False).settings_id == plain_float.info.settings_id


def test_the_cascade_rereads_unsure_lines(rapid):
    ppocr = rapid._ppocr
    assert ppocr.unsure("周海強", 0.99, 0.98)  # a traditional-only form
    assert ppocr.unsure("Čompleted", 0.99, 0.98)  # an unusual character
    assert ppocr.unsure("周海强", 0.9, 0.3)  # one character below check_below
    assert ppocr.unsure("Savings 547******-840", 0.99, 0.9)  # a masked number
    assert not ppocr.unsure("周海强 ¥1,250.00（已到账）", 0.99, 0.9)


def test_int8_reads_like_the_float_model(rapid, chat_shots, dark_shot):
    quantised = get_engine("rapidocr", rec_check=False)
    plain_float = get_engine("rapidocr", rec_int8=False)
    for sample in (chat_shots[1], dark_shot):
        image = np.asarray(sample.image)
        # icons are where the two differ most: an earlier calibration read WeChat's "+" button
        # as "+++" at 0.59 (the float model: 0.25, dropped)
        assert truth_cer(sample, quantised.recognise(image)) <= 0.01
        assert truth_cer(sample, plain_float.recognise(image)) <= 0.01
        assert truth_cer(sample, rapid.recognise(image)) <= 0.01


def test_an_int8_model_made_from_another_model_is_not_used(tmp_path, monkeypatch):
    path, record = re_mod.int8_rec_model("rapidocr")
    shutil.copy(path, tmp_path / path.name)
    (tmp_path / path.with_suffix(".json").name).write_text(
        json.dumps({**record, "source_sha256": "0" * 64})
    )
    monkeypatch.setattr(re_mod, "resource", lambda *parts: tmp_path.joinpath(*parts[1:]))
    assert re_mod.int8_rec_model.__wrapped__("rapidocr") is None
    (tmp_path / path.with_suffix(".json").name).write_text(json.dumps(record))
    assert re_mod.int8_rec_model.__wrapped__("rapidocr") == (tmp_path / path.name, record)
