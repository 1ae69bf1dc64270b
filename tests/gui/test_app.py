"""The main window: opens a case given on the command line, or shows the case library."""

from __future__ import annotations

import pytest

from tests.gui.conftest import wait_open

pytestmark = pytest.mark.gui


def test_window_shows_the_open_case(qtbot, store, shot, case_dir):
    from victimkit.gui.main_window import MainWindow
    from victimkit.gui.models import STATE_ROLE
    from victimkit.intake.files import import_files

    import_files(store, [shot(), shot(["第二张"])])
    store.close()
    window = MainWindow(case_dir, restore=False)
    qtbot.addWidget(window)
    window.show()
    wait_open(window)
    assert "victimkit" in window.windowTitle()
    assert "测试案件" in window.windowTitle()
    page = window.show_page("collect_evidence")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=30000)  # read off the GUI thread
    first = page.model.index(0)
    assert first.data().startswith("E-001")
    assert first.data(STATE_ROLE) in ("stored", "done")
    # thumbnails load off the GUI thread and then replace the placeholder
    qtbot.waitUntil(lambda: page.model.cache.pixmaps.get(1) is not None, timeout=10000)
    assert not page.model.cache.pixmaps[1].isNull()
    window.close()


def test_window_without_case_shows_the_library(window):
    assert "victimkit" in window.windowTitle()
    assert window.stack.currentWidget() is window.case_list
    assert window.case_list.empty.isVisibleTo(window)
    assert window.case_list.new_button.isEnabled()


def test_quick_exit_hides_the_window_at_once(qtbot, open_case):
    window = open_case
    with qtbot.waitSignal(window.quick_exited, timeout=2000):
        window.exit_button.click()
    assert not window.isVisible()


def test_quick_exit_shortcut(qtbot, open_case):
    from PySide6.QtCore import Qt

    window = open_case
    window.activateWindow()
    with qtbot.waitSignal(window.quick_exited, timeout=2000):
        qtbot.keyClick(window.sidebar, Qt.Key.Key_F12)
    assert not window.isVisible()


def test_reopens_where_the_person_left_off(qtbot, open_case, library):
    from victimkit.gui.main_window import MainWindow

    window = open_case
    window.show_page("transactions")
    case_dir = window.session.case_dir
    window.close()
    again = MainWindow(None, library=library, restore=True)
    qtbot.addWidget(again)
    wait_open(again)
    assert again.session.case_dir == case_dir
    assert again.current_page().key == "transactions"
    again.close()


def test_language_switch_rebuilds_the_window_in_chinese(qtbot, open_case, library, request):
    from victimkit.gui.app import App

    window = open_case
    window.show_page("report_police")
    from PySide6.QtWidgets import QApplication

    holder = App.__new__(App)
    holder.app = QApplication.instance()
    holder.library = library
    holder.window = window
    holder.switch_language("zh")
    try:
        new = holder.window  # deleted by the switch back below
        new.keep_app = True
        assert new is not window
        wait_open(new)
        assert new.current_page().key == "report_police"
        assert new.exit_button.text() != "Quick exit (F12)"  # translated
        assert "报警" in new.sidebar.item(9).text()
    finally:
        from victimkit.i18n import set_language

        holder.switch_language("en")
        holder.window.close()  # while it opens the case again: dropped safely
        set_language("en")
        # the switch deleted the fixture's window: pytest-qt must not close it again
        import shiboken6

        request.node.qt_widgets = [
            (ref, f)
            for ref, f in getattr(request.node, "qt_widgets", [])
            if ref() is not None and shiboken6.isValid(ref())
        ]


def test_step_status_is_kept_in_the_case(qtbot, open_case):
    from victimkit.guide.steps import step_states

    window = open_case
    page = window.show_page("legal_advice")
    page.done_button.click()
    states = {s.id: s.status for s in step_states(window.session.store)}
    assert states["legal_advice"] == "done"
    assert window.sidebar.item(8).text().startswith("✔")


def test_the_app_has_its_icon(qtbot):
    from victimkit.gui.app import make_app

    app = make_app()
    assert not app.windowIcon().isNull()
