"""Long case work (import, OCR and analysis, export) in a child process, not in the GUI's.

Why: a Python thread shares the interpreter lock with the GUI thread. Importing the pipeline
(module execution, the dlopen of big extension modules), decoding and hashing 500 files with a
Python loop around each, storing OCR results and analysing the case all hold that lock for
stretches the GUI thread then waits out — on a loaded machine the holder is also pre-empted
while it holds the lock, and the window freezes for hundreds of milliseconds. A child process
has its own interpreter: the GUI process only relays progress. The child also runs at a lower
priority (nice 10, inherited by its OCR processes), so that on a busy machine the GUI thread
does not wait in the run queue behind our own import and OCR threads.

``JobHost.call(fn, ...)`` runs ``fn(*args, on_progress=, cancel=, **kwargs)`` (a module-level
function, named by module and name) in the one child process and returns its result; progress
comes back as it happens, ``cancel`` is passed on, an exception is raised again here. It is
called from a worker thread (``workers.Worker`` with ``in_process=True``), never from the GUI
thread: it waits on the pipe with the lock released. One job at a time (the case pool is
serial; a lock guards it anyway). The child is started on first use, or early by ``warm_up``
(when a case opens), and imports the pipeline then; it exits when its pipe closes, so it never
outlives the app. This module imports no Qt (the child must not load it).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import pickle
import subprocess
import sys
import threading
import traceback
from multiprocessing.connection import Connection
from typing import Any

from victimkit.core.progress import CancelToken
from victimkit.errors import VictimkitError
from victimkit.i18n import _, current_language, set_language

# What the child imports while it waits for its first job.
WARM_MODULES = (
    "victimkit.gui.backend",
    "victimkit.intake.files",
    "victimkit.ocr.run",
    "victimkit.analysis.analyse",
)
ENV_PREFIX = "VICTIMKIT_"


# ------------------------------------------------------------------ pickling (both sides)
def _rebuild_exception(cls, args, state):
    exc = cls.__new__(cls)
    exc.args = args
    exc.__dict__.update(state)
    return exc


class _Pickler(pickle.Pickler):
    """Exceptions travel as their class, args and attributes: ``EvidenceFileError(path,
    reason)`` (inside an import report) cannot be rebuilt by calling its class with its args."""

    def reducer_override(self, obj):
        if isinstance(obj, BaseException):
            return _rebuild_exception, (type(obj), obj.args, dict(obj.__dict__))
        return NotImplemented


def dumps(obj) -> bytes:
    import io

    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buf.getvalue()


def _error_message(exc: BaseException, tb: str) -> bytes:
    """An exception that does not pickle arrives as a VictimkitError with its text."""
    try:
        return dumps(exc)
    except Exception:
        plain = VictimkitError(str(exc) or type(exc).__name__)
        plain.victimkit_traceback = tb
        return dumps(plain)


# ------------------------------------------------------------------ the child
class _ChildCancel(CancelToken):
    """The job's cancel token in the child; ``is_set`` lets it stand in for a threading.Event."""

    def is_set(self) -> bool:
        return self.cancelled


NICENESS = 10  # the child yields the CPU to the GUI process (its OCR processes inherit it)


def _child_main(read_fd: int, write_fd: int) -> None:
    with contextlib.suppress(OSError, AttributeError):
        os.nice(NICENESS)
    inbox = Connection(read_fd, writable=False)
    outbox = Connection(write_fd, readable=False)
    send_lock = threading.Lock()

    def send(*msg) -> None:
        data = dumps(msg)
        with send_lock:
            outbox.send_bytes(data)

    jobs: dict[int, _ChildCancel] = {}

    def run(job_id: int, target: str, args, kwargs, env: dict, lang: str) -> None:
        token = jobs[job_id]
        try:
            for k in [k for k in os.environ if k.startswith(ENV_PREFIX) and k not in env]:
                del os.environ[k]
            os.environ.update(env)
            set_language(lang)
            module, name = target.split(":")
            fn = getattr(importlib.import_module(module), name)
            result = fn(
                *args, on_progress=lambda p: send("progress", job_id, p), cancel=token, **kwargs
            )
        except BaseException as exc:  # everything goes back to the GUI, which shows it calmly
            tb = traceback.format_exc()
            exc.__dict__.setdefault("victimkit_traceback", tb)
            data = _error_message(exc, tb)
            with send_lock:
                outbox.send_bytes(dumps(("failed", job_id, data)))
        else:
            try:
                send("done", job_id, result)
            except Exception as exc:  # a result that does not pickle
                tb = traceback.format_exc()
                with send_lock:
                    outbox.send_bytes(dumps(("failed", job_id, _error_message(exc, tb))))
        finally:
            jobs.pop(job_id, None)

    def warm() -> None:
        for name in WARM_MODULES:
            with contextlib.suppress(ImportError):
                importlib.import_module(name)
        # The PNG kernel (numba: ~1 CPU-s to load) loads now, while the person looks at the case,
        # so that the first files of an import already take the fast path.
        with contextlib.suppress(Exception):
            importlib.import_module("victimkit.intake.pngfast").prepare()

    threading.Thread(target=warm, name="warm-up", daemon=True).start()
    threads: list[threading.Thread] = []
    while True:
        try:
            msg = pickle.loads(inbox.recv_bytes())
        except (EOFError, OSError):
            break  # the app has gone: stop the work under way (what is finished is kept)
        kind = msg[0]
        if kind == "call":
            _kind, job_id, target, args, kwargs, env, lang = msg
            jobs[job_id] = _ChildCancel()
            t = threading.Thread(
                target=run, args=(job_id, target, args, kwargs, env, lang), name=f"job-{job_id}"
            )
            t.start()
            threads.append(t)
        elif kind == "cancel":
            token = jobs.get(msg[1])
            if token is not None:
                token.cancel()
        elif kind == "ping":
            send("pong", msg[1])
        elif kind == "quit":
            break
    for token in list(jobs.values()):
        token.cancel()
    for t in threads:
        t.join()
    os._exit(0)


