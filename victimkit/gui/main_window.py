"""The main window: the case library, and inside a case the guide's steps beside their pages."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from victimkit.errors import VictimkitError
from victimkit.gui import backend, workers
from victimkit.gui.case_list import CaseListPage
from victimkit.gui.pages import STATUS_LABELS, Page, page_classes
from victimkit.gui.session import CaseSession, OpenedCase, open_case_job
from victimkit.gui.widgets import PasscodeDialog, dark_palette, palette_hex, show_error
from victimkit.i18n import N_, _, current_language
from victimkit.paths import config_home

# The sidebar: (page key, numbered step label or None for a sub-page, the guide's step id)
SIDEBAR = (
    ("stay_calm", N_("Stay calm"), "act_now"),
    ("collect_evidence", N_("Collect evidence"), "collect_evidence"),
    ("evidence_viewer", N_("Look at one item"), None),
    ("transactions", N_("Money paid"), None),
    ("identifiers", N_("Their numbers and accounts"), None),
    ("messages", N_("The conversation"), None),
    ("timeline", N_("What happened when"), None),
    ("contact_platform", N_("Contact the platform"), "contact_platform"),
    ("legal_advice", N_("Get legal advice"), "legal_advice"),
    ("report_police", N_("Report to the police"), "report_police"),
    ("third_party", N_("Other official services"), "other_channels"),
    ("prevention", N_("Stop it happening again"), "prevent_repeat"),
)
STATUS_MARKS = {"todo": "○", "doing": "◐", "done": "✔", "skipped": "–"}

QUICK_EXIT_KEYS = ("F12", "Shift+Esc")
SHOW_OPENING_AFTER_MS = 300


PREFERRED_SIZE = QSize(1180, 780)
FRAME_ALLOWANCE = QSize(24, 56)  # the window manager's frame and title bar, a panel's margin


def initial_size() -> QSize:
    """The preferred size, or less on a small screen (1280×800, 1366×768 with a panel): the
    whole window, title bar included, stays on the screen. Pages scroll when it is small."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return PREFERRED_SIZE
    avail = screen.availableGeometry().size() - FRAME_ALLOWANCE
    return PREFERRED_SIZE.boundedTo(avail)


def settings() -> QSettings:
    return QSettings(str(config_home() / "gui.ini"), QSettings.Format.IniFormat)


