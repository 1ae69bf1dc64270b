"""Collect evidence: drop, add, paste or capture; a gallery with each item's state; what is missing."""

from __future__ import annotations

import html
import tempfile
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QThreadPool, QTimer
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from victimkit.core.progress import Progress
from victimkit.gui import backend
from victimkit.gui.models import (
    ID_ROLE,
    STATE_LABELS,
    THUMB,
    EvidenceGalleryModel,
    KindFilterModel,
)
from victimkit.gui.pages import Page
from victimkit.gui.widgets import Card, DropZone, FlowLayout, para, show_error
from victimkit.gui.workers import run_in_background
from victimkit.i18n import N_, _

FILTERS = (
    ("", N_("All")),
    ("image", N_("Screenshots")),
    ("exports", N_("Chat and bill exports")),
    ("other", N_("Other files")),
    ("problem", N_("With a problem")),
)


def save_image_job(image: QImage, folder: Path, stem: str) -> Path:
    """Write a pasted or captured image as PNG (on a worker: encoding takes a moment)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.png"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.png"
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path


class CollectEvidencePage(Page):
    key = "collect_evidence"
    title_text = N_("Collect evidence")
    step_id = "collect_evidence"
    scrolls = False

    def build(self) -> None:
        self.body.addWidget(
            para(
                _(
                    "Add every screenshot, chat export and bill. The files are copied untouched and "
                    "sealed with a fingerprint (SHA-256); the text of screenshots is read in the background."
                )
            )
        )
        self.drop = DropZone(
            _("Drop screenshots, files or whole folders here — or use the buttons below.")
        )
        self.drop.files_dropped.connect(self.add_paths)
        self.body.addWidget(self.drop)

        buttons_row = QWidget()
        buttons = FlowLayout(buttons_row)
        self.add_files_button = QPushButton(_("Add files…"))
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button = QPushButton(_("Add a folder…"))
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.paste_button = QPushButton(_("Paste a screenshot (Ctrl+V)"))
        self.paste_button.clicked.connect(self.paste)
        self.capture_button = QPushButton(_("Capture the screen in 5 seconds"))
        self.capture_button.clicked.connect(self.capture_later)
        for b in (
            self.add_files_button,
            self.add_folder_button,
            self.paste_button,
            self.capture_button,
        ):
            buttons.addWidget(b)
        self.body.addWidget(buttons_row)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.session.cancel_all)
        progress_row.addWidget(self.progress_label, 2)
        progress_row.addWidget(self.progress, 3)
        progress_row.addWidget(self.cancel_button)
        self.progress_box = QWidget()
        self.progress_box.setLayout(progress_row)
        self.progress_box.hide()
        self.body.addWidget(self.progress_box)

        self.filters = QTabBar()
        self.filters.setAccessibleName(_("Show"))
        for _kind, label in FILTERS:
            self.filters.addTab(_(label))
        self.filters.currentChanged.connect(self._filter)
        self.body.addWidget(self.filters)

        self.model = EvidenceGalleryModel(self.session, self)
        self.proxy = KindFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.gallery = QListView()
        self.gallery.setObjectName("gallery")
        self.gallery.setAccessibleName(_("Evidence gallery"))
        self.gallery.setViewMode(QListView.ViewMode.IconMode)
        self.gallery.setIconSize(THUMB)
        # room for the two lines of text in the font in use: "E-012  <state>" and a file name
        # elided to 24 characters (measured, not averageCharWidth: a CJK font's average is
        # a wide glyph's, which spread the thumbnails far apart)
        fm = self.gallery.fontMetrics()
        text_w = max(
            fm.horizontalAdvance("Screenshot_20241…_MW.png"),
            *(fm.horizontalAdvance(f"E-000  {_(label)}") for label in STATE_LABELS.values()),
        )
        self.gallery.setGridSize(
            QSize(
                max(THUMB.width() + 24, text_w + 16),
                THUMB.height() + 2 * fm.lineSpacing() + 24,
            )
        )
        self.gallery.setMinimumHeight(THUMB.height() + 2 * fm.lineSpacing() + 40)  # one whole row
        self.gallery.setResizeMode(QListView.ResizeMode.Adjust)
        self.gallery.setMovement(QListView.Movement.Static)
        self.gallery.setUniformItemSizes(True)
        self.gallery.setWordWrap(True)
        self.gallery.setLayoutMode(QListView.LayoutMode.Batched)
        self.gallery.setBatchSize(100)
        self.gallery.setModel(self.proxy)
        self.gallery.activated.connect(self._open)
        # the gallery and, beside it, what is still missing: side by side the page fits a
        # 1280×800 screen without scrolling (one under the other it did not)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.gallery, 1)
        self.empty_hint = para(
            _("Nothing added yet. Start with the chat and the payment screenshots.")
        )
        left_box.addWidget(self.empty_hint)
        self.checklist = Card(_("What the police will ask for"), "calm")
        self.checklist_text = self.checklist.add_text("", rich=True)
        self.checklist.body.addStretch(1)
        side = QScrollArea()
        side.setObjectName("checklistScroll")
        side.setWidgetResizable(True)
        side.setFrameShape(QFrame.Shape.NoFrame)
        side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side.setWidget(self.checklist)
        em = self.fontMetrics().horizontalAdvance("M")
        side.setMinimumWidth(16 * em)
        side.setMaximumWidth(24 * em)
        self.checklist_box = side
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(left, 3)
        row.addWidget(side, 1)
        self.body.addLayout(row, 1)

        self.paste_shortcut = QShortcut(QKeySequence.StandardKey.Paste, self)
        self.paste_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.paste_shortcut.activated.connect(self.paste)

        s = self.session
        s.evidence_changed.connect(self.request_refresh)
        s.evidence_added.connect(self.model.request)
        s.ocr_state_changed.connect(self.model.request)
        s.facts_changed.connect(self.request_refresh)  # the checklist follows what was found
        self.model.changed.connect(lambda: self.empty_hint.setVisible(self.model.rowCount() == 0))
        s.busy_changed.connect(self._busy)
        s.import_finished.connect(self._import_report)
        self._workers = []
        self.refresh()

    # ----------------------------------------------------------------- data
    def refresh(self) -> None:
        """Both read on the reader thread. Evidence is only ever added: the gallery appends,
        keeping its scroll position and selection."""
        self.model.request()
        self.session.load("checklist", backend.evidence_checklist, on_done=self._checklist)

    def _checklist(self, items: list[dict]) -> None:
        if not items:
            self.checklist_box.hide()
            return
        self.checklist_box.show()
        marks = {"present": "✔", "missing": "☐", "bring_in_person": "➜"}
        rows = []
        for i in items:
            label = html.escape(i["label"])
            if i["status"] == "missing":
                label = f"<b>{label}</b>"
            rows.append(f"{marks.get(i['status'], '☐')} {label}")
        missing = sum(1 for i in items if i["status"] == "missing")
        head = (
            _("Still missing: {n}. Add these if you have them.").format(n=missing)
            if missing
            else _("You have everything the police usually ask for.")
        )
        self.checklist_text.setText(html.escape(head) + "<br>" + "<br>".join(rows))

    def _filter(self, n: int) -> None:
        self.proxy.set_kind(FILTERS[n][0])

    def _open(self, index) -> None:
        evidence_id = index.data(ID_ROLE)
        self.window_.show_page("evidence_viewer", evidence_id=evidence_id)

    # ----------------------------------------------------------------- adding
    def choose_files(self) -> None:
        files, _f = QFileDialog.getOpenFileNames(self, _("Choose the files to add"))
        if files:
            self.add_paths([Path(f) for f in files])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose a folder to add"))
        if folder:
            self.add_paths([Path(folder)])

    def add_paths(self, paths: list[Path]) -> None:
        worker = self.session.add_files(paths)
        worker.progressed.connect(self._progress)
        self.progress_label.setText(_("Keeping your files safe…"))
        self.progress.setRange(0, 0)
        self.progress_box.show()
        return worker

    def _progress(self, p: Progress) -> None:
        self.progress.setRange(0, max(p.total, 1))
        self.progress.setValue(p.done)

    def _busy(self, busy: bool) -> None:
        if busy:
            self.progress_box.show()
            for w in self.session.workers:
                if not getattr(w, "_page_hooked", False):
                    w._page_hooked = True
                    w.progressed.connect(self._progress)
                    if w.label == "ocr":
                        w.progressed.connect(
                            lambda _p: self.progress_label.setText(
                                _("Reading the text of the screenshots…")
                            )
                        )
        else:
            self.progress_box.hide()

    def _import_report(self, report) -> None:
        new = len(report.new_ids)
        dup = len(report.items) - new
        msg = _("{new} new item(s) kept, {dup} already present, {bad} could not be added.").format(
            new=new, dup=dup, bad=len(report.rejected)
        )
        self.window_.statusBar().showMessage(msg, 15000)
        if report.rejected:
            from victimkit.errors import VictimkitError

            details = "\n".join(e.message for e in report.rejected[:20])
            show_error(self, VictimkitError(details), title=_("Some files could not be added"))

    def paste(self) -> None:
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self.window_.statusBar().showMessage(_("There is no picture on the clipboard."), 6000)
            return
        self._save_and_add(image, "Clipboard")

    def _save_and_add(self, image: QImage, prefix: str) -> None:
        stem = f"{prefix}_{datetime.now():%Y%m%d-%H%M%S}"
        folder = Path(tempfile.gettempdir()) / "victimkit-captures"
        self._workers.append(
            run_in_background(
                save_image_job,
                image.copy(),
                folder,
                stem,
                pass_progress=False,
                pool=QThreadPool.globalInstance(),
                on_finished=lambda path: self.add_paths([path]),
                on_failed=lambda exc: show_error(self, exc),
            )
        )

    def capture_later(self) -> None:
        self.window_.showMinimized()
        QTimer.singleShot(5000, self._capture)

    def _capture(self) -> None:
        screen = QGuiApplication.primaryScreen()
        pixmap = screen.grabWindow(0) if screen else None
        self.window_.showNormal()
        self.window_.raise_()
        if pixmap is None or pixmap.isNull():
            self.window_.statusBar().showMessage(_("The screen could not be captured."), 6000)
            return
        self._save_and_add(pixmap.toImage(), "Screen")
