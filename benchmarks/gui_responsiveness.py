"""How responsive the app stays: the worst GUI-thread gap during a 500-screenshot import and
OCR, and the time to the first window.

    QT_QPA_PLATFORM=offscreen python benchmarks/gui_responsiveness.py [--count 500] [--no-ocr]

A heartbeat QTimer fires every 10 ms on the GUI thread; any gap between two beats longer than
that is time the GUI thread was busy (the issue's limit: 100 ms). The import goes through the
real main window's "Collect evidence" page, with the gallery visible, exactly as a person's
drop would. The corpus is the import benchmark's (benchmarks/import_bench.py makes it).
Start-up is measured in a fresh process: from interpreter start to the first window exposed.

The big case (500 screenshots with their OCR lines and payments, a 10,000-message chat export;
built once with the dossier benchmark's factory into benchmarks/out/gui_big_case/) is opened in
fresh processes under the same heartbeat: from the case list (the first open in the process,
then a reopen) and as `victimkit gui DIR` does; then every step page is shown as a click on the
sidebar shows it (the first time, and again: the worst gap per page), and items are opened in
the evidence viewer. Each phase gives its seconds, the process's and the GUI thread's CPU time
and the load average (the machine may be shared: CPU time is the steadier figure).

    QT_QPA_PLATFORM=offscreen python benchmarks/gui_responsiveness.py --open-only
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

STARTUP_SNIPPET = r"""
import time, os, sys
t0 = float(sys.argv[1])
from victimkit.gui.app import make_app
from victimkit.gui.main_window import MainWindow
from PySide6.QtCore import QTimer
app = make_app()
w = MainWindow(None, restore=False)
w.show()
def done():
    print(json.dumps({"first_window_s": time.time() - t0}))
    app.quit()
