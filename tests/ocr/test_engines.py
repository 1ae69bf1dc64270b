"""The real engines on rendered screenshots: text, boxes in the original's pixels, no network."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from tests.ocr.conftest import ROOT, truth_cer
from victimkit.errors import MissingDependencyError, OcrError
from victimkit.ocr.engine import get_engine

pytestmark = pytest.mark.ocr


def test_rapidocr_reads_a_chat_screenshot_with_boxes(rapid, chat_shots):
    sample = chat_shots[0]
    lines = rapid.recognise(np.asarray(sample.image))
    assert truth_cer(sample, lines) <= 0.03
    # every truth line is found where it is in the image
    for truth in sample.lines:
        cx, cy = (truth.box[0] + truth.box[2]) / 2, (truth.box[1] + truth.box[3]) / 2
        assert any(b.box[0] <= cx <= b.box[2] and b.box[1] <= cy <= b.box[3] for b in lines), (
            truth.text
        )
    assert all(0.0 <= ln.confidence <= 1.0 for ln in lines)


def test_rapidocr_records_what_produced_the_reading(rapid):
    info = rapid.info
    assert info.name == "rapidocr"
    assert info.version.startswith("rapidocr ")
    assert "rec" in info.model and "det" in info.model
    assert info.settings["use_cls"] is False and info.settings["det_limit_side_len"] > 0


def test_rapidocr_dark_mode(rapid, dark_shot):
    assert truth_cer(dark_shot, rapid.recognise(np.asarray(dark_shot.image))) <= 0.03


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs the tesseract binary")
def test_tesseract_reads_english_and_chinese(chat_shots):
    eng = get_engine("tesseract")
    assert eng.info.version.startswith("tesseract ")
    assert eng.info.settings["languages"] == "chi_sim+eng"
    lines = eng.recognise(np.asarray(chat_shots[0].image))
    text = "".join(ln.text for ln in lines).replace(" ", "")
    assert lines and any("\u4e00" <= ch <= "\u9fff" for ch in text)
    assert truth_cer(chat_shots[0], lines) < 0.6  # Tesseract is the weaker engine, by far


def test_tesseract_missing_language_is_a_plain_error():
    with pytest.raises(MissingDependencyError) as exc:
        get_engine("tesseract", languages="xyz_nope")
    assert "xyz_nope" in exc.value.message


def test_unknown_engine_is_a_plain_error():
    with pytest.raises(OcrError):
        get_engine("nonesuch")


OFFLINE = textwrap.dedent(
    """
    import socket, sys
    sys.path.insert(0, {root!r})
    def refuse(*a, **k):
        raise OSError("network is not allowed in this test")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont
    im = Image.new("RGB", (720, 200), "white")
    f = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 36, index=2)
    ImageDraw.Draw(im).text((30, 70), "请转账5000元到安全账户", font=f, fill="black")
    from victimkit.ocr.rapidocr_engine import RapidOcrEngine
    for package in ("rapidocr", "rapidocr_onnxruntime"):
        lines = RapidOcrEngine(package=package).recognise(np.asarray(im))
        print(package, "".join(l.text for l in lines))
    """
)


@pytest.mark.slow
def test_rapidocr_needs_no_network(tmp_path):
    """Both RapidOCR packages load their models and read an image with every socket refused."""
    script = tmp_path / "offline.py"
    script.write_text(OFFLINE.format(root=str(ROOT)))
    commands = [[sys.executable, str(script)]]
    # and, where the kernel allows it, in a network namespace with no interfaces at all
    if (
        shutil.which("unshare")
        and subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0
    ):
        commands.append(["unshare", "-rn", sys.executable, str(script)])
    for cmd in commands:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr[-2000:]
        assert "rapidocr 请转账5000元到安全账户" in out.stdout
        assert "rapidocr_onnxruntime 请转账5000元到安全账户" in out.stdout


def test_rapidocr_reads_a_long_scrolling_screenshot(rapid, chat_shots):
    """Three screenshots stacked into one 720×4800 image: detection is not shrunk so far that
    the text vanishes (the short side keeps its DET_MIN_SHORT pixels)."""
    tall = np.concatenate([np.asarray(s.image) for s in chat_shots], axis=0)
    lines = rapid.recognise(tall)
    found = missed = 0
    offset = 0
    for shot in chat_shots:
        for truth in shot.lines:
            cx = (truth.box[0] + truth.box[2]) / 2
            cy = offset + (truth.box[1] + truth.box[3]) / 2
            hit = any(b.box[0] <= cx <= b.box[2] and b.box[1] <= cy <= b.box[3] for b in lines)
            found += hit
            missed += not hit
        offset += shot.image.size[1]
    assert missed <= found // 50, (found, missed)


def test_rapidocr_reads_a_line_the_same_whatever_its_neighbours(chat_shots):
    """A line's reading depends on its own pixels only: not on the lines recognised with it
    (batches), nor on whether the line cache already had it."""
    from victimkit.ocr.ppocr import line_crop

    rapid = get_engine("rapidocr", rec_cache=0)  # no line cache: every line is really read
    ppocr = rapid._ppocr
    bgr = np.ascontiguousarray(np.asarray(chat_shots[0].image)[:, :, ::-1])
    crops = [line_crop(bgr, q, ppocr.settings) for q in ppocr.detect(bgr)]
    crops = [c for c in crops if min(c.shape[:2]) >= 4]
    alone = [ppocr.recognise([c])[0] for c in crops[:6]]
    together = ppocr.recognise(crops)[:6]
    assert [t for t, _ in alone] == [t for t, _ in together]
    cached = get_engine("rapidocr")._ppocr
    first = cached.recognise(crops)
    again = cached.recognise(crops[::-1])[::-1]
    assert cached.cache_hits >= len(crops) and again == first
    assert [t for t, _ in first] == [t for t, _ in ppocr.recognise(crops)]


def test_the_same_line_in_two_overlapping_screenshots_is_cut_the_same(chat_shots):
    """Line crops are cut around the ink, not the detector's box, so a message shown in two
    overlapping screenshots (at other heights) gives the same crop and is recognised once."""
    from victimkit.ocr.ppocr import line_crop, pixels_key

    ppocr = get_engine("rapidocr")._ppocr
    keys = []
    for shot in chat_shots[:2]:
        bgr = np.ascontiguousarray(np.asarray(shot.image)[:, :, ::-1])
        keys.append({pixels_key(line_crop(bgr, q, ppocr.settings)) for q in ppocr.detect(bgr)})
    # the messages the two shots share (the status bar and title are the same too)
    shared = {m["message_no"] for m in chat_shots[0].messages} & {
        m["message_no"] for m in chat_shots[1].messages
    }
    assert shared
    assert len(keys[0] & keys[1]) >= len(shared)
