"""Switching cases without waiting, locked cases, the viewer's entities and notes, time limits,
US/UK form drafts and identifier roles — on real cases, with real workers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.gui.conftest import add_and_wait, settle
from tests.gui.test_pages import _fake_ocr_rows

pytestmark = pytest.mark.gui


def _entity(evidence_id, line_id, result_id, kind, value, box, role="unknown"):
    x0, y0, x1, y1 = box
    return {
        "evidence_id": evidence_id,
        "source": "ocr_line",
        "source_id": line_id,
        "ocr_result_id": result_id,
        "kind": kind,
        "value": value,
        "text": value,
        "start": 0,
        "end": len(value),
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "confidence": 0.9,
        "valid": None,
        "sensitive": 0,
        "role": role,
        "extra": "{}",
    }


def test_switching_cases_does_not_wait_for_the_running_job(qtbot, open_case, shot):
    from victimkit.gui import workers

    window = open_case
    page = window.show_page("collect_evidence")
    window.session.auto_read = False
    paths = [shot([f"第{n}张"], name=f"s{n}.png") for n in range(30)]
    worker = page.add_paths(paths)
    assert worker in workers.running_workers()
    window.show_case_list()  # returns at once: the import is asked to stop
    assert window.session is not None  # still there until the worker says it stopped
    assert window.finishing
    assert not window.case_view.isEnabled()
    assert window.finishing_action.isVisible()
    qtbot.waitUntil(lambda: window.session is None, timeout=60000)
    assert window.stack.currentWidget() is window.case_list
    assert not window.finishing_action.isVisible()


def test_lock_a_case_and_open_it_with_its_passcode(qtbot, open_case, library):
    window = open_case
    case_dir = window.session.case_dir
    case_id = window.session.info.id
    window.close_case(then=lambda: window._lock_closed(case_dir, "correct horse"))
    qtbot.waitUntil(lambda: window.lock_worker is None and not case_dir.exists(), timeout=60000)
    locked = case_dir.with_name(case_dir.name + ".vkcase")
    assert locked.is_file()
    cl = window.case_list
    cl.reload()
    entry = cl.selected_entry()
    assert entry.locked and entry.path == locked
    assert not cl.erase_button.isEnabled() and not cl.handover_button.isEnabled()
    # a wrong passcode: a calm message, asked again, nothing changed
    cl.ask_again.disconnect()
    asked = []
    cl.ask_again.connect(lambda path, problem: asked.append((path, problem)))
    before = locked.read_bytes()
    w = cl.start_unlock(locked, "wrong passcode")
    with qtbot.waitSignal(w.signals.done, timeout=60000):
        pass
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    assert asked[0][0] == locked
    assert locked.read_bytes() == before and not case_dir.exists()
    # the right one opens the case in the window
    w = cl.start_unlock(locked, "correct horse")
    with qtbot.waitSignal(w.signals.done, timeout=60000):
        pass
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    assert window.session.info.id == case_id
    assert not locked.exists()


def test_viewer_highlights_entities_and_keeps_caption_and_category(qtbot, open_case, shot):
    window = open_case
    add_and_wait(qtbot, window, [shot()], ocr=False)
    store = window.session.store
    line_ids = _fake_ocr_rows(store, 1)
    rid = store.db["ocr_lines"].get(line_ids[1])["ocr_result_id"]
    store.insert(
        "entities",
        [
            _entity(1, line_ids[1], rid, "amount", "1130.00", (200, 250, 420, 300)),
            _entity(1, line_ids[0], rid, "phone", "13800138000", (300, 160, 600, 210)),
        ],
        action="entities_found",
    )
    page = window.show_page("evidence_viewer", evidence_id=1)
    with qtbot.waitSignal(page.shown, timeout=30000):
        page.show_evidence(1)
    assert len(page.view.marks) == 2
    assert "1130.00" in page.found.text() and "13800138000" in page.found.text()
    page.caption_edit.setText("假客服要求转账")
    page._save_caption()
    page.category_box.setCurrentIndex(page.category_box.findData("payment"))
    page._save_category()
    ev = store.current_rows("evidence", "id = ?", [1])[0]
    assert ev["caption"] == "假客服要求转账" and ev["category"] == "payment"
    assert "caption" in ev["_corrected"]
    page._save_caption()  # unchanged: nothing new written
    assert len(store.current_rows("corrections", "table_name = 'evidence'")) == 2
    with qtbot.waitSignal(page.shown, timeout=30000):
        page.show_evidence(1)
    assert page.caption_edit.text() == "假客服要求转账"


def test_time_limits_on_stay_calm_and_under_the_steps(qtbot, open_case):
    window = open_case
    store = window.session.store
    paid = datetime.now(UTC) - timedelta(hours=2)
    store.insert(
        "transactions",
        [
            {
                "evidence_id": None,
                "occurred_at": paid.isoformat(),
                "amount": "-500",
                "currency": "CNY",
                "direction": "out",
                "is_loss": 1,
                "fields": "{}",
                "origin": "person",
            }
        ],
        action="transaction_added_by_person",
    )
    window.session.facts_changed.emit()
    page = window.show_page("stay_calm")
    settle(qtbot, window)  # the time limits are read on the reader thread
    assert page.deadlines.isVisibleTo(page)
    text = page.deadlines_text.text()
    assert "21 h" in text or "22 h" in text  # 24 h from the first payment
    assert window.deadline_label.isVisibleTo(window)
    assert " h " in window.deadline_label.text()


def test_us_cases_get_the_ic3_and_ftc_form_drafts(qtbot, open_case):
    window = open_case
    page = window.show_page("third_party")
    page.refresh()
    assert page.forms == []
    window.session.update_case(country="US")
    page.refresh()
    assert [c.kind for c in page.forms] == ["ic3", "ftc"]
    assert page.forms[0].text.toPlainText().strip()
    window.session.update_case(country="UK")
    page.refresh()
    assert [c.kind for c in page.forms] == ["reportfraud"]


def test_a_person_sets_whose_identifier_it_is(qtbot, open_case, shot):
    from victimkit.analysis.identifiers import identifiers_json

    window = open_case
    add_and_wait(qtbot, window, [shot()], ocr=False)
    store = window.session.store
    line_ids = _fake_ocr_rows(store, 1)
    rid = store.db["ocr_lines"].get(line_ids[0])["ocr_result_id"]
    store.insert(
        "entities",
        [_entity(1, line_ids[0], rid, "phone", "13800138000", (0, 0, 10, 10))],
        action="entities_found",
    )
    page = window.show_page("identifiers")
    page.refresh()
    row = next(n for n, r in enumerate(page.model.rows) if r["value"] == "13800138000")
    page.table.selectRow(row)
    assert page.role_buttons["suspect"].isEnabled()
    page.role_buttons["suspect"].click()
    got = {(e["kind"], e["value"]): e["role"] for e in identifiers_json(store)}
    assert got[("phone", "13800138000")] == "suspect"


def test_models_do_not_drain_the_reference_count_of_none(qapp):
    """PySide6 6.12.0 on Python 3.11 took a reference to None per data() call that returned
    None; the app aborted after a few minutes of a busy gallery. The models give it back."""
    import sys

    from PySide6.QtCore import Qt

    from victimkit.gui.models import Column, RecordsModel

    model = RecordsModel([Column("a", "A")])
    model.set_rows([{"id": 1, "a": "x"}])
    index = model.index(0, 1)
    before = sys.getrefcount(None)
    for _ in range(20000):
        index.data(Qt.ItemDataRole.DecorationRole)
        model.headerData(0, Qt.Orientation.Vertical)
    assert sys.getrefcount(None) >= before - 1000


def test_signals_do_not_drain_the_reference_count_of_true(qapp):
    """PySide6 6.12.0 (excluded in pyproject) dropped a reference to True per emit() on
    Python 3.11: the app aborted ("deallocating True") after a few minutes of OCR."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        fired = Signal(object)

    e = Emitter()
    e.fired.connect(lambda _v: None)
    before = sys.getrefcount(True)
    for n in range(5000):
        e.fired.emit(n)
    assert sys.getrefcount(True) >= before - 100


