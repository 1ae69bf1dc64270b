"""The app's window is a real PySide6 window showing the open case."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_window_shows_the_open_case(qtbot, store, shot, case_dir):
    from victimkit.gui.app import MainWindow
    from victimkit.intake.files import import_files

    import_files(store, [shot(), shot(["第二张"])])
    store.close()
    window = MainWindow(case_dir)
    qtbot.addWidget(window)
    window.show()
    assert "victimkit" in window.windowTitle()
    assert "测试案件" in window.windowTitle()
    assert window.gallery.count() == 2
    assert window.gallery.item(0).text().startswith("E-001")
    assert not window.gallery.item(0).icon().isNull()


def test_window_without_case_says_what_to_do(qtbot):
    from victimkit.gui.app import MainWindow

    window = MainWindow(None)
    qtbot.addWidget(window)
    assert "victimkit" in window.windowTitle()
    assert "Open case" in window.heading.text()
