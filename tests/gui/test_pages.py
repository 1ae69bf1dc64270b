"""Each page's main interactions, on a real case, with real workers awaited through signals."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.gui.conftest import add_and_wait

pytestmark = pytest.mark.gui


def test_collect_evidence_imports_on_a_worker_and_filters_by_kind(qtbot, open_case, shot, tmp_path):
    window = open_case
    folder = tmp_path / "phone"
    shot(name="a.png")
    shot(["第二张"], name="b.png")
    (folder / "notes.txt").write_text("对方说先交保证金", encoding="utf-8")
    (folder / "empty.png").write_bytes(b"")
    report = add_and_wait(qtbot, window, [folder], ocr=False)
    assert len(report.new_ids) == 3
    assert len(report.rejected) == 1  # the empty file, named in the report
    page = window.pages["collect_evidence"]
    assert page.model.rowCount() == 3
    stored = window.session.store.list_evidence()
    assert {e.original_name for e in stored} == {"a.png", "b.png", "notes.txt"}
    # byte-exact
    a = next(e for e in stored if e.original_name == "a.png")
    assert window.session.store.original_path(a).read_bytes() == (folder / "a.png").read_bytes()
    page.filters.setCurrentIndex(1)  # screenshots
    assert page.proxy.rowCount() == 2
    page.filters.setCurrentIndex(3)  # other files
    assert page.proxy.rowCount() == 1
    page.filters.setCurrentIndex(0)
    assert page.proxy.rowCount() == 3


def test_paste_a_screenshot_from_the_clipboard(qtbot, open_case):
    from PySide6.QtGui import QColor, QGuiApplication, QImage

    window = open_case
    page = window.show_page("collect_evidence")
    image = QImage(200, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    QGuiApplication.clipboard().setImage(image)
    with qtbot.waitSignal(window.session.import_finished, timeout=30000) as blocker:
        page.paste()
    report = blocker.args[0]
    assert len(report.new_ids) == 1
    ev = window.session.store.evidence(report.new_ids[0])
    assert ev.kind == "image" and ev.original_name.startswith("Clipboard_")
    assert (ev.width, ev.height) == (200, 300)


def test_import_can_be_cancelled_and_keeps_what_was_done(qtbot, open_case, shot):
    window = open_case
    page = window.show_page("collect_evidence")
    paths = [shot([f"第{n}张"]) for n in range(12)]
    worker = page.add_paths(paths)
    worker.cancel()
    with qtbot.waitSignal(worker.signals.done, timeout=30000):
        pass
    kept = window.session.store.list_evidence()
    assert len(kept) < 12
    for ev in kept:  # every kept item is whole
        assert window.session.store.original_path(ev).is_file()


def _fake_ocr_rows(store, evidence_id):
    """OCR rows as the OCR capability writes them (used only when its engine is not installed)."""
    (rid,) = store.insert(
        "ocr_results",
        [
            {
                "evidence_id": evidence_id,
                "engine": "test",
                "engine_version": "0",
                "model": "",
                "settings": "{}",
                "created_at": "2024-10-14T15:35:00Z",
                "text": "你好\n转账 ¥1,130.00",
                "layout": "chat",
            }
        ],
        action="ocr_done",
    )
    return store.insert(
        "ocr_lines",
        [
            {
                "ocr_result_id": rid,
                "evidence_id": evidence_id,
                "line_no": 1,
                "text": "你好，我是抖音官方客服",
                "x0": 60,
                "y0": 160,
                "x1": 600,
                "y1": 210,
                "confidence": 0.98,
                "speaker": "other",
            },
            {
                "ocr_result_id": rid,
                "evidence_id": evidence_id,
                "line_no": 2,
                "text": "转账 ¥1,l30.00",
                "x0": 60,
                "y0": 250,
                "x1": 420,
                "y1": 300,
                "confidence": 0.81,
                "speaker": "other",
            },
        ],
        action="ocr_lines_added",
    )


def test_viewer_links_lines_and_boxes_and_records_corrections(qtbot, open_case, shot):
    from PySide6.QtCore import Qt

    window = open_case
    add_and_wait(qtbot, window, [shot()], ocr=False)
    store = window.session.store
    line_ids = _fake_ocr_rows(store, 1)
    page = window.show_page("evidence_viewer", evidence_id=1)
    with qtbot.waitSignal(page.shown, timeout=30000):
        page.show_evidence(1)  # read on the reader thread
    assert page.model.rowCount() == 2
    assert set(page.view.boxes) == set(line_ids)
    # selecting a line highlights its box
    page.table.selectRow(1)
    assert page.view.selected == line_ids[1]
    # clicking a box selects its line
    page.select_line(line_ids[0])
    assert page.table.currentIndex().row() == 0
    # correct a line: the first reading stays, the correction is kept beside it
    idx = page.model.index(1, 2)
    assert page.model.setData(idx, "转账 ¥1,130.00", Qt.ItemDataRole.EditRole)
    assert store.current_value("ocr_lines", line_ids[1], "text") == "转账 ¥1,130.00"
    assert store.db["ocr_lines"].get(line_ids[1])["text"] == "转账 ¥1,l30.00"
    # confirm a line
    check = page.model.index(0, 0)
    page.model.setData(check, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert store.current_value("ocr_lines", line_ids[0], "confirmed") is True
    page.confirm_all()
    assert store.current_value("ocr_lines", line_ids[1], "confirmed") is True
    # zoom and fit
    page.view.zoom(2.0)
    page.view.fit()


def test_stay_calm_shows_the_guides_numbers_and_checks_a_message(qtbot, open_case):
    from victimkit.guide.knowledge import load_knowledge

    window = open_case
    page = window.show_page("stay_calm")
    text = " ".join(lbl.text() for lbl in page.urgent.findChildren(type(page.title_label)))
    assert "110" in text
    # every number shown is on the guide's allow-list
    import re

    k = load_knowledge()
    for number in re.findall(r"<b>([0-9][0-9 \-]+)</b>", text):
        assert k.is_allowed(number), number
    page.country_box.setCurrentIndex(page.country_box.findData("US"))
    assert window.session.row["country"] == "US"
    text = " ".join(lbl.text() for lbl in page.urgent.findChildren(type(page.title_label)))
    assert "ic3.gov" in text
    page.paste_box.setPlainText(
        "您好我是抖音官方客服，关闭直播会员需要验证资金，请加我QQ，转到安全账户"
    )
    page.check()
    assert page.verdict == "suspicious"
    assert page.result.isVisibleTo(page)


def test_transactions_confirm_correct_and_add(qtbot, open_case, shot):
    from PySide6.QtCore import Qt

    window = open_case
    add_and_wait(qtbot, window, [shot()], ocr=False)
    store = window.session.store
    (tid,) = store.insert(
        "transactions",
        [
            {
                "evidence_id": 1,
                "occurred_at": "2024-10-14T15:35:05Z",
                "amount": "-1130.00",
                "currency": "CNY",
                "direction": "out",
                "status": "success",
                "payee_name": "李建明",
                "payee_account": "6222021234567890123",
                "payee_bank": "中国工商银行",
                "is_loss": 1,
                "fields": "{}",
                "origin": "ocr",
                "source_ref": "",
            }
        ],
        action="transactions_found",
    )
    page = window.show_page("transactions")
    page.refresh()
    assert page.model.rowCount() == 1
    assert "1,130.00 CNY" in page.total_label.text()
    page.model.setData(
        page.model.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert store.current_value("transactions", tid, "confirmed") is True
    col = 1 + [c.key for c in page.model.columns].index("payee_account")
    page.model.setData(page.model.index(0, col), "6222021234567890124", Qt.ItemDataRole.EditRole)
    assert store.current_value("transactions", tid, "payee_account") == "6222021234567890124"
    row = {
        "evidence_id": None,
        "occurred_at": "2024-10-14T15:40:00+00:00",
        "amount": "-8000",
        "currency": "CNY",
        "direction": "out",
        "payee_name": "李建明",
        "payee_account": "6222021234567890123",
        "is_loss": 1,
    }
    from victimkit.gui import backend

    backend.add_transaction(store, row)
    window.session.facts_changed.emit()
    page.refresh()
    assert page.model.rowCount() == 2
    assert "9,130.00 CNY" in page.total_label.text()


def test_contact_log_and_police_receipt_are_kept_in_the_case(qtbot, open_case):
    from victimkit.guide.steps import actions

    window = open_case
    page = window.show_page("contact_platform")
    page.log.channel.setText("抖音 APP 内举报")
    page.log.ticket.setText("T-2024-778")
    page.log.answer.setText("已受理")
    page.log.save()
    assert "T-2024-778" in page.log.entries.text()
    police = window.show_page("report_police")
    police.receipt_edit.setText("110-2024-0001")
    police.save_receipt()
    log = actions(window.session.store)
    # ordered by when it happened: the platform contact is dated by day (noon in the case's zone),
    # the receipt by the moment it was saved, so their order depends on the time of day
    assert sorted(a["kind"] for a in log) == ["platform_report", "police_report"]
    police_rows = [a for a in log if a["kind"] == "police_report"]
    assert police_rows[0]["ref"] == "110-2024-0001"
    assert "110-2024-0001" in police.receipts.text()
    # the time it was saved is shown as the case's wall clock, not as the stored UTC
    from victimkit.gui.pages.transactions import set_case_zone

    at = datetime.fromisoformat(police_rows[0]["at"].replace("Z", "+00:00"))
    set_case_zone("Asia/Shanghai")
    try:
        police._show_receipts()
        shanghai = at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
        assert shanghai in police.receipts.text()
        assert at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") not in police.receipts.text()
    finally:
        set_case_zone(window.session.store.case_row()["timezone"])


def test_prevention_ticks_are_kept(qtbot, open_case):
    from victimkit.gui import backend

    window = open_case
    page = window.show_page("prevention")
    first = next(iter(page.boxes))
    page.boxes[first].setChecked(True)
    assert backend.prevention_state(window.session.store)[first] is True


def test_case_list_search_hand_over_and_erase(qtbot, window, library):
    from victimkit.gui import backend

    cl = window.case_list
    cl.create_case(title="甲案", victim_name="张三", contact="", country="CN", lang_="zh")
    window.show_case_list()
    cl.create_case(title="乙案", victim_name="李四", contact="", country="CN", lang_="zh")
    window.show_case_list()
    assert cl.proxy.rowCount() == 2
    cl.search.setText("李四")
    assert cl.proxy.rowCount() == 1
    cl.table.selectRow(0)
    entry = cl.selected_entry()
    assert not cl.erase_button.isEnabled()  # only after hand-over
    if not backend.dossier_available():
        pytest.skip("the dossier export is needed for the hand-over")
    target = library.parent / "handover.zip"
    worker = cl.start_hand_over(entry.path, target, "Officer Li")
    with qtbot.waitSignal(worker.signals.done, timeout=120000):
        pass
    qtbot.waitUntil(
        lambda: cl.selected_entry() is not None and cl.selected_entry().handed_over, timeout=5000
    )
    assert target.is_file()
    assert cl.erase_button.isEnabled()
    from victimkit.store.case import CaseStore

    with CaseStore.open(entry.path, read_only=True) as st:
        (details,) = st.db.execute(
            "SELECT details FROM audit WHERE action = 'case_handed_over'"
        ).fetchone()
    assert "Officer Li" in details and "handover.zip" in details
    # the erase dialog lets "Erase" be pressed only once the case number is typed
    from victimkit.gui.case_list import EraseDialog

    dlg = EraseDialog(entry, cl)
    assert not dlg.erase_button.isEnabled()
    dlg.confirm.setText(entry.id.lower())
    assert dlg.erase_button.isEnabled() and dlg.typed() == entry.id
    dlg.deleteLater()
    assert not cl.erase_confirmed(entry.path, "VK-WRONG")  # nothing erased
    assert entry.path.is_dir()
    assert cl.erase_confirmed(entry.path, entry.id)
    assert not entry.path.exists()
    assert not list(library.glob(".erasing-*"))
    cl.search.clear()
    assert cl.proxy.rowCount() == 1


def test_report_page_exports_and_previews_the_pdf(qtbot, open_case, shot):
    from victimkit.gui import backend

    if not backend.dossier_available():
        pytest.skip("dossier export not installed")
    window = open_case
    add_and_wait(qtbot, window, [shot()], ocr=False)
    page = window.show_page("report_police")
    page.refresh()
    assert page.exhibits.count() == 1
    worker = page.export_pdf()
    with qtbot.waitSignal(worker.signals.done, timeout=180000):
        pass
    qtbot.waitUntil(lambda: page.worker is None, timeout=60000)
    assert page.pdf_path is not None and Path(page.pdf_path).read_bytes().startswith(b"%PDF")
    assert page.preview.count() >= 1
    assert page.print_button.isEnabled()


def test_channel_pages_show_only_the_guides_verified_channels(qtbot, open_case):
    from PySide6.QtWidgets import QLabel

    from victimkit.gui import backend

    window = open_case
    for key, step in (
        ("contact_platform", "contact_platform"),
        ("legal_advice", "legal_advice"),
        ("third_party", "other_channels"),
    ):
        page = window.show_page(key)
        page.refresh()
        shown = " ".join(label.text() for label in page.channels.findChildren(QLabel))
        channels = backend.step_channels(step, page.country)
        for channel in channels:
            for phone in channel.get("phones") or []:
                assert phone in shown, (key, phone)
        assert channels or shown.strip(), key  # a fallback sentence when none is listed


def _insert_chat(store, texts):
    store.insert(
        "messages",
        [
            {
                "evidence_id": None,
                "seq": i,
                "sender": "客服" if i % 2 else "我",
                "sent_at": f"2024-10-14T{10 + i // 60 % 12:02d}:{i % 60:02d}:00Z",
                "timezone": "Asia/Shanghai",
                "text": text,
                "direction": "incoming" if i % 2 else "outgoing",
                "is_system": 0,
                "source_ref": f"test {i}",
                "origin": "person",
            }
            for i, text in enumerate(texts)
        ],
        action="messages_added",
    )


def test_find_in_the_conversation(qtbot, open_case):
    """The Messages page's find box: Ctrl+F, a one-character Chinese query, "n of N", next and
    previous (wrapping), highlights, and matches in chunks appended after the first."""
    from PySide6.QtCore import Qt

    from tests.gui.conftest import settle
    from victimkit.gui.pages.messages import CHUNK, MAX_HIGHLIGHTS

    window = open_case
    n = CHUNK * 3 + 7  # the transcript is laid out in four chunks
    texts = [
        f"第{i}条：请转账到安全账户 👍" if i % 10 == 3 else f"message {i} ok" for i in range(n)
    ]
    _insert_chat(window.session.store, texts)
    window.session.facts_changed.emit()
    page = window.show_page("messages")
    settle(qtbot, window)
    qtbot.waitUntil(lambda: not page.filling, timeout=30000)
    want = sum(1 for t in texts if "账" in t) * 2  # 转账, 账户
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.find_edit.hasFocus()
    page.find_edit.setText("账")  # as typed (QTest types ASCII only): the search follows a pause
    qtbot.waitUntil(lambda: page.find_count.text() == f"1 of {want}", timeout=5000)
    assert len(page.view.extraSelections()) == min(want, MAX_HIGHLIGHTS)
    assert page.view.textCursor().selectedText() == "账"
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Return)
    assert page.find_count.text() == f"2 of {want}"
    page.find_prev.click()
    page.find_prev.click()
    assert page.find_count.text() == f"{want} of {want}"  # wraps round
    # the last match is in the last chunk, after emoji (two UTF-16 units each) before it
    assert page.view.textCursor().selectedText() == "账"
    assert f"第{max(i for i in range(n) if i % 10 == 3)}条" in page.view.textCursor().block().text()
    page.find_next.click()
    assert page.find_count.text() == f"1 of {want}"
    # a phrase, case-insensitive; the query's spaces match any run of spaces
    page.find_edit.setText("MESSAGE  11 OK")
    page.run_find()
    assert page.find_count.text() == "1 of 1"
    assert page.view.textCursor().selectedText() == "message 11 ok"
    page.find_edit.setText("不存在的词")
    page.run_find()
    assert page.find_count.text() == "No match" and page.view.extraSelections() == []
    qtbot.keyClick(page.find_edit, Qt.Key.Key_Escape)
    assert page.find_edit.text() == ""
    page.run_find()
    assert page.find_count.text() == "" and page.view.extraSelections() == []
    assert window.session.store.case_row()["timezone"] in page.zone_label.text()