@pytest.fixture
def new_york_machine(monkeypatch):
    """The machine's zone is America/New_York (a volunteer's laptop abroad), not the case's."""
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_times_are_shown_and_typed_in_the_cases_zone_not_the_machines(
    qtbot, window, library, new_york_machine
):
    """A case in Asia/Shanghai on a machine in New York: the transcript, the timeline, the
    payments and the contact log show and take the case's wall-clock times (22:50 in Shanghai is
    09:50 or 10:50 in New York), and the forms say which zone a typed time is in."""
    from PySide6.QtCore import QDate

    from tests.gui.conftest import wait_open
    from victimkit.gui.pages.transactions import AddTransactionDialog
    from victimkit.store.case import CaseStore

    assert datetime(2024, 10, 14, 12).astimezone().utcoffset() == timedelta(hours=-4)
    folder = library / "shanghai"
    with CaseStore.create(
        folder,
        title="时区",
        victim_name="张三",
        victim_contact="",
        lang="zh",
        country="CN",
        timezone="Asia/Shanghai",
    ) as store:
        store.insert(
            "messages",
            [
                {
                    "evidence_id": None,
                    "seq": 0,
                    "sender": "客服",
                    "sent_at": "2024-10-14T14:50:00Z",  # 22:50 in Shanghai, 10:50 in New York
                    "timezone": "Asia/Shanghai",
                    "text": "您好，我是官方客服",
                    "direction": "incoming",
                    "is_system": 0,
                    "source_ref": "test",
                    "origin": "person",
                }
            ],
            action="messages_added",
        )
        store.insert(
            "transactions",
            [
                {
                    "evidence_id": None,
                    "occurred_at": "2024-10-14T15:35:00Z",  # 23:35 in Shanghai
                    "amount": "-5000",
                    "currency": "CNY",
                    "direction": "out",
                    "is_loss": 1,
                    "fields": "{}",
                    "origin": "person",
                }
            ],
            action="transaction_added_by_person",
        )
    window.open_case(folder)
    session = wait_open(window)
    settle(qtbot, window)

    page = window.show_page("messages")
    qtbot.waitUntil(lambda: "官方客服" in page.view.toPlainText(), timeout=30000)
    text = page.view.toPlainText()
    assert "2024-10-14 22:50" in text and "10:50" not in text

    payments = window.show_page("transactions")
    settle(qtbot, window)
    col = 1 + [c.key for c in payments.model.columns].index("occurred_at")
    assert payments.model.index(0, col).data() == "2024-10-14 23:35"

    timeline = window.show_page("timeline")
    settle(qtbot, window)
    shown = [timeline.model.index(r, 0).data() for r in range(timeline.model.rowCount())]
    assert "2024-10-14 23:35" in shown and "2024-10-14 11:35" not in shown
    assert "Asia/Shanghai" in timeline.zone_label.text()
    assert "Asia/Shanghai" in page.zone_label.text()

    # a typed time is the case's wall-clock time, and the form says so
    dlg = AddTransactionDialog(payments)
    labels = [w.text() for w in dlg.findChildren(type(dlg.layout().labelForField(dlg.when)))]
    assert any("Asia/Shanghai" in t for t in labels)
    now_there = datetime.now(UTC).astimezone(datetime_zone("Asia/Shanghai"))
    assert dlg.when.text()[:13] in {
        now_there.strftime("%Y-%m-%d %H"),
        (now_there - timedelta(minutes=1)).strftime("%Y-%m-%d %H"),
    }
    dlg.when.setText("2024-10-14 23:40")
    dlg.amount.setText("8000")
    assert dlg.row()["occurred_at"].startswith("2024-10-14T15:40:00")
    dlg.deleteLater()

    # the contact log: the day is the case's day, shown as the case's day
    contact = window.show_page("contact_platform")
    assert "Asia/Shanghai" in contact.log.date_label.text()
    contact.log.date.setDate(QDate(2024, 10, 15))
    contact.log.channel.setText("App 内举报")
    contact.log.save()
    from victimkit.guide.steps import actions

    (entry,) = [a for a in actions(session.store) if a["kind"] == "platform_report"]
    assert entry["occurred_at"].startswith("2024-10-15T04:00:00")  # noon in Shanghai
    assert "2024-10-15" in contact.log.entries.text()


def datetime_zone(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
