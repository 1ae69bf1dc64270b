"""The paths a big case takes through the export (red flags read in a second process, display
copies reused, the derived OCR JSON written compactly) give what the plain paths give."""

from __future__ import annotations

import json
import zipfile

from tests.dossier.factory import make_case
from victimkit.analysis.summary import case_summary
from victimkit.dossier import data as data_mod
from victimkit.dossier.data import RedFlagJob, gather
from victimkit.dossier.export import export_case
from victimkit.dossier.images import PrepTask, is_cached, prepare, prepare_all


def test_red_flags_from_a_second_process_match_show_json(tmp_path):
    store = make_case(tmp_path / "case", chat_messages=60)
    try:
        plain = case_summary(store)
        assert plain["red_flags"], "the factory's chat should raise red flags"
        data = gather(store, red_flags=RedFlagJob(store.root))
        assert data.red_flags == []  # not yet taken
        data.wait_red_flags(store)
        assert data.red_flags == plain["red_flags"]
        assert data.summary == plain
    finally:
        store.close()


def test_export_with_red_flags_in_a_second_process_writes_them_to_case_json(tmp_path, monkeypatch):
    store = make_case(tmp_path / "case", chat_messages=60)
    try:
        monkeypatch.setattr(data_mod, "PARALLEL_RED_FLAGS", 0)
        monkeypatch.setattr(
            "victimkit.dossier.export.start_red_flags",
            lambda s: data_mod.start_red_flags(s, threshold=0),
        )
        result = export_case(store, tmp_path / "d.pdf", bundle_path=tmp_path / "b.zip", lang="en")
        assert result.verified_ok == result.verified_total
        with zipfile.ZipFile(tmp_path / "b.zip") as zf:
            case = json.loads(zf.read("case.json"))
            ocr = json.loads(zf.read("derived/E-001.ocr.json"))
        assert case["red_flags"] == case_summary(store)["red_flags"]
        assert ocr["lines"] and ocr["evidence_id"] == "E-001"
    finally:
        store.close()


def test_display_copies_made_before_are_reused_in_this_process(tmp_path):
    store = make_case(tmp_path / "case", n_extra=2, chat_messages=3)
    try:
        tasks = []
        for ev in store.list_evidence():
            if ev.kind == "image":
                tasks.append(
                    PrepTask(
                        key=ev.exhibit,
                        source=str(store.original_path(ev)),
                        dest_dir=str(tmp_path / "cache"),
                        max_w=600,
                        max_h=900,
                        media_type=ev.media_type,
                    )
                )
        assert not any(is_cached(t) for t in tasks)
        first = prepare_all(tasks, workers=1)
        assert all(is_cached(t) for t in tasks)
        again = prepare_all(tasks, workers=2)
        assert again == first == {t.key: prepare(t) for t in tasks}
    finally:
        store.close()


def test_display_copies_made_at_add_time_are_what_the_export_uses(tmp_path):
    from victimkit.dossier.export import display_task
    from victimkit.pipeline.process import display_copies

    store = make_case(tmp_path / "case", n_extra=1, chat_messages=3)
    try:
        images = [ev for ev in store.list_evidence() if ev.kind == "image"]
        tasks = [display_task(store, ev, ev.exhibit) for ev in images]
        assert not any(is_cached(t) for t in tasks)
        display_copies(store, [ev.id for ev in images])
        assert all(is_cached(t) for t in tasks)
        made = {p.name for p in (store.derived_dir / "dossier").iterdir()}
        export_case(store, tmp_path / "d.pdf", lang="zh", paper="letter")
        assert {p.name for p in (store.derived_dir / "dossier").iterdir()} == made  # reused
    finally:
        store.close()


def test_readable_case_json_parses_as_the_indented_one():
    from victimkit.dossier.bundle import json_bytes, json_readable_bytes

    doc = {
        "case": {"id": "VK-1", "名字": "张伟", "n": 1.5},
        "red_flags": [{"phrase": "安全账户", "box": [1, 2, 3, 4]}, {"phrase": "x"}],
        "empty": [],
        "references": {},
        "when": __import__("datetime").date(2024, 10, 14),
    }
    text = json_readable_bytes(doc)
    assert json.loads(text) == json.loads(json_bytes(doc))
    assert text.decode().count("\n") == 10  # a line per key and per list item


def test_quick_split_string_gives_what_reportlab_gives():
    from reportlab.pdfbase.ttfonts import TTFont

    from victimkit.dossier import fonts
    from victimkit.paths import resource

    path = str(resource("fonts", fonts.CJK_FILE))
    ours = fonts._TTFont("vk-test-quick", path, subfontIndex=0)
    theirs = TTFont("vk-test-plain", path, subfontIndex=0)
    doc_a, doc_b = object.__new__(type("D1", (), {})), object.__new__(type("D2", (), {}))
    texts = ["", "abc 123", "您好，我是抖音官方客服，工号 DY8823", "nbsp\u00a0here", "\U0001f600?"]
    texts += [chr(0x4E00 + i) * 3 + " x" for i in range(700)]  # several subsets
    texts += ["转账到安全账户 6222021234567890123 户名 张伟", "一丁七 abc"]
    for text in texts * 2:
        assert ours.splitString(text, doc_a) == theirs.splitString(text, doc_b), text


def test_export_knows_the_pdf_paper_sizes():
    from victimkit.dossier import export, pdf

    assert set(export.PAPER_NAMES) == set(pdf.PAPERS)


def test_quick_draw_string_writes_what_reportlab_writes():
    import io

    from reportlab.pdfgen.canvas import Canvas

    from victimkit.dossier import fonts
    from victimkit.dossier.pdf import deferred_canvas

    sans, mono, bold = fonts.register_fonts()
    ours = deferred_canvas(sans, None, {}, None, 500)(io.BytesIO())
    theirs = Canvas(io.BytesIO(), initialFontName=sans)
    texts = [
        "",
        "abc (1) \\ 2",
        "您好，我是抖音官方客服，工号 DY8823",
        "nbsp\u00a0here",
        "\U0001f600?",
    ]
    texts += [chr(0x4E00 + i) * 3 + " x" for i in range(0, 700, 7)]  # several subsets
    texts += ["转账到安全账户 6222021234567890123 户名 张伟", "一丁七 abc"]
    for i, text in enumerate(texts * 2):
        for canvas in (ours, theirs):
            canvas.setFont((sans, mono, bold)[i % 3], 6 + i % 4, 7.5 + i % 3)
            canvas.drawString(10 + i / 7, 800 - i / 3, text)
            canvas.drawString(12, 30, text, charSpace=0.5)  # reportlab's way, both
        assert ours._code[-2:] == theirs._code[-2:], text