class _LazyPages(dict):
    """The case's pages by key, each built the first time it is asked for."""

    def __init__(self, build: Callable[[str], Page]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> Page:
        page = self._build(key)
        self[key] = page
        return page


class _Opening:
    """One case being opened on the opener thread. Dropped (``cancelled``) when the person goes
    back to the list, opens another case or closes the window meanwhile: its store is then
    closed as soon as it arrives, and the window is not touched."""

    def __init__(self, window: MainWindow, case_dir: Path, page: str | None):
        self.window = window
        self.case_dir = case_dir
        self.page = page
        self.cancelled = False

    def _wanted(self) -> bool:
        # the window may be gone without a close (deleted with its parent, or by Qt at exit)
        return not self.cancelled and shiboken6.isValid(self.window)

    def finished(self, opened: OpenedCase) -> None:
        if self._wanted():
            self.window._opened(self, opened)
        else:
            opened.discard()

    def failed(self, exc: BaseException) -> None:
        if self._wanted():
            self.window._open_failed(self, exc)


class OpeningView(QWidget):
    """What the window shows while a case opens: a calm line and a busy bar."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("openingCase")
        box = QVBoxLayout(self)
        box.addStretch(2)
        self.label = QLabel(_("Opening the case…"))
        self.label.setObjectName("openingLabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.label.setFont(font)
        box.addWidget(self.label)
        self.note = QLabel(_("Everything in it is safe. This takes a moment with many items."))
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        box.addWidget(self.note)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(320)
        self.bar.setAccessibleName(_("Opening the case…"))
        box.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(3)
        # a quick opening shows a plain page; the words and the bar come only when it lasts
        # (as the progress dialogs do), so that nothing flashes
        for w in (self.label, self.note, self.bar):
            w.setVisible(False)
        QTimer.singleShot(SHOW_OPENING_AFTER_MS, self, self._reveal)

    def _reveal(self) -> None:
        for w in (self.label, self.note, self.bar):
            w.setVisible(True)


class MainWindow(QMainWindow):
    language_changed = Signal(str)
    quick_exited = Signal()
    case_opened = Signal(Path)  # the case is open and its first page shown
    case_open_failed = Signal(Path, str)  # the case did not open (the message shown)

    def __init__(
        self,
        case_dir: Path | None = None,
        *,
        library: Path | None = None,
        restore=True,
        page: str | None = None,
    ):
        super().__init__()
        self.library = library
        self.session: CaseSession | None = None
        self._opening: _Opening | None = None
        self.opening_view: OpeningView | None = None
        self.pages: dict[str, Page] = {}
        self.statuses: dict[str, str] = {}
        self.setWindowTitle("victimkit")
        self.setObjectName("mainWindow")
        self.resize(initial_size())
        self._after_finish = None
        self._finish_timer = QTimer(self)
        self._finish_timer.setInterval(100)
        self._finish_timer.timeout.connect(self._finish_tick)
        self.lock_worker = None
        self._build_toolbar()
        self._build_shortcuts()
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.case_list = CaseListPage(library)
        self.case_list.case_chosen.connect(self.open_case)
        self.stack.addWidget(self.case_list)
        self.case_view: QWidget | None = None
        self.statusBar()
        s = settings()
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and restore:
            self.restoreGeometry(geometry)
        if case_dir is not None:
            self.open_case(Path(case_dir), page)
        elif restore:
            last = s.value("last_case", "")
            if last and (Path(last) / "case.sqlite").is_file():
                self.open_case(Path(last))

    # ----------------------------------------------------------------- chrome
    def _build_toolbar(self) -> None:
        bar = QToolBar(_("Main"))
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.back_action = QAction(_("◀ All cases"), self)
        self.back_action.setToolTip(_("Back to the list of cases (Ctrl+L)"))
        self.back_action.setShortcut(QKeySequence("Ctrl+L"))
        self.back_action.triggered.connect(self.show_case_list)
        bar.addAction(self.back_action)
        self.case_label = QLabel()
        self.case_label.setObjectName("caseLabel")
        self.case_label.setContentsMargins(12, 0, 12, 0)
        bar.addWidget(self.case_label)
        self.finishing_label = QLabel()
        self.finishing_label.setObjectName("finishing")
        self.finishing_label.setStyleSheet("QLabel#finishing { font-weight: bold; }")
        self.finishing_action = bar.addWidget(self.finishing_label)
        self.finishing_action.setVisible(False)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.lang_box = QComboBox()
        self.lang_box.setObjectName("languageSwitch")
        self.lang_box.setAccessibleName("Language / 语言")
        self.lang_box.addItem("中文", "zh")
        self.lang_box.addItem("English", "en")
        self.lang_box.setCurrentIndex(0 if current_language() == "zh" else 1)
        self.lang_box.currentIndexChanged.connect(
            lambda _n: self.language_changed.emit(self.lang_box.currentData())
        )
        self.lock_action = QAction(_("Lock this case…"), self)
        self.lock_action.setToolTip(
            _("For shared computers: close the case and keep it encrypted under a passcode.")
        )
        self.lock_action.setEnabled(False)
        self.lock_action.triggered.connect(self.lock_case)
        bar.addAction(self.lock_action)
        bar.addWidget(self.lang_box)
        self.exit_button = QPushButton(_("Quick exit (F12)"))
        self.exit_button.setObjectName("quickExit")
        self.exit_button.setToolTip(_("Hides victimkit at once. Everything is already saved."))
        self.exit_button.setStyleSheet(
            "QPushButton#quickExit { background: #b3261e; color: white; font-weight: bold;"
            " padding: 4px 12px; border-radius: 4px; }"
        )
        self.exit_button.clicked.connect(self.quick_exit)
        bar.addWidget(self.exit_button)

    def _build_shortcuts(self) -> None:
        self._shortcuts = []
        for key in QUICK_EXIT_KEYS:
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.ApplicationShortcut)
            sc.activated.connect(self.quick_exit)
            self._shortcuts.append(sc)
        for n in range(1, 10):
            sc = QShortcut(QKeySequence(f"Alt+{n}"), self)
            sc.activated.connect(lambda n=n: self._jump(n))
            self._shortcuts.append(sc)

    def _jump(self, n: int) -> None:
        steps = [key for key, _label, step in SIDEBAR if step]
        if self.session is not None and n <= len(steps):
            self.show_page(steps[n - 1])

    # ----------------------------------------------------------------- cases
    def show_case_list(self) -> None:
        self.close_case(then=self._show_list_now)

    def _show_list_now(self) -> None:
        self.case_list.reload()
        self.stack.setCurrentWidget(self.case_list)
        self.case_list.table.setFocus()

    @property
    def finishing(self) -> bool:
        return self._finish_timer.isActive()

    def close_case(self, then=None) -> None:
        """Close the open case, then call ``then``. Never waits on the GUI thread: work under way
        is cancelled, the case view shows "finishing…", and the switch happens when the last
        worker has reported that it stopped (everything done so far is kept). A case still
        opening is dropped (its store is closed when the opener hands it over)."""
        if self.session is None:
            self._drop_opening()
            if then is not None:
                then()
            return
        self._after_finish = then
        if self.finishing:
            return
        if workers.running_workers():
            self.session.auto_read = False  # an import that ends now starts no new reading
            workers.cancel_all()
            if self.case_view is not None:
                self.case_view.setEnabled(False)
            self.finishing_label.setText(
                _("Finishing the current work… everything so far is kept.")
            )
            self.finishing_action.setVisible(True)
            self.statusBar().showMessage(self.finishing_label.text())
            self._finish_timer.start()
            return
        self._close_now()

    def _finish_tick(self) -> None:
        if workers.running_workers():
            workers.cancel_all()
            return
        self._finish_timer.stop()
        self.finishing_action.setVisible(False)
        self.statusBar().clearMessage()
        self._close_now()

    def _close_now(self) -> None:
        then, self._after_finish = self._after_finish, None
        if self.session is not None:
            if self.case_view is not None:
                self.stack.removeWidget(self.case_view)
                self.case_view.deleteLater()
                self.case_view = None
            self.pages = {}
            self.session.close()
            self.session.deleteLater()
            self.session = None
            self.setWindowTitle("victimkit")
            self.case_label.setText("")
            self.lock_action.setEnabled(False)
            settings().setValue("last_case", "")
        if then is not None:
            then()

    @property
    def opening(self) -> Path | None:
        """The case being opened (on the opener thread), if any."""
        return self._opening.case_dir if self._opening is not None else None

    def open_case(self, case_dir: Path, page: str | None = None) -> None:
        """Open a case (after closing the one open, which may first finish its work).

        The store is opened on the opener thread (crash clean-up, migrations); meanwhile the
        window shows "Opening the case…" and stays responsive. ``case_opened`` is emitted when
        the case is open, ``case_open_failed`` (after the error is shown) when it is not."""
        case_dir = Path(case_dir)
        if self.session is not None:
            self.close_case(then=lambda: self.open_case(case_dir, page))
            return
        if self._opening is not None and self._opening.case_dir == case_dir:
            self._opening.page = page or self._opening.page
            return
        self._drop_opening()
        ticket = _Opening(self, case_dir, page)
        self._opening = ticket
        self._show_opening()
        workers.run_in_background(
            open_case_job,
            case_dir,
            pass_progress=False,
            pool=workers.opener_pool(),
            quiet=True,
            # lambdas, not the ticket's bound methods: PySide holds those weakly, and a dropped
            # ticket must still close the store it receives
            on_finished=lambda opened: ticket.finished(opened),
            on_failed=lambda exc: ticket.failed(exc),
            label="open",
        )

    def _show_opening(self) -> None:
        if self.opening_view is None:
            self.opening_view = OpeningView()
            self.stack.addWidget(self.opening_view)
        self.stack.setCurrentWidget(self.opening_view)
        self.case_list.setEnabled(False)  # no second click on the list meanwhile
        self.statusBar().showMessage(_("Opening the case…"))

    def _hide_opening(self) -> None:
        self.case_list.setEnabled(True)
        if self.opening_view is not None:
            if self.stack.currentWidget() is self.opening_view:
                self.stack.setCurrentWidget(self.case_list)
            self.stack.removeWidget(self.opening_view)
            self.opening_view.deleteLater()
            self.opening_view = None
        self.statusBar().clearMessage()

    def _drop_opening(self) -> None:
        """Forget the case being opened (the opener's result is closed when it arrives)."""
        if self._opening is not None:
            self._opening.cancelled = True
            self._opening = None
            self._hide_opening()

    def _open_failed(self, ticket: _Opening, exc: BaseException) -> None:
        self._opening = None
        self._hide_opening()
        self.case_list.reload()
        show_error(self, exc)
        message = exc.message if isinstance(exc, VictimkitError) else str(exc)
        self.statusBar().showMessage(message)
        self.case_open_failed.emit(ticket.case_dir, message)

    def _opened(self, ticket: _Opening, opened: OpenedCase) -> None:
        self._opening = None
        case_dir, page = ticket.case_dir, ticket.page
        try:
            s = CaseSession(case_dir, self, opened=opened)
        except Exception as exc:  # its first reads failed: shown like any failure to open
            opened.discard()
            self._open_failed(ticket, exc)
            return
        self.session = s
        s.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        s.job_failed.connect(lambda exc: show_error(self, exc))
        self.statuses = dict(s.statuses)
        info = s.info
        title = info.title or info.victim_name or info.id
        self.setWindowTitle(f"{title} — victimkit")
        self.case_label.setText(
            _("Case {id} · {name}").format(id=info.id, name=info.victim_name or info.title)
        )
        self._build_case_view()
        self._hide_opening()
        self.lock_action.setEnabled(True)
        st = settings()
        st.setValue("last_case", str(Path(case_dir).absolute()))
        key = page or st.value(f"last_page/{info.id}", "") or self._first_page()
        self.show_page(key if key in {k for k, _l, _s in SIDEBAR} else "stay_calm")
        self.case_opened.emit(case_dir)

    # ----------------------------------------------------------------- passcode
    def lock_case(self) -> None:
        """Ask for a passcode, close the case, and replace its folder by one encrypted file."""
        if self.session is None:
            return
        dlg = PasscodeDialog(self, new=True, min_length=backend.min_passcode())
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        case_dir = self.session.case_dir
        passcode = dlg.passcode()
        self.close_case(then=lambda: self._lock_closed(case_dir, passcode))

    def _lock_closed(self, case_dir: Path, passcode: str) -> None:
        self._show_list_now()
        worker = workers.run_in_background(
            backend.lock_job,
            case_dir,
            passcode,
            on_finished=self._locked,
            on_failed=lambda exc: (show_error(self, exc), self.case_list.reload()),
            label="lock",
        )
        workers.ProgressPresenter(worker, self, _("Locking the case…"))
        self.lock_worker = worker

    def _locked(self, path: Path) -> None:
        self.lock_worker = None
        self.case_list.reload()
        self.statusBar().showMessage(
            _("The case is locked. Only its passcode opens it again."), 10000
        )

    def _first_page(self) -> str:
        return "collect_evidence" if self.statuses.get("act_now") == "done" else "stay_calm"

    def _build_case_view(self) -> None:
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("caseView")
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("steps")
        self.sidebar.setAccessibleName(_("Steps"))
        self.sidebar.setSpacing(2)
        font = self.sidebar.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.sidebar.setFont(font)
        self.page_stack = QStackedWidget()
        classes = {c.key: c for c in page_classes()}

        def build_page(key: str) -> Page:
            page = classes[key](self.session, self)
            self.page_stack.addWidget(page)
            return page

        # Pages are built when first shown (or asked for): building all twelve kept the GUI
        # thread busy ~0.2 s when a case opened.
        self.pages = _LazyPages(build_page)
        for key, _label, _step in SIDEBAR:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sidebar.addItem(item)
        self._label_sidebar()
        self.sidebar.currentRowChanged.connect(self._sidebar_changed)
        side = QWidget()
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(0, 0, 0, 0)
        side_box.addWidget(self.sidebar, 1)
        self.deadline_label = QLabel()
        self.deadline_label.setObjectName("deadlines")
        self.deadline_label.setWordWrap(True)
        self.deadline_label.setTextFormat(Qt.TextFormat.RichText)
        self.deadline_label.setContentsMargins(8, 6, 8, 8)
        self.deadline_label.setAccessibleName(_("Time limits"))
        side_box.addWidget(self.deadline_label)
        # wide enough for the longest step name in the font in use (a larger system font too)
        fm = self.sidebar.fontMetrics()
        longest = max(fm.horizontalAdvance(f"○  9. {_(label)}") for _k, label, _s in SIDEBAR)
        side.setMinimumWidth(max(230, longest + 40))
        side.setMaximumWidth(max(340, longest + 80))
        split.addWidget(side)
        split.addWidget(self.page_stack)
        self.session.facts_changed.connect(self.show_deadlines)
        self._deadline_timer = QTimer(self.deadline_label)
        self._deadline_timer.setInterval(60_000)
        self._deadline_timer.timeout.connect(self.show_deadlines)
        self._deadline_timer.start()
        self.show_deadlines()
        split.setStretchFactor(1, 1)
        self.case_view = split
        self.stack.addWidget(split)
        self.stack.setCurrentWidget(split)

    def show_deadlines(self) -> None:
        """The guide's time limits with the time left, under the steps (updated every minute;
        read on the reader thread)."""
        if self.session is None or self.session.closed:
            return
        self.session.load("deadlines", backend.deadlines, on_done=self._show_deadlines)

    def _show_deadlines(self, items: list[dict]) -> None:
        if self.session is None or self.session.closed:
            return
        if not items:
            self.deadline_label.hide()
            return
        rows = [f"<b>{html.escape(_('Time limits'))}</b>"]
        for d in items[:3]:
            colour = (
                palette_hex("WindowText")
                if dark_palette()
                else ("#5f6b7a" if d["passed"] else "#b3261e")
            )
            rows.append(
                f"{html.escape(d['title'])}<br>"
                f"<span style='color:{colour}; font-weight:bold'>{html.escape(d['left'])}</span>"
            )
        self.deadline_label.setText("<br>".join(rows))
        self.deadline_label.show()

    def _label_sidebar(self) -> None:
        n = 0
        for row, (_key, label, step) in enumerate(SIDEBAR):
            item = self.sidebar.item(row)
            if step:
                n += 1
                status = self.step_status(step)
                item.setText(f"{STATUS_MARKS[status]}  {n}. {_(label)}")
                item.setToolTip(_(STATUS_LABELS[status]) + f" (Alt+{n})")
                f = item.font()
                f.setBold(True)
                item.setFont(f)
            else:
                item.setText(f"        {_(label)}")

    def _sidebar_changed(self, row: int) -> None:
        if row < 0:
            return
        key = SIDEBAR[row][0]
        self.page_stack.setCurrentWidget(self.pages[key])
        if self.session is not None:
            settings().setValue(f"last_page/{self.session.info.id}", key)

    def show_page(self, key: str, **kwargs) -> Page:
        rows = [k for k, _l, _s in SIDEBAR]
        self.sidebar.setCurrentRow(rows.index(key))
        page = self.pages[key]
        if key == "evidence_viewer" and kwargs.get("evidence_id") is not None:
            page.show_evidence(kwargs["evidence_id"])
        return page

    def current_page(self) -> Page | None:
        return self.page_stack.currentWidget() if self.session else None

    # ----------------------------------------------------------------- steps
    def step_status(self, step_id: str | None) -> str:
        return self.statuses.get(step_id or "", "todo")

    def set_step_status(self, step_id: str | None, status: str) -> None:
        if not step_id or self.session is None or self.statuses.get(step_id) == status:
            return
        backend.set_step_status(self.session.store, step_id, status)
        self.statuses[step_id] = status
        self._label_sidebar()
        self.session.steps_changed.emit()

    # ----------------------------------------------------------------- safety
    def quick_exit(self) -> None:
        """Hide at once; stop work cleanly (everything kept is already saved), then quit."""
        for w in QApplication.topLevelWidgets():
            w.hide()
        self.quick_exited.emit()
        workers.cancel_all()
        settings().setValue("last_case", "")  # the next start shows the plain case list
        QTimer.singleShot(0, self._finish_quick_exit)

    def _finish_quick_exit(self) -> None:
        self._drop_opening()
        if workers.running_workers():
            QTimer.singleShot(100, self._finish_quick_exit)
            return
        if self.session is not None:
            self.session.close()
            self.session = None
        app = QApplication.instance()
        if app is not None and not getattr(self, "keep_app", False):
            app.quit()

    def closeEvent(self, event) -> None:
        settings().setValue("window/geometry", self.saveGeometry())
        self._finish_timer.stop()
        if self._opening is not None:
            self._opening.cancelled = True  # its store is closed when the opener is done
            self._opening = None
        if self.session is not None or workers.running_workers():
            self.hide()  # the window goes at once; the work under way stops cleanly behind it
            workers.cancel_all()
            workers.wait_for_workers(30000)
        if self.session is not None:
            self.session.close()
            self.session = None
        super().closeEvent(event)
