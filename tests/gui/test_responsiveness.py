"""What keeps the window responsive: work in the job process, reads off the GUI thread, images
decoded on workers, repaints only where something changed, a window that fits small screens."""

from __future__ import annotations

import os

import pytest

from tests.gui.conftest import add_and_wait, settle, wait_open

pytestmark = pytest.mark.gui


def test_jobs_run_in_another_process_with_progress_errors_and_cancel(qtbot):
    from victimkit.core.progress import CancelToken
    from victimkit.errors import Cancelled, EvidenceFileError
    from victimkit.gui import workers
    from victimkit.gui.jobhost import echo_job, job_host

    got = []
    value, pid = job_host().call(echo_job, "你好", steps=5, on_progress=got.append)
    assert value == "你好" and pid != os.getpid()
    assert [p.done for p in got] == [1, 2, 3, 4, 5]
    # an error comes back as itself, with its own attributes (EvidenceFileError(path, reason))
    with pytest.raises(EvidenceFileError) as info:
        job_host().call(echo_job, 1, fail="empty file")
    assert info.value.reason == "empty file" and "file.png" in info.value.message
    # Cancel reaches the child
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        job_host().call(echo_job, 1, steps=100, cancel=token)
    # the same through a worker, as the pages use it: signals on the GUI thread
    results = []
    worker = workers.run_in_process(echo_job, 7, steps=3, on_finished=results.append)
    with qtbot.waitSignal(worker.signals.done, timeout=60000):
        pass
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results[0][0] == 7


def test_import_runs_in_the_job_process_and_the_gallery_fills(qtbot, open_case, shot):
    from victimkit.gui.jobhost import job_host

    window = open_case
    report = add_and_wait(qtbot, window, [shot(), shot(["第二张"])], ocr=False)
    assert len(report.new_ids) == 2
    assert job_host().running() and job_host().proc.pid != os.getpid()
    page = window.pages["collect_evidence"]
    assert page.model.rowCount() == 2
    assert not page.empty_hint.isVisibleTo(page)


def test_gallery_repaints_only_rows_whose_state_changed(qtbot, open_case, shot):
    from victimkit.gui.models import STATE_ROLE

    window = open_case
    add_and_wait(qtbot, window, [shot(), shot(["二"]), shot(["三"])], ocr=False)
    model = window.pages["collect_evidence"].model
    changed = []
    model.dataChanged.connect(lambda a, b, roles: changed.append((a.row(), b.row())))
    model.apply(([], set(model.ocr_done)))  # nothing new
    assert changed == []
    model.apply(([], {model.items[1].id}))  # the second item's text was read
    assert changed == [(1, 1)]
    assert model.index(1).data(STATE_ROLE) == "done"


def test_reads_are_coalesced_and_dropped_after_close(qtbot, open_case):
    window = open_case
    session = window.session
    seen = []
    for n in range(5):
        session.load("probe", lambda store, n=n: n, on_done=seen.append)
    settle(qtbot, window)
    assert seen[-1] == 4 and len(seen) <= 2  # the first in flight, then only the newest
    session.load("probe", lambda store: "late", on_done=seen.append)
    window.show_case_list()  # closes the case at once: reads are not work to wait for
    assert window.session is None
    qtbot.wait(300)
    assert "late" not in seen


def test_viewer_decodes_large_images_off_the_gui_thread_scaled(qtbot, tmp_path):
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QImage

    from victimkit.gui.models import read_image
    from victimkit.gui.widgets import ImageView

    big = QImage(6000, 3000, QImage.Format.Format_RGB32)
    big.fill(QColor("#336699"))
    path = tmp_path / "big.png"
    assert big.save(str(path))
    image, scale = read_image(path, QSize(4096, 4096))
    assert (image.width(), image.height()) == (4096, 2048)
    assert scale == pytest.approx(6000 / 4096)
    view = ImageView()
    qtbot.addWidget(view)
    view.set_image(None, image=image, scale=scale)
    view.set_boxes([(1, (5000, 2000, 5900, 2900))])  # boxes are in the original's pixels
    rect = view.scene().sceneRect()
    assert rect.width() == pytest.approx(6000, abs=1) and rect.height() == pytest.approx(
        3000, abs=1
    )
    assert rect.contains(view.boxes[1].rect())


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_the_window_fits_small_screens_on_every_page(qtbot, library, scale):
    """1280×800 and 1366×768 (with a panel and the title bar): no page may force the window
    taller or wider, also with a larger system font; long pages scroll instead."""
    from PySide6.QtWidgets import QApplication

    from victimkit.gui.main_window import FRAME_ALLOWANCE, SIDEBAR, MainWindow, initial_size

    app = QApplication.instance()
    font = app.font()
    bigger = app.font()
    bigger.setPointSizeF(font.pointSizeF() * scale)
    app.setFont(bigger)
    try:
        window = MainWindow(None, library=library, restore=False)
        window.keep_app = True
        qtbot.addWidget(window)
        window.show()
        window.case_list.create_case(
            title="小屏幕", victim_name="张三", contact="", country="CN", lang_="zh"
        )
        wait_open(window)
        for key, _label, _step in SIDEBAR:
            window.show_page(key)
            qtbot.wait(10)
            need = window.minimumSizeHint()
            for screen_w, screen_h in ((1280, 800), (1366, 768)):
                room_w = screen_w - FRAME_ALLOWANCE.width()
                room_h = screen_h - 32 - FRAME_ALLOWANCE.height()  # a 32-px panel
                assert need.width() <= room_w and need.height() <= room_h, (key, need)
        # nor wider: at 1280×800 no page needs a horizontal scroll bar (text wraps instead)
        window.resize(1280 - FRAME_ALLOWANCE.width(), 800 - 32 - FRAME_ALLOWANCE.height())
        for key, _label, _step in SIDEBAR:
            page = window.show_page(key)
            qtbot.wait(10)
            inner = page.scroll_area.widget().minimumSizeHint().width()
            assert inner <= page.scroll_area.viewport().width(), (key, inner)
        screen = QApplication.primaryScreen().availableGeometry().size()
        size = initial_size()
        assert size.width() <= screen.width() and size.height() <= screen.height()
        window.close()
    finally:
        app.setFont(font)


def test_every_identifier_kind_has_a_translated_name():
    """The identifiers page never shows a raw kind such as ``payee_name`` or ``card_tail``."""
    from victimkit.analysis.identifiers import INDEX_KINDS
    from victimkit.gui.pages.identifiers import KINDS

    assert set(INDEX_KINDS) <= set(KINDS)
