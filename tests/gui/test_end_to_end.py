"""From "I was scammed" to a PDF: create a case, add the demo screenshots, wait for OCR,
confirm a transaction, export the dossier — all through the window."""

from __future__ import annotations

import subprocess

import pytest

from tests.gui.conftest import add_and_wait, wait_open

pytestmark = [pytest.mark.gui, pytest.mark.slow, pytest.mark.ocr]


def test_demo_case_end_to_end(qtbot, window, library, tmp_path):
    from PySide6.QtCore import Qt

    from victimkit.gui import backend
    from victimkit.gui.demo import demo_screenshots

    if not (backend.ocr_available() and backend.dossier_available()):
        pytest.skip("needs the OCR and dossier capabilities")
    window.case_list.create_case(
        title="冒充客服", victim_name="王小梅", contact="", country="CN", lang_="zh"
    )
    wait_open(window)
    report = add_and_wait(qtbot, window, demo_screenshots(), ocr=True)
    assert len(report.new_ids) == 6
    store = window.session.store
    assert backend.ocr_done_ids(store) >= set(report.new_ids)
    gallery = window.pages["collect_evidence"].model
    assert gallery.rowCount() == 6
    assert {gallery.state(it) for it in gallery.items} <= {"done", "problem"}
    page = window.show_page("transactions")
    page.refresh()
    assert page.model.rowCount() >= 1
    accounts = {
        page.model.row_dict(r).get("payee_account", "").replace(" ", "")
        for r in range(page.model.rowCount())
    }
    assert "6222021234567890123" in accounts
    page.model.setData(
        page.model.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    tid = page.model.row_dict(0)["id"]
    assert store.current_value("transactions", tid, "confirmed") is True
    police = window.show_page("report_police")
    police.refresh()
    worker = police.export_pdf()
    with qtbot.waitSignal(worker.signals.done, timeout=300000):
        pass
    qtbot.waitUntil(lambda: police.worker is None, timeout=60000)
    text = subprocess.run(
        ["pdftotext", str(police.pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout.replace(" ", "")
    assert "6222021234567890123" in text
    assert police.preview.count() >= 2
