"""The one worker helper: long work runs on a QThreadPool and reports back through signals.

``Worker`` wraps a plain core function ``fn(on_progress=..., cancel=...)``; the core's progress
callback (called on the worker thread) becomes the ``progressed`` signal, the return value the
``finished`` signal and an exception the ``failed`` signal. Signals are delivered on the GUI
thread (queued connections), so slots may touch widgets. Nothing in here touches a widget from
the worker thread.

Import, OCR and export run in a child process (``run_in_process``, see ``jobhost``): the worker
thread only relays its progress, so the GUI thread never waits for the interpreter lock behind
them. Case work goes to one serial pool per process (``case_pool``): one job at a time writes to a
case, and each job opens its own ``CaseStore`` on its own thread (SQLite connections are never
shared between threads). ``ProgressPresenter`` shows a progress dialog with Cancel only when
the work takes longer than ~600 ms, so quick work never flashes a window (as Anki does).
"""

from __future__ import annotations

import contextlib
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from victimkit.core.progress import CancelToken, Progress
from victimkit.errors import Cancelled
from victimkit.i18n import _

PROGRESS_DELAY_MS = 600
PROGRESS_EVERY_S = 0.05  # at most 20 progress signals a second reach the GUI thread

_case_pool: QThreadPool | None = None
_live: set[Worker] = set()  # keeps running workers (and their signal objects) alive
# Reads for the pages and thumbnails: kept alive too, but not "work under way" — closing a case
# neither cancels nor waits for them (their results are dropped once the case is closed).
_quiet: set[Worker] = set()


def _serial_pool(name: str) -> QThreadPool:
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    pool.setObjectName(name)
    return pool


def case_pool() -> QThreadPool:
    """The serial pool for work that writes to a case."""
    global _case_pool
    if _case_pool is None:
        _case_pool = _serial_pool("victimkit-case-pool")
    return _case_pool


_reader_pool: QThreadPool | None = None


def reader_pool() -> QThreadPool:
    """One thread for the pages' reads, in order; they never queue behind a long job."""
    global _reader_pool
    if _reader_pool is None:
        _reader_pool = _serial_pool("victimkit-reader-pool")
    return _reader_pool


_opener_pool: QThreadPool | None = None


def opener_pool() -> QThreadPool:
    """One thread that opens cases (store, crash clean-up, migrations), one after the other,
    never behind a long job of another case (a hand-over, a lock)."""
    global _opener_pool
    if _opener_pool is None:
        _opener_pool = _serial_pool("victimkit-opener-pool")
    return _opener_pool


def wait_for_workers(msecs: int = -1) -> bool:
    """Block until every worker has finished (used on exit and in tests)."""
    ok = True
    for pool in (_case_pool, _reader_pool, _opener_pool):
        if pool is not None:
            ok = pool.waitForDone(msecs) and ok
    ok = QThreadPool.globalInstance().waitForDone(msecs) and ok
    return ok


def cancel_all() -> None:
    for w in list(_live):
        w.cancel()


def running_workers() -> list[Worker]:
    return list(_live)


class WorkerSignals(QObject):
    progressed = Signal(object)  # Progress
    finished = Signal(object)  # the function's result
    failed = Signal(object)  # the exception (Cancelled when the person cancelled)
    done = Signal()  # after finished or failed, always