import json
QTimer.singleShot(0, done)
app.exec()
"""


def time_to_first_window(runs: int = 3) -> list[float]:
    out = []
    for _ in range(runs):
        env = dict(os.environ)
        env["VICTIMKIT_HOME"] = tempfile.mkdtemp(prefix="vk-start-")
        t0 = time.time()
        res = subprocess.run(
            [sys.executable, "-c", STARTUP_SNIPPET, str(t0)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        line = [x for x in res.stdout.splitlines() if x.startswith("{")][-1]
        out.append(json.loads(line)["first_window_s"])
    return out


def _schedstat() -> tuple[int, int]:
    """This thread's (time on a CPU, time waiting for one) in ns, from Linux's schedstat."""
    try:
        with open("/proc/thread-self/schedstat", "rb") as f:
            cpu, wait, _slices = f.read().split()
        return int(cpu), int(wait)
    except (OSError, ValueError):
        return 0, 0


class GcLog:
    """Garbage collections (any thread) that took > 5 ms: they hold the interpreter lock."""

    def __init__(self):
        self.spans: list[tuple[float, float, int]] = []
        self._start = 0.0
        gc.callbacks.append(self._cb)

    def _cb(self, phase: str, info: dict) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._start = now
        elif now - self._start > 0.005:
            self.spans.append((self._start, now, info.get("generation", -1)))

    def during(self, t0: float, t1: float) -> float:
        return sum(max(0.0, min(b, t1) - max(a, t0)) for a, b, _g in self.spans)


GC_LOG: GcLog | None = None


class Heartbeat:
    """A 10-ms QTimer on the GUI thread. A beat that comes late is a gap; for each gap longer
    than ATTRIBUTE_MS the GUI thread's own CPU time and run-queue wait (Linux schedstat) are
    recorded, and the watchdog's stack samples taken during it are attached: a gap with little
    CPU and no run-queue wait is the GUI thread blocked (the GIL, a lock, I/O); a gap full of
    CPU is work on the GUI thread (ours or Qt's); run-queue wait is a loaded machine."""

    ATTRIBUTE_MS = 50

    def __init__(self, interval_ms: int = 10):
        from PySide6.QtCore import QTimer

        self.interval = interval_ms / 1000
        self.gaps: list[float] = []
        self.times: list[float] = []  # when each gap ended, from start()
        self.long: list[dict] = []  # gaps > ATTRIBUTE_MS with their attribution
        self.last = time.perf_counter()
        self.t0 = self.last
        self.sched = _schedstat()
        self.watchdog: Watchdog | None = None
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.beat)

    def start(self) -> None:
        self.last = self.t0 = time.perf_counter()
        self.sched = _schedstat()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def reset(self) -> None:
        self.gaps.clear()
        self.times.clear()
        self.long.clear()

    def beat(self) -> None:
        now = time.perf_counter()
        sched = _schedstat()
        gap = now - self.last
        self.gaps.append(gap)
        self.times.append(now - self.t0)
        if gap * 1000 > self.ATTRIBUTE_MS:
            rec = {
                "at_s": round(self.last - self.t0, 2),
                "gap_ms": round(gap * 1000),
                "gui_cpu_ms": round((sched[0] - self.sched[0]) / 1e6),
                "gui_runqueue_ms": round((sched[1] - self.sched[1]) / 1e6),
            }
            if GC_LOG is not None:
                rec["gc_ms"] = round(GC_LOG.during(self.last, now) * 1000)
            if self.watchdog is not None:
                rec.update(self.watchdog.take(self.last))
            self.long.append(rec)
        self.last = now
        self.sched = sched

    def worst_ms(self) -> float:
        return max(self.gaps, default=0) * 1000

    def summary(self) -> dict:
        g = sorted(self.gaps)
        return {
            "beats": len(g),
            "worst_gap_ms": round(self.worst_ms(), 1),
            "p99_gap_ms": round(g[int(len(g) * 0.99)] * 1000, 1) if g else 0,
            "median_gap_ms": round(statistics.median(g) * 1000, 1) if g else 0,
            "gaps_over_100ms": sum(1 for x in g if x > 0.1),
            "gaps_over_50ms": sum(1 for x in g if x > 0.05),
            # the most CPU the GUI thread itself spent inside one gap (> 50 ms): the part of a
            # gap that is our work, not the wait for a CPU on a loaded machine
            "worst_gui_cpu_in_a_gap_ms": max((r["gui_cpu_ms"] for r in self.long), default=0),
            # the longest gaps first, each attributed (see the class docstring)
            "long_gaps": sorted(self.long, key=lambda r: -r["gap_ms"])[:12],
        }


HEAVY_MODULES = (
    "numpy",
    "cv2",
    "onnxruntime",
    "rapidocr",
    "PIL.Image",
    "jieba",
    "scipy",
    "shapely",
)
IDLE_FUNCS = {"wait", "_wait_for_tstate_lock", "select", "sleep", "get", "_worker", "poll"}


def _frames(frame, depth: int) -> list[str]:
    out = []
    while frame is not None and len(out) < depth:
        code = frame.f_code
        path = code.co_filename
        short = path.split("site-packages/")[-1].split("/work/main/")[-1]
        out.append(f"{code.co_name} ({short}:{frame.f_lineno})")
        frame = frame.f_back
    return out


