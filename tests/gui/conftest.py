"""GUI fixtures: an isolated settings/case library, a window, and a check that no worker leaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from victimkit.i18n import set_language


@pytest.fixture(autouse=True)
def gui_home(tmp_path: Path, monkeypatch) -> Path:
    home = tmp_path / "vkhome"
    monkeypatch.setenv("VICTIMKIT_HOME", str(home))
    set_language("en")
    yield home
    set_language("en")


@pytest.fixture(autouse=True)
def no_leaked_workers(qapp):
    yield
    from victimkit.gui import workers

    workers.cancel_all()
    assert workers.wait_for_workers(60000), "a worker did not finish"
    qapp.processEvents()
    assert not workers.running_workers(), "a worker was left running"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    lib = tmp_path / "library"
    lib.mkdir()
    return lib


@pytest.fixture
def window(qtbot, library):
    from victimkit.gui.main_window import MainWindow

    w = MainWindow(None, library=library, restore=False)
    w.keep_app = True
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    import shiboken6

    if shiboken6.isValid(w):  # a language switch replaces (and deletes) the window
        w.close()


@pytest.fixture
def open_case(window, library):
    """A new, empty case opened in the window."""
    window.case_list.create_case(
        title="测试案件", victim_name="张三", contact="", country="CN", lang_="zh"
    )
    wait_open(window)
    return window


def wait_open(window, timeout: int = 30000):
    """Wait until the case being opened (on the opener thread) is open in the window."""
    from pytestqt.qtbot import QtBot

    QtBot(window).waitUntil(lambda: window.session is not None, timeout=timeout)
    assert window.opening is None
    return window.session


def add_and_wait(qtbot, window, paths, *, ocr: bool = True):
    """Add files through the Collect evidence page and wait for the import (and OCR) to finish."""
    from victimkit.gui import backend

    page = window.show_page("collect_evidence")
    session = window.session
    session.auto_read = ocr
    with qtbot.waitSignal(session.import_finished, timeout=60000) as blocker:
        page.add_paths([Path(p) for p in paths])
    report = blocker.args[0]
    if ocr and backend.ocr_available() and any(i.kind == "image" for i in report.items):
        qtbot.waitUntil(lambda: not session.busy, timeout=300000)
    settle(qtbot, window)
    return report


def settle(qtbot, window):
    """Wait until the pages' reads (done on the reader thread) have been handed over."""
    qtbot.waitUntil(lambda: not window.session.loading, timeout=30000)
