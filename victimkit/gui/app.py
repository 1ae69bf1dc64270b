"""The desktop app's entry point: QApplication, translations (ours and Qt's), the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from victimkit import __version__
from victimkit.i18n import current_language, set_language
from victimkit.paths import resource

APP_ID = "io.github.victimkit.Victimkit"

_qt_translators: list[QTranslator] = []


def install_qt_translations(app: QApplication, lang: str) -> bool:
    """Qt's own dialogs (file, print, message boxes) in Chinese: qtbase_zh_CN.qm from the wheel."""
    for t in _qt_translators:
        app.removeTranslator(t)
    _qt_translators.clear()
    if lang != "zh":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return False
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ok = False
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        t = QTranslator(app)
        if t.load(name, folder):
            app.installTranslator(t)
            _qt_translators.append(t)
            ok = True
    return ok


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("victimkit")
    app.setApplicationDisplayName("victimkit")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    icon = resource("icons", f"{APP_ID}.svg")
    if icon.is_file():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    use_cjk_font(app)
    return app


CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei")


def use_cjk_font(app: QApplication) -> None:
    """Simplified-Chinese glyphs (fontconfig otherwise often picks the Japanese variant).

    Only the family changes: the size stays the system's, so a larger system font is respected.
    """
    from PySide6.QtGui import QFontDatabase

    families = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in families:
            font = app.font()
            font.setFamilies([family, *font.families()])
            app.setFont(font)
            return


class App:
    """Owns the main window; rebuilds it in place when the language changes."""

    def __init__(self, app: QApplication, case_dir: Path | None, library: Path | None = None):
        self.app = app
        self.library = library
        self.window = None
        self._make_window(case_dir, restore=True)

    def _make_window(self, case_dir: Path | None, *, restore: bool, page: str | None = None):
        from victimkit.gui.main_window import MainWindow

        window = MainWindow(case_dir, library=self.library, restore=restore, page=page)
        window.language_changed.connect(self.switch_language)
        self.window = window
        return window

    def switch_language(self, lang: str) -> None:
        from victimkit.gui.main_window import settings

        old = self.window
        case_dir = old.session.case_dir if old.session is not None else old.opening
        page = None
        if old.session is not None and old.current_page() is not None:
            page = old.current_page().key
        geometry = old.saveGeometry()
        settings().setValue("language", lang)
        set_language(lang)
        install_qt_translations(self.app, lang)
        old.close()
        old.deleteLater()
        new = self._make_window(case_dir, restore=False, page=page)
        new.restoreGeometry(geometry)
        new.show()


def run_app(case_dir: Path | None) -> int:
    from victimkit.gui import backend, workers
    from victimkit.gui.main_window import settings

    backend.lean_process()  # no numpy in the GUI process (see import_store_modules)
    app = make_app()
    lang = settings().value("language", "") or None
    set_language(lang)
    install_qt_translations(app, current_language())
    holder = App(app, case_dir)
    holder.window.show()
    app._victimkit = holder  # keep it alive
    # a case still opening may be in its crash clean-up: let it finish before the process ends
    app.aboutToQuit.connect(lambda: workers.opener_pool().waitForDone(30000))
    QTimer.singleShot(0, lambda: start_preload(holder.window))
    return app.exec()


def warm_qt_enums() -> None:
    """PySide6 makes a Python enum of a Qt enum the first time it is used; QEvent.Type (some
    200 members) and QPalette's took ~30 ms of the GUI thread the first time a case opened.
    Made once the first window is up, on the GUI thread (made on two threads at once, an
    enum could exist twice), while nothing else is going on."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QPalette

    for enum_type in (
        QEvent.Type,
        QPalette.ColorRole,
        QPalette.ColorGroup,
        Qt.ItemDataRole,
        Qt.AlignmentFlag,
    ):
        len(enum_type.__members__)


PRELOAD_AFTER_OPEN_MS = 1500


def start_preload(window=None) -> None:
    """Once the first window is up: load what opening a case and its pages need on a thread
    (the store's modules, the guide's knowledge, the pages' and the analysis' modules), so that
    neither opening the first case nor showing a page the first time waits for them.

    When ``window`` is opening a case already (``victimkit gui DIR``, or the last case reopened),
    the opener loads what the opening needs itself: the preload would only compete with it for
    the interpreter lock while the GUI thread builds the case's view. It then starts once the
    case is open and its first page has had a moment to settle."""
    import threading

    from victimkit.gui import backend

    def work() -> None:
        backend.preload()
        from victimkit.gui.pages import page_classes

        page_classes()
        backend.preload_page_modules()

    def start() -> None:
        threading.Thread(target=work, name="preload", daemon=True).start()

    warm_qt_enums()
    if window is not None and getattr(window, "opening", None) is not None:
        fired = []

        def later(*_a) -> None:
            if not fired:
                fired.append(True)
                QTimer.singleShot(PRELOAD_AFTER_OPEN_MS, start)

        window.case_opened.connect(later)
        window.case_open_failed.connect(later)
        return
    start()


def main() -> None:
    sys.exit(run_app(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