# ------------------------------------------------------------------ the parent
class JobHostDied(VictimkitError):
    pass


class JobHost:
    """The GUI process's handle on the child (see the module docstring)."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.inbox: Connection | None = None
        self.outbox: Connection | None = None
        self._start_lock = threading.Lock()
        self._call_lock = threading.Lock()
        self._next_id = 0

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        with self._start_lock:
            if self.running():
                return
            self._close_pipes()
            to_child_r, to_child_w = os.pipe()
            from_child_r, from_child_w = os.pipe()
            cmd = [
                sys.executable,
                "-c",
                "import sys; from victimkit.gui.jobhost import _child_main;"
                " _child_main(int(sys.argv[1]), int(sys.argv[2]))",
                str(to_child_r),
                str(from_child_w),
            ]
            try:
                self.proc = subprocess.Popen(
                    cmd, pass_fds=(to_child_r, from_child_w), close_fds=True
                )
            finally:
                os.close(to_child_r)
                os.close(from_child_w)
            self.outbox = Connection(to_child_w, readable=False)
            self.inbox = Connection(from_child_r, writable=False)

    def _close_pipes(self) -> None:
        for conn in (self.inbox, self.outbox):
            if conn is not None:
                with contextlib.suppress(OSError):
                    conn.close()
        self.inbox = self.outbox = None

    def call(
        self,
        fn,
        *args,
        on_progress=None,
        cancel=None,
        **kwargs,
    ) -> Any:
        """Run ``fn`` in the child; blocks the calling (worker) thread, never the GUI thread."""
        target = f"{fn.__module__}:{fn.__name__}"
        env = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
        with self._call_lock:
            self.start()
            self._next_id += 1
            job_id = self._next_id
            try:
                self.outbox.send_bytes(
                    dumps(("call", job_id, target, args, kwargs, env, current_language()))
                )
            except OSError as exc:
                raise self._died() from exc
            cancel_sent = False
            while True:
                if cancel is not None and cancel.cancelled and not cancel_sent:
                    with contextlib.suppress(OSError):
                        self.outbox.send_bytes(dumps(("cancel", job_id)))
                    cancel_sent = True
                try:
                    if not self.inbox.poll(0.1):
                        if not self.running():
                            raise self._died()
                        continue
                    msg = pickle.loads(self.inbox.recv_bytes())
                except (EOFError, OSError) as exc:
                    raise self._died() from exc
                kind, mid = msg[0], msg[1]
                if mid != job_id:
                    continue
                if kind == "progress":
                    if on_progress is not None:
                        on_progress(msg[2])
                elif kind == "done":
                    return msg[2]
                elif kind == "failed":
                    raise pickle.loads(msg[2])

    def _died(self) -> JobHostDied:
        code = self.proc.poll() if self.proc is not None else None
        self._close_pipes()
        self.proc = None
        return JobHostDied(
            _(
                "The background work stopped unexpectedly (exit code {code}). Everything "
                "finished before that is kept; try again."
            ).format(code=code)
        )

    def stop(self, timeout: float = 10) -> None:
        """Ask the child to finish (it cancels its job) and wait for it."""
        proc = self.proc
        if proc is None:
            return
        with contextlib.suppress(OSError):
            if self.outbox is not None:
                self.outbox.send_bytes(dumps(("quit",)))
        self._close_pipes()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        self.proc = None


_host: JobHost | None = None


def job_host() -> JobHost:
    global _host
    if _host is None:
        _host = JobHost()
        atexit.register(_host.stop)
    return _host


def warm_up() -> None:
    """Start the child now (it imports the pipeline while the person looks at the case)."""
    threading.Thread(target=job_host().start, name="job-host-start", daemon=True).start()


def echo_job(value, *, steps: int = 0, fail: str = "", on_progress=None, cancel=None):
    """A job that proves the way there and back (tests, a health check): reports ``steps``
    progress, honours Cancel, raises a VictimkitError ``fail`` when given, returns
    ``(value, the process id it ran in)``."""
    import time

    from victimkit.core.progress import Progress

    for n in range(steps):
        if cancel is not None:
            cancel.check()
        if on_progress is not None:
            on_progress(Progress(n + 1, steps, str(n)))
        time.sleep(0.01)
    if fail:
        from victimkit.errors import EvidenceFileError

        raise EvidenceFileError("file.png", fail)
    return value, os.getpid()
