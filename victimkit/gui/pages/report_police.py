"""Report to the police: choose exhibits, make the dossier, preview it, print it, note the receipt."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QThreadPool
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QWidget,
)

from victimkit.gui import backend
from victimkit.gui.pages import Page
from victimkit.gui.pages.transactions import local_time
from victimkit.gui.widgets import Card, channel_label, para, show_error
from victimkit.gui.workers import ProgressPresenter, Worker, run_in_background, run_in_process
from victimkit.i18n import N_, _


class ReportPolicePage(Page):
    key = "report_police"
    title_text = N_("Report to the police")
    step_id = "report_police"

    def build(self) -> None:
        self.body.addWidget(self.step_summary())
        self.channels = Card(_("Where to report"), "urgent")
        self.body.addWidget(self.channels)

        make = Card(_("1. Make the dossier to print"), "calm")
        make.add_text(
            _(
                "Untick anything you do not want in the printout. The originals stay in the case either way."
            )
        )
        self.exhibits = QListWidget()
        self.exhibits.setObjectName("exhibits")
        self.exhibits.setAccessibleName(_("Exhibits"))
        self.exhibits.setMaximumHeight(160)
        make.add(self.exhibits)
        opts = QWidget()
        form = QHBoxLayout(opts)
        form.setContentsMargins(0, 0, 0, 0)
        self.lang_box = QComboBox()
        self.lang_box.setAccessibleName(_("Language of the dossier"))
        for code, label in (
            ("zh", _("Chinese")),
            ("en", _("English")),
            ("both", _("Chinese and English")),
        ):
            self.lang_box.addItem(label, code)
        self.paper_box = QComboBox()
        self.paper_box.setAccessibleName(_("Paper"))
        self.paper_box.addItem(_("A4"), "a4")
        self.paper_box.addItem(_("US Letter"), "letter")
        form.addWidget(para(_("Language:")))
        form.addWidget(self.lang_box)
        form.addWidget(para(_("Paper:")))
        form.addWidget(self.paper_box)
        form.addStretch(1)
        make.add(opts)
        row = QWidget()
        buttons = QHBoxLayout(row)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.export_button = QPushButton(_("Make the dossier (PDF)"))
        self.export_button.setObjectName("exportPdf")
        self.export_button.clicked.connect(self.export_pdf)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self.print_dossier)
        self.save_pdf_button = QPushButton(_("Save a copy of the PDF…"))
        self.save_pdf_button.clicked.connect(self.save_pdf)
        self.bundle_button = QPushButton(_("Save the evidence bundle (ZIP)…"))
        self.bundle_button.clicked.connect(self.save_bundle)
        # two short rows: one row of four is wider than a small screen with a large font
        for b in (self.export_button, self.print_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        make.add(row)
        row2 = QWidget()
        buttons2 = QHBoxLayout(row2)
        buttons2.setContentsMargins(0, 0, 0, 0)
        for b in (self.save_pdf_button, self.bundle_button):
            buttons2.addWidget(b)
        buttons2.addStretch(1)
        make.add(row2)
        self.progress = QProgressBar()
        self.progress.hide()
        make.add(self.progress)
        self.export_note = make.add_text("")
        self.body.addWidget(make)

        self.preview_card = Card(_("2. Check it before printing"), "calm")
        self.preview = QListWidget()
        self.preview.setObjectName("preview")
        self.preview.setViewMode(QListView.ViewMode.IconMode)
        self.preview.setIconSize(QSize(300, 424))
        self.preview.setResizeMode(QListView.ResizeMode.Adjust)
        self.preview.setMinimumHeight(460)
        self.preview.setMovement(QListView.Movement.Static)
        self.preview_card.add(self.preview)
        self.preview_card.hide()
        self.body.addWidget(self.preview_card)

        receipt = Card(_("3. After you reported"), "ok")
        rbox = QWidget()
        rform = QFormLayout(rbox)
        self.receipt_edit = QLineEdit()
        self.receipt_edit.setObjectName("receiptNumber")
        self.receipt_edit.setPlaceholderText(_("e.g. the number on the receipt (受案回执)"))
        self.station_edit = QLineEdit()
        rform.addRow(_("Police receipt or crime reference number"), self.receipt_edit)
        rform.addRow(_("Police station and officer (optional)"), self.station_edit)
        self.receipt_button = QPushButton(_("Save the number"))
        self.receipt_button.clicked.connect(self.save_receipt)
        rform.addRow(self.receipt_button)
        receipt.add(rbox)
        self.receipts = receipt.add_text("", selectable=True)
        self.body.addWidget(receipt)

        self.pdf_path: Path | None = None
        self.page_images: list[Path] = []
        self.worker: Worker | None = None
        self.session.evidence_changed.connect(self.request_refresh)
        self._dirty = True
        self._update_buttons()

    @property
    def out_dir(self) -> Path:
        return self.store.derived_dir / "dossier"

    @staticmethod
    def read(store) -> list[tuple[int, str]]:
        return [(ev.id, f"{ev.exhibit}  {ev.original_name}") for ev in store.list_evidence()]

    def show_data(self, exhibits: list[tuple[int, str]]) -> None:
        while self.channels.body.count() > 1:
            w = self.channels.body.takeAt(1).widget()
            if w is not None:
                w.deleteLater()
        self.channels.add(channel_label(backend.step_channels("report_police", self.country)))
        lang = self.session.row.get("lang") or "zh"
        self.lang_box.setCurrentIndex(max(self.lang_box.findData(lang), 0))
        checked = {
            self.exhibits.item(i).data(Qt.ItemDataRole.UserRole): self.exhibits.item(i).checkState()
            for i in range(self.exhibits.count())
        }
        self.exhibits.setUpdatesEnabled(False)
        self.exhibits.clear()
        for ev_id, label in exhibits:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, ev_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(checked.get(ev_id, Qt.CheckState.Checked))
            self.exhibits.addItem(item)
        self.exhibits.setUpdatesEnabled(True)
        existing = self.out_dir / "dossier.pdf"
        if self.pdf_path is None and existing.is_file():
            self.pdf_path = existing
        self._show_receipts()
        self._update_buttons()

    def _update_buttons(self) -> None:
        available = backend.dossier_available()
        self.export_button.setEnabled(available and self.worker is None)
        self.bundle_button.setEnabled(available and self.worker is None)
        have = self.pdf_path is not None and self.pdf_path.is_file()
        self.print_button.setEnabled(have and self.worker is None)
        self.save_pdf_button.setEnabled(have)
        if not available:
            self.export_note.setText(_("Making the dossier is not available in this version yet."))

    def chosen_exhibits(self) -> list[int]:
        return [
            self.exhibits.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.exhibits.count())
            if self.exhibits.item(i).checkState() == Qt.CheckState.Checked
        ]

    # ------------------------------------------------------------------ export
    def export_pdf(self, *, bundle: Path | None = None) -> Worker:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        pdf = self.out_dir / "dossier.pdf"
        self.progress.setRange(0, 0)
        self.progress.show()
        self.export_note.setText(_("Making the dossier… you can keep working."))
        self.worker = run_in_process(
            backend.export_job,
            self.session.case_dir,
            pdf,
            bundle_path=bundle,
            language=self.lang_box.currentData(),
            paper=self.paper_box.currentData(),
            exhibits=self.chosen_exhibits(),
            on_finished=self._exported,
            on_failed=self._failed,
            on_progress=self._progress,
            label="export",
        )
        ProgressPresenter(self.worker, self, _("Making the dossier…"))
        self._update_buttons()
        return self.worker

    def _progress(self, p) -> None:
        self.progress.setRange(0, max(p.total, 1))
        self.progress.setValue(p.done)

    def _failed(self, exc) -> None:
        from victimkit.errors import Cancelled

        self.worker = None
        self.progress.hide()
        self._update_buttons()
        if isinstance(exc, Cancelled):
            self.export_note.setText(exc.message)
        else:
            self.export_note.setText("")
            show_error(self, exc)

    def _exported(self, pdf: Path) -> None:
        self.pdf_path = Path(pdf)
        self.export_note.setText(_("The dossier is ready: {path}").format(path=self.pdf_path))
        self.worker = run_in_background(
            backend.render_pdf_pages_job,
            self.pdf_path,
            self.out_dir / "preview",
            on_finished=self._rendered,
            on_failed=self._failed,
            pool=QThreadPool.globalInstance(),
            label="preview",
        )

    def _rendered(self, pages: list[Path]) -> None:
        self.worker = None
        self.progress.hide()
        self.page_images = list(pages)
        self.preview.clear()
        for n, p in enumerate(self.page_images, 1):
            item = QListWidgetItem(_("Page {n}").format(n=n))
            item.setIcon(QPixmap(str(p)))
            self.preview.addItem(item)
        self.preview_card.show()
        self._update_buttons()
        self.window_.set_step_status(self.step_id, "doing")

    def save_pdf(self) -> None:
        if not self.pdf_path:
            return
        target, _f = QFileDialog.getSaveFileName(
            self,
            _("Save the dossier"),
            str(Path.home() / f"{self.session.info.id}.pdf"),
            "PDF (*.pdf)",
        )
        if target:
            shutil.copyfile(self.pdf_path, target)
            self.window_.statusBar().showMessage(_("Saved: {path}").format(path=target), 8000)

    def save_bundle(self) -> None:
        target, _f = QFileDialog.getSaveFileName(
            self,
            _("Save the evidence bundle"),
            str(Path.home() / f"{self.session.info.id}.zip"),
            "ZIP (*.zip)",
        )
        if target:
            self.export_pdf(bundle=Path(target))

    # ------------------------------------------------------------------ print
    def print_dossier(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if not self.pdf_path:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.session.info.id)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the dossier"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.worker = run_in_background(
            backend.render_pdf_pages_job,
            self.pdf_path,
            self.out_dir / "print",
            dpi=200,
            on_finished=lambda pages: self._paint(printer, pages),
            on_failed=self._failed,
            pool=QThreadPool.globalInstance(),
            label="print",
        )
        ProgressPresenter(self.worker, self, _("Preparing the pages for the printer…"))

    def _paint(self, printer, pages: list[Path]) -> None:
        self.worker = None
        painter = QPainter()
        if not painter.begin(printer):
            show_error(self, OSError(_("The printer could not be started.")))
            return
        for n, p in enumerate(pages):
            if n:
                printer.newPage()
            img = QImage(str(p))
            rect = painter.viewport()
            size = img.size().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(rect.x(), rect.y(), size.width(), size.height())
            painter.setWindow(img.rect())
            painter.drawImage(0, 0, img)
            painter.setViewport(rect)
        painter.end()
        self.window_.statusBar().showMessage(_("Sent to the printer."), 8000)
        self._update_buttons()

    # ------------------------------------------------------------------ receipt
    def save_receipt(self) -> None:
        number = self.receipt_edit.text().strip()
        if not number:
            self.receipt_edit.setFocus()
            return
        backend.record_police_receipt(self.store, number, self.station_edit.text().strip())
        self.receipt_edit.clear()
        self.station_edit.clear()
        self.window_.set_step_status(self.step_id, "done")
        self._show_status()
        self._show_receipts()

    def _show_receipts(self) -> None:
        rows = [a for a in backend.action_log(self.store) if a.get("kind") == "police_report"]
        self.receipts.setText(
            "\n".join(
                _("Receipt {n} · {station} · saved {at}").format(
                    n=a.get("ref", ""),
                    station=a.get("note") or "—",
                    at=local_time(a.get("at")),
                )
                for a in rows
            )
        )
