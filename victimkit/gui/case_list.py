"""The case library: search, create, open, hand over as a bundle, erase after hand-over."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from victimkit.gui import backend
from victimkit.gui.models import ID_ROLE, CaseFilterModel, CaseListModel
from victimkit.gui.pages.stay_calm import COUNTRIES
from victimkit.gui.widgets import heading, para, show_error
from victimkit.gui.workers import ProgressPresenter, run_in_background, run_in_process
from victimkit.i18n import _, current_language


class NewCaseDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Start a new case"))
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        form.addRow(para(_("Only a name is needed now; everything can be changed later.")))
        self.victim = QLineEdit()
        self.victim.setObjectName("victimName")
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("e.g. fake customer service, 14 October"))
        self.contact = QLineEdit()
        self.country = QComboBox()
        for code, name in COUNTRIES:
            self.country.addItem(_(name), code)
        self.lang = QComboBox()
        self.lang.addItem(_("Chinese"), "zh")
        self.lang.addItem(_("English"), "en")
        self.lang.setCurrentIndex(0 if current_language() == "zh" else 1)
        form.addRow(_("Name of the person who was cheated"), self.victim)
        form.addRow(_("A short title (optional)"), self.title)
        form.addRow(_("Phone or e-mail (optional)"), self.contact)
        form.addRow(_("Country where it is reported"), self.country)
        form.addRow(_("Language of the dossier"), self.lang)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start the case"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict:
        return {
            "title": self.title.text().strip(),
            "victim_name": self.victim.text().strip(),
            "contact": self.contact.text().strip(),
            "country": self.country.currentData(),
            "lang_": self.lang.currentData(),
        }


class EraseDialog(QDialog):
    """Erasing cannot be undone: the person types the case number to confirm."""

    def __init__(self, entry: backend.CaseEntry, parent=None):
        super().__init__(parent)
        self.entry = entry
        self.setWindowTitle(_("Erase this case?"))
        self.setMinimumWidth(480)
        form = QFormLayout(self)
        form.addRow(
            para(
                _(
                    "Case {id} ({name}) was handed over. Erasing removes every file of it from "
                    "this computer and cannot be undone."
                ).format(id=entry.id, name=entry.victim_name or entry.title)
            )
        )
        form.addRow(para(_("To confirm, type the case number: {id}").format(id=entry.id)))
        self.confirm = QLineEdit()
        self.confirm.setObjectName("eraseConfirm")
        self.confirm.setAccessibleName(_("Case number"))
        form.addRow(self.confirm)
        buttons = QDialogButtonBox()
        self.erase_button = buttons.addButton(
            _("Erase"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        keep = buttons.addButton(_("Keep it"), QDialogButtonBox.ButtonRole.RejectRole)
        keep.setDefault(True)
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.confirm.textChanged.connect(
            lambda t: self.erase_button.setEnabled(t.strip().upper() == entry.id.upper())
        )
        form.addRow(buttons)

    def typed(self) -> str:
        return self.entry.id if self.confirm.text().strip().upper() == self.entry.id.upper() else ""


class CaseListPage(QWidget):
    case_chosen = Signal(Path)
    ask_again = Signal(Path, str)  # a locked case did not open: ask for the passcode again

    def __init__(self, library: Path | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("caseList")
        self.library = library
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(heading(_("Cases")))
        layout.addWidget(
            para(
                _(
                    "Each case keeps one person's evidence, untouched and sealed. "
                    "Start a new case, or open one to carry on where you left off."
                )
            )
        )
        top = QHBoxLayout()
        self.new_button = QPushButton(_("Start a new case"))
        self.new_button.setObjectName("newCase")
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self.new_case)
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(_("Search by name, title or case number…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search cases"))
        top.addWidget(self.new_button)
        top.addWidget(self.search, 1)
        layout.addLayout(top)

        self.model = CaseListModel(library, self)
        self.proxy = CaseFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.set_needle)
        self.table = QTableView()
        self.table.setObjectName("cases")
        self.table.setAccessibleName(_("Cases"))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self.open_selected)
        self.table.doubleClicked.connect(self.open_selected)
        layout.addWidget(self.table, 1)
        self.empty = para(_("No cases yet. Press “Start a new case” to begin."))
        # with no case the message takes the table's room: the rest stays packed at the top
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)

        row = QHBoxLayout()
        self.open_button = QPushButton(_("Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.handover_button = QPushButton(_("Hand over as one file…"))
        self.handover_button.clicked.connect(self.hand_over)
        self.erase_button = QPushButton(_("Erase from this computer…"))
        self.erase_button.setObjectName("eraseCase")
        self.erase_button.clicked.connect(self.erase)
        for b in (self.open_button, self.handover_button, self.erase_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.ask_again.connect(
            lambda path, problem: self.ask_passcode(
                path,
                _("That did not open the case; nothing was changed. {reason}").format(
                    reason=problem
                ),
            ),
            Qt.ConnectionType.QueuedConnection,
        )
        self.reload()

    # ----------------------------------------------------------------- list
    def reload(self) -> None:
        self.model.reload()
        self.empty.setVisible(self.model.rowCount() == 0)
        self.table.setVisible(self.model.rowCount() > 0)
        if self.proxy.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def selected_entry(self) -> backend.CaseEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        src = self.proxy.mapToSource(rows[0])
        return self.model.entry(src.row())

    def _update_buttons(self, *_a) -> None:
        e = self.selected_entry()
        ok = e is not None and not e.problem
        self.open_button.setEnabled(ok and not self.unlocking)
        self.open_button.setText(_("Open with passcode…") if ok and e.locked else _("Open"))
        self.handover_button.setEnabled(ok and not e.locked and backend.dossier_available())
        self.erase_button.setEnabled(ok and not e.locked and e.handed_over)
        self.erase_button.setToolTip(
            ""
            if (e and e.handed_over)
            else _("A case can be erased only after it was handed over.")
        )

    unlocking = False

    def open_selected(self, *_a) -> None:
        e = self.selected_entry()
        if e is None or e.problem:
            return
        if e.locked:
            self.ask_passcode(e.path)
        else:
            self.case_chosen.emit(e.path)

    # ----------------------------------------------------------------- locked cases
    def ask_passcode(self, locked_file: Path, problem: str = "") -> None:
        from victimkit.gui.widgets import PasscodeDialog

        dlg = PasscodeDialog(self, new=False, name=locked_file.name)
        if problem:
            dlg.problem.setText(problem)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.start_unlock(locked_file, dlg.passcode())

    def start_unlock(self, locked_file: Path, passcode: str):
        self.unlocking = True
        self._update_buttons()
        worker = run_in_background(
            backend.unlock_job,
            locked_file,
            passcode,
            on_finished=self._unlocked,
            on_failed=lambda exc, f=locked_file: self._unlock_failed(f, exc),
            label="unlock",
        )
        ProgressPresenter(worker, self, _("Opening the locked case…"))
        return worker

    def _unlocked(self, case_dir: Path) -> None:
        self.unlocking = False
        self.reload()
        self.case_chosen.emit(Path(case_dir))

    def _unlock_failed(self, locked_file: Path, exc) -> None:
        from victimkit.errors import CaseError

        self.unlocking = False
        self.reload()
        if isinstance(exc, CaseError) and locked_file.is_file():
            # a wrong passcode (or a damaged file): calm, nothing was changed, ask again
            self.last_unlock_problem = exc.message
            self.ask_again.emit(locked_file, exc.message)
        else:
            show_error(self, exc)

    last_unlock_problem = ""

    # ----------------------------------------------------------------- create
    def new_case(self) -> Path | None:
        dlg = NewCaseDialog(self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.create_case(**dlg.values())

    def create_case(self, **values) -> Path | None:
        try:
            path = backend.create_case(backend.new_case_folder(self.library), **values)
        except Exception as exc:
            show_error(self, exc)
            return None
        self.reload()
        self.case_chosen.emit(path)
        return path

    # ----------------------------------------------------------------- hand over and erase
    def hand_over(self) -> None:
        e = self.selected_entry()
        if e is None:
            return
        target, _f = QFileDialog.getSaveFileName(
            self, _("Save the case as one file"), str(Path.home() / f"{e.id}.zip"), "ZIP (*.zip)"
        )
        if not target:
            return
        receiver, ok = QInputDialog.getText(
            self,
            _("Who receives it?"),
            _("Who receives the case (name, organisation)? Optional, kept in the case's record."),
        )
        if ok:
            self.start_hand_over(e.path, Path(target), receiver.strip())

    def start_hand_over(self, case_dir: Path, target: Path, receiver: str = ""):
        worker = run_in_process(
            backend.bundle_job,
            case_dir,
            target,
            receiver,
            on_finished=self._handed_over,
            on_failed=lambda exc: (show_error(self, exc), self.reload()),
            label="bundle",
        )
        ProgressPresenter(worker, self, _("Writing the hand-over file…"))
        return worker

    def _handed_over(self, path: Path) -> None:
        self.reload()
        box = QMessageBox(QMessageBox.Icon.Information, _("Handed over"), "", parent=self)
        box.setText(
            _("The case was saved as {path}. You can now erase it from this computer.").format(
                path=path
            )
        )
        box.open()  # not exec(): never a nested event loop

    def erase(self) -> None:
        e = self.selected_entry()
        if e is None or not e.handed_over:
            return
        dlg = EraseDialog(e, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.erase_confirmed(e.path, dlg.typed())

    def erase_confirmed(self, case_dir: Path, confirm_id: str) -> bool:
        try:
            report = backend.erase_case(case_dir, confirm_id)
        except Exception as exc:
            show_error(self, exc)
            self.reload()
            return False
        self.reload()
        box = QMessageBox(QMessageBox.Icon.Information, _("Erased"), "", parent=self)
        box.setText(_("Case {id} was erased from this computer.").format(id=report.case_id))
        box.setDetailedText("\n".join(report.traces_removed))
        box.open()
        return True

    def select_path(self, path: Path) -> None:
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(ID_ROLE) == str(path):
                self.table.selectRow(r)
                return


__all__ = ["CaseListPage", "NewCaseDialog", "Qt"]
