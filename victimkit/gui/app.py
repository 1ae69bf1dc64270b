"""The desktop app's entry point. (A minimal window until the GUI issue lands.)"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from victimkit import __version__
from victimkit.i18n import _, set_language

APP_ID = "io.github.victimkit.Victimkit"


class MainWindow(QMainWindow):
    def __init__(self, case_dir: Path | None = None):
        super().__init__()
        self.case_dir: Path | None = None
        self.setWindowTitle("victimkit")
        self.resize(960, 680)
        central = QWidget()
        layout = QVBoxLayout(central)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.gallery = QListWidget()
        self.gallery.setViewMode(QListWidget.ViewMode.IconMode)
        self.gallery.setIconSize(QSize(120, 200))
        self.gallery.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.gallery.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.gallery, 1)
        self.setCentralWidget(central)
        menu = self.menuBar().addMenu(_("&Case"))
        menu.addAction(_("&Open case…"), self.choose_case)
        menu.addAction(_("&Quit"), self.close)
        if case_dir is not None:
            self.open_case(case_dir)
        else:
            self.heading.setText(_("No case open. Use Case → Open case… to open a case folder."))

    def choose_case(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Open case folder"))
        if folder:
            self.open_case(Path(folder))

    def open_case(self, case_dir: Path) -> None:
        from victimkit.errors import VictimkitError
        from victimkit.store.case import CaseStore

        try:
            store = CaseStore.open(case_dir, read_only=True)
        except VictimkitError as exc:
            self.heading.setText(exc.message)
            return
        with store:
            info = store.info()
            items = store.list_evidence()
            thumbs = {ev.id: store.thumbnail_path(ev.sha256) for ev in items}
        self.case_dir = case_dir
        title = info.title or info.id
        self.setWindowTitle(f"{title} — victimkit")
        self.heading.setText(
            _("Case {id}: {title} — {n} item(s) of evidence, kept byte-exact.").format(
                id=info.id, title=title, n=len(items)
            )
        )
        self.gallery.clear()
        for ev in items:
            item = QListWidgetItem(f"{ev.exhibit}\n{ev.original_name}")
            thumb = thumbs[ev.id]
            if thumb.is_file():
                item.setIcon(QIcon(QPixmap(str(thumb))))
            item.setToolTip(f"{ev.original_name}\nSHA-256 {ev.sha256}")
            self.gallery.addItem(item)


def run_app(case_dir: Path | None) -> int:
    set_language(None)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("victimkit")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    window = MainWindow(case_dir)
    window.show()
    return app.exec()


def main() -> None:
    sys.exit(run_app(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