class Watchdog(threading.Thread):
    """Samples every thread's Python stack every 5 ms while the heartbeat is late (> 30 ms),
    so that each long gap names what the GUI thread, and every other thread, was doing.

    The GUI thread's innermost Python frame is the benchmark's processEvents() when it is in
    Qt's C++ (layout, painting) or waiting for the GIL to enter a Python slot; the other
    threads' frames then show who ran Python meanwhile."""

    def __init__(self, hb: Heartbeat, late_ms: float = 30, period_ms: float = 5):
        super().__init__(name="watchdog", daemon=True)
        self.hb = hb
        hb.watchdog = self
        self.late = late_ms / 1000
        self.period = period_ms / 1000
        self.main = threading.main_thread().ident
        self.samples: dict[float, list[tuple[list[str], list[str]]]] = {}
        self.stopped = False

    def run(self) -> None:
        names = {}
        while not self.stopped:
            time.sleep(self.period)
            last = self.hb.last
            if time.perf_counter() - last < self.late:
                continue
            frames = sys._current_frames()
            if not names or any(i not in names for i in frames):
                names = {t.ident: t.name for t in threading.enumerate()}
            gui = _frames(frames.get(self.main), 8)
            others = []
            for ident, fr in frames.items():
                if ident in (self.main, self.ident):
                    continue
                top = _frames(fr, 3)
                if top and top[0].split(" ")[0] in IDLE_FUNCS:
                    continue  # waiting: not holding the GIL
                others.append(f"[{names.get(ident, f'Qt pool thread {ident}')}] " + " < ".join(top))
            self.samples.setdefault(last, []).append((gui, others))

    def take(self, last: float) -> dict:
        got = self.samples.pop(last, [])
        for k in [k for k in list(self.samples) if k < last]:
            self.samples.pop(k, None)
        gui = Counter(" < ".join(g[:4]) for g, _o in got)
        others = Counter(o for _g, os_ in got for o in os_)
        return {
            "samples": len(got),
            "gui_stack": [[n, s] for s, n in gui.most_common(3)],
            "other_threads": [[n, s] for s, n in others.most_common(4)],
        }


class ImportLog:
    """Which modules are imported during a phase, and on which thread (a module's execution
    and an extension's dlopen hold the GIL: a big import on a worker freezes the GUI thread)."""

    def __init__(self):
        self.events: list[tuple[str, str]] = []
        self.on = False
        log = self

        class Finder:
            @staticmethod
            def find_spec(name, path=None, target=None):
                if log.on and name not in sys.modules:
                    log.events.append((threading.current_thread().name, name))
                return None

        sys.meta_path.insert(0, Finder)

    def take(self) -> dict:
        tops = Counter()
        for thread, name in self.events:
            tops[(thread, name.split(".")[0])] += 1
        self.events.clear()
        return {
            "modules": sum(tops.values()),
            "by_package": [f"{t}: {p} ({n})" for (t, p), n in tops.most_common(12)],
        }


