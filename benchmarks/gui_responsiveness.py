"""How responsive the app stays: the worst GUI-thread gap during a 500-screenshot import and
OCR, and the time to the first window.

    QT_QPA_PLATFORM=offscreen python benchmarks/gui_responsiveness.py [--count 500] [--no-ocr]

A heartbeat QTimer fires every 10 ms on the GUI thread; any gap between two beats longer than
that is time the GUI thread was busy (the issue's limit: 100 ms). The import goes through the
real main window's "Collect evidence" page, with the gallery visible, exactly as a person's
drop would. The corpus is the import benchmark's (benchmarks/import_bench.py makes it).
Start-up is measured in a fresh process: from interpreter start to the first window exposed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
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


class Heartbeat:
    def __init__(self, interval_ms: int = 10):
        from PySide6.QtCore import QTimer

        self.interval = interval_ms / 1000
        self.gaps: list[float] = []
        self.times: list[float] = []  # when each gap ended, from start()
        self.last = time.perf_counter()
        self.t0 = self.last
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.beat)

    def start(self) -> None:
        self.last = self.t0 = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.times.append(now - self.t0)
        self.last = now

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
            # where the long gaps were (seconds into the run), to find what caused them
            "long_gaps_at_s": [
                [round(t, 1), round(x * 1000)]
                for x, t in zip(self.gaps, self.times, strict=True)
                if x > 0.1
            ][:20],
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
    page = w.show_page("collect_evidence")
    session = w.session
    if not ocr:
        backend_ocr = backend.ocr_available
        backend.ocr_available = lambda: False
    phases: dict[str, dict] = {}
    hb = Heartbeat()
    state = {"phase": "import", "t0": time.perf_counter(), "import_s": None, "ocr_s": None}

    def imported(_report):
        state["import_s"] = time.perf_counter() - state["t0"]
        phases["import"] = hb.summary()
        hb.gaps.clear()
        hb.times.clear()
        state["t1"] = time.perf_counter()

    session.import_finished.connect(imported)
    hb.start()
    page.add_paths(files)
    while state["import_s"] is None or session.busy:
        app.processEvents()
        time.sleep(0.002)
    if "t1" in state and backend.ocr_available() and ocr:
        state["ocr_s"] = time.perf_counter() - state["t1"]
        phases["ocr"] = hb.summary()
    hb.stop()
    # scroll through the gallery once (thumbnails load lazily off the GUI thread)
    hb2 = Heartbeat()
    hb2.start()
    t = time.perf_counter()
    bar = page.gallery.verticalScrollBar()
    while bar.value() < bar.maximum() and time.perf_counter() - t < 30:
        bar.setValue(bar.value() + 200)
        for _ in range(5):
            app.processEvents()
            time.sleep(0.004)
    hb2.stop()
    phases["gallery_scroll"] = hb2.summary()
    result = {
        "screenshots": len(files),
        "import_s": round(state["import_s"], 2),
        "ocr_s": round(state["ocr_s"], 2) if state["ocr_s"] else None,
        "ocr_available": backend.ocr_available() if ocr else False,
        "phases": phases,
        "gallery_items": page.model.rowCount(),
    }
    w.close()
    workers.wait_for_workers()
    if not ocr:
        backend.ocr_available = backend_ocr
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--no-ocr", action="store_true")
    ap.add_argument("--startup-runs", type=int, default=3)
    args = ap.parse_args()
    starts = time_to_first_window(args.startup_runs)
    res = run(args.count, not args.no_ocr)
    res["first_window_s"] = [round(s, 2) for s in starts]
    print(json.dumps(res, indent=2), flush=True)
    os._exit(0)  # skip interpreter teardown of Qt objects


if __name__ == "__main__":
    main()
