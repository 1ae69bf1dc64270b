"""The int8 recognition model in resources/models: used only when it was made from the installed
wheel's model, recorded as such, and reading like the float model."""

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


def test_the_int8_engine_records_the_int8_model_and_the_default_is_float(rapid):
    # float by default: int8 misreads payee names on payment pages (see rapidocr_engine)
    assert not rapid.info.model.endswith(".int8")
    assert rapid.info.settings["rec_model"].startswith("float")
    quantised = get_engine("rapidocr", rec_int8=True)
    assert quantised.info.model.endswith("rec_small.int8")
    assert quantised.info.settings["rec_model"].startswith("int8 ")
    described = re_mod.describe(rec_int8=True)
    assert described.model == quantised.info.model
    assert described.settings_id == quantised.info.settings_id
    assert re_mod.describe().settings_id == rapid.info.settings_id


def test_int8_reads_like_the_float_model(rapid, chat_shots, dark_shot):
    quantised = get_engine("rapidocr", rec_int8=True)
    assert quantised.info.settings_id != rapid.info.settings_id  # results are not mixed up
    for sample in (chat_shots[1], dark_shot):
        image = np.asarray(sample.image)
        # icons are where the two differ most: an earlier calibration read WeChat's "+" button
        # as "+++" at 0.59 (the float model: 0.25, dropped)
        assert truth_cer(sample, quantised.recognise(image)) <= 0.01
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