def run(count: int, ocr: bool) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="vk-gui-bench-"))
    os.environ["VICTIMKIT_HOME"] = str(tmp / "home")
    from benchmarks.import_bench import make_corpus
    from victimkit.gui import backend, workers
    from victimkit.gui.app import make_app
    from victimkit.gui.main_window import MainWindow

    files = make_corpus(count)[:count]
    backend.lean_process()  # as run_app does
    app = make_app()
    library = tmp / "library"
    library.mkdir(parents=True)
    w = MainWindow(None, library=library, restore=False)
    w.keep_app = True
    w.resize(1280, 800)
    w.show()
    w.case_list.create_case(
        title="bench", victim_name="bench", contact="", country="CN", lang_="zh"
    )
    _pump_until(app, lambda: w.session is not None)  # the case opens on the opener thread
    page = w.show_page("collect_evidence")
    session = w.session
    if not ocr:
        backend_ocr = backend.ocr_available
        backend.ocr_available = lambda: False
    phases: dict[str, dict] = {}
    global GC_LOG
    GC_LOG = GcLog()
    imports = ImportLog()
    before = set(sys.modules)
    hb = Heartbeat()
    dog = Watchdog(hb)
    dog.start()
    state = {"phase": "import", "t0": time.perf_counter(), "import_s": None, "ocr_s": None}

    def imported(_report):
        state["import_s"] = time.perf_counter() - state["t0"]
        phases["import"] = hb.summary()
        phases["import"]["imported_modules"] = imports.take()
        print(json.dumps({"import": phases["import"]}, indent=1), file=sys.stderr, flush=True)
        hb.reset()
        state["t1"] = time.perf_counter()

    session.import_finished.connect(imported)
    imports.on = True
    hb.start()
    page.add_paths(files)
    while state["import_s"] is None or session.busy:
        app.processEvents()
        time.sleep(0.002)
    # the refreshes after the last job (they may run on workers and come back later)
    settle = time.perf_counter()
    while time.perf_counter() - settle < 3:
        app.processEvents()
        time.sleep(0.002)
    if "t1" in state and backend.ocr_available() and ocr:
        state["ocr_s"] = time.perf_counter() - state["t1"]
        phases["ocr"] = hb.summary()
        phases["ocr"]["imported_modules"] = imports.take()
    hb.stop()
    imports.on = False
    # scroll through the gallery once (thumbnails load lazily off the GUI thread)
    hb2 = Heartbeat()
    dog.hb = hb2
    hb2.watchdog = dog
    hb2.start()
    t = time.perf_counter()
    bar = page.gallery.verticalScrollBar()
    while bar.value() < bar.maximum() and time.perf_counter() - t < 30:
        bar.setValue(bar.value() + 200)
        for _ in range(5):
            app.processEvents()
            time.sleep(0.004)
    hb2.stop()
    dog.stopped = True
    phases["gallery_scroll"] = hb2.summary()
    result = {
        "screenshots": len(files),
        "import_s": round(state["import_s"], 2),
        "ocr_s": round(state["ocr_s"], 2) if state["ocr_s"] else None,
        "ocr_available": backend.ocr_available() if ocr else False,
        "phases": phases,
        "gallery_items": page.model.rowCount(),
        # heavy modules the GUI process loaded while importing and reading (OCR runs in
        # worker processes: the GUI process should need none of these)
        "heavy_modules_in_gui_process": {
            m: ("loaded at start" if m in before else "loaded during the work")
            for m in HEAVY_MODULES
            if m in sys.modules
        },
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    w.close()
    workers.wait_for_workers()
    if not ocr:
        backend.ocr_available = backend_ocr
    return result


# ----------------------------------------------------------------------- a big case, opened
BIG_CASE = ROOT / "out" / "gui_big_case"


def big_case(exhibits: int, messages: int, rebuild: bool = False) -> Path:
    """A case with ``exhibits`` chat and payment screenshots (their OCR lines and payments
    stored) and a chat export of ``messages`` messages: the dossier benchmark's factory
    (tests/dossier/factory.py). Built once into benchmarks/out/gui_big_case/ and reused."""
    case = BIG_CASE / "case"
    params = BIG_CASE / "params.json"
    want = {"exhibits": exhibits, "messages": messages}
    if (
        not rebuild
        and case.is_dir()
        and params.is_file()
        and json.loads(params.read_text()) == want
    ):
        return case
    from tests.dossier.factory import make_case

    shutil.rmtree(BIG_CASE, ignore_errors=True)
    BIG_CASE.mkdir(parents=True)
    t = time.perf_counter()
    store = make_case(
        case, n_extra=max(0, exhibits - 5), chat_messages=messages, work=BIG_CASE / "phone"
    )
    store.close()
    shutil.rmtree(BIG_CASE / "phone", ignore_errors=True)
    params.write_text(json.dumps(want))
    print(f"built the big case in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    return case


def _pump(app, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.002)


def _pump_until(app, cond, timeout: float = 120) -> float:
    t0 = time.perf_counter()
    while not cond():
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError("the GUI did not get there in time")
        app.processEvents()
        time.sleep(0.002)
    return time.perf_counter() - t0


class Phase:
    """One measured action: a fresh heartbeat (with the watchdog), the process's CPU time (all
    its threads) and the GUI thread's own CPU time, and the machine's load."""

    def __init__(self, dog: Watchdog):
        self.dog = dog

    def __enter__(self) -> Phase:
        self.hb = Heartbeat()
        self.dog.hb = self.hb
        self.hb.watchdog = self.dog
        self.cpu0 = time.process_time()
        self.gui0 = _schedstat()[0]
        self.t0 = time.perf_counter()
        self.hb.start()
        return self

    def __exit__(self, *exc) -> None:
        self.hb.stop()
        self.result = self.hb.summary()
        self.result.update(
            {
                "seconds": round(time.perf_counter() - self.t0, 3),
                "process_cpu_s": round(time.process_time() - self.cpu0, 3),
                "gui_thread_cpu_s": round((_schedstat()[0] - self.gui0) / 1e9, 3),
                "load_average": [round(x, 2) for x in os.getloadavg()],
            }
        )


def _settled(w) -> bool:
    """The case is open, no read is pending, and a long chat has been laid out whole."""
    if w.session is None or w.opening is not None or w.session.loading:
        return False
    return not any(getattr(p, "filling", False) for p in list(w.pages.values()))


def _open_from_list(app, dog, w, case: Path) -> dict:
    """Open ``case`` as a click in the case list does; the phase's figures."""
    with Phase(dog) as ph:
        w.case_list.select_path(case)
        w.case_list.open_selected()
        opened = _pump_until(app, lambda: _settled(w))
        _pump(app, 1.0)  # what the first page reads and shows after
    ph.result["case_open_s"] = round(opened, 3)
    return ph.result


def open_child(library: Path, case: Path, mode: str) -> dict:
    """In a fresh process: open the big case as a person would (``list``: from the case list
    after the window has been up a moment; ``cli``: ``victimkit gui DIR``, the case opening as
    the window appears), reopen it, go through every step page, open items in the viewer."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer

    from victimkit.gui.app import make_app
    from victimkit.gui.main_window import SIDEBAR, MainWindow

    global GC_LOG
    GC_LOG = GcLog()
    imports = ImportLog()
    from victimkit.gui import backend as gui_backend

    gui_backend.lean_process()  # as run_app does
    app = make_app()
    dog = Watchdog(Heartbeat())
    dog.start()
    phases: dict[str, dict] = {}
    before = set(sys.modules)
    from victimkit.gui.app import start_preload

    if mode == "cli":
        imports.on = True
        with Phase(dog) as ph:
            w = MainWindow(case, library=library, restore=False)
            w.keep_app = True
            w.resize(1280, 800)
            w.show()
            QTimer.singleShot(0, lambda: start_preload(w))  # as run_app does
            opened = _pump_until(app, lambda: _settled(w))
            _pump(app, 1.0)  # what the first page reads and shows after
        ph.result["case_open_s"] = round(opened, 3)
        ph.result["imported_modules"] = imports.take()
        phases["open_from_command_line"] = ph.result
    else:
        w = MainWindow(None, library=library, restore=False)
        w.keep_app = True
        w.resize(1280, 800)
        w.show()
        QTimer.singleShot(0, lambda: start_preload(w))  # as run_app does once the window is up
        _pump(app, 3.0)  # the person reads the list
        imports.on = True
        phases["open_first"] = _open_from_list(app, dog, w, case)
        phases["open_first"]["imported_modules"] = imports.take()
    imports.on = False
    w.show_case_list()
    _pump_until(app, lambda: w.session is None)
    _pump(app, 0.5)
    phases["open_again"] = _open_from_list(app, dog, w, case)
    # every step page as a click on the sidebar shows it: the first time, and again
    for round_ in ("pages_first_show", "pages_again"):
        per_page, cpu_page, imports_page = {}, {}, {}
        imports.on = True
        with Phase(dog) as ph:
            for row, (key, _label, _step) in enumerate(SIDEBAR):
                worst0 = len(ph.hb.gaps)
                cpu0 = _schedstat()[0]
                w.sidebar.setCurrentRow(row)
                _pump_until(app, lambda: _settled(w))
                _pump(app, 0.4)
                per_page[key] = round(max(ph.hb.gaps[worst0:], default=0) * 1000, 1)
                cpu_page[key] = round((_schedstat()[0] - cpu0) / 1e6)
                got = imports.take()
                if got["modules"]:
                    imports_page[key] = got["by_package"]
        imports.on = False
        ph.result["worst_gap_ms_by_page"] = per_page
        # modules first imported while the page was shown (and the thread that imported them)
        ph.result["imported_modules_by_page"] = imports_page
        # the GUI thread's CPU time from the click until the page settled (+0.4 s of idling)
        ph.result["gui_thread_cpu_ms_by_page"] = cpu_page
        phases[round_] = ph.result
    # the evidence viewer on items (through the gallery's "look at this one")
    ids = [
        r[0]
        for r in w.session.store.db.execute(
            "SELECT id FROM evidence WHERE kind = 'image' ORDER BY id"
        ).fetchall()
    ]
    pick = ids[:: max(1, len(ids) // 8)][:8]
    with Phase(dog) as ph:
        for eid in pick:
            w.show_page("evidence_viewer", evidence_id=eid)
            _pump_until(app, lambda: _settled(w))
            _pump(app, 0.4)
    ph.result["items"] = len(pick)
    phases["evidence_viewer"] = ph.result
    dog.stopped = True
    store = w.session.store
    facts = {
        t: store.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("evidence", "messages", "ocr_lines", "transactions")
        if t in store.db.table_names()
    }
    out = {
        "mode": mode,
        "case": facts,
        "phases": phases,
        "heavy_modules_in_gui_process": {
            m: ("loaded at start" if m in before else "loaded during the work")
            for m in HEAVY_MODULES
            if m in sys.modules
        },
    }
    w.close()
    return out


def run_open(
    exhibits: int, messages: int, rebuild: bool = False, cold_knowledge: bool = False
) -> dict:
    """The big case, opened in fresh processes: from the case list, and from the command line.

    Each process has a home of its own. Unless ``cold_knowledge``, the home has already seen
    the shipped knowledge once (its schema check remembered, as on any start but the very
    first after an install or an update of the knowledge files)."""
    case = big_case(exhibits, messages, rebuild)
    out = {}
    for mode in ("list", "cli"):
        tmp = Path(tempfile.mkdtemp(prefix="vk-gui-open-"))
        library = tmp / "library"
        library.mkdir()
        copy = library / "case-big"
        shutil.copytree(case, copy)
        env = {**os.environ, "VICTIMKIT_HOME": str(tmp / "home")}
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT.parent), env.get("PYTHONPATH", "")])
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        if not cold_knowledge:
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "from victimkit.guide.knowledge import load_knowledge as k; k()",
                ],
                env=env,
                check=True,
            )
        res = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--open-child",
                str(library),
                str(copy),
                mode,
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        lines = [x for x in res.stdout.splitlines() if x.startswith("{")]
        if res.returncode != 0 or not lines:
            raise RuntimeError(f"the {mode} run failed:\n{res.stderr[-4000:]}")
        out[mode] = json.loads(lines[-1])
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--no-ocr", action="store_true")
    ap.add_argument("--startup-runs", type=int, default=3)
    ap.add_argument(
        "--open-only", action="store_true", help="only the big case's opening and pages"
    )
    ap.add_argument("--skip-open", action="store_true", help="no big-case phases")
    ap.add_argument("--open-exhibits", type=int, default=500)
    ap.add_argument("--open-messages", type=int, default=10_000)
    ap.add_argument("--rebuild", action="store_true", help="build the big case again")
    ap.add_argument(
        "--cold-knowledge",
        action="store_true",
        help="big case: a home that has never checked the knowledge's schema (a first start)",
    )
    ap.add_argument(
        "--open-child", nargs=3, metavar=("LIBRARY", "CASE", "MODE"), help=argparse.SUPPRESS
    )
    args = ap.parse_args()
    if args.open_child:
        library, case, mode = args.open_child
        print(json.dumps(open_child(Path(library), Path(case), mode)), flush=True)
        os._exit(0)
    res: dict = {}
    if not args.open_only:
        starts = time_to_first_window(args.startup_runs)
        res = run(args.count, not args.no_ocr)
        res["first_window_s"] = [round(s, 2) for s in starts]
    if not args.skip_open:
        res["big_case"] = run_open(
            args.open_exhibits, args.open_messages, args.rebuild, args.cold_knowledge
        )
    print(json.dumps(res, indent=2), flush=True)
    os._exit(0)  # skip interpreter teardown of Qt objects


if __name__ == "__main__":
    main()
