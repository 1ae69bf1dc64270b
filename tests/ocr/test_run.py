"""ocr_evidence on a real case: stored results, cache, resume, cancel, corrections, messages."""

from __future__ import annotations

import json

import pytest

from victimkit.core.progress import CancelToken
from victimkit.errors import Cancelled
from victimkit.intake.files import import_files
from victimkit.ocr.run import (
    UNCONFIRMED,
    confirm_line,
    correct_line,
    messages_json,
    ocr_evidence,
    ocr_json,
)

pytestmark = pytest.mark.ocr


@pytest.fixture
def chat_case(store, chat_shots, tmp_path):
    paths = [s.save(tmp_path / "phone") for s in chat_shots]
    report = import_files(store, paths)
    assert len(report.new_ids) == 3
    return store


def test_results_are_stored_with_boxes_and_engine(chat_case, chat_shots):
    progress = []
    done = ocr_evidence(chat_case, jobs=1, on_progress=progress.append)
    assert sorted(done) == [1, 2, 3]
    assert progress[-1].done == progress[-1].total == 3
    data = ocr_json(chat_case, 1)
    assert data["engine"] == "rapidocr" and data["engine_version"].startswith("rapidocr")
    assert data["model"] and data["status"] == UNCONFIRMED
    res = chat_case.db["ocr_results"].get(1)
    settings = json.loads(res["settings"])
    assert settings["use_cls"] is False and "pipeline" in settings
    w, h = chat_shots[0].image.size
    for line in data["lines"]:
        x0, y0, x1, y1 = line["box"]
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
        assert line["confirmed"] is False
    assert {ln["speaker"] for ln in data["lines"]} >= {"other", "system", None}
    # the audit chain covers the machine's reading
    actions = [r[0] for r in chat_case.db.execute("SELECT action FROM audit").fetchall()]
    assert "ocr_result" in actions and "ocr_lines" in actions


def test_a_second_run_does_nothing_and_redo_reads_again(chat_case):
    ocr_evidence(chat_case, jobs=1)
    before = sorted((m["evidence_id"], m["text"]) for m in messages_json(chat_case))
    assert ocr_evidence(chat_case, jobs=1) == []
    assert ocr_evidence(chat_case, [2], jobs=1, redo=True) == [2]
    assert chat_case.db["ocr_results"].count == 4
    # the superseded reading's messages are replaced, not shown twice
    assert sorted((m["evidence_id"], m["text"]) for m in messages_json(chat_case)) == before


def test_cancel_keeps_what_was_finished_and_a_rerun_resumes(chat_case):
    token = CancelToken()

    def stop_after_first(p):
        if p.done == 1:
            token.cancel()

    with pytest.raises(Cancelled):
        ocr_evidence(chat_case, jobs=1, on_progress=stop_after_first, cancel=token)
    assert chat_case.db["ocr_results"].count == 1
    assert sorted(ocr_evidence(chat_case, jobs=1)) == [2, 3]
    assert chat_case.db["ocr_results"].count == 3


def test_overlapping_screenshots_give_each_message_once(chat_case, chat_shots):
    ocr_evidence(chat_case, jobs=1)
    got = [(m["direction"], m["text"].replace(" ", "")) for m in messages_json(chat_case)]
    want = []
    seen = set()
    for shot in chat_shots:
        for m in shot.messages:
            if m["message_no"] not in seen:
                seen.add(m["message_no"])
                direction = {"self": "outgoing", "other": "incoming"}.get(m["speaker"], "system")
                want.append((direction, m["text"].replace(" ", "")))
    assert got == want
    title = next(t.text for t in chat_shots[0].lines if t.tag == "header")
    incoming = [m for m in messages_json(chat_case) if m["direction"] == "incoming"]
    assert incoming and all(m["sender"] == title for m in incoming)


def test_a_person_corrects_and_confirms_a_line(chat_case):
    ocr_evidence(chat_case, [1], jobs=1)
    line = ocr_json(chat_case, 1)["lines"][3]
    correct_line(chat_case, line["id"], "人工更正的文字")
    other = ocr_json(chat_case, 1)["lines"][4]
    confirm_line(chat_case, other["id"])
    after = {ln["id"]: ln for ln in ocr_json(chat_case, 1)["lines"]}
    assert after[line["id"]]["text"] == "人工更正的文字" and after[line["id"]]["confirmed"] is True
    assert after[other["id"]]["confirmed"] is True and after[other["id"]]["text"] == other["text"]
    # the machine's reading stays in its row
    assert chat_case.db["ocr_lines"].get(line["id"])["text"] == line["text"]


def test_show_json_has_ocr_and_messages(chat_case):
    from victimkit.analysis.summary import case_summary

    ocr_evidence(chat_case, jobs=1)
    summary = case_summary(chat_case)
    ev = summary["evidence"][0]
    assert set(ev["ocr"]) >= {"engine", "engine_version", "text", "lines"}
    assert set(ev["ocr"]["lines"][0]) >= {"text", "box", "confidence", "speaker", "confirmed"}
    assert summary["messages"] and set(summary["messages"][0]) >= {
        "evidence_id",
        "sender",
        "direction",
        "sent_at",
        "text",
    }


@pytest.mark.slow
def test_worker_processes_give_the_same_result(chat_case, tmp_path):
    done = ocr_evidence(chat_case, jobs=2)
    assert sorted(done) == [1, 2, 3]
    pooled = [ocr_json(chat_case, i)["text"] for i in (1, 2, 3)]
    assert all(pooled)
    ocr_evidence(chat_case, jobs=1, redo=True)
    again = [ocr_json(chat_case, i)["text"] for i in (1, 2, 3)]
    assert again == pooled


@pytest.mark.slow
def test_tesseract_engine_through_the_run(chat_case):
    assert ocr_evidence(chat_case, [1], engine="tesseract", jobs=1) == [1]
    assert ocr_json(chat_case, 1)["engine"] == "tesseract"


def test_default_senders_follow_the_cases_language_not_the_processs(chat_case):
    """A Chinese case OCR'd by a process running in English (the CLI on an English desktop) still
    stores its senders in Chinese: they are printed in the case's dossier."""
    from victimkit.i18n import current_language, gettext_in, set_language

    assert chat_case.case_row()["lang"] == "zh"
    before = current_language()
    set_language("en")
    try:
        ocr_evidence(chat_case, jobs=1)
    finally:
        set_language(before)
    senders = {m["direction"]: m["sender"] for m in messages_json(chat_case)}
    assert gettext_in("zh", "me") == "我" and gettext_in("en", "me") == "me"
    assert senders["outgoing"] == "我"
    assert "me" not in senders.values() and "other party" not in senders.values()
