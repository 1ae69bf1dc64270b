"""One open case in the app: its GUI-thread store (reads and small corrections) and its jobs.

Long work (import, OCR, export) runs in the job host's child process, relayed by a worker
thread; it opens its own CaseStore there. Pages listen to the session's signals to refresh
themselves, and read what they show on reader threads (``load``) rather than on the GUI thread.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from victimkit.core.progress import Progress
from victimkit.errors import CaseError
from victimkit.gui import backend
from victimkit.gui.workers import (
    ProgressPresenter,
    Worker,
    reader_pool,
    run_in_background,
    run_in_process,
)
from victimkit.i18n import _
from victimkit.store.case import CaseStore


@dataclass
class OpenedCase:
    """A case opened on the opener thread, handed to the GUI thread (which alone uses it then)."""

    case_dir: Path
    store: CaseStore
    statuses: dict[str, str] = field(default_factory=dict)

    def discard(self) -> None:
        """Nobody wants it any more (closed or switched meanwhile): close the store."""
        self.store.close()


def open_case_job(case_dir: Path) -> OpenedCase:
    """On the opener thread (``workers.opener_pool``): everything slow about opening a case —
    the store (crash clean-up, migrations, sqlite-utils' first import of its plugins), the
    guide's knowledge and the steps' statuses, the job host's module — so that the GUI thread
    only builds widgets. The store is opened to be handed over to the GUI thread."""
    from victimkit.gui import jobhost
    from victimkit.gui.pages import page_classes

    backend.import_store_modules()  # sqlite-utils without numpy (the preload may not have run)
    page_classes()  # the pages' modules (the case list's preload may not have run: `gui DIR`)
    case_dir = Path(case_dir)
    try:
        store = CaseStore.open(case_dir, hand_over=True)
    except sqlite3.DatabaseError as exc:
        raise CaseError(
            _(
                "The case in {path} could not be read: its database is damaged ({error}). "
                "Nothing was changed."
            ).format(path=case_dir, error=exc)
        ) from exc
    try:
        backend.knowledge()
        statuses = backend.step_statuses(store)
        store.info()
        backend.remember_case(case_dir)
    except BaseException:
        store.close()
        raise
    jobhost.warm_up()  # the job process imports the pipeline while the person looks at the case
    return OpenedCase(case_dir, store, statuses)


def _read(case_dir: Path, fn, args: tuple):
    """On the reader thread: ``fn(store, *args)`` with a read-only store of its own."""
    with CaseStore.open(case_dir, read_only=True) as store:
        return fn(store, *args)


class CaseSession(QObject):
    evidence_changed = Signal()  # new items stored (a whole import, or a cancelled one)
    evidence_added = Signal()  # some items stored while an import is still running
    ocr_state_changed = Signal()  # items started or finished OCR
    facts_changed = Signal()  # transactions, identifiers, lines corrected or confirmed
    steps_changed = Signal()
    case_changed = Signal()  # the case's details (country, language…) changed
    busy_changed = Signal(bool)
    loads_settled = Signal()  # the last pending read (``load``) has been handed over
    import_finished = Signal(object)  # the intake's ImportReport
    ocr_finished = Signal(object)  # list of evidence ids read
    job_failed = Signal(object)  # exception
    status = Signal(str)  # a line for the status bar

    def __init__(
        self, case_dir: Path, parent: QObject | None = None, *, opened: OpenedCase | None = None
    ):
        """A session over ``opened`` (from ``open_case_job`` on the opener thread); without it
        the case is opened here, on the calling thread (scripts, tests)."""
        super().__init__(parent)
        self.case_dir = Path(case_dir)
        if opened is None:
            opened = open_case_job(self.case_dir)
        self.store = opened.store
        self.statuses = opened.statuses
        from victimkit.gui.pages.transactions import set_case_zone

        set_case_zone(self.store.case_row().get("timezone") or "UTC")
        self.ocr_waiting: list[int] = []  # queued for OCR, in order
        self.ocr_running: int | None = None
        self.workers: list[Worker] = []
        self.closed = False
        self.auto_read = True  # read the text of new screenshots right after they are stored
        self._ocr_refresh = QTimer(self)
        self._ocr_refresh.setSingleShot(True)
        self._ocr_refresh.setInterval(400)
        self._ocr_refresh.timeout.connect(self._emit_ocr_progress)
        self._added_timer = QTimer(self)  # at most one gallery update a second during an import
        self._added_timer.setSingleShot(True)
        self._added_timer.setInterval(1000)
        self._added_timer.timeout.connect(lambda: self.closed or self.evidence_added.emit())
        self._loads: dict[str, list] = {}  # key -> [generation, in flight, queued call]

    # ------------------------------------------------------------------ reads off the GUI thread
    def load(self, key: str, fn, *args, on_done) -> None:
        """Read ``fn(store, *args)`` on the reader thread (its own read-only store) and hand
        the result to ``on_done`` on the GUI thread. Loads of one ``key`` are coalesced: while
        one is in flight a new request waits, and only the newest is run and handed over."""
        if self.closed:
            return
        state = self._loads.setdefault(key, [0, False, None])
        if state[1]:
            state[2] = (fn, args, on_done)
            return
        state[0] += 1
        state[1] = True
        gen = state[0]
        run_in_background(
            _read,
            self.case_dir,
            fn,
            args,
            pass_progress=False,
            pool=reader_pool(),
            quiet=True,
            on_finished=lambda result: self._loaded(key, gen, result, on_done),
            on_failed=lambda exc: self._load_failed(key, gen, exc, fn, args, on_done),
        )

    @property
    def loading(self) -> bool:
        return any(state[1] for state in self._loads.values())

    def _settle(self, key: str) -> None:
        state = self._loads[key]
        state[1] = False
        queued, state[2] = state[2], None
        if queued is not None and not self.closed:
            fn, args, on_done = queued
            self.load(key, fn, *args, on_done=on_done)
        elif not self.loading:
            self.loads_settled.emit()

    def _loaded(self, key: str, gen: int, result, on_done) -> None:
        if self.closed:
            return
        if self._loads[key][0] == gen and self._loads[key][2] is None:
            on_done(result)
        self._settle(key)

    def _load_failed(self, key: str, gen: int, exc, fn, args, on_done) -> None:
        """A read that needs to write (or failed on its thread): done here instead."""
        if self.closed:
            return
        try:
            if self._loads[key][0] == gen and self._loads[key][2] is None:
                on_done(fn(self.store, *args))
        finally:
            self._settle(key)

    # ------------------------------------------------------------------ state
    @property
    def info(self):
        return self.store.info()

    @property
    def row(self) -> dict:
        return self.store.case_row()

    def close(self) -> None:
        """Cancel the work under way and close the store; late worker signals are ignored."""
        self.closed = True
        for w in list(self.workers):
            w.cancel()
        self._ocr_refresh.stop()
        self._added_timer.stop()
        self.store.close()

    @property
    def busy(self) -> bool:
        return bool(self.workers)

    def _track(self, worker: Worker) -> Worker:
        self.workers.append(worker)
        worker.signals.done.connect(lambda: self._untrack(worker))
        self.busy_changed.emit(True)
        return worker

    def _untrack(self, worker: Worker) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
        self.busy_changed.emit(self.busy)

    def cancel_all(self) -> None:
        for w in list(self.workers):
            w.cancel()

    # ------------------------------------------------------------------ import and OCR
    def add_files(self, paths: list[Path], parent: QWidget | None = None) -> Worker:
        worker = run_in_process(
            backend.import_job,
            self.case_dir,
            [Path(p) for p in paths],
            on_finished=self._imported,
            on_failed=self._failed,
            on_progress=self._import_progress,
            label="import",
        )
        if parent is not None:
            ProgressPresenter(worker, parent, _("Keeping your files safe…"))
        return self._track(worker)

    def _import_progress(self, p: Progress) -> None:
        if self.closed:
            return
        self.status.emit(
            _("Storing {done} of {total}: {name}").format(
                done=p.done, total=p.total, name=p.message
            )
            if p.message
            else ""
        )
        if not self._added_timer.isActive():
            self._added_timer.start()

    def _imported(self, report) -> None:
        if self.closed:
            return
        self._added_timer.stop()
        self.evidence_changed.emit()
        self.import_finished.emit(report)
        images = [i.evidence_id for i in report.items if not i.duplicate and i.kind == "image"]
        if images and self.auto_read and backend.ocr_available():
            self.read_text(images)

    def read_text(self, images: list[int], *, redo: bool = False) -> Worker | None:
        """OCR these images on a worker (the caller passes image ids only)."""
        if not images:
            return None
        self.ocr_waiting.extend(i for i in images if i not in self.ocr_waiting)
        self.ocr_running = images[0]
        self.ocr_state_changed.emit()
        worker = run_in_process(
            backend.ocr_job,
            self.case_dir,
            images,
            redo=redo,
            on_finished=self._ocr_done,
            on_failed=self._ocr_failed,
            on_progress=lambda p, ids=images: self._ocr_progress(ids, p),
            label="ocr",
        )
        worker.signals.done.connect(lambda ids=images: self._ocr_settle(ids))
        return self._track(worker)

    def _ocr_progress(self, ids: list[int], p: Progress) -> None:
        if self.closed:
            return
        self.ocr_running = ids[p.done] if p.done < len(ids) else None
        self.status.emit(
            _("Reading the text of the screenshots: {done} of {total}").format(
                done=p.done, total=p.total
            )
        )
        if not self._ocr_refresh.isActive():
            self._ocr_refresh.start()

    def _emit_ocr_progress(self) -> None:
        if self.closed:
            return
        self.ocr_state_changed.emit()

    def _ocr_settle(self, ids: list[int]) -> None:
        if self.closed:
            return
        self.ocr_waiting = [i for i in self.ocr_waiting if i not in ids]
        self.ocr_running = None
        self.ocr_state_changed.emit()
        self.facts_changed.emit()

    def _ocr_done(self, ids) -> None:
        if self.closed:
            return
        self.status.emit(_("The text of {n} screenshot(s) was read.").format(n=len(ids)))
        self.ocr_finished.emit(ids)

    def _ocr_failed(self, exc) -> None:
        self._failed(exc)

    def _failed(self, exc) -> None:
        if self.closed:
            return
        from victimkit.errors import Cancelled

        if isinstance(exc, Cancelled):
            self.status.emit(exc.message)
            self.evidence_changed.emit()
        else:
            self.job_failed.emit(exc)

    # ------------------------------------------------------------------ small writes
    def correct(self, table: str, row_id: int, field: str, value) -> None:
        self.store.correct(table, row_id, field, value)
        self.facts_changed.emit()

    def update_case(self, **fields) -> None:
        self.store.update_case(**fields)
        self.case_changed.emit()