class Worker(QRunnable):
    """Runs ``fn(*args, on_progress=, cancel=, **kwargs)`` on a pool thread."""

    def __init__(
        self,
        fn: Callable[..., Any],
        *args,
        label: str = "",
        pass_progress: bool = True,
        **kwargs,
    ):
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.label = label
        self.pass_progress = pass_progress
        self.token = CancelToken()
        self.signals = WorkerSignals()
        self.traceback = ""
        self._last_report = 0.0

    # public
    def cancel(self) -> None:
        self.token.cancel()

    @property
    def progressed(self):
        return self.signals.progressed

    @property
    def finished(self):
        return self.signals.finished

    @property
    def failed(self):
        return self.signals.failed

    def start(self, pool: QThreadPool | None = None, *, quiet: bool = False) -> Worker:
        held = _quiet if quiet else _live
        held.add(self)
        self.signals.done.connect(lambda: held.discard(self))
        (pool or case_pool()).start(self)
        return self

    # on the worker thread
    def _report(self, p: Progress) -> None:
        now = time.monotonic()
        if p.done in (0, p.total) or now - self._last_report >= PROGRESS_EVERY_S:
            self._last_report = now
            self.signals.progressed.emit(p)

    def run(self) -> None:
        try:
            if self.pass_progress:
                result = self.fn(
                    *self.args, on_progress=self._report, cancel=self.token, **self.kwargs
                )
            else:
                result = self.fn(*self.args, **self.kwargs)
        except Cancelled as exc:
            self._emit(self.signals.failed, exc)
        except Exception as exc:  # shown to the person as a calm dialog with the details
            self.traceback = traceback.format_exc()
            exc.__dict__.setdefault("victimkit_traceback", self.traceback)
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.finished, result)
        self._emit(self.signals.done)

    @staticmethod
    def _emit(signal, *args) -> None:
        """Emit unless Qt has already deleted the signals' object (its case was closed meanwhile:
        nobody is left to tell, and late results are dropped by design)."""
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)


def run_in_background(
    fn: Callable[..., Any],
    *args,
    on_finished: Callable[[Any], None] | None = None,
    on_failed: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    label: str = "",
    pool: QThreadPool | None = None,
    pass_progress: bool = True,
    quiet: bool = False,
    **kwargs,
) -> Worker:
    worker = Worker(fn, *args, label=label, pass_progress=pass_progress, **kwargs)
    if on_progress:
        worker.progressed.connect(on_progress, Qt.ConnectionType.QueuedConnection)
    if on_finished:
        worker.finished.connect(on_finished, Qt.ConnectionType.QueuedConnection)
    if on_failed:
        worker.failed.connect(on_failed, Qt.ConnectionType.QueuedConnection)
    return worker.start(pool, quiet=quiet)


def call_in_child(fn: Callable[..., Any], *args, on_progress=None, cancel=None, **kwargs):
    """Run ``fn`` in the job host's child process (on a worker thread, which waits for it)."""
    from victimkit.gui.jobhost import job_host

    return job_host().call(fn, *args, on_progress=on_progress, cancel=cancel, **kwargs)


def run_in_process(fn: Callable[..., Any], *args, **kwargs) -> Worker:
    """``run_in_background`` for heavy case work: ``fn`` (a module-level function taking
    ``on_progress`` and ``cancel``) runs in the child process; same signals, same Cancel."""
    return run_in_background(call_in_child, fn, *args, **kwargs)


class ProgressPresenter(QObject):
    """A progress dialog with Cancel for one worker; appears only after PROGRESS_DELAY_MS."""

    def __init__(self, worker: Worker, parent: QWidget, title: str):
        super().__init__(parent)
        self.worker = worker
        self.dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self._cancel)
        self.dialog.reset()  # not shown until the first setValue after the delay
        self.dialog.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        self._timer.start(PROGRESS_DELAY_MS)
        self._title = title
        worker.progressed.connect(self._progress)
        worker.signals.done.connect(self._done)

    def _show(self) -> None:
        if self.worker in _live:
            self.dialog.show()

    def _progress(self, p: Progress) -> None:
        self.dialog.setMaximum(max(p.total, 1))
        self.dialog.setValue(min(p.done, max(p.total, 1)))
        if p.message:
            self.dialog.setLabelText(f"{self._title}\n{p.message}")

    def _cancel(self) -> None:
        self.worker.cancel()
        self.dialog.setLabelText(_("Stopping after the current file… everything so far is kept."))

    def _done(self) -> None:
        self._timer.stop()
        self.dialog.hide()
        self.dialog.deleteLater()
        self.deleteLater()
