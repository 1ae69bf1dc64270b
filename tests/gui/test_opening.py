"""Opening a case: the store is opened on the opener thread while the window says so calmly;
errors are shown as before; going back or switching case meanwhile is safe."""

from __future__ import annotations

import fcntl
import os
import re
from pathlib import Path

import pytest

from tests.gui.conftest import wait_open

pytestmark = pytest.mark.gui


def _make_case(library: Path, title: str) -> Path:
    from victimkit.gui import backend

    return backend.create_case(
        backend.new_case_folder(library),
        title=title,
        victim_name="张三",
        contact="",
        lang_="zh",
        country="CN",
    )


def _nobody_writes(case_dir: Path) -> bool:
    """True when no store (in this process or another) holds the case open for writing."""
    from victimkit.store.case import CaseStore

    with CaseStore.open(case_dir) as store:
        # the writer lock is exclusive only when no other store is open
        return store._lock is not None and store._lock.sole_writer


def _message_boxes():
    from PySide6.QtWidgets import QApplication, QMessageBox

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]


def test_the_window_says_it_is_opening_then_shows_the_case(qtbot, window, library):
    case_dir = _make_case(library, "慢慢打开")
    # another writer cleaning up holds the case's lock: the opener waits for it (as it would
    # for a slow disk), so the opening state lasts as long as this test needs
    held = os.open(case_dir / "case.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        window.open_case(case_dir)
        _check_opening_state(qtbot, window, case_dir)
    finally:
        os.close(held)
    with qtbot.waitSignal(window.case_opened, timeout=30000) as blocker:
        pass
    assert blocker.args == [case_dir]
    assert window.session is not None and window.session.case_dir == case_dir
    assert window.opening is None and window.opening_view is None
    assert window.stack.currentWidget() is window.case_view
    assert window.current_page() is not None
    assert "慢慢打开" in window.windowTitle()
    # the store handed over from the opener thread is usable here (a small write)
    window.session.update_case(country="US")
    assert window.session.row["country"] == "US"


def _check_opening_state(qtbot, window, case_dir):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    # until the opener hands the store over: a calm line, no case, no page reading a store
    assert window.opening == case_dir
    assert window.session is None
    assert window.stack.currentWidget() is window.opening_view
    assert window.opening_view.label.text() == "Opening the case…"
    assert window.statusBar().currentMessage() == "Opening the case…"
    assert window.pages == {} and window.current_page() is None
    assert not window.case_list.isEnabled()
    view = window.opening_view
    qtbot.waitUntil(lambda: view.label.isVisible() and view.bar.isVisible(), timeout=5000)
    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # nothing to jump to
    assert window.session is None and window.opening == case_dir


def test_the_opening_state_is_translated(qtbot, window, library):
    from victimkit.i18n import _, set_language

    set_language("zh")
    try:
        assert _("Opening the case…") != "Opening the case…"
        assert _("Everything in it is safe. This takes a moment with many items.") != (
            "Everything in it is safe. This takes a moment with many items."
        )
    finally:
        set_language("en")


def test_a_folder_that_is_not_a_case_shows_the_clear_message(qtbot, window, tmp_path):
    folder = tmp_path / "not-a-case"
    folder.mkdir()
    with qtbot.waitSignal(window.case_open_failed, timeout=30000) as blocker:
        window.open_case(folder)
    path, message = blocker.args
    assert path == folder
    assert "is not a victimkit case" in message
    assert window.session is None and window.opening is None
    assert window.stack.currentWidget() is window.case_list
    assert window.case_list.isEnabled()
    assert window.statusBar().currentMessage() == message
    boxes = [b for b in _message_boxes() if message in b.text()]
    assert boxes and "That did not work" in boxes[-1].text()
    for b in boxes:
        b.close()


def test_a_damaged_case_shows_a_calm_message_in_chinese(qtbot, window, tmp_path):
    from victimkit.i18n import set_language

    folder = tmp_path / "damaged"
    folder.mkdir()
    (folder / "case.sqlite").write_bytes(b"this is not a database" * 100)
    set_language("zh")
    try:
        with qtbot.waitSignal(window.case_open_failed, timeout=30000) as blocker:
            window.open_case(folder)
    finally:
        set_language("en")
    _path, message = blocker.args
    assert "损坏" in message  # "damaged", translated
    assert window.session is None and window.stack.currentWidget() is window.case_list
    boxes = [b for b in _message_boxes() if message in b.text()]
    assert boxes and "没有成功" in boxes[-1].text()
    for b in boxes:
        b.close()


def test_going_back_while_a_case_opens_closes_its_store(qtbot, window, library):
    from victimkit.gui import workers

    case_dir = _make_case(library, "打开一半")
    opened = []
    window.case_opened.connect(opened.append)
    window.open_case(case_dir)
    window.show_case_list()  # at once, before the opener is done
    assert window.opening is None and window.session is None
    assert window.stack.currentWidget() is window.case_list
    assert window.case_list.isEnabled()
    assert workers.wait_for_workers(30000)
    qtbot.wait(50)  # the opener's result arrives, is not wanted, and is closed
    assert not opened and window.session is None
    assert _nobody_writes(case_dir)


def test_switching_case_while_one_opens_opens_the_last_one(qtbot, window, library):
    from victimkit.gui import workers

    first = _make_case(library, "第一个")
    second = _make_case(library, "第二个")
    window.open_case(first)
    window.open_case(second)
    session = wait_open(window)
    assert session.case_dir == second
    assert workers.wait_for_workers(30000)
    qtbot.wait(50)
    assert window.session is session  # the first one's late result changed nothing
    assert _nobody_writes(first)
    # and from an open case to another: closes the first, opens the second
    window.open_case(first)
    qtbot.waitUntil(lambda: window.session is not None and window.session.case_dir == first)
    assert _nobody_writes(second)


def test_closing_the_window_while_a_case_opens_is_safe(qtbot, library):
    from victimkit.gui import workers
    from victimkit.gui.main_window import MainWindow

    case_dir = _make_case(library, "马上关掉")
    w = MainWindow(case_dir, library=library, restore=False)  # `victimkit gui DIR`
    w.keep_app = True
    qtbot.addWidget(w)
    w.show()
    assert w.opening == case_dir
    w.close()
    assert workers.wait_for_workers(30000)
    qtbot.wait(50)
    assert w.session is None
    assert _nobody_writes(case_dir)


def test_a_long_chat_is_shown_whole_a_chunk_at_a_time(qtbot, open_case, tmp_path):
    from tests.gui.conftest import add_and_wait, settle
    from victimkit.gui.pages.messages import CHUNK

    n = CHUNK * 2 + 20
    lines = ["01/01/23, 08:00 - Messages and calls are end-to-end encrypted."]
    for i in range(1, n):
        who = "Kevin Trader" if i % 2 else "Mary Jones"
        lines.append(f"01/01/23, {8 + i // 60:02d}:{i % 60:02d} - {who}: message number {i}")
    chat = tmp_path / "WhatsApp Chat with Kevin Trader.txt"
    chat.write_text("\n".join(lines) + "\n", encoding="utf-8")
    window = open_case
    add_and_wait(qtbot, window, [chat], ocr=False)
    stored = window.session.store.db.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
    if stored < n - 1:
        pytest.skip("the WhatsApp export reader is not there")
    page = window.show_page("messages")
    qtbot.waitUntil(lambda: "message number 1" in page.view.toPlainText(), timeout=30000)
    qtbot.waitUntil(lambda: not page.filling, timeout=30000)
    settle(qtbot, window)
    text = page.view.toPlainText()
    assert f"message number {n - 1}" in text
    numbers = [int(m) for m in re.findall(r"message number (\d+)", text)]
    assert numbers == list(range(1, n))  # every message, once, in order


def _preload_threads() -> list:
    import threading

    return [t for t in threading.enumerate() if t.name == "preload"]


def test_the_preload_waits_for_a_case_opening_at_start(qtbot, window, library, monkeypatch):
    """`victimkit gui DIR`: the opener loads what the opening needs; the preload (which would
    compete with it for the interpreter lock) starts only once the case is open."""
    from victimkit.gui import app as app_mod
    from victimkit.gui import backend

    monkeypatch.setattr(app_mod, "PRELOAD_AFTER_OPEN_MS", 0)
    ran = []
    real = backend.preload_page_modules

    def recorded() -> None:  # the real preload, noting when it ran
        ran.append(window.session is not None)
        real()

    monkeypatch.setattr(backend, "preload_page_modules", recorded)
    case_dir = _make_case(library, "先打开")
    held = os.open(case_dir / "case.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        window.open_case(case_dir)
        assert window.opening == case_dir
        app_mod.start_preload(window)
        qtbot.wait(200)
        assert not _preload_threads() and not ran
    finally:
        os.close(held)
    with qtbot.waitSignal(window.case_opened, timeout=30000):
        pass
    qtbot.waitUntil(lambda: bool(ran), timeout=30000)
    qtbot.waitUntil(lambda: not _preload_threads(), timeout=60000)
    assert ran == [True]  # once, after the case was open


def test_the_preload_starts_at_once_without_a_case_opening(qtbot, window, monkeypatch):
    from victimkit.gui import app as app_mod
    from victimkit.gui import backend

    ran = []
    real = backend.preload_page_modules
    monkeypatch.setattr(backend, "preload_page_modules", lambda: (ran.append(1), real()))
    assert window.opening is None
    app_mod.start_preload(window)
    qtbot.waitUntil(lambda: bool(ran), timeout=30000)
    qtbot.waitUntil(lambda: not _preload_threads(), timeout=60000)


def test_the_gui_process_imports_sqlite_utils_without_numpy():
    """sqlite-utils imports numpy whenever it can; the GUI process does not need it (0.2 s
    holding the interpreter lock): ``import_store_modules`` keeps it out, and a case opens."""
    import subprocess
    import sys

    code = (
        "import sys; from victimkit.gui import backend; backend.lean_process(); "
        "backend.import_store_modules(); "
        "import sqlite_utils.db as d; print(d.np is None, 'numpy' in sys.modules); "
        "import numpy; print('numpy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", "False", "True"]


def test_other_processes_keep_sqlite_utils_numpy_support():
    """Tests, scripts and the job child store numpy values: only the app's process is lean."""
    import subprocess
    import sys

    code = (
        "import sys; from victimkit.gui import backend; backend.import_store_modules(); "
        "import sqlite_utils.db as d; print(d.np is not None)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True"]
